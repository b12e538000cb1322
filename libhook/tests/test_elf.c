/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF loader: objects compiled by clang from tests/bpf/ (paths given on
 * the command line; skipped when clang was not found at build time), and
 * a hand-made object mutated into every malformed form the loader refuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfixture.h"

/* ---- a hand-made object ------------------------------------------------ */

enum {
	S_NULL,
	S_SHSTR,
	S_STR,
	S_SYM,
	S_TEXT,
	S_PROG,
	S_REL,
	S_LIC,
	S_MAPS,
	NSEC
};

#define IMG_CAP (600 * 1024)

static uint8_t img[IMG_CAP];
static size_t img_len;
static size_t sh_at; /* offset of the section header table */
static size_t sec_off[NSEC];

static const char shstr[] = "\0.shstrtab\0.strtab\0.symtab\0.text\0prog\0"
			    ".relprog\0license\0maps";
static const char strtab[] = "\0m\0f";

static void
put(size_t at, uint64_t v, unsigned bytes)
{
	for (unsigned k = 0; k < bytes; k++)
		img[at + k] = (uint8_t)(v >> (8 * k));
}

static size_t
add(const void *data, size_t len)
{
	size_t at = (img_len + 7) & ~(size_t)7;

	memcpy(img + at, data, len);
	img_len = at + len;
	return at;
}

static uint32_t
shname(const char *name)
{
	for (uint32_t k = 1; k < sizeof(shstr); k++)
		if (strcmp(shstr + k, name) == 0 && shstr[k - 1] == '\0')
			return k;
	abort();
}

/* Section header field offsets. */
#define SH(i)	   (sh_at + (size_t)(i)*64)
#define SH_TYPE	   4
#define SH_FLAGS   8
#define SH_OFFSET  24
#define SH_SIZE	   32
#define SH_LINK	   40
#define SH_INFO	   44
#define SH_ENTSIZE 56

static void
shdr(uint32_t i, const char *name, uint32_t type, uint64_t flags, size_t off,
     size_t size, uint32_t link, uint32_t info, uint64_t entsize)
{
	put(SH(i), name != NULL ? shname(name) : 0, 4);
	put(SH(i) + SH_TYPE, type, 4);
	put(SH(i) + SH_FLAGS, flags, 8);
	put(SH(i) + SH_OFFSET, off, 8);
	put(SH(i) + SH_SIZE, size, 8);
	put(SH(i) + SH_LINK, link, 4);
	put(SH(i) + SH_INFO, info, 4);
	put(SH(i) + SH_ENTSIZE, entsize, 8);
}

/*
 * prog:  0 lddw r1, m (R_BPF_64_64)  2 call f (R_BPF_64_32)  3 exit
 * .text: 0 mov r0, 7                 1 exit
 */
static void
build(void)
{
	static const uint8_t text[] = {0xb7, 0, 0, 0, 7, 0, 0, 0,
				       0x95, 0, 0, 0, 0, 0, 0, 0};
	static const uint8_t prog[] = {0x18, 0x01, 0, 0, 0,    0,    0,	   0,
				       0,    0,	   0, 0, 0,    0,    0,	   0,
				       0x85, 0x10, 0, 0, 0xff, 0xff, 0xff, 0xff,
				       0x95, 0,	   0, 0, 0,    0,    0,	   0};
	uint8_t rel[32] = {0}, sym[3 * 24] = {0}, maps[20] = {0};

	memset(img, 0, sizeof(img));
	img_len = 64;
	/* rel 0: offset 0, sym 1 (m), type 1; rel 1: offset 16, sym 2, 10 */
	rel[8] = 1, rel[12] = 1;
	rel[16] = 16, rel[24] = 10, rel[28] = 2;
	/* sym 1: m, OBJECT, in maps, size 20; sym 2: f, FUNC, in .text */
	sym[24] = 1, sym[28] = 0x11, sym[30] = S_MAPS, sym[40] = 20;
	sym[48] = 3, sym[52] = 0x12, sym[54] = S_TEXT, sym[64] = 16;
	maps[0] = 2, maps[4] = 8, maps[8] = 8, maps[12] = 64;
	sec_off[S_SHSTR] = add(shstr, sizeof(shstr));
	sec_off[S_STR] = add(strtab, sizeof(strtab));
	sec_off[S_SYM] = add(sym, sizeof(sym));
	sec_off[S_TEXT] = add(text, sizeof(text));
	sec_off[S_PROG] = add(prog, sizeof(prog));
	sec_off[S_REL] = add(rel, sizeof(rel));
	sec_off[S_LIC] = add("GPL", 4);
	sec_off[S_MAPS] = add(maps, sizeof(maps));
	sh_at = (img_len + 7) & ~(size_t)7;
	img_len = sh_at + NSEC * 64;
	shdr(S_SHSTR, ".shstrtab", 3, 0, sec_off[S_SHSTR], sizeof(shstr), 0, 0,
	     0);
	shdr(S_STR, ".strtab", 3, 0, sec_off[S_STR], sizeof(strtab), 0, 0, 0);
	shdr(S_SYM, ".symtab", 2, 0, sec_off[S_SYM], sizeof(sym), S_STR, 1, 24);
	shdr(S_TEXT, ".text", 1, 6, sec_off[S_TEXT], sizeof(text), 0, 0, 0);
	shdr(S_PROG, "prog", 1, 6, sec_off[S_PROG], sizeof(prog), 0, 0, 0);
	shdr(S_REL, ".relprog", 9, 0, sec_off[S_REL], sizeof(rel), S_SYM,
	     S_PROG, 16);
	shdr(S_LIC, "license", 1, 3, sec_off[S_LIC], 4, 0, 0, 0);
	shdr(S_MAPS, "maps", 1, 3, sec_off[S_MAPS], sizeof(maps), 0, 0, 0);
	memcpy(img, "\177ELF\2\1\1", 7);
	put(16, 1, 2);	     /* ET_REL */
	put(18, 247, 2);     /* EM_BPF */
	put(20, 1, 4);	     /* version */
	put(40, sh_at, 8);   /* e_shoff */
	put(52, 64, 2);	     /* e_ehsize */
	put(58, 64, 2);	     /* e_shentsize */
	put(60, NSEC, 2);    /* e_shnum */
	put(62, S_SHSTR, 2); /* e_shstrndx */
}

static const char *const names[] = {"x", "m"};
static struct thook_insn out[64];

static int
load(const char *section, struct thook_elf_prog *info, struct thook_diag *d)
{
	return thook_elf_load(img, img_len, section, names, 2, out, 64, info,
			      d);
}

static void
test_thook_elf_load__hand_made_object(void **state)
{
	struct thook_elf_prog info;
	struct thook_diag d;

	(void)state;
	build();
	assert_int_equal(load(NULL, &info, &d), 0);
	assert_int_equal(info.n, 6);
	assert_int_equal(info.text_base, 4);
	assert_string_equal(info.section, "prog");
	assert_string_equal(info.license, "GPL");
	/* lddw r1, map 1; call local to slot 4 */
	assert_int_equal(out[0].regs, 0x11);
	assert_int_equal(out[0].imm, 1);
	assert_int_equal(out[2].imm, 4 - 3);
	assert_int_equal(out[4].code, 0xb7);
	assert_int_equal(thook_validate(out, info.n, &d), 0);
	assert_int_equal(load("prog", &info, &d), 0);
	/* .text alone: no call out of it, no relocations. */
	assert_int_equal(load(".text", &info, &d), 0);
	assert_int_equal(info.n, 2);
	assert_int_equal(info.text_base, 2);
}

static void
test_thook_elf_load__bad_arguments(void **state)
{
	struct thook_elf_prog info;

	(void)state;
	build();
	assert_int_equal(thook_elf_load(NULL, img_len, NULL, names, 2, out, 64,
					&info, NULL),
			 -THOOK_EINVAL);
	assert_int_equal(thook_elf_load(img, img_len, NULL, names, 2, NULL, 64,
					&info, NULL),
			 -THOOK_EINVAL);
	assert_int_equal(thook_elf_load(img, img_len, NULL, names, 2, out, 64,
					NULL, NULL),
			 -THOOK_EINVAL);
	assert_int_equal(thook_elf_load(img, img_len, NULL, NULL, 2, out, 64,
					&info, NULL),
			 -THOOK_EINVAL);
	/* Too little room; nothing written. */
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(thook_elf_load(img, img_len, NULL, names, 2, out, 5,
					&info, NULL),
			 -THOOK_ENOSPC);
	assert_int_equal(out[0].code, 0xaa);
}

/* One malformed form: a patch applied to a fresh object. */
struct bad {
	const char *what;
	size_t at;     /* absolute offset, or */
	int sec;       /* section header (with field) when >= 0 */
	size_t field;  /* field offset in the header / section */
	uint64_t val;  /* value written */
	unsigned size; /* bytes */
	const char *msg;
};

#define HDR(at, v, n, m)                             \
	{                                            \
		"header", (at), -1, 0, (v), (n), (m) \
	}
#define SHF(s, f, v, n, m)                     \
	{                                      \
#s, 0, (s), (f), (v), (n), (m) \
	}
#define DATA(s, f, v, n, m)                               \
	{                                                 \
#s " data", 0, -(s)-2, (f), (v), (n), (m) \
	}

static const struct bad bads[] = {
	HDR(0, 0x7e, 1, "not a little-endian ELF64"),
	HDR(4, 1, 1, "not a little-endian ELF64"),
	HDR(5, 2, 1, "not a little-endian ELF64"),
	HDR(16, 2, 2, "not a relocatable object"),
	HDR(18, 62, 2, "not a BPF object"),
	HDR(58, 40, 2, "must be 64"),
	HDR(60, 0, 2, "no sections"),
	HDR(60, 200, 2, "outside the file"),
	HDR(40, 1ull << 62, 8, "outside the file"),
	HDR(62, NSEC, 2, "no such section"),
	HDR(62, S_SYM, 2, "not a string table"),
	SHF(S_TEXT, SH_OFFSET, 1ull << 40, 8, "contents outside the file"),
	SHF(S_TEXT, SH_SIZE, ~0ull, 8, "contents outside the file"),
	SHF(S_SYM, SH_ENTSIZE, 16, 8, "not 24 bytes"),
	SHF(S_SYM, SH_SIZE, 25, 8, "not 24 bytes"),
	SHF(S_SYM, SH_LINK, NSEC, 4, "symbol names in no section"),
	SHF(S_SYM, SH_LINK, S_PROG, 4, "symbol names not in a string table"),
	SHF(S_PROG, 0, 1000, 4, "name outside its string table"),
	SHF(S_SHSTR, SH_SIZE, 10, 8, "name not terminated"),
	SHF(S_PROG, SH_SIZE, 28, 8, "not a whole number of instructions"),
	SHF(S_TEXT, SH_SIZE, 12, 8, "not a whole number of instructions"),
	SHF(S_REL, SH_TYPE, 4, 4, "RELA relocations are not supported"),
	SHF(S_REL, SH_ENTSIZE, 24, 8, "not 16 bytes"),
	SHF(S_REL, SH_SIZE, 20, 8, "not 16 bytes"),
	SHF(S_REL, SH_LINK, S_STR, 4, "without the symbol table"),
	DATA(S_REL, 0, 4, 8, "not on an instruction"),
	DATA(S_REL, 0, 32, 8, "not on an instruction"),
	DATA(S_REL, 12, 9, 4, "no such symbol"),
	DATA(S_PROG, 0, 0xb7, 1, "map relocation not on an lddw"),
	DATA(S_REL, 0, 24, 8, "map relocation not on an lddw"),
	DATA(S_REL, 12, 2, 4, "not in the map table"),
	DATA(S_STR, 1, 'q', 1, "not in the map table"),
	DATA(S_SYM, 24, 900, 4, "name outside its string table"),
	DATA(S_PROG, 16, 0x95, 1, "call relocation not on a local call"),
	DATA(S_PROG, 17, 0x00, 1, "call relocation not on a local call"),
	DATA(S_SYM, 54, S_MAPS, 2, "call into another section"),
	DATA(S_SYM, 56, 4, 8, "call target not on an instruction"),
	DATA(S_SYM, 56, 16, 8, "call target outside its section"),
	DATA(S_PROG, 20, 0xfd, 1, "call target outside its section"),
	DATA(S_REL, 24, 3, 4, "not supported on code"),
	SHF(S_LIC, SH_TYPE, 8, 4, "license has no contents"),
	DATA(S_LIC, 3, 'L', 1, "license not terminated"),
};

static void
apply(const struct bad *b)
{
	build();
	if (b->sec == -1)
		put(b->at, b->val, b->size);
	else if (b->sec >= 0)
		put(SH(b->sec) + b->field, b->val, b->size);
	else
		put(sec_off[-b->sec - 2] + b->field, b->val, b->size);
}

static void
test_thook_elf_load__malformed_refused(void **state)
{
	struct thook_elf_prog info = {0};
	struct thook_diag d;

	(void)state;
	for (size_t k = 0; k < sizeof(bads) / sizeof(bads[0]); k++) {
		apply(&bads[k]);
		memset(out, 0xaa, sizeof(out));
		memset(&d, 0, sizeof(d));
		if (load(NULL, &info, &d) != -THOOK_ENOEXEC ||
		    strstr(d.msg, bads[k].msg) == NULL)
			fail_msg("case %zu (%s): got \"%s\"", k, bads[k].what,
				 d.msg);
		assert_int_equal(out[0].code, 0xaa);
		/* The loader never reads past the size it is given. */
		for (size_t cut = 0; cut < img_len; cut += 61)
			(void)thook_elf_load(img, cut, NULL, names, 2, out, 64,
					     &info, NULL);
	}
}

static void
test_thook_elf_load__section_choice(void **state)
{
	struct thook_elf_prog info;
	struct thook_diag d;

	(void)state;
	build();
	assert_int_equal(load("nope", &info, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "none has the name"));
	assert_int_equal(load("maps", &info, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "not a program"));
	/* Without code sections. */
	put(SH(S_PROG) + SH_FLAGS, 2, 8);
	put(SH(S_TEXT) + SH_FLAGS, 2, 8);
	assert_int_equal(load(NULL, &info, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "none in the object"));
	/* Only .text is code: it is the program. */
	build();
	put(SH(S_PROG) + SH_FLAGS, 2, 8);
	assert_int_equal(load(NULL, &info, &d), 0);
	assert_string_equal(info.section, ".text");
	/* A bad section name while searching. */
	build();
	put(SH(S_TEXT), 999, 4);
	assert_int_equal(load(NULL, &info, &d), -THOOK_ENOEXEC);
	assert_int_equal(load("prog", &info, &d), -THOOK_ENOEXEC);
	/* No .text and no call: fine; no license: empty. */
	build();
	put(SH(S_REL) + SH_INFO, S_LIC, 4);
	put(SH(S_LIC), shname("maps"), 4);
	put(SH(S_TEXT) + SH_FLAGS, 2, 8);
	assert_int_equal(load("prog", &info, &d), 0);
	assert_int_equal(info.n, 4);
	assert_string_equal(info.license, "");
}

static void
test_thook_elf_load__limits(void **state)
{
	struct thook_elf_prog info;
	struct thook_diag d;
	char longname[80];

	(void)state;
	/* A license, a section name and a map name longer than
	 * THOOK_ELF_NAME_LEN. */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	build();
	put(SH(S_LIC) + SH_OFFSET, add(longname, sizeof(longname)), 8);
	put(SH(S_LIC) + SH_SIZE, sizeof(longname), 8);
	assert_int_equal(load(NULL, &info, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "license too long"));
	build();
	{
		char buf[sizeof(shstr) + sizeof(longname)];
		struct thook_elf_map m[1];

		memcpy(buf, shstr, sizeof(shstr));
		memcpy(buf + sizeof(shstr), longname, sizeof(longname));
		put(SH(S_SHSTR) + SH_OFFSET, add(buf, sizeof(buf)), 8);
		put(SH(S_SHSTR) + SH_SIZE, sizeof(buf), 8);
		put(SH(S_PROG), sizeof(shstr), 4);
		assert_int_equal(load(NULL, &info, &d), -THOOK_ENOEXEC);
		assert_non_null(strstr(d.msg, "name too long"));
		build();
		memcpy(buf, strtab, sizeof(strtab));
		memcpy(buf + sizeof(strtab), longname, sizeof(longname));
		put(SH(S_STR) + SH_OFFSET, add(buf, sizeof(strtab) + 80), 8);
		put(SH(S_STR) + SH_SIZE, sizeof(strtab) + 80, 8);
		put(sec_off[S_SYM] + 24, sizeof(strtab), 4);
		assert_int_equal(thook_elf_maps(img, img_len, m, 1, &d),
				 -THOOK_ENOEXEC);
		assert_non_null(strstr(d.msg, "name too long"));
	}
	/* A program longer than THOOK_MAX_INSNS slots. */
	build();
	put(SH(S_PROG) + SH_OFFSET, 0, 8);
	put(SH(S_PROG) + SH_SIZE, 8ull * (THOOK_MAX_INSNS + 1), 8);
	put(SH(S_REL) + SH_INFO, S_LIC, 4);
	assert_true(8ull * (THOOK_MAX_INSNS + 1) <= IMG_CAP);
	assert_int_equal(thook_elf_load(img, IMG_CAP, "prog", names, 2, out, 64,
					&info, &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "longer than the largest"));
}

static void
test_thook_elf_maps__definitions(void **state)
{
	struct thook_elf_map m[2];
	struct thook_diag d;

	(void)state;
	build();
	assert_int_equal(thook_elf_maps(img, img_len, NULL, 0, &d), 1);
	assert_int_equal(thook_elf_maps(img, img_len, m, 2, &d), 1);
	assert_string_equal(m[0].name, "m");
	assert_int_equal(m[0].type, 2);
	assert_int_equal(m[0].key_size, 8);
	assert_int_equal(m[0].value_size, 8);
	assert_int_equal(m[0].max_entries, 64);
	assert_int_equal(m[0].flags, 0);
	/* A 16-byte definition has no flags. */
	put(sec_off[S_SYM] + 40, 16, 8);
	put(sec_off[S_MAPS] + 16, 5, 4);
	assert_int_equal(thook_elf_maps(img, img_len, m, 2, &d), 1);
	assert_int_equal(m[0].flags, 0);
	/* Errors. */
	assert_int_equal(thook_elf_maps(NULL, img_len, m, 2, &d),
			 -THOOK_EINVAL);
	assert_int_equal(thook_elf_maps(img, img_len, NULL, 2, &d),
			 -THOOK_EINVAL);
	assert_int_equal(thook_elf_maps(img, 10, m, 2, &d), -THOOK_ENOEXEC);
	build();
	assert_int_equal(thook_elf_maps(img, img_len, m, 0, &d), -THOOK_ENOSPC);
	put(sec_off[S_SYM] + 40, 12, 8);
	assert_int_equal(thook_elf_maps(img, img_len, m, 2, &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "shorter than 16"));
	build();
	put(sec_off[S_SYM] + 32, 8, 8);
	assert_int_equal(thook_elf_maps(img, img_len, m, 2, &d),
			 -THOOK_ENOEXEC);
	build();
	put(sec_off[S_SYM] + 32, 100, 8);
	assert_int_equal(thook_elf_maps(img, img_len, m, 2, &d),
			 -THOOK_ENOEXEC);
	build();
	put(sec_off[S_SYM] + 24, 900, 4);
	assert_int_equal(thook_elf_maps(img, img_len, m, 2, &d),
			 -THOOK_ENOEXEC);
	build();
	put(SH(S_MAPS) + SH_TYPE, 8, 4);
	assert_int_equal(thook_elf_maps(img, img_len, m, 2, &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "maps has no contents"));
	build();
	put(SH(S_TEXT), 999, 4);
	assert_int_equal(thook_elf_maps(img, img_len, m, 2, &d),
			 -THOOK_ENOEXEC);
	/* Symbols of other kinds are skipped; no maps section: 0. */
	build();
	put(sec_off[S_SYM] + 28, 0x12, 1);
	assert_int_equal(thook_elf_maps(img, img_len, m, 2, &d), 0);
	build();
	put(SH(S_MAPS), shname("prog"), 4);
	put(SH(S_PROG), shname(".text"), 4);
	put(SH(S_TEXT), shname(".strtab"), 4);
	assert_int_equal(thook_elf_maps(img, img_len, m, 2, &d), 0);
}

/* ---- objects compiled by clang ----------------------------------------- */

static const char *obj_counter;
static const char *obj_flows;
static uint8_t file[65536];

static size_t
read_obj(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(file, 1, sizeof(file), f);
	fclose(f);
	return n;
}

/*
 * Load the object's syscall_enter program with the map table, verify it
 * and attach it alone to h.
 */
static void
attach_obj(size_t len, const char *const *mnames,
	   const struct thook_map **table, uint32_t nmaps,
	   struct thook_hook_prog *hp, struct thook_op *ops,
	   struct thook_hook *h, const struct thook_hook_prog **slots,
	   struct thook_elf_prog *info)
{
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_diag d;

	assert_int_equal(thook_elf_load(file, len, "syscall_enter", mnames,
					nmaps, vf_insns, VCAP, info, &d),
			 0);
	vf_cfg(&cfg, &w, THOOK_HOOK_SYSCALL_ENTER);
	cfg.maps = table;
	cfg.nmaps = nmaps;
	assert_int_equal(
		thook_hook_load(hp, ops, VCAP, vf_insns, info->n, &cfg, &w, &d),
		0);
	assert_int_equal(thook_hook_init(h, THOOK_HOOK_SYSCALL_ENTER, slots, 1),
			 0);
	assert_int_equal(thook_hook_attach(h, hp), 0);
}

static void
test_thook_elf_load__clang_counter(void **state)
{
	static struct thook_op ops[VCAP];
	static uint64_t stack[THOOK_STACK_BYTES / 8];
	static uint64_t hmem[2048];
	struct thook_elf_map defs[4];
	const char *mnames[4];
	const struct thook_map *table[1];
	struct thook_map map;
	struct thook_elf_prog info;
	struct thook_hook_prog hp;
	const struct thook_hook_prog *slots[1];
	struct thook_hook h;
	struct thook_ctx_syscall_enter ctx = {0};
	struct thook_env env = {0};
	struct thook_exec x = {0};
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_diag d;
	uint64_t key = 39, *v, result;
	size_t len;
	int nm;

	(void)state;
	if (obj_counter == NULL)
		skip();
	len = read_obj(obj_counter);
	nm = thook_elf_maps(file, len, defs, 4, &d);
	assert_int_equal(nm, 1);
	assert_string_equal(defs[0].name, "counts");
	assert_int_equal(defs[0].type, THOOK_MAP_HASH);
	assert_int_equal(thook_map_init(&map, defs[0].type, defs[0].key_size,
					defs[0].value_size, defs[0].max_entries,
					hmem, sizeof(hmem), vf_seed),
			 0);
	mnames[0] = defs[0].name;
	table[0] = &map;
	attach_obj(len, mnames, table, 1, &hp, ops, &h, slots, &info);
	assert_string_equal(info.license, "BSD-2-Clause");
	assert_true(info.text_base < info.n); /* calls policy() in .text */
	x.stack = stack;
	x.stack_size = sizeof(stack);
	for (int k = 0; k < 3; k++) {
		ctx.nr = 39;
		assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &result),
				 0);
		assert_int_equal(result, 0);
	}
	ctx.nr = 59;
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &result), 0);
	assert_int_equal(result, 1);
	v = thook_map_lookup(&map, &key);
	assert_non_null(v);
	assert_int_equal(*v, 3);
	/* The map is named by the embedder: unknown names are refused. */
	mnames[0] = "other";
	assert_int_equal(thook_elf_load(file, len, "syscall_enter", mnames, 1,
					vf_insns, VCAP, &info, &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "not in the map table"));
	/* The second program of the object, and the default choice. */
	assert_int_equal(thook_elf_load(file, len, "ipc_send", NULL, 0,
					vf_insns, VCAP, &info, &d),
			 0);
	assert_int_equal(info.text_base, info.n);
	vf_cfg(&cfg, &w, THOOK_HOOK_IPC_SEND);
	assert_int_equal(thook_verify(vf_insns, info.n, &cfg, &w, &d), 0);
}

/* Offset of the header of the section named 'name' in 'file'. */
static size_t
shdr_of(size_t len, const char *name)
{
	uint64_t shoff = 0, str;
	unsigned shnum = (unsigned)(file[60] | file[61] << 8),
		 strsec = file[62];

	for (int k = 7; k >= 0; k--)
		shoff = shoff << 8 | file[40 + k];
	assert_true(shoff + 64ull * shnum <= len);
	str = 0;
	for (int k = 7; k >= 0; k--)
		str = str << 8 |
		      file[shoff + 64ull * strsec + 24 + (unsigned)k];
	for (unsigned i = 0; i < shnum; i++) {
		size_t h = (size_t)(shoff + 64ull * i);
		uint32_t nm = (uint32_t)file[h] | (uint32_t)file[h + 1] << 8 |
			      (uint32_t)file[h + 2] << 16 |
			      (uint32_t)file[h + 3] << 24;

		if (strcmp((const char *)file + str + nm, name) == 0)
			return h;
	}
	fail_msg("no section %s", name);
	return 0;
}

static void
test_thook_elf_maps__clang_btf_maps(void **state)
{
	static struct thook_op ops[VCAP];
	static uint64_t stack[THOOK_STACK_BYTES / 8];
	static uint64_t hmem[2][2048];
	struct thook_elf_map defs[4];
	const char *mnames[2];
	const struct thook_map *table[2];
	struct thook_map maps[2];
	struct thook_elf_prog info;
	struct thook_hook_prog hp;
	const struct thook_hook_prog *slots[1];
	struct thook_hook h;
	struct thook_ctx_syscall_enter ctx = {0};
	struct thook_env env = {0};
	struct thook_exec x = {0};
	struct thook_diag d;
	uint32_t key = 3, zero = 0;
	uint64_t *v, result;
	size_t len, h_btf;
	int nm;

	(void)state;
	if (obj_flows == NULL)
		skip();
	len = read_obj(obj_flows);
	assert_int_equal(thook_elf_maps(file, len, NULL, 0, &d), 2);
	nm = thook_elf_maps(file, len, defs, 4, &d);
	assert_int_equal(nm, 2);
	assert_string_equal(defs[0].name, "flows");
	assert_int_equal(defs[0].type, THOOK_MAP_HASH);
	assert_int_equal(defs[0].key_size, 4);
	assert_int_equal(defs[0].value_size, 16);
	assert_int_equal(defs[0].max_entries, 64);
	assert_int_equal(defs[0].flags, 0);
	assert_string_equal(defs[1].name, "total");
	assert_int_equal(defs[1].type, THOOK_MAP_ARRAY);
	assert_int_equal(defs[1].key_size, 4);
	assert_int_equal(defs[1].value_size, 8);
	assert_int_equal(defs[1].max_entries, 1);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(
			thook_map_init(&maps[k], defs[k].type, defs[k].key_size,
				       defs[k].value_size, defs[k].max_entries,
				       hmem[k], sizeof(hmem[k]), vf_seed),
			0);
		mnames[k] = defs[k].name;
		table[k] = &maps[k];
	}
	attach_obj(len, mnames, table, 2, &hp, ops, &h, slots, &info);
	x.stack = stack;
	x.stack_size = sizeof(stack);
	for (int k = 0; k < 3; k++) {
		ctx.nr = 3;
		ctx.args[0] = 100 + (uint64_t)k;
		assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &result),
				 0);
		assert_int_equal(result, 0);
	}
	v = thook_map_lookup(&maps[0], &key);
	assert_non_null(v);
	assert_int_equal(v[0], 3);
	assert_int_equal(v[1], 303);
	v = thook_map_lookup(&maps[1], &zero);
	assert_non_null(v);
	assert_int_equal(*v, 3);

	/* Without its BTF, or with an empty one, .maps is refused. */
	h_btf = shdr_of(len, ".BTF");
	file[h_btf + 4] = 8; /* SHT_NOBITS */
	assert_int_equal(thook_elf_maps(file, len, defs, 4, &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, ".BTF has no contents"));
	file[h_btf + 4] = 1;
	file[h_btf] = (uint8_t)(file[h_btf] + 1); /* names "BTF" */
	assert_int_equal(thook_elf_maps(file, len, defs, 4, &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "without .BTF"));
	len = read_obj(obj_flows);
	/* More maps than the caller's table holds. */
	assert_int_equal(thook_elf_maps(file, len, defs, 1, &d), -THOOK_ENOSPC);
	/* A map symbol the BTF does not describe. */
	{
		size_t hs = shdr_of(len, ".strtab"), off = 0, size = 0, k;

		for (int b = 7; b >= 0; b--) {
			off = off << 8 | file[hs + 24 + (unsigned)b];
			size = size << 8 | file[hs + 32 + (unsigned)b];
		}
		for (k = off; k + 6 <= off + size; k++)
			if (memcmp(file + k, "flows", 6) == 0)
				break;
		assert_true(k + 6 <= off + size);
		file[k + 4] = 'z';
		assert_int_equal(thook_elf_maps(file, len, defs, 4, &d),
				 -THOOK_ENOEXEC);
		assert_non_null(strstr(d.msg, "map flowz: not described"));
	}
}

int
main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook_elf_load__hand_made_object),
		cmocka_unit_test(test_thook_elf_load__bad_arguments),
		cmocka_unit_test(test_thook_elf_load__malformed_refused),
		cmocka_unit_test(test_thook_elf_load__section_choice),
		cmocka_unit_test(test_thook_elf_load__limits),
		cmocka_unit_test(test_thook_elf_maps__definitions),
		cmocka_unit_test(test_thook_elf_load__clang_counter),
		cmocka_unit_test(test_thook_elf_maps__clang_btf_maps),
	};

	for (int i = 1; i < argc; i++)
		if (strstr(argv[i], "counter") != NULL)
			obj_counter = argv[i];
		else if (strstr(argv[i], "flows") != NULL)
			obj_flows = argv[i];
	vf_maps_init();
	(void)vf_asm;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
