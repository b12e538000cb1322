/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private functions shared by the libscheme sources.  Slots are addressed by
 * 16-bit indices; TS_NIL ends every list.  Tokens (handles, scheme tokens,
 * request tags) are (generation << 16) | index; a slot's generation grows
 * each time it is allocated, and handle and request slots are reused in
 * FIFO order so a stale token needs many reuses of the same slot before
 * its generation comes round again.
 */
#ifndef TSCHEME_SCHEME_IMPL_H
#define TSCHEME_SCHEME_IMPL_H

#include <tessera/scheme.h>

#define TS_NIL 0xFFFFu

/* Handle states. */
#define HS_FREE	   0u
#define HS_OPENING 1u /* reserved by an Open or Dup in progress */
#define HS_OPEN	   2u
#define HS_CLOSING 3u /* on its scheme's close list */
#define HS_DEAD	   4u /* its server is gone */
#define HS_ROOT	   5u /* a handle on the built-in /scheme root */

/* Request states. */
#define RS_FREE	    0u
#define RS_QUEUED   1u
#define RS_INFLIGHT 2u
#define RS_ORPHAN   3u /* cancelled after dequeue; waits for the answer */

static inline uint32_t
ts_tok(uint32_t idx, uint16_t gen)
{
	return ((uint32_t)gen << 16) | idx;
}

static inline uint16_t
ts_gen_next(uint16_t gen)
{
	gen++;
	return gen != 0 ? gen : 1;
}

/* path.c */
uint32_t tscheme__hash(uint32_t seed, const char *s, size_t n);

/* registry.c */
int tscheme__scheme_idx(const struct tscheme_ns *ns, uint32_t token);
int tscheme__root_op(struct tscheme_ns *ns, const struct tscheme_call *call,
		     uint32_t hidx, int64_t *result);

/* lifetime.c */
int tscheme__handle_idx(const struct tscheme_ns *ns, uint32_t client,
			uint32_t token);
uint16_t tscheme__handle_alloc(struct tscheme_ns *ns, uint32_t client,
			       uint8_t state, uint16_t scheme);
void tscheme__handle_free(struct tscheme_ns *ns, uint16_t idx);
uint16_t tscheme__req_alloc(struct tscheme_ns *ns);
void tscheme__req_free(struct tscheme_ns *ns, uint16_t idx);
int tscheme__admit(const struct tscheme_ns *ns, uint16_t sidx, uint32_t client,
		   uint16_t *lane);
void tscheme__enqueue(struct tscheme_ns *ns, uint16_t sidx, uint16_t lane,
		      uint16_t ridx);
uint16_t tscheme__dequeue(struct tscheme_ns *ns, uint16_t sidx);
void tscheme__finish(struct tscheme_ns *ns, uint16_t ridx, int64_t result);
uint16_t tscheme__notice_pop(struct tscheme_ns *ns, uint16_t sidx);
void tscheme__orphan_free(struct tscheme_ns *ns, uint16_t ridx);
void tscheme__scheme_teardown(struct tscheme_ns *ns, uint16_t sidx);

#endif /* TSCHEME_SCHEME_IMPL_H */
