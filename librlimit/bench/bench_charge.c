/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Charge-path benchmark: trlimit_charge/uncharge, trlimit_cpu_charge and
 * trlimit_io_charge at hierarchy depth 1 and 4, against two baselines run
 * in the same process:
 *   flat   - one counter and one limit, no hierarchy (the floor);
 *   naive  - a hierarchy that recomputes each level's effective limit by
 *            walking to the root (O(depth^2)); for CPU, a per-level quota
 *            counter reset by dividing the time by the period; for I/O, a
 *            per-level token bucket refilled by multiplying elapsed time
 *            by the rate (what one writes without thinking twice).
 * Prints the median of several repeats (ns per operation, thread CPU time,
 * so other load on a shared machine counts less) and ratios.
 * `--smoke` runs a few iterations and checks the results only.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tessera/rlimit.h>

#define DEPTH_MAX 4
#define REPEATS	  11

struct naive_node {
	struct naive_node *parent;
	uint64_t cur;
	uint64_t max;
	/* CPU: runtime used in the period numbered `period_no`. */
	uint64_t cpu_used;
	uint64_t period_no;
	/* I/O: tokens (bytes) at time `io_last`. */
	uint64_t tokens;
	uint64_t io_last;
};

#define NAIVE_PERIOD 1000000000ull
#define NAIVE_QUOTA  (NAIVE_PERIOD * 100)
#define NAIVE_RATE   (1ull << 34)
#define NAIVE_BURST  (1ull << 30)

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a;
	uint64_t y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

__attribute__((noinline)) static int
flat_charge(struct naive_node *n, uint64_t amt)
{
	if (n->cur + amt > n->max)
		return -1;
	n->cur += amt;
	return 0;
}

__attribute__((noinline)) static void
flat_uncharge(struct naive_node *n, uint64_t amt)
{
	n->cur -= amt;
}

/* Effective limit per level found by a fresh walk to the root. */
__attribute__((noinline)) static int
naive_charge(struct naive_node *n, uint64_t amt)
{
	struct naive_node *l;
	struct naive_node *k;

	for (l = n; l != NULL; l = l->parent) {
		uint64_t eff = UINT64_MAX;

		for (k = l; k != NULL; k = k->parent)
			if (k->max < eff)
				eff = k->max;
		if (l->cur + amt > eff)
			return -1;
	}
	for (l = n; l != NULL; l = l->parent)
		l->cur += amt;
	return 0;
}

__attribute__((noinline)) static void
naive_uncharge(struct naive_node *n, uint64_t amt)
{
	for (; n != NULL; n = n->parent)
		n->cur -= amt;
}

/* Quota per period at every level: 1 when the group must stop. */
__attribute__((noinline)) static int
naive_cpu_charge(struct naive_node *n, uint64_t ran, uint64_t now)
{
	int throttle = 0;

	for (; n->parent != NULL; n = n->parent) {
		uint64_t p = now / NAIVE_PERIOD;

		if (p != n->period_no) {
			n->period_no = p;
			n->cpu_used = 0;
		}
		n->cpu_used += ran;
		if (n->cpu_used >= NAIVE_QUOTA)
			throttle = 1;
	}
	return throttle;
}

/* Token bucket at every level: the time the request may proceed. */
__attribute__((noinline)) static uint64_t
naive_io_charge(struct naive_node *n, uint64_t bytes, uint64_t now)
{
	uint64_t ready = now;

	for (; n->parent != NULL; n = n->parent) {
		uint64_t t = n->tokens +
			     (now - n->io_last) * NAIVE_RATE / 1000000000ull;

		n->tokens = t > NAIVE_BURST ? NAIVE_BURST : t;
		n->io_last = now;
		if (n->tokens >= bytes) {
			n->tokens -= bytes;
		} else {
			uint64_t w = (bytes - n->tokens) * 1000000000ull /
				     NAIVE_RATE;

			n->tokens = 0;
			if (now + w > ready)
				ready = now + w;
		}
	}
	return ready;
}

struct setup {
	struct trlimit_group g[DEPTH_MAX + 1];
	struct naive_node nn[DEPTH_MAX + 1];
};

static void
setup_init(struct setup *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	if (trlimit_root_init(&s->g[0], NULL, NULL) != 0)
		abort();
	s->nn[0].max = UINT64_MAX;
	for (i = 1; i <= DEPTH_MAX; i++) {
		if (trlimit_group_init(&s->g[i], &s->g[i - 1]) != 0)
			abort();
		/* Every level limited, so every check is a real one. */
		if (trlimit_set_max(&s->g[i], TRLIMIT_RES_MEMORY, 1ull << 40,
				    NULL) != 0 ||
		    trlimit_set_cpu_max(&s->g[i], 1000000000ull * 100,
					1000000000ull, NULL) != 0 ||
		    trlimit_set_io(&s->g[i], TRLIMIT_IO_WBPS, 1ull << 34,
				   1ull << 30, NULL) != 0)
			abort();
		s->nn[i].parent = &s->nn[i - 1];
		s->nn[i].max = 1ull << 40;
		s->nn[i].tokens = NAIVE_BURST;
	}
}

enum kind { K_FLAT, K_NAIVE, K_CHARGE, K_CPU, K_NAIVE_CPU, K_IO, K_NAIVE_IO };

static volatile uint64_t sink;

static uint64_t
run_once(struct setup *s, enum kind k, unsigned int depth, unsigned long iters)
{
	struct trlimit_group *g = &s->g[depth];
	struct naive_node *n = &s->nn[depth];
	struct trlimit_cpu_verdict v;
	uint64_t t0, t1, acc = 0, ready;
	unsigned long i;

	t0 = now_ns();
	for (i = 0; i < iters; i++) {
		switch (k) {
		case K_FLAT:
			acc += (uint64_t)flat_charge(n, 4096);
			flat_uncharge(n, 4096);
			break;
		case K_NAIVE:
			acc += (uint64_t)naive_charge(n, 4096);
			naive_uncharge(n, 4096);
			break;
		case K_CHARGE:
			acc += (uint64_t)trlimit_charge(g, TRLIMIT_RES_MEMORY,
							4096);
			acc += (uint64_t)trlimit_uncharge(g, TRLIMIT_RES_MEMORY,
							  4096);
			break;
		case K_CPU:
			acc += (uint64_t)trlimit_cpu_charge(g, 1000, i * 1000,
							    &v);
			acc += v.actions;
			break;
		case K_NAIVE_CPU:
			acc += (uint64_t)naive_cpu_charge(n, 1000, i * 1000);
			break;
		case K_NAIVE_IO:
			acc += naive_io_charge(n, 512, i * 1000) - i * 1000;
			break;
		case K_IO:
			acc += (uint64_t)trlimit_io_charge(
				g, TRLIMIT_IO_WRITE, 512, i * 1000, &ready);
			acc += ready - i * 1000;
			break;
		}
	}
	t1 = now_ns();
	sink = acc;
	if (acc != 0) {
		fprintf(stderr, "bench: unexpected failures (%llu)\n",
			(unsigned long long)acc);
		exit(1);
	}
	return t1 - t0;
}

static double
median_ns(struct setup *s, enum kind k, unsigned int depth, unsigned long iters,
	  unsigned int repeats)
{
	uint64_t t[REPEATS];
	unsigned int r;

	for (r = 0; r < repeats; r++) {
		setup_init(s);
		t[r] = run_once(s, k, depth, iters);
	}
	qsort(t, repeats, sizeof(t[0]), cmp_u64);
	return (double)t[repeats / 2] / (double)iters;
}

int
main(int argc, char **argv)
{
	static struct setup s;
	static const unsigned int depths[] = {1, 4};
	bool smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
	unsigned long iters = smoke ? 1000 : 2000000;
	unsigned int repeats = smoke ? 1 : REPEATS;
	unsigned int d;

	printf("librlimit charge paths: median of %u runs x %lu ops, ns/op\n",
	       repeats, iters);
	printf("(charge = trlimit_charge + trlimit_uncharge, baselines the "
	       "same pair)\n");
	for (d = 0; d < 2; d++) {
		unsigned int depth = depths[d];
		double flat = median_ns(&s, K_FLAT, depth, iters, repeats);
		double naive = median_ns(&s, K_NAIVE, depth, iters, repeats);
		double ch = median_ns(&s, K_CHARGE, depth, iters, repeats);
		double cpu = median_ns(&s, K_CPU, depth, iters, repeats);
		double ncpu = median_ns(&s, K_NAIVE_CPU, depth, iters, repeats);
		double io = median_ns(&s, K_IO, depth, iters, repeats);
		double nio = median_ns(&s, K_NAIVE_IO, depth, iters, repeats);

		printf("depth %u: flat %.2f  naive %.2f  charge %.2f  "
		       "(charge/flat %.2f, charge/naive %.2f)\n",
		       depth, flat, naive, ch, ch / flat, ch / naive);
		printf("         cpu_charge %.2f  naive %.2f  (ratio %.2f)   "
		       "io_charge %.2f  naive %.2f  (ratio %.2f)\n",
		       cpu, ncpu, cpu / ncpu, io, nio, io / nio);
	}
	return 0;
}
