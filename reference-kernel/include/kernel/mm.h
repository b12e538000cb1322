/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Physical memory: the map discovered from the device tree, the linear map
 * and the page allocator.
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#define DTB_MAX_SIZE 0x200000 /* booting.rst: the DTB is at most 2 MiB */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <arch/sysreg.h>

#define MEM_MAX_RANGES 32

struct mem_range {
	uint64_t base;
	uint64_t size;
	const char *what;
};

struct mem_map {
	struct mem_range ram[MEM_MAX_RANGES];
	int nram;
	struct mem_range reserved[MEM_MAX_RANGES];
	int nreserved;
	struct mem_range usable[MEM_MAX_RANGES];
	int nusable;
};

static inline void *
phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(LINEAR_BASE + pa);
}

static inline uint64_t
virt_to_phys(const void *va)
{
	return (uint64_t)(uintptr_t)va - LINEAR_BASE;
}

/* Physical address of a kernel image symbol. */
uint64_t kimage_to_phys(const void *va);

int mem_reserve(struct mem_map *m, uint64_t base, uint64_t size,
		const char *what);
int mem_add_ram(struct mem_map *m, uint64_t base, uint64_t size);
void mem_compute_usable(struct mem_map *m);
int mmu_map_ram(const struct mem_map *m);
void mmu_drop_identity(void);

void page_alloc_init(const struct mem_map *m);
uint64_t page_alloc(void);
void page_free(uint64_t pa);
uint64_t page_free_count(void);
uint64_t page_total_count(void);
#endif

#endif
