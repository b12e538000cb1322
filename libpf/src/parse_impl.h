/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private interface between the pf.conf lexer and parser.
 */
#ifndef TPF_PARSE_IMPL_H
#define TPF_PARSE_IMPL_H

#include "pf_impl.h"

enum {
	T_EOF = -1,
	T_ERR = 256,
	T_NL,
	T_WORD,
	T_STRING,
	T_NE,
	T_LE,
	T_GE,
	T_XRG,
	T_IRG
};

int tpf_next(struct tpf_parser *p);
int tpf_peek(struct tpf_parser *p);
void tpf_skip_line(struct tpf_parser *p);
void tpf_perr(struct tpf_parser *p, const char *msg);
void tpf_perr2(struct tpf_parser *p, const char *a, const char *b,
	       const char *c);
void tpf_pemit(struct tpf_parser *p, enum tpf_stream s, const char *line);
int tpf_macro_set(struct tpf_parser *p, const char *name, const char *val);

/* Statement parsers (parse_set.c, parse.c). */
int tpf_parse_set(struct tpf_parser *p, struct tpf_ruleset *rs);
int tpf_parse_table(struct tpf_parser *p, struct tpf_ruleset *rs);
int tpf_parse_rule(struct tpf_parser *p, struct tpf_ruleset *rs);
int tpf_parse_antispoof(struct tpf_parser *p, struct tpf_ruleset *rs);
int tpf_parse_anchor(struct tpf_parser *p, struct tpf_ruleset *rs);
int tpf_antispoof_expand(struct tpf_parser *p, struct tpf_ruleset *rs,
			 const char *ifname, bool dynamic);
int tpf_parse_log(struct tpf_parser *p, struct tpf_rule *r);
int tpf_parse_addr(struct tpf_parser *p, const char *word, bool masked,
		   uint32_t bits, struct tpf_addr_spec *h, char *scope);
bool tpf_at_end(const struct tpf_parser *p, int tok);
bool tpf_peek_is(struct tpf_parser *p, const char *word);
int tpf_parse_fromto(struct tpf_parser *p, struct tpf_ruleset *rs);
bool tpf_is(const struct tpf_parser *p, int tok, const char *word);

#endif
