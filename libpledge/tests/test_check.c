/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/check.c: table validation, the check engine (semantics
 * P3, P6-P13, P18) and the violation message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tessera/pledge.h>

/* A small kernel ABI, numbered so that open is syscall 5. */
enum {
	SYS_EXIT,
	SYS_PLEDGE,
	SYS_READ,
	SYS_WRITE,
	SYS_CLOSE,
	SYS_OPEN,
	SYS_SOCKET,
	SYS_CONNECT,
	SYS_ACCEPT,
	SYS_FORK,
	SYS_EXECVE,
	SYS_MMAP,
	SYS_MPROTECT,
	SYS_IOCTL,
	SYS_KILL,
	SYS_SENDTO,
	SYS_CHOWN,
	SYS_CHMOD,
	SYS_UNVEIL,
	SYS_SETUID,
	SYS_SETTIME,
	SYS_MKDIR,
	SYS_RETIRED,
	SYS_FLOCK,
	SYS_SENDFD,
	SYS_RECVFD,
	SYS_PS,
	SYS_VMINFO,
	SYS_COUNT
};

#define O_RDONLY  0
#define O_WRONLY  1
#define O_RDWR	  2
#define O_ACCMODE 3
#define O_CREAT	  0x200
#define O_TRUNC	  0x400
#define AF_UNIX	  1
#define AF_INET	  2
#define AF_INET6  24
#define PROT_READ 1
#define PROT_EXEC 4
#define FIONREAD  0x4004667f
#define FIONBIO	  0x8004667e
#define TIOCGETA  0x402c7413

static const struct tpledge_abi abi = {
	.o_accmode = O_ACCMODE,
	.o_rdonly = O_RDONLY,
	.o_wronly = O_WRONLY,
	.o_rdwr = O_RDWR,
	.o_creat = O_CREAT,
	.o_trunc = O_TRUNC,
	.af_inet = AF_INET,
	.af_inet6 = AF_INET6,
	.af_unix = AF_UNIX,
	.prot_exec = PROT_EXEC,
	.ioctl_always = {FIONREAD, FIONBIO, 0, 0},
};

#define ENT(n, a, r, i, f)                                                     \
	{                                                                      \
		.any = (a), .name = (n), .rule = (r), .arg = (i), .flags = (f) \
	}

static const struct tpledge_sysent ents[SYS_COUNT] = {
	[SYS_EXIT] = ENT("exit", 0, TPLEDGE_RULE_NONE, 0, TPLEDGE_SYS_ALWAYS),
	[SYS_PLEDGE] =
		ENT("pledge", 0, TPLEDGE_RULE_NONE, 0, TPLEDGE_SYS_ALWAYS),
	[SYS_READ] = ENT("read", TPLEDGE_STDIO, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_WRITE] = ENT("write", TPLEDGE_STDIO, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_CLOSE] = ENT("close", TPLEDGE_STDIO, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_OPEN] = ENT("open", 0, TPLEDGE_RULE_OPEN, 1, 0),
	[SYS_SOCKET] = ENT("socket", 0, TPLEDGE_RULE_SOCKET, 0, 0),
	[SYS_CONNECT] =
		ENT("connect", TPLEDGE_INET | TPLEDGE_UNIX | TPLEDGE_DNS,
		    TPLEDGE_RULE_NONE, 0, 0),
	[SYS_ACCEPT] = ENT("accept", TPLEDGE_INET | TPLEDGE_UNIX,
			   TPLEDGE_RULE_NONE, 0, 0),
	[SYS_FORK] = ENT("fork", TPLEDGE_PROC, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_EXECVE] = ENT("execve", TPLEDGE_EXEC, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_MMAP] = ENT("mmap", TPLEDGE_STDIO, TPLEDGE_RULE_MMAP, 2, 0),
	[SYS_MPROTECT] =
		ENT("mprotect", TPLEDGE_STDIO, TPLEDGE_RULE_MPROTECT, 2, 0),
	[SYS_IOCTL] = ENT("ioctl", TPLEDGE_STDIO, TPLEDGE_RULE_IOCTL, 1, 0),
	[SYS_KILL] = ENT("kill", TPLEDGE_STDIO, TPLEDGE_RULE_KILL, 0, 0),
	[SYS_SENDTO] = ENT("sendto", TPLEDGE_STDIO, TPLEDGE_RULE_SENDTO, 4, 0),
	[SYS_CHOWN] = ENT("chown", TPLEDGE_CHOWN | TPLEDGE_FATTR,
			  TPLEDGE_RULE_NONE, 0, 0),
	[SYS_CHMOD] = ENT("chmod", TPLEDGE_FATTR, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_UNVEIL] = ENT("unveil", TPLEDGE_UNVEIL, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_SETUID] = ENT("setuid", TPLEDGE_ID, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_SETTIME] =
		ENT("settimeofday", TPLEDGE_SETTIME, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_MKDIR] = ENT("mkdir", TPLEDGE_CPATH, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_RETIRED] = ENT(NULL, 0, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_FLOCK] = ENT("flock", TPLEDGE_FLOCK, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_SENDFD] = ENT("sendfd", TPLEDGE_SENDFD, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_RECVFD] = ENT("recvfd", TPLEDGE_RECVFD, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_PS] = ENT("procinfo", TPLEDGE_PS, TPLEDGE_RULE_NONE, 0, 0),
	[SYS_VMINFO] = ENT("vminfo", TPLEDGE_VMINFO, TPLEDGE_RULE_NONE, 0, 0),
};

static const struct tpledge_table table = {
	.ent = ents,
	.count = SYS_COUNT,
	.abi = &abi,
};

static struct tpledge_call
mkcall(uint32_t nr, uint32_t obj, uint64_t a0, uint64_t a1, uint64_t a2,
       uint64_t a4)
{
	struct tpledge_call c;

	memset(&c, 0, sizeof(c));
	c.nr = nr;
	c.obj = obj;
	c.arg[0] = a0;
	c.arg[1] = a1;
	c.arg[2] = a2;
	c.arg[4] = a4;
	return c;
}

static void
pledged(struct tpledge_state *st, const char *text)
{
	tpledge_init(st);
	assert_int_equal(tpledge_pledge_text(st, NULL, text, NULL, NULL), 0);
}

static void
test_tpledge_table_validate__accepts_sample(void **state)
{
	const struct tpledge_table empty = {NULL, 0, 0, NULL};

	(void)state;
	assert_int_equal(tpledge_table_validate(&table), 0);
	assert_int_equal(tpledge_table_validate(&empty), 0);
}

static void
test_tpledge_table_validate__rejects_malformed(void **state)
{
	static const struct tpledge_sysent bad[] = {
		ENT("r", 0, TPLEDGE_RULE_COUNT, 0, 0),
		ENT("a", 0, TPLEDGE_RULE_OPEN, 6, 0),
		ENT("f", 0, TPLEDGE_RULE_NONE, 0, 2),
		ENT("p", UINT64_C(1) << 40, TPLEDGE_RULE_NONE, 0, 0),
	};
	const struct tpledge_sysent needs_abi =
		ENT("o", 0, TPLEDGE_RULE_OPEN, 0, 0);
	struct tpledge_table t = {NULL, 1, 0, &abi};
	size_t i;

	(void)state;
	assert_int_equal(tpledge_table_validate(NULL), -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_table_validate(&t), -TPLEDGE_EINVAL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t.ent = &bad[i];
		assert_int_equal(tpledge_table_validate(&t), -TPLEDGE_EINVAL);
	}
	t.ent = &needs_abi;
	t.abi = NULL;
	assert_int_equal(tpledge_table_validate(&t), -TPLEDGE_EINVAL);
	t.abi = &abi;
	assert_int_equal(tpledge_table_validate(&t), 0);
}

static void
test_tpledge_check__unpledged_allows_everything(void **state)
{
	struct tpledge_state st;
	struct tpledge_call c = mkcall(SYS_OPEN, 0, 0, O_RDWR | O_CREAT, 0, 0);

	(void)state;
	tpledge_init(&st);
	assert_int_equal(tpledge_check(&st, &table, &c, NULL), TPLEDGE_ALLOW);
	c.nr = 9999;
	assert_int_equal(tpledge_check(&st, &table, &c, NULL), TPLEDGE_ALLOW);
}

static void
test_tpledge_check__empty_pledge_leaves_always_set(void **state)
{
	struct tpledge_state st;
	struct tpledge_verdict v;
	struct tpledge_call c = mkcall(SYS_EXIT, 0, 0, 0, 0, 0);

	(void)state;
	pledged(&st, "");
	/* P3/P8: exit and pledge survive pledge(""). */
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_ALLOW);
	c.nr = SYS_PLEDGE;
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_ALLOW);
	c.nr = SYS_READ;
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_KILL);
	assert_true(v.missing == TPLEDGE_STDIO);
	assert_string_equal(v.call, "read");
	assert_int_equal(v.nr, SYS_READ);
	assert_int_equal(v.error, 0);
}

struct check_vec {
	const char *promises;
	uint32_t nr, obj;
	uint64_t a0, a1, a2, a4;
	int action;
	uint64_t missing;
};

static void
test_tpledge_check__vectors(void **state)
{
	static const struct check_vec v[] = {
		/* open flags -> rpath/wpath/cpath (all needed). */
		{"stdio rpath", SYS_OPEN, 0, 0, O_RDONLY, 0, 0, TPLEDGE_ALLOW,
		 0},
		{"stdio", SYS_OPEN, 0, 0, O_RDONLY, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_RPATH},
		{"stdio rpath", SYS_OPEN, 0, 0, O_RDWR, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_WPATH},
		{"stdio rpath wpath", SYS_OPEN, 0, 0, O_RDWR, 0, 0,
		 TPLEDGE_ALLOW, 0},
		{"stdio wpath", SYS_OPEN, 0, 0, O_WRONLY, 0, 0, TPLEDGE_ALLOW,
		 0},
		{"stdio wpath", SYS_OPEN, 0, 0, O_WRONLY | O_CREAT, 0, 0,
		 TPLEDGE_KILL, TPLEDGE_CPATH},
		{"stdio wpath cpath", SYS_OPEN, 0, 0, O_WRONLY | O_CREAT, 0, 0,
		 TPLEDGE_ALLOW, 0},
		{"stdio rpath", SYS_OPEN, 0, 0, O_RDONLY | O_TRUNC, 0, 0,
		 TPLEDGE_KILL, TPLEDGE_WPATH},
		{"rpath wpath", SYS_OPEN, 0, 0, O_ACCMODE, 0, 0, TPLEDGE_ALLOW,
		 0},
		/* socket domain -> inet/unix. */
		{"stdio inet", SYS_SOCKET, 0, AF_INET, 0, 0, 0, TPLEDGE_ALLOW,
		 0},
		{"stdio inet", SYS_SOCKET, 0, AF_INET6, 0, 0, 0, TPLEDGE_ALLOW,
		 0},
		{"stdio inet", SYS_SOCKET, 0, AF_UNIX, 0, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_UNIX},
		{"stdio unix", SYS_SOCKET, 0, AF_UNIX, 0, 0, 0, TPLEDGE_ALLOW,
		 0},
		{"stdio unix", SYS_SOCKET, 0, AF_INET, 0, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_INET},
		{"stdio inet unix", SYS_SOCKET, 0, 99, 0, 0, 0, TPLEDGE_ALLOW,
		 0},
		/* any-of entries, as in pledge_syscalls[] (P9). */
		{"stdio dns", SYS_CONNECT, 0, 0, 0, 0, 0, TPLEDGE_ALLOW, 0},
		{"stdio", SYS_CONNECT, 0, 0, 0, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_INET},
		{"stdio unix", SYS_ACCEPT, 0, 0, 0, 0, 0, TPLEDGE_ALLOW, 0},
		{"stdio", SYS_FORK, 0, 0, 0, 0, 0, TPLEDGE_KILL, TPLEDGE_PROC},
		{"stdio proc", SYS_FORK, 0, 0, 0, 0, 0, TPLEDGE_ALLOW, 0},
		{"stdio", SYS_EXECVE, 0, 0, 0, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_EXEC},
		{"stdio fattr", SYS_CHOWN, 0, 0, 0, 0, 0, TPLEDGE_ALLOW, 0},
		{"stdio chown", SYS_CHOWN, 0, 0, 0, 0, 0, TPLEDGE_ALLOW, 0},
		{"stdio", SYS_CHMOD, 0, 0, 0, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_FATTR},
		{"stdio rpath", SYS_UNVEIL, 0, 0, 0, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_UNVEIL},
		{"stdio", SYS_SETUID, 0, 0, 0, 0, 0, TPLEDGE_KILL, TPLEDGE_ID},
		{"stdio settime", SYS_SETTIME, 0, 0, 0, 0, 0, TPLEDGE_ALLOW, 0},
		{"stdio", SYS_MKDIR, 0, 0, 0, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_CPATH},
		{"stdio flock", SYS_FLOCK, 0, 0, 0, 0, 0, TPLEDGE_ALLOW, 0},
		{"stdio", SYS_SENDFD, 0, 0, 0, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_SENDFD},
		{"stdio", SYS_RECVFD, 0, 0, 0, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_RECVFD},
		{"stdio ps", SYS_PS, 0, 0, 0, 0, 0, TPLEDGE_ALLOW, 0},
		{"stdio", SYS_VMINFO, 0, 0, 0, 0, 0, TPLEDGE_KILL,
		 TPLEDGE_VMINFO},
		/* P12: executable mappings need mmap, mprotect needs prot. */
		{"stdio", SYS_MMAP, 0, 0, 0, PROT_READ, 0, TPLEDGE_ALLOW, 0},
		{"stdio", SYS_MMAP, 0, 0, 0, PROT_READ | PROT_EXEC, 0,
		 TPLEDGE_KILL, TPLEDGE_MMAP},
		{"stdio prot", SYS_MMAP, 0, 0, 0, PROT_EXEC, 0, TPLEDGE_KILL,
		 TPLEDGE_MMAP},
		{"stdio mmap", SYS_MMAP, 0, 0, 0, PROT_EXEC, 0, TPLEDGE_ALLOW,
		 0},
		{"stdio mmap", SYS_MPROTECT, 0, 0, 0, PROT_EXEC, 0,
		 TPLEDGE_KILL, TPLEDGE_PROT},
		{"stdio prot", SYS_MPROTECT, 0, 0, 0, PROT_EXEC, 0,
		 TPLEDGE_ALLOW, 0},
		{"stdio", SYS_MPROTECT, 0, 0, 0, PROT_READ, 0, TPLEDGE_ALLOW,
		 0},
		{"rpath", SYS_MMAP, 0, 0, 0, PROT_READ, 0, TPLEDGE_KILL,
		 TPLEDGE_STDIO},
		/* P11: ioctl. */
		{"stdio", SYS_IOCTL, TPLEDGE_OBJ_TTY, 0, FIONREAD, 0, 0,
		 TPLEDGE_ALLOW, 0},
		{"stdio", SYS_IOCTL, TPLEDGE_OBJ_NONE, 0, FIONBIO, 0, 0,
		 TPLEDGE_ALLOW, 0},
		{"stdio", SYS_IOCTL, TPLEDGE_OBJ_TTY, 0, TIOCGETA, 0, 0,
		 TPLEDGE_KILL, TPLEDGE_TTY},
		{"stdio tty", SYS_IOCTL, TPLEDGE_OBJ_TTY, 0, TIOCGETA, 0, 0,
		 TPLEDGE_ALLOW, 0},
		{"stdio tty", SYS_IOCTL, TPLEDGE_OBJ_AUDIO, 0, 1, 0, 0,
		 TPLEDGE_KILL, TPLEDGE_AUDIO},
		{"stdio audio", SYS_IOCTL, TPLEDGE_OBJ_AUDIO, 0, 1, 0, 0,
		 TPLEDGE_ALLOW, 0},
		{"stdio audio", SYS_IOCTL, TPLEDGE_OBJ_VIDEO, 0, 1, 0, 0,
		 TPLEDGE_KILL, TPLEDGE_VIDEO},
		{"stdio video", SYS_IOCTL, TPLEDGE_OBJ_VIDEO, 0, 1, 0, 0,
		 TPLEDGE_ALLOW, 0},
		{"stdio audio video", SYS_IOCTL, TPLEDGE_OBJ_NONE, 0, 1, 0, 0,
		 TPLEDGE_KILL, TPLEDGE_TTY},
		/* P10: kill(self) under stdio; others need proc. */
		{"stdio", SYS_KILL, TPLEDGE_OBJ_SELF, 0, 0, 0, 0, TPLEDGE_ALLOW,
		 0},
		{"stdio inet", SYS_KILL, TPLEDGE_OBJ_NONE, 0, 0, 0, 0,
		 TPLEDGE_KILL, TPLEDGE_PROC},
		{"stdio proc", SYS_KILL, TPLEDGE_OBJ_NONE, 0, 0, 0, 0,
		 TPLEDGE_ALLOW, 0},
		/* P13: sendto with a destination needs inet, unix or dns. */
		{"stdio", SYS_SENDTO, 0, 0, 0, 0, 0, TPLEDGE_ALLOW, 0},
		{"stdio", SYS_SENDTO, 0, 0, 0, 0, 0x1000, TPLEDGE_KILL,
		 TPLEDGE_INET},
		{"stdio inet", SYS_SENDTO, 0, 0, 0, 0, 0x1000, TPLEDGE_ALLOW,
		 0},
		{"stdio unix", SYS_SENDTO, 0, 0, 0, 0, 0x1000, TPLEDGE_ALLOW,
		 0},
		{"stdio dns", SYS_SENDTO, 0, 0, 0, 0, 0x1000, TPLEDGE_ALLOW, 0},
		{"stdio rpath", SYS_SENDTO, 0, 0, 0, 0, 0x1000, TPLEDGE_KILL,
		 TPLEDGE_INET},
		/* A retired number: never allowed, no promise named. */
		{"stdio rpath", SYS_RETIRED, 0, 0, 0, 0, 0, TPLEDGE_KILL, 0},
		{"stdio", 4000, 0, 0, 0, 0, 0, TPLEDGE_KILL, 0},
	};
	struct tpledge_state st;
	struct tpledge_verdict vd;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct tpledge_call c = mkcall(v[i].nr, v[i].obj, v[i].a0,
					       v[i].a1, v[i].a2, v[i].a4);

		pledged(&st, v[i].promises);
		memset(&vd, 0, sizeof(vd));
		vd.missing = 0xbad;
		assert_int_equal(tpledge_check(&st, &table, &c, &vd),
				 v[i].action);
		if (v[i].action != TPLEDGE_ALLOW) {
			assert_true(vd.missing == v[i].missing);
			assert_int_equal(vd.nr, v[i].nr);
		} else {
			assert_true(vd.missing == 0xbad);
		}
	}
}

static void
test_tpledge_check__flat_in_promise_count(void **state)
{
	struct tpledge_state st;
	struct tpledge_call c = mkcall(SYS_READ, 0, 0, 0, 0, 0);
	unsigned int i;

	(void)state;
	/* Every promise set holding stdio allows read; none without it. */
	for (i = 0; i < TPLEDGE_NPROMISES; i++) {
		uint64_t set = ((UINT64_C(1) << (i + 1)) - 1) & ~TPLEDGE_ERROR;

		tpledge_init(&st);
		assert_int_equal(tpledge_pledge(&st, NULL, set, TPLEDGE_KEEP),
				 0);
		assert_int_equal(tpledge_check(&st, &table, &c, NULL),
				 TPLEDGE_ALLOW);
		tpledge_init(&st);
		assert_int_equal(tpledge_pledge(&st, NULL, set & ~TPLEDGE_STDIO,
						TPLEDGE_KEEP),
				 0);
		assert_int_equal(tpledge_check(&st, &table, &c, NULL),
				 TPLEDGE_KILL);
	}
}

static void
test_tpledge_check__error_promise_denies(void **state)
{
	struct tpledge_state st;
	struct tpledge_verdict v;
	struct tpledge_call c = mkcall(SYS_SOCKET, 0, AF_INET, 0, 0, 0);

	(void)state;
	/* P6 and regress test_ENOSYS_child: error returns ENOSYS. */
	pledged(&st, "stdio rpath error");
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_DENY);
	assert_int_equal(v.error, -TPLEDGE_ENOSYS);
	assert_true(v.missing == TPLEDGE_INET);
	assert_string_equal(v.call, "socket");
	c.nr = 5000;
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_DENY);
	assert_string_equal(v.call, "?");
	assert_true(v.missing == 0);
	c.nr = SYS_RETIRED;
	assert_int_equal(tpledge_check(&st, &table, &c, NULL), TPLEDGE_DENY);
}

static void
test_tpledge_check__execpromise_matrix(void **state)
{
	/* regress/sys/kern/pledge/execpromise: parent "stdio exec". */
	static const struct {
		const char *x;
		int action;
	} m[] = {
		{"stdio rpath inet", TPLEDGE_ALLOW},
		{"stdio rpath", TPLEDGE_KILL},
		{"stdio rpath error", TPLEDGE_DENY},
	};
	struct tpledge_call sock = mkcall(SYS_SOCKET, 0, AF_INET, 0, 0, 0);
	struct tpledge_call ex = mkcall(SYS_EXECVE, 0, 0, 0, 0, 0);
	struct tpledge_state parent, child;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		tpledge_init(&parent);
		assert_int_equal(tpledge_pledge_text(&parent, NULL,
						     "stdio exec proc", m[i].x,
						     NULL),
				 0);
		assert_int_equal(tpledge_check(&parent, &table, &ex, NULL),
				 TPLEDGE_ALLOW);
		tpledge_fork(&parent, &child);
		assert_int_equal(tpledge_exec(&child, NULL, false), 0);
		assert_int_equal(tpledge_check(&child, &table, &sock, NULL),
				 m[i].action);
	}
}

static void
test_tpledge_check__tcp_server_example(void **state)
{
	struct tpledge_state st;
	struct tpledge_verdict v;
	struct tpledge_call c;
	char msg[48];

	(void)state;
	tpledge_init(&st);
	/* Set-up: read the config, open the listening socket. */
	c = mkcall(SYS_OPEN, 0, 0, O_RDONLY, 0, 0);
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_ALLOW);
	c = mkcall(SYS_SOCKET, 0, AF_INET, 0, 0, 0);
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_ALLOW);
	assert_int_equal(
		tpledge_pledge_text(&st, NULL, "stdio inet", NULL, NULL), 0);
	c = mkcall(SYS_ACCEPT, 0, 3, 0, 0, 0);
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_ALLOW);
	c = mkcall(SYS_READ, 0, 4, 0, 0, 0);
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_ALLOW);
	c = mkcall(SYS_OPEN, 0, 0, O_RDONLY, 0, 0);
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_KILL);
	assert_int_equal(tpledge_verdict_format(&v, msg, sizeof(msg)), 25);
	assert_string_equal(msg, "pledge \"rpath\", syscall 5");
	c = mkcall(SYS_FORK, 0, 0, 0, 0, 0);
	assert_int_equal(tpledge_check(&st, &table, &c, &v), TPLEDGE_KILL);
	assert_int_equal(tpledge_verdict_format(&v, msg, sizeof(msg)), 24);
	assert_string_equal(msg, "pledge \"proc\", syscall 9");
}

static void
test_tpledge_verdict_format__cases(void **state)
{
	struct tpledge_verdict v = {TPLEDGE_SETTIME, "x", 4294967295u, 0};
	char buf[64];

	(void)state;
	assert_int_equal(tpledge_verdict_format(&v, buf, sizeof(buf)), 36);
	assert_string_equal(buf, "pledge \"settime\", syscall 4294967295");
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(tpledge_verdict_format(&v, buf, 36), -TPLEDGE_ERANGE);
	assert_int_equal(buf[0], 'z');
	assert_int_equal(tpledge_verdict_format(&v, buf, 37), 36);
	v.missing = 0;
	v.nr = 0;
	assert_int_equal(tpledge_verdict_format(&v, buf, sizeof(buf)), 21);
	assert_string_equal(buf, "pledge \"?\", syscall 0");
	assert_int_equal(tpledge_verdict_format(NULL, buf, sizeof(buf)),
			 -TPLEDGE_EINVAL);
	assert_int_equal(tpledge_verdict_format(&v, NULL, 8), -TPLEDGE_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpledge_table_validate__accepts_sample),
		cmocka_unit_test(
			test_tpledge_table_validate__rejects_malformed),
		cmocka_unit_test(
			test_tpledge_check__unpledged_allows_everything),
		cmocka_unit_test(
			test_tpledge_check__empty_pledge_leaves_always_set),
		cmocka_unit_test(test_tpledge_check__vectors),
		cmocka_unit_test(test_tpledge_check__flat_in_promise_count),
		cmocka_unit_test(test_tpledge_check__error_promise_denies),
		cmocka_unit_test(test_tpledge_check__execpromise_matrix),
		cmocka_unit_test(test_tpledge_check__tcp_server_example),
		cmocka_unit_test(test_tpledge_verdict_format__cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
