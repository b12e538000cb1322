/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests of src/submit.c: the submitting side (liburing L2-L7). */
#include "fixture.h"

static struct fixture F;

/* tring_params::flags of every ring: each test runs once in the default
 * mode and once with TRING_SETUP_NO_SQARRAY. */
static uint32_t mode;

static int
setup8(void **state)
{
	(void)state;
	fixture_params(&F, 8, 0, 0);
	F.p.flags = mode;
	fixture_up(&F);
	return 0;
}

/* Submit @n NOPs with user_data base + i. */
static void
submit_nops(uint32_t n, uint64_t base)
{
	struct tring_sqe *sqe;
	uint32_t i;

	for (i = 0; i < n; i++) {
		sqe = tring_get_sqe(&F.q);
		assert_non_null(sqe);
		tring_prep_nop(sqe);
		tring_sqe_set_data(sqe, base + i);
	}
	assert_int_equal(tring_submit(&F.q), (int)n);
}

static void
test_tring_get_sqe__full_after_entries(void **state)
{
	uint32_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_non_null(tring_get_sqe(&F.q));
	assert_null(tring_get_sqe(&F.q));
	assert_int_equal(tring_sq_ready(&F.q), 8);
	assert_int_equal(tring_sq_space_left(&F.q), 0);
	assert_null(tring_get_sqe(NULL));
}

static void
test_tring_get_sqe__keeps_user_data(void **state)
{
	struct tring_sqe *sqe;
	struct tring_sqe *again;

	(void)state;
	sqe = tring_get_sqe(&F.q);
	sqe->user_data = 0xfeed;
	assert_int_equal(tring_submit(&F.q), 1);
	assert_int_equal(tring_process(&F.k, 8), 1);
	/* Seven more bring us back to the same slot. */
	submit_nops(7, 0);
	assert_int_equal(tring_process(&F.k, 8), 7);
	again = tring_get_sqe(&F.q);
	assert_ptr_equal(again, sqe);
	assert_int_equal(again->user_data, 0xfeed);
}

static void
test_tring_get_sqe__impossible_head(void **state)
{
	uint32_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_non_null(tring_get_sqe(&F.q));
	/* A head beyond our tail would mean "more than full". */
	fixture_sh(&F)->sq.head = 9;
	assert_null(tring_get_sqe(&F.q));
	assert_int_equal(tring_sq_ready(&F.q), 0);
	assert_int_equal(tring_sq_space_left(&F.q), 0);
	/* Attaching to such a ring: full until the head makes sense. */
	fixture_sh(&F)->sq.head = 100;
	assert_int_equal(tring_queue_init(&F.q, F.region, sizeof(F.region)), 0);
	assert_null(tring_get_sqe(&F.q));
}

static void
test_tring_prep_rw__fills_and_clears(void **state)
{
	struct tring_sqe sqe;

	(void)state;
	memset(&sqe, 0xff, sizeof(sqe));
	tring_prep_rw(&sqe, 5, 6, 7, 8, 9);
	assert_int_equal(sqe.opcode, 5);
	assert_int_equal(sqe.handle, 6);
	assert_int_equal(sqe.addr, 7);
	assert_int_equal(sqe.len, 8);
	assert_int_equal(sqe.offset, 9);
	assert_int_equal(sqe.flags, 0);
	assert_int_equal(sqe.op_flags, 0);
	assert_int_equal(sqe.user_data, 0);
	assert_int_equal(sqe.resv0, 0);
	assert_int_equal(sqe.resv1[0] | sqe.resv1[1], 0);
	tring_sqe_set_flags(&sqe, TRING_SQE_LINK);
	tring_sqe_set_data(&sqe, 42);
	assert_int_equal(sqe.flags, TRING_SQE_LINK);
	assert_int_equal(sqe.user_data, 42);
	tring_prep_nop(&sqe);
	assert_int_equal(sqe.opcode, TRING_OP_NOP);
	assert_int_equal(sqe.flags, 0);
	assert_int_equal(sqe.len, 0);
}

static void
test_tring_submit__publishes_tail_and_array(void **state)
{
	struct tring_shared *sh = fixture_sh(&F);
	const uint32_t *array =
		(const uint32_t *)(const void *)(F.region + TRING_ARRAY_OFFSET);

	(void)state;
	assert_int_equal(tring_submit(&F.q), 0);
	submit_nops(3, 0);
	assert_int_equal(sh->sq.tail, 3);
	/* Written once at init in the default mode, never without it. */
	assert_int_equal(array[0], 0);
	assert_int_equal(array[2], mode != 0 ? 0 : 2);
	assert_int_equal(tring_sq_ready(&F.q), 3);
	assert_int_equal(tring_sq_space_left(&F.q), 5);
	assert_int_equal(tring_submit(NULL), -TRING_EFAULT);
	assert_int_equal(tring_sq_ready(NULL), 0);
	assert_int_equal(tring_sq_space_left(NULL), 0);
}

static void
test_tring_peek_cqe__ready_and_empty(void **state)
{
	const struct tring_cqe *cqe = NULL;

	(void)state;
	assert_int_equal(tring_peek_cqe(&F.q, &cqe), -TRING_EAGAIN);
	submit_nops(2, 100);
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(tring_cq_ready(&F.q), 2);
	assert_int_equal(tring_peek_cqe(&F.q, &cqe), 0);
	assert_int_equal(cqe->user_data, 100);
	assert_int_equal(cqe->result, 0);
	tring_cqe_seen(&F.q, cqe);
	assert_int_equal(fixture_sh(&F)->cq.head, 1);
	assert_int_equal(tring_peek_cqe(&F.q, &cqe), 0);
	assert_int_equal(cqe->user_data, 101);
	tring_cqe_seen(&F.q, cqe);
	assert_int_equal(tring_peek_cqe(&F.q, &cqe), -TRING_EAGAIN);
}

static void
test_tring_peek_cqe__bad_arguments_and_tail(void **state)
{
	const struct tring_cqe *cqe;

	(void)state;
	assert_int_equal(tring_peek_cqe(NULL, &cqe), -TRING_EFAULT);
	assert_int_equal(tring_peek_cqe(&F.q, NULL), -TRING_EFAULT);
	fixture_sh(&F)->cq.tail = 17; /* CQ has 16 entries */
	assert_int_equal(tring_peek_cqe(&F.q, &cqe), -TRING_EFAULT);
	assert_int_equal(tring_cq_ready(&F.q), 0);
	assert_int_equal(tring_cq_ready(NULL), 0);
	assert_int_equal(tring_peek_batch_cqe(&F.q, &cqe, 1), 0);
}

static uint32_t enter_calls;
static uint32_t enter_submit;
static uint32_t enter_min;
static int enter_ret;

/* Stands in for the kernel entry: runs the consumer, or fails. */
static int
fake_enter(void *ctx, uint32_t to_submit, uint32_t min_complete)
{
	enter_calls++;
	enter_submit = to_submit;
	enter_min = min_complete;
	if (ctx != NULL)
		(void)tring_process(ctx, 64);
	return enter_ret;
}

static void
test_tring_wait_cqe__enters_when_empty(void **state)
{
	const struct tring_cqe *cqe;

	(void)state;
	enter_calls = 0;
	enter_ret = 0;
	submit_nops(1, 9);
	assert_int_equal(tring_wait_cqe(&F.q, &cqe, fake_enter, &F.k), 0);
	assert_int_equal(enter_calls, 1);
	assert_int_equal(enter_submit, 0);
	assert_int_equal(enter_min, 1);
	assert_int_equal(cqe->user_data, 9);
	/* Ready: no entry into the kernel. */
	assert_int_equal(tring_wait_cqe(&F.q, &cqe, fake_enter, &F.k), 0);
	assert_int_equal(enter_calls, 1);
	tring_cqe_seen(&F.q, cqe);
	/* Nothing arrives: EAGAIN after one entry. */
	assert_int_equal(tring_wait_cqe(&F.q, &cqe, fake_enter, NULL),
			 -TRING_EAGAIN);
	assert_int_equal(enter_calls, 2);
	assert_int_equal(tring_wait_cqe(&F.q, &cqe, NULL, NULL), -TRING_EAGAIN);
	enter_ret = -TRING_EBUSY;
	assert_int_equal(tring_wait_cqe(&F.q, &cqe, fake_enter, NULL),
			 -TRING_EBUSY);
	assert_int_equal(tring_wait_cqe(NULL, &cqe, fake_enter, NULL),
			 -TRING_EFAULT);
}

static void
test_tring_submit_and_wait__passes_counts(void **state)
{
	const struct tring_cqe *cqe[4];
	struct tring_sqe *sqe;

	(void)state;
	enter_calls = 0;
	enter_ret = 0;
	sqe = tring_get_sqe(&F.q);
	tring_prep_nop(sqe);
	sqe = tring_get_sqe(&F.q);
	tring_prep_nop(sqe);
	assert_int_equal(tring_submit_and_wait(&F.q, 2, fake_enter, &F.k), 2);
	assert_int_equal(enter_submit, 2);
	assert_int_equal(enter_min, 2);
	assert_int_equal(tring_peek_batch_cqe(&F.q, cqe, 4), 2);
	tring_cq_advance(&F.q, 2);
	assert_int_equal(tring_submit_and_wait(&F.q, 1, NULL, NULL), 0);
	enter_ret = -TRING_EINVAL;
	assert_int_equal(tring_submit_and_wait(&F.q, 1, fake_enter, NULL),
			 -TRING_EINVAL);
	assert_int_equal(tring_submit_and_wait(NULL, 1, fake_enter, NULL),
			 -TRING_EFAULT);
}

static void
test_tring_peek_batch_cqe__limits_count(void **state)
{
	const struct tring_cqe *cqe[8];
	uint32_t i;

	(void)state;
	submit_nops(6, 50);
	assert_int_equal(tring_process(&F.k, 8), 6);
	assert_int_equal(tring_peek_batch_cqe(&F.q, cqe, 4), 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(cqe[i]->user_data, 50 + i);
	tring_cq_advance(&F.q, 4);
	assert_int_equal(tring_peek_batch_cqe(&F.q, cqe, 8), 2);
	assert_int_equal(cqe[1]->user_data, 55);
	tring_cq_advance(&F.q, 2);
	assert_int_equal(tring_peek_batch_cqe(&F.q, cqe, 8), 0);
	assert_int_equal(tring_peek_batch_cqe(NULL, cqe, 8), 0);
	assert_int_equal(tring_peek_batch_cqe(&F.q, NULL, 8), 0);
}

static void
test_tring_cq_has_overflow__follows_flag(void **state)
{
	(void)state;
	assert_false(tring_cq_has_overflow(&F.q));
	fixture_sh(&F)->sq.flags = TRING_SQ_CQ_OVERFLOW;
	assert_true(tring_cq_has_overflow(&F.q));
	assert_false(tring_cq_has_overflow(NULL));
}

static void
test_tring_get_sqe__full_across_wrap(void **state)
{
	uint32_t i, round;

	(void)state;
	/* Counters start 3 below 2^32: the SQ fills and drains across it. */
	fixture_params(&F, 8, 0, UINT32_MAX - 3);
	F.p.flags = mode;
	fixture_up(&F);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 8; i++)
			assert_non_null(tring_get_sqe(&F.q));
		assert_null(tring_get_sqe(&F.q));
		assert_int_equal(tring_sq_space_left(&F.q), 0);
		assert_int_equal(tring_submit(&F.q), 8);
		assert_int_equal(tring_process(&F.k, 8), 8);
		assert_int_equal(tring_sq_space_left(&F.q), 8);
		assert_int_equal(tring_cq_ready(&F.q), 8);
		tring_cq_advance(&F.q, 8);
	}
	assert_int_equal(fixture_sh(&F)->sq.head, UINT32_MAX - 3 + 24);
}

static void
test_tring_cq_advance__null_queue(void **state)
{
	(void)state;
	/* Neither may touch memory through NULL. */
	tring_cq_advance(NULL, 1);
	tring_cqe_seen(NULL, NULL);
	assert_int_equal(fixture_sh(&F)->cq.head, 0);
}

static void
test_tring_cq_advance__zero_leaves_head(void **state)
{
	(void)state;
	/* Nothing consumed: the shared head is not written at all. */
	fixture_sh(&F)->cq.head = 12345;
	tring_cq_advance(&F.q, 0);
	assert_int_equal(fixture_sh(&F)->cq.head, 12345);
}

static void
test_tring_submit__nothing_new_leaves_tail(void **state)
{
	(void)state;
	fixture_sh(&F)->sq.tail = 54321;
	assert_int_equal(tring_submit(&F.q), 0);
	assert_int_equal(fixture_sh(&F)->sq.tail, 54321);
}

static void
test_tring_peek_cqe__kept_tail_then_impossible(void **state)
{
	const struct tring_cqe *cqe[4];
	struct tring_shared *sh = fixture_sh(&F);

	(void)state;
	submit_nops(2, 70);
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(tring_peek_cqe(&F.q, cqe), 0);
	/*
	 * The tail just read (2) is kept: moving the shared one back does
	 * not take back completions already published.
	 */
	sh->cq.tail = 0;
	tring_cqe_seen(&F.q, cqe[0]);
	assert_int_equal(tring_peek_cqe(&F.q, cqe), 0);
	assert_int_equal(cqe[0]->user_data, 71);
	tring_cqe_seen(&F.q, cqe[0]);
	/* Nothing kept: the shared tail is read and judged again. */
	sh->cq.tail = 2 + 17; /* more than the 16-entry CQ */
	assert_int_equal(tring_peek_cqe(&F.q, cqe), -TRING_EFAULT);
	assert_int_equal(tring_peek_batch_cqe(&F.q, cqe, 4), 0);
	sh->cq.tail = 2;
	assert_int_equal(tring_peek_cqe(&F.q, cqe), -TRING_EAGAIN);
	assert_int_equal(tring_peek_batch_cqe(&F.q, cqe, 0), 0);
}

static void
test_tring_submit_wake__wakes_sleeping_consumer(void **state)
{
	const struct tring_cqe *cqe[4];

	(void)state;
	enter_calls = 0;
	enter_ret = 0;
	/* Awake: no call. */
	assert_int_equal(tring_submit_wake(&F.q, fake_enter, &F.k), 0);
	tring_prep_nop(tring_get_sqe(&F.q));
	assert_int_equal(tring_submit_wake(&F.q, fake_enter, &F.k), 1);
	assert_int_equal(enter_calls, 0);
	assert_int_equal(tring_process(&F.k, 8), 1);
	/* Asleep: woken with the count just published. */
	assert_int_equal(tring_sq_idle(&F.k), 0);
	tring_prep_nop(tring_get_sqe(&F.q));
	tring_prep_nop(tring_get_sqe(&F.q));
	assert_int_equal(tring_submit_wake(&F.q, fake_enter, &F.k), 2);
	assert_int_equal(enter_calls, 1);
	assert_int_equal(enter_submit, 2);
	assert_int_equal(enter_min, 0);
	assert_int_equal(tring_peek_batch_cqe(&F.q, cqe, 4), 3);
	/* fake_enter ran the consumer, which cleared the flag. */
	assert_false(tring_sq_needs_wakeup(&F.q));
}

static void
test_tring_submit_wake__nothing_left_no_wake(void **state)
{
	(void)state;
	enter_calls = 0;
	enter_ret = 0;
	assert_int_equal(tring_sq_idle(&F.k), 0);
	/* Asleep, but nothing untaken: no call. */
	assert_int_equal(tring_submit_wake(&F.q, fake_enter, &F.k), 0);
	assert_int_equal(enter_calls, 0);
	/* No wake function: published all the same. */
	tring_prep_nop(tring_get_sqe(&F.q));
	assert_int_equal(tring_submit_wake(&F.q, NULL, NULL), 1);
	assert_int_equal(tring_sq_ready(&F.q), 1);
}

static void
test_tring_submit_wake__errors(void **state)
{
	(void)state;
	enter_calls = 0;
	enter_ret = -TRING_EAGAIN;
	assert_int_equal(tring_submit_wake(NULL, fake_enter, NULL),
			 -TRING_EFAULT);
	assert_false(tring_sq_needs_wakeup(NULL));
	assert_int_equal(tring_sq_idle(&F.k), 0);
	tring_prep_nop(tring_get_sqe(&F.q));
	assert_int_equal(tring_submit_wake(&F.q, fake_enter, NULL),
			 -TRING_EAGAIN);
	assert_int_equal(enter_calls, 1);
	/* The entry was published all the same. */
	assert_int_equal(fixture_sh(&F)->sq.tail, 1);
	enter_ret = 0;
}

static int
group_nosq(void **state)
{
	(void)state;
	mode = TRING_SETUP_NO_SQARRAY;
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_tring_get_sqe__full_after_entries,
				       setup8),
		cmocka_unit_test_setup(test_tring_get_sqe__keeps_user_data,
				       setup8),
		cmocka_unit_test_setup(test_tring_get_sqe__impossible_head,
				       setup8),
		cmocka_unit_test_setup(test_tring_prep_rw__fills_and_clears,
				       setup8),
		cmocka_unit_test_setup(
			test_tring_submit__publishes_tail_and_array, setup8),
		cmocka_unit_test_setup(test_tring_peek_cqe__ready_and_empty,
				       setup8),
		cmocka_unit_test_setup(
			test_tring_peek_cqe__bad_arguments_and_tail, setup8),
		cmocka_unit_test_setup(test_tring_wait_cqe__enters_when_empty,
				       setup8),
		cmocka_unit_test_setup(
			test_tring_submit_and_wait__passes_counts, setup8),
		cmocka_unit_test_setup(test_tring_peek_batch_cqe__limits_count,
				       setup8),
		cmocka_unit_test_setup(test_tring_cq_has_overflow__follows_flag,
				       setup8),
		cmocka_unit_test(test_tring_get_sqe__full_across_wrap),
		cmocka_unit_test_setup(test_tring_cq_advance__null_queue,
				       setup8),
		cmocka_unit_test_setup(
			test_tring_peek_cqe__kept_tail_then_impossible, setup8),
		cmocka_unit_test_setup(test_tring_cq_advance__zero_leaves_head,
				       setup8),
		cmocka_unit_test_setup(
			test_tring_submit__nothing_new_leaves_tail, setup8),
		cmocka_unit_test_setup(
			test_tring_submit_wake__wakes_sleeping_consumer,
			setup8),
		cmocka_unit_test_setup(
			test_tring_submit_wake__nothing_left_no_wake, setup8),
		cmocka_unit_test_setup(test_tring_submit_wake__errors, setup8),
	};
	int failed;

	failed = cmocka_run_group_tests_name("default_mode", tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("no_sqarray", tests, group_nosq,
					      NULL);
	return failed;
}
