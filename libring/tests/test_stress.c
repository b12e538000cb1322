/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Thread stress tests: the two sides of each ring run on different
 * threads, with counters that start just below 2^32 so they wrap during
 * the run.  Every message carries its sequence number twice (once
 * inverted), so a lost, duplicated, reordered or torn entry fails a check.
 * Run with --quick under qemu-aarch64 (fewer rounds).
 */
#include "fixture.h"
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>

#define START (UINT32_MAX - 1000u)
#define MAGIC 0x5a5a5a5a00000000u

static uint32_t rounds = 200000;

/* --- submission/completion rings ------------------------------------- */

static struct fixture F;
static atomic_bool stop;

static void *
kernel_thread(void *arg)
{
	int n;

	(void)arg;
	while (!atomic_load(&stop)) {
		n = tring_process(&F.k, 16);
		assert_true(n >= 0 || n == -TRING_EBUSY);
		if (n <= 0)
			sched_yield();
	}
	return NULL;
}

/* Round trips in the mode @flags (tring_params::flags). */
static void
round_trip(uint32_t flags)
{
	const uint32_t *array =
		(const uint32_t *)(const void *)(F.region + TRING_ARRAY_OFFSET);
	const struct tring_cqe *cqe[16];
	struct tring_sqe *sqe;
	pthread_t kt;
	uint32_t sent = 0, got = 0, i, n;

	fixture_params(&F, 32, 64, START);
	F.p.overflow_entries = 0;
	F.p.flags = flags;
	fixture_up(&F);
	atomic_store(&stop, false);
	assert_int_equal(pthread_create(&kt, NULL, kernel_thread, NULL), 0);
	while (got < rounds) {
		/* Keep at most a CQ's worth in flight: nothing overflows. */
		for (i = 0; i < 8 && sent < rounds && sent - got < 64; i++) {
			sqe = tring_get_sqe(&F.q);
			if (sqe == NULL)
				break;
			tring_prep_nop(sqe);
			sqe->op_flags = TRING_NOP_INJECT_RESULT;
			sqe->len = MAGIC | sent;
			tring_sqe_set_data(sqe, ~(uint64_t)sent);
			sent++;
		}
		(void)tring_submit(&F.q);
		n = tring_peek_batch_cqe(&F.q, cqe, 16);
		for (i = 0; i < n; i++, got++) {
			assert_int_equal(cqe[i]->user_data, ~(uint64_t)got);
			assert_int_equal(cqe[i]->result,
					 (int64_t)(MAGIC | got));
		}
		tring_cq_advance(&F.q, n);
		if (n == 0)
			sched_yield();
	}
	atomic_store(&stop, true);
	assert_int_equal(pthread_join(kt, NULL), 0);
	assert_int_equal(fixture_sh(&F)->sq.dropped, 0);
	assert_int_equal(fixture_sh(&F)->cq.overflow, 0);
	assert_int_equal(fixture_sh(&F)->cq.tail, START + rounds);
	/* Without the array nobody wrote it: still as setup zeroed it. */
	for (i = 0; flags != 0 && i < 32; i++)
		assert_int_equal(array[i], 0);
}

static void
test_tring_process__threads_round_trip(void **state)
{
	(void)state;
	round_trip(0);
}

static void
test_tring_process__threads_round_trip_no_sqarray(void **state)
{
	(void)state;
	round_trip(TRING_SETUP_NO_SQARRAY);
}

/* --- wake-up handshake of a polling consumer ------------------------- */

static sem_t wake_sem;
static atomic_uint sleeps;

/* The submitter's wake function: a semaphore post. */
static int
wake_poller(void *ctx, uint32_t to_submit, uint32_t min_complete)
{
	(void)to_submit;
	(void)min_complete;
	return sem_post(ctx) == 0 ? 0 : -TRING_EFAULT;
}

/* A polling consumer that sleeps on the semaphore when idle. */
static void *
poller_thread(void *arg)
{
	int n;

	(void)arg;
	while (!atomic_load(&stop)) {
		n = tring_process(&F.k, 16);
		assert_true(n >= 0);
		if (n > 0 || tring_sq_idle(&F.k) != 0)
			continue;
		atomic_fetch_add(&sleeps, 1);
		while (sem_wait(&wake_sem) != 0)
			;
	}
	return NULL;
}

/*
 * The consumer sleeps whenever the SQ is empty; the submitter publishes
 * bursts with tring_submit_wake().  A lost wake-up leaves the submitter
 * without completions: it gives up after many empty looks and fails.
 */
static void
test_tring_sq_idle__threads_no_lost_wakeup(void **state)
{
	const struct tring_cqe *cqe[16];
	struct tring_sqe *sqe;
	pthread_t kt;
	uint32_t sent = 0, got = 0, i, n, empty = 0;
	uint32_t total = rounds / 4;

	(void)state;
	fixture_params(&F, 32, 64, START);
	F.p.overflow_entries = 0;
	fixture_up(&F);
	assert_int_equal(sem_init(&wake_sem, 0, 0), 0);
	atomic_store(&stop, false);
	atomic_store(&sleeps, 0);
	assert_int_equal(pthread_create(&kt, NULL, poller_thread, NULL), 0);
	while (got < total) {
		for (i = 0; i < 4 && sent < total && sent - got < 64; i++) {
			sqe = tring_get_sqe(&F.q);
			if (sqe == NULL)
				break;
			tring_prep_nop(sqe);
			sqe->op_flags = TRING_NOP_INJECT_RESULT;
			sqe->len = MAGIC | sent;
			tring_sqe_set_data(sqe, ~(uint64_t)sent);
			sent++;
		}
		/* Only new entries call: a lost wake-up is not made good. */
		if (i != 0)
			assert_true(tring_submit_wake(&F.q, wake_poller,
						      &wake_sem) > 0);
		n = tring_peek_batch_cqe(&F.q, cqe, 16);
		for (i = 0; i < n; i++, got++) {
			assert_int_equal(cqe[i]->user_data, ~(uint64_t)got);
			assert_int_equal(cqe[i]->result,
					 (int64_t)(MAGIC | got));
		}
		tring_cq_advance(&F.q, n);
		if (n != 0) {
			empty = 0;
			continue;
		}
		/* Seconds of nothing: the consumer slept through entries. */
		assert_true(++empty < 2000000u);
		sched_yield();
	}
	atomic_store(&stop, true);
	assert_int_equal(sem_post(&wake_sem), 0);
	assert_int_equal(pthread_join(kt, NULL), 0);
	assert_int_equal(fixture_sh(&F)->cq.tail, START + total);
	print_message("poller: %u sleeps in %u requests\n",
		      atomic_load(&sleeps), total);
	assert_int_equal(sem_destroy(&wake_sem), 0);
}

/* --- message rings ----------------------------------------------------- */

struct msg {
	uint32_t seq;
	uint32_t producer;
	uint64_t check;
};

static struct tring_chan chan;
static _Alignas(8) uint8_t slots[TRING_MPSC_STORAGE(64, sizeof(struct msg))];
static struct tring_spsc sp_prod, sp_cons;
static struct tring_mpsc mp;

static uint64_t
check_of(uint32_t seq, uint32_t producer)
{
	return ~(((uint64_t)producer << 32) | seq);
}

static void *
spsc_producer(void *arg)
{
	struct msg m;
	void *slot;
	uint32_t i;

	(void)arg;
	for (i = 0; i < rounds; i++) {
		m.seq = i;
		m.producer = 0;
		m.check = check_of(i, 0);
		if (i % 2 == 0) {
			while (tring_spsc_enqueue(&sp_prod, &m) ==
			       -TRING_EAGAIN)
				sched_yield();
		} else {
			while (tring_spsc_reserve(&sp_prod, &slot) ==
			       -TRING_EAGAIN)
				sched_yield();
			memcpy(slot, &m, sizeof(m));
			assert_int_equal(tring_spsc_commit(&sp_prod), 0);
		}
	}
	return NULL;
}

static void
test_tring_spsc__threads_fifo(void **state)
{
	pthread_t pt;
	struct msg m;
	const void *in;
	uint32_t i;
	int err;

	(void)state;
	assert_int_equal(tring_chan_init(&chan, START), 0);
	assert_int_equal(tring_spsc_attach(&sp_prod, &chan, slots, 64,
					   sizeof(struct msg)),
			 0);
	assert_int_equal(tring_spsc_attach(&sp_cons, &chan, slots, 64,
					   sizeof(struct msg)),
			 0);
	assert_int_equal(pthread_create(&pt, NULL, spsc_producer, NULL), 0);
	for (i = 0; i < rounds; i++) {
		if (i % 2 == 0) {
			while ((err = tring_spsc_dequeue(&sp_cons, &m)) ==
			       -TRING_EAGAIN)
				sched_yield();
			assert_int_equal(err, 0);
		} else {
			while ((err = tring_spsc_peek(&sp_cons, &in)) ==
			       -TRING_EAGAIN)
				sched_yield();
			assert_int_equal(err, 0);
			memcpy(&m, in, sizeof(m));
			assert_int_equal(tring_spsc_release(&sp_cons), 0);
		}
		assert_int_equal(m.seq, i);
		assert_int_equal(m.check, check_of(i, 0));
	}
	assert_int_equal(pthread_join(pt, NULL), 0);
	assert_int_equal(tring_spsc_dequeue(&sp_cons, &m), -TRING_EAGAIN);
}

#define PRODUCERS 3

static void *
mpsc_producer(void *arg)
{
	uint32_t id = (uint32_t)(uintptr_t)arg;
	uint32_t i, n = rounds / PRODUCERS;
	struct msg m;

	for (i = 0; i < n; i++) {
		m.seq = i;
		m.producer = id;
		m.check = check_of(i, id);
		while (tring_mpsc_enqueue(&mp, &m) == -TRING_EAGAIN)
			sched_yield();
	}
	return NULL;
}

static void
test_tring_mpsc__threads_per_producer_fifo(void **state)
{
	pthread_t pt[PRODUCERS];
	struct tring_mpsc mc;
	uint32_t next[PRODUCERS] = {0};
	uint32_t i, total = (rounds / PRODUCERS) * PRODUCERS;
	struct msg m;
	int err;

	(void)state;
	assert_int_equal(
		tring_mpsc_init(&chan, slots, 64, sizeof(struct msg), START),
		0);
	assert_int_equal(
		tring_mpsc_attach(&mp, &chan, slots, 64, sizeof(struct msg)),
		0);
	assert_int_equal(
		tring_mpsc_attach(&mc, &chan, slots, 64, sizeof(struct msg)),
		0);
	for (i = 0; i < PRODUCERS; i++)
		assert_int_equal(pthread_create(&pt[i], NULL, mpsc_producer,
						(void *)(uintptr_t)i),
				 0);
	for (i = 0; i < total; i++) {
		while ((err = tring_mpsc_dequeue(&mc, &m)) == -TRING_EAGAIN)
			sched_yield();
		assert_int_equal(err, 0);
		assert_true(m.producer < PRODUCERS);
		assert_int_equal(m.check, check_of(m.seq, m.producer));
		assert_int_equal(m.seq, next[m.producer]);
		next[m.producer]++;
	}
	for (i = 0; i < PRODUCERS; i++) {
		assert_int_equal(pthread_join(pt[i], NULL), 0);
		assert_int_equal(next[i], rounds / PRODUCERS);
	}
	assert_int_equal(tring_mpsc_dequeue(&mc, &m), -TRING_EAGAIN);
	assert_int_equal(chan.tail, START + total);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tring_process__threads_round_trip),
		cmocka_unit_test(
			test_tring_process__threads_round_trip_no_sqarray),
		cmocka_unit_test(test_tring_sq_idle__threads_no_lost_wakeup),
		cmocka_unit_test(test_tring_spsc__threads_fifo),
		cmocka_unit_test(test_tring_mpsc__threads_per_producer_fifo),
	};

	if (argc > 1 && strcmp(argv[1], "--quick") == 0)
		rounds = 50000;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
