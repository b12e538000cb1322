/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Requests: client submission, server dequeue and answer, payload copies
 * and readiness.  The shape follows Redox's scheme protocol v2 (S6):
 * requests carry a tag and the caller's identity, answers are matched by
 * tag, and payloads stay in the client until the server asks for them.
 */
#include "scheme_impl.h"

/* Fill request @p ridx from @p call and queue it on @p sidx. */
static void
ts_fill(struct tscheme_ns *ns, uint16_t ridx, const struct tscheme_call *call,
	uint16_t sidx, uint16_t lane)
{
	struct tscheme_req *r = &ns->cfg.reqs[ridx];

	r->cookie = call->cookie;
	r->buf = call->buf;
	r->len = call->len;
	r->offset = call->offset;
	r->client = call->client;
	r->flags = call->flags;
	r->events = call->events;
	r->whence = (uint8_t)call->whence;
	r->op = (uint8_t)call->op;
	r->path_len = 0;
	tscheme__enqueue(ns, sidx, lane, ridx);
}

static int
ts_submit_open(struct tscheme_ns *ns, const struct tscheme_call *call,
	       uint32_t *tag, int64_t *result)
{
	struct tscheme_resolved res;
	struct tscheme_req *r;
	uint16_t lane, ridx, h;
	int rc, sidx;

	rc = tscheme_resolve(ns, call->path, call->path_len, call->path_flags,
			     &res);
	if (rc != 0)
		return rc;
	if (res.scheme == 0) {
		h = tscheme__handle_alloc(ns, call->client, HS_ROOT, TS_NIL);
		if (h == TS_NIL)
			return -TSCHEME_ENOSPC;
		*tag = 0;
		*result = ts_tok(h, ns->cfg.handles[h].gen);
		return TSCHEME_DONE;
	}
	sidx = tscheme__scheme_idx(ns, res.scheme);
	rc = tscheme__admit(ns, (uint16_t)sidx, call->client, &lane);
	if (rc != 0)
		return rc;
	if (ns->free_req == TS_NIL || ns->free_handle == TS_NIL)
		return -TSCHEME_ENOSPC;
	ridx = tscheme__req_alloc(ns);
	r = &ns->cfg.reqs[ridx];
	r->newh = tscheme__handle_alloc(ns, call->client, HS_OPENING,
					(uint16_t)sidx);
	ts_fill(ns, ridx, call, (uint16_t)sidx, lane);
	if (res.dir)
		r->flags |= TSCHEME_O_DIRECTORY;
	TSCHEME_MEMCPY(r->path, res.rest, res.rest_len);
	r->path_len = (uint16_t)res.rest_len;
	*tag = ts_tok(ridx, r->gen);
	return 0;
}

/* Operation-specific argument checks for handle operations. */
static int
ts_check_args(const struct tscheme_call *call)
{
	size_t i;

	switch (call->op) {
	case TSCHEME_OP_STAT:
		/* Redox S8: a short stat buffer fails before dispatch. */
		return call->len < sizeof(struct tscheme_stat) ? -TSCHEME_EFAULT
							       : 0;
	case TSCHEME_OP_SEEK:
		return call->whence > TSCHEME_SEEK_END ? -TSCHEME_EINVAL : 0;
	case TSCHEME_OP_SUBSCRIBE:
		return (call->events & ~(TSCHEME_EV_READ | TSCHEME_EV_WRITE))
			       ? -TSCHEME_EINVAL
			       : 0;
	case TSCHEME_OP_DUP:
		if (call->path_len >= TSCHEME_PATH_MAX)
			return -TSCHEME_ENAMETOOLONG;
		if (call->path_len > 0 && call->path == NULL)
			return -TSCHEME_EINVAL;
		for (i = 0; i < call->path_len; i++)
			if (call->path[i] == '\0')
				return -TSCHEME_EPATHNUL;
		return 0;
	default:
		return 0;
	}
}

static int
ts_submit_handle(struct tscheme_ns *ns, const struct tscheme_call *call,
		 uint32_t *tag, int64_t *result)
{
	struct tscheme_handle *h;
	struct tscheme_req *r;
	uint16_t lane, ridx, sidx;
	int rc, hidx;

	hidx = tscheme__handle_idx(ns, call->client, call->handle);
	if (hidx < 0)
		return hidx;
	h = &ns->cfg.handles[hidx];
	if (h->state == HS_DEAD)
		return -TSCHEME_EPIPE;
	if (h->state == HS_ROOT) {
		*tag = 0;
		return tscheme__root_op(ns, call, (uint32_t)hidx, result);
	}
	rc = ts_check_args(call);
	if (rc != 0)
		return rc;
	sidx = h->scheme;
	rc = tscheme__admit(ns, sidx, call->client, &lane);
	if (rc != 0)
		return rc;
	if (ns->free_req == TS_NIL ||
	    (call->op == TSCHEME_OP_DUP && ns->free_handle == TS_NIL))
		return -TSCHEME_ENOSPC;
	ridx = tscheme__req_alloc(ns);
	r = &ns->cfg.reqs[ridx];
	if (call->op == TSCHEME_OP_DUP) {
		r->newh = tscheme__handle_alloc(ns, call->client, HS_OPENING,
						sidx);
		if (call->path_len > 0)
			TSCHEME_MEMCPY(r->path, call->path, call->path_len);
	}
	r->handle = (uint16_t)hidx;
	h->nreq++;
	ts_fill(ns, ridx, call, sidx, lane);
	r->path_len =
		(uint16_t)(call->op == TSCHEME_OP_DUP ? call->path_len : 0);
	*tag = ts_tok(ridx, r->gen);
	return 0;
}

int
tscheme_submit(struct tscheme_ns *ns, const struct tscheme_call *call,
	       uint32_t *tag, int64_t *result)
{
	if (ns == NULL || call == NULL || tag == NULL || result == NULL)
		return -TSCHEME_EINVAL;
	switch (call->op) {
	case TSCHEME_OP_OPEN:
		return ts_submit_open(ns, call, tag, result);
	case TSCHEME_OP_READ:
	case TSCHEME_OP_WRITE:
	case TSCHEME_OP_STAT:
	case TSCHEME_OP_SEEK:
	case TSCHEME_OP_DUP:
	case TSCHEME_OP_SUBSCRIBE:
		return ts_submit_handle(ns, call, tag, result);
	default:
		return -TSCHEME_EINVAL;
	}
}

int
tscheme_next(struct tscheme_ns *ns, uint32_t scheme,
	     struct tscheme_request *out)
{
	struct tscheme_scheme *s;
	const struct tscheme_handle *h;
	const struct tscheme_req *r;
	uint16_t idx;
	int sidx = tscheme__scheme_idx(ns, scheme);

	if (sidx < 0)
		return sidx;
	if (out == NULL)
		return -TSCHEME_EINVAL;
	s = &ns->cfg.schemes[sidx];
	TSCHEME_MEMSET(out, 0, offsetof(struct tscheme_request, path));
	if (s->close_head != TS_NIL) {
		idx = s->close_head;
		h = &ns->cfg.handles[idx];
		s->close_head = h->next;
		if (s->close_head == TS_NIL)
			s->close_tail = TS_NIL;
		out->op = TSCHEME_OP_CLOSE;
		out->id = h->id;
		out->client = h->client;
		out->handle = ts_tok(idx, h->gen);
		tscheme__handle_free(ns, idx);
		return 0;
	}
	idx = tscheme__notice_pop(ns, (uint16_t)sidx);
	if (idx != TS_NIL) {
		r = &ns->cfg.reqs[idx];
		out->op = TSCHEME_OP_CANCEL;
		out->tag = ts_tok(idx, r->gen);
		out->client = r->client;
		return 0;
	}
	idx = tscheme__dequeue(ns, (uint16_t)sidx);
	if (idx == TS_NIL)
		return -TSCHEME_EAGAIN;
	r = &ns->cfg.reqs[idx];
	out->tag = ts_tok(idx, r->gen);
	out->op = r->op;
	out->client = r->client;
	if (r->handle != TS_NIL) {
		h = &ns->cfg.handles[r->handle];
		out->id = h->id;
		out->handle = ts_tok(r->handle, h->gen);
	}
	out->len = r->len;
	out->offset = r->offset;
	out->flags = r->flags;
	out->whence = r->whence;
	out->events = r->events;
	out->path_len = r->path_len;
	TSCHEME_MEMCPY(out->path, r->path, r->path_len);
	return 0;
}

/* Find the request a server refers to; ORPHAN requests are reported as
 * cancelled so the server can drop its state. */
static int
ts_req_lookup(const struct tscheme_ns *ns, uint32_t scheme, uint32_t tag)
{
	uint32_t idx = tag & 0xFFFFu;
	const struct tscheme_req *r;
	int sidx = tscheme__scheme_idx(ns, scheme);

	if (sidx < 0)
		return sidx;
	if (idx >= ns->cfg.nreqs)
		return -TSCHEME_ENOENT;
	r = &ns->cfg.reqs[idx];
	if (r->gen != (uint16_t)(tag >> 16) || r->scheme != sidx ||
	    (r->state != RS_INFLIGHT && r->state != RS_ORPHAN))
		return -TSCHEME_ENOENT;
	if (r->state == RS_ORPHAN)
		return -TSCHEME_ECANCELED;
	return (int)idx;
}

static bool
ts_result_ok(const struct tscheme_req *r, int64_t result)
{
	if (result < 0)
		return result >= -TSCHEME_ERRNO_MAX;
	switch (r->op) {
	case TSCHEME_OP_READ:
	case TSCHEME_OP_WRITE:
		return (uint64_t)result <= r->len;
	case TSCHEME_OP_STAT:
		return result == 0;
	case TSCHEME_OP_SUBSCRIBE:
		return (result &
			~(int64_t)(TSCHEME_EV_READ | TSCHEME_EV_WRITE)) == 0;
	default:
		return true;
	}
}

int
tscheme_answer(struct tscheme_ns *ns, uint32_t scheme, uint32_t tag,
	       int64_t result)
{
	struct tscheme_req *r;
	struct tscheme_handle *nh;
	int idx = ts_req_lookup(ns, scheme, tag);

	if (idx == -TSCHEME_ECANCELED)
		tscheme__orphan_free(ns, (uint16_t)(tag & 0xFFFFu));
	if (idx < 0)
		return idx;
	r = &ns->cfg.reqs[idx];
	if (!ts_result_ok(r, result))
		return -TSCHEME_EINVAL;
	if (r->newh != TS_NIL && result >= 0) {
		/* Open or Dup succeeded: the reserved slot becomes the
		 * client's handle on the server's new id. */
		nh = &ns->cfg.handles[r->newh];
		nh->state = HS_OPEN;
		nh->id = (uint64_t)result;
		result = ts_tok(r->newh, nh->gen);
		r->newh = TS_NIL;
	}
	if (r->op == TSCHEME_OP_SUBSCRIBE && result >= 0)
		ns->cfg.handles[r->handle].events = r->events;
	tscheme__finish(ns, (uint16_t)idx, result);
	return 0;
}

static int
ts_payload(const struct tscheme_ns *ns, uint32_t scheme, uint32_t tag,
	   uint32_t op, uint32_t op2, uint64_t off, size_t len)
{
	const struct tscheme_req *r;
	int idx = ts_req_lookup(ns, scheme, tag);

	if (idx < 0)
		return idx;
	r = &ns->cfg.reqs[idx];
	if (r->op != op && r->op != op2)
		return -TSCHEME_EINVAL;
	if (off > r->len || len > r->len - off)
		return -TSCHEME_ERANGE;
	return idx;
}

int
tscheme_put(struct tscheme_ns *ns, uint32_t scheme, uint32_t tag, uint64_t off,
	    const void *src, size_t len)
{
	const struct tscheme_req *r;
	int idx;

	idx = ts_payload(ns, scheme, tag, TSCHEME_OP_READ, TSCHEME_OP_STAT, off,
			 len);
	if (idx < 0)
		return idx;
	if (src == NULL)
		return -TSCHEME_EINVAL;
	r = &ns->cfg.reqs[idx];
	if (ns->cfg.ops->copy_to_client(ns->cfg.ctx, r->client, r->buf + off,
					src, len) < 0)
		return -TSCHEME_EFAULT;
	return 0;
}

int
tscheme_get(struct tscheme_ns *ns, uint32_t scheme, uint32_t tag, uint64_t off,
	    void *dst, size_t len)
{
	const struct tscheme_req *r;
	int idx;

	idx = ts_payload(ns, scheme, tag, TSCHEME_OP_WRITE, TSCHEME_OP_WRITE,
			 off, len);
	if (idx < 0)
		return idx;
	if (dst == NULL)
		return -TSCHEME_EINVAL;
	r = &ns->cfg.reqs[idx];
	if (ns->cfg.ops->copy_from_client(ns->cfg.ctx, r->client, dst,
					  r->buf + off, len) < 0)
		return -TSCHEME_EFAULT;
	return 0;
}

int
tscheme_notify(struct tscheme_ns *ns, uint32_t scheme, uint32_t handle,
	       uint32_t events)
{
	const struct tscheme_handle *h;
	uint32_t idx = handle & 0xFFFFu, m;
	int sidx = tscheme__scheme_idx(ns, scheme);

	if (sidx < 0)
		return sidx;
	if ((events & ~(TSCHEME_EV_READ | TSCHEME_EV_WRITE)) != 0)
		return -TSCHEME_EINVAL;
	if (idx >= ns->cfg.nhandles)
		return -TSCHEME_EBADF;
	h = &ns->cfg.handles[idx];
	if (h->gen != (uint16_t)(handle >> 16) || h->state != HS_OPEN ||
	    h->scheme != sidx)
		return -TSCHEME_EBADF;
	m = events & h->events;
	if (m == 0)
		return 0;
	ns->cfg.ops->event(ns->cfg.ctx, h->client, handle, m);
	return 1;
}
