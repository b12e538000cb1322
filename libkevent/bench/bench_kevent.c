/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libkevent benchmarks, each with its naive baseline in the same run:
 *
 *  1. collect cost with 10, 1,000 and 100,000 registered sources and one
 *     active (notify + collect of one event), against a poll-style scan
 *     of every source; the ratio largest/smallest shows the scaling.
 *  2. notify + collect throughput in events per second (batches of 64).
 *  3. timer add / cancel / expire: the timing wheel against a binary heap
 *     with index tracking (the usual O(log n) design).
 *
 * Prints medians over repeats, timed in thread CPU time.  `--smoke` runs
 * tiny sizes.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tessera/kevent.h>

#define REPEATS 5

static int g_smoke;

static double
now_ns(void)
{
	struct timespec ts;

	/*
	 * CPU time of this thread: the machine is shared, and time spent
	 * descheduled is not the library's cost ("per second on one core").
	 */
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
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n, sz);

	if (p == NULL) {
		perror("calloc");
		exit(1);
	}
	return p;
}

static size_t
pow2_at_least(size_t n)
{
	size_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* A fake handle: readable bytes, as a kernel object would report. */
struct obj {
	struct tkev_source src;
	int64_t readable;
};

static void
obj_poll(const struct tkev_source *src, int16_t filter, int64_t *data,
	 bool *eof)
{
	const struct obj *o = (const struct obj *)src->ctx;

	(void)filter;
	(void)eof;
	*data = o->readable;
}

static const struct tkev_source_ops obj_ops = {.poll = obj_poll};

struct bed {
	struct tkev_queue q;
	struct tkev_knote *knotes;
	struct tkev_link *buckets;
	struct obj *objs;
	size_t n;
};

static void
bed_init(struct bed *b, size_t n, int16_t filter)
{
	struct tkev_queue_config cfg;
	size_t i;

	memset(b, 0, sizeof(*b));
	b->n = n;
	b->knotes = xcalloc(n, sizeof(*b->knotes));
	b->buckets = xcalloc(pow2_at_least(n), sizeof(*b->buckets));
	b->objs = xcalloc(n, sizeof(*b->objs));
	memset(&cfg, 0, sizeof(cfg));
	cfg.knotes = b->knotes;
	cfg.nknotes = n;
	cfg.buckets = b->buckets;
	cfg.nbuckets = pow2_at_least(n);
	if (tkev_queue_init(&b->q, &cfg) != 0)
		exit(1);
	for (i = 0; i < n; i++) {
		struct tkev_event ch;

		tkev_source_init(&b->objs[i].src, &obj_ops,
				 (1u << TKEV_FILT_READ) | (1u << TKEV_FILT_IRQ),
				 &b->objs[i]);
		memset(&ch, 0, sizeof(ch));
		ch.ident = i;
		ch.filter = filter;
		ch.flags = TKEV_EV_ADD | TKEV_EV_CLEAR;
		ch.src = &b->objs[i].src;
		if (tkev_kevent(&b->q, &ch, 1, NULL, 0, 0) != 0)
			exit(1);
	}
}

static void
bed_free(struct bed *b)
{
	tkev_queue_destroy(&b->q);
	free(b->knotes);
	free(b->buckets);
	free(b->objs);
}

/* 1. One active source among n: ns per notify + collect. */
static void
bench_collect_scaling(void)
{
	static const size_t sizes[] = {10, 1000, 100000};
	double med[3], scan[3];
	long iters = g_smoke ? 1000 : 2000000;
	int s;

	printf("collect cost, one active source (notify + collect 1 event)\n");
	for (s = 0; s < 3; s++) {
		size_t n = g_smoke ? sizes[s] / 10 + 1 : sizes[s];
		double t[REPEATS], ts[REPEATS];
		long scans = (g_smoke ? 100000L : 20000000L) / (long)n + 1;
		struct tkev_event ev[4];
		struct bed b;
		int r;

		bed_init(&b, n, TKEV_FILT_READ);
		b.objs[n / 2].readable = 1;
		for (r = 0; r < REPEATS; r++) {
			double t0 = now_ns();
			long i, got = 0;
			volatile size_t found = 0;

			for (i = 0; i < iters; i++) {
				tkev_notify(&b.objs[n / 2].src, TKEV_FILT_READ,
					    0, 0, 0);
				got += tkev_kevent(&b.q, NULL, 0, ev, 4, 0);
			}
			t[r] = (now_ns() - t0) / (double)iters;
			if (got != iters)
				exit(2);
			/* Baseline: poll every source for readiness. */
			t0 = now_ns();
			for (i = 0; i < scans; i++) {
				size_t k;

				for (k = 0; k < n; k++)
					if (b.objs[k].readable != 0)
						found = k;
			}
			ts[r] = (now_ns() - t0) / (double)scans;
			(void)found;
		}
		med[s] = median(t, REPEATS);
		scan[s] = median(ts, REPEATS);
		printf("  %7zu sources: kevent %7.1f ns   poll-scan %11.1f ns\n",
		       n, med[s], scan[s]);
		bed_free(&b);
	}
	printf("  ratio largest/smallest: kevent %.2f   poll-scan %.1f\n",
	       med[2] / med[0], scan[2] / scan[0]);
}

/* 2. Throughput: notify 64 sources, collect 64 events, repeat. */
static void
bench_throughput(void)
{
	enum { BATCH = 64 };
	size_t n = g_smoke ? 128 : 1000;
	long rounds = g_smoke ? 100 : 300000;
	double t[REPEATS], tb[REPEATS];
	struct tkev_event ev[BATCH];
	struct bed b;
	unsigned char *flags = xcalloc(n, 1);
	int r;

	bed_init(&b, n, TKEV_FILT_IRQ);
	for (r = 0; r < REPEATS; r++) {
		double t0 = now_ns();
		long i, got = 0;
		size_t next = 0;

		for (i = 0; i < rounds; i++) {
			int k;

			for (k = 0; k < BATCH; k++) {
				tkev_notify(&b.objs[next].src, TKEV_FILT_IRQ, 0,
					    1, 0);
				next = next + 1 == n ? 0 : next + 1;
			}
			got += tkev_kevent(&b.q, NULL, 0, ev, BATCH, 0);
		}
		t[r] = (double)got / ((now_ns() - t0) / 1e9);
		if (got != rounds * BATCH)
			exit(3);
		/* Baseline: set flags, then scan all sources for them. */
		t0 = now_ns();
		got = 0;
		next = 0;
		for (i = 0; i < rounds / 10 + 1; i++) {
			size_t k;

			for (k = 0; k < BATCH; k++) {
				flags[next] = 1;
				next = next + 1 == n ? 0 : next + 1;
			}
			for (k = 0; k < n; k++) {
				if (flags[k]) {
					flags[k] = 0;
					got++;
				}
			}
		}
		tb[r] = (double)got / ((now_ns() - t0) / 1e9);
	}
	printf("notify+collect throughput (%zu sources, batches of %d)\n", n,
	       BATCH);
	printf("  kevent %.1f M events/s   flag-scan baseline %.1f M events/s"
	       "   ratio %.2f\n",
	       median(t, REPEATS) / 1e6, median(tb, REPEATS) / 1e6,
	       median(t, REPEATS) / median(tb, REPEATS));
	bed_free(&b);
	free(flags);
}

/* 3. Timers: wheel against a binary heap. */
struct htimer {
	uint64_t deadline;
	size_t idx; /* position in the heap, or SIZE_MAX */
};

struct heap {
	struct htimer **a;
	size_t n;
};

static void
heap_swap(struct heap *h, size_t i, size_t j)
{
	struct htimer *x = h->a[i];

	h->a[i] = h->a[j];
	h->a[j] = x;
	h->a[i]->idx = i;
	h->a[j]->idx = j;
}

static void
heap_up(struct heap *h, size_t i)
{
	while (i > 0 && h->a[(i - 1) / 2]->deadline > h->a[i]->deadline) {
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
heap_down(struct heap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;

		if (l < h->n && h->a[l]->deadline < h->a[m]->deadline)
			m = l;
		if (l + 1 < h->n && h->a[l + 1]->deadline < h->a[m]->deadline)
			m = l + 1;
		if (m == i)
			return;
		heap_swap(h, i, m);
		i = m;
	}
}

static void
heap_add(struct heap *h, struct htimer *t)
{
	t->idx = h->n;
	h->a[h->n++] = t;
	heap_up(h, t->idx);
}

static void
heap_remove(struct heap *h, struct htimer *t)
{
	size_t i = t->idx;

	h->n--;
	if (i != h->n) {
		h->a[i] = h->a[h->n];
		h->a[i]->idx = i;
		heap_down(h, i);
		heap_up(h, i);
	}
	t->idx = SIZE_MAX;
}

static long g_fired;

static void
count_fn(struct tkev_timer *t, uint64_t now, void *arg)
{
	(void)t;
	(void)now;
	(void)arg;
	g_fired++;
}

static uint64_t g_rng = 88172645463325252u;

static uint64_t
rnd(void)
{
	g_rng ^= g_rng << 13;
	g_rng ^= g_rng >> 7;
	g_rng ^= g_rng << 17;
	return g_rng;
}

static void
bench_timers(void)
{
	size_t n = g_smoke ? 1000 : 200000, i;
	const uint64_t span = 10000000000u; /* 10 s of deadlines */
	const uint64_t step = 1000000u;	    /* expire every 1 ms */
	double wa[REPEATS], wc[REPEATS], we[REPEATS];
	double ha[REPEATS], hc[REPEATS], he[REPEATS];
	uint64_t *dl = xcalloc(n, sizeof(*dl));
	struct tkev_timer *wt = xcalloc(n, sizeof(*wt));
	struct htimer *ht = xcalloc(n, sizeof(*ht));
	struct tkev_wheel *w = xcalloc(1, sizeof(*w));
	struct heap h;
	int r;

	h.a = xcalloc(n, sizeof(*h.a));
	for (i = 0; i < n; i++)
		dl[i] = 1 + rnd() % span;
	for (r = 0; r < REPEATS; r++) {
		double t0;
		uint64_t now;
		long hf = 0;

		/* Wheel: 2^20 ns (~1 ms) ticks. */
		tkev_wheel_init(w, 0, 20);
		g_fired = 0;
		for (i = 0; i < n; i++)
			tkev_timer_init(&wt[i], count_fn, NULL);
		t0 = now_ns();
		for (i = 0; i < n; i++)
			tkev_timer_start(w, &wt[i], dl[i]);
		wa[r] = (now_ns() - t0) / (double)n;
		t0 = now_ns();
		for (i = 0; i < n; i += 2)
			tkev_timer_cancel(w, &wt[i]);
		wc[r] = (now_ns() - t0) / (double)(n / 2);
		t0 = now_ns();
		for (now = 0; now <= span; now += step)
			tkev_wheel_expire(w, now);
		we[r] = (now_ns() - t0) / (double)(n / 2);
		if (g_fired != (long)(n / 2))
			exit(4);

		/* Heap: same deadlines, same steps. */
		h.n = 0;
		t0 = now_ns();
		for (i = 0; i < n; i++) {
			ht[i].deadline = dl[i];
			heap_add(&h, &ht[i]);
		}
		ha[r] = (now_ns() - t0) / (double)n;
		t0 = now_ns();
		for (i = 0; i < n; i += 2)
			heap_remove(&h, &ht[i]);
		hc[r] = (now_ns() - t0) / (double)(n / 2);
		t0 = now_ns();
		for (now = 0; now <= span; now += step) {
			while (h.n > 0 && h.a[0]->deadline <= now) {
				heap_remove(&h, h.a[0]);
				hf++;
			}
		}
		he[r] = (now_ns() - t0) / (double)(n / 2);
		if (hf != (long)(n / 2))
			exit(5);
	}
	printf("timers (%zu armed, half cancelled, rest expired in 1 ms "
	       "steps over 10 s), ns per timer\n",
	       n);
	printf("  add     wheel %6.1f  heap %6.1f  heap/wheel %.2f\n",
	       median(wa, REPEATS), median(ha, REPEATS),
	       median(ha, REPEATS) / median(wa, REPEATS));
	printf("  cancel  wheel %6.1f  heap %6.1f  heap/wheel %.2f\n",
	       median(wc, REPEATS), median(hc, REPEATS),
	       median(hc, REPEATS) / median(wc, REPEATS));
	printf("  expire  wheel %6.1f  heap %6.1f  heap/wheel %.2f\n",
	       median(we, REPEATS), median(he, REPEATS),
	       median(he, REPEATS) / median(we, REPEATS));
	free(dl);
	free(wt);
	free(ht);
	free(w);
	free(h.a);
}

int
main(int argc, char **argv)
{
	g_smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
	bench_collect_scaling();
	bench_throughput();
	bench_timers();
	return 0;
}
