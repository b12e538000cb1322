/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/parse_expand.c: table-driven pf.conf inputs with the exact
 * output (errors first, then echo lines and rules) pfctl -nv semantics demand.
 */
#include <stdio.h>

#include "fixtures.h"

static const struct h_case cases[] = {
	{"pass in on { em0 em1 } proto { tcp udp } from { 10.0.0.1 ::1 } port { 1 2 } to { 10.0.0.2 ::2 } port { 3 4 } label \"$if:$proto:$srcaddr:$srcport:$dstaddr:$dstport:$nr\"\n",
	 0,
	 "pass in on em0 inet proto tcp from 10.0.0.1 port = 1 to 10.0.0.2 port = 3 flags S/SA label \"em0:tcp:10.0.0.1:1:10.0.0.2:3:0\"\n"
	 "pass in on em0 inet proto tcp from 10.0.0.1 port = 1 to 10.0.0.2 port = 4 flags S/SA label \"em0:tcp:10.0.0.1:1:10.0.0.2:4:1\"\n"
	 "pass in on em0 inet proto tcp from 10.0.0.1 port = 2 to 10.0.0.2 port = 3 flags S/SA label \"em0:tcp:10.0.0.1:2:10.0.0.2:3:2\"\n"
	 "pass in on em0 inet proto tcp from 10.0.0.1 port = 2 to 10.0.0.2 port = 4 flags S/SA label \"em0:tcp:10.0.0.1:2:10.0.0.2:4:3\"\n"
	 "pass in on em0 inet6 proto tcp from ::1 port = 1 to ::2 port = 3 flags S/SA label \"em0:tcp:::1:1:::2:3:4\"\n"
	 "pass in on em0 inet6 proto tcp from ::1 port = 1 to ::2 port = 4 flags S/SA label \"em0:tcp:::1:1:::2:4:5\"\n"
	 "pass in on em0 inet6 proto tcp from ::1 port = 2 to ::2 port = 3 flags S/SA label \"em0:tcp:::1:2:::2:3:6\"\n"
	 "pass in on em0 inet6 proto tcp from ::1 port = 2 to ::2 port = 4 flags S/SA label \"em0:tcp:::1:2:::2:4:7\"\n"
	 "pass in on em0 inet proto udp from 10.0.0.1 port = 1 to 10.0.0.2 port = 3 label \"em0:udp:10.0.0.1:1:10.0.0.2:3:8\"\n"
	 "pass in on em0 inet proto udp from 10.0.0.1 port = 1 to 10.0.0.2 port = 4 label \"em0:udp:10.0.0.1:1:10.0.0.2:4:9\"\n"
	 "pass in on em0 inet proto udp from 10.0.0.1 port = 2 to 10.0.0.2 port = 3 label \"em0:udp:10.0.0.1:2:10.0.0.2:3:10\"\n"
	 "pass in on em0 inet proto udp from 10.0.0.1 port = 2 to 10.0.0.2 port = 4 label \"em0:udp:10.0.0.1:2:10.0.0.2:4:11\"\n"
	 "pass in on em0 inet6 proto udp from ::1 port = 1 to ::2 port = 3 label \"em0:udp:::1:1:::2:3:12\"\n"
	 "pass in on em0 inet6 proto udp from ::1 port = 1 to ::2 port = 4 label \"em0:udp:::1:1:::2:4:13\"\n"
	 "pass in on em0 inet6 proto udp from ::1 port = 2 to ::2 port = 3 label \"em0:udp:::1:2:::2:3:14\"\n"
	 "pass in on em0 inet6 proto udp from ::1 port = 2 to ::2 port = 4 label \"em0:udp:::1:2:::2:4:15\"\n"
	 "pass in on em1 inet proto tcp from 10.0.0.1 port = 1 to 10.0.0.2 port = 3 flags S/SA label \"em1:tcp:10.0.0.1:1:10.0.0.2:3:16\"\n"
	 "pass in on em1 inet proto tcp from 10.0.0.1 port = 1 to 10.0.0.2 port = 4 flags S/SA label \"em1:tcp:10.0.0.1:1:10.0.0.2:4:17\"\n"
	 "pass in on em1 inet proto tcp from 10.0.0.1 port = 2 to 10.0.0.2 port = 3 flags S/SA label \"em1:tcp:10.0.0.1:2:10.0.0.2:3:18\"\n"
	 "pass in on em1 inet proto tcp from 10.0.0.1 port = 2 to 10.0.0.2 port = 4 flags S/SA label \"em1:tcp:10.0.0.1:2:10.0.0.2:4:19\"\n"
	 "pass in on em1 inet6 proto tcp from ::1 port = 1 to ::2 port = 3 flags S/SA label \"em1:tcp:::1:1:::2:3:20\"\n"
	 "pass in on em1 inet6 proto tcp from ::1 port = 1 to ::2 port = 4 flags S/SA label \"em1:tcp:::1:1:::2:4:21\"\n"
	 "pass in on em1 inet6 proto tcp from ::1 port = 2 to ::2 port = 3 flags S/SA label \"em1:tcp:::1:2:::2:3:22\"\n"
	 "pass in on em1 inet6 proto tcp from ::1 port = 2 to ::2 port = 4 flags S/SA label \"em1:tcp:::1:2:::2:4:23\"\n"
	 "pass in on em1 inet proto udp from 10.0.0.1 port = 1 to 10.0.0.2 port = 3 label \"em1:udp:10.0.0.1:1:10.0.0.2:3:24\"\n"
	 "pass in on em1 inet proto udp from 10.0.0.1 port = 1 to 10.0.0.2 port = 4 label \"em1:udp:10.0.0.1:1:10.0.0.2:4:25\"\n"
	 "pass in on em1 inet proto udp from 10.0.0.1 port = 2 to 10.0.0.2 port = 3 label \"em1:udp:10.0.0.1:2:10.0.0.2:3:26\"\n"
	 "pass in on em1 inet proto udp from 10.0.0.1 port = 2 to 10.0.0.2 port = 4 label \"em1:udp:10.0.0.1:2:10.0.0.2:4:27\"\n"
	 "pass in on em1 inet6 proto udp from ::1 port = 1 to ::2 port = 3 label \"em1:udp:::1:1:::2:3:28\"\n"
	 "pass in on em1 inet6 proto udp from ::1 port = 1 to ::2 port = 4 label \"em1:udp:::1:1:::2:4:29\"\n"
	 "pass in on em1 inet6 proto udp from ::1 port = 2 to ::2 port = 3 label \"em1:udp:::1:2:::2:3:30\"\n"
	 "pass in on em1 inet6 proto udp from ::1 port = 2 to ::2 port = 4 label \"em1:udp:::1:2:::2:4:31\"\n"},
	{"pass in proto tcp from <t> port 1:2 to ! (em0) label \"$srcaddr $srcport $dstaddr $dstport $proto $if $nr $\"\n"
	 "pass label \"$proto\"\n"
	 "pass proto 200 label \"$proto\"\n"
	 "pass from no-route label \"$srcaddr\"\n",
	 0,
	 "pass in proto tcp from <t> port 1:2 to ! (em0) flags S/SA label \"<t> 1:2 !(em0)  tcp  0 $\"\n"
	 "pass all flags S/SA\n"
	 "pass proto 200 all\n"
	 "pass from no-route to any flags S/SA label \"no-route\"\n"},
	{"pass in proto { tcp udp icmp } to port 22\n", -32,
	 "stdin:1: port only applies to tcp/udp\n"
	 "stdin:1: skipping rule due to errors\n"},
	{"pass in inet6 proto icmp6 icmp6-type 1\n"
	 "pass inet proto icmp icmp-type 8 code 0\n",
	 0,
	 "pass in inet6 proto ipv6-icmp all icmp6-type unreach\n"
	 "pass inet proto icmp all icmp-type echoreq code 0\n"},
	{"pass proto { tcp udp } flags S/SA\n", 0,
	 "pass proto tcp all flags S/SA\n"
	 "pass proto udp all\n"},
	{"block return-icmp proto icmp6 inet6\n", -32,
	 "stdin:1: syntax error\n"},
	{"pass in from { ::1 10.0.0.1 } to 10.0.0.2\n", 0,
	 "pass in inet from 10.0.0.1 to 10.0.0.2 flags S/SA\n"},
};

static void
test_tpf_parse__expansion_vectors(void **state)
{
	(void)state;
	h_run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static const struct tpf_ifaddr ifa[] = {
	{"lo0", TPF_AF_INET6, 128, 1, 0, {{[15] = 1}}},
	{"lo0", TPF_AF_INET6, 64, 1, 0, {{0xfe, 0x80, [15] = 1}}},
	{"lo0", TPF_AF_INET, 8, 1, 0, {{127, 0, 0, 1}}},
	{"em0", TPF_AF_INET, 24, 0, 0, {{192, 0, 2, 10}}},
	{"em0", TPF_AF_INET6, 64, 0, 0, {{0x20, 0x01, 0x0d, 0xb8, [15] = 10}}},
};

static const struct {
	const char *in;
	int rc;
	const char *out;
} spoof[] = {
	{"antispoof for lo0\n", 0,
	 "block drop in on ! lo0 inet6 from ::1 to any\n"
	 "block drop in on ! lo0 inet from 127.0.0.0/8 to any\n"},
	{"antispoof log (all) quick for { em0, (lo0) } inet label \"s-$if\"\n",
	 0,
	 "block drop in log (all) quick on ! em0 inet from 192.0.2.0/24 to any "
	 "label \"s-em0\"\n"
	 "block drop in log (all) quick inet from 192.0.2.10 to any label "
	 "\"s-\"\n"
	 "block drop in log (all) quick on ! lo0 inet from (lo0:network) to "
	 "any label \"s-lo0\"\n"},
	{"antispoof for em0 inet6\n", 0,
	 "block drop in on ! em0 inet6 from 2001:db8::/64 to any\n"
	 "block drop in inet6 from 2001:db8::a to any\n"},
	{"antispoof for em1\n", -TPF_EPARSE,
	 "f:1: no IP address found for em1\n"},
	{"antispoof em0\n", -TPF_EPARSE, "f:1: syntax error\n"},
	{"antispoof for (em0\n", -TPF_EPARSE, "f:1: syntax error\n"},
	{"antispoof for )\n", -TPF_EPARSE, "f:1: syntax error\n"},
	{"antispoof for { em0 ) }\n", -TPF_EPARSE, "f:1: syntax error\n"},
	{"antispoof for em0 foo\n", -TPF_EPARSE, "f:1: syntax error\n"},
	{"antispoof log (x) for em0\n", -TPF_EPARSE, "f:1: syntax error\n"},
	{"antispoof for em0 label (\n", -TPF_EPARSE, "f:1: syntax error\n"},
};

static void
test_tpf_parse_ifaddrs__antispoof(void **state)
{
	char line[512], res[4096];
	size_t i, n;
	uint32_t k;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(spoof) / sizeof(spoof[0]); i++) {
		h_init();
		h_errlen = 0;
		h_err[0] = '\0';
		rc = tpf_parse_ifaddrs(&h_parser, &h_rs, "f", spoof[i].in,
				       strlen(spoof[i].in), 0, h_emit, NULL,
				       ifa, 5);
		n = 0;
		res[0] = '\0';
		if (rc != 0)
			n = (size_t)snprintf(res, sizeof(res), "%s", h_err);
		for (k = 0; rc == 0 && k < tpf_ruleset_count(&h_rs); k++) {
			assert_true(tpf_rule_print(&h_rs,
						   tpf_ruleset_rule(&h_rs, k),
						   line, sizeof(line)) > 0);
			n += (size_t)snprintf(res + n, sizeof(res) - n, "%s\n",
					      line);
		}
		assert_int_equal(rc, spoof[i].rc);
		assert_string_equal(res, spoof[i].out);
	}
	assert_int_equal(tpf_parse_ifaddrs(&h_parser, &h_rs, "f", "", 0, 0,
					   NULL, NULL, NULL, 1),
			 -TPF_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpf_parse_ifaddrs__antispoof),
		cmocka_unit_test(test_tpf_parse__expansion_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
