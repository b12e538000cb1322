/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capability mode (Capsicum cap_enter): a per-process flag that can only
 * be set, copied into children created afterwards, and that closes every
 * global namespace.  Directory-relative lookups stay allowed, through a
 * handle with TCAP_RIGHT_LOOKUP, and must stay beneath their directory.
 */
#include "internal.h"

int
tcap_proc_init(struct tcap_proc *p, const struct tcap_proc *parent)
{
	if (p == NULL)
		return -TCAP_EFAULT;
	p->flags = parent != NULL ? (parent->flags & TCAP__PROC_CAPMODE) : 0;
	return 0;
}

int
tcap_enter(struct tcap_proc *p)
{
	if (p == NULL)
		return -TCAP_EFAULT;
	/* Idempotent; nothing ever clears the flag. */
	p->flags |= TCAP__PROC_CAPMODE;
	return 0;
}

int
tcap_getmode(const struct tcap_proc *p, uint32_t *mode)
{
	if (p == NULL || mode == NULL)
		return -TCAP_EFAULT;
	*mode = (p->flags & TCAP__PROC_CAPMODE) != 0 ? 1u : 0u;
	return 0;
}

bool
tcap_sandboxed(const struct tcap_proc *p)
{
	return p != NULL && (p->flags & TCAP__PROC_CAPMODE) != 0;
}

int
tcap_check_global(const struct tcap_proc *p)
{
	if (p == NULL)
		return -TCAP_EFAULT;
	return (p->flags & TCAP__PROC_CAPMODE) != 0 ? -TCAP_ECAPMODE : 0;
}

/*
 * Walk @path from @depth, left to right, reporting the first problem: a
 * NUL byte (EINVAL), a component longer than TCAP_NAME_MAX (ERANGE), a
 * `..` above the start (ENOTBENEATH; only when @beneath).  A leading '/'
 * escapes at once when @beneath.  The caller checked the total length.
 */
static int
walk(const char *path, size_t len, bool beneath, uint32_t *depth)
{
	uint32_t d = *depth;
	size_t i = 0;

	if (beneath && path[0] == '/')
		return -TCAP_ENOTBENEATH;
	while (i < len) {
		size_t start = i;

		while (i < len && path[i] != '/') {
			if (path[i] == '\0')
				return -TCAP_EINVAL;
			i++;
		}
		if (i - start > TCAP_NAME_MAX)
			return -TCAP_ERANGE;
		if (i - start == 2 && path[start] == '.' &&
		    path[start + 1] == '.') {
			if (d == 0 && beneath)
				return -TCAP_ENOTBENEATH;
			if (d > 0)
				d--;
		} else if (i - start > 1 ||
			   (i - start == 1 && path[start] != '.')) {
			d++;
		}
		i++; /* Past the '/', or past the end. */
	}
	*depth = d;
	return 0;
}

static int
check_path(const char *path, size_t len, bool beneath, uint32_t *depth)
{
	if (path == NULL && len > 0)
		return -TCAP_EFAULT;
	if (len == 0)
		return -TCAP_EINVAL;
	if (len > TCAP_PATH_MAX)
		return -TCAP_ERANGE;
	return walk(path, len, beneath, depth);
}

int
tcap_path_beneath(const char *path, size_t len)
{
	uint32_t depth = 0;

	return check_path(path, len, true, &depth);
}

int
tcap_beneath_init(struct tcap_beneath *w)
{
	if (w == NULL)
		return -TCAP_EFAULT;
	w->depth = 0;
	return 0;
}

int
tcap_beneath_step(struct tcap_beneath *w, const char *name, size_t len)
{
	size_t i;

	if (w == NULL || (name == NULL && len > 0))
		return -TCAP_EFAULT;
	if (len > TCAP_NAME_MAX)
		return -TCAP_ERANGE;
	for (i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == '\0')
			return -TCAP_EINVAL;
	if (len == 0)
		return 0;
	return walk(name, len, true, &w->depth);
}

int
tcap_beneath_symlink(struct tcap_beneath *w, const char *target, size_t len)
{
	uint32_t depth;
	int err;

	if (w == NULL)
		return -TCAP_EFAULT;
	depth = w->depth;
	err = check_path(target, len, true, &depth);
	if (err != 0)
		return err;
	w->depth = depth;
	return 0;
}

int
tcap_openat_check(const struct tcap_proc *p, const struct tcap_table *t,
		  tcap_handle_t dir, const char *path, size_t len,
		  uint64_t need, uint32_t flags, struct tcap_openat *out)
{
	const struct tcap_entry *e;
	uint32_t depth = 0;
	bool beneath;
	int err;

	if (p == NULL || t == NULL || out == NULL || (path == NULL && len > 0))
		return -TCAP_EFAULT;
	if ((flags & ~TCAP_AT_BENEATH) != 0)
		return -TCAP_EINVAL;
	beneath = (flags & TCAP_AT_BENEATH) != 0;
	if (dir == TCAP_AT_CWD) {
		/* The current directory is a global namespace (Capsicum). */
		if (tcap_sandboxed(p))
			return -TCAP_ECAPMODE;
		err = check_path(path, len, beneath, &depth);
		if (err != 0)
			return err;
		out->dir = NULL;
		out->rights = TCAP_RIGHTS_ALL;
		out->beneath = beneath;
		return 0;
	}
	/* The handle and its rights come before the path (Capsicum). */
	e = tcap__entry(t, dir);
	if (e == NULL)
		return -TCAP_EBADF;
	if (!tcap__subset(need | TCAP_RIGHT_LOOKUP, e->rights))
		return -TCAP_ENOTCAPABLE;
	if (e->type != TCAP_OBJ_DIR)
		return -TCAP_EWRONGTYPE;
	/* Capsicum polices lookups in capability mode and through limited
	 * handles alike. */
	if (tcap_sandboxed(p) || e->rights != tcap__type_rights(t, e->type))
		beneath = true;
	err = check_path(path, len, beneath, &depth);
	if (err != 0)
		return err;
	out->dir = e->object;
	out->rights = e->rights;
	out->beneath = beneath;
	return 0;
}
