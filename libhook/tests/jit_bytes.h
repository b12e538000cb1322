/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test support for the byte-level tests of the code generators: assemble
 * a program, compile it for one architecture (on any host) and look for
 * an expected instruction sequence in the code.
 */
#ifndef THOOK_TEST_JIT_BYTES_H
#define THOOK_TEST_JIT_BYTES_H

#include <stdio.h>
#include <string.h>

#include <tessera/hook.h>

struct bytes_case {
	const char *text;   /* program */
	uint8_t expect[24]; /* bytes that must appear in the code */
	size_t len;	    /* bytes in expect */
};

/* Whether code[0, n) contains pat[0, len). */
static inline int
contains(const uint8_t *code, size_t n, const uint8_t *pat, size_t len)
{
	for (size_t i = 0; i + len <= n; i++)
		if (memcmp(code + i, pat, len) == 0)
			return 1;
	return 0;
}

/* Compile c->text for arch; fail naming the case when c->expect is absent. */
static inline void
check_bytes(unsigned arch, const struct bytes_case *c)
{
	static struct thook_asm as;
	static struct thook_insn insns[64];
	static struct thook_op ops[64];
	static uint8_t buf[4096] __attribute__((aligned(16)));
	struct thook_diag d;
	struct thook_prog prog;
	struct thook_jit j;
	int n = thook_asm(&as, c->text, strlen(c->text), insns, 64, &d);

	assert_true(n > 0);
	assert_int_equal(thook_prog_load(&prog, ops, 64, insns, (uint32_t)n,
					 NULL, 0, &d),
			 0);
	assert_int_equal(thook_jit_compile(&prog, arch, buf, sizeof(buf), &j),
			 0);
	if (!contains(buf + j.entry, j.size - j.entry, c->expect, c->len)) {
		for (size_t i = j.entry; i < j.size; i++)
			printf("%02x%s", buf[i],
			       (i - j.entry) % 16 == 15 ? "\n" : " ");
		fail_msg("%s: expected bytes not found", c->text);
	}
}

#endif /* THOOK_TEST_JIT_BYTES_H */
