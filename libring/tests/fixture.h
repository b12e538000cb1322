/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared scaffolding of the libring tests: an aligned region and setup. */
#ifndef TRING_TEST_FIXTURE_H
#define TRING_TEST_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <tessera/ring.h>

#define REGION_BYTES (TRING_REGION_SIZE(64, 128) + 64)

struct fixture {
	_Alignas(64) uint8_t region[REGION_BYTES];
	struct tring_kring k;
	struct tring_queue q;
	struct tring_cqe store[8];
	struct tring_params p;
};

static inline void
fixture_params(struct fixture *f, uint32_t sq, uint32_t cq, uint32_t start)
{
	memset(&f->p, 0, sizeof(f->p));
	f->p.sq_entries = sq;
	f->p.cq_entries = cq;
	f->p.start = start;
	f->p.overflow = f->store;
	f->p.overflow_entries = 8;
}

static inline void
fixture_up(struct fixture *f)
{
	assert_int_equal(
		tring_setup(&f->k, f->region, sizeof(f->region), &f->p), 0);
	assert_int_equal(tring_queue_init(&f->q, f->region, sizeof(f->region)),
			 0);
}

static inline struct tring_shared *
fixture_sh(struct fixture *f)
{
	return (struct tring_shared *)(void *)f->region;
}

#endif
