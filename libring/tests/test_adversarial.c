/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Adversarial tests: the other side of each ring writes random heads,
 * tails, indices, entries and sequence words.  The engines are the fuzz
 * targets' (fuzz/fuzz_ring.c, fuzz/fuzz_chan.c), run here on seeded
 * pseudo-random inputs so every build runs them; one more test lets a
 * thread scribble over the submission ring while the consumer runs.
 */
#include "fixture.h"
#include <pthread.h>
#include <stdatomic.h>

#define LLVMFuzzerTestOneInput fuzz_ring_one
#include "../fuzz/fuzz_ring.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_chan_one
#include "../fuzz/fuzz_chan.c"
#undef LLVMFuzzerTestOneInput

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint32_t n_inputs = 3000;
static uint32_t max_rounds = 5000000;

static uint64_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
run_random(int (*one)(const uint8_t *, size_t), uint32_t inputs)
{
	uint8_t buf[2048];
	uint32_t i;
	size_t j, n;

	for (i = 0; i < inputs; i++) {
		n = (size_t)(next_rand() % sizeof(buf));
		for (j = 0; j < n; j++)
			buf[j] = (uint8_t)next_rand();
		assert_int_equal(one(buf, n), 0);
	}
}

static void
test_tring_process__random_other_side(void **state)
{
	(void)state;
	run_random(fuzz_ring_one, n_inputs);
}

static void
test_tring_spsc__random_other_side(void **state)
{
	(void)state;
	run_random(fuzz_chan_one, n_inputs);
}

/* --- a submitter that rewrites shared memory while we consume ------- */

static struct fixture A;
static uint32_t mode; /* tring_params::flags of the scribbler's ring */
static atomic_bool done;
static uint32_t checked;

static int64_t
strict_op(void *arg, const struct tring_sqe *sqe, uint32_t req)
{
	struct tring_sqe again;
	int j;

	(void)arg;
	(void)req;
	memcpy(&again, sqe, sizeof(again));
	/* The operation sees the checked private copy, stable and valid. */
	if ((again.flags & ~TRING_SQE_VALID_FLAGS) != 0 || again.resv0 != 0 ||
	    again.op_flags != 0)
		abort();
	for (j = 0; j < 200; j++)
		if (memcmp(&again, (const void *)sqe, sizeof(again)) != 0)
			abort();
	checked++;
	return 0;
}

static const struct tring_op strict_ops[] = {{NULL, 0}, {strict_op, 0}};

static void *
scribbler(void *arg)
{
	uint64_t x = 88172645463325252u;
	uint8_t *sqes = A.region + TRING_SQES_OFFSET(8);
	struct tring_shared *sh = (void *)A.region;
	uint32_t *array = (uint32_t *)(void *)(A.region + TRING_ARRAY_OFFSET);
	uint8_t *e;
	uint32_t i;

	(void)arg;
	while (!atomic_load(&done)) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		e = sqes + (x >> 40) % 8 * 64;
		if ((x & 1) != 0) {
			/* Make the entry valid, one byte at a time. */
			for (i = 0; i < 8; i++)
				__atomic_store_n(&e[i], 0, __ATOMIC_RELAXED);
			for (i = 48; i < 64; i++)
				__atomic_store_n(&e[i], 0, __ATOMIC_RELAXED);
			__atomic_store_n(&e[1], (uint8_t)(x >> 8) & 7,
					 __ATOMIC_RELAXED);
			__atomic_store_n(&e[0], 1, __ATOMIC_RELAXED);
		} else {
			/* Break one checked byte. */
			i = (uint32_t)(x >> 24) % 24;
			__atomic_store_n(&e[i < 8 ? i : i + 40],
					 (uint8_t)(x >> 32) | 1,
					 __ATOMIC_RELAXED);
		}
		__atomic_store_n(&array[(x >> 20) % 8],
				 (uint32_t)(x >> 48) % 10, __ATOMIC_RELAXED);
		/* Without the array the consumer reads neither the array
		 * nor the header's mode word: rewrite both anyway. */
		if (mode != 0)
			__atomic_store_n(&sh->sq.setup_flags, (uint32_t)x,
					 __ATOMIC_RELAXED);
		__atomic_store_n(&sh->sq.tail, (uint32_t)(x >> 8),
				 __ATOMIC_RELEASE);
		__atomic_store_n(&sh->cq.head, (uint32_t)(x >> 16),
				 __ATOMIC_RELEASE);
	}
	return NULL;
}

static void
scribbled(uint32_t flags)
{
	pthread_t t;
	uint32_t i;
	int n;

	mode = flags;
	checked = 0;
	fixture_params(&A, 8, 16, 0);
	A.p.flags = flags;
	A.p.ops = strict_ops;
	A.p.nops = 2;
	fixture_up(&A);
	atomic_store(&done, false);
	assert_int_equal(pthread_create(&t, NULL, scribbler, NULL), 0);
	/* Run until enough entries went through (the thread may start late). */
	for (i = 0; checked < 2000 && i < max_rounds; i++) {
		n = tring_process(&A.k, 8);
		assert_true(n >= 0 || n == -TRING_EBUSY);
		(void)tring_cq_flush(&A.k);
		/* Keep the overflow store from filling for good. */
		A.k.ovf_count = 0;
		A.k.ovf_head = 0;
	}
	atomic_store(&done, true);
	assert_int_equal(pthread_join(t, NULL), 0);
	print_message(
		"scribbler: %u operations saw valid copies in %u rounds\n",
		checked, i);
	assert_true(checked > 0);
	if (flags != 0)
		assert_int_equal(A.k.dropped, 0);
}

static void
test_tring_process__concurrent_scribbler(void **state)
{
	(void)state;
	scribbled(0);
}

static void
test_tring_process__concurrent_scribbler_no_sqarray(void **state)
{
	(void)state;
	scribbled(TRING_SETUP_NO_SQARRAY);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tring_process__random_other_side),
		cmocka_unit_test(test_tring_spsc__random_other_side),
		cmocka_unit_test(test_tring_process__concurrent_scribbler),
		cmocka_unit_test(
			test_tring_process__concurrent_scribbler_no_sqarray),
	};
	/* Under qemu-aarch64: fewer inputs and rounds. */
	if (argc > 1 && strcmp(argv[1], "--quick") == 0) {
		n_inputs = 1000;
		max_rounds = 1000000;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
