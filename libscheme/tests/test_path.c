/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for src/path.c: name check, canonicalisation, resolution. */
#include "harness.h"

struct canon_vec {
	const char *path;
	uint32_t flags;
	int rc;
	const char *name;
	const char *rest;
	bool dir;
};

static const struct canon_vec canon_vecs[] = {
	{"/scheme/gpio/17", 0, 0, "gpio", "17", false},
	{"/scheme/gpio", 0, 0, "gpio", "", false},
	{"/scheme/gpio/", 0, 0, "gpio", "", true},
	{"/scheme", 0, 0, "", "", false},
	{"/scheme/", 0, 0, "", "", true},
	{"/scheme/pcie/0000:01:00.0/bar0", 0, 0, "pcie", "0000:01:00.0/bar0",
	 false},
	{"/scheme/usb/1-1.2/", 0, 0, "usb", "1-1.2", true},
	{"/scheme/i2c/0/0x50", 0, 0, "i2c", "0/0x50", false},
	{"/scheme/gpio/./17", 0, 0, "gpio", "17", false},
	{"/scheme/gpio/a/../17", 0, 0, "gpio", "17", false},
	{"/scheme/gpio/../../net/eth0", 0, 0, "gpio", "net/eth0", false},
	{"/scheme/gpio/..", 0, 0, "gpio", "", false},
	{"/scheme/gpio/a/b/c/../../d", 0, 0, "gpio", "a/d", false},
	{"/scheme/gpio/a/b/..", 0, 0, "gpio", "a", false},
	{"/scheme/gpio/.", 0, 0, "gpio", "", false},
	{"/scheme/gpio/..a/.b", 0, 0, "gpio", "..a/.b", false},
	{"/scheme/gpio//17", 0, -TSCHEME_EPATHEMPTY, NULL, NULL, false},
	{"/scheme//gpio", 0, -TSCHEME_EPATHEMPTY, NULL, NULL, false},
	{"/scheme/gpio/17//", 0, -TSCHEME_EPATHEMPTY, NULL, NULL, false},
	{"/scheme/..", 0, -TSCHEME_EBADNAME, NULL, NULL, false},
	{"/scheme/Gpio/1", 0, -TSCHEME_EBADNAME, NULL, NULL, false},
	{"/scheme/9p", 0, -TSCHEME_EBADNAME, NULL, NULL, false},
	{"/scheme/gp!o", 0, -TSCHEME_EBADNAME, NULL, NULL, false},
	{"/scheme/abcdefghijabcdefghijabcdefghijab/x", 0, -TSCHEME_ENAMETOOLONG,
	 NULL, NULL, false},
	{"/schemes/gpio", 0, -TSCHEME_ENOENT, NULL, NULL, false},
	{"/sch", 0, -TSCHEME_ENOENT, NULL, NULL, false},
	{"/home/u/.bashrc", 0, -TSCHEME_ENOENT, NULL, NULL, false},
	{"/home/u/.bashrc", TSCHEME_PATH_FILE, 0, "file", "home/u/.bashrc",
	 false},
	{"/", TSCHEME_PATH_FILE, 0, "file", "", true},
	{"/a//b", TSCHEME_PATH_FILE, -TSCHEME_EPATHEMPTY, NULL, NULL, false},
	{"gpio/17", 0, -TSCHEME_ENOENT, NULL, NULL, false},
	{"gpio/17", TSCHEME_PATH_RELATIVE, 0, "gpio", "17", false},
	{"gpio", TSCHEME_PATH_RELATIVE, 0, "gpio", "", false},
	{"../gpio", TSCHEME_PATH_RELATIVE, -TSCHEME_EBADNAME, NULL, NULL,
	 false},
	{"/scheme/a-b_c.d/x", 0, 0, "a-b_c.d", "x", false},
	{"", 0, -TSCHEME_EPATHEMPTY, NULL, NULL, false},
	{"/scheme/gpio/1", 4, -TSCHEME_EINVAL, NULL, NULL, false},
};

static void
test_tscheme_path_canon__vectors(void **state)
{
	struct tscheme_resolved out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(canon_vecs) / sizeof(canon_vecs[0]); i++) {
		const struct canon_vec *v = &canon_vecs[i];
		int rc = tscheme_path_canon(v->path, strlen(v->path), v->flags,
					    &out);

		if (rc != v->rc)
			fail_msg("vector %zu (%s): rc %d, want %d", i, v->path,
				 rc, v->rc);
		if (rc != 0)
			continue;
		assert_string_equal(out.name, v->name);
		assert_int_equal(out.rest_len, strlen(v->rest));
		assert_memory_equal(out.rest, v->rest, out.rest_len);
		assert_int_equal(out.dir, v->dir);
		assert_int_equal(out.scheme, 0);
	}
}

static void
test_tscheme_path_canon__nul_byte(void **state)
{
	struct tscheme_resolved out;
	static const char p[] = "/scheme/gpio/1\0/x";

	static const struct {
		const char *p;
		size_t len;
		uint32_t flags;
	} more[] = {
		{"/sch\0me/x", 10, 0},
		{"gp\0io/1", 8, 0},
		{"gp\0io/1", 8, TSCHEME_PATH_RELATIVE},
		{"/scheme/gp\0io", 14, 0},
		{"/etc/\0", 6, TSCHEME_PATH_FILE},
	};
	size_t i;

	(void)state;
	assert_int_equal(tscheme_path_canon(p, sizeof(p) - 1, 0, &out),
			 -TSCHEME_EPATHNUL);
	for (i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		assert_int_equal(tscheme_path_canon(more[i].p, more[i].len,
						    more[i].flags, &out),
				 -TSCHEME_EPATHNUL);
}

static void
test_tscheme_path_canon__too_long(void **state)
{
	struct tscheme_resolved out;
	char p[TSCHEME_PATH_MAX + 1];

	(void)state;
	memset(p, 'a', sizeof(p));
	memcpy(p, "/scheme/gpio/", 13);
	assert_int_equal(tscheme_path_canon(p, TSCHEME_PATH_MAX, 0, &out),
			 -TSCHEME_ENAMETOOLONG);
	assert_int_equal(tscheme_path_canon(p, TSCHEME_PATH_MAX - 1, 0, &out),
			 0);
	assert_int_equal(out.rest_len, TSCHEME_PATH_MAX - 1 - 13);
}

static void
test_tscheme_path_canon__null(void **state)
{
	struct tscheme_resolved out;

	(void)state;
	assert_int_equal(tscheme_path_canon(NULL, 3, 0, &out), -TSCHEME_EINVAL);
	assert_int_equal(tscheme_path_canon("/scheme", 7, 0, NULL),
			 -TSCHEME_EINVAL);
}

static void
test_tscheme_name_check__cases(void **state)
{
	(void)state;
	assert_int_equal(tscheme_name_check("gpio", 4), 0);
	assert_int_equal(tscheme_name_check("a", 1), 0);
	assert_int_equal(tscheme_name_check("z09._-", 6), 0);
	assert_int_equal(tscheme_name_check("", 0), -TSCHEME_EPATHEMPTY);
	assert_int_equal(
		tscheme_name_check("abcdefghijabcdefghijabcdefghijab", 32),
		-TSCHEME_ENAMETOOLONG);
	assert_int_equal(
		tscheme_name_check("abcdefghijabcdefghijabcdefghija", 31), 0);
	assert_int_equal(tscheme_name_check(NULL, 3), -TSCHEME_EINVAL);
	assert_int_equal(tscheme_name_check("_a", 2), -TSCHEME_EBADNAME);
	assert_int_equal(tscheme_name_check("a/b", 3), -TSCHEME_EBADNAME);
	assert_int_equal(tscheme_name_check("aB", 2), -TSCHEME_EBADNAME);
	assert_int_equal(tscheme_name_check("a{", 2), -TSCHEME_EBADNAME);
	assert_int_equal(tscheme_name_check("a ", 2), -TSCHEME_EBADNAME);
	assert_int_equal(tscheme_name_check("a:", 2), -TSCHEME_EBADNAME);
}

static void
test_tscheme_resolve__routes_rest(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_resolved out;
	uint32_t gpio = fx_register(fx, "gpio", 1);
	uint32_t net = fx_register(fx, "net", 2);

	(void)state;
	assert_int_equal(
		tscheme_resolve(&fx->ns, "/scheme/gpio/17", 15, 0, &out), 0);
	assert_int_equal(out.scheme, gpio);
	assert_int_equal(out.rest_len, 2);
	assert_memory_equal(out.rest, "17", 2);
	assert_int_equal(tscheme_resolve(&fx->ns, "net/eth0", 8,
					 TSCHEME_PATH_RELATIVE, &out),
			 0);
	assert_int_equal(out.scheme, net);
	assert_int_equal(tscheme_resolve(&fx->ns, "/scheme", 7, 0, &out), 0);
	assert_int_equal(out.scheme, 0);
}

static void
test_tscheme_resolve__unknown_is_enodev(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_resolved out;

	(void)state;
	fx_register(fx, "gpio", 1);
	assert_int_equal(tscheme_resolve(&fx->ns, "/scheme/gpi/1", 13, 0, &out),
			 -TSCHEME_ENODEV);
	assert_int_equal(tscheme_resolve(&fx->ns, "/scheme/gpioo", 13, 0, &out),
			 -TSCHEME_ENODEV);
	assert_int_equal(
		tscheme_resolve(&fx->ns, "/x", 2, TSCHEME_PATH_FILE, &out),
		-TSCHEME_ENODEV);
}

static void
test_tscheme_resolve__errors(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_resolved out;

	(void)state;
	assert_int_equal(tscheme_resolve(NULL, "/scheme", 7, 0, &out),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_resolve(&fx->ns, "/scheme//", 9, 0, &out),
			 -TSCHEME_EPATHEMPTY);
	assert_int_equal(tscheme_resolve(&fx->ns, "/x", 2, 0, &out),
			 -TSCHEME_ENOENT);
}

/* Many names in a small index: probes walk past collisions and still
 * find each name, and names that hash alike but differ are told apart. */
static void
test_tscheme_resolve__full_table(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_resolved out;
	uint32_t tok[FX_SCHEMES];
	char name[8], path[32];
	uint32_t i;

	(void)state;
	for (i = 0; i < FX_SCHEMES; i++) {
		snprintf(name, sizeof(name), "s%u", i);
		tok[i] = fx_register(fx, name, i);
	}
	for (i = 0; i < FX_SCHEMES; i++) {
		int n = snprintf(path, sizeof(path), "/scheme/s%u/x", i);

		assert_int_equal(
			tscheme_resolve(&fx->ns, path, (size_t)n, 0, &out), 0);
		assert_int_equal(out.scheme, tok[i]);
	}
	assert_int_equal(tscheme_resolve(&fx->ns, "/scheme/s99", 11, 0, &out),
			 -TSCHEME_ENODEV);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tscheme_path_canon__vectors),
		cmocka_unit_test(test_tscheme_path_canon__nul_byte),
		cmocka_unit_test(test_tscheme_path_canon__too_long),
		cmocka_unit_test(test_tscheme_path_canon__null),
		cmocka_unit_test(test_tscheme_name_check__cases),
		cmocka_unit_test(test_tscheme_resolve__routes_rest),
		cmocka_unit_test(test_tscheme_resolve__unknown_is_enodev),
		cmocka_unit_test(test_tscheme_resolve__errors),
		cmocka_unit_test(test_tscheme_resolve__full_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
