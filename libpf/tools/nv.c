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
	unsigned i;

	for (i = 0; i < n->nfiles; i++)
		free(n->files[i]);
	n->nfiles = 0;
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

/* `load anchor`: files are read relative to the main file's directory. */
static int
load(void *ctx, const char *anchor, const char *file, const char **text,
     size_t *len)
{
	struct nv_rs *n = ctx;
	char path[8192];
	char *t;

	(void)anchor;
	if (n->nfiles >= sizeof(n->files) / sizeof(n->files[0]))
		return -1;
	if (file[0] == '/' || n->dir[0] == '\0')
		snprintf(path, sizeof(path), "%s", file);
	else
		snprintf(path, sizeof(path), "%s/%s", n->dir, file);
	t = nv_read_file(path, len);
	if (t == NULL)
		return -1;
	n->files[n->nfiles++] = t;
	*text = t;
	return 0;
}

int
nv_run(struct nv_rs *n, const char *name, const char *text, size_t len,
       int verbose, FILE *out, FILE *err)
{
	struct tpf_parse_env env = {n->ifa, n->nifa, load, n};
	struct sinks k = {out, err};
	const struct tpf_rule *r;
	uint32_t i, ends[TPF_ANCHOR_DEPTH + 1], depth = 0;
	char line[2048];

	if (tpf_parse_env(&n->parser, &n->rs, name, text, len,
			  verbose ? TPF_PARSE_VERBOSE : 0, emit, &k, &env) != 0)
		return -1;
	for (i = 0; i < tpf_ruleset_count(&n->rs); i++) {
		r = tpf_ruleset_rule(&n->rs, i);
		if (tpf_rule_print(&n->rs, r, line, sizeof(line)) < 0)
			return -1;
		/* An anchor with rules: `anchor "x" ... {`, its rules
		 * indented by two, then `}` (pfctl -sr of loaded anchors). */
		fprintf(out, "%*s%s%s\n", 2 * (int)depth, "", line,
			r->anchor && r->anchor_end > i + 1 ? " {" : "");
		if (r->anchor && r->anchor_end > i + 1)
			ends[depth++] = r->anchor_end;
		while (depth > 0 && ends[depth - 1] == i + 1)
			fprintf(out, "%*s}\n", 2 * (int)--depth, "");
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
