/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CPU accounting: CPU time with SIGXCPU and kill decisions (RLIMIT_CPU,
 * rctl cputime), a quota per period (cgroup v2 cpu.max, Linux CFS
 * bandwidth control) and a virtual runtime for weighted sharing
 * (cpu.weight).
 *
 * Quota periods are aligned to multiples of the period on the caller's
 * clock; a run is counted in the period of its last instant.  Usage beyond the
 * quota is debt: every period that ends pays back one quota, so a group that
 * overran by a tick runs that much less later, as CFS carries a negative
 * runtime_remaining.  That keeps the long-run share exact even when the
 * scheduler accounts in coarse ticks.
 */
#include "rlimit_impl.h"

/* period_start before the first charge under a quota. */
#define TRLIMIT_NO_PERIOD UINT64_MAX

/* Usage of the period containing `now`, after the periods that ended since
 * the last charge each paid back one quota. */
static uint64_t
period_used(const struct trlimit_group *l, uint64_t now, uint64_t *start)
{
	uint64_t s;
	uint64_t pay;

	if (l->period_start == TRLIMIT_NO_PERIOD) {
		*start = now - now % l->period;
		return 0;
	}
	/* Fast path, no division: still in the current period, or (a stale
	 * `now`) before it. */
	if (now < l->period_start || now - l->period_start < l->period) {
		*start = l->period_start;
		return l->period_used;
	}
	s = now - now % l->period;
	*start = s;
	pay = trlimit_sat_mul((s - l->period_start) / l->period, l->quota);
	return l->period_used > pay ? l->period_used - pay : 0;
}

/* First time the group may run again when `used` >= quota: after j more
 * period starts, with j the smallest count for which used - j * quota
 * drops below the quota. */
static uint64_t
throttle_end(const struct trlimit_group *l, uint64_t start, uint64_t used)
{
	uint64_t j = used / l->quota;

	return trlimit_sat_add(start, trlimit_sat_mul(j, l->period));
}

static void
verdict_start(struct trlimit_cpu_verdict *v, uint64_t now)
{
	v->actions = 0;
	v->ready_at = now;
	v->budget = TRLIMIT_UNLIMITED;
}

/* Fold one level's quota state into the verdict.  The budget ends at the
 * end of the period at the latest: a run that crossed into the next period
 * would be counted there whole (it is charged at its end), and the quota
 * left in this period would be lost. */
static void
verdict_level(struct trlimit_cpu_verdict *v, const struct trlimit_group *l,
	      uint64_t start, uint64_t used, uint64_t now)
{
	uint64_t until;
	uint64_t avail;
	uint64_t end;

	if (used >= l->quota) {
		until = throttle_end(l, start, used);
		if (until > v->ready_at)
			v->ready_at = until;
		v->actions |= TRLIMIT_CPU_THROTTLE;
		v->budget = 0;
		return;
	}
	avail = l->quota - used;
	/* start + period > now: now lies in or before this period. */
	end = trlimit_sat_add(start, l->period) - now;
	if (end < avail)
		avail = end;
	if (avail < v->budget)
		v->budget = avail;
}

static uint64_t
weighted(uint64_t ran, uint32_t weight)
{
	uint64_t q;
	uint64_t r;

	/* Most groups keep the default weight: spare the division. */
	if (weight == TRLIMIT_WEIGHT_DEFAULT)
		return ran;
	q = ran / weight;
	r = ran % weight;

	return trlimit_sat_add(trlimit_sat_mul(q, TRLIMIT_WEIGHT_DEFAULT),
			       r * TRLIMIT_WEIGHT_DEFAULT / weight);
}

static uint32_t
cpu_time_level(struct trlimit_group *l, uint64_t ran)
{
	uint32_t act = 0;

	l->cpu_ns = trlimit_sat_add(l->cpu_ns, ran);
	if (l->cpu_soft != TRLIMIT_UNLIMITED && !l->xcpu_sent &&
	    l->cpu_ns >= l->cpu_soft) {
		l->xcpu_sent = true;
		act |= TRLIMIT_CPU_SIGXCPU;
	}
	if (l->cpu_hard != TRLIMIT_UNLIMITED && l->cpu_ns >= l->cpu_hard)
		act |= TRLIMIT_CPU_KILL;
	return act;
}

static void
quota_level(struct trlimit_group *l, uint64_t ran, uint64_t now,
	    struct trlimit_cpu_verdict *v)
{
	uint64_t start;
	uint64_t used;
	/* The run occupied [now - ran, now): its last instant is now - 1,
	 * so a run that stops exactly at a period end (as the budget makes
	 * it) is counted in the period it used. */
	uint64_t last = ran != 0 && now != 0 ? now - 1 : now;

	used = period_used(l, last, &start);
	if (start != l->period_start)
		l->nr_periods++;
	used = trlimit_sat_add(used, ran);
	l->period_start = start;
	l->period_used = used;
	/* The verdict is about the period containing now (the next one
	 * when the run ended exactly at a period end). */
	if (now - start >= l->period)
		used = period_used(l, now, &start);
	if (used >= l->quota) {
		/* throttle_end() > now: start + period lies past now.  Runs
		 * accounted while the group is already throttled (another
		 * CPU, a 0 ns tick) extend the same throttling, as cpu.stat
		 * counts it: only time not yet announced is added. */
		uint64_t until = throttle_end(l, start, used);
		uint64_t from = now;

		if (now >= l->throttled_until)
			l->nr_throttled++;
		else
			from = l->throttled_until;
		if (until > from) {
			l->throttled_ns =
				trlimit_sat_add(l->throttled_ns, until - from);
			l->throttled_until = until;
		}
	}
	verdict_level(v, l, start, used, now);
}

int
trlimit_cpu_charge(struct trlimit_group *g, uint64_t ran_ns, uint64_t now,
		   struct trlimit_cpu_verdict *v)
{
	struct trlimit_cpu_verdict r;
	struct trlimit_group *l;
	int err;

	if (v == NULL)
		return -TRLIMIT_EINVAL;
	err = trlimit_check(g);
	if (err != 0)
		return err;
	/* Built in a local: stores to the groups cannot alias it. */
	verdict_start(&r, now);
	for (l = g; l != NULL; l = l->parent) {
		r.actions |= cpu_time_level(l, ran_ns);
		l->vruntime = trlimit_sat_add(l->vruntime,
					      weighted(ran_ns, l->weight));
		if (l->quota != TRLIMIT_UNLIMITED)
			quota_level(l, ran_ns, now, &r);
	}
	*v = r;
	return 0;
}

int
trlimit_cpu_query(const struct trlimit_group *g, uint64_t now,
		  struct trlimit_cpu_verdict *v)
{
	const struct trlimit_group *l;
	uint64_t start;
	uint64_t used;
	int err;

	if (v == NULL)
		return -TRLIMIT_EINVAL;
	err = trlimit_check(g);
	if (err != 0)
		return err;
	verdict_start(v, now);
	for (l = g; l != NULL; l = l->parent) {
		if (l->quota == TRLIMIT_UNLIMITED)
			continue;
		used = period_used(l, now, &start);
		verdict_level(v, l, start, used, now);
	}
	return 0;
}

uint64_t
trlimit_cpu_vruntime(const struct trlimit_group *g)
{
	if (trlimit_check(g) != 0)
		return 0;
	return g->vruntime;
}

int
trlimit_cpu_vruntime_floor(struct trlimit_group *g, uint64_t floor)
{
	int err;

	err = trlimit_check(g);
	if (err != 0)
		return err;
	if (g->vruntime < floor)
		g->vruntime = floor;
	return 0;
}

void
trlimit_priv_apply_cpu_time(struct trlimit_group *g, uint64_t soft,
			    uint64_t hard)
{
	/* A new soft limit re-arms the one-time SIGXCPU. */
	if (soft != g->cpu_soft)
		g->xcpu_sent = false;
	g->cpu_soft = soft;
	g->cpu_hard = hard;
}

void
trlimit_priv_apply_cpu_max(struct trlimit_group *g, uint64_t quota,
			   uint64_t period)
{
	if (quota == g->quota && period == g->period)
		return;
	g->quota = quota;
	g->period = period;
	g->period_start = TRLIMIT_NO_PERIOD;
	g->period_used = 0;
}

int
trlimit_set_cpu_time(struct trlimit_group *g, uint64_t soft_ns,
		     uint64_t hard_ns, const void *who)
{
	int err;

	err = trlimit_priv_may_set(g, who);
	if (err != 0)
		return err;
	/* As setrlimit(2): the soft limit may not exceed the hard one. */
	if (hard_ns < soft_ns)
		return -TRLIMIT_ERANGE;
	trlimit_priv_apply_cpu_time(g, soft_ns, hard_ns);
	return 0;
}

int
trlimit_set_cpu_max(struct trlimit_group *g, uint64_t quota_ns,
		    uint64_t period_ns, const void *who)
{
	int err;

	err = trlimit_priv_may_set(g, who);
	if (err != 0)
		return err;
	/* Bounds of Linux tg_set_cfs_bandwidth(): period 1 ms .. 1 s,
	 * quota at least 1 ms. */
	if (period_ns < TRLIMIT_CPU_PERIOD_MIN ||
	    period_ns > TRLIMIT_CPU_PERIOD_MAX)
		return -TRLIMIT_ERANGE;
	if (quota_ns != TRLIMIT_UNLIMITED &&
	    (quota_ns < TRLIMIT_CPU_PERIOD_MIN ||
	     quota_ns > period_ns * TRLIMIT_CPU_QUOTA_PERIODS_MAX))
		return -TRLIMIT_ERANGE;
	trlimit_priv_apply_cpu_max(g, quota_ns, period_ns);
	return 0;
}

int
trlimit_set_cpu_weight(struct trlimit_group *g, uint32_t weight,
		       const void *who)
{
	int err;

	err = trlimit_priv_may_set(g, who);
	if (err != 0)
		return err;
	if (weight < TRLIMIT_WEIGHT_MIN || weight > TRLIMIT_WEIGHT_MAX)
		return -TRLIMIT_ERANGE;
	g->weight = weight;
	return 0;
}
