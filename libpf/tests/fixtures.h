/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared test fixtures: a ruleset in static storage and a runner for
 * table-driven parse-and-print cases (errors first, then echo lines and
 * rules, as the conformance test and pfctl's own regression harness see
 * them).
 */
#ifndef TPF_TEST_FIXTURES_H
#define TPF_TEST_FIXTURES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <tessera/pf.h>

#define H_RULES	  512
#define H_TABLES  16
#define H_ENTRIES 64

static struct tpf_rule h_rules[H_RULES];
static struct tpf_table h_tables[H_TABLES];
static struct tpf_table_entry h_entries[H_ENTRIES];
static uint32_t h_index[TPF_INDEX_WORDS(H_RULES)];
static struct tpf_parser h_parser;
static struct tpf_ruleset h_rs;
static char h_err[65536], h_out[65536];
static size_t h_errlen, h_outlen;

static inline void
h_emit(void *ctx, enum tpf_stream s, const char *line, size_t len)
{
	char *b = s == TPF_OUT_ERROR ? h_err : h_out;
	size_t *l = s == TPF_OUT_ERROR ? &h_errlen : &h_outlen;

	(void)ctx;
	assert_true(*l + len + 2 < sizeof(h_err));
	memcpy(b + *l, line, len);
	*l += len;
	b[(*l)++] = '\n';
	b[*l] = '\0';
}

static inline void
h_init(void)
{
	assert_int_equal(tpf_ruleset_init(&h_rs, h_rules, H_RULES, h_tables,
					  H_TABLES, h_entries, H_ENTRIES,
					  h_index, TPF_INDEX_WORDS(H_RULES)),
			 0);
}

/* Parse @text verbosely; the result (errors, then output) is in @res. */
static inline int
h_parse(const char *text, char *res, size_t size)
{
	char line[1024];
	uint32_t i;
	int rc;

	h_init();
	h_errlen = h_outlen = 0;
	h_err[0] = h_out[0] = '\0';
	rc = tpf_parse(&h_parser, &h_rs, "stdin", text, strlen(text),
		       TPF_PARSE_VERBOSE, h_emit, NULL);
	if (rc == 0) {
		for (i = 0; i < tpf_ruleset_count(&h_rs); i++) {
			assert_true(tpf_rule_print(&h_rs,
						   tpf_ruleset_rule(&h_rs, i),
						   line, sizeof(line)) >= 0);
			h_emit(NULL, TPF_OUT_VERBOSE, line, strlen(line));
		}
	}
	assert_true(h_errlen + h_outlen < size);
	memcpy(res, h_err, h_errlen);
	memcpy(res + h_errlen, h_out, h_outlen + 1);
	return rc;
}

struct h_case {
	const char *in;
	int rc;
	const char *out;
};

static inline void
h_run_cases(const struct h_case *c, size_t n)
{
	static char res[131072];
	size_t i;

	for (i = 0; i < n; i++) {
		int rc = h_parse(c[i].in, res, sizeof(res));

		if (rc != c[i].rc || strcmp(res, c[i].out) != 0)
			print_error("case %zu: input\n%s\ngot rc %d\n%s\n", i,
				    c[i].in, rc, res);
		assert_int_equal(rc, c[i].rc);
		assert_string_equal(res, c[i].out);
	}
}

/* Parse and compile @text, failing the test on errors. */
static inline void
h_load(const char *text)
{
	static char res[131072];

	if (h_parse(text, res, sizeof(res)) != 0)
		print_error("%s", res);
	assert_int_equal(tpf_parse(&h_parser, &h_rs, "t", text, strlen(text), 0,
				   NULL, NULL),
			 0);
	assert_int_equal(tpf_ruleset_compile(&h_rs), 0);
}

/* Packet builders for the evaluator and state tests. */
struct h_pkt {
	int v6;
	const char *src, *dst;
	uint8_t proto, flags, type, code;
	uint16_t sport, dport, win;
	uint32_t seq, ack, plen;
};

static inline void
h_put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
h_put32(uint8_t *p, uint32_t v)
{
	h_put16(p, v >> 16);
	h_put16(p + 2, v & 0xffff);
}

/* Build an IPv4 or IPv6 packet; returns its length. */
static inline size_t
h_build(const struct h_pkt *k, uint8_t *b)
{
	struct tpf_addr a;
	size_t hl = k->v6 ? 40 : 20, l4 = 0;
	uint8_t af;

	memset(b, 0, 2048);
	if (k->proto == 6)
		l4 = 20;
	else if (k->proto == 17 || k->proto == 1 || k->proto == 58)
		l4 = 8;
	l4 += k->plen;
	if (k->v6) {
		b[0] = 0x60;
		h_put16(b + 4, (uint32_t)l4);
		b[6] = k->proto;
		b[7] = 64;
		assert_int_equal(tpf_addr_parse(k->src, &af, &a), 0);
		memcpy(b + 8, a.b, 16);
		assert_int_equal(tpf_addr_parse(k->dst, &af, &a), 0);
		memcpy(b + 24, a.b, 16);
	} else {
		b[0] = 0x45;
		h_put16(b + 2, (uint32_t)(hl + l4));
		b[8] = 64;
		b[9] = k->proto;
		assert_int_equal(tpf_addr_parse(k->src, &af, &a), 0);
		memcpy(b + 12, a.b, 4);
		assert_int_equal(tpf_addr_parse(k->dst, &af, &a), 0);
		memcpy(b + 16, a.b, 4);
	}
	if (k->proto == 6) {
		h_put16(b + hl, k->sport);
		h_put16(b + hl + 2, k->dport);
		h_put32(b + hl + 4, k->seq);
		h_put32(b + hl + 8, k->ack);
		b[hl + 12] = 5 << 4;
		b[hl + 13] = k->flags;
		h_put16(b + hl + 14, k->win);
	} else if (k->proto == 17) {
		h_put16(b + hl, k->sport);
		h_put16(b + hl + 2, k->dport);
		h_put16(b + hl + 4, 8 + k->plen);
	} else if (k->proto == 1 || k->proto == 58) {
		b[hl] = k->type;
		b[hl + 1] = k->code;
		h_put16(b + hl + 4, k->sport);
	}
	return hl + l4;
}

#endif
