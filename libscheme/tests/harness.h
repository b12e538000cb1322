/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test fixture: a namespace over static pools and a fake embedder whose
 * client memory is one byte array per client, addressed from 0.
 */
#ifndef TSCHEME_TEST_HARNESS_H
#define TSCHEME_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <tessera/scheme.h>

#define FX_CLIENTS  8u
#define FX_MEM	    4096u
#define FX_SCHEMES  16u
#define FX_HANDLES  64u
#define FX_REQS	    64u
#define FX_DONE_MAX 512u

struct fx_event {
	uint32_t client;
	uint32_t handle;
	uint32_t events;
};

struct fx {
	struct tscheme_ns ns;
	struct tscheme_scheme schemes[FX_SCHEMES];
	uint16_t index[TSCHEME_INDEX_LEN(FX_SCHEMES)];
	struct tscheme_handle handles[FX_HANDLES];
	struct tscheme_req reqs[FX_REQS];
	struct tscheme_lane lanes[FX_REQS];
	uint8_t mem[FX_CLIENTS][FX_MEM];
	int fail_copy;
	struct tscheme_completion done[FX_DONE_MAX];
	unsigned ndone;
	struct fx_event ev[64];
	unsigned nev;
};

static inline int
fx_to(void *ctx, uint32_t client, uint64_t uaddr, const void *src, size_t len)
{
	struct fx *fx = ctx;

	if (fx->fail_copy || client >= FX_CLIENTS || uaddr > FX_MEM ||
	    len > FX_MEM - uaddr)
		return -1;
	memcpy(&fx->mem[client][uaddr], src, len);
	return 0;
}

static inline int
fx_from(void *ctx, uint32_t client, void *dst, uint64_t uaddr, size_t len)
{
	struct fx *fx = ctx;

	if (fx->fail_copy || client >= FX_CLIENTS || uaddr > FX_MEM ||
	    len > FX_MEM - uaddr)
		return -1;
	memcpy(dst, &fx->mem[client][uaddr], len);
	return 0;
}

static inline void
fx_complete(void *ctx, const struct tscheme_completion *c)
{
	struct fx *fx = ctx;

	assert_true(fx->ndone < FX_DONE_MAX);
	fx->done[fx->ndone++] = *c;
}

static inline void
fx_event(void *ctx, uint32_t client, uint32_t handle, uint32_t events)
{
	struct fx *fx = ctx;

	assert_true(fx->nev < 64);
	fx->ev[fx->nev].client = client;
	fx->ev[fx->nev].handle = handle;
	fx->ev[fx->nev].events = events;
	fx->nev++;
}

static const struct tscheme_ops fx_ops = {
	.copy_to_client = fx_to,
	.copy_from_client = fx_from,
	.complete = fx_complete,
	.event = fx_event,
};

static inline void
fx_config(struct fx *fx, struct tscheme_config *cfg, uint32_t nschemes,
	  uint32_t nhandles, uint32_t nreqs)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->schemes = fx->schemes;
	cfg->index = fx->index;
	cfg->handles = fx->handles;
	cfg->reqs = fx->reqs;
	cfg->lanes = fx->lanes;
	cfg->nschemes = nschemes;
	cfg->index_len = TSCHEME_INDEX_LEN(nschemes);
	cfg->nhandles = nhandles;
	cfg->nreqs = nreqs;
	cfg->hash_seed = 0x5eed1234u;
	cfg->ops = &fx_ops;
	cfg->ctx = fx;
}

static inline struct fx *
fx_new_sized(uint32_t nschemes, uint32_t nhandles, uint32_t nreqs)
{
	static struct fx fx;
	struct tscheme_config cfg;

	memset(&fx, 0, sizeof(fx));
	fx_config(&fx, &cfg, nschemes, nhandles, nreqs);
	assert_int_equal(tscheme_init(&fx.ns, &cfg), 0);
	return &fx;
}

static inline struct fx *
fx_new(void)
{
	return fx_new_sized(FX_SCHEMES, FX_HANDLES, FX_REQS);
}

static inline uint32_t
fx_register(struct fx *fx, const char *name, uint32_t server)
{
	uint32_t s = 0;

	assert_int_equal(
		tscheme_register(&fx->ns, name, strlen(name), server, 8, 4, &s),
		0);
	return s;
}

/* Submit; returns the raw return code. */
static inline int
fx_call(struct fx *fx, uint32_t client, uint32_t op, uint32_t handle,
	uint64_t buf, uint64_t len, uint32_t *tag, int64_t *res)
{
	struct tscheme_call c;

	memset(&c, 0, sizeof(c));
	c.client = client;
	c.op = op;
	c.handle = handle;
	c.buf = buf;
	c.len = len;
	c.cookie = 0xC0000000u + op;
	return tscheme_submit(&fx->ns, &c, tag, res);
}

static inline int
fx_open(struct fx *fx, uint32_t client, const char *path, uint32_t *tag,
	int64_t *res)
{
	struct tscheme_call c;

	memset(&c, 0, sizeof(c));
	c.client = client;
	c.op = TSCHEME_OP_OPEN;
	c.path = path;
	c.path_len = strlen(path);
	c.cookie = 77;
	return tscheme_submit(&fx->ns, &c, tag, res);
}

/* Open @p path on @p scheme and serve it with server id @p id; returns the
 * client's handle. */
static inline uint32_t
fx_open_served(struct fx *fx, uint32_t client, uint32_t scheme,
	       const char *path, uint64_t id)
{
	struct tscheme_request rq;
	uint32_t tag;
	int64_t res;

	assert_int_equal(fx_open(fx, client, path, &tag, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, scheme, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_OPEN);
	assert_int_equal(rq.tag, tag);
	assert_int_equal(tscheme_answer(&fx->ns, scheme, tag, (int64_t)id), 0);
	assert_true(fx->ndone > 0);
	assert_int_equal(fx->done[fx->ndone - 1].tag, tag);
	assert_true(fx->done[fx->ndone - 1].result > 0);
	return (uint32_t)fx->done[fx->ndone - 1].result;
}

static inline void
fx_assert_empty(struct fx *fx)
{
	struct tscheme_usage u;

	assert_int_equal(tscheme_usage(&fx->ns, &u), 0);
	assert_int_equal(u.handles, 0);
	assert_int_equal(u.requests, 0);
	assert_int_equal(u.lanes, 0);
}

#endif
