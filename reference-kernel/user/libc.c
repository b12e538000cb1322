// SPDX-License-Identifier: BSD-2-Clause
/*
 * A small C library for the reference kernel's programs: strings,
 * formatted output (%d %i %u %x %p %s %c %%, l and z flags, width, zero
 * padding, - for strings) to the console, and a heap: first-fit over 64 KiB
 * arenas from vm_alloc, with freed blocks kept on a list and reused.
 */
#include "tessera.h"

size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; a++, b++, n--) {
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

int
strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

void *
memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n-- > 0)
		*dp++ = *sp++;
	return d;
}

void *
memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;

	while (n-- > 0)
		*dp++ = (unsigned char)c;
	return d;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n > 0; x++, y++, n--) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

struct out {
	char *buf;
	size_t size, len;
};

static void
put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void
put_num(struct out *o, unsigned long v, unsigned int base, int neg, int width,
	char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	if (neg) {
		if (pad == '0')
			put(o, '-');
		width--;
	}
	for (; width > n; width--)
		put(o, pad);
	if (neg && pad != '0')
		put(o, '-');
	while (n > 0)
		put(o, tmp[--n]);
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};

	for (; *fmt != '\0'; fmt++) {
		int lng = 0, width = 0, left = 0;
		char pad = ' ';
		const char *s;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '-') {
			left = 1;
			fmt++;
		}
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);

			put_num(&o,
				v < 0 ? 0UL - (unsigned long)v
				      : (unsigned long)v,
				10, v < 0, width, pad);
			break;
		}
		case 'u':
			put_num(&o,
				lng ? va_arg(ap, unsigned long)
				    : va_arg(ap, unsigned int),
				10, 0, width, pad);
			break;
		case 'x':
			put_num(&o,
				lng ? va_arg(ap, unsigned long)
				    : va_arg(ap, unsigned int),
				16, 0, width, pad);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (unsigned long)va_arg(ap, void *), 16, 0,
				width, pad);
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			width -= (int)strlen(s);
			for (; !left && width > 0; width--)
				put(&o, ' ');
			while (*s != '\0')
				put(&o, *s++);
			for (; left && width > 0; width--)
				put(&o, ' ');
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '%');
			if (*fmt == '\0')
				fmt--;
			else
				put(&o, *fmt);
			break;
		}
	}
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int
printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	debug_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

/* Heap blocks: a header of one size word (multiple of 16), then the data. */
struct block {
	size_t size;
	struct block *next; /* on the free list only */
};

#define ARENA (64 * 1024)

static struct block *free_list;
static char *arena_cur, *arena_end;

void *
malloc(size_t n)
{
	struct block **pp, *b;
	size_t need;

	if (n == 0 || n > ((size_t)1 << 30))
		return NULL;
	need = (n + sizeof(size_t) + 15) & ~(size_t)15;
	if (need < sizeof(struct block))
		need = sizeof(struct block);
	for (pp = &free_list; *pp != NULL; pp = &(*pp)->next) {
		if ((*pp)->size >= need) {
			b = *pp;
			*pp = b->next;
			return (char *)b + sizeof(size_t);
		}
	}
	if (arena_cur == NULL || (size_t)(arena_end - arena_cur) < need) {
		size_t len = need > ARENA ? need : ARENA;
		long va = vm_alloc(len, PROT_READ | PROT_WRITE);

		if (va < 0)
			return NULL;
		arena_cur = (char *)va;
		arena_end = arena_cur + ((len + 4095) & ~(size_t)4095);
	}
	b = (struct block *)(void *)arena_cur;
	b->size = need;
	arena_cur += need;
	return (char *)b + sizeof(size_t);
}

void
free(void *p)
{
	struct block *b;

	if (p == NULL)
		return;
	b = (struct block *)(void *)((char *)p - sizeof(size_t));
	b->next = free_list;
	free_list = b;
}

long
spawn_name(const char *name, const char *arg, const handle_t *h, size_t nh)
{
	return spawn(name, strlen(name), arg, arg != NULL ? strlen(arg) : 0, h,
		     nh);
}

const char *
strerror(long err)
{
	switch (-err) {
	case EINVAL:
		return "invalid argument";
	case ENOSPC:
		return "no space";
	case ENOENT:
		return "not found";
	case EEXIST:
		return "exists";
	case EPERM:
		return "not permitted";
	case EAGAIN:
		return "try again";
	case ERANGE:
		return "out of range";
	case EBUSY:
		return "busy";
	case EBADF:
		return "bad handle";
	case EFAULT:
		return "bad address";
	case ENOTCAPABLE:
		return "handle lacks the right";
	case ECAPMODE:
		return "not allowed in capability mode";
	case EWRONGTYPE:
		return "wrong kind of handle";
	case ENOSYS:
		return "no such system call";
	case ENOMEM:
		return "out of memory";
	case ENOEXEC:
		return "not a program";
	case ETIMEDOUT:
		return "timed out";
	case EPEER:
		return "the other end is closed";
	default:
		return err >= 0 ? "success" : "unknown error";
	}
}

/* channel_read into a buffer: the byte count, or a negative error. */
long
chan_recv(handle_t h, void *buf, size_t cap, handle_t *hs, size_t hcap,
	  size_t *nh, uint64_t timeout_ns)
{
	struct chan_msg m = {(uint64_t)(uintptr_t)buf,
			     cap,
			     (uint64_t)(uintptr_t)hs,
			     hcap,
			     0,
			     0};
	long r = channel_read(h, &m, timeout_ns);

	if (r < 0)
		return r;
	if (nh != NULL)
		*nh = m.nh;
	return (long)m.len;
}

long
open_path(const char *path)
{
	return open(path, strlen(path));
}

long
atol_(const char *s)
{
	long v = 0;

	while (*s == ' ')
		s++;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

/* Register a scheme; a restarted driver may find its old name not yet
 * released (the old process is still being reaped): try for a second. */
long
scheme_register_retry(const char *name)
{
	long r = -EEXIST;
	int i;

	for (i = 0; i < 100 && r == -EEXIST; i++) {
		r = scheme_register(name, strlen(name));
		if (r == -EEXIST)
			sleep_ns(10000000);
	}
	return r;
}

#define TFILES 16

_Noreturn void
serve_files(handle_t sh, tfile_open_fn fn)
{
	static struct tfile f[TFILES];
	struct scheme_req rq;
	long r = scheme_next(sh, &rq, 0);

	for (;;) {
		const char *data = NULL;
		struct tfile *t;
		long res = 0, i;
		size_t n = 0;
		int answer = 1;

		if (r == -EPEER)
			exit(1);
		if (r < 0) {
			r = scheme_next(sh, &rq, 0);
			continue;
		}
		switch (rq.op) {
		case SCHEME_OPEN:
			for (i = 0; i < TFILES && f[i].used; i++)
				;
			if (i == TFILES) {
				res = -ENOSPC;
				break;
			}
			f[i].off = 0;
			f[i].data = f[i].buf;
			f[i].size = 0;
			res = fn(rq.path, rq.path_len, &f[i]);
			if (res >= 0) {
				f[i].used = 1;
				res = i;
			}
			break;
		case SCHEME_READ:
			if (rq.id >= TFILES || !f[rq.id].used) {
				res = -EBADF;
				break;
			}
			t = &f[rq.id];
			n = t->size - t->off;
			if (n > rq.len)
				n = rq.len;
			if (n > 1024)
				n = 1024;
			res = (long)n;
			data = t->data + t->off;
			t->off += n;
			break;
		case SCHEME_CLOSE:
			if (rq.id < TFILES)
				f[rq.id].used = 0;
			answer = 0;
			break;
		case SCHEME_CANCEL:
			res = -EAGAIN;
			break;
		default:
			res = -EPERM;
			break;
		}
		/* The answer and the wait for the next request: one call. */
		r = answer ? scheme_answer_next(sh, rq.tag, res, data, n, &rq)
			   : scheme_next(sh, &rq, 0);
	}
}

void thread_entry(void);

/* Run fn(arg) in a new thread of this process, on a 64 KiB stack of its
 * own (not given back); returns the thread handle or an error. */
long
thread_start(long (*fn)(long), long arg)
{
	const size_t size = 64 * 1024;
	long base = vm_alloc(size, PROT_READ | PROT_WRITE);
	uint64_t *block;

	if (base < 0)
		return base;
	block = (uint64_t *)(uintptr_t)(base + (long)size - 16);
	block[0] = (uint64_t)(uintptr_t)fn;
	block[1] = (uint64_t)arg;
	return thread_create(thread_entry, (uint64_t)(uintptr_t)block,
			     (uint64_t)(uintptr_t)block);
}
