// SPDX-License-Identifier: BSD-2-Clause
/*
 * The first process.  It receives the kernel's device handles (UART
 * registers, UART interrupt, GPIO registers, initrd), starts the drivers
 * (serial, gpio, sys, initfs) each with only the handles it needs, then
 * the shell with a channel back to init, and supervises them: a driver or
 * shell that ends with a non-zero status is started again (status 0: a
 * driver with no device to drive).  Over the channel it kills processes
 * it started, by process id: the shell calls (channel_call), init answers
 * with channel_reply_wait.
 */
#include "tessera.h"

enum { H_UART, H_UART_IRQ, H_GPIO, H_INITRD, H_COUNT };

struct child {
	const char *name;
	int h[2], nh; /* indexes into the kernel's handles */
	long handle;
	long pid;
	int restarts;
};

static struct child kids[] = {
	{"serial", {H_UART, H_UART_IRQ}, 2, -1, 0, 0},
	{"gpio", {H_GPIO, 0}, 1, -1, 0, 0},
	{"sys", {0, 0}, 0, -1, 0, 0},
	{"initfs", {H_INITRD, 0}, 1, -1, 0, 0},
	{"shell", {0, 0}, 0, -1, 0, 0},
};
#define NKIDS (sizeof(kids) / sizeof(kids[0]))

static handle_t dev[H_COUNT];
static handle_t ctl[2];
static long q;

static void
start(struct child *k)
{
	handle_t h[2];
	int i;

	for (i = 0; i < k->nh; i++)
		h[i] = dev[k->h[i]];
	if (strcmp(k->name, "shell") == 0) {
		h[0] = ctl[1];
		k->handle = spawn_name(k->name, NULL, h, 1);
	} else {
		k->handle = spawn_name(k->name, NULL, h, (size_t)k->nh);
	}
	if (k->handle < 0) {
		printf("init: cannot start %s: %s\n", k->name,
		       strerror(k->handle));
		return;
	}
	k->pid = handle_pid((handle_t)k->handle);
	event_subscribe((handle_t)q, EVENT_PROCESS, (uint64_t)k->handle, 0,
			EVENT_ONESHOT);
}

static void
exited(uint64_t handle, long status)
{
	size_t i;

	for (i = 0; i < NKIDS; i++) {
		struct child *k = &kids[i];

		if (k->handle < 0 || (uint64_t)k->handle != handle)
			continue;
		handle_close((handle_t)k->handle);
		k->handle = -1;
		if (status == 0) {
			/* A driver with nothing to drive says so with 0. */
			printf("init: %s (pid %ld) finished\n", k->name,
			       k->pid);
			return;
		}
		printf("init: %s (pid %ld) exited with status %ld; restarting\n",
		       k->name, k->pid, status);
		k->restarts++;
		if (k->restarts > 20) {
			printf("init: %s keeps failing; not restarted\n",
			       k->name);
			return;
		}
		start(k);
		return;
	}
}

/*
 * The shell's requests: each is a channel_call, answered with
 * channel_reply_wait, which also takes the next request when one is
 * already there (a time limit of 1 ns: then back to the event loop).
 */
static void
control(void)
{
	char msg[64], reply[64];
	struct chan_msg m = {
		(uint64_t)(uintptr_t)msg, sizeof(msg) - 1, 0, 0, 0, 0};
	long pid, got;
	size_t i;
	int r = 0;

	for (got = channel_read(ctl[0], &m, 1); got == 0;
	     got = channel_reply_wait(ctl[0], &m, (size_t)r, 0, 1)) {
		msg[m.len] = '\0';
		if (strncmp(msg, "kill ", 5) != 0) {
			r = snprintf(reply, sizeof(reply), "unknown request");
		} else {
			pid = atol_(msg + 5);
			r = snprintf(reply, sizeof(reply),
				     "kill: no such process %ld (of init's)",
				     pid);
			for (i = 0; i < NKIDS; i++) {
				if (kids[i].handle >= 0 && kids[i].pid == pid) {
					kill((handle_t)kids[i].handle);
					r = snprintf(reply, sizeof(reply),
						     "killed %s (pid %ld)",
						     kids[i].name, pid);
				}
			}
		}
		if (r > (int)sizeof(msg) - 1)
			r = (int)sizeof(msg) - 1;
		memcpy(msg, reply, (size_t)r);
	}
}

int
main(const char *arg, size_t arglen, size_t nh, const handle_t *h)
{
	struct event ev[8];
	size_t i;
	long n;

	(void)arg;
	(void)arglen;
	printf("init: pid %ld, %lu kernel handles\n", getpid(),
	       (unsigned long)nh);
	for (i = 0; i < H_COUNT && i < nh; i++)
		dev[i] = h[i];
	q = eventq_create();
	if (q < 0 || channel_create(ctl) < 0) {
		printf("init: no event queue or channel\n");
		return 1;
	}
	event_subscribe((handle_t)q, EVENT_READ, ctl[0], 0, 0);
	for (i = 0; i < NKIDS; i++)
		start(&kids[i]);
	for (;;) {
		n = event_wait((handle_t)q, ev, 8, 0);
		for (i = 0; i < (size_t)n; i++) {
			if (ev[i].kind == EVENT_PROCESS)
				exited(ev[i].ident, ev[i].data);
			else if (ev[i].kind == EVENT_READ)
				control();
		}
	}
}
