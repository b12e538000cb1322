/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/promise.c: names, the text form, pledge() monotonicity
 * (semantics P1-P6, P18-P20) and what fork, spawn and exec do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tessera/pledge.h>

static const char *const names[TPLEDGE_NPROMISES] = {
	"stdio", "rpath",  "wpath",  "cpath", "inet",	"unix",	  "dns",
	"proc",	 "exec",   "prot",   "mmap",  "tty",	"audio",  "video",
	"fattr", "chown",  "flock",  "id",    "recvfd", "sendfd", "settime",
	"ps",	 "vminfo", "unveil", "error",
};

static void
test_tpledge_strerror__every_code(void **state)
{
	static const int codes[] = {
		0,
		TPLEDGE_EINVAL,
		TPLEDGE_ENOSPC,
		TPLEDGE_ENOENT,
		TPLEDGE_EEXIST,
		TPLEDGE_EPERM,
		TPLEDGE_EAGAIN,
		TPLEDGE_ERANGE,
		TPLEDGE_EBUSY,
		TPLEDGE_EBADF,
		TPLEDGE_EFAULT,
		TPLEDGE_EACCES,
		TPLEDGE_ENAMETOOLONG,
		TPLEDGE_ENOSYS,
		TPLEDGE_EESCAPE,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *m = tpledge_strerror(-codes[i]);

		assert_non_null(m);
		assert_string_equal(m, tpledge_strerror(codes[i]));
		assert_string_not_equal(m, "unknown error");
	}
	assert_string_equal(tpledge_strerror(11), "unknown error");
	assert_string_equal(tpledge_strerror(-31), "unknown error");
	assert_string_equal(tpledge_strerror(-999), "unknown error");
	assert_string_equal(tpledge_strerror(-2147483647 - 1), "unknown error");
}

static void
test_tpledge_promise_name__each_bit(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < TPLEDGE_NPROMISES; i++)
		assert_string_equal(tpledge_promise_name(UINT64_C(1) << i),
				    names[i]);
	assert_null(tpledge_promise_name(0));
	assert_null(tpledge_promise_name(TPLEDGE_STDIO | TPLEDGE_RPATH));
	assert_null(tpledge_promise_name(UINT64_C(1) << TPLEDGE_NPROMISES));
	assert_null(tpledge_promise_name(UINT64_C(1) << 63));
}

struct parse_vec {
	const char *text;
	size_t len;
	int rc;
	uint64_t set;
	uint32_t off, n;
};

static void
test_tpledge_promises_parse__vectors(void **state)
{
	static const struct parse_vec v[] = {
		{"stdio rpath inet", TPLEDGE_CSTR, 0,
		 TPLEDGE_STDIO | TPLEDGE_RPATH | TPLEDGE_INET, 0, 0},
		{"", TPLEDGE_CSTR, 0, 0, 0, 0},
		{"     ", TPLEDGE_CSTR, 0, 0, 0, 0},
		{"  stdio    rpath  ", TPLEDGE_CSTR, 0,
		 TPLEDGE_STDIO | TPLEDGE_RPATH, 0, 0},
		{"stdio stdio", TPLEDGE_CSTR, 0, TPLEDGE_STDIO, 0, 0},
		{"prot_exec", TPLEDGE_CSTR, 0, TPLEDGE_PROT | TPLEDGE_MMAP, 0,
		 0},
		{"error unveil", TPLEDGE_CSTR, 0,
		 TPLEDGE_ERROR | TPLEDGE_UNVEIL, 0, 0},
		{"stdio bogus", TPLEDGE_CSTR, -TPLEDGE_EINVAL, 0, 6, 5},
		{"stdio\trpath", TPLEDGE_CSTR, -TPLEDGE_EINVAL, 0, 0, 11},
		{"stdiox", TPLEDGE_CSTR, -TPLEDGE_EINVAL, 0, 0, 6},
		{"std", TPLEDGE_CSTR, -TPLEDGE_EINVAL, 0, 0, 3},
		{"STDIO", TPLEDGE_CSTR, -TPLEDGE_EINVAL, 0, 0, 5},
		{"stdio\0rpath", 11, -TPLEDGE_EINVAL, 0, 5, 1},
		{"stdio \0", 7, -TPLEDGE_EINVAL, 0, 6, 1},
		{"stdio rpath", 5, 0, TPLEDGE_STDIO, 0, 0},
		{"dpath", TPLEDGE_CSTR, -TPLEDGE_EINVAL, 0, 0, 5},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint64_t set = 0xdead;
		struct tpledge_span bad = {9, 9, 9};
		int rc =
			tpledge_promises_parse(v[i].text, v[i].len, &set, &bad);

		assert_int_equal(rc, v[i].rc);
		if (rc == 0) {
			assert_true(set == v[i].set);
		} else {
			assert_true(set == 0xdead);
			assert_int_equal(bad.which, 0);
			assert_int_equal(bad.offset, v[i].off);
			assert_int_equal(bad.length, v[i].n);
		}
	}
}

static void
test_tpledge_promises_parse__every_name(void **state)
{
	unsigned int i;
	uint64_t set;

	(void)state;
	for (i = 0; i < TPLEDGE_NPROMISES; i++) {
		assert_int_equal(tpledge_promises_parse(names[i], TPLEDGE_CSTR,
							&set, NULL),
				 0);
		assert_true(set == (UINT64_C(1) << i));
	}
	/* A bad word with no span to report still fails. */
	assert_int_equal(
		tpledge_promises_parse("nope", TPLEDGE_CSTR, &set, NULL),
		-TPLEDGE_EINVAL);
	assert_int_equal(tpledge_promises_parse("a\0", 2, &set, NULL),
			 -TPLEDGE_EINVAL);
}

static void
test_tpledge_promises_parse__too_long(void **state)
{
	static char text[TPLEDGE_TEXT_MAX + 2];
	uint64_t set = 7;

	(void)state;
	memset(text, ' ', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(tpledge_promises_parse(text, TPLEDGE_CSTR, &set, NULL),
			 -TPLEDGE_ENAMETOOLONG);
	assert_int_equal(
		tpledge_promises_parse(text, TPLEDGE_TEXT_MAX + 1, &set, NULL),
		-TPLEDGE_ENAMETOOLONG);
	assert_true(set == 7);
	assert_int_equal(
		tpledge_promises_parse(text, TPLEDGE_TEXT_MAX, &set, NULL), 0);
	assert_true(set == 0);
}

static void
test_tpledge_promises_parse__null_args(void **state)
{
	uint64_t set;

	(void)state;
	assert_int_equal(tpledge_promises_parse(NULL, 0, &set, NULL),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_promises_parse("stdio", 5, NULL, NULL),
			 -TPLEDGE_EINVAL);
}

static void
test_tpledge_promises_format__roundtrip(void **state)
{
	char buf[TPLEDGE_FORMAT_MAX];
	uint64_t set, back;
	unsigned int i;
	int n;

	(void)state;
	for (i = 0; i < TPLEDGE_NPROMISES; i++) {
		set = UINT64_C(1) << i;
		n = tpledge_promises_format(set, buf, sizeof(buf));
		assert_int_equal(n, (int)strlen(names[i]));
		assert_string_equal(buf, names[i]);
	}
	n = tpledge_promises_format(TPLEDGE_ALL, buf, sizeof(buf));
	assert_true(n > 0 && (size_t)n < sizeof(buf));
	assert_int_equal(tpledge_promises_parse(buf, TPLEDGE_CSTR, &back, NULL),
			 0);
	assert_true(back == TPLEDGE_ALL);
	n = tpledge_promises_format(TPLEDGE_INET | TPLEDGE_STDIO, buf,
				    sizeof(buf));
	assert_int_equal(n, 10);
	assert_string_equal(buf, "stdio inet");
	n = tpledge_promises_format(0, buf, sizeof(buf));
	assert_int_equal(n, 0);
	assert_string_equal(buf, "");
}

static void
test_tpledge_promises_format__errors(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(
		tpledge_promises_format(TPLEDGE_STDIO | TPLEDGE_INET, buf, 10),
		-TPLEDGE_ERANGE);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(
		tpledge_promises_format(TPLEDGE_STDIO | TPLEDGE_INET, buf, 11),
		10);
	assert_int_equal(tpledge_promises_format(0, buf, 0), -TPLEDGE_ERANGE);
	assert_int_equal(
		tpledge_promises_format(UINT64_C(1) << 40, buf, sizeof(buf)),
		-TPLEDGE_EINVAL);
	assert_int_equal(tpledge_promises_format(TPLEDGE_STDIO, NULL, 16),
			 -TPLEDGE_EINVAL);
}

static void
test_tpledge_init__unpledged(void **state)
{
	struct tpledge_state st;

	(void)state;
	memset(&st, 0x5a, sizeof(st));
	tpledge_init(&st);
	assert_false(tpledge_is_pledged(&st));
	assert_true(tpledge_promises(&st) == TPLEDGE_ALL);
	assert_true(tpledge_execpromises(&st) == TPLEDGE_KEEP);
}

static void
test_tpledge_pledge__first_call_then_shrink(void **state)
{
	struct tpledge_state st;

	(void)state;
	tpledge_init(&st);
	assert_int_equal(tpledge_pledge(&st, NULL,
					TPLEDGE_STDIO | TPLEDGE_RPATH,
					TPLEDGE_KEEP),
			 0);
	assert_true(tpledge_is_pledged(&st));
	assert_true(tpledge_promises(&st) == (TPLEDGE_STDIO | TPLEDGE_RPATH));
	assert_true(tpledge_execpromises(&st) == TPLEDGE_KEEP);
	/* Same set and a subset are fine (regress test_pledge). */
	assert_int_equal(tpledge_pledge(&st, NULL,
					TPLEDGE_STDIO | TPLEDGE_RPATH,
					TPLEDGE_KEEP),
			 0);
	assert_int_equal(tpledge_pledge(&st, NULL, TPLEDGE_STDIO, TPLEDGE_KEEP),
			 0);
	assert_true(tpledge_promises(&st) == TPLEDGE_STDIO);
	/* P3: "" leaves only the always-allowed calls. */
	assert_int_equal(tpledge_pledge(&st, NULL, 0, TPLEDGE_KEEP), 0);
	assert_true(tpledge_promises(&st) == 0);
	assert_true(tpledge_is_pledged(&st));
}

static void
test_tpledge_pledge__increase_is_eperm(void **state)
{
	struct tpledge_state st, before;

	(void)state;
	tpledge_init(&st);
	assert_int_equal(
		tpledge_pledge_text(&st, NULL, "stdio rpath", NULL, NULL), 0);
	before = st;
	/* regress test_pledge: "stdio unix" after "stdio rpath". */
	assert_int_equal(
		tpledge_pledge_text(&st, NULL, "stdio unix", NULL, NULL),
		-TPLEDGE_EPERM);
	assert_memory_equal(&st, &before, sizeof(st));
	assert_int_equal(tpledge_pledge(&st, NULL, TPLEDGE_ALL, TPLEDGE_KEEP),
			 -TPLEDGE_EPERM);
	assert_memory_equal(&st, &before, sizeof(st));
}

static void
test_tpledge_pledge__exec_failure_leaves_promises(void **state)
{
	struct tpledge_state st, before;

	(void)state;
	tpledge_init(&st);
	assert_int_equal(tpledge_pledge(&st, NULL,
					TPLEDGE_STDIO | TPLEDGE_RPATH,
					TPLEDGE_STDIO),
			 0);
	assert_true(tpledge_execpromises(&st) == TPLEDGE_STDIO);
	before = st;
	/* P5: both sets are checked before either is applied. */
	assert_int_equal(tpledge_pledge(&st, NULL, TPLEDGE_STDIO,
					TPLEDGE_STDIO | TPLEDGE_RPATH),
			 -TPLEDGE_EPERM);
	assert_memory_equal(&st, &before, sizeof(st));
	/* Exec-promises shrink on their own; promises stay. */
	assert_int_equal(tpledge_pledge(&st, NULL, TPLEDGE_KEEP, 0), 0);
	assert_true(tpledge_execpromises(&st) == 0);
	assert_true(tpledge_promises(&st) == (TPLEDGE_STDIO | TPLEDGE_RPATH));
}

static void
test_tpledge_pledge__keep_both_is_noop(void **state)
{
	struct tpledge_state st, before;

	(void)state;
	tpledge_init(&st);
	before = st;
	assert_int_equal(tpledge_pledge(&st, NULL, TPLEDGE_KEEP, TPLEDGE_KEEP),
			 0);
	assert_memory_equal(&st, &before, sizeof(st));
	assert_int_equal(tpledge_pledge_text(&st, NULL, NULL, NULL, NULL), 0);
	assert_memory_equal(&st, &before, sizeof(st));
	/* Exec-promises may be set while promises stay unpledged. */
	assert_int_equal(tpledge_pledge(&st, NULL, TPLEDGE_KEEP, TPLEDGE_STDIO),
			 0);
	assert_false(tpledge_is_pledged(&st));
	assert_true(tpledge_execpromises(&st) == TPLEDGE_STDIO);
}

static void
test_tpledge_pledge__error_masks_increase(void **state)
{
	struct tpledge_state st;

	(void)state;
	tpledge_init(&st);
	assert_int_equal(tpledge_pledge_text(&st, NULL, "stdio rpath error",
					     "stdio", NULL),
			 0);
	/* P6: a request to grow is ignored and succeeds... */
	assert_int_equal(
		tpledge_pledge_text(&st, NULL, "stdio inet wpath", NULL, NULL),
		0);
	assert_true(tpledge_promises(&st) == TPLEDGE_STDIO);
	/* ...but exec-promises still never grow. */
	assert_int_equal(
		tpledge_pledge_text(&st, NULL, NULL, "stdio inet", NULL),
		-TPLEDGE_EPERM);
}

static void
test_tpledge_pledge__invalid(void **state)
{
	struct tpledge_state st, before;

	(void)state;
	tpledge_init(&st);
	before = st;
	assert_int_equal(tpledge_pledge(NULL, NULL, 0, 0), -TPLEDGE_EINVAL);
	assert_int_equal(
		tpledge_pledge(&st, NULL, UINT64_C(1) << 30, TPLEDGE_KEEP),
		-TPLEDGE_EINVAL);
	assert_int_equal(
		tpledge_pledge(&st, NULL, TPLEDGE_KEEP, UINT64_C(1) << 30),
		-TPLEDGE_EINVAL);
	assert_memory_equal(&st, &before, sizeof(st));
}

static void
test_tpledge_pledge__dropping_path_promises_disables_paths(void **state)
{
	struct tpledge_node nodes[8];
	char names_buf[64];
	struct tpledge_unveil uv;
	struct tpledge_state st;

	(void)state;
	tpledge_init(&st);
	assert_int_equal(tpledge_unveil_init(&uv, nodes, 8, names_buf, 64), 0);
	assert_int_equal(tpledge_unveil(&uv, NULL, "/etc", TPLEDGE_CSTR, "r"),
			 0);
	/* Keeping one path promise keeps the rules (regress drounveil). */
	assert_int_equal(
		tpledge_pledge_text(&st, &uv, "stdio rpath", NULL, NULL), 0);
	assert_int_equal(tpledge_unveil_check(&uv, NULL, "/etc/hosts",
					      TPLEDGE_CSTR, TPLEDGE_UV_R),
			 0);
	/* P19: dropping all of them ends path access. */
	assert_int_equal(tpledge_pledge_text(&st, &uv, "stdio", NULL, NULL), 0);
	assert_int_equal(tpledge_unveil_rules(&uv), 0);
	assert_int_equal(tpledge_unveil_check(&uv, NULL, "/etc/hosts",
					      TPLEDGE_CSTR, TPLEDGE_UV_R),
			 -TPLEDGE_ENOENT);
	assert_int_equal(tpledge_unveil(&uv, NULL, "/", TPLEDGE_CSTR, "r"),
			 -TPLEDGE_EPERM);
}

static void
test_tpledge_pledge_text__errors(void **state)
{
	static char longtext[TPLEDGE_TEXT_MAX + 8];
	struct tpledge_state st, before;
	struct tpledge_span bad = {0, 0, 0};

	(void)state;
	tpledge_init(&st);
	before = st;
	assert_int_equal(tpledge_pledge_text(NULL, NULL, "stdio", NULL, NULL),
			 -TPLEDGE_EINVAL);
	assert_int_equal(
		tpledge_pledge_text(&st, NULL, "stdio wat", NULL, &bad),
		-TPLEDGE_EINVAL);
	assert_int_equal(bad.which, 0);
	assert_int_equal(bad.offset, 6);
	assert_int_equal(bad.length, 3);
	assert_int_equal(tpledge_pledge_text(&st, NULL, "stdio",
					     "stdio rpath  zap", &bad),
			 -TPLEDGE_EINVAL);
	assert_int_equal(bad.which, 1);
	assert_int_equal(bad.offset, 13);
	assert_int_equal(bad.length, 3);
	assert_int_equal(tpledge_pledge_text(&st, NULL, "stdio", "zap", NULL),
			 -TPLEDGE_EINVAL);
	memset(longtext, ' ', sizeof(longtext) - 1);
	assert_int_equal(tpledge_pledge_text(&st, NULL, longtext, NULL, NULL),
			 -TPLEDGE_ENAMETOOLONG);
	assert_memory_equal(&st, &before, sizeof(st));
}

static void
test_tpledge_fork__copies_both_sets(void **state)
{
	struct tpledge_state parent, child;

	(void)state;
	tpledge_init(&parent);
	assert_int_equal(
		tpledge_pledge_text(&parent, NULL, "stdio proc", "stdio", NULL),
		0);
	memset(&child, 0, sizeof(child));
	tpledge_fork(&parent, &child);
	assert_true(tpledge_is_pledged(&child));
	assert_true(tpledge_promises(&child) == (TPLEDGE_STDIO | TPLEDGE_PROC));
	assert_true(tpledge_execpromises(&child) == TPLEDGE_STDIO);
	/* P20: the child is bound like the parent. */
	assert_int_equal(
		tpledge_pledge_text(&child, NULL, "stdio inet", NULL, NULL),
		-TPLEDGE_EPERM);
}

static void
test_tpledge_exec__applies_execpromises(void **state)
{
	struct tpledge_node nodes[8];
	char names_buf[64];
	struct tpledge_unveil uv;
	struct tpledge_state st;

	(void)state;
	tpledge_init(&st);
	assert_int_equal(tpledge_unveil_init(&uv, nodes, 8, names_buf, 64), 0);
	assert_int_equal(tpledge_unveil(&uv, NULL, "/bin", TPLEDGE_CSTR, "rx"),
			 0);
	/* regress execpromise test_normal: "stdio exec" / "stdio rpath". */
	assert_int_equal(tpledge_pledge_text(&st, &uv, "stdio exec",
					     "stdio rpath inet", NULL),
			 0);
	assert_int_equal(tpledge_exec(&st, &uv, false), 0);
	assert_true(tpledge_is_pledged(&st));
	assert_true(tpledge_promises(&st) ==
		    (TPLEDGE_STDIO | TPLEDGE_RPATH | TPLEDGE_INET));
	/* The unveil rules stay with a pledged image. */
	assert_int_equal(tpledge_unveil_rules(&uv), 1);
	/* test_upgrade_fail: the child cannot go beyond them. */
	assert_int_equal(
		tpledge_pledge_text(&st, &uv, "stdio inet wpath", "", NULL),
		-TPLEDGE_EPERM);
	/* Exec-promises keep binding the next image. */
	assert_true(tpledge_execpromises(&st) ==
		    (TPLEDGE_STDIO | TPLEDGE_RPATH | TPLEDGE_INET));
}

static void
test_tpledge_exec__error_in_execpromises_ignores_upgrade(void **state)
{
	struct tpledge_state st;

	(void)state;
	tpledge_init(&st);
	assert_int_equal(tpledge_pledge_text(&st, NULL, "stdio exec",
					     "stdio rpath error", NULL),
			 0);
	assert_int_equal(tpledge_exec(&st, NULL, false), 0);
	/* regress test_upgrade_ignore. */
	assert_int_equal(
		tpledge_pledge_text(&st, NULL, "stdio inet wpath", "", NULL),
		0);
	assert_true(tpledge_promises(&st) == TPLEDGE_STDIO);
}

static void
test_tpledge_exec__without_execpromises_starts_afresh(void **state)
{
	struct tpledge_node nodes[8];
	char names_buf[64];
	struct tpledge_unveil uv;
	struct tpledge_state st;

	(void)state;
	tpledge_init(&st);
	assert_int_equal(tpledge_unveil_init(&uv, nodes, 8, names_buf, 64), 0);
	assert_int_equal(tpledge_unveil(&uv, NULL, "/bin", TPLEDGE_CSTR, "rx"),
			 0);
	assert_int_equal(tpledge_unveil(&uv, NULL, NULL, 0, NULL), 0);
	assert_int_equal(
		tpledge_pledge_text(&st, &uv, "stdio rpath exec", NULL, NULL),
		0);
	/* regress test_no_child_pledge: the child runs unpledged. */
	assert_int_equal(tpledge_exec(&st, &uv, false), 0);
	assert_false(tpledge_is_pledged(&st));
	assert_true(tpledge_promises(&st) == TPLEDGE_ALL);
	assert_int_equal(tpledge_unveil_rules(&uv), 0);
	assert_false(tpledge_unveil_locked(&uv));
	assert_int_equal(tpledge_unveil_check(&uv, NULL, "/etc", TPLEDGE_CSTR,
					      TPLEDGE_UV_R),
			 0);
	/* A set-id image is fine without exec-promises. */
	assert_int_equal(tpledge_exec(&st, NULL, true), 0);
}

static void
test_tpledge_exec__setid_refused_when_execpledged(void **state)
{
	struct tpledge_state st, before;

	(void)state;
	tpledge_init(&st);
	assert_int_equal(
		tpledge_pledge_text(&st, NULL, "stdio exec", "stdio", NULL), 0);
	before = st;
	assert_int_equal(tpledge_exec(&st, NULL, true), -TPLEDGE_EACCES);
	assert_memory_equal(&st, &before, sizeof(st));
	assert_int_equal(tpledge_exec(NULL, NULL, false), -TPLEDGE_EINVAL);
}

static void
test_tpledge_exec__execpromises_without_paths_disable_unveil(void **state)
{
	struct tpledge_node nodes[8];
	char names_buf[64];
	struct tpledge_unveil uv;
	struct tpledge_state st;

	(void)state;
	tpledge_init(&st);
	assert_int_equal(tpledge_unveil_init(&uv, nodes, 8, names_buf, 64), 0);
	assert_int_equal(tpledge_unveil(&uv, NULL, "/bin", TPLEDGE_CSTR, "rx"),
			 0);
	assert_int_equal(
		tpledge_pledge_text(&st, &uv, "stdio exec", "stdio", NULL), 0);
	assert_int_equal(tpledge_exec(&st, &uv, false), 0);
	assert_int_equal(tpledge_unveil_check(&uv, NULL, "/bin/sh",
					      TPLEDGE_CSTR, TPLEDGE_UV_R),
			 -TPLEDGE_ENOENT);
	/* Without an unveil object the state still changes. */
	tpledge_init(&st);
	assert_int_equal(
		tpledge_pledge_text(&st, NULL, "stdio exec", "stdio", NULL), 0);
	assert_int_equal(tpledge_exec(&st, NULL, false), 0);
	assert_true(tpledge_promises(&st) == TPLEDGE_STDIO);
}

static void
test_tpledge_spawn__with_and_without_execpromises(void **state)
{
	struct tpledge_node pn[8], cn[8], tiny[1];
	char pnames[64], cnames[64];
	struct tpledge_unveil puv, cuv, tuv, before;
	struct tpledge_state parent, child;

	(void)state;
	tpledge_init(&parent);
	assert_int_equal(tpledge_unveil_init(&puv, pn, 8, pnames, 64), 0);
	assert_int_equal(tpledge_unveil_init(&cuv, cn, 8, cnames, 64), 0);
	assert_int_equal(tpledge_unveil(&puv, NULL, "/srv", TPLEDGE_CSTR, "r"),
			 0);
	/* No exec-promises: the child starts unpledged, without rules. */
	assert_int_equal(tpledge_pledge_text(&parent, &puv,
					     "stdio rpath proc "
					     "exec",
					     NULL, NULL),
			 0);
	assert_int_equal(tpledge_spawn(&parent, &puv, &child, &cuv, true), 0);
	assert_false(tpledge_is_pledged(&child));
	assert_int_equal(tpledge_unveil_rules(&cuv), 0);
	assert_int_equal(tpledge_spawn(&parent, NULL, &child, NULL, false), 0);
	/* With exec-promises: pledged child, rules copied. */
	assert_int_equal(
		tpledge_pledge_text(&parent, &puv, NULL, "stdio rpath", NULL),
		0);
	assert_int_equal(tpledge_spawn(&parent, &puv, &child, &cuv, false), 0);
	assert_true(tpledge_promises(&child) ==
		    (TPLEDGE_STDIO | TPLEDGE_RPATH));
	assert_int_equal(tpledge_unveil_rules(&cuv), 1);
	assert_int_equal(tpledge_unveil_check(&cuv, NULL, "/srv/x",
					      TPLEDGE_CSTR, TPLEDGE_UV_R),
			 0);
	assert_int_equal(tpledge_unveil_check(&cuv, NULL, "/etc", TPLEDGE_CSTR,
					      TPLEDGE_UV_R),
			 -TPLEDGE_ENOENT);
	/* Failures write nothing. */
	tpledge_init(&child);
	assert_int_equal(tpledge_spawn(&parent, &puv, &child, &cuv, true),
			 -TPLEDGE_EACCES);
	assert_false(tpledge_is_pledged(&child));
	assert_int_equal(tpledge_unveil_init(&tuv, tiny, 1, NULL, 0), 0);
	before = tuv;
	assert_int_equal(tpledge_spawn(&parent, &puv, &child, &tuv, false),
			 -TPLEDGE_ENOSPC);
	assert_false(tpledge_is_pledged(&child));
	assert_memory_equal(&tuv, &before, sizeof(tuv));
	assert_int_equal(tpledge_spawn(NULL, NULL, &child, NULL, false),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_spawn(&parent, NULL, NULL, NULL, false),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_spawn(&parent, &puv, &child, NULL, false),
			 -TPLEDGE_EINVAL);
}

static void
test_tpledge_spawn__aliased_storage_is_einval(void **state)
{
	struct tpledge_node pn[8];
	char pnames[64];
	struct tpledge_unveil puv, before;
	struct tpledge_state parent, pbefore;

	(void)state;
	tpledge_init(&parent);
	assert_int_equal(tpledge_unveil_init(&puv, pn, 8, pnames, 64), 0);
	assert_int_equal(tpledge_unveil(&puv, NULL, "/srv", TPLEDGE_CSTR, "r"),
			 0);
	assert_int_equal(tpledge_pledge_text(&parent, &puv,
					     "stdio rpath proc exec", NULL,
					     NULL),
			 0);
	before = puv;
	pbefore = parent;
	/* The child's unveil object may not be the parent's: spawning
	 * without exec-promises would wipe the parent's rules. */
	assert_int_equal(tpledge_spawn(&parent, &puv, &parent, &puv, false),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_spawn(&parent, NULL, &parent, NULL, false),
			 -TPLEDGE_EINVAL);
	{
		struct tpledge_state child;

		assert_int_equal(
			tpledge_spawn(&parent, &puv, &child, &puv, false),
			-TPLEDGE_EINVAL);
	}
	assert_memory_equal(&puv, &before, sizeof(puv));
	assert_memory_equal(&parent, &pbefore, sizeof(parent));
	assert_int_equal(tpledge_unveil_rules(&puv), 1);
	assert_int_equal(tpledge_unveil_check(&puv, NULL, "/etc", TPLEDGE_CSTR,
					      TPLEDGE_UV_R),
			 -TPLEDGE_ENOENT);
}

static void
test_tpledge_pledge_text__long_exec_text_leaves_span(void **state)
{
	static char longtext[TPLEDGE_TEXT_MAX + 8];
	struct tpledge_state st, before;
	struct tpledge_span bad = {7, 7, 7};

	(void)state;
	tpledge_init(&st);
	before = st;
	memset(longtext, ' ', sizeof(longtext) - 1);
	/* No word is at fault, so the span is not written (not even half). */
	assert_int_equal(
		tpledge_pledge_text(&st, NULL, "stdio", longtext, &bad),
		-TPLEDGE_ENAMETOOLONG);
	assert_int_equal(bad.which, 7);
	assert_int_equal(bad.offset, 7);
	assert_int_equal(bad.length, 7);
	assert_memory_equal(&st, &before, sizeof(st));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpledge_strerror__every_code),
		cmocka_unit_test(test_tpledge_promise_name__each_bit),
		cmocka_unit_test(test_tpledge_promises_parse__vectors),
		cmocka_unit_test(test_tpledge_promises_parse__every_name),
		cmocka_unit_test(test_tpledge_promises_parse__too_long),
		cmocka_unit_test(test_tpledge_promises_parse__null_args),
		cmocka_unit_test(test_tpledge_promises_format__roundtrip),
		cmocka_unit_test(test_tpledge_promises_format__errors),
		cmocka_unit_test(test_tpledge_init__unpledged),
		cmocka_unit_test(test_tpledge_pledge__first_call_then_shrink),
		cmocka_unit_test(test_tpledge_pledge__increase_is_eperm),
		cmocka_unit_test(
			test_tpledge_pledge__exec_failure_leaves_promises),
		cmocka_unit_test(test_tpledge_pledge__keep_both_is_noop),
		cmocka_unit_test(test_tpledge_pledge__error_masks_increase),
		cmocka_unit_test(test_tpledge_pledge__invalid),
		cmocka_unit_test(
			test_tpledge_pledge__dropping_path_promises_disables_paths),
		cmocka_unit_test(test_tpledge_pledge_text__errors),
		cmocka_unit_test(test_tpledge_fork__copies_both_sets),
		cmocka_unit_test(test_tpledge_exec__applies_execpromises),
		cmocka_unit_test(
			test_tpledge_exec__error_in_execpromises_ignores_upgrade),
		cmocka_unit_test(
			test_tpledge_exec__without_execpromises_starts_afresh),
		cmocka_unit_test(
			test_tpledge_exec__setid_refused_when_execpledged),
		cmocka_unit_test(
			test_tpledge_exec__execpromises_without_paths_disable_unveil),
		cmocka_unit_test(
			test_tpledge_spawn__with_and_without_execpromises),
		cmocka_unit_test(test_tpledge_spawn__aliased_storage_is_einval),
		cmocka_unit_test(
			test_tpledge_pledge_text__long_exec_text_leaves_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
