/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file cap.h
 * @brief libtessera-cap: handle tables with rights, capability mode.
 *
 * @defgroup tcap libtessera-cap
 * @brief Capability mode and handle rights (Capsicum semantics,
 *        Zircon-style handles).
 *
 * A process owns a handle table (struct tcap_table).  Each entry holds an
 * opaque object reference typed by the embedder, a rights mask and
 * per-entry limits (an ioctl allow-list and an fcntl-like operation mask).
 * Rights only ever shrink: tcap_rights_limit() removes rights in place
 * (Capsicum cap_rights_limit), tcap_duplicate() and tcap_replace() derive a
 * handle with a subset of the rights (Zircon zx_handle_duplicate and
 * zx_handle_replace), tcap_transfer() moves or copies a batch of handles
 * to another table, all or nothing (the IPC path).  A process flag,
 * struct tcap_proc, is capability mode (Capsicum cap_enter): irreversible,
 * inherited by children created afterwards, and it turns every operation
 * on the global namespace into #TCAP_ECAPMODE.
 *
 * **Handle values.**  A handle is a 32-bit value: the two low bits are
 * always set (so 0, #TCAP_HANDLE_INVALID, is never valid), the next bits
 * are the slot index and the high bits a generation counter.  A value is
 * valid only while its slot is live with the same generation, so a stale or
 * forged value is #TCAP_EBADF, never another object.  A slot whose
 * generation would wrap is retired instead of reused, so the guarantee has
 * no exception.  Lookup is O(1): one shift, one mask, one compare.
 *
 * **Storage model.**  Everything lives in memory the caller passes to
 * tcap_table_init(): an array of struct tcap_entry (one per handle) and an
 * optional pool of struct tcap_ioctl_list (one per distinct limited ioctl
 * list; duplicates share a list).  The library never allocates; out of
 * space is #TCAP_ENOSPC.  A table of @c n handles with @c k ioctl lists
 * needs TCAP_TABLE_BYTES(n, k) bytes besides struct tcap_table itself.
 *
 * **Time.**  Nothing here depends on time; no function reads a clock.
 *
 * **Locking contract.**  The library takes no locks.  The caller
 * serialises all calls on one table (a per-process handle-table lock); the
 * lookup functions only read and may run concurrently with each other but
 * not with a writer.  tcap_transfer() touches two tables: the caller holds
 * both locks (in a fixed order, e.g. by address).  A struct tcap_proc is
 * written only by tcap_enter() and tcap_proc_init(); a kernel that reads it
 * from other CPUs publishes the write with its own barrier.
 *
 * **Errors.**  Functions return 0 (or a documented count) or a negative
 * code -TCAP_E*.  On any error the table is unchanged (validate, then
 * act); tcap_transfer() is all or nothing for its whole batch.
 * @{
 */
#ifndef TCAP_CAP_H
#define TCAP_CAP_H

#include <tessera/cap_port.h>

/**
 * @name Error codes
 * Returned negated.  Codes 1-10 share their numbers with every Tessera
 * library; library codes start at 32.
 * @{
 */
#define TCAP_EINVAL 1  /**< Invalid argument or unknown right bits. */
#define TCAP_ENOSPC 2  /**< Table or ioctl-list pool full. */
#define TCAP_ENOENT 3  /**< No such entry (reserved, shared number). */
#define TCAP_EEXIST 4  /**< Already exists (reserved, shared number). */
#define TCAP_EPERM  5  /**< Not permitted (reserved, shared number). */
#define TCAP_EAGAIN 6  /**< Try again (reserved, shared number). */
#define TCAP_ERANGE 7  /**< A count or length is out of range. */
#define TCAP_EBUSY  8  /**< Busy (reserved, shared number). */
#define TCAP_EBADF  9  /**< Not a live handle of this table. */
#define TCAP_EFAULT 10 /**< A required pointer is NULL. */
/** The handle lacks a right the operation needs, or a limit would add. */
#define TCAP_ENOTCAPABLE 32
/** The operation needs the global namespace, refused in capability mode. */
#define TCAP_ECAPMODE 33
/**
 * A directory-relative path would leave its directory (absolute path or a
 * `..` above the start).  Capsicum reports this as ENOTCAPABLE (FreeBSD
 * before O_RESOLVE_BENEATH) or ENOTBENEATH (newer kernels); Tessera gives
 * it a code of its own so a kernel can tell an escape from a missing right.
 */
#define TCAP_ENOTBENEATH 34
/** The handle refers to an object of another type than required. */
#define TCAP_EWRONGTYPE 35
/** @} */

/** @brief A handle value, meaningful only within its table. */
typedef uint32_t tcap_handle_t;

/** Never a valid handle; tcap_close() accepts it as a no-op. */
#define TCAP_HANDLE_INVALID ((tcap_handle_t)0)
/** Bits set in every valid handle value (Zircon's fixed bits). */
#define TCAP_HANDLE_FIXED_BITS ((tcap_handle_t)3)
/**
 * Directory sentinel for tcap_openat_check(): the current directory of the
 * global namespace (AT_FDCWD).  Its low bits are clear, so it is never a
 * valid handle.
 */
#define TCAP_AT_CWD ((tcap_handle_t)0xfffffffcu)

/**
 * @name Rights
 * One bit each in a uint64_t.  The first eleven cover the design notes'
 * nine CapRights (mmap split by protection); the rest are what a
 * microkernel needs.  Bits up to 62 are free for growth; bit 63 is the
 * #TCAP_RIGHTS_SAME sentinel and never a stored right.
 * @{
 */
#define TCAP_RIGHT_READ	     ((uint64_t)1 << 0)	 /**< read(2), recv. */
#define TCAP_RIGHT_WRITE     ((uint64_t)1 << 1)	 /**< write(2), send. */
#define TCAP_RIGHT_SEEK	     ((uint64_t)1 << 2)	 /**< Offsets: lseek, pread. */
#define TCAP_RIGHT_MMAP_R    ((uint64_t)1 << 3)	 /**< Map readable. */
#define TCAP_RIGHT_MMAP_W    ((uint64_t)1 << 4)	 /**< Map writable. */
#define TCAP_RIGHT_MMAP_X    ((uint64_t)1 << 5)	 /**< Map executable. */
#define TCAP_RIGHT_FSTAT     ((uint64_t)1 << 6)	 /**< Query status. */
#define TCAP_RIGHT_IOCTL     ((uint64_t)1 << 7)	 /**< Device control. */
#define TCAP_RIGHT_CONNECT   ((uint64_t)1 << 8)	 /**< Socket connect. */
#define TCAP_RIGHT_ACCEPT    ((uint64_t)1 << 9)	 /**< Socket accept. */
#define TCAP_RIGHT_BIND	     ((uint64_t)1 << 10) /**< Socket bind. */
#define TCAP_RIGHT_LISTEN    ((uint64_t)1 << 11) /**< Socket listen. */
#define TCAP_RIGHT_EVENT     ((uint64_t)1 << 12) /**< Watch in an event queue. */
#define TCAP_RIGHT_LOOKUP    ((uint64_t)1 << 13) /**< Directory-relative open. */
#define TCAP_RIGHT_CREATE    ((uint64_t)1 << 14) /**< Create in a directory. */
#define TCAP_RIGHT_FTRUNCATE ((uint64_t)1 << 15) /**< Truncate. */
#define TCAP_RIGHT_FCNTL     ((uint64_t)1 << 16) /**< fcntl-like operations. */
#define TCAP_RIGHT_DUPLICATE ((uint64_t)1 << 17) /**< tcap_duplicate(). */
#define TCAP_RIGHT_TRANSFER  ((uint64_t)1 << 18) /**< tcap_transfer(). */
#define TCAP_RIGHT_SIGNAL    ((uint64_t)1 << 19) /**< Signal or ack. */
#define TCAP_RIGHT_KILL	     ((uint64_t)1 << 20) /**< Kill a process. */
#define TCAP_RIGHT_WAIT	     ((uint64_t)1 << 21) /**< Wait for a process. */
/** Every right this version defines. */
#define TCAP_RIGHTS_ALL (((uint64_t)1 << 22) - 1)
/** No right at all (a legal, if useless, set). */
#define TCAP_RIGHTS_NONE ((uint64_t)0)
/**
 * Sentinel: "the same rights as the source" (Zircon ZX_RIGHT_SAME_RIGHTS)
 * for tcap_duplicate(), tcap_replace() and tcap_transfer(); "every right
 * meaningful for the type" for tcap_install().
 */
#define TCAP_RIGHTS_SAME ((uint64_t)1 << 63)
/** @} */

/**
 * @name Compound rights
 * What an operation demands, after Capsicum's compound rights (e.g. a
 * positioned read needs READ and SEEK; a readable mapping needs MMAP_R,
 * READ and SEEK).
 * @{
 */
/** pread(2): read at an offset. */
#define TCAP_RIGHTS_PREAD (TCAP_RIGHT_READ | TCAP_RIGHT_SEEK)
/** pwrite(2): write at an offset. */
#define TCAP_RIGHTS_PWRITE (TCAP_RIGHT_WRITE | TCAP_RIGHT_SEEK)
/** A readable mapping. */
#define TCAP_RIGHTS_MMAP_R (TCAP_RIGHT_MMAP_R | TCAP_RIGHTS_PREAD)
/** A writable mapping. */
#define TCAP_RIGHTS_MMAP_W (TCAP_RIGHT_MMAP_W | TCAP_RIGHTS_PWRITE)
/** An executable mapping. */
#define TCAP_RIGHTS_MMAP_X (TCAP_RIGHT_MMAP_X | TCAP_RIGHT_SEEK)
/** The three mapping rights. */
#define TCAP_RIGHTS_MMAP \
	(TCAP_RIGHT_MMAP_R | TCAP_RIGHT_MMAP_W | TCAP_RIGHT_MMAP_X)
/** Rights that Zircon calls basic: duplicate, transfer, event, fstat. */
#define TCAP_RIGHTS_BASIC                                                \
	(TCAP_RIGHT_DUPLICATE | TCAP_RIGHT_TRANSFER | TCAP_RIGHT_EVENT | \
	 TCAP_RIGHT_FSTAT)
/** @} */

/**
 * @name Object types
 * The embedder types its objects; the library only uses the type to pick
 * the set of meaningful rights (tcap_type_rights()) and for typed lookups.
 * A table may replace the built-in sets (struct tcap_table_config).
 * @{
 */
#define TCAP_OBJ_ANY	 0u  /**< In lookups: any type.  Never installed. */
#define TCAP_OBJ_FILE	 1u  /**< Regular file. */
#define TCAP_OBJ_DIR	 2u  /**< Directory (directory-relative opens). */
#define TCAP_OBJ_SOCKET	 3u  /**< Socket. */
#define TCAP_OBJ_PIPE	 4u  /**< Pipe. */
#define TCAP_OBJ_MMIO	 5u  /**< Device registers, e.g. a PCIe BAR. */
#define TCAP_OBJ_DMA	 6u  /**< DMA-capable memory. */
#define TCAP_OBJ_IRQ	 7u  /**< Interrupt line. */
#define TCAP_OBJ_PORT	 8u  /**< IPC port or channel. */
#define TCAP_OBJ_PROCESS 9u  /**< Process descriptor. */
#define TCAP_OBJ_EVENTQ	 10u /**< Event queue. */
/** Number of built-in types (valid types are 1 .. count-1). */
#define TCAP_OBJ_BUILTIN_COUNT 11u
/** @} */

/**
 * @name Sub-rights
 * @{
 */
/** Most commands in one ioctl allow-list (Capsicum's limit). */
#define TCAP_IOCTLS_MAX 256u
/** tcap_ioctls_get() result when the list was never limited. */
#define TCAP_IOCTLS_ALL	  ((int32_t)0x7fffffff)
#define TCAP_FCNTL_GETFL  (1u << 0) /**< Read the status flags. */
#define TCAP_FCNTL_SETFL  (1u << 1) /**< Change the status flags. */
#define TCAP_FCNTL_GETOWN (1u << 2) /**< Read the signal owner. */
#define TCAP_FCNTL_SETOWN (1u << 3) /**< Change the signal owner. */
/** Every fcntl sub-right. */
#define TCAP_FCNTLS_ALL                                            \
	(TCAP_FCNTL_GETFL | TCAP_FCNTL_SETFL | TCAP_FCNTL_GETOWN | \
	 TCAP_FCNTL_SETOWN)
/** @} */

/**
 * @name Sizing and limits
 * @{
 */
/** Most entries in one table (the index part of a handle). */
#define TCAP_SLOTS_MAX ((uint32_t)1 << 20)
/** Most ioctl lists in one table's pool. */
#define TCAP_IOCTL_POOL_MAX 0xfff0u
/** Most handles in one tcap_transfer() batch (Zircon's channel limit). */
#define TCAP_TRANSFER_MAX 64u
/** Longest path tcap_path_beneath() accepts, in bytes. */
#define TCAP_PATH_MAX 4096u
/** Longest path component, in bytes. */
#define TCAP_NAME_MAX 255u
/** Bytes of caller storage for @p nslots handles and @p nlists ioctl lists. */
#define TCAP_TABLE_BYTES(nslots, nlists)                \
	((size_t)(nslots) * sizeof(struct tcap_entry) + \
	 (size_t)(nlists) * sizeof(struct tcap_ioctl_list))
/** @} */

/**
 * @brief One slot of a handle table.  Caller storage, opaque contents.
 */
struct tcap_entry {
	/** @cond INTERNAL */
	void *object;	 /* Embedder's object reference. */
	uint64_t rights; /* TCAP_RIGHT_* bits held. */
	uint32_t tag;	 /* Live handle value; 0 when free or retired. */
	uint32_t gen;	 /* Generation of the current or next handle. */
	uint32_t next;	 /* Free-list link. */
	uint32_t fcntls; /* fcntl sub-rights. */
	uint16_t type;	 /* TCAP_OBJ_* or embedder type. */
	uint16_t ioctl;	 /* Ioctl list: pool index or a sentinel. */
			 /** @endcond */
};

/**
 * @brief One ioctl allow-list.  Caller storage, opaque contents.
 */
struct tcap_ioctl_list {
	/** @cond INTERNAL */
	uint32_t refs; /* Entries sharing the list; 0 free. */
	uint32_t n;    /* Commands, sorted, distinct. */
	uint32_t next; /* Free-list link. */
	uint32_t cmds[TCAP_IOCTLS_MAX];
	/** @endcond */
};

/**
 * @brief Object reference hooks.  Both are optional (NULL: the embedder
 * counts references itself).  Neither may fail; they are called only after
 * an operation has been validated.
 */
struct tcap_object_ops {
	/**
	 * @brief A new handle now refers to @p object as well (duplicate,
	 * copy transfer).
	 * @param[in] ctx    The table's context pointer.
	 * @param[in] object The object.
	 * @param[in] type   Its type.
	 */
	void (*retain)(void *ctx, void *object, uint32_t type);
	/**
	 * @brief A handle to @p object went away (close, drain).
	 * @param[in] ctx    The table's context pointer.
	 * @param[in] object The object.
	 * @param[in] type   Its type.
	 */
	void (*release)(void *ctx, void *object, uint32_t type);
};

/**
 * @brief Arguments of tcap_table_init().
 */
struct tcap_table_config {
	struct tcap_entry *slots; /**< Handle storage. */
	uint32_t nslots; /**< Entries in @c slots, 1..TCAP_SLOTS_MAX. */
	struct tcap_ioctl_list *ioctl_pool; /**< Ioctl lists, or NULL. */
	uint32_t nioctl; /**< Lists in the pool, 0..TCAP_IOCTL_POOL_MAX. */
	const struct tcap_object_ops *ops; /**< Reference hooks, or NULL. */
	void *ctx;			   /**< Passed to the hooks. */
	/**
	 * Meaningful rights per type (index = type), or NULL for the
	 * built-in set of tcap_type_rights().  Entry 0 is ignored.
	 */
	const uint64_t *type_rights;
	uint32_t ntypes; /**< Entries in @c type_rights. */
	/**
	 * Generation bits in a handle value: 0 for all that the index leaves
	 * free (30 minus the index bits), or fewer, e.g. to keep high bits
	 * of the value for the embedder.  A slot is retired after
	 * 2^gen_bits handles.
	 */
	uint32_t gen_bits;
};

/**
 * @brief A handle table.  Public so the caller can allocate it; contents
 * opaque.
 */
struct tcap_table {
	/** @cond INTERNAL */
	struct tcap_entry *slots;
	struct tcap_ioctl_list *pool;
	const struct tcap_object_ops *ops;
	void *ctx;
	const uint64_t *type_rights;
	uint32_t ntypes;
	uint32_t nslots;
	uint32_t imask;	    /* Index mask after the shift by 2. */
	uint32_t gshift;    /* Bit position of the generation. */
	uint32_t gmax;	    /* Largest generation. */
	uint32_t free_head; /* FIFO free list, spreading reuse. */
	uint32_t free_tail;
	uint32_t nfree;
	uint32_t nretired;
	uint32_t npool;
	uint32_t pool_head;
	uint32_t pool_nfree;
	/** @endcond */
};

/**
 * @brief Counters of a table (tcap_table_stats()).
 */
struct tcap_table_stats {
	uint32_t nslots;     /**< Capacity. */
	uint32_t used;	     /**< Live handles. */
	uint32_t free;	     /**< Slots ready for new handles. */
	uint32_t retired;    /**< Slots whose generations are used up. */
	uint32_t ioctl_free; /**< Free ioctl lists. */
};

/**
 * @brief What tcap_get() reports about a handle.
 */
struct tcap_info {
	void *object;	 /**< The object reference. */
	uint64_t rights; /**< Rights held. */
	uint32_t type;	 /**< Object type. */
	uint32_t fcntls; /**< fcntl sub-rights (0 without TCAP_RIGHT_FCNTL). */
	int32_t nioctls; /**< Ioctl list length or #TCAP_IOCTLS_ALL. */
};

/**
 * @brief The design notes' CapRights: the nine rights as booleans.
 */
struct tcap_caprights {
	bool read;    /**< TCAP_RIGHT_READ. */
	bool write;   /**< TCAP_RIGHT_WRITE. */
	bool seek;    /**< TCAP_RIGHT_SEEK. */
	bool mmap;    /**< Any of TCAP_RIGHT_MMAP_R/W/X. */
	bool fstat;   /**< TCAP_RIGHT_FSTAT. */
	bool ioctl;   /**< TCAP_RIGHT_IOCTL. */
	bool connect; /**< TCAP_RIGHT_CONNECT. */
	bool accept;  /**< TCAP_RIGHT_ACCEPT. */
	bool bind;    /**< TCAP_RIGHT_BIND. */
};

/** tcap_transfer() mode: move the handle (the source goes away). */
#define TCAP_XFER_MOVE 0u
/** tcap_transfer() mode: copy the handle (needs TCAP_RIGHT_DUPLICATE). */
#define TCAP_XFER_COPY 1u

/**
 * @brief One handle of a tcap_transfer() batch (Zircon's handle
 * disposition).
 */
struct tcap_xfer {
	tcap_handle_t handle; /**< [in] Handle in the source table. */
	uint32_t mode;	      /**< [in] #TCAP_XFER_MOVE or #TCAP_XFER_COPY. */
	uint64_t rights; /**< [in] Final rights: #TCAP_RIGHTS_SAME or subset. */
	uint32_t type;	 /**< [in] Required type, or #TCAP_OBJ_ANY. */
	int32_t result;	 /**< [out] 0 or this entry's own error. */
	tcap_handle_t out; /**< [out] New handle in the destination table. */
};

/**
 * @brief The capability-mode state of one process (shared by its
 * threads).
 */
struct tcap_proc {
	/** @cond INTERNAL */
	uint32_t flags;
	/** @endcond */
};

/** tcap_openat_check() flag: enforce "beneath" even outside capability mode
 * (O_RESOLVE_BENEATH). */
#define TCAP_AT_BENEATH 1u

/**
 * @brief Result of tcap_openat_check().
 */
struct tcap_openat {
	void *dir;	 /**< Directory object, NULL for #TCAP_AT_CWD. */
	uint64_t rights; /**< Ceiling for the new handle's rights. */
	bool beneath;	 /**< Symlinks met during the walk must be checked. */
};

/**
 * @brief Incremental "stays beneath" checker for a path walk that meets
 * symlinks.  Public so the caller can allocate it; contents opaque.
 */
struct tcap_beneath {
	/** @cond INTERNAL */
	uint32_t depth;
	/** @endcond */
};

/** tcap_open_rights() flag: open for reading. */
#define TCAP_OPEN_READ 1u
/** tcap_open_rights() flag: open for writing. */
#define TCAP_OPEN_WRITE 2u
/** tcap_open_rights() flag: writes append (no SEEK needed). */
#define TCAP_OPEN_APPEND 4u
/** tcap_open_rights() flag: create if missing. */
#define TCAP_OPEN_CREATE 8u
/** tcap_open_rights() flag: truncate. */
#define TCAP_OPEN_TRUNC 16u

/** tcap_rights_to_prot() bit: readable mapping allowed. */
#define TCAP_PROT_READ 1u
/** tcap_rights_to_prot() bit: writable mapping allowed. */
#define TCAP_PROT_WRITE 2u
/** tcap_rights_to_prot() bit: executable mapping allowed. */
#define TCAP_PROT_EXEC 4u

/* ---------------------------------------------------------------- table */

/**
 * @brief Initialise @p t over caller storage.
 *
 * @param[out] t   Table to initialise.
 * @param[in]  cfg Storage, hooks and type rights.
 * @retval 0             Ready; every slot free.
 * @retval -TCAP_EFAULT  @p t or @p cfg is NULL.
 * @retval -TCAP_EINVAL  No slots, more than #TCAP_SLOTS_MAX, a pool count
 *                       without a pool or above #TCAP_IOCTL_POOL_MAX, or
 *                       type rights without entries (or with unknown
 *                       bits), or more generation bits than fit; @p t is
 *                       unchanged.
 * @note O(nslots + nioctl).  Never fails after validation.
 */
int tcap_table_init(struct tcap_table *t, const struct tcap_table_config *cfg);

/**
 * @brief Install a new object and return its handle (open, create).
 *
 * The table takes over one reference to @p object (no retain hook call).
 * The new handle has every fcntl sub-right and an unlimited ioctl list.
 *
 * @param[in,out] t      Table.
 * @param[in]     object Object reference (may be NULL; it is opaque).
 * @param[in]     type   Object type, 1 .. ntypes-1 (#TCAP_OBJ_ANY is not a
 *                       type).
 * @param[in]     rights #TCAP_RIGHTS_SAME for every right meaningful for
 *                       @p type, or a set; rights not meaningful for
 *                       @p type are dropped.
 * @param[out]    out    New handle.
 * @retval 0             Installed.
 * @retval -TCAP_EFAULT  @p t or @p out is NULL.
 * @retval -TCAP_EINVAL  Unknown type or unknown right bits.
 * @retval -TCAP_ENOSPC  No free slot.
 * @note O(1).
 */
int tcap_install(struct tcap_table *t, void *object, uint32_t type,
		 uint64_t rights, tcap_handle_t *out);

/**
 * @brief Close a handle; the release hook drops its object reference.
 *
 * @param[in,out] t Table.
 * @param[in]     h Handle; #TCAP_HANDLE_INVALID is a no-op (like free(NULL)).
 * @retval 0             Closed (or @p h was #TCAP_HANDLE_INVALID).
 * @retval -TCAP_EFAULT  @p t is NULL.
 * @retval -TCAP_EBADF   @p h is not live (closed twice, stale, forged).
 * @note O(1).
 */
int tcap_close(struct tcap_table *t, tcap_handle_t h);

/**
 * @brief Look a handle up and demand rights: the hot path.
 *
 * @param[in]  t    Table.
 * @param[in]  h    Handle.
 * @param[in]  need Rights the operation needs (a compound set is fine).
 * @param[out] obj  Object reference (may be NULL if not wanted).
 * @retval 0                 @p h is live and holds every right in @p need.
 * @retval -TCAP_EBADF       @p h is not live.
 * @retval -TCAP_ENOTCAPABLE A right in @p need is missing.  Operations call
 *                           this before any other check, so a missing
 *                           right is reported first (Capsicum).
 * @note O(1); read-only.  @p t must not be NULL (hot path, not checked).
 */
int tcap_lookup(const struct tcap_table *t, tcap_handle_t h, uint64_t need,
		void **obj);

/**
 * @brief tcap_lookup() that also demands an object type.
 *
 * @param[in]  t    Table.
 * @param[in]  h    Handle.
 * @param[in]  type Required type, or #TCAP_OBJ_ANY.
 * @param[in]  need Rights the operation needs.
 * @param[out] obj  Object reference (may be NULL if not wanted).
 * @retval 0                 Found, rights and type match.
 * @retval -TCAP_EBADF       @p h is not live.
 * @retval -TCAP_ENOTCAPABLE A right in @p need is missing (reported before
 *                           a type mismatch).
 * @retval -TCAP_EWRONGTYPE  The object has another type.
 * @note O(1); read-only.  @p t must not be NULL.
 */
int tcap_lookup_typed(const struct tcap_table *t, tcap_handle_t h,
		      uint32_t type, uint64_t need, void **obj);

/**
 * @brief Report everything about a handle.
 *
 * @param[in]  t    Table.
 * @param[in]  h    Handle.
 * @param[out] info Object, type, rights and sub-rights.
 * @retval 0            Filled in.
 * @retval -TCAP_EFAULT @p t or @p info is NULL.
 * @retval -TCAP_EBADF  @p h is not live.
 */
int tcap_get(const struct tcap_table *t, tcap_handle_t h,
	     struct tcap_info *info);

/**
 * @brief Read a handle's rights (Capsicum cap_rights_get).
 *
 * @param[in]  t      Table.
 * @param[in]  h      Handle.
 * @param[out] rights Rights held.
 * @retval 0            Filled in.
 * @retval -TCAP_EFAULT @p t or @p rights is NULL.
 * @retval -TCAP_EBADF  @p h is not live.
 */
int tcap_rights_get(const struct tcap_table *t, tcap_handle_t h,
		    uint64_t *rights);

/**
 * @brief Counters of a table.
 *
 * @param[in]  t  Table.
 * @param[out] st Counters.
 * @retval 0            Filled in.
 * @retval -TCAP_EFAULT @p t or @p st is NULL.
 */
int tcap_table_stats(const struct tcap_table *t, struct tcap_table_stats *st);

/**
 * @brief Close every live handle (process exit; a message holding handles
 * in transit is destroyed).
 *
 * @param[in,out] t Table.
 * @return The number of handles closed (0 or more).
 * @retval -TCAP_EFAULT @p t is NULL.
 * @note O(nslots).
 */
int tcap_table_drain(struct tcap_table *t);

/* --------------------------------------------------------------- rights */

/**
 * @brief Remove rights in place (Capsicum cap_rights_limit).
 *
 * Dropping TCAP_RIGHT_IOCTL clears the ioctl list (to no command);
 * dropping TCAP_RIGHT_FCNTL clears the fcntl sub-rights.  Limiting to the
 * same set succeeds.
 *
 * @param[in,out] t      Table.
 * @param[in]     h      Handle.
 * @param[in]     rights New rights; must be a subset of the current ones.
 * @retval 0                 Limited.
 * @retval -TCAP_EFAULT      @p t is NULL.
 * @retval -TCAP_EINVAL      Unknown right bits (checked before @p h).
 * @retval -TCAP_EBADF       @p h is not live.
 * @retval -TCAP_ENOTCAPABLE @p rights holds a right @p h lacks; nothing
 *                           changed.
 * @note O(1).
 */
int tcap_rights_limit(struct tcap_table *t, tcap_handle_t h, uint64_t rights);

/**
 * @brief The design notes' cap_rights_limit(handle, &CapRights).
 *
 * The struct speaks for the nine rights only: a false member removes its
 * right (mmap: all three mapping rights), a true member keeps it and fails
 * with ENOTCAPABLE if the handle lacks it (mmap: lacks all three).  Rights
 * outside the nine are kept.
 *
 * @param[in,out] t  Table.
 * @param[in]     h  Handle.
 * @param[in]     cr The nine rights.
 * @retval 0                 Limited.
 * @retval -TCAP_EFAULT      @p t or @p cr is NULL.
 * @retval -TCAP_EBADF       @p h is not live.
 * @retval -TCAP_ENOTCAPABLE A true member names a right @p h lacks.
 */
int tcap_caprights_limit(struct tcap_table *t, tcap_handle_t h,
			 const struct tcap_caprights *cr);

/**
 * @brief Convert the notes' CapRights to a rights mask.
 *
 * @param[in] cr The nine booleans; mmap maps to all three mapping rights.
 * @return The rights mask (0 if @p cr is NULL).
 */
uint64_t tcap_rights_from_caprights(const struct tcap_caprights *cr);

/**
 * @brief Convert a rights mask to the notes' CapRights.
 *
 * @param[in]  rights Rights mask.
 * @param[out] cr     The nine booleans; mmap is true if any mapping right
 *                    is held.  Rights outside the nine are not reported.
 * @retval 0            Filled in.
 * @retval -TCAP_EFAULT @p cr is NULL.
 */
int tcap_rights_to_caprights(uint64_t rights, struct tcap_caprights *cr);

/**
 * @brief The rights meaningful for a built-in object type.
 *
 * @param[in] type A TCAP_OBJ_* type.
 * @return The set, or 0 for #TCAP_OBJ_ANY and unknown types.
 */
uint64_t tcap_type_rights(uint32_t type);

/**
 * @brief The mapping protections a rights set allows (Capsicum
 * cap_rights_to_vmprot).
 *
 * @param[in] rights Rights mask.
 * @return TCAP_PROT_* bits: READ if TCAP_RIGHTS_MMAP_R is held, WRITE for
 *         TCAP_RIGHTS_MMAP_W, EXEC for TCAP_RIGHTS_MMAP_X.
 */
uint32_t tcap_rights_to_prot(uint64_t rights);

/**
 * @brief The rights a mapping of the given protection needs.
 *
 * @param[in] prot TCAP_PROT_* bits.
 * @return The compound rights (0 for no protection bit).
 */
uint64_t tcap_prot_rights(uint32_t prot);

/**
 * @brief The rights a directory-relative open needs (Capsicum: writing
 * without append also needs SEEK, create needs CREATE, truncate needs
 * FTRUNCATE; every open needs LOOKUP).
 *
 * @param[in] flags TCAP_OPEN_* bits.
 * @return The rights the directory handle must hold.
 */
uint64_t tcap_open_rights(uint32_t flags);

/* ----------------------------------------------------------- sub-rights */

/**
 * @brief Narrow a handle's fcntl sub-rights (Capsicum cap_fcntls_limit).
 *
 * @param[in,out] t    Table.
 * @param[in]     h    Handle.
 * @param[in]     mask New TCAP_FCNTL_* mask.
 * @retval 0                 Limited.
 * @retval -TCAP_EFAULT      @p t is NULL.
 * @retval -TCAP_EINVAL      Bits outside #TCAP_FCNTLS_ALL (checked first).
 * @retval -TCAP_EBADF       @p h is not live.
 * @retval -TCAP_ENOTCAPABLE @p mask adds a bit, or @p h lacks
 *                           TCAP_RIGHT_FCNTL and @p mask is not 0.
 */
int tcap_fcntls_limit(struct tcap_table *t, tcap_handle_t h, uint32_t mask);

/**
 * @brief Read a handle's fcntl sub-rights.
 *
 * @param[in]  t    Table.
 * @param[in]  h    Handle.
 * @param[out] mask TCAP_FCNTL_* mask (0 without TCAP_RIGHT_FCNTL).
 * @retval 0            Filled in.
 * @retval -TCAP_EFAULT @p t or @p mask is NULL.
 * @retval -TCAP_EBADF  @p h is not live.
 */
int tcap_fcntls_get(const struct tcap_table *t, tcap_handle_t h,
		    uint32_t *mask);

/**
 * @brief Check an fcntl-like operation.
 *
 * @param[in]  t   Table.
 * @param[in]  h   Handle.
 * @param[in]  op  One TCAP_FCNTL_* bit.
 * @param[out] obj Object reference (may be NULL).
 * @retval 0                 Allowed.
 * @retval -TCAP_EBADF       @p h is not live.
 * @retval -TCAP_ENOTCAPABLE No TCAP_RIGHT_FCNTL, or @p op not allowed.
 * @retval -TCAP_EINVAL      @p op is not a single known bit.
 */
int tcap_check_fcntl(const struct tcap_table *t, tcap_handle_t h, uint32_t op,
		     void **obj);

/**
 * @brief Narrow a handle's ioctl allow-list (Capsicum cap_ioctls_limit).
 *
 * The new list must be a subset of the current one (any list is a subset
 * of the unlimited one); @p n 0 allows no command.  Duplicate commands
 * count once.  A list shared with a duplicate handle is copied, which may
 * need a free list from the pool.
 *
 * @param[in,out] t    Table.
 * @param[in]     h    Handle.
 * @param[in]     cmds Commands (may be NULL when @p n is 0).
 * @param[in]     n    Number of commands, at most #TCAP_IOCTLS_MAX.
 * @retval 0                 Limited.
 * @retval -TCAP_EFAULT      @p t is NULL, or @p cmds is NULL with @p n > 0.
 * @retval -TCAP_EINVAL      @p n > #TCAP_IOCTLS_MAX (checked before @p h).
 * @retval -TCAP_EBADF       @p h is not live.
 * @retval -TCAP_ENOTCAPABLE No TCAP_RIGHT_IOCTL, or a command is not in the
 *                           current list.
 * @retval -TCAP_ENOSPC      A list is needed and the pool is empty.
 */
int tcap_ioctls_limit(struct tcap_table *t, tcap_handle_t h,
		      const uint32_t *cmds, size_t n);

/**
 * @brief Read a handle's ioctl allow-list (Capsicum cap_ioctls_get).
 *
 * @param[in]  t    Table.
 * @param[in]  h    Handle.
 * @param[out] cmds Buffer for up to @p max commands, sorted (may be NULL
 *                  when @p max is 0).
 * @param[in]  max  Capacity of @p cmds.
 * @return The total number of commands (even if more than @p max; only
 *         @p max are copied), or #TCAP_IOCTLS_ALL, @p cmds untouched, if
 *         the list was never limited.
 * @retval -TCAP_EFAULT @p t is NULL, or @p cmds is NULL with @p max > 0.
 * @retval -TCAP_EBADF  @p h is not live.
 */
int32_t tcap_ioctls_get(const struct tcap_table *t, tcap_handle_t h,
			uint32_t *cmds, size_t max);

/**
 * @brief Check an ioctl command.
 *
 * @param[in]  t   Table.
 * @param[in]  h   Handle.
 * @param[in]  cmd Command.
 * @param[out] obj Object reference (may be NULL).
 * @retval 0                 Allowed.
 * @retval -TCAP_EBADF       @p h is not live.
 * @retval -TCAP_ENOTCAPABLE No TCAP_RIGHT_IOCTL, or @p cmd not in the list.
 * @note O(log n) in the list length.
 */
int tcap_check_ioctl(const struct tcap_table *t, tcap_handle_t h, uint32_t cmd,
		     void **obj);

/* ------------------------------------------------ duplicate and transfer */

/**
 * @brief Duplicate a handle with a subset of its rights
 * (zx_handle_duplicate).  The source stays valid; both refer to the same
 * object; sub-rights are copied.
 *
 * @param[in,out] t      Table.
 * @param[in]     h      Source handle.
 * @param[in]     rights #TCAP_RIGHTS_SAME or a subset of @p h's rights.
 * @param[out]    out    New handle.
 * @retval 0                 Duplicated; the retain hook was called.
 * @retval -TCAP_EFAULT      @p t or @p out is NULL.
 * @retval -TCAP_EBADF       @p h is not live (checked first).
 * @retval -TCAP_ENOTCAPABLE @p h lacks TCAP_RIGHT_DUPLICATE (second).
 * @retval -TCAP_EINVAL      @p rights is not a subset (third, as Zircon).
 * @retval -TCAP_ENOSPC      No free slot.
 */
int tcap_duplicate(struct tcap_table *t, tcap_handle_t h, uint64_t rights,
		   tcap_handle_t *out);

/**
 * @brief Replace a handle by a new one with a subset of its rights
 * (zx_handle_replace).  Needs no right.  On success @p h is invalid; on
 * failure @p h is unchanged and still valid (Tessera's choice; Zircon's
 * documentation consumes it).
 *
 * @param[in,out] t      Table.
 * @param[in]     h      Source handle.
 * @param[in]     rights #TCAP_RIGHTS_SAME or a subset of @p h's rights.
 * @param[out]    out    New handle (a new value: @p h goes stale).
 * @retval 0             Replaced.
 * @retval -TCAP_EFAULT  @p t or @p out is NULL.
 * @retval -TCAP_EBADF   @p h is not live.
 * @retval -TCAP_EINVAL  @p rights is not a subset.
 * @retval -TCAP_ENOSPC  The slot's generations are used up and no other
 *                       slot is free.
 */
int tcap_replace(struct tcap_table *t, tcap_handle_t h, uint64_t rights,
		 tcap_handle_t *out);

/**
 * @brief Move or copy a batch of handles from @p src to @p dst, all or
 * nothing (the IPC path; zx_channel_write_etc dispositions).
 *
 * Every entry is validated and gets its own result, in Zircon's order:
 * #TCAP_EBADF (not live, or the same handle twice in the batch), then
 * #TCAP_EINVAL for an unknown mode, #TCAP_ENOTCAPABLE (no
 * TCAP_RIGHT_TRANSFER; a copy also needs TCAP_RIGHT_DUPLICATE),
 * #TCAP_EINVAL (rights not a subset), #TCAP_EWRONGTYPE (type mismatch).  Only
 * if all entries pass and
 * @p dst has room does anything change.  On failure every source handle is
 * unchanged (Tessera's choice; Zircon consumes them).  A move inside one
 * table (@p src == @p dst) also gives a new value.  Refusing to send a
 * channel's own handle through itself is the caller's check.
 *
 * @param[in,out] src Source table.
 * @param[in,out] dst Destination table (may be @p src).
 * @param[in,out] x   Batch: handles, modes, rights in; results, new
 *                    handles out.
 * @param[in]     n   Entries in @p x, 0..#TCAP_TRANSFER_MAX.
 * @retval 0                 All transferred; x[i].out set.  A copy called
 *                           the retain hook of @p dst; a move calls no
 *                           hook (the reference moves).
 * @retval -TCAP_EFAULT      A table is NULL, or @p x is NULL with @p n > 0.
 * @retval -TCAP_ERANGE      @p n > #TCAP_TRANSFER_MAX.
 * @retval -TCAP_EBADF       The first failing entry is not live or repeats
 *                           an earlier handle (x[i].result per entry).
 * @retval -TCAP_ENOTCAPABLE The first failing entry lacks TRANSFER (or
 *                           DUPLICATE for a copy).
 * @retval -TCAP_EINVAL      The first failing entry has an unknown mode or
 *                           rights that are not a subset.
 * @retval -TCAP_EWRONGTYPE  The first failing entry has another type.
 * @retval -TCAP_ENOSPC      @p dst lacks slots or ioctl lists for the
 *                           batch (all x[i].result are 0).
 * @note O(n^2) for the duplicate check, n <= 64.
 */
int tcap_transfer(struct tcap_table *src, struct tcap_table *dst,
		  struct tcap_xfer *x, size_t n);

/* ------------------------------------------------------ capability mode */

/**
 * @brief Initialise a process's capability-mode state.
 *
 * @param[out] p      New process.
 * @param[in]  parent Its parent, or NULL: a child created after the parent
 *                    entered capability mode starts in it (Capsicum: from
 *                    inception); one created before stays outside.
 * @retval 0            Initialised.
 * @retval -TCAP_EFAULT @p p is NULL.
 */
int tcap_proc_init(struct tcap_proc *p, const struct tcap_proc *parent);

/**
 * @brief Enter capability mode (cap_enter).  Irreversible; entering again
 * is a no-op.
 *
 * @param[in,out] p Process.
 * @retval 0            In capability mode.
 * @retval -TCAP_EFAULT @p p is NULL.
 */
int tcap_enter(struct tcap_proc *p);

/**
 * @brief Read the mode (cap_getmode).
 *
 * @param[in]  p    Process.
 * @param[out] mode 1 in capability mode, else 0.
 * @retval 0            Filled in.
 * @retval -TCAP_EFAULT @p p or @p mode is NULL.
 */
int tcap_getmode(const struct tcap_proc *p, uint32_t *mode);

/**
 * @brief Whether @p p is in capability mode (cap_sandboxed).
 *
 * @param[in] p Process (NULL reads as not sandboxed).
 * @return true in capability mode.
 */
bool tcap_sandboxed(const struct tcap_proc *p);

/**
 * @brief Gate for an operation on a global namespace: path lookups not
 * relative to a directory handle, bind/connect by address, signalling
 * another process, mounting, opening devices by name.
 *
 * @param[in] p Process.
 * @retval 0              Allowed.
 * @retval -TCAP_EFAULT   @p p is NULL.
 * @retval -TCAP_ECAPMODE @p p is in capability mode.
 */
int tcap_check_global(const struct tcap_proc *p);

/**
 * @brief Check a directory-relative open (openat) before the walk.
 *
 * Order: the directory handle and its rights first (TCAP_RIGHT_LOOKUP plus
 * @p need), then the path.  The path must stay beneath the directory in
 * capability mode, with #TCAP_AT_BENEATH, or when the directory handle's
 * rights were limited below its type's set (Capsicum).  The new handle's
 * rights must not exceed out->rights, the directory's (Capsicum).
 *
 * @param[in]  p     Process.
 * @param[in]  t     Its handle table.
 * @param[in]  dir   Directory handle, or #TCAP_AT_CWD.
 * @param[in]  path  Path, not NUL-terminated.
 * @param[in]  len   Bytes in @p path.
 * @param[in]  need  Further rights needed (see tcap_open_rights()).
 * @param[in]  flags 0 or #TCAP_AT_BENEATH.
 * @param[out] out   Directory object, rights ceiling, beneath flag.
 * @retval 0                 Proceed with the walk.
 * @retval -TCAP_EFAULT      A pointer is NULL (@p path may be NULL only
 *                           with @p len 0, which then fails EINVAL).
 * @retval -TCAP_ECAPMODE    @p dir is #TCAP_AT_CWD in capability mode.
 * @retval -TCAP_EBADF       @p dir is not live.
 * @retval -TCAP_ENOTCAPABLE @p dir lacks LOOKUP or a right in @p need.
 * @retval -TCAP_EWRONGTYPE  @p dir is not a TCAP_OBJ_DIR.
 * @retval -TCAP_EINVAL      Unknown flag, empty path or a NUL byte in it.
 * @retval -TCAP_ERANGE      Path or component too long.
 * @retval -TCAP_ENOTBENEATH The path would leave the directory.
 */
int tcap_openat_check(const struct tcap_proc *p, const struct tcap_table *t,
		      tcap_handle_t dir, const char *path, size_t len,
		      uint64_t need, uint32_t flags, struct tcap_openat *out);

/**
 * @brief Validate that a directory-relative path stays beneath its
 * directory: not absolute, and no `..` climbs above the start
 * ("a/../b" is fine, "a/../../b" is not).  "." and empty components are
 * ignored.  Symlinks are the walker's business (struct tcap_beneath).
 *
 * @param[in] path Path, not NUL-terminated.
 * @param[in] len  Bytes in @p path, at most #TCAP_PATH_MAX.
 * @retval 0                 Stays beneath.
 * @retval -TCAP_EFAULT      @p path is NULL with @p len > 0.
 * @retval -TCAP_EINVAL      Empty path or a NUL byte in it.
 * @retval -TCAP_ERANGE      Longer than #TCAP_PATH_MAX, or a component
 *                           longer than #TCAP_NAME_MAX.
 * @retval -TCAP_ENOTBENEATH Absolute, or `..` above the start.
 * @note O(len); no recursion.
 */
int tcap_path_beneath(const char *path, size_t len);

/**
 * @brief Start a beneath walk at the directory itself.
 *
 * @param[out] w Walker.
 * @retval 0            Ready.
 * @retval -TCAP_EFAULT @p w is NULL.
 */
int tcap_beneath_init(struct tcap_beneath *w);

/**
 * @brief Account one component of a walk (the kernel calls this as it
 * descends, so symlinks can be checked at the depth where they occur).
 *
 * @param[in,out] w    Walker.
 * @param[in]     name Component, without '/'.
 * @param[in]     len  Bytes in @p name.
 * @retval 0                 Still beneath (w advanced).
 * @retval -TCAP_EFAULT      @p w is NULL, or @p name NULL with @p len > 0.
 * @retval -TCAP_EINVAL      @p name contains '/' or NUL.
 * @retval -TCAP_ERANGE      @p len > #TCAP_NAME_MAX.
 * @retval -TCAP_ENOTBENEATH `..` at the start directory; @p w unchanged.
 */
int tcap_beneath_step(struct tcap_beneath *w, const char *name, size_t len);

/**
 * @brief Account a symlink met during the walk: its target replaces the
 * link's own component, resolved from the directory holding the link.
 * Absolute targets escape; relative ones must stay beneath the start.
 *
 * @param[in,out] w      Walker, positioned at the link's directory.
 * @param[in]     target Link target.
 * @param[in]     len    Bytes in @p target.
 * @retval 0                 Still beneath (w at the target's depth).
 * @retval -TCAP_EFAULT      @p w is NULL, or @p target NULL with @p len > 0.
 * @retval -TCAP_EINVAL      Empty target or a NUL byte in it.
 * @retval -TCAP_ERANGE      Too long (see tcap_path_beneath()).
 * @retval -TCAP_ENOTBENEATH The target leaves the start; @p w unchanged.
 */
int tcap_beneath_symlink(struct tcap_beneath *w, const char *target,
			 size_t len);

/**
 * @brief Describe an error code.
 *
 * @param[in] err A TCAP_E* code, negated or not.
 * @return A constant string; never NULL ("unknown error" for others).
 */
const char *tcap_strerror(int err);

/** @} */
#endif /* TCAP_CAP_H */
