/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The `pfctl -nv` front end shared by tpfctl and the conformance test.
 */
#ifndef TPFCTL_NV_H
#define TPFCTL_NV_H

#include <stdio.h>
#include <tessera/pf.h>

/* A ruleset with heap storage for host programs. */
struct nv_rs {
	struct tpf_ruleset rs;
	struct tpf_parser parser;
	struct tpf_rule *rules;
	struct tpf_table *tables;
	struct tpf_table_entry *entries;
	uint32_t *index;
	/* Interface addresses for antispoof (may stay NULL). */
	const struct tpf_ifaddr *ifa;
	uint32_t nifa;
	/* Directory `load anchor` files are relative to ("" for the current
	 * one); their texts are kept until nv_free(). */
	char dir[4096];
	char *files[16];
	unsigned nfiles;
};

int nv_alloc(struct nv_rs *n, uint32_t nrules);
void nv_free(struct nv_rs *n);
/* Parse @text; echo lines and (when clean) rules go to @out, errors to
 * @err, anchors nested as pfctl prints them.  Returns 0 when the text
 * parsed cleanly. */
int nv_run(struct nv_rs *n, const char *name, const char *text, size_t len,
	   int verbose, FILE *out, FILE *err);
/* Read a whole file (or stdin for "-"); NULL on failure. */
char *nv_read_file(const char *path, size_t *len);

#endif
