/* SPDX-License-Identifier: BSD-2-Clause */
/* thook_asm(): encodings, labels, ranges and every syntax error. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <tessera/hook.h>

#define CAP 64

static struct thook_asm as;
static struct thook_insn out[CAP];

static int
assemble(const char *text, struct thook_diag *d)
{
	memset(out, 0xa5, sizeof(out));
	return thook_asm(&as, text, strlen(text), out, CAP, d);
}

static void
expect(const struct thook_insn *in, uint8_t code, uint8_t regs, int16_t off,
       int32_t imm)
{
	assert_int_equal(in->code, code);
	assert_int_equal(in->regs, regs);
	assert_int_equal(in->off, off);
	assert_int_equal(in->imm, imm);
}

static void
test_thook_asm__encodes_each_shape(void **state)
{
	struct thook_diag d;

	(void)state;
	assert_int_equal(assemble("mov %r0, 1\n"
				  "add32 %r1, %r2\n"
				  "sdiv r3, -4\n"
				  "movsx1664 %r4, %r5\n"
				  "neg64 %r6\n"
				  "be32 %r7\n"
				  "swap16 %r8\n"
				  "ldxw %r0, [%r1+4]\n"
				  "stb [%r10-1], 0x11\n"
				  "stxdw [%r10-8], %r9\n"
				  "lock fetch add32 [%r10-4], %r1\n"
				  "lddw %r2, 0x1122334455667788\n"
				  "jeq %r1, 42, +1\n"
				  "jne32 %r1, %r2, -1\n"
				  "ja32 +0\n"
				  "call 5\n"
				  "call helper 6\n"
				  "exit\n",
				  &d),
			 19);
	expect(&out[0], 0xb7, 0x00, 0, 1);
	expect(&out[1], 0x0c, 0x21, 0, 0);
	expect(&out[2], 0x37, 0x03, 1, -4);
	expect(&out[3], 0xbf, 0x54, 16, 0);
	expect(&out[4], 0x87, 0x06, 0, 0);
	expect(&out[5], 0xdc, 0x07, 0, 32);
	expect(&out[6], 0xd7, 0x08, 0, 16);
	expect(&out[7], 0x61, 0x10, 4, 0);
	expect(&out[8], 0x72, 0x0a, -1, 0x11);
	expect(&out[9], 0x7b, 0x9a, -8, 0);
	expect(&out[10], 0xc3, 0x1a, -4, 0x01);
	expect(&out[11], 0x18, 0x02, 0, 0x55667788);
	expect(&out[12], 0x00, 0x00, 0, 0x11223344);
	expect(&out[13], 0x15, 0x01, 1, 42);
	expect(&out[14], 0x5e, 0x21, -1, 0);
	expect(&out[15], 0x06, 0x00, 0, 0);
	expect(&out[16], 0x85, 0x00, 0, 5);
	expect(&out[17], 0x85, 0x00, 0, 6);
	expect(&out[18], 0x95, 0x00, 0, 0);
}

static void
test_thook_asm__labels_and_implicit_exit(void **state)
{
	struct thook_diag d;

	(void)state;
	assert_int_equal(assemble("  # leading comment\n"
				  "start:\n"
				  "jeq %r1, 0, done   # forward\n"
				  "lddw %r0, 1\n"
				  "ja exit\n"
				  "call local start\n"
				  "done:\n"
				  "exit\n"
				  "mov %r0, 1\n"
				  "ja done",
				  &d),
			 8);
	assert_int_equal(out[0].off, 4); /* over lddw (2 slots), ja, call */
	assert_int_equal(out[3].off, 1); /* exit is the first exit */
	assert_int_equal(out[4].imm, -5);
	assert_int_equal(out[4].regs, 0x10);
	assert_int_equal(out[7].off, -3);
	/* An explicit label named exit wins over the first exit. */
	assert_int_equal(assemble("ja exit\nexit\nexit:\nexit", &d), 3);
	assert_int_equal(out[0].off, 1);
}

static void
test_thook_asm__immediate_ranges(void **state)
{
	struct thook_diag d;

	(void)state;
	assert_int_equal(assemble("mov32 %r0, 2147483647\nexit", &d), 2);
	assert_int_equal(assemble("mov32 %r0, -2147483648\nexit", &d), 2);
	assert_int_equal(out[0].imm, INT32_MIN);
	assert_int_equal(assemble("mov32 %r0, 0xffffffff\nexit", &d), 2);
	assert_int_equal(out[0].imm, -1);
	assert_int_equal(assemble("mov32 %r0, 2147483648\nexit", &d),
			 -THOOK_ESYNTAX);
	assert_int_equal(assemble("mov32 %r0, 0x100000000\nexit", &d),
			 -THOOK_ESYNTAX);
	assert_int_equal(assemble("mov32 %r0, -2147483649\nexit", &d),
			 -THOOK_ESYNTAX);
	assert_int_equal(assemble("lddw %r0, -1\nexit", &d), 3);
	assert_int_equal(out[1].imm, -1);
	assert_int_equal(assemble("lddw %r0, 0x1ffffffffffffffff\nexit", &d),
			 -THOOK_ESYNTAX);
	assert_int_equal(assemble("ldxb %r0, [%r1+0x7fff]\nexit", &d), 2);
	assert_int_equal(assemble("ldxb %r0, [%r1+70000]\nexit", &d),
			 -THOOK_ESYNTAX);
	assert_int_equal(assemble("mov %r0, 0X1F\nexit", &d), 2);
	assert_int_equal(out[0].imm, 31);
	assert_int_equal(assemble("mov %r0, +5\nexit", &d), 2);
}

struct bad {
	const char *text;
	uint32_t line;
	const char *why;
};

static const struct bad bad[] = {
	{"or %r0, %r50\nexit", 1, "Invalid register"},
	{"or %r0, %r11\nexit", 1, "Invalid register"},
	{"or %r0, %x1\nexit", 1, "Invalid register"},
	{"exit\nfoo %r0\n", 2, "Invalid mnemonic"},
	{"add6 %r0, 1\nexit", 1, "Invalid mnemonic"},
	{"jeq64 %r0, 1, +1\nexit\nexit", 1, "Invalid mnemonic"},
	{"ldxb %r0, %r1\nexit", 1, "memory operand"},
	{"ldxb %r0, [%r1+2\nexit", 1, "unterminated"},
	{"ldxb %r0, [%r1+z]\nexit", 1, "invalid memory offset"},
	{"lddw %r0\nexit", 1, "Invalid number of operands"},
	{"exit %r0", 1, "Invalid number of operands"},
	{"lock or [%r10-8]\nexit", 1,
	 "Invalid number of operands for 'lock or'"},
	{"lock\nexit", 1, "Invalid number of operands for lock"},
	{"lock sub [%r10-8], %r1\nexit", 1, "unknown atomic"},
	{"ja nowhere\nexit", 1, "Invalid label"},
	{"ja +40000\nexit", 1, "invalid jump offset"},
	{"a:\na:\nexit", 2, "duplicate label"},
	{"bad label:\nexit", 1, "invalid label"},
	{":\nexit", 1, "invalid label"},
	{"mov %r0, 1, 2, 3, 4\nexit", 1, "too many operands"},
	{"mov %r0,\nexit", 1, "missing operand"},
	{"mov %r0, , 1\nexit", 1, "empty operand"},
	{"mov %r0, zz\nexit", 1, "invalid 32-bit immediate"},
	{"movsx864 %r0, 1\nexit", 1, "needs a register source"},
	{"lddw %r0, zz\nexit", 1, "invalid 64-bit immediate"},
	{"+ %r0\nexit", 1, "expected a mnemonic"},
	{"mov %r0, -\nexit", 1, "invalid 32-bit immediate"},
	{"mov %r0, 0x\nexit", 1, "invalid 32-bit immediate"},
	{"mov %r0, 99999999999999999999\nexit", 1, "invalid 32-bit"},
	{"abcdefghijklmnopqrstuvwxyzabcdefgh %r0\nexit", 1, "unknown mnemonic"},
};

static void
test_thook_asm__reports_syntax_errors(void **state)
{
	struct thook_diag d;

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		memset(&d, 0, sizeof(d));
		if (assemble(bad[k].text, &d) != -THOOK_ESYNTAX)
			fail_msg("case %zu: '%s' assembled", k, bad[k].text);
		assert_int_equal(d.line, bad[k].line);
		if (strstr(d.msg, bad[k].why) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", k, d.msg,
				 bad[k].why);
	}
	/* Without a diag the verdict is the same. */
	assert_int_equal(thook_asm(&as, "foo", 3, out, CAP, NULL),
			 -THOOK_ESYNTAX);
}

static void
test_thook_asm__long_line_and_limits(void **state)
{
	char text[400];
	struct thook_diag d;

	(void)state;
	memset(text, ' ', sizeof(text));
	memcpy(text + 350, "exit", 4);
	assert_int_equal(thook_asm(&as, text, 354, out, CAP, &d),
			 -THOOK_ESYNTAX);
	assert_non_null(strstr(d.msg, "line too long"));
	assert_int_equal(thook_asm(&as, "exit\nexit", 9, out, 1, &d),
			 -THOOK_ENOSPC);
	assert_int_equal(thook_asm(&as, "lddw %r0, 1", 11, out, 1, &d),
			 -THOOK_ENOSPC);
	assert_int_equal(thook_asm(&as, "", 0, out, CAP, &d), 0);
	assert_int_equal(thook_asm(&as, "# only\n\n", 8, out, CAP, &d), 0);
	/* A NUL ends the line like a comment. */
	assert_int_equal(thook_asm(&as, "exit\0junk", 9, out, CAP, &d), 1);
}

static void
test_thook_asm__label_table_full(void **state)
{
	static char text[THOOK_ASM_MAX_LABELS * 8 + 16];
	struct thook_diag d;
	size_t len = 0;

	(void)state;
	for (unsigned k = 0; k <= THOOK_ASM_MAX_LABELS; k++) {
		text[len++] = 'l';
		text[len++] = (char)('a' + k / 26 / 26 % 26);
		text[len++] = (char)('a' + k / 26 % 26);
		text[len++] = (char)('a' + k % 26);
		text[len++] = ':';
		text[len++] = '\n';
	}
	memcpy(text + len, "exit", 4);
	len += 4;
	assert_int_equal(thook_asm(&as, text, len, out, CAP, &d),
			 -THOOK_ENOSPC);
}

static void
test_thook_asm__bad_arguments(void **state)
{
	(void)state;
	assert_int_equal(thook_asm(NULL, "exit", 4, out, CAP, NULL),
			 -THOOK_EINVAL);
	assert_int_equal(thook_asm(&as, NULL, 4, out, CAP, NULL),
			 -THOOK_EINVAL);
	assert_int_equal(thook_asm(&as, "exit", 4, NULL, CAP, NULL),
			 -THOOK_EINVAL);
}

static void
test_thook_asm__callx_is_encoded_then_refused(void **state)
{
	struct thook_diag d;

	(void)state;
	assert_int_equal(assemble("call %r2\nexit", &d), 2);
	expect(&out[0], 0x8d, 0x02, 0, 0);
	assert_int_equal(thook_validate(out, 2, &d), -THOOK_ENOEXEC);
	assert_int_equal(assemble("call %r22\nexit", &d), -THOOK_ESYNTAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook_asm__encodes_each_shape),
		cmocka_unit_test(test_thook_asm__labels_and_implicit_exit),
		cmocka_unit_test(test_thook_asm__immediate_ranges),
		cmocka_unit_test(test_thook_asm__reports_syntax_errors),
		cmocka_unit_test(test_thook_asm__long_line_and_limits),
		cmocka_unit_test(test_thook_asm__label_table_full),
		cmocka_unit_test(test_thook_asm__bad_arguments),
		cmocka_unit_test(test_thook_asm__callx_is_encoded_then_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
