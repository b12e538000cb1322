/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * MMIO accessors.  Drivers reach registers only through these, so the host
 * tests can build the same driver sources against a register model
 * (KERNEL_MMIO_MODEL: the test supplies mmio_model_read32/write32).
 */
#ifndef KERNEL_MMIO_H
#define KERNEL_MMIO_H

#include <stdint.h>

#ifdef KERNEL_MMIO_MODEL
uint32_t mmio_model_read32(uintptr_t addr);
void mmio_model_write32(uintptr_t addr, uint32_t val);
uint64_t mmio_model_read64(uintptr_t addr);

static inline uint32_t
mmio_read32(uintptr_t addr)
{
	return mmio_model_read32(addr);
}

static inline void
mmio_write32(uintptr_t addr, uint32_t val)
{
	mmio_model_write32(addr, val);
}

static inline uint64_t
mmio_read64(uintptr_t addr)
{
	return mmio_model_read64(addr);
}

static inline void
mmio_write8(uintptr_t addr, uint8_t val)
{
	uintptr_t word = addr & ~(uintptr_t)3;
	unsigned int sh = (unsigned int)(addr & 3) * 8;
	uint32_t v = mmio_model_read32(word);

	v = (v & ~(0xffu << sh)) | ((uint32_t)val << sh);
	mmio_model_write32(word, v);
}

static inline uint8_t
mmio_read8(uintptr_t addr)
{
	uint32_t v = mmio_model_read32(addr & ~(uintptr_t)3);

	return (uint8_t)(v >> ((addr & 3) * 8));
}
#else
static inline uint32_t
mmio_read32(uintptr_t addr)
{
	uint32_t v = *(volatile uint32_t *)addr;

	__asm__ volatile("" ::: "memory");
	return v;
}

static inline void
mmio_write32(uintptr_t addr, uint32_t val)
{
	__asm__ volatile("" ::: "memory");
	*(volatile uint32_t *)addr = val;
}

static inline uint64_t
mmio_read64(uintptr_t addr)
{
	uint64_t v = *(volatile uint64_t *)addr;

	__asm__ volatile("" ::: "memory");
	return v;
}

static inline void
mmio_write8(uintptr_t addr, uint8_t val)
{
	__asm__ volatile("" ::: "memory");
	*(volatile uint8_t *)addr = val;
}

static inline uint8_t
mmio_read8(uintptr_t addr)
{
	uint8_t v = *(volatile uint8_t *)addr;

	__asm__ volatile("" ::: "memory");
	return v;
}
#endif

#endif
