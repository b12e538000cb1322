/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/parse.c: table-driven pf.conf inputs with the exact output
 * (errors first, then echo lines and rules) pfctl -nv semantics demand.
 */
#include "fixtures.h"

static const struct h_case cases[] = {
	{"pass from 10/8 to 10.1.2/24\n"
	 "pass from ::1 to ::ffff:1.2.3.4\n"
	 "pass from 1:2:3:4:5:6:7:8 to 1::\n"
	 "pass from ::1.2.3.4 to 2001:db8:0:0:1:0:0:1\n"
	 "pass from ::/0 to ::/0\n"
	 "pass from 0.0.0.0/0 to 255.255.255.255\n",
	 0,
	 "pass inet from 10.0.0.0/8 to 10.1.2.0/24 flags S/SA\n"
	 "pass inet6 from ::1 to ::ffff:1.2.3.4 flags S/SA\n"
	 "pass inet6 from 1:2:3:4:5:6:7:8 to 1:: flags S/SA\n"
	 "pass inet6 from ::1.2.3.4 to 2001:db8::1:0:0:1 flags S/SA\n"
	 "pass inet6 from ::/0 to ::/0 flags S/SA\n"
	 "pass inet from 0.0.0.0/0 to 255.255.255.255 flags S/SA\n"},
	{"pass from <t> to ! <t>\n"
	 "pass from { <a>, !<b> } to (em0:peer)\n"
	 "pass proto udp from no-route to any port 80\n"
	 "pass from no-route to any port 80\n",
	 -32,
	 "stdin:4: port only applies to tcp/udp\n"
	 "stdin:4: skipping rule due to errors\n"
	 "stdin:4: rule expands to no valid combination\n"},
	{"pass proto tcp from any port { ssh, www, 0x10, 1:2 } to any port 1 <> 2\n",
	 0,
	 "pass proto tcp from any port = 22 to any port 1 <> 2 flags S/SA\n"
	 "pass proto tcp from any port = 80 to any port 1 <> 2 flags S/SA\n"
	 "pass proto tcp from any port = 16 to any port 1 <> 2 flags S/SA\n"
	 "pass proto tcp from any port 1:2 to any port 1 <> 2 flags S/SA\n"},
	{"pass from self\n", -32, "stdin:1: \"self\" is not supported\n"},
	{"pass from urpf-failed\n", -32,
	 "stdin:1: \"urpf-failed\" is not supported\n"},
	{"pass from 10.0.0.0/33\n", -32,
	 "stdin:1: netmask 33 invalid for IPv4 address\n"},
	{"pass from ::1/129\n", -32, "stdin:1: netmask is too large\n"},
	{"pass from ::1/300\n", -32, "stdin:1: syntax error\n"},
	{"pass from 10.0.0.1/\n", -32, "stdin:1: syntax error\n"},
	{"pass from 10.0.0.1/x\n", -32, "stdin:1: syntax error\n"},
	{"pass from foo\n", -32,
	 "no IP address found for foo\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass from 1.2.3\n", -32,
	 "no IP address found for 1.2.3\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass from 1.2.3.4.5\n", -32,
	 "no IP address found for 1.2.3.4.5\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass from 1::2::3\n", -32,
	 "no IP address found for 1::2::3\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass from 12345::\n", -32,
	 "no IP address found for 12345::\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass from :1\n", -32,
	 "no IP address found for :1\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass from 1:2:3:4:5:6:7:8:9\n", -32,
	 "no IP address found for 1:2:3:4:5:6:7:8:9\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass from 1:\n", -32,
	 "no IP address found for 1:\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass from ::g\n", -32,
	 "no IP address found for ::g\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass from 1.2.3.4a\n", -32,
	 "no IP address found for 1.2.3.4a\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass from (\n", -32, "stdin:1: syntax error\n"},
	{"pass from (em0\n", -32, "stdin:1: syntax error\n"},
	{"pass from (em0:foo)\n", -32, "stdin:1: syntax error\n"},
	{"pass from (em0)/200\n", -32, "stdin:1: netmask is too large\n"},
	{"pass from (0123456789abcdefghij)\n", -32, "stdin:1: syntax error\n"},
	{"pass from <\n", -32, "stdin:1: syntax error\n"},
	{"pass from <t\n", -32, "stdin:1: syntax error\n"},
	{"pass from <0123456789012345678901234567890123456789>\n", -32,
	 "stdin:1: table name too long\n"},
	{"pass from {}\n", -32, "stdin:1: syntax error\n"},
	{"pass from { 1.2.3.4 (\n", -32, "stdin:1: syntax error\n"},
	{"pass from )\n", -32, "stdin:1: syntax error\n"},
	{"pass proto tcp to port 65536\n", -32,
	 "stdin:1: illegal port value 65536\n"},
	{"pass proto tcp to port foo\n", -32, "stdin:1: unknown port foo\n"},
	{"pass proto tcp to port = (\n", -32, "stdin:1: syntax error\n"},
	{"pass proto tcp to port (\n", -32, "stdin:1: syntax error\n"},
	{"pass proto tcp to port 1:x\n", -32, "stdin:1: unknown port x\n"},
	{"pass proto tcp to port x:1\n", -32, "stdin:1: unknown port x\n"},
	{"pass proto tcp to port 1 >< (\n", -32, "stdin:1: syntax error\n"},
	{"pass proto tcp to port {}\n", -32, "stdin:1: syntax error\n"},
	{"pass proto tcp to port { 1 (\n", -32, "stdin:1: syntax error\n"},
	{"pass proto tcp from any port { 1 (\n", -32,
	 "stdin:1: syntax error\n"},
	{"pass proto tcp from any port 99999\n", -32,
	 "stdin:1: illegal port value 99999\n"},
	{"pass from 10.0.0.1 to ::1\n"
	 "pass from 10.0.0.1\n",
	 -32, "stdin:1: rule expands to no valid combination\n"},
	{"pass inet6 from 10.0.0.1\n", -32,
	 "stdin:1: rule expands to no valid combination\n"},
	{"pass inet from ::1\n", -32,
	 "stdin:1: rule expands to no valid combination\n"},
	{"pass inet from any to ::1\n", -32,
	 "stdin:1: rule expands to no valid combination\n"},
	{"pass on em0 from fe80::1%em1\n", -32,
	 "stdin:1: rule expands to no valid combination\n"},
	{"pass from fe80::1%em0 to fe80::2%em1\n", -32,
	 "stdin:1: rule expands to no valid combination\n"},
	{"pass on em0 to fe80::1%em0\n", 0,
	 "pass on em0 inet6 from any to fe80::1 flags S/SA\n"},
	{"pass to fe80::1%em2\n", 0,
	 "pass on em2 inet6 from any to fe80::1 flags S/SA\n"},
	{"pass from fe80::1%0123456789abcdefghijk\n", 0,
	 "pass inet6 from fe80::1 to any flags S/SA\n"},
};

static void
test_tpf_parse__host_and_port_vectors(void **state)
{
	(void)state;
	h_run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpf_parse__host_and_port_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
