/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Path canonicalisation and resolution.  A path names a scheme and a
 * remainder that only the scheme interprets (Redox S1, S2); the library
 * still canonicalises the remainder lexically so that `..` can never walk
 * out of the scheme root (Plan 9 keeps `..` at the root of a tree, 9P N2).
 */
#include "scheme_impl.h"

/* "/scheme" without the terminating NUL. */
static const char ts_prefix[] = "/scheme";
#define TS_PREFIX_LEN 7u

uint32_t
tscheme__hash(uint32_t seed, const char *s, size_t n)
{
	/* FNV-1a keyed by the embedder's seed, then a final avalanche so the
	 * low bits used by the index depend on every input byte. */
	uint32_t h = 2166136261u ^ seed;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (uint8_t)s[i];
		h *= 16777619u;
	}
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	return h;
}

/* Name alphabet: 1 = may start a name (a-z), 2 = may follow (0-9 . _ -). */
static const uint8_t ts_name_class[256] = {
	['-'] = 2, ['.'] = 2, ['_'] = 2, ['0'] = 2, ['1'] = 2, ['2'] = 2,
	['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2,
	['9'] = 2, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1,
	['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1,
	['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
	['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1,
	['x'] = 1, ['y'] = 1, ['z'] = 1,
};

int
tscheme_name_check(const char *name, size_t len)
{
	size_t i;

	if (len == 0)
		return -TSCHEME_EPATHEMPTY;
	if (len > TSCHEME_NAME_MAX)
		return -TSCHEME_ENAMETOOLONG;
	if (name == NULL)
		return -TSCHEME_EINVAL;
	if (ts_name_class[(uint8_t)name[0]] != 1)
		return -TSCHEME_EBADNAME;
	for (i = 1; i < len; i++)
		if (ts_name_class[(uint8_t)name[i]] == 0)
			return -TSCHEME_EBADNAME;
	return 0;
}

/*
 * Canonicalise the remainder @p p (after the '/' that follows the name).
 * Empty input means the path ended in '/'.
 */
static int
ts_canon_rest(const char *p, size_t n, struct tscheme_resolved *out)
{
	size_t k = 0, e, clen;
	uint32_t r = 0;

	if (n == 0) {
		out->dir = true;
		return 0;
	}
	for (;;) {
		for (e = k; e < n && p[e] != '/'; e++)
			if (p[e] == '\0')
				return -TSCHEME_EPATHNUL;
		clen = e - k;
		if (clen == 0)
			return -TSCHEME_EPATHEMPTY;
		if (clen == 2 && p[k] == '.' && p[k + 1] == '.') {
			/* Drop the last component; at the root, stay there. */
			while (r > 0 && out->rest[r - 1] != '/')
				r--;
			if (r > 0)
				r--;
		} else if (clen != 1 || p[k] != '.') {
			if (r > 0)
				out->rest[r++] = '/';
			TSCHEME_MEMCPY(&out->rest[r], &p[k], clen);
			r += (uint32_t)clen;
		}
		if (e == n)
			break;
		k = e + 1;
		if (k == n) {
			out->dir = true;
			break;
		}
	}
	out->rest_len = r;
	return 0;
}

static bool
ts_has_nul(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\0')
			return true;
	return false;
}

static int
ts_canon(const char *path, size_t len, uint32_t flags,
	 struct tscheme_resolved *out, size_t *name_len)
{
	bool bad = false, nul = false;
	size_t i, j;
	uint8_t c;

	if (path == NULL || out == NULL)
		return -TSCHEME_EINVAL;
	if ((flags & ~(TSCHEME_PATH_RELATIVE | TSCHEME_PATH_FILE)) != 0)
		return -TSCHEME_EINVAL;
	if (len == 0)
		return -TSCHEME_EPATHEMPTY;
	if (len >= TSCHEME_PATH_MAX)
		return -TSCHEME_ENAMETOOLONG;
	/* NUL bytes are caught by the scans below, each byte once. */
	out->scheme = 0;
	out->rest_len = 0;
	out->dir = false;
	out->name[0] = '\0';
	*name_len = 0;
	if (path[0] == '/') {
		if (len < TS_PREFIX_LEN ||
		    TSCHEME_MEMCMP(path, ts_prefix, TS_PREFIX_LEN) != 0 ||
		    (len > TS_PREFIX_LEN && path[TS_PREFIX_LEN] != '/')) {
			if ((flags & TSCHEME_PATH_FILE) == 0)
				return ts_has_nul(path, len) ? -TSCHEME_EPATHNUL
							     : -TSCHEME_ENOENT;
			TSCHEME_MEMCPY(out->name, "file", 5);
			*name_len = 4;
			return ts_canon_rest(path + 1, len - 1, out);
		}
		/* "/scheme" or "/scheme/": the root. */
		if (len <= TS_PREFIX_LEN + 1) {
			out->dir = len == TS_PREFIX_LEN + 1;
			return 0;
		}
		i = TS_PREFIX_LEN + 1;
	} else {
		if ((flags & TSCHEME_PATH_RELATIVE) == 0)
			return ts_has_nul(path, len) ? -TSCHEME_EPATHNUL
						     : -TSCHEME_ENOENT;
		i = 0;
	}
	/* One pass over the name: find its end, check the alphabet, copy. */
	for (j = i; j < len && path[j] != '/'; j++) {
		c = ts_name_class[(uint8_t)path[j]];
		if (j - i < TSCHEME_NAME_MAX)
			out->name[j - i] = path[j];
		bad |= c == 0 || (j == i && c != 1);
		nul |= path[j] == '\0';
	}
	if (nul)
		return -TSCHEME_EPATHNUL;
	if (j == i)
		return -TSCHEME_EPATHEMPTY;
	if (j - i > TSCHEME_NAME_MAX)
		return -TSCHEME_ENAMETOOLONG;
	if (bad)
		return -TSCHEME_EBADNAME;
	out->name[j - i] = '\0';
	*name_len = j - i;
	if (j == len)
		return 0;
	return ts_canon_rest(path + j + 1, len - j - 1, out);
}

int
tscheme_path_canon(const char *path, size_t len, uint32_t flags,
		   struct tscheme_resolved *out)
{
	size_t name_len;

	return ts_canon(path, len, flags, out, &name_len);
}

int
tscheme_resolve(const struct tscheme_ns *ns, const char *path, size_t len,
		uint32_t flags, struct tscheme_resolved *out)
{
	const struct tscheme_scheme *s;
	const uint16_t *index;
	size_t name_len;
	uint32_t h, mask, i;
	int rc;

	if (ns == NULL)
		return -TSCHEME_EINVAL;
	rc = ts_canon(path, len, flags, out, &name_len);
	if (rc != 0 || name_len == 0)
		return rc;
	h = tscheme__hash(ns->cfg.hash_seed, out->name, name_len);
	index = ns->cfg.index;
	mask = ns->cfg.index_len - 1;
	/* Linear probing; the index is at most half full, so an empty entry
	 * always ends the probe. */
	for (i = h & mask; index[i] != 0; i = (i + 1) & mask) {
		s = &ns->cfg.schemes[index[i] - 1u];
		if (s->hash == h && s->name_len == name_len &&
		    TSCHEME_MEMCMP(s->name, out->name, name_len) == 0) {
			out->scheme = ts_tok(index[i] - 1u, s->gen);
			return 0;
		}
	}
	return -TSCHEME_ENODEV;
}
