/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for src/lifetime.c: cancel, close, client and server deaths. */
#include "harness.h"

static void
test_tscheme_cancel__queued_request(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1), tag, t2, h;
	int64_t res;

	(void)state;
	h = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	fx->ndone = 0;
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 1, &tag, &res),
			 0);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 1, &t2, &res),
			 0);
	assert_int_equal(tscheme_cancel(&fx->ns, 2, tag), -TSCHEME_ENOENT);
	assert_int_equal(tscheme_cancel(&fx->ns, 1, tag), 0);
	assert_int_equal(fx->ndone, 1);
	assert_int_equal(fx->done[0].tag, tag);
	assert_int_equal(fx->done[0].result, -TSCHEME_ECANCELED);
	assert_int_equal(tscheme_cancel(&fx->ns, 1, tag), -TSCHEME_ENOENT);
	/* The server only sees the request that was not cancelled. */
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.tag, t2);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), -TSCHEME_EAGAIN);
	assert_int_equal(tscheme_answer(&fx->ns, s, t2, 1), 0);
	assert_int_equal(tscheme_cancel(&fx->ns, 1, t2), -TSCHEME_ENOENT);
	assert_int_equal(tscheme_cancel(&fx->ns, 1, 0xFFFFu), -TSCHEME_ENOENT);
	assert_int_equal(tscheme_cancel(NULL, 1, t2), -TSCHEME_ENOENT);
}

/* Cancelling from the middle and the tail of a lane keeps the others. */
static void
test_tscheme_cancel__middle_of_lane(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1), t[4], h, i;
	int64_t res;

	(void)state;
	h = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	for (i = 0; i < 4; i++)
		assert_int_equal(
			fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 1, &t[i], &res),
			0);
	assert_int_equal(tscheme_cancel(&fx->ns, 1, t[1]), 0);
	assert_int_equal(tscheme_cancel(&fx->ns, 1, t[3]), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.tag, t[0]);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.tag, t[2]);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), -TSCHEME_EAGAIN);
	assert_int_equal(tscheme_answer(&fx->ns, s, t[0], 0), 0);
	assert_int_equal(tscheme_answer(&fx->ns, s, t[2], 0), 0);
}

static void
test_tscheme_cancel__in_flight_open(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	struct tscheme_usage u;
	uint32_t s = fx_register(fx, "gpio", 1), tag;
	int64_t res;

	(void)state;
	assert_int_equal(fx_open(fx, 1, "/scheme/gpio/1", &tag, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(tscheme_cancel(&fx->ns, 1, tag), 0);
	assert_int_equal(fx->done[0].result, -TSCHEME_ECANCELED);
	/* The reserved handle is released at once; the tag waits for the
	 * server's answer. */
	assert_int_equal(tscheme_usage(&fx->ns, &u), 0);
	assert_int_equal(u.handles, 0);
	assert_int_equal(u.requests, 1);
	assert_int_equal(tscheme_cancel(&fx->ns, 1, tag), -TSCHEME_ENOENT);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_CANCEL);
	assert_int_equal(rq.tag, tag);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), -TSCHEME_EAGAIN);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 5),
			 -TSCHEME_ECANCELED);
	assert_int_equal(tscheme_answer(&fx->ns, s, tag, 5), -TSCHEME_ENOENT);
	assert_int_equal(fx->ndone, 1);
	fx_assert_empty(fx);
}

static void
test_tscheme_close__cancels_pending(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1), t1, t2, h, h2;
	int64_t res;

	(void)state;
	h = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	h2 = fx_open_served(fx, 1, s, "/scheme/gpio/2", 2);
	fx->ndone = 0;
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 1, &t1, &res),
			 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 1, &t2, &res),
			 0);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h2, 0, 1, &t2, &res),
			 0);
	assert_int_equal(tscheme_close(&fx->ns, 1, h), 0);
	assert_int_equal(fx->ndone, 2);
	assert_int_equal(fx->done[0].result, -TSCHEME_ECANCELED);
	assert_int_equal(fx->done[1].result, -TSCHEME_ECANCELED);
	assert_int_equal(tscheme_close(&fx->ns, 1, h), -TSCHEME_EBADF);
	assert_int_equal(tscheme_close(NULL, 1, h), -TSCHEME_EBADF);
	/* Close first, then the cancel notice for the request in flight,
	 * then the request on the other handle. */
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_CLOSE);
	assert_int_equal(rq.id, 1);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_CANCEL);
	assert_int_equal(rq.tag, t1);
	assert_int_equal(rq.client, 1);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_READ);
	assert_int_equal(rq.id, 2);
	assert_int_equal(tscheme_answer(&fx->ns, s, t1, 1), -TSCHEME_ECANCELED);
	assert_int_equal(tscheme_answer(&fx->ns, s, rq.tag, 1), 0);
	assert_int_equal(tscheme_close(&fx->ns, 1, h2), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	fx_assert_empty(fx);
}

static void
test_tscheme_client_exit__closes_every_handle(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1), tq, tf, to, h1, h2, hx;
	unsigned closes = 0;
	int64_t res;

	(void)state;
	h1 = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	h2 = fx_open_served(fx, 1, s, "/scheme/gpio/2", 2);
	hx = fx_open_served(fx, 2, s, "/scheme/gpio/3", 3);
	assert_int_equal(fx_open(fx, 1, "/scheme", &to, &res), TSCHEME_DONE);
	fx->ndone = 0;
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h1, 0, 1, &tf, &res),
			 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h2, 0, 1, &tq, &res),
			 0);
	assert_int_equal(fx_open(fx, 1, "/scheme/gpio/4", &to, &res), 0);
	assert_int_equal(tscheme_client_exit(&fx->ns, 1), 3);
	/* A dead client gets no completions. */
	assert_int_equal(fx->ndone, 0);
	while (tscheme_next(&fx->ns, s, &rq) == 0 &&
	       rq.op == TSCHEME_OP_CLOSE) {
		assert_int_equal(rq.client, 1);
		closes++;
	}
	assert_int_equal(closes, 2);
	/* The dead client's request in flight is flagged to the server. */
	assert_int_equal(rq.op, TSCHEME_OP_CANCEL);
	assert_int_equal(rq.tag, tf);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), -TSCHEME_EAGAIN);
	assert_int_equal(tscheme_answer(&fx->ns, s, tf, 1), -TSCHEME_ECANCELED);
	assert_int_equal(tscheme_client_exit(&fx->ns, 1), 0);
	assert_int_equal(tscheme_client_exit(NULL, 1), 0);
	assert_int_equal(tscheme_close(&fx->ns, 2, hx), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	fx_assert_empty(fx);
}

static void
test_tscheme_unregister__fails_pending_and_handles(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1), other, tq, tf, to, tc;
	uint32_t h1, h2, h3, hk, i;
	int64_t res;

	(void)state;
	other = fx_register(fx, "net", 2);
	h1 = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	h2 = fx_open_served(fx, 2, s, "/scheme/gpio/2", 2);
	h3 = fx_open_served(fx, 2, s, "/scheme/gpio/3", 3);
	hk = fx_open_served(fx, 1, other, "/scheme/net/eth0", 4);
	fx->ndone = 0;
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h1, 0, 1, &tf, &res),
			 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(fx_call(fx, 2, TSCHEME_OP_READ, h2, 0, 1, &tc, &res),
			 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(tscheme_cancel(&fx->ns, 2, tc), 0);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h1, 0, 1, &tq, &res),
			 0);
	assert_int_equal(fx_open(fx, 2, "/scheme/gpio/9", &to, &res), 0);
	assert_int_equal(tscheme_close(&fx->ns, 2, h3), 0);
	fx->ndone = 0;
	assert_int_equal(tscheme_server_exit(&fx->ns, 1), 1);
	/* In flight, queued and the pending Open fail with EPIPE. */
	assert_int_equal(fx->ndone, 3);
	for (i = 0; i < 3; i++)
		assert_int_equal(fx->done[i].result, -TSCHEME_EPIPE);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, h1, 0, 1, &tq, &res),
			 -TSCHEME_EPIPE);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_STAT, h1, 0, 1, &tq, &res),
			 -TSCHEME_EPIPE);
	assert_int_equal(tscheme_answer(&fx->ns, s, tf, 1), -TSCHEME_EBADF);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), -TSCHEME_EBADF);
	/* The other scheme is untouched. */
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, hk, 0, 1, &tq, &res),
			 0);
	assert_int_equal(tscheme_next(&fx->ns, other, &rq), 0);
	assert_int_equal(tscheme_answer(&fx->ns, other, tq, 0), 0);
	/* Dead handles are closed by their clients, without a server. */
	assert_int_equal(tscheme_close(&fx->ns, 1, h1), 0);
	assert_int_equal(tscheme_client_exit(&fx->ns, 2), 1);
	assert_int_equal(tscheme_close(&fx->ns, 1, hk), 0);
	assert_int_equal(tscheme_next(&fx->ns, other, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_CLOSE);
	fx_assert_empty(fx);
}

/* Tags and handles are generation-checked: after many reuses of the
 * pools, no old value is accepted. */
static void
test_tscheme_answer__stale_tags_rejected(void **state)
{
	struct fx *fx = fx_new_sized(2, 2, 2);
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1), old, tag, h, oldh;
	int64_t res;
	unsigned i;

	(void)state;
	oldh = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_READ, oldh, 0, 1, &old, &res), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(tscheme_answer(&fx->ns, s, old, 0), 0);
	assert_int_equal(tscheme_close(&fx->ns, 1, oldh), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	for (i = 0; i < 100; i++) {
		h = fx_open_served(fx, 1, s, "/scheme/gpio/1", i);
		assert_int_not_equal(h, oldh);
		assert_int_equal(
			fx_call(fx, 1, TSCHEME_OP_READ, oldh, 0, 1, &tag, &res),
			-TSCHEME_EBADF);
		assert_int_equal(
			fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 1, &tag, &res),
			0);
		assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
		assert_int_not_equal(tag, old);
		assert_int_equal(tscheme_answer(&fx->ns, s, old, 0),
				 -TSCHEME_ENOENT);
		assert_int_equal(tscheme_answer(&fx->ns, s, tag, 0), 0);
		assert_int_equal(tscheme_close(&fx->ns, 1, h), 0);
		assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	}
	fx_assert_empty(fx);
}

/* A server may answer a cancelled request before it reads the notice:
 * the notice is withdrawn, and the notices of others keep their order. */
static void
test_tscheme_answer__before_cancel_notice(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_request rq;
	uint32_t s = fx_register(fx, "gpio", 1), t[3], h, i;
	int64_t res;

	(void)state;
	h = fx_open_served(fx, 1, s, "/scheme/gpio/1", 1);
	for (i = 0; i < 3; i++) {
		assert_int_equal(
			fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 1, &t[i], &res),
			0);
		assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	}
	for (i = 0; i < 3; i++)
		assert_int_equal(tscheme_cancel(&fx->ns, 1, t[i]), 0);
	assert_int_equal(tscheme_answer(&fx->ns, s, t[1], 0),
			 -TSCHEME_ECANCELED);
	assert_int_equal(tscheme_answer(&fx->ns, s, t[2], 0),
			 -TSCHEME_ECANCELED);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.op, TSCHEME_OP_CANCEL);
	assert_int_equal(rq.tag, t[0]);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), -TSCHEME_EAGAIN);
	assert_int_equal(tscheme_answer(&fx->ns, s, t[0], 0),
			 -TSCHEME_ECANCELED);
	/* Head removal with others behind it. */
	for (i = 0; i < 2; i++) {
		assert_int_equal(
			fx_call(fx, 1, TSCHEME_OP_READ, h, 0, 1, &t[i], &res),
			0);
		assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	}
	for (i = 0; i < 2; i++)
		assert_int_equal(tscheme_cancel(&fx->ns, 1, t[i]), 0);
	assert_int_equal(tscheme_answer(&fx->ns, s, t[0], 0),
			 -TSCHEME_ECANCELED);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	assert_int_equal(rq.tag, t[1]);
	assert_int_equal(tscheme_answer(&fx->ns, s, t[1], 0),
			 -TSCHEME_ECANCELED);
	assert_int_equal(tscheme_close(&fx->ns, 1, h), 0);
	assert_int_equal(tscheme_next(&fx->ns, s, &rq), 0);
	fx_assert_empty(fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tscheme_cancel__queued_request),
		cmocka_unit_test(test_tscheme_cancel__middle_of_lane),
		cmocka_unit_test(test_tscheme_cancel__in_flight_open),
		cmocka_unit_test(test_tscheme_close__cancels_pending),
		cmocka_unit_test(test_tscheme_client_exit__closes_every_handle),
		cmocka_unit_test(
			test_tscheme_unregister__fails_pending_and_handles),
		cmocka_unit_test(test_tscheme_answer__stale_tags_rejected),
		cmocka_unit_test(test_tscheme_answer__before_cancel_notice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
