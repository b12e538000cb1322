/* SPDX-License-Identifier: BSD-2-Clause */
/* Capability mode, directory-relative opens, the beneath checker
 * (src/capmode.c). */
#include "fixtures.h"

static int dir_obj;

static void
test_tcap_enter__irreversible(void **state)
{
	struct tcap_proc p;
	uint32_t mode = 7;

	(void)state;
	assert_int_equal(tcap_proc_init(&p, NULL), 0);
	/* A1: 0 before, 1 after. */
	assert_int_equal(tcap_getmode(&p, &mode), 0);
	assert_int_equal(mode, 0);
	assert_false(tcap_sandboxed(&p));
	assert_int_equal(tcap_check_global(&p), 0);
	assert_int_equal(tcap_enter(&p), 0);
	assert_int_equal(tcap_getmode(&p, &mode), 0);
	assert_int_equal(mode, 1);
	assert_true(tcap_sandboxed(&p));
	/* A2: idempotent. */
	assert_int_equal(tcap_enter(&p), 0);
	assert_int_equal(tcap_getmode(&p, &mode), 0);
	assert_int_equal(mode, 1);
	/* A6, A10, A11: the global namespaces are closed. */
	assert_int_equal(tcap_check_global(&p), -TCAP_ECAPMODE);
}

static void
test_tcap_enter__errors(void **state)
{
	struct tcap_proc p;
	uint32_t mode;

	(void)state;
	assert_int_equal(tcap_proc_init(&p, NULL), 0);
	assert_int_equal(tcap_enter(NULL), -TCAP_EFAULT);
	/* A3: a bad pointer is EFAULT. */
	assert_int_equal(tcap_getmode(&p, NULL), -TCAP_EFAULT);
	assert_int_equal(tcap_getmode(NULL, &mode), -TCAP_EFAULT);
	assert_int_equal(tcap_proc_init(NULL, &p), -TCAP_EFAULT);
	assert_int_equal(tcap_check_global(NULL), -TCAP_EFAULT);
	assert_false(tcap_sandboxed(NULL));
}

static void
test_tcap_proc_init__inheritance(void **state)
{
	struct tcap_proc parent, before, after, grandchild;

	(void)state;
	assert_int_equal(tcap_proc_init(&parent, NULL), 0);
	/* A5: a child created before cap_enter is unaffected ... */
	assert_int_equal(tcap_proc_init(&before, &parent), 0);
	assert_int_equal(tcap_enter(&parent), 0);
	assert_false(tcap_sandboxed(&before));
	/* ... one created after starts in capability mode. */
	assert_int_equal(tcap_proc_init(&after, &parent), 0);
	assert_true(tcap_sandboxed(&after));
	assert_int_equal(tcap_proc_init(&grandchild, &after), 0);
	assert_true(tcap_sandboxed(&grandchild));
}

struct path_case {
	const char *path;
	int err;
};

/* A9 (capsicum-test openat.cc and capability-fd.cc traversal cases). */
static const struct path_case path_cases[] = {
	{"a", 0},
	{".", 0},
	{"./a", 0},
	{"a/b/c", 0},
	{"a//b/", 0},
	{"a/..", 0},
	{"a/../b", 0},
	{"a/b/../../c", 0},
	{"..a", 0},
	{"a..", 0},
	{"...", 0},
	/* Two-byte names that only look like "..": real components. */
	{".a", 0},
	{"a.", 0},
	{".a/..", 0},
	{"a./../b", 0},
	{".a/../..", -TCAP_ENOTBENEATH},
	{"a./../../b", -TCAP_ENOTBENEATH},
	{"a/./../b", 0},
	{"/", -TCAP_ENOTBENEATH},
	{"/etc/passwd", -TCAP_ENOTBENEATH},
	{"..", -TCAP_ENOTBENEATH},
	{"../a", -TCAP_ENOTBENEATH},
	{"./..", -TCAP_ENOTBENEATH},
	{"a/../..", -TCAP_ENOTBENEATH},
	{"subdir/../../x", -TCAP_ENOTBENEATH},
	{"a/b/../../../c", -TCAP_ENOTBENEATH},
	{"a/../../", -TCAP_ENOTBENEATH},
	{"", -TCAP_EINVAL},
};

static void
test_tcap_path_beneath__vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(path_cases) / sizeof(path_cases[0]); i++) {
		const char *p = path_cases[i].path;

		if (tcap_path_beneath(p, strlen(p)) != path_cases[i].err)
			fail_msg("path \"%s\"", p);
	}
}

static void
test_tcap_path_beneath__malformed(void **state)
{
	static char big[TCAP_PATH_MAX + 2];
	static const char nul[] = "a/b\0c";
	static const char nul_after_escape[] = "../\0";

	(void)state;
	memset(big, 'a', sizeof(big));
	assert_int_equal(tcap_path_beneath(NULL, 1), -TCAP_EFAULT);
	assert_int_equal(tcap_path_beneath(NULL, 0), -TCAP_EINVAL);
	assert_int_equal(tcap_path_beneath(nul, sizeof(nul) - 1), -TCAP_EINVAL);
	/* Left to right: the escape comes first here. */
	assert_int_equal(tcap_path_beneath(nul_after_escape,
					   sizeof(nul_after_escape) - 1),
			 -TCAP_ENOTBENEATH);
	assert_int_equal(tcap_path_beneath(big, TCAP_PATH_MAX + 1),
			 -TCAP_ERANGE);
	/* One component of TCAP_NAME_MAX is fine, one more is not. */
	assert_int_equal(tcap_path_beneath(big, TCAP_NAME_MAX), 0);
	assert_int_equal(tcap_path_beneath(big, TCAP_NAME_MAX + 1),
			 -TCAP_ERANGE);
	/* Many short components up to the limit. */
	for (size_t i = 1; i < TCAP_PATH_MAX; i += 2)
		big[i] = '/';
	assert_int_equal(tcap_path_beneath(big, TCAP_PATH_MAX), 0);
}

static void
test_tcap_beneath_step__walk(void **state)
{
	struct tcap_beneath w;

	(void)state;
	assert_int_equal(tcap_beneath_init(&w), 0);
	assert_int_equal(tcap_beneath_step(&w, "a", 1), 0);
	assert_int_equal(tcap_beneath_step(&w, ".", 1), 0);
	assert_int_equal(tcap_beneath_step(&w, "", 0), 0);
	assert_int_equal(tcap_beneath_step(&w, NULL, 0), 0);
	assert_int_equal(tcap_beneath_step(&w, "..", 2), 0);
	assert_int_equal(tcap_beneath_step(&w, "..", 2), -TCAP_ENOTBENEATH);
	/* Unchanged after the failure: a name still works. */
	assert_int_equal(tcap_beneath_step(&w, "b", 1), 0);
	assert_int_equal(tcap_beneath_step(&w, "..", 2), 0);
	assert_int_equal(tcap_beneath_step(&w, "..", 2), -TCAP_ENOTBENEATH);
}

static void
test_tcap_beneath_step__malformed(void **state)
{
	static char big[TCAP_NAME_MAX + 1];
	struct tcap_beneath w;

	(void)state;
	memset(big, 'x', sizeof(big));
	assert_int_equal(tcap_beneath_init(NULL), -TCAP_EFAULT);
	assert_int_equal(tcap_beneath_init(&w), 0);
	assert_int_equal(tcap_beneath_step(NULL, "a", 1), -TCAP_EFAULT);
	assert_int_equal(tcap_beneath_step(&w, NULL, 1), -TCAP_EFAULT);
	assert_int_equal(tcap_beneath_step(&w, "a/b", 3), -TCAP_EINVAL);
	assert_int_equal(tcap_beneath_step(&w, "a\0", 2), -TCAP_EINVAL);
	assert_int_equal(tcap_beneath_step(&w, big, sizeof(big)), -TCAP_ERANGE);
	assert_int_equal(tcap_beneath_step(&w, big, sizeof(big) - 1), 0);
}

static void
test_tcap_beneath_symlink__targets(void **state)
{
	struct tcap_beneath w;

	(void)state;
	assert_int_equal(tcap_beneath_init(&w), 0);
	assert_int_equal(tcap_beneath_step(&w, "d", 1), 0);
	/* A link in d: absolute targets escape at once. */
	assert_int_equal(tcap_beneath_symlink(&w, "/x", 2), -TCAP_ENOTBENEATH);
	/* "../x" from d lands in the start directory: fine. */
	assert_int_equal(tcap_beneath_symlink(&w, "../x", 4), 0);
	/* Now at depth 1 (x); a link there to "../../y" escapes. */
	assert_int_equal(tcap_beneath_symlink(&w, "../../y", 7),
			 -TCAP_ENOTBENEATH);
	assert_int_equal(tcap_beneath_step(&w, "..", 2), 0);
	assert_int_equal(tcap_beneath_symlink(&w, "..", 2), -TCAP_ENOTBENEATH);
	/* Down and same-directory links succeed. */
	assert_int_equal(tcap_beneath_symlink(&w, "sub/f", 5), 0);
	assert_int_equal(tcap_beneath_symlink(&w, "./g", 3), 0);
	assert_int_equal(tcap_beneath_symlink(NULL, "a", 1), -TCAP_EFAULT);
	assert_int_equal(tcap_beneath_symlink(&w, NULL, 1), -TCAP_EFAULT);
	assert_int_equal(tcap_beneath_symlink(&w, "", 0), -TCAP_EINVAL);
}

static void
test_tcap_beneath_symlink__too_long(void **state)
{
	static char big[TCAP_PATH_MAX + 1];
	struct tcap_beneath w;

	(void)state;
	memset(big, 'l', sizeof(big));
	assert_int_equal(tcap_beneath_init(&w), 0);
	assert_int_equal(tcap_beneath_symlink(&w, big, sizeof(big)),
			 -TCAP_ERANGE);
	assert_int_equal(tcap_beneath_symlink(&w, big, TCAP_NAME_MAX + 1),
			 -TCAP_ERANGE);
	/* The walker did not move: ".." still escapes. */
	assert_int_equal(tcap_beneath_step(&w, "..", 2), -TCAP_ENOTBENEATH);
}

/* A fixture with a directory handle, full rights. */
struct at_fx {
	struct fx *f;
	struct tcap_proc p;
	tcap_handle_t dir;
};

static void
at_setup(struct at_fx *a)
{
	a->f = fx_new();
	assert_int_equal(tcap_proc_init(&a->p, NULL), 0);
	a->dir = fx_install(a->f, &dir_obj, TCAP_OBJ_DIR, TCAP_RIGHTS_SAME);
}

static void
test_tcap_openat_check__outside_capmode(void **state)
{
	struct at_fx a;
	struct tcap_openat o;

	(void)state;
	at_setup(&a);
	/* A full directory handle outside capability mode: no policing. */
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, a.dir, "../x", 4,
					   TCAP_RIGHT_READ, 0, &o),
			 0);
	assert_ptr_equal(o.dir, &dir_obj);
	assert_false(o.beneath);
	assert_true(o.rights == tcap_type_rights(TCAP_OBJ_DIR));
	/* ... unless asked for (O_RESOLVE_BENEATH). */
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, a.dir, "../x", 4, 0,
					   TCAP_AT_BENEATH, &o),
			 -TCAP_ENOTBENEATH);
	/* AT_FDCWD is fine outside capability mode. */
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, TCAP_AT_CWD, "/etc/x",
					   6, 0, 0, &o),
			 0);
	assert_null(o.dir);
	assert_false(o.beneath);
	assert_true(o.rights == TCAP_RIGHTS_ALL);
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, TCAP_AT_CWD, "/etc/x",
					   6, 0, TCAP_AT_BENEATH, &o),
			 -TCAP_ENOTBENEATH);
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, TCAP_AT_CWD, "x", 1,
					   0, TCAP_AT_BENEATH, &o),
			 0);
	assert_true(o.beneath);
	free(a.f);
}

static void
test_tcap_openat_check__in_capmode(void **state)
{
	struct at_fx a;
	struct tcap_openat o;

	(void)state;
	at_setup(&a);
	assert_int_equal(tcap_enter(&a.p), 0);
	/* A7: AT_FDCWD is a global namespace. */
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, TCAP_AT_CWD, "x", 1, 0, 0, &o),
		-TCAP_ECAPMODE);
	/* A8: relative to a real directory handle it works ... */
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, a.dir, "a/b", 3,
					   tcap_open_rights(TCAP_OPEN_READ), 0,
					   &o),
			 0);
	assert_true(o.beneath);
	/* A9: ... but may not leave the directory. */
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, a.dir, "../x", 4, 0, 0, &o),
		-TCAP_ENOTBENEATH);
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, a.dir, "/x", 2, 0, 0, &o),
		-TCAP_ENOTBENEATH);
	free(a.f);
}

static void
test_tcap_openat_check__limited_dir(void **state)
{
	struct at_fx a;
	struct tcap_openat o;

	(void)state;
	at_setup(&a);
	assert_int_equal(tcap_rights_limit(&a.f->t, a.dir,
					   TCAP_RIGHT_READ | TCAP_RIGHT_LOOKUP),
			 0);
	/* A9: a limited handle is policed outside capability mode too. */
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, a.dir, "../x", 4, 0, 0, &o),
		-TCAP_ENOTBENEATH);
	/* A14: the new handle's ceiling is the directory's rights. */
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, a.dir, "x", 1,
					   TCAP_RIGHT_READ, 0, &o),
			 0);
	assert_true(o.rights == (TCAP_RIGHT_READ | TCAP_RIGHT_LOOKUP));
	/* A20: writing needs WRITE and SEEK; create needs CREATE. */
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, a.dir, "x", 1,
					   tcap_open_rights(TCAP_OPEN_WRITE), 0,
					   &o),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, a.dir, "x", 1,
					   tcap_open_rights(TCAP_OPEN_CREATE),
					   0, &o),
			 -TCAP_ENOTCAPABLE);
	free(a.f);
}

static void
test_tcap_openat_check__error_order(void **state)
{
	struct at_fx a;
	struct tcap_openat o;
	tcap_handle_t file, nolookup;

	(void)state;
	at_setup(&a);
	assert_int_equal(tcap_enter(&a.p), 0);
	file = fx_install(a.f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	nolookup = fx_install(a.f, NULL, TCAP_OBJ_DIR, TCAP_RIGHT_READ);
	assert_int_equal(
		tcap_openat_check(NULL, &a.f->t, a.dir, "x", 1, 0, 0, &o),
		-TCAP_EFAULT);
	assert_int_equal(tcap_openat_check(&a.p, NULL, a.dir, "x", 1, 0, 0, &o),
			 -TCAP_EFAULT);
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, a.dir, "x", 1, 0, 0, NULL),
		-TCAP_EFAULT);
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, a.dir, NULL, 1, 0, 0, &o),
		-TCAP_EFAULT);
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, a.dir, "x", 1, 0, 0x80, &o),
		-TCAP_EINVAL);
	/* Handle, then rights (A19), then type, then path. */
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, a.dir + 64, "..", 2, 0, 0, &o),
		-TCAP_EBADF);
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, nolookup, "..", 2, 0, 0, &o),
		-TCAP_ENOTCAPABLE);
	/* A file has no LOOKUP: still ENOTCAPABLE first. */
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, file, "x", 1, 0, 0, &o),
		-TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_rights_limit(&a.f->t, nolookup, 0), 0);
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, a.dir, "", 0, 0, 0, &o),
		-TCAP_EINVAL);
	free(a.f);
}

static void
test_tcap_openat_check__wrong_type(void **state)
{
	static struct tcap_entry slots[2];
	static const uint64_t types[3] = {0, TCAP_RIGHTS_ALL, TCAP_RIGHTS_ALL};
	struct tcap_table_config cfg = {
		.slots = slots, .nslots = 2, .type_rights = types, .ntypes = 3};
	struct tcap_table t;
	struct tcap_proc p;
	struct tcap_openat o;
	tcap_handle_t h;

	(void)state;
	assert_int_equal(tcap_table_init(&t, &cfg), 0);
	assert_int_equal(tcap_proc_init(&p, NULL), 0);
	/* Type 1 has LOOKUP in this table but is not a directory. */
	assert_int_equal(tcap_install(&t, NULL, 1, TCAP_RIGHTS_SAME, &h), 0);
	assert_int_equal(tcap_openat_check(&p, &t, h, "x", 1, 0, 0, &o),
			 -TCAP_EWRONGTYPE);
	assert_int_equal(
		tcap_install(&t, NULL, TCAP_OBJ_DIR, TCAP_RIGHTS_SAME, &h), 0);
	assert_int_equal(tcap_openat_check(&p, &t, h, "../x", 4, 0, 0, &o), 0);
	assert_false(o.beneath);
}

static void
test_tcap_openat_check__cwd_malformed(void **state)
{
	struct at_fx a;
	struct tcap_openat o;

	(void)state;
	at_setup(&a);
	assert_int_equal(
		tcap_openat_check(&a.p, &a.f->t, TCAP_AT_CWD, "", 0, 0, 0, &o),
		-TCAP_EINVAL);
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, TCAP_AT_CWD, "a\0", 2,
					   0, 0, &o),
			 -TCAP_EINVAL);
	{
		static char big[TCAP_PATH_MAX + 1];

		memset(big, 'c', sizeof(big));
		assert_int_equal(tcap_openat_check(&a.p, &a.f->t, a.dir, big,
						   sizeof(big), 0, 0, &o),
				 -TCAP_ERANGE);
		assert_int_equal(tcap_openat_check(&a.p, &a.f->t, TCAP_AT_CWD,
						   big, TCAP_NAME_MAX + 1, 0, 0,
						   &o),
				 -TCAP_ERANGE);
	}
	/* Outside beneath mode ".." at the top is simply the top. */
	assert_int_equal(tcap_openat_check(&a.p, &a.f->t, TCAP_AT_CWD, "../..",
					   5, 0, 0, &o),
			 0);
	free(a.f);
}

static void
test_tcap_openat_check__dir_in_table_without_dir_type(void **state)
{
	static const uint64_t file_only[2] = {0, TCAP_RIGHTS_ALL};
	struct tcap_entry slots[2];
	struct tcap_table t;
	struct tcap_table_config cfg = {
		.slots = slots,
		.nslots = 2,
		.type_rights = file_only,
		.ntypes = 2,
	};
	struct at_fx a;
	struct tcap_xfer x = {.mode = TCAP_XFER_MOVE,
			      .rights = TCAP_RIGHTS_SAME};
	struct tcap_openat o;

	(void)state;
	/* A directory handle moved into a table whose types stop below
	 * TCAP_OBJ_DIR: that table knows no full set for it, so every
	 * lookup through it is policed as through a limited handle. */
	at_setup(&a);
	assert_int_equal(tcap_table_init(&t, &cfg), 0);
	x.handle = a.dir;
	assert_int_equal(tcap_transfer(&a.f->t, &t, &x, 1), 0);
	assert_int_equal(tcap_openat_check(&a.p, &t, x.out, "a/b", 3,
					   TCAP_RIGHT_READ, 0, &o),
			 0);
	assert_true(o.beneath);
	assert_true(o.rights == tcap_type_rights(TCAP_OBJ_DIR));
	assert_int_equal(
		tcap_openat_check(&a.p, &t, x.out, "../x", 4, 0, 0, &o),
		-TCAP_ENOTBENEATH);
	free(a.f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcap_enter__irreversible),
		cmocka_unit_test(test_tcap_enter__errors),
		cmocka_unit_test(test_tcap_proc_init__inheritance),
		cmocka_unit_test(test_tcap_path_beneath__vectors),
		cmocka_unit_test(test_tcap_path_beneath__malformed),
		cmocka_unit_test(test_tcap_beneath_step__walk),
		cmocka_unit_test(test_tcap_beneath_step__malformed),
		cmocka_unit_test(test_tcap_beneath_symlink__targets),
		cmocka_unit_test(test_tcap_beneath_symlink__too_long),
		cmocka_unit_test(test_tcap_openat_check__outside_capmode),
		cmocka_unit_test(test_tcap_openat_check__in_capmode),
		cmocka_unit_test(test_tcap_openat_check__limited_dir),
		cmocka_unit_test(test_tcap_openat_check__error_order),
		cmocka_unit_test(test_tcap_openat_check__wrong_type),
		cmocka_unit_test(test_tcap_openat_check__cwd_malformed),
		cmocka_unit_test(
			test_tcap_openat_check__dir_in_table_without_dir_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
