// SPDX-License-Identifier: BSD-2-Clause
/* Memory map arithmetic (kernel/mem.c): RAM minus every reservation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>
#include <stdlib.h>

#include <kernel/mm.h>

struct range {
	uint64_t base, size;
};

static void
expect_usable(const struct mem_map *m, const struct range *want, int n)
{
	int i;

	assert_int_equal(m->nusable, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(m->usable[i].base, want[i].base);
		assert_int_equal(m->usable[i].size, want[i].size);
	}
}

static void
test_mem_compute_usable__board_layout(void **state)
{
	/* BPI-R4: 4 GiB, BL31 at 0x43000000, image at 0x46000000, DTB. */
	static struct mem_map m;
	const struct range want[] = {
		{0x40000000, 0x3000000},
		{0x43050000, 0x2fb0000},
		{0x46032000, 0x37c7d000},
		{0x7dcb1000, 0xc234f000},
	};

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_int_equal(mem_add_ram(&m, 0x40000000, 0x100000000), 0);
	assert_int_equal(mem_reserve(&m, 0x46000000, 0x32000, "image"), 0);
	assert_int_equal(mem_reserve(&m, 0x43000000, 0x50000, "secmon"), 0);
	assert_int_equal(mem_reserve(&m, 0x7dcaf000, 0x1800, "dtb"), 0);
	mem_compute_usable(&m);
	expect_usable(&m, want, 4);
}

static void
test_mem_compute_usable__overlaps_and_edges(void **state)
{
	static struct mem_map m;
	const struct range want[] = {
		{0x40003000, 0x1000},
		{0x40010000, 0xf0000},
		{0x80000000, 0x1000},
	};

	(void)state;
	memset(&m, 0, sizeof(m));
	mem_add_ram(&m, 0x40000000, 0x100000);
	mem_add_ram(&m, 0x80000000, 0x2000);
	/* Overlapping, nested, unaligned, at the start, across the end. */
	mem_reserve(&m, 0x40000000, 0x2000, "a");
	mem_reserve(&m, 0x40001000, 0x1800, "b");
	mem_reserve(&m, 0x40004100, 0x100, "c");
	mem_reserve(&m, 0x40004000, 0xc000, "d");
	mem_reserve(&m, 0x80001000, 0x10000, "e");
	mem_reserve(&m, 0x90000000, 0x1000, "outside");
	mem_compute_usable(&m);
	expect_usable(&m, want, 3);
}

static void
test_mem_compute_usable__all_reserved(void **state)
{
	static struct mem_map m;

	(void)state;
	memset(&m, 0, sizeof(m));
	mem_add_ram(&m, 0x40000000, 0x10000);
	mem_reserve(&m, 0x3f000000, 0x2000000, "everything");
	mem_compute_usable(&m);
	assert_int_equal(m.nusable, 0);
}

static void
test_mem_reserve__rejects_empty_wrapping_and_full(void **state)
{
	static struct mem_map m;
	int i;

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_int_equal(mem_reserve(&m, 0x1000, 0, "empty"), -1);
	assert_int_equal(mem_reserve(&m, UINT64_MAX - 5, 0x10, "wrap"), -1);
	assert_int_equal(mem_add_ram(&m, UINT64_MAX - 5, 0x10), -1);
	for (i = 0; i < MEM_MAX_RANGES; i++) {
		assert_int_equal(mem_reserve(&m, 0x1000, 0x1000, "r"), 0);
		assert_int_equal(mem_add_ram(&m, 0x1000, 0x1000), 0);
	}
	assert_int_equal(mem_reserve(&m, 0x1000, 0x1000, "r"), -1);
	assert_int_equal(mem_add_ram(&m, 0x1000, 0x1000), -1);
}

/*
 * The allocator threads its free list through the pages via the linear
 * map; built with KERNEL_HOST_LINEAR0 that is the identity, so host memory
 * stands in for RAM.
 */
#define FAKE_PAGES 16

static void
test_page_alloc__fresh_then_reuse_then_exhausted(void **state)
{
	static struct mem_map m;
	uint64_t got[FAKE_PAGES];
	uint64_t ram;
	void *mem;
	int i;

	(void)state;
	mem = aligned_alloc(PAGE_SIZE, FAKE_PAGES * PAGE_SIZE);
	assert_non_null(mem);
	ram = (uint64_t)(uintptr_t)mem;
	memset(&m, 0, sizeof(m));
	mem_add_ram(&m, ram, FAKE_PAGES * PAGE_SIZE);
	mem_reserve(&m, ram + 4 * PAGE_SIZE, 2 * PAGE_SIZE, "hole");
	/* Below 1 GiB: outside the linear map, never handed out. */
	mem_add_ram(&m, 0x100000, 0x10000);
	mem_compute_usable(&m);
	page_alloc_init(&m);
	assert_int_equal(page_total_count(), FAKE_PAGES - 2);
	assert_int_equal(page_free_count(), FAKE_PAGES - 2);
	for (i = 0; i < FAKE_PAGES - 2; i++) {
		got[i] = page_alloc();
		assert_true(got[i] >= ram);
		assert_true(got[i] < ram + FAKE_PAGES * PAGE_SIZE);
		assert_false(got[i] >= ram + 4 * PAGE_SIZE &&
			     got[i] < ram + 6 * PAGE_SIZE);
		assert_int_equal(got[i] % PAGE_SIZE, 0);
	}
	assert_int_equal(page_alloc(), 0);
	assert_int_equal(page_free_count(), 0);
	/* Freed pages come back last in, first out. */
	page_free(got[3]);
	page_free(got[7]);
	assert_int_equal(page_free_count(), 2);
	assert_int_equal(page_alloc(), got[7]);
	assert_int_equal(page_alloc(), got[3]);
	assert_int_equal(page_alloc(), 0);
	free(mem);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mem_compute_usable__board_layout),
		cmocka_unit_test(test_mem_compute_usable__overlaps_and_edges),
		cmocka_unit_test(test_mem_compute_usable__all_reserved),
		cmocka_unit_test(
			test_mem_reserve__rejects_empty_wrapping_and_full),
		cmocka_unit_test(
			test_page_alloc__fresh_then_reuse_then_exhausted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
