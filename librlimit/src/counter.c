/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Counted resources: memory bytes, open handles, children, IPC queue depth.
 * Charged synchronously up the tree and denied at the first group whose max
 * would be exceeded (rctl "deny"; cgroup v2 memory.max and pids.max).  A
 * charge walks the path twice: first to validate, then to apply, so a
 * denied charge changes no usage.
 */
#include "rlimit_impl.h"

static const int trlimit_deny_err[TRLIMIT_RES_COUNT] = {
	[TRLIMIT_RES_MEMORY] = -TRLIMIT_ENOMEM,
	[TRLIMIT_RES_HANDLES] = -TRLIMIT_EMFILE,
	/* pids.max: fork() fails with EAGAIN. */
	[TRLIMIT_RES_CHILDREN] = -TRLIMIT_EAGAIN,
	[TRLIMIT_RES_IPCQ] = -TRLIMIT_EAGAIN,
};

static int
counter_args(const struct trlimit_group *g, enum trlimit_res res, uint64_t n)
{
	int err;

	err = trlimit_check(g);
	if (err != 0)
		return err;
	if ((unsigned int)res >= TRLIMIT_RES_COUNT || n == 0)
		return -TRLIMIT_EINVAL;
	return 0;
}

/* Count a max event at the denying group (local) and, as memory.events
 * does, in the hierarchical counters of it and every ancestor. */
static void
count_denial(struct trlimit_group *deny, unsigned int r)
{
	struct trlimit_group *l;

	deny->cnt[r].ev_max_local++;
	for (l = deny; l != NULL; l = l->parent)
		l->cnt[r].ev_max++;
}

int
trlimit_charge(struct trlimit_group *g, enum trlimit_res res, uint64_t n)
{
	struct trlimit_group *l;
	unsigned int r = (unsigned int)res;
	bool over = false;
	int err;

	err = counter_args(g, res, n);
	if (err != 0)
		return err;
	for (l = g; l != NULL; l = l->parent) {
		const struct trlimit_counter *c = &l->cnt[r];

		if (n > UINT64_MAX - c->cur)
			return -TRLIMIT_ERANGE;
		/* Also true when usage is already above a lowered max: only
		 * the charges after the change fail (cgroup v2). */
		if (c->cur + n > c->max) {
			count_denial(l, r);
			return trlimit_deny_err[r];
		}
	}
	g->cnt[r].own += n;
	for (l = g; l != NULL; l = l->parent) {
		struct trlimit_counter *c = &l->cnt[r];

		c->cur += n;
		if (c->cur > c->peak)
			c->peak = c->cur;
		if (c->cur > c->high) {
			c->ev_high_local++;
			over = true;
		}
		if (over)
			c->ev_high++;
	}
	return over ? TRLIMIT_HIGH : 0;
}

int
trlimit_uncharge(struct trlimit_group *g, enum trlimit_res res, uint64_t n)
{
	struct trlimit_group *l;
	unsigned int r = (unsigned int)res;
	int err;

	err = counter_args(g, res, n);
	if (err != 0)
		return err;
	/* Only what was charged to g itself: usage of a group stays the sum
	 * of its own charges and its children's usage, so no level can
	 * underflow. */
	if (g->cnt[r].own < n)
		return -TRLIMIT_ERANGE;
	g->cnt[r].own -= n;
	for (l = g; l != NULL; l = l->parent)
		l->cnt[r].cur -= n;
	return 0;
}

int
trlimit_move(struct trlimit_group *from, struct trlimit_group *to,
	     enum trlimit_res res, uint64_t n)
{
	struct trlimit_group *l;
	unsigned int r = (unsigned int)res;
	int err;

	err = counter_args(from, res, n);
	if (err != 0)
		return err;
	err = trlimit_check(to);
	if (err != 0)
		return err;
	if (from->root != to->root)
		return -TRLIMIT_EINVAL;
	if (from->cnt[r].own < n)
		return -TRLIMIT_ERANGE;
	/* The common ancestors lose n and gain it back, so only the groups
	 * below them can overflow; checking the whole path is simpler and
	 * errs only when usage is near 2^64. */
	for (l = to; l != NULL; l = l->parent)
		if (n > UINT64_MAX - l->cnt[r].cur)
			return -TRLIMIT_ERANGE;
	from->cnt[r].own -= n;
	to->cnt[r].own += n;
	for (l = from; l != NULL; l = l->parent)
		l->cnt[r].cur -= n;
	for (l = to; l != NULL; l = l->parent) {
		struct trlimit_counter *c = &l->cnt[r];

		c->cur += n;
		if (c->cur > c->peak)
			c->peak = c->cur;
	}
	return 0;
}

static int
set_args(const struct trlimit_group *g, enum trlimit_res res, const void *who)
{
	int err;

	err = trlimit_check(g);
	if (err != 0)
		return err;
	if ((unsigned int)res >= TRLIMIT_RES_COUNT)
		return -TRLIMIT_EINVAL;
	return trlimit_priv_may_set(g, who);
}

int
trlimit_set_max(struct trlimit_group *g, enum trlimit_res res, uint64_t max,
		const void *who)
{
	int err;

	err = set_args(g, res, who);
	if (err != 0)
		return err;
	g->cnt[(unsigned int)res].max = max;
	return 0;
}

int
trlimit_set_high(struct trlimit_group *g, enum trlimit_res res, uint64_t high,
		 const void *who)
{
	int err;

	err = set_args(g, res, who);
	if (err != 0)
		return err;
	g->cnt[(unsigned int)res].high = high;
	return 0;
}

int
trlimit_effective_max(const struct trlimit_group *g, enum trlimit_res res,
		      uint64_t *out)
{
	const struct trlimit_group *l;
	uint64_t m = TRLIMIT_UNLIMITED;
	int err;

	if (out == NULL)
		return -TRLIMIT_EINVAL;
	err = trlimit_check(g);
	if (err != 0)
		return err;
	if ((unsigned int)res >= TRLIMIT_RES_COUNT)
		return -TRLIMIT_EINVAL;
	for (l = g; l != NULL; l = l->parent)
		if (l->cnt[(unsigned int)res].max < m)
			m = l->cnt[(unsigned int)res].max;
	*out = m;
	return 0;
}
