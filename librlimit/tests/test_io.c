/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of src/io.c: token-bucket delays (io.max). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <tessera/rlimit.h>

#define MS  1000000ull
#define SEC 1000000000ull

static struct trlimit_group root;
static struct trlimit_group a;
static struct trlimit_group b;

static void
init_tree(void)
{
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
	assert_int_equal(trlimit_group_init(&a, &root), 0);
	assert_int_equal(trlimit_group_init(&b, &a), 0);
}

static void
test_trlimit_io_charge__burst_then_paced(void **state)
{
	/* 1 MB/s, 64 KiB burst, 4 KiB requests all submitted at t = 1 s:
	 * each costs 4.096 ms; the first 16 fit in the burst. */
	static const struct {
		unsigned int req;
		uint64_t ready;
	} vec[] = {
		{1, 1 * SEC},
		{16, 1 * SEC},
		{17, 1 * SEC + 4096000},
		{18, 1 * SEC + 2 * 4096000},
		{32, 1 * SEC + 16 * 4096000},
	};
	uint64_t ready = 0;
	unsigned int n = 0;
	size_t i;

	(void)state;
	init_tree();
	assert_int_equal(
		trlimit_set_io(&a, TRLIMIT_IO_WBPS, 1000000, 65536, NULL), 0);
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		while (n < vec[i].req) {
			assert_int_equal(trlimit_io_charge(&b, TRLIMIT_IO_WRITE,
							   4096, 1 * SEC,
							   &ready),
					 0);
			n++;
		}
		assert_int_equal(ready, vec[i].ready);
	}
	/* Reads have their own rate: not delayed. */
	assert_int_equal(trlimit_io_charge(&b, TRLIMIT_IO_READ, 1u << 20,
					   1 * SEC, &ready),
			 0);
	assert_int_equal(ready, 1 * SEC);
}

static void
test_trlimit_io_charge__sustained_rate(void **state)
{
	struct trlimit_usage u;
	uint64_t now = 0;
	uint64_t done = 0;
	uint64_t ready;

	(void)state;
	init_tree();
	assert_int_equal(
		trlimit_set_io(&b, TRLIMIT_IO_RBPS, 2000000, 200000, NULL), 0);
	/* A reader that issues each 8 KiB request as soon as allowed. */
	while (now < 10 * SEC) {
		assert_int_equal(trlimit_io_charge(&b, TRLIMIT_IO_READ, 8192,
						   now, &ready),
				 0);
		assert_true(ready >= now);
		now = ready;
		if (now < 10 * SEC)
			done += 8192;
	}
	/* 10 s at 2 MB/s plus the initial burst, within one request. */
	assert_true(done <= 20000000 + 200000 + 8192);
	assert_true(done >= 20000000 + 200000 - 8192);
	assert_int_equal(trlimit_usage(&b, &u), 0);
	assert_true(u.io_delayed[TRLIMIT_IO_READ] > 0);
	assert_true(u.io_delay_ns[TRLIMIT_IO_READ] > 0);
	assert_int_equal(u.io_delayed[TRLIMIT_IO_WRITE], 0);
	assert_int_equal(u.io_bytes[TRLIMIT_IO_READ],
			 u.io_ops[TRLIMIT_IO_READ] * 8192);
	assert_int_equal(trlimit_usage(&root, &u), 0);
	assert_int_equal(u.io_ops[TRLIMIT_IO_READ] * 8192,
			 u.io_bytes[TRLIMIT_IO_READ]);
	assert_int_equal(u.io_delayed[TRLIMIT_IO_READ], 0);
}

static void
test_trlimit_io_charge__idle_refills_up_to_burst(void **state)
{
	uint64_t ready;

	(void)state;
	init_tree();
	assert_int_equal(trlimit_set_io(&a, TRLIMIT_IO_RBPS, 1000, 1000, NULL),
			 0);
	assert_int_equal(
		trlimit_io_charge(&a, TRLIMIT_IO_READ, 3000, 0, &ready), 0);
	/* 3000 bytes with 1000 in the bucket: 2 s. */
	assert_int_equal(ready, 2 * SEC);
	/* After a long quiet spell only the burst is available again. */
	assert_int_equal(
		trlimit_io_charge(&a, TRLIMIT_IO_READ, 1000, 100 * SEC, &ready),
		0);
	assert_int_equal(ready, 100 * SEC);
	assert_int_equal(
		trlimit_io_charge(&a, TRLIMIT_IO_READ, 500, 100 * SEC, &ready),
		0);
	assert_int_equal(ready, 100 * SEC + 500 * MS);
}

static void
test_trlimit_io_charge__zero_burst_paces_every_request(void **state)
{
	uint64_t ready;

	(void)state;
	init_tree();
	/* 3 bytes per second: one byte costs 333333333.3 ns, rounded up. */
	assert_int_equal(trlimit_set_io(&a, TRLIMIT_IO_WBPS, 3, 0, NULL), 0);
	assert_int_equal(trlimit_io_charge(&a, TRLIMIT_IO_WRITE, 1, 0, &ready),
			 0);
	assert_int_equal(ready, 333333334);
	assert_int_equal(trlimit_io_charge(&a, TRLIMIT_IO_WRITE, 3, 0, &ready),
			 0);
	assert_int_equal(ready, 333333334 + 1 * SEC);
	/* A zero-byte request passes a byte bucket. */
	assert_int_equal(trlimit_io_charge(&a, TRLIMIT_IO_WRITE, 0, 0, &ready),
			 0);
	assert_int_equal(ready, 0);
}

static void
test_trlimit_io_charge__iops_limit(void **state)
{
	uint64_t ready;
	unsigned int i;

	(void)state;
	init_tree();
	assert_int_equal(trlimit_set_io(&a, TRLIMIT_IO_WIOPS, 100, 10, NULL),
			 0);
	for (i = 0; i < 10; i++) {
		assert_int_equal(
			trlimit_io_charge(&b, TRLIMIT_IO_WRITE, 0, 0, &ready),
			0);
		assert_int_equal(ready, 0);
	}
	assert_int_equal(trlimit_io_charge(&b, TRLIMIT_IO_WRITE, 0, 0, &ready),
			 0);
	assert_int_equal(ready, 10 * MS);
	assert_int_equal(trlimit_io_charge(&b, TRLIMIT_IO_READ, 0, 0, &ready),
			 0);
	assert_int_equal(ready, 0);
}

static void
test_trlimit_io_charge__tightest_on_path(void **state)
{
	uint64_t ready;

	(void)state;
	init_tree();
	assert_int_equal(trlimit_set_io(&a, TRLIMIT_IO_RBPS, 1000, 0, NULL), 0);
	assert_int_equal(trlimit_set_io(&b, TRLIMIT_IO_RBPS, 4000, 0, NULL), 0);
	assert_int_equal(
		trlimit_io_charge(&b, TRLIMIT_IO_READ, 2000, 0, &ready), 0);
	assert_int_equal(ready, 2 * SEC);
	/* Lifting the parent's rate leaves the child's. */
	assert_int_equal(
		trlimit_set_io(&a, TRLIMIT_IO_RBPS, TRLIMIT_UNLIMITED, 0, NULL),
		0);
	assert_int_equal(
		trlimit_io_charge(&b, TRLIMIT_IO_READ, 4000, 10 * SEC, &ready),
		0);
	assert_int_equal(ready, 11 * SEC);
}

static void
test_trlimit_io_charge__large_requests_exact(void **state)
{
	static const struct {
		uint64_t rate;
		uint64_t bytes;
		uint64_t cost;
	} vec[] = {
		/* Either side of the one-division fast path. */
		{1000000000, 18000000000ull, 18 * SEC},
		{1000000000, 20000000000ull, 20 * SEC},
		{TRLIMIT_IO_RATE_MAX, 18446744056ull, 1073741823ull},
		{TRLIMIT_IO_RATE_MAX, 18446744057ull, 1073741824ull},
		{3, 18446744058ull, 6148914686000000000ull},
		{3, 18446744059ull, 6148914686333333334ull},
	};
	uint64_t ready;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		init_tree();
		assert_int_equal(trlimit_set_io(&a, TRLIMIT_IO_RBPS,
						vec[i].rate, 0, NULL),
				 0);
		assert_int_equal(trlimit_io_charge(&a, TRLIMIT_IO_READ,
						   vec[i].bytes, 0, &ready),
				 0);
		assert_true(ready == vec[i].cost);
	}
}

static void
test_trlimit_io_charge__saturates(void **state)
{
	uint64_t ready;

	(void)state;
	init_tree();
	assert_int_equal(trlimit_set_io(&a, TRLIMIT_IO_RBPS, 1, 0, NULL), 0);
	assert_int_equal(
		trlimit_io_charge(&a, TRLIMIT_IO_READ, UINT64_MAX, 5, &ready),
		0);
	assert_true(ready == UINT64_MAX);
	assert_int_equal(trlimit_io_charge(&a, TRLIMIT_IO_READ, 1, 5, &ready),
			 0);
	assert_true(ready == UINT64_MAX);
}

static void
test_trlimit_io_charge__bad_arguments(void **state)
{
	struct trlimit_group junk;
	uint64_t ready = 7;

	(void)state;
	init_tree();
	memset(&junk, 0, sizeof(junk));
	assert_int_equal(trlimit_io_charge(NULL, TRLIMIT_IO_READ, 1, 0, &ready),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_io_charge(&a, TRLIMIT_IO_READ, 1, 0, NULL),
			 -TRLIMIT_EINVAL);
	assert_int_equal(
		trlimit_io_charge(&junk, TRLIMIT_IO_READ, 1, 0, &ready),
		-TRLIMIT_EBADF);
	assert_int_equal(
		trlimit_io_charge(&a, (enum trlimit_io_dir)2, 1, 0, &ready),
		-TRLIMIT_EINVAL);
	assert_int_equal(ready, 7);
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
test_trlimit_set_io__bad_arguments(void **state)
{
	static const struct {
		uint64_t rate;
		int err;
	} vec[] = {
		{0, -TRLIMIT_ERANGE},
		{1, 0},
		{TRLIMIT_IO_RATE_MAX, 0},
		{TRLIMIT_IO_RATE_MAX + 1, -TRLIMIT_ERANGE},
		{TRLIMIT_UNLIMITED - 1, -TRLIMIT_ERANGE},
		{TRLIMIT_UNLIMITED, 0},
	};
	struct trlimit_group junk;
	struct trlimit_group droot;
	struct trlimit_group d;
	uint64_t ready;
	size_t i;

	(void)state;
	init_tree();
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++)
		assert_int_equal(trlimit_set_io(&a, TRLIMIT_IO_RBPS,
						vec[i].rate, 0, NULL),
				 vec[i].err);
	memset(&junk, 0, sizeof(junk));
	memset(&d, 0, sizeof(d));
	assert_int_equal(trlimit_set_io(NULL, TRLIMIT_IO_RBPS, 1, 0, NULL),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_io(&junk, TRLIMIT_IO_RBPS, 1, 0, NULL),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_set_io(&a, TRLIMIT_IO_KEY_COUNT, 1, 0, NULL),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_io(&root, TRLIMIT_IO_RBPS, 1, 0, NULL),
			 -TRLIMIT_EINVAL);
	memset(&droot, 0, sizeof(droot));
	assert_int_equal(trlimit_root_init(&droot, deny_all, NULL), 0);
	assert_int_equal(trlimit_group_init(&d, &droot), 0);
	assert_int_equal(trlimit_set_io(&d, TRLIMIT_IO_RBPS, 1, 0, NULL),
			 -TRLIMIT_EPERM);
	/* Nothing above took effect. */
	assert_int_equal(
		trlimit_io_charge(&a, TRLIMIT_IO_READ, 1000, 0, &ready), 0);
	assert_int_equal(ready, 0);
	assert_int_equal(
		trlimit_io_charge(&d, TRLIMIT_IO_READ, 1000, 0, &ready), 0);
	assert_int_equal(ready, 0);
}

static void
test_trlimit_set_io__new_rate_drops_old_backlog(void **state)
{
	uint64_t ready;

	(void)state;
	init_tree();
	/* 1 kB/s, no burst: 1 MB queued at t = 0 is paced to t = 1000 s. */
	assert_int_equal(trlimit_set_io(&b, TRLIMIT_IO_WBPS, 1000, 0, NULL), 0);
	assert_int_equal(
		trlimit_io_charge(&b, TRLIMIT_IO_WRITE, 1000000, 0, &ready), 0);
	assert_int_equal(ready, 1000 * SEC);
	/* Setting the same limit again changes nothing. */
	assert_int_equal(trlimit_set_io(&b, TRLIMIT_IO_WBPS, 1000, 0, NULL), 0);
	assert_int_equal(
		trlimit_io_charge(&b, TRLIMIT_IO_WRITE, 1000, 0, &ready), 0);
	assert_int_equal(ready, 1001 * SEC);
	/* The limit is raised to 1 GB/s: the debt run up at the old rate
	 * must not hold the group back for another 1000 s (io.max starts a
	 * new slice when its configuration changes). */
	assert_int_equal(
		trlimit_set_io(&b, TRLIMIT_IO_WBPS, 1000000000, 0, NULL), 0);
	assert_int_equal(
		trlimit_io_charge(&b, TRLIMIT_IO_WRITE, 1000, 1 * SEC, &ready),
		0);
	assert_int_equal(ready, 1 * SEC + 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trlimit_io_charge__burst_then_paced),
		cmocka_unit_test(test_trlimit_io_charge__sustained_rate),
		cmocka_unit_test(
			test_trlimit_io_charge__idle_refills_up_to_burst),
		cmocka_unit_test(
			test_trlimit_io_charge__zero_burst_paces_every_request),
		cmocka_unit_test(test_trlimit_io_charge__iops_limit),
		cmocka_unit_test(test_trlimit_io_charge__tightest_on_path),
		cmocka_unit_test(test_trlimit_io_charge__large_requests_exact),
		cmocka_unit_test(test_trlimit_io_charge__saturates),
		cmocka_unit_test(test_trlimit_io_charge__bad_arguments),
		cmocka_unit_test(test_trlimit_set_io__bad_arguments),
		cmocka_unit_test(
			test_trlimit_set_io__new_rate_drops_old_backlog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
