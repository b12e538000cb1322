/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The x86-64 code generator.  Register mapping (as in the System V ABI
 * and the Linux x86-64 BPF JIT, so r1-r5 are already in argument
 * registers): r0 rax, r1 rdi, r2 rsi, r3 rdx, r4 rcx, r5 r8, r6 rbx,
 * r7 r13, r8 r14, r9 r15, r10 rbp.  r9-r11 are scratch; r12 points to the
 * base frame: [r12+0] helper_env, [r12+8] the struct thook_exec, [r12+16]
 * where r0 goes, [r12+24] the local call depth.
 *
 * The generated function is int f(struct thook_exec *x, uint64_t *r0).
 * Arithmetic follows RFC 9669 section 4 exactly as the interpreter does:
 * division by zero and INT_MIN / -1 are handled before div/idiv (which
 * would trap), shift counts are masked by the hardware, 32-bit operations
 * zero-extend.  Atomics are lock-prefixed instructions (RFC 9669 5.3).
 */
#include "jit_impl.h"

enum {
	RAX = 0,
	RCX = 1,
	RDX = 2,
	RBX = 3,
	RSP = 4,
	RBP = 5,
	RSI = 6,
	RDI = 7,
	R8 = 8,
	R9 = 9,
	R10 = 10,
	R11 = 11,
	R12 = 12,
	R13 = 13,
	R14 = 14,
	R15 = 15,
};

static const uint8_t x86_map[THOOK_NREGS] = {RAX, RDI, RSI, RDX, RCX, R8,
					     RBX, R13, R14, R15, RBP};

/* Operand flags. */
#define W    0x1u  /* REX.W: 64-bit operand */
#define B8   0x2u  /* byte register operand: always emit a REX prefix */
#define P66  0x4u  /* 16-bit operand prefix */
#define LOCK 0x8u  /* lock prefix */
#define MEM  0x10u /* rm is a base register with a displacement */

/* Condition codes. */
#define CC_B  0x2
#define CC_AE 0x3
#define CC_E  0x4
#define CC_NE 0x5
#define CC_BE 0x6
#define CC_A  0x7
#define CC_L  0xc
#define CC_GE 0xd
#define CC_LE 0xe
#define CC_G  0xf

/* Base frame slots. */
#define F_ENV	0
#define F_X	8
#define F_R0P	16
#define F_DEPTH 24

static void
x86_emit32(struct thook_jit_emit *e, uint32_t v)
{
	for (unsigned k = 0; k < 4; k++)
		thook__jit_byte(e, (uint8_t)(v >> (8 * k)));
}

/*
 * One instruction with a ModRM byte: prefixes, REX, 1 or 2 opcode bytes
 * (most significant first in opc), then ModRM (register direct, or base
 * plus 8- or 32-bit displacement with a SIB byte for rsp/r12 bases).
 */
static void
x86_op_modrm(struct thook_jit_emit *e, unsigned fl, uint32_t opc, unsigned reg,
	     unsigned rm, int32_t disp)
{
	uint8_t rex = (uint8_t)(0x40 | ((fl & W) ? 8 : 0) | ((reg & 8) >> 1) |
				((rm & 8) >> 3));

	if (fl & LOCK)
		thook__jit_byte(e, 0xf0);
	if (fl & P66)
		thook__jit_byte(e, 0x66);
	if (rex != 0x40 || (fl & B8))
		thook__jit_byte(e, rex);
	if (opc > 0xff)
		thook__jit_byte(e, (uint8_t)(opc >> 8));
	thook__jit_byte(e, (uint8_t)opc);
	if (!(fl & MEM)) {
		thook__jit_byte(e, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
		return;
	}
	if (disp >= -128 && disp <= 127) {
		thook__jit_byte(e, (uint8_t)(0x40 | (reg & 7) << 3 | (rm & 7)));
		if ((rm & 7) == RSP)
			thook__jit_byte(e, 0x24);
		thook__jit_byte(e, (uint8_t)disp);
	} else {
		thook__jit_byte(e, (uint8_t)(0x80 | (reg & 7) << 3 | (rm & 7)));
		if ((rm & 7) == RSP)
			thook__jit_byte(e, 0x24);
		x86_emit32(e, (uint32_t)disp);
	}
}

/* Register to register: opcode "op r/m, reg" (dst in rm). */
static void
x86_rr(struct thook_jit_emit *e, unsigned fl, uint32_t opc, unsigned dst,
       unsigned src)
{
	x86_op_modrm(e, fl, opc, src, dst, 0);
}

static void
x86_mov_rr(struct thook_jit_emit *e, unsigned fl, unsigned dst, unsigned src)
{
	x86_rr(e, fl, 0x89, dst, src);
}

/* Group-1 arithmetic with an immediate: 83 /ext ib or 81 /ext id. */
static void
x86_alu_ri(struct thook_jit_emit *e, unsigned fl, unsigned ext, unsigned rm,
	   int32_t disp, int32_t imm)
{
	if (imm >= -128 && imm <= 127) {
		x86_op_modrm(e, fl, 0x83, ext, rm, disp);
		thook__jit_byte(e, (uint8_t)imm);
	} else {
		x86_op_modrm(e, fl, 0x81, ext, rm, disp);
		x86_emit32(e, (uint32_t)imm);
	}
}

static void
x86_mov_ri(struct thook_jit_emit *e, unsigned dst, uint64_t v)
{
	if (v == 0) /* xor r32, r32: no BPF flags live across instructions */
		x86_rr(e, 0, 0x31, dst, dst);
	else if (v <= 0xffffffffu) { /* mov r32, imm32 zero-extends */
		if (dst & 8)
			thook__jit_byte(e, 0x41);
		thook__jit_byte(e, (uint8_t)(0xb8 | (dst & 7)));
		x86_emit32(e, (uint32_t)v);
	} else if ((int64_t)v >= INT32_MIN && (int64_t)v <= INT32_MAX) {
		x86_op_modrm(e, W, 0xc7, 0, dst, 0);
		x86_emit32(e, (uint32_t)v);
	} else {
		thook__jit_byte(e, (uint8_t)(0x48 | (dst >> 3)));
		thook__jit_byte(e, (uint8_t)(0xb8 | (dst & 7)));
		x86_emit32(e, (uint32_t)v);
		x86_emit32(e, (uint32_t)(v >> 32));
	}
}

static void
x86_push(struct thook_jit_emit *e, unsigned r)
{
	if (r & 8)
		thook__jit_byte(e, 0x41);
	thook__jit_byte(e, (uint8_t)(0x50 | (r & 7)));
}

static void
x86_pop(struct thook_jit_emit *e, unsigned r)
{
	if (r & 8)
		thook__jit_byte(e, 0x41);
	thook__jit_byte(e, (uint8_t)(0x58 | (r & 7)));
}

/* jmp (cc < 0), jcc or call (cc == 0x100) with a 32-bit displacement. */
static void
x86_jump32(struct thook_jit_emit *e, int cc, size_t target)
{
	if (cc < 0)
		thook__jit_byte(e, 0xe9);
	else if (cc == 0x100)
		thook__jit_byte(e, 0xe8);
	else {
		thook__jit_byte(e, 0x0f);
		thook__jit_byte(e, (uint8_t)(0x80 | cc));
	}
	x86_emit32(e, (uint32_t)(target - (e->len + 4)));
}

/* A short forward jump; returns where to patch its displacement. */
static size_t
x86_jump8(struct thook_jit_emit *e, int cc)
{
	thook__jit_byte(e, cc < 0 ? 0xeb : (uint8_t)(0x70 | cc));
	thook__jit_byte(e, 0);
	return e->len - 1;
}

static void
x86_patch8(struct thook_jit_emit *e, size_t at)
{
	if (e->code != NULL)
		e->code[at] = (uint8_t)(e->len - (at + 1));
}

/*
 * A leaf program (no helper calls, no local calls) needs no base frame:
 * the r0 pointer is pushed first and popped at the exit, r12 stays
 * untouched, and only the callee-saved registers the program uses are
 * saved.  Per-call cost is then a few pushes and pops.
 */
static bool
x86_leaf(const struct thook_jit_emit *e)
{
	return !e->helpers && !e->local;
}

/* Callee-saved registers the code uses, in push order. */
static unsigned
x86_saved_regs(const struct thook_jit_emit *e, uint8_t regs[6])
{
	static const uint8_t all[6] = {RBP, RBX, R12, R13, R14, R15};
	static const uint8_t bpf[6] = {10, 6, 0, 7, 8, 9};
	unsigned n = 0;

	for (unsigned k = 0; k < 6; k++)
		if (all[k] == R12 ? !x86_leaf(e)
				  : (e->used & (1u << bpf[k])) != 0)
			regs[n++] = all[k];
	return n;
}

/* Bytes below the saved registers: the slots, 16-byte alignment. */
static int32_t
x86_frame_size(unsigned nsaved)
{
	return (nsaved & 1) ? 32 : 40;
}

/* Restore the callee-saved registers from the base frame and return. */
static void
x86_leave(struct thook_jit_emit *e)
{
	uint8_t regs[6];
	unsigned n = x86_saved_regs(e, regs);

	if (x86_leaf(e)) { /* pop the saved registers; r0 to *r0p; 0 */
		while (n-- > 0)
			x86_pop(e, regs[n]);
		x86_pop(e, R11);
		x86_op_modrm(e, W | MEM, 0x89, RAX, R11, 0);
		x86_rr(e, 0, 0x31, RAX, RAX);
		thook__jit_byte(e, 0xc3);
		return;
	}
	/* lea rsp, [r12+frame] */
	x86_op_modrm(e, W | MEM, 0x8d, RSP, R12, x86_frame_size(n));
	while (n-- > 0)
		x86_pop(e, regs[n]);
	thook__jit_byte(e, 0xc3);
}

static void
x86_prologue(struct thook_jit_emit *e)
{
	static const uint8_t zero[] = {RBX, R13, R14, R15};
	static const uint8_t args[] = {RSI, RDX, RCX, R8, RDI};
	uint8_t regs[6];
	unsigned n = x86_saved_regs(e, regs);

	if (x86_leaf(e))
		x86_push(e, RSI); /* r0p */
	for (unsigned k = 0; k < n; k++)
		x86_push(e, regs[k]);
	if (x86_leaf(e))
		goto regs;
	x86_alu_ri(e, W, 5, RSP, 0, x86_frame_size(n)); /* sub rsp */
	x86_mov_rr(e, W, R12, RSP);
	if (e->local) /* only the depth exit needs x */
		x86_op_modrm(e, W | MEM, 0x89, RDI, R12, F_X);
	x86_op_modrm(e, W | MEM, 0x89, RSI, R12, F_R0P);
	if (e->helpers) {
		x86_op_modrm(e, W | MEM, 0x8b, RAX, RDI, XO_HELPER_ENV);
		x86_op_modrm(e, W | MEM, 0x89, RAX, R12, F_ENV);
	}
	if (e->local) {
		x86_op_modrm(e, W | MEM, 0xc7, 0, R12, F_DEPTH);
		x86_emit32(e, 0);
	}
regs:
	if (e->used & (1u << 10)) { /* r10 = stack + stack_size */
		x86_op_modrm(e, W | MEM, 0x8b, RBP, RDI, XO_STACK);
		x86_op_modrm(e, W | MEM, 0x03, RBP, RDI, XO_STACK_SIZE);
	}
	x86_rr(e, 0, 0x31, RAX, RAX);
	for (unsigned k = 0; k < sizeof(zero); k++)
		if (e->used & (1u << (6 + k)))
			x86_rr(e, 0, 0x31, zero[k], zero[k]);
	/* r1 (rdi) last: it holds x until then */
	for (unsigned k = 0; k < sizeof(args); k++)
		if (e->used & (1u << ((k + 1) % 5 + 1)))
			x86_op_modrm(e, W | MEM, 0x8b, args[k], RDI,
				     (int32_t)(XO_ARGS + 8 * ((k + 1) % 5)));
}

/* The two exits: r0 to *r0p and 0; or -EDEPTH with the pc in r11d. */
static void
x86_epilogues(struct thook_jit_emit *e)
{
	e->epilogue = e->len;
	if (x86_leaf(e)) { /* each exit has its own copy; no depth exit */
		x86_leave(e);
		return;
	}
	x86_op_modrm(e, W | MEM, 0x8b, R11, R12, F_R0P);
	x86_op_modrm(e, W | MEM, 0x89, RAX, R11, 0);
	x86_rr(e, 0, 0x31, RAX, RAX);
	x86_leave(e);
	e->depthfail = e->len;
	x86_op_modrm(e, W | MEM, 0x8b, R10, R12, F_X);
	x86_op_modrm(e, MEM, 0x89, R11, R10, XO_FAULT_PC);
	x86_mov_ri(e, RAX, (uint32_t)-THOOK_EDEPTH);
	x86_leave(e);
}

/*
 * Division and modulo: rax and rdx are needed by div/idiv, so r0 and r3
 * are parked in r9 and r10, the divisor goes to r11, the result comes
 * back through r11.
 */
static void
x86_divmod(struct thook_jit_emit *e, unsigned w, bool mod, bool sgn,
	   unsigned dst, int src, uint64_t imm)
{
	size_t jz, jnm1 = 0, jend1 = 0, jend2;

	if (src < 0)
		x86_mov_ri(e, R11, imm);
	else
		x86_mov_rr(e, W, R11, (unsigned)src);
	x86_mov_rr(e, W, R9, RAX);
	x86_mov_rr(e, W, R10, RDX);
	x86_mov_rr(e, W, RAX, dst);
	x86_rr(e, w, 0x85, R11, R11);
	jz = x86_jump8(e, CC_E);
	if (sgn) {
		x86_alu_ri(e, w, 7, R11, 0, -1);
		jnm1 = x86_jump8(e, CC_NE);
		if (mod) /* x % -1 = 0 */
			x86_rr(e, 0, 0x31, R11, R11);
		else { /* x / -1 = -x, wrapping */
			x86_op_modrm(e, w, 0xf7, 3, RAX, 0);
			x86_mov_rr(e, w, R11, RAX);
		}
		jend1 = x86_jump8(e, -1);
		x86_patch8(e, jnm1);
		if (w)
			thook__jit_byte(e, 0x48);
		thook__jit_byte(e, 0x99); /* cqo / cdq */
		x86_op_modrm(e, w, 0xf7, 7, R11, 0);
	} else {
		x86_rr(e, 0, 0x31, RDX, RDX);
		x86_op_modrm(e, w, 0xf7, 6, R11, 0);
	}
	x86_mov_rr(e, w, R11, mod ? RDX : RAX);
	jend2 = x86_jump8(e, -1);
	x86_patch8(e, jz);
	if (mod) /* x % 0 = x */
		x86_mov_rr(e, w, R11, RAX);
	else /* x / 0 = 0 */
		x86_rr(e, 0, 0x31, R11, R11);
	if (sgn)
		x86_patch8(e, jend1);
	x86_patch8(e, jend2);
	x86_mov_rr(e, W, RAX, R9);
	x86_mov_rr(e, W, RDX, R10);
	x86_mov_rr(e, W, dst, R11);
}

/* Shift by a register: the count must be in cl (r4). */
static void
x86_shift_x(struct thook_jit_emit *e, unsigned w, unsigned ext, unsigned dst,
	    unsigned src)
{
	if (src == RCX) {
		x86_op_modrm(e, w, 0xd3, ext, dst, 0);
		return;
	}
	x86_mov_rr(e, W, R11, RCX);
	x86_mov_rr(e, W, RCX, src);
	x86_op_modrm(e, w, 0xd3, ext, dst == RCX ? R11 : dst, 0);
	x86_mov_rr(e, W, RCX, R11);
}

/* Fetch-and-or/and/xor: a lock cmpxchg loop around rax. */
static void
x86_fetch_loop(struct thook_jit_emit *e, unsigned w, uint32_t opc, unsigned dst,
	       unsigned src, int32_t off)
{
	unsigned val = src == RAX ? R10 : src;
	size_t loop;

	x86_op_modrm(e, W | MEM, 0x8d, R11, dst, off); /* lea r11, [dst+off] */
	x86_mov_rr(e, W, R10, RAX);
	loop = e->len;
	x86_op_modrm(e, w | MEM, 0x8b, RAX, R11, 0);
	x86_mov_rr(e, w, R9, RAX);
	x86_rr(e, w, opc, R9, val);
	x86_op_modrm(e, w | LOCK | MEM, 0x0fb1, R9, R11, 0);
	thook__jit_byte(e, 0x70 | CC_NE);
	thook__jit_byte(e, (uint8_t)(loop - (e->len + 1)));
	x86_mov_rr(e, w, R9, RAX);
	x86_mov_rr(e, W, RAX, R10);
	x86_mov_rr(e, W, src, R9);
}

/* Opcodes of "op r/m, reg" for the ALU kinds that map to one instruction. */
static uint32_t
x86_alu_opc(unsigned base)
{
	switch (base) {
	case K_ADD64_K:
		return 0x01;
	case K_SUB64_K:
		return 0x29;
	case K_OR64_K:
		return 0x09;
	case K_AND64_K:
		return 0x21;
	default: /* xor */
		return 0x31;
	}
}

/* The /ext of 81/83 for the same kinds. */
static unsigned
x86_alu_ext(unsigned base)
{
	switch (base) {
	case K_ADD64_K:
		return 0;
	case K_OR64_K:
		return 1;
	case K_AND64_K:
		return 4;
	case K_SUB64_K:
		return 5;
	default:
		return 6; /* xor */
	}
}

static void
x86_alu(struct thook_jit_emit *e, const struct thook_op *op)
{
	unsigned k = op->kind, base = k & ~3u, dst = x86_map[op->dst];
	unsigned src = x86_map[op->src], w = (k & 2) ? 0 : W;
	bool x = (k & 1) != 0;
	int32_t imm = (int32_t)(uint32_t)op->imm;

	switch (base) {
	case K_ADD64_K:
	case K_SUB64_K:
	case K_OR64_K:
	case K_AND64_K:
	case K_XOR64_K:
		if (x)
			x86_rr(e, w, x86_alu_opc(base), dst, src);
		else
			x86_alu_ri(e, w, x86_alu_ext(base), dst, 0, imm);
		break;
	case K_MOV64_K:
		if (x)
			x86_mov_rr(e, w, dst, src);
		else if (w)
			x86_mov_ri(e, dst, op->imm);
		else
			x86_mov_ri(e, dst, (uint32_t)op->imm);
		break;
	case K_MUL64_K:
		if (x)
			x86_op_modrm(e, w, 0x0faf, dst, src, 0);
		else {
			x86_op_modrm(e, w, 0x69, dst, dst, 0);
			x86_emit32(e, (uint32_t)imm);
		}
		break;
	case K_LSH64_K:
	case K_RSH64_K:
	case K_ARSH64_K: {
		unsigned ext = base == K_LSH64_K   ? 4
			       : base == K_RSH64_K ? 5
						   : 7;

		if (x)
			x86_shift_x(e, w, ext, dst, src);
		else {
			x86_op_modrm(e, w, 0xc1, ext, dst, 0);
			thook__jit_byte(e, (uint8_t)(imm & (w ? 63 : 31)));
		}
		break;
	}
	default: /* division and modulo */
		x86_divmod(e, w, base == K_MOD64_K || base == K_SMOD64_K,
			   base == K_SDIV64_K || base == K_SMOD64_K, dst,
			   x ? (int)src : -1, op->imm);
		break;
	}
}

static int
x86_jcond_cc(unsigned base)
{
	switch (base) {
	case K_JEQ64_K:
		return CC_E;
	case K_JGT64_K:
		return CC_A;
	case K_JGE64_K:
		return CC_AE;
	case K_JLT64_K:
		return CC_B;
	case K_JLE64_K:
		return CC_BE;
	case K_JSGT64_K:
		return CC_G;
	case K_JSGE64_K:
		return CC_GE;
	case K_JSLT64_K:
		return CC_L;
	case K_JSLE64_K:
		return CC_LE;
	default: /* jne, jset */
		return CC_NE;
	}
}

static void
x86_jcond(struct thook_jit_emit *e, const struct thook_op *op)
{
	unsigned k = op->kind, base = (k - K_JEQ64_K) & ~3u;
	unsigned w = (k & 2) ? 0 : W, dst = x86_map[op->dst];
	bool x = (k & 1) != 0, set = base + K_JEQ64_K == K_JSET64_K;

	base += K_JEQ64_K;
	if (x)
		x86_rr(e, w, set ? 0x85 : 0x39, dst, x86_map[op->src]);
	else if (set) {
		x86_op_modrm(e, w, 0xf7, 0, dst, 0);
		x86_emit32(e, (uint32_t)op->imm);
	} else
		x86_alu_ri(e, w, 7, dst, 0, (int32_t)(uint32_t)op->imm);
	x86_jump32(e, x86_jcond_cc(base), thook__jit_target(e, op->off));
}

static void
x86_byteswap(struct thook_jit_emit *e, unsigned k, unsigned dst)
{
	switch (k) {
	case K_BE16:
	case K_BSWAP16:
		x86_op_modrm(e, P66, 0xc1, 1, dst, 0); /* ror r16, 8 */
		thook__jit_byte(e, 8);
		x86_op_modrm(e, 0, 0x0fb7, dst, dst, 0);
		break;
	case K_BE32:
	case K_BSWAP32:
	case K_BE64:
	case K_BSWAP64:
		x86_op_modrm(e, (k == K_BE64 || k == K_BSWAP64) ? W : 0, 0x0fc8,
			     0, dst, 0);
		/* bswap encodes its register in the opcode: undo the ModRM */
		if (e->code != NULL)
			e->code[e->len - 2] =
				(uint8_t)(e->code[e->len - 2] | (dst & 7));
		e->len--;
		break;
	case K_LE16:
		x86_op_modrm(e, 0, 0x0fb7, dst, dst, 0);
		break;
	case K_LE32:
		x86_mov_rr(e, 0, dst, dst);
		break;
	default: /* le64 */
		break;
	}
}

/* Loads, stores and atomics: opcode and flags of each kind. */
static const struct {
	uint8_t kind;
	uint8_t fl;
	uint32_t opc;
} x86_mem_ops[] = {
	{K_LDXB, 0, 0x0fb6},
	{K_LDXH, 0, 0x0fb7},
	{K_LDXW, 0, 0x8b},
	{K_LDXDW, W, 0x8b},
	{K_LDXSB, W, 0x0fbe},
	{K_LDXSH, W, 0x0fbf},
	{K_LDXSW, W, 0x63},
	{K_STXB, B8, 0x88},
	{K_STXH, P66, 0x89},
	{K_STXW, 0, 0x89},
	{K_STXDW, W, 0x89},
	{K_STB, 0, 0xc6},
	{K_STH, P66, 0xc7},
	{K_STW, 0, 0xc7},
	{K_STDW, W, 0xc7},
	{K_AADD32, LOCK, 0x01},
	{K_AOR32, LOCK, 0x09},
	{K_AAND32, LOCK, 0x21},
	{K_AXOR32, LOCK, 0x31},
	{K_AFADD32, LOCK, 0x0fc1},
	{K_AXCHG32, 0, 0x87},
	{K_ACMPXCHG32, LOCK, 0x0fb1},
	{K_AADD64, LOCK | W, 0x01},
	{K_AOR64, LOCK | W, 0x09},
	{K_AAND64, LOCK | W, 0x21},
	{K_AXOR64, LOCK | W, 0x31},
	{K_AFADD64, LOCK | W, 0x0fc1},
	{K_AXCHG64, W, 0x87},
	{K_ACMPXCHG64, LOCK | W, 0x0fb1},
};

static void
x86_memop(struct thook_jit_emit *e, const struct thook_op *op)
{
	unsigned k = op->kind, dst = x86_map[op->dst], src = x86_map[op->src];
	unsigned i = 0;

	while (x86_mem_ops[i].kind != k)
		i++;
	if (k <= K_LDXSW) { /* loads: dst = [src+off] */
		x86_op_modrm(e, x86_mem_ops[i].fl | MEM, x86_mem_ops[i].opc,
			     dst, src, op->off);
		return;
	}
	x86_op_modrm(e, x86_mem_ops[i].fl | MEM, x86_mem_ops[i].opc,
		     k >= K_STB && k <= K_STDW ? 0 : src, dst, op->off);
	if (k == K_STB)
		thook__jit_byte(e, (uint8_t)op->imm);
	else if (k == K_STH) {
		thook__jit_byte(e, (uint8_t)op->imm);
		thook__jit_byte(e, (uint8_t)(op->imm >> 8));
	} else if (k == K_STW || k == K_STDW)
		x86_emit32(e, (uint32_t)op->imm);
	else if (k == K_ACMPXCHG32)
		x86_mov_rr(e, 0, RAX, RAX); /* r0 = old value, zero-extended */
}

static void
x86_call_helper(struct thook_jit_emit *e, const struct thook_op *op)
{
	static const uint8_t saved[] = {RDI, RSI, RDX, RCX, R8};

	/* r1-r5 survive the call as in the interpreter; 48 bytes keep the
	 * stack 16-byte aligned. */
	for (unsigned k = 0; k < 5; k++)
		x86_push(e, saved[k]);
	x86_alu_ri(e, W, 5, RSP, 0, 8);
	/* helper(env, r1, ..., r5): shift the arguments up by one */
	x86_mov_rr(e, W, R9, R8);
	x86_mov_rr(e, W, R8, RCX);
	x86_mov_rr(e, W, RCX, RDX);
	x86_mov_rr(e, W, RDX, RSI);
	x86_mov_rr(e, W, RSI, RDI);
	x86_op_modrm(e, W | MEM, 0x8b, RDI, R12, F_ENV);
	thook__jit_byte(e, 0x48);
	thook__jit_byte(e, 0xb8); /* movabs rax, fn */
	{
		uint64_t fn = (uint64_t)(uintptr_t)op->fn;

		x86_emit32(e, (uint32_t)fn);
		x86_emit32(e, (uint32_t)(fn >> 32));
	}
	x86_op_modrm(e, 0, 0xff, 2, RAX, 0); /* call rax */
	x86_alu_ri(e, W, 0, RSP, 0, 8);
	for (unsigned k = 5; k-- > 0;)
		x86_pop(e, saved[k]);
	if (op->flags & THOOK_HELPER_UNWIND) {
		x86_rr(e, W, 0x85, RAX, RAX);
		x86_jump32(e, CC_E, e->epilogue);
	}
}

static void
x86_call_local(struct thook_jit_emit *e, const struct thook_op *op, uint32_t pc)
{
	size_t ok;

	x86_alu_ri(e, W | MEM, 7, R12, F_DEPTH, THOOK_MAX_FRAMES - 1);
	ok = x86_jump8(e, CC_B);
	x86_mov_ri(e, R11, pc);
	x86_jump32(e, -1, e->depthfail);
	x86_patch8(e, ok);
	x86_op_modrm(e, W | MEM, 0xff, 0, R12, F_DEPTH); /* depth++ */
	x86_push(e, RBX);
	x86_push(e, R13);
	x86_push(e, R14);
	x86_push(e, R15);
	x86_alu_ri(e, W, 5, RSP, 0, 8);
	x86_op_modrm(e, W, 0x81, 5, RBP, 0); /* r10 -= frame */
	x86_emit32(e, THOOK_FRAME_BYTES);
	x86_jump32(e, 0x100, thook__jit_target(e, op->off));
	x86_op_modrm(e, W, 0x81, 0, RBP, 0);
	x86_emit32(e, THOOK_FRAME_BYTES);
	x86_alu_ri(e, W, 0, RSP, 0, 8);
	x86_pop(e, R15);
	x86_pop(e, R14);
	x86_pop(e, R13);
	x86_pop(e, RBX);
}

static void
x86_exit_insn(struct thook_jit_emit *e)
{
	if (x86_leaf(e)) {
		x86_leave(e);
		return;
	}
	if (!e->local) {
		x86_jump32(e, -1, e->epilogue);
		return;
	}
	/* depth 0: leave; else return to the local call */
	x86_alu_ri(e, W | MEM, 7, R12, F_DEPTH, 0);
	x86_jump32(e, CC_E, e->epilogue);
	x86_op_modrm(e, W | MEM, 0xff, 1, R12, F_DEPTH); /* depth-- */
	thook__jit_byte(e, 0xc3);
}

/*
 * Groups of instructions with a shorter form, where the interpreter fused
 * them (so no jump lands inside).  Returns the slots consumed, 0 if none.
 *   mov rD, rA; add rD, rB|K    lea rD, [rA+rB|K]
 *   ldxb rA, [rS+o]; ldxb rB, [rS+o+1]; lsh rB, 8; or rB, rA
 *                               movzx rA, byte [rS+o]; movzx rB, word [rS+o]
 */
static uint32_t
x86_group(struct thook_jit_emit *e, const struct thook_op *op, uint32_t left)
{
	unsigned xk = thook__op_xkind(op), dst = x86_map[op->dst];
	unsigned src = x86_map[op->src];

	if (xk == X_MOV_ADD_X && left >= 2) {
		unsigned b = x86_map[op[1].src];

		/* lea rD, [rA+rB]: base rA, index rB (rsp is no index; r12
		 * and rbp bases need a displacement byte) */
		if (b == RSP || (src & 7) == RBP || (src & 7) == RSP)
			return 0;
		thook__jit_byte(e, (uint8_t)(0x48 | (dst & 8) >> 1 |
					     (b & 8) >> 2 | (src & 8) >> 3));
		thook__jit_byte(e, 0x8d);
		thook__jit_byte(e, (uint8_t)(0x04 | (dst & 7) << 3));
		thook__jit_byte(e, (uint8_t)((b & 7) << 3 | (src & 7)));
		return 2;
	}
	if (xk == X_MOV_ADD_K && left >= 2 &&
	    (int64_t)op[1].imm == (int32_t)op[1].imm) {
		x86_op_modrm(e, W | MEM, 0x8d, dst, src, (int32_t)op[1].imm);
		return 2;
	}
	if (xk == X_LD16_LLSO && left >= 4 && op[1].src == op->src &&
	    op[1].off == op->off + 1 && op->dst != op->src) {
		x86_op_modrm(e, MEM, 0x0fb6, dst, src, op->off);
		x86_op_modrm(e, MEM, 0x0fb7, x86_map[op[1].dst], src, op->off);
		return 4;
	}
	return 0;
}

void
thook__jit_x86_64(const struct thook_prog *prog, struct thook_jit_emit *e)
{
	e->len = 0;
	thook__jit_scan(prog, e);
	x86_prologue(e);
	for (uint32_t pc = 0; pc < prog->n; pc++) {
		const struct thook_op *op = &prog->ops[pc];
		unsigned k = op->kind, dst = x86_map[op->dst];

		uint32_t g;

		thook__jit_mark(e, pc);
		if ((g = x86_group(e, op, prog->n - pc)) != 0) {
			while (--g > 0) /* no jump lands here */
				thook__jit_mark(e, ++pc);
			continue;
		}
		if (k <= K_ARSH32_X)
			x86_alu(e, op);
		else if (k <= K_JSLE32_X)
			x86_jcond(e, op);
		else if (k == K_NEG64 || k == K_NEG32)
			x86_op_modrm(e, k == K_NEG64 ? W : 0, 0xf7, 3, dst, 0);
		else if (k >= K_MOVSX8_64 && k <= K_MOVSX16_32) {
			static const uint32_t opc[] = {0x0fbe, 0x0fbf, 0x63,
						       0x0fbe, 0x0fbf};
			unsigned i = k - K_MOVSX8_64;

			x86_op_modrm(e, (i < 3 ? W : 0) | B8, opc[i], dst,
				     x86_map[op->src], 0);
		} else if (k >= K_LE16 && k <= K_BSWAP64)
			x86_byteswap(e, k, dst);
		else if (k == K_AFOR32 || k == K_AFAND32 || k == K_AFXOR32 ||
			 k == K_AFOR64 || k == K_AFAND64 || k == K_AFXOR64) {
			static const uint32_t opc[] = {0x09, 0x21, 0x31};
			unsigned i = (k - K_AFOR32) % (K_AADD64 - K_AADD32);

			x86_fetch_loop(e, k < K_AADD64 ? 0 : W, opc[i], dst,
				       x86_map[op->src], op->off);
		} else if (k >= K_LDXB && k <= K_ACMPXCHG64)
			x86_memop(e, op);
		else if (k == K_LDDW) {
			x86_mov_ri(e, dst, op->imm);
			thook__jit_mark(e, ++pc);
		} else if (k == K_JA || k == K_JA32)
			x86_jump32(e, -1, thook__jit_target(e, op->off));
		else if (k == K_CALL)
			x86_call_helper(e, op);
		else if (k == K_CALL_LOCAL)
			x86_call_local(e, op, pc);
		else
			x86_exit_insn(e);
	}
	thook__jit_mark(e, prog->n);
	x86_epilogues(e);
}

/* Leave no names behind for a single-file build of the library. */
#undef W
#undef B8
#undef P66
#undef LOCK
#undef MEM
#undef CC_B
#undef CC_AE
#undef CC_E
#undef CC_NE
#undef CC_BE
#undef CC_A
#undef CC_L
#undef CC_GE
#undef CC_LE
#undef CC_G
#undef F_ENV
#undef F_X
#undef F_R0P
#undef F_DEPTH
