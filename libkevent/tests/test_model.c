/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Model-based test: random operation sequences drive the queue and a
 * plain reference model (arrays and linear scans, no hashing, no wheel),
 * and every result is compared: return codes, EV_ERROR entries, collected
 * events in order, pending counts and the next timer deadline.
 *
 * Timers get deadlines with distinct residues modulo 64 and time advances
 * one deadline at a time, so two timers never expire in the same call and
 * the activation order is fully determined.
 */
#include "kev_test.h"

#define NSRC	   3
#define DETACHED   (-2) /* source closed with EOF */
#define NIDENT	   8
#define RES_MOD	   64u
#define MAX_BATCH  3
#define MAX_EVENTS 6
#define MASK_USER  TKEV_NOTE_FFLAGSMASK
#define STICKY \
	(TKEV_EV_ONESHOT | TKEV_EV_CLEAR | TKEV_EV_DISPATCH | TKEV_EV_RECEIPT)

struct mkn {
	bool used;
	int16_t filter;
	uint64_t ident;
	uint16_t flags;
	void *udata;
	uint32_t sfflags;
	int64_t sdata;
	int64_t data;
	bool active, disabled, queued, armed, eof;
	int src;
	uint64_t seq, deadline, period;
};

struct model {
	struct mkn kn[T_NKNOTES];
	int order[T_NKNOTES];
	int norder;
	int64_t readable[NSRC];
	uint64_t seq;
	uint64_t now;
};

struct world {
	struct fixture f;
	struct fake_obj obj[NSRC];
	struct fake_obj proc;
	struct model m;
};

static uint64_t g_rng;

static uint64_t
rnd(uint64_t n)
{
	g_rng ^= g_rng << 13;
	g_rng ^= g_rng >> 7;
	g_rng ^= g_rng << 17;
	return g_rng % n;
}

/* ---- the reference model ---- */

static int
m_find(const struct model *m, uint64_t ident, int16_t filter)
{
	int i;

	for (i = 0; i < T_NKNOTES; i++)
		if (m->kn[i].used && m->kn[i].ident == ident &&
		    m->kn[i].filter == filter)
			return i;
	return -1;
}

static void
m_unqueue(struct model *m, int k)
{
	int i, j = 0;

	for (i = 0; i < m->norder; i++)
		if (m->order[i] != k)
			m->order[j++] = m->order[i];
	m->norder = j;
	m->kn[k].queued = false;
}

static void
m_activate(struct model *m, int k)
{
	struct mkn *kn = &m->kn[k];

	kn->active = true;
	if (!kn->queued && !kn->disabled) {
		kn->queued = true;
		m->order[m->norder++] = k;
	}
}

static void
m_free(struct model *m, int k)
{
	m_unqueue(m, k);
	memset(&m->kn[k], 0, sizeof(m->kn[k]));
}

static bool
m_ready(const struct model *m, const struct mkn *kn)
{
	if (kn->src == DETACHED)
		return kn->eof;
	return m->readable[kn->src] >= 1;
}

static void
m_user_touch(struct model *m, int k, const struct tkev_event *ch)
{
	struct mkn *kn = &m->kn[k];
	uint32_t ff = ch->fflags & MASK_USER;

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
	if (ch->fflags & TKEV_NOTE_TRIGGER)
		m_activate(m, k);
}

static void
m_register(struct model *m, int k, const struct tkev_event *ch)
{
	struct mkn *kn = &m->kn[k];

	if (ch->filter == TKEV_FILT_USER) {
		m_user_touch(m, k, ch);
		return;
	}
	kn->sfflags = ch->fflags;
	kn->sdata = ch->data;
	switch (ch->filter) {
	case TKEV_FILT_TIMER:
		m_unqueue(m, k);
		kn->active = false;
		kn->data = 0;
		kn->flags |= TKEV_EV_CLEAR;
		kn->period =
			(kn->flags & TKEV_EV_ONESHOT) ? 0 : (uint64_t)ch->data;
		kn->deadline = m->now + (uint64_t)ch->data;
		kn->armed = true;
		break;
	case TKEV_FILT_IRQ:
	case TKEV_FILT_SIGNAL:
		kn->flags |= TKEV_EV_CLEAR;
		break;
	default:
		if (m_ready(m, kn))
			m_activate(m, k);
		break;
	}
}

static int
m_src_of(const struct tkev_event *ch)
{
	return ch->filter == TKEV_FILT_READ || ch->filter == TKEV_FILT_IRQ
		       ? (int)(ch->ident % NSRC)
		       : -1;
}

static int
m_apply(struct model *m, const struct tkev_event *ch)
{
	uint16_t fl = ch->flags;
	int k = m_find(m, ch->ident, ch->filter), i;

	if ((fl & (TKEV_EV_ADD | TKEV_EV_KEEPUDATA)) ==
	    (TKEV_EV_ADD | TKEV_EV_KEEPUDATA))
		return -TKEV_EINVAL;
	if (k < 0 && !(fl & TKEV_EV_ADD))
		return -TKEV_ENOENT;
	if (fl & TKEV_EV_ADD) {
		if (ch->filter == TKEV_FILT_SIGNAL &&
		    (ch->ident == 0 || ch->ident > TKEV_SIGNAL_MAX))
			return -TKEV_EINVAL;
		if (k < 0) {
			for (i = 0; i < T_NKNOTES && m->kn[i].used; i++)
				;
			if (i == T_NKNOTES)
				return -TKEV_ENOSPC;
			k = i;
			memset(&m->kn[k], 0, sizeof(m->kn[k]));
			m->kn[k].used = true;
			m->kn[k].ident = ch->ident;
			m->kn[k].filter = ch->filter;
			m->kn[k].src = m_src_of(ch);
			m->kn[k].seq = m->seq++;
		} else if (m->kn[k].src == DETACHED && ch->src != NULL) {
			/* K13: a reused ident watches the new object. */
			m_unqueue(m, k);
			m->kn[k].active = false;
			m->kn[k].eof = false;
			m->kn[k].data = 0;
			m->kn[k].src = m_src_of(ch);
			m->kn[k].seq = m->seq++;
		}
	} else if (fl & TKEV_EV_DELETE) {
		m_free(m, k);
		return 0;
	}
	if (fl & TKEV_EV_DISABLE) {
		m->kn[k].disabled = true;
		m_unqueue(m, k);
	}
	if (fl & TKEV_EV_ADD) {
		m->kn[k].udata = ch->udata;
		m->kn[k].flags = (uint16_t)((m->kn[k].flags & TKEV_EV_RECEIPT) |
					    (fl & STICKY));
		m_register(m, k, ch);
	} else {
		if (!(fl & TKEV_EV_KEEPUDATA))
			m->kn[k].udata = ch->udata;
		if (ch->filter == TKEV_FILT_USER)
			m_user_touch(m, k, ch);
	}
	if ((fl & TKEV_EV_ENABLE) ||
	    (fl & (TKEV_EV_ADD | TKEV_EV_DISABLE)) == TKEV_EV_ADD) {
		m->kn[k].disabled = false;
		if (m->kn[k].active)
			m_activate(m, k);
	}
	return 0;
}

static int
m_collect(struct model *m, struct tkev_event *ev, int n)
{
	int budget = m->norder, out = 0;

	while (out < n && budget-- > 0) {
		int k = m->order[0];
		struct mkn *kn = &m->kn[k];
		struct tkev_event *e = &ev[out];

		m_unqueue(m, k);
		memset(e, 0, sizeof(*e));
		e->ident = kn->ident;
		e->filter = kn->filter;
		e->flags = kn->flags;
		e->udata = kn->udata;
		e->data = kn->data;
		if (kn->filter == TKEV_FILT_READ) {
			if (!m_ready(m, kn)) {
				kn->active = false;
				continue;
			}
			e->data =
				kn->src == DETACHED ? 0 : m->readable[kn->src];
		} else if (kn->filter == TKEV_FILT_USER) {
			e->fflags = kn->sfflags & MASK_USER;
			e->data = kn->sdata;
		}
		if (kn->eof)
			e->flags |= TKEV_EV_EOF;
		out++;
		if (kn->flags & TKEV_EV_ONESHOT) {
			m_free(m, k);
			continue;
		}
		if (kn->flags & TKEV_EV_CLEAR) {
			if (kn->filter != TKEV_FILT_USER)
				kn->data = 0;
			kn->active = false;
		}
		if (kn->flags & TKEV_EV_DISPATCH)
			kn->disabled = true;
		else if (kn->active)
			m_activate(m, k);
	}
	return out;
}

static int
m_kevent(struct model *m, const struct tkev_event *ch, int nch,
	 struct tkev_event *ev, int nev)
{
	int i, nerr = 0;

	for (i = 0; i < nch; i++) {
		struct tkev_event c = ch[i];
		int err = m_apply(m, &c);

		if (err == 0 && !(c.flags & TKEV_EV_RECEIPT))
			continue;
		if (nerr == nev)
			return err != 0 ? err : nerr;
		c.flags |= TKEV_EV_ERROR;
		c.data = -(int64_t)err;
		ev[nerr++] = c;
	}
	if (nerr)
		return nerr;
	return m_collect(m, ev, nev);
}

/* Notify in attachment order, as the source's knote list does. */
static void
m_notify(struct model *m, int16_t filter, int src, uint64_t sig, int64_t count)
{
	uint64_t s;
	int i;

	for (s = 0; s < m->seq; s++) {
		for (i = 0; i < T_NKNOTES; i++) {
			struct mkn *kn = &m->kn[i];

			if (!kn->used || kn->seq != s || kn->filter != filter)
				continue;
			if (filter == TKEV_FILT_SIGNAL) {
				if (kn->ident != sig)
					continue;
				kn->data++;
				m_activate(m, i);
			} else if (kn->src == src) {
				if (filter == TKEV_FILT_IRQ) {
					kn->data += count;
					m_activate(m, i);
				} else if (m_ready(m, kn)) {
					m_activate(m, i);
				}
			}
		}
	}
}

static void
m_close_eof(struct model *m, int src)
{
	uint64_t s;
	int i;

	for (s = 0; s < m->seq; s++) {
		for (i = 0; i < T_NKNOTES; i++) {
			struct mkn *kn = &m->kn[i];

			if (!kn->used || kn->seq != s || kn->src != src)
				continue;
			kn->src = DETACHED;
			kn->eof = true;
			m_activate(m, i);
		}
	}
}

static uint64_t
m_next_deadline(const struct model *m, int *who)
{
	uint64_t best = TKEV_NO_DEADLINE;
	int i;

	*who = -1;
	for (i = 0; i < T_NKNOTES; i++)
		if (m->kn[i].used && m->kn[i].armed &&
		    m->kn[i].deadline < best) {
			best = m->kn[i].deadline;
			*who = i;
		}
	return best;
}

/* ---- driving both ---- */

static void
compare_events(const struct tkev_event *a, const struct tkev_event *b, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		assert_int_equal(a[i].ident, b[i].ident);
		assert_int_equal(a[i].filter, b[i].filter);
		assert_int_equal(a[i].flags, b[i].flags);
		assert_int_equal(a[i].fflags, b[i].fflags);
		assert_int_equal(a[i].data, b[i].data);
		assert_ptr_equal(a[i].udata, b[i].udata);
	}
}

static void
check_state(struct world *w)
{
	uint64_t d = tkev_wheel_next_deadline(&w->f.wheel), want;
	int who;

	assert_int_equal(tkev_queue_pending(&w->f.q), (size_t)w->m.norder);
	want = m_next_deadline(&w->m, &who);

	/* Exact, or an earlier cascade point (see tkev_wheel_next_deadline). */
	assert_true(d <= want);
	assert_int_equal(d == TKEV_NO_DEADLINE, want == TKEV_NO_DEADLINE);
}

static void
advance_to(struct world *w, uint64_t t)
{
	int who;
	uint64_t d;

	while ((d = m_next_deadline(&w->m, &who)) <= t) {
		struct mkn *kn = &w->m.kn[who];

		w->m.now = d;
		assert_int_equal(tkev_wheel_expire(&w->f.wheel, d), 1);
		kn->data++;
		if (kn->period != 0)
			kn->deadline += kn->period;
		else
			kn->armed = false;
		m_activate(&w->m, who);
		check_state(w);
	}
	w->m.now = t;
	assert_int_equal(tkev_wheel_expire(&w->f.wheel, t), 0);
}

static const uint16_t flag_table[] = {
	TKEV_EV_ADD,
	TKEV_EV_ADD | TKEV_EV_CLEAR,
	TKEV_EV_ADD | TKEV_EV_ONESHOT,
	TKEV_EV_ADD | TKEV_EV_DISPATCH,
	TKEV_EV_ADD | TKEV_EV_DISABLE,
	TKEV_EV_ADD | TKEV_EV_RECEIPT,
	TKEV_EV_ADD | TKEV_EV_KEEPUDATA,
	TKEV_EV_DELETE,
	TKEV_EV_DELETE | TKEV_EV_RECEIPT,
	TKEV_EV_ENABLE,
	TKEV_EV_DISABLE,
	TKEV_EV_ENABLE | TKEV_EV_DISABLE,
	TKEV_EV_KEEPUDATA,
	0,
};

static const int16_t filter_table[] = {
	TKEV_FILT_USER, TKEV_FILT_USER,	  TKEV_FILT_IRQ,
	TKEV_FILT_READ, TKEV_FILT_SIGNAL, TKEV_FILT_TIMER,
};

static struct tkev_event
random_change(struct world *w)
{
	int16_t filter = filter_table[rnd(sizeof(filter_table) /
					  sizeof(filter_table[0]))];
	struct tkev_event ch;

	memset(&ch, 0, sizeof(ch));
	ch.filter = filter;
	ch.ident = rnd(NIDENT);
	ch.flags = flag_table[rnd(sizeof(flag_table) / sizeof(flag_table[0]))];
	ch.udata = (void *)(uintptr_t)(rnd(4) + 1);
	switch (filter) {
	case TKEV_FILT_USER:
		ch.fflags = (uint32_t)(rnd(4) << 30) | (uint32_t)rnd(8);
		if (rnd(2))
			ch.fflags |= TKEV_NOTE_TRIGGER;
		ch.data = (int64_t)rnd(10);
		break;
	case TKEV_FILT_TIMER:
		ch.fflags = TKEV_NOTE_NSECONDS;
		ch.data = (int64_t)(RES_MOD * (1 + rnd(20)));
		break;
	case TKEV_FILT_SIGNAL:
		ch.ident = rnd(5);
		ch.src = &w->proc.src;
		break;
	default:
		ch.src = &w->obj[ch.ident % NSRC].src;
		break;
	}
	return ch;
}

static void
step_kevent(struct world *w)
{
	struct tkev_event ch[MAX_BATCH], ev[MAX_EVENTS], mev[MAX_EVENTS];
	int nch = (int)rnd(MAX_BATCH + 1), nev = (int)rnd(MAX_EVENTS + 1);
	int i, rc, mrc;

	for (i = 0; i < nch; i++) {
		ch[i] = random_change(w);
		if (ch[i].filter == TKEV_FILT_TIMER) {
			/* Give each timer its own residue (see top). */
			uint64_t r = (ch[i].ident * 8u + 1u) % RES_MOD;
			uint64_t t = w->m.now + 1u;

			t += (r + RES_MOD - t % RES_MOD) % RES_MOD;
			advance_to(w, t);
			nch = i + 1;
			break;
		}
	}
	memset(ev, 0, sizeof(ev));
	memset(mev, 0, sizeof(mev));
	mrc = m_kevent(&w->m, ch, nch, mev, nev);
	rc = tkev_kevent(&w->f.q, ch, (size_t)nch, ev, (size_t)nev, w->m.now);
	assert_int_equal(rc, mrc);
	if (rc > 0)
		compare_events(ev, mev, rc);
}

static void
step_source(struct world *w)
{
	int s = (int)rnd(NSRC);
	uint64_t sig = rnd(5);
	int64_t c = (int64_t)rnd(3) + 1;
	int i;

	switch (rnd(5)) {
	case 0:
		w->obj[s].readable = (int64_t)rnd(3);
		w->m.readable[s] = w->obj[s].readable;
		tkev_notify(&w->obj[s].src, TKEV_FILT_READ, 0, 0, 0);
		m_notify(&w->m, TKEV_FILT_READ, s, 0, 0);
		break;
	case 1:
		tkev_notify(&w->obj[s].src, TKEV_FILT_IRQ, 0, c, 0);
		m_notify(&w->m, TKEV_FILT_IRQ, s, 0, c);
		break;
	case 2:
		tkev_notify(&w->proc.src, TKEV_FILT_SIGNAL, 0, (int64_t)sig, 0);
		m_notify(&w->m, TKEV_FILT_SIGNAL, -1, sig, 0);
		break;
	case 3:
		/* Close with EOF, in attachment order; then recycle. */
		assert_int_equal(
			tkev_source_close(&w->obj[s].src, TKEV_CLOSE_EOF), 0);
		m_close_eof(&w->m, s);
		fake_init(&w->obj[s]);
		w->obj[s].readable = w->m.readable[s];
		break;
	default:
		/* Last close, then the object is recycled (K13). */
		assert_int_equal(
			tkev_source_close(&w->obj[s].src, TKEV_CLOSE_DROP), 0);
		for (i = 0; i < T_NKNOTES; i++)
			if (w->m.kn[i].used && w->m.kn[i].src == s)
				m_free(&w->m, i);
		fake_init(&w->obj[s]);
		w->obj[s].readable = w->m.readable[s];
		break;
	}
}

static void
run_model(uint64_t seed, int steps)
{
	static struct world w;
	int i, step;

	g_rng = seed;
	memset(&w, 0, sizeof(w));
	fixture_init(&w.f);
	assert_int_equal(tkev_wheel_init(&w.f.wheel, 0, 3), 0);
	for (i = 0; i < NSRC; i++)
		fake_init(&w.obj[i]);
	fake_init(&w.proc);
	for (step = 0; step < steps; step++) {
		switch (rnd(8)) {
		case 0:
		case 1:
		case 2:
		case 3:
			step_kevent(&w);
			break;
		case 4:
		case 5:
			step_source(&w);
			break;
		default:
			advance_to(&w, w.m.now + rnd(400));
			break;
		}
		check_state(&w);
	}
	assert_int_equal(tkev_queue_destroy(&w.f.q), 0);
	assert_int_equal(tkev_wheel_next_deadline(&w.f.wheel),
			 TKEV_NO_DEADLINE);
}

static void
test_tkev_kevent__model_random_sequences(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed <= 40; seed++)
		run_model(seed * 0x9e3779b97f4a7c15u, 3000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tkev_kevent__model_random_sequences),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
