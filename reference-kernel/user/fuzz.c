// SPDX-License-Identifier: BSD-2-Clause
/*
 * System call fuzzer: random call numbers (including unknown ones) with
 * random arguments drawn from kernel addresses, unmapped and read-only
 * user addresses, valid buffers, NULL, huge lengths and plain noise.
 * Never called: exit and thread_exit (they end the fuzzer), thread_create
 * (a thread at a random address runs garbage), open (it could wait for a
 * driver that is the fuzzer itself).  Every wait is kept short; writes go
 * to the console only with bad pointers or zero lengths.  Argument: the
 * number of calls (default 100000).  Exits 0 when the kernel still
 * answers a null call afterwards.
 */
#include "tessera.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static char buf[8192];

static long
pick_arg(void)
{
	static const uint64_t special[] = {
		0,
		1,
		0xffffffffffffffffULL,
		0x7fffffffffffffffULL,
		0xffffff8040000000ULL, /* kernel linear map */
		0xffffffffc0000000ULL, /* kernel image */
		0x10000000ULL,	       /* unmapped */
		0x8000000000ULL,       /* just above user space */
		0x7ffffffff0ULL,       /* top of user space, unmapped */
		0x400000ULL,	       /* program text: read-only */
		4096,
		4097,
		0x100000000ULL,
	};

	switch (next() % 6) {
	case 0:
		return (long)next();
	case 1:
		return (long)(next() % 64);
	case 2:
		return (long)(uintptr_t)(buf + next() % sizeof(buf));
	default:
		return (long)special[next() %
				     (sizeof(special) / sizeof(special[0]))];
	}
}

int
main(const char *arg, size_t arglen, size_t nh, const handle_t *h)
{
	long calls = 100000, i, errors = 0, ok = 0;

	(void)nh;
	(void)h;
	if (arglen > 0) {
		calls = 0;
		while (*arg >= '0' && *arg <= '9')
			calls = calls * 10 + (*arg++ - '0');
	}
	for (i = 0; i < calls; i++) {
		long nr = (long)(next() % (SYS_COUNT + 4)), a[6], r;
		int k;

		for (k = 0; k < 6; k++)
			a[k] = pick_arg();
		/* Not these: they end the fuzzer, or start a thread at a
		 * random address that would run garbage in its name. */
		if (nr == SYS_exit || nr == SYS_thread_exit ||
		    nr == SYS_thread_create)
			nr = SYS_null;
		/* Waits end: a time limit of 1..1000 ns whenever the limit
		 * would be accepted (0 means no limit). */
		if (nr == SYS_sleep && (uint64_t)a[0] <= SLEEP_MAX_NS)
			a[0] %= 1000;
		if ((nr == SYS_wait || nr == SYS_channel_read ||
		     nr == SYS_scheme_next) &&
		    (uint64_t)a[2] <= SLEEP_MAX_NS)
			a[2] = a[2] % 1000 + 1;
		if ((nr == SYS_channel_call || nr == SYS_channel_reply_wait) &&
		    (uint64_t)a[4] <= SLEEP_MAX_NS)
			a[4] = a[4] % 1000 + 1;
		if (nr == SYS_event_wait && (uint64_t)a[3] <= SLEEP_MAX_NS)
			a[3] = a[3] % 1000 + 1;
		if (nr == SYS_irq_wait && (uint64_t)a[1] <= SLEEP_MAX_NS)
			a[1] = a[1] % 1000 + 1;
		/* An open could wait for a driver that is this very process
		 * (without files, read and write only meet bad handles). */
		if (nr == SYS_open)
			nr = SYS_getpid;
		/* It waits without a time limit on a scheme it may have
		 * registered itself. */
		if (nr == SYS_scheme_answer_next)
			nr = SYS_getpid;
		if (nr == SYS_debug_write &&
		    (uintptr_t)a[0] >= (uintptr_t)buf &&
		    (uintptr_t)a[0] < (uintptr_t)buf + sizeof(buf))
			a[1] = 0;
		if (nr == SYS_debug_write && (uint64_t)a[0] == 0x400000ULL)
			a[1] = 0;
		r = syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (r < 0)
			errors++;
		else
			ok++;
	}
	printf("# fuzz: %ld calls, %ld errors, %ld successes\n", calls, errors,
	       ok);
	return sys_null() == 0 ? 0 : 1;
}
