/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test support: compile a loaded program for the build's own
 * architecture, map it executable and run it through thook_jit_run().
 * Tests only: the library itself never maps memory.
 */
#ifndef THOOK_TEST_JIT_NATIVE_H
#define THOOK_TEST_JIT_NATIVE_H

#include <string.h>
#include <sys/mman.h>

#include <tessera/hook.h>

/* Whether this build can run its own JIT's code. */
#define JIT_NATIVE (THOOK_JIT_HOST != 0)

/* Result of a JIT run, or JIT_NATIVE_SETUP when it could not be set up. */
#define JIT_NATIVE_SETUP (-1000)

static inline int
jit_native_run(const struct thook_prog *prog, struct thook_exec *x,
	       uint64_t *r0)
{
#if THOOK_JIT_HOST != 0
	struct thook_jit j;
	thook_jit_fn fn;
	size_t size, len;
	void *m, *entry;
	int err;

	if (thook_jit_size(prog, THOOK_JIT_HOST, &size) != 0)
		return JIT_NATIVE_SETUP;
	len = (size + 4095) & ~(size_t)4095;
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (m == MAP_FAILED)
		return JIT_NATIVE_SETUP;
	if (thook_jit_compile(prog, THOOK_JIT_HOST, m, size, &j) != 0 ||
	    j.size != size || mprotect(m, len, PROT_READ | PROT_EXEC) != 0) {
		munmap(m, len);
		return JIT_NATIVE_SETUP;
	}
	__builtin___clear_cache((char *)m, (char *)m + size);
	entry = (char *)m + j.entry;
	memcpy(&fn, &entry, sizeof(fn));
	err = thook_jit_run(fn, x, r0);
	munmap(m, len);
	return err;
#else
	(void)prog, (void)x, (void)r0;
	return JIT_NATIVE_SETUP;
#endif
}

#endif /* THOOK_TEST_JIT_NATIVE_H */
