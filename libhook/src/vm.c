/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loading (validate, pre-decode, resolve helpers) and running programs.
 * Arithmetic follows RFC 9669 section 4: division by zero gives 0, modulo
 * by zero leaves the dividend, signed division of the most negative value
 * by -1 wraps, shift counts are masked to the operand width.
 */
#include "hook_impl.h"

static inline uint64_t
sdiv64(uint64_t a, uint64_t b)
{
	if (b == 0)
		return 0;
	if ((int64_t)b == -1)
		return (uint64_t)0 - a; /* INT64_MIN / -1 wraps */
	return (uint64_t)((int64_t)a / (int64_t)b);
}

static inline uint32_t
sdiv32(uint32_t a, uint32_t b)
{
	if (b == 0)
		return 0;
	if ((int32_t)b == -1)
		return (uint32_t)0 - a;
	return (uint32_t)((int32_t)a / (int32_t)b);
}

static inline uint64_t
smod64(uint64_t a, uint64_t b)
{
	if (b == 0)
		return a;
	if ((int64_t)b == -1)
		return 0;
	return (uint64_t)((int64_t)a % (int64_t)b);
}

static inline uint32_t
smod32(uint32_t a, uint32_t b)
{
	if (b == 0)
		return a;
	if ((int32_t)b == -1)
		return 0;
	return (uint32_t)((int32_t)a % (int32_t)b);
}

static inline uint64_t
arsh64(uint64_t a, uint64_t b)
{
	unsigned s = (unsigned)(b & 63);

	/* Shift the complement to stay clear of implementation-defined >>. */
	if ((int64_t)a < 0)
		return ~(~a >> s);
	return a >> s;
}

static inline uint32_t
arsh32(uint32_t a, uint32_t b)
{
	unsigned s = b & 31;

	if ((int32_t)a < 0)
		return ~(~a >> s);
	return a >> s;
}

/* Whether [a, a + size) lies in the stack or in a region allowing need. */
static bool
mem_ok(const struct thook_exec *x, uint64_t a, uint64_t size, uint32_t need)
{
	uint64_t lo = (uint64_t)(uintptr_t)x->stack;

	if (a >= lo && size <= x->stack_size && a - lo <= x->stack_size - size)
		return true;
	for (uint32_t k = 0; k < x->nregions; k++) {
		const struct thook_region *r = &x->regions[k];

		if ((r->flags & need) == need && a >= r->base &&
		    size <= r->len && a - r->base <= r->len - size)
			return true;
	}
	return false;
}

#define VM_NAME	   vm_run_fast
#define VM_CHECKED 0
#include "vm_loop.h"
#undef VM_NAME
#undef VM_CHECKED

#define VM_NAME	   vm_run_checked
#define VM_CHECKED 1
#include "vm_loop.h"
#undef VM_NAME
#undef VM_CHECKED

int
thook_run(const struct thook_prog *prog, struct thook_exec *x, uint64_t *r0)
{
	return vm_run_fast(prog, x, r0);
}

int
thook_run_checked(const struct thook_prog *prog, struct thook_exec *x,
		  uint64_t *r0)
{
	return vm_run_checked(prog, x, r0);
}

static const struct thook_helper *
find_helper(const struct thook_helper *helpers, uint32_t nhelpers, uint64_t id)
{
	for (uint32_t k = 0; k < nhelpers; k++)
		if (helpers[k].id == id && helpers[k].fn != NULL)
			return &helpers[k];
	return NULL;
}

int
thook_prog_load(struct thook_prog *prog, struct thook_op *ops, uint32_t cap,
		const struct thook_insn *insns, uint32_t n,
		const struct thook_helper *helpers, uint32_t nhelpers,
		struct thook_diag *diag)
{
	const struct thook_helper *h;
	const char *why;
	uint32_t i;
	int err, len;

	if (prog == NULL || ops == NULL || (helpers == NULL && nhelpers > 0))
		return -THOOK_EINVAL;
	if ((err = thook_validate(insns, n, diag)) != 0)
		return err;
	if (cap < THOOK_PROG_OPS(n))
		return -THOOK_ENOSPC;
	for (i = 0; i < n; i += (uint32_t)len) {
		len = thook__decode(insns, n, i, true, &ops[i], &why);
		THOOK_ASSERT(len > 0);
		if (len == 2) {
			/* The second slot of lddw is never reached. */
			THOOK_MEMSET(&ops[i + 1], 0, sizeof(ops[i + 1]));
			ops[i + 1].kind = K_EXIT;
		}
		if (ops[i].kind == K_LDDW && ops[i].src != 0) {
			thook__diag_insn(
				diag, insns, n, i,
				"map reference needs thook_hook_load()");
			return -THOOK_ENOEXEC;
		}
		if (ops[i].kind != K_CALL)
			continue;
		h = find_helper(helpers, nhelpers, ops[i].imm);
		if (h == NULL) {
			thook__diag_insn(diag, insns, n, i, "unknown helper");
			return -THOOK_ENOENT;
		}
		ops[i].fn = h->fn;
		ops[i].flags = (uint8_t)h->flags;
	}
	prog->ops = ops;
	prog->n = n;
	return 0;
}

const char *
thook_strerror(int err)
{
	static const char *const names[] = {
		[0] = "success",
		[THOOK_EINVAL] = "invalid argument",
		[THOOK_ENOSPC] = "not enough caller storage",
		[THOOK_ENOENT] = "no such helper or label",
		[THOOK_EEXIST] = "already exists",
		[THOOK_EPERM] = "operation not permitted",
		[THOOK_EAGAIN] = "try again",
		[THOOK_ERANGE] = "value out of range",
		[THOOK_EBUSY] = "busy",
		[THOOK_EBADF] = "bad object",
		[THOOK_EFAULT] = "memory access outside the allowed memory",
		[THOOK_ENOEXEC] = "malformed program",
		[THOOK_ESYNTAX] = "assembler syntax error",
		[THOOK_ELIMIT] = "instruction budget exhausted",
		[THOOK_EDEPTH] = "local calls nested too deep",
	};
	unsigned e = err < 0 ? (unsigned)-(int64_t)err : (unsigned)err;

	if (e < sizeof(names) / sizeof(names[0]) && names[e] != NULL)
		return names[e];
	return "unknown error";
}
