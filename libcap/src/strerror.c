/* SPDX-License-Identifier: BSD-2-Clause */
/* Error descriptions: constant strings, never NULL. */
#include "internal.h"

const char *
tcap_strerror(int err)
{
	int64_t v = err;

	if (v < 0)
		v = -v;
	switch (v) {
	case 0:
		return "success";
	case TCAP_EINVAL:
		return "invalid argument";
	case TCAP_ENOSPC:
		return "no space in table or ioctl-list pool";
	case TCAP_ENOENT:
		return "no such entry";
	case TCAP_EEXIST:
		return "already exists";
	case TCAP_EPERM:
		return "operation not permitted";
	case TCAP_EAGAIN:
		return "try again";
	case TCAP_ERANGE:
		return "count or length out of range";
	case TCAP_EBUSY:
		return "busy";
	case TCAP_EBADF:
		return "bad handle";
	case TCAP_EFAULT:
		return "bad address";
	case TCAP_ENOTCAPABLE:
		return "capabilities insufficient";
	case TCAP_ECAPMODE:
		return "not permitted in capability mode";
	case TCAP_ENOTBENEATH:
		return "path escapes its directory";
	case TCAP_EWRONGTYPE:
		return "wrong object type";
	default:
		return "unknown error";
	}
}
