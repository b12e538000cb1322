/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Assembler fuzz target.  Properties: never crashes or reads outside the
 * text; a text that assembles disassembles, instruction by instruction,
 * to a listing that assembles back to the same instructions.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tessera/hook.h>

#define CAP 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct thook_asm as;
static struct thook_insn a[CAP], b[CAP];
static char listing[CAP * THOOK_DISASM_LEN];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct thook_diag d;
	size_t len = 0;
	int n, m, slots;

	n = thook_asm(&as, (const char *)data, size, a, CAP, &d);
	if (n <= 0)
		return 0;
	for (int i = 0; i < n; i += slots) {
		char line[THOOK_DISASM_LEN];

		slots = thook_disasm(a, (uint32_t)n, (uint32_t)i, line,
				     sizeof(line));
		if (slots < 0) {
			/* Only malformed encodings are listed raw. */
			if (slots != -THOOK_ENOEXEC ||
			    thook_validate(a, (uint32_t)n, NULL) == 0)
				__builtin_trap();
			return 0;
		}
		memcpy(listing + len, line, strlen(line));
		len += strlen(line);
		listing[len++] = '\n';
	}
	m = thook_asm(&as, listing, len, b, CAP, &d);
	if (m != n || memcmp(a, b, sizeof(a[0]) * (size_t)n) != 0)
		__builtin_trap();
	return 0;
}
