// SPDX-License-Identifier: BSD-2-Clause
/*
 * Device tree parsing with libfdt.  Everything board specific the kernel
 * needs comes from here: console, memory, reserved memory, GIC, timer,
 * PSCI, CPUs and the watchdog.
 *
 * One pass over the structure block: each node's properties are read once
 * and the node is matched against everything the kernel looks for.  (A
 * libfdt lookup per item walks the whole tree each time; on QEMU's tree
 * that cost ten times more instructions.)  A stack of the enclosing nodes'
 * #address-cells, #size-cells and ranges translates reg to CPU addresses.
 */
#include <libfdt.h>

#include <kernel/drivers.h>
#include <kernel/kernel.h>
#include <kernel/platform.h>
#include <kernel/port.h>

#define DT_MAX_DEPTH 16

/* An enclosing node: what its children need to decode their reg. */
struct dt_level {
	int node;
	int ac, sc; /* #address-cells, #size-cells for the children */
	const fdt32_t *ranges;
	int ranges_len; /* -1: no ranges property */
	bool reserved_memory;
	bool cpus;
};

/* The properties of one node the kernel looks at. */
struct dt_node {
	int offset, depth;
	const char *compatible;
	int compatible_len;
	const char *device_type;
	const char *status;
	const fdt32_t *reg;
	int reg_len;
	const fdt32_t *reg_shift, *reg_io_width;
	const fdt32_t *interrupts;
	int interrupts_len;
	const char *method;
	const fdt32_t *cpu_on;
	const fdt32_t *clock_frequency;
};

static uint64_t
read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

static bool
node_ok(const struct dt_node *n)
{
	const char *st = n->status;

	return st == NULL || strcmp(st, "okay") == 0 || strcmp(st, "ok") == 0;
}

static bool
is_compatible(const struct dt_node *n, const char *c)
{
	const char *s = n->compatible;
	int left = n->compatible_len;
	size_t len = strlen(c);

	while (s != NULL && left > 0) {
		const char *z = memchr(s, '\0', (size_t)left);
		size_t l = z ? (size_t)(z - s) : (size_t)left;

		if (l == len && memcmp(s, c, len) == 0)
			return true;
		s += l + 1;
		left -= (int)l + 1;
	}
	return false;
}

/* Translate a bus address of level @p d's children up to the CPU. */
static int
translate(const struct dt_level *lv, int d, uint64_t *addr)
{
	for (; d > 0; d--) {
		const struct dt_level *bus = &lv[d];
		int cac = bus->ac, csc = bus->sc, pac = lv[d - 1].ac;
		int ent = cac + pac + csc, i, n;
		const fdt32_t *r = bus->ranges;
		bool hit = false;

		if (bus->ranges_len < 0)
			return -1; /* no ranges: not memory-mapped */
		if (bus->ranges_len == 0)
			continue; /* identity */
		if (cac > 2 || pac < 1 || pac > 2 || csc > 2)
			return -1;
		n = bus->ranges_len / (4 * ent);
		for (i = 0; i < n; i++, r += ent) {
			uint64_t cba = read_cells(r, cac);
			uint64_t pba = read_cells(r + cac, pac);
			uint64_t sz = read_cells(r + cac + pac, csc);

			if (*addr >= cba && *addr - cba < sz) {
				*addr = pba + (*addr - cba);
				hit = true;
				break;
			}
		}
		if (!hit)
			return -1;
	}
	return 0;
}

/* Entry @p idx of the node's reg, as a CPU physical address. */
static int
node_reg(const struct dt_level *lv, const struct dt_node *n, int idx,
	 uint64_t *addr, uint64_t *size)
{
	const struct dt_level *parent = &lv[n->depth - 1];
	int ac = parent->ac, sc = parent->sc;
	const fdt32_t *reg = n->reg;

	if (n->depth < 1 || ac < 1 || ac > 2 || sc < 0 || sc > 2 ||
	    reg == NULL || idx < 0 || (idx + 1) * (ac + sc) * 4 > n->reg_len)
		return -1;
	reg += idx * (ac + sc);
	*addr = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return translate(lv, n->depth - 1, addr);
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

static const char *const gic_v2_compat[] = {"arm,cortex-a15-gic", "arm,gic-400",
					    "arm,cortex-a9-gic",
					    "arm,cortex-a7-gic", NULL};

static const char *const wdt_compat[] = {"mediatek,mt7988-wdt",
					 "mediatek,mt7986-wdt",
					 "mediatek,mt6589-wdt", NULL};

static bool
compatible_any(const struct dt_node *n, const char *const *list)
{
	int i;

	for (i = 0; list[i] != NULL; i++) {
		if (is_compatible(n, list[i]))
			return true;
	}
	return false;
}

/* What the walk collects beyond struct platform. */
struct scan {
	int stdout_node;  /* -1: stdout-path absent or unresolved */
	int console_rank; /* NMATCH + 1: none yet; 0: the stdout-path node */
	int console_node;
	bool gic_done, timer_done, psci_done, wdt_done;
	int psci_rank;
};

static bool
uart_from_node(const struct dt_level *lv, const struct dt_node *n,
	       struct uart *u, size_t *which)
{
	uint64_t size;
	size_t i;

	for (i = 0; i < NMATCH; i++) {
		if (is_compatible(n, uart_matches[i].compatible))
			break;
	}
	if (i == NMATCH || !node_ok(n) ||
	    node_reg(lv, n, 0, &u->pa, &size) != 0 || u->pa >= BLOCK1G)
		return false;
	u->kind = uart_matches[i].kind;
	u->shift = uart_matches[i].shift;
	u->width = uart_matches[i].width;
	if (n->reg_shift != NULL)
		u->shift = fdt32_to_cpu(*n->reg_shift);
	if (n->reg_io_width != NULL)
		u->width = fdt32_to_cpu(*n->reg_io_width);
	if (u->width != 1 && u->width != 4)
		u->width = 4;
	u->base = (uintptr_t)phys_to_virt(u->pa);
	*which = i;
	return true;
}

static void
match_console(struct platform *p, struct scan *s, const struct dt_level *lv,
	      const struct dt_node *n)
{
	struct uart u;
	size_t which;
	int rank;

	if (!uart_from_node(lv, n, &u, &which))
		return;
	rank = n->offset == s->stdout_node ? 0 : (int)which + 1;
	if (rank < s->console_rank) {
		p->console = u;
		s->console_rank = rank;
		s->console_node = n->offset;
	}
}

static void
match_memory(struct platform *p, const struct dt_level *lv,
	     const struct dt_node *n)
{
	uint64_t a, sz;
	int i;

	if (n->depth < 1 || !node_ok(n))
		return;
	if (n->device_type != NULL && strcmp(n->device_type, "memory") == 0) {
		for (i = 0; node_reg(lv, n, i, &a, &sz) == 0; i++) {
			if (sz != 0)
				mem_add_ram(&p->mem, a, sz);
		}
	}
	if (lv[n->depth - 1].reserved_memory) {
		const char *name = fdt_get_name(p->fdt, n->offset, NULL);

		for (i = 0; node_reg(lv, n, i, &a, &sz) == 0; i++)
			mem_reserve(&p->mem, a, sz, name);
	}
}

static void
match_gic(struct platform *p, struct scan *s, const struct dt_level *lv,
	  const struct dt_node *n)
{
	uint64_t size;

	if (s->gic_done || !node_ok(n))
		return;
	if (is_compatible(n, "arm,gic-v3") &&
	    node_reg(lv, n, 0, &p->gicd_pa, &size) == 0 &&
	    node_reg(lv, n, 1, &p->gicr_pa, &p->gicr_size) == 0) {
		p->gic_version = 3;
		s->gic_done = true;
	} else if (compatible_any(n, gic_v2_compat) &&
		   node_reg(lv, n, 0, &p->gicd_pa, &size) == 0 &&
		   node_reg(lv, n, 1, &p->gicc_pa, &size) == 0) {
		p->gic_version = 2;
		s->gic_done = true;
	}
}

static void
match_timer(struct platform *p, struct scan *s, const struct dt_node *n)
{
	const fdt32_t *irq = n->interrupts;

	if (s->timer_done || !is_compatible(n, "arm,armv8-timer"))
		return;
	s->timer_done = true;
	/* Third entry of <type num flags>: the virtual timer. */
	if (irq != NULL && n->interrupts_len >= 9 * 4 &&
	    fdt32_to_cpu(irq[6]) == 1)
		p->timer_intid = 16 + fdt32_to_cpu(irq[7]);
	if (p->cntfrq == 0 && n->clock_frequency != NULL)
		p->cntfrq = fdt32_to_cpu(*n->clock_frequency);
}

static void
match_psci(struct platform *p, struct scan *s, const struct dt_node *n)
{
	int rank;

	if (is_compatible(n, "arm,psci-0.2") ||
	    is_compatible(n, "arm,psci-1.0"))
		rank = 0;
	else if (is_compatible(n, "arm,psci"))
		rank = 1;
	else
		return;
	if (s->psci_done && rank >= s->psci_rank)
		return;
	s->psci_done = true;
	s->psci_rank = rank;
	p->psci = PSCI_NONE;
	p->psci_cpu_on = PSCI_CPU_ON_64;
	if (rank == 1 && n->cpu_on != NULL)
		p->psci_cpu_on = fdt32_to_cpu(*n->cpu_on);
	if (n->method != NULL && strcmp(n->method, "hvc") == 0)
		p->psci = PSCI_HVC;
	else if (n->method != NULL && strcmp(n->method, "smc") == 0)
		p->psci = PSCI_SMC;
}

static void
match_cpu(struct platform *p, const struct dt_level *lv,
	  const struct dt_node *n)
{
	int ac = lv[n->depth - 1].ac;

	if (!lv[n->depth - 1].cpus || n->device_type == NULL ||
	    strcmp(n->device_type, "cpu") != 0 || !node_ok(n) ||
	    n->reg == NULL || ac < 1 || ac > 2 || n->reg_len < ac * 4)
		return;
	p->ncpus_dt++;
	if (p->ncpus >= MAX_CPUS)
		return;
	p->mpidr[p->ncpus++] = read_cells(n->reg, ac) & 0xff00ffffffUL;
}

static void
match_wdt(struct platform *p, struct scan *s, const struct dt_level *lv,
	  const struct dt_node *n)
{
	uint64_t size;

	if (!s->wdt_done && node_ok(n) && compatible_any(n, wdt_compat) &&
	    node_reg(lv, n, 0, &p->wdt_pa, &size) == 0)
		s->wdt_done = true;
}

enum prop_id {
	P_UNKNOWN, /* not looked up yet */
	P_OTHER,
	P_COMPATIBLE,
	P_REG,
	P_STATUS,
	P_DEVICE_TYPE,
	P_ADDRESS_CELLS,
	P_SIZE_CELLS,
	P_RANGES,
	P_INTERRUPTS,
	P_REG_SHIFT,
	P_REG_IO_WIDTH,
	P_METHOD,
	P_CPU_ON,
	P_CLOCK_FREQUENCY,
};

static const char *const prop_names[] = {
	[P_COMPATIBLE] = "compatible",
	[P_REG] = "reg",
	[P_STATUS] = "status",
	[P_DEVICE_TYPE] = "device_type",
	[P_ADDRESS_CELLS] = "#address-cells",
	[P_SIZE_CELLS] = "#size-cells",
	[P_RANGES] = "ranges",
	[P_INTERRUPTS] = "interrupts",
	[P_REG_SHIFT] = "reg-shift",
	[P_REG_IO_WIDTH] = "reg-io-width",
	[P_METHOD] = "method",
	[P_CPU_ON] = "cpu_on",
	[P_CLOCK_FREQUENCY] = "clock-frequency",
};

#define NPROP	      (sizeof(prop_names) / sizeof(prop_names[0]))
#define NAMEOFF_CACHE 8192

/*
 * Property names are offsets into the strings block; many properties
 * share one.  Classify each offset once: libfdt's checked string lookup
 * scans to the end of the strings block every time.
 */
static uint8_t nameoff_id[NAMEOFF_CACHE];

static enum prop_id
prop_id(const void *fdt, uint32_t nameoff)
{
	const char *name;
	size_t i;

	if (nameoff < NAMEOFF_CACHE && nameoff_id[nameoff] != P_UNKNOWN)
		return (enum prop_id)nameoff_id[nameoff];
	name = fdt_string(fdt, (int)nameoff);
	for (i = P_COMPATIBLE; i < NPROP && name != NULL; i++) {
		if (strcmp(name, prop_names[i]) == 0)
			break;
	}
	if (name == NULL || i == NPROP)
		i = P_OTHER;
	if (nameoff < NAMEOFF_CACHE)
		nameoff_id[nameoff] = (uint8_t)i;
	return (enum prop_id)i;
}

static void
set_prop(struct dt_node *n, struct dt_level *self, enum prop_id id,
	 const void *v, int len)
{
	switch (id) {
	case P_COMPATIBLE:
		n->compatible = v;
		n->compatible_len = len;
		break;
	case P_REG:
		n->reg = v;
		n->reg_len = len;
		break;
	case P_STATUS:
		n->status = v;
		break;
	case P_DEVICE_TYPE:
		n->device_type = v;
		break;
	case P_ADDRESS_CELLS:
		if (len == 4)
			self->ac = (int)fdt32_to_cpu(*(const fdt32_t *)v);
		break;
	case P_SIZE_CELLS:
		if (len == 4)
			self->sc = (int)fdt32_to_cpu(*(const fdt32_t *)v);
		break;
	case P_RANGES:
		self->ranges = v;
		self->ranges_len = len;
		break;
	case P_INTERRUPTS:
		n->interrupts = v;
		n->interrupts_len = len;
		break;
	case P_REG_SHIFT:
		n->reg_shift = len == 4 ? v : NULL;
		break;
	case P_REG_IO_WIDTH:
		n->reg_io_width = len == 4 ? v : NULL;
		break;
	case P_METHOD:
		n->method = v;
		break;
	case P_CPU_ON:
		n->cpu_on = len == 4 ? v : NULL;
		break;
	case P_CLOCK_FREQUENCY:
		n->clock_frequency = len == 4 ? v : NULL;
		break;
	default:
		break;
	}
}

/* Read the node's properties once; fill its level for the children. */
static void
read_node(const void *fdt, struct dt_node *n, struct dt_level *self)
{
	int prop;

	self->node = n->offset;
	self->ac = 2; /* defaults of the device-tree specification */
	self->sc = 1;
	self->ranges = NULL;
	self->ranges_len = -1;
	fdt_for_each_property_offset(prop, fdt, n->offset)
	{
		int len;
		const struct fdt_property *fp =
			fdt_get_property_by_offset(fdt, prop, &len);

		if (fp != NULL)
			set_prop(n, self,
				 prop_id(fdt, fdt32_to_cpu(fp->nameoff)),
				 fp->data, len);
	}
}

/* linux,initrd-start/-end: one or two cells. */
static uint64_t
chosen_addr(const void *fdt, int chosen, const char *name)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, chosen, name, &len);

	if (v == NULL || (len != 4 && len != 8))
		return 0;
	return read_cells(v, len / 4);
}

static void
resolve_stdout(struct platform *p, struct scan *s)
{
	int chosen = fdt_path_offset(p->fdt, "/chosen");
	const char *path = NULL, *colon;
	int len;

	s->stdout_node = -1;
	if (chosen >= 0) {
		p->initrd_start =
			chosen_addr(p->fdt, chosen, "linux,initrd-start");
		p->initrd_end = chosen_addr(p->fdt, chosen, "linux,initrd-end");
		if (p->initrd_end <= p->initrd_start)
			p->initrd_start = p->initrd_end = 0;
		p->bootargs = fdt_getprop(p->fdt, chosen, "bootargs", &len);
		path = fdt_getprop(p->fdt, chosen, "stdout-path", &len);
		if (path == NULL)
			path = fdt_getprop(p->fdt, chosen, "linux,stdout-path",
					   &len);
	}
	if (path == NULL)
		return;
	colon = strchr(path, ':');
	/* Resolves an alias when the path does not start with '/'. */
	s->stdout_node = fdt_path_offset_namelen(
		p->fdt, path, colon ? (int)(colon - path) : (int)strlen(path));
}

static char console_path[128];

int
dt_parse(struct platform *p)
{
	const void *fdt = p->fdt;
	struct dt_level lv[DT_MAX_DEPTH];
	struct scan s = {.console_rank = NMATCH + 1, .console_node = -1};
	int node, depth = 0, i, n;
	uint64_t a, sz;

	n = (int)fdt_size_dt_strings(fdt);
	memset(nameoff_id, 0,
	       n < NAMEOFF_CACHE ? (size_t)n : sizeof(nameoff_id));
	resolve_stdout(p, &s);
	p->model = fdt_getprop(fdt, 0, "model", &i);
	if (p->model == NULL)
		p->model = fdt_getprop(fdt, 0, "compatible", &i);
	p->timer_intid = 27; /* PPI 11, the usual virtual timer */
	p->cntfrq = timer_freq();
	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		struct dt_node nd = {.offset = node, .depth = depth};

		if (depth < 0 || depth >= DT_MAX_DEPTH)
			continue;
		read_node(fdt, &nd, &lv[depth]);
		lv[depth].reserved_memory = false;
		lv[depth].cpus = false;
		if (depth == 1) {
			const char *name = fdt_get_name(fdt, node, NULL);

			lv[1].reserved_memory =
				name && strcmp(name, "reserved-memory") == 0;
			lv[1].cpus = name && strcmp(name, "cpus") == 0;
		}
		if (depth == 0)
			continue;
		match_memory(p, lv, &nd);
		match_console(p, &s, lv, &nd);
		match_gic(p, &s, lv, &nd);
		match_timer(p, &s, &nd);
		match_psci(p, &s, &nd);
		match_cpu(p, lv, &nd);
		match_wdt(p, &s, lv, &nd);
	}
	n = fdt_num_mem_rsv(fdt);
	for (i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(fdt, i, &a, &sz) == 0 && sz != 0)
			mem_reserve(&p->mem, a, sz, "memreserve block");
	}
	if (!s.wdt_done)
		p->wdt_pa = 0;
	p->console_fallback = s.console_rank != 0;
	p->console_node = NULL;
	if (s.console_node >= 0 &&
	    fdt_get_path(fdt, s.console_node, console_path,
			 sizeof(console_path)) == 0)
		p->console_node = console_path;
	if (s.console_node < 0)
		p->console.kind = UART_NONE;
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
