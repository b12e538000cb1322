// SPDX-License-Identifier: BSD-2-Clause
/* GIC version dispatch: the device tree names v2 or v3. */
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

uint32_t
gic_ack(const struct gic *g)
{
	if (g->version == 2)
		return gicv2_ack(g) & 0x3ff;
	return gicv3_ack();
}

void
gic_eoi(const struct gic *g, uint32_t intid)
{
	if (g->version == 2)
		gicv2_eoi(g, intid);
	else
		gicv3_eoi(intid);
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
