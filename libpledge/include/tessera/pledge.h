/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file pledge.h
 * @brief libpledge: OpenBSD-style promises (pledge) and path visibility
 * (unveil) as an embeddable, freestanding library.
 *
 * @defgroup tpledge libpledge
 * @brief Promises, a syscall check engine and unveil path rules.
 *
 * A process holds two promise sets (struct tpledge_state): the promises
 * that gate its own system calls and the exec-promises its next image
 * starts with.  Both sets only ever shrink.  The kernel describes its
 * system calls once in a table (struct tpledge_table) and asks
 * tpledge_check() on every call; the answer is "allow" or a violation that
 * names the missing promise, ready for a message such as
 * `pledge "rpath", syscall 5`.
 *
 * Path visibility (struct tpledge_unveil) is a tree of path components
 * kept in a node pool and a name arena that the caller provides.  The most
 * specific rule on a path decides; a path no rule covers does not exist
 * (#TPLEDGE_ENOENT); a covered path without the permission is
 * #TPLEDGE_EACCES.  Paths are canonicalised lexically (`.`, `..`, repeated
 * `/`), never above `/` (#TPLEDGE_EESCAPE).
 *
 * Storage model: every object lives in caller memory; nothing allocates.
 * Size the unveil pool with #TPLEDGE_UNVEIL_NODES and
 * #TPLEDGE_UNVEIL_NAME_BYTES.  Out of space is #TPLEDGE_ENOSPC.
 *
 * Time: no function reads a clock or sleeps; none takes a time argument.
 *
 * Locking: no function takes a lock.  A process's state and unveil object
 * are changed only by that process's own system calls, fork and exec; the
 * caller serialises calls that change one object (a per-process lock, or
 * single-threaded processes).  Read-only calls (tpledge_check(),
 * tpledge_unveil_check()) may run concurrently with each other but not with
 * a change to the same object.  Syscall tables are read-only and shared.
 *
 * Errors: functions return 0 (or a documented non-negative value) on
 * success, else a negative `-TPLEDGE_E*` code; on error the object is
 * unchanged.
 * @{
 */
#ifndef TPLEDGE_PLEDGE_H
#define TPLEDGE_PLEDGE_H

#include <tessera/pledge_port.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @name Error codes
 * Returned negated.  The common codes share their numbers with every
 * Tessera library.
 * @{
 */
#define TPLEDGE_EINVAL	     1	/**< Invalid argument. */
#define TPLEDGE_ENOSPC	     2	/**< Node pool or name arena full. */
#define TPLEDGE_ENOENT	     3	/**< Path not visible (no rule covers it). */
#define TPLEDGE_EEXIST	     4	/**< Exists (reserved, common code). */
#define TPLEDGE_EPERM	     5	/**< Not permitted (increase, or locked). */
#define TPLEDGE_EAGAIN	     6	/**< Try again (reserved, common code). */
#define TPLEDGE_ERANGE	     7	/**< Output buffer too small. */
#define TPLEDGE_EBUSY	     8	/**< Busy (reserved, common code). */
#define TPLEDGE_EBADF	     9	/**< Bad handle (reserved, common code). */
#define TPLEDGE_EFAULT	     10 /**< Bad pointer (reserved, common code). */
#define TPLEDGE_EACCES	     32 /**< Path covered, permission missing. */
#define TPLEDGE_ENAMETOOLONG 33 /**< Path, name or text too long. */
#define TPLEDGE_ENOSYS	     34 /**< Violation under the "error" promise. */
#define TPLEDGE_EESCAPE	     35 /**< `..` would climb above `/`. */
/** @} */

/**
 * @name Promise bits
 * One bit per promise; a promise set is a uint64_t of these bits.
 * @{
 */
#define TPLEDGE_STDIO	(UINT64_C(1) << 0)  /**< Basic I/O on held handles. */
#define TPLEDGE_RPATH	(UINT64_C(1) << 1)  /**< Read-only path access. */
#define TPLEDGE_WPATH	(UINT64_C(1) << 2)  /**< Writing path access. */
#define TPLEDGE_CPATH	(UINT64_C(1) << 3)  /**< Create and remove paths. */
#define TPLEDGE_INET	(UINT64_C(1) << 4)  /**< IPv4 and IPv6 sockets. */
#define TPLEDGE_UNIX	(UINT64_C(1) << 5)  /**< Local (unix) sockets. */
#define TPLEDGE_DNS	(UINT64_C(1) << 6)  /**< Name resolution. */
#define TPLEDGE_PROC	(UINT64_C(1) << 7)  /**< fork, kill others, wait. */
#define TPLEDGE_EXEC	(UINT64_C(1) << 8)  /**< execve. */
#define TPLEDGE_PROT	(UINT64_C(1) << 9)  /**< mprotect adding exec. */
#define TPLEDGE_MMAP	(UINT64_C(1) << 10) /**< Executable mappings. */
#define TPLEDGE_TTY	(UINT64_C(1) << 11) /**< Terminal ioctls. */
#define TPLEDGE_AUDIO	(UINT64_C(1) << 12) /**< Audio device ioctls. */
#define TPLEDGE_VIDEO	(UINT64_C(1) << 13) /**< Video device ioctls. */
#define TPLEDGE_FATTR	(UINT64_C(1) << 14) /**< chmod, utimes, chflags. */
#define TPLEDGE_CHOWN	(UINT64_C(1) << 15) /**< chown family. */
#define TPLEDGE_FLOCK	(UINT64_C(1) << 16) /**< File locks. */
#define TPLEDGE_ID	(UINT64_C(1) << 17) /**< setuid family. */
#define TPLEDGE_RECVFD	(UINT64_C(1) << 18) /**< Receive handles. */
#define TPLEDGE_SENDFD	(UINT64_C(1) << 19) /**< Send handles. */
#define TPLEDGE_SETTIME (UINT64_C(1) << 20) /**< Set the clock. */
#define TPLEDGE_PS	(UINT64_C(1) << 21) /**< Inspect other processes. */
#define TPLEDGE_VMINFO	(UINT64_C(1) << 22) /**< Memory statistics. */
#define TPLEDGE_UNVEIL	(UINT64_C(1) << 23) /**< Call unveil. */
#define TPLEDGE_ERROR	(UINT64_C(1) << 24) /**< Violations return an error. */
/** Number of promises. */
#define TPLEDGE_NPROMISES 25
/** Every promise bit. */
#define TPLEDGE_ALL ((UINT64_C(1) << TPLEDGE_NPROMISES) - 1)
/**
 * Promises that may touch paths; a process that drops all of them loses
 * path access entirely (OpenBSD sys_pledge destroys the unveil state).
 */
#define TPLEDGE_PATH_PROMISES                                           \
	(TPLEDGE_RPATH | TPLEDGE_WPATH | TPLEDGE_CPATH | TPLEDGE_EXEC | \
	 TPLEDGE_UNIX | TPLEDGE_UNVEIL)
/**
 * "No change" for either set of tpledge_pledge() (the NULL of OpenBSD's
 * pledge(2)); it has bits outside #TPLEDGE_ALL, so it is never a set.
 */
#define TPLEDGE_KEEP UINT64_MAX
/** @} */

/**
 * @name Text limits
 * @{
 */
/** Longest promise text accepted, in bytes. */
#define TPLEDGE_TEXT_MAX 1024
/** Longest path (and working directory) accepted, in bytes. */
#define TPLEDGE_PATH_MAX 1024
/** Longest path component, in bytes. */
#define TPLEDGE_NAME_MAX 255
/** Length argument meaning "NUL-terminated, scan at most the limit". */
#define TPLEDGE_CSTR SIZE_MAX
/** Buffer size that holds any output of tpledge_promises_format(). */
#define TPLEDGE_FORMAT_MAX 192
/** @} */

/**
 * @brief Where a promise text went wrong.
 */
struct tpledge_span {
	uint32_t which;	 /**< 0: promises text, 1: exec-promises text. */
	uint32_t offset; /**< Byte offset of the offending word. */
	uint32_t length; /**< Its length in bytes. */
};

/**
 * @brief Promise state of one process.
 *
 * Initialise with tpledge_init(); change with tpledge_pledge(); copy with
 * tpledge_fork(); transform with tpledge_exec().
 */
struct tpledge_state {
	/** @cond INTERNAL */
	uint64_t promises;
	uint64_t execpromises;
	uint32_t flags;
	uint32_t pad;
	/** @endcond */
};

/**
 * @brief One node of the unveil tree: one path component.
 *
 * Opaque; the caller provides an array of these (see
 * #TPLEDGE_UNVEIL_NODES).
 */
struct tpledge_node {
	/** @cond INTERNAL */
	uint32_t parent;
	uint32_t bucket;
	uint32_t next;
	uint32_t hash;
	uint32_t name_off;
	uint16_t name_len;
	uint8_t perms;
	uint8_t flags;
	/** @endcond */
};

/**
 * @brief Unveil rules of one process: a component tree in caller storage.
 */
struct tpledge_unveil {
	/** @cond INTERNAL */
	struct tpledge_node *nodes;
	char *names;
	uint32_t nodes_cap;
	uint32_t nodes_used;
	uint32_t names_cap;
	uint32_t names_used;
	uint32_t rules;
	uint32_t flags;
	uint32_t mask;
	uint32_t pad;
	/** @endcond */
};

/**
 * @name Unveil permissions
 * @{
 */
#define TPLEDGE_UV_R 1u /**< "r": read, stat, open read-only. */
#define TPLEDGE_UV_W 2u /**< "w": write, truncate, change attributes. */
#define TPLEDGE_UV_X 4u /**< "x": execute. */
#define TPLEDGE_UV_C 8u /**< "c": create and remove entries. */
/** @} */

/**
 * @brief Nodes needed for @p rules rules of at most @p depth components.
 * @param rules Number of rules.
 * @param depth Components per rule.
 */
#define TPLEDGE_UNVEIL_NODES(rules, depth) ((rules) * (depth) + 1)
/**
 * @brief Name bytes needed for @p rules rules of at most @p pathlen bytes.
 * @param rules   Number of rules.
 * @param pathlen Longest rule path in bytes.
 */
#define TPLEDGE_UNVEIL_NAME_BYTES(rules, pathlen) ((rules) * (pathlen))

/**
 * @name Syscall table
 * @{
 */

/** @brief Argument rules a syscall entry may apply. */
enum tpledge_rule {
	TPLEDGE_RULE_NONE = 0, /**< The entry's promise mask alone decides. */
	/** arg = open flags: read needs rpath, write or truncate wpath,
	 *  create cpath (all required). */
	TPLEDGE_RULE_OPEN,
	/** arg = socket domain: inet domains need inet, unix needs unix. */
	TPLEDGE_RULE_SOCKET,
	/** arg = mmap protection: executable mappings need mmap. */
	TPLEDGE_RULE_MMAP,
	/** arg = mprotect protection: adding exec needs prot. */
	TPLEDGE_RULE_MPROTECT,
	/** arg = ioctl command: the ABI's always-allowed commands pass;
	 *  otherwise the target object's class (tty, audio, video) decides. */
	TPLEDGE_RULE_IOCTL,
	/** kill: a process may signal itself; others need proc. */
	TPLEDGE_RULE_KILL,
	/** arg = destination address: non-zero needs inet, unix or dns. */
	TPLEDGE_RULE_SENDTO,
	TPLEDGE_RULE_COUNT /**< Number of rules (not a rule). */
};

/** @brief Class of the object a call acts on, as the kernel knows it. */
enum tpledge_obj {
	TPLEDGE_OBJ_NONE = 0, /**< Unknown or not applicable. */
	TPLEDGE_OBJ_TTY,      /**< A terminal. */
	TPLEDGE_OBJ_AUDIO,    /**< An audio device. */
	TPLEDGE_OBJ_VIDEO,    /**< A video device. */
	TPLEDGE_OBJ_SELF,     /**< The calling process itself (kill). */
	TPLEDGE_OBJ_COUNT     /**< Number of classes (not a class). */
};

/** Entry flag: always allowed, whatever the promises (exit, pledge). */
#define TPLEDGE_SYS_ALWAYS 1u

/**
 * @brief How one system call is checked.
 *
 * A call is allowed when the process holds at least one promise of @c any
 * (if @c any is not 0) and everything the argument rule requires.  An entry
 * with @c any 0, no rule and no #TPLEDGE_SYS_ALWAYS is never allowed to a
 * pledged process.
 */
struct tpledge_sysent {
	uint64_t any;	  /**< Promises of which one suffices; 0: none asked. */
	const char *name; /**< Call name for messages; may be NULL. */
	uint8_t rule;	  /**< An enum tpledge_rule value. */
	uint8_t arg;	  /**< Index (0-5) of the argument the rule reads. */
	uint8_t flags;	  /**< #TPLEDGE_SYS_ALWAYS or 0. */
	uint8_t pad;	  /**< Zero. */
};

/** @brief The embedder's ABI constants that the argument rules read. */
struct tpledge_abi {
	uint64_t o_accmode;	  /**< Access-mode mask of open flags. */
	uint64_t o_rdonly;	  /**< Read-only access mode. */
	uint64_t o_wronly;	  /**< Write-only access mode. */
	uint64_t o_rdwr;	  /**< Read-write access mode. */
	uint64_t o_creat;	  /**< Create flag. */
	uint64_t o_trunc;	  /**< Truncate flag. */
	uint64_t af_inet;	  /**< IPv4 socket domain. */
	uint64_t af_inet6;	  /**< IPv6 socket domain. */
	uint64_t af_unix;	  /**< Local socket domain. */
	uint64_t prot_exec;	  /**< Execute bit of mmap/mprotect. */
	uint64_t ioctl_always[4]; /**< ioctls stdio allows (FIONREAD,
				       FIONBIO, FIOCLEX, FIONCLEX); 0 unused. */
};

/** @brief A syscall table: entries indexed by syscall number. */
struct tpledge_table {
	const struct tpledge_sysent *ent; /**< count entries. */
	uint32_t count;			  /**< Number of entries. */
	uint32_t pad;			  /**< Zero. */
	const struct tpledge_abi *abi;	  /**< ABI constants. */
};

/** @brief One system call as the check engine sees it. */
struct tpledge_call {
	uint32_t nr;	 /**< Syscall number. */
	uint32_t obj;	 /**< An enum tpledge_obj value for the target. */
	uint64_t arg[6]; /**< Raw arguments. */
};

/** @brief Outcome of tpledge_check(). */
enum tpledge_action {
	TPLEDGE_ALLOW = 0, /**< Run the call. */
	TPLEDGE_KILL = 1,  /**< Violation: kill the process. */
	TPLEDGE_DENY = 2   /**< Violation under "error": fail the call with
				the verdict's error, do not kill. */
};

/** @brief Details of a violation. */
struct tpledge_verdict {
	uint64_t missing; /**< The promise bit that would have allowed it
			       (0 when no promise would). */
	const char *call; /**< Call name from the table, or "?". */
	uint32_t nr;	  /**< Syscall number. */
	int32_t error;	  /**< -#TPLEDGE_ENOSYS for #TPLEDGE_DENY, else 0. */
};
/** @} */

/**
 * @brief Describe an error code.
 * @param[in] err A code, negated or not.
 * @return A static string; never NULL ("unknown error" for unknown codes).
 */
const char *tpledge_strerror(int err);

/**
 * @brief Name of one promise bit.
 * @param[in] bit A single promise bit, e.g. #TPLEDGE_RPATH.
 * @return The promise's name, or NULL when @p bit is not exactly one known
 *         promise bit.
 */
const char *tpledge_promise_name(uint64_t bit);

/**
 * @brief Parse OpenBSD's text form ("stdio rpath inet") into a set.
 *
 * Words are separated by runs of spaces; unknown words, and NUL bytes
 * inside @p len, are errors.  "prot_exec" is read as "prot mmap".
 *
 * @param[in]  text Text, @p len bytes (or NUL-terminated with
 *                  #TPLEDGE_CSTR).
 * @param[in]  len  Length in bytes, or #TPLEDGE_CSTR.
 * @param[out] set  The promise set; written only on success.
 * @param[out] bad  On #TPLEDGE_EINVAL, the offending word; may be NULL.
 * @retval 0                      Parsed.
 * @retval -TPLEDGE_EINVAL        NULL @p text or @p set, unknown word, or a
 *                                NUL byte (its offset, length 1).
 * @retval -TPLEDGE_ENAMETOOLONG  Longer than #TPLEDGE_TEXT_MAX.
 */
int tpledge_promises_parse(const char *text, size_t len, uint64_t *set,
			   struct tpledge_span *bad);

/**
 * @brief Format a set in canonical text form (fixed order, one space).
 * @param[in]  set  A promise set.
 * @param[out] buf  Output, NUL-terminated.
 * @param[in]  size Size of @p buf; #TPLEDGE_FORMAT_MAX always suffices.
 * @return The length written (without the NUL).
 * @retval -TPLEDGE_EINVAL  Bits outside #TPLEDGE_ALL, or NULL @p buf.
 * @retval -TPLEDGE_ERANGE  @p size too small; @p buf untouched.
 */
int tpledge_promises_format(uint64_t set, char *buf, size_t size);

/**
 * @brief Start a process unpledged: every call allowed, no exec-promises.
 * @param[out] st State to initialise.
 */
void tpledge_init(struct tpledge_state *st);

/**
 * @brief Whether the process has pledged (its promises restrict it).
 * @param[in] st State.
 * @retval true  pledge has been called (or exec applied exec-promises).
 * @retval false Unpledged: every call is allowed.
 */
bool tpledge_is_pledged(const struct tpledge_state *st);

/**
 * @brief Current promises (#TPLEDGE_ALL when unpledged).
 * @param[in] st State.
 * @return The promise set.
 */
uint64_t tpledge_promises(const struct tpledge_state *st);

/**
 * @brief Current exec-promises (#TPLEDGE_KEEP when none were set).
 * @param[in] st State.
 * @return The exec-promise set, or #TPLEDGE_KEEP.
 */
uint64_t tpledge_execpromises(const struct tpledge_state *st);

/**
 * @brief pledge(2): restrict promises and exec-promises.
 *
 * Both sets are validated before either is applied.  A set may only shrink
 * (the first call on each set may choose freely).  Under the "error"
 * promise an increase of @p promises is silently masked to the current set
 * (OpenBSD sys_pledge); exec-promises never grow.  When the new promises
 * hold none of #TPLEDGE_PATH_PROMISES, @p uv loses every rule and all path
 * access (tpledge_unveil_check() then returns #TPLEDGE_ENOENT).
 *
 * @param[in,out] st           State.
 * @param[in,out] uv           The process's unveil object, or NULL.
 * @param[in]     promises     New promises, or #TPLEDGE_KEEP.
 * @param[in]     execpromises New exec-promises, or #TPLEDGE_KEEP.
 * @retval 0               Applied.
 * @retval -TPLEDGE_EINVAL NULL @p st, or bits outside #TPLEDGE_ALL.
 * @retval -TPLEDGE_EPERM  A set would grow; nothing changed.
 */
int tpledge_pledge(struct tpledge_state *st, struct tpledge_unveil *uv,
		   uint64_t promises, uint64_t execpromises);

/**
 * @brief pledge(2) with OpenBSD's text arguments (NULL: no change).
 * @param[in,out] st           State.
 * @param[in,out] uv           The process's unveil object, or NULL.
 * @param[in]     promises     NUL-terminated promise text, or NULL.
 * @param[in]     execpromises NUL-terminated exec-promise text, or NULL.
 * @param[out]    bad          On a parse error, the offending word; may be
 *                             NULL.
 * @retval 0                      Applied.
 * @retval -TPLEDGE_EINVAL        NULL @p st, or an unknown word.
 * @retval -TPLEDGE_ENAMETOOLONG  A text longer than #TPLEDGE_TEXT_MAX.
 * @retval -TPLEDGE_EPERM         A set would grow; nothing changed.
 */
int tpledge_pledge_text(struct tpledge_state *st, struct tpledge_unveil *uv,
			const char *promises, const char *execpromises,
			struct tpledge_span *bad);

/**
 * @brief What a child gets at fork or spawn: a copy of the promises and
 * exec-promises.
 * @param[in]  parent The parent's state.
 * @param[out] child  The child's state.
 */
void tpledge_fork(const struct tpledge_state *parent,
		  struct tpledge_state *child);

/**
 * @brief What a process keeps across exec.
 *
 * With exec-promises set, the new image starts pledged with them (and
 * keeps them as its exec-promises, so they bind its own children) and keeps
 * its unveil rules; a set-id image is refused.  Without exec-promises the
 * new image runs unpledged with no unveil rules.
 *
 * @param[in,out] st    State.
 * @param[in,out] uv    The process's unveil object, or NULL.
 * @param[in]     setid The new image is set-user-id or set-group-id.
 * @retval 0               Applied.
 * @retval -TPLEDGE_EINVAL NULL @p st.
 * @retval -TPLEDGE_EACCES Exec-promises are set and @p setid; unchanged.
 */
int tpledge_exec(struct tpledge_state *st, struct tpledge_unveil *uv,
		 bool setid);

/**
 * @brief What a child gets at spawn: fork and exec in one step.
 *
 * The child starts as tpledge_exec() would leave a forked copy of the
 * parent: with the parent's exec-promises (and a copy of the parent's
 * unveil rules) when those are set, else unpledged with no rules.  Nothing
 * is written unless every check passes.
 *
 * @param[in]  parent    The parent's state.
 * @param[in]  parent_uv The parent's unveil object, or NULL.
 * @param[out] child     The child's state.
 * @param[out] child_uv  The child's unveil object, initialised over its own
 *                       storage; or NULL.
 * @param[in]  setid     The child image is set-user-id or set-group-id.
 * @retval 0               Child set up.
 * @retval -TPLEDGE_EINVAL NULL @p parent or @p child, exactly one of
 *                         @p parent_uv and @p child_uv NULL, or the child's
 *                         state or unveil object is the parent's.
 * @retval -TPLEDGE_EACCES Exec-promises are set and @p setid.
 * @retval -TPLEDGE_ENOSPC The child's unveil storage cannot hold the
 *                         parent's rules.
 */
int tpledge_spawn(const struct tpledge_state *parent,
		  const struct tpledge_unveil *parent_uv,
		  struct tpledge_state *child, struct tpledge_unveil *child_uv,
		  bool setid);

/**
 * @brief Check a syscall table once (at boot) before using it.
 * @param[in] tab Table.
 * @retval 0               Usable by tpledge_check().
 * @retval -TPLEDGE_EINVAL NULL table or entries, unknown rule, argument
 *                         index above 5, unknown flags or promise bits, or
 *                         NULL ABI while a rule needs it.
 */
int tpledge_table_validate(const struct tpledge_table *tab);

/**
 * @brief Decide one system call.  O(1): a table index and a few masks.
 *
 * An unpledged process is always allowed.  A number beyond the table is a
 * violation with @c missing 0.  Calls tpledge_table_validate() accepted
 * are required; the table is not re-checked here.
 *
 * @param[in]  st   The caller's state.
 * @param[in]  tab  A validated table.
 * @param[in]  call The call.
 * @param[out] v    Filled on a violation; may be NULL.
 * @retval TPLEDGE_ALLOW  Allowed.
 * @retval TPLEDGE_KILL   Violation: the kernel kills the process.
 * @retval TPLEDGE_DENY   Violation under "error": the call fails with
 *                        -#TPLEDGE_ENOSYS (in @p v).
 */
int tpledge_check(const struct tpledge_state *st,
		  const struct tpledge_table *tab,
		  const struct tpledge_call *call, struct tpledge_verdict *v);

/**
 * @brief Format a violation as `pledge "rpath", syscall 5`.
 *
 * A violation with no missing promise prints `pledge "?", syscall N`.
 *
 * @param[in]  v    Verdict from tpledge_check().
 * @param[out] buf  Output, NUL-terminated.
 * @param[in]  size Size of @p buf (48 always suffices).
 * @return The length written (without the NUL).
 * @retval -TPLEDGE_EINVAL NULL @p v or @p buf.
 * @retval -TPLEDGE_ERANGE @p size too small; @p buf untouched.
 */
int tpledge_verdict_format(const struct tpledge_verdict *v, char *buf,
			   size_t size);

/**
 * @brief Initialise an unveil object over caller storage; no rules, so
 * every path is visible.
 * @param[out] uv        Object.
 * @param[in]  nodes     Node pool (at least 1 node: the root).
 * @param[in]  nnodes    Number of nodes.
 * @param[in]  names     Name arena.
 * @param[in]  names_len Its size in bytes.
 * @retval 0               Ready.
 * @retval -TPLEDGE_EINVAL NULL @p uv or @p nodes, @p nnodes 0 or above
 *                         2^31, or NULL @p names with a non-zero size.
 */
int tpledge_unveil_init(struct tpledge_unveil *uv, struct tpledge_node *nodes,
			uint32_t nnodes, char *names, uint32_t names_len);

/**
 * @brief Parse an unveil permission string ("rwxc" subset, "" hides).
 * @param[in]  perms NUL-terminated string.
 * @param[out] bits  #TPLEDGE_UV_R and friends; written only on success.
 * @retval 0                      Parsed.
 * @retval -TPLEDGE_EINVAL        NULL argument or a character not in
 *                                "rwxc".
 * @retval -TPLEDGE_ENAMETOOLONG  More than 4 characters.
 */
int tpledge_unveil_perms(const char *perms, uint32_t *bits);

/**
 * @brief unveil(2): add or replace a rule, or lock.
 *
 * `path` and `perms` both NULL lock the object: every later call returns
 * #TPLEDGE_EPERM.  Otherwise @p path (relative paths start at @p cwd) is
 * canonicalised and its rule set to @p perms; re-unveiling a path replaces
 * its permissions, more or fewer (OpenBSD's implementation; the man page
 * differs).  The first rule turns the veil on.
 *
 * @param[in,out] uv    Object.
 * @param[in]     cwd   Absolute working directory (NUL-terminated), or NULL
 *                      when @p path is absolute.
 * @param[in]     path  Path, @p len bytes, or NULL to lock.
 * @param[in]     len   Length of @p path, or #TPLEDGE_CSTR.
 * @param[in]     perms Permission string, or NULL to lock.
 * @retval 0                      Rule set (or locked).
 * @retval -TPLEDGE_EINVAL        NULL @p uv, only one of @p path / @p perms
 *                                NULL, empty path, NUL inside @p len, bad
 *                                permission character, relative path
 *                                without an absolute @p cwd.
 * @retval -TPLEDGE_ENAMETOOLONG  Path, @p cwd or a component too long, or
 *                                permissions longer than 4 characters.
 * @retval -TPLEDGE_EESCAPE       `..` climbs above `/`.
 * @retval -TPLEDGE_EPERM         Locked, or path access disabled by
 *                                tpledge_pledge().
 * @retval -TPLEDGE_ENOSPC        Node pool or name arena full.
 */
int tpledge_unveil(struct tpledge_unveil *uv, const char *cwd, const char *path,
		   size_t len, const char *perms);

/**
 * @brief Decide whether @p path may be used with permissions @p want.
 *
 * The most specific rule on the canonical path decides.  Parents of an
 * unveiled path can be walked through but are themselves invisible.  A
 * rule with no permissions hides its subtree.
 *
 * @param[in] uv   Object.
 * @param[in] cwd  Absolute working directory, or NULL for absolute paths.
 * @param[in] path Path, @p len bytes.
 * @param[in] len  Length, or #TPLEDGE_CSTR.
 * @param[in] want Needed permissions (#TPLEDGE_UV_R ...); 0 asks for
 *                 visibility only.
 * @retval 0                      Allowed (or no veil is active).
 * @retval -TPLEDGE_ENOENT        No rule covers the path, its rule hides
 *                                it, or path access is disabled.
 * @retval -TPLEDGE_EACCES        Covered, but a wanted permission is
 *                                missing.
 * @retval -TPLEDGE_EINVAL        NULL @p uv or @p path, empty path, NUL
 *                                inside @p len, unknown @p want bits, or a
 *                                relative path without an absolute @p cwd.
 * @retval -TPLEDGE_ENAMETOOLONG  Path, @p cwd or a component too long.
 * @retval -TPLEDGE_EESCAPE       `..` climbs above `/`.
 */
int tpledge_unveil_check(const struct tpledge_unveil *uv, const char *cwd,
			 const char *path, size_t len, uint32_t want);

/**
 * @brief Canonical absolute form of a path (what tpledge_unveil() stores).
 *
 * Resolves `.`, `..` and repeated or trailing `/` lexically; relative paths
 * start at @p cwd.  The result of canonicalising a canonical path is the
 * same path.
 *
 * @param[in]  cwd  Absolute working directory, or NULL.
 * @param[in]  path Path, @p len bytes.
 * @param[in]  len  Length, or #TPLEDGE_CSTR.
 * @param[out] out  Output, NUL-terminated.
 * @param[in]  size Size of @p out.
 * @return The length written (at least 1, "/").
 * @retval -TPLEDGE_EINVAL        NULL @p path or @p out, empty path, NUL
 *                                inside @p len, or a relative path without
 *                                an absolute @p cwd.
 * @retval -TPLEDGE_ENAMETOOLONG  Path, @p cwd or a component too long.
 * @retval -TPLEDGE_EESCAPE       `..` climbs above `/`.
 * @retval -TPLEDGE_ERANGE        @p size too small.
 */
int tpledge_path_canon(const char *cwd, const char *path, size_t len, char *out,
		       size_t size);

/**
 * @brief Whether unveil(NULL, NULL) has locked @p uv.
 * @param[in] uv Object.
 * @retval true  Locked: tpledge_unveil() returns #TPLEDGE_EPERM.
 * @retval false Not locked.
 */
bool tpledge_unveil_locked(const struct tpledge_unveil *uv);

/**
 * @brief Number of rules in @p uv.
 * @param[in] uv Object.
 * @return The number of paths with a rule.
 */
uint32_t tpledge_unveil_rules(const struct tpledge_unveil *uv);

/**
 * @brief What a child gets at fork or spawn: a copy of every rule, the lock
 * and the disabled state, into the child's own storage.
 * @param[in]  parent The parent's object.
 * @param[out] child  An object initialised over the child's storage; its
 *                    previous rules are replaced.
 * @retval 0               Copied.
 * @retval -TPLEDGE_EINVAL NULL argument, or @p parent == @p child.
 * @retval -TPLEDGE_ENOSPC The child's pool or arena is smaller than what the
 *                         parent uses; @p child unchanged.
 */
int tpledge_unveil_fork(const struct tpledge_unveil *parent,
			struct tpledge_unveil *child);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* TPLEDGE_PLEDGE_H */
