// SPDX-License-Identifier: BSD-2-Clause
/*
 * The namespace (libscheme) and the objects of user-space drivers.
 *
 * A driver registers a scheme name and gets a scheme handle (type
 * TYPE_SCHEME); it takes requests with scheme_next, moves payload with
 * scheme_answer (Read) and scheme_get (Write).  A client opens
 * "/scheme/<name>/<rest>" and gets a file handle (TCAP_OBJ_FILE) to read
 * and write; the call blocks until the driver answers.  Client identity is
 * the process id.  A dead client's requests and handles, a dead server's
 * scheme, go through libscheme's client_exit/server_exit.
 *
 * Device access: a region handle (TCAP_OBJ_MMIO) maps a physical range
 * into the caller (device memory, or normal memory read-only for the
 * initrd); an IRQ handle (TCAP_OBJ_IRQ) delivers one interrupt line: the
 * kernel masks the line when it fires and irq_wait unmasks it.  The first
 * process receives these handles from the kernel and passes them on.
 */
#include <libfdt.h>

#include <kernel/drivers.h>
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <tessera/scheme.h>

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
size_t strlen(const char *s);

#define NS_SCHEMES  16
#define NS_HANDLES  128
#define NS_REQS	    64
#define MAX_SERVERS NS_SCHEMES
#define MAX_FILES   NS_HANDLES
#define PAYLOAD_MAX 1024

struct server {
	bool used;
	bool kicked; /* requests may be queued */
	uint32_t refs;
	uint32_t token;
	int pid;
	struct tkev_source src;
};

struct sfile {
	bool used;
	uint32_t refs;
	uint32_t lh; /* libscheme handle */
	int pid;     /* its client */
};

static struct tscheme_scheme schemes[NS_SCHEMES];
static uint16_t sindex[TSCHEME_INDEX_LEN(NS_SCHEMES)];
static struct tscheme_handle shandles[NS_HANDLES];
static struct tscheme_req sreqs[NS_REQS];
static struct tscheme_lane slanes[NS_REQS];
static struct tscheme_ns ns;
static struct server servers[MAX_SERVERS];
static struct sfile files[MAX_FILES];
static uint64_t type_rights[TYPE_COUNT];

static struct region regions[BOOT_OBJS];
static struct irq_line irqs[BOOT_OBJS];
static struct boot_obj boot_objs[BOOT_OBJS];
static int nboot;
static const struct gic *ns_gic;

static struct proc *
self(void)
{
	return current()->proc;
}

const uint64_t *
kernel_type_rights(uint32_t *n)
{
	uint32_t i;

	if (type_rights[TCAP_OBJ_FILE] == 0) {
		for (i = 1; i < TCAP_OBJ_BUILTIN_COUNT; i++)
			type_rights[i] = tcap_type_rights(i);
		type_rights[TYPE_SCHEME] =
			TCAP_RIGHT_READ | TCAP_RIGHT_WRITE | TCAP_RIGHT_EVENT |
			TCAP_RIGHT_DUPLICATE | TCAP_RIGHT_TRANSFER;
		type_rights[TYPE_THREAD] = TCAP_RIGHT_WAIT |
					   TCAP_RIGHT_DUPLICATE |
					   TCAP_RIGHT_TRANSFER;
	}
	*n = TYPE_COUNT;
	return type_rights;
}

/* ------------------------------------------------- libscheme callbacks */

static int
ns_copy_to(void *ctx, uint32_t client, uint64_t uaddr, const void *src,
	   size_t len)
{
	struct proc *p = proc_by_pid((int)client);

	(void)ctx;
	return p == NULL ? -1 : copyout(&p->vm, uaddr, src, len);
}

static int
ns_copy_from(void *ctx, uint32_t client, void *dst, uint64_t uaddr, size_t len)
{
	struct proc *p = proc_by_pid((int)client);

	(void)ctx;
	return p == NULL ? -1 : copyin(&p->vm, dst, uaddr, len);
}

static void
ns_complete(void *ctx, const struct tscheme_completion *c)
{
	struct thread *t = thread_by_index((int)c->cookie);

	(void)ctx;
	if (t == NULL)
		return;
	t->sresult = c->result;
	t->sdone = true;
	thread_wake(&t->sdone);
}

static void
ns_event(void *ctx, uint32_t client, uint32_t handle, uint32_t events)
{
	(void)ctx;
	(void)client;
	(void)handle;
	(void)events;
}

static const struct tscheme_ops ns_ops = {ns_copy_to, ns_copy_from, ns_complete,
					  ns_event};

static void
server_poll(const struct tkev_source *src, int16_t filter, int64_t *data,
	    bool *eof)
{
	const struct server *s = src->ctx;

	(void)filter;
	(void)eof;
	*data = s->kicked ? 1 : 0;
}

static const struct tkev_source_ops server_ops = {.poll = server_poll};

static void
irq_poll(const struct tkev_source *src, int16_t filter, int64_t *data,
	 bool *eof)
{
	const struct irq_line *l = src->ctx;

	(void)filter;
	(void)eof;
	*data = l->pending;
}

static const struct tkev_source_ops irq_ops = {.poll = irq_poll};

/* Servers may have work: wake them (they look again). */
static void
kick_servers(void)
{
	int i;

	for (i = 0; i < MAX_SERVERS; i++) {
		if (!servers[i].used)
			continue;
		servers[i].kicked = true;
		thread_wake(&servers[i]);
		tkev_notify(&servers[i].src, TKEV_FILT_READ, 0, 0, 0);
	}
}

/* ------------------------------------------------------------- devices */

static bool
dt_reg(const void *fdt, int node, uint64_t *pa, uint64_t *size)
{
	const fdt32_t *r;
	int len;

	r = fdt_getprop(fdt, node, "reg", &len);
	if (r == NULL || len < 16)
		return false;
	*pa = ((uint64_t)fdt32_to_cpu(r[0]) << 32) | fdt32_to_cpu(r[1]);
	*size = ((uint64_t)fdt32_to_cpu(r[2]) << 32) | fdt32_to_cpu(r[3]);
	return true;
}

static uint32_t
dt_spi(const void *fdt, int node)
{
	const fdt32_t *r;
	int len;

	r = fdt_getprop(fdt, node, "interrupts", &len);
	if (r == NULL || len < 12 || fdt32_to_cpu(r[0]) != 0)
		return 0;
	return 32 + fdt32_to_cpu(r[1]);
}

static void
add_region(uint64_t pa, uint64_t size, bool device, uint64_t rights,
	   uint32_t kind)
{
	struct region *r = &regions[nboot];

	r->pa = pa & ~(uint64_t)(PAGE_SIZE - 1);
	r->size = (size + (pa - r->pa) + PAGE_SIZE - 1) &
		  ~(uint64_t)(PAGE_SIZE - 1);
	r->offset = pa - r->pa;
	r->length = size;
	r->device = device;
	r->kind = kind;
	boot_objs[nboot].obj = r;
	boot_objs[nboot].type = TCAP_OBJ_MMIO;
	boot_objs[nboot].rights = rights | TCAP_RIGHT_DUPLICATE |
				  TCAP_RIGHT_TRANSFER | TCAP_RIGHT_FSTAT;
	nboot++;
}

static void
add_irq(uint32_t intid)
{
	struct irq_line *l = &irqs[nboot];

	l->intid = intid;
	tkev_source_init(&l->src, &irq_ops, 1u << TKEV_FILT_READ, l);
	gic_spi_setup(ns_gic, intid);
	boot_objs[nboot].obj = l;
	boot_objs[nboot].type = TCAP_OBJ_IRQ;
	boot_objs[nboot].rights = TCAP_RIGHT_EVENT | TCAP_RIGHT_SIGNAL |
				  TCAP_RIGHT_DUPLICATE | TCAP_RIGHT_TRANSFER;
	nboot++;
}

/*
 * The objects the first process starts with, in this order (a missing
 * device leaves its slot as an empty region of kind 0):
 *   0 console UART registers   1 its interrupt   2 PL061 GPIO registers
 *   3 the initrd (read-only)
 */
void
ns_init(const struct platform *p, const struct gic *g, const void *rd,
	size_t rdsize)
{
	const void *fdt = p->fdt;
	uint64_t pa = 0, size = 0;
	int node;

	ns_gic = g;
	{
		struct tscheme_config cfg = {schemes,
					     sindex,
					     shandles,
					     sreqs,
					     slanes,
					     NS_SCHEMES,
					     TSCHEME_INDEX_LEN(NS_SCHEMES),
					     NS_HANDLES,
					     NS_REQS,
					     (uint32_t)timer_count() | 1u,
					     &ns_ops,
					     NULL};

		if (tscheme_init(&ns, &cfg) != 0)
			panic("namespace did not initialise");
	}
	nboot = 0;
	add_region(p->console.pa, PAGE_SIZE, true,
		   TCAP_RIGHT_MMAP_R | TCAP_RIGHT_MMAP_W, p->console.kind);
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	while (node >= 0 &&
	       !(dt_reg(fdt, node, &pa, &size) && pa == p->console.pa))
		node = fdt_node_offset_by_compatible(fdt, node, "arm,pl011");
	add_irq(node >= 0 ? dt_spi(fdt, node) : 0);
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl061");
	if (node >= 0 && dt_reg(fdt, node, &pa, &size))
		add_region(pa, size, true,
			   TCAP_RIGHT_MMAP_R | TCAP_RIGHT_MMAP_W, 1);
	else
		add_region(0, 0, true, 0, 0);
	/* Built in: inside the kernel image; from the loader: linear map. */
	add_region((uintptr_t)rd >= KIMAGE_VBASE ? kimage_to_phys(rd)
						 : virt_to_phys(rd),
		   rdsize, false, TCAP_RIGHT_MMAP_R, 1);
	kprintf("devices: console UART 0x%lx IRQ %u, GPIO 0x%lx, initrd %lu "
		"bytes\n",
		(unsigned long)regions[0].pa, irqs[1].intid,
		(unsigned long)regions[2].pa, (unsigned long)rdsize);
}

const struct boot_obj *
ns_boot_objs(int *n)
{
	*n = nboot;
	return boot_objs;
}

/* Interrupt of a driver's line (any CPU, kernel lock not held). */
bool
ns_irq(uint32_t intid)
{
	int i;

	for (i = 0; i < nboot; i++) {
		struct irq_line *l = &irqs[i];

		if (boot_objs[i].type != TCAP_OBJ_IRQ || l->intid != intid ||
		    intid == 0)
			continue;
		gic_spi_enable(ns_gic, intid, false);
		spin_lock(&kernel_lock);
		l->pending++;
		thread_wake(l);
		tkev_notify(&l->src, TKEV_FILT_READ, 0, 0, 0);
		spin_unlock(&kernel_lock);
		return true;
	}
	return false;
}

/* --------------------------------------------------------- lifetimes */

void
ns_release(void *obj, uint32_t type)
{
	if (type == TCAP_OBJ_FILE) {
		struct sfile *f = obj;

		if (f->refs > 0 && --f->refs == 0) {
			tscheme_close(&ns, (uint32_t)f->pid, f->lh);
			f->used = false;
			kick_servers();
		}
	} else if (type == TYPE_SCHEME) {
		struct server *s = obj;

		if (s->refs > 0 && --s->refs == 0) {
			tscheme_unregister(&ns, s->token);
			tkev_source_close(&s->src, TKEV_CLOSE_EOF);
			s->used = false;
		}
	}
}

void
ns_retain(void *obj, uint32_t type)
{
	if (type == TCAP_OBJ_FILE)
		((struct sfile *)obj)->refs++;
	else if (type == TYPE_SCHEME)
		((struct server *)obj)->refs++;
}

/* A process is gone: its requests, its handles, its schemes. */
void
ns_proc_exit(int pid)
{
	int i;

	tscheme_client_exit(&ns, (uint32_t)pid);
	tscheme_server_exit(&ns, (uint32_t)pid);
	for (i = 0; i < MAX_SERVERS; i++) {
		if (servers[i].used && servers[i].pid == pid)
			servers[i].token = 0;
	}
	kick_servers();
}

struct tkev_source *
ns_source(void *obj, uint32_t type)
{
	if (type == TYPE_SCHEME)
		return &((struct server *)obj)->src;
	if (type == TCAP_OBJ_IRQ)
		return &((struct irq_line *)obj)->src;
	return NULL;
}

/* ------------------------------------------------------------ syscalls */

static int
lookup(uint64_t h, uint32_t type, uint64_t need, void **obj)
{
	if (h > UINT32_MAX)
		return -EBADF;
	return tcap_lookup_typed(&self()->handles, (tcap_handle_t)h, type, need,
				 obj);
}

/* libscheme's own error numbers (32 and up) in the kernel's terms. */
static int64_t
ns_err(int64_t r)
{
	switch (r) {
	case -TSCHEME_ENODEV:
		return -ENOENT;
	case -TSCHEME_EPIPE:
		return -EPEER;
	case -TSCHEME_ECANCELED:
		return -EAGAIN;
	case -TSCHEME_ENAMETOOLONG:
		return -ERANGE;
	case -TSCHEME_EPATHNUL:
	case -TSCHEME_EPATHEMPTY:
	case -TSCHEME_EBADNAME:
		return -EINVAL;
	default:
		return r;
	}
}

/* Submit @p call for the current thread and wait for the answer. */
static int64_t
submit_wait(struct tscheme_call *call)
{
	struct thread *t = current();
	uint32_t tag = 0;
	int64_t res = 0;
	int r;

	call->client = (uint32_t)self()->pid;
	call->cookie = (uint64_t)thread_index(t);
	t->sdone = false;
	r = tscheme_submit(&ns, call, &tag, &res);
	if (r == TSCHEME_DONE)
		return ns_err(res);
	if (r < 0)
		return ns_err(r);
	kick_servers();
	while (!t->sdone) {
		if (self()->killed) {
			tscheme_cancel(&ns, call->client, tag);
			return -EAGAIN;
		}
		thread_block(&t->sdone, 0);
	}
	return ns_err(t->sresult);
}

int64_t
sys_open(const uint64_t *a)
{
	struct tscheme_call call;
	char path[TSCHEME_PATH_MAX];
	struct sfile *f = NULL;
	tcap_handle_t h;
	int64_t r;
	int i, err;

	if (a[1] == 0 || a[1] >= sizeof(path))
		return -EINVAL;
	if (copyin(&self()->vm, path, a[0], a[1]) != 0)
		return -EFAULT;
	for (i = 0; i < MAX_FILES && f == NULL; i++) {
		if (!files[i].used)
			f = &files[i];
	}
	if (f == NULL)
		return -ENOSPC;
	memset(&call, 0, sizeof(call));
	call.op = TSCHEME_OP_OPEN;
	call.path = path;
	call.path_len = a[1];
	call.path_flags = TSCHEME_PATH_RELATIVE;
	r = submit_wait(&call);
	if (r < 0)
		return r;
	f->used = true;
	f->refs = 1;
	f->lh = (uint32_t)r;
	f->pid = self()->pid;
	err = tcap_install(&self()->handles, f, TCAP_OBJ_FILE,
			   TCAP_RIGHT_READ | TCAP_RIGHT_WRITE |
				   TCAP_RIGHT_SEEK | TCAP_RIGHT_FSTAT,
			   &h);
	if (err != 0) {
		tscheme_close(&ns, (uint32_t)f->pid, f->lh);
		f->used = false;
		return err;
	}
	return h;
}

static int64_t
rw(const uint64_t *a, bool write)
{
	struct tscheme_call call;
	struct sfile *f = NULL;
	int err;

	err = lookup(a[0], TCAP_OBJ_FILE,
		     write ? TCAP_RIGHT_WRITE : TCAP_RIGHT_READ, (void **)&f);
	if (err != 0)
		return err;
	if (f->pid != self()->pid)
		return -EBADF;
	if (!vm_range_ok(&self()->vm, a[1], a[2], !write))
		return -EFAULT;
	if (a[2] > PAYLOAD_MAX * 16)
		return -ERANGE;
	memset(&call, 0, sizeof(call));
	call.op = write ? TSCHEME_OP_WRITE : TSCHEME_OP_READ;
	call.handle = f->lh;
	call.buf = a[1];
	call.len = a[2];
	return submit_wait(&call);
}

int64_t
sys_read(const uint64_t *a)
{
	return rw(a, false);
}

int64_t
sys_write(const uint64_t *a)
{
	return rw(a, true);
}

int64_t
sys_scheme_register(const uint64_t *a)
{
	char name[TSCHEME_NAME_MAX + 1];
	struct server *s = NULL;
	tcap_handle_t h;
	uint32_t token;
	int i, err;

	if (a[1] == 0 || a[1] > TSCHEME_NAME_MAX)
		return -EINVAL;
	if (copyin(&self()->vm, name, a[0], a[1]) != 0)
		return -EFAULT;
	for (i = 0; i < MAX_SERVERS && s == NULL; i++) {
		if (!servers[i].used)
			s = &servers[i];
	}
	if (s == NULL)
		return -ENOSPC;
	err = tscheme_register(&ns, name, a[1], (uint32_t)self()->pid, 16, 8,
			       &token);
	if (err != 0)
		return err == -TSCHEME_EEXIST ? -EEXIST : -EINVAL;
	memset(s, 0, sizeof(*s));
	tkev_source_init(&s->src, &server_ops, 1u << TKEV_FILT_READ, s);
	err = tcap_install(&self()->handles, s, TYPE_SCHEME, TCAP_RIGHTS_SAME,
			   &h);
	if (err != 0) {
		tscheme_unregister(&ns, token);
		tkev_source_close(&s->src, TKEV_CLOSE_DROP);
		return err;
	}
	s->used = true;
	s->refs = 1;
	s->token = token;
	s->pid = self()->pid;
	return h;
}

static int64_t scheme_take(struct server *s, uint64_t uout, uint64_t timeout);

int64_t
sys_scheme_next(const uint64_t *a)
{
	struct scheme_req out;
	struct server *s = NULL;
	int err;

	err = lookup(a[0], TYPE_SCHEME, TCAP_RIGHT_READ, (void **)&s);
	if (err != 0)
		return err;
	if (!vm_range_ok(&self()->vm, a[1], sizeof(out), true))
		return -EFAULT;
	if (a[2] > SLEEP_MAX_NS)
		return -EINVAL;
	return scheme_take(s, a[1], a[2]);
}

/*
 * The next request of server @p s into the user's struct scheme_req at
 * @p uout (checked), waiting up to @p timeout ns (0: no limit, 1: poll).
 */
static int64_t
scheme_take(struct server *s, uint64_t uout, uint64_t timeout)
{
	struct tscheme_request rq;
	struct scheme_req out;
	uint64_t deadline = 0;
	int err;

	if (timeout != 0)
		deadline = timer_count() + ns_to_count(timeout);
	for (;;) {
		if (s->token == 0)
			return -EPEER;
		err = tscheme_next(&ns, s->token, &rq);
		if (err == 0)
			break;
		if (err != -TSCHEME_EAGAIN)
			return -EINVAL;
		s->kicked = false;
		if (self()->killed)
			return -EAGAIN;
		if (timeout == 1)
			return -EAGAIN; /* poll */
		if (thread_block(s, deadline))
			return -ETIMEDOUT;
	}
	memset(&out, 0, sizeof(out));
	out.id = rq.id;
	out.len = rq.len;
	out.offset = rq.offset;
	out.tag = rq.tag;
	out.op = rq.op;
	out.client = rq.client;
	out.path_len = rq.path_len < SCHEME_PATH_MAX ? rq.path_len
						     : SCHEME_PATH_MAX - 1;
	memcpy(out.path, rq.path, out.path_len);
	return copyout(&self()->vm, uout, &out, sizeof(out));
}

/* Answer request @p tag of @p s with @p result and @p len bytes. */
static int64_t
scheme_put_answer(struct server *s, uint64_t tag, int64_t result,
		  const uint8_t *buf, uint64_t len)
{
	int err;

	if (len > 0) {
		err = tscheme_put(&ns, s->token, (uint32_t)tag, 0, buf, len);
		if (err != 0 && err != -TSCHEME_ECANCELED) {
			tscheme_answer(&ns, s->token, (uint32_t)tag, -EFAULT);
			return err == -TSCHEME_ERANGE ? -ERANGE : -EINVAL;
		}
	}
	err = tscheme_answer(&ns, s->token, (uint32_t)tag, result);
	return err == 0 || err == -TSCHEME_ECANCELED ? 0 : -EINVAL;
}

int64_t
sys_scheme_answer(const uint64_t *a)
{
	uint8_t buf[PAYLOAD_MAX];
	struct server *s = NULL;
	int err;

	err = lookup(a[0], TYPE_SCHEME, TCAP_RIGHT_WRITE, (void **)&s);
	if (err != 0)
		return err;
	if (a[0] > UINT32_MAX || a[1] > UINT32_MAX || a[4] > PAYLOAD_MAX)
		return -EINVAL;
	if (copyin(&self()->vm, buf, a[3], a[4]) != 0)
		return -EFAULT;
	if (s->token == 0)
		return -EPEER;
	return scheme_put_answer(s, a[1], (int64_t)a[2], buf, a[4]);
}

/*
 * scheme_answer_next (sh, tag, result, data, len, struct scheme_req *):
 * scheme_answer, then scheme_next without a time limit, in one call (a
 * driver's server loop: one system call per request instead of two).  The
 * arguments of both halves are checked before the answer goes.
 */
int64_t
sys_scheme_answer_next(const uint64_t *a)
{
	uint8_t buf[PAYLOAD_MAX];
	struct server *s = NULL;
	int64_t err;

	err = lookup(a[0], TYPE_SCHEME, TCAP_RIGHT_READ | TCAP_RIGHT_WRITE,
		     (void **)&s);
	if (err != 0)
		return err;
	if (a[1] > UINT32_MAX || a[4] > PAYLOAD_MAX)
		return -EINVAL;
	if (copyin(&self()->vm, buf, a[3], a[4]) != 0 ||
	    !vm_range_ok(&self()->vm, a[5], sizeof(struct scheme_req), true))
		return -EFAULT;
	if (s->token == 0)
		return -EPEER;
	err = scheme_put_answer(s, a[1], (int64_t)a[2], buf, a[4]);
	if (err != 0)
		return err;
	return scheme_take(s, a[5], 0);
}

int64_t
sys_scheme_get(const uint64_t *a)
{
	uint8_t buf[PAYLOAD_MAX];
	struct server *s = NULL;
	int err;

	err = lookup(a[0], TYPE_SCHEME, TCAP_RIGHT_READ, (void **)&s);
	if (err != 0)
		return err;
	if (a[1] > UINT32_MAX || a[3] > PAYLOAD_MAX)
		return -EINVAL;
	if (!vm_range_ok(&self()->vm, a[2], a[3], true))
		return -EFAULT;
	if (s->token == 0)
		return -EPEER;
	err = tscheme_get(&ns, s->token, (uint32_t)a[1], 0, buf, a[3]);
	if (err != 0)
		return err == -TSCHEME_ERANGE ? -ERANGE : -EINVAL;
	copyout(&self()->vm, a[2], buf, a[3]);
	return (int64_t)a[3];
}

int64_t
sys_region_map(const uint64_t *a)
{
	struct vm *vm = &self()->vm;
	struct region *r = NULL;
	uint64_t need = TCAP_RIGHT_MMAP_R, va;
	unsigned int prot = VM_R;
	int err;

	if ((a[1] & ~(uint64_t)(PROT_READ | PROT_WRITE)) != 0)
		return -EINVAL;
	if (a[1] & PROT_WRITE) {
		need |= TCAP_RIGHT_MMAP_W;
		prot |= VM_W;
	}
	err = lookup(a[0], TCAP_OBJ_MMIO, need, (void **)&r);
	if (err != 0)
		return err;
	if (r->size == 0)
		return -ENOENT;
	va = vm->heap;
	if (va + r->size > USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE)
		return -ENOMEM;
	err = vm_map_phys(vm, va, r->pa, r->size, prot, r->device);
	if (err != 0)
		return err;
	vm->heap = va + r->size + PAGE_SIZE;
	return (int64_t)(va + r->offset);
}

int64_t
sys_region_info(const uint64_t *a)
{
	struct region *r = NULL;
	uint64_t info[3];
	int err = lookup(a[0], TCAP_OBJ_MMIO, 0, (void **)&r);

	if (err != 0)
		return err;
	info[0] = r->pa + r->offset;
	info[1] = r->length;
	info[2] = r->kind;
	return copyout(&self()->vm, a[1], info, sizeof(info));
}

int64_t
sys_irq_wait(const uint64_t *a)
{
	struct irq_line *l = NULL;
	uint64_t deadline = 0;
	int64_t n;
	int err;

	err = lookup(a[0], TCAP_OBJ_IRQ, TCAP_RIGHT_EVENT, (void **)&l);
	if (err != 0)
		return err;
	if (a[1] > SLEEP_MAX_NS)
		return -EINVAL;
	if (l->intid == 0)
		return -ENOENT;
	if (a[1] != 0)
		deadline = timer_count() + ns_to_count(a[1]);
	gic_spi_enable(ns_gic, l->intid, true);
	while (l->pending == 0) {
		if (self()->killed)
			return -EAGAIN;
		if (a[1] == 1)
			return 0; /* poll: unmask only */
		if (thread_block(l, deadline))
			return -ETIMEDOUT;
	}
	n = l->pending;
	l->pending = 0;
	return n;
}
