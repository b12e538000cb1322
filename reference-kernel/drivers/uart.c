// SPDX-License-Identifier: BSD-2-Clause
/* Dispatch to the console UART driver the device tree selected. */
#include <kernel/uart.h>

void
uart_putc(const struct uart *u, char c)
{
	switch (u->kind) {
	case UART_PL011:
		pl011_putc(u, c);
		break;
	case UART_16550:
		uart16550_putc(u, c);
		break;
	default:
		break;
	}
}

int
uart_getc(const struct uart *u)
{
	switch (u->kind) {
	case UART_PL011:
		return pl011_getc(u);
	case UART_16550:
		return uart16550_getc(u);
	default:
		return -1;
	}
}

void
uart_flush(const struct uart *u)
{
	switch (u->kind) {
	case UART_PL011:
		pl011_flush(u);
		break;
	case UART_16550:
		uart16550_flush(u);
		break;
	default:
		break;
	}
}
