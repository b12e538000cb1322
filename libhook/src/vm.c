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

/*
 * Three loops from one source: unchecked without a budget (direct
 * threading through thook_op::h, fused pairs), unchecked counting a
 * budget, and checked (every access against the stack and the regions).
 */
#define VM_NAME	   vm_run_fused
#define VM_CHECKED 0
#define VM_BUDGET  0
#define VM_FUSED   1
#include "vm_loop.h"
#undef VM_NAME
#undef VM_CHECKED
#undef VM_BUDGET
#undef VM_FUSED

#define VM_NAME	   vm_run_fast
#define VM_CHECKED 0
#define VM_BUDGET  1
#define VM_FUSED   0
#include "vm_loop.h"
#undef VM_NAME
#undef VM_CHECKED
#undef VM_BUDGET
#undef VM_FUSED

#define VM_NAME	   vm_run_checked
#define VM_CHECKED 1
#define VM_BUDGET  1
#define VM_FUSED   0
#include "vm_loop.h"
#undef VM_NAME
#undef VM_CHECKED
#undef VM_BUDGET
#undef VM_FUSED

int
thook_run(const struct thook_prog *prog, struct thook_exec *x, uint64_t *r0)
{
	if (x != NULL && x->budget == 0)
		return vm_run_fused(prog, x, r0, NULL);
	return vm_run_fast(prog, x, r0);
}

/*
 * The 16-bit value clang builds from two byte loads, at slots a[0..3]
 * (*len 4), or a's own kind.  rA != rB makes the or's operands the two bytes.
 */
static unsigned
fuse16(const struct thook_op *a, uint32_t *len)
{
	if (a[0].kind != K_LDXB || a[3].kind != K_OR64_X)
		return a->kind;
	if (a[1].kind == K_LDXB && a[2].kind == K_LSH64_K && a[2].imm == 8 &&
	    a[2].dst == a[1].dst && a[3].dst == a[1].dst &&
	    a[3].src == a[0].dst && a[0].dst != a[1].dst) {
		*len = 4;
		return X_LD16_LLSO;
	}
	if (a[1].kind == K_LSH64_K && a[1].imm == 8 && a[1].dst == a[0].dst &&
	    a[2].kind == K_LDXB && a[3].dst == a[0].dst &&
	    a[3].src == a[2].dst && a[0].dst != a[2].dst) {
		*len = 4;
		return X_LD16_LSLO;
	}
	return a->kind;
}

/* mov; mov; j<cond> 64-bit at a[0..2] (*len 3), or a's own kind. */
static unsigned
fuse_mov2_j(const struct thook_op *a, uint32_t *len)
{
	unsigned k = a[2].kind;

	if (a[0].kind != K_MOV64_X || a[1].kind != K_MOV64_X || k < K_JEQ64_K ||
	    k > K_JSLE32_X || (k & 2) != 0)
		return a->kind;
	*len = 3;
	/* K_J<c>64_K, K_J<c>64_X -> X_MOV2_J<c>_K, X_MOV2_J<c>_X */
	return X_MOV2_JEQ_K + ((k - K_JEQ64_K) >> 2) * 2 + (k & 1);
}

/* The pair kind for slots a and b (b directly after a), or a's own kind. */
static unsigned
fuse(const struct thook_op *a, const struct thook_op *b)
{
	static const uint8_t mov3[] = {
		[K_ADD64_K] = X_MOV_ADD_K, [K_ADD64_X] = X_MOV_ADD_X,
		[K_SUB64_K] = X_MOV_SUB_K, [K_SUB64_X] = X_MOV_SUB_X,
		[K_MUL64_K] = X_MOV_MUL_K, [K_MUL64_X] = X_MOV_MUL_X,
		[K_OR64_K] = X_MOV_OR_K,   [K_OR64_X] = X_MOV_OR_X,
		[K_AND64_K] = X_MOV_AND_K, [K_AND64_X] = X_MOV_AND_X,
		[K_LSH64_K] = X_MOV_LSH_K, [K_LSH64_X] = X_MOV_LSH_X,
		[K_RSH64_K] = X_MOV_RSH_K, [K_RSH64_X] = X_MOV_RSH_X,
		[K_XOR64_K] = X_MOV_XOR_K, [K_XOR64_X] = X_MOV_XOR_X,
	};
	unsigned ak = a->kind, bk = b->kind;

	switch (ak) {
	case K_MOV64_X:
		if (bk == K_MOV64_X)
			return X_MOV2;
		/* rD = rA op rB reads rB before rD changes: rB is not rD */
		if (bk < sizeof(mov3) && mov3[bk] != 0 && b->dst == a->dst &&
		    ((bk & 1) == 0 || b->src != a->dst))
			return mov3[bk];
		break;
	case K_MOV64_K:
		if (bk == K_MOV64_K)
			return X_MOVK2;
		if (bk == K_JEQ64_K)
			return X_MOVK_JEQ;
		if (bk == K_JNE64_K)
			return X_MOVK_JNE;
		if (bk == K_EXIT)
			return X_MOVK_EXIT;
		break;
	case K_LSH64_K:
		if (bk == K_OR64_X && b->dst == a->dst && b->src != a->dst)
			return X_LSH_OR;
		break;
	case K_AND64_K:
		if ((bk == K_JEQ64_K || bk == K_JNE64_K) && b->dst == a->dst)
			return bk == K_JEQ64_K ? X_AND_JEQ : X_AND_JNE;
		break;
	case K_LDXB:
	case K_LDXH:
	case K_LDXW:
	case K_LDXDW:
		if (bk == ak)
			return X_LDXB2 + (ak - K_LDXB);
		if (bk == K_ADD64_X && b->src == a->dst && b->dst != a->dst)
			return X_LDXB_ADD + (ak - K_LDXB);
		if (bk == K_JEQ64_K && b->dst == a->dst)
			return X_LDXB_JEQ + (ak - K_LDXB);
		if (bk == K_JNE64_K && b->dst == a->dst)
			return X_LDXB_JNE + (ak - K_LDXB);
		break;
	case K_ADD64_K:
		if (bk == K_JA)
			return X_ADDK_JA;
		break;
	default:
		break;
	}
	return ak;
}

static bool
is_jump(unsigned k)
{
	return (k >= K_JEQ64_K && k <= K_JSLE32_X) || k == K_JA ||
	       k == K_JA32 || k == K_CALL_LOCAL;
}

void
thook__prog_finish(struct thook_op *ops, uint32_t n)
{
	const void *const *h;
	uint32_t i, len;

	(void)vm_run_fused(NULL, NULL, NULL, &h);
	/* Jump targets as pointers; h marks the slots jumped to. */
	for (i = 0; i < n; i++)
		ops[i].h = NULL;
	for (i = 0; i < n; i++) {
		if (!is_jump(ops[i].kind))
			continue;
		ops[i].to = &ops[ops[i].off];
		ops[ops[i].off].h = ops;
		if (ops[i].kind == K_CALL_LOCAL && i + 1 < n)
			ops[i + 1].h = ops; /* the return lands here */
	}
	for (i = 0; i < n; i += len) {
		uint32_t clear = 1, j;
		unsigned k = ops[i].kind;

		/* Slots after the first of a group must not be jump targets. */
		while (clear < 4 && i + clear < n && ops[i + clear].h == NULL)
			clear++;
		len = 1;
		if (clear == 4)
			k = fuse16(&ops[i], &len);
		if (len == 1 && clear >= 3)
			k = fuse_mov2_j(&ops[i], &len);
		if (len == 1 && clear >= 2) {
			k = fuse(&ops[i], &ops[i + 1]);
			len = k != ops[i].kind ? 2 : 1;
		}
		ops[i].h = h[k];
		/* the rest of a group keep their own handlers (never run) */
		for (j = 1; j < len; j++)
			ops[i + j].h = h[ops[i + j].kind];
	}
}

unsigned
thook__op_xkind(const struct thook_op *op)
{
	const void *const *h;

	(void)vm_run_fused(NULL, NULL, NULL, &h);
	for (unsigned k = K_NKINDS; k < X_NKINDS; k++)
		if (op->h == h[k])
			return k;
	return op->kind;
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
	thook__prog_finish(ops, n);
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
