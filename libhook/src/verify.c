/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The verifier: path-sensitive abstract interpretation of a program, in
 * the manner of the Linux verifier (kernel/bpf/verifier.c): one abstract
 * state is simulated instruction by instruction; at a conditional jump
 * whose outcome is unknown the other side is pushed on a stack of pending
 * states; a path ends at its exit, or where a state stored earlier at the
 * same instruction (a jump target) and fully explored already covers the
 * current one (pruning).  Loops are thus run iteration by iteration;
 * states still being explored are compared for equality to catch a loop
 * that comes back to where it began.
 *
 * Explored states form a tree through 'parent'; 'branches' counts the
 * paths still running below a state (a state is complete at 0).  With
 * the pending stack used last-in first-out, a state that is not complete
 * lies on the current path.
 */
#include "verify_impl.h"

#define NONE	     0xffffffffu
#define PRUNE_POINT  0x80000000u
#define REACHED	     0x40000000u
#define HEAD_MASK    0x3fffffffu
#define PER_INSN_MAX 32u
#define OFF_LIMIT    ((int64_t)1 << 29)
#define NSLOTS	     (THOOK_FRAME_BYTES / 8)

struct vctx {
	const struct thook_insn *insns;
	uint32_t n;
	const struct thook_vcfg *cfg;
	const struct thook__hook_info *hook;
	struct thook_vwork *w;
	struct thook_diag *diag;
	struct thook_vstate *cur;
	uint32_t npend;
	uint32_t nseen;
	uint32_t work;
	uint32_t max_work;
	uint32_t pc;
	struct thook_sb sb;
	char why[THOOK_DIAG_LEN];
};

enum { GO_ON, PATH_END };

static void
set_uninit(vreg *r)
{
	THOOK_MEMSET(r, 0, sizeof(*r));
}

static void
set_ptr(vreg *r, unsigned type, unsigned frame, unsigned map)
{
	thook__v_const(r, 0);
	r->type = (uint8_t)type;
	r->frame = (uint8_t)frame;
	r->map = (uint16_t)map;
}

static bool
is_ptr(const vreg *r)
{
	return r->type >= T_CTX;
}

/* ---- diagnostics ---- */

static void
why_start(struct vctx *v)
{
	thook__sb_init(&v->sb, v->why, sizeof(v->why));
}

static void
put_range(struct thook_sb *sb, const vreg *r, const char *prefix)
{
	if (thook__v_is_const(r)) {
		thook__sb_putd(sb, (int64_t)r->tv);
		return;
	}
	if (r->umin == 0 && r->umax == ~0ull && r->smin == INT64_MIN &&
	    r->smax == INT64_MAX) {
		thook__sb_puts(sb, "unknown");
		return;
	}
	thook__sb_puts(sb, prefix);
	thook__sb_putc(sb, '[');
	if (r->umax <= (uint64_t)INT64_MAX || r->smin >= 0) {
		thook__sb_putd(sb, (int64_t)r->umin);
		thook__sb_puts(sb, ", ");
		if (r->umax <= (uint64_t)INT64_MAX)
			thook__sb_putd(sb, (int64_t)r->umax);
		else
			thook__sb_putx(sb, r->umax);
	} else {
		thook__sb_putd(sb, r->smin);
		thook__sb_puts(sb, ", ");
		thook__sb_putd(sb, r->smax);
	}
	thook__sb_putc(sb, ']');
}

static void
put_reg(struct vctx *v, unsigned regno, const vreg *r)
{
	static const char *const names[] = {
		[T_UNINIT] = "not initialised",
		[T_SCALAR] = "scalar",
		[T_CTX] = "ctx",
		[T_STACK] = "fp",
		[T_MAPVAL] = "map value",
		[T_MAPVAL_OR_NULL] = "map value or NULL",
		[T_MAP] = "map handle",
	};
	struct thook_sb *sb = &v->sb;

	thook__sb_putc(sb, 'r');
	thook__sb_putd(sb, regno);
	thook__sb_puts(sb, " is ");
	thook__sb_puts(sb, names[r->type]);
	if (r->type == T_SCALAR) {
		thook__sb_putc(sb, ' ');
		put_range(sb, r, "in ");
	} else if (is_ptr(r) && r->type != T_MAP) {
		if (!thook__v_is_const(r) || r->smin >= 0)
			thook__sb_putc(sb, '+');
		put_range(sb, r, "");
	}
}

static int
fail(struct vctx *v)
{
	thook__diag_insn(v->diag, v->insns, v->n, v->pc, v->why);
	return -THOOK_ENOEXEC;
}

static int
fail_msg(struct vctx *v, const char *msg)
{
	why_start(v);
	thook__sb_puts(&v->sb, msg);
	return fail(v);
}

static int
fail_reg(struct vctx *v, unsigned regno, const char *msg)
{
	why_start(v);
	put_reg(v, regno, &v->cur->r[regno]);
	thook__sb_puts(&v->sb, msg);
	return fail(v);
}

static int
need_init(struct vctx *v, unsigned regno)
{
	if (v->cur->r[regno].type == T_UNINIT)
		return fail_reg(v, regno, " (read before written)");
	return 0;
}

static int
need_scalar(struct vctx *v, unsigned regno, const char *msg)
{
	int err = need_init(v, regno);

	if (err == 0 && v->cur->r[regno].type != T_SCALAR)
		return fail_reg(v, regno, msg);
	return err;
}

/* ---- states ---- */

static void
copy_state(struct thook_vstate *d, const struct thook_vstate *s)
{
	THOOK_MEMCPY(d->r, s->r, sizeof(d->r));
	THOOK_MEMCPY(d->f, s->f, sizeof(d->f[0]) * (s->depth + 1));
	d->pc = s->pc;
	d->depth = s->depth;
	d->next_id = s->next_id;
	d->parent = s->parent;
	d->branches = s->branches;
	d->next = s->next;
}

static bool
reg_equal(const vreg *a, const vreg *b)
{
	if (a->type != b->type)
		return false;
	return a->type == T_UNINIT || THOOK_MEMCMP(a, b, sizeof(*a)) == 0;
}

/* Whether every concrete state 'cur' stands for is one of 'old'. */
static bool
reg_within(const vreg *old, const vreg *cur)
{
	if (old->type == T_UNINIT)
		return true; /* the explored path never read it */
	if (old->type != cur->type || old->frame != cur->frame ||
	    old->map != cur->map || old->id != cur->id)
		return false;
	return thook__v_within(old, cur);
}

static bool
frame_cmp(const struct thook__vframe *a, const struct thook__vframe *b,
	  bool exact)
{
	if (a->ret != b->ret)
		return false;
	for (unsigned k = 0; k < 4; k++)
		if (exact ? !reg_equal(&a->saved[k], &b->saved[k])
			  : !reg_within(&a->saved[k], &b->saved[k]))
			return false;
	for (unsigned s = 0; s < NSLOTS; s++) {
		if (exact) {
			if (a->init[s] != b->init[s] ||
			    a->spill[s] != b->spill[s] ||
			    (a->spill[s] &&
			     !reg_equal(&a->slot[s], &b->slot[s])))
				return false;
			continue;
		}
		if ((a->init[s] & b->init[s]) != a->init[s])
			return false;
		if (a->spill[s]) {
			if (!b->spill[s] ||
			    !reg_within(&a->slot[s], &b->slot[s]))
				return false;
		} else if (b->spill[s] && b->slot[s].type != T_SCALAR &&
			   a->init[s] != 0) {
			return false;
		}
	}
	return true;
}

static bool
state_cmp(const struct thook_vstate *a, const struct thook_vstate *b,
	  bool exact)
{
	if (a->depth != b->depth)
		return false;
	for (unsigned k = 0; k < THOOK_NREGS; k++)
		if (exact ? !reg_equal(&a->r[k], &b->r[k])
			  : !reg_within(&a->r[k], &b->r[k]))
			return false;
	for (uint32_t d = 0; d <= a->depth; d++)
		if (!frame_cmp(&a->f[d], &b->f[d], exact))
			return false;
	return true;
}

/* A path ended: the states above it have one running path less. */
static void
path_done(struct vctx *v, uint32_t p)
{
	while (p != NONE) {
		struct thook_vstate *s = &v->w->seen[p];

		if (--s->branches > 0)
			break;
		p = s->parent;
	}
}

/* At a jump target: prune, detect an infinite loop, or remember. */
static int
check_seen(struct vctx *v)
{
	uint32_t *head = &v->w->heads[v->pc], idx, count = 0;
	struct thook_vstate *s;

	for (idx = *head & HEAD_MASK; idx != 0; idx = s->next, count++) {
		s = &v->w->seen[idx - 1];
		if (s->branches > 0) {
			if (state_cmp(s, v->cur, true))
				return fail_msg(v, "infinite loop: the same "
						   "state comes back to this "
						   "instruction");
		} else if (state_cmp(s, v->cur, false)) {
			return PATH_END;
		}
	}
	if (v->nseen < v->w->nseen && count < PER_INSN_MAX) {
		s = &v->w->seen[v->nseen];
		copy_state(s, v->cur);
		s->parent = v->cur->parent;
		s->branches = 1;
		s->next = *head & HEAD_MASK;
		*head = (*head & ~HEAD_MASK) | (v->nseen + 1);
		v->cur->parent = v->nseen++;
	}
	return GO_ON;
}

/* Push a copy of the current state to continue at 'pc' later. */
static int
push(struct vctx *v, uint32_t pc, struct thook_vstate **out)
{
	struct thook_vstate *s;

	if (v->npend + 1 >= v->w->npending) {
		why_start(v);
		thook__sb_puts(&v->sb, "more than ");
		thook__sb_putd(&v->sb, v->w->npending - 1);
		thook__sb_puts(&v->sb, " pending branches");
		(void)fail(v);
		return -THOOK_ENOSPC;
	}
	s = &v->w->pending[++v->npend];
	copy_state(s, v->cur);
	s->pc = pc;
	if (v->cur->parent != NONE)
		v->w->seen[v->cur->parent].branches++;
	*out = s;
	return 0;
}

/* ---- memory ---- */

static void
load_result(vreg *dst, unsigned size, bool sx)
{
	thook__v_unknown(dst);
	if (sx)
		thook__v_sext(dst, size);
	else
		thook__v_trunc(dst, size);
}

/* Offsets [lo, hi) an access of 'size' at insn offset 'off' may touch. */
static int
span(struct vctx *v, unsigned regno, int32_t off, unsigned size, int64_t *lo,
     int64_t *hi)
{
	const vreg *r = &v->cur->r[regno];

	if (r->smin < -OFF_LIMIT || r->smax > OFF_LIMIT)
		return fail_reg(v, regno, ": offset not bounded");
	*lo = r->smin + off;
	*hi = r->smax + off + (int64_t)size;
	return 0;
}

static int
fail_span(struct vctx *v, unsigned regno, int32_t off, unsigned size,
	  const char *what, int64_t limit)
{
	why_start(v);
	put_reg(v, regno, &v->cur->r[regno]);
	thook__sb_puts(&v->sb, ", access of size ");
	thook__sb_putd(&v->sb, size);
	thook__sb_puts(&v->sb, " at ");
	thook__sb_putd(&v->sb, off);
	thook__sb_puts(&v->sb, what);
	thook__sb_putd(&v->sb, limit);
	return fail(v);
}

enum { ACC_READ, ACC_WRITE, ACC_ATOMIC };

/* Whether the stack bytes [lo, hi) of frame f are all written, with no
 * spilled pointer among them. */
static int
stack_readable(struct vctx *v, const struct thook__vframe *f, int64_t lo,
	       int64_t hi)
{
	for (int64_t b = lo; b < hi; b++) {
		unsigned at = (unsigned)(b + THOOK_FRAME_BYTES);

		if (!(f->init[at / 8] & (1u << (at % 8)))) {
			why_start(v);
			thook__sb_puts(&v->sb, "reads stack byte fp");
			thook__sb_putd(&v->sb, b);
			thook__sb_puts(&v->sb, " before it is written");
			return fail(v);
		}
		if (f->spill[at / 8] && f->slot[at / 8].type != T_SCALAR)
			return fail_msg(v, "reads part of a spilled pointer");
	}
	return 0;
}

static int
access_stack(struct vctx *v, unsigned regno, int32_t off, unsigned size,
	     unsigned acc, const vreg *val, vreg *dst, bool sx)
{
	const vreg *r = &v->cur->r[regno];
	struct thook__vframe *f = &v->cur->f[r->frame];
	int64_t lo = 0, hi = 0;
	unsigned s;
	int err;

	if ((err = span(v, regno, off, size, &lo, &hi)) != 0)
		return err;
	if (lo < -THOOK_FRAME_BYTES || hi > 0)
		return fail_span(v, regno, off, size,
				 " is outside the stack frame of ",
				 THOOK_FRAME_BYTES);
	if (acc == ACC_ATOMIC &&
	    (!thook__v_is_const(r) || (lo & (int64_t)(size - 1)) != 0))
		return fail_reg(v, regno, ": atomic access not aligned");
	if (acc == ACC_READ && size == 8 && thook__v_is_const(r) &&
	    (lo & 7) == 0 && f->spill[(lo + THOOK_FRAME_BYTES) / 8]) {
		*dst = f->slot[(lo + THOOK_FRAME_BYTES) / 8];
		return 0;
	}
	if (acc != ACC_WRITE) {
		if ((err = stack_readable(v, f, lo, hi)) != 0)
			return err;
		load_result(dst, size, sx);
		if (acc == ACC_READ)
			return 0;
	}
	/* A store (or the write half of an atomic operation). */
	for (int64_t b = lo; b < hi; b++) {
		s = (unsigned)(b + THOOK_FRAME_BYTES) / 8;
		if (f->spill[s] && f->slot[s].type != T_SCALAR &&
		    !(size == 8 && (lo & 7) == 0 && thook__v_is_const(r)))
			return fail_msg(
				v, "partial overwrite of a spilled pointer");
	}
	if (!thook__v_is_const(r)) {
		if (is_ptr(val))
			return fail_reg(v, regno,
					": stores a pointer at a variable "
					"stack offset");
		for (int64_t b = lo; b < hi; b++)
			f->spill[(unsigned)(b + THOOK_FRAME_BYTES) / 8] = 0;
		return 0;
	}
	if (is_ptr(val) && (size != 8 || (lo & 7) != 0 || acc == ACC_ATOMIC))
		return fail_msg(v, "partial store of a pointer");
	s = (unsigned)(lo + THOOK_FRAME_BYTES) / 8;
	if (size == 8 && (lo & 7) == 0 && acc == ACC_WRITE) {
		f->spill[s] = 1;
		f->slot[s] = *val;
		f->init[s] = 0xff;
		return 0;
	}
	for (int64_t b = lo; b < hi; b++) {
		unsigned at = (unsigned)(b + THOOK_FRAME_BYTES);

		f->init[at / 8] = (uint8_t)(f->init[at / 8] | (1u << (at % 8)));
		f->spill[at / 8] = 0;
	}
	return 0;
}

/* Check a load, store or atomic operation through register 'regno'. */
static int
access_mem(struct vctx *v, unsigned regno, int32_t off, unsigned size,
	   unsigned acc, const vreg *val, vreg *dst, bool sx)
{
	const vreg *r = &v->cur->r[regno];
	int64_t lo = 0, hi = 0, lim;
	int err;

	if ((err = need_init(v, regno)) != 0)
		return err;
	switch (r->type) {
	case T_STACK:
		return access_stack(v, regno, off, size, acc, val, dst, sx);
	case T_CTX:
		if (acc == ACC_ATOMIC)
			return fail_reg(v, regno,
					": atomic operation on the context");
		if ((err = span(v, regno, off, size, &lo, &hi)) != 0)
			return err;
		if (val != NULL && is_ptr(val))
			return fail_msg(v, "stores a pointer into the context");
		lim = v->hook->ctx_size;
		if (lo < 0 || hi > lim)
			return fail_span(v, regno, off, size, " exceeds ", lim);
		if (acc == ACC_WRITE &&
		    (lo < v->hook->wr_lo || hi > v->hook->wr_hi))
			return fail_span(v, regno, off, size,
					 " writes a read-only field of ", lim);
		break;
	case T_MAPVAL:
		if ((err = span(v, regno, off, size, &lo, &hi)) != 0)
			return err;
		if (val != NULL && is_ptr(val))
			return fail_msg(v, "stores a pointer into a map value "
					   "(pointer leak)");
		lim = v->cfg->maps[r->map]->value_size;
		if (lo < 0 || hi > lim)
			return fail_span(v, regno, off, size,
					 " exceeds the map value size ", lim);
		if (acc == ACC_ATOMIC &&
		    ((r->tm & (size - 1)) != 0 ||
		     ((r->tv + (uint64_t)(int64_t)off) & (size - 1)) != 0))
			return fail_reg(v, regno,
					": atomic access not aligned");
		break;
	case T_MAPVAL_OR_NULL:
		return fail_reg(v, regno,
				": compare it with 0 before the access");
	default:
		return fail_reg(v, regno, ": memory access needs a pointer");
	}
	if (dst != NULL)
		load_result(dst, size, sx);
	return 0;
}

/* ---- instructions ---- */

static unsigned
mem_size(unsigned kind)
{
	static const uint8_t sizes[] = {1, 2, 4, 8, 1, 2, 4};

	if (kind >= K_LDXB && kind <= K_LDXSW)
		return sizes[kind - K_LDXB];
	if (kind >= K_STB && kind <= K_STDW)
		return 1u << (kind - K_STB);
	if (kind >= K_STXB && kind <= K_STXDW)
		return 1u << (kind - K_STXB);
	return kind >= K_AADD64 ? 8 : 4;
}

static int
do_alu(struct vctx *v, const struct thook_op *op)
{
	const struct thook_kind_info *k = &thook__kinds[op->kind];
	unsigned opc = k->code & OP_MASK;
	bool alu32 = THOOK_CLASS(k->code) == THOOK_ALU;
	vreg *d = &v->cur->r[op->dst], b;
	int err;

	if (k->x) {
		if ((err = need_init(v, op->src)) != 0)
			return err;
		b = v->cur->r[op->src];
	} else {
		thook__v_const(&b, op->imm);
	}
	if (opc == OP_MOV && k->off == 0) {
		if (alu32 && is_ptr(&b))
			return fail_reg(v, op->src,
					": 32-bit move of a pointer");
		*d = b;
		if (alu32)
			thook__v_trunc(d, 4);
		return 0;
	}
	if (opc == OP_MOV) { /* movsx */
		if (is_ptr(&b))
			return fail_reg(v, op->src,
					": sign extension of a "
					"pointer");
		*d = b;
		thook__v_sext(d, (unsigned)k->off / 8);
		if (alu32)
			thook__v_trunc(d, 4);
		return 0;
	}
	if ((err = need_init(v, op->dst)) != 0)
		return err;
	if (!is_ptr(d) && !is_ptr(&b)) {
		if (alu32)
			thook__v_alu32(opc, d, &b, k->off != 0);
		else
			thook__v_alu(opc, d, &b, k->off != 0);
		return 0;
	}
	/* Pointer arithmetic: 64-bit add or sub of a scalar. */
	if (alu32)
		return fail_reg(v, is_ptr(d) ? op->dst : op->src,
				": 32-bit arithmetic on a pointer");
	if (opc == OP_SUB && is_ptr(d) && is_ptr(&b) && d->type == b.type &&
	    d->type != T_MAP && d->type != T_MAPVAL_OR_NULL &&
	    d->frame == b.frame && d->map == b.map) {
		thook__v_unknown(d); /* distance between two pointers */
		return 0;
	}
	if ((opc != OP_ADD && opc != OP_SUB) || (is_ptr(d) && is_ptr(&b)) ||
	    (opc == OP_SUB && !is_ptr(d)))
		return fail_reg(v, is_ptr(d) ? op->dst : op->src,
				": only a scalar may be added to or "
				"subtracted from a pointer");
	if (!is_ptr(d)) { /* scalar + pointer */
		vreg t = *d;

		*d = b;
		b = t;
	}
	if (d->type == T_MAP || d->type == T_MAPVAL_OR_NULL)
		return fail_reg(v,
				is_ptr(&v->cur->r[op->dst]) ? op->dst : op->src,
				": arithmetic on a map handle or a pointer "
				"that may be NULL");
	{
		uint8_t type = d->type, frame = d->frame;
		uint16_t map = d->map;

		thook__v_alu(opc, d, &b, false);
		d->type = type, d->frame = frame, d->map = map;
	}
	if (d->smin < -OFF_LIMIT || d->smax > OFF_LIMIT)
		return fail_reg(v, op->dst, ": pointer offset not bounded");
	return 0;
}

static int
do_unary(struct vctx *v, const struct thook_op *op)
{
	vreg *d = &v->cur->r[op->dst], zero;
	int err;

	if ((err = need_init(v, op->dst)) != 0)
		return err;
	if (is_ptr(d))
		return fail_reg(v, op->dst, ": not allowed on a pointer");
	switch (op->kind) {
	case K_NEG64:
	case K_NEG32:
		thook__v_const(&zero, 0);
		if (op->kind == K_NEG32)
			thook__v_alu32(OP_NEG, d, &zero, false);
		else
			thook__v_alu(OP_NEG, d, &zero, false);
		break;
	default: {
		static const uint8_t bits[] = {16, 32, 64};
		unsigned idx = ((unsigned)op->kind - K_LE16) % 3;

		thook__v_bswap(d, bits[idx], op->kind >= K_BE16);
		break;
	}
	}
	return 0;
}

static int
do_load_store(struct vctx *v, const struct thook_op *op)
{
	unsigned kind = op->kind, size = mem_size(kind);
	vreg val, dst;
	int err;

	if (kind >= K_LDXB && kind <= K_LDXSW) {
		if ((err = access_mem(v, op->src, op->off, size, ACC_READ, NULL,
				      &dst, kind >= K_LDXSB)) != 0)
			return err;
		v->cur->r[op->dst] = dst;
		return 0;
	}
	if (kind >= K_STB && kind <= K_STDW) {
		thook__v_const(&val, op->imm);
		if (size < 8)
			thook__v_trunc(&val, size);
	} else {
		if ((err = need_init(v, op->src)) != 0)
			return err;
		val = v->cur->r[op->src];
	}
	return access_mem(v, op->dst, op->off, size, ACC_WRITE, &val, NULL,
			  false);
}

static int
do_atomic(struct vctx *v, const struct thook_op *op)
{
	unsigned size = mem_size(op->kind);
	int32_t imm = thook__kinds[op->kind].imm;
	vreg dst;
	int err;

	if ((err = need_scalar(v, op->src,
			       ": atomic operand must be a "
			       "scalar")) != 0)
		return err;
	if (imm == ATOMIC_CMPXCHG &&
	    (err = need_scalar(v, 0,
			       ": cmpxchg compares with r0, which "
			       "must be a scalar")) != 0)
		return err;
	if ((err = access_mem(v, op->dst, op->off, size, ACC_ATOMIC,
			      &v->cur->r[op->src], &dst, false)) != 0)
		return err;
	if (imm == ATOMIC_CMPXCHG)
		v->cur->r[0] = dst;
	else if (imm & ATOMIC_FETCH)
		v->cur->r[op->src] = dst;
	return 0;
}

static int
do_lddw(struct vctx *v, const struct thook_op *op)
{
	vreg *d = &v->cur->r[op->dst];

	if (op->src == 0) {
		thook__v_const(d, op->imm);
		return 0;
	}
	if (op->imm >= v->cfg->nmaps) {
		why_start(v);
		thook__sb_puts(&v->sb, "map ");
		thook__sb_putd(&v->sb, (int64_t)op->imm);
		thook__sb_puts(&v->sb, " is outside the map table of ");
		thook__sb_putd(&v->sb, v->cfg->nmaps);
		return fail(v);
	}
	set_ptr(d, T_MAP, 0, (unsigned)op->imm);
	return 0;
}

/* A helper argument pointing to 'size' bytes the helper reads. */
static int
mem_arg(struct vctx *v, unsigned regno, uint64_t size)
{
	const vreg *r = &v->cur->r[regno];
	int64_t lo = 0, hi = 0;
	int err;

	if (r->type == T_STACK) {
		if (!thook__v_is_const(r))
			return fail_reg(v, regno,
					": helper memory needs a "
					"constant stack offset");
		if (size > THOOK_FRAME_BYTES ||
		    (int64_t)r->tv + (int64_t)size > 0 ||
		    r->smin < -THOOK_FRAME_BYTES)
			return fail_span(v, regno, 0, (unsigned)size,
					 " is outside the stack frame of ",
					 THOOK_FRAME_BYTES);
		return stack_readable(v, &v->cur->f[r->frame], r->smin,
				      r->smin + (int64_t)size);
	}
	if (r->type == T_MAPVAL) {
		if ((err = span(v, regno, 0, (unsigned)size, &lo, &hi)) != 0)
			return err;
		if (lo < 0 || size > THOOK_MAP_MAX_SIZE ||
		    hi > v->cfg->maps[r->map]->value_size)
			return fail_span(v, regno, 0, (unsigned)size,
					 " exceeds the map value size ",
					 v->cfg->maps[r->map]->value_size);
		return 0;
	}
	return fail_reg(v, regno,
			": helper argument needs a pointer to "
			"the stack or a map value");
}

static int
do_helper(struct vctx *v, const struct thook_op *op)
{
	const struct thook_helper_proto *p = NULL;
	const struct thook_map *map = NULL;
	unsigned map_idx = 0;
	vreg *r;
	int err;

	for (uint32_t k = 0; k < v->cfg->nhelpers; k++)
		if (p == NULL && v->cfg->helpers[k].id == op->imm &&
		    v->cfg->helpers[k].fn != NULL)
			p = &v->cfg->helpers[k];
	why_start(v);
	if (p == NULL || (p->hooks & (1u << v->cfg->hook)) == 0) {
		thook__sb_puts(&v->sb, "helper ");
		thook__sb_putd(&v->sb, (int64_t)op->imm);
		if (p != NULL) {
			thook__sb_puts(&v->sb, " (");
			thook__sb_puts(&v->sb, p->name);
			thook__sb_puts(&v->sb, ") is not allowed at hook ");
			thook__sb_puts(&v->sb, v->hook->name);
		} else {
			thook__sb_puts(&v->sb, " is unknown");
		}
		return fail(v);
	}
	for (unsigned a = 0; a < 5; a++) {
		unsigned t = p->args[a], regno = a + 1;

		r = &v->cur->r[regno];
		if (t == THOOK_ARG_NONE)
			continue;
		if ((err = need_init(v, regno)) != 0)
			return err;
		switch (t) {
		case THOOK_ARG_CTX:
			if (r->type != T_CTX || !thook__v_is_const(r) ||
			    r->tv != 0)
				return fail_reg(v, regno,
						": expected the "
						"context pointer");
			break;
		case THOOK_ARG_MAP:
			if (r->type != T_MAP)
				return fail_reg(v, regno,
						": expected a map handle");
			map_idx = r->map;
			map = v->cfg->maps[map_idx];
			break;
		case THOOK_ARG_MAP_KEY:
		case THOOK_ARG_MAP_VALUE:
			if (map == NULL)
				return fail_msg(v, "helper declares a map key "
						   "or value without a map");
			err = mem_arg(v, regno,
				      t == THOOK_ARG_MAP_KEY ? map->key_size
							     : map->value_size);
			if (err != 0)
				return err;
			break;
		case THOOK_ARG_MEM:
			if (a == 4 || p->args[a + 1] != THOOK_ARG_SIZE)
				return fail_msg(v, "helper declares memory "
						   "without a size");
			if ((err = need_scalar(v, regno + 1,
					       ": expected a size")) != 0)
				return err;
			if (v->cur->r[regno + 1].umax > THOOK_FRAME_BYTES)
				return fail_reg(v, regno + 1,
						": size not bounded by 512");
			if (v->cur->r[regno + 1].umax > 0 &&
			    (err = mem_arg(v, regno,
					   v->cur->r[regno + 1].umax)) != 0)
				return err;
			break;
		default: /* THOOK_ARG_SCALAR, THOOK_ARG_SIZE */
			if (r->type != T_SCALAR)
				return fail_reg(v, regno,
						": expected a scalar");
			break;
		}
	}
	r = &v->cur->r[0];
	if (p->ret == THOOK_RET_MAP_VALUE_OR_NULL) {
		if (map == NULL)
			return fail_msg(v, "helper returns a map value "
					   "without a map argument");
		set_ptr(r, T_MAPVAL_OR_NULL, 0, map_idx);
		r->id = ++v->cur->next_id;
	} else {
		thook__v_unknown(r);
	}
	for (unsigned k = 1; k <= 5; k++)
		set_uninit(&v->cur->r[k]);
	return 0;
}

static int
do_call_local(struct vctx *v, const struct thook_op *op)
{
	struct thook_vstate *s = v->cur;
	struct thook__vframe *f;

	if (s->depth + 1 >= THOOK_MAX_FRAMES)
		return fail_msg(v, "local calls nested deeper than 8 frames");
	f = &s->f[s->depth];
	for (unsigned k = 0; k < 4; k++)
		f->saved[k] = s->r[6 + k];
	f->ret = v->pc + 1;
	s->depth++;
	f = &s->f[s->depth];
	THOOK_MEMSET(f->init, 0, sizeof(f->init));
	THOOK_MEMSET(f->spill, 0, sizeof(f->spill));
	f->ret = 0;
	for (unsigned k = 0; k < 4; k++)
		set_uninit(&f->saved[k]);
	set_uninit(&s->r[0]);
	for (unsigned k = 6; k <= 9; k++)
		set_uninit(&s->r[k]);
	set_ptr(&s->r[10], T_STACK, s->depth, 0);
	v->pc = (uint32_t)op->off;
	return 0;
}

static int
do_exit(struct vctx *v)
{
	struct thook_vstate *s = v->cur;
	const vreg *r0 = &s->r[0];
	int err;

	if ((err = need_init(v, 0)) != 0)
		return err;
	if (s->depth > 0) {
		if (r0->type == T_STACK && r0->frame == s->depth)
			return fail_reg(v, 0,
					": returns a pointer to its own "
					"stack frame");
		for (uint32_t d = 0; d < s->depth; d++)
			for (unsigned k = 0; k < NSLOTS; k++)
				if (s->f[d].spill[k] &&
				    s->f[d].slot[k].type == T_STACK &&
				    s->f[d].slot[k].frame == s->depth)
					return fail_msg(
						v, "a pointer to the returning "
						   "frame stays on the stack");
		s->depth--;
		for (unsigned k = 0; k < 4; k++) {
			s->r[6 + k] = s->f[s->depth].saved[k];
			set_uninit(&s->f[s->depth].saved[k]);
		}
		v->pc = s->f[s->depth].ret;
		s->f[s->depth].ret = 0;
		for (unsigned k = 1; k <= 5; k++)
			set_uninit(&s->r[k]);
		set_ptr(&s->r[10], T_STACK, s->depth, 0);
		return GO_ON;
	}
	if (r0->type != T_SCALAR)
		return fail_reg(v, 0, " at exit: a pointer would leak");
	if (r0->umin < v->hook->ret_min || r0->umax > v->hook->ret_max) {
		why_start(v);
		put_reg(v, 0, r0);
		thook__sb_puts(&v->sb, " at exit; hook ");
		thook__sb_puts(&v->sb, v->hook->name);
		thook__sb_puts(&v->sb, " allows [");
		thook__sb_putd(&v->sb, (int64_t)v->hook->ret_min);
		thook__sb_puts(&v->sb, ", ");
		thook__sb_putd(&v->sb, (int64_t)v->hook->ret_max);
		thook__sb_putc(&v->sb, ']');
		return fail(v);
	}
	return PATH_END;
}

static unsigned
rel_of(unsigned kind)
{
	static const uint8_t rels[] = {
		REL_EQ,	 REL_UGT, REL_UGE, REL_SET, REL_NE,  REL_SGT,
		REL_SGE, REL_ULT, REL_ULE, REL_SLT, REL_SLE,
	};

	return rels[(kind - K_JEQ64_K) / 4];
}

/* Null checks: every copy of the pointer (same id) learns the outcome. */
static void
mark_one(vreg *r, uint32_t id, bool null)
{
	if (r->type != T_MAPVAL_OR_NULL || r->id != id)
		return;
	if (null) {
		thook__v_const(r, 0);
	} else {
		r->type = T_MAPVAL;
		r->id = 0;
	}
}

static void
mark_null(struct thook_vstate *s, uint32_t id, bool null)
{
	for (unsigned k = 0; k < THOOK_NREGS; k++)
		mark_one(&s->r[k], id, null);
	for (uint32_t d = 0; d <= s->depth; d++) {
		for (unsigned k = 0; k < 4; k++)
			mark_one(&s->f[d].saved[k], id, null);
		for (unsigned k = 0; k < NSLOTS; k++)
			if (s->f[d].spill[k])
				mark_one(&s->f[d].slot[k], id, null);
	}
}

static int
do_jcond(struct vctx *v, const struct thook_op *op)
{
	const struct thook_kind_info *k = &thook__kinds[op->kind];
	bool j32 = THOOK_CLASS(k->code) == THOOK_JMP32;
	unsigned rel = rel_of(op->kind);
	struct thook_vstate *t;
	vreg a, b, *ra = &v->cur->r[op->dst], *rb = NULL;
	int taken, err;

	if ((err = need_init(v, op->dst)) != 0)
		return err;
	if (k->x) {
		if ((err = need_init(v, op->src)) != 0)
			return err;
		rb = &v->cur->r[op->src];
		b = *rb;
	} else {
		thook__v_const(&b, op->imm);
	}
	a = *ra;
	if (is_ptr(&a) || is_ptr(&b)) {
		/* Only "is this possibly-NULL pointer NULL?" is decided. */
		bool null_test = a.type == T_MAPVAL_OR_NULL && !j32 &&
				 b.type == T_SCALAR && thook__v_is_const(&b) &&
				 b.tv == 0 && (rel == REL_EQ || rel == REL_NE);

		bool same = a.type == b.type && a.frame == b.frame &&
			    a.map == b.map && a.type != T_MAPVAL_OR_NULL;

		if (!null_test && !same)
			return fail_reg(v, is_ptr(&a) ? op->dst : op->src,
					": pointers may only be compared with "
					"pointers into the same object, or a "
					"possibly NULL one with 0");
		if ((err = push(v, (uint32_t)op->off, &t)) != 0)
			return err;
		if (null_test) {
			mark_null(t, a.id, rel == REL_EQ);
			mark_null(v->cur, a.id, rel != REL_EQ);
		}
		v->pc++;
		return GO_ON;
	}
	if (j32) {
		/* Refine only when 32-bit and 64-bit views agree. */
		bool sgn = rel >= REL_SLT && rel <= REL_SGT;
		uint64_t lim = sgn ? 0x7fffffffull : 0xffffffffull;
		vreg a32 = a, b32 = b;

		thook__v_trunc(&a32, 4);
		thook__v_trunc(&b32, 4);
		if (sgn) {
			thook__v_sext(&a32, 4);
			thook__v_sext(&b32, 4);
		}
		taken = thook__v_eval(rel, &a32, &b32);
		if (a.umax > lim || b.umax > lim) {
			if (taken < 0) {
				if ((err = push(v, (uint32_t)op->off, &t)) != 0)
					return err;
				v->pc++;
			} else {
				v->pc = taken ? (uint32_t)op->off : v->pc + 1;
			}
			return GO_ON;
		}
	} else {
		taken = thook__v_eval(rel, &a, &b);
	}
	if (taken >= 0) {
		v->pc = taken ? (uint32_t)op->off : v->pc + 1;
		return GO_ON;
	}
	{
		vreg ta = a, tb = b;

		if ((err = push(v, (uint32_t)op->off, &t)) != 0)
			return err;
		/* Both sides are possible, so both refinements succeed. */
		(void)thook__v_refine(rel, &ta, &tb);
		t->r[op->dst] = ta;
		if (rb != NULL)
			t->r[op->src] = tb;
		(void)thook__v_refine(rel ^ 1u, &a, &b);
		*ra = a;
		if (rb != NULL)
			*rb = b;
	}
	if (rb != NULL && op->src == op->dst)
		*ra = a;
	v->pc++;
	return GO_ON;
}

/* Simulate the instruction at v->pc. */
static int
step(struct vctx *v)
{
	struct thook_op op;
	const char *why;
	int len = thook__decode(v->insns, v->n, v->pc, true, &op, &why);
	int err;

	THOOK_ASSERT(len > 0);
	switch (thook__kinds[op.kind].fmt) {
	case F_ALU:
		err = do_alu(v, &op);
		break;
	case F_UNARY:
		err = do_unary(v, &op);
		break;
	case F_LDX:
	case F_ST:
	case F_STX:
		err = do_load_store(v, &op);
		break;
	case F_ATOMIC:
		err = do_atomic(v, &op);
		break;
	case F_LDDW:
		err = do_lddw(v, &op);
		break;
	case F_JA:
	case F_JA32:
		v->pc = (uint32_t)op.off;
		return GO_ON;
	case F_JCOND:
		return do_jcond(v, &op);
	case F_CALL:
		err = do_helper(v, &op);
		break;
	case F_CALL_LOCAL:
		return do_call_local(v, &op);
	default:
		return do_exit(v);
	}
	if (err == 0)
		v->pc += (uint32_t)len;
	return err;
}

/* ---- control-flow graph ---- */

/* Mark jump targets as prune points; reject unreachable instructions. */
static int
check_cfg(struct vctx *v)
{
	uint32_t *h = v->w->heads, succ[2], ns, i;
	struct thook_op op;
	const char *why;
	bool again = true;
	int len;

	THOOK_MEMSET(h, 0, sizeof(*h) * v->n);
	h[0] = REACHED;
	while (again) {
		again = false;
		for (i = 0; i < v->n; i += (uint32_t)len) {
			len = thook__decode(v->insns, v->n, i, true, &op, &why);
			if (!(h[i] & REACHED))
				continue;
			if (++v->work > v->max_work)
				return fail_msg(v, "verification work bound "
						   "exceeded by the control-"
						   "flow check");
			ns = 0;
			switch (thook__kinds[op.kind].fmt) {
			case F_JA:
			case F_JA32:
				succ[ns++] = (uint32_t)op.off;
				break;
			case F_JCOND:
			case F_CALL_LOCAL:
				succ[ns++] = (uint32_t)op.off;
				succ[ns++] = i + 1;
				break;
			case F_EXIT:
				break;
			default:
				succ[ns++] = i + (uint32_t)len;
				break;
			}
			for (uint32_t k = 0; k < ns; k++) {
				if (k == 0 && ns == 2)
					h[succ[k]] |= PRUNE_POINT;
				if (thook__kinds[op.kind].fmt == F_JA ||
				    thook__kinds[op.kind].fmt == F_JA32)
					h[succ[k]] |= PRUNE_POINT;
				if (h[succ[k]] & REACHED)
					continue;
				h[succ[k]] |= REACHED;
				if (succ[k] < i)
					again = true;
			}
		}
	}
	for (i = 0; i < v->n; i += (uint32_t)len) {
		len = thook__decode(v->insns, v->n, i, true, &op, &why);
		if (!(h[i] & REACHED)) {
			v->pc = i;
			return fail_msg(v, "unreachable instruction");
		}
		h[i] &= ~REACHED;
	}
	return 0;
}

static void
init_state(struct thook_vstate *s)
{
	THOOK_MEMSET(s->r, 0, sizeof(s->r));
	THOOK_MEMSET(&s->f[0], 0, sizeof(s->f[0]));
	set_ptr(&s->r[1], T_CTX, 0, 0);
	set_ptr(&s->r[10], T_STACK, 0, 0);
	s->pc = 0;
	s->depth = 0;
	s->next_id = 0;
	s->parent = NONE;
	s->branches = 0;
	s->next = 0;
}

static int
bad_args(const struct thook_vcfg *cfg, const struct thook_vwork *w, uint32_t n)
{
	if (cfg == NULL || w == NULL || cfg->hook >= THOOK_HOOK_COUNT ||
	    (cfg->nmaps > 0 && cfg->maps == NULL) ||
	    (cfg->nhelpers > 0 && cfg->helpers == NULL) || w->pending == NULL ||
	    w->npending == 0 || w->heads == NULL || w->nheads < n ||
	    (w->nseen > 0 && w->seen == NULL))
		return -THOOK_EINVAL;
	for (uint32_t k = 0; k < cfg->nmaps; k++)
		if (cfg->maps[k] == NULL)
			return -THOOK_EINVAL;
	return 0;
}

int
thook_verify(const struct thook_insn *insns, uint32_t n,
	     const struct thook_vcfg *cfg, struct thook_vwork *work,
	     struct thook_diag *diag)
{
	struct vctx v;
	int err;

	if (bad_args(cfg, work, n) != 0)
		return -THOOK_EINVAL;
	work->processed = 0;
	if ((err = thook_validate(insns, n, diag)) != 0)
		return err;
	THOOK_MEMSET(&v, 0, sizeof(v));
	v.insns = insns;
	v.n = n;
	v.cfg = cfg;
	v.hook = &thook__hooks[cfg->hook];
	v.w = work;
	v.diag = diag;
	v.max_work = cfg->max_work != 0 ? cfg->max_work : THOOK_VERIFY_WORK;
	if ((err = check_cfg(&v)) != 0)
		goto out;
	v.cur = &work->pending[0];
	init_state(v.cur);
	for (;;) {
		v.pc = v.cur->pc;
		if (++v.work > v.max_work) {
			why_start(&v);
			thook__sb_puts(&v.sb, "verification work bound of ");
			thook__sb_putd(&v.sb, v.max_work);
			thook__sb_puts(&v.sb, " instructions exceeded (loop "
					      "without a proven bound?)");
			err = fail(&v);
			goto out;
		}
		err = GO_ON;
		if (work->heads[v.pc] & PRUNE_POINT)
			err = check_seen(&v);
		if (err == GO_ON)
			err = step(&v);
		if (err < 0)
			goto out;
		if (err == GO_ON) {
			v.cur->pc = v.pc;
			continue;
		}
		path_done(&v, v.cur->parent);
		if (v.npend == 0)
			break;
		copy_state(v.cur, &work->pending[v.npend--]);
	}
	err = 0;
out:
	work->processed = v.work;
	return err;
}
