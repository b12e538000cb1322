// SPDX-License-Identifier: BSD-2-Clause
/*
 * Helper program of the test suite: does what its argument says.
 *   exit N    exit with status N        null   write to address 0
 *   undef     undefined instruction     text   write to its own code
 *   kernel    read a kernel address     fp     use a floating-point reg
 *   sleep     sleep until killed        spin   loop until killed
 *   handles   exit 10 * handles given (+1 if the first can be duplicated)
 *   hog       allocate until refused; exit 0 if that was ENOMEM
 *   yield N      yield N times
 *   prio         check the set_priority rules
 *   threadexit   exit while two threads spin
 *   threadfault  a second thread writes to address 0
 *   threadsleep  wait to join a spinning thread (until killed)
 *   echo      send back every message on the first handle (a channel)
 *             until the other end closes (channel_reply_wait)
 *   callsrv   serve calls on the first handle: echo each message with its
 *             handles; one starting with 'b' comes back as 200 bytes, one
 *             starting with 's' after 50 ms; until the other end closes
 *   caller N  200 calls on the first handle, each checked against its
 *             own answer; exit 0 when all matched
 *   callonce  one call on the first handle, no time limit; exit with the
 *             answer's first byte (or 100 + the error)
 */
#include "tessera.h"

static long
number(const char *s)
{
	long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

static long
spin_thread(long arg)
{
	(void)arg;
	for (;;)
		__asm__ volatile("" ::: "memory");
	return 0;
}

static long
null_thread(long arg)
{
	volatile int *p = NULL;

	(void)arg;
	*p = 1;
	return 0;
}

static int
call_server(handle_t ch)
{
	char b[MSG_MAX];
	handle_t hs[MSG_HANDLES];
	struct chan_msg m = chan_msg_make(b, sizeof(b), hs, MSG_HANDLES);
	long r = channel_read(ch, &m, 0);

	while (r == 0) {
		size_t len = m.len;

		if (len > 0 && b[0] == 'b') {
			memset(b + 1, 'b', 199);
			len = 200;
		}
		if (len > 0 && b[0] == 's')
			sleep_ns(50000000);
		r = channel_reply_wait(ch, &m, len, m.nh, 0);
	}
	return r == -EPEER ? 0 : 1;
}

static int
caller(handle_t ch, long id)
{
	char b[64], want[64];
	struct chan_msg m = chan_msg_make(b, sizeof(b), NULL, 0);
	int i, n;

	for (i = 0; i < 200; i++) {
		n = snprintf(want, sizeof(want), "e%ld-%d", id, i);
		memcpy(b, want, (size_t)n);
		if (channel_call(ch, &m, (size_t)n, 0, 1000000000ULL) != 0 ||
		    m.len != (uint64_t)n || memcmp(b, want, (size_t)n) != 0)
			return 1;
	}
	return 0;
}

int
main(const char *arg, size_t arglen, size_t nh, const handle_t *h)
{
	(void)arglen;
	if (strncmp(arg, "exit ", 5) == 0)
		return (int)number(arg + 5);
	if (strcmp(arg, "null") == 0) {
		volatile int *p = NULL;

		*p = 1;
	}
	if (strcmp(arg, "undef") == 0)
		__asm__ volatile("udf #1");
	if (strcmp(arg, "text") == 0) {
		volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)main;

		*p = 0;
	}
	if (strcmp(arg, "kernel") == 0) {
		volatile uint64_t *p =
			(volatile uint64_t *)0xffffff8040000000UL;

		return (int)*p;
	}
	if (strcmp(arg, "fp") == 0)
		__asm__ volatile(".arch_extension fp\n\tfmov d0, xzr" ::
					 : "memory");
	if (strcmp(arg, "sleep") == 0) {
		for (;;)
			sleep_ns(1000000000ULL);
	}
	if (strcmp(arg, "spin") == 0) {
		for (;;)
			__asm__ volatile("" ::: "memory");
	}
	if (strcmp(arg, "handles") == 0) {
		int ok = nh > 0 && handle_dup(h[0], RIGHTS_SAME) >= 0;

		return (int)(nh * 10) + ok;
	}
	if (strcmp(arg, "echo") == 0 && nh > 0) {
		char b[MSG_MAX];
		struct chan_msg m = chan_msg_make(b, sizeof(b), NULL, 0);
		long r = channel_read(h[0], &m, 0);

		while (r == 0)
			r = channel_reply_wait(h[0], &m, m.len, 0, 0);
		return r == -EPEER ? 0 : 1;
	}
	if (strcmp(arg, "callsrv") == 0 && nh > 0)
		return call_server(h[0]);
	if (strncmp(arg, "caller ", 7) == 0 && nh > 0)
		return caller(h[0], number(arg + 7));
	if (strcmp(arg, "callonce") == 0 && nh > 0) {
		char b[8] = "x";
		struct chan_msg m = chan_msg_make(b, sizeof(b), NULL, 0);
		long r = channel_call(h[0], &m, 1, 0, 0);

		return r == 0 && m.len > 0 ? b[0] : (int)(100 - r);
	}
	if (strncmp(arg, "yield ", 6) == 0) {
		long n = number(arg + 6);

		while (n-- > 0)
			yield();
		return 0;
	}
	if (strcmp(arg, "prio") == 0) {
		/* Created at 1: may go down and back, not above. */
		if (set_priority(0) != 0 || set_priority(1) != 0)
			return 1;
		if (set_priority(2) != -EPERM || set_priority(4) != -EINVAL)
			return 2;
		return 0;
	}
	if (strcmp(arg, "threadexit") == 0) {
		thread_start(spin_thread, 0);
		thread_start(spin_thread, 0);
		sleep_ns(5000000);
		return 5; /* ends the spinning threads too */
	}
	if (strcmp(arg, "threadfault") == 0) {
		long t = thread_start(null_thread, 0);

		thread_join((handle_t)t, NULL, 0); /* the fault ends us all */
		return 1;
	}
	if (strcmp(arg, "threadsleep") == 0) {
		long t = thread_start(spin_thread, 0);

		thread_join((handle_t)t, NULL, 0); /* until killed */
		return 1;
	}
	if (strcmp(arg, "hog") == 0) {
		long n = 0, r;

		while ((r = vm_alloc(1 << 20, PROT_READ | PROT_WRITE)) >= 0) {
			((volatile char *)r)[0] = 1;
			n++;
		}
		printf("# hog: %ld MiB, then %s\n", n, strerror(r));
		return r == -ENOMEM && n > 0 ? 0 : 1;
	}
	return 100;
}
