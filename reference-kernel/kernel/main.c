// SPDX-License-Identifier: BSD-2-Clause
/*
 * Boot sequence of the reference kernel: device tree, console, memory map,
 * page allocator, GIC, timer, PSCI, secondary CPUs, then a tick count on
 * every CPU.  Boot-test switches come from /chosen/bootargs:
 *   tessera.exit           power off after the boot report (tests)
 *   tessera.reboot         reset after the boot report
 *   tessera.fault=null     dereference NULL after "kernel ready"
 *   tessera.fault=undef    execute an undefined instruction instead
 *   tessera.fault=text     write to the kernel's own code (read-only)
 */
#include <arch/sysreg.h>
#include <arch/trap.h>
#include <kernel/drivers.h>
#include <kernel/kernel.h>
#include <kernel/port.h>
#include <kernel/proc.h>

size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);

#define TICK_HZ	      100
#define WAKE_SGI      1 /* software interrupt that ends an idle WFI */
#define TICKS_WANTED  10
#define CPU_ON_WAIT_S 5

struct percpu {
	uint64_t mpidr;
	uint32_t online;
	uint32_t ticks;
	uint32_t gic_err;
	uint32_t keep_ticking;
};

uint8_t cpu_stacks[MAX_CPUS][1 << STACK_SHIFT] __attribute__((aligned(16)));
extern char _text[], _end[], secondary_entry[];

static struct platform plat;
static struct gic gic;
static struct percpu percpu[MAX_CPUS];
static uint64_t tick_interval;

void kmain(uint64_t dtb_pa, uint64_t load_pa, uint64_t el);
void secondary_main(uint64_t cpu);
void irq_handle(void);
void console_emergency(void);
void console_flush(void);
void mmu_set_load_pa(uint64_t pa);
_Noreturn void __stack_chk_fail(void);

bool cpu_online(unsigned int cpu);
void cpu_wake(unsigned int cpu);

static uint32_t wakeups;
uint32_t wake_count(void);

uint32_t
wake_count(void)
{
	return __atomic_load_n(&wakeups, __ATOMIC_RELAXED);
}

/* Wake a CPU that idles in WFI (the scheduler found work for it). */
void
cpu_wake(unsigned int cpu)
{
	if (cpu < MAX_CPUS && percpu[cpu].online)
		gic_sgi_send(&gic, cpu, percpu[cpu].mpidr, WAKE_SGI);
}

bool
cpu_online(unsigned int cpu)
{
	return cpu < MAX_CPUS && percpu[cpu].online;
}

const struct board_port *
port_by_cpu(void)
{
	uint32_t part = (uint32_t)(read_sysreg(midr_el1) >> 4) & 0xfff;

	if (part == port_bpi_r4.midr_part)
		return &port_bpi_r4;
	return &port_qemu_virt;
}

/* A console for last words, even before (or without) the device tree. */
void
console_emergency(void)
{
	struct uart u;

	if (console_ready())
		return;
	u = port_by_cpu()->early_uart;
	u.base = (uintptr_t)phys_to_virt(u.pa);
	console_set(&u);
}

_Noreturn void
kernel_exit(int status)
{
	uint64_t block[2] = {0x20026, (uint64_t)status};
	const struct board_port *port = plat.port ? plat.port : port_by_cpu();

	console_flush();
	/* Under QEMU -semihosting this exits with @p status. */
	semihost_call(SEMIHOST_EXIT, (uintptr_t)block);
	if (port->has_system_off) {
		if (plat.psci == PSCI_NONE)
			psci_set_conduit(plat.entry_el == 2 ? PSCI_SMC
							    : PSCI_HVC);
		psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	}
	kprintf_unlocked("halted: %s has no power-off; reset the board\n",
			 port->name);
	console_flush();
	irq_disable();
	for (;;)
		wfi();
}

/* PSCI SYSTEM_RESET; the board's own reset if that returns; else halt. */
static _Noreturn void
kernel_reset(void)
{
	console_flush();
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	if (plat.port->reset != NULL)
		plat.port->reset(&plat);
	kprintf_unlocked("halted: reset did not happen\n");
	console_flush();
	irq_disable();
	for (;;)
		wfi();
}

_Noreturn void
panic(const char *fmt, ...)
{
	va_list ap;

	console_emergency();
	kprintf_unlocked("\npanic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf_unlocked("\n");
	kernel_exit(EXIT_FATAL);
}

_Noreturn void
__stack_chk_fail(void)
{
	panic("stack protector: stack smashed");
}

static void
print_range(const char *tag, const struct mem_range *r)
{
	kprintf("  %s 0x%010lx-0x%010lx %6lu KiB  %s\n", tag,
		(unsigned long)r->base, (unsigned long)(r->base + r->size - 1),
		(unsigned long)(r->size >> 10), r->what);
}

static void
setup_memory(struct platform *p)
{
	struct mem_map *m = &p->mem;
	uint64_t a, b, c;
	int i;

	mem_reserve(m, p->load_pa, p->image_size, "kernel image");
	mem_reserve(m, p->dtb_pa, p->dtb_size, "device tree");
	if (p->initrd_end != 0)
		mem_reserve(m, p->initrd_start, p->initrd_end - p->initrd_start,
			    "initrd");
	mem_compute_usable(m);
	kprintf("memory map:\n");
	for (i = 0; i < m->nram; i++)
		print_range("ram     ", &m->ram[i]);
	for (i = 0; i < m->nreserved; i++)
		print_range("reserved", &m->reserved[i]);
	for (i = 0; i < m->nusable; i++)
		print_range("usable  ", &m->usable[i]);
	if (m->nram == 0)
		panic("no memory in the device tree (/memory)");
	if (m->nusable == 0)
		panic("no usable memory left after the reservations");
	mmu_map_ram(m);
	page_alloc_init(m);
	a = page_alloc();
	b = page_alloc();
	c = page_alloc();
	if (a == 0 || b == 0 || c == 0 || a == b || b == c)
		panic("page allocator self-test failed");
	*(volatile uint64_t *)phys_to_virt(b) = 0x7e55e7a;
	if (*(volatile uint64_t *)phys_to_virt(b) != 0x7e55e7a)
		panic("page 0x%lx does not hold a value", (unsigned long)b);
	page_free(b);
	if (page_alloc() != b)
		panic("page allocator did not reuse a freed page");
	page_free(a);
	page_free(b);
	page_free(c);
	kprintf("pages: %lu free of %lu (%lu MiB), first 0x%lx\n",
		(unsigned long)page_free_count(),
		(unsigned long)page_total_count(),
		(unsigned long)(page_total_count() >> (20 - PAGE_SHIFT)),
		(unsigned long)a);
}

static void
setup_console(const struct platform *p)
{
	static const char *const kinds[] = {"none", "pl011", "16550"};
	const struct uart *u = &p->console;

	if (u->kind == UART_NONE)
		panic("no console UART in the device tree");
	console_set(u);
	kprintf("\nTessera reference kernel %s (aarch64)\n", TESSERA_VERSION);
	kprintf("console: %s%s: %s at 0x%lx", p->console_node,
		p->console_fallback ? " (fallback: /chosen stdout-path "
				      "did not resolve)"
				    : "",
		kinds[u->kind], (unsigned long)u->pa);
	if (u->kind == UART_16550)
		kprintf(", reg-shift %u, %u-bit access", u->shift,
			u->width * 8);
	kprintf("\n");
}

static void
check_dt(struct platform *p, uint64_t dtb_pa)
{
	const char *why = NULL;

	if (dtb_pa >= LINEAR_LIMIT)
		panic("cannot boot: device tree address 0x%lx out of reach",
		      (unsigned long)dtb_pa);
	p->dtb_pa = dtb_pa;
	p->fdt = phys_to_virt(dtb_pa);
	if (dt_check(p->fdt, dtb_pa, &why) != 0)
		panic("cannot boot: bad device tree at 0x%lx: %s",
		      (unsigned long)dtb_pa, why);
	p->dtb_size = *(const uint32_t *)((const char *)p->fdt + 4);
	p->dtb_size = __builtin_bswap32(p->dtb_size);
}

static void
start_secondaries(struct platform *p)
{
	uint64_t self = read_sysreg(mpidr_el1) & 0xff00ffffffUL;
	uint64_t entry = kimage_to_phys(secondary_entry);
	uint64_t freq = timer_freq();
	unsigned int next = 1, online = 1;
	int i;

	percpu[0].mpidr = self;
	event_stream_on();
	for (i = 0; i < p->ncpus; i++) {
		unsigned int cpu = next;
		uint64_t t0;
		int64_t r;

		if (p->mpidr[i] == self || cpu >= MAX_CPUS)
			continue;
		next++;
		percpu[cpu].mpidr = p->mpidr[i];
		r = psci_call(p->psci_cpu_on, p->mpidr[i], entry, cpu);
		if (r != 0) {
			kprintf("cpu%u: MPIDR 0x%lx: CPU_ON failed: %s\n", cpu,
				(unsigned long)p->mpidr[i], psci_strerror(r));
			continue;
		}
		t0 = timer_count();
		while (!__atomic_load_n(&percpu[cpu].online,
					__ATOMIC_ACQUIRE) &&
		       timer_count() - t0 < CPU_ON_WAIT_S * freq)
			wfe(); /* woken by the SEV of secondary_main */
		if (!percpu[cpu].online) {
			kprintf("cpu%u: MPIDR 0x%lx: did not come up\n", cpu,
				(unsigned long)p->mpidr[i]);
			continue;
		}
		online++;
		kprintf("cpu%u: online, MPIDR 0x%lx%s\n", cpu,
			(unsigned long)p->mpidr[i],
			percpu[cpu].gic_err ? ", GIC setup FAILED" : "");
	}
	percpu[0].online = 1;
	kprintf("smp: %u of %d CPUs online", online, p->ncpus);
	if (p->ncpus_dt > p->ncpus)
		kprintf(" (%d more in the device tree: the kernel supports %d)",
			p->ncpus_dt - p->ncpus, MAX_CPUS);
	kprintf("\n");
}

void
irq_handle(void)
{
	unsigned int cpu = this_cpu();
	uint32_t id = gic_ack(&gic);

	if (id >= GIC_SPURIOUS)
		return;
	if (id == plat.timer_intid) {
		percpu[cpu].ticks++;
		if (percpu[cpu].ticks >= TICKS_WANTED)
			sev();
		if (percpu[cpu].ticks < TICKS_WANTED ||
		    percpu[cpu].keep_ticking || user_started()) {
			timer_arm(tick_interval);
			if (user_started())
				sched_tick();
		} else {
			timer_stop();
		}
	} else if (id == WAKE_SGI) {
		__atomic_fetch_add(&wakeups, 1, __ATOMIC_RELAXED);
	} else if (user_started()) {
		ns_irq(id);
	}
	gic_eoi(&gic, id);
}

static void
start_ticks(unsigned int cpu)
{
	if (gic_init_this_cpu(&gic, cpu, percpu[cpu].mpidr, plat.timer_intid) !=
	    0)
		percpu[cpu].gic_err = 1;
	gic_sgi_setup(&gic, cpu, WAKE_SGI);
	timer_arm(tick_interval);
	irq_enable();
}

void
secondary_main(uint64_t cpu)
{
	mmu_drop_identity();
	start_ticks((unsigned int)cpu);
	__atomic_store_n(&percpu[cpu].online, 1, __ATOMIC_RELEASE);
	sev();
	/* Until the first process exists: WFE, woken by its start's SEV. */
	while (!user_started())
		wfe();
	timer_arm(tick_interval);
	sched_start((unsigned int)cpu);
}

static void
count_ticks(const struct platform *p)
{
	uint64_t t0 = timer_count(), freq = timer_freq();
	unsigned int cpu, total = 0, ncpu = 0;

	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!percpu[cpu].online)
			continue;
		while (__atomic_load_n(&percpu[cpu].ticks, __ATOMIC_RELAXED) <
			       TICKS_WANTED &&
		       timer_count() - t0 < 5 * freq)
			wfe(); /* not WFI: our own timer may be done */
		kprintf("timer: cpu%u: %u interrupts\n", cpu,
			percpu[cpu].ticks);
		total += percpu[cpu].ticks;
		ncpu++;
	}
	kprintf("timer: %u interrupts counted on %u CPUs (INTID %u, %d Hz)\n",
		total, ncpu, p->timer_intid, TICK_HZ);
}

static bool
contains(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++) {
		if (strncmp(s, word, n) == 0)
			return true;
	}
	return false;
}

static void
inject_fault(const struct platform *p)
{
	const char *a = p->bootargs;
	uintptr_t bad = 8;

	if (a == NULL || !bootarg_has(p, "tessera.fault"))
		return;
	kprintf("fault injection requested: %s\n", a);
	if (contains(a, "tessera.fault=undef"))
		__asm__ volatile("udf #0x7e55");
	if (contains(a, "tessera.fault=text"))
		bad = (uintptr_t)kmain;
	/* Hide the constant so the compiler emits a plain store. */
	__asm__ volatile("" : "+r"(bad));
	*(volatile uint64_t *)bad = 0xdead;
}

static void
interactive(void)
{
	kprintf("console: echoing input (QEMU: Ctrl-A X quits)\n");
	percpu[0].keep_ticking = 1;
	timer_arm(tick_interval);
	for (;;) {
		int c = console_getc();

		if (c < 0) {
			wfi();
			continue;
		}
		console_putc(c == '\r' ? '\n' : (char)c);
	}
}

/*
 * User space: the program named by tessera.init=NAME (default "init") from
 * the initrd.  Returns only if it cannot start.
 */
/* Copy the value of bootarg @p key ("key=value") into @p out. */
static void
bootarg_value(const struct platform *p, const char *key, char *out, size_t size)
{
	const char *a = p->bootargs;
	size_t k = strlen(key);

	for (; a != NULL && *a != '\0'; a++) {
		size_t i;

		if (strncmp(a, key, k) != 0 || a[k] != '=' ||
		    (a != p->bootargs && a[-1] != ' '))
			continue;
		a += k + 1;
		for (i = 0; i + 1 < size && a[i] != '\0' && a[i] != ' '; i++)
			out[i] = a[i];
		out[i] = '\0';
		return;
	}
}

/*
 * User space: the program named by tessera.init=NAME (default "init") from
 * the initrd, with the argument tessera.arg=WORD.  Returns only if it
 * cannot start.
 */
static void
start_user(const struct platform *p)
{
	char name[PROC_NAME_MAX] = "init", arg[PROC_ARG_MAX] = "";
	const void *rd = NULL;
	size_t rdsize = 0;

	bootarg_value(p, "tessera.init", name, sizeof(name));
	bootarg_value(p, "tessera.arg", arg, sizeof(arg));
	if (p->initrd_end > p->initrd_start) {
		rd = phys_to_virt(p->initrd_start);
		rdsize = (size_t)(p->initrd_end - p->initrd_start);
	}
	rd = initrd_choose(rd, rdsize, &rdsize);
	ns_init(p, &gic, rd, rdsize);
	percpu[0].keep_ticking = 1;
	timer_arm(tick_interval);
	user_start(name, arg);
}

static void
setup_interrupts(struct platform *p)
{
	if (p->gic_version == 0)
		panic("no GICv2 or GICv3 in the device tree");
	if (gic_init_boot(&gic, p) != 0)
		panic("GICv%d did not initialise", p->gic_version);
	if (p->gic_version == 3)
		kprintf("gic: GICv3, GICD 0x%lx, GICR 0x%lx, IIDR 0x%08x, "
			"%u lines\n",
			(unsigned long)p->gicd_pa, (unsigned long)p->gicr_pa,
			gic.iidr, gic.nlines);
	else
		kprintf("gic: GICv2, GICD 0x%lx, GICC 0x%lx, IIDR 0x%08x, "
			"%u lines\n",
			(unsigned long)p->gicd_pa, (unsigned long)p->gicc_pa,
			gic.iidr, gic.nlines);
	if (p->cntfrq == 0)
		panic("architected timer frequency unknown (CNTFRQ_EL0 = 0)");
	tick_interval = p->cntfrq / TICK_HZ;
	kprintf("timer: %lu Hz, virtual timer INTID %u\n",
		(unsigned long)p->cntfrq, p->timer_intid);
}

static void
setup_psci(struct platform *p)
{
	int64_t v;

	psci_set_conduit(p->psci);
	if (p->psci == PSCI_NONE) {
		kprintf("psci: none in the device tree; one CPU only\n");
		p->ncpus = 1;
		return;
	}
	v = psci_call(PSCI_VERSION, 0, 0, 0);
	kprintf("psci: v%ld.%ld via %s\n", (long)(v >> 16), (long)(v & 0xffff),
		p->psci == PSCI_SMC ? "smc" : "hvc");
}

void
kmain(uint64_t dtb_pa, uint64_t load_pa, uint64_t el)
{
	struct platform *p = &plat;
	uint64_t now;

	mmu_set_load_pa(load_pa);
	p->load_pa = load_pa;
	p->entry_el = (unsigned int)el;
	p->image_size = (uint64_t)(_end - _text);
	check_dt(p, dtb_pa);
	p->port = port_by_fdt(p->fdt);
	if (p->port == NULL)
		p->port = port_by_cpu();
	dt_parse(p);
	setup_console(p);
	kprintf("boot: entered at EL%u, running at EL1; image 0x%lx, %lu KiB; "
		"DTB 0x%lx, %u bytes\n",
		p->entry_el, (unsigned long)load_pa,
		(unsigned long)(p->image_size >> 10), (unsigned long)dtb_pa,
		p->dtb_size);
	kprintf("board: %s; port %s\n", p->model ? p->model : "(no model)",
		p->port->name);
	if (p->bootargs != NULL && p->bootargs[0] != '\0')
		kprintf("bootargs: %s\n", p->bootargs);
	setup_memory(p);
	setup_interrupts(p);
	setup_psci(p);
	if (p->port->init != NULL)
		p->port->init(p);
	start_secondaries(p);
	mmu_drop_identity();
	start_ticks(0);
	now = timer_count();
	kprintf("kernel ready: %lu ns since reset (counter %lu at %lu Hz)\n",
		(unsigned long)timer_ns(now, p->cntfrq), (unsigned long)now,
		(unsigned long)p->cntfrq);
	inject_fault(p);
	/* The boot tests count ticks; user space starts without waiting. */
	if (bootarg_has(p, "tessera.exit") || bootarg_has(p, "tessera.reboot"))
		count_ticks(p);
	if (bootarg_has(p, "tessera.reboot")) {
		kprintf("boot test done: rebooting\n");
		kernel_reset();
	}
	if (bootarg_has(p, "tessera.exit")) {
		kprintf("boot test done: powering off\n");
		kernel_exit(EXIT_OK);
	}
	start_user(p);
	interactive();
}
