/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * unveil: path rules kept as a tree of path components.
 *
 * Each node is one component; a node carries a rule when a path was
 * unveiled to exactly there.  The most specific rule on a path decides
 * (unveil.2).  Nodes and their names live in caller storage and are only
 * ever appended, so a failed call leaves the tree as it was: every call
 * walks and checks first and writes last.
 *
 * Paths are resolved lexically while walking: "." is skipped, ".." goes to
 * the parent node, repeated "/" collapse.  Components that leave the tree
 * are only counted, so no walk needs a path buffer, a stack or recursion.
 *
 * A child is found by hashing (parent index, name) into a chained table
 * whose bucket heads live in the node pool itself (the "bucket" field of
 * node i heads bucket i), so a lookup costs about one probe per component
 * however many siblings a directory has, with no storage beyond the pool.
 */
#include <tessera/pledge.h>

#include "pledge_int.h"

#define NIL	  UINT32_MAX
#define NODE_RULE 1u
#define UV_ALL	  (TPLEDGE_UV_R | TPLEDGE_UV_W | TPLEDGE_UV_X | TPLEDGE_UV_C)

/* Components of cwd (when path is relative) followed by those of path. */
struct path_it {
	const char *seg[2];
	size_t len[2];
	unsigned int si;
	size_t pos;
};

/* Where a walk ended: the deepest tree node, plus components beyond it. */
struct walk {
	uint32_t node;
	uint32_t outside;
};

static size_t
bounded_len(const char *s, size_t limit)
{
	size_t n;

	for (n = 0; n <= limit; n++) {
		if (s[n] == '\0')
			return n;
	}
	return limit + 1;
}

static int
path_setup(struct path_it *it, const char *cwd, const char *path, size_t len)
{
	size_t clen = 0, i;

	if (path == NULL)
		return -TPLEDGE_EINVAL;
	if (len == TPLEDGE_CSTR) {
		/* Found by its NUL, so it holds none. */
		len = bounded_len(path, TPLEDGE_PATH_MAX);
	} else {
		for (i = 0; i < len && i <= TPLEDGE_PATH_MAX; i++) {
			if (path[i] == '\0')
				return -TPLEDGE_EINVAL;
		}
	}
	if (len > TPLEDGE_PATH_MAX)
		return -TPLEDGE_ENAMETOOLONG;
	if (len == 0)
		return -TPLEDGE_EINVAL;
	if (path[0] != '/') {
		if (cwd == NULL)
			return -TPLEDGE_EINVAL;
		clen = bounded_len(cwd, TPLEDGE_PATH_MAX);
		if (clen > TPLEDGE_PATH_MAX)
			return -TPLEDGE_ENAMETOOLONG;
		if (clen == 0 || cwd[0] != '/')
			return -TPLEDGE_EINVAL;
	}
	it->seg[0] = cwd;
	it->len[0] = clen;
	it->seg[1] = path;
	it->len[1] = len;
	it->si = 0;
	it->pos = 0;
	return 0;
}

static bool
it_next(struct path_it *it, const char **c, size_t *n)
{
	while (it->si < 2) {
		const char *s = it->seg[it->si];
		size_t l = it->len[it->si], start;

		while (it->pos < l && s[it->pos] == '/')
			it->pos++;
		if (it->pos < l) {
			start = it->pos;
			while (it->pos < l && s[it->pos] != '/')
				it->pos++;
			*c = s + start;
			*n = it->pos - start;
			return true;
		}
		it->si++;
		it->pos = 0;
	}
	return false;
}

/* Walk backwards from the end: call it_back_start() first. */
static void
it_back_start(struct path_it *it)
{
	it->si = 1;
	it->pos = it->len[1];
}

static bool
it_prev(struct path_it *it, const char **c, size_t *n)
{
	for (;;) {
		const char *s = it->seg[it->si];
		size_t end;

		while (it->pos > 0 && s[it->pos - 1] == '/')
			it->pos--;
		if (it->pos > 0) {
			end = it->pos;
			while (it->pos > 0 && s[it->pos - 1] != '/')
				it->pos--;
			*c = s + it->pos;
			*n = end - it->pos;
			return true;
		}
		if (it->si == 0)
			return false;
		it->si--;
		it->pos = it->len[it->si];
	}
}

static bool
is_dot(const char *c, size_t n)
{
	return n == 1 && c[0] == '.';
}

static bool
is_dotdot(const char *c, size_t n)
{
	return n == 2 && c[0] == '.' && c[1] == '.';
}

/*
 * A filter before comparing names, eight bytes per step (a multiply-xorshift
 * mix); collisions cost only a longer bucket chain.
 */
static uint32_t
name_hash(const char *c, size_t n)
{
	const uint64_t k = UINT64_C(0xff51afd7ed558ccd);
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ n, w;
	size_t i = 0, j;

	for (; i + 8 <= n; i += 8) {
		TPLEDGE_MEMCPY(&w, c + i, 8);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	if (i < n) {
		w = 0;
		for (j = 0; i + j < n; j++)
			w |= (uint64_t)(uint8_t)c[i + j] << (8 * j);
		h = (h ^ w) * k;
	}
	h ^= h >> 29;
	return (uint32_t)(h ^ (h >> 32));
}

static uint32_t
bucket_of(const struct tpledge_unveil *uv, uint32_t parent, uint32_t h)
{
	uint32_t x = h ^ (parent * 0x9e3779b1u);

	return (x ^ (x >> 15)) & uv->mask;
}

static uint32_t
find_child(const struct tpledge_unveil *uv, uint32_t parent, const char *c,
	   size_t n)
{
	uint32_t h = name_hash(c, n), x;

	for (x = uv->nodes[bucket_of(uv, parent, h)].bucket; x != NIL;
	     x = uv->nodes[x].next) {
		const struct tpledge_node *nd = &uv->nodes[x];

		if (nd->hash == h && nd->parent == parent &&
		    nd->name_len == n &&
		    TPLEDGE_MEMCMP(uv->names + nd->name_off, c, n) == 0)
			return x;
	}
	return NIL;
}

/* Link node x, whose parent and hash are set, into its bucket. */
static void
link_node(struct tpledge_unveil *uv, uint32_t x)
{
	struct tpledge_node *nd = &uv->nodes[x];
	uint32_t b = bucket_of(uv, nd->parent, nd->hash);

	nd->next = uv->nodes[b].bucket;
	uv->nodes[b].bucket = x;
}

/*
 * Resolve a validated path against the tree.  Also the single place that
 * rejects over-long components and ".." above the root.
 */
static int
walk_path(const struct tpledge_unveil *uv, struct path_it *it, struct walk *w)
{
	const char *c;
	size_t n;
	uint32_t node = 0, outside = 0, ch;

	while (it_next(it, &c, &n)) {
		if (n > TPLEDGE_NAME_MAX)
			return -TPLEDGE_ENAMETOOLONG;
		if (is_dot(c, n))
			continue;
		if (is_dotdot(c, n)) {
			if (outside > 0)
				outside--;
			else if (node == 0)
				return -TPLEDGE_EESCAPE;
			else
				node = uv->nodes[node].parent;
			continue;
		}
		if (outside > 0) {
			outside++;
			continue;
		}
		ch = find_child(uv, node, c, n);
		if (ch == NIL)
			outside = 1;
		else
			node = ch;
	}
	w->node = node;
	w->outside = outside;
	return 0;
}

/* Root payload only; bucket heads are left alone. */
static void
set_root(struct tpledge_node *root)
{
	root->parent = NIL;
	root->next = NIL;
	root->hash = 0;
	root->name_off = 0;
	root->name_len = 0;
	root->perms = 0;
	root->flags = 0;
}

void
tpledge_unveil_reset_(struct tpledge_unveil *uv, bool disable)
{
	uint32_t i;

	for (i = 0; i < uv->nodes_cap; i++)
		uv->nodes[i].bucket = NIL;
	set_root(&uv->nodes[0]);
	uv->nodes_used = 1;
	uv->names_used = 0;
	uv->rules = 0;
	if (disable)
		uv->flags =
			(uv->flags & TPLEDGE_UVF_LOCKED) | TPLEDGE_UVF_DISABLED;
	else
		uv->flags = 0;
}

int
tpledge_unveil_init(struct tpledge_unveil *uv, struct tpledge_node *nodes,
		    uint32_t nnodes, char *names, uint32_t names_len)
{
	if (uv == NULL || nodes == NULL || nnodes == 0 ||
	    nnodes > (UINT32_C(1) << 31) || (names == NULL && names_len != 0))
		return -TPLEDGE_EINVAL;
	uv->nodes = nodes;
	uv->names = names;
	uv->nodes_cap = nnodes;
	uv->names_cap = names_len;
	/* Bucket count: the largest power of two not above the pool size. */
	uv->mask = 1;
	while (uv->mask <= nnodes / 2)
		uv->mask <<= 1;
	uv->mask -= 1;
	uv->pad = 0;
	tpledge_unveil_reset_(uv, false);
	return 0;
}

int
tpledge_unveil_perms(const char *perms, uint32_t *bits)
{
	uint32_t b = 0;
	size_t i;

	if (perms == NULL || bits == NULL)
		return -TPLEDGE_EINVAL;
	for (i = 0; perms[i] != '\0'; i++) {
		if (i == 4)
			return -TPLEDGE_ENAMETOOLONG;
		switch (perms[i]) {
		case 'r':
			b |= TPLEDGE_UV_R;
			break;
		case 'w':
			b |= TPLEDGE_UV_W;
			break;
		case 'x':
			b |= TPLEDGE_UV_X;
			break;
		case 'c':
			b |= TPLEDGE_UV_C;
			break;
		default:
			return -TPLEDGE_EINVAL;
		}
	}
	*bits = b;
	return 0;
}

/*
 * Append the last w->outside components of the path as a chain under
 * w->node and put the rule on its leaf.  Two backward passes: one sizes
 * (so a full pool changes nothing), one writes.
 */
static int
add_chain(struct tpledge_unveil *uv, struct path_it *it, const struct walk *w,
	  uint32_t perms)
{
	const char *c;
	size_t n, bytes = 0;
	uint32_t k, skip, base = uv->nodes_used, off = uv->names_used;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		it_back_start(it);
		k = 0;
		skip = 0;
		while (k < w->outside && it_prev(it, &c, &n)) {
			if (is_dot(c, n))
				continue;
			if (is_dotdot(c, n)) {
				skip++;
				continue;
			}
			if (skip > 0) {
				skip--;
				continue;
			}
			if (pass == 0) {
				bytes += n;
			} else {
				uint32_t d = w->outside - 1 - k;
				struct tpledge_node *nd = &uv->nodes[base + d];

				nd->parent = d == 0 ? w->node : base + d - 1;
				nd->hash = name_hash(c, n);
				nd->name_off = off;
				nd->name_len = (uint16_t)n;
				nd->perms = k == 0 ? (uint8_t)perms : 0;
				nd->flags = k == 0 ? NODE_RULE : 0;
				TPLEDGE_MEMCPY(uv->names + off, c, n);
				off += (uint32_t)n;
				link_node(uv, base + d);
			}
			k++;
		}
		TPLEDGE_ASSERT(k == w->outside);
		if (pass == 0 && (uv->nodes_cap - uv->nodes_used < w->outside ||
				  uv->names_cap - uv->names_used < bytes))
			return -TPLEDGE_ENOSPC;
	}
	uv->nodes_used += w->outside;
	uv->names_used = off;
	return 0;
}

int
tpledge_unveil(struct tpledge_unveil *uv, const char *cwd, const char *path,
	       size_t len, const char *perms)
{
	struct path_it it;
	struct walk w;
	uint32_t bits;
	int rc;

	if (uv == NULL)
		return -TPLEDGE_EINVAL;
	/* A locked veil refuses everything, as sys_unveil does first. */
	if (uv->flags & (TPLEDGE_UVF_LOCKED | TPLEDGE_UVF_DISABLED))
		return -TPLEDGE_EPERM;
	if (path == NULL && perms == NULL) {
		uv->flags |= TPLEDGE_UVF_LOCKED;
		return 0;
	}
	if (path == NULL || perms == NULL)
		return -TPLEDGE_EINVAL;
	rc = tpledge_unveil_perms(perms, &bits);
	if (rc == 0)
		rc = path_setup(&it, cwd, path, len);
	if (rc == 0)
		rc = walk_path(uv, &it, &w);
	if (rc != 0)
		return rc;
	if (w.outside == 0) {
		struct tpledge_node *nd = &uv->nodes[w.node];

		/* Re-unveiling replaces the permissions, up or down (U8). */
		if ((nd->flags & NODE_RULE) == 0)
			uv->rules++;
		nd->perms = (uint8_t)bits;
		nd->flags |= NODE_RULE;
	} else {
		rc = add_chain(uv, &it, &w, bits);
		if (rc != 0)
			return rc;
		uv->rules++;
	}
	uv->flags |= TPLEDGE_UVF_ACTIVE;
	return 0;
}

int
tpledge_unveil_check(const struct tpledge_unveil *uv, const char *cwd,
		     const char *path, size_t len, uint32_t want)
{
	struct path_it it;
	struct walk w;
	uint32_t n;
	int rc;

	if (uv == NULL || (want & ~UV_ALL) != 0)
		return -TPLEDGE_EINVAL;
	rc = path_setup(&it, cwd, path, len);
	if (rc == 0)
		rc = walk_path(uv, &it, &w);
	if (rc != 0)
		return rc;
	if (uv->flags & TPLEDGE_UVF_DISABLED)
		return -TPLEDGE_ENOENT;
	if ((uv->flags & TPLEDGE_UVF_ACTIVE) == 0)
		return 0;
	/*
	 * The deepest rule at or above where the walk ended.  A node without
	 * a rule is only a way through to a deeper rule: it borrows the rule
	 * of its nearest ruled ancestor, or is invisible (U10).
	 */
	for (n = w.node; n != NIL; n = uv->nodes[n].parent) {
		const struct tpledge_node *nd = &uv->nodes[n];

		if ((nd->flags & NODE_RULE) == 0)
			continue;
		if (nd->perms == 0)
			return -TPLEDGE_ENOENT;
		if ((want & ~(uint32_t)nd->perms) != 0)
			return -TPLEDGE_EACCES;
		return 0;
	}
	return -TPLEDGE_ENOENT;
}

int
tpledge_path_canon(const char *cwd, const char *path, size_t len, char *out,
		   size_t size)
{
	struct path_it it;
	const char *c;
	size_t n, pos = 0;
	int rc;

	if (out == NULL)
		return -TPLEDGE_EINVAL;
	rc = path_setup(&it, cwd, path, len);
	if (rc != 0)
		return rc;
	/* out[0, pos) holds "/a/b"; the root is the empty string here. */
	while (it_next(&it, &c, &n)) {
		if (n > TPLEDGE_NAME_MAX)
			return -TPLEDGE_ENAMETOOLONG;
		if (is_dot(c, n))
			continue;
		if (is_dotdot(c, n)) {
			if (pos == 0)
				return -TPLEDGE_EESCAPE;
			while (out[--pos] != '/')
				;
			continue;
		}
		if (size - pos < n + 2)
			return -TPLEDGE_ERANGE;
		out[pos++] = '/';
		TPLEDGE_MEMCPY(out + pos, c, n);
		pos += n;
	}
	if (pos == 0) {
		if (size < 2)
			return -TPLEDGE_ERANGE;
		out[pos++] = '/';
	}
	out[pos] = '\0';
	return (int)pos;
}

bool
tpledge_unveil_locked(const struct tpledge_unveil *uv)
{
	return (uv->flags & TPLEDGE_UVF_LOCKED) != 0;
}

uint32_t
tpledge_unveil_rules(const struct tpledge_unveil *uv)
{
	return uv->rules;
}

int
tpledge_unveil_fork(const struct tpledge_unveil *parent,
		    struct tpledge_unveil *child)
{
	uint32_t i;

	if (parent == NULL || child == NULL || parent == child)
		return -TPLEDGE_EINVAL;
	if (child->nodes_cap < parent->nodes_used ||
	    child->names_cap < parent->names_used)
		return -TPLEDGE_ENOSPC;
	/*
	 * The pools may differ in size, so the buckets are rebuilt rather
	 * than copied: payload first, then every node is linked again.
	 */
	for (i = 0; i < child->nodes_cap; i++)
		child->nodes[i].bucket = NIL;
	for (i = 0; i < parent->nodes_used; i++) {
		const struct tpledge_node *src = &parent->nodes[i];
		struct tpledge_node *dst = &child->nodes[i];

		dst->parent = src->parent;
		dst->hash = src->hash;
		dst->name_off = src->name_off;
		dst->name_len = src->name_len;
		dst->perms = src->perms;
		dst->flags = src->flags;
		dst->next = NIL;
		if (i != 0)
			link_node(child, i);
	}
	if (parent->names_used != 0)
		TPLEDGE_MEMCPY(child->names, parent->names, parent->names_used);
	child->nodes_used = parent->nodes_used;
	child->names_used = parent->names_used;
	child->rules = parent->rules;
	child->flags = parent->flags;
	return 0;
}
