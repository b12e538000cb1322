/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/util.c: error strings and address parsing/formatting.
 */
#include "fixtures.h"

static void
test_tpf_strerror__every_code(void **state)
{
	static const int codes[] = {0,		 -TPF_EINVAL, -TPF_ENOSPC,
				    -TPF_ENOENT, -TPF_EEXIST, -TPF_EPERM,
				    -TPF_ERANGE, -TPF_EPARSE, -TPF_ENOTSUP};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_non_null(tpf_strerror(codes[i]));
		assert_string_not_equal(tpf_strerror(codes[i]),
					"unknown error");
		for (j = 0; j < i; j++)
			assert_string_not_equal(tpf_strerror(codes[i]),
						tpf_strerror(codes[j]));
	}
	assert_string_equal(tpf_strerror(-999), "unknown error");
	assert_string_equal(tpf_strerror(5), "unknown error");
}

static const struct {
	const char *in;
	uint8_t af;
	const char *out;
} addrs[] = {
	{"0.0.0.0", TPF_AF_INET, "0.0.0.0"},
	{"255.255.255.255", TPF_AF_INET, "255.255.255.255"},
	{"010.001.0.1", TPF_AF_INET, "10.1.0.1"},
	{"::", TPF_AF_INET6, "::"},
	{"::1", TPF_AF_INET6, "::1"},
	{"1::", TPF_AF_INET6, "1::"},
	{"2001:DB8::1", TPF_AF_INET6, "2001:db8::1"},
	{"2001:db8:0:0:1:0:0:1", TPF_AF_INET6, "2001:db8::1:0:0:1"},
	{"1:0:2:0:3:0:4:0", TPF_AF_INET6, "1:0:2:0:3:0:4:0"},
	{"1:2:3:4:5:6:7:8", TPF_AF_INET6, "1:2:3:4:5:6:7:8"},
	{"::ffff:1.2.3.4", TPF_AF_INET6, "::ffff:1.2.3.4"},
	{"::1.2.3.4", TPF_AF_INET6, "::1.2.3.4"},
	{"64:ff9b::1.2.3.4", TPF_AF_INET6, "64:ff9b::102:304"},
	{"fe80::1:0:0:0", TPF_AF_INET6, "fe80::1:0:0:0"},
	{"0:0:1:0:0:0:1:0", TPF_AF_INET6, "0:0:1::1:0"},
};

static const char *const bad_addrs[] = {
	"",	  "1.2.3",	   "1.2.3.4.5",	 "256.1.1.1",
	"1..2.3", "1.2.3.4a",	   "1234.1.1.1", ":1",
	"1:",	  "1::2::3",	   "12345::",	 "1:2:3:4:5:6:7:8:9",
	"::g",	  "1:2:3:4:5:6:7", "::1.2.3",	 "1:2:3:4:5:6:7:1.2.3.4",
	":::",
};

static void
test_tpf_addr_parse__vectors(void **state)
{
	struct tpf_addr a;
	char buf[64];
	uint8_t af;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		assert_int_equal(tpf_addr_parse(addrs[i].in, &af, &a), 0);
		assert_int_equal(af, addrs[i].af);
		assert_int_equal(tpf_addr_format(af, &a, buf, sizeof(buf)),
				 (int)strlen(addrs[i].out));
		assert_string_equal(buf, addrs[i].out);
	}
}

static void
test_tpf_addr_parse__malformed(void **state)
{
	struct tpf_addr a;
	uint8_t af;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_addrs) / sizeof(bad_addrs[0]); i++) {
		if (tpf_addr_parse(bad_addrs[i], &af, &a) != -TPF_EINVAL)
			print_error("accepted '%s'\n", bad_addrs[i]);
		assert_int_equal(tpf_addr_parse(bad_addrs[i], &af, &a),
				 -TPF_EINVAL);
	}
}

static void
test_tpf_addr_format__errors(void **state)
{
	struct tpf_addr a;
	char buf[16];
	uint8_t af;

	(void)state;
	assert_int_equal(tpf_addr_parse("10.0.0.1", &af, &a), 0);
	assert_int_equal(tpf_addr_format(0, &a, buf, sizeof(buf)), -TPF_EINVAL);
	assert_int_equal(tpf_addr_format(af, &a, NULL, 8), -TPF_ENOSPC);
	assert_int_equal(tpf_addr_format(af, &a, buf, 0), -TPF_ENOSPC);
	assert_int_equal(tpf_addr_format(af, &a, buf, 8), -TPF_ENOSPC);
	assert_string_equal(buf, "10.0.0.");
	assert_int_equal(tpf_addr_format(af, &a, buf, 9), 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpf_strerror__every_code),
		cmocka_unit_test(test_tpf_addr_parse__vectors),
		cmocka_unit_test(test_tpf_addr_parse__malformed),
		cmocka_unit_test(test_tpf_addr_format__errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
