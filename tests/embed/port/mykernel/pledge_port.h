/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The port header of a small kernel that embeds libpledge: its own memory
 * functions and its own panic, reached through the library's macros.  The
 * include guard is the library's, so the default port header is skipped.
 */
#ifndef MYKERNEL_PLEDGE_PORT_H
#define MYKERNEL_PLEDGE_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *kmemcpy(void *dst, const void *src, size_t n);
void *kmemset(void *dst, int c, size_t n);
int kmemcmp(const void *a, const void *b, size_t n);
void kpanic(const char *what) __attribute__((noreturn));

#define TPLEDGE_MEMCPY(d, s, n) kmemcpy((d), (s), (n))
#define TPLEDGE_MEMSET(d, c, n) kmemset((d), (c), (n))
#define TPLEDGE_MEMCMP(a, b, n) kmemcmp((a), (b), (n))
#define TPLEDGE_ASSERT(x)	((x) ? (void)0 : kpanic(#x))

#endif
