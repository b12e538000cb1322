/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BTF, the BPF Type Format (Linux Documentation/bpf/btf.rst), read as far
 * as map definitions in a `.maps` section need it.  Such a definition is
 * an anonymous struct whose members carry the attributes in their types,
 * as libbpf's bpf_helpers.h writes them:
 *
 *   __uint(name, N)   int (*name)[N]      the number is the array length
 *   __type(name, T)   typeof(T) *name     the size is T's size
 *
 * thook__btf_open() checks the header and walks every type record once:
 * each lies inside the type section, has a known kind and names strings
 * inside the string section.  Type ids are then found by walking the
 * records again (no index: there is no storage to keep one), so a lookup
 * costs O(types), and every chain of references is cut after
 * BTF_MAX_HOPS steps, which ends reference cycles too.
 */
#include "hook_impl.h"

#define BTF_MAGIC    0xeb9fu
#define BTF_HDR_MIN  24u
#define BTF_REC	     12u
#define BTF_MAX_HOPS 32u

enum {
	KIND_INT = 1,
	KIND_PTR,
	KIND_ARRAY,
	KIND_STRUCT,
	KIND_UNION,
	KIND_ENUM,
	KIND_FWD,
	KIND_TYPEDEF,
	KIND_VOLATILE,
	KIND_CONST,
	KIND_RESTRICT,
	KIND_FUNC,
	KIND_FUNC_PROTO,
	KIND_VAR,
	KIND_DATASEC,
	KIND_FLOAT,
	KIND_DECL_TAG,
	KIND_TYPE_TAG,
	KIND_ENUM64,
	KIND_MAX = KIND_ENUM64
};

/* One type record, decoded. */
struct btf_type {
	uint32_t id;
	uint32_t name; /* string offset */
	unsigned kind;
	uint32_t vlen;
	uint32_t sz;	      /* size or referenced type, by kind */
	const uint8_t *extra; /* the kind's data after the 12 bytes */
};

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)thook__rd_le(p, 4);
}

/* "<what> <name or num>[, member <member>]: <why>" */
static int
bad_at(struct thook_diag *diag, const char *what, const char *name,
       uint64_t num, const char *member, const char *why)
{
	struct thook_sb sb;

	if (diag != NULL) {
		diag->index = 0;
		diag->line = 0;
		thook__sb_init(&sb, diag->msg, sizeof(diag->msg));
		thook__sb_puts(&sb, what);
		thook__sb_putc(&sb, ' ');
		if (name != NULL)
			thook__sb_puts(&sb, name);
		else
			thook__sb_putd(&sb, (int64_t)num);
		if (member != NULL) {
			thook__sb_puts(&sb, ", member ");
			thook__sb_puts(&sb, member);
		}
		thook__sb_puts(&sb, ": ");
		thook__sb_puts(&sb, why);
	}
	return -THOOK_ENOEXEC;
}

static int
bad(struct thook_diag *diag, const char *what, const char *name, uint64_t num,
    const char *why)
{
	return bad_at(diag, what, name, num, NULL, why);
}

/* Bytes of the kind's data after the common 12 bytes. */
static uint64_t
extra_len(unsigned kind, uint32_t vlen)
{
	switch (kind) {
	case KIND_INT:
	case KIND_VAR:
	case KIND_DECL_TAG:
		return 4;
	case KIND_ARRAY:
		return 12;
	case KIND_STRUCT:
	case KIND_UNION:
	case KIND_DATASEC:
	case KIND_ENUM64:
		return 12ull * vlen;
	case KIND_ENUM:
	case KIND_FUNC_PROTO:
		return 8ull * vlen;
	default:
		return 0;
	}
}

static void
decode(const uint8_t *p, uint32_t id, struct btf_type *t)
{
	uint32_t info = rd32(p + 4);

	t->id = id;
	t->name = rd32(p);
	t->kind = (info >> 24) & 0x1fu;
	t->vlen = info & 0xffffu;
	t->sz = rd32(p + 8);
	t->extra = p + BTF_REC;
}

/* The string at offset 'off', or NULL when it is not a whole string. */
static const char *
str_at(const struct thook__btf *b, uint32_t off)
{
	if (off >= b->slen)
		return NULL;
	for (uint32_t k = off; k < b->slen; k++)
		if (b->strs[k] == '\0')
			return (const char *)b->strs + off;
	return NULL;
}

int
thook__btf_open(struct thook__btf *b, const uint8_t *sec, uint64_t size,
		struct thook_diag *diag)
{
	uint32_t hdr, toff, tlen, soff, slen, id = 0;
	uint64_t off;

	if (size < BTF_HDR_MIN)
		return bad(diag, "BTF of", NULL, size, "bytes is too short");
	if ((sec[0] | sec[1] << 8) != BTF_MAGIC || sec[2] != 1)
		return bad(diag, "BTF header", NULL, 0,
			   "not little-endian BTF version 1");
	hdr = rd32(sec + 4);
	toff = rd32(sec + 8);
	tlen = rd32(sec + 12);
	soff = rd32(sec + 16);
	slen = rd32(sec + 20);
	if (hdr < BTF_HDR_MIN || hdr > size ||
	    (uint64_t)toff + tlen > size - hdr ||
	    (uint64_t)soff + slen > size - hdr)
		return bad(diag, "BTF header", NULL, 0,
			   "type or string section outside the BTF");
	if (slen == 0 || sec[hdr + soff + slen - 1] != '\0')
		return bad(diag, "BTF header", NULL, 0,
			   "string section not terminated");
	b->types = sec + hdr + toff;
	b->tlen = tlen;
	b->strs = sec + hdr + soff;
	b->slen = slen;
	for (off = 0; off < tlen;) {
		struct btf_type t;
		uint64_t len;

		id++;
		if (tlen - off < BTF_REC)
			return bad(diag, "BTF type", NULL, id,
				   "record outside the type section");
		decode(b->types + off, id, &t);
		if (t.kind == 0 || t.kind > KIND_MAX)
			return bad(diag, "BTF type", NULL, id, "unknown kind");
		len = BTF_REC + extra_len(t.kind, t.vlen);
		if (len > tlen - off)
			return bad(diag, "BTF type", NULL, id,
				   "record outside the type section");
		if (str_at(b, t.name) == NULL)
			return bad(diag, "BTF type", NULL, id,
				   "name outside the string section");
		if (t.kind == KIND_STRUCT || t.kind == KIND_UNION)
			for (uint32_t k = 0; k < t.vlen; k++)
				if (str_at(b, rd32(t.extra + 12 * k)) == NULL)
					return bad(diag, "BTF type", NULL, id,
						   "member name outside the "
						   "string section");
		off += len;
	}
	b->ntypes = id;
	return 0;
}

/* Type 'id' (1 .. ntypes), found by walking the checked records. */
static bool
type_at(const struct thook__btf *b, uint32_t id, struct btf_type *t)
{
	uint64_t off = 0;

	if (id == 0 || id > b->ntypes)
		return false;
	for (uint32_t k = 1;; k++) {
		decode(b->types + off, k, t);
		if (k == id)
			return true;
		off += BTF_REC + extra_len(t->kind, t->vlen);
	}
}

static bool
is_modifier(unsigned kind)
{
	return kind == KIND_TYPEDEF || kind == KIND_VOLATILE ||
	       kind == KIND_CONST || kind == KIND_RESTRICT ||
	       kind == KIND_TYPE_TAG;
}

/* Type 'id' with typedefs and qualifiers taken off. */
static bool
resolve(const struct thook__btf *b, uint32_t id, struct btf_type *t)
{
	for (uint32_t hop = 0; hop < BTF_MAX_HOPS; hop++) {
		if (!type_at(b, id, t))
			return false;
		if (!is_modifier(t->kind))
			return true;
		id = t->sz;
	}
	return false;
}

/* Size in bytes of type 'id'; false for void, functions and cycles. */
static bool
size_of(const struct thook__btf *b, uint32_t id, uint64_t *size)
{
	uint64_t mult = 1;
	struct btf_type t;

	for (uint32_t hop = 0; hop < BTF_MAX_HOPS; hop++) {
		if (!resolve(b, id, &t))
			return false;
		switch (t.kind) {
		case KIND_INT:
		case KIND_STRUCT:
		case KIND_UNION:
		case KIND_ENUM:
		case KIND_ENUM64:
		case KIND_FLOAT:
			*size = mult * t.sz;
			return *size <= UINT32_MAX;
		case KIND_PTR:
			*size = mult * 8;
			return *size <= UINT32_MAX;
		case KIND_ARRAY:
			mult *= rd32(t.extra + 8);
			if (mult > UINT32_MAX)
				return false;
			id = rd32(t.extra);
			break;
		default:
			return false;
		}
	}
	return false;
}

/* __uint(name, N): a pointer to an array of N; N in *v. */
static bool
uint_attr(const struct thook__btf *b, uint32_t id, uint32_t *v)
{
	struct btf_type t;

	if (!resolve(b, id, &t) || t.kind != KIND_PTR ||
	    !resolve(b, t.sz, &t) || t.kind != KIND_ARRAY)
		return false;
	*v = rd32(t.extra + 8);
	return true;
}

/* __type(name, T): a pointer to T; T's size in *v. */
static bool
type_attr(const struct thook__btf *b, uint32_t id, uint32_t *v)
{
	struct btf_type t;
	uint64_t size;

	if (!resolve(b, id, &t) || t.kind != KIND_PTR ||
	    !size_of(b, t.sz, &size))
		return false;
	*v = (uint32_t)size;
	return true;
}

/* The VAR named 'name' listed in the DATASEC named ".maps". */
static bool
find_var(const struct thook__btf *b, const char *name, struct btf_type *var)
{
	struct btf_type t;
	uint64_t off = 0;

	for (uint32_t id = 1; id <= b->ntypes;
	     id++, off += BTF_REC + extra_len(t.kind, t.vlen)) {
		decode(b->types + off, id, &t);
		if (t.kind != KIND_DATASEC ||
		    !thook__str_eq(str_at(b, t.name), ".maps"))
			continue;
		for (uint32_t k = 0; k < t.vlen; k++)
			if (type_at(b, rd32(t.extra + 12 * k), var) &&
			    var->kind == KIND_VAR &&
			    thook__str_eq(str_at(b, var->name), name))
				return true;
	}
	return false;
}

int
thook__btf_map(const struct thook__btf *b, const char *name,
	       struct thook_elf_map *m, struct thook_diag *diag)
{
	static const char *const attrs[] = {
		"type",	     "key_size", "value_size", "max_entries",
		"map_flags", "key",	 "value",
	};
	uint32_t val[7], seen = 0;
	struct btf_type var, st;

	if (!find_var(b, name, &var))
		return bad(diag, "map", name, 0,
			   "not described in the BTF's .maps");
	if (!resolve(b, var.sz, &st) || st.kind != KIND_STRUCT)
		return bad(diag, "map", name, 0,
			   "its BTF type is not a struct");
	for (uint32_t k = 0; k < st.vlen; k++) {
		const char *mn = str_at(b, rd32(st.extra + 12 * k));
		uint32_t a, type = rd32(st.extra + 12 * k + 4);
		bool ok;

		for (a = 0; a < 7 && !thook__str_eq(mn, attrs[a]); a++)
			continue;
		if (a == 7)
			return bad_at(diag, "map", name, 0, mn,
				      "not supported (type, key_size, "
				      "value_size, max_entries, map_flags, "
				      "key, value are)");
		if (seen & (1u << a))
			return bad_at(diag, "map", name, 0, mn, "given twice");
		ok = a < 5 ? uint_attr(b, type, &val[a])
			   : type_attr(b, type, &val[a]);
		if (!ok)
			return bad_at(diag, "map", name, 0, mn,
				      a < 5 ? "not __uint(name, N)"
					    : "not __type(name, T) of a "
					      "sized type");
		seen |= 1u << a;
	}
	/* key and value stand for key_size and value_size: both agree */
	for (uint32_t a = 1; a <= 2; a++) {
		if ((seen & (1u << (a + 4))) == 0)
			continue;
		if ((seen & (1u << a)) != 0 && val[a] != val[a + 4])
			return bad_at(diag, "map", name, 0, attrs[a + 4],
				      "its size disagrees with the size "
				      "attribute");
		val[a] = val[a + 4];
		seen |= 1u << a;
	}
	if ((seen & 0xfu) != 0xfu)
		return bad(diag, "map", name, 0,
			   "needs type, key, value and max_entries");
	m->type = val[0];
	m->key_size = val[1];
	m->value_size = val[2];
	m->max_entries = val[3];
	m->flags = (seen & 0x10u) != 0 ? val[4] : 0;
	return 0;
}
