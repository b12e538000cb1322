/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/eval.c: decoding with every length checked, matching,
 * last-match/quick, replies, and a differential test of the compiled
 * index and skip steps against the plain linear evaluator.
 */
#include "fixtures.h"

static uint8_t buf[2048];

static void
test_tpf_decode__valid_packets(void **state)
{
	struct h_pkt k = {0,	"10.0.0.1", "10.0.0.2", 6,   TPF_TH_SYN, 0, 0,
			  1234, 22,	    512,	100, 0,		 3};
	struct tpf_pkt p;
	size_t n;

	(void)state;
	n = h_build(&k, buf);
	assert_int_equal(tpf_decode(buf, n, TPF_DIR_IN, &p), 0);
	assert_int_equal(p.af, TPF_AF_INET);
	assert_int_equal(p.proto, 6);
	assert_int_equal(p.sport, 1234);
	assert_int_equal(p.dport, 22);
	assert_int_equal(p.seq, 100);
	assert_int_equal(p.plen, 3);
	assert_int_equal(p.win, 512);
	assert_int_equal(p.len, n);
	k.proto = 17;
	n = h_build(&k, buf);
	assert_int_equal(tpf_decode(buf, n, TPF_DIR_OUT, &p), 0);
	assert_int_equal(p.dport, 22);
	assert_int_equal(p.plen, 3);
	k.proto = 1;
	k.type = 8;
	k.sport = 77;
	n = h_build(&k, buf);
	assert_int_equal(tpf_decode(buf, n, TPF_DIR_IN, &p), 0);
	assert_int_equal(p.icmp_type, 8);
	assert_int_equal(p.sport, 77);
	k.proto = 47;
	n = h_build(&k, buf);
	assert_int_equal(tpf_decode(buf, n, TPF_DIR_IN, &p), 0);
	assert_int_equal(p.plen, 3);
	k.v6 = 1;
	k.src = "2001:db8::1";
	k.dst = "2001:db8::2";
	k.proto = 58;
	n = h_build(&k, buf);
	assert_int_equal(tpf_decode(buf, n, TPF_DIR_IN, &p), 0);
	assert_int_equal(p.af, TPF_AF_INET6);
	assert_int_equal(p.proto, 58);
}

/* TCP options: NOP, window scale (capped at 14), then EOL. */
static void
test_tpf_decode__tcp_options(void **state)
{
	struct h_pkt k = {0, "10.0.0.1", "10.0.0.2", 6, TPF_TH_SYN, 0, 0,
			  1, 2,		 0,	     0, 0,	    8};
	struct tpf_pkt p;
	size_t n = h_build(&k, buf);
	static const uint8_t opts[][8] = {
		{1, 3, 3, 20, 0, 0, 0, 0},
		{3, 3, 7, 0, 0, 0, 0, 0},
		{2, 4, 5, 180, 3, 1, 0, 0},
		{1, 1, 1, 1, 1, 1, 1, 3},
	};
	static const uint8_t want[] = {0x8e, 0x87, 0, 0};
	size_t i;

	(void)state;
	buf[32] = 7 << 4;
	for (i = 0; i < 4; i++) {
		memcpy(buf + 40, opts[i], 8);
		assert_int_equal(tpf_decode(buf, n, TPF_DIR_IN, &p), 0);
		assert_int_equal(p.wscale, want[i]);
		assert_int_equal(p.plen, 0);
	}
}

static void
test_tpf_decode__fragments_and_options(void **state)
{
	struct h_pkt k = {0, "10.0.0.1", "10.0.0.2", 17, 0, 0, 0,
			  1, 2,		 0,	     0,	 0, 0};
	struct tpf_pkt p;
	size_t n = h_build(&k, buf);

	(void)state;
	buf[6] = 0x00;
	buf[7] = 0x10; /* fragment offset 16 */
	assert_int_equal(tpf_decode(buf, n, TPF_DIR_IN, &p), 0);
	assert_int_equal(p.frag, 1);
	assert_int_equal(p.dport, 0);
	/* IPv4 options: header length 24. */
	memmove(buf + 24, buf + 20, 8);
	buf[0] = 0x46;
	buf[3] = 32;
	buf[7] = 0;
	memset(buf + 20, 1, 4);
	assert_int_equal(tpf_decode(buf, 32, TPF_DIR_IN, &p), 0);
	assert_int_equal(p.ipopts, 1);
	assert_int_equal(p.dport, 2);
}

/* IPv6 extension headers: hop-by-hop, AH, fragments. */
static void
test_tpf_decode__ipv6_extensions(void **state)
{
	struct h_pkt k = {1, "::1", "::2", 17, 0, 0, 0, 5, 6, 0, 0, 0, 0};
	struct tpf_pkt p;
	uint8_t *l4;
	unsigned i;

	(void)state;
	(void)h_build(&k, buf);
	/* Insert a hop-by-hop header (8 bytes) and an AH (16 bytes). */
	memmove(buf + 64, buf + 40, 8);
	l4 = buf + 40;
	memset(l4, 0, 24);
	buf[6] = 0;
	l4[0] = 51;
	l4[1] = 0;
	l4[8] = 17;
	l4[9] = 2;
	h_put16(buf + 4, 32);
	assert_int_equal(tpf_decode(buf, 72, TPF_DIR_IN, &p), 0);
	assert_int_equal(p.proto, 17);
	assert_int_equal(p.dport, 6);
	/* First fragment: parsed through; later fragment: no ports. */
	memmove(buf + 48, buf + 64, 8);
	buf[6] = 44;
	memset(l4, 0, 8);
	l4[0] = 17;
	h_put16(buf + 4, 16);
	assert_int_equal(tpf_decode(buf, 56, TPF_DIR_IN, &p), 0);
	assert_int_equal(p.dport, 6);
	l4[3] = 8;
	assert_int_equal(tpf_decode(buf, 56, TPF_DIR_IN, &p), 0);
	assert_int_equal(p.frag, 1);
	assert_int_equal(p.dport, 0);
	/* Nine chained destination-option headers are too many. */
	buf[6] = 60;
	for (i = 0; i < 9; i++) {
		buf[40 + 8 * i] = 60;
		buf[41 + 8 * i] = 0;
	}
	h_put16(buf + 4, 80);
	assert_int_equal(tpf_decode(buf, 120, TPF_DIR_IN, &p), -TPF_EINVAL);
	/* An extension header longer than the packet. */
	buf[41] = 200;
	assert_int_equal(tpf_decode(buf, 120, TPF_DIR_IN, &p), -TPF_EINVAL);
	h_put16(buf + 4, 4);
	assert_int_equal(tpf_decode(buf, 44, TPF_DIR_IN, &p), -TPF_EINVAL);
}

/* Each malformed packet: (protocol, byte to change, value, length). */
static void
test_tpf_decode__malformed(void **state)
{
	static const struct {
		int v6;
		uint8_t proto;
		int at, val, len;
	} v[] = {
		{0, 6, 0, 0x55, -1},  {0, 6, 0, 0x44, -1},
		{0, 6, 3, 19, -1},    {0, 6, 3, 100, -1},
		{0, 6, -1, 0, 19},    {0, 6, 32, 0x40, -1},
		{0, 6, 32, 0xf0, -1}, {0, 6, 3, 39, 39},
		{0, 17, 3, 27, 27},   {0, 17, 25, 7, -1},
		{0, 17, 25, 200, -1}, {0, 1, 3, 27, 27},
		{1, 6, -1, 0, 39},    {1, 6, 5, 200, -1},
		{1, 58, 5, 7, 47},    {0, 6, -1, 0, 0},
	};
	struct tpf_pkt p;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct h_pkt k = {v[i].v6,
				  v[i].v6 ? "::1" : "1.1.1.1",
				  v[i].v6 ? "::2" : "2.2.2.2",
				  v[i].proto,
				  0,
				  0,
				  0,
				  1,
				  2,
				  0,
				  0,
				  0,
				  0};

		n = h_build(&k, buf);
		if (v[i].at >= 0)
			buf[v[i].at] = (uint8_t)v[i].val;
		if (v[i].len >= 0)
			n = (size_t)v[i].len;
		if (tpf_decode(buf, n, TPF_DIR_IN, &p) != -TPF_EINVAL)
			print_error("vector %zu accepted\n", i);
		assert_int_equal(tpf_decode(buf, n, TPF_DIR_IN, &p),
				 -TPF_EINVAL);
	}
	assert_int_equal(tpf_decode(NULL, 1, TPF_DIR_IN, &p), -TPF_EINVAL);
	assert_int_equal(tpf_decode(buf, 20, TPF_DIR_IN, NULL), -TPF_EINVAL);
	assert_int_equal(tpf_decode(buf, 20, 0, &p), -TPF_EINVAL);
	assert_int_equal(tpf_decode(buf, 20, 3, &p), -TPF_EINVAL);
}

static void
eval_pkt(const struct h_pkt *k, uint8_t dir, const char *ifname,
	 struct tpf_verdict *v)
{
	struct tpf_pkt p;
	size_t n = h_build(k, buf);

	assert_int_equal(tpf_decode(buf, n, dir, &p), 0);
	tpf_pkt_set_if(&h_rs, ifname, &p);
	assert_int_equal(tpf_ruleset_eval(&h_rs, &p, TPF_EVAL_INDEXED, v), 0);
}

static void
test_tpf_ruleset_eval__last_match_and_quick(void **state)
{
	struct h_pkt k = {0,	"10.0.0.1", "10.0.0.2", 6, TPF_TH_SYN, 0, 0,
			  1000, 22,	    0,		0, 0,	       0};
	struct tpf_verdict v;

	(void)state;
	h_load("block in all\n"
	       "pass in proto tcp to port 22\n"
	       "match in log proto tcp\n"
	       "block in quick proto tcp from 10.0.0.9\n"
	       "pass in proto udp\n");
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.action, TPF_PASS);
	assert_int_equal(v.rule, 1);
	assert_int_equal(v.log, 1);
	k.src = "10.0.0.9";
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.action, TPF_BLOCK);
	assert_int_equal(v.rule, 3);
	assert_int_equal(v.reply, TPF_REPLY_NONE);
	eval_pkt(&k, TPF_DIR_OUT, NULL, &v);
	assert_int_equal(v.action, TPF_PASS);
	assert_int_equal(v.reason, TPF_REASON_NOMATCH);
	assert_int_equal(v.rule, -1);
	assert_int_equal(tpf_ruleset_rule(&h_rs, 3)->packets, 1);
}

/* The deciding pass rule's route option travels with the verdict. */
static void
test_tpf_ruleset_eval__route_target(void **state)
{
	struct h_pkt k = {0,	"10.0.0.1", "10.0.0.2", 6, TPF_TH_SYN, 0, 0,
			  1000, 22,	    0,		0, 0,	       0};
	struct tpf_verdict v;
	struct tpf_addr a;
	uint8_t af;

	(void)state;
	h_load("pass in proto tcp route-to (em1 192.168.1.1)\n"
	       "pass in proto tcp to port 23 dup-to 192.168.1.2\n"
	       "pass in proto tcp to port 24 reply-to 192.168.1.3 allow-opts\n"
	       "pass in proto tcp to port 25\n"
	       "block in proto tcp to port 26\n");
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.rule, 0);
	assert_int_equal(v.route, TPF_RT_ROUTETO);
	assert_int_equal(v.route_af, TPF_AF_INET);
	assert_int_equal(tpf_addr_parse("192.168.1.1", &af, &a), 0);
	assert_memory_equal(&v.route_addr, &a, sizeof(a));
	assert_string_equal(v.route_ifname, "em1");
	k.dport = 23;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.route, TPF_RT_DUPTO);
	assert_string_equal(v.route_ifname, "");
	k.dport = 24;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.route, TPF_RT_REPLYTO);
	k.dport = 25;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.rule, 3);
	assert_int_equal(v.route, TPF_RT_NONE);
	k.dport = 26;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.action, TPF_BLOCK);
	assert_int_equal(v.route, TPF_RT_NONE);
}

/* An anchor whose criteria match evaluates its rules in place; quick
 * inside ends everything; a quick anchor ends evaluation when one of its
 * rules matched; a tagged anchor needs the tag. */
static void
test_tpf_ruleset_eval__anchors(void **state)
{
	static const struct {
		const char *src;
		uint16_t dport;
		int32_t rule;
		uint8_t action;
	} cases[] = {
		{"10.0.0.1", 80, 2, TPF_PASS},	{"10.0.0.9", 80, 3, TPF_BLOCK},
		{"10.0.0.1", 81, 5, TPF_PASS},	{"10.0.0.1", 82, 8, TPF_PASS},
		{"10.0.0.1", 22, 0, TPF_BLOCK}, {"10.0.0.1", 83, 15, TPF_BLOCK},
		{"10.0.0.1", 84, 19, TPF_PASS}, {"10.0.0.7", 84, 21, TPF_BLOCK},
	};
	struct h_pkt k = {0,	"10.0.0.1", "10.0.0.2", 6, TPF_TH_SYN, 0, 0,
			  1000, 22,	    0,		0, 0,	       0};
	struct tpf_verdict v[3];
	struct tpf_pkt p;
	size_t i, n;
	int m;

	(void)state;
	h_load("block all\n"
	       "anchor \"web\" in proto tcp to port 80 {\n"
	       "pass all\n"
	       "block from 10.0.0.9\n"
	       "}\n"
	       "anchor \"q\" in quick proto tcp to port 81 {\n"
	       "pass all\n"
	       "}\n"
	       "block in proto tcp to port 81\n"
	       "anchor \"inner\" in proto tcp to port 82 {\n"
	       "pass quick all\n"
	       "}\n"
	       "block in proto tcp to port 82\n"
	       "anchor \"t\" tagged nope {\n"
	       "pass all\n"
	       "}\n"
	       "anchor \"none\" in quick proto tcp to port 83 {\n"
	       "pass from 10.9.9.9\n"
	       "}\n"
	       "match in proto tcp to port 83 tag x\n"
	       "block in proto tcp to port 83\n"
	       "anchor \"tg\" quick tagged y {\n"
	       "}\n"
	       "match in proto tcp to port 84 tag y\n"
	       "anchor \"tg2\" tagged y {\n"
	       "pass all\n"
	       "anchor \"deep\" from 10.0.0.7 {\n"
	       "block all\n"
	       "}\n"
	       "}\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		k.src = cases[i].src;
		k.dport = cases[i].dport;
		n = h_build(&k, buf);
		assert_int_equal(tpf_decode(buf, n, TPF_DIR_IN, &p), 0);
		for (m = 0; m < 3; m++)
			assert_int_equal(tpf_ruleset_eval(&h_rs, &p, m, &v[m]),
					 0);
		for (m = 0; m < 3; m++) {
			if (v[m].rule != cases[i].rule)
				print_error("case %zu mode %d: rule %d\n", i, m,
					    v[m].rule);
			assert_int_equal(v[m].rule, cases[i].rule);
			assert_int_equal(v[m].action, cases[i].action);
		}
	}
}

/* Caller-built anchors that do not nest are refused by compilation. */
static void
test_tpf_ruleset_compile__bad_anchors(void **state)
{
	struct tpf_rule r;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		h_init();
		memset(&r, 0, sizeof(r));
		r.anchor = 1;
		r.anchor_end = i == 0 ? 0 : 3;
		assert_int_equal(tpf_ruleset_add(&h_rs, &r), 0);
		r.anchor_end = i == 2 ? 4 : i == 1 ? 1 : 2;
		assert_int_equal(tpf_ruleset_add(&h_rs, &r), 1);
		r.anchor = 0;
		assert_int_equal(tpf_ruleset_add(&h_rs, &r), 2);
		assert_int_equal(tpf_ruleset_add(&h_rs, &r), 3);
		assert_int_equal(tpf_ruleset_compile(&h_rs), -TPF_EINVAL);
		assert_int_equal(tpf_ruleset_rule(&h_rs, 2)->scope_end, 0);
	}
	/* Nine levels are one too many. */
	h_init();
	memset(&r, 0, sizeof(r));
	r.anchor = 1;
	for (i = 0; i < 9; i++) {
		r.anchor_end = 10;
		assert_int_equal(tpf_ruleset_add(&h_rs, &r), i);
	}
	r.anchor = 0;
	assert_int_equal(tpf_ruleset_add(&h_rs, &r), 9);
	assert_int_equal(tpf_ruleset_compile(&h_rs), -TPF_EINVAL);
	h_rules[0].anchor = 0;
	assert_int_equal(tpf_ruleset_compile(&h_rs), 0);
}

static void
test_tpf_ruleset_eval__replies(void **state)
{
	struct h_pkt k = {
		0,   "10.0.0.1", "10.0.0.2", 6,	 TPF_TH_SYN | TPF_TH_FIN,
		0,   0,		 1000,	     22, 0,
		100, 0,		 5};
	struct tpf_verdict v;

	(void)state;
	h_load("block return-rst(ttl 9) proto tcp to port 22\n"
	       "block return proto tcp to port 23\n"
	       "block return proto udp to port 24\n"
	       "block return proto icmp\n"
	       "block return-icmp(host-unr, addr-unr) proto udp to port 25\n"
	       "block return-icmp6 inet6 proto udp to port 26\n"
	       "block return proto ipv6-icmp\n");
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.reply, TPF_REPLY_RST);
	assert_int_equal(v.ttl, 9);
	assert_int_equal(v.rst_seq, 0);
	assert_int_equal(v.rst_ack, 107);
	k.flags = TPF_TH_ACK;
	k.ack = 555;
	k.dport = 23;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.reply, TPF_REPLY_RST);
	assert_int_equal(v.rst_seq, 555);
	assert_int_equal(v.rst_ack, 105);
	k.flags = TPF_TH_RST;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.reply, TPF_REPLY_NONE);
	k.proto = 17;
	k.dport = 24;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.reply, TPF_REPLY_ICMP);
	assert_int_equal(v.icmp_code, 3);
	k.dport = 25;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.reply, TPF_REPLY_ICMP);
	assert_int_equal(v.icmp_code, 1);
	k.proto = 1;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.action, TPF_BLOCK);
	assert_int_equal(v.reply, TPF_REPLY_NONE);
	k.v6 = 1;
	k.src = "::1";
	k.dst = "::2";
	k.proto = 17;
	k.dport = 25;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.reply, TPF_REPLY_ICMP6);
	assert_int_equal(v.icmp_code, 3);
	k.dport = 24;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.reply, TPF_REPLY_ICMP6);
	assert_int_equal(v.icmp_code, 4);
	k.dport = 26;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.reply, TPF_REPLY_ICMP6);
	assert_int_equal(v.icmp_code, 4);
}

static void
test_tpf_ruleset_eval__interfaces_tags_options(void **state)
{
	struct h_pkt k = {0, "10.0.0.1", "10.0.0.2", 17, 0, 0, 0,
			  1, 2,		 0,	     0,	 0, 0};
	struct tpf_verdict v;

	(void)state;
	h_load("pass on em no state tag grp\n"
	       "block on em0 tagged grp\n"
	       "pass on ! em1 proto udp to port 9 no state\n"
	       "pass on vlan10 ! tagged grp no state\n"
	       "block in on em2 inet proto udp tos 0x10\n"
	       "pass in inet proto icmp icmp-type echoreq code 0 no state\n"
	       "block in inet proto icmp icmp-type echorep\n");
	eval_pkt(&k, TPF_DIR_IN, "em0", &v);
	assert_int_equal(v.rule, 1);
	eval_pkt(&k, TPF_DIR_IN, "em12", &v);
	assert_int_equal(v.rule, 0);
	eval_pkt(&k, TPF_DIR_IN, "emx", &v);
	assert_int_equal(v.rule, -1);
	eval_pkt(&k, TPF_DIR_IN, "vlan1", &v);
	assert_int_equal(v.rule, -1);
	eval_pkt(&k, TPF_DIR_IN, "vlan10", &v);
	assert_int_equal(v.rule, 3);
	k.dport = 9;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.rule, 2);
	eval_pkt(&k, TPF_DIR_IN, "em1", &v);
	assert_int_equal(v.rule, 0);
	buf[1] = 0x10;
	{
		struct tpf_pkt p;

		assert_int_equal(tpf_decode(buf, h_build(&k, buf), 1, &p), 0);
		p.tos = 0x10;
		tpf_pkt_set_if(&h_rs, "em2", &p);
		assert_int_equal(tpf_ruleset_eval(&h_rs, &p, 0, &v), 0);
		assert_int_equal(v.rule, 4);
		p.ipopts = 1;
		p.tos = 0;
		tpf_pkt_set_if(&h_rs, "em1", &p);
		assert_int_equal(tpf_ruleset_eval(&h_rs, &p, 0, &v), 0);
		assert_int_equal(v.action, TPF_BLOCK);
		assert_int_equal(v.reason, TPF_REASON_IPOPTIONS);
	}
	k.proto = 1;
	k.type = 8;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.rule, 5);
	k.code = 1;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.rule, -1);
	k.type = 0;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.rule, 6);
	k.proto = 6;
	k.flags = TPF_TH_SYN;
	eval_pkt(&k, TPF_DIR_IN, NULL, &v);
	assert_int_equal(v.rule, -1);
}

static void
test_tpf_ruleset_eval__bad_arguments(void **state)
{
	struct tpf_verdict v;
	struct tpf_pkt p;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.dir = TPF_DIR_IN;
	h_init();
	assert_int_equal(tpf_ruleset_eval(&h_rs, &p, 0, &v), -TPF_EINVAL);
	assert_int_equal(tpf_ruleset_compile(&h_rs), 0);
	assert_int_equal(tpf_ruleset_eval(&h_rs, &p, 3, &v), -TPF_EINVAL);
	assert_int_equal(tpf_ruleset_eval(&h_rs, &p, -1, &v), -TPF_EINVAL);
	p.dir = 0;
	assert_int_equal(tpf_ruleset_eval(&h_rs, &p, 0, &v), -TPF_EINVAL);
	p.dir = TPF_DIR_OUT;
	assert_int_equal(tpf_ruleset_eval(&h_rs, &p, 0, &v), 0);
	assert_int_equal(v.reason, TPF_REASON_NOMATCH);
}

static uint32_t rng = 12345;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng % n;
}

static void
random_spec(struct tpf_addr_spec *h, bool ports)
{
	memset(h, 0, sizeof(*h));
	switch (rnd(4)) {
	case 0:
		h->type = TPF_ADDR_MASK;
		h->af = TPF_AF_INET;
		h->addr.b[0] = 10;
		h->addr.b[3] = (uint8_t)rnd(4);
		h->bits = (uint8_t)(30 + rnd(3));
		break;
	case 1:
		h->type = TPF_ADDR_TABLE;
		h->table = 0;
		break;
	default:
		break;
	}
	h->neg = rnd(6) == 0;
	if (ports && rnd(2) == 0) {
		h->port_op = (uint8_t)(1 + rnd(9));
		h->port[0] = (uint16_t)rnd(6);
		h->port[1] = (uint16_t)(h->port[0] + rnd(4));
	}
}

static void
random_rule(struct tpf_rule *r)
{
	static const uint8_t protos[] = {0, 6, 17, 1, 47};

	memset(r, 0, sizeof(*r));
	r->action = (uint8_t)rnd(3);
	r->dir = (uint8_t)rnd(3);
	r->quick = rnd(5) == 0;
	r->log = rnd(4) == 0;
	r->af = rnd(4) == 0 ? TPF_AF_INET : 0;
	r->proto = protos[rnd(5)];
	r->ifidx = (uint8_t)rnd(3);
	r->ifnot = r->ifidx != 0 && rnd(3) == 0;
	random_spec(&r->src, r->proto == 6 || r->proto == 17);
	random_spec(&r->dst, r->proto == 6 || r->proto == 17);
	if ((r->proto == 6 || r->proto == 0) && rnd(3) == 0) {
		r->flags = TPF_TH_SYN;
		r->flagset = TPF_TH_SYN | TPF_TH_ACK;
	}
	if (r->proto == 1 && rnd(2) == 0)
		r->icmp_type = (uint8_t)(1 + rnd(2) * 8);
}

/* The compiled index and skip steps must decide exactly as the plain
 * linear scan does, on random rulesets and packets. */
static void
test_tpf_ruleset_eval__differential(void **state)
{
	static const uint8_t protos[] = {6, 17, 1, 47};
	static const char *const ifs[] = {NULL, "em0", "em1", "lo0"};
	struct tpf_verdict v[3];
	struct tpf_rule r;
	struct tpf_addr a;
	struct tpf_pkt p;
	uint8_t af;
	int round, i, m;
	uint32_t open[4], nopen;

	(void)state;
	for (round = 0; round < 300; round++) {
		h_init();
		assert_int_equal(tpf_ruleset_ifname(&h_rs, "em0"), 1);
		assert_int_equal(tpf_ruleset_ifname(&h_rs, "em"), 2);
		assert_int_equal(tpf_table_get(&h_rs, "t"), 0);
		assert_int_equal(tpf_addr_parse("10.0.0.2", &af, &a), 0);
		assert_int_equal(tpf_table_add(&h_rs, 0, af, &a, 31, 0), 0);
		assert_int_equal(tpf_table_add(&h_rs, 0, af, &a, 32, 1), 0);
		nopen = 0;
		for (i = (int)rnd(60); i >= 0; i--) {
			/* Every third round nests rules in random anchors. */
			if (round % 3 == 0 && nopen > 0 && rnd(4) == 0) {
				h_rules[open[--nopen]].anchor_end =
					tpf_ruleset_count(&h_rs);
				continue;
			}
			random_rule(&r);
			if (round % 3 == 0 && nopen < 4 && rnd(5) == 0) {
				r.anchor = 1;
				r.anchor_end = tpf_ruleset_count(&h_rs) + 1;
				r.depth = (uint8_t)nopen;
				open[nopen++] = tpf_ruleset_count(&h_rs);
			}
			assert_true(tpf_ruleset_add(&h_rs, &r) >= 0);
		}
		while (nopen > 0)
			h_rules[open[--nopen]].anchor_end =
				tpf_ruleset_count(&h_rs);
		assert_int_equal(tpf_ruleset_compile(&h_rs), 0);
		for (i = 0; i < 300; i++) {
			memset(&p, 0, sizeof(p));
			p.af = TPF_AF_INET;
			p.dir = (uint8_t)(1 + rnd(2));
			p.proto = protos[rnd(4)];
			p.src.b[0] = p.dst.b[0] = 10;
			p.src.b[3] = (uint8_t)rnd(5);
			p.dst.b[3] = (uint8_t)rnd(5);
			p.sport = (uint16_t)rnd(8);
			p.dport = (uint16_t)rnd(8);
			p.tcp_flags = (uint8_t)rnd(32);
			p.icmp_type = (uint8_t)(rnd(2) * 8);
			p.frag = rnd(10) == 0;
			tpf_pkt_set_if(&h_rs, ifs[rnd(4)], &p);
			for (m = 0; m < 3; m++)
				assert_int_equal(
					tpf_ruleset_eval(&h_rs, &p, m, &v[m]),
					0);
			for (m = 1; m < 3; m++) {
				assert_int_equal(v[m].rule, v[0].rule);
				assert_int_equal(v[m].action, v[0].action);
				assert_int_equal(v[m].log, v[0].log);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpf_decode__valid_packets),
		cmocka_unit_test(test_tpf_decode__tcp_options),
		cmocka_unit_test(test_tpf_decode__fragments_and_options),
		cmocka_unit_test(test_tpf_decode__ipv6_extensions),
		cmocka_unit_test(test_tpf_decode__malformed),
		cmocka_unit_test(test_tpf_ruleset_eval__last_match_and_quick),
		cmocka_unit_test(test_tpf_ruleset_eval__route_target),
		cmocka_unit_test(test_tpf_ruleset_eval__anchors),
		cmocka_unit_test(test_tpf_ruleset_compile__bad_anchors),
		cmocka_unit_test(test_tpf_ruleset_eval__replies),
		cmocka_unit_test(
			test_tpf_ruleset_eval__interfaces_tags_options),
		cmocka_unit_test(test_tpf_ruleset_eval__bad_arguments),
		cmocka_unit_test(test_tpf_ruleset_eval__differential),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
