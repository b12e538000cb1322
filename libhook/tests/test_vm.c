/* SPDX-License-Identifier: BSD-2-Clause */
/* Loading and running programs: RFC 9669 semantics, checks, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <tessera/hook.h>
#include "jit_native.h"

#define CAP 256

static struct thook_insn insns[CAP];
static struct thook_op ops[CAP];
static struct thook_asm as;
static uint64_t stack[THOOK_STACK_BYTES / 8];

static uint64_t
add3(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
	(void)d, (void)e;
	return a + b + c + (env != NULL ? *(uint64_t *)env : 0);
}

static uint64_t
echo(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
	(void)env, (void)b, (void)c, (void)d, (void)e;
	return a;
}

static const struct thook_helper helpers[] = {
	{1, 0, add3, "add3"},
	{5, THOOK_HELPER_UNWIND, echo, "unwind"},
};

static int
load(const char *text, struct thook_prog *prog)
{
	struct thook_diag d;
	int n = thook_asm(&as, text, strlen(text), insns, CAP, &d);

	assert_true(n > 0);
	return thook_prog_load(prog, ops, CAP, insns, (uint32_t)n, helpers, 2,
			       &d);
}

static void
exec_init(struct thook_exec *x)
{
	memset(x, 0, sizeof(*x));
	x->stack = stack;
	x->stack_size = sizeof(stack);
}

/* Run both ways; both must agree; returns r0. */
static uint64_t
run2(const char *text, uint64_t r1)
{
	struct thook_prog prog;
	struct thook_exec x;
	uint64_t a = 1, b = 2;

	assert_int_equal(load(text, &prog), 0);
	exec_init(&x);
	x.args[0] = r1;
	assert_int_equal(thook_run(&prog, &x, &a), 0);
	exec_init(&x);
	x.args[0] = r1;
	assert_int_equal(thook_run_checked(&prog, &x, &b), 0);
	assert_int_equal(a, b);
	if (JIT_NATIVE) { /* the build's own JIT agrees too */
		exec_init(&x);
		x.args[0] = r1;
		assert_int_equal(jit_native_run(&prog, &x, &b), 0);
		assert_int_equal(a, b);
	}
	return a;
}

static void
test_thook_run__division_by_zero_rules(void **state)
{
	(void)state;
	/* RFC 9669: x / 0 = 0, x % 0 = x; 32-bit forms zero-extend. */
	assert_int_equal(run2("mov %r0, 7\nmov %r1, 0\ndiv %r0, %r1\nexit", 0),
			 0);
	assert_int_equal(run2("mov %r0, 7\nmov %r1, 0\nmod %r0, %r1\nexit", 0),
			 7);
	assert_int_equal(run2("lddw %r0, 0x100000007\nmod32 %r0, 0\nexit", 0),
			 7);
	assert_int_equal(run2("mov %r0, 7\nsdiv %r0, 0\nexit", 0), 0);
	assert_int_equal(run2("mov %r0, -7\nsmod %r0, 0\nexit", 0),
			 (uint64_t)-7);
	assert_int_equal(run2("mov32 %r0, 7\nsdiv32 %r0, 0\nexit", 0), 0);
	assert_int_equal(run2("mov32 %r0, -7\nsmod32 %r0, 0\nexit", 0),
			 0xfffffff9u);
}

static void
test_thook_run__signed_overflow_wraps(void **state)
{
	(void)state;
	assert_int_equal(run2("lddw %r0, 0x8000000000000000\nsdiv %r0, -1\n"
			      "exit",
			      0),
			 0x8000000000000000ull);
	assert_int_equal(run2("lddw %r0, 0x8000000000000000\nsmod %r0, -1\n"
			      "exit",
			      0),
			 0);
	assert_int_equal(run2("mov32 %r0, 0x80000000\nsdiv32 %r0, -1\nexit", 0),
			 0x80000000u);
	assert_int_equal(run2("mov32 %r0, 0x80000000\nsmod32 %r0, -1\nexit", 0),
			 0);
	assert_int_equal(run2("mov %r0, -7\nsdiv %r0, 2\nexit", 0),
			 (uint64_t)-3);
	assert_int_equal(run2("mov %r0, -7\nsmod %r0, 2\nexit", 0),
			 (uint64_t)-1);
	assert_int_equal(run2("mov32 %r0, -8\nsdiv32 %r0, 2\nexit", 0),
			 0xfffffffcu);
	assert_int_equal(run2("mov32 %r0, -7\nsmod32 %r0, 2\nexit", 0),
			 0xffffffffu);
}

static void
test_thook_run__shifts_are_masked(void **state)
{
	(void)state;
	assert_int_equal(run2("mov %r0, 1\nlsh %r0, 65\nexit", 0), 2);
	assert_int_equal(run2("mov %r0, 1\nlsh32 %r0, 33\nexit", 0), 2);
	assert_int_equal(run2("mov %r0, 8\nrsh %r0, 66\nexit", 0), 2);
	assert_int_equal(run2("mov32 %r0, 8\nrsh32 %r0, 34\nexit", 0), 2);
	assert_int_equal(run2("mov %r0, -8\narsh %r0, 1\nexit", 0),
			 (uint64_t)-4);
	assert_int_equal(run2("mov %r0, 8\narsh %r0, 1\nexit", 0), 4);
	assert_int_equal(run2("mov32 %r0, -8\narsh32 %r0, 33\nexit", 0),
			 0xfffffffcu);
	assert_int_equal(run2("mov32 %r0, 8\narsh32 %r0, 1\nexit", 0), 4);
}

static void
test_thook_run__alu32_zero_extends(void **state)
{
	(void)state;
	assert_int_equal(run2("lddw %r0, 0xffffffffffffffff\nadd32 %r0, 1\n"
			      "exit",
			      0),
			 0);
	assert_int_equal(run2("mov %r0, -1\nmov32 %r0, %r0\nexit", 0),
			 0xffffffffu);
	assert_int_equal(run2("mov %r0, 3\nneg %r0\nexit", 0), (uint64_t)-3);
	assert_int_equal(run2("mov %r0, 3\nneg32 %r0\nexit", 0), 0xfffffffdu);
	assert_int_equal(run2("mov %r0, 6\nmul32 %r0, 7\nsub32 %r0, 2\n"
			      "xor32 %r0, 1\nor32 %r0, 0x100\nand32 %r0, "
			      "0x1ff\nexit",
			      0),
			 0x129);
	assert_int_equal(run2("mov %r0, 100\nmov %r1, 7\ndiv32 %r0, %r1\n"
			      "exit",
			      0),
			 14);
	assert_int_equal(run2("mov %r0, 100\nmod32 %r0, 7\nexit", 0), 2);
}

static void
test_thook_run__sign_extension_and_byte_order(void **state)
{
	(void)state;
	assert_int_equal(run2("mov %r1, 0x80\nmovsx864 %r0, %r1\nexit", 0),
			 (uint64_t)-128);
	assert_int_equal(run2("mov %r1, 0x8000\nmovsx1664 %r0, %r1\nexit", 0),
			 (uint64_t)-32768);
	assert_int_equal(run2("mov32 %r1, 0x80000000\nmovsx3264 %r0, %r1\n"
			      "exit",
			      0),
			 0xffffffff80000000ull);
	assert_int_equal(run2("mov %r1, 0x80\nmovsx832 %r0, %r1\nexit", 0),
			 0xffffff80u);
	assert_int_equal(run2("mov %r1, 0x8000\nmovsx1632 %r0, %r1\nexit", 0),
			 0xffff8000u);
	assert_int_equal(
		run2("lddw %r0, 0x1122334455667788\nbe16 %r0\nexit", 0),
		0x8877);
	assert_int_equal(
		run2("lddw %r0, 0x1122334455667788\nbe32 %r0\nexit", 0),
		0x88776655);
	assert_int_equal(
		run2("lddw %r0, 0x1122334455667788\nbe64 %r0\nexit", 0),
		0x8877665544332211ull);
	assert_int_equal(
		run2("lddw %r0, 0x1122334455667788\nle16 %r0\nexit", 0),
		0x7788);
	assert_int_equal(
		run2("lddw %r0, 0x1122334455667788\nle32 %r0\nexit", 0),
		0x55667788);
	assert_int_equal(
		run2("lddw %r0, 0x1122334455667788\nle64 %r0\nexit", 0),
		0x1122334455667788ull);
	assert_int_equal(run2("lddw %r0, 0x1122334455667788\nbswap16 %r0\n"
			      "exit",
			      0),
			 0x8877);
}

static void
test_thook_run__jumps_signed_and_unsigned(void **state)
{
	(void)state;
	/* -1 is above 1 unsigned and below it signed, in both widths. */
	assert_int_equal(run2("mov %r0, 0\nmov %r1, -1\njgt %r1, 1, +1\nexit\n"
			      "mov %r0, 1\njslt %r1, 1, +1\nexit\nadd %r0, 2\n"
			      "exit",
			      0),
			 3);
	assert_int_equal(run2("mov %r0, 0\nmov32 %r1, -1\njgt32 %r1, 1, +1\n"
			      "exit\nmov %r0, 1\njslt32 %r1, 1, +1\nexit\n"
			      "add %r0, 2\nexit",
			      0),
			 3);
	/* JMP32 looks at the low half only. */
	assert_int_equal(run2("mov %r0, 1\nlddw %r1, 0x100000000\n"
			      "jeq32 %r1, 0, +1\nexit\nmov %r0, 2\nexit",
			      0),
			 2);
	assert_int_equal(run2("mov %r0, 1\nmov %r1, 6\njset %r1, 2, +1\nexit\n"
			      "mov %r0, 2\nexit",
			      0),
			 2);
	assert_int_equal(run2("mov %r0, 1\nmov %r1, 6\nmov %r2, 6\n"
			      "jge %r1, %r2, +1\nexit\njle %r1, %r2, +1\nexit\n"
			      "jsge %r1, %r2, +1\nexit\njsle %r1, %r2, +1\n"
			      "exit\njne %r1, %r2, +2\njlt %r1, %r2, +1\n"
			      "ja32 +1\nexit\nmov %r0, 2\nexit",
			      0),
			 2);
}

static void
test_thook_run__memory_and_atomics_on_stack(void **state)
{
	(void)state;
	assert_int_equal(
		run2("stdw [%r10-8], -2\nldxdw %r0, [%r10-8]\nexit", 0),
		(uint64_t)-2);
	assert_int_equal(run2("stw [%r10-8], -2\nldxsw %r0, [%r10-8]\nexit", 0),
			 (uint64_t)-2);
	assert_int_equal(run2("sth [%r10-8], -2\nldxsh %r0, [%r10-8]\n"
			      "ldxh %r1, [%r10-8]\nadd %r0, %r1\nexit",
			      0),
			 0xfffe - 2);
	assert_int_equal(run2("stb [%r10-8], -2\nldxsb %r0, [%r10-8]\n"
			      "ldxb %r1, [%r10-8]\nadd %r0, %r1\nexit",
			      0),
			 0xfe - 2);
	assert_int_equal(run2("mov %r1, 5\nstxdw [%r10-8], %r1\n"
			      "mov %r2, 3\nlock fetch add [%r10-8], %r2\n"
			      "ldxdw %r0, [%r10-8]\nmul %r0, 10\nadd %r0, %r2\n"
			      "exit",
			      0),
			 85);
	assert_int_equal(run2("stw [%r10-4], 12\nmov %r2, 10\n"
			      "lock fetch and32 [%r10-4], %r2\n"
			      "lock or32 [%r10-4], %r2\nlock fetch xor32 "
			      "[%r10-4], %r2\nldxw %r0, [%r10-4]\nexit",
			      0),
			 0);
	assert_int_equal(run2("stw [%r10-4], 7\nmov %r0, 7\nmov %r1, 9\n"
			      "lock cmpxchg32 [%r10-4], %r1\nldxw %r1, "
			      "[%r10-4]\nmov %r2, 4\nlock xchg32 [%r10-4], "
			      "%r2\nmul %r1, 100\nadd %r0, %r1\nmul %r2, 1000\n"
			      "add %r0, %r2\nexit",
			      0),
			 9000 + 900 + 7);
}

static void
test_thook_run__local_calls_save_registers(void **state)
{
	(void)state;
	assert_int_equal(run2("mov %r6, 1\ncall local f\nadd %r0, %r6\nexit\n"
			      "f:\nmov %r6, 100\nstdw [%r10-8], 40\n"
			      "ldxdw %r0, [%r10-8]\nexit",
			      0),
			 41);
}

static void
test_thook_run__helpers_and_unwind(void **state)
{
	struct thook_prog prog;
	struct thook_exec x;
	uint64_t r0, extra = 1000;

	(void)state;
	assert_int_equal(load("mov %r1, 1\nmov %r2, 2\nmov %r3, 3\ncall 1\n"
			      "exit",
			      &prog),
			 0);
	exec_init(&x);
	x.helper_env = &extra;
	assert_int_equal(thook_run(&prog, &x, &r0), 0);
	assert_int_equal(r0, 1006);
	/* A zero from an unwind helper ends the program with r0 = 0. */
	assert_int_equal(run2("mov %r1, 0\ncall 5\nmov %r0, 2\nexit", 0), 0);
	assert_int_equal(run2("mov %r1, 9\ncall 5\nmov %r0, 2\nexit", 0), 2);
}

static void
test_thook_prog_load__unknown_helper(void **state)
{
	struct thook_prog prog;
	struct thook_diag d;
	int n;

	(void)state;
	n = thook_asm(&as, "call 77\nexit", 12, insns, CAP, &d);
	assert_int_equal(n, 2);
	assert_int_equal(
		thook_prog_load(&prog, ops, CAP, insns, 2, helpers, 2, &d),
		-THOOK_ENOENT);
	assert_int_equal(d.index, 0);
	assert_non_null(strstr(d.msg, "call 77: unknown helper"));
}

static void
test_thook_prog_load__bad_arguments(void **state)
{
	struct thook_prog prog;
	struct thook_diag d;

	(void)state;
	assert_int_equal(thook_asm(&as, "exit", 4, insns, CAP, &d), 1);
	assert_int_equal(thook_prog_load(NULL, ops, CAP, insns, 1, NULL, 0, &d),
			 -THOOK_EINVAL);
	assert_int_equal(
		thook_prog_load(&prog, NULL, CAP, insns, 1, NULL, 0, &d),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_prog_load(&prog, ops, CAP, insns, 1, NULL, 1, &d),
		-THOOK_EINVAL);
	assert_int_equal(thook_prog_load(&prog, ops, 0, insns, 1, NULL, 0, &d),
			 -THOOK_ENOSPC);
	insns[0].imm = 1;
	assert_int_equal(
		thook_prog_load(&prog, ops, CAP, insns, 1, NULL, 0, &d),
		-THOOK_ENOEXEC);
}

static void
test_thook_run__bad_arguments(void **state)
{
	struct thook_prog prog;
	struct thook_exec x;
	uint64_t r0;

	(void)state;
	assert_int_equal(load("mov %r0, 1\nexit", &prog), 0);
	exec_init(&x);
	assert_int_equal(thook_run(NULL, &x, &r0), -THOOK_EINVAL);
	assert_int_equal(thook_run(&prog, NULL, &r0), -THOOK_EINVAL);
	assert_int_equal(thook_run(&prog, &x, NULL), -THOOK_EINVAL);
	x.stack_size = THOOK_STACK_BYTES - 1;
	assert_int_equal(thook_run(&prog, &x, &r0), -THOOK_EINVAL);
	exec_init(&x);
	x.nregions = 1;
	assert_int_equal(thook_run_checked(&prog, &x, &r0), -THOOK_EINVAL);
	x.stack = NULL;
	assert_int_equal(thook_run_checked(&prog, &x, &r0), -THOOK_EINVAL);
}

static void
test_thook_run_checked__faults_outside_memory(void **state)
{
	uint8_t buf[16] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct thook_region ro = {(uint64_t)(uintptr_t)buf, 8,
				  THOOK_REGION_READ};
	struct thook_prog prog;
	struct thook_exec x;
	uint64_t r0;

	(void)state;
	/* Reading inside the region is fine, one byte past it is not. */
	assert_int_equal(load("ldxdw %r0, [%r1+0]\nexit", &prog), 0);
	exec_init(&x);
	x.args[0] = (uint64_t)(uintptr_t)buf;
	x.regions = &ro;
	x.nregions = 1;
	assert_int_equal(thook_run_checked(&prog, &x, &r0), 0);
	assert_int_equal(r0, 0x0807060504030201ull);
	assert_int_equal(load("ldxdw %r0, [%r1+1]\nexit", &prog), 0);
	assert_int_equal(thook_run_checked(&prog, &x, &r0), -THOOK_EFAULT);
	assert_int_equal(x.fault_pc, 0);
	assert_int_equal(x.fault_addr, (uint64_t)(uintptr_t)buf + 1);
	/* Writing a read-only region faults. */
	assert_int_equal(load("mov %r0, 0\nstb [%r1+0], 1\nexit", &prog), 0);
	assert_int_equal(thook_run_checked(&prog, &x, &r0), -THOOK_EFAULT);
	assert_int_equal(x.fault_pc, 1);
	/* Above the stack, and a null pointer. */
	assert_int_equal(load("ldxb %r0, [%r10+0]\nexit", &prog), 0);
	assert_int_equal(thook_run_checked(&prog, &x, &r0), -THOOK_EFAULT);
	assert_int_equal(load("mov %r1, 0\nldxb %r0, [%r1+0]\nexit", &prog), 0);
	assert_int_equal(thook_run_checked(&prog, &x, &r0), -THOOK_EFAULT);
	/* Atomics must be aligned and writable. */
	assert_int_equal(
		load("mov %r2, 1\nlock add [%r10-12], %r2\nexit", &prog), 0);
	assert_int_equal(thook_run_checked(&prog, &x, &r0), -THOOK_EFAULT);
	assert_int_equal(load("mov %r2, 1\nlock add [%r1+0], %r2\nexit", &prog),
			 0);
	assert_int_equal(thook_run_checked(&prog, &x, &r0), -THOOK_EFAULT);
}

static void
test_thook_run__budget_stops_loops(void **state)
{
	struct thook_prog prog;
	struct thook_exec x;
	uint64_t r0;

	(void)state;
	assert_int_equal(load("mov %r0, 0\nloop:\nadd %r0, 1\nja loop", &prog),
			 0);
	exec_init(&x);
	x.budget = 1000;
	assert_int_equal(thook_run(&prog, &x, &r0), -THOOK_ELIMIT);
	assert_int_equal(x.fault_pc, 2);
	assert_int_equal(thook_run_checked(&prog, &x, &r0), -THOOK_ELIMIT);
	/* A bounded loop within the budget completes. */
	assert_int_equal(load("mov %r0, 0\nloop:\nadd %r0, 1\n"
			      "jlt %r0, 10, loop\nexit",
			      &prog),
			 0);
	assert_int_equal(thook_run(&prog, &x, &r0), 0);
	assert_int_equal(r0, 10);
}

static void
test_thook_run__call_depth_is_bounded(void **state)
{
	struct thook_prog prog;
	struct thook_exec x;
	uint64_t r0;

	(void)state;
	assert_int_equal(load("f:\ncall local f\nexit", &prog), 0);
	exec_init(&x);
	assert_int_equal(thook_run(&prog, &x, &r0), -THOOK_EDEPTH);
	assert_int_equal(thook_run_checked(&prog, &x, &r0), -THOOK_EDEPTH);
	/* The budget counts calls too. */
	x.budget = 3;
	assert_int_equal(thook_run(&prog, &x, &r0), -THOOK_ELIMIT);
}

static void
test_thook_strerror__names_every_code(void **state)
{
	const int codes[] = {THOOK_EINVAL, THOOK_ENOSPC,  THOOK_ENOENT,
			     THOOK_EEXIST, THOOK_EPERM,	  THOOK_EAGAIN,
			     THOOK_ERANGE, THOOK_EBUSY,	  THOOK_EBADF,
			     THOOK_EFAULT, THOOK_ENOEXEC, THOOK_ESYNTAX,
			     THOOK_ELIMIT, THOOK_EDEPTH};

	(void)state;
	for (size_t k = 0; k < sizeof(codes) / sizeof(codes[0]); k++) {
		assert_string_not_equal(thook_strerror(-codes[k]),
					"unknown error");
		assert_string_equal(thook_strerror(-codes[k]),
				    thook_strerror(codes[k]));
	}
	assert_string_equal(thook_strerror(0), "success");
	assert_string_equal(thook_strerror(-20), "unknown error");
	assert_string_equal(thook_strerror(1000), "unknown error");
	assert_string_equal(thook_strerror(-2147483647 - 1), "unknown error");
}

/*
 * The unchecked run without a budget runs common groups of instructions as
 * one step.  Each program below holds one such group (and some hold a
 * near miss that must not be grouped); the grouped run, the budgeted run,
 * the checked run and the JIT must give the same r0 for every operand
 * pair.
 */
static const char *const fused_progs[] = {
	/* mov rD, rA; <op> rD, rB|K */
	"mov %r1, %r2\nmov %r0, %r1\nadd %r0, %r2\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nadd %r0, -9\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nsub %r0, %r2\nsub %r0, %r1\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nsub %r0, 3\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nmul %r0, %r1\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nmul %r0, 7\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nor %r0, %r2\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nor %r0, 0x100\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nand %r0, %r2\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nand %r0, 0xf0\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nlsh %r0, %r2\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nlsh %r0, 3\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nrsh %r0, %r2\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nrsh %r0, 2\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nxor %r0, %r2\nexit",
	"mov %r1, %r2\nmov %r0, %r1\nxor %r0, 0x55\nexit",
	/* near misses: another destination; the source is rD */
	"mov %r3, %r1\nadd %r0, %r2\nadd %r0, %r3\nexit",
	"mov %r0, %r1\nadd %r0, %r0\nexit",
	"mov %r0, %r1\nneg %r0\nexit",
	/* two moves; two constants */
	"mov %r3, %r1\nmov %r0, %r2\nadd %r0, %r3\nexit",
	"mov %r3, 5\nmov %r0, -2\nadd %r0, %r3\nadd %r0, %r1\nexit",
	/* lsh rD, K; or rD, rS (and rS == rD, not grouped) */
	"mov %r0, %r1\nlsh %r0, 8\nor %r0, %r2\nexit",
	"mov %r0, %r1\nlsh %r0, 8\nor %r0, %r0\nexit",
	"mov %r0, %r1\nlsh %r0, 8\nor %r3, %r2\nadd %r0, %r3\nexit",
	"mov %r0, %r1\nlsh %r0, 8\nadd %r0, %r2\nexit",
	/* two loads of one size */
	"stxdw [%r10-8], %r1\nstxdw [%r10-16], %r2\n"
	"ldxb %r0, [%r10-8]\nldxb %r3, [%r10-15]\nadd %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nstxdw [%r10-16], %r2\n"
	"ldxh %r0, [%r10-8]\nldxh %r3, [%r10-14]\nadd %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nstxdw [%r10-16], %r2\n"
	"ldxw %r0, [%r10-8]\nldxw %r3, [%r10-12]\nadd %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nstxdw [%r10-16], %r2\n"
	"ldxdw %r0, [%r10-8]\nldxdw %r3, [%r10-16]\nadd %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\n"
	"ldxb %r0, [%r10-8]\nldxh %r3, [%r10-8]\nadd %r0, %r3\nexit",
	/* a 16-bit value from two bytes, in both of clang's orders, from
	 * one base or two, and near misses */
	"stxdw [%r10-8], %r1\n"
	"ldxb %r2, [%r10-8]\nldxb %r0, [%r10-7]\nlsh %r0, 8\nor %r0, %r2\n"
	"exit",
	"stxdw [%r10-8], %r1\nmov %r3, %r10\n"
	"ldxb %r2, [%r10-5]\nldxb %r0, [%r3-8]\nlsh %r0, 8\nor %r0, %r2\n"
	"exit",
	"stxdw [%r10-8], %r1\nmov %r2, %r10\n"
	"ldxb %r2, [%r2-8]\nldxb %r0, [%r10-7]\nlsh %r0, 8\nor %r0, %r2\n"
	"exit",
	"stxdw [%r10-8], %r1\n"
	"ldxb %r0, [%r10-8]\nlsh %r0, 8\nldxb %r2, [%r10-7]\nor %r0, %r2\n"
	"exit",
	"stxdw [%r10-8], %r1\n"
	"ldxb %r2, [%r10-8]\nldxb %r0, [%r10-7]\nlsh %r0, 7\nor %r0, %r2\n"
	"exit",
	"stxdw [%r10-8], %r1\n"
	"ldxb %r0, [%r10-8]\nlsh %r0, 9\nldxb %r2, [%r10-7]\nor %r0, %r2\n"
	"exit",
	"stxdw [%r10-8], %r1\n"
	"ldxb %r0, [%r10-8]\nldxb %r0, [%r10-7]\nlsh %r0, 8\nor %r0, %r0\n"
	"exit",
	"stxdw [%r10-8], %r1\n"
	"ldxb %r0, [%r10-8]\nlsh %r0, 8\nldxb %r0, [%r10-7]\nor %r0, %r0\n"
	"exit",
	"stxdw [%r10-8], %r1\n"
	"ldxb %r0, [%r10-8]\nlsh %r0, 8\nldxb %r2, [%r10-7]\nor %r3, %r2\n"
	"add %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\n"
	"ldxb %r2, [%r10-8]\nldxb %r0, [%r10-7]\nlsh %r0, 8\nor %r3, %r2\n"
	"add %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\n"
	"ldxb %r2, [%r10-8]\nldxb %r0, [%r10-7]\nlsh %r3, 8\nor %r0, %r2\n"
	"exit",
	/* and rD, K; jeq|jne rD, K */
	"mov %r0, %r1\nand %r0, 0xff\njeq %r0, 0x34, +1\nmov %r0, 9\nexit",
	"mov %r0, %r1\nand %r0, 0xff\njne %r0, 0x34, +1\nmov %r0, 9\nexit",
	"mov %r0, %r1\nand %r0, 0xff\njne %r2, 0x34, +1\nmov %r0, 9\nexit",
	"mov %r0, %r1\nand %r0, 0xff\njgt %r0, 0x34, +1\nmov %r0, 9\nexit",
	/* mov rA, K; jeq|jne rB, K */
	"neg %r1\nmov %r0, 1\njeq %r1, -3, +1\nmov %r0, 2\nexit",
	"neg %r1\nmov %r0, 1\njne %r1, -3, +1\nmov %r0, 2\nexit",
	"neg %r1\nmov %r0, 1\njgt %r1, -3, +1\nmov %r0, 2\nexit",
	/* ldx; add the loaded value (and near misses) */
	"stxdw [%r10-8], %r1\nmov %r0, %r2\n"
	"ldxb %r3, [%r10-8]\nadd %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, %r2\n"
	"ldxh %r3, [%r10-8]\nadd %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, %r2\n"
	"ldxw %r3, [%r10-8]\nadd %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, %r2\n"
	"ldxdw %r3, [%r10-8]\nadd %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, %r2\n"
	"ldxdw %r0, [%r10-8]\nadd %r0, %r0\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, %r2\n"
	"ldxdw %r3, [%r10-8]\nadd %r0, %r2\nadd %r0, %r3\nexit",
	/* ldx; jeq|jne on the loaded value (and near misses) */
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxb %r3, [%r10-8]\njeq %r3, 0x34, +1\nmov %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxh %r3, [%r10-8]\njeq %r3, 0x1234, +1\nmov %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxw %r3, [%r10-8]\njeq %r3, 3, +1\nmov %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxdw %r3, [%r10-8]\njeq %r3, 5, +1\nmov %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxb %r3, [%r10-8]\njne %r3, 0x34, +1\nmov %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxh %r3, [%r10-8]\njne %r3, 0x1234, +1\nmov %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxw %r3, [%r10-8]\njne %r3, 3, +1\nmov %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxdw %r3, [%r10-8]\njne %r3, 5, +1\nmov %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxdw %r3, [%r10-8]\njne %r2, 5, +1\nmov %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxdw %r3, [%r10-8]\njeq %r2, 5, +1\nmov %r0, %r3\nexit",
	"stxdw [%r10-8], %r1\nmov %r0, 1\n"
	"ldxdw %r3, [%r10-8]\njgt %r3, 5, +1\nmov %r0, %r3\nexit",
	/* add rD, K; ja (a loop's step and its way back) */
	"mov %r0, 0\nmov %r3, %r1\nand %r3, 0x3f\nneg %r3\n"
	"loop:\njsge %r3, 0, +3\nadd %r3, 1\nadd %r0, 2\nja loop\nexit",
	/* mov rD, K; exit, at depth 0 and in a local call */
	"mov %r0, 7\nexit",
	"call local f\nadd %r0, %r1\nexit\nf:\nmov %r0, 5\nexit",
	/* a jump into the middle of a would-be group: not grouped */
	"mov %r0, %r2\njeq %r1, 3, +1\nmov %r0, %r1\nadd %r0, %r2\nexit",
	/* a local call returns into the slot after it: not grouped */
	"mov %r0, %r1\ncall local f\nadd %r0, %r2\nexit\nf:\nmov %r0, 5\n"
	"exit",
};

/* mov; mov; j<cond> rA, rB|K: every condition, both forms. */
static const char *const conds[] = {"jeq",  "jgt", "jge", "jset", "jne", "jsgt",
				    "jsge", "jlt", "jle", "jslt", "jsle"};

static void
check_grouped(const char *text)
{
	static const uint64_t vals[][2] = {
		{3, 3},
		{3, 5},
		{5, 3},
		{0x1234, 0x0f0f},
		{~0ull, 1},
		{1, ~0ull},
		{0, 0x8000000000000000ull},
	};

	for (size_t v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
		struct thook_prog prog;
		struct thook_exec x;
		uint64_t a = 1, b = 2, c = 3;

		assert_int_equal(load(text, &prog), 0);
		exec_init(&x);
		x.args[0] = vals[v][0];
		x.args[1] = vals[v][1];
		assert_int_equal(thook_run(&prog, &x, &a), 0); /* grouped */
		x.budget = 1000;
		assert_int_equal(thook_run(&prog, &x, &b), 0);
		x.budget = 1000;
		assert_int_equal(thook_run_checked(&prog, &x, &c), 0);
		if (a != b || a != c)
			fail_msg("%s: r1 %llx r2 %llx: %llx %llx %llx", text,
				 (unsigned long long)vals[v][0],
				 (unsigned long long)vals[v][1],
				 (unsigned long long)a, (unsigned long long)b,
				 (unsigned long long)c);
		if (JIT_NATIVE) {
			exec_init(&x);
			x.args[0] = vals[v][0];
			x.args[1] = vals[v][1];
			assert_int_equal(jit_native_run(&prog, &x, &b), 0);
			assert_int_equal(a, b);
		}
	}
}

static void
test_thook_run__grouped_instructions_match(void **state)
{
	char text[256];

	(void)state;
	for (size_t k = 0; k < sizeof(fused_progs) / sizeof(fused_progs[0]);
	     k++)
		check_grouped(fused_progs[k]);
	for (size_t k = 0; k < sizeof(conds) / sizeof(conds[0]); k++) {
		snprintf(text, sizeof(text),
			 "mov %%r0, 1\nmov %%r3, %%r1\nmov %%r4, %%r2\n"
			 "%s %%r3, %%r4, +1\nmov %%r0, 2\nexit",
			 conds[k]);
		check_grouped(text);
		snprintf(text, sizeof(text),
			 "mov %%r0, 1\nmov %%r3, %%r1\nmov %%r4, %%r2\n"
			 "%s %%r3, 5, +1\nmov %%r0, 2\nexit",
			 conds[k]);
		check_grouped(text);
		/* 32-bit: not grouped */
		snprintf(text, sizeof(text),
			 "mov %%r0, 1\nmov %%r3, %%r1\nmov %%r4, %%r2\n"
			 "%s32 %%r3, %%r4, +1\nmov %%r0, 2\nexit",
			 conds[k]);
		check_grouped(text);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook_run__division_by_zero_rules),
		cmocka_unit_test(test_thook_run__signed_overflow_wraps),
		cmocka_unit_test(test_thook_run__shifts_are_masked),
		cmocka_unit_test(test_thook_run__alu32_zero_extends),
		cmocka_unit_test(test_thook_run__sign_extension_and_byte_order),
		cmocka_unit_test(test_thook_run__jumps_signed_and_unsigned),
		cmocka_unit_test(test_thook_run__memory_and_atomics_on_stack),
		cmocka_unit_test(test_thook_run__local_calls_save_registers),
		cmocka_unit_test(test_thook_run__helpers_and_unwind),
		cmocka_unit_test(test_thook_prog_load__unknown_helper),
		cmocka_unit_test(test_thook_prog_load__bad_arguments),
		cmocka_unit_test(test_thook_run__bad_arguments),
		cmocka_unit_test(test_thook_run_checked__faults_outside_memory),
		cmocka_unit_test(test_thook_run__budget_stops_loops),
		cmocka_unit_test(test_thook_run__call_depth_is_bounded),
		cmocka_unit_test(test_thook_strerror__names_every_code),
		cmocka_unit_test(test_thook_run__grouped_instructions_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
