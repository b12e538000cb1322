// SPDX-License-Identifier: BSD-2-Clause
/*
 * The system call table (<kernel/syscall.h>).  Each handler checks every
 * argument (ranges, user pointers, handle rights) before it changes
 * anything, is bounded in the work it does, and reports errors as negative
 * numbers; nothing here can stop the kernel.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/proc.h>

void *memset(void *d, int c, size_t n);
bool cpu_online(unsigned int cpu);
uint32_t wake_count(void);

typedef int64_t (*sys_fn)(const uint64_t *a);

static struct proc *
self(void)
{
	return current()->proc;
}

/* A process named by a handle of the caller that holds @p need. */
static int
proc_by_handle(uint64_t h, uint64_t need, struct proc **p)
{
	void *obj = NULL;
	int err;

	if (h > UINT32_MAX)
		return -EBADF;
	err = tcap_lookup_typed(&self()->handles, (tcap_handle_t)h,
				TCAP_OBJ_PROCESS, need, &obj);
	if (err != 0)
		return err;
	*p = obj;
	return 0;
}

static int64_t
sys_null(const uint64_t *a)
{
	(void)a;
	return 0;
}

static int64_t
sys_exit(const uint64_t *a)
{
	proc_exit((int)a[0]);
}

static int64_t
sys_debug_write(const uint64_t *a)
{
	char buf[256];
	uint64_t p = a[0], n = a[1], done = 0;

	if (!vm_range_ok(&self()->vm, p, n, false))
		return -EFAULT;
	if (n > DEBUG_WRITE_MAX)
		return -ERANGE;
	while (done < n) {
		uint64_t k = n - done > sizeof(buf) ? sizeof(buf) : n - done;
		uint64_t i;

		if (copyin(&self()->vm, buf, p + done, k) != 0)
			return -EFAULT;
		for (i = 0; i < k; i++)
			console_putc(buf[i]);
		done += k;
	}
	return (int64_t)n;
}

static int64_t
sys_spawn(const uint64_t *a)
{
	char name[PROC_NAME_MAX], arg[PROC_ARG_MAX];
	uint32_t h[SPAWN_HANDLES_MAX];
	struct vm *vm = &self()->vm;

	if (a[1] == 0 || a[1] >= PROC_NAME_MAX || a[3] >= PROC_ARG_MAX ||
	    a[5] > SPAWN_HANDLES_MAX)
		return -EINVAL;
	if (copyin(vm, name, a[0], a[1]) != 0 ||
	    copyin(vm, arg, a[2], a[3]) != 0 ||
	    copyin(vm, h, a[4], a[5] * sizeof(h[0])) != 0)
		return -EFAULT;
	return proc_spawn(self(), name, a[1], arg, a[3], h, a[5], NULL);
}

static int64_t
sys_wait(const uint64_t *a)
{
	struct proc *p = NULL;
	int status = 0, err;

	err = proc_by_handle(a[0], RIGHT_WAIT, &p);
	if (err != 0)
		return err;
	if (a[1] != 0 && !vm_range_ok(&self()->vm, a[1], sizeof(int), true))
		return -EFAULT;
	if (a[2] > SLEEP_MAX_NS)
		return -EINVAL;
	err = proc_wait(p, a[2], &status);
	if (err == 0 && a[1] != 0)
		err = copyout(&self()->vm, a[1], &status, sizeof(status));
	return err;
}

static int64_t
sys_kill(const uint64_t *a)
{
	struct proc *p = NULL;
	int err = proc_by_handle(a[0], RIGHT_KILL, &p);

	return err != 0 ? err : proc_kill(p);
}

static int64_t
sys_yield(const uint64_t *a)
{
	(void)a;
	thread_yield();
	return 0;
}

static int64_t
sys_sleep(const uint64_t *a)
{
	if (a[0] > SLEEP_MAX_NS)
		return -EINVAL;
	return thread_sleep(a[0]);
}

static int64_t
sys_getpid(const uint64_t *a)
{
	(void)a;
	return self()->pid;
}

static int64_t
sys_vm_alloc(const uint64_t *a)
{
	struct vm *vm = &self()->vm;
	uint64_t len = a[0], prot = a[1], va;
	unsigned int p = 0;
	int err;

	if (len == 0 || len > (uint64_t)PROC_PAGE_LIMIT * PAGE_SIZE ||
	    (prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0 ||
	    ((prot & PROT_WRITE) && (prot & PROT_EXEC)))
		return -EINVAL;
	p |= (prot & PROT_READ) ? VM_R : 0;
	p |= (prot & PROT_WRITE) ? VM_W : 0;
	p |= (prot & PROT_EXEC) ? VM_X : 0;
	len = (len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	va = vm->heap;
	if (va + len > USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE)
		return -ENOMEM;
	err = vm_map_new(vm, va, len, p);
	if (err != 0)
		return err;
	vm->heap = va + len + PAGE_SIZE; /* an unmapped guard page between */
	return (int64_t)va;
}

static int64_t
sys_handle_close(const uint64_t *a)
{
	if (a[0] > UINT32_MAX)
		return -EBADF;
	return tcap_close(&self()->handles, (tcap_handle_t)a[0]);
}

static int64_t
sys_uptime(const uint64_t *a)
{
	(void)a;
	return (int64_t)uptime_ns();
}

static int64_t
sys_handle_dup(const uint64_t *a)
{
	tcap_handle_t out = 0;
	int err;

	if (a[0] > UINT32_MAX)
		return -EBADF;
	err = tcap_duplicate(&self()->handles, (tcap_handle_t)a[0], a[1], &out);
	return err != 0 ? err : (int64_t)out;
}

static int64_t
sys_debug_read(const uint64_t *a)
{
	int c = console_getc();

	(void)a;
	return c < 0 ? -EAGAIN : c;
}

static int64_t
sys_sysinfo(const uint64_t *a)
{
	struct sysinfo si;
	unsigned int c;

	memset(&si, 0, sizeof(si));
	si.uptime_ns = uptime_ns();
	si.pages_total = page_total_count();
	si.pages_free = page_free_count();
	for (c = 0; c < MAX_CPUS; c++)
		si.cpus += cpu_online(c) ? 1 : 0;
	si.procs = (uint32_t)proc_count();
	si.page_size = PAGE_SIZE;
	si.wakeups = wake_count();
	return copyout(&self()->vm, a[0], &si, sizeof(si));
}

static int64_t
sys_proc_list(const uint64_t *a)
{
	struct proc_info list[MAX_PROCS];
	int n;

	if (a[1] == 0 || a[1] > MAX_PROCS)
		return -EINVAL;
	if (!vm_range_ok(&self()->vm, a[0], a[1] * sizeof(list[0]), true))
		return -EFAULT;
	n = proc_list(list, (int)a[1]);
	copyout(&self()->vm, a[0], list, (size_t)n * sizeof(list[0]));
	return n;
}

static int64_t
sys_handle_pid(const uint64_t *a)
{
	struct proc *p = NULL;
	int err = proc_by_handle(a[0], 0, &p);

	return err != 0 ? err : p->pid;
}

static const sys_fn table[SYS_COUNT] = {
	[SYS_null] = sys_null,
	[SYS_exit] = sys_exit,
	[SYS_debug_write] = sys_debug_write,
	[SYS_spawn] = sys_spawn,
	[SYS_wait] = sys_wait,
	[SYS_kill] = sys_kill,
	[SYS_yield] = sys_yield,
	[SYS_sleep] = sys_sleep,
	[SYS_getpid] = sys_getpid,
	[SYS_vm_alloc] = sys_vm_alloc,
	[SYS_handle_close] = sys_handle_close,
	[SYS_uptime] = sys_uptime,
	[SYS_handle_dup] = sys_handle_dup,
	[SYS_debug_read] = sys_debug_read,
	[SYS_channel_create] = sys_channel_create,
	[SYS_channel_write] = sys_channel_write,
	[SYS_channel_read] = sys_channel_read,
	[SYS_eventq_create] = sys_eventq_create,
	[SYS_event_subscribe] = sys_event_subscribe,
	[SYS_event_wait] = sys_event_wait,
	[SYS_open] = sys_open,
	[SYS_read] = sys_read,
	[SYS_write] = sys_write,
	[SYS_scheme_register] = sys_scheme_register,
	[SYS_scheme_next] = sys_scheme_next,
	[SYS_scheme_answer] = sys_scheme_answer,
	[SYS_scheme_get] = sys_scheme_get,
	[SYS_region_map] = sys_region_map,
	[SYS_region_info] = sys_region_info,
	[SYS_irq_wait] = sys_irq_wait,
	[SYS_sysinfo] = sys_sysinfo,
	[SYS_proc_list] = sys_proc_list,
	[SYS_handle_pid] = sys_handle_pid,
	[SYS_thread_create] = sys_thread_create,
	[SYS_thread_exit] = sys_thread_exit,
	[SYS_thread_join] = sys_thread_join,
	[SYS_set_priority] = sys_set_priority,
	[SYS_channel_call] = sys_channel_call,
	[SYS_channel_reply_wait] = sys_channel_reply_wait,
	[SYS_scheme_answer_next] = sys_scheme_answer_next,
};

void
syscall_dispatch(struct trap_frame *f)
{
	uint64_t nr = f->x[8];

	if (nr >= SYS_COUNT || table[nr] == NULL) {
		f->x[0] = (uint64_t)-ENOSYS;
		return;
	}
	f->x[0] = (uint64_t)table[nr](f->x);
}
