/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel-wide declarations: console, exit, spinlocks, per-CPU state. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kernel/uart.h>

#define TESSERA_VERSION "0.1.0"

/* Exit statuses (semihosting SYS_EXIT; QEMU exits with them). */
#define EXIT_OK	       0
#define EXIT_FATAL     1 /* boot could not go on: bad device tree etc. */
#define EXIT_EXCEPTION 3 /* unexpected exception */

struct spinlock {
	uint32_t locked;
};

/*
 * A waiter sleeps in WFE; the release wakes it with SEV.  An SEV between
 * the waiter's check and its WFE is not lost: it sets the event register
 * and the WFE returns at once.  (Under QEMU, WFE also hands the host
 * thread to the vCPU that holds the lock.)
 */
#if defined(__aarch64__)
#define SPIN_WAIT() __asm__ volatile("wfe" ::: "memory")
#define SPIN_WAKE() __asm__ volatile("dsb ish\n\tsev" ::: "memory")
#else /* host tests */
#define SPIN_WAIT() ((void)0)
#define SPIN_WAKE() ((void)0)
#endif

static inline void
spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			SPIN_WAIT();
}

static inline void
spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	SPIN_WAKE();
}

void console_set(const struct uart *u);
bool console_ready(void);
void console_putc(char c);
int console_getc(void);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Print without taking the console lock (exception reports). */
void kprintf_unlocked(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Stop the machine: semihosting exit, else the board's power-off. */
_Noreturn void kernel_exit(int status);
_Noreturn void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static inline unsigned int
this_cpu(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(v));
	return (unsigned int)v;
}

#endif
