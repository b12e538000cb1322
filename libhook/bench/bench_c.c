/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hook programs written in C: each source of bench/bpf/ is compiled twice,
 * by clang to a BPF object (loaded here with thook_elf_load()) and natively
 * into this program, and the two run in the same process:
 *
 *   syscount   count syscalls per number in a hash map (verified, loaded
 *              with thook_hook_load(), standard helpers)
 *   classify   an Ethernet frame classifier (ethertype, protocol, port)
 *   checksum   16-bit ones' complement sum over a 1500-byte frame
 *
 * Engines: the native function, the interpreter (thook_run) and, where the
 * build's architecture has one, the JIT (called directly, as verified code
 * may be).  Prints the median ns per run (thread CPU time) of 21 rounds,
 * the engines taking turns within each round, and the ratio to native.
 *
 *   bench_c OBJ...               benchmark (objects: syscount, classify,
 *                                checksum, matched by file name)
 *   bench_c --smoke OBJ...       one short round; all engines must agree
 *   bench_c --iters E P N OBJ... run engine E (native|interp|jit) on
 *                                program P N times, for instruction counts
 *                                under callgrind
 * Without objects (no clang at build time) it exits 77: skipped.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <tessera/hook.h>

#include "hook_bpf.h"

#define ROUNDS 21
#define PKT    1500
#define CAP    1024

/* The natively compiled programs (bench/bpf/). */
extern struct map_def syscounts;
int syscount(struct ctx_syscall_enter *ctx);
u64 classify_frame(const u8 *p, u64 len);
u64 checksum16(const u8 *p, u64 len);

static const uint64_t seed[2] = {0x0123456789abcdefull, 0x0f1e2d3c4b5a6978};
static uint64_t map_mem[2][THOOK_MAP_STORAGE(THOOK_MAP_HASH, 8, 8, 512) / 8];
static struct thook_map maps[2]; /* 0: the native one, 1: the programs' */

/* The helpers of the native build: the same map code the programs use. */
void *
map_lookup(void *map, const void *key)
{
	(void)map;
	return thook_map_lookup(&maps[0], key);
}

long
map_update(void *map, const void *key, const void *value, u64 flags)
{
	(void)map;
	return thook_map_update(&maps[0], key, value, flags);
}

struct prog {
	const char *name;
	const char *path;
	bool hook; /* verified syscall_enter program with maps */
	struct thook_insn insns[CAP];
	struct thook_op ops[CAP];
	struct thook_prog prog;
	struct thook_hook_prog hp;
	thook_jit_fn jit;
	void *jit_mem;
	size_t jit_len;
};

static struct prog progs[3] = {
	{.name = "syscount", .hook = true},
	{.name = "classify"},
	{.name = "checksum"},
};

static uint8_t pkt[PKT];
static uint64_t stack[THOOK_STACK_BYTES / 8];
static struct thook_vstate pending[64], seen[64];
static uint32_t heads[CAP];
static uint8_t file[1 << 16];
static struct thook_env env;
static struct ctx_syscall_enter sctx;

static int
load(struct prog *p)
{
	const struct thook_map *table[1] = {&maps[1]};
	const char *names[1] = {"syscounts"};
	struct thook_vcfg cfg = {0};
	struct thook_vwork w = {pending, 64, seen, 64, heads, CAP, 0};
	struct thook_elf_prog info;
	struct thook_diag d = {0};
	FILE *f = fopen(p->path, "rb");
	size_t len;
	int err;

	if (f == NULL) {
		perror(p->path);
		return -1;
	}
	len = fread(file, 1, sizeof(file), f);
	fclose(f);
	err = thook_elf_load(file, len, NULL, names, 1, p->insns, CAP, &info,
			     &d);
	if (err == 0 && p->hook) {
		cfg.hook = THOOK_HOOK_SYSCALL_ENTER;
		cfg.maps = table;
		cfg.nmaps = 1;
		cfg.helpers = thook_std_helpers;
		cfg.nhelpers = THOOK_STD_HELPERS;
		err = thook_hook_load(&p->hp, p->ops, CAP, p->insns, info.n,
				      &cfg, &w, &d);
		p->prog = p->hp.prog;
	} else if (err == 0) {
		err = thook_prog_load(&p->prog, p->ops, CAP, p->insns, info.n,
				      NULL, 0, &d);
	}
	if (err != 0) {
		fprintf(stderr, "bench_c: %s: %s (insn %u: %s)\n", p->path,
			thook_strerror(err), d.index, d.msg);
		return -1;
	}
	return 0;
}

static void
jit_map(struct prog *p)
{
	struct thook_jit j;
	size_t size;
	void *m, *entry;

	p->jit = NULL;
	if (THOOK_JIT_HOST == 0 ||
	    thook_jit_size(&p->prog, THOOK_JIT_HOST, &size) != 0)
		return;
	p->jit_len = (size + 4095) & ~(size_t)4095;
	m = mmap(NULL, p->jit_len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return;
	if (thook_jit_compile(&p->prog, THOOK_JIT_HOST, m, size, &j) != 0 ||
	    mprotect(m, p->jit_len, PROT_READ | PROT_EXEC) != 0) {
		munmap(m, p->jit_len);
		return;
	}
	__builtin___clear_cache((char *)m, (char *)m + size);
	entry = (char *)m + j.entry;
	memcpy(&p->jit, &entry, sizeof(p->jit));
	p->jit_mem = m;
}

enum engine { NATIVE, INTERP, JIT };

static volatile uint64_t sink;

/*
 * The natives are called through function pointers the compiler cannot
 * see through (volatile), once per run, as the engines are: the host
 * compiler's code for the same C at the project's optimisation level, not
 * inlined into the timing loop.
 */
static int (*volatile native_syscount)(struct ctx_syscall_enter *) = syscount;
static u64 (*volatile native_classify)(const u8 *, u64) = classify_frame;
static u64 (*volatile native_checksum)(const u8 *, u64) = checksum16;

static struct thook_exec xs[3]; /* set up once per program */

static void
exec_init(int k)
{
	struct thook_exec *x = &xs[k];

	memset(x, 0, sizeof(*x));
	x->stack = stack;
	x->stack_size = sizeof(stack);
	if (k == 0) {
		x->args[0] = (uint64_t)(uintptr_t)&sctx;
		x->helper_env = &env;
	} else {
		x->args[0] = (uint64_t)(uintptr_t)pkt;
		x->args[1] = PKT;
	}
}

/* One run of program k on engine e; iteration i picks the syscall. */
static inline uint64_t
run_once(int k, enum engine e, long i)
{
	uint64_t r0 = 0;

	sctx.nr = (uint64_t)i & 63;
	if (e == NATIVE)
		return k == 0	? (uint64_t)native_syscount(&sctx)
		       : k == 1 ? native_classify(pkt, PKT)
				: native_checksum(pkt, PKT);
	if (e == INTERP)
		(void)thook_run(&progs[k].prog, &xs[k], &r0);
	else /* the direct call a verified program's code allows */
		(void)progs[k].jit(&xs[k], &r0);
	return r0;
}

static double
now_ns(void)
{
	struct timespec ts;

	/* The thread's CPU time: on a shared machine, time spent descheduled
	 * is not the program's; every engine is timed the same way. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Median ns per run of each engine over the rounds.  The engines take
 * turns within every round, so load on the shared machine falls on all
 * of them alike.
 */
static void
measure(int k, long iters, int rounds, int nengines, double med[3])
{
	double t[3][ROUNDS];

	for (int r = 0; r < rounds; r++)
		for (int e = 0; e < nengines; e++) {
			double t0 = now_ns();

			for (long i = 0; i < iters; i++)
				sink += run_once(k, (enum engine)e, i);
			t[e][r] = (now_ns() - t0) / (double)iters;
		}
	for (int e = 0; e < nengines; e++) {
		qsort(t[e], (size_t)rounds, sizeof(t[e][0]), cmp_double);
		med[e] = t[e][rounds / 2];
	}
}

/* All engines agree on every program (maps compared after equal runs). */
static int
agree(int k)
{
	for (long i = 0; i < 200; i++) {
		uint64_t a = run_once(k, NATIVE, i), b = run_once(k, INTERP, i);

		if (a != b ||
		    (progs[k].jit != NULL && run_once(k, JIT, i) != a)) {
			fprintf(stderr, "bench_c: %s: engines differ\n",
				progs[k].name);
			return -1;
		}
	}
	if (k == 0) {
		uint64_t key = 5, *n = thook_map_lookup(&maps[0], &key),
			 *m = thook_map_lookup(&maps[1], &key);
		uint64_t want = progs[0].jit != NULL ? 2 : 1;

		if (n == NULL || m == NULL || *m != want * *n) {
			fprintf(stderr, "bench_c: syscount: counts differ\n");
			return -1;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int smoke = 0, found = 0, count_k = -1, rounds;
	enum engine count_e = NATIVE;
	long count_n = 0;
	static const long iters[3] = {200000, 400000, 4000};

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--smoke") == 0) {
			smoke = 1;
		} else if (strcmp(argv[i], "--iters") == 0 && i + 3 < argc) {
			count_e = strcmp(argv[i + 1], "interp") == 0 ? INTERP
				  : strcmp(argv[i + 1], "jit") == 0  ? JIT
								     : NATIVE;
			for (int k = 0; k < 3; k++)
				if (strcmp(argv[i + 2], progs[k].name) == 0)
					count_k = k;
			count_n = atol(argv[i + 3]);
			i += 3;
		} else {
			for (int k = 0; k < 3; k++)
				if (strstr(argv[i], progs[k].name) != NULL)
					progs[k].path = argv[i], found++;
		}
	}
	if (found != 3) {
		printf("bench_c: no BPF objects (clang missing): skipped\n");
		return 77;
	}
	for (int k = 0; k < PKT; k++)
		pkt[k] = (uint8_t)(k * 7 + 3);
	pkt[12] = 0x08, pkt[13] = 0x00, pkt[23] = 6, pkt[36] = 0, pkt[37] = 22;
	for (int m = 0; m < 2; m++)
		if (thook_map_init(&maps[m], THOOK_MAP_HASH, 8, 8, 512,
				   map_mem[m], sizeof(map_mem[m]), seed) != 0)
			return 1;
	for (int k = 0; k < 3; k++) {
		exec_init(k);
		if (load(&progs[k]) != 0)
			return 1;
		jit_map(&progs[k]);
		if (agree(k) != 0)
			return 1;
	}
	if (count_k >= 0) {
		if (count_e == JIT && progs[count_k].jit == NULL)
			return 77;
		for (long i = 0; i < count_n; i++)
			sink += run_once(count_k, count_e, i);
		return 0;
	}
	rounds = smoke ? 1 : ROUNDS;
	printf("median of %d rounds, ns per program run (C compiled by "
	       "clang to BPF vs natively)\n",
	       rounds);
	for (int k = 0; k < 3; k++) {
		long n = smoke ? 10 : iters[k];
		double t[3];

		measure(k, n, rounds, progs[k].jit != NULL ? 3 : 2, t);
		printf("%-9s native %8.1f ns  interpreter %8.1f ns (%5.2fx)",
		       progs[k].name, t[NATIVE], t[INTERP],
		       t[INTERP] / t[NATIVE]);
		if (progs[k].jit != NULL)
			printf("  jit %8.1f ns (%5.2fx)", t[JIT],
			       t[JIT] / t[NATIVE]);
		printf("\n");
	}
	for (int k = 0; k < 3; k++)
		if (progs[k].jit_mem != NULL)
			munmap(progs[k].jit_mem, progs[k].jit_len);
	return 0;
}
