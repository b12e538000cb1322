/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/parse_stmt.c: table-driven pf.conf inputs with the exact output
 * (errors first, then echo lines and rules) pfctl -nv semantics demand.
 */
#include <stdio.h>

#include "fixtures.h"

static const struct h_case cases[] = {
	{"table <t1> const persist counters { 10.0.0.0/8, !10.1.0.0/16 ::1 } { 2001:db8::/32 }\n"
	 "table <t2> {}\n"
	 "table <t3>\n"
	 "set skip on { lo0 em9 }\n"
	 "set skip on lo\n"
	 "set skip on lo0\n"
	 "set timeout { udp.first 10 udp.single 5 }\n"
	 "set timeout interval 5\n"
	 "set limit { states 100, frags 20 }\n"
	 "set state-policy if-bound\n"
	 "set ruleset-optimization basic\n"
	 "set debug crit\n"
	 "set hostid 0x10\n"
	 "set reassemble no no-df\n"
	 "set reassemble yes\n"
	 "set block-policy return\n"
	 "set optimization normal\n"
	 "set loginterface em0\n"
	 "m1 = \"tcp\"\n"
	 "m2 = $m1 \"udp\"\n"
	 "pass proto { $m2 }\n"
	 "set block-policy drop\n"
	 "block\n",
	 0,
	 "table <t1> const persist counters { 10.0.0.0/8 !10.1.0.0/16 ::1 2001:db8::/32 }\n"
	 "table <t2> { }\n"
	 "table <t3> { }\n"
	 "set skip on lo0\n"
	 "set skip on em9\n"
	 "set skip on lo\n"
	 "set timeout udp.first 10\n"
	 "set timeout udp.single 5\n"
	 "set timeout interval 5\n"
	 "set limit states 100\n"
	 "set limit frags 20\n"
	 "set state-policy if-bound\n"
	 "set ruleset-optimization basic\n"
	 "set debug crit\n"
	 "set hostid 0x00000010\n"
	 "set reassemble no no-df\n"
	 "set reassemble yes \n"
	 "set block-policy return\n"
	 "set optimization normal\n"
	 "set loginterface em0\n"
	 "m1 = \"tcp\"\n"
	 "m2 = \"tcp udp\"\n"
	 "set block-policy drop\n"
	 "pass proto tcp all flags S/SA\n"
	 "pass proto udp all\n"
	 "block drop all\n"},
	{"table <t1> { 1.2.3.4 }\n"
	 "table <t1> { 1.2.3.5 }\n",
	 -32,
	 "stdin:2: table <t1> redefined\n"
	 "table <t1> { 1.2.3.4 }\n"},
	{"table <t> file \"/etc/x\"\n", -32,
	 "stdin:1: table files are not supported\n"},
	{"table <t> { foo }\n", -32,
	 "no IP address found for foo\n"
	 "stdin:1: could not parse host specification\n"},
	{"table <t> { 1.2.3.4/ }\n", -32, "stdin:1: syntax error\n"},
	{"table <t> { ( }\n", -32, "stdin:1: syntax error\n"},
	{"table <t> { !! }\n", -32, "stdin:1: syntax error\n"},
	{"table t\n", -32, "stdin:1: syntax error\n"},
	{"table <t x\n", -32, "stdin:1: syntax error\n"},
	{"table <t> (\n", -32, "stdin:1: syntax error\n"},
	{"table <0123456789012345678901234567890123456789> {}\n", -32,
	 "stdin:1: table name too long\n"},
	{"table <t> { 1.2.3.4 1.2.3.4 }\n", 0, "table <t> { 1.2.3.4 }\n"},
	{"set foo\n", -32, "stdin:1: syntax error\n"},
	{"set block-policy foo\n", -32, "stdin:1: syntax error\n"},
	{"set skip em0\n", -32, "stdin:1: syntax error\n"},
	{"set skip on (\n", -32, "stdin:1: syntax error\n"},
	{"set skip on { ( }\n", -32, "stdin:1: syntax error\n"},
	{"set timeout foo 1\n", -32, "stdin:1: unknown timeout foo\n"},
	{"set timeout tcp.first x\n", -32, "stdin:1: syntax error\n"},
	{"set timeout ( \n", -32, "stdin:1: syntax error\n"},
	{"set limit foo 1\n", -32, "stdin:1: unknown limit foo\n"},
	{"set limit { states 1 ( }\n", -32,
	 "stdin:1: syntax error\n"
	 "set limit states 1\n"},
	{"set optimization foo\n", -32, "stdin:1: syntax error\n"},
	{"set hostid 0\n", -32, "stdin:1: hostid must be non-zero\n"},
	{"set hostid x\n", -32, "stdin:1: syntax error\n"},
	{"set reassemble maybe\n", -32, "stdin:1: syntax error\n"},
	{"set block-policy drop drop\n", -32,
	 "stdin:1: syntax error\n"
	 "set block-policy drop\n"},
	{"set skip on { a b c d e f g h i j k l m n o p q }\n", -32,
	 "stdin:1: too many interfaces in set skip\n"
	 "set skip on a\n"
	 "set skip on b\n"
	 "set skip on c\n"
	 "set skip on d\n"
	 "set skip on e\n"
	 "set skip on f\n"
	 "set skip on g\n"
	 "set skip on h\n"
	 "set skip on i\n"
	 "set skip on j\n"
	 "set skip on k\n"
	 "set skip on l\n"
	 "set skip on m\n"
	 "set skip on n\n"
	 "set skip on o\n"
	 "set skip on p\n"},
	{"set skip on 0123456789abcdefghijk\n", -32,
	 "stdin:1: too many interfaces in set skip\n"},
	{"nat on em0 from any to any -> 1.2.3.4\n", -32,
	 "stdin:1: \"nat\" is not supported\n"},
	{"antispoof for lo0\n", -32, "stdin:1: no IP address found for lo0\n"},
	{"anchor foo\n", 0, "anchor \"foo\" all\n"},
	{"anchor \"a\" in on em0 proto tcp {\n"
	 "pass from 10.0.0.1\n"
	 "anchor b quick tagged x {\n"
	 "block all\n"
	 "}\n"
	 "}\n"
	 "pass all\n",
	 0,
	 "anchor \"a\" in on em0 proto tcp all\n"
	 "pass inet from 10.0.0.1 to any flags S/SA\n"
	 "anchor \"b\" quick all tagged x\n"
	 "block drop all\n"
	 "pass all flags S/SA\n"},
	{"}\n", -32, "stdin:1: syntax error\n"},
	{"} x\n", -32, "stdin:1: syntax error\n"},
	{"anchor a {\npass all\n", -32, "stdin:3: syntax error\n"},
	{"anchor a keep state\n", -32,
	 "stdin:1: cannot specify state handling on anchors\n"},
	{"anchor a no state\n", -32,
	 "stdin:1: cannot specify state handling on anchors\n"},
	{"anchor a from { 1.1.1.1 2.2.2.2 } {\n}\n", -32,
	 "stdin:1: an anchor with a ruleset cannot expand to several rules\n"
	 "stdin:2: syntax error\n"},
	{"anchor a { pass\n", -32, "stdin:1: syntax error\n"},
	{"anchor a bogus\n", -32, "stdin:1: syntax error\n"},
	{"anchor a label\n", -32, "stdin:1: syntax error\n"},
	{"anchor a from any port 80\n", -32,
	 "stdin:1: port only applies to tcp/udp\n"
	 "stdin:1: skipping rule due to errors\n"
	 "stdin:1: rule expands to no valid combination\n"},
	{"anchor \"\"\n", -32, "stdin:1: syntax error\n"},
	{"anchor (\n", -32, "stdin:1: syntax error\n"},
	{"anchor "
	 "a234567890123456789012345678901234567890123456789012345678901234"
	 "\n",
	 -32, "stdin:1: anchor name too long\n"},
	{"load foo\n", -32, "stdin:1: syntax error\n"},
	{"load anchor (\n", -32, "stdin:1: syntax error\n"},
	{"load anchor a to x\n", -32, "stdin:1: syntax error\n"},
	{"load anchor a from {\n", -32, "stdin:1: syntax error\n"},
	{"load anchor a from x y\n", -32, "stdin:1: syntax error\n"},
	{"load anchor a from \"x\"\n", -32,
	 "stdin:1: anchor \"a\" is not defined here\n"},
	{"anchor a\nload anchor a from \"x\"\n", -32,
	 "stdin:2: cannot load anchor file \"x\"\n"},
	{"anchor a {\nanchor b {\nanchor c {\nanchor d {\nanchor e {\n"
	 "anchor f {\nanchor g {\nanchor h {\nanchor i {\n",
	 -32,
	 "stdin:9: anchors nested too deeply\n"
	 "stdin:10: syntax error\n"},
	{"1foo = \"x\"\n", -32, "stdin:1: syntax error\n"},
	{"a = (\n", -32, "stdin:1: syntax error\n"},
	{"a = b (\n", -32, "stdin:1: syntax error\n"},
	{"foo bar\n", -32, "stdin:1: syntax error\n"},
	{"(\n", -32, "stdin:1: syntax error\n"},
	{"\n"
	 "\n"
	 "# only comments\n",
	 0, ""},
};

static void
test_tpf_parse__statement_vectors(void **state)
{
	(void)state;
	h_run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_tpf_parse__null_arguments(void **state)
{
	(void)state;
	h_init();
	assert_int_equal(tpf_parse(NULL, &h_rs, "x", "", 0, 0, NULL, NULL),
			 -TPF_EINVAL);
	assert_int_equal(tpf_parse(&h_parser, NULL, "x", "", 0, 0, NULL, NULL),
			 -TPF_EINVAL);
	assert_int_equal(
		tpf_parse(&h_parser, &h_rs, NULL, "", 0, 0, NULL, NULL),
		-TPF_EINVAL);
	assert_int_equal(
		tpf_parse(&h_parser, &h_rs, "x", NULL, 1, 0, NULL, NULL),
		-TPF_EINVAL);
	assert_int_equal(
		tpf_parse(&h_parser, &h_rs, "x", NULL, 0, 0, NULL, NULL), 0);
}

static void
test_tpf_parse__quiet_without_callback(void **state)
{
	const char *t =
		"a = \"b\"\nset limit states 10\ntable <t> { 1.2.3.4 }\n"
		"pass from $a\n";

	(void)state;
	h_init();
	assert_int_equal(
		tpf_parse(&h_parser, &h_rs, "f", t, strlen(t), 0, NULL, NULL),
		-TPF_EPARSE);
	assert_int_equal(tpf_ruleset_count(&h_rs), 0);
	assert_int_equal(h_parser.errors, 1);
}

static void
test_tpf_parse__rule_storage_full(void **state)
{
	static struct tpf_rule few[2];
	static uint32_t idx[TPF_INDEX_WORDS(2)];
	struct tpf_ruleset rs;
	static char res[1024];
	const char *t = "pass from { 1.1.1.1 2.2.2.2 3.3.3.3 }\n";

	(void)state;
	(void)res;
	assert_int_equal(tpf_ruleset_init(&rs, few, 2, NULL, 0, NULL, 0, idx,
					  TPF_INDEX_WORDS(2)),
			 0);
	h_errlen = h_outlen = 0;
	assert_int_equal(
		tpf_parse(&h_parser, &rs, "f", t, strlen(t), 0, h_emit, NULL),
		-TPF_EPARSE);
	assert_string_equal(h_err, "f:1: too many rules\n");
	t = "pass from <a>\n";
	h_errlen = 0;
	assert_int_equal(
		tpf_parse(&h_parser, &rs, "f", t, strlen(t), 0, h_emit, NULL),
		-TPF_EPARSE);
	assert_string_equal(h_err, "f:1: too many tables\n");
	t = "table <a> { 1.2.3.4 }\n";
	h_errlen = 0;
	assert_int_equal(
		tpf_parse(&h_parser, &rs, "f", t, strlen(t), 0, h_emit, NULL),
		-TPF_EPARSE);
	assert_string_equal(h_err, "f:1: too many tables\n");
}

static void
test_tpf_parse__table_entries_full(void **state)
{
	static struct tpf_rule r[2];
	static struct tpf_table tb[1];
	static struct tpf_table_entry e[1];
	static uint32_t idx[TPF_INDEX_WORDS(2)];
	struct tpf_ruleset rs;
	const char *t = "table <a> { 1.2.3.4 1.2.3.5 }\n";

	(void)state;
	assert_int_equal(tpf_ruleset_init(&rs, r, 2, tb, 1, e, 1, idx,
					  TPF_INDEX_WORDS(2)),
			 0);
	h_errlen = 0;
	assert_int_equal(
		tpf_parse(&h_parser, &rs, "f", t, strlen(t), 0, h_emit, NULL),
		-TPF_EPARSE);
	assert_string_equal(h_err, "f:1: too many table entries\n");
}

static void
test_tpf_parse__too_many_interfaces(void **state)
{
	static char text[8192];
	size_t n = 0;
	int i;

	(void)state;
	for (i = 0; i < TPF_MAX_IFNAMES + 1; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "pass on if%d\n", i);
	h_init();
	h_errlen = 0;
	assert_int_equal(
		tpf_parse(&h_parser, &h_rs, "f", text, n, 0, h_emit, NULL),
		-TPF_EPARSE);
	assert_string_equal(h_err, "f:65: too many interfaces\n");
}

static void
test_tpf_parse__macro_storage_full(void **state)
{
	static char text[65536];
	size_t n = 0;
	int i;

	(void)state;
	for (i = 0; i < TPF_PARSE_MACROS + 1; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "m%d = \"x\"\n", i);
	h_init();
	h_errlen = 0;
	assert_int_equal(
		tpf_parse(&h_parser, &h_rs, "f", text, n, 0, h_emit, NULL),
		-TPF_EPARSE);
	assert_string_equal(h_err, "f:129: macro too long\n");
}

static void
test_tpf_parse__list_too_long(void **state)
{
	static char text[65536];
	const char *kinds[] = {"pass on { ",
			       "pass proto { ",
			       "pass from { ",
			       "pass proto tcp to port { ",
			       "pass proto tcp from any port { ",
			       "pass inet proto icmp icmp-type { "};
	size_t n, k;
	int i;

	(void)state;
	for (k = 0; k < 6; k++) {
		n = (size_t)snprintf(text, sizeof(text), "%s", kinds[k]);
		for (i = 0; i < TPF_PARSE_LIST + 1; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
					      k == 2 ? "10.0.0.%d " : "%d ",
					      k == 0 || k == 2 ? i % 250 : 1);
		n += (size_t)snprintf(text + n, sizeof(text) - n, "}\n");
		if (k == 0)
			text[9] = 'x';
		h_init();
		h_errlen = 0;
		assert_int_equal(tpf_parse(&h_parser, &h_rs, "f", text, n, 0,
					   h_emit, NULL),
				 -TPF_EPARSE);
		assert_string_equal(h_err, "f:1: list too long\n");
	}
}

/* Files for `load anchor`, by name; "fail" cannot be read. */
static const struct {
	const char *name, *text;
} files[] = {
	{"one.conf", "anchor \"two\"\nload anchor \"two\" from \"two.conf\"\n"},
	{"two.conf", "table <foo> { 10.0.0.1 }\npass from <foo>\n"},
	{"self.conf", "anchor a\nload anchor a from \"self.conf\"\n"},
	{"open.conf", "anchor x {\npass all\n"},
	{"bad.conf", "pass all\nfoo\n"},
	{"null.conf", NULL},
};

static int
loader(void *ctx, const char *anchor, const char *file, const char **text,
       size_t *len)
{
	size_t i;

	(void)anchor;
	(*(int *)ctx)++;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (strcmp(files[i].name, file) != 0)
			continue;
		*text = files[i].text;
		*len = files[i].text != NULL ? strlen(files[i].text) : 0;
		if (strcmp(file, "null.conf") == 0)
			*len = 1;
		return 0;
	}
	return -1;
}

static int
parse_env(const char *text, int *calls)
{
	struct tpf_parse_env env = {NULL, 0, loader, calls};

	h_init();
	h_errlen = h_outlen = 0;
	h_err[0] = h_out[0] = '\0';
	return tpf_parse_env(&h_parser, &h_rs, "main", text, strlen(text),
			     TPF_PARSE_VERBOSE, h_emit, NULL, &env);
}

/* A loaded anchor's rules go right after the anchor rule, even when the
 * anchor rule is not the last rule; files load further files. */
static void
test_tpf_parse_env__load_anchor(void **state)
{
	static const char main_text[] =
		"anchor \"one\"\n"
		"pass out all\n"
		"anchor \"x\" {\n"
		"pass in all\n"
		"}\n"
		"load anchor \"one\" from \"one.conf\"\n";
	static const struct {
		uint8_t anchor, depth;
		uint32_t end;
	} want[] = {{1, 0, 3}, {1, 1, 3}, {0, 2, 0},
		    {0, 0, 0}, {1, 0, 6}, {0, 1, 0}};
	const struct tpf_rule *r;
	char line[256];
	int calls = 0;
	uint32_t i;

	(void)state;
	assert_int_equal(parse_env(main_text, &calls), 0);
	assert_int_equal(calls, 2);
	assert_string_equal(h_err, "");
	/* Echo lines come from the main text only. */
	assert_string_equal(h_out, "");
	assert_int_equal(tpf_ruleset_count(&h_rs), 6);
	for (i = 0; i < 6; i++) {
		r = tpf_ruleset_rule(&h_rs, i);
		assert_int_equal(r->anchor, want[i].anchor);
		assert_int_equal(r->depth, want[i].depth);
		if (r->anchor)
			assert_int_equal(r->anchor_end, want[i].end);
	}
	assert_true(tpf_rule_print(&h_rs, tpf_ruleset_rule(&h_rs, 2), line,
				   sizeof(line)) > 0);
	assert_string_equal(line, "pass from <foo> to any flags S/SA");
	assert_int_equal(tpf_ruleset_compile(&h_rs), 0);
	/* Skip steps pass over anchors' rules and stop at their ends. */
	assert_int_equal(tpf_ruleset_rule(&h_rs, 0)->skip[0], 6);
	assert_int_equal(tpf_ruleset_rule(&h_rs, 2)->skip[0], 3);
	assert_int_equal(tpf_ruleset_rule(&h_rs, 2)->scope_end, 3);
	/* Errors name the file and its line. */
	assert_int_equal(
		parse_env("anchor a\nload anchor a from bad.conf\n", &calls),
		-TPF_EPARSE);
	assert_string_equal(h_err, "bad.conf:2: syntax error\n");
	assert_int_equal(parse_env("anchor a\nload anchor a from open.conf\n"
				   "pass all\n",
				   &calls),
			 -TPF_EPARSE);
	assert_string_equal(h_err, "open.conf:3: syntax error\n");
	assert_int_equal(
		parse_env("anchor a\nload anchor a from self.conf\n", &calls),
		-TPF_EPARSE);
	assert_string_equal(h_err, "self.conf:2: anchors nested too deeply\n");
	assert_int_equal(
		parse_env("anchor a\nload anchor a from null.conf\n", &calls),
		-TPF_EPARSE);
	assert_string_equal(h_err,
			    "main:2: cannot load anchor file \"null.conf\"\n");
	assert_int_equal(
		parse_env("anchor a\nload anchor a from none\n", &calls),
		-TPF_EPARSE);
	assert_string_equal(h_err,
			    "main:2: cannot load anchor file \"none\"\n");
	assert_int_equal(tpf_parse_env(&h_parser, &h_rs, "m", "", 0, 0, NULL,
				       NULL, NULL),
			 0);
	assert_int_equal(
		tpf_parse_env(NULL, &h_rs, "m", "", 0, 0, NULL, NULL, NULL),
		-TPF_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpf_parse__statement_vectors),
		cmocka_unit_test(test_tpf_parse__null_arguments),
		cmocka_unit_test(test_tpf_parse__quiet_without_callback),
		cmocka_unit_test(test_tpf_parse__rule_storage_full),
		cmocka_unit_test(test_tpf_parse__table_entries_full),
		cmocka_unit_test(test_tpf_parse__too_many_interfaces),
		cmocka_unit_test(test_tpf_parse__macro_storage_full),
		cmocka_unit_test(test_tpf_parse__list_too_long),
		cmocka_unit_test(test_tpf_parse_env__load_anchor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
