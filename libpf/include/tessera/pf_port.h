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

#endif
