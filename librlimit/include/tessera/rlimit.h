/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file rlimit.h
 * @brief librlimit: hierarchical resource accounting and limits.
 *
 * @defgroup trlimit librlimit
 * @brief Resource accounting and limits with cgroup v2 and rctl semantics.
 *
 * A kernel keeps a tree of groups; every process belongs to exactly one
 * group.  Usage is charged to a group and to every ancestor, and a charge
 * must fit under the limit of every group on the path, so the effective
 * limit of a group is the tightest one between it and the root.  The
 * resources are those of the design notes:
 *
 * - counted resources, charged synchronously and denied at the limit:
 *   memory bytes (with a `high` pressure mark and event counters like
 *   memory.events), open handles, child processes (EAGAIN like pids.max) and
 *   IPC queue depth;
 * - CPU time, accumulated from the scheduler's accounting calls, with a
 *   one-time SIGXCPU decision at the soft limit and a kill decision at the
 *   hard limit (RLIMIT_CPU, rctl `cputime`);
 * - CPU share, a quota per period (cpu.max); the library tells the scheduler
 *   how much the group may still run and until when it stays throttled;
 *   between unlimited groups a weight (cpu.weight) drives a virtual runtime;
 * - I/O bandwidth and operation rates, token buckets with a burst: a request
 *   is delayed, never failed (io.max).
 *
 * A limit set below current usage is accepted; only later charges fail
 * (cgroup v2 "organisational operations are not blocked").  The root group
 * is the accounting anchor and carries no limits, as in cgroup v2.
 *
 * **Storage.** Every group is a `struct trlimit_group` in caller memory
 * (#TRLIMIT_GROUP_SIZE bytes); the library keeps only pointers from child
 * to parent, so the tree needs no pool.  Depth is bounded by
 * #TRLIMIT_DEPTH_MAX and every walk is an iterative loop over parents.
 *
 * **Time.** Nothing reads a clock.  Calls that depend on time take
 * `uint64_t now`, monotonic nanoseconds from the caller; durations and
 * limits are nanoseconds as well.
 *
 * **Locking.** None inside.  A charge writes the group and all its
 * ancestors, so the caller serialises every call on one tree (one lock per
 * tree, or one CPU owning the tree).  Reads through trlimit_usage() need the
 * same lock for a consistent snapshot.
 *
 * **Policy.** Who may set limits is the embedder's decision: every setter
 * takes the caller's identity (`who`) and asks the policy hook given to
 * trlimit_root_init() (the design notes tie it to a CAP_RLIMIT privilege).
 * Charging never asks the policy.
 *
 * **Errors.** Functions return 0 (or a documented non-negative value) or a
 * negative `-TRLIMIT_E*` code; on error nothing changes, except that a
 * denied charge counts a `max` event, which is the report of that denial.
 * @{
 */
#ifndef TRLIMIT_RLIMIT_H
#define TRLIMIT_RLIMIT_H

#include <tessera/rlimit_port.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Limit value meaning "no limit" (cgroup "max", rctl none). */
#define TRLIMIT_UNLIMITED UINT64_MAX

/** @brief Deepest allowed group; the root has depth 0. */
#define TRLIMIT_DEPTH_MAX 16u

/** @brief Default CPU weight (cpu.weight default). */
#define TRLIMIT_WEIGHT_DEFAULT 100u
/** @brief Smallest CPU weight. */
#define TRLIMIT_WEIGHT_MIN 1u
/** @brief Largest CPU weight. */
#define TRLIMIT_WEIGHT_MAX 10000u

/** @brief Shortest CPU period and smallest quota: 1 ms (cpu.max). */
#define TRLIMIT_CPU_PERIOD_MIN 1000000ull
/** @brief Longest CPU period: 1 s (cpu.max). */
#define TRLIMIT_CPU_PERIOD_MAX 1000000000ull
/** @brief Default CPU period: 100 ms (cpu.max default "max 100000"). */
#define TRLIMIT_CPU_PERIOD_DEFAULT 100000000ull
/** @brief Largest quota in periods (a group may use up to 1024 CPUs). */
#define TRLIMIT_CPU_QUOTA_PERIODS_MAX 1024ull
/** @brief Largest CPU percentage accepted by trlimit_set() (1024 CPUs). */
#define TRLIMIT_CPU_PERCENT_MAX 102400ull

/** @brief Largest I/O rate in bytes or operations per second (16 GiB/s). */
#define TRLIMIT_IO_RATE_MAX (1ull << 34)

/** @brief Size in bytes of one group, for storage planning. */
#define TRLIMIT_GROUP_SIZE (sizeof(struct trlimit_group))

/**
 * @brief Error numbers; functions return them negated.
 *
 * The common codes share their numbers with every Tessera library.
 */
enum trlimit_error {
	TRLIMIT_EINVAL = 1,  /**< Invalid argument. */
	TRLIMIT_ENOSPC = 2,  /**< Out of space (tree too deep). */
	TRLIMIT_ENOENT = 3,  /**< No such entry. */
	TRLIMIT_EEXIST = 4,  /**< Already exists (group initialised twice). */
	TRLIMIT_EPERM = 5,   /**< Denied by the policy hook. */
	TRLIMIT_EAGAIN = 6,  /**< Count limit reached (children, IPC queue). */
	TRLIMIT_ERANGE = 7,  /**< Value out of range or would overflow. */
	TRLIMIT_EBUSY = 8,   /**< Group still has children, members or usage. */
	TRLIMIT_EBADF = 9,   /**< Not an initialised group. */
	TRLIMIT_EFAULT = 10, /**< Bad address. */
	TRLIMIT_ENOMEM = 32, /**< Memory limit reached. */
	TRLIMIT_EMFILE = 33, /**< Open-handle limit reached. */
};

/**
 * @brief Counted resources, charged synchronously.
 */
enum trlimit_res {
	TRLIMIT_RES_MEMORY = 0, /**< Bytes; over max: -TRLIMIT_ENOMEM. */
	TRLIMIT_RES_HANDLES =
		1, /**< Open handles; over max: -TRLIMIT_EMFILE. */
	TRLIMIT_RES_CHILDREN = 2, /**< Processes; over max: -TRLIMIT_EAGAIN. */
	TRLIMIT_RES_IPCQ = 3,	  /**< Queued IPC messages; -TRLIMIT_EAGAIN. */
	TRLIMIT_RES_COUNT = 4,	  /**< Number of counted resources. */
};

/** @brief Direction of an I/O request. */
enum trlimit_io_dir {
	TRLIMIT_IO_READ = 0,  /**< Read. */
	TRLIMIT_IO_WRITE = 1, /**< Write. */
};

/** @brief The four io.max keys. */
enum trlimit_io_key {
	TRLIMIT_IO_RBPS = 0,	  /**< Read bytes per second. */
	TRLIMIT_IO_WBPS = 1,	  /**< Write bytes per second. */
	TRLIMIT_IO_RIOPS = 2,	  /**< Read operations per second. */
	TRLIMIT_IO_WIOPS = 3,	  /**< Write operations per second. */
	TRLIMIT_IO_KEY_COUNT = 4, /**< Number of keys. */
};

/** @brief Charge result: charged, usage above the high mark somewhere. */
#define TRLIMIT_HIGH 1

/** @brief Membership result: the subtree's populated state flipped. */
#define TRLIMIT_POPULATED_CHANGED 1

/** @brief Tree limit value meaning "no limit" (cgroup.max.*). */
#define TRLIMIT_TREE_UNLIMITED UINT32_MAX

/** @brief CPU verdict: send SIGXCPU (reported once per group). */
#define TRLIMIT_CPU_SIGXCPU 0x1u
/** @brief CPU verdict: the hard CPU-time limit is reached; kill. */
#define TRLIMIT_CPU_KILL 0x2u
/** @brief CPU verdict: the quota is used up; throttle until `ready_at`. */
#define TRLIMIT_CPU_THROTTLE 0x4u

/**
 * @brief What the scheduler must do after (or before) running a group.
 */
struct trlimit_cpu_verdict {
	/** Bitwise OR of TRLIMIT_CPU_SIGXCPU, _KILL and _THROTTLE. */
	uint32_t actions;
	/** Earliest time (ns) the group may run again; `now` if it may run. */
	uint64_t ready_at;
	/**
	 * CPU time (ns) the group may still use in the current periods of
	 * every limited group on its path; 0 when throttled,
	 * #TRLIMIT_UNLIMITED when no group on the path has a quota.
	 */
	uint64_t budget;
};

/**
 * @brief The design notes' ResourceLimits, for trlimit_set().
 *
 * Every field is a limit or #TRLIMIT_UNLIMITED for "none"; start from
 * trlimit_limits_init().
 */
struct trlimit_limits {
	uint64_t memory_bytes;	   /**< memory max in bytes. */
	uint64_t cpu_time_ns;	   /**< CPU time; SIGXCPU once past it. */
	uint64_t cpu_time_kill_ns; /**< CPU time; kill past it. */
	uint64_t cpu_percent;	   /**< CPU share of one CPU per 100 ms. */
	uint64_t io_bandwidth;	   /**< Bytes/s each way; burst is 100 ms. */
	uint64_t open_handles;	   /**< Open handles. */
	uint64_t child_processes;  /**< Child processes. */
	uint64_t ipc_queue_depth;  /**< Queued IPC messages. */
};

/** @brief Usage of one counted resource, in a trlimit_usage snapshot. */
struct trlimit_counter_usage {
	uint64_t current;    /**< Usage of the group and its descendants. */
	uint64_t local;	     /**< Usage charged to this group itself. */
	uint64_t peak;	     /**< Highest `current` seen. */
	uint64_t max;	     /**< The group's own limit. */
	uint64_t high;	     /**< The group's own high mark. */
	uint64_t max_events; /**< Denials here or below (hierarchical). */
	uint64_t max_events_local; /**< Charges denied by this group's max. */
	uint64_t high_events; /**< Charges ending above high here or below. */
	uint64_t high_events_local; /**< Charges ending above this high. */
};

/**
 * @brief Snapshot of a group, as the notes' `rlimit_usage`.
 *
 * Usage figures include descendants (memory.current, cpu.stat usage_usec);
 * `_local` counters count this group only.
 */
struct trlimit_usage {
	/** Counted resources, indexed by enum trlimit_res. */
	struct trlimit_counter_usage res[TRLIMIT_RES_COUNT];
	uint64_t cpu_time_ns; /**< CPU time used (ns). */
	uint64_t cpu_periods; /**< Quota periods with activity. */
	/** Times the quota ran out (a run accounted while the group is
	 *  still throttled extends that throttling, it is not a new one). */
	uint64_t cpu_throttled;
	/** Throttled time announced (ns); overlapping announcements are
	 *  counted once. */
	uint64_t cpu_throttled_ns;
	uint64_t io_bytes[2];	 /**< Bytes by enum trlimit_io_dir. */
	uint64_t io_ops[2];	 /**< Requests by enum trlimit_io_dir. */
	uint64_t io_delayed[2];	 /**< Requests of this group delayed. */
	uint64_t io_delay_ns[2]; /**< Total delay of those requests (ns). */
	uint64_t procs;		 /**< Member processes of this group. */
	uint64_t procs_subtree;	 /**< Members of this group and below. */
	uint32_t children;	 /**< Child groups. */
	uint32_t descendants;	 /**< Groups below this one. */
	uint32_t depth;		 /**< Depth; the root is 0. */
};

struct trlimit_group;

/**
 * @brief Policy hook: may @p who change the limits of @p target?
 *
 * @param[in] ctx     The context given to trlimit_root_init().
 * @param[in] target  The group whose limits would change.
 * @param[in] who     The caller identity passed to the setter.
 * @return 0 to allow; any other value denies with -TRLIMIT_EPERM.
 */
typedef int (*trlimit_policy_fn)(void *ctx, const struct trlimit_group *target,
				 const void *who);

/** @cond INTERNAL */
struct trlimit_counter {
	uint64_t own; /* charged to this group itself */
	uint64_t cur;
	uint64_t peak;
	uint64_t max;
	uint64_t high;
	uint64_t ev_max;
	uint64_t ev_max_local;
	uint64_t ev_high;
	uint64_t ev_high_local;
};

struct trlimit_bucket {
	uint64_t rate;	   /* per second; TRLIMIT_UNLIMITED when unset */
	uint64_t burst;	   /* bytes or operations */
	uint64_t burst_ns; /* time to fill the burst at rate */
	uint64_t tat;	   /* time at which the bucket is full again */
};
/** @endcond */

/**
 * @brief One group.  Allocate it anywhere; initialise it with
 * trlimit_root_init() or trlimit_group_init().
 */
struct trlimit_group {
	/** @cond INTERNAL */
	/* Locking: every field is guarded by the caller's tree lock. */
	uint32_t magic;
	uint32_t depth;
	struct trlimit_group *parent;
	struct trlimit_group *root;
	trlimit_policy_fn policy; /* root only */
	void *policy_ctx;	  /* root only */
	uint32_t nchildren;
	uint32_t weight;
	uint32_t ndesc;	    /* live descendants */
	uint32_t max_desc;  /* cgroup.max.descendants */
	uint32_t max_depth; /* cgroup.max.depth, relative to this group */
	uint64_t nprocs;
	uint64_t nprocs_sub;
	struct trlimit_counter cnt[TRLIMIT_RES_COUNT];
	/* CPU time (RLIMIT_CPU, rctl cputime) */
	uint64_t cpu_ns;
	uint64_t cpu_soft;
	uint64_t cpu_hard;
	bool xcpu_sent;
	/* CPU quota (cpu.max) */
	uint64_t quota;
	uint64_t period;
	uint64_t period_start;
	uint64_t period_used;
	uint64_t nr_periods;
	uint64_t nr_throttled;
	uint64_t throttled_ns;
	uint64_t throttled_until; /* end of the throttling announced last */
	/* CPU weight (cpu.weight) */
	uint64_t vruntime;
	/* I/O (io.max) */
	struct trlimit_bucket io[TRLIMIT_IO_KEY_COUNT];
	uint64_t io_bytes[2];
	uint64_t io_ops[2];
	uint64_t io_delayed[2];
	uint64_t io_delay_ns[2];
	/** @endcond */
};

/**
 * @brief Describe an error code.
 *
 * @param[in] err  An error code, negated or not.
 * @return A static string; never NULL ("unknown error" for unknown codes).
 */
const char *trlimit_strerror(int err);

/**
 * @brief Initialise @p root as the root of a new tree.
 *
 * @param[out] root    Caller storage for the root group: zeroed, or a
 *                     removed group.
 * @param[in]  policy  Policy hook asked by every limit setter, or NULL to
 *                     allow every caller (the embedder checks beforehand).
 * @param[in]  ctx     Context passed to @p policy.
 * @retval 0               Initialised; the root has no limits.
 * @retval -TRLIMIT_EINVAL @p root is NULL.
 * @retval -TRLIMIT_EEXIST @p root is a live group.
 * @note Context: any; O(1).
 */
int trlimit_root_init(struct trlimit_group *root, trlimit_policy_fn policy,
		      void *ctx);

/**
 * @brief Initialise @p g as a new child of @p parent, without limits.
 *
 * @p g must be zeroed or removed storage: a live group is refused, so that
 * storage still linked in the tree cannot be re-initialised by mistake.
 *
 * @param[out]    g       Caller storage for the new group.
 * @param[in,out] parent  An initialised group of the tree.
 * @retval 0               Initialised and linked below @p parent.
 * @retval -TRLIMIT_EINVAL @p g or @p parent is NULL, or they are the same.
 * @retval -TRLIMIT_EBADF  @p parent is not an initialised group.
 * @retval -TRLIMIT_EEXIST @p g is already an initialised group.
 * @retval -TRLIMIT_ENOSPC @p parent is at depth #TRLIMIT_DEPTH_MAX.
 * @retval -TRLIMIT_EAGAIN An ancestor's descendant or depth limit
 *                         (trlimit_set_tree_limits()) would be exceeded.
 * @note Context: any; O(1).  Caller serialises access to the tree.
 */
int trlimit_group_init(struct trlimit_group *g, struct trlimit_group *parent);

/**
 * @brief Unlink and invalidate an empty group.
 *
 * @param[in,out] g  The group; afterwards its storage may be reused.
 * @retval 0               Removed.
 * @retval -TRLIMIT_EINVAL @p g is NULL.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_EBUSY  @p g has child groups, member processes or
 *                         usage of a counted resource.
 * @note Context: any; O(1).  Caller serialises access to the tree.
 */
int trlimit_group_remove(struct trlimit_group *g);

/**
 * @brief Record that a process joined @p g (it belongs to this group only).
 *
 * @param[in,out] g  The group.
 * @retval 0               Counted in @p g and as a subtree member above.
 * @retval TRLIMIT_POPULATED_CHANGED Counted; it is the first process in the
 *                         subtree of @p g (cgroup.events `populated` 0 to 1,
 *                         for a "group populated" event).
 * @retval -TRLIMIT_EINVAL @p g is NULL.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @note Context: any; O(depth).  Never limited: migrations are accepted
 *       even when they put a group over a limit (cgroup v2).
 */
int trlimit_proc_attach(struct trlimit_group *g);

/**
 * @brief Record that a process left @p g.
 *
 * @param[in,out] g  The group.
 * @retval 0               Uncounted.
 * @retval TRLIMIT_POPULATED_CHANGED Uncounted; it was the last process in
 *                         the subtree of @p g (`populated` 1 to 0, for a
 *                         "group empty" event).
 * @retval -TRLIMIT_EINVAL @p g is NULL.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_ERANGE @p g has no member process.
 * @note Context: any; O(depth).
 */
int trlimit_proc_detach(struct trlimit_group *g);

/**
 * @brief Limit the subtree below @p g (privileged).
 *
 * As cgroup.max.descendants and cgroup.max.depth: creating a group below
 * @p g fails with -TRLIMIT_EAGAIN once @p g has @p max_descendants live
 * descendants, or when the new group would lie more than @p max_depth
 * levels below @p g.  Limits below the current tree are accepted.
 *
 * @param[in,out] g                The group (not the root).
 * @param[in]     max_descendants  Limit, or #TRLIMIT_TREE_UNLIMITED.
 * @param[in]     max_depth        Limit, or #TRLIMIT_TREE_UNLIMITED.
 * @param[in]     who              Caller identity for the policy hook.
 * @retval 0               Set.
 * @retval -TRLIMIT_EINVAL @p g is NULL or the root.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_EPERM  The policy hook denied @p who.
 */
int trlimit_set_tree_limits(struct trlimit_group *g, uint32_t max_descendants,
			    uint32_t max_depth, const void *who);

/**
 * @brief Parent of @p g.
 *
 * @param[in] g  A group.
 * @return The parent, or NULL for the root, NULL or an invalid group.
 */
struct trlimit_group *trlimit_group_parent(const struct trlimit_group *g);

/**
 * @brief Set every limit of the design notes at once (`rlimit_set`).
 *
 * All-or-nothing: every field is checked before any is applied.  Memory,
 * handles, children and IPC depth become the groups' `max`; CPU time the
 * SIGXCPU and kill limits; @c cpu_percent a quota of that many hundredths
 * of #TRLIMIT_CPU_PERIOD_DEFAULT; @c io_bandwidth the read and write byte
 * rates with a burst of 100 ms worth.  High marks, weights and operation
 * rates are left as they are.
 *
 * @param[in,out] g    The group (not the root).
 * @param[in]     l    The limits; #TRLIMIT_UNLIMITED fields remove limits.
 * @param[in]     who  Caller identity for the policy hook.
 * @retval 0               Applied.
 * @retval -TRLIMIT_EINVAL @p g or @p l is NULL, @p g is the root, or
 *                         @c cpu_percent or @c io_bandwidth is 0.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_EPERM  The policy hook denied @p who.
 * @retval -TRLIMIT_ERANGE @c cpu_percent above #TRLIMIT_CPU_PERCENT_MAX,
 *                         @c io_bandwidth above #TRLIMIT_IO_RATE_MAX, or
 *                         @c cpu_time_kill_ns below @c cpu_time_ns.
 * @note A limit below current usage is accepted; later charges fail.
 */
int trlimit_set(struct trlimit_group *g, const struct trlimit_limits *l,
		const void *who);

/**
 * @brief Fill @p l with "no limit" in every field.
 *
 * @param[out] l  Limits to clear; ignored when NULL.
 */
void trlimit_limits_init(struct trlimit_limits *l);

/**
 * @brief Take a snapshot of the usage of @p g (`rlimit_usage`).
 *
 * @param[in]  g    The group.
 * @param[out] out  The snapshot.
 * @retval 0               Filled.
 * @retval -TRLIMIT_EINVAL @p g or @p out is NULL.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @note Context: any; O(1).
 */
int trlimit_usage(const struct trlimit_group *g, struct trlimit_usage *out);

/**
 * @brief Charge @p n units of a counted resource to @p g and its ancestors.
 *
 * The charge must fit under the `max` of every group on the path;
 * otherwise nothing is charged, the denying group and its ancestors count a
 * `max` event, and the resource's error is returned.
 *
 * @param[in,out] g    The group of the process that allocates.
 * @param[in]     res  The resource.
 * @param[in]     n    Units (bytes for memory); not 0.
 * @retval 0               Charged; every group on the path is at or below
 *                         its high mark.
 * @retval TRLIMIT_HIGH    Charged; some group on the path is above its high
 *                         mark (memory pressure: reclaim or throttle).
 * @retval -TRLIMIT_EINVAL @p g is NULL, @p res is unknown or @p n is 0.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_ERANGE Usage would overflow 64 bits.
 * @retval -TRLIMIT_ENOMEM Memory max reached on the path.
 * @retval -TRLIMIT_EMFILE Handle max reached on the path.
 * @retval -TRLIMIT_EAGAIN Children or IPC queue max reached on the path.
 * @note Context: any; O(depth); no policy check.
 */
int trlimit_charge(struct trlimit_group *g, enum trlimit_res res, uint64_t n);

/**
 * @brief Return @p n units of a counted resource from @p g and ancestors.
 *
 * @param[in,out] g    The group that was charged.
 * @param[in]     res  The resource.
 * @param[in]     n    Units; not 0.
 * @retval 0               Uncharged.
 * @retval -TRLIMIT_EINVAL @p g is NULL, @p res is unknown or @p n is 0.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_ERANGE Less than @p n was charged to @p g itself (charges
 *                         of descendants are returned through them).
 * @note Context: any; O(depth).
 */
int trlimit_uncharge(struct trlimit_group *g, enum trlimit_res res, uint64_t n);

/**
 * @brief Move @p n units charged to @p from over to @p to, ignoring limits.
 *
 * For process migration: the usage follows the process even when @p to
 * ends above its limits (cgroup v2 accepts such migrations).
 *
 * @param[in,out] from  The group charged so far.
 * @param[in,out] to    The new group, in the same tree.
 * @param[in]     res   The resource.
 * @param[in]     n     Units; not 0.
 * @retval 0               Moved.
 * @retval -TRLIMIT_EINVAL NULL group, different trees, unknown @p res or
 *                         @p n is 0.
 * @retval -TRLIMIT_EBADF  A group is not initialised.
 * @retval -TRLIMIT_ERANGE Less than @p n was charged to @p from itself, or
 *                         usage on the path of @p to would overflow.
 * @note Context: any; O(depth).
 */
int trlimit_move(struct trlimit_group *from, struct trlimit_group *to,
		 enum trlimit_res res, uint64_t n);

/**
 * @brief Set the `max` of a counted resource (privileged).
 *
 * @param[in,out] g    The group (not the root).
 * @param[in]     res  The resource.
 * @param[in]     max  New limit, or #TRLIMIT_UNLIMITED; may be below usage.
 * @param[in]     who  Caller identity for the policy hook.
 * @retval 0               Set.
 * @retval -TRLIMIT_EINVAL @p g is NULL or the root, or @p res is unknown.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_EPERM  The policy hook denied @p who.
 */
int trlimit_set_max(struct trlimit_group *g, enum trlimit_res res, uint64_t max,
		    const void *who);

/**
 * @brief Set the `high` mark of a counted resource (privileged).
 *
 * Above the mark charges still succeed but return #TRLIMIT_HIGH and count
 * a `high` event (memory.high).
 *
 * @param[in,out] g     The group (not the root).
 * @param[in]     res   The resource.
 * @param[in]     high  New mark, or #TRLIMIT_UNLIMITED.
 * @param[in]     who   Caller identity for the policy hook.
 * @retval 0               Set.
 * @retval -TRLIMIT_EINVAL @p g is NULL or the root, or @p res is unknown.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_EPERM  The policy hook denied @p who.
 */
int trlimit_set_high(struct trlimit_group *g, enum trlimit_res res,
		     uint64_t high, const void *who);

/**
 * @brief The effective `max` of @p g: the tightest limit on its path.
 *
 * @param[in]  g    The group.
 * @param[in]  res  The resource.
 * @param[out] out  The limit, #TRLIMIT_UNLIMITED when none.
 * @retval 0               Stored in @p out.
 * @retval -TRLIMIT_EINVAL @p g or @p out is NULL, or @p res is unknown.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 */
int trlimit_effective_max(const struct trlimit_group *g, enum trlimit_res res,
			  uint64_t *out);

/**
 * @brief Set the CPU-time limits (privileged).
 *
 * Past @p soft_ns of CPU time (the group and its descendants) the next
 * charge reports #TRLIMIT_CPU_SIGXCPU once; past @p hard_ns every charge
 * reports #TRLIMIT_CPU_KILL.  Setting a new soft limit re-arms SIGXCPU.
 *
 * @param[in,out] g        The group (not the root).
 * @param[in]     soft_ns  SIGXCPU limit, or #TRLIMIT_UNLIMITED.
 * @param[in]     hard_ns  Kill limit, or #TRLIMIT_UNLIMITED.
 * @param[in]     who      Caller identity for the policy hook.
 * @retval 0               Set.
 * @retval -TRLIMIT_EINVAL @p g is NULL or the root.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_EPERM  The policy hook denied @p who.
 * @retval -TRLIMIT_ERANGE @p hard_ns is below @p soft_ns.
 */
int trlimit_set_cpu_time(struct trlimit_group *g, uint64_t soft_ns,
			 uint64_t hard_ns, const void *who);

/**
 * @brief Set the CPU quota per period, cpu.max (privileged).
 *
 * @param[in,out] g          The group (not the root: cgroup v2 refuses
 *                           to limit the root).
 * @param[in]     quota_ns   CPU time per period, at least 1 ms and at most
 *                           #TRLIMIT_CPU_QUOTA_PERIODS_MAX periods, or
 *                           #TRLIMIT_UNLIMITED to remove the quota.
 * @param[in]     period_ns  Period, 1 ms to 1 s.
 * @param[in]     who        Caller identity for the policy hook.
 * @retval 0               Set; the current period starts afresh.
 * @retval -TRLIMIT_EINVAL @p g is NULL or the root.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_EPERM  The policy hook denied @p who.
 * @retval -TRLIMIT_ERANGE @p quota_ns or @p period_ns out of range.
 */
int trlimit_set_cpu_max(struct trlimit_group *g, uint64_t quota_ns,
			uint64_t period_ns, const void *who);

/**
 * @brief Set the CPU weight, cpu.weight (privileged).
 *
 * @param[in,out] g       The group (not the root).
 * @param[in]     weight  #TRLIMIT_WEIGHT_MIN to #TRLIMIT_WEIGHT_MAX.
 * @param[in]     who     Caller identity for the policy hook.
 * @retval 0               Set.
 * @retval -TRLIMIT_EINVAL @p g is NULL or the root.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_EPERM  The policy hook denied @p who.
 * @retval -TRLIMIT_ERANGE @p weight out of range.
 */
int trlimit_set_cpu_weight(struct trlimit_group *g, uint32_t weight,
			   const void *who);

/**
 * @brief Account @p ran_ns of CPU time to @p g, ending at @p now.
 *
 * Called by the scheduler whenever it accounts a running process of @p g
 * (tick, switch-out).  Adds the time to every group on the path, advances
 * the virtual runtimes, uses up quotas and reports what to do.
 *
 * @param[in,out] g       The group of the process that ran.
 * @param[in]     ran_ns  CPU time used since the previous call.
 * @param[in]     now     Monotonic time (ns) at the end of that run.
 * @param[out]    v       Verdict: SIGXCPU / kill / throttle until
 *                        `ready_at`, and the remaining budget.
 * @retval 0               Accounted; see @p v.
 * @retval -TRLIMIT_EINVAL @p g or @p v is NULL.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @note Context: any; O(depth).  The run is counted in the period that
 *       contains @p now; a run beyond the quota is carried as debt into
 *       the next periods, so coarse ticks still give the right share.
 */
int trlimit_cpu_charge(struct trlimit_group *g, uint64_t ran_ns, uint64_t now,
		       struct trlimit_cpu_verdict *v);

/**
 * @brief May @p g run at @p now, and for how long?
 *
 * The scheduler asks before it runs a process of @p g and programs its
 * timer for at most `budget`; when throttled, it parks the group until
 * `ready_at`.  Changes nothing.
 *
 * @param[in]  g    The group.
 * @param[in]  now  Monotonic time (ns).
 * @param[out] v    Verdict: only #TRLIMIT_CPU_THROTTLE can be set.
 * @retval 0               Filled.
 * @retval -TRLIMIT_EINVAL @p g or @p v is NULL.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @note Context: any; O(depth).
 */
int trlimit_cpu_query(const struct trlimit_group *g, uint64_t now,
		      struct trlimit_cpu_verdict *v);

/**
 * @brief Virtual runtime of @p g for weighted sharing (cpu.weight).
 *
 * Each charge advances it by `ran_ns * 100 / weight`.  Among sibling
 * groups that are runnable and not throttled, running the one with the
 * smallest virtual runtime shares the CPU in proportion to the weights.
 *
 * @param[in] g  The group.
 * @return The virtual runtime in weighted ns; 0 for NULL or invalid @p g.
 */
uint64_t trlimit_cpu_vruntime(const struct trlimit_group *g);

/**
 * @brief Raise the virtual runtime of @p g to at least @p floor.
 *
 * A scheduler calls it when a group becomes runnable again, with the
 * smallest virtual runtime of its running siblings, so that time spent
 * idle is not claimed back as a burst.
 *
 * @param[in,out] g      The group.
 * @param[in]     floor  Lowest allowed virtual runtime.
 * @retval 0               Done.
 * @retval -TRLIMIT_EINVAL @p g is NULL.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 */
int trlimit_cpu_vruntime_floor(struct trlimit_group *g, uint64_t floor);

/**
 * @brief Set one io.max key: a token bucket of @p rate per second holding
 *        up to @p burst (privileged).
 *
 * @param[in,out] g      The group (not the root).
 * @param[in]     key    Which rate.
 * @param[in]     rate   Bytes or operations per second, 1 to
 *                       #TRLIMIT_IO_RATE_MAX, or #TRLIMIT_UNLIMITED.
 * @param[in]     burst  Bucket size in bytes or operations (0 paces every
 *                       request).
 * @param[in]     who    Caller identity for the policy hook.
 * @retval 0               Set.  A changed rate or burst starts from a
 *                         full bucket, as io.max restarts its slice on a
 *                         new configuration, so a backlog run up at a slow
 *                         old rate does not delay later requests; delays
 *                         already returned stand.
 * @retval -TRLIMIT_EINVAL @p g is NULL or the root, or @p key is unknown.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @retval -TRLIMIT_EPERM  The policy hook denied @p who.
 * @retval -TRLIMIT_ERANGE @p rate is 0 or above #TRLIMIT_IO_RATE_MAX.
 */
int trlimit_set_io(struct trlimit_group *g, enum trlimit_io_key key,
		   uint64_t rate, uint64_t burst, const void *who);

/**
 * @brief Account an I/O request and tell when it may proceed.
 *
 * Takes @p bytes from the byte bucket and one operation from the operation
 * bucket of direction @p dir in every group on the path.  The request is
 * never refused: it is delayed until every bucket on the path has paid for
 * it (io.max delays, it does not fail).
 *
 * @param[in,out] g         The group of the process doing the I/O.
 * @param[in]     dir       TRLIMIT_IO_READ or TRLIMIT_IO_WRITE.
 * @param[in]     bytes     Size of the request.
 * @param[in]     now       Monotonic time (ns) of submission.
 * @param[out]    ready_at  When the request may be issued (>= @p now).
 * @retval 0               Accounted.
 * @retval -TRLIMIT_EINVAL @p g or @p ready_at is NULL or @p dir unknown.
 * @retval -TRLIMIT_EBADF  @p g is not an initialised group.
 * @note Context: any; O(depth).
 */
int trlimit_io_charge(struct trlimit_group *g, enum trlimit_io_dir dir,
		      uint64_t bytes, uint64_t now, uint64_t *ready_at);

#ifdef __cplusplus
}
#endif

#endif /* TRLIMIT_RLIMIT_H */
/** @} */
