/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file scheme.h
 * @brief libscheme: a scheme namespace with request routing between clients
 *        and user-space servers (Redox schemes, Plan 9 discipline).
 *
 * @defgroup tscheme libscheme
 * @brief Scheme registry, path resolution and request routing.
 *
 * Everything is reachable by a uniform path `/scheme/<name>/<rest>`.  A
 * server (a driver) registers a scheme name and receives requests for it;
 * a client opens paths, receives library handles and issues Read, Write,
 * Stat, Seek, Dup, Subscribe and Close on them.  The library routes: it
 * splits the scheme name off, canonicalises the remainder lexically and
 * hands the server only the remainder (Redox S2); the server sees its own
 * 64-bit handle ids, the client only library handles (Redox S10).
 *
 * **Storage model.** All state lives in caller memory: a struct tscheme_ns
 * plus pools of schemes, hash index entries, handles, requests and lanes
 * given to tscheme_init() (sizes: TSCHEME_INDEX_LEN(); lanes are one per
 * request).  Nothing is allocated; an empty pool is -TSCHEME_ENOSPC.
 * Handles, scheme tokens and request tags are a slot index in the low 16
 * bits and a generation (1..65535) in the high 16 bits, so a value that
 * outlived its slot is rejected.  Zero is never a valid token.
 *
 * **Payloads.** The library never touches client memory: client buffers
 * are opaque 64-bit addresses and bytes move only through the embedder's
 * copy callbacks (struct tscheme_ops), called from tscheme_put(),
 * tscheme_get() and reads of the built-in root.
 *
 * **Blocking.** Nothing blocks.  A client submission either completes at
 * once (the built-in root, and all errors) or is queued; the embedder
 * blocks the client and wakes it from the completion callback.  A server
 * polls tscheme_next(), which returns -TSCHEME_EAGAIN when idle.
 *
 * **Time.** The library keeps no time and has no deadlines; no call takes
 * or reads a clock.
 *
 * **Locking.** No locks inside.  The caller serialises every call on one
 * struct tscheme_ns (one lock around the namespace, or one CPU owns it).
 * Callbacks are invoked synchronously with the namespace in a consistent
 * state and must not call back into the same namespace.
 * @{
 */
#ifndef TSCHEME_SCHEME_H
#define TSCHEME_SCHEME_H

#include <tessera/scheme_port.h>

#ifndef TSCHEME_PATH_MAX
/** @brief Longest accepted path and canonical remainder, in bytes. */
#define TSCHEME_PATH_MAX 256
#endif

/** @brief Longest scheme name in bytes (alphabet: `[a-z][a-z0-9._-]*`). */
#define TSCHEME_NAME_MAX 31

/** @brief Largest pool (schemes, handles, requests) one namespace takes. */
#define TSCHEME_POOL_MAX 65535u

/**
 * @brief Hash index entries needed for @p nschemes scheme slots: the next
 *        power of two of at least twice @p nschemes (load factor <= 1/2).
 */
#define TSCHEME_INDEX_LEN(nschemes)      \
	((nschemes) <= 1u	? 2u     \
	 : (nschemes) <= 2u	? 4u     \
	 : (nschemes) <= 4u	? 8u     \
	 : (nschemes) <= 8u	? 16u    \
	 : (nschemes) <= 16u	? 32u    \
	 : (nschemes) <= 32u	? 64u    \
	 : (nschemes) <= 64u	? 128u   \
	 : (nschemes) <= 128u	? 256u   \
	 : (nschemes) <= 256u	? 512u   \
	 : (nschemes) <= 512u	? 1024u  \
	 : (nschemes) <= 1024u	? 2048u  \
	 : (nschemes) <= 2048u	? 4096u  \
	 : (nschemes) <= 4096u	? 8192u  \
	 : (nschemes) <= 8192u	? 16384u \
	 : (nschemes) <= 16384u ? 32768u \
				: 65536u)

/** @name Error codes (returned negated)
 * Codes 1-10 are shared by all Tessera libraries; 32 and up are own codes.
 * @{ */
#define TSCHEME_EINVAL	     1 /**< Invalid argument. */
#define TSCHEME_ENOSPC	     2 /**< A pool is exhausted. */
#define TSCHEME_ENOENT	     3 /**< No such request tag, or path outside /scheme. */
#define TSCHEME_EEXIST	     4 /**< Scheme name already registered. */
#define TSCHEME_EPERM	     5 /**< Not permitted. */
#define TSCHEME_EAGAIN	     6 /**< Queue full, or nothing to dequeue. */
#define TSCHEME_ERANGE	     7 /**< Offset or length outside the request buffer. */
#define TSCHEME_EBUSY	     8 /**< Busy. */
#define TSCHEME_EBADF	     9 /**< Bad handle or scheme token. */
#define TSCHEME_EFAULT	     10 /**< Copy callback failed, or buffer too small. */
#define TSCHEME_ENODEV	     32 /**< No scheme of that name. */
#define TSCHEME_EPIPE	     33 /**< The scheme's server is gone. */
#define TSCHEME_ECANCELED    34 /**< The request was cancelled. */
#define TSCHEME_ENAMETOOLONG 35 /**< Path or scheme name too long. */
#define TSCHEME_EPATHNUL     36 /**< NUL byte inside a path. */
#define TSCHEME_EPATHEMPTY   37 /**< Empty path or empty path component. */
#define TSCHEME_EBADNAME     38 /**< Scheme name outside the alphabet. */
/** @} */

/** @brief Largest error magnitude a server may answer with (Redox S9). */
#define TSCHEME_ERRNO_MAX 4095

/** @brief Returned by tscheme_submit() when the call completed at once. */
#define TSCHEME_DONE 1

/** @name Request operations
 * @{ */
#define TSCHEME_OP_OPEN	     1 /**< Open a remainder; answer: id. */
#define TSCHEME_OP_READ	     2 /**< Read; answer: byte count. */
#define TSCHEME_OP_WRITE     3 /**< Write; answer: byte count. */
#define TSCHEME_OP_CLOSE     4 /**< Closed; one-way, never answered. */
#define TSCHEME_OP_STAT	     5 /**< Stat; answer: 0. */
#define TSCHEME_OP_SEEK	     6 /**< Seek; answer: new position. */
#define TSCHEME_OP_DUP	     7 /**< Clone or named dup; answer: new id. */
#define TSCHEME_OP_SUBSCRIBE 8 /**< Readiness interest; answer: mask. */
#define TSCHEME_OP_CANCEL    9 /**< Notice: @c tag was cancelled. */
/** @} */

/** @name Readiness events (Redox EVENT_READ / EVENT_WRITE)
 * @{ */
#define TSCHEME_EV_READ	 1u /**< Readable. */
#define TSCHEME_EV_WRITE 2u /**< Writable. */
/** @} */

/** @name Seek origins
 * @{ */
#define TSCHEME_SEEK_SET 0u /**< From the start. */
#define TSCHEME_SEEK_CUR 1u /**< From the current position. */
#define TSCHEME_SEEK_END 2u /**< From the end. */
/** @} */

/** @name Path resolution flags
 * @{ */
/** @brief Also accept `<name>/<rest>`, relative to `/scheme`. */
#define TSCHEME_PATH_RELATIVE 1u
/** @brief Route absolute paths outside `/scheme` to the scheme `file`. */
#define TSCHEME_PATH_FILE 2u
/** @} */

/** @brief Open flag the library adds when the path ended in `/`. */
#define TSCHEME_O_DIRECTORY 0x80000000u

/** @name Stat modes
 * @{ */
#define TSCHEME_MODE_DIR  1u /**< A directory (the built-in root). */
#define TSCHEME_MODE_FILE 2u /**< A file. */
/** @} */

/** @brief Attributes a Stat request fills in the client buffer. */
struct tscheme_stat {
	uint64_t size;	   /**< Size in bytes (root: listing length). */
	uint32_t mode;	   /**< TSCHEME_MODE_DIR or TSCHEME_MODE_FILE. */
	uint32_t reserved; /**< Zero. */
};

/** @brief A completed client request, passed to tscheme_ops::complete. */
struct tscheme_completion {
	uint64_t cookie; /**< The caller's cookie from struct tscheme_call. */
	/** Result: a handle for Open and Dup, a count for Read and Write, the
	 *  new position for Seek, the ready mask for Subscribe, 0 for Stat;
	 *  or a negative error. */
	int64_t result;
	uint32_t client; /**< Client the request belonged to. */
	uint32_t tag;	 /**< Tag given out by tscheme_submit(). */
	uint32_t op;	 /**< TSCHEME_OP_*. */
};

/**
 * @brief Embedder callbacks.  All are required; none may call back into
 *        the namespace that invoked it.
 */
struct tscheme_ops {
	/** Copy @p len bytes from @p src to client @p client at @p uaddr;
	 *  0 on success, negative when the address is bad. */
	int (*copy_to_client)(void *ctx, uint32_t client, uint64_t uaddr,
			      const void *src, size_t len);
	/** Copy @p len bytes from client @p client at @p uaddr to @p dst;
	 *  0 on success, negative when the address is bad. */
	int (*copy_from_client)(void *ctx, uint32_t client, void *dst,
				uint64_t uaddr, size_t len);
	/** A queued request completed: wake the waiting client. */
	void (*complete)(void *ctx, const struct tscheme_completion *c);
	/** Readiness @p events on @p handle of @p client (from a server's
	 *  tscheme_notify()); feeds the client's event queue. */
	void (*event)(void *ctx, uint32_t client, uint32_t handle,
		      uint32_t events);
};

/** @brief One slot of the scheme pool. */
struct tscheme_scheme {
	/** @cond INTERNAL */
	char name[TSCHEME_NAME_MAX + 1];
	uint32_t hash;
	uint32_t server;
	uint16_t gen;
	uint16_t qmax;
	uint16_t qclient;
	uint16_t queued;
	uint16_t outstanding;
	uint16_t lane_head;
	uint16_t lane_tail;
	uint16_t idle_head;
	uint16_t close_head;
	uint16_t close_tail;
	uint16_t cancel_head;
	uint16_t cancel_tail;
	uint16_t next;
	uint8_t name_len;
	uint8_t live;
	/** @endcond */
};

/** @brief One slot of the handle pool. */
struct tscheme_handle {
	/** @cond INTERNAL */
	uint64_t id;
	uint64_t pos;
	uint32_t client;
	uint32_t events;
	uint16_t gen;
	uint16_t scheme;
	uint16_t nreq;
	uint16_t next;
	uint8_t state;
	/** @endcond */
};

/** @brief One slot of the request pool. */
struct tscheme_req {
	/** @cond INTERNAL */
	uint64_t cookie;
	uint64_t buf;
	uint64_t len;
	int64_t offset;
	uint32_t client;
	uint32_t flags;
	uint32_t events;
	uint16_t gen;
	uint16_t scheme;
	uint16_t handle;
	uint16_t newh;
	uint16_t lane;
	uint16_t prev;
	uint16_t next;
	uint16_t path_len;
	uint8_t op;
	uint8_t state;
	uint8_t whence;
	uint8_t notice;
	char path[TSCHEME_PATH_MAX];
	/** @endcond */
};

/**
 * @brief One slot of the lane pool: the outstanding requests of one client
 *        on one scheme; those still queued are served round robin.  Give
 *        as many lanes as requests.
 */
struct tscheme_lane {
	/** @cond INTERNAL */
	uint32_t client;
	uint16_t head;
	uint16_t tail;
	uint16_t count;
	uint16_t out;
	uint16_t prev;
	uint16_t next;
	/** @endcond */
};

/** @brief Storage and callbacks for tscheme_init(). */
struct tscheme_config {
	struct tscheme_scheme *schemes; /**< Scheme pool. */
	uint16_t *index; /**< Hash index, @c index_len entries. */
	struct tscheme_handle *handles; /**< Handle pool. */
	struct tscheme_req *reqs;	/**< Request pool. */
	struct tscheme_lane *lanes;	/**< Lane pool, @c nreqs entries. */
	uint32_t nschemes;  /**< Scheme slots, 1..TSCHEME_POOL_MAX. */
	uint32_t index_len; /**< At least TSCHEME_INDEX_LEN(nschemes), a power
				 of two, at most 65536. */
	uint32_t nhandles;  /**< Handle slots, 1..TSCHEME_POOL_MAX. */
	uint32_t nreqs; /**< Request (and lane) slots, 1..TSCHEME_POOL_MAX. */
	uint32_t hash_seed;	       /**< Secret mixed into the name hash. */
	const struct tscheme_ops *ops; /**< Callbacks, all non-NULL. */
	void *ctx;		       /**< First argument of every callback. */
};

/** @brief A namespace: registry, handles and requests. */
struct tscheme_ns {
	/** @cond INTERNAL */
	struct tscheme_config cfg;
	uint16_t free_scheme;
	uint16_t free_handle;
	uint16_t free_handle_tail;
	uint16_t free_req;
	uint16_t free_req_tail;
	uint16_t free_lane;
	/** @endcond */
};

/** @brief Result of path resolution. */
struct tscheme_resolved {
	uint32_t scheme;   /**< Scheme token; 0 for the root `/scheme`. */
	uint32_t rest_len; /**< Bytes in @c rest. */
	bool dir;	   /**< The path ended in `/`. */
	/** Canonical remainder: no leading `/`, no empty, `.` or `..`
	 *  component; not NUL-terminated. */
	char rest[TSCHEME_PATH_MAX];
	char name[TSCHEME_NAME_MAX + 1]; /**< Scheme name, NUL-terminated. */
};

/** @brief A client request for tscheme_submit(). */
struct tscheme_call {
	uint64_t cookie;     /**< Returned in the completion. */
	uint64_t buf;	     /**< Client buffer address (Read, Write, Stat). */
	uint64_t len;	     /**< Client buffer length. */
	int64_t offset;	     /**< Seek offset. */
	const char *path;    /**< Open: the path; Dup: optional name. */
	size_t path_len;     /**< Bytes in @c path. */
	uint32_t client;     /**< Client identity (process id). */
	uint32_t op;	     /**< TSCHEME_OP_* except CLOSE. */
	uint32_t handle;     /**< Handle for all operations but Open. */
	uint32_t flags;	     /**< Open flags, passed to the server. */
	uint32_t path_flags; /**< Open: TSCHEME_PATH_* resolution flags. */
	uint32_t whence;     /**< Seek origin, TSCHEME_SEEK_*. */
	uint32_t events;     /**< Subscribe: TSCHEME_EV_* mask (0 = none). */
};

/** @brief A request as a server dequeues it. */
struct tscheme_request {
	uint64_t id;	/**< Server's handle id (0 for Open). */
	uint64_t len;	/**< Client buffer length (Read, Write, Stat). */
	int64_t offset; /**< Seek offset. */
	uint32_t tag;	/**< Tag to answer; 0 for Close; Cancel: the old tag. */
	uint32_t op;	/**< TSCHEME_OP_*. */
	uint32_t client;   /**< Client identity. */
	uint32_t handle;   /**< Library handle for tscheme_notify(); 0: Open. */
	uint32_t flags;	   /**< Open flags (with TSCHEME_O_DIRECTORY). */
	uint32_t whence;   /**< Seek origin. */
	uint32_t events;   /**< Subscribe mask. */
	uint32_t path_len; /**< Bytes in @c path. */
	char path[TSCHEME_PATH_MAX]; /**< Open remainder or Dup name. */
};

/** @brief Slots in use, per pool (see tscheme_usage()). */
struct tscheme_usage {
	uint32_t schemes;  /**< Registered schemes. */
	uint32_t handles;  /**< Handles in any state but free. */
	uint32_t requests; /**< Requests queued, in flight or cancelled. */
	uint32_t lanes;	   /**< Lanes holding outstanding requests. */
};

/**
 * @brief Initialise a namespace over caller storage.
 *
 * @param[out] ns   Namespace to initialise.
 * @param[in]  cfg  Pools, sizes and callbacks; the pools must outlive @p ns.
 * @retval 0               Initialised; every pool is free.
 * @retval -TSCHEME_EINVAL A pointer is NULL, a size is 0 or above the
 *                         limit, @c index_len is too small or not a power
 *                         of two, or a callback is missing.
 * @note O(pool sizes).
 */
int tscheme_init(struct tscheme_ns *ns, const struct tscheme_config *cfg);

/**
 * @brief Check a scheme name against the alphabet `[a-z][a-z0-9._-]*`.
 *
 * @param[in] name  Name bytes (not NUL-terminated).
 * @param[in] len   Length of @p name.
 * @retval 0                     Valid.
 * @retval -TSCHEME_EPATHEMPTY   @p len is 0.
 * @retval -TSCHEME_ENAMETOOLONG @p len exceeds TSCHEME_NAME_MAX.
 * @retval -TSCHEME_EBADNAME     A byte outside the alphabet, or a first
 *                               byte that is not a letter.
 */
int tscheme_name_check(const char *name, size_t len);

/**
 * @brief Register a scheme served by @p server.
 *
 * @param[in,out] ns        Namespace.
 * @param[in]     name      Scheme name (see tscheme_name_check()).
 * @param[in]     name_len  Length of @p name.
 * @param[in]     server    Server identity (for tscheme_server_exit()).
 * @param[in]     qmax      Queue bound: requests outstanding (queued, in
 *                          flight, or cancelled but not yet answered),
 *                          1..65535.
 * @param[in]     qclient   Per-client share of the bound, 1..@p qmax.
 * @param[out]    scheme    Scheme token for the server's calls.
 * @retval 0                     Registered.
 * @retval -TSCHEME_EINVAL       @p qmax or @p qclient out of range, or a
 *                               NULL pointer.
 * @retval -TSCHEME_EPATHEMPTY   Empty name.
 * @retval -TSCHEME_ENAMETOOLONG Name too long.
 * @retval -TSCHEME_EBADNAME     Name outside the alphabet.
 * @retval -TSCHEME_EEXIST       Name already registered.
 * @retval -TSCHEME_ENOSPC       No free scheme slot.
 * @note On error @p ns is unchanged.  O(1) expected.
 */
int tscheme_register(struct tscheme_ns *ns, const char *name, size_t name_len,
		     uint32_t server, uint32_t qmax, uint32_t qclient,
		     uint32_t *scheme);

/**
 * @brief Unregister a scheme: its server is gone.
 *
 * Every queued or in-flight request completes with -TSCHEME_EPIPE; every
 * handle open on the scheme fails with -TSCHEME_EPIPE from now on (the
 * client still closes it); Close notifications not yet dequeued are
 * dropped.  The name is free for a new registration at once.
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     scheme  Scheme token from tscheme_register().
 * @retval 0              Unregistered.
 * @retval -TSCHEME_EBADF @p scheme is not a live scheme token.
 * @note O(pool sizes); calls tscheme_ops::complete once per request.
 */
int tscheme_unregister(struct tscheme_ns *ns, uint32_t scheme);

/**
 * @brief A server died: unregister every scheme it serves.
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     server  Server identity given to tscheme_register().
 * @return Number of schemes unregistered (0 when it served none).
 */
int tscheme_server_exit(struct tscheme_ns *ns, uint32_t server);

/**
 * @brief Canonicalise a path lexically, without looking names up.
 *
 * Accepts `/scheme`, `/scheme/<name>` and `/scheme/<name>/<rest>`; with
 * TSCHEME_PATH_RELATIVE also `<name>[/<rest>]`; with TSCHEME_PATH_FILE an
 * absolute path outside `/scheme` becomes `/scheme/file/<path>` (Redox
 * S1).  In the remainder `.` is dropped and `..` removes the previous
 * component but never leaves the scheme root; one trailing `/` sets
 * @c dir.  @c scheme of @p out is set to 0.
 *
 * @param[in]  path   Path bytes (not NUL-terminated).
 * @param[in]  len    Length of @p path.
 * @param[in]  flags  TSCHEME_PATH_* flags.
 * @param[out] out    Name and canonical remainder; name empty for the
 *                    root.  Unspecified on error.
 * @retval 0                     Canonical form in @p out.
 * @retval -TSCHEME_EINVAL       NULL pointer or unknown flag.
 * @retval -TSCHEME_EPATHEMPTY   Empty path or empty component (`//`).
 * @retval -TSCHEME_EPATHNUL     NUL byte in the path.
 * @retval -TSCHEME_ENAMETOOLONG @p len >= TSCHEME_PATH_MAX or the name is
 *                               longer than TSCHEME_NAME_MAX.
 * @retval -TSCHEME_EBADNAME     Scheme name outside the alphabet.
 * @retval -TSCHEME_ENOENT       Not under `/scheme` (and no flag applies).
 */
int tscheme_path_canon(const char *path, size_t len, uint32_t flags,
		       struct tscheme_resolved *out);

/**
 * @brief Resolve a path to a registered scheme and canonical remainder.
 *
 * @param[in]  ns     Namespace.
 * @param[in]  path   Path bytes (not NUL-terminated).
 * @param[in]  len    Length of @p path.
 * @param[in]  flags  TSCHEME_PATH_* flags.
 * @param[out] out    Scheme token (0 for the root) and remainder.
 * @retval 0                     Resolved.
 * @retval -TSCHEME_ENODEV       No scheme of that name is registered.
 * @retval -TSCHEME_EINVAL       As tscheme_path_canon(), or NULL @p ns.
 * @retval -TSCHEME_EPATHEMPTY   As tscheme_path_canon().
 * @retval -TSCHEME_EPATHNUL     As tscheme_path_canon().
 * @retval -TSCHEME_ENAMETOOLONG As tscheme_path_canon().
 * @retval -TSCHEME_EBADNAME     As tscheme_path_canon().
 * @retval -TSCHEME_ENOENT       As tscheme_path_canon().
 * @note O(path length) plus one expected O(1) hash probe.
 */
int tscheme_resolve(const struct tscheme_ns *ns, const char *path, size_t len,
		    uint32_t flags, struct tscheme_resolved *out);

/**
 * @brief Submit a client request.
 *
 * Open resolves @c path and queues the remainder to the scheme's server;
 * the other operations act on @c handle.  The built-in root (`/scheme`)
 * is served at once: Open, Read (names, one per line), Stat, Seek and Dup.
 * Requests to a server are queued: the completion arrives later through
 * tscheme_ops::complete.  Queues are served round robin per client, and a
 * client may have at most its share (qclient) of a scheme's bound (qmax)
 * outstanding: requests a server holds in flight count until answered,
 * so no client can take the shared request pool from the others.
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     call    The request.
 * @param[out]    tag     Tag of the queued request (for tscheme_cancel());
 *                        0 when completed at once.
 * @param[out]    result  Result when TSCHEME_DONE is returned.
 * @retval 0                     Queued; completion follows.
 * @retval TSCHEME_DONE          Completed at once; see @p result.
 * @retval -TSCHEME_EINVAL       NULL pointer, unknown @c op, Close (use
 *                               tscheme_close()), bad @c whence or events.
 * @retval -TSCHEME_EBADF        @c handle is not an open handle of
 *                               @c client, or the root cannot do @c op.
 * @retval -TSCHEME_EPIPE        The handle's server is gone.
 * @retval -TSCHEME_EFAULT       Stat buffer smaller than struct
 *                               tscheme_stat (Redox S8), or a copy
 *                               callback failed on the root.
 * @retval -TSCHEME_EAGAIN       The scheme's bound, or this client's
 *                               share of it, is reached.
 * @retval -TSCHEME_ENOSPC       No free request, handle or lane slot.
 * @retval -TSCHEME_ENODEV       Open: no such scheme.
 * @retval -TSCHEME_ENOENT       Open: path outside `/scheme`.
 * @retval -TSCHEME_EPATHEMPTY   Open: empty path or component.
 * @retval -TSCHEME_EPATHNUL     Open or Dup: NUL byte in the path.
 * @retval -TSCHEME_ENAMETOOLONG Open or Dup: path or name too long.
 * @retval -TSCHEME_EBADNAME     Open: scheme name outside the alphabet.
 * @note On error @p ns is unchanged.  O(1) plus O(clients with requests
 *       outstanding on the scheme) to find the client's lane.
 */
int tscheme_submit(struct tscheme_ns *ns, const struct tscheme_call *call,
		   uint32_t *tag, int64_t *result);

/**
 * @brief Cancel a pending request (9P Tflush).
 *
 * A queued request is removed; a request the server already dequeued is
 * marked cancelled, the server gets a TSCHEME_OP_CANCEL notice from
 * tscheme_next(), and its answer will return -TSCHEME_ECANCELED.  Either way
 * the completion (-TSCHEME_ECANCELED) is delivered through
 * tscheme_ops::complete before this returns.
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     client  Client that submitted the request.
 * @param[in]     tag     Tag from tscheme_submit().
 * @retval 0               Cancelled.
 * @retval -TSCHEME_ENOENT No pending request of @p client has @p tag.
 */
int tscheme_cancel(struct tscheme_ns *ns, uint32_t client, uint32_t tag);

/**
 * @brief Close a client handle.
 *
 * The handle is invalid afterwards whatever happens (9P N5).  Pending
 * requests on it complete with -TSCHEME_ECANCELED; the server receives a
 * Close for it through tscheme_next() (Redox S14).
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     client  Owner of the handle.
 * @param[in]     handle  Handle to close.
 * @retval 0              Closed.
 * @retval -TSCHEME_EBADF @p handle is not a handle of @p client.
 */
int tscheme_close(struct tscheme_ns *ns, uint32_t client, uint32_t handle);

/**
 * @brief A client died: drop its requests and close its handles.
 *
 * Its queued requests are removed and its in-flight requests marked
 * cancelled, without completions; each of its handles is closed as by
 * tscheme_close(), so each server receives one Close per handle.
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     client  Client identity.
 * @return Number of handles closed.
 */
int tscheme_client_exit(struct tscheme_ns *ns, uint32_t client);

/**
 * @brief Dequeue the next request of a scheme, without blocking.
 *
 * Close notifications come first, then cancel notices, then requests, one
 * client at a time in round robin.  Every request with a non-zero tag
 * must be answered with tscheme_answer() exactly once.  A cancel notice
 * (TSCHEME_OP_CANCEL, Redox's Cancel, 9P's Tflush) names in @c tag a
 * request the server dequeued earlier and whose client gave up: the
 * server should stop working on it and answer that tag now (the answer
 * returns -TSCHEME_ECANCELED and frees the slot).
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     scheme  Scheme token.
 * @param[out]    out     The request.
 * @retval 0               @p out holds a request.
 * @retval -TSCHEME_EAGAIN Nothing queued.
 * @retval -TSCHEME_EBADF  @p scheme is not a live scheme token.
 * @retval -TSCHEME_EINVAL NULL pointer.
 */
int tscheme_next(struct tscheme_ns *ns, uint32_t scheme,
		 struct tscheme_request *out);

/**
 * @brief Answer a dequeued request.
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     scheme  Scheme token the request came from.
 * @param[in]     tag     The request's tag.
 * @param[in]     result  Open/Dup: the server's new id (>= 0); Read/Write:
 *                        bytes moved (0..len); Seek: new position; Stat:
 *                        0; Subscribe: ready mask; or an error in
 *                        -TSCHEME_ERRNO_MAX..-1.
 * @retval 0                  Answered; the client's completion was called.
 * @retval -TSCHEME_ECANCELED The client cancelled or died; the tag is now
 *                            finished and the server must drop whatever
 *                            it made for the request (e.g. an Open's id).
 * @retval -TSCHEME_ENOENT    Unknown, queued or finished tag, or a tag of
 *                            another scheme.
 * @retval -TSCHEME_EBADF     @p scheme is not a live scheme token.
 * @retval -TSCHEME_EINVAL    @p result out of range for the operation;
 *                            the request is unchanged.
 */
int tscheme_answer(struct tscheme_ns *ns, uint32_t scheme, uint32_t tag,
		   int64_t result);

/**
 * @brief Copy server bytes into the client buffer of a Read or Stat.
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     scheme  Scheme token.
 * @param[in]     tag     Tag of an in-flight Read or Stat.
 * @param[in]     off     Offset inside the client buffer.
 * @param[in]     src     Bytes to copy.
 * @param[in]     len     Bytes to copy.
 * @retval 0                  Copied.
 * @retval -TSCHEME_EBADF     Bad scheme token.
 * @retval -TSCHEME_ENOENT    No such in-flight request on @p scheme.
 * @retval -TSCHEME_ECANCELED The request was cancelled.
 * @retval -TSCHEME_EINVAL    Not a Read or Stat, or NULL @p src.
 * @retval -TSCHEME_ERANGE    @p off + @p len exceeds the buffer.
 * @retval -TSCHEME_EFAULT    The copy callback failed.
 */
int tscheme_put(struct tscheme_ns *ns, uint32_t scheme, uint32_t tag,
		uint64_t off, const void *src, size_t len);

/**
 * @brief Copy bytes out of the client buffer of a Write.
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     scheme  Scheme token.
 * @param[in]     tag     Tag of an in-flight Write.
 * @param[in]     off     Offset inside the client buffer.
 * @param[out]    dst     Destination.
 * @param[in]     len     Bytes to copy.
 * @retval 0                  Copied.
 * @retval -TSCHEME_EBADF     Bad scheme token.
 * @retval -TSCHEME_ENOENT    No such in-flight request on @p scheme.
 * @retval -TSCHEME_ECANCELED The request was cancelled.
 * @retval -TSCHEME_EINVAL    Not a Write, or NULL @p dst.
 * @retval -TSCHEME_ERANGE    @p off + @p len exceeds the buffer.
 * @retval -TSCHEME_EFAULT    The copy callback failed.
 */
int tscheme_get(struct tscheme_ns *ns, uint32_t scheme, uint32_t tag,
		uint64_t off, void *dst, size_t len);

/**
 * @brief Signal readiness on a handle (Redox fevent, S12).
 *
 * Delivered through tscheme_ops::event when the handle's subscription
 * (set by an answered Subscribe) covers some of @p events.
 *
 * @param[in,out] ns      Namespace.
 * @param[in]     scheme  Scheme token.
 * @param[in]     handle  Library handle from struct tscheme_request.
 * @param[in]     events  TSCHEME_EV_* mask.
 * @retval 1              Delivered.
 * @retval 0              Not subscribed to any of @p events; dropped.
 * @retval -TSCHEME_EBADF Bad scheme token, or @p handle is not open on it.
 * @retval -TSCHEME_EINVAL Unknown event bits.
 */
int tscheme_notify(struct tscheme_ns *ns, uint32_t scheme, uint32_t handle,
		   uint32_t events);

/**
 * @brief Count the slots in use by scanning every pool.
 *
 * @param[in]  ns  Namespace.
 * @param[out] u   Counts.
 * @retval 0               Counted.
 * @retval -TSCHEME_EINVAL NULL pointer.
 */
int tscheme_usage(const struct tscheme_ns *ns, struct tscheme_usage *u);

/**
 * @brief Describe an error code.
 *
 * @param[in] err  A code, negated or not.
 * @return A static string; "unknown error" for unknown codes, never NULL.
 */
const char *tscheme_strerror(int err);

/** @} */
#endif /* TSCHEME_SCHEME_H */
