/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared fixtures of the libtessera-cap unit tests. */
#ifndef TCAP_TEST_FIXTURES_H
#define TCAP_TEST_FIXTURES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <tessera/cap.h>

#define FX_SLOTS 8
#define FX_POOL	 2

/* A table with hooks that count references per object. */
struct fx {
	struct tcap_table t;
	struct tcap_entry slots[FX_SLOTS];
	struct tcap_ioctl_list pool[FX_POOL];
	int retains;
	int releases;
	void *last_obj;
	uint32_t last_type;
};

static inline void
fx_retain(void *ctx, void *object, uint32_t type)
{
	struct fx *f = ctx;

	f->retains++;
	f->last_obj = object;
	f->last_type = type;
}

static inline void
fx_release(void *ctx, void *object, uint32_t type)
{
	struct fx *f = ctx;

	f->releases++;
	f->last_obj = object;
	f->last_type = type;
}

static const struct tcap_object_ops fx_ops = {
	.retain = fx_retain,
	.release = fx_release,
};

/* Initialise @f with @nslots slots (at most FX_SLOTS), the full pool. */
static inline void
fx_init_n(struct fx *f, uint32_t nslots, uint32_t gen_bits)
{
	struct tcap_table_config cfg = {
		.slots = f->slots,
		.nslots = nslots,
		.ioctl_pool = f->pool,
		.nioctl = FX_POOL,
		.ops = &fx_ops,
		.ctx = f,
		.gen_bits = gen_bits,
	};

	memset(f, 0, sizeof(*f));
	assert_int_equal(tcap_table_init(&f->t, &cfg), 0);
}

static inline struct fx *
fx_new(void)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	fx_init_n(f, FX_SLOTS, 0);
	return f;
}

static inline tcap_handle_t
fx_install(struct fx *f, void *obj, uint32_t type, uint64_t rights)
{
	tcap_handle_t h = TCAP_HANDLE_INVALID;

	assert_int_equal(tcap_install(&f->t, obj, type, rights, &h), 0);
	return h;
}

static inline uint64_t
fx_rights(struct fx *f, tcap_handle_t h)
{
	uint64_t r = 0;

	assert_int_equal(tcap_rights_get(&f->t, h, &r), 0);
	return r;
}

#define FX_SETUP(f)    struct fx *f = fx_new()
#define FX_TEARDOWN(f) free(f)

#endif /* TCAP_TEST_FIXTURES_H */
