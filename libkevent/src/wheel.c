/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hierarchical timing wheel (Varghese and Lauck, "Hashed and Hierarchical
 * Timing Wheels", 1987; the same scheme as Linux's timer wheel).
 *
 * Ticks are deadline >> shift.  A timer whose tick e first differs from the
 * current tick cur in digit l (6 bits per digit) sits in level l, slot
 * digit_l(e).  Every timer in level l is earlier than every timer in level
 * l + 1, and within a level the slot order is the time order, so the
 * earliest timer is in the lowest occupied slot of the lowest occupied
 * level: one bit map per level finds it without scanning slots.  When cur
 * reaches the start of a higher-level slot, that slot is cascaded (its
 * timers are placed again relative to the new cur).
 */
#include "kev_impl.h"

static uint64_t
tkev_ones_above(unsigned int bits)
{
	return bits >= 64u ? 0u : ~(uint64_t)0 << bits;
}

static void
tkev_place(struct tkev_wheel *w, struct tkev_timer *t)
{
	uint64_t e = t->deadline >> w->shift;
	uint64_t diff;
	unsigned int level = 0, slot;

	if (e < w->cur)
		e = w->cur; /* in the past: due at the next expire */
	diff = e ^ w->cur;
	if (diff != 0)
		level = (63u - (unsigned int)__builtin_clzll(diff)) /
			TKEV_WHEEL_BITS;
	slot = (unsigned int)(e >> (level * TKEV_WHEEL_BITS)) &
	       (TKEV_WHEEL_SLOTS - 1u);
	tkev_link_tail(&w->slot[level][slot], &t->link);
	w->occupied[level] |= (uint64_t)1 << slot;
	t->bucket = level * TKEV_WHEEL_SLOTS + slot;
}

void
tkev_wheel_remove(struct tkev_wheel *w, struct tkev_timer *t)
{
	unsigned int level, slot;

	if (t->bucket == TKEV_NO_BUCKET)
		return;
	level = t->bucket / TKEV_WHEEL_SLOTS;
	slot = t->bucket % TKEV_WHEEL_SLOTS;
	tkev_link_remove(&t->link);
	if (tkev_link_empty(&w->slot[level][slot]))
		w->occupied[level] &= ~((uint64_t)1 << slot);
	t->bucket = TKEV_NO_BUCKET;
	w->count--;
}

void
tkev_wheel_add(struct tkev_wheel *w, struct tkev_timer *t, uint64_t deadline)
{
	tkev_wheel_remove(w, t);
	t->deadline = deadline;
	tkev_place(w, t);
	w->count++;
}

/* Lowest occupied slot of the lowest occupied level; false if empty. */
static bool
tkev_first_slot(const struct tkev_wheel *w, unsigned int *level,
		unsigned int *slot)
{
	unsigned int l;

	for (l = 0; l < TKEV_WHEEL_LEVELS; l++) {
		if (w->occupied[l] != 0) {
			*level = l;
			*slot = (unsigned int)__builtin_ctzll(w->occupied[l]);
			return true;
		}
	}
	return false;
}

/* First tick covered by (level, slot) given the current tick. */
static uint64_t
tkev_slot_start(const struct tkev_wheel *w, unsigned int level,
		unsigned int slot)
{
	unsigned int low = level * TKEV_WHEEL_BITS;

	return (w->cur & tkev_ones_above(low + TKEV_WHEEL_BITS)) |
	       ((uint64_t)slot << low);
}

int
tkev_wheel_init(struct tkev_wheel *w, uint64_t now, uint32_t shift)
{
	unsigned int l, s;

	if (w == NULL)
		return -TKEV_EFAULT;
	if (shift > 32u)
		return -TKEV_EINVAL;
	for (l = 0; l < TKEV_WHEEL_LEVELS; l++) {
		for (s = 0; s < TKEV_WHEEL_SLOTS; s++)
			tkev_link_init(&w->slot[l][s]);
		w->occupied[l] = 0;
	}
	w->shift = shift;
	w->cur = now >> shift;
	w->count = 0;
	w->magic = TKEV_WHEEL_MAGIC;
	return 0;
}

uint64_t
tkev_wheel_next_deadline(const struct tkev_wheel *w)
{
	const struct tkev_link *h, *n;
	uint64_t best = TKEV_NO_DEADLINE;
	unsigned int l, s;

	if (w == NULL || w->magic != TKEV_WHEEL_MAGIC ||
	    !tkev_first_slot(w, &l, &s))
		return TKEV_NO_DEADLINE;
	/*
	 * A higher-level slot may hold many timers: answer its start, when
	 * it must be cascaded, rather than scan it (bounded cost in an
	 * interrupt handler).  An expire at that time fires nothing and
	 * moves the timers down, so the answer sharpens level by level.
	 */
	if (l > 0)
		return tkev_slot_start(w, l, s) << w->shift;
	/* Level 0 holds one tick: its earliest timer is the earliest. */
	h = &w->slot[0][s];
	for (n = h->next; n != h; n = n->next) {
		const struct tkev_timer *t =
			TKEV_CONTAINER_CONST(n, struct tkev_timer, link);
		if (t->deadline < best)
			best = t->deadline;
	}
	return best;
}

static void
tkev_cascade(struct tkev_wheel *w, unsigned int level, unsigned int slot)
{
	struct tkev_link *h = &w->slot[level][slot];
	struct tkev_link tmp;

	/* Move the slot's list (never empty here) to a local head. */
	tmp.next = h->next;
	tmp.prev = h->prev;
	tmp.next->prev = &tmp;
	tmp.prev->next = &tmp;
	tkev_link_init(h);
	w->occupied[level] &= ~((uint64_t)1 << slot);
	while (!tkev_link_empty(&tmp)) {
		struct tkev_timer *t =
			TKEV_CONTAINER(tmp.next, struct tkev_timer, link);
		tkev_link_remove(&t->link);
		tkev_place(w, t);
	}
}

/*
 * First timer of a level-0 slot that is due at @now, or NULL.  A slot
 * before the tick of @now holds only due timers; only the slot of the
 * current tick needs a look at each deadline.
 */
static struct tkev_timer *
tkev_due(struct tkev_wheel *w, unsigned int slot, uint64_t now, bool all)
{
	struct tkev_link *h = &w->slot[0][slot], *n;

	if (all)
		return TKEV_CONTAINER(h->next, struct tkev_timer, link);

	for (n = h->next; n != h; n = n->next) {
		struct tkev_timer *t =
			TKEV_CONTAINER(n, struct tkev_timer, link);
		if (t->deadline <= now)
			return t;
	}
	return NULL;
}

size_t
tkev_wheel_expire(struct tkev_wheel *w, uint64_t now)
{
	struct tkev_queue *wl = NULL;
	uint64_t target, start;
	unsigned int l, s;
	size_t fired = 0;

	if (w == NULL || w->magic != TKEV_WHEEL_MAGIC)
		return 0;
	target = now >> w->shift;
	while (tkev_first_slot(w, &l, &s)) {
		struct tkev_timer *t;

		start = tkev_slot_start(w, l, s);
		TKEV_ASSERT(start >= w->cur);
		if (start > target)
			break;
		w->cur = start;
		if (l > 0) {
			tkev_cascade(w, l, s);
			continue;
		}
		t = tkev_due(w, s, now, start < target);
		if (t == NULL)
			break; /* only later parts of the current tick left */
		tkev_wheel_remove(w, t);
		fired++;
		if (t->fn != NULL)
			t->fn(t, now, t->arg);
		else
			tkev_filter_timer_fire(tkev_kn_of_timer(t), now, &wl);
	}
	if (w->cur < target)
		w->cur = target;
	tkev_wake_flush(&wl);
	return fired;
}

int
tkev_timer_init(struct tkev_timer *t, tkev_timer_fn fn, void *arg)
{
	if (t == NULL || fn == NULL)
		return -TKEV_EFAULT;
	tkev_link_init(&t->link);
	t->deadline = 0;
	t->fn = fn;
	t->arg = arg;
	t->bucket = TKEV_NO_BUCKET;
	return 0;
}

int
tkev_timer_start(struct tkev_wheel *w, struct tkev_timer *t, uint64_t deadline)
{
	if (w == NULL || t == NULL)
		return -TKEV_EFAULT;
	if (w->magic != TKEV_WHEEL_MAGIC)
		return -TKEV_EBADF;
	if (t->fn == NULL)
		return -TKEV_EINVAL;
	tkev_wheel_add(w, t, deadline);
	return 0;
}

int
tkev_timer_cancel(struct tkev_wheel *w, struct tkev_timer *t)
{
	if (w == NULL || t == NULL)
		return -TKEV_EFAULT;
	if (t->bucket == TKEV_NO_BUCKET)
		return -TKEV_ENOENT;
	tkev_wheel_remove(w, t);
	return 0;
}

bool
tkev_timer_armed(const struct tkev_timer *t)
{
	return t != NULL && t->bucket != TKEV_NO_BUCKET;
}
