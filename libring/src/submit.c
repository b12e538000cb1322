/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The submitting side, in the spirit of liburing: get an entry, fill it,
 * publish the SQ tail with release ordering; read completions after an
 * acquire load of the CQ tail and hand slots back with a release store of
 * the CQ head (liburing's io_uring_smp_store_release/load_acquire pairs).
 * The consumer's counters are read, never trusted: an impossible value
 * reads as "full" or "nothing ready".
 */
#include "ring_impl.h"

/*
 * The calls made once per entry are inline definitions in ring.h (as in
 * liburing); these declarations make this file hold their one external
 * definition (C11 6.7.4), for callers that do not inline them.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
extern struct tring_sqe *tring_get_sqe(struct tring_queue *q);
extern void tring_prep_rw(struct tring_sqe *sqe, uint8_t opcode,
			  uint64_t handle, uint64_t addr, uint64_t len,
			  uint64_t offset);
extern void tring_prep_nop(struct tring_sqe *sqe);
extern void tring_sqe_set_data(struct tring_sqe *sqe, uint64_t user_data);
extern void tring_sqe_set_flags(struct tring_sqe *sqe, uint8_t flags);
extern int tring_submit(struct tring_queue *q);
extern uint32_t tring_peek_batch_cqe(struct tring_queue *q,
				     const struct tring_cqe **cqes,
				     uint32_t count);
extern void tring_cq_advance(struct tring_queue *q, uint32_t n);
extern void tring_cqe_seen(struct tring_queue *q, const struct tring_cqe *cqe);
#pragma GCC diagnostic pop

int
tring_submit_and_wait(struct tring_queue *q, uint32_t wait_nr,
		      tring_enter_fn enter, void *ctx)
{
	int n, err;

	n = tring_submit(q);
	if (n < 0 || enter == NULL)
		return n;
	err = enter(ctx, (uint32_t)n, wait_nr);
	return err < 0 ? err : n;
}

uint32_t
tring_sq_ready(const struct tring_queue *q)
{
	uint32_t n;

	if (q == NULL)
		return 0;
	n = q->sqe_tail - TRING_LOAD_ACQUIRE(&q->sh->sq.head);
	return n > q->sq_entries ? 0 : n;
}

uint32_t
tring_sq_space_left(const struct tring_queue *q)
{
	uint32_t head, n;

	if (q == NULL)
		return 0;
	head = TRING_LOAD_ACQUIRE(&q->sh->sq.head);
	n = q->sqe_tail - head;
	return n > q->sq_entries ? 0 : q->sq_entries - n;
}

/*
 * Completions ready, or -EFAULT when the tail is beyond the CQ size.  The
 * last tail read is kept; the shared one is read again (acquire) only when
 * the kept one shows fewer than @want.
 */
static int
cq_avail(struct tring_queue *q, uint32_t want, uint32_t *n)
{
	uint32_t tail;

	*n = q->cq_tail - q->cq_head;
	if (*n >= want && *n <= q->cq_entries)
		return 0;
	tail = TRING_LOAD_ACQUIRE(&q->sh->cq.tail);
	*n = tail - q->cq_head;
	if (*n > q->cq_entries)
		return -TRING_EFAULT;
	q->cq_tail = tail;
	return 0;
}

uint32_t
tring_cq_ready(const struct tring_queue *q)
{
	uint32_t n;

	if (q == NULL)
		return 0;
	n = TRING_LOAD_ACQUIRE(&q->sh->cq.tail) - q->cq_head;
	return n > q->cq_entries ? 0 : n;
}

bool
tring_cq_has_overflow(const struct tring_queue *q)
{
	if (q == NULL)
		return false;
	return (TRING_LOAD_ACQUIRE(&q->sh->sq.flags) & TRING_SQ_CQ_OVERFLOW) !=
	       0;
}

int
tring_peek_cqe(struct tring_queue *q, const struct tring_cqe **cqe)
{
	uint32_t n;

	if (q == NULL || cqe == NULL)
		return -TRING_EFAULT;
	if (cq_avail(q, 1, &n) != 0)
		return -TRING_EFAULT;
	if (n == 0)
		return -TRING_EAGAIN;
	*cqe = &q->cqes[q->cq_head & (q->cq_entries - 1u)];
	return 0;
}

int
tring_wait_cqe(struct tring_queue *q, const struct tring_cqe **cqe,
	       tring_enter_fn enter, void *ctx)
{
	int err;

	err = tring_peek_cqe(q, cqe);
	if (err != -TRING_EAGAIN || enter == NULL)
		return err;
	err = enter(ctx, 0, 1);
	if (err < 0)
		return err;
	return tring_peek_cqe(q, cqe);
}

bool
tring_sq_needs_wakeup(const struct tring_queue *q)
{
	if (q == NULL)
		return false;
	/* Full barrier: our tail store before the flag load (I14). */
	TRING_FENCE();
	return (TRING_LOAD_ACQUIRE(&q->sh->sq.flags) & TRING_SQ_NEED_WAKEUP) !=
	       0;
}

int
tring_submit_wake(struct tring_queue *q, tring_enter_fn wake, void *ctx)
{
	int n, err;

	n = tring_submit(q);
	if (n < 0 || !tring_sq_needs_wakeup(q))
		return n;
	/* Asleep with nothing of ours left to take: no need to wake. */
	if (TRING_LOAD_ACQUIRE(&q->sh->sq.head) == q->sqe_head || wake == NULL)
		return n;
	err = wake(ctx, (uint32_t)n, 0);
	return err < 0 ? err : n;
}
