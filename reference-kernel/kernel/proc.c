// SPDX-License-Identifier: BSD-2-Clause
/*
 * Processes, threads and the scheduler.
 *
 * Every CPU runs a scheduler loop on its boot stack.  A thread gives up
 * its CPU by switching to that loop (ctx_switch), which picks the next
 * runnable thread: highest priority first, the one that ran least recently
 * among equals.  Threads are preempted at each timer tick on their way back
 * to EL0; kernel code is not preempted.  A CPU with nothing to run waits in
 * WFI with interrupts on; the tick wakes it, so a wake-up from another CPU
 * is seen within one tick, never lost (the state change is made under the
 * kernel lock before the loop looks again).
 *
 * A process is created by spawn from a static ELF program in the initrd,
 * with one thread.  Its parent gets a handle to it (libcap, type
 * TCAP_OBJ_PROCESS); the handles listed at spawn are copied into the
 * child's table with libcap's transfer rules.  A process that exits or is
 * killed becomes a zombie: its memory and handles are released as soon as
 * its thread is off the CPU; the zombie itself, holding the exit status,
 * goes when the last handle to it is closed.
 */
#include <arch/sysreg.h>
#include <kernel/drivers.h>
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/proc.h>

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void ctx_switch(struct context *old, const struct context *new_ctx);
void thread_trampoline(void);
void sched_tail(void);
const char *esr_class_name(uint32_t ec);
const char *esr_fault_status(uint32_t fsc);

struct spinlock kernel_lock;

static struct proc procs[MAX_PROCS];
static struct thread threads[MAX_THREADS];
static uint8_t kstacks[MAX_THREADS][KSTACK_SIZE] __attribute__((aligned(16)));
struct thread *cur_thread[MAX_CPUS];
static struct context sched_ctx[MAX_CPUS];
uint32_t need_resched[MAX_CPUS];
static const struct vm *active_vm[MAX_CPUS]; /* in TTBR0 on each CPU */
struct thread *handoff[MAX_CPUS];	     /* last thread this CPU woke */
static uint32_t user_go;
static struct trlimit_group rl_root; /* librlimit: every process below */

/* Only the kernel sets limits. */
static int
rl_policy(void *ctx, const struct trlimit_group *target, const void *who)
{
	(void)ctx;
	(void)target;
	return who == &rl_root ? 0 : 1;
}
static uint32_t idle_cpus; /* bit per CPU waiting in WFI */

void cpu_wake(unsigned int cpu);

/* A thread became runnable: wake one idling CPU other than this one. */
static void
kick_idle(void)
{
	uint32_t others = idle_cpus & ~(1u << (this_cpu() % MAX_CPUS));
	unsigned int c;

	if (others == 0)
		return;
	c = (unsigned int)__builtin_ctz(others);
	idle_cpus &= ~(1u << c);
	cpu_wake(c);
}
static int next_pid = 1;
static uint64_t run_stamp;

uint64_t
uptime_ns(void)
{
	return timer_ns(timer_count(), timer_freq());
}

uint64_t
ns_to_count(uint64_t ns)
{
	uint64_t f = timer_freq();

	return (ns / 1000000000u) * f + (ns % 1000000000u) * f / 1000000000u;
}

int
proc_count(void)
{
	int i, n = 0;

	for (i = 0; i < MAX_PROCS; i++)
		n += procs[i].state != P_FREE;
	return n;
}

/* ------------------------------------------------------------ handles */

static void
obj_retain(void *ctx, void *object, uint32_t type)
{
	(void)ctx;
	if (type == TCAP_OBJ_PROCESS)
		((struct proc *)object)->refs++;
	else if (type == TYPE_THREAD)
		((struct thread *)object)->refs++;
	else if (type == TCAP_OBJ_FILE || type == TYPE_SCHEME)
		ns_retain(object, type);
	else
		ipc_retain(object, type); /* regions and IRQs live forever */
}

static void
proc_free_if_done(struct proc *p)
{
	if (p->state == P_ZOMBIE && p->reaped && p->refs == 0) {
		tkev_source_close(&p->events, TKEV_CLOSE_EOF);
		p->state = P_FREE;
	}
}

static void
obj_release(void *ctx, void *object, uint32_t type)
{
	struct proc *p = object;

	(void)ctx;
	if (type == TCAP_OBJ_FILE || type == TYPE_SCHEME) {
		ns_release(object, type);
		return;
	}
	if (type == TYPE_THREAD) {
		struct thread *t = object;

		if (t->refs > 0 && --t->refs == 0 && t->state == T_ZOMBIE)
			t->state = T_FREE;
		return;
	}
	if (type != TCAP_OBJ_PROCESS) {
		ipc_release(object, type);
		return;
	}
	if (p->refs == 0)
		return;
	p->refs--;
	proc_free_if_done(p);
}

const struct tcap_object_ops kernel_obj_ops = {
	.retain = obj_retain,
	.release = obj_release,
};

static void
proc_poll(const struct tkev_source *src, int16_t filter, int64_t *data,
	  bool *eof)
{
	const struct proc *p = src->ctx;

	(void)filter;
	if (p->state == P_ZOMBIE) {
		*data = p->status;
		*eof = true;
	}
}

static const struct tkev_source_ops proc_src_ops = {.poll = proc_poll};

/* ---------------------------------------------------------- scheduler */

/* Make a thread blocked on @p obj runnable; false when it waits for no
 * such thing (woken already, by a kill or its deadline). */
bool
thread_wake_one(struct thread *t, const void *obj)
{
	if (t->state != T_BLOCKED || t->wait_on != obj)
		return false;
	t->state = T_RUNNABLE;
	t->wait_on = NULL;
	handoff[this_cpu() % MAX_CPUS] = t;
	kick_idle();
	return true;
}

void
thread_wake(const void *obj)
{
	int i;

	for (i = 0; i < MAX_THREADS; i++)
		thread_wake_one(&threads[i], obj);
}

static struct thread *
pick(void)
{
	uint64_t now = timer_count();
	struct thread *best = NULL;
	int i;

	ipc_timers();
	handoff[this_cpu() % MAX_CPUS] = NULL;

	for (i = 0; i < MAX_THREADS; i++) {
		struct thread *t = &threads[i];

		if (t->state == T_BLOCKED && t->wake_at != 0 &&
		    now >= t->wake_at) {
			t->state = T_RUNNABLE;
			t->wait_on = NULL;
			t->timed_out = true;
		}
		if (t->state != T_RUNNABLE)
			continue;
		if (best == NULL || t->prio > best->prio ||
		    (t->prio == best->prio && t->last_run < best->last_run))
			best = t;
	}
	return best;
}

/* Give the CPU back to its scheduler loop; the kernel lock is held. */
static void
sched(void)
{
	struct thread *t = current();

	ctx_switch(&t->ctx, &sched_ctx[this_cpu() % MAX_CPUS]);
}

/*
 * Switch from the current thread @p t (no longer running) straight to the
 * thread this CPU woke last, without the trip through the scheduler loop,
 * when that thread is still runnable and of at least @p t's priority (the
 * seL4-style fast path of a call: the writer blocks in its read, the
 * reader it woke runs at once).  False when there is none; the loop
 * decides then.  The kernel lock is held across the switch.
 */
static bool
switch_direct(struct thread *t)
{
	unsigned int cpu = this_cpu() % MAX_CPUS;
	struct thread *n = handoff[cpu];

	handoff[cpu] = NULL;
	if (n == NULL || n == t || n->state != T_RUNNABLE || n->prio < t->prio)
		return false;
	n->state = T_RUNNING;
	n->cpu = cpu;
	n->last_run = ++run_stamp;
	cur_thread[cpu] = n;
	if (active_vm[cpu] != &n->proc->vm) {
		active_vm[cpu] = &n->proc->vm;
		vm_activate(active_vm[cpu]);
	}
	ctx_switch(&t->ctx, &n->ctx);
	return true;
}

/* A new thread's first code: the loop's lock is ours to drop. */
void
sched_tail(void)
{
	spin_unlock(&kernel_lock);
}

static void
proc_reap(struct proc *p)
{
	vm_destroy(&p->vm);
	trlimit_proc_detach(&p->rl);
	trlimit_group_remove(&p->rl);
	tcap_table_drain(&p->handles);
	ns_proc_exit(p->pid);
	p->reaped = true;
	if (p->parent == NULL) {
		kprintf("init: exited with status %d\n", p->status);
		kernel_exit(p->status == 0 ? EXIT_OK : 2);
	}
	proc_free_if_done(p);
}

_Noreturn void
sched_start(unsigned int cpu)
{
	irq_disable();
	/* FP/SIMD: free at EL1 (the boot code's libfdt), trapped at EL0. */
	write_sysreg(cpacr_el1, 1 << 20);
	isb();
	vm_deactivate();
	write_sysreg(tcr_el1, read_sysreg(tcr_el1) & ~(uint64_t)TCR_EPD0);
	isb();
	spin_lock(&kernel_lock);
	for (;;) {
		struct thread *t = pick();

		if (t == NULL) {
			if (active_vm[cpu] != NULL) {
				vm_deactivate();
				active_vm[cpu] = NULL;
			}
			/*
			 * Marked idle under the lock: whoever makes a thread
			 * runnable later sends this CPU its wake-up interrupt.
			 * WFI runs with interrupts masked, so one that arrives
			 * before it is still pending and ends it at once; the
			 * interrupt is taken right after.
			 */
			idle_cpus |= 1u << cpu;
			spin_unlock(&kernel_lock);
			wfi();
			irq_enable();
			isb();
			irq_disable();
			spin_lock(&kernel_lock);
			idle_cpus &= ~(1u << cpu);
			continue;
		}
		t->state = T_RUNNING;
		t->cpu = cpu;
		t->last_run = ++run_stamp;
		cur_thread[cpu] = t;
		need_resched[cpu] = 0;
		/*
		 * The address space stays in TTBR0 while the same process runs
		 * again (a TTBR0 write costs QEMU its whole software TLB); it
		 * goes when the CPU idles or the process is reaped, both under
		 * the lock, so no CPU keeps a freed table.
		 */
		if (active_vm[cpu] != &t->proc->vm) {
			active_vm[cpu] = &t->proc->vm;
			vm_activate(active_vm[cpu]);
		}
		ctx_switch(&sched_ctx[cpu], &t->ctx);
		/* Not necessarily t: it may have switched straight to another
		 * thread (switch_direct), which came back here. */
		t = cur_thread[cpu];
		cur_thread[cpu] = NULL;
		if (t->state == T_DEAD) {
			struct proc *p = t->proc;

			t->state = t->refs > 0 ? T_ZOMBIE : T_FREE;
			if (p->nthreads == 0 && !p->reaped) {
				vm_deactivate();
				active_vm[cpu] = NULL;
				proc_reap(p);
			}
		}
	}
}

/* Timer interrupt on this CPU: the running thread's slice is over. */
void
sched_tick(void)
{
	need_resched[this_cpu() % MAX_CPUS] = 1;
}

/* The slow side of user_return_check (<kernel/proc.h>). */
void
user_return_slow(void)
{
	struct thread *t = current();
	unsigned int cpu = this_cpu() % MAX_CPUS;

	if (t == NULL)
		return;
	if (t->proc->killed)
		proc_exit(STATUS_KILLED);
	if (need_resched[cpu]) {
		need_resched[cpu] = 0;
		t->state = T_RUNNABLE;
		sched();
		if (t->proc->killed)
			proc_exit(STATUS_KILLED);
	}
}

void
thread_yield(void)
{
	struct thread *t = current();

	t->state = T_RUNNABLE;
	sched();
}

/*
 * Block until thread_wake(obj), the deadline (timer count, 0 = none) or a
 * kill; true when the deadline passed.
 */
bool
thread_block(const void *obj, uint64_t deadline)
{
	struct thread *t = current();

	t->state = T_BLOCKED;
	t->wait_on = obj;
	t->wake_at = deadline;
	t->timed_out = false;
	if (!switch_direct(t))
		sched();
	t->wake_at = 0;
	return t->timed_out;
}

int
thread_sleep(uint64_t ns)
{
	struct thread *t = current();
	uint64_t deadline = timer_count() + ns_to_count(ns);

	while (!t->proc->killed && timer_count() < deadline)
		thread_block(t, deadline);
	return 0;
}

/* ---------------------------------------------------------- processes */

/* The current thread ends; the last one of its process ends the process. */
static _Noreturn void
thread_die(void)
{
	struct thread *t = current();
	struct proc *p = t->proc;

	t->state = T_DEAD;
	thread_wake(t);
	if (--p->nthreads == 0) {
		p->state = P_ZOMBIE;
		thread_wake(p);
		tkev_notify(&p->events, TKEV_FILT_PROC, TKEV_NOTE_EXIT,
			    p->status, 0);
	}
	sched();
	panic("a dead thread ran again");
}

/* Mark @p p as ending with @p status (the first status given wins). */
static void
proc_end(struct proc *p, int status)
{
	int i;

	if (!p->exiting) {
		p->exiting = true;
		p->status = status;
	}
	p->killed = true;
	for (i = 0; i < MAX_THREADS; i++) {
		struct thread *t = &threads[i];

		if (t->proc == p && t->state == T_BLOCKED) {
			t->state = T_RUNNABLE;
			t->wait_on = NULL;
			kick_idle();
		}
	}
}

/* The whole process ends: every other thread at its next kernel exit. */
_Noreturn void
proc_exit(int status)
{
	proc_end(current()->proc, status);
	thread_die();
}

int
proc_kill(struct proc *p)
{
	if (p->state != P_LIVE)
		return 0;
	proc_end(p, STATUS_KILLED);
	return 0;
}

int
proc_wait(struct proc *p, uint64_t timeout_ns, int *status)
{
	struct thread *t = current();
	uint64_t deadline = 0;

	if (timeout_ns != 0)
		deadline = timer_count() + ns_to_count(timeout_ns);
	while (p->state == P_LIVE) {
		if (t->proc->killed)
			return -EAGAIN;
		if (thread_block(p, deadline) && p->state == P_LIVE)
			return -ETIMEDOUT;
	}
	*status = p->status;
	return 0;
}

void
user_fault(struct trap_frame *f, const char *what)
{
	struct thread *t = current();
	uint32_t ec = (uint32_t)(f->esr >> 26) & 0x3f;

	if (t == NULL)
		panic("user fault without a current thread");
	kprintf("fault: process %d (%s) killed: %s", t->proc->pid,
		t->proc->name, what != NULL ? what : esr_class_name(ec));
	if (ec == 0x20 || ec == 0x24) {
		uint32_t iss = (uint32_t)f->esr;

		kprintf(", %s, level %u%s at address 0x%lx",
			esr_fault_status(iss & 0x3f), iss & 3,
			ec == 0x20	    ? ", fetch"
			: (iss & (1u << 6)) ? ", write"
					    : ", read",
			(unsigned long)f->far);
	}
	kprintf(", pc 0x%lx (ESR 0x%08lx)\n", (unsigned long)f->elr,
		(unsigned long)f->esr);
	proc_exit(STATUS_FAULT);
}

/* ------------------------------------------------------------ loading */

struct elf_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD	  1
#define PF_X	  1
#define PF_W	  2
#define PF_R	  4
#define ELF_PHMAX 16

/* Headers are copied out: the archive keeps file data 4-byte aligned only. */
static void
elf_phdr_get(const uint8_t *d, const struct elf_ehdr *e, int i,
	     struct elf_phdr *ph)
{
	memcpy(ph, d + e->phoff + (uint64_t)i * sizeof(*ph), sizeof(*ph));
}

static int
elf_check(const uint8_t *d, size_t size, struct elf_ehdr *e)
{
	struct elf_phdr ph;
	int i;

	if (size < sizeof(*e))
		return -ENOEXEC;
	memcpy(e, d, sizeof(*e));
	if (e->ident[0] != 0x7f || e->ident[1] != 'E' || e->ident[2] != 'L' ||
	    e->ident[3] != 'F' || e->ident[4] != 2 || e->ident[5] != 1 ||
	    e->type != 2 || e->machine != 183 ||
	    e->phentsize != sizeof(struct elf_phdr) || e->phnum == 0 ||
	    e->phnum > ELF_PHMAX || e->phoff > size ||
	    (size - e->phoff) / sizeof(struct elf_phdr) < e->phnum)
		return -ENOEXEC;
	for (i = 0; i < e->phnum; i++) {
		elf_phdr_get(d, e, i, &ph);
		if (ph.type != PT_LOAD)
			continue;
		if ((ph.flags & PF_W) && (ph.flags & PF_X))
			return -ENOEXEC; /* W^X */
		if (ph.offset > size || ph.filesz > size - ph.offset ||
		    ph.filesz > ph.memsz || ph.vaddr < USER_BASE ||
		    ph.memsz > USER_STACK_TOP - USER_STACK_SIZE ||
		    ph.vaddr > USER_STACK_TOP - USER_STACK_SIZE - ph.memsz)
			return -ENOEXEC;
	}
	if (e->entry < USER_BASE || e->entry >= USER_STACK_TOP)
		return -ENOEXEC;
	return 0;
}

static void
sync_icache(uint64_t kva, uint64_t len)
{
	uint64_t p;

	for (p = kva & ~(uint64_t)63; p < kva + len; p += 64)
		__asm__ volatile("dc cvau, %0" ::"r"(p) : "memory");
	__asm__ volatile("dsb ish\n\tic ialluis\n\tdsb ish\n\tisb" ::
				 : "memory");
}

static int
elf_load(struct vm *vm, const uint8_t *d, const struct elf_ehdr *e)
{
	struct elf_phdr ph;
	const struct elf_phdr *p = &ph;
	int i, err;

	for (i = 0; i < e->phnum; i++) {
		uint64_t start, end, va, done;
		unsigned int prot = 0;

		elf_phdr_get(d, e, i, &ph);
		if (p->type != PT_LOAD || p->memsz == 0)
			continue;
		prot |= (p->flags & PF_R) ? VM_R : 0;
		prot |= (p->flags & PF_W) ? VM_W : 0;
		prot |= (p->flags & PF_X) ? VM_X : 0;
		start = p->vaddr & ~(uint64_t)(PAGE_SIZE - 1);
		end = (p->vaddr + p->memsz + PAGE_SIZE - 1) &
		      ~(uint64_t)(PAGE_SIZE - 1);
		err = vm_map_new(vm, start, end - start, prot);
		if (err != 0)
			return err == -EEXIST ? -ENOEXEC : err;
		for (va = p->vaddr, done = 0; done < p->filesz;) {
			uint64_t off = va & (PAGE_SIZE - 1);
			uint64_t n = PAGE_SIZE - off;
			uint8_t *k = phys_to_virt(vm_lookup(vm, va, false));

			if (n > p->filesz - done)
				n = p->filesz - done;
			memcpy(k, d + p->offset + done, n);
			if (prot & VM_X)
				sync_icache((uint64_t)(uintptr_t)k, n);
			va += n;
			done += n;
		}
	}
	return 0;
}

/* Put @p n bytes on the new stack below *sp (16-byte aligned). */
static uint64_t
push(struct vm *vm, uint64_t *sp, const void *src, size_t n)
{
	*sp = (*sp - n) & ~(uint64_t)15;
	if (n != 0 && copyout(vm, *sp, src, n) != 0)
		panic("new stack not writable");
	return *sp;
}

static struct proc *
proc_slot(int *index)
{
	int i;

	for (i = 0; i < MAX_PROCS; i++) {
		if (procs[i].state == P_FREE) {
			*index = i;
			return &procs[i];
		}
	}
	return NULL;
}

static struct thread *
thread_slot(void)
{
	int i;

	for (i = 0; i < MAX_THREADS; i++) {
		if (threads[i].state == T_FREE)
			return &threads[i];
	}
	return NULL;
}

static int next_tid = 1;

/* A new runnable thread of @p p entering EL0 at @p pc with @p sp. */
static void
thread_setup(struct thread *t, struct proc *p, uint64_t pc, uint64_t sp,
	     const uint64_t *x, unsigned int prio)
{
	uint8_t *kstack = kstacks[t - threads];
	int i;

	memset(t, 0, sizeof(*t));
	t->proc = p;
	t->tid = next_tid++;
	t->kstack = kstack;
	t->frame = (struct trap_frame *)(void *)(kstack + KSTACK_SIZE -
						 sizeof(struct trap_frame));
	memset(t->frame, 0, sizeof(*t->frame));
	t->frame->elr = pc;
	t->frame->spsr = 0; /* EL0t, interrupts on */
	t->frame->sp = sp;
	for (i = 0; i < 4; i++)
		t->frame->x[i] = x[i];
	t->ctx.sp = (uint64_t)(uintptr_t)t->frame;
	t->ctx.lr = (uint64_t)(uintptr_t)thread_trampoline;
	t->prio = prio;
	t->max_prio = prio;
	t->last_run = run_stamp;
	p->nthreads++;
	t->state = T_RUNNABLE;
	kick_idle();
}

int
proc_spawn(struct proc *parent, const char *name, size_t namelen,
	   const char *arg, size_t arglen, const uint32_t *handles,
	   size_t nhandles, struct proc **out)
{
	struct tcap_table_config cfg = {0};
	struct tcap_xfer x[SPAWN_HANDLES_MAX > BOOT_OBJS ? SPAWN_HANDLES_MAX
							 : BOOT_OBJS];
	uint32_t given[SPAWN_HANDLES_MAX];
	struct elf_ehdr ehdr;
	const struct elf_ehdr *eh = &ehdr;
	const uint8_t *image;
	size_t size, i;
	struct thread *t;
	struct proc *p;
	uint64_t sp, argp, hp;
	tcap_handle_t h = 0;
	int err, slot = 0;

	if (namelen == 0 || namelen >= PROC_NAME_MAX ||
	    arglen >= PROC_ARG_MAX || nhandles > SPAWN_HANDLES_MAX)
		return -EINVAL;
	err = initrd_find(name, namelen, &image, &size);
	if (err == 0)
		err = elf_check(image, size, &ehdr);
	if (err != 0)
		return err;
	p = proc_slot(&slot);
	t = thread_slot();
	if (p == NULL || t == NULL)
		return -ENOSPC;
	memset(x, 0, sizeof(x));
	memset(p, 0, sizeof(*p));
	err = vm_create(&p->vm, (uint16_t)(slot + 1));
	if (err != 0)
		return err;
	/* Its own group under the root, limited to PROC_PAGE_LIMIT pages. */
	if (trlimit_group_init(&p->rl, &rl_root) != 0 ||
	    trlimit_set_max(&p->rl, TRLIMIT_RES_MEMORY,
			    (uint64_t)PROC_PAGE_LIMIT * PAGE_SIZE,
			    &rl_root) != 0) {
		vm_destroy(&p->vm);
		return -ENOMEM;
	}
	trlimit_proc_attach(&p->rl);
	p->vm.rl = &p->rl;
	err = elf_load(&p->vm, image, eh);
	if (err == 0)
		err = vm_map_new(&p->vm, USER_STACK_TOP - USER_STACK_SIZE,
				 USER_STACK_SIZE, VM_R | VM_W);
	cfg.slots = p->slots;
	cfg.nslots = PROC_HANDLES;
	cfg.ops = &kernel_obj_ops;
	cfg.type_rights = kernel_type_rights(&cfg.ntypes);
	if (err == 0)
		err = tcap_table_init(&p->handles, &cfg);
	if (err == 0 && parent == NULL) {
		/* The first process: the kernel's device objects. */
		int nb = 0;
		const struct boot_obj *b = ns_boot_objs(&nb);

		for (i = 0; i < (size_t)nb && err == 0; i++)
			err = tcap_install(&p->handles, b[i].obj, b[i].type,
					   b[i].rights, &x[i].out);
		nhandles = (size_t)nb;
	}
	if (err == 0 && nhandles > 0 && parent != NULL) {
		{
			for (i = 0; i < nhandles; i++) {
				x[i].handle = handles[i];
				x[i].mode = TCAP_XFER_COPY;
				x[i].rights = TCAP_RIGHTS_SAME;
				x[i].type = TCAP_OBJ_ANY;
			}
			err = tcap_transfer(&parent->handles, &p->handles, x,
					    nhandles);
		}
	}
	if (err == 0 && parent != NULL) {
		err = tcap_install(&parent->handles, p, TCAP_OBJ_PROCESS,
				   TCAP_RIGHTS_SAME, &h);
		if (err != 0)
			tcap_table_drain(&p->handles);
	}
	if (err != 0) {
		vm_destroy(&p->vm);
		trlimit_proc_detach(&p->rl);
		trlimit_group_remove(&p->rl);
		p->state = P_FREE;
		return err;
	}
	p->state = P_LIVE;
	tkev_source_init(&p->events, &proc_src_ops, 1u << TKEV_FILT_PROC, p);
	p->pid = next_pid++;
	p->refs = parent != NULL ? 1 : 0;
	p->parent = parent;
	memcpy(p->name, name, namelen);
	p->name[namelen] = '\0';
	tcap_proc_init(&p->capmode, parent != NULL ? &parent->capmode : NULL);

	for (i = 0; i < nhandles; i++)
		given[i] = x[i].out;
	sp = USER_STACK_TOP;
	{
		char abuf[PROC_ARG_MAX];

		memcpy(abuf, arg, arglen);
		abuf[arglen] = '\0';
		argp = push(&p->vm, &sp, abuf, arglen + 1);
	}
	hp = push(&p->vm, &sp, given, nhandles * sizeof(given[0]));

	{
		uint64_t regs[4] = {argp, arglen, nhandles, hp};

		thread_setup(t, p, eh->entry, sp, regs,
			     parent != NULL ? current()->prio : 1);
	}
	p->main = t;
	if (out != NULL)
		*out = p;
	return (int)h;
}

/*
 * Boot CPU: choose the initrd (the loader's when it is a newc archive, else
 * the one built into the image), start the first process, then run this
 * CPU's scheduler loop.  Returns only when the first process cannot start.
 */
/*
 * The initrd: the loader's when it is a newc archive, else the one built
 * into the image.
 */
const void *
initrd_choose(const void *rd, size_t rdsize, size_t *size)
{
	if (rd != NULL && rdsize >= 6 &&
	    __builtin_memcmp(rd, "070701", 6) == 0) {
		kprintf("initrd: %lu bytes from the loader\n",
			(unsigned long)rdsize);
		*size = rdsize;
	} else {
		rd = initrd_builtin(size);
		kprintf("initrd: %lu bytes built in\n", (unsigned long)*size);
	}
	initrd_set(rd, *size);
	return rd;
}

/*
 * Boot CPU: start the first process, then run this CPU's scheduler loop.
 * Returns only when the first process cannot start.
 */
void
user_start(const char *init, const char *arg)
{
	int err;

	irq_disable(); /* kernel code runs with interrupts masked */
	vm_init_empty();
	ipc_init();
	if (trlimit_root_init(&rl_root, rl_policy, NULL) != 0)
		panic("resource accounting did not initialise");
	spin_lock(&kernel_lock);
	err = proc_spawn(NULL, init, __builtin_strlen(init), arg,
			 __builtin_strlen(arg), NULL, 0, NULL);
	spin_unlock(&kernel_lock);
	if (err < 0) {
		kprintf("user: cannot start %s: error %d\n", init, err);
		irq_enable();
		return;
	}
	kprintf("user: starting %s on every CPU\n", init);
	__atomic_store_n(&user_go, 1, __ATOMIC_RELEASE);
	sev();
	sched_start(this_cpu());
}

int
thread_index(const struct thread *t)
{
	return (int)(t - threads);
}

struct thread *
thread_by_index(int i)
{
	return i >= 0 && i < MAX_THREADS ? &threads[i] : NULL;
}

struct proc *
proc_by_pid(int pid)
{
	int i;

	for (i = 0; i < MAX_PROCS; i++) {
		if (procs[i].state == P_LIVE && procs[i].pid == pid)
			return &procs[i];
	}
	return NULL;
}

int
proc_list(struct proc_info *out, int n)
{
	int i, k = 0;

	for (i = 0; i < MAX_PROCS && k < n; i++) {
		const struct proc *p = &procs[i];

		if (p->state == P_FREE)
			continue;
		memset(&out[k], 0, sizeof(out[k]));
		out[k].pid = p->pid;
		out[k].parent = p->parent != NULL ? p->parent->pid : 0;
		out[k].state = p->state == P_LIVE ? 1 : 2;
		out[k].pages = (uint32_t)p->vm.npages;
		memcpy(out[k].name, p->name, sizeof(out[k].name));
		k++;
	}
	return k;
}

/* Secondary CPUs: wait for the first process, then schedule. */
bool
user_started(void)
{
	return __atomic_load_n(&user_go, __ATOMIC_ACQUIRE) != 0;
}

/* ------------------------------------------------------------ threads */

int64_t
sys_thread_create(const uint64_t *a)
{
	struct thread *self = current(), *t;
	struct proc *p = self->proc;
	uint64_t regs[4] = {a[2], 0, 0, 0};
	tcap_handle_t h;
	int err;

	if (a[0] < USER_BASE || a[0] >= USER_TOP || (a[1] & 15) != 0 ||
	    a[1] <= USER_BASE || a[1] > USER_TOP)
		return -EINVAL;
	t = thread_slot();
	if (t == NULL)
		return -ENOSPC;
	err = tcap_install(&p->handles, t, TYPE_THREAD, TCAP_RIGHTS_SAME, &h);
	if (err != 0)
		return err;
	thread_setup(t, p, a[0], a[1], regs, self->prio);
	t->refs = 1;
	return h;
}

int64_t
sys_thread_exit(const uint64_t *a)
{
	struct thread *t = current();

	t->status = (int)a[0];
	if (t->proc->nthreads == 1)
		proc_exit((int)a[0]);
	thread_die();
}

int64_t
sys_thread_join(const uint64_t *a)
{
	struct thread *self = current(), *t = NULL;
	uint64_t deadline = 0;
	void *obj = NULL;
	int err;

	if (a[0] > UINT32_MAX)
		return -EBADF;
	err = tcap_lookup_typed(&self->proc->handles, (tcap_handle_t)a[0],
				TYPE_THREAD, TCAP_RIGHT_WAIT, &obj);
	if (err != 0)
		return err;
	t = obj;
	if (t == self)
		return -EINVAL;
	if (a[1] != 0 && !vm_range_ok(&self->proc->vm, a[1], sizeof(int), true))
		return -EFAULT;
	if (a[2] > SLEEP_MAX_NS)
		return -EINVAL;
	if (a[2] != 0)
		deadline = timer_count() + ns_to_count(a[2]);
	while (t->state != T_DEAD && t->state != T_ZOMBIE) {
		if (self->proc->killed)
			return -EAGAIN;
		if (thread_block(t, deadline) && t->state != T_DEAD &&
		    t->state != T_ZOMBIE)
			return -ETIMEDOUT;
	}
	if (a[1] != 0)
		copyout(&self->proc->vm, a[1], &t->status, sizeof(int));
	return 0;
}

/*
 * The calling thread's priority: 0 (lowest) to NPRIO - 1, never above
 * the one it was created with.  Takes effect at the next scheduling.
 */
int64_t
sys_set_priority(const uint64_t *a)
{
	struct thread *t = current();

	if (a[0] >= NPRIO)
		return -EINVAL;
	if (a[0] > t->max_prio)
		return -EPERM;
	t->prio = (unsigned int)a[0];
	return 0;
}
