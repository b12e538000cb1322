/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * thook: the host tool of libhook.
 *
 *   thook asm FILE.s [-o FILE.bin]    assemble (text syntax of the suite)
 *   thook disasm FILE.bin             list instructions
 *   thook check FILE                  validate; diagnostics, exit status
 *   thook verify FILE --hook NAME [--map hash:KEY:VALUE:N | array:VALUE:N]...
 *                                     prove FILE safe at hook NAME; maps
 *                                     form the table `lddw dst, map N` uses
 *   thook run FILE [MEMHEX] [--unchecked]
 *                                     run with r1 = memory, r2 = length
 *   thook conformance-plugin [MEMHEX] bpf_conformance plugin: program as
 *                                     hex on stdin, r0 in hex on stdout
 *
 * FILE is a raw program (.bin: 8-byte little-endian slots), assembler text
 * (.s), a conformance file (.data) or a clang BPF object (.o, or any
 * file starting with the ELF magic; the program is the section given by
 * --section NAME, else the section named after the hook, else the first
 * program section; its maps come from the object's `maps` section, or
 * from `.maps` described by its BTF).  Exit status: 0 success, 1 the
 * program was refused or failed, 2 usage or I/O error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tessera/hook.h>
#include "datafile.h"

#define MAX_SLOTS THOOK_MAX_INSNS

static struct thook_insn insns[MAX_SLOTS];
static struct thook_op ops[MAX_SLOTS];
static struct thook_asm as;
static uint64_t stack[THOOK_STACK_BYTES / 8];

#define MAX_MAPS 16

/* Options for .o files: program section, map names of the object. */
static const char *opt_section;
static const char *opt_hook;
static struct thook_elf_map elf_maps[MAX_MAPS];
static const char *elf_names[MAX_MAPS];
static uint32_t elf_nmaps;

static uint64_t
unwind(void *env, uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
       uint64_t r5)
{
	(void)env, (void)r2, (void)r3, (void)r4, (void)r5;
	return r1;
}

/* The conformance profile's helpers; helper 5 belongs to it only. */
static const struct thook_helper conformance_helpers[] = {
	{5, THOOK_HELPER_UNWIND, unwind, "unwind"},
};

static int
usage(void)
{
	fprintf(stderr, "usage: thook asm FILE.s [-o FILE.bin]\n"
			"       thook disasm FILE\n"
			"       thook check FILE\n"
			"       thook verify FILE --hook NAME [--map "
			"hash:KEY:VALUE:N|array:VALUE:N]...\n"
			"       thook run FILE [MEMHEX] [--unchecked]\n"
			"       thook conformance-plugin [MEMHEX]\n"
			"FILE may be .bin, .s, .data or a BPF object (.o "
			"or ELF magic; then also [--section NAME])\n");
	return 2;
}

static char *
read_all(FILE *f, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	char *buf = malloc(cap + 1), *p;

	while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			p = realloc(buf, cap + 1);
			if (p == NULL)
				free(buf);
			buf = p;
		}
	}
	if (buf != NULL)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int
assemble(const char *name, const char *text, size_t len)
{
	struct thook_diag diag = {0};
	int n = thook_asm(&as, text, len, insns, MAX_SLOTS, &diag);

	if (n == -THOOK_ESYNTAX)
		fprintf(stderr, "%s:%u: %s\n", name, diag.line, diag.msg);
	else if (n < 0)
		fprintf(stderr, "%s: %s\n", name, thook_strerror(n));
	return n;
}

/* A clang BPF object: its map definitions, then the program section. */
static int
load_object(const char *path, const uint8_t *buf, size_t len)
{
	struct thook_elf_prog info;
	struct thook_diag diag = {0};
	const char *section = opt_section;
	int nmaps, err;

	nmaps = thook_elf_maps(buf, len, elf_maps, MAX_MAPS, &diag);
	if (nmaps < 0) {
		fprintf(stderr, "%s: %s\n", path,
			nmaps == -THOOK_ENOEXEC ? diag.msg
						: thook_strerror(nmaps));
		return -1;
	}
	elf_nmaps = (uint32_t)nmaps;
	for (uint32_t k = 0; k < elf_nmaps; k++)
		elf_names[k] = elf_maps[k].name;
	/* Default program: the section named after the hook, if any. */
	if (section == NULL && opt_hook != NULL &&
	    thook_elf_load(buf, len, opt_hook, elf_names, elf_nmaps, insns,
			   MAX_SLOTS, &info, NULL) == 0)
		section = opt_hook;
	err = thook_elf_load(buf, len, section, elf_names, elf_nmaps, insns,
			     MAX_SLOTS, &info, &diag);
	if (err != 0) {
		fprintf(stderr, "%s: %s\n", path,
			err == -THOOK_ENOEXEC ? diag.msg : thook_strerror(err));
		return -1;
	}
	fprintf(stderr, "%s: section %s, %u slots, license \"%s\"\n", path,
		info.section, info.n, info.license);
	return (int)info.n;
}

/* Load FILE into insns[]; the number of slots, or -1. mem from .data. */
static int
load_file(const char *path, struct datafile *df)
{
	FILE *f;
	size_t len;
	char *buf;
	int n;

	memset(df, 0, sizeof(*df));
	if (ends_with(path, ".data")) {
		if (datafile_load(path, df) != 0)
			return -1;
		if (df->raw != NULL) {
			memcpy(insns, df->raw, df->raw_n * sizeof(*insns));
			return (int)df->raw_n;
		}
		n = assemble(path, df->asm_text, df->asm_len);
		return n < 0 ? -1 : n;
	}
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = read_all(f, &len);
	fclose(f);
	if (buf == NULL) {
		fprintf(stderr, "%s: out of memory\n", path);
		return -1;
	}
	/* An ELF object by its magic, whatever its name. */
	if (ends_with(path, ".o") ||
	    (len >= 4 && memcmp(buf, "\177ELF", 4) == 0)) {
		n = load_object(path, (const uint8_t *)buf, len);
	} else if (ends_with(path, ".s") || ends_with(path, ".asm")) {
		n = assemble(path, buf, len);
	} else if (len % 8 != 0 || len / 8 > MAX_SLOTS) {
		fprintf(stderr,
			"%s: %zu bytes is not a whole number of "
			"instructions\n",
			path, len);
		n = -1;
	} else {
		insns_from_bytes((const uint8_t *)buf, len, insns);
		n = (int)(len / 8);
	}
	free(buf);
	return n < 0 ? -1 : n;
}

static int
cmd_asm(int argc, char **argv)
{
	struct datafile df;
	const char *out = NULL;
	FILE *f = stdout;
	int n;

	if (argc == 4 && strcmp(argv[2], "-o") == 0)
		out = argv[3];
	else if (argc != 2)
		return usage();
	n = load_file(argv[1], &df);
	datafile_free(&df);
	if (n < 0)
		return 1;
	if (out != NULL && (f = fopen(out, "wb")) == NULL) {
		fprintf(stderr, "%s: %s\n", out, strerror(errno));
		return 2;
	}
	for (int i = 0; i < n; i++) {
		uint8_t b[8] = {insns[i].code,
				insns[i].regs,
				(uint8_t)insns[i].off,
				(uint8_t)((uint16_t)insns[i].off >> 8),
				(uint8_t)insns[i].imm,
				(uint8_t)((uint32_t)insns[i].imm >> 8),
				(uint8_t)((uint32_t)insns[i].imm >> 16),
				(uint8_t)((uint32_t)insns[i].imm >> 24)};
		fwrite(b, 1, sizeof(b), f);
	}
	if (f != stdout)
		fclose(f);
	return 0;
}

static int
cmd_disasm(const char *path)
{
	char line[THOOK_DISASM_LEN];
	struct datafile df;
	int n = load_file(path, &df), len;

	datafile_free(&df);
	if (n < 0)
		return 1;
	for (int i = 0; i<n; i += len> 0 ? len : 1) {
		len = thook_disasm(insns, (uint32_t)n, (uint32_t)i, line,
				   sizeof(line));
		printf("%4d: %s\n", i, line);
	}
	return 0;
}

static int
load_prog(const char *path, int n, struct thook_prog *prog)
{
	struct thook_diag diag = {0};
	int err = thook_prog_load(prog, ops, MAX_SLOTS, insns, (uint32_t)n,
				  conformance_helpers, 1, &diag);

	if (err == -THOOK_ENOEXEC || err == -THOOK_ENOENT)
		fprintf(stderr, "%s: insn %u: %s\n", path, diag.index,
			diag.msg);
	else if (err != 0)
		fprintf(stderr, "%s: %s\n", path, thook_strerror(err));
	return err;
}

static int
cmd_check(const char *path)
{
	struct thook_prog prog;
	struct datafile df;
	int n = load_file(path, &df);

	datafile_free(&df);
	if (n < 0)
		return 1;
	if (load_prog(path, n, &prog) != 0)
		return 1;
	printf("%s: %d instruction slots, well formed\n", path, n);
	return 0;
}

static int
run(const char *name, int n, uint8_t *mem, size_t mem_len, int checked)
{
	struct thook_region region = {(uint64_t)(uintptr_t)mem, mem_len,
				      THOOK_REGION_READ | THOOK_REGION_WRITE};
	struct thook_exec x = {0};
	struct thook_prog prog;
	uint64_t r0;
	int err;

	if (load_prog(name, n, &prog) != 0)
		return 1;
	x.args[0] = mem != NULL ? (uint64_t)(uintptr_t)mem : 0;
	x.args[1] = mem_len;
	x.stack = stack;
	x.stack_size = sizeof(stack);
	x.regions = &region;
	x.nregions = 1;
	x.budget = 100000000;
	err = checked ? thook_run_checked(&prog, &x, &r0)
		      : thook_run(&prog, &x, &r0);
	if (err != 0) {
		fprintf(stderr, "%s: %s at insn %u", name, thook_strerror(err),
			x.fault_pc);
		if (err == -THOOK_EFAULT)
			fprintf(stderr, " (address 0x%llx)",
				(unsigned long long)x.fault_addr);
		fprintf(stderr, "\n");
		return 1;
	}
	printf("%llx\n", (unsigned long long)r0);
	return 0;
}

static uint8_t *
mem_arg(const char *hex, size_t *len)
{
	size_t cap = strlen(hex) / 2 + 1;
	uint8_t *mem = malloc(cap);
	long n;

	if (mem == NULL)
		return NULL;
	n = hex_decode(hex, mem, cap);
	if (n < 0) {
		free(mem);
		return NULL;
	}
	*len = (size_t)n;
	return mem;
}

static int
cmd_run(int argc, char **argv)
{
	struct datafile df;
	uint8_t *mem = NULL;
	size_t mem_len = 0;
	int checked = 1, n, rc;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--unchecked") == 0)
			checked = 0;
		else if (mem == NULL &&
			 (mem = mem_arg(argv[i], &mem_len)) != NULL)
			continue;
		else
			return usage();
	}
	n = load_file(argv[1], &df);
	if (n < 0)
		return 1;
	if (mem == NULL && df.mem != NULL) {
		mem = malloc(df.mem_len + 1);
		if (mem == NULL)
			return 2;
		memcpy(mem, df.mem, df.mem_len);
		mem_len = df.mem_len;
	}
	datafile_free(&df);
	rc = run(argv[1], n, mem, mem_len, checked);
	free(mem);
	return rc;
}

/* The bpf_conformance plugin protocol: program as hex text on stdin. */
static int
cmd_plugin(int argc, char **argv)
{
	uint8_t *mem = NULL, *prog;
	size_t mem_len = 0, len;
	char *text = read_all(stdin, &len);
	long nbytes;
	int rc;

	if (text == NULL)
		return 2;
	if (argc > 1 && (mem = mem_arg(argv[1], &mem_len)) == NULL) {
		printf("Invalid memory argument\n");
		free(text);
		return 1;
	}
	prog = malloc(len / 2 + 1);
	nbytes = prog != NULL ? hex_decode(text, prog, len / 2 + 1) : -1;
	free(text);
	if (nbytes < 0 || nbytes % 8 != 0 || nbytes / 8 > MAX_SLOTS) {
		printf("Invalid program\n");
		free(prog);
		free(mem);
		return 1;
	}
	insns_from_bytes(prog, (size_t)nbytes, insns);
	free(prog);
	rc = run("program", (int)(nbytes / 8), mem, mem_len, 1);
	free(mem);
	return rc;
}

static struct thook_vstate vpending[256];
static struct thook_vstate vseen[512];
static uint32_t vheads[MAX_SLOTS];
static struct thook_map vmaps[MAX_MAPS];

/* "hash:KEY:VALUE:N" or "array:VALUE:N" into map k (storage from malloc). */
static int
parse_map(const char *spec, struct thook_map *m)
{
	static const uint64_t seed[2] = {0x243f6a8885a308d3ull,
					 0x13198a2e03707344ull};
	unsigned long key = 4, value, n;
	uint32_t type;
	uint64_t size;
	void *mem;

	if (sscanf(spec, "hash:%lu:%lu:%lu", &key, &value, &n) == 3)
		type = THOOK_MAP_HASH;
	else if (sscanf(spec, "array:%lu:%lu", &value, &n) == 2)
		type = THOOK_MAP_ARRAY;
	else
		return -1;
	if (key > THOOK_MAP_MAX_SIZE || value > THOOK_MAP_MAX_SIZE || n > 65536)
		return -1;
	size = THOOK_MAP_STORAGE(type, key, value, n);
	mem = calloc(1, (size_t)size + 8);
	if (mem == NULL)
		return -1;
	if (thook_map_init(m, type, (uint32_t)key, (uint32_t)value, (uint32_t)n,
			   mem, (size_t)size, seed) != 0) {
		free(mem);
		return -1;
	}
	return 0;
}

static int
cmd_verify(int argc, char **argv)
{
	const struct thook_map *table[MAX_MAPS];
	const char *path = NULL, *hook = NULL;
	struct thook_diag diag = {0};
	struct thook_vcfg cfg = {0};
	struct thook_vwork w = {0};
	struct datafile df;
	uint32_t nmaps = 0;
	int n, h, err;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--hook") == 0 && i + 1 < argc) {
			hook = argv[++i];
		} else if (strcmp(argv[i], "--map") == 0 && i + 1 < argc) {
			if (nmaps == MAX_MAPS ||
			    parse_map(argv[++i], &vmaps[nmaps]) != 0) {
				fprintf(stderr, "bad map: %s\n", argv[i]);
				return 2;
			}
			table[nmaps] = &vmaps[nmaps];
			nmaps++;
		} else if (path == NULL) {
			path = argv[i];
		} else {
			return usage();
		}
	}
	if (path == NULL || hook == NULL)
		return usage();
	if ((h = thook_hook_find(hook)) < 0) {
		fprintf(stderr, "unknown hook %s (hooks:", hook);
		for (uint32_t k = 0; k < THOOK_HOOK_COUNT; k++)
			fprintf(stderr, " %s", thook_hook_name(k));
		fprintf(stderr, ")\n");
		return 2;
	}
	opt_hook = hook;
	n = load_file(path, &df);
	datafile_free(&df);
	if (n < 0)
		return 1;
	for (uint32_t k = 0; k < elf_nmaps && nmaps == 0; k++) {
		char spec[64];

		if (elf_maps[k].type == THOOK_MAP_HASH)
			snprintf(spec, sizeof(spec), "hash:%u:%u:%u",
				 elf_maps[k].key_size, elf_maps[k].value_size,
				 elf_maps[k].max_entries);
		else
			snprintf(spec, sizeof(spec), "array:%u:%u",
				 elf_maps[k].value_size,
				 elf_maps[k].max_entries);
		if (elf_maps[k].type != THOOK_MAP_HASH &&
		    elf_maps[k].type != THOOK_MAP_ARRAY)
			spec[0] = '?';
		if (parse_map(spec, &vmaps[k]) != 0) {
			fprintf(stderr, "%s: map %s: unsupported definition\n",
				path, elf_maps[k].name);
			return 1;
		}
		table[k] = &vmaps[k];
	}
	if (nmaps == 0)
		nmaps = elf_nmaps;
	cfg.hook = (uint32_t)h;
	cfg.maps = table;
	cfg.nmaps = nmaps;
	cfg.helpers = thook_std_helpers;
	cfg.nhelpers = THOOK_STD_HELPERS;
	w.pending = vpending;
	w.npending = sizeof(vpending) / sizeof(vpending[0]);
	w.seen = vseen;
	w.nseen = sizeof(vseen) / sizeof(vseen[0]);
	w.heads = vheads;
	w.nheads = MAX_SLOTS;
	err = thook_verify(insns, (uint32_t)n, &cfg, &w, &diag);
	if (err == -THOOK_ENOEXEC || err == -THOOK_ENOSPC) {
		fprintf(stderr, "%s: insn %u: %s\n", path, diag.index,
			diag.msg);
		return 1;
	}
	if (err != 0) {
		fprintf(stderr, "%s: %s\n", path, thook_strerror(err));
		return 1;
	}
	printf("%s: safe at hook %s (%u instructions processed)\n", path, hook,
	       w.processed);
	return 0;
}

int
main(int argc, char **argv)
{
	/* --section NAME may appear anywhere; take it out first. */
	for (int i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--section") == 0) {
			opt_section = argv[i + 1];
			for (int k = i; k + 2 <= argc; k++)
				argv[k] = argv[k + 2];
			argc -= 2;
			break;
		}
	}
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "conformance-plugin") == 0)
		return cmd_plugin(argc - 1, argv + 1);
	if (argc < 3)
		return usage();
	if (strcmp(argv[1], "asm") == 0)
		return cmd_asm(argc - 1, argv + 1);
	if (strcmp(argv[1], "disasm") == 0 && argc == 3)
		return cmd_disasm(argv[2]);
	if (strcmp(argv[1], "check") == 0 && argc == 3)
		return cmd_check(argv[2]);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	return usage();
}
