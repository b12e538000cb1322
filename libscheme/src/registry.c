/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The registry: namespace set-up, scheme registration (names are unique in
 * the root, Redox S3) and the built-in root whose listing is the set of
 * registered names.
 */
#include "scheme_impl.h"

static bool
ts_cfg_ok(const struct tscheme_config *cfg)
{
	const struct tscheme_ops *ops = cfg->ops;

	if (cfg->schemes == NULL || cfg->index == NULL ||
	    cfg->handles == NULL || cfg->reqs == NULL || cfg->lanes == NULL ||
	    ops == NULL)
		return false;
	if (ops->copy_to_client == NULL || ops->copy_from_client == NULL ||
	    ops->complete == NULL || ops->event == NULL)
		return false;
	if (cfg->nschemes == 0 || cfg->nschemes > TSCHEME_POOL_MAX ||
	    cfg->nhandles == 0 || cfg->nhandles > TSCHEME_POOL_MAX ||
	    cfg->nreqs == 0 || cfg->nreqs > TSCHEME_POOL_MAX)
		return false;
	if (cfg->index_len > 65536u ||
	    (cfg->index_len & (cfg->index_len - 1u)) != 0 ||
	    cfg->index_len < TSCHEME_INDEX_LEN(cfg->nschemes))
		return false;
	return true;
}

static uint16_t
ts_link(uint32_t i, uint32_t n)
{
	return i + 1 < n ? (uint16_t)(i + 1) : (uint16_t)TS_NIL;
}

int
tscheme_init(struct tscheme_ns *ns, const struct tscheme_config *cfg)
{
	uint32_t i;

	if (ns == NULL || cfg == NULL || !ts_cfg_ok(cfg))
		return -TSCHEME_EINVAL;
	ns->cfg = *cfg;
	TSCHEME_MEMSET(cfg->index, 0, sizeof(cfg->index[0]) * cfg->index_len);
	TSCHEME_MEMSET(cfg->schemes, 0,
		       sizeof(cfg->schemes[0]) * cfg->nschemes);
	TSCHEME_MEMSET(cfg->handles, 0,
		       sizeof(cfg->handles[0]) * cfg->nhandles);
	TSCHEME_MEMSET(cfg->reqs, 0, sizeof(cfg->reqs[0]) * cfg->nreqs);
	TSCHEME_MEMSET(cfg->lanes, 0, sizeof(cfg->lanes[0]) * cfg->nreqs);
	for (i = 0; i < cfg->nschemes; i++)
		cfg->schemes[i].next = ts_link(i, cfg->nschemes);
	for (i = 0; i < cfg->nhandles; i++)
		cfg->handles[i].next = ts_link(i, cfg->nhandles);
	for (i = 0; i < cfg->nreqs; i++) {
		cfg->reqs[i].next = ts_link(i, cfg->nreqs);
		cfg->lanes[i].next = ts_link(i, cfg->nreqs);
	}
	ns->free_scheme = 0;
	ns->free_handle = 0;
	ns->free_handle_tail = (uint16_t)(cfg->nhandles - 1u);
	ns->free_req = 0;
	ns->free_req_tail = (uint16_t)(cfg->nreqs - 1u);
	ns->free_lane = 0;
	return 0;
}

int
tscheme__scheme_idx(const struct tscheme_ns *ns, uint32_t token)
{
	uint32_t idx = token & 0xFFFFu;
	const struct tscheme_scheme *s;

	if (ns == NULL || idx >= ns->cfg.nschemes)
		return -TSCHEME_EBADF;
	s = &ns->cfg.schemes[idx];
	if (!s->live || s->gen != (uint16_t)(token >> 16))
		return -TSCHEME_EBADF;
	return (int)idx;
}

static uint32_t
ts_index_home(const struct tscheme_ns *ns, uint16_t entry)
{
	return ns->cfg.schemes[entry - 1u].hash & (ns->cfg.index_len - 1u);
}

static uint32_t
ts_index_find(const struct tscheme_ns *ns, const char *name, size_t len,
	      uint32_t h)
{
	const uint16_t *index = ns->cfg.index;
	uint32_t mask = ns->cfg.index_len - 1u, i;
	const struct tscheme_scheme *s;

	for (i = h & mask; index[i] != 0; i = (i + 1u) & mask) {
		s = &ns->cfg.schemes[index[i] - 1u];
		if (s->hash == h && s->name_len == len &&
		    TSCHEME_MEMCMP(s->name, name, len) == 0)
			return i;
	}
	return ns->cfg.index_len; /* not found */
}

/* Backward-shift deletion keeps every probe chain unbroken without
 * tombstones (Knuth 6.4, algorithm R). */
static void
ts_index_remove(struct tscheme_ns *ns, uint32_t pos)
{
	uint16_t *index = ns->cfg.index;
	uint32_t mask = ns->cfg.index_len - 1u, i = pos, j = pos, k;

	index[i] = 0;
	for (;;) {
		j = (j + 1u) & mask;
		if (index[j] == 0)
			break;
		k = ts_index_home(ns, index[j]);
		/* The entry at j may stay if its home lies in (i, j]. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		index[i] = index[j];
		index[j] = 0;
		i = j;
	}
}

int
tscheme_register(struct tscheme_ns *ns, const char *name, size_t name_len,
		 uint32_t server, uint32_t qmax, uint32_t qclient,
		 uint32_t *scheme)
{
	struct tscheme_scheme *s;
	uint32_t h, mask, i;
	uint16_t idx;
	int rc;

	if (ns == NULL || scheme == NULL || qmax == 0 || qmax > 0xFFFFu ||
	    qclient == 0 || qclient > qmax)
		return -TSCHEME_EINVAL;
	rc = tscheme_name_check(name, name_len);
	if (rc != 0)
		return rc;
	h = tscheme__hash(ns->cfg.hash_seed, name, name_len);
	if (ts_index_find(ns, name, name_len, h) != ns->cfg.index_len)
		return -TSCHEME_EEXIST;
	if (ns->free_scheme == TS_NIL)
		return -TSCHEME_ENOSPC;
	idx = ns->free_scheme;
	s = &ns->cfg.schemes[idx];
	ns->free_scheme = s->next;
	TSCHEME_MEMSET(s->name, 0, sizeof(s->name));
	TSCHEME_MEMCPY(s->name, name, name_len);
	s->name_len = (uint8_t)name_len;
	s->hash = h;
	s->server = server;
	s->gen = ts_gen_next(s->gen);
	s->qmax = (uint16_t)qmax;
	s->qclient = (uint16_t)qclient;
	s->queued = 0;
	s->outstanding = 0;
	s->lane_head = s->lane_tail = s->idle_head = TS_NIL;
	s->close_head = s->close_tail = TS_NIL;
	s->cancel_head = s->cancel_tail = TS_NIL;
	s->next = TS_NIL;
	s->live = 1;
	mask = ns->cfg.index_len - 1u;
	for (i = h & mask; ns->cfg.index[i] != 0; i = (i + 1u) & mask)
		;
	ns->cfg.index[i] = (uint16_t)(idx + 1u);
	*scheme = ts_tok(idx, s->gen);
	return 0;
}

int
tscheme_unregister(struct tscheme_ns *ns, uint32_t scheme)
{
	struct tscheme_scheme *s;
	int idx = tscheme__scheme_idx(ns, scheme);

	if (idx < 0)
		return idx;
	s = &ns->cfg.schemes[idx];
	tscheme__scheme_teardown(ns, (uint16_t)idx);
	ts_index_remove(ns, ts_index_find(ns, s->name, s->name_len, s->hash));
	s->live = 0;
	s->next = ns->free_scheme;
	ns->free_scheme = (uint16_t)idx;
	return 0;
}

int
tscheme_server_exit(struct tscheme_ns *ns, uint32_t server)
{
	const struct tscheme_scheme *s;
	uint32_t i;
	int n = 0;

	if (ns == NULL)
		return 0;
	for (i = 0; i < ns->cfg.nschemes; i++) {
		s = &ns->cfg.schemes[i];
		if (s->live && s->server == server) {
			(void)tscheme_unregister(ns, ts_tok(i, s->gen));
			n++;
		}
	}
	return n;
}

int
tscheme_usage(const struct tscheme_ns *ns, struct tscheme_usage *u)
{
	const struct tscheme_config *c;
	uint32_t i;

	if (ns == NULL || u == NULL)
		return -TSCHEME_EINVAL;
	c = &ns->cfg;
	TSCHEME_MEMSET(u, 0, sizeof(*u));
	for (i = 0; i < c->nschemes; i++) {
		const struct tscheme_scheme *s = &c->schemes[i];
		uint16_t l;

		if (!s->live)
			continue;
		u->schemes++;
		for (l = s->lane_head; l != TS_NIL; l = c->lanes[l].next)
			u->lanes++;
		for (l = s->idle_head; l != TS_NIL; l = c->lanes[l].next)
			u->lanes++;
	}
	for (i = 0; i < c->nhandles; i++)
		if (c->handles[i].state != HS_FREE)
			u->handles++;
	for (i = 0; i < c->nreqs; i++)
		if (c->reqs[i].state != RS_FREE)
			u->requests++;
	return 0;
}

/* Root listing: each registered name followed by a newline, slot order. */
static uint64_t
ts_root_size(const struct tscheme_ns *ns)
{
	uint64_t n = 0;
	uint32_t i;

	for (i = 0; i < ns->cfg.nschemes; i++)
		if (ns->cfg.schemes[i].live)
			n += ns->cfg.schemes[i].name_len + 1u;
	return n;
}

static int
ts_root_read(struct tscheme_ns *ns, const struct tscheme_call *call,
	     struct tscheme_handle *h, int64_t *result)
{
	char line[TSCHEME_NAME_MAX + 1];
	uint64_t at = 0, done = 0, pos = h->pos, skip, chunk, ll;
	const struct tscheme_scheme *s;
	uint32_t i;

	for (i = 0; i < ns->cfg.nschemes && done < call->len; i++) {
		s = &ns->cfg.schemes[i];
		if (!s->live)
			continue;
		ll = s->name_len + 1u;
		if (at + ll <= pos) {
			at += ll;
			continue;
		}
		skip = pos + done - at;
		chunk = ll - skip;
		if (chunk > call->len - done)
			chunk = call->len - done;
		TSCHEME_MEMCPY(line, s->name, s->name_len);
		line[s->name_len] = '\n';
		if (ns->cfg.ops->copy_to_client(ns->cfg.ctx, call->client,
						call->buf + done, line + skip,
						(size_t)chunk) < 0)
			return -TSCHEME_EFAULT;
		done += chunk;
		at += ll;
	}
	h->pos = pos + done;
	*result = (int64_t)done;
	return TSCHEME_DONE;
}

static int
ts_root_seek(const struct tscheme_ns *ns, const struct tscheme_call *call,
	     struct tscheme_handle *h, int64_t *result)
{
	uint64_t base;

	switch (call->whence) {
	case TSCHEME_SEEK_SET:
		base = 0;
		break;
	case TSCHEME_SEEK_CUR:
		base = h->pos;
		break;
	case TSCHEME_SEEK_END:
		base = ts_root_size(ns);
		break;
	default:
		return -TSCHEME_EINVAL;
	}
	/* base <= INT64_MAX always: positions are never set above it. */
	if (call->offset < 0 ? (uint64_t) - (call->offset + 1) + 1u > base
			     : (uint64_t)call->offset > INT64_MAX - base)
		return -TSCHEME_EINVAL;
	h->pos = call->offset < 0
			 ? base - ((uint64_t) - (call->offset + 1) + 1u)
			 : base + (uint64_t)call->offset;
	*result = (int64_t)h->pos;
	return TSCHEME_DONE;
}

int
tscheme__root_op(struct tscheme_ns *ns, const struct tscheme_call *call,
		 uint32_t hidx, int64_t *result)
{
	struct tscheme_handle *h = &ns->cfg.handles[hidx];
	struct tscheme_stat st;
	uint16_t n;

	switch (call->op) {
	case TSCHEME_OP_READ:
		return ts_root_read(ns, call, h, result);
	case TSCHEME_OP_STAT:
		if (call->len < sizeof(st))
			return -TSCHEME_EFAULT;
		TSCHEME_MEMSET(&st, 0, sizeof(st));
		st.size = ts_root_size(ns);
		st.mode = TSCHEME_MODE_DIR;
		if (ns->cfg.ops->copy_to_client(ns->cfg.ctx, call->client,
						call->buf, &st, sizeof(st)) < 0)
			return -TSCHEME_EFAULT;
		*result = 0;
		return TSCHEME_DONE;
	case TSCHEME_OP_SEEK:
		return ts_root_seek(ns, call, h, result);
	case TSCHEME_OP_DUP:
		n = tscheme__handle_alloc(ns, call->client, HS_ROOT, TS_NIL);
		if (n == TS_NIL)
			return -TSCHEME_ENOSPC;
		ns->cfg.handles[n].pos = h->pos;
		*result = ts_tok(n, ns->cfg.handles[n].gen);
		return TSCHEME_DONE;
	default:
		/* Write and Subscribe: the root is read-only and static from a
		 * handle's point of view (Redox S7 answers EBADF). */
		return -TSCHEME_EBADF;
	}
}
