// SPDX-License-Identifier: BSD-2-Clause
/* GIC version dispatch: the device tree names v2 or v3. */
#include <arch/sysreg.h>
#include <kernel/drivers.h>
#include <kernel/mm.h>
#include <kernel/mmio.h>

int
gic_init_boot(struct gic *g, const struct platform *p)
{
	g->version = p->gic_version;
	g->gicd = (uintptr_t)phys_to_virt(p->gicd_pa);
	if (p->gic_version == 2) {
		g->gicc = (uintptr_t)phys_to_virt(p->gicc_pa);
		return gicv2_init_dist(g);
	}
	if (p->gic_version == 3) {
		g->gicr = (uintptr_t)phys_to_virt(p->gicr_pa);
		g->gicr_size = p->gicr_size;
		return gicv3_init_dist(g);
	}
	return -1;
}

int
gic_init_this_cpu(struct gic *g, unsigned int cpu, uint64_t mpidr, uint32_t ppi)
{
	if (g->version == 2)
		return gicv2_init_cpu(g, cpu, ppi);
	if (gicv3_init_redist(g, cpu, mpidr, ppi) != 0)
		return -1;
	gicv3_init_cpuif();
	return 0;
}

/*
 * GICv2: an SGI's IAR value carries the sending CPU in bits 10-12, and the
 * EOI must give it back; keep each CPU's last raw value.
 */
static uint32_t v2_iar[MAX_CPUS];
static uint8_t v2_target[MAX_CPUS]; /* each CPU's interface bit */

static unsigned int
cpu_index(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(v));
	return (unsigned int)v % MAX_CPUS;
}

uint32_t
gic_ack(const struct gic *g)
{
	uint32_t iar;

	if (g->version != 2)
		return gicv3_ack();
	iar = gicv2_ack(g);
	v2_iar[cpu_index()] = iar;
	return iar & 0x3ff;
}

void
gic_eoi(const struct gic *g, uint32_t intid)
{
	if (g->version == 2) {
		uint32_t iar = v2_iar[cpu_index()];

		gicv2_eoi(g, (iar & 0x3ff) == intid ? iar : intid);
	} else {
		gicv3_eoi(intid);
	}
}

/* This CPU takes software-generated interrupt @p sgi (0..15). */
void
gic_sgi_setup(const struct gic *g, unsigned int cpu, uint32_t sgi)
{
	unsigned int sh = (sgi & 3) * 8;
	uintptr_t base, prio;

	if (sgi > 15 || cpu >= MAX_CPUS)
		return;
	if (g->version == 2) {
		/* ITARGETSR0-7 read as this CPU's own interface bit. */
		v2_target[cpu] = (uint8_t)mmio_read32(g->gicd + GICD_ITARGETSR);
		base = g->gicd;
		prio = base + GICD_IPRIORITYR + (sgi & ~3u);
		mmio_write32(prio, (mmio_read32(prio) & ~(0xffu << sh)) |
					   (0xa0u << sh));
		mmio_write32(base + GICD_ISENABLER, 1u << sgi);
		return;
	}
	if (g->rd[cpu] == 0)
		return;
	base = g->rd[cpu] + GICR_SGI_OFFSET;
	mmio_write32(base + GICR_IGROUPR0,
		     mmio_read32(base + GICR_IGROUPR0) | (1u << sgi));
	prio = base + GICR_IPRIORITYR + (sgi & ~3u);
	mmio_write32(prio,
		     (mmio_read32(prio) & ~(0xffu << sh)) | (0xa0u << sh));
	mmio_write32(base + GICR_ISENABLER0, 1u << sgi);
}

/* Send @p sgi to logical CPU @p cpu (affinity @p mpidr). */
void
gic_sgi_send(const struct gic *g, unsigned int cpu, uint64_t mpidr,
	     uint32_t sgi)
{
	uint64_t v;

	__asm__ volatile("dsb ishst" ::: "memory");
	if (g->version == 2) {
		if (cpu < MAX_CPUS && v2_target[cpu] != 0)
			mmio_write32(g->gicd + GICD_SGIR,
				     ((uint32_t)v2_target[cpu] << 16) | sgi);
		return;
	}
	if ((mpidr & 0xff) > 15)
		return;
	v = ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 |
	    (uint64_t)sgi << 24 | ((mpidr >> 8) & 0xff) << 16 |
	    (1u << (mpidr & 0xf));
	write_sysreg(ICC_SGI1R_EL1, v);
	isb();
}

/*
 * Shared peripheral interrupts for user-space drivers: routed to CPU0,
 * priority 0xa0, group 1 on GICv3 (group 0 on GICv2, as the timer).
 */
void
gic_spi_setup(const struct gic *g, uint32_t intid)
{
	uintptr_t prio = g->gicd + GICD_IPRIORITYR + (intid & ~3u);
	unsigned int sh = (intid & 3) * 8;

	if (intid < 32 || intid >= g->nlines)
		return;
	mmio_write32(prio,
		     (mmio_read32(prio) & ~(0xffu << sh)) | (0xa0u << sh));
	if (g->version == 2) {
		uintptr_t tgt = g->gicd + GICD_ITARGETSR + (intid & ~3u);

		mmio_write32(tgt,
			     (mmio_read32(tgt) & ~(0xffu << sh)) | (1u << sh));
	} else {
		uintptr_t grp = g->gicd + GICD_IGROUPR + 4 * (intid / 32);

		mmio_write32(grp, mmio_read32(grp) | (1u << (intid % 32)));
		mmio_write32(g->gicd + GICD_IROUTER + 8 * intid, 0);
		mmio_write32(g->gicd + GICD_IROUTER + 8 * intid + 4, 0);
	}
}

void
gic_spi_enable(const struct gic *g, uint32_t intid, bool on)
{
	if (intid < 32 || intid >= g->nlines)
		return;
	mmio_write32(g->gicd + (on ? GICD_ISENABLER : GICD_ICENABLER) +
			     4 * (intid / 32),
		     1u << (intid % 32));
}
