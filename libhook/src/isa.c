/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The instruction set: the table of kinds, the decoder that checks every
 * field of an instruction (RFC 9669 section 3: unused fields "shall be
 * cleared to zero"), and program validation.
 */
#include "hook_impl.h"

#define ALU64 THOOK_ALU64
#define ALU32 THOOK_ALU
#define JMP64 THOOK_JMP
#define JMP32 THOOK_JMP32

#define BINOP_INFO(name, mnem, op, o)                                          \
	[K_##name##64_K] = {mnem, ALU64 | (op), F_ALU, o, 0, 0, 0},            \
	[K_##name##64_X] = {mnem, ALU64 | (op) | OP_SRC_X, F_ALU, o, 0, 0, 1}, \
	[K_##name##32_K] = {mnem "32", ALU32 | (op), F_ALU, o, 0, 0, 0},       \
	[K_##name##32_X] = {                                                   \
		mnem "32", ALU32 | (op) | OP_SRC_X, F_ALU, o, 0, 0, 1},

#define JCOND_INFO(name, mnem, op, o)                                      \
	[K_##name##64_K] = {mnem, JMP64 | (op), F_JCOND, o, 0, 0, 0},      \
	[K_##name##64_X] =                                                 \
		{mnem, JMP64 | (op) | OP_SRC_X, F_JCOND, o, 0, 0, 1},      \
	[K_##name##32_K] = {mnem "32", JMP32 | (op), F_JCOND, o, 0, 0, 0}, \
	[K_##name##32_X] = {                                               \
		mnem "32", JMP32 | (op) | OP_SRC_X, F_JCOND, o, 0, 0, 1},

#define LDX(size, mode) (THOOK_LDX | (mode) | (size))
#define STI(size)	(THOOK_ST | MODE_MEM | (size))
#define STX(size)	(THOOK_STX | MODE_MEM | (size))
#define ATOM(size)	(THOOK_STX | MODE_ATOMIC | (size))

const struct thook_kind_info thook__kinds[K_NKINDS] = {
	THOOK_BINOPS(BINOP_INFO)
		THOOK_JCONDS(JCOND_INFO)[K_NEG64] = {"neg", ALU64 | OP_NEG,
						     F_UNARY, 0, 0, 0, 0},
	[K_NEG32] = {"neg32", ALU32 | OP_NEG, F_UNARY, 0, 0, 0, 0},
	[K_MOVSX8_64] = {"movsx864", ALU64 | OP_MOV | OP_SRC_X, F_ALU, 8, 0, 0,
			 1},
	[K_MOVSX16_64] = {"movsx1664", ALU64 | OP_MOV | OP_SRC_X, F_ALU, 16, 0,
			  0, 1},
	[K_MOVSX32_64] = {"movsx3264", ALU64 | OP_MOV | OP_SRC_X, F_ALU, 32, 0,
			  0, 1},
	[K_MOVSX8_32] = {"movsx832", ALU32 | OP_MOV | OP_SRC_X, F_ALU, 8, 0, 0,
			 1},
	[K_MOVSX16_32] = {"movsx1632", ALU32 | OP_MOV | OP_SRC_X, F_ALU, 16, 0,
			  0, 1},
	[K_LE16] = {"le16", ALU32 | OP_END, F_UNARY, 0, 16, 0, 0},
	[K_LE32] = {"le32", ALU32 | OP_END, F_UNARY, 0, 32, 0, 0},
	[K_LE64] = {"le64", ALU32 | OP_END, F_UNARY, 0, 64, 0, 0},
	[K_BE16] = {"be16", ALU32 | OP_END | OP_SRC_X, F_UNARY, 0, 16, 0, 0},
	[K_BE32] = {"be32", ALU32 | OP_END | OP_SRC_X, F_UNARY, 0, 32, 0, 0},
	[K_BE64] = {"be64", ALU32 | OP_END | OP_SRC_X, F_UNARY, 0, 64, 0, 0},
	[K_BSWAP16] = {"bswap16", ALU64 | OP_END, F_UNARY, 0, 16, 0, 0},
	[K_BSWAP32] = {"bswap32", ALU64 | OP_END, F_UNARY, 0, 32, 0, 0},
	[K_BSWAP64] = {"bswap64", ALU64 | OP_END, F_UNARY, 0, 64, 0, 0},
	[K_LDXB] = {"ldxb", LDX(SIZE_B, MODE_MEM), F_LDX, 0, 0, 0, 0},
	[K_LDXH] = {"ldxh", LDX(SIZE_H, MODE_MEM), F_LDX, 0, 0, 0, 0},
	[K_LDXW] = {"ldxw", LDX(SIZE_W, MODE_MEM), F_LDX, 0, 0, 0, 0},
	[K_LDXDW] = {"ldxdw", LDX(SIZE_DW, MODE_MEM), F_LDX, 0, 0, 0, 0},
	[K_LDXSB] = {"ldxsb", LDX(SIZE_B, MODE_MEMSX), F_LDX, 0, 0, 0, 0},
	[K_LDXSH] = {"ldxsh", LDX(SIZE_H, MODE_MEMSX), F_LDX, 0, 0, 0, 0},
	[K_LDXSW] = {"ldxsw", LDX(SIZE_W, MODE_MEMSX), F_LDX, 0, 0, 0, 0},
	[K_STB] = {"stb", STI(SIZE_B), F_ST, 0, 0, 0, 0},
	[K_STH] = {"sth", STI(SIZE_H), F_ST, 0, 0, 0, 0},
	[K_STW] = {"stw", STI(SIZE_W), F_ST, 0, 0, 0, 0},
	[K_STDW] = {"stdw", STI(SIZE_DW), F_ST, 0, 0, 0, 0},
	[K_STXB] = {"stxb", STX(SIZE_B), F_STX, 0, 0, 0, 0},
	[K_STXH] = {"stxh", STX(SIZE_H), F_STX, 0, 0, 0, 0},
	[K_STXW] = {"stxw", STX(SIZE_W), F_STX, 0, 0, 0, 0},
	[K_STXDW] = {"stxdw", STX(SIZE_DW), F_STX, 0, 0, 0, 0},
	[K_AADD32] = {"add32", ATOM(SIZE_W), F_ATOMIC, 0, OP_ADD, 0, 0},
	[K_AOR32] = {"or32", ATOM(SIZE_W), F_ATOMIC, 0, OP_OR, 0, 0},
	[K_AAND32] = {"and32", ATOM(SIZE_W), F_ATOMIC, 0, OP_AND, 0, 0},
	[K_AXOR32] = {"xor32", ATOM(SIZE_W), F_ATOMIC, 0, OP_XOR, 0, 0},
	[K_AFADD32] = {"fetch add32", ATOM(SIZE_W), F_ATOMIC, 0,
		       OP_ADD | ATOMIC_FETCH, 0, 0},
	[K_AFOR32] = {"fetch or32", ATOM(SIZE_W), F_ATOMIC, 0,
		      OP_OR | ATOMIC_FETCH, 0, 0},
	[K_AFAND32] = {"fetch and32", ATOM(SIZE_W), F_ATOMIC, 0,
		       OP_AND | ATOMIC_FETCH, 0, 0},
	[K_AFXOR32] = {"fetch xor32", ATOM(SIZE_W), F_ATOMIC, 0,
		       OP_XOR | ATOMIC_FETCH, 0, 0},
	[K_AXCHG32] = {"xchg32", ATOM(SIZE_W), F_ATOMIC, 0, ATOMIC_XCHG, 0, 0},
	[K_ACMPXCHG32] = {"cmpxchg32", ATOM(SIZE_W), F_ATOMIC, 0,
			  ATOMIC_CMPXCHG, 0, 0},
	[K_AADD64] = {"add", ATOM(SIZE_DW), F_ATOMIC, 0, OP_ADD, 0, 0},
	[K_AOR64] = {"or", ATOM(SIZE_DW), F_ATOMIC, 0, OP_OR, 0, 0},
	[K_AAND64] = {"and", ATOM(SIZE_DW), F_ATOMIC, 0, OP_AND, 0, 0},
	[K_AXOR64] = {"xor", ATOM(SIZE_DW), F_ATOMIC, 0, OP_XOR, 0, 0},
	[K_AFADD64] = {"fetch add", ATOM(SIZE_DW), F_ATOMIC, 0,
		       OP_ADD | ATOMIC_FETCH, 0, 0},
	[K_AFOR64] = {"fetch or", ATOM(SIZE_DW), F_ATOMIC, 0,
		      OP_OR | ATOMIC_FETCH, 0, 0},
	[K_AFAND64] = {"fetch and", ATOM(SIZE_DW), F_ATOMIC, 0,
		       OP_AND | ATOMIC_FETCH, 0, 0},
	[K_AFXOR64] = {"fetch xor", ATOM(SIZE_DW), F_ATOMIC, 0,
		       OP_XOR | ATOMIC_FETCH, 0, 0},
	[K_AXCHG64] = {"xchg", ATOM(SIZE_DW), F_ATOMIC, 0, ATOMIC_XCHG, 0, 0},
	[K_ACMPXCHG64] = {"cmpxchg", ATOM(SIZE_DW), F_ATOMIC, 0, ATOMIC_CMPXCHG,
			  0, 0},
	[K_LDDW] = {"lddw", THOOK_LD | MODE_IMM | SIZE_DW, F_LDDW, 0, 0, 0, 0},
	[K_JA] = {"ja", JMP64 | OP_JA, F_JA, 0, 0, 0, 0},
	[K_JA32] = {"ja32", JMP32 | OP_JA, F_JA32, 0, 0, 0, 0},
	[K_CALL] = {"call", JMP64 | OP_CALL, F_CALL, 0, 0, CALL_HELPER, 0},
	[K_CALL_LOCAL] = {"call local", JMP64 | OP_CALL, F_CALL_LOCAL, 0, 0,
			  CALL_LOCAL, 0},
	[K_EXIT] = {"exit", JMP64 | OP_EXIT, F_EXIT, 0, 0, 0, 0},
};

#define NONE 0xff

/* First kind (64-bit, immediate source) of each ALU operation. */
static const uint8_t alu_first[16] = {
	K_ADD64_K,  K_SUB64_K, K_MUL64_K, K_DIV64_K, K_OR64_K,	K_AND64_K,
	K_LSH64_K,  K_RSH64_K, NONE,	  K_MOD64_K, K_XOR64_K, K_MOV64_K,
	K_ARSH64_K, NONE,      NONE,	  NONE,
};

/* First kind of each conditional jump; JA, CALL and EXIT are apart. */
static const uint8_t jmp_first[16] = {
	NONE,	    K_JEQ64_K,	K_JGT64_K, K_JGE64_K, K_JSET64_K, K_JNE64_K,
	K_JSGT64_K, K_JSGE64_K, NONE,	   NONE,      K_JLT64_K,  K_JLE64_K,
	K_JSLT64_K, K_JSLE64_K, NONE,	   NONE,
};

struct decoded {
	const struct thook_insn *in;
	struct thook_op *op;
	uint32_t i;
	uint32_t n;
	bool targets; /* check jump and call targets */
	const char **why;
};

static int
reject(const struct decoded *d, const char *why)
{
	*d->why = why;
	return -THOOK_ENOEXEC;
}

/* The fields an instruction does not use must be zero. */
static int
need_zero(const struct decoded *d, bool dst, bool src, bool off, bool imm)
{
	if (dst && THOOK_DST(*d->in) != 0)
		return reject(d, "unused dst field is not zero");
	if (src && THOOK_SRC(*d->in) != 0)
		return reject(d, "unused src field is not zero");
	if (off && d->in->off != 0)
		return reject(d, "unused offset is not zero");
	if (imm && d->in->imm != 0)
		return reject(d, "unused immediate is not zero");
	return 0;
}

static int
check_regs(const struct decoded *d, bool writes_dst)
{
	if (THOOK_DST(*d->in) > 10 || THOOK_SRC(*d->in) > 10)
		return reject(d, "register number above r10");
	if (writes_dst && THOOK_DST(*d->in) == 10)
		return reject(d, "writes the read-only frame pointer r10");
	return 0;
}

static int
set_target(const struct decoded *d, int64_t rel, const char *what_outside)
{
	int64_t t = (int64_t)d->i + 1 + rel;

	if (!d->targets)
		return 0;
	if (t < 0 || t >= (int64_t)d->n)
		return reject(d, what_outside);
	if (t > 0 && d->in[t - (int64_t)d->i - 1].code == CODE_LDDW)
		return reject(d, "jumps into the middle of a 64-bit load");
	d->op->off = (int32_t)t;
	return 0;
}

static int
decode_alu(const struct decoded *d)
{
	const struct thook_insn *in = d->in;
	unsigned op = in->code & OP_MASK, x = in->code & OP_SRC_X;
	bool alu32 = THOOK_CLASS(in->code) == THOOK_ALU;
	unsigned first = alu_first[op >> 4];
	int err;

	if ((err = check_regs(d, true)) != 0)
		return err;
	if (op == OP_NEG) {
		if (x)
			return reject(d, "unknown opcode");
		d->op->kind = alu32 ? K_NEG32 : K_NEG64;
		return need_zero(d, false, true, true, true);
	}
	if (op == OP_END) {
		if (!alu32 && x)
			return reject(d, "unknown opcode");
		if (in->imm != 16 && in->imm != 32 && in->imm != 64)
			return reject(d, "byte swap width is not 16, 32 or 64");
		d->op->kind = (uint8_t)((!alu32 ? K_BSWAP16
					 : x	? K_BE16
						: K_LE16) +
					(in->imm == 16	 ? 0
					 : in->imm == 32 ? 1
							 : 2));
		return need_zero(d, false, true, true, false);
	}
	if (first == NONE)
		return reject(d, "unknown opcode");
	if (op == OP_MOV && x && in->off != 0) {
		if (in->off == 8)
			d->op->kind = alu32 ? K_MOVSX8_32 : K_MOVSX8_64;
		else if (in->off == 16)
			d->op->kind = alu32 ? K_MOVSX16_32 : K_MOVSX16_64;
		else if (in->off == 32 && !alu32)
			d->op->kind = K_MOVSX32_64;
		else
			return reject(d, "sign extension width is not 8, 16 "
					 "or 32 (8 or 16 for 32-bit)");
		return need_zero(d, false, false, false, true);
	}
	if ((op == OP_DIV || op == OP_MOD) && in->off == 1)
		first += K_SDIV64_K - K_DIV64_K; /* SMOD follows MOD alike */
	else if (in->off != 0)
		return reject(d, "unused offset is not zero");
	d->op->kind = (uint8_t)(first + (alu32 ? 2u : 0u) + (x ? 1u : 0u));
	if (x)
		return need_zero(d, false, false, false, true);
	d->op->imm = alu32 ? (uint64_t)(uint32_t)in->imm
			   : (uint64_t)(int64_t)in->imm;
	return need_zero(d, false, true, false, false);
}

static int
decode_jmp(const struct decoded *d)
{
	const struct thook_insn *in = d->in;
	unsigned op = in->code & OP_MASK, x = in->code & OP_SRC_X;
	bool j32 = THOOK_CLASS(in->code) == THOOK_JMP32;
	unsigned first = jmp_first[op >> 4];
	int err;

	if ((err = check_regs(d, false)) != 0)
		return err;
	if (op == OP_JA && !x) {
		d->op->kind = j32 ? K_JA32 : K_JA;
		if ((err = need_zero(d, true, true, j32, !j32)) != 0)
			return err;
		return set_target(d, j32 ? in->imm : in->off,
				  "jump target outside the program");
	}
	if (op == OP_CALL && !x && !j32) {
		if ((err = need_zero(d, true, false, true, false)) != 0)
			return err;
		if (THOOK_SRC(*in) == CALL_HELPER) {
			d->op->kind = K_CALL;
			d->op->imm = (uint64_t)(uint32_t)in->imm;
			return 0;
		}
		if (THOOK_SRC(*in) != CALL_LOCAL)
			return reject(d, "unsupported call type (only helper "
					 "and local calls)");
		d->op->kind = K_CALL_LOCAL;
		return set_target(d, in->imm,
				  "call target outside the program");
	}
	if (op == OP_EXIT && !x && !j32) {
		d->op->kind = K_EXIT;
		return need_zero(d, true, true, true, true);
	}
	if (first == NONE)
		return reject(d, "unknown opcode");
	d->op->kind = (uint8_t)(first + (j32 ? 2u : 0u) + (x ? 1u : 0u));
	if (x)
		err = need_zero(d, false, false, false, true);
	else
		err = need_zero(d, false, true, false, false);
	if (err != 0)
		return err;
	d->op->imm =
		j32 ? (uint64_t)(uint32_t)in->imm : (uint64_t)(int64_t)in->imm;
	return set_target(d, in->off, "jump target outside the program");
}

static int
decode_lddw(const struct decoded *d)
{
	const struct thook_insn *in = d->in;
	int err;

	if (in->code != CODE_LDDW)
		return reject(d, "unknown opcode (legacy packet loads are not "
				 "supported)");
	if ((err = check_regs(d, true)) != 0)
		return err;
	/* src 1: map reference, imm is an index into the load's map table. */
	if (THOOK_SRC(*in) > 1)
		return reject(d, "unsupported pseudo 64-bit load (src is not "
				 "0 or 1)");
	if ((err = need_zero(d, false, false, true, false)) != 0)
		return err;
	if (d->i + 1 >= d->n)
		return reject(d, "incomplete 64-bit load");
	if (in[1].code != 0 || in[1].regs != 0 || in[1].off != 0)
		return reject(d, "second slot of a 64-bit load has fields "
				 "other than its immediate set");
	if (THOOK_SRC(*in) == 1 && in[1].imm != 0)
		return reject(d, "map reference with a nonzero upper half");
	d->op->kind = K_LDDW;
	d->op->imm = (uint64_t)(uint32_t)in->imm |
		     ((uint64_t)(uint32_t)in[1].imm << 32);
	return 2;
}

static int
decode_atomic(const struct decoded *d)
{
	static const struct {
		int32_t imm;
		uint8_t kind32;
	} ops[] = {
		{OP_ADD, K_AADD32},
		{OP_OR, K_AOR32},
		{OP_AND, K_AAND32},
		{OP_XOR, K_AXOR32},
		{OP_ADD | ATOMIC_FETCH, K_AFADD32},
		{OP_OR | ATOMIC_FETCH, K_AFOR32},
		{OP_AND | ATOMIC_FETCH, K_AFAND32},
		{OP_XOR | ATOMIC_FETCH, K_AFXOR32},
		{ATOMIC_XCHG, K_AXCHG32},
		{ATOMIC_CMPXCHG, K_ACMPXCHG32},
	};
	bool dw = (d->in->code & SIZE_MASK) == SIZE_DW;

	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		if (ops[k].imm != d->in->imm)
			continue;
		d->op->kind = (uint8_t)(ops[k].kind32 +
					(dw ? K_AADD64 - K_AADD32 : 0));
		/* The fetching forms write the old value to src. */
		if ((d->in->imm & ATOMIC_FETCH) && THOOK_SRC(*d->in) == 10)
			return reject(d, "writes the read-only frame pointer "
					 "r10");
		return 0;
	}
	return reject(d, "unknown atomic operation");
}

static int
decode_ldst(const struct decoded *d)
{
	const struct thook_insn *in = d->in;
	unsigned cls = THOOK_CLASS(in->code), mode = in->code & MODE_MASK;
	unsigned size = (in->code & SIZE_MASK) >> 3; /* W, H, B, DW */
	static const uint8_t ldx[4] = {K_LDXW, K_LDXH, K_LDXB, K_LDXDW};
	static const uint8_t ldxs[4] = {K_LDXSW, K_LDXSH, K_LDXSB, NONE};
	static const uint8_t st[4] = {K_STW, K_STH, K_STB, K_STDW};
	static const uint8_t stx[4] = {K_STXW, K_STXH, K_STXB, K_STXDW};
	int err;

	if ((err = check_regs(d, cls == THOOK_LDX)) != 0)
		return err;
	d->op->off = in->off;
	if (cls == THOOK_LDX && (mode == MODE_MEM || mode == MODE_MEMSX)) {
		d->op->kind = mode == MODE_MEM ? ldx[size] : ldxs[size];
		if (d->op->kind == NONE)
			return reject(d, "unknown opcode");
		return need_zero(d, false, false, false, true);
	}
	if (cls == THOOK_ST && mode == MODE_MEM) {
		d->op->kind = st[size];
		d->op->imm = (uint64_t)(int64_t)in->imm;
		return need_zero(d, false, true, false, false);
	}
	if (cls == THOOK_STX && mode == MODE_MEM) {
		d->op->kind = stx[size];
		return need_zero(d, false, false, false, true);
	}
	if (cls == THOOK_STX && mode == MODE_ATOMIC &&
	    (in->code & SIZE_MASK) != SIZE_H &&
	    (in->code & SIZE_MASK) != SIZE_B)
		return decode_atomic(d);
	return reject(d, "unknown opcode");
}

int
thook__decode(const struct thook_insn *insns, uint32_t n, uint32_t i,
	      bool targets, struct thook_op *op, const char **why)
{
	struct decoded d = {&insns[i], op, i, n, targets, why};
	int err;

	THOOK_MEMSET(op, 0, sizeof(*op));
	op->dst = (uint8_t)THOOK_DST(insns[i]);
	op->src = (uint8_t)THOOK_SRC(insns[i]);
	switch (THOOK_CLASS(insns[i].code)) {
	case THOOK_ALU:
	case THOOK_ALU64:
		err = decode_alu(&d);
		break;
	case THOOK_JMP:
	case THOOK_JMP32:
		err = decode_jmp(&d);
		break;
	case THOOK_LD:
		return decode_lddw(&d);
	default:
		err = decode_ldst(&d);
		break;
	}
	return err < 0 ? err : 1;
}

/* Whether control can go from this kind to the next instruction. */
static bool
falls_through(unsigned kind)
{
	return kind != K_EXIT && kind != K_JA && kind != K_JA32;
}

int
thook_validate(const struct thook_insn *insns, uint32_t n,
	       struct thook_diag *diag)
{
	struct thook_op op;
	const char *why = "";
	uint32_t i;
	int len;

	if (insns == NULL || n == 0 || n > THOOK_MAX_INSNS)
		return -THOOK_EINVAL;
	for (i = 0; i < n; i += (uint32_t)len) {
		len = thook__decode(insns, n, i, true, &op, &why);
		if (len < 0)
			goto bad;
		if (falls_through(op.kind) && i + (uint32_t)len >= n) {
			why = "falls off the end of the program";
			len = -THOOK_ENOEXEC;
			goto bad;
		}
	}
	return 0;
bad:
	thook__diag_insn(diag, insns, n, i, why);
	return len;
}
