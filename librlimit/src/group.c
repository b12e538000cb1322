/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Group tree, membership, the policy hook, trlimit_set() and the usage
 * snapshot.  The tree is a set of child-to-parent pointers in caller
 * storage; walks go up the parents in a loop, bounded by TRLIMIT_DEPTH_MAX.
 */
#include "rlimit_impl.h"

static const char *const trlimit_errstr[] = {
	[0] = "success",
	[TRLIMIT_EINVAL] = "invalid argument",
	[TRLIMIT_ENOSPC] = "group tree too deep",
	[TRLIMIT_ENOENT] = "no such entry",
	[TRLIMIT_EEXIST] = "group already initialised",
	[TRLIMIT_EPERM] = "not permitted to set limits",
	[TRLIMIT_EAGAIN] = "count limit reached",
	[TRLIMIT_ERANGE] = "value out of range",
	[TRLIMIT_EBUSY] = "group has children, members or usage",
	[TRLIMIT_EBADF] = "not an initialised group",
	[TRLIMIT_EFAULT] = "bad address",
	[TRLIMIT_ENOMEM] = "memory limit reached",
	[TRLIMIT_EMFILE] = "open handle limit reached",
};

const char *
trlimit_strerror(int err)
{
	unsigned int e;
	const char *s = NULL;

	e = err < 0 ? 0u - (unsigned int)err : (unsigned int)err;
	if (e < sizeof(trlimit_errstr) / sizeof(trlimit_errstr[0]))
		s = trlimit_errstr[e];
	return s != NULL ? s : "unknown error";
}

static void
group_clear(struct trlimit_group *g)
{
	unsigned int i;

	TRLIMIT_MEMSET(g, 0, sizeof(*g));
	for (i = 0; i < TRLIMIT_RES_COUNT; i++) {
		g->cnt[i].max = TRLIMIT_UNLIMITED;
		g->cnt[i].high = TRLIMIT_UNLIMITED;
	}
	for (i = 0; i < TRLIMIT_IO_KEY_COUNT; i++)
		g->io[i].rate = TRLIMIT_UNLIMITED;
	g->cpu_soft = TRLIMIT_UNLIMITED;
	g->cpu_hard = TRLIMIT_UNLIMITED;
	g->quota = TRLIMIT_UNLIMITED;
	g->period = TRLIMIT_CPU_PERIOD_DEFAULT;
	g->weight = TRLIMIT_WEIGHT_DEFAULT;
	g->max_desc = TRLIMIT_TREE_UNLIMITED;
	g->max_depth = TRLIMIT_TREE_UNLIMITED;
	g->magic = TRLIMIT_MAGIC;
}

int
trlimit_root_init(struct trlimit_group *root, trlimit_policy_fn policy,
		  void *ctx)
{
	if (root == NULL)
		return -TRLIMIT_EINVAL;
	if (root->magic == TRLIMIT_MAGIC)
		return -TRLIMIT_EEXIST;
	group_clear(root);
	root->root = root;
	root->policy = policy;
	root->policy_ctx = ctx;
	return 0;
}

/* cgroup.max.descendants / cgroup.max.depth of every ancestor. */
static bool
tree_has_room(const struct trlimit_group *parent)
{
	const struct trlimit_group *l;
	uint32_t depth = parent->depth + 1;

	for (l = parent; l != NULL; l = l->parent)
		if (l->ndesc >= l->max_desc || depth - l->depth > l->max_depth)
			return false;
	return true;
}

int
trlimit_group_init(struct trlimit_group *g, struct trlimit_group *parent)
{
	struct trlimit_group *l;
	int err;

	if (g == NULL || g == parent)
		return -TRLIMIT_EINVAL;
	err = trlimit_check(parent);
	if (err != 0)
		return err;
	if (g->magic == TRLIMIT_MAGIC)
		return -TRLIMIT_EEXIST;
	if (parent->depth >= TRLIMIT_DEPTH_MAX)
		return -TRLIMIT_ENOSPC;
	if (!tree_has_room(parent))
		return -TRLIMIT_EAGAIN;
	group_clear(g);
	g->parent = parent;
	g->root = parent->root;
	g->depth = parent->depth + 1;
	parent->nchildren++;
	for (l = parent; l != NULL; l = l->parent)
		l->ndesc++;
	return 0;
}

int
trlimit_group_remove(struct trlimit_group *g)
{
	struct trlimit_group *l;
	unsigned int i;
	int err;

	err = trlimit_check(g);
	if (err != 0)
		return err;
	if (g->nchildren != 0 || g->nprocs_sub != 0)
		return -TRLIMIT_EBUSY;
	for (i = 0; i < TRLIMIT_RES_COUNT; i++)
		if (g->cnt[i].cur != 0)
			return -TRLIMIT_EBUSY;
	if (g->parent != NULL)
		g->parent->nchildren--;
	for (l = g->parent; l != NULL; l = l->parent)
		l->ndesc--;
	g->magic = 0;
	g->parent = NULL;
	return 0;
}

int
trlimit_proc_attach(struct trlimit_group *g)
{
	struct trlimit_group *l;
	int err;

	err = trlimit_check(g);
	if (err != 0)
		return err;
	g->nprocs++;
	for (l = g; l != NULL; l = l->parent)
		l->nprocs_sub++;
	return g->nprocs_sub == 1 ? TRLIMIT_POPULATED_CHANGED : 0;
}

int
trlimit_proc_detach(struct trlimit_group *g)
{
	struct trlimit_group *l;
	int err;

	err = trlimit_check(g);
	if (err != 0)
		return err;
	if (g->nprocs == 0)
		return -TRLIMIT_ERANGE;
	g->nprocs--;
	for (l = g; l != NULL; l = l->parent)
		l->nprocs_sub--;
	return g->nprocs_sub == 0 ? TRLIMIT_POPULATED_CHANGED : 0;
}

struct trlimit_group *
trlimit_group_parent(const struct trlimit_group *g)
{
	if (trlimit_check(g) != 0)
		return NULL;
	return g->parent;
}

int
trlimit_priv_may_set(const struct trlimit_group *g, const void *who)
{
	const struct trlimit_group *root;
	int err;

	err = trlimit_check(g);
	if (err != 0)
		return err;
	if (g->parent == NULL)
		return -TRLIMIT_EINVAL;
	root = g->root;
	if (root->policy != NULL && root->policy(root->policy_ctx, g, who) != 0)
		return -TRLIMIT_EPERM;
	return 0;
}

int
trlimit_set_tree_limits(struct trlimit_group *g, uint32_t max_descendants,
			uint32_t max_depth, const void *who)
{
	int err;

	err = trlimit_priv_may_set(g, who);
	if (err != 0)
		return err;
	g->max_desc = max_descendants;
	g->max_depth = max_depth;
	return 0;
}

void
trlimit_limits_init(struct trlimit_limits *l)
{
	if (l == NULL)
		return;
	l->memory_bytes = TRLIMIT_UNLIMITED;
	l->cpu_time_ns = TRLIMIT_UNLIMITED;
	l->cpu_time_kill_ns = TRLIMIT_UNLIMITED;
	l->cpu_percent = TRLIMIT_UNLIMITED;
	l->io_bandwidth = TRLIMIT_UNLIMITED;
	l->open_handles = TRLIMIT_UNLIMITED;
	l->child_processes = TRLIMIT_UNLIMITED;
	l->ipc_queue_depth = TRLIMIT_UNLIMITED;
}

static int
limits_check(const struct trlimit_limits *l)
{
	if (l->cpu_percent == 0 || l->io_bandwidth == 0)
		return -TRLIMIT_EINVAL;
	if (l->cpu_percent != TRLIMIT_UNLIMITED &&
	    l->cpu_percent > TRLIMIT_CPU_PERCENT_MAX)
		return -TRLIMIT_ERANGE;
	if (l->io_bandwidth != TRLIMIT_UNLIMITED &&
	    l->io_bandwidth > TRLIMIT_IO_RATE_MAX)
		return -TRLIMIT_ERANGE;
	if (l->cpu_time_kill_ns < l->cpu_time_ns)
		return -TRLIMIT_ERANGE;
	return 0;
}

int
trlimit_set(struct trlimit_group *g, const struct trlimit_limits *l,
	    const void *who)
{
	uint64_t quota = TRLIMIT_UNLIMITED;
	uint64_t burst;
	int err;

	if (l == NULL)
		return -TRLIMIT_EINVAL;
	err = trlimit_priv_may_set(g, who);
	if (err != 0)
		return err;
	err = limits_check(l);
	if (err != 0)
		return err;
	g->cnt[TRLIMIT_RES_MEMORY].max = l->memory_bytes;
	g->cnt[TRLIMIT_RES_HANDLES].max = l->open_handles;
	g->cnt[TRLIMIT_RES_CHILDREN].max = l->child_processes;
	g->cnt[TRLIMIT_RES_IPCQ].max = l->ipc_queue_depth;
	trlimit_priv_apply_cpu_time(g, l->cpu_time_ns, l->cpu_time_kill_ns);
	if (l->cpu_percent != TRLIMIT_UNLIMITED)
		quota = l->cpu_percent * (TRLIMIT_CPU_PERIOD_DEFAULT / 100u);
	trlimit_priv_apply_cpu_max(g, quota, TRLIMIT_CPU_PERIOD_DEFAULT);
	/* A burst of 100 ms worth of transfer, as io.max allows short bursts
	 * above the rate. */
	burst = l->io_bandwidth == TRLIMIT_UNLIMITED ? 0
						     : l->io_bandwidth / 10u;
	trlimit_priv_apply_io(g, TRLIMIT_IO_RBPS, l->io_bandwidth, burst);
	trlimit_priv_apply_io(g, TRLIMIT_IO_WBPS, l->io_bandwidth, burst);
	return 0;
}

int
trlimit_usage(const struct trlimit_group *g, struct trlimit_usage *out)
{
	unsigned int i;
	int err;

	if (out == NULL)
		return -TRLIMIT_EINVAL;
	err = trlimit_check(g);
	if (err != 0)
		return err;
	for (i = 0; i < TRLIMIT_RES_COUNT; i++) {
		const struct trlimit_counter *c = &g->cnt[i];
		struct trlimit_counter_usage *u = &out->res[i];

		u->current = c->cur;
		u->local = c->own;
		u->peak = c->peak;
		u->max = c->max;
		u->high = c->high;
		u->max_events = c->ev_max;
		u->max_events_local = c->ev_max_local;
		u->high_events = c->ev_high;
		u->high_events_local = c->ev_high_local;
	}
	out->cpu_time_ns = g->cpu_ns;
	out->cpu_periods = g->nr_periods;
	out->cpu_throttled = g->nr_throttled;
	out->cpu_throttled_ns = g->throttled_ns;
	for (i = 0; i < 2; i++) {
		out->io_bytes[i] = g->io_bytes[i];
		out->io_ops[i] = g->io_ops[i];
		out->io_delayed[i] = g->io_delayed[i];
		out->io_delay_ns[i] = g->io_delay_ns[i];
	}
	out->procs = g->nprocs;
	out->procs_subtree = g->nprocs_sub;
	out->children = g->nchildren;
	out->descendants = g->ndesc;
	out->depth = g->depth;
	return 0;
}
