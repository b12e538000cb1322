/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Promela model of libring's multi-producer ring (tring_mpsc): every slot
 * has a sequence word; a producer claims position p by compare-and-swap
 * on the tail when the slot's sequence equals p, writes the message, then
 * stores sequence p + 1; the consumer takes position h when the sequence
 * is h + 1 and frees the slot with sequence h + N.
 *
 * Two producers send PRODUCER_MSGS messages each; positions run modulo
 * WRAP, so they wrap during the run.  Each message is written as three
 * words by separate stores.  The consumer asserts that it never reads a
 * torn message, and that each producer's messages arrive once and in
 * order.  BUG_EARLY_SEQ publishes the sequence word before the message;
 * check-model.sh requires spin to find that error.
 */

#define N              2
#define WRAP           8
#define PRODUCER_MSGS  4

byte seq[N];
byte who[N];
byte num[N];
byte chk[N];
byte tail = 0;

proctype producer(byte id)
{
	byte i = 1;
	byte pos, s;
	bool won;

	do
	:: i > PRODUCER_MSGS -> break
	:: else ->
		pos = tail;
		s = seq[pos % N];
		if
		:: s == pos ->
			atomic {   /* compare-and-swap on the tail */
				if
				:: tail == pos -> tail = (pos + 1) % WRAP; won = true
				:: else -> won = false
				fi
			}
			if
			:: won ->
#ifdef BUG_EARLY_SEQ
				seq[pos % N] = (pos + 1) % WRAP;
#endif
				who[pos % N] = id;
				num[pos % N] = i;
				chk[pos % N] = id * 16 + i;
#ifndef BUG_EARLY_SEQ
				seq[pos % N] = (pos + 1) % WRAP;   /* release */
#endif
				i++
			:: else -> skip
			fi
		:: else -> skip   /* full, or another producer won: retry */
		fi
	od
}

proctype consumer()
{
	byte h = 0;
	byte got = 0;
	byte next1 = 1;
	byte next2 = 1;
	byte s, p, v, c;

	do
	:: got == 2 * PRODUCER_MSGS -> break
	:: else ->
		s = seq[h % N];   /* acquire */
		if
		:: s == (h + 1) % WRAP ->
			p = who[h % N];
			v = num[h % N];
			c = chk[h % N];
			assert(c == p * 16 + v);   /* not torn */
			if
			:: p == 1 -> assert(v == next1); next1++
			:: p == 2 -> assert(v == next2); next2++
			:: else -> assert(false)
			fi;
			seq[h % N] = (h + N) % WRAP;   /* release: slot free */
			h = (h + 1) % WRAP;
			got++
		:: else -> skip
		fi
	od;
	assert(next1 == PRODUCER_MSGS + 1 && next2 == PRODUCER_MSGS + 1)
}

init
{
	atomic {
		seq[0] = 0;
		seq[1] = 1;
		run producer(1);
		run producer(2);
		run consumer()
	}
}
