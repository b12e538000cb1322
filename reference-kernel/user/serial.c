// SPDX-License-Identifier: BSD-2-Clause
/*
 * The serial driver: the console PL011 through an MMIO region handle and
 * an IRQ handle, served as /scheme/serial.  Received bytes (RX interrupt)
 * go to a ring; reads wait there until bytes arrive; writes go out
 * through the transmit FIFO.  One event queue waits for both the
 * interrupt and the scheme's requests.
 */
#include "tessera.h"

#define DR	0x00
#define FR	0x18
#define IMSC	0x38
#define ICR	0x44
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define RXIM	(1u << 4)
#define RTIM	(1u << 6)

#define RING	512
#define PENDING 8

static volatile uint8_t *uart;
static char ring[RING];
static size_t rhead, rcount;
static struct {
	uint32_t tag;
	uint64_t len;
} pend[PENDING];
static int npend;

static uint32_t
reg(unsigned int off)
{
	return *(volatile uint32_t *)(uart + off);
}

static void
reg_set(unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(uart + off) = v;
}

/*
 * Clear the receive interrupts before draining, never after: a byte that
 * arrives between the last "FIFO empty" read and a later clear would
 * lose its interrupt and wait in the FIFO until the next key.
 */
static void
drain_rx(void)
{
	reg_set(ICR, RXIM | RTIM);
	while ((reg(FR) & FR_RXFE) == 0) {
		char c = (char)(reg(DR) & 0xff);

		if (rcount < RING) {
			ring[(rhead + rcount) % RING] = c;
			rcount++;
		}
	}
}

static void
serve_reads(handle_t sh)
{
	while (npend > 0 && rcount > 0) {
		char out[256];
		size_t n = 0;
		int i;

		while (n < rcount && n < pend[0].len && n < sizeof(out)) {
			out[n] = ring[(rhead + n) % RING];
			n++;
		}
		rhead = (rhead + n) % RING;
		rcount -= n;
		scheme_answer(sh, pend[0].tag, (long)n, out, n);
		for (i = 1; i < npend; i++)
			pend[i - 1] = pend[i];
		npend--;
	}
}

static void
put_bytes(const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		while (reg(FR) & FR_TXFF)
			;
		reg_set(DR, (uint8_t)b[i]);
	}
}

static void
request(handle_t sh, const struct scheme_req *rq)
{
	char buf[1024];
	long n;
	int i;

	switch (rq->op) {
	case SCHEME_OPEN:
		scheme_answer(sh, rq->tag, rq->path_len == 0 ? 0 : -ENOENT,
			      NULL, 0);
		break;
	case SCHEME_READ:
		if (npend == PENDING || rq->len == 0) {
			scheme_answer(sh, rq->tag,
				      npend == PENDING ? -EAGAIN : 0, NULL, 0);
			break;
		}
		pend[npend].tag = rq->tag;
		pend[npend].len = rq->len;
		npend++;
		break;
	case SCHEME_WRITE:
		n = (long)(rq->len < sizeof(buf) ? rq->len : sizeof(buf));
		n = scheme_get(sh, rq->tag, buf, (size_t)n);
		if (n > 0)
			put_bytes(buf, (size_t)n);
		scheme_answer(sh, rq->tag, n, NULL, 0);
		break;
	case SCHEME_CANCEL:
		for (i = 0; i < npend; i++) {
			if (pend[i].tag != rq->tag)
				continue;
			for (; i + 1 < npend; i++)
				pend[i] = pend[i + 1];
			npend--;
			break;
		}
		scheme_answer(sh, rq->tag, -EAGAIN, NULL, 0);
		break;
	case SCHEME_CLOSE:
		break;
	default:
		scheme_answer(sh, rq->tag, -EPERM, NULL, 0);
		break;
	}
}

int
main(const char *arg, size_t arglen, size_t nh, const handle_t *h)
{
	struct scheme_req rq;
	struct event ev[4];
	uint64_t info[3];
	long va, sh, q;

	(void)arg;
	(void)arglen;
	if (nh < 2) {
		printf("serial: needs the UART region and its IRQ\n");
		return 1;
	}
	if (region_info(h[0], info) < 0 || info[2] != 1 /* UART_PL011 */) {
		/* The BPI-R4's 16550: the shell keeps the kernel console. */
		printf("serial: console UART is not a PL011; not served\n");
		return 0;
	}
	va = region_map(h[0], PROT_READ | PROT_WRITE);
	if (va < 0) {
		printf("serial: cannot map the UART: %s\n", strerror(va));
		return 1;
	}
	uart = (volatile uint8_t *)va;
	sh = scheme_register_retry("serial");
	q = eventq_create();
	if (sh < 0 || q < 0) {
		printf("serial: cannot register: %s\n", strerror(sh));
		return 1;
	}
	event_subscribe((handle_t)q, EVENT_IRQ, h[1], 0, 0);
	event_subscribe((handle_t)q, EVENT_REQUEST, (uint64_t)sh, 0, 0);
	reg_set(IMSC, reg(IMSC) | RXIM | RTIM);
	irq_wait(h[1], 1); /* unmask the line */
	for (;;) {
		drain_rx();
		irq_wait(h[1], 1);
		while (scheme_next((handle_t)sh, &rq, 1) == 0)
			request((handle_t)sh, &rq);
		serve_reads((handle_t)sh);
		event_wait((handle_t)q, ev, 4, 0);
	}
}
