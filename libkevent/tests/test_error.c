/* SPDX-License-Identifier: BSD-2-Clause */
#include "kev_test.h"

static const struct {
	int err;
	const char *text;
} vectors[] = {
	{0, "success"},
	{-TKEV_EINVAL, "invalid argument"},
	{-TKEV_ENOSPC, "knote pool exhausted"},
	{-TKEV_ENOENT, "no such knote"},
	{-TKEV_EEXIST, "already exists"},
	{-TKEV_EPERM, "not permitted"},
	{-TKEV_EAGAIN, "try again"},
	{-TKEV_ERANGE, "value out of range"},
	{-TKEV_EBUSY, "busy"},
	{-TKEV_EBADF, "bad queue or source"},
	{-TKEV_EFAULT, "bad address"},
	{TKEV_ENOENT, "no such knote"},
	{11, "unknown error"},
	{-11, "unknown error"},
	{INT32_MIN, "unknown error"},
	{INT32_MAX, "unknown error"},
};

static void
test_tkev_strerror__table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const char *s = tkev_strerror(vectors[i].err);

		assert_non_null(s);
		assert_string_equal(s, vectors[i].text);
	}
}

static void
test_tkev_strerror__never_null(void **state)
{
	int e;

	(void)state;
	for (e = -100; e <= 100; e++)
		assert_non_null(tkev_strerror(e));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tkev_strerror__table),
		cmocka_unit_test(test_tkev_strerror__never_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
