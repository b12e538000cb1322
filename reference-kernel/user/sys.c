// SPDX-License-Identifier: BSD-2-Clause
/*
 * The sys driver: /scheme/sys/{uptime,memory,cpus,processes}, read-only
 * text built when the file is opened.
 */
#include "tessera.h"

static long
open_sys(const char *path, size_t len, struct tfile *f)
{
	struct sysinfo si;
	struct proc_info pl[32];
	size_t cap = sizeof(f->buf), n = 0;
	long k, i;

	sysinfo(&si);
	if (len == 0) {
		n = (size_t)snprintf(f->buf, cap,
				     "uptime\nmemory\ncpus\nprocesses\n");
	} else if (len == 6 && memcmp(path, "uptime", 6) == 0) {
		n = (size_t)snprintf(
			f->buf, cap, "%lu.%03lu s\n",
			(unsigned long)(si.uptime_ns / 1000000000),
			(unsigned long)(si.uptime_ns / 1000000 % 1000));
	} else if (len == 6 && memcmp(path, "memory", 6) == 0) {
		n = (size_t)snprintf(
			f->buf, cap,
			"total %lu KiB\nfree  %lu KiB\nused  %lu KiB\n",
			(unsigned long)(si.pages_total * si.page_size / 1024),
			(unsigned long)(si.pages_free * si.page_size / 1024),
			(unsigned long)((si.pages_total - si.pages_free) *
					si.page_size / 1024));
	} else if (len == 4 && memcmp(path, "cpus", 4) == 0) {
		n = (size_t)snprintf(f->buf, cap, "%u\n", si.cpus);
	} else if (len == 9 && memcmp(path, "processes", 9) == 0) {
		k = proc_list(pl, 32);
		n = (size_t)snprintf(f->buf, cap,
				     "  PID  PARENT  STATE    PAGES  NAME\n");
		for (i = 0; i < k && n < cap; i++)
			n += (size_t)snprintf(
				f->buf + n, cap - n, "%5d  %6d  %-7s %6u  %s\n",
				pl[i].pid, pl[i].parent,
				pl[i].state == 1 ? "running" : "exited",
				pl[i].pages, pl[i].name);
	} else {
		return -ENOENT;
	}
	f->size = n < cap ? n : cap - 1;
	return 0;
}

int
main(const char *arg, size_t arglen, size_t nh, const handle_t *h)
{
	long sh = scheme_register_retry("sys");

	(void)arg;
	(void)arglen;
	(void)nh;
	(void)h;
	if (sh < 0) {
		printf("sys: cannot register: %s\n", strerror(sh));
		return 1;
	}
	serve_files((handle_t)sh, open_sys);
}
