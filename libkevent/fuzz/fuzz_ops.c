/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the input is a sequence of operations (change lists as
 * user space would pass them, notifications, closes, time steps and
 * collects) applied to two queues, one watching the other, sharing a
 * wheel.  Change lists are untrusted input in a kernel, so every field is
 * taken from the bytes unfiltered.  Invariants are checked after each
 * operation; the sanitizers catch the rest.
 */
#include <stdlib.h>
#include <string.h>

#include <tessera/kevent.h>

#define NK    16
#define NB    8
#define NS    3
#define MAXEV 8

struct obj {
	struct tkev_source src;
	int64_t level;
	bool eof;
};

static void
obj_poll(const struct tkev_source *src, int16_t filter, int64_t *data,
	 bool *eof)
{
	const struct obj *o = (const struct obj *)src->ctx;

	(void)filter;
	*data = o->level;
	*eof = o->eof;
}

static const struct tkev_source_ops obj_ops = {.poll = obj_poll};

struct rd {
	const uint8_t *p;
	size_t n;
};

static uint64_t
take(struct rd *r, size_t bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0 && r->n > 0) {
		v = (v << 8) | *r->p++;
		r->n--;
	}
	return v;
}

static void
obj_init(struct obj *o)
{
	memset(o, 0, sizeof(*o));
	if (tkev_source_init(&o->src, &obj_ops, 0x1feu & ~(1u << 3), o) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tkev_knote k1[NK], k2[NK];
	static struct tkev_link b1[NB], b2[NB];
	static struct tkev_wheel w;
	static struct tkev_queue q1, q2;
	static struct obj objs[NS];
	struct tkev_queue_config c1 = {k1, NK, b1, NB, &w, NULL, NULL};
	struct tkev_queue_config c2 = {k2, NK, b2, NB, &w, NULL, NULL};
	struct tkev_event ev[MAXEV];
	struct rd r = {data, size};
	uint64_t now = 0;
	int i;

	tkev_wheel_init(&w, 0, (uint32_t)(take(&r, 1) % 33));
	tkev_queue_init(&q1, &c1);
	tkev_queue_init(&q2, &c2);
	for (i = 0; i < NS; i++)
		obj_init(&objs[i]);
	while (r.n > 0) {
		uint8_t op = (uint8_t)take(&r, 1);
		struct tkev_queue *q = (op & 0x80) ? &q2 : &q1;
		struct obj *o = &objs[(op >> 4) % NS];
		int rc;

		switch (op & 7) {
		case 0:
		case 1: {
			size_t nch = (size_t)take(&r, 1) % 4, j;
			size_t nev = (size_t)take(&r, 1) % (MAXEV + 1);

			for (j = 0; j < nch; j++) {
				uint64_t sel = take(&r, 1);

				ev[j].ident = take(&r, 1);
				ev[j].filter = (int16_t)(int8_t)take(&r, 1);
				ev[j].flags = (uint16_t)take(&r, 2);
				ev[j].fflags = (uint32_t)take(&r, 4);
				ev[j].data = (int64_t)take(&r, 8);
				ev[j].udata = NULL;
				ev[j].ext = 0;
				ev[j].src = sel % 5 < NS ? &objs[sel % 5].src
					    : sel % 5 == NS
						    ? tkev_queue_source(&q2)
						    : NULL;
			}
			rc = tkev_kevent(q, ev, nch, ev, nev, now);
			if (rc > (int)nev && rc > 0)
				abort();
			break;
		}
		case 2:
			o->level = (int64_t)(take(&r, 1) % 4);
			o->eof = (take(&r, 1) & 1) != 0;
			tkev_notify(&o->src, (int16_t)(take(&r, 1) % 10),
				    (uint32_t)take(&r, 4), (int64_t)take(&r, 2),
				    take(&r, 2));
			break;
		case 3:
			tkev_source_close(&o->src, (int)(take(&r, 1) % 3));
			obj_init(o);
			break;
		case 4:
			now += take(&r, 3);
			tkev_wheel_expire(&w, now);
			if (tkev_wheel_next_deadline(&w) <= now)
				abort(); /* everything due must have fired */
			break;
		case 5:
			rc = tkev_kevent(q, NULL, 0, ev, MAXEV, now);
			if (rc < 0 || rc > MAXEV)
				abort();
			break;
		default:
			if (tkev_queue_pending(q) > NK)
				abort();
			break;
		}
	}
	tkev_queue_destroy(&q1);
	tkev_queue_destroy(&q2);
	for (i = 0; i < NS; i++)
		if (objs[i].src.knotes.next != &objs[i].src.knotes)
			abort(); /* a knote outlived its queue */
	if (tkev_wheel_next_deadline(&w) != TKEV_NO_DEADLINE)
		abort();
	return 0;
}
