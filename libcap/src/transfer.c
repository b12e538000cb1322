/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Moving and copying handles between tables (the IPC path), after Zircon's
 * zx_channel_write_etc handle dispositions, but all or nothing: the batch
 * is validated entry by entry, and only a batch that passes completely,
 * with room in the destination, changes anything.  A failed transfer
 * leaves every source handle as it was.
 */
#include "internal.h"

static int
check_one(const struct tcap_table *src, const struct tcap_xfer *x, size_t i)
{
	const struct tcap_entry *e = tcap__entry(src, x[i].handle);
	uint64_t need = TCAP_RIGHT_TRANSFER;
	size_t j;

	/* Zircon's order: bad handle, missing right, rights, type. */
	if (e == NULL)
		return -TCAP_EBADF;
	for (j = 0; j < i; j++)
		if (x[j].handle == x[i].handle)
			return -TCAP_EBADF;
	if (x[i].mode != TCAP_XFER_MOVE && x[i].mode != TCAP_XFER_COPY)
		return -TCAP_EINVAL;
	if (x[i].mode == TCAP_XFER_COPY)
		need |= TCAP_RIGHT_DUPLICATE;
	if ((e->rights & need) != need)
		return -TCAP_ENOTCAPABLE;
	if (x[i].rights != TCAP_RIGHTS_SAME &&
	    !tcap__subset(x[i].rights, e->rights))
		return -TCAP_EINVAL;
	if (x[i].type != TCAP_OBJ_ANY && x[i].type != e->type)
		return -TCAP_EWRONGTYPE;
	return 0;
}

static uint64_t
final_rights(const struct tcap_entry *e, const struct tcap_xfer *x)
{
	return x->rights == TCAP_RIGHTS_SAME ? e->rights : x->rights;
}

/* Whether the new entry needs an ioctl list of its own in @dst. */
static bool
needs_list(const struct tcap_table *src, const struct tcap_table *dst,
	   const struct tcap_entry *e, uint64_t rights)
{
	return src != dst && e->ioctl < TCAP__IOCTL_EMPTY &&
	       (rights & TCAP_RIGHT_IOCTL) != 0;
}

static void
install_copy(struct tcap_table *src, struct tcap_table *dst,
	     struct tcap_xfer *x)
{
	struct tcap_entry *e = tcap__entry(src, x->handle);
	struct tcap_entry *d = tcap__slot_alloc(dst);
	uint64_t rights = final_rights(e, x);

	d->object = e->object;
	d->type = e->type;
	d->rights = rights;
	d->fcntls = e->fcntls;
	if (needs_list(src, dst, e, rights)) {
		const struct tcap_ioctl_list *from = &src->pool[e->ioctl];
		struct tcap_ioctl_list *to;

		d->ioctl = tcap__ioctl_alloc(dst);
		to = &dst->pool[d->ioctl];
		TCAP_MEMCPY(to->cmds, from->cmds,
			    from->n * sizeof(from->cmds[0]));
		to->n = from->n;
	} else if (e->ioctl < TCAP__IOCTL_EMPTY) {
		if (src == dst) {
			d->ioctl = e->ioctl;
			dst->pool[d->ioctl].refs++;
		} else {
			d->ioctl = TCAP__IOCTL_EMPTY;
		}
	} else {
		d->ioctl = e->ioctl;
	}
	tcap__trim_subrights(dst, d);
	x->out = d->tag;
	if (x->mode == TCAP_XFER_COPY && dst->ops != NULL &&
	    dst->ops->retain != NULL)
		dst->ops->retain(dst->ctx, d->object, d->type);
}

int
tcap_transfer(struct tcap_table *src, struct tcap_table *dst,
	      struct tcap_xfer *x, size_t n)
{
	uint32_t lists = 0;
	int first = 0;
	size_t i;

	if (src == NULL || dst == NULL || (x == NULL && n > 0))
		return -TCAP_EFAULT;
	if (n > TCAP_TRANSFER_MAX)
		return -TCAP_ERANGE;
	for (i = 0; i < n; i++) {
		int err = check_one(src, x, i);

		x[i].result = err;
		x[i].out = TCAP_HANDLE_INVALID;
		if (err != 0 && first == 0)
			first = err;
		if (err == 0) {
			const struct tcap_entry *e =
				tcap__entry(src, x[i].handle);

			if (needs_list(src, dst, e, final_rights(e, &x[i])))
				lists++;
		}
	}
	if (first != 0)
		return first;
	/* Every entry takes a new slot; sources go only after all are in. */
	if (dst->nfree < n || dst->pool_nfree < lists)
		return -TCAP_ENOSPC;

	for (i = 0; i < n; i++)
		install_copy(src, dst, &x[i]);
	for (i = 0; i < n; i++) {
		if (x[i].mode == TCAP_XFER_MOVE)
			tcap__slot_free(src, tcap__entry(src, x[i].handle));
	}
	return 0;
}
