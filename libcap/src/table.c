/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Handle tables: slots with generation-tagged values on a FIFO free list
 * (a free slot waits behind every other free slot before reuse, which
 * spreads generations evenly), install, close, lookup, duplicate and
 * replace.
 */
#include "internal.h"

static uint32_t
index_bits(uint32_t nslots)
{
	uint32_t bits = 1;

	while (((uint32_t)1 << bits) < nslots)
		bits++;
	return bits;
}

static int
check_config(const struct tcap_table_config *cfg)
{
	uint32_t i;

	if (cfg->slots == NULL || cfg->nslots == 0 ||
	    cfg->nslots > TCAP_SLOTS_MAX)
		return -TCAP_EINVAL;
	if (cfg->nioctl > TCAP_IOCTL_POOL_MAX ||
	    (cfg->nioctl > 0 && cfg->ioctl_pool == NULL))
		return -TCAP_EINVAL;
	if (cfg->gen_bits > 30 - index_bits(cfg->nslots))
		return -TCAP_EINVAL;
	if (cfg->type_rights != NULL) {
		if (cfg->ntypes < 2 || cfg->ntypes > 0x10000u)
			return -TCAP_EINVAL;
		for (i = 1; i < cfg->ntypes; i++)
			if (!tcap__subset(cfg->type_rights[i], TCAP_RIGHTS_ALL))
				return -TCAP_EINVAL;
	}
	return 0;
}

int
tcap_table_init(struct tcap_table *t, const struct tcap_table_config *cfg)
{
	uint32_t i, bits;
	int err;

	if (t == NULL || cfg == NULL)
		return -TCAP_EFAULT;
	err = check_config(cfg);
	if (err != 0)
		return err;

	bits = index_bits(cfg->nslots);
	t->slots = cfg->slots;
	t->nslots = cfg->nslots;
	t->imask = ((uint32_t)1 << bits) - 1;
	t->gshift = bits + 2;
	t->gmax = cfg->gen_bits == 0 ? (uint32_t)(0xffffffffu >> t->gshift)
				     : ((uint32_t)1 << cfg->gen_bits) - 1;
	t->ops = cfg->ops;
	t->ctx = cfg->ctx;
	t->type_rights = cfg->type_rights;
	t->ntypes = cfg->type_rights != NULL ? cfg->ntypes : 0;
	for (i = 0; i < cfg->nslots; i++) {
		struct tcap_entry *e = &t->slots[i];

		TCAP_MEMSET(e, 0, sizeof(*e));
		e->next = i + 1 < cfg->nslots ? i + 1 : TCAP__NIL;
		e->ioctl = TCAP__IOCTL_ALL;
	}
	t->free_head = 0;
	t->free_tail = cfg->nslots - 1;
	t->nfree = cfg->nslots;
	t->nretired = 0;

	t->pool = cfg->ioctl_pool;
	t->npool = cfg->nioctl;
	t->pool_nfree = cfg->nioctl;
	t->pool_head = cfg->nioctl > 0 ? 0 : TCAP__NIL;
	for (i = 0; i < cfg->nioctl; i++) {
		t->pool[i].refs = 0;
		t->pool[i].n = 0;
		t->pool[i].next = i + 1 < cfg->nioctl ? i + 1 : TCAP__NIL;
	}
	return 0;
}

uint64_t
tcap__type_rights(const struct tcap_table *t, uint32_t type)
{
	if (t->type_rights == NULL)
		return tcap_type_rights(type);
	if (type == TCAP_OBJ_ANY || type >= t->ntypes)
		return 0;
	return t->type_rights[type];
}

static bool
type_valid(const struct tcap_table *t, uint32_t type)
{
	if (type == TCAP_OBJ_ANY)
		return false;
	if (t->type_rights == NULL)
		return type < TCAP_OBJ_BUILTIN_COUNT;
	return type < t->ntypes;
}

struct tcap_entry *
tcap__slot_alloc(struct tcap_table *t)
{
	uint32_t idx = t->free_head;
	struct tcap_entry *e = &t->slots[idx];

	TCAP_ASSERT(t->nfree > 0 && idx != TCAP__NIL);
	t->free_head = e->next;
	if (t->free_head == TCAP__NIL)
		t->free_tail = TCAP__NIL;
	t->nfree--;
	e->next = TCAP__NIL;
	e->tag = (e->gen << t->gshift) | (idx << 2) | TCAP_HANDLE_FIXED_BITS;
	e->ioctl = TCAP__IOCTL_ALL;
	e->fcntls = 0;
	return e;
}

void
tcap__slot_free(struct tcap_table *t, struct tcap_entry *e)
{
	uint32_t idx = (uint32_t)(e - t->slots);

	tcap__ioctl_put(t, e);
	e->tag = 0;
	e->object = NULL;
	e->rights = 0;
	e->fcntls = 0;
	e->type = 0;
	if (e->gen >= t->gmax) {
		/* Every value of this slot has been handed out once. */
		t->nretired++;
		return;
	}
	e->gen++;
	e->next = TCAP__NIL;
	if (t->free_tail == TCAP__NIL)
		t->free_head = idx;
	else
		t->slots[t->free_tail].next = idx;
	t->free_tail = idx;
	t->nfree++;
}

uint16_t
tcap__ioctl_alloc(struct tcap_table *t)
{
	uint32_t i = t->pool_head;

	TCAP_ASSERT(t->pool_nfree > 0 && i != TCAP__NIL);
	t->pool_head = t->pool[i].next;
	t->pool_nfree--;
	t->pool[i].refs = 1;
	t->pool[i].n = 0;
	t->pool[i].next = TCAP__NIL;
	return (uint16_t)i;
}

void
tcap__ioctl_put(struct tcap_table *t, struct tcap_entry *e)
{
	struct tcap_ioctl_list *l;

	if (e->ioctl >= TCAP__IOCTL_EMPTY)
		return;
	l = &t->pool[e->ioctl];
	e->ioctl = TCAP__IOCTL_EMPTY;
	if (--l->refs > 0)
		return;
	l->n = 0;
	l->next = t->pool_head;
	t->pool_head = (uint32_t)(l - t->pool);
	t->pool_nfree++;
}

void
tcap__trim_subrights(struct tcap_table *t, struct tcap_entry *e)
{
	/* Capsicum: removing the parent right clears its sub-rights. */
	if ((e->rights & TCAP_RIGHT_IOCTL) == 0) {
		tcap__ioctl_put(t, e);
		e->ioctl = TCAP__IOCTL_EMPTY;
	}
	if ((e->rights & TCAP_RIGHT_FCNTL) == 0)
		e->fcntls = 0;
}

int
tcap_install(struct tcap_table *t, void *object, uint32_t type, uint64_t rights,
	     tcap_handle_t *out)
{
	struct tcap_entry *e;
	uint64_t meaningful;

	if (t == NULL || out == NULL)
		return -TCAP_EFAULT;
	if (!type_valid(t, type))
		return -TCAP_EINVAL;
	meaningful = tcap__type_rights(t, type);
	if (rights == TCAP_RIGHTS_SAME)
		rights = meaningful;
	else if (!tcap__subset(rights, TCAP_RIGHTS_ALL))
		return -TCAP_EINVAL;
	if (t->nfree == 0)
		return -TCAP_ENOSPC;

	e = tcap__slot_alloc(t);
	e->object = object;
	e->type = (uint16_t)type;
	e->rights = rights & meaningful;
	e->fcntls = TCAP_FCNTLS_ALL;
	tcap__trim_subrights(t, e);
	*out = e->tag;
	return 0;
}

int
tcap_close(struct tcap_table *t, tcap_handle_t h)
{
	struct tcap_entry *e;
	void *object;
	uint32_t type;

	if (t == NULL)
		return -TCAP_EFAULT;
	if (h == TCAP_HANDLE_INVALID)
		return 0;
	e = tcap__entry(t, h);
	if (e == NULL)
		return -TCAP_EBADF;
	object = e->object;
	type = e->type;
	tcap__slot_free(t, e);
	if (t->ops != NULL && t->ops->release != NULL)
		t->ops->release(t->ctx, object, type);
	return 0;
}

int
tcap_lookup(const struct tcap_table *t, tcap_handle_t h, uint64_t need,
	    void **obj)
{
	const struct tcap_entry *e = tcap__entry(t, h);

	if (e == NULL)
		return -TCAP_EBADF;
	if ((e->rights & need) != need)
		return -TCAP_ENOTCAPABLE;
	if (obj != NULL)
		*obj = e->object;
	return 0;
}

int
tcap_lookup_typed(const struct tcap_table *t, tcap_handle_t h, uint32_t type,
		  uint64_t need, void **obj)
{
	const struct tcap_entry *e = tcap__entry(t, h);

	if (e == NULL)
		return -TCAP_EBADF;
	if ((e->rights & need) != need)
		return -TCAP_ENOTCAPABLE;
	if (type != TCAP_OBJ_ANY && e->type != type)
		return -TCAP_EWRONGTYPE;
	if (obj != NULL)
		*obj = e->object;
	return 0;
}

int
tcap_get(const struct tcap_table *t, tcap_handle_t h, struct tcap_info *info)
{
	const struct tcap_entry *e;

	if (t == NULL || info == NULL)
		return -TCAP_EFAULT;
	e = tcap__entry(t, h);
	if (e == NULL)
		return -TCAP_EBADF;
	info->object = e->object;
	info->rights = e->rights;
	info->type = e->type;
	info->fcntls = e->fcntls;
	if (e->ioctl == TCAP__IOCTL_ALL)
		info->nioctls = TCAP_IOCTLS_ALL;
	else if (e->ioctl == TCAP__IOCTL_EMPTY)
		info->nioctls = 0;
	else
		info->nioctls = (int32_t)t->pool[e->ioctl].n;
	return 0;
}

int
tcap_rights_get(const struct tcap_table *t, tcap_handle_t h, uint64_t *rights)
{
	const struct tcap_entry *e;

	if (t == NULL || rights == NULL)
		return -TCAP_EFAULT;
	e = tcap__entry(t, h);
	if (e == NULL)
		return -TCAP_EBADF;
	*rights = e->rights;
	return 0;
}

int
tcap_table_stats(const struct tcap_table *t, struct tcap_table_stats *st)
{
	if (t == NULL || st == NULL)
		return -TCAP_EFAULT;
	st->nslots = t->nslots;
	st->free = t->nfree;
	st->retired = t->nretired;
	st->used = t->nslots - t->nfree - t->nretired;
	st->ioctl_free = t->pool_nfree;
	return 0;
}

int
tcap_table_drain(struct tcap_table *t)
{
	uint32_t i;
	int n = 0;

	if (t == NULL)
		return -TCAP_EFAULT;
	for (i = 0; i < t->nslots; i++) {
		struct tcap_entry *e = &t->slots[i];

		if (e->tag == 0)
			continue;
		(void)tcap_close(t, e->tag);
		n++;
	}
	return n;
}

/* Rights of a derived handle, or -1 if @rights is not a subset of @have. */
static int
derive_rights(uint64_t have, uint64_t rights, uint64_t *out)
{
	if (rights == TCAP_RIGHTS_SAME) {
		*out = have;
		return 0;
	}
	if (!tcap__subset(rights, have))
		return -TCAP_EINVAL;
	*out = rights;
	return 0;
}

int
tcap_duplicate(struct tcap_table *t, tcap_handle_t h, uint64_t rights,
	       tcap_handle_t *out)
{
	struct tcap_entry *src, *e;
	uint64_t r;
	int err;

	if (t == NULL || out == NULL)
		return -TCAP_EFAULT;
	/* Zircon's order: bad handle, missing right, rights not a subset. */
	src = tcap__entry(t, h);
	if (src == NULL)
		return -TCAP_EBADF;
	if ((src->rights & TCAP_RIGHT_DUPLICATE) == 0)
		return -TCAP_ENOTCAPABLE;
	err = derive_rights(src->rights, rights, &r);
	if (err != 0)
		return err;
	if (t->nfree == 0)
		return -TCAP_ENOSPC;

	e = tcap__slot_alloc(t);
	e->object = src->object;
	e->type = src->type;
	e->rights = r;
	e->fcntls = src->fcntls;
	e->ioctl = src->ioctl;
	if (e->ioctl < TCAP__IOCTL_EMPTY)
		t->pool[e->ioctl].refs++;
	tcap__trim_subrights(t, e);
	if (t->ops != NULL && t->ops->retain != NULL)
		t->ops->retain(t->ctx, e->object, e->type);
	*out = e->tag;
	return 0;
}

int
tcap_replace(struct tcap_table *t, tcap_handle_t h, uint64_t rights,
	     tcap_handle_t *out)
{
	struct tcap_entry *src, *e;
	uint64_t r;
	int err;

	if (t == NULL || out == NULL)
		return -TCAP_EFAULT;
	src = tcap__entry(t, h);
	if (src == NULL)
		return -TCAP_EBADF;
	err = derive_rights(src->rights, rights, &r);
	if (err != 0)
		return err;
	if (src->gen < t->gmax) {
		/* Same slot, next generation: cannot run out of space. */
		uint32_t idx = (uint32_t)(src - t->slots);

		src->gen++;
		src->tag = (src->gen << t->gshift) | (idx << 2) |
			   TCAP_HANDLE_FIXED_BITS;
		src->rights = r;
		tcap__trim_subrights(t, src);
		*out = src->tag;
		return 0;
	}
	if (t->nfree == 0)
		return -TCAP_ENOSPC;
	e = tcap__slot_alloc(t);
	e->object = src->object;
	e->type = src->type;
	e->rights = r;
	e->fcntls = src->fcntls;
	e->ioctl = src->ioctl;
	src->ioctl = TCAP__IOCTL_ALL; /* The list moves with the handle. */
	tcap__slot_free(t, src);
	tcap__trim_subrights(t, e);
	*out = e->tag;
	return 0;
}
