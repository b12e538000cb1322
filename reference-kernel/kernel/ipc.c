// SPDX-License-Identifier: BSD-2-Clause
/*
 * Channels and event queues.
 *
 * A channel is a pair of ends; each end is reached through a libcap handle
 * (TCAP_OBJ_PORT).  A message carries up to MSG_MAX bytes and MSG_HANDLES
 * handles; while in flight its handles sit in a small libcap table of the
 * message's own, so that moving them in and out follows libcap's transfer
 * rules (all or nothing, TRANSFER right needed) and a message destroyed
 * unread closes them.  Writes do not block (a full queue gives EAGAIN);
 * reads block with an optional time limit.  An end whose last handle goes
 * away closes: the peer reads what is queued, then gets EPEER.
 *
 * An event queue (TCAP_OBJ_EVENTQ) is a libkevent queue: event_subscribe
 * adds a knote for a channel end (readable), a process (exit) or a timer of
 * the kernel's timing wheel; event_wait collects, blocking with an optional
 * time limit.  The kernel lock is libkevent's domain lock.
 */
#include <kernel/drivers.h>
#include <kernel/kernel.h>
#include <kernel/proc.h>

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#define MAX_ENDS     64
#define MAX_MSGS     128
#define MAX_EVQ	     32
#define EVQ_KNOTES   16
#define EVQ_BUCKETS  16
#define WHEEL_SHIFT  20 /* about 1 ms buckets */
#define INVALID_SLOT 0xffff

struct msg {
	bool used;
	uint32_t len, nh;
	uint8_t data[MSG_MAX];
	tcap_handle_t h[MSG_HANDLES];
	struct tcap_table t;
	struct tcap_entry slots[MSG_HANDLES];
};

struct chan_end {
	bool used;
	bool peer_closed;
	uint32_t refs;
	struct chan_end *peer;
	uint16_t q[CHAN_QUEUE];
	uint32_t head, count;
	struct thread *readers; /* blocked in channel_read; wq_next links */
	struct tkev_source src;
};

struct evq {
	bool used;
	uint32_t refs;
	struct tkev_queue q;
	struct tkev_knote knotes[EVQ_KNOTES];
	struct tkev_link buckets[EVQ_BUCKETS];
};

static struct msg msgs[MAX_MSGS];
static struct chan_end ends[MAX_ENDS];
static struct evq evqs[MAX_EVQ];
static struct tkev_wheel wheel;
static uint64_t next_deadline; /* of the wheel; cached */

static struct proc *
self(void)
{
	return current()->proc;
}

void
ipc_init(void)
{
	struct tcap_table_config cfg = {0};
	int i;

	tkev_wheel_init(&wheel, uptime_ns(), WHEEL_SHIFT);
	cfg.nslots = MSG_HANDLES;
	cfg.ops = &kernel_obj_ops;
	cfg.type_rights = kernel_type_rights(&cfg.ntypes);
	for (i = 0; i < MAX_MSGS; i++) {
		cfg.slots = msgs[i].slots;
		if (tcap_table_init(&msgs[i].t, &cfg) != 0)
			panic("message handle table did not initialise");
	}
}

/* Under the kernel lock, from the scheduler: run the expired timers. */
void
ipc_timers(void)
{
	uint64_t now = uptime_ns();

	if (now < next_deadline)
		return;
	tkev_wheel_expire(&wheel, now);
	next_deadline = tkev_wheel_next_deadline(&wheel);
}

/* ---------------------------------------------------------- messages */

static void
msg_free(struct msg *m)
{
	tcap_table_drain(&m->t);
	m->used = false;
}

/* Each message's table is set up once (ipc_init); drained when freed. */
static struct msg *
msg_alloc(void)
{
	int i;

	for (i = 0; i < MAX_MSGS; i++) {
		struct msg *m = &msgs[i];

		if (m->used)
			continue;
		m->used = true;
		m->len = 0;
		m->nh = 0;
		return m;
	}
	return NULL;
}

/* ------------------------------------------------------------ channels */

static void
end_poll(const struct tkev_source *src, int16_t filter, int64_t *data,
	 bool *eof)
{
	const struct chan_end *e = src->ctx;

	(void)filter;
	*data = e->count;
	*eof = e->peer_closed;
}

static const struct tkev_source_ops end_ops = {.poll = end_poll};

/* Wake the threads blocked reading @p e: its own list, no table scan. */
static void
end_wake(struct chan_end *e)
{
	struct thread *t;

	for (t = e->readers; t != NULL; t = t->wq_next)
		thread_wake_one(t, e);
}

static void
end_unwait(struct chan_end *e, struct thread *t)
{
	struct thread **pp;

	for (pp = &e->readers; *pp != NULL; pp = &(*pp)->wq_next) {
		if (*pp == t) {
			*pp = t->wq_next;
			break;
		}
	}
	t->wq_next = NULL;
}

static void
end_close(struct chan_end *e)
{
	while (e->count > 0) {
		msg_free(&msgs[e->q[e->head]]);
		e->head = (e->head + 1) % CHAN_QUEUE;
		e->count--;
	}
	tkev_source_close(&e->src, TKEV_CLOSE_EOF);
	/* Readers of this end (its handle closed under them) look it up
	 * again and fail; the list is empty before the end can be reused. */
	while (e->readers != NULL) {
		struct thread *t = e->readers;

		thread_wake_one(t, e);
		e->readers = t->wq_next;
		t->wq_next = NULL;
	}
	if (e->peer != NULL) {
		e->peer->peer_closed = true;
		e->peer->peer = NULL;
		end_wake(e->peer);
		tkev_notify(&e->peer->src, TKEV_FILT_READ, 0, 0, 0);
	}
	e->peer = NULL;
	e->used = false;
}

static void
evq_close(struct evq *q)
{
	tkev_queue_destroy(&q->q);
	q->used = false;
}

void
ipc_retain(void *obj, uint32_t type)
{
	if (type == TCAP_OBJ_PORT)
		((struct chan_end *)obj)->refs++;
	else if (type == TCAP_OBJ_EVENTQ)
		((struct evq *)obj)->refs++;
}

void
ipc_release(void *obj, uint32_t type)
{
	if (type == TCAP_OBJ_PORT) {
		struct chan_end *e = obj;

		if (e->refs > 0 && --e->refs == 0)
			end_close(e);
	} else if (type == TCAP_OBJ_EVENTQ) {
		struct evq *q = obj;

		if (q->refs > 0 && --q->refs == 0)
			evq_close(q);
	}
}

static int
lookup(uint64_t h, uint32_t type, uint64_t need, void **obj)
{
	if (h > UINT32_MAX)
		return -EBADF;
	return tcap_lookup_typed(&self()->handles, (tcap_handle_t)h, type, need,
				 obj);
}

int64_t
sys_channel_create(const uint64_t *a)
{
	struct tcap_table *t = &self()->handles;
	struct chan_end *e[2] = {NULL, NULL};
	tcap_handle_t h[2];
	int i, n = 0, err;

	if (!vm_range_ok(&self()->vm, a[0], sizeof(h), true))
		return -EFAULT;
	for (i = 0; i < MAX_ENDS && n < 2; i++) {
		if (!ends[i].used)
			e[n++] = &ends[i];
	}
	if (n < 2)
		return -ENOSPC;
	for (i = 0; i < 2; i++) {
		memset(e[i], 0, sizeof(*e[i]));
		tkev_source_init(&e[i]->src, &end_ops, 1u << TKEV_FILT_READ,
				 e[i]);
	}
	err = tcap_install(t, e[0], TCAP_OBJ_PORT, TCAP_RIGHTS_SAME, &h[0]);
	if (err != 0)
		return err;
	err = tcap_install(t, e[1], TCAP_OBJ_PORT, TCAP_RIGHTS_SAME, &h[1]);
	if (err != 0) {
		/* Not yet in use: take the first handle back quietly. */
		e[0]->refs = 0;
		tcap_close(t, h[0]);
		return err;
	}
	for (i = 0; i < 2; i++) {
		e[i]->used = true;
		e[i]->refs = 1;
		e[i]->peer = e[1 - i];
	}
	return copyout(&self()->vm, a[0], h, sizeof(h));
}

int64_t
sys_channel_write(const uint64_t *a)
{
	struct proc *p = self();
	struct tcap_xfer x[MSG_HANDLES];
	tcap_handle_t hs[MSG_HANDLES];
	struct chan_end *e = NULL, *peer;
	const void *src;
	struct msg *m;
	size_t i, nh = a[4], len = a[2];
	int err;

	err = lookup(a[0], TCAP_OBJ_PORT, TCAP_RIGHT_WRITE, (void **)&e);
	if (err != 0)
		return err;
	if (len > MSG_MAX || nh > MSG_HANDLES)
		return -ERANGE;
	/* One walk for a message inside one page; valid under the lock. */
	src = len > 0 ? vm_user_ptr(&p->vm, a[1], len, false) : NULL;
	if ((src == NULL && !vm_range_ok(&p->vm, a[1], len, false)) ||
	    (nh > 0 && copyin(&p->vm, hs, a[3], nh * sizeof(hs[0])) != 0))
		return -EFAULT;
	peer = e->peer;
	if (peer == NULL)
		return -EPEER;
	if (peer->count >= CHAN_QUEUE)
		return -EAGAIN;
	for (i = 0; i < nh; i++) {
		struct tcap_info info;

		/* Neither end of this channel may travel through it. */
		if (tcap_get(&p->handles, hs[i], &info) == 0 &&
		    (info.object == (void *)e || info.object == (void *)peer))
			return -EINVAL;
	}
	m = msg_alloc();
	if (m == NULL)
		return -ENOSPC;
	if (nh > 0)
		memset(x, 0, sizeof(x));
	for (i = 0; i < nh; i++) {
		x[i].handle = hs[i];
		x[i].mode = TCAP_XFER_MOVE;
		x[i].rights = TCAP_RIGHTS_SAME;
		x[i].type = TCAP_OBJ_ANY;
	}
	if (nh > 0) {
		err = tcap_transfer(&p->handles, &m->t, x, nh);
		if (err != 0) {
			msg_free(m);
			return err;
		}
	}
	if (src != NULL)
		memcpy(m->data, src, len);
	else
		copyin(&p->vm, m->data, a[1], len);
	m->len = (uint32_t)len;
	m->nh = (uint32_t)nh;
	for (i = 0; i < nh; i++)
		m->h[i] = x[i].out;
	peer->q[(peer->head + peer->count) % CHAN_QUEUE] = (uint16_t)(m - msgs);
	peer->count++;
	end_wake(peer);
	tkev_notify(&peer->src, TKEV_FILT_READ, 0, 0, 0);
	return 0;
}

int64_t
sys_channel_read(const uint64_t *a)
{
	struct proc *p = self();
	struct tcap_xfer x[MSG_HANDLES];
	tcap_handle_t out[MSG_HANDLES];
	struct chan_end *e = NULL;
	struct chan_msg cm;
	void *ucm, *dst;
	uint64_t deadline = 0;
	struct msg *m;
	uint32_t i;
	int err;

	err = lookup(a[0], TCAP_OBJ_PORT, TCAP_RIGHT_READ, (void **)&e);
	if (err != 0)
		return err;
	ucm = vm_user_ptr(&p->vm, a[1], sizeof(cm), true);
	if (ucm != NULL)
		memcpy(&cm, ucm, sizeof(cm));
	else if (copyin(&p->vm, &cm, a[1], sizeof(cm)) != 0 ||
		 !vm_range_ok(&p->vm, a[1], sizeof(cm), true))
		return -EFAULT;
	if (a[2] > SLEEP_MAX_NS)
		return -EINVAL;
	if (a[2] != 0)
		deadline = timer_count() + ns_to_count(a[2]);
	while (e->count == 0) {
		if (e->peer_closed)
			return -EPEER;
		if (p->killed)
			return -EAGAIN;
		{
			struct thread *t = current();
			bool late;

			t->wq_next = e->readers;
			e->readers = t;
			late = thread_block(e, deadline);
			end_unwait(e, t);
			if (late && e->count == 0)
				return -ETIMEDOUT;
		}
		/* The handle may have been closed meanwhile by another thread:
		 * the end lives on while this thread holds no reference, so
		 * look it up again. */
		err = lookup(a[0], TCAP_OBJ_PORT, TCAP_RIGHT_READ, (void **)&e);
		if (err != 0)
			return err;
		ucm = NULL; /* the mappings may have changed meanwhile */
	}
	m = &msgs[e->q[e->head]];
	if (m->len > cm.cap || m->nh > cm.hcap)
		return -ERANGE;
	dst = m->len > 0 ? vm_user_ptr(&p->vm, cm.buf, m->len, true) : NULL;
	if ((dst == NULL && !vm_range_ok(&p->vm, cm.buf, m->len, true)) ||
	    !vm_range_ok(&p->vm, cm.handles, m->nh * sizeof(out[0]), true))
		return -EFAULT;
	if (m->nh > 0)
		memset(x, 0, sizeof(x));
	for (i = 0; i < m->nh; i++) {
		x[i].handle = m->h[i];
		x[i].mode = TCAP_XFER_MOVE;
		x[i].rights = TCAP_RIGHTS_SAME;
		x[i].type = TCAP_OBJ_ANY;
	}
	if (m->nh > 0) {
		err = tcap_transfer(&m->t, &p->handles, x, m->nh);
		if (err != 0)
			return err;
	}
	for (i = 0; i < m->nh; i++)
		out[i] = x[i].out;
	if (dst != NULL)
		memcpy(dst, m->data, m->len);
	else
		copyout(&p->vm, cm.buf, m->data, m->len);
	if (m->nh > 0)
		copyout(&p->vm, cm.handles, out, m->nh * sizeof(out[0]));
	cm.len = m->len;
	cm.nh = m->nh;
	if (ucm != NULL)
		memcpy(ucm, &cm, sizeof(cm));
	else
		copyout(&p->vm, a[1], &cm, sizeof(cm));
	e->head = (e->head + 1) % CHAN_QUEUE;
	e->count--;
	/* Its handles all moved out (all or nothing): nothing to drain. */
	m->used = false;
	return 0;
}

/* --------------------------------------------------------- event queues */

static void
evq_wake(struct tkev_queue *q, void *arg)
{
	(void)q;
	thread_wake(arg);
}

int64_t
sys_eventq_create(const uint64_t *a)
{
	struct tkev_queue_config cfg = {0};
	struct evq *q = NULL;
	tcap_handle_t h;
	int i, err;

	(void)a;
	for (i = 0; i < MAX_EVQ && q == NULL; i++) {
		if (!evqs[i].used)
			q = &evqs[i];
	}
	if (q == NULL)
		return -ENOSPC;
	cfg.knotes = q->knotes;
	cfg.nknotes = EVQ_KNOTES;
	cfg.buckets = q->buckets;
	cfg.nbuckets = EVQ_BUCKETS;
	cfg.wheel = &wheel;
	cfg.wake = evq_wake;
	cfg.wake_arg = q;
	if (tkev_queue_init(&q->q, &cfg) != 0)
		return -EINVAL;
	err = tcap_install(&self()->handles, q, TCAP_OBJ_EVENTQ,
			   TCAP_RIGHTS_SAME, &h);
	if (err != 0) {
		tkev_queue_destroy(&q->q);
		return err;
	}
	q->used = true;
	q->refs = 1;
	return h;
}

int64_t
sys_event_subscribe(const uint64_t *a)
{
	struct tkev_event ch, res;
	struct evq *q = NULL;
	void *obj = NULL;
	int err;

	err = lookup(a[0], TCAP_OBJ_EVENTQ, TCAP_RIGHT_WRITE, (void **)&q);
	if (err != 0)
		return err;
	if ((a[4] & ~(uint64_t)(EVENT_ONESHOT | EVENT_DELETE)) != 0)
		return -EINVAL;
	memset(&ch, 0, sizeof(ch));
	ch.ident = a[2];
	ch.flags = TKEV_EV_RECEIPT;
	ch.flags |= (a[4] & EVENT_DELETE) ? TKEV_EV_DELETE : TKEV_EV_ADD;
	if (a[4] & EVENT_ONESHOT)
		ch.flags |= TKEV_EV_ONESHOT;
	switch (a[1]) {
	case EVENT_READ:
		ch.filter = TKEV_FILT_READ;
		err = lookup(a[2], TCAP_OBJ_PORT, TCAP_RIGHT_EVENT, &obj);
		if (err != 0)
			return err;
		ch.src = &((struct chan_end *)obj)->src;
		break;
	case EVENT_PROCESS:
		ch.filter = TKEV_FILT_PROC;
		ch.fflags = TKEV_NOTE_EXIT;
		err = lookup(a[2], TCAP_OBJ_PROCESS, TCAP_RIGHT_EVENT, &obj);
		if (err != 0)
			return err;
		ch.src = &((struct proc *)obj)->events;
		break;
	case EVENT_IRQ:
		ch.filter = TKEV_FILT_READ;
		err = lookup(a[2], TCAP_OBJ_IRQ, TCAP_RIGHT_EVENT, &obj);
		if (err != 0)
			return err;
		ch.src = ns_source(obj, TCAP_OBJ_IRQ);
		break;
	case EVENT_REQUEST:
		ch.filter = TKEV_FILT_READ;
		err = lookup(a[2], TYPE_SCHEME, TCAP_RIGHT_EVENT, &obj);
		if (err != 0)
			return err;
		ch.src = ns_source(obj, TYPE_SCHEME);
		break;
	case EVENT_TIMER:
		if (!(a[4] & EVENT_DELETE) &&
		    (a[3] == 0 || a[3] > SLEEP_MAX_NS))
			return -EINVAL;
		ch.filter = TKEV_FILT_TIMER;
		ch.fflags = TKEV_NOTE_NSECONDS;
		ch.data = (int64_t)a[3];
		break;
	default:
		return -EINVAL;
	}
	if (a[4] & EVENT_DELETE)
		ch.src = NULL;
	ch.udata = (void *)(uintptr_t)a[1];
	err = tkev_kevent(&q->q, &ch, 1, &res, 1, uptime_ns());
	next_deadline = tkev_wheel_next_deadline(&wheel);
	if (err < 0)
		return -EINVAL;
	/* libkevent's error numbers are the project's shared ones. */
	if ((res.flags & TKEV_EV_ERROR) && res.data != 0)
		return res.data > 0 ? -res.data : res.data;
	return 0;
}

int64_t
sys_event_wait(const uint64_t *a)
{
	struct proc *p = self();
	struct tkev_event kev[EVENT_WAIT_MAX];
	struct event ev[EVENT_WAIT_MAX];
	struct evq *q = NULL;
	uint64_t n = a[2], deadline = 0;
	int got, err, i;

	err = lookup(a[0], TCAP_OBJ_EVENTQ, TCAP_RIGHT_READ, (void **)&q);
	if (err != 0)
		return err;
	if (n == 0 || n > EVENT_WAIT_MAX || a[3] > SLEEP_MAX_NS)
		return -EINVAL;
	if (!vm_range_ok(&p->vm, a[1], n * sizeof(ev[0]), true))
		return -EFAULT;
	if (a[3] != 0)
		deadline = timer_count() + ns_to_count(a[3]);
	for (;;) {
		got = tkev_kevent(&q->q, NULL, 0, kev, n, uptime_ns());
		if (got != 0 || p->killed)
			break;
		if (a[3] != 0 && timer_count() >= deadline)
			return 0;
		thread_block(q, deadline);
		err = lookup(a[0], TCAP_OBJ_EVENTQ, TCAP_RIGHT_READ,
			     (void **)&q);
		if (err != 0)
			return err;
	}
	if (got < 0)
		return -EINVAL;
	for (i = 0; i < got; i++) {
		ev[i].ident = kev[i].ident;
		ev[i].kind = (uint32_t)(uintptr_t)kev[i].udata;
		ev[i].flags = (kev[i].flags & TKEV_EV_EOF) ? EVENT_EOF : 0;
		ev[i].data = kev[i].data;
	}
	copyout(&p->vm, a[1], ev, (size_t)got * sizeof(ev[0]));
	return got;
}
