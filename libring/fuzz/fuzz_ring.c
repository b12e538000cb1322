/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target: both sides of a submission/completion ring, with the input
 * playing the hostile other party.  Each input byte picks an action: write
 * a random or nearly valid tail, head, SQ index, entry byte or flag word
 * into shared memory, or run a step of either side.  After every step the
 * side's own accounting must hold and every pointer it hands out must lie
 * in its array; a violation aborts.  The first byte's top bit picks
 * TRING_SETUP_NO_SQARRAY, where index scribbles must change nothing and
 * nothing may be dropped.  tests/test_adversarial.c runs the
 * same engine on pseudo-random inputs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tessera/ring.h>

#define FZ_CHECK(x)              \
	do {                     \
		if (!(x))        \
			abort(); \
	} while (0)

struct fz_in {
	const uint8_t *p;
	size_t n;
};

static uint32_t
fz_u8(struct fz_in *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t
fz_u32(struct fz_in *in)
{
	uint32_t v = fz_u8(in);

	v |= fz_u8(in) << 8;
	v |= fz_u8(in) << 16;
	return v | fz_u8(in) << 24;
}

struct fz_ring {
	_Alignas(64) uint8_t region[TRING_REGION_SIZE(8, 16)];
	struct tring_kring k;
	struct tring_queue q;
	struct tring_cqe store[4];
	uint32_t start;
	uint64_t consumed;  /* entries the consumer reported taken */
	uint64_t completes; /* successful tring_complete() calls */
	uint32_t wakes;	    /* calls of the wake function */
};

/* The wake function of tring_submit_wake(): counts, sometimes fails. */
static int
fz_wake(void *ctx, uint32_t to_submit, uint32_t min_complete)
{
	struct fz_ring *r = ctx;

	FZ_CHECK(min_complete == 0 && to_submit <= 8);
	r->wakes++;
	return (r->wakes & 3u) == 0 ? -TRING_EAGAIN : 0;
}

/* The table's operations must only ever see checked copies. */
static int64_t
fz_op(void *arg, const struct tring_sqe *sqe, uint32_t req)
{
	(void)arg;
	FZ_CHECK((sqe->flags & ~TRING_SQE_VALID_FLAGS) == 0);
	FZ_CHECK(sqe->resv0 == 0 && sqe->resv1[0] == 0 && sqe->resv1[1] == 0);
	FZ_CHECK((sqe->op_flags & ~1u) == 0);
	if ((sqe->offset & 3u) == 0)
		return TRING_RES_ASYNC;
	return (int64_t)(sqe->offset ^ req) % 7 - 3;
}

static const struct tring_op fz_ops[] = {{NULL, 0}, {fz_op, 1}, {fz_op, 1}};

/* @cq, @sq: the consumer's counters before the step just taken. */
static void
fz_invariants(struct fz_ring *r, uint32_t cq, uint32_t sq)
{
	const struct tring_kring *k = &r->k;
	const struct tring_shared *sh = (const void *)r->region;
	uint64_t posted = (uint32_t)(k->cq_tail - r->start) + k->ovf_count;

	/*
	 * Every consumed entry was dropped, or completed (at once, or later
	 * through tring_complete(); completions flagged MORE are extra),
	 * or skipped (CQE_SKIP_SUCCESS), or is still in flight.
	 */
	FZ_CHECK(r->consumed + k->more ==
		 k->dropped + posted + k->skipped + k->inflight);
	FZ_CHECK(posted + k->skipped >= r->completes);
	FZ_CHECK(k->ovf_count <= k->ovf_cap);
	/* Without the index array no entry can be dropped. */
	FZ_CHECK(k->array != NULL || k->dropped == 0);
	/* A counter that moved was published. */
	FZ_CHECK(k->cq_tail == cq || sh->cq.tail == k->cq_tail);
	FZ_CHECK(k->sq_head == sq || sh->sq.head == k->sq_head);
	FZ_CHECK(((k->sq_flags & TRING_SQ_CQ_OVERFLOW) != 0) ==
		 (k->ovf_count != 0));
}

static void
fz_app(struct fz_ring *r, struct fz_in *in)
{
	const struct tring_cqe *cqes[16];
	const uint8_t *lo = r->region + TRING_SQES_OFFSET(r->k.sq_entries);
	const uint8_t *clo = r->region + TRING_CQES_OFFSET(r->k.sq_entries);
	struct tring_sqe *sqe;
	uint32_t i, n;

	switch (fz_u8(in) % 4) {
	case 3:
		sqe = tring_get_sqe(&r->q);
		if (sqe != NULL)
			tring_prep_nop(sqe);
		FZ_CHECK(tring_submit_wake(&r->q, fz_wake, r) >= -TRING_EAGAIN);
		(void)tring_sq_needs_wakeup(&r->q);
		break;
	case 0:
		sqe = tring_get_sqe(&r->q);
		if (sqe != NULL) {
			FZ_CHECK((const uint8_t *)sqe >= lo &&
				 (const uint8_t *)sqe < clo);
			tring_prep_rw(sqe, (uint8_t)(fz_u8(in) % 4), 0, 0,
				      fz_u8(in), fz_u8(in));
			tring_sqe_set_flags(sqe, (uint8_t)fz_u8(in));
			tring_sqe_set_data(sqe, fz_u32(in));
		}
		FZ_CHECK(tring_submit(&r->q) >= 0);
		break;
	case 1:
		n = tring_peek_batch_cqe(&r->q, cqes, fz_u8(in) % 17);
		/* At most a CQ's worth (the tail last read may be kept). */
		FZ_CHECK(n <= r->k.cq_entries);
		for (i = 0; i < n; i++)
			FZ_CHECK((const uint8_t *)cqes[i] >= clo &&
				 (const uint8_t *)cqes[i] <
					 r->region + sizeof(r->region));
		tring_cq_advance(&r->q, n);
		break;
	default:
		FZ_CHECK(tring_sq_space_left(&r->q) <= 8);
		FZ_CHECK(tring_sq_ready(&r->q) <= 8);
		if (tring_peek_cqe(&r->q, &cqes[0]) == 0)
			tring_cqe_seen(&r->q, cqes[0]);
		break;
	}
}

static void
fz_scribble(struct fz_ring *r, struct fz_in *in)
{
	struct tring_shared *sh = (void *)r->region;
	uint32_t *array = (uint32_t *)(void *)(r->region + TRING_ARRAY_OFFSET);
	uint32_t off;

	switch (fz_u8(in) % 8) {
	case 0:
		sh->sq.tail = fz_u32(in);
		break;
	case 1:
		sh->sq.tail = r->k.sq_head + fz_u8(in) % 10;
		break;
	case 2:
		sh->cq.head = fz_u32(in);
		break;
	case 3:
		sh->cq.head = r->k.cq_tail - fz_u8(in) % 20;
		break;
	case 4:
		array[fz_u8(in) % r->k.sq_entries] = fz_u8(in) % 12;
		break;
	case 5:
		off = fz_u8(in) % (r->k.sq_entries * 64);
		r->region[TRING_SQES_OFFSET(r->k.sq_entries) + off] =
			(uint8_t)fz_u8(in);
		break;
	case 6: /* the consumer's words, as seen by the submitter */
		sh->sq.head = fz_u32(in);
		sh->cq.tail = r->q.cq_head + fz_u8(in) % 20;
		break;
	default:
		sh->sq.flags = fz_u32(in);
		/* The mode word too: the consumer must not look at it. */
		sh->sq.setup_flags = fz_u32(in);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_ring r;
	struct tring_params p;
	struct fz_in in = {data, size};
	uint32_t b = fz_u8(&in);
	uint32_t cq, sq;
	int ret;

	memset(&r, 0, sizeof(r));
	memset(&p, 0, sizeof(p));
	p.sq_entries = 1u << (b % 4);
	p.cq_entries = p.sq_entries << (b >> 2 & 1);
	p.overflow = r.store;
	p.overflow_entries = (b >> 3) % 5;
	p.ops = fz_ops;
	p.nops = 3;
	p.start = fz_u32(&in);
	p.flags = (b & 0x80u) != 0 ? TRING_SETUP_NO_SQARRAY : 0;
	r.start = p.start;
	FZ_CHECK(tring_setup(&r.k, r.region, sizeof(r.region), &p) == 0);
	FZ_CHECK(tring_queue_init(&r.q, r.region, sizeof(r.region)) == 0);
	while (in.n > 0) {
		cq = r.k.cq_tail;
		sq = r.k.sq_head;
		switch (fz_u8(&in) % 8) {
		case 6:
			ret = tring_sq_idle(&r.k);
			FZ_CHECK(ret == 0 || ret == -TRING_EAGAIN);
			FZ_CHECK((ret == 0) ==
				 ((r.k.sq_flags & TRING_SQ_NEED_WAKEUP) != 0));
			break;
		case 7:
			ret = tring_complete_ex(&r.k, fz_u32(&in), fz_u8(&in),
						(int64_t)fz_u8(&in) - 128,
						fz_u8(&in) % 4);
			FZ_CHECK(ret == 0 || ret == -TRING_EBUSY ||
				 ret == -TRING_EINVAL);
			if (ret == 0)
				r.completes++;
			fz_invariants(&r, cq, sq);
			break;
		case 0:
		case 1:
			fz_scribble(&r, &in);
			break;
		case 2:
			fz_app(&r, &in);
			break;
		case 3:
			ret = tring_process(&r.k, fz_u8(&in) % 12);
			FZ_CHECK(ret >= 0 || ret == -TRING_EBUSY);
			if (ret > 0)
				r.consumed += (uint32_t)ret;
			fz_invariants(&r, cq, sq);
			break;
		case 4:
			ret = tring_complete(&r.k, fz_u32(&in), fz_u8(&in),
					     (int64_t)fz_u8(&in) - 128);
			FZ_CHECK(ret == 0 || ret == -TRING_EBUSY ||
				 (ret == -TRING_EINVAL && r.k.inflight == 0));
			if (ret == 0)
				r.completes++;
			fz_invariants(&r, cq, sq);
			break;
		default:
			FZ_CHECK(tring_cq_flush(&r.k) >= 0);
			fz_invariants(&r, cq, sq);
			break;
		}
	}
	return 0;
}
