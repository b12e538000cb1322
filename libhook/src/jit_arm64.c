/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The aarch64 code generator.  Register mapping as in the Linux arm64 BPF
 * JIT: r0 x7, r1-r5 x0-x4, r6-r9 x19-x22, r10 x25.  x9-x12 are scratch,
 * x26 points to the base frame, x27 counts local call depth, x28 holds
 * helper_env.  The base frame (96 bytes) keeps x29/x30, the callee-saved
 * registers, and at [x26+80] the struct thook_exec, at [x26+88] where r0
 * goes.
 *
 * The generated function is int f(struct thook_exec *x, uint64_t *r0).
 * RFC 9669 arithmetic comes almost free: udiv/sdiv give 0 for a zero
 * divisor and wrap INT_MIN / -1, msub then leaves the dividend for modulo
 * by zero and 0 for INT_MIN % -1; lslv/lsrv/asrv mask the count; 32-bit
 * (w register) operations zero-extend.  Atomics are LL/SC loops
 * (ldaxr/stlxr), which need no LSE.  Conditional jumps are an inverted
 * b.cond over a b, so any target within 128 MiB is reachable.
 */
#include "jit_impl.h"

#define X7  7u
#define X9  9u
#define X10 10u
#define X11 11u
#define X12 12u
#define X25 25u
#define X26 26u
#define X27 27u
#define X28 28u
#define X29 29u
#define X30 30u
#define XZR 31u
#define SP  31u

static const uint8_t a64_map[THOOK_NREGS] = {7,	 0,  1,	 2,  3, 4,
					     19, 20, 21, 22, 25};

/* Condition codes. */
#define C_EQ  0u
#define C_NE  1u
#define C_HS  2u
#define C_LO  3u
#define C_HI  8u
#define C_LS  9u
#define C_GE  10u
#define C_LT  11u
#define C_GT  12u
#define C_LE  13u

#define SF(w) ((w) ? 0x80000000u : 0u)

static void
a64_ins(struct thook_jit_emit *e, uint32_t v)
{
	for (unsigned k = 0; k < 4; k++)
		thook__jit_byte(e, (uint8_t)(v >> (8 * k)));
}

/* Distance in instructions from here to target, two's complement. */
static uint32_t
a64_rel(const struct thook_jit_emit *e, size_t target)
{
	return (uint32_t)(((int64_t)target - (int64_t)e->len) / 4);
}

/* Data-processing, register form: opc | Rm | Rn | Rd. */
static void
a64_dp(struct thook_jit_emit *e, uint32_t opc, bool w, unsigned rd, unsigned rn,
       unsigned rm)
{
	a64_ins(e, opc | SF(w) | rm << 16 | rn << 5 | rd);
}

static void
a64_mov_rr(struct thook_jit_emit *e, bool w, unsigned rd, unsigned rm)
{
	a64_dp(e, 0x2a000000, w, rd, XZR, rm); /* orr rd, zr, rm */
}

/* add/sub (immediate, 12 bits); sub when sub is set. */
static void
a64_addi(struct thook_jit_emit *e, bool w, bool sub, unsigned rd, unsigned rn,
	 uint32_t imm)
{
	a64_ins(e, (sub ? 0x51000000u : 0x11000000u) | SF(w) | imm << 10 |
			   rn << 5 | rd);
}

/* movz/movn and movk: fewest instructions for v (64 or 32 bits). */
static void
a64_mov_imm(struct thook_jit_emit *e, bool w, unsigned rd, uint64_t v)
{
	unsigned n = w ? 4 : 2, zeros = 0, ones = 0, k;
	bool first = true, inv;

	if (!w)
		v &= 0xffffffffu;
	for (k = 0; k < n; k++) {
		uint32_t h = (uint32_t)(v >> (16 * k)) & 0xffff;

		zeros += h == 0;
		ones += h == 0xffff;
	}
	inv = ones > zeros;
	for (k = 0; k < n; k++) {
		uint32_t h = (uint32_t)(v >> (16 * k)) & 0xffff;

		if (h == (inv ? 0xffffu : 0u) && !(first && k == n - 1))
			continue;
		if (first)
			a64_ins(e, (inv ? 0x12800000u : 0x52800000u) | SF(w) |
					   k << 21 |
					   (inv ? ~h & 0xffff : h) << 5 | rd);
		else
			a64_ins(e, 0x72800000u | SF(w) | k << 21 | h << 5 | rd);
		first = false;
	}
}

/* Load or store with a signed offset: ldur/stur forms, else an index. */
static void
a64_ldst(struct thook_jit_emit *e, uint32_t opc, unsigned rt, unsigned rn,
	 int32_t off)
{
	if (off >= -256 && off <= 255) {
		a64_ins(e, opc | ((uint32_t)off & 0x1ff) << 12 | rn << 5 | rt);
		return;
	}
	a64_mov_imm(e, true, X9, (uint64_t)(int64_t)off);
	a64_ins(e, opc | 0x00206800u | X9 << 16 | rn << 5 | rt);
}

/* Unconditional b/bl to a code offset. */
static void
a64_branch(struct thook_jit_emit *e, bool link, size_t target)
{
	uint32_t d = a64_rel(e, target) & 0x3ffffff;

	a64_ins(e, (link ? 0x94000000u : 0x14000000u) | d);
}

/* b.cond to target: b.!cond over a b. */
static void
a64_bcond(struct thook_jit_emit *e, unsigned cond, size_t target)
{
	a64_ins(e, 0x54000000u | 2u << 5 | (cond ^ 1u));
	a64_branch(e, false, target);
}

/* stp/ldp of 64-bit registers: mode 1 pre-index (store) / post-index
 * (load), 2 signed offset. */
static void
a64_pair(struct thook_jit_emit *e, bool load, unsigned mode, unsigned r1,
	 unsigned r2, unsigned rn, int32_t off)
{
	uint32_t base = mode == 2 ? 0xa9000000u
			: load	  ? 0xa8c00000u
				  : 0xa9800000u;

	if (load && mode == 2)
		base |= 0x00400000u;
	a64_ins(e, base | ((uint32_t)(off / 8) & 0x7f) << 15 | r2 << 10 |
			   rn << 5 | r1);
}

/* ldr/str x, [rn, #off] with an unsigned scaled offset. */
static void
a64_ldr_x(struct thook_jit_emit *e, bool load, unsigned rt, unsigned rn,
	  uint32_t off)
{
	a64_ins(e, (load ? 0xf9400000u : 0xf9000000u) | (off / 8) << 10 |
			   rn << 5 | rt);
}

static void
a64_restore_and_ret(struct thook_jit_emit *e)
{
	a64_addi(e, true, false, SP, X26, 0); /* mov sp, x26 */
	a64_pair(e, true, 2, 19, 20, SP, 16);
	a64_pair(e, true, 2, 21, 22, SP, 32);
	a64_pair(e, true, 2, X25, X26, SP, 48);
	a64_pair(e, true, 2, X27, X28, SP, 64);
	a64_pair(e, true, 1, X29, X30, SP, 96);
	a64_ins(e, 0xd65f03c0u); /* ret */
}

/*
 * A leaf program (no helper calls, no local calls) needs neither x29/x30
 * nor the base frame: a 48-byte frame keeps the r0 pointer at [sp] and
 * only the callee-saved registers the program uses (x25 at [sp+8], x19
 * and x20 at [sp+16], x21 and x22 at [sp+32]).
 */
static bool
a64_leaf(const struct thook_jit_emit *e)
{
	return !e->helpers && !e->local;
}

static bool
a64_uses(const struct thook_jit_emit *e, unsigned r0, unsigned r1)
{
	return (e->used & (1u << r0 | 1u << r1)) != 0;
}

static void
a64_leaf_prologue(struct thook_jit_emit *e)
{
	static const unsigned args[] = {1, 2, 3, 4, 0}; /* x0 (x) last */

	a64_addi(e, true, true, SP, SP, 48);
	a64_ldr_x(e, false, 1, SP, 0);
	if (a64_uses(e, 10, 10))
		a64_ldr_x(e, false, X25, SP, 8);
	if (a64_uses(e, 6, 7))
		a64_pair(e, false, 2, 19, 20, SP, 16);
	if (a64_uses(e, 8, 9))
		a64_pair(e, false, 2, 21, 22, SP, 32);
	if (a64_uses(e, 10, 10)) {
		a64_ldr_x(e, true, X25, 0, XO_STACK);
		a64_ldr_x(e, true, X9, 0, XO_STACK_SIZE);
		a64_dp(e, 0x0b000000u, true, X25, X25, X9);
	}
	a64_mov_rr(e, true, X7, XZR);
	for (unsigned r = 6; r <= 9; r++)
		if (e->used & (1u << r))
			a64_mov_rr(e, true, a64_map[r], XZR);
	for (unsigned k = 0; k < 5; k++)
		if (e->used & (1u << (args[k] + 1)))
			a64_ldr_x(e, true, args[k], 0, XO_ARGS + 8 * args[k]);
}

/* *r0p = r0; restore; return 0. */
static void
a64_leaf_return(struct thook_jit_emit *e)
{
	a64_ldr_x(e, true, X9, SP, 0);
	a64_ldr_x(e, false, X7, X9, 0);
	if (a64_uses(e, 10, 10))
		a64_ldr_x(e, true, X25, SP, 8);
	if (a64_uses(e, 6, 7))
		a64_pair(e, true, 2, 19, 20, SP, 16);
	if (a64_uses(e, 8, 9))
		a64_pair(e, true, 2, 21, 22, SP, 32);
	a64_addi(e, true, false, SP, SP, 48);
	a64_mov_imm(e, false, 0, 0);
	a64_ins(e, 0xd65f03c0u); /* ret */
}

static void
a64_prologue(struct thook_jit_emit *e)
{
	if (a64_leaf(e)) {
		a64_leaf_prologue(e);
		return;
	}
	a64_pair(e, false, 1, X29, X30, SP, -96);
	a64_addi(e, true, false, X29, SP, 0);
	a64_pair(e, false, 2, 19, 20, SP, 16);
	a64_pair(e, false, 2, 21, 22, SP, 32);
	a64_pair(e, false, 2, X25, X26, SP, 48);
	a64_pair(e, false, 2, X27, X28, SP, 64);
	a64_pair(e, false, 2, 0, 1, SP, 80);
	a64_addi(e, true, false, X26, SP, 0);
	a64_ldr_x(e, true, X28, 0, XO_HELPER_ENV);
	a64_ldr_x(e, true, X25, 0, XO_STACK);
	a64_ldr_x(e, true, X9, 0, XO_STACK_SIZE);
	a64_dp(e, 0x0b000000u, true, X25, X25, X9);
	a64_mov_rr(e, true, X27, XZR);
	a64_mov_rr(e, true, X7, XZR);
	for (unsigned r = 19; r <= 22; r++)
		a64_mov_rr(e, true, r, XZR);
	a64_mov_rr(e, true, X9, 0);
	for (unsigned r = 0; r < 5; r++)
		a64_ldr_x(e, true, r, X9, XO_ARGS + 8 * r);
}

static void
a64_epilogues(struct thook_jit_emit *e)
{
	e->epilogue = e->len;
	if (a64_leaf(e)) { /* each exit has its own copy; no depth exit */
		a64_leaf_return(e);
		return;
	}
	a64_ldr_x(e, true, X9, X26, 88);
	a64_ldr_x(e, false, X7, X9, 0);
	a64_mov_imm(e, false, 0, 0);
	a64_restore_and_ret(e);
	/* w11 = pc of the call */
	e->depthfail = e->len;
	a64_ldr_x(e, true, X9, X26, 80);
	a64_ins(e, 0xb9000000u | (XO_FAULT_PC / 4) << 10 | X9 << 5 | X11);
	a64_mov_imm(e, false, 0, (uint32_t)-THOOK_EDEPTH);
	a64_restore_and_ret(e);
}

/* Opcodes of the register forms of the binary operations. */
static uint32_t
a64_alu_opc(unsigned base)
{
	switch (base) {
	case K_ADD64_K:
		return 0x0b000000u;
	case K_SUB64_K:
		return 0x4b000000u;
	case K_MUL64_K:
		return 0x1b007c00u; /* madd rd, rn, rm, zr */
	case K_DIV64_K:
	case K_MOD64_K:
		return 0x1ac00800u;
	case K_SDIV64_K:
	case K_SMOD64_K:
		return 0x1ac00c00u;
	case K_OR64_K:
		return 0x2a000000u;
	case K_AND64_K:
		return 0x0a000000u;
	case K_LSH64_K:
		return 0x1ac02000u;
	case K_RSH64_K:
		return 0x1ac02400u;
	case K_ARSH64_K:
		return 0x1ac02800u;
	default: /* xor */
		return 0x4a000000u;
	}
}

static void
a64_alu(struct thook_jit_emit *e, const struct thook_op *op)
{
	unsigned k = op->kind, base = k & ~3u, dst = a64_map[op->dst];
	unsigned src = a64_map[op->src];
	bool w = (k & 2) == 0, x = (k & 1) != 0;

	if (base == K_MOV64_K) {
		if (x)
			a64_mov_rr(e, w, dst, src);
		else
			a64_mov_imm(e, w, dst, op->imm);
		return;
	}
	if (!x &&
	    (base == K_LSH64_K || base == K_RSH64_K || base == K_ARSH64_K)) {
		/* immediate shifts are ubfm/sbfm: lsl #s is ubfm #-s, #w-1-s;
		 * lsr #s ubfm #s, #w-1; asr #s sbfm #s, #w-1 */
		unsigned bits = w ? 64 : 32,
			 sh = (unsigned)op->imm & (bits - 1);
		uint32_t opc = base == K_ARSH64_K
				       ? (w ? 0x93400000u : 0x13000000u)
				       : (w ? 0xd3400000u : 0x53000000u);
		unsigned immr =
			base == K_LSH64_K ? (bits - sh) & (bits - 1) : sh;
		unsigned imms = base == K_LSH64_K ? bits - 1 - sh : bits - 1;

		a64_ins(e, opc | immr << 16 | imms << 10 | dst << 5 | dst);
		return;
	}
	if (!x && (base == K_ADD64_K || base == K_SUB64_K) && op->imm < 4096) {
		a64_addi(e, w, base == K_SUB64_K, dst, dst, (uint32_t)op->imm);
		return;
	}
	if (!x) {
		a64_mov_imm(e, w, X10, op->imm);
		src = X10;
	}
	if (base == K_MOD64_K || base == K_SMOD64_K) {
		/* dst - (dst / src) * src */
		a64_dp(e, a64_alu_opc(base), w, X11, dst, src);
		a64_ins(e, 0x1b008000u | SF(w) | src << 16 | dst << 10 |
				   X11 << 5 | dst);
		return;
	}
	a64_dp(e, a64_alu_opc(base), w, dst, dst, src);
}

static unsigned
a64_jcond_cc(unsigned base)
{
	switch (base) {
	case K_JEQ64_K:
		return C_EQ;
	case K_JGT64_K:
		return C_HI;
	case K_JGE64_K:
		return C_HS;
	case K_JLT64_K:
		return C_LO;
	case K_JLE64_K:
		return C_LS;
	case K_JSGT64_K:
		return C_GT;
	case K_JSGE64_K:
		return C_GE;
	case K_JSLT64_K:
		return C_LT;
	case K_JSLE64_K:
		return C_LE;
	default: /* jne, jset */
		return C_NE;
	}
}

static void
a64_jcond(struct thook_jit_emit *e, const struct thook_op *op)
{
	unsigned k = op->kind, base = k & ~3u, dst = a64_map[op->dst];
	unsigned src = a64_map[op->src];
	bool w = (k & 2) == 0, x = (k & 1) != 0;

	if (!x && base != K_JSET64_K && op->imm < 4096) {
		/* cmp dst, #imm */
		a64_ins(e, 0x71000000u | SF(w) | (uint32_t)op->imm << 10 |
				   dst << 5 | XZR);
	} else {
		if (!x) {
			a64_mov_imm(e, w, X10, op->imm);
			src = X10;
		}
		/* tst (ands zr) or cmp (subs zr) */
		a64_dp(e, base == K_JSET64_K ? 0x6a000000u : 0x6b000000u, w,
		       XZR, dst, src);
	}
	a64_bcond(e, a64_jcond_cc(base), thook__jit_target(e, op->off));
}

static void
a64_byteswap(struct thook_jit_emit *e, unsigned k, unsigned dst)
{
	switch (k) {
	case K_BE16:
	case K_BSWAP16:
		a64_dp(e, 0x5ac00400u, false, dst, dst, 0); /* rev16 w */
		a64_ins(e, 0x53003c00u | dst << 5 | dst);   /* uxth */
		break;
	case K_BE32:
	case K_BSWAP32:
		a64_dp(e, 0x5ac00800u, false, dst, dst, 0); /* rev w */
		break;
	case K_BE64:
	case K_BSWAP64:
		a64_dp(e, 0xdac00c00u, false, dst, dst, 0); /* rev x */
		break;
	case K_LE16:
		a64_ins(e, 0x53003c00u | dst << 5 | dst);
		break;
	case K_LE32:
		a64_mov_rr(e, false, dst, dst);
		break;
	default: /* le64 */
		break;
	}
}

/* ldur/stur opcodes of the loads and stores, by kind. */
static uint32_t
a64_ldst_opc(unsigned k)
{
	static const uint32_t opc[] = {
		[K_LDXB - K_LDXB] = 0x38400000u,
		[K_LDXH - K_LDXB] = 0x78400000u,
		[K_LDXW - K_LDXB] = 0xb8400000u,
		[K_LDXDW - K_LDXB] = 0xf8400000u,
		[K_LDXSB - K_LDXB] = 0x38800000u,
		[K_LDXSH - K_LDXB] = 0x78800000u,
		[K_LDXSW - K_LDXB] = 0xb8800000u,
		[K_STB - K_LDXB] = 0x38000000u,
		[K_STH - K_LDXB] = 0x78000000u,
		[K_STW - K_LDXB] = 0xb8000000u,
		[K_STDW - K_LDXB] = 0xf8000000u,
		[K_STXB - K_LDXB] = 0x38000000u,
		[K_STXH - K_LDXB] = 0x78000000u,
		[K_STXW - K_LDXB] = 0xb8000000u,
		[K_STXDW - K_LDXB] = 0xf8000000u,
	};

	return opc[k - K_LDXB];
}

/* x9 = dst + off */
static void
a64_address(struct thook_jit_emit *e, unsigned dst, int32_t off)
{
	if (off >= 0 && off < 4096)
		a64_addi(e, true, false, X9, dst, (uint32_t)off);
	else if (off < 0 && off > -4096)
		a64_addi(e, true, true, X9, dst, (uint32_t)-off);
	else {
		a64_mov_imm(e, true, X9, (uint64_t)(int64_t)off);
		a64_dp(e, 0x0b000000u, true, X9, dst, X9);
	}
}

static void
a64_atomic(struct thook_jit_emit *e, const struct thook_op *op)
{
	unsigned k = op->kind, dst = a64_map[op->dst], src = a64_map[op->src];
	bool w = k >= K_AADD64;
	unsigned a = k - (w ? K_AADD64 : K_AADD32);
	uint32_t ldaxr = w ? 0xc85ffc00u : 0x885ffc00u;
	uint32_t stlxr = w ? 0xc800fc00u : 0x8800fc00u;
	static const uint32_t opc[] = {0x0b000000u, 0x2a000000u, 0x0a000000u,
				       0x4a000000u};
	size_t loop;

	a64_address(e, dst, op->off);
	loop = e->len;
	a64_ins(e, ldaxr | X9 << 5 | X10);
	if (k == K_ACMPXCHG32 || k == K_ACMPXCHG64) {
		a64_dp(e, 0x6b000000u, w, XZR, X10, X7);  /* cmp old, r0 */
		a64_ins(e, 0x54000000u | 4u << 5 | C_NE); /* b.ne fail */
		a64_ins(e, stlxr | X12 << 16 | X9 << 5 | src);
		a64_ins(e, 0x35000000u | (a64_rel(e, loop) & 0x7ffff) << 5 |
				   X12);   /* cbnz w12, loop */
		a64_ins(e, 0x14000002u);   /* b done */
		a64_ins(e, 0xd503305fu);   /* fail: clrex */
		a64_mov_rr(e, w, X7, X10); /* done: r0 = old */
		return;
	}
	if (k == K_AXCHG32 || k == K_AXCHG64)
		a64_ins(e, stlxr | X12 << 16 | X9 << 5 | src);
	else {
		a64_dp(e, opc[a % 4], w, X11, X10, src);
		a64_ins(e, stlxr | X12 << 16 | X9 << 5 | X11);
	}
	a64_ins(e, 0x35000000u | (a64_rel(e, loop) & 0x7ffff) << 5 | X12);
	if (a >= 4) /* fetch forms and xchg: src = old */
		a64_mov_rr(e, w, src, X10);
}

static void
a64_call_helper(struct thook_jit_emit *e, const struct thook_op *op)
{
	/* r1-r5 survive the call as in the interpreter; x30 too. */
	a64_pair(e, false, 1, 0, 1, SP, -48);
	a64_pair(e, false, 2, 2, 3, SP, 16);
	a64_pair(e, false, 2, 4, X30, SP, 32);
	for (unsigned r = 5; r > 0; r--)
		a64_mov_rr(e, true, r, r - 1);
	a64_mov_rr(e, true, 0, X28);
	a64_mov_imm(e, true, X9, (uint64_t)(uintptr_t)op->fn);
	a64_ins(e, 0xd63f0000u | X9 << 5); /* blr x9 */
	a64_mov_rr(e, true, X7, 0);
	a64_pair(e, true, 2, 4, X30, SP, 32);
	a64_pair(e, true, 2, 2, 3, SP, 16);
	a64_pair(e, true, 1, 0, 1, SP, 48);
	if (op->flags & THOOK_HELPER_UNWIND) {
		a64_ins(e, 0xb5000040u | X7); /* cbnz x7, +8 */
		a64_branch(e, false, e->epilogue);
	}
}

static void
a64_call_local(struct thook_jit_emit *e, const struct thook_op *op, uint32_t pc)
{
	/* cmp x27, #7; b.lo ok; w11 = pc; b depthfail */
	a64_ins(e, 0xf100001fu | (THOOK_MAX_FRAMES - 1) << 10 | X27 << 5);
	a64_ins(e, 0x54000000u | 4u << 5 | C_LO);
	a64_ins(e, 0x52800000u | (pc & 0xffff) << 5 | X11);
	a64_ins(e, 0x72a00000u | (pc >> 16) << 5 | X11);
	a64_branch(e, false, e->depthfail);
	a64_addi(e, true, false, X27, X27, 1);
	a64_pair(e, false, 1, 19, 20, SP, -48);
	a64_pair(e, false, 2, 21, 22, SP, 16);
	a64_ldr_x(e, false, X30, SP, 32);
	a64_addi(e, true, true, X25, X25, THOOK_FRAME_BYTES);
	a64_branch(e, true, thook__jit_target(e, op->off));
	a64_addi(e, true, false, X25, X25, THOOK_FRAME_BYTES);
	a64_ldr_x(e, true, X30, SP, 32);
	a64_pair(e, true, 2, 21, 22, SP, 16);
	a64_pair(e, true, 1, 19, 20, SP, 48);
}

static void
a64_exit_insn(struct thook_jit_emit *e)
{
	if (a64_leaf(e)) {
		a64_leaf_return(e);
		return;
	}
	if (!e->local) {
		a64_branch(e, false, e->epilogue);
		return;
	}
	a64_ins(e, 0xb5000040u | X27); /* cbnz x27, +8 */
	a64_branch(e, false, e->epilogue);
	a64_addi(e, true, true, X27, X27, 1);
	a64_ins(e, 0xd65f03c0u); /* ret */
}

/*
 * Groups of instructions with a shorter form, where the interpreter fused
 * them (so no jump lands inside).  Returns the slots consumed, 0 if none.
 *   mov rD, rA; add rD, rB|K    add xD, xA, xB|#K
 *   ldxb rA, [rS+o]; ldxb rB, [rS+o+1]; lsh rB, 8; or rB, rA
 *                               ldurb wA, [xS, #o]; ldurh wB, [xS, #o]
 */
static uint32_t
a64_group(struct thook_jit_emit *e, const struct thook_op *op, uint32_t left)
{
	unsigned xk = thook__op_xkind(op), dst = a64_map[op->dst];
	unsigned src = a64_map[op->src];

	if (xk == X_MOV_ADD_X && left >= 2) {
		a64_dp(e, 0x0b000000u, true, dst, src, a64_map[op[1].src]);
		return 2;
	}
	if (xk == X_MOV_ADD_K && left >= 2 && op[1].imm < 4096) {
		a64_addi(e, true, false, dst, src, (uint32_t)op[1].imm);
		return 2;
	}
	if (xk == X_LD16_LLSO && left >= 4 && op[1].src == op->src &&
	    op[1].off == op->off + 1 && op->dst != op->src) {
		a64_ldst(e, a64_ldst_opc(K_LDXB), dst, src, op->off);
		a64_ldst(e, a64_ldst_opc(K_LDXH), a64_map[op[1].dst], src,
			 op->off);
		return 4;
	}
	return 0;
}

void
thook__jit_arm64(const struct thook_prog *prog, struct thook_jit_emit *e)
{
	e->len = 0;
	thook__jit_scan(prog, e);
	a64_prologue(e);
	for (uint32_t pc = 0; pc < prog->n; pc++) {
		const struct thook_op *op = &prog->ops[pc];
		unsigned k = op->kind, dst = a64_map[op->dst],
			 src = a64_map[op->src];

		uint32_t g;

		thook__jit_mark(e, pc);
		if ((g = a64_group(e, op, prog->n - pc)) != 0) {
			while (--g > 0) /* no jump lands here */
				thook__jit_mark(e, ++pc);
			continue;
		}
		if (k <= K_ARSH32_X)
			a64_alu(e, op);
		else if (k <= K_JSLE32_X)
			a64_jcond(e, op);
		else if (k == K_NEG64 || k == K_NEG32)
			a64_dp(e, 0x4b000000u, k == K_NEG64, dst, XZR, dst);
		else if (k >= K_MOVSX8_64 && k <= K_MOVSX16_32) {
			static const uint32_t opc[] = {0x93401c00u, 0x93403c00u,
						       0x93407c00u, 0x13001c00u,
						       0x13003c00u};

			a64_ins(e, opc[k - K_MOVSX8_64] | src << 5 | dst);
		} else if (k >= K_LE16 && k <= K_BSWAP64)
			a64_byteswap(e, k, dst);
		else if (k >= K_LDXB && k <= K_LDXSW)
			a64_ldst(e, a64_ldst_opc(k), dst, src, op->off);
		else if (k >= K_STB && k <= K_STDW) {
			a64_mov_imm(e, true, X10, op->imm);
			a64_ldst(e, a64_ldst_opc(k), X10, dst, op->off);
		} else if (k >= K_STXB && k <= K_STXDW)
			a64_ldst(e, a64_ldst_opc(k), src, dst, op->off);
		else if (k >= K_AADD32 && k <= K_ACMPXCHG64)
			a64_atomic(e, op);
		else if (k == K_LDDW) {
			a64_mov_imm(e, true, dst, op->imm);
			thook__jit_mark(e, ++pc);
		} else if (k == K_JA || k == K_JA32)
			a64_branch(e, false, thook__jit_target(e, op->off));
		else if (k == K_CALL)
			a64_call_helper(e, op);
		else if (k == K_CALL_LOCAL)
			a64_call_local(e, op, pc);
		else
			a64_exit_insn(e);
	}
	thook__jit_mark(e, prog->n);
	a64_epilogues(e);
}

/* Leave no names behind for a single-file build of the library. */
#undef X7
#undef X9
#undef X10
#undef X11
#undef X12
#undef X25
#undef X26
#undef X27
#undef X28
#undef X29
#undef X30
#undef XZR
#undef SP
#undef C_EQ
#undef C_NE
#undef C_HS
#undef C_LO
#undef C_HI
#undef C_LS
#undef C_GE
#undef C_LT
#undef C_GT
#undef C_LE
#undef SF
