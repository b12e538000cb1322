// SPDX-License-Identifier: BSD-2-Clause
/*
 * Kernel console: formatted output to the UART chosen from the device tree,
 * serialised across CPUs by a spinlock.  Supports %d %i %u %x %X %p %s %c %%
 * with the l, ll, z flags, a field width and zero padding.
 */
#include <kernel/kernel.h>

static struct uart console;
static struct spinlock console_lock;

void
console_set(const struct uart *u)
{
	console = *u;
}

bool
console_ready(void)
{
	return console.kind != UART_NONE;
}

void
console_putc(char c)
{
	if (c == '\n')
		uart_putc(&console, '\r');
	uart_putc(&console, c);
}

int
console_getc(void)
{
	return uart_getc(&console);
}

struct sink {
	char *buf; /* NULL: write to the console */
	size_t size;
	size_t len;
};

static void
emit(struct sink *s, char c)
{
	if (s->buf == NULL)
		console_putc(c);
	else if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void
emit_num(struct sink *s, uint64_t v, unsigned int base, bool neg, int width,
	 char pad, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v != 0);
	if (neg)
		width--;
	if (neg && pad == '0')
		emit(s, '-');
	for (; width > n; width--)
		emit(s, pad);
	if (neg && pad != '0')
		emit(s, '-');
	while (n > 0)
		emit(s, tmp[--n]);
}

static uint64_t
fetch(va_list *ap, int lng, bool sgn)
{
	if (lng >= 1)
		return sgn ? (uint64_t)va_arg(*ap, long)
			   : va_arg(*ap, unsigned long);
	return sgn ? (uint64_t)(int64_t)va_arg(*ap, int)
		   : (uint64_t)va_arg(*ap, unsigned int);
}

static void
format(struct sink *s, const char *fmt, va_list ap0)
{
	va_list ap;

	va_copy(ap, ap0);
	for (; *fmt != '\0'; fmt++) {
		int width = 0, lng = 0;
		char pad = ' ';
		uint64_t v;
		const char *str;

		if (*fmt != '%') {
			emit(s, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z')
			lng++, fmt++;
		switch (*fmt) {
		case 'd':
		case 'i':
			v = fetch(&ap, lng, true);
			if ((int64_t)v < 0)
				emit_num(s, -v, 10, true, width, pad, false);
			else
				emit_num(s, v, 10, false, width, pad, false);
			break;
		case 'u':
			emit_num(s, fetch(&ap, lng, false), 10, false, width,
				 pad, false);
			break;
		case 'x':
		case 'X':
			emit_num(s, fetch(&ap, lng, false), 16, false, width,
				 pad, *fmt == 'X');
			break;
		case 'p':
			emit(s, '0');
			emit(s, 'x');
			emit_num(s, (uintptr_t)va_arg(ap, void *), 16, false,
				 16, '0', false);
			break;
		case 'c':
			emit(s, (char)va_arg(ap, int));
			break;
		case 's':
			str = va_arg(ap, const char *);
			if (str == NULL)
				str = "(null)";
			for (; *str != '\0'; str++, width--)
				emit(s, *str);
			for (; width > 0; width--)
				emit(s, ' ');
			break;
		case '\0':
			fmt--;
			break;
		default:
			emit(s, '%');
			emit(s, *fmt);
			break;
		}
	}
	va_end(ap);
}

void
kvprintf(const char *fmt, va_list ap)
{
	struct sink s = {0};

	spin_lock(&console_lock);
	format(&s, fmt, ap);
	spin_unlock(&console_lock);
}

void
kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

void
kprintf_unlocked(const char *fmt, ...)
{
	struct sink s = {0};
	va_list ap;

	va_start(ap, fmt);
	format(&s, fmt, ap);
	va_end(ap);
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	struct sink s = {buf, size, 0};
	va_list ap;

	va_start(ap, fmt);
	format(&s, fmt, ap);
	va_end(ap);
	if (size > 0)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}

void
console_flush(void)
{
	uart_flush(&console);
}
