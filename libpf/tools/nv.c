/* SPDX-License-Identifier: BSD-2-Clause */
#include "nv.h"

#include <stdlib.h>
#include <string.h>

int
nv_alloc(struct nv_rs *n, uint32_t nrules)
{
	memset(n, 0, sizeof(*n));
	n->rules = calloc(nrules, sizeof(*n->rules));
	n->tables = calloc(1024, sizeof(*n->tables));
	n->entries = calloc(65536, sizeof(*n->entries));
	n->index = calloc(TPF_INDEX_WORDS(nrules), sizeof(*n->index));
	if (n->rules == NULL || n->tables == NULL || n->entries == NULL ||
	    n->index == NULL)
		return -1;
	return tpf_ruleset_init(&n->rs, n->rules, nrules, n->tables, 1024,
				n->entries, 65536, n->index,
				TPF_INDEX_WORDS(nrules));
}

void
nv_free(struct nv_rs *n)
{
	free(n->rules);
	free(n->tables);
	free(n->entries);
	free(n->index);
}

struct sinks {
	FILE *out, *err;
};

static void
emit(void *ctx, enum tpf_stream s, const char *line, size_t len)
{
	struct sinks *k = ctx;

	fprintf(s == TPF_OUT_ERROR ? k->err : k->out, "%.*s\n", (int)len, line);
}

int
nv_run(struct nv_rs *n, const char *name, const char *text, size_t len,
       int verbose, FILE *out, FILE *err)
{
	struct sinks k = {out, err};
	char line[2048];
	uint32_t i;

	if (tpf_parse_ifaddrs(&n->parser, &n->rs, name, text, len,
			      verbose ? TPF_PARSE_VERBOSE : 0, emit, &k, n->ifa,
			      n->nifa) != 0)
		return -1;
	for (i = 0; i < tpf_ruleset_count(&n->rs); i++) {
		if (tpf_rule_print(&n->rs, tpf_ruleset_rule(&n->rs, i), line,
				   sizeof(line)) < 0)
			return -1;
		fprintf(out, "%s\n", line);
	}
	return 0;
}

char *
nv_read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 65536, n = 0, r;
	char *buf, *nb;

	if (f == NULL)
		return NULL;
	buf = malloc(cap);
	while (buf != NULL && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
}
