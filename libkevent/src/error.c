/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Error strings.  The common codes keep the numbers every Tessera library
 * shares, so a kernel maps all of them with one table.
 */
#include <tessera/kevent.h>

const char *
tkev_strerror(int err)
{
	unsigned int e = err < 0 ? 0u - (unsigned int)err : (unsigned int)err;

	/* A switch, not a table of pointers: no relocated data. */
	switch (e) {
	case 0:
		return "success";
	case TKEV_EINVAL:
		return "invalid argument";
	case TKEV_ENOSPC:
		return "knote pool exhausted";
	case TKEV_ENOENT:
		return "no such knote";
	case TKEV_EEXIST:
		return "already exists";
	case TKEV_EPERM:
		return "not permitted";
	case TKEV_EAGAIN:
		return "try again";
	case TKEV_ERANGE:
		return "value out of range";
	case TKEV_EBUSY:
		return "busy";
	case TKEV_EBADF:
		return "bad queue or source";
	case TKEV_EFAULT:
		return "bad address";
	default:
		return "unknown error";
	}
}
