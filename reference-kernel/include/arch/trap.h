/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <stdint.h>

/* The frame vectors.S saves; FRAME_SIZE there must match. */
struct trap_frame {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

_Static_assert(sizeof(struct trap_frame) == 288, "trap frame layout");

#define SEMIHOST_ABSENT ((uint64_t)-1)
#define SEMIHOST_WRITE0 0x04
#define SEMIHOST_EXIT	0x18

uint64_t semihost_call(uint32_t op, uint64_t arg);
void trap_entry(struct trap_frame *f, uint64_t kind);
const char *esr_class_name(uint32_t ec);

#endif
