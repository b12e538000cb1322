/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Benchmark: cost of one syscall check, tpledge_check() against a naive
 * baseline that keeps the promises as a list of names and scans it for
 * each call, at 2, 8 and 25 promises held.  Prints medians (ns per check)
 * and the ratio naive / tpledge.  `--smoke` runs a tiny version.
 */
#include <stdio.h>
#include <string.h>

#include <tessera/pledge.h>

#include "bench_common.h"

enum { S_READ, S_WRITE, S_OPEN, S_SOCKET, S_ACCEPT, S_FORK, S_MMAP, S_NR };

static const struct tpledge_abi abi = {
	.o_accmode = 3,
	.o_rdonly = 0,
	.o_wronly = 1,
	.o_rdwr = 2,
	.o_creat = 0x200,
	.o_trunc = 0x400,
	.af_inet = 2,
	.af_inet6 = 24,
	.af_unix = 1,
	.prot_exec = 4,
	.ioctl_always = {0x4004667f},
};

static const struct tpledge_sysent ents[S_NR] = {
	[S_READ] = {TPLEDGE_STDIO, "read", TPLEDGE_RULE_NONE, 0, 0, 0},
	[S_WRITE] = {TPLEDGE_STDIO, "write", TPLEDGE_RULE_NONE, 0, 0, 0},
	[S_OPEN] = {0, "open", TPLEDGE_RULE_OPEN, 1, 0, 0},
	[S_SOCKET] = {0, "socket", TPLEDGE_RULE_SOCKET, 0, 0, 0},
	[S_ACCEPT] = {TPLEDGE_INET | TPLEDGE_UNIX, "accept", TPLEDGE_RULE_NONE,
		      0, 0, 0},
	[S_FORK] = {TPLEDGE_PROC, "fork", TPLEDGE_RULE_NONE, 0, 0, 0},
	[S_MMAP] = {TPLEDGE_STDIO, "mmap", TPLEDGE_RULE_MMAP, 2, 0, 0},
};

static const struct tpledge_table table = {ents, S_NR, 0, &abi};

/* The naive model: names everywhere, linear scans. */
struct naive_ent {
	int nr;
	const char *any[3];
};

static const struct naive_ent naive_tab[] = {
	{S_READ, {"stdio"}},  {S_WRITE, {"stdio"}},	    {S_OPEN, {"rpath"}},
	{S_SOCKET, {"inet"}}, {S_ACCEPT, {"inet", "unix"}}, {S_FORK, {"proc"}},
	{S_MMAP, {"stdio"}},
};

static const char *const all_names[TPLEDGE_NPROMISES] = {
	"stdio", "rpath",  "wpath",  "cpath", "inet",	"unix",	  "dns",
	"proc",	 "exec",   "prot",   "mmap",  "tty",	"audio",  "video",
	"fattr", "chown",  "flock",  "id",    "recvfd", "sendfd", "settime",
	"ps",	 "vminfo", "unveil", "error",
};

struct naive_proc {
	const char *held[TPLEDGE_NPROMISES];
	int nheld;
};

static int
naive_holds(const struct naive_proc *p, const char *name)
{
	int i;

	for (i = 0; i < p->nheld; i++) {
		if (strcmp(p->held[i], name) == 0)
			return 1;
	}
	return 0;
}

static int
naive_check(const struct naive_proc *p, const struct tpledge_call *c)
{
	size_t i, k;

	for (i = 0; i < sizeof(naive_tab) / sizeof(naive_tab[0]); i++) {
		if (naive_tab[i].nr != (int)c->nr)
			continue;
		for (k = 0; k < 3 && naive_tab[i].any[k] != NULL; k++) {
			if (naive_holds(p, naive_tab[i].any[k]))
				return 0;
		}
		return 1;
	}
	return 1;
}

#define NCALLS 4096

static struct tpledge_call calls[NCALLS];
static volatile int sink;

static void
make_calls(uint64_t *seed)
{
	static const uint32_t pick[] = {S_READ,	  S_WRITE, S_OPEN, S_SOCKET,
					S_ACCEPT, S_FORK,  S_MMAP};
	size_t i;

	for (i = 0; i < NCALLS; i++) {
		memset(&calls[i], 0, sizeof(calls[i]));
		calls[i].nr = pick[bench_rand(seed) % 7];
		calls[i].arg[0] = 2; /* AF_INET for socket */
		calls[i].arg[1] = 0; /* O_RDONLY for open */
		calls[i].arg[2] = 1; /* PROT_READ for mmap */
	}
}

static int
run(int k, int reps, int loops)
{
	struct tpledge_state st;
	struct naive_proc np;
	uint64_t set = 0, t0;
	double a[64], b[64], ma, mb;
	int r, l, i, acc;

	/* The calls need stdio rpath inet proc; add others up to k. */
	static const int order[] = {0,	1,  4,	7,  2,	3,  5,	6,  8,
				    9,	10, 11, 12, 13, 14, 15, 16, 17,
				    18, 19, 20, 21, 22, 23, 24};
	np.nheld = 0;
	/* Hold the needed ones last so the naive scan walks the list. */
	for (i = k - 1; i >= 0; i--) {
		set |= UINT64_C(1) << order[i];
		np.held[np.nheld++] = all_names[order[i]];
	}
	tpledge_init(&st);
	tpledge_pledge(&st, NULL, set, TPLEDGE_KEEP);
	/* The baseline is only a baseline if it gives the same answers. */
	for (i = 0; i < NCALLS; i++) {
		if ((tpledge_check(&st, &table, &calls[i], NULL) !=
		     TPLEDGE_ALLOW) != naive_check(&np, &calls[i])) {
			fprintf(stderr,
				"mismatch on call %u with %d promises\n",
				calls[i].nr, k);
			return 1;
		}
	}
	for (r = 0; r < reps; r++) {
		acc = 0;
		t0 = bench_now_ns();
		for (l = 0; l < loops; l++)
			for (i = 0; i < NCALLS; i++)
				acc += tpledge_check(&st, &table, &calls[i],
						     NULL);
		a[r] = (double)(bench_now_ns() - t0) / (loops * NCALLS);
		sink = acc;
		acc = 0;
		t0 = bench_now_ns();
		for (l = 0; l < loops; l++)
			for (i = 0; i < NCALLS; i++)
				acc += naive_check(&np, &calls[i]);
		b[r] = (double)(bench_now_ns() - t0) / (loops * NCALLS);
		sink = acc;
	}
	ma = bench_median(a, (size_t)reps);
	mb = bench_median(b, (size_t)reps);
	printf("check, %2d promises held: tpledge %6.2f ns/call, naive scan "
	       "%7.2f ns/call, ratio %.1fx\n",
	       k, ma, mb, mb / ma);
	return 0;
}

int
main(int argc, char **argv)
{
	int smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
	int reps = smoke ? 3 : 15, loops = smoke ? 1 : 200;
	uint64_t seed = 0x9e3779b97f4a7c15u;
	const int ks[] = {4, 8, 16, 25};
	size_t i;

	if (tpledge_table_validate(&table) != 0) {
		fprintf(stderr, "bad table\n");
		return 1;
	}
	make_calls(&seed);
	for (i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
		if (run(ks[i], reps, loops) != 0)
			return 1;
	}
	return 0;
}
