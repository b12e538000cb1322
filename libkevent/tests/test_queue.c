/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Queue behaviour: init and destroy, change processing (K1-K18), the
 * active FIFO, wake-up and queues watching queues.
 */
#include "kev_test.h"

#define U    TKEV_FILT_USER
#define ADD  TKEV_EV_ADD
#define TRIG TKEV_NOTE_TRIGGER

static void
test_tkev_queue_init__errors(void **state)
{
	struct fixture f;
	struct tkev_wheel bad;
	struct tkev_queue_config cfg = {
		.knotes = f.knotes,
		.nknotes = T_NKNOTES,
		.buckets = f.buckets,
		.nbuckets = T_NBUCKETS,
	};
	struct tkev_queue_config c;

	(void)state;
	memset(&bad, 0, sizeof(bad));
	assert_int_equal(tkev_queue_init(NULL, &cfg), -TKEV_EFAULT);
	assert_int_equal(tkev_queue_init(&f.q, NULL), -TKEV_EFAULT);
	c = cfg;
	c.knotes = NULL;
	assert_int_equal(tkev_queue_init(&f.q, &c), -TKEV_EFAULT);
	c = cfg;
	c.buckets = NULL;
	assert_int_equal(tkev_queue_init(&f.q, &c), -TKEV_EFAULT);
	c = cfg;
	c.nknotes = 0;
	assert_int_equal(tkev_queue_init(&f.q, &c), -TKEV_EINVAL);
	c = cfg;
	c.nbuckets = 0;
	assert_int_equal(tkev_queue_init(&f.q, &c), -TKEV_EINVAL);
	c = cfg;
	c.nbuckets = 12;
	assert_int_equal(tkev_queue_init(&f.q, &c), -TKEV_EINVAL);
	c = cfg;
	c.wheel = &bad;
	assert_int_equal(tkev_queue_init(&f.q, &c), -TKEV_EINVAL);
	assert_int_equal(tkev_queue_init(&f.q, &cfg), 0);
	assert_int_equal(tkev_queue_pending(&f.q), 0);
	/* Without a wheel, timers are refused. */
	assert_int_equal(
		change(&f.q, 1, TKEV_FILT_TIMER, ADD, 0, 5, NULL, NULL, 0),
		-TKEV_EINVAL);
	/* No wake callback: events still queue. */
	assert_int_equal(change(&f.q, 1, U, ADD, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(tkev_queue_pending(&f.q), 1);
}

static void
test_tkev_queue_destroy__errors_and_reuse(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(tkev_queue_destroy(NULL), -TKEV_EFAULT);
	assert_int_equal(change(&f.q, 1, U, ADD, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(
		change(&f.q, 2, TKEV_FILT_TIMER, ADD, 0, 5, NULL, NULL, 0), 0);
	assert_int_equal(tkev_queue_destroy(&f.q), 0);
	assert_int_equal(tkev_queue_destroy(&f.q), -TKEV_EBADF);
	assert_int_equal(collect(&f.q, ev, 2), -TKEV_EBADF);
	assert_int_equal(tkev_queue_pending(&f.q), 0);
	/* The timer left the wheel with the queue (K28). */
	assert_int_equal(tkev_wheel_next_deadline(&f.wheel), TKEV_NO_DEADLINE);
}

static void
test_tkev_queue_pending__null(void **state)
{
	(void)state;
	assert_int_equal(tkev_queue_pending(NULL), 0);
	assert_null(tkev_queue_source(NULL));
}

static void
test_tkev_kevent__argument_errors(void **state)
{
	struct fixture f;
	struct tkev_event ev;

	(void)state;
	fixture_init(&f);
	ev = ch_make(1, U, ADD, 0, 0, NULL, NULL);
	assert_int_equal(tkev_kevent(NULL, &ev, 1, NULL, 0, 0), -TKEV_EFAULT);
	assert_int_equal(tkev_kevent(&f.q, NULL, 1, NULL, 0, 0), -TKEV_EFAULT);
	assert_int_equal(tkev_kevent(&f.q, NULL, 0, NULL, 1, 0), -TKEV_EFAULT);
	assert_int_equal(
		tkev_kevent(&f.q, &ev, (size_t)INT32_MAX + 1u, NULL, 0, 0),
		-TKEV_EINVAL);
	assert_int_equal(
		tkev_kevent(&f.q, NULL, 0, &ev, (size_t)INT32_MAX + 1u, 0),
		-TKEV_EINVAL);
	/* Nothing was applied. */
	assert_int_equal(
		change(&f.q, 1, U, TKEV_EV_DELETE, 0, 0, NULL, NULL, 0),
		-TKEV_ENOENT);
}

static void
test_tkev_kevent__bad_change_errors(void **state)
{
	static const struct {
		int16_t filter;
		uint16_t flags;
		int err;
	} vec[] = {
		{-1, ADD, -TKEV_EINVAL}, /* K7 */
		{TKEV_FILT_MAX + 1, ADD, -TKEV_EINVAL},
		{U, ADD | 0x0200u, -TKEV_EINVAL},	    /* unknown flag */
		{U, ADD | TKEV_EV_KEEPUDATA, -TKEV_EINVAL}, /* K4 */
		{U, TKEV_EV_DELETE, -TKEV_ENOENT},	    /* K5 */
		{U, TKEV_EV_ENABLE, -TKEV_ENOENT},
		{U, TKEV_EV_DISABLE, -TKEV_ENOENT},
		{U, 0, -TKEV_ENOENT},
	};
	struct fixture f;
	size_t i;

	(void)state;
	fixture_init(&f);
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++)
		assert_int_equal(change(&f.q, 7, vec[i].filter, vec[i].flags, 0,
					0, NULL, NULL, 0),
				 vec[i].err);
	assert_int_equal(tkev_queue_pending(&f.q), 0);
}

static void
test_tkev_kevent__filter_zero_skipped(void **state)
{
	struct fixture f;
	struct tkev_event ch[2], ev[2];

	(void)state;
	fixture_init(&f);
	ch[0] = ch_make(1, 0, ADD, 0, 0, NULL, NULL);
	ch[1] = ch_make(2, U, ADD, TRIG, 0, NULL, NULL);
	assert_int_equal(tkev_kevent(&f.q, ch, 2, ev, 2, 0), 1);
	assert_int_equal(ev[0].ident, 2);
}

static void
test_tkev_kevent__errors_reported_and_rest_processed(void **state)
{
	struct fixture f;
	struct tkev_event ch[3], ev[3];

	(void)state;
	fixture_init(&f);
	/* K8: the failing middle change does not stop the third. */
	ch[0] = ch_make(1, U, ADD, TRIG, 0, NULL, NULL);
	ch[1] = ch_make(9, U, TKEV_EV_DELETE, 0, 0, NULL, NULL);
	ch[2] = ch_make(3, U, ADD, TRIG, 0, NULL, NULL);
	assert_int_equal(tkev_kevent(&f.q, ch, 3, ev, 3, 0), 1);
	assert_true(ev[0].flags & TKEV_EV_ERROR);
	assert_int_equal(ev[0].data, TKEV_ENOENT);
	assert_int_equal(ev[0].ident, 9);
	/* Events were not collected in that call; they are pending. */
	assert_int_equal(tkev_queue_pending(&f.q), 2);
	assert_int_equal(collect(&f.q, ev, 3), 2);
}

static void
test_tkev_kevent__error_without_room_stops(void **state)
{
	struct fixture f;
	struct tkev_event ch[3], ev[1];

	(void)state;
	fixture_init(&f);
	ch[0] = ch_make(9, U, TKEV_EV_DELETE, 0, 0, NULL, NULL);
	ch[1] = ch_make(8, U, TKEV_EV_DELETE, 0, 0, NULL, NULL);
	ch[2] = ch_make(3, U, ADD, TRIG, 0, NULL, NULL);
	/* The first error fills the only slot; the second has no room. */
	assert_int_equal(tkev_kevent(&f.q, ch, 3, ev, 1, 0), -TKEV_ENOENT);
	assert_int_equal(ev[0].ident, 9);
	/* The third change was never processed (K8). */
	assert_int_equal(tkev_queue_pending(&f.q), 0);
	assert_int_equal(
		change(&f.q, 3, U, TKEV_EV_DELETE, 0, 0, NULL, NULL, 0),
		-TKEV_ENOENT);
}

static void
test_tkev_kevent__receipt(void **state)
{
	struct fixture f;
	struct tkev_event ch[3], ev[3];

	(void)state;
	fixture_init(&f);
	assert_int_equal(change(&f.q, 5, U, ADD, TRIG, 0, NULL, NULL, 0), 0);
	/* K9: receipts batch changes without draining pending events. */
	ch[0] = ch_make(1, U, ADD | TKEV_EV_RECEIPT, 0, 0, NULL, NULL);
	ch[1] = ch_make(2, U, TKEV_EV_DELETE | TKEV_EV_RECEIPT, 0, 0, NULL,
			NULL);
	ch[2] = ch_make(3, U, ADD | TKEV_EV_RECEIPT, 0, 0, NULL, NULL);
	assert_int_equal(tkev_kevent(&f.q, ch, 3, ev, 3, 0), 3);
	assert_true(ev[0].flags & TKEV_EV_ERROR);
	assert_int_equal(ev[0].data, 0);
	assert_true(ev[1].flags & TKEV_EV_ERROR);
	assert_int_equal(ev[1].data, TKEV_ENOENT);
	assert_true(ev[2].flags & TKEV_EV_ERROR);
	assert_int_equal(ev[2].data, 0);
	assert_int_equal(tkev_queue_pending(&f.q), 1);
	/* With no room, a receipt stops the list; count so far returned. */
	ch[0] = ch_make(6, U, ADD | TKEV_EV_RECEIPT, 0, 0, NULL, NULL);
	ch[1] = ch_make(7, U, ADD, 0, 0, NULL, NULL);
	assert_int_equal(tkev_kevent(&f.q, ch, 2, ev, 0, 0), 0);
	assert_int_equal(
		change(&f.q, 7, U, TKEV_EV_DELETE, 0, 0, NULL, NULL, 0),
		-TKEV_ENOENT);
	assert_int_equal(
		change(&f.q, 6, U, TKEV_EV_DELETE, 0, 0, NULL, NULL, 0), 0);
}

static void
test_tkev_kevent__receipt_sticky(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(
		change(&f.q, 1, U, ADD | TKEV_EV_RECEIPT, 0, 0, NULL, NULL, 0),
		0);
	assert_int_equal(change(&f.q, 1, U, ADD, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_true(ev[0].flags & TKEV_EV_RECEIPT);
}

static void
test_tkev_kevent__same_array_changes_and_events(void **state)
{
	struct fixture f;
	struct tkev_event buf[3];

	(void)state;
	fixture_init(&f);
	/* K2: all changes apply before the array is reused for events. */
	buf[0] = ch_make(1, U, ADD, TRIG, 0, NULL, (void *)1);
	buf[1] = ch_make(2, U, ADD, TRIG, 0, NULL, (void *)2);
	buf[2] = ch_make(3, U, ADD, TRIG, 0, NULL, (void *)3);
	assert_int_equal(tkev_kevent(&f.q, buf, 3, buf, 3, 0), 3);
	assert_int_equal(buf[0].ident, 1);
	assert_int_equal(buf[1].ident, 2);
	assert_int_equal(buf[2].ident, 3);
	/* Errors written in place while later changes are read. */
	buf[0] = ch_make(8, U, TKEV_EV_DELETE, 0, 0, NULL, NULL);
	buf[1] = ch_make(9, U, TKEV_EV_DELETE, 0, 0, NULL, NULL);
	assert_int_equal(tkev_kevent(&f.q, buf, 2, buf, 2, 0), 2);
	assert_int_equal(buf[0].ident, 8);
	assert_int_equal(buf[1].ident, 9);
}

static void
test_tkev_kevent__readd_modifies(void **state)
{
	struct fixture f;
	struct tkev_event ev[4];

	(void)state;
	fixture_init(&f);
	/* K1, K3: re-adding modifies; a pending event is kept. */
	assert_int_equal(change(&f.q, 1, U, ADD, TRIG, 0, NULL, (void *)1, 0),
			 0);
	assert_int_equal(change(&f.q, 1, U, ADD, 0, 42, NULL, (void *)2, 0), 0);
	assert_int_equal(collect(&f.q, ev, 4), 1);
	assert_int_equal(ev[0].data, 42);
	assert_ptr_equal(ev[0].udata, (void *)2);
}

static void
test_tkev_kevent__udata_rules(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(change(&f.q, 1, U, ADD | TKEV_EV_CLEAR, 0, 0, NULL,
				(void *)5, 0),
			 0);
	/* K4: a bare trigger without KEEPUDATA clobbers udata. */
	assert_int_equal(change(&f.q, 1, U, 0, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_null(ev[0].udata);
	assert_int_equal(change(&f.q, 1, U, ADD, 0, 0, NULL, (void *)6, 0), 0);
	assert_int_equal(
		change(&f.q, 1, U, TKEV_EV_KEEPUDATA, TRIG, 0, NULL, NULL, 0),
		0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_ptr_equal(ev[0].udata, (void *)6);
}

static void
test_tkev_kevent__disable_enable(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(
		change(&f.q, 1, U, ADD | TKEV_EV_CLEAR, TRIG, 0, NULL, NULL, 0),
		0);
	/* K12: disable drains the queued event. */
	assert_int_equal(
		change(&f.q, 1, U, TKEV_EV_DISABLE, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	/* A trigger while disabled is held back, not lost. */
	assert_int_equal(change(&f.q, 1, U, 0, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	assert_int_equal(
		change(&f.q, 1, U, TKEV_EV_ENABLE, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	/* K6: DISABLE|ENABLE in one change ends enabled. */
	assert_int_equal(change(&f.q, 1, U, TKEV_EV_DISABLE | TKEV_EV_ENABLE,
				TRIG, 0, NULL, NULL, 0),
			 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	/* K11: ADD|DISABLE registers disabled. */
	assert_int_equal(change(&f.q, 2, U, ADD | TKEV_EV_DISABLE, TRIG, 0,
				NULL, NULL, 0),
			 0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	assert_int_equal(change(&f.q, 2, U, ADD, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
}

static void
test_tkev_kevent__delete_drains(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(change(&f.q, 1, U, ADD, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(tkev_queue_pending(&f.q), 1);
	assert_int_equal(
		change(&f.q, 1, U, TKEV_EV_DELETE, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(tkev_queue_pending(&f.q), 0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	assert_int_equal(
		change(&f.q, 1, U, TKEV_EV_DELETE, 0, 0, NULL, NULL, 0),
		-TKEV_ENOENT);
}

static void
test_tkev_kevent__oneshot(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(change(&f.q, 1, U, ADD | TKEV_EV_ONESHOT, TRIG, 0,
				NULL, NULL, 0),
			 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_true(ev[0].flags & TKEV_EV_ONESHOT);
	/* K14: the knote is gone. */
	assert_int_equal(
		change(&f.q, 1, U, TKEV_EV_DELETE, 0, 0, NULL, NULL, 0),
		-TKEV_ENOENT);
}

static void
test_tkev_kevent__clear_vs_level(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	/* Without EV_CLEAR a triggered user event stays (K26). */
	assert_int_equal(change(&f.q, 1, U, ADD, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	/* With EV_CLEAR it is reported once. */
	assert_int_equal(
		change(&f.q, 2, U, ADD | TKEV_EV_CLEAR, TRIG, 0, NULL, NULL, 0),
		0);
	assert_int_equal(
		change(&f.q, 1, U, TKEV_EV_DELETE, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(collect(&f.q, ev, 2), 0);
}

static void
test_tkev_kevent__dispatch(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];
	int i;

	(void)state;
	fixture_init(&f);
	assert_int_equal(change(&f.q, 1, U, ADD | TKEV_EV_DISPATCH, TRIG, 0,
				NULL, NULL, 0),
			 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(collect(&f.q, ev, 2), 1);
		/* K16: sticky across cycles. */
		assert_true(ev[0].flags & TKEV_EV_DISPATCH);
		assert_int_equal(collect(&f.q, ev, 2), 0);
		/* ENABLE and TRIGGER in one change re-arm and fire. */
		assert_int_equal(change(&f.q, 1, U, TKEV_EV_ENABLE, TRIG, 0,
					NULL, NULL, 0),
				 0);
	}
	/* Dispatch with clear: state reset, re-enabled without trigger. */
	assert_int_equal(change(&f.q, 2, U,
				ADD | TKEV_EV_DISPATCH | TKEV_EV_CLEAR, TRIG, 0,
				NULL, NULL, 0),
			 0);
	assert_int_equal(
		change(&f.q, 1, U, TKEV_EV_DELETE, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(
		change(&f.q, 2, U, TKEV_EV_ENABLE, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
}

static void
test_tkev_kevent__coalesce(void **state)
{
	struct fixture f;
	struct tkev_event ev[4];
	int i;

	(void)state;
	fixture_init(&f);
	assert_int_equal(
		change(&f.q, 1, U, ADD | TKEV_EV_CLEAR, 0, 0, NULL, NULL, 0),
		0);
	for (i = 0; i < 5; i++) /* K17 */
		assert_int_equal(change(&f.q, 1, U, 0, TRIG, 0, NULL, NULL, 0),
				 0);
	assert_int_equal(collect(&f.q, ev, 4), 1);
}

static void
test_tkev_kevent__fifo_and_fairness(void **state)
{
	struct fixture f;
	struct tkev_event ev[4];
	uint64_t id;

	(void)state;
	fixture_init(&f);
	for (id = 1; id <= 4; id++)
		assert_int_equal(
			change(&f.q, id, U, ADD, TRIG, 0, NULL, NULL, 0), 0);
	/* Activation order, then the delivered ones go to the tail. */
	assert_int_equal(collect(&f.q, ev, 3), 3);
	assert_int_equal(ev[0].ident, 1);
	assert_int_equal(ev[1].ident, 2);
	assert_int_equal(ev[2].ident, 3);
	assert_int_equal(collect(&f.q, ev, 3), 3);
	assert_int_equal(ev[0].ident, 4);
	assert_int_equal(ev[1].ident, 1);
	assert_int_equal(ev[2].ident, 2);
	/* Each knote at most once per collect even with room for more. */
	assert_int_equal(collect(&f.q, ev, 4), 4);
}

static void
test_tkev_kevent__pool_exhausted(void **state)
{
	struct fixture f;
	uint64_t id;

	(void)state;
	fixture_init_n(&f, 3);
	for (id = 0; id < 3; id++)
		assert_int_equal(change(&f.q, id, U, ADD, 0, 0, NULL, NULL, 0),
				 0);
	assert_int_equal(change(&f.q, 9, U, ADD, TRIG, 0, NULL, NULL, 0),
			 -TKEV_ENOSPC);
	assert_int_equal(tkev_queue_pending(&f.q), 0);
	/* Modifying an existing knote needs no new one. */
	assert_int_equal(change(&f.q, 1, U, ADD, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(
		change(&f.q, 0, U, TKEV_EV_DELETE, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(change(&f.q, 9, U, ADD, 0, 0, NULL, NULL, 0), 0);
}

static void
test_tkev_kevent__hash_collisions(void **state)
{
	struct fixture f;
	struct tkev_event ev[T_NKNOTES];
	uint64_t id;

	(void)state;
	fixture_init(&f);
	/* More knotes than buckets: every one is found again. */
	for (id = 0; id < T_NKNOTES; id++)
		assert_int_equal(change(&f.q, id * 16, U, ADD | TKEV_EV_CLEAR,
					0, (int64_t)id, NULL, NULL, 0),
				 0);
	for (id = T_NKNOTES; id > 0; id--)
		assert_int_equal(change(&f.q, (id - 1) * 16, U, 0, TRIG,
					(int64_t)id, NULL, NULL, 0),
				 0);
	assert_int_equal(collect(&f.q, ev, T_NKNOTES), T_NKNOTES);
	for (id = 0; id < T_NKNOTES; id++)
		assert_int_equal(ev[id].ident, (T_NKNOTES - 1 - id) * 16);
}

static void
test_tkev_kevent__multi_queue_independent(void **state)
{
	struct fixture a, b;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&a);
	fixture_init(&b);
	/* K1: the same (ident, filter) in two queues is independent. */
	assert_int_equal(change(&a.q, 1, U, ADD, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(change(&b.q, 1, U, ADD, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(change(&a.q, 1, U, 0, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&b.q, ev, 2), 0);
	assert_int_equal(collect(&a.q, ev, 2), 1);
}

static void
test_tkev_kevent__wake_once_per_transition(void **state)
{
	struct fixture f;
	struct tkev_event ev[4];

	(void)state;
	fixture_init(&f);
	assert_int_equal(
		change(&f.q, 1, U, ADD | TKEV_EV_CLEAR, TRIG, 0, NULL, NULL, 0),
		0);
	assert_int_equal(f.wakes, 1);
	assert_int_equal(
		change(&f.q, 2, U, ADD | TKEV_EV_CLEAR, TRIG, 0, NULL, NULL, 0),
		0);
	assert_int_equal(f.wakes, 1); /* already non-empty */
	assert_int_equal(collect(&f.q, ev, 4), 2);
	assert_int_equal(change(&f.q, 2, U, 0, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(f.wakes, 2);
}

static void
test_tkev_kevent__readd_after_eof_close_takes_new_source(void **state)
{
	struct fixture f;
	struct fake_obj a, b;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	fake_init(&a);
	fake_init(&b);
	assert_int_equal(
		change(&f.q, 7, TKEV_FILT_READ, ADD, 0, 0, &a.src, NULL, 0), 0);
	/* The handle goes away: its knote reports EOF once. */
	assert_int_equal(tkev_source_close(&a.src, TKEV_CLOSE_EOF), 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_true(ev[0].flags & TKEV_EV_EOF);
	/* K13: the handle number is reused for a new object; adding it again
	 * must watch the new object, not inherit the stale EOF. */
	assert_int_equal(
		change(&f.q, 7, TKEV_FILT_READ, ADD, 0, 0, &b.src, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	b.readable = 5;
	assert_int_equal(tkev_notify(&b.src, TKEV_FILT_READ, 0, 0, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 5);
	assert_false(ev[0].flags & TKEV_EV_EOF);
	assert_ptr_equal(ev[0].src, &b.src);
	/* A closed new source is refused and the knote stays as it was. */
	assert_int_equal(tkev_source_close(&b.src, TKEV_CLOSE_EOF), 0);
	assert_int_equal(
		change(&f.q, 7, TKEV_FILT_READ, ADD, 0, 0, &a.src, NULL, 0),
		-TKEV_EBADF);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_true(ev[0].flags & TKEV_EV_EOF);
	assert_null(ev[0].src);
}

static void
test_tkev_kevent__readd_with_other_source_moves_knote(void **state)
{
	struct fixture f;
	struct fake_obj a, b;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	fake_init(&a);
	fake_init(&b);
	assert_int_equal(
		change(&f.q, 5, TKEV_FILT_READ, ADD, 0, 0, &a.src, NULL, 0), 0);
	a.readable = 3;
	assert_int_equal(tkev_notify(&a.src, TKEV_FILT_READ, 0, 0, 0), 1);
	/* Handle 5 was closed while its object lives on (another handle
	 * still refers to it) and reused for a new object: K13, the new
	 * registration must not report the old object's state. */
	assert_int_equal(
		change(&f.q, 5, TKEV_FILT_READ, ADD, 0, 0, &b.src, NULL, 0), 0);
	assert_int_equal(tkev_queue_pending(&f.q), 0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	assert_int_equal(tkev_notify(&a.src, TKEV_FILT_READ, 0, 0, 0), 0);
	b.readable = 9;
	assert_int_equal(tkev_notify(&b.src, TKEV_FILT_READ, 0, 0, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 9);
	assert_ptr_equal(ev[0].src, &b.src);
	/* Re-adding with the same source, or none, keeps the knote as is. */
	assert_int_equal(
		change(&f.q, 5, TKEV_FILT_READ, ADD, 0, 0, &b.src, NULL, 0), 0);
	assert_int_equal(
		change(&f.q, 5, TKEV_FILT_READ, ADD, 0, 0, NULL, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 9);
	/* A source without the filter is refused; nothing changes. */
	assert_int_equal(
		tkev_source_init(&a.src, &fake_ops, 1u << TKEV_FILT_WRITE, &a),
		0);
	assert_int_equal(
		change(&f.q, 5, TKEV_FILT_READ, ADD, 0, 0, &a.src, NULL, 0),
		-TKEV_EINVAL);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_ptr_equal(ev[0].src, &b.src);
	assert_int_equal(tkev_source_close(&b.src, TKEV_CLOSE_DROP), 0);
	assert_int_equal(tkev_queue_destroy(&f.q), 0);
}

static void
test_tkev_queue_source__clear_watcher_sees_each_new_event(void **state)
{
	struct fixture inner, outer;
	struct tkev_event ev[4];

	(void)state;
	fixture_init(&inner);
	fixture_init(&outer);
	assert_int_equal(change(&outer.q, 1, TKEV_FILT_READ,
				ADD | TKEV_EV_CLEAR, 0, 0,
				tkev_queue_source(&inner.q), NULL, 0),
			 0);
	assert_int_equal(change(&inner.q, 1, U, ADD, TRIG, 0, NULL, NULL, 0),
			 0);
	assert_int_equal(collect(&outer.q, ev, 4), 1);
	assert_int_equal(ev[0].data, 1);
	assert_int_equal(collect(&outer.q, ev, 4), 0);
	/* A second event arrives while the first is still pending: an edge
	 * watcher must hear of it (kqueue wakes watchers on every enqueue). */
	assert_int_equal(change(&inner.q, 2, U, ADD, TRIG, 0, NULL, NULL, 0),
			 0);
	assert_int_equal(collect(&outer.q, ev, 4), 1);
	assert_int_equal(ev[0].data, 2);
	/* The wake callback still runs once per empty-to-ready transition. */
	assert_int_equal(inner.wakes, 1);
	assert_int_equal(outer.wakes, 2);
}

static void
test_tkev_queue_source__nested_queues(void **state)
{
	struct fixture inner, mid, outer;
	struct tkev_event ev[4];

	(void)state;
	fixture_init(&inner);
	fixture_init(&mid);
	fixture_init(&outer);
	/* K28: a queue is readable and can be watched; stack three. */
	assert_int_equal(change(&mid.q, 100, TKEV_FILT_READ, ADD, 0, 0,
				tkev_queue_source(&inner.q), NULL, 0),
			 0);
	assert_int_equal(change(&outer.q, 200, TKEV_FILT_READ, ADD, 0, 0,
				tkev_queue_source(&mid.q), NULL, 0),
			 0);
	assert_int_equal(collect(&outer.q, ev, 4), 0);
	assert_int_equal(change(&inner.q, 1, U, ADD | TKEV_EV_CLEAR, TRIG, 0,
				NULL, NULL, 0),
			 0);
	assert_int_equal(outer.wakes, 1);
	assert_int_equal(collect(&outer.q, ev, 4), 1);
	assert_int_equal(ev[0].ident, 200);
	assert_int_equal(ev[0].data, 1);
	assert_int_equal(collect(&mid.q, ev, 4), 1);
	assert_int_equal(ev[0].data, 1);
	/* Drain the inner queue: the level events go away above it. */
	assert_int_equal(collect(&inner.q, ev, 4), 1);
	assert_int_equal(collect(&mid.q, ev, 4), 0);
	assert_int_equal(collect(&outer.q, ev, 4), 0);
	/* Destroying the inner queue gives EOF to its watcher. */
	assert_int_equal(tkev_queue_destroy(&inner.q), 0);
	assert_int_equal(collect(&mid.q, ev, 4), 1);
	assert_true(ev[0].flags & TKEV_EV_EOF);
	assert_null(ev[0].src);
	assert_int_equal(tkev_queue_destroy(&mid.q), 0);
	assert_int_equal(tkev_queue_destroy(&outer.q), 0);
}

static void
test_tkev_queue_source__cycle_terminates(void **state)
{
	struct fixture a, b;
	struct tkev_event ev[4];

	(void)state;
	fixture_init(&a);
	fixture_init(&b);
	assert_int_equal(change(&a.q, 1, TKEV_FILT_READ, ADD, 0, 0,
				tkev_queue_source(&b.q), NULL, 0),
			 0);
	assert_int_equal(change(&b.q, 1, TKEV_FILT_READ, ADD, 0, 0,
				tkev_queue_source(&a.q), NULL, 0),
			 0);
	assert_int_equal(change(&a.q, 2, U, ADD, TRIG, 0, NULL, NULL, 0), 0);
	assert_int_equal(tkev_queue_pending(&a.q), 2);
	assert_int_equal(tkev_queue_pending(&b.q), 1);
	assert_int_equal(a.wakes, 1);
	assert_int_equal(b.wakes, 1);
	/* Destroy one while the other still watches it: nothing dangles. */
	assert_int_equal(tkev_queue_destroy(&b.q), 0);
	assert_int_equal(collect(&a.q, ev, 4), 2);
	assert_int_equal(tkev_queue_destroy(&a.q), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tkev_queue_init__errors),
		cmocka_unit_test(test_tkev_queue_destroy__errors_and_reuse),
		cmocka_unit_test(test_tkev_queue_pending__null),
		cmocka_unit_test(test_tkev_kevent__argument_errors),
		cmocka_unit_test(test_tkev_kevent__bad_change_errors),
		cmocka_unit_test(test_tkev_kevent__filter_zero_skipped),
		cmocka_unit_test(
			test_tkev_kevent__errors_reported_and_rest_processed),
		cmocka_unit_test(test_tkev_kevent__error_without_room_stops),
		cmocka_unit_test(test_tkev_kevent__receipt),
		cmocka_unit_test(test_tkev_kevent__receipt_sticky),
		cmocka_unit_test(
			test_tkev_kevent__same_array_changes_and_events),
		cmocka_unit_test(test_tkev_kevent__readd_modifies),
		cmocka_unit_test(test_tkev_kevent__udata_rules),
		cmocka_unit_test(test_tkev_kevent__disable_enable),
		cmocka_unit_test(test_tkev_kevent__delete_drains),
		cmocka_unit_test(test_tkev_kevent__oneshot),
		cmocka_unit_test(test_tkev_kevent__clear_vs_level),
		cmocka_unit_test(test_tkev_kevent__dispatch),
		cmocka_unit_test(test_tkev_kevent__coalesce),
		cmocka_unit_test(test_tkev_kevent__fifo_and_fairness),
		cmocka_unit_test(test_tkev_kevent__pool_exhausted),
		cmocka_unit_test(test_tkev_kevent__hash_collisions),
		cmocka_unit_test(test_tkev_kevent__multi_queue_independent),
		cmocka_unit_test(test_tkev_kevent__wake_once_per_transition),
		cmocka_unit_test(test_tkev_queue_source__nested_queues),
		cmocka_unit_test(
			test_tkev_kevent__readd_after_eof_close_takes_new_source),
		cmocka_unit_test(
			test_tkev_queue_source__clear_watcher_sees_each_new_event),
		cmocka_unit_test(
			test_tkev_kevent__readd_with_other_source_moves_knote),
		cmocka_unit_test(test_tkev_queue_source__cycle_terminates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
