/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A bare-metal program standing in for a kernel that embeds libpledge: no
 * C library, no start files, its own port header.  It replays the design
 * notes' TCP server (set up, pledge "stdio inet", then a file open is a
 * violation) and an unveil check, and exits with 0 only if every answer is
 * the expected one.  Built for aarch64 and run under qemu-aarch64, it ends
 * with the Linux exit system call; the library never sees that.
 */
#include <tessera/pledge.h>

enum { SYS_EXIT = 0, SYS_READ = 2, SYS_OPEN = 5, SYS_SOCKET = 6 };

static const struct tpledge_abi abi = {
	.o_accmode = 3,
	.o_rdonly = 0,
	.o_wronly = 1,
	.o_rdwr = 2,
	.o_creat = 0x200,
	.o_trunc = 0x400,
	.af_inet = 2,
	.af_inet6 = 24,
	.af_unix = 1,
	.prot_exec = 4,
};

static const struct tpledge_sysent sys[] = {
	[SYS_EXIT] = {0, "exit", TPLEDGE_RULE_NONE, 0, TPLEDGE_SYS_ALWAYS, 0},
	[SYS_READ] = {TPLEDGE_STDIO, "read", TPLEDGE_RULE_NONE, 0, 0, 0},
	[SYS_OPEN] = {0, "open", TPLEDGE_RULE_OPEN, 1, 0, 0},
	[SYS_SOCKET] = {0, "socket", TPLEDGE_RULE_SOCKET, 0, 0, 0},
};

static const struct tpledge_table table = {sys, 7, 0, &abi};

void *
kmemcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *
kmemset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

int
kmemcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n > 0; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

/* The compiler may call these for struct copies and clears. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *
memcpy(void *dst, const void *src, size_t n)
{
	return kmemcpy(dst, src, n);
}

void *
memset(void *dst, int c, size_t n)
{
	return kmemset(dst, c, n);
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s)
		return kmemcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	return kmemcmp(a, b, n);
}

static void __attribute__((noreturn)) sys_exit(long status)
{
	register long x0 __asm__("x0") = status;
	register long x8 __asm__("x8") = 93; /* Linux exit */

	__asm__ volatile("svc #0" : : "r"(x0), "r"(x8) : "memory");
	for (;;)
		;
}

void
kpanic(const char *what)
{
	(void)what;
	sys_exit(99);
}

static struct tpledge_node nodes[TPLEDGE_UNVEIL_NODES(4, 8)];
static char names[TPLEDGE_UNVEIL_NAME_BYTES(4, 64)];

static int
check(const struct tpledge_state *st, uint32_t nr, uint64_t a0, uint64_t a1)
{
	struct tpledge_call c = {nr, TPLEDGE_OBJ_NONE, {a0, a1, 0, 0, 0, 0}};
	struct tpledge_verdict v;

	return tpledge_check(st, &table, &c, &v);
}

static int
run(void)
{
	struct tpledge_state st;
	struct tpledge_unveil uv;

	if (tpledge_table_validate(&table) != 0)
		return 1;
	tpledge_init(&st);
	if (tpledge_unveil_init(&uv, nodes, sizeof(nodes) / sizeof(nodes[0]),
				names, sizeof(names)) != 0)
		return 2;
	/* Set-up: the configuration is read, the socket made. */
	if (check(&st, SYS_OPEN, 0, 0) != TPLEDGE_ALLOW ||
	    check(&st, SYS_SOCKET, 2, 0) != TPLEDGE_ALLOW)
		return 3;
	if (tpledge_unveil(&uv, NULL, "/var/www", TPLEDGE_CSTR, "r") != 0)
		return 4;
	if (tpledge_pledge_text(&st, &uv, "stdio rpath inet", NULL, NULL) != 0)
		return 5;
	if (tpledge_unveil_check(&uv, NULL, "/var/www/index.html", TPLEDGE_CSTR,
				 TPLEDGE_UV_R) != 0 ||
	    tpledge_unveil_check(&uv, NULL, "/etc/passwd", TPLEDGE_CSTR,
				 TPLEDGE_UV_R) != -TPLEDGE_ENOENT)
		return 6;
	/* Lock down: stdio and inet only; a file open is a violation. */
	if (tpledge_pledge_text(&st, &uv, "stdio inet", NULL, NULL) != 0)
		return 7;
	if (check(&st, SYS_READ, 4, 0) != TPLEDGE_ALLOW ||
	    check(&st, SYS_OPEN, 0, 0) != TPLEDGE_KILL ||
	    check(&st, SYS_EXIT, 0, 0) != TPLEDGE_ALLOW)
		return 8;
	/* Promises only shrink. */
	if (tpledge_pledge_text(&st, &uv, "stdio inet rpath", NULL, NULL) !=
	    -TPLEDGE_EPERM)
		return 9;
	return 0;
}

void _start(void) __attribute__((noreturn));

void
_start(void)
{
	sys_exit(run());
}
