// SPDX-License-Identifier: BSD-2-Clause
/*
 * The gpio driver: the PL061 of QEMU's virt machine through an MMIO region
 * handle.  /scheme/gpio lists the pins; /scheme/gpio/N reads pin N ("0" or
 * "1").  PL061: GPIODATA is address-masked (offset bit n + 2 selects pin
 * n), GPIODIR at 0x400 (1 = output).
 */
#include "tessera.h"

static volatile uint32_t *regs;

static long
open_gpio(const char *path, size_t len, struct tfile *f)
{
	long pin = 0;
	size_t i;

	if (len == 0) {
		f->size = (size_t)snprintf(f->buf, sizeof(f->buf),
					   "0\n1\n2\n3\n4\n5\n6\n7\n");
		return 0;
	}
	for (i = 0; i < len; i++) {
		if (path[i] < '0' || path[i] > '9')
			return -ENOENT;
		pin = pin * 10 + (path[i] - '0');
	}
	if (pin > 7)
		return -ENOENT;
	f->size = (size_t)snprintf(f->buf, sizeof(f->buf), "%d\n",
				   (regs[(1u << pin)] >> pin) & 1 ? 1 : 0);
	return 0;
}

int
main(const char *arg, size_t arglen, size_t nh, const handle_t *h)
{
	long va, sh;

	(void)arg;
	(void)arglen;
	if (nh < 1) {
		printf("gpio: no register region given\n");
		return 1;
	}
	va = region_map(h[0], PROT_READ | PROT_WRITE);
	if (va == -ENOENT) {
		printf("gpio: no PL061 in the device tree; not served\n");
		return 0;
	}
	if (va < 0) {
		printf("gpio: cannot map the PL061: %s\n", strerror(va));
		return 1;
	}
	regs = (volatile uint32_t *)va;
	sh = scheme_register_retry("gpio");
	if (sh < 0) {
		printf("gpio: cannot register: %s\n", strerror(sh));
		return 1;
	}
	serve_files((handle_t)sh, open_gpio);
}
