/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Error strings.  The common codes keep the numbers every Tessera library
 * shares, so a kernel maps all of them with one table.
 */
#include <tessera/kevent.h>

static const char *const tkev_errstr[] = {
	[0] = "success",
	[TKEV_EINVAL] = "invalid argument",
	[TKEV_ENOSPC] = "knote pool exhausted",
	[TKEV_ENOENT] = "no such knote",
	[TKEV_EEXIST] = "already exists",
	[TKEV_EPERM] = "not permitted",
	[TKEV_EAGAIN] = "try again",
	[TKEV_ERANGE] = "value out of range",
	[TKEV_EBUSY] = "busy",
	[TKEV_EBADF] = "bad queue or source",
	[TKEV_EFAULT] = "bad address",
};

const char *
tkev_strerror(int err)
{
	unsigned int e;

	if (err < 0)
		e = 0u - (unsigned int)err;
	else
		e = (unsigned int)err;
	if (e >= sizeof(tkev_errstr) / sizeof(tkev_errstr[0]))
		return "unknown error";
	return tkev_errstr[e];
}
