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
 * I10, I11); no completion for a success with CQE_SKIP_SUCCESS, and none
 * for the rest of its chain when such an entry fails (I12, following
 * io_uring's req_set_fail/io_fail_links); completions that do not fit wait
 * in an overflow store, in order, with a flag raised (I13); a polling
 * consumer asks to be woken before it sleeps (I14); multishot requests
 * post completions flagged MORE (I6).
 */
#include "ring_impl.h"

enum step_result { STEP_DONE, STEP_STOP, STEP_BUSY };

#define CHAIN_FLAGS    (TRING_SQE_LINK | TRING_SQE_HARDLINK)
#define COMPLETE_FLAGS (TRING_COMPLETE_SKIP_SUCCESS | TRING_COMPLETE_MORE)

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
fill(struct tring_cqe *c, uint64_t user_data, int64_t result, uint32_t flags)
{
	c->user_data = user_data;
	c->result = result;
	c->flags = flags;
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
post(struct tring_kring *k, uint64_t user_data, int64_t result, uint32_t flags)
{
	uint32_t i, room = cq_room_cached(k);

	if (room == 0 || k->ovf_count != 0)
		room = flush(k);
	if (room != 0) {
		fill(&k->cqes[k->cq_tail++ & (k->cq_entries - 1u)], user_data,
		     result, flags);
		return;
	}
	TRING_ASSERT(k->ovf_count < k->ovf_cap);
	i = k->ovf_head + k->ovf_count;
	if (i >= k->ovf_cap)
		i -= k->ovf_cap;
	fill(&k->ovf[i], user_data, result, flags);
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

/* The current link chain, if any, ends here. */
static void
end_chain(struct tring_kring *k)
{
	k->in_chain = false;
	k->chain_cancel = false;
	k->chain_silent = false;
}

/*
 * Post the completion of a finished entry, or count it as skipped: a
 * success with CQE_SKIP_SUCCESS, or a member cancelled after a failed
 * CQE_SKIP_SUCCESS entry (I12).
 */
static void
finish(struct tring_kring *k, uint64_t user_data, int64_t res, bool silent)
{
	if (silent)
		k->skipped++;
	else
		post(k, user_data, res, 0);
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
	bool skip = (sqe->flags & TRING_SQE_CQE_SKIP_SUCCESS) != 0;
	bool bad = false;
	int64_t res;

	if (k->in_chain && k->chain_cancel) {
		res = -TRING_ECANCELED;
		finish(k, sqe->user_data, res, k->chain_silent);
	} else {
		res = check(k, sqe);
		bad = res != 0;
		if (!bad)
			res = execute(k, sqe, pos);
		if (res == TRING_RES_ASYNC) {
			k->inflight++;
			if ((sqe->flags & TRING_SQE_DRAIN) != 0)
				k->drain_block = true;
			if (links) {
				k->chain_wait = true;
				k->chain_req = pos;
				k->chain_hard = hard;
				k->chain_skip = skip;
			}
		} else {
			finish(k, sqe->user_data, res, skip && res >= 0);
			/*
			 * A hard link survives a failed result, not a bad
			 * entry (I10).  After a failed CQE_SKIP_SUCCESS entry
			 * the rest of the chain completes silently (I12).
			 */
			if (links && (bad || (res < 0 && !hard))) {
				k->chain_cancel = true;
				k->chain_silent = skip;
			}
		}
	}
	if (links) {
		if (!k->in_chain)
			k->chain_limit = limit;
		k->in_chain = true;
	} else {
		end_chain(k);
	}
}

/*
 * The SQE index of SQ slot @pos: read from the shared array (the submitter
 * may have written anything there), or, with TRING_SETUP_NO_SQARRAY (a
 * NULL array in our private struct), the slot itself, always in range.
 */
static inline uint32_t
sq_index(const struct tring_kring *k, uint32_t pos)
{
	uint32_t slot = pos & (k->sq_entries - 1u);

	if (k->array == NULL)
		return slot;
	return TRING_LOAD_RELAXED(&k->array[slot]);
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
	idx = sq_index(k, pos);
	if (idx >= k->sq_entries) {
		/*
		 * Skipped and counted (I4).  Its flags are unknown, so a
		 * chain cannot go on through it: the chain ends here, as
		 * Linux ends the submission (and with it the chain, I9) at a
		 * dropped entry.
		 */
		k->sq_head++;
		k->dropped++;
		TRING_STORE_RELAXED(&k->sh->sq.dropped, k->dropped);
		end_chain(k);
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

/*
 * Whether the entry s is a plain NOP (first word zero); if so, its
 * user_data and result (EINVAL when a reserved word is set).  The other
 * side may rewrite s meanwhile: each word is read once.
 */
static TRING_ALWAYS_INLINE_ bool
plain_nop(const struct tring_sqe *s, uint64_t *ud, int64_t *res)
{
	uint64_t w0, resv[2];

	TRING_MEMCPY(&w0, s, sizeof(w0));
	TRING_COMPILER_BARRIER();
	if (w0 != 0)
		return false;
	/* Only user_data and the reserved words are left to read. */
	TRING_MEMCPY(ud, &s->user_data, sizeof(*ud));
	TRING_MEMCPY(resv, s->resv1, sizeof(resv));
	TRING_COMPILER_BARRIER();
	*res = (resv[0] | resv[1]) != 0 ? -TRING_EINVAL : 0;
	return true;
}

static TRING_ALWAYS_INLINE_ void
put_cqe(struct tring_cqe *c, uint64_t ud, int64_t res)
{
	c->user_data = ud;
	c->result = res;
	c->flags = 0;
	c->resv0 = 0;
	c->resv1 = 0;
}

/*
 * The common case with the counters in registers: NOPs without flags,
 * outside any chain or drain, nothing in the overflow store, room in the
 * CQ.  It does what step() and run() would do for them, and returns at
 * the first entry that is not such a NOP (or when the CQ is full).  A NOP
 * is read word by word (only the words it needs; a plain NOP, first word
 * all zero, is the quickest).  No call in the loop: the counters stay in
 * registers.  Returns entries consumed.  @noarray is a constant at each
 * inlined use (see fast_nops()): one loop per mode, no test of the mode
 * inside it.
 */
static TRING_ALWAYS_INLINE_ uint32_t
fast_nops_mode(struct tring_kring *k, uint32_t want, bool noarray)
{
	const uint32_t *array = k->array;
	const struct tring_sqe *sqes = k->sqes;
	struct tring_cqe *cqes = k->cqes;
	uint32_t smask = k->sq_entries - 1u;
	uint32_t cmask = k->cq_entries - 1u;
	uint32_t start = k->sq_head, pos = start, end = start + want;
	/* One counter moves: the CQ tail is pos + d, and pos == full means
	 * the CQ has no room. */
	uint32_t d = k->cq_tail - pos, full = pos + cq_room_cached(k);
	uint32_t idx;
	uint64_t ud;
	int64_t res;

	while (pos != end) {
		if (pos == full) {
			k->cq_tail = pos + d;
			full = pos + cq_room_fresh(k);
			if (pos == full)
				break;
		}
		if (noarray) {
			idx = pos & smask; /* TRING_SETUP_NO_SQARRAY */
		} else {
			idx = TRING_LOAD_RELAXED(&array[pos & smask]);
			if (idx > smask)
				break;
		}
		if (!plain_nop(&sqes[idx], &ud, &res))
			break;
		put_cqe(&cqes[(pos + d) & cmask], ud, res);
		pos++;
	}
	k->sq_head = pos;
	k->cq_tail = pos + d;
	return pos - start;
}

/* fast_nops_mode() for the ring's mode, kept in our private struct. */
static inline uint32_t
fast_nops(struct tring_kring *k, uint32_t want)
{
	if (k->array == NULL)
		return fast_nops_mode(k, want, true);
	return fast_nops_mode(k, want, false);
}

enum fast_op_result { OP_LEFT, OP_TAKEN, OP_TAKEN_LEAVE };

/*
 * The entry at the SQ head, after fast_nops() stopped at it, when it is
 * an operation without flags and the CQ has room: a full private copy,
 * checked, run, completed.  Index and entry are read again (and checked
 * again): nothing fast_nops() saw is trusted.  OP_LEFT: left to the
 * general path (no room, bad index, flags); OP_TAKEN: consumed;
 * OP_TAKEN_LEAVE: consumed, and fast() must stop (completions wait in the
 * store).
 */
static TRING_NOINLINE_ enum fast_op_result
fast_op(struct tring_kring *k)
{
	uint32_t pos = k->sq_head, idx;
	struct tring_sqe sqe;
	uint64_t ud;
	int64_t res;

	if (cq_room_cached(k) == 0)
		return OP_LEFT;
	idx = sq_index(k, pos);
	if (idx >= k->sq_entries)
		return OP_LEFT;
	TRING_MEMCPY(&sqe, &k->sqes[idx], sizeof(sqe));
	TRING_COMPILER_BARRIER();
	if (sqe.flags != 0)
		return OP_LEFT;
	ud = sqe.user_data;
	res = check(k, &sqe);
	k->sq_head = pos + 1u;
	if (res == 0) {
		/* The operation may complete other requests. */
		res = execute(k, &sqe, pos);
		if (res == TRING_RES_ASYNC) {
			k->inflight++;
			/* Stored completions go first: leave. */
			return k->ovf_count != 0 ? OP_TAKEN_LEAVE : OP_TAKEN;
		}
		if (cq_room_cached(k) == 0 || k->ovf_count != 0) {
			/* Our place went to the store. */
			post(k, ud, res, 0);
			return OP_TAKEN_LEAVE;
		}
	}
	fill(&k->cqes[k->cq_tail++ & (k->cq_entries - 1u)], ud, res, 0);
	return OP_TAKEN;
}

/*
 * fast_op() and fast_nops() in turn, from @n entries taken to @want;
 * entries taken.
 */
static inline uint32_t
fast_from(struct tring_kring *k, uint32_t n, uint32_t want)
{
	enum fast_op_result r;

	while (n != want) {
		r = fast_op(k);
		if (r == OP_LEFT)
			break;
		n++;
		if (r == OP_TAKEN_LEAVE)
			break;
		n += fast_nops(k, want - n);
	}
	return n;
}

/* fast_nops() and fast_op() in turn, to @want entries; entries consumed. */
static inline uint32_t
fast(struct tring_kring *k, uint32_t want)
{
	return fast_from(k, fast_nops(k, want), want);
}

/* Whether only fast() may run: no chain, drain or stored completion. */
static bool
plain(const struct tring_kring *k)
{
	return !k->in_chain && !k->drain_block && k->ovf_count == 0;
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
		if (plain(k))
			n += fast(k, want - n);
	}
	return n;
}

/*
 * Store-release the counters that moved (after the completions and our
 * copies of the entries) and return tring_process()'s result.  An
 * unchanged counter is not stored again, so an idle poll leaves the other
 * side's cache lines alone.  Every entry consumed moved the head by one.
 */
static int
done(struct tring_kring *k, uint32_t cq_tail, uint32_t n, enum step_result r)
{
	publish(k, cq_tail);
	if (n != 0)
		TRING_STORE_RELEASE(&k->sh->sq.head, k->sq_head);
	if (n == 0 && r == STEP_BUSY)
		return -TRING_EBUSY;
	return (int)n;
}

/*
 * tring_process() from the first entry fast() left (@n of @want taken of
 * @avail, the CQ tail at @cq_tail when the call began).  The submission
 * ends at the tail read at the start (for links, I9).
 */
static TRING_NOINLINE_ int
rest(struct tring_kring *k, uint32_t n, uint32_t want, uint32_t avail,
     uint32_t cq_tail)
{
	enum step_result r = STEP_DONE;

	n = general(k, n, want, k->sq_head - n + avail, &r);
	return done(k, cq_tail, n, r);
}

/* tring_process() in any state: flags raised, completions stored, a
 * chain or a drain open, an impossible tail. */
static TRING_NOINLINE_ int
process(struct tring_kring *k, uint32_t max, uint32_t tail)
{
	uint32_t avail, want, n = 0, cq_tail = k->cq_tail;

	/* Running again: no wake-up needed until the next tring_sq_idle(). */
	if ((k->sq_flags & TRING_SQ_NEED_WAKEUP) != 0)
		set_sq_flags(k, k->sq_flags & ~TRING_SQ_NEED_WAKEUP);
	if (k->ovf_count != 0)
		(void)flush(k);
	/* An impossible tail counts as a full SQ. */
	avail = tail - k->sq_head;
	if (avail > k->sq_entries)
		avail = k->sq_entries;
	want = avail < max ? avail : max;
	if (plain(k))
		n = fast(k, want);
	if (n != want)
		return rest(k, n, want, avail, cq_tail);
	return done(k, cq_tail, n, STEP_DONE);
}

/*
 * take() after fast_nops() stopped short of @want (@n taken): operations,
 * then the general path.
 */
static TRING_NOINLINE_ int
take_more(struct tring_kring *k, uint32_t n, uint32_t want, uint32_t avail,
	  uint32_t cq_tail)
{
	n = fast_from(k, n, want);
	if (n != want)
		return rest(k, n, want, avail, cq_tail);
	return done(k, cq_tail, n, STEP_DONE);
}

/*
 * tring_process() in the plain state with @want of @avail new entries:
 * out of line, so that a poll that finds nothing new saves no registers,
 * and calling nothing when all are NOPs, so that the counters stay in
 * registers that need no saving.  One copy per mode (@noarray constant).
 */
static TRING_ALWAYS_INLINE_ int
take_mode(struct tring_kring *k, uint32_t want, uint32_t avail, bool noarray)
{
	uint32_t n = fast_nops_mode(k, want, noarray);

	/* Each NOP fast_nops() took posted one completion. */
	if (n != want)
		return take_more(k, n, want, avail, k->cq_tail - n);
	/* want != 0: both counters moved. */
	TRING_STORE_RELEASE(&k->sh->cq.tail, k->cq_tail);
	TRING_STORE_RELEASE(&k->sh->sq.head, k->sq_head);
	return (int)n;
}

static TRING_NOINLINE_ int
take(struct tring_kring *k, uint32_t want, uint32_t avail)
{
	if (k->array == NULL) /* TRING_SETUP_NO_SQARRAY, set up privately */
		return take_mode(k, want, avail, true);
	return take_mode(k, want, avail, false);
}

/*
 * take() for one new entry (@avail of them published, one wanted), with
 * no call and no register to save when it is a plain NOP and the CQ has
 * room by the head we kept: what fast_nops() and take_mode() do for it,
 * one index, one entry, one completion, both counters stored.  Anything
 * else (an operation, flags, a bad index, a CQ that looks full) goes to
 * take(), which reads the index and the entry again.
 */
static inline int
take_one(struct tring_kring *k, uint32_t avail)
{
	struct tring_shared *sh = k->sh;
	uint32_t pos = k->sq_head, cq_tail = k->cq_tail, idx;
	uint64_t ud;
	int64_t res;

	if (TRING_UNLIKELY_(cq_tail - k->cq_head >= k->cq_entries))
		return take(k, 1, avail);
	idx = pos & (k->sq_entries - 1u);
	if (k->array != NULL) {
		idx = TRING_LOAD_RELAXED(&k->array[idx]);
		if (TRING_UNLIKELY_(idx >= k->sq_entries))
			return take(k, 1, avail);
	}
	if (TRING_UNLIKELY_(!plain_nop(&k->sqes[idx], &ud, &res)))
		return take(k, 1, avail);
	put_cqe(&k->cqes[cq_tail & (k->cq_entries - 1u)], ud, res);
	k->sq_head = pos + 1u;
	k->cq_tail = cq_tail + 1u;
	/* Release: the completion and our copy of the entry precede them. */
	TRING_STORE_RELEASE(&sh->cq.tail, cq_tail + 1u);
	TRING_STORE_RELEASE(&sh->sq.head, pos + 1u);
	return 1;
}

int
tring_process(struct tring_kring *k, uint32_t max)
{
	uint32_t tail, avail;

	if (k == NULL)
		return -TRING_EFAULT;
	/* Read the tail once, with acquire: the entries precede it. */
	tail = TRING_LOAD_ACQUIRE(&k->sh->sq.tail);
	avail = tail - k->sq_head;
	/*
	 * Nothing new and no flag to clear: nothing to do, and nothing is
	 * stored.  Completions waiting in the store always come with
	 * TRING_SQ_CQ_OVERFLOW set (post() sets it, flush() clears it only
	 * when the store is empty), so sq_flags == 0 also says there is
	 * nothing to flush.  A chain or a drain waits for new entries.
	 */
	if (avail == 0 && k->sq_flags == 0)
		return 0;
	/* plain(k) without the store's count: sq_flags covers it. */
	TRING_ASSERT(k->ovf_count == 0 || k->sq_flags != 0);
	if (k->sq_flags != 0 || k->in_chain || k->drain_block ||
	    avail > k->sq_entries)
		return process(k, max, tail);
	if (max == 0)
		return 0; /* nothing asked for: nothing stored */
	if (avail == 1 || max == 1)
		return take_one(k, avail);
	return take(k, avail < max ? avail : max, avail);
}

int
tring_complete_ex(struct tring_kring *k, uint32_t req, uint64_t user_data,
		  int64_t result, uint32_t flags)
{
	uint32_t cq_tail;

	if (k == NULL)
		return -TRING_EFAULT;
	if ((flags & ~COMPLETE_FLAGS) != 0 || flags == COMPLETE_FLAGS)
		return -TRING_EINVAL;
	/* More completions may come from a running operation too. */
	if (k->inflight == 0 &&
	    ((flags & TRING_COMPLETE_MORE) == 0 || k->reserved == 0))
		return -TRING_EINVAL;
	cq_tail = k->cq_tail;
	if ((flags & TRING_COMPLETE_MORE) != 0) {
		/* Multishot: the request stays in flight (I6). */
		if (!have_space(k)) {
			publish(k, cq_tail);
			return -TRING_EBUSY;
		}
		post(k, user_data, result, TRING_CQE_F_MORE);
		k->more++;
		publish(k, cq_tail);
		return 0;
	}
	/* A skipped success needs no place. */
	if (!((flags & TRING_COMPLETE_SKIP_SUCCESS) != 0 && result >= 0) &&
	    !have_space(k)) {
		publish(k, cq_tail);
		return -TRING_EBUSY;
	}
	k->inflight--;
	if (k->inflight == 0)
		k->drain_block = false;
	if (k->chain_wait && req == k->chain_req) {
		k->chain_wait = false;
		if (result < 0 && !k->chain_hard) {
			k->chain_cancel = true;
			k->chain_silent = k->chain_skip;
		}
	}
	finish(k, user_data, result,
	       (flags & TRING_COMPLETE_SKIP_SUCCESS) != 0 && result >= 0);
	publish(k, cq_tail);
	return 0;
}

int
tring_complete(struct tring_kring *k, uint32_t req, uint64_t user_data,
	       int64_t result)
{
	return tring_complete_ex(k, req, user_data, result, 0);
}

int
tring_sq_idle(struct tring_kring *k)
{
	uint32_t tail;

	if (k == NULL)
		return -TRING_EFAULT;
	set_sq_flags(k, k->sq_flags | TRING_SQ_NEED_WAKEUP);
	/*
	 * Full barrier between our flag store and the tail load, paired
	 * with the one between the submitter's tail store and its flag
	 * load (tring_sq_needs_wakeup()): one of the two sees the other's
	 * store, so no submission is left asleep (I14; liburing's
	 * io_uring_smp_mb() in sq_ring_needs_enter()).
	 */
	TRING_FENCE();
	tail = TRING_LOAD_ACQUIRE(&k->sh->sq.tail);
	if (tail != k->sq_head) {
		set_sq_flags(k, k->sq_flags & ~TRING_SQ_NEED_WAKEUP);
		return -TRING_EAGAIN;
	}
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
