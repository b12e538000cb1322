// SPDX-License-Identifier: BSD-2-Clause
/*
 * GICv2 distributor and CPU interface, memory-mapped.  Interrupts stay in
 * group 0 as the QEMU virt machine (no security extensions) delivers them
 * as IRQ; PPIs are banked per CPU, so each CPU enables its own.
 */
#include <kernel/drivers.h>
#include <kernel/mmio.h>

int
gicv2_init_dist(struct gic *g)
{
	uint32_t typer = mmio_read32(g->gicd + GICD_TYPER);

	g->nlines = 32 * ((typer & 0x1f) + 1);
	g->iidr = mmio_read32(g->gicd + GICD_IIDR);
	mmio_write32(g->gicd + GICD_CTLR, 1);
	return 0;
}

int
gicv2_init_cpu(struct gic *g, unsigned int cpu, uint32_t ppi)
{
	uintptr_t prio = g->gicd + GICD_IPRIORITYR + (ppi & ~3u);
	unsigned int sh = (ppi & 3) * 8;
	uint32_t v;

	(void)cpu;
	if (ppi < 16 || ppi > 31)
		return -1;
	v = mmio_read32(prio);
	v = (v & ~(0xffu << sh)) | (0xa0u << sh);
	mmio_write32(prio, v);
	mmio_write32(g->gicd + GICD_ISENABLER, 1u << ppi);
	mmio_write32(g->gicc + GICC_PMR, 0xf0);
	mmio_write32(g->gicc + GICC_CTLR, 1);
	return 0;
}

uint32_t
gicv2_ack(const struct gic *g)
{
	return mmio_read32(g->gicc + GICC_IAR);
}

void
gicv2_eoi(const struct gic *g, uint32_t intid)
{
	mmio_write32(g->gicc + GICC_EOIR, intid);
}
