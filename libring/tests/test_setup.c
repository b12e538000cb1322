/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests of src/setup.c: tring_strerror, tring_setup, tring_queue_init. */
#include "fixture.h"

static struct fixture F;

static void
test_tring_strerror__every_code(void **state)
{
	static const struct {
		int err;
		const char *text;
	} vec[] = {
		{0, "success"},
		{-TRING_EINVAL, "invalid argument"},
		{TRING_EINVAL, "invalid argument"},
		{-TRING_ENOSPC, "region too small"},
		{-TRING_EAGAIN, "try again: ring empty or full"},
		{-TRING_EBUSY, "completion queue and overflow store full"},
		{-TRING_EFAULT, "bad pointer or impossible shared state"},
		{-TRING_ECANCELED,
		 "cancelled: an earlier linked request failed"},
		{-3, "unknown error"},
		{12345, "unknown error"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++)
		assert_string_equal(tring_strerror(vec[i].err), vec[i].text);
}

static void
test_tring_setup__writes_headers(void **state)
{
	struct tring_shared *sh = fixture_sh(&F);

	(void)state;
	fixture_params(&F, 8, 0, 77);
	fixture_up(&F);
	assert_int_equal(sh->sq.ring_entries, 8);
	assert_int_equal(sh->sq.ring_mask, 7);
	assert_int_equal(sh->cq.ring_entries, 16); /* 2 x sq by default */
	assert_int_equal(sh->cq.ring_mask, 15);
	assert_int_equal(sh->sq.head, 77);
	assert_int_equal(sh->sq.tail, 77);
	assert_int_equal(sh->cq.head, 77);
	assert_int_equal(sh->cq.tail, 77);
	assert_int_equal(sh->sq.flags, 0);
	assert_int_equal(sh->sq.dropped, 0);
	assert_int_equal(sh->cq.overflow, 0);
	assert_int_equal(tring_inflight(&F.k), 0);
	assert_int_equal(tring_inflight(NULL), 0);
}

static void
test_tring_setup__explicit_cq_size(void **state)
{
	(void)state;
	fixture_params(&F, 4, 64, 0);
	fixture_up(&F);
	assert_int_equal(fixture_sh(&F)->cq.ring_entries, 64);
	assert_int_equal(tring_cq_ready(&F.q), 0);
	assert_int_equal(tring_sq_space_left(&F.q), 4);
}

static void
test_tring_setup__null_arguments(void **state)
{
	struct tring_kring k;

	(void)state;
	fixture_params(&F, 8, 0, 0);
	assert_int_equal(tring_setup(NULL, F.region, sizeof(F.region), &F.p),
			 -TRING_EFAULT);
	assert_int_equal(tring_setup(&k, NULL, sizeof(F.region), &F.p),
			 -TRING_EFAULT);
	assert_int_equal(tring_setup(&k, F.region, sizeof(F.region), NULL),
			 -TRING_EFAULT);
	F.p.overflow = NULL;
	assert_int_equal(tring_setup(&k, F.region, sizeof(F.region), &F.p),
			 -TRING_EFAULT);
}

static void
test_tring_setup__bad_parameters(void **state)
{
	static const struct tring_op ops[1];
	static const struct {
		uint32_t sq, cq, flags, nops;
		const struct tring_op *ops;
	} vec[] = {
		{0, 0, 0, 0, NULL},	      {3, 0, 0, 0, NULL},
		{65536, 0, 0, 0, NULL},	      {8, 0, 2, 0, NULL},
		{8, 0, 0x80000001u, 0, NULL}, {8, 12, 0, 0, NULL},
		{8, 4, 0, 0, NULL},	      {8, 131072, 0, 0, NULL},
		{8, 0, 0, 1, NULL},	      {8, 0, 0, 257, ops},
	};
	struct tring_kring k;
	uint8_t before[sizeof(F.region)];
	size_t i;

	(void)state;
	memset(F.region, 0xa5, sizeof(F.region));
	memcpy(before, F.region, sizeof(before));
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		fixture_params(&F, vec[i].sq, vec[i].cq, 0);
		F.p.flags = vec[i].flags;
		F.p.nops = vec[i].nops;
		F.p.ops = vec[i].ops;
		assert_int_equal(
			tring_setup(&k, F.region, sizeof(F.region), &F.p),
			-TRING_EINVAL);
		/* Validate, then act: the region is untouched. */
		assert_memory_equal(F.region, before, sizeof(before));
	}
}

static void
test_tring_setup__misaligned_region(void **state)
{
	struct tring_kring k;

	(void)state;
	fixture_params(&F, 8, 0, 0);
	assert_int_equal(
		tring_setup(&k, F.region + 8, sizeof(F.region) - 8, &F.p),
		-TRING_EINVAL);
}

static void
test_tring_setup__region_too_small(void **state)
{
	struct tring_kring k;

	(void)state;
	fixture_params(&F, 8, 0, 0);
	assert_int_equal(
		tring_setup(&k, F.region, TRING_REGION_SIZE(8, 16) - 1, &F.p),
		-TRING_ENOSPC);
	assert_int_equal(
		tring_setup(&k, F.region, TRING_REGION_SIZE(8, 16), &F.p), 0);
}

static void
test_tring_queue_init__attaches(void **state)
{
	(void)state;
	fixture_params(&F, 16, 0, 5);
	fixture_up(&F);
	assert_int_equal(tring_sq_ready(&F.q), 0);
	assert_int_equal(tring_sq_space_left(&F.q), 16);
}

static void
test_tring_queue_init__null_arguments(void **state)
{
	struct tring_queue q;

	(void)state;
	assert_int_equal(tring_queue_init(NULL, F.region, sizeof(F.region)),
			 -TRING_EFAULT);
	assert_int_equal(tring_queue_init(&q, NULL, sizeof(F.region)),
			 -TRING_EFAULT);
}

static void
test_tring_queue_init__bad_headers(void **state)
{
	enum { SQ_E, SQ_M, CQ_E, CQ_M };
	static const struct {
		int field;
		uint32_t value;
	} vec[] = {
		{SQ_E, 0},  {SQ_E, 6},	      {SQ_E, 65536}, {SQ_M, 3},
		{CQ_E, 24}, {CQ_E, 1u << 17}, {CQ_M, 0},
	};
	struct tring_shared *sh = fixture_sh(&F);
	struct tring_queue q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		fixture_params(&F, 8, 0, 0);
		fixture_up(&F);
		switch (vec[i].field) {
		case SQ_E:
			sh->sq.ring_entries = vec[i].value;
			break;
		case SQ_M:
			sh->sq.ring_mask = vec[i].value;
			break;
		case CQ_E:
			sh->cq.ring_entries = vec[i].value;
			break;
		default:
			sh->cq.ring_mask = vec[i].value;
			break;
		}
		assert_int_equal(
			tring_queue_init(&q, F.region, sizeof(F.region)),
			-TRING_EINVAL);
	}
}

static void
test_tring_queue_init__misaligned_or_tiny(void **state)
{
	struct tring_queue q;

	(void)state;
	fixture_params(&F, 8, 0, 0);
	fixture_up(&F);
	assert_int_equal(tring_queue_init(&q, F.region + 4, 4096),
			 -TRING_EINVAL);
	assert_int_equal(tring_queue_init(&q, F.region, 100), -TRING_EINVAL);
	assert_int_equal(
		tring_queue_init(&q, F.region, TRING_REGION_SIZE(8, 16) - 1),
		-TRING_ENOSPC);
}

static void
test_tring_setup__no_sqarray_header_and_array(void **state)
{
	const uint32_t *array =
		(const uint32_t *)(const void *)(F.region + TRING_ARRAY_OFFSET);
	uint32_t i;

	(void)state;
	memset(F.region, 0xa5, sizeof(F.region));
	fixture_params(&F, 8, 0, 0);
	F.p.flags = TRING_SETUP_NO_SQARRAY;
	fixture_up(&F);
	assert_int_equal(fixture_sh(&F)->sq.setup_flags,
			 TRING_SETUP_NO_SQARRAY);
	/* Kernel side and submitter both run without the array... */
	assert_null(F.k.array);
	assert_null(F.q.array);
	/* ...which setup zeroed and the submitter did not fill. */
	for (i = 0; i < 8; i++)
		assert_int_equal(array[i], 0);
	/* Same layout: the SQEs are where the default mode puts them. */
	assert_ptr_equal(F.q.sqes, F.region + TRING_SQES_OFFSET(8));
	assert_ptr_equal(F.k.cqes, F.region + TRING_CQES_OFFSET(8));
}

static void
test_tring_setup__default_mode_fills_array(void **state)
{
	const uint32_t *array =
		(const uint32_t *)(const void *)(F.region + TRING_ARRAY_OFFSET);
	uint32_t i;

	(void)state;
	fixture_params(&F, 8, 0, 0);
	fixture_up(&F);
	assert_int_equal(fixture_sh(&F)->sq.setup_flags, 0);
	assert_non_null(F.k.array);
	assert_non_null(F.q.array);
	for (i = 0; i < 8; i++)
		assert_int_equal(array[i], i);
}

static void
test_tring_queue_init__unknown_setup_flags(void **state)
{
	static const uint32_t bad[] = {2u, 0x80000000u, 3u};
	struct tring_queue q;
	size_t i;

	(void)state;
	fixture_params(&F, 8, 0, 0);
	fixture_up(&F);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fixture_sh(&F)->sq.setup_flags = bad[i];
		assert_int_equal(
			tring_queue_init(&q, F.region, sizeof(F.region)),
			-TRING_EINVAL);
	}
	/* A submitter that claims the mode changes nothing for the kernel
	 * side, which kept its own (the default: it reads the array). */
	fixture_sh(&F)->sq.setup_flags = TRING_SETUP_NO_SQARRAY;
	assert_int_equal(tring_queue_init(&q, F.region, sizeof(F.region)), 0);
	assert_null(q.array);
	assert_non_null(F.k.array);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tring_strerror__every_code),
		cmocka_unit_test(test_tring_setup__writes_headers),
		cmocka_unit_test(test_tring_setup__explicit_cq_size),
		cmocka_unit_test(test_tring_setup__null_arguments),
		cmocka_unit_test(test_tring_setup__bad_parameters),
		cmocka_unit_test(test_tring_setup__misaligned_region),
		cmocka_unit_test(test_tring_setup__region_too_small),
		cmocka_unit_test(test_tring_queue_init__attaches),
		cmocka_unit_test(test_tring_queue_init__null_arguments),
		cmocka_unit_test(test_tring_queue_init__bad_headers),
		cmocka_unit_test(test_tring_queue_init__misaligned_or_tiny),
		cmocka_unit_test(test_tring_setup__no_sqarray_header_and_array),
		cmocka_unit_test(test_tring_setup__default_mode_fills_array),
		cmocka_unit_test(test_tring_queue_init__unknown_setup_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
