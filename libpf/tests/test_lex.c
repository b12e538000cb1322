/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/lex.c: table-driven pf.conf inputs with the exact output
 * (errors first, then echo lines and rules) pfctl -nv semantics demand.
 */
#include "fixtures.h"

static const struct h_case cases[] = {
	{"a = \"1.2.3.4\"\n"
	 "b = \"{ $a 5.6.7.8 }\"\n"
	 "pass from $b to $a # comment $undefined\n"
	 "pass \\\n"
	 " in\\\n"
	 " all\n"
	 "# comment \\\n"
	 " continued\n"
	 "pass out all\n",
	 0,
	 "a = \"1.2.3.4\"\n"
	 "b = \"{ $a 5.6.7.8 }\"\n"
	 "pass inet from 1.2.3.4 to 1.2.3.4 flags S/SA\n"
	 "pass inet from 5.6.7.8 to 1.2.3.4 flags S/SA\n"
	 "pass in all flags S/SA\n"
	 "pass out all flags S/SA\n"},
	{"pass label \"unterminated\n", -32,
	 "stdin:1: unterminated quoted string\n"
	 "stdin:1: syntax error\n"},
	{"pass label \"abc", -32,
	 "stdin:1: unterminated quoted string\n"
	 "stdin:1: syntax error\n"},
	{"a = \"$a\"\n"
	 "pass from $a\n",
	 -32,
	 "stdin:2: macro expansion too deep\n"
	 "stdin:2: syntax error\n"
	 "a = \"$a\"\n"},
	{"pass label \"$x\" # \"\n", 0, "pass all flags S/SA label \"$x\"\n"},
	{"pass from xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
	 -32,
	 "no IP address found for xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
	 "stdin:1: could not parse host specification\n"},
	{"pass label \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n",
	 -32,
	 "stdin:1: string too long\n"
	 "stdin:1: syntax error\n"
	 "stdin:1: unterminated quoted string\n"},
	{"p = \"tcp\"\n"
	 "pass proto $p to port != 5\n"
	 "pass proto $p to port <= 5\n"
	 "pass proto $p to port >= 5\n"
	 "pass proto $p to port < 5\n"
	 "pass proto $p to port > 5\n"
	 "pass proto $p to port 1 <> 5\n"
	 "pass proto $p to port 1 >< 5\n"
	 "pass proto $p to port = 5\n",
	 0,
	 "p = \"tcp\"\n"
	 "pass proto tcp from any to any port != 5 flags S/SA\n"
	 "pass proto tcp from any to any port <= 5 flags S/SA\n"
	 "pass proto tcp from any to any port >= 5 flags S/SA\n"
	 "pass proto tcp from any to any port < 5 flags S/SA\n"
	 "pass proto tcp from any to any port > 5 flags S/SA\n"
	 "pass proto tcp from any to any port 1 <> 5 flags S/SA\n"
	 "pass proto tcp from any to any port 1 >< 5 flags S/SA\n"
	 "pass proto tcp from any to any port = 5 flags S/SA\n"},
	{"pass\r\n"
	 "\tin\tall\r\n",
	 -32, "stdin:2: syntax error\n"},
	{"pass in all\\x\n", -32, "stdin:1: syntax error\n"},
	{"pass in all \\", -32, "stdin:1: syntax error\n"},
	{"pass in all", 0, "pass in all flags S/SA\n"},
	{"x = \"y\"\n"
	 "pass on $x$x\n",
	 -32,
	 "stdin:2: syntax error\n"
	 "x = \"y\"\n"},
};

static void
test_tpf_parse__lexer_vectors(void **state)
{
	(void)state;
	h_run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpf_parse__lexer_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
