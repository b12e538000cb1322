/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The pf.conf parser: statements, filter rules with lists, and pfctl's
 * expansion of lists into the cartesian product of rules (OpenBSD
 * sbin/pfctl/parse.y expand_rule(): interface, protocol, icmp-type,
 * source, source port, destination, destination port, in that order).
 * Errors are reported per line and parsing resumes at the next line.
 */
#include "parse_impl.h"

bool
tpf_is(const struct tpf_parser *p, int tok, const char *word)
{
	return tok == T_WORD && tpf_streq(p->text, word);
}

bool
tpf_peek_is(struct tpf_parser *p, const char *word)
{
	return tpf_peek(p) == T_WORD && tpf_streq(p->ptext, word);
}

bool
tpf_at_end(const struct tpf_parser *p, int tok)
{
	(void)p;
	return tok == T_NL || tok == T_EOF;
}

/* Short IPv4 forms with a mask: "10" and "10.1" are 10.0.0.0, 10.1.0.0. */
static bool
pad_v4(const char *w, char *out, size_t size)
{
	size_t i, dots = 0, n = tpf_strlen(w);

	for (i = 0; i < n; i++) {
		if (w[i] == '.')
			dots++;
		else if (w[i] < '0' || w[i] > '9')
			return false;
	}
	if (dots >= 3 || n + 2 * (3 - dots) + 1 > size)
		return false;
	TPF_MEMCPY(out, w, n);
	for (; dots < 3; dots++) {
		out[n++] = '.';
		out[n++] = '0';
	}
	out[n] = '\0';
	return true;
}

int
tpf_parse_addr(struct tpf_parser *p, const char *word, bool masked,
	       uint32_t bits, struct tpf_addr_spec *h, char *scope)
{
	char w[TPF_PARSE_TOKEN], pad[TPF_PARSE_TOKEN];
	char m[TPF_PARSE_TOKEN + 32];
	struct tpf_buf b;
	size_t i;
	uint8_t af;
	int rc;

	(void)tpf_strlcpy(w, word, sizeof(w));
	scope[0] = '\0';
	for (i = 0; w[i] != '\0'; i++) {
		if (w[i] == '%') {
			w[i] = '\0';
			if (!tpf_strlcpy(scope, &w[i + 1], TPF_IFNAMSIZ))
				scope[0] = '\0';
			break;
		}
	}
	rc = tpf_addr_parse(w, &af, &h->addr);
	if (rc != 0 && masked && pad_v4(w, pad, sizeof(pad)))
		rc = tpf_addr_parse(pad, &af, &h->addr);
	if (rc != 0) {
		/* pfctl prints this line without a location. */
		tpf_buf_init(&b, m, sizeof(m));
		tpf_buf_str(&b, "no IP address found for ");
		tpf_buf_str(&b, word);
		tpf_pemit(p, TPF_OUT_ERROR, m);
		tpf_perr(p, "could not parse host specification");
		return -1;
	}
	if (!masked)
		bits = af == TPF_AF_INET ? 32 : 128;
	if (bits > 128) {
		tpf_perr(p, "netmask is too large");
		return -1;
	}
	if (af == TPF_AF_INET && bits > 32) {
		tpf_buf_init(&b, m, sizeof(m));
		tpf_buf_str(&b, "netmask ");
		tpf_buf_uint(&b, bits);
		tpf_buf_str(&b, " invalid for IPv4 address");
		tpf_perr(p, m);
		return -1;
	}
	h->type = TPF_ADDR_MASK;
	h->af = af;
	h->bits = (uint8_t)bits;
	tpf_addr_mask(&h->addr, bits);
	return 0;
}

/* Optional "/bits" after an address; *masked tells whether one was seen. */
static int
parse_mask(struct tpf_parser *p, bool *masked, uint32_t *bits)
{
	*masked = false;
	*bits = 0;
	if (tpf_peek(p) != '/')
		return 0;
	(void)tpf_next(p);
	if (tpf_next(p) != T_WORD || !tpf_parse_uint(p->text, 255, bits)) {
		tpf_perr(p, "syntax error");
		return -1;
	}
	*masked = true;
	return 0;
}

static const char *const dynmod_names[] = {"network", "broadcast", "peer", "0"};

static int
parse_dynif(struct tpf_parser *p, struct tpf_addr_spec *h)
{
	char *colon = NULL;
	uint32_t bits;
	bool masked;
	unsigned i;
	size_t k;

	if (tpf_next(p) != T_WORD) {
		tpf_perr(p, "syntax error");
		return -1;
	}
	for (k = 0; p->text[k] != '\0'; k++)
		if (p->text[k] == ':' && colon == NULL)
			colon = &p->text[k];
	h->dynmod = 0;
	if (colon != NULL) {
		*colon = '\0';
		for (i = 0; i < 4; i++)
			if (tpf_streq(colon + 1, dynmod_names[i]))
				h->dynmod = (uint8_t)(i + 1);
		if (h->dynmod == 0) {
			tpf_perr(p, "syntax error");
			return -1;
		}
	}
	if (!tpf_strlcpy(h->ifname, p->text, TPF_IFNAMSIZ) ||
	    tpf_next(p) != ')') {
		tpf_perr(p, "syntax error");
		return -1;
	}
	if (parse_mask(p, &masked, &bits) != 0)
		return -1;
	if (bits > 128) {
		tpf_perr(p, "netmask is too large");
		return -1;
	}
	h->type = TPF_ADDR_DYNIF;
	h->bits = masked ? (uint8_t)bits : 128;
	return 0;
}

static int
parse_table_ref(struct tpf_parser *p, struct tpf_ruleset *rs,
		struct tpf_addr_spec *h)
{
	int t;

	if (tpf_next(p) != T_WORD) {
		tpf_perr(p, "syntax error");
		return -1;
	}
	t = tpf_table_get(rs, p->text);
	if (t < 0) {
		tpf_perr(p, t == -TPF_EINVAL ? "table name too long"
					     : "too many tables");
		return -1;
	}
	if (tpf_next(p) != '>') {
		tpf_perr(p, "syntax error");
		return -1;
	}
	h->type = TPF_ADDR_TABLE;
	h->table = (uint16_t)t;
	return 0;
}

/* One host (after an optional '!'), at the current token. */
static int
parse_host1(struct tpf_parser *p, struct tpf_ruleset *rs, int tok,
	    struct tpf_addr_spec *h, char *scope)
{
	char word[TPF_PARSE_TOKEN];
	uint32_t bits;
	bool masked;

	TPF_MEMSET(h, 0, sizeof(*h));
	scope[0] = '\0';
	if (tok == '!') {
		h->neg = 1;
		tok = tpf_next(p);
	}
	if (tok == '<')
		return parse_table_ref(p, rs, h);
	if (tok == '(')
		return parse_dynif(p, h);
	if (tok != T_WORD) {
		tpf_perr(p, "syntax error");
		return -1;
	}
	if (tpf_streq(p->text, "any")) {
		h->type = TPF_ADDR_ANY;
		return 0;
	}
	if (tpf_streq(p->text, "no-route")) {
		h->type = TPF_ADDR_NOROUTE;
		return 0;
	}
	if (tpf_streq(p->text, "self") || tpf_streq(p->text, "urpf-failed") ||
	    tpf_streq(p->text, "route")) {
		tpf_perr2(p, "\"", p->text, "\" is not supported");
		return -1;
	}
	(void)tpf_strlcpy(word, p->text, sizeof(word));
	if (parse_mask(p, &masked, &bits) != 0)
		return -1;
	return tpf_parse_addr(p, word, masked, bits, h, scope);
}

/* host | { host, ... } into the parser's source or destination list. */
static int
parse_hosts(struct tpf_parser *p, struct tpf_ruleset *rs, bool dst)
{
	struct tpf_addr_spec *list = dst ? p->dst : p->src;
	char(*scopes)[TPF_IFNAMSIZ] = dst ? p->dstscope : p->srcscope;
	uint32_t *n = dst ? &p->ndst : &p->nsrc;
	int tok;

	*n = 0;
	/* "to port 22": the host may be left out (parse.y ipportspec). */
	if (tpf_peek_is(p, "port"))
		return 0;
	tok = tpf_next(p);
	if (tok != '{') {
		if (parse_host1(p, rs, tok, &list[0], scopes[0]) != 0)
			return -1;
		*n = 1;
		return 0;
	}
	for (;;) {
		tok = tpf_next(p);
		if (tok == ',')
			continue;
		if (tok == '}')
			break;
		if (*n >= TPF_PARSE_LIST) {
			tpf_perr(p, "list too long");
			return -1;
		}
		if (parse_host1(p, rs, tok, &list[*n], scopes[*n]) != 0)
			return -1;
		(*n)++;
	}
	if (*n == 0) {
		tpf_perr(p, "syntax error");
		return -1;
	}
	return 0;
}

static int
port_value(struct tpf_parser *p, const char *w, uint16_t *out)
{
	uint32_t v;
	int s;

	if (w[0] >= '0' && w[0] <= '9') {
		if (!tpf_parse_uint(w, 0xffffffffu, &v) || v > 65535) {
			tpf_perr2(p, "illegal port value ", w, "");
			return -1;
		}
		*out = (uint16_t)v;
		return 0;
	}
	s = tpf_service_byname(w);
	if (s < 0) {
		tpf_perr2(p, "unknown port ", w, "");
		return -1;
	}
	*out = (uint16_t)s;
	return 0;
}

static int
op_of(int tok)
{
	switch (tok) {
	case '=':
		return TPF_OP_EQ;
	case T_NE:
		return TPF_OP_NE;
	case '<':
		return TPF_OP_LT;
	case T_LE:
		return TPF_OP_LE;
	case '>':
		return TPF_OP_GT;
	case T_GE:
		return TPF_OP_GE;
	default:
		return TPF_OP_NONE;
	}
}

/* [op] port | a:b | a >< b | a <> b */
static int
parse_port1(struct tpf_parser *p, int tok, uint8_t *op, uint16_t *pt)
{
	char w[TPF_PARSE_TOKEN];
	int o = op_of(tok), nt;
	size_t i;

	if (o != TPF_OP_NONE) {
		if (tpf_next(p) != T_WORD) {
			tpf_perr(p, "syntax error");
			return -1;
		}
		*op = (uint8_t)o;
		return port_value(p, p->text, &pt[0]);
	}
	if (tok != T_WORD) {
		tpf_perr(p, "syntax error");
		return -1;
	}
	(void)tpf_strlcpy(w, p->text, sizeof(w));
	for (i = 0; w[i] != '\0'; i++) {
		if (w[i] == ':') {
			w[i] = '\0';
			*op = TPF_OP_RRG;
			if (port_value(p, w, &pt[0]) != 0 ||
			    port_value(p, &w[i + 1], &pt[1]) != 0)
				return -1;
			return 0;
		}
	}
	if (port_value(p, w, &pt[0]) != 0)
		return -1;
	*op = TPF_OP_EQ;
	nt = tpf_peek(p);
	if (nt == T_IRG || nt == T_XRG) {
		(void)tpf_next(p);
		*op = nt == T_IRG ? TPF_OP_IRG : TPF_OP_XRG;
		if (tpf_next(p) != T_WORD) {
			tpf_perr(p, "syntax error");
			return -1;
		}
		return port_value(p, p->text, &pt[1]);
	}
	return 0;
}

static int
parse_ports(struct tpf_parser *p, bool dst)
{
	uint32_t *n = dst ? &p->ndport : &p->nsport;
	int tok = tpf_next(p);

	*n = 0;
	if (tok != '{') {
		if (dst)
			return parse_port1(p, tok, &p->dport[0].op,
					   p->dport[0].p) == 0
				       ? (*n = 1, 0)
				       : -1;
		return parse_port1(p, tok, &p->sport[0].op, p->sport[0].p) == 0
			       ? (*n = 1, 0)
			       : -1;
	}
	for (;;) {
		tok = tpf_next(p);
		if (tok == ',')
			continue;
		if (tok == '}')
			break;
		if (*n >= TPF_PARSE_LIST) {
			tpf_perr(p, "list too long");
			return -1;
		}
		if (dst ? parse_port1(p, tok, &p->dport[*n].op, p->dport[*n].p)
			: parse_port1(p, tok, &p->sport[*n].op, p->sport[*n].p))
			return -1;
		(*n)++;
	}
	if (*n == 0) {
		tpf_perr(p, "syntax error");
		return -1;
	}
	return 0;
}

/* from HOSTS [port PORTS] / to HOSTS [port PORTS] / all */
int
tpf_parse_fromto(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	if (tpf_peek_is(p, "all")) {
		(void)tpf_next(p);
		return 0;
	}
	if (tpf_peek_is(p, "from")) {
		(void)tpf_next(p);
		if (parse_hosts(p, rs, false) != 0)
			return -1;
		if (tpf_peek_is(p, "port")) {
			(void)tpf_next(p);
			if (parse_ports(p, false) != 0)
				return -1;
		}
	}
	if (tpf_peek_is(p, "to")) {
		(void)tpf_next(p);
		if (parse_hosts(p, rs, true) != 0)
			return -1;
		if (tpf_peek_is(p, "port")) {
			(void)tpf_next(p);
			if (parse_ports(p, true) != 0)
				return -1;
		}
	}
	return 0;
}
