/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sources: init, notify fan-out to many queues, close (K13, K28).
 */
#include "kev_test.h"

#define ADD TKEV_EV_ADD

static void
test_tkev_source_init__errors(void **state)
{
	static const struct {
		uint32_t filters;
		bool ops;
		int err;
	} vec[] = {
		{0, true, -TKEV_EINVAL},
		{1u << TKEV_FILT_TIMER, true, -TKEV_EINVAL},
		{1u << TKEV_FILT_USER, true, -TKEV_EINVAL},
		{1u << 10, true, -TKEV_EINVAL},
		{1u << 0, true, -TKEV_EINVAL},
		{1u << TKEV_FILT_READ, false, -TKEV_EFAULT},
		{1u << TKEV_FILT_PROC, false, -TKEV_EFAULT},
		{1u << TKEV_FILT_IRQ, false, 0},
		{FAKE_ALL, true, 0},
	};
	struct tkev_source s;
	size_t i;

	(void)state;
	assert_int_equal(tkev_source_init(NULL, &fake_ops, FAKE_ALL, NULL),
			 -TKEV_EFAULT);
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++)
		assert_int_equal(tkev_source_init(&s,
						  vec[i].ops ? &fake_ops : NULL,
						  vec[i].filters, &s),
				 vec[i].err);
	assert_ptr_equal(s.ctx, &s);
}

static void
test_tkev_source_init__ops_without_poll(void **state)
{
	static const struct tkev_source_ops empty = {.poll = NULL};
	struct fixture f;
	struct tkev_source s;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(
		tkev_source_init(&s, &empty, 1u << TKEV_FILT_READ, NULL), 0);
	assert_int_equal(
		change(&f.q, 1, TKEV_FILT_READ, ADD, 0, 0, &s, NULL, 0), 0);
	assert_int_equal(tkev_notify(&s, TKEV_FILT_READ, 0, 0, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
}

static void
test_tkev_notify__null_and_unwatched(void **state)
{
	struct fake_obj o;

	(void)state;
	fake_init(&o);
	o.readable = 5;
	assert_int_equal(tkev_notify(NULL, TKEV_FILT_READ, 0, 0, 0), 0);
	assert_int_equal(tkev_notify(&o.src, TKEV_FILT_READ, 0, 0, 0), 0);
}

static void
test_tkev_notify__many_queues_one_source(void **state)
{
	struct fixture a, b;
	struct fake_obj o;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&a);
	fixture_init(&b);
	fake_init(&o);
	assert_int_equal(
		change(&a.q, 1, TKEV_FILT_IRQ, ADD, 0, 0, &o.src, (void *)1, 0),
		0);
	assert_int_equal(
		change(&b.q, 1, TKEV_FILT_IRQ, ADD, 0, 0, &o.src, (void *)2, 0),
		0);
	/* Another filter on the same source is not touched. */
	assert_int_equal(change(&b.q, 1, TKEV_FILT_READ, ADD | TKEV_EV_CLEAR, 0,
				0, &o.src, NULL, 0),
			 0);
	assert_int_equal(tkev_notify(&o.src, TKEV_FILT_IRQ, 0, 1, 0), 2);
	assert_int_equal(a.wakes, 1);
	assert_int_equal(b.wakes, 1);
	assert_int_equal(collect(&a.q, ev, 2), 1);
	assert_ptr_equal(ev[0].udata, (void *)1);
	assert_int_equal(collect(&b.q, ev, 2), 1);
	assert_ptr_equal(ev[0].udata, (void *)2);
	assert_int_equal(ev[0].filter, TKEV_FILT_IRQ);
}

static void
test_tkev_source_close__errors(void **state)
{
	struct fake_obj o;

	(void)state;
	fake_init(&o);
	assert_int_equal(tkev_source_close(NULL, TKEV_CLOSE_EOF), -TKEV_EFAULT);
	assert_int_equal(tkev_source_close(&o.src, 7), -TKEV_EINVAL);
	assert_int_equal(tkev_source_close(&o.src, -1), -TKEV_EINVAL);
}

static void
test_tkev_source_close__eof_in_every_queue(void **state)
{
	struct fixture a, b;
	struct fake_obj o;
	struct tkev_event ev[4];

	(void)state;
	fixture_init(&a);
	fixture_init(&b);
	fake_init(&o);
	assert_int_equal(
		change(&a.q, 1, TKEV_FILT_READ, ADD, 0, 0, &o.src, NULL, 0), 0);
	assert_int_equal(
		change(&a.q, 1, TKEV_FILT_IRQ, ADD, 0, 0, &o.src, NULL, 0), 0);
	assert_int_equal(change(&b.q, 1, TKEV_FILT_PROC, ADD, TKEV_NOTE_EXIT, 0,
				&o.src, NULL, 0),
			 0);
	assert_int_equal(change(&b.q, 2, TKEV_FILT_WRITE, ADD | TKEV_EV_DISABLE,
				0, 0, &o.src, NULL, 0),
			 0);
	assert_int_equal(tkev_source_close(&o.src, TKEV_CLOSE_EOF), 0);
	/* The source may be reused now; nothing points at it. */
	memset(&o, 0x5a, sizeof(o));
	assert_int_equal(collect(&a.q, ev, 4), 2);
	assert_true(ev[0].flags & TKEV_EV_EOF);
	assert_null(ev[0].src);
	assert_true(ev[1].flags & TKEV_EV_EOF);
	assert_int_equal(collect(&b.q, ev, 4), 1);
	assert_int_equal(ev[0].filter, TKEV_FILT_PROC);
	assert_true(ev[0].flags & TKEV_EV_EOF);
	/* The disabled one reports its EOF once enabled. */
	assert_int_equal(change(&b.q, 2, TKEV_FILT_WRITE, TKEV_EV_ENABLE, 0, 0,
				NULL, NULL, 0),
			 0);
	assert_int_equal(collect(&b.q, ev, 4), 1);
	assert_true(ev[0].flags & TKEV_EV_EOF);
	/* Level EOF stays until deleted; counting EOF was delivered once. */
	assert_int_equal(collect(&a.q, ev, 4), 1);
	assert_int_equal(ev[0].filter, TKEV_FILT_READ);
	/* Modifying a knote of a closed source still works. */
	assert_int_equal(change(&a.q, 1, TKEV_FILT_READ, ADD | TKEV_EV_CLEAR, 0,
				0, NULL, NULL, 0),
			 0);
	assert_int_equal(collect(&a.q, ev, 4), 1);
	assert_int_equal(collect(&a.q, ev, 4), 0);
}

static void
test_tkev_source_close__drop_removes_knotes(void **state)
{
	struct fixture a;
	struct fake_obj o, o2;
	struct tkev_event ev[4];

	(void)state;
	fixture_init(&a);
	fake_init(&o);
	o.readable = 3;
	assert_int_equal(
		change(&a.q, 4, TKEV_FILT_READ, ADD, 0, 0, &o.src, NULL, 0), 0);
	assert_int_equal(tkev_queue_pending(&a.q), 1);
	/* K13: last close removes the knotes and their queued events. */
	assert_int_equal(tkev_source_close(&o.src, TKEV_CLOSE_DROP), 0);
	assert_int_equal(tkev_queue_pending(&a.q), 0);
	assert_int_equal(collect(&a.q, ev, 4), 0);
	/* A closed source cannot be watched again. */
	assert_int_equal(
		change(&a.q, 4, TKEV_FILT_READ, ADD, 0, 0, &o.src, NULL, 0),
		-TKEV_EBADF);
	assert_int_equal(
		change(&a.q, 4, TKEV_FILT_READ, ADD, 0, 0, NULL, NULL, 0),
		-TKEV_EBADF);
	/* A recycled ident on a new object inherits nothing. */
	fake_init(&o2);
	assert_int_equal(
		change(&a.q, 4, TKEV_FILT_READ, ADD, 0, 0, &o2.src, NULL, 0),
		0);
	assert_int_equal(collect(&a.q, ev, 4), 0);
	assert_int_equal(tkev_notify(&o.src, TKEV_FILT_READ, 0, 0, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tkev_source_init__errors),
		cmocka_unit_test(test_tkev_source_init__ops_without_poll),
		cmocka_unit_test(test_tkev_notify__null_and_unwatched),
		cmocka_unit_test(test_tkev_notify__many_queues_one_source),
		cmocka_unit_test(test_tkev_source_close__errors),
		cmocka_unit_test(test_tkev_source_close__eof_in_every_queue),
		cmocka_unit_test(test_tkev_source_close__drop_removes_knotes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
