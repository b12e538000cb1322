/* SPDX-License-Identifier: BSD-2-Clause */
/* What the kernel learns about the machine from the device tree. */
#ifndef KERNEL_PLATFORM_H
#define KERNEL_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include <arch/sysreg.h>
#include <kernel/mm.h>
#include <kernel/uart.h>

enum psci_conduit {
	PSCI_NONE,
	PSCI_HVC,
	PSCI_SMC,
};

struct board_port;

struct platform {
	const void *fdt;
	uint64_t dtb_pa;
	uint32_t dtb_size;
	uint64_t load_pa;
	uint64_t image_size;
	unsigned int entry_el;
	const char *model;
	const char *bootargs;
	const struct board_port *port;

	struct uart console;
	const char *console_node;
	bool console_fallback;

	int gic_version; /* 2 or 3, 0 = none found */
	uint64_t gicd_pa, gicc_pa, gicr_pa, gicr_size;

	uint32_t timer_intid; /* EL1 virtual timer */
	uint64_t cntfrq;

	enum psci_conduit psci;
	uint32_t psci_cpu_on;

	int ncpus;    /* CPUs kept, at most MAX_CPUS */
	int ncpus_dt; /* enabled CPU nodes in the device tree */
	uint64_t mpidr[MAX_CPUS];

	uint64_t wdt_pa;

	uint64_t initrd_start, initrd_end; /* from /chosen, 0 if none */

	struct mem_map mem;
};

/*
 * dt_check: is the blob at @p pa a sound device tree?  0, or a negative
 * libfdt error with the reason in *why.  dt_parse: fill @p p from a checked
 * tree (console, memory, GIC, timer, PSCI, CPUs, watchdog); returns 0.
 */
int dt_check(const void *fdt, uint64_t pa, const char **why);
int dt_parse(struct platform *p);
bool bootarg_has(const struct platform *p, const char *word);

#endif
