/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: arbitrary bytes as pf.conf text.  Parses verbosely,
 * prints every rule and compiles the result (which must succeed: the
 * parser only builds well-nested anchors); any memory error or undefined
 * behaviour is a finding.  `load anchor` of "self" loads the input again,
 * any other file a small fixed ruleset.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <tessera/pf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tpf_rule rules[1024];
static struct tpf_table tables[32];
static struct tpf_table_entry entries[256];
static uint32_t index_words[TPF_INDEX_WORDS(1024)];
static struct tpf_parser parser;
static struct tpf_ruleset rs;

static void
emit(void *ctx, enum tpf_stream s, const char *line, size_t len)
{
	(void)ctx;
	(void)s;
	if (len > 0 && line[len - 1] == '\0')
		abort();
}

static const uint8_t *input;
static size_t input_len;

static int
load(void *ctx, const char *anchor, const char *file, const char **text,
     size_t *len)
{
	static const char fixed[] = "pass in proto tcp to port 22\n"
				    "anchor \"sub\" {\nblock all\n}\n";
	const char *self = "self";
	size_t i;

	(void)ctx;
	(void)anchor;
	for (i = 0; self[i] != '\0' && file[i] == self[i]; i++)
		;
	if (self[i] == '\0' && file[i] == '\0') {
		*text = (const char *)input;
		*len = input_len;
	} else {
		*text = fixed;
		*len = sizeof(fixed) - 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpf_parse_env env = {NULL, 0, load, NULL};
	char line[2048];
	uint32_t i;

	if (tpf_ruleset_init(&rs, rules, 1024, tables, 32, entries, 256,
			     index_words, TPF_INDEX_WORDS(1024)) != 0)
		abort();
	input = data;
	input_len = size;
	if (tpf_parse_env(&parser, &rs, "fuzz", (const char *)data, size,
			  TPF_PARSE_VERBOSE, emit, NULL, &env) != 0)
		return 0;
	for (i = 0; i < tpf_ruleset_count(&rs); i++)
		if (tpf_rule_print(&rs, tpf_ruleset_rule(&rs, i), line,
				   sizeof(line)) < 0)
			abort();
	for (i = 0; i < rs.ntables; i++)
		(void)tpf_table_print(&rs, i, line, sizeof(line));
	if (tpf_ruleset_compile(&rs) != 0)
		abort();
	return 0;
}
