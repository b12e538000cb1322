/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Benchmarks of libtessera-cap against a naive handle table in the same
 * run: lookup+check on the hot path, install+close, duplicate+close and a
 * batch transfer.  The naive table is what a first kernel often has: an
 * array of {id, object, rights} searched linearly, ids from a counter.
 * Each measurement is repeated; medians and the ratio naive/tcap are
 * printed.  `--smoke` runs a tiny round and checks the results only.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tessera/cap.h>

#define NH   256 /* live handles in each table */
#define REPS 11

/* ------------------------------------------------------------ naive */

struct naive_entry {
	uint32_t id; /* 0: free */
	void *obj;
	uint64_t rights;
};

struct naive {
	struct naive_entry e[NH + 8];
	uint32_t n;
	uint32_t next_id;
};

static void
naive_init(struct naive *t)
{
	memset(t, 0, sizeof(*t));
	t->n = NH + 8;
	t->next_id = 1;
}

static int
naive_install(struct naive *t, void *obj, uint64_t rights, uint32_t *out)
{
	uint32_t i;

	for (i = 0; i < t->n; i++) {
		if (t->e[i].id == 0) {
			t->e[i].id = t->next_id++;
			t->e[i].obj = obj;
			t->e[i].rights = rights;
			*out = t->e[i].id;
			return 0;
		}
	}
	return -TCAP_ENOSPC;
}

static struct naive_entry *
naive_find(struct naive *t, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < t->n; i++)
		if (t->e[i].id == id && id != 0)
			return &t->e[i];
	return NULL;
}

static int
naive_lookup(struct naive *t, uint32_t id, uint64_t need, void **obj)
{
	struct naive_entry *e = naive_find(t, id);

	if (e == NULL)
		return -TCAP_EBADF;
	if ((e->rights & need) != need)
		return -TCAP_ENOTCAPABLE;
	*obj = e->obj;
	return 0;
}

static int
naive_close(struct naive *t, uint32_t id)
{
	struct naive_entry *e = naive_find(t, id);

	if (e == NULL)
		return -TCAP_EBADF;
	e->id = 0;
	return 0;
}

static int
naive_duplicate(struct naive *t, uint32_t id, uint64_t rights, uint32_t *out)
{
	struct naive_entry *e = naive_find(t, id);

	if (e == NULL)
		return -TCAP_EBADF;
	if ((rights & ~e->rights) != 0)
		return -TCAP_EINVAL;
	return naive_install(t, e->obj, rights, out);
}

/* Move @n handles: all found first, then moved (all or nothing). */
static int
naive_move(struct naive *s, struct naive *d, const uint32_t *ids, uint32_t *out,
	   size_t n)
{
	struct naive_entry *src[8];
	size_t i;

	for (i = 0; i < n; i++) {
		src[i] = naive_find(s, ids[i]);
		if (src[i] == NULL)
			return -TCAP_EBADF;
	}
	for (i = 0; i < n; i++) {
		if (naive_install(d, src[i]->obj, src[i]->rights, &out[i]) != 0)
			return -TCAP_ENOSPC;
		src[i]->id = 0;
	}
	return 0;
}

/* ------------------------------------------------------------ timing */

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
	return v[n / 2];
}

static volatile uintptr_t sink;
static int objs[NH];

struct fixture {
	struct tcap_table a, b;
	struct tcap_entry sa[NH + 8], sb[NH + 8];
	tcap_handle_t ha[NH];
	struct naive na, nb;
	uint32_t ia[NH];
	uint32_t order[4096];
};

static void
fixture_init(struct fixture *f)
{
	struct tcap_table_config ca = {.slots = f->sa, .nslots = NH + 8};
	struct tcap_table_config cb = {.slots = f->sb, .nslots = NH + 8};
	uint64_t x = 88172645463325252ull;
	int i;

	if (tcap_table_init(&f->a, &ca) != 0 || tcap_table_init(&f->b, &cb))
		abort();
	naive_init(&f->na);
	naive_init(&f->nb);
	for (i = 0; i < NH; i++) {
		if (tcap_install(&f->a, &objs[i], TCAP_OBJ_FILE,
				 TCAP_RIGHTS_SAME, &f->ha[i]) != 0 ||
		    naive_install(&f->na, &objs[i],
				  tcap_type_rights(TCAP_OBJ_FILE),
				  &f->ia[i]) != 0)
			abort();
	}
	for (i = 0; i < 4096; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		f->order[i] = (uint32_t)(x % NH);
	}
}

/* Lookup+check of a random live handle, ns per call. */
static double
run_lookup(struct fixture *f, long iters, int naive)
{
	uintptr_t acc = 0;
	uint64_t t0 = now_ns();
	long i;

	for (i = 0; i < iters; i++) {
		uint32_t k = f->order[i & 4095];
		void *obj = NULL;
		int err;

		if (naive)
			err = naive_lookup(&f->na, f->ia[k], TCAP_RIGHTS_PREAD,
					   &obj);
		else
			err = tcap_lookup(&f->a, f->ha[k], TCAP_RIGHTS_PREAD,
					  &obj);
		if (err != 0 || obj != &objs[k])
			abort();
		acc += (uintptr_t)obj;
	}
	sink = acc;
	return (double)(now_ns() - t0) / (double)iters;
}

/*
 * A POSIX-style descriptor array indexed directly, with no generation: the
 * cheapest possible check, which cannot tell a stale value from a new one.
 * Not inlined, like tcap_lookup() (a call into the library), so the
 * comparison shows what the generation costs and nothing else.
 */
__attribute__((noinline)) static int
fd_lookup(const struct naive *t, uint32_t fd, uint64_t need, void **obj)
{
	const struct naive_entry *e;

	if (fd >= t->n || t->e[fd].id == 0)
		return -TCAP_EBADF;
	e = &t->e[fd];
	if ((e->rights & need) != need)
		return -TCAP_ENOTCAPABLE;
	*obj = e->obj;
	return 0;
}

static double
run_lookup_fd(struct fixture *f, long iters, int fdarray)
{
	uintptr_t acc = 0;
	uint64_t t0;
	long i;

	if (!fdarray)
		return run_lookup(f, iters, 0);
	t0 = now_ns();
	for (i = 0; i < iters; i++) {
		uint32_t k = f->order[i & 4095];
		void *obj = NULL;

		if (fd_lookup(&f->na, k, TCAP_RIGHTS_PREAD, &obj) != 0 ||
		    obj != &objs[k])
			abort();
		acc += (uintptr_t)obj;
	}
	sink = acc;
	return (double)(now_ns() - t0) / (double)iters;
}

/* Install then close one handle (a full table of NH live handles). */
static double
run_install_close(struct fixture *f, long iters, int naive)
{
	uint64_t t0 = now_ns();
	long i;

	for (i = 0; i < iters; i++) {
		if (naive) {
			uint32_t id;

			if (naive_install(&f->na, &objs[0], 1, &id) != 0 ||
			    naive_close(&f->na, id) != 0)
				abort();
		} else {
			tcap_handle_t h;

			if (tcap_install(&f->a, &objs[0], TCAP_OBJ_FILE, 1,
					 &h) != 0 ||
			    tcap_close(&f->a, h) != 0)
				abort();
		}
	}
	return (double)(now_ns() - t0) / (double)iters;
}

/* Duplicate a random handle with fewer rights, then close the copy. */
static double
run_dup_close(struct fixture *f, long iters, int naive)
{
	uint64_t t0 = now_ns();
	long i;

	for (i = 0; i < iters; i++) {
		uint32_t k = f->order[i & 4095];

		if (naive) {
			uint32_t id;

			if (naive_duplicate(&f->na, f->ia[k], TCAP_RIGHT_READ,
					    &id) != 0 ||
			    naive_close(&f->na, id) != 0)
				abort();
		} else {
			tcap_handle_t h;

			if (tcap_duplicate(&f->a, f->ha[k], TCAP_RIGHT_READ,
					   &h) != 0 ||
			    tcap_close(&f->a, h) != 0)
				abort();
		}
	}
	return (double)(now_ns() - t0) / (double)iters;
}

/* Move a batch of four handles to the other table and back. */
static double
run_transfer(struct fixture *f, long iters, int naive)
{
	uint64_t t0 = now_ns();
	long i;
	int j;

	for (i = 0; i < iters; i++) {
		int base = (int)(f->order[i & 4095] & ~3u);

		if (naive) {
			uint32_t mid[4];

			if (naive_move(&f->na, &f->nb, &f->ia[base], mid, 4) ||
			    naive_move(&f->nb, &f->na, mid, &f->ia[base], 4))
				abort();
		} else {
			struct tcap_xfer x[4];

			for (j = 0; j < 4; j++)
				x[j] = (struct tcap_xfer){
					.handle = f->ha[base + j],
					.mode = TCAP_XFER_MOVE,
					.rights = TCAP_RIGHTS_SAME};
			if (tcap_transfer(&f->a, &f->b, x, 4) != 0)
				abort();
			for (j = 0; j < 4; j++)
				x[j].handle = x[j].out;
			if (tcap_transfer(&f->b, &f->a, x, 4) != 0)
				abort();
			for (j = 0; j < 4; j++)
				f->ha[base + j] = x[j].out;
		}
	}
	return (double)(now_ns() - t0) / (double)iters;
}

struct bench {
	const char *name;
	double (*fn)(struct fixture *, long, int);
	long iters;
};

int
main(int argc, char **argv)
{
	static const struct bench benches[] = {
		{"lookup+check", run_lookup, 2000000},
		{"lookup+check vs fd array", run_lookup_fd, 2000000},
		{"install+close", run_install_close, 500000},
		{"duplicate+close", run_dup_close, 500000},
		{"transfer 4 there+back", run_transfer, 100000},
	};
	int smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
	int reps = smoke ? 1 : REPS;
	struct fixture *f = calloc(1, sizeof(*f));
	size_t b;

	if (f == NULL)
		return 1;
	fixture_init(f);
	printf("%-24s %12s %12s %8s  (ns/op, median of %d, %d handles)\n",
	       "benchmark", "tcap", "naive", "ratio", reps, NH);
	for (b = 0; b < sizeof(benches) / sizeof(benches[0]); b++) {
		long iters = smoke ? 1000 : benches[b].iters;
		double tc[REPS], nv[REPS], mt, mn;
		int r;

		for (r = 0; r < reps; r++) {
			tc[r] = benches[b].fn(f, iters, 0);
			nv[r] = benches[b].fn(f, iters, 1);
		}
		mt = median(tc, reps);
		mn = median(nv, reps);
		printf("%-24s %12.2f %12.2f %7.1fx\n", benches[b].name, mt, mn,
		       mn / mt);
	}
	free(f);
	return 0;
}
