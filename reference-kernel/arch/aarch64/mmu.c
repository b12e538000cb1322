// SPDX-License-Identifier: BSD-2-Clause
/*
 * Runtime changes to the boot page tables (arch/aarch64/early.c): map all
 * RAM the device tree reported into the linear map, and drop the identity
 * map once every CPU runs at its high address.
 */
#include <arch/sysreg.h>
#include <kernel/kernel.h>
#include <kernel/mm.h>

extern uint64_t kernel_l1[512];
extern char _text[];

static uint64_t kernel_load_pa;

void mmu_set_load_pa(uint64_t pa);

void
mmu_set_load_pa(uint64_t pa)
{
	kernel_load_pa = pa;
}

uint64_t
kimage_to_phys(const void *va)
{
	return (uint64_t)((const char *)va - _text) + kernel_load_pa;
}

/*
 * 1 GiB blocks: each RAM range is mapped by the blocks it touches.  The
 * first GiB stays device memory (MMIO on both boards), and the linear map
 * ends at LINEAR_LIMIT; RAM outside is reported and left unused.
 */
int
mmu_map_ram(const struct mem_map *m)
{
	int i, skipped = 0;

	for (i = 0; i < m->nram; i++) {
		uint64_t b = m->ram[i].base, e = b + m->ram[i].size;
		uint64_t g;

		if (b < BLOCK1G || e > LINEAR_LIMIT) {
			kprintf("mmu: RAM 0x%lx-0x%lx outside the linear map, "
				"not used\n",
				(unsigned long)b, (unsigned long)(e - 1));
			skipped++;
			continue;
		}
		for (g = b >> 30; g <= (e - 1) >> 30; g++) {
			kernel_l1[g] = (g << 30) | PTE_BLOCK |
				       PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER |
				       PTE_AF | PTE_UXN | PTE_PXN;
		}
	}
	__asm__ volatile("dsb ishst" ::: "memory");
	isb();
	return skipped;
}

/* Called by each CPU at its high address: TTBR0 walks off until user space. */
void
mmu_drop_identity(void)
{
	write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_EPD0);
	write_sysreg(ttbr0_el1, 0);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
}
