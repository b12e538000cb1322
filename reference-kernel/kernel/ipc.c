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
	struct thread *caller; /* sent by channel_call: who waits for a reply */
	uint64_t call_id;      /* that call's number */
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
static uint64_t next_call_id;  /* numbers calls: a reply finds its caller */
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
		m->caller = NULL;
		m->call_id = 0;
		return m;
	}
	return NULL;
}

/*
 * A message holding a copy of @p len bytes from @p src and the @p nh
 * handles @p hs of the current process, moved (libcap's transfer rules:
 * all or nothing, the TRANSFER right needed).  Nothing changes on failure.
 */
static int
msg_fill(const struct uspan *src, uint32_t len, const tcap_handle_t *hs,
	 uint32_t nh, struct msg **out)
{
	struct tcap_xfer x[MSG_HANDLES];
	struct msg *m = msg_alloc();
	uint32_t i;
	int err;

	if (m == NULL)
		return -ENOSPC;
	if (nh > 0) {
		memset(x, 0, sizeof(x));
		for (i = 0; i < nh; i++) {
			x[i].handle = hs[i];
			x[i].mode = TCAP_XFER_MOVE;
			x[i].rights = TCAP_RIGHTS_SAME;
			x[i].type = TCAP_OBJ_ANY;
		}
		err = tcap_transfer(&self()->handles, &m->t, x, nh);
		if (err != 0) {
			m->used = false; /* its table is still empty */
			return err;
		}
		for (i = 0; i < nh; i++)
			m->h[i] = x[i].out;
	}
	uspan_from(m->data, src, len);
	m->len = len;
	m->nh = nh;
	*out = m;
	return 0;
}

/* Copy @p len bytes between two checked user ranges (two processes). */
static void
span_copy(const struct uspan *d, const struct uspan *s, uint32_t len)
{
	uint32_t di = 0, si = 0, doff = 0, soff = 0;

	if (len <= d->n[0] && len <= s->n[0]) {
		copy_small(d->k[0], s->k[0], len);
		return;
	}
	while (len > 0) {
		uint32_t n = d->n[di] - doff;

		if (n > s->n[si] - soff)
			n = s->n[si] - soff;
		if (n > len)
			n = len;
		copy_small(d->k[di] + doff, s->k[si] + soff, n);
		doff += n;
		soff += n;
		len -= n;
		if (doff == d->n[di]) {
			di++;
			doff = 0;
		}
		if (soff == s->n[si]) {
			si++;
			soff = 0;
		}
	}
}

static uint32_t
span_len(const struct uspan *s)
{
	return s->n[0] + s->n[1];
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

/*
 * The handles of a message to send, copied in from @p uh and checked:
 * neither end of the channel @p e may travel through it.
 */
static int
handles_in(const struct chan_end *e, uint64_t uh, uint32_t nh,
	   tcap_handle_t *hs)
{
	struct proc *p = self();
	uint32_t i;

	if (nh == 0)
		return 0;
	if (copyin(&p->vm, hs, uh, nh * sizeof(hs[0])) != 0)
		return -EFAULT;
	for (i = 0; i < nh; i++) {
		struct tcap_info info;

		if (tcap_get(&p->handles, hs[i], &info) == 0 &&
		    (info.object == (const void *)e ||
		     (e->peer != NULL && info.object == (const void *)e->peer)))
			return -EINVAL;
	}
	return 0;
}

/*
 * The answer of thread @p t to the call it read last (t->reply_to): it goes
 * to that caller only, straight into its buffer (a message slot when it
 * carries handles), and wakes it; when the caller no longer waits (its time
 * ran out, it was killed) the answer is dropped and its handles closed, as
 * for a message destroyed unread.  A reply larger than the caller's buffer
 * ends the call with ERANGE.  Nothing changes when it fails.
 */
static int
chan_reply(struct thread *t, const struct uspan *src, uint32_t len,
	   const tcap_handle_t *hs, uint32_t nh)
{
	struct thread *c = t->reply_to;
	bool waiting = c->call_id == t->reply_id && !c->rx_done;
	struct msg *m = NULL;
	int err;

	if (nh > 0) {
		err = msg_fill(src, len, hs, nh, &m);
		if (err != 0)
			return err;
	}
	t->reply_to = NULL;
	t->reply_end = NULL;
	if (!waiting || len > span_len(&c->rx)) {
		if (m != NULL)
			msg_free(m);
		if (!waiting)
			return 0;
		c->rx_err = -ERANGE;
	} else if (m != NULL) {
		c->rx_msg = m;
	} else {
		span_copy(&c->rx, src, len);
	}
	c->rx_len = len;
	c->rx_done = true;
	thread_wake_one(c, c->wait_on);
	return 0;
}

/*
 * Send @p len bytes (@p src, checked) and @p nh handles (@p hs, checked by
 * handles_in) from the current thread on end @p e; @p call_id is nonzero
 * for a call's message.  The answer to a call goes to its caller
 * (chan_reply).  Anything else goes to the peer: straight into the buffer
 * of a reader blocked there when nothing is queued and it carries no
 * handles (no message slot, no second copy), else into its queue.  Nothing
 * changes when it fails.
 */
static int
chan_send(struct chan_end *e, const struct uspan *src, uint32_t len,
	  const tcap_handle_t *hs, uint32_t nh, uint64_t call_id)
{
	struct thread *t = current(), *r;
	struct chan_end *peer = e->peer;
	struct msg *m;
	int err;

	if (peer == NULL)
		return -EPEER;
	if (call_id == 0 && t->reply_to != NULL && t->reply_end == e)
		return chan_reply(t, src, len, hs, nh);
	if (peer->count >= CHAN_QUEUE)
		return -EAGAIN;
	if (nh == 0 && peer->count == 0) {
		for (r = peer->readers; r != NULL; r = r->wq_next) {
			if (r->rx_ready && r->call_id == 0 &&
			    r->state == T_BLOCKED && r->wait_on == peer &&
			    len <= span_len(&r->rx))
				break;
		}
		if (r != NULL) {
			span_copy(&r->rx, src, len);
			r->rx_len = len;
			r->rx_done = true;
			r->rx_ready = false;
			r->reply_to = call_id != 0 ? t : NULL;
			r->reply_id = call_id;
			r->reply_end = peer;
			end_unwait(peer, r);
			thread_wake_one(r, peer);
			return 0;
		}
	}
	err = msg_fill(src, len, hs, nh, &m);
	if (err != 0)
		return err;
	m->caller = call_id != 0 ? t : NULL;
	m->call_id = call_id;
	peer->q[(peer->head + peer->count) % CHAN_QUEUE] = (uint16_t)(m - msgs);
	peer->count++;
	end_wake(peer);
	tkev_notify(&peer->src, TKEV_FILT_READ, 0, 0, 0);
	return 0;
}

/*
 * Move message @p m (from the queue of end @p e, or a reply handed to this
 * thread) into the buffers of @p cm: ERANGE (the message stays) when it
 * does not fit, EFAULT when they are bad, and the handle transfer's error.
 */
static int
msg_take(struct msg *m, struct chan_msg *cm)
{
	struct proc *p = self();
	struct tcap_xfer x[MSG_HANDLES];
	tcap_handle_t out[MSG_HANDLES];
	struct uspan dst;
	uint32_t i;
	int err;

	if (m->len > cm->cap || m->nh > cm->hcap)
		return -ERANGE;
	if (!vm_user_span(&p->vm, cm->buf, m->len, true, &dst) ||
	    !vm_range_ok(&p->vm, cm->handles, m->nh * sizeof(out[0]), true))
		return -EFAULT;
	if (m->nh > 0) {
		memset(x, 0, sizeof(x));
		for (i = 0; i < m->nh; i++) {
			x[i].handle = m->h[i];
			x[i].mode = TCAP_XFER_MOVE;
			x[i].rights = TCAP_RIGHTS_SAME;
			x[i].type = TCAP_OBJ_ANY;
		}
		err = tcap_transfer(&m->t, &p->handles, x, m->nh);
		if (err != 0)
			return err;
		for (i = 0; i < m->nh; i++)
			out[i] = x[i].out;
		copyout(&p->vm, cm->handles, out, m->nh * sizeof(out[0]));
	}
	uspan_to(&dst, m->data, m->len);
	cm->len = m->len;
	cm->nh = m->nh;
	return 0;
}

/*
 * The struct chan_msg at @p ucm: copied into @p cm; @p k set to its kernel
 * address when it lies inside one page (NULL: copy back with copyout).
 */
static int
cm_in(uint64_t ucm, struct chan_msg *cm, struct chan_msg **k)
{
	struct vm *vm = &self()->vm;

	*k = vm_user_ptr(vm, ucm, sizeof(*cm), true);
	if (*k != NULL)
		*cm = **k;
	else if (copyin(vm, cm, ucm, sizeof(*cm)) != 0 ||
		 !vm_range_ok(vm, ucm, sizeof(*cm), true))
		return -EFAULT;
	return 0;
}

/* Sizes back to the user's struct chan_msg (checked by cm_in). */
static void
cm_out(uint64_t ucm, struct chan_msg *k, const struct chan_msg *cm)
{
	if (k != NULL) {
		k->len = cm->len;
		k->nh = cm->nh;
	} else {
		copyout(&self()->vm, ucm, cm, sizeof(*cm));
	}
}

/*
 * Wait on end @p e (handle @p h, which needs READ) for a message into the
 * buffers of @p cm: the next one queued, or one a writer copies straight
 * into t->rx while this thread waits.  In a call (t->call_id set) only the
 * reply to the call counts.  @p deadline: timer count, 0 = none.  Ends the
 * call.
 */
static int
chan_receive(uint64_t h, struct chan_end *e, struct chan_msg *cm,
	     uint64_t deadline, bool rx_set)
{
	struct thread *t = current();
	struct proc *p = t->proc;
	bool calling = t->call_id != 0;
	int err = 0;

	for (;;) {
		bool late;

		if (t->rx_done)
			break;
		if (!calling && e->count > 0) {
			struct msg *m = &msgs[e->q[e->head]];

			err = msg_take(m, cm);
			if (err != 0)
				return err;
			e->head = (e->head + 1) % CHAN_QUEUE;
			e->count--;
			t->reply_to = m->caller;
			t->reply_id = m->call_id;
			t->reply_end = e;
			/* Its handles all moved out: nothing to drain. */
			m->used = false;
			return 0;
		}
		if (e->peer_closed) {
			err = -EPEER;
			break;
		}
		if (p->killed) {
			err = -EAGAIN;
			break;
		}
		if (!calling && !rx_set)
			t->rx_ready = vm_user_span(&p->vm, cm->buf,
						   cm->cap < MSG_MAX ? cm->cap
								     : MSG_MAX,
						   true, &t->rx);
		else if (!calling)
			t->rx_ready = true;
		t->wq_next = e->readers;
		e->readers = t;
		late = thread_block(e, deadline);
		end_unwait(e, t);
		t->rx_ready = false;
		if (t->rx_done)
			break;
		if (late && (calling || e->count == 0)) {
			err = -ETIMEDOUT;
			break;
		}
		/* The handle may have been closed meanwhile by another
		 * thread: the end lives on while this thread holds no
		 * reference, so look it up again. */
		err = lookup(h, TCAP_OBJ_PORT, TCAP_RIGHT_READ, (void **)&e);
		if (err != 0)
			break;
	}
	t->call_id = 0;
	if (t->rx_done) {
		struct msg *m = t->rx_msg;

		t->rx_done = false;
		t->rx_msg = NULL;
		if (t->rx_err != 0) {
			err = t->rx_err;
			t->rx_err = 0;
			return err;
		}
		if (m != NULL) {
			err = msg_take(m, cm);
			if (err != 0)
				msg_free(m); /* a reply not taken: closed */
			else
				m->used = false;
			return err;
		}
		cm->len = t->rx_len;
		cm->nh = 0;
		return 0;
	}
	if (t->rx_msg != NULL) { /* came too late for a killed caller */
		msg_free(t->rx_msg);
		t->rx_msg = NULL;
	}
	return err;
}

int64_t
sys_channel_write(const uint64_t *a)
{
	tcap_handle_t hs[MSG_HANDLES];
	struct chan_end *e = NULL;
	struct uspan src;
	int err;

	err = lookup(a[0], TCAP_OBJ_PORT, TCAP_RIGHT_WRITE, (void **)&e);
	if (err != 0)
		return err;
	if (a[2] > MSG_MAX || a[4] > MSG_HANDLES)
		return -ERANGE;
	if (!vm_user_span(&self()->vm, a[1], a[2], false, &src))
		return -EFAULT;
	err = handles_in(e, a[3], (uint32_t)a[4], hs);
	if (err != 0)
		return err;
	return chan_send(e, &src, (uint32_t)a[2], hs, (uint32_t)a[4], 0);
}

int64_t
sys_channel_read(const uint64_t *a)
{
	struct chan_end *e = NULL;
	struct chan_msg cm, *k;
	uint64_t deadline = 0;
	int err;

	err = lookup(a[0], TCAP_OBJ_PORT, TCAP_RIGHT_READ, (void **)&e);
	if (err != 0)
		return err;
	err = cm_in(a[1], &cm, &k);
	if (err != 0)
		return err;
	if (a[2] > SLEEP_MAX_NS)
		return -EINVAL;
	if (a[2] != 0)
		deadline = timer_count() + ns_to_count(a[2]);
	err = chan_receive(a[0], e, &cm, deadline, false);
	if (err == 0)
		cm_out(a[1], k, &cm);
	return err;
}

/*
 * channel_call (@p reply false) and channel_reply_wait (@p reply true):
 * (h, struct chan_msg *, len, nh, timeout).  Every argument is checked
 * before the message goes: the handle (READ and WRITE), the sizes, the
 * time limit, the struct, the message and its handles, and the buffers
 * the answer will land in (at most MSG_MAX bytes and MSG_HANDLES handles
 * of the room given).  A call then waits for the reply to this very
 * message; reply_wait sends its reply (to the caller whose message this
 * thread read last from @p h, see chan_send) and waits for the next
 * message, as channel_read does.  The time limit covers the wait.
 */
static int64_t
chan_call(const uint64_t *a, bool reply)
{
	struct thread *t = current();
	struct proc *p = t->proc;
	tcap_handle_t hs[MSG_HANDLES];
	struct chan_end *e = NULL;
	struct chan_msg cm, *k;
	uint64_t deadline = 0;
	struct uspan src;
	uint32_t len = (uint32_t)a[2], nh = (uint32_t)a[3];
	int err;

	err = lookup(a[0], TCAP_OBJ_PORT, TCAP_RIGHT_READ | TCAP_RIGHT_WRITE,
		     (void **)&e);
	if (err != 0)
		return err;
	if (a[2] > MSG_MAX || a[3] > MSG_HANDLES)
		return -ERANGE;
	if (a[4] > SLEEP_MAX_NS)
		return -EINVAL;
	err = cm_in(a[1], &cm, &k);
	if (err != 0)
		return err;
	/* The reply's room; the message is usually inside it (writable
	 * user pages are readable): one translation for both. */
	if (!vm_user_span(&p->vm, cm.buf, cm.cap < MSG_MAX ? cm.cap : MSG_MAX,
			  true, &t->rx))
		return -EFAULT;
	if (len <= span_len(&t->rx))
		src = t->rx;
	else if (!vm_user_span(&p->vm, cm.buf, len, false, &src))
		return -EFAULT;
	if (!vm_range_ok(&p->vm, cm.handles,
			 (cm.hcap < MSG_HANDLES ? cm.hcap : MSG_HANDLES) *
				 sizeof(tcap_handle_t),
			 true))
		return -EFAULT;
	err = handles_in(e, cm.handles, nh, hs);
	if (err != 0)
		return err;
	t->rx_done = false;
	t->rx_err = 0;
	t->call_id = reply ? 0 : ++next_call_id;
	err = chan_send(e, &src, len, hs, nh, t->call_id);
	if (err != 0) {
		t->call_id = 0;
		return err;
	}
	if (a[4] != 0)
		deadline = timer_count() + ns_to_count(a[4]);
	err = chan_receive(a[0], e, &cm, deadline, true);
	if (err == 0)
		cm_out(a[1], k, &cm);
	return err;
}

/*
 * The fast path of channel_call and channel_reply_wait, after seL4's: a
 * message of bytes only, to a thread already waiting for it (the callee
 * blocked in its read or reply_wait, or the caller blocked in its call)
 * with room for it and of at least the current thread's priority, from a
 * thread that then waits itself.  The bytes go straight from one user
 * buffer into the other, the receiver is made runnable without waking an
 * idle CPU for it, and the current thread switches to it directly as it
 * blocks (the kernel lock held throughout, so no other CPU can take the
 * receiver meanwhile).  Anything else (handles, a queue to go through, a
 * receiver not waiting, an argument to refuse, a reply to drop) is left
 * to chan_call: false, with nothing changed.
 */
static bool
ipc_fast(const uint64_t *a, bool reply, int64_t *ret)
{
	struct thread *t = current(), *r;
	struct proc *p = t->proc;
	struct chan_end *e, *peer;
	struct chan_msg *k;
	struct uspan rx;
	uint64_t buf, cap, hcap, deadline = 0;
	uint32_t len = (uint32_t)a[2];
	bool answer, late;
	void *obj;

	if (a[0] > UINT32_MAX || a[2] > MSG_MAX || a[3] != 0 ||
	    a[4] > SLEEP_MAX_NS || p->killed ||
	    tcap_lookup_typed(&p->handles, (tcap_handle_t)a[0], TCAP_OBJ_PORT,
			      TCAP_RIGHT_READ | TCAP_RIGHT_WRITE, &obj) != 0)
		return false;
	e = obj;
	peer = e->peer;
	k = vm_user_ptr(&p->vm, a[1], sizeof(*k), true);
	if (peer == NULL || k == NULL || (reply && e->count != 0))
		return false;
	buf = k->buf;
	cap = k->cap < MSG_MAX ? k->cap : MSG_MAX;
	hcap = k->hcap < MSG_HANDLES ? k->hcap : MSG_HANDLES;
	if (!vm_user_span(&p->vm, buf, cap, true, &rx) || len > span_len(&rx) ||
	    (hcap != 0 && !vm_range_ok(&p->vm, k->handles,
				       hcap * sizeof(tcap_handle_t), true)))
		return false;
	answer = reply && t->reply_to != NULL && t->reply_end == e;
	if (answer) {
		r = t->reply_to;
		if (r->call_id != t->reply_id || r->rx_done ||
		    r->state != T_BLOCKED || len > span_len(&r->rx))
			return false;
	} else {
		if (peer->count != 0)
			return false;
		for (r = peer->readers; r != NULL; r = r->wq_next) {
			if (r->rx_ready && r->call_id == 0 &&
			    r->state == T_BLOCKED && r->wait_on == peer &&
			    len <= span_len(&r->rx))
				break;
		}
		if (r == NULL)
			return false;
	}
	if (r->prio < t->prio)
		return false;
	/* Checked: from here on the message goes and this thread waits. */
	t->call_id = reply ? 0 : ++next_call_id;
	if (len <= r->rx.n[0] && len <= rx.n[0])
		copy_small(r->rx.k[0], rx.k[0], len);
	else
		span_copy(&r->rx, &rx, len);
	r->rx_len = len;
	r->rx_done = true;
	if (answer) {
		t->reply_to = NULL;
		t->reply_end = NULL;
	} else {
		r->rx_ready = false;
		r->reply_to = reply ? NULL : t;
		r->reply_id = t->call_id;
		r->reply_end = peer;
		end_unwait(peer, r);
	}
	thread_hand_to(r);
	t->rx = rx;
	t->rx_done = false;
	t->rx_err = 0;
	t->rx_ready = !reply ? false : true;
	if (a[4] != 0)
		deadline = timer_count() + ns_to_count(a[4]);
	t->wq_next = e->readers;
	e->readers = t;
	late = thread_block(e, deadline); /* switches to r */
	end_unwait(e, t);
	t->rx_ready = false;
	if (t->rx_done && t->rx_err == 0 && t->rx_msg == NULL) {
		/* The common end: the answer or next message is in place. */
		t->rx_done = false;
		t->call_id = 0;
		k->len = t->rx_len;
		k->nh = 0;
		*ret = 0;
		return true;
	}
	if (!t->rx_done && late && (t->call_id != 0 || e->count == 0)) {
		t->call_id = 0;
		*ret = -ETIMEDOUT;
		return true;
	}
	/* Anything else as chan_receive has it, the handle looked up again
	 * (another thread may have closed it meanwhile). */
	if (!t->rx_done) {
		int err = lookup(a[0], TCAP_OBJ_PORT, TCAP_RIGHT_READ,
				 (void **)&e);

		if (err != 0) {
			t->call_id = 0;
			*ret = err;
			return true;
		}
	}
	*ret = chan_receive(a[0], e, k, deadline, true);
	return true;
}

int64_t
sys_channel_call(const uint64_t *a)
{
	int64_t ret;

	return ipc_fast(a, false, &ret) ? ret : chan_call(a, false);
}

int64_t
sys_channel_reply_wait(const uint64_t *a)
{
	int64_t ret;

	return ipc_fast(a, true, &ret) ? ret : chan_call(a, true);
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
