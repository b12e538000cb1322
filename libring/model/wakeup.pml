/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Promela model of libring's wake-up protocol for a polling consumer
 * (TRING_SQ_NEED_WAKEUP, io_uring's SQPOLL rule I14):
 *
 *   consumer, about to sleep (tring_sq_idle()): set the flag, full
 *       barrier, read the SQ tail again; sleep only if it did not move.
 *       tring_process() clears the flag when it runs.
 *   submitter (tring_submit_wake()): publish the tail, full barrier, read
 *       the flag; if it is set and published entries are still untaken
 *       (the SQ head is behind), wake the consumer.
 *
 * spin runs the statements of the two processes interleaved in every
 * order, each shared access on its own, which is what the full barriers
 * on both sides give (no store is delayed past the next load).  A wake-up
 * is a token the sleeping consumer takes (a semaphore post).  The
 * consumer must take all MSGS entries; if it sleeps with entries
 * published and nobody left to wake it, it blocks away from its end, and
 * spin reports an invalid end state.
 *
 * BUG_NO_RECHECK (the consumer sleeps without reading the tail again)
 * and BUG_FLAG_FIRST (the submitter reads the flag before its tail store
 * is visible: a missing barrier) must be caught; check-model.sh requires
 * spin to find the error in each.
 */

#define MSGS 3

byte tail = 0;        /* written by the submitter */
byte head = 0;        /* written by the consumer */
bit need_wakeup = 0;  /* written by the consumer */
byte wakeups = 0;     /* wake-up tokens posted, not yet taken */

active proctype submitter()
{
	byte i = 0;
	bit f;

	do
	:: i == MSGS -> break
	:: else ->
#ifdef BUG_FLAG_FIRST
		f = need_wakeup;
		tail = i + 1;
#else
		tail = i + 1;      /* store-release of the tail */
		f = need_wakeup;   /* after a full barrier */
#endif
		if
		:: f && head != i + 1 -> wakeups++   /* wake the consumer */
		:: else -> skip
		fi;
		i++
	od
}

active proctype consumer()
{
	byte h = 0;
	byte t;

	do
	:: h == MSGS -> break
	:: else ->
		t = tail;
		if
		:: t != h ->
			need_wakeup = 0;   /* tring_process() running */
			h = t;
			head = h
		:: else ->
			need_wakeup = 1;   /* tring_sq_idle() */
#ifndef BUG_NO_RECHECK
			if
			:: tail != h ->
				need_wakeup = 0   /* -EAGAIN: work arrived */
			:: else ->
#endif
				wakeups > 0;      /* asleep until woken */
				wakeups--
#ifndef BUG_NO_RECHECK
			fi
#endif
		fi
	od
}
