/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libhook internals of the verifier and the hook points: what each hook
 * point's context looks like and what it may return.
 */
#ifndef THOOK_VERIFY_IMPL_H
#define THOOK_VERIFY_IMPL_H

#include "hook_impl.h"

/* A hook point: context size, the writable byte range, r0 contract. */
struct thook__hook_info {
	char name[16];
	uint32_t ctx_size;
	uint32_t wr_lo, wr_hi; /* writable bytes [wr_lo, wr_hi) */
	uint64_t ret_min, ret_max;
};

/* Register types of the verifier. */
enum {
	T_UNINIT,
	T_SCALAR,
	T_CTX,
	T_STACK,
	T_MAPVAL,
	T_MAPVAL_OR_NULL,
	T_MAP,
};

/* Relations for conditional jumps (negate: rel ^ 1). */
enum {
	REL_EQ,
	REL_NE,
	REL_ULT,
	REL_UGE,
	REL_ULE,
	REL_UGT,
	REL_SLT,
	REL_SGE,
	REL_SLE,
	REL_SGT,
	REL_SET,
	REL_NSET,
};

typedef struct thook__vreg vreg;

/* Scalars: known bits (tv, tm) and 64-bit signed and unsigned ranges.  The
 * offset of a pointer is a scalar in the same fields. */
void thook__v_const(vreg *r, uint64_t v);
void thook__v_unknown(vreg *r);
bool thook__v_sync(vreg *r);
bool thook__v_is_const(const vreg *r);
void thook__v_trunc(vreg *r, unsigned bytes);
void thook__v_sext(vreg *r, unsigned bytes);
void thook__v_alu(unsigned op, vreg *a, const vreg *b, bool signed_op);
void thook__v_alu32(unsigned op, vreg *a, const vreg *b, bool signed_op);
void thook__v_bswap(vreg *r, unsigned bits, bool swap);
int thook__v_eval(unsigned rel, const vreg *a, const vreg *b);
bool thook__v_refine(unsigned rel, vreg *a, vreg *b);
bool thook__v_within(const vreg *old, const vreg *cur);

extern const struct thook__hook_info thook__hooks[THOOK_HOOK_COUNT];

#endif /* THOOK_VERIFY_IMPL_H */
