/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/parse_rule.c: table-driven pf.conf inputs with the exact output
 * (errors first, then echo lines and rules) pfctl -nv semantics demand.
 */
#include "fixtures.h"

static const struct h_case cases[] = {
	{"pass in on em0 proto tcp from 10.0.0.0/8 port 1024:2048 to ! 192.168.1.1 port 1000 >< 2000 label \"x$if-$srcport-$dstport-$dstaddr-$srcaddr-$proto-$nr-$foo\"\n",
	 0,
	 "pass in on em0 inet proto tcp from 10.0.0.0/8 port 1024:2048 to ! 192.168.1.1 port 1000 >< 2000 flags S/SA label \"xem0-1024:2048--!192.168.1.1-10.0.0.0/8-tcp-0-$foo\"\n"},
	{"block return-rst(ttl 64) out log (all, matches, user) quick on ! em1 inet6 proto tcp from any port { 1 <> 5, <= 7, >= 8, < 9, > 10, != 11 } to fe80::1%em1\n",
	 0,
	 "block return-rst(ttl 64) out log (all, matches, user) quick on ! em1 inet6 proto tcp from any port 1 <> 5 to fe80::1\n"
	 "block return-rst(ttl 64) out log (all, matches, user) quick on ! em1 inet6 proto tcp from any port <= 7 to fe80::1\n"
	 "block return-rst(ttl 64) out log (all, matches, user) quick on ! em1 inet6 proto tcp from any port >= 8 to fe80::1\n"
	 "block return-rst(ttl 64) out log (all, matches, user) quick on ! em1 inet6 proto tcp from any port < 9 to fe80::1\n"
	 "block return-rst(ttl 64) out log (all, matches, user) quick on ! em1 inet6 proto tcp from any port > 10 to fe80::1\n"
	 "block return-rst(ttl 64) out log (all, matches, user) quick on ! em1 inet6 proto tcp from any port != 11 to fe80::1\n"},
	{"block return-icmp6(admin-unr) in inet6 proto udp to port 53\n"
	 "block return-icmp(host-unr, 3) in proto udp to port domain\n"
	 "block return in\n"
	 "block return-icmp\n"
	 "block return-icmp6 inet6\n"
	 "block return-rst\n"
	 "block drop\n",
	 0,
	 "block return-icmp6(admin-unr) in inet6 proto udp from any to any port = 53\n"
	 "block return-icmp(host-unr, addr-unr) in proto udp from any to any port = 53\n"
	 "block return in all\n"
	 "block return-icmp(port-unr, port-unr) all\n"
	 "block return-icmp6(port-unr) inet6 all\n"
	 "block return-rst all\n"
	 "block drop all\n"},
	{"pass out inet6 proto icmp6 icmp6-type { echoreq, 129 code 0 }\n"
	 "pass in inet proto icmp icmp-type { unreach code needfrag, 250 code 9 }\n",
	 0,
	 "pass out inet6 proto ipv6-icmp all icmp6-type echoreq\n"
	 "pass out inet6 proto ipv6-icmp all icmp6-type echorep code 0\n"
	 "pass in inet proto icmp all icmp-type unreach code needfrag\n"
	 "pass in inet proto icmp all icmp-type 250 code 9\n"},
	{"pass in log inet6 proto 41 tos 0x10 allow-opts tag foo ! tagged bar modulate state\n"
	 "pass in proto tcp synproxy state\n"
	 "pass in proto udp modulate state\n"
	 "pass proto 200\n"
	 "pass in tos lowdelay\n"
	 "pass in tos throughput\n"
	 "pass in tos reliability\n",
	 0,
	 "pass in log inet6 proto ipv6 all tos 0x10 allow-opts tag foo ! tagged bar\n"
	 "pass in proto tcp all flags S/SA synproxy state\n"
	 "pass in proto udp all\n"
	 "pass proto 200 all\n"
	 "pass in all flags S/SA tos 0x10\n"
	 "pass in all flags S/SA tos 0x08\n"
	 "pass in all flags S/SA tos 0x04\n"},
	{"pass on { em0, em1 } proto { tcp udp }\n"
	 "match in log quick on em2 tagged t\n"
	 "pass out on lo keep state\n",
	 0,
	 "pass on em0 proto tcp all flags S/SA\n"
	 "pass on em0 proto udp all\n"
	 "pass on em1 proto tcp all flags S/SA\n"
	 "pass on em1 proto udp all\n"
	 "match in log quick on em2 all tagged t\n"
	 "pass out on lo all flags S/SA\n"},
	{"pass in flags S/SA\n"
	 "pass in flags /SA\n"
	 "pass in flags any\n"
	 "pass in proto tcp flags FSRPAUEW/FSRPAUEW\n",
	 0,
	 "pass in all flags S/SA\n"
	 "pass in all flags /SA\n"
	 "pass in all flags any\n"
	 "pass in proto tcp all flags FSRPAUEW/FSRPAUEW\n"},
	{"pass in flags S\n", -32, "stdin:1: syntax error\n"},
	{"pass in flags S/\n", -32, "stdin:1: syntax error\n"},
	{"pass in flags X/SA\n", -32, "stdin:1: syntax error\n"},
	{"pass in flags SA/S\n", -32, "stdin:1: flags always false\n"},
	{"pass in proto udp flags S/SA\n", -32,
	 "stdin:1: flags only apply to tcp\n"},
	{"pass in flags /\n", -32, "stdin:1: syntax error\n"},
	{"block return-rst(ttl\n", -32, "stdin:1: syntax error\n"},
	{"block return-rst(ttl 10\n", -32, "stdin:1: syntax error\n"},
	{"block return-icmp(foo)\n", -32, "stdin:1: unknown icmp-code foo\n"},
	{"block return-icmp(1, 2\n", -32, "stdin:1: syntax error\n"},
	{"block return-icmp6(1\n", -32, "stdin:1: syntax error\n"},
	{"block return-icmp(\n", -32, "stdin:1: syntax error\n"},
	{"pass log (foo)\n", -32, "stdin:1: syntax error\n"},
	{"pass log (all, user\n", -32, "stdin:1: syntax error\n"},
	{"pass on ! { em0 }\n", -32, "stdin:1: syntax error\n"},
	{"pass on {}\n", -32, "stdin:1: syntax error\n"},
	{"pass on { em0 ( }\n", -32, "stdin:1: syntax error\n"},
	{"pass on 0123456789abcdefghij\n", -32,
	 "stdin:1: interface name too long\n"},
	{"pass proto foo\n", -32, "stdin:1: unknown protocol foo\n"},
	{"pass proto { tcp (\n", -32, "stdin:1: syntax error\n"},
	{"pass proto {}\n", -32, "stdin:1: syntax error\n"},
	{"pass proto (\n", -32, "stdin:1: syntax error\n"},
	{"pass inet proto icmp icmp-type foo\n", -32,
	 "stdin:1: unknown icmp-type foo\n"},
	{"pass inet proto icmp icmp-type 1 code foo\n", -32,
	 "stdin:1: unknown icmp-code foo\n"},
	{"pass inet proto icmp icmp-type 1 code (\n", -32,
	 "stdin:1: syntax error\n"},
	{"pass inet proto icmp icmp-type (\n", -32, "stdin:1: syntax error\n"},
	{"pass inet proto icmp icmp-type {}\n", -32, "stdin:1: syntax error\n"},
	{"pass inet proto icmp icmp-type { 1 (\n", -32,
	 "stdin:1: syntax error\n"},
	{"pass tos 0\n", -32, "stdin:1: illegal tos value 0\n"},
	{"pass tos foo\n", -32, "stdin:1: illegal tos value foo\n"},
	{"pass tos (\n", -32, "stdin:1: syntax error\n"},
	{"pass keep foo\n", -32, "stdin:1: syntax error\n"},
	{"pass keep state (max 10)\n", -32,
	 "stdin:1: state options are not supported\n"},
	{"pass no state\n", 0, "pass all no state\n"},
	{"pass label (\n", -32, "stdin:1: syntax error\n"},
	{"pass label \"0123456789012345678901234567890123456789012345678901234567890123456789\"\n",
	 -32, "stdin:1: label too long, max 63 chars\n"},
	{"pass ! tagged\n", -32, "stdin:1: syntax error\n"},
	{"pass ! foo\n", -32, "stdin:1: syntax error\n"},
	{"pass user root\n", -32, "stdin:1: \"user\" is not supported\n"},
	{"pass route-to em0\n", -32, "stdin:1: syntax error\n"},
	{"pass route-to (em0 1.2.3.4\n", -32, "stdin:1: syntax error\n"},
	{"pass route-to (\"\"em0\"\" 1.2.3.4)\n", -32,
	 "stdin:1: syntax error\n"},
	{"pass route-to ( em0000000000000000000 1.2.3.4)\n", -32,
	 "stdin:1: syntax error\n"},
	{"pass route-to 1.2.3.4 dup-to 1.2.3.5\n", -32,
	 "stdin:1: multiple route options\n"},
	{"pass rdr-to em0\n", -32, "stdin:1: syntax error\n"},
	{"pass rdr-to 1.2.3.4 port\n", -32, "stdin:1: syntax error\n"},
	{"pass in from any to 10.0.0.0/8 route-to 192.168.1.1\n"
	 "pass out route-to (em1 2001:db8::1) label \"x\"\n"
	 "pass in inet proto tcp to port 80 reply-to (em2 10.1.1.1)\n"
	 "pass out inet dup-to 10.9.9.9 no state\n",
	 -32,
	 "stdin:4: route-to, reply-to and dup-to require keep state\n"
	 "stdin:4: skipping rule due to errors\n"
	 "stdin:4: rule expands to no valid combination\n"},
	{"pass in from any to 10.0.0.0/8 route-to 192.168.1.1\n"
	 "pass out route-to (em1 2001:db8::1) label \"x\"\n"
	 "pass in inet proto tcp to port 80 reply-to (em2 10.1.1.1)\n",
	 0,
	 "pass in inet from any to 10.0.0.0/8 flags S/SA route-to 192.168.1.1\n"
	 "pass out inet6 all flags S/SA label \"x\" route-to (em1 2001:db8::1)\n"
	 "pass in inet proto tcp from any to any port = 80 flags S/SA reply-to (em2 10.1.1.1)\n"},
	{"block in quick from any to fec0::1/128 dup-to 192.168.1.1\n"
	 "pass in from any to 1.2.3.4 nat-to 1.1.1.1\n"
	 "match in proto tcp to port 80 rdr-to 10.0.0.1 port 8080\n",
	 -32,
	 "stdin:1: af mismatch in routing spec\n"
	 "stdin:1: route-to, reply-to and dup-to require keep state\n"
	 "stdin:1: route-to, reply-to and dup-to are not supported on block rules\n"
	 "stdin:1: skipping rule due to errors\n"
	 "stdin:1: rule expands to no valid combination\n"
	 "stdin:2: \"nat-to\" is not supported\n"
	 "stdin:2: skipping rule due to errors\n"
	 "stdin:2: rule expands to no valid combination\n"
	 "stdin:3: \"rdr-to\" is not supported\n"
	 "stdin:3: skipping rule due to errors\n"
	 "stdin:3: rule expands to no valid combination\n"},
	{"pass foo\n", -32, "stdin:1: syntax error\n"},
	{"pass in quick quick\n", -32, "stdin:1: syntax error\n"},
	{"pass in inet6 proto icmp icmp-type 3\n", -32,
	 "stdin:1: proto icmp doesn't match address family inet6\n"
	 "stdin:1: skipping rule due to errors\n"
	 "stdin:1: rule expands to no valid combination\n"},
	{"pass proto icmp icmp-type 3\n", -32,
	 "stdin:1: must indicate address family with icmp-type/code\n"
	 "stdin:1: skipping rule due to errors\n"
	 "stdin:1: rule expands to no valid combination\n"},
	{"pass inet proto icmp icmp6-type 3\n", -32,
	 "stdin:1: icmp-type mismatch\n"
	 "stdin:1: skipping rule due to errors\n"
	 "stdin:1: rule expands to no valid combination\n"},
	{"block return-icmp6 inet proto icmp\n", -32,
	 "stdin:1: icmp version does not match address family\n"
	 "stdin:1: skipping rule due to errors\n"
	 "stdin:1: rule expands to no valid combination\n"},
	{"pass in $undefined\n", -32,
	 "stdin:1: macro 'undefined' not defined\n"},
	{"match in scrub (no-df random-id min-ttl 5 max-mss 1400 reassemble tcp) set (tos 0x10, tos lowdelay) tag t\n"
	 "pass in proto tcp scrub (random-id) set tos 0x08 label \"l\"\n"
	 "match scrub (reassemble tcp)\n"
	 "match scrub (max-mss 1)\n",
	 0,
	 "match in all scrub (no-df random-id min-ttl 5 max-mss 1400 reassemble tcp) set (tos 0x10) tag t\n"
	 "pass in proto tcp all flags S/SA scrub (random-id) label \"l\" set (tos 0x08)\n"
	 "match all scrub (reassemble tcp)\n"
	 "match all scrub (max-mss 1)\n"},
	{"match scrub no-df\n", -32, "stdin:1: syntax error\n"},
	{"match scrub (reassemble udp)\n", -32, "stdin:1: syntax error\n"},
	{"match scrub (min-ttl x)\n", -32, "stdin:1: syntax error\n"},
	{"match scrub (max-mss 70000)\n", -32, "stdin:1: syntax error\n"},
	{"match scrub (foo)\n", -32, "stdin:1: syntax error\n"},
	{"match set prio 1\n", -32, "stdin:1: \"set prio\" is not supported\n"},
	{"match set (tos 0)\n", -32, "stdin:1: illegal tos value 0\n"},
	{"match set (prio 1)\n", -32,
	 "stdin:1: \"set prio\" is not supported\n"},
	{"match set (tos 0x10 (\n", -32, "stdin:1: syntax error\n"},
};

static void
test_tpf_parse__rule_vectors(void **state)
{
	(void)state;
	h_run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpf_parse__rule_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
