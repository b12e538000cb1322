/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The check engine: one table lookup and a few masks per system call.
 *
 * As in OpenBSD's pledge_syscalls[] a call is allowed when the process
 * holds one of the entry's promises; argument rules then add promises that
 * are all required (open flags, socket domain, executable mappings,
 * terminal ioctls), following pledge_namei, pledge_socket, pledge_ioctl
 * and the prot_exec handling of uvm_mmap.c.
 */
#include <tessera/pledge.h>

#include "pledge_int.h"

int
tpledge_table_validate(const struct tpledge_table *tab)
{
	uint32_t i;

	if (tab == NULL || (tab->ent == NULL && tab->count != 0))
		return -TPLEDGE_EINVAL;
	for (i = 0; i < tab->count; i++) {
		const struct tpledge_sysent *e = &tab->ent[i];

		if (e->rule >= TPLEDGE_RULE_COUNT || e->arg > 5 ||
		    (e->flags & ~TPLEDGE_SYS_ALWAYS) != 0 ||
		    (e->any & ~TPLEDGE_ALL) != 0)
			return -TPLEDGE_EINVAL;
		if (e->rule != TPLEDGE_RULE_NONE && tab->abi == NULL)
			return -TPLEDGE_EINVAL;
	}
	return 0;
}

/* Promises an open() with these flags needs, all of them. */
static uint64_t
open_needs(const struct tpledge_abi *abi, uint64_t flags)
{
	uint64_t acc = flags & abi->o_accmode, need;

	if (acc == abi->o_rdonly)
		need = TPLEDGE_RPATH;
	else if (acc == abi->o_wronly)
		need = TPLEDGE_WPATH;
	else
		need = TPLEDGE_RPATH | TPLEDGE_WPATH;
	if (flags & abi->o_trunc)
		need |= TPLEDGE_WPATH;
	if (flags & abi->o_creat)
		need |= TPLEDGE_CPATH;
	return need;
}

static uint64_t
socket_needs(const struct tpledge_abi *abi, uint64_t domain)
{
	if (domain == abi->af_unix)
		return TPLEDGE_UNIX;
	/* Every other domain is network access; inet is the closest name. */
	return TPLEDGE_INET;
}

static uint64_t
ioctl_needs(const struct tpledge_abi *abi, uint64_t cmd, uint32_t obj)
{
	unsigned int i;

	/* FIONREAD, FIONBIO, FIOCLEX, FIONCLEX pass under stdio (P11). */
	for (i = 0; i < 4; i++) {
		if (abi->ioctl_always[i] != 0 && cmd == abi->ioctl_always[i])
			return 0;
	}
	switch (obj) {
	case TPLEDGE_OBJ_AUDIO:
		return TPLEDGE_AUDIO;
	case TPLEDGE_OBJ_VIDEO:
		return TPLEDGE_VIDEO;
	default:
		/* Terminals, and any other device, need tty (pledge_ioctl). */
		return TPLEDGE_TTY;
	}
}

/* Promises the entry's argument rule requires, all of them. */
static uint64_t
rule_needs(const struct tpledge_table *tab, const struct tpledge_sysent *e,
	   const struct tpledge_call *c, uint64_t p)
{
	const struct tpledge_abi *abi = tab->abi;
	uint64_t a = c->arg[e->arg];

	switch ((enum tpledge_rule)e->rule) {
	case TPLEDGE_RULE_OPEN:
		return open_needs(abi, a);
	case TPLEDGE_RULE_SOCKET:
		return socket_needs(abi, a);
	case TPLEDGE_RULE_MMAP:
		return (a & abi->prot_exec) ? TPLEDGE_MMAP : 0;
	case TPLEDGE_RULE_MPROTECT:
		return (a & abi->prot_exec) ? TPLEDGE_PROT : 0;
	case TPLEDGE_RULE_IOCTL:
		return ioctl_needs(abi, a, c->obj);
	case TPLEDGE_RULE_KILL:
		return c->obj == TPLEDGE_OBJ_SELF ? 0 : TPLEDGE_PROC;
	case TPLEDGE_RULE_SENDTO:
		/*
		 * Only a destination address makes it more than write(), and
		 * then any of inet, unix or dns will do (pledge_sendit, P13).
		 */
		if (a == 0 ||
		    (p & (TPLEDGE_INET | TPLEDGE_UNIX | TPLEDGE_DNS)) != 0)
			return 0;
		return TPLEDGE_INET;
	case TPLEDGE_RULE_NONE:
	case TPLEDGE_RULE_COUNT:
	default:
		return 0;
	}
}

static uint64_t
lowest_bit(uint64_t m)
{
	return m & (~m + 1);
}

static int
violation(const struct tpledge_state *st, const struct tpledge_table *tab,
	  const struct tpledge_call *c, uint64_t missing,
	  struct tpledge_verdict *v)
{
	bool err = (st->promises & TPLEDGE_ERROR) != 0;

	if (v != NULL) {
		v->missing = lowest_bit(missing);
		v->call = "?";
		if (c->nr < tab->count && tab->ent[c->nr].name != NULL)
			v->call = tab->ent[c->nr].name;
		v->nr = c->nr;
		v->error = err ? -TPLEDGE_ENOSYS : 0;
	}
	return err ? TPLEDGE_DENY : TPLEDGE_KILL;
}

int
tpledge_check(const struct tpledge_state *st, const struct tpledge_table *tab,
	      const struct tpledge_call *c, struct tpledge_verdict *v)
{
	const struct tpledge_sysent *e;
	uint64_t p = st->promises, need;

	if ((st->flags & TPLEDGE_F_PLEDGED) == 0)
		return TPLEDGE_ALLOW;
	if (c->nr >= tab->count)
		return violation(st, tab, c, 0, v);
	e = &tab->ent[c->nr];
	if (e->flags & TPLEDGE_SYS_ALWAYS)
		return TPLEDGE_ALLOW;
	if (e->any != 0 && (p & e->any) == 0)
		return violation(st, tab, c, e->any, v);
	if (e->rule == TPLEDGE_RULE_NONE) {
		if (e->any == 0)
			return violation(st, tab, c, 0, v);
		return TPLEDGE_ALLOW;
	}
	need = rule_needs(tab, e, c, p);
	if ((need & ~p) != 0)
		return violation(st, tab, c, need & ~p, v);
	return TPLEDGE_ALLOW;
}

/* Decimal digits of v into buf (at least 10 bytes); returns the count. */
static size_t
put_u32(char *buf, uint32_t v)
{
	char tmp[10];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

int
tpledge_verdict_format(const struct tpledge_verdict *v, char *buf, size_t size)
{
	static const char head[] = "pledge \"";
	static const char mid[] = "\", syscall ";
	char tmp[48];
	const char *name;
	size_t pos = 0, n;

	if (v == NULL || buf == NULL)
		return -TPLEDGE_EINVAL;
	name = tpledge_promise_name(v->missing);
	if (name == NULL)
		name = "?";
	TPLEDGE_MEMCPY(tmp, head, sizeof(head) - 1);
	pos = sizeof(head) - 1;
	for (n = 0; name[n] != '\0'; n++)
		tmp[pos++] = name[n];
	TPLEDGE_MEMCPY(tmp + pos, mid, sizeof(mid) - 1);
	pos += sizeof(mid) - 1;
	pos += put_u32(tmp + pos, v->nr);
	if (size < pos + 1)
		return -TPLEDGE_ERANGE;
	TPLEDGE_MEMCPY(buf, tmp, pos);
	buf[pos] = '\0';
	return (int)pos;
}
