/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for path resolution.  Input: one flags byte, then the
 * path.  Checks, beyond memory safety: canonicalisation and resolution
 * agree; an accepted path has no NUL byte; the remainder is canonical (no
 * leading or trailing '/', no empty, "." or ".." component); and the
 * canonical form is a fixed point.
 */
#include <stdlib.h>
#include <string.h>

#include <tessera/scheme.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
to_client(void *ctx, uint32_t client, uint64_t uaddr, const void *src,
	  size_t len)
{
	(void)ctx;
	(void)client;
	(void)uaddr;
	(void)src;
	(void)len;
	return -1;
}

static int
from_client(void *ctx, uint32_t client, void *dst, uint64_t uaddr, size_t len)
{
	(void)ctx;
	(void)client;
	(void)dst;
	(void)uaddr;
	(void)len;
	return -1;
}

static void
complete(void *ctx, const struct tscheme_completion *c)
{
	(void)ctx;
	(void)c;
}

static void
event(void *ctx, uint32_t client, uint32_t handle, uint32_t events)
{
	(void)ctx;
	(void)client;
	(void)handle;
	(void)events;
}

static const struct tscheme_ops ops = {to_client, from_client, complete, event};

static struct tscheme_ns *
get_ns(void)
{
	static struct tscheme_scheme schemes[8];
	static uint16_t index[TSCHEME_INDEX_LEN(8)];
	static struct tscheme_handle handles[2];
	static struct tscheme_req reqs[2];
	static struct tscheme_lane lanes[2];
	static struct tscheme_ns ns;
	static int ready;
	static const char *const names[] = {"gpio", "file", "net",    "a",
					    "usb",  "i2c",  "a.b-c_d"};
	struct tscheme_config cfg = {
		schemes, index, handles, reqs, lanes, 8, TSCHEME_INDEX_LEN(8),
		2,	 2,	42,	 &ops, NULL};
	uint32_t tok;
	size_t i;

	if (ready)
		return &ns;
	if (tscheme_init(&ns, &cfg) != 0)
		abort();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (tscheme_register(&ns, names[i], strlen(names[i]), 1, 1, 1,
				     &tok) != 0)
			abort();
	ready = 1;
	return &ns;
}

static void
check_canonical(const struct tscheme_resolved *r)
{
	size_t i, start = 0;

	if (r->rest_len >= TSCHEME_PATH_MAX)
		abort();
	if (r->rest_len == 0)
		return;
	if (r->rest[0] == '/' || r->rest[r->rest_len - 1] == '/')
		abort();
	for (i = 0; i <= r->rest_len; i++) {
		if (i < r->rest_len && r->rest[i] == '\0')
			abort();
		if (i < r->rest_len && r->rest[i] != '/')
			continue;
		if (i == start)
			abort();
		if (i - start == 1 && r->rest[start] == '.')
			abort();
		if (i - start == 2 && r->rest[start] == '.' &&
		    r->rest[start + 1] == '.')
			abort();
		start = i + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tscheme_resolved a, b, c;
	char again[TSCHEME_PATH_MAX + 64];
	size_t nl, n;
	uint32_t flags;
	const char *path;
	int rc, rc2;

	if (size < 1)
		return 0;
	flags = data[0] & 7u;
	path = (const char *)data + 1;
	size--;
	rc = tscheme_path_canon(path, size, flags, &a);
	rc2 = tscheme_resolve(get_ns(), path, size, flags, &b);
	if (rc != 0) {
		if (rc2 != rc)
			abort();
		return 0;
	}
	if (flags & 4u)
		abort(); /* unknown flag accepted */
	if (memchr(path, '\0', size) != NULL)
		abort();
	if (rc2 != 0 && rc2 != -TSCHEME_ENODEV)
		abort();
	if (strcmp(a.name, b.name) != 0 || a.rest_len != b.rest_len ||
	    memcmp(a.rest, b.rest, a.rest_len) != 0 || a.dir != b.dir)
		abort();
	check_canonical(&a);
	nl = strlen(a.name);
	if (nl == 0) {
		if (a.rest_len != 0)
			abort();
		return 0;
	}
	if (tscheme_name_check(a.name, nl) != 0)
		abort();
	/* Fixed point: the canonical form canonicalises to itself. */
	n = 0;
	memcpy(again, "/scheme/", 8);
	n = 8;
	memcpy(again + n, a.name, nl);
	n += nl;
	if (a.rest_len > 0) {
		again[n++] = '/';
		memcpy(again + n, a.rest, a.rest_len);
		n += a.rest_len;
	}
	if (n >= TSCHEME_PATH_MAX)
		return 0;
	if (tscheme_path_canon(again, n, 0, &c) != 0 ||
	    strcmp(c.name, a.name) != 0 || c.rest_len != a.rest_len ||
	    memcmp(c.rest, a.rest, a.rest_len) != 0 || c.dir)
		abort();
	return 0;
}
