/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reader of bpf_conformance test files (.data): sections "-- asm",
 * "-- mem", "-- raw", "-- result" and "-- error"; "#" starts a comment.
 * Host code, used by thook and the conformance test.
 */
#ifndef THOOK_TOOLS_DATAFILE_H
#define THOOK_TOOLS_DATAFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tessera/hook.h>

struct datafile {
	char *asm_text; /* the asm section, comments kept (the assembler
			   strips them) */
	size_t asm_len;
	uint8_t *mem; /* input memory, NULL when absent */
	size_t mem_len;
	struct thook_insn *raw; /* pre-encoded instructions, NULL if none */
	uint32_t raw_n;
	bool has_result;
	uint64_t result;
	bool has_error;
	char error[256];
};

/* Read a file; 0, or -1 with errno-style reason printed to stderr. */
int datafile_load(const char *path, struct datafile *df);
void datafile_free(struct datafile *df);

/* Decode hex bytes ("aa bb", "aa  bb", "aabb"); -1 on junk. */
long hex_decode(const char *s, uint8_t *out, size_t cap);

/* Instructions from little-endian bytes. */
void insns_from_bytes(const uint8_t *b, size_t n, struct thook_insn *out);

#endif
