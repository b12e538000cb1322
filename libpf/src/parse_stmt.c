/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Statements other than filter rules: macro definitions, `set` options and
 * `table` definitions, and the parser's entry point.  With the verbose flag
 * each is echoed as it is parsed, as pfctl -nv does.
 */
#include "parse_impl.h"

static int
syntax(struct tpf_parser *p)
{
	tpf_perr(p, "syntax error");
	return -1;
}

static int
expect_end(struct tpf_parser *p)
{
	return tpf_at_end(p, tpf_next(p)) ? 0 : syntax(p);
}

static void
echo(struct tpf_parser *p, const char *a, const char *b, const char *c)
{
	char m[TPF_PARSE_POOL / 4 + 2 * TPF_PARSE_TOKEN];
	struct tpf_buf x;

	if ((p->flags & TPF_PARSE_VERBOSE) == 0)
		return;
	tpf_buf_init(&x, m, sizeof(m));
	tpf_buf_str(&x, a);
	tpf_buf_str(&x, b);
	tpf_buf_str(&x, c);
	tpf_pemit(p, TPF_OUT_VERBOSE, m);
}

static const char *const timeout_names[] = {
	"tcp.first",	"tcp.opening",	  "tcp.established",
	"tcp.closing",	"tcp.finwait",	  "tcp.closed",
	"udp.first",	"udp.single",	  "udp.multiple",
	"icmp.first",	"icmp.error",	  "other.first",
	"other.single", "other.multiple", "frag",
	"interval",	"src.track",	  "adaptive.start",
	"adaptive.end",
};

static const char *const limit_names[] = {
	"states",	 "frags",	  "src-nodes", "tables",
	"table-entries", "pktdelay-pkts", "anchors",
};

/* NAME NUMBER of `set timeout` or `set limit`. */
static int
set_pair(struct tpf_parser *p, struct tpf_ruleset *rs, int tok, bool limit)
{
	const char *const *names = limit ? limit_names : timeout_names;
	unsigned n = limit ? 7 : 19, i;
	char name[TPF_PARSE_TOKEN];
	uint32_t v;

	if (tok != T_WORD)
		return syntax(p);
	for (i = 0; i < n && !tpf_streq(names[i], p->text); i++)
		;
	if (i == n) {
		tpf_perr2(p, limit ? "unknown limit " : "unknown timeout ",
			  p->text, "");
		return -1;
	}
	(void)tpf_strlcpy(name, p->text, sizeof(name));
	if (tpf_next(p) != T_WORD || !tpf_parse_uint(p->text, 0xffffffffu, &v))
		return syntax(p);
	if (limit && i == 0)
		rs->limit_states = v;
	else if (!limit && i < TPF_TIMEOUT_COUNT)
		rs->timeout[i] = v;
	{
		char num[24];
		struct tpf_buf b;

		tpf_buf_init(&b, num, sizeof(num));
		tpf_buf_chr(&b, ' ');
		tpf_buf_uint(&b, v);
		echo(p, limit ? "set limit " : "set timeout ", name, num);
	}
	return 0;
}

static int
set_pairs(struct tpf_parser *p, struct tpf_ruleset *rs, bool limit)
{
	int tok = tpf_next(p);

	if (tok != '{') {
		if (set_pair(p, rs, tok, limit) != 0)
			return -1;
		return expect_end(p);
	}
	for (;;) {
		tok = tpf_next(p);
		if (tok == ',')
			continue;
		if (tok == '}')
			break;
		if (set_pair(p, rs, tok, limit) != 0)
			return -1;
	}
	return expect_end(p);
}

static int
set_skip(struct tpf_parser *p, struct tpf_ruleset *rs, const char *name)
{
	uint32_t i;

	for (i = 0; i < rs->nskipif; i++)
		if (tpf_streq(rs->skipif[i], name))
			return 0;
	if (rs->nskipif >= TPF_MAX_SKIPIF ||
	    !tpf_strlcpy(rs->skipif[rs->nskipif], name, TPF_IFNAMSIZ)) {
		tpf_perr(p, "too many interfaces in set skip");
		return -1;
	}
	rs->nskipif++;
	echo(p, "set skip on ", name, "");
	return 0;
}

static int
set_skip_list(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	int tok;

	if (!tpf_is(p, tpf_next(p), "on"))
		return syntax(p);
	tok = tpf_next(p);
	if (tok == T_WORD)
		return set_skip(p, rs, p->text) == 0 ? expect_end(p) : -1;
	if (tok != '{')
		return syntax(p);
	for (;;) {
		tok = tpf_next(p);
		if (tok == ',')
			continue;
		if (tok == '}')
			break;
		if (tok != T_WORD)
			return syntax(p);
		if (set_skip(p, rs, p->text) != 0)
			return -1;
	}
	return expect_end(p);
}

static bool
one_of(const char *w, const char *const *list, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (tpf_streq(w, list[i]))
			return true;
	return false;
}

/* set KEYWORD WORD, with WORD from @list. */
static int
set_word(struct tpf_parser *p, const char *kw, const char *const *list,
	 unsigned n)
{
	char line[2 * TPF_PARSE_TOKEN];
	struct tpf_buf b;

	if (tpf_next(p) != T_WORD || (n != 0 && !one_of(p->text, list, n)))
		return syntax(p);
	tpf_buf_init(&b, line, sizeof(line));
	tpf_buf_str(&b, "set ");
	tpf_buf_str(&b, kw);
	tpf_buf_chr(&b, ' ');
	echo(p, line, p->text, "");
	return expect_end(p);
}

static int
set_hostid(struct tpf_parser *p)
{
	char line[32];
	struct tpf_buf b;
	uint32_t v;

	if (tpf_next(p) != T_WORD || !tpf_parse_uint(p->text, 0xffffffffu, &v))
		return syntax(p);
	if (v == 0) {
		tpf_perr(p, "hostid must be non-zero");
		return -1;
	}
	tpf_buf_init(&b, line, sizeof(line));
	tpf_buf_str(&b, "0x");
	tpf_buf_hex(&b, v, 8);
	echo(p, "set hostid ", line, "");
	return expect_end(p);
}

static int
set_reassemble(struct tpf_parser *p)
{
	bool on, nodf = false;

	if (tpf_next(p) != T_WORD ||
	    (!tpf_streq(p->text, "yes") && !tpf_streq(p->text, "no")))
		return syntax(p);
	on = tpf_streq(p->text, "yes");
	if (tpf_peek_is(p, "no-df")) {
		(void)tpf_next(p);
		nodf = true;
	}
	/* pfctl prints the trailing blank when no-df is absent. */
	echo(p, on ? "set reassemble yes " : "set reassemble no ",
	     nodf ? "no-df" : "", "");
	return expect_end(p);
}

static const char *const opt_levels[] = {"normal", "high-latency", "satellite",
					 "aggressive", "conservative"};
static const char *const state_policies[] = {"if-bound", "floating"};
static const char *const ruleset_opts[] = {"none", "basic", "profile"};
static const char *const debug_levels[] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

int
tpf_parse_set(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	int tok = tpf_next(p);

	if (tpf_is(p, tok, "block-policy")) {
		tok = tpf_next(p);
		if (!tpf_is(p, tok, "drop") && !tpf_is(p, tok, "return"))
			return syntax(p);
		p->block_return = tpf_streq(p->text, "return");
		rs->block_return = p->block_return;
		echo(p, "set block-policy ", p->text, "");
		return expect_end(p);
	}
	if (tpf_is(p, tok, "skip"))
		return set_skip_list(p, rs);
	if (tpf_is(p, tok, "timeout"))
		return set_pairs(p, rs, false);
	if (tpf_is(p, tok, "limit"))
		return set_pairs(p, rs, true);
	if (tpf_is(p, tok, "optimization"))
		return set_word(p, "optimization", opt_levels, 5);
	if (tpf_is(p, tok, "loginterface"))
		return set_word(p, "loginterface", NULL, 0);
	if (tpf_is(p, tok, "state-policy"))
		return set_word(p, "state-policy", state_policies, 2);
	if (tpf_is(p, tok, "ruleset-optimization"))
		return set_word(p, "ruleset-optimization", ruleset_opts, 3);
	if (tpf_is(p, tok, "debug"))
		return set_word(p, "debug", debug_levels, 8);
	if (tpf_is(p, tok, "hostid"))
		return set_hostid(p);
	if (tpf_is(p, tok, "reassemble"))
		return set_reassemble(p);
	return syntax(p);
}

/* table <name> [const|persist|counters]... [{ addr ... }]... */
static int
table_entry(struct tpf_parser *p, struct tpf_ruleset *rs, uint32_t t, int tok)
{
	struct tpf_addr_spec h;
	char word[TPF_PARSE_TOKEN], scope[TPF_IFNAMSIZ];
	uint32_t bits = 0;
	uint8_t neg = 0;
	bool masked = false;
	int rc;

	if (tok == '!') {
		neg = 1;
		tok = tpf_next(p);
	}
	if (tok != T_WORD)
		return syntax(p);
	(void)tpf_strlcpy(word, p->text, sizeof(word));
	if (tpf_peek(p) == '/') {
		(void)tpf_next(p);
		if (tpf_next(p) != T_WORD ||
		    !tpf_parse_uint(p->text, 255, &bits))
			return syntax(p);
		masked = true;
	}
	TPF_MEMSET(&h, 0, sizeof(h));
	if (tpf_parse_addr(p, word, masked, bits, &h, scope) != 0)
		return -1;
	rc = tpf_table_add(rs, t, h.af, &h.addr, h.bits, neg);
	if (rc == -TPF_ENOSPC) {
		tpf_perr(p, "too many table entries");
		return -1;
	}
	return 0;
}

static int
table_block(struct tpf_parser *p, struct tpf_ruleset *rs, uint32_t t)
{
	int tok;

	for (;;) {
		tok = tpf_next(p);
		if (tok == ',')
			continue;
		if (tok == '}')
			return 0;
		if (table_entry(p, rs, t, tok) != 0)
			return -1;
	}
}

int
tpf_parse_table(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	char line[1024];
	uint8_t flags = 8;
	int tok, t;

	if (tpf_next(p) != '<' || tpf_next(p) != T_WORD)
		return syntax(p);
	t = tpf_table_get(rs, p->text);
	if (t < 0) {
		tpf_perr(p, t == -TPF_EINVAL ? "table name too long"
					     : "too many tables");
		return -1;
	}
	if (rs->tables[t].flags & 8) {
		tpf_perr2(p, "table <", p->text, "> redefined");
		return -1;
	}
	if (tpf_next(p) != '>')
		return syntax(p);
	for (;;) {
		tok = tpf_next(p);
		if (tpf_at_end(p, tok))
			break;
		if (tpf_is(p, tok, "const"))
			flags |= 1;
		else if (tpf_is(p, tok, "persist"))
			flags |= 2;
		else if (tpf_is(p, tok, "counters"))
			flags |= 4;
		else if (tpf_is(p, tok, "file")) {
			tpf_perr(p, "table files are not supported");
			return -1;
		} else if (tok != '{')
			return syntax(p);
		else if (table_block(p, rs, (uint32_t)t) != 0)
			return -1;
	}
	rs->tables[t].flags = flags;
	if ((p->flags & TPF_PARSE_VERBOSE) &&
	    tpf_table_print(rs, (uint32_t)t, line, sizeof(line)) >= 0)
		tpf_pemit(p, TPF_OUT_VERBOSE, line);
	return 0;
}

static bool
macro_name_ok(const char *s)
{
	size_t i;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (i = 1; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* name = value [value ...] (values joined by one blank, as pfctl does). */
static int
parse_macro(struct tpf_parser *p)
{
	char name[TPF_PARSE_TOKEN], val[TPF_PARSE_POOL / 4];
	struct tpf_buf b;
	int tok;

	(void)tpf_strlcpy(name, p->text, sizeof(name));
	(void)tpf_next(p); /* '=' */
	if (!macro_name_ok(name))
		return syntax(p);
	tpf_buf_init(&b, val, sizeof(val));
	tok = tpf_next(p);
	if (tok != T_WORD && tok != T_STRING)
		return syntax(p);
	for (;;) {
		tpf_buf_str(&b, p->text);
		tok = tpf_next(p);
		if (tpf_at_end(p, tok))
			break;
		if (tok != T_WORD && tok != T_STRING)
			return syntax(p);
		tpf_buf_chr(&b, ' ');
	}
	if (b.overflow || b.len + 2 > sizeof(val) ||
	    tpf_macro_set(p, name, val) != 0) {
		tpf_perr(p, "macro too long");
		return -1;
	}
	tpf_buf_chr(&b, '"');
	if (!b.overflow)
		echo(p, name, " = \"", val);
	return 0;
}

static const char *const unsupported_stmts[] = {
	"nat",	      "rdr",	    "binat",	    "queue",
	"altq",	      "antispoof",  "scrub",	    "include",
	"nat-anchor", "rdr-anchor", "binat-anchor",
};

/* First anchor level of the text being parsed (the main text: 0). */
static uint32_t
base_depth(const struct tpf_parser *p)
{
	return p->nfiles == 0 ? 0 : p->files[p->nfiles - 1].adepth + 1;
}

/* `}` ends the innermost anchor opened in this text. */
static int
close_anchor(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	if (p->adepth <= base_depth(p))
		return syntax(p);
	rs->rules[p->astack[--p->adepth]].anchor_end = rs->nrules;
	return expect_end(p);
}

/* load anchor NAME from FILE: parse FILE as the ruleset of the anchor rule
 * NAME at this level.  The lexer switches to the file's text; the main
 * loop switches back at its end (end_file()). */
static int
load_anchor(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	char name[TPF_ANCHOR_NAMESZ], file[TPF_PARSE_TOKEN];
	uint32_t j, lo = p->adepth > 0 ? p->astack[p->adepth - 1] + 1 : 0;
	const char *text = NULL;
	size_t len = 0;
	int tok;

	if (!tpf_is(p, tpf_next(p), "anchor"))
		return syntax(p);
	tok = tpf_next(p);
	if ((tok != T_WORD && tok != T_STRING) ||
	    !tpf_strlcpy(name, p->text, sizeof(name)) ||
	    !tpf_is(p, tpf_next(p), "from"))
		return syntax(p);
	tok = tpf_next(p);
	if (tok != T_WORD && tok != T_STRING)
		return syntax(p);
	(void)tpf_strlcpy(file, p->text, sizeof(file));
	if (expect_end(p) != 0)
		return -1;
	for (j = rs->nrules; j > lo; j--)
		if (rs->rules[j - 1].anchor &&
		    rs->rules[j - 1].depth == p->adepth &&
		    tpf_streq(rs->rules[j - 1].anchor_name, name))
			break;
	if (j == lo) {
		tpf_perr2(p, "anchor \"", name, "\" is not defined here");
		return -1;
	}
	if (p->nfiles >= TPF_PARSE_FILES || p->adepth >= TPF_ANCHOR_DEPTH) {
		tpf_perr(p, "anchors nested too deeply");
		return -1;
	}
	if (p->load == NULL ||
	    p->load(p->load_ctx, name, file, &text, &len) != 0 ||
	    (text == NULL && len != 0)) {
		tpf_perr2(p, "cannot load anchor file \"", file, "\"");
		return -1;
	}
	/* Save the lexer; the statement has been read to its end. */
	{
		struct tpf_parser *q = p;
		uint32_t k = q->nfiles;

		q->files[k].name = q->name;
		TPF_MEMCPY(q->files[k].in, q->in, sizeof(q->in));
		q->files[k].depth = q->depth;
		q->files[k].line = q->line;
		q->files[k].tokline = q->tokline;
		q->files[k].pline = q->pline;
		q->files[k].peeked = q->peeked;
		q->files[k].tok = q->tok;
		q->files[k].ptok = q->ptok;
		TPF_MEMCPY(q->files[k].ptext, q->ptext, sizeof(q->ptext));
		q->files[k].first = rs->nrules;
		q->files[k].adepth = q->adepth;
		(void)tpf_strlcpy(q->files[k].fname, file, TPF_PARSE_TOKEN);
		q->nfiles++;
		q->astack[q->adepth++] = j - 1;
		q->name = q->files[k].fname;
		q->in[0].p = text;
		q->in[0].len = len;
		q->in[0].pos = 0;
		q->depth = 0;
		q->line = q->tokline = 1;
		q->peeked = 0;
		q->tok = T_NL;
	}
	return 0;
}

static void
reverse(struct tpf_rule *r, uint32_t a, uint32_t b)
{
	struct tpf_rule t;

	while (a + 1 < b) {
		t = r[a];
		r[a++] = r[--b];
		r[b] = t;
	}
}

/* End of an anchor file: its rules, appended at the end, move to the end
 * of the anchor's ruleset, and the lexer returns to the loading text. */
static void
end_file(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	uint32_t k = p->nfiles - 1, first = p->files[k].first;
	uint32_t n = rs->nrules, cnt = n - first, x, a, pos;

	if (p->adepth != p->files[k].adepth + 1)
		tpf_perr(p, "syntax error");
	a = p->astack[p->files[k].adepth];
	pos = rs->rules[a].anchor_end;
	for (x = 0; x < n && pos < first; x++) {
		struct tpf_rule *r = &rs->rules[x];

		if (!r->anchor)
			continue;
		if (x < pos && r->anchor_end >= pos)
			r->anchor_end += cnt;
		else if (x >= pos && x < first)
			r->anchor_end += cnt;
		else if (x >= first)
			r->anchor_end -= first - pos;
	}
	if (pos < first) {
		reverse(rs->rules, pos, first);
		reverse(rs->rules, first, n);
		reverse(rs->rules, pos, n);
	} else {
		rs->rules[a].anchor_end = n;
	}
	p->adepth = p->files[k].adepth;
	p->name = p->files[k].name;
	TPF_MEMCPY(p->in, p->files[k].in, sizeof(p->in));
	p->depth = p->files[k].depth;
	p->line = p->files[k].line;
	p->tokline = p->files[k].tokline;
	p->pline = p->files[k].pline;
	p->peeked = p->files[k].peeked;
	p->tok = p->files[k].tok;
	p->ptok = p->files[k].ptok;
	TPF_MEMCPY(p->ptext, p->files[k].ptext, sizeof(p->ptext));
	p->nfiles = k;
}

static int
statement(struct tpf_parser *p, struct tpf_ruleset *rs, int tok)
{
	unsigned i;

	if (tok == T_WORD && tpf_peek(p) == '=')
		return parse_macro(p);
	if (tpf_is(p, tok, "set"))
		return tpf_parse_set(p, rs);
	if (tpf_is(p, tok, "table"))
		return tpf_parse_table(p, rs);
	if (tpf_is(p, tok, "antispoof"))
		return tpf_parse_antispoof(p, rs);
	if (tpf_is(p, tok, "pass") || tpf_is(p, tok, "block") ||
	    tpf_is(p, tok, "match"))
		return tpf_parse_rule(p, rs);
	if (tpf_is(p, tok, "anchor"))
		return tpf_parse_anchor(p, rs);
	if (tpf_is(p, tok, "load"))
		return load_anchor(p, rs);
	if (tok == '}')
		return close_anchor(p, rs);
	for (i = 0;
	     i < sizeof(unsupported_stmts) / sizeof(unsupported_stmts[0]);
	     i++) {
		if (tpf_is(p, tok, unsupported_stmts[i])) {
			tpf_perr2(p, "\"", p->text, "\" is not supported");
			return -1;
		}
	}
	if (tok == T_ERR)
		return -1;
	return syntax(p);
}

int
tpf_parse(struct tpf_parser *p, struct tpf_ruleset *rs, const char *name,
	  const char *text, size_t len, uint32_t flags, tpf_emit_fn emit,
	  void *ctx)
{
	return tpf_parse_ifaddrs(p, rs, name, text, len, flags, emit, ctx, NULL,
				 0);
}

int
tpf_parse_ifaddrs(struct tpf_parser *p, struct tpf_ruleset *rs,
		  const char *name, const char *text, size_t len,
		  uint32_t flags, tpf_emit_fn emit, void *ctx,
		  const struct tpf_ifaddr *ifa, uint32_t nifa)
{
	struct tpf_parse_env env = {ifa, nifa, NULL, NULL};

	return tpf_parse_env(p, rs, name, text, len, flags, emit, ctx, &env);
}

int
tpf_parse_env(struct tpf_parser *p, struct tpf_ruleset *rs, const char *name,
	      const char *text, size_t len, uint32_t flags, tpf_emit_fn emit,
	      void *ctx, const struct tpf_parse_env *env)
{
	static const struct tpf_parse_env none = {NULL, 0, NULL, NULL};
	int tok;

	if (env == NULL)
		env = &none;
	if (p == NULL || rs == NULL || name == NULL ||
	    (text == NULL && len != 0) || (env->ifa == NULL && env->nifa != 0))
		return -TPF_EINVAL;
	tpf_ruleset_clear(rs);
	p->ifa = env->ifa;
	p->nifa = env->nifa;
	p->load = env->load;
	p->load_ctx = env->load_ctx;
	p->adepth = 0;
	p->nfiles = 0;
	p->name = name;
	p->emit = emit;
	p->ctx = ctx;
	p->flags = flags;
	p->errors = 0;
	p->line = 1;
	p->tokline = 1;
	p->depth = 0;
	p->expansions = 0;
	p->in[0].p = text;
	p->in[0].len = len;
	p->in[0].pos = 0;
	p->peeked = 0;
	p->tok = T_NL;
	p->nmacros = 0;
	p->pool_used = 0;
	p->block_return = 0;
	for (;;) {
		tok = tpf_next(p);
		if (tok == T_EOF && p->nfiles > 0) {
			end_file(p, rs);
			continue;
		}
		if (tok == T_EOF)
			break;
		if (tok == T_NL)
			continue;
		if (statement(p, rs, tok) != 0)
			tpf_skip_line(p);
	}
	if (p->adepth != 0)
		tpf_perr(p, "syntax error");
	if (p->errors != 0) {
		rs->nrules = 0;
		return -TPF_EPARSE;
	}
	return 0;
}
