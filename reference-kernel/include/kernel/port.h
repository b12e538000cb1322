/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A board port: the few facts and hooks that differ between boards.  The
 * kernel picks the port whose compatible matches the device tree's root
 * node; without a usable device tree it picks by CPU part number, only to
 * know where to print the error.
 */
#ifndef KERNEL_PORT_H
#define KERNEL_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include <kernel/platform.h>
#include <kernel/uart.h>

struct board_port {
	const char *name;
	const char *const *compatible; /* NULL-terminated root compatibles */
	uint32_t midr_part;	       /* 0: any */
	struct uart early_uart;	       /* physical base in .pa */
	bool has_system_off;	       /* PSCI SYSTEM_OFF implemented */
	void (*init)(struct platform *p);
	void (*reset)(const struct platform *p); /* after PSCI reset */
};

extern const struct board_port port_qemu_virt;
extern const struct board_port port_bpi_r4;

const struct board_port *port_by_fdt(const void *fdt);
const struct board_port *port_by_cpu(void);

#endif
