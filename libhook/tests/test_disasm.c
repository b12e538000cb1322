/* SPDX-License-Identifier: BSD-2-Clause */
/* thook_disasm(): the text form, and that it assembles back to itself. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <tessera/hook.h>

#define CAP 128

static struct thook_asm as;

static const char source[] = "mov %r0, 1\n"
			     "add32 %r1, %r2\n"
			     "sdiv %r3, -4\n"
			     "smod32 %r3, %r4\n"
			     "movsx832 %r4, %r5\n"
			     "neg %r6\n"
			     "neg32 %r6\n"
			     "be16 %r7\n"
			     "le64 %r7\n"
			     "bswap32 %r8\n"
			     "ldxsh %r0, [%r1-2]\n"
			     "ldxdw %r0, [%r1+0]\n"
			     "stw [%r10-4], 0x12345678\n"
			     "stxh [%r10-2], %r9\n"
			     "lock fetch xor [%r10-8], %r1\n"
			     "lock cmpxchg32 [%r10-4], %r2\n"
			     "lddw %r2, 0x1122334455667788\n"
			     "jset %r1, 4095, +1\n"
			     "jsle32 %r1, %r2, -2\n"
			     "ja +0\n"
			     "ja32 -1\n"
			     "call 5\n"
			     "call local +0\n"
			     "exit\n";

static void
test_thook_disasm__round_trips(void **state)
{
	struct thook_insn a[CAP], b[CAP];
	char text[CAP * THOOK_DISASM_LEN];
	char line[THOOK_DISASM_LEN];
	struct thook_diag d;
	size_t len = 0;
	int n, m, slots;

	(void)state;
	n = thook_asm(&as, source, sizeof(source) - 1, a, CAP, &d);
	assert_int_equal(n, 25);
	for (int i = 0; i < n; i += slots) {
		slots = thook_disasm(a, (uint32_t)n, (uint32_t)i, line,
				     sizeof(line));
		assert_true(slots == 1 || slots == 2);
		memcpy(text + len, line, strlen(line));
		len += strlen(line);
		text[len++] = '\n';
	}
	/* The listing is the source, line for line. */
	assert_int_equal(len, sizeof(source) - 1);
	assert_memory_equal(text, source, len);
	m = thook_asm(&as, text, len, b, CAP, &d);
	assert_int_equal(m, n);
	assert_memory_equal(a, b, sizeof(a[0]) * (size_t)n);
}

static void
test_thook_disasm__unknown_opcode_is_listed_raw(void **state)
{
	const struct thook_insn bad[] = {{0xff, 0x21, -3, 7}};
	char line[THOOK_DISASM_LEN];

	(void)state;
	assert_int_equal(thook_disasm(bad, 1, 0, line, sizeof(line)),
			 -THOOK_ENOEXEC);
	assert_string_equal(line, ".insn 0xff, dst 1, src 2, off -3, imm 7");
}

static void
test_thook_disasm__small_buffer_and_bad_arguments(void **state)
{
	const struct thook_insn one[] = {{0x07, 0x01, 0, 100000}};
	const struct thook_insn bad[] = {{0xff, 0x21, -3, 7}};
	char line[8];

	(void)state;
	assert_int_equal(thook_disasm(one, 1, 0, line, sizeof(line)),
			 -THOOK_ENOSPC);
	assert_string_equal(line, "add %r1");
	assert_int_equal(thook_disasm(bad, 1, 0, line, sizeof(line)),
			 -THOOK_ENOSPC);
	assert_int_equal(thook_disasm(NULL, 1, 0, line, sizeof(line)),
			 -THOOK_EINVAL);
	assert_int_equal(thook_disasm(one, 1, 1, line, sizeof(line)),
			 -THOOK_EINVAL);
	assert_int_equal(thook_disasm(one, 1, 0, NULL, 8), -THOOK_EINVAL);
	assert_int_equal(thook_disasm(one, 1, 0, line, 0), -THOOK_EINVAL);
}

static void
test_thook_disasm__large_immediates_in_hex(void **state)
{
	const struct thook_insn in[] = {{0xb7, 0x00, 0, -100000},
					{0xb7, 0x00, 0, 4096}};
	char line[THOOK_DISASM_LEN];

	(void)state;
	assert_int_equal(thook_disasm(in, 2, 0, line, sizeof(line)), 1);
	assert_string_equal(line, "mov %r0, 0xfffe7960");
	assert_int_equal(thook_disasm(in, 2, 1, line, sizeof(line)), 1);
	assert_string_equal(line, "mov %r0, 0x1000");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook_disasm__round_trips),
		cmocka_unit_test(
			test_thook_disasm__unknown_opcode_is_listed_raw),
		cmocka_unit_test(
			test_thook_disasm__small_buffer_and_bad_arguments),
		cmocka_unit_test(test_thook_disasm__large_immediates_in_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
