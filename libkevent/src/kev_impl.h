/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private declarations shared by the libkevent sources.
 */
#ifndef TKEV_KEV_IMPL_H
#define TKEV_KEV_IMPL_H

#include <tessera/kevent.h>

#define TKEV_QUEUE_MAGIC 0x6b657571u
#define TKEV_WHEEL_MAGIC 0x6b657768u
#define TKEV_NO_BUCKET	 0xffffffffu

/* Source state bits (struct tkev_source.state). */
#define TKEV_SRC_CLOSED 0x1u /* closed: no new knotes */
#define TKEV_SRC_QUEUE	0x2u /* the source embedded in a queue */

/* Queue waking bits (struct tkev_queue.waking). */
#define TKEV_WAKE_LISTED 0x1u /* on a wake worklist */
#define TKEV_WAKE_DUE	 0x2u /* went from empty to non-empty */

/* Knote status bits (struct tkev_knote.status). */
#define KN_ACTIVE   0x01u /* the filter says an event is pending */
#define KN_QUEUED   0x02u /* on the queue's active list */
#define KN_DISABLED 0x04u /* EV_DISABLE in force */
#define KN_EOF	    0x08u /* source closed or process exited */
#define KN_INUSE    0x10u /* allocated from the pool */
#define KN_ABSTIME  0x20u /* timer with NOTE_ABSTIME */

/* Flags kept on a knote and reported with its events. */
#define KN_STICKY \
	(TKEV_EV_ONESHOT | TKEV_EV_CLEAR | TKEV_EV_DISPATCH | TKEV_EV_RECEIPT)

#define TKEV_CONTAINER(p, type, member) \
	((type *)(void *)((char *)(p)-offsetof(type, member)))
#define TKEV_CONTAINER_CONST(p, type, member) \
	((const type *)(const void *)((const char *)(p)-offsetof(type, member)))

static inline void
tkev_link_init(struct tkev_link *h)
{
	h->next = h;
	h->prev = h;
}

static inline bool
tkev_link_empty(const struct tkev_link *h)
{
	return h->next == h;
}

static inline void
tkev_link_tail(struct tkev_link *h, struct tkev_link *n)
{
	n->prev = h->prev;
	n->next = h;
	h->prev->next = n;
	h->prev = n;
}

static inline void
tkev_link_remove(struct tkev_link *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n;
	n->prev = n;
}

static inline struct tkev_knote *
tkev_kn_of_timer(struct tkev_timer *t)
{
	return TKEV_CONTAINER(t, struct tkev_knote, timer);
}

/* queue.c */
int64_t tkev_queue_poll(const struct tkev_source *src);
void tkev_kn_activate(struct tkev_knote *kn, struct tkev_queue **wl);
void tkev_kn_dequeue(struct tkev_knote *kn);
void tkev_kn_free(struct tkev_knote *kn);
void tkev_wake_flush(struct tkev_queue **wl);

/* wheel.c */
void tkev_wheel_add(struct tkev_wheel *w, struct tkev_timer *t,
		    uint64_t deadline);
void tkev_wheel_remove(struct tkev_wheel *w, struct tkev_timer *t);

/* filter.c */
bool tkev_filter_has_source(int16_t filter);
int tkev_filter_validate(const struct tkev_queue *q,
			 const struct tkev_knote *kn,
			 const struct tkev_event *ch);
void tkev_filter_register(struct tkev_knote *kn, const struct tkev_event *ch,
			  uint64_t now, struct tkev_queue **wl);
void tkev_filter_touch(struct tkev_knote *kn, const struct tkev_event *ch,
		       struct tkev_queue **wl);
bool tkev_filter_event(struct tkev_knote *kn, struct tkev_event *ev);
void tkev_filter_reset(struct tkev_knote *kn);
void tkev_filter_timer_fire(struct tkev_knote *kn, uint64_t now,
			    struct tkev_queue **wl);
bool tkev_filter_notify(struct tkev_knote *kn, int16_t filter, uint32_t fflags,
			int64_t data, uint64_t ext);
bool tkev_filter_level_ready(const struct tkev_knote *kn, int64_t *data,
			     bool *eof);

#endif
