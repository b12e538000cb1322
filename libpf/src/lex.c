/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The pf.conf lexer: words, quoted strings, punctuation, `$macro`
 * expansion (textual, as in OpenBSD sbin/pfctl/parse.y), `#` comments and
 * backslash-newline continuation.  Macro values are expanded from an
 * explicit input stack, never by recursion.
 */
#include "parse_impl.h"

/* pfctl's allowed_in_string(): punctuation that ends a word. */
static bool
word_char(int c)
{
	switch (c) {
	case -1:
	case ' ':
	case '\t':
	case '\r':
	case '\n':
	case '{':
	case '}':
	case '(':
	case ')':
	case '<':
	case '>':
	case '!':
	case '=':
	case '/':
	case '#':
	case ',':
	case '"':
		return false;
	default:
		return true;
	}
}

static int
getch(struct tpf_parser *p, bool *synthetic)
{
	int c;

	*synthetic = false;
	for (;;) {
		if (p->in[p->depth].pos < p->in[p->depth].len) {
			c = (unsigned char)p->in[p->depth]
				    .p[p->in[p->depth].pos++];
			break;
		}
		if (p->depth == 0)
			return -1;
		/* The end of a macro value separates tokens. */
		p->depth--;
		*synthetic = true;
		return ' ';
	}
	if (p->depth == 0 && c == '\\' && p->in[0].pos < p->in[0].len &&
	    p->in[0].p[p->in[0].pos] == '\n') {
		p->in[0].pos++;
		p->line++;
		*synthetic = true;
		return ' ';
	}
	if (p->depth == 0 && c == '\n')
		p->line++;
	return c;
}

static void
ungetch(struct tpf_parser *p, int c, bool synthetic)
{
	if (synthetic || c == -1)
		return;
	p->in[p->depth].pos--;
	if (p->depth == 0 && c == '\n')
		p->line--;
}

void
tpf_perr(struct tpf_parser *p, const char *msg)
{
	struct tpf_buf b;

	p->errors++;
	tpf_buf_init(&b, p->line_buf, sizeof(p->line_buf));
	tpf_buf_str(&b, p->name);
	tpf_buf_chr(&b, ':');
	tpf_buf_uint(&b, p->tokline);
	tpf_buf_str(&b, ": ");
	tpf_buf_str(&b, msg);
	if (p->emit != NULL)
		p->emit(p->ctx, TPF_OUT_ERROR, b.p, b.len);
}

void
tpf_perr2(struct tpf_parser *p, const char *a, const char *b2, const char *c)
{
	char m[TPF_PARSE_TOKEN + 96];
	struct tpf_buf b;

	tpf_buf_init(&b, m, sizeof(m));
	tpf_buf_str(&b, a);
	tpf_buf_str(&b, b2);
	tpf_buf_str(&b, c);
	tpf_perr(p, m);
}

void
tpf_pemit(struct tpf_parser *p, enum tpf_stream s, const char *line)
{
	/* Echo lines come from the main text only (not anchor files). */
	if (p->emit != NULL && (s == TPF_OUT_ERROR || p->nfiles == 0))
		p->emit(p->ctx, s, line, tpf_strlen(line));
}

static int
macro_find(const struct tpf_parser *p, const char *name)
{
	uint32_t i;

	for (i = p->nmacros; i > 0; i--)
		if (tpf_streq(&p->pool[p->mname[i - 1]], name))
			return (int)i - 1;
	return -1;
}

int
tpf_macro_set(struct tpf_parser *p, const char *name, const char *val)
{
	size_t nl = tpf_strlen(name) + 1, vl = tpf_strlen(val) + 1;

	if (p->nmacros >= TPF_PARSE_MACROS ||
	    p->pool_used + nl + vl > TPF_PARSE_POOL)
		return -TPF_ENOSPC;
	p->mname[p->nmacros] = (uint16_t)p->pool_used;
	TPF_MEMCPY(&p->pool[p->pool_used], name, nl);
	p->pool_used += (uint32_t)nl;
	p->mval[p->nmacros] = (uint16_t)p->pool_used;
	TPF_MEMCPY(&p->pool[p->pool_used], val, vl);
	p->pool_used += (uint32_t)vl;
	p->nmacros++;
	return 0;
}

static bool
name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Push the value of $name; false (error reported) when it fails. */
static bool
expand(struct tpf_parser *p)
{
	char name[TPF_PARSE_TOKEN];
	size_t n = 0;
	bool syn;
	int c, m;

	while (name_char(c = getch(p, &syn)) && !syn) {
		if (n + 1 >= sizeof(name))
			break;
		name[n++] = (char)c;
	}
	ungetch(p, c, syn);
	name[n] = '\0';
	m = macro_find(p, name);
	if (m < 0) {
		tpf_perr2(p, "macro '", name, "' not defined");
		p->depth = 0;
		return false;
	}
	/* A macro that names itself would expand forever: bound the
	 * expansions of one line as well as their nesting. */
	if (p->depth + 1 >= TPF_PARSE_DEPTH ||
	    ++p->expansions > TPF_PARSE_EXPANSIONS) {
		tpf_perr(p, "macro expansion too deep");
		p->depth = 0;
		return false;
	}
	p->depth++;
	p->in[p->depth].p = &p->pool[p->mval[m]];
	p->in[p->depth].len = tpf_strlen(&p->pool[p->mval[m]]);
	p->in[p->depth].pos = 0;
	return true;
}

static int
lex_string(struct tpf_parser *p)
{
	size_t n = 0;
	bool syn;
	int c;

	for (;;) {
		c = getch(p, &syn);
		if (c == -1 || (c == '\n' && !syn)) {
			tpf_perr(p, "unterminated quoted string");
			return T_ERR;
		}
		if (c == '"' && !syn)
			break;
		if (n + 1 >= TPF_PARSE_TOKEN) {
			tpf_perr(p, "string too long");
			return T_ERR;
		}
		p->text[n++] = (char)c;
	}
	p->text[n] = '\0';
	return T_STRING;
}

static int
lex_punct(struct tpf_parser *p, int c)
{
	bool syn;
	int d = getch(p, &syn);

	if (!syn) {
		if (c == '!' && d == '=')
			return T_NE;
		if (c == '<' && d == '=')
			return T_LE;
		if (c == '>' && d == '=')
			return T_GE;
		if (c == '<' && d == '>')
			return T_XRG;
		if (c == '>' && d == '<')
			return T_IRG;
	}
	ungetch(p, d, syn);
	return c;
}

static int
lex(struct tpf_parser *p)
{
	size_t n;
	bool syn;
	int c;

	for (;;) {
		c = getch(p, &syn);
		if (c == ' ' || c == '\t' || c == '\r')
			continue;
		if (c == '#' && !syn) {
			while ((c = getch(p, &syn)) != -1 && c != '\n')
				;
			ungetch(p, c, syn);
			continue;
		}
		if (c == '$' && !syn) {
			p->tokline = p->line;
			if (!expand(p))
				return T_ERR;
			continue;
		}
		break;
	}
	p->tokline = p->line;
	p->text[0] = '\0';
	if (c == -1)
		return T_EOF;
	if (c == '\n') {
		p->tokline = p->line - 1;
		p->expansions = 0;
		return T_NL;
	}
	if (c == '"')
		return lex_string(p);
	if (!word_char(c))
		return lex_punct(p, c);
	n = 0;
	do {
		if (n + 1 >= TPF_PARSE_TOKEN) {
			tpf_perr(p, "string too long");
			return T_ERR;
		}
		p->text[n++] = (char)c;
		c = getch(p, &syn);
	} while (!syn && word_char(c));
	ungetch(p, c, syn);
	p->text[n] = '\0';
	return T_WORD;
}

int
tpf_next(struct tpf_parser *p)
{
	if (p->peeked) {
		p->peeked = 0;
		p->tok = p->ptok;
		TPF_MEMCPY(p->text, p->ptext, sizeof(p->text));
		p->tokline = p->pline;
		return p->tok;
	}
	p->tok = lex(p);
	return p->tok;
}

int
tpf_peek(struct tpf_parser *p)
{
	char save[TPF_PARSE_TOKEN];
	uint32_t line = p->tokline;
	int tok = p->tok;

	if (p->peeked)
		return p->ptok;
	TPF_MEMCPY(save, p->text, sizeof(save));
	p->ptok = lex(p);
	p->pline = p->tokline;
	TPF_MEMCPY(p->ptext, p->text, sizeof(p->text));
	TPF_MEMCPY(p->text, save, sizeof(save));
	p->tokline = line;
	p->tok = tok;
	p->peeked = 1;
	return p->ptok;
}

void
tpf_skip_line(struct tpf_parser *p)
{
	while (p->tok != T_NL && p->tok != T_EOF)
		(void)tpf_next(p);
}
