/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * User space: address spaces, processes, threads, the scheduler and the
 * system call table.
 *
 * Locking: one kernel lock (kernel_lock) is held whenever a CPU runs kernel
 * code on behalf of a thread or scheduler state is touched; it is taken on
 * every exception from EL0 and dropped on the way back.  Kernel code runs
 * with interrupts masked and is not preempted; user code is preempted at
 * each timer tick.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <arch/sysreg.h>
#include <arch/trap.h>
#include <kernel/kernel.h>
#include <kernel/syscall.h>
#include <tessera/cap.h>
#include <tessera/kevent.h>
#include <tessera/rlimit.h>

#define MAX_PROCS	32
#define MAX_THREADS	64
#define KSTACK_SIZE	(8 * 1024)
#define PROC_HANDLES	32
#define PROC_NAME_MAX	32
#define PROC_ARG_MAX	128
#define PROC_PAGE_LIMIT 4096 /* 16 MiB of user memory per process */
#define NPRIO		4

/* User virtual layout (TTBR0, 39 bits). */
#define USER_BASE	0x10000UL
#define USER_TOP	(1UL << VA_BITS)
#define USER_STACK_TOP	0x7fff000000UL
#define USER_STACK_SIZE (64 * 1024)
#define USER_HEAP_BASE	0x1000000000UL

#define VM_R		1u
#define VM_W		2u
#define VM_X		4u

/* Exit statuses the kernel gives a process it ends. */
#define STATUS_KILLED 137
#define STATUS_FAULT  139

#define VM_TC	      8
struct vm_tc {
	uint64_t va; /* user page + 1 (never 0 = empty) */
	uint64_t pa; /* its physical page; bit 0: writable */
};

struct vm {
	uint64_t l1;		  /* PA of the level-1 table, 0 = none */
	uint16_t asid;		  /* 1..MAX_PROCS */
	uint64_t npages;	  /* user pages mapped (not tables) */
	struct trlimit_group *rl; /* charged for every user page */
	uint64_t heap;		  /* next free address for vm_alloc */
	struct vm_tc tc[VM_TC];	  /* recent translations (vm.c) */
};

/* A checked user range of at most a page, by kernel address (vm.c). */
struct uspan {
	uint8_t *k[2];
	uint32_t n[2];
};

/*
 * Copy a message-sized block (at most a page): eight bytes at a time with
 * unaligned accesses (normal memory only: the linear map of RAM, never a
 * device), then the tail.
 */
static inline void
copy_small(void *dst, const void *src, uint32_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	for (; n >= 8; n -= 8, d += 8, s += 8) {
		uint64_t v;

		__builtin_memcpy(&v, s, 8);
		__builtin_memcpy(d, &v, 8);
	}
	if (n >= 4) {
		uint32_t v;

		__builtin_memcpy(&v, s, 4);
		__builtin_memcpy(d, &v, 4);
		n -= 4;
		d += 4;
		s += 4;
	}
	for (; n > 0; n--)
		*d++ = *s++;
}

static inline void
uspan_to(const struct uspan *s, const void *src, uint32_t len)
{
	uint32_t a = len < s->n[0] ? len : s->n[0];

	copy_small(s->k[0], src, a);
	if (len > a)
		copy_small(s->k[1], (const uint8_t *)src + a, len - a);
}

static inline void
uspan_from(void *dst, const struct uspan *s, uint32_t len)
{
	uint32_t a = len < s->n[0] ? len : s->n[0];

	copy_small(dst, s->k[0], a);
	if (len > a)
		copy_small((uint8_t *)dst + a, s->k[1], len - a);
}

struct context {
	uint64_t x19_x29[11];
	uint64_t lr;
	uint64_t sp;
};

/*
 * T_DEAD: exited, still on its CPU until the scheduler loop takes it off;
 * T_ZOMBIE: off the CPU, kept for the handles that name it (join).
 */
enum thread_state {
	T_FREE,
	T_RUNNABLE,
	T_RUNNING,
	T_BLOCKED,
	T_DEAD,
	T_ZOMBIE
};

struct proc;

struct thread {
	enum thread_state state;
	struct proc *proc;
	struct context ctx;
	uint8_t *kstack;
	struct trap_frame *frame; /* at the top of kstack */
	unsigned int prio;
	unsigned int max_prio; /* the creator's: a ceiling for set_priority */
	uint64_t last_run;
	uint64_t wake_at;	/* timer count; 0 = no deadline */
	const void *wait_on;	/* what a blocked thread waits for */
	struct thread *wq_next; /* on a channel end's list of readers */
	/* Channels (ipc.c): the receive side of a blocked read or call. */
	struct uspan rx; /* its buffer; rx.n[0] + rx.n[1] = room */
	bool rx_ready;	 /* a writer may copy straight into rx */
	bool rx_done;	 /* one did: rx_len bytes (or rx_err) */
	uint32_t rx_len;
	int rx_err;
	void *rx_msg;		 /* a reply with handles, as a message */
	uint64_t call_id;	 /* in channel_call: its number; else 0 */
	struct thread *reply_to; /* the caller whose message it read last */
	uint64_t reply_id;	 /* that call's number */
	const void *reply_end;	 /* the end it was read from */
	bool timed_out;
	unsigned int cpu;
	int tid;
	int status;	 /* thread_exit's, for join */
	uint32_t refs;	 /* handles naming this thread */
	bool sdone;	 /* a namespace request completed */
	int64_t sresult; /* its result */
};

enum proc_state { P_FREE, P_LIVE, P_ZOMBIE };

struct proc {
	enum proc_state state;
	int pid;
	int status;
	bool killed;
	bool reaped;   /* address space and handles released */
	bool exiting;  /* status is final; the threads are ending */
	int nthreads;  /* threads not yet dead */
	uint32_t refs; /* handles naming this process */
	char name[PROC_NAME_MAX];
	struct proc *parent;
	struct vm vm;
	struct thread *main;
	struct tcap_table handles;
	struct tcap_entry slots[PROC_HANDLES];
	struct tcap_proc capmode;
	struct tkev_source events; /* exit, for event queues */
	struct trlimit_group rl;   /* librlimit: its memory */
};

/* Handle types beyond libcap's built-in ones. */
#define TYPE_SCHEME 11 /* a registered scheme (driver side) */
#define TYPE_THREAD 12 /* a thread (join) */
#define TYPE_COUNT  13

/* A physical range a driver may map (device registers, the initrd). */
struct region {
	uint64_t pa, size;	 /* page-aligned */
	uint64_t offset, length; /* the object inside */
	bool device;
	uint32_t kind; /* console: UART_* kind; others 1; 0 = absent */
};

struct irq_line {
	uint32_t intid;
	uint32_t pending;
	struct tkev_source src;
};

#define BOOT_OBJS 4
struct boot_obj {
	void *obj;
	uint32_t type;
	uint64_t rights;
};

extern struct spinlock kernel_lock;

/* vm.c */
int vm_create(struct vm *vm, uint16_t asid);
void vm_destroy(struct vm *vm);
int vm_map_new(struct vm *vm, uint64_t va, uint64_t len, unsigned int prot);
uint64_t vm_lookup(struct vm *vm, uint64_t va, bool write);
bool vm_range_ok(struct vm *vm, uint64_t va, uint64_t len, bool write);
void *vm_user_ptr_slow(struct vm *vm, uint64_t va, uint64_t len, bool write);
bool vm_user_span_slow(struct vm *vm, uint64_t va, uint64_t len, bool write,
		       struct uspan *s);

/* The kernel address of @p va from the translation cache, or NULL. */
static inline uint8_t *
vm_tc_hit(const struct vm *vm, uint64_t va, bool write)
{
	const struct vm_tc *c = &vm->tc[(va / PAGE_SIZE) % VM_TC];

	if (c->va != ((va & ~(uint64_t)(PAGE_SIZE - 1)) | 1) ||
	    (write && (c->pa & 1) == 0))
		return NULL;
	return (uint8_t *)(uintptr_t)(LINEAR_BASE + (c->pa & ~(uint64_t)1) +
				      (va & (PAGE_SIZE - 1)));
}

/*
 * The kernel address of a user range that lies inside one page, checked
 * like vm_range_ok; NULL when the range is bad or crosses a page.
 */
static inline void *
vm_user_ptr(struct vm *vm, uint64_t va, uint64_t len, bool write)
{
	uint8_t *k = vm_tc_hit(vm, va, write);

	if (k != NULL && len <= PAGE_SIZE &&
	    (va & (PAGE_SIZE - 1)) + len <= PAGE_SIZE)
		return k;
	return vm_user_ptr_slow(vm, va, len, write);
}

/* A user range of at most a page, checked and translated (vm.c). */
static inline bool
vm_user_span(struct vm *vm, uint64_t va, uint64_t len, bool write,
	     struct uspan *s)
{
	uint8_t *k = vm_tc_hit(vm, va, write);

	if (k != NULL && len > 0 && len <= PAGE_SIZE &&
	    (va & (PAGE_SIZE - 1)) + len <= PAGE_SIZE) {
		s->k[0] = k;
		s->n[0] = (uint32_t)len;
		s->k[1] = NULL;
		s->n[1] = 0;
		return true;
	}
	return vm_user_span_slow(vm, va, len, write, s);
}
int copyin(struct vm *vm, void *dst, uint64_t usrc, size_t n);
int copyout(struct vm *vm, uint64_t udst, const void *src, size_t n);
void vm_activate(const struct vm *vm);
void vm_deactivate(void);
void vm_init_empty(void);
int vm_map_phys(struct vm *vm, uint64_t va, uint64_t pa, uint64_t len,
		unsigned int prot, bool device);

/* initrd.c */
void initrd_set(const void *base, size_t size);
int initrd_find(const char *name, size_t len, const uint8_t **data,
		size_t *size);
const void *initrd_builtin(size_t *size);

/* proc.c */
extern struct thread *cur_thread[MAX_CPUS];

/* The thread this CPU runs (NULL in its scheduler loop). */
static inline struct thread *
current(void)
{
	return cur_thread[this_cpu() % MAX_CPUS];
}

int proc_spawn(struct proc *parent, const char *name, size_t namelen,
	       const char *arg, size_t arglen, const uint32_t *handles,
	       size_t nhandles, struct proc **out);
_Noreturn void proc_exit(int status);
int proc_kill(struct proc *p);
int proc_wait(struct proc *p, uint64_t timeout_ns, int *status);
int thread_sleep(uint64_t ns);
void thread_yield(void);
void sched_tick(void);
_Noreturn void sched_start(unsigned int cpu);
void user_start(const char *init, const char *arg);
const void *initrd_choose(const void *rd, size_t rdsize, size_t *size);
bool user_started(void);
void user_fault(struct trap_frame *f, const char *what);
void user_return_slow(void);
extern uint32_t need_resched[MAX_CPUS];

/* On every way back to EL0: a killed process ends, a used slice yields. */
static inline void
user_return_check(void)
{
	struct thread *t = current();

	if (t != NULL &&
	    (t->proc->killed || need_resched[this_cpu() % MAX_CPUS]))
		user_return_slow();
}
uint64_t uptime_ns(void);
int proc_count(void);

bool thread_block(const void *obj, uint64_t deadline);
void thread_wake(const void *obj);
bool thread_wake_one(struct thread *t, const void *obj);
extern struct thread *handoff[MAX_CPUS];

/*
 * Make the blocked thread @p t runnable for a switch that follows at once
 * (the current thread blocks and switch_direct takes @p t): no idle CPU is
 * woken for it, and none can take it, since the kernel lock stays held.
 */
static inline void
thread_hand_to(struct thread *t)
{
	t->state = T_RUNNABLE;
	t->wait_on = NULL;
	handoff[this_cpu() % MAX_CPUS] = t;
}
extern const struct tcap_object_ops kernel_obj_ops;
uint64_t ns_to_count(uint64_t ns);

int thread_index(const struct thread *t);
int64_t sys_thread_create(const uint64_t *a);
int64_t sys_thread_exit(const uint64_t *a);
int64_t sys_thread_join(const uint64_t *a);
int64_t sys_set_priority(const uint64_t *a);
struct thread *thread_by_index(int i);
struct proc *proc_by_pid(int pid);
int proc_list(struct proc_info *out, int n);

/* ns.c: namespace and driver objects */
struct platform;
struct gic;
void ns_init(const struct platform *p, const struct gic *g, const void *rd,
	     size_t rdsize);
const struct boot_obj *ns_boot_objs(int *n);
bool ns_irq(uint32_t intid);
void ns_retain(void *obj, uint32_t type);
void ns_release(void *obj, uint32_t type);
void ns_proc_exit(int pid);
struct tkev_source *ns_source(void *obj, uint32_t type);
const uint64_t *kernel_type_rights(uint32_t *n);
int64_t sys_open(const uint64_t *a);
int64_t sys_read(const uint64_t *a);
int64_t sys_write(const uint64_t *a);
int64_t sys_scheme_register(const uint64_t *a);
int64_t sys_scheme_next(const uint64_t *a);
int64_t sys_scheme_answer(const uint64_t *a);
int64_t sys_scheme_answer_next(const uint64_t *a);
int64_t sys_scheme_get(const uint64_t *a);
int64_t sys_region_map(const uint64_t *a);
int64_t sys_region_info(const uint64_t *a);
int64_t sys_irq_wait(const uint64_t *a);

/* ipc.c: channels and event queues */
void ipc_retain(void *obj, uint32_t type);
void ipc_release(void *obj, uint32_t type);
void ipc_init(void);
void ipc_timers(void);
int64_t sys_channel_create(const uint64_t *a);
int64_t sys_channel_write(const uint64_t *a);
int64_t sys_channel_read(const uint64_t *a);
int64_t sys_channel_call(const uint64_t *a);
int64_t sys_channel_reply_wait(const uint64_t *a);
int64_t sys_eventq_create(const uint64_t *a);
int64_t sys_event_subscribe(const uint64_t *a);
int64_t sys_event_wait(const uint64_t *a);

/* syscall.c */
void syscall_dispatch(struct trap_frame *f);

#endif
