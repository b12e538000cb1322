/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target: SPSC and MPSC message rings with the input as the hostile
 * other party, writing counters, sequence words and slot bytes between the
 * steps of a well-behaved side.  Every call must answer with one of its
 * documented codes and every slot pointer must lie in the slot storage.
 * tests/test_adversarial.c runs the same engine on pseudo-random inputs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tessera/ring.h>

#define FC_CHECK(x)              \
	do {                     \
		if (!(x))        \
			abort(); \
	} while (0)

#define FC_SLOT	 12
#define FC_BYTES TRING_MPSC_STORAGE(8, FC_SLOT)

static uint32_t
fc_u8(const uint8_t **p, size_t *n)
{
	if (*n == 0)
		return 0;
	(*n)--;
	return *(*p)++;
}

static bool
fc_in_slots(const void *s, const uint8_t *slots)
{
	const uint8_t *b = s;

	return b >= slots && b + FC_SLOT <= slots + FC_BYTES;
}

static bool
fc_code(int r)
{
	return r == 0 || r == -TRING_EAGAIN || r == -TRING_EFAULT ||
	       r == -TRING_EINVAL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tring_chan hdr;
	static _Alignas(8) uint8_t slots[FC_BYTES];
	struct tring_spsc s;
	struct tring_mpsc m;
	uint8_t msg[FC_SLOT] = {0};
	void *w;
	const void *rd;
	uint32_t t, op, entries;
	bool mp;
	int r;

	op = fc_u8(&data, &size);
	mp = (op & 1) != 0;
	entries = 2u << (op >> 1) % 3;
	memset(slots, 0, sizeof(slots));
	if (mp) {
		FC_CHECK(tring_mpsc_init(&hdr, slots, entries, FC_SLOT,
					 fc_u8(&data, &size) << 24) == 0);
		FC_CHECK(tring_mpsc_attach(&m, &hdr, slots, entries, FC_SLOT) ==
			 0);
	} else {
		FC_CHECK(tring_chan_init(&hdr, fc_u8(&data, &size) << 24) == 0);
		FC_CHECK(tring_spsc_attach(&s, &hdr, slots, entries, FC_SLOT) ==
			 0);
	}
	while (size > 0) {
		op = fc_u8(&data, &size);
		switch (op % 8) {
		case 0:
			hdr.tail += fc_u8(&data, &size) - 128u;
			break;
		case 1:
			hdr.head += fc_u8(&data, &size) - 128u;
			break;
		case 2:
			slots[fc_u8(&data, &size) % FC_BYTES] =
				(uint8_t)fc_u8(&data, &size);
			break;
		case 3:
			r = mp ? tring_mpsc_enqueue(&m, msg)
			       : tring_spsc_enqueue(&s, msg);
			FC_CHECK(fc_code(r));
			break;
		case 4:
			r = mp ? tring_mpsc_dequeue(&m, msg)
			       : tring_spsc_dequeue(&s, msg);
			FC_CHECK(fc_code(r));
			break;
		case 5:
			r = mp ? tring_mpsc_reserve(&m, &w, &t)
			       : tring_spsc_reserve(&s, &w);
			FC_CHECK(fc_code(r));
			if (r == 0) {
				FC_CHECK(fc_in_slots(w, slots));
				r = mp ? tring_mpsc_commit(&m, t)
				       : tring_spsc_commit(&s);
				FC_CHECK(r == 0);
			}
			break;
		case 6:
			r = mp ? tring_mpsc_peek(&m, &rd)
			       : tring_spsc_peek(&s, &rd);
			FC_CHECK(fc_code(r));
			if (r == 0) {
				FC_CHECK(fc_in_slots(rd, slots));
				r = mp ? tring_mpsc_release(&m)
				       : tring_spsc_release(&s);
				FC_CHECK(r == 0);
			}
			break;
		default:
			if (!mp)
				FC_CHECK(tring_spsc_size(&s) <= entries);
			break;
		}
	}
	return 0;
}
