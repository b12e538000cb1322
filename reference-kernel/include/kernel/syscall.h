/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system call ABI, shared by the kernel and user space.
 *
 * svc #0 with the call number in x8 and arguments in x0-x5; the result, or
 * a negative error number, comes back in x0.  Every other register is
 * preserved.  Unknown numbers give -ENOSYS.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#define SYS_null	    0 /* () -> 0 */
#define SYS_exit	    1 /* (status) -> does not return */
#define SYS_debug_write	    2 /* (buf, len) -> len; len <= DEBUG_WRITE_MAX */
#define SYS_spawn	    3 /* (name, namelen, arg, arglen, handles, n) -> handle */
#define SYS_wait	    4  /* (handle, status *, timeout ns or 0) -> 0 */
#define SYS_kill	    5  /* (handle) -> 0 */
#define SYS_yield	    6  /* () -> 0 */
#define SYS_sleep	    7  /* (ns) -> 0 */
#define SYS_getpid	    8  /* () -> pid */
#define SYS_vm_alloc	    9  /* (len, prot) -> address */
#define SYS_handle_close    10 /* (handle) -> 0 */
#define SYS_uptime	    11 /* () -> ns since boot */
#define SYS_handle_dup	    12 /* (handle, rights) -> new handle */
#define SYS_debug_read	    13 /* () -> byte, or -EAGAIN */
#define SYS_channel_create  14 /* (handle_t out[2]) -> 0 */
#define SYS_channel_write   15 /* (h, buf, len, handles, n) -> 0 */
#define SYS_channel_read    16 /* (h, struct chan_msg *, timeout ns) -> 0 */
#define SYS_eventq_create   17 /* () -> handle */
#define SYS_event_subscribe 18 /* (q, kind, handle or id, ns, flags) -> 0 */
#define SYS_event_wait	    19 /* (q, struct event *, n, timeout ns) -> n */
#define SYS_open	    20 /* (path, len) -> file handle */
#define SYS_read	    21 /* (h, buf, len) -> bytes, 0 at the end */
#define SYS_write	    22 /* (h, buf, len) -> bytes */
#define SYS_scheme_register 23 /* (name, len) -> scheme handle */
#define SYS_scheme_next	    24 /* (sh, struct scheme_req *, timeout) -> 0 */
#define SYS_scheme_answer   25 /* (sh, tag, result, data, len) -> 0 */
#define SYS_scheme_get	    26 /* (sh, tag, buf, len) -> len */
#define SYS_region_map	    27 /* (h, prot) -> address */
#define SYS_region_info	    28 /* (h, uint64_t info[3]) -> 0 */
#define SYS_irq_wait	    29 /* (h, timeout) -> interrupts since last */
#define SYS_sysinfo	    30 /* (struct sysinfo *) -> 0 */
#define SYS_proc_list	    31 /* (struct proc_info *, n) -> count */
#define SYS_handle_pid	    32 /* (process handle) -> pid */
#define SYS_thread_create   33 /* (entry, stack top, arg) -> thread handle */
#define SYS_thread_exit	    34 /* (status) -> does not return */
#define SYS_thread_join	    35 /* (thread handle, status *, timeout) -> 0 */
#define SYS_set_priority    36 /* (0..3) -> 0; never above the creator's */
/* (h, struct chan_msg *, len, nh, timeout) -> 0: send, wait for the reply */
#define SYS_channel_call 37
/* (h, struct chan_msg *, len, nh, timeout) -> 0: reply, wait for the next */
#define SYS_channel_reply_wait 38
/* (sh, tag, result, data, len, struct scheme_req *) -> 0: answer, next */
#define SYS_scheme_answer_next 39
#define SYS_COUNT	       40

/* vm_alloc protection bits (write and execute never together). */
#define PROT_READ	1
#define PROT_WRITE	2
#define PROT_EXEC	4

#define DEBUG_WRITE_MAX 4096
#define MSG_MAX		256 /* bytes in one channel message */
#define MSG_HANDLES	4   /* handles in one channel message */
#define CHAN_QUEUE	16  /* messages queued at one end */
#define EVENT_WAIT_MAX	16  /* events returned by one event_wait */

/* event_subscribe kinds and flags; event.flags on return. */
#define EVENT_READ	  1 /* a channel end has messages (or its peer went) */
#define EVENT_PROCESS	  2 /* a process exited; data = status */
#define EVENT_TIMER	  3 /* a timer of the queue; ident = caller's id */
#define EVENT_IRQ	  4 /* an interrupt line fired; data = count */
#define EVENT_REQUEST	  5 /* a scheme handle may have requests */
#define EVENT_ONESHOT	  1
#define EVENT_DELETE	  2
#define EVENT_EOF	  0x8000
#define SPAWN_HANDLES_MAX 8
#define SLEEP_MAX_NS	  60000000000ULL /* one minute per call */

/* Error numbers: the project's shared numbers, then the kernel's own. */
#define EINVAL	    1
#define ENOSPC	    2
#define ENOENT	    3
#define EEXIST	    4
#define EPERM	    5
#define EAGAIN	    6
#define ERANGE	    7
#define EBUSY	    8
#define EBADF	    9
#define EFAULT	    10
#define ENOTCAPABLE 32 /* libcap: the handle lacks a right */
#define ECAPMODE    33 /* libcap: capability mode forbids it */
#define EWRONGTYPE  35 /* libcap: the handle names another kind of object */
#define ENOSYS	    40 /* no such system call */
#define ENOMEM	    41 /* out of memory or over the process's limit */
#define ENOEXEC	    42 /* not a valid program */
#define ETIMEDOUT   43 /* the wait's time limit passed */
#define EPEER	    44 /* the other end of the channel is closed */

/* Handle rights the kernel checks (libcap's bits). */
#define RIGHT_READ	(1ULL << 0)
#define RIGHT_WRITE	(1ULL << 1)
#define RIGHT_EVENT	(1ULL << 12)
#define RIGHT_KILL	(1ULL << 20)
#define RIGHT_WAIT	(1ULL << 21)
#define RIGHT_DUPLICATE (1ULL << 17)
#define RIGHT_TRANSFER	(1ULL << 18)
#define RIGHTS_SAME	(1ULL << 63)

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * channel_read: buffers in, sizes out.  channel_call and
 * channel_reply_wait use one buffer both ways, as an IPC buffer: the
 * message to send is the first len bytes of buf and the first nh handle
 * values at handles (the call's arguments); what comes back lands in the
 * same places (room cap bytes, hcap handles) and its sizes in len and nh.
 */
struct chan_msg {
	uint64_t buf;	  /* in: where the bytes go */
	uint64_t cap;	  /* in: room there */
	uint64_t handles; /* in: where the handle values go */
	uint64_t hcap;	  /* in: room there, in handles */
	uint64_t len;	  /* out: bytes received */
	uint64_t nh;	  /* out: handles received */
};

/* scheme_next: one request (ops as libscheme's TSCHEME_OP_*). */
#define SCHEME_OPEN	1
#define SCHEME_READ	2
#define SCHEME_WRITE	3
#define SCHEME_CLOSE	4
#define SCHEME_CANCEL	9
#define SCHEME_PATH_MAX 224
struct scheme_req {
	uint64_t id;	 /* the driver's id of the open file */
	uint64_t len;	 /* the client's buffer length */
	int64_t offset;	 /* seek offset */
	uint32_t tag;	 /* to answer */
	uint32_t op;	 /* SCHEME_* */
	uint32_t client; /* the client's process id */
	uint32_t path_len;
	char path[SCHEME_PATH_MAX]; /* Open: what follows /scheme/<name>/ */
};

struct sysinfo {
	uint64_t uptime_ns;
	uint64_t pages_total;
	uint64_t pages_free;
	uint32_t cpus;
	uint32_t procs;
	uint32_t page_size;
	uint32_t wakeups; /* idle CPUs woken by an interrupt */
};

struct proc_info {
	int32_t pid;
	int32_t parent;
	uint32_t state; /* 1 running, 2 exited */
	uint32_t pages;
	char name[32];
};

/* event_wait: one event. */
struct event {
	uint64_t ident; /* the handle (or timer id) subscribed */
	uint32_t kind;	/* EVENT_* */
	uint32_t flags; /* EVENT_EOF */
	int64_t data;	/* messages queued, exit status, expirations */
};
#endif

#endif
