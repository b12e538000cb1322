/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bpf_conformance suite (shared test data, not in the repository):
 * every file of tests/ must give its expected r0 on the checked and the
 * unchecked interpreter and on the JIT of the build's architecture, except
 * callx.data (callx is outside RFC 9669), which must be refused; every file
 * of negative/ must be refused by the assembler, the validator or the
 * verifier (checked as a syscall-entry program), or give a result other
 * than the one it names.  Skipped (exit 77) when the data is absent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <tessera/hook.h>
#include "datafile.h"
#include "jit_native.h"

#define MAX_SLOTS 4096

static const char *suite_dir;

/* The suite's helper 5 ("unwind"): returns its argument; 0 stops. */
static uint64_t
unwind(void *env, uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
       uint64_t r5)
{
	(void)env, (void)r2, (void)r3, (void)r4, (void)r5;
	return r1;
}

static const struct thook_helper conformance_helpers[] = {
	{5, THOOK_HELPER_UNWIND, unwind, "unwind"},
};

enum outcome { REFUSED, RAN, FAILED_RUN };

static struct thook_vstate vpending[64], vseen[64];
static uint32_t vheads[MAX_SLOTS];

/* The data-flow verifier, for negative files. */
static int
verify(const struct thook_insn *insns, uint32_t n, struct thook_diag *diag)
{
	struct thook_vcfg cfg = {0};
	struct thook_vwork w = {0};

	cfg.hook = THOOK_HOOK_SYSCALL_ENTER;
	cfg.helpers = thook_std_helpers;
	cfg.nhelpers = THOOK_STD_HELPERS;
	w.pending = vpending;
	w.npending = 64;
	w.seen = vseen;
	w.nseen = 64;
	w.heads = vheads;
	w.nheads = MAX_SLOTS;
	return thook_verify(insns, n, &cfg, &w, diag);
}

/* Engines a file runs on: checked, unchecked counting a budget, unchecked
 * without one (direct threading, fused pairs), and the host JIT if any. */
#define ENGINES (3 + JIT_NATIVE)

static const char *const engine_names[] = {"checked", "budgeted", "unchecked",
					   "jit"};

/* Assemble (or take raw), load (and verify when 'verified') and run on
 * every engine; *r0 when RAN. */
static enum outcome
run_file(const struct datafile *df, uint64_t *r0, char *why, size_t whylen,
	 bool verified)
{
	static struct thook_insn insns[MAX_SLOTS];
	static struct thook_op ops[MAX_SLOTS];
	static struct thook_asm as;
	static uint64_t stack[THOOK_STACK_BYTES / 8];
	struct thook_diag diag = {0};
	struct thook_prog prog;
	uint8_t *mem[4] = {NULL, NULL, NULL, NULL};
	uint64_t res[4] = {0, 0, 0, 0};
	int n, err = 0;

	if (df->raw != NULL) {
		n = (int)df->raw_n;
		memcpy(insns, df->raw, df->raw_n * sizeof(*insns));
	} else {
		n = thook_asm(&as, df->asm_text, df->asm_len, insns, MAX_SLOTS,
			      &diag);
	}
	if (n < 0) {
		snprintf(why, whylen, "asm line %u: %s", diag.line, diag.msg);
		return REFUSED;
	}
	err = thook_prog_load(&prog, ops, MAX_SLOTS, insns, (uint32_t)n,
			      conformance_helpers, 1, &diag);
	if (err != 0) {
		snprintf(why, whylen, "load: %s: insn %u: %s",
			 thook_strerror(err), diag.index, diag.msg);
		return REFUSED;
	}
	if (verified && (err = verify(insns, (uint32_t)n, &diag)) != 0) {
		snprintf(why, whylen, "verify: insn %u: %s", diag.index,
			 diag.msg);
		return REFUSED;
	}
	for (int k = 0; k < ENGINES; k++) {
		struct thook_region region;
		struct thook_exec x = {0};

		mem[k] = malloc(df->mem_len + 1);
		assert_non_null(mem[k]);
		memcpy(mem[k], df->mem ? df->mem : (const uint8_t *)"",
		       df->mem_len);
		region.base = (uint64_t)(uintptr_t)mem[k];
		region.len = df->mem_len;
		region.flags = THOOK_REGION_READ | THOOK_REGION_WRITE;
		x.args[0] = df->mem ? (uint64_t)(uintptr_t)mem[k] : 0;
		x.args[1] = df->mem_len;
		x.stack = stack;
		x.stack_size = sizeof(stack);
		x.regions = &region;
		x.nregions = 1;
		x.budget = k == 2 ? 0 : 10000000;
		err = k == 0   ? thook_run_checked(&prog, &x, &res[k])
		      : k <= 2 ? thook_run(&prog, &x, &res[k])
			       : jit_native_run(&prog, &x, &res[k]);
		if (err != 0) {
			snprintf(why, whylen, "%s run: %s at insn %u",
				 engine_names[k], thook_strerror(err),
				 x.fault_pc);
			break;
		}
	}
	for (int k = 0; k < 4; k++)
		free(mem[k]);
	if (err != 0)
		return FAILED_RUN;
	for (int k = 1; k < ENGINES; k++) {
		if (res[0] != res[k]) {
			snprintf(why, whylen, "checked 0x%llx != %s 0x%llx",
				 (unsigned long long)res[0], engine_names[k],
				 (unsigned long long)res[k]);
			return FAILED_RUN;
		}
	}
	*r0 = res[0];
	return RAN;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .data files of one folder of the suite, sorted. */
static size_t
list_files(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, len;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".data") != 0)
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		assert_non_null(names);
		names[n] = malloc(strlen(dir) + len + 2);
		assert_non_null(names[n]);
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	*out = names;
	return n;
}

static void
test_conformance__positive(void **state)
{
	char dir[4096], **files, why[512];
	size_t n, pass = 0, fail = 0, excluded = 0;
	struct datafile df;
	uint64_t r0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests", suite_dir);
	n = list_files(dir, &files);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		const char *base = strrchr(files[i], '/') + 1;
		enum outcome o;

		assert_int_equal(datafile_load(files[i], &df), 0);
		o = run_file(&df, &r0, why, sizeof(why), false);
		if (strcmp(base, "callx.data") == 0) {
			/* callx is outside RFC 9669: it must be refused. */
			if (o == REFUSED)
				excluded++;
			else
				fail++, printf("FAIL %s: callx accepted\n",
					       base);
		} else if (o == RAN && df.has_result && r0 == df.result) {
			pass++;
		} else {
			fail++;
			if (o == RAN)
				snprintf(why, sizeof(why),
					 "r0 0x%llx, expected 0x%llx",
					 (unsigned long long)r0,
					 (unsigned long long)df.result);
			printf("FAIL %s: %s\n", base, why);
		}
		datafile_free(&df);
		free(files[i]);
	}
	free(files);
	printf("conformance tests/: %zu passed, %zu failed, %zu excluded "
	       "(callx) of %zu files, on %d engines (checked, budgeted, "
	       "unchecked%s)\n",
	       pass, fail, excluded, n, ENGINES, JIT_NATIVE ? ", jit" : "");
	assert_int_equal(fail, 0);
	assert_int_equal(excluded, 1);
}

static void
test_conformance__negative(void **state)
{
	char dir[4096], **files, why[512];
	size_t n, refused = 0, wrong = 0, accepted = 0, verifier = 0;
	struct datafile df;
	uint64_t r0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/negative", suite_dir);
	n = list_files(dir, &files);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		const char *base = strrchr(files[i], '/') + 1;
		enum outcome o;

		if (datafile_load(files[i], &df) != 0) {
			refused++; /* the file itself is malformed */
			free(files[i]);
			continue;
		}
		o = run_file(&df, &r0, why, sizeof(why), true);
		if (o == REFUSED && strncmp(why, "verify:", 7) == 0)
			verifier++, printf("VERIFIER %s: %s\n", base, why);
		if (o == REFUSED || o == FAILED_RUN)
			refused++;
		else if (df.has_result && r0 != df.result)
			wrong++; /* the file names a result we must not give */
		else if (df.raw == NULL && df.asm_len == 0 && !df.has_result)
			refused++; /* an empty file is no program at all */
		else
			accepted++, printf("ACCEPTED %s (r0 0x%llx)\n", base,
					   (unsigned long long)r0);
		datafile_free(&df);
		free(files[i]);
	}
	free(files);
	printf("conformance negative/: %zu refused (%zu by the verifier), %zu "
	       "gave another result, %zu accepted of %zu files\n",
	       refused, verifier, wrong, accepted, n);
	assert_int_equal(accepted, 0);
	assert_true(verifier >= 1); /* error.data reads r0 before writing */
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conformance__positive),
		cmocka_unit_test(test_conformance__negative),
	};
	struct stat st;

	if (argc < 2 || stat(argv[1], &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("SKIP: bpf_conformance data not found at %s (configure "
		       "with -Dshared_data=DIR)\n",
		       argc > 1 ? argv[1] : "?");
		return 77;
	}
	suite_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
