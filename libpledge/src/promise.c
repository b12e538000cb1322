/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Promise sets: names, the text form, the monotonic pledge() rule and what
 * fork and exec do to a process's promises.
 *
 * The rules follow OpenBSD's kern_pledge.c (sys_pledge) and kern_exec.c:
 * a set may only shrink, both sets are checked before either is applied,
 * and the "error" promise turns a request to grow into a silent no-op.
 */
#include <tessera/pledge.h>

#include "pledge_int.h"

/* Canonical order of the text form: the bit order. */
static const char *const promise_names[TPLEDGE_NPROMISES] = {
	"stdio", "rpath",  "wpath",  "cpath", "inet",	"unix",	  "dns",
	"proc",	 "exec",   "prot",   "mmap",  "tty",	"audio",  "video",
	"fattr", "chown",  "flock",  "id",    "recvfd", "sendfd", "settime",
	"ps",	 "vminfo", "unveil", "error",
};

const char *
tpledge_strerror(int err)
{
	static const char *const msgs[] = {
		[0] = "success",
		[TPLEDGE_EINVAL] = "invalid argument",
		[TPLEDGE_ENOSPC] = "no space left in the pool",
		[TPLEDGE_ENOENT] = "no such path (not unveiled)",
		[TPLEDGE_EEXIST] = "already exists",
		[TPLEDGE_EPERM] = "operation not permitted",
		[TPLEDGE_EAGAIN] = "try again",
		[TPLEDGE_ERANGE] = "result out of range",
		[TPLEDGE_EBUSY] = "busy",
		[TPLEDGE_EBADF] = "bad handle",
		[TPLEDGE_EFAULT] = "bad address",
		[TPLEDGE_EACCES] = "permission denied by unveil",
		[TPLEDGE_ENAMETOOLONG] = "name too long",
		[TPLEDGE_ENOSYS] = "call not allowed by pledge",
		[TPLEDGE_EESCAPE] = "path escapes above the root",
	};
	unsigned int e;

	e = err < 0 ? 0u - (unsigned int)err : (unsigned int)err;
	if (e < sizeof(msgs) / sizeof(msgs[0]) && msgs[e] != NULL)
		return msgs[e];
	return "unknown error";
}

const char *
tpledge_promise_name(uint64_t bit)
{
	unsigned int i;

	if (bit == 0 || (bit & (bit - 1)) != 0 || (bit & ~TPLEDGE_ALL) != 0)
		return NULL;
	for (i = 0; (bit >> i) != 1; i++)
		;
	return promise_names[i];
}

/* Bounded strlen; returns limit + 1 when no NUL is found in range. */
static size_t
text_len(const char *s, size_t limit)
{
	size_t n;

	for (n = 0; n <= limit; n++) {
		if (s[n] == '\0')
			return n;
	}
	return limit + 1;
}

/* Set of one word, 0 when unknown. */
static uint64_t
word_set(const char *w, size_t n)
{
	unsigned int i;
	size_t k;

	if (n == 9 && TPLEDGE_MEMCMP(w, "prot_exec", 9) == 0)
		return TPLEDGE_PROT | TPLEDGE_MMAP;
	for (i = 0; i < TPLEDGE_NPROMISES; i++) {
		const char *name = promise_names[i];

		for (k = 0; k < n && name[k] == w[k]; k++)
			;
		if (k == n && name[k] == '\0')
			return UINT64_C(1) << i;
	}
	return 0;
}

static void
set_span(struct tpledge_span *bad, size_t off, size_t n)
{
	if (bad != NULL) {
		bad->which = 0;
		bad->offset = (uint32_t)off;
		bad->length = (uint32_t)n;
	}
}

int
tpledge_promises_parse(const char *text, size_t len, uint64_t *set,
		       struct tpledge_span *bad)
{
	uint64_t acc = 0, w;
	size_t i = 0, start;

	if (text == NULL || set == NULL)
		return -TPLEDGE_EINVAL;
	if (len == TPLEDGE_CSTR)
		len = text_len(text, TPLEDGE_TEXT_MAX);
	if (len > TPLEDGE_TEXT_MAX)
		return -TPLEDGE_ENAMETOOLONG;
	while (i < len) {
		if (text[i] == ' ') {
			i++;
			continue;
		}
		start = i;
		while (i < len && text[i] != ' ' && text[i] != '\0')
			i++;
		if (i < len && text[i] == '\0') {
			set_span(bad, i, 1);
			return -TPLEDGE_EINVAL;
		}
		w = word_set(text + start, i - start);
		if (w == 0) {
			set_span(bad, start, i - start);
			return -TPLEDGE_EINVAL;
		}
		acc |= w;
	}
	*set = acc;
	return 0;
}

int
tpledge_promises_format(uint64_t set, char *buf, size_t size)
{
	size_t need = 0, pos = 0, n;
	unsigned int i;

	if (buf == NULL || (set & ~TPLEDGE_ALL) != 0)
		return -TPLEDGE_EINVAL;
	for (i = 0; i < TPLEDGE_NPROMISES; i++) {
		if (set & (UINT64_C(1) << i))
			need += text_len(promise_names[i], 16) + 1;
	}
	if (need == 0)
		need = 1; /* The NUL of "". */
	if (size < need)
		return -TPLEDGE_ERANGE;
	for (i = 0; i < TPLEDGE_NPROMISES; i++) {
		if ((set & (UINT64_C(1) << i)) == 0)
			continue;
		if (pos != 0)
			buf[pos++] = ' ';
		n = text_len(promise_names[i], 16);
		TPLEDGE_MEMCPY(buf + pos, promise_names[i], n);
		pos += n;
	}
	buf[pos] = '\0';
	return (int)pos;
}

void
tpledge_init(struct tpledge_state *st)
{
	TPLEDGE_MEMSET(st, 0, sizeof(*st));
	st->promises = TPLEDGE_ALL;
}

bool
tpledge_is_pledged(const struct tpledge_state *st)
{
	return (st->flags & TPLEDGE_F_PLEDGED) != 0;
}

uint64_t
tpledge_promises(const struct tpledge_state *st)
{
	return (st->flags & TPLEDGE_F_PLEDGED) ? st->promises : TPLEDGE_ALL;
}

uint64_t
tpledge_execpromises(const struct tpledge_state *st)
{
	return (st->flags & TPLEDGE_F_EXECPLEDGED) ? st->execpromises
						   : TPLEDGE_KEEP;
}

int
tpledge_pledge(struct tpledge_state *st, struct tpledge_unveil *uv,
	       uint64_t promises, uint64_t execpromises)
{
	uint64_t p = promises, e = execpromises;

	if (st == NULL)
		return -TPLEDGE_EINVAL;
	if ((p != TPLEDGE_KEEP && (p & ~TPLEDGE_ALL) != 0) ||
	    (e != TPLEDGE_KEEP && (e & ~TPLEDGE_ALL) != 0))
		return -TPLEDGE_EINVAL;
	/* Validate both sets before applying either (kern_pledge.c). */
	if (p != TPLEDGE_KEEP && (st->flags & TPLEDGE_F_PLEDGED)) {
		/* Under "error", a request to grow is ignored, not refused. */
		if (st->promises & TPLEDGE_ERROR)
			p &= st->promises;
		if ((p | st->promises) != st->promises)
			return -TPLEDGE_EPERM;
	}
	if (e != TPLEDGE_KEEP && (st->flags & TPLEDGE_F_EXECPLEDGED) &&
	    (e | st->execpromises) != st->execpromises)
		return -TPLEDGE_EPERM;
	if (p != TPLEDGE_KEEP) {
		st->promises = p;
		st->flags |= TPLEDGE_F_PLEDGED;
		if ((p & TPLEDGE_PATH_PROMISES) == 0 && uv != NULL)
			tpledge_unveil_reset_(uv, true);
	}
	if (e != TPLEDGE_KEEP) {
		st->execpromises = e;
		st->flags |= TPLEDGE_F_EXECPLEDGED;
	}
	return 0;
}

int
tpledge_pledge_text(struct tpledge_state *st, struct tpledge_unveil *uv,
		    const char *promises, const char *execpromises,
		    struct tpledge_span *bad)
{
	uint64_t p = TPLEDGE_KEEP, e = TPLEDGE_KEEP;
	int rc;

	if (st == NULL)
		return -TPLEDGE_EINVAL;
	if (promises != NULL) {
		rc = tpledge_promises_parse(promises, TPLEDGE_CSTR, &p, bad);
		if (rc != 0)
			return rc;
	}
	if (execpromises != NULL) {
		rc = tpledge_promises_parse(execpromises, TPLEDGE_CSTR, &e,
					    bad);
		if (rc != 0) {
			/* Only a bad word fills the span; mark which text. */
			if (bad != NULL && rc == -TPLEDGE_EINVAL)
				bad->which = 1;
			return rc;
		}
	}
	return tpledge_pledge(st, uv, p, e);
}

void
tpledge_fork(const struct tpledge_state *parent, struct tpledge_state *child)
{
	TPLEDGE_MEMCPY(child, parent, sizeof(*child));
}

int
tpledge_exec(struct tpledge_state *st, struct tpledge_unveil *uv, bool setid)
{
	if (st == NULL)
		return -TPLEDGE_EINVAL;
	if (st->flags & TPLEDGE_F_EXECPLEDGED) {
		/* A pledged image may not gain privilege (pledge.2). */
		if (setid)
			return -TPLEDGE_EACCES;
		st->promises = st->execpromises;
		st->flags |= TPLEDGE_F_PLEDGED;
		if (uv != NULL && (st->promises & TPLEDGE_PATH_PROMISES) == 0)
			tpledge_unveil_reset_(uv, true);
		return 0;
	}
	/* No exec-promises: the new image starts afresh (kern_exec.c). */
	st->promises = TPLEDGE_ALL;
	st->flags &= ~TPLEDGE_F_PLEDGED;
	if (uv != NULL)
		tpledge_unveil_reset_(uv, false);
	return 0;
}

int
tpledge_spawn(const struct tpledge_state *parent,
	      const struct tpledge_unveil *parent_uv,
	      struct tpledge_state *child, struct tpledge_unveil *child_uv,
	      bool setid)
{
	bool execpledged;
	int rc;

	/* The child's storage must be its own: writing it must not touch
	 * the parent. */
	if (parent == NULL || child == NULL || parent == child ||
	    (parent_uv == NULL) != (child_uv == NULL) ||
	    (child_uv != NULL && child_uv == parent_uv))
		return -TPLEDGE_EINVAL;
	execpledged = (parent->flags & TPLEDGE_F_EXECPLEDGED) != 0;
	if (execpledged && setid)
		return -TPLEDGE_EACCES;
	if (child_uv != NULL) {
		if (execpledged) {
			/* The only step that can fail; nothing written yet. */
			rc = tpledge_unveil_fork(parent_uv, child_uv);
			if (rc != 0)
				return rc;
		} else {
			tpledge_unveil_reset_(child_uv, false);
		}
	}
	tpledge_fork(parent, child);
	return tpledge_exec(child, child_uv, false);
}
