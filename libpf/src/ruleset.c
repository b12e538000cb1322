/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Rulesets: caller storage, tables with longest-prefix match, and the
 * compiler (skip steps as pf_calc_skip_steps() in OpenBSD sys/net/pf_ioctl.c
 * defines them, plus a per direction/protocol/destination-port index).
 */
#include "pf_impl.h"

/* pf.conf(5) default timeouts, seconds. */
static const uint32_t default_timeouts[TPF_TIMEOUT_COUNT] = {
	120, 30, 86400, 900, 45, 90, 60, 30, 60, 20, 10, 60, 30, 60,
};

void
tpf_ruleset_clear(struct tpf_ruleset *rs)
{
	rs->nrules = 0;
	rs->ntables = 0;
	rs->nentries = 0;
	rs->nifnames = 0;
	rs->nskipif = 0;
	rs->block_return = 0;
	rs->compiled = 0;
	rs->has_tags = 0;
	rs->limit_states = 0;
	TPF_MEMCPY(rs->timeout, default_timeouts, sizeof(rs->timeout));
}

int
tpf_ruleset_init(struct tpf_ruleset *rs, struct tpf_rule *rules,
		 uint32_t nrules, struct tpf_table *tables, uint32_t ntables,
		 struct tpf_table_entry *entries, uint32_t nentries,
		 uint32_t *index, size_t nindex)
{
	if (rs == NULL || rules == NULL || index == NULL ||
	    (tables == NULL && ntables != 0) ||
	    (entries == NULL && nentries != 0) ||
	    nindex < TPF_INDEX_WORDS(nrules))
		return -TPF_EINVAL;
	TPF_MEMSET(rs, 0, sizeof(*rs));
	rs->rules = rules;
	rs->rules_cap = nrules;
	rs->tables = tables;
	rs->tables_cap = ntables;
	rs->entries = entries;
	rs->entries_cap = nentries;
	rs->index = index;
	rs->index_cap = nindex;
	tpf_ruleset_clear(rs);
	return 0;
}

uint32_t
tpf_ruleset_count(const struct tpf_ruleset *rs)
{
	return rs->nrules;
}

const struct tpf_rule *
tpf_ruleset_rule(const struct tpf_ruleset *rs, uint32_t nr)
{
	if (nr >= rs->nrules)
		return NULL;
	return &rs->rules[nr];
}

static bool
spec_valid(const struct tpf_ruleset *rs, const struct tpf_addr_spec *h,
	   uint8_t proto)
{
	if (h->type > TPF_ADDR_NOROUTE || h->port_op > TPF_OP_XRG)
		return false;
	if (h->port_op != TPF_OP_NONE && proto != TPF_PROTO_TCP &&
	    proto != TPF_PROTO_UDP)
		return false;
	if (h->type == TPF_ADDR_TABLE && h->table >= rs->ntables)
		return false;
	if (h->type == TPF_ADDR_MASK &&
	    ((h->af != TPF_AF_INET && h->af != TPF_AF_INET6) ||
	     h->bits > (h->af == TPF_AF_INET ? 32 : 128)))
		return false;
	return true;
}

int
tpf_ruleset_add(struct tpf_ruleset *rs, const struct tpf_rule *r)
{
	struct tpf_rule *n;

	if (r->action > TPF_MATCH || r->dir > TPF_DIR_OUT ||
	    (r->af != TPF_AF_ANY && r->af != TPF_AF_INET &&
	     r->af != TPF_AF_INET6) ||
	    r->ifidx > rs->nifnames || r->rt > TPF_RT_DUPTO ||
	    (r->rt != TPF_RT_NONE && r->rt_af != TPF_AF_INET &&
	     r->rt_af != TPF_AF_INET6) ||
	    !spec_valid(rs, &r->src, r->proto) ||
	    !spec_valid(rs, &r->dst, r->proto))
		return -TPF_EINVAL;
	if (rs->nrules >= rs->rules_cap)
		return -TPF_ENOSPC;
	n = &rs->rules[rs->nrules];
	*n = *r;
	TPF_MEMSET(n->skip, 0, sizeof(n->skip));
	n->evaluations = n->packets = n->bytes = n->states = 0;
	if (n->tag[0] != '\0' || n->tagged[0] != '\0')
		rs->has_tags = 1;
	rs->compiled = 0;
	return (int)rs->nrules++;
}

int
tpf_ruleset_ifname(struct tpf_ruleset *rs, const char *ifname)
{
	uint32_t i;

	if (ifname[0] == '\0' || tpf_strlen(ifname) >= TPF_IFNAMSIZ)
		return -TPF_EINVAL;
	for (i = 0; i < rs->nifnames; i++)
		if (tpf_streq(rs->ifnames[i], ifname))
			return (int)i + 1;
	if (rs->nifnames >= TPF_MAX_IFNAMES)
		return -TPF_ENOSPC;
	(void)tpf_strlcpy(rs->ifnames[rs->nifnames], ifname, TPF_IFNAMSIZ);
	return (int)++rs->nifnames;
}

int
tpf_table_get(struct tpf_ruleset *rs, const char *name)
{
	struct tpf_table *t;
	uint32_t i;

	if (name[0] == '\0' || tpf_strlen(name) >= TPF_TABLE_NAMESZ)
		return -TPF_EINVAL;
	for (i = 0; i < rs->ntables; i++)
		if (tpf_streq(rs->tables[i].name, name))
			return (int)i;
	if (rs->ntables >= rs->tables_cap)
		return -TPF_ENOSPC;
	t = &rs->tables[rs->ntables];
	TPF_MEMSET(t, 0, sizeof(*t));
	(void)tpf_strlcpy(t->name, name, TPF_TABLE_NAMESZ);
	return (int)rs->ntables++;
}

/*
 * Tables: one path-compressed binary trie per table and address family
 * (Morrison's PATRICIA with prefixes at the nodes, as in the BSD radix
 * code).  A node is an entry, a negated entry or a branch point; negation
 * is data, so the longest matching prefix decides by its kind.  Entry i
 * owns nodes 2i (itself) and 2i + 1 (the branch point its insertion may
 * create), so n entries never need more than the 2n nodes they carry.  A
 * node reference is 1 + the node number; 0 is none.
 */
enum { NODE_FREE = 0, NODE_ENTRY = 1, NODE_NEG = 2, NODE_BRANCH = 3 };

static struct tpf_trie_node *
node_at(const struct tpf_ruleset *rs, uint32_t ref)
{
	return &rs->entries[(ref - 1) / 2].node[(ref - 1) % 2];
}

/* Address as two big-endian-valued words: bit 0 is the top bit of w[0]. */
static void
addr_words(const struct tpf_addr *a, uint64_t w[2])
{
	unsigned i;

	w[0] = w[1] = 0;
	for (i = 0; i < 8; i++) {
		w[0] = w[0] << 8 | a->b[i];
		w[1] = w[1] << 8 | a->b[8 + i];
	}
}

static unsigned
word_bit(const uint64_t w[2], unsigned k)
{
	return (unsigned)(w[k / 64] >> (63 - k % 64)) & 1u;
}

/* Length of the common prefix of @a and @b, at most @max. */
static unsigned
common_bits(const uint64_t a[2], const uint64_t b[2], unsigned max)
{
	uint64_t d = a[0] ^ b[0];
	unsigned c;

	if (d != 0)
		c = (unsigned)__builtin_clzll(d);
	else if ((d = a[1] ^ b[1]) != 0)
		c = 64 + (unsigned)__builtin_clzll(d);
	else
		c = 128;
	return c < max ? c : max;
}

static bool
prefix_has(const struct tpf_trie_node *n, const uint64_t a[2])
{
	unsigned b = n->bits;

	if (b <= 64)
		return b == 0 || ((a[0] ^ n->w[0]) >> (64 - b)) == 0;
	return a[0] == n->w[0] && ((a[1] ^ n->w[1]) >> (128 - b)) == 0;
}

int
tpf_table_add(struct tpf_ruleset *rs, uint32_t table, uint8_t af,
	      const struct tpf_addr *addr, uint8_t bits, uint8_t neg)
{
	struct tpf_table *t;
	struct tpf_table_entry *e;
	struct tpf_trie_node *n, *x;
	struct tpf_addr a;
	uint64_t w[2];
	uint32_t *link, ref, i;
	unsigned c;

	if (table >= rs->ntables || (af != TPF_AF_INET && af != TPF_AF_INET6) ||
	    bits > (af == TPF_AF_INET ? 32 : 128))
		return -TPF_EINVAL;
	t = &rs->tables[table];
	if (t->flags & 1)
		return -TPF_EPERM;
	if (rs->nentries >= rs->entries_cap)
		return -TPF_ENOSPC;
	a = *addr;
	tpf_addr_mask(&a, bits);
	addr_words(&a, w);
	/* Find where the prefix goes; nothing changes before the end. */
	link = &t->root[af == TPF_AF_INET6];
	for (;;) {
		if (*link == 0)
			break;
		x = node_at(rs, *link);
		c = common_bits(w, x->w,
				(unsigned)(bits < x->bits ? bits : x->bits));
		if (c < x->bits)
			break;
		if (bits == x->bits) {
			if (x->kind != NODE_BRANCH)
				return -TPF_EEXIST;
			break;
		}
		link = &x->child[word_bit(w, x->bits)];
	}
	i = rs->nentries;
	e = &rs->entries[i];
	TPF_MEMSET(e, 0, sizeof(*e));
	e->addr = a;
	e->af = af;
	e->bits = bits;
	e->neg = neg ? 1 : 0;
	e->table = (uint16_t)table;
	n = &e->node[0];
	n->w[0] = w[0];
	n->w[1] = w[1];
	n->bits = bits;
	n->kind = neg ? NODE_NEG : NODE_ENTRY;
	ref = 2 * i + 1;
	if (*link != 0) {
		x = node_at(rs, *link);
		c = common_bits(w, x->w,
				(unsigned)(bits < x->bits ? bits : x->bits));
		if (c == x->bits) {
			/* A branch point with this very prefix: take its
			 * place (its node is not reused). */
			n->child[0] = x->child[0];
			n->child[1] = x->child[1];
			x->kind = NODE_FREE;
		} else if (c == bits) {
			/* The new prefix covers the old subtree. */
			n->child[word_bit(x->w, bits)] = *link;
		} else {
			/* They part at bit c: a branch point above both. */
			x = &e->node[1];
			x->w[0] = w[0];
			x->w[1] = w[1];
			x->bits = (uint8_t)c;
			x->kind = NODE_BRANCH;
			x->child[word_bit(w, c)] = ref;
			x->child[1 - word_bit(w, c)] = *link;
			ref = 2 * i + 2;
			/* Clear the host bits below the branch point. */
			if (c < 64) {
				x->w[0] &= c == 0 ? 0 : ~0ull << (64 - c);
				x->w[1] = 0;
			} else if (c < 128) {
				x->w[1] &= c == 64 ? 0 : ~0ull << (128 - c);
			}
		}
	}
	*link = ref;
	rs->nentries++;
	t->nentries++;
	return 0;
}

bool
tpf_table_match(struct tpf_ruleset *rs, uint32_t table, uint8_t af,
		const struct tpf_addr *addr)
{
	const struct tpf_trie_node *n;
	struct tpf_table *t;
	uint64_t w[2];
	uint32_t ref;
	unsigned kind = NODE_FREE;

	if (table >= rs->ntables)
		return false;
	t = &rs->tables[table];
	if (af != TPF_AF_INET && af != TPF_AF_INET6) {
		t->nomatch++;
		return false;
	}
	addr_words(addr, w);
	/* Every prefix on the way down that holds the address is a match;
	 * the last (longest) entry among them decides. */
	for (ref = t->root[af == TPF_AF_INET6]; ref != 0;) {
		n = node_at(rs, ref);
		if (!prefix_has(n, w))
			break;
		if (n->kind != NODE_BRANCH)
			kind = n->kind;
		if (n->bits == 128)
			break;
		ref = n->child[word_bit(w, n->bits)];
	}
	if (kind == NODE_ENTRY) {
		t->match++;
		return true;
	}
	t->nomatch++;
	return false;
}

static bool
spec_addr_eq(const struct tpf_addr_spec *a, const struct tpf_addr_spec *b)
{
	return a->type == b->type && a->neg == b->neg && a->af == b->af &&
	       a->bits == b->bits && a->table == b->table &&
	       a->dynmod == b->dynmod &&
	       TPF_MEMCMP(&a->addr, &b->addr, sizeof(a->addr)) == 0 &&
	       TPF_MEMCMP(a->ifname, b->ifname, sizeof(a->ifname)) == 0;
}

static bool
spec_port_eq(const struct tpf_addr_spec *a, const struct tpf_addr_spec *b)
{
	return a->port_op == b->port_op && a->port[0] == b->port[0] &&
	       a->port[1] == b->port[1];
}

/* Attribute k of two rules equal?  Order: i d f p sa sp da dp. */
static bool
attr_eq(const struct tpf_rule *a, const struct tpf_rule *b, unsigned k)
{
	switch (k) {
	case 0:
		return a->ifidx == b->ifidx && a->ifnot == b->ifnot;
	case 1:
		return a->dir == b->dir;
	case 2:
		return a->af == b->af;
	case 3:
		return a->proto == b->proto;
	case 4:
		return spec_addr_eq(&a->src, &b->src);
	case 5:
		return spec_port_eq(&a->src, &b->src);
	case 6:
		return spec_addr_eq(&a->dst, &b->dst);
	default:
		return spec_port_eq(&a->dst, &b->dst);
	}
}

/*
 * Skip steps, computed backwards in O(n) per attribute: rule i's step is
 * the next rule at its level (past an anchor's rules), or its successor's
 * step when that rule has the same value; a step never leads into an
 * anchor's rules, and it stops at the end of the enclosing anchor.
 */
static void
calc_skip_steps(struct tpf_ruleset *rs)
{
	uint32_t i, j;
	unsigned k;

	for (k = 0; k < TPF_SKIP_COUNT; k++) {
		for (i = rs->nrules; i-- > 0;) {
			const struct tpf_rule *r = &rs->rules[i];

			j = r->anchor ? r->anchor_end : i + 1;
			if (j < r->scope_end && attr_eq(&rs->rules[j], r, k))
				j = rs->rules[j].skip[k];
			rs->rules[i].skip[k] = j;
		}
	}
}

/* Check the anchor nesting; with @set, set each rule's scope_end. */
static int
check_anchors(struct tpf_ruleset *rs, bool set)
{
	uint32_t stack[TPF_ANCHOR_DEPTH + 1], n = 0, i, end;

	for (i = 0; i < rs->nrules; i++) {
		struct tpf_rule *r = &rs->rules[i];

		while (n > 0 && stack[n - 1] <= i)
			n--;
		end = n > 0 ? stack[n - 1] : rs->nrules;
		if (set)
			r->scope_end = end;
		if (!r->anchor)
			continue;
		if (r->anchor_end <= i || r->anchor_end > end ||
		    n >= TPF_ANCHOR_DEPTH)
			return -TPF_EINVAL;
		stack[n++] = r->anchor_end;
	}
	return 0;
}

/* Protocol class of the index: tcp, udp, icmp, icmp6, other. */
static unsigned
proto_class(uint8_t proto)
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

unsigned tpf_port_bucket(uint16_t port);
unsigned
tpf_port_bucket(uint16_t port)
{
	return ((uint32_t)port * 0x9e37u >> 7) % TPF_NBUCKET;
}

/*
 * What the index knows of a rule: direction, protocol and destination
 * port (EQ), narrowed by its anchors', since a rule inside an anchor can
 * only match where the anchor does.  dead: the two cannot both match.
 */
struct ikey {
	uint8_t dir, proto, dead;
	bool port;
	uint16_t dport;
};

static struct ikey
ikey_of(const struct tpf_rule *r, const struct ikey *up)
{
	struct ikey k = {r->dir, r->proto, 0, r->dst.port_op == TPF_OP_EQ,
			 r->dst.port[0]};

	if (up == NULL)
		return k;
	k.dead = up->dead;
	if (k.dir == TPF_DIR_ANY)
		k.dir = up->dir;
	else if (up->dir != TPF_DIR_ANY && up->dir != k.dir)
		k.dead = 1;
	if (k.proto == 0)
		k.proto = up->proto;
	else if (up->proto != 0 && up->proto != k.proto)
		k.dead = 1;
	if (!k.port && up->port) {
		k.port = true;
		k.dport = up->dport;
	} else if (k.port && up->port && k.dport != up->dport) {
		k.dead = 1;
	}
	return k;
}

/* Every index list (class, bucket) a rule with key @k belongs to. */
static unsigned
rule_lists(const struct ikey *k, uint32_t *lists)
{
	unsigned d, p, n = 0, pc, b;

	if (k->dead)
		return 0;
	for (d = 0; d < 2; d++) {
		if (k->dir != TPF_DIR_ANY && k->dir != d + 1)
			continue;
		for (p = 0; p < 5; p++) {
			pc = proto_class(k->proto);
			if (k->proto != 0 && pc != p)
				continue;
			b = TPF_NBUCKET;
			if (p < 2 && k->port)
				b = tpf_port_bucket(k->dport);
			lists[n++] = (d * 5 + p) * (TPF_NBUCKET + 1) + b;
		}
	}
	return n;
}

/* Calls rule_lists() for rule @i, keeping the anchors' keys on @st. */
static unsigned
lists_of(const struct tpf_ruleset *rs, uint32_t i, struct ikey *st,
	 uint32_t *ends, uint32_t *n, uint32_t *lists)
{
	struct ikey k;

	while (*n > 0 && ends[*n - 1] <= i)
		(*n)--;
	k = ikey_of(&rs->rules[i], *n > 0 ? &st[*n - 1] : NULL);
	if (rs->rules[i].anchor) {
		st[*n] = k;
		ends[(*n)++] = rs->rules[i].anchor_end;
	}
	return rule_lists(&k, lists);
}

int
tpf_ruleset_compile(struct tpf_ruleset *rs)
{
	uint32_t lists[TPF_NCLASS], i, total = 0, l, ends[TPF_ANCHOR_DEPTH + 1];
	uint32_t depth = 0;
	struct ikey st[TPF_ANCHOR_DEPTH + 1];
	unsigned n, k;
	const uint32_t nl = TPF_NCLASS * (TPF_NBUCKET + 1);

	if (check_anchors(rs, false) != 0)
		return -TPF_EINVAL;
	for (i = 0; i < rs->nrules; i++)
		total += lists_of(rs, i, st, ends, &depth, lists);
	if (total > rs->index_cap)
		return -TPF_ENOSPC;
	(void)check_anchors(rs, true);
	calc_skip_steps(rs);
	TPF_MEMSET(rs->off, 0, sizeof(rs->off));
	for (i = 0, depth = 0; i < rs->nrules; i++) {
		n = lists_of(rs, i, st, ends, &depth, lists);
		for (k = 0; k < n; k++)
			rs->off[lists[k] + 1]++;
	}
	for (l = 0; l < nl; l++)
		rs->off[l + 1] += rs->off[l];
	for (i = 0, depth = 0; i < rs->nrules; i++) {
		n = lists_of(rs, i, st, ends, &depth, lists);
		for (k = 0; k < n; k++)
			rs->index[rs->off[lists[k]]++] = i;
	}
	for (l = nl; l > 0; l--)
		rs->off[l] = rs->off[l - 1];
	rs->off[0] = 0;
	rs->compiled = 1;
	return 0;
}
