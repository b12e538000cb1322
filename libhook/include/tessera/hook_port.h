/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file hook_port.h
 * @brief The whole environment of libhook: the only header it includes.
 *
 * The default uses compiler headers and builtins only.  An embedder compiles
 * with `-DTHOOK_PORT_HEADER='<mykernel/hook_port.h>'` and supplies the same
 * macros.
 *
 * @defgroup thook_port libhook port macros
 * @brief Macros an embedder may replace.
 *
 * - #THOOK_MEMCPY (dst, src, n): copy @c n bytes, no overlap.  The
 *   interpreter loads and stores program memory through it with constant
 *   sizes 1, 2, 4 and 8, so it must compile to plain accesses for those.
 * - #THOOK_MEMSET (dst, c, n): fill @c n bytes with @c c.
 * - #THOOK_MEMCMP (a, b, n): compare @c n bytes, 0 when equal.
 * - #THOOK_ATOMIC_FETCH_ADD, #THOOK_ATOMIC_FETCH_OR, #THOOK_ATOMIC_FETCH_AND,
 *   #THOOK_ATOMIC_FETCH_XOR, #THOOK_ATOMIC_XCHG (ptr, val) and
 *   #THOOK_ATOMIC_CMPXCHG (ptr, expected, desired): sequentially consistent
 *   read-modify-write on naturally aligned 32- and 64-bit objects; each
 *   returns the old value.  Programs use them on memory shared between
 *   CPUs (map values), so they must be real atomics on an SMP kernel.
 * - #THOOK_ASSERT (x): internal invariant; may compile to nothing.
 *
 * Storage model, time and locking: the port holds no state, reads no clock
 * and takes no lock.
 * @{
 */
#ifndef THOOK_PORT_H
#define THOOK_PORT_H

#ifdef THOOK_PORT_HEADER
#include THOOK_PORT_HEADER
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** @brief Copy @p n bytes from @p s to @p d (no overlap). */
#define THOOK_MEMCPY(d, s, n) __builtin_memcpy((d), (s), (n))
/** @brief Set @p n bytes at @p d to @p c. */
#define THOOK_MEMSET(d, c, n) __builtin_memset((d), (c), (n))
/** @brief Compare @p n bytes of @p a and @p b; 0 when equal. */
#define THOOK_MEMCMP(a, b, n) __builtin_memcmp((a), (b), (n))
/** @brief Atomic add; returns the old value of @p *p. */
#define THOOK_ATOMIC_FETCH_ADD(p, v) \
	__atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
/** @brief Atomic or; returns the old value of @p *p. */
#define THOOK_ATOMIC_FETCH_OR(p, v) \
	__atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
/** @brief Atomic and; returns the old value of @p *p. */
#define THOOK_ATOMIC_FETCH_AND(p, v) \
	__atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
/** @brief Atomic xor; returns the old value of @p *p. */
#define THOOK_ATOMIC_FETCH_XOR(p, v) \
	__atomic_fetch_xor((p), (v), __ATOMIC_SEQ_CST)
/** @brief Atomic exchange; returns the old value of @p *p. */
#define THOOK_ATOMIC_XCHG(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
/**
 * @brief Atomic compare and exchange: if @p *p equals @p e, store @p d.
 * Evaluates to the old value of @p *p either way.
 */
#define THOOK_ATOMIC_CMPXCHG(p, e, d)                                     \
	__extension__({                                                   \
		__typeof__(*(p)) thook_old_ = (e);                        \
		__atomic_compare_exchange_n((p), &thook_old_, (d), false, \
					    __ATOMIC_SEQ_CST,             \
					    __ATOMIC_SEQ_CST);            \
		thook_old_;                                               \
	})
/** @brief Internal invariant check; the default compiles to nothing. */
#define THOOK_ASSERT(x) ((void)0)
#endif

/** @} */
#endif /* THOOK_PORT_H */
