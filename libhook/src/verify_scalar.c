/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The scalar domain of the verifier: known bits as a (value, mask) pair
 * (a bit is unknown where the mask has a 1; the idea of Linux's "tnum")
 * and signed and unsigned 64-bit ranges, kept consistent with each other.
 * Every operation over-approximates: the set a result stands for holds
 * every value the instruction can produce from the operands' sets.
 * 32-bit operations work on zero-extended operands and truncate their
 * result, which is sound because truncation commutes with add, sub, mul
 * and the bitwise operations.
 */
#include "verify_impl.h"

#define U32_MAX 0xffffffffull

static int64_t
s64(uint64_t v)
{
	return v <= (uint64_t)INT64_MAX
		       ? (int64_t)v
		       : -(int64_t)(~v) - 1; /* two's complement */
}

static uint64_t
u64(int64_t v)
{
	return (uint64_t)v;
}

static uint64_t
umax2(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t
umin2(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static int64_t
smax2(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t
smin2(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* Arithmetic shift right without relying on >> of negative values. */
static int64_t
sar(int64_t v, unsigned s)
{
	return v < 0 ? -(int64_t)((u64(-(v + 1)) >> s)) - 1
		     : (int64_t)(u64(v) >> s);
}

void
thook__v_const(vreg *r, uint64_t v)
{
	r->type = T_SCALAR;
	r->frame = 0;
	r->map = 0;
	r->id = 0;
	r->tv = v;
	r->tm = 0;
	r->smin = r->smax = s64(v);
	r->umin = r->umax = v;
}

void
thook__v_unknown(vreg *r)
{
	r->type = T_SCALAR;
	r->frame = 0;
	r->map = 0;
	r->id = 0;
	r->tv = 0;
	r->tm = ~0ull;
	r->smin = INT64_MIN;
	r->smax = INT64_MAX;
	r->umin = 0;
	r->umax = ~0ull;
}

/* Only the offset fields: keep type and identity. */
static void
off_unknown(vreg *r)
{
	r->tv = 0;
	r->tm = ~0ull;
	r->smin = INT64_MIN;
	r->smax = INT64_MAX;
	r->umin = 0;
	r->umax = ~0ull;
}

bool
thook__v_is_const(const vreg *r)
{
	return r->tm == 0;
}

/* Known bits of every value in [min, max]. */
static void
tnum_range(uint64_t min, uint64_t max, uint64_t *v, uint64_t *m)
{
	uint64_t chi = min ^ max, delta;

	if (chi == 0) {
		*v = min;
		*m = 0;
		return;
	}
	delta = ~0ull >> __builtin_clzll(chi);
	*v = min & ~delta;
	*m = delta;
}

/* Tighten each part from the others; false if no value remains. */
bool
thook__v_sync(vreg *r)
{
	uint64_t v, m;

	for (int round = 0; round < 2; round++) {
		r->umin = umax2(r->umin, r->tv);
		r->umax = umin2(r->umax, r->tv | r->tm);
		r->smin = smax2(r->smin, s64(r->tv | (r->tm & (1ull << 63))));
		r->smax = smin2(r->smax, s64(r->tv | (r->tm & ~(1ull << 63))));
		if (r->umin > r->umax || r->smin > r->smax)
			return false;
		if (((r->umin ^ r->umax) >> 63) == 0) {
			r->smin = smax2(r->smin, s64(r->umin));
			r->smax = smin2(r->smax, s64(r->umax));
		}
		if (((u64(r->smin) ^ u64(r->smax)) >> 63) == 0) {
			r->umin = umax2(r->umin, u64(r->smin));
			r->umax = umin2(r->umax, u64(r->smax));
		}
		if (r->umin > r->umax || r->smin > r->smax)
			return false;
		tnum_range(r->umin, r->umax, &v, &m);
		if (((v ^ r->tv) & ~m & ~r->tm) != 0)
			return false;
		r->tv |= v;
		r->tm &= m;
		r->tv &= ~r->tm;
	}
	return true;
}

/* Keep the low 'bytes' bytes (zero extension). */
void
thook__v_trunc(vreg *r, unsigned bytes)
{
	uint64_t mask = bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;

	if (bytes >= 8 || r->umax <= mask)
		return;
	r->tv &= mask;
	r->tm &= mask;
	r->umin = 0;
	r->umax = mask;
	r->smin = 0;
	r->smax = (int64_t)mask;
	(void)thook__v_sync(r);
}

/* Sign-extend from the low 'bytes' bytes. */
void
thook__v_sext(vreg *r, unsigned bytes)
{
	int64_t lim = (int64_t)1 << (8 * bytes - 1);

	if (r->smin >= -lim && r->smax < lim)
		return; /* the low bytes already sign-extend to the value */
	thook__v_unknown(r);
	r->smin = -lim;
	r->smax = lim - 1;
	(void)thook__v_sync(r);
}

static void
tnum_add(vreg *d, const vreg *a, const vreg *b)
{
	uint64_t sm = a->tm + b->tm, sv = a->tv + b->tv;
	uint64_t chi = (sm + sv) ^ sv, mu = chi | a->tm | b->tm;

	d->tv = sv & ~mu;
	d->tm = mu;
}

static void
tnum_sub(vreg *d, const vreg *a, const vreg *b)
{
	uint64_t dv = a->tv - b->tv;
	uint64_t chi = (dv + a->tm) ^ (dv - b->tm), mu = chi | a->tm | b->tm;

	d->tv = dv & ~mu;
	d->tm = mu;
}

static void
tnum_mul(vreg *d, const vreg *a0, const vreg *b0)
{
	vreg a = *a0, b = *b0, acc = {0}, t = {0};
	uint64_t v = a.tv * b.tv;

	while (a.tv != 0 || a.tm != 0) {
		if (a.tv & 1) {
			t.tv = 0, t.tm = b.tm;
			tnum_add(&acc, &acc, &t);
		} else if (a.tm & 1) {
			t.tv = 0, t.tm = b.tv | b.tm;
			tnum_add(&acc, &acc, &t);
		}
		a.tv >>= 1, a.tm >>= 1;
		b.tv <<= 1, b.tm <<= 1;
	}
	t.tv = v, t.tm = 0;
	tnum_add(d, &t, &acc);
}

static void
ranges_unknown(vreg *r)
{
	r->smin = INT64_MIN;
	r->smax = INT64_MAX;
	r->umin = 0;
	r->umax = ~0ull;
}

static void
op_add(vreg *a, const vreg *b)
{
	vreg r = *a;
	int64_t lo, hi;

	tnum_add(&r, a, b);
	if (__builtin_add_overflow(a->smin, b->smin, &lo) ||
	    __builtin_add_overflow(a->smax, b->smax, &hi))
		r.smin = INT64_MIN, r.smax = INT64_MAX;
	else
		r.smin = lo, r.smax = hi;
	if (a->umax + b->umax < a->umax)
		r.umin = 0, r.umax = ~0ull;
	else
		r.umin = a->umin + b->umin, r.umax = a->umax + b->umax;
	*a = r;
}

static void
op_sub(vreg *a, const vreg *b)
{
	vreg r = *a;
	int64_t lo, hi;

	tnum_sub(&r, a, b);
	if (__builtin_sub_overflow(a->smin, b->smax, &lo) ||
	    __builtin_sub_overflow(a->smax, b->smin, &hi))
		r.smin = INT64_MIN, r.smax = INT64_MAX;
	else
		r.smin = lo, r.smax = hi;
	if (a->umin < b->umax)
		r.umin = 0, r.umax = ~0ull;
	else
		r.umin = a->umin - b->umax, r.umax = a->umax - b->umin;
	*a = r;
}

static void
op_shift(unsigned op, vreg *a, const vreg *b, unsigned width)
{
	unsigned s;

	if (!thook__v_is_const(b)) {
		if (op == OP_RSH) {
			a->umin = 0;
			a->smin = INT64_MIN;
			a->smax = INT64_MAX;
			a->tv = 0, a->tm = ~0ull;
		} else if (op == OP_ARSH) {
			int64_t lo = smin2(a->smin, 0), hi = smax2(a->smax, 0);

			off_unknown(a);
			a->smin = lo, a->smax = hi;
		} else {
			off_unknown(a);
		}
		return;
	}
	s = (unsigned)(b->tv & (width - 1));
	if (op == OP_LSH) {
		a->tv <<= s, a->tm <<= s;
		if (s == 0 || a->umax <= (~0ull >> s)) {
			a->umin <<= s, a->umax <<= s;
			a->smin = INT64_MIN, a->smax = INT64_MAX;
		} else {
			ranges_unknown(a);
		}
	} else if (op == OP_RSH) {
		a->tv >>= s, a->tm >>= s;
		a->umin >>= s, a->umax >>= s;
		a->smin = INT64_MIN, a->smax = INT64_MAX;
	} else {
		a->tv = u64(sar(s64(a->tv), s));
		a->tm = u64(sar(s64(a->tm), s));
		a->smin = sar(a->smin, s), a->smax = sar(a->smax, s);
		a->umin = 0, a->umax = ~0ull;
	}
}

static void
op_divmod(unsigned op, vreg *a, const vreg *b)
{
	uint64_t hi = a->umax;

	if (op == OP_DIV) {
		if (thook__v_is_const(b) && b->tv == 0) {
			thook__v_const(a, 0);
			return;
		}
		off_unknown(a);
		a->umin = b->umin > 0 ? a->umin / b->umax : 0;
		a->umax = b->umin > 0 ? hi / b->umin : hi;
		return;
	}
	/* x % 0 == x; otherwise x % y < y and x % y <= x. */
	if (b->umin == 0 && b->umax == 0)
		return;
	if (b->umin > 0 && hi < b->umin)
		return;
	off_unknown(a);
	a->umin = 0;
	a->umax = b->umin > 0 ? umin2(hi, b->umax - 1) : hi;
}

/* dst = dst op src on 64 bits, scalars only. */
void
thook__v_alu(unsigned op, vreg *a, const vreg *b, bool signed_op)
{
	vreg r;

	switch (op) {
	case OP_ADD:
		op_add(a, b);
		break;
	case OP_SUB:
		op_sub(a, b);
		break;
	case OP_MUL:
		r = *a;
		tnum_mul(&r, a, b);
		if (a->umax <= U32_MAX && b->umax <= U32_MAX) {
			r.umin = a->umin * b->umin;
			r.umax = a->umax * b->umax;
			r.smin = INT64_MIN, r.smax = INT64_MAX;
		} else {
			ranges_unknown(&r);
		}
		*a = r;
		break;
	case OP_DIV:
	case OP_MOD:
		if (signed_op)
			off_unknown(a);
		else
			op_divmod(op, a, b);
		break;
	case OP_AND:
		r.tv = a->tv & b->tv;
		r.tm = ((a->tv | a->tm) & (b->tv | b->tm)) & ~r.tv;
		r.umax = umin2(a->umax, b->umax);
		off_unknown(a);
		a->tv = r.tv, a->tm = r.tm, a->umax = r.umax;
		break;
	case OP_OR:
		r.tv = a->tv | b->tv;
		r.tm = (a->tm | b->tm) & ~r.tv;
		r.umin = umax2(a->umin, b->umin);
		off_unknown(a);
		a->tv = r.tv, a->tm = r.tm, a->umin = r.umin;
		break;
	case OP_XOR:
		r.tm = a->tm | b->tm;
		r.tv = (a->tv ^ b->tv) & ~r.tm;
		off_unknown(a);
		a->tv = r.tv, a->tm = r.tm;
		break;
	case OP_LSH:
	case OP_RSH:
	case OP_ARSH:
		op_shift(op, a, b, 64);
		break;
	case OP_MOV:
		*a = *b;
		break;
	default: /* OP_NEG: 0 - a */
		thook__v_const(&r, 0);
		op_sub(&r, a);
		*a = r;
		break;
	}
	a->type = T_SCALAR;
	if (!thook__v_sync(a))
		thook__v_unknown(a); /* (cannot happen: operands not empty) */
}

/* dst = (u32)(dst op src): operate on zero-extended operands. */
void
thook__v_alu32(unsigned op, vreg *a, const vreg *b0, bool signed_op)
{
	vreg b = *b0;

	thook__v_trunc(a, 4);
	thook__v_trunc(&b, 4);
	if (signed_op && (op == OP_DIV || op == OP_MOD)) {
		thook__v_unknown(a);
	} else if (op == OP_ARSH) {
		thook__v_sext(a, 4);
		op_shift(OP_ARSH, a, &b, 32);
		(void)thook__v_sync(a);
	} else if (op == OP_LSH || op == OP_RSH) {
		op_shift(op, a, &b, 32);
		(void)thook__v_sync(a);
	} else {
		thook__v_alu(op, a, &b, signed_op);
	}
	a->type = T_SCALAR;
	thook__v_trunc(a, 4);
}

/* le/be/bswap of 'bits' bits; swap: reverse the bytes. */
void
thook__v_bswap(vreg *r, unsigned bits, bool swap)
{
	uint64_t v = r->tv;

	if (!swap) {
		thook__v_trunc(r, bits / 8);
		return;
	}
	if (thook__v_is_const(r)) {
		v = bits == 16	 ? __builtin_bswap16((uint16_t)v)
		    : bits == 32 ? __builtin_bswap32((uint32_t)v)
				 : __builtin_bswap64(v);
		thook__v_const(r, v);
		return;
	}
	thook__v_unknown(r);
	thook__v_trunc(r, bits / 8);
}

/* 1: always, 0: never, -1: either, for scalars a and b. */
int
thook__v_eval(unsigned rel, const vreg *a, const vreg *b)
{
	int r;

	switch (rel) {
	case REL_EQ:
	case REL_NE:
		if (thook__v_is_const(a) && thook__v_is_const(b))
			r = a->tv == b->tv;
		else if (a->umax < b->umin || b->umax < a->umin ||
			 a->smax < b->smin || b->smax < a->smin ||
			 ((a->tv ^ b->tv) & ~a->tm & ~b->tm) != 0)
			r = 0;
		else
			return -1;
		return rel == REL_EQ ? r : !r;
	case REL_ULT:
	case REL_UGE:
		r = a->umax < b->umin ? 1 : a->umin >= b->umax ? 0 : -1;
		break;
	case REL_ULE:
	case REL_UGT:
		r = a->umax <= b->umin ? 1 : a->umin > b->umax ? 0 : -1;
		break;
	case REL_SLT:
	case REL_SGE:
		r = a->smax < b->smin ? 1 : a->smin >= b->smax ? 0 : -1;
		break;
	case REL_SLE:
	case REL_SGT:
		r = a->smax <= b->smin ? 1 : a->smin > b->smax ? 0 : -1;
		break;
	default: /* REL_SET, REL_NSET */
		r = (a->tv & b->tv) != 0		       ? 1
		    : ((a->tv | a->tm) & (b->tv | b->tm)) == 0 ? 0
							       : -1;
		return r < 0 || rel == REL_SET ? r : !r;
	}
	/* The second of each pair is the negation of the first. */
	return r < 0 || (rel & 1) == 0 ? r : !r;
}

/* a < b (strict) or a <= b, unsigned. */
static void
refine_ult(vreg *a, vreg *b, bool strict)
{
	uint64_t d = strict ? 1 : 0;

	if (b->umax < d || a->umin > ~0ull - d) {
		a->umin = 1, a->umax = 0; /* empty */
		return;
	}
	a->umax = umin2(a->umax, b->umax - d);
	b->umin = umax2(b->umin, a->umin + d);
}

static void
refine_slt(vreg *a, vreg *b, bool strict)
{
	int64_t d = strict ? 1 : 0;

	if (b->smax < INT64_MIN + d || a->smin > INT64_MAX - d) {
		a->smin = 1, a->smax = 0;
		return;
	}
	a->smax = smin2(a->smax, b->smax - d);
	b->smin = smax2(b->smin, a->smin + d);
}

/* Assume 'a rel b' holds; false when it cannot. */
bool
thook__v_refine(unsigned rel, vreg *a, vreg *b)
{
	vreg t;

	switch (rel) {
	case REL_EQ:
		t = *a;
		t.umin = umax2(a->umin, b->umin);
		t.umax = umin2(a->umax, b->umax);
		t.smin = smax2(a->smin, b->smin);
		t.smax = smin2(a->smax, b->smax);
		if (((a->tv ^ b->tv) & ~a->tm & ~b->tm) != 0)
			return false;
		t.tv = a->tv | b->tv;
		t.tm = a->tm & b->tm;
		t.tv &= ~t.tm;
		a->tv = b->tv = t.tv;
		a->tm = b->tm = t.tm;
		a->umin = b->umin = t.umin;
		a->umax = b->umax = t.umax;
		a->smin = b->smin = t.smin;
		a->smax = b->smax = t.smax;
		break;
	case REL_NE:
		/* Only a constant at the edge of the other's range helps. */
		for (int k = 0; k < 2; k++) {
			vreg *x = k ? b : a, *c = k ? a : b;

			if (!thook__v_is_const(c))
				continue;
			if (x->umin == c->tv && x->umin < x->umax)
				x->umin++;
			else if (x->umax == c->tv && x->umin < x->umax)
				x->umax--;
			else if (x->umin == x->umax && x->umin == c->tv)
				return false;
			if (x->smin == s64(c->tv) && x->smin < x->smax)
				x->smin++;
			else if (x->smax == s64(c->tv) && x->smin < x->smax)
				x->smax--;
		}
		break;
	case REL_ULT:
	case REL_ULE:
		refine_ult(a, b, rel == REL_ULT);
		break;
	case REL_UGT:
	case REL_UGE:
		refine_ult(b, a, rel == REL_UGT);
		break;
	case REL_SLT:
	case REL_SLE:
		refine_slt(a, b, rel == REL_SLT);
		break;
	case REL_SGT:
	case REL_SGE:
		refine_slt(b, a, rel == REL_SGT);
		break;
	case REL_SET:
		if (thook__v_is_const(b) && b->tv != 0 &&
		    (b->tv & (b->tv - 1)) == 0) {
			a->tv |= b->tv;
			a->tm &= ~b->tv;
		}
		break;
	default: /* REL_NSET */
		if (thook__v_is_const(b)) {
			a->tv &= ~b->tv;
			a->tm &= ~b->tv;
		}
		break;
	}
	return thook__v_sync(a) && thook__v_sync(b);
}

/* Whether every value 'cur' stands for is one 'old' stands for. */
bool
thook__v_within(const vreg *old, const vreg *cur)
{
	return old->umin <= cur->umin && cur->umax <= old->umax &&
	       old->smin <= cur->smin && cur->smax <= old->smax &&
	       (cur->tm & ~old->tm) == 0 && (cur->tv & ~old->tm) == old->tv;
}
