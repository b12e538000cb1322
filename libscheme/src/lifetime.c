/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Slot lifetimes: allocation and release of handles, requests and lanes,
 * the per-scheme queues, and what happens when a request is cancelled, a
 * handle closed, a client dies or a server goes away.  Every path returns
 * each slot to its free list exactly once.
 */
#include "scheme_impl.h"

int
tscheme__handle_idx(const struct tscheme_ns *ns, uint32_t client,
		    uint32_t token)
{
	uint32_t idx = token & 0xFFFFu;
	const struct tscheme_handle *h;

	if (idx >= ns->cfg.nhandles)
		return -TSCHEME_EBADF;
	h = &ns->cfg.handles[idx];
	if (h->gen != (uint16_t)(token >> 16) || h->client != client)
		return -TSCHEME_EBADF;
	if (h->state != HS_OPEN && h->state != HS_DEAD && h->state != HS_ROOT)
		return -TSCHEME_EBADF;
	return (int)idx;
}

uint16_t
tscheme__handle_alloc(struct tscheme_ns *ns, uint32_t client, uint8_t state,
		      uint16_t scheme)
{
	uint16_t idx = ns->free_handle;
	struct tscheme_handle *h;

	if (idx == TS_NIL)
		return TS_NIL;
	h = &ns->cfg.handles[idx];
	ns->free_handle = h->next;
	if (ns->free_handle == TS_NIL)
		ns->free_handle_tail = TS_NIL;
	h->gen = ts_gen_next(h->gen);
	h->state = state;
	h->client = client;
	h->scheme = scheme;
	h->id = 0;
	h->pos = 0;
	h->events = 0;
	h->nreq = 0;
	h->next = TS_NIL;
	return idx;
}

void
tscheme__handle_free(struct tscheme_ns *ns, uint16_t idx)
{
	struct tscheme_handle *h = &ns->cfg.handles[idx];

	h->state = HS_FREE;
	h->next = TS_NIL;
	if (ns->free_handle_tail == TS_NIL)
		ns->free_handle = idx;
	else
		ns->cfg.handles[ns->free_handle_tail].next = idx;
	ns->free_handle_tail = idx;
}

uint16_t
tscheme__req_alloc(struct tscheme_ns *ns)
{
	uint16_t idx = ns->free_req;
	struct tscheme_req *r;

	if (idx == TS_NIL)
		return TS_NIL;
	r = &ns->cfg.reqs[idx];
	ns->free_req = r->next;
	if (ns->free_req == TS_NIL)
		ns->free_req_tail = TS_NIL;
	r->gen = ts_gen_next(r->gen);
	r->notice = 0;
	r->handle = r->newh = r->lane = TS_NIL;
	r->prev = r->next = TS_NIL;
	return idx;
}

void
tscheme__req_free(struct tscheme_ns *ns, uint16_t idx)
{
	struct tscheme_req *r = &ns->cfg.reqs[idx];

	r->state = RS_FREE;
	r->next = TS_NIL;
	if (ns->free_req_tail == TS_NIL)
		ns->free_req = idx;
	else
		ns->cfg.reqs[ns->free_req_tail].next = idx;
	ns->free_req_tail = idx;
}

/* Lanes: one per (client, scheme) with outstanding requests.  Lanes with
 * queued requests are in a list served round robin, so a busy client
 * cannot starve a quiet one; lanes whose requests are all in flight wait
 * in the scheme's idle list, so that those requests still count against
 * the client's share until they are answered. */
static void
ts_lane_unlink(struct tscheme_ns *ns, struct tscheme_scheme *s, uint16_t l)
{
	struct tscheme_lane *ln = &ns->cfg.lanes[l];

	if (ln->prev == TS_NIL)
		s->lane_head = ln->next;
	else
		ns->cfg.lanes[ln->prev].next = ln->next;
	if (ln->next == TS_NIL)
		s->lane_tail = ln->prev;
	else
		ns->cfg.lanes[ln->next].prev = ln->prev;
}

static void
ts_lane_append(struct tscheme_ns *ns, struct tscheme_scheme *s, uint16_t l)
{
	struct tscheme_lane *ln = &ns->cfg.lanes[l];

	ln->prev = s->lane_tail;
	ln->next = TS_NIL;
	if (s->lane_tail == TS_NIL)
		s->lane_head = l;
	else
		ns->cfg.lanes[s->lane_tail].next = l;
	s->lane_tail = l;
}

static void
ts_lane_release(struct tscheme_ns *ns, uint16_t l)
{
	ns->cfg.lanes[l].next = ns->free_lane;
	ns->free_lane = l;
}

static void
ts_idle_push(struct tscheme_ns *ns, struct tscheme_scheme *s, uint16_t l)
{
	struct tscheme_lane *ln = &ns->cfg.lanes[l];

	ln->prev = TS_NIL;
	ln->next = s->idle_head;
	if (s->idle_head != TS_NIL)
		ns->cfg.lanes[s->idle_head].prev = l;
	s->idle_head = l;
}

static void
ts_idle_unlink(struct tscheme_ns *ns, struct tscheme_scheme *s, uint16_t l)
{
	struct tscheme_lane *ln = &ns->cfg.lanes[l];

	if (ln->prev == TS_NIL)
		s->idle_head = ln->next;
	else
		ns->cfg.lanes[ln->prev].next = ln->next;
	if (ln->next != TS_NIL)
		ns->cfg.lanes[ln->next].prev = ln->prev;
}

/* A request of lane @p l is no longer outstanding (answered, cancelled
 * while queued, or its cancellation acknowledged). */
static void
ts_lane_put(struct tscheme_ns *ns, uint16_t sidx, uint16_t l)
{
	struct tscheme_scheme *s = &ns->cfg.schemes[sidx];
	struct tscheme_lane *ln = &ns->cfg.lanes[l];

	TSCHEME_ASSERT(ln->out > ln->count && s->outstanding > 0);
	ln->out--;
	s->outstanding--;
	if (ln->out == 0) {
		ts_idle_unlink(ns, s, l);
		ts_lane_release(ns, l);
	}
}

static uint16_t
ts_lane_find(const struct tscheme_ns *ns, uint16_t l, uint32_t client)
{
	for (; l != TS_NIL; l = ns->cfg.lanes[l].next)
		if (ns->cfg.lanes[l].client == client)
			break;
	return l;
}

int
tscheme__admit(const struct tscheme_ns *ns, uint16_t sidx, uint32_t client,
	       uint16_t *lane)
{
	const struct tscheme_scheme *s = &ns->cfg.schemes[sidx];
	uint16_t l;

	if (s->outstanding >= s->qmax)
		return -TSCHEME_EAGAIN;
	l = ts_lane_find(ns, s->lane_head, client);
	if (l == TS_NIL)
		l = ts_lane_find(ns, s->idle_head, client);
	if (l != TS_NIL && ns->cfg.lanes[l].out >= s->qclient)
		return -TSCHEME_EAGAIN;
	if (l == TS_NIL && ns->free_lane == TS_NIL)
		return -TSCHEME_ENOSPC;
	*lane = l;
	return 0;
}

void
tscheme__enqueue(struct tscheme_ns *ns, uint16_t sidx, uint16_t lane,
		 uint16_t ridx)
{
	struct tscheme_scheme *s = &ns->cfg.schemes[sidx];
	struct tscheme_req *r = &ns->cfg.reqs[ridx];
	struct tscheme_lane *ln;

	if (lane == TS_NIL) {
		lane = ns->free_lane;
		ln = &ns->cfg.lanes[lane];
		ns->free_lane = ln->next;
		ln->client = r->client;
		ln->head = ln->tail = TS_NIL;
		ln->count = 0;
		ln->out = 0;
		ts_lane_append(ns, s, lane);
	} else if (ns->cfg.lanes[lane].count == 0) {
		/* Only requests in flight: back into the round robin. */
		ts_idle_unlink(ns, s, lane);
		ts_lane_append(ns, s, lane);
	}
	ln = &ns->cfg.lanes[lane];
	r->lane = lane;
	r->prev = ln->tail;
	r->next = TS_NIL;
	if (ln->tail == TS_NIL)
		ln->head = ridx;
	else
		ns->cfg.reqs[ln->tail].next = ridx;
	ln->tail = ridx;
	ln->count++;
	ln->out++;
	s->queued++;
	s->outstanding++;
	r->scheme = sidx;
	r->state = RS_QUEUED;
}

/* Take @p ridx out of its lane's queue; it stays outstanding on the lane,
 * which goes to the idle list when nothing of it is queued any more. */
static void
ts_unqueue(struct tscheme_ns *ns, uint16_t ridx)
{
	struct tscheme_req *r = &ns->cfg.reqs[ridx];
	struct tscheme_scheme *s = &ns->cfg.schemes[r->scheme];
	struct tscheme_lane *ln = &ns->cfg.lanes[r->lane];

	if (r->prev == TS_NIL)
		ln->head = r->next;
	else
		ns->cfg.reqs[r->prev].next = r->next;
	if (r->next == TS_NIL)
		ln->tail = r->prev;
	else
		ns->cfg.reqs[r->next].prev = r->prev;
	ln->count--;
	s->queued--;
	if (ln->count == 0) {
		ts_lane_unlink(ns, s, r->lane);
		ts_idle_push(ns, s, r->lane);
	}
	r->prev = r->next = TS_NIL;
}

uint16_t
tscheme__dequeue(struct tscheme_ns *ns, uint16_t sidx)
{
	struct tscheme_scheme *s = &ns->cfg.schemes[sidx];
	uint16_t l = s->lane_head, ridx;

	if (l == TS_NIL)
		return TS_NIL;
	ridx = ns->cfg.lanes[l].head;
	/* Serve the head lane once, then move it behind the others. */
	if (ns->cfg.lanes[l].count > 1 && s->lane_tail != l) {
		ts_lane_unlink(ns, s, l);
		ts_lane_append(ns, s, l);
	}
	ts_unqueue(ns, ridx);
	ns->cfg.reqs[ridx].state = RS_INFLIGHT;
	return ridx;
}

/* Drop the request's ties to handles: the handle it acts on and the slot
 * reserved for the handle an Open or Dup would create. */
static void
ts_detach(struct tscheme_ns *ns, struct tscheme_req *r)
{
	if (r->handle != TS_NIL) {
		ns->cfg.handles[r->handle].nreq--;
		r->handle = TS_NIL;
	}
	if (r->newh != TS_NIL) {
		tscheme__handle_free(ns, r->newh);
		r->newh = TS_NIL;
	}
}

static void
ts_notify_client(struct tscheme_ns *ns, const struct tscheme_req *r,
		 uint16_t ridx, int64_t result)
{
	struct tscheme_completion c;

	c.cookie = r->cookie;
	c.result = result;
	c.client = r->client;
	c.tag = ts_tok(ridx, r->gen);
	c.op = r->op;
	ns->cfg.ops->complete(ns->cfg.ctx, &c);
}

void
tscheme__finish(struct tscheme_ns *ns, uint16_t ridx, int64_t result)
{
	struct tscheme_req *r = &ns->cfg.reqs[ridx];

	if (r->lane != TS_NIL) {
		ts_lane_put(ns, r->scheme, r->lane);
		r->lane = TS_NIL;
	}
	ts_detach(ns, r);
	tscheme__req_free(ns, ridx);
	ts_notify_client(ns, r, ridx, result);
}

/* Cancel notices: orphaned requests the server has not yet been told
 * about, in a per-scheme FIFO linked through the (now unused) lane links. */
static void
ts_notice_push(struct tscheme_ns *ns, uint16_t ridx)
{
	struct tscheme_req *r = &ns->cfg.reqs[ridx];
	struct tscheme_scheme *s = &ns->cfg.schemes[r->scheme];

	r->notice = 1;
	r->prev = s->cancel_tail;
	r->next = TS_NIL;
	if (s->cancel_tail == TS_NIL)
		s->cancel_head = ridx;
	else
		ns->cfg.reqs[s->cancel_tail].next = ridx;
	s->cancel_tail = ridx;
}

static void
ts_notice_unlink(struct tscheme_ns *ns, uint16_t ridx)
{
	struct tscheme_req *r = &ns->cfg.reqs[ridx];
	struct tscheme_scheme *s = &ns->cfg.schemes[r->scheme];

	if (r->prev == TS_NIL)
		s->cancel_head = r->next;
	else
		ns->cfg.reqs[r->prev].next = r->next;
	if (r->next == TS_NIL)
		s->cancel_tail = r->prev;
	else
		ns->cfg.reqs[r->next].prev = r->prev;
	r->prev = r->next = TS_NIL;
	r->notice = 0;
}

uint16_t
tscheme__notice_pop(struct tscheme_ns *ns, uint16_t sidx)
{
	uint16_t ridx = ns->cfg.schemes[sidx].cancel_head;

	if (ridx != TS_NIL)
		ts_notice_unlink(ns, ridx);
	return ridx;
}

void
tscheme__orphan_free(struct tscheme_ns *ns, uint16_t ridx)
{
	struct tscheme_req *r = &ns->cfg.reqs[ridx];

	if (r->notice)
		ts_notice_unlink(ns, ridx);
	ts_lane_put(ns, r->scheme, r->lane);
	r->lane = TS_NIL;
	tscheme__req_free(ns, ridx);
}

/* Cancel request @p ridx (queued or in flight); @p notify says whether the
 * client still wants a completion. */
static void
ts_cancel_one(struct tscheme_ns *ns, uint16_t ridx, bool notify)
{
	struct tscheme_req *r = &ns->cfg.reqs[ridx];

	if (r->state == RS_QUEUED) {
		ts_unqueue(ns, ridx);
		ts_lane_put(ns, r->scheme, r->lane);
		r->lane = TS_NIL;
		ts_detach(ns, r);
		tscheme__req_free(ns, ridx);
	} else {
		ts_detach(ns, r);
		r->state = RS_ORPHAN;
		ts_notice_push(ns, ridx);
	}
	if (notify)
		ts_notify_client(ns, r, ridx, -TSCHEME_ECANCELED);
}

int
tscheme_cancel(struct tscheme_ns *ns, uint32_t client, uint32_t tag)
{
	uint32_t idx = tag & 0xFFFFu;
	const struct tscheme_req *r;

	if (ns == NULL || idx >= ns->cfg.nreqs)
		return -TSCHEME_ENOENT;
	r = &ns->cfg.reqs[idx];
	if (r->gen != (uint16_t)(tag >> 16) || r->client != client ||
	    (r->state != RS_QUEUED && r->state != RS_INFLIGHT))
		return -TSCHEME_ENOENT;
	ts_cancel_one(ns, (uint16_t)idx, true);
	return 0;
}

/* Close handle @p hidx: cancel what is pending on it, then queue the
 * server's Close or free the slot when there is no server to tell. */
static void
ts_close_one(struct tscheme_ns *ns, uint16_t hidx, bool notify)
{
	struct tscheme_handle *h = &ns->cfg.handles[hidx];
	struct tscheme_scheme *s;
	uint32_t i;

	for (i = 0; h->nreq > 0 && i < ns->cfg.nreqs; i++) {
		const struct tscheme_req *r = &ns->cfg.reqs[i];

		if (r->handle == hidx &&
		    (r->state == RS_QUEUED || r->state == RS_INFLIGHT))
			ts_cancel_one(ns, (uint16_t)i, notify);
	}
	if (h->state != HS_OPEN) {
		tscheme__handle_free(ns, hidx);
		return;
	}
	s = &ns->cfg.schemes[h->scheme];
	h->state = HS_CLOSING;
	h->events = 0;
	h->next = TS_NIL;
	if (s->close_tail == TS_NIL)
		s->close_head = hidx;
	else
		ns->cfg.handles[s->close_tail].next = hidx;
	s->close_tail = hidx;
}

int
tscheme_close(struct tscheme_ns *ns, uint32_t client, uint32_t handle)
{
	int idx;

	if (ns == NULL)
		return -TSCHEME_EBADF;
	idx = tscheme__handle_idx(ns, client, handle);
	if (idx < 0)
		return idx;
	ts_close_one(ns, (uint16_t)idx, true);
	return 0;
}

int
tscheme_client_exit(struct tscheme_ns *ns, uint32_t client)
{
	uint32_t i;
	int n = 0;

	if (ns == NULL)
		return 0;
	for (i = 0; i < ns->cfg.nreqs; i++) {
		const struct tscheme_req *r = &ns->cfg.reqs[i];

		if (r->client == client &&
		    (r->state == RS_QUEUED || r->state == RS_INFLIGHT))
			ts_cancel_one(ns, (uint16_t)i, false);
	}
	for (i = 0; i < ns->cfg.nhandles; i++) {
		const struct tscheme_handle *h = &ns->cfg.handles[i];

		if (h->client == client &&
		    (h->state == HS_OPEN || h->state == HS_DEAD ||
		     h->state == HS_ROOT)) {
			ts_close_one(ns, (uint16_t)i, false);
			n++;
		}
	}
	return n;
}

void
tscheme__scheme_teardown(struct tscheme_ns *ns, uint16_t sidx)
{
	struct tscheme_scheme *s = &ns->cfg.schemes[sidx];
	uint16_t l, next;
	uint32_t i;

	for (l = s->lane_head; l != TS_NIL; l = next) {
		next = ns->cfg.lanes[l].next;
		ts_lane_release(ns, l);
	}
	for (l = s->idle_head; l != TS_NIL; l = next) {
		next = ns->cfg.lanes[l].next;
		ts_lane_release(ns, l);
	}
	s->lane_head = s->lane_tail = s->idle_head = TS_NIL;
	s->queued = 0;
	s->outstanding = 0;
	for (l = s->close_head; l != TS_NIL; l = next) {
		next = ns->cfg.handles[l].next;
		tscheme__handle_free(ns, l);
	}
	s->close_head = s->close_tail = TS_NIL;
	s->cancel_head = s->cancel_tail = TS_NIL;
	for (i = 0; i < ns->cfg.nhandles; i++) {
		struct tscheme_handle *h = &ns->cfg.handles[i];

		if (h->state == HS_OPEN && h->scheme == sidx)
			h->state = HS_DEAD;
	}
	for (i = 0; i < ns->cfg.nreqs; i++) {
		struct tscheme_req *r = &ns->cfg.reqs[i];

		if (r->state == RS_FREE || r->scheme != sidx)
			continue;
		if (r->state == RS_ORPHAN) {
			r->notice = 0;
			tscheme__req_free(ns, (uint16_t)i);
			continue;
		}
		/* Redox leaves the error to the design (S17 notes): a client
		 * of a vanished server sees EPIPE. */
		r->lane = r->prev = r->next = TS_NIL;
		tscheme__finish(ns, (uint16_t)i, -TSCHEME_EPIPE);
	}
}
