// SPDX-License-Identifier: BSD-2-Clause
/*
 * The initrd parser (kernel/initrd.c) against well-formed and malformed
 * cpio "newc" archives: every offset of a hostile archive must stay
 * inside it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <kernel/proc.h>

/* The built-in archive the kernel links; empty here. */
const uint8_t initrd_start[1], initrd_end[1];

static size_t
entry(uint8_t *out, const char *name, const char *data, size_t dlen,
      unsigned int mode, size_t nsize_override)
{
	size_t n = strlen(name) + 1, len;
	char hdr[160];

	snprintf(hdr, sizeof(hdr),
		 "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		 1u, mode, 0u, 0u, 1u, 0u, (unsigned int)dlen, 0u, 0u, 0u, 0u,
		 (unsigned int)(nsize_override ? nsize_override : n), 0u);
	memcpy(out, hdr, 110);
	memcpy(out + 110, name, n);
	len = (110 + n + 3) & ~(size_t)3;
	memset(out + 110 + n, 0, len - 110 - n);
	memcpy(out + len, data, dlen);
	len += dlen;
	while (len & 3)
		out[len++] = 0;
	return len;
}

static uint8_t ar[4096];

static size_t
good_archive(void)
{
	size_t n = 0;

	n += entry(ar + n, "dir", "", 0, 040755, 0);
	n += entry(ar + n, "./init", "INIT", 4, 0100755, 0);
	n += entry(ar + n, "child", "CHILD!", 6, 0100755, 0);
	n += entry(ar + n, "TRAILER!!!", "", 0, 0, 0);
	return n;
}

static void
test_initrd_find__files(void **state)
{
	const uint8_t *d;
	size_t size;

	(void)state;
	initrd_set(ar, good_archive());
	assert_int_equal(initrd_find("init", 4, &d, &size), 0);
	assert_int_equal(size, 4);
	assert_memory_equal(d, "INIT", 4);
	assert_int_equal(initrd_find("/child", 6, &d, &size), 0);
	assert_int_equal(size, 6);
	assert_memory_equal(d, "CHILD!", 6);
}

static void
test_initrd_find__missing_or_not_a_file(void **state)
{
	const uint8_t *d;
	size_t size;

	(void)state;
	initrd_set(ar, good_archive());
	assert_int_equal(initrd_find("dir", 3, &d, &size), -ENOENT);
	assert_int_equal(initrd_find("ini", 3, &d, &size), -ENOENT);
	assert_int_equal(initrd_find("initx", 5, &d, &size), -ENOENT);
	assert_int_equal(initrd_find("TRAILER!!!", 10, &d, &size), -ENOENT);
}

static void
test_initrd_find__bad_magic(void **state)
{
	const uint8_t *d;
	size_t size, n = good_archive();

	(void)state;
	ar[0] = 'X';
	initrd_set(ar, n);
	assert_int_equal(initrd_find("init", 4, &d, &size), -ENOEXEC);
}

static void
test_initrd_find__bad_hex(void **state)
{
	const uint8_t *d;
	size_t size, n = good_archive();

	(void)state;
	ar[6 + 8 * 6] = 'g'; /* file size field */
	initrd_set(ar, n);
	assert_int_equal(initrd_find("init", 4, &d, &size), -ENOEXEC);
}

static void
test_initrd_find__name_past_the_end(void **state)
{
	const uint8_t *d;
	size_t size, n;

	(void)state;
	n = entry(ar, "init", "INIT", 4, 0100755, 0x7fffffff);
	initrd_set(ar, n);
	assert_int_equal(initrd_find("init", 4, &d, &size), -ENOEXEC);
}

static void
test_initrd_find__data_past_the_end(void **state)
{
	const uint8_t *d;
	size_t size, n;

	(void)state;
	n = entry(ar, "init", "INIT", 4, 0100755, 0);
	initrd_set(ar, n - 4); /* cut inside the data */
	assert_int_equal(initrd_find("init", 4, &d, &size), -ENOEXEC);
}

static void
test_initrd_find__truncated_header(void **state)
{
	const uint8_t *d;
	size_t size;

	(void)state;
	good_archive();
	initrd_set(ar, 100);
	assert_int_equal(initrd_find("init", 4, &d, &size), -ENOENT);
	initrd_set(ar, 0);
	assert_int_equal(initrd_find("init", 4, &d, &size), -ENOENT);
}

static void
test_initrd_find__empty_name(void **state)
{
	const uint8_t *d;
	size_t size, n;

	(void)state;
	n = entry(ar, "x", "", 0, 0100755, 0);
	memcpy(ar + 6 + 8 * 11, "00000000", 8); /* namesize 0 */
	initrd_set(ar, n);
	assert_int_equal(initrd_find("x", 1, &d, &size), -ENOEXEC);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initrd_find__files),
		cmocka_unit_test(test_initrd_find__missing_or_not_a_file),
		cmocka_unit_test(test_initrd_find__bad_magic),
		cmocka_unit_test(test_initrd_find__bad_hex),
		cmocka_unit_test(test_initrd_find__name_past_the_end),
		cmocka_unit_test(test_initrd_find__data_past_the_end),
		cmocka_unit_test(test_initrd_find__truncated_header),
		cmocka_unit_test(test_initrd_find__empty_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
