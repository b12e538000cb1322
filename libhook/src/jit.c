/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The JIT front: buffer layout (offset table, then code), the passes, and
 * the call wrapper.  The code generators are jit_x86_64.c and jit_arm64.c.
 */
#include "jit_impl.h"

#if UINTPTR_MAX == UINT64_MAX
_Static_assert(__builtin_offsetof(struct thook_exec, stack) == XO_STACK,
	       "struct thook_exec layout");
_Static_assert(__builtin_offsetof(struct thook_exec, stack_size) ==
		       XO_STACK_SIZE,
	       "struct thook_exec layout");
_Static_assert(__builtin_offsetof(struct thook_exec, helper_env) ==
		       XO_HELPER_ENV,
	       "struct thook_exec layout");
_Static_assert(__builtin_offsetof(struct thook_exec, fault_pc) == XO_FAULT_PC,
	       "struct thook_exec layout");
#endif

/* Bytes of the offset table, rounded up so the code is 16-byte aligned. */
static size_t
table_bytes(uint32_t n)
{
	return (((size_t)n + 1) * 4 + 15) & ~(size_t)15;
}

static bool
generate(const struct thook_prog *prog, unsigned arch, struct thook_jit_emit *e)
{
	if (arch == THOOK_JIT_X86_64)
		thook__jit_x86_64(prog, e);
	else if (arch == THOOK_JIT_ARM64)
		thook__jit_arm64(prog, e);
	else
		return false;
	return true;
}

int
thook_jit_size(const struct thook_prog *prog, unsigned arch, size_t *size)
{
	struct thook_jit_emit e = {0};

	if (prog == NULL || prog->ops == NULL || size == NULL ||
	    !generate(prog, arch, &e))
		return -THOOK_EINVAL;
	*size = table_bytes(prog->n) + e.len;
	return 0;
}

int
thook_jit_compile(const struct thook_prog *prog, unsigned arch, void *buf,
		  size_t cap, struct thook_jit *out)
{
	struct thook_jit_emit e = {0};
	size_t table, need;
	int err;

	if (buf == NULL || out == NULL || ((uintptr_t)buf & 3) != 0)
		return -THOOK_EINVAL;
	if ((err = thook_jit_size(prog, arch, &need)) != 0)
		return err;
	if (cap < need)
		return -THOOK_ENOSPC;
	table = table_bytes(prog->n);
	/* Pass 1: where every slot starts.  Pass 2: the code. */
	e.offs = (uint32_t *)buf;
	(void)generate(prog, arch, &e);
	e.code = (uint8_t *)buf + table;
	(void)generate(prog, arch, &e);
	out->entry = table;
	out->size = table + e.len;
	return 0;
}

int
thook_jit_run(thook_jit_fn fn, struct thook_exec *x, uint64_t *r0)
{
	if (fn == NULL || x == NULL || r0 == NULL || x->stack == NULL ||
	    x->stack_size < THOOK_STACK_BYTES)
		return -THOOK_EINVAL;
	x->fault_pc = 0;
	x->fault_addr = 0;
	return fn(x, r0);
}
