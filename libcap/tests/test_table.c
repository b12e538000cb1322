/* SPDX-License-Identifier: BSD-2-Clause */
/* Handle tables: init, install, close, lookup, get, stats, drain,
 * duplicate, replace (src/table.c). */
#include "fixtures.h"

static int obj_a, obj_b;

static void
test_tcap_table_init__ok(void **state)
{
	FX_SETUP(f);
	struct tcap_table_stats st;

	(void)state;
	assert_int_equal(tcap_table_stats(&f->t, &st), 0);
	assert_int_equal(st.nslots, FX_SLOTS);
	assert_int_equal(st.free, FX_SLOTS);
	assert_int_equal(st.used, 0);
	assert_int_equal(st.retired, 0);
	assert_int_equal(st.ioctl_free, FX_POOL);
	FX_TEARDOWN(f);
}

static void
test_tcap_table_init__null(void **state)
{
	struct tcap_entry slots[2];
	struct tcap_table_config cfg = {.slots = slots, .nslots = 2};
	struct tcap_table t;

	(void)state;
	assert_int_equal(tcap_table_init(NULL, &cfg), -TCAP_EFAULT);
	assert_int_equal(tcap_table_init(&t, NULL), -TCAP_EFAULT);
}

static void
test_tcap_table_init__bad_config(void **state)
{
	static struct tcap_entry slots[4];
	static struct tcap_ioctl_list pool[1];
	static const uint64_t bad_types[3] = {0, TCAP_RIGHT_READ,
					      (uint64_t)1 << 40};
	static const uint64_t good_types[2] = {0, TCAP_RIGHT_READ};
	const struct tcap_table_config cases[] = {
		{.slots = NULL, .nslots = 4},
		{.slots = slots, .nslots = 0},
		{.slots = slots, .nslots = TCAP_SLOTS_MAX + 1},
		{.slots = slots, .nslots = 4, .nioctl = 1},
		{.slots = slots,
		 .nslots = 4,
		 .ioctl_pool = pool,
		 .nioctl = TCAP_IOCTL_POOL_MAX + 1},
		{.slots = slots,
		 .nslots = 4,
		 .type_rights = good_types,
		 .ntypes = 1},
		{.slots = slots,
		 .nslots = 4,
		 .type_rights = good_types,
		 .ntypes = 0x10001},
		{.slots = slots,
		 .nslots = 4,
		 .type_rights = bad_types,
		 .ntypes = 3},
		{.slots = slots, .nslots = 4, .gen_bits = 29},
	};
	struct tcap_table t, before;
	size_t i;

	(void)state;
	memset(&t, 0xa5, sizeof(t));
	before = t;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(tcap_table_init(&t, &cases[i]), -TCAP_EINVAL);
		assert_memory_equal(&t, &before, sizeof(t));
	}
}

static void
test_tcap_table_init__gen_bits_limit(void **state)
{
	static struct tcap_entry slots[4];
	struct tcap_table_config cfg = {
		.slots = slots, .nslots = 4, .gen_bits = 28};
	struct tcap_table t;
	tcap_handle_t h;

	(void)state;
	/* Four slots take two index bits, leaving exactly 28. */
	assert_int_equal(tcap_table_init(&t, &cfg), 0);
	assert_int_equal(tcap_install(&t, NULL, TCAP_OBJ_FILE, 0, &h), 0);
	assert_int_equal(h & TCAP_HANDLE_FIXED_BITS, TCAP_HANDLE_FIXED_BITS);
}

static void
test_tcap_install__ok(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h1, h2;
	void *obj = NULL;
	struct tcap_info info;

	(void)state;
	h1 = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	h2 = fx_install(f, &obj_b, TCAP_OBJ_SOCKET, TCAP_RIGHT_READ);
	/* Z1: low bits set, never the invalid value; values differ. */
	assert_int_equal(h1 & 3u, 3u);
	assert_int_equal(h2 & 3u, 3u);
	assert_int_not_equal(h1, h2);
	/* A13: a new handle holds every right meaningful for its type. */
	assert_true(fx_rights(f, h1) == tcap_type_rights(TCAP_OBJ_FILE));
	assert_true(fx_rights(f, h2) == TCAP_RIGHT_READ);
	assert_int_equal(tcap_lookup(&f->t, h1, 0, &obj), 0);
	assert_ptr_equal(obj, &obj_a);
	assert_int_equal(tcap_get(&f->t, h1, &info), 0);
	assert_int_equal(info.type, TCAP_OBJ_FILE);
	assert_int_equal(info.fcntls, TCAP_FCNTLS_ALL);
	assert_int_equal(info.nioctls, TCAP_IOCTLS_ALL);
	/* The table took over the caller's reference: no hook call. */
	assert_int_equal(f->retains, 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_install__drops_meaningless_rights(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h;
	struct tcap_info info;

	(void)state;
	h = fx_install(f, &obj_a, TCAP_OBJ_IRQ, TCAP_RIGHTS_ALL);
	assert_true(fx_rights(f, h) == tcap_type_rights(TCAP_OBJ_IRQ));
	assert_int_equal(tcap_get(&f->t, h, &info), 0);
	/* No IOCTL or FCNTL right, so no sub-rights either. */
	assert_int_equal(info.fcntls, 0);
	assert_int_equal(info.nioctls, 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_install__errors(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h = 77;
	struct tcap_table_stats st;
	int i;

	(void)state;
	assert_int_equal(tcap_install(NULL, NULL, 1, 0, &h), -TCAP_EFAULT);
	assert_int_equal(tcap_install(&f->t, NULL, 1, 0, NULL), -TCAP_EFAULT);
	assert_int_equal(tcap_install(&f->t, NULL, TCAP_OBJ_ANY, 0, &h),
			 -TCAP_EINVAL);
	assert_int_equal(
		tcap_install(&f->t, NULL, TCAP_OBJ_BUILTIN_COUNT, 0, &h),
		-TCAP_EINVAL);
	assert_int_equal(
		tcap_install(&f->t, NULL, TCAP_OBJ_FILE, (uint64_t)1 << 40, &h),
		-TCAP_EINVAL);
	assert_int_equal(h, 77);
	for (i = 0; i < FX_SLOTS; i++)
		(void)fx_install(f, NULL, TCAP_OBJ_FILE, 0);
	assert_int_equal(tcap_install(&f->t, NULL, TCAP_OBJ_FILE, 0, &h),
			 -TCAP_ENOSPC);
	assert_int_equal(tcap_table_stats(&f->t, &st), 0);
	assert_int_equal(st.used, FX_SLOTS);
	assert_int_equal(st.free, 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_install__embedder_types(void **state)
{
	static struct tcap_entry slots[2];
	static const uint64_t types[3] = {0, TCAP_RIGHT_READ | TCAP_RIGHT_WRITE,
					  TCAP_RIGHT_SIGNAL};
	struct tcap_table_config cfg = {
		.slots = slots, .nslots = 2, .type_rights = types, .ntypes = 3};
	struct tcap_table t;
	tcap_handle_t h;
	uint64_t r;

	(void)state;
	assert_int_equal(tcap_table_init(&t, &cfg), 0);
	assert_int_equal(tcap_install(&t, NULL, 2, TCAP_RIGHTS_SAME, &h), 0);
	assert_int_equal(tcap_rights_get(&t, h, &r), 0);
	assert_true(r == TCAP_RIGHT_SIGNAL);
	assert_int_equal(tcap_install(&t, NULL, 1, TCAP_RIGHTS_ALL, &h), 0);
	assert_int_equal(tcap_rights_get(&t, h, &r), 0);
	assert_true(r == (TCAP_RIGHT_READ | TCAP_RIGHT_WRITE));
	assert_int_equal(tcap_install(&t, NULL, 3, 0, &h), -TCAP_EINVAL);
	assert_int_equal(tcap_install(&t, NULL, 0, 0, &h), -TCAP_EINVAL);
}

static void
test_tcap_close__ok(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h;

	(void)state;
	h = fx_install(f, &obj_a, TCAP_OBJ_PIPE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_close(&f->t, h), 0);
	assert_int_equal(f->releases, 1);
	assert_ptr_equal(f->last_obj, &obj_a);
	assert_int_equal(f->last_type, TCAP_OBJ_PIPE);
	assert_int_equal(tcap_lookup(&f->t, h, 0, NULL), -TCAP_EBADF);
	/* Z6: closing twice is EBADF, closing INVALID is a no-op. */
	assert_int_equal(tcap_close(&f->t, h), -TCAP_EBADF);
	assert_int_equal(tcap_close(&f->t, TCAP_HANDLE_INVALID), 0);
	assert_int_equal(tcap_close(NULL, h), -TCAP_EFAULT);
	assert_int_equal(f->releases, 1);
	FX_TEARDOWN(f);
}

static void
test_tcap_close__no_hooks(void **state)
{
	static struct tcap_entry slots[2];
	static const struct tcap_object_ops none = {NULL, NULL};
	struct tcap_table_config cfg = {
		.slots = slots, .nslots = 2, .ops = &none};
	struct tcap_table t;
	tcap_handle_t h, d;

	(void)state;
	assert_int_equal(tcap_table_init(&t, &cfg), 0);
	assert_int_equal(tcap_install(&t, NULL, 1, TCAP_RIGHTS_SAME, &h), 0);
	assert_int_equal(tcap_duplicate(&t, h, TCAP_RIGHTS_SAME, &d), 0);
	assert_int_equal(tcap_close(&t, h), 0);
	assert_int_equal(tcap_close(&t, d), 0);
}

static void
test_tcap_close__stale_after_reuse(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	tcap_handle_t h, h2;
	void *obj = NULL;

	(void)state;
	assert_non_null(f);
	fx_init_n(f, 1, 0);
	h = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_close(&f->t, h), 0);
	h2 = fx_install(f, &obj_b, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	/* Same slot, new generation: the old value never reaches obj_b. */
	assert_int_not_equal(h, h2);
	assert_int_equal(tcap_lookup(&f->t, h, 0, &obj), -TCAP_EBADF);
	assert_int_equal(tcap_close(&f->t, h), -TCAP_EBADF);
	assert_int_equal(tcap_lookup(&f->t, h2, 0, &obj), 0);
	assert_ptr_equal(obj, &obj_b);
	free(f);
}

static void
test_tcap_lookup__forged(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h;
	size_t i;

	(void)state;
	h = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	const tcap_handle_t forged[] = {
		0,
		1,
		2,
		h & ~3u,	/* fixed bits cleared */
		h ^ 1u,		/* one fixed bit */
		h + (1u << 28), /* other generation */
		h + 4u,		/* next slot, free */
		(7u << 2) | 3u | (5u << 10),
		(200u << 2) | 3u, /* index beyond the table (mask 7) */
		0xffffffffu,
		TCAP_AT_CWD,
	};

	for (i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		assert_int_equal(tcap_lookup(&f->t, forged[i], 0, NULL),
				 -TCAP_EBADF);
		assert_int_equal(
			tcap_lookup_typed(&f->t, forged[i], 0, 0, NULL),
			-TCAP_EBADF);
	}
	FX_TEARDOWN(f);
}

static void
test_tcap_lookup__index_beyond_nslots(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	(void)state;
	assert_non_null(f);
	/* Five slots use three index bits: index 6 passes the mask only. */
	fx_init_n(f, 5, 0);
	assert_int_equal(tcap_lookup(&f->t, (6u << 2) | 3u, 0, NULL),
			 -TCAP_EBADF);
	free(f);
}

static void
test_tcap_lookup__rights(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h;
	void *obj = NULL;

	(void)state;
	h = fx_install(f, &obj_a, TCAP_OBJ_FILE,
		       TCAP_RIGHT_READ | TCAP_RIGHT_SEEK);
	assert_int_equal(tcap_lookup(&f->t, h, 0, NULL), 0);
	assert_int_equal(tcap_lookup(&f->t, h, TCAP_RIGHTS_PREAD, &obj), 0);
	assert_ptr_equal(obj, &obj_a);
	obj = NULL;
	assert_int_equal(tcap_lookup(&f->t, h, TCAP_RIGHTS_PWRITE, &obj),
			 -TCAP_ENOTCAPABLE);
	assert_null(obj);
	assert_int_equal(tcap_lookup(&f->t, h, TCAP_RIGHTS_SAME, NULL),
			 -TCAP_ENOTCAPABLE);
	FX_TEARDOWN(f);
}

static void
test_tcap_lookup_typed__order(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h;
	void *obj = NULL;

	(void)state;
	h = fx_install(f, &obj_a, TCAP_OBJ_MMIO, TCAP_RIGHT_READ);
	assert_int_equal(tcap_lookup_typed(&f->t, h, TCAP_OBJ_MMIO,
					   TCAP_RIGHT_READ, &obj),
			 0);
	assert_ptr_equal(obj, &obj_a);
	assert_int_equal(tcap_lookup_typed(&f->t, h, TCAP_OBJ_ANY,
					   TCAP_RIGHT_READ, NULL),
			 0);
	assert_int_equal(tcap_lookup_typed(&f->t, h, TCAP_OBJ_DMA,
					   TCAP_RIGHT_READ, NULL),
			 -TCAP_EWRONGTYPE);
	/* A19: the missing right is reported before the wrong type. */
	assert_int_equal(tcap_lookup_typed(&f->t, h, TCAP_OBJ_DMA,
					   TCAP_RIGHT_WRITE, NULL),
			 -TCAP_ENOTCAPABLE);
	FX_TEARDOWN(f);
}

static void
test_tcap_get__errors(void **state)
{
	FX_SETUP(f);
	struct tcap_info info;
	uint64_t r;
	tcap_handle_t h;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_get(NULL, h, &info), -TCAP_EFAULT);
	assert_int_equal(tcap_get(&f->t, h, NULL), -TCAP_EFAULT);
	assert_int_equal(tcap_get(&f->t, h + 4, &info), -TCAP_EBADF);
	assert_int_equal(tcap_rights_get(NULL, h, &r), -TCAP_EFAULT);
	assert_int_equal(tcap_rights_get(&f->t, h, NULL), -TCAP_EFAULT);
	assert_int_equal(tcap_rights_get(&f->t, h + 4, &r), -TCAP_EBADF);
	FX_TEARDOWN(f);
}

static void
test_tcap_get__ioctl_counts(void **state)
{
	FX_SETUP(f);
	const uint32_t cmds[3] = {5, 1, 9};
	struct tcap_info info;
	tcap_handle_t h;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, cmds, 3), 0);
	assert_int_equal(tcap_get(&f->t, h, &info), 0);
	assert_int_equal(info.nioctls, 3);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, NULL, 0), 0);
	assert_int_equal(tcap_get(&f->t, h, &info), 0);
	assert_int_equal(info.nioctls, 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_table_stats__null(void **state)
{
	FX_SETUP(f);
	struct tcap_table_stats st;

	(void)state;
	assert_int_equal(tcap_table_stats(NULL, &st), -TCAP_EFAULT);
	assert_int_equal(tcap_table_stats(&f->t, NULL), -TCAP_EFAULT);
	FX_TEARDOWN(f);
}

static void
test_tcap_table_drain__closes_all(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h[3];
	struct tcap_table_stats st;
	int i;

	(void)state;
	for (i = 0; i < 3; i++)
		h[i] = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_close(&f->t, h[1]), 0);
	assert_int_equal(tcap_table_drain(&f->t), 2);
	assert_int_equal(f->releases, 3);
	assert_int_equal(tcap_lookup(&f->t, h[0], 0, NULL), -TCAP_EBADF);
	assert_int_equal(tcap_table_stats(&f->t, &st), 0);
	assert_int_equal(st.used, 0);
	assert_int_equal(tcap_table_drain(&f->t), 0);
	assert_int_equal(tcap_table_drain(NULL), -TCAP_EFAULT);
	FX_TEARDOWN(f);
}

static void
test_tcap_close__retires_used_up_slot(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct tcap_table_stats st;
	tcap_handle_t seen[4], h;
	int i, j;

	(void)state;
	assert_non_null(f);
	fx_init_n(f, 1, 2); /* one slot, four generations */
	for (i = 0; i < 4; i++) {
		seen[i] = fx_install(f, NULL, TCAP_OBJ_FILE, 0);
		for (j = 0; j < i; j++)
			assert_int_not_equal(seen[i], seen[j]);
		assert_int_equal(tcap_close(&f->t, seen[i]), 0);
	}
	/* Reusing the slot would hand out seen[0] again: it is retired. */
	assert_int_equal(tcap_install(&f->t, NULL, TCAP_OBJ_FILE, 0, &h),
			 -TCAP_ENOSPC);
	assert_int_equal(tcap_table_stats(&f->t, &st), 0);
	assert_int_equal(st.retired, 1);
	assert_int_equal(st.used, 0);
	assert_int_equal(st.free, 0);
	free(f);
}

static void
test_tcap_duplicate__ok(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h, d, n;
	void *obj = NULL;

	(void)state;
	h = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_duplicate(&f->t, h, TCAP_RIGHTS_SAME, &d), 0);
	assert_int_not_equal(h, d);
	assert_true(fx_rights(f, d) == fx_rights(f, h));
	assert_int_equal(f->retains, 1);
	assert_ptr_equal(f->last_obj, &obj_a);
	/* Z3: NONE is legal; Z5: same object. */
	assert_int_equal(tcap_duplicate(&f->t, h, TCAP_RIGHTS_NONE, &n), 0);
	assert_true(fx_rights(f, n) == 0);
	assert_int_equal(tcap_lookup(&f->t, n, 0, &obj), 0);
	assert_ptr_equal(obj, &obj_a);
	/* The source stays valid. */
	assert_int_equal(tcap_lookup(&f->t, h, 0, NULL), 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_duplicate__error_order(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h, nodup, d = 42;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE,
		       TCAP_RIGHT_READ | TCAP_RIGHT_DUPLICATE);
	nodup = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHT_READ);
	assert_int_equal(tcap_duplicate(NULL, h, 0, &d), -TCAP_EFAULT);
	assert_int_equal(tcap_duplicate(&f->t, h, 0, NULL), -TCAP_EFAULT);
	/* Bad handle first, whatever the rights. */
	assert_int_equal(tcap_duplicate(&f->t, h + 8, TCAP_RIGHT_WRITE, &d),
			 -TCAP_EBADF);
	/* Then the DUPLICATE right, even if the rights also grow. */
	assert_int_equal(tcap_duplicate(&f->t, nodup, TCAP_RIGHT_WRITE, &d),
			 -TCAP_ENOTCAPABLE);
	/* Then rights that are not a subset. */
	assert_int_equal(tcap_duplicate(&f->t, h, TCAP_RIGHT_WRITE, &d),
			 -TCAP_EINVAL);
	assert_int_equal(tcap_duplicate(&f->t, h, (uint64_t)1 << 50, &d),
			 -TCAP_EINVAL);
	assert_int_equal(d, 42);
	assert_int_equal(f->retains, 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_duplicate__full(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h, d = 42;
	int i;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	for (i = 1; i < FX_SLOTS; i++)
		assert_int_equal(tcap_duplicate(&f->t, h, TCAP_RIGHTS_SAME, &d),
				 0);
	assert_int_equal(tcap_duplicate(&f->t, h, TCAP_RIGHTS_SAME, &d),
			 -TCAP_ENOSPC);
	assert_int_equal(f->retains, FX_SLOTS - 1);
	FX_TEARDOWN(f);
}

static void
test_tcap_duplicate__shares_and_trims_subrights(void **state)
{
	FX_SETUP(f);
	const uint32_t cmds[2] = {7, 3};
	tcap_handle_t h, d, e;
	struct tcap_table_stats st;
	struct tcap_info info;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, cmds, 2), 0);
	assert_int_equal(tcap_fcntls_limit(&f->t, h, TCAP_FCNTL_GETFL), 0);
	assert_int_equal(tcap_duplicate(&f->t, h, TCAP_RIGHTS_SAME, &d), 0);
	assert_int_equal(tcap_get(&f->t, d, &info), 0);
	assert_int_equal(info.nioctls, 2);
	assert_int_equal(info.fcntls, TCAP_FCNTL_GETFL);
	/* Shared list: one pool entry for both. */
	assert_int_equal(tcap_table_stats(&f->t, &st), 0);
	assert_int_equal(st.ioctl_free, FX_POOL - 1);
	assert_int_equal(tcap_duplicate(&f->t, h, TCAP_RIGHT_DUPLICATE, &e), 0);
	assert_int_equal(tcap_get(&f->t, e, &info), 0);
	assert_int_equal(info.nioctls, 0);
	assert_int_equal(info.fcntls, 0);
	/* Closing the source keeps the list alive for the duplicate. */
	assert_int_equal(tcap_close(&f->t, h), 0);
	assert_int_equal(tcap_check_ioctl(&f->t, d, 7, NULL), 0);
	assert_int_equal(tcap_close(&f->t, d), 0);
	assert_int_equal(tcap_table_stats(&f->t, &st), 0);
	assert_int_equal(st.ioctl_free, FX_POOL);
	FX_TEARDOWN(f);
}

static void
test_tcap_replace__ok(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h, r;
	void *obj = NULL;

	(void)state;
	/* No right is needed (Z4). */
	h = fx_install(f, &obj_a, TCAP_OBJ_FILE,
		       TCAP_RIGHT_READ | TCAP_RIGHT_WRITE);
	assert_int_equal(tcap_replace(&f->t, h, TCAP_RIGHT_READ, &r), 0);
	assert_int_not_equal(h, r);
	assert_int_equal(tcap_lookup(&f->t, h, 0, NULL), -TCAP_EBADF);
	assert_int_equal(tcap_lookup(&f->t, r, TCAP_RIGHT_READ, &obj), 0);
	assert_ptr_equal(obj, &obj_a);
	assert_true(fx_rights(f, r) == TCAP_RIGHT_READ);
	assert_int_equal(tcap_replace(&f->t, r, TCAP_RIGHTS_SAME, &h), 0);
	assert_true(fx_rights(f, h) == TCAP_RIGHT_READ);
	assert_int_equal(f->retains + f->releases, 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_replace__failure_keeps_source(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h, r = 42;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHT_READ);
	assert_int_equal(tcap_replace(NULL, h, 0, &r), -TCAP_EFAULT);
	assert_int_equal(tcap_replace(&f->t, h, 0, NULL), -TCAP_EFAULT);
	assert_int_equal(tcap_replace(&f->t, h + 4, 0, &r), -TCAP_EBADF);
	assert_int_equal(tcap_replace(&f->t, h, TCAP_RIGHT_WRITE, &r),
			 -TCAP_EINVAL);
	assert_int_equal(r, 42);
	/* Tessera's choice: a failed replace leaves the source valid. */
	assert_int_equal(tcap_lookup(&f->t, h, TCAP_RIGHT_READ, NULL), 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_replace__used_up_slot_moves(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const uint32_t cmds[1] = {11};
	tcap_handle_t h, r, other;
	struct tcap_table_stats st;

	(void)state;
	assert_non_null(f);
	fx_init_n(f, 2, 1); /* two generations per slot */
	h = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, cmds, 1), 0);
	/* Generation 0 -> 1 in place. */
	assert_int_equal(tcap_replace(&f->t, h, TCAP_RIGHTS_SAME, &r), 0);
	/* Generation 1 is the last: the handle moves to the other slot. */
	assert_int_equal(tcap_replace(&f->t, r, TCAP_RIGHTS_SAME, &h), 0);
	assert_int_equal(tcap_lookup(&f->t, r, 0, NULL), -TCAP_EBADF);
	assert_int_equal(tcap_check_ioctl(&f->t, h, 11, NULL), 0);
	assert_int_equal(tcap_check_ioctl(&f->t, h, 12, NULL),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_table_stats(&f->t, &st), 0);
	assert_int_equal(st.retired, 1);
	assert_int_equal(st.ioctl_free, FX_POOL - 1);
	/* Used up again with no free slot: ENOSPC, handle unchanged. */
	assert_int_equal(tcap_replace(&f->t, h, TCAP_RIGHTS_SAME, &r), 0);
	assert_int_equal(tcap_replace(&f->t, r, TCAP_RIGHTS_SAME, &other),
			 -TCAP_ENOSPC);
	assert_int_equal(tcap_lookup(&f->t, r, 0, NULL), 0);
	assert_int_equal(f->releases, 0);
	free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcap_table_init__ok),
		cmocka_unit_test(test_tcap_table_init__null),
		cmocka_unit_test(test_tcap_table_init__bad_config),
		cmocka_unit_test(test_tcap_table_init__gen_bits_limit),
		cmocka_unit_test(test_tcap_install__ok),
		cmocka_unit_test(test_tcap_install__drops_meaningless_rights),
		cmocka_unit_test(test_tcap_install__errors),
		cmocka_unit_test(test_tcap_install__embedder_types),
		cmocka_unit_test(test_tcap_close__ok),
		cmocka_unit_test(test_tcap_close__no_hooks),
		cmocka_unit_test(test_tcap_close__stale_after_reuse),
		cmocka_unit_test(test_tcap_close__retires_used_up_slot),
		cmocka_unit_test(test_tcap_lookup__forged),
		cmocka_unit_test(test_tcap_lookup__index_beyond_nslots),
		cmocka_unit_test(test_tcap_lookup__rights),
		cmocka_unit_test(test_tcap_lookup_typed__order),
		cmocka_unit_test(test_tcap_get__errors),
		cmocka_unit_test(test_tcap_get__ioctl_counts),
		cmocka_unit_test(test_tcap_table_stats__null),
		cmocka_unit_test(test_tcap_table_drain__closes_all),
		cmocka_unit_test(test_tcap_duplicate__ok),
		cmocka_unit_test(test_tcap_duplicate__error_order),
		cmocka_unit_test(test_tcap_duplicate__full),
		cmocka_unit_test(
			test_tcap_duplicate__shares_and_trims_subrights),
		cmocka_unit_test(test_tcap_replace__ok),
		cmocka_unit_test(test_tcap_replace__failure_keeps_source),
		cmocka_unit_test(test_tcap_replace__used_up_slot_moves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
