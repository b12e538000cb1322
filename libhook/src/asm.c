/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Assembler for the text syntax of the bpf_conformance suite:
 *
 *   label:                      a label names the next instruction
 *   mov %r0, 1                  ALU, 64-bit (add, sub, ... or add64)
 *   add32 %r1, %r2              ALU, 32-bit
 *   ldxw %r0, [%r1+4]           loads, stores: [%rN+off] or [%rN-off]
 *   stb [%r1+2], 0x11
 *   lock fetch add [%r10-8], %r1
 *   lddw %r0, 0x1122334455667788
 *   jeq %r1, 42, label          or a relative target, +3 / -2
 *   call 5 / call local label / exit
 *
 * Two passes over the text: the first finds the slot of every label, the
 * second encodes.  Each line is copied to a bounded buffer first.
 */
#include "hook_impl.h"

#define LINE_MAX     256
#define MNEM_MAX     32
#define MAX_OPERANDS 4

struct line {
	char text[LINE_MAX];
	char mnem[MNEM_MAX]; /* words of the mnemonic, one space apart */
	char *ops[MAX_OPERANDS];
	unsigned nops;
	bool label; /* the line is "name:"; the name is in mnem */
};

struct asm_state {
	struct thook_asm *as;
	struct thook_diag *diag;
	uint32_t lineno;
	uint32_t slot;
};

static int
syntax(struct asm_state *st, const char *what, const char *arg)
{
	struct thook_sb sb;

	if (st->diag != NULL) {
		st->diag->index = st->slot;
		st->diag->line = st->lineno;
		thook__sb_init(&sb, st->diag->msg, sizeof(st->diag->msg));
		thook__sb_puts(&sb, what);
		if (arg != NULL) {
			thook__sb_puts(&sb, " '");
			thook__sb_puts(&sb, arg);
			thook__sb_putc(&sb, '\'');
		}
	}
	return -THOOK_ESYNTAX;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.';
}

static char *
trim(char *s)
{
	size_t n = 0;

	while (is_space(*s))
		s++;
	while (s[n] != '\0')
		n++;
	while (n > 0 && is_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

static bool
streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Append the word at *p to the mnemonic; advance *p past it. */
static bool
take_word(struct line *ln, size_t *mlen, char **p)
{
	char *s = *p;

	while (is_space(*s))
		s++;
	if (!is_word(*s))
		return false;
	if (*mlen > 0 && *mlen + 1 < MNEM_MAX)
		ln->mnem[(*mlen)++] = ' ';
	while (is_word(*s)) {
		if (*mlen + 1 < MNEM_MAX)
			ln->mnem[(*mlen)++] = *s;
		s++;
	}
	ln->mnem[*mlen] = '\0';
	*p = s;
	return true;
}

static bool
word_is(const char *p, const char *w)
{
	while (is_space(*p))
		p++;
	while (*w != '\0' && *p == *w) {
		p++;
		w++;
	}
	return *w == '\0' && !is_word(*p);
}

/* Split the line into mnemonic and comma-separated operands, in place. */
static int
split(struct asm_state *st, struct line *ln)
{
	char *p = trim(ln->text), *q;
	size_t mlen = 0;

	ln->nops = 0;
	ln->mnem[0] = '\0';
	ln->label = false;
	if (*p == '\0')
		return 0;
	q = p;
	while (*q != '\0')
		q++;
	if (q[-1] == ':') {
		q[-1] = '\0';
		p = trim(p);
		if (!take_word(ln, &mlen, &p) || *p != '\0' ||
		    mlen > THOOK_ASM_LABEL_LEN)
			return syntax(st, "invalid label", ln->text);
		ln->label = true;
		return 0;
	}
	if (!take_word(ln, &mlen, &p))
		return syntax(st, "expected a mnemonic at", p);
	if (streq(ln->mnem, "lock")) {
		if (word_is(p, "fetch"))
			(void)take_word(ln, &mlen, &p);
		if (!take_word(ln, &mlen, &p))
			return syntax(st, "Invalid number of operands for lock",
				      NULL);
	} else if (streq(ln->mnem, "call") &&
		   (word_is(p, "local") || word_is(p, "helper"))) {
		(void)take_word(ln, &mlen, &p);
	}
	if (mlen + 1 >= MNEM_MAX)
		return syntax(st, "unknown mnemonic", ln->mnem);
	p = trim(p);
	while (*p != '\0') {
		if (ln->nops == MAX_OPERANDS)
			return syntax(st, "too many operands for", ln->mnem);
		ln->ops[ln->nops++] = p;
		while (*p != '\0' && *p != ',')
			p++;
		if (*p == ',') {
			*p++ = '\0';
			if (*trim(p) == '\0')
				return syntax(st, "missing operand after ','",
					      NULL);
		}
		ln->ops[ln->nops - 1] = trim(ln->ops[ln->nops - 1]);
		if (*ln->ops[ln->nops - 1] == '\0')
			return syntax(st, "empty operand", NULL);
	}
	return 0;
}

/* Parse an unsigned number, decimal or 0x hex; false on junk or overflow. */
static bool
parse_u64(const char *s, uint64_t *v, bool *hex)
{
	unsigned base = 10, d;
	uint64_t x = 0;

	*hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	if (*hex) {
		base = 16;
		s += 2;
	}
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return false;
		if (x > (UINT64_MAX - d) / base)
			return false;
		x = x * base + d;
	}
	*v = x;
	return true;
}

/*
 * A signed number that must fit 'bits' bits: decimal in the signed range,
 * or hex up to the unsigned range (0xffffffff is -1 as 32 bits).
 */
static bool
parse_int(const char *s, unsigned bits, int64_t *out)
{
	bool neg = false, hex;
	uint64_t v, smax = ((uint64_t)1 << (bits - 1)) - 1;
	uint64_t umax = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;

	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (!parse_u64(s, &v, &hex))
		return false;
	if (neg) {
		if (v > smax + 1)
			return false;
		*out = (int64_t)((uint64_t)0 - v);
		return true;
	}
	if (v > (hex ? umax : smax))
		return false;
	/* Hex above the signed range stands for its two's complement. */
	if (v > smax)
		v |= ~umax;
	*out = (int64_t)v;
	return true;
}

static int
parse_reg(struct asm_state *st, const char *s, unsigned *r)
{
	int64_t v;

	if (s[0] == '%')
		s++;
	if (s[0] != 'r' || !parse_int(s + 1, 8, &v) || s[1] == '-' ||
	    s[1] == '+' || v > 10)
		return syntax(st, "Invalid register", s);
	*r = (unsigned)v;
	return 0;
}

static bool
is_reg(const char *s)
{
	return s[0] == '%' || (s[0] == 'r' && s[1] >= '0' && s[1] <= '9');
}

static int
parse_imm(struct asm_state *st, const char *s, int32_t *imm)
{
	int64_t v;

	if (!parse_int(s, 32, &v))
		return syntax(st, "invalid 32-bit immediate", s);
	*imm = (int32_t)v;
	return 0;
}

/* "[%rN+off]", "[%rN-off]" or "[%rN]". */
static int
parse_mem(struct asm_state *st, char *s, unsigned *r, int16_t *off)
{
	char *p, *close;
	int64_t v = 0;

	if (s[0] != '[')
		return syntax(st, "expected a memory operand [%rN+off], got",
			      s);
	for (close = s; *close != '\0' && *close != ']'; close++)
		;
	if (*close != ']' || close[1] != '\0')
		return syntax(st, "unterminated memory operand", s);
	*close = '\0';
	for (p = s + 1; *p != '\0' && *p != '+' && *p != '-'; p++)
		;
	if (*p != '\0') {
		if (!parse_int(trim(p), 16, &v))
			return syntax(st, "invalid memory offset", p);
		*p = '\0';
	}
	*off = (int16_t)v;
	return parse_reg(st, trim(s + 1), r);
}

static int
find_label(const struct thook_asm *as, const char *name)
{
	for (uint32_t k = 0; k < as->nlabels; k++)
		if (streq(as->labels[k].name, name))
			return (int)k;
	return -1;
}

static int
add_label(struct asm_state *st, const char *name, uint32_t slot)
{
	struct thook_asm *as = st->as;
	size_t k;

	if (find_label(as, name) >= 0)
		return syntax(st, "duplicate label", name);
	if (as->nlabels == THOOK_ASM_MAX_LABELS)
		return -THOOK_ENOSPC;
	for (k = 0; name[k] != '\0' && k < THOOK_ASM_LABEL_LEN; k++)
		as->labels[as->nlabels].name[k] = name[k];
	as->labels[as->nlabels].name[k] = '\0';
	as->labels[as->nlabels].slot = slot;
	as->nlabels++;
	return 0;
}

/* A jump target: +N / -N relative, or a label.  'bits' is 16 or 32. */
static int
parse_target(struct asm_state *st, const char *s, unsigned bits, int32_t *rel)
{
	int64_t v;
	int k;

	if (s[0] == '+' || s[0] == '-') {
		if (!parse_int(s, bits, &v))
			return syntax(st, "invalid jump offset", s);
		*rel = (int32_t)v;
		return 0;
	}
	k = find_label(st->as, s);
	if (k < 0)
		return syntax(st, "Invalid label", s);
	v = (int64_t)st->as->labels[k].slot - (int64_t)st->slot - 1;
	if (bits == 16 && (v < INT16_MIN || v > INT16_MAX))
		return syntax(st, "jump too far for a 16-bit offset to", s);
	*rel = (int32_t)v;
	return 0;
}

/* The kind a mnemonic names; ALU and jump pairs give the K form. */
static int
lookup(const char *mnem, bool atomic)
{
	for (int k = 0; k < K_NKINDS; k++) {
		if ((thook__kinds[k].fmt == F_ATOMIC) != atomic ||
		    thook__kinds[k].x)
			continue;
		if (streq(thook__kinds[k].name, mnem))
			return k;
	}
	/* The register-only forms (movsx) have no K twin. */
	for (int k = 0; k < K_NKINDS; k++)
		if (!atomic && thook__kinds[k].fmt != F_ATOMIC &&
		    streq(thook__kinds[k].name, mnem))
			return k;
	return -1;
}

static int
find_kind(struct asm_state *st, const struct line *ln)
{
	char name[MNEM_MAX];
	size_t n = 0;
	int k;

	if (streq(ln->mnem, "call") && ln->nops == 1 && is_reg(ln->ops[0]))
		return K_NKINDS; /* callx: encoded, refused by validation */
	if (streq(ln->mnem, "call helper"))
		return K_CALL;
	if (ln->mnem[0] == 'l' && ln->mnem[1] == 'o' && ln->mnem[2] == 'c' &&
	    ln->mnem[3] == 'k' && ln->mnem[4] == ' ') {
		k = lookup(ln->mnem + 5, true);
		return k >= 0 ? k
			      : syntax(st, "unknown atomic operation",
				       ln->mnem);
	}
	k = lookup(ln->mnem, false);
	if (k >= 0)
		return k;
	/* Aliases: swapNN for bswapNN, an explicit 64 suffix for 64-bit. */
	while (ln->mnem[n] != '\0' && n + 2 < MNEM_MAX) {
		name[n + 1] = ln->mnem[n];
		n++;
	}
	name[0] = 'b';
	name[n + 1] = '\0';
	if (n == 6 && ln->mnem[0] == 's' && ln->mnem[1] == 'w')
		k = lookup(name, false);
	else if (n > 2 && ln->mnem[n - 2] == '6' && ln->mnem[n - 1] == '4') {
		name[n - 1] = '\0';
		k = lookup(name + 1, false);
		/* The suite allows the suffix on ALU mnemonics only. */
		if (k >= 0 && THOOK_CLASS(thook__kinds[k].code) != THOOK_ALU64)
			k = -1;
	}
	return k >= 0 ? k : syntax(st, "Invalid mnemonic", ln->mnem);
}

static const uint8_t nops_of[] = {
	[F_ALU] = 2,  [F_UNARY] = 1,  [F_LDX] = 2,  [F_ST] = 2,
	[F_STX] = 2,  [F_ATOMIC] = 2, [F_LDDW] = 2, [F_JA] = 1,
	[F_JA32] = 1, [F_JCOND] = 3,  [F_CALL] = 1, [F_CALL_LOCAL] = 1,
	[F_EXIT] = 0,
};

static void
set_regs(struct thook_insn *in, unsigned dst, unsigned src)
{
	in->regs = (uint8_t)((src << 4) | dst);
}

/* Encode the operands of kind k into in[0] (and in[1] for lddw). */
static int
encode(struct asm_state *st, struct line *ln, int k, struct thook_insn *in)
{
	const struct thook_kind_info *ki = &thook__kinds[k];
	unsigned dst = 0, src = 0;
	int32_t rel = 0;
	int64_t v;
	int err = 0;

	in->code = ki->code;
	in->off = ki->off;
	in->imm = ki->imm;
	switch ((enum thook_fmt)ki->fmt) {
	case F_ALU:
	case F_JCOND:
		if ((err = parse_reg(st, ln->ops[0], &dst)) != 0)
			break;
		if (is_reg(ln->ops[1])) {
			if (!ki->x && k + 1 < K_NKINDS && thook__kinds[k + 1].x)
				in->code = thook__kinds[k + 1].code;
			err = parse_reg(st, ln->ops[1], &src);
		} else if (ki->x) {
			err = syntax(st, "needs a register source:", ki->name);
		} else {
			err = parse_imm(st, ln->ops[1], &in->imm);
		}
		if (err == 0 && ki->fmt == F_JCOND) {
			err = parse_target(st, ln->ops[2], 16, &rel);
			in->off = (int16_t)rel;
		}
		break;
	case F_UNARY:
		err = parse_reg(st, ln->ops[0], &dst);
		break;
	case F_LDX:
		if ((err = parse_reg(st, ln->ops[0], &dst)) == 0)
			err = parse_mem(st, ln->ops[1], &src, &in->off);
		break;
	case F_ST:
		if ((err = parse_mem(st, ln->ops[0], &dst, &in->off)) == 0)
			err = parse_imm(st, ln->ops[1], &in->imm);
		break;
	case F_STX:
	case F_ATOMIC:
		if ((err = parse_mem(st, ln->ops[0], &dst, &in->off)) == 0)
			err = parse_reg(st, ln->ops[1], &src);
		break;
	case F_LDDW:
		if ((err = parse_reg(st, ln->ops[0], &dst)) != 0)
			break;
		if (ln->ops[1][0] == 'm' && ln->ops[1][1] == 'a' &&
		    ln->ops[1][2] == 'p' && is_space(ln->ops[1][3])) {
			/* "map N": reference to entry N of the map table. */
			src = 1;
			if (!parse_int(ln->ops[1] + 4, 32, &v) || v < 0)
				return syntax(st, "invalid map index",
					      ln->ops[1]);
		} else if (!parse_int(ln->ops[1], 64, &v)) {
			return syntax(st, "invalid 64-bit immediate",
				      ln->ops[1]);
		}
		in->imm = (int32_t)(uint32_t)(uint64_t)v;
		in[1].code = 0;
		in[1].regs = 0;
		in[1].off = 0;
		in[1].imm = (int32_t)(uint32_t)((uint64_t)v >> 32);
		break;
	case F_JA:
		err = parse_target(st, ln->ops[0], 16, &rel);
		in->off = (int16_t)rel;
		break;
	case F_JA32:
	case F_CALL_LOCAL:
		err = parse_target(st, ln->ops[0], 32, &in->imm);
		src = ki->src;
		break;
	case F_CALL:
		err = parse_imm(st, ln->ops[0], &in->imm);
		break;
	case F_EXIT:
		break;
	}
	set_regs(in, dst, src);
	return err;
}

static int
assemble_line(struct asm_state *st, struct line *ln, struct thook_insn *out,
	      uint32_t cap)
{
	unsigned dst;
	int k, err;

	k = find_kind(st, ln);
	if (k < 0)
		return k;
	if (k == K_NKINDS) {
		/* callx (0x8d, register in dst): outside RFC 9669. */
		if ((err = parse_reg(st, ln->ops[0], &dst)) != 0)
			return err;
		out[st->slot].code = THOOK_JMP | OP_CALL | OP_SRC_X;
		out[st->slot].off = 0;
		out[st->slot].imm = 0;
		set_regs(&out[st->slot], dst, 0);
		return 1;
	}
	if (ln->nops != nops_of[thook__kinds[k].fmt])
		return syntax(st, "Invalid number of operands for", ln->mnem);
	if (k == K_LDDW && st->slot + 1 >= cap)
		return -THOOK_ENOSPC;
	err = encode(st, ln, k, &out[st->slot]);
	return err < 0 ? err : (k == K_LDDW ? 2 : 1);
}

/* Copy line 'lineno' (from *pos) without its comment; false at the end. */
static int
next_line(struct asm_state *st, const char *text, size_t len, size_t *pos,
	  struct line *ln)
{
	size_t n = 0;
	bool comment = false;

	if (*pos >= len)
		return 0;
	st->lineno++;
	for (; *pos < len && text[*pos] != '\n'; (*pos)++) {
		if (text[*pos] == '#' || text[*pos] == '\0')
			comment = true;
		if (comment)
			continue;
		if (n + 1 >= LINE_MAX)
			return syntax(st, "line too long", NULL);
		ln->text[n++] = text[*pos];
	}
	if (*pos < len)
		(*pos)++;
	ln->text[n] = '\0';
	return 1;
}

/* Pass 1: the slot of every label, and of the first exit. */
static int
find_labels(struct asm_state *st, const char *text, size_t len, struct line *ln)
{
	size_t pos = 0;
	int32_t first_exit = -1;
	int more, err;

	while ((more = next_line(st, text, len, &pos, ln)) > 0) {
		if ((err = split(st, ln)) != 0)
			return err;
		if (ln->label) {
			if ((err = add_label(st, ln->mnem, st->slot)) != 0)
				return err;
			continue;
		}
		if (ln->mnem[0] == '\0')
			continue;
		if (first_exit < 0 && streq(ln->mnem, "exit"))
			first_exit = (int32_t)st->slot;
		st->slot += streq(ln->mnem, "lddw") ? 2u : 1u;
	}
	if (more < 0)
		return more;
	if (first_exit >= 0 && find_label(st->as, "exit") < 0)
		return add_label(st, "exit", (uint32_t)first_exit);
	return 0;
}

int
thook_asm(struct thook_asm *as, const char *text, size_t len,
	  struct thook_insn *out, uint32_t cap, struct thook_diag *diag)
{
	struct asm_state st = {as, diag, 0, 0};
	struct line ln;
	size_t pos = 0;
	int more, n;

	if (as == NULL || (text == NULL && len > 0) || out == NULL)
		return -THOOK_EINVAL;
	as->nlabels = 0;
	if ((n = find_labels(&st, text, len, &ln)) != 0)
		return n;
	if (st.slot > cap)
		return -THOOK_ENOSPC;
	st.lineno = 0;
	st.slot = 0;
	while ((more = next_line(&st, text, len, &pos, &ln)) > 0) {
		if ((n = split(&st, &ln)) != 0)
			return n;
		if (ln.label || ln.mnem[0] == '\0')
			continue;
		if ((n = assemble_line(&st, &ln, out, cap)) < 0)
			return n;
		st.slot += (uint32_t)n;
	}
	return more < 0 ? more : (int)st.slot;
}
