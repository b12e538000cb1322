/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Promela model of libring's head/tail publication protocol, the one the
 * SPSC message ring and both halves of the submission/completion ring use:
 *
 *   producer: check space (tail - head < N), write the entry, publish tail
 *   consumer: read tail, check it (tail - head <= N), read the entry,
 *             publish head
 *
 * Each side keeps the last value it read of the other side's counter and
 * reads the shared one again only when that copy says full (producer) or
 * empty (consumer), as tring_get_sqe(), tring_spsc_reserve(),
 * tring_spsc_peek(), the CQ side of tring_process() and tring_peek_cqe()
 * do.
 *
 * Counters are free-running and compared only by difference; here they
 * run modulo WRAP (a multiple of N) so that the model passes the wrap many
 * times, as the 32-bit counters do at 2^32.  Each entry is two words
 * written by separate stores, so a torn read is visible.  The consumer
 * asserts that it sees every message once, in order, never torn.
 *
 * spin explores every interleaving of the statements.  The two BUG_*
 * variants break the order of the steps (publish before writing, release
 * before reading); check-model.sh requires spin to find an error in each,
 * which shows the assertions can fail.
 */

#define N     3   /* slots */
#define WRAP  6   /* counters run modulo WRAP */
#define MSGS  14  /* messages: more than twice WRAP */

byte word_a[N];
byte word_b[N];
byte head = 0;    /* written by the consumer only */
byte tail = 0;    /* written by the producer only */

active proctype producer()
{
	byte i = 1;
	byte t = 0;   /* private copy of tail */
	byte h;

	h = 0;        /* cached copy of head */
	do
	:: i > MSGS -> break
	:: else ->
		if
		:: (t + WRAP - h) % WRAP >= N ->
			h = head   /* cache says full: load-acquire again */
		:: else -> skip
		fi;
		if
		:: (t + WRAP - h) % WRAP < N ->
#ifdef BUG_EARLY_TAIL
			tail = (t + 1) % WRAP;
#endif
			word_a[t % N] = i;
			word_b[t % N] = i;
			t = (t + 1) % WRAP;
#ifndef BUG_EARLY_TAIL
			tail = t;   /* store-release */
#endif
			i++
		:: else -> skip   /* full: try again */
		fi
	od
}

active proctype consumer()
{
	byte expect = 1;
	byte h = 0;   /* private copy of head */
	byte t, a, b;

	t = 0;        /* cached copy of tail */
	do
	:: expect > MSGS -> break
	:: else ->
		if
		:: t == h ->
			t = tail;   /* cache says empty: load-acquire again */
			assert((t + WRAP - h) % WRAP <= N)
		:: else -> skip
		fi;
		if
		:: t != h ->
#ifdef BUG_EARLY_HEAD
			head = (h + 1) % WRAP;
#endif
			a = word_a[h % N];
			b = word_b[h % N];
			assert(a == b);        /* not torn */
			assert(a == expect);   /* not lost, duplicated, reordered */
			expect++;
			h = (h + 1) % WRAP;
#ifndef BUG_EARLY_HEAD
			head = h;   /* store-release */
#endif
		:: else -> skip   /* empty: try again */
		fi
	od
}
