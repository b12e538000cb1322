/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libhook JIT internals: the byte sink both code generators write into,
 * and the layout of struct thook_exec that generated code reads.
 *
 * A code generator runs over the whole program and is called up to three
 * times with the same input: once to size the code (no output, no offset
 * table), once to record where each instruction starts (offset table, no
 * output), and once to write the code with every jump target known.  Every
 * instruction is emitted with the same length in all passes: jumps always
 * use their long forms, so the lengths never depend on the targets.
 */
#ifndef THOOK_JIT_IMPL_H
#define THOOK_JIT_IMPL_H

#include "hook_impl.h"

/*
 * Offsets of struct thook_exec fields on the 64-bit targets (LP64, both
 * x86-64 and aarch64).  Checked against the host layout where it is LP64.
 */
#define XO_ARGS	      0
#define XO_STACK      40
#define XO_STACK_SIZE 48
#define XO_HELPER_ENV 80
#define XO_FAULT_PC   88

struct thook_jit_emit {
	uint8_t *code;	  /* output, or NULL while sizing and measuring */
	uint32_t *offs;	  /* code offset of each slot; NULL while sizing */
	size_t len;	  /* bytes emitted so far */
	size_t epilogue;  /* offset of the common exit */
	size_t depthfail; /* offset of the "calls nested too deep" exit */
	uint32_t used;	  /* bit r: the program uses register r */
	bool helpers;	  /* it calls helpers */
	bool local;	  /* it makes local calls */
};

/* What the program touches, so prologues can skip the rest. */
static inline void
thook__jit_scan(const struct thook_prog *prog, struct thook_jit_emit *e)
{
	e->used = 1;
	e->helpers = false;
	e->local = false;
	for (uint32_t i = 0; i < prog->n; i++) {
		const struct thook_op *op = &prog->ops[i];

		e->used |= 1u << op->dst | 1u << op->src;
		if (op->kind == K_CALL) {
			e->helpers = true;
			e->used |= 0x3e; /* r1-r5 are the arguments */
		}
		if (op->kind == K_CALL_LOCAL) {
			e->local = true;
			e->used |= 1u << 10; /* calls move r10 */
		}
	}
}

/* Code offset of slot 'slot', once the offsets are known (else 0). */
static inline size_t
thook__jit_target(const struct thook_jit_emit *e, int32_t slot)
{
	return e->code != NULL ? e->offs[(uint32_t)slot] : 0;
}

static inline void
thook__jit_mark(struct thook_jit_emit *e, uint32_t slot)
{
	if (e->offs != NULL && e->code == NULL)
		e->offs[slot] = (uint32_t)e->len;
}

static inline void
thook__jit_byte(struct thook_jit_emit *e, uint8_t b)
{
	if (e->code != NULL)
		e->code[e->len] = b;
	e->len++;
}

/* Generate code for all of prog; see the passes above. */
void thook__jit_x86_64(const struct thook_prog *prog, struct thook_jit_emit *e);
void thook__jit_arm64(const struct thook_prog *prog, struct thook_jit_emit *e);

#endif /* THOOK_JIT_IMPL_H */
