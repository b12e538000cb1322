// SPDX-License-Identifier: BSD-2-Clause
/* GIC version dispatch: the device tree names v2 or v3. */
#include <kernel/drivers.h>
#include <kernel/mm.h>

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
