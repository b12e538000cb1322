// SPDX-License-Identifier: BSD-2-Clause
/* GICv2 and GICv3 (distributor, redistributors) against register models. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>

#include <kernel/drivers.h>

#include "regmodel.h"

#define GICD 0x00000
#define GICC 0x10000
#define GICR 0x20000 /* four 128 KiB frames follow */

static void
test_gicv2_init_dist__lines_and_enable(void **state)
{
	struct gic g = {.version = 2, .gicd = RM_BASE + GICD};
	uint32_t last = 0;

	(void)state;
	rm_reset();
	rm_set(GICD + GICD_TYPER, 8); /* ITLinesNumber 8: 288 lines */
	rm_set(GICD + GICD_IIDR, 0x43b);
	assert_int_equal(gicv2_init_dist(&g), 0);
	assert_int_equal(g.nlines, 288);
	assert_int_equal(g.iidr, 0x43b);
	assert_int_equal(rm_writes_to(GICD + GICD_CTLR, &last), 1);
	assert_int_equal(last, 1);
}

static void
test_gicv2_init_cpu__enables_the_ppi(void **state)
{
	struct gic g = {
		.version = 2, .gicd = RM_BASE + GICD, .gicc = RM_BASE + GICC};
	uint32_t last = 0;

	(void)state;
	rm_reset();
	rm_set(GICD + GICD_IPRIORITYR + 24, 0x11223344);
	assert_int_equal(gicv2_init_cpu(&g, 0, 27), 0);
	assert_int_equal(rm_writes_to(GICD + GICD_ISENABLER, &last), 1);
	assert_int_equal(last, 1u << 27);
	/* INTID 27 is byte 3 of the word at +24; the others keep theirs. */
	assert_int_equal(rm_get(GICD + GICD_IPRIORITYR + 24), 0xa0223344);
	assert_int_equal(rm_get(GICC + GICC_PMR), 0xf0);
	assert_int_equal(rm_get(GICC + GICC_CTLR), 1);
}

static void
test_gicv2_init_cpu__rejects_non_ppi(void **state)
{
	struct gic g = {
		.version = 2, .gicd = RM_BASE + GICD, .gicc = RM_BASE + GICC};

	(void)state;
	rm_reset();
	assert_int_equal(gicv2_init_cpu(&g, 0, 33), -1);
	assert_int_equal(gicv2_init_cpu(&g, 0, 5), -1);
	assert_int_equal(rm.nlog, 0);
}

static void
test_gicv2_ack_eoi__registers(void **state)
{
	struct gic g = {
		.version = 2, .gicd = RM_BASE + GICD, .gicc = RM_BASE + GICC};
	uint32_t last = 0;

	(void)state;
	rm_reset();
	rm_set(GICC + GICC_IAR, 27);
	assert_int_equal(gicv2_ack(&g), 27);
	gicv2_eoi(&g, 27);
	assert_int_equal(rm_writes_to(GICC + GICC_EOIR, &last), 1);
	assert_int_equal(last, 27);
}

static int rwp_reads;

static int
v3_read(uint32_t off, uint32_t *val)
{
	/* RWP stays set for a few reads after each CTLR write. */
	if (off == GICD + GICD_CTLR && rwp_reads > 0) {
		rwp_reads--;
		*val |= GICD_CTLR_RWP;
		return 1;
	}
	return 0;
}

static void
v3_write(uint32_t off, uint32_t val)
{
	(void)val;
	if (off == GICD + GICD_CTLR)
		rwp_reads = 2;
	/* Waking a redistributor: ChildrenAsleep follows ProcessorSleep. */
	if ((off - GICR) % 0x20000 == GICR_WAKER && off >= GICR) {
		uint32_t v = rm_get(off) & ~GICR_WAKER_CASLEEP;

		if (val & GICR_WAKER_PSLEEP)
			v |= GICR_WAKER_CASLEEP;
		rm.reg[off / 4] = v;
	}
}

static void
test_gicv3_init_dist__affinity_routing_then_groups(void **state)
{
	struct gic g = {.version = 3, .gicd = RM_BASE + GICD};

	(void)state;
	rm_reset();
	rm.on_read = v3_read;
	rm.on_write = v3_write;
	rm_set(GICD + GICD_TYPER, 7);
	assert_int_equal(gicv3_init_dist(&g), 0);
	assert_int_equal(g.nlines, 256);
	assert_int_equal(rm_writes_to(GICD + GICD_CTLR, NULL), 2);
	assert_int_equal(rm.log[0].val, GICD_CTLR_ARE);
	assert_int_equal(rm.log[1].val,
			 GICD_CTLR_ARE | GICD_CTLR_G1A | GICD_CTLR_G1);
	assert_int_equal(rwp_reads, 0);
}

static void
test_gicv3_init_dist__rwp_stuck(void **state)
{
	struct gic g = {.version = 3, .gicd = RM_BASE + GICD};

	(void)state;
	rm_reset();
	rm_set(GICD + GICD_CTLR, GICD_CTLR_RWP);
	assert_int_equal(gicv3_init_dist(&g), -1);
}

static void
frames(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		uint64_t typer = (uint64_t)i << 32;

		if (i == n - 1)
			typer |= GICR_TYPER_LAST;
		rm_set64(GICR + (uint32_t)i * 0x20000 + GICR_TYPER, typer);
		rm_set(GICR + (uint32_t)i * 0x20000 + GICR_WAKER,
		       GICR_WAKER_PSLEEP | GICR_WAKER_CASLEEP);
	}
}

static void
test_gicv3_init_redist__finds_cpu_by_affinity(void **state)
{
	struct gic g = {.version = 3,
			.gicd = RM_BASE + GICD,
			.gicr = RM_BASE + GICR,
			.gicr_size = 0x200000};
	uint32_t sgi = GICR + 2 * 0x20000 + GICR_SGI_OFFSET;
	uint32_t last = 0;

	(void)state;
	rm_reset();
	rm.on_write = v3_write;
	frames(4);
	assert_int_equal(gicv3_init_redist(&g, 2, 0x80000002, 27), 0);
	assert_int_equal(g.rd[2], RM_BASE + GICR + 2 * 0x20000);
	assert_int_equal(rm_get(GICR + 2 * 0x20000 + GICR_WAKER), 0);
	assert_int_equal(rm_writes_to(sgi + GICR_ISENABLER0, &last), 1);
	assert_int_equal(last, 1u << 27);
	assert_int_equal(rm_get(sgi + GICR_IGROUPR0), 1u << 27);
	assert_int_equal(rm_get(sgi + GICR_IPRIORITYR + 24), 0xa0000000);
	/* The other CPUs' frames are untouched. */
	assert_int_equal(rm_get(GICR + GICR_WAKER),
			 GICR_WAKER_PSLEEP | GICR_WAKER_CASLEEP);
}

static void
test_gicv3_init_redist__stops_at_last_frame(void **state)
{
	struct gic g = {.version = 3,
			.gicd = RM_BASE + GICD,
			.gicr = RM_BASE + GICR,
			.gicr_size = 0x200000};

	(void)state;
	rm_reset();
	frames(2);
	rm_set64(GICR + 2 * 0x20000 + GICR_TYPER, (uint64_t)3 << 32);
	assert_int_equal(gicv3_init_redist(&g, 3, 3, 27), -1);
	assert_int_equal(rm.nlog, 0);
}

static void
test_gicv3_init_redist__gicv4_frames_are_256k(void **state)
{
	struct gic g = {.version = 3,
			.gicd = RM_BASE + GICD,
			.gicr = RM_BASE + GICR,
			.gicr_size = 0x80000};

	(void)state;
	rm_reset();
	rm.on_write = v3_write;
	/* Two frames with VLPIS: the second starts 256 KiB after the first. */
	rm_set64(GICR + GICR_TYPER, GICR_TYPER_VLPIS);
	rm_set64(GICR + 0x40000 + GICR_TYPER,
		 (uint64_t)1 << 32 | GICR_TYPER_VLPIS | GICR_TYPER_LAST);
	assert_int_equal(gicv3_init_redist(&g, 1, 1, 27), 0);
	assert_int_equal(g.rd[1], RM_BASE + GICR + 0x40000);
}

static void
test_gicv3_init_redist__bad_arguments(void **state)
{
	struct gic g = {.version = 3,
			.gicd = RM_BASE + GICD,
			.gicr = RM_BASE + GICR,
			.gicr_size = 0x200000};

	(void)state;
	rm_reset();
	frames(1);
	assert_int_equal(gicv3_init_redist(&g, 0, 0, 40), -1);
	assert_int_equal(gicv3_init_redist(&g, MAX_CPUS, 0, 27), -1);
	assert_int_equal(rm.nlog, 0);
}

static void
test_gicv3_init_redist__never_wakes(void **state)
{
	struct gic g = {.version = 3,
			.gicd = RM_BASE + GICD,
			.gicr = RM_BASE + GICR,
			.gicr_size = 0x200000};

	(void)state;
	rm_reset();
	frames(1); /* no write hook: ChildrenAsleep stays set */
	assert_int_equal(gicv3_init_redist(&g, 0, 0, 27), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gicv2_init_dist__lines_and_enable),
		cmocka_unit_test(test_gicv2_init_cpu__enables_the_ppi),
		cmocka_unit_test(test_gicv2_init_cpu__rejects_non_ppi),
		cmocka_unit_test(test_gicv2_ack_eoi__registers),
		cmocka_unit_test(
			test_gicv3_init_dist__affinity_routing_then_groups),
		cmocka_unit_test(test_gicv3_init_dist__rwp_stuck),
		cmocka_unit_test(test_gicv3_init_redist__finds_cpu_by_affinity),
		cmocka_unit_test(test_gicv3_init_redist__stops_at_last_frame),
		cmocka_unit_test(test_gicv3_init_redist__gicv4_frames_are_256k),
		cmocka_unit_test(test_gicv3_init_redist__bad_arguments),
		cmocka_unit_test(test_gicv3_init_redist__never_wakes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
