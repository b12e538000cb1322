/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Disassembler: one instruction to the text syntax of the bpf_conformance
 * suite, which thook_asm() reads back.
 */
#include "hook_impl.h"

static void
put_reg(struct thook_sb *sb, unsigned r)
{
	thook__sb_puts(sb, "%r");
	thook__sb_putd(sb, r);
}

/* Small immediates in decimal, others as the hex of their 32 bits. */
static void
put_imm(struct thook_sb *sb, int32_t imm)
{
	if (imm > -4096 && imm < 4096)
		thook__sb_putd(sb, imm);
	else
		thook__sb_putx(sb, (uint32_t)imm);
}

static void
put_mem(struct thook_sb *sb, unsigned r, int16_t off)
{
	thook__sb_putc(sb, '[');
	put_reg(sb, r);
	thook__sb_putc(sb, off < 0 ? '-' : '+');
	thook__sb_putd(sb, off < 0 ? -(int32_t)off : off);
	thook__sb_putc(sb, ']');
}

static void
put_rel(struct thook_sb *sb, int32_t rel)
{
	if (rel >= 0)
		thook__sb_putc(sb, '+');
	thook__sb_putd(sb, rel);
}

static void
put_operands(struct thook_sb *sb, const struct thook_insn *in,
	     const struct thook_kind_info *k)
{
	unsigned dst = THOOK_DST(*in), src = THOOK_SRC(*in);

	switch ((enum thook_fmt)k->fmt) {
	case F_ALU:
	case F_JCOND:
		put_reg(sb, dst);
		thook__sb_puts(sb, ", ");
		if (k->x)
			put_reg(sb, src);
		else
			put_imm(sb, in->imm);
		if (k->fmt == F_JCOND) {
			thook__sb_puts(sb, ", ");
			put_rel(sb, in->off);
		}
		break;
	case F_UNARY:
		put_reg(sb, dst);
		break;
	case F_LDX:
		put_reg(sb, dst);
		thook__sb_puts(sb, ", ");
		put_mem(sb, src, in->off);
		break;
	case F_ST:
	case F_STX:
	case F_ATOMIC:
		put_mem(sb, dst, in->off);
		thook__sb_puts(sb, ", ");
		if (k->fmt == F_ST)
			put_imm(sb, in->imm);
		else
			put_reg(sb, src);
		break;
	case F_LDDW:
		put_reg(sb, dst);
		thook__sb_puts(sb, src == 1 ? ", map " : ", ");
		if (src == 1)
			thook__sb_putd(sb, in->imm);
		else
			thook__sb_putx(
				sb,
				(uint64_t)(uint32_t)in[0].imm |
					((uint64_t)(uint32_t)in[1].imm << 32));
		break;
	case F_JA:
		put_rel(sb, in->off);
		break;
	case F_JA32:
	case F_CALL_LOCAL:
		put_rel(sb, in->imm);
		break;
	case F_CALL:
		put_imm(sb, in->imm);
		break;
	case F_EXIT:
		break;
	}
}

static void
put_raw(struct thook_sb *sb, const struct thook_insn *in)
{
	thook__sb_puts(sb, ".insn ");
	thook__sb_putx(sb, in->code);
	thook__sb_puts(sb, ", dst ");
	thook__sb_putd(sb, THOOK_DST(*in));
	thook__sb_puts(sb, ", src ");
	thook__sb_putd(sb, THOOK_SRC(*in));
	thook__sb_puts(sb, ", off ");
	thook__sb_putd(sb, in->off);
	thook__sb_puts(sb, ", imm ");
	thook__sb_putd(sb, in->imm);
}

int
thook_disasm(const struct thook_insn *insns, uint32_t n, uint32_t i, char *buf,
	     size_t len)
{
	const struct thook_kind_info *k;
	struct thook_op op;
	struct thook_sb sb;
	const char *why;
	int slots;

	if (insns == NULL || buf == NULL || len == 0 || i >= n)
		return -THOOK_EINVAL;
	thook__sb_init(&sb, buf, len);
	slots = thook__decode(insns, n, i, false, &op, &why);
	if (slots < 0) {
		put_raw(&sb, &insns[i]);
		return sb.full ? -THOOK_ENOSPC : slots;
	}
	k = &thook__kinds[op.kind];
	if (k->fmt == F_ATOMIC)
		thook__sb_puts(&sb, "lock ");
	thook__sb_puts(&sb, k->name);
	if (k->fmt != F_EXIT)
		thook__sb_putc(&sb, ' ');
	put_operands(&sb, &insns[i], k);
	return sb.full ? -THOOK_ENOSPC : slots;
}
