// SPDX-License-Identifier: BSD-2-Clause
/*
 * GICv3 distributor and redistributors (memory-mapped part).  The firmware
 * (TF-A on the BPI-R4) may have set the distributor up already; writing the
 * same enables again is harmless.  The CPU interface, reached through
 * system registers, is in arch/aarch64/gic_cpuif.c.
 */
#include <kernel/drivers.h>
#include <kernel/mmio.h>

static int
wait_rwp(uintptr_t ctlr)
{
	int spin = GIC_SPIN_LIMIT;

	while ((mmio_read32(ctlr) & GICD_CTLR_RWP) && --spin)
		;
	return spin ? 0 : -1;
}

int
gicv3_init_dist(struct gic *g)
{
	uint32_t typer = mmio_read32(g->gicd + GICD_TYPER);
	uint32_t ctlr;

	g->nlines = 32 * ((typer & 0x1f) + 1);
	g->iidr = mmio_read32(g->gicd + GICD_IIDR);
	/* Affinity routing first, then the group 1 enables. */
	ctlr = mmio_read32(g->gicd + GICD_CTLR);
	mmio_write32(g->gicd + GICD_CTLR, ctlr | GICD_CTLR_ARE);
	if (wait_rwp(g->gicd + GICD_CTLR) != 0)
		return -1;
	ctlr = mmio_read32(g->gicd + GICD_CTLR);
	mmio_write32(g->gicd + GICD_CTLR,
		     ctlr | GICD_CTLR_ARE | GICD_CTLR_G1A | GICD_CTLR_G1);
	return wait_rwp(g->gicd + GICD_CTLR);
}

static uintptr_t
find_redist(const struct gic *g, uint64_t mpidr)
{
	uint32_t aff =
		(uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
	uintptr_t rd = g->gicr;
	uintptr_t end = g->gicr + g->gicr_size;

	while (rd < end) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
		rd += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
	return 0;
}

int
gicv3_init_redist(struct gic *g, unsigned int cpu, uint64_t mpidr, uint32_t ppi)
{
	uintptr_t rd = find_redist(g, mpidr);
	uintptr_t sgi;
	uintptr_t prio;
	unsigned int sh = (ppi & 3) * 8;
	int spin = GIC_SPIN_LIMIT;
	uint32_t v;

	if (rd == 0 || cpu >= MAX_CPUS || ppi < 16 || ppi > 31)
		return -1;
	g->rd[cpu] = rd;
	v = mmio_read32(rd + GICR_WAKER);
	mmio_write32(rd + GICR_WAKER, v & ~GICR_WAKER_PSLEEP);
	while ((mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CASLEEP) && --spin)
		;
	if (spin == 0)
		return -1;
	sgi = rd + GICR_SGI_OFFSET;
	v = mmio_read32(sgi + GICR_IGROUPR0);
	mmio_write32(sgi + GICR_IGROUPR0, v | (1u << ppi));
	prio = sgi + GICR_IPRIORITYR + (ppi & ~3u);
	v = mmio_read32(prio);
	mmio_write32(prio, (v & ~(0xffu << sh)) | (0xa0u << sh));
	mmio_write32(sgi + GICR_ISENABLER0, 1u << ppi);
	return 0;
}
