/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Random interleavings of clients, servers, deaths and cancellations,
 * checked step by step against a plain reference model: every return
 * code, every dequeued request, every completion and every slot count
 * must agree.  At the end everything is torn down and each pool must be
 * whole again (all slots allocatable, none leaked).
 */
#include "harness.h"

#define M_CLIENTS 4u
#define M_SERVERS 3u
#define M_NAMES	  4u
#define M_NS	  3u  /* scheme slots: fewer than names, so ENOSPC */
#define M_NH	  12u /* handle slots */
#define M_NR	  10u /* request slots */
#define M_MAX	  64u /* model table sizes */

enum { MR_FREE, MR_QUEUED, MR_INFLIGHT, MR_ORPHAN };
enum { MH_FREE, MH_OPEN, MH_CLOSING, MH_DEAD, MH_ROOT };

struct m_req {
	int state;
	uint32_t tag;
	uint32_t client;
	uint32_t op;
	int scheme;
	int handle; /* model handle index, -1 for Open */
	bool newh;  /* holds a reserved handle slot */
	uint64_t len;
	uint32_t events;
	uint64_t seq; /* enqueue order */
};

struct m_handle {
	int state;
	uint32_t token;
	uint32_t client;
	int scheme;
	uint64_t id;
	uint32_t events;
};

struct m_scheme {
	bool live;
	uint32_t token;
	uint32_t server;
	unsigned name;
	uint32_t qmax;
	uint32_t qclient;
	uint32_t lanes[M_MAX]; /* client ids, service order */
	unsigned nlanes;
	int closes[M_MAX]; /* model handle indices, FIFO */
	unsigned ncloses;
	int cancels[M_MAX]; /* orphaned model requests not yet noticed */
	unsigned ncancels;
};

struct m_expect {
	uint32_t tag;
	int64_t result;
	bool any_handle; /* result is a new handle token */
};

/* What the runs exercised, printed at the end so a quiet model is seen. */
struct m_stats {
	unsigned long dequeued, closes, completions, cancels, client_deaths;
	unsigned long server_deaths, eagain, enospc, ecanceled_answers;
	unsigned long notices;
};

static struct m_stats stats;

struct model {
	struct m_req r[M_MAX];
	struct m_handle h[M_MAX];
	struct m_scheme s[M_MAX];
	unsigned ns;
	struct m_expect exp[M_MAX];
	unsigned nexp;
	uint64_t seq;
	uint64_t rng;
	unsigned steps_ok;
};

static const char *const names[M_NAMES] = {"gpio", "net", "usb", "i2c"};

static uint32_t
rnd(struct model *m, uint32_t n)
{
	/* xorshift64*: deterministic per seed. */
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return (uint32_t)((m->rng * 2685821657736338717ull) >> 33) % n;
}

static unsigned
count_reqs(const struct model *m)
{
	unsigned i, n = 0;

	for (i = 0; i < M_MAX; i++)
		n += m->r[i].state != MR_FREE;
	return n;
}

static unsigned
count_handles(const struct model *m)
{
	unsigned i, n = 0;

	for (i = 0; i < M_MAX; i++)
		n += m->h[i].state != MH_FREE;
	for (i = 0; i < M_MAX; i++)
		n += m->r[i].state != MR_FREE && m->r[i].newh;
	return n;
}

/* Requests that count against a scheme's bound and a client's share:
 * queued, in flight, or cancelled and not yet answered. */
static bool
outstanding(const struct m_req *r)
{
	return r->state == MR_QUEUED || r->state == MR_INFLIGHT ||
	       r->state == MR_ORPHAN;
}

/* Lanes in use: one per (scheme, client) with requests outstanding. */
static unsigned
count_lanes(const struct model *m)
{
	unsigned i, j, n = 0;

	for (i = 0; i < M_MAX; i++) {
		if (!outstanding(&m->r[i]) || !m->s[m->r[i].scheme].live)
			continue;
		for (j = 0; j < i; j++)
			if (outstanding(&m->r[j]) &&
			    m->r[j].scheme == m->r[i].scheme &&
			    m->r[j].client == m->r[i].client)
				break;
		n += j == i;
	}
	return n;
}

static unsigned
count_schemes(const struct model *m)
{
	unsigned i, n = 0;

	for (i = 0; i < M_MAX; i++)
		n += m->s[i].live;
	return n;
}

static int
alloc_idx(int used_state_free, const void *base, size_t stride)
{
	unsigned i;

	for (i = 0; i < M_MAX; i++) {
		const int *st = (const int *)((const char *)base + i * stride);

		if (*st == used_state_free)
			return (int)i;
	}
	fail_msg("model table full");
	return -1;
}

static unsigned
lane_count(const struct model *m, int s, uint32_t client)
{
	unsigned i, n = 0;

	for (i = 0; i < M_MAX; i++)
		n += m->r[i].state == MR_QUEUED && m->r[i].scheme == s &&
		     m->r[i].client == client;
	return n;
}

static void
lane_drop_if_empty(struct model *m, int s, uint32_t client)
{
	struct m_scheme *ms = &m->s[s];
	unsigned i;

	if (lane_count(m, s, client) != 0)
		return;
	for (i = 0; i < ms->nlanes; i++)
		if (ms->lanes[i] == client)
			break;
	assert_true(i < ms->nlanes);
	memmove(&ms->lanes[i], &ms->lanes[i + 1],
		(ms->nlanes - i - 1) * sizeof(ms->lanes[0]));
	ms->nlanes--;
}

static unsigned
scheme_outstanding(const struct model *m, int s, bool one_client,
		   uint32_t client)
{
	unsigned i, n = 0;

	for (i = 0; i < M_MAX; i++)
		n += outstanding(&m->r[i]) && m->r[i].scheme == s &&
		     (!one_client || m->r[i].client == client);
	return n;
}

static void
expect(struct model *m, uint32_t tag, int64_t result, bool any)
{
	assert_true(m->nexp < M_MAX);
	m->exp[m->nexp].tag = tag;
	m->exp[m->nexp].result = result;
	m->exp[m->nexp].any_handle = any;
	m->nexp++;
}

static int
cmp_tag_c(const void *a, const void *b)
{
	const struct tscheme_completion *x = a, *y = b;

	return x->tag < y->tag ? -1 : x->tag > y->tag;
}

static int
cmp_tag_e(const void *a, const void *b)
{
	const struct m_expect *x = a, *y = b;

	return x->tag < y->tag ? -1 : x->tag > y->tag;
}

static bool
token_live(const struct model *m, uint32_t tok)
{
	unsigned i;

	for (i = 0; i < M_MAX; i++)
		if (m->h[i].state != MH_FREE && m->h[i].token == tok)
			return true;
	return false;
}

/* Compare completions and slot counts with the model. */
static void
check(struct model *m, struct fx *fx, int *new_handle_for)
{
	struct tscheme_usage u;
	unsigned i;

	if (fx->ndone != m->nexp)
		fail_msg("step %u: %u completions, model expects %u",
			 m->steps_ok, fx->ndone, m->nexp);
	qsort(fx->done, fx->ndone, sizeof(fx->done[0]), cmp_tag_c);
	qsort(m->exp, m->nexp, sizeof(m->exp[0]), cmp_tag_e);
	for (i = 0; i < m->nexp; i++) {
		assert_int_equal(fx->done[i].tag, m->exp[i].tag);
		if (m->exp[i].any_handle) {
			uint32_t tok = (uint32_t)fx->done[i].result;

			assert_true(fx->done[i].result > 0);
			assert_false(token_live(m, tok));
			assert_true(*new_handle_for >= 0);
			m->h[*new_handle_for].token = tok;
		} else if (fx->done[i].result != m->exp[i].result) {
			fail_msg("step %u: tag %x result %lld, model %lld",
				 m->steps_ok, m->exp[i].tag,
				 (long long)fx->done[i].result,
				 (long long)m->exp[i].result);
		}
	}
	stats.completions += fx->ndone;
	fx->ndone = 0;
	m->nexp = 0;
	assert_int_equal(tscheme_usage(&fx->ns, &u), 0);
	assert_int_equal(u.schemes, count_schemes(m));
	assert_int_equal(u.requests, count_reqs(m));
	assert_int_equal(u.handles, count_handles(m));
	assert_int_equal(u.lanes, count_lanes(m));
	m->steps_ok++;
}

/* Release what request @p i holds and free it. */
static void
req_release(struct model *m, int i)
{
	m->r[i].state = MR_FREE;
	m->r[i].newh = false;
}

static void
do_register(struct model *m, struct fx *fx)
{
	unsigned name = rnd(m, M_NAMES), i;
	uint32_t server = 100 + rnd(m, M_SERVERS), qmax = 1 + rnd(m, 4);
	uint32_t qclient = 1 + rnd(m, qmax), tok = 0;
	int want = 0, rc;

	for (i = 0; i < M_MAX; i++)
		if (m->s[i].live && m->s[i].name == name)
			want = -TSCHEME_EEXIST;
	if (want == 0 && count_schemes(m) == M_NS)
		want = -TSCHEME_ENOSPC;
	rc = tscheme_register(&fx->ns, names[name], strlen(names[name]), server,
			      qmax, qclient, &tok);
	assert_int_equal(rc, want);
	if (rc != 0)
		return;
	i = m->ns++;
	assert_true(i < M_MAX);
	memset(&m->s[i], 0, sizeof(m->s[i]));
	m->s[i].live = true;
	m->s[i].token = tok;
	m->s[i].server = server;
	m->s[i].name = name;
	m->s[i].qmax = qmax;
	m->s[i].qclient = qclient;
}

static void
model_teardown(struct model *m, int s)
{
	unsigned i;

	for (i = 0; i < M_MAX; i++) {
		struct m_req *r = &m->r[i];

		if (r->state == MR_FREE || r->scheme != s)
			continue;
		if (r->state != MR_ORPHAN)
			expect(m, r->tag, -TSCHEME_EPIPE, false);
		req_release(m, (int)i);
	}
	for (i = 0; i < M_MAX; i++) {
		struct m_handle *h = &m->h[i];

		if (h->scheme != s)
			continue;
		if (h->state == MH_OPEN)
			h->state = MH_DEAD;
		else if (h->state == MH_CLOSING)
			h->state = MH_FREE;
	}
	m->s[s].live = false;
	m->s[s].nlanes = 0;
	m->s[s].ncloses = 0;
	m->s[s].ncancels = 0;
}

static int
pick_scheme(struct model *m, bool live_only)
{
	int live[M_MAX];
	unsigned i, n = 0;

	for (i = 0; i < m->ns; i++)
		if (m->s[i].live || !live_only)
			live[n++] = (int)i;
	return n == 0 ? -1 : live[rnd(m, n)];
}

static void
do_server_death(struct model *m, struct fx *fx)
{
	int s = pick_scheme(m, false), i;
	uint32_t server;
	int n = 0;

	if (s < 0)
		return;
	if (rnd(m, 2) == 0) {
		int want = m->s[s].live ? 0 : -TSCHEME_EBADF;

		assert_int_equal(tscheme_unregister(&fx->ns, m->s[s].token),
				 want);
		if (want == 0)
			model_teardown(m, s);
		return;
	}
	stats.server_deaths++;
	server = m->s[s].server;
	for (i = 0; i < (int)m->ns; i++)
		if (m->s[i].live && m->s[i].server == server) {
			model_teardown(m, i);
			n++;
		}
	assert_int_equal(tscheme_server_exit(&fx->ns, server), n);
}

/* Admission in the library's order; 0 when a request may be queued. */
static int
admit(struct model *m, int s, uint32_t client, bool need_handle)
{
	const struct m_scheme *ms = &m->s[s];
	unsigned lc = scheme_outstanding(m, s, true, client);

	if (scheme_outstanding(m, s, false, 0) >= ms->qmax)
		return -TSCHEME_EAGAIN;
	if (lc >= ms->qclient)
		return -TSCHEME_EAGAIN;
	if (lc == 0 && count_lanes(m) == M_NR)
		return -TSCHEME_ENOSPC;
	if (count_reqs(m) == M_NR || (need_handle && count_handles(m) == M_NH))
		return -TSCHEME_ENOSPC;
	return 0;
}

static void
count_rc(int rc)
{
	stats.eagain += rc == -TSCHEME_EAGAIN;
	stats.enospc += rc == -TSCHEME_ENOSPC;
}

static void
enqueue(struct model *m, int ri, int s)
{
	struct m_scheme *ms = &m->s[s];

	if (lane_count(m, s, m->r[ri].client) == 0)
		ms->lanes[ms->nlanes++] = m->r[ri].client;
	m->r[ri].state = MR_QUEUED;
	m->r[ri].scheme = s;
	m->r[ri].seq = m->seq++;
}

static void
do_open(struct model *m, struct fx *fx)
{
	uint32_t client = rnd(m, M_CLIENTS), tag = 0;
	unsigned kind = rnd(m, 6), name = rnd(m, M_NAMES), i;
	char path[64];
	int s = -1, want, rc, ri;
	int64_t res;

	if (kind == 0) {
		snprintf(path, sizeof(path), "/scheme");
	} else if (kind == 1) {
		snprintf(path, sizeof(path), "/scheme/nosuch/1");
	} else {
		snprintf(path, sizeof(path), "/scheme/%s/%u", names[name],
			 rnd(m, 40));
		for (i = 0; i < m->ns; i++)
			if (m->s[i].live && m->s[i].name == name)
				s = (int)i;
	}
	if (kind == 0)
		want = count_handles(m) == M_NH ? -TSCHEME_ENOSPC
						: TSCHEME_DONE;
	else if (s < 0)
		want = -TSCHEME_ENODEV;
	else
		want = admit(m, s, client, true);
	rc = fx_open(fx, client, path, &tag, &res);
	assert_int_equal(rc, want);
	count_rc(rc);
	if (rc == TSCHEME_DONE) {
		int hi = alloc_idx(MH_FREE, m->h, sizeof(m->h[0]));

		assert_false(token_live(m, (uint32_t)res));
		m->h[hi].state = MH_ROOT;
		m->h[hi].token = (uint32_t)res;
		m->h[hi].client = client;
		m->h[hi].scheme = -1;
		return;
	}
	if (rc != 0)
		return;
	ri = alloc_idx(MR_FREE, m->r, sizeof(m->r[0]));
	memset(&m->r[ri], 0, sizeof(m->r[ri]));
	m->r[ri].tag = tag;
	m->r[ri].client = client;
	m->r[ri].op = TSCHEME_OP_OPEN;
	m->r[ri].handle = -1;
	m->r[ri].newh = true;
	enqueue(m, ri, s);
}

static int
pick_handle(struct model *m, uint32_t client)
{
	int c[M_MAX];
	unsigned i, n = 0;

	for (i = 0; i < M_MAX; i++)
		if (m->h[i].state != MH_FREE && m->h[i].client == client)
			c[n++] = (int)i;
	return n == 0 ? -1 : c[rnd(m, n)];
}

static void
do_handle_op(struct model *m, struct fx *fx)
{
	static const uint32_t ops[] = {TSCHEME_OP_READ, TSCHEME_OP_WRITE,
				       TSCHEME_OP_STAT, TSCHEME_OP_SEEK,
				       TSCHEME_OP_DUP,	TSCHEME_OP_SUBSCRIBE};
	uint32_t client = rnd(m, M_CLIENTS), op = ops[rnd(m, 6)], tok, tag;
	int hi = pick_handle(m, client), want, rc, ri;
	struct tscheme_call c;
	int64_t res;

	/* Sometimes use a stale or foreign token on purpose. */
	if (hi < 0 || rnd(m, 8) == 0) {
		tok = rnd(m, 3) == 0 ? 0 : (rnd(m, 0xFFFFu) << 16) | rnd(m, 16);
		if (token_live(m, tok))
			return;
		hi = -1;
	} else {
		tok = m->h[hi].token;
	}
	memset(&c, 0, sizeof(c));
	c.client = client;
	c.op = op;
	c.handle = tok;
	c.buf = 0;
	c.len = op == TSCHEME_OP_STAT ? sizeof(struct tscheme_stat)
				      : 1 + rnd(m, 16);
	c.events = op == TSCHEME_OP_SUBSCRIBE ? rnd(m, 4) : 0;
	if (hi < 0 || m->h[hi].state == MH_CLOSING)
		want = -TSCHEME_EBADF;
	else if (m->h[hi].state == MH_DEAD)
		want = -TSCHEME_EPIPE;
	else if (m->h[hi].state == MH_ROOT)
		want = op == TSCHEME_OP_WRITE || op == TSCHEME_OP_SUBSCRIBE
			       ? -TSCHEME_EBADF
		       : op == TSCHEME_OP_DUP && count_handles(m) == M_NH
			       ? -TSCHEME_ENOSPC
			       : TSCHEME_DONE;
	else
		want = admit(m, m->h[hi].scheme, client, op == TSCHEME_OP_DUP);
	rc = tscheme_submit(&fx->ns, &c, &tag, &res);
	assert_int_equal(rc, want);
	count_rc(rc);
	if (rc == TSCHEME_DONE && op == TSCHEME_OP_DUP) {
		int ni = alloc_idx(MH_FREE, m->h, sizeof(m->h[0]));

		assert_false(token_live(m, (uint32_t)res));
		m->h[ni].state = MH_ROOT;
		m->h[ni].token = (uint32_t)res;
		m->h[ni].client = client;
		m->h[ni].scheme = -1;
	}
	if (rc != 0)
		return;
	ri = alloc_idx(MR_FREE, m->r, sizeof(m->r[0]));
	memset(&m->r[ri], 0, sizeof(m->r[ri]));
	m->r[ri].tag = tag;
	m->r[ri].client = client;
	m->r[ri].op = op;
	m->r[ri].handle = hi;
	m->r[ri].newh = op == TSCHEME_OP_DUP;
	m->r[ri].len = c.len;
	m->r[ri].events = c.events;
	enqueue(m, ri, m->h[hi].scheme);
}

/* Cancel request @p ri on behalf of its client (or its death). */
static void
model_cancel(struct model *m, int ri, bool notify)
{
	struct m_req *r = &m->r[ri];

	if (notify)
		expect(m, r->tag, -TSCHEME_ECANCELED, false);
	if (r->state == MR_QUEUED) {
		r->state = MR_FREE;
		lane_drop_if_empty(m, r->scheme, r->client);
		req_release(m, ri);
	} else {
		struct m_scheme *ms = &m->s[r->scheme];

		r->state = MR_ORPHAN;
		r->newh = false;
		r->handle = -1;
		ms->cancels[ms->ncancels++] = ri;
	}
}

static void
notice_drop(struct model *m, int ri)
{
	struct m_scheme *ms = &m->s[m->r[ri].scheme];
	unsigned i;

	for (i = 0; i < ms->ncancels; i++)
		if (ms->cancels[i] == ri) {
			memmove(&ms->cancels[i], &ms->cancels[i + 1],
				(ms->ncancels - i - 1) *
					sizeof(ms->cancels[0]));
			ms->ncancels--;
			return;
		}
}

static const struct model *sort_model;

static int
cmp_req_slot(const void *a, const void *b)
{
	uint32_t x = sort_model->r[*(const int *)a].tag & 0xFFFFu;
	uint32_t y = sort_model->r[*(const int *)b].tag & 0xFFFFu;

	return x < y ? -1 : x > y;
}

/* Cancel the pending requests of @p client (or on handle @p hi when it is
 * not negative) in the library's order: request slot order. */
static void
cancel_matching(struct model *m, uint32_t client, int hi, bool notify)
{
	int list[M_MAX];
	unsigned i, n = 0;

	for (i = 0; i < M_MAX; i++) {
		const struct m_req *r = &m->r[i];

		if (r->state != MR_QUEUED && r->state != MR_INFLIGHT)
			continue;
		if (hi >= 0 ? r->handle == hi : r->client == client)
			list[n++] = (int)i;
	}
	sort_model = m;
	qsort(list, n, sizeof(list[0]), cmp_req_slot);
	for (i = 0; i < n; i++)
		model_cancel(m, list[i], notify);
}

static void
do_cancel(struct model *m, struct fx *fx)
{
	uint32_t client = rnd(m, M_CLIENTS), tag;
	int c[M_MAX], ri = -1;
	unsigned i, n = 0;

	for (i = 0; i < M_MAX; i++)
		if (m->r[i].state != MR_FREE && m->r[i].client == client)
			c[n++] = (int)i;
	if (n == 0 || rnd(m, 6) == 0) {
		tag = (rnd(m, 0xFFFFu) << 16) | rnd(m, M_NR + 2);
		for (i = 0; i < M_MAX; i++)
			if (m->r[i].state != MR_FREE && m->r[i].tag == tag)
				return;
	} else {
		ri = c[rnd(m, n)];
		tag = m->r[ri].tag;
	}
	if (ri < 0 || m->r[ri].state == MR_ORPHAN) {
		assert_int_equal(tscheme_cancel(&fx->ns, client, tag),
				 -TSCHEME_ENOENT);
		return;
	}
	assert_int_equal(tscheme_cancel(&fx->ns, client, tag), 0);
	stats.cancels++;
	model_cancel(m, ri, true);
}

static void
model_close(struct model *m, int hi, bool notify)
{
	struct m_handle *h = &m->h[hi];

	cancel_matching(m, 0, hi, notify);
	if (h->state == MH_OPEN) {
		struct m_scheme *ms = &m->s[h->scheme];

		h->state = MH_CLOSING;
		h->events = 0;
		ms->closes[ms->ncloses++] = hi;
	} else {
		h->state = MH_FREE;
	}
}

static void
do_close(struct model *m, struct fx *fx)
{
	uint32_t client = rnd(m, M_CLIENTS);
	int hi = pick_handle(m, client);

	if (hi < 0)
		return;
	if (m->h[hi].state == MH_CLOSING) {
		assert_int_equal(tscheme_close(&fx->ns, client, m->h[hi].token),
				 -TSCHEME_EBADF);
		return;
	}
	assert_int_equal(tscheme_close(&fx->ns, client, m->h[hi].token), 0);
	model_close(m, hi, true);
}

static int
cmp_slot(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a & 0xFFFFu;
	uint32_t y = *(const uint32_t *)b & 0xFFFFu;

	return x < y ? -1 : x > y;
}

static void
model_client_exit(struct model *m, struct fx *fx, uint32_t client)
{
	uint32_t order[M_MAX];
	unsigned i, j, n = 0;

	cancel_matching(m, client, -1, false);
	/* The library walks its handle pool in slot order. */
	for (i = 0; i < M_MAX; i++)
		if (m->h[i].client == client &&
		    (m->h[i].state == MH_OPEN || m->h[i].state == MH_DEAD ||
		     m->h[i].state == MH_ROOT))
			order[n++] = m->h[i].token;
	qsort(order, n, sizeof(order[0]), cmp_slot);
	for (j = 0; j < n; j++)
		for (i = 0; i < M_MAX; i++)
			if (m->h[i].state != MH_FREE &&
			    m->h[i].token == order[j])
				model_close(m, (int)i, false);
	assert_int_equal(tscheme_client_exit(&fx->ns, client), (int)n);
	stats.client_deaths++;
}

static int
next_queued(const struct model *m, int s, uint32_t client)
{
	unsigned i;
	int best = -1;

	for (i = 0; i < M_MAX; i++)
		if (m->r[i].state == MR_QUEUED && m->r[i].scheme == s &&
		    m->r[i].client == client &&
		    (best < 0 || m->r[i].seq < m->r[best].seq))
			best = (int)i;
	return best;
}

static void
model_next(struct model *m, struct fx *fx, int s)
{
	struct m_scheme *ms = &m->s[s];
	struct tscheme_request rq;
	uint32_t client;
	int rc, ri;

	rc = tscheme_next(&fx->ns, ms->token, &rq);
	if (!ms->live) {
		assert_int_equal(rc, -TSCHEME_EBADF);
		return;
	}
	if (ms->ncloses > 0) {
		int hi = ms->closes[0];

		assert_int_equal(rc, 0);
		assert_int_equal(rq.op, TSCHEME_OP_CLOSE);
		assert_int_equal(rq.tag, 0);
		assert_int_equal(rq.id, m->h[hi].id);
		assert_int_equal(rq.client, m->h[hi].client);
		stats.closes++;
		memmove(&ms->closes[0], &ms->closes[1],
			(ms->ncloses - 1) * sizeof(ms->closes[0]));
		ms->ncloses--;
		m->h[hi].state = MH_FREE;
		return;
	}
	if (ms->ncancels > 0) {
		int oi = ms->cancels[0];

		assert_int_equal(rc, 0);
		assert_int_equal(rq.op, TSCHEME_OP_CANCEL);
		assert_int_equal(rq.tag, m->r[oi].tag);
		assert_int_equal(rq.client, m->r[oi].client);
		notice_drop(m, oi);
		stats.notices++;
		return;
	}
	if (ms->nlanes == 0) {
		assert_int_equal(rc, -TSCHEME_EAGAIN);
		return;
	}
	client = ms->lanes[0];
	ri = next_queued(m, s, client);
	assert_true(ri >= 0);
	assert_int_equal(rc, 0);
	assert_int_equal(rq.tag, m->r[ri].tag);
	assert_int_equal(rq.op, m->r[ri].op);
	assert_int_equal(rq.client, client);
	if (m->r[ri].handle >= 0) {
		assert_int_equal(rq.id, m->h[m->r[ri].handle].id);
		assert_int_equal(rq.handle, m->h[m->r[ri].handle].token);
	}
	stats.dequeued++;
	m->r[ri].state = MR_INFLIGHT;
	memmove(&ms->lanes[0], &ms->lanes[1],
		(ms->nlanes - 1) * sizeof(ms->lanes[0]));
	ms->nlanes--;
	if (lane_count(m, s, client) > 0)
		ms->lanes[ms->nlanes++] = client;
}

static void
do_next(struct model *m, struct fx *fx)
{
	int s = pick_scheme(m, rnd(m, 10) != 0);

	if (s >= 0)
		model_next(m, fx, s);
}

static int64_t
pick_result(struct model *m, const struct m_req *r, bool *valid)
{
	*valid = true;
	if (rnd(m, 5) == 0)
		return -(int64_t)(1 + rnd(m, 40));
	if (rnd(m, 12) == 0) {
		*valid = false;
		switch (r->op) {
		case TSCHEME_OP_READ:
		case TSCHEME_OP_WRITE:
			return (int64_t)r->len + 1;
		case TSCHEME_OP_STAT:
			return 1;
		case TSCHEME_OP_SUBSCRIBE:
			return 4;
		default:
			return -4096;
		}
	}
	switch (r->op) {
	case TSCHEME_OP_READ:
	case TSCHEME_OP_WRITE:
		return rnd(m, (uint32_t)r->len + 1);
	case TSCHEME_OP_STAT:
		return 0;
	case TSCHEME_OP_SUBSCRIBE:
		return rnd(m, 4);
	default:
		return rnd(m, 1000);
	}
}

static void
do_answer(struct model *m, struct fx *fx, int *new_handle_for)
{
	int c[M_MAX], ri, s = pick_scheme(m, false), hi;
	unsigned i, n = 0;
	struct m_req *r;
	bool valid;
	int64_t res;

	if (s < 0)
		return;
	for (i = 0; i < M_MAX; i++)
		if ((m->r[i].state == MR_INFLIGHT ||
		     m->r[i].state == MR_ORPHAN) &&
		    m->r[i].scheme == s)
			c[n++] = (int)i;
	if (n == 0)
		return;
	ri = c[rnd(m, n)];
	r = &m->r[ri];
	if (!m->s[s].live) {
		assert_int_equal(
			tscheme_answer(&fx->ns, m->s[s].token, r->tag, 0),
			-TSCHEME_EBADF);
		return;
	}
	if (r->state == MR_ORPHAN) {
		assert_int_equal(
			tscheme_answer(&fx->ns, m->s[s].token, r->tag, 0),
			-TSCHEME_ECANCELED);
		stats.ecanceled_answers++;
		notice_drop(m, ri);
		req_release(m, ri);
		return;
	}
	res = pick_result(m, r, &valid);
	if (!valid) {
		assert_int_equal(
			tscheme_answer(&fx->ns, m->s[s].token, r->tag, res),
			-TSCHEME_EINVAL);
		return;
	}
	assert_int_equal(tscheme_answer(&fx->ns, m->s[s].token, r->tag, res),
			 0);
	if (r->newh && res >= 0) {
		hi = alloc_idx(MH_FREE, m->h, sizeof(m->h[0]));
		m->h[hi].state = MH_OPEN;
		m->h[hi].token = 0;
		m->h[hi].client = r->client;
		m->h[hi].scheme = s;
		m->h[hi].id = (uint64_t)res;
		m->h[hi].events = 0;
		*new_handle_for = hi;
		expect(m, r->tag, 0, true);
	} else {
		expect(m, r->tag, res, false);
	}
	if (r->op == TSCHEME_OP_SUBSCRIBE && res >= 0)
		m->h[r->handle].events = r->events;
	req_release(m, ri);
}

static void
do_notify(struct model *m, struct fx *fx)
{
	int s = pick_scheme(m, true), hi = pick_handle(m, rnd(m, M_CLIENTS));
	uint32_t ev = 1 + rnd(m, 3);
	int want;

	if (s < 0 || hi < 0)
		return;
	if (m->h[hi].state != MH_OPEN || m->h[hi].scheme != s)
		want = -TSCHEME_EBADF;
	else
		want = (ev & m->h[hi].events) != 0;
	fx->nev = 0;
	assert_int_equal(
		tscheme_notify(&fx->ns, m->s[s].token, m->h[hi].token, ev),
		want);
	assert_int_equal(fx->nev, want == 1);
}

static void
step(struct model *m, struct fx *fx)
{
	int new_handle_for = -1;
	uint32_t k = rnd(m, 100);

	if (k < 4)
		do_register(m, fx);
	else if (k < 6)
		do_server_death(m, fx);
	else if (k < 22)
		do_open(m, fx);
	else if (k < 42)
		do_handle_op(m, fx);
	else if (k < 48)
		do_cancel(m, fx);
	else if (k < 54)
		do_close(m, fx);
	else if (k < 57)
		model_client_exit(m, fx, rnd(m, M_CLIENTS));
	else if (k < 75)
		do_next(m, fx);
	else if (k < 95)
		do_answer(m, fx, &new_handle_for);
	else
		do_notify(m, fx);
	check(m, fx, &new_handle_for);
}

/* Everything goes: clients die, servers drain their close queues and
 * answer what they hold, then leave.  All pools must be whole. */
static void
teardown(struct model *m, struct fx *fx)
{
	int new_handle_for = -1;
	uint32_t c, tag;
	unsigned i, k;
	int64_t res;

	for (c = 0; c < M_CLIENTS; c++) {
		model_client_exit(m, fx, c);
		check(m, fx, &new_handle_for);
	}
	for (i = 0; i < m->ns; i++) {
		if (!m->s[i].live)
			continue;
		while (m->s[i].ncloses > 0 || m->s[i].ncancels > 0) {
			model_next(m, fx, (int)i);
			check(m, fx, &new_handle_for);
		}
		model_next(m, fx, (int)i); /* EAGAIN */
		for (k = 0; k < M_MAX; k++) {
			if (m->r[k].state != MR_ORPHAN ||
			    m->r[k].scheme != (int)i)
				continue;
			assert_int_equal(tscheme_answer(&fx->ns, m->s[i].token,
							m->r[k].tag, 0),
					 -TSCHEME_ECANCELED);
			notice_drop(m, (int)k);
			req_release(m, (int)k);
		}
		assert_int_equal(tscheme_unregister(&fx->ns, m->s[i].token), 0);
		model_teardown(m, (int)i);
		check(m, fx, &new_handle_for);
	}
	fx_assert_empty(fx);
	assert_int_equal(count_reqs(m), 0);
	assert_int_equal(count_handles(m), 0);
	/* Every slot comes back: all handles and requests allocatable. */
	for (i = 0; i < M_NH; i++)
		assert_int_equal(fx_open(fx, 0, "/scheme", &tag, &res),
				 TSCHEME_DONE);
	assert_int_equal(fx_open(fx, 0, "/scheme", &tag, &res),
			 -TSCHEME_ENOSPC);
	assert_int_equal(tscheme_client_exit(&fx->ns, 0), (int)M_NH);
	assert_int_equal(tscheme_register(&fx->ns, "x", 1, 1, M_NR, M_NR, &c),
			 0);
	for (i = 0; i < M_NR; i++)
		assert_int_equal(fx_open(fx, 0, "/scheme/x/1", &tag, &res), 0);
	assert_int_equal(fx_open(fx, 1, "/scheme/x/1", &tag, &res),
			 -TSCHEME_EAGAIN);
	assert_int_equal(tscheme_server_exit(&fx->ns, 1), 1);
	assert_int_equal(fx->ndone, M_NR);
	fx->ndone = 0;
	fx_assert_empty(fx);
}

static void
run_seed(uint64_t seed, unsigned steps)
{
	static struct model m;
	struct fx *fx = fx_new_sized(M_NS, M_NH, M_NR);
	unsigned i;

	memset(&m, 0, sizeof(m));
	m.rng = seed * 0x9E3779B97F4A7C15ull + 1;
	for (i = 0; i < steps; i++)
		step(&m, fx);
	teardown(&m, fx);
}

static void
test_tscheme_submit__random_interleavings_match_model(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 300; seed++)
		run_seed(seed, 600);
	print_message("model: %lu dequeued, %lu closes, %lu completions, "
		      "%lu cancels, %lu client deaths, %lu server deaths, "
		      "%lu EAGAIN, %lu ENOSPC, %lu cancelled answers, "
		      "%lu cancel notices\n",
		      stats.dequeued, stats.closes, stats.completions,
		      stats.cancels, stats.client_deaths, stats.server_deaths,
		      stats.eagain, stats.enospc, stats.ecanceled_answers,
		      stats.notices);
	assert_true(stats.dequeued > 1000 && stats.cancels > 100 &&
		    stats.server_deaths > 100 && stats.eagain > 100 &&
		    stats.enospc > 100 && stats.ecanceled_answers > 100 &&
		    stats.notices > 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_tscheme_submit__random_interleavings_match_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
