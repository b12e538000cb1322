/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file pledge_port.h
 * @brief The whole environment of libpledge: the only header it includes.
 *
 * The default uses compiler headers only.  An embedder compiles with
 * `-DTPLEDGE_PORT_HEADER='<mykernel/pledge_port.h>'` and supplies the same
 * macros.
 *
 * @defgroup tpledge_port libpledge port macros
 * @brief Macros an embedder may replace.
 *
 * - #TPLEDGE_MEMCPY (dst, src, n): copy @c n bytes, no overlap.
 * - #TPLEDGE_MEMSET (dst, c, n): fill @c n bytes with @c c.
 * - #TPLEDGE_MEMCMP (a, b, n): compare @c n bytes, 0 when equal.
 * - #TPLEDGE_ASSERT (x): internal invariant; may compile to nothing.
 *
 * Storage model, time and locking: the port holds no state, reads no clock
 * and takes no lock.
 * @{
 */
#ifndef TPLEDGE_PORT_H
#define TPLEDGE_PORT_H

#ifdef TPLEDGE_PORT_HEADER
#include TPLEDGE_PORT_HEADER
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** @brief Copy @p n bytes from @p s to @p d (no overlap). */
#define TPLEDGE_MEMCPY(d, s, n) __builtin_memcpy((d), (s), (n))
/** @brief Set @p n bytes at @p d to @p c. */
#define TPLEDGE_MEMSET(d, c, n) __builtin_memset((d), (c), (n))
/** @brief Compare @p n bytes of @p a and @p b; 0 when equal. */
#define TPLEDGE_MEMCMP(a, b, n) __builtin_memcmp((a), (b), (n))
/** @brief Internal invariant check; the default compiles to nothing. */
#define TPLEDGE_ASSERT(x)	((void)0)
#endif

/** @} */
#endif /* TPLEDGE_PORT_H */
