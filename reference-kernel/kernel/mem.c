// SPDX-License-Identifier: BSD-2-Clause
/*
 * Physical memory map (RAM from the device tree minus every reservation)
 * and the page allocator over what is left.
 *
 * The allocator hands out 4 KiB pages: first those freed earlier (a list
 * threaded through the free pages themselves, reached by the linear map),
 * then fresh pages from the usable ranges in order.  O(1) both ways; no
 * metadata beyond one word per free page.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>

#define PAGE_MASK ((uint64_t)PAGE_SIZE - 1)

int
mem_add_ram(struct mem_map *m, uint64_t base, uint64_t size)
{
	if (m->nram >= MEM_MAX_RANGES || base + size < base)
		return -1;
	m->ram[m->nram].base = base;
	m->ram[m->nram].size = size;
	m->ram[m->nram].what = "ram";
	m->nram++;
	return 0;
}

int
mem_reserve(struct mem_map *m, uint64_t base, uint64_t size, const char *what)
{
	if (m->nreserved >= MEM_MAX_RANGES || size == 0 || base + size < base)
		return -1;
	m->reserved[m->nreserved].base = base;
	m->reserved[m->nreserved].size = size;
	m->reserved[m->nreserved].what = what;
	m->nreserved++;
	return 0;
}

static void
add_usable(struct mem_map *m, uint64_t lo, uint64_t hi)
{
	lo = (lo + PAGE_MASK) & ~PAGE_MASK;
	hi &= ~PAGE_MASK;
	if (lo >= hi || m->nusable >= MEM_MAX_RANGES)
		return;
	m->usable[m->nusable].base = lo;
	m->usable[m->nusable].size = hi - lo;
	m->usable[m->nusable].what = "usable";
	m->nusable++;
}

/*
 * Carve one RAM range by the reservations: take the overlapping reservation
 * that starts lowest, keep what lies before it, continue after its end.
 */
static void
carve(struct mem_map *m, uint64_t lo, uint64_t hi)
{
	while (lo < hi) {
		uint64_t rb = hi, re = hi;
		int i;

		for (i = 0; i < m->nreserved; i++) {
			uint64_t b = m->reserved[i].base;
			uint64_t e = b + m->reserved[i].size;

			if (e <= lo || b >= hi)
				continue;
			if (b < lo)
				b = lo;
			if (b < rb || (b == rb && e > re)) {
				rb = b;
				re = e;
			}
		}
		if (rb > lo)
			add_usable(m, lo, rb);
		lo = re;
	}
}

void
mem_compute_usable(struct mem_map *m)
{
	int i;

	m->nusable = 0;
	for (i = 0; i < m->nram; i++)
		carve(m, m->ram[i].base, m->ram[i].base + m->ram[i].size);
}

static uint64_t free_list; /* PA of the first freed page, 0 = none */
static uint64_t nfree, ntotal;
static struct mem_range fresh[MEM_MAX_RANGES];
static int nfresh, cur;
static struct spinlock page_lock;

void
page_alloc_init(const struct mem_map *m)
{
	int i;

	nfresh = 0;
	ntotal = 0;
	for (i = 0; i < m->nusable; i++) {
		uint64_t b = m->usable[i].base;

		/* Only what the linear map reaches (see mmu_map_ram). */
		if (b < BLOCK1G || b + m->usable[i].size > LINEAR_LIMIT)
			continue;
		fresh[nfresh++] = m->usable[i];
		ntotal += m->usable[i].size >> PAGE_SHIFT;
	}
	nfree = ntotal;
	cur = 0;
	free_list = 0;
}

uint64_t
page_alloc(void)
{
	uint64_t pa = 0;

	spin_lock(&page_lock);
	if (free_list != 0) {
		pa = free_list;
		free_list = *(uint64_t *)phys_to_virt(pa);
	} else {
		while (cur < nfresh && fresh[cur].size == 0)
			cur++;
		if (cur < nfresh) {
			pa = fresh[cur].base;
			fresh[cur].base += PAGE_SIZE;
			fresh[cur].size -= PAGE_SIZE;
		}
	}
	if (pa != 0)
		nfree--;
	spin_unlock(&page_lock);
	return pa;
}

void
page_free(uint64_t pa)
{
	spin_lock(&page_lock);
	*(uint64_t *)phys_to_virt(pa) = free_list;
	free_list = pa;
	nfree++;
	spin_unlock(&page_lock);
}

uint64_t
page_free_count(void)
{
	return nfree;
}

uint64_t
page_total_count(void)
{
	return ntotal;
}
