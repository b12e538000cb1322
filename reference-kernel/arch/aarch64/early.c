// SPDX-License-Identifier: BSD-2-Clause
/*
 * Boot page tables, built with the MMU off at the physical load address.
 * This file is compiled with -mstrict-align and must only use PC-relative
 * addressing: no pointers in initialised data, no calls out of this file.
 *
 * TTBR1: L1 slot 511 -> kimg_l2 -> kimg_l3: the image at KIMAGE_VBASE in
 *        4 KiB pages, text and read-only data read-only and executable,
 *        the rest (GOT, data, bss, page tables, stacks) writable, never
 *        executable (the linker script keeps the image within 2 MiB);
 *        L1 slots 0..255: linear map LINEAR_BASE + PA, 1 GiB blocks; slot 0
 *        (the first GiB, where both boards keep their MMIO) as device memory.
 * TTBR0: identity map of the GiB that holds the image, only for the
 *        instructions that turn the MMU on.
 */
#include <stdint.h>

#include <arch/sysreg.h>
#include <kernel/mm.h>

uint64_t kernel_l1[512] __attribute__((aligned(PAGE_SIZE)));
uint64_t kimg_l2[512] __attribute__((aligned(PAGE_SIZE)));
uint64_t kimg_l3[512] __attribute__((aligned(PAGE_SIZE)));
uint64_t idmap_l1[512] __attribute__((aligned(PAGE_SIZE)));

extern char _text[], __text_end[], _end[];

#define NORMAL_BLOCK \
	(PTE_BLOCK | PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_UXN)
#define DEVICE_BLOCK \
	(PTE_BLOCK | PTE_ATTR(ATTR_DEVICE) | PTE_AF | PTE_UXN | PTE_PXN)

static void
map_gib_normal(uint64_t pa)
{
	uint64_t i = pa >> 30;

	if (pa < BLOCK1G || pa >= LINEAR_LIMIT)
		return;
	kernel_l1[i] = (i << 30) | NORMAL_BLOCK | PTE_PXN;
}

static void
invalidate(const uint64_t *table)
{
	uintptr_t p = (uintptr_t)table;
	uintptr_t end = p + PAGE_SIZE;

	for (; p < end; p += 64)
		__asm__ volatile("dc ivac, %0" ::"r"(p) : "memory");
}

void early_map(uint64_t load_pa, uint64_t dtb_pa);

void
early_map(uint64_t load_pa, uint64_t dtb_pa)
{
	uint64_t size = (uint64_t)(_end - _text);
	uint64_t text = (uint64_t)(__text_end - _text);
	uint64_t i;

	for (i = 0; i * PAGE_SIZE < size; i++) {
		uint64_t off = i * PAGE_SIZE;

		kimg_l3[i] = (load_pa + off) | PTE_PAGE |
			     PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF |
			     PTE_UXN | (off < text ? PTE_RDONLY : PTE_PXN);
	}
	kimg_l2[0] = (uint64_t)(uintptr_t)kimg_l3 | PTE_TABLE;
	kernel_l1[511] = (uint64_t)(uintptr_t)kimg_l2 | PTE_TABLE;
	kernel_l1[0] = DEVICE_BLOCK;
	map_gib_normal(load_pa);
	if (dtb_pa != 0) {
		map_gib_normal(dtb_pa);
		map_gib_normal(dtb_pa + DTB_MAX_SIZE - 1);
	}
	idmap_l1[load_pa >> 30] =
		(load_pa & ~(uint64_t)(BLOCK1G - 1)) | NORMAL_BLOCK;
	/*
	 * The tables were written with the MMU off; drop any stale cache lines
	 * so that the walker, which reads through the cache, sees them.
	 */
	invalidate(kernel_l1);
	invalidate(kimg_l2);
	invalidate(kimg_l3);
	invalidate(idmap_l1);
	__asm__ volatile("dsb sy" ::: "memory");
}
