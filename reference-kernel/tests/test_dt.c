// SPDX-License-Identifier: BSD-2-Clause
/*
 * Device-tree parsing (kernel/dt.c) on the host with the host's libfdt:
 * our BPI-R4 tree, the mainline Linux BPI-R4 tree (no serial0 alias: the
 * console must fall back) and QEMU's virt tree.  Trees come as arguments:
 * argv[1] our bpi-r4.dtb, argv[2] mainline (optional), argv[3] QEMU (opt.),
 * argv[4] tests/data/ranges.dts compiled.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include <kernel/drivers.h>
#include <kernel/platform.h>
#include <kernel/port.h>

static const char *paths[5];

/* Stubs for what dt.c and the ports reach outside the parser. */
uint64_t
timer_freq(void)
{
	return 0;
}

void
kprintf(const char *fmt, ...)
{
	(void)fmt;
}

const struct board_port *
port_by_cpu(void)
{
	return &port_qemu_virt;
}

static void *
load(const char *path)
{
	FILE *f = fopen(path, "rb");
	static char buf[4][DTB_MAX_SIZE];
	static int next;
	char *b = buf[next++ % 4];
	size_t n;

	if (f == NULL)
		return NULL;
	n = fread(b, 1, DTB_MAX_SIZE, f);
	fclose(f);
	return n > 0 ? b : NULL;
}

static void
parse(const char *path, struct platform *p)
{
	const char *why = NULL;

	memset(p, 0, sizeof(*p));
	p->fdt = load(path);
	if (p->fdt == NULL)
		skip();
	assert_int_equal(dt_check(p->fdt, 0x48000000, &why), 0);
	p->port = port_by_fdt(p->fdt);
	assert_int_equal(dt_parse(p), 0);
}

static int
has_reserved(const struct platform *p, uint64_t base, uint64_t size)
{
	int i;

	for (i = 0; i < p->mem.nreserved; i++) {
		if (p->mem.reserved[i].base == base &&
		    p->mem.reserved[i].size == size)
			return 1;
	}
	return 0;
}

static void
test_dt_parse__our_bpi_r4_tree(void **state)
{
	struct platform p;
	int i;

	(void)state;
	parse(paths[1], &p);
	assert_ptr_equal(p.port, &port_bpi_r4);
	assert_string_equal(p.console_node, "/soc/serial@11000000");
	assert_false(p.console_fallback);
	assert_int_equal(p.console.kind, UART_16550);
	assert_int_equal(p.console.pa, 0x11000000);
	assert_int_equal(p.console.shift, 2);
	assert_int_equal(p.console.width, 4);
	assert_int_equal(p.gic_version, 3);
	assert_int_equal(p.gicd_pa, 0x0c000000);
	assert_int_equal(p.gicr_pa, 0x0c080000);
	assert_int_equal(p.gicr_size, 0x200000);
	assert_int_equal(p.psci, PSCI_SMC);
	assert_int_equal(p.psci_cpu_on, PSCI_CPU_ON_64);
	assert_int_equal(p.timer_intid, 27);
	assert_int_equal(p.ncpus, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(p.mpidr[i], (uint64_t)i);
	assert_int_equal(p.wdt_pa, 0x1001c000);
	assert_int_equal(p.mem.nram, 1);
	assert_int_equal(p.mem.ram[0].base, 0x40000000);
	assert_int_equal(p.mem.ram[0].size, 0x100000000);
	assert_true(has_reserved(&p, 0x43000000, 0x50000));
	assert_string_equal(p.model, "Banana Pi BPI-R4");
}

static void
test_dt_parse__mainline_tree_console_falls_back(void **state)
{
	struct platform p;

	(void)state;
	parse(paths[2], &p);
	assert_ptr_equal(p.port, &port_bpi_r4);
	/* stdout-path = "serial0:115200n8" but /aliases has no serial0. */
	assert_true(p.console_fallback);
	assert_string_equal(p.console_node, "/soc/serial@11000000");
	assert_int_equal(p.console.kind, UART_16550);
	assert_int_equal(p.console.shift, 2);
	assert_int_equal(p.console.width, 4);
	assert_int_equal(p.gic_version, 3);
	assert_int_equal(p.gicr_pa, 0x0c080000);
	assert_int_equal(p.psci, PSCI_SMC);
	assert_int_equal(p.ncpus, 4);
	assert_int_equal(p.wdt_pa, 0x1001c000);
	assert_int_equal(p.mem.nram, 0); /* U-Boot adds /memory */
	assert_true(has_reserved(&p, 0x43000000, 0x50000));
}

static void
test_dt_parse__qemu_virt_gicv2(void **state)
{
	struct platform p;

	(void)state;
	parse(paths[3], &p);
	assert_ptr_equal(p.port, &port_qemu_virt);
	assert_false(p.console_fallback);
	assert_string_equal(p.console_node, "/pl011@9000000");
	assert_int_equal(p.console.kind, UART_PL011);
	assert_int_equal(p.console.pa, 0x09000000);
	assert_int_equal(p.gic_version, 2);
	assert_int_equal(p.gicd_pa, 0x08000000);
	assert_int_equal(p.gicc_pa, 0x08010000);
	assert_int_equal(p.psci, PSCI_HVC);
	assert_int_equal(p.mem.nram, 1);
	assert_int_equal(p.mem.ram[0].base, 0x40000000);
	assert_true(p.ncpus >= 1);
}

static void
test_dt_parse__ranges_translation_and_fallbacks(void **state)
{
	struct platform p;

	(void)state;
	parse(paths[4], &p);
	assert_null(p.port);
	/* No stdout-path: the first enabled ns16550a, through two buses. */
	assert_true(p.console_fallback);
	assert_string_equal(p.console_node, "/bus@20000000/inner@4000000/"
					    "serial@4002000");
	assert_int_equal(p.console.kind, UART_16550);
	assert_int_equal(p.console.pa, 0x30002000);
	assert_int_equal(p.console.shift, 0);
	assert_int_equal(p.console.width, 4);
	assert_int_equal(p.gic_version, 2);
	assert_int_equal(p.gicd_pa, 0x20010000);
	assert_int_equal(p.gicc_pa, 0x20020000);
	/* Old binding: the function ID comes from cpu_on. */
	assert_int_equal(p.psci, PSCI_HVC);
	assert_int_equal(p.psci_cpu_on, 0x84000003);
	assert_int_equal(p.ncpus, 2);
	assert_int_equal(p.mpidr[0], 0x100);
	assert_int_equal(p.mpidr[1], 0x100000000);
	/* A bus without ranges is not memory-mapped. */
	assert_int_equal(p.wdt_pa, 0);
	assert_int_equal(p.mem.nram, 2); /* the disabled node is ignored */
	assert_int_equal(p.mem.ram[1].base, 0x100000000);
	assert_true(has_reserved(&p, 0x48000000, 0x10000));
	assert_int_equal(p.timer_intid, 27); /* default without a timer */
}

static void
test_dt_check__rejects_bad_trees(void **state)
{
	static char buf[DTB_MAX_SIZE];
	const char *why = NULL;
	void *fdt;

	(void)state;
	assert_int_equal(dt_check(NULL, 0, &why), -FDT_ERR_NOTFOUND);
	assert_non_null(strstr(why, "x0 = 0"));
	assert_int_equal(dt_check(buf, 0x48000004, &why), -FDT_ERR_ALIGNMENT);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(dt_check(buf, 0x48000000, &why), -FDT_ERR_BADMAGIC);
	fdt = load(paths[1]);
	assert_non_null(fdt);
	memcpy(buf, fdt, fdt_totalsize(fdt));
	/* Header says larger than booting.rst's 2 MiB limit. */
	((fdt32_t *)buf)[1] = cpu_to_fdt32(DTB_MAX_SIZE + 8);
	assert_int_not_equal(dt_check(buf, 0x48000000, &why), 0);
	/* Strings block offset past the end: structure cannot be read. */
	memcpy(buf, fdt, fdt_totalsize(fdt));
	((fdt32_t *)buf)[3] = cpu_to_fdt32(fdt_totalsize(fdt) + 64);
	assert_int_not_equal(dt_check(buf, 0x48000000, &why), 0);
	assert_non_null(why);
}

static void
test_bootarg_has__words_only(void **state)
{
	struct platform p = {0};

	(void)state;
	assert_false(bootarg_has(&p, "tessera.exit"));
	p.bootargs = "console=x tessera.exit  tessera.fault=null";
	assert_true(bootarg_has(&p, "tessera.exit"));
	assert_true(bootarg_has(&p, "tessera.fault"));
	assert_false(bootarg_has(&p, "tessera"));
	assert_false(bootarg_has(&p, "exit"));
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dt_parse__our_bpi_r4_tree),
		cmocka_unit_test(
			test_dt_parse__mainline_tree_console_falls_back),
		cmocka_unit_test(test_dt_parse__qemu_virt_gicv2),
		cmocka_unit_test(
			test_dt_parse__ranges_translation_and_fallbacks),
		cmocka_unit_test(test_dt_check__rejects_bad_trees),
		cmocka_unit_test(test_bootarg_has__words_only),
	};
	int i;

	for (i = 1; i < argc && i < 5; i++)
		paths[i] = argv[i];
	if (paths[1] == NULL) {
		fprintf(stderr, "usage: test_dt BPI-R4.DTB [MAINLINE.DTB] "
				"[QEMU.DTB]\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
