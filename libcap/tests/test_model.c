/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Model-based random test: two handle tables driven by random operations
 * (install, close, lookup, limit, duplicate, replace, sub-rights, batch
 * transfers in both directions, stale and forged values) and checked after
 * every step against a plain reference model: the set of live handles with
 * their objects, rights and sub-rights, the reference counts seen by the
 * hooks, and the rule that no handle value is ever handed out twice.
 */
#include "fixtures.h"

#define NS	12 /* slots per table */
#define NP	3  /* ioctl lists per table */
#define NOBJ	8
#define NCMD	16 /* ioctl commands 0..15, a set is a 16-bit mask */
#define SETSIZE (1u << 16)
#define STEPS	20000
#define EPOCH	2500

struct mh {
	tcap_handle_t h;
	int obj;
	uint32_t type;
	uint64_t rights;
	uint32_t fcntls;
	bool ioall;	 /* never limited */
	uint32_t iomask; /* allowed commands when limited */
	int lid;	 /* list identity when limited and non-empty */
};

struct mt {
	struct tcap_table t;
	struct tcap_entry slots[NS];
	struct tcap_ioctl_list pool[NP];
	struct mh h[NS];
	int nh;
	uint32_t issued[SETSIZE]; /* open addressing; 0 = empty */
	uint32_t nissued;
	uint32_t gen_bits;
	uint32_t retired;
};

struct model {
	struct mt tab[2];
	int refs[NOBJ];	 /* live handles per object, per the model */
	int hooks[NOBJ]; /* retains minus releases, plus installs */
	int objs[NOBJ];
	int next_lid;
	uint64_t rng;
};

static uint64_t
rnd(struct model *m)
{
	/* xorshift64*: deterministic, no libc state. */
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return m->rng * 0x2545f4914f6cdd1dull;
}

static uint32_t
rn(struct model *m, uint32_t n)
{
	return (uint32_t)(rnd(m) % n);
}

static int
obj_index(struct model *m, void *obj)
{
	int i;

	for (i = 0; i < NOBJ; i++)
		if (obj == &m->objs[i])
			return i;
	fail_msg("unknown object %p", obj);
	return -1;
}

static void
hook_retain(void *ctx, void *object, uint32_t type)
{
	struct model *m = ctx;

	(void)type;
	m->hooks[obj_index(m, object)]++;
}

static void
hook_release(void *ctx, void *object, uint32_t type)
{
	struct model *m = ctx;

	(void)type;
	m->hooks[obj_index(m, object)]--;
}

static const struct tcap_object_ops model_ops = {
	.retain = hook_retain,
	.release = hook_release,
};

/* Record a newly issued value; it must never have been issued before. */
static void
issue(struct mt *t, tcap_handle_t h)
{
	uint32_t i = (h * 2654435761u) >> 16;

	assert_int_equal(h & 3u, 3u);
	while (t->issued[i] != 0) {
		if (t->issued[i] == h)
			fail_msg("handle %#x issued twice", h);
		i = (i + 1) & (SETSIZE - 1);
	}
	assert_true(t->nissued < SETSIZE / 2);
	t->issued[i] = h;
	t->nissued++;
}

static void
table_init(struct model *m, struct mt *t)
{
	static const uint32_t gens[3] = {0, 2, 3};
	struct tcap_table_config cfg = {
		.slots = t->slots,
		.nslots = NS,
		.ioctl_pool = t->pool,
		.nioctl = NP,
		.ops = &model_ops,
		.ctx = m,
	};

	t->gen_bits = gens[rn(m, 3)];
	cfg.gen_bits = t->gen_bits;
	assert_int_equal(tcap_table_init(&t->t, &cfg), 0);
	t->nh = 0;
	memset(t->issued, 0, sizeof(t->issued));
	t->nissued = 0;
	t->retired = 0;
}

static void
trim(struct mh *h)
{
	if ((h->rights & TCAP_RIGHT_IOCTL) == 0) {
		h->ioall = false;
		h->iomask = 0;
		h->lid = 0;
	}
	if ((h->rights & TCAP_RIGHT_FCNTL) == 0)
		h->fcntls = 0;
}

static int
lid_refs(const struct mt *t, int lid)
{
	int i, n = 0;

	for (i = 0; i < t->nh; i++)
		n += t->h[i].lid == lid;
	return n;
}

static int
distinct_lids(const struct mt *t)
{
	int i, j, n = 0;

	for (i = 0; i < t->nh; i++) {
		if (t->h[i].lid == 0)
			continue;
		for (j = 0; j < i; j++)
			if (t->h[j].lid == t->h[i].lid)
				break;
		n += j == i;
	}
	return n;
}

static struct tcap_table_stats
stats(const struct mt *t)
{
	struct tcap_table_stats st;

	assert_int_equal(tcap_table_stats(&t->t, &st), 0);
	return st;
}

static struct mh *
find(struct mt *t, tcap_handle_t h)
{
	int i;

	for (i = 0; i < t->nh; i++)
		if (t->h[i].h == h)
			return &t->h[i];
	return NULL;
}

static void
forget(struct mt *t, struct mh *h)
{
	*h = t->h[--t->nh];
}

/* A live handle most of the time, else a stale or forged value. */
static tcap_handle_t
pick(struct model *m, struct mt *t)
{
	uint32_t r = rn(m, 10);

	if (r < 7 && t->nh > 0)
		return t->h[rn(m, (uint32_t)t->nh)].h;
	if (r < 9 && t->nissued > 0) {
		uint32_t i = rn(m, SETSIZE);

		while (t->issued[i] == 0)
			i = (i + 1) & (SETSIZE - 1);
		return t->issued[i];
	}
	return (tcap_handle_t)rnd(m);
}

static uint64_t
pick_rights(struct model *m, const struct mh *h)
{
	switch (rn(m, 6)) {
	case 0:
		return TCAP_RIGHTS_SAME;
	case 1:
		return rnd(m) & TCAP_RIGHTS_ALL;
	case 2:
		return (rnd(m) & TCAP_RIGHTS_ALL) | ((uint64_t)1 << 40);
	default:
		return h != NULL ? (h->rights & rnd(m)) : 0;
	}
}

static void
check_all(struct model *m)
{
	int k, i;

	for (k = 0; k < 2; k++) {
		struct mt *t = &m->tab[k];
		struct tcap_table_stats st = stats(t);

		assert_int_equal(st.used, t->nh);
		assert_int_equal(st.used + st.free + st.retired, NS);
		assert_true(st.retired >= t->retired);
		t->retired = st.retired;
		/* A retired slot handed out all of its 2^gen_bits values. */
		if (t->gen_bits != 0)
			assert_true(st.retired <= t->nissued >> t->gen_bits);
		else
			assert_int_equal(st.retired, 0);
		assert_int_equal(distinct_lids(t), NP - (int)st.ioctl_free);
		for (i = 0; i < t->nh; i++) {
			const struct mh *h = &t->h[i];
			struct tcap_info info;

			assert_int_equal(tcap_get(&t->t, h->h, &info), 0);
			assert_ptr_equal(info.object, &m->objs[h->obj]);
			assert_int_equal(info.type, h->type);
			assert_true(info.rights == h->rights);
			assert_int_equal(info.fcntls, h->fcntls);
			if (h->ioall)
				assert_int_equal(info.nioctls, TCAP_IOCTLS_ALL);
			else
				assert_int_equal(info.nioctls,
						 __builtin_popcount(h->iomask));
		}
	}
	for (i = 0; i < NOBJ; i++)
		assert_int_equal(m->hooks[i], m->refs[i]);
}

static void
op_install(struct model *m, struct mt *t)
{
	uint32_t type = rn(m, TCAP_OBJ_BUILTIN_COUNT + 1);
	uint64_t rights = pick_rights(m, NULL);
	int obj = (int)rn(m, NOBJ);
	tcap_handle_t h;
	int want = 0, err;
	uint64_t mean = tcap_type_rights(type);

	if (type == 0 || type >= TCAP_OBJ_BUILTIN_COUNT ||
	    (rights != TCAP_RIGHTS_SAME && (rights & ~TCAP_RIGHTS_ALL) != 0))
		want = -TCAP_EINVAL;
	else if (stats(t).free == 0)
		want = -TCAP_ENOSPC;
	err = tcap_install(&t->t, &m->objs[obj], type, rights, &h);
	assert_int_equal(err, want);
	if (err != 0)
		return;
	issue(t, h);
	t->h[t->nh] = (struct mh){
		.h = h,
		.obj = obj,
		.type = type,
		.rights = (rights == TCAP_RIGHTS_SAME ? mean : rights) & mean,
		.fcntls = TCAP_FCNTLS_ALL,
		.ioall = true,
	};
	trim(&t->h[t->nh]);
	t->nh++;
	m->refs[obj]++;
	m->hooks[obj]++; /* the table took over the caller's reference */
}

static void
op_close(struct model *m, struct mt *t)
{
	tcap_handle_t h = pick(m, t);
	struct mh *mh = find(t, h);
	int err = tcap_close(&t->t, h);

	assert_int_equal(err, mh != NULL ? 0 : -TCAP_EBADF);
	if (mh != NULL) {
		m->refs[mh->obj]--;
		forget(t, mh);
	}
}

static void
op_lookup(struct model *m, struct mt *t)
{
	tcap_handle_t h = pick(m, t);
	struct mh *mh = find(t, h);
	uint64_t need = rnd(m) & rnd(m) & TCAP_RIGHTS_ALL;
	void *obj = NULL;
	int want;

	if (mh != NULL && rn(m, 2) == 0)
		need &= mh->rights;
	want = mh == NULL		   ? -TCAP_EBADF
	       : (need & ~mh->rights) != 0 ? -TCAP_ENOTCAPABLE
					   : 0;
	assert_int_equal(tcap_lookup(&t->t, h, need, &obj), want);
	if (want == 0)
		assert_ptr_equal(obj, &m->objs[mh->obj]);
}

static void
op_limit(struct model *m, struct mt *t)
{
	tcap_handle_t h = pick(m, t);
	struct mh *mh = find(t, h);
	uint64_t r = pick_rights(m, mh);
	int want;

	if ((r & ~TCAP_RIGHTS_ALL) != 0)
		want = -TCAP_EINVAL;
	else if (mh == NULL)
		want = -TCAP_EBADF;
	else if ((r & ~mh->rights) != 0)
		want = -TCAP_ENOTCAPABLE;
	else
		want = 0;
	assert_int_equal(tcap_rights_limit(&t->t, h, r), want);
	if (want == 0) {
		mh->rights = r;
		trim(mh);
	}
}

static void
op_duplicate(struct model *m, struct mt *t, bool replace)
{
	tcap_handle_t h = pick(m, t), out;
	struct mh *mh = find(t, h);
	uint64_t r = pick_rights(m, mh);
	int want = 0, err;

	if (mh == NULL)
		want = -TCAP_EBADF;
	else if (!replace && (mh->rights & TCAP_RIGHT_DUPLICATE) == 0)
		want = -TCAP_ENOTCAPABLE;
	else if (r != TCAP_RIGHTS_SAME && (r & ~mh->rights) != 0)
		want = -TCAP_EINVAL;
	if (replace) {
		struct tcap_table_stats before = stats(t);

		err = tcap_replace(&t->t, h, r, &out);
		/* ENOSPC only when the slot is used up and none is free. */
		if (want == 0 && err == -TCAP_ENOSPC) {
			assert_int_equal(before.free, 0);
			assert_true(t->gen_bits != 0);
			return;
		}
		assert_int_equal(err, want);
		if (err != 0)
			return;
		issue(t, out);
		mh->h = out;
		if (r != TCAP_RIGHTS_SAME)
			mh->rights = r;
		trim(mh);
		return;
	}
	if (want == 0 && stats(t).free == 0)
		want = -TCAP_ENOSPC;
	err = tcap_duplicate(&t->t, h, r, &out);
	assert_int_equal(err, want);
	if (err != 0)
		return;
	issue(t, out);
	t->h[t->nh] = *mh;
	t->h[t->nh].h = out;
	if (r != TCAP_RIGHTS_SAME)
		t->h[t->nh].rights = r;
	trim(&t->h[t->nh]);
	t->nh++;
	m->refs[mh->obj]++;
}

static void
op_fcntls(struct model *m, struct mt *t)
{
	tcap_handle_t h = pick(m, t);
	struct mh *mh = find(t, h);
	uint32_t mask = rn(m, 32);
	int want;

	if ((mask & ~TCAP_FCNTLS_ALL) != 0)
		want = -TCAP_EINVAL;
	else if (mh == NULL)
		want = -TCAP_EBADF;
	else if ((mask & ~mh->fcntls) != 0)
		want = -TCAP_ENOTCAPABLE;
	else
		want = 0;
	assert_int_equal(tcap_fcntls_limit(&t->t, h, mask), want);
	if (want == 0)
		mh->fcntls = mask;
}

static void
op_ioctls(struct model *m, struct mt *t)
{
	tcap_handle_t h = pick(m, t);
	struct mh *mh = find(t, h);
	uint32_t set = (uint32_t)rnd(m) & 0xffffu, cmds[2 * NCMD];
	size_t n = 0;
	uint32_t c;
	int want = 0;
	bool fresh = false;

	if (mh != NULL && rn(m, 3) != 0)
		set &= mh->ioall ? set : mh->iomask;
	if (rn(m, 8) == 0)
		set = 0;
	for (c = 0; c < NCMD; c++)
		if (set & (1u << c)) {
			cmds[n++] = c;
			if (rn(m, 4) == 0)
				cmds[n++] = c; /* duplicates count once */
		}
	if (mh == NULL)
		want = -TCAP_EBADF;
	else if ((mh->rights & TCAP_RIGHT_IOCTL) == 0)
		want = -TCAP_ENOTCAPABLE;
	else if (!mh->ioall && (set & ~mh->iomask) != 0)
		want = -TCAP_ENOTCAPABLE;
	else if (set != 0) {
		fresh = mh->ioall || mh->lid == 0 || lid_refs(t, mh->lid) > 1;
		if (fresh && stats(t).ioctl_free == 0)
			want = -TCAP_ENOSPC;
	}
	assert_int_equal(tcap_ioctls_limit(&t->t, h, cmds, n), want);
	if (want != 0)
		return;
	mh->ioall = false;
	mh->iomask = set;
	if (set == 0)
		mh->lid = 0;
	else if (fresh)
		mh->lid = ++m->next_lid;
}

static void
op_check_ioctl(struct model *m, struct mt *t)
{
	tcap_handle_t h = pick(m, t);
	struct mh *mh = find(t, h);
	uint32_t cmd = rn(m, NCMD);
	int want;

	if (mh == NULL)
		want = -TCAP_EBADF;
	else if ((mh->rights & TCAP_RIGHT_IOCTL) == 0)
		want = -TCAP_ENOTCAPABLE;
	else if (!mh->ioall && (mh->iomask & (1u << cmd)) == 0)
		want = -TCAP_ENOTCAPABLE;
	else
		want = 0;
	assert_int_equal(tcap_check_ioctl(&t->t, h, cmd, NULL), want);
}

static int
predict_entry(struct mt *s, const struct tcap_xfer *x, size_t i)
{
	const struct mh *mh = find(s, x[i].handle);
	uint64_t need = TCAP_RIGHT_TRANSFER;
	size_t j;

	if (mh == NULL)
		return -TCAP_EBADF;
	for (j = 0; j < i; j++)
		if (x[j].handle == x[i].handle)
			return -TCAP_EBADF;
	if (x[i].mode > TCAP_XFER_COPY)
		return -TCAP_EINVAL;
	if (x[i].mode == TCAP_XFER_COPY)
		need |= TCAP_RIGHT_DUPLICATE;
	if ((mh->rights & need) != need)
		return -TCAP_ENOTCAPABLE;
	if (x[i].rights != TCAP_RIGHTS_SAME && (x[i].rights & ~mh->rights))
		return -TCAP_EINVAL;
	if (x[i].type != 0 && x[i].type != mh->type)
		return -TCAP_EWRONGTYPE;
	return 0;
}

static void
op_transfer(struct model *m)
{
	struct mt *s = &m->tab[rn(m, 2)];
	struct mt *d = rn(m, 4) == 0 ? s : &m->tab[rn(m, 2)];
	struct tcap_xfer x[4];
	int want[4], first = 0, err;
	size_t n = 1 + rn(m, 4), i;
	uint32_t lists = 0;
	struct tcap_table_stats ds = stats(d);

	for (i = 0; i < n; i++) {
		const struct mh *mh;

		memset(&x[i], 0, sizeof(x[i]));
		x[i].handle = (i > 0 && rn(m, 10) == 0) ? x[i - 1].handle
							: pick(m, s);
		mh = find(s, x[i].handle);
		x[i].mode = rn(m, 20) == 0 ? 2 : rn(m, 2);
		x[i].rights = pick_rights(m, mh);
		x[i].type = rn(m, 3) == 0 ? rn(m, TCAP_OBJ_BUILTIN_COUNT)
			    : (mh != NULL && rn(m, 2)) ? mh->type
						       : 0;
		want[i] = predict_entry(s, x, i);
		if (want[i] != 0 && first == 0)
			first = want[i];
		if (want[i] == 0 && s != d && mh->lid != 0 &&
		    ((x[i].rights == TCAP_RIGHTS_SAME ? mh->rights
						      : x[i].rights) &
		     TCAP_RIGHT_IOCTL))
			lists++;
	}
	if (first == 0 && (ds.free < n || ds.ioctl_free < lists))
		first = -TCAP_ENOSPC;
	err = tcap_transfer(&s->t, &d->t, x, n);
	assert_int_equal(err, first);
	for (i = 0; i < n; i++)
		assert_int_equal(x[i].result,
				 first == -TCAP_ENOSPC ? 0 : want[i]);
	if (err != 0)
		return;
	for (i = 0; i < n; i++) {
		struct mh *mh = find(s, x[i].handle), nh = *mh;

		issue(d, x[i].out);
		nh.h = x[i].out;
		if (x[i].rights != TCAP_RIGHTS_SAME)
			nh.rights = x[i].rights;
		trim(&nh);
		if (s != d && nh.lid != 0)
			nh.lid = ++m->next_lid;
		d->h[d->nh++] = nh;
		if (x[i].mode == TCAP_XFER_MOVE) {
			forget(s, find(s, x[i].handle));
		} else {
			m->refs[nh.obj]++;
		}
	}
}

static void
epoch(struct model *m)
{
	int k, i;

	for (k = 0; k < 2; k++) {
		struct mt *t = &m->tab[k];

		assert_int_equal(tcap_table_drain(&t->t), t->nh);
		for (i = 0; i < t->nh; i++)
			m->refs[t->h[i].obj]--;
		table_init(m, t);
	}
	check_all(m);
}

static void
run(uint64_t seed)
{
	struct model *m = calloc(1, sizeof(*m));
	int step;

	assert_non_null(m);
	m->rng = seed;
	table_init(m, &m->tab[0]);
	table_init(m, &m->tab[1]);
	for (step = 0; step < STEPS; step++) {
		struct mt *t = &m->tab[rn(m, 2)];

		switch (rn(m, 11)) {
		case 0:
		case 1:
			op_install(m, t);
			break;
		case 2:
			op_close(m, t);
			break;
		case 3:
			op_lookup(m, t);
			break;
		case 4:
			op_limit(m, t);
			break;
		case 5:
			op_duplicate(m, t, false);
			break;
		case 6:
			op_duplicate(m, t, true);
			break;
		case 7:
			op_fcntls(m, t);
			break;
		case 8:
			op_ioctls(m, t);
			break;
		case 9:
			op_check_ioctl(m, t);
			break;
		default:
			op_transfer(m);
			break;
		}
		check_all(m);
		if (step % EPOCH == EPOCH - 1)
			epoch(m);
	}
	epoch(m);
	for (step = 0; step < NOBJ; step++)
		assert_int_equal(m->hooks[step], 0);
	free(m);
}

static void
test_model__random_seeds(void **state)
{
	static const uint64_t seeds[] = {
		0x9e3779b97f4a7c15ull,
		1,
		0xdeadbeefcafef00dull,
		12345,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
		run(seeds[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model__random_seeds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
