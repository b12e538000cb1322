/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The aarch64 code generator at the byte level, on every host: a few
 * instructions must come out as the encodings of the Arm ARM (A64) with
 * the documented register mapping (r0 x7, r1-r5 x0-x4, r6-r9 x19-x22,
 * r10 x25).  Words are written little-endian.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "jit_bytes.h"

#define I(w)                                             \
	(uint8_t)((w)&0xff), (uint8_t)((w) >> 8 & 0xff), \
		(uint8_t)((w) >> 16 & 0xff), (uint8_t)((w) >> 24 & 0xff)

static const struct bytes_case cases[] = {
	/* a leaf: sub sp, sp, #48; str x1, [sp] */
	{"exit", {I(0xd100c3ffu), I(0xf90003e1u)}, 8},
	/* local calls need the base frame: stp x29, x30, [sp, #-96]! */
	{"call local f\nexit\nf:\nexit", {I(0xa9ba7bfdu)}, 4},
	/* a leaf saves the callee-saved registers it uses: stp x19, x20,
	 * [sp, #16] */
	{"mov %r6, 1\nexit", {I(0xa90153f3u)}, 4},
	{"add %r0, %r1\nexit", {I(0x8b0000e7u)}, 4}, /* add x7, x7, x0 */
	/* orr w19, wzr, w22 */
	{"mov32 %r6, %r9\nexit", {I(0x2a1603f3u)}, 4},
	/* lsl x7, x7, #3 (ubfm) */
	{"lsh %r0, 3\nexit", {I(0xd37df0e7u)}, 4},
	/* lsr w7, w7, #4; asr x7, x7, #63 */
	{"rsh32 %r0, 4\narsh %r0, 63\nexit",
	 {I(0x53047ce7u), I(0x937ffce7u)},
	 8},
	/* mov; add -> add x7, x0, x1 */
	{"mov %r0, %r1\nadd %r0, %r2\nexit", {I(0x8b010007u)}, 4},
	/* mov; add 3 -> add x7, x0, #3 */
	{"mov %r0, %r1\nadd %r0, 3\nexit", {I(0x91000c07u)}, 4},
	/* two bytes as a 16-bit value: ldurb w1, [x0, #2]; ldurh w7, [x0, #2]
	 */
	{"ldxb %r2, [%r1+2]\nldxb %r0, [%r1+3]\nlsh %r0, 8\nor %r0, %r2\nexit",
	 {I(0x38402001u), I(0x78402007u)},
	 8},
	/* udiv x11, x7, x2; msub x7, x11, x2, x7 */
	{"mod %r0, %r3\nexit", {I(0x9ac208ebu), I(0x9b029d67u)}, 8},
	{"be64 %r0\nexit", {I(0xdac00ce7u)}, 4},	    /* rev x7, x7 */
	{"ldxdw %r0, [%r10-8]\nexit", {I(0xf85f8327u)}, 4}, /* ldur */
	/* sturb w1, [x25, #-1] */
	{"stxb [%r10-1], %r2\nexit", {I(0x381ff321u)}, 4},
	/* mov x9, #-300; ldr w20, [x25, x9] */
	{"ldxw %r7, [%r10-300]\nexit", {I(0x92802569u), I(0xb8696b34u)}, 8},
	/* sub x9, x25, #8; ldaxr x10, [x9]; add x11, x10, x0;
	 * stlxr w12, x11, [x9]; cbnz w12, back to ldaxr */
	{"lock add [%r10-8], %r1\nexit",
	 {I(0xd1002329u), I(0xc85ffd2au), I(0x8b00014bu), I(0xc80cfd2bu),
	  I(0x35ffffacu)},
	 20},
	/* cmp x0, #5; b.ne +8; b +4 */
	{"jeq %r1, 5, +0\nexit",
	 {I(0xf100141fu), I(0x54000041u), I(0x14000001u)},
	 12},
	/* b back over itself */
	{"l:\nja l\nexit", {I(0x14000000u)}, 4},
};

static void
test_thook__jit_arm64__encodings(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++)
		check_bytes(THOOK_JIT_ARM64, &cases[k]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook__jit_arm64__encodings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
