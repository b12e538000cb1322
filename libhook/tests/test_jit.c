/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The JIT front (jit.c): sizes, buffer checks, determinism, and programs
 * covering every instruction kind compiled for both architectures; on a
 * build whose architecture has a JIT, each is run and compared with
 * thook_run().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <tessera/hook.h>
#include "jit_native.h"

#define CAP 256

static struct thook_insn insns[CAP];
static struct thook_op ops[CAP];
static struct thook_asm as;
static uint64_t stack[THOOK_STACK_BYTES / 8];
static uint8_t code[2][1 << 16] __attribute__((aligned(16)));

static uint64_t
mix(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
	return a * 3 + b * 5 + c * 7 + d * 11 + e * 13 +
	       (env != NULL ? *(uint64_t *)env : 0);
}

static uint64_t
echo(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
	(void)env, (void)b, (void)c, (void)d, (void)e;
	return a;
}

static const struct thook_helper helpers[] = {
	{1, 0, mix, "mix"},
	{5, THOOK_HELPER_UNWIND, echo, "unwind"},
};

static void
load(const char *text, struct thook_prog *prog)
{
	struct thook_diag d;
	int n = thook_asm(&as, text, strlen(text), insns, CAP, &d);

	if (n <= 0)
		fail_msg("asm line %u: %s", d.line, d.msg);
	assert_int_equal(thook_prog_load(prog, ops, CAP, insns, (uint32_t)n,
					 helpers, 2, &d),
			 0);
}

static void
exec_init(struct thook_exec *x, uint64_t *env)
{
	memset(x, 0, sizeof(*x));
	memset(stack, 0, sizeof(stack));
	x->stack = stack;
	x->stack_size = sizeof(stack);
	x->args[0] = 0x1111;
	x->args[1] = 0x2222;
	x->args[2] = 0x3333;
	x->args[3] = 0x4444;
	x->args[4] = 0x5555;
	x->helper_env = env;
}

/*
 * Programs over every kind; each keeps its memory accesses on the stack
 * and folds what it computed into r0.
 */
static const char *const programs[] = {
	/* ALU, 64 and 32 bits, immediate and register */
	"lddw %r0, 0x123456789abcdef0\nmov %r1, %r0\nadd %r0, 5\n"
	"add %r0, 100000\nadd %r0, -9\nsub %r0, 7\nsub %r0, -70000\n"
	"add %r0, %r1\nsub %r0, %r2\nmul %r0, 3\nmul %r0, %r3\n"
	"or %r0, 0x10\nor %r0, %r4\nand %r0, -17\nand %r0, %r1\n"
	"xor %r0, 0x55\nxor %r0, %r5\nexit",
	"mov32 %r0, -1\nadd32 %r0, 5\nadd32 %r0, %r1\nsub32 %r0, 3\n"
	"sub32 %r0, %r2\nmul32 %r0, 7\nmul32 %r0, %r3\nor32 %r0, 0x100\n"
	"or32 %r0, %r4\nand32 %r0, 0xfff0fff\nand32 %r0, %r5\n"
	"xor32 %r0, 0x5a5a\nxor32 %r0, %r1\nmov32 %r6, %r0\nmov %r7, -5\n"
	"mov32 %r8, 0x80000000\nmov %r9, 0x7fffffff\nadd %r0, %r6\n"
	"add %r0, %r7\nadd %r0, %r8\nadd %r0, %r9\nexit",
	/* shifts by immediates and by every register, including r4 (cl) */
	"mov %r0, 0x1234\nlsh %r0, 67\nrsh %r0, 1\narsh %r0, 2\n"
	"lsh32 %r0, 33\nrsh32 %r0, 3\narsh32 %r0, 1\nmov %r4, 3\n"
	"lsh %r0, %r4\nmov %r6, 65\nrsh %r0, %r6\nmov %r1, -1\n"
	"arsh %r1, %r4\nlsh %r4, %r6\narsh32 %r4, %r6\nrsh32 %r1, %r4\n"
	"lsh32 %r6, %r4\nmov %r2, -64\narsh %r2, %r2\nadd %r0, %r1\n"
	"add %r0, %r4\nadd %r0, %r6\nadd %r0, %r2\nexit",
	/* division and modulo: zero, -1, INT_MIN, every register pairing */
	"mov %r0, 100\nmov %r3, 7\ndiv %r0, %r3\nmov %r1, 100\n"
	"mod %r1, %r3\nmov %r2, 0\nmov %r6, 55\ndiv %r6, %r2\n"
	"mov %r7, 55\nmod %r7, %r2\nmov %r3, 91\ndiv %r3, %r0\n"
	"mov %r4, 91\nmod %r0, %r4\nmov %r5, -91\nsdiv %r5, -1\n"
	"lddw %r8, 0x8000000000000000\nsdiv %r8, -1\nmov %r9, -91\n"
	"smod %r9, -1\nmul %r0, 3\nadd %r0, %r1\nadd %r0, %r3\n"
	"add %r0, %r5\nadd %r0, %r6\nadd %r0, %r7\nadd %r0, %r8\n"
	"add %r0, %r9\nexit",
	"mov %r0, -100\nsdiv %r0, 7\nmov %r1, -100\nsmod %r1, 7\n"
	"mov %r2, -100\nsdiv %r2, 0\nmov %r3, -100\nsmod %r3, 0\n"
	"mov32 %r4, -100\nsdiv32 %r4, 7\nmov32 %r5, -100\nsmod32 %r5, 7\n"
	"mov32 %r6, 0x80000000\nsdiv32 %r6, -1\nmov32 %r7, 0x80000000\n"
	"smod32 %r7, -1\nmov32 %r8, 100\ndiv32 %r8, 0\nmov32 %r9, 100\n"
	"mod32 %r9, 0\nlddw %r1, 0xffffffff00000064\nmov32 %r2, 9\n"
	"div32 %r1, %r2\nmod32 %r2, %r2\nsdiv %r0, %r0\nadd %r0, %r1\n"
	"add %r0, %r2\nadd %r0, %r3\nadd %r0, %r4\nadd %r0, %r5\n"
	"add %r0, %r6\nadd %r0, %r7\nadd %r0, %r8\nadd %r0, %r9\nexit",
	/* neg, movsx, byte order */
	"mov %r1, 0x8180\nneg %r1\nneg32 %r1\nmovsx864 %r2, %r1\n"
	"movsx1664 %r3, %r1\nmovsx3264 %r4, %r1\nmovsx832 %r5, %r1\n"
	"movsx1632 %r6, %r1\nlddw %r7, 0x1122334455667788\nmov %r8, %r7\n"
	"be16 %r8\nmov %r9, %r7\nbe32 %r9\nmov %r0, %r7\nbe64 %r0\n"
	"add %r0, %r2\nadd %r0, %r3\nadd %r0, %r4\nadd %r0, %r5\n"
	"add %r0, %r6\nadd %r0, %r8\nadd %r0, %r9\nmov %r1, %r7\nle16 %r1\n"
	"add %r0, %r1\nmov %r1, %r7\nle32 %r1\nadd %r0, %r1\nle64 %r7\n"
	"add %r0, %r7\nlddw %r9, 0x8877665544332211\nbswap16 %r9\n"
	"add %r0, %r9\nbswap32 %r9\nadd %r0, %r9\nbswap64 %r9\n"
	"add %r0, %r9\nexit",
	/* loads and stores, small and large offsets, every width */
	"mov %r1, %r10\nsub %r1, 4000\nstdw [%r1+3000], -3\n"
	"stw [%r10-300], 0x12345678\nsth [%r10-12], -2\nstb [%r10-13], 0x81\n"
	"lddw %r2, 0x0102030405060708\nstxdw [%r10-24], %r2\n"
	"stxw [%r10-28], %r2\nstxh [%r10-30], %r2\nstxb [%r10-31], %r2\n"
	"stxb [%r1+2000], %r2\nldxdw %r0, [%r1+3000]\nldxw %r3, [%r10-300]\n"
	"ldxh %r4, [%r10-12]\nldxb %r5, [%r10-13]\nldxsb %r6, [%r10-13]\n"
	"ldxsh %r7, [%r10-12]\nldxsw %r8, [%r10-24]\nldxdw %r9, [%r10-24]\n"
	"add %r0, %r3\nadd %r0, %r4\nadd %r0, %r5\nadd %r0, %r6\n"
	"add %r0, %r7\nadd %r0, %r8\nadd %r0, %r9\nldxw %r3, [%r10-28]\n"
	"ldxh %r4, [%r10-30]\nldxb %r5, [%r10-31]\nldxsb %r6, [%r1+2000]\n"
	"add %r0, %r3\nadd %r0, %r4\nadd %r0, %r5\nadd %r0, %r6\n"
	"mov %r6, %r10\nstxb [%r6-1], %r6\nldxb %r6, [%r10-1]\n"
	"add %r0, %r6\nexit",
	/* atomics, 64 bits, with r0 as operand too */
	"stdw [%r10-8], 100\nmov %r1, 5\nlock add [%r10-8], %r1\n"
	"lock or [%r10-8], %r1\nlock and [%r10-8], %r1\n"
	"lock xor [%r10-8], %r1\nmov %r2, 7\nlock fetch add [%r10-8], %r2\n"
	"mov %r3, 0x30\nlock fetch or [%r10-8], %r3\nmov %r4, 0x3f\n"
	"lock fetch and [%r10-8], %r4\nmov %r5, 0x11\n"
	"lock fetch xor [%r10-8], %r5\nmov %r6, 99\n"
	"lock xchg [%r10-8], %r6\nmov %r0, 99\nmov %r7, 1234\n"
	"lock cmpxchg [%r10-8], %r7\nmov %r8, %r0\nmov %r0, 5\n"
	"lock cmpxchg [%r10-8], %r7\nmov %r9, %r0\nmov %r0, 3\n"
	"lock fetch add [%r10-8], %r0\nmov %r1, %r10\nsub %r1, 4000\n"
	"stdw [%r1+3000], 1\nmov %r0, 2\nlock fetch or [%r1+3000], %r0\n"
	"lock add [%r1-96], %r0\nmov %r3, %r10\nadd %r3, 4000\n"
	"lock add [%r3-4008], %r0\nldxdw %r1, [%r1+3000]\nldxdw %r0, "
	"[%r10-8]\nadd %r0, %r1\nadd %r0, %r2\nadd %r0, %r3\nadd %r0, %r4\n"
	"add %r0, %r5\nadd %r0, %r6\nadd %r0, %r8\nadd %r0, %r9\nexit",
	/* atomics, 32 bits, upper halves must be cleared */
	"lddw %r1, 0xffffffff00000005\nstw [%r10-4], 100\n"
	"lock add32 [%r10-4], %r1\nlock or32 [%r10-4], %r1\n"
	"lock and32 [%r10-4], %r1\nlock xor32 [%r10-4], %r1\nmov %r2, %r1\n"
	"lock fetch add32 [%r10-4], %r2\nmov %r3, %r1\n"
	"lock fetch or32 [%r10-4], %r3\nmov %r4, %r1\n"
	"lock fetch and32 [%r10-4], %r4\nmov %r5, %r1\n"
	"lock fetch xor32 [%r10-4], %r5\nmov %r6, %r1\n"
	"lock xchg32 [%r10-4], %r6\nlddw %r0, 0x1ffffffff\nmov %r7, 77\n"
	"lock cmpxchg32 [%r10-4], %r7\nmov %r8, %r0\nlddw %r0, -1\n"
	"lock fetch and32 [%r10-4], %r0\nmov %r9, %r0\nldxw %r0, [%r10-4]\n"
	"add %r0, %r2\nadd %r0, %r3\nadd %r0, %r4\nadd %r0, %r5\n"
	"add %r0, %r6\nadd %r0, %r8\nadd %r0, %r9\nexit",
	/* every jump condition, both widths, both sources, taken and not */
	"mov %r0, 0\nmov %r1, -1\nmov %r2, 1\nmov %r3, 5000\n"
	"jeq %r1, -1, +1\nadd %r0, 1\njeq %r1, %r2, +1\nadd %r0, 2\n"
	"jne %r1, 1, +1\nadd %r0, 4\njne %r1, %r1, +1\nadd %r0, 8\n"
	"jgt %r1, 1, +1\nadd %r0, 16\njgt %r2, %r1, +1\nadd %r0, 32\n"
	"jge %r2, 1, +1\nadd %r0, 64\njge %r2, %r3, +1\nadd %r0, 128\n"
	"jlt %r2, 5000, +1\nadd %r0, 256\njlt %r3, %r2, +1\nadd %r0, 512\n"
	"jle %r2, 1, +1\nadd %r0, 1024\njle %r3, %r2, +1\nadd %r0, 2048\n"
	"jsgt %r2, -1, +1\nadd %r0, 4096\njsgt %r1, %r2, +1\nadd %r0, 8192\n"
	"jsge %r1, -1, +1\nadd %r0, 1\njsge %r1, %r2, +1\nadd %r0, 2\n"
	"jslt %r1, 0, +1\nadd %r0, 4\njslt %r2, %r1, +1\nadd %r0, 8\n"
	"jsle %r1, -1, +1\nadd %r0, 16\njsle %r2, %r1, +1\nadd %r0, 32\n"
	"jset %r3, 8, +1\nadd %r0, 64\njset %r3, %r2, +1\nadd %r0, 128\n"
	"jset %r3, 0x10000, +1\nadd %r0, 256\nlsh %r0, 8\n"
	"lddw %r4, 0x1ffffffff\njeq32 %r4, -1, +1\nadd %r0, 1\n"
	"jeq32 %r4, %r1, +1\nadd %r0, 2\njne32 %r4, 0, +1\nadd %r0, 4\n"
	"jne32 %r4, %r2, +1\nadd %r0, 8\njgt32 %r4, 7, +1\nadd %r0, 16\n"
	"jgt32 %r2, %r4, +1\nadd %r0, 32\njge32 %r4, 7, +1\nadd %r0, 64\n"
	"jge32 %r2, %r4, +1\nadd %r0, 128\njlt32 %r2, 7, +1\nadd %r0, 256\n"
	"jlt32 %r4, %r2, +1\nadd %r0, 512\njle32 %r2, 1, +1\nadd %r0, 1024\n"
	"jle32 %r4, %r2, +1\nadd %r0, 2048\njsgt32 %r2, -2, +1\n"
	"add %r0, 4096\njsgt32 %r4, %r2, +1\nadd %r0, 8192\n"
	"jsge32 %r4, -1, +1\nadd %r0, 16384\njsge32 %r4, %r2, +1\n"
	"add %r0, 32768\njslt32 %r4, 0, +1\nadd %r0, 65536\n"
	"jslt32 %r2, %r4, +1\nadd %r0, 131072\njsle32 %r4, -1, +1\n"
	"add %r0, 262144\njsle32 %r2, %r4, +1\nadd %r0, 524288\n"
	"jset32 %r4, 1, +1\nadd %r0, 1048576\njset32 %r4, %r2, +1\n"
	"add %r0, 2097152\njset32 %r3, 0x10000, +1\nadd %r0, 4194304\n"
	"jset32 %r4, 0x10000, +1\nja32 +1\nadd %r0, 1\nexit",
	/* loops (backward jumps) and long ja */
	"mov %r0, 0\nmov %r1, 0\nloop:\nadd %r0, %r1\nadd %r1, 1\n"
	"jlt %r1, 100, loop\nmov %r2, 10\nagain:\nsub %r2, 1\n"
	"add %r0, 3\njne %r2, 0, again\nexit",
	/* helper calls keep r1-r5; unwind with a non-zero result goes on */
	"mov %r1, 1\nmov %r2, 2\nmov %r3, 3\nmov %r4, 4\nmov %r5, 5\n"
	"call 1\nmov %r6, %r0\ncall 1\nadd %r0, %r6\nmov %r7, %r1\n"
	"mul %r7, 100\nadd %r0, %r7\nadd %r0, %r5\ncall 5\nadd %r0, 1\n"
	"exit",
	/* an unwind helper returning 0 ends the program */
	"mov %r0, 3\nmov %r1, 0\ncall 5\nmov %r0, 9\nexit",
	/* an unwind inside a local call */
	"mov %r0, 3\ncall local f\nmov %r0, 9\nexit\nf:\nmov %r1, 0\n"
	"call 5\nexit",
	/* local calls: r6-r9 kept, r10 moves one frame, nested, helpers */
	"mov %r6, 1\nmov %r7, 2\nmov %r8, 3\nmov %r9, 4\nstdw [%r10-8], 7\n"
	"call local f\nadd %r0, %r6\nadd %r0, %r7\nadd %r0, %r8\n"
	"add %r0, %r9\nldxdw %r1, [%r10-8]\nadd %r0, %r1\nexit\n"
	"f:\nmov %r6, 100\nmov %r7, 200\nmov %r8, 300\nmov %r9, 400\n"
	"stdw [%r10-8], 40\ncall local g\nldxdw %r0, [%r10-8]\n"
	"add %r0, %r6\nexit\ng:\nmov %r6, 1000\nstdw [%r10-8], 4000\n"
	"mov %r1, 1\nmov %r2, 1\nmov %r3, 1\nmov %r4, 1\nmov %r5, 1\n"
	"call 1\nexit",
	/* the deepest nesting allowed: 7 calls below the main frame */
	"mov %r0, 0\nmov %r6, 7\ncall local f\nexit\nf:\nadd %r0, 1\n"
	"stxdw [%r10-512], %r0\nsub %r6, 1\njeq %r6, 0, +1\ncall local f\n"
	"exit",
};

/* Compile for arch into code[slot]; returns the code size. */
static size_t
compile(const struct thook_prog *prog, unsigned arch, int slot,
	struct thook_jit *j)
{
	size_t size;

	assert_int_equal(thook_jit_size(prog, arch, &size), 0);
	assert_true(size <= sizeof(code[slot]));
	memset(code[slot], 0xcc, sizeof(code[slot]));
	assert_int_equal(thook_jit_compile(prog, arch, code[slot], size, j), 0);
	assert_int_equal(j->size, size);
	assert_true(j->entry > 0 && j->entry % 16 == 0 && j->entry < size);
	return size;
}

static void
test_thook_jit_compile__every_kind_both_arches(void **state)
{
	static const unsigned arches[] = {THOOK_JIT_X86_64, THOOK_JIT_ARM64};
	struct thook_prog prog;
	struct thook_exec x;
	struct thook_jit j, j2;
	uint64_t env = 1000000, a, b;
	size_t size;

	(void)state;
	for (size_t p = 0; p < sizeof(programs) / sizeof(*programs); p++) {
		load(programs[p], &prog);
		for (size_t k = 0; k < 2; k++) {
			/* Compiling twice gives the same bytes. */
			size = compile(&prog, arches[k], 0, &j);
			assert_int_equal(compile(&prog, arches[k], 1, &j2),
					 size);
			assert_memory_equal(code[0] + j.entry,
					    code[1] + j2.entry, size - j.entry);
		}
		exec_init(&x, &env);
		assert_int_equal(thook_run(&prog, &x, &a), 0);
		if (!JIT_NATIVE)
			continue;
		exec_init(&x, &env);
		b = ~a;
		assert_int_equal(jit_native_run(&prog, &x, &b), 0);
		if (a != b)
			fail_msg("program %zu: interpreter 0x%llx, JIT 0x%llx",
				 p, (unsigned long long)a,
				 (unsigned long long)b);
	}
}

static void
test_thook_jit_run__call_depth_is_bounded(void **state)
{
	struct thook_prog prog;
	struct thook_exec x;
	uint64_t r0 = 5;

	(void)state;
	load("mov %r0, 1\nf:\ncall local f\nexit", &prog);
	exec_init(&x, NULL);
	assert_int_equal(thook_run(&prog, &x, &r0), -THOOK_EDEPTH);
	assert_int_equal(x.fault_pc, 1);
	if (!JIT_NATIVE)
		skip();
	exec_init(&x, NULL);
	r0 = 5;
	assert_int_equal(jit_native_run(&prog, &x, &r0), -THOOK_EDEPTH);
	assert_int_equal(x.fault_pc, 1);
	assert_int_equal(r0, 5);
}

static void
test_thook_jit_size__bad_arguments(void **state)
{
	struct thook_prog prog, none = {NULL, 0};
	size_t size = 7;

	(void)state;
	load("mov %r0, 1\nexit", &prog);
	assert_int_equal(thook_jit_size(NULL, THOOK_JIT_X86_64, &size),
			 -THOOK_EINVAL);
	assert_int_equal(thook_jit_size(&none, THOOK_JIT_X86_64, &size),
			 -THOOK_EINVAL);
	assert_int_equal(thook_jit_size(&prog, THOOK_JIT_ARM64, NULL),
			 -THOOK_EINVAL);
	assert_int_equal(thook_jit_size(&prog, 0, &size), -THOOK_EINVAL);
	assert_int_equal(thook_jit_size(&prog, 3, &size), -THOOK_EINVAL);
	assert_int_equal(size, 7);
	assert_int_equal(thook_jit_size(&prog, THOOK_JIT_ARM64, &size), 0);
	assert_true(size > 16 && size % 4 == 0);
}

static void
test_thook_jit_compile__bad_arguments(void **state)
{
	struct thook_prog prog;
	struct thook_jit j = {1, 2};
	size_t size;

	(void)state;
	load("mov %r0, 1\nexit", &prog);
	assert_int_equal(thook_jit_size(&prog, THOOK_JIT_X86_64, &size), 0);
	assert_int_equal(
		thook_jit_compile(&prog, THOOK_JIT_X86_64, NULL, size, &j),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_jit_compile(&prog, THOOK_JIT_X86_64, code[0], size, NULL),
		-THOOK_EINVAL);
	assert_int_equal(thook_jit_compile(&prog, THOOK_JIT_X86_64, code[0] + 2,
					   size, &j),
			 -THOOK_EINVAL);
	assert_int_equal(
		thook_jit_compile(NULL, THOOK_JIT_X86_64, code[0], size, &j),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_jit_compile(&prog, 9, code[0], sizeof(code[0]), &j),
		-THOOK_EINVAL);
	/* Too small: nothing is written. */
	memset(code[0], 0xab, 64);
	assert_int_equal(thook_jit_compile(&prog, THOOK_JIT_X86_64, code[0],
					   size - 1, &j),
			 -THOOK_ENOSPC);
	for (size_t k = 0; k < 64; k++)
		assert_int_equal(code[0][k], 0xab);
	assert_int_equal(j.entry, 1);
	assert_int_equal(j.size, 2);
	assert_int_equal(
		thook_jit_compile(&prog, THOOK_JIT_X86_64, code[0], size, &j),
		0);
	assert_int_equal(j.size, size);
}

static int
never(struct thook_exec *x, uint64_t *r0)
{
	(void)x, (void)r0;
	return 12345;
}

static void
test_thook_jit_run__bad_arguments(void **state)
{
	struct thook_exec x;
	uint64_t r0;

	(void)state;
	exec_init(&x, NULL);
	assert_int_equal(thook_jit_run(NULL, &x, &r0), -THOOK_EINVAL);
	assert_int_equal(thook_jit_run(never, NULL, &r0), -THOOK_EINVAL);
	assert_int_equal(thook_jit_run(never, &x, NULL), -THOOK_EINVAL);
	x.stack_size = THOOK_STACK_BYTES - 1;
	assert_int_equal(thook_jit_run(never, &x, &r0), -THOOK_EINVAL);
	x.stack = NULL;
	x.stack_size = THOOK_STACK_BYTES;
	assert_int_equal(thook_jit_run(never, &x, &r0), -THOOK_EINVAL);
	exec_init(&x, NULL);
	x.fault_pc = 9;
	assert_int_equal(thook_jit_run(never, &x, &r0), 12345);
	assert_int_equal(x.fault_pc, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_thook_jit_compile__every_kind_both_arches),
		cmocka_unit_test(test_thook_jit_run__call_depth_is_bounded),
		cmocka_unit_test(test_thook_jit_size__bad_arguments),
		cmocka_unit_test(test_thook_jit_compile__bad_arguments),
		cmocka_unit_test(test_thook_jit_run__bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
