/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The interpreter loop, included twice by vm.c: once as vm_run_fast
 * (VM_CHECKED 0) and once as vm_run_checked (VM_CHECKED 1), so that the
 * unchecked loop carries no trace of the checks.  This is the one long
 * function of the library: a threaded-dispatch loop, one label per kind.
 *
 * Expects VM_NAME and VM_CHECKED to be defined.
 */

#define R(n) reg[(n)]
#define DST  R(op->dst)
#define SRC  R(op->src)
/* The current instruction is a pointer (op); its index is op - ops. */
#define PC ((uint32_t)(op - ops))
#if VM_FUSED
/* Direct threading: each op holds its handler's address. */
#define DISPATCH goto * op->h
#else
#define DISPATCH goto *labels[op->kind]
#endif
#define NEXT              \
	do {              \
		op++;     \
		DISPATCH; \
	} while (0)
#if VM_BUDGET
/* Backward jumps (and jumps to themselves) spend budget. */
#define JUMP                                                \
	do {                                                \
		const struct thook_op *to_ = ops + op->off; \
		if (to_ <= op && --left == 0)               \
			goto limit;                         \
		op = to_;                                   \
		DISPATCH;                                   \
	} while (0)
#else
#define JUMP                 \
	do {                 \
		op = op->to; \
		DISPATCH;    \
	} while (0)
#endif

#if VM_CHECKED
#define ACCESS(addr, size, need)                          \
	do {                                              \
		if (!mem_ok(x, (addr), (size), (need))) { \
			x->fault_addr = (addr);           \
			goto fault;                       \
		}                                         \
	} while (0)
#define ATOMIC_ACCESS(addr, size)                                      \
	do {                                                           \
		if (((addr) & ((size)-1u)) != 0 ||                     \
		    !mem_ok(x, (addr), (size),                         \
			    THOOK_REGION_READ | THOOK_REGION_WRITE)) { \
			x->fault_addr = (addr);                        \
			goto fault;                                    \
		}                                                      \
	} while (0)
#else
#define ACCESS(addr, size, need)  ((void)0)
#define ATOMIC_ACCESS(addr, size) ((void)0)
#endif

#define LOAD(T, addr)                                                          \
	__extension__({                                                        \
		T v_;                                                          \
		ACCESS((addr), sizeof(T), THOOK_REGION_READ);                  \
		THOOK_MEMCPY(&v_, (const void *)(uintptr_t)(addr), sizeof(T)); \
		v_;                                                            \
	})
#define STORE(T, addr, val)                                              \
	do {                                                             \
		T v_ = (T)(val);                                         \
		ACCESS((addr), sizeof(T), THOOK_REGION_WRITE);           \
		THOOK_MEMCPY((void *)(uintptr_t)(addr), &v_, sizeof(T)); \
	} while (0)

#define BINOP(NAME, E64, E32)                                      \
	L_##NAME##64_K:                                            \
	{                                                          \
		uint64_t a = DST, b = op->imm;                     \
		DST = (E64);                                       \
		NEXT;                                              \
	}                                                          \
	L_##NAME##64_X:                                            \
	{                                                          \
		uint64_t a = DST, b = SRC;                         \
		DST = (E64);                                       \
		NEXT;                                              \
	}                                                          \
	L_##NAME##32_K:                                            \
	{                                                          \
		uint32_t a = (uint32_t)DST, b = (uint32_t)op->imm; \
		DST = (uint32_t)(E32);                             \
		NEXT;                                              \
	}                                                          \
	L_##NAME##32_X:                                            \
	{                                                          \
		uint32_t a = (uint32_t)DST, b = (uint32_t)SRC;     \
		DST = (uint32_t)(E32);                             \
		NEXT;                                              \
	}

#define JCOND(NAME, C64, C32)                                      \
	L_##NAME##64_K:                                            \
	{                                                          \
		uint64_t a = DST, b = op->imm;                     \
		if (C64)                                           \
			JUMP;                                      \
		NEXT;                                              \
	}                                                          \
	L_##NAME##64_X:                                            \
	{                                                          \
		uint64_t a = DST, b = SRC;                         \
		if (C64)                                           \
			JUMP;                                      \
		NEXT;                                              \
	}                                                          \
	L_##NAME##32_K:                                            \
	{                                                          \
		uint32_t a = (uint32_t)DST, b = (uint32_t)op->imm; \
		if (C32)                                           \
			JUMP;                                      \
		NEXT;                                              \
	}                                                          \
	L_##NAME##32_X:                                            \
	{                                                          \
		uint32_t a = (uint32_t)DST, b = (uint32_t)SRC;     \
		if (C32)                                           \
			JUMP;                                      \
		NEXT;                                              \
	}

/* A fetch-and-op atomic, and its fetching form (the old value to src). */
#define ATOMIC_RMW(W, T, OP)                                              \
	L_A##OP##W : L_AF##OP##W:                                         \
	{                                                                 \
		uint64_t a = DST + (uint64_t)(int64_t)op->off;            \
		T old;                                                    \
		ATOMIC_ACCESS(a, sizeof(T));                              \
		old = THOOK_ATOMIC_FETCH_##OP((T *)(uintptr_t)a, (T)SRC); \
		if (op->kind == K_AF##OP##W)                              \
			SRC = old;                                        \
		NEXT;                                                     \
	}

#define ATOMICS(W, T)                                                   \
	ATOMIC_RMW(W, T, ADD)                                           \
	ATOMIC_RMW(W, T, OR)                                            \
	ATOMIC_RMW(W, T, AND)                                           \
	ATOMIC_RMW(W, T, XOR)                                           \
	L_AXCHG##W:                                                     \
	{                                                               \
		uint64_t a = DST + (uint64_t)(int64_t)op->off;          \
		ATOMIC_ACCESS(a, sizeof(T));                            \
		SRC = THOOK_ATOMIC_XCHG((T *)(uintptr_t)a, (T)SRC);     \
		NEXT;                                                   \
	}                                                               \
	L_ACMPXCHG##W:                                                  \
	{                                                               \
		uint64_t a = DST + (uint64_t)(int64_t)op->off;          \
		ATOMIC_ACCESS(a, sizeof(T));                            \
		R(0) = THOOK_ATOMIC_CMPXCHG((T *)(uintptr_t)a, (T)R(0), \
					    (T)SRC);                    \
		NEXT;                                                   \
	}

#define LABEL4(name, mnem, code, off)        \
	[K_##name##64_K] = &&L_##name##64_K, \
	[K_##name##64_X] = &&L_##name##64_X, \
	[K_##name##32_K] = &&L_##name##32_K, \
	[K_##name##32_X] = &&L_##name##32_X,

#define FUSE3(NAME, E)                              \
	L_X_MOV_##NAME##_K:                         \
	{                                           \
		uint64_t a = SRC, b = op[1].imm;    \
		DST = (E);                          \
		op += 2;                            \
		DISPATCH;                           \
	}                                           \
	L_X_MOV_##NAME##_X:                         \
	{                                           \
		uint64_t a = SRC, b = R(op[1].src); \
		DST = (E);                          \
		op += 2;                            \
		DISPATCH;                           \
	}
#define FUSE_E_ADD   a + b
#define FUSE_E_SUB   a - b
#define FUSE_E_MUL   a *b
#define FUSE_E_OR    a | b
#define FUSE_E_AND   a &b
#define FUSE_E_LSH   a << (b & 63)
#define FUSE_E_RSH   a >> (b & 63)
#define FUSE_E_XOR   a ^ b
#define FUSE3_(NAME) FUSE3(NAME, FUSE_E_##NAME)
#define LABEL_FUSE3(NAME)                          \
	[X_MOV_##NAME##_K] = &&L_X_MOV_##NAME##_K, \
	[X_MOV_##NAME##_X] = &&L_X_MOV_##NAME##_X,
#define LDX2(NAME, T)                                                         \
	L_X_##NAME##2:                                                        \
	{                                                                     \
		DST = LOAD(T, SRC + (uint64_t)(int64_t)op->off);              \
		R(op[1].dst) =                                                \
			LOAD(T, R(op[1].src) + (uint64_t)(int64_t)op[1].off); \
		op += 2;                                                      \
		DISPATCH;                                                     \
	}
#define LABEL_MJ(name, mnem, code, off)              \
	[X_MOV2_##name##_K] = &&L_X_MOV2_##name##_K, \
	[X_MOV2_##name##_X] = &&L_X_MOV2_##name##_X,
/* mov; mov; j<cond> (64-bit): C is the condition on a and b. */
#define MOV2_J(name, C)                             \
	L_X_MOV2_##name##_K:                        \
	{                                           \
		uint64_t a, b;                      \
		DST = SRC;                          \
		R(op[1].dst) = R(op[1].src);        \
		a = R(op[2].dst), b = op[2].imm;    \
		if (C) {                            \
			op = op[2].to;              \
			DISPATCH;                   \
		}                                   \
		op += 3;                            \
		DISPATCH;                           \
	}                                           \
	L_X_MOV2_##name##_X:                        \
	{                                           \
		uint64_t a, b;                      \
		DST = SRC;                          \
		R(op[1].dst) = R(op[1].src);        \
		a = R(op[2].dst), b = R(op[2].src); \
		if (C) {                            \
			op = op[2].to;              \
			DISPATCH;                   \
		}                                   \
		op += 3;                            \
		DISPATCH;                           \
	}
/* ldx + add of the loaded value; ldx + jeq/jne on it */
#define LDX_OP(NAME, T)                                                 \
	L_X_##NAME##_ADD:                                               \
	{                                                               \
		uint64_t v = LOAD(T, SRC + (uint64_t)(int64_t)op->off); \
		DST = v;                                                \
		R(op[1].dst) += v;                                      \
		op += 2;                                                \
		DISPATCH;                                               \
	}                                                               \
	L_X_##NAME##_JEQ:                                               \
	{                                                               \
		uint64_t v = LOAD(T, SRC + (uint64_t)(int64_t)op->off); \
		DST = v;                                                \
		FUSED_JUMP(v == op[1].imm);                             \
	}                                                               \
	L_X_##NAME##_JNE:                                               \
	{                                                               \
		uint64_t v = LOAD(T, SRC + (uint64_t)(int64_t)op->off); \
		DST = v;                                                \
		FUSED_JUMP(v != op[1].imm);                             \
	}
#define FUSED_JUMP(C)                  \
	do {                           \
		if (C) {               \
			op = op[1].to; \
			DISPATCH;      \
		}                      \
		op += 2;               \
		DISPATCH;              \
	} while (0)

static int
#if VM_FUSED
VM_NAME(const struct thook_prog *prog, struct thook_exec *x, uint64_t *r0,
	const void *const **table)
#else
VM_NAME(const struct thook_prog *prog, struct thook_exec *x, uint64_t *r0)
#endif
{
#if VM_FUSED
	static const void *const labels[X_NKINDS] = {
		THOOK_FUSE3(LABEL_FUSE3)[X_MOV2] = &&L_X_MOV2,
		[X_MOVK2] = &&L_X_MOVK2,
		[X_LSH_OR] = &&L_X_LSH_OR,
		[X_LDXB2] = &&L_X_LDXB2,
		[X_LDXH2] = &&L_X_LDXH2,
		[X_LDXW2] = &&L_X_LDXW2,
		[X_LDXDW2] = &&L_X_LDXDW2,
		[X_AND_JEQ] = &&L_X_AND_JEQ,
		[X_AND_JNE] = &&L_X_AND_JNE,
		[X_MOVK_JEQ] = &&L_X_MOVK_JEQ,
		[X_MOVK_JNE] = &&L_X_MOVK_JNE,
		[X_LD16_LLSO] = &&L_X_LD16_LLSO,
		[X_LD16_LSLO] = &&L_X_LD16_LSLO,
		THOOK_JCONDS(LABEL_MJ)[X_LDXB_ADD] = &&L_X_LDXB_ADD,
		[X_LDXH_ADD] = &&L_X_LDXH_ADD,
		[X_LDXW_ADD] = &&L_X_LDXW_ADD,
		[X_LDXDW_ADD] = &&L_X_LDXDW_ADD,
		[X_LDXB_JEQ] = &&L_X_LDXB_JEQ,
		[X_LDXH_JEQ] = &&L_X_LDXH_JEQ,
		[X_LDXW_JEQ] = &&L_X_LDXW_JEQ,
		[X_LDXDW_JEQ] = &&L_X_LDXDW_JEQ,
		[X_LDXB_JNE] = &&L_X_LDXB_JNE,
		[X_LDXH_JNE] = &&L_X_LDXH_JNE,
		[X_LDXW_JNE] = &&L_X_LDXW_JNE,
		[X_LDXDW_JNE] = &&L_X_LDXDW_JNE,
		[X_ADDK_JA] = &&L_X_ADDK_JA,
		[X_MOVK_EXIT] = &&L_X_MOVK_EXIT,
#else
	static const void *const labels[K_NKINDS] = {
#endif
		THOOK_BINOPS(LABEL4) THOOK_JCONDS(LABEL4)[K_NEG64] = &&L_NEG64,
		[K_NEG32] = &&L_NEG32,
		[K_MOVSX8_64] = &&L_MOVSX8_64,
		[K_MOVSX16_64] = &&L_MOVSX16_64,
		[K_MOVSX32_64] = &&L_MOVSX32_64,
		[K_MOVSX8_32] = &&L_MOVSX8_32,
		[K_MOVSX16_32] = &&L_MOVSX16_32,
		[K_LE16] = &&L_LE16,
		[K_LE32] = &&L_LE32,
		[K_LE64] = &&L_LE64,
		[K_BE16] = &&L_BE16,
		[K_BE32] = &&L_BE32,
		[K_BE64] = &&L_BE64,
		[K_BSWAP16] = &&L_BE16,
		[K_BSWAP32] = &&L_BE32,
		[K_BSWAP64] = &&L_BE64,
		[K_LDXB] = &&L_LDXB,
		[K_LDXH] = &&L_LDXH,
		[K_LDXW] = &&L_LDXW,
		[K_LDXDW] = &&L_LDXDW,
		[K_LDXSB] = &&L_LDXSB,
		[K_LDXSH] = &&L_LDXSH,
		[K_LDXSW] = &&L_LDXSW,
		[K_STB] = &&L_STB,
		[K_STH] = &&L_STH,
		[K_STW] = &&L_STW,
		[K_STDW] = &&L_STDW,
		[K_STXB] = &&L_STXB,
		[K_STXH] = &&L_STXH,
		[K_STXW] = &&L_STXW,
		[K_STXDW] = &&L_STXDW,
		[K_AADD32] = &&L_AADD32,
		[K_AOR32] = &&L_AOR32,
		[K_AAND32] = &&L_AAND32,
		[K_AXOR32] = &&L_AXOR32,
		[K_AFADD32] = &&L_AFADD32,
		[K_AFOR32] = &&L_AFOR32,
		[K_AFAND32] = &&L_AFAND32,
		[K_AFXOR32] = &&L_AFXOR32,
		[K_AXCHG32] = &&L_AXCHG32,
		[K_ACMPXCHG32] = &&L_ACMPXCHG32,
		[K_AADD64] = &&L_AADD64,
		[K_AOR64] = &&L_AOR64,
		[K_AAND64] = &&L_AAND64,
		[K_AXOR64] = &&L_AXOR64,
		[K_AFADD64] = &&L_AFADD64,
		[K_AFOR64] = &&L_AFOR64,
		[K_AFAND64] = &&L_AFAND64,
		[K_AFXOR64] = &&L_AFXOR64,
		[K_AXCHG64] = &&L_AXCHG64,
		[K_ACMPXCHG64] = &&L_ACMPXCHG64,
		[K_LDDW] = &&L_LDDW,
		[K_JA] = &&L_JA,
		[K_JA32] = &&L_JA,
		[K_CALL] = &&L_CALL,
		[K_CALL_LOCAL] = &&L_CALL_LOCAL,
		[K_EXIT] = &&L_EXIT,
	};
	const struct thook_op *ops, *op;
	struct {
		uint32_t ret;
		uint64_t saved[4];
	} frames[THOOK_MAX_FRAMES];
	uint64_t reg[THOOK_NREGS] = {0};
#if VM_BUDGET
	uint64_t left;
#endif
	uint32_t depth = 0;

#if VM_FUSED
	if (table != NULL) {
		*table = labels;
		return 0;
	}
#endif
	if (prog == NULL || x == NULL || r0 == NULL || x->stack == NULL ||
	    x->stack_size < THOOK_STACK_BYTES || prog->ops == NULL ||
	    (x->nregions > 0 && x->regions == NULL))
		return -THOOK_EINVAL;
	ops = prog->ops;
	for (unsigned k = 0; k < 5; k++)
		reg[k + 1] = x->args[k];
	reg[10] = (uint64_t)(uintptr_t)x->stack + x->stack_size;
#if VM_BUDGET
	left = x->budget != 0 ? x->budget : UINT64_MAX;
#endif
	x->fault_pc = 0;
	x->fault_addr = 0;
	op = ops;
	DISPATCH;

	BINOP(ADD, a + b, a + b)
	BINOP(SUB, a - b, a - b)
	BINOP(MUL, a * b, a * b)
	BINOP(DIV, b != 0 ? a / b : 0, b != 0 ? a / b : 0)
	BINOP(SDIV, sdiv64(a, b), sdiv32(a, b))
	BINOP(OR, a | b, a | b)
	BINOP(AND, a & b, a & b)
	BINOP(LSH, a << (b & 63), a << (b & 31))
	BINOP(RSH, a >> (b & 63), a >> (b & 31))
	BINOP(MOD, b != 0 ? a % b : a, b != 0 ? a % b : a)
	BINOP(SMOD, smod64(a, b), smod32(a, b))
	BINOP(XOR, a ^ b, a ^ b)
	BINOP(MOV, ((void)a, b), ((void)a, b))
	BINOP(ARSH, arsh64(a, b), arsh32(a, b))

	JCOND(JEQ, a == b, a == b)
	JCOND(JGT, a > b, a > b)
	JCOND(JGE, a >= b, a >= b)
	JCOND(JSET, (a & b) != 0, (a & b) != 0)
	JCOND(JNE, a != b, a != b)
	JCOND(JSGT, (int64_t)a > (int64_t)b, (int32_t)a > (int32_t)b)
	JCOND(JSGE, (int64_t)a >= (int64_t)b, (int32_t)a >= (int32_t)b)
	JCOND(JLT, a < b, a < b)
	JCOND(JLE, a <= b, a <= b)
	JCOND(JSLT, (int64_t)a < (int64_t)b, (int32_t)a < (int32_t)b)
	JCOND(JSLE, (int64_t)a <= (int64_t)b, (int32_t)a <= (int32_t)b)

L_NEG64:
	DST = (uint64_t)0 - DST;
	NEXT;
L_NEG32:
	DST = (uint32_t)((uint32_t)0 - (uint32_t)DST);
	NEXT;
L_MOVSX8_64:
	DST = (uint64_t)(int64_t)(int8_t)(uint8_t)SRC;
	NEXT;
L_MOVSX16_64:
	DST = (uint64_t)(int64_t)(int16_t)(uint16_t)SRC;
	NEXT;
L_MOVSX32_64:
	DST = (uint64_t)(int64_t)(int32_t)(uint32_t)SRC;
	NEXT;
L_MOVSX8_32:
	DST = (uint64_t)(uint32_t)(int32_t)(int8_t)(uint8_t)SRC;
	NEXT;
L_MOVSX16_32:
	DST = (uint64_t)(uint32_t)(int32_t)(int16_t)(uint16_t)SRC;
	NEXT;
L_LE16:
	DST = (uint16_t)DST;
	NEXT;
L_LE32:
	DST = (uint32_t)DST;
	NEXT;
L_LE64:
	NEXT;
L_BE16:
	DST = __builtin_bswap16((uint16_t)DST);
	NEXT;
L_BE32:
	DST = __builtin_bswap32((uint32_t)DST);
	NEXT;
L_BE64:
	DST = __builtin_bswap64(DST);
	NEXT;

L_LDXB:
	DST = LOAD(uint8_t, SRC + (uint64_t)(int64_t)op->off);
	NEXT;
L_LDXH:
	DST = LOAD(uint16_t, SRC + (uint64_t)(int64_t)op->off);
	NEXT;
L_LDXW:
	DST = LOAD(uint32_t, SRC + (uint64_t)(int64_t)op->off);
	NEXT;
L_LDXDW:
	DST = LOAD(uint64_t, SRC + (uint64_t)(int64_t)op->off);
	NEXT;
L_LDXSB:
	DST = (uint64_t)(int64_t)LOAD(int8_t, SRC + (uint64_t)(int64_t)op->off);
	NEXT;
L_LDXSH:
	DST = (uint64_t)(int64_t)LOAD(int16_t,
				      SRC + (uint64_t)(int64_t)op->off);
	NEXT;
L_LDXSW:
	DST = (uint64_t)(int64_t)LOAD(int32_t,
				      SRC + (uint64_t)(int64_t)op->off);
	NEXT;
L_STB:
	STORE(uint8_t, DST + (uint64_t)(int64_t)op->off, op->imm);
	NEXT;
L_STH:
	STORE(uint16_t, DST + (uint64_t)(int64_t)op->off, op->imm);
	NEXT;
L_STW:
	STORE(uint32_t, DST + (uint64_t)(int64_t)op->off, op->imm);
	NEXT;
L_STDW:
	STORE(uint64_t, DST + (uint64_t)(int64_t)op->off, op->imm);
	NEXT;
L_STXB:
	STORE(uint8_t, DST + (uint64_t)(int64_t)op->off, SRC);
	NEXT;
L_STXH:
	STORE(uint16_t, DST + (uint64_t)(int64_t)op->off, SRC);
	NEXT;
L_STXW:
	STORE(uint32_t, DST + (uint64_t)(int64_t)op->off, SRC);
	NEXT;
L_STXDW:
	STORE(uint64_t, DST + (uint64_t)(int64_t)op->off, SRC);
	NEXT;

	ATOMICS(32, uint32_t)
	ATOMICS(64, uint64_t)

#if VM_FUSED
	THOOK_FUSE3(FUSE3_)
L_X_MOV2:
	DST = SRC;
	R(op[1].dst) = R(op[1].src);
	op += 2;
	DISPATCH;
L_X_MOVK2:
	DST = op->imm;
	R(op[1].dst) = op[1].imm;
	op += 2;
	DISPATCH;
L_X_LSH_OR: /* op[1].src is not rD */
	DST = DST << (op->imm & 63) | R(op[1].src);
	op += 2;
	DISPATCH;
	LDX2(LDXB, uint8_t)
	LDX2(LDXH, uint16_t)
	LDX2(LDXW, uint32_t)
	LDX2(LDXDW, uint64_t)
L_X_AND_JEQ:
	DST &= op->imm;
	FUSED_JUMP(DST == op[1].imm);
L_X_AND_JNE:
	DST &= op->imm;
	FUSED_JUMP(DST != op[1].imm);
L_X_MOVK_JEQ:
	DST = op->imm;
	FUSED_JUMP(R(op[1].dst) == op[1].imm);
L_X_MOVK_JNE:
	DST = op->imm;
	FUSED_JUMP(R(op[1].dst) != op[1].imm);
	MOV2_J(JEQ, a == b)
	MOV2_J(JGT, a > b)
	MOV2_J(JGE, a >= b)
	MOV2_J(JSET, (a & b) != 0)
	MOV2_J(JNE, a != b)
	MOV2_J(JSGT, (int64_t)a > (int64_t)b)
	MOV2_J(JSGE, (int64_t)a >= (int64_t)b)
	MOV2_J(JLT, a < b)
	MOV2_J(JLE, a <= b)
	MOV2_J(JSLT, (int64_t)a < (int64_t)b)
	MOV2_J(JSLE, (int64_t)a <= (int64_t)b)
	LDX_OP(LDXB, uint8_t)
	LDX_OP(LDXH, uint16_t)
	LDX_OP(LDXW, uint32_t)
	LDX_OP(LDXDW, uint64_t)
L_X_ADDK_JA:
	DST += op->imm;
	op = op[1].to;
	DISPATCH;
L_X_MOVK_EXIT:
	DST = op->imm;
	op++;
	goto L_EXIT;
L_X_LD16_LLSO : /* rA and rB differ */
{
	uint64_t a = LOAD(uint8_t, SRC + (uint64_t)(int64_t)op->off);

	DST = a;
	R(op[1].dst) =
		(uint64_t)LOAD(uint8_t,
			       R(op[1].src) + (uint64_t)(int64_t)op[1].off)
			<< 8 |
		a;
	op += 4;
	DISPATCH;
}
L_X_LD16_LSLO : /* rA and rB differ */
{
	uint64_t a = (uint64_t)LOAD(uint8_t, SRC + (uint64_t)(int64_t)op->off)
		     << 8;

	DST = a;
	R(op[2].dst) =
		LOAD(uint8_t, R(op[2].src) + (uint64_t)(int64_t)op[2].off);
	DST = a | R(op[2].dst);
	op += 4;
	DISPATCH;
}
#endif

L_LDDW:
	DST = op->imm;
	op += 2;
	DISPATCH;
L_JA:
	JUMP;
L_CALL:
	R(0) = op->fn(x->helper_env, R(1), R(2), R(3), R(4), R(5));
	if ((op->flags & THOOK_HELPER_UNWIND) && R(0) == 0)
		goto done;
	NEXT;
L_CALL_LOCAL:
	if (depth + 1 >= THOOK_MAX_FRAMES) {
		x->fault_pc = PC;
		return -THOOK_EDEPTH;
	}
#if VM_BUDGET
	if (--left == 0)
		goto limit;
#endif
	frames[depth].ret = PC + 1;
	for (unsigned k = 0; k < 4; k++)
		frames[depth].saved[k] = R(6 + k);
	depth++;
	R(10) -= THOOK_FRAME_BYTES;
	op = ops + op->off;
	DISPATCH;
L_EXIT:
	if (depth == 0)
		goto done;
	depth--;
	for (unsigned k = 0; k < 4; k++)
		R(6 + k) = frames[depth].saved[k];
	R(10) += THOOK_FRAME_BYTES;
	op = ops + frames[depth].ret;
	DISPATCH;

done:
	x->fault_pc = PC;
	*r0 = R(0);
	return 0;
#if VM_BUDGET
limit:
	x->fault_pc = PC;
	return -THOOK_ELIMIT;
#endif
#if VM_CHECKED
fault:
	x->fault_pc = PC;
	return -THOOK_EFAULT;
#endif
}

#undef R
#undef DST
#undef SRC
#undef PC
#undef DISPATCH
#undef NEXT
#undef JUMP
#undef ACCESS
#undef ATOMIC_ACCESS
#undef LOAD
#undef STORE
#undef BINOP
#undef JCOND
#undef ATOMICS
#undef LABEL4
#undef FUSE3
#undef FUSE3_
#undef FUSE_E_ADD
#undef FUSE_E_SUB
#undef FUSE_E_MUL
#undef FUSE_E_OR
#undef FUSE_E_AND
#undef FUSE_E_LSH
#undef FUSE_E_RSH
#undef FUSE_E_XOR
#undef LABEL_FUSE3
#undef LDX2
#undef FUSED_JUMP
#undef LABEL_MJ
#undef LDX_OP
#undef MOV2_J
