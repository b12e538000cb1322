/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sub-rights after Capsicum: an fcntl-like operation mask under
 * TCAP_RIGHT_FCNTL and an ioctl allow-list (at most 256 commands) under
 * TCAP_RIGHT_IOCTL.  Both only narrow.  Lists live in the table's pool,
 * sorted and distinct, shared by duplicates and copied when a shared list
 * is narrowed.
 */
#include "internal.h"

int
tcap_fcntls_limit(struct tcap_table *t, tcap_handle_t h, uint32_t mask)
{
	struct tcap_entry *e;

	if (t == NULL)
		return -TCAP_EFAULT;
	/* Unknown bits are rejected before the handle (cap_fcntls_limit). */
	if ((mask & ~TCAP_FCNTLS_ALL) != 0)
		return -TCAP_EINVAL;
	e = tcap__entry(t, h);
	if (e == NULL)
		return -TCAP_EBADF;
	/* Without TCAP_RIGHT_FCNTL the mask is 0, so any bit adds. */
	if ((mask & ~e->fcntls) != 0)
		return -TCAP_ENOTCAPABLE;
	e->fcntls = mask;
	return 0;
}

int
tcap_fcntls_get(const struct tcap_table *t, tcap_handle_t h, uint32_t *mask)
{
	const struct tcap_entry *e;

	if (t == NULL || mask == NULL)
		return -TCAP_EFAULT;
	e = tcap__entry(t, h);
	if (e == NULL)
		return -TCAP_EBADF;
	*mask = e->fcntls;
	return 0;
}

int
tcap_check_fcntl(const struct tcap_table *t, tcap_handle_t h, uint32_t op,
		 void **obj)
{
	const struct tcap_entry *e = tcap__entry(t, h);

	if (e == NULL)
		return -TCAP_EBADF;
	if ((e->rights & TCAP_RIGHT_FCNTL) == 0)
		return -TCAP_ENOTCAPABLE;
	if (op == 0 || (op & (op - 1)) != 0 || (op & ~TCAP_FCNTLS_ALL) != 0)
		return -TCAP_EINVAL;
	if ((e->fcntls & op) == 0)
		return -TCAP_ENOTCAPABLE;
	if (obj != NULL)
		*obj = e->object;
	return 0;
}

/* Sort and deduplicate @n commands into @out; returns the distinct count. */
static uint32_t
sort_unique(const uint32_t *cmds, size_t n, uint32_t *out)
{
	uint32_t m = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t c = cmds[i], j = m;

		while (j > 0 && out[j - 1] > c)
			j--;
		if (j > 0 && out[j - 1] == c)
			continue;
		if (j < m)
			TCAP_MEMMOVE(&out[j + 1], &out[j],
				     (m - j) * sizeof(out[0]));
		out[j] = c;
		m++;
	}
	return m;
}

/* Whether sorted @a (@na) is contained in sorted @b (@nb). */
static bool
sorted_subset(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
	uint32_t i = 0, j = 0;

	while (i < na) {
		while (j < nb && b[j] < a[i])
			j++;
		if (j == nb || b[j] != a[i])
			return false;
		i++;
		j++;
	}
	return true;
}

static bool
list_allows(const struct tcap_table *t, const struct tcap_entry *e,
	    const uint32_t *cmds, uint32_t m)
{
	const struct tcap_ioctl_list *l;

	if (e->ioctl == TCAP__IOCTL_ALL)
		return true;
	if (e->ioctl == TCAP__IOCTL_EMPTY)
		return m == 0;
	l = &t->pool[e->ioctl];
	return sorted_subset(cmds, m, l->cmds, l->n);
}

int
tcap_ioctls_limit(struct tcap_table *t, tcap_handle_t h, const uint32_t *cmds,
		  size_t n)
{
	uint32_t sorted[TCAP_IOCTLS_MAX];
	struct tcap_ioctl_list *l;
	struct tcap_entry *e;
	uint32_t m;

	if (t == NULL)
		return -TCAP_EFAULT;
	/* The count is checked before the handle (cap_ioctls_limit). */
	if (n > TCAP_IOCTLS_MAX)
		return -TCAP_EINVAL;
	if (cmds == NULL && n > 0)
		return -TCAP_EFAULT;
	e = tcap__entry(t, h);
	if (e == NULL)
		return -TCAP_EBADF;
	if ((e->rights & TCAP_RIGHT_IOCTL) == 0)
		return -TCAP_ENOTCAPABLE;
	m = sort_unique(cmds, n, sorted);
	if (!list_allows(t, e, sorted, m))
		return -TCAP_ENOTCAPABLE;
	if (m == 0) {
		tcap__ioctl_put(t, e);
		e->ioctl = TCAP__IOCTL_EMPTY;
		return 0;
	}
	if (e->ioctl >= TCAP__IOCTL_EMPTY || t->pool[e->ioctl].refs > 1) {
		/* A list of its own is needed. */
		if (t->pool_nfree == 0)
			return -TCAP_ENOSPC;
		tcap__ioctl_put(t, e);
		e->ioctl = tcap__ioctl_alloc(t);
	}
	l = &t->pool[e->ioctl];
	TCAP_MEMCPY(l->cmds, sorted, m * sizeof(sorted[0]));
	l->n = m;
	return 0;
}

int32_t
tcap_ioctls_get(const struct tcap_table *t, tcap_handle_t h, uint32_t *cmds,
		size_t max)
{
	const struct tcap_ioctl_list *l;
	const struct tcap_entry *e;
	size_t k;

	if (t == NULL || (cmds == NULL && max > 0))
		return -TCAP_EFAULT;
	e = tcap__entry(t, h);
	if (e == NULL)
		return -TCAP_EBADF;
	if (e->ioctl == TCAP__IOCTL_ALL)
		return TCAP_IOCTLS_ALL;
	if (e->ioctl == TCAP__IOCTL_EMPTY)
		return 0;
	l = &t->pool[e->ioctl];
	k = l->n < max ? l->n : max;
	if (k > 0)
		TCAP_MEMCPY(cmds, l->cmds, k * sizeof(cmds[0]));
	return (int32_t)l->n;
}

int
tcap_check_ioctl(const struct tcap_table *t, tcap_handle_t h, uint32_t cmd,
		 void **obj)
{
	const struct tcap_ioctl_list *l;
	const struct tcap_entry *e = tcap__entry(t, h);
	uint32_t lo, hi;

	if (e == NULL)
		return -TCAP_EBADF;
	if ((e->rights & TCAP_RIGHT_IOCTL) == 0)
		return -TCAP_ENOTCAPABLE;
	if (e->ioctl != TCAP__IOCTL_ALL) {
		if (e->ioctl == TCAP__IOCTL_EMPTY)
			return -TCAP_ENOTCAPABLE;
		l = &t->pool[e->ioctl];
		lo = 0;
		hi = l->n;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;

			if (l->cmds[mid] < cmd)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == l->n || l->cmds[lo] != cmd)
			return -TCAP_ENOTCAPABLE;
	}
	if (obj != NULL)
		*obj = e->object;
	return 0;
}
