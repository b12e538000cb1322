/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * I/O limits: one token bucket per io.max key (rbps, wbps, riops, wiops).
 * As in cgroup v2 io.max, a request over the rate is delayed, never failed.
 *
 * A bucket is kept as the time `tat` at which it would be full again (the
 * "theoretical arrival time" of the generic cell rate algorithm), which
 * needs no division by elapsed time and cannot overflow a token count:
 *
 *   tat' = max(tat, now) + cost(n)
 *   ready = max(now, tat' - burst_ns)
 *
 * The request proceeds once the bucket would hold its n tokens; a burst
 * of up to `burst` passes at once after a quiet spell.
 */
#include "rlimit_impl.h"

/* Nanoseconds to earn n tokens at `rate` per second, rounded up so the
 * rate is never exceeded.  rate <= 2^34 keeps r * 10^9 below 2^64. */
static uint64_t
cost_ns(uint64_t n, uint64_t rate)
{
	uint64_t q;
	uint64_t r;

	/* One division while n * 10^9 + rate fits in 64 bits (n up to
	 * about 18 GB). */
	if (n <= (UINT64_MAX - TRLIMIT_IO_RATE_MAX) / TRLIMIT_NS_PER_SEC)
		return (n * TRLIMIT_NS_PER_SEC + rate - 1) / rate;
	q = n / rate;
	r = n % rate;

	return trlimit_sat_add(trlimit_sat_mul(q, TRLIMIT_NS_PER_SEC),
			       (r * TRLIMIT_NS_PER_SEC + rate - 1) / rate);
}

static uint64_t
bucket_take(struct trlimit_bucket *b, uint64_t n, uint64_t now)
{
	uint64_t base = b->tat > now ? b->tat : now;
	uint64_t ready;

	b->tat = trlimit_sat_add(base, cost_ns(n, b->rate));
	ready = b->tat > b->burst_ns ? b->tat - b->burst_ns : 0;
	return ready > now ? ready : now;
}

void
trlimit_priv_apply_io(struct trlimit_group *g, enum trlimit_io_key key,
		      uint64_t rate, uint64_t burst)
{
	struct trlimit_bucket *b = &g->io[(unsigned int)key];

	/* A changed limit starts afresh, as io.max starts a new slice on a
	 * configuration change: a backlog run up at a slow old rate must not
	 * keep delaying requests under a faster new one. */
	if (b->rate != rate || b->burst != burst)
		b->tat = 0;
	b->rate = rate;
	b->burst = burst;
	b->burst_ns = rate == TRLIMIT_UNLIMITED ? 0 : cost_ns(burst, rate);
}

int
trlimit_set_io(struct trlimit_group *g, enum trlimit_io_key key, uint64_t rate,
	       uint64_t burst, const void *who)
{
	int err;

	err = trlimit_check(g);
	if (err != 0)
		return err;
	if ((unsigned int)key >= TRLIMIT_IO_KEY_COUNT)
		return -TRLIMIT_EINVAL;
	err = trlimit_priv_may_set(g, who);
	if (err != 0)
		return err;
	if (rate == 0 ||
	    (rate != TRLIMIT_UNLIMITED && rate > TRLIMIT_IO_RATE_MAX))
		return -TRLIMIT_ERANGE;
	trlimit_priv_apply_io(g, key, rate, burst);
	return 0;
}

int
trlimit_io_charge(struct trlimit_group *g, enum trlimit_io_dir dir,
		  uint64_t bytes, uint64_t now, uint64_t *ready_at)
{
	struct trlimit_group *l;
	unsigned int d = (unsigned int)dir;
	uint64_t ready = now;
	uint64_t t;
	int err;

	if (ready_at == NULL)
		return -TRLIMIT_EINVAL;
	err = trlimit_check(g);
	if (err != 0)
		return err;
	if (d > TRLIMIT_IO_WRITE)
		return -TRLIMIT_EINVAL;
	for (l = g; l != NULL; l = l->parent) {
		struct trlimit_bucket *bps = &l->io[TRLIMIT_IO_RBPS + d];
		struct trlimit_bucket *iops = &l->io[TRLIMIT_IO_RIOPS + d];

		l->io_bytes[d] = trlimit_sat_add(l->io_bytes[d], bytes);
		l->io_ops[d]++;
		if (bps->rate != TRLIMIT_UNLIMITED && bytes != 0) {
			t = bucket_take(bps, bytes, now);
			if (t > ready)
				ready = t;
		}
		if (iops->rate != TRLIMIT_UNLIMITED) {
			t = bucket_take(iops, 1, now);
			if (t > ready)
				ready = t;
		}
	}
	if (ready > now) {
		g->io_delayed[d]++;
		g->io_delay_ns[d] =
			trlimit_sat_add(g->io_delay_ns[d], ready - now);
	}
	*ready_at = ready;
	return 0;
}
