// SPDX-License-Identifier: BSD-2-Clause
/*
 * The C library functions the kernel and the linked libfdt (a userland
 * build) reference.  Compiled with -fno-builtin and without loop-to-call
 * pattern replacement so that none of them calls itself.
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
unsigned long strtoul(const char *s, char **end, int base);

/* libfdt is built with -fstack-protector-strong. */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766;
_Noreturn void __stack_chk_fail(void);

/* Words when both sides share their alignment (page copies and zeroing). */
typedef uint64_t __attribute__((may_alias)) word_t;

void *
memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if ((((uintptr_t)dp ^ (uintptr_t)sp) & 7) == 0) {
		for (; n > 0 && ((uintptr_t)dp & 7) != 0; n--)
			*dp++ = *sp++;
		for (; n >= 16; n -= 16, dp += 16, sp += 16) {
			((word_t *)(void *)dp)[0] =
				((const word_t *)(const void *)sp)[0];
			((word_t *)(void *)dp)[1] =
				((const word_t *)(const void *)sp)[1];
		}
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *
memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp < sp) {
		while (n--)
			*dp++ = *sp++;
	} else {
		while (n--)
			dp[n] = sp[n];
	}
	return d;
}

void *
memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;
	word_t w = 0x0101010101010101ULL * (unsigned char)c;

	for (; n > 0 && ((uintptr_t)dp & 7) != 0; n--)
		*dp++ = (unsigned char)c;
	for (; n >= 16; n -= 16, dp += 16) {
		((word_t *)(void *)dp)[0] = w;
		((word_t *)(void *)dp)[1] = w;
	}
	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *ap = a, *bp = b;

	for (; n > 0; n--, ap++, bp++) {
		if (*ap != *bp)
			return *ap - *bp;
	}
	return 0;
}

/*
 * Eight bytes at a time once aligned: libfdt's string checks call memchr
 * over the rest of the strings block for every name they look up.
 */
void *
memchr(const void *s, int c, size_t n)
{
	const uint64_t ones = 0x0101010101010101, highs = ones << 7;
	const unsigned char *p = s;
	unsigned char ch = (unsigned char)c;
	uint64_t pat = ones * ch;

	for (; n > 0 && ((uintptr_t)p & 7); n--, p++) {
		if (*p == ch)
			return (void *)(uintptr_t)p;
	}
	for (; n >= 8; n -= 8, p += 8) {
		uint64_t w = *(const uint64_t *)(const void *)p ^ pat;

		if ((w - ones) & ~w & highs)
			break; /* a match in these eight */
	}
	for (; n > 0; n--, p++) {
		if (*p == ch)
			return (void *)(uintptr_t)p;
	}
	return NULL;
}

size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (*s == '\0')
			return NULL;
	}
}

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)(uintptr_t)last;
	}
}

int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

static int
digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long
strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && digit(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (; digit(*s) < base; s++)
		v = v * (unsigned long)base + (unsigned long)digit(*s);
	if (end != NULL)
		*end = (char *)(uintptr_t)s;
	return v;
}
