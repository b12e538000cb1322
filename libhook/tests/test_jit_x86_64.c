/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The x86-64 code generator at the byte level, on every host: a few
 * instructions must come out as the encodings of the Intel SDM (volume 2)
 * with the documented register mapping (r0 rax, r1 rdi, r2 rsi, r3 rdx,
 * r5 r8, r6 rbx, r7 r13, r9 r15, r10 rbp).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "jit_bytes.h"

static const struct bytes_case cases[] = {
	/* a leaf: push rsi (r0p), then rbp, rbx, r13, r14, r15 when r6-r10
	 * are all used */
	{"mov %r6, %r10\nmov %r7, %r8\nmov %r9, 1\nexit",
	 {0x56, 0x55, 0x53, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57},
	 9},
	{"add %r0, %r1\nexit", {0x48, 0x01, 0xf8}, 3},	     /* add rax, rdi */
	{"mov32 %r6, %r9\nexit", {0x44, 0x89, 0xfb}, 3},     /* mov ebx, r15d */
	{"lsh %r0, 3\nexit", {0x48, 0xc1, 0xe0, 0x03}, 4},   /* shl rax, 3 */
	{"mul %r2, %r3\nexit", {0x48, 0x0f, 0xaf, 0xf2}, 4}, /* imul rsi, rdx */
	{"neg %r5\nexit", {0x49, 0xf7, 0xd8}, 3},	     /* neg r8 */
	{"be64 %r0\nexit", {0x48, 0x0f, 0xc8}, 3},	     /* bswap rax */
	/* mov rax, [rbp-8] */
	{"ldxdw %r0, [%r10-8]\nexit", {0x48, 0x8b, 0x45, 0xf8}, 4},
	/* mov r13d, [rbp-300] */
	{"ldxw %r7, [%r10-300]\nexit",
	 {0x44, 0x8b, 0xad, 0xd4, 0xfe, 0xff, 0xff},
	 7},
	/* mov [rbp-1], sil: a REX prefix selects sil, not dh */
	{"stxb [%r10-1], %r2\nexit", {0x40, 0x88, 0x75, 0xff}, 4},
	/* lock add [rbp-8], rdi */
	{"lock add [%r10-8], %r1\nexit", {0xf0, 0x48, 0x01, 0x7d, 0xf8}, 5},
	/* lock cmpxchg [rbp-4], esi; mov eax, eax */
	{"lock cmpxchg32 [%r10-4], %r2\nexit",
	 {0xf0, 0x0f, 0xb1, 0x75, 0xfc, 0x89, 0xc0},
	 7},
	/* cmp rdi, 5; je rel32 0 (the next instruction) */
	{"jeq %r1, 5, +0\nexit",
	 {0x48, 0x83, 0xff, 0x05, 0x0f, 0x84, 0, 0, 0, 0},
	 10},
	/* only r0p when they are not: push rsi; xor eax, eax; then the exit
	 * in place: pop r11; mov [r11+0], rax; xor eax, eax; ret */
	{"exit",
	 {0x56, 0x31, 0xc0, 0x41, 0x5b, 0x49, 0x89, 0x43, 0x00, 0x31, 0xc0,
	  0xc3},
	 12},
	/* with local calls (r10 moves), the base frame: push rbp; push r12;
	 * sub rsp, 40 */
	{"call local f\nexit\nf:\nexit",
	 {0x55, 0x41, 0x54, 0x48, 0x83, 0xec, 0x28},
	 7},
	/* mov; add -> lea rax, [rdi+rsi] */
	{"mov %r0, %r1\nadd %r0, %r2\nexit", {0x48, 0x8d, 0x04, 0x37}, 4},
	/* mov; add 3 -> lea rax, [rdi+3] */
	{"mov %r0, %r1\nadd %r0, 3\nexit", {0x48, 0x8d, 0x47, 0x03}, 4},
	/* two bytes as a 16-bit value: movzx esi, byte [rdi+2];
	 * movzx eax, word [rdi+2] */
	{"ldxb %r2, [%r1+2]\nldxb %r0, [%r1+3]\nlsh %r0, 8\nor %r0, %r2\nexit",
	 {0x0f, 0xb6, 0x77, 0x02, 0x0f, 0xb7, 0x47, 0x02},
	 8},
	/* mov 0 is xor r32, r32 */
	{"mov %r7, 0\nexit", {0x45, 0x31, 0xed}, 3},
	/* jmp rel32 back over itself: -5 */
	{"l:\nja l\nexit", {0xe9, 0xfb, 0xff, 0xff, 0xff}, 5},
};

static void
test_thook__jit_x86_64__encodings(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++)
		check_bytes(THOOK_JIT_X86_64, &cases[k]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook__jit_x86_64__encodings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
