/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file ring.h
 * @brief Submission and completion rings for batched calls and driver IPC.
 *
 * @defgroup tring libring: submission/completion rings and message rings
 * @{
 *
 * libring gives two parties that share memory a way to pass requests and
 * answers without a call per request, in the manner of Linux io_uring, and
 * plain message rings for driver IPC in the manner of Concurrency Kit's
 * ck_ring.
 *
 * **Submission/completion rings.**  One shared region (layout fixed by this
 * header, identical on aarch64 and x86-64) holds a submission queue (SQ)
 * and a completion queue (CQ).  The submitting side (an application; see
 * struct tring_queue) gets an entry with tring_get_sqe(), fills it with a
 * prep function and publishes it with tring_submit().  The consuming side (a
 * kernel or server; see struct tring_kring) runs tring_process(), which
 * copies every entry out of shared memory before checking it, dispatches it
 * through an opcode table and posts one completion per request.  Links,
 * hard links, drain and a caller-provided overflow store follow io_uring.
 *
 * **Message rings.**  struct tring_spsc (one producer, one consumer) and
 * struct tring_mpsc (many producers, one consumer) carry fixed-size
 * messages in caller storage, with reserve/commit for zero copy.
 *
 * **Storage.**  Everything lives in memory the caller provides: the shared
 * region (TRING_REGION_SIZE()), the private side structures (declared
 * here), the overflow store, the message slots (TRING_MPSC_STORAGE()).
 * Nothing is allocated.
 *
 * **Counters.**  Heads and tails are free-running 32-bit counters; the slot
 * is `counter & mask` and the fill level is `tail - head`, which stays right
 * across the wrap at 2^32.  Each counter sits on its own 64-byte line.
 *
 * **Memory ordering.**  A producer writes the entry, then stores the tail
 * with release; a consumer loads the tail with acquire, copies the entry,
 * then stores the head with release, so the producer never reuses a slot
 * that is still being read.
 *
 * **Trust.**  Every word the other side can write (tails, heads, indices,
 * entries, slot sequence numbers) is checked before use: a bad SQ index is
 * counted in `dropped`, a bad entry is completed with an error, an
 * impossible counter is reported as #TRING_EFAULT.  Each side keeps its own
 * counters in private memory and never reads back what it published.
 *
 * **Time.**  Nothing reads a clock or sleeps.  Waiting is the embedder's:
 * tring_wait_cqe() calls a function the caller supplies.
 *
 * **Locking.**  No locks inside.  Each side object is used by one thread at
 * a time (the caller serializes); the two sides run concurrently.  The
 * exception is tring_mpsc_reserve() and tring_mpsc_commit(), which any
 * number of producer threads may call at once.
 */
#ifndef TRING_RING_H
#define TRING_RING_H

#include "ring_port.h"

/** @name Error codes (returned negated)
 * @{ */
#define TRING_EINVAL	1  /**< Invalid argument or entry. */
#define TRING_ENOSPC	2  /**< Region too small for the requested sizes. */
#define TRING_EAGAIN	6  /**< Nothing to do now: ring empty or full. */
#define TRING_EBUSY	8  /**< No room for a completion, even in overflow. */
#define TRING_EFAULT	10 /**< NULL pointer, or shared state impossible. */
#define TRING_ECANCELED 32 /**< Request cancelled: an earlier link failed. */
/** @} */

/** @name Layout constants
 * @{ */
/** Size of the lines that keep heads and tails apart, in bytes. */
#define TRING_CACHELINE 64u
/** Largest SQ size accepted by tring_setup(). */
#define TRING_MAX_ENTRIES 32768u
/** Size of struct tring_shared: the SQ and CQ ring headers. */
#define TRING_SHARED_SIZE 384u
/** @} */

/** @name Submission entry flags (tring_sqe::flags)
 * @{ */
/** The next entry starts only after this one completes successfully. */
#define TRING_SQE_LINK 0x01u
/** Like #TRING_SQE_LINK, but a failed result does not cancel the rest. */
#define TRING_SQE_HARDLINK 0x02u
/** Start only after every earlier request completed; later ones wait. */
#define TRING_SQE_DRAIN 0x04u
/**
 * No completion when the request succeeds (result >= 0).  When it fails,
 * its completion is posted, and the rest of its link chain is cancelled
 * without completions (io_uring's IOSQE_CQE_SKIP_SUCCESS).
 */
#define TRING_SQE_CQE_SKIP_SUCCESS 0x08u
/** Every flag bit defined; other bits complete with -#TRING_EINVAL. */
#define TRING_SQE_VALID_FLAGS 0x0fu
/** @} */

/** @name Setup flags (tring_params::flags, tring_sq_ring::setup_flags)
 * @{ */
/**
 * No SQ index array (io_uring's IORING_SETUP_NO_SQARRAY, Linux 6.6): SQ
 * slot `i` is SQE `i & ring_mask`.  The `uint32_t array[sq]` of the region
 * is neither written by the submitter nor read by the consumer; it keeps
 * its place (zeroed by tring_setup()), so the offsets and
 * TRING_REGION_SIZE() are those of the default mode.  No entry can carry a
 * bad index, so `dropped` stays 0.  The consumer takes the mode from its
 * own struct tring_kring; tring_queue_init() reads it from
 * tring_sq_ring::setup_flags.
 */
#define TRING_SETUP_NO_SQARRAY 0x01u
/** Every setup flag defined; other bits give -#TRING_EINVAL. */
#define TRING_SETUP_VALID_FLAGS 0x01u
/** @} */

/** @name SQ ring flags (tring_sq_ring::flags, written by the consumer)
 * @{ */
/** Completions wait in the overflow store; reap, then tring_process(). */
#define TRING_SQ_CQ_OVERFLOW 0x01u
/**
 * The polling consumer sleeps: after publishing entries, wake it (see
 * tring_sq_idle(), tring_sq_needs_wakeup(), tring_submit_wake()).
 */
#define TRING_SQ_NEED_WAKEUP 0x02u
/** @} */

/** @name Completion flags (tring_cqe::flags)
 * @{ */
/** More completions of the same request follow (multishot). */
#define TRING_CQE_F_MORE 0x01u
/** @} */

/** @name Flags of tring_complete_ex()
 * @{ */
/**
 * The request carried #TRING_SQE_CQE_SKIP_SUCCESS: post nothing when the
 * result is a success (>= 0).
 */
#define TRING_COMPLETE_SKIP_SUCCESS 0x01u
/**
 * Multishot: post a completion flagged #TRING_CQE_F_MORE and keep the
 * request in flight; its last completion comes without this flag.
 */
#define TRING_COMPLETE_MORE 0x02u
/** @} */

/** @name Built-in opcode
 * @{ */
/** Do nothing; complete with 0 (or with the injected result, see below). */
#define TRING_OP_NOP 0u
/** NOP op_flags: complete with `(int64_t)len` instead of 0 (for tests). */
#define TRING_NOP_INJECT_RESULT 0x01u
/** @} */

/**
 * @brief Submission queue entry (64 bytes, shared memory ABI).
 *
 * Written by the submitting side; the consuming side copies it before it
 * reads any field.
 */
struct tring_sqe {
	uint8_t opcode;	    /**< Operation; 0 is #TRING_OP_NOP. */
	uint8_t flags;	    /**< TRING_SQE_* flags. */
	uint16_t resv0;	    /**< Reserved, must be 0. */
	uint32_t op_flags;  /**< Flags of the operation itself. */
	uint64_t handle;    /**< Handle the operation acts on. */
	uint64_t addr;	    /**< Buffer address in the submitter's space. */
	uint64_t len;	    /**< Buffer length. */
	uint64_t offset;    /**< Position in the object (file offset...). */
	uint64_t user_data; /**< Returned unchanged in the completion. */
	uint64_t resv1[2];  /**< Reserved, must be 0. */
};

/**
 * @brief Completion queue entry (32 bytes, shared memory ABI).
 */
struct tring_cqe {
	uint64_t user_data; /**< tring_sqe::user_data of the request. */
	int64_t result;	    /**< Result, or a negative TRING_E* code. */
	uint32_t flags;	    /**< TRING_CQE_F_* flags. */
	uint32_t resv0;	    /**< Reserved, 0. */
	uint64_t resv1;	    /**< Reserved, 0. */
};

/**
 * @brief Submission ring header (shared memory ABI, 192 bytes).
 *
 * Locking: `head`, `flags`, `dropped`, `ring_mask`, `ring_entries`,
 * `setup_flags` are written by the consuming side only (the last three
 * once, by tring_setup()); `tail` by the submitting side only.
 */
struct tring_sq_ring {
	uint32_t head;	       /**< Next entry the consumer will take. */
	uint8_t pad0[60];      /**< Keeps @c tail off this line. */
	uint32_t tail;	       /**< One past the last published entry. */
	uint8_t pad1[60];      /**< Keeps the fields below off this line. */
	uint32_t ring_mask;    /**< ring_entries - 1. */
	uint32_t ring_entries; /**< SQ size (a power of two). */
	uint32_t flags;	       /**< TRING_SQ_* flags. */
	uint32_t dropped;      /**< Entries skipped for a bad index. */
	/** TRING_SETUP_* flags the ring was set up with (tring_params::flags);
	 * read by tring_queue_init(), never by the consumer. */
	uint32_t setup_flags;
	uint8_t pad2[44]; /**< Fills the line. */
};

/**
 * @brief Completion ring header (shared memory ABI, 192 bytes).
 *
 * Locking: `head` is written by the submitting side only; every other
 * field by the consuming side only.
 */
struct tring_cq_ring {
	uint32_t head;	       /**< Next completion the submitter will read. */
	uint8_t pad0[60];      /**< Keeps @c tail off this line. */
	uint32_t tail;	       /**< One past the last posted completion. */
	uint8_t pad1[60];      /**< Keeps the fields below off this line. */
	uint32_t ring_mask;    /**< ring_entries - 1. */
	uint32_t ring_entries; /**< CQ size (a power of two). */
	uint32_t flags;	       /**< Reserved, 0. */
	uint32_t overflow;     /**< Completions that went through the store. */
	uint8_t pad2[48];      /**< Fills the line. */
};

/**
 * @brief Start of the shared region: both ring headers.
 *
 * The region (TRING_REGION_SIZE() bytes, 64-byte aligned) is laid out as:
 * @verbatim
   offset 0                     struct tring_sq_ring   (head | tail | info)
   offset 192                   struct tring_cq_ring   (head | tail | info)
   offset 384                   uint32_t array[sq]     SQ slot -> SQE index
   TRING_SQES_OFFSET(sq)        struct tring_sqe[sq]
   TRING_CQES_OFFSET(sq)        struct tring_cqe[cq]
   TRING_REGION_SIZE(sq, cq)    end
   @endverbatim
 * The layout is the same with #TRING_SETUP_NO_SQARRAY: the array keeps its
 * place (zeroed, then unused) and SQ slot `i` is SQE `i & ring_mask`.
 */
struct tring_shared {
	struct tring_sq_ring sq; /**< Submission ring header. */
	struct tring_cq_ring cq; /**< Completion ring header. */
};

/** @name Region layout (all in bytes from the start of the region)
 * @{ */
/** Offset of the SQ index array. */
#define TRING_ARRAY_OFFSET ((size_t)TRING_SHARED_SIZE)
/** Offset of the SQE array for an SQ of @p sq entries. */
#define TRING_SQES_OFFSET(sq) \
	(TRING_ARRAY_OFFSET + (((size_t)(sq)*4u + 63u) & ~(size_t)63u))
/** Offset of the CQE array for an SQ of @p sq entries. */
#define TRING_CQES_OFFSET(sq) \
	(TRING_SQES_OFFSET(sq) + (size_t)(sq) * sizeof(struct tring_sqe))
/** Bytes of shared memory for @p sq SQ and @p cq CQ entries. */
#define TRING_REGION_SIZE(sq, cq) \
	(TRING_CQES_OFFSET(sq) + (size_t)(cq) * sizeof(struct tring_cqe))
/** @} */

/** Returned by a tring_op::fn: the request completes later. */
#define TRING_RES_ASYNC INT64_MIN

/**
 * @brief One entry of the embedder's opcode table.
 */
struct tring_op {
	/**
	 * Run the request @p sqe (a private copy, already checked for valid
	 * flags, reserved fields and op_flags).  @p req identifies the
	 * request for tring_complete().  Returns the result (negative
	 * TRING_E* codes for errors), or #TRING_RES_ASYNC when the request
	 * will complete later through tring_complete().  It may call
	 * tring_complete() for other requests (a cancel operation does);
	 * the place of its own completion stays reserved meanwhile.
	 */
	int64_t (*fn)(void *arg, const struct tring_sqe *sqe, uint32_t req);
	/** op_flags bits this operation accepts; others give -EINVAL. */
	uint32_t op_flags_mask;
};

/**
 * @brief Parameters of tring_setup().
 */
struct tring_params {
	uint32_t
		sq_entries; /**< SQ size: power of two, 1..TRING_MAX_ENTRIES. */
	uint32_t cq_entries; /**< CQ size: 0 for 2 x sq, else power of two >=
				sq. */
	uint32_t start;	     /**< First counter value (0; tests use others). */
	uint32_t flags;	     /**< 0 or #TRING_SETUP_NO_SQARRAY. */
	struct tring_cqe *overflow; /**< Overflow store, private memory. */
	uint32_t overflow_entries;  /**< Capacity of @c overflow (may be 0). */
	const struct tring_op *ops; /**< Opcode table, indexed by opcode. */
	uint32_t nops; /**< Entries in @c ops (opcode 0 is the NOP). */
	void *arg;     /**< Passed to every tring_op::fn. */
};

/**
 * @brief The consuming side of a ring (private memory of the kernel).
 *
 * Locking: one thread at a time calls tring_process(), tring_complete()
 * and tring_cq_flush() on it.
 */
struct tring_kring {
	/** @cond INTERNAL */
	/* Own cache line(s): the two sides run on different CPUs. */
	_Alignas(TRING_CACHELINE) struct tring_shared *sh;
	uint32_t *array; /* NULL with TRING_SETUP_NO_SQARRAY */
	struct tring_sqe *sqes;
	struct tring_cqe *cqes;
	struct tring_cqe *ovf;
	const struct tring_op *ops;
	void *arg;
	uint32_t nops;
	uint32_t sq_entries;
	uint32_t cq_entries;
	uint32_t sq_head;
	uint32_t cq_tail;
	uint32_t cq_head;
	uint32_t reserved;
	uint32_t dropped;
	uint32_t overflow;
	uint32_t sq_flags;
	uint32_t ovf_cap;
	uint32_t ovf_head;
	uint32_t ovf_count;
	uint32_t inflight;
	uint32_t chain_limit;
	uint32_t chain_req;
	uint32_t skipped;
	uint32_t more;
	bool in_chain;
	bool chain_cancel;
	bool chain_silent;
	bool chain_wait;
	bool chain_hard;
	bool chain_skip;
	bool drain_block;
	/** @endcond */
};

/**
 * @brief The submitting side of a ring (private memory of the application).
 *
 * Locking: one thread at a time uses it.
 */
struct tring_queue {
	/** @cond INTERNAL */
	/* Own cache line(s): the two sides run on different CPUs. */
	_Alignas(TRING_CACHELINE) struct tring_shared *sh;
	uint32_t *array; /* NULL with TRING_SETUP_NO_SQARRAY */
	struct tring_sqe *sqes;
	struct tring_cqe *cqes;
	uint32_t sq_entries;
	uint32_t cq_entries;
	uint32_t sqe_head;
	uint32_t sqe_tail;
	uint32_t sq_head;
	uint32_t cq_head;
	uint32_t cq_tail;
	/** @endcond */
};

/**
 * @brief Waits for completions; supplied by the embedder.
 *
 * Called by tring_wait_cqe() and tring_submit_and_wait() with the number
 * of entries just submitted and the completions wanted; returns 0 or a
 * negative error, which those functions pass on.
 */
typedef int (*tring_enter_fn)(void *ctx, uint32_t to_submit,
			      uint32_t min_complete);

/**
 * @brief Text of an error code.
 * @param[in] err  A TRING_E* code, negated or not.
 * @return A static string; "unknown error" for other values, never NULL.
 */
const char *tring_strerror(int err);

/**
 * @brief Set up the shared region and the consuming side.
 *
 * Writes the ring headers (sizes, masks, counters at @c start, flags 0,
 * `setup_flags` from @c p->flags) and fills @p k.  The kernel then maps
 * @p region for the submitter.  With #TRING_SETUP_NO_SQARRAY the mode is
 * kept in @p k: tring_process() never reads it back from shared memory.
 *
 * @param[out] k       Consuming side to initialize.
 * @param[out] region  Shared region, 64-byte aligned.
 * @param[in]  size    Bytes at @p region.
 * @param[in]  p       Sizes, overflow store and opcode table.
 * @retval 0               Set up.
 * @retval -TRING_EFAULT   @p k, @p region or @p p is NULL, or
 *                         @c overflow is NULL with a non-zero capacity.
 * @retval -TRING_EINVAL   Bad size, flags, alignment or opcode table.
 * @retval -TRING_ENOSPC   @p size is below TRING_REGION_SIZE().
 * @note On error nothing is written.
 */
int tring_setup(struct tring_kring *k, void *region, size_t size,
		const struct tring_params *p);

/**
 * @brief Consume up to @p max submitted entries.
 *
 * Flushes the overflow store first.  Then, for each entry: an SQ index
 * out of range is skipped and counted in `dropped` (with
 * #TRING_SETUP_NO_SQARRAY there is no index to read: slot i is entry
 * i & mask and nothing is dropped); the entry is copied,
 * checked (flags, reserved fields, opcode, op_flags) and run, or completed
 * with -#TRING_EINVAL, or with -#TRING_ECANCELED if an earlier member of its
 * link chain failed.  Processing stops early at a #TRING_SQE_DRAIN entry
 * while requests are in flight, at a link waiting for an asynchronous
 * member, and when no completion could be stored.  A tail more than the SQ
 * size ahead of the head is treated as a full SQ.
 *
 * @param[in,out] k    Consuming side.
 * @param[in]     max  Most entries to consume in this call.
 * @return Entries consumed (dropped ones included); 0 when none is ready
 *         or the next one waits for a drain or a link.
 * @retval -TRING_EFAULT  @p k is NULL.
 * @retval -TRING_EBUSY   An entry waits but the CQ and the overflow store
 *                        are full; nothing was consumed.
 * @note Context: the consumer thread; O(max); never blocks.
 */
int tring_process(struct tring_kring *k, uint32_t max);

/**
 * @brief Complete a request whose operation returned #TRING_RES_ASYNC.
 *
 * Same as tring_complete_ex() with flags 0.
 *
 * @param[in,out] k          Consuming side.
 * @param[in]     req        Request number passed to tring_op::fn.
 * @param[in]     user_data  The request's user_data.
 * @param[in]     result     Result (negative TRING_E* codes for errors).
 * @retval 0               Completion posted (to the CQ or the store).
 * @retval -TRING_EFAULT   @p k is NULL.
 * @retval -TRING_EINVAL   No request is in flight.
 * @retval -TRING_EBUSY    CQ and overflow store are full (places promised
 *                         to running operations count as taken); nothing
 *                         changed, call again after the submitter reaped.
 * @note May be called from inside a tring_op::fn.
 */
int tring_complete(struct tring_kring *k, uint32_t req, uint64_t user_data,
		   int64_t result);

/**
 * @brief Complete a request, with completion flags.
 *
 * Without flags, the last completion of a request that went asynchronous:
 * the request leaves the in-flight count, a link waiting for it goes on
 * (or is cancelled when @p result < 0, unless it is a hard link).  With
 * #TRING_COMPLETE_SKIP_SUCCESS (pass it when the request carried
 * #TRING_SQE_CQE_SKIP_SUCCESS) a success posts nothing.  With
 * #TRING_COMPLETE_MORE a multishot request posts one more completion
 * flagged #TRING_CQE_F_MORE and stays in flight; an operation may also do
 * so for itself while it runs, before it returns.
 *
 * @param[in,out] k          Consuming side.
 * @param[in]     req        Request number passed to tring_op::fn.
 * @param[in]     user_data  The request's user_data.
 * @param[in]     result     Result (negative TRING_E* codes for errors).
 * @param[in]     flags      0 or one TRING_COMPLETE_* flag.
 * @retval 0               Completion posted (or skipped, as asked).
 * @retval -TRING_EFAULT   @p k is NULL.
 * @retval -TRING_EINVAL   Unknown or conflicting @p flags, or no request
 *                         in flight (for #TRING_COMPLETE_MORE: none in
 *                         flight and no operation running).
 * @retval -TRING_EBUSY    CQ and overflow store are full (places promised
 *                         to running operations count as taken); nothing
 *                         changed, call again after the submitter reaped.
 * @note May be called from inside a tring_op::fn.
 */
int tring_complete_ex(struct tring_kring *k, uint32_t req, uint64_t user_data,
		      int64_t result, uint32_t flags);

/**
 * @brief A polling consumer is about to sleep: ask to be woken (I14).
 *
 * Sets #TRING_SQ_NEED_WAKEUP in `sq.flags`, then (after a full barrier)
 * reads the SQ tail again.  The submitter, after publishing entries,
 * makes a full barrier and reads the flag (tring_sq_needs_wakeup(),
 * tring_submit_wake()); so either this call sees the new entries or the
 * submitter sees the flag and wakes the consumer.  The next
 * tring_process() clears the flag.
 *
 * @param[in,out] k  Consuming side.
 * @retval 0               Nothing submitted: sleep until woken.
 * @retval -TRING_EAGAIN   Entries arrived: the flag is cleared again;
 *                         process them instead of sleeping.
 * @retval -TRING_EFAULT   @p k is NULL.
 * @note Completions waiting in the overflow store are not work for this
 *       test: the submitter sees #TRING_SQ_CQ_OVERFLOW and wakes the
 *       consumer after it reaped.
 */
int tring_sq_idle(struct tring_kring *k);

/**
 * @brief Move completions from the overflow store to the CQ, in order.
 *
 * Clears #TRING_SQ_CQ_OVERFLOW once the store is empty.
 *
 * @param[in,out] k  Consuming side.
 * @return Completions still in the store.
 * @retval -TRING_EFAULT  @p k is NULL.
 */
int tring_cq_flush(struct tring_kring *k);

/**
 * @brief Requests started asynchronously and not yet completed.
 * @param[in] k  Consuming side.
 * @return The count; 0 for NULL.
 */
uint32_t tring_inflight(const struct tring_kring *k);

/**
 * @brief Attach the submitting side to a region set up by tring_setup().
 *
 * Checks the sizes in the headers against @p size before trusting them.
 *
 * @param[out] q       Submitting side to initialize.
 * @param[in]  region  The shared region, 64-byte aligned.
 * @param[in]  size    Bytes mapped at @p region.
 * @retval 0               Attached.
 * @retval -TRING_EFAULT   @p q or @p region is NULL.
 * @retval -TRING_EINVAL   Sizes not powers of two or too large, masks
 *                         wrong, unknown setup flags, region misaligned
 *                         or smaller than the headers.
 * @retval -TRING_ENOSPC   The sizes need more than @p size bytes.
 */
int tring_queue_init(struct tring_queue *q, void *region, size_t size);

/**
 * @brief Get the next free submission entry.
 *
 * The entry is not cleared: fill it with a prep function.
 *
 * @param[in,out] q  Submitting side.
 * @return The entry, or NULL when the SQ is full (or its head impossible).
 */
inline struct tring_sqe *
tring_get_sqe(struct tring_queue *q)
{
	uint32_t head;

	if (q == NULL)
		return NULL;
	/* Read the consumer's head only when the cached one says full. */
	if (q->sqe_tail - q->sq_head >= q->sq_entries) {
		/* Acquire: the consumer copied every entry before head. */
		head = TRING_LOAD_ACQUIRE(&q->sh->sq.head);
		if (q->sqe_tail - head >= q->sq_entries)
			return NULL;
		q->sq_head = head;
	}
	return &q->sqes[q->sqe_tail++ & (q->sq_entries - 1u)];
}

/**
 * @brief Fill @p sqe for an operation (clears every other field).
 * @param[out] sqe     Entry from tring_get_sqe().
 * @param[in]  opcode  Operation.
 * @param[in]  handle  Handle it acts on.
 * @param[in]  addr    Buffer address.
 * @param[in]  len     Buffer length.
 * @param[in]  offset  Position in the object.
 */
inline void
tring_prep_rw(struct tring_sqe *sqe, uint8_t opcode, uint64_t handle,
	      uint64_t addr, uint64_t len, uint64_t offset)
{
	struct tring_sqe e = {0};

	/* Built in a local, stored whole: every byte of the entry written. */
	e.opcode = opcode;
	e.handle = handle;
	e.addr = addr;
	e.len = len;
	e.offset = offset;
	*sqe = e;
}

/**
 * @brief Fill @p sqe as a NOP (clears every field).
 * @param[out] sqe  Entry from tring_get_sqe().
 */
inline void
tring_prep_nop(struct tring_sqe *sqe)
{
	tring_prep_rw(sqe, TRING_OP_NOP, 0, 0, 0, 0);
}

/**
 * @brief Set the user_data returned in the completion.
 * @param[out] sqe        Entry.
 * @param[in]  user_data  Value.
 */
inline void
tring_sqe_set_data(struct tring_sqe *sqe, uint64_t user_data)
{
	sqe->user_data = user_data;
}

/**
 * @brief Set the TRING_SQE_* flags of @p sqe.
 * @param[out] sqe    Entry.
 * @param[in]  flags  Flags.
 */
inline void
tring_sqe_set_flags(struct tring_sqe *sqe, uint8_t flags)
{
	sqe->flags = flags;
}

/**
 * @brief Publish every entry got since the last submit (store-release).
 *
 * With nothing new the shared tail is not written.
 *
 * @param[in,out] q  Submitting side.
 * @return Entries published.
 * @retval -TRING_EFAULT  @p q is NULL.
 */
inline int
tring_submit(struct tring_queue *q)
{
	uint32_t n;

	if (q == NULL)
		return -TRING_EFAULT;
	/* Slot i names SQE i, written once by tring_queue_init(). */
	n = q->sqe_tail - q->sqe_head;
	if (n == 0)
		return 0; /* nothing new: the tail line is left alone */
	q->sqe_head = q->sqe_tail;
	TRING_STORE_RELEASE(&q->sh->sq.tail, q->sqe_tail);
	return (int)n;
}

/**
 * @brief Submit, then let the embedder wait for @p wait_nr completions.
 * @param[in,out] q        Submitting side.
 * @param[in]     wait_nr  Completions to wait for.
 * @param[in]     enter    Waits (or enters the kernel); may be NULL.
 * @param[in]     ctx      Passed to @p enter.
 * @return Entries published.
 * @retval -TRING_EFAULT  @p q is NULL.
 * @retval <0             The error @p enter returned.
 */
int tring_submit_and_wait(struct tring_queue *q, uint32_t wait_nr,
			  tring_enter_fn enter, void *ctx);

/**
 * @brief Whether the consumer must be woken for published entries.
 *
 * Makes a full barrier (after the store of the SQ tail), then reads
 * `sq.flags`: see tring_sq_idle().
 *
 * @param[in] q  Submitting side.
 * @retval true   #TRING_SQ_NEED_WAKEUP is set: wake the consumer.
 * @retval false  Not set (or @p q is NULL).
 */
bool tring_sq_needs_wakeup(const struct tring_queue *q);

/**
 * @brief Submit, and wake a sleeping consumer when it must be.
 *
 * Publishes like tring_submit(); then, when the consumer asked to be
 * woken (tring_sq_idle()) and published entries are still untaken, calls
 * @p wake(ctx, n, 0) with the number @p n just published.
 *
 * @param[in,out] q     Submitting side.
 * @param[in]     wake  Wakes the consumer (a system call); may be NULL.
 * @param[in]     ctx   Passed to @p wake.
 * @return Entries published.
 * @retval -TRING_EFAULT  @p q is NULL.
 * @retval <0             The error @p wake returned.
 */
int tring_submit_wake(struct tring_queue *q, tring_enter_fn wake, void *ctx);

/**
 * @brief Entries published or got but not yet taken by the consumer.
 * @param[in] q  Submitting side.
 * @return The count (0 for NULL or an impossible head).
 */
uint32_t tring_sq_ready(const struct tring_queue *q);

/**
 * @brief Free SQ entries: size minus tring_sq_ready().
 * @param[in] q  Submitting side.
 * @return The count (0 for NULL).
 */
uint32_t tring_sq_space_left(const struct tring_queue *q);

/**
 * @brief Completions ready to be read.
 * @param[in] q  Submitting side.
 * @return The count (0 for NULL or an impossible tail).
 */
uint32_t tring_cq_ready(const struct tring_queue *q);

/**
 * @brief Whether completions wait in the consumer's overflow store.
 * @param[in] q  Submitting side.
 * @retval true   #TRING_SQ_CQ_OVERFLOW is set: reap, then let the
 *                consumer run.
 * @retval false  Not set (or @p q is NULL).
 */
bool tring_cq_has_overflow(const struct tring_queue *q);

/**
 * @brief Get the next completion without waiting.
 * @param[in,out] q    Submitting side.
 * @param[out]    cqe  Set to the completion (in shared memory).
 * @retval 0               @p cqe set; call tring_cqe_seen() when done.
 * @retval -TRING_EAGAIN   No completion ready.
 * @retval -TRING_EFAULT   NULL argument, or the CQ tail is impossible.
 */
int tring_peek_cqe(struct tring_queue *q, const struct tring_cqe **cqe);

/**
 * @brief Get the next completion, letting the embedder wait if none.
 *
 * Peeks; if nothing is ready calls @p enter(ctx, 0, 1) once and peeks again.
 *
 * @param[in,out] q      Submitting side.
 * @param[out]    cqe    Set to the completion.
 * @param[in]     enter  Waits for a completion; NULL behaves as peek.
 * @param[in]     ctx    Passed to @p enter.
 * @retval 0               @p cqe set.
 * @retval -TRING_EAGAIN   Still nothing after @p enter returned.
 * @retval -TRING_EFAULT   NULL argument, or the CQ tail is impossible.
 * @retval <0              The error @p enter returned.
 */
int tring_wait_cqe(struct tring_queue *q, const struct tring_cqe **cqe,
		   tring_enter_fn enter, void *ctx);

/**
 * @brief Get up to @p count ready completions at once.
 *
 * Inline: the kept CQ tail first, the shared one (load-acquire) only
 * when the kept one shows fewer than @p count.
 * @param[in,out] q      Submitting side.
 * @param[out]    cqes   Filled with pointers to the completions.
 * @param[in]     count  Room in @p cqes.
 * @return Pointers filled (0 for NULL arguments or an impossible tail);
 *         advance with tring_cq_advance().
 */
inline uint32_t
tring_peek_batch_cqe(struct tring_queue *q, const struct tring_cqe **cqes,
		     uint32_t count)
{
	uint32_t i, n, head, tail, mask;

	if (q == NULL || cqes == NULL)
		return 0;
	head = q->cq_head;
	n = q->cq_tail - head;
	/* The kept tail first; the shared one (acquire, read once) when it
	 * shows too few.  A tail beyond the CQ size is not kept. */
	if (n < count || n > q->cq_entries) {
		tail = TRING_LOAD_ACQUIRE(&q->sh->cq.tail);
		n = tail - head;
		/* None (n == 0) or impossible (n > size): nothing kept. */
		if (n - 1u >= q->cq_entries)
			return 0;
		q->cq_tail = tail;
	}
	if (n > count)
		n = count;
	mask = q->cq_entries - 1u;
	if (n == 1u) { /* the common case at batch 1: no loop */
		cqes[0] = &q->cqes[head & mask];
		return 1;
	}
	for (i = 0; i < n; i++)
		cqes[i] = &q->cqes[(head + i) & mask];
	return n;
}

/**
 * @brief Mark @p n completions consumed (store-release of the CQ head).
 *
 * With @p n 0 the shared head is not written.
 *
 * @param[in,out] q  Submitting side.
 * @param[in]     n  Completions; no more than tring_cq_ready().
 */
inline void
tring_cq_advance(struct tring_queue *q, uint32_t n)
{
	/* An unchanged head is not stored: the line stays where it is. */
	if (q == NULL || n == 0)
		return;
	q->cq_head += n;
	/* Release: our reads of the CQEs happen before the slots are reused. */
	TRING_STORE_RELEASE(&q->sh->cq.head, q->cq_head);
}

/**
 * @brief Mark one completion consumed (store-release of the CQ head).
 * @param[in,out] q    Submitting side.
 * @param[in]     cqe  The completion from tring_peek_cqe().
 */
inline void
tring_cqe_seen(struct tring_queue *q, const struct tring_cqe *cqe)
{
	(void)cqe;
	tring_cq_advance(q, 1);
}

/**
 * @brief Shared header of a message ring (ABI, 128 bytes).
 *
 * Locking: `head` is written by the consumer only; `tail` by the producer
 * (SPSC) or by compare-and-swap among the producers (MPSC).
 */
struct tring_chan {
	_Alignas(TRING_CACHELINE) uint32_t head; /**< Consumer counter. */
	uint8_t pad0[60]; /**< Keeps @c tail off this line. */
	uint32_t tail;	  /**< Producer counter. */
	uint8_t pad1[60]; /**< Fills the line. */
};

/**
 * @brief A side of a single-producer single-consumer message ring.
 *
 * Each side attaches its own handle to the shared header and slots.
 * Locking: one producer thread uses the producer calls and one consumer
 * thread the consumer calls, each on its own handle.
 */
struct tring_spsc {
	/** @cond INTERNAL */
	/* Own cache line(s): the two sides run on different CPUs. */
	_Alignas(TRING_CACHELINE) struct tring_chan *hdr;
	uint8_t *slots;
	uint32_t entries;
	uint32_t slot_size;
	uint32_t head;
	uint32_t tail;
	/* slot_size / 8 while the inline calls may copy the message by
	 * words (size a multiple of 8, at most 64, nothing reserved or
	 * peeked); 0 sends them out of line.  Set by attach, so the inline
	 * calls test one field instead of the size and the state. */
	uint32_t words;
	bool reserved;
	bool peeked;
	/** @endcond */
};

/**
 * @brief A side of a multi-producer single-consumer message ring.
 *
 * Every slot carries a sequence word, so producers never wait for each
 * other and the consumer sees messages in reservation order.
 * Locking: any number of producer threads share one handle (or use their
 * own); one consumer thread uses the consumer calls.
 */
struct tring_mpsc {
	/** @cond INTERNAL */
	/* Own cache line(s): the two sides run on different CPUs. */
	_Alignas(TRING_CACHELINE) struct tring_chan *hdr;
	uint8_t *slots;
	uint32_t entries;
	uint32_t slot_size;
	uint32_t stride;
	uint32_t head;
	bool peeked;
	/** @endcond */
};

/** Bytes per MPSC slot: an 8-byte sequence word, then the message. */
#define TRING_MPSC_STRIDE(slot_size) (8u + (((uint32_t)(slot_size) + 7u) & ~7u))
/** Bytes of MPSC slot storage for @p entries slots of @p slot_size. */
#define TRING_MPSC_STORAGE(entries, slot_size) \
	((size_t)(entries)*TRING_MPSC_STRIDE(slot_size))
/** Bytes of SPSC slot storage for @p entries slots of @p slot_size. */
#define TRING_SPSC_STORAGE(entries, slot_size) \
	((size_t)(entries) * (size_t)(slot_size))
/** Largest message slot, in bytes. */
#define TRING_MAX_SLOT 65536u

/**
 * @brief Reset a shared SPSC header before it is shared.
 * @param[out] hdr    Shared header.
 * @param[in]  start  First counter value (0; tests use others).
 * @retval 0               Reset.
 * @retval -TRING_EFAULT   @p hdr is NULL.
 */
int tring_chan_init(struct tring_chan *hdr, uint32_t start);

/**
 * @brief Attach one side of an SPSC ring.
 * @param[out] r          Handle.
 * @param[in]  hdr        Shared header, reset by tring_chan_init().
 * @param[in]  slots      TRING_SPSC_STORAGE() bytes of slots.
 * @param[in]  entries    Slots: power of two, 1..TRING_MAX_ENTRIES.
 * @param[in]  slot_size  Bytes per message, 1..TRING_MAX_SLOT.
 * @retval 0               Attached.
 * @retval -TRING_EFAULT   NULL pointer, or counters already impossible.
 * @retval -TRING_EINVAL   Bad @p entries or @p slot_size.
 */
int tring_spsc_attach(struct tring_spsc *r, struct tring_chan *hdr, void *slots,
		      uint32_t entries, uint32_t slot_size);

/** @cond INTERNAL */
/* The whole of tring_spsc_enqueue() and tring_spsc_dequeue(), out of line:
 * the inline definitions below keep only the common case. */
int tring_spsc_enqueue_full_(struct tring_spsc *r, const void *msg);
int tring_spsc_dequeue_full_(struct tring_spsc *r, void *msg);

/* Copy @p words (1..8) 8-byte words from @p s to @p d by single loads
 * and stores (see copy_msg() in src/chan.c).  A macro, as the inline
 * calls below may not use a static function (C11 6.7.4). */
#define TRING_COPY_WORDS_(d, s, words)                                \
	do {                                                          \
		uint64_t w_;                                          \
		uint32_t k_;                                          \
		for (k_ = 0; k_ < (words); k_++) {                    \
			TRING_MEMCPY(&w_, (s) + 8u * k_, sizeof(w_)); \
			TRING_MEMCPY((d) + 8u * k_, &w_, sizeof(w_)); \
			TRING_COMPILER_BARRIER();                     \
		}                                                     \
	} while (0)
/** @endcond */

/**
 * @brief Copy one message in (producer).
 *
 * Inline for messages of at most 64 bytes in 8-byte words: the consumer's
 * head is read (acquire) only when the last one read says full; the copy
 * and the store-release of the tail happen in the caller.  Other sizes,
 * NULL arguments and an open reservation go out of line.
 *
 * @param[in,out] r    Handle.
 * @param[in]     msg  slot_size bytes.
 * @retval 0               Published.
 * @retval -TRING_EAGAIN   Ring full.
 * @retval -TRING_EFAULT   NULL argument or impossible consumer head.
 * @retval -TRING_EINVAL   A reservation is open.
 */
inline int
tring_spsc_enqueue(struct tring_spsc *r, const void *msg)
{
	uint8_t *slot;
	uint32_t head;

	if (r == NULL || msg == NULL || r->words == 0u)
		return tring_spsc_enqueue_full_(r, msg);
	/* The consumer's head only when the one we kept says full. */
	if (r->tail - r->head >= r->entries) {
		/* Acquire: the consumer read every slot before head. */
		head = TRING_LOAD_ACQUIRE(&r->hdr->head);
		if (r->tail - head >= r->entries)
			return r->tail - head > r->entries ? -TRING_EFAULT
							   : -TRING_EAGAIN;
		r->head = head;
	}
	slot = r->slots + (size_t)(r->tail & (r->entries - 1u)) * r->slot_size;
	TRING_COPY_WORDS_(slot, (const uint8_t *)msg, r->words);
	r->tail++;
	/* Release: the message precedes the tail that publishes it. */
	TRING_STORE_RELEASE(&r->hdr->tail, r->tail);
	return 0;
}

/**
 * @brief Reserve the next slot to fill in place (producer).
 * @param[in,out] r     Handle.
 * @param[out]    slot  Set to the slot (slot_size bytes).
 * @retval 0               Reserved; publish with tring_spsc_commit().
 * @retval -TRING_EAGAIN   Ring full.
 * @retval -TRING_EFAULT   NULL argument or impossible consumer head.
 * @retval -TRING_EINVAL   A reservation is already open.
 */
int tring_spsc_reserve(struct tring_spsc *r, void **slot);

/**
 * @brief Publish the reserved slot (store-release of the tail).
 * @param[in,out] r  Handle.
 * @retval 0               Published.
 * @retval -TRING_EFAULT   @p r is NULL.
 * @retval -TRING_EINVAL   Nothing reserved.
 */
int tring_spsc_commit(struct tring_spsc *r);

/**
 * @brief Copy one message out (consumer).
 *
 * Inline for messages of at most 64 bytes in 8-byte words: the producer's
 * tail is read (acquire) only when the last one read says empty; the copy
 * and the store-release of the head happen in the caller.  Other sizes,
 * NULL arguments and an open peek go out of line.
 *
 * @param[in,out] r    Handle.
 * @param[out]    msg  slot_size bytes.
 * @retval 0               Copied and the slot released.
 * @retval -TRING_EAGAIN   Ring empty.
 * @retval -TRING_EFAULT   NULL argument or impossible producer tail.
 * @retval -TRING_EINVAL   A peek is open.
 */
inline int
tring_spsc_dequeue(struct tring_spsc *r, void *msg)
{
	const uint8_t *slot;
	uint32_t tail;

	if (r == NULL || msg == NULL || r->words == 0u)
		return tring_spsc_dequeue_full_(r, msg);
	/* The producer's tail only when the one we kept says empty. */
	if (r->tail == r->head) {
		/* Acquire: the message precedes the tail publishing it. */
		tail = TRING_LOAD_ACQUIRE(&r->hdr->tail);
		if (tail - r->head - 1u >= r->entries)
			return tail == r->head ? -TRING_EAGAIN : -TRING_EFAULT;
		r->tail = tail;
	}
	slot = r->slots + (size_t)(r->head & (r->entries - 1u)) * r->slot_size;
	TRING_COPY_WORDS_((uint8_t *)msg, slot, r->words);
	r->head++;
	/* Release: our copy of the slot precedes handing it back. */
	TRING_STORE_RELEASE(&r->hdr->head, r->head);
	return 0;
}

/** @cond INTERNAL */
/* The typed calls' way out of line: NULL, size and state checks, then the
 * untyped call.  @p size is sizeof the message type. */
int tring_spsc_enqueue_sized_(struct tring_spsc *r, const void *msg,
			      size_t size);
int tring_spsc_dequeue_sized_(struct tring_spsc *r, void *msg, size_t size);
/** @endcond */

/**
 * @brief Define typed SPSC calls for messages of one C type.
 *
 * Defines, in the including file,
 * `static inline int tring_spsc_enqueue_<name>(struct tring_spsc *r,
 * const type *msg)` and `static inline int tring_spsc_dequeue_<name>(struct
 * tring_spsc *r, type *msg)`: tring_spsc_enqueue() and tring_spsc_dequeue()
 * with the message size a compile-time constant, so the word copy unrolls
 * and the size takes no load (as Concurrency Kit's CK_RING_PROTOTYPE).
 * Unlike the untyped call, the typed dequeue reads the producer's tail on
 * every call instead of keeping the last one read (measured faster with
 * the two sides on two CPUs; see README.md).
 * The ring must be attached with slot_size == sizeof(type).  They return
 * what the untyped calls return, and -TRING_EINVAL when the ring's
 * slot_size is not sizeof(type).  Types whose size is not a multiple of 8
 * or is above 64 bytes go out of line, as in the untyped calls.
 *
 * @param name  Suffix of the two function names.
 * @param type  Message type (a complete object type).
 */
#define TRING_SPSC_DEFINE(name, type)                                          \
	static inline int tring_spsc_enqueue_##name(struct tring_spsc *r,      \
						    const type *msg)           \
	{                                                                      \
		uint8_t *slot_;                                                \
		uint32_t head_;                                                \
                                                                               \
		if (sizeof(type) % 8u != 0 || sizeof(type) > 64u ||            \
		    r == NULL || msg == NULL || r->words != sizeof(type) / 8u) \
			return tring_spsc_enqueue_sized_(r, msg,               \
							 sizeof(type));        \
		if (r->tail - r->head >= r->entries) {                         \
			/* Acquire: the consumer read every slot before it. */ \
			head_ = TRING_LOAD_ACQUIRE(&r->hdr->head);             \
			if (r->tail - head_ >= r->entries)                     \
				return r->tail - head_ > r->entries            \
					       ? -TRING_EFAULT                 \
					       : -TRING_EAGAIN;                \
			r->head = head_;                                       \
		}                                                              \
		slot_ = r->slots +                                             \
			(size_t)(r->tail & (r->entries - 1u)) * sizeof(type);  \
		TRING_COPY_WORDS_(slot_, (const uint8_t *)msg,                 \
				  sizeof(type) / 8u);                          \
		r->tail++;                                                     \
		/* Release: the message precedes the tail publishing it. */    \
		TRING_STORE_RELEASE(&r->hdr->tail, r->tail);                   \
		return 0;                                                      \
	}                                                                      \
	static inline int tring_spsc_dequeue_##name(struct tring_spsc *r,      \
						    type *msg)                 \
	{                                                                      \
		const uint8_t *slot_;                                          \
		uint32_t tail_;                                                \
                                                                               \
		if (sizeof(type) % 8u != 0 || sizeof(type) > 64u ||            \
		    r == NULL || msg == NULL || r->words != sizeof(type) / 8u) \
			return tring_spsc_dequeue_sized_(r, msg,               \
							 sizeof(type));        \
		/* The producer's tail on every call, as ck_ring's typed ring  \
		 * (README.md, "How the fast paths work"); acquire: the        \
		 * message precedes the tail that publishes it. */             \
		tail_ = TRING_LOAD_ACQUIRE(&r->hdr->tail);                     \
		if (tail_ - r->head - 1u >= r->entries)                        \
			return tail_ == r->head ? -TRING_EAGAIN                \
						: -TRING_EFAULT;               \
		r->tail = tail_;                                               \
		slot_ = r->slots +                                             \
			(size_t)(r->head & (r->entries - 1u)) * sizeof(type);  \
		TRING_COPY_WORDS_((uint8_t *)msg, slot_, sizeof(type) / 8u);   \
		r->head++;                                                     \
		/* Release: our copy precedes handing the slot back. */        \
		TRING_STORE_RELEASE(&r->hdr->head, r->head);                   \
		return 0;                                                      \
	}

/**
 * @brief Look at the next message in place (consumer).
 * @param[in,out] r     Handle.
 * @param[out]    slot  Set to the message in shared memory.
 * @retval 0               Set; release with tring_spsc_release().
 * @retval -TRING_EAGAIN   Ring empty.
 * @retval -TRING_EFAULT   NULL argument or impossible producer tail.
 * @retval -TRING_EINVAL   A peek is already open.
 * @warning The producer may rewrite shared memory: copy what you check.
 */
int tring_spsc_peek(struct tring_spsc *r, const void **slot);

/**
 * @brief Release the peeked message (store-release of the head).
 * @param[in,out] r  Handle.
 * @retval 0               Released.
 * @retval -TRING_EFAULT   @p r is NULL.
 * @retval -TRING_EINVAL   Nothing peeked.
 */
int tring_spsc_release(struct tring_spsc *r);

/**
 * @brief Messages in the ring as seen by this handle.
 * @param[in] r  Handle.
 * @return tail - head, or 0 for NULL or impossible counters.
 */
uint32_t tring_spsc_size(const struct tring_spsc *r);

/**
 * @brief Reset an MPSC ring (header and slot sequence words).
 * @param[out] hdr        Shared header.
 * @param[out] slots      TRING_MPSC_STORAGE() bytes, 8-byte aligned.
 * @param[in]  entries    Slots: power of two, 2..TRING_MAX_ENTRIES.
 * @param[in]  slot_size  Bytes per message, 1..TRING_MAX_SLOT.
 * @param[in]  start      First counter value (0; tests use others).
 * @retval 0               Reset.
 * @retval -TRING_EFAULT   NULL pointer.
 * @retval -TRING_EINVAL   Bad sizes or misaligned @p slots.
 */
int tring_mpsc_init(struct tring_chan *hdr, void *slots, uint32_t entries,
		    uint32_t slot_size, uint32_t start);

/**
 * @brief Attach to an MPSC ring reset by tring_mpsc_init().
 * @param[out] r          Handle.
 * @param[in]  hdr        Shared header.
 * @param[in]  slots      The slots.
 * @param[in]  entries    As given to tring_mpsc_init().
 * @param[in]  slot_size  As given to tring_mpsc_init().
 * @retval 0               Attached.
 * @retval -TRING_EFAULT   NULL pointer.
 * @retval -TRING_EINVAL   Bad sizes or misaligned @p slots.
 */
int tring_mpsc_attach(struct tring_mpsc *r, struct tring_chan *hdr, void *slots,
		      uint32_t entries, uint32_t slot_size);

/**
 * @brief Reserve a slot (any producer thread; lock-free).
 * @param[in,out] r       Handle.
 * @param[out]    slot    Set to the slot (slot_size bytes).
 * @param[out]    ticket  Set to the reservation, for tring_mpsc_commit().
 * @retval 0               Reserved.
 * @retval -TRING_EAGAIN   Ring full, or lost the race too often.
 * @retval -TRING_EFAULT   NULL argument or impossible slot sequence.
 */
int tring_mpsc_reserve(struct tring_mpsc *r, void **slot, uint32_t *ticket);

/**
 * @brief Publish a reserved slot (store-release of its sequence word).
 * @param[in,out] r       Handle.
 * @param[in]     ticket  From tring_mpsc_reserve().
 * @retval 0               Published.
 * @retval -TRING_EFAULT   @p r is NULL.
 */
int tring_mpsc_commit(struct tring_mpsc *r, uint32_t ticket);

/**
 * @brief Reserve, copy @p msg, commit.
 * @param[in,out] r    Handle.
 * @param[in]     msg  slot_size bytes.
 * @retval 0               Published.
 * @retval -TRING_EAGAIN   Ring full.
 * @retval -TRING_EFAULT   NULL argument or impossible slot sequence.
 */
int tring_mpsc_enqueue(struct tring_mpsc *r, const void *msg);

/**
 * @brief Look at the next message in place (the consumer).
 * @param[in,out] r     Handle.
 * @param[out]    slot  Set to the message in shared memory.
 * @retval 0               Set; release with tring_mpsc_release().
 * @retval -TRING_EAGAIN   Next message not committed yet.
 * @retval -TRING_EFAULT   NULL argument or impossible slot sequence.
 * @retval -TRING_EINVAL   A peek is already open.
 * @warning Producers may rewrite shared memory: copy what you check.
 */
int tring_mpsc_peek(struct tring_mpsc *r, const void **slot);

/**
 * @brief Release the peeked slot to the producers.
 * @param[in,out] r  Handle.
 * @retval 0               Released.
 * @retval -TRING_EFAULT   @p r is NULL.
 * @retval -TRING_EINVAL   Nothing peeked.
 */
int tring_mpsc_release(struct tring_mpsc *r);

/**
 * @brief Copy the next message out (the consumer).
 * @param[in,out] r    Handle.
 * @param[out]    msg  slot_size bytes.
 * @retval 0               Copied and released.
 * @retval -TRING_EAGAIN   Next message not committed yet.
 * @retval -TRING_EFAULT   NULL argument or impossible slot sequence.
 * @retval -TRING_EINVAL   A peek is open.
 */
int tring_mpsc_dequeue(struct tring_mpsc *r, void *msg);

/** @cond INTERNAL */
/* The layout is ABI: the same on every target. */
_Static_assert(sizeof(struct tring_sqe) == 64, "sqe size");
_Static_assert(sizeof(struct tring_cqe) == 32, "cqe size");
_Static_assert(sizeof(struct tring_sq_ring) == 192, "sq ring size");
_Static_assert(sizeof(struct tring_cq_ring) == 192, "cq ring size");
_Static_assert(sizeof(struct tring_shared) == TRING_SHARED_SIZE, "shared");
_Static_assert(sizeof(struct tring_chan) == 128, "chan size");
_Static_assert(offsetof(struct tring_sqe, user_data) == 40, "sqe user_data");
_Static_assert(offsetof(struct tring_sqe, handle) == 8, "sqe handle");
_Static_assert(offsetof(struct tring_cqe, result) == 8, "cqe result");
_Static_assert(offsetof(struct tring_sq_ring, tail) == 64, "sq tail");
_Static_assert(offsetof(struct tring_sq_ring, ring_mask) == 128, "sq mask");
_Static_assert(offsetof(struct tring_sq_ring, dropped) == 140, "dropped");
_Static_assert(offsetof(struct tring_sq_ring, setup_flags) == 144, "setup");
_Static_assert(offsetof(struct tring_cq_ring, tail) == 64, "cq tail");
_Static_assert(offsetof(struct tring_cq_ring, overflow) == 140, "overflow");
_Static_assert(offsetof(struct tring_shared, cq) == 192, "cq offset");
_Static_assert(offsetof(struct tring_chan, tail) == 64, "chan tail");
_Static_assert(TRING_REGION_SIZE(8, 16) == 384 + 64 + 512 + 512, "region");
/** @endcond */

/** @} */
#endif /* TRING_RING_H */
