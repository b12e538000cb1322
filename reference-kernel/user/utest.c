// SPDX-License-Identifier: BSD-2-Clause
/*
 * The user-space test suite, in TAP: the system call ABI, copy-in and
 * copy-out of bad pointers, address spaces and W^X, processes (spawn with
 * handles, exit, wait, kill), faults that end only their process, handle
 * rights, the scheduler (sleep, preemption), a memory hog, a spawn loop
 * and the system call fuzzer.  Exits with the number of failed tests.
 * With the argument "figures" it prints only the timing figures; with
 * "threads" it runs only the thread tests.
 */
#include "tessera.h"

#define KADDR	 0xffffff8040000000UL
#define UNMAPPED 0x10000000UL
#define SEC	 1000000000ULL

static int n_test, n_fail;

static void
ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		n_fail++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

static void
is(long got, long want, const char *what)
{
	ok(got == want, what);
	if (got != want)
		printf("#   got %ld (%s), want %ld\n", got, strerror(got),
		       want);
}

/* Spawn child with @p arg, wait, return its status or the error. */
static long
run(const char *prog, const char *arg, const handle_t *h, size_t nh)
{
	long c = spawn_name(prog, arg, h, nh);
	int status = -1;
	long r;

	if (c < 0)
		return c;
	r = wait((handle_t)c, &status, 0);
	handle_close((handle_t)c);
	return r < 0 ? r : status;
}

static void
test_abi(void)
{
	is(sys_null(), 0, "null system call returns 0");
	is(syscall6(SYS_COUNT, 0, 0, 0, 0, 0, 0), -ENOSYS,
	   "unknown call number gives ENOSYS");
	is(syscall6(-1, 0, 0, 0, 0, 0, 0), -ENOSYS,
	   "call number -1 gives ENOSYS");
	is(debug_write("# hello from user space\n", 24), 24,
	   "debug_write writes to the console");
	ok(getpid() > 0, "getpid is positive");
	ok(uptime_ns() > 0, "uptime advances from boot");
}

static void
test_copy(void)
{
	static const char ro[16] = "read-only data";
	int st;

	is(debug_write(NULL, 4), -EFAULT, "NULL buffer gives EFAULT");
	is(debug_write((void *)KADDR, 4), -EFAULT,
	   "kernel address gives EFAULT");
	is(debug_write((void *)0xffffffffc0000000UL, 4), -EFAULT,
	   "kernel image address gives EFAULT");
	is(debug_write((void *)UNMAPPED, 4), -EFAULT,
	   "unmapped address gives EFAULT");
	is(debug_write(ro, (size_t)-1), -EFAULT,
	   "overflowing length gives EFAULT");
	is(debug_write(ro, 0x8000000000UL), -EFAULT,
	   "length past user space gives EFAULT");
	is(debug_write(ro, 0), 0, "zero length is fine anywhere");
	long c = spawn_name("child", "exit 3", NULL, 0);

	ok(c >= 0, "spawn child for the copy-out tests");
	is(wait((handle_t)c, (int *)(uintptr_t)ro, 0), -EFAULT,
	   "status pointer into read-only data gives EFAULT");
	is(wait((handle_t)c, (int *)(uintptr_t)test_copy, 0), -EFAULT,
	   "status pointer into code gives EFAULT");
	is(wait((handle_t)c, (int *)KADDR, 0), -EFAULT,
	   "status pointer into the kernel gives EFAULT");
	st = -1;
	is(wait((handle_t)c, &st, 0), 0,
	   "the child is still there to wait for");
	is(st, 3, "and its status is intact");
	handle_close((handle_t)c);
	is(spawn((const char *)KADDR, 5, NULL, 0, NULL, 0), -EFAULT,
	   "spawn with a kernel name pointer gives EFAULT");
	is(spawn("child", 5, NULL, 0, (const handle_t *)UNMAPPED, 1), -EFAULT,
	   "spawn with an unmapped handle list gives EFAULT");
}

static void
test_memory(void)
{
	long a = vm_alloc(8192, PROT_READ | PROT_WRITE);
	volatile char *p = (volatile char *)a;

	ok(a > 0, "vm_alloc read/write");
	if (a > 0) {
		p[0] = 1;
		p[8191] = 2;
		ok(p[0] == 1 && p[8191] == 2, "allocated memory holds values");
		is(debug_write((const void *)(a + 8192), 1), -EFAULT,
		   "guard page after an allocation is unmapped");
		is(debug_write((const void *)(a + 4096), 8192), -EFAULT,
		   "a range running into the guard page gives EFAULT");
		is(debug_write((const void *)a, 8192), -ERANGE,
		   "a write over DEBUG_WRITE_MAX gives ERANGE");
	}
	is(vm_alloc(4096, PROT_WRITE | PROT_EXEC), -EINVAL,
	   "W and X together refused (W^X)");
	is(vm_alloc(0, PROT_READ), -EINVAL, "zero-length allocation refused");
	is(vm_alloc(4096, 8), -EINVAL, "unknown protection bit refused");
	is(vm_alloc((size_t)1 << 40, PROT_READ), -EINVAL,
	   "allocation over the process limit refused");
	char *m = malloc(100), *m2;

	ok(m != NULL, "malloc");
	free(m);
	m2 = malloc(50);
	ok(m2 == m, "free then malloc reuses the block");
	free(m2);
}

static void
test_process(void)
{
	handle_t h[1];
	long c, d;
	int st = -1;

	is(run("child", "exit 42", NULL, 0), 42, "exit status comes back");
	is(run("child", "exit 0", NULL, 0), 0, "exit status 0");
	is(spawn_name("no-such-program", NULL, NULL, 0), -ENOENT,
	   "spawning a missing program gives ENOENT");
	is(spawn_name("", NULL, NULL, 0), -EINVAL, "empty name gives EINVAL");
	is(spawn("child", 5, NULL, 0, NULL, SPAWN_HANDLES_MAX + 1), -EINVAL,
	   "too many handles gives EINVAL");
	is(wait(12345, &st, 0), -EBADF, "wait on a bad handle gives EBADF");
	is(kill(12345), -EBADF, "kill with a bad handle gives EBADF");
	is(handle_close(12345), -EBADF, "close of a bad handle gives EBADF");

	c = spawn_name("child", "sleep", NULL, 0);
	ok(c >= 0, "spawn a sleeper");
	is(wait((handle_t)c, &st, 20000000), -ETIMEDOUT,
	   "wait with a time limit times out");
	d = handle_dup((handle_t)c, RIGHT_WAIT);
	ok(d >= 0, "duplicate with the wait right only");
	is(kill((handle_t)d), -ENOTCAPABLE, "kill without the right refused");
	is(handle_dup((handle_t)d, RIGHT_WAIT | RIGHT_KILL), -ENOTCAPABLE,
	   "rights cannot grow");
	is(kill((handle_t)c), 0, "kill with the right");
	is(wait((handle_t)d, &st, 0), 0, "wait through the duplicate");
	is(st, 137, "killed process has status 137");
	handle_close((handle_t)d);
	handle_close((handle_t)c);

	c = spawn_name("child", "spin", NULL, 0);
	ok(c >= 0, "spawn a spinning process");
	sleep_ns(30000000);
	is(sys_null(), 0, "a spinning process does not stop others");
	kill((handle_t)c);
	is(wait((handle_t)c, &st, SEC), 0, "a spinning process can be killed");
	handle_close((handle_t)c);

	c = spawn_name("child", "exit 1", NULL, 0);
	h[0] = (handle_t)c;
	is(run("child", "handles", h, 1), 11,
	   "spawn passes a handle the child can use");
	is(run("child", "handles", NULL, 0), 0, "no handles by default");
	d = handle_dup((handle_t)c, RIGHT_WAIT);
	h[0] = (handle_t)d;
	is(run("child", "handles", h, 1), -ENOTCAPABLE,
	   "a handle without the transfer right is not passed");
	wait((handle_t)c, NULL, 0);
	handle_close((handle_t)c);
	handle_close((handle_t)d);
}

static void
test_faults(void)
{
	is(run("child", "null", NULL, 0), 139, "NULL write kills the child");
	is(run("child", "undef", NULL, 0), 139,
	   "undefined instruction kills the child");
	is(run("child", "text", NULL, 0), 139,
	   "write to its own code kills the child");
	is(run("child", "kernel", NULL, 0), 139,
	   "read of kernel memory kills the child");
	is(run("child", "fp", NULL, 0), 139,
	   "floating point (not enabled for EL0) kills the child");
	is(sys_null(), 0, "the kernel answers after the faults");
}

static void
test_time(void)
{
	long t0 = uptime_ns(), t1;

	is(sleep_ns(20000000), 0, "sleep 20 ms");
	t1 = uptime_ns();
	ok(t1 - t0 >= 20000000, "at least 20 ms passed");
	is(sleep_ns(SLEEP_MAX_NS + 1), -EINVAL, "overlong sleep refused");
	is(yield(), 0, "yield");
}

static void
test_limits(void)
{
	long h[40];
	int i, n = 0, st;
	long err = 0;

	struct sysinfo s0, s1;

	sysinfo(&s0);
	is(run("child", "hog", NULL, 0), 0,
	   "memory hog ends in ENOMEM for itself");
	sysinfo(&s1);
	is((long)s1.pages_free, (long)s0.pages_free,
	   "every page of the hog comes back when it ends");
	for (i = 0; i < 40; i++) {
		h[i] = spawn_name("child", "sleep", NULL, 0);
		if (h[i] < 0) {
			err = h[i];
			break;
		}
		n++;
	}
	ok(n > 0 && (err == -ENOSPC || err == -ENOMEM),
	   "spawn loop ends in an error, not a hang");
	printf("# spawn loop: %d processes, then %s\n", n, strerror(err));
	for (i = 0; i < n; i++) {
		kill((handle_t)h[i]);
		wait((handle_t)h[i], &st, 0);
		handle_close((handle_t)h[i]);
	}
	is(run("child", "exit 5", NULL, 0), 5,
	   "spawn works again after the loop");
}

static void
test_channels(void)
{
	handle_t c[2], hs[2];
	char b[MSG_MAX + 8];
	size_t nh = 9;
	long r, child;
	int i, st;

	is(channel_create(c), 0, "channel_create");
	is(channel_write(c[0], "ping", 4, NULL, 0), 0, "write a message");
	r = chan_recv(c[1], b, sizeof(b), NULL, 0, &nh, 0);
	ok(r == 4 && memcmp(b, "ping", 4) == 0 && nh == 0,
	   "the other end reads it");
	is(chan_recv(c[1], b, sizeof(b), NULL, 0, NULL, 10000000), -ETIMEDOUT,
	   "read of an empty channel times out");
	is(channel_write(c[0], b, MSG_MAX + 1, NULL, 0), -ERANGE,
	   "oversized message refused");
	is(channel_write(c[0], (void *)KADDR, 4, NULL, 0), -EFAULT,
	   "message from a kernel address gives EFAULT");
	is(channel_write(c[0], "abc", 3, NULL, 0), 0, "write again");
	is(chan_recv(c[1], b, 2, NULL, 0, NULL, 0), -ERANGE,
	   "too small a buffer gives ERANGE");
	is(chan_recv(c[1], (void *)KADDR, 8, NULL, 0, NULL, 0), -EFAULT,
	   "reading into the kernel gives EFAULT");
	is(chan_recv(c[1], b, 8, NULL, 0, NULL, 0), 3,
	   "and the message is still there");
	for (i = 0; i < CHAN_QUEUE; i++)
		channel_write(c[0], "x", 1, NULL, 0);
	is(channel_write(c[0], "x", 1, NULL, 0), -EAGAIN,
	   "a full queue gives EAGAIN");
	for (i = 0; i < CHAN_QUEUE; i++)
		chan_recv(c[1], b, 8, NULL, 0, NULL, 0);
	hs[0] = c[0];
	is(channel_write(c[0], "x", 1, hs, 1), -EINVAL,
	   "an end cannot travel through its own channel");

	child = spawn_name("child", "exit 9", NULL, 0);
	hs[0] = (handle_t)child;
	is(channel_write(c[0], "h", 1, hs, 1), 0, "send a process handle");
	is(wait((handle_t)child, &st, 0), -EBADF,
	   "the sent handle left the sender");
	r = chan_recv(c[1], b, 8, hs, 2, &nh, 0);
	ok(r == 1 && nh == 1, "the handle arrives with the message");
	st = -1;
	is(wait(hs[0], &st, 0), 0, "the received handle works");
	is(st, 9, "and names the same process");
	handle_close(hs[0]);

	handle_close(c[1]);
	is(channel_write(c[0], "x", 1, NULL, 0), -EPEER,
	   "write after the peer closed gives EPEER");
	is(chan_recv(c[0], b, 8, NULL, 0, NULL, 0), -EPEER,
	   "read after the peer closed gives EPEER");
	handle_close(c[0]);

	is(channel_create(c), 0, "channel for the echo child");
	hs[0] = c[1];
	child = spawn_name("child", "echo", hs, 1);
	ok(child >= 0, "spawn echo child with one end");
	handle_close(c[1]);
	is(channel_write(c[0], "hello", 5, NULL, 0), 0, "send to the child");
	r = chan_recv(c[0], b, sizeof(b), NULL, 0, NULL, SEC);
	ok(r == 5 && memcmp(b, "hello", 5) == 0, "the child answers");
	handle_close(c[0]);
	is(wait((handle_t)child, &st, SEC), 0, "the child sees the close");
	is(st, 0, "and exits 0");
	handle_close((handle_t)child);
}

/* channel_call and channel_reply_wait against the "callsrv" child. */
static void
test_calls(void)
{
	static const char ro[16] = "read-only";
	handle_t c[2], hs[MSG_HANDLES], d[2];
	char b[MSG_MAX + 8];
	struct chan_msg m = chan_msg_make(b, sizeof(b), hs, MSG_HANDLES);
	long srv, child, wo, page;
	int st, i, good;

	is(channel_create(c), 0, "channel for the call server");
	srv = spawn_name("child", "callsrv", &c[1], 1);
	ok(srv >= 0, "spawn the call server with one end");
	memcpy(b, "ping", 4);
	is(channel_call(c[0], &m, 4, 0, SEC), 0, "channel_call");
	ok(m.len == 4 && m.nh == 0 && memcmp(b, "ping", 4) == 0,
	   "the reply lands in the call's buffer");
	for (i = 0, good = 1; i < 100; i++) {
		b[0] = 'e';
		b[1] = (char)i;
		if (channel_call(c[0], &m, 2, 0, SEC) != 0 || m.len != 2 ||
		    b[1] != (char)i)
			good = 0;
	}
	ok(good, "100 calls, each with its own reply");
	memset(b, 'm', MSG_MAX);
	is(channel_call(c[0], &m, MSG_MAX, 0, SEC), 0,
	   "a call of MSG_MAX bytes");
	ok(m.len == MSG_MAX && b[MSG_MAX - 1] == 'm', "comes back whole");
	page = vm_alloc(8192, PROT_READ | PROT_WRITE);
	if (page > 0) {
		char *x = (char *)page + 4096 - 100;
		struct chan_msg mx = chan_msg_make(x, MSG_MAX, NULL, 0);

		for (i = 0; i < MSG_MAX; i++)
			x[i] = (char)('A' + i % 26);
		is(channel_call(c[0], &mx, MSG_MAX, 0, SEC), 0,
		   "a call with a buffer across two pages");
		for (i = 0, good = mx.len == MSG_MAX; i < MSG_MAX; i++)
			good &= x[i] == (char)('A' + i % 26);
		ok(good, "its reply comes back across the pages");
	}

	/* Arguments, all checked before the message goes. */
	is(channel_call(12345, &m, 1, 0, SEC), -EBADF,
	   "call on a bad handle gives EBADF");
	wo = handle_dup(c[0], RIGHT_WRITE | RIGHT_TRANSFER);
	is(channel_call((handle_t)wo, &m, 1, 0, SEC), -ENOTCAPABLE,
	   "call without the read right refused");
	handle_close((handle_t)wo);
	is(channel_call(c[0], &m, MSG_MAX + 1, 0, SEC), -ERANGE,
	   "oversized call refused");
	is(channel_call(c[0], &m, 1, MSG_HANDLES + 1, SEC), -ERANGE,
	   "too many handles refused");
	is(channel_call(c[0], &m, 1, 0, SLEEP_MAX_NS + 1), -EINVAL,
	   "overlong time limit refused");
	is(channel_call(c[0], (struct chan_msg *)KADDR, 1, 0, SEC), -EFAULT,
	   "call with a kernel chan_msg gives EFAULT");
	is(channel_call(c[0], (struct chan_msg *)(uintptr_t)ro, 1, 0, SEC),
	   -EFAULT, "call with a read-only chan_msg gives EFAULT");
	{
		struct chan_msg bad = chan_msg_make((void *)KADDR, 8, NULL, 0);

		is(channel_call(c[0], &bad, 4, 0, SEC), -EFAULT,
		   "message in the kernel gives EFAULT");
		bad = chan_msg_make((void *)UNMAPPED, 8, NULL, 0);
		is(channel_call(c[0], &bad, 4, 0, SEC), -EFAULT,
		   "unmapped message gives EFAULT");
		bad = chan_msg_make((void *)(uintptr_t)ro, 8, NULL, 0);
		is(channel_call(c[0], &bad, 4, 0, SEC), -EFAULT,
		   "reply buffer in read-only data gives EFAULT");
		bad = chan_msg_make(b, sizeof(b), (handle_t *)UNMAPPED, 0);
		is(channel_call(c[0], &bad, 1, 1, SEC), -EFAULT,
		   "unmapped handle list gives EFAULT");
		bad = chan_msg_make(b, sizeof(b), (handle_t *)(uintptr_t)ro, 2);
		is(channel_call(c[0], &bad, 1, 0, SEC), -EFAULT,
		   "handle room in read-only data gives EFAULT");
		is(channel_reply_wait(c[0], &bad, 1, 0, SEC), -EFAULT,
		   "reply_wait checks the same before it replies");
	}
	is(chan_recv(c[0], b, sizeof(b), NULL, 0, NULL, 10000000), -ETIMEDOUT,
	   "nothing was sent by the refused calls");
	memcpy(b, "ok", 2);
	m = chan_msg_make(b, sizeof(b), hs, MSG_HANDLES);
	ok(channel_call(c[0], &m, 2, 0, SEC) == 0 && m.len == 2 &&
		   memcmp(b, "ok", 2) == 0,
	   "and the next call gets its own reply");
	m = chan_msg_make(b, 2, NULL, 0);
	b[0] = 'b';
	is(channel_call(c[0], &m, 1, 0, SEC), -ERANGE,
	   "a reply larger than the buffer gives ERANGE");

	/* Handles: the slow path, both ways, with libcap's rules. */
	child = spawn_name("child", "exit 21", NULL, 0);
	m = chan_msg_make(b, sizeof(b), hs, MSG_HANDLES);
	hs[0] = (handle_t)child;
	b[0] = 'e';
	is(channel_call(c[0], &m, 1, 1, SEC), 0, "a call carrying a handle");
	ok(m.nh == 1 && m.len == 1, "the reply carries it back");
	st = -1;
	is(wait(hs[0], &st, SEC), 0, "the handle that came back works");
	is(st, 21, "and names the same process");
	wo = handle_dup(hs[0], RIGHT_WAIT);
	handle_close(hs[0]);
	hs[0] = (handle_t)wo;
	is(channel_call(c[0], &m, 1, 1, SEC), -ENOTCAPABLE,
	   "a handle without the transfer right is refused");
	is(handle_close((handle_t)wo), 0, "and stays with the caller");
	hs[0] = c[0];
	is(channel_call(c[0], &m, 1, 1, SEC), -EINVAL,
	   "an end cannot travel through its own channel");

	/* Time limits: a late reply goes nowhere. */
	b[0] = 's';
	m = chan_msg_make(b, sizeof(b), NULL, 0);
	is(channel_call(c[0], &m, 1, 0, 10000000), -ETIMEDOUT,
	   "a call whose reply is late times out");
	is(chan_recv(c[0], b, sizeof(b), NULL, 0, NULL, 80000000), -ETIMEDOUT,
	   "the late reply is dropped, not queued");
	memcpy(b, "after", 5);
	ok(channel_call(c[0], &m, 5, 0, SEC) == 0 && m.len == 5 &&
		   memcmp(b, "after", 5) == 0,
	   "the next call gets its own reply");

	/* Several clients on one server: each reply to its caller. */
	{
		long k[2];
		int all = 1;

		k[0] = spawn_name("child", "caller 1", &c[0], 1);
		k[1] = spawn_name("child", "caller 2", &c[0], 1);
		for (i = 0; i < 200; i++) {
			int n = snprintf(b, sizeof(b), "e0-%d", i);
			char want[16];

			memcpy(want, b, (size_t)n);
			m = chan_msg_make(b, sizeof(b), NULL, 0);
			if (channel_call(c[0], &m, (size_t)n, 0, SEC) != 0 ||
			    m.len != (uint64_t)n ||
			    memcmp(b, want, (size_t)n) != 0)
				all = 0;
		}
		for (i = 0; i < 2; i++) {
			st = -1;
			if (k[i] < 0 ||
			    wait((handle_t)k[i], &st, 5 * SEC) != 0 || st != 0)
				all = 0;
			handle_close((handle_t)k[i]);
		}
		ok(all, "three clients of one server: every reply to its own "
			"caller");
	}
	handle_close(c[0]);
	is(wait((handle_t)srv, &st, SEC), 0, "the server sees the close");
	is(st, 0, "and exits 0");
	handle_close((handle_t)srv);
	m = chan_msg_make(b, sizeof(b), NULL, 0);
	is(channel_call(c[1], &m, 1, 0, SEC), -EPEER,
	   "a call on an end whose peer closed gives EPEER");
	handle_close(c[1]);

	/* This process as the server: a plain write answers a call, and a
	 * reply to a dead caller. */
	channel_create(d);
	child = spawn_name("child", "callonce", &d[1], 1);
	m = chan_msg_make(b, sizeof(b), NULL, 0);
	ok(channel_read(d[0], &m, SEC) == 0 && m.len == 1 && b[0] == 'x',
	   "a call arrives as a message");
	is(channel_write(d[0], "7", 1, NULL, 0), 0, "channel_write answers it");
	is(wait((handle_t)child, &st, SEC), 0, "the caller returns");
	is(st, '7', "with that answer");
	handle_close((handle_t)child);
	child = spawn_name("child", "callonce", &d[1], 1);
	ok(channel_read(d[0], &m, SEC) == 0 && m.len == 1, "another call");
	kill((handle_t)child);
	wait((handle_t)child, &st, SEC);
	handle_close((handle_t)child);
	is(st, 137, "its caller killed while it waits");
	is(channel_reply_wait(d[0], &m, 1, 0, 10000000), -ETIMEDOUT,
	   "the reply to a dead caller is dropped; the wait goes on");
	is(chan_recv(d[1], b, sizeof(b), NULL, 0, NULL, 1), -ETIMEDOUT,
	   "and nothing reached the end the caller used");
	handle_close(d[1]);
	is(channel_reply_wait(d[0], &m, 1, 0, SEC), -EPEER,
	   "reply_wait with the peer gone gives EPEER");
	is(channel_call(d[0], &m, 1, 0, SEC), -EPEER, "and so does a call");
	handle_close(d[0]);
	is(sys_null(), 0, "the kernel answers after the call tests");
}

static void
test_events(void)
{
	struct event ev[4];
	handle_t c[2];
	long q = eventq_create(), child;

	ok(q >= 0, "eventq_create");
	is(event_subscribe((handle_t)q, 99, 0, 0, 0), -EINVAL,
	   "unknown event kind refused");
	is(event_subscribe((handle_t)q, EVENT_READ, 12345, 0, 0), -EBADF,
	   "subscribing a bad handle gives EBADF");
	is(event_wait((handle_t)q, ev, 4, 10000000), 0,
	   "empty queue times out with 0 events");
	is(event_wait((handle_t)q, (struct event *)KADDR, 4, 1), -EFAULT,
	   "event buffer in the kernel gives EFAULT");
	is(event_subscribe((handle_t)q, EVENT_TIMER, 7, 5000000, EVENT_ONESHOT),
	   0, "one-shot 5 ms timer");
	is(event_wait((handle_t)q, ev, 4, SEC), 1, "the timer fires");
	ok(ev[0].kind == EVENT_TIMER && ev[0].ident == 7,
	   "as a timer event with its id");

	channel_create(c);
	is(event_subscribe((handle_t)q, EVENT_READ, c[1], 0, 0), 0,
	   "subscribe to a channel end");
	channel_write(c[0], "e", 1, NULL, 0);
	is(event_wait((handle_t)q, ev, 4, SEC), 1, "a message makes an event");
	ok(ev[0].kind == EVENT_READ && ev[0].ident == c[1] && ev[0].data == 1,
	   "read event: the end and one message");
	is(event_subscribe((handle_t)q, EVENT_READ, c[1], 0, EVENT_DELETE), 0,
	   "unsubscribe");
	handle_close(c[0]);
	handle_close(c[1]);

	child = spawn_name("child", "exit 12", NULL, 0);
	is(event_subscribe((handle_t)q, EVENT_PROCESS, (uint64_t)child, 0, 0),
	   0, "subscribe to a process");
	is(event_wait((handle_t)q, ev, 4, SEC), 1, "its exit makes an event");
	ok(ev[0].kind == EVENT_PROCESS && ev[0].data == 12 &&
		   (ev[0].flags & EVENT_EOF),
	   "process event with the exit status");
	handle_close((handle_t)child);
	is(handle_close((handle_t)q), 0, "close the queue");
}

static void
test_namespace(size_t nh, const handle_t *h)
{
	char buf[64];
	long f, sys, n;
	int st;

	is(open((const char *)KADDR, 8), -EFAULT,
	   "open of a kernel path gives EFAULT");
	is(open("", 0), -EINVAL, "open of an empty path gives EINVAL");
	is(open_path("/scheme/nope/1"), -ENOENT,
	   "open of a missing scheme gives ENOENT");
	is(scheme_register("Bad!", 4), -EINVAL, "scheme names are checked");
	sys = spawn_name("sys", NULL, NULL, 0);
	ok(sys >= 0, "start the sys driver");
	f = -1;
	for (n = 0; n < 100 && f < 0; n++) {
		f = open_path("/scheme/sys/cpus");
		if (f < 0)
			sleep_ns(10000000);
	}
	ok(f >= 0, "open /scheme/sys/cpus");
	n = read((handle_t)f, buf, sizeof(buf));
	ok(n >= 2 && buf[0] >= '1' && buf[0] <= '9', "read the CPU count");
	is(read((handle_t)f, buf, sizeof(buf)), 0, "then end of file");
	is(read((handle_t)f, (void *)KADDR, 8), -EFAULT,
	   "read into the kernel gives EFAULT");
	is(write((handle_t)f, "x", 1), -EPERM, "the driver refuses writes");
	f = open_path("/scheme");
	n = read((handle_t)f, buf, sizeof(buf) - 1);
	ok(n >= 4 && memcmp(buf, "sys\n", 4) == 0,
	   "/scheme lists the registered scheme");
	handle_close((handle_t)f);
	f = open_path("/scheme/sys/uptime");
	kill((handle_t)sys);
	wait((handle_t)sys, &st, 0);
	handle_close((handle_t)sys);
	is(read((handle_t)f, buf, sizeof(buf)), -EPEER,
	   "a file of a dead driver gives EPEER");
	handle_close((handle_t)f);
	is(open_path("/scheme/sys/cpus"), -ENOENT, "its scheme is gone");

	{
		struct scheme_req rq;
		long sh = scheme_register("utest", 5);

		ok(sh >= 0, "register a scheme of its own");
		is(scheme_answer_next(12345, 1, 0, NULL, 0, &rq), -EBADF,
		   "scheme_answer_next on a bad handle gives EBADF");
		is(scheme_answer_next((handle_t)sh, 1, 0, NULL, 0,
				      (struct scheme_req *)KADDR),
		   -EFAULT, "scheme_answer_next into the kernel gives EFAULT");
		is(scheme_answer_next((handle_t)sh, 1, 0, (void *)UNMAPPED, 4,
				      &rq),
		   -EFAULT, "an unmapped answer payload gives EFAULT");
		is(syscall6(SYS_scheme_answer_next, sh, 1L << 40, 0, 0, 0,
			    (long)&rq),
		   -EINVAL, "a tag out of range gives EINVAL");
		handle_close((handle_t)sh);
	}
	if (nh >= 4) {
		long d = handle_dup(h[2], 1ULL << 3 /* MMAP_R only */);

		is(region_map((handle_t)d, PROT_READ | PROT_WRITE),
		   -ENOTCAPABLE, "mapping writable without the right refused");
		ok(region_map((handle_t)d, PROT_READ) > 0,
		   "read-only mapping allowed");
		is(irq_wait(h[0], 1), -ENOTCAPABLE,
		   "irq_wait on a region handle refused");
		is(region_map(h[3], PROT_READ | PROT_WRITE), -ENOTCAPABLE,
		   "the initrd region is read-only");
		handle_close((handle_t)d);
	}
}

static volatile long counters[4];

static long
count_thread(long i)
{
	long k;

	for (k = 0; k < 100000; k++)
		counters[i]++;
	return 10 + i;
}

static void
test_threads(void)
{
	long t[4], i;
	int st, all = 1;
	struct sysinfo s0, s1;

	sleep_ns(20000000); /* the other CPUs go idle */
	sysinfo(&s0);
	for (i = 0; i < 4; i++)
		t[i] = thread_start(count_thread, i);
	ok(t[0] >= 0 && t[1] >= 0 && t[2] >= 0 && t[3] >= 0,
	   "start four threads");
	for (i = 0; i < 4; i++) {
		st = -1;
		if (thread_join((handle_t)t[i], &st, SEC) != 0 ||
		    st != 10 + i || counters[i] != 100000)
			all = 0;
		handle_close((handle_t)t[i]);
	}
	ok(all, "each thread ran to the end and its status joins");
	/* Diagnostic (the wake-ipi test checks it under -icount): give the
	 * other vCPUs time to take their interrupt first. */
	sleep_ns(20000000);
	sysinfo(&s1);
	printf("# wake-up interrupts: %u on %u CPUs\n", s1.wakeups - s0.wakeups,
	       s1.cpus);
	is(thread_join(12345, &st, 0), -EBADF,
	   "join of a bad handle gives EBADF");
	is(thread_create((void (*)(void))0x400000, 0x1008, 0), -EINVAL,
	   "a misaligned or too low stack is refused");
	is(thread_create((void (*)(void))KADDR, 0x100000, 0), -EINVAL,
	   "a kernel entry point is refused");
	is(run("child", "threadexit", NULL, 0), 5,
	   "exit ends the process with its spinning threads");
	is(run("child", "threadfault", NULL, 0), 139,
	   "a fault in a second thread ends the process");
	{
		long c = spawn_name("child", "threadsleep", NULL, 0);

		sleep_ns(20000000);
		kill((handle_t)c);
		is(wait((handle_t)c, &st, SEC), 0,
		   "kill ends a process blocked in join with a spinning thread");
		is(st, 137, "with status 137");
		handle_close((handle_t)c);
	}
	is(sys_null(), 0, "the kernel answers after the thread tests");
	is(run("child", "prio", NULL, 0), 0,
	   "set_priority: down and back, never above the creator's");
}

static void
test_fuzz(void)
{
	is(run("fuzz", "100000", NULL, 0), 0,
	   "100000 random system calls; the kernel still answers");
	is(sys_null(), 0, "null call after the fuzzer");
}

static void
figures(void)
{
	const long n = 20000;
	long t0, t1, i;

	t0 = uptime_ns();
	for (i = 0; i < n; i++)
		sys_null();
	t1 = uptime_ns();
	printf("# figure: null system call round trip: %ld ns\n",
	       (t1 - t0) / n);
	t0 = uptime_ns();
	for (i = 0; i < n / 10; i++)
		yield();
	t1 = uptime_ns();
	printf("# figure: yield (to the scheduler and back): %ld ns\n",
	       (t1 - t0) / (n / 10));
	{
		long c = spawn_name("child", "yield 2000", NULL, 0);
		int st;

		yield(); /* let it start */
		t0 = uptime_ns();
		for (i = 0; i < 2000; i++)
			yield();
		t1 = uptime_ns();
		wait((handle_t)c, &st, 0);
		handle_close((handle_t)c);
		printf("# figure: context switch, process to process "
		       "(yield): %ld ns\n",
		       (t1 - t0) / 4000);
	}
	{
		handle_t c[2], hs[1];
		char b[16];
		long child;
		int k, st;

		channel_create(c);
		t0 = uptime_ns();
		for (k = 0; k < 1000; k++) {
			channel_write(c[0], "ping", 4, NULL, 0);
			chan_recv(c[1], b, sizeof(b), NULL, 0, NULL, 0);
		}
		t1 = uptime_ns();
		printf("# figure: channel write and read, one process: %ld ns\n",
		       (t1 - t0) / 1000);
		hs[0] = c[1];
		child = spawn_name("child", "echo", hs, 1);
		handle_close(c[1]);
		chan_recv(c[0], b, 0, NULL, 0, NULL, 1); /* let it start */
		t0 = uptime_ns();
		for (k = 0; k < 1000; k++) {
			channel_write(c[0], "ping", 4, NULL, 0);
			chan_recv(c[0], b, sizeof(b), NULL, 0, NULL, 0);
		}
		t1 = uptime_ns();
		printf("# figure: IPC round trip (write, echo, read): %ld ns\n",
		       (t1 - t0) / 1000);
		{
			struct chan_msg m = {
				(uint64_t)(uintptr_t)b, sizeof(b), 0, 0, 0, 0};

			t0 = uptime_ns();
			for (k = 0; k < 1000; k++) {
				memcpy(b, "ping", 4);
				channel_call(c[0], &m, 4, 0, 0);
			}
			t1 = uptime_ns();
			printf("# figure: IPC call round trip (channel_call, "
			       "echo in channel_reply_wait): %ld ns\n",
			       (t1 - t0) / 1000);
		}
		handle_close(c[0]);
		wait((handle_t)child, &st, 0);
		handle_close((handle_t)child);
	}
	t0 = uptime_ns();
	is(run("child", "exit 0", NULL, 0), 0, "spawn and wait for a child");
	t1 = uptime_ns();
	printf("# figure: spawn, run and wait for a process: %ld ns\n",
	       t1 - t0);
}

/* "ipc-N": N call round trips with the echo child, nothing else (for
 * an instruction profile, see docs/kernel-figures.md). */
static void
ipc_loop(long n)
{
	handle_t c[2];
	char b[16];
	struct chan_msg m = {(uint64_t)(uintptr_t)b, sizeof(b), 0, 0, 0, 0};
	long child, k;
	int st;

	channel_create(c);
	child = spawn_name("child", "echo", &c[1], 1);
	handle_close(c[1]);
	memcpy(b, "ping", 4);
	channel_call(c[0], &m, 4, 0, 0); /* it runs */
	for (k = 0; k < n; k++) {
		memcpy(b, "ping", 4);
		channel_call(c[0], &m, 4, 0, 0);
	}
	handle_close(c[0]);
	wait((handle_t)child, &st, 0);
	handle_close((handle_t)child);
}

int
main(const char *arg, size_t arglen, size_t nh, const handle_t *h)
{
	(void)arglen;
	if (strncmp(arg, "ipc-", 4) == 0) {
		ipc_loop(atol_(arg + 4));
		return 0;
	}
	if (strcmp(arg, "figures") == 0) {
		figures();
		return n_fail;
	}
	if (strcmp(arg, "threads") == 0) {
		test_threads();
		printf("# %d tests, %d failed\n", n_test, n_fail);
		return n_fail;
	}
	printf("TAP version 13\n");
	test_abi();
	test_copy();
	test_memory();
	test_process();
	test_faults();
	test_time();
	test_threads();
	test_channels();
	test_calls();
	test_namespace(nh, h);
	test_events();
	test_limits();
	test_fuzz();
	figures();
	printf("1..%d\n", n_test);
	printf("# %d tests, %d failed\n", n_test, n_fail);
	return n_fail;
}
