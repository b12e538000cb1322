// SPDX-License-Identifier: BSD-2-Clause
/*
 * 16550-compatible UART (MediaTek mt6577-uart and ns16550a): register stride
 * 1 << shift, 8- or 32-bit accesses.  Polled; the divisor latch is never
 * touched, so the baud rate the boot loader set stays.
 */
#include <kernel/mmio.h>
#include <kernel/uart.h>

static uint32_t
reg_read(const struct uart *u, unsigned int reg)
{
	uintptr_t a = u->base + ((uintptr_t)reg << u->shift);

	if (u->width == 4)
		return mmio_read32(a);
	return mmio_read8(a);
}

static void
reg_write(const struct uart *u, unsigned int reg, uint32_t v)
{
	uintptr_t a = u->base + ((uintptr_t)reg << u->shift);

	if (u->width == 4)
		mmio_write32(a, v);
	else
		mmio_write8(a, (uint8_t)v);
}

void
uart16550_putc(const struct uart *u, char c)
{
	int spin = UART_SPIN_LIMIT;

	while (!(reg_read(u, UART16550_LSR) & UART16550_LSR_THRE) && --spin)
		;
	reg_write(u, UART16550_THR, (uint8_t)c);
}

int
uart16550_getc(const struct uart *u)
{
	if (!(reg_read(u, UART16550_LSR) & UART16550_LSR_DR))
		return -1;
	return (int)(reg_read(u, UART16550_RBR) & 0xff);
}

void
uart16550_flush(const struct uart *u)
{
	int spin = UART_SPIN_LIMIT;

	while (!(reg_read(u, UART16550_LSR) & UART16550_LSR_TEMT) && --spin)
		;
}
