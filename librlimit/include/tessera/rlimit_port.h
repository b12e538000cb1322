/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file rlimit_port.h
 * @brief The environment of librlimit: the only header that includes
 *        anything.
 *
 * @defgroup trlimit_port librlimit port
 * @brief Compiler headers and the few macros the library needs.
 *
 * The default uses compiler headers only.  An embedder compiles with
 * `-DTRLIMIT_PORT_HEADER='<mykernel/rlimit_port.h>'` and supplies the same
 * macros there.  The library takes no locks and reads no clock, so the port
 * needs neither.
 * @{
 */
#ifndef TRLIMIT_RLIMIT_PORT_H
#define TRLIMIT_RLIMIT_PORT_H

#ifdef TRLIMIT_PORT_HEADER
#include TRLIMIT_PORT_HEADER
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** @brief Fill @p n bytes at @p d with byte @p c (memset contract). */
#define TRLIMIT_MEMSET(d, c, n) __builtin_memset((d), (c), (n))
/** @brief Copy @p n bytes from @p s to @p d (memcpy contract). */
#define TRLIMIT_MEMCPY(d, s, n) __builtin_memcpy((d), (s), (n))
/** @brief Check an internal invariant; compiled out by default. */
#define TRLIMIT_ASSERT(x)	((void)0)
#endif

#endif /* TRLIMIT_RLIMIT_PORT_H */
/** @} */
