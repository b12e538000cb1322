/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The queue: knote pool, (ident, filter) hash, the FIFO of active knotes,
 * change processing and collection (kqueue_register and kqueue_scan in
 * FreeBSD's kern_event.c are the model; the code is our own).
 */
#include "kev_impl.h"

#define TKEV_CHANGE_FLAGS                                                  \
	(TKEV_EV_ADD | TKEV_EV_DELETE | TKEV_EV_ENABLE | TKEV_EV_DISABLE | \
	 KN_STICKY | TKEV_EV_KEEPUDATA)

static size_t
tkev_hash(uint64_t ident, int16_t filter, size_t mask)
{
	uint64_t h = ident ^ ((uint64_t)(uint16_t)filter << 48);

	h *= 0x9e3779b97f4a7c15u;
	return (size_t)(h >> 29) & mask;
}

static struct tkev_knote *
tkev_lookup(const struct tkev_queue *q, uint64_t ident, int16_t filter)
{
	struct tkev_link *h = &q->buckets[tkev_hash(ident, filter, q->mask)];
	struct tkev_link *n;

	for (n = h->next; n != h; n = n->next) {
		struct tkev_knote *kn =
			TKEV_CONTAINER(n, struct tkev_knote, hlink);

		if (kn->ident == ident && kn->filter == filter)
			return kn;
	}
	return NULL;
}

static void
tkev_enqueue(struct tkev_queue *q, struct tkev_knote *kn)
{
	tkev_link_tail(&q->active, &kn->alink);
	kn->status |= KN_QUEUED;
	q->nqueued++;
}

void
tkev_kn_activate(struct tkev_knote *kn, struct tkev_queue **wl)
{
	struct tkev_queue *q = kn->kq;

	kn->status |= KN_ACTIVE;
	if ((kn->status & (KN_QUEUED | KN_DISABLED)) != 0)
		return; /* K12: a disabled knote stays active, unqueued */
	tkev_enqueue(q, kn);
	if (q->nqueued == 1)
		q->waking |= TKEV_WAKE_DUE;
	/*
	 * Watchers of this queue hear of every new event, not only of the
	 * first, as kqueue_wakeup() runs on each enqueue: an EV_CLEAR watcher
	 * would otherwise miss events that arrive while others are pending.
	 */
	if ((q->nqueued == 1 || !tkev_link_empty(&q->self.knotes)) &&
	    (q->waking & TKEV_WAKE_LISTED) == 0) {
		q->waking |= TKEV_WAKE_LISTED;
		q->wnext = *wl;
		*wl = q;
	}
}

void
tkev_kn_dequeue(struct tkev_knote *kn)
{
	if ((kn->status & KN_QUEUED) == 0)
		return;
	TKEV_ASSERT(kn->kq->nqueued > 0);
	tkev_link_remove(&kn->alink);
	kn->status &= (uint16_t)~KN_QUEUED;
	kn->kq->nqueued--;
}

void
tkev_kn_free(struct tkev_knote *kn)
{
	struct tkev_queue *q = kn->kq;

	tkev_kn_dequeue(kn);
	tkev_link_remove(&kn->hlink);
	tkev_link_remove(&kn->slink);
	if (q->wheel != NULL)
		tkev_wheel_remove(q->wheel, &kn->timer);
	kn->status = 0;
	kn->src = NULL;
	kn->hlink.next = q->free != NULL ? &q->free->hlink : NULL;
	q->free = kn;
	q->nknotes--;
}

/*
 * Queues that went from empty to non-empty: run the wake callback and
 * activate the knotes of queues that watch them (K28).  A worklist instead
 * of a nested call keeps the stack flat however deep queues are stacked.
 */
void
tkev_wake_flush(struct tkev_queue **wl)
{
	while (*wl != NULL) {
		struct tkev_queue *q = *wl;
		bool due = (q->waking & TKEV_WAKE_DUE) != 0;
		struct tkev_link *n;

		*wl = q->wnext;
		q->wnext = NULL;
		q->waking = 0;
		if (due && q->wake != NULL)
			q->wake(q, q->wake_arg);
		for (n = q->self.knotes.next; n != &q->self.knotes;
		     n = n->next) {
			struct tkev_knote *kn =
				TKEV_CONTAINER(n, struct tkev_knote, slink);
			int64_t d;
			bool eof;

			if (tkev_filter_level_ready(kn, &d, &eof))
				tkev_kn_activate(kn, wl);
		}
	}
}

int64_t
tkev_queue_poll(const struct tkev_source *src)
{
	const struct tkev_queue *q =
		TKEV_CONTAINER_CONST(src, struct tkev_queue, self);

	return (int64_t)q->nqueued;
}

int
tkev_queue_init(struct tkev_queue *q, const struct tkev_queue_config *cfg)
{
	size_t i;

	if (q == NULL || cfg == NULL || cfg->knotes == NULL ||
	    cfg->buckets == NULL)
		return -TKEV_EFAULT;
	if (cfg->nknotes == 0 || cfg->nbuckets == 0 ||
	    (cfg->nbuckets & (cfg->nbuckets - 1u)) != 0)
		return -TKEV_EINVAL;
	if (cfg->wheel != NULL && cfg->wheel->magic != TKEV_WHEEL_MAGIC)
		return -TKEV_EINVAL;
	TKEV_MEMSET(q, 0, sizeof(*q));
	/* No ops table: a table of pointers would be a relocated global. */
	tkev_link_init(&q->self.knotes);
	q->self.filters = 1u << TKEV_FILT_READ;
	q->self.state = TKEV_SRC_QUEUE;
	q->self.ctx = q;
	tkev_link_init(&q->active);
	q->buckets = cfg->buckets;
	q->mask = cfg->nbuckets - 1u;
	for (i = 0; i < cfg->nbuckets; i++)
		tkev_link_init(&q->buckets[i]);
	q->pool = cfg->knotes;
	q->npool = cfg->nknotes;
	TKEV_MEMSET(q->pool, 0, cfg->nknotes * sizeof(*q->pool));
	for (i = cfg->nknotes; i > 0; i--) {
		struct tkev_knote *kn = &q->pool[i - 1u];

		kn->kq = q;
		kn->hlink.next = q->free != NULL ? &q->free->hlink : NULL;
		q->free = kn;
	}
	q->wheel = cfg->wheel;
	q->wake = cfg->wake;
	q->wake_arg = cfg->wake_arg;
	q->magic = TKEV_QUEUE_MAGIC;
	return 0;
}

int
tkev_queue_destroy(struct tkev_queue *q)
{
	size_t i;

	if (q == NULL)
		return -TKEV_EFAULT;
	if (q->magic != TKEV_QUEUE_MAGIC)
		return -TKEV_EBADF;
	/* Watchers of this queue see EOF; then every knote is detached. */
	(void)tkev_source_close(&q->self, TKEV_CLOSE_EOF);
	for (i = 0; i < q->npool; i++) {
		if ((q->pool[i].status & KN_INUSE) != 0)
			tkev_kn_free(&q->pool[i]);
	}
	q->magic = 0;
	return 0;
}

static struct tkev_knote *
tkev_kn_alloc(struct tkev_queue *q, const struct tkev_event *ch)
{
	struct tkev_knote *kn = q->free;

	q->free = kn->hlink.next != NULL
			  ? TKEV_CONTAINER(kn->hlink.next, struct tkev_knote,
					   hlink)
			  : NULL;
	kn->ident = ch->ident;
	kn->filter = ch->filter;
	kn->flags = 0;
	kn->status = KN_INUSE;
	kn->data = 0;
	kn->sdata = 0;
	kn->fflags = 0;
	kn->sfflags = 0;
	kn->udata = NULL;
	kn->lo = 0;
	kn->hi = 0;
	kn->period = 0;
	kn->timer.fn = NULL;
	kn->timer.bucket = TKEV_NO_BUCKET;
	tkev_link_init(&kn->timer.link);
	tkev_link_init(&kn->alink);
	tkev_link_init(&kn->slink);
	tkev_link_tail(&q->buckets[tkev_hash(ch->ident, ch->filter, q->mask)],
		       &kn->hlink);
	kn->src = NULL;
	if (tkev_filter_has_source(ch->filter)) {
		kn->src = ch->src;
		tkev_link_tail(&kn->src->knotes, &kn->slink);
	}
	q->nknotes++;
	return kn;
}

/*
 * K13: the ident of this knote now names another object (its source was
 * closed with EOF, or the handle number was reused while the old object
 * lives on).  Nothing of the old object may leak into the new one: its
 * pending event, EOF and accumulated state go.
 */
static void
tkev_kn_reattach(struct tkev_knote *kn, struct tkev_source *src)
{
	tkev_link_remove(&kn->slink); /* a no-op once detached */
	tkev_kn_dequeue(kn);
	kn->status &= (uint16_t) ~(KN_ACTIVE | KN_EOF);
	kn->data = 0;
	kn->fflags = 0;
	kn->lo = 0;
	kn->hi = 0;
	kn->src = src;
	tkev_link_tail(&src->knotes, &kn->slink);
}

/* Validate one change fully, then apply it; on error nothing changed. */
static int
tkev_apply(struct tkev_queue *q, const struct tkev_event *ch, uint64_t now,
	   struct tkev_queue **wl)
{
	uint16_t flags = ch->flags & (uint16_t) ~(TKEV_EV_ERROR | TKEV_EV_EOF);
	struct tkev_knote *kn;
	int err;

	if ((flags & ~TKEV_CHANGE_FLAGS) != 0 || ch->filter < 1 ||
	    ch->filter > TKEV_FILT_MAX)
		return -TKEV_EINVAL; /* K7 */
	if ((flags & (TKEV_EV_KEEPUDATA | TKEV_EV_ADD)) ==
	    (TKEV_EV_KEEPUDATA | TKEV_EV_ADD))
		return -TKEV_EINVAL; /* K4 */
	kn = tkev_lookup(q, ch->ident, ch->filter);
	if (kn == NULL && (flags & TKEV_EV_ADD) == 0)
		return -TKEV_ENOENT; /* K5 */
	if ((flags & TKEV_EV_ADD) != 0) {
		err = tkev_filter_validate(q, kn, ch);
		if (err != 0)
			return err;
		if (kn == NULL && q->free == NULL)
			return -TKEV_ENOSPC;
		if (kn == NULL)
			kn = tkev_kn_alloc(q, ch);
		else if (ch->src != NULL && ch->src != kn->src &&
			 tkev_filter_has_source(ch->filter))
			tkev_kn_reattach(kn, ch->src);
	} else if ((flags & TKEV_EV_DELETE) != 0) {
		tkev_kn_free(kn); /* K13: the queued event goes too */
		return 0;
	}
	/* K6: disable before the filter runs, enable last. */
	if ((flags & TKEV_EV_DISABLE) != 0) {
		kn->status |= KN_DISABLED;
		tkev_kn_dequeue(kn);
	}
	if ((flags & TKEV_EV_ADD) != 0) {
		kn->udata = ch->udata;
		kn->flags = (uint16_t)((kn->flags & TKEV_EV_RECEIPT) |
				       (flags & KN_STICKY));
		tkev_filter_register(kn, ch, now, wl);
	} else {
		if ((flags & TKEV_EV_KEEPUDATA) == 0)
			kn->udata = ch->udata; /* K4 */
		tkev_filter_touch(kn, ch, wl);
	}
	if ((flags & TKEV_EV_ENABLE) != 0 ||
	    (flags & (TKEV_EV_ADD | TKEV_EV_DISABLE)) == TKEV_EV_ADD) {
		kn->status &= (uint16_t)~KN_DISABLED; /* K11 */
		if ((kn->status & KN_ACTIVE) != 0)
			tkev_kn_activate(kn, wl);
	}
	return 0;
}

static int
tkev_collect(struct tkev_queue *q, struct tkev_event *events, size_t nevents)
{
	size_t budget = q->nqueued, n = 0;

	/* Only knotes queued on entry are looked at: re-queued ones wait. */
	while (n < nevents && budget > 0) {
		struct tkev_knote *kn = TKEV_CONTAINER(
			q->active.next, struct tkev_knote, alink);
		struct tkev_event *ev = &events[n];

		budget--;
		tkev_kn_dequeue(kn);
		if (!tkev_filter_event(kn, ev)) {
			kn->status &= (uint16_t)~KN_ACTIVE; /* level dropped */
			continue;
		}
		n++;
		if ((ev->flags & TKEV_EV_ONESHOT) != 0) {
			tkev_kn_free(kn); /* K14 */
			continue;
		}
		if ((kn->flags & TKEV_EV_CLEAR) != 0) {
			tkev_filter_reset(kn);
			kn->status &= (uint16_t)~KN_ACTIVE;
		}
		if ((kn->flags & TKEV_EV_DISPATCH) != 0)
			kn->status |= KN_DISABLED; /* K16 */
		else if ((kn->status & KN_ACTIVE) != 0)
			tkev_enqueue(q, kn); /* back of the line */
	}
	return (int)n;
}

int
tkev_kevent(struct tkev_queue *q, const struct tkev_event *changes,
	    size_t nchanges, struct tkev_event *events, size_t nevents,
	    uint64_t now)
{
	size_t i, nerr = 0;

	if (q == NULL)
		return -TKEV_EFAULT;
	if (q->magic != TKEV_QUEUE_MAGIC)
		return -TKEV_EBADF;
	if ((changes == NULL && nchanges != 0) ||
	    (events == NULL && nevents != 0))
		return -TKEV_EFAULT;
	if (nchanges > INT32_MAX || nevents > INT32_MAX)
		return -TKEV_EINVAL;
	for (i = 0; i < nchanges; i++) {
		struct tkev_event ch = changes[i]; /* may alias events */
		struct tkev_queue *wl = NULL;
		int err;

		if (ch.filter == 0)
			continue; /* K7 */
		err = tkev_apply(q, &ch, now, &wl);
		tkev_wake_flush(&wl);
		if (err == 0 && (ch.flags & TKEV_EV_RECEIPT) == 0)
			continue;
		if (nerr == nevents) {
			/* K8, K9: no room to report: stop here. */
			return err != 0 ? err : (int)nerr;
		}
		ch.flags |= TKEV_EV_ERROR;
		ch.data = -(int64_t)err;
		events[nerr++] = ch;
	}
	if (nerr != 0)
		return (int)nerr;
	return tkev_collect(q, events, nevents);
}

size_t
tkev_queue_pending(const struct tkev_queue *q)
{
	if (q == NULL || q->magic != TKEV_QUEUE_MAGIC)
		return 0;
	return q->nqueued;
}

struct tkev_source *
tkev_queue_source(struct tkev_queue *q)
{
	return q != NULL ? &q->self : NULL;
}
