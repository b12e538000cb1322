// SPDX-License-Identifier: BSD-2-Clause
/*
 * Device tree parsing with libfdt.  Everything board specific the kernel
 * needs comes from here: console, memory, reserved memory, GIC, timer,
 * PSCI, CPUs and the watchdog.
 */
#include <libfdt.h>

#include <kernel/kernel.h>
#include <kernel/platform.h>
#include <kernel/drivers.h>
#include <kernel/port.h>

static uint64_t
read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

static bool
node_ok(const void *fdt, int node)
{
	int len;
	const char *st = fdt_getprop(fdt, node, "status", &len);

	return st == NULL || strcmp(st, "okay") == 0 || strcmp(st, "ok") == 0;
}

/* Translate a child bus address through the parents' ranges. */
static int
translate(const void *fdt, int bus, uint64_t *addr)
{
	while (bus > 0) {
		int parent = fdt_parent_offset(fdt, bus);
		int cac = fdt_address_cells(fdt, bus);
		int csc = fdt_size_cells(fdt, bus);
		int pac = fdt_address_cells(fdt, parent < 0 ? 0 : parent);
		const fdt32_t *r;
		int len, ent, i, n;
		bool hit = false;

		if (parent < 0 || cac < 1 || cac > 2 || csc < 0 || csc > 2 ||
		    pac < 1 || pac > 2)
			return -1;
		r = fdt_getprop(fdt, bus, "ranges", &len);
		if (r == NULL)
			return -1;
		ent = cac + pac + csc;
		n = len / (4 * ent);
		for (i = 0; i < n && len > 0; i++, r += ent) {
			uint64_t cba = read_cells(r, cac);
			uint64_t pba = read_cells(r + cac, pac);
			uint64_t sz = read_cells(r + cac + pac, csc);

			if (*addr >= cba && *addr - cba < sz) {
				*addr = pba + (*addr - cba);
				hit = true;
				break;
			}
		}
		if (len > 0 && !hit)
			return -1;
		bus = parent;
	}
	return 0;
}

/* Entry @p idx of @p node's reg, as a CPU physical address. */
static int
dt_reg(const void *fdt, int node, int idx, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac, sc, len;
	const fdt32_t *reg;

	if (parent < 0)
		return -1;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -1;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (reg == NULL || idx < 0 || (idx + 1) * (ac + sc) * 4 > len)
		return -1;
	reg += idx * (ac + sc);
	*addr = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return translate(fdt, parent, addr);
}

int
dt_check(const void *fdt, uint64_t pa, const char **why)
{
	int err;

	if (pa == 0) {
		*why = "no device tree: x0 = 0 at entry";
		return -FDT_ERR_NOTFOUND;
	}
	if (pa & 7) {
		*why = "device tree address is not 8-byte aligned";
		return -FDT_ERR_ALIGNMENT;
	}
	if (fdt_magic(fdt) != FDT_MAGIC) {
		*why = "no device tree magic (d00dfeed) at x0";
		return -FDT_ERR_BADMAGIC;
	}
	err = fdt_check_header(fdt);
	if (err == 0 && fdt_totalsize(fdt) > DTB_MAX_SIZE)
		err = -FDT_ERR_TRUNCATED;
	if (err == 0)
		err = fdt_check_full(fdt, fdt_totalsize(fdt));
	if (err != 0)
		*why = fdt_strerror(err);
	return err;
}

bool
bootarg_has(const struct platform *p, const char *word)
{
	const char *s = p->bootargs;
	size_t n = strlen(word);

	while (s != NULL && *s != '\0') {
		while (*s == ' ')
			s++;
		if (strncmp(s, word, n) == 0 &&
		    (s[n] == '\0' || s[n] == ' ' || s[n] == '='))
			return true;
		while (*s != '\0' && *s != ' ')
			s++;
	}
	return false;
}

struct uart_match {
	const char *compatible;
	enum uart_kind kind;
	unsigned int shift, width;
};

/* Fallback order: the first enabled node matching one of these. */
static const struct uart_match uart_matches[] = {
	{"arm,pl011", UART_PL011, 0, 4},
	{"mediatek,mt6577-uart", UART_16550, 2, 4},
	{"ns16550a", UART_16550, 0, 1},
	{"ns16550", UART_16550, 0, 1},
};

#define NMATCH (sizeof(uart_matches) / sizeof(uart_matches[0]))

static bool
uart_from_node(const void *fdt, int node, struct uart *u)
{
	const fdt32_t *v;
	uint64_t size;
	size_t i;
	int len;

	if (node < 0 || !node_ok(fdt, node))
		return false;
	for (i = 0; i < NMATCH; i++) {
		if (fdt_node_check_compatible(fdt, node,
					      uart_matches[i].compatible) == 0)
			break;
	}
	if (i == NMATCH || dt_reg(fdt, node, 0, &u->pa, &size) != 0 ||
	    u->pa >= BLOCK1G)
		return false;
	u->kind = uart_matches[i].kind;
	u->shift = uart_matches[i].shift;
	u->width = uart_matches[i].width;
	v = fdt_getprop(fdt, node, "reg-shift", &len);
	if (v != NULL && len == 4)
		u->shift = fdt32_to_cpu(*v);
	v = fdt_getprop(fdt, node, "reg-io-width", &len);
	if (v != NULL && len == 4)
		u->width = fdt32_to_cpu(*v);
	if (u->width != 1 && u->width != 4)
		u->width = 4;
	u->base = (uintptr_t)phys_to_virt(u->pa);
	return true;
}

static char console_path[128];

void
dt_parse_console(struct platform *p)
{
	const void *fdt = p->fdt;
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path = NULL;
	const char *colon;
	int node = -1, len;
	size_t i;

	if (chosen >= 0) {
		path = fdt_getprop(fdt, chosen, "stdout-path", &len);
		if (path == NULL)
			path = fdt_getprop(fdt, chosen, "linux,stdout-path",
					   &len);
	}
	if (path != NULL) {
		colon = strchr(path, ':');
		/* Resolves an alias when the path does not start with '/'. */
		node = fdt_path_offset_namelen(fdt, path,
					       colon ? (int)(colon - path)
						     : (int)strlen(path));
		if (uart_from_node(fdt, node, &p->console))
			goto found;
	}
	p->console_fallback = true;
	for (i = 0; i < NMATCH; i++) {
		node = -1;
		while ((node = fdt_node_offset_by_compatible(
				fdt, node, uart_matches[i].compatible)) >= 0) {
			if (uart_from_node(fdt, node, &p->console))
				goto found;
		}
	}
	p->console.kind = UART_NONE;
	return;
found:
	if (fdt_get_path(fdt, node, console_path, sizeof(console_path)) != 0)
		console_path[0] = '\0';
	p->console_node = console_path;
}

static void
parse_memory(struct platform *p)
{
	const void *fdt = p->fdt;
	int node = -1, i, n;
	uint64_t a, s;

	while ((node = fdt_node_offset_by_prop_value(fdt, node, "device_type",
						     "memory", 7)) >= 0) {
		if (!node_ok(fdt, node))
			continue;
		for (i = 0; dt_reg(fdt, node, i, &a, &s) == 0; i++) {
			if (s != 0)
				mem_add_ram(&p->mem, a, s);
		}
	}
	n = fdt_num_mem_rsv(fdt);
	for (i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(fdt, i, &a, &s) == 0 && s != 0)
			mem_reserve(&p->mem, a, s, "memreserve block");
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node >= 0) {
		int child;

		fdt_for_each_subnode(child, fdt, node)
		{
			const char *name = fdt_get_name(fdt, child, NULL);

			if (!node_ok(fdt, child))
				continue;
			for (i = 0; dt_reg(fdt, child, i, &a, &s) == 0; i++)
				mem_reserve(&p->mem, a, s, name);
		}
	}
}

static const char *const gic_v2_compat[] = {"arm,cortex-a15-gic", "arm,gic-400",
					    "arm,cortex-a9-gic",
					    "arm,cortex-a7-gic", NULL};

static void
parse_gic(struct platform *p)
{
	const void *fdt = p->fdt;
	uint64_t size;
	int node, i;

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	if (node >= 0 && node_ok(fdt, node) &&
	    dt_reg(fdt, node, 0, &p->gicd_pa, &size) == 0 &&
	    dt_reg(fdt, node, 1, &p->gicr_pa, &p->gicr_size) == 0) {
		p->gic_version = 3;
		return;
	}
	for (i = 0; gic_v2_compat[i] != NULL; i++) {
		node = fdt_node_offset_by_compatible(fdt, -1, gic_v2_compat[i]);
		if (node >= 0 && node_ok(fdt, node) &&
		    dt_reg(fdt, node, 0, &p->gicd_pa, &size) == 0 &&
		    dt_reg(fdt, node, 1, &p->gicc_pa, &size) == 0) {
			p->gic_version = 2;
			return;
		}
	}
}

static void
parse_timer(struct platform *p)
{
	const void *fdt = p->fdt;
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	const fdt32_t *irq;
	int len;

	p->timer_intid = 27; /* PPI 11, the usual virtual timer */
	p->cntfrq = timer_freq();
	if (node < 0)
		return;
	irq = fdt_getprop(fdt, node, "interrupts", &len);
	/* Third entry of <type num flags>: the virtual timer. */
	if (irq != NULL && len >= 9 * 4 && fdt32_to_cpu(irq[6]) == 1)
		p->timer_intid = 16 + fdt32_to_cpu(irq[7]);
	if (p->cntfrq == 0) {
		irq = fdt_getprop(fdt, node, "clock-frequency", &len);
		if (irq != NULL && len == 4)
			p->cntfrq = fdt32_to_cpu(*irq);
	}
}

static void
parse_psci(struct platform *p)
{
	const void *fdt = p->fdt;
	const char *method;
	const fdt32_t *id;
	int node, len;

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	p->psci_cpu_on = PSCI_CPU_ON_64;
	if (node < 0) {
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci");
		id = node < 0 ? NULL : fdt_getprop(fdt, node, "cpu_on", &len);
		if (id != NULL && len == 4)
			p->psci_cpu_on = fdt32_to_cpu(*id);
	}
	if (node < 0)
		return;
	method = fdt_getprop(fdt, node, "method", &len);
	if (method == NULL)
		return;
	if (strcmp(method, "hvc") == 0)
		p->psci = PSCI_HVC;
	else if (strcmp(method, "smc") == 0)
		p->psci = PSCI_SMC;
}

static void
parse_cpus(struct platform *p)
{
	const void *fdt = p->fdt;
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node, ac, len;

	if (cpus < 0)
		return;
	ac = fdt_address_cells(fdt, cpus);
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", &len);
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (type == NULL || strcmp(type, "cpu") != 0 ||
		    !node_ok(fdt, node) || reg == NULL || ac < 1 || ac > 2 ||
		    len < ac * 4 || p->ncpus >= MAX_CPUS)
			continue;
		p->mpidr[p->ncpus++] = read_cells(reg, ac) & 0xff00ffffffUL;
	}
}

static const char *const wdt_compat[] = {"mediatek,mt7988-wdt",
					 "mediatek,mt7986-wdt",
					 "mediatek,mt6589-wdt", NULL};

static void
parse_wdt(struct platform *p)
{
	uint64_t size;
	int i, node;

	for (i = 0; wdt_compat[i] != NULL; i++) {
		node = fdt_node_offset_by_compatible(p->fdt, -1, wdt_compat[i]);
		if (node >= 0 && node_ok(p->fdt, node) &&
		    dt_reg(p->fdt, node, 0, &p->wdt_pa, &size) == 0)
			return;
	}
	p->wdt_pa = 0;
}

int
dt_parse(struct platform *p)
{
	const void *fdt = p->fdt;
	int chosen = fdt_path_offset(fdt, "/chosen");
	int len;

	p->model = fdt_getprop(fdt, 0, "model", &len);
	if (p->model == NULL)
		p->model = fdt_getprop(fdt, 0, "compatible", &len);
	if (chosen >= 0)
		p->bootargs = fdt_getprop(fdt, chosen, "bootargs", &len);
	parse_memory(p);
	parse_gic(p);
	parse_timer(p);
	parse_psci(p);
	parse_cpus(p);
	parse_wdt(p);
	return 0;
}

const struct board_port *
port_by_fdt(const void *fdt)
{
	static const struct board_port *const ports[] = {&port_bpi_r4,
							 &port_qemu_virt};
	size_t i;
	int j;

	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		for (j = 0; ports[i]->compatible[j] != NULL; j++) {
			if (fdt_node_check_compatible(
				    fdt, 0, ports[i]->compatible[j]) == 0)
				return ports[i];
		}
	}
	return NULL;
}
