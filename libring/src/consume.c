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

enum cq_target { TARGET_NONE, TARGET_CQ, TARGET_STORE };

enum step_result { STEP_DONE, STEP_STOP, STEP_BUSY };

#define CHAIN_FLAGS (TRING_SQE_LINK | TRING_SQE_HARDLINK)

/* Free CQ slots judged from the submitter's head; 0 when it is impossible. */
static uint32_t
cq_free(const struct tring_kring *k)
{
	uint32_t used = k->cq_tail - TRING_LOAD_ACQUIRE(&k->sh->cq.head);

	return used > k->cq_entries ? 0 : k->cq_entries - used;
}

static void
cq_write(struct tring_kring *k, const struct tring_cqe *c)
{
	TRING_MEMCPY(&k->cqes[k->cq_tail & (k->cq_entries - 1u)], c,
		     sizeof(*c));
	k->cq_tail++;
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
	uint32_t room = cq_free(k);

	while (k->ovf_count != 0 && room != 0) {
		cq_write(k, &k->ovf[k->ovf_head]);
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
 * Where the next completion goes; the CQ only while nothing is stored.
 * @room caches the CQ room known to the caller; it is refreshed (with a
 * flush) only when it runs out, so a batch reads the CQ head rarely.
 */
static enum cq_target
pick(struct tring_kring *k, uint32_t *room)
{
	if (*room == 0)
		*room = flush(k);
	if (*room != 0)
		return TARGET_CQ;
	if (k->ovf_count < k->ovf_cap)
		return TARGET_STORE;
	return TARGET_NONE;
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

static void
post(struct tring_kring *k, enum cq_target t, uint64_t user_data,
     int64_t result)
{
	uint32_t i;

	if (t == TARGET_CQ) {
		fill(&k->cqes[k->cq_tail++ & (k->cq_entries - 1u)], user_data,
		     result);
		return;
	}
	TRING_ASSERT(t == TARGET_STORE && k->ovf_count < k->ovf_cap);
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
	    sqe->resv1[0] != 0 || sqe->resv1[1] != 0)
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
execute(const struct tring_kring *k, const struct tring_sqe *sqe, uint32_t req)
{
	int64_t res;

	if (sqe->opcode != TRING_OP_NOP)
		return k->ops[sqe->opcode].fn(k->arg, sqe, req);
	if ((sqe->op_flags & TRING_NOP_INJECT_RESULT) == 0)
		return 0;
	res = (int64_t)sqe->len;
	/* A NOP can never go asynchronous: nobody would complete it. */
	return res == TRING_RES_ASYNC ? -TRING_EINVAL : res;
}

/* Run one consumed entry @sqe taken at counter @pos; true if posted. */
static bool
run(struct tring_kring *k, const struct tring_sqe *sqe, uint32_t pos,
    uint32_t limit, enum cq_target t)
{
	uint32_t end = k->in_chain ? k->chain_limit : limit;
	/* A link flag on the last entry of a submission ends the chain (I9). */
	bool links = (sqe->flags & CHAIN_FLAGS) != 0 && pos + 1u != end;
	bool hard = (sqe->flags & TRING_SQE_HARDLINK) != 0;
	bool bad = false;
	bool posted = true;
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
		posted = false;
	} else {
		post(k, t, sqe->user_data, res);
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
	return posted;
}

static enum step_result
step(struct tring_kring *k, uint32_t limit, uint32_t *room)
{
	uint32_t pos = k->sq_head;
	uint32_t idx;
	struct tring_sqe sqe;
	enum cq_target t;

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
	t = pick(k, room);
	if (t == TARGET_NONE)
		return STEP_BUSY;
	k->sq_head++;
	if (run(k, &sqe, pos, limit, t) && t == TARGET_CQ)
		(*room)--;
	return STEP_DONE;
}

int
tring_process(struct tring_kring *k, uint32_t max)
{
	uint32_t avail, limit, room, n = 0;
	uint32_t cq_tail, sq_head;
	enum step_result r = STEP_DONE;

	if (k == NULL)
		return -TRING_EFAULT;
	cq_tail = k->cq_tail;
	sq_head = k->sq_head;
	/* The CQ head is read when a completion needs room, not before. */
	room = k->ovf_count != 0 ? flush(k) : 0;
	/* Read the tail once; an impossible one counts as a full SQ. */
	avail = TRING_LOAD_ACQUIRE(&k->sh->sq.tail) - k->sq_head;
	if (avail > k->sq_entries)
		avail = k->sq_entries;
	limit = k->sq_head + avail;
	while (n < max && n < avail) {
		r = step(k, limit, &room);
		if (r != STEP_DONE)
			break;
		n++;
	}
	/*
	 * Release: completions and our copies precede the counters.  An
	 * unchanged counter is not stored again, so an idle poll leaves the
	 * other side's cache lines alone.
	 */
	publish(k, cq_tail);
	if (k->sq_head != sq_head)
		TRING_STORE_RELEASE(&k->sh->sq.head, k->sq_head);
	if (n == 0 && r == STEP_BUSY)
		return -TRING_EBUSY;
	return (int)n;
}

int
tring_complete(struct tring_kring *k, uint32_t req, uint64_t user_data,
	       int64_t result)
{
	enum cq_target t;
	uint32_t room = 0, cq_tail;

	if (k == NULL)
		return -TRING_EFAULT;
	if (k->inflight == 0)
		return -TRING_EINVAL;
	cq_tail = k->cq_tail;
	t = pick(k, &room);
	if (t == TARGET_NONE)
		return -TRING_EBUSY;
	k->inflight--;
	if (k->inflight == 0)
		k->drain_block = false;
	if (k->chain_wait && req == k->chain_req) {
		k->chain_wait = false;
		if (result < 0 && !k->chain_hard)
			k->chain_cancel = true;
	}
	post(k, t, user_data, result);
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
