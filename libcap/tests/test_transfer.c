/* SPDX-License-Identifier: BSD-2-Clause */
/* Moving and copying handles between tables (src/transfer.c). */
#include "fixtures.h"

static int obj_a, obj_b;

#define XFER_RIGHTS (TCAP_RIGHT_TRANSFER | TCAP_RIGHT_DUPLICATE)

static void
test_tcap_transfer__move_and_copy(void **state)
{
	struct fx *a = fx_new(), *b = fx_new();
	tcap_handle_t h1, h2;
	struct tcap_xfer x[2] = {
		{.mode = TCAP_XFER_MOVE, .rights = TCAP_RIGHTS_SAME},
		{.mode = TCAP_XFER_COPY,
		 .rights = TCAP_RIGHT_READ | TCAP_RIGHT_TRANSFER,
		 .type = TCAP_OBJ_PORT},
	};
	void *obj = NULL;

	(void)state;
	h1 = fx_install(a, &obj_a, TCAP_OBJ_FILE,
			TCAP_RIGHT_READ | XFER_RIGHTS);
	h2 = fx_install(a, &obj_b, TCAP_OBJ_PORT,
			TCAP_RIGHT_READ | TCAP_RIGHT_WRITE | XFER_RIGHTS);
	x[0].handle = h1;
	x[1].handle = h2;
	assert_int_equal(tcap_transfer(&a->t, &b->t, x, 2), 0);
	assert_int_equal(x[0].result, 0);
	assert_int_equal(x[1].result, 0);
	/* The move consumed h1; the copy left h2. */
	assert_int_equal(tcap_lookup(&a->t, h1, 0, NULL), -TCAP_EBADF);
	assert_int_equal(tcap_lookup(&a->t, h2, TCAP_RIGHT_WRITE, NULL), 0);
	assert_int_equal(tcap_lookup(&b->t, x[0].out, TCAP_RIGHT_READ, &obj),
			 0);
	assert_ptr_equal(obj, &obj_a);
	assert_true(fx_rights(b, x[0].out) == (TCAP_RIGHT_READ | XFER_RIGHTS));
	/* A18: rights travel with the handle, reduced as asked. */
	assert_true(fx_rights(b, x[1].out) ==
		    (TCAP_RIGHT_READ | TCAP_RIGHT_TRANSFER));
	assert_int_equal(
		tcap_lookup_typed(&b->t, x[1].out, TCAP_OBJ_PORT, 0, &obj), 0);
	assert_ptr_equal(obj, &obj_b);
	/* A copy takes a reference in the destination; a move does not. */
	assert_int_equal(b->retains, 1);
	assert_int_equal(a->retains + a->releases + b->releases, 0);
	free(a);
	free(b);
}

static void
test_tcap_transfer__drop_transfer_right(void **state)
{
	struct fx *a = fx_new(), *b = fx_new(), *c = fx_new();
	struct tcap_xfer x = {.mode = TCAP_XFER_MOVE,
			      .rights = TCAP_RIGHT_READ};

	(void)state;
	x.handle = fx_install(a, NULL, TCAP_OBJ_FILE,
			      TCAP_RIGHT_READ | TCAP_RIGHT_TRANSFER);
	assert_int_equal(tcap_transfer(&a->t, &b->t, &x, 1), 0);
	/* Z8: the receiver cannot forward it. */
	x.handle = x.out;
	x.rights = TCAP_RIGHTS_SAME;
	assert_int_equal(tcap_transfer(&b->t, &c->t, &x, 1), -TCAP_ENOTCAPABLE);
	assert_int_equal(x.result, -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_lookup(&b->t, x.handle, TCAP_RIGHT_READ, NULL),
			 0);
	free(a);
	free(b);
	free(c);
}

static void
test_tcap_transfer__error_order(void **state)
{
	struct fx *a = fx_new(), *b = fx_new();
	tcap_handle_t full, notx, nodup;
	size_t i;

	(void)state;
	full = fx_install(a, NULL, TCAP_OBJ_FILE,
			  TCAP_RIGHT_READ | XFER_RIGHTS);
	notx = fx_install(a, NULL, TCAP_OBJ_FILE,
			  TCAP_RIGHT_READ | TCAP_RIGHT_DUPLICATE);
	nodup = fx_install(a, NULL, TCAP_OBJ_FILE,
			   TCAP_RIGHT_READ | TCAP_RIGHT_TRANSFER);
	const struct {
		struct tcap_xfer x;
		int err;
	} cases[] = {
		/* Bad handle before everything else. */
		{{.handle = full + 64,
		  .mode = 9,
		  .rights = TCAP_RIGHTS_ALL,
		  .type = TCAP_OBJ_DIR},
		 -TCAP_EBADF},
		{{.handle = 0}, -TCAP_EBADF},
		/* An unknown mode. */
		{{.handle = full, .mode = 9}, -TCAP_EINVAL},
		/* Missing right before rights that grow, before type. */
		{{.handle = notx,
		  .mode = TCAP_XFER_MOVE,
		  .rights = TCAP_RIGHTS_ALL,
		  .type = TCAP_OBJ_DIR},
		 -TCAP_ENOTCAPABLE},
		{{.handle = nodup,
		  .mode = TCAP_XFER_COPY,
		  .rights = TCAP_RIGHTS_ALL},
		 -TCAP_ENOTCAPABLE},
		{{.handle = full,
		  .mode = TCAP_XFER_MOVE,
		  .rights = TCAP_RIGHT_WRITE,
		  .type = TCAP_OBJ_DIR},
		 -TCAP_EINVAL},
		{{.handle = full,
		  .mode = TCAP_XFER_MOVE,
		  .rights = TCAP_RIGHT_READ,
		  .type = TCAP_OBJ_DIR},
		 -TCAP_EWRONGTYPE},
		{{.handle = nodup,
		  .mode = TCAP_XFER_MOVE,
		  .rights = TCAP_RIGHTS_SAME,
		  .type = TCAP_OBJ_FILE},
		 0},
	};

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tcap_xfer x = cases[i].x;

		if (cases[i].err == 0)
			continue;
		assert_int_equal(tcap_transfer(&a->t, &b->t, &x, 1),
				 cases[i].err);
		assert_int_equal(x.result, cases[i].err);
		assert_int_equal(x.out, TCAP_HANDLE_INVALID);
	}
	/* Nothing moved. */
	struct tcap_table_stats st;
	assert_int_equal(tcap_table_stats(&b->t, &st), 0);
	assert_int_equal(st.used, 0);
	assert_int_equal(tcap_table_stats(&a->t, &st), 0);
	assert_int_equal(st.used, 3);
	{
		struct tcap_xfer x = cases[7].x;

		assert_int_equal(tcap_transfer(&a->t, &b->t, &x, 1), 0);
	}
	free(a);
	free(b);
}

static void
test_tcap_transfer__all_or_nothing(void **state)
{
	struct fx *a = fx_new(), *b = fx_new();
	struct tcap_xfer x[3] = {
		{.mode = TCAP_XFER_MOVE, .rights = TCAP_RIGHTS_SAME},
		{.mode = TCAP_XFER_MOVE, .rights = TCAP_RIGHTS_SAME},
		{.mode = TCAP_XFER_COPY, .rights = TCAP_RIGHTS_SAME},
	};
	tcap_handle_t h0, h1;

	(void)state;
	h0 = fx_install(a, NULL, TCAP_OBJ_FILE, XFER_RIGHTS);
	h1 = fx_install(a, NULL, TCAP_OBJ_FILE, TCAP_RIGHT_TRANSFER);
	x[0].handle = h0;
	x[1].handle = h1;
	x[2].handle = h1; /* the same handle twice, and no DUPLICATE */
	assert_int_equal(tcap_transfer(&a->t, &b->t, x, 3), -TCAP_EBADF);
	/* Every entry has its own result. */
	assert_int_equal(x[0].result, 0);
	assert_int_equal(x[1].result, 0);
	assert_int_equal(x[2].result, -TCAP_EBADF);
	/* Tessera's choice: a failed batch leaves the sources alone. */
	assert_int_equal(tcap_lookup(&a->t, h0, 0, NULL), 0);
	assert_int_equal(tcap_lookup(&a->t, h1, 0, NULL), 0);
	/* First failure wins: EINVAL at 0 beats EBADF at 2. */
	x[0].rights = TCAP_RIGHT_READ;
	assert_int_equal(tcap_transfer(&a->t, &b->t, x, 3), -TCAP_EINVAL);
	assert_int_equal(x[0].result, -TCAP_EINVAL);
	assert_int_equal(x[2].result, -TCAP_EBADF);
	assert_int_equal(b->retains, 0);
	free(a);
	free(b);
}

static void
test_tcap_transfer__no_room(void **state)
{
	struct fx *a = fx_new(), *b = fx_new();
	struct tcap_xfer x[FX_SLOTS];
	tcap_handle_t h;
	int i;

	(void)state;
	h = fx_install(b, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	for (i = 0; i < FX_SLOTS; i++) {
		memset(&x[i], 0, sizeof(x[i]));
		x[i].handle = fx_install(a, NULL, TCAP_OBJ_FILE, XFER_RIGHTS);
		x[i].mode = TCAP_XFER_MOVE;
		x[i].rights = TCAP_RIGHTS_SAME;
	}
	assert_int_equal(tcap_transfer(&a->t, &b->t, x, FX_SLOTS),
			 -TCAP_ENOSPC);
	for (i = 0; i < FX_SLOTS; i++) {
		assert_int_equal(x[i].result, 0);
		assert_int_equal(tcap_lookup(&a->t, x[i].handle, 0, NULL), 0);
	}
	assert_int_equal(tcap_close(&b->t, h), 0);
	assert_int_equal(tcap_transfer(&a->t, &b->t, x, FX_SLOTS), 0);
	free(a);
	free(b);
}

static void
test_tcap_transfer__ioctl_lists(void **state)
{
	struct fx *a = fx_new(), *b = fx_new();
	const uint32_t cmds[2] = {8, 9};
	struct tcap_xfer x[2];
	struct tcap_table_stats st;
	tcap_handle_t blocker[FX_POOL];
	int i;

	(void)state;
	memset(x, 0, sizeof(x));
	for (i = 0; i < 2; i++) {
		x[i].handle =
			fx_install(a, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
		assert_int_equal(tcap_ioctls_limit(&a->t, x[i].handle, cmds, 2),
				 0);
		x[i].mode = TCAP_XFER_MOVE;
		x[i].rights = TCAP_RIGHTS_SAME;
	}
	/* The destination's pool has one list left: not enough. */
	blocker[0] = fx_install(b, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_ioctls_limit(&b->t, blocker[0], cmds, 1), 0);
	assert_int_equal(tcap_transfer(&a->t, &b->t, x, 2), -TCAP_ENOSPC);
	/* Dropping IOCTL on one entry means it needs no list. */
	x[1].rights = TCAP_RIGHT_READ;
	assert_int_equal(tcap_transfer(&a->t, &b->t, x, 2), 0);
	assert_int_equal(tcap_ioctls_get(&b->t, x[0].out, NULL, 0), 2);
	assert_int_equal(tcap_check_ioctl(&b->t, x[0].out, 9, NULL), 0);
	assert_int_equal(tcap_ioctls_get(&b->t, x[1].out, NULL, 0), 0);
	/* The source lists went back to the source pool. */
	assert_int_equal(tcap_table_stats(&a->t, &st), 0);
	assert_int_equal(st.ioctl_free, FX_POOL);
	assert_int_equal(tcap_table_stats(&b->t, &st), 0);
	assert_int_equal(st.ioctl_free, 0);
	free(a);
	free(b);
}

static void
test_tcap_transfer__ioctl_list_shared_source(void **state)
{
	struct fx *a = fx_new(), *b = fx_new();
	const uint32_t cmds[1] = {8};
	struct tcap_xfer x = {.mode = TCAP_XFER_COPY,
			      .rights = TCAP_RIGHTS_SAME};

	(void)state;
	x.handle = fx_install(a, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_ioctls_limit(&a->t, x.handle, cmds, 1), 0);
	assert_int_equal(tcap_transfer(&a->t, &b->t, &x, 1), 0);
	/* Each table owns its copy: narrowing one leaves the other. */
	assert_int_equal(tcap_ioctls_limit(&b->t, x.out, NULL, 0), 0);
	assert_int_equal(tcap_ioctls_get(&a->t, x.handle, NULL, 0), 1);
	free(a);
	free(b);
}

static void
test_tcap_transfer__same_table(void **state)
{
	struct fx *a = fx_new();
	const uint32_t cmds[1] = {8};
	struct tcap_xfer x[2];
	struct tcap_table_stats st;
	tcap_handle_t h0, h1;

	(void)state;
	memset(x, 0, sizeof(x));
	h0 = fx_install(a, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	h1 = fx_install(a, &obj_b, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_ioctls_limit(&a->t, h0, cmds, 1), 0);
	assert_int_equal(tcap_ioctls_limit(&a->t, h1, cmds, 1), 0);
	x[0] = (struct tcap_xfer){.handle = h0,
				  .mode = TCAP_XFER_MOVE,
				  .rights = TCAP_RIGHTS_SAME};
	x[1] = (struct tcap_xfer){.handle = h1,
				  .mode = TCAP_XFER_COPY,
				  .rights = TCAP_RIGHTS_SAME};
	assert_int_equal(tcap_transfer(&a->t, &a->t, x, 2), 0);
	/* A move gives a new value; lists are shared, not copied. */
	assert_int_equal(tcap_lookup(&a->t, h0, 0, NULL), -TCAP_EBADF);
	assert_int_equal(tcap_check_ioctl(&a->t, x[0].out, 8, NULL), 0);
	assert_int_equal(tcap_check_ioctl(&a->t, x[1].out, 8, NULL), 0);
	assert_int_equal(tcap_lookup(&a->t, h1, 0, NULL), 0);
	assert_int_equal(tcap_table_stats(&a->t, &st), 0);
	assert_int_equal(st.used, 3);
	assert_int_equal(st.ioctl_free, 0);
	assert_int_equal(a->retains, 1);
	free(a);
}

static void
test_tcap_transfer__args(void **state)
{
	struct fx *a = fx_new();
	struct tcap_xfer x[TCAP_TRANSFER_MAX + 1];

	(void)state;
	memset(x, 0, sizeof(x));
	assert_int_equal(tcap_transfer(NULL, &a->t, x, 1), -TCAP_EFAULT);
	assert_int_equal(tcap_transfer(&a->t, NULL, x, 1), -TCAP_EFAULT);
	assert_int_equal(tcap_transfer(&a->t, &a->t, NULL, 1), -TCAP_EFAULT);
	assert_int_equal(tcap_transfer(&a->t, &a->t, NULL, 0), 0);
	assert_int_equal(tcap_transfer(&a->t, &a->t, x, TCAP_TRANSFER_MAX + 1),
			 -TCAP_ERANGE);
	free(a);
}

static void
test_tcap_transfer__in_transit_drain(void **state)
{
	struct fx *a = fx_new(), *msg = fx_new();
	struct tcap_xfer x = {.mode = TCAP_XFER_MOVE,
			      .rights = TCAP_RIGHTS_SAME};

	(void)state;
	/* Z9: handles parked in a message table die with the message. */
	x.handle = fx_install(a, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_transfer(&a->t, &msg->t, &x, 1), 0);
	assert_int_equal(tcap_table_drain(&msg->t), 1);
	assert_int_equal(msg->releases, 1);
	assert_ptr_equal(msg->last_obj, &obj_a);
	free(a);
	free(msg);
}

static void
test_tcap_transfer__copy_without_hooks(void **state)
{
	struct tcap_entry sa[4], sb[4];
	struct tcap_table a, b;
	struct tcap_table_config ca = {.slots = sa, .nslots = 4};
	struct tcap_table_config cb = {.slots = sb, .nslots = 4};
	struct tcap_xfer x = {.mode = TCAP_XFER_COPY,
			      .rights = TCAP_RIGHTS_SAME};
	static const struct tcap_object_ops no_retain = {.retain = NULL};
	void *obj = NULL;

	(void)state;
	/* No hooks at all: the embedder counts references itself. */
	assert_int_equal(tcap_table_init(&a, &ca), 0);
	assert_int_equal(tcap_table_init(&b, &cb), 0);
	assert_int_equal(tcap_install(&a, &obj_a, TCAP_OBJ_FILE,
				      TCAP_RIGHTS_SAME, &x.handle),
			 0);
	assert_int_equal(tcap_transfer(&a, &b, &x, 1), 0);
	assert_int_equal(tcap_lookup(&b, x.out, TCAP_RIGHT_READ, &obj), 0);
	assert_ptr_equal(obj, &obj_a);
	assert_int_equal(tcap_lookup(&a, x.handle, TCAP_RIGHT_READ, NULL), 0);
	/* Hooks without a retain hook: a copy calls nothing. */
	cb.ops = &no_retain;
	assert_int_equal(tcap_table_init(&b, &cb), 0);
	assert_int_equal(tcap_transfer(&a, &b, &x, 1), 0);
	assert_int_equal(tcap_lookup(&b, x.out, 0, &obj), 0);
	assert_ptr_equal(obj, &obj_a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcap_transfer__move_and_copy),
		cmocka_unit_test(test_tcap_transfer__drop_transfer_right),
		cmocka_unit_test(test_tcap_transfer__error_order),
		cmocka_unit_test(test_tcap_transfer__all_or_nothing),
		cmocka_unit_test(test_tcap_transfer__no_room),
		cmocka_unit_test(test_tcap_transfer__ioctl_lists),
		cmocka_unit_test(test_tcap_transfer__ioctl_list_shared_source),
		cmocka_unit_test(test_tcap_transfer__same_table),
		cmocka_unit_test(test_tcap_transfer__args),
		cmocka_unit_test(test_tcap_transfer__in_transit_drain),
		cmocka_unit_test(test_tcap_transfer__copy_without_hooks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
