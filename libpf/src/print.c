/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The printer: rules and tables in the layout of pfctl -nv (OpenBSD
 * sbin/pfctl/pfctl_parser.c print_rule()), so that regression output can be
 * compared byte for byte and printed rules parse back to themselves.
 */
#include "pf_impl.h"

static const char *const dynmods[] = {"", ":network", ":broadcast", ":peer",
				      ":0"};

void
tpf_print_host(struct tpf_buf *b, const struct tpf_ruleset *rs,
	       const struct tpf_addr_spec *h, uint8_t af)
{
	unsigned max, bits;

	switch (h->type) {
	case TPF_ADDR_MASK:
		tpf_buf_addr(b, h->af, &h->addr);
		if (h->bits != (h->af == TPF_AF_INET ? 32 : 128)) {
			tpf_buf_chr(b, '/');
			tpf_buf_uint(b, h->bits);
		}
		break;
	case TPF_ADDR_TABLE:
		tpf_buf_chr(b, '<');
		if (h->table < rs->ntables)
			tpf_buf_str(b, rs->tables[h->table].name);
		tpf_buf_chr(b, '>');
		break;
	case TPF_ADDR_DYNIF:
		tpf_buf_chr(b, '(');
		tpf_buf_str(b, h->ifname);
		if (h->dynmod < 5)
			tpf_buf_str(b, dynmods[h->dynmod]);
		tpf_buf_chr(b, ')');
		/* The mask applies within the rule's family (pf102). */
		max = af == TPF_AF_INET ? 32 : 128;
		bits = h->bits < max ? h->bits : max;
		if (bits < max) {
			tpf_buf_chr(b, '/');
			tpf_buf_uint(b, bits);
		}
		break;
	case TPF_ADDR_NOROUTE:
		tpf_buf_str(b, "no-route");
		break;
	default:
		tpf_buf_str(b, "any");
		break;
	}
}

void
tpf_print_port(struct tpf_buf *b, const struct tpf_addr_spec *h)
{
	static const char *const ops[] = {"",	 "= ", "!= ", "< ",
					  "<= ", "> ", ">= "};

	if (h->port_op == TPF_OP_NONE)
		return;
	tpf_buf_str(b, " port ");
	if (h->port_op <= TPF_OP_GE) {
		tpf_buf_str(b, ops[h->port_op]);
		tpf_buf_uint(b, h->port[0]);
		return;
	}
	tpf_buf_uint(b, h->port[0]);
	if (h->port_op == TPF_OP_RRG)
		tpf_buf_chr(b, ':');
	else if (h->port_op == TPF_OP_IRG)
		tpf_buf_str(b, " >< ");
	else
		tpf_buf_str(b, " <> ");
	tpf_buf_uint(b, h->port[1]);
}

static bool
is_any(const struct tpf_addr_spec *h)
{
	return h->type == TPF_ADDR_ANY && !h->neg && h->port_op == TPF_OP_NONE;
}

static void
print_fromto(struct tpf_buf *b, const struct tpf_ruleset *rs,
	     const struct tpf_rule *r)
{
	if (is_any(&r->src) && is_any(&r->dst)) {
		tpf_buf_str(b, " all");
		return;
	}
	tpf_buf_str(b, " from ");
	if (r->src.neg)
		tpf_buf_str(b, "! ");
	tpf_print_host(b, rs, &r->src, r->af);
	tpf_print_port(b, &r->src);
	tpf_buf_str(b, " to ");
	if (r->dst.neg)
		tpf_buf_str(b, "! ");
	tpf_print_host(b, rs, &r->dst, r->af);
	tpf_print_port(b, &r->dst);
}

static void
print_flags(struct tpf_buf *b, uint8_t f)
{
	static const char letters[] = "FSRPAUEW";
	unsigned i;

	for (i = 0; i < 8; i++)
		if ((f & (1u << i)) != 0)
			tpf_buf_chr(b, letters[i]);
}

static void
print_code(struct tpf_buf *b, uint8_t type, uint8_t code, bool v6)
{
	const char *n = tpf_icmp_code_name(type, code, v6);

	if (n != NULL)
		tpf_buf_str(b, n);
	else
		tpf_buf_uint(b, code);
}

static void
print_action(struct tpf_buf *b, const struct tpf_rule *r)
{
	if (r->action == TPF_PASS) {
		tpf_buf_str(b, "pass");
		return;
	}
	if (r->action == TPF_MATCH) {
		tpf_buf_str(b, "match");
		return;
	}
	switch (r->ret) {
	case TPF_RET_RETURN:
		tpf_buf_str(b, "block return");
		break;
	case TPF_RET_RST:
		tpf_buf_str(b, "block return-rst");
		if (r->return_ttl != 0) {
			tpf_buf_str(b, "(ttl ");
			tpf_buf_uint(b, r->return_ttl);
			tpf_buf_chr(b, ')');
		}
		break;
	case TPF_RET_ICMP:
	case TPF_RET_ICMP6:
		if (r->af == TPF_AF_INET6) {
			tpf_buf_str(b, "block return-icmp6(");
			print_code(b, 1, r->return_icmp6, true);
		} else {
			tpf_buf_str(b, "block return-icmp(");
			print_code(b, 3, r->return_icmp, false);
			if (r->af == TPF_AF_ANY) {
				tpf_buf_str(b, ", ");
				print_code(b, 1, r->return_icmp6, true);
			}
		}
		tpf_buf_chr(b, ')');
		break;
	default:
		tpf_buf_str(b, "block drop");
		break;
	}
}

static void
print_log(struct tpf_buf *b, uint8_t log)
{
	static const char *const opts[] = {"all", "matches", "user"};
	unsigned i, n = 0;

	if (log == 0)
		return;
	tpf_buf_str(b, " log");
	if ((log & 0x0e) == 0)
		return;
	tpf_buf_str(b, " (");
	for (i = 0; i < 3; i++) {
		if ((log & (2u << i)) == 0)
			continue;
		if (n++ != 0)
			tpf_buf_str(b, ", ");
		tpf_buf_str(b, opts[i]);
	}
	tpf_buf_chr(b, ')');
}

static void
print_head(struct tpf_buf *b, const struct tpf_ruleset *rs,
	   const struct tpf_rule *r)
{
	const char *pn;

	if (r->anchor) {
		tpf_buf_str(b, "anchor \"");
		tpf_buf_str(b, r->anchor_name);
		tpf_buf_chr(b, '"');
	} else {
		print_action(b, r);
	}
	if (r->dir == TPF_DIR_IN)
		tpf_buf_str(b, " in");
	else if (r->dir == TPF_DIR_OUT)
		tpf_buf_str(b, " out");
	print_log(b, r->log);
	if (r->quick)
		tpf_buf_str(b, " quick");
	if (r->ifidx != 0 && r->ifidx <= rs->nifnames) {
		tpf_buf_str(b, r->ifnot ? " on ! " : " on ");
		tpf_buf_str(b, rs->ifnames[r->ifidx - 1]);
	}
	if (r->af == TPF_AF_INET)
		tpf_buf_str(b, " inet");
	else if (r->af == TPF_AF_INET6)
		tpf_buf_str(b, " inet6");
	if (r->proto != 0) {
		tpf_buf_str(b, " proto ");
		pn = tpf_proto_name(r->proto);
		if (pn != NULL)
			tpf_buf_str(b, pn);
		else
			tpf_buf_uint(b, r->proto);
	}
}

static void
print_icmp(struct tpf_buf *b, const struct tpf_rule *r)
{
	bool v6 = r->proto == TPF_PROTO_ICMP6;
	uint8_t type = (uint8_t)(r->icmp_type - 1);
	const char *n;

	if (r->icmp_type == 0)
		return;
	tpf_buf_str(b, v6 ? " icmp6-type " : " icmp-type ");
	n = tpf_icmp_type_name(type, v6);
	if (n != NULL)
		tpf_buf_str(b, n);
	else
		tpf_buf_uint(b, type);
	if (r->icmp_code != 0) {
		tpf_buf_str(b, " code ");
		print_code(b, type, (uint8_t)(r->icmp_code - 1), v6);
	}
}

/* pfctl's order: no-df, random-id, min-ttl, max-mss, reassemble tcp. */
static void
print_scrub(struct tpf_buf *b, const struct tpf_rule *r)
{
	const char *sep = "";

	if (r->scrub == 0 && r->min_ttl == 0 && r->max_mss == 0)
		return;
	tpf_buf_str(b, " scrub (");
	if (r->scrub & 1) {
		tpf_buf_str(b, "no-df");
		sep = " ";
	}
	if (r->scrub & 2) {
		tpf_buf_str(b, sep);
		tpf_buf_str(b, "random-id");
		sep = " ";
	}
	if (r->min_ttl != 0) {
		tpf_buf_str(b, sep);
		tpf_buf_str(b, "min-ttl ");
		tpf_buf_uint(b, r->min_ttl);
		sep = " ";
	}
	if (r->max_mss != 0) {
		tpf_buf_str(b, sep);
		tpf_buf_str(b, "max-mss ");
		tpf_buf_uint(b, r->max_mss);
		sep = " ";
	}
	if (r->scrub & 4) {
		tpf_buf_str(b, sep);
		tpf_buf_str(b, "reassemble tcp");
	}
	tpf_buf_chr(b, ')');
}

static void
print_tail(struct tpf_buf *b, const struct tpf_rule *r)
{
	if (r->flags != 0 || r->flagset != 0) {
		tpf_buf_str(b, " flags ");
		print_flags(b, r->flags);
		tpf_buf_chr(b, '/');
		print_flags(b, r->flagset);
	} else if (r->action == TPF_PASS &&
		   (r->proto == 0 || r->proto == TPF_PROTO_TCP) &&
		   r->keep != TPF_STATE_NONE) {
		tpf_buf_str(b, " flags any");
	}
	print_icmp(b, r);
	if (r->tos != 0) {
		tpf_buf_str(b, " tos 0x");
		tpf_buf_hex(b, r->tos, 2);
	}
	print_scrub(b, r);
	if (r->keep == TPF_STATE_NONE && r->action == TPF_PASS)
		tpf_buf_str(b, " no state");
	else if (r->keep == TPF_STATE_MODULATE)
		tpf_buf_str(b, " modulate state");
	else if (r->keep == TPF_STATE_SYNPROXY)
		tpf_buf_str(b, " synproxy state");
	if (r->allow_opts)
		tpf_buf_str(b, " allow-opts");
	if (r->label[0] != '\0') {
		tpf_buf_str(b, " label \"");
		tpf_buf_str(b, r->label);
		tpf_buf_chr(b, '"');
	}
	if (r->has_set_tos) {
		tpf_buf_str(b, " set (tos 0x");
		tpf_buf_hex(b, r->set_tos, 2);
		tpf_buf_chr(b, ')');
	}
	if (r->tag[0] != '\0') {
		tpf_buf_str(b, " tag ");
		tpf_buf_str(b, r->tag);
	}
	if (r->tagged[0] != '\0') {
		tpf_buf_str(b, r->tagged_not ? " ! tagged " : " tagged ");
		tpf_buf_str(b, r->tagged);
	}
	if (r->rt != TPF_RT_NONE) {
		tpf_buf_str(b, r->rt == TPF_RT_ROUTETO	 ? " route-to "
			       : r->rt == TPF_RT_REPLYTO ? " reply-to "
							 : " dup-to ");
		if (r->rt_ifname[0] != '\0') {
			tpf_buf_chr(b, '(');
			tpf_buf_str(b, r->rt_ifname);
			tpf_buf_chr(b, ' ');
		}
		tpf_buf_addr(b, r->rt_af, &r->rt_addr);
		if (r->rt_ifname[0] != '\0')
			tpf_buf_chr(b, ')');
	}
}

int
tpf_rule_print(const struct tpf_ruleset *rs, const struct tpf_rule *r,
	       char *buf, size_t size)
{
	struct tpf_buf b;

	if (rs == NULL || r == NULL || buf == NULL || size == 0)
		return -TPF_EINVAL;
	tpf_buf_init(&b, buf, size);
	print_head(&b, rs, r);
	print_fromto(&b, rs, r);
	print_tail(&b, r);
	return tpf_buf_end(&b);
}

int
tpf_table_print(const struct tpf_ruleset *rs, uint32_t table, char *buf,
		size_t size)
{
	const struct tpf_table *t;
	const struct tpf_table_entry *e;
	struct tpf_buf b;
	uint32_t i;

	if (rs == NULL || buf == NULL || size == 0 || table >= rs->ntables)
		return -TPF_EINVAL;
	t = &rs->tables[table];
	tpf_buf_init(&b, buf, size);
	tpf_buf_str(&b, "table <");
	tpf_buf_str(&b, t->name);
	tpf_buf_chr(&b, '>');
	if (t->flags & 1)
		tpf_buf_str(&b, " const");
	if (t->flags & 2)
		tpf_buf_str(&b, " persist");
	if (t->flags & 4)
		tpf_buf_str(&b, " counters");
	tpf_buf_str(&b, " {");
	for (i = 0; i < rs->nentries; i++) {
		e = &rs->entries[i];
		if (e->table != table)
			continue;
		tpf_buf_str(&b, e->neg ? " !" : " ");
		tpf_buf_addr(&b, e->af, &e->addr);
		if (e->bits != (e->af == TPF_AF_INET ? 32 : 128)) {
			tpf_buf_chr(&b, '/');
			tpf_buf_uint(&b, e->bits);
		}
	}
	tpf_buf_str(&b, " }");
	return tpf_buf_end(&b);
}
