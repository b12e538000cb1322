/* SPDX-License-Identifier: BSD-2-Clause */
/* fcntl and ioctl sub-rights (src/subrights.c). */
#include "fixtures.h"

static int obj_a;

static void
test_tcap_fcntls_limit__narrows(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h;
	uint32_t mask = 0;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	/* A23: a normal handle starts with every fcntl sub-right. */
	assert_int_equal(tcap_fcntls_get(&f->t, h, &mask), 0);
	assert_int_equal(mask, TCAP_FCNTLS_ALL);
	assert_int_equal(tcap_fcntls_limit(&f->t, h,
					   TCAP_FCNTL_GETFL | TCAP_FCNTL_SETFL),
			 0);
	assert_int_equal(tcap_fcntls_limit(&f->t, h, TCAP_FCNTL_GETOWN),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_fcntls_get(&f->t, h, &mask), 0);
	assert_int_equal(mask, TCAP_FCNTL_GETFL | TCAP_FCNTL_SETFL);
	/* Limiting sub-rights leaves the primary rights alone. */
	assert_true(fx_rights(f, h) == tcap_type_rights(TCAP_OBJ_FILE));
	assert_int_equal(tcap_fcntls_limit(&f->t, h, 0), 0);
	assert_int_equal(tcap_fcntls_limit(&f->t, h, 0), 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_fcntls_limit__errors(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h;
	uint32_t mask;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_fcntls_limit(NULL, h, 0), -TCAP_EFAULT);
	/* Unknown bits come before the bad handle. */
	assert_int_equal(tcap_fcntls_limit(&f->t, h + 4, 0x100), -TCAP_EINVAL);
	assert_int_equal(tcap_fcntls_limit(&f->t, h + 4, 0), -TCAP_EBADF);
	assert_int_equal(tcap_fcntls_get(NULL, h, &mask), -TCAP_EFAULT);
	assert_int_equal(tcap_fcntls_get(&f->t, h, NULL), -TCAP_EFAULT);
	assert_int_equal(tcap_fcntls_get(&f->t, h + 4, &mask), -TCAP_EBADF);
	FX_TEARDOWN(f);
}

static void
test_tcap_check_fcntl__cases(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h, nofcntl;
	void *obj = NULL;

	(void)state;
	h = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	nofcntl = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHT_READ);
	assert_int_equal(tcap_fcntls_limit(&f->t, h, TCAP_FCNTL_GETFL), 0);
	assert_int_equal(tcap_check_fcntl(&f->t, h, TCAP_FCNTL_GETFL, &obj), 0);
	assert_ptr_equal(obj, &obj_a);
	assert_int_equal(tcap_check_fcntl(&f->t, h, TCAP_FCNTL_GETFL, NULL), 0);
	assert_int_equal(tcap_check_fcntl(&f->t, h, TCAP_FCNTL_SETFL, NULL),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_check_fcntl(&f->t, h, 0, NULL), -TCAP_EINVAL);
	assert_int_equal(tcap_check_fcntl(&f->t, h, 3, NULL), -TCAP_EINVAL);
	assert_int_equal(tcap_check_fcntl(&f->t, h, 0x10, NULL), -TCAP_EINVAL);
	/* The missing right comes before the bad operation. */
	assert_int_equal(tcap_check_fcntl(&f->t, nofcntl, 0, NULL),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_check_fcntl(&f->t, h + 8, 1, NULL), -TCAP_EBADF);
	FX_TEARDOWN(f);
}

static void
test_tcap_ioctls_limit__subset_only(void **state)
{
	FX_SETUP(f);
	const uint32_t first[4] = {40, 10, 30, 10};
	const uint32_t sub[2] = {30, 10};
	const uint32_t wider[2] = {10, 20};
	uint32_t buf[8];
	tcap_handle_t h;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, first, 4), 0);
	assert_int_equal(tcap_ioctls_get(&f->t, h, buf, 8), 3);
	assert_int_equal(buf[0], 10);
	assert_int_equal(buf[1], 30);
	assert_int_equal(buf[2], 40);
	/* A25: widening fails and changes nothing. */
	assert_int_equal(tcap_ioctls_limit(&f->t, h, wider, 2),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_ioctls_get(&f->t, h, buf, 8), 3);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, sub, 2), 0);
	assert_int_equal(tcap_ioctls_get(&f->t, h, buf, 8), 2);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, sub, 2), 0);
	assert_int_equal(tcap_check_ioctl(&f->t, h, 40, NULL),
			 -TCAP_ENOTCAPABLE);
	/* n == 0: no command at all, and nothing can be added back. */
	assert_int_equal(tcap_ioctls_limit(&f->t, h, NULL, 0), 0);
	assert_int_equal(tcap_ioctls_get(&f->t, h, buf, 8), 0);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, sub, 1),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, NULL, 0), 0);
	assert_int_equal(tcap_check_ioctl(&f->t, h, 10, NULL),
			 -TCAP_ENOTCAPABLE);
	FX_TEARDOWN(f);
}

static void
test_tcap_ioctls_limit__errors(void **state)
{
	FX_SETUP(f);
	static uint32_t many[TCAP_IOCTLS_MAX + 1];
	tcap_handle_t h, noioctl;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	noioctl = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHT_READ);
	assert_int_equal(tcap_ioctls_limit(NULL, h, many, 1), -TCAP_EFAULT);
	/* A25: too many is EINVAL, before the bad handle. */
	assert_int_equal(
		tcap_ioctls_limit(&f->t, h + 8, many, TCAP_IOCTLS_MAX + 1),
		-TCAP_EINVAL);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, NULL, 1), -TCAP_EFAULT);
	assert_int_equal(tcap_ioctls_limit(&f->t, h + 8, many, 1), -TCAP_EBADF);
	assert_int_equal(tcap_ioctls_limit(&f->t, noioctl, many, 1),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_ioctls_get(&f->t, h, NULL, 0), TCAP_IOCTLS_ALL);
	FX_TEARDOWN(f);
}

static void
test_tcap_ioctls_limit__max_list(void **state)
{
	FX_SETUP(f);
	static uint32_t cmds[TCAP_IOCTLS_MAX];
	static uint32_t out[TCAP_IOCTLS_MAX];
	tcap_handle_t h;
	uint32_t i;

	(void)state;
	for (i = 0; i < TCAP_IOCTLS_MAX; i++)
		cmds[i] = (TCAP_IOCTLS_MAX - i) * 3u; /* descending */
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, cmds, TCAP_IOCTLS_MAX), 0);
	assert_int_equal(tcap_ioctls_get(&f->t, h, out, TCAP_IOCTLS_MAX),
			 (int32_t)TCAP_IOCTLS_MAX);
	for (i = 0; i < TCAP_IOCTLS_MAX; i++) {
		assert_int_equal(out[i], (i + 1) * 3u);
		assert_int_equal(tcap_check_ioctl(&f->t, h, out[i], NULL), 0);
		assert_int_equal(tcap_check_ioctl(&f->t, h, out[i] + 1, NULL),
				 -TCAP_ENOTCAPABLE);
	}
	assert_int_equal(tcap_check_ioctl(&f->t, h, 0, NULL),
			 -TCAP_ENOTCAPABLE);
	FX_TEARDOWN(f);
}

static void
test_tcap_ioctls_limit__pool_exhausted(void **state)
{
	FX_SETUP(f);
	const uint32_t cmds[2] = {1, 2};
	tcap_handle_t h[FX_POOL + 1], d;
	struct tcap_table_stats st;
	int i;

	(void)state;
	for (i = 0; i <= FX_POOL; i++)
		h[i] = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	for (i = 0; i < FX_POOL; i++)
		assert_int_equal(tcap_ioctls_limit(&f->t, h[i], cmds, 2), 0);
	assert_int_equal(tcap_ioctls_limit(&f->t, h[FX_POOL], cmds, 2),
			 -TCAP_ENOSPC);
	assert_int_equal(tcap_ioctls_get(&f->t, h[FX_POOL], NULL, 0),
			 TCAP_IOCTLS_ALL);
	/* Narrowing a list of one's own needs no new list. */
	assert_int_equal(tcap_ioctls_limit(&f->t, h[0], cmds, 1), 0);
	/* A shared list is copied on narrowing, which needs a list. */
	assert_int_equal(tcap_duplicate(&f->t, h[1], TCAP_RIGHTS_SAME, &d), 0);
	assert_int_equal(tcap_ioctls_limit(&f->t, d, cmds, 1), -TCAP_ENOSPC);
	assert_int_equal(tcap_ioctls_get(&f->t, d, NULL, 0), 2);
	/* Empty lists need no pool entry, and release the shared one. */
	assert_int_equal(tcap_ioctls_limit(&f->t, h[0], NULL, 0), 0);
	assert_int_equal(tcap_ioctls_limit(&f->t, d, cmds, 1), 0);
	assert_int_equal(tcap_ioctls_get(&f->t, d, NULL, 0), 1);
	assert_int_equal(tcap_ioctls_get(&f->t, h[1], NULL, 0), 2);
	assert_int_equal(tcap_table_stats(&f->t, &st), 0);
	assert_int_equal(st.ioctl_free, 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_ioctls_limit__no_pool(void **state)
{
	static struct tcap_entry slots[2];
	struct tcap_table_config cfg = {.slots = slots, .nslots = 2};
	const uint32_t cmd = 5;
	struct tcap_table t;
	tcap_handle_t h;

	(void)state;
	assert_int_equal(tcap_table_init(&t, &cfg), 0);
	assert_int_equal(
		tcap_install(&t, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME, &h), 0);
	assert_int_equal(tcap_ioctls_limit(&t, h, &cmd, 1), -TCAP_ENOSPC);
	assert_int_equal(tcap_ioctls_limit(&t, h, NULL, 0), 0);
	assert_int_equal(tcap_ioctls_get(&t, h, NULL, 0), 0);
}

static void
test_tcap_ioctls_get__truncates(void **state)
{
	FX_SETUP(f);
	const uint32_t cmds[4] = {4, 3, 2, 1};
	uint32_t buf[4] = {0xdead, 0xdead, 0xdead, 0xdead};
	tcap_handle_t h;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	/* A26: never limited: ALL, buffer untouched. */
	assert_int_equal(tcap_ioctls_get(&f->t, h, buf, 4), TCAP_IOCTLS_ALL);
	assert_int_equal(buf[0], 0xdead);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, cmds, 4), 0);
	/* Total count returned, only max copied, no overrun. */
	assert_int_equal(tcap_ioctls_get(&f->t, h, buf, 2), 4);
	assert_int_equal(buf[0], 1);
	assert_int_equal(buf[1], 2);
	assert_int_equal(buf[2], 0xdead);
	assert_int_equal(tcap_ioctls_get(&f->t, h, NULL, 0), 4);
	assert_int_equal(tcap_ioctls_get(NULL, h, buf, 1), -TCAP_EFAULT);
	assert_int_equal(tcap_ioctls_get(&f->t, h, NULL, 1), -TCAP_EFAULT);
	assert_int_equal(tcap_ioctls_get(&f->t, h + 4, buf, 1), -TCAP_EBADF);
	FX_TEARDOWN(f);
}

static void
test_tcap_check_ioctl__cases(void **state)
{
	FX_SETUP(f);
	const uint32_t cmds[3] = {100, 200, 300};
	tcap_handle_t h, noioctl;
	void *obj = NULL;

	(void)state;
	h = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	noioctl = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHT_READ);
	/* Unlimited list: any command. */
	assert_int_equal(tcap_check_ioctl(&f->t, h, 12345, &obj), 0);
	assert_ptr_equal(obj, &obj_a);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, cmds, 3), 0);
	assert_int_equal(tcap_check_ioctl(&f->t, h, 200, NULL), 0);
	assert_int_equal(tcap_check_ioctl(&f->t, h, 300, NULL), 0);
	assert_int_equal(tcap_check_ioctl(&f->t, h, 100, NULL), 0);
	assert_int_equal(tcap_check_ioctl(&f->t, h, 150, NULL),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_check_ioctl(&f->t, h, 301, NULL),
			 -TCAP_ENOTCAPABLE);
	/* A27: no IOCTL right, no ioctl. */
	assert_int_equal(tcap_check_ioctl(&f->t, noioctl, 100, NULL),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_check_ioctl(&f->t, h + 8, 100, NULL),
			 -TCAP_EBADF);
	FX_TEARDOWN(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcap_fcntls_limit__narrows),
		cmocka_unit_test(test_tcap_fcntls_limit__errors),
		cmocka_unit_test(test_tcap_check_fcntl__cases),
		cmocka_unit_test(test_tcap_ioctls_limit__subset_only),
		cmocka_unit_test(test_tcap_ioctls_limit__errors),
		cmocka_unit_test(test_tcap_ioctls_limit__max_list),
		cmocka_unit_test(test_tcap_ioctls_limit__pool_exhausted),
		cmocka_unit_test(test_tcap_ioctls_limit__no_pool),
		cmocka_unit_test(test_tcap_ioctls_get__truncates),
		cmocka_unit_test(test_tcap_check_ioctl__cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
