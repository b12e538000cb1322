/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file kevent_port.h
 * @brief The whole environment of libkevent: replace it to embed.
 *
 * An embedder compiles with
 * `-DTKEV_PORT_HEADER='<mykernel/kevent_port.h>'` and supplies the same
 * macros; the default below uses compiler headers only.
 *
 * @defgroup tkev_port libkevent port header
 * @{
 * The library uses exactly these macros:
 * - TKEV_MEMSET(d, c, n): fill @p n bytes at @p d with @p c.
 * - TKEV_ASSERT(x): check an internal invariant (never a caller error);
 *   may expand to nothing.
 *
 * No lock macros are used: the library takes no locks (see kevent.h for
 * the locking contract the caller follows).
 */
#ifndef TKEV_KEVENT_PORT_H
#define TKEV_KEVENT_PORT_H

#ifdef TKEV_PORT_HEADER
#include TKEV_PORT_HEADER
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** @brief Fill memory; the only libc-like routine the library needs. */
#define TKEV_MEMSET(d, c, n) __builtin_memset((d), (c), (n))
/** @brief Internal invariant check; off by default. */
#define TKEV_ASSERT(x)	     ((void)0)
#endif

/** @} */
#endif
