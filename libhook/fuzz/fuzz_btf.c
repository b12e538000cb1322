/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BTF fuzz target: the input is a `.BTF` section.  Properties: opening and
 * reading map definitions never crashes or reads outside the input (copied
 * to a buffer of exactly its size, so ASan sees any overread), and reading
 * the same definition twice gives the same answer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/hook_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"flows", "total", "m", ""};
	uint8_t *buf = malloc(size > 0 ? size : 1);
	struct thook__btf b;
	struct thook_diag d;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	if (thook__btf_open(&b, buf, size, &d) == 0) {
		for (unsigned k = 0; k < 4; k++) {
			struct thook_elf_map m1, m2;
			int e1 = thook__btf_map(&b, names[k], &m1, &d);
			int e2 = thook__btf_map(&b, names[k], &m2, NULL);

			if (e1 != e2 ||
			    (e1 == 0 && (m1.type != m2.type ||
					 m1.key_size != m2.key_size ||
					 m1.value_size != m2.value_size ||
					 m1.max_entries != m2.max_entries ||
					 m1.flags != m2.flags)))
				__builtin_trap();
		}
	}
	free(buf);
	return 0;
}
