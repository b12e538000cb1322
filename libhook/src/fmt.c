/* SPDX-License-Identifier: BSD-2-Clause */
/* A bounded string builder for diagnostics and disassembly. */
#include "hook_impl.h"

void
thook__sb_init(struct thook_sb *sb, char *buf, size_t cap)
{
	sb->buf = buf;
	sb->cap = cap;
	sb->len = 0;
	sb->full = false;
	if (cap > 0)
		buf[0] = '\0';
}

void
thook__sb_putc(struct thook_sb *sb, char c)
{
	if (sb->len + 1 >= sb->cap) {
		sb->full = true;
		return;
	}
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void
thook__sb_puts(struct thook_sb *sb, const char *s)
{
	while (*s != '\0')
		thook__sb_putc(sb, *s++);
}

static void
put_digits(struct thook_sb *sb, uint64_t v, unsigned base)
{
	char tmp[20];
	unsigned k = 0;

	do {
		tmp[k++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	while (k > 0)
		thook__sb_putc(sb, tmp[--k]);
}

void
thook__sb_putd(struct thook_sb *sb, int64_t v)
{
	if (v < 0) {
		thook__sb_putc(sb, '-');
		put_digits(sb, (uint64_t)0 - (uint64_t)v, 10);
	} else {
		put_digits(sb, (uint64_t)v, 10);
	}
}

void
thook__sb_putx(struct thook_sb *sb, uint64_t v)
{
	thook__sb_puts(sb, "0x");
	put_digits(sb, v, 16);
}

void
thook__diag_insn(struct thook_diag *diag, const struct thook_insn *insns,
		 uint32_t n, uint32_t i, const char *why)
{
	struct thook_sb sb;
	char text[THOOK_DISASM_LEN];

	if (diag == NULL)
		return;
	diag->index = i;
	diag->line = 0;
	(void)thook_disasm(insns, n, i, text, sizeof(text));
	thook__sb_init(&sb, diag->msg, sizeof(diag->msg));
	thook__sb_puts(&sb, text);
	thook__sb_puts(&sb, ": ");
	thook__sb_puts(&sb, why);
}
