/* SPDX-License-Identifier: BSD-2-Clause */
/* Private inline functions shared by the libring sources. */
#ifndef TRING_RING_IMPL_H
#define TRING_RING_IMPL_H

#include <tessera/ring.h>

/* Keeps a rarely taken path out of its caller's registers. */
#if defined(__GNUC__)
#define TRING_NOINLINE_ __attribute__((noinline))
#else
#define TRING_NOINLINE_
#endif

/* Inlined at each use, so a constant argument specializes the body. */
#if defined(__GNUC__)
#define TRING_ALWAYS_INLINE_ inline __attribute__((always_inline))
#else
#define TRING_ALWAYS_INLINE_ inline
#endif

/* Branch hint: the condition is rarely true (a way off the fast path). */
#if defined(__GNUC__)
#define TRING_UNLIKELY_(x) __builtin_expect(!!(x), 0)
#else
#define TRING_UNLIKELY_(x) (x)
#endif

static inline bool
tring_pow2_(uint32_t n)
{
	return n != 0 && (n & (n - 1u)) == 0;
}

static inline bool
tring_aligned_(const void *p, uintptr_t align)
{
	return ((uintptr_t)p & (align - 1u)) == 0;
}

/* Pointers to the arrays of a region whose SQ has @sq entries. */
static inline uint32_t *
tring_array_(void *region)
{
	return (uint32_t *)((uint8_t *)region + TRING_ARRAY_OFFSET);
}

static inline struct tring_sqe *
tring_sqes_(void *region, uint32_t sq)
{
	return (struct tring_sqe *)((uint8_t *)region + TRING_SQES_OFFSET(sq));
}

static inline struct tring_cqe *
tring_cqes_(void *region, uint32_t sq)
{
	return (struct tring_cqe *)((uint8_t *)region + TRING_CQES_OFFSET(sq));
}

#endif /* TRING_RING_IMPL_H */
