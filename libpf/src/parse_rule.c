/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Filter rules: `pass | block | match` with their options, the checks pfctl
 * makes (sbin/pfctl/parse.y rule_consistent(), expand_rule()) and the
 * expansion of lists into rules.
 */
#include "parse_impl.h"

static int
syntax(struct tpf_parser *p)
{
	tpf_perr(p, "syntax error");
	return -1;
}

static int
parse_code(struct tpf_parser *p, bool v6, uint8_t *code)
{
	uint32_t v;
	int c;

	if (tpf_next(p) != T_WORD)
		return syntax(p);
	if (tpf_parse_uint(p->text, 255, &v)) {
		*code = (uint8_t)v;
		return 0;
	}
	c = tpf_icmp_code_byname(p->text, v6);
	if (c < 0) {
		tpf_perr2(p, "unknown icmp-code ", p->text, "");
		return -1;
	}
	*code = (uint8_t)c;
	return 0;
}

/* block [drop | return | return-rst[(ttl n)] | return-icmp[(c[, c6])] |
 * return-icmp6[(c)]] */
static int
parse_return(struct tpf_parser *p, struct tpf_rule *r)
{
	uint32_t v;

	r->return_icmp = 3;  /* port-unr */
	r->return_icmp6 = 4; /* port-unr */
	r->ret = p->block_return ? TPF_RET_RETURN : TPF_RET_DROP;
	if (tpf_peek_is(p, "drop")) {
		r->ret = TPF_RET_DROP;
	} else if (tpf_peek_is(p, "return")) {
		r->ret = TPF_RET_RETURN;
	} else if (tpf_peek_is(p, "return-rst")) {
		r->ret = TPF_RET_RST;
		(void)tpf_next(p);
		if (tpf_peek(p) != '(')
			return 0;
		(void)tpf_next(p);
		if (!tpf_is(p, tpf_next(p), "ttl") || tpf_next(p) != T_WORD ||
		    !tpf_parse_uint(p->text, 255, &v) || tpf_next(p) != ')')
			return syntax(p);
		r->return_ttl = (uint8_t)v;
		return 0;
	} else if (tpf_peek_is(p, "return-icmp")) {
		r->ret = TPF_RET_ICMP;
		(void)tpf_next(p);
		if (tpf_peek(p) != '(')
			return 0;
		(void)tpf_next(p);
		if (parse_code(p, false, &r->return_icmp) != 0)
			return -1;
		if (tpf_peek(p) == ',') {
			(void)tpf_next(p);
			if (parse_code(p, true, &r->return_icmp6) != 0)
				return -1;
		}
		return tpf_next(p) == ')' ? 0 : syntax(p);
	} else if (tpf_peek_is(p, "return-icmp6")) {
		r->ret = TPF_RET_ICMP6;
		(void)tpf_next(p);
		if (tpf_peek(p) != '(')
			return 0;
		(void)tpf_next(p);
		if (parse_code(p, true, &r->return_icmp6) != 0)
			return -1;
		return tpf_next(p) == ')' ? 0 : syntax(p);
	} else {
		return 0;
	}
	(void)tpf_next(p);
	return 0;
}

int
tpf_parse_log(struct tpf_parser *p, struct tpf_rule *r)
{
	int tok;

	r->log = 1;
	if (tpf_peek(p) != '(')
		return 0;
	(void)tpf_next(p);
	for (;;) {
		tok = tpf_next(p);
		if (tok == ')')
			return 0;
		if (tok == ',')
			continue;
		if (tpf_is(p, tok, "all"))
			r->log |= 2;
		else if (tpf_is(p, tok, "matches"))
			r->log |= 4;
		else if (tpf_is(p, tok, "user"))
			r->log |= 8;
		else
			return syntax(p);
	}
}

static int
add_if(struct tpf_parser *p, const char *name, uint8_t neg)
{
	if (p->nif >= TPF_PARSE_LIST) {
		tpf_perr(p, "list too long");
		return -1;
	}
	if (!tpf_strlcpy(p->ifs[p->nif].name, name, TPF_IFNAMSIZ)) {
		tpf_perr(p, "interface name too long");
		return -1;
	}
	p->ifs[p->nif++].neg = neg;
	return 0;
}

static int
parse_on(struct tpf_parser *p)
{
	uint8_t neg = 0;
	int tok = tpf_next(p);

	if (tok == '!') {
		neg = 1;
		tok = tpf_next(p);
	}
	if (tok == T_WORD)
		return add_if(p, p->text, neg);
	if (tok != '{' || neg)
		return syntax(p);
	for (;;) {
		tok = tpf_next(p);
		if (tok == ',')
			continue;
		if (tok == '}')
			break;
		if (tok != T_WORD || add_if(p, p->text, 0) != 0)
			return tok != T_WORD ? syntax(p) : -1;
	}
	return p->nif == 0 ? syntax(p) : 0;
}

static int
add_proto(struct tpf_parser *p, const char *w)
{
	uint32_t v;
	int n;

	if (tpf_parse_uint(w, 255, &v)) {
		n = (int)v;
	} else {
		n = tpf_proto_byname(w);
		if (n < 0) {
			tpf_perr2(p, "unknown protocol ", w, "");
			return -1;
		}
	}
	if (p->nproto >= TPF_PARSE_LIST) {
		tpf_perr(p, "list too long");
		return -1;
	}
	p->protos[p->nproto++] = (uint8_t)n;
	return 0;
}

static int
parse_proto(struct tpf_parser *p)
{
	int tok = tpf_next(p);

	if (tok == T_WORD)
		return add_proto(p, p->text);
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
		if (add_proto(p, p->text) != 0)
			return -1;
	}
	return p->nproto == 0 ? syntax(p) : 0;
}

static int
parse_flagbits(const char *s, uint8_t *out)
{
	static const char letters[] = "FSRPAUEW";
	unsigned i;

	*out = 0;
	for (; *s != '\0'; s++) {
		for (i = 0; i < 8 && letters[i] != *s; i++)
			;
		if (i == 8)
			return -1;
		*out |= (uint8_t)(1u << i);
	}
	return 0;
}

/* flags any | flags F/M | flags /M */
static int
parse_flags(struct tpf_parser *p, struct tpf_rule *r)
{
	int tok = tpf_next(p);

	p->flags_given = 1;
	if (tpf_is(p, tok, "any")) {
		r->flags = r->flagset = 0;
		return 0;
	}
	r->flags = 0;
	if (tok == T_WORD) {
		if (parse_flagbits(p->text, &r->flags) != 0)
			return syntax(p);
		tok = tpf_next(p);
	}
	if (tok != '/' || tpf_next(p) != T_WORD ||
	    parse_flagbits(p->text, &r->flagset) != 0 || r->flagset == 0)
		return syntax(p);
	if ((r->flags & ~r->flagset) != 0) {
		tpf_perr(p, "flags always false");
		return -1;
	}
	p->flags_given = 2;
	return 0;
}

static int
icmp_item(struct tpf_parser *p, bool v6, int tok)
{
	uint32_t v;
	int t;

	if (tok != T_WORD)
		return syntax(p);
	if (p->nicmp >= TPF_PARSE_LIST) {
		tpf_perr(p, "list too long");
		return -1;
	}
	if (tpf_parse_uint(p->text, 255, &v)) {
		t = (int)v;
	} else {
		t = tpf_icmp_type_byname(p->text, v6);
		if (t < 0) {
			tpf_perr2(p, "unknown icmp-type ", p->text, "");
			return -1;
		}
	}
	p->icmp[p->nicmp].type = (uint8_t)(t + 1);
	p->icmp[p->nicmp].code = 0;
	p->icmp[p->nicmp].proto = v6 ? TPF_PROTO_ICMP6 : TPF_PROTO_ICMP;
	if (tpf_peek_is(p, "code")) {
		uint8_t c;

		(void)tpf_next(p);
		if (parse_code(p, v6, &c) != 0)
			return -1;
		p->icmp[p->nicmp].code = (uint8_t)(c + 1);
	}
	p->nicmp++;
	return 0;
}

static int
parse_icmp(struct tpf_parser *p, bool v6)
{
	int tok = tpf_next(p);

	if (tok != '{')
		return icmp_item(p, v6, tok);
	for (;;) {
		tok = tpf_next(p);
		if (tok == ',')
			continue;
		if (tok == '}')
			break;
		if (icmp_item(p, v6, tok) != 0)
			return -1;
	}
	return p->nicmp == 0 ? syntax(p) : 0;
}

static int
parse_name(struct tpf_parser *p, char *dst, size_t size, const char *what)
{
	int tok = tpf_next(p);

	if (tok != T_WORD && tok != T_STRING)
		return syntax(p);
	if (!tpf_strlcpy(dst, p->text, size)) {
		tpf_perr(p, what);
		return -1;
	}
	return 0;
}

static int
parse_tos(struct tpf_parser *p, struct tpf_rule *r)
{
	uint32_t v;

	if (tpf_next(p) != T_WORD)
		return syntax(p);
	if (tpf_streq(p->text, "lowdelay"))
		v = 0x10;
	else if (tpf_streq(p->text, "throughput"))
		v = 0x08;
	else if (tpf_streq(p->text, "reliability"))
		v = 0x04;
	else if (!tpf_parse_uint(p->text, 255, &v) || v == 0) {
		tpf_perr2(p, "illegal tos value ", p->text, "");
		return -1;
	}
	r->tos = (uint8_t)v;
	return 0;
}

static int
parse_state(struct tpf_parser *p, struct tpf_rule *r, uint8_t keep)
{
	if (!tpf_is(p, tpf_next(p), "state"))
		return syntax(p);
	r->keep = keep;
	if (tpf_peek(p) == '(') {
		tpf_perr(p, "state options are not supported");
		return -1;
	}
	return 0;
}

static const char *const unsupported_opts[] = {
	"user",	     "group",	      "queue",
	"rtable",    "probability",   "binat-to",
	"af-to",     "once",	      "fragment",
	"os",	     "received-on",   "max-pkt-rate",
	"divert-to", "divert-packet", "prio",
	"on",
};

/* scrub ( no-df | random-id | min-ttl n | max-mss n | reassemble tcp ) */
static int
parse_scrub(struct tpf_parser *p, struct tpf_rule *r)
{
	uint32_t v;
	int tok;

	if (tpf_next(p) != '(')
		return syntax(p);
	for (;;) {
		tok = tpf_next(p);
		if (tok == ')')
			return 0;
		if (tok == ',')
			continue;
		if (tpf_is(p, tok, "no-df")) {
			r->scrub |= 1;
		} else if (tpf_is(p, tok, "random-id")) {
			r->scrub |= 2;
		} else if (tpf_is(p, tok, "reassemble")) {
			if (!tpf_is(p, tpf_next(p), "tcp"))
				return syntax(p);
			r->scrub |= 4;
		} else if (tpf_is(p, tok, "min-ttl") ||
			   tpf_is(p, tok, "max-mss")) {
			bool ttl = p->text[1] == 'i';

			if (tpf_next(p) != T_WORD ||
			    !tpf_parse_uint(p->text, ttl ? 255 : 65535, &v))
				return syntax(p);
			if (ttl)
				r->min_ttl = (uint8_t)v;
			else
				r->max_mss = (uint16_t)v;
		} else {
			return syntax(p);
		}
	}
}

static int
set_item(struct tpf_parser *p, struct tpf_rule *r, int tok)
{
	struct tpf_rule t;

	if (tok != T_WORD)
		return syntax(p);
	if (!tpf_is(p, tok, "tos")) {
		tpf_perr2(p, "\"set ", p->text, "\" is not supported");
		return -1;
	}
	if (parse_tos(p, &t) != 0)
		return -1;
	r->set_tos = t.tos;
	r->has_set_tos = 1;
	return 0;
}

/* set tos VALUE | set ( tos VALUE ): tos is the only `set` supported. */
static int
parse_set_action(struct tpf_parser *p, struct tpf_rule *r)
{
	int tok = tpf_next(p);

	if (tok != '(')
		return set_item(p, r, tok);
	for (;;) {
		tok = tpf_next(p);
		if (tok == ')')
			return 0;
		if (tok == ',')
			continue;
		if (set_item(p, r, tok) != 0)
			return -1;
	}
}

/* route-to|reply-to|dup-to ADDR | ( IF ADDR ) */
static int
parse_route(struct tpf_parser *p, struct tpf_rule *r, uint8_t kind)
{
	int tok = tpf_next(p);
	bool paren = tok == '(';

	if (r->rt != TPF_RT_NONE) {
		tpf_perr(p, "multiple route options");
		return -1;
	}
	r->rt = kind;
	if (paren) {
		if (tpf_next(p) != T_WORD ||
		    !tpf_strlcpy(r->rt_ifname, p->text, TPF_IFNAMSIZ))
			return syntax(p);
		tok = tpf_next(p);
	}
	if (tok != T_WORD || tpf_addr_parse(p->text, &r->rt_af, &r->rt_addr))
		return syntax(p);
	if (paren && tpf_next(p) != ')')
		return syntax(p);
	return 0;
}

/* nat-to|rdr-to ADDR [port N]: parsed so that the rule's other errors
 * come first, then refused at expansion. */
static int
parse_xlate(struct tpf_parser *p, uint8_t kind)
{
	uint8_t af;
	struct tpf_addr a;

	if (tpf_next(p) != T_WORD || tpf_addr_parse(p->text, &af, &a) != 0)
		return syntax(p);
	if (tpf_peek_is(p, "port")) {
		(void)tpf_next(p);
		if (tpf_next(p) != T_WORD)
			return syntax(p);
	}
	p->xlate = kind;
	return 0;
}

/* One filter option at @tok; 1 when @tok is not an option. */
static int
parse_opt(struct tpf_parser *p, struct tpf_rule *r, int tok)
{
	unsigned i;

	if (tpf_is(p, tok, "flags"))
		return parse_flags(p, r);
	if (tpf_is(p, tok, "icmp-type"))
		return parse_icmp(p, false);
	if (tpf_is(p, tok, "icmp6-type"))
		return parse_icmp(p, true);
	if (tpf_is(p, tok, "tos"))
		return parse_tos(p, r);
	if (tpf_is(p, tok, "keep"))
		return parse_state(p, r, TPF_STATE_KEEP);
	if (tpf_is(p, tok, "modulate"))
		return parse_state(p, r, TPF_STATE_MODULATE);
	if (tpf_is(p, tok, "synproxy"))
		return parse_state(p, r, TPF_STATE_SYNPROXY);
	if (tpf_is(p, tok, "no"))
		return parse_state(p, r, TPF_STATE_NONE);
	if (tpf_is(p, tok, "scrub"))
		return parse_scrub(p, r);
	if (tpf_is(p, tok, "route-to"))
		return parse_route(p, r, TPF_RT_ROUTETO);
	if (tpf_is(p, tok, "reply-to"))
		return parse_route(p, r, TPF_RT_REPLYTO);
	if (tpf_is(p, tok, "dup-to"))
		return parse_route(p, r, TPF_RT_DUPTO);
	if (tpf_is(p, tok, "nat-to"))
		return parse_xlate(p, 1);
	if (tpf_is(p, tok, "rdr-to"))
		return parse_xlate(p, 2);
	if (tpf_is(p, tok, "set"))
		return parse_set_action(p, r);
	if (tpf_is(p, tok, "allow-opts")) {
		r->allow_opts = 1;
		return 0;
	}
	if (tpf_is(p, tok, "label"))
		return parse_name(p, r->label, TPF_LABEL_SIZE,
				  "label too long, max 63 chars");
	if (tpf_is(p, tok, "tag"))
		return parse_name(p, r->tag, TPF_TAG_SIZE,
				  "tag too long, max 63 chars");
	if (tok == '!' || tpf_is(p, tok, "tagged")) {
		if (tok == '!') {
			r->tagged_not = 1;
			if (!tpf_is(p, tpf_next(p), "tagged"))
				return syntax(p);
		}
		return parse_name(p, r->tagged, TPF_TAG_SIZE,
				  "tag too long, max 63 chars");
	}
	for (i = 0; i < sizeof(unsupported_opts) / sizeof(unsupported_opts[0]);
	     i++) {
		if (tpf_is(p, tok, unsupported_opts[i])) {
			tpf_perr2(p, "\"", p->text, "\" is not supported");
			return -1;
		}
	}
	return 1;
}

/* action [return] [in|out] [log] [quick] [on if] [af] [proto] hosts opts */
static int
parse_head(struct tpf_parser *p, struct tpf_ruleset *rs, struct tpf_rule *r)
{
	if (r->action == TPF_BLOCK && parse_return(p, r) != 0)
		return -1;
	if (tpf_peek_is(p, "in") || tpf_peek_is(p, "out")) {
		(void)tpf_next(p);
		r->dir = tpf_streq(p->text, "in") ? TPF_DIR_IN : TPF_DIR_OUT;
	}
	if (tpf_peek_is(p, "log")) {
		(void)tpf_next(p);
		if (tpf_parse_log(p, r) != 0)
			return -1;
	}
	if (tpf_peek_is(p, "quick")) {
		(void)tpf_next(p);
		r->quick = 1;
	}
	if (tpf_peek_is(p, "on")) {
		(void)tpf_next(p);
		if (parse_on(p) != 0)
			return -1;
	}
	if (tpf_peek_is(p, "inet") || tpf_peek_is(p, "inet6")) {
		(void)tpf_next(p);
		r->af = tpf_streq(p->text, "inet") ? TPF_AF_INET : TPF_AF_INET6;
	}
	if (tpf_peek_is(p, "proto")) {
		(void)tpf_next(p);
		if (parse_proto(p) != 0)
			return -1;
	}
	return tpf_parse_fromto(p, rs);
}

static void
reset_lists(struct tpf_parser *p)
{
	p->nif = p->nproto = p->nicmp = 0;
	p->nsrc = p->ndst = p->nsport = p->ndport = 0;
	p->flags_given = 0;
	p->xlate = 0;
}

/* Fill empty lists with their single "any" element. */
static void
default_lists(struct tpf_parser *p)
{
	if (p->nif == 0) {
		p->ifs[0].name[0] = '\0';
		p->ifs[0].neg = 0;
		p->nif = 1;
	}
	if (p->nproto == 0) {
		p->protos[0] = 0;
		p->nproto = 1;
	}
	if (p->nicmp == 0) {
		p->icmp[0].type = p->icmp[0].code = p->icmp[0].proto = 0;
		p->nicmp = 1;
	}
	if (p->nsrc == 0) {
		TPF_MEMSET(&p->src[0], 0, sizeof(p->src[0]));
		p->srcscope[0][0] = '\0';
		p->nsrc = 1;
	}
	if (p->ndst == 0) {
		TPF_MEMSET(&p->dst[0], 0, sizeof(p->dst[0]));
		p->dstscope[0][0] = '\0';
		p->ndst = 1;
	}
	if (p->nsport == 0) {
		p->sport[0].op = 0;
		p->nsport = 1;
	}
	if (p->ndport == 0) {
		p->dport[0].op = 0;
		p->ndport = 1;
	}
}

int tpf_expand_rule(struct tpf_parser *p, struct tpf_ruleset *rs);

int
tpf_parse_rule(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	struct tpf_rule *r = &p->tmpl;
	uint32_t i;
	int tok, rc;

	TPF_MEMSET(r, 0, sizeof(*r));
	reset_lists(p);
	if (tpf_streq(p->text, "pass"))
		r->action = TPF_PASS;
	else if (tpf_streq(p->text, "block"))
		r->action = TPF_BLOCK;
	else
		r->action = TPF_MATCH;
	r->keep = r->action == TPF_PASS ? TPF_STATE_KEEP : TPF_STATE_NONE;
	if (parse_head(p, rs, r) != 0)
		return -1;
	for (;;) {
		tok = tpf_next(p);
		if (tpf_at_end(p, tok))
			break;
		rc = parse_opt(p, r, tok);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return tok == T_ERR ? -1 : syntax(p);
	}
	if (p->flags_given == 2 && p->nproto != 0) {
		/* Lists need one tcp element; the others drop the flags. */
		for (i = 0; i < p->nproto && p->protos[i] != TPF_PROTO_TCP; i++)
			;
		if (i == p->nproto) {
			tpf_perr(p, "flags only apply to tcp");
			return -1;
		}
	}
	/* 'flags S/SA' by default on stateful rules (parse.y). */
	if (r->action == TPF_PASS && p->flags_given == 0 &&
	    r->keep != TPF_STATE_NONE) {
		r->flags = TPF_TH_SYN;
		r->flagset = TPF_TH_SYN | TPF_TH_ACK;
	}
	default_lists(p);
	return tpf_expand_rule(p, rs);
}

/* anchor NAME [in|out] [log] [quick] [on if] [af] [proto] hosts [opts]
 * [{ NL rules NL }] */
int
tpf_parse_anchor(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	struct tpf_rule *r = &p->tmpl;
	uint32_t before = rs->nrules;
	int tok, rc;

	TPF_MEMSET(r, 0, sizeof(*r));
	reset_lists(p);
	p->body = 0;
	r->action = TPF_MATCH;
	r->anchor = 1;
	tok = tpf_next(p);
	if ((tok != T_WORD && tok != T_STRING) || p->text[0] == '\0')
		return syntax(p);
	if (!tpf_strlcpy(r->anchor_name, p->text, TPF_ANCHOR_NAMESZ)) {
		tpf_perr(p, "anchor name too long");
		return -1;
	}
	if (parse_head(p, rs, r) != 0)
		return -1;
	for (;;) {
		tok = tpf_next(p);
		if (tok == '{') {
			/* The anchor's rules follow, one per line. */
			if (!tpf_at_end(p, tpf_next(p)))
				return syntax(p);
			p->body = 1;
			break;
		}
		if (tpf_at_end(p, tok))
			break;
		if (tpf_is(p, tok, "keep") || tpf_is(p, tok, "modulate") ||
		    tpf_is(p, tok, "synproxy") || tpf_is(p, tok, "no")) {
			tpf_perr(p, "cannot specify state handling on anchors");
			return -1;
		}
		rc = parse_opt(p, r, tok);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return tok == T_ERR ? -1 : syntax(p);
	}
	default_lists(p);
	if (tpf_expand_rule(p, rs) != 0)
		return -1;
	if (p->body && rs->nrules - before != 1) {
		rs->nrules = before;
		tpf_perr(p, "an anchor with a ruleset cannot expand to "
			    "several rules");
		return -1;
	}
	if (p->body && p->adepth >= TPF_ANCHOR_DEPTH) {
		rs->nrules = before;
		tpf_perr(p, "anchors nested too deeply");
		return -1;
	}
	if (p->body)
		p->astack[p->adepth++] = before;
	return 0;
}

/* One `for` item: ifname or (ifname). */
static int
antispoof_item(struct tpf_parser *p, int tok)
{
	char name[TPF_PARSE_TOKEN];
	bool dyn = tok == '(';

	if (dyn)
		tok = tpf_next(p);
	if (tok != T_WORD)
		return syntax(p);
	(void)tpf_strlcpy(name, p->text, sizeof(name));
	if (dyn && tpf_next(p) != ')')
		return syntax(p);
	/* The list's "neg" flag marks the dynamic form (if) here. */
	return add_if(p, name, dyn ? 1 : 0);
}

/* antispoof [log] [quick] for if|(if)|{ ... } [inet|inet6] [label s] */
int
tpf_parse_antispoof(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	struct tpf_rule *r = &p->tmpl;
	uint32_t i;
	int tok;

	TPF_MEMSET(r, 0, sizeof(*r));
	reset_lists(p);
	r->action = TPF_BLOCK;
	r->ret = TPF_RET_DROP;
	r->dir = TPF_DIR_IN;
	if (tpf_peek_is(p, "log")) {
		(void)tpf_next(p);
		if (tpf_parse_log(p, r) != 0)
			return -1;
	}
	if (tpf_peek_is(p, "quick")) {
		(void)tpf_next(p);
		r->quick = 1;
	}
	if (!tpf_is(p, tpf_next(p), "for"))
		return syntax(p);
	tok = tpf_next(p);
	if (tok == '{') {
		while ((tok = tpf_next(p)) != '}') {
			if (tok == ',')
				continue;
			if (antispoof_item(p, tok) != 0)
				return -1;
		}
	} else if (antispoof_item(p, tok) != 0) {
		return -1;
	}
	if (tpf_peek_is(p, "inet") || tpf_peek_is(p, "inet6")) {
		(void)tpf_next(p);
		r->af = tpf_streq(p->text, "inet") ? TPF_AF_INET : TPF_AF_INET6;
	}
	if (tpf_peek_is(p, "label")) {
		(void)tpf_next(p);
		if (parse_name(p, r->label, TPF_LABEL_SIZE,
			       "label too long, max 63 chars") != 0)
			return -1;
	}
	if (!tpf_at_end(p, tpf_next(p)))
		return syntax(p);
	for (i = 0; i < p->nif; i++)
		if (tpf_antispoof_expand(p, rs, p->ifs[i].name,
					 p->ifs[i].neg != 0) != 0)
			return -1;
	return 0;
}
