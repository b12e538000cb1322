/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libhook internals: the table of instruction kinds shared by the decoder,
 * the disassembler, the assembler and the interpreter, and a small bounded
 * string builder for diagnostics.
 */
#ifndef THOOK_HOOK_IMPL_H
#define THOOK_HOOK_IMPL_H

#include <tessera/hook.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "libhook supports little-endian hosts only (le16/be16 semantics)"
#endif

/* Opcode bits (RFC 9669 section 3). */
#define OP_SRC_X       0x08
#define OP_MASK	       0xf0
#define OP_ADD	       0x00
#define OP_SUB	       0x10
#define OP_MUL	       0x20
#define OP_DIV	       0x30
#define OP_OR	       0x40
#define OP_AND	       0x50
#define OP_LSH	       0x60
#define OP_RSH	       0x70
#define OP_NEG	       0x80
#define OP_MOD	       0x90
#define OP_XOR	       0xa0
#define OP_MOV	       0xb0
#define OP_ARSH	       0xc0
#define OP_END	       0xd0
#define OP_JA	       0x00
#define OP_JEQ	       0x10
#define OP_JGT	       0x20
#define OP_JGE	       0x30
#define OP_JSET	       0x40
#define OP_JNE	       0x50
#define OP_JSGT	       0x60
#define OP_JSGE	       0x70
#define OP_CALL	       0x80
#define OP_EXIT	       0x90
#define OP_JLT	       0xa0
#define OP_JLE	       0xb0
#define OP_JSLT	       0xc0
#define OP_JSLE	       0xd0
#define MODE_MASK      0xe0
#define MODE_IMM       0x00
#define MODE_MEM       0x60
#define MODE_MEMSX     0x80
#define MODE_ATOMIC    0xc0
#define SIZE_MASK      0x18
#define SIZE_W	       0x00
#define SIZE_H	       0x08
#define SIZE_B	       0x10
#define SIZE_DW	       0x18
#define CODE_LDDW      0x18
#define ATOMIC_FETCH   0x01
#define ATOMIC_XCHG    0xe1
#define ATOMIC_CMPXCHG 0xf1
#define CALL_HELPER    0
#define CALL_LOCAL     1

/*
 * Binary ALU operations and conditional jumps: each has four kinds (64 and
 * 32 bits, immediate and register source), in that order.
 */
#define THOOK_BINOPS(X)            \
	X(ADD, "add", OP_ADD, 0)   \
	X(SUB, "sub", OP_SUB, 0)   \
	X(MUL, "mul", OP_MUL, 0)   \
	X(DIV, "div", OP_DIV, 0)   \
	X(SDIV, "sdiv", OP_DIV, 1) \
	X(OR, "or", OP_OR, 0)      \
	X(AND, "and", OP_AND, 0)   \
	X(LSH, "lsh", OP_LSH, 0)   \
	X(RSH, "rsh", OP_RSH, 0)   \
	X(MOD, "mod", OP_MOD, 0)   \
	X(SMOD, "smod", OP_MOD, 1) \
	X(XOR, "xor", OP_XOR, 0)   \
	X(MOV, "mov", OP_MOV, 0)   \
	X(ARSH, "arsh", OP_ARSH, 0)

#define THOOK_JCONDS(X)             \
	X(JEQ, "jeq", OP_JEQ, 0)    \
	X(JGT, "jgt", OP_JGT, 0)    \
	X(JGE, "jge", OP_JGE, 0)    \
	X(JSET, "jset", OP_JSET, 0) \
	X(JNE, "jne", OP_JNE, 0)    \
	X(JSGT, "jsgt", OP_JSGT, 0) \
	X(JSGE, "jsge", OP_JSGE, 0) \
	X(JLT, "jlt", OP_JLT, 0)    \
	X(JLE, "jle", OP_JLE, 0)    \
	X(JSLT, "jslt", OP_JSLT, 0) \
	X(JSLE, "jsle", OP_JSLE, 0)

#define THOOK_KIND4(name, mnem, op, off) \
	K_##name##64_K, K_##name##64_X, K_##name##32_K, K_##name##32_X,

/* Every instruction the interpreter dispatches on. */
enum thook_kind {
	THOOK_BINOPS(THOOK_KIND4) THOOK_JCONDS(THOOK_KIND4) K_NEG64,
	K_NEG32,
	K_MOVSX8_64,
	K_MOVSX16_64,
	K_MOVSX32_64,
	K_MOVSX8_32,
	K_MOVSX16_32,
	K_LE16,
	K_LE32,
	K_LE64,
	K_BE16,
	K_BE32,
	K_BE64,
	K_BSWAP16,
	K_BSWAP32,
	K_BSWAP64,
	K_LDXB,
	K_LDXH,
	K_LDXW,
	K_LDXDW,
	K_LDXSB,
	K_LDXSH,
	K_LDXSW,
	K_STB,
	K_STH,
	K_STW,
	K_STDW,
	K_STXB,
	K_STXH,
	K_STXW,
	K_STXDW,
	K_AADD32,
	K_AOR32,
	K_AAND32,
	K_AXOR32,
	K_AFADD32,
	K_AFOR32,
	K_AFAND32,
	K_AFXOR32,
	K_AXCHG32,
	K_ACMPXCHG32,
	K_AADD64,
	K_AOR64,
	K_AAND64,
	K_AXOR64,
	K_AFADD64,
	K_AFOR64,
	K_AFAND64,
	K_AFXOR64,
	K_AXCHG64,
	K_ACMPXCHG64,
	K_LDDW,
	K_JA,
	K_JA32,
	K_CALL,
	K_CALL_LOCAL,
	K_EXIT,
	K_NKINDS
};

/*
 * Pairs of adjacent instructions the unchecked interpreter runs as one step
 * (thook__prog_finish() picks them; the second slot is never a jump
 * target).  MOV_<op>: `mov rD, rA; <op> rD, K|rB` as rD = rA <op> K|rB.
 */
#define THOOK_FUSE3(X)	   X(ADD) X(SUB) X(MUL) X(OR) X(AND) X(LSH) X(RSH) X(XOR)

#define THOOK_XKIND2(name) X_MOV_##name##_K, X_MOV_##name##_X,
/* Three slots: two register moves (a loop's carried values) and a 64-bit
 * compare-and-branch. */
#define THOOK_XKIND_MJ(name, mnem, op, off) \
	X_MOV2_##name##_K, X_MOV2_##name##_X,

enum thook_xkind {
	X_FIRST = K_NKINDS - 1,
	THOOK_FUSE3(THOOK_XKIND2) X_MOV2, /* mov rA, rB; mov rC, rD */
	X_MOVK2,			  /* mov rA, K; mov rB, K */
	X_LSH_OR,			  /* lsh rD, K; or rD, rS */
	X_LDXB2,			  /* two loads of one size */
	X_LDXH2,
	X_LDXW2,
	X_LDXDW2,
	X_AND_JEQ, /* and rD, K; jeq rD, K, target */
	X_AND_JNE,
	X_MOVK_JEQ, /* mov rA, K; jeq rB, K, target */
	X_MOVK_JNE,
	/* Four slots, a 16-bit value put together from two bytes (clang's
	 * form of an unaligned load):
	 * ldxb rA, [..]; ldxb rB, [..]; lsh rB, 8; or rB, rA
	 * ldxb rA, [..]; lsh rA, 8; ldxb rB, [..]; or rA, rB */
	X_LD16_LLSO,
	X_LD16_LSLO,
	THOOK_JCONDS(THOOK_XKIND_MJ)
	/* ldx rA, [..]; add rD, rA (rD is not rA) */
	X_LDXB_ADD,
	X_LDXH_ADD,
	X_LDXW_ADD,
	X_LDXDW_ADD,
	/* ldx rA, [..]; jeq|jne rA, K, target */
	X_LDXB_JEQ,
	X_LDXH_JEQ,
	X_LDXW_JEQ,
	X_LDXDW_JEQ,
	X_LDXB_JNE,
	X_LDXH_JNE,
	X_LDXW_JNE,
	X_LDXDW_JNE,
	X_ADDK_JA,   /* add rD, K; ja target */
	X_MOVK_EXIT, /* mov rD, K; exit */
	X_NKINDS
};

/*
 * Finish a loaded program for the interpreter: jump targets as pointers,
 * handlers, pairs.  Called by the loaders once every slot is decoded.
 */
void thook__prog_finish(struct thook_op *ops, uint32_t n);

/*
 * The interpreter's kind for a finished op: an X_* kind when the op heads
 * a fused group (whose other slots are then no jump target), else its own
 * kind.  The JITs use it for their peepholes.
 */
unsigned thook__op_xkind(const struct thook_op *op);

/* Operand shapes, for the assembler and the disassembler. */
enum thook_fmt {
	F_ALU,	      /* dst, src|imm */
	F_UNARY,      /* dst */
	F_LDX,	      /* dst, [src+off] */
	F_ST,	      /* [dst+off], imm */
	F_STX,	      /* [dst+off], src */
	F_ATOMIC,     /* lock <name> [dst+off], src */
	F_LDDW,	      /* dst, imm64 */
	F_JA,	      /* target in off */
	F_JA32,	      /* target in imm */
	F_JCOND,      /* dst, src|imm, target */
	F_CALL,	      /* helper number */
	F_CALL_LOCAL, /* local target in imm */
	F_EXIT,	      /* no operands */
};

/* What defines a kind: its encoding and its text. */
struct thook_kind_info {
	char name[14]; /* mnemonic; atomics without "lock " */
	uint8_t code;  /* opcode */
	uint8_t fmt;   /* enum thook_fmt */
	int16_t off;   /* fixed off (sdiv, smod, movsx); 0 otherwise */
	int32_t imm;   /* fixed imm (end sizes, atomic operation) */
	uint8_t src;   /* fixed src field (call local) */
	uint8_t x;     /* register source form of a K/X pair */
};

extern const struct thook_kind_info thook__kinds[K_NKINDS];

/*
 * Decode the instruction at slot i of a program of n slots into *op,
 * checking every field, and jump and call targets too when 'targets' is
 * set.  Targets become absolute slot indexes in op->off (when checked).
 * Returns the number of slots (1 or 2), or -THOOK_ENOEXEC with the reason
 * in *why.
 */
int thook__decode(const struct thook_insn *insns, uint32_t n, uint32_t i,
		  bool targets, struct thook_op *op, const char **why);

/* A bounded string builder: appends never overflow; 'full' records loss. */
struct thook_sb {
	char *buf;
	size_t cap;
	size_t len;
	bool full;
};

void thook__sb_init(struct thook_sb *sb, char *buf, size_t cap);
void thook__sb_puts(struct thook_sb *sb, const char *s);
void thook__sb_putc(struct thook_sb *sb, char c);
void thook__sb_putd(struct thook_sb *sb, int64_t v);
void thook__sb_putx(struct thook_sb *sb, uint64_t v);

/* Fill diag (if any) for instruction i with "<text>: <why>". */
void thook__diag_insn(struct thook_diag *diag, const struct thook_insn *insns,
		      uint32_t n, uint32_t i, const char *why);

/* The little-endian number of 'bytes' bytes at p (no alignment needed). */
static inline uint64_t
thook__rd_le(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0)
		v = v << 8 | p[bytes];
	return v;
}

static inline bool
thook__str_eq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b)
		a++, b++;
	return *a == *b;
}

/*
 * BTF of a clang object (btf.c), checked by thook__btf_open(): the type
 * and string sections inside the BTF, every type record inside the type
 * section with a known kind and names inside the string section.
 */
struct thook__btf {
	const uint8_t *types;
	const uint8_t *strs;
	uint32_t tlen;
	uint32_t slen;
	uint32_t ntypes;
};

int thook__btf_open(struct thook__btf *b, const uint8_t *sec, uint64_t size,
		    struct thook_diag *diag);
/*
 * The definition of map 'name' from its VAR in the DATASEC ".maps"
 * (libbpf's __uint/__type members); m's name is not touched.
 */
int thook__btf_map(const struct thook__btf *b, const char *name,
		   struct thook_elf_map *m, struct thook_diag *diag);

#endif /* THOOK_HOOK_IMPL_H */
