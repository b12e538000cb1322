/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of src/counter.c: counted resources. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <tessera/rlimit.h>

struct tree {
	struct trlimit_group root;
	struct trlimit_group a;	  /* child of root */
	struct trlimit_group b;	  /* child of a */
	struct trlimit_group c;	  /* child of b */
	struct trlimit_group sib; /* child of root */
};

static void
tree_init(struct tree *t)
{
	memset(t, 0, sizeof(*t));
	assert_int_equal(trlimit_root_init(&t->root, NULL, NULL), 0);
	assert_int_equal(trlimit_group_init(&t->a, &t->root), 0);
	assert_int_equal(trlimit_group_init(&t->b, &t->a), 0);
	assert_int_equal(trlimit_group_init(&t->c, &t->b), 0);
	assert_int_equal(trlimit_group_init(&t->sib, &t->root), 0);
}

static uint64_t
cur(const struct trlimit_group *g, enum trlimit_res r)
{
	struct trlimit_usage u;

	assert_int_equal(trlimit_usage(g, &u), 0);
	return u.res[r].current;
}

static struct trlimit_counter_usage
usage_of(const struct trlimit_group *g, enum trlimit_res r)
{
	struct trlimit_usage u;

	assert_int_equal(trlimit_usage(g, &u), 0);
	return u.res[r];
}

static void
test_trlimit_charge__denied_per_resource(void **state)
{
	static const struct {
		enum trlimit_res res;
		uint64_t max;
		int err;
	} vec[] = {
		{TRLIMIT_RES_MEMORY, 64u << 20, -TRLIMIT_ENOMEM},
		{TRLIMIT_RES_HANDLES, 256, -TRLIMIT_EMFILE},
		{TRLIMIT_RES_CHILDREN, 8, -TRLIMIT_EAGAIN},
		{TRLIMIT_RES_IPCQ, 32, -TRLIMIT_EAGAIN},
	};
	struct tree t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		tree_init(&t);
		assert_int_equal(
			trlimit_set_max(&t.a, vec[i].res, vec[i].max, NULL), 0);
		assert_int_equal(trlimit_charge(&t.a, vec[i].res, vec[i].max),
				 0);
		assert_int_equal(trlimit_charge(&t.a, vec[i].res, 1),
				 vec[i].err);
		assert_int_equal(cur(&t.a, vec[i].res), vec[i].max);
		assert_int_equal(cur(&t.root, vec[i].res), vec[i].max);
		assert_int_equal(usage_of(&t.a, vec[i].res).max_events, 1);
		assert_int_equal(usage_of(&t.a, vec[i].res).max_events_local,
				 1);
	}
}

static void
test_trlimit_charge__bad_arguments(void **state)
{
	struct tree t;
	struct trlimit_group junk;

	(void)state;
	tree_init(&t);
	memset(&junk, 0, sizeof(junk));
	assert_int_equal(trlimit_charge(NULL, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_charge(&junk, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_charge(&t.a, TRLIMIT_RES_COUNT, 1),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_charge(&t.a, (enum trlimit_res) - 1, 1),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_charge(&t.a, TRLIMIT_RES_MEMORY, 0),
			 -TRLIMIT_EINVAL);
	assert_int_equal(cur(&t.root, TRLIMIT_RES_MEMORY), 0);
}

static void
test_trlimit_charge__overflow(void **state)
{
	struct tree t;

	(void)state;
	tree_init(&t);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, UINT64_MAX),
			 0);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_ERANGE);
	/* The sibling's own usage is 0, but the root would overflow. */
	assert_int_equal(trlimit_charge(&t.sib, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_ERANGE);
	assert_int_equal(cur(&t.sib, TRLIMIT_RES_MEMORY), 0);
	assert_int_equal(cur(&t.root, TRLIMIT_RES_MEMORY), UINT64_MAX);
}

static void
test_trlimit_charge__charges_every_ancestor(void **state)
{
	struct tree t;

	(void)state;
	tree_init(&t);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 4096), 0);
	assert_int_equal(trlimit_charge(&t.b, TRLIMIT_RES_MEMORY, 100), 0);
	assert_int_equal(trlimit_charge(&t.sib, TRLIMIT_RES_MEMORY, 7), 0);
	assert_int_equal(cur(&t.c, TRLIMIT_RES_MEMORY), 4096);
	assert_int_equal(cur(&t.b, TRLIMIT_RES_MEMORY), 4196);
	assert_int_equal(cur(&t.a, TRLIMIT_RES_MEMORY), 4196);
	assert_int_equal(cur(&t.root, TRLIMIT_RES_MEMORY), 4203);
	assert_int_equal(cur(&t.c, TRLIMIT_RES_HANDLES), 0);
	assert_int_equal(usage_of(&t.b, TRLIMIT_RES_MEMORY).local, 100);
	assert_int_equal(usage_of(&t.c, TRLIMIT_RES_MEMORY).local, 4096);
	assert_int_equal(usage_of(&t.root, TRLIMIT_RES_MEMORY).local, 0);
}

static void
test_trlimit_charge__ancestor_limit_denies(void **state)
{
	struct tree t;
	uint64_t eff;

	(void)state;
	tree_init(&t);
	assert_int_equal(trlimit_set_max(&t.a, TRLIMIT_RES_MEMORY, 1000, NULL),
			 0);
	assert_int_equal(trlimit_set_max(&t.c, TRLIMIT_RES_MEMORY, 5000, NULL),
			 0);
	/* The child's own limit is looser; the tightest on the path wins. */
	assert_int_equal(trlimit_effective_max(&t.c, TRLIMIT_RES_MEMORY, &eff),
			 0);
	assert_int_equal(eff, 1000);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 600), 0);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 401),
			 -TRLIMIT_ENOMEM);
	assert_int_equal(cur(&t.c, TRLIMIT_RES_MEMORY), 600);
	assert_int_equal(cur(&t.b, TRLIMIT_RES_MEMORY), 600);
	/* Counted where the limit is, and hierarchically above it only. */
	assert_int_equal(usage_of(&t.a, TRLIMIT_RES_MEMORY).max_events_local,
			 1);
	assert_int_equal(usage_of(&t.a, TRLIMIT_RES_MEMORY).max_events, 1);
	assert_int_equal(usage_of(&t.root, TRLIMIT_RES_MEMORY).max_events, 1);
	assert_int_equal(usage_of(&t.root, TRLIMIT_RES_MEMORY).max_events_local,
			 0);
	assert_int_equal(usage_of(&t.c, TRLIMIT_RES_MEMORY).max_events, 0);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 400), 0);
	/* A sibling subtree is not affected by a's limit. */
	assert_int_equal(trlimit_charge(&t.sib, TRLIMIT_RES_MEMORY, 1u << 30),
			 0);
}

static void
test_trlimit_charge__high_mark_signals_pressure(void **state)
{
	struct tree t;

	(void)state;
	tree_init(&t);
	assert_int_equal(trlimit_set_high(&t.a, TRLIMIT_RES_MEMORY, 100, NULL),
			 0);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 100), 0);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 1),
			 TRLIMIT_HIGH);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 1),
			 TRLIMIT_HIGH);
	assert_int_equal(cur(&t.c, TRLIMIT_RES_MEMORY), 102);
	assert_int_equal(usage_of(&t.a, TRLIMIT_RES_MEMORY).high_events_local,
			 2);
	assert_int_equal(usage_of(&t.a, TRLIMIT_RES_MEMORY).high_events, 2);
	assert_int_equal(usage_of(&t.root, TRLIMIT_RES_MEMORY).high_events, 2);
	assert_int_equal(
		usage_of(&t.root, TRLIMIT_RES_MEMORY).high_events_local, 0);
	assert_int_equal(usage_of(&t.c, TRLIMIT_RES_MEMORY).high_events, 0);
	assert_int_equal(trlimit_uncharge(&t.c, TRLIMIT_RES_MEMORY, 50), 0);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 1), 0);
}

static void
test_trlimit_charge__peak_kept(void **state)
{
	struct tree t;

	(void)state;
	tree_init(&t);
	assert_int_equal(trlimit_charge(&t.b, TRLIMIT_RES_IPCQ, 10), 0);
	assert_int_equal(trlimit_uncharge(&t.b, TRLIMIT_RES_IPCQ, 8), 0);
	assert_int_equal(trlimit_charge(&t.b, TRLIMIT_RES_IPCQ, 3), 0);
	assert_int_equal(usage_of(&t.b, TRLIMIT_RES_IPCQ).current, 5);
	assert_int_equal(usage_of(&t.b, TRLIMIT_RES_IPCQ).peak, 10);
	assert_int_equal(usage_of(&t.root, TRLIMIT_RES_IPCQ).peak, 10);
}

static void
test_trlimit_set_max__below_usage_accepted(void **state)
{
	struct tree t;

	(void)state;
	tree_init(&t);
	assert_int_equal(trlimit_charge(&t.a, TRLIMIT_RES_CHILDREN, 10), 0);
	assert_int_equal(trlimit_set_max(&t.a, TRLIMIT_RES_CHILDREN, 4, NULL),
			 0);
	assert_int_equal(cur(&t.a, TRLIMIT_RES_CHILDREN), 10);
	assert_int_equal(trlimit_charge(&t.a, TRLIMIT_RES_CHILDREN, 1),
			 -TRLIMIT_EAGAIN);
	assert_int_equal(trlimit_uncharge(&t.a, TRLIMIT_RES_CHILDREN, 6), 0);
	assert_int_equal(trlimit_charge(&t.a, TRLIMIT_RES_CHILDREN, 1),
			 -TRLIMIT_EAGAIN);
	assert_int_equal(trlimit_uncharge(&t.a, TRLIMIT_RES_CHILDREN, 1), 0);
	assert_int_equal(trlimit_charge(&t.a, TRLIMIT_RES_CHILDREN, 1), 0);
	assert_int_equal(trlimit_set_max(&t.a, TRLIMIT_RES_CHILDREN,
					 TRLIMIT_UNLIMITED, NULL),
			 0);
	assert_int_equal(trlimit_charge(&t.a, TRLIMIT_RES_CHILDREN, 100), 0);
}

static int
policy_admin_only(void *ctx, const struct trlimit_group *target,
		  const void *who)
{
	int *calls = ctx;

	(void)target;
	(*calls)++;
	return who == (const void *)calls ? 0 : -1;
}

static void
test_trlimit_set_max__bad_arguments(void **state)
{
	struct trlimit_group root;
	struct trlimit_group g;
	struct trlimit_group junk;
	int calls = 0;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(&junk, 0, sizeof(junk));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, policy_admin_only, &calls),
			 0);
	assert_int_equal(trlimit_group_init(&g, &root), 0);
	assert_int_equal(trlimit_set_max(NULL, TRLIMIT_RES_MEMORY, 1, &calls),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_max(&junk, TRLIMIT_RES_MEMORY, 1, &calls),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_set_max(&g, TRLIMIT_RES_COUNT, 1, &calls),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_max(&root, TRLIMIT_RES_MEMORY, 1, &calls),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_max(&g, TRLIMIT_RES_MEMORY, 1, NULL),
			 -TRLIMIT_EPERM);
	assert_int_equal(trlimit_set_high(NULL, TRLIMIT_RES_MEMORY, 1, &calls),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_high(&junk, TRLIMIT_RES_MEMORY, 1, &calls),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_set_high(&root, TRLIMIT_RES_MEMORY, 1, &calls),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_high(&g, TRLIMIT_RES_COUNT, 1, &calls),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_high(&g, TRLIMIT_RES_MEMORY, 1, NULL),
			 -TRLIMIT_EPERM);
	assert_int_equal(calls, 2);
	/* Unchanged after every refusal. */
	assert_int_equal(trlimit_charge(&g, TRLIMIT_RES_MEMORY, 1000), 0);
	assert_int_equal(trlimit_set_max(&g, TRLIMIT_RES_MEMORY, 1, &calls), 0);
	assert_int_equal(trlimit_set_high(&g, TRLIMIT_RES_MEMORY, 1, &calls),
			 0);
	assert_int_equal(calls, 4);
	assert_int_equal(trlimit_charge(&g, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_ENOMEM);
}

static void
test_trlimit_uncharge__more_than_charged(void **state)
{
	struct tree t;

	(void)state;
	tree_init(&t);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_HANDLES, 3), 0);
	assert_int_equal(trlimit_charge(&t.sib, TRLIMIT_RES_HANDLES, 5), 0);
	/* Root holds 8, but c only 3: refused, nothing changes. */
	assert_int_equal(trlimit_uncharge(&t.c, TRLIMIT_RES_HANDLES, 4),
			 -TRLIMIT_ERANGE);
	assert_int_equal(cur(&t.root, TRLIMIT_RES_HANDLES), 8);
	assert_int_equal(trlimit_uncharge(&t.c, TRLIMIT_RES_HANDLES, 3), 0);
	assert_int_equal(cur(&t.root, TRLIMIT_RES_HANDLES), 5);
	assert_int_equal(cur(&t.a, TRLIMIT_RES_HANDLES), 0);
}

static void
test_trlimit_uncharge__not_charged_here(void **state)
{
	struct tree t;

	(void)state;
	tree_init(&t);
	/* The parent's usage includes c's 10, but none of it was charged
	 * to the parent itself: returning it there would leave c's usage
	 * above its parent's. */
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 10), 0);
	assert_int_equal(trlimit_charge(&t.a, TRLIMIT_RES_MEMORY, 2), 0);
	assert_int_equal(trlimit_uncharge(&t.a, TRLIMIT_RES_MEMORY, 3),
			 -TRLIMIT_ERANGE);
	assert_int_equal(trlimit_uncharge(&t.b, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_ERANGE);
	assert_int_equal(cur(&t.a, TRLIMIT_RES_MEMORY), 12);
	assert_int_equal(trlimit_uncharge(&t.a, TRLIMIT_RES_MEMORY, 2), 0);
	assert_int_equal(trlimit_uncharge(&t.c, TRLIMIT_RES_MEMORY, 10), 0);
	assert_int_equal(cur(&t.root, TRLIMIT_RES_MEMORY), 0);
}

static void
test_trlimit_uncharge__bad_arguments(void **state)
{
	struct tree t;
	struct trlimit_group junk;

	(void)state;
	tree_init(&t);
	memset(&junk, 0, sizeof(junk));
	assert_int_equal(trlimit_charge(&t.a, TRLIMIT_RES_HANDLES, 3), 0);
	assert_int_equal(trlimit_uncharge(NULL, TRLIMIT_RES_HANDLES, 1),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_uncharge(&junk, TRLIMIT_RES_HANDLES, 1),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_uncharge(&t.a, TRLIMIT_RES_COUNT, 1),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_uncharge(&t.a, TRLIMIT_RES_HANDLES, 0),
			 -TRLIMIT_EINVAL);
	assert_int_equal(cur(&t.a, TRLIMIT_RES_HANDLES), 3);
}

static void
test_trlimit_move__over_limit_accepted(void **state)
{
	struct tree t;

	(void)state;
	tree_init(&t);
	assert_int_equal(trlimit_set_max(&t.sib, TRLIMIT_RES_MEMORY, 10, NULL),
			 0);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 100), 0);
	assert_int_equal(trlimit_move(&t.c, &t.sib, TRLIMIT_RES_MEMORY, 60), 0);
	assert_int_equal(cur(&t.c, TRLIMIT_RES_MEMORY), 40);
	assert_int_equal(cur(&t.a, TRLIMIT_RES_MEMORY), 40);
	assert_int_equal(cur(&t.sib, TRLIMIT_RES_MEMORY), 60);
	assert_int_equal(usage_of(&t.sib, TRLIMIT_RES_MEMORY).peak, 60);
	assert_int_equal(usage_of(&t.sib, TRLIMIT_RES_MEMORY).local, 60);
	assert_int_equal(usage_of(&t.c, TRLIMIT_RES_MEMORY).local, 40);
	/* From a group that holds usage only through its children. */
	assert_int_equal(trlimit_move(&t.a, &t.sib, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_ERANGE);
	assert_int_equal(cur(&t.root, TRLIMIT_RES_MEMORY), 100);
	assert_int_equal(usage_of(&t.root, TRLIMIT_RES_MEMORY).peak, 100);
	/* Only later charges fail. */
	assert_int_equal(trlimit_charge(&t.sib, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_ENOMEM);
}

static void
test_trlimit_move__bad_arguments(void **state)
{
	struct tree t;
	struct trlimit_group other;
	struct trlimit_group junk;

	(void)state;
	tree_init(&t);
	memset(&junk, 0, sizeof(junk));
	memset(&other, 0, sizeof(other));
	assert_int_equal(trlimit_root_init(&other, NULL, NULL), 0);
	assert_int_equal(trlimit_charge(&t.c, TRLIMIT_RES_MEMORY, 100), 0);
	assert_int_equal(trlimit_move(NULL, &t.sib, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_move(&t.c, NULL, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_move(&junk, &t.sib, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_move(&t.c, &junk, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_move(&t.c, &t.sib, TRLIMIT_RES_COUNT, 1),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_move(&t.c, &t.sib, TRLIMIT_RES_MEMORY, 0),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_move(&t.c, &other, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_move(&t.c, &t.sib, TRLIMIT_RES_MEMORY, 101),
			 -TRLIMIT_ERANGE);
	assert_int_equal(cur(&t.c, TRLIMIT_RES_MEMORY), 100);
	assert_int_equal(cur(&t.sib, TRLIMIT_RES_MEMORY), 0);
}

static void
test_trlimit_move__overflow(void **state)
{
	struct tree t;
	struct trlimit_group other_root;
	struct trlimit_group x;
	struct trlimit_group y;

	(void)state;
	tree_init(&t);
	memset(&x, 0, sizeof(x));
	memset(&y, 0, sizeof(y));
	memset(&other_root, 0, sizeof(other_root));
	assert_int_equal(trlimit_root_init(&other_root, NULL, NULL), 0);
	assert_int_equal(trlimit_group_init(&x, &other_root), 0);
	assert_int_equal(trlimit_group_init(&y, &other_root), 0);
	assert_int_equal(trlimit_charge(&x, TRLIMIT_RES_MEMORY, UINT64_MAX), 0);
	assert_int_equal(trlimit_uncharge(&x, TRLIMIT_RES_MEMORY, 10), 0);
	assert_int_equal(trlimit_charge(&y, TRLIMIT_RES_MEMORY, 10), 0);
	/* The shared root stands at UINT64_MAX: the check over the whole
	 * path refuses, and nothing changes. */
	assert_int_equal(trlimit_move(&y, &x, TRLIMIT_RES_MEMORY, 10),
			 -TRLIMIT_ERANGE);
	assert_int_equal(cur(&y, TRLIMIT_RES_MEMORY), 10);
	assert_true(cur(&x, TRLIMIT_RES_MEMORY) == UINT64_MAX - 10);
	assert_true(cur(&other_root, TRLIMIT_RES_MEMORY) == UINT64_MAX);
	assert_int_equal(trlimit_move(&y, &x, TRLIMIT_RES_MEMORY, 1),
			 -TRLIMIT_ERANGE);
	assert_int_equal(trlimit_uncharge(&x, TRLIMIT_RES_MEMORY, 20), 0);
	assert_int_equal(trlimit_move(&y, &x, TRLIMIT_RES_MEMORY, 10), 0);
	assert_true(cur(&x, TRLIMIT_RES_MEMORY) == UINT64_MAX - 20);
}

static void
test_trlimit_effective_max__bad_arguments(void **state)
{
	struct tree t;
	struct trlimit_group junk;
	uint64_t v = 42;

	(void)state;
	tree_init(&t);
	memset(&junk, 0, sizeof(junk));
	assert_int_equal(trlimit_effective_max(NULL, TRLIMIT_RES_MEMORY, &v),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_effective_max(&t.a, TRLIMIT_RES_MEMORY, NULL),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_effective_max(&junk, TRLIMIT_RES_MEMORY, &v),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_effective_max(&t.a, TRLIMIT_RES_COUNT, &v),
			 -TRLIMIT_EINVAL);
	assert_int_equal(v, 42);
	assert_int_equal(trlimit_effective_max(&t.c, TRLIMIT_RES_IPCQ, &v), 0);
	assert_true(v == TRLIMIT_UNLIMITED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trlimit_charge__denied_per_resource),
		cmocka_unit_test(test_trlimit_charge__bad_arguments),
		cmocka_unit_test(test_trlimit_charge__overflow),
		cmocka_unit_test(test_trlimit_charge__charges_every_ancestor),
		cmocka_unit_test(test_trlimit_charge__ancestor_limit_denies),
		cmocka_unit_test(
			test_trlimit_charge__high_mark_signals_pressure),
		cmocka_unit_test(test_trlimit_charge__peak_kept),
		cmocka_unit_test(test_trlimit_set_max__below_usage_accepted),
		cmocka_unit_test(test_trlimit_set_max__bad_arguments),
		cmocka_unit_test(test_trlimit_uncharge__more_than_charged),
		cmocka_unit_test(test_trlimit_uncharge__not_charged_here),
		cmocka_unit_test(test_trlimit_uncharge__bad_arguments),
		cmocka_unit_test(test_trlimit_move__over_limit_accepted),
		cmocka_unit_test(test_trlimit_move__bad_arguments),
		cmocka_unit_test(test_trlimit_move__overflow),
		cmocka_unit_test(test_trlimit_effective_max__bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
