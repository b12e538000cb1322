/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The consuming side: take submissions, run them, post completions.
 *
 * Everything in the shared region may change under us at any moment, so
 * each word is read once, each entry is copied to private memory before it
 * is checked (the double-fetch rule of io_uring's READ_ONCE use), and our
 * own counters live in struct tring_kring: we publish them, we never read
 * them back.  Rules from io_uring (semantics.md section 6): a bad SQ index
 * is skipped and counted in `dropped` (I4); one completion per request
 * with user_data copied unchanged (I6); links, hard links and drain (I9,
 * I10, I11); completions that do not fit wait in an overflow store, in
 * order, with a flag raised (I13).
 */
#include "ring_impl.h"

enum step_result { STEP_DONE, STEP_STOP, STEP_BUSY };

#define CHAIN_FLAGS (TRING_SQE_LINK | TRING_SQE_HARDLINK)

/*
 * CQ room.  The consumer keeps the last CQ head it read (k->cq_head) and
 * reads the shared one again only when the cached one leaves no room: the
 * head's cache line then moves once per CQ's worth of completions, not
 * once per batch.  A fresh head is checked before it is kept; one more
 * than a CQ behind our tail (impossible) reads as a full CQ.
 */
static uint32_t
cq_room_cached(const struct tring_kring *k)
{
	return k->cq_entries - (k->cq_tail - k->cq_head);
}

static uint32_t
cq_room_fresh(struct tring_kring *k)
{
	/* Acquire: the submitter read each CQE before it moved the head. */
	uint32_t head = TRING_LOAD_ACQUIRE(&k->sh->cq.head);
	uint32_t used = k->cq_tail - head;

	if (used > k->cq_entries)
		return 0;
	k->cq_head = head;
	return k->cq_entries - used;
}

static void
fill(struct tring_cqe *c, uint64_t user_data, int64_t result)
{
	c->user_data = user_data;
	c->result = result;
	c->flags = 0;
	c->resv0 = 0;
	c->resv1 = 0;
}

/* Store-release the CQ tail if it moved since @before. */
static void
publish(struct tring_kring *k, uint32_t before)
{
	if (k->cq_tail != before)
		TRING_STORE_RELEASE(&k->sh->cq.tail, k->cq_tail);
}

static void
set_sq_flags(struct tring_kring *k, uint32_t flags)
{
	if (flags != k->sq_flags) {
		k->sq_flags = flags;
		TRING_STORE_RELEASE(&k->sh->sq.flags, flags);
	}
}

/* Move stored completions to the CQ; return the CQ room left after it. */
static uint32_t
flush(struct tring_kring *k)
{
	uint32_t room = cq_room_cached(k);

	if (room < k->ovf_count || room == 0)
		room = cq_room_fresh(k);
	while (k->ovf_count != 0 && room != 0) {
		TRING_MEMCPY(&k->cqes[k->cq_tail & (k->cq_entries - 1u)],
			     &k->ovf[k->ovf_head], sizeof(struct tring_cqe));
		k->cq_tail++;
		k->ovf_head =
			k->ovf_head + 1u == k->ovf_cap ? 0 : k->ovf_head + 1u;
		k->ovf_count--;
		room--;
	}
	if (k->ovf_count == 0)
		set_sq_flags(k, k->sq_flags & ~TRING_SQ_CQ_OVERFLOW);
	return room;
}

/*
 * Whether one more completion has a place, in the CQ or in the store,
 * beyond the places promised to operations that are running now
 * (k->reserved).  An operation may call tring_complete() for another
 * request; the promise keeps that completion from taking its place.
 */
static bool
have_space(struct tring_kring *k)
{
	uint32_t room = cq_room_cached(k);

	if (room <= k->reserved || k->ovf_count != 0)
		room = flush(k);
	return (uint64_t)room + (k->ovf_cap - k->ovf_count) > k->reserved;
}

/*
 * Post a completion: to the CQ while nothing is stored, else to the
 * store.  The caller made sure with have_space() that it has a place.
 */
static void
post(struct tring_kring *k, uint64_t user_data, int64_t result)
{
	uint32_t i, room = cq_room_cached(k);

	if (room == 0 || k->ovf_count != 0)
		room = flush(k);
	if (room != 0) {
		fill(&k->cqes[k->cq_tail++ & (k->cq_entries - 1u)], user_data,
		     result);
		return;
	}
	TRING_ASSERT(k->ovf_count < k->ovf_cap);
	i = k->ovf_head + k->ovf_count;
	if (i >= k->ovf_cap)
		i -= k->ovf_cap;
	fill(&k->ovf[i], user_data, result);
	k->ovf_count++;
	k->overflow++;
	TRING_STORE_RELAXED(&k->sh->cq.overflow, k->overflow);
	set_sq_flags(k, k->sq_flags | TRING_SQ_CQ_OVERFLOW);
}

/* Check a private copy of an entry: 0 when it may run, else -EINVAL. */
static int
check(const struct tring_kring *k, const struct tring_sqe *sqe)
{
	uint32_t mask;

	if ((sqe->flags & ~TRING_SQE_VALID_FLAGS) != 0 || sqe->resv0 != 0 ||
	    (sqe->resv1[0] | sqe->resv1[1]) != 0)
		return -TRING_EINVAL;
	if (sqe->opcode == TRING_OP_NOP) {
		mask = TRING_NOP_INJECT_RESULT;
	} else {
		if (sqe->opcode >= k->nops || k->ops[sqe->opcode].fn == NULL)
			return -TRING_EINVAL;
		mask = k->ops[sqe->opcode].op_flags_mask;
	}
	return (sqe->op_flags & ~mask) != 0 ? -TRING_EINVAL : 0;
}

static int64_t
nop_result(const struct tring_sqe *sqe)
{
	int64_t res;

	if ((sqe->op_flags & TRING_NOP_INJECT_RESULT) == 0)
		return 0;
	res = (int64_t)sqe->len;
	/* A NOP can never go asynchronous: nobody would complete it. */
	return res == TRING_RES_ASYNC ? -TRING_EINVAL : res;
}

/* Run a checked entry; its completion's place is promised meanwhile. */
static int64_t
execute(struct tring_kring *k, const struct tring_sqe *sqe, uint32_t req)
{
	int64_t res;

	if (sqe->opcode == TRING_OP_NOP)
		return nop_result(sqe);
	k->reserved++;
	res = k->ops[sqe->opcode].fn(k->arg, sqe, req);
	k->reserved--;
	return res;
}

/* Run one consumed entry @sqe taken at counter @pos. */
static void
run(struct tring_kring *k, const struct tring_sqe *sqe, uint32_t pos,
    uint32_t limit)
{
	uint32_t end = k->in_chain ? k->chain_limit : limit;
	/* A link flag on the last entry of a submission ends the chain (I9). */
	bool links = (sqe->flags & CHAIN_FLAGS) != 0 && pos + 1u != end;
	bool hard = (sqe->flags & TRING_SQE_HARDLINK) != 0;
	bool bad = false;
	int64_t res;

	if (k->in_chain && k->chain_cancel) {
		res = -TRING_ECANCELED;
	} else {
		res = check(k, sqe);
		bad = res != 0;
		if (!bad)
			res = execute(k, sqe, pos);
	}
	if (res == TRING_RES_ASYNC) {
		k->inflight++;
		if ((sqe->flags & TRING_SQE_DRAIN) != 0)
			k->drain_block = true;
		if (links) {
			k->chain_wait = true;
			k->chain_req = pos;
			k->chain_hard = hard;
		}
	} else {
		post(k, sqe->user_data, res);
		/* A hard link survives a failed result, not a bad entry (I10).
		 */
		if (links && (bad || (res < 0 && !hard)))
			k->chain_cancel = true;
	}
	if (links) {
		if (!k->in_chain)
			k->chain_limit = limit;
		k->in_chain = true;
	} else {
		k->in_chain = false;
		k->chain_cancel = false;
	}
}

/* The general path: one entry, whatever its flags and the ring's state. */
static enum step_result
step(struct tring_kring *k, uint32_t limit)
{
	uint32_t pos = k->sq_head;
	uint32_t idx;
	struct tring_sqe sqe;

	if (k->chain_wait)
		return STEP_STOP;
	idx = TRING_LOAD_RELAXED(&k->array[pos & (k->sq_entries - 1u)]);
	if (idx >= k->sq_entries) {
		k->sq_head++;
		k->dropped++;
		TRING_STORE_RELAXED(&k->sh->sq.dropped, k->dropped);
		return STEP_DONE;
	}
	TRING_MEMCPY(&sqe, &k->sqes[idx], sizeof(sqe));
	TRING_COMPILER_BARRIER();
	if (k->inflight != 0 &&
	    ((sqe.flags & TRING_SQE_DRAIN) != 0 || k->drain_block))
		return STEP_STOP;
	if (!have_space(k))
		return STEP_BUSY;
	k->sq_head++;
	run(k, &sqe, pos, limit);
	return STEP_DONE;
}

/* The first eight bytes of an entry: enough to pick a path. */
struct sqe_head {
	uint8_t opcode;
	uint8_t flags;
	uint16_t resv0;
	uint32_t op_flags;
};

/*
 * A NOP read from shared memory @src whose head @h was read already: the
 * rest of the words it needs, each read once, then checked.
 */
static int64_t
fast_nop(const struct sqe_head *h, const struct tring_sqe *src,
	 uint64_t *user_data)
{
	uint64_t len, resv[2];

	TRING_MEMCPY(&len, &src->len, sizeof(len));
	TRING_MEMCPY(user_data, &src->user_data, sizeof(*user_data));
	TRING_MEMCPY(resv, src->resv1, sizeof(resv));
	TRING_COMPILER_BARRIER();
	if (h->resv0 != 0 || (resv[0] | resv[1]) != 0 ||
	    (h->op_flags & ~TRING_NOP_INJECT_RESULT) != 0)
		return -TRING_EINVAL;
	if (h->op_flags == 0)
		return 0;
	/* A NOP can never go asynchronous: nobody would complete it. */
	return (int64_t)len == TRING_RES_ASYNC ? -TRING_EINVAL : (int64_t)len;
}

/*
 * The common case with the counters in registers: entries without flags,
 * outside any chain or drain, nothing in the overflow store, room in the
 * CQ.  It does what step() and run() would do for such entries, and
 * returns at the first entry that needs them.  A NOP is read word by word
 * (only the words it needs); an operation gets a full private copy.
 * Returns entries consumed.
 */
static uint32_t
fast(struct tring_kring *k, uint32_t want)
{
	const uint32_t *array = k->array;
	const struct tring_sqe *sqes = k->sqes;
	struct tring_cqe *cqes = k->cqes;
	uint32_t smask = k->sq_entries - 1u;
	uint32_t cmask = k->cq_entries - 1u;
	uint32_t pos = k->sq_head, tail = k->cq_tail;
	uint32_t n = 0, idx, room;
	struct sqe_head h;
	struct tring_sqe sqe;
	struct tring_cqe *c;
	uint64_t ud;
	int64_t res;

	if (k->in_chain || k->drain_block || k->ovf_count != 0)
		return 0;
	room = cq_room_cached(k);
	while (n < want) {
		if (room == 0) {
			k->cq_tail = tail;
			room = cq_room_fresh(k);
			if (room == 0)
				break;
		}
		idx = TRING_LOAD_RELAXED(&array[pos & smask]);
		if (idx > smask)
			break;
		TRING_MEMCPY(&h, &sqes[idx], sizeof(h));
		TRING_COMPILER_BARRIER();
		if (h.flags != 0)
			break;
		if (h.opcode == TRING_OP_NOP) {
			res = fast_nop(&h, &sqes[idx], &ud);
		} else {
			TRING_MEMCPY(&sqe, &sqes[idx], sizeof(sqe));
			TRING_COMPILER_BARRIER();
			/* Rewritten since the first look: the general path. */
			if (sqe.flags != 0)
				break;
			ud = sqe.user_data;
			res = check(k, &sqe);
			if (res == 0) {
				/* The operation may complete other requests. */
				k->sq_head = pos + 1u;
				k->cq_tail = tail;
				res = execute(k, &sqe, pos);
				tail = k->cq_tail;
				room = cq_room_cached(k);
				if (res == TRING_RES_ASYNC) {
					k->inflight++;
					pos++;
					n++;
					/* Stored completions go first: leave.
					 */
					if (k->ovf_count != 0)
						break;
					continue;
				}
				if (room == 0 || k->ovf_count != 0) {
					/* Our place went to the store. */
					post(k, ud, res);
					return n + 1u;
				}
			}
		}
		c = &cqes[tail & cmask];
		c->user_data = ud;
		c->result = res;
		c->flags = 0;
		c->resv0 = 0;
		c->resv1 = 0;
		tail++;
		room--;
		pos++;
		n++;
	}
	k->sq_head = pos;
	k->cq_tail = tail;
	return n;
}

/* The general path, from the first entry fast() left, to @want. */
static TRING_NOINLINE_ uint32_t
general(struct tring_kring *k, uint32_t n, uint32_t want, uint32_t limit,
	enum step_result *r)
{
	while (n < want) {
		*r = step(k, limit);
		if (*r != STEP_DONE)
			break;
		n++;
		n += fast(k, want - n);
	}
	return n;
}

int
tring_process(struct tring_kring *k, uint32_t max)
{
	uint32_t avail, want, n, cq_tail;
	enum step_result r = STEP_DONE;

	if (k == NULL)
		return -TRING_EFAULT;
	cq_tail = k->cq_tail;
	if (k->ovf_count != 0)
		(void)flush(k);
	/* Read the tail once; an impossible one counts as a full SQ. */
	avail = TRING_LOAD_ACQUIRE(&k->sh->sq.tail) - k->sq_head;
	if (avail > k->sq_entries)
		avail = k->sq_entries;
	want = avail < max ? avail : max;
	n = fast(k, want);
	/* The submission ends at the tail read above (for links, I9). */
	if (n != want)
		n = general(k, n, want, k->sq_head - n + avail, &r);
	/*
	 * Release: completions and our copies precede the counters.  An
	 * unchanged counter is not stored again, so an idle poll leaves the
	 * other side's cache lines alone.  Every entry consumed moved the
	 * head by one.
	 */
	publish(k, cq_tail);
	if (n != 0)
		TRING_STORE_RELEASE(&k->sh->sq.head, k->sq_head);
	if (n == 0 && r == STEP_BUSY)
		return -TRING_EBUSY;
	return (int)n;
}

int
tring_complete(struct tring_kring *k, uint32_t req, uint64_t user_data,
	       int64_t result)
{
	uint32_t cq_tail;

	if (k == NULL)
		return -TRING_EFAULT;
	if (k->inflight == 0)
		return -TRING_EINVAL;
	cq_tail = k->cq_tail;
	if (!have_space(k)) {
		publish(k, cq_tail);
		return -TRING_EBUSY;
	}
	k->inflight--;
	if (k->inflight == 0)
		k->drain_block = false;
	if (k->chain_wait && req == k->chain_req) {
		k->chain_wait = false;
		if (result < 0 && !k->chain_hard)
			k->chain_cancel = true;
	}
	post(k, user_data, result);
	publish(k, cq_tail);
	return 0;
}

int
tring_cq_flush(struct tring_kring *k)
{
	uint32_t cq_tail;

	if (k == NULL)
		return -TRING_EFAULT;
	cq_tail = k->cq_tail;
	(void)flush(k);
	publish(k, cq_tail);
	return (int)k->ovf_count;
}

uint32_t
tring_inflight(const struct tring_kring *k)
{
	return k == NULL ? 0 : k->inflight;
}
