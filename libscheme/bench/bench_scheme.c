/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Benchmarks, each with its naive baseline in the same run:
 *
 * 1. Resolution of "/scheme/<name>/17" with 1,000 registered schemes:
 *    tscheme_resolve() (canonicalise + keyed hash index) against the same
 *    canonicalisation followed by a linear scan of the names with strcmp.
 * 2. A request round trip inside the library: client Read submitted,
 *    server dequeues, puts two bytes into the client buffer, answers, the
 *    completion callback fires.  Baseline: a plain table of requests with
 *    linear scans for a free slot, the oldest queued request and the tag.
 *    Both run with 32 other requests parked in flight, as on a busy server.
 *
 * Prints medians of several repetitions (ns per operation, measured in
 * thread CPU time so that a busy shared machine distorts less) and the
 * ratio baseline / library.  `--smoke` runs a few iterations and checks
 * results.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tessera/scheme.h>

#define NSCHEMES 1000u
#define NPATHS	 1024u
#define REPS	 7u
#define NREQS	 64u
#define PARKED	 32u

static struct tscheme_scheme schemes[NSCHEMES];
static uint16_t sindex[TSCHEME_INDEX_LEN(NSCHEMES)];
static struct tscheme_handle handles[64];
static struct tscheme_req reqs[NREQS];
static struct tscheme_lane lanes[NREQS];
static char names[NSCHEMES][16];
static char paths[NPATHS][40];
static size_t path_lens[NPATHS];
static uint32_t want_tok[NPATHS];
static uint8_t client_mem[64];
static unsigned long completions;
static int64_t last_result;
static volatile uint64_t sink;

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, unsigned n)
{
	qsort(v, n, sizeof(v[0]), cmp_double);
	return v[n / 2];
}

static int
to_client(void *ctx, uint32_t client, uint64_t uaddr, const void *src,
	  size_t len)
{
	(void)ctx;
	(void)client;
	if (uaddr + len > sizeof(client_mem))
		return -1;
	memcpy(&client_mem[uaddr], src, len);
	return 0;
}

static int
from_client(void *ctx, uint32_t client, void *dst, uint64_t uaddr, size_t len)
{
	(void)ctx;
	(void)client;
	if (uaddr + len > sizeof(client_mem))
		return -1;
	memcpy(dst, &client_mem[uaddr], len);
	return 0;
}

static void
complete(void *ctx, const struct tscheme_completion *c)
{
	(void)ctx;
	completions++;
	last_result = c->result;
	sink += (uint64_t)c->result;
}

static void
event(void *ctx, uint32_t client, uint32_t handle, uint32_t events)
{
	(void)ctx;
	(void)client;
	(void)handle;
	(void)events;
}

static const struct tscheme_ops ops = {to_client, from_client, complete, event};

static void
setup_ns(struct tscheme_ns *ns)
{
	struct tscheme_config cfg = {
		.schemes = schemes,
		.index = sindex,
		.handles = handles,
		.reqs = reqs,
		.lanes = lanes,
		.nschemes = NSCHEMES,
		.index_len = TSCHEME_INDEX_LEN(NSCHEMES),
		.nhandles = 64,
		.nreqs = NREQS,
		.hash_seed = 0x8badf00du,
		.ops = &ops,
		.ctx = NULL,
	};
	uint32_t i, tok[NSCHEMES];
	static const char *const kinds[] = {"gpio", "i2c",   "usb",   "net",
					    "pcie", "block", "input", "disp"};

	if (tscheme_init(ns, &cfg) != 0)
		abort();
	for (i = 0; i < NSCHEMES; i++) {
		snprintf(names[i], sizeof(names[i]), "%s%u", kinds[i % 8],
			 i / 8);
		if (tscheme_register(ns, names[i], strlen(names[i]), i, 64, 64,
				     &tok[i]) != 0)
			abort();
	}
	for (i = 0; i < NPATHS; i++) {
		/* A fixed pseudo-random order over all names. */
		uint32_t k = (i * 613u + 71u) % NSCHEMES;
		int n = snprintf(paths[i], sizeof(paths[i]), "/scheme/%s/17",
				 names[k]);

		path_lens[i] = (size_t)n;
		want_tok[i] = tok[k];
	}
}

/* Baseline: same canonicalisation, then strcmp over every name. */
static int
naive_resolve(const char *path, size_t len, struct tscheme_resolved *out)
{
	uint32_t i;
	int rc = tscheme_path_canon(path, len, 0, out);

	if (rc != 0)
		return rc;
	for (i = 0; i < NSCHEMES; i++)
		if (strcmp(names[i], out->name) == 0) {
			out->scheme = i + 1;
			return 0;
		}
	return -TSCHEME_ENODEV;
}

static void
bench_resolve(struct tscheme_ns *ns, unsigned iters, unsigned reps, bool smoke)
{
	struct tscheme_resolved out;
	double lib[REPS], base[REPS], t0;
	unsigned r, i;

	for (i = 0; smoke && i < NPATHS; i++) {
		if (tscheme_resolve(ns, paths[i], path_lens[i], 0, &out) != 0 ||
		    out.scheme != want_tok[i] || out.rest_len != 2)
			abort();
		if (naive_resolve(paths[i], path_lens[i], &out) != 0)
			abort();
	}
	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		for (i = 0; i < iters; i++) {
			unsigned k = i & (NPATHS - 1);

			tscheme_resolve(ns, paths[k], path_lens[k], 0, &out);
			sink += out.scheme;
		}
		lib[r] = (now_ns() - t0) / iters;
		t0 = now_ns();
		for (i = 0; i < iters / 16; i++) {
			unsigned k = i & (NPATHS - 1);

			naive_resolve(paths[k], path_lens[k], &out);
			sink += out.scheme;
		}
		base[r] = (now_ns() - t0) / (iters / 16);
	}
	printf("resolve (1000 schemes): library %.1f ns, linear scan %.1f ns, "
	       "ratio %.1fx\n",
	       median(lib, reps), median(base, reps),
	       median(base, reps) / median(lib, reps));
}

/* The naive request table of the baseline. */
struct naive_req {
	int state; /* 0 free, 1 queued, 2 in flight */
	uint64_t seq;
	uint32_t client;
	uint32_t op;
	uint64_t buf;
	uint64_t len;
	uint64_t cookie;
};

static struct naive_req ntab[NREQS];
static uint64_t nseq;

static int
naive_submit(uint32_t client, uint64_t buf, uint64_t len, uint32_t *tag)
{
	uint32_t i;

	for (i = 0; i < NREQS; i++)
		if (ntab[i].state == 0) {
			ntab[i].state = 1;
			ntab[i].seq = nseq++;
			ntab[i].client = client;
			ntab[i].op = TSCHEME_OP_READ;
			ntab[i].buf = buf;
			ntab[i].len = len;
			*tag = i;
			return 0;
		}
	return -TSCHEME_ENOSPC;
}

static int
naive_next(uint32_t *tag)
{
	uint32_t i, best = NREQS;

	for (i = 0; i < NREQS; i++)
		if (ntab[i].state == 1 &&
		    (best == NREQS || ntab[i].seq < ntab[best].seq))
			best = i;
	if (best == NREQS)
		return -TSCHEME_EAGAIN;
	ntab[best].state = 2;
	*tag = best;
	return 0;
}

static int
naive_answer(uint32_t tag, const void *data, size_t n)
{
	struct tscheme_completion c;
	uint32_t i;

	for (i = 0; i < NREQS; i++)
		if (i == tag && ntab[i].state == 2)
			break;
	if (i == NREQS)
		return -TSCHEME_ENOENT;
	if (to_client(NULL, ntab[i].client, ntab[i].buf, data, n) != 0)
		return -TSCHEME_EFAULT;
	c.cookie = ntab[i].cookie;
	c.result = (int64_t)n;
	c.client = ntab[i].client;
	c.tag = tag;
	c.op = ntab[i].op;
	ntab[i].state = 0;
	complete(NULL, &c);
	return 0;
}

static void
bench_roundtrip(struct tscheme_ns *ns, unsigned iters, unsigned reps,
		bool smoke)
{
	struct tscheme_resolved res_out;
	struct tscheme_request rq;
	struct tscheme_call c;
	double lib[REPS], base[REPS], t0;
	unsigned r, i;
	uint32_t s, tag, h, parked;
	unsigned long before;
	int64_t res;

	if (tscheme_resolve(ns, "/scheme/gpio0", 13, 0, &res_out) != 0)
		abort();
	s = res_out.scheme;
	/* Open a handle through the library. */
	memset(&c, 0, sizeof(c));
	c.client = 1;
	c.op = TSCHEME_OP_OPEN;
	c.path = "/scheme/gpio0/17";
	c.path_len = strlen(c.path);
	if (tscheme_submit(ns, &c, &tag, &res) != 0 ||
	    tscheme_next(ns, s, &rq) != 0 || tscheme_answer(ns, s, tag, 17))
		abort();
	h = (uint32_t)last_result;
	/* Park requests in flight from another client. */
	for (parked = 0; parked < PARKED; parked++) {
		uint32_t t;

		memset(&c, 0, sizeof(c));
		c.client = 2;
		c.op = TSCHEME_OP_OPEN;
		c.path = "/scheme/gpio0/1";
		c.path_len = strlen(c.path);
		if (tscheme_submit(ns, &c, &t, &res) != 0 ||
		    tscheme_next(ns, s, &rq) != 0)
			abort();
		if (naive_submit(2, 0, 1, &t) != 0 || naive_next(&t) != 0)
			abort();
	}
	memset(&c, 0, sizeof(c));
	c.client = 1;
	c.op = TSCHEME_OP_READ;
	c.handle = h;
	c.buf = 8;
	c.len = 8;
	for (r = 0; r < reps; r++) {
		before = completions;
		t0 = now_ns();
		for (i = 0; i < iters; i++) {
			if (tscheme_submit(ns, &c, &tag, &res) != 0 ||
			    tscheme_next(ns, s, &rq) != 0 ||
			    tscheme_put(ns, s, rq.tag, 0, "1\n", 2) != 0 ||
			    tscheme_answer(ns, s, rq.tag, 2) != 0)
				abort();
		}
		lib[r] = (now_ns() - t0) / iters;
		if (completions - before != iters)
			abort();
		before = completions;
		t0 = now_ns();
		for (i = 0; i < iters; i++) {
			if (naive_submit(1, 8, 8, &tag) != 0 ||
			    naive_next(&tag) != 0 ||
			    naive_answer(tag, "1\n", 2) != 0)
				abort();
		}
		base[r] = (now_ns() - t0) / iters;
		if (completions - before != iters)
			abort();
	}
	if (smoke && memcmp(&client_mem[8], "1\n", 2) != 0)
		abort();
	printf("round trip (submit, next, put, answer, complete): library "
	       "%.1f ns, naive table %.1f ns, ratio %.2fx\n",
	       median(lib, reps), median(base, reps),
	       median(base, reps) / median(lib, reps));
}

int
main(int argc, char **argv)
{
	static struct tscheme_ns ns;
	bool smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
	unsigned iters = smoke ? 1000 : 2000000, reps = smoke ? 1 : REPS;

	setup_ns(&ns);
	bench_resolve(&ns, iters, reps, smoke);
	bench_roundtrip(&ns, smoke ? 1000 : 1000000, reps, smoke);
	printf("checksum %llu\n", (unsigned long long)sink);
	return 0;
}
