/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BTF map definitions (src/btf.c): hand-built type sections in the layout
 * clang writes for libbpf-style maps, and every malformed form refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../src/hook_impl.h"

enum {
	INT = 1,
	PTR,
	ARRAY,
	STRUCT,
	UNION,
	ENUM,
	FWD,
	TYPEDEF,
	VOLATILE,
	CONST,
	RESTRICT,
	FUNC,
	FUNC_PROTO,
	VAR,
	DATASEC,
	FLOAT,
	DECL_TAG,
	TYPE_TAG,
	ENUM64
};

static uint8_t types[4096];
static size_t tlen;
static char strs[1024];
static size_t slen;
static uint32_t ntypes;
static uint8_t blob[8192];

static void
reset(void)
{
	tlen = 0;
	slen = 1; /* offset 0 is the empty name */
	strs[0] = '\0';
	ntypes = 0;
}

static uint32_t
str(const char *s)
{
	size_t at = slen, n = strlen(s) + 1;

	assert_true(slen + n <= sizeof(strs));
	memcpy(strs + slen, s, n);
	slen += n;
	return (uint32_t)at;
}

static void
w32(uint32_t v)
{
	assert_true(tlen + 4 <= sizeof(types));
	for (unsigned k = 0; k < 4; k++)
		types[tlen++] = (uint8_t)(v >> (8 * k));
}

/* A type record's common part; returns its id. */
static uint32_t
ty(uint32_t name, unsigned kind, uint32_t vlen, uint32_t sz)
{
	w32(name);
	w32((uint32_t)kind << 24 | vlen);
	w32(sz);
	return ++ntypes;
}

static void
put32(uint8_t *p, uint32_t v)
{
	for (unsigned k = 0; k < 4; k++)
		p[k] = (uint8_t)(v >> (8 * k));
}

/* Header, types, strings; returns the blob's size. */
static size_t
finish(void)
{
	memset(blob, 0, 24);
	blob[0] = 0x9f;
	blob[1] = 0xeb;
	blob[2] = 1;
	put32(blob + 4, 24);
	put32(blob + 8, 0);
	put32(blob + 12, (uint32_t)tlen);
	put32(blob + 16, (uint32_t)tlen);
	put32(blob + 20, (uint32_t)slen);
	memcpy(blob + 24, types, tlen);
	memcpy(blob + 24 + tlen, strs, slen);
	return 24 + tlen + slen;
}

static uint32_t t_int, t_u32;

/* int, a typedef u32 and __uint(name, n): a pointer to int[n]. */
static void
base_types(void)
{
	t_int = ty(str("int"), INT, 0, 4);
	w32(32);
	t_u32 = ty(str("u32"), TYPEDEF, 0, t_int);
}

/* An array of n elements of type elem (index type int). */
static uint32_t
array_of(uint32_t elem, uint32_t n)
{
	uint32_t arr = ty(0, ARRAY, 0, 0);

	w32(elem);
	w32(t_int);
	w32(n);
	return arr;
}

static uint32_t
uint_attr(uint32_t n)
{
	return ty(0, PTR, 0, array_of(t_int, n));
}

/* A struct of 'n' members (names[k], member types[k]). */
static uint32_t
map_struct(unsigned n, const char *const *names, const uint32_t *mtypes)
{
	uint32_t nm[8], id;

	for (unsigned k = 0; k < n; k++)
		nm[k] = str(names[k]);
	id = ty(0, STRUCT, n, 8 * n);
	for (unsigned k = 0; k < n; k++) {
		w32(nm[k]);
		w32(mtypes[k]);
		w32(64 * k);
	}
	return id;
}

/* VAR 'name' of type 'type' in a DATASEC ".maps". */
static void
maps_sec(const char *name, uint32_t type)
{
	uint32_t var = ty(str(name), VAR, 0, type), nm = str(".maps");

	w32(1);
	ty(nm, DATASEC, 1, 0);
	w32(var);
	w32(0);
	w32(32);
}

static int
open_map(size_t size, const char *name, struct thook_elf_map *m,
	 struct thook_diag *d)
{
	struct thook__btf b;
	int err = thook__btf_open(&b, blob, size, d);

	if (err != 0)
		return err;
	return thook__btf_map(&b, name, m, d);
}

/* The standard map: hash, 64 entries, key u32, value struct of 16. */
static size_t
standard(void)
{
	static const char *const names[] = {"type", "max_entries", "key",
					    "value"};
	uint32_t mt[4], val, u64t;

	reset();
	base_types();
	u64t = ty(str("u64"), INT, 0, 8);
	w32(64);
	val = ty(str("val"), STRUCT, 2, 16);
	w32(str("a"));
	w32(u64t);
	w32(0);
	w32(str("b"));
	w32(u64t);
	w32(64);
	mt[0] = uint_attr(2);
	mt[1] = uint_attr(64);
	mt[2] = ty(0, PTR, 0, t_u32);
	mt[3] = ty(0, PTR, 0, val);
	maps_sec("m", map_struct(4, names, mt));
	return finish();
}

static void
test_thook__btf_map__standard(void **state)
{
	struct thook_elf_map m;
	struct thook_diag d;
	size_t n;

	(void)state;
	n = standard();
	assert_int_equal(open_map(n, "m", &m, &d), 0);
	assert_int_equal(m.type, 2);
	assert_int_equal(m.max_entries, 64);
	assert_int_equal(m.key_size, 4);
	assert_int_equal(m.value_size, 16);
	assert_int_equal(m.flags, 0);
	/* Another name is not in the .maps section. */
	assert_int_equal(open_map(n, "x", &m, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "map x: not described"));
}

static void
test_thook__btf_map__sizes_and_flags(void **state)
{
	static const char *const names[] = {"type",	  "key_size",
					    "value_size", "max_entries",
					    "map_flags",  "key"};
	struct thook_elf_map m;
	struct thook_diag d;
	uint32_t mt[6], cv, arr2;

	(void)state;
	reset();
	base_types();
	mt[0] = uint_attr(1);
	mt[1] = uint_attr(4);
	/* value_size through const volatile qualifiers */
	cv = ty(0, CONST, 0, uint_attr(24));
	mt[2] = ty(0, VOLATILE, 0, cv);
	mt[3] = uint_attr(8);
	mt[4] = uint_attr(5);
	/* key: a pointer to u32[1] (typedef inside an array) */
	arr2 = array_of(t_u32, 1);
	mt[5] = ty(0, PTR, 0, arr2);
	maps_sec("a", map_struct(6, names, mt));
	assert_int_equal(open_map(finish(), "a", &m, &d), 0);
	assert_int_equal(m.type, 1);
	assert_int_equal(m.key_size, 4);
	assert_int_equal(m.value_size, 24);
	assert_int_equal(m.max_entries, 8);
	assert_int_equal(m.flags, 5);
}

static void
test_thook__btf_map__value_kinds(void **state)
{
	static const char *const names[] = {"type", "max_entries", "key",
					    "value"};
	/* value types: pointer 8, enum 4, enum64 8, union 12, float 8 */
	static const unsigned kinds[] = {PTR, ENUM, ENUM64, UNION, FLOAT};
	static const uint32_t sizes[] = {8, 4, 8, 12, 8};
	struct thook_elf_map m;
	struct thook_diag d;

	(void)state;
	for (unsigned k = 0; k < 5; k++) {
		uint32_t mt[4], v;

		reset();
		base_types();
		v = ty(0, kinds[k], 0, kinds[k] == PTR ? t_int : sizes[k]);
		mt[0] = uint_attr(2);
		mt[1] = uint_attr(4);
		mt[2] = ty(0, PTR, 0, t_int);
		mt[3] = ty(0, PTR, 0, v);
		maps_sec("v", map_struct(4, names, mt));
		assert_int_equal(open_map(finish(), "v", &m, &d), 0);
		assert_int_equal(m.value_size, sizes[k]);
	}
}

/* A map whose members are 'names' with types from 'make'. */
static int
member_case(const char *const *names, unsigned n, uint32_t (*make)(unsigned k),
	    struct thook_diag *d)
{
	struct thook_elf_map m;
	uint32_t mt[8];

	reset();
	base_types();
	for (unsigned k = 0; k < n; k++)
		mt[k] = make(k);
	maps_sec("m", map_struct(n, names, mt));
	return open_map(finish(), "m", &m, d);
}

static uint32_t
good_member(unsigned k)
{
	return k < 2 ? uint_attr(2 + k) : ty(0, PTR, 0, t_int);
}

static uint32_t
int_member(unsigned k)
{
	(void)k;
	return t_int;
}

static uint32_t
ptr_to_int_member(unsigned k)
{
	return k == 0 ? ty(0, PTR, 0, t_int) : good_member(k);
}

static uint32_t
void_value_member(unsigned k)
{
	return k == 3 ? ty(0, PTR, 0, 0) : good_member(k);
}

static uint32_t
func_value_member(unsigned k)
{
	if (k != 3)
		return good_member(k);
	return ty(0, PTR, 0, ty(str("f"), FUNC, 0, 0));
}

static uint32_t
huge_value_member(unsigned k)
{
	uint32_t a, b;

	if (k != 3)
		return good_member(k);
	a = array_of(t_int, 0x10000);
	b = array_of(a, 0x10000);
	return ty(0, PTR, 0, b);
}

static uint32_t
huge_int_member(unsigned k)
{
	uint32_t a, big;

	if (k != 3)
		return good_member(k);
	big = ty(0, INT, 0, 0x80000000u);
	w32(0);
	a = array_of(big, 2);
	return ty(0, PTR, 0, a);
}

static uint32_t
cycle_member(unsigned k)
{
	uint32_t first;

	if (k != 3)
		return good_member(k);
	/* typedef a -> typedef b -> typedef a */
	first = ntypes + 1;
	ty(str("a"), TYPEDEF, 0, first + 1);
	ty(str("b"), TYPEDEF, 0, first);
	return ty(0, PTR, 0, first);
}

static uint32_t
dangling_member(unsigned k)
{
	return k == 3 ? ty(0, PTR, 0, 999) : good_member(k);
}

static uint32_t
ptr_chain_member(unsigned k)
{
	/* a pointer to a pointer to an array: not __uint */
	return k == 1 ? ty(0, PTR, 0, uint_attr(3)) : good_member(k);
}

static uint32_t
agree_member(unsigned k)
{
	/* key_size 4 and key of int */
	return k == 2 ? uint_attr(4) : good_member(k < 2 ? k : 2);
}

static void
test_thook__btf_map__bad_members(void **state)
{
	static const char *const ok[] = {"type", "max_entries", "key", "value"};
	static const char *const unknown[] = {"type", "max_entries", "key",
					      "pinning"};
	static const char *const twice[] = {"type", "max_entries", "key",
					    "key"};
	static const char *const missing[] = {"type", "max_entries", "key"};
	static const char *const agree[] = {"type", "max_entries", "key_size",
					    "key", "value"};
	static const struct {
		const char *const *names;
		unsigned n;
		uint32_t (*make)(unsigned k);
		const char *msg; /* NULL: accepted */
	} cases[] = {
		{ok, 4, good_member, NULL},
		{agree, 5, agree_member, NULL},
		{unknown, 4, good_member,
		 "map m, member pinning: not supported"},
		{twice, 4, good_member, "member key: given twice"},
		{missing, 3, good_member, "needs type, key, value"},
		{ok, 4, int_member, "member type: not __uint"},
		{ok, 4, ptr_to_int_member, "member type: not __uint"},
		{ok, 4, ptr_chain_member, "member max_entries: not __uint"},
		{ok, 4, void_value_member, "member value: not __type"},
		{ok, 4, func_value_member, "member value: not __type"},
		{ok, 4, huge_value_member, "member value: not __type"},
		{ok, 4, huge_int_member, "member value: not __type"},
		{ok, 4, cycle_member, "member value: not __type"},
		{ok, 4, dangling_member, "member value: not __type"},
	};
	struct thook_diag d;

	(void)state;
	for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		int err = member_case(cases[k].names, cases[k].n, cases[k].make,
				      &d);

		if (cases[k].msg == NULL) {
			assert_int_equal(err, 0);
			continue;
		}
		assert_int_equal(err, -THOOK_ENOEXEC);
		assert_non_null(strstr(d.msg, cases[k].msg));
	}
}

static uint32_t
key_size_8(unsigned k)
{
	/* key_size says 8, key is an int (4) */
	return k == 2 ? uint_attr(8) : good_member(k == 3 ? 2 : k);
}

static void
test_thook__btf_map__key_disagrees(void **state)
{
	static const char *const names[] = {"type", "max_entries", "key_size",
					    "key", "value"};
	struct thook_diag d;

	(void)state;
	assert_int_equal(member_case(names, 5, key_size_8, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "member key: its size disagrees"));
}

static void
test_thook__btf_map__var_not_struct(void **state)
{
	struct thook_elf_map m;
	struct thook_diag d;

	(void)state;
	reset();
	base_types();
	maps_sec("m", t_u32);
	assert_int_equal(open_map(finish(), "m", &m, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "not a struct"));
	/* A DATASEC of another name, and an entry that is not a VAR. */
	reset();
	base_types();
	{
		uint32_t nm = str(".data");

		ty(nm, DATASEC, 1, 0);
		w32(t_int);
		w32(0);
		w32(4);
		nm = str(".maps");
		ty(nm, DATASEC, 1, 0);
		w32(t_int);
		w32(0);
		w32(4);
	}
	assert_int_equal(open_map(finish(), "int", &m, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "not described"));
}

static void
test_thook__btf_open__bad_header(void **state)
{
	struct thook__btf b;
	struct thook_diag d;
	size_t n;

	(void)state;
	n = standard();
	assert_int_equal(thook__btf_open(&b, blob, n, &d), 0);
	assert_int_equal(thook__btf_open(&b, blob, 23, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "too short"));
	blob[0] = 0x9e;
	assert_int_equal(thook__btf_open(&b, blob, n, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "not little-endian BTF"));
	n = standard();
	blob[2] = 2;
	assert_int_equal(thook__btf_open(&b, blob, n, &d), -THOOK_ENOEXEC);
	n = standard();
	put32(blob + 4, 16); /* header shorter than 24 */
	assert_int_equal(thook__btf_open(&b, blob, n, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "outside the BTF"));
	n = standard();
	put32(blob + 4, (uint32_t)n + 1); /* header longer than the BTF */
	assert_int_equal(thook__btf_open(&b, blob, n, &d), -THOOK_ENOEXEC);
	n = standard();
	put32(blob + 12, 0xfffffff0u); /* type section too long */
	assert_int_equal(thook__btf_open(&b, blob, n, &d), -THOOK_ENOEXEC);
	n = standard();
	put32(blob + 16, 0xfffffff0u); /* strings outside */
	assert_int_equal(thook__btf_open(&b, blob, n, &d), -THOOK_ENOEXEC);
	n = standard();
	put32(blob + 20, 0); /* no strings */
	assert_int_equal(thook__btf_open(&b, blob, n, &d), -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "not terminated"));
	n = standard();
	blob[n - 1] = 'x';
	assert_int_equal(thook__btf_open(&b, blob, n, &d), -THOOK_ENOEXEC);
	/* NULL diag: the same refusal, no message */
	assert_int_equal(thook__btf_open(&b, blob, n, NULL), -THOOK_ENOEXEC);
}

/* The blob built so far is refused with a message containing 'msg'. */
static void
refused(const char *msg)
{
	struct thook__btf b;
	struct thook_diag d;

	assert_int_equal(thook__btf_open(&b, blob, finish(), &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, msg));
}

static void
test_thook__btf_open__bad_records(void **state)
{
	struct thook__btf b;
	struct thook_diag d;

	(void)state;
	/* A record cut short. */
	reset();
	base_types();
	w32(0);
	refused("BTF type 3: record outside");
	/* Kind 0 and kind 20. */
	reset();
	ty(0, 0, 0, 0);
	refused("unknown kind");
	reset();
	ty(0, 20, 0, 0);
	refused("unknown kind");
	/* A struct whose members run past the end. */
	reset();
	ty(0, STRUCT, 3, 8);
	w32(0);
	w32(0);
	w32(0);
	refused("record outside");
	/* Names outside the strings. */
	reset();
	ty(500, PTR, 0, 0);
	refused("name outside");
	reset();
	ty(0, UNION, 1, 8);
	w32(700);
	w32(0);
	w32(0);
	refused("member name outside");
	/* Every other kind's record length is walked correctly. */
	reset();
	base_types();
	ty(0, ENUM, 2, 4);
	w32(0);
	w32(1);
	w32(0);
	w32(2);
	ty(0, FUNC_PROTO, 1, 0);
	w32(0);
	w32(t_int);
	ty(str("t"), DECL_TAG, 0, t_int);
	w32(0);
	ty(0, FWD, 0, 0);
	ty(0, RESTRICT, 0, t_int);
	ty(0, TYPE_TAG, 0, t_int);
	ty(0, ENUM64, 1, 8);
	w32(0);
	w32(1);
	w32(0);
	assert_int_equal(thook__btf_open(&b, blob, finish(), &d), 0);
	assert_int_equal(b.ntypes, 9);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook__btf_map__standard),
		cmocka_unit_test(test_thook__btf_map__sizes_and_flags),
		cmocka_unit_test(test_thook__btf_map__value_kinds),
		cmocka_unit_test(test_thook__btf_map__bad_members),
		cmocka_unit_test(test_thook__btf_map__key_disagrees),
		cmocka_unit_test(test_thook__btf_map__var_not_struct),
		cmocka_unit_test(test_thook__btf_open__bad_header),
		cmocka_unit_test(test_thook__btf_open__bad_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
