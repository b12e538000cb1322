/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The filter: a state table in caller storage (open addressing, linear
 * probing, backward-shift deletion) hashed with SipHash-1-3 under a secret
 * key, so that attacker-chosen packet fields cannot aim at one chain.  Each
 * slot is one cache line carrying the full key and the expiry, so a lookup
 * compares keys and checks liveness without touching the state array; TCP
 * sequence-window tracking after pf_tcp_track_full() in OpenBSD
 * sys/net/pf.c (G. van Rooij, "Real stateful TCP packet filtering in IP
 * Filter", 2001); UDP, ICMP and other pseudo states; timeouts from `now`.
 */
#include "pf_impl.h"

#define NS	      1000000000ull
#define MAXACKWINDOW  (0xffff + 1500)
#define SEQ_LT(a, b)  ((int32_t)((a) - (b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t)((a) - (b)) <= 0)
#define SEQ_GT(a, b)  ((int32_t)((a) - (b)) > 0)
#define SEQ_GEQ(a, b) ((int32_t)((a) - (b)) >= 0)

enum {
	TCPS_CLOSED = 0,
	TCPS_SYN_SENT = 2,
	TCPS_ESTABLISHED = 4,
	TCPS_CLOSING = 7,
	TCPS_FIN_WAIT_2 = 9,
	TCPS_TIME_WAIT = 10
};

enum { PEER_NONE = 0, PEER_SINGLE = 1, PEER_MULTIPLE = 2 };

bool tpf_if_skipped(const struct tpf_ruleset *rs, const char *ifname);

struct key {
	struct tpf_addr addr[2];
	uint16_t port[2];
	uint8_t af, proto;
};

static uint64_t
rotl(uint64_t x, unsigned b)
{
	return (x << b) | (x >> (64 - b));
}

#define SIPROUND                   \
	do {                       \
		v0 += v1;          \
		v1 = rotl(v1, 13); \
		v1 ^= v0;          \
		v0 = rotl(v0, 32); \
		v2 += v3;          \
		v3 = rotl(v3, 16); \
		v3 ^= v2;          \
		v0 += v3;          \
		v3 = rotl(v3, 21); \
		v3 ^= v0;          \
		v2 += v1;          \
		v1 = rotl(v1, 17); \
		v1 ^= v2;          \
		v2 = rotl(v2, 32); \
	} while (0)

static uint64_t
load64(const uint8_t *p)
{
	uint64_t v;

	TPF_MEMCPY(&v, p, 8);
	return v;
}

/* The five words of a key: what is hashed and what a slot stores. */
static void
key_words(const struct key *k, uint64_t m[5])
{
	m[0] = load64(k->addr[0].b);
	m[1] = load64(k->addr[0].b + 8);
	m[2] = load64(k->addr[1].b);
	m[3] = load64(k->addr[1].b + 8);
	m[4] = (uint64_t)k->port[0] | (uint64_t)k->port[1] << 16 |
	       (uint64_t)k->af << 32 | (uint64_t)k->proto << 40 | 40ull << 56;
}

/* SipHash-1-3 over the five words of a key. */
static uint64_t
key_hash(const struct tpf_filter *f, const uint64_t m[5])
{
	uint64_t v0 = f->k0 ^ 0x736f6d6570736575ull;
	uint64_t v1 = f->k1 ^ 0x646f72616e646f6dull;
	uint64_t v2 = f->k0 ^ 0x6c7967656e657261ull;
	uint64_t v3 = f->k1 ^ 0x7465646279746573ull;
	unsigned i;

	for (i = 0; i < 5; i++) {
		v3 ^= m[i];
		SIPROUND;
		v0 ^= m[i];
	}
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

/* pf orients keys by direction: inbound src is addr[0], outbound dst. */
static void
make_key(const struct tpf_pkt *pkt, struct key *k)
{
	int s = pkt->dir == TPF_DIR_IN ? 0 : 1;

	k->addr[s] = pkt->src;
	k->addr[1 - s] = pkt->dst;
	k->port[s] = pkt->sport;
	k->port[1 - s] = pkt->dport;
	k->af = pkt->af;
	k->proto = pkt->proto;
}

/* Branch-free comparison of a slot's key words. */
static bool
key_eq(const struct tpf_slot *s, const uint64_t m[5])
{
	return ((s->key[0] ^ m[0]) | (s->key[1] ^ m[1]) | (s->key[2] ^ m[2]) |
		(s->key[3] ^ m[3]) | (s->key[4] ^ m[4])) == 0;
}

int
tpf_filter_init(struct tpf_filter *f, struct tpf_ruleset *rs,
		struct tpf_state *states, uint32_t nstates,
		struct tpf_slot *slots, uint32_t nslots, uint64_t k0,
		uint64_t k1)
{
	if (f == NULL || states == NULL || slots == NULL || nstates == 0 ||
	    nslots < 2 * (uint64_t)nstates || (nslots & (nslots - 1)) != 0 ||
	    (rs != NULL && !rs->compiled))
		return -TPF_EINVAL;
	TPF_MEMSET(f, 0, sizeof(*f));
	TPF_MEMSET(slots, 0, (size_t)nslots * sizeof(*slots));
	f->active = rs;
	f->states = states;
	f->slots = slots;
	f->cap = nstates;
	f->nslots = nslots;
	f->k0 = k0;
	f->k1 = k1;
	return 0;
}

int
tpf_filter_swap(struct tpf_filter *f, struct tpf_ruleset *rs,
		struct tpf_ruleset **old)
{
	struct tpf_ruleset *prev;

	if (rs == NULL || !rs->compiled)
		return -TPF_EINVAL;
	prev = TPF_LOAD_ACQUIRE(&f->active);
	TPF_STORE_RELEASE(&f->active, rs);
	if (old != NULL)
		*old = prev;
	return 0;
}

uint32_t
tpf_filter_states(const struct tpf_filter *f)
{
	return f->count;
}

/*
 * Slot of the key, or nslots when absent: reads slots only.  The home
 * slot's `probe` bounds how far any key homed there was displaced, so a
 * miss usually ends on the home cache line even inside a cluster.
 */
static uint32_t
find_slot(const struct tpf_filter *f, const uint64_t m[5], uint64_t h)
{
	uint32_t mask = f->nslots - 1, i = (uint32_t)h & mask, d;
	uint32_t last = f->slots[i].probe;
	const struct tpf_slot *s;

	for (d = 0;; d++) {
		s = &f->slots[i];
		if (s->idx == 0)
			return f->nslots;
		if (s->tag == (uint32_t)h && key_eq(s, m))
			return i;
		if (d == last)
			return f->nslots;
		i = (i + 1) & mask;
	}
}

static void
remove_slot(struct tpf_filter *f, uint32_t pos)
{
	uint32_t mask = f->nslots - 1, empty = pos, j, home, idx, probe;

	idx = f->slots[pos].idx - 1;
	f->states[idx].used = 0;
	f->states[idx].next_free = f->free_head;
	f->free_head = idx + 1;
	for (j = (pos + 1) & mask; f->slots[j].idx != 0; j = (j + 1) & mask) {
		home = f->slots[j].tag & mask;
		if (((j - home) & mask) >= ((j - empty) & mask)) {
			/* `probe` belongs to the position, not the key. */
			probe = f->slots[empty].probe;
			f->slots[empty] = f->slots[j];
			f->slots[empty].probe = probe;
			empty = j;
		}
	}
	f->slots[empty].idx = 0;
	f->count--;
	f->state_removals++;
}

const struct tpf_state *
tpf_filter_find(const struct tpf_filter *f, const struct tpf_pkt *pkt,
		uint64_t now)
{
	const struct tpf_slot *s;
	struct key k;
	uint64_t m[5];
	uint32_t pos;

	make_key(pkt, &k);
	key_words(&k, m);
	pos = find_slot(f, m, key_hash(f, m));
	if (pos == f->nslots)
		return NULL;
	s = &f->slots[pos];
	return s->expire <= now ? NULL : &f->states[s->idx - 1];
}

static uint64_t
timeout_ns(const struct tpf_filter *f, enum tpf_timeout t)
{
	static const uint32_t defaults[TPF_TIMEOUT_COUNT] = {
		120, 30, 86400, 900, 45, 90, 60, 30, 60, 20, 10, 60, 30, 60};
	const struct tpf_ruleset *rs = f->active;

	return (uint64_t)(rs != NULL ? rs->timeout[t] : defaults[t]) * NS;
}

static void
init_peers(struct tpf_state *st, const struct tpf_pkt *pkt)
{
	TPF_MEMSET(&st->src, 0, sizeof(st->src));
	TPF_MEMSET(&st->dst, 0, sizeof(st->dst));
	if (pkt->proto != TPF_PROTO_TCP) {
		st->src.state = PEER_SINGLE;
		return;
	}
	/* pf_create_state(): the initiator's window; the responder is
	 * unknown until its first segment. */
	st->src.seqlo = pkt->seq;
	st->src.seqhi = pkt->seq + pkt->plen + 1;
	if (pkt->tcp_flags & TPF_TH_SYN) {
		st->src.seqhi++;
		st->src.wscale = pkt->wscale;
	}
	if (pkt->tcp_flags & TPF_TH_FIN)
		st->src.seqhi++;
	st->src.max_win = pkt->win > 1 ? pkt->win : 1;
	st->dst.seqhi = 1;
	st->dst.max_win = 1;
	st->src.state = TCPS_SYN_SENT;
	st->dst.state = TCPS_CLOSED;
}

int
tpf_filter_insert(struct tpf_filter *f, const struct tpf_pkt *pkt,
		  uint32_t rule, uint64_t now)
{
	struct tpf_state *st;
	struct tpf_slot *s;
	struct key k;
	uint64_t h, m[5];
	uint32_t mask = f->nslots - 1, i, idx, limit = f->cap, d;

	make_key(pkt, &k);
	key_words(&k, m);
	h = key_hash(f, m);
	i = find_slot(f, m, h);
	if (i != f->nslots) {
		if (f->slots[i].expire > now)
			return -TPF_EEXIST;
		remove_slot(f, i);
	}
	if (f->active != NULL && f->active->limit_states != 0 &&
	    f->active->limit_states < limit)
		limit = f->active->limit_states;
	if (f->count >= limit) {
		f->state_full++;
		return -TPF_ENOSPC;
	}
	if (f->free_head != 0) {
		idx = f->free_head - 1;
		f->free_head = f->states[idx].next_free;
	} else {
		idx = f->hw++;
	}
	st = &f->states[idx];
	st->addr[0] = k.addr[0];
	st->addr[1] = k.addr[1];
	st->port[0] = k.port[0];
	st->port[1] = k.port[1];
	st->af = k.af;
	st->proto = k.proto;
	st->dir = pkt->dir;
	st->used = 1;
	st->rule = rule;
	st->packets[0] = 1;
	st->packets[1] = 0;
	init_peers(st, pkt);
	st->expire =
		now +
		timeout_ns(f, pkt->proto == TPF_PROTO_TCP   ? TPF_TO_TCP_FIRST
			      : pkt->proto == TPF_PROTO_UDP ? TPF_TO_UDP_FIRST
			      : (pkt->proto == TPF_PROTO_ICMP ||
				 pkt->proto == TPF_PROTO_ICMP6)
				      ? TPF_TO_ICMP_FIRST
				      : TPF_TO_OTHER_FIRST);
	for (d = 0, i = (uint32_t)h & mask; f->slots[i].idx != 0;
	     i = (i + 1) & mask)
		d++;
	/* An upper bound: deletions shift keys back, never further out. */
	if (f->slots[(uint32_t)h & mask].probe < d)
		f->slots[(uint32_t)h & mask].probe = d;
	s = &f->slots[i];
	TPF_MEMCPY(s->key, m, sizeof(s->key));
	s->tag = (uint32_t)h;
	s->idx = idx + 1;
	s->expire = st->expire;
	f->count++;
	f->state_inserts++;
	return 0;
}

static enum tpf_timeout
tcp_timeout(const struct tpf_peer *src, const struct tpf_peer *dst)
{
	if (src->state >= TCPS_FIN_WAIT_2 && dst->state >= TCPS_FIN_WAIT_2)
		return TPF_TO_TCP_CLOSED;
	if (src->state >= TCPS_CLOSING && dst->state >= TCPS_CLOSING)
		return TPF_TO_TCP_FINWAIT;
	if (src->state < TCPS_ESTABLISHED || dst->state < TCPS_ESTABLISHED)
		return TPF_TO_TCP_OPENING;
	if (src->state >= TCPS_CLOSING || dst->state >= TCPS_CLOSING)
		return TPF_TO_TCP_CLOSING;
	return TPF_TO_TCP_ESTABLISHED;
}

/* First segment from the responder: learn its sequence space. */
static void
tcp_first(struct tpf_peer *src, struct tpf_peer *dst, const struct tpf_pkt *pkt,
	  uint32_t end, unsigned dws)
{
	if ((pkt->tcp_flags & TPF_TH_SYN) && (dst->wscale & 0x80))
		src->wscale = pkt->wscale;
	if (!(src->wscale & 0x80))
		dst->wscale = 0;
	src->seqlo = pkt->seq;
	if (src->state < TCPS_SYN_SENT)
		src->state = TCPS_SYN_SENT;
	if (src->seqhi == 1 ||
	    SEQ_GEQ(end + ((uint32_t)dst->max_win << dws), src->seqhi))
		src->seqhi =
			end +
			(dst->max_win > 0 ? (uint32_t)dst->max_win << dws : 1u);
	if (pkt->win > src->max_win)
		src->max_win = pkt->win;
}

/* pf_tcp_track_full(): false when the segment is outside the window. */
static bool
tcp_track(const struct tpf_filter *f, struct tpf_state *st,
	  const struct tpf_pkt *pkt, bool from_src, uint64_t now)
{
	struct tpf_peer *src = from_src ? &st->src : &st->dst;
	struct tpf_peer *dst = from_src ? &st->dst : &st->src;
	uint8_t fl = pkt->tcp_flags;
	uint32_t seq = pkt->seq, ack = pkt->ack, end, win = pkt->win;
	unsigned sws = 0, dws = 0;
	int32_t ackskew;

	if ((src->wscale & 0x80) && (dst->wscale & 0x80) &&
	    !(fl & TPF_TH_SYN)) {
		sws = src->wscale & 0x0f;
		dws = dst->wscale & 0x0f;
	}
	end = seq + pkt->plen + ((fl & TPF_TH_SYN) ? 1u : 0u) +
	      ((fl & TPF_TH_FIN) ? 1u : 0u);
	if (src->seqlo == 0 && src->state < TCPS_SYN_SENT)
		tcp_first(src, dst, pkt, end, dws);
	if (!(fl & TPF_TH_ACK) ||
	    (ack == 0 &&
	     (fl & (TPF_TH_ACK | TPF_TH_RST)) == (TPF_TH_ACK | TPF_TH_RST)) ||
	    dst->state < TCPS_SYN_SENT)
		ack = dst->seqlo;
	if (seq == end) {
		/* Ease sequencing restrictions on segments without data. */
		seq = src->seqlo;
		end = seq;
	}
	ackskew = (int32_t)(dst->seqlo - ack);
	if (!(SEQ_GEQ(src->seqhi, end) &&
	      SEQ_GEQ(seq, src->seqlo - ((uint32_t)dst->max_win << dws)) &&
	      ackskew >= -MAXACKWINDOW && ackskew <= (MAXACKWINDOW << sws) &&
	      (!(fl & TPF_TH_RST) || pkt->seq == src->seqlo ||
	       pkt->seq == src->seqlo + 1 || pkt->seq + 1 == src->seqlo)))
		return false;
	if (src->max_win < win)
		src->max_win = (uint16_t)win;
	if (SEQ_GT(end, src->seqlo))
		src->seqlo = end;
	if (SEQ_GEQ(ack + (win << sws), dst->seqhi))
		dst->seqhi = ack + ((win << sws) > 0 ? (win << sws) : 1u);
	if ((fl & TPF_TH_SYN) && src->state < TCPS_SYN_SENT)
		src->state = TCPS_SYN_SENT;
	if ((fl & TPF_TH_FIN) && src->state < TCPS_CLOSING)
		src->state = TCPS_CLOSING;
	if (fl & TPF_TH_ACK) {
		if (dst->state == TCPS_SYN_SENT)
			dst->state = TCPS_ESTABLISHED;
		else if (dst->state == TCPS_CLOSING)
			dst->state = TCPS_FIN_WAIT_2;
	}
	if (fl & TPF_TH_RST)
		src->state = dst->state = TCPS_TIME_WAIT;
	st->expire = now + timeout_ns(f, tcp_timeout(src, dst));
	return true;
}

static void
track_other(const struct tpf_filter *f, struct tpf_state *st, bool from_src,
	    uint64_t now)
{
	struct tpf_peer *src = from_src ? &st->src : &st->dst;
	struct tpf_peer *dst = from_src ? &st->dst : &st->src;
	bool udp = st->proto == TPF_PROTO_UDP;
	bool icmp = st->proto == TPF_PROTO_ICMP || st->proto == TPF_PROTO_ICMP6;

	if (src->state < PEER_SINGLE)
		src->state = PEER_SINGLE;
	if (dst->state == PEER_SINGLE)
		dst->state = PEER_MULTIPLE;
	if (icmp)
		st->expire = now + timeout_ns(f, TPF_TO_ICMP_ERROR);
	else if (src->state == PEER_MULTIPLE && dst->state == PEER_MULTIPLE)
		st->expire = now + timeout_ns(f, udp ? TPF_TO_UDP_MULTIPLE
						     : TPF_TO_OTHER_MULTIPLE);
	else
		st->expire = now + timeout_ns(f, udp ? TPF_TO_UDP_SINGLE
						     : TPF_TO_OTHER_SINGLE);
}

/* 1: the state decided (v filled); 0: no state. */
static int
state_check(struct tpf_filter *f, const struct tpf_pkt *pkt, uint64_t now,
	    struct tpf_verdict *v)
{
	struct tpf_state *st;
	struct tpf_slot *s;
	struct key k;
	uint64_t m[5];
	uint32_t pos;
	bool from_src;

	make_key(pkt, &k);
	key_words(&k, m);
	pos = find_slot(f, m, key_hash(f, m));
	if (pos == f->nslots)
		return 0;
	s = &f->slots[pos];
	if (s->expire <= now) {
		remove_slot(f, pos);
		return 0;
	}
	st = &f->states[s->idx - 1];
	from_src = pkt->dir == st->dir;
	v->rule = (int32_t)st->rule;
	if (pkt->proto == TPF_PROTO_TCP &&
	    !tcp_track(f, st, pkt, from_src, now)) {
		f->state_mismatch++;
		v->action = TPF_BLOCK;
		v->reason = TPF_REASON_STATE_MISMATCH;
		return 1;
	}
	if (pkt->proto != TPF_PROTO_TCP)
		track_other(f, st, from_src, now);
	s->expire = st->expire;
	st->packets[from_src ? 0 : 1]++;
	f->state_hits++;
	v->action = TPF_PASS;
	v->reason = TPF_REASON_STATE;
	return 1;
}

static bool
wants_state(const struct tpf_rule *r, const struct tpf_pkt *pkt)
{
	if (r->action != TPF_PASS || r->keep == TPF_STATE_NONE || pkt->frag)
		return false;
	/* Only queries create ICMP states, not errors or replies. */
	if (pkt->proto == TPF_PROTO_ICMP)
		return pkt->icmp_type == 8;
	if (pkt->proto == TPF_PROTO_ICMP6)
		return pkt->icmp_type == 128;
	return true;
}

int
tpf_filter_test(struct tpf_filter *f, uint8_t dir, const char *ifname,
		const uint8_t *data, size_t len, uint64_t now,
		struct tpf_verdict *v)
{
	struct tpf_ruleset *rs;
	struct tpf_pkt pkt;

	if (f == NULL || data == NULL || v == NULL ||
	    (dir != TPF_DIR_IN && dir != TPF_DIR_OUT))
		return -TPF_EINVAL;
	TPF_MEMSET(v, 0, sizeof(*v));
	v->rule = -1;
	rs = TPF_LOAD_ACQUIRE(&f->active);
	if (rs != NULL && tpf_if_skipped(rs, ifname)) {
		v->reason = TPF_REASON_SKIP;
		return 0;
	}
	if (tpf_decode(data, len, dir, &pkt) != 0) {
		f->bad_packets++;
		v->action = TPF_BLOCK;
		v->reason = TPF_REASON_BADPKT;
		return 0;
	}
	if (state_check(f, &pkt, now, v))
		return 0;
	if (rs == NULL) {
		v->reason = TPF_REASON_NOMATCH;
		return 0;
	}
	tpf_pkt_set_if(rs, ifname, &pkt);
	(void)tpf_ruleset_eval(rs, &pkt, TPF_EVAL_INDEXED, v);
	if (v->reason != TPF_REASON_MATCH || v->action != TPF_PASS ||
	    !wants_state(&rs->rules[v->rule], &pkt))
		return 0;
	if (tpf_filter_insert(f, &pkt, (uint32_t)v->rule, now) != 0) {
		v->action = TPF_BLOCK;
		v->reason = TPF_REASON_STATE_LIMIT;
		return 0;
	}
	rs->rules[v->rule].states++;
	v->state_created = 1;
	return 0;
}

uint32_t
tpf_filter_expire(struct tpf_filter *f, uint64_t now, uint32_t budget)
{
	uint32_t removed = 0, i = f->cursor % f->nslots;

	while (budget-- > 0) {
		if (f->slots[i].idx != 0 && f->slots[i].expire <= now) {
			/* The backward shift may refill slot i: look again. */
			remove_slot(f, i);
			removed++;
			continue;
		}
		i = (i + 1) & (f->nslots - 1);
	}
	f->cursor = i;
	return removed;
}
