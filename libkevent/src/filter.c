/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-filter behaviour: validation, registration, notification and the
 * event a knote reports.  Rule numbers (Kn) refer to the semantics
 * reference; the shape follows kqueue's filterops (kern_event.c).
 */
#include "kev_impl.h"

#define TKEV_TIMER_UNITS                                               \
	(TKEV_NOTE_SECONDS | TKEV_NOTE_MSECONDS | TKEV_NOTE_USECONDS | \
	 TKEV_NOTE_NSECONDS)
#define TKEV_PROC_NOTES (TKEV_NOTE_EXIT | TKEV_NOTE_FORK | TKEV_NOTE_EXEC)

static uint64_t
tkev_sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static int64_t
tkev_count_add(int64_t a, uint64_t b)
{
	uint64_t s = tkev_sat_add((uint64_t)a, b);

	return s > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)s;
}

bool
tkev_filter_has_source(int16_t filter)
{
	return filter != TKEV_FILT_TIMER && filter != TKEV_FILT_USER;
}

/* Nanoseconds per unit of a timer's fflags (K21: milliseconds default). */
static uint64_t
tkev_timer_unit(uint32_t fflags)
{
	switch (fflags & TKEV_TIMER_UNITS) {
	case TKEV_NOTE_SECONDS:
		return 1000000000u;
	case TKEV_NOTE_USECONDS:
		return 1000u;
	case TKEV_NOTE_NSECONDS:
		return 1u;
	default:
		return 1000000u;
	}
}

static int
tkev_timer_validate(const struct tkev_queue *q, const struct tkev_event *ch)
{
	uint32_t units = ch->fflags & TKEV_TIMER_UNITS;

	if (q->wheel == NULL)
		return -TKEV_EINVAL;
	if ((ch->fflags & ~(TKEV_TIMER_UNITS | TKEV_NOTE_ABSTIME)) != 0)
		return -TKEV_EINVAL;
	if ((units & (units - 1u)) != 0)
		return -TKEV_EINVAL; /* more than one unit */
	if (ch->data < 0)
		return -TKEV_EINVAL; /* K23 */
	/* K23: a huge interval must not wrap into "fire now". */
	if ((uint64_t)ch->data > UINT64_MAX / tkev_timer_unit(ch->fflags))
		return -TKEV_EINVAL;
	return 0;
}

int
tkev_filter_validate(const struct tkev_queue *q, const struct tkev_knote *kn,
		     const struct tkev_event *ch)
{
	/* A new knote, or one given another source than it watches (its
	 * source was closed, or the handle number now names another object,
	 * K13), must name a live source. */
	if (tkev_filter_has_source(ch->filter) &&
	    (kn == NULL || (ch->src != NULL && ch->src != kn->src))) {
		const struct tkev_source *src = ch->src;

		if (src == NULL || (src->state & TKEV_SRC_CLOSED) != 0)
			return -TKEV_EBADF;
		if ((src->filters & (1u << ch->filter)) == 0)
			return -TKEV_EINVAL;
	}
	switch (ch->filter) {
	case TKEV_FILT_TIMER:
		return tkev_timer_validate(q, ch);
	case TKEV_FILT_SIGNAL:
		/* K24: signal 0 or above the maximum is invalid. */
		if (ch->ident == 0 || ch->ident > TKEV_SIGNAL_MAX)
			return -TKEV_EINVAL;
		return 0;
	case TKEV_FILT_PROC:
		if ((ch->fflags & ~TKEV_PROC_NOTES) != 0)
			return -TKEV_EINVAL;
		return 0;
	default:
		return 0;
	}
}

static void
tkev_poll(const struct tkev_source *src, int16_t filter, int64_t *data,
	  bool *eof)
{
	*data = 0;
	*eof = false;
	if ((src->state & TKEV_SRC_QUEUE) != 0)
		*data = tkev_queue_poll(src); /* K28: pending events */
	else if (src->ops != NULL && src->ops->poll != NULL)
		src->ops->poll(src, filter, data, eof);
}

bool
tkev_filter_level_ready(const struct tkev_knote *kn, int64_t *data, bool *eof)
{
	int64_t lowat = 1;

	if (kn->src == NULL) {
		/* Closed: only the end of file is left to report. */
		*data = 0;
		*eof = (kn->status & KN_EOF) != 0;
		return *eof;
	}
	tkev_poll(kn->src, kn->filter, data, eof);
	if ((kn->sfflags & TKEV_NOTE_LOWAT) != 0 && kn->sdata > 1)
		lowat = kn->sdata; /* K19 */
	return *eof || *data >= lowat;
}

static void
tkev_user_touch(struct tkev_knote *kn, const struct tkev_event *ch,
		struct tkev_queue **wl)
{
	uint32_t ff = ch->fflags & TKEV_NOTE_FFLAGSMASK;

	/* K26: the control bits say how the input combines. */
	switch (ch->fflags & TKEV_NOTE_FFCTRLMASK) {
	case TKEV_NOTE_FFAND:
		kn->sfflags &= ff;
		break;
	case TKEV_NOTE_FFOR:
		kn->sfflags |= ff;
		break;
	case TKEV_NOTE_FFCOPY:
		kn->sfflags = ff;
		break;
	default:
		break;
	}
	kn->sdata = ch->data;
	if ((ch->fflags & TKEV_NOTE_TRIGGER) != 0)
		tkev_kn_activate(kn, wl);
}

static void
tkev_timer_register(struct tkev_knote *kn, const struct tkev_event *ch,
		    uint64_t now)
{
	uint64_t unit = tkev_timer_unit(ch->fflags);
	uint64_t span = (uint64_t)ch->data * unit;

	/* K22: the old timer and its undelivered expirations go. */
	tkev_wheel_remove(kn->kq->wheel, &kn->timer);
	tkev_kn_dequeue(kn);
	kn->status &= (uint16_t) ~(KN_ACTIVE | KN_ABSTIME);
	kn->data = 0;
	if ((ch->fflags & TKEV_NOTE_ABSTIME) != 0) {
		/* K23: absolute, fires once, even when already past. */
		kn->status |= KN_ABSTIME;
		kn->flags |= TKEV_EV_ONESHOT;
		kn->period = 0;
		tkev_wheel_add(kn->kq->wheel, &kn->timer, span);
		return;
	}
	kn->flags |= TKEV_EV_CLEAR; /* K21: forced for relative timers */
	if ((kn->flags & TKEV_EV_ONESHOT) != 0) {
		kn->period = 0;
	} else {
		if (span == 0)
			span = unit; /* K23: a periodic 0 becomes one unit */
		kn->period = span;
	}
	tkev_wheel_add(kn->kq->wheel, &kn->timer, tkev_sat_add(now, span));
}

static void
tkev_proc_register(struct tkev_knote *kn, struct tkev_queue **wl)
{
	int64_t status;
	bool exited;

	kn->flags |= TKEV_EV_CLEAR;
	if (kn->src == NULL)
		return;
	/* K25: an exited, unreaped process fires at once (FreeBSD). */
	tkev_poll(kn->src, TKEV_FILT_PROC, &status, &exited);
	if (exited && (kn->sfflags & TKEV_NOTE_EXIT) != 0) {
		kn->fflags |= TKEV_NOTE_EXIT;
		kn->data = status;
		kn->status |= KN_EOF;
		tkev_kn_activate(kn, wl);
	}
}

void
tkev_filter_register(struct tkev_knote *kn, const struct tkev_event *ch,
		     uint64_t now, struct tkev_queue **wl)
{
	int64_t d;
	bool eof;

	if (ch->filter == TKEV_FILT_USER) {
		tkev_user_touch(kn, ch, wl);
		return;
	}
	/* K3: new saved fflags and data; the filter is evaluated again. */
	kn->sfflags = ch->fflags;
	kn->sdata = ch->data;
	switch (ch->filter) {
	case TKEV_FILT_TIMER:
		tkev_timer_register(kn, ch, now);
		break;
	case TKEV_FILT_PROC:
		tkev_proc_register(kn, wl);
		break;
	case TKEV_FILT_SIGNAL:
	case TKEV_FILT_IRQ:
		kn->flags |= TKEV_EV_CLEAR; /* K15, K24 */
		break;
	case TKEV_FILT_SHM:
		break;
	default:
		if (tkev_filter_level_ready(kn, &d, &eof))
			tkev_kn_activate(kn, wl);
		break;
	}
}

void
tkev_filter_touch(struct tkev_knote *kn, const struct tkev_event *ch,
		  struct tkev_queue **wl)
{
	if (kn->filter == TKEV_FILT_USER)
		tkev_user_touch(kn, ch, wl);
}

void
tkev_filter_timer_fire(struct tkev_knote *kn, uint64_t now,
		       struct tkev_queue **wl)
{
	uint64_t count = 1;

	if (kn->period != 0) {
		uint64_t late = now - kn->timer.deadline, next;

		/* K21: expirations are coalesced into one count. */
		count = late / kn->period + 1u;
		next = kn->timer.deadline;
		/* A next period past the end of time never comes. */
		if (count <= (UINT64_MAX - next) / kn->period)
			tkev_wheel_add(kn->kq->wheel, &kn->timer,
				       next + count * kn->period);
	}
	kn->data = tkev_count_add(kn->data, count);
	tkev_kn_activate(kn, wl);
}

static bool
tkev_shm_notify(struct tkev_knote *kn, uint32_t fflags, int64_t data,
		uint64_t ext)
{
	uint64_t off = (uint64_t)data, end;

	if (kn->sfflags != 0) {
		fflags &= kn->sfflags;
		if (fflags == 0)
			return false;
	}
	kn->fflags |= fflags;
	if (ext != 0) {
		end = tkev_sat_add(off, ext);
		if (kn->hi == kn->lo) {
			kn->lo = off;
			kn->hi = end;
		} else {
			kn->lo = off < kn->lo ? off : kn->lo;
			kn->hi = end > kn->hi ? end : kn->hi;
		}
	}
	return true;
}

bool
tkev_filter_notify(struct tkev_knote *kn, int16_t filter, uint32_t fflags,
		   int64_t data, uint64_t ext)
{
	int64_t d;
	bool eof;

	switch (filter) {
	case TKEV_FILT_PROC:
		fflags &= kn->sfflags & TKEV_PROC_NOTES;
		if (fflags == 0)
			return false;
		kn->fflags |= fflags;
		if ((fflags & TKEV_NOTE_EXIT) != 0) {
			kn->data = data;
			kn->status |= KN_EOF;
		} else if ((kn->status & KN_EOF) == 0) {
			kn->data = data;
		}
		return true;
	case TKEV_FILT_SIGNAL:
		if ((uint64_t)data != kn->ident)
			return false;
		kn->data = tkev_count_add(kn->data, 1u);
		return true;
	case TKEV_FILT_IRQ:
		kn->data = tkev_count_add(kn->data,
					  data > 0 ? (uint64_t)data : 1u);
		return true;
	case TKEV_FILT_SHM:
		return tkev_shm_notify(kn, fflags, data, ext);
	default:
		return tkev_filter_level_ready(kn, &d, &eof);
	}
}

bool
tkev_filter_event(struct tkev_knote *kn, struct tkev_event *ev)
{
	bool eof = (kn->status & KN_EOF) != 0;
	int64_t d;

	ev->ident = kn->ident;
	ev->filter = kn->filter;
	ev->flags = kn->flags;
	ev->fflags = 0;
	ev->data = kn->data;
	ev->udata = kn->udata;
	ev->ext = 0;
	ev->src = kn->src;
	switch (kn->filter) {
	case TKEV_FILT_USER:
		/* K26: only the user bits are returned. */
		ev->fflags = kn->sfflags & TKEV_NOTE_FFLAGSMASK;
		ev->data = kn->sdata;
		break;
	case TKEV_FILT_TIMER:
		if ((kn->status & KN_ABSTIME) != 0)
			ev->data = 1; /* K23 */
		break;
	case TKEV_FILT_PROC:
		ev->fflags = kn->fflags;
		if (eof) /* K25: exit is EOF and the knote goes */
			ev->flags |= TKEV_EV_ONESHOT;
		break;
	case TKEV_FILT_SHM:
		ev->fflags = kn->fflags;
		ev->data = (int64_t)(kn->hi - kn->lo);
		ev->ext = kn->lo;
		break;
	case TKEV_FILT_SIGNAL:
	case TKEV_FILT_IRQ:
		break;
	default:
		if (!tkev_filter_level_ready(kn, &d, &eof))
			return false;
		ev->data = d;
		break;
	}
	if (eof)
		ev->flags |= TKEV_EV_EOF;
	return true;
}

void
tkev_filter_reset(struct tkev_knote *kn)
{
	/* K15: accumulated state restarts after an EV_CLEAR delivery. */
	if (kn->filter != TKEV_FILT_USER)
		kn->data = 0;
	kn->fflags = 0;
	kn->lo = 0;
	kn->hi = 0;
}
