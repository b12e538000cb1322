/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: random operation sequences on a small group tree,
 * checked against a shadow model after every step:
 *   - hierarchical usage equals the sum of local charges in the subtree;
 *   - a charge succeeds exactly when it fits under every max on the path,
 *     and a refused charge changes no usage;
 *   - CPU and I/O verdicts never point into the past, and a throttled
 *     verdict has no budget.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tessera/rlimit.h>

#define NG 6

/* Parent index of each group; group 0 is the root. */
static const int parent_of[NG] = {-1, 0, 1, 2, 0, 4};

struct model {
	struct trlimit_group g[NG];
	uint64_t local[NG][TRLIMIT_RES_COUNT];
	uint64_t max[NG][TRLIMIT_RES_COUNT];
	uint64_t procs[NG];
	uint64_t now;
};

static int
in_subtree(int k, int gi)
{
	while (k != -1 && k != gi)
		k = parent_of[k];
	return k == gi;
}

static uint64_t
hier(const struct model *m, int gi, unsigned int r)
{
	uint64_t sum = 0;
	int k;

	for (k = 0; k < NG; k++)
		if (in_subtree(k, gi))
			sum += m->local[k][r];
	return sum;
}

static uint64_t
procs_below(const struct model *m, int gi)
{
	uint64_t sum = 0;
	int k;

	for (k = 0; k < NG; k++)
		if (in_subtree(k, gi))
			sum += m->procs[k];
	return sum;
}

static int
move_ok(const struct model *m, int from, int to, unsigned int r, uint64_t n)
{
	int p;

	if (n == 0 || n > m->local[from][r])
		return 0;
	for (p = to; p != -1; p = parent_of[p])
		if (n > UINT64_MAX - hier(m, p, r))
			return 0;
	return 1;
}

static int
fits(const struct model *m, int gi, unsigned int r, uint64_t n)
{
	int p;

	for (p = gi; p != -1; p = parent_of[p]) {
		uint64_t h = hier(m, p, r);

		if (n > UINT64_MAX - h)
			return -TRLIMIT_ERANGE;
		if (h + n > m->max[p][r])
			return -1;
	}
	return 0;
}

static void
check(const struct model *m)
{
	struct trlimit_usage u;
	unsigned int r;
	int k;

	for (k = 0; k < NG; k++) {
		if (trlimit_usage(&m->g[k], &u) != 0)
			abort();
		if (u.procs != m->procs[k] ||
		    u.procs_subtree != procs_below(m, k))
			abort();
		for (r = 0; r < TRLIMIT_RES_COUNT; r++)
			if (u.res[r].current != hier(m, k, r) ||
			    u.res[r].local != m->local[k][r] ||
			    u.res[r].peak < u.res[r].current)
				abort();
	}
}

static uint64_t
take(const uint8_t **d, size_t *n, unsigned int bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0 && *n > 0) {
		v = v << 8 | **d;
		(*d)++;
		(*n)--;
	}
	return v;
}

static void
step(struct model *m, unsigned int op, int gi, unsigned int r, uint64_t v)
{
	struct trlimit_group *g = &m->g[gi];
	struct trlimit_cpu_verdict cv;
	uint64_t ready;
	int want, got;

	switch (op) {
	case 0: /* charge */
		want = fits(m, gi, r, v);
		got = trlimit_charge(g, (enum trlimit_res)r, v);
		if (v == 0) {
			if (got != -TRLIMIT_EINVAL)
				abort();
		} else if (want == 0) {
			if (got < 0)
				abort();
			m->local[gi][r] += v;
		} else if (got >= 0 ||
			   (want == -TRLIMIT_ERANGE && got != want)) {
			abort();
		}
		break;
	case 1: /* uncharge: only the group's own charges */
		got = trlimit_uncharge(g, (enum trlimit_res)r, v);
		if (v != 0 && v <= m->local[gi][r]) {
			if (got != 0)
				abort();
			m->local[gi][r] -= v;
		} else if (got == 0) {
			abort();
		}
		break;
	case 2: /* set max */
		got = trlimit_set_max(g, (enum trlimit_res)r, v, NULL);
		if ((got == 0) != (gi != 0))
			abort();
		if (got == 0)
			m->max[gi][r] = v;
		break;
	case 3:
		(void)trlimit_set_high(g, (enum trlimit_res)r, v, NULL);
		break;
	case 4: /* cpu */
		m->now += v & 0xffffff;
		if (trlimit_cpu_charge(g, v >> 40, m->now, &cv) != 0)
			abort();
		if (cv.ready_at < m->now ||
		    ((cv.actions & TRLIMIT_CPU_THROTTLE) != 0) !=
			    (cv.budget == 0))
			abort();
		if (trlimit_cpu_query(g, m->now, &cv) != 0 ||
		    cv.ready_at < m->now)
			abort();
		break;
	case 5:
		(void)trlimit_set_cpu_max(g, (v & 0xffff) * 100000,
					  ((v >> 16) & 0x3ff) * 1000000, NULL);
		break;
	case 6: /* io */
		m->now += v & 0xffff;
		if (trlimit_io_charge(g, (enum trlimit_io_dir)(r & 1), v >> 16,
				      m->now, &ready) != 0 ||
		    ready < m->now)
			abort();
		break;
	case 7:
		(void)trlimit_set_io(g, (enum trlimit_io_key)r, v & 0xffffff,
				     v >> 24, NULL);
		break;
	case 8: { /* move to another group; never limited */
		int to = (gi + 1 + (int)r) % NG;
		int ok = move_ok(m, gi, to, r, v);

		got = trlimit_move(g, &m->g[to], (enum trlimit_res)r, v);
		if ((got == 0) != ok)
			abort();
		if (ok) {
			m->local[gi][r] -= v;
			m->local[to][r] += v;
		}
		break;
	}
	case 9: /* attach */
		want = procs_below(m, gi) == 0 ? TRLIMIT_POPULATED_CHANGED : 0;
		if (trlimit_proc_attach(g) != want)
			abort();
		m->procs[gi]++;
		break;
	case 10: /* detach */
		if (m->procs[gi] == 0) {
			if (trlimit_proc_detach(g) != -TRLIMIT_ERANGE)
				abort();
			break;
		}
		m->procs[gi]--;
		want = procs_below(m, gi) == 0 ? TRLIMIT_POPULATED_CHANGED : 0;
		if (trlimit_proc_detach(g) != want)
			abort();
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct model m;
	unsigned int r;
	int k;

	memset(&m, 0, sizeof(m));
	if (trlimit_root_init(&m.g[0], NULL, NULL) != 0)
		abort();
	for (k = 1; k < NG; k++)
		if (trlimit_group_init(&m.g[k], &m.g[parent_of[k]]) != 0)
			abort();
	for (k = 0; k < NG; k++)
		for (r = 0; r < TRLIMIT_RES_COUNT; r++)
			m.max[k][r] = TRLIMIT_UNLIMITED;
	while (size >= 2) {
		unsigned int op = data[0] & 15u;
		int gi = (int)((data[0] >> 4) % NG);
		unsigned int res = (unsigned int)(data[1] & 3u);
		unsigned int len = (unsigned int)(data[1] >> 5) + 1u;
		uint64_t v;

		data += 2;
		size -= 2;
		v = take(&data, &size, len);
		step(&m, op, gi, res, v);
		check(&m);
	}
	return 0;
}
