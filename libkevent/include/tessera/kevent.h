/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file kevent.h
 * @brief libkevent: one event queue for every event source (kqueue model).
 *
 * @defgroup tkev libkevent
 * @{
 * A queue (struct tkev_queue) holds knotes, each naming one interest as the
 * pair (ident, filter).  Changes arrive as an array of struct tkev_event
 * through tkev_kevent(), which applies them in order and then collects
 * pending events in activation order (FIFO), as kevent(2) does.
 *
 * Event sources.  The kernel embeds a struct tkev_source in every object
 * that can be watched (a handle, a process, an IPC port, a shared-memory
 * region, an IRQ line, and the queue itself) and calls tkev_notify() when
 * its state changes.  Level filters (READ, WRITE, PORT) ask the source for
 * its current state through struct tkev_source_ops at notify and at collect
 * time, so an event stays pending while the source is ready.  Counting
 * filters (SIGNAL, IRQ, PROC, SHM, TIMER) accumulate what tkev_notify()
 * reports until the event is collected.  Timers live in a hierarchical
 * timing wheel (struct tkev_wheel) that several queues may share.
 *
 * Storage model.  Nothing is allocated: the caller gives each queue an
 * array of struct tkev_knote (one per registered interest) and an array of
 * hash buckets (a power of two), both sized by the caller; a full pool is
 * the error -TKEV_ENOSPC.  All structs are complete so they can be embedded.
 *
 * Time.  The library reads no clock.  Calls that need time take a
 * `uint64_t now` in nanoseconds of one monotonic clock; the kernel programs
 * its timer from tkev_wheel_next_deadline() and calls tkev_wheel_expire().
 *
 * Locking contract.  No function takes a lock.  All queues, sources and
 * the wheel that can reach each other (a source watched by a queue, a queue
 * watched by another, queues sharing a wheel) form one domain; the caller
 * serialises every call into a domain, for instance with one spinlock
 * taken with interrupts masked.  tkev_notify(), tkev_wheel_expire(),
 * tkev_timer_start(), tkev_timer_cancel() and tkev_queue_pending() run in
 * bounded time, never block and may be called from interrupt context
 * under that lock.  tkev_kevent() may also be called there, but its cost
 * grows with the change and event counts, so thread context is the usual
 * place.  tkev_source_close() and tkev_queue_destroy() walk every knote of
 * the object and belong in thread context.  The wake callback runs inside
 * whichever call made the queue non-empty, so it must not call back into
 * the domain; it should only mark a waiter runnable.
 *
 * Semantics follow kqueue(2) as written down in the project's semantics
 * reference (rules K1-K29); comments cite those rules by number.
 */
#ifndef TKEV_KEVENT_H
#define TKEV_KEVENT_H

#include "kevent_port.h"

/** @name Error codes (negated on return)
 * Shared numbers across Tessera libraries; library codes start at 32.
 * @{ */
#define TKEV_EINVAL 1  /**< Invalid argument, flag, filter or parameter. */
#define TKEV_ENOSPC 2  /**< Knote pool exhausted. */
#define TKEV_ENOENT 3  /**< No knote with this (ident, filter). */
#define TKEV_EEXIST 4  /**< Already exists. */
#define TKEV_EPERM  5  /**< Not permitted. */
#define TKEV_EAGAIN 6  /**< Try again. */
#define TKEV_ERANGE 7  /**< Value out of range. */
#define TKEV_EBUSY  8  /**< Object busy. */
#define TKEV_EBADF  9  /**< Bad queue or source (uninitialised, closed). */
#define TKEV_EFAULT 10 /**< NULL pointer where memory was required. */
/** @} */

/** @name Filters (struct tkev_event.filter)
 * @{ */
#define TKEV_FILT_READ	 1 /**< Level: data = bytes available (K19). */
#define TKEV_FILT_WRITE	 2 /**< Level: data = space left (K20). */
#define TKEV_FILT_TIMER	 3 /**< data = expirations since last collect (K21). */
#define TKEV_FILT_PROC	 4 /**< Exit, fork, exec notes; exit data = status. */
#define TKEV_FILT_SIGNAL 5 /**< data = deliveries since last collect (K24). */
#define TKEV_FILT_PORT	 6 /**< Level: data = messages queued on a port. */
#define TKEV_FILT_SHM	 7 /**< data = dirty length, ext = dirty offset. */
#define TKEV_FILT_IRQ	 8 /**< data = interrupts since last collect. */
#define TKEV_FILT_USER	 9 /**< User-triggered event (K26). */
#define TKEV_FILT_MAX	 9 /**< Highest valid filter number. */
/** @} */

/** @name Change and event flags (struct tkev_event.flags)
 * @{ */
#define TKEV_EV_ADD	  0x0001u /**< Add, or modify an existing knote. */
#define TKEV_EV_DELETE	  0x0002u /**< Remove the knote and its event. */
#define TKEV_EV_ENABLE	  0x0004u /**< Allow the event to be returned. */
#define TKEV_EV_DISABLE	  0x0008u /**< Hold the event back; filter runs. */
#define TKEV_EV_ONESHOT	  0x0010u /**< Delete after the first delivery. */
#define TKEV_EV_CLEAR	  0x0020u /**< Reset state after delivery (edge). */
#define TKEV_EV_RECEIPT	  0x0040u /**< Always report an EV_ERROR entry. */
#define TKEV_EV_DISPATCH  0x0080u /**< Disable after each delivery. */
#define TKEV_EV_KEEPUDATA 0x0100u /**< Keep udata (not with EV_ADD). */
#define TKEV_EV_ERROR	  0x4000u /**< Output: data holds an error number. */
#define TKEV_EV_EOF	  0x8000u /**< Output: source closed or exited. */
/** @} */

/** @name Filter flags (struct tkev_event.fflags)
 * @{ */
#define TKEV_NOTE_LOWAT	     0x0001u	 /**< READ/WRITE: data is low mark. */
#define TKEV_NOTE_SECONDS    0x0001u	 /**< TIMER: data in seconds. */
#define TKEV_NOTE_MSECONDS   0x0002u	 /**< TIMER: milliseconds (default). */
#define TKEV_NOTE_USECONDS   0x0004u	 /**< TIMER: microseconds. */
#define TKEV_NOTE_NSECONDS   0x0008u	 /**< TIMER: nanoseconds. */
#define TKEV_NOTE_ABSTIME    0x0010u	 /**< TIMER: data is absolute time. */
#define TKEV_NOTE_EXIT	     0x80000000u /**< PROC: process exited. */
#define TKEV_NOTE_FORK	     0x40000000u /**< PROC: process forked. */
#define TKEV_NOTE_EXEC	     0x20000000u /**< PROC: process called exec. */
#define TKEV_NOTE_FFNOP	     0x00000000u /**< USER: ignore input fflags. */
#define TKEV_NOTE_FFAND	     0x40000000u /**< USER: AND input fflags. */
#define TKEV_NOTE_FFOR	     0x80000000u /**< USER: OR input fflags. */
#define TKEV_NOTE_FFCOPY     0xc0000000u /**< USER: copy input fflags. */
#define TKEV_NOTE_FFCTRLMASK 0xc0000000u /**< USER: control bits. */
#define TKEV_NOTE_FFLAGSMASK 0x00ffffffu /**< USER: user-defined bits. */
#define TKEV_NOTE_TRIGGER    0x01000000u /**< USER: fire the event. */
/** @} */

/** @brief Highest signal number accepted by TKEV_FILT_SIGNAL (K24). */
#define TKEV_SIGNAL_MAX 64

/** @name Source close modes for tkev_source_close()
 * @{ */
#define TKEV_CLOSE_EOF	0 /**< Deliver EV_EOF to every watching knote. */
#define TKEV_CLOSE_DROP 1 /**< Delete every watching knote (K13). */
/** @} */

/** @name Timing wheel geometry
 * @{ */
#define TKEV_WHEEL_BITS	  6  /**< Slots per level as a power of two. */
#define TKEV_WHEEL_SLOTS  64 /**< Slots per level. */
#define TKEV_WHEEL_LEVELS 11 /**< Levels: 11 x 6 bits cover 64-bit ticks. */
/** @} */

/** @brief Value of tkev_wheel_next_deadline() when no timer is armed. */
#define TKEV_NO_DEADLINE UINT64_MAX

/**
 * @brief Bytes of knote pool for @p n registered interests.
 * @param n Number of knotes.
 */
#define TKEV_POOL_BYTES(n) ((n) * sizeof(struct tkev_knote))

/** @brief Intrusive doubly linked list node (circular, with a head). */
struct tkev_link {
	struct tkev_link *next; /**< Next node, or the head. */
	struct tkev_link *prev; /**< Previous node, or the head. */
};

struct tkev_source;
struct tkev_queue;
struct tkev_timer;

/**
 * @brief One change (input) or one event (output), as kevent(2)'s struct.
 *
 * The same array may serve as change list and event list (K2).
 */
struct tkev_event {
	uint64_t ident;	 /**< Identifier: handle, pid, signal, timer id... */
	int16_t filter;	 /**< TKEV_FILT_*. */
	uint16_t flags;	 /**< TKEV_EV_*. */
	uint32_t fflags; /**< Filter flags, TKEV_NOTE_*. */
	int64_t data;	 /**< Filter data (see the filter list). */
	void *udata;	 /**< Opaque caller value, returned with the event. */
	uint64_t ext;	 /**< SHM: offset of the dirty range; else 0. */
	/** Source to watch on EV_ADD of a source filter; output: the source,
	 *  or NULL when it has been closed or the filter has none. */
	struct tkev_source *src;
};

/**
 * @brief Filter operations the kernel supplies for a kind of source.
 */
struct tkev_source_ops {
	/**
	 * @brief Report the current state of @p src for @p filter.
	 *
	 * READ: bytes available; WRITE: space left; PORT: messages queued;
	 * PROC: exit status once exited.  Set @p eof when the peer has gone
	 * or the process has exited.  Called with the domain lock held; must
	 * not call into the library.
	 *
	 * @param[in]  src    The source.
	 * @param[in]  filter TKEV_FILT_READ, _WRITE, _PORT or _PROC.
	 * @param[out] data   Filter data (pre-set to 0).
	 * @param[out] eof    End of file / exited (pre-set to false).
	 */
	void (*poll)(const struct tkev_source *src, int16_t filter,
		     int64_t *data, bool *eof);
};

/**
 * @brief Event source embedded in a watchable kernel object.
 *
 * Locking: the domain lock (see the group overview).
 */
struct tkev_source {
	void *ctx; /**< Owner's pointer, free for the kernel's use. */
	/** @cond INTERNAL */
	struct tkev_link knotes;
	const struct tkev_source_ops *ops;
	uint32_t filters;
	uint32_t state;
	/** @endcond */
};

/**
 * @brief Callback of a kernel timer armed with tkev_timer_start().
 * @param[in,out] t   The timer that expired (no longer armed).
 * @param[in]     now Time passed to tkev_wheel_expire().
 * @param[in]     arg The argument given to tkev_timer_init().
 */
typedef void (*tkev_timer_fn)(struct tkev_timer *t, uint64_t now, void *arg);

/** @brief One timer in a wheel; embedded in knotes or kernel objects. */
struct tkev_timer {
	/** @cond INTERNAL */
	struct tkev_link link;
	uint64_t deadline;
	tkev_timer_fn fn;
	void *arg;
	uint32_t bucket;
	/** @endcond */
};

/**
 * @brief Hierarchical timing wheel (Varghese and Lauck).
 *
 * Level l holds timers whose tick first differs from the current tick in
 * bits 6l..6l+5; when the current tick reaches a slot of a higher level,
 * the slot is cascaded into the lower levels.  Add and cancel are O(1);
 * expiry costs O(1) per timer and per cascade; the next deadline is found
 * from one bit map per level and one slot.  Locking: the domain lock.
 */
struct tkev_wheel {
	/** @cond INTERNAL */
	struct tkev_link slot[TKEV_WHEEL_LEVELS][TKEV_WHEEL_SLOTS];
	uint64_t occupied[TKEV_WHEEL_LEVELS];
	uint64_t cur;
	uint64_t count;
	uint32_t shift;
	uint32_t magic;
	/** @endcond */
};

/** @brief A registered interest (ident, filter) on one queue. */
struct tkev_knote {
	/** @cond INTERNAL */
	struct tkev_link hlink;
	struct tkev_link slink;
	struct tkev_link alink;
	struct tkev_timer timer;
	struct tkev_queue *kq;
	struct tkev_source *src;
	void *udata;
	uint64_t ident;
	int64_t sdata;
	int64_t data;
	uint64_t lo;
	uint64_t hi;
	uint64_t period;
	uint32_t sfflags;
	uint32_t fflags;
	int16_t filter;
	uint16_t flags;
	uint16_t status;
	/** @endcond */
};

/**
 * @brief Called when a queue goes from empty to non-empty.
 * @param[in,out] q   The queue that now has events.
 * @param[in]     arg The argument from struct tkev_queue_config.
 */
typedef void (*tkev_wake_fn)(struct tkev_queue *q, void *arg);

/** @brief Storage and hooks for tkev_queue_init(). */
struct tkev_queue_config {
	struct tkev_knote *knotes; /**< Knote pool. */
	size_t nknotes;		   /**< Knotes in the pool (>= 1). */
	struct tkev_link *buckets; /**< Hash buckets. */
	size_t nbuckets;	   /**< Buckets, a power of two. */
	struct tkev_wheel *wheel;  /**< Timer wheel, or NULL (no timers). */
	tkev_wake_fn wake;	   /**< Empty-to-ready callback, or NULL. */
	void *wake_arg;		   /**< Argument for @c wake. */
};

/**
 * @brief An event queue.  Locking: the domain lock.
 */
struct tkev_queue {
	/** @cond INTERNAL */
	struct tkev_source self;
	struct tkev_link active;
	struct tkev_link *buckets;
	struct tkev_knote *pool;
	struct tkev_knote *free;
	struct tkev_wheel *wheel;
	tkev_wake_fn wake;
	void *wake_arg;
	struct tkev_queue *wnext;
	size_t mask;
	size_t npool;
	size_t nqueued;
	size_t nknotes;
	uint32_t magic;
	uint32_t waking;
	/** @endcond */
};

/**
 * @brief Describe an error code.
 * @param[in] err A library error, negative or positive, or 0.
 * @return A static string; never NULL ("unknown error" for other values).
 */
const char *tkev_strerror(int err);

/**
 * @brief Initialise a timing wheel.
 * @param[out] w     The wheel.
 * @param[in]  now   Current time in ns.
 * @param[in]  shift Tick length is 2^shift ns (0..32); timers fire at the
 *                   first tkev_wheel_expire() at or after their deadline
 *                   whatever the tick, the tick only sets the bucketing.
 * @retval 0             Initialised.
 * @retval -TKEV_EFAULT  @p w is NULL.
 * @retval -TKEV_EINVAL  @p shift is above 32; @p w is unchanged.
 * @note Context: any; O(levels x slots).
 */
int tkev_wheel_init(struct tkev_wheel *w, uint64_t now, uint32_t shift);

/**
 * @brief When the kernel's timer must next call tkev_wheel_expire().
 *
 * When the earliest timer is in the same 64-tick block as the last
 * expire (the lowest level of the wheel), this is
 * its exact deadline.  Otherwise it is the earlier time at which the wheel
 * cascades the slot holding that timer (never after the earliest
 * deadline, always after the last expire); expiring then fires nothing
 * and the next answer is closer, exact after at most one step per level.
 *
 * @param[in] w The wheel.
 * @return A time in ns, or TKEV_NO_DEADLINE (UINT64_MAX) when nothing is
 *         armed or @p w is NULL or not initialised.  A timer armed for
 *         UINT64_MAX itself also reads as TKEV_NO_DEADLINE.
 * @note Context: any, including interrupt; O(levels + the timers of the
 *       current tick); never scans the whole wheel.
 */
uint64_t tkev_wheel_next_deadline(const struct tkev_wheel *w);

/**
 * @brief Fire every timer whose deadline is at or before @p now.
 *
 * Knote timers add their expirations to their knotes (periodic ones are
 * re-armed, K21); kernel timers have their callback called once.
 *
 * @param[in,out] w   The wheel.
 * @param[in]     now Current time in ns.
 * @return The number of timers fired (0 when @p w is NULL or invalid).
 * @note Context: any, including interrupt; O(fired + cascaded).
 */
size_t tkev_wheel_expire(struct tkev_wheel *w, uint64_t now);

/**
 * @brief Prepare a kernel timer.
 * @param[out] t   The timer.
 * @param[in]  fn  Callback run by tkev_wheel_expire().
 * @param[in]  arg Argument for @p fn.
 * @retval 0             Initialised, not armed.
 * @retval -TKEV_EFAULT  @p t or @p fn is NULL.
 */
int tkev_timer_init(struct tkev_timer *t, tkev_timer_fn fn, void *arg);

/**
 * @brief Arm (or re-arm) a kernel timer.
 * @param[in,out] w        The wheel.
 * @param[in,out] t        Timer from tkev_timer_init().
 * @param[in]     deadline Absolute time in ns; a past time fires at the
 *                         next tkev_wheel_expire().
 * @retval 0             Armed.
 * @retval -TKEV_EFAULT  @p w or @p t is NULL.
 * @retval -TKEV_EBADF   @p w is not initialised.
 * @retval -TKEV_EINVAL  @p t has no callback (a knote's timer).
 * @note Context: any, including interrupt; O(1).
 */
int tkev_timer_start(struct tkev_wheel *w, struct tkev_timer *t,
		     uint64_t deadline);

/**
 * @brief Disarm a kernel timer.
 * @param[in,out] w The wheel the timer was armed on.
 * @param[in,out] t The timer.
 * @retval 0             Disarmed.
 * @retval -TKEV_EFAULT  @p w or @p t is NULL.
 * @retval -TKEV_ENOENT  @p t is not armed.
 * @note Context: any, including interrupt; O(1).
 */
int tkev_timer_cancel(struct tkev_wheel *w, struct tkev_timer *t);

/**
 * @brief Whether a timer is armed.
 * @param[in] t The timer.
 * @retval true  Armed.
 * @retval false Not armed, or @p t is NULL.
 */
bool tkev_timer_armed(const struct tkev_timer *t);

/**
 * @brief Initialise an event source.
 * @param[out] src     The source.
 * @param[in]  ops     Filter operations; may be NULL when the mask holds
 *                     only counting filters (SIGNAL, SHM, IRQ).
 * @param[in]  filters Mask of the filters it supports: bit (1 << filter).
 * @param[in]  ctx     Owner's pointer, stored in @c src->ctx.
 * @retval 0             Initialised.
 * @retval -TKEV_EFAULT  @p src is NULL, or @p ops is NULL while the mask
 *                       has READ, WRITE, PORT or PROC.
 * @retval -TKEV_EINVAL  The mask is empty or names TIMER, USER or an
 *                       unknown filter; @p src is unchanged.
 */
int tkev_source_init(struct tkev_source *src, const struct tkev_source_ops *ops,
		     uint32_t filters, void *ctx);

/**
 * @brief Tell every watching knote that the source changed.
 *
 * | filter | fflags | data | ext |
 * |---|---|---|---|
 * | READ, WRITE, PORT | unused | unused | unused |
 * | PROC | NOTE_EXIT, _FORK, _EXEC | exit status, child pid | unused |
 * | SIGNAL | unused | signal number | unused |
 * | SHM | change mask | dirty offset | dirty length |
 * | IRQ | unused | interrupts (0 counts as 1) | unused |
 *
 * Level filters re-ask the source through its ops; counting filters add
 * what is reported to every knote that watches (many queues may watch one
 * source).  A notify on a closed source, or for a filter nobody watches,
 * does nothing.
 *
 * @param[in,out] src    The source.
 * @param[in]     filter The filter whose state changed.
 * @param[in]     fflags Filter flags (see table).
 * @param[in]     data   Filter data (see table).
 * @param[in]     ext    Extra value (see table).
 * @return The number of knotes that became or stayed active.
 * @note Context: any, including interrupt; O(knotes on @p src).
 */
size_t tkev_notify(struct tkev_source *src, int16_t filter, uint32_t fflags,
		   int64_t data, uint64_t ext);

/**
 * @brief Close a source: detach every knote so the source may be freed.
 * @param[in,out] src  The source.
 * @param[in]     mode TKEV_CLOSE_EOF: every knote gets EV_EOF and is
 *                     activated; TKEV_CLOSE_DROP: every knote is deleted
 *                     with any pending event (K13).  A knote left with
 *                     EOF is re-attached, its old state dropped, when an
 *                     EV_ADD of its (ident, filter) names a new source
 *                     (a reused handle number).
 * @retval 0             Closed; further EV_ADD on it fails with EBADF.
 * @retval -TKEV_EFAULT  @p src is NULL.
 * @retval -TKEV_EINVAL  Unknown @p mode; @p src is unchanged.
 * @note Context: thread; O(knotes on @p src).
 */
int tkev_source_close(struct tkev_source *src, int mode);

/**
 * @brief Initialise a queue over caller storage.
 * @param[out] q   The queue.
 * @param[in]  cfg Storage and hooks.
 * @retval 0             Initialised, empty.
 * @retval -TKEV_EFAULT  @p q, @p cfg, its knotes or buckets are NULL.
 * @retval -TKEV_EINVAL  No knotes, bucket count not a power of two, or the
 *                       wheel is not initialised; @p q is unchanged.
 * @note Context: thread; O(knotes + buckets).
 */
int tkev_queue_init(struct tkev_queue *q, const struct tkev_queue_config *cfg);

/**
 * @brief Destroy a queue: detach and free all its knotes (K28).
 *
 * Knotes leave their sources, the wheel and the queue; queues that watch
 * this queue get EV_EOF.  Afterwards calls on @p q return -TKEV_EBADF
 * and the storage may be reused.
 *
 * @param[in,out] q The queue.
 * @retval 0             Destroyed.
 * @retval -TKEV_EFAULT  @p q is NULL.
 * @retval -TKEV_EBADF   @p q is not an initialised queue.
 * @note Context: thread; O(pool size).
 */
int tkev_queue_destroy(struct tkev_queue *q);

/**
 * @brief Apply changes, then collect events, as kevent(2).
 *
 * Changes are applied in array order (K2).  A change that fails, or that
 * carries EV_RECEIPT, produces an entry with EV_ERROR and data = the
 * positive error number (0 on success) while room remains in @p events;
 * the rest of the list is still processed (K8, K9).  When any such entry
 * was written, their count is returned and nothing is collected.
 * Otherwise up to @p nevents pending events are returned in activation
 * order; level and uncleared events go back to the tail, so no source is
 * starved.  Entries with filter 0 are skipped (K7).  An EV_ADD that names
 * another source than the knote watches moves the knote to it and drops
 * the old object's pending state (a reused handle number, K13).
 *
 * @param[in,out] q        The queue.
 * @param[in]     changes  Change list (may alias @p events).
 * @param[in]     nchanges Entries in @p changes.
 * @param[out]    events   Event list.
 * @param[in]     nevents  Room in @p events.
 * @param[in]     now      Current time in ns (relative timers).
 * @return The number of entries written to @p events (0 if none pending).
 * @retval -TKEV_EFAULT  @p q is NULL, or a list is NULL with a count.
 * @retval -TKEV_EBADF   @p q is not an initialised queue.
 * @retval -TKEV_EINVAL  A count is above INT32_MAX; nothing applied.
 * @retval -TKEV_E...    A change failed and @p events had no room left:
 *                       the changes before it stay applied, the rest are
 *                       not processed (K8).
 * @note Context: thread (or interrupt, see the overview); O(changes +
 *       events); never blocks: an empty queue returns 0.
 */
int tkev_kevent(struct tkev_queue *q, const struct tkev_event *changes,
		size_t nchanges, struct tkev_event *events, size_t nevents,
		uint64_t now);

/**
 * @brief Number of events ready to collect (the "non-empty" flag).
 * @param[in] q The queue.
 * @return Pending (queued and enabled) knotes; 0 when @p q is NULL or
 *         not initialised.
 * @note Context: any, including interrupt; O(1).
 */
size_t tkev_queue_pending(const struct tkev_queue *q);

/**
 * @brief The source that lets another queue watch @p q (K28).
 *
 * Register it with TKEV_FILT_READ in the watching queue; data is the
 * number of pending events.  Watchers are told of every new event, so an
 * EV_CLEAR watcher fires again when events arrive while others are still
 * pending.
 *
 * @param[in,out] q The queue.
 * @return The embedded source, or NULL when @p q is NULL.
 */
struct tkev_source *tkev_queue_source(struct tkev_queue *q);

/** @} */
#endif
