/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of src/group.c: tree, membership, policy, trlimit_set(),
 * usage snapshots and error strings. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <tessera/rlimit.h>

#define MS 1000000ull

static void
test_trlimit_strerror__every_code(void **state)
{
	static const struct {
		int err;
		const char *s;
	} vec[] = {
		{0, "success"},
		{-TRLIMIT_EINVAL, "invalid argument"},
		{TRLIMIT_EINVAL, "invalid argument"},
		{-TRLIMIT_ENOSPC, "group tree too deep"},
		{-TRLIMIT_ENOENT, "no such entry"},
		{-TRLIMIT_EEXIST, "group already initialised"},
		{-TRLIMIT_EPERM, "not permitted to set limits"},
		{-TRLIMIT_EAGAIN, "count limit reached"},
		{-TRLIMIT_ERANGE, "value out of range"},
		{-TRLIMIT_EBUSY, "group has children, members or usage"},
		{-TRLIMIT_EBADF, "not an initialised group"},
		{-TRLIMIT_EFAULT, "bad address"},
		{-TRLIMIT_ENOMEM, "memory limit reached"},
		{-TRLIMIT_EMFILE, "open handle limit reached"},
		{-11, "unknown error"},
		{-31, "unknown error"},
		{-34, "unknown error"},
		{1000, "unknown error"},
		{INT32_MIN, "unknown error"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++)
		assert_string_equal(trlimit_strerror(vec[i].err), vec[i].s);
}

static void
test_trlimit_root_init__null_and_live(void **state)
{
	struct trlimit_group root;

	(void)state;
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(NULL, NULL, NULL), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), -TRLIMIT_EEXIST);
	assert_int_equal(trlimit_group_remove(&root), 0);
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
}

static void
test_trlimit_group_init__errors(void **state)
{
	struct trlimit_group root;
	struct trlimit_group g;
	struct trlimit_group junk;
	struct trlimit_usage u;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(&junk, 0, sizeof(junk));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
	assert_int_equal(trlimit_group_init(NULL, &root), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_group_init(&g, NULL), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_group_init(&root, &root), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_group_init(&g, &junk), -TRLIMIT_EBADF);
	assert_int_equal(trlimit_group_init(&g, &root), 0);
	assert_int_equal(trlimit_group_init(&g, &root), -TRLIMIT_EEXIST);
	assert_int_equal(trlimit_usage(&root, &u), 0);
	assert_int_equal(u.children, 1);
	assert_int_equal(u.depth, 0);
	assert_int_equal(trlimit_usage(&g, &u), 0);
	assert_int_equal(u.depth, 1);
}

static void
test_trlimit_group_init__depth_limit(void **state)
{
	struct trlimit_group chain[TRLIMIT_DEPTH_MAX + 2];
	struct trlimit_usage u;
	unsigned int i;

	(void)state;
	memset(chain, 0, sizeof(chain));
	assert_int_equal(trlimit_root_init(&chain[0], NULL, NULL), 0);
	for (i = 1; i <= TRLIMIT_DEPTH_MAX; i++)
		assert_int_equal(trlimit_group_init(&chain[i], &chain[i - 1]),
				 0);
	assert_int_equal(trlimit_group_init(&chain[i], &chain[i - 1]),
			 -TRLIMIT_ENOSPC);
	assert_int_equal(trlimit_usage(&chain[i - 1], &u), 0);
	assert_int_equal(u.depth, TRLIMIT_DEPTH_MAX);
	assert_int_equal(u.children, 0);
	/* Charges walk the whole chain. */
	assert_int_equal(
		trlimit_set_max(&chain[1], TRLIMIT_RES_HANDLES, 1, NULL), 0);
	assert_int_equal(trlimit_charge(&chain[TRLIMIT_DEPTH_MAX],
					TRLIMIT_RES_HANDLES, 1),
			 0);
	assert_int_equal(trlimit_charge(&chain[TRLIMIT_DEPTH_MAX],
					TRLIMIT_RES_HANDLES, 1),
			 -TRLIMIT_EMFILE);
}

static void
test_trlimit_group_remove__busy_and_done(void **state)
{
	struct trlimit_group root;
	struct trlimit_group a;
	struct trlimit_group b;
	struct trlimit_group junk;
	struct trlimit_usage u;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&junk, 0, sizeof(junk));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
	assert_int_equal(trlimit_group_init(&a, &root), 0);
	assert_int_equal(trlimit_group_init(&b, &a), 0);
	assert_int_equal(trlimit_group_remove(NULL), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_group_remove(&junk), -TRLIMIT_EBADF);
	assert_int_equal(trlimit_group_remove(&a), -TRLIMIT_EBUSY);
	assert_int_equal(trlimit_proc_attach(&b), TRLIMIT_POPULATED_CHANGED);
	assert_int_equal(trlimit_group_remove(&b), -TRLIMIT_EBUSY);
	assert_int_equal(trlimit_proc_detach(&b), TRLIMIT_POPULATED_CHANGED);
	assert_int_equal(trlimit_charge(&b, TRLIMIT_RES_IPCQ, 1), 0);
	assert_int_equal(trlimit_group_remove(&b), -TRLIMIT_EBUSY);
	assert_int_equal(trlimit_uncharge(&b, TRLIMIT_RES_IPCQ, 1), 0);
	assert_int_equal(trlimit_group_remove(&b), 0);
	assert_int_equal(trlimit_charge(&b, TRLIMIT_RES_IPCQ, 1),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_usage(&a, &u), 0);
	assert_int_equal(u.children, 0);
	/* The storage may be reused. */
	assert_int_equal(trlimit_group_init(&b, &a), 0);
	assert_int_equal(trlimit_group_remove(&b), 0);
	assert_int_equal(trlimit_group_remove(&a), 0);
	assert_int_equal(trlimit_group_remove(&root), 0);
	assert_int_equal(trlimit_usage(&root, &u), -TRLIMIT_EBADF);
}

static void
test_trlimit_proc_attach__counts_subtree(void **state)
{
	struct trlimit_group root;
	struct trlimit_group a;
	struct trlimit_group b;
	struct trlimit_group junk;
	struct trlimit_usage u;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&junk, 0, sizeof(junk));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
	assert_int_equal(trlimit_group_init(&a, &root), 0);
	assert_int_equal(trlimit_group_init(&b, &a), 0);
	/* The first member of b's subtree flips "populated" for b. */
	assert_int_equal(trlimit_proc_attach(&b), TRLIMIT_POPULATED_CHANGED);
	assert_int_equal(trlimit_proc_attach(&b), 0);
	assert_int_equal(trlimit_proc_attach(&a), 0);
	assert_int_equal(trlimit_usage(&a, &u), 0);
	assert_int_equal(u.procs, 1);
	assert_int_equal(u.procs_subtree, 3);
	assert_int_equal(trlimit_usage(&root, &u), 0);
	assert_int_equal(u.procs, 0);
	assert_int_equal(u.procs_subtree, 3);
	assert_int_equal(trlimit_proc_detach(&b), 0);
	assert_int_equal(trlimit_proc_detach(&b), TRLIMIT_POPULATED_CHANGED);
	assert_int_equal(trlimit_proc_detach(&b), -TRLIMIT_ERANGE);
	assert_int_equal(trlimit_usage(&root, &u), 0);
	assert_int_equal(u.procs_subtree, 1);
	assert_int_equal(trlimit_proc_attach(NULL), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_proc_attach(&junk), -TRLIMIT_EBADF);
	/* a still has its own member: b's flips, a's only at the end. */
	assert_int_equal(trlimit_proc_attach(&b), TRLIMIT_POPULATED_CHANGED);
	assert_int_equal(trlimit_proc_detach(&b), TRLIMIT_POPULATED_CHANGED);
	assert_int_equal(trlimit_proc_detach(&a), TRLIMIT_POPULATED_CHANGED);
	assert_int_equal(trlimit_proc_detach(NULL), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_proc_detach(&junk), -TRLIMIT_EBADF);
}

static void
test_trlimit_set_tree_limits__descendants_and_depth(void **state)
{
	struct trlimit_group root;
	struct trlimit_group a;
	struct trlimit_group g[4];
	struct trlimit_group junk;
	struct trlimit_usage u;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(g, 0, sizeof(g));
	memset(&junk, 0, sizeof(junk));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
	assert_int_equal(trlimit_group_init(&a, &root), 0);
	assert_int_equal(
		trlimit_set_tree_limits(&a, 2, TRLIMIT_TREE_UNLIMITED, NULL),
		0);
	assert_int_equal(trlimit_group_init(&g[0], &a), 0);
	assert_int_equal(trlimit_group_init(&g[1], &g[0]), 0);
	assert_int_equal(trlimit_group_init(&g[2], &a), -TRLIMIT_EAGAIN);
	assert_int_equal(trlimit_group_init(&g[2], &g[1]), -TRLIMIT_EAGAIN);
	/* Outside a's subtree nothing is limited. */
	assert_int_equal(trlimit_group_init(&g[2], &root), 0);
	assert_int_equal(trlimit_usage(&a, &u), 0);
	assert_int_equal(u.descendants, 2);
	assert_int_equal(u.children, 1);
	assert_int_equal(trlimit_usage(&root, &u), 0);
	assert_int_equal(u.descendants, 4);
	/* Removing a descendant makes room again. */
	assert_int_equal(trlimit_group_remove(&g[1]), 0);
	assert_int_equal(trlimit_group_init(&g[3], &a), 0);
	assert_int_equal(trlimit_group_remove(&g[3]), 0);
	/* Depth: at most one level below a. */
	assert_int_equal(
		trlimit_set_tree_limits(&a, TRLIMIT_TREE_UNLIMITED, 1, NULL),
		0);
	assert_int_equal(trlimit_group_init(&g[1], &g[0]), -TRLIMIT_EAGAIN);
	assert_int_equal(trlimit_group_init(&g[1], &a), 0);
	/* A limit below the current tree is accepted. */
	assert_int_equal(trlimit_set_tree_limits(&a, 0, 0, NULL), 0);
	assert_int_equal(trlimit_group_init(&g[3], &a), -TRLIMIT_EAGAIN);
	assert_int_equal(trlimit_usage(&a, &u), 0);
	assert_int_equal(u.descendants, 2);
	assert_int_equal(trlimit_set_tree_limits(NULL, 1, 1, NULL),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_tree_limits(&junk, 1, 1, NULL),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_set_tree_limits(&root, 1, 1, NULL),
			 -TRLIMIT_EINVAL);
}

static int
deny_all(void *ctx, const struct trlimit_group *target, const void *who)
{
	(void)ctx;
	(void)target;
	(void)who;
	return 1;
}

static void
test_trlimit_set_tree_limits__policy_denies(void **state)
{
	struct trlimit_group root;
	struct trlimit_group a;
	struct trlimit_group b;

	(void)state;
	memset(&root, 0, sizeof(root));
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	assert_int_equal(trlimit_root_init(&root, deny_all, NULL), 0);
	assert_int_equal(trlimit_group_init(&a, &root), 0);
	assert_int_equal(trlimit_set_tree_limits(&a, 0, 0, NULL),
			 -TRLIMIT_EPERM);
	assert_int_equal(trlimit_group_init(&b, &a), 0);
}

static void
test_trlimit_group_parent__walks_up(void **state)
{
	struct trlimit_group root;
	struct trlimit_group a;
	struct trlimit_group junk;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&junk, 0, sizeof(junk));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
	assert_int_equal(trlimit_group_init(&a, &root), 0);
	assert_ptr_equal(trlimit_group_parent(&a), &root);
	assert_null(trlimit_group_parent(&root));
	assert_null(trlimit_group_parent(NULL));
	assert_null(trlimit_group_parent(&junk));
}

struct policy_log {
	int calls;
	const struct trlimit_group *target;
	const void *who;
};

static const int cap_rlimit_holder;

static int
policy_cap_rlimit(void *ctx, const struct trlimit_group *target,
		  const void *who)
{
	struct policy_log *log = ctx;

	log->calls++;
	log->target = target;
	log->who = who;
	return who == &cap_rlimit_holder ? 0 : 1;
}

/* The design notes' devd example: 64 MB, 10% CPU, 256 handles. */
static void
test_trlimit_set__devd_driver(void **state)
{
	struct trlimit_group root;
	struct trlimit_group drv;
	struct trlimit_limits l;
	struct trlimit_cpu_verdict v;
	struct trlimit_usage u;
	struct policy_log log = {0};
	uint64_t eff;
	unsigned int i;

	(void)state;
	memset(&drv, 0, sizeof(drv));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, policy_cap_rlimit, &log), 0);
	assert_int_equal(trlimit_group_init(&drv, &root), 0);
	trlimit_limits_init(&l);
	l.memory_bytes = 64u * 1024 * 1024;
	l.cpu_percent = 10;
	l.open_handles = 256;
	assert_int_equal(trlimit_set(&drv, &l, NULL), -TRLIMIT_EPERM);
	assert_int_equal(log.calls, 1);
	assert_int_equal(trlimit_effective_max(&drv, TRLIMIT_RES_MEMORY, &eff),
			 0);
	assert_true(eff == TRLIMIT_UNLIMITED);
	assert_int_equal(trlimit_set(&drv, &l, &cap_rlimit_holder), 0);
	assert_int_equal(log.calls, 2);
	assert_ptr_equal(log.target, &drv);
	assert_ptr_equal(log.who, &cap_rlimit_holder);

	assert_int_equal(trlimit_charge(&drv, TRLIMIT_RES_MEMORY, 64u << 20),
			 0);
	assert_int_equal(trlimit_charge(&drv, TRLIMIT_RES_MEMORY, 4096),
			 -TRLIMIT_ENOMEM);
	for (i = 0; i < 256; i++)
		assert_int_equal(trlimit_charge(&drv, TRLIMIT_RES_HANDLES, 1),
				 0);
	assert_int_equal(trlimit_charge(&drv, TRLIMIT_RES_HANDLES, 1),
			 -TRLIMIT_EMFILE);
	assert_int_equal(trlimit_charge(&drv, TRLIMIT_RES_CHILDREN, 1000), 0);
	assert_int_equal(trlimit_cpu_query(&drv, 0, &v), 0);
	assert_int_equal(v.budget, 10 * MS);
	assert_int_equal(trlimit_cpu_charge(&drv, 10 * MS, 10 * MS, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_THROTTLE);
	assert_int_equal(v.ready_at, 100 * MS);
	assert_int_equal(trlimit_usage(&drv, &u), 0);
	assert_int_equal(u.res[TRLIMIT_RES_MEMORY].max, 64u << 20);
	assert_int_equal(u.res[TRLIMIT_RES_MEMORY].current, 64u << 20);
	assert_int_equal(u.res[TRLIMIT_RES_MEMORY].max_events, 1);
	assert_int_equal(u.res[TRLIMIT_RES_HANDLES].current, 256);
	assert_int_equal(u.res[TRLIMIT_RES_HANDLES].peak, 256);
	assert_true(u.res[TRLIMIT_RES_IPCQ].max == TRLIMIT_UNLIMITED);
	assert_true(u.res[TRLIMIT_RES_MEMORY].high == TRLIMIT_UNLIMITED);
	assert_int_equal(u.cpu_time_ns, 10 * MS);
	assert_int_equal(u.cpu_throttled, 1);
}

static void
test_trlimit_set__all_fields(void **state)
{
	struct trlimit_group root;
	struct trlimit_group g;
	struct trlimit_limits l;
	struct trlimit_cpu_verdict v;
	struct trlimit_usage u;
	uint64_t ready;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
	assert_int_equal(trlimit_group_init(&g, &root), 0);
	l.memory_bytes = 1;
	l.cpu_time_ns = 5 * MS;
	l.cpu_time_kill_ns = 6 * MS;
	l.cpu_percent = 250;
	l.io_bandwidth = 1000;
	l.open_handles = 2;
	l.child_processes = 3;
	l.ipc_queue_depth = 4;
	assert_int_equal(trlimit_set(&g, &l, NULL), 0);
	assert_int_equal(trlimit_usage(&g, &u), 0);
	assert_int_equal(u.res[TRLIMIT_RES_MEMORY].max, 1);
	assert_int_equal(u.res[TRLIMIT_RES_HANDLES].max, 2);
	assert_int_equal(u.res[TRLIMIT_RES_CHILDREN].max, 3);
	assert_int_equal(u.res[TRLIMIT_RES_IPCQ].max, 4);
	/* 250% of one CPU: 250 ms per 100 ms period, spent on several
	 * CPUs; one run still ends with the period. */
	assert_int_equal(trlimit_cpu_query(&g, 30 * MS, &v), 0);
	assert_int_equal(v.budget, 70 * MS);
	assert_int_equal(trlimit_cpu_charge(&g, 5 * MS, 5 * MS, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_SIGXCPU);
	assert_int_equal(trlimit_cpu_charge(&g, 1 * MS, 6 * MS, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_KILL);
	/* 1000 B/s with a 100 B burst, both ways. */
	assert_int_equal(trlimit_io_charge(&g, TRLIMIT_IO_READ, 100, 0, &ready),
			 0);
	assert_int_equal(ready, 0);
	assert_int_equal(
		trlimit_io_charge(&g, TRLIMIT_IO_WRITE, 200, 0, &ready), 0);
	assert_int_equal(ready, 100 * MS);
	/* Everything back to no limit. */
	trlimit_limits_init(&l);
	assert_int_equal(trlimit_set(&g, &l, NULL), 0);
	assert_int_equal(trlimit_cpu_query(&g, 0, &v), 0);
	assert_true(v.budget == TRLIMIT_UNLIMITED);
	assert_int_equal(
		trlimit_io_charge(&g, TRLIMIT_IO_WRITE, 1u << 30, 0, &ready),
		0);
	assert_int_equal(ready, 0);
	assert_int_equal(trlimit_charge(&g, TRLIMIT_RES_MEMORY, 1u << 30), 0);
	trlimit_limits_init(NULL);
}

static void
test_trlimit_set__invalid_is_all_or_nothing(void **state)
{
	static const struct {
		unsigned int field;
		uint64_t value;
		int err;
	} vec[] = {
		{0, 0, -TRLIMIT_EINVAL},
		{0, TRLIMIT_CPU_PERCENT_MAX + 1, -TRLIMIT_ERANGE},
		{1, 0, -TRLIMIT_EINVAL},
		{1, TRLIMIT_IO_RATE_MAX + 1, -TRLIMIT_ERANGE},
		{2, 1, -TRLIMIT_ERANGE},
		{0, TRLIMIT_CPU_PERCENT_MAX, 0},
		{1, TRLIMIT_IO_RATE_MAX, 0},
	};
	struct trlimit_group root;
	struct trlimit_group g;
	struct trlimit_group junk;
	struct trlimit_limits l;
	struct trlimit_usage u;
	size_t i;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(&junk, 0, sizeof(junk));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
	assert_int_equal(trlimit_group_init(&g, &root), 0);
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		trlimit_limits_init(&l);
		l.memory_bytes = 77;
		if (vec[i].field == 0)
			l.cpu_percent = vec[i].value;
		else if (vec[i].field == 1)
			l.io_bandwidth = vec[i].value;
		else
			l.cpu_time_kill_ns = vec[i].value; /* below soft */
		assert_int_equal(trlimit_set(&g, &l, NULL), vec[i].err);
		assert_int_equal(trlimit_usage(&g, &u), 0);
		assert_true(u.res[TRLIMIT_RES_MEMORY].max ==
			    (vec[i].err == 0 ? 77 : TRLIMIT_UNLIMITED));
		trlimit_limits_init(&l);
		assert_int_equal(trlimit_set(&g, &l, NULL), 0);
	}
	trlimit_limits_init(&l);
	assert_int_equal(trlimit_set(NULL, &l, NULL), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set(&g, NULL, NULL), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set(&junk, &l, NULL), -TRLIMIT_EBADF);
	assert_int_equal(trlimit_set(&root, &l, NULL), -TRLIMIT_EINVAL);
}

static void
test_trlimit_usage__bad_arguments(void **state)
{
	struct trlimit_group root;
	struct trlimit_group junk;
	struct trlimit_usage u;

	(void)state;
	memset(&junk, 0, sizeof(junk));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
	assert_int_equal(trlimit_usage(NULL, &u), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_usage(&root, NULL), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_usage(&junk, &u), -TRLIMIT_EBADF);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trlimit_strerror__every_code),
		cmocka_unit_test(test_trlimit_root_init__null_and_live),
		cmocka_unit_test(test_trlimit_group_init__errors),
		cmocka_unit_test(test_trlimit_group_init__depth_limit),
		cmocka_unit_test(test_trlimit_group_remove__busy_and_done),
		cmocka_unit_test(test_trlimit_proc_attach__counts_subtree),
		cmocka_unit_test(
			test_trlimit_set_tree_limits__descendants_and_depth),
		cmocka_unit_test(test_trlimit_set_tree_limits__policy_denies),
		cmocka_unit_test(test_trlimit_group_parent__walks_up),
		cmocka_unit_test(test_trlimit_set__devd_driver),
		cmocka_unit_test(test_trlimit_set__all_fields),
		cmocka_unit_test(test_trlimit_set__invalid_is_all_or_nothing),
		cmocka_unit_test(test_trlimit_usage__bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
