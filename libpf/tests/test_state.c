/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/state.c: the filter, its state table, TCP window tracking,
 * UDP/ICMP/other states, timeouts from a fake clock, limits and swaps.
 */
#include <stdio.h>

#include "fixtures.h"

#define SEC 1000000000ull

static struct tpf_state states[64];
static struct tpf_bucket slots[16];
static struct tpf_filter f;
static uint8_t buf[2048];

static void
setup(const char *rules, uint32_t nstates)
{
	h_load(rules);
	assert_int_equal(
		tpf_filter_init(&f, &h_rs, states, nstates, slots, 16, 1, 2),
		0);
}

static struct tpf_verdict
send(const struct h_pkt *k, uint8_t dir, const char *ifname, uint64_t now)
{
	struct tpf_verdict v;
	size_t n = h_build(k, buf);

	assert_int_equal(tpf_filter_test(&f, dir, ifname, buf, n, now, &v), 0);
	return v;
}

static struct h_pkt
tcp(const char *s, const char *d, uint16_t sp, uint16_t dp, uint8_t fl,
    uint32_t seq, uint32_t ack, uint32_t len)
{
	struct h_pkt k = {0, s, d, 6, fl, 0, 0, sp, dp, 1000, seq, ack, len};

	return k;
}

static void
test_tpf_filter_init__bad_arguments(void **state)
{
	struct tpf_ruleset *old = NULL;

	(void)state;
	h_init();
	assert_int_equal(tpf_filter_init(NULL, NULL, states, 4, slots, 8, 0, 0),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_init(&f, NULL, NULL, 4, slots, 8, 0, 0),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_init(&f, NULL, states, 4, NULL, 8, 0, 0),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_init(&f, NULL, states, 0, slots, 8, 0, 0),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_init(&f, NULL, states, 17, slots, 2, 0, 0),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_init(&f, NULL, states, 4, slots, 3, 0, 0),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_init(&f, NULL, states, 4, slots,
					 (1u << 28) + 1, 0, 0),
			 -TPF_EINVAL);
	assert_int_equal(
		tpf_filter_init(&f, NULL, states, 4, slots, 1u << 29, 0, 0),
		-TPF_EINVAL);
	assert_int_equal(tpf_filter_init(&f, &h_rs, states, 4, slots, 8, 0, 0),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_init(&f, NULL, states, 4, slots, 8, 0, 0),
			 0);
	assert_int_equal(tpf_filter_swap(&f, NULL, &old), -TPF_EINVAL);
	assert_int_equal(tpf_filter_swap(&f, &h_rs, &old), -TPF_EINVAL);
	assert_int_equal(tpf_ruleset_compile(&h_rs), 0);
	assert_int_equal(tpf_filter_swap(&f, &h_rs, &old), 0);
	assert_null(old);
	assert_int_equal(tpf_filter_swap(&f, &h_rs, NULL), 0);
}

static void
test_tpf_filter_test__no_ruleset_and_bad_input(void **state)
{
	struct h_pkt k = tcp("1.1.1.1", "2.2.2.2", 1, 2, TPF_TH_SYN, 1, 0, 0);
	struct tpf_verdict v;
	size_t n;

	(void)state;
	assert_int_equal(tpf_filter_init(&f, NULL, states, 4, slots, 8, 0, 0),
			 0);
	v = send(&k, TPF_DIR_IN, NULL, 0);
	assert_int_equal(v.action, TPF_PASS);
	assert_int_equal(v.reason, TPF_REASON_NOMATCH);
	n = h_build(&k, buf);
	assert_int_equal(tpf_filter_test(NULL, 1, NULL, buf, n, 0, &v),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_test(&f, 1, NULL, NULL, n, 0, &v),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_test(&f, 1, NULL, buf, n, 0, NULL),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_test(&f, 0, NULL, buf, n, 0, &v),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_test(&f, 3, NULL, buf, n, 0, &v),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_test(&f, 1, NULL, buf, 10, 0, &v), 0);
	assert_int_equal(v.action, TPF_BLOCK);
	assert_int_equal(v.reason, TPF_REASON_BADPKT);
	assert_int_equal(f.bad_packets, 1);
}

/* A full connection: handshake, data, window violations, close. */
static void
test_tpf_filter_test__tcp_connection(void **state)
{
	const char *c = "10.0.0.1", *s = "10.0.0.2";
	struct h_pkt k;
	struct tpf_verdict v;
	struct tpf_pkt p;
	uint64_t t = 100 * SEC;

	(void)state;
	setup("block all\npass in proto tcp to port 22\n", 16);
	k = tcp(c, s, 1000, 22, TPF_TH_SYN, 100, 0, 0);
	v = send(&k, TPF_DIR_IN, "em0", t);
	assert_int_equal(v.action, TPF_PASS);
	assert_int_equal(v.reason, TPF_REASON_MATCH);
	assert_int_equal(v.state_created, 1);
	assert_int_equal(tpf_filter_states(&f), 1);
	/* The SYN again is in the window: the state passes it. */
	v = send(&k, TPF_DIR_IN, "em0", t);
	assert_int_equal(v.reason, TPF_REASON_STATE);
	k = tcp(s, c, 22, 1000, TPF_TH_SYN | TPF_TH_ACK, 5000, 101, 0);
	v = send(&k, TPF_DIR_OUT, "em0", t);
	assert_int_equal(v.reason, TPF_REASON_STATE);
	assert_int_equal(v.rule, 1);
	k = tcp(c, s, 1000, 22, TPF_TH_ACK, 101, 5001, 0);
	v = send(&k, TPF_DIR_IN, "em0", t);
	assert_int_equal(v.reason, TPF_REASON_STATE);
	k = tcp(c, s, 1000, 22, TPF_TH_ACK | TPF_TH_PUSH, 101, 5001, 100);
	v = send(&k, TPF_DIR_IN, "em0", t);
	assert_int_equal(v.reason, TPF_REASON_STATE);
	k = tcp(s, c, 22, 1000, TPF_TH_ACK, 5001, 201, 50);
	v = send(&k, TPF_DIR_OUT, "em0", t);
	assert_int_equal(v.reason, TPF_REASON_STATE);
	/* Far beyond the receiver's window. */
	k = tcp(c, s, 1000, 22, TPF_TH_ACK, 900000, 5051, 10);
	v = send(&k, TPF_DIR_IN, "em0", t);
	assert_int_equal(v.action, TPF_BLOCK);
	assert_int_equal(v.reason, TPF_REASON_STATE_MISMATCH);
	/* Acknowledging data never sent. */
	k = tcp(c, s, 1000, 22, TPF_TH_ACK, 201, 5051 + 200000, 0);
	v = send(&k, TPF_DIR_IN, "em0", t);
	assert_int_equal(v.reason, TPF_REASON_STATE_MISMATCH);
	/* A RST with a wrong sequence number is refused. */
	k = tcp(c, s, 1000, 22, TPF_TH_RST, 250, 0, 0);
	v = send(&k, TPF_DIR_IN, "em0", t);
	assert_int_equal(v.reason, TPF_REASON_STATE_MISMATCH);
	assert_int_equal(f.state_mismatch, 3);
	/* Orderly close. */
	k = tcp(c, s, 1000, 22, TPF_TH_FIN | TPF_TH_ACK, 201, 5051, 0);
	assert_int_equal(send(&k, TPF_DIR_IN, "em0", t).reason,
			 TPF_REASON_STATE);
	k = tcp(s, c, 22, 1000, TPF_TH_FIN | TPF_TH_ACK, 5051, 202, 0);
	assert_int_equal(send(&k, TPF_DIR_OUT, "em0", t).reason,
			 TPF_REASON_STATE);
	k = tcp(c, s, 1000, 22, TPF_TH_ACK, 202, 5052, 0);
	assert_int_equal(send(&k, TPF_DIR_IN, "em0", t).reason,
			 TPF_REASON_STATE);
	/* Closed states live tcp.closed (90 s). */
	assert_int_equal(tpf_decode(buf, h_build(&k, buf), TPF_DIR_IN, &p), 0);
	assert_non_null(tpf_filter_find(&f, &p, t + 89 * SEC));
	assert_null(tpf_filter_find(&f, &p, t + 91 * SEC));
	v = send(&k, TPF_DIR_IN, "em0", t + 91 * SEC);
	assert_int_equal(v.reason, TPF_REASON_MATCH);
	assert_int_equal(v.action, TPF_BLOCK);
	assert_int_equal(tpf_filter_states(&f), 0);
}

static void
test_tpf_filter_test__tcp_reset_and_timeouts(void **state)
{
	const char *c = "10.0.0.1", *s = "10.0.0.2";
	struct h_pkt k;
	struct tpf_pkt p;

	(void)state;
	setup("pass out proto tcp\n", 16);
	k = tcp(c, s, 7, 8, TPF_TH_SYN, 1, 0, 0);
	assert_int_equal(send(&k, TPF_DIR_OUT, NULL, 0).state_created, 1);
	assert_int_equal(tpf_decode(buf, h_build(&k, buf), TPF_DIR_OUT, &p), 0);
	/* tcp.first is 120 s. */
	assert_non_null(tpf_filter_find(&f, &p, 119 * SEC));
	k = tcp(s, c, 8, 7, TPF_TH_SYN | TPF_TH_ACK, 70, 2, 0);
	assert_int_equal(send(&k, TPF_DIR_IN, NULL, SEC).reason,
			 TPF_REASON_STATE);
	/* Half open: tcp.opening, 30 s. */
	assert_null(tpf_filter_find(&f, &p, 32 * SEC));
	k = tcp(c, s, 7, 8, TPF_TH_ACK, 2, 71, 0);
	assert_int_equal(send(&k, TPF_DIR_OUT, NULL, SEC).reason,
			 TPF_REASON_STATE);
	assert_non_null(tpf_filter_find(&f, &p, 80000 * SEC));
	/* The server closes: tcp.closing (900 s). */
	k = tcp(s, c, 8, 7, TPF_TH_FIN | TPF_TH_ACK, 71, 2, 0);
	assert_int_equal(send(&k, TPF_DIR_IN, NULL, SEC).reason,
			 TPF_REASON_STATE);
	assert_non_null(tpf_filter_find(&f, &p, 890 * SEC));
	assert_null(tpf_filter_find(&f, &p, 902 * SEC));
	/* Client FIN: both closing, tcp.finwait (45 s). */
	k = tcp(c, s, 7, 8, TPF_TH_FIN, 2, 0, 0);
	assert_int_equal(send(&k, TPF_DIR_OUT, NULL, SEC).reason,
			 TPF_REASON_STATE);
	assert_null(tpf_filter_find(&f, &p, 47 * SEC));
	k = tcp(s, c, 8, 7, TPF_TH_RST, 72, 0, 0);
	assert_int_equal(send(&k, TPF_DIR_IN, NULL, SEC).reason,
			 TPF_REASON_STATE);
	assert_non_null(tpf_filter_find(&f, &p, 90 * SEC));
	assert_null(tpf_filter_find(&f, &p, 92 * SEC));
}

/* Window scaling is used once both SYNs carried the option. */
static void
test_tpf_filter_test__tcp_window_scale(void **state)
{
	struct h_pkt k;
	size_t n;
	struct tpf_verdict v;

	(void)state;
	setup("pass proto tcp\n", 16);
	k = tcp("1.1.1.1", "2.2.2.2", 5, 6, TPF_TH_SYN, 1000, 0, 0);
	n = h_build(&k, buf);
	buf[32] = 6 << 4;
	buf[40] = 3;
	buf[41] = 3;
	buf[42] = 4;
	buf[43] = 0;
	buf[3] = 44;
	assert_int_equal(tpf_filter_test(&f, 1, NULL, buf, n + 4, 0, &v), 0);
	assert_int_equal(v.state_created, 1);
	k = tcp("2.2.2.2", "1.1.1.1", 6, 5, TPF_TH_SYN | TPF_TH_ACK, 9000, 1001,
		0);
	n = h_build(&k, buf);
	buf[32] = 6 << 4;
	buf[40] = 3;
	buf[41] = 3;
	buf[42] = 2;
	buf[43] = 0;
	buf[3] = 44;
	assert_int_equal(tpf_filter_test(&f, 2, NULL, buf, n + 4, 0, &v), 0);
	assert_int_equal(v.reason, TPF_REASON_STATE);
	/* SYN windows are never scaled: 3000 bytes exceed the 1000 the
	 * responder offered. */
	k = tcp("1.1.1.1", "2.2.2.2", 5, 6, TPF_TH_ACK, 1001, 9001, 3000);
	v = send(&k, TPF_DIR_IN, NULL, 0);
	assert_int_equal(v.reason, TPF_REASON_STATE_MISMATCH);
	/* Its next ACK offers 1000 << 2 = 4000 bytes. */
	k = tcp("2.2.2.2", "1.1.1.1", 6, 5, TPF_TH_ACK, 9001, 1001, 0);
	v = send(&k, TPF_DIR_OUT, NULL, 0);
	assert_int_equal(v.reason, TPF_REASON_STATE);
	k = tcp("1.1.1.1", "2.2.2.2", 5, 6, TPF_TH_ACK, 1001, 9001, 3000);
	v = send(&k, TPF_DIR_IN, NULL, 0);
	assert_int_equal(v.reason, TPF_REASON_STATE);
}

static void
test_tpf_filter_test__udp_icmp_other(void **state)
{
	struct h_pkt u = {0,	"10.0.0.1", "8.8.8.8", 17, 0, 0, 0,
			  5353, 53,	    0,	       0,  0, 20};
	struct h_pkt r = {0,  "8.8.8.8", "10.0.0.1", 17, 0, 0, 0,
			  53, 5353,	 0,	     0,	 0, 20};
	struct h_pkt e = {
		1, "2001:db8::1", "2001:db8::2", 58, 0, 128, 0, 77, 77, 0, 0, 0,
		0};
	struct h_pkt g = {0, "10.0.0.1", "10.0.0.9", 47, 0, 0, 0,
			  0, 0,		 0,	     0,	 0, 4};
	struct tpf_pkt p;
	struct tpf_verdict v;

	(void)state;
	setup("set timeout udp.first 5\nblock in all\npass out all\n"
	      "pass out proto icmp6\n",
	      16);
	assert_int_equal(send(&u, TPF_DIR_OUT, NULL, 0).state_created, 1);
	assert_int_equal(tpf_decode(buf, h_build(&u, buf), TPF_DIR_OUT, &p), 0);
	assert_null(tpf_filter_find(&f, &p, 6 * SEC));
	assert_int_equal(send(&r, TPF_DIR_IN, NULL, SEC).reason,
			 TPF_REASON_STATE);
	/* One side multiple, the other single: udp.single (30 s). */
	assert_null(tpf_filter_find(&f, &p, 32 * SEC));
	assert_int_equal(send(&u, TPF_DIR_OUT, NULL, SEC).reason,
			 TPF_REASON_STATE);
	assert_non_null(tpf_filter_find(&f, &p, 60 * SEC));
	assert_null(tpf_filter_find(&f, &p, 62 * SEC));
	/* Without the state the reply is blocked. */
	v = send(&r, TPF_DIR_IN, NULL, 100 * SEC);
	assert_int_equal(v.action, TPF_BLOCK);
	/* ICMPv6 echo: request creates, reply uses the state. */
	assert_int_equal(send(&e, TPF_DIR_OUT, NULL, 0).state_created, 1);
	e.src = "2001:db8::2";
	e.dst = "2001:db8::1";
	e.type = 129;
	v = send(&e, TPF_DIR_IN, NULL, SEC);
	assert_int_equal(v.reason, TPF_REASON_STATE);
	/* ICMP errors never create states. */
	e.type = 1;
	assert_int_equal(send(&e, TPF_DIR_OUT, NULL, SEC).state_created, 0);
	e.v6 = 0;
	e.src = "10.0.0.1";
	e.dst = "10.0.0.2";
	e.proto = 1;
	e.type = 3;
	assert_int_equal(send(&e, TPF_DIR_OUT, NULL, SEC).state_created, 0);
	e.type = 8;
	assert_int_equal(send(&e, TPF_DIR_OUT, NULL, SEC).state_created, 1);
	/* Other protocols: other.* timeouts. */
	assert_int_equal(send(&g, TPF_DIR_OUT, NULL, 0).state_created, 1);
	g.src = "10.0.0.9";
	g.dst = "10.0.0.1";
	assert_int_equal(send(&g, TPF_DIR_IN, NULL, SEC).reason,
			 TPF_REASON_STATE);
	g.src = "10.0.0.1";
	g.dst = "10.0.0.9";
	assert_int_equal(send(&g, TPF_DIR_OUT, NULL, 2 * SEC).reason,
			 TPF_REASON_STATE);
	/* Fragments never create states. */
	assert_int_equal(tpf_decode(buf, h_build(&g, buf), TPF_DIR_OUT, &p), 0);
	u.sport = 9999;
	h_build(&u, buf);
	buf[7] = 8;
	assert_int_equal(tpf_filter_test(&f, 2, NULL, buf, 48, 0, &v), 0);
	assert_int_equal(v.state_created, 0);
	assert_int_equal(v.action, TPF_PASS);
}

static void
test_tpf_filter_test__skip_and_no_state(void **state)
{
	struct h_pkt k = tcp("1.1.1.1", "2.2.2.2", 1, 2, TPF_TH_SYN, 1, 0, 0);
	struct tpf_verdict v;

	(void)state;
	setup("set skip on lo\nblock all\npass in on em0 no state\n", 16);
	v = send(&k, TPF_DIR_IN, "lo0", 0);
	assert_int_equal(v.action, TPF_PASS);
	assert_int_equal(v.reason, TPF_REASON_SKIP);
	v = send(&k, TPF_DIR_IN, "em0", 0);
	assert_int_equal(v.action, TPF_PASS);
	assert_int_equal(v.state_created, 0);
	v = send(&k, TPF_DIR_IN, NULL, 0);
	assert_int_equal(v.action, TPF_BLOCK);
	assert_int_equal(tpf_filter_states(&f), 0);
}

static void
test_tpf_filter_test__state_limits(void **state)
{
	struct h_pkt k = tcp("1.1.1.1", "2.2.2.2", 1, 2, TPF_TH_SYN, 1, 0, 0);
	struct tpf_verdict v;

	(void)state;
	setup("pass all\n", 2);
	v = send(&k, TPF_DIR_IN, NULL, 0);
	k.sport = 2;
	v = send(&k, TPF_DIR_IN, NULL, 0);
	assert_int_equal(tpf_filter_states(&f), 2);
	k.sport = 3;
	v = send(&k, TPF_DIR_IN, NULL, 0);
	assert_int_equal(v.action, TPF_BLOCK);
	assert_int_equal(v.reason, TPF_REASON_STATE_LIMIT);
	assert_int_equal(f.state_full, 1);
	setup("set limit states 1\npass all\n", 16);
	k.sport = 1;
	v = send(&k, TPF_DIR_IN, NULL, 0);
	k.sport = 2;
	v = send(&k, TPF_DIR_IN, NULL, 0);
	assert_int_equal(v.reason, TPF_REASON_STATE_LIMIT);
}

/* Inserting, finding and expiring many keys with a small hash table
 * exercises probing and the backward-shift deletion. */
static void
test_tpf_filter_insert__probe_and_expire(void **state)
{
	struct tpf_pkt p;
	uint32_t i, removed = 0;

	(void)state;
	h_init();
	assert_int_equal(tpf_ruleset_compile(&h_rs), 0);
	assert_int_equal(tpf_filter_init(&f, NULL, states, 64, slots, 16, 7, 9),
			 0);
	memset(&p, 0, sizeof(p));
	p.af = TPF_AF_INET;
	p.proto = 17;
	p.dir = TPF_DIR_IN;
	for (i = 0; i < 64; i++) {
		p.sport = (uint16_t)i;
		assert_int_equal(tpf_filter_insert(&f, &p, 0, i * SEC), 0);
	}
	p.sport = 99;
	assert_int_equal(tpf_filter_insert(&f, &p, 0, 0), -TPF_ENOSPC);
	p.sport = 5;
	assert_int_equal(tpf_filter_insert(&f, &p, 0, 0), -TPF_EEXIST);
	/* Expire the first half (udp.first 60 s) in small steps. */
	for (i = 0; i < 40; i++)
		removed += tpf_filter_expire(&f, 91 * SEC + SEC / 2, 8);
	assert_int_equal(removed, 32);
	assert_int_equal(tpf_filter_states(&f), 32);
	for (i = 0; i < 64; i++) {
		p.sport = (uint16_t)i;
		if (i < 32)
			assert_null(tpf_filter_find(&f, &p, 91 * SEC));
		else
			assert_non_null(tpf_filter_find(&f, &p, 91 * SEC));
	}
	/* An expired key is replaced on insert. */
	p.sport = 40;
	assert_int_equal(tpf_filter_insert(&f, &p, 3, 200 * SEC), 0);
	assert_int_equal(tpf_filter_find(&f, &p, 200 * SEC)->rule, 3);
	assert_int_equal(tpf_filter_expire(&f, 1000 * SEC, 1000), 32);
	assert_int_equal(tpf_filter_states(&f), 0);
}

/* States survive a ruleset swap; new connections see the new rules. */
static void
test_tpf_filter_swap__states_survive(void **state)
{
	static struct tpf_rule r2[4];
	static uint32_t idx2[TPF_INDEX_WORDS(4)];
	struct tpf_ruleset rs2, *old = NULL;
	struct h_pkt k = tcp("1.1.1.1", "2.2.2.2", 1, 2, TPF_TH_SYN, 1, 0, 0);
	const char *t = "block all\n";

	(void)state;
	setup("pass all\n", 16);
	assert_int_equal(send(&k, TPF_DIR_IN, NULL, 0).state_created, 1);
	assert_int_equal(tpf_ruleset_init(&rs2, r2, 4, NULL, 0, NULL, 0, idx2,
					  TPF_INDEX_WORDS(4)),
			 0);
	assert_int_equal(
		tpf_parse(&h_parser, &rs2, "t", t, strlen(t), 0, NULL, NULL),
		0);
	assert_int_equal(tpf_ruleset_compile(&rs2), 0);
	assert_int_equal(tpf_filter_swap(&f, &rs2, &old), 0);
	assert_ptr_equal(old, &h_rs);
	k = tcp("2.2.2.2", "1.1.1.1", 2, 1, TPF_TH_SYN | TPF_TH_ACK, 50, 2, 0);
	assert_int_equal(send(&k, TPF_DIR_OUT, NULL, 0).reason,
			 TPF_REASON_STATE);
	k = tcp("1.1.1.1", "2.2.2.2", 3, 2, TPF_TH_SYN, 1, 0, 0);
	assert_int_equal(send(&k, TPF_DIR_IN, NULL, 0).action, TPF_BLOCK);
}

/* Sixteen states homed in two buckets of eight: keys overflow into the
 * other bucket, and removals must keep every remaining key reachable. */
static void
test_tpf_filter_insert__bucket_overflow(void **state)
{
	static struct tpf_state st2[16];
	struct tpf_pkt p;
	uint32_t i, round;

	(void)state;
	assert_int_equal(tpf_filter_init(&f, NULL, st2, 16, slots, 2, 3, 4), 0);
	memset(&p, 0, sizeof(p));
	p.af = TPF_AF_INET6;
	p.proto = 17;
	p.dir = TPF_DIR_OUT;
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 16; i++) {
			p.dport = (uint16_t)(i + 100 * round);
			assert_int_equal(tpf_filter_insert(&f, &p, i,
							   round * 1000 * SEC),
					 0);
		}
		assert_int_equal(
			tpf_filter_insert(&f, &p, 0, round * 1000 * SEC),
			-TPF_EEXIST);
		for (i = 0; i < 16; i++) {
			p.dport = (uint16_t)(i + 100 * round);
			assert_non_null(
				tpf_filter_find(&f, &p, round * 1000 * SEC));
		}
		/* Remove every other state by the sweep's view of time. */
		for (i = 0; i < 16; i += 2) {
			p.dport = (uint16_t)(i + 100 * round);
			st2[tpf_filter_find(&f, &p, 0) - st2].expire = 0;
		}
		assert_int_equal(tpf_filter_expire(&f, 1, 16), 8);
		for (i = 0; i < 16; i++) {
			p.dport = (uint16_t)(i + 100 * round);
			if (i % 2 == 0)
				assert_null(tpf_filter_find(&f, &p, 1));
			else
				assert_int_equal(
					tpf_filter_find(&f, &p, 1)->rule, i);
		}
		assert_int_equal(tpf_filter_expire(&f, ~0ull, 16), 8);
		assert_int_equal(tpf_filter_states(&f), 0);
		for (i = 0; i < 2; i++)
			assert_int_equal(slots[i].ovf, 0);
	}
}

static void
fill(struct tpf_pkt *p, uint32_t i)
{
	memset(p, 0, sizeof(*p));
	p->af = TPF_AF_INET;
	p->proto = 17;
	p->dir = i % 3 == 0 ? TPF_DIR_OUT : TPF_DIR_IN;
	p->src.b[0] = 10;
	p->src.b[3] = (uint8_t)i;
	p->dst.b[0] = 192;
	p->sport = (uint16_t)(1000 + i);
	p->dport = 53;
}

/* The burst lookup answers as single lookups do, at any count. */
static void
test_tpf_filter_find_burst__same_as_single(void **state)
{
	static struct tpf_pkt p[100];
	static const struct tpf_state *out[100];
	uint32_t i, found = 0;

	(void)state;
	assert_int_equal(tpf_filter_init(&f, NULL, states, 64, slots, 16, 5, 6),
			 0);
	for (i = 0; i < 100; i++) {
		fill(&p[i], i);
		if (i % 2 == 0 && i < 120)
			assert_int_equal(tpf_filter_insert(&f, &p[i], i,
							   i < 20 ? 0 : SEC),
					 0);
	}
	/* udp.first is 60 s: the states made at 0 have expired at 60 s. */
	assert_int_equal(tpf_filter_find_burst(&f, p, 100, 60 * SEC + 1, out),
			 40);
	for (i = 0; i < 100; i++) {
		assert_ptr_equal(out[i],
				 tpf_filter_find(&f, &p[i], 60 * SEC + 1));
		found += out[i] != NULL;
		if (i % 2 == 0 && i >= 20)
			assert_int_equal(out[i]->rule, i);
	}
	assert_int_equal(found, 40);
	assert_int_equal(tpf_filter_find_burst(&f, p, 0, 0, out), 0);
	assert_int_equal(tpf_filter_find_burst(&f, p + 3, 1, 0, out), 0);
	assert_int_equal(tpf_filter_find_burst(&f, p + 30, 1, 0, out), 1);
}

static void
test_tpf_filter_test_burst__bad_arguments(void **state)
{
	const uint8_t *data[2] = {buf, NULL};
	size_t len[2] = {20, 20};
	struct tpf_verdict v[2];

	(void)state;
	setup("pass all\n", 16);
	assert_int_equal(tpf_filter_test_burst(NULL, TPF_DIR_IN, NULL, data,
					       len, 1, 0, v),
			 -TPF_EINVAL);
	assert_int_equal(
		tpf_filter_test_burst(&f, TPF_DIR_IN, NULL, NULL, len, 1, 0, v),
		-TPF_EINVAL);
	assert_int_equal(tpf_filter_test_burst(&f, TPF_DIR_IN, NULL, data, NULL,
					       1, 0, v),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_test_burst(&f, TPF_DIR_IN, NULL, data, len,
					       1, 0, NULL),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_test_burst(&f, TPF_DIR_ANY, NULL, data, len,
					       1, 0, v),
			 -TPF_EINVAL);
	assert_int_equal(tpf_filter_test_burst(&f, 3, NULL, data, len, 1, 0, v),
			 -TPF_EINVAL);
	/* A NULL packet anywhere refuses the whole burst. */
	assert_int_equal(
		tpf_filter_test_burst(&f, TPF_DIR_IN, NULL, data, len, 2, 0, v),
		-TPF_EINVAL);
	assert_int_equal(f.bad_packets, 0);
	assert_int_equal(
		tpf_filter_test_burst(&f, TPF_DIR_IN, NULL, data, len, 0, 0, v),
		0);
}

/*
 * A burst gives the verdicts, states and counters of single calls: TCP
 * handshakes whose SYN and reply share a burst, UDP, malformed packets,
 * a full state table, a skipped interface and a filter with no ruleset.
 */
static void
test_tpf_filter_test_burst__same_as_single(void **state)
{
	static struct tpf_state st2[64];
	static struct tpf_bucket b2[16];
	static uint8_t pk[80][2048];
	static const uint8_t *data[80];
	static size_t len[80];
	static struct tpf_verdict vs[80], vb[80];
	static const char *const ifs[] = {"em0", "lo0", NULL};
	struct tpf_filter g;
	struct h_pkt k;
	uint32_t i, round, dir;
	char a[16], b[16];

	(void)state;
	for (round = 0; round < 3; round++) {
		setup("set skip on lo0\nset limit states 40\n"
		      "block in proto udp to port 7\npass all\n",
		      64);
		if (round == 2)
			assert_int_equal(tpf_filter_init(&f, NULL, states, 64,
							 slots, 16, 1, 2),
					 0);
		assert_int_equal(tpf_filter_init(&g, round == 2 ? NULL : &h_rs,
						 st2, 64, b2, 16, 1, 2),
				 0);
		for (dir = TPF_DIR_IN; dir <= TPF_DIR_OUT; dir++) {
			for (i = 0; i < 80; i++) {
				snprintf(a, sizeof(a), "10.0.0.%u", i % 5);
				snprintf(b, sizeof(b), "10.1.0.%u", i % 3);
				if (i % 4 == 0)
					k = tcp(a, b, 1000, 80, TPF_TH_SYN, 5,
						0, 0);
				else if (i % 4 == 1)
					k = tcp(b, a, 80, 1000,
						TPF_TH_SYN | TPF_TH_ACK, 9, 6,
						0);
				else
					k = (struct h_pkt){
						0,
						a,
						b,
						17,
						0,
						0,
						0,
						2000,
						(uint16_t)(i % 9 == 0 ? 7 : 53),
						0,
						0,
						0,
						0};
				len[i] = h_build(&k, pk[i]);
				if (i % 13 == 12)
					len[i] = 10;
				data[i] = pk[i];
			}
			for (i = 0; i < 80; i++)
				assert_int_equal(
					tpf_filter_test(&f, (uint8_t)dir,
							ifs[round % 2], data[i],
							len[i], round * SEC,
							&vs[i]),
					0);
			assert_int_equal(tpf_filter_test_burst(&g, (uint8_t)dir,
							       ifs[round % 2],
							       data, len, 80,
							       round * SEC, vb),
					 0);
			for (i = 0; i < 80; i++)
				assert_memory_equal(&vs[i], &vb[i],
						    sizeof(vs[i]));
		}
		assert_int_equal(tpf_filter_states(&f), tpf_filter_states(&g));
		assert_int_equal(f.bad_packets, g.bad_packets);
		assert_int_equal(f.state_hits, g.state_hits);
		assert_int_equal(f.state_inserts, g.state_inserts);
		assert_int_equal(f.state_full, g.state_full);
		assert_int_equal(f.state_mismatch, g.state_mismatch);
		if (round == 0) {
			assert_true(f.state_hits > 0);
			assert_true(f.state_full > 0);
			assert_true(f.bad_packets > 0);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpf_filter_init__bad_arguments),
		cmocka_unit_test(
			test_tpf_filter_test__no_ruleset_and_bad_input),
		cmocka_unit_test(test_tpf_filter_test__tcp_connection),
		cmocka_unit_test(test_tpf_filter_test__tcp_reset_and_timeouts),
		cmocka_unit_test(test_tpf_filter_test__tcp_window_scale),
		cmocka_unit_test(test_tpf_filter_test__udp_icmp_other),
		cmocka_unit_test(test_tpf_filter_test__skip_and_no_state),
		cmocka_unit_test(test_tpf_filter_test__state_limits),
		cmocka_unit_test(test_tpf_filter_insert__probe_and_expire),
		cmocka_unit_test(test_tpf_filter_swap__states_survive),
		cmocka_unit_test(test_tpf_filter_insert__bucket_overflow),
		cmocka_unit_test(test_tpf_filter_find_burst__same_as_single),
		cmocka_unit_test(test_tpf_filter_test_burst__bad_arguments),
		cmocka_unit_test(test_tpf_filter_test_burst__same_as_single),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
