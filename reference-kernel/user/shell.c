// SPDX-License-Identifier: BSD-2-Clause
/*
 * The shell: talks through /scheme/serial (reopened when the serial
 * driver restarts; the kernel's debug console in between), and asks init
 * over its channel to kill processes.  Commands: ls cat echo ps kill sleep
 * uptime meminfo help.
 */
#include "tessera.h"

static long con = -1; /* /scheme/serial */
static unsigned long polls;
static handle_t ctl; /* channel to init */
static int have_ctl;

static void
out(const char *s, size_t n)
{
	if (con >= 0 && write((handle_t)con, s, n) >= 0)
		return;
	debug_write(s, n);
}

static void
say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	out(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void
reopen(void)
{
	int i;

	if (con >= 0)
		handle_close((handle_t)con);
	con = -1;
	for (i = 0; i < 200 && con < 0; i++) {
		con = open_path("/scheme/serial");
		if (con < 0)
			sleep_ns(20000000);
	}
}

/* One byte of input, waiting; reopens the console when its driver died. */
static int
getch(void)
{
	char c;
	long r;

	for (;;) {
		if (con < 0) {
			/* No serial driver: the kernel console, looking for
			 * the driver again about every five seconds. */
			if (++polls % 250 == 0)
				con = open_path("/scheme/serial");
			if (con < 0) {
				r = debug_read();
				if (r >= 0)
					return (int)r;
				sleep_ns(20000000);
				continue;
			}
		}
		r = read((handle_t)con, &c, 1);
		if (r == 1)
			return (unsigned char)c;
		reopen();
	}
}

static size_t
readline(char *line, size_t cap)
{
	size_t n = 0;

	for (;;) {
		int c = getch();

		if (c == '\r' || c == '\n') {
			out("\n", 1);
			line[n] = '\0';
			return n;
		}
		if ((c == 0x7f || c == 8) && n > 0) {
			n--;
			out("\b \b", 3);
			continue;
		}
		if (c >= ' ' && c < 0x7f && n + 1 < cap) {
			line[n++] = (char)c;
			out(&line[n - 1], 1);
		}
	}
}

static void
cat(const char *path)
{
	char buf[512];
	long h = open_path(path), n;

	if (h < 0) {
		say("%s: %s\n", path, strerror(h));
		return;
	}
	while ((n = read((handle_t)h, buf, sizeof(buf))) > 0)
		out(buf, (size_t)n);
	if (n < 0)
		say("%s: %s\n", path, strerror(n));
	handle_close((handle_t)h);
}

static void
kill_pid(const char *arg)
{
	char buf[64];
	struct chan_msg m = {
		(uint64_t)(uintptr_t)buf, sizeof(buf) - 1, 0, 0, 0, 0};
	long r;
	int n;

	if (!have_ctl) {
		say("kill: no channel to init\n");
		return;
	}
	n = snprintf(buf, sizeof(buf), "kill %ld", atol_(arg));
	/* One call: the request goes, init's answer comes back in buf. */
	r = channel_call(ctl, &m, (size_t)n, 0, 2000000000ULL);
	if (r < 0) {
		say("kill: %s\n", strerror(r));
		return;
	}
	buf[m.len] = '\0';
	say("%s\n", buf);
}

static void
help(void)
{
	say("commands:\n"
	    "  ls [PATH]     list a directory (default /scheme)\n"
	    "  cat PATH      print a file, e.g. cat /scheme/gpio/3\n"
	    "  echo TEXT     print TEXT\n"
	    "  ps            processes (/scheme/sys/processes)\n"
	    "  kill PID      end a process (init restarts drivers)\n"
	    "  sleep N       wait N seconds\n"
	    "  uptime        time since boot\n"
	    "  meminfo       memory in use and free\n"
	    "  help          this list\n");
}

static void
run(char *line)
{
	char *cmd = line, *arg;

	while (*cmd == ' ')
		cmd++;
	for (arg = cmd; *arg != '\0' && *arg != ' '; arg++)
		;
	if (*arg == ' ')
		*arg++ = '\0';
	while (*arg == ' ')
		arg++;
	if (*cmd == '\0')
		return;
	if (strcmp(cmd, "help") == 0)
		help();
	else if (strcmp(cmd, "echo") == 0)
		say("%s\n", arg);
	else if (strcmp(cmd, "ls") == 0)
		cat(*arg != '\0' ? arg : "/scheme");
	else if (strcmp(cmd, "cat") == 0)
		cat(arg);
	else if (strcmp(cmd, "ps") == 0)
		cat("/scheme/sys/processes");
	else if (strcmp(cmd, "uptime") == 0)
		cat("/scheme/sys/uptime");
	else if (strcmp(cmd, "meminfo") == 0)
		cat("/scheme/sys/memory");
	else if (strcmp(cmd, "sleep") == 0)
		sleep_ns((uint64_t)atol_(arg) * 1000000000ULL);
	else if (strcmp(cmd, "kill") == 0)
		kill_pid(arg);
	else
		say("%s: unknown command (try help)\n", cmd);
}

int
main(const char *arg, size_t arglen, size_t nh, const handle_t *h)
{
	char line[128];

	(void)arg;
	(void)arglen;
	if (nh > 0) {
		ctl = h[0];
		have_ctl = 1;
	}
	reopen();
	say("Tessera shell; type help (prompt %ld ns after reset)\n",
	    uptime_ns());
	for (;;) {
		say("tessera> ");
		readline(line, sizeof(line));
		run(line);
	}
}
