/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/unveil.c: the rule tree, canonical paths, the lock and
 * inheritance (semantics U1-U15), with the cases of OpenBSD's
 * regress/sys/kern/unveil/syscalls.c translated to library calls.  As in
 * that suite, filesystem operations map to permissions: read, stat and
 * opendir need "r"; writing needs "w"; create, unlink and link need "c";
 * execve needs "x".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <tessera/pledge.h>

#define R      TPLEDGE_UV_R
#define W      TPLEDGE_UV_W
#define X      TPLEDGE_UV_X
#define C      TPLEDGE_UV_C
#define RW     (R | W)

#define DIR1   "/tmp/uvdir1.AbCd"  /* unveiled */
#define DIR2   "/tmp/uvdir2.EfGh"  /* not unveiled */
#define FILE1  "/tmp/uvfile1.IjKl" /* unveiled */
#define FILE2  "/tmp/uvfile2.MnOp" /* not unveiled */

#define NNODES 256
#define NNAMES 4096

struct fixture {
	struct tpledge_node nodes[NNODES];
	char names[NNAMES];
	struct tpledge_unveil uv;
};

static int
setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(
		tpledge_unveil_init(&f.uv, f.nodes, NNODES, f.names, NNAMES),
		0);
	*state = &f;
	return 0;
}

static struct tpledge_unveil *
uvof(void **state)
{
	return &((struct fixture *)*state)->uv;
}

static void
unveil_ok(struct tpledge_unveil *uv, const char *path, const char *perms)
{
	assert_int_equal(tpledge_unveil(uv, NULL, path, TPLEDGE_CSTR, perms),
			 0);
}

static int
chk(const struct tpledge_unveil *uv, const char *path, uint32_t want)
{
	return tpledge_unveil_check(uv, NULL, path, TPLEDGE_CSTR, want);
}

static int
chk_at(const struct tpledge_unveil *uv, const char *cwd, const char *path,
       uint32_t want)
{
	return tpledge_unveil_check(uv, cwd, path, TPLEDGE_CSTR, want);
}

/* do_unveil() of the regress suite. */
static void
do_unveil(struct tpledge_unveil *uv, const char *perms)
{
	unveil_ok(uv, DIR1, perms);
	unveil_ok(uv, FILE1, perms);
}

static void
test_tpledge_unveil_init__rejects_bad_storage(void **state)
{
	struct tpledge_node n[2];
	char s[4];
	struct tpledge_unveil uv;

	(void)state;
	assert_int_equal(tpledge_unveil_init(NULL, n, 2, s, 4),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_init(&uv, NULL, 2, s, 4),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_init(&uv, n, 0, s, 4), -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_init(&uv, n, (1u << 31) + 1, s, 4),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_init(&uv, n, 2, NULL, 4),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_init(&uv, n, 2, NULL, 0), 0);
	/* With no name space only the root can carry a rule. */
	assert_int_equal(tpledge_unveil(&uv, NULL, "/a", TPLEDGE_CSTR, "r"),
			 -TPLEDGE_ENOSPC);
	assert_int_equal(tpledge_unveil(&uv, NULL, "/", TPLEDGE_CSTR, "r"), 0);
	assert_int_equal(chk(&uv, "/a", R), 0);
}

static void
test_tpledge_unveil_perms__vectors(void **state)
{
	static const struct {
		const char *s;
		int rc;
		uint32_t bits;
	} v[] = {
		{"", 0, 0},
		{"r", 0, R},
		{"w", 0, W},
		{"x", 0, X},
		{"c", 0, C},
		{"rwxc", 0, R | W | X | C},
		{"cxwr", 0, R | W | X | C},
		{"rr", 0, R},
		{"rwxcr", -TPLEDGE_ENAMETOOLONG, 0},
		{"q", -TPLEDGE_EINVAL, 0},
		{"R", -TPLEDGE_EINVAL, 0},
		{"r w", -TPLEDGE_EINVAL, 0},
	};
	uint32_t bits;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		bits = 0xff;
		assert_int_equal(tpledge_unveil_perms(v[i].s, &bits), v[i].rc);
		assert_int_equal(bits, v[i].rc == 0 ? v[i].bits : 0xff);
	}
	assert_int_equal(tpledge_unveil_perms(NULL, &bits), -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_perms("r", NULL), -TPLEDGE_EINVAL);
}

static void
test_tpledge_path_canon__vectors(void **state)
{
	static const struct {
		const char *cwd, *path, *out;
		int rc;
	} v[] = {
		{NULL, "/", "/", 1},
		{NULL, "//", "/", 1},
		{NULL, "/a/b/c", "/a/b/c", 6},
		{NULL, "/a//b///c/", "/a/b/c", 6},
		{NULL, "/a/./b/.", "/a/b", 4},
		{NULL, "/a/b/../c", "/a/c", 4},
		{NULL, "/a/b/../..", "/", 1},
		{NULL, "/a/..b/c..", "/a/..b/c..", 10},
		{NULL, "/.../.x", "/.../.x", 7},
		{"/home/u", "docs/a", "/home/u/docs/a", 14},
		{"/home/u", ".", "/home/u", 7},
		{"/home/u", "..", "/home", 5},
		{"/home/u", "../../etc", "/etc", 4},
		{"/home/u/", "./x//y/../z", "/home/u/x/z", 11},
		{"/ignored", "/abs", "/abs", 4},
		{NULL, "/..", NULL, -TPLEDGE_EESCAPE},
		{NULL, "/a/../..", NULL, -TPLEDGE_EESCAPE},
		{"/a", "../../b", NULL, -TPLEDGE_EESCAPE},
		{NULL, "rel", NULL, -TPLEDGE_EINVAL},
		{"rel", "x", NULL, -TPLEDGE_EINVAL},
		{"", "x", NULL, -TPLEDGE_EINVAL},
		{NULL, "", NULL, -TPLEDGE_EINVAL},
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int rc = tpledge_path_canon(v[i].cwd, v[i].path, TPLEDGE_CSTR,
					    out, sizeof(out));

		assert_int_equal(rc, v[i].rc);
		if (rc > 0) {
			char again[64];

			assert_string_equal(out, v[i].out);
			/* Canonical form is a fixed point. */
			assert_int_equal(tpledge_path_canon(NULL, out,
							    TPLEDGE_CSTR, again,
							    sizeof(again)),
					 rc);
			assert_string_equal(again, out);
		}
	}
}

static void
test_tpledge_path_canon__limits(void **state)
{
	static char big[TPLEDGE_PATH_MAX + 8];
	static char name[TPLEDGE_NAME_MAX + 3];
	char out[8];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[0] = '/';
	assert_int_equal(tpledge_path_canon(NULL, big, TPLEDGE_CSTR, out, 8),
			 -TPLEDGE_ENAMETOOLONG);
	assert_int_equal(
		tpledge_path_canon(NULL, big, TPLEDGE_PATH_MAX + 1, out, 8),
		-TPLEDGE_ENAMETOOLONG);
	assert_int_equal(tpledge_path_canon(big, "x", TPLEDGE_CSTR, out, 8),
			 -TPLEDGE_ENAMETOOLONG);
	memset(name, 'n', sizeof(name) - 1);
	name[0] = '/';
	assert_int_equal(tpledge_path_canon(NULL, name, TPLEDGE_CSTR, out, 8),
			 -TPLEDGE_ENAMETOOLONG);
	assert_int_equal(tpledge_path_canon(NULL, "/a\0b", 4, out, 8),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_path_canon(NULL, NULL, 1, out, 8),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_path_canon(NULL, "/", 1, NULL, 8),
			 -TPLEDGE_EINVAL);
	assert_int_equal(
		tpledge_path_canon(NULL, "/abcdef", TPLEDGE_CSTR, out, 8), 7);
	assert_int_equal(
		tpledge_path_canon(NULL, "/abcdefg", TPLEDGE_CSTR, out, 8),
		-TPLEDGE_ERANGE);
	assert_int_equal(tpledge_path_canon(NULL, "/", TPLEDGE_CSTR, out, 1),
			 -TPLEDGE_ERANGE);
	/* Explicit length: only the first bytes count. */
	assert_int_equal(tpledge_path_canon(NULL, "/abc/def", 4, out, 8), 4);
	assert_string_equal(out, "/abc");
}

static void
test_tpledge_unveil_check__no_rules_no_veil(void **state)
{
	struct tpledge_unveil *uv = uvof(state);

	/* U1: until a path is unveiled, everything is visible. */
	assert_int_equal(chk(uv, "/etc/passwd", R | W | X | C), 0);
	assert_int_equal(chk(uv, "/..", R), -TPLEDGE_EESCAPE);
	/* U1: locking first does not switch the veil on. */
	assert_int_equal(tpledge_unveil(uv, NULL, NULL, 0, NULL), 0);
	assert_true(tpledge_unveil_locked(uv));
	assert_int_equal(chk(uv, "/etc/passwd", R), 0);
	assert_int_equal(tpledge_unveil(uv, NULL, "/", TPLEDGE_CSTR, "r"),
			 -TPLEDGE_EPERM);
	assert_int_equal(tpledge_unveil(uv, NULL, NULL, 0, NULL),
			 -TPLEDGE_EPERM);
}

static void
test_tpledge_unveil__argument_errors(void **state)
{
	static char big[TPLEDGE_PATH_MAX + 8];
	struct tpledge_unveil *uv = uvof(state);
	struct tpledge_unveil before = *uv;

	memset(big, 'a', sizeof(big) - 1);
	big[0] = '/';
	assert_int_equal(tpledge_unveil(NULL, NULL, "/", 1, "r"),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil(uv, NULL, NULL, 0, "r"),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil(uv, NULL, "/", 1, NULL),
			 -TPLEDGE_EINVAL);
	/* U3: empty path, bad or long permissions. */
	assert_int_equal(tpledge_unveil(uv, NULL, "", TPLEDGE_CSTR, "r"),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil(uv, NULL, "/a", TPLEDGE_CSTR, "rz"),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil(uv, NULL, "/a", TPLEDGE_CSTR, "rwxcr"),
			 -TPLEDGE_ENAMETOOLONG);
	assert_int_equal(tpledge_unveil(uv, NULL, "/a\0/b", 5, "r"),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil(uv, NULL, big, TPLEDGE_CSTR, "r"),
			 -TPLEDGE_ENAMETOOLONG);
	assert_int_equal(tpledge_unveil(uv, NULL, "rel", TPLEDGE_CSTR, "r"),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil(uv, "/", "../x", TPLEDGE_CSTR, "r"),
			 -TPLEDGE_EESCAPE);
	assert_memory_equal(uv, &before, sizeof(before));
	assert_int_equal(tpledge_unveil_rules(uv), 0);
	/* Check errors. */
	assert_int_equal(tpledge_unveil_check(NULL, NULL, "/", 1, R),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_check(uv, NULL, "/", 1, 16),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_check(uv, NULL, NULL, 1, R),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_check(uv, NULL, "", 0, R),
			 -TPLEDGE_EINVAL);
}

static void
test_tpledge_unveil__regress_open(void **state)
{
	static const char *const names[] = {
		"alpha",  "bravo",    "charlie", "delta",  "echo",    "foxtrot",
		"golf",	  "hotel",    "india",	 "juliet", "kilo",    "lima",
		"money",  "november", "oscar",	 "papa",   "quebec",  "romeo",
		"sierra", "tango",    "uniform", "victor", "whiskey", "xray",
		"yankee", "zulu",
	};
	struct tpledge_unveil *uv = uvof(state);
	char p[64];
	size_t i;

	do_unveil(uv, "rwxc");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "/tmp/%s", names[i]);
		unveil_ok(uv, p, "rwxc");
	}
	assert_int_equal(tpledge_unveil_rules(uv), 28);
	assert_int_equal(chk(uv, FILE2, RW), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, DIR2, R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, FILE1, RW), 0);
	/* openat(fd of "/", "etc/hosts"): relative lookups are veiled. */
	assert_int_equal(chk_at(uv, "/", "etc/hosts", R), -TPLEDGE_ENOENT);
	assert_int_equal(chk_at(uv, "/", FILE2, RW), -TPLEDGE_ENOENT);
	assert_int_equal(chk_at(uv, DIR2, "hooray", RW | C), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, DIR1 "/newfile", RW | C), 0);
	assert_int_equal(chk(uv, "/" DIR1 "/doubleslash", RW | C), 0);
	assert_int_equal(chk(uv, "/" DIR1 "//doubleslash2", RW | C), 0);
	assert_int_equal(chk(uv, DIR2 "/newfile", RW | C), -TPLEDGE_ENOENT);
	/* Flag escalation before the lock is allowed (U8, our choice). */
	unveil_ok(uv, FILE1, "x");
	assert_int_equal(chk(uv, FILE1, R), -TPLEDGE_EACCES);
	unveil_ok(uv, FILE1, "rx");
	assert_int_equal(chk(uv, FILE1, R | X), 0);
	assert_int_equal(tpledge_unveil_rules(uv), 28);
}

static void
test_tpledge_unveil__regress_opendir(void **state)
{
	struct tpledge_unveil *uv = uvof(state);

	do_unveil(uv, "rwxc");
	assert_int_equal(chk(uv, DIR1, R), 0);
	assert_int_equal(chk(uv, DIR2, R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, "/" DIR1 "/.", R), 0);
	assert_int_equal(chk(uv, "/" DIR1 "/..", R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, "/" DIR1 "/subdir", R), 0);
	assert_int_equal(chk(uv, "/" DIR1 "/subdir/../subdir", R), 0);
	assert_int_equal(chk(uv, "/" DIR1 "/../../" DIR1 "/subdir", R), 0);
	assert_int_equal(chk(uv, "/" DIR2 "/subdir", R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, DIR1 "/../.." DIR2 "/subdir", R),
			 -TPLEDGE_ENOENT);
}

static void
test_tpledge_unveil__regress_r_rw_x(void **state)
{
	struct tpledge_unveil *uv = uvof(state);

	/* test_r */
	unveil_ok(uv, FILE1, "r");
	unveil_ok(uv, "/", "");
	assert_int_equal(chk(uv, FILE1, R), 0);
	assert_int_equal(chk(uv, FILE1, RW), -TPLEDGE_EACCES);
	/* test_rw */
	unveil_ok(uv, FILE1, "rw");
	assert_int_equal(chk(uv, FILE1, RW), 0);
	assert_int_equal(chk(uv, FILE1, R), 0);
	assert_int_equal(chk(uv, FILE1, C), -TPLEDGE_EACCES);
	assert_int_equal(chk(uv, FILE1, X), -TPLEDGE_EACCES);
	/* test_x: stat and open fail with EACCES, exec works. */
	unveil_ok(uv, FILE1, "x");
	assert_int_equal(chk(uv, FILE1, R), -TPLEDGE_EACCES);
	assert_int_equal(chk(uv, FILE1, X), 0);
	assert_int_equal(chk(uv, FILE2, RW), -TPLEDGE_ENOENT);
	/* "/" with "" hides everything else (U6). */
	assert_int_equal(chk(uv, "/", 0), -TPLEDGE_ENOENT);
}

static void
test_tpledge_unveil__regress_noflags_and_drounveil(void **state)
{
	struct tpledge_unveil *uv = uvof(state);
	struct tpledge_state st;

	do_unveil(uv, "rwxc");
	tpledge_init(&st);
	assert_int_equal(tpledge_pledge_text(&st, uv,
					     "unveil stdio rpath cpath wpath "
					     "exec",
					     NULL, NULL),
			 0);
	assert_int_equal(chk(uv, FILE1, RW), 0);
	unveil_ok(uv, DIR1, "");
	assert_int_equal(chk(uv, DIR1 "/noflagsiamboned", RW | C),
			 -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, FILE1, RW), 0);
	/* test_drounveil: unveil again, then drop "unveil". */
	do_unveil(uv, "rwxc");
	assert_int_equal(tpledge_pledge_text(&st, uv, "stdio rpath cpath wpath",
					     NULL, NULL),
			 0);
	assert_int_equal(chk(uv, FILE2, RW), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, FILE1, RW), 0);
}

static void
test_tpledge_unveil__regress_unlink_link(void **state)
{
	struct tpledge_unveil *uv = uvof(state);

	do_unveil(uv, "rwxc");
	unveil_ok(uv, "/tmp/nukeme.QrStUv", "rw");
	/* test_unlink */
	assert_int_equal(chk(uv, DIR1 "/nukeme", C), 0);
	assert_int_equal(chk(uv, DIR2 "/nukeme", C), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, "/tmp/nukeme.QrStUv", C), -TPLEDGE_EACCES);
	/* test_link: the source must be visible, the target creatable. */
	assert_int_equal(chk(uv, FILE1, R), 0);
	assert_int_equal(chk(uv, DIR1 "/linkuv1", C), 0);
	assert_int_equal(chk(uv, FILE2, R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, DIR2 "/linkuv2", C), -TPLEDGE_ENOENT);
	unveil_ok(uv, DIR1 "/linkuv1", "rw");
	assert_int_equal(chk(uv, DIR1 "/linkuv1", C), -TPLEDGE_EACCES);
}

static void
test_tpledge_unveil__regress_chdir_parent_dir(void **state)
{
	struct tpledge_unveil *uv = uvof(state);
	const char *sub1 = DIR1 "/doof/subdir1";

	unveil_ok(uv, DIR1, "rwxc");
	/* test_chdir */
	assert_int_equal(chk(uv, DIR2, R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, DIR1, R), 0);
	/* test_parent_dir: relative walks inside the unveiled tree. */
	assert_int_equal(chk(uv, DIR1 "/doof/subdir1/link", R), 0);
	assert_int_equal(chk_at(uv, sub1, "poop", R), 0);
	assert_int_equal(chk_at(uv, sub1, "../subdir2", R), 0);
	assert_int_equal(chk_at(uv, sub1, "../subdir1", R), 0);
	assert_int_equal(chk_at(uv, sub1, "../../doof/subdir2", R), 0);
	assert_int_equal(chk_at(uv, sub1, "../../doof/subdir1", R), 0);
	assert_int_equal(chk_at(uv, sub1, "../..", R), 0);
	assert_int_equal(chk_at(uv, sub1, "../../../", R), -TPLEDGE_ENOENT);
}

static void
test_tpledge_unveil__regress_dotdotup_and_openat(void **state)
{
	struct tpledge_unveil *uv = uvof(state);

	unveil_ok(uv, DIR1, "rwxc");
	/* test_dotdotup: leaving the unveiled directory is ENOENT... */
	assert_int_equal(chk_at(uv, DIR1, "../hello", R), -TPLEDGE_ENOENT);
	assert_int_equal(chk_at(uv, DIR1, "../..", R), -TPLEDGE_ENOENT);
	/* ...and climbing above "/" is an error of its own (our choice). */
	assert_int_equal(chk_at(uv, DIR1, "../../../", R), -TPLEDGE_EESCAPE);
	/* test_openat (U11). */
	assert_int_equal(chk_at(uv, DIR1, "subdir/../derp", RW | C), 0);
	assert_int_equal(chk_at(uv, DIR1, "../../x", R), -TPLEDGE_ENOENT);
	assert_int_equal(chk_at(uv, DIR2, DIR1 "/abs", R), 0);
	/* test_fchdir (U12): a veiled cwd still filters relative names. */
	assert_int_equal(chk_at(uv, DIR2, "subdir", R), -TPLEDGE_ENOENT);
}

static void
test_tpledge_unveil__regress_pathdiscover_and_kn(void **state)
{
	struct tpledge_unveil *uv = uvof(state);

	/* test_pathdiscover / test_stat2 (U10). */
	unveil_ok(uv, "/usr/share/man", "rx");
	assert_int_equal(chk(uv, "/usr/share/man/../../share/man", R), 0);
	assert_int_equal(chk(uv, "/usr/share/man/man1/ls.1", R), 0);
	assert_int_equal(chk(uv, "/", R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, "/usr", R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, "/usr/share", 0), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, "/usr/share/doc", R), -TPLEDGE_ENOENT);
	/* test_kn (U6): the most specific rule wins. */
	unveil_ok(uv, "/", "r");
	unveil_ok(uv, "/dev/null", "rw");
	assert_int_equal(chk(uv, "/dev/null", RW), 0);
	assert_int_equal(chk(uv, "/dev/zero", R), 0);
	assert_int_equal(chk(uv, "/dev/zero", RW), -TPLEDGE_EACCES);
	assert_int_equal(chk(uv, "/usr", R), 0);
	assert_int_equal(chk(uv, "/usr/share/man", X), 0);
	assert_int_equal(chk(uv, "/usr/share", X), -TPLEDGE_EACCES);
}

static void
test_tpledge_unveil__regress_dot_and_slash(void **state)
{
	struct tpledge_unveil *uv = uvof(state);

	/* test_dot (U15): "." is the working directory. */
	assert_int_equal(tpledge_unveil(uv, DIR1, ".", TPLEDGE_CSTR, "rwxc"),
			 0);
	assert_int_equal(chk(uv, DIR1, C), 0);
	assert_int_equal(tpledge_unveil(uv, DIR1, ".", TPLEDGE_CSTR, "r"), 0);
	assert_int_equal(chk_at(uv, DIR1, ".", C), -TPLEDGE_EACCES);
	assert_int_equal(tpledge_unveil_rules(uv), 1);
	/* test_slash: a rule on "/" covers everything below it. */
	unveil_ok(uv, "//", "r");
	assert_int_equal(chk(uv, "/etc/hosts", R), 0);
	assert_int_equal(chk(uv, "/", R), 0);
	assert_int_equal(tpledge_unveil_rules(uv), 2);
}

static void
test_tpledge_unveil__subtree_and_hidden_dir(void **state)
{
	struct tpledge_unveil *uv = uvof(state);

	/* U7: a directory rule covers its subtree. */
	unveil_ok(uv, "/var/www", "r");
	assert_int_equal(chk(uv, "/var/www/a/b/c/d/e/f.html", R), 0);
	assert_int_equal(chk(uv, "/var/www/a/b", W), -TPLEDGE_EACCES);
	/* U6: hiding a directory keeps a deeper rule usable. */
	unveil_ok(uv, "/var/www/pub/file", "rw");
	unveil_ok(uv, "/var/www/pub", "");
	assert_int_equal(chk(uv, "/var/www/pub/other", R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, "/var/www/pub", 0), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, "/var/www/pub/file", RW), 0);
	assert_int_equal(chk(uv, "/var/www/pub/file/../file", RW), 0);
	assert_int_equal(chk(uv, "/var/www/pub/file/..", R), -TPLEDGE_ENOENT);
	/* New components are stored canonically. */
	unveil_ok(uv, "/new/./p/../q/./r/..", "r");
	assert_int_equal(chk(uv, "/new/q", R), 0);
	assert_int_equal(chk(uv, "/new/p", R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, "/new", 0), -TPLEDGE_ENOENT);
	assert_int_equal(
		tpledge_unveil(uv, "/new/q", "./x/y/../../../z", 16, "w"), 0);
	assert_int_equal(chk(uv, "/new/z", W), 0);
	/* A path that only shares a prefix of bytes is not covered. */
	assert_int_equal(chk(uv, "/var/wwwx", R), -TPLEDGE_ENOENT);
	assert_int_equal(chk(uv, "/var/ww", R), -TPLEDGE_ENOENT);
}

static void
test_tpledge_unveil__lock(void **state)
{
	struct tpledge_unveil *uv = uvof(state);
	struct tpledge_unveil before;

	unveil_ok(uv, "/etc", "r");
	assert_false(tpledge_unveil_locked(uv));
	assert_int_equal(tpledge_unveil(uv, NULL, NULL, 0, NULL), 0);
	assert_true(tpledge_unveil_locked(uv));
	before = *uv;
	/* U2: every later call is EPERM, even a reduction. */
	assert_int_equal(tpledge_unveil(uv, NULL, "/etc", TPLEDGE_CSTR, ""),
			 -TPLEDGE_EPERM);
	assert_int_equal(tpledge_unveil(uv, NULL, "/x", TPLEDGE_CSTR, "r"),
			 -TPLEDGE_EPERM);
	assert_memory_equal(uv, &before, sizeof(before));
	assert_int_equal(chk(uv, "/etc/hosts", R), 0);
}

static void
test_tpledge_unveil__pool_full_changes_nothing(void **state)
{
	struct tpledge_node nodes[4];
	char names[8];
	struct tpledge_unveil uv, before;
	struct tpledge_node nbefore[4];

	(void)state;
	assert_int_equal(tpledge_unveil_init(&uv, nodes, 4, names, 8), 0);
	assert_int_equal(tpledge_unveil(&uv, NULL, "/a/b", TPLEDGE_CSTR, "r"),
			 0);
	before = uv;
	memcpy(nbefore, nodes, sizeof(nodes));
	/* Needs three more nodes; one is left. */
	assert_int_equal(
		tpledge_unveil(&uv, NULL, "/a/c/d/e", TPLEDGE_CSTR, "r"),
		-TPLEDGE_ENOSPC);
	assert_memory_equal(&uv, &before, sizeof(uv));
	assert_memory_equal(nodes, nbefore, sizeof(nodes));
	/* Enough nodes, but the names do not fit. */
	assert_int_equal(
		tpledge_unveil(&uv, NULL, "/a/longname", TPLEDGE_CSTR, "r"),
		-TPLEDGE_ENOSPC);
	assert_memory_equal(&uv, &before, sizeof(uv));
	/* Fits exactly: one node, names to the last byte. */
	assert_int_equal(
		tpledge_unveil(&uv, NULL, "/a/b/../cdefgh", TPLEDGE_CSTR, "w"),
		0);
	assert_int_equal(chk(&uv, "/a/cdefgh", W), 0);
	assert_int_equal(chk(&uv, "/a/b", R), 0);
	assert_int_equal(chk(&uv, "/a", R), -TPLEDGE_ENOENT);
	/* Full, but re-unveiling an existing path needs no space. */
	assert_int_equal(tpledge_unveil(&uv, NULL, "/a", TPLEDGE_CSTR, "r"), 0);
	assert_int_equal(tpledge_unveil(&uv, NULL, "/z", TPLEDGE_CSTR, "r"),
			 -TPLEDGE_ENOSPC);
}

static void
test_tpledge_unveil__long_component(void **state)
{
	static char p[TPLEDGE_NAME_MAX + 3];
	struct tpledge_unveil *uv = uvof(state);

	memset(p, 'q', sizeof(p) - 1);
	p[0] = '/';
	p[sizeof(p) - 1] = '\0';
	assert_int_equal(tpledge_unveil(uv, NULL, p, TPLEDGE_CSTR, "r"),
			 -TPLEDGE_ENAMETOOLONG);
	assert_int_equal(chk(uv, p, R), -TPLEDGE_ENAMETOOLONG);
	/* 255 bytes is the longest name. */
	p[sizeof(p) - 2] = '\0';
	assert_int_equal(tpledge_unveil(uv, NULL, p, TPLEDGE_CSTR, "r"), 0);
	assert_int_equal(chk(uv, p, R), 0);
}

static void
test_tpledge_unveil_fork__copies_rules_and_lock(void **state)
{
	struct tpledge_unveil *uv = uvof(state);
	struct tpledge_node cnodes[16], small[2];
	char cnames[128];
	struct tpledge_unveil child, tiny, before;

	unveil_ok(uv, "/usr/share/man", "r");
	unveil_ok(uv, "/tmp", "rwc");
	assert_int_equal(tpledge_unveil_init(&child, cnodes, 16, cnames, 128),
			 0);
	/* U14: rules are inherited. */
	assert_int_equal(tpledge_unveil_fork(uv, &child), 0);
	assert_int_equal(tpledge_unveil_rules(&child), 2);
	assert_int_equal(chk(&child, "/tmp/x", C), 0);
	assert_int_equal(chk(&child, "/etc", R), -TPLEDGE_ENOENT);
	/* The child's rules are its own. */
	unveil_ok(&child, "/etc", "r");
	assert_int_equal(chk(uv, "/etc", R), -TPLEDGE_ENOENT);
	/* U2 test_fork_locked: the lock is inherited. */
	assert_int_equal(tpledge_unveil(uv, NULL, NULL, 0, NULL), 0);
	assert_int_equal(tpledge_unveil_fork(uv, &child), 0);
	assert_int_equal(tpledge_unveil(&child, NULL, "/", TPLEDGE_CSTR, "rwx"),
			 -TPLEDGE_EPERM);
	assert_int_equal(chk(&child, "/etc", R), -TPLEDGE_ENOENT);
	/* A child pool that is too small changes nothing. */
	assert_int_equal(tpledge_unveil_init(&tiny, small, 2, cnames, 128), 0);
	before = tiny;
	assert_int_equal(tpledge_unveil_fork(uv, &tiny), -TPLEDGE_ENOSPC);
	assert_memory_equal(&tiny, &before, sizeof(tiny));
	assert_int_equal(tpledge_unveil_init(&tiny, cnodes, 16, cnames, 4), 0);
	assert_int_equal(tpledge_unveil_fork(uv, &tiny), -TPLEDGE_ENOSPC);
	assert_int_equal(tpledge_unveil_fork(NULL, &tiny), -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_fork(uv, NULL), -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_unveil_fork(uv, uv), -TPLEDGE_EINVAL);
}

static void
test_tpledge_unveil_fork__empty_parent(void **state)
{
	struct tpledge_unveil *uv = uvof(state);
	struct tpledge_node cnodes[2];
	struct tpledge_unveil child;

	assert_int_equal(tpledge_unveil_init(&child, cnodes, 2, NULL, 0), 0);
	assert_int_equal(tpledge_unveil_fork(uv, &child), 0);
	assert_int_equal(chk(&child, "/anything", R), 0);
}

static void
test_tpledge_unveil__many_siblings(void **state)
{
	struct tpledge_unveil *uv = uvof(state);
	char p[32];
	int i;

	for (i = 0; i < 100; i++) {
		snprintf(p, sizeof(p), "/srv/d%d/f", i);
		unveil_ok(uv, p, (i & 1) ? "r" : "w");
	}
	for (i = 0; i < 100; i++) {
		snprintf(p, sizeof(p), "/srv/d%d/f", i);
		assert_int_equal(chk(uv, p, (i & 1) ? R : W), 0);
		assert_int_equal(chk(uv, p, (i & 1) ? W : R), -TPLEDGE_EACCES);
		snprintf(p, sizeof(p), "/srv/d%d/g", i);
		assert_int_equal(chk(uv, p, 0), -TPLEDGE_ENOENT);
	}
	assert_int_equal(tpledge_unveil_rules(uv), 100);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_tpledge_unveil_init__rejects_bad_storage),
		T(test_tpledge_unveil_perms__vectors),
		T(test_tpledge_path_canon__vectors),
		T(test_tpledge_path_canon__limits),
		T(test_tpledge_unveil_check__no_rules_no_veil),
		T(test_tpledge_unveil__argument_errors),
		T(test_tpledge_unveil__regress_open),
		T(test_tpledge_unveil__regress_opendir),
		T(test_tpledge_unveil__regress_r_rw_x),
		T(test_tpledge_unveil__regress_noflags_and_drounveil),
		T(test_tpledge_unveil__regress_unlink_link),
		T(test_tpledge_unveil__regress_chdir_parent_dir),
		T(test_tpledge_unveil__regress_dotdotup_and_openat),
		T(test_tpledge_unveil__regress_pathdiscover_and_kn),
		T(test_tpledge_unveil__regress_dot_and_slash),
		T(test_tpledge_unveil__subtree_and_hidden_dir),
		T(test_tpledge_unveil__lock),
		T(test_tpledge_unveil__pool_full_changes_nothing),
		T(test_tpledge_unveil__long_component),
		T(test_tpledge_unveil_fork__copies_rules_and_lock),
		T(test_tpledge_unveil_fork__empty_parent),
		T(test_tpledge_unveil__many_siblings),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
