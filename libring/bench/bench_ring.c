/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Benchmarks of libring against Concurrency Kit's ck_ring in the same run.
 *
 * 1. Cross-thread submit-to-completion: the main thread submits NOP
 *    requests in batches of 1, 8 and 32 and reaps completions; a server
 *    thread consumes and completes them.  The ck_ring anchor does the same
 *    work per request with two SPSC rings: requests as pointers to 64-byte
 *    entries the server copies, completions as pointers to 32-byte
 *    completion entries the server fills and the client reads.
 * 2. Cross-thread SPSC messages: 16-byte tring_spsc messages against
 *    the same 16-byte messages in ck_ring's typed SPSC ring
 *    (CK_RING_PROTOTYPE), both copied in and out.
 * 3. Single-thread per-operation cost at batch sizes 1, 8, 32: submit,
 *    consume and reap in one thread, timed in thread CPU time, so thread
 *    scheduling and other programs are out of it.
 *
 * Each figure is the median (and the best) of several repetitions, the
 * two rings alternating; ratios are ck / tring time, so a ratio of at least
 * 1.0 means libring is at least as fast.  On a busy machine the two-thread
 * medians mostly measure scheduling; the best runs and the one-thread
 * CPU-time figures are the stable ones; bench/callgrind.sh counts the
 * instructions per operation of the one-thread loops, which do not depend
 * on the load at all.
 *
 * The two threads of every two-thread run, libring's and the anchor's
 * alike, are pinned to two different CPUs when the process may use two
 * (--no-pin: the scheduler places them, and on a 2-CPU machine it tends
 * to keep both on one CPU, taking turns).
 *
 * The libring submit-to-completion rings are set up with
 * TRING_SETUP_NO_SQARRAY, as an embedder who wants speed would set them up
 * (the consumer then reads no index word per entry); the default mode
 * (index array) is printed too, for reference, without the anchor.
 * Usage: bench_ring [--no-pin] [--smoke | --spsc | --count ring|ring0|ck BATCH]
 * (--count ring0: the one-thread loop in the default mode).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tessera/ring.h>
#ifdef HAVE_CK
#include <ck_ring.h>
#endif

#define SQ	128u
#define CQ	128u
#define CK_SIZE 128u

static uint32_t total = 200000;
static int reps = 15;
static atomic_bool stop;
/* CPUs of the two threads when pinned (see pin_setup()); -1: not pinned. */
static int cpu_main = -1, cpu_other = -1;

static double
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Wall time, for the two-thread runs. */
static double
now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/*
 * CPU time of this thread, for the one-thread runs: on a shared machine
 * the wall clock also counts the time other programs hold the core.
 */
static double
cpu_ns(void)
{
	return clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

/* Busy-wait politely: spin a little, then give the core away. */
static void
idle(unsigned *spins)
{
	if (++*spins >= 64) {
		*spins = 0;
		sched_yield();
	}
}

/*
 * Pin the main thread to one CPU and every second thread to another, for
 * libring and the anchor alike, so the two threads of a run never share
 * a CPU or land differently from one run to the next.  Only with at least
 * two CPUs allowed; otherwise nothing is pinned.
 */
static void
pin_setup(void)
{
	cpu_set_t set;
	int c;

	if (sched_getaffinity(0, sizeof(set), &set) != 0 || CPU_COUNT(&set) < 2)
		return;
	for (c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET((size_t)c, &set))
			continue;
		if (cpu_main < 0)
			cpu_main = c;
		else if (cpu_other < 0)
			cpu_other = c;
	}
	CPU_ZERO(&set);
	CPU_SET((size_t)cpu_main, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set) != 0)
		cpu_main = cpu_other = -1;
}

/*
 * Start the second thread of a run, on its own CPU when pinned (and
 * unpinned if the system refuses the placement).
 */
static void
spawn(pthread_t *t, void *(*fn)(void *))
{
	pthread_attr_t attr;
	cpu_set_t set;

	if (cpu_other >= 0 && pthread_attr_init(&attr) == 0) {
		CPU_ZERO(&set);
		CPU_SET((size_t)cpu_other, &set);
		if (pthread_attr_setaffinity_np(&attr, sizeof(set), &set) ==
			    0 &&
		    pthread_create(t, &attr, fn, NULL) == 0) {
			pthread_attr_destroy(&attr);
			return;
		}
		pthread_attr_destroy(&attr);
	}
	if (pthread_create(t, NULL, fn, NULL) != 0)
		abort();
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

/* --- libring submit-to-completion ----------------------------------- */

static _Alignas(64) uint8_t region[TRING_REGION_SIZE(SQ, CQ)];
static struct tring_kring K;
static struct tring_queue Q;
/* tring_params::flags of the submit-to-completion rings. */
static uint32_t ring_flags = TRING_SETUP_NO_SQARRAY;

static void
ring_up(void)
{
	struct tring_params p;

	memset(&p, 0, sizeof(p));
	p.sq_entries = SQ;
	p.cq_entries = CQ;
	p.flags = ring_flags;
	if (tring_setup(&K, region, sizeof(region), &p) != 0 ||
	    tring_queue_init(&Q, region, sizeof(region)) != 0)
		abort();
}

static void *
ring_server(void *arg)
{
	unsigned spins = 0;

	(void)arg;
	while (!atomic_load_explicit(&stop, memory_order_relaxed))
		if (tring_process(&K, SQ) <= 0)
			idle(&spins);
	return NULL;
}

/* Submit up to @batch NOPs; returns how many. */
static uint32_t
ring_submit(uint32_t batch, uint32_t sent, uint32_t got)
{
	struct tring_sqe *sqe;
	uint32_t i;

	if (CQ - (sent - got) < batch)
		return 0;
	for (i = 0; i < batch; i++) {
		sqe = tring_get_sqe(&Q);
		if (sqe == NULL)
			break;
		tring_prep_nop(sqe);
		tring_sqe_set_data(sqe, sent + i);
	}
	if (i != 0)
		(void)tring_submit(&Q);
	return i;
}

/* Reap what is ready; returns how many. */
static uint32_t
ring_reap(uint32_t got)
{
	const struct tring_cqe *cqe[32];
	uint32_t i, n = tring_peek_batch_cqe(&Q, cqe, 32);

	for (i = 0; i < n; i++)
		if (cqe[i]->user_data != got + i || cqe[i]->result != 0)
			abort();
	tring_cq_advance(&Q, n);
	return n;
}

static double
ring_threads(uint32_t batch)
{
	pthread_t t;
	uint32_t sent = 0, got = 0, n;
	unsigned spins = 0;
	double t0, t1;

	ring_up();
	atomic_store(&stop, false);
	spawn(&t, ring_server);
	t0 = now_ns();
	while (got < total) {
		if (sent < total)
			sent += ring_submit(batch, sent, got);
		n = ring_reap(got);
		got += n;
		if (n == 0)
			idle(&spins);
	}
	t1 = now_ns();
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	return (t1 - t0) / total;
}

static double
ring_single(uint32_t batch)
{
	uint32_t sent = 0, got = 0;
	double t0, t1;

	ring_up();
	t0 = cpu_ns();
	while (got < total) {
		sent += ring_submit(batch, sent, got);
		(void)tring_process(&K, SQ);
		got += ring_reap(got);
	}
	t1 = cpu_ns();
	return (t1 - t0) / total;
}

/* The same two loops in the default mode (SQ index array). */
static double
ring_threads_array(uint32_t batch)
{
	double t;

	ring_flags = 0;
	t = ring_threads(batch);
	ring_flags = TRING_SETUP_NO_SQARRAY;
	return t;
}

static double
ring_single_array(uint32_t batch)
{
	double t;

	ring_flags = 0;
	t = ring_single(batch);
	ring_flags = TRING_SETUP_NO_SQARRAY;
	return t;
}

/* --- libring SPSC messages -------------------------------------------- */

struct msg16 {
	uint64_t seq;
	uint64_t check;
};

static struct tring_chan chan;
static _Alignas(
	64) uint8_t slots[TRING_SPSC_STORAGE(CK_SIZE, sizeof(struct msg16))];
static struct tring_spsc sp_prod, sp_cons;

/* Typed calls for struct msg16, as the anchor's CK_RING_PROTOTYPE. */
TRING_SPSC_DEFINE(msg16, struct msg16)

/*
 * The producer and consumer loops, once with the untyped calls (size
 * from the handle) and once with the typed ones (size a constant).
 */
#define SPSC_LOOPS(prod, cons, enqueue, dequeue)                       \
	static void *prod(void *arg)                                   \
	{                                                              \
		struct msg16 m;                                        \
		uint32_t i;                                            \
		unsigned spins = 0;                                    \
                                                                       \
		(void)arg;                                             \
		for (i = 0; i < total; i++) {                          \
			m.seq = i;                                     \
			m.check = ~(uint64_t)i;                        \
			while (enqueue(&sp_prod, &m) != 0)             \
				idle(&spins);                          \
		}                                                      \
		return NULL;                                           \
	}                                                              \
	static double cons(uint32_t unused)                            \
	{                                                              \
		pthread_t t;                                           \
		struct msg16 m;                                        \
		uint32_t i;                                            \
		unsigned spins = 0;                                    \
		double t0, t1;                                         \
                                                                       \
		(void)unused;                                          \
		if (tring_chan_init(&chan, 0) != 0 ||                  \
		    tring_spsc_attach(&sp_prod, &chan, slots, CK_SIZE, \
				      sizeof(m)) ||                    \
		    tring_spsc_attach(&sp_cons, &chan, slots, CK_SIZE, \
				      sizeof(m)))                      \
			abort();                                       \
		t0 = now_ns();                                         \
		spawn(&t, prod);                                       \
		for (i = 0; i < total; i++) {                          \
			while (dequeue(&sp_cons, &m) != 0)             \
				idle(&spins);                          \
			if (m.seq != i)                                \
				abort();                               \
		}                                                      \
		t1 = now_ns();                                         \
		pthread_join(t, NULL);                                 \
		return (t1 - t0) / total;                              \
	}

SPSC_LOOPS(spsc_producer, spsc_wrap, tring_spsc_enqueue, tring_spsc_dequeue)
SPSC_LOOPS(spsc_producer_typed, spsc_typed_wrap, tring_spsc_enqueue_msg16,
	   tring_spsc_dequeue_msg16)

#ifdef HAVE_CK
/* --- ck_ring anchor ----------------------------------------------------- */

/*
 * Every shared object on its own cache lines, as libring's region is
 * (64-byte aligned, entries never straddling two lines).
 */
static _Alignas(64) struct ck_ring req_ring;
static _Alignas(64) struct ck_ring rsp_ring;
static _Alignas(64) ck_ring_buffer_t req_buf[CK_SIZE];
static _Alignas(64) ck_ring_buffer_t rsp_buf[CK_SIZE];
static _Alignas(64) struct tring_sqe req_store[CK_SIZE];
static _Alignas(64) struct tring_cqe rsp_store[CK_SIZE];

/*
 * The same work per request as libring's: the server copies the 64-byte
 * entry out of shared memory, writes a 32-byte completion and passes a
 * pointer to it back; the client reads user_data and result from it.
 * libring does more on top (checks every field, dispatches on the
 * opcode, handles links, drain and overflow); the anchor does not.
 */
static void
ck_serve_one(void *p)
{
	struct tring_sqe copy;
	struct tring_cqe *c;
	unsigned spins = 0;

	memcpy(&copy, p, sizeof(copy));
	/* In flight stays below CK_SIZE, so the slot is free again. */
	c = &rsp_store[copy.user_data % CK_SIZE];
	c->user_data = copy.user_data;
	c->result = 0;
	c->flags = 0;
	c->resv0 = 0;
	c->resv1 = 0;
	while (!ck_ring_enqueue_spsc(&rsp_ring, rsp_buf, c))
		idle(&spins);
}

static void *
ck_server(void *arg)
{
	void *p;
	unsigned spins = 0;

	(void)arg;
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		if (ck_ring_dequeue_spsc(&req_ring, req_buf, &p))
			ck_serve_one(p);
		else
			idle(&spins);
	}
	return NULL;
}

static void
ck_up(void)
{
	ck_ring_init(&req_ring, CK_SIZE);
	ck_ring_init(&rsp_ring, CK_SIZE);
}

static uint32_t
ck_submit(uint32_t batch, uint32_t sent, uint32_t got)
{
	struct tring_sqe *e;
	uint32_t i;

	/* ck_ring holds size - 1 entries; keep the same bound as libring. */
	if (CK_SIZE - 1 - (sent - got) < batch)
		return 0;
	for (i = 0; i < batch; i++) {
		e = &req_store[(sent + i) % CK_SIZE];
		/* Filled by the anchor itself: independent of libring. */
		memset(e, 0, sizeof(*e));
		e->user_data = sent + i;
		if (!ck_ring_enqueue_spsc(&req_ring, req_buf, e))
			return i;
	}
	return batch;
}

static uint32_t
ck_reap(uint32_t got)
{
	void *p;
	uint32_t n = 0;

	while (n < 32 && ck_ring_dequeue_spsc(&rsp_ring, rsp_buf, &p)) {
		const struct tring_cqe *c = p;

		if (c->user_data != got + n || c->result != 0)
			abort();
		n++;
	}
	return n;
}

static double
ck_threads(uint32_t batch)
{
	pthread_t t;
	uint32_t sent = 0, got = 0, n;
	unsigned spins = 0;
	double t0, t1;

	ck_up();
	atomic_store(&stop, false);
	spawn(&t, ck_server);
	t0 = now_ns();
	while (got < total) {
		if (sent < total)
			sent += ck_submit(batch, sent, got);
		n = ck_reap(got);
		got += n;
		if (n == 0)
			idle(&spins);
	}
	t1 = now_ns();
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	return (t1 - t0) / total;
}

static double
ck_single(uint32_t batch)
{
	uint32_t sent = 0, got = 0;
	void *p;
	double t0, t1;

	ck_up();
	t0 = cpu_ns();
	while (got < total) {
		sent += ck_submit(batch, sent, got);
		while (ck_ring_dequeue_spsc(&req_ring, req_buf, &p))
			ck_serve_one(p);
		got += ck_reap(got);
	}
	t1 = cpu_ns();
	return (t1 - t0) / total;
}

/* ck_ring's typed SPSC ring carries the same 16-byte messages. */
CK_RING_PROTOTYPE(msg16, msg16)

static _Alignas(64) struct ck_ring msg_ring;
static _Alignas(64) struct msg16 msg_buf[CK_SIZE];

static void *
ck_msg_producer(void *arg)
{
	struct msg16 m;
	uint32_t i;
	unsigned spins = 0;

	(void)arg;
	for (i = 0; i < total; i++) {
		m.seq = i;
		m.check = ~(uint64_t)i;
		while (!ck_ring_enqueue_spsc_msg16(&msg_ring, msg_buf, &m))
			idle(&spins);
	}
	return NULL;
}

static double
ck_msg_threads(void)
{
	pthread_t t;
	struct msg16 m;
	uint32_t i;
	unsigned spins = 0;
	double t0, t1;

	ck_ring_init(&msg_ring, CK_SIZE);
	t0 = now_ns();
	spawn(&t, ck_msg_producer);
	for (i = 0; i < total; i++) {
		while (!ck_ring_dequeue_spsc_msg16(&msg_ring, msg_buf, &m))
			idle(&spins);
		if (m.seq != i)
			abort();
	}
	t1 = now_ns();
	pthread_join(t, NULL);
	return (t1 - t0) / total;
}
#endif

/*
 * Run @ring and @anchor @reps times each, alternating, so both see the same
 * machine; store the medians (ns/op).  @anchor may be NULL.
 */
static void
measure(double (*ring)(uint32_t), double (*anchor)(uint32_t), uint32_t arg,
	double out[4])
{
	double v[16], w[16];
	int i;

	for (i = 0; i < reps; i++) {
		v[i] = ring(arg);
		w[i] = anchor != NULL ? anchor(arg) : 0.0;
	}
	out[0] = median(v, reps); /* sorts v */
	out[1] = median(w, reps);
	out[2] = v[0];
	out[3] = w[0];
}

#ifdef HAVE_CK
static double
ck_msg_wrap(uint32_t unused)
{
	(void)unused;
	return ck_msg_threads();
}
#endif

static void
report(const char *what, uint32_t batch, double (*ring)(uint32_t),
       double (*anchor)(uint32_t))
{
	double m[4];

	measure(ring, anchor, batch, m);
	if (anchor != NULL)
		printf("%-32s batch %2u: median tring %7.1f ck_ring %7.1f "
		       "ns/op, ratio ck/tring %5.2f; best %6.1f %6.1f, "
		       "ratio %5.2f\n",
		       what, batch, m[0], m[1], m[1] / m[0], m[2], m[3],
		       m[3] / m[2]);
	else
		printf("%-32s batch %2u: median tring %7.1f ns/op, best %6.1f "
		       "(no anchor)\n",
		       what, batch, m[0], m[2]);
}

int
main(int argc, char **argv)
{
	static const uint32_t batches[] = {1, 8, 32};
	double (*anchor_threads)(uint32_t) = NULL;
	double (*anchor_single)(uint32_t) = NULL;
	double (*anchor_msg)(uint32_t) = NULL;
	uint32_t threads_total, single_total;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* --no-pin first: leave thread placement to the scheduler. */
	if (argc > 1 && strcmp(argv[1], "--no-pin") == 0) {
		argc--;
		argv++;
	} else {
		pin_setup();
	}
	if (argc > 1 && strcmp(argv[1], "--smoke") == 0) {
		total = 2000;
		reps = 1;
	}
	/* --count ring|ck BATCH: one one-thread run, for callgrind. */
	if (argc > 3 && strcmp(argv[1], "--count") == 0) {
		uint32_t b = (uint32_t)atoi(argv[3]);

		if (strcmp(argv[2], "ring0") == 0)
			ring_flags = 0;
		if (strncmp(argv[2], "ring", 4) == 0)
			printf("%.1f\n", ring_single(b));
#ifdef HAVE_CK
		else
			printf("%.1f\n", ck_single(b));
#endif
		return 0;
	}
#ifdef HAVE_CK
	anchor_threads = ck_threads;
	anchor_single = ck_single;
	anchor_msg = ck_msg_wrap;
#endif
	/* Fewer operations for the two-thread runs: on a loaded machine
	 * they mostly wait for a core. */
	threads_total = total < 20000 ? total : 20000;
	printf("libring benchmark: median of %d runs; ratio ck/tring >= 1 "
	       "means libring is at least as fast\n",
	       reps);
	printf("(instructions per operation: bench/callgrind.sh BUILD_DIR)\n");
	if (cpu_main >= 0)
		printf("two-thread runs pinned: main thread on CPU %d, the "
		       "other on CPU %d\n",
		       cpu_main, cpu_other);
	else
		printf("two-thread runs not pinned\n");
	single_total = total;
	total = threads_total;
	/* --spsc: the message figures only. */
	if (argc > 1 && strcmp(argv[1], "--spsc") == 0) {
		report("SPSC messages typed, 2 threads", 1, spsc_typed_wrap,
		       anchor_msg);
		report("SPSC messages, 2 threads", 1, spsc_wrap, anchor_msg);
		return 0;
	}
	for (i = 0; i < 3; i++)
		report("submit-to-completion, 2 threads", batches[i],
		       ring_threads, anchor_threads);
	for (i = 0; i < 3; i++)
		report("  default mode, 2 threads", batches[i],
		       ring_threads_array, NULL);
	report("SPSC messages typed, 2 threads", 1, spsc_typed_wrap,
	       anchor_msg);
	report("SPSC messages, 2 threads", 1, spsc_wrap, anchor_msg);
	total = single_total;
	for (i = 0; i < 3; i++)
		report("submit-to-completion, 1 thread", batches[i],
		       ring_single, anchor_single);
	for (i = 0; i < 3; i++)
		report("  default mode, 1 thread", batches[i],
		       ring_single_array, NULL);
	return 0;
}
