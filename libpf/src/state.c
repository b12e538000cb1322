/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The filter: a state table in caller storage hashed with SipHash-1-3
 * under a secret key, so that attacker-chosen packet fields cannot aim at
 * one chain.  The index is an array of cache-line buckets, each holding
 * the indices of eight states and a 16-bit tag of each one's hash; a key
 * that finds its home bucket full goes to the next one, and every bucket
 * counts the keys that passed over it, so a lookup stops at the first
 * bucket nobody overflowed (the overflow counts of folly's F14 tables).
 * A miss reads one line, a hit that line and the state.  Burst calls hash
 * a group of packets and prefetch their buckets and states before probing
 * (bulk lookup as in DPDK's rte_hash).  TCP sequence-window tracking after
 * pf_tcp_track_full() in OpenBSD sys/net/pf.c (G. van Rooij, "Real
 * stateful TCP packet filtering in IP Filter", 2001); UDP, ICMP and other
 * pseudo states; timeouts from `now`.
 */
#include "pf_impl.h"

#define NS	      1000000000ull
#define MAXACKWINDOW  (0xffff + 1500)
#define SEQ_LT(a, b)  ((int32_t)((a) - (b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t)((a) - (b)) <= 0)
#define SEQ_GT(a, b)  ((int32_t)((a) - (b)) > 0)
#define SEQ_GEQ(a, b) ((int32_t)((a) - (b)) >= 0)
#define WAYS	      TPF_BUCKET_WAYS
#define NOPOS	      0xffffffffu

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

/* A packet's key, hashed: the five key words and the hash. */
struct hkey {
	uint64_t m[5];
	uint64_t h;
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

static uint64_t
word4(uint16_t p0, uint16_t p1, uint8_t af, uint8_t proto)
{
	return (uint64_t)p0 | (uint64_t)p1 << 16 | (uint64_t)af << 32 |
	       (uint64_t)proto << 40 | 40ull << 56;
}

/*
 * SipHash-1-3 over the key words.  An IPv4 key has zeros in all but 32
 * bits of each address, so its two addresses share one word and it hashes
 * two words instead of five (the family is in the last word, so keys of
 * different families never compare equal anyway).
 */
static void
key_hash(const struct tpf_filter *f, struct hkey *k)
{
	uint64_t v0 = f->k0 ^ 0x736f6d6570736575ull;
	uint64_t v1 = f->k1 ^ 0x646f72616e646f6dull;
	uint64_t v2 = f->k0 ^ 0x6c7967656e657261ull;
	uint64_t v3 = f->k1 ^ 0x7465646279746573ull;
	uint64_t w[5];
	unsigned i, n = 5;

	if ((uint8_t)(k->m[4] >> 32) == TPF_AF_INET) {
		w[0] = k->m[0] ^ rotl(k->m[2], 32);
		w[1] = k->m[4];
		n = 2;
	} else {
		TPF_MEMCPY(w, k->m, sizeof(w));
	}
	for (i = 0; i < n; i++) {
		v3 ^= w[i];
		SIPROUND;
		v0 ^= w[i];
	}
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	k->h = v0 ^ v1 ^ v2 ^ v3;
}

/* pf orients keys by direction: inbound src is addr[0], outbound dst. */
static void
pkt_key(const struct tpf_filter *f, const struct tpf_pkt *pkt, struct hkey *k)
{
	bool in = pkt->dir == TPF_DIR_IN;
	const struct tpf_addr *a0 = in ? &pkt->src : &pkt->dst;
	const struct tpf_addr *a1 = in ? &pkt->dst : &pkt->src;

	k->m[0] = load64(a0->b);
	k->m[1] = load64(a0->b + 8);
	k->m[2] = load64(a1->b);
	k->m[3] = load64(a1->b + 8);
	k->m[4] = in ? word4(pkt->sport, pkt->dport, pkt->af, pkt->proto)
		     : word4(pkt->dport, pkt->sport, pkt->af, pkt->proto);
	key_hash(f, k);
}

/* The key of a stored state (its hash is only needed by the sweep). */
static void
state_words(const struct tpf_state *st, uint64_t m[5])
{
	m[0] = load64(st->addr[0].b);
	m[1] = load64(st->addr[0].b + 8);
	m[2] = load64(st->addr[1].b);
	m[3] = load64(st->addr[1].b + 8);
	m[4] = word4(st->port[0], st->port[1], st->af, st->proto);
}

/* Branch-free comparison of a state's key with a packet's. */
static bool
key_eq(const struct tpf_state *st, const uint64_t m[5])
{
	uint64_t k[5];

	state_words(st, k);
	return ((k[0] ^ m[0]) | (k[1] ^ m[1]) | (k[2] ^ m[2]) | (k[3] ^ m[3]) |
		(k[4] ^ m[4])) == 0;
}

/* Live tags are never 0, the tag of a free way. */
static uint16_t
tag_of(uint64_t h)
{
	uint16_t t = (uint16_t)(h >> 48);

	return t != 0 ? t : 1;
}

/*
 * Ways holding the tag: bit 15 of each 16-bit lane of the result is set
 * where the lane equals the tag (a zero-lane test without false
 * positives, applied to the tags XOR the tag).
 */
static uint64_t
lanes_eq(uint64_t tags, uint16_t tag)
{
	const uint64_t low = 0x7fff7fff7fff7fffull;
	uint64_t x = tags ^ (tag * 0x0001000100010001ull);

	return ~(((x & low) + low) | x | low);
}

/* Bits 0-3 from bit 15 of each lane, in memory order of the lanes. */
static unsigned
lane_bits(uint64_t e)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (unsigned)((e >> 63 & 1) | (e >> 46 & 2) | (e >> 29 & 4) |
			  (e >> 12 & 8));
#else
	return (unsigned)((e >> 15 & 1) | (e >> 30 & 2) | (e >> 45 & 4) |
			  (e >> 60 & 8));
#endif
}

/* Bit w set when way w holds the tag. */
static unsigned
tag_hits(const struct tpf_bucket *bk, uint16_t tag)
{
	uint64_t t[2];

	TPF_MEMCPY(t, bk->tag, sizeof(t));
	return lane_bits(lanes_eq(t[0], tag)) | lane_bits(lanes_eq(t[1], tag))
							<< 4;
}

int
tpf_filter_init(struct tpf_filter *f, struct tpf_ruleset *rs,
		struct tpf_state *states, uint32_t nstates,
		struct tpf_bucket *buckets, uint32_t nbuckets, uint64_t k0,
		uint64_t k1)
{
	if (f == NULL || states == NULL || buckets == NULL || nstates == 0 ||
	    (uint64_t)nbuckets * WAYS < nstates || nbuckets > (1u << 28) ||
	    (nbuckets & (nbuckets - 1)) != 0 || (rs != NULL && !rs->compiled))
		return -TPF_EINVAL;
	TPF_MEMSET(f, 0, sizeof(*f));
	TPF_MEMSET(buckets, 0, (size_t)nbuckets * sizeof(*buckets));
	f->active = rs;
	f->states = states;
	f->buckets = buckets;
	f->cap = nstates;
	f->nbuckets = nbuckets;
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
 * Position (bucket * WAYS + way) of the key, or NOPOS.  Only ways whose
 * tag matches are compared with their state; the walk goes on to the next
 * bucket only while keys overflowed past the current one.
 */
static uint32_t
find_pos(const struct tpf_filter *f, const struct hkey *k)
{
	uint32_t mask = f->nbuckets - 1, b = (uint32_t)k->h & mask, n, w;
	uint16_t tag = tag_of(k->h);
	const struct tpf_bucket *bk;
	unsigned hits;

	for (n = 0; n < f->nbuckets; n++) {
		bk = &f->buckets[b];
		for (hits = tag_hits(bk, tag); hits != 0; hits &= hits - 1) {
			w = (uint32_t)__builtin_ctz(hits);
			if (key_eq(&f->states[bk->idx[w] - 1], k->m))
				return b * WAYS + w;
		}
		if (bk->ovf == 0)
			break;
		b = (b + 1) & mask;
	}
	return NOPOS;
}

static void
remove_at(struct tpf_filter *f, uint32_t pos, uint64_t h)
{
	uint32_t mask = f->nbuckets - 1, b = pos / WAYS, w = pos % WAYS, i;
	struct tpf_bucket *bk = &f->buckets[b];
	uint32_t idx = bk->idx[w] - 1;

	/* The key passed over the buckets from its home to b. */
	for (i = (uint32_t)h & mask; i != b; i = (i + 1) & mask)
		f->buckets[i].ovf--;
	bk->idx[w] = 0;
	bk->tag[w] = 0;
	f->states[idx].used = 0;
	f->states[idx].next_free = f->free_head;
	f->free_head = idx + 1;
	f->count--;
	f->state_removals++;
}

static const struct tpf_state *
pos_state(const struct tpf_filter *f, uint32_t pos)
{
	return &f->states[f->buckets[pos / WAYS].idx[pos % WAYS] - 1];
}

const struct tpf_state *
tpf_filter_find(const struct tpf_filter *f, const struct tpf_pkt *pkt,
		uint64_t now)
{
	const struct tpf_state *st;
	struct hkey k;
	uint32_t pos;

	pkt_key(f, pkt, &k);
	pos = find_pos(f, &k);
	if (pos == NOPOS)
		return NULL;
	st = pos_state(f, pos);
	return st->expire <= now ? NULL : st;
}

/* Home bucket of a hashed key. */
static const struct tpf_bucket *
home(const struct tpf_filter *f, const struct hkey *k)
{
	return &f->buckets[(uint32_t)k->h & (f->nbuckets - 1)];
}

/* Prefetch the states that the tags in the keys' home buckets name. */
static void
prefetch_states(const struct tpf_filter *f, const struct hkey *k, uint32_t n,
		bool whole)
{
	const struct tpf_bucket *bk;
	const struct tpf_state *st;
	unsigned hits;
	uint32_t i;

	for (i = 0; i < n; i++) {
		bk = home(f, &k[i]);
		for (hits = tag_hits(bk, tag_of(k[i].h)); hits != 0;
		     hits &= hits - 1) {
			st = &f->states[bk->idx[__builtin_ctz(hits)] - 1];
			/* Key and expiry: the first 48 bytes. */
			TPF_PREFETCH(st);
			TPF_PREFETCH((const uint8_t *)st + 47);
			/* Tracking also writes the peers and counters. */
			if (whole)
				TPF_PREFETCH((const uint8_t *)st + sizeof(*st) -
					     1);
		}
	}
}

/*
 * Bursts run as a software pipeline over a ring of RING keys: packet i is
 * hashed and its home bucket prefetched, packet i - DIST has the states
 * its tags name prefetched, and packet i - 2 * DIST is looked up, by which
 * time both lines have had two stages of work to arrive.
 */
#define DIST 8
#define RING 32

uint32_t
tpf_filter_find_burst(const struct tpf_filter *f, const struct tpf_pkt *pkts,
		      uint32_t n, uint64_t now, const struct tpf_state **out)
{
	struct hkey k[RING];
	const struct tpf_state *st;
	uint32_t i, j, found = 0, pos;

	for (i = 0; i < n + 2 * DIST; i++) {
		if (i < n) {
			pkt_key(f, &pkts[i], &k[i % RING]);
			TPF_PREFETCH(home(f, &k[i % RING]));
		}
		if (i >= DIST && i - DIST < n)
			prefetch_states(f, &k[(i - DIST) % RING], 1, false);
		if (i < 2 * DIST || i - 2 * DIST >= n)
			continue;
		j = i - 2 * DIST;
		pos = find_pos(f, &k[j % RING]);
		st = pos == NOPOS ? NULL : pos_state(f, pos);
		out[j] = st != NULL && st->expire > now ? st : NULL;
		found += out[j] != NULL;
	}
	return found;
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

/* Insert a state for a hashed key that is known to be absent. */
static int
insert_key(struct tpf_filter *f, const struct tpf_pkt *pkt,
	   const struct hkey *k, uint32_t rule, uint64_t now)
{
	struct tpf_state *st;
	struct tpf_bucket *bk;
	uint32_t mask = f->nbuckets - 1, b, w, idx, limit = f->cap;
	bool in = pkt->dir == TPF_DIR_IN;

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
	st->addr[0] = in ? pkt->src : pkt->dst;
	st->addr[1] = in ? pkt->dst : pkt->src;
	st->port[0] = in ? pkt->sport : pkt->dport;
	st->port[1] = in ? pkt->dport : pkt->sport;
	st->af = pkt->af;
	st->proto = pkt->proto;
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
	/* count < cap <= the number of ways: a free way exists. */
	for (b = (uint32_t)k->h & mask;; b = (b + 1) & mask) {
		bk = &f->buckets[b];
		for (w = 0; w < WAYS && bk->idx[w] != 0; w++)
			;
		if (w < WAYS)
			break;
		bk->ovf++;
	}
	bk->idx[w] = idx + 1;
	bk->tag[w] = tag_of(k->h);
	f->count++;
	f->state_inserts++;
	return 0;
}

int
tpf_filter_insert(struct tpf_filter *f, const struct tpf_pkt *pkt,
		  uint32_t rule, uint64_t now)
{
	struct hkey k;
	uint32_t pos;

	pkt_key(f, pkt, &k);
	pos = find_pos(f, &k);
	if (pos != NOPOS) {
		if (pos_state(f, pos)->expire > now)
			return -TPF_EEXIST;
		remove_at(f, pos, k.h);
	}
	return insert_key(f, pkt, &k, rule, now);
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
state_check(struct tpf_filter *f, const struct tpf_pkt *pkt,
	    const struct hkey *k, uint64_t now, struct tpf_verdict *v)
{
	struct tpf_state *st;
	uint32_t pos;
	bool from_src;

	pos = find_pos(f, k);
	if (pos == NOPOS)
		return 0;
	st = &f->states[f->buckets[pos / WAYS].idx[pos % WAYS] - 1];
	if (st->expire <= now) {
		remove_at(f, pos, k->h);
		return 0;
	}
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

/* A decoded, hashed packet: the state table first, then the rules. */
static void
filter_one(struct tpf_filter *f, struct tpf_ruleset *rs, const char *ifname,
	   struct tpf_pkt *pkt, const struct hkey *k, uint64_t now,
	   struct tpf_verdict *v)
{
	if (state_check(f, pkt, k, now, v))
		return;
	if (rs == NULL) {
		v->reason = TPF_REASON_NOMATCH;
		return;
	}
	tpf_pkt_set_if(rs, ifname, pkt);
	(void)tpf_ruleset_eval(rs, pkt, TPF_EVAL_INDEXED, v);
	if (v->reason != TPF_REASON_MATCH || v->action != TPF_PASS ||
	    !wants_state(&rs->rules[v->rule], pkt))
		return;
	/* The key is absent: state_check() found none or removed it. */
	if (insert_key(f, pkt, k, (uint32_t)v->rule, now) != 0) {
		v->action = TPF_BLOCK;
		v->reason = TPF_REASON_STATE_LIMIT;
		return;
	}
	rs->rules[v->rule].states++;
	v->state_created = 1;
}

/* Verdict defaults; false when the interface is skipped. */
static bool
verdict_start(bool skipped, struct tpf_verdict *v)
{
	TPF_MEMSET(v, 0, sizeof(*v));
	v->rule = -1;
	v->reason = skipped ? TPF_REASON_SKIP : TPF_REASON_MATCH;
	return !skipped;
}

static bool
decode_or_block(struct tpf_filter *f, const uint8_t *data, size_t len,
		uint8_t dir, struct tpf_pkt *pkt, struct tpf_verdict *v)
{
	if (tpf_decode(data, len, dir, pkt) == 0)
		return true;
	f->bad_packets++;
	v->action = TPF_BLOCK;
	v->reason = TPF_REASON_BADPKT;
	return false;
}

int
tpf_filter_test(struct tpf_filter *f, uint8_t dir, const char *ifname,
		const uint8_t *data, size_t len, uint64_t now,
		struct tpf_verdict *v)
{
	struct tpf_ruleset *rs;
	struct tpf_pkt pkt;
	struct hkey k;

	if (f == NULL || data == NULL || v == NULL ||
	    (dir != TPF_DIR_IN && dir != TPF_DIR_OUT))
		return -TPF_EINVAL;
	rs = TPF_LOAD_ACQUIRE(&f->active);
	if (!verdict_start(rs != NULL && tpf_if_skipped(rs, ifname), v) ||
	    !decode_or_block(f, data, len, dir, &pkt, v))
		return 0;
	pkt_key(f, &pkt, &k);
	filter_one(f, rs, ifname, &pkt, &k, now, v);
	return 0;
}

int
tpf_filter_test_burst(struct tpf_filter *f, uint8_t dir, const char *ifname,
		      const uint8_t *const *data, const size_t *len, uint32_t n,
		      uint64_t now, struct tpf_verdict *v)
{
	struct tpf_pkt pkt[RING];
	struct hkey k[RING];
	bool ok[RING];
	struct tpf_ruleset *rs;
	uint32_t i, j;
	bool skipped;

	if (f == NULL || data == NULL || len == NULL || v == NULL ||
	    (dir != TPF_DIR_IN && dir != TPF_DIR_OUT))
		return -TPF_EINVAL;
	for (i = 0; i < n; i++)
		if (data[i] == NULL)
			return -TPF_EINVAL;
	rs = TPF_LOAD_ACQUIRE(&f->active);
	skipped = rs != NULL && tpf_if_skipped(rs, ifname);
	/* The pipeline of tpf_filter_find_burst(); packets are decided in
	 * order, so states one creates serve those after it, and the
	 * prefetches are only hints. */
	for (i = 0; i < n + 2 * DIST; i++) {
		if (i < n) {
			j = i % RING;
			ok[j] = verdict_start(skipped, &v[i]) &&
				decode_or_block(f, data[i], len[i], dir,
						&pkt[j], &v[i]);
			if (ok[j]) {
				pkt_key(f, &pkt[j], &k[j]);
				TPF_PREFETCH(home(f, &k[j]));
			}
		}
		if (i >= DIST && i - DIST < n && ok[(i - DIST) % RING])
			prefetch_states(f, &k[(i - DIST) % RING], 1, true);
		if (i < 2 * DIST || i - 2 * DIST >= n)
			continue;
		j = i - 2 * DIST;
		if (ok[j % RING])
			filter_one(f, rs, ifname, &pkt[j % RING], &k[j % RING],
				   now, &v[j]);
	}
	return 0;
}

uint32_t
tpf_filter_expire(struct tpf_filter *f, uint64_t now, uint32_t budget)
{
	uint32_t removed = 0, npos = f->nbuckets * WAYS;
	uint32_t i = f->cursor % npos, idx;
	struct hkey k;

	while (budget-- > 0) {
		idx = f->buckets[i / WAYS].idx[i % WAYS];
		if (idx != 0 && f->states[idx - 1].expire <= now) {
			state_words(&f->states[idx - 1], k.m);
			key_hash(f, &k);
			remove_at(f, i, k.h);
			removed++;
		}
		i = (i + 1) % npos;
	}
	f->cursor = i;
	return removed;
}
