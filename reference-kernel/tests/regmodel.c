// SPDX-License-Identifier: BSD-2-Clause
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include <kernel/mmio.h>

#include "regmodel.h"

struct regmodel rm;

void
rm_reset(void)
{
	memset(&rm, 0, sizeof(rm));
}

static uint32_t
offset(uintptr_t addr)
{
	assert_true(addr >= RM_BASE && addr < RM_BASE + RM_SIZE);
	assert_int_equal(addr & 3, 0);
	return (uint32_t)(addr - RM_BASE);
}

uint32_t
rm_get(uint32_t off)
{
	return rm.reg[off / 4];
}

void
rm_set(uint32_t off, uint32_t val)
{
	rm.reg[off / 4] = val;
}

void
rm_set64(uint32_t off, uint64_t val)
{
	rm.reg[off / 4] = (uint32_t)val;
	rm.reg[off / 4 + 1] = (uint32_t)(val >> 32);
}

size_t
rm_writes_to(uint32_t off, uint32_t *last)
{
	size_t i, n = 0;

	for (i = 0; i < rm.nlog; i++) {
		if (rm.log[i].off == off) {
			n++;
			if (last != NULL)
				*last = rm.log[i].val;
		}
	}
	return n;
}

uint32_t
mmio_model_read32(uintptr_t addr)
{
	uint32_t off = offset(addr);
	uint32_t v = rm.reg[off / 4];

	rm.nreads++;
	if (rm.on_read != NULL)
		rm.on_read(off, &v);
	return v;
}

uint64_t
mmio_model_read64(uintptr_t addr)
{
	uint32_t off = offset(addr);

	assert_int_equal(off & 7, 0);
	rm.nreads++;
	return (uint64_t)rm.reg[off / 4] | (uint64_t)rm.reg[off / 4 + 1] << 32;
}

void
mmio_model_write32(uintptr_t addr, uint32_t val)
{
	uint32_t off = offset(addr);

	assert_true(rm.nlog < RM_LOGMAX);
	rm.log[rm.nlog].off = off;
	rm.log[rm.nlog].val = val;
	rm.nlog++;
	rm.reg[off / 4] = val;
	if (rm.on_write != NULL)
		rm.on_write(off, val);
}
