/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private declarations shared by the sources of libtessera-cap.  Not installed.
 */
#ifndef TCAP_INTERNAL_H
#define TCAP_INTERNAL_H

#include <tessera/cap.h>

/* End of a free list. */
#define TCAP__NIL 0xffffffffu
/* Ioctl field sentinels: never limited, limited to no command. */
#define TCAP__IOCTL_ALL	  0xffffu
#define TCAP__IOCTL_EMPTY 0xfffeu

/* Capability-mode flag in struct tcap_proc. */
#define TCAP__PROC_CAPMODE 1u

/*
 * The live entry for @h, or NULL.  A value is live only if its slot holds
 * exactly that value: the fixed bits, the index and the generation all
 * take part in the one compare, and a free slot holds 0, which no valid
 * handle equals (hence the h != 0 test).
 */
static inline struct tcap_entry *
tcap__entry(const struct tcap_table *t, tcap_handle_t h)
{
	uint32_t idx = (h >> 2) & t->imask;
	struct tcap_entry *e;

	if (idx >= t->nslots || h == TCAP_HANDLE_INVALID)
		return NULL;
	e = &t->slots[idx];
	return e->tag == h ? e : NULL;
}

static inline bool
tcap__subset(uint64_t sub, uint64_t of)
{
	return (sub & ~of) == 0;
}

/* Rights meaningful for @type in @t, 0 for an unknown type. */
uint64_t tcap__type_rights(const struct tcap_table *t, uint32_t type);

/* Take the slot at the head of the free list; the caller checked nfree. */
struct tcap_entry *tcap__slot_alloc(struct tcap_table *t);

/* Give a slot back: new generation, or retire it when they are used up. */
void tcap__slot_free(struct tcap_table *t, struct tcap_entry *e);

/* Take a free ioctl list; the caller checked pool_nfree. */
uint16_t tcap__ioctl_alloc(struct tcap_table *t);

/* Drop the entry's reference to its ioctl list (if it has one). */
void tcap__ioctl_put(struct tcap_table *t, struct tcap_entry *e);

/* Make the sub-rights of @e agree with its rights after a reduction. */
void tcap__trim_subrights(struct tcap_table *t, struct tcap_entry *e);

#endif /* TCAP_INTERNAL_H */
