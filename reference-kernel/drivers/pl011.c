// SPDX-License-Identifier: BSD-2-Clause
/* ARM PL011 UART: polled transmit and receive. */
#include <kernel/mmio.h>
#include <kernel/uart.h>

void
pl011_putc(const struct uart *u, char c)
{
	int spin = UART_SPIN_LIMIT;

	while ((mmio_read32(u->base + PL011_FR) & PL011_FR_TXFF) && --spin)
		;
	mmio_write32(u->base + PL011_DR, (uint8_t)c);
}

int
pl011_getc(const struct uart *u)
{
	if (mmio_read32(u->base + PL011_FR) & PL011_FR_RXFE)
		return -1;
	return (int)(mmio_read32(u->base + PL011_DR) & 0xff);
}

void
pl011_flush(const struct uart *u)
{
	int spin = UART_SPIN_LIMIT;

	while ((mmio_read32(u->base + PL011_FR) & PL011_FR_BUSY) && --spin)
		;
}
