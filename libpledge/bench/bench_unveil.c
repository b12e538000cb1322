/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Benchmark: unveil lookup against 1,000 rules of depth 8, the component
 * tree (tpledge_unveil_check()) against a naive linear scan over the rule
 * strings that keeps the longest component-prefix match.  Both must agree
 * on every answer.  Prints medians (ns per lookup) and the ratio.
 * `--smoke` runs a tiny version.
 */
#include <stdio.h>
#include <string.h>

#include <tessera/pledge.h>

#include "bench_common.h"

#define NRULES	1000
#define DEPTH	8
#define NQUERY	2048
#define PATHLEN 96

static struct tpledge_node nodes[TPLEDGE_UNVEIL_NODES(NRULES, DEPTH)];
static char names[TPLEDGE_UNVEIL_NAME_BYTES(NRULES, PATHLEN)];
static char rules[NRULES][PATHLEN];
static uint32_t rule_perms[NRULES];
static size_t rule_len[NRULES];
static char query[NQUERY][PATHLEN + 16];
static uint32_t query_want[NQUERY];
static volatile int sink;

static const char *const comp[] = {"usr", "lib", "share", "etc",
				   "var", "srv", "local", "data"};

static void
make_path(char *out, uint64_t *seed, int depth)
{
	int i, n = 0;

	for (i = 0; i < depth; i++)
		n += sprintf(out + n, "/%s%u", comp[bench_rand(seed) % 8],
			     bench_rand(seed) % 2);
}

static int
naive_check(const char *q, uint32_t want)
{
	size_t best_len = 0, ql = strlen(q);
	int i, best = -1;

	for (i = 0; i < NRULES; i++) {
		size_t l = rule_len[i];

		if (l <= ql && memcmp(rules[i], q, l) == 0 &&
		    (q[l] == '/' || q[l] == '\0') &&
		    (best < 0 || l > best_len)) {
			best = i;
			best_len = l;
		}
	}
	if (best < 0 || rule_perms[best] == 0)
		return -TPLEDGE_ENOENT;
	if (want & ~rule_perms[best])
		return -TPLEDGE_EACCES;
	return 0;
}

int
main(int argc, char **argv)
{
	static const char *const perm_text[] = {"r", "rw", "rx", "rwc"};
	static const uint32_t perm_bits[] = {
		TPLEDGE_UV_R, TPLEDGE_UV_R | TPLEDGE_UV_W,
		TPLEDGE_UV_R | TPLEDGE_UV_X,
		TPLEDGE_UV_R | TPLEDGE_UV_W | TPLEDGE_UV_C};
	int smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
	int reps = smoke ? 3 : 15, loops = smoke ? 1 : 20;
	struct tpledge_unveil uv;
	uint64_t seed = 12345, t0;
	double a[64], b[64], ma, mb;
	int i, r, l, acc, n = 0, covered = 0;

	if (tpledge_unveil_init(&uv, nodes, sizeof(nodes) / sizeof(nodes[0]),
				names, sizeof(names)) != 0)
		return 1;
	while (n < NRULES) {
		uint32_t p = bench_rand(&seed) % 4;
		int dup = 0;

		make_path(rules[n], &seed, DEPTH);
		for (i = 0; i < n; i++)
			dup |= strcmp(rules[i], rules[n]) == 0;
		if (dup)
			continue;
		if (tpledge_unveil(&uv, NULL, rules[n], TPLEDGE_CSTR,
				   perm_text[p]) != 0) {
			fprintf(stderr, "unveil failed\n");
			return 1;
		}
		rule_perms[n] = perm_bits[p];
		rule_len[n] = strlen(rules[n]);
		n++;
	}
	/* Half the queries lie under a rule, half are random paths. */
	for (i = 0; i < NQUERY; i++) {
		if (i & 1)
			sprintf(query[i], "%s/file%d",
				rules[bench_rand(&seed) % NRULES], i);
		else
			make_path(query[i], &seed, DEPTH + 1);
		query_want[i] = (i & 2) ? TPLEDGE_UV_R : TPLEDGE_UV_W;
	}
	for (i = 0; i < NQUERY; i++) {
		int x = tpledge_unveil_check(&uv, NULL, query[i], TPLEDGE_CSTR,
					     query_want[i]);

		if (x != naive_check(query[i], query_want[i])) {
			fprintf(stderr, "mismatch on %s\n", query[i]);
			return 1;
		}
		covered += x != -TPLEDGE_ENOENT;
	}
	for (r = 0; r < reps; r++) {
		acc = 0;
		t0 = bench_now_ns();
		for (l = 0; l < loops; l++)
			for (i = 0; i < NQUERY; i++)
				acc += tpledge_unveil_check(&uv, NULL, query[i],
							    TPLEDGE_CSTR,
							    query_want[i]);
		a[r] = (double)(bench_now_ns() - t0) / (loops * NQUERY);
		sink = acc;
		acc = 0;
		t0 = bench_now_ns();
		for (l = 0; l < loops; l++)
			for (i = 0; i < NQUERY; i++)
				acc += naive_check(query[i], query_want[i]);
		b[r] = (double)(bench_now_ns() - t0) / (loops * NQUERY);
		sink = acc;
	}
	ma = bench_median(a, (size_t)reps);
	mb = bench_median(b, (size_t)reps);
	printf("unveil, %d rules at depth %d (%d/%d queries covered): tree "
	       "%.1f ns/lookup, naive scan %.1f ns/lookup, ratio %.1fx\n",
	       NRULES, DEPTH, covered, NQUERY, ma, mb, mb / ma);
	return 0;
}
