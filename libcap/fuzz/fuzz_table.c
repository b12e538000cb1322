/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for handle tables: each input is a program of
 * operations (install, close, limit, duplicate, replace, sub-rights,
 * transfer) on two small tables, with handle values taken from the input
 * as often as from earlier results.  After every operation: the counters
 * add up, every handle known to be live resolves with rights that never
 * grew, and every handle known to be closed stays dead.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tessera/cap.h>

#define NS   6
#define NP   2
#define MAXK 64

struct known {
	tcap_handle_t h;
	uint64_t rights;
	int tab;
	int live;
};

struct state {
	struct tcap_table t[2];
	struct tcap_entry slots[2][NS];
	struct tcap_ioctl_list pool[2][NP];
	struct known k[MAXK];
	int nk;
	const uint8_t *p;
	size_t n;
};

static uint32_t
take(struct state *s, unsigned bytes)
{
	uint32_t v = 0;

	while (bytes-- > 0) {
		v = (v << 8) | (s->n > 0 ? *s->p : 0);
		if (s->n > 0) {
			s->p++;
			s->n--;
		}
	}
	return v;
}

static void
remember(struct state *s, int tab, tcap_handle_t h)
{
	uint64_t r;
	int i;

	if (tcap_rights_get(&s->t[tab], h, &r) != 0)
		abort();
	for (i = 0; i < s->nk; i++)
		if (s->k[i].tab == tab && s->k[i].h == h)
			abort(); /* a value handed out twice */
	if (s->nk < MAXK)
		s->k[s->nk++] = (struct known){h, r, tab, 1};
}

static void
forget(struct state *s, int tab, tcap_handle_t h)
{
	int i;

	for (i = 0; i < s->nk; i++)
		if (s->k[i].tab == tab && s->k[i].h == h)
			s->k[i].live = 0;
}

static tcap_handle_t
pick(struct state *s)
{
	uint32_t b = take(s, 1);

	if (b < 200 && s->nk > 0)
		return s->k[b % (uint32_t)s->nk].h;
	return take(s, 4);
}

static void
check(struct state *s)
{
	int i, tab;

	for (tab = 0; tab < 2; tab++) {
		struct tcap_table_stats st;

		if (tcap_table_stats(&s->t[tab], &st) != 0 ||
		    st.used + st.free + st.retired != NS || st.ioctl_free > NP)
			abort();
	}
	for (i = 0; i < s->nk; i++) {
		uint64_t r;
		int err = tcap_rights_get(&s->t[s->k[i].tab], s->k[i].h, &r);

		if (!s->k[i].live) {
			if (err != -TCAP_EBADF)
				abort();
			continue;
		}
		if (err != 0 || (r & ~s->k[i].rights) != 0)
			abort();
		s->k[i].rights = r;
	}
}

static void
step(struct state *s)
{
	int tab = (int)(take(s, 1) & 1);
	struct tcap_table *t = &s->t[tab];
	uint32_t op = take(s, 1) % 9;
	tcap_handle_t h = pick(s), out;
	uint64_t rights = ((uint64_t)take(s, 4) << 32 | take(s, 4));
	uint32_t cmds[4];
	struct tcap_xfer x[3];
	size_t i, n;

	if ((rights >> 63) == 0 && (rights & 1) == 0)
		rights &= TCAP_RIGHTS_ALL;
	switch (op) {
	case 0:
		if (tcap_install(t, NULL, take(s, 1) % 12, rights, &out) == 0)
			remember(s, tab, out);
		break;
	case 1:
		if (tcap_close(t, h) == 0)
			forget(s, tab, h);
		break;
	case 2:
		(void)tcap_rights_limit(t, h, rights);
		break;
	case 3:
		if (tcap_duplicate(t, h, rights, &out) == 0)
			remember(s, tab, out);
		break;
	case 4:
		if (tcap_replace(t, h, rights, &out) == 0) {
			forget(s, tab, h);
			remember(s, tab, out);
		}
		break;
	case 5:
		n = take(s, 1) % 5;
		for (i = 0; i < n; i++)
			cmds[i] = take(s, 1) % 8;
		(void)tcap_ioctls_limit(t, h, cmds, n);
		(void)tcap_check_ioctl(t, h, take(s, 1) % 8, NULL);
		break;
	case 6:
		(void)tcap_fcntls_limit(t, h, take(s, 1) % 32);
		(void)tcap_check_fcntl(t, h, take(s, 1) % 32, NULL);
		break;
	case 7:
		(void)tcap_lookup(t, h, rights, NULL);
		break;
	default: {
		int dt = (int)(take(s, 1) & 1);

		n = 1 + take(s, 1) % 3;
		for (i = 0; i < n; i++) {
			memset(&x[i], 0, sizeof(x[i]));
			x[i].handle = pick(s);
			x[i].mode = take(s, 1) % 3;
			x[i].rights =
				(take(s, 1) & 1) ? TCAP_RIGHTS_SAME : rights;
			x[i].type = take(s, 1) % 12;
		}
		if (tcap_transfer(t, &s->t[dt], x, n) == 0) {
			for (i = 0; i < n; i++) {
				if (x[i].mode == TCAP_XFER_MOVE)
					forget(s, tab, x[i].handle);
				remember(s, dt, x[i].out);
			}
		}
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct state s;
	int tab;

	memset(&s, 0, sizeof(s));
	s.p = data;
	s.n = size;
	for (tab = 0; tab < 2; tab++) {
		struct tcap_table_config cfg = {
			.slots = s.slots[tab],
			.nslots = NS,
			.ioctl_pool = s.pool[tab],
			.nioctl = NP,
			.gen_bits = 2 + take(&s, 1) % 3,
		};

		if (tcap_table_init(&s.t[tab], &cfg) != 0)
			abort();
	}
	while (s.n > 0) {
		step(&s);
		check(&s);
	}
	(void)tcap_table_drain(&s.t[0]);
	(void)tcap_table_drain(&s.t[1]);
	return 0;
}
