/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Console UARTs.  Neither driver programs the baud rate: the firmware (or
 * QEMU) already did, and the MediaTek divisor must stay as U-Boot set it.
 */
#ifndef KERNEL_UART_H
#define KERNEL_UART_H

#include <stdint.h>

enum uart_kind {
	UART_NONE,
	UART_PL011,
	UART_16550,
};

struct uart {
	enum uart_kind kind;
	uint64_t pa;	    /* physical base */
	uintptr_t base;	    /* mapped base */
	unsigned int shift; /* 16550: register stride = 1 << shift */
	unsigned int width; /* 16550: access width in bytes, 1 or 4 */
};

/* PL011 registers. */
#define PL011_DR      0x00
#define PL011_FR      0x18
#define PL011_CR      0x30
#define PL011_FR_TXFF (1 << 5)
#define PL011_FR_RXFE (1 << 4)
#define PL011_FR_BUSY (1 << 3)

/* 16550 register numbers (scaled by 1 << shift). */
#define UART16550_THR	   0
#define UART16550_RBR	   0
#define UART16550_IER	   1
#define UART16550_LCR	   3
#define UART16550_LSR	   5
#define UART16550_LSR_DR   (1 << 0)
#define UART16550_LSR_THRE (1 << 5)
#define UART16550_LSR_TEMT (1 << 6)

/* Bounded waits: a stuck UART must not hang the kernel forever. */
#define UART_SPIN_LIMIT 1000000

void pl011_putc(const struct uart *u, char c);
int pl011_getc(const struct uart *u);
void pl011_flush(const struct uart *u);
void uart16550_putc(const struct uart *u, char c);
int uart16550_getc(const struct uart *u);
void uart16550_flush(const struct uart *u);

void uart_putc(const struct uart *u, char c);
int uart_getc(const struct uart *u);
void uart_flush(const struct uart *u);

#endif
