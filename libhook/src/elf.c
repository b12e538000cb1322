/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF loader for the relocatable BPF objects clang writes
 * (`clang -target bpf -O2 -c`).  Layout per the System V gABI (ELF64,
 * little-endian); relocation types as LLVM's BPF backend emits them
 * (R_BPF_64_64 = 1 on lddw, R_BPF_64_32 = 10 on local calls).
 *
 * Every read goes through a bounds check against the image: headers,
 * section contents, string and symbol tables, relocation entries.  The
 * image needs no alignment; fields are read byte by byte.  Relocations
 * are checked in a first pass and applied in a second, so a refused
 * object leaves the caller's buffers untouched.
 */
#include "hook_impl.h"

#define EM_BPF	      247u
#define ET_REL	      1u
#define SHT_PROGBITS  1u
#define SHT_SYMTAB    2u
#define SHT_STRTAB    3u
#define SHT_RELA      4u
#define SHT_NOBITS    8u
#define SHT_REL	      9u
#define SHF_EXECINSTR 4u
#define SHDR_SIZE     64u
#define SYM_SIZE      24u
#define REL_SIZE      16u
#define R_BPF_64_64   1u
#define R_BPF_64_32   10u
#define LDDW_CODE     0x18u
#define CALL_CODE     0x85u
#define PSEUDO_CALL   1u
#define PSEUDO_MAP    1u
#define NO_SECTION    0xffffffffu

struct elf {
	const uint8_t *p;
	size_t size;
	uint64_t shoff;
	uint32_t shnum;
	uint32_t shstr;
	uint32_t symtab; /* NO_SECTION when absent */
	uint32_t nsyms;
	struct thook_diag *diag;
};

struct shdr {
	uint32_t name, type, link, info;
	uint64_t flags, offset, size, entsize;
};

struct sym {
	uint32_t name;
	uint8_t info;
	uint32_t shndx;
	uint64_t value, size;
};

static int
fail(struct elf *e, uint32_t index, const char *what, uint64_t num,
     const char *why)
{
	struct thook_sb sb;

	if (e->diag != NULL) {
		e->diag->index = index;
		e->diag->line = 0;
		thook__sb_init(&sb, e->diag->msg, sizeof(e->diag->msg));
		thook__sb_puts(&sb, what);
		thook__sb_putc(&sb, ' ');
		thook__sb_putd(&sb, (int64_t)num);
		thook__sb_puts(&sb, ": ");
		thook__sb_puts(&sb, why);
	}
	return -THOOK_ENOEXEC;
}

/* Is [off, off + len) inside the image? */
static bool
in_image(const struct elf *e, uint64_t off, uint64_t len)
{
	return off <= e->size && len <= e->size - off;
}

static void
get_shdr(const struct elf *e, uint32_t i, struct shdr *s)
{
	const uint8_t *h = e->p + e->shoff + (uint64_t)i * SHDR_SIZE;

	s->name = (uint32_t)thook__rd_le(h, 4);
	s->type = (uint32_t)thook__rd_le(h + 4, 4);
	s->flags = thook__rd_le(h + 8, 8);
	s->offset = thook__rd_le(h + 24, 8);
	s->size = thook__rd_le(h + 32, 8);
	s->link = (uint32_t)thook__rd_le(h + 40, 4);
	s->info = (uint32_t)thook__rd_le(h + 44, 4);
	s->entsize = thook__rd_le(h + 56, 8);
}

/* The NUL-terminated string at 'off' of string table section 'sec'. */
static const char *
str_at(struct elf *e, uint32_t sec, uint32_t off, const char *what,
       uint32_t idx)
{
	struct shdr s;

	get_shdr(e, sec, &s);
	if (off >= s.size) {
		(void)fail(e, 0, what, idx, "name outside its string table");
		return NULL;
	}
	for (uint64_t k = s.offset + off; k < s.offset + s.size; k++)
		if (e->p[k] == '\0')
			return (const char *)e->p + s.offset + off;
	(void)fail(e, 0, what, idx, "name not terminated");
	return NULL;
}

static size_t
str_len(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

static const char *
sec_name(struct elf *e, uint32_t i)
{
	struct shdr s;

	get_shdr(e, i, &s);
	return str_at(e, e->shstr, s.name, "section", i);
}

static void
get_sym(const struct elf *e, uint32_t i, struct sym *y)
{
	struct shdr s;
	const uint8_t *p;

	get_shdr(e, e->symtab, &s);
	p = e->p + s.offset + (uint64_t)i * SYM_SIZE;
	y->name = (uint32_t)thook__rd_le(p, 4);
	y->info = p[4];
	y->shndx = (uint32_t)thook__rd_le(p + 6, 2);
	y->value = thook__rd_le(p + 8, 8);
	y->size = thook__rd_le(p + 16, 8);
}

static const char *
sym_name(struct elf *e, uint32_t i)
{
	struct shdr s;
	struct sym y;

	get_shdr(e, e->symtab, &s);
	get_sym(e, i, &y);
	return str_at(e, s.link, y.name, "symbol", i);
}

/* Check the file header, every section header and the symbol table. */
static int
elf_open(struct elf *e, const void *image, size_t size, struct thook_diag *diag)
{
	static const uint8_t ident[7] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
	struct shdr s;

	e->p = image;
	e->size = size;
	e->diag = diag;
	e->symtab = NO_SECTION;
	e->nsyms = 0;
	if (size < 64)
		return fail(e, 0, "file of", size, "bytes is too short");
	for (unsigned k = 0; k < sizeof(ident); k++)
		if (e->p[k] != ident[k])
			return fail(e, 0, "header byte", k,
				    "not a little-endian ELF64 file");
	if (thook__rd_le(e->p + 16, 2) != ET_REL)
		return fail(e, 0, "type", thook__rd_le(e->p + 16, 2),
			    "not a relocatable object");
	if (thook__rd_le(e->p + 18, 2) != EM_BPF)
		return fail(e, 0, "machine", thook__rd_le(e->p + 18, 2),
			    "not a BPF object (machine 247)");
	e->shoff = thook__rd_le(e->p + 40, 8);
	e->shnum = (uint32_t)thook__rd_le(e->p + 60, 2);
	e->shstr = (uint32_t)thook__rd_le(e->p + 62, 2);
	if (thook__rd_le(e->p + 58, 2) != SHDR_SIZE)
		return fail(e, 0, "section header size",
			    thook__rd_le(e->p + 58, 2), "must be 64");
	if (e->shnum == 0)
		return fail(e, 0, "section count", 0, "no sections");
	if (!in_image(e, e->shoff, (uint64_t)e->shnum * SHDR_SIZE))
		return fail(e, 0, "section header table at", e->shoff,
			    "outside the file");
	if (e->shstr >= e->shnum)
		return fail(e, 0, "section name table", e->shstr,
			    "no such section");
	for (uint32_t i = 0; i < e->shnum; i++) {
		get_shdr(e, i, &s);
		if (s.type != SHT_NOBITS && !in_image(e, s.offset, s.size))
			return fail(e, 0, "section", i,
				    "contents outside the file");
		if (s.type == SHT_SYMTAB && e->symtab == NO_SECTION) {
			if (s.entsize != SYM_SIZE || s.size % SYM_SIZE != 0)
				return fail(e, 0, "section", i,
					    "symbol table entries are not 24 "
					    "bytes");
			if (s.link >= e->shnum)
				return fail(e, 0, "section", i,
					    "symbol names in no section");
			e->symtab = i;
			e->nsyms = (uint32_t)(s.size / SYM_SIZE);
		}
	}
	get_shdr(e, e->shstr, &s);
	if (s.type != SHT_STRTAB)
		return fail(e, 0, "section name table", e->shstr,
			    "not a string table");
	if (e->symtab != NO_SECTION) {
		get_shdr(e, e->symtab, &s);
		get_shdr(e, s.link, &s);
		if (s.type != SHT_STRTAB)
			return fail(e, 0, "section", e->symtab,
				    "symbol names not in a string table");
	}
	return 0;
}

/* The section named 'name', or NO_SECTION (-1 on a bad name). */
static int
find_section(struct elf *e, const char *name, uint32_t *idx)
{
	const char *nm;

	*idx = NO_SECTION;
	for (uint32_t i = 1; i < e->shnum; i++) {
		if ((nm = sec_name(e, i)) == NULL)
			return -THOOK_ENOEXEC;
		if (thook__str_eq(nm, name)) {
			*idx = i;
			return 0;
		}
	}
	return 0;
}

static bool
is_code(const struct elf *e, uint32_t i)
{
	struct shdr s;

	get_shdr(e, i, &s);
	return s.type == SHT_PROGBITS && (s.flags & SHF_EXECINSTR) != 0 &&
	       s.size > 0;
}

static void
copy_name(char *dst, const char *src)
{
	size_t k = 0;

	for (; src[k] != '\0'; k++)
		dst[k] = src[k];
	dst[k] = '\0';
}

/* Program slots: [0, nprog) from 'prog', then .text from 'text_base'. */
struct layout {
	uint32_t prog, text, nprog, ntext, text_base;
};

static uint32_t
base_of(const struct layout *l, uint32_t sec)
{
	return sec == l->prog ? 0 : l->text_base;
}

static uint32_t
slots_of(const struct elf *e, uint32_t sec)
{
	struct shdr s;

	get_shdr(e, sec, &s);
	return (uint32_t)(s.size / 8);
}

/*
 * Check (write false) or apply (write true) the relocations of code
 * section 'sec'.  Reads instructions from the image, writes 'insns'.
 * 'need_text' is set when a call goes to .text.
 */
static int
relocate(struct elf *e, const struct layout *l, uint32_t sec,
	 const char *const *map_names, uint32_t nmaps, struct thook_insn *insns,
	 bool write, bool *need_text)
{
	struct shdr rs, code;
	uint32_t base = base_of(l, sec), nsec = slots_of(e, sec);

	get_shdr(e, sec, &code);
	for (uint32_t r = 1; r < e->shnum; r++) {
		get_shdr(e, r, &rs);
		if ((rs.type != SHT_REL && rs.type != SHT_RELA) ||
		    rs.info != sec)
			continue;
		if (rs.type == SHT_RELA)
			return fail(e, 0, "section", r,
				    "RELA relocations are not supported");
		if (rs.entsize != REL_SIZE || rs.size % REL_SIZE != 0)
			return fail(e, 0, "section", r,
				    "relocation entries are not 16 bytes");
		if (rs.link != e->symtab || e->symtab == NO_SECTION)
			return fail(e, 0, "section", r,
				    "relocations without the symbol table");
		for (uint64_t k = 0; k < rs.size / REL_SIZE; k++) {
			const uint8_t *p = e->p + rs.offset + k * REL_SIZE;
			uint64_t off = thook__rd_le(p, 8),
				 info = thook__rd_le(p + 8, 8);
			uint32_t type = (uint32_t)info, symi, i, at, tbase;
			const uint8_t *ip;
			const char *nm;
			struct sym y;
			int64_t target;

			if (off % 8 != 0 || off / 8 >= nsec)
				return fail(e, 0, "relocation at", off,
					    "not on an instruction of its "
					    "section");
			i = (uint32_t)(off / 8);
			at = base + i;
			ip = e->p + code.offset + off;
			if (info >> 32 >= e->nsyms)
				return fail(e, at, "relocation symbol",
					    info >> 32, "no such symbol");
			symi = (uint32_t)(info >> 32);
			get_sym(e, symi, &y);
			if (type == R_BPF_64_64) {
				uint32_t m;

				if (ip[0] != LDDW_CODE || i + 1 >= nsec)
					return fail(e, at, "instruction", at,
						    "map relocation not on "
						    "an lddw");
				if ((nm = sym_name(e, symi)) == NULL)
					return -THOOK_ENOEXEC;
				for (m = 0; m < nmaps; m++)
					if (map_names[m] != NULL &&
					    thook__str_eq(map_names[m], nm))
						break;
				if (m == nmaps)
					return fail(e, at, "instruction", at,
						    "lddw of a symbol that is "
						    "not in the map table");
				if (write) {
					insns[at].regs =
						(uint8_t)((ip[1] & 0x0fu) |
							  PSEUDO_MAP << 4);
					insns[at].imm = (int32_t)m;
					insns[at + 1].imm = 0;
				}
			} else if (type == R_BPF_64_32) {
				if (ip[0] != CALL_CODE ||
				    ip[1] >> 4 != PSEUDO_CALL)
					return fail(e, at, "instruction", at,
						    "call relocation not on "
						    "a local call");
				if (y.shndx != l->prog && y.shndx != l->text)
					return fail(e, at, "instruction", at,
						    "call into another "
						    "section");
				if (y.value % 8 != 0)
					return fail(e, at, "instruction", at,
						    "call target not on an "
						    "instruction");
				target = (int64_t)(y.value / 8) +
					 (int32_t)thook__rd_le(ip + 4, 4) + 1;
				if (target < 0 ||
				    target >= (int64_t)slots_of(e, y.shndx))
					return fail(e, at, "instruction", at,
						    "call target outside its "
						    "section");
				if (y.shndx == l->text && y.shndx != l->prog)
					*need_text = true;
				tbase = base_of(l, y.shndx);
				if (write)
					insns[at].imm =
						(int32_t)((int64_t)tbase +
							  target - (int64_t)at -
							  1);
			} else {
				return fail(e, at, "relocation type", type,
					    "not supported on code");
			}
		}
	}
	return 0;
}

static void
copy_code(const struct elf *e, uint32_t sec, struct thook_insn *out)
{
	struct shdr s;

	get_shdr(e, sec, &s);
	for (uint64_t k = 0; k < s.size / 8; k++) {
		const uint8_t *p = e->p + s.offset + k * 8;

		out[k].code = p[0];
		out[k].regs = p[1];
		out[k].off = (int16_t)thook__rd_le(p + 2, 2);
		out[k].imm = (int32_t)thook__rd_le(p + 4, 4);
	}
}

static int
pick_program(struct elf *e, const char *section, uint32_t *prog, uint32_t text)
{
	const char *nm;

	if (section != NULL) {
		if (find_section(e, section, prog) != 0)
			return -THOOK_ENOEXEC;
		if (*prog == NO_SECTION)
			return fail(e, 0, "program sections named", 0,
				    "none has the name asked for");
		if (!is_code(e, *prog))
			return fail(e, 0, "section", *prog,
				    "not a program (executable code)");
		return 0;
	}
	for (uint32_t i = 1; i < e->shnum; i++) {
		if ((nm = sec_name(e, i)) == NULL)
			return -THOOK_ENOEXEC;
		if (is_code(e, i) && i != text) {
			*prog = i;
			return 0;
		}
	}
	if (text == NO_SECTION || !is_code(e, text))
		return fail(e, 0, "program sections", 0, "none in the object");
	*prog = text;
	return 0;
}

static int
read_license(struct elf *e, char *out)
{
	uint32_t lic;
	struct shdr s;
	size_t len;

	out[0] = '\0';
	if (find_section(e, "license", &lic) != 0)
		return -THOOK_ENOEXEC;
	if (lic == NO_SECTION)
		return 0;
	get_shdr(e, lic, &s);
	if (s.type != SHT_PROGBITS)
		return fail(e, 0, "section", lic, "license has no contents");
	for (len = 0; len < s.size && e->p[s.offset + len] != '\0'; len++)
		;
	if (len == s.size)
		return fail(e, 0, "section", lic, "license not terminated");
	if (len >= THOOK_ELF_NAME_LEN)
		return fail(e, 0, "section", lic, "license too long");
	copy_name(out, (const char *)e->p + s.offset);
	return 0;
}

int
thook_elf_load(const void *image, size_t size, const char *section,
	       const char *const *map_names, uint32_t nmaps,
	       struct thook_insn *insns, uint32_t cap,
	       struct thook_elf_prog *out, struct thook_diag *diag)
{
	struct layout l = {0};
	char license[THOOK_ELF_NAME_LEN];
	bool need_text = false, dummy = false;
	const char *nm;
	struct shdr s;
	uint32_t total;
	struct elf e;
	int err;

	if (image == NULL || insns == NULL || out == NULL ||
	    (map_names == NULL && nmaps != 0))
		return -THOOK_EINVAL;
	if ((err = elf_open(&e, image, size, diag)) != 0)
		return err;
	if ((err = find_section(&e, ".text", &l.text)) != 0 ||
	    (err = pick_program(&e, section, &l.prog, l.text)) != 0)
		return err;
	get_shdr(&e, l.prog, &s);
	if (s.size % 8 != 0)
		return fail(&e, 0, "section", l.prog,
			    "size is not a whole number of instructions");
	if ((nm = sec_name(&e, l.prog)) == NULL)
		return -THOOK_ENOEXEC;
	if (str_len(nm) >= THOOK_ELF_NAME_LEN)
		return fail(&e, 0, "section", l.prog, "name too long");
	l.nprog = slots_of(&e, l.prog);
	l.text_base = l.nprog;
	if (l.text != NO_SECTION && l.text != l.prog && is_code(&e, l.text)) {
		get_shdr(&e, l.text, &s);
		if (s.size % 8 != 0)
			return fail(&e, 0, "section", l.text,
				    "size is not a whole number of "
				    "instructions");
		l.ntext = slots_of(&e, l.text);
	} else if (l.text != l.prog) {
		l.text = NO_SECTION;
	}
	err = relocate(&e, &l, l.prog, map_names, nmaps, insns, false,
		       &need_text);
	if (err != 0)
		return err;
	if (!need_text)
		l.ntext = 0;
	total = l.nprog + l.ntext;
	if (total > THOOK_MAX_INSNS)
		return fail(&e, 0, "program of", total,
			    "slots is longer than the largest allowed");
	if (total > cap)
		return -THOOK_ENOSPC;
	if (need_text && (err = relocate(&e, &l, l.text, map_names, nmaps,
					 insns, false, &dummy)) != 0)
		return err;
	if ((err = read_license(&e, license)) != 0)
		return err;
	/* Everything checked: now write. */
	copy_code(&e, l.prog, insns);
	(void)relocate(&e, &l, l.prog, map_names, nmaps, insns, true, &dummy);
	if (need_text) {
		copy_code(&e, l.text, insns + l.text_base);
		(void)relocate(&e, &l, l.text, map_names, nmaps, insns, true,
			       &dummy);
	}
	out->n = total;
	out->text_base = need_text ? l.text_base : total;
	copy_name(out->section, nm);
	copy_name(out->license, license);
	return 0;
}

/* The BTF section, checked, for the `.maps` definitions. */
static int
open_btf(struct elf *e, struct thook__btf *b)
{
	uint32_t sec;
	struct shdr s;
	int err;

	if ((err = find_section(e, ".BTF", &sec)) != 0)
		return err;
	if (sec == NO_SECTION)
		return fail(e, 0, "section", 0,
			    ".maps without .BTF (compile with -g)");
	get_shdr(e, sec, &s);
	if (s.type != SHT_PROGBITS)
		return fail(e, 0, "section", sec, ".BTF has no contents");
	return thook__btf_open(b, e->p + s.offset, s.size, e->diag);
}

int
thook_elf_maps(const void *image, size_t size, struct thook_elf_map *maps,
	       uint32_t cap, struct thook_diag *diag)
{
	uint32_t sec, count = 0;
	struct thook__btf btf;
	struct thook_elf_map def;
	bool legacy = true;
	struct shdr s;
	struct elf e;
	int err;

	if (image == NULL || (maps == NULL && cap != 0))
		return -THOOK_EINVAL;
	THOOK_MEMSET(&def, 0, sizeof(def));
	if ((err = elf_open(&e, image, size, diag)) != 0)
		return err;
	if ((err = find_section(&e, "maps", &sec)) != 0)
		return err;
	if (sec == NO_SECTION) {
		/* libbpf's BTF-defined maps */
		if ((err = find_section(&e, ".maps", &sec)) != 0)
			return err;
		if (sec != NO_SECTION && e.symtab != NO_SECTION &&
		    (err = open_btf(&e, &btf)) != 0)
			return err;
		legacy = false;
	}
	if (sec == NO_SECTION || e.symtab == NO_SECTION)
		return 0;
	get_shdr(&e, sec, &s);
	if (legacy && s.type != SHT_PROGBITS)
		return fail(&e, 0, "section", sec, "maps has no contents");
	/* Check every map symbol first, then copy. */
	for (int pass = 0; pass < 2; pass++) {
		count = 0;
		for (uint32_t i = 1; i < e.nsyms; i++) {
			const uint8_t *p;
			const char *nm;
			struct sym y;

			get_sym(&e, i, &y);
			if (y.shndx != sec || (y.info & 0xfu) != 1u /*OBJECT*/)
				continue;
			if ((nm = sym_name(&e, i)) == NULL)
				return -THOOK_ENOEXEC;
			if (str_len(nm) >= THOOK_ELF_NAME_LEN)
				return fail(&e, 0, "symbol", i,
					    "name too long");
			if (!legacy) {
				if ((err = thook__btf_map(&btf, nm, &def,
							  diag)) != 0)
					return err;
			} else if (y.size < 16 || y.value > s.size ||
				   y.size > s.size - y.value) {
				return fail(&e, 0, "symbol", i,
					    "map definition outside the maps "
					    "section or shorter than 16 "
					    "bytes");
			} else {
				p = e.p + s.offset + y.value;
				def.type = (uint32_t)thook__rd_le(p, 4);
				def.key_size = (uint32_t)thook__rd_le(p + 4, 4);
				def.value_size =
					(uint32_t)thook__rd_le(p + 8, 4);
				def.max_entries =
					(uint32_t)thook__rd_le(p + 12, 4);
				def.flags = y.size >= 20
						    ? (uint32_t)thook__rd_le(
							      p + 16, 4)
						    : 0;
			}
			if (pass == 1) {
				maps[count] = def;
				copy_name(maps[count].name, nm);
			}
			count++;
		}
		if (pass == 0 && count > cap)
			return maps == NULL ? (int)count : -THOOK_ENOSPC;
	}
	return (int)count;
}
