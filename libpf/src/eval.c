/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Packet decoding with every length checked, and rule evaluation: the
 * match test in the order of OpenBSD sys/net/pf.c pf_match_rule(), last
 * match wins unless quick, and three strategies with one result (linear,
 * skip steps, compiled index).
 */
#include "pf_impl.h"

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* TCP options: only the window scale of SYN segments is kept. */
static void
tcp_options(const uint8_t *o, size_t n, struct tpf_pkt *pkt)
{
	size_t i = 0;

	while (i < n) {
		if (o[i] == 0)
			break;
		if (o[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= n || o[i + 1] < 2 || i + o[i + 1] > n)
			break;
		if (o[i] == 3 && o[i + 1] == 3) {
			uint8_t ws = o[i + 2] > 14 ? 14 : o[i + 2];

			pkt->wscale = (uint8_t)(0x80u | ws);
		}
		i += o[i + 1];
	}
}

static int
decode_l4(const uint8_t *l4, size_t n, struct tpf_pkt *pkt)
{
	size_t off;

	switch (pkt->proto) {
	case TPF_PROTO_TCP:
		if (n < 20)
			return -TPF_EINVAL;
		off = (size_t)(l4[12] >> 4) * 4;
		if (off < 20 || off > n)
			return -TPF_EINVAL;
		pkt->sport = be16(l4);
		pkt->dport = be16(l4 + 2);
		pkt->seq = be32(l4 + 4);
		pkt->ack = be32(l4 + 8);
		pkt->tcp_flags = l4[13];
		pkt->win = be16(l4 + 14);
		pkt->plen = (uint32_t)(n - off);
		if (pkt->tcp_flags & TPF_TH_SYN)
			tcp_options(l4 + 20, off - 20, pkt);
		return 0;
	case TPF_PROTO_UDP:
		if (n < 8 || be16(l4 + 4) < 8 || be16(l4 + 4) > n)
			return -TPF_EINVAL;
		pkt->sport = be16(l4);
		pkt->dport = be16(l4 + 2);
		pkt->plen = (uint32_t)be16(l4 + 4) - 8;
		return 0;
	case TPF_PROTO_ICMP:
	case TPF_PROTO_ICMP6:
		if (n < 8)
			return -TPF_EINVAL;
		pkt->icmp_type = l4[0];
		pkt->icmp_code = l4[1];
		/* Queries carry an id that pairs requests with replies. */
		pkt->sport = pkt->dport = be16(l4 + 4);
		pkt->plen = (uint32_t)(n - 8);
		return 0;
	default:
		pkt->plen = (uint32_t)n;
		return 0;
	}
}

static int
decode_v4(const uint8_t *d, size_t len, struct tpf_pkt *pkt)
{
	size_t hl, tot;

	if (len < 20)
		return -TPF_EINVAL;
	hl = (size_t)(d[0] & 15) * 4;
	tot = be16(d + 2);
	if (hl < 20 || tot < hl || tot > len)
		return -TPF_EINVAL;
	pkt->af = TPF_AF_INET;
	pkt->tos = d[1];
	pkt->ipopts = hl > 20;
	pkt->proto = d[9];
	pkt->len = (uint32_t)tot;
	TPF_MEMCPY(pkt->src.b, d + 12, 4);
	TPF_MEMCPY(pkt->dst.b, d + 16, 4);
	if ((be16(d + 6) & 0x1fff) != 0) {
		pkt->frag = 1;
		return 0;
	}
	return decode_l4(d + hl, tot - hl, pkt);
}

static int
decode_v6(const uint8_t *d, size_t len, struct tpf_pkt *pkt)
{
	size_t end, off = 40;
	unsigned i;
	uint8_t nxt;

	if (len < 40 || 40u + be16(d + 4) > len)
		return -TPF_EINVAL;
	end = 40u + be16(d + 4);
	pkt->af = TPF_AF_INET6;
	pkt->tos = (uint8_t)(be16(d) >> 4);
	pkt->len = (uint32_t)end;
	TPF_MEMCPY(pkt->src.b, d + 8, 16);
	TPF_MEMCPY(pkt->dst.b, d + 24, 16);
	nxt = d[6];
	/* Walk at most eight extension headers (RFC 8200 section 4). */
	for (i = 0; i < 8; i++) {
		if (nxt != 0 && nxt != 43 && nxt != 60 && nxt != 44 &&
		    nxt != 51) {
			pkt->proto = nxt;
			return decode_l4(d + off, end - off, pkt);
		}
		if (off + 8 > end)
			return -TPF_EINVAL;
		if (nxt == 44) {
			nxt = d[off];
			if ((be16(d + off + 2) & 0xfff8) != 0) {
				pkt->proto = nxt;
				pkt->frag = 1;
				return 0;
			}
			off += 8;
			continue;
		}
		if (nxt == 51) {
			size_t hl = ((size_t)d[off + 1] + 2) * 4;

			nxt = d[off];
			off += hl;
		} else {
			size_t hl = ((size_t)d[off + 1] + 1) * 8;

			nxt = d[off];
			off += hl;
		}
		if (off > end)
			return -TPF_EINVAL;
	}
	return -TPF_EINVAL;
}

int
tpf_decode(const uint8_t *data, size_t len, uint8_t dir, struct tpf_pkt *pkt)
{
	if (data == NULL || pkt == NULL ||
	    (dir != TPF_DIR_IN && dir != TPF_DIR_OUT))
		return -TPF_EINVAL;
	TPF_MEMSET(pkt, 0, sizeof(*pkt));
	pkt->dir = dir;
	if (len < 1)
		return -TPF_EINVAL;
	if ((data[0] >> 4) == 4)
		return decode_v4(data, len, pkt);
	if ((data[0] >> 4) == 6)
		return decode_v6(data, len, pkt);
	return -TPF_EINVAL;
}

/* An interface name matches itself and its driver group ("em" for em0). */
static bool
if_matches(const char *rule, const char *ifname)
{
	size_t i;

	for (i = 0; rule[i] != '\0' && rule[i] == ifname[i]; i++)
		;
	if (rule[i] != '\0')
		return false;
	if (ifname[i] == '\0')
		return true;
	if (i == 0 || (rule[i - 1] >= '0' && rule[i - 1] <= '9'))
		return false;
	for (; ifname[i] != '\0'; i++)
		if (ifname[i] < '0' || ifname[i] > '9')
			return false;
	return true;
}

void
tpf_pkt_set_if(const struct tpf_ruleset *rs, const char *ifname,
	       struct tpf_pkt *pkt)
{
	uint32_t i;

	pkt->ifmask = 0;
	if (ifname == NULL || ifname[0] == '\0')
		return;
	for (i = 0; i < rs->nifnames; i++)
		if (if_matches(rs->ifnames[i], ifname))
			pkt->ifmask |= 1ull << i;
}

bool tpf_if_skipped(const struct tpf_ruleset *rs, const char *ifname);
bool
tpf_if_skipped(const struct tpf_ruleset *rs, const char *ifname)
{
	uint32_t i;

	if (ifname == NULL)
		return false;
	for (i = 0; i < rs->nskipif; i++)
		if (if_matches(rs->skipif[i], ifname))
			return true;
	return false;
}

static bool
port_match(uint8_t op, const uint16_t *a, uint16_t p)
{
	switch (op) {
	case TPF_OP_EQ:
		return p == a[0];
	case TPF_OP_NE:
		return p != a[0];
	case TPF_OP_LT:
		return p < a[0];
	case TPF_OP_LE:
		return p <= a[0];
	case TPF_OP_GT:
		return p > a[0];
	case TPF_OP_GE:
		return p >= a[0];
	case TPF_OP_RRG:
		return p >= a[0] && p <= a[1];
	case TPF_OP_IRG:
		return p > a[0] && p < a[1];
	case TPF_OP_XRG:
		return p < a[0] || p > a[1];
	default:
		return true;
	}
}

static bool
addr_match(struct tpf_ruleset *rs, const struct tpf_addr_spec *h,
	   const struct tpf_pkt *pkt, const struct tpf_addr *a)
{
	bool m;

	switch (h->type) {
	case TPF_ADDR_ANY:
		m = true;
		break;
	case TPF_ADDR_MASK:
		m = h->af == pkt->af && tpf_addr_match(a, &h->addr, h->bits);
		break;
	case TPF_ADDR_TABLE:
		m = tpf_table_match(rs, h->table, pkt->af, a);
		break;
	default:
		/* Interface addresses and routes are not known here. */
		m = false;
		break;
	}
	return m != (h->neg != 0);
}

/* -1 on a match, else the skip-step attribute that failed (8: other).
 * Inlined into both walks: it runs once per candidate rule. */
__attribute__((always_inline)) static inline int
mismatch(struct tpf_ruleset *rs, const struct tpf_rule *r,
	 const struct tpf_pkt *pkt)
{
	bool l4 = !pkt->frag;

	if (r->ifidx != 0 &&
	    (((pkt->ifmask >> (r->ifidx - 1)) & 1) != 0) == (r->ifnot != 0))
		return 0;
	if (r->dir != TPF_DIR_ANY && r->dir != pkt->dir)
		return 1;
	if (r->af != TPF_AF_ANY && r->af != pkt->af)
		return 2;
	if (r->proto != 0 && r->proto != pkt->proto)
		return 3;
	if (!addr_match(rs, &r->src, pkt, &pkt->src))
		return 4;
	if (r->src.port_op != TPF_OP_NONE &&
	    (!l4 || !port_match(r->src.port_op, r->src.port, pkt->sport)))
		return 5;
	if (!addr_match(rs, &r->dst, pkt, &pkt->dst))
		return 6;
	if (r->dst.port_op != TPF_OP_NONE &&
	    (!l4 || !port_match(r->dst.port_op, r->dst.port, pkt->dport)))
		return 7;
	if (r->flagset != 0 && pkt->proto == TPF_PROTO_TCP &&
	    (!l4 || (pkt->tcp_flags & r->flagset) != r->flags))
		return 8;
	if (r->icmp_type != 0 &&
	    (!l4 ||
	     (pkt->proto != TPF_PROTO_ICMP && pkt->proto != TPF_PROTO_ICMP6) ||
	     r->icmp_type != pkt->icmp_type + 1 ||
	     (r->icmp_code != 0 && r->icmp_code != pkt->icmp_code + 1)))
		return 8;
	if (r->tos != 0 && r->tos != pkt->tos)
		return 8;
	return -1;
}

struct evalctx {
	int32_t last;
	uint8_t log;
	const char *tag;
	/* Anchors being evaluated: where their rules end, whether the anchor
	 * is quick, and the deciding rule when it was entered. */
	uint32_t nframes;
	struct {
		uint32_t end;
		int32_t last;
		bool quick;
	} frame[TPF_ANCHOR_DEPTH];
};

static bool
tagged_ok(const struct tpf_ruleset *rs, const struct tpf_rule *r,
	  const struct evalctx *c)
{
	return !rs->has_tags || r->tagged[0] == '\0' ||
	       (c->tag != NULL && tpf_streq(c->tag, r->tagged)) !=
		       (r->tagged_not != 0);
}

/* A rule matched: true when evaluation stops (quick). */
static bool
matched(struct tpf_ruleset *rs, uint32_t i, struct evalctx *c)
{
	const struct tpf_rule *r = &rs->rules[i];

	if (!tagged_ok(rs, r, c))
		return false;
	if (rs->has_tags && r->tag[0] != '\0')
		c->tag = r->tag;
	if (r->action == TPF_MATCH)
		c->log |= r->log;
	else
		c->last = (int32_t)i;
	return r->quick != 0;
}

/*
 * Leave the anchors whose rules end at or before @i.  pf: a quick anchor
 * in which a rule matched ends the evaluation (true).
 */
static bool
leave(struct evalctx *c, uint32_t i)
{
	while (c->nframes > 0 && c->frame[c->nframes - 1].end <= i) {
		c->nframes--;
		if (c->frame[c->nframes].quick &&
		    c->last != c->frame[c->nframes].last)
			return true;
	}
	return false;
}

/* An anchor rule whose criteria matched: its rules are evaluated next. */
static void
enter(const struct tpf_rule *r, struct evalctx *c)
{
	c->frame[c->nframes].end = r->anchor_end;
	c->frame[c->nframes].last = c->last;
	c->frame[c->nframes].quick = r->quick != 0;
	c->nframes++;
}

static void
eval_linear(struct tpf_ruleset *rs, const struct tpf_pkt *pkt,
	    struct evalctx *c, bool skip)
{
	const struct tpf_rule *r;
	uint32_t i = 0;
	int k;

	while (i < rs->nrules) {
		if (c->nframes != 0 && leave(c, i))
			return;
		r = &rs->rules[i];
		rs->rules[i].evaluations++;
		k = mismatch(rs, r, pkt);
		if (k < 0 && r->anchor && tagged_ok(rs, r, c)) {
			enter(r, c);
			i++;
		} else if (k < 0 && r->anchor) {
			i = r->anchor_end;
		} else if (k < 0) {
			if (matched(rs, i, c))
				return;
			i++;
		} else if (skip && k < TPF_SKIP_COUNT) {
			i = r->skip[k];
		} else {
			i = r->anchor ? r->anchor_end : i + 1;
		}
	}
}

unsigned tpf_port_bucket(uint16_t port);

static unsigned
pclass(uint8_t proto)
{
	switch (proto) {
	case TPF_PROTO_TCP:
		return 0;
	case TPF_PROTO_UDP:
		return 1;
	case TPF_PROTO_ICMP:
		return 2;
	case TPF_PROTO_ICMP6:
		return 3;
	default:
		return 4;
	}
}

/* Walk the bucket of the destination port and the class's other rules
 * together, in rule order, so last-match and quick stay exact.  A rule
 * inside an anchor is listed only where its anchor is, so the anchor comes
 * first; when it does not match, its rules are passed over. */
static void
eval_indexed(struct tpf_ruleset *rs, const struct tpf_pkt *pkt,
	     struct evalctx *c)
{
	unsigned pc = pclass(pkt->proto);
	uint32_t base = ((uint32_t)(pkt->dir - 1) * 5 + pc) * (TPF_NBUCKET + 1);
	uint32_t a = 0, ae = 0, w = rs->off[base + TPF_NBUCKET];
	uint32_t we = rs->off[base + TPF_NBUCKET + 1], i;
	const struct tpf_rule *r;
	bool m;

	if (pc < 2 && !pkt->frag) {
		a = rs->off[base + tpf_port_bucket(pkt->dport)];
		ae = rs->off[base + tpf_port_bucket(pkt->dport) + 1];
	}
	while (a < ae || w < we) {
		if (w >= we || (a < ae && rs->index[a] < rs->index[w]))
			i = rs->index[a++];
		else
			i = rs->index[w++];
		if (c->nframes != 0 && leave(c, i))
			return;
		r = &rs->rules[i];
		rs->rules[i].evaluations++;
		m = mismatch(rs, r, pkt) < 0;
		if (m && r->anchor && tagged_ok(rs, r, c)) {
			enter(r, c);
		} else if (r->anchor) {
			while (a < ae && rs->index[a] < r->anchor_end)
				a++;
			while (w < we && rs->index[w] < r->anchor_end)
				w++;
		} else if (m && matched(rs, i, c)) {
			return;
		}
	}
}

static void
set_reply(const struct tpf_rule *r, const struct tpf_pkt *pkt,
	  struct tpf_verdict *v)
{
	bool tcp = pkt->proto == TPF_PROTO_TCP && !pkt->frag;
	bool v6 = pkt->af == TPF_AF_INET6;
	uint8_t ret = r->ret;

	if (ret == TPF_RET_RETURN)
		ret = tcp			    ? TPF_RET_RST
		      : pkt->proto == TPF_PROTO_UDP ? TPF_RET_ICMP
						    : TPF_RET_DROP;
	if (ret == TPF_RET_RST && tcp && (pkt->tcp_flags & TPF_TH_RST) == 0) {
		/* pf_send_tcp(): seq from the ack, ack covers SYN and FIN. */
		v->reply = TPF_REPLY_RST;
		v->ttl = r->return_ttl;
		v->rst_seq = (pkt->tcp_flags & TPF_TH_ACK) ? pkt->ack : 0;
		v->rst_ack = pkt->seq + pkt->plen +
			     ((pkt->tcp_flags & TPF_TH_SYN) ? 1u : 0u) +
			     ((pkt->tcp_flags & TPF_TH_FIN) ? 1u : 0u);
	} else if (ret == TPF_RET_ICMP || ret == TPF_RET_ICMP6) {
		v->reply = v6 ? TPF_REPLY_ICMP6 : TPF_REPLY_ICMP;
		v->icmp_code = v6 ? r->return_icmp6 : r->return_icmp;
		if (r->ret == TPF_RET_RETURN)
			v->icmp_code = v6 ? 4 : 3;
	}
}

int
tpf_ruleset_eval(struct tpf_ruleset *rs, const struct tpf_pkt *pkt, int mode,
		 struct tpf_verdict *v)
{
	struct evalctx c;
	struct tpf_rule *r;

	if (!rs->compiled || mode < TPF_EVAL_INDEXED ||
	    mode > TPF_EVAL_LINEAR ||
	    (pkt->dir != TPF_DIR_IN && pkt->dir != TPF_DIR_OUT))
		return -TPF_EINVAL;
	c.last = -1;
	c.log = 0;
	c.tag = NULL;
	c.nframes = 0;
	if (mode == TPF_EVAL_INDEXED)
		eval_indexed(rs, pkt, &c);
	else
		eval_linear(rs, pkt, &c, mode == TPF_EVAL_SKIPSTEPS);
	TPF_MEMSET(v, 0, sizeof(*v));
	v->rule = c.last;
	v->log = c.log;
	if (c.last < 0) {
		v->action = TPF_PASS;
		v->reason = TPF_REASON_NOMATCH;
		return 0;
	}
	r = &rs->rules[c.last];
	r->packets++;
	r->bytes += pkt->len;
	v->action = r->action;
	v->reason = TPF_REASON_MATCH;
	v->log |= r->log;
	if (r->action == TPF_BLOCK)
		set_reply(r, pkt, v);
	else if (pkt->ipopts && !r->allow_opts) {
		/* pf drops IPv4 options unless the rule allows them. */
		v->action = TPF_BLOCK;
		v->reason = TPF_REASON_IPOPTIONS;
	} else if (r->rt != TPF_RT_NONE) {
		/* The embedder routes (or copies) the packet. */
		v->route = r->rt;
		v->route_af = r->rt_af;
		v->route_addr = r->rt_addr;
		TPF_MEMCPY(v->route_ifname, r->rt_ifname, TPF_IFNAMSIZ);
	}
	return 0;
}
