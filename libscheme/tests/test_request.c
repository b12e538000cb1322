/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for src/request.c: submit, next, answer, payloads, readiness. */
#include "harness.h"

static void
test_tscheme_submit__open_routes_remainder(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	struct tscheme_call c;
	uint32_t s = fx_register(fx, "gpio", 1), tag;
	int64_t res;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.client = 3;
	c.op = TSCHEME_OP_OPEN;
	c.path = "/scheme/gpio/a/../17/";
	c.path_len = strlen(c.path);
	c.flags = 0x12;
	c.cookie = 555;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res), 0);
	assert_int_not_equal(tag, 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_OPEN);
	assert_int_equal(rq.tag, tag);
	assert_int_equal(rq.client, 3);
	assert_int_equal(rq.handle, 0);
	assert_int_equal(rq.flags, 0x12u | TSCHEME_O_DIRECTORY);
	assert_int_equal(rq.path_len, 2);
	assert_memory_equal(rq.path, "17", 2);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 1234), 0);
	assert_int_equal(fx->ndone, 1);
	assert_int_equal(fx->done[0].cookie, 555);
	assert_int_equal(fx->done[0].client, 3);
	assert_int_equal(fx->done[0].op, TSCHEME_OP_OPEN);
	assert_true(fx->done[0].result > 0);
	/* Relative form where the embedder wants one. */
	c.path = "gpio/18";
	c.path_len = 7;
	c.path_flags = TSCHEME_PATH_RELATIVE;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_memory_equal(rq.path, "18", 2);
	assert_int_equal(rq.flags, 0x12u);
}

static void
test_tscheme_submit__open_errors(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_call c;
	uint32_t tag;
	int64_t res;

	(void)state;
	fx_register(fx, "gpio", 1);
	assert_int_equal(tscheme_submit(NULL, &c, &tag, &res), -TSCHEME_EINVAL);
	assert_int_equal(tscheme_submit(&fx->ns, NULL, &tag, &res),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_submit(&fx->ns, &c, NULL, &res),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, NULL),
			 -TSCHEME_EINVAL);
	assert_int_equal(fx_open(fx, 1, "/scheme/nope/1", &tag, &res),
			 -TSCHEME_ENODEV);
	assert_int_equal(fx_open(fx, 1, "/etc/passwd", &tag, &res),
			 -TSCHEME_ENOENT);
	assert_int_equal(fx_open(fx, 1, "/scheme/gpio//1", &tag, &res),
			 -TSCHEME_EPATHEMPTY);
	assert_int_equal(fx_open(fx, 1, "/scheme/GPIO", &tag, &res),
			 -TSCHEME_EBADNAME);
	memset(&c, 0, sizeof(c));
	c.op = TSCHEME_OP_CLOSE;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_EINVAL);
	c.op = 99;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_EINVAL);
	fx_assert_empty(fx);
}

static void
test_tscheme_submit__open_no_slots(void **state)
{
	struct fx *fx = fx_new_sized(4, 1, 2);
	uint32_t s = fx_register(fx, "gpio", 1), tag;
	struct tscheme_usage u;
	int64_t res;

	(void)state;
	assert_int_equal(fx_open(fx, 1, "/scheme/gpio/1", &tag, &res), 0);
	/* The only handle slot is reserved by the pending Open. */
	assert_int_equal(fx_open(fx, 2, "/scheme/gpio/2", &tag, &res),
			 -TSCHEME_ENOSPC);
	assert_int_equal(tscheme_usage(&fx->ns, &u), 0);
	assert_int_equal(u.requests, 1);
	assert_int_equal(u.handles, 1);
	assert_int_equal(tscheme_unregister(&fx->ns, s), 0);
	assert_int_equal(fx->done[0].result, -TSCHEME_EPIPE);
	fx_assert_empty(fx);
}

static void
test_tscheme_submit__handle_errors(void **state)
{
	struct fx *fx = fx_new();
	uint32_t s = fx_register(fx, "gpio", 1), tag, h;
	struct tscheme_call c;
	int64_t res;

	(void)state;
	h = fx_open_served(fx, 1, s, "/scheme/gpio/17", 7);
	/* Not the owner, stale, out of range, zero. */
	assert_int_equal(fx_call(fx, 2, TSCHEME_OP_READ, h, 0, 4, &tag, &res),
			 -TSCHEME_EBADF);
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_READ, h + 0x10000u, 0, 4, &tag, &res),
		-TSCHEME_EBADF);
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_READ, 0xFFFFu, 0, 4, &tag, &res),
		-TSCHEME_EBADF);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, 0, 0, 4, &tag, &res),
			 -TSCHEME_EBADF);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_STAT, h, 0,
				 sizeof(struct tscheme_stat) - 1, &tag, &res),
			 -TSCHEME_EFAULT);
	memset(&c, 0, sizeof(c));
	c.client = 1;
	c.handle = h;
	c.op = TSCHEME_OP_SEEK;
	c.whence = 3;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_EINVAL);
	c.op = TSCHEME_OP_SUBSCRIBE;
	c.events = 4;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_EINVAL);
	c.op = TSCHEME_OP_DUP;
	c.events = 0;
	c.path_len = TSCHEME_PATH_MAX;
	c.path = "x";
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_ENAMETOOLONG);
	c.path = NULL;
	c.path_len = 2;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_EINVAL);
	c.path = "a\0";
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_EPATHNUL);
	assert_int_equal(tscheme_close(&fx->ns, 1, h), 0);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 4, &tag, &res),
			 -TSCHEME_EBADF);
}

static void
test_tscheme_submit__dup_no_handle_slot(void **state)
{
	struct fx *fx = fx_new_sized(4, 1, 4);
	uint32_t s = fx_register(fx, "gpio", 1), tag, h;
	int64_t res;

	(void)state;
	h = fx_open_served(fx, 1, s, "/scheme/gpio/17", 7);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_DUP, h, 0, 0, &tag, &res),
			 -TSCHEME_ENOSPC);
	/* Read needs no handle slot. */
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 4, &tag, &res),
			 0);
}

static void
test_tscheme_submit__no_request_slot(void **state)
{
	struct fx *fx = fx_new_sized(4, 4, 1);
	uint32_t s = fx_register(fx, "gpio", 1), tag, h;
	int64_t res;

	(void)state;
	h = fx_open_served(fx, 1, s, "/scheme/gpio/17", 7);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 4, &tag, &res),
			 0);
	assert_int_equal(fx_call(fx, 2, TSCHEME_OP_READ, h, 0, 4, &tag, &res),
			 -TSCHEME_EBADF);
	assert_int_equal(fx_open(fx, 2, "/scheme/gpio/1", &tag, &res),
			 -TSCHEME_ENOSPC);
	/* The lane exists, but no request slot is left. */
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 4, &tag, &res),
			 -TSCHEME_ENOSPC);
}

static void
test_tscheme_next__errors_and_empty(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1);

	(void)state;
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), -TSCHEME_EAGAIN);
	assert_int_equal(tscheme_next(&fx->ns, s, NULL), -TSCHEME_EINVAL);
	assert_int_equal(tscheme_next(&fx->ns, s + 0x10000u, &rq),
			 -TSCHEME_EBADF);
	assert_int_equal(tscheme_next(NULL, s, &rq), -TSCHEME_EBADF);
}

/* A full Read/Write/Stat/Seek/Dup/Subscribe exchange on one handle. */
static void
test_tscheme_answer__every_operation(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	struct tscheme_call c;
	struct tscheme_stat st;
	uint32_t s = fx_register(fx, "gpio", 1), tag, h, h2;
	char buf[8];
	int64_t res;

	(void)state;
	h = fx_open_served(fx, 1, s, "/scheme/gpio/17", 7);
	/* Read: the server puts "1\n" into the client buffer. */
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h, 100, 8, &tag, &res),
			 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_READ);
	assert_int_equal(rq.id, 7);
	assert_int_equal(rq.handle, h);
	assert_int_equal(rq.len, 8);
	assert_int_equal(tscheme_put(&fx->ns, s, tag, 0, "1\n", 2), 0);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 9), -TSCHEME_EINVAL);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 2), 0);
	assert_memory_equal(&fx->mem[1][100], "1\n", 2);
	assert_int_equal(fx->done[fx->ndone - 1].result, 2);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 2), -TSCHEME_ENOENT);
	/* Write: the server gets the bytes. */
	memcpy(&fx->mem[1][200], "0\n", 2);
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_WRITE, h, 200, 2, &tag, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(tscheme_get(&fx->ns, s, tag, 0, buf, 2), 0);
	assert_memory_equal(buf, "0\n", 2);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 2), 0);
	/* Stat. */
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_STAT, h, 300, sizeof(st), &tag, &res),
		0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	memset(&st, 0, sizeof(st));
	st.size = 2;
	st.mode = TSCHEME_MODE_FILE;
	assert_int_equal(tscheme_put(&fx->ns, s, tag, 0, &st, sizeof(st)), 0);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 1), -TSCHEME_EINVAL);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 0), 0);
	assert_memory_equal(&fx->mem[1][300], &st, sizeof(st));
	/* Seek passes offset and whence through. */
	memset(&c, 0, sizeof(c));
	c.client = 1;
	c.handle = h;
	c.op = TSCHEME_OP_SEEK;
	c.offset = -1;
	c.whence = TSCHEME_SEEK_END;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.offset, -1);
	assert_int_equal(rq.whence, TSCHEME_SEEK_END);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 1), 0);
	assert_int_equal(fx->done[fx->ndone - 1].result, 1);
	/* Named dup (Redox S13). */
	c.op = TSCHEME_OP_DUP;
	c.path = "edge";
	c.path_len = 4;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.path_len, 4);
	assert_memory_equal(rq.path, "edge", 4);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 8), 0);
	h2 = (uint32_t)fx->done[fx->ndone - 1].result;
	assert_int_not_equal(h2, h);
	/* A failed dup releases the reserved slot. */
	c.path_len = 0;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.path_len, 0);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, -TSCHEME_EPERM), 0);
	assert_int_equal(fx->done[fx->ndone - 1].result, -TSCHEME_EPERM);
	/* Errors out of range are refused. */
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h2, 0, 1, &tag, &res),
			 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.id, 8);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, -4096),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, -4095), 0);
	assert_int_equal(tscheme_close(&fx->ns, 1, h), 0);
	assert_int_equal(tscheme_close(&fx->ns, 1, h2), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_CLOSE);
	assert_int_equal(rq.id, 7);
	assert_int_equal(rq.tag, 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_CLOSE);
	assert_int_equal(rq.id, 8);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), -TSCHEME_EAGAIN);
	fx_assert_empty(fx);
}

static void
test_tscheme_answer__failed_open(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1), tag;
	int64_t res;

	(void)state;
	assert_int_equal(fx_open(fx, 1, "/scheme/gpio/99", &tag, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, -TSCHEME_ENOENT), 0);
	assert_int_equal(fx->done[0].result, -TSCHEME_ENOENT);
	fx_assert_empty(fx);
}

static void
test_tscheme_answer__unknown_tags(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1);
	uint32_t s2 = fx_register(fx, "net", 1), tag;
	int64_t res;

	(void)state;
	assert_int_equal(fx_open(fx, 1, "/scheme/gpio/1", &tag, &res), 0);
	/* Still queued: not answerable yet. */
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 1), -TSCHEME_ENOENT);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(tscheme_answer(&fx->ns, s2, tag, 1), -TSCHEME_ENOENT);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag ^ 0x10000u, 1),
			 -TSCHEME_ENOENT);
	assert_int_equal(tscheme_answer(&fx->ns, s, 0xFFFFu, 1),
			 -TSCHEME_ENOENT);
	assert_int_equal(tscheme_answer(&fx->ns, s + 0x10000u, tag, 1),
			 -TSCHEME_EBADF);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 1), 0);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 1), -TSCHEME_ENOENT);
}

static void
test_tscheme_put__errors(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1), tag, h, wtag;
	char b[4] = "abc";
	int64_t res;

	(void)state;
	h = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_READ, h, FX_MEM - 4, 4, &tag, &res),
		0);
	assert_int_equal(tscheme_put(&fx->ns, s, tag, 0, b, 1),
			 -TSCHEME_ENOENT);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(tscheme_put(&fx->ns, s, tag, 0, NULL, 1),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_put(&fx->ns, s, tag, 2, b, 3),
			 -TSCHEME_ERANGE);
	assert_int_equal(tscheme_put(&fx->ns, s, tag, 5, b, 0),
			 -TSCHEME_ERANGE);
	assert_int_equal(tscheme_put(&fx->ns, s, tag, 1, b, 3), 0);
	assert_int_equal(tscheme_put(&fx->ns, s + 0x10000u, tag, 1, b, 3),
			 -TSCHEME_EBADF);
	fx->fail_copy = 1;
	assert_int_equal(tscheme_put(&fx->ns, s, tag, 0, b, 1),
			 -TSCHEME_EFAULT);
	fx->fail_copy = 0;
	assert_int_equal(tscheme_get(&fx->ns, s, tag, 0, b, 1),
			 -TSCHEME_EINVAL);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_WRITE, h, 0, 4, &wtag, &res),
			 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(tscheme_put(&fx->ns, s, wtag, 0, b, 1),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_get(&fx->ns, s, wtag, 0, NULL, 1),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_get(&fx->ns, s, wtag, 4, b, 1),
			 -TSCHEME_ERANGE);
	fx->fail_copy = 1;
	assert_int_equal(tscheme_get(&fx->ns, s, wtag, 0, b, 1),
			 -TSCHEME_EFAULT);
	fx->fail_copy = 0;
	/* Cancelled requests report ECANCELED to payload calls too. */
	assert_int_equal(tscheme_cancel(&fx->ns, 1, wtag), 0);
	assert_int_equal(tscheme_get(&fx->ns, s, wtag, 0, b, 1),
			 -TSCHEME_ECANCELED);
	assert_int_equal(tscheme_put(&fx->ns, s, wtag, 0, b, 1),
			 -TSCHEME_ECANCELED);
}

static void
test_tscheme_notify__subscription(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	struct tscheme_call c;
	uint32_t s = fx_register(fx, "gpio", 1), s2, tag, h;
	int64_t res;

	(void)state;
	s2 = fx_register(fx, "net", 1);
	h = fx_open_served(fx, 1, s, "/scheme/gpio/17", 7);
	assert_int_equal(tscheme_notify(&fx->ns, s, h, TSCHEME_EV_READ), 0);
	memset(&c, 0, sizeof(c));
	c.client = 1;
	c.handle = h;
	c.op = TSCHEME_OP_SUBSCRIBE;
	c.events = TSCHEME_EV_READ;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.events, TSCHEME_EV_READ);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 4), -TSCHEME_EINVAL);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 0), 0);
	assert_int_equal(tscheme_notify(&fx->ns, s, h, TSCHEME_EV_WRITE), 0);
	assert_int_equal(tscheme_notify(&fx->ns, s, h,
					TSCHEME_EV_READ | TSCHEME_EV_WRITE),
			 1);
	assert_int_equal(fx->nev, 1);
	assert_int_equal(fx->ev[0].client, 1);
	assert_int_equal(fx->ev[0].handle, h);
	assert_int_equal(fx->ev[0].events, TSCHEME_EV_READ);
	assert_int_equal(tscheme_notify(&fx->ns, s, h, 8), -TSCHEME_EINVAL);
	assert_int_equal(tscheme_notify(&fx->ns, s2, h, 1), -TSCHEME_EBADF);
	assert_int_equal(tscheme_notify(&fx->ns, s, 0xFFFFu, 1),
			 -TSCHEME_EBADF);
	assert_int_equal(tscheme_notify(&fx->ns, s, h + 0x10000u, 1),
			 -TSCHEME_EBADF);
	assert_int_equal(tscheme_notify(&fx->ns, 0, h, 1), -TSCHEME_EBADF);
	/* A failed subscribe leaves the mask alone. */
	c.events = 0;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, -TSCHEME_EPERM), 0);
	assert_int_equal(tscheme_notify(&fx->ns, s, h, 1), 1);
	/* Closed handles get nothing. */
	assert_int_equal(tscheme_close(&fx->ns, 1, h), 0);
	assert_int_equal(tscheme_notify(&fx->ns, s, h, 1), -TSCHEME_EBADF);
}

/* Redox S11 / fairness: a flooding client fills only its share; the
 * others still get in and are served in turn. */
static void
test_tscheme_next__round_robin_and_shares(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s, tag, ha, hb, hc, i;
	int64_t res;
	static const uint32_t order[] = {1, 2, 3, 1, 2, 1, 1};

	(void)state;
	assert_int_equal(tscheme_register(&fx->ns, "gpio", 4, 9, 7, 4, &s), 0);
	ha = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	hb = fx_open_served(fx, 2, s, "/scheme/gpio/2", 2);
	hc = fx_open_served(fx, 3, s, "/scheme/gpio/3", 3);
	for (i = 0; i < 4; i++)
		assert_int_equal(
			fx_call(fx, 1, TSCHEME_OP_READ, ha, 0, 1, &tag, &res),
			0);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, ha, 0, 1, &tag, &res),
			 -TSCHEME_EAGAIN);
	assert_int_equal(fx_open(fx, 1, "/scheme/gpio/4", &tag, &res),
			 -TSCHEME_EAGAIN);
	for (i = 0; i < 2; i++)
		assert_int_equal(
			fx_call(fx, 2, TSCHEME_OP_READ, hb, 0, 1, &tag, &res),
			0);
	assert_int_equal(fx_call(fx, 3, TSCHEME_OP_READ, hc, 0, 1, &tag, &res),
			 0);
	/* The queue bound (7) is reached. */
	assert_int_equal(fx_call(fx, 3, TSCHEME_OP_READ, hc, 0, 1, &tag, &res),
			 -TSCHEME_EAGAIN);
	for (i = 0; i < 7; i++) {
		assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
		if (rq.client != order[i])
			fail_msg("dequeue %u: client %u, want %u", i, rq.client,
				 order[i]);
		assert_int_equal(tscheme_answer(&fx->ns, s, rq.tag, 0), 0);
	}
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), -TSCHEME_EAGAIN);
	assert_int_equal(tscheme_client_exit(&fx->ns, 1), 1);
	assert_int_equal(tscheme_client_exit(&fx->ns, 2), 1);
	assert_int_equal(tscheme_client_exit(&fx->ns, 3), 1);
	for (i = 0; i < 3; i++) {
		assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
		assert_int_equal(rq.op, TSCHEME_OP_CLOSE);
	}
	fx_assert_empty(fx);
}

/* Requests a server holds in flight (blocking reads, S11) count against
 * the client's share and the scheme's bound until answered, so a client
 * cannot drain the shared request pool and starve the others. */
static void
test_tscheme_submit__inflight_counts_against_share(void **state)
{
	struct fx *fx = fx_new_sized(FX_SCHEMES, FX_HANDLES, 4);
	struct tscheme_request rq;
	uint32_t s, tag, t1, ha, hb, hc, i;
	struct tscheme_usage u;
	int64_t res;

	(void)state;
	assert_int_equal(tscheme_register(&fx->ns, "gpio", 4, 9, 2, 1, &s), 0);
	ha = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	hb = fx_open_served(fx, 2, s, "/scheme/gpio/2", 2);
	hc = fx_open_served(fx, 3, s, "/scheme/gpio/3", 3);
	/* Client 1's read is dequeued and held by the server. */
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, ha, 0, 1, &t1, &res),
			 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.tag, t1);
	/* The queue is empty, but client 1's share is in use. */
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, ha, 0, 1, &tag, &res),
			 -TSCHEME_EAGAIN);
	assert_int_equal(tscheme_usage(&fx->ns, &u), 0);
	assert_int_equal(u.requests, 1);
	assert_int_equal(u.lanes, 1);
	/* Client 2 still gets in; then the scheme's bound (2) is reached. */
	assert_int_equal(fx_call(fx, 2, TSCHEME_OP_READ, hb, 0, 1, &tag, &res),
			 0);
	assert_int_equal(fx_call(fx, 3, TSCHEME_OP_READ, hc, 0, 1, &tag, &res),
			 -TSCHEME_EAGAIN);
	/* Cancelling the held read does not free the share before the
	 * server has let go of it. */
	assert_int_equal(tscheme_cancel(&fx->ns, 1, t1), 0);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, ha, 0, 1, &tag, &res),
			 -TSCHEME_EAGAIN);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_CANCEL);
	assert_int_equal(tscheme_answer(&fx->ns, s, t1, 0), -TSCHEME_ECANCELED);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, ha, 0, 1, &tag, &res),
			 0);
	/* Serve the two queued reads, round robin: client 2, then 1. */
	for (i = 0; i < 2; i++) {
		assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
		assert_int_equal(rq.client, i == 0 ? 2 : 1);
		assert_int_equal(tscheme_answer(&fx->ns, s, rq.tag, 1), 0);
	}
	assert_int_equal(tscheme_usage(&fx->ns, &u), 0);
	assert_int_equal(u.requests, 0);
	assert_int_equal(u.lanes, 0);
	for (i = 1; i <= 3; i++)
		assert_int_equal(tscheme_client_exit(&fx->ns, i), 1);
	for (i = 0; i < 3; i++) {
		assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
		assert_int_equal(rq.op, TSCHEME_OP_CLOSE);
	}
	fx_assert_empty(fx);
}

/* A server that unregisters while requests are in flight releases their
 * lanes with them. */
static void
test_tscheme_unregister__releases_inflight_lanes(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s, tag, ha;
	struct tscheme_usage u;
	int64_t res;

	(void)state;
	s = fx_register(fx, "gpio", 9);
	ha = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, ha, 0, 1, &tag, &res),
			 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, ha, 0, 1, &tag, &res),
			 0);
	assert_int_equal(tscheme_usage(&fx->ns, &u), 0);
	assert_int_equal(u.lanes, 1);
	assert_int_equal(u.requests, 2);
	assert_int_equal(tscheme_unregister(&fx->ns, s), 0);
	assert_int_equal(fx->done[fx->ndone - 1].result, -TSCHEME_EPIPE);
	assert_int_equal(fx->done[fx->ndone - 2].result, -TSCHEME_EPIPE);
	assert_int_equal(tscheme_close(&fx->ns, 1, ha), 0);
	fx_assert_empty(fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tscheme_submit__open_routes_remainder),
		cmocka_unit_test(test_tscheme_submit__open_errors),
		cmocka_unit_test(test_tscheme_submit__open_no_slots),
		cmocka_unit_test(test_tscheme_submit__handle_errors),
		cmocka_unit_test(test_tscheme_submit__dup_no_handle_slot),
		cmocka_unit_test(test_tscheme_submit__no_request_slot),
		cmocka_unit_test(test_tscheme_next__errors_and_empty),
		cmocka_unit_test(test_tscheme_answer__every_operation),
		cmocka_unit_test(test_tscheme_answer__failed_open),
		cmocka_unit_test(test_tscheme_answer__unknown_tags),
		cmocka_unit_test(test_tscheme_put__errors),
		cmocka_unit_test(test_tscheme_notify__subscription),
		cmocka_unit_test(test_tscheme_next__round_robin_and_shares),
		cmocka_unit_test(
			test_tscheme_submit__inflight_counts_against_share),
		cmocka_unit_test(
			test_tscheme_unregister__releases_inflight_lanes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
