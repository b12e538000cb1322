/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for the directory-relative path validator.  Each input
 * is a path; the result of tcap_path_beneath() is checked against an
 * independent reference (a stack of resolved components), against the
 * component-wise walker (tcap_beneath_step) and the symlink walker
 * (tcap_beneath_symlink), and against two properties: an accepted path
 * never starts with '/', and "../" in front of an accepted path escapes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tessera/cap.h>

/* Reference: resolve into a stack of components, report the first error
 * from left to right. */
static int
reference(const char *p, size_t len)
{
	size_t i = 0, top = 0;

	if (len == 0)
		return -TCAP_EINVAL;
	if (len > TCAP_PATH_MAX)
		return -TCAP_ERANGE;
	if (p[0] == '/')
		return -TCAP_ENOTBENEATH;
	while (i <= len) {
		size_t end = i;

		while (end < len && p[end] != '/') {
			if (p[end] == '\0')
				return -TCAP_EINVAL;
			end++;
		}
		if (end - i > TCAP_NAME_MAX)
			return -TCAP_ERANGE;
		if (end - i == 2 && memcmp(p + i, "..", 2) == 0) {
			if (top == 0)
				return -TCAP_ENOTBENEATH;
			top--;
		} else if (!(end - i == 0 || (end - i == 1 && p[i] == '.'))) {
			top++;
		}
		i = end + 1;
	}
	return 0;
}

/* The same path fed one component at a time. */
static int
by_components(const char *p, size_t len)
{
	struct tcap_beneath w;
	size_t i = 0;

	if (tcap_beneath_init(&w) != 0)
		abort();
	while (i <= len) {
		size_t end = i;
		int err;

		while (end < len && p[end] != '/')
			end++;
		err = tcap_beneath_step(&w, p + i, end - i);
		if (err != 0)
			return err;
		i = end + 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct tcap_beneath w;
	int got, want;

	if (size > TCAP_PATH_MAX + 16)
		return 0;
	got = tcap_path_beneath(p, size);
	want = reference(p, size);
	if (got != want)
		abort();
	if (tcap_beneath_init(&w) != 0 ||
	    tcap_beneath_symlink(&w, p, size) != got)
		abort();
	/* Without NUL bytes, long components or an absolute start, the
	 * component walker agrees on escapes. */
	if (size > 0 && p[0] != '/' && memchr(p, '\0', size) == NULL &&
	    size <= TCAP_PATH_MAX) {
		int comp = by_components(p, size);

		if (comp != got)
			abort();
	}
	if (got == 0) {
		char *q;

		if (p[0] == '/')
			abort();
		if (size + 3 <= TCAP_PATH_MAX) {
			q = malloc(size + 3);
			if (q == NULL)
				abort();
			memcpy(q, "../", 3);
			memcpy(q + 3, p, size);
			if (tcap_path_beneath(q, size + 3) != -TCAP_ENOTBENEATH)
				abort();
			free(q);
		}
	}
	return 0;
}
