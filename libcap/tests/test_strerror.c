/* SPDX-License-Identifier: BSD-2-Clause */
/* Error descriptions (src/strerror.c). */
#include <limits.h>

#include "fixtures.h"

static void
test_tcap_strerror__every_code(void **state)
{
	static const int codes[] = {
		0,
		TCAP_EINVAL,
		TCAP_ENOSPC,
		TCAP_ENOENT,
		TCAP_EEXIST,
		TCAP_EPERM,
		TCAP_EAGAIN,
		TCAP_ERANGE,
		TCAP_EBUSY,
		TCAP_EBADF,
		TCAP_EFAULT,
		TCAP_ENOTCAPABLE,
		TCAP_ECAPMODE,
		TCAP_ENOTBENEATH,
		TCAP_EWRONGTYPE,
	};
	const char *unknown = tcap_strerror(12345);
	size_t i, j;

	(void)state;
	assert_non_null(unknown);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *s = tcap_strerror(-codes[i]);

		assert_non_null(s);
		assert_string_equal(s, tcap_strerror(codes[i]));
		assert_string_not_equal(s, unknown);
		for (j = 0; j < i; j++)
			assert_string_not_equal(s, tcap_strerror(codes[j]));
	}
}

static void
test_tcap_strerror__unknown(void **state)
{
	(void)state;
	assert_string_equal(tcap_strerror(11), "unknown error");
	assert_string_equal(tcap_strerror(-31), "unknown error");
	assert_string_equal(tcap_strerror(INT_MIN), "unknown error");
	assert_string_equal(tcap_strerror(INT_MAX), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcap_strerror__every_code),
		cmocka_unit_test(test_tcap_strerror__unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
