/* SPDX-License-Identifier: BSD-2-Clause */
#include "kev_test.h"

/* A kernel timer that records when it fired. */
struct rec {
	struct tkev_timer t;
	uint64_t fired_at;
	int fires;
	int order;
};

static int g_order;

static void
rec_fn(struct tkev_timer *t, uint64_t now, void *arg)
{
	struct rec *r = (struct rec *)arg;

	assert_ptr_equal(t, &r->t);
	assert_false(tkev_timer_armed(t));
	r->fired_at = now;
	r->fires++;
	r->order = g_order++;
}

static void
rec_init(struct rec *r)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(tkev_timer_init(&r->t, rec_fn, r), 0);
}

static void
test_tkev_wheel_init__errors(void **state)
{
	struct tkev_wheel w;

	(void)state;
	assert_int_equal(tkev_wheel_init(NULL, 0, 0), -TKEV_EFAULT);
	memset(&w, 0xa5, sizeof(w));
	assert_int_equal(tkev_wheel_init(&w, 0, 33), -TKEV_EINVAL);
	assert_int_equal(tkev_wheel_next_deadline(&w), TKEV_NO_DEADLINE);
	assert_int_equal(tkev_wheel_init(&w, 5, 32), 0);
	assert_int_equal(tkev_wheel_next_deadline(&w), TKEV_NO_DEADLINE);
}

static void
test_tkev_wheel_next_deadline__invalid(void **state)
{
	struct tkev_wheel w;

	(void)state;
	memset(&w, 0, sizeof(w));
	assert_int_equal(tkev_wheel_next_deadline(NULL), TKEV_NO_DEADLINE);
	assert_int_equal(tkev_wheel_next_deadline(&w), TKEV_NO_DEADLINE);
	assert_int_equal(tkev_wheel_expire(NULL, 10), 0);
	assert_int_equal(tkev_wheel_expire(&w, 10), 0);
}

static void
test_tkev_timer_init__errors(void **state)
{
	struct tkev_timer t;

	(void)state;
	assert_int_equal(tkev_timer_init(NULL, rec_fn, NULL), -TKEV_EFAULT);
	assert_int_equal(tkev_timer_init(&t, NULL, NULL), -TKEV_EFAULT);
	assert_false(tkev_timer_armed(NULL));
}

static void
test_tkev_timer_start__errors(void **state)
{
	struct tkev_wheel w, bad;
	struct rec r;
	struct tkev_timer knote_like;

	(void)state;
	rec_init(&r);
	memset(&bad, 0, sizeof(bad));
	memset(&knote_like, 0, sizeof(knote_like));
	assert_int_equal(tkev_wheel_init(&w, 0, 0), 0);
	assert_int_equal(tkev_timer_start(NULL, &r.t, 1), -TKEV_EFAULT);
	assert_int_equal(tkev_timer_start(&w, NULL, 1), -TKEV_EFAULT);
	assert_int_equal(tkev_timer_start(&bad, &r.t, 1), -TKEV_EBADF);
	assert_int_equal(tkev_timer_start(&w, &knote_like, 1), -TKEV_EINVAL);
	assert_false(tkev_timer_armed(&r.t));
}

static void
test_tkev_timer_cancel__states(void **state)
{
	struct tkev_wheel w;
	struct rec r;

	(void)state;
	rec_init(&r);
	assert_int_equal(tkev_wheel_init(&w, 0, 0), 0);
	assert_int_equal(tkev_timer_cancel(NULL, &r.t), -TKEV_EFAULT);
	assert_int_equal(tkev_timer_cancel(&w, NULL), -TKEV_EFAULT);
	assert_int_equal(tkev_timer_cancel(&w, &r.t), -TKEV_ENOENT);
	assert_int_equal(tkev_timer_start(&w, &r.t, 100), 0);
	assert_true(tkev_timer_armed(&r.t));
	assert_next_deadline(&w, 100);
	assert_int_equal(tkev_timer_cancel(&w, &r.t), 0);
	assert_false(tkev_timer_armed(&r.t));
	assert_int_equal(tkev_wheel_next_deadline(&w), TKEV_NO_DEADLINE);
	assert_int_equal(tkev_wheel_expire(&w, 1000), 0);
	assert_int_equal(r.fires, 0);
}

static void
test_tkev_wheel_expire__exact_deadline(void **state)
{
	struct tkev_wheel w;
	struct rec r;

	(void)state;
	rec_init(&r);
	/* 1 us ticks, deadline in the middle of a tick. */
	assert_int_equal(tkev_wheel_init(&w, 0, 10), 0);
	assert_int_equal(tkev_timer_start(&w, &r.t, 5000), 0);
	assert_int_equal(tkev_wheel_expire(&w, 4999), 0);
	assert_int_equal(tkev_wheel_expire(&w, 4999), 0);
	assert_int_equal(r.fires, 0);
	assert_next_deadline(&w, 5000);
	assert_int_equal(tkev_wheel_expire(&w, 5000), 1);
	assert_int_equal(r.fires, 1);
	assert_int_equal(r.fired_at, 5000);
	assert_int_equal(tkev_wheel_next_deadline(&w), TKEV_NO_DEADLINE);
}

static void
test_tkev_wheel_expire__order_and_cascade(void **state)
{
	static const uint64_t deadlines[] = {
		(uint64_t)1 << 40,
		70,
		4096 + 3,
		64,
		1,
		(uint64_t)1 << 62,
		262145,
		5,
		UINT64_MAX - 1,
	};
	enum { N = sizeof(deadlines) / sizeof(deadlines[0]) };
	struct tkev_wheel w;
	struct rec r[N];
	uint64_t sorted[N];
	size_t i, j;

	(void)state;
	g_order = 0;
	assert_int_equal(tkev_wheel_init(&w, 0, 0), 0);
	for (i = 0; i < N; i++) {
		rec_init(&r[i]);
		assert_int_equal(tkev_timer_start(&w, &r[i].t, deadlines[i]),
				 0);
		sorted[i] = deadlines[i];
	}
	for (i = 0; i < N; i++)
		for (j = i + 1; j < N; j++)
			if (sorted[j] < sorted[i]) {
				uint64_t x = sorted[i];
				sorted[i] = sorted[j];
				sorted[j] = x;
			}
	/* Step through each deadline: exactly one fires, in order. */
	for (i = 0; i < N; i++) {
		assert_next_deadline(&w, sorted[i]);
		assert_int_equal(tkev_wheel_expire(&w, sorted[i] - 1), 0);
		assert_int_equal(tkev_wheel_expire(&w, sorted[i]), 1);
	}
	for (i = 0; i < N; i++) {
		assert_int_equal(r[i].fires, 1);
		assert_int_equal(r[i].fired_at, deadlines[i]);
	}
	assert_int_equal(tkev_wheel_next_deadline(&w), TKEV_NO_DEADLINE);
}

static void
test_tkev_wheel_expire__past_deadline_fires_next(void **state)
{
	struct tkev_wheel w;
	struct rec r;

	(void)state;
	rec_init(&r);
	assert_int_equal(tkev_wheel_init(&w, 1000000, 4), 0);
	assert_int_equal(tkev_timer_start(&w, &r.t, 10), 0);
	assert_next_deadline(&w, 10);
	/* Time going backwards fires nothing new but keeps the timer. */
	assert_int_equal(tkev_wheel_expire(&w, 5), 0);
	assert_int_equal(tkev_wheel_expire(&w, 1000000), 1);
	assert_int_equal(r.fires, 1);
}

static struct tkev_wheel *g_rearm_wheel;

static void
rearm_fn(struct tkev_timer *t, uint64_t now, void *arg)
{
	int *n = (int *)arg;

	if (++*n < 3)
		assert_int_equal(tkev_timer_start(g_rearm_wheel, t, now + 10),
				 0);
}

static void
test_tkev_wheel_expire__callback_rearms(void **state)
{
	struct tkev_wheel w;
	struct tkev_timer t;
	int n = 0;

	(void)state;
	g_rearm_wheel = &w;
	assert_int_equal(tkev_wheel_init(&w, 0, 0), 0);
	assert_int_equal(tkev_timer_init(&t, rearm_fn, &n), 0);
	assert_int_equal(tkev_timer_start(&w, &t, 10), 0);
	assert_int_equal(tkev_wheel_expire(&w, 10), 1);
	assert_next_deadline(&w, 20);
	assert_int_equal(tkev_wheel_expire(&w, 1000), 1);
	assert_int_equal(tkev_wheel_expire(&w, 1000), 0);
	assert_int_equal(tkev_wheel_expire(&w, 1010), 1);
	assert_int_equal(n, 3);
	assert_false(tkev_timer_armed(&t));
}

static void
test_tkev_timer_start__rearm_moves(void **state)
{
	struct tkev_wheel w;
	struct rec r;

	(void)state;
	rec_init(&r);
	assert_int_equal(tkev_wheel_init(&w, 0, 0), 0);
	assert_int_equal(tkev_timer_start(&w, &r.t, 1u << 20), 0);
	assert_int_equal(tkev_timer_start(&w, &r.t, 7), 0);
	assert_next_deadline(&w, 7);
	assert_int_equal(tkev_wheel_expire(&w, 1u << 21), 1);
	assert_int_equal(r.fires, 1);
}

/* Random operations against a plain array of deadlines. */
static uint64_t g_rng = 0x243f6a8885a308d3u;

static uint64_t
rnd(void)
{
	g_rng ^= g_rng << 13;
	g_rng ^= g_rng >> 7;
	g_rng ^= g_rng << 17;
	return g_rng;
}

static void
test_tkev_wheel_expire__random_vs_naive(void **state)
{
	enum { N = 64, STEPS = 20000 };
	static const uint32_t shifts[] = {0, 3, 10};
	struct tkev_wheel w;
	struct rec r[N];
	uint64_t model[N]; /* 0 = not armed, else deadline + 1 */
	uint64_t now, d;
	size_t si, i, step;

	(void)state;
	for (si = 0; si < sizeof(shifts) / sizeof(shifts[0]); si++) {
		now = 1000;
		assert_int_equal(tkev_wheel_init(&w, now, shifts[si]), 0);
		for (i = 0; i < N; i++) {
			rec_init(&r[i]);
			model[i] = 0;
		}
		for (step = 0; step < STEPS; step++) {
			uint64_t op = rnd() % 8, k = rnd() % N, best;
			uint64_t span = rnd() >> (rnd() % 64);
			size_t fired = 0, want = 0;

			if (op < 3) {
				uint64_t at = now + (span % 100000u);
				if (op == 0)
					at = now + span % 2000u - 1000u;
				assert_int_equal(
					tkev_timer_start(&w, &r[k].t, at), 0);
				model[k] = at + 1;
			} else if (op == 3) {
				assert_int_equal(tkev_timer_cancel(&w, &r[k].t),
						 model[k] ? 0 : -TKEV_ENOENT);
				model[k] = 0;
			} else {
				now += span % 5000u;
				for (i = 0; i < N; i++) {
					r[i].fires = 0;
					if (model[i] && model[i] - 1 <= now) {
						want++;
						model[i] = 0;
					}
				}
				fired = tkev_wheel_expire(&w, now);
				assert_int_equal(fired, want);
				for (i = 0; i < N; i++)
					assert_int_equal(
						r[i].fires != 0,
						tkev_timer_armed(&r[i].t) ==
								false &&
							r[i].fires == 1);
			}
			best = TKEV_NO_DEADLINE;
			for (i = 0; i < N; i++)
				if (model[i] && model[i] - 1 < best)
					best = model[i] - 1;
			/* A cascade point may come first; nothing fires there.
			 */
			d = tkev_wheel_next_deadline(&w);
			assert_true(d <= best);
			assert_int_equal(d == TKEV_NO_DEADLINE,
					 best == TKEV_NO_DEADLINE);
			if (d < best && d > now) {
				assert_int_equal(tkev_wheel_expire(&w, d), 0);
				now = d;
			}
			for (i = 0; i < N; i++)
				assert_int_equal(tkev_timer_armed(&r[i].t),
						 model[i] != 0);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tkev_wheel_init__errors),
		cmocka_unit_test(test_tkev_wheel_next_deadline__invalid),
		cmocka_unit_test(test_tkev_timer_init__errors),
		cmocka_unit_test(test_tkev_timer_start__errors),
		cmocka_unit_test(test_tkev_timer_cancel__states),
		cmocka_unit_test(test_tkev_wheel_expire__exact_deadline),
		cmocka_unit_test(test_tkev_wheel_expire__order_and_cascade),
		cmocka_unit_test(
			test_tkev_wheel_expire__past_deadline_fires_next),
		cmocka_unit_test(test_tkev_wheel_expire__callback_rearms),
		cmocka_unit_test(test_tkev_timer_start__rearm_moves),
		cmocka_unit_test(test_tkev_wheel_expire__random_vs_naive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
