/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared fixtures for the libkevent unit tests: a fake kernel object whose
 * state the tests set directly, and small wrappers around tkev_kevent().
 */
#ifndef TKEV_TEST_KEV_TEST_H
#define TKEV_TEST_KEV_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tessera/kevent.h>

#define T_NKNOTES  32
#define T_NBUCKETS 16

/* A fake handle / process / port: the tests set its state. */
struct fake_obj {
	struct tkev_source src;
	int64_t readable;
	int64_t writable;
	int64_t messages;
	int64_t status;
	bool eof;
	bool exited;
};

static inline void
fake_poll(const struct tkev_source *src, int16_t filter, int64_t *data,
	  bool *eof)
{
	const struct fake_obj *o = (const struct fake_obj *)src->ctx;

	switch (filter) {
	case TKEV_FILT_READ:
		*data = o->readable;
		*eof = o->eof;
		break;
	case TKEV_FILT_WRITE:
		*data = o->writable;
		*eof = o->eof;
		break;
	case TKEV_FILT_PORT:
		*data = o->messages;
		break;
	case TKEV_FILT_PROC:
		*data = o->status;
		*eof = o->exited;
		break;
	default:
		break;
	}
}

static const struct tkev_source_ops fake_ops = {.poll = fake_poll};

#define FAKE_ALL                                            \
	((1u << TKEV_FILT_READ) | (1u << TKEV_FILT_WRITE) | \
	 (1u << TKEV_FILT_PORT) | (1u << TKEV_FILT_PROC) |  \
	 (1u << TKEV_FILT_SIGNAL) | (1u << TKEV_FILT_SHM) | \
	 (1u << TKEV_FILT_IRQ))

static inline void
fake_init(struct fake_obj *o)
{
	memset(o, 0, sizeof(*o));
	assert_int_equal(tkev_source_init(&o->src, &fake_ops, FAKE_ALL, o), 0);
}

/* One queue with its storage and a wheel, plus a wake counter. */
struct fixture {
	struct tkev_queue q;
	struct tkev_knote knotes[T_NKNOTES];
	struct tkev_link buckets[T_NBUCKETS];
	struct tkev_wheel wheel;
	int wakes;
};

static inline void
fixture_wake(struct tkev_queue *q, void *arg)
{
	struct fixture *f = (struct fixture *)arg;

	assert_ptr_equal(q, &f->q);
	f->wakes++;
}

static inline void
fixture_init_n(struct fixture *f, size_t nknotes)
{
	struct tkev_queue_config cfg = {
		.knotes = f->knotes,
		.nknotes = nknotes,
		.buckets = f->buckets,
		.nbuckets = T_NBUCKETS,
		.wheel = &f->wheel,
		.wake = fixture_wake,
		.wake_arg = f,
	};

	f->wakes = 0;
	assert_int_equal(tkev_wheel_init(&f->wheel, 0, 10), 0);
	assert_int_equal(tkev_queue_init(&f->q, &cfg), 0);
}

static inline void
fixture_init(struct fixture *f)
{
	fixture_init_n(f, T_NKNOTES);
}

static inline struct tkev_event
ch_make(uint64_t ident, int16_t filter, uint16_t flags, uint32_t fflags,
	int64_t data, struct tkev_source *src, void *udata)
{
	struct tkev_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.ident = ident;
	ev.filter = filter;
	ev.flags = flags;
	ev.fflags = fflags;
	ev.data = data;
	ev.src = src;
	ev.udata = udata;
	return ev;
}

/* Apply one change with no event room: 0 or the negative error. */
static inline int
change(struct tkev_queue *q, uint64_t ident, int16_t filter, uint16_t flags,
       uint32_t fflags, int64_t data, struct tkev_source *src, void *udata,
       uint64_t now)
{
	struct tkev_event ch =
		ch_make(ident, filter, flags, fflags, data, src, udata);

	return tkev_kevent(q, &ch, 1, NULL, 0, now);
}

static inline int
collect(struct tkev_queue *q, struct tkev_event *ev, size_t n)
{
	return tkev_kevent(q, NULL, 0, ev, n, 0);
}

/*
 * The wheel's next deadline may be an earlier cascade point; expiring at
 * each such point must fire nothing and bring the answer closer until it
 * is exactly @p want.
 */
static inline void
assert_next_deadline(struct tkev_wheel *w, uint64_t want)
{
	uint64_t d = tkev_wheel_next_deadline(w), e;

	assert_true(d <= want);
	while (d < want) {
		assert_int_equal(tkev_wheel_expire(w, d), 0);
		e = tkev_wheel_next_deadline(w);
		assert_true(e > d);
		assert_true(e <= want);
		d = e;
	}
	assert_int_equal(d, want);
}

#endif
