/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF loader fuzz target.  Properties: never crashes or reads outside the
 * image (the image is copied to a buffer of exactly its size, so ASan
 * sees any overread); a loaded program has the reported slot count within
 * the caller's capacity, and the map listing is consistent between its
 * counting and copying forms.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tessera/hook.h>

#define CAP 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct thook_insn insns[CAP];
static struct thook_elf_map maps[8];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"counts", "m", "flows"};
	struct thook_elf_prog info;
	struct thook_diag d;
	uint8_t *img = malloc(size > 0 ? size : 1);
	int n, c;

	if (img == NULL)
		return 0;
	memcpy(img, data, size);
	if (thook_elf_load(img, size, NULL, names, 3, insns, CAP, &info, &d) ==
	    0) {
		if (info.n == 0 || info.n > CAP || info.text_base > info.n)
			__builtin_trap();
		(void)thook_validate(insns, info.n, &d);
	}
	(void)thook_elf_load(img, size, "syscall_enter", names, 3, insns, CAP,
			     &info, &d);
	c = thook_elf_maps(img, size, NULL, 0, &d);
	n = thook_elf_maps(img, size, maps, 8, &d);
	if (c >= 0 && c <= 8 && n != c)
		__builtin_trap();
	free(img);
	return 0;
}
