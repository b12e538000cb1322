/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loader and interpreter fuzz target: the input is a program (8-byte
 * slots) followed by nothing else.  Properties: validation and loading
 * never crash; a checked run never touches memory outside the stack and
 * the input region (ASan would report it); when a checked run completes,
 * the unchecked interpreter gives the same result.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tessera/hook.h>

#define CAP 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct thook_insn insns[CAP];
static struct thook_op ops[CAP];
static uint64_t stack[THOOK_STACK_BYTES / 8];
static uint8_t mem[64];

static uint64_t
mix(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
	(void)env;
	return a * 31 + b * 17 + c + d + e;
}

static const struct thook_helper helpers[] = {
	{1, 0, mix, "mix"},
	{5, THOOK_HELPER_UNWIND, mix, "unwind"},
};

static int
run(const struct thook_prog *prog, int checked, uint64_t *r0)
{
	struct thook_region region = {(uint64_t)(uintptr_t)mem, sizeof(mem),
				      THOOK_REGION_READ | THOOK_REGION_WRITE};
	struct thook_exec x;

	memset(&x, 0, sizeof(x));
	for (size_t k = 0; k < sizeof(mem); k++)
		mem[k] = (uint8_t)k;
	memset(stack, 0, sizeof(stack));
	x.args[0] = (uint64_t)(uintptr_t)mem;
	x.args[1] = sizeof(mem);
	x.stack = stack;
	x.stack_size = sizeof(stack);
	x.regions = &region;
	x.nregions = 1;
	/* 2: unchecked without a budget (the direct-threaded loop with fused
	 * pairs); run only on programs the checked run saw end cleanly. */
	x.budget = checked == 2 ? 0 : 4096;
	return checked == 1 ? thook_run_checked(prog, &x, r0)
			    : thook_run(prog, &x, r0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct thook_prog prog;
	uint32_t n = (uint32_t)(size / 8);
	uint64_t a, b;
	int err;

	if (n == 0 || n > CAP)
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = data + 8 * i;

		insns[i].code = p[0];
		insns[i].regs = p[1];
		insns[i].off = (int16_t)(uint16_t)(p[2] | p[3] << 8);
		insns[i].imm =
			(int32_t)((uint32_t)p[4] | (uint32_t)p[5] << 8 |
				  (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24);
	}
	if (thook_prog_load(&prog, ops, CAP, insns, n, helpers, 2, NULL) != 0)
		return 0;
	err = run(&prog, 1, &a);
	/* Stack contents depend on the run; compare only clean exits. */
	if (err == 0 && run(&prog, 0, &b) == 0 && a != b)
		__builtin_trap();
	if (err == 0 && (run(&prog, 2, &b) != 0 || a != b))
		__builtin_trap();
	return 0;
}
