/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/ruleset.c: storage, validation, tables with longest-prefix
 * match and negation, skip steps and the index.
 */
#include <stdio.h>

#include "fixtures.h"

static void
test_tpf_ruleset_init__bad_storage(void **state)
{
	struct tpf_ruleset rs;

	(void)state;
	assert_int_equal(tpf_ruleset_init(NULL, h_rules, 4, NULL, 0, NULL, 0,
					  h_index, TPF_INDEX_WORDS(4)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_ruleset_init(&rs, NULL, 4, NULL, 0, NULL, 0,
					  h_index, TPF_INDEX_WORDS(4)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_ruleset_init(&rs, h_rules, 4, NULL, 0, NULL, 0,
					  NULL, TPF_INDEX_WORDS(4)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_ruleset_init(&rs, h_rules, 4, NULL, 1, NULL, 0,
					  h_index, TPF_INDEX_WORDS(4)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_ruleset_init(&rs, h_rules, 4, NULL, 0, NULL, 1,
					  h_index, TPF_INDEX_WORDS(4)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_ruleset_init(&rs, h_rules, 4, NULL, 0, NULL, 0,
					  h_index, TPF_INDEX_WORDS(4) - 1),
			 -TPF_EINVAL);
	assert_int_equal(tpf_ruleset_init(&rs, h_rules, 4, NULL, 0, NULL, 0,
					  h_index, TPF_INDEX_WORDS(4)),
			 0);
	assert_int_equal(tpf_ruleset_count(&rs), 0);
	assert_null(tpf_ruleset_rule(&rs, 0));
}

static void
test_tpf_ruleset_add__validation(void **state)
{
	struct tpf_rule r, bad;
	int i;

	(void)state;
	h_init();
	memset(&r, 0, sizeof(r));
	r.evaluations = 5;
	assert_int_equal(tpf_ruleset_add(&h_rs, &r), 0);
	assert_int_equal(tpf_ruleset_rule(&h_rs, 0)->evaluations, 0);
	for (i = 0; i < 14; i++) {
		bad = r;
		switch (i) {
		case 11:
			bad.rt = 4;
			break;
		case 12:
			bad.rt = TPF_RT_ROUTETO;
			bad.rt_af = 0;
			break;
		case 13:
			bad.rt = TPF_RT_DUPTO;
			bad.rt_af = 5;
			break;
		case 0:
			bad.action = 3;
			break;
		case 1:
			bad.dir = 3;
			break;
		case 2:
			bad.af = 5;
			break;
		case 3:
			bad.ifidx = 1;
			break;
		case 4:
			bad.src.type = 9;
			break;
		case 5:
			bad.dst.port_op = 10;
			break;
		case 6:
			bad.dst.port_op = TPF_OP_EQ; /* proto is not tcp/udp */
			break;
		case 7:
			bad.src.type = TPF_ADDR_TABLE;
			bad.src.table = 0;
			break;
		case 8:
			bad.src.type = TPF_ADDR_MASK;
			bad.src.af = 0;
			break;
		case 9:
			bad.src.type = TPF_ADDR_MASK;
			bad.src.af = TPF_AF_INET;
			bad.src.bits = 33;
			break;
		default:
			bad.dst.type = TPF_ADDR_MASK;
			bad.dst.af = TPF_AF_INET6;
			bad.dst.bits = 129;
			break;
		}
		assert_int_equal(tpf_ruleset_add(&h_rs, &bad), -TPF_EINVAL);
	}
	assert_int_equal(tpf_ruleset_count(&h_rs), 1);
	bad = r;
	bad.rt = TPF_RT_REPLYTO;
	bad.rt_af = TPF_AF_INET6;
	assert_int_equal(tpf_ruleset_add(&h_rs, &bad), 1);
}

static void
test_tpf_ruleset_add__full(void **state)
{
	static struct tpf_rule two[2];
	static uint32_t idx[TPF_INDEX_WORDS(2)];
	struct tpf_ruleset rs;
	struct tpf_rule r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(tpf_ruleset_init(&rs, two, 2, NULL, 0, NULL, 0, idx,
					  TPF_INDEX_WORDS(2)),
			 0);
	assert_int_equal(tpf_ruleset_add(&rs, &r), 0);
	assert_int_equal(tpf_ruleset_add(&rs, &r), 1);
	assert_int_equal(tpf_ruleset_add(&rs, &r), -TPF_ENOSPC);
	assert_int_equal(tpf_table_get(&rs, "t"), -TPF_ENOSPC);
}

static void
test_tpf_ruleset_ifname__limits(void **state)
{
	char name[8];
	int i;

	(void)state;
	h_init();
	assert_int_equal(tpf_ruleset_ifname(&h_rs, ""), -TPF_EINVAL);
	assert_int_equal(tpf_ruleset_ifname(&h_rs, "0123456789abcdef"),
			 -TPF_EINVAL);
	for (i = 0; i < TPF_MAX_IFNAMES; i++) {
		snprintf(name, sizeof(name), "if%d", i);
		assert_int_equal(tpf_ruleset_ifname(&h_rs, name), i + 1);
	}
	assert_int_equal(tpf_ruleset_ifname(&h_rs, "if3"), 4);
	assert_int_equal(tpf_ruleset_ifname(&h_rs, "new0"), -TPF_ENOSPC);
}

static struct tpf_addr
A(const char *s, uint8_t *af) {
	struct tpf_addr a;

	assert_int_equal(tpf_addr_parse(s, af, &a), 0);
	return a;
}

static void
test_tpf_table_add__errors(void **state)
{
	struct tpf_addr a;
	uint8_t af;
	int t;

	(void)state;
	h_init();
	assert_int_equal(tpf_table_get(&h_rs, ""), -TPF_EINVAL);
	t = tpf_table_get(&h_rs, "t");
	assert_int_equal(t, 0);
	assert_int_equal(tpf_table_get(&h_rs, "t"), 0);
	a = A("10.0.0.0", &af);
	assert_int_equal(tpf_table_add(&h_rs, 1, af, &a, 8, 0), -TPF_EINVAL);
	assert_int_equal(tpf_table_add(&h_rs, 0, 5, &a, 8, 0), -TPF_EINVAL);
	assert_int_equal(tpf_table_add(&h_rs, 0, af, &a, 33, 0), -TPF_EINVAL);
	assert_int_equal(tpf_table_add(&h_rs, 0, af, &a, 8, 0), 0);
	assert_int_equal(tpf_table_add(&h_rs, 0, af, &a, 8, 1), -TPF_EEXIST);
	h_tables[0].flags |= 1;
	assert_int_equal(tpf_table_add(&h_rs, 0, af, &a, 9, 0), -TPF_EPERM);
	h_tables[0].flags &= (uint8_t)~1u;
	for (t = 0; t < H_ENTRIES - 1; t++) {
		a.b[1] = (uint8_t)t;
		assert_int_equal(tpf_table_add(&h_rs, 0, af, &a, 16, 0), 0);
	}
	assert_int_equal(tpf_table_add(&h_rs, 0, af, &a, 24, 0), -TPF_ENOSPC);
}

/* Longest prefix wins, a negated best match misses, tables interleave. */
static void
test_tpf_table_match__longest_prefix(void **state)
{
	static const struct {
		const char *addr;
		bool in_a, in_b;
	} v[] = {
		{"10.1.2.3", true, false},	 {"10.2.0.1", false, false},
		{"10.2.3.4", true, false},	 {"10.9.9.9", true, false},
		{"11.0.0.1", false, true},	 {"2001:db8::1", true, false},
		{"2001:db8:1::1", false, false}, {"::1", false, true},
		{"192.168.0.1", false, false},
	};
	struct tpf_addr a;
	uint8_t af;
	size_t i;
	int ta, tb;

	(void)state;
	h_init();
	ta = tpf_table_get(&h_rs, "a");
	tb = tpf_table_get(&h_rs, "b");
	a = A("10.0.0.0", &af);
	assert_int_equal(tpf_table_add(&h_rs, (uint32_t)ta, af, &a, 8, 0), 0);
	a = A("11.0.0.0", &af);
	assert_int_equal(tpf_table_add(&h_rs, (uint32_t)tb, af, &a, 8, 0), 0);
	a = A("10.2.0.0", &af);
	assert_int_equal(tpf_table_add(&h_rs, (uint32_t)ta, af, &a, 16, 1), 0);
	a = A("::1", &af);
	assert_int_equal(tpf_table_add(&h_rs, (uint32_t)tb, af, &a, 128, 0), 0);
	a = A("10.2.3.0", &af);
	assert_int_equal(tpf_table_add(&h_rs, (uint32_t)ta, af, &a, 24, 0), 0);
	a = A("2001:db8::", &af);
	assert_int_equal(tpf_table_add(&h_rs, (uint32_t)ta, af, &a, 32, 0), 0);
	a = A("2001:db8:1::", &af);
	assert_int_equal(tpf_table_add(&h_rs, (uint32_t)ta, af, &a, 48, 1), 0);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		a = A(v[i].addr, &af);
		assert_int_equal(tpf_table_match(&h_rs, (uint32_t)ta, af, &a),
				 v[i].in_a);
		assert_int_equal(tpf_table_match(&h_rs, (uint32_t)tb, af, &a),
				 v[i].in_b);
	}
	assert_false(tpf_table_match(&h_rs, 5, af, &a));
	assert_false(tpf_table_match(&h_rs, (uint32_t)ta, 5, &a));
	assert_int_equal(h_tables[ta].match, 4);
	assert_int_equal(h_tables[ta].nomatch, 6);
}

/*
 * Reference model: the scan the trie replaced.  Among the table's entries
 * of the address family that hold the address, the longest decides, and a
 * negated one is a miss.
 */
static bool
scan_match(const struct tpf_table_entry *e, uint32_t n, uint32_t table,
	   uint8_t af, const struct tpf_addr *a)
{
	int best = -1;
	bool hit = false;
	uint32_t i, k;

	for (i = 0; i < n; i++) {
		if (e[i].table != table || e[i].af != af)
			continue;
		for (k = 0; k < e[i].bits; k++)
			if (((a->b[k / 8] ^ e[i].addr.b[k / 8]) >>
			     (7 - k % 8)) &
			    1)
				break;
		if (k == e[i].bits && (int)e[i].bits > best) {
			best = e[i].bits;
			hit = !e[i].neg;
		}
	}
	return hit;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

/* An address near one of a few bases, so that prefixes nest and part at
 * every depth. */
static struct tpf_addr
near_addr(uint8_t af)
{
	static const uint8_t base[3][16] = {
		{10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8},
	};
	struct tpf_addr a;
	unsigned n = af == TPF_AF_INET ? 4 : 16, i, flips;

	memcpy(a.b, base[rnd(3)], 16);
	if (rnd(4) == 0)
		for (i = 0; i < n; i++)
			a.b[i] = (uint8_t)rnd(256);
	for (flips = rnd(6); flips > 0; flips--) {
		i = rnd(n * 8);
		a.b[i / 8] ^= (uint8_t)(0x80u >> (i % 8));
	}
	for (i = n; i < 16; i++)
		a.b[i] = 0;
	return a;
}

/* The trie against the scan on random tables and addresses. */
static void
test_tpf_table_match__trie_equals_scan(void **state)
{
	static struct tpf_table tables[4];
	static struct tpf_table_entry entries[600];
	static struct tpf_rule rules[1];
	static uint32_t index[TPF_INDEX_WORDS(1)];
	struct tpf_ruleset rs;
	struct tpf_addr a;
	unsigned round, i, checked = 0, hits = 0;
	uint8_t af, bits;
	int rc;

	(void)state;
	for (round = 0; round < 40; round++) {
		assert_int_equal(tpf_ruleset_init(&rs, rules, 1, tables, 4,
						  entries, 600, index,
						  TPF_INDEX_WORDS(1)),
				 0);
		for (i = 0; i < 4; i++)
			assert_int_equal(tpf_table_get(&rs, i == 0   ? "a"
							    : i == 1 ? "b"
							    : i == 2 ? "c"
								     : "d"),
					 (int)i);
		for (i = 0; i < 20 + rnd(580); i++) {
			af = rnd(2) ? TPF_AF_INET : TPF_AF_INET6;
			bits = (uint8_t)rnd(af == TPF_AF_INET ? 33 : 129);
			a = near_addr(af);
			rc = tpf_table_add(&rs, rnd(4), af, &a, bits,
					   (uint8_t)(rnd(4) == 0));
			assert_true(rc == 0 || rc == -TPF_EEXIST);
		}
		for (i = 0; i < 2000; i++) {
			uint32_t t = rnd(4);
			bool want;

			af = rnd(2) ? TPF_AF_INET : TPF_AF_INET6;
			a = near_addr(af);
			want = scan_match(entries, rs.nentries, t, af, &a);
			assert_int_equal(tpf_table_match(&rs, t, af, &a), want);
			hits += want;
			checked++;
		}
	}
	/* Both outcomes were exercised. */
	assert_true(hits > checked / 20 && hits < checked - checked / 20);
}

static void
test_tpf_ruleset_compile__skip_steps(void **state)
{
	static const uint32_t want[4][TPF_SKIP_COUNT] = {
		{4, 2, 4, 4, 4, 4, 3, 4},
		{4, 2, 4, 4, 4, 4, 3, 4},
		{4, 4, 4, 4, 4, 4, 3, 4},
		{4, 4, 4, 4, 4, 4, 4, 4},
	};
	uint32_t i, k;

	(void)state;
	h_load("pass in inet proto tcp to 10.0.0.1\n"
	       "pass in inet proto tcp to 10.0.0.1\n"
	       "pass out inet proto tcp to 10.0.0.1\n"
	       "pass out inet proto tcp to 10.0.0.2\n");
	for (i = 0; i < 4; i++)
		for (k = 0; k < TPF_SKIP_COUNT; k++)
			assert_int_equal(tpf_ruleset_rule(&h_rs, i)->skip[k],
					 want[i][k]);
}

static void
test_tpf_ruleset_compile__index_too_small(void **state)
{
	static struct tpf_rule r4[4];
	static uint32_t idx[TPF_INDEX_WORDS(4)];
	struct tpf_ruleset rs;
	struct tpf_rule r;
	int i;

	(void)state;
	assert_int_equal(tpf_ruleset_init(&rs, r4, 4, NULL, 0, NULL, 0, idx,
					  TPF_INDEX_WORDS(4)),
			 0);
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 4; i++)
		assert_int_equal(tpf_ruleset_add(&rs, &r), i);
	rs.index_cap = 39; /* four rules in ten classes need 40 words */
	assert_int_equal(tpf_ruleset_compile(&rs), -TPF_ENOSPC);
	rs.index_cap = 40;
	assert_int_equal(tpf_ruleset_compile(&rs), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpf_ruleset_init__bad_storage),
		cmocka_unit_test(test_tpf_ruleset_add__validation),
		cmocka_unit_test(test_tpf_ruleset_add__full),
		cmocka_unit_test(test_tpf_ruleset_ifname__limits),
		cmocka_unit_test(test_tpf_table_add__errors),
		cmocka_unit_test(test_tpf_table_match__longest_prefix),
		cmocka_unit_test(test_tpf_table_match__trie_equals_scan),
		cmocka_unit_test(test_tpf_ruleset_compile__skip_steps),
		cmocka_unit_test(test_tpf_ruleset_compile__index_too_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
