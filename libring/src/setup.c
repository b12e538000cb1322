/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ring setup for both sides, and error texts.  The setup rules follow
 * io_uring_setup(2): power-of-two sizes, a CQ twice the SQ by default and
 * never smaller than it, unknown flags rejected.  TRING_SETUP_NO_SQARRAY
 * follows IORING_SETUP_NO_SQARRAY (Linux 6.6): the kernel side keeps the
 * mode in its private struct (a NULL array pointer), the submitting side
 * reads it once from sq.setup_flags.
 */
#include "ring_impl.h"

const char *
tring_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return "success";
	case TRING_EINVAL:
		return "invalid argument";
	case TRING_ENOSPC:
		return "region too small";
	case TRING_EAGAIN:
		return "try again: ring empty or full";
	case TRING_EBUSY:
		return "completion queue and overflow store full";
	case TRING_EFAULT:
		return "bad pointer or impossible shared state";
	case TRING_ECANCELED:
		return "cancelled: an earlier linked request failed";
	default:
		return "unknown error";
	}
}

static int
check_params(const struct tring_params *p, uint32_t *cq)
{
	uint32_t sq = p->sq_entries;

	if ((p->flags & ~TRING_SETUP_VALID_FLAGS) != 0 || !tring_pow2_(sq) ||
	    sq > TRING_MAX_ENTRIES)
		return -TRING_EINVAL;
	*cq = p->cq_entries != 0 ? p->cq_entries : 2u * sq;
	if (!tring_pow2_(*cq) || *cq < sq || *cq > 2u * TRING_MAX_ENTRIES)
		return -TRING_EINVAL;
	if (p->overflow == NULL && p->overflow_entries != 0)
		return -TRING_EFAULT;
	if (p->nops != 0 && p->ops == NULL)
		return -TRING_EINVAL;
	if (p->nops > 256u)
		return -TRING_EINVAL;
	return 0;
}

int
tring_setup(struct tring_kring *k, void *region, size_t size,
	    const struct tring_params *p)
{
	struct tring_shared *sh = region;
	uint32_t cq = 0;
	int err;

	if (k == NULL || region == NULL || p == NULL)
		return -TRING_EFAULT;
	err = check_params(p, &cq);
	if (err != 0)
		return err;
	if (!tring_aligned_(region, TRING_CACHELINE))
		return -TRING_EINVAL;
	if (size < TRING_REGION_SIZE(p->sq_entries, cq))
		return -TRING_ENOSPC;

	TRING_MEMSET(sh, 0, sizeof(*sh));
	sh->sq.ring_entries = p->sq_entries;
	sh->sq.ring_mask = p->sq_entries - 1u;
	sh->cq.ring_entries = cq;
	sh->cq.ring_mask = cq - 1u;
	sh->sq.head = p->start;
	sh->sq.tail = p->start;
	sh->cq.head = p->start;
	sh->cq.tail = p->start;
	sh->sq.setup_flags = p->flags;
	/* Zeroed in both modes; unused with TRING_SETUP_NO_SQARRAY. */
	TRING_MEMSET(tring_array_(region), 0,
		     (size_t)p->sq_entries * sizeof(uint32_t));

	TRING_MEMSET(k, 0, sizeof(*k));
	k->sh = sh;
	/* The mode lives here, in private memory, as a NULL array. */
	k->array = (p->flags & TRING_SETUP_NO_SQARRAY) != 0
			   ? NULL
			   : tring_array_(region);
	k->sqes = tring_sqes_(region, p->sq_entries);
	k->cqes = tring_cqes_(region, p->sq_entries);
	k->ovf = p->overflow;
	k->ovf_cap = p->overflow_entries;
	k->ops = p->ops;
	k->nops = p->nops;
	k->arg = p->arg;
	k->sq_entries = p->sq_entries;
	k->cq_entries = cq;
	k->sq_head = p->start;
	k->cq_tail = p->start;
	k->cq_head = p->start;
	/* Publish the headers before anyone is told about the region. */
	TRING_FENCE();
	return 0;
}

int
tring_queue_init(struct tring_queue *q, void *region, size_t size)
{
	const struct tring_shared *sh = region;
	uint32_t sq, cq, i, head, setup;

	if (q == NULL || region == NULL)
		return -TRING_EFAULT;
	if (!tring_aligned_(region, TRING_CACHELINE) ||
	    size < sizeof(struct tring_shared))
		return -TRING_EINVAL;
	/* The other side wrote these: read each once, then check. */
	sq = TRING_LOAD_ACQUIRE(&sh->sq.ring_entries);
	cq = TRING_LOAD_ACQUIRE(&sh->cq.ring_entries);
	if (!tring_pow2_(sq) || sq > TRING_MAX_ENTRIES || !tring_pow2_(cq) ||
	    cq > 2u * TRING_MAX_ENTRIES ||
	    TRING_LOAD_RELAXED(&sh->sq.ring_mask) != sq - 1u ||
	    TRING_LOAD_RELAXED(&sh->cq.ring_mask) != cq - 1u)
		return -TRING_EINVAL;
	setup = TRING_LOAD_RELAXED(&sh->sq.setup_flags);
	if ((setup & ~TRING_SETUP_VALID_FLAGS) != 0)
		return -TRING_EINVAL;
	if (size < TRING_REGION_SIZE(sq, cq))
		return -TRING_ENOSPC;

	q->sh = region;
	q->array = (setup & TRING_SETUP_NO_SQARRAY) != 0 ? NULL
							 : tring_array_(region);
	q->sqes = tring_sqes_(region, sq);
	q->cqes = tring_cqes_(region, sq);
	q->sq_entries = sq;
	q->cq_entries = cq;
	q->sqe_tail = TRING_LOAD_RELAXED(&sh->sq.tail);
	q->sqe_head = q->sqe_tail;
	/* An impossible head reads as a full SQ until the next look. */
	head = TRING_LOAD_ACQUIRE(&sh->sq.head);
	q->sq_head = q->sqe_tail - head > sq ? q->sqe_tail - sq : head;
	q->cq_head = TRING_LOAD_RELAXED(&sh->cq.head);
	q->cq_tail = q->cq_head;
	/* Entries are handed out in order: slot i always names SQE i.  With
	 * no array that is the ring's own rule and nothing is written. */
	for (i = 0; q->array != NULL && i < sq; i++)
		q->array[i] = i;
	return 0;
}
