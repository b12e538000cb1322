/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests of src/consume.c: the consuming side.  Named after the liburing
 * tests they follow where there is one (link.c, link_drain.c, defer.c,
 * cq-overflow.c, io_uring_enter.c).
 */
#include "fixture.h"

enum {
	OP_ECHO = 1,
	OP_ASYNC = 2,
	OP_NULL = 3,
	OP_REAP = 4,
	OP_REAP2 = 5,
	OP_MULTI = 6
};

static struct fixture F;
static uint64_t ran[64];
static uint32_t nran;
static uint32_t async_req[16];
static uint64_t async_ud[16];
static uint32_t nasync;

/* Completes with the entry's offset, so a test chooses the result. */
static int64_t
op_echo(void *arg, const struct tring_sqe *sqe, uint32_t req)
{
	(void)req;
	assert_ptr_equal(arg, &F);
	ran[nran++ % 64] = sqe->user_data;
	return (int64_t)sqe->offset;
}

static int64_t
op_async(void *arg, const struct tring_sqe *sqe, uint32_t req)
{
	(void)arg;
	ran[nran++ % 64] = sqe->user_data;
	async_req[nasync % 16] = req;
	async_ud[nasync++ % 16] = sqe->user_data;
	return TRING_RES_ASYNC;
}

static int reap_ret[4];
static uint32_t nreap;

/*
 * Completes the first asynchronous request from inside an operation (as a
 * cancel operation would), then completes itself with 22.
 */
static int64_t
op_reap(void *arg, const struct tring_sqe *sqe, uint32_t req)
{
	(void)arg;
	(void)sqe;
	(void)req;
	reap_ret[nreap++ % 4] =
		tring_complete(&F.k, async_req[0], async_ud[0], 11);
	return 22;
}

static uint64_t seen_ud[8];
static uint32_t nseen;

/*
 * Completes the two first asynchronous requests, then reads and releases
 * every completion in the CQ (as the submitter on another CPU could at
 * that moment), and goes asynchronous itself.
 */
static int64_t
op_reap2(void *arg, const struct tring_sqe *sqe, uint32_t req)
{
	const struct tring_cqe *cqe;

	(void)arg;
	(void)sqe;
	(void)req;
	reap_ret[0] = tring_complete(&F.k, async_req[0], async_ud[0], 0);
	reap_ret[1] = tring_complete(&F.k, async_req[1], async_ud[1], 0);
	while (tring_peek_cqe(&F.q, &cqe) == 0) {
		seen_ud[nseen++ % 8] = cqe->user_data;
		tring_cqe_seen(&F.q, cqe);
	}
	return TRING_RES_ASYNC;
}

static int multi_ret[2];

/*
 * A multishot operation that runs synchronously: two completions flagged
 * MORE for itself while it runs, then its last one (the returned 7).
 */
static int64_t
op_multi(void *arg, const struct tring_sqe *sqe, uint32_t req)
{
	(void)arg;
	multi_ret[0] = tring_complete_ex(&F.k, req, sqe->user_data, 5,
					 TRING_COMPLETE_MORE);
	multi_ret[1] = tring_complete_ex(&F.k, req, sqe->user_data, 6,
					 TRING_COMPLETE_MORE);
	return 7;
}

static const struct tring_op ops[] = {
	[OP_ECHO] = {op_echo, 0x3}, [OP_ASYNC] = {op_async, 0},
	[OP_NULL] = {NULL, 0},	    [OP_REAP] = {op_reap, 0},
	[OP_REAP2] = {op_reap2, 0}, [OP_MULTI] = {op_multi, 0},
};

/* tring_params::flags of every ring set up by up(): each test runs once
 * in the default mode and once with TRING_SETUP_NO_SQARRAY. */
static uint32_t mode;

static void
up(uint32_t sq, uint32_t cq, uint32_t start, uint32_t store)
{
	fixture_params(&F, sq, cq, start);
	F.p.flags = mode;
	F.p.ops = ops;
	F.p.nops = 7;
	F.p.arg = &F;
	F.p.overflow_entries = store;
	fixture_up(&F);
	nran = 0;
	nasync = 0;
	nreap = 0;
}

static int
setup_default(void **state)
{
	(void)state;
	up(8, 16, 0, 8);
	return 0;
}

static struct tring_sqe *
add(uint8_t opcode, uint8_t flags, uint64_t ud, int64_t result)
{
	struct tring_sqe *sqe = tring_get_sqe(&F.q);

	assert_non_null(sqe);
	tring_prep_rw(sqe, opcode, 0, 0, 0, (uint64_t)result);
	tring_sqe_set_flags(sqe, flags);
	tring_sqe_set_data(sqe, ud);
	return sqe;
}

/* Reap every ready completion into ud/res; return the count. */
static uint32_t
reap(uint64_t *ud, int64_t *res, uint32_t max)
{
	const struct tring_cqe *cqe;
	uint32_t n = 0;

	while (n < max && tring_peek_cqe(&F.q, &cqe) == 0) {
		ud[n] = cqe->user_data;
		res[n++] = cqe->result;
		tring_cqe_seen(&F.q, cqe);
	}
	return n;
}

static void
test_tring_process__one_completion_per_request(void **state)
{
	uint64_t ud[16];
	int64_t res[16];
	uint32_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		add(i % 2 ? OP_ECHO : TRING_OP_NOP, 0, 0xabc0000000000000u + i,
		    (int64_t)i);
	assert_int_equal(tring_submit(&F.q), 8);
	assert_int_equal(tring_process(&F.k, 100), 8);
	assert_int_equal(fixture_sh(&F)->sq.head, 8);
	assert_int_equal(reap(ud, res, 16), 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(ud[i], 0xabc0000000000000u + i);
		assert_int_equal(res[i], i % 2 ? (int64_t)i : 0);
	}
	assert_int_equal(tring_process(&F.k, 100), 0);
}

static void
test_tring_process__batch_limit(void **state)
{
	uint32_t i;

	(void)state;
	for (i = 0; i < 8; i++)
		add(TRING_OP_NOP, 0, i, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 3), 3);
	assert_int_equal(tring_cq_ready(&F.q), 3);
	assert_int_equal(tring_process(&F.k, 0), 0);
	assert_int_equal(tring_process(&F.k, 3), 3);
	assert_int_equal(tring_process(&F.k, 3), 2);
	assert_int_equal(tring_cq_ready(&F.q), 8);
}

static void
test_tring_process__null_ring(void **state)
{
	(void)state;
	assert_int_equal(tring_process(NULL, 1), -TRING_EFAULT);
	assert_int_equal(tring_complete(NULL, 0, 0, 0), -TRING_EFAULT);
	assert_int_equal(tring_cq_flush(NULL), -TRING_EFAULT);
}

static void
test_tring_process__bad_index_dropped(void **state)
{
	uint32_t *array = (uint32_t *)(void *)(F.region + TRING_ARRAY_OFFSET);
	uint64_t ud[4];
	int64_t res[4];

	(void)state;
	add(TRING_OP_NOP, 0, 1, 0);
	add(TRING_OP_NOP, 0, 2, 0);
	tring_submit(&F.q);
	array[0] = 8; /* SQ has 8 entries: index 8 is out of range */
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(fixture_sh(&F)->sq.dropped, 1);
	assert_int_equal(reap(ud, res, 4), 1);
	assert_int_equal(ud[0], 2);
}

static void
test_tring_process__malformed_entries(void **state)
{
	static const struct {
		uint8_t opcode, flags;
		uint32_t op_flags;
		int field; /* 0 none, 1 resv0, 2 resv1[0], 3 resv1[1] */
	} vec[] = {
		{TRING_OP_NOP, 0x10, 0, 0},
		{TRING_OP_NOP, 0x80, 0, 0},
		{TRING_OP_NOP, 0, 0, 1},
		{TRING_OP_NOP, 0, 0, 2},
		{TRING_OP_NOP, 0, 0, 3},
		{TRING_OP_NOP, 0, 2, 0},
		{OP_ECHO, 0, 4, 0},
		{OP_NULL, 0, 0, 0},
		{7, 0, 0, 0},
		{255, 0, 0, 0},
	};
	struct tring_sqe *sqe;
	uint64_t ud[8];
	int64_t res[8];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		sqe = add(vec[i].opcode, vec[i].flags, 1000 + i, 0);
		sqe->op_flags = vec[i].op_flags;
		if (vec[i].field == 1)
			sqe->resv0 = 1;
		else if (vec[i].field == 2)
			sqe->resv1[0] = 1;
		else if (vec[i].field == 3)
			sqe->resv1[1] = 1;
		tring_submit(&F.q);
		assert_int_equal(tring_process(&F.k, 8), 1);
		assert_int_equal(reap(ud, res, 8), 1);
		assert_int_equal(ud[0], 1000 + i);
		assert_int_equal(res[0], -TRING_EINVAL);
	}
	assert_int_equal(nran, 0);
}

static void
test_tring_process__nop_inject_result(void **state)
{
	struct tring_sqe *sqe;
	uint64_t ud[4];
	int64_t res[4];

	(void)state;
	sqe = add(TRING_OP_NOP, 0, 1, 0);
	sqe->op_flags = TRING_NOP_INJECT_RESULT;
	sqe->len = (uint64_t)(int64_t)-TRING_EAGAIN;
	sqe = add(TRING_OP_NOP, 0, 2, 0);
	sqe->op_flags = TRING_NOP_INJECT_RESULT;
	sqe->len = (uint64_t)TRING_RES_ASYNC;
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(reap(ud, res, 4), 2);
	assert_int_equal(res[0], -TRING_EAGAIN);
	assert_int_equal(res[1], -TRING_EINVAL);
	assert_int_equal(tring_inflight(&F.k), 0);
}

static void
test_tring_process__link_success_runs_chain(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ECHO, TRING_SQE_LINK, 1, 0);
	add(OP_ECHO, TRING_SQE_LINK, 2, 0);
	add(OP_ECHO, 0, 3, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 3);
	assert_int_equal(reap(ud, res, 8), 3);
	assert_int_equal(nran, 3);
	assert_int_equal(res[0] | res[1] | res[2], 0);
}

static void
test_tring_process__link_fail_cancels_rest(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ECHO, TRING_SQE_LINK, 1, -TRING_EBUSY);
	add(OP_ECHO, TRING_SQE_LINK, 2, 0);
	add(OP_ECHO, 0, 3, 0);
	add(OP_ECHO, 0, 4, 0); /* a new chain: unaffected */
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 4);
	assert_int_equal(reap(ud, res, 8), 4);
	assert_int_equal(res[0], -TRING_EBUSY);
	assert_int_equal(res[1], -TRING_ECANCELED);
	assert_int_equal(res[2], -TRING_ECANCELED);
	assert_int_equal(res[3], 0);
	assert_int_equal(ud[1], 2);
	assert_int_equal(ud[2], 3);
	assert_int_equal(nran, 2);
}

static void
test_tring_process__trailing_link_ends_chain(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ECHO, TRING_SQE_LINK, 1, -TRING_EINVAL);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1);
	add(OP_ECHO, 0, 2, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(reap(ud, res, 8), 2);
	assert_int_equal(res[1], 0);
}

static void
test_tring_process__hardlink_survives_failure(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ECHO, TRING_SQE_HARDLINK, 1, -TRING_EBUSY);
	add(OP_ECHO, 0, 2, 5);
	/* A bad entry severs even a hard link. */
	add(OP_ECHO, TRING_SQE_HARDLINK | 0x40, 3, 0);
	add(OP_ECHO, 0, 4, 5);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 4);
	assert_int_equal(reap(ud, res, 8), 4);
	assert_int_equal(res[0], -TRING_EBUSY);
	assert_int_equal(res[1], 5);
	assert_int_equal(res[2], -TRING_EINVAL);
	assert_int_equal(res[3], -TRING_ECANCELED);
}

static void
test_tring_process__drain_waits_for_inflight(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ASYNC, 0, 1, 0);
	add(OP_ECHO, TRING_SQE_DRAIN, 2, 0);
	add(OP_ECHO, 0, 3, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(tring_inflight(&F.k), 1);
	assert_int_equal(tring_process(&F.k, 8), 0); /* still blocked */
	assert_int_equal(tring_complete(&F.k, async_req[0], async_ud[0], 7), 0);
	assert_int_equal(tring_inflight(&F.k), 0);
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(reap(ud, res, 8), 3);
	assert_int_equal(ud[0], 1);
	assert_int_equal(res[0], 7);
	assert_int_equal(ud[1], 2);
	assert_int_equal(ud[2], 3);
}

static void
test_tring_process__async_drain_blocks_later(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ASYNC, TRING_SQE_DRAIN, 1, 0);
	add(OP_ECHO, 0, 2, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(tring_process(&F.k, 8), 0);
	assert_int_equal(tring_complete(&F.k, async_req[0], 1, 0), 0);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(reap(ud, res, 8), 2);
	assert_int_equal(ud[1], 2);
}

static void
test_tring_process__async_link_waits_for_its_member(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ASYNC, 0, 1, 0);
	add(OP_ASYNC, TRING_SQE_LINK, 2, 0);
	add(OP_ECHO, 0, 3, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(tring_inflight(&F.k), 2);
	/* Another request completing does not release the chain. */
	assert_int_equal(tring_complete(&F.k, async_req[0], 1, 0), 0);
	assert_int_equal(tring_process(&F.k, 8), 0);
	assert_int_equal(tring_complete(&F.k, async_req[1], 2, 0), 0);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(reap(ud, res, 8), 3);
	assert_int_equal(ud[2], 3);
	assert_int_equal(res[2], 0);
}

static void
test_tring_process__async_link_failure_cancels(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ASYNC, TRING_SQE_LINK, 1, 0);
	add(OP_ECHO, TRING_SQE_LINK, 2, 0);
	add(OP_ECHO, 0, 3, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(tring_complete(&F.k, async_req[0], 1, -TRING_EBUSY),
			 0);
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(reap(ud, res, 8), 3);
	assert_int_equal(res[0], -TRING_EBUSY);
	assert_int_equal(res[1], -TRING_ECANCELED);
	assert_int_equal(res[2], -TRING_ECANCELED);
	assert_int_equal(nran, 1);
}

static void
test_tring_process__async_link_success_continues(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ASYNC, TRING_SQE_HARDLINK, 1, 0);
	add(OP_ECHO, 0, 2, 4);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1);
	/* Hard link: even a failure lets the next member run. */
	assert_int_equal(tring_complete(&F.k, async_req[0], 1, -TRING_EBUSY),
			 0);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(reap(ud, res, 8), 2);
	assert_int_equal(res[1], 4);
}

static void
test_tring_complete__nothing_in_flight(void **state)
{
	(void)state;
	assert_int_equal(tring_complete(&F.k, 0, 0, 0), -TRING_EINVAL);
}

static void
test_tring_process__overflow_keeps_order(void **state)
{
	uint64_t ud[32];
	int64_t res[32];
	uint32_t i;

	(void)state;
	up(4, 4, 0, 8);
	for (i = 0; i < 4; i++)
		add(TRING_OP_NOP, 0, i, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 4); /* CQ now full */
	for (i = 4; i < 8; i++)
		add(TRING_OP_NOP, 0, i, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 4); /* into the store */
	assert_true(tring_cq_has_overflow(&F.q));
	assert_int_equal(fixture_sh(&F)->cq.overflow, 4);
	assert_int_equal(tring_cq_flush(&F.k), 4);
	assert_int_equal(reap(ud, res, 2), 2);
	assert_int_equal(tring_cq_flush(&F.k), 2);
	assert_true(tring_cq_has_overflow(&F.q));
	assert_int_equal(reap(ud + 2, res + 2, 32), 4);
	assert_int_equal(tring_process(&F.k, 8), 0); /* flushes the rest */
	assert_false(tring_cq_has_overflow(&F.q));
	assert_int_equal(reap(ud + 6, res + 6, 32), 2);
	for (i = 0; i < 8; i++)
		assert_int_equal(ud[i], i);
}

static void
test_tring_process__store_full_is_busy(void **state)
{
	uint64_t ud[32];
	int64_t res[32];
	uint32_t i;

	(void)state;
	up(4, 4, 0, 2);
	for (i = 0; i < 4; i++)
		add(TRING_OP_NOP, 0, i, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 4);
	for (i = 4; i < 8; i++)
		add(TRING_OP_NOP, 0, i, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 2); /* store holds two */
	assert_int_equal(tring_process(&F.k, 8), -TRING_EBUSY);
	assert_int_equal(tring_sq_ready(&F.q), 2); /* nothing consumed */
	assert_int_equal(reap(ud, res, 32), 4);
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(reap(ud + 4, res + 4, 32), 4);
	for (i = 0; i < 8; i++)
		assert_int_equal(ud[i], i);
}

static void
test_tring_complete__busy_leaves_state(void **state)
{
	uint64_t ud[8];
	int64_t res[8];
	uint32_t i;

	(void)state;
	up(4, 4, 0, 0);
	add(OP_ASYNC, 0, 100, 0);
	for (i = 0; i < 3; i++)
		add(TRING_OP_NOP, 0, i, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 4);
	add(TRING_OP_NOP, 0, 3, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1); /* CQ full now */
	assert_int_equal(tring_complete(&F.k, async_req[0], 100, 1),
			 -TRING_EBUSY);
	assert_int_equal(tring_inflight(&F.k), 1);
	assert_int_equal(reap(ud, res, 8), 4);
	assert_int_equal(tring_complete(&F.k, async_req[0], 100, 1), 0);
	assert_int_equal(reap(ud, res, 8), 1);
	assert_int_equal(ud[0], 100);
	assert_int_equal(res[0], 1);
}

static void
test_tring_process__impossible_counters(void **state)
{
	struct tring_shared *sh = fixture_sh(&F);
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	up(4, 4, 0, 2);
	/* A tail far ahead reads as a full SQ: four entries, no more. */
	sh->sq.tail = 1000;
	assert_int_equal(tring_process(&F.k, 100), 4);
	assert_int_equal(sh->sq.head, 4);
	/* A CQ head behind by more than the CQ: treated as a full CQ. */
	assert_int_equal(reap(ud, res, 8), 4);
	sh->cq.head = 0;
	F.q.cq_head = 0;
	sh->sq.tail = 5;
	assert_int_equal(tring_process(&F.k, 100), 1);
	assert_true(tring_cq_has_overflow(&F.q));
}

static void
test_tring_process__counters_wrap(void **state)
{
	uint64_t ud[8];
	int64_t res[8];
	uint32_t i, j;

	(void)state;
	up(4, 8, UINT32_MAX - 9, 0);
	for (i = 0; i < 10; i++) {
		for (j = 0; j < 3; j++)
			add(OP_ECHO, 0, i * 3 + j, (int64_t)j);
		assert_int_equal(tring_submit(&F.q), 3);
		assert_int_equal(tring_process(&F.k, 8), 3);
		assert_int_equal(reap(ud, res, 8), 3);
		for (j = 0; j < 3; j++) {
			assert_int_equal(ud[j], i * 3 + j);
			assert_int_equal(res[j], j);
		}
	}
	assert_int_equal(fixture_sh(&F)->sq.head, 20);
}

static void
test_tring_process__overflow_across_wrap(void **state)
{
	uint64_t ud[32];
	int64_t res[32];
	uint32_t i, n = 0, round;

	(void)state;
	/* Counters cross 2^32 while completions go through the store. */
	up(4, 4, UINT32_MAX - 5, 8);
	for (round = 0; round < 4; round++) {
		for (i = 0; i < 4; i++)
			add(TRING_OP_NOP, 0, round * 8 + i, 0);
		tring_submit(&F.q);
		assert_int_equal(tring_process(&F.k, 8), 4);
		for (i = 4; i < 8; i++)
			add(TRING_OP_NOP, 0, round * 8 + i, 0);
		tring_submit(&F.q);
		assert_int_equal(tring_process(&F.k, 8), 4);
		assert_true(tring_cq_has_overflow(&F.q));
		n = reap(ud, res, 32);
		assert_int_equal(n, 4);
		assert_int_equal(tring_cq_flush(&F.k), 0);
		assert_false(tring_cq_has_overflow(&F.q));
		n += reap(ud + 4, res + 4, 32);
		assert_int_equal(n, 8);
		for (i = 0; i < 8; i++)
			assert_int_equal(ud[i], round * 8 + i);
	}
	assert_int_equal(fixture_sh(&F)->cq.overflow, 16);
	assert_int_equal(fixture_sh(&F)->cq.tail, UINT32_MAX - 5 + 32);
}

static void
test_tring_process__inflight_beyond_sq_size(void **state)
{
	uint64_t ud[16];
	int64_t res[16];
	uint32_t i, round;

	(void)state;
	/* I15: the SQ size bounds a batch, not the requests in flight. */
	up(4, 8, 0, 0);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 4; i++)
			add(OP_ASYNC, 0, round * 4 + i, 0);
		assert_int_equal(tring_submit(&F.q), 4);
		assert_int_equal(tring_process(&F.k, 8), 4);
	}
	assert_int_equal(tring_inflight(&F.k), 12);
	for (i = 0; i < 8; i++)
		assert_int_equal(tring_complete(&F.k, async_req[i], async_ud[i],
						(int64_t)i),
				 0);
	/* CQ full and no store: the ninth waits, nothing lost. */
	assert_int_equal(tring_complete(&F.k, async_req[8], async_ud[8], 8),
			 -TRING_EBUSY);
	assert_int_equal(tring_inflight(&F.k), 4);
	assert_int_equal(reap(ud, res, 16), 8);
	for (i = 8; i < 12; i++)
		assert_int_equal(tring_complete(&F.k, async_req[i], async_ud[i],
						(int64_t)i),
				 0);
	assert_int_equal(reap(ud + 8, res + 8, 16), 4);
	for (i = 0; i < 12; i++) {
		assert_int_equal(ud[i], i);
		assert_int_equal(res[i], i);
	}
	assert_int_equal(tring_inflight(&F.k), 0);
}

static void
test_tring_process__cq_head_read_only_when_full(void **state)
{
	struct tring_shared *sh = fixture_sh(&F);
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	up(4, 4, 0, 0);
	/*
	 * The consumer knows the CQ is empty; it does not look at the head
	 * until it has filled what it knows, so a scribbled head changes
	 * nothing before that ...
	 */
	sh->cq.head = 1000;
	add(TRING_OP_NOP, 0, 1, 0);
	add(TRING_OP_NOP, 0, 2, 0);
	add(TRING_OP_NOP, 0, 3, 0);
	add(TRING_OP_NOP, 0, 4, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 4);
	/* ... and after it an impossible head reads as a full CQ. */
	add(TRING_OP_NOP, 0, 5, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), -TRING_EBUSY);
	sh->cq.head = 0;
	assert_int_equal(tring_process(&F.k, 8), -TRING_EBUSY);
	assert_int_equal(reap(ud, res, 8), 4);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(reap(ud, res, 8), 1);
	assert_int_equal(ud[0], 5);
}

/*
 * An operation that completes another request must not take the CQ slot
 * promised to its own completion: with one slot left and no store, the
 * inner tring_complete() is refused, and no completion is overwritten.
 */
static void
reentrant_case(uint8_t flags, uint32_t store)
{
	uint64_t ud[8];
	int64_t res[8];
	uint32_t n;

	up(4, 4, 0, store);
	add(OP_ASYNC, 0, 100, 0);
	add(TRING_OP_NOP, 0, 1, 0);
	add(TRING_OP_NOP, 0, 2, 0);
	add(TRING_OP_NOP, 0, 3, 0);
	assert_int_equal(tring_submit(&F.q), 4);
	assert_int_equal(tring_process(&F.k, 8), 4);
	add(OP_REAP, flags, 200, 0);
	assert_int_equal(tring_submit(&F.q), 1);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(nreap, 1);
	if (store == 0) {
		assert_int_equal(reap_ret[0], -TRING_EBUSY);
		assert_int_equal(tring_inflight(&F.k), 1);
	} else {
		assert_int_equal(reap_ret[0], 0);
		assert_int_equal(tring_inflight(&F.k), 0);
		assert_true(tring_cq_has_overflow(&F.q));
	}
	n = reap(ud, res, 8);
	assert_int_equal(n, 4);
	assert_int_equal(ud[0], 1);
	assert_int_equal(ud[1], 2);
	assert_int_equal(ud[2], 3);
	if (store == 0) {
		assert_int_equal(ud[3], 200);
		assert_int_equal(res[3], 22);
		assert_int_equal(
			tring_complete(&F.k, async_req[0], async_ud[0], 11), 0);
	} else {
		assert_int_equal(ud[3], 100);
		assert_int_equal(res[3], 11);
		assert_int_equal(tring_cq_flush(&F.k), 0);
	}
	assert_int_equal(reap(ud, res, 8), 1);
	assert_int_equal(ud[0], store == 0 ? 100 : 200);
	assert_int_equal(res[0], store == 0 ? 11 : 22);
	assert_int_equal(reap(ud, res, 8), 0);
}

static void
test_tring_complete__reentrant_keeps_promised_slot(void **state)
{
	(void)state;
	reentrant_case(0, 0);
	/* The same through the general path (a trailing hard link). */
	reentrant_case(TRING_SQE_HARDLINK, 0);
}

static void
test_tring_complete__reentrant_store_keeps_order(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	up(4, 4, 0, 4);
	nseen = 0;
	add(OP_ASYNC, 0, 100, 0);
	add(OP_ASYNC, 0, 101, 0);
	add(TRING_OP_NOP, 0, 1, 0);
	add(TRING_OP_NOP, 0, 2, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 4);
	add(TRING_OP_NOP, 0, 3, 0);
	add(OP_REAP2, 0, 200, 0);
	add(TRING_OP_NOP, 0, 4, 0);
	tring_submit(&F.q);
	/*
	 * 100 takes the last CQ slot, 101 goes to the store; the CQ is then
	 * emptied from inside the operation.  101 must still come before 4.
	 */
	assert_int_equal(tring_process(&F.k, 8), 3);
	assert_int_equal(reap_ret[0], 0);
	assert_int_equal(reap_ret[1], 0);
	assert_int_equal(nseen, 4);
	assert_int_equal(seen_ud[0], 1);
	assert_int_equal(seen_ud[3], 100);
	assert_int_equal(reap(ud, res, 8), 2);
	assert_int_equal(ud[0], 101);
	assert_int_equal(ud[1], 4);
	assert_int_equal(tring_inflight(&F.k), 1);
}

static void
test_tring_complete__reentrant_pushes_op_to_store(void **state)
{
	(void)state;
	reentrant_case(0, 4);
	reentrant_case(TRING_SQE_HARDLINK, 4);
}

/* Reap every ready completion with its flags; return the count. */
static uint32_t
reap_flags(uint64_t *ud, int64_t *res, uint32_t *fl, uint32_t max)
{
	const struct tring_cqe *cqe;
	uint32_t n = 0;

	while (n < max && tring_peek_cqe(&F.q, &cqe) == 0) {
		ud[n] = cqe->user_data;
		fl[n] = cqe->flags;
		res[n++] = cqe->result;
		tring_cqe_seen(&F.q, cqe);
	}
	return n;
}

static void
test_tring_process__dropped_entry_ends_chain(void **state)
{
	uint32_t *array = (uint32_t *)(void *)(F.region + TRING_ARRAY_OFFSET);
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	/* A failed link, then a dropped entry: the chain ends there. */
	add(OP_ECHO, TRING_SQE_LINK, 1, -TRING_EBUSY);
	add(TRING_OP_NOP, TRING_SQE_LINK, 2, 0);
	add(OP_ECHO, 0, 3, 9);
	tring_submit(&F.q);
	array[1] = 100;
	assert_int_equal(tring_process(&F.k, 8), 3);
	assert_int_equal(fixture_sh(&F)->sq.dropped, 1);
	assert_int_equal(reap(ud, res, 8), 2);
	assert_int_equal(res[0], -TRING_EBUSY);
	assert_int_equal(ud[1], 3);
	assert_int_equal(res[1], 9);
	array[1] = 1;
}

static void
test_tring_process__dropped_entry_after_async_link(void **state)
{
	uint32_t *array = (uint32_t *)(void *)(F.region + TRING_ARRAY_OFFSET);
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ASYNC, TRING_SQE_LINK, 1, 0);
	add(TRING_OP_NOP, TRING_SQE_LINK, 2, 0);
	add(OP_ECHO, 0, 3, 4);
	tring_submit(&F.q);
	array[1] = 0xffffffffu;
	/* The chain waits for its asynchronous member before the drop. */
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(fixture_sh(&F)->sq.dropped, 0);
	assert_int_equal(tring_complete(&F.k, async_req[0], 1, -TRING_EBUSY),
			 0);
	/* The failure would cancel the chain, but it ended at the drop. */
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(fixture_sh(&F)->sq.dropped, 1);
	assert_int_equal(reap(ud, res, 8), 2);
	assert_int_equal(res[0], -TRING_EBUSY);
	assert_int_equal(ud[1], 3);
	assert_int_equal(res[1], 4);
	array[1] = 1;
}

static void
test_tring_process__malformed_member_cancels_rest(void **state)
{
	struct tring_sqe *sqe;
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ECHO, TRING_SQE_LINK, 1, 0);
	sqe = add(OP_ECHO, TRING_SQE_HARDLINK, 2, 0);
	sqe->resv1[1] = 5; /* bad entry: even a hard link cancels */
	add(OP_ECHO, TRING_SQE_LINK, 3, 0);
	add(OP_ECHO, 0, 4, 0);
	add(OP_ECHO, 0, 5, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 5);
	assert_int_equal(reap(ud, res, 8), 5);
	assert_int_equal(res[0], 0);
	assert_int_equal(res[1], -TRING_EINVAL);
	assert_int_equal(res[2], -TRING_ECANCELED);
	assert_int_equal(res[3], -TRING_ECANCELED);
	assert_int_equal(res[4], 0);
	assert_int_equal(nran, 2);
}

static void
test_tring_process__malformed_last_member_ends_chain(void **state)
{
	struct tring_sqe *sqe;
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ECHO, TRING_SQE_LINK, 1, 0);
	sqe = add(OP_ECHO, 0, 2, 0);
	sqe->op_flags = 0x80; /* not accepted by OP_ECHO */
	add(OP_ECHO, 0, 3, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 3);
	assert_int_equal(reap(ud, res, 8), 3);
	assert_int_equal(res[0], 0);
	assert_int_equal(res[1], -TRING_EINVAL);
	assert_int_equal(res[2], 0);
}

static void
test_tring_process__skip_success_posts_nothing(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(TRING_OP_NOP, TRING_SQE_CQE_SKIP_SUCCESS, 1, 0);
	add(OP_ECHO, TRING_SQE_CQE_SKIP_SUCCESS, 2, 3);
	add(OP_ECHO, TRING_SQE_CQE_SKIP_SUCCESS, 3, -TRING_EBUSY);
	add(TRING_OP_NOP, 0, 4, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 4);
	assert_int_equal(reap(ud, res, 8), 2);
	assert_int_equal(ud[0], 3);
	assert_int_equal(res[0], -TRING_EBUSY);
	assert_int_equal(ud[1], 4);
	assert_int_equal(F.k.skipped, 2);
}

/* liburing test/skip-cqe.c test_link_fail: one CQE, the failed one. */
static void
test_tring_process__skip_link_fail_silences_rest(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ECHO, TRING_SQE_LINK | TRING_SQE_CQE_SKIP_SUCCESS, 1, 0);
	add(OP_ECHO, TRING_SQE_LINK | TRING_SQE_CQE_SKIP_SUCCESS, 2,
	    -TRING_EBUSY);
	add(OP_ECHO, TRING_SQE_LINK | TRING_SQE_CQE_SKIP_SUCCESS, 3, 0);
	add(OP_ECHO, 0, 4, 0);
	add(OP_ECHO, 0, 5, 6); /* a new chain */
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 5);
	assert_int_equal(reap(ud, res, 8), 2);
	assert_int_equal(ud[0], 2);
	assert_int_equal(res[0], -TRING_EBUSY);
	assert_int_equal(ud[1], 5);
	assert_int_equal(res[1], 6);
	assert_int_equal(F.k.skipped, 3);
	assert_int_equal(nran, 3);
}

static void
test_tring_process__link_fail_posts_skip_members(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	/* The failed member did not ask to skip: the cancels are posted. */
	add(OP_ECHO, TRING_SQE_LINK, 1, -TRING_EBUSY);
	add(OP_ECHO, TRING_SQE_CQE_SKIP_SUCCESS, 2, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(reap(ud, res, 8), 2);
	assert_int_equal(ud[1], 2);
	assert_int_equal(res[1], -TRING_ECANCELED);
}

static void
test_tring_process__skip_hardlink_failure_goes_on(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ECHO, TRING_SQE_HARDLINK | TRING_SQE_CQE_SKIP_SUCCESS, 1,
	    -TRING_EBUSY);
	add(OP_ECHO, TRING_SQE_CQE_SKIP_SUCCESS, 2, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(reap(ud, res, 8), 1);
	assert_int_equal(ud[0], 1);
	assert_int_equal(nran, 2);
}

static void
test_tring_complete_ex__async_skip(void **state)
{
	uint64_t ud[8];
	int64_t res[8];

	(void)state;
	add(OP_ASYNC, TRING_SQE_CQE_SKIP_SUCCESS, 1, 0);
	add(OP_ASYNC, TRING_SQE_LINK | TRING_SQE_CQE_SKIP_SUCCESS, 2, 0);
	add(OP_ECHO, 0, 3, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 2);
	/* A success with the flag: nothing posted, nothing in the CQ. */
	assert_int_equal(tring_complete_ex(&F.k, async_req[0], 1, 8,
					   TRING_COMPLETE_SKIP_SUCCESS),
			 0);
	assert_int_equal(tring_inflight(&F.k), 1);
	/* The linked one fails: posted, and its chain cancelled silently. */
	assert_int_equal(tring_complete_ex(&F.k, async_req[1], 2, -TRING_EBUSY,
					   TRING_COMPLETE_SKIP_SUCCESS),
			 0);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(reap(ud, res, 8), 1);
	assert_int_equal(ud[0], 2);
	assert_int_equal(res[0], -TRING_EBUSY);
	assert_int_equal(tring_inflight(&F.k), 0);
	assert_int_equal(F.k.skipped, 2);
}

static void
test_tring_complete_ex__more_keeps_in_flight(void **state)
{
	uint64_t ud[8];
	int64_t res[8];
	uint32_t fl[8];

	(void)state;
	add(OP_ASYNC, TRING_SQE_LINK, 1, 0);
	add(OP_ECHO, 0, 2, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(tring_complete_ex(&F.k, async_req[0], 1, 10,
					   TRING_COMPLETE_MORE),
			 0);
	assert_int_equal(tring_complete_ex(&F.k, async_req[0], 1, -TRING_EBUSY,
					   TRING_COMPLETE_MORE),
			 0);
	/* Still in flight; the link still waits for the last one. */
	assert_int_equal(tring_inflight(&F.k), 1);
	assert_int_equal(tring_process(&F.k, 8), 0);
	assert_int_equal(tring_complete_ex(&F.k, async_req[0], 1, 12, 0), 0);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(reap_flags(ud, res, fl, 8), 4);
	assert_int_equal(fl[0], TRING_CQE_F_MORE);
	assert_int_equal(fl[1], TRING_CQE_F_MORE);
	assert_int_equal(fl[2], 0);
	assert_int_equal(fl[3], 0);
	assert_int_equal(res[0], 10);
	assert_int_equal(res[1], -TRING_EBUSY);
	assert_int_equal(res[2], 12);
	assert_int_equal(ud[3], 2);
	assert_int_equal(res[3], 0);
}

static void
test_tring_complete_ex__more_from_running_op(void **state)
{
	uint64_t ud[8];
	int64_t res[8];
	uint32_t fl[8];

	(void)state;
	add(OP_MULTI, 0, 1, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(multi_ret[0], 0);
	assert_int_equal(multi_ret[1], 0);
	assert_int_equal(reap_flags(ud, res, fl, 8), 3);
	assert_int_equal(res[0], 5);
	assert_int_equal(fl[0], TRING_CQE_F_MORE);
	assert_int_equal(res[2], 7);
	assert_int_equal(fl[2], 0);
	assert_int_equal(ud[2], 1);
}

static void
test_tring_complete_ex__bad_flags(void **state)
{
	(void)state;
	assert_int_equal(tring_complete_ex(NULL, 0, 0, 0, 0), -TRING_EFAULT);
	add(OP_ASYNC, 0, 1, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(tring_complete_ex(&F.k, async_req[0], 1, 0, 4),
			 -TRING_EINVAL);
	assert_int_equal(tring_complete_ex(&F.k, async_req[0], 1, 0,
					   TRING_COMPLETE_MORE |
						   TRING_COMPLETE_SKIP_SUCCESS),
			 -TRING_EINVAL);
	assert_int_equal(tring_complete(&F.k, async_req[0], 1, 0), 0);
	/* Nothing in flight, no operation running. */
	assert_int_equal(tring_complete_ex(&F.k, 0, 1, 0, TRING_COMPLETE_MORE),
			 -TRING_EINVAL);
	assert_int_equal(
		tring_complete_ex(&F.k, 0, 1, 0, TRING_COMPLETE_SKIP_SUCCESS),
		-TRING_EINVAL);
}

static void
test_tring_complete_ex__more_busy_leaves_state(void **state)
{
	uint32_t i;

	(void)state;
	up(8, 8, 0, 0);
	add(OP_ASYNC, 0, 1, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 1);
	for (i = 0; i < 8; i++)
		assert_int_equal(tring_complete_ex(&F.k, async_req[0], 1,
						   (int64_t)i,
						   TRING_COMPLETE_MORE),
				 0);
	assert_int_equal(tring_complete_ex(&F.k, async_req[0], 1, 9,
					   TRING_COMPLETE_MORE),
			 -TRING_EBUSY);
	assert_int_equal(tring_complete(&F.k, async_req[0], 1, 9),
			 -TRING_EBUSY);
	/* A skipped success needs no place. */
	assert_int_equal(tring_complete_ex(&F.k, async_req[0], 1, 9,
					   TRING_COMPLETE_SKIP_SUCCESS),
			 0);
	assert_int_equal(tring_inflight(&F.k), 0);
	assert_int_equal(tring_cq_ready(&F.q), 8);
}

static void
test_tring_sq_idle__sleeps_when_empty(void **state)
{
	(void)state;
	assert_int_equal(tring_sq_idle(NULL), -TRING_EFAULT);
	assert_int_equal(tring_sq_idle(&F.k), 0);
	assert_int_equal(fixture_sh(&F)->sq.flags, TRING_SQ_NEED_WAKEUP);
	assert_true(tring_sq_needs_wakeup(&F.q));
	/* Running again clears it. */
	assert_int_equal(tring_process(&F.k, 8), 0);
	assert_int_equal(fixture_sh(&F)->sq.flags, 0);
	assert_false(tring_sq_needs_wakeup(&F.q));
}

static void
test_tring_sq_idle__entries_arrived(void **state)
{
	(void)state;
	add(TRING_OP_NOP, 0, 1, 0);
	tring_submit(&F.q);
	assert_int_equal(tring_sq_idle(&F.k), -TRING_EAGAIN);
	assert_int_equal(fixture_sh(&F)->sq.flags, 0);
	assert_int_equal(tring_process(&F.k, 8), 1);
	assert_int_equal(tring_sq_idle(&F.k), 0);
}

static void
test_tring_process__no_sqarray_ignores_array(void **state)
{
	uint32_t *array = (uint32_t *)(void *)(F.region + TRING_ARRAY_OFFSET);
	uint64_t ud[8];
	int64_t res[8];
	uint32_t i;

	(void)state;
	/* Whatever the submitter writes to the array is never read. */
	for (i = 0; i < 8; i++)
		array[i] = i % 2 != 0 ? 0xffffffffu : 100u + i;
	/* Nor does it matter what it writes to the header's setup word:
	 * the kernel side keeps the mode it was set up with. */
	fixture_sh(&F)->sq.setup_flags = 0;
	add(TRING_OP_NOP, 0, 1, 0);
	add(OP_ECHO, TRING_SQE_LINK, 2, 5);
	add(TRING_OP_NOP, 0, 3, 0);
	add(OP_ECHO, 0, 4, 6);
	tring_submit(&F.q);
	assert_int_equal(tring_process(&F.k, 8), 4);
	assert_int_equal(fixture_sh(&F)->sq.dropped, 0);
	assert_int_equal(reap(ud, res, 8), 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(ud[i], i + 1);
	assert_int_equal(res[1], 5);
	assert_int_equal(res[3], 6);
	for (i = 0; i < 8; i++)
		assert_int_equal(array[i], i % 2 != 0 ? 0xffffffffu : 100u + i);
}

static void
test_tring_process__setup_word_rewritten_keeps_array(void **state)
{
	uint32_t *array = (uint32_t *)(void *)(F.region + TRING_ARRAY_OFFSET);
	uint64_t ud[4];
	int64_t res[4];

	(void)state;
	/* A default ring whose header is made to claim NO_SQARRAY: the
	 * kernel side still reads (and checks) the array. */
	fixture_sh(&F)->sq.setup_flags = TRING_SETUP_NO_SQARRAY;
	add(TRING_OP_NOP, 0, 1, 0);
	add(TRING_OP_NOP, 0, 2, 0);
	tring_submit(&F.q);
	array[0] = 8;
	assert_int_equal(tring_process(&F.k, 8), 2);
	assert_int_equal(fixture_sh(&F)->sq.dropped, 1);
	assert_int_equal(reap(ud, res, 4), 1);
	assert_int_equal(ud[0], 2);
	array[0] = 0;
}

static int
group_nosq(void **state)
{
	(void)state;
	mode = TRING_SETUP_NO_SQARRAY;
	return 0;
}

#define T(f) cmocka_unit_test_setup(f, setup_default)

int
main(void)
{
	/* Only in the default mode: they rewrite the index array. */
	const struct CMUnitTest array_only[] = {
		T(test_tring_process__bad_index_dropped),
		T(test_tring_process__dropped_entry_ends_chain),
		T(test_tring_process__dropped_entry_after_async_link),
		T(test_tring_process__setup_word_rewritten_keeps_array),
	};
	const struct CMUnitTest nosq_only[] = {
		T(test_tring_process__no_sqarray_ignores_array),
	};
	/* In both modes. */
	const struct CMUnitTest tests[] = {
		T(test_tring_process__one_completion_per_request),
		T(test_tring_process__batch_limit),
		T(test_tring_process__null_ring),
		T(test_tring_process__malformed_entries),
		T(test_tring_process__nop_inject_result),
		T(test_tring_process__link_success_runs_chain),
		T(test_tring_process__link_fail_cancels_rest),
		T(test_tring_process__trailing_link_ends_chain),
		T(test_tring_process__hardlink_survives_failure),
		T(test_tring_process__drain_waits_for_inflight),
		T(test_tring_process__async_drain_blocks_later),
		T(test_tring_process__async_link_waits_for_its_member),
		T(test_tring_process__async_link_failure_cancels),
		T(test_tring_process__async_link_success_continues),
		T(test_tring_complete__nothing_in_flight),
		T(test_tring_process__overflow_keeps_order),
		T(test_tring_process__store_full_is_busy),
		T(test_tring_complete__busy_leaves_state),
		T(test_tring_process__impossible_counters),
		T(test_tring_process__counters_wrap),
		T(test_tring_process__overflow_across_wrap),
		T(test_tring_process__inflight_beyond_sq_size),
		T(test_tring_process__cq_head_read_only_when_full),
		T(test_tring_complete__reentrant_keeps_promised_slot),
		T(test_tring_complete__reentrant_pushes_op_to_store),
		T(test_tring_complete__reentrant_store_keeps_order),
		T(test_tring_process__malformed_member_cancels_rest),
		T(test_tring_process__malformed_last_member_ends_chain),
		T(test_tring_process__skip_success_posts_nothing),
		T(test_tring_process__skip_link_fail_silences_rest),
		T(test_tring_process__link_fail_posts_skip_members),
		T(test_tring_process__skip_hardlink_failure_goes_on),
		T(test_tring_complete_ex__async_skip),
		T(test_tring_complete_ex__more_keeps_in_flight),
		T(test_tring_complete_ex__more_from_running_op),
		T(test_tring_complete_ex__bad_flags),
		T(test_tring_complete_ex__more_busy_leaves_state),
		T(test_tring_sq_idle__sleeps_when_empty),
		T(test_tring_sq_idle__entries_arrived),
	};
	int failed;

	failed = cmocka_run_group_tests_name("default_mode", tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("default_mode_array", array_only,
					      NULL, NULL);
	failed += cmocka_run_group_tests_name("no_sqarray", tests, group_nosq,
					      NULL);
	failed += cmocka_run_group_tests_name("no_sqarray_only", nosq_only,
					      group_nosq, NULL);
	return failed;
}
