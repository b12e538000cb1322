/* SPDX-License-Identifier: BSD-2-Clause */
/* Error strings: a constant table, never NULL. */
#include "scheme_impl.h"

const char *
tscheme_strerror(int err)
{
	/* Unsigned negation: INT_MIN has no positive counterpart. */
	uint32_t e = err < 0 ? 0u - (uint32_t)err : (uint32_t)err;

	switch (e) {
	case 0:
		return "success";
	case TSCHEME_EINVAL:
		return "invalid argument";
	case TSCHEME_ENOSPC:
		return "no free slot";
	case TSCHEME_ENOENT:
		return "no such request or path";
	case TSCHEME_EEXIST:
		return "scheme already registered";
	case TSCHEME_EPERM:
		return "operation not permitted";
	case TSCHEME_EAGAIN:
		return "queue full or empty, try again";
	case TSCHEME_ERANGE:
		return "outside the request buffer";
	case TSCHEME_EBUSY:
		return "busy";
	case TSCHEME_EBADF:
		return "bad handle or scheme";
	case TSCHEME_EFAULT:
		return "bad client buffer";
	case TSCHEME_ENODEV:
		return "no such scheme";
	case TSCHEME_EPIPE:
		return "scheme server gone";
	case TSCHEME_ECANCELED:
		return "request cancelled";
	case TSCHEME_ENAMETOOLONG:
		return "path or name too long";
	case TSCHEME_EPATHNUL:
		return "NUL byte in path";
	case TSCHEME_EPATHEMPTY:
		return "empty path component";
	case TSCHEME_EBADNAME:
		return "invalid scheme name";
	default:
		return "unknown error";
	}
}
