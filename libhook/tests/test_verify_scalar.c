/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The verifier's scalar domain: every abstract operation must contain
 * every concrete result.  Abstract operands are drawn at random (a fixed
 * seed), concrete values are drawn from them, and the concrete result of
 * the instruction is checked against the abstract result.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../src/verify_impl.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A random abstract value and a concrete member of it. */
static void
draw(vreg *r, uint64_t *x)
{
	uint64_t base = rnd(), w;

	switch (rnd() % 6) {
	case 0: /* constant */
		thook__v_const(r, base >> (rnd() % 64));
		*x = r->tv;
		return;
	case 1: /* small unsigned range */
		base >>= 40 + rnd() % 24;
		w = rnd() % 300;
		thook__v_unknown(r);
		r->umin = base;
		r->umax = base + w;
		*x = base + (w ? rnd() % (w + 1) : 0);
		break;
	case 2: /* known bits */
		thook__v_unknown(r);
		r->tm = rnd() & rnd();
		r->tv = base & ~r->tm;
		*x = r->tv | (rnd() & r->tm);
		break;
	case 3: /* signed range around zero */
		w = rnd() % 1000;
		thook__v_unknown(r);
		r->smin = -(int64_t)w;
		r->smax = (int64_t)(rnd() % 1000);
		*x = (uint64_t)(r->smin +
				(int64_t)(rnd() %
					  (uint64_t)(r->smax - r->smin + 1)));
		break;
	case 4: /* 32-bit range */
		thook__v_unknown(r);
		r->umax = 0xffffffffull >> (rnd() % 32);
		*x = rnd() & r->umax;
		break;
	default: /* unknown */
		thook__v_unknown(r);
		*x = base;
		break;
	}
	assert_true(thook__v_sync(r));
}

static bool
member(const vreg *r, uint64_t x)
{
	return r->umin <= x && x <= r->umax && r->smin <= (int64_t)x &&
	       (int64_t)x <= r->smax && (x & ~r->tm) == r->tv;
}

static uint64_t
concrete(unsigned op, uint64_t a, uint64_t b, bool sg, bool w32)
{
	unsigned mask = w32 ? 31 : 63;

	if (w32) {
		a = (uint32_t)a;
		b = (uint32_t)b;
	}
	switch (op) {
	case OP_ADD:
		a = a + b;
		break;
	case OP_SUB:
		a = a - b;
		break;
	case OP_MUL:
		a = a * b;
		break;
	case OP_DIV:
		if (sg)
			return 0; /* not compared: the domain gives unknown */
		a = b ? a / b : 0;
		break;
	case OP_MOD:
		if (sg)
			return 0;
		a = b ? a % b : a;
		break;
	case OP_OR:
		a = a | b;
		break;
	case OP_AND:
		a = a & b;
		break;
	case OP_XOR:
		a = a ^ b;
		break;
	case OP_LSH:
		a = a << (b & mask);
		break;
	case OP_RSH:
		a = a >> (b & mask);
		break;
	case OP_ARSH:
		if (w32)
			a = (uint32_t)((int32_t)a >> (b & 31));
		else
			a = (uint64_t)((int64_t)a >> (b & 63));
		break;
	case OP_MOV:
		a = b;
		break;
	default: /* OP_NEG */
		a = 0 - a;
		break;
	}
	return w32 ? (uint32_t)a : a;
}

static const unsigned ops[] = {OP_ADD,	OP_SUB, OP_MUL, OP_DIV, OP_MOD,
			       OP_OR,	OP_AND, OP_XOR, OP_LSH, OP_RSH,
			       OP_ARSH, OP_MOV, OP_NEG};

static void
test_thook__v_alu__sound(void **state)
{
	(void)state;
	for (int it = 0; it < 200000; it++) {
		unsigned op = ops[rnd() % (sizeof(ops) / sizeof(ops[0]))];
		bool w32 = rnd() & 1,
		     sg = (op == OP_DIV || op == OP_MOD) && (rnd() % 4 == 0);
		vreg a, b, r;
		uint64_t x, y, z;

		draw(&a, &x);
		draw(&b, &y);
		if (op == OP_NEG)
			thook__v_const(&b, 0), y = 0;
		r = a;
		if (w32)
			thook__v_alu32(op, &r, &b, sg);
		else
			thook__v_alu(op, &r, &b, sg);
		if (sg)
			continue;
		z = concrete(op, x, y, sg, w32);
		if (!member(&r, z))
			fail_msg("op %#x%s: %#llx, %#llx -> %#llx not in "
				 "u[%#llx,%#llx] s[%lld,%lld] t(%#llx,%#llx)",
				 op, w32 ? "/32" : "", (unsigned long long)x,
				 (unsigned long long)y, (unsigned long long)z,
				 (unsigned long long)r.umin,
				 (unsigned long long)r.umax, (long long)r.smin,
				 (long long)r.smax, (unsigned long long)r.tv,
				 (unsigned long long)r.tm);
	}
}

static void
test_thook__v_alu__signed_div_unknown(void **state)
{
	vreg a, b;

	(void)state;
	thook__v_const(&a, 7);
	thook__v_const(&b, 2);
	thook__v_alu(OP_DIV, &a, &b, true);
	assert_int_equal(a.tm, ~0ull);
	thook__v_const(&a, 7);
	thook__v_alu32(OP_MOD, &a, &b, true);
	assert_int_equal(a.umax, 0xffffffffull);
	/* Division by a known zero gives zero; modulo keeps the dividend. */
	thook__v_const(&a, 7);
	thook__v_const(&b, 0);
	thook__v_alu(OP_DIV, &a, &b, false);
	assert_int_equal(a.tv, 0);
	assert_int_equal(a.tm, 0);
}

static bool
holds(unsigned rel, uint64_t x, uint64_t y)
{
	switch (rel) {
	case REL_EQ:
		return x == y;
	case REL_NE:
		return x != y;
	case REL_ULT:
		return x < y;
	case REL_UGE:
		return x >= y;
	case REL_ULE:
		return x <= y;
	case REL_UGT:
		return x > y;
	case REL_SLT:
		return (int64_t)x < (int64_t)y;
	case REL_SGE:
		return (int64_t)x >= (int64_t)y;
	case REL_SLE:
		return (int64_t)x <= (int64_t)y;
	case REL_SGT:
		return (int64_t)x > (int64_t)y;
	case REL_SET:
		return (x & y) != 0;
	default:
		return (x & y) == 0;
	}
}

static void
test_thook__v_refine__sound(void **state)
{
	(void)state;
	for (int it = 0; it < 200000; it++) {
		unsigned rel = (unsigned)(rnd() % 12);
		vreg a, b, ra, rb;
		uint64_t x, y;
		int e;
		bool h;

		draw(&a, &x);
		draw(&b, &y);
		if (rnd() % 4 == 0) /* equal values make EQ paths reachable */
			b = a, y = x;
		h = holds(rel, x, y);
		e = thook__v_eval(rel, &a, &b);
		if (e >= 0 && (e == 1) != h)
			fail_msg("eval %u of %#llx %#llx says %d", rel,
				 (unsigned long long)x, (unsigned long long)y,
				 e);
		ra = a, rb = b;
		if (thook__v_refine(h ? rel : rel ^ 1u, &ra, &rb)) {
			if (!member(&ra, x) || !member(&rb, y))
				fail_msg("refine %u lost %#llx %#llx", rel,
					 (unsigned long long)x,
					 (unsigned long long)y);
		} else {
			fail_msg("refine %u refused a holding relation", rel);
		}
	}
}

static void
test_thook__v_refine__empty(void **state)
{
	vreg a, b;

	(void)state;
	thook__v_const(&a, 5);
	thook__v_const(&b, 5);
	assert_false(thook__v_refine(REL_NE, &a, &b));
	thook__v_const(&a, 5);
	thook__v_const(&b, 6);
	assert_false(thook__v_refine(REL_EQ, &a, &b));
	thook__v_const(&a, 0);
	thook__v_const(&b, 0);
	assert_false(thook__v_refine(REL_ULT, &a, &b));
	thook__v_const(&a, ~0ull);
	thook__v_unknown(&b);
	assert_false(thook__v_refine(REL_UGT, &b, &a));
	thook__v_const(&a, (uint64_t)INT64_MIN);
	thook__v_unknown(&b);
	assert_false(thook__v_refine(REL_SLT, &b, &a));
	thook__v_const(&a, (uint64_t)INT64_MAX);
	assert_false(thook__v_refine(REL_SGT, &b, &a));
}

static void
test_thook__v_bswap__sound(void **state)
{
	(void)state;
	for (int it = 0; it < 20000; it++) {
		static const unsigned bits[] = {16, 32, 64};
		unsigned w = bits[rnd() % 3];
		bool swap = rnd() & 1;
		vreg a;
		uint64_t x, z;

		draw(&a, &x);
		thook__v_bswap(&a, w, swap);
		if (!swap)
			z = w == 16 ? (uint16_t)x : w == 32 ? (uint32_t)x : x;
		else
			z = w == 16   ? __builtin_bswap16((uint16_t)x)
			    : w == 32 ? __builtin_bswap32((uint32_t)x)
				      : __builtin_bswap64(x);
		assert_true(member(&a, z));
	}
}

static void
test_thook__v_sext__sound(void **state)
{
	(void)state;
	for (int it = 0; it < 20000; it++) {
		static const unsigned bytes[] = {1, 2, 4};
		unsigned k = bytes[rnd() % 3];
		vreg a;
		uint64_t x, z;

		draw(&a, &x);
		thook__v_sext(&a, k);
		z = k == 1   ? (uint64_t)(int64_t)(int8_t)x
		    : k == 2 ? (uint64_t)(int64_t)(int16_t)x
			     : (uint64_t)(int64_t)(int32_t)x;
		assert_true(member(&a, z));
	}
}

static void
test_thook__v_within__subsets(void **state)
{
	vreg old, cur;

	(void)state;
	thook__v_unknown(&old);
	old.umax = 100;
	assert_true(thook__v_sync(&old));
	thook__v_const(&cur, 50);
	assert_true(thook__v_within(&old, &cur));
	assert_false(thook__v_within(&cur, &old));
	thook__v_const(&cur, 101);
	assert_false(thook__v_within(&old, &cur));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook__v_alu__sound),
		cmocka_unit_test(test_thook__v_alu__signed_div_unknown),
		cmocka_unit_test(test_thook__v_refine__sound),
		cmocka_unit_test(test_thook__v_refine__empty),
		cmocka_unit_test(test_thook__v_bswap__sound),
		cmocka_unit_test(test_thook__v_sext__sound),
		cmocka_unit_test(test_thook__v_within__subsets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
