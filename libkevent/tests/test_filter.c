/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-filter semantics (K19-K26 and the SDK filters: port, shm, irq).
 */
#include "kev_test.h"

#define ADD TKEV_EV_ADD
#define MS  1000000u

static void
test_tkev_kevent__read_level_and_lowat(void **state)
{
	struct fixture f;
	struct fake_obj o;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	fake_init(&o);
	/* K3: a pre-existing condition fires on add. */
	o.readable = 10;
	assert_int_equal(
		change(&f.q, 3, TKEV_FILT_READ, ADD, 0, 0, &o.src, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 10);
	assert_ptr_equal(ev[0].src, &o.src);
	/* Level: still there while readable. */
	o.readable = 4;
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 4);
	/* Drained: the event goes away at the next collect. */
	o.readable = 0;
	assert_int_equal(collect(&f.q, ev, 2), 0);
	assert_int_equal(tkev_notify(&o.src, TKEV_FILT_READ, 0, 0, 0), 0);
	/* K19: NOTE_LOWAT sets the mark. */
	assert_int_equal(change(&f.q, 3, TKEV_FILT_READ, ADD, TKEV_NOTE_LOWAT,
				8, &o.src, NULL, 0),
			 0);
	o.readable = 5;
	assert_int_equal(tkev_notify(&o.src, TKEV_FILT_READ, 0, 0, 0), 0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	o.readable = 8;
	assert_int_equal(tkev_notify(&o.src, TKEV_FILT_READ, 0, 0, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	/* EOF with data pending. */
	o.eof = true;
	o.readable = 1;
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_true(ev[0].flags & TKEV_EV_EOF);
	assert_int_equal(ev[0].data, 1);
}

static void
test_tkev_kevent__read_edge_with_clear(void **state)
{
	struct fixture f;
	struct fake_obj o;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	fake_init(&o);
	assert_int_equal(change(&f.q, 3, TKEV_FILT_READ, ADD | TKEV_EV_CLEAR, 0,
				0, &o.src, NULL, 0),
			 0);
	o.readable = 2;
	assert_int_equal(tkev_notify(&o.src, TKEV_FILT_READ, 0, 0, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	o.readable = 3;
	assert_int_equal(tkev_notify(&o.src, TKEV_FILT_READ, 0, 0, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 3);
}

static void
test_tkev_kevent__write_and_port_level(void **state)
{
	struct fixture f;
	struct fake_obj o;
	struct tkev_event ev[4];

	(void)state;
	fixture_init(&f);
	fake_init(&o);
	o.writable = 100;
	assert_int_equal(
		change(&f.q, 3, TKEV_FILT_WRITE, ADD, 0, 0, &o.src, NULL, 0),
		0);
	assert_int_equal(
		change(&f.q, 3, TKEV_FILT_PORT, ADD, 0, 0, &o.src, NULL, 0), 0);
	assert_int_equal(collect(&f.q, ev, 4), 1);
	assert_int_equal(ev[0].filter, TKEV_FILT_WRITE);
	assert_int_equal(ev[0].data, 100);
	o.messages = 2;
	assert_int_equal(tkev_notify(&o.src, TKEV_FILT_PORT, 0, 0, 0), 1);
	assert_int_equal(collect(&f.q, ev, 4), 2);
	assert_int_equal(ev[0].filter, TKEV_FILT_WRITE);
	assert_int_equal(ev[1].filter, TKEV_FILT_PORT);
	assert_int_equal(ev[1].data, 2);
}

static void
test_tkev_kevent__timer_periodic_overrun_count(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	/* K21: 50 ms periodic (ms is the default unit). */
	assert_int_equal(
		change(&f.q, 7, TKEV_FILT_TIMER, ADD, 0, 50, NULL, NULL, 0), 0);
	assert_next_deadline(&f.wheel, 50u * MS);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 50u * MS - 1), 0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 500u * MS), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 10);
	assert_int_equal(ev[0].fflags, 0);
	assert_true(ev[0].flags & TKEV_EV_CLEAR);
	/* Cleared after retrieval, still periodic. */
	assert_int_equal(collect(&f.q, ev, 2), 0);
	assert_next_deadline(&f.wheel, 550u * MS);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 560u * MS), 1);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 600u * MS), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 2);
}

static void
test_tkev_kevent__timer_units(void **state)
{
	static const struct {
		uint32_t fflags;
		int64_t data;
		uint64_t ns;
	} vec[] = {
		{TKEV_NOTE_SECONDS, 2, 2000000000u},
		{TKEV_NOTE_MSECONDS, 3, 3000000u},
		{TKEV_NOTE_USECONDS, 4, 4000u},
		{TKEV_NOTE_NSECONDS, 5, 5u},
		{0, 6, 6000000u},
		{TKEV_NOTE_NSECONDS, 0, 1u}, /* K23: periodic 0 -> 1 unit */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		struct fixture f;

		fixture_init(&f);
		assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, ADD,
					vec[i].fflags, vec[i].data, NULL, NULL,
					1000),
				 0);
		assert_next_deadline(&f.wheel, 1000 + vec[i].ns);
	}
}

static void
test_tkev_kevent__timer_validation(void **state)
{
	static const struct {
		uint32_t fflags;
		int64_t data;
	} bad[] = {
		{0, -1},			/* K23 negative */
		{TKEV_NOTE_SECONDS, INT64_MAX}, /* K23 huge */
		{TKEV_NOTE_SECONDS | TKEV_NOTE_NSECONDS, 1},
		{0x100u, 1},
	};
	struct fixture f;
	size_t i;

	(void)state;
	fixture_init(&f);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, ADD,
					bad[i].fflags, bad[i].data, NULL, NULL,
					0),
				 -TKEV_EINVAL);
	assert_int_equal(tkev_wheel_next_deadline(&f.wheel), TKEV_NO_DEADLINE);
	/* A huge interval that fits never wraps into "now". */
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, ADD,
				TKEV_NOTE_NSECONDS, INT64_MAX, NULL, NULL,
				UINT64_MAX - 5),
			 0);
	assert_int_equal(tkev_wheel_expire(&f.wheel, UINT64_MAX - 1), 0);
}

static void
test_tkev_kevent__timer_oneshot(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, ADD | TKEV_EV_ONESHOT,
				TKEV_NOTE_USECONDS, 10, NULL, NULL, 0),
			 0);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 1000000), 1);
	assert_int_equal(tkev_wheel_next_deadline(&f.wheel), TKEV_NO_DEADLINE);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 1);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, TKEV_EV_DELETE, 0, 0,
				NULL, NULL, 0),
			 -TKEV_ENOENT);
}

static void
test_tkev_kevent__timer_abstime(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	/* K23: absolute in the past fires at the next expire. */
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, ADD,
				TKEV_NOTE_ABSTIME | TKEV_NOTE_NSECONDS, 5, NULL,
				NULL, 1000),
			 0);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 1000), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 1);
	assert_int_equal(ev[0].fflags, 0);
	assert_false(ev[0].flags & TKEV_EV_CLEAR);
	assert_true(ev[0].flags & TKEV_EV_ONESHOT);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	/* Future absolute time in seconds. */
	assert_int_equal(change(&f.q, 2, TKEV_FILT_TIMER, ADD,
				TKEV_NOTE_ABSTIME | TKEV_NOTE_SECONDS, 3, NULL,
				NULL, 1000),
			 0);
	assert_next_deadline(&f.wheel, 3000000000u);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 2999999999u), 0);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 3000000000u), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
}

static void
test_tkev_kevent__timer_readd_discards_expirations(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, ADD,
				TKEV_NOTE_NSECONDS, 100, NULL, NULL, 0),
			 0);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 1000), 1);
	assert_int_equal(tkev_queue_pending(&f.q), 1);
	/* K22: re-add drops the undelivered count and the old unit. */
	assert_int_equal(
		change(&f.q, 1, TKEV_FILT_TIMER, ADD, 0, 100, NULL, NULL, 1000),
		0);
	assert_int_equal(tkev_queue_pending(&f.q), 0);
	assert_next_deadline(&f.wheel, 1000 + 100 * MS);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 1000 + 100 * MS), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 1);
	/* Periodic to one-shot by re-add. */
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, ADD | TKEV_EV_ONESHOT,
				0, 1, NULL, NULL, 0),
			 0);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 1000 * MS), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, TKEV_EV_DELETE, 0, 0,
				NULL, NULL, 0),
			 -TKEV_ENOENT);
}

static void
test_tkev_kevent__timer_disabled_keeps_counting(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, ADD | TKEV_EV_DISABLE,
				TKEV_NOTE_NSECONDS, 10, NULL, NULL, 0),
			 0);
	assert_int_equal(tkev_wheel_expire(&f.wheel, 35), 1);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, TKEV_EV_ENABLE, 0, 0,
				NULL, NULL, 0),
			 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 3);
	/* Delete removes it from the wheel. */
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, TKEV_EV_DELETE, 0, 0,
				NULL, NULL, 0),
			 0);
	assert_int_equal(tkev_wheel_next_deadline(&f.wheel), TKEV_NO_DEADLINE);
}

static void
test_tkev_kevent__proc_notes_and_exit(void **state)
{
	struct fixture f;
	struct fake_obj p;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	fake_init(&p);
	assert_int_equal(
		change(&f.q, 42, TKEV_FILT_PROC, ADD, 0x1u, 0, &p.src, NULL, 0),
		-TKEV_EINVAL);
	assert_int_equal(change(&f.q, 42, TKEV_FILT_PROC, ADD,
				TKEV_NOTE_FORK | TKEV_NOTE_EXEC, 0, &p.src,
				NULL, 0),
			 0);
	assert_int_equal(
		tkev_notify(&p.src, TKEV_FILT_PROC, TKEV_NOTE_EXIT, 0, 0), 0);
	assert_int_equal(
		tkev_notify(&p.src, TKEV_FILT_PROC, TKEV_NOTE_FORK, 77, 0), 1);
	assert_int_equal(
		tkev_notify(&p.src, TKEV_FILT_PROC, TKEV_NOTE_EXEC, 0, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].fflags, TKEV_NOTE_FORK | TKEV_NOTE_EXEC);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	/* K25: adding NOTE_EXIT later arms it. */
	assert_int_equal(change(&f.q, 42, TKEV_FILT_PROC, ADD, TKEV_NOTE_EXIT,
				0, NULL, NULL, 0),
			 0);
	assert_int_equal(
		tkev_notify(&p.src, TKEV_FILT_PROC, TKEV_NOTE_EXIT, 3 << 8, 0),
		1);
	/* A fork after exit does not overwrite the status. */
	assert_int_equal(change(&f.q, 42, TKEV_FILT_PROC, ADD,
				TKEV_NOTE_EXIT | TKEV_NOTE_FORK, 0, NULL, NULL,
				0),
			 0);
	assert_int_equal(
		tkev_notify(&p.src, TKEV_FILT_PROC, TKEV_NOTE_FORK, 78, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 3 << 8);
	assert_true(ev[0].fflags & TKEV_NOTE_EXIT);
	assert_true(ev[0].flags & TKEV_EV_EOF);
	assert_true(ev[0].flags & TKEV_EV_ONESHOT);
	assert_int_equal(change(&f.q, 42, TKEV_FILT_PROC, TKEV_EV_DELETE, 0, 0,
				NULL, NULL, 0),
			 -TKEV_ENOENT);
}

static void
test_tkev_kevent__proc_zombie_fires_at_once(void **state)
{
	struct fixture f;
	struct fake_obj p;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	fake_init(&p);
	p.exited = true;
	p.status = 9;
	/* Disarmed (fflags 0) it does not fire. */
	assert_int_equal(
		change(&f.q, 42, TKEV_FILT_PROC, ADD, 0, 0, &p.src, NULL, 0),
		0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	assert_int_equal(change(&f.q, 42, TKEV_FILT_PROC, ADD, TKEV_NOTE_EXIT,
				0, &p.src, NULL, 0),
			 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 9);
	assert_true(ev[0].flags & TKEV_EV_EOF);
}

static void
test_tkev_kevent__signal_count_and_validation(void **state)
{
	struct fixture f;
	struct fake_obj p;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	fake_init(&p);
	assert_int_equal(
		change(&f.q, 0, TKEV_FILT_SIGNAL, ADD, 0, 0, &p.src, NULL, 0),
		-TKEV_EINVAL);
	assert_int_equal(change(&f.q, TKEV_SIGNAL_MAX + 1, TKEV_FILT_SIGNAL,
				ADD, 0, 0, &p.src, NULL, 0),
			 -TKEV_EINVAL);
	/* A signal before registration is not reported. */
	assert_int_equal(tkev_notify(&p.src, TKEV_FILT_SIGNAL, 0, 2, 0), 0);
	assert_int_equal(
		change(&f.q, 2, TKEV_FILT_SIGNAL, ADD, 0, 0, &p.src, NULL, 0),
		0);
	assert_int_equal(
		change(&f.q, 15, TKEV_FILT_SIGNAL, ADD, 0, 0, &p.src, NULL, 0),
		0);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	assert_int_equal(tkev_notify(&p.src, TKEV_FILT_SIGNAL, 0, 2, 0), 1);
	assert_int_equal(tkev_notify(&p.src, TKEV_FILT_SIGNAL, 0, 2, 0), 1);
	assert_int_equal(tkev_notify(&p.src, TKEV_FILT_SIGNAL, 0, 2, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].ident, 2);
	assert_int_equal(ev[0].data, 3);
	assert_true(ev[0].flags & TKEV_EV_CLEAR);
	assert_int_equal(collect(&f.q, ev, 2), 0);
}

static void
test_tkev_kevent__irq_count(void **state)
{
	struct fixture f;
	struct tkev_source irq;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(
		tkev_source_init(&irq, NULL, 1u << TKEV_FILT_IRQ, NULL), 0);
	assert_int_equal(
		change(&f.q, 33, TKEV_FILT_IRQ, ADD, 0, 0, &irq, NULL, 0), 0);
	assert_int_equal(tkev_notify(&irq, TKEV_FILT_IRQ, 0, 0, 0), 1);
	assert_int_equal(tkev_notify(&irq, TKEV_FILT_IRQ, 0, 4, 0), 1);
	assert_int_equal(tkev_notify(&irq, TKEV_FILT_IRQ, 0, INT64_MAX, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, INT64_MAX); /* saturates */
	assert_int_equal(tkev_notify(&irq, TKEV_FILT_IRQ, 0, 2, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 2);
	/* A filter the source does not offer. */
	assert_int_equal(
		change(&f.q, 33, TKEV_FILT_READ, ADD, 0, 0, &irq, NULL, 0),
		-TKEV_EINVAL);
}

static void
test_tkev_kevent__shm_dirty_range(void **state)
{
	struct fixture f;
	struct fake_obj r;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	fake_init(&r);
	assert_int_equal(change(&f.q, 5, TKEV_FILT_SHM, ADD | TKEV_EV_CLEAR, 0,
				0, &r.src, NULL, 0),
			 0);
	assert_int_equal(tkev_notify(&r.src, TKEV_FILT_SHM, 0x1, 100, 50), 1);
	assert_int_equal(tkev_notify(&r.src, TKEV_FILT_SHM, 0x2, 20, 10), 1);
	assert_int_equal(tkev_notify(&r.src, TKEV_FILT_SHM, 0x2, 300, 0), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].ext, 20);
	assert_int_equal(ev[0].data, 130);
	assert_int_equal(ev[0].fflags, 0x3);
	assert_int_equal(collect(&f.q, ev, 2), 0);
	/* A mask filters the changes it reports. */
	assert_int_equal(change(&f.q, 5, TKEV_FILT_SHM, ADD | TKEV_EV_CLEAR,
				0x4, 0, NULL, NULL, 0),
			 0);
	assert_int_equal(tkev_notify(&r.src, TKEV_FILT_SHM, 0x1, 0, 8), 0);
	assert_int_equal(tkev_notify(&r.src, TKEV_FILT_SHM, 0x5, 8, 8), 1);
	assert_int_equal(tkev_notify(&r.src, TKEV_FILT_SHM, 0x4, 0, 4), 1);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].fflags, 0x4);
	assert_int_equal(ev[0].ext, 0);
	assert_int_equal(ev[0].data, 16);
}

static void
test_tkev_kevent__user_fflags_control(void **state)
{
	static const struct {
		uint32_t ctrl;
		uint32_t in;
		uint32_t out;
	} vec[] = {
		/* K26, starting from 0x0f each time. */
		{TKEV_NOTE_FFNOP, 0xf0, 0x0f},
		{TKEV_NOTE_FFAND, 0x3c, 0x0c},
		{TKEV_NOTE_FFOR, 0xf0, 0xff},
		{TKEV_NOTE_FFCOPY, 0x30, 0x30},
		{TKEV_NOTE_FFCOPY, 0xffffff, 0xffffff},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		struct fixture f;
		struct tkev_event ev[2];

		fixture_init(&f);
		assert_int_equal(change(&f.q, 1, TKEV_FILT_USER, ADD,
					TKEV_NOTE_FFCOPY | 0x0f, 0, NULL, NULL,
					0),
				 0);
		assert_int_equal(
			change(&f.q, 1, TKEV_FILT_USER, 0,
			       vec[i].ctrl | vec[i].in | TKEV_NOTE_TRIGGER, 0,
			       NULL, NULL, 0),
			0);
		assert_int_equal(collect(&f.q, ev, 2), 1);
		assert_int_equal(ev[0].fflags, vec[i].out);
	}
}

static void
test_tkev_kevent__user_or_accumulates(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_USER, ADD | TKEV_EV_CLEAR, 0,
				0, NULL, NULL, 0),
			 0);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_USER, 0,
				TKEV_NOTE_FFOR | 0x1, 0, NULL, NULL, 0),
			 0);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_USER, 0,
				TKEV_NOTE_FFOR | 0x2 | TKEV_NOTE_TRIGGER, 0,
				NULL, NULL, 0),
			 0);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_USER, 0,
				TKEV_NOTE_FFOR | 0x4 | TKEV_NOTE_TRIGGER, 9,
				NULL, NULL, 0),
			 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].fflags, 0x7);
	assert_int_equal(ev[0].data, 9);
}

static void
test_tkev_kevent__proc_readd_after_close(void **state)
{
	struct fixture f;
	struct fake_obj p;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	fake_init(&p);
	assert_int_equal(change(&f.q, 42, TKEV_FILT_PROC, ADD, TKEV_NOTE_FORK,
				0, &p.src, NULL, 0),
			 0);
	assert_int_equal(tkev_source_close(&p.src, TKEV_CLOSE_EOF), 0);
	/* Modifying the knote of a gone process keeps its EOF. */
	assert_int_equal(change(&f.q, 42, TKEV_FILT_PROC, ADD, TKEV_NOTE_EXIT,
				0, NULL, NULL, 0),
			 0);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_true(ev[0].flags & TKEV_EV_EOF);
	assert_int_equal(collect(&f.q, ev, 2), 0);
}

static void
test_tkev_kevent__timer_periodic_at_end_of_time(void **state)
{
	struct fixture f;
	struct tkev_event ev[2];

	(void)state;
	fixture_init(&f);
	assert_int_equal(change(&f.q, 1, TKEV_FILT_TIMER, ADD,
				TKEV_NOTE_NSECONDS, 50, NULL, NULL,
				UINT64_MAX - 100),
			 0);
	assert_int_equal(tkev_wheel_expire(&f.wheel, UINT64_MAX - 50), 1);
	assert_int_equal(tkev_wheel_next_deadline(&f.wheel), UINT64_MAX);
	/* The next period does not fit in 64 bits: the timer stops. */
	assert_int_equal(tkev_wheel_expire(&f.wheel, UINT64_MAX), 1);
	assert_int_equal(tkev_wheel_expire(&f.wheel, UINT64_MAX), 0);
	assert_int_equal(tkev_wheel_next_deadline(&f.wheel), TKEV_NO_DEADLINE);
	assert_int_equal(collect(&f.q, ev, 2), 1);
	assert_int_equal(ev[0].data, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tkev_kevent__read_level_and_lowat),
		cmocka_unit_test(test_tkev_kevent__read_edge_with_clear),
		cmocka_unit_test(test_tkev_kevent__write_and_port_level),
		cmocka_unit_test(
			test_tkev_kevent__timer_periodic_overrun_count),
		cmocka_unit_test(test_tkev_kevent__timer_units),
		cmocka_unit_test(test_tkev_kevent__timer_validation),
		cmocka_unit_test(test_tkev_kevent__timer_oneshot),
		cmocka_unit_test(test_tkev_kevent__timer_abstime),
		cmocka_unit_test(
			test_tkev_kevent__timer_readd_discards_expirations),
		cmocka_unit_test(
			test_tkev_kevent__timer_disabled_keeps_counting),
		cmocka_unit_test(test_tkev_kevent__proc_notes_and_exit),
		cmocka_unit_test(test_tkev_kevent__proc_zombie_fires_at_once),
		cmocka_unit_test(test_tkev_kevent__signal_count_and_validation),
		cmocka_unit_test(test_tkev_kevent__irq_count),
		cmocka_unit_test(test_tkev_kevent__shm_dirty_range),
		cmocka_unit_test(test_tkev_kevent__user_fflags_control),
		cmocka_unit_test(test_tkev_kevent__user_or_accumulates),
		cmocka_unit_test(test_tkev_kevent__proc_readd_after_close),
		cmocka_unit_test(
			test_tkev_kevent__timer_periodic_at_end_of_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
