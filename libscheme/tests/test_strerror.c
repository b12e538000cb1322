/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for src/strerror.c. */
#include "harness.h"

static void
test_tscheme_strerror__every_code(void **state)
{
	static const struct {
		int code;
		const char *text;
	} vecs[] = {
		{0, "success"},
		{TSCHEME_EINVAL, "invalid argument"},
		{TSCHEME_ENOSPC, "no free slot"},
		{TSCHEME_ENOENT, "no such request or path"},
		{TSCHEME_EEXIST, "scheme already registered"},
		{TSCHEME_EPERM, "operation not permitted"},
		{TSCHEME_EAGAIN, "queue full or empty, try again"},
		{TSCHEME_ERANGE, "outside the request buffer"},
		{TSCHEME_EBUSY, "busy"},
		{TSCHEME_EBADF, "bad handle or scheme"},
		{TSCHEME_EFAULT, "bad client buffer"},
		{TSCHEME_ENODEV, "no such scheme"},
		{TSCHEME_EPIPE, "scheme server gone"},
		{TSCHEME_ECANCELED, "request cancelled"},
		{TSCHEME_ENAMETOOLONG, "path or name too long"},
		{TSCHEME_EPATHNUL, "NUL byte in path"},
		{TSCHEME_EPATHEMPTY, "empty path component"},
		{TSCHEME_EBADNAME, "invalid scheme name"},
		{11, "unknown error"},
		{31, "unknown error"},
		{39, "unknown error"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		assert_string_equal(tscheme_strerror(vecs[i].code),
				    vecs[i].text);
		assert_string_equal(tscheme_strerror(-vecs[i].code),
				    vecs[i].text);
	}
	assert_string_equal(tscheme_strerror(INT32_MIN), "unknown error");
	assert_non_null(tscheme_strerror(INT32_MAX));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tscheme_strerror__every_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
