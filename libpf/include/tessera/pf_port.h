/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file pf_port.h
 * @brief The whole environment of libpf: compiler headers and a few macros.
 *
 * An embedder may compile with -DTPF_PORT_HEADER='<mykernel/pf_port.h>'
 * and supply the same macros there.
 */
#ifndef TPF_PF_PORT_H
#define TPF_PF_PORT_H

#ifdef TPF_PORT_HEADER
#include TPF_PORT_HEADER
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Copy @p n bytes from @p s to @p d (regions do not overlap). */
#define TPF_MEMCPY(d, s, n)	__builtin_memcpy((d), (s), (n))
/** Fill @p n bytes at @p d with byte @p c. */
#define TPF_MEMSET(d, c, n)	__builtin_memset((d), (c), (n))
/** Compare @p n bytes; zero when equal. */
#define TPF_MEMCMP(a, b, n)	__builtin_memcmp((a), (b), (n))
/** Internal invariant check; compiled out by default. */
#define TPF_ASSERT(x)		((void)0)
/** Load a pointer with acquire ordering (ruleset swap). */
#define TPF_LOAD_ACQUIRE(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
/** Store a pointer with release ordering (ruleset swap). */
#define TPF_STORE_RELEASE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#endif

#ifndef TPF_PREFETCH
/**
 * Hint that the cache line at @p p will be read soon (may be empty).  The
 * empty asm keeps the compiler from deleting a loop that only prefetches.
 */
#define TPF_PREFETCH(p)                                \
	do {                                           \
		const void *tpf_pf_ = (p);             \
		__builtin_prefetch(tpf_pf_, 0, 3);     \
		__asm__ volatile("" : : "r"(tpf_pf_)); \
	} while (0)
#endif

#endif
