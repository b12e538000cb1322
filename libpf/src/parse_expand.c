/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Expansion of a parsed rule with lists into rules, with pfctl's checks per
 * combination and its label macros ($if $proto $srcaddr $srcport $dstaddr
 * $dstport $nr).
 */
#include "parse_impl.h"

enum { L_IF, L_PROTO, L_ICMP, L_SRC, L_SPORT, L_DST, L_DPORT, L_COUNT };

static const char *
af_word(uint8_t af)
{
	return af == TPF_AF_INET ? "inet" : "inet6";
}

/* rule_consistent(): returns the number of problems found. */
static int
consistent(struct tpf_parser *p, const struct tpf_rule *r)
{
	int problems = 0;

	if (r->proto != TPF_PROTO_TCP && r->proto != TPF_PROTO_UDP &&
	    (r->src.port_op != TPF_OP_NONE || r->dst.port_op != TPF_OP_NONE)) {
		tpf_perr(p, "port only applies to tcp/udp");
		problems++;
	}
	if (r->icmp_type != 0 && r->af == TPF_AF_ANY) {
		tpf_perr(p, "must indicate address family with icmp-type/code");
		problems++;
	}
	if ((r->ret == TPF_RET_ICMP && r->proto == TPF_PROTO_ICMP6) ||
	    (r->ret == TPF_RET_ICMP6 && r->proto == TPF_PROTO_ICMP)) {
		tpf_perr(p, "icmp version does not match address family");
		return problems + 1;
	}
	if (r->rt != TPF_RT_NONE && r->keep == TPF_STATE_NONE) {
		tpf_perr(p, "route-to, reply-to and dup-to require keep state");
		problems++;
	}
	if (r->rt != TPF_RT_NONE && r->action == TPF_BLOCK) {
		tpf_perr(p, "route-to, reply-to and dup-to are not supported "
			    "on block rules");
		problems++;
	}
	if ((r->proto == TPF_PROTO_ICMP && r->af == TPF_AF_INET6) ||
	    (r->proto == TPF_PROTO_ICMP6 && r->af == TPF_AF_INET)) {
		char m[96];
		struct tpf_buf b;

		tpf_buf_init(&b, m, sizeof(m));
		tpf_buf_str(&b, "proto ");
		tpf_buf_str(&b, r->proto == TPF_PROTO_ICMP ? "icmp" : "icmp6");
		tpf_buf_str(&b, " doesn't match address family ");
		tpf_buf_str(&b, af_word(r->af));
		tpf_perr(p, m);
		problems++;
	}
	return problems;
}

static void
label_port(struct tpf_buf *b, const struct tpf_addr_spec *h)
{
	if (h->port_op == TPF_OP_EQ) {
		tpf_buf_uint(b, h->port[0]);
	} else if (h->port_op == TPF_OP_RRG) {
		tpf_buf_uint(b, h->port[0]);
		tpf_buf_chr(b, ':');
		tpf_buf_uint(b, h->port[1]);
	}
}

static bool
macro_at(const char *s, const char *name, size_t *len)
{
	size_t n = tpf_strlen(name);

	if (TPF_MEMCMP(s, name, n) != 0)
		return false;
	*len = n;
	return true;
}

static void
expand_label(const struct tpf_ruleset *rs, struct tpf_rule *r,
	     const char *ifname)
{
	char out[TPF_LABEL_SIZE];
	const char *s = r->label, *pn;
	struct tpf_buf b;
	size_t n;

	tpf_buf_init(&b, out, sizeof(out));
	while (*s != '\0') {
		if (*s != '$') {
			tpf_buf_chr(&b, *s++);
			continue;
		}
		if (macro_at(s, "$if", &n)) {
			tpf_buf_str(&b, ifname);
		} else if (macro_at(s, "$proto", &n)) {
			pn = tpf_proto_name(r->proto);
			if (r->proto != 0 && pn != NULL)
				tpf_buf_str(&b, pn);
		} else if (macro_at(s, "$srcaddr", &n)) {
			if (r->src.neg)
				tpf_buf_chr(&b, '!');
			tpf_print_host(&b, rs, &r->src, r->af);
		} else if (macro_at(s, "$dstaddr", &n)) {
			if (r->dst.neg)
				tpf_buf_chr(&b, '!');
			tpf_print_host(&b, rs, &r->dst, r->af);
		} else if (macro_at(s, "$srcport", &n)) {
			label_port(&b, &r->src);
		} else if (macro_at(s, "$dstport", &n)) {
			label_port(&b, &r->dst);
		} else if (macro_at(s, "$nr", &n)) {
			tpf_buf_uint(&b, rs->nrules);
		} else {
			n = 1;
			tpf_buf_chr(&b, '$');
		}
		s += n;
	}
	TPF_MEMCPY(r->label, out, b.len + 1);
}

static bool
scope_ok(const char *scope, const char *ifname)
{
	return scope[0] == '\0' || ifname[0] == '\0' ||
	       tpf_streq(scope, ifname);
}

/* Build the rule for combination @ix; false when the families or scopes
 * of its parts cannot go together (silently skipped, as pfctl does). */
static bool
combine(struct tpf_parser *p, const uint32_t *ix, struct tpf_rule *r,
	const char **ifname)
{
	const struct tpf_addr_spec *s = &p->src[ix[L_SRC]];
	const struct tpf_addr_spec *d = &p->dst[ix[L_DST]];
	const char *ss = p->srcscope[ix[L_SRC]], *ds = p->dstscope[ix[L_DST]];

	*r = p->tmpl;
	if ((r->af && s->af && r->af != s->af) ||
	    (r->af && d->af && r->af != d->af) ||
	    (s->af && d->af && s->af != d->af) ||
	    (ss[0] != '\0' && ds[0] != '\0' && !tpf_streq(ss, ds)) ||
	    !scope_ok(ss, p->ifs[ix[L_IF]].name) ||
	    !scope_ok(ds, p->ifs[ix[L_IF]].name))
		return false;
	if (r->af == TPF_AF_ANY)
		r->af = s->af ? s->af : d->af;
	*ifname = p->ifs[ix[L_IF]].name;
	if ((*ifname)[0] == '\0')
		*ifname = ss[0] != '\0' ? ss : ds;
	r->ifnot = p->ifs[ix[L_IF]].neg;
	r->proto = p->protos[ix[L_PROTO]];
	r->src = *s;
	r->dst = *d;
	r->src.port_op = p->sport[ix[L_SPORT]].op;
	r->src.port[0] = p->sport[ix[L_SPORT]].p[0];
	r->src.port[1] = p->sport[ix[L_SPORT]].p[1];
	r->dst.port_op = p->dport[ix[L_DPORT]].op;
	r->dst.port[0] = p->dport[ix[L_DPORT]].p[0];
	r->dst.port[1] = p->dport[ix[L_DPORT]].p[1];
	r->icmp_type = p->icmp[ix[L_ICMP]].type;
	r->icmp_code = p->icmp[ix[L_ICMP]].code;
	if ((r->keep == TPF_STATE_MODULATE || r->keep == TPF_STATE_SYNPROXY) &&
	    r->proto != 0 && r->proto != TPF_PROTO_TCP)
		r->keep = TPF_STATE_KEEP;
	if (r->proto != 0 && r->proto != TPF_PROTO_TCP)
		r->flags = r->flagset = 0;
	return true;
}

static int
append(struct tpf_parser *p, struct tpf_ruleset *rs, struct tpf_rule *r,
       const char *ifname)
{
	int idx;

	if (ifname[0] != '\0') {
		idx = tpf_ruleset_ifname(rs, ifname);
		if (idx < 0) {
			tpf_perr(p, "too many interfaces");
			return -1;
		}
		r->ifidx = (uint8_t)idx;
	}
	if (r->label[0] != '\0')
		expand_label(rs, r, ifname);
	r->depth = (uint8_t)p->adepth;
	r->anchor_end = r->anchor ? rs->nrules + 1 : 0;
	if (tpf_ruleset_add(rs, r) < 0) {
		tpf_perr(p, "too many rules");
		return -1;
	}
	return 0;
}

int tpf_expand_rule(struct tpf_parser *p, struct tpf_ruleset *rs);

int
tpf_expand_rule(struct tpf_parser *p, struct tpf_ruleset *rs)
{
	uint32_t ix[L_COUNT] = {0}, n[L_COUNT];
	struct tpf_rule r;
	const char *ifname;
	uint32_t added = 0;
	int k, errors;

	n[L_IF] = p->nif;
	n[L_PROTO] = p->nproto;
	n[L_ICMP] = p->nicmp;
	n[L_SRC] = p->nsrc;
	n[L_SPORT] = p->nsport;
	n[L_DST] = p->ndst;
	n[L_DPORT] = p->ndport;
	for (;;) {
		if (combine(p, ix, &r, &ifname)) {
			errors = 0;
			if (p->icmp[ix[L_ICMP]].proto != 0 &&
			    r.proto != p->icmp[ix[L_ICMP]].proto) {
				tpf_perr(p, "icmp-type mismatch");
				errors++;
			}
			/* The route target takes the rule's family, which
			 * it sets when the rule has none. */
			if (r.rt != TPF_RT_NONE && r.af == TPF_AF_ANY)
				r.af = r.rt_af;
			if (r.rt != TPF_RT_NONE && r.af != r.rt_af) {
				tpf_perr(p, "af mismatch in routing spec");
				errors++;
			}
			errors += consistent(p, &r);
			if (errors == 0 && p->xlate != 0) {
				tpf_perr(
					p,
					p->xlate == 1
						? "\"nat-to\" is not supported"
						: "\"rdr-to\" is not supported");
				errors++;
			}
			if (errors != 0) {
				tpf_perr(p, "skipping rule due to errors");
			} else {
				if (append(p, rs, &r, ifname) != 0)
					return -1;
				added++;
			}
		}
		for (k = L_COUNT - 1; k >= 0; k--) {
			if (++ix[k] < n[k])
				break;
			ix[k] = 0;
		}
		if (k < 0)
			break;
	}
	if (added == 0) {
		tpf_perr(p, "rule expands to no valid combination");
		return -1;
	}
	return 0;
}

static bool
link_local(const struct tpf_ifaddr *a)
{
	return a->af == TPF_AF_INET6 && a->addr.b[0] == 0xfe &&
	       (a->addr.b[1] & 0xc0) == 0x80;
}

static int
antispoof_rule(struct tpf_parser *p, struct tpf_ruleset *rs,
	       const struct tpf_ifaddr *a, const char *ifname, bool local)
{
	struct tpf_rule r = p->tmpl;

	r.af = a->af;
	r.src.type = TPF_ADDR_MASK;
	r.src.af = a->af;
	r.src.addr = a->addr;
	r.src.bits = local ? (a->af == TPF_AF_INET ? 32 : 128) : a->bits;
	tpf_addr_mask(&r.src.addr, r.src.bits);
	r.ifnot = local ? 0 : 1;
	return append(p, rs, &r, local ? "" : ifname);
}

/* pf.conf(5) antispoof: block what claims to come from the interface's
 * networks on other interfaces and, for non-loopback interfaces, what
 * claims the interface's own addresses.  Link-local IPv6 is left out. */
int
tpf_antispoof_expand(struct tpf_parser *p, struct tpf_ruleset *rs,
		     const char *ifname, bool dynamic)
{
	struct tpf_rule r = p->tmpl;
	uint32_t i, found = 0, pass;

	if (dynamic) {
		r.ifnot = 1;
		r.src.type = TPF_ADDR_DYNIF;
		r.src.dynmod = 1;
		r.src.bits = 128;
		(void)tpf_strlcpy(r.src.ifname, ifname, TPF_IFNAMSIZ);
		return append(p, rs, &r, ifname);
	}
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < p->nifa; i++) {
			const struct tpf_ifaddr *a = &p->ifa[i];

			if (!tpf_streq(a->ifname, ifname) || link_local(a) ||
			    (p->tmpl.af != 0 && p->tmpl.af != a->af) ||
			    (pass == 1 && a->loopback))
				continue;
			if (antispoof_rule(p, rs, a, ifname, pass == 1) != 0)
				return -1;
			found++;
		}
	}
	if (found == 0) {
		tpf_perr2(p, "no IP address found for ", ifname, "");
		return -1;
	}
	return 0;
}
