/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Message rings for driver IPC.
 *
 * SPSC: the ck_ring protocol (semantics.md CK5) with free-running counters,
 * so all `entries` slots are usable (ck_ring keeps one free, CK2): the
 * producer fills a slot, then stores the tail with release; the consumer
 * loads the tail with acquire, reads the slot, then stores the head with
 * release.
 *
 * MPSC: every slot carries a sequence word (the bounded-queue scheme of
 * D. Vyukov).  A slot whose sequence equals the position is free for that
 * position; producers claim positions by compare-and-swap on the tail and
 * publish a slot by storing sequence = position + 1 with release; the
 * consumer frees it with sequence = position + entries.  Producers never
 * wait for each other, and the consumer sees messages in claim order (the
 * order ck_ring's MP commit enforces by spinning, CK6).
 */
#include "ring_impl.h"

/*
 * tring_spsc_enqueue() and tring_spsc_dequeue() are inline definitions in
 * ring.h; these declarations make this file hold their one external
 * definition (C11 6.7.4), for callers that do not inline them.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
extern int tring_spsc_enqueue(struct tring_spsc *r, const void *msg);
extern int tring_spsc_dequeue(struct tring_spsc *r, void *msg);
#pragma GCC diagnostic pop

/* Reservation attempts before tring_mpsc_reserve() gives up. */
#define MPSC_RETRIES 1024u

/* What tring_spsc.words holds while the inline calls may copy by words. */
static uint32_t
inline_words(uint32_t slot_size)
{
	return (slot_size & 7u) == 0 && slot_size <= 64u ? slot_size / 8u : 0;
}

static bool
sizes_ok(uint32_t entries, uint32_t slot_size)
{
	return tring_pow2_(entries) && entries <= TRING_MAX_ENTRIES &&
	       slot_size != 0 && slot_size <= TRING_MAX_SLOT;
}

int
tring_chan_init(struct tring_chan *hdr, uint32_t start)
{
	if (hdr == NULL)
		return -TRING_EFAULT;
	TRING_MEMSET(hdr, 0, sizeof(*hdr));
	hdr->head = start;
	hdr->tail = start;
	return 0;
}

int
tring_spsc_attach(struct tring_spsc *r, struct tring_chan *hdr, void *slots,
		  uint32_t entries, uint32_t slot_size)
{
	uint32_t head, tail;

	if (r == NULL || hdr == NULL || slots == NULL)
		return -TRING_EFAULT;
	if (!sizes_ok(entries, slot_size))
		return -TRING_EINVAL;
	head = TRING_LOAD_ACQUIRE(&hdr->head);
	tail = TRING_LOAD_ACQUIRE(&hdr->tail);
	if (tail - head > entries)
		return -TRING_EFAULT;
	r->hdr = hdr;
	r->slots = slots;
	r->entries = entries;
	r->slot_size = slot_size;
	r->head = head;
	r->tail = tail;
	r->words = inline_words(slot_size);
	r->reserved = false;
	r->peeked = false;
	return 0;
}

static uint8_t *
spsc_slot(const struct tring_spsc *r, uint32_t pos)
{
	return r->slots + (size_t)(pos & (r->entries - 1u)) * r->slot_size;
}

/*
 * Copy one message.  Small messages whose size is a multiple of eight go
 * by 8-byte words: the other side (or the caller) wrote them by words,
 * and a wider load of words just stored is not forwarded from the store
 * buffer (it waits for the stores to drain), which costs more than the
 * copy.  Other sizes go through the port's copy.
 */
static void
copy_msg(void *d, const void *s, uint32_t n)
{
	uint8_t *dp = d;
	const uint8_t *sp = s;
	uint64_t w;
	uint32_t i;

	if ((n & 7u) != 0 || n > 64u) {
		TRING_MEMCPY(d, s, n);
		return;
	}
	for (i = 0; i < n; i += 8u) {
		TRING_MEMCPY(&w, sp + i, sizeof(w));
		TRING_MEMCPY(dp + i, &w, sizeof(w));
		/* Keeps the compiler from merging words into wider moves. */
		TRING_COMPILER_BARRIER();
	}
}

/* The producer's slow path: read the consumer's head again. */
static int
spsc_refresh_head(struct tring_spsc *r)
{
	/* Acquire: the consumer is done reading every slot before head. */
	uint32_t head = TRING_LOAD_ACQUIRE(&r->hdr->head);
	uint32_t used = r->tail - head;

	if (used > r->entries)
		return -TRING_EFAULT;
	if (used == r->entries)
		return -TRING_EAGAIN;
	r->head = head;
	return 0;
}

/* The consumer's slow path: read the producer's tail again. */
static int
spsc_refresh_tail(struct tring_spsc *r)
{
	/* Acquire: the slot contents precede the tail publishing them. */
	uint32_t tail = TRING_LOAD_ACQUIRE(&r->hdr->tail);
	uint32_t avail = tail - r->head;

	if (avail > r->entries)
		return -TRING_EFAULT;
	if (avail == 0)
		return -TRING_EAGAIN;
	r->tail = tail;
	return 0;
}

/*
 * Each side keeps the last value it saw of the other side's counter and
 * reads the shared one again only when the cached one says full (or
 * empty): the counter lines then move between cores once per batch, not
 * once per message.  A stale value is conservative.  A fresh one is checked
 * before it is kept.
 */
int
tring_spsc_reserve(struct tring_spsc *r, void **slot)
{
	int err;

	if (r == NULL || slot == NULL)
		return -TRING_EFAULT;
	if (r->reserved)
		return -TRING_EINVAL;
	if (r->tail - r->head >= r->entries) {
		err = spsc_refresh_head(r);
		if (err != 0)
			return err;
	}
	*slot = spsc_slot(r, r->tail);
	r->reserved = true;
	r->words = 0; /* the inline enqueue sees the reservation */
	return 0;
}

int
tring_spsc_commit(struct tring_spsc *r)
{
	if (r == NULL)
		return -TRING_EFAULT;
	if (!r->reserved)
		return -TRING_EINVAL;
	r->reserved = false;
	r->words = r->peeked ? 0 : inline_words(r->slot_size);
	r->tail++;
	TRING_STORE_RELEASE(&r->hdr->tail, r->tail);
	return 0;
}

int
tring_spsc_enqueue_full_(struct tring_spsc *r, const void *msg)
{
	int err;

	if (r == NULL || msg == NULL)
		return -TRING_EFAULT;
	if (r->reserved)
		return -TRING_EINVAL;
	if (r->tail - r->head >= r->entries) {
		err = spsc_refresh_head(r);
		if (err != 0)
			return err;
	}
	copy_msg(spsc_slot(r, r->tail), msg, r->slot_size);
	r->tail++;
	TRING_STORE_RELEASE(&r->hdr->tail, r->tail);
	return 0;
}

int
tring_spsc_enqueue_sized_(struct tring_spsc *r, const void *msg, size_t size)
{
	if (r == NULL || msg == NULL)
		return -TRING_EFAULT;
	if (r->slot_size != size)
		return -TRING_EINVAL;
	return tring_spsc_enqueue_full_(r, msg);
}

int
tring_spsc_dequeue_sized_(struct tring_spsc *r, void *msg, size_t size)
{
	if (r == NULL || msg == NULL)
		return -TRING_EFAULT;
	if (r->slot_size != size)
		return -TRING_EINVAL;
	return tring_spsc_dequeue_full_(r, msg);
}

int
tring_spsc_peek(struct tring_spsc *r, const void **slot)
{
	int err;

	if (r == NULL || slot == NULL)
		return -TRING_EFAULT;
	if (r->peeked)
		return -TRING_EINVAL;
	if (r->tail == r->head) {
		err = spsc_refresh_tail(r);
		if (err != 0)
			return err;
	}
	*slot = spsc_slot(r, r->head);
	r->peeked = true;
	r->words = 0; /* the inline dequeue sees the peek */
	return 0;
}

int
tring_spsc_release(struct tring_spsc *r)
{
	if (r == NULL)
		return -TRING_EFAULT;
	if (!r->peeked)
		return -TRING_EINVAL;
	r->peeked = false;
	r->words = r->reserved ? 0 : inline_words(r->slot_size);
	r->head++;
	TRING_STORE_RELEASE(&r->hdr->head, r->head);
	return 0;
}

int
tring_spsc_dequeue_full_(struct tring_spsc *r, void *msg)
{
	int err;

	if (r == NULL || msg == NULL)
		return -TRING_EFAULT;
	if (r->peeked)
		return -TRING_EINVAL;
	if (r->tail == r->head) {
		err = spsc_refresh_tail(r);
		if (err != 0)
			return err;
	}
	copy_msg(msg, spsc_slot(r, r->head), r->slot_size);
	r->head++;
	/* Release: our copy of the slot precedes handing it back. */
	TRING_STORE_RELEASE(&r->hdr->head, r->head);
	return 0;
}

uint32_t
tring_spsc_size(const struct tring_spsc *r)
{
	uint32_t n;

	if (r == NULL)
		return 0;
	n = TRING_LOAD_ACQUIRE(&r->hdr->tail) -
	    TRING_LOAD_ACQUIRE(&r->hdr->head);
	return n > r->entries ? 0 : n;
}

static bool
mpsc_args_ok(const void *slots, uint32_t entries, uint32_t slot_size)
{
	/* One slot cannot tell "committed" from "free for the next lap". */
	return sizes_ok(entries, slot_size) && entries >= 2u &&
	       tring_aligned_(slots, 8u);
}

static uint32_t *
mpsc_seq(const struct tring_mpsc *r, uint32_t pos)
{
	return (uint32_t *)(void *)(r->slots +
				    (size_t)(pos & (r->entries - 1u)) *
					    r->stride);
}

int
tring_mpsc_init(struct tring_chan *hdr, void *slots, uint32_t entries,
		uint32_t slot_size, uint32_t start)
{
	uint32_t stride = TRING_MPSC_STRIDE(slot_size);
	uint32_t i, pos;

	if (hdr == NULL || slots == NULL)
		return -TRING_EFAULT;
	if (!mpsc_args_ok(slots, entries, slot_size))
		return -TRING_EINVAL;
	(void)tring_chan_init(hdr, start);
	for (i = 0; i < entries; i++) {
		pos = start + i;
		*(uint32_t *)(void *)((uint8_t *)slots +
				      (size_t)(pos & (entries - 1u)) * stride) =
			pos;
	}
	TRING_FENCE();
	return 0;
}

int
tring_mpsc_attach(struct tring_mpsc *r, struct tring_chan *hdr, void *slots,
		  uint32_t entries, uint32_t slot_size)
{
	if (r == NULL || hdr == NULL || slots == NULL)
		return -TRING_EFAULT;
	if (!mpsc_args_ok(slots, entries, slot_size))
		return -TRING_EINVAL;
	r->hdr = hdr;
	r->slots = slots;
	r->entries = entries;
	r->slot_size = slot_size;
	r->stride = TRING_MPSC_STRIDE(slot_size);
	r->head = TRING_LOAD_ACQUIRE(&hdr->head);
	r->peeked = false;
	return 0;
}

int
tring_mpsc_reserve(struct tring_mpsc *r, void **slot, uint32_t *ticket)
{
	uint32_t pos, seq, tries;
	int32_t diff;

	if (r == NULL || slot == NULL || ticket == NULL)
		return -TRING_EFAULT;
	pos = TRING_LOAD_RELAXED(&r->hdr->tail);
	for (tries = 0; tries < MPSC_RETRIES; tries++) {
		seq = TRING_LOAD_ACQUIRE(mpsc_seq(r, pos));
		diff = (int32_t)(seq - pos);
		if (diff == 0) {
			if (TRING_CAS(&r->hdr->tail, &pos, pos + 1u)) {
				*slot = (uint8_t *)mpsc_seq(r, pos) + 8;
				*ticket = pos;
				return 0;
			}
			continue; /* pos now holds the current tail */
		}
		if (diff < 0) {
			/* Slot still holds the message of the last lap. */
			return diff == -(int32_t)r->entries + 1 ||
					       diff == -(int32_t)r->entries
				       ? -TRING_EAGAIN
				       : -TRING_EFAULT;
		}
		/* Another producer took pos: the tail must have moved on. */
		seq = TRING_LOAD_RELAXED(&r->hdr->tail);
		if (seq == pos)
			return -TRING_EFAULT;
		pos = seq;
	}
	return -TRING_EAGAIN;
}

int
tring_mpsc_commit(struct tring_mpsc *r, uint32_t ticket)
{
	if (r == NULL)
		return -TRING_EFAULT;
	TRING_STORE_RELEASE(mpsc_seq(r, ticket), ticket + 1u);
	return 0;
}

int
tring_mpsc_enqueue(struct tring_mpsc *r, const void *msg)
{
	void *slot;
	uint32_t ticket;
	int err;

	if (msg == NULL)
		return -TRING_EFAULT;
	err = tring_mpsc_reserve(r, &slot, &ticket);
	if (err != 0)
		return err;
	copy_msg(slot, msg, r->slot_size);
	return tring_mpsc_commit(r, ticket);
}

int
tring_mpsc_peek(struct tring_mpsc *r, const void **slot)
{
	uint32_t seq;

	if (r == NULL || slot == NULL)
		return -TRING_EFAULT;
	if (r->peeked)
		return -TRING_EINVAL;
	seq = TRING_LOAD_ACQUIRE(mpsc_seq(r, r->head));
	/* Legal values: head (not yet committed) or head + 1 (ready). */
	if (seq == r->head)
		return -TRING_EAGAIN;
	if (seq != r->head + 1u)
		return -TRING_EFAULT;
	*slot = (const uint8_t *)mpsc_seq(r, r->head) + 8;
	r->peeked = true;
	return 0;
}

int
tring_mpsc_release(struct tring_mpsc *r)
{
	if (r == NULL)
		return -TRING_EFAULT;
	if (!r->peeked)
		return -TRING_EINVAL;
	r->peeked = false;
	/* Release: our reads of the slot precede handing it back. */
	TRING_STORE_RELEASE(mpsc_seq(r, r->head), r->head + r->entries);
	r->head++;
	TRING_STORE_RELEASE(&r->hdr->head, r->head);
	return 0;
}

int
tring_mpsc_dequeue(struct tring_mpsc *r, void *msg)
{
	const void *slot;
	int err;

	if (msg == NULL)
		return -TRING_EFAULT;
	err = tring_mpsc_peek(r, &slot);
	if (err != 0)
		return err;
	copy_msg(msg, slot, r->slot_size);
	return tring_mpsc_release(r);
}
