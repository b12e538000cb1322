/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Register model for the host tests of the MMIO drivers: a sparse array of
 * 32-bit registers, a log of every write, and optional per-test hooks that
 * give registers behaviour (status bits that change on read or write).
 */
#ifndef REGMODEL_H
#define REGMODEL_H

#include <stddef.h>
#include <stdint.h>

#define RM_BASE	  ((uintptr_t)0x10000000)
#define RM_SIZE	  0x100000 /* 1 MiB of register space */
#define RM_LOGMAX 256

struct rm_write {
	uint32_t off;
	uint32_t val;
};

struct regmodel {
	uint32_t reg[RM_SIZE / 4];
	struct rm_write log[RM_LOGMAX];
	size_t nlog;
	size_t nreads;
	/* Return nonzero to override the stored value with *val. */
	int (*on_read)(uint32_t off, uint32_t *val);
	void (*on_write)(uint32_t off, uint32_t val);
};

extern struct regmodel rm;

void rm_reset(void);
uint32_t rm_get(uint32_t off);
void rm_set(uint32_t off, uint32_t val);
void rm_set64(uint32_t off, uint64_t val);
/* Number of logged writes to @p off; the last value in *last if non-NULL. */
size_t rm_writes_to(uint32_t off, uint32_t *last);

#endif
