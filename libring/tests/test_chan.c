/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests of src/chan.c: SPSC and MPSC message rings (ck_ring CK1-CK7). */
#include "fixture.h"

#define SLOT 12

static struct tring_chan hdr;
static _Alignas(8) uint8_t slots[TRING_MPSC_STORAGE(8, SLOT) + 8];
static struct tring_spsc prod, cons;
static struct tring_mpsc mp, mc;

static void
msg_make(uint8_t *m, uint32_t v)
{
	memset(m, (int)(v & 0xff), SLOT);
	memcpy(m, &v, sizeof(v));
}

static uint32_t
msg_value(const uint8_t *m)
{
	uint32_t v;

	memcpy(&v, m, sizeof(v));
	return v;
}

static void
spsc_up(uint32_t entries, uint32_t start)
{
	assert_int_equal(tring_chan_init(&hdr, start), 0);
	assert_int_equal(tring_spsc_attach(&prod, &hdr, slots, entries, SLOT),
			 0);
	assert_int_equal(tring_spsc_attach(&cons, &hdr, slots, entries, SLOT),
			 0);
}

static void
mpsc_up(uint32_t entries, uint32_t start)
{
	assert_int_equal(tring_mpsc_init(&hdr, slots, entries, SLOT, start), 0);
	assert_int_equal(tring_mpsc_attach(&mp, &hdr, slots, entries, SLOT), 0);
	assert_int_equal(tring_mpsc_attach(&mc, &hdr, slots, entries, SLOT), 0);
}

static void
test_tring_chan_init__null(void **state)
{
	(void)state;
	assert_int_equal(tring_chan_init(NULL, 0), -TRING_EFAULT);
}

static void
test_tring_spsc_attach__bad_arguments(void **state)
{
	static const struct {
		uint32_t entries, slot;
	} vec[] = {{0, 4}, {3, 4}, {65536, 4}, {4, 0}, {4, 65537}};
	size_t i;

	(void)state;
	tring_chan_init(&hdr, 0);
	assert_int_equal(tring_spsc_attach(NULL, &hdr, slots, 4, 4),
			 -TRING_EFAULT);
	assert_int_equal(tring_spsc_attach(&prod, NULL, slots, 4, 4),
			 -TRING_EFAULT);
	assert_int_equal(tring_spsc_attach(&prod, &hdr, NULL, 4, 4),
			 -TRING_EFAULT);
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++)
		assert_int_equal(tring_spsc_attach(&prod, &hdr, slots,
						   vec[i].entries, vec[i].slot),
				 -TRING_EINVAL);
	hdr.tail = 5; /* five messages in a four-slot ring */
	assert_int_equal(tring_spsc_attach(&prod, &hdr, slots, 4, 4),
			 -TRING_EFAULT);
}

static void
test_tring_spsc_enqueue__fifo_and_full(void **state)
{
	uint8_t m[SLOT];
	uint32_t i;

	(void)state;
	spsc_up(4, 0);
	assert_int_equal(tring_spsc_dequeue(&cons, m), -TRING_EAGAIN);
	for (i = 0; i < 4; i++) {
		msg_make(m, i);
		assert_int_equal(tring_spsc_enqueue(&prod, m), 0);
	}
	/* Free-running counters: all four slots hold messages (not 3). */
	assert_int_equal(tring_spsc_enqueue(&prod, m), -TRING_EAGAIN);
	assert_int_equal(tring_spsc_size(&cons), 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(tring_spsc_dequeue(&cons, m), 0);
		assert_int_equal(msg_value(m), i);
	}
	assert_int_equal(tring_spsc_dequeue(&cons, m), -TRING_EAGAIN);
	assert_int_equal(tring_spsc_size(&cons), 0);
	assert_int_equal(tring_spsc_size(NULL), 0);
}

static void
test_tring_spsc_reserve__zero_copy(void **state)
{
	void *slot;
	const void *in;

	(void)state;
	spsc_up(2, 0);
	assert_int_equal(tring_spsc_commit(&prod), -TRING_EINVAL);
	assert_int_equal(tring_spsc_reserve(&prod, &slot), 0);
	assert_int_equal(tring_spsc_reserve(&prod, &slot), -TRING_EINVAL);
	msg_make(slot, 77);
	assert_int_equal(tring_spsc_enqueue(&prod, slot), -TRING_EINVAL);
	assert_int_equal(tring_spsc_peek(&cons, &in), -TRING_EAGAIN);
	assert_int_equal(tring_spsc_commit(&prod), 0);
	assert_int_equal(tring_spsc_release(&cons), -TRING_EINVAL);
	assert_int_equal(tring_spsc_peek(&cons, &in), 0);
	assert_int_equal(msg_value(in), 77);
	assert_int_equal(tring_spsc_peek(&cons, &in), -TRING_EINVAL);
	assert_int_equal(tring_spsc_dequeue(&cons, slots), -TRING_EINVAL);
	assert_int_equal(tring_spsc_release(&cons), 0);
	assert_int_equal(hdr.head, 1);
}

static void
test_tring_spsc_enqueue__null_arguments(void **state)
{
	uint8_t m[SLOT];
	void *slot;
	const void *in;

	(void)state;
	spsc_up(2, 0);
	assert_int_equal(tring_spsc_enqueue(&prod, NULL), -TRING_EFAULT);
	assert_int_equal(tring_spsc_enqueue(NULL, m), -TRING_EFAULT);
	assert_int_equal(tring_spsc_reserve(NULL, &slot), -TRING_EFAULT);
	assert_int_equal(tring_spsc_reserve(&prod, NULL), -TRING_EFAULT);
	assert_int_equal(tring_spsc_commit(NULL), -TRING_EFAULT);
	assert_int_equal(tring_spsc_dequeue(&cons, NULL), -TRING_EFAULT);
	assert_int_equal(tring_spsc_dequeue(NULL, m), -TRING_EFAULT);
	assert_int_equal(tring_spsc_peek(NULL, &in), -TRING_EFAULT);
	assert_int_equal(tring_spsc_peek(&cons, NULL), -TRING_EFAULT);
	assert_int_equal(tring_spsc_release(NULL), -TRING_EFAULT);
}

static void
test_tring_spsc_dequeue__impossible_counters(void **state)
{
	uint8_t m[SLOT] = {0};

	uint32_t i;

	(void)state;
	spsc_up(4, 0);
	hdr.tail = 9; /* producer claims 9 messages in 4 slots */
	assert_int_equal(tring_spsc_dequeue(&cons, m), -TRING_EFAULT);
	assert_int_equal(tring_spsc_size(&cons), 0);
	hdr.tail = 0;
	for (i = 0; i < 4; i++)
		assert_int_equal(tring_spsc_enqueue(&prod, m), 0);
	hdr.head = 7; /* consumer claims to be ahead of the producer */
	assert_int_equal(tring_spsc_enqueue(&prod, m), -TRING_EFAULT);
}

static void
test_tring_spsc_enqueue__counters_wrap(void **state)
{
	uint8_t m[SLOT];
	uint32_t i;

	(void)state;
	spsc_up(16, UINT32_MAX - 5);
	for (i = 0; i < 40; i++) {
		msg_make(m, i);
		assert_int_equal(tring_spsc_enqueue(&prod, m), 0);
		if (i % 3 == 2)
			continue;
		assert_int_equal(tring_spsc_dequeue(&cons, m), 0);
	}
	i = 0;
	while (tring_spsc_dequeue(&cons, m) == 0)
		i++;
	assert_int_equal(i, 13);
	assert_int_equal(msg_value(m), 39);
}

/* Typed calls (TRING_SPSC_DEFINE) for a word-sized and an odd-sized type. */
struct msg16 {
	uint64_t a, b;
};
struct msg12 {
	uint8_t b[SLOT];
};
TRING_SPSC_DEFINE(m16, struct msg16)
TRING_SPSC_DEFINE(m12, struct msg12)

static void
test_tring_spsc_enqueue_typed__fifo_full_and_wrap(void **state)
{
	struct msg16 m;
	uint32_t i, got = 0;

	(void)state;
	assert_int_equal(tring_chan_init(&hdr, UINT32_MAX - 2), 0);
	assert_int_equal(tring_spsc_attach(&prod, &hdr, slots, 4, sizeof(m)),
			 0);
	assert_int_equal(tring_spsc_attach(&cons, &hdr, slots, 4, sizeof(m)),
			 0);
	assert_int_equal(tring_spsc_dequeue_m16(&cons, &m), -TRING_EAGAIN);
	for (i = 0; i < 4; i++) {
		m.a = i;
		m.b = ~(uint64_t)i;
		assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), 0);
	}
	assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), -TRING_EAGAIN);
	/* Across the wrap of the 32-bit counters, in order. */
	for (i = 4; i < 20; i++) {
		assert_int_equal(tring_spsc_dequeue_m16(&cons, &m), 0);
		assert_true(m.a == got && m.b == ~(uint64_t)got);
		got++;
		m.a = i;
		m.b = ~(uint64_t)i;
		assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), 0);
	}
	/* The untyped calls read the same ring. */
	assert_int_equal(tring_spsc_dequeue(&cons, &m), 0);
	assert_true(m.a == got);
}

static void
test_tring_spsc_enqueue_typed__bad_arguments_and_state(void **state)
{
	struct msg16 m = {1, 2};
	struct msg12 o;
	void *slot;
	const void *in;

	(void)state;
	spsc_up(4, 0); /* slot_size 12: not the 16-byte type */
	assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), -TRING_EINVAL);
	assert_int_equal(tring_spsc_dequeue_m16(&cons, &m), -TRING_EINVAL);
	assert_int_equal(tring_spsc_enqueue_m16(NULL, &m), -TRING_EFAULT);
	assert_int_equal(tring_spsc_enqueue_m16(&prod, NULL), -TRING_EFAULT);
	assert_int_equal(tring_spsc_dequeue_m16(NULL, &m), -TRING_EFAULT);
	assert_int_equal(tring_spsc_dequeue_m16(&cons, NULL), -TRING_EFAULT);
	/* An odd size goes out of line and still works. */
	msg_make(o.b, 5);
	assert_int_equal(tring_spsc_enqueue_m12(&prod, &o), 0);
	assert_int_equal(tring_spsc_dequeue_m12(&cons, &o), 0);
	assert_int_equal(msg_value(o.b), 5);
	/* An open reservation or peek sends the inline calls out of line. */
	tring_chan_init(&hdr, 0);
	assert_int_equal(tring_spsc_attach(&prod, &hdr, slots, 4, sizeof(m)),
			 0);
	assert_int_equal(tring_spsc_attach(&cons, &hdr, slots, 4, sizeof(m)),
			 0);
	assert_int_equal(tring_spsc_reserve(&prod, &slot), 0);
	assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), -TRING_EINVAL);
	assert_int_equal(tring_spsc_enqueue(&prod, &m), -TRING_EINVAL);
	memcpy(slot, &m, sizeof(m));
	assert_int_equal(tring_spsc_commit(&prod), 0);
	assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), 0);
	assert_int_equal(tring_spsc_peek(&cons, &in), 0);
	assert_int_equal(tring_spsc_dequeue_m16(&cons, &m), -TRING_EINVAL);
	assert_int_equal(tring_spsc_dequeue(&cons, &m), -TRING_EINVAL);
	assert_int_equal(tring_spsc_release(&cons), 0);
	assert_int_equal(tring_spsc_dequeue_m16(&cons, &m), 0);
	assert_true(m.a == 1 && m.b == 2);
	/* A producer tail beyond the ring, a consumer head ahead of us. */
	hdr.tail = 40;
	assert_int_equal(tring_spsc_dequeue_m16(&cons, &m), -TRING_EFAULT);
	hdr.tail = 2;
	assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), 0);
	assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), 0);
	/* Full by the kept head (0): the shared one is read and refused. */
	hdr.head = 9;
	assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), -TRING_EFAULT);
	/* Full for real: EAGAIN, the ring unchanged. */
	hdr.head = 0;
	assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), -TRING_EAGAIN);
	assert_int_equal(hdr.tail, 4);
}

/*
 * The typed dequeue reads the producer's tail on every call (the untyped
 * one keeps the last tail it read): an impossible tail is refused even
 * while the kept one still shows a message, and nothing moves.
 */
static void
test_tring_spsc_dequeue_typed__reads_the_tail_every_call(void **state)
{
	struct msg16 m = {7, 8};

	(void)state;
	assert_int_equal(tring_chan_init(&hdr, 0), 0);
	assert_int_equal(tring_spsc_attach(&prod, &hdr, slots, 4, sizeof(m)),
			 0);
	assert_int_equal(tring_spsc_attach(&cons, &hdr, slots, 4, sizeof(m)),
			 0);
	assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), 0);
	m.a = 9;
	assert_int_equal(tring_spsc_enqueue_m16(&prod, &m), 0);
	assert_int_equal(tring_spsc_dequeue_m16(&cons, &m), 0);
	assert_true(m.a == 7 && m.b == 8);
	hdr.tail = 40;
	assert_int_equal(tring_spsc_dequeue_m16(&cons, &m), -TRING_EFAULT);
	assert_int_equal(hdr.head, 1);
	/* The untyped call goes by the tail it kept (2). */
	assert_int_equal(tring_spsc_dequeue(&cons, &m), 0);
	assert_true(m.a == 9);
	hdr.tail = 2;
	assert_int_equal(tring_spsc_dequeue_m16(&cons, &m), -TRING_EAGAIN);
	assert_int_equal(hdr.head, 2);
}

static void
test_tring_mpsc_init__bad_arguments(void **state)
{
	static const struct {
		uint32_t entries, slot;
	} vec[] = {{1, 4}, {0, 4}, {6, 4}, {65536, 4}, {4, 0}, {4, 65537}};
	size_t i;

	(void)state;
	assert_int_equal(tring_mpsc_init(NULL, slots, 4, 4, 0), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_init(&hdr, NULL, 4, 4, 0), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_attach(NULL, &hdr, slots, 4, 4),
			 -TRING_EFAULT);
	assert_int_equal(tring_mpsc_attach(&mp, NULL, slots, 4, 4),
			 -TRING_EFAULT);
	assert_int_equal(tring_mpsc_attach(&mp, &hdr, NULL, 4, 4),
			 -TRING_EFAULT);
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		assert_int_equal(tring_mpsc_init(&hdr, slots, vec[i].entries,
						 vec[i].slot, 0),
				 -TRING_EINVAL);
		assert_int_equal(tring_mpsc_attach(&mp, &hdr, slots,
						   vec[i].entries, vec[i].slot),
				 -TRING_EINVAL);
	}
	assert_int_equal(tring_mpsc_init(&hdr, slots + 4, 4, 4, 0),
			 -TRING_EINVAL);
	assert_int_equal(tring_mpsc_attach(&mp, &hdr, slots + 4, 4, 4),
			 -TRING_EINVAL);
}

static void
test_tring_mpsc_enqueue__fifo_and_full(void **state)
{
	uint8_t m[SLOT];
	uint32_t i;

	(void)state;
	mpsc_up(4, 0);
	assert_int_equal(tring_mpsc_dequeue(&mc, m), -TRING_EAGAIN);
	for (i = 0; i < 4; i++) {
		msg_make(m, i + 10);
		assert_int_equal(tring_mpsc_enqueue(&mp, m), 0);
	}
	assert_int_equal(tring_mpsc_enqueue(&mp, m), -TRING_EAGAIN);
	for (i = 0; i < 4; i++) {
		assert_int_equal(tring_mpsc_dequeue(&mc, m), 0);
		assert_int_equal(msg_value(m), i + 10);
	}
	assert_int_equal(tring_mpsc_dequeue(&mc, m), -TRING_EAGAIN);
	assert_int_equal(hdr.head, 4);
}

static void
test_tring_mpsc_reserve__commit_order(void **state)
{
	void *s1, *s2;
	uint32_t t1, t2;
	const void *in;
	uint8_t m[SLOT];

	(void)state;
	mpsc_up(4, UINT32_MAX);
	assert_int_equal(tring_mpsc_reserve(&mp, &s1, &t1), 0);
	assert_int_equal(tring_mpsc_reserve(&mp, &s2, &t2), 0);
	assert_int_equal(t2, t1 + 1);
	msg_make(s2, 2);
	assert_int_equal(tring_mpsc_commit(&mp, t2), 0);
	/* The first reservation is not committed: the consumer waits. */
	assert_int_equal(tring_mpsc_peek(&mc, &in), -TRING_EAGAIN);
	msg_make(s1, 1);
	assert_int_equal(tring_mpsc_commit(&mp, t1), 0);
	assert_int_equal(tring_mpsc_peek(&mc, &in), 0);
	assert_int_equal(msg_value(in), 1);
	assert_int_equal(tring_mpsc_peek(&mc, &in), -TRING_EINVAL);
	assert_int_equal(tring_mpsc_dequeue(&mc, m), -TRING_EINVAL);
	assert_int_equal(tring_mpsc_release(&mc), 0);
	assert_int_equal(tring_mpsc_release(&mc), -TRING_EINVAL);
	assert_int_equal(tring_mpsc_dequeue(&mc, m), 0);
	assert_int_equal(msg_value(m), 2);
}

static void
test_tring_mpsc_reserve__full_with_open_reservation(void **state)
{
	void *s;
	uint32_t t, i;
	uint8_t m[SLOT];

	(void)state;
	mpsc_up(2, 0);
	assert_int_equal(tring_mpsc_reserve(&mp, &s, &t), 0);
	assert_int_equal(tring_mpsc_reserve(&mp, &s, &t), 0);
	/* Both slots reserved, neither committed: full. */
	assert_int_equal(tring_mpsc_reserve(&mp, &s, &t), -TRING_EAGAIN);
	for (i = 0; i < 2; i++)
		assert_int_equal(tring_mpsc_commit(&mp, i), 0);
	assert_int_equal(tring_mpsc_enqueue(&mp, m), -TRING_EAGAIN);
}

static void
test_tring_mpsc_peek__impossible_sequence(void **state)
{
	const void *in;
	void *s;
	uint32_t t;
	uint32_t *seq = (uint32_t *)(void *)slots;

	(void)state;
	mpsc_up(4, 0);
	seq[0] = 12345;
	assert_int_equal(tring_mpsc_peek(&mc, &in), -TRING_EFAULT);
	/* Producer side: a slot from a lap that cannot exist. */
	assert_int_equal(tring_mpsc_reserve(&mp, &s, &t), -TRING_EFAULT);
	seq[0] = (uint32_t)-100;
	assert_int_equal(tring_mpsc_reserve(&mp, &s, &t), -TRING_EFAULT);
}

static void
test_tring_mpsc_reserve__stale_tail_moves_on(void **state)
{
	void *s;
	uint32_t t;
	uint32_t *seq = (uint32_t *)(void *)slots;

	(void)state;
	mpsc_up(4, 0);
	/* Slot 0 taken and committed by a producer we did not see. */
	seq[0] = 1;
	hdr.tail = 1;
	mp.hdr = &hdr;
	assert_int_equal(tring_mpsc_reserve(&mp, &s, &t), 0);
	assert_int_equal(t, 1);
}

static void
test_tring_mpsc_enqueue__null_arguments(void **state)
{
	uint8_t m[SLOT];
	void *s;
	uint32_t t;
	const void *in;

	(void)state;
	mpsc_up(4, 0);
	assert_int_equal(tring_mpsc_enqueue(&mp, NULL), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_enqueue(NULL, m), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_reserve(NULL, &s, &t), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_reserve(&mp, NULL, &t), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_reserve(&mp, &s, NULL), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_commit(NULL, 0), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_dequeue(&mc, NULL), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_dequeue(NULL, m), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_peek(NULL, &in), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_peek(&mc, NULL), -TRING_EFAULT);
	assert_int_equal(tring_mpsc_release(NULL), -TRING_EFAULT);
}

static void
test_tring_mpsc_enqueue__counters_wrap(void **state)
{
	uint8_t m[SLOT];
	uint32_t i, next = 0;

	(void)state;
	mpsc_up(8, UINT32_MAX - 20);
	for (i = 0; i < 100; i++) {
		msg_make(m, i);
		assert_int_equal(tring_mpsc_enqueue(&mp, m), 0);
		if (i % 2 == 0)
			continue;
		assert_int_equal(tring_mpsc_dequeue(&mc, m), 0);
		assert_int_equal(msg_value(m), next++);
		assert_int_equal(tring_mpsc_dequeue(&mc, m), 0);
		assert_int_equal(msg_value(m), next++);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tring_chan_init__null),
		cmocka_unit_test(test_tring_spsc_attach__bad_arguments),
		cmocka_unit_test(test_tring_spsc_enqueue__fifo_and_full),
		cmocka_unit_test(test_tring_spsc_reserve__zero_copy),
		cmocka_unit_test(test_tring_spsc_enqueue__null_arguments),
		cmocka_unit_test(test_tring_spsc_dequeue__impossible_counters),
		cmocka_unit_test(test_tring_spsc_enqueue__counters_wrap),
		cmocka_unit_test(
			test_tring_spsc_enqueue_typed__fifo_full_and_wrap),
		cmocka_unit_test(
			test_tring_spsc_enqueue_typed__bad_arguments_and_state),
		cmocka_unit_test(
			test_tring_spsc_dequeue_typed__reads_the_tail_every_call),
		cmocka_unit_test(test_tring_mpsc_init__bad_arguments),
		cmocka_unit_test(test_tring_mpsc_enqueue__fifo_and_full),
		cmocka_unit_test(test_tring_mpsc_reserve__commit_order),
		cmocka_unit_test(
			test_tring_mpsc_reserve__full_with_open_reservation),
		cmocka_unit_test(test_tring_mpsc_peek__impossible_sequence),
		cmocka_unit_test(test_tring_mpsc_reserve__stale_tail_moves_on),
		cmocka_unit_test(test_tring_mpsc_enqueue__null_arguments),
		cmocka_unit_test(test_tring_mpsc_enqueue__counters_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
