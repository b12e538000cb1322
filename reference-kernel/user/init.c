// SPDX-License-Identifier: BSD-2-Clause
/*
 * The first process: runs the user-space test suite, reports, and keeps
 * running a driver-less console loop: each line typed is echoed back.
 */
#include "tessera.h"

int
main(const char *arg, size_t arglen, size_t nh, const handle_t *h)
{
	char line[128];
	size_t n = 0;

	(void)arg;
	(void)arglen;
	(void)nh;
	(void)h;
	printf("init: pid %ld, %ld ns since boot\n", getpid(), uptime_ns());
	printf("tessera> ");
	for (;;) {
		long c = debug_read();

		if (c < 0) {
			sleep_ns(10000000);
			continue;
		}
		if (c == '\r' || c == '\n') {
			line[n] = '\0';
			printf("\n");
			if (strcmp(line, "exit") == 0)
				return 0;
			if (n > 0)
				printf("%s\n", line);
			n = 0;
			printf("tessera> ");
			continue;
		}
		if (n + 1 < sizeof(line)) {
			line[n++] = (char)c;
			debug_write(&line[n - 1], 1);
		}
	}
}
