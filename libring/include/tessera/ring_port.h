/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file ring_port.h
 * @brief Environment of libring: the only header that includes anything.
 *
 * An embedder compiles with
 * `-DTRING_PORT_HEADER='<mykernel/ring_port.h>'` and supplies the same
 * macros.  The default below uses compiler headers and the GCC/Clang
 * `__atomic` builtins on plain `uint32_t` words, so the shared-memory
 * structures stay plain C types with one layout on every target.
 */
#ifndef TRING_PORT_H
#define TRING_PORT_H

#ifdef TRING_PORT_HEADER
#include TRING_PORT_HEADER
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * GCC on aarch64 would otherwise call libgcc routines for atomic
 * read-modify-write operations (-moutline-atomics); a freestanding library
 * may not reference them, so keep the instructions inline.
 */
#if defined(__aarch64__) && defined(__GNUC__) && !defined(__clang__)
#pragma GCC target("no-outline-atomics")
#endif

/** Copy @p n bytes from @p s to @p d (the regions do not overlap). */
#define TRING_MEMCPY(d, s, n)	  __builtin_memcpy((d), (s), (n))
/** Fill @p n bytes at @p d with the byte @p c. */
#define TRING_MEMSET(d, c, n)	  __builtin_memset((d), (c), (n))
/** Internal invariant check; the default compiles to nothing. */
#define TRING_ASSERT(x)		  ((void)0)

/**
 * Load the 32-bit word at @p p with acquire ordering: later loads and
 * stores of this thread are not moved before it.
 */
#define TRING_LOAD_ACQUIRE(p)	  __atomic_load_n((p), __ATOMIC_ACQUIRE)
/** Load the 32-bit word at @p p atomically, without ordering. */
#define TRING_LOAD_RELAXED(p)	  __atomic_load_n((p), __ATOMIC_RELAXED)
/**
 * Store @p v to the 32-bit word at @p p with release ordering: earlier
 * loads and stores of this thread are visible before it.
 */
#define TRING_STORE_RELEASE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
/** Store @p v to the 32-bit word at @p p atomically, without ordering. */
#define TRING_STORE_RELAXED(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
/**
 * Compare-and-swap on the 32-bit word at @p p: if it equals `*e`, store
 * @p d and yield true (acquire-release); otherwise copy the current value
 * to `*e` and yield false (relaxed).
 */
#define TRING_CAS(p, e, d)                                                  \
	__atomic_compare_exchange_n((p), (e), (d), false, __ATOMIC_ACQ_REL, \
				    __ATOMIC_RELAXED)
/**
 * Compiler barrier: memory accesses are not moved across it and values
 * read before it are not re-read after it.  Used after copying an entry
 * out of shared memory, so every check reads the private copy.
 */
#define TRING_COMPILER_BARRIER() __atomic_signal_fence(__ATOMIC_SEQ_CST)
/** Full memory barrier (sequentially consistent fence). */
#define TRING_FENCE()		 __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

#endif /* TRING_PORT_H */
