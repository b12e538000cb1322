// SPDX-License-Identifier: BSD-2-Clause
/*
 * QEMU virt board port.  Everything else comes from QEMU's device tree;
 * PSCI SYSTEM_OFF ends QEMU with status 0.
 */
#include <kernel/port.h>

static const char *const compatible[] = {"linux,dummy-virt", NULL};

const struct board_port port_qemu_virt = {
	.name = "qemu-virt",
	.compatible = compatible,
	.midr_part = 0,
	.early_uart = {.kind = UART_PL011, .pa = 0x09000000, .width = 4},
	.has_system_off = true,
};
