/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The rights algebra: limiting in place, the design notes' CapRights
 * conversion, the meaningful rights of each object type, and the compound
 * rights of mappings and directory-relative opens.
 */
#include "internal.h"

/* Rights every handle may carry whatever its object. */
#define COMMON (TCAP_RIGHT_FSTAT | TCAP_RIGHT_DUPLICATE | TCAP_RIGHT_TRANSFER)

#define FILE_RIGHTS                                                      \
	(COMMON | TCAP_RIGHT_READ | TCAP_RIGHT_WRITE | TCAP_RIGHT_SEEK | \
	 TCAP_RIGHTS_MMAP | TCAP_RIGHT_IOCTL | TCAP_RIGHT_EVENT |        \
	 TCAP_RIGHT_FTRUNCATE | TCAP_RIGHT_FCNTL)

/*
 * A directory carries file rights too: files opened beneath it inherit the
 * directory's rights as their ceiling (Capsicum, capability-fd.cc
 * Inheritance).
 */
static const uint64_t type_rights_table[TCAP_OBJ_BUILTIN_COUNT] = {
	[TCAP_OBJ_ANY] = 0,
	[TCAP_OBJ_FILE] = FILE_RIGHTS,
	[TCAP_OBJ_DIR] = FILE_RIGHTS | TCAP_RIGHT_LOOKUP | TCAP_RIGHT_CREATE,
	[TCAP_OBJ_SOCKET] =
		COMMON | TCAP_RIGHT_READ | TCAP_RIGHT_WRITE | TCAP_RIGHT_IOCTL |
		TCAP_RIGHT_CONNECT | TCAP_RIGHT_ACCEPT | TCAP_RIGHT_BIND |
		TCAP_RIGHT_LISTEN | TCAP_RIGHT_EVENT | TCAP_RIGHT_FCNTL,
	[TCAP_OBJ_PIPE] = COMMON | TCAP_RIGHT_READ | TCAP_RIGHT_WRITE |
			  TCAP_RIGHT_IOCTL | TCAP_RIGHT_EVENT |
			  TCAP_RIGHT_FCNTL,
	[TCAP_OBJ_MMIO] = COMMON | TCAP_RIGHT_READ | TCAP_RIGHT_WRITE |
			  TCAP_RIGHT_SEEK | TCAP_RIGHT_MMAP_R |
			  TCAP_RIGHT_MMAP_W,
	[TCAP_OBJ_DMA] = COMMON | TCAP_RIGHT_READ | TCAP_RIGHT_WRITE |
			 TCAP_RIGHT_SEEK | TCAP_RIGHT_MMAP_R |
			 TCAP_RIGHT_MMAP_W,
	[TCAP_OBJ_IRQ] = COMMON | TCAP_RIGHT_EVENT | TCAP_RIGHT_SIGNAL,
	[TCAP_OBJ_PORT] = COMMON | TCAP_RIGHT_READ | TCAP_RIGHT_WRITE |
			  TCAP_RIGHT_EVENT | TCAP_RIGHT_SIGNAL,
	[TCAP_OBJ_PROCESS] =
		COMMON | TCAP_RIGHT_EVENT | TCAP_RIGHT_KILL | TCAP_RIGHT_WAIT,
	[TCAP_OBJ_EVENTQ] =
		COMMON | TCAP_RIGHT_READ | TCAP_RIGHT_WRITE | TCAP_RIGHT_EVENT,
};

/* The nine rights of the notes' CapRights, mmap as all three. */
#define NOTES_RIGHTS                                              \
	(TCAP_RIGHT_READ | TCAP_RIGHT_WRITE | TCAP_RIGHT_SEEK |   \
	 TCAP_RIGHTS_MMAP | TCAP_RIGHT_FSTAT | TCAP_RIGHT_IOCTL | \
	 TCAP_RIGHT_CONNECT | TCAP_RIGHT_ACCEPT | TCAP_RIGHT_BIND)

uint64_t
tcap_type_rights(uint32_t type)
{
	if (type >= TCAP_OBJ_BUILTIN_COUNT)
		return 0;
	return type_rights_table[type];
}

int
tcap_rights_limit(struct tcap_table *t, tcap_handle_t h, uint64_t rights)
{
	struct tcap_entry *e;

	if (t == NULL)
		return -TCAP_EFAULT;
	/* Capsicum checks the rights value before the descriptor. */
	if (!tcap__subset(rights, TCAP_RIGHTS_ALL))
		return -TCAP_EINVAL;
	e = tcap__entry(t, h);
	if (e == NULL)
		return -TCAP_EBADF;
	if (!tcap__subset(rights, e->rights))
		return -TCAP_ENOTCAPABLE;
	e->rights = rights;
	tcap__trim_subrights(t, e);
	return 0;
}

uint64_t
tcap_rights_from_caprights(const struct tcap_caprights *cr)
{
	uint64_t r = 0;

	if (cr == NULL)
		return 0;
	r |= cr->read ? TCAP_RIGHT_READ : 0;
	r |= cr->write ? TCAP_RIGHT_WRITE : 0;
	r |= cr->seek ? TCAP_RIGHT_SEEK : 0;
	r |= cr->mmap ? TCAP_RIGHTS_MMAP : 0;
	r |= cr->fstat ? TCAP_RIGHT_FSTAT : 0;
	r |= cr->ioctl ? TCAP_RIGHT_IOCTL : 0;
	r |= cr->connect ? TCAP_RIGHT_CONNECT : 0;
	r |= cr->accept ? TCAP_RIGHT_ACCEPT : 0;
	r |= cr->bind ? TCAP_RIGHT_BIND : 0;
	return r;
}

int
tcap_rights_to_caprights(uint64_t rights, struct tcap_caprights *cr)
{
	if (cr == NULL)
		return -TCAP_EFAULT;
	cr->read = (rights & TCAP_RIGHT_READ) != 0;
	cr->write = (rights & TCAP_RIGHT_WRITE) != 0;
	cr->seek = (rights & TCAP_RIGHT_SEEK) != 0;
	cr->mmap = (rights & TCAP_RIGHTS_MMAP) != 0;
	cr->fstat = (rights & TCAP_RIGHT_FSTAT) != 0;
	cr->ioctl = (rights & TCAP_RIGHT_IOCTL) != 0;
	cr->connect = (rights & TCAP_RIGHT_CONNECT) != 0;
	cr->accept = (rights & TCAP_RIGHT_ACCEPT) != 0;
	cr->bind = (rights & TCAP_RIGHT_BIND) != 0;
	return 0;
}

int
tcap_caprights_limit(struct tcap_table *t, tcap_handle_t h,
		     const struct tcap_caprights *cr)
{
	struct tcap_entry *e;
	uint64_t keep, want;

	if (t == NULL || cr == NULL)
		return -TCAP_EFAULT;
	e = tcap__entry(t, h);
	if (e == NULL)
		return -TCAP_EBADF;
	keep = tcap_rights_from_caprights(cr);
	/* A true member must name a right the handle holds. */
	want = keep & ~TCAP_RIGHTS_MMAP;
	if (!tcap__subset(want, e->rights))
		return -TCAP_ENOTCAPABLE;
	if (cr->mmap && (e->rights & TCAP_RIGHTS_MMAP) == 0)
		return -TCAP_ENOTCAPABLE;
	e->rights &= keep | ~NOTES_RIGHTS;
	tcap__trim_subrights(t, e);
	return 0;
}

uint32_t
tcap_rights_to_prot(uint64_t rights)
{
	uint32_t prot = 0;

	if (tcap__subset(TCAP_RIGHTS_MMAP_R, rights))
		prot |= TCAP_PROT_READ;
	if (tcap__subset(TCAP_RIGHTS_MMAP_W, rights))
		prot |= TCAP_PROT_WRITE;
	if (tcap__subset(TCAP_RIGHTS_MMAP_X, rights))
		prot |= TCAP_PROT_EXEC;
	return prot;
}

uint64_t
tcap_prot_rights(uint32_t prot)
{
	uint64_t r = 0;

	if (prot & TCAP_PROT_READ)
		r |= TCAP_RIGHTS_MMAP_R;
	if (prot & TCAP_PROT_WRITE)
		r |= TCAP_RIGHTS_MMAP_W;
	if (prot & TCAP_PROT_EXEC)
		r |= TCAP_RIGHTS_MMAP_X;
	return r;
}

uint64_t
tcap_open_rights(uint32_t flags)
{
	uint64_t r = TCAP_RIGHT_LOOKUP;

	if (flags & TCAP_OPEN_READ)
		r |= TCAP_RIGHT_READ;
	if (flags & TCAP_OPEN_WRITE) {
		r |= TCAP_RIGHT_WRITE;
		/* Writing at an offset needs SEEK unless every write appends.
		 */
		if ((flags & TCAP_OPEN_APPEND) == 0)
			r |= TCAP_RIGHT_SEEK;
	}
	if (flags & TCAP_OPEN_CREATE)
		r |= TCAP_RIGHT_CREATE;
	if (flags & TCAP_OPEN_TRUNC)
		r |= TCAP_RIGHT_FTRUNCATE;
	return r;
}
