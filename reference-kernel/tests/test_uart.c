// SPDX-License-Identifier: BSD-2-Clause
/* PL011 and 16550 console drivers against register models. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>

#include <kernel/uart.h>

#include "regmodel.h"

static int busy_reads;

/* PL011: TX FIFO full for the first busy_reads reads of FR. */
static int
pl011_fr(uint32_t off, uint32_t *val)
{
	if (off != PL011_FR)
		return 0;
	if (busy_reads > 0) {
		busy_reads--;
		*val |= PL011_FR_TXFF;
	}
	return 1;
}

static const struct uart pl011 = {UART_PL011, 0, RM_BASE, 0, 4};

static void
test_pl011_putc__waits_for_fifo_space(void **state)
{
	uint32_t last = 0;

	(void)state;
	rm_reset();
	rm.on_read = pl011_fr;
	busy_reads = 3;
	pl011_putc(&pl011, 'T');
	assert_int_equal(busy_reads, 0);
	assert_int_equal(rm_writes_to(PL011_DR, &last), 1);
	assert_int_equal(last, 'T');
	assert_int_equal(rm.nlog, 1); /* nothing but the data register */
}

static void
test_pl011_putc__gives_up_on_a_stuck_fifo(void **state)
{
	(void)state;
	rm_reset();
	rm_set(PL011_FR, PL011_FR_TXFF);
	pl011_putc(&pl011, 'x');
	assert_int_equal(rm.nreads, UART_SPIN_LIMIT);
	assert_int_equal(rm_writes_to(PL011_DR, NULL), 1);
}

static void
test_pl011_getc__empty_and_full(void **state)
{
	(void)state;
	rm_reset();
	rm_set(PL011_FR, PL011_FR_RXFE);
	assert_int_equal(pl011_getc(&pl011), -1);
	rm_set(PL011_FR, 0);
	rm_set(PL011_DR, 0x400 | 'q'); /* error bits above the byte */
	assert_int_equal(pl011_getc(&pl011), 'q');
	assert_int_equal(rm.nlog, 0);
}

/* MediaTek 16550: registers 4 bytes apart, 32-bit accesses. */
static const struct uart mtk = {UART_16550, 0, RM_BASE, 2, 4};

static int
lsr_busy(uint32_t off, uint32_t *val)
{
	if (off != UART16550_LSR * 4)
		return 0;
	if (busy_reads > 0) {
		busy_reads--;
		*val = 0;
	} else {
		*val = UART16550_LSR_THRE | UART16550_LSR_TEMT;
	}
	return 1;
}

static void
test_uart16550_putc__shift2_polls_lsr_at_0x14(void **state)
{
	uint32_t last = 0;

	(void)state;
	rm_reset();
	rm.on_read = lsr_busy;
	busy_reads = 2;
	uart16550_putc(&mtk, 'M');
	assert_int_equal(busy_reads, 0);
	assert_int_equal(rm_writes_to(0x00, &last), 1);
	assert_int_equal(last, 'M');
	/* Never the divisor latch, line control or FIFO control. */
	assert_int_equal(rm_writes_to(0x0c, NULL), 0);
	assert_int_equal(rm_writes_to(0x08, NULL), 0);
	assert_int_equal(rm_writes_to(0x04, NULL), 0);
	assert_int_equal(rm.nlog, 1);
}

static void
test_uart16550_getc__data_ready(void **state)
{
	(void)state;
	rm_reset();
	assert_int_equal(uart16550_getc(&mtk), -1);
	rm_set(0x14, UART16550_LSR_DR);
	rm_set(0x00, 'r');
	assert_int_equal(uart16550_getc(&mtk), 'r');
}

static void
test_uart16550_putc__byte_access_shift0(void **state)
{
	const struct uart ns = {UART_16550, 0, RM_BASE, 0, 1};
	uint32_t last = 0;

	(void)state;
	rm_reset();
	rm_set(0x04, (uint32_t)UART16550_LSR_THRE << 8); /* LSR = byte 5 */
	uart16550_putc(&ns, 'b');
	/* The byte write lands in byte 0 of the first word. */
	assert_int_equal(rm_writes_to(0x00, &last), 1);
	assert_int_equal(last & 0xff, 'b');
}

static void
test_uart_putc__dispatch_and_none(void **state)
{
	const struct uart none = {UART_NONE, 0, RM_BASE, 0, 4};

	(void)state;
	rm_reset();
	uart_putc(&none, 'n');
	assert_int_equal(uart_getc(&none), -1);
	uart_flush(&none);
	assert_int_equal(rm.nlog, 0);
	assert_int_equal(rm.nreads, 0);
	uart_putc(&pl011, 'p');
	assert_int_equal(rm_writes_to(PL011_DR, NULL), 1);
	rm_set(0x14, UART16550_LSR_THRE | UART16550_LSR_TEMT);
	uart_putc(&mtk, 'm');
	uart_flush(&mtk);
	uart_flush(&pl011);
	assert_int_equal(rm_writes_to(0x00, NULL), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pl011_putc__waits_for_fifo_space),
		cmocka_unit_test(test_pl011_putc__gives_up_on_a_stuck_fifo),
		cmocka_unit_test(test_pl011_getc__empty_and_full),
		cmocka_unit_test(test_uart16550_putc__shift2_polls_lsr_at_0x14),
		cmocka_unit_test(test_uart16550_getc__data_ready),
		cmocka_unit_test(test_uart16550_putc__byte_access_shift0),
		cmocka_unit_test(test_uart_putc__dispatch_and_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
