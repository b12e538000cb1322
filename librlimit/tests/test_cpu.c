/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of src/cpu.c: CPU time, quota per period and weights, with
 * a simulated single-CPU scheduler driving the library on a fake clock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <tessera/rlimit.h>

#define MS  1000000ull
#define SEC 1000000000ull

static struct trlimit_group root;

static void
init_root(void)
{
	memset(&root, 0, sizeof(root));
	assert_int_equal(trlimit_root_init(&root, NULL, NULL), 0);
}

static void
init_child(struct trlimit_group *g, struct trlimit_group *parent)
{
	memset(g, 0, sizeof(*g));
	assert_int_equal(trlimit_group_init(g, parent), 0);
}

/*
 * The simulated scheduler: one CPU, always-runnable hogs.  At each step it
 * asks the library which groups may run, picks one (round robin, or the
 * smallest virtual runtime), runs it for one tick or, when `use_budget`, at
 * most its remaining budget, and accounts the run.  With nothing runnable
 * it idles until the earliest `ready_at`.
 */
struct hog {
	struct trlimit_group *g;
	uint64_t got;
};

struct sim {
	uint64_t tick;
	bool use_budget;
	bool by_vruntime;
};

static size_t
sim_pick(struct hog *h, size_t n, size_t last, uint64_t now,
	 const struct sim *s, struct trlimit_cpu_verdict *pick_v,
	 uint64_t *wake)
{
	struct trlimit_cpu_verdict v;
	size_t best = n;
	size_t k;

	*wake = UINT64_MAX;
	for (k = 1; k <= n; k++) {
		size_t i = (last + k) % n;

		assert_int_equal(trlimit_cpu_query(h[i].g, now, &v), 0);
		if (v.actions & TRLIMIT_CPU_THROTTLE) {
			assert_true(v.ready_at > now);
			assert_int_equal(v.budget, 0);
			if (v.ready_at < *wake)
				*wake = v.ready_at;
			continue;
		}
		assert_true(v.budget > 0);
		if (best == n || (s->by_vruntime &&
				  trlimit_cpu_vruntime(h[i].g) <
					  trlimit_cpu_vruntime(h[best].g))) {
			best = i;
			*pick_v = v;
		}
		if (!s->by_vruntime)
			break;
	}
	return best;
}

static uint64_t
sim_run(struct hog *h, size_t n, const struct sim *s, uint64_t horizon)
{
	struct trlimit_cpu_verdict v;
	struct trlimit_cpu_verdict pv = {0};
	uint64_t now = 0;
	uint64_t idle = 0;
	uint64_t wake;
	uint64_t slice;
	size_t last = n - 1;
	size_t i;

	while (now < horizon) {
		i = sim_pick(h, n, last, now, s, &pv, &wake);
		if (i == n) {
			assert_true(wake != UINT64_MAX);
			if (wake > horizon)
				wake = horizon;
			idle += wake - now;
			now = wake;
			continue;
		}
		slice = s->tick;
		if (s->use_budget && pv.budget < slice)
			slice = pv.budget;
		if (slice > horizon - now)
			slice = horizon - now;
		now += slice;
		h[i].got += slice;
		assert_int_equal(trlimit_cpu_charge(h[i].g, slice, now, &v), 0);
		last = i;
	}
	return idle;
}

/* |got - want| <= 0.5 percentage points of the horizon. */
static void
assert_share(uint64_t got, uint64_t permille_x10, uint64_t horizon)
{
	uint64_t want = horizon / 1000 * permille_x10 / 10;
	uint64_t tol = horizon / 200;
	uint64_t diff = got > want ? got - want : want - got;

	print_message("share %llu.%03llu%% (want %llu.%llu%%)\n",
		      (unsigned long long)(got / (horizon / 100)),
		      (unsigned long long)(got % (horizon / 100) /
					   (horizon / 100000)),
		      (unsigned long long)(permille_x10 / 100),
		      (unsigned long long)(permille_x10 / 10 % 10));
	assert_true(diff <= tol);
}

static void
test_trlimit_cpu_charge__hog_at_10_percent(void **state)
{
	struct trlimit_group g;
	struct hog h[1];
	struct sim s = {.tick = 1 * MS, .use_budget = true};
	struct trlimit_usage u;

	(void)state;
	init_root();
	init_child(&g, &root);
	assert_int_equal(trlimit_set_cpu_max(&g, 10 * MS, 100 * MS, NULL), 0);
	h[0] = (struct hog){.g = &g};
	sim_run(h, 1, &s, 10 * SEC);
	assert_share(h[0].got, 1000, 10 * SEC);
	assert_int_equal(trlimit_usage(&g, &u), 0);
	assert_int_equal(u.cpu_time_ns, h[0].got);
	assert_int_equal(u.cpu_periods, 100);
	assert_int_equal(u.cpu_throttled, 100);
}

static void
test_trlimit_cpu_charge__hog_at_10_percent_coarse_ticks(void **state)
{
	struct trlimit_group g;
	struct hog h[1];
	/* 3 ms ticks overrun the 10 ms quota; the debt is carried. */
	struct sim s = {.tick = 3 * MS, .use_budget = false};

	(void)state;
	init_root();
	init_child(&g, &root);
	assert_int_equal(trlimit_set_cpu_max(&g, 10 * MS, 100 * MS, NULL), 0);
	h[0] = (struct hog){.g = &g};
	sim_run(h, 1, &s, 10 * SEC);
	assert_share(h[0].got, 1000, 10 * SEC);
}

static void
test_trlimit_cpu_charge__hog_at_10_percent_beside_unlimited(void **state)
{
	struct trlimit_group g;
	struct trlimit_group free_;
	struct hog h[2];
	/* 7 ms slices beside an unlimited hog: runs start anywhere in a
	 * period, and the budget stops them at the quota or period end. */
	struct sim s = {.tick = 7 * MS, .use_budget = true};
	uint64_t idle;

	(void)state;
	init_root();
	init_child(&g, &root);
	init_child(&free_, &root);
	assert_int_equal(trlimit_set_cpu_max(&g, 10 * MS, 100 * MS, NULL), 0);
	h[0] = (struct hog){.g = &g};
	h[1] = (struct hog){.g = &free_};
	idle = sim_run(h, 2, &s, 10 * SEC);
	assert_int_equal(idle, 0);
	assert_share(h[0].got, 1000, 10 * SEC);
	assert_share(h[1].got, 9000, 10 * SEC);
}

static void
test_trlimit_cpu_charge__hogs_at_30_and_60_percent(void **state)
{
	struct trlimit_group g30;
	struct trlimit_group g60;
	struct trlimit_group free_;
	struct hog h[3];
	struct sim s = {.tick = 1 * MS, .use_budget = true};
	uint64_t idle;

	(void)state;
	init_root();
	init_child(&g30, &root);
	init_child(&g60, &root);
	init_child(&free_, &root);
	assert_int_equal(trlimit_set_cpu_max(&g30, 30 * MS, 100 * MS, NULL), 0);
	/* A different period: the shares still hold. */
	assert_int_equal(trlimit_set_cpu_max(&g60, 150 * MS, 250 * MS, NULL),
			 0);
	h[0] = (struct hog){.g = &g30};
	h[1] = (struct hog){.g = &g60};
	idle = sim_run(h, 2, &s, 10 * SEC);
	assert_share(h[0].got, 3000, 10 * SEC);
	assert_share(h[1].got, 6000, 10 * SEC);
	assert_share(idle, 1000, 10 * SEC);

	/* A quota caps, it does not reserve: with an unlimited third hog
	 * and round robin, the 30% group reaches its cap (its fair third is
	 * more) and the other two split the rest evenly. */
	init_root();
	init_child(&g30, &root);
	init_child(&g60, &root);
	init_child(&free_, &root);
	assert_int_equal(trlimit_set_cpu_max(&g30, 30 * MS, 100 * MS, NULL), 0);
	assert_int_equal(trlimit_set_cpu_max(&g60, 60 * MS, 100 * MS, NULL), 0);
	h[0] = (struct hog){.g = &g30};
	h[1] = (struct hog){.g = &g60};
	h[2] = (struct hog){.g = &free_};
	idle = sim_run(h, 3, &s, 10 * SEC);
	assert_int_equal(idle, 0);
	assert_share(h[0].got, 3000, 10 * SEC);
	assert_share(h[1].got, 3500, 10 * SEC);
	assert_share(h[2].got, 3500, 10 * SEC);
}

static void
test_trlimit_cpu_charge__parent_quota_caps_children(void **state)
{
	struct trlimit_group p;
	struct trlimit_group c1;
	struct trlimit_group c2;
	struct hog h[2];
	struct sim s = {.tick = 1 * MS, .use_budget = true};

	(void)state;
	init_root();
	init_child(&p, &root);
	init_child(&c1, &p);
	init_child(&c2, &p);
	assert_int_equal(trlimit_set_cpu_max(&p, 50 * MS, 100 * MS, NULL), 0);
	h[0] = (struct hog){.g = &c1};
	h[1] = (struct hog){.g = &c2};
	sim_run(h, 2, &s, 10 * SEC);
	assert_share(h[0].got + h[1].got, 5000, 10 * SEC);
	assert_share(h[0].got, 2500, 10 * SEC);
}

static void
test_trlimit_cpu_charge__weights_share_cpu(void **state)
{
	struct trlimit_group g100;
	struct trlimit_group g300;
	struct hog h[2];
	struct sim s = {.tick = 1 * MS, .by_vruntime = true};

	(void)state;
	init_root();
	init_child(&g100, &root);
	init_child(&g300, &root);
	assert_int_equal(trlimit_set_cpu_weight(&g300, 300, NULL), 0);
	h[0] = (struct hog){.g = &g100};
	h[1] = (struct hog){.g = &g300};
	sim_run(h, 2, &s, 10 * SEC);
	assert_share(h[0].got, 2500, 10 * SEC);
	assert_share(h[1].got, 7500, 10 * SEC);
}

static void
test_trlimit_cpu_charge__throttle_verdict(void **state)
{
	struct trlimit_group g;
	struct trlimit_cpu_verdict v;
	struct trlimit_usage u;

	(void)state;
	init_root();
	init_child(&g, &root);
	assert_int_equal(trlimit_set_cpu_max(&g, 10 * MS, 100 * MS, NULL), 0);
	assert_int_equal(trlimit_cpu_charge(&g, 4 * MS, 1004 * MS, &v), 0);
	assert_int_equal(v.actions, 0);
	assert_int_equal(v.ready_at, 1004 * MS);
	assert_int_equal(v.budget, 6 * MS);
	/* Overrun by 15 ms: 19 ms used, throttled until the period in
	 * which the debt has dropped below the quota. */
	assert_int_equal(trlimit_cpu_charge(&g, 15 * MS, 1019 * MS, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_THROTTLE);
	assert_int_equal(v.ready_at, 1100 * MS);
	assert_int_equal(v.budget, 0);
	assert_int_equal(trlimit_cpu_query(&g, 1099 * MS, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_THROTTLE);
	assert_int_equal(v.ready_at, 1100 * MS);
	/* In the next period 9 ms of debt remain: 1 ms of budget. */
	assert_int_equal(trlimit_cpu_query(&g, 1100 * MS, &v), 0);
	assert_int_equal(v.actions, 0);
	assert_int_equal(v.ready_at, 1100 * MS);
	assert_int_equal(v.budget, 1 * MS);
	assert_int_equal(trlimit_cpu_charge(&g, 25 * MS, 1125 * MS, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_THROTTLE);
	/* 34 ms used: the periods at 1200, 1300 and 1400 pay 30, leaving
	 * 4 ms below the quota from 1400 on. */
	assert_int_equal(v.ready_at, 1400 * MS);
	assert_int_equal(trlimit_cpu_query(&g, 1350 * MS, &v), 0);
	assert_int_equal(v.ready_at, 1400 * MS);
	assert_int_equal(trlimit_cpu_query(&g, 1400 * MS, &v), 0);
	assert_int_equal(v.actions, 0);
	assert_int_equal(v.budget, 6 * MS);
	/* Far in the future the debt is gone. */
	assert_int_equal(trlimit_cpu_query(&g, 9000 * MS, &v), 0);
	assert_int_equal(v.budget, 10 * MS);
	assert_int_equal(trlimit_usage(&g, &u), 0);
	assert_int_equal(u.cpu_throttled, 2);
	assert_int_equal(u.cpu_throttled_ns, 81 * MS + 275 * MS);
	assert_int_equal(u.cpu_periods, 2);
	assert_int_equal(u.cpu_time_ns, 44 * MS);
}

static void
test_trlimit_cpu_charge__throttle_counted_once_per_episode(void **state)
{
	struct trlimit_group g;
	struct trlimit_cpu_verdict v;
	struct trlimit_usage u;

	(void)state;
	init_root();
	init_child(&g, &root);
	assert_int_equal(trlimit_set_cpu_max(&g, 10 * MS, 100 * MS, NULL), 0);
	/* CPU 0 uses the whole quota: throttled until 100 ms. */
	assert_int_equal(trlimit_cpu_charge(&g, 10 * MS, 10 * MS, &v), 0);
	assert_int_equal(v.ready_at, 100 * MS);
	/* CPU 1 accounts the tail of a run of the same group while it is
	 * already throttled, and a 0 ns accounting call follows: still the
	 * same throttle, which ends at the same time. */
	assert_int_equal(trlimit_cpu_charge(&g, 2 * MS, 12 * MS, &v), 0);
	assert_int_equal(v.ready_at, 100 * MS);
	assert_int_equal(trlimit_cpu_charge(&g, 0, 50 * MS, &v), 0);
	assert_int_equal(v.ready_at, 100 * MS);
	assert_int_equal(trlimit_usage(&g, &u), 0);
	/* cpu.stat: one throttling, 90 ms throttled, not 90 + 88 + 50. */
	assert_int_equal(u.cpu_throttled, 1);
	assert_int_equal(u.cpu_throttled_ns, 90 * MS);
	/* More debt extends the throttle: only the extension is added. */
	assert_int_equal(trlimit_cpu_charge(&g, 10 * MS, 60 * MS, &v), 0);
	assert_int_equal(v.ready_at, 200 * MS);
	assert_int_equal(trlimit_usage(&g, &u), 0);
	assert_int_equal(u.cpu_throttled, 1);
	assert_int_equal(u.cpu_throttled_ns, 190 * MS);
	/* After it ends, a new overrun is a new episode. */
	assert_int_equal(trlimit_cpu_charge(&g, 12 * MS, 212 * MS, &v), 0);
	assert_int_equal(v.ready_at, 300 * MS);
	assert_int_equal(trlimit_usage(&g, &u), 0);
	assert_int_equal(u.cpu_throttled, 2);
	assert_int_equal(u.cpu_throttled_ns, 190 * MS + 88 * MS);
}

static void
test_trlimit_cpu_query__budget_ends_with_period(void **state)
{
	struct trlimit_group g;
	struct trlimit_group c;
	struct trlimit_cpu_verdict v;

	(void)state;
	init_root();
	init_child(&g, &root);
	init_child(&c, &g);
	assert_int_equal(trlimit_set_cpu_max(&g, 50 * MS, 100 * MS, NULL), 0);
	assert_int_equal(trlimit_set_cpu_max(&c, 20 * MS, 40 * MS, NULL), 0);
	/* c's period ends at 40 ms, 5 ms away; g's quota is untouched. */
	assert_int_equal(trlimit_cpu_query(&c, 35 * MS, &v), 0);
	assert_int_equal(v.budget, 5 * MS);
	assert_int_equal(trlimit_cpu_charge(&c, 5 * MS, 40 * MS, &v), 0);
	/* New period of c: 20 ms left, but g has 45 ms until its end. */
	assert_int_equal(v.budget, 20 * MS);
	assert_int_equal(trlimit_cpu_charge(&c, 20 * MS, 60 * MS, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_THROTTLE);
	assert_int_equal(v.ready_at, 80 * MS);
	/* g: 25 ms used, 20 ms to its period end at 100 ms. */
	assert_int_equal(trlimit_cpu_query(&c, 80 * MS, &v), 0);
	assert_int_equal(v.budget, 20 * MS);
	assert_int_equal(trlimit_cpu_query(&g, 80 * MS, &v), 0);
	assert_int_equal(v.budget, 20 * MS);
	assert_int_equal(trlimit_cpu_query(&g, 60 * MS, &v), 0);
	assert_int_equal(v.budget, 25 * MS);
}

static void
test_trlimit_cpu_query__stale_now_and_unlimited(void **state)
{
	struct trlimit_group g;
	struct trlimit_group c;
	struct trlimit_cpu_verdict v;

	(void)state;
	init_root();
	init_child(&g, &root);
	init_child(&c, &g);
	assert_int_equal(trlimit_cpu_query(&c, 5 * MS, &v), 0);
	assert_int_equal(v.actions, 0);
	assert_true(v.budget == TRLIMIT_UNLIMITED);
	assert_int_equal(trlimit_set_cpu_max(&g, 10 * MS, 100 * MS, NULL), 0);
	assert_int_equal(trlimit_cpu_charge(&c, 10 * MS, 250 * MS, &v), 0);
	assert_int_equal(v.ready_at, 300 * MS);
	/* A time before the current period keeps the current state. */
	assert_int_equal(trlimit_cpu_query(&c, 150 * MS, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_THROTTLE);
	assert_int_equal(v.ready_at, 300 * MS);
	assert_int_equal(trlimit_cpu_charge(&c, 1 * MS, 150 * MS, &v), 0);
	assert_int_equal(v.ready_at, 300 * MS);
	/* Removing the quota lifts the throttle. */
	assert_int_equal(
		trlimit_set_cpu_max(&g, TRLIMIT_UNLIMITED, 100 * MS, NULL), 0);
	assert_int_equal(trlimit_cpu_query(&c, 260 * MS, &v), 0);
	assert_int_equal(v.actions, 0);
	/* Setting the same quota twice keeps the period state. */
	assert_int_equal(trlimit_set_cpu_max(&g, 10 * MS, 100 * MS, NULL), 0);
	assert_int_equal(trlimit_cpu_charge(&c, 10 * MS, 410 * MS, &v), 0);
	assert_int_equal(trlimit_set_cpu_max(&g, 10 * MS, 100 * MS, NULL), 0);
	assert_int_equal(trlimit_cpu_query(&c, 420 * MS, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_THROTTLE);
	/* A new period length starts afresh. */
	assert_int_equal(trlimit_set_cpu_max(&g, 10 * MS, 200 * MS, NULL), 0);
	assert_int_equal(trlimit_cpu_query(&c, 420 * MS, &v), 0);
	assert_int_equal(v.actions, 0);
	assert_int_equal(v.budget, 10 * MS);
}

static void
test_trlimit_cpu_charge__sigxcpu_once_then_kill(void **state)
{
	struct trlimit_group g;
	struct trlimit_group c;
	struct trlimit_cpu_verdict v;
	static const struct {
		uint64_t ran;
		uint32_t actions;
	} vec[] = {
		{4 * MS, 0},
		{4 * MS, 0},
		{4 * MS, TRLIMIT_CPU_SIGXCPU}, /* 12 ms >= 10 ms */
		{4 * MS, 0},		       /* reported once */
		{3 * MS, 0},		       /* 19 ms */
		{1 * MS, TRLIMIT_CPU_KILL},    /* 20 ms >= 20 ms */
		{1 * MS, TRLIMIT_CPU_KILL},    /* every time */
	};
	uint64_t now = 0;
	size_t i;

	(void)state;
	init_root();
	init_child(&g, &root);
	init_child(&c, &g);
	assert_int_equal(trlimit_set_cpu_time(&g, 10 * MS, 20 * MS, NULL), 0);
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		now += vec[i].ran;
		/* Charged in the child, crossing the parent's limits. */
		assert_int_equal(trlimit_cpu_charge(&c, vec[i].ran, now, &v),
				 0);
		assert_int_equal(v.actions, vec[i].actions);
	}
	/* Raising the soft limit re-arms SIGXCPU; the same value does
	 * not. */
	assert_int_equal(trlimit_set_cpu_time(&g, 30 * MS, 40 * MS, NULL), 0);
	assert_int_equal(trlimit_cpu_charge(&c, 8 * MS, now, &v), 0);
	assert_int_equal(v.actions, 0);
	assert_int_equal(trlimit_cpu_charge(&c, 1 * MS, now, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_SIGXCPU);
	assert_int_equal(trlimit_set_cpu_time(&g, 30 * MS, 50 * MS, NULL), 0);
	assert_int_equal(trlimit_cpu_charge(&c, 1 * MS, now, &v), 0);
	assert_int_equal(v.actions, 0);
	assert_int_equal(trlimit_set_cpu_time(&g, TRLIMIT_UNLIMITED,
					      TRLIMIT_UNLIMITED, NULL),
			 0);
	assert_int_equal(trlimit_cpu_charge(&c, UINT64_MAX, now, &v), 0);
	assert_int_equal(v.actions, 0);
}

static int
deny_all(void *ctx, const struct trlimit_group *target, const void *who)
{
	(void)ctx;
	(void)target;
	(void)who;
	return 1;
}

static void
test_trlimit_set_cpu_max__bad_arguments(void **state)
{
	static const struct {
		uint64_t quota;
		uint64_t period;
		int err;
	} vec[] = {
		{10 * MS, 100 * MS, 0},
		{TRLIMIT_UNLIMITED, 100 * MS, 0},
		{1 * MS, 1 * MS, 0},
		{1024 * SEC, 1 * SEC, 0},
		{1024 * SEC + 1, 1 * SEC, -TRLIMIT_ERANGE},
		{1 * MS - 1, 100 * MS, -TRLIMIT_ERANGE},
		{0, 100 * MS, -TRLIMIT_ERANGE},
		{10 * MS, 1 * MS - 1, -TRLIMIT_ERANGE},
		{10 * MS, 1 * SEC + 1, -TRLIMIT_ERANGE},
		{TRLIMIT_UNLIMITED, 0, -TRLIMIT_ERANGE},
	};
	struct trlimit_group g;
	struct trlimit_group d;
	struct trlimit_group droot;
	struct trlimit_group junk;
	struct trlimit_cpu_verdict v;
	size_t i;

	(void)state;
	init_root();
	init_child(&g, &root);
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++)
		assert_int_equal(trlimit_set_cpu_max(&g, vec[i].quota,
						     vec[i].period, NULL),
				 vec[i].err);
	/* The last accepted value (1024 s per 1 s) is still in force. */
	assert_int_equal(trlimit_cpu_charge(&g, 1023 * SEC, 500 * MS, &v), 0);
	assert_int_equal(v.actions, 0);
	assert_int_equal(v.budget, 500 * MS);
	assert_int_equal(trlimit_cpu_charge(&g, 1 * SEC, 600 * MS, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_THROTTLE);
	memset(&junk, 0, sizeof(junk));
	assert_int_equal(trlimit_set_cpu_max(NULL, 10 * MS, 100 * MS, NULL),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_cpu_max(&junk, 10 * MS, 100 * MS, NULL),
			 -TRLIMIT_EBADF);
	/* cgroup v2 cannot limit the root group. */
	assert_int_equal(trlimit_set_cpu_max(&root, 10 * MS, 100 * MS, NULL),
			 -TRLIMIT_EINVAL);
	memset(&droot, 0, sizeof(droot));
	assert_int_equal(trlimit_root_init(&droot, deny_all, NULL), 0);
	init_child(&d, &droot);
	assert_int_equal(trlimit_set_cpu_max(&d, 10 * MS, 100 * MS, NULL),
			 -TRLIMIT_EPERM);
	assert_int_equal(trlimit_set_cpu_time(&d, 1, 2, NULL), -TRLIMIT_EPERM);
	assert_int_equal(trlimit_set_cpu_weight(&d, 50, NULL), -TRLIMIT_EPERM);
	assert_int_equal(trlimit_cpu_query(&d, 0, &v), 0);
	assert_true(v.budget == TRLIMIT_UNLIMITED);
}

static void
test_trlimit_set_cpu_time__bad_arguments(void **state)
{
	struct trlimit_group g;
	struct trlimit_group junk;
	struct trlimit_cpu_verdict v;

	(void)state;
	init_root();
	init_child(&g, &root);
	memset(&junk, 0, sizeof(junk));
	assert_int_equal(trlimit_set_cpu_time(NULL, 1, 2, NULL),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_cpu_time(&junk, 1, 2, NULL),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_set_cpu_time(&root, 1, 2, NULL),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_cpu_time(&g, 2, 1, NULL), -TRLIMIT_ERANGE);
	assert_int_equal(trlimit_set_cpu_time(&g, TRLIMIT_UNLIMITED, 1, NULL),
			 -TRLIMIT_ERANGE);
	assert_int_equal(trlimit_cpu_charge(&g, 5, 5, &v), 0);
	assert_int_equal(v.actions, 0);
	assert_int_equal(trlimit_set_cpu_time(&g, 0, 0, NULL), 0);
	assert_int_equal(trlimit_cpu_charge(&g, 0, 5, &v), 0);
	assert_int_equal(v.actions, TRLIMIT_CPU_SIGXCPU | TRLIMIT_CPU_KILL);
}

static void
test_trlimit_set_cpu_weight__range(void **state)
{
	static const struct {
		uint32_t w;
		int err;
	} vec[] = {
		{0, -TRLIMIT_ERANGE},
		{1, 0},
		{100, 0},
		{10000, 0},
		{10001, -TRLIMIT_ERANGE},
		{UINT32_MAX, -TRLIMIT_ERANGE},
	};
	struct trlimit_group g;
	struct trlimit_group junk;
	struct trlimit_cpu_verdict v;
	size_t i;

	(void)state;
	init_root();
	init_child(&g, &root);
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++)
		assert_int_equal(trlimit_set_cpu_weight(&g, vec[i].w, NULL),
				 vec[i].err);
	memset(&junk, 0, sizeof(junk));
	assert_int_equal(trlimit_set_cpu_weight(NULL, 1, NULL),
			 -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_set_cpu_weight(&junk, 1, NULL),
			 -TRLIMIT_EBADF);
	assert_int_equal(trlimit_set_cpu_weight(&root, 1, NULL),
			 -TRLIMIT_EINVAL);
	/* Last accepted weight 10000: 1 ms weighs 10 us. */
	assert_int_equal(trlimit_cpu_charge(&g, 1 * MS + 50, 0, &v), 0);
	assert_int_equal(trlimit_cpu_vruntime(&g), 10000);
	assert_int_equal(trlimit_cpu_vruntime(&root), 1 * MS + 50);
	/* Saturates instead of wrapping. */
	assert_int_equal(trlimit_cpu_charge(&g, UINT64_MAX, 0, &v), 0);
	assert_true(trlimit_cpu_vruntime(&root) == UINT64_MAX);
}

static void
test_trlimit_cpu_vruntime__floor(void **state)
{
	struct trlimit_group g;
	struct trlimit_group junk;
	struct trlimit_cpu_verdict v;

	(void)state;
	init_root();
	init_child(&g, &root);
	memset(&junk, 0, sizeof(junk));
	assert_int_equal(trlimit_cpu_vruntime(NULL), 0);
	assert_int_equal(trlimit_cpu_vruntime(&junk), 0);
	assert_int_equal(trlimit_cpu_charge(&g, 500, 0, &v), 0);
	assert_int_equal(trlimit_cpu_vruntime_floor(&g, 300), 0);
	assert_int_equal(trlimit_cpu_vruntime(&g), 500);
	assert_int_equal(trlimit_cpu_vruntime_floor(&g, 800), 0);
	assert_int_equal(trlimit_cpu_vruntime(&g), 800);
	assert_int_equal(trlimit_cpu_vruntime_floor(NULL, 1), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_cpu_vruntime_floor(&junk, 1), -TRLIMIT_EBADF);
}

static void
test_trlimit_cpu_charge__bad_arguments(void **state)
{
	struct trlimit_group g;
	struct trlimit_group junk;
	struct trlimit_cpu_verdict v;
	struct trlimit_usage u;

	(void)state;
	init_root();
	init_child(&g, &root);
	memset(&junk, 0, sizeof(junk));
	assert_int_equal(trlimit_cpu_charge(NULL, 1, 1, &v), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_cpu_charge(&g, 1, 1, NULL), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_cpu_charge(&junk, 1, 1, &v), -TRLIMIT_EBADF);
	assert_int_equal(trlimit_cpu_query(NULL, 1, &v), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_cpu_query(&g, 1, NULL), -TRLIMIT_EINVAL);
	assert_int_equal(trlimit_cpu_query(&junk, 1, &v), -TRLIMIT_EBADF);
	assert_int_equal(trlimit_usage(&g, &u), 0);
	assert_int_equal(u.cpu_time_ns, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trlimit_cpu_charge__hog_at_10_percent),
		cmocka_unit_test(
			test_trlimit_cpu_charge__hog_at_10_percent_coarse_ticks),
		cmocka_unit_test(
			test_trlimit_cpu_charge__hog_at_10_percent_beside_unlimited),
		cmocka_unit_test(
			test_trlimit_cpu_charge__hogs_at_30_and_60_percent),
		cmocka_unit_test(
			test_trlimit_cpu_charge__parent_quota_caps_children),
		cmocka_unit_test(test_trlimit_cpu_charge__weights_share_cpu),
		cmocka_unit_test(test_trlimit_cpu_charge__throttle_verdict),
		cmocka_unit_test(
			test_trlimit_cpu_charge__throttle_counted_once_per_episode),
		cmocka_unit_test(
			test_trlimit_cpu_query__budget_ends_with_period),
		cmocka_unit_test(
			test_trlimit_cpu_query__stale_now_and_unlimited),
		cmocka_unit_test(
			test_trlimit_cpu_charge__sigxcpu_once_then_kill),
		cmocka_unit_test(test_trlimit_set_cpu_max__bad_arguments),
		cmocka_unit_test(test_trlimit_set_cpu_time__bad_arguments),
		cmocka_unit_test(test_trlimit_set_cpu_weight__range),
		cmocka_unit_test(test_trlimit_cpu_vruntime__floor),
		cmocka_unit_test(test_trlimit_cpu_charge__bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
