/* SPDX-License-Identifier: BSD-2-Clause */
/* Maps: array and hash, lookup, update, delete, storage and errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <tessera/hook.h>

static uint64_t mem[4096];
static const uint64_t seed[2] = {1, 2};

static void
test_thook_map_init__bad_arguments(void **state)
{
	struct thook_map m;
	size_t sz = sizeof(mem);

	(void)state;
	assert_int_equal(
		thook_map_init(NULL, THOOK_MAP_ARRAY, 4, 8, 4, mem, sz, NULL),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_ARRAY, 4, 8, 4, NULL, sz, NULL),
		-THOOK_EINVAL);
	assert_int_equal(thook_map_init(&m, THOOK_MAP_ARRAY, 4, 8, 4,
					(uint8_t *)mem + 1, sz - 8, NULL),
			 -THOOK_EINVAL);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_ARRAY, 4, 0, 4, mem, sz, NULL),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_ARRAY, 4, 513, 4, mem, sz, NULL),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_ARRAY, 4, 8, 0, mem, sz, NULL),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_ARRAY, 4, 8, 65537, mem, sz, NULL),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_ARRAY, 8, 8, 4, mem, sz, NULL),
		-THOOK_EINVAL);
	assert_int_equal(thook_map_init(&m, 7, 4, 8, 4, mem, sz, NULL),
			 -THOOK_EINVAL);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_HASH, 0, 8, 4, mem, sz, seed),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_HASH, 513, 8, 4, mem, sz, seed),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_HASH, 8, 8, 4, mem, sz, NULL),
		-THOOK_EINVAL);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_ARRAY, 4, 8, 4, mem,
			       THOOK_MAP_STORAGE(THOOK_MAP_ARRAY, 4, 8, 4) - 1,
			       NULL),
		-THOOK_ENOSPC);
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_HASH, 8, 8, 4, mem,
			       THOOK_MAP_STORAGE(THOOK_MAP_HASH, 8, 8, 4) - 1,
			       seed),
		-THOOK_ENOSPC);
}

static void
test_thook_map_update__array(void **state)
{
	struct thook_map m;
	uint32_t k = 2, bad = 4;
	uint64_t v = 42, *p;

	(void)state;
	assert_int_equal(
		thook_map_init(&m, THOOK_MAP_ARRAY, 4, 8, 4, mem,
			       THOOK_MAP_STORAGE(THOOK_MAP_ARRAY, 4, 8, 4),
			       NULL),
		0);
	p = thook_map_lookup(&m, &k);
	assert_non_null(p);
	assert_int_equal(*p, 0);
	assert_int_equal(thook_map_update(&m, &k, &v, THOOK_MAP_ANY), 0);
	assert_int_equal(*p, 42);
	assert_int_equal(thook_map_update(&m, &k, &v, THOOK_MAP_EXIST), 0);
	assert_int_equal(thook_map_update(&m, &k, &v, THOOK_MAP_NOEXIST),
			 -THOOK_EEXIST);
	assert_int_equal(thook_map_update(&m, &bad, &v, THOOK_MAP_ANY),
			 -THOOK_EINVAL);
	assert_null(thook_map_lookup(&m, &bad));
	assert_int_equal(thook_map_delete(&m, &k), -THOOK_EINVAL);
	assert_null(thook_map_lookup(NULL, &k));
	assert_null(thook_map_lookup(&m, NULL));
	assert_int_equal(thook_map_update(NULL, &k, &v, 0), -THOOK_EINVAL);
	assert_int_equal(thook_map_update(&m, NULL, &v, 0), -THOOK_EINVAL);
	assert_int_equal(thook_map_update(&m, &k, NULL, 0), -THOOK_EINVAL);
	assert_int_equal(thook_map_update(&m, &k, &v, 3), -THOOK_EINVAL);
	assert_int_equal(thook_map_delete(NULL, &k), -THOOK_EINVAL);
	assert_int_equal(thook_map_delete(&m, NULL), -THOOK_EINVAL);
}

static void
test_thook_map_update__hash(void **state)
{
	struct thook_map m;
	uint8_t key[13], val[20];
	uint8_t *p;
	const uint32_t n = 100;

	(void)state;
	assert_true(THOOK_MAP_STORAGE(THOOK_MAP_HASH, 13, 20, n) <=
		    sizeof(mem));
	assert_int_equal(thook_map_init(&m, THOOK_MAP_HASH, 13, 20, n, mem,
					sizeof(mem), seed),
			 0);
	memset(key, 0, sizeof(key));
	memset(val, 0, sizeof(val));
	for (uint32_t i = 0; i < n; i++) {
		memcpy(key, &i, 4);
		val[0] = (uint8_t)i;
		assert_int_equal(
			thook_map_update(&m, key, val, THOOK_MAP_NOEXIST), 0);
	}
	/* Full: a new key does not fit; replacing still works. */
	memcpy(key, &n, 4);
	assert_int_equal(thook_map_update(&m, key, val, THOOK_MAP_ANY),
			 -THOOK_ENOSPC);
	assert_int_equal(thook_map_update(&m, key, val, THOOK_MAP_EXIST),
			 -THOOK_ENOENT);
	for (uint32_t i = 0; i < n; i++) {
		memcpy(key, &i, 4);
		p = thook_map_lookup(&m, key);
		assert_non_null(p);
		assert_int_equal(p[0], (uint8_t)i);
		assert_int_equal((uintptr_t)p & 7, 0);
	}
	memcpy(key, &(uint32_t){7}, 4);
	assert_int_equal(thook_map_update(&m, key, val, THOOK_MAP_NOEXIST),
			 -THOOK_EEXIST);
	val[0] = 99;
	assert_int_equal(thook_map_update(&m, key, val, THOOK_MAP_EXIST), 0);
	assert_int_equal(((uint8_t *)thook_map_lookup(&m, key))[0], 99);
	/* Delete every other key, then the rest; reinsert into freed room. */
	for (uint32_t i = 0; i < n; i += 2) {
		memcpy(key, &i, 4);
		assert_int_equal(thook_map_delete(&m, key), 0);
		assert_null(thook_map_lookup(&m, key));
		assert_int_equal(thook_map_delete(&m, key), -THOOK_ENOENT);
	}
	for (uint32_t i = 1; i < n; i += 2) {
		memcpy(key, &i, 4);
		assert_non_null(thook_map_lookup(&m, key));
		assert_int_equal(thook_map_delete(&m, key), 0);
	}
	for (uint32_t i = 0; i < n; i++) {
		memcpy(key, &(uint32_t){i + 1000}, 4);
		assert_int_equal(thook_map_update(&m, key, val, THOOK_MAP_ANY),
				 0);
	}
}

/* The seed decides the buckets: two seeds give different layouts. */
static void
test_thook_map_init__seed_keys_the_hash(void **state)
{
	static uint64_t m1[512], m2[512];
	const uint64_t s2[2] = {3, 4};
	struct thook_map a, b;
	uint64_t key, v = 1;
	int differ = 0;

	(void)state;
	assert_int_equal(thook_map_init(&a, THOOK_MAP_HASH, 8, 8, 64, m1,
					sizeof(m1), seed),
			 0);
	assert_int_equal(thook_map_init(&b, THOOK_MAP_HASH, 8, 8, 64, m2,
					sizeof(m2), s2),
			 0);
	for (key = 0; key < 64; key++) {
		assert_int_equal(thook_map_update(&a, &key, &v, 0), 0);
		assert_int_equal(thook_map_update(&b, &key, &v, 0), 0);
	}
	differ = memcmp(a.buckets, b.buckets, 4 * 64) != 0;
	assert_true(differ);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook_map_init__bad_arguments),
		cmocka_unit_test(test_thook_map_update__array),
		cmocka_unit_test(test_thook_map_update__hash),
		cmocka_unit_test(test_thook_map_init__seed_keys_the_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
