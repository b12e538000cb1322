/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file scheme_port.h
 * @brief The only environment libscheme needs: compiler headers and four
 *        memory primitives.
 *
 * @defgroup tscheme_port libscheme port header
 * @brief Replaceable environment of libscheme.
 *
 * The default uses compiler headers only.  An embedder compiles with
 * `-DTSCHEME_PORT_HEADER='<mykernel/scheme_port.h>'` and supplies the same
 * macros: TSCHEME_MEMCPY, TSCHEME_MEMSET, TSCHEME_MEMCMP (same contracts as
 * memcpy, memset and memcmp) and TSCHEME_ASSERT (checks an internal
 * invariant; may expand to nothing).  It may also define TSCHEME_PATH_MAX
 * (the longest path in bytes, default 256); the value must be the same for
 * every file that includes scheme.h.  Nothing here locks: see scheme.h for
 * the locking contract.
 * @{
 */
#ifndef TSCHEME_PORT_H
#define TSCHEME_PORT_H

#ifdef TSCHEME_PORT_HEADER
#include TSCHEME_PORT_HEADER
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** @brief Copy @p n bytes from @p s to @p d (regions do not overlap). */
#define TSCHEME_MEMCPY(d, s, n) __builtin_memcpy((d), (s), (n))
/** @brief Fill @p n bytes at @p d with the byte @p c. */
#define TSCHEME_MEMSET(d, c, n) __builtin_memset((d), (c), (n))
/** @brief Compare @p n bytes; zero when equal. */
#define TSCHEME_MEMCMP(a, b, n) __builtin_memcmp((a), (b), (n))
/** @brief Internal invariant check; the default compiles to nothing. */
#define TSCHEME_ASSERT(x)	((void)0)
#endif

/** @} */
#endif /* TSCHEME_PORT_H */
