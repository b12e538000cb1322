/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file cap_port.h
 * @brief The environment of libtessera-cap: the only header that includes
 *        anything.
 *
 * The default uses compiler headers only.  An embedder compiles with
 * `-DTCAP_PORT_HEADER='<mykernel/cap_port.h>'` and supplies the same
 * macros from its own header.
 *
 * @defgroup tcap_port Port macros
 * @ingroup tcap
 * @brief What libtessera-cap needs from its host.
 *
 * - TCAP_MEMCPY(d, s, n): copy @c n bytes, regions do not overlap.
 * - TCAP_MEMMOVE(d, s, n): copy @c n bytes, regions may overlap.
 * - TCAP_MEMSET(d, c, n): fill @c n bytes with byte @c c.
 * - TCAP_ASSERT(x): internal invariant check; never used for caller
 *   mistakes (those return error codes).  The default compiles to nothing.
 *
 * The library takes no locks and reads no clock, so the port has no lock or
 * time macros.
 * @{
 */
#ifndef TCAP_CAP_PORT_H
#define TCAP_CAP_PORT_H

#ifdef TCAP_PORT_HEADER
#include TCAP_PORT_HEADER
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** @brief Copy @p n bytes from @p s to @p d (no overlap). */
#define TCAP_MEMCPY(d, s, n)  __builtin_memcpy((d), (s), (n))
/** @brief Fill @p n bytes at @p d with the byte @p c. */
#define TCAP_MEMSET(d, c, n)  __builtin_memset((d), (c), (n))
/** @brief Copy @p n bytes from @p s to @p d (may overlap). */
#define TCAP_MEMMOVE(d, s, n) __builtin_memmove((d), (s), (n))
/** @brief Internal invariant check; compiled out by default. */
#define TCAP_ASSERT(x)	      ((void)0)
#endif

/** @} */
#endif /* TCAP_CAP_PORT_H */
