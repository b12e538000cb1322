/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Differential fuzz target, JIT against interpreter.  The input drives a
 * small generator that only writes programs that terminate and stay in
 * their stack: straight-line ALU of every kind (both widths, immediate and
 * register sources, signed division, movsx, byte swaps), forward jumps of
 * every condition, loads, stores and atomics at constant offsets from r10,
 * and helper calls.  Each program is compiled for both architectures (the
 * emitters must not crash on any of them) and, where the build has a JIT,
 * run natively: r0 and the whole stack must equal the interpreter's.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tessera/hook.h>
#include "jit_native.h"

#define BODY 64
#define CAP  (BODY + 64)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct thook_insn insns[CAP];
static struct thook_op ops[CAP];
static uint64_t stack[2][THOOK_STACK_BYTES / 8];
static uint8_t mem[64];
static uint8_t code[1 << 17] __attribute__((aligned(16)));

static uint64_t
mix(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
	(void)env;
	return a * 31 + b * 17 + c + (d ^ e);
}

static const struct thook_helper helpers[] = {
	{1, 0, mix, "mix"},
	{5, THOOK_HELPER_UNWIND, mix, "unwind"},
};

/* Data registers: every register but the argument r1 and the frame r10. */
static const uint8_t dregs[] = {0, 2, 3, 4, 5, 6, 7, 8, 9};

struct cursor {
	const uint8_t *p;
	size_t left;
};

static uint8_t
next(struct cursor *c)
{
	if (c->left == 0)
		return 0;
	c->left--;
	return *c->p++;
}

static int32_t
next32(struct cursor *c)
{
	uint32_t v = next(c);

	v |= (uint32_t)next(c) << 8;
	v |= (uint32_t)next(c) << 16;
	v |= (uint32_t)next(c) << 24;
	return (int32_t)v;
}

static uint8_t
dreg(struct cursor *c)
{
	return dregs[next(c) % sizeof(dregs)];
}

static struct thook_insn
insn(uint8_t code_, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct thook_insn i = {code_, (uint8_t)(dst | src << 4), off, imm};

	return i;
}

/* One body instruction at index i of BODY; never longer than one slot. */
static struct thook_insn
gen_one(struct cursor *c, uint32_t i)
{
	static const uint8_t alu_ops[] = {0x00, 0x10, 0x20, 0x30, 0x40, 0x50,
					  0x60, 0x70, 0x90, 0xa0, 0xb0, 0xc0};
	static const uint8_t jmp_ops[] = {0x10, 0x20, 0x30, 0x40, 0x50, 0x60,
					  0x70, 0xa0, 0xb0, 0xc0, 0xd0};
	static const uint8_t ldx[] = {0x61, 0x69, 0x71, 0x79, 0x81, 0x89, 0x91};
	static const uint8_t st[] = {0x62, 0x6a, 0x72, 0x7a,
				     0x63, 0x6b, 0x73, 0x7b};
	static const int32_t aops[] = {0x00, 0x40, 0x50, 0xa0, 0x01,
				       0x41, 0x51, 0xa1, 0xe1, 0xf1};
	static const int32_t widths[] = {16, 32, 64};
	uint8_t what = next(c) % 10, dst = dreg(c), src = dreg(c);
	uint8_t cls = (next(c) & 1) ? 0x07 : 0x04;
	/* 8-byte aligned stack slot; smaller accesses inside it */
	int16_t slot = (int16_t)(-8 * (1 + next(c) % 64));

	switch (what) {
	case 0:
	case 1: { /* binary ALU, immediate or register */
		uint8_t op = alu_ops[next(c) % sizeof(alu_ops)];
		bool x = next(c) & 1;
		int16_t off =
			(op == 0x30 || op == 0x90) ? (int16_t)(next(c) & 1) : 0;

		return insn((uint8_t)(cls | op | (x ? 0x08 : 0)), dst,
			    x ? src : 0, off, x ? 0 : next32(c));
	}
	case 2: { /* neg, movsx, byte order */
		uint8_t k = next(c) % 5;

		if (k == 0)
			return insn((uint8_t)(cls | 0x80), dst, 0, 0, 0);
		if (k == 1) { /* movsx: 8/16 for 32 bits, 8/16/32 for 64 */
			int16_t bits = (int16_t)(8 << (next(c) %
						       (cls == 0x07 ? 3 : 2)));

			return insn((uint8_t)(cls | 0xb8), dst, src, bits, 0);
		}
		return insn(k == 2   ? 0xd4
			    : k == 3 ? 0xdc
				     : 0xd7,
			    dst, 0, 0, widths[next(c) % 3]);
	}
	case 3: { /* forward conditional jump, at most to the epilogue */
		uint8_t op = jmp_ops[next(c) % sizeof(jmp_ops)];
		bool x = next(c) & 1;
		int16_t off = (int16_t)(next(c) % (BODY - i));

		return insn((uint8_t)(((next(c) & 1) ? 0x05 : 0x06) | op |
				      (x ? 0x08 : 0)),
			    dst, x ? src : 0, off, x ? 0 : next32(c));
	}
	case 4: /* ja */
		return insn(0x05, 0, 0, (int16_t)(next(c) % (BODY - i)), 0);
	case 5: { /* load */
		uint8_t code_ = ldx[next(c) % sizeof(ldx)];

		return insn(code_, dst, 10, slot, 0);
	}
	case 6: { /* store immediate or register */
		uint8_t code_ = st[next(c) % sizeof(st)];

		if ((code_ & 7) == 2)
			return insn(code_, 10, 0, slot, next32(c));
		return insn(code_, 10, src, slot, 0);
	}
	case 7: /* atomic */
		return insn((next(c) & 1) ? 0xdb : 0xc3, 10, src, slot,
			    aops[next(c) % 10]);
	case 8: /* helper call */
		return insn(0x85, 0, 0, 0, (next(c) & 1) ? 1 : 5);
	default: /* 64-bit immediate into a register via mov */
		return insn(0xb7, dst, 0, 0, next32(c));
	}
}

/* The program: registers seeded, the body, r0 folding everything. */
static uint32_t
generate(struct cursor *c)
{
	uint32_t n = 0;

	for (size_t k = 0; k < sizeof(dregs); k++)
		insns[n++] = insn(0xb7, dregs[k], 0, 0, next32(c));
	for (uint32_t i = 0; i < BODY; i++)
		insns[n++] = gen_one(c, i);
	for (size_t k = 1; k < sizeof(dregs); k++)
		insns[n++] = insn(0x0f, 0, dregs[k], 0, 0); /* add r0, rk */
	insns[n++] = insn(0x95, 0, 0, 0, 0);
	return n;
}

static int
run(const struct thook_prog *prog, int jit, uint64_t *r0)
{
	struct thook_exec x;

	memset(&x, 0, sizeof(x));
	memset(stack[jit], 0, sizeof(stack[jit]));
	for (size_t k = 0; k < sizeof(mem); k++)
		mem[k] = (uint8_t)k;
	x.args[0] = (uint64_t)(uintptr_t)mem;
	x.args[1] = sizeof(mem);
	x.stack = stack[jit];
	x.stack_size = sizeof(stack[jit]);
	return jit ? jit_native_run(prog, &x, r0) : thook_run(prog, &x, r0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = {data, size};
	struct thook_prog prog;
	struct thook_jit j;
	uint64_t a = 0, b = 1;
	uint32_t n = generate(&c);

	if (thook_prog_load(&prog, ops, CAP, insns, n, helpers, 2, NULL) != 0)
		__builtin_trap(); /* the generator writes valid programs */
	if (thook_jit_compile(&prog, THOOK_JIT_X86_64, code, sizeof(code),
			      &j) != 0 ||
	    thook_jit_compile(&prog, THOOK_JIT_ARM64, code, sizeof(code), &j) !=
		    0)
		__builtin_trap();
	if (!JIT_NATIVE)
		return 0;
	if (run(&prog, 0, &a) != 0 || run(&prog, 1, &b) != 0 || a != b ||
	    memcmp(stack[0], stack[1], sizeof(stack[0])) != 0)
		__builtin_trap();
	return 0;
}
