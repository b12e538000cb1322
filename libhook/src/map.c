/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Maps in caller storage: an array of values, and a hash table chaining
 * fixed-size entries in buckets picked by SipHash-1-3 (Aumasson and
 * Bernstein) keyed with the embedder's seed.
 *
 * Hash storage: max_entries entries of { next (u32), used (u32), key,
 * value } (key and value rounded up to 8 bytes), then the bucket heads
 * (u32 entry index + 1; 0 ends a chain).  Free entries form a list
 * through 'next'.
 */
#include "hook_impl.h"

#define MAX_ENTRIES 65536u
#define NIL	    0u

struct entry_hdr {
	uint32_t next; /* entry index + 1, or NIL */
	uint32_t used;
};

static uint64_t
rotl(uint64_t x, unsigned b)
{
	return (x << b) | (x >> (64u - b));
}

#define SIPROUND(v0, v1, v2, v3)   \
	do {                       \
		v0 += v1;          \
		v1 = rotl(v1, 13); \
		v1 ^= v0;          \
		v0 = rotl(v0, 32); \
		v2 += v3;          \
		v3 = rotl(v3, 16); \
		v3 ^= v2;          \
		v0 += v3;          \
		v3 = rotl(v3, 21); \
		v3 ^= v0;          \
		v2 += v1;          \
		v1 = rotl(v1, 17); \
		v1 ^= v2;          \
		v2 = rotl(v2, 32); \
	} while (0)

/* SipHash-1-3 of len bytes: one compression round, three finalisation. */
static uint64_t
siphash13(const uint64_t seed[2], const uint8_t *p, uint32_t len)
{
	uint64_t v0 = seed[0] ^ 0x736f6d6570736575ull;
	uint64_t v1 = seed[1] ^ 0x646f72616e646f6dull;
	uint64_t v2 = seed[0] ^ 0x6c7967656e657261ull;
	uint64_t v3 = seed[1] ^ 0x7465646279746573ull;
	uint64_t m, last = (uint64_t)len << 56;
	uint32_t i = 0;

	for (; i + 8 <= len; i += 8) {
		THOOK_MEMCPY(&m, p + i, 8);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	for (unsigned k = 0; i + k < len; k++)
		last |= (uint64_t)p[i + k] << (8 * k);
	v3 ^= last;
	SIPROUND(v0, v1, v2, v3);
	v0 ^= last;
	v2 ^= 0xff;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

static uint32_t
round8(uint32_t x)
{
	return (x + 7u) & ~7u;
}

int
thook_map_init(struct thook_map *m, uint32_t type, uint32_t key_size,
	       uint32_t value_size, uint32_t max_entries, void *mem,
	       size_t size, const uint64_t seed[2])
{
	struct thook_map t;
	uint64_t need;

	if (m == NULL || mem == NULL || ((uintptr_t)mem & 7u) != 0 ||
	    value_size == 0 || value_size > THOOK_MAP_MAX_SIZE ||
	    max_entries == 0 || max_entries > MAX_ENTRIES)
		return -THOOK_EINVAL;
	if (type == THOOK_MAP_ARRAY) {
		if (key_size != 4)
			return -THOOK_EINVAL;
	} else if (type != THOOK_MAP_HASH || key_size == 0 ||
		   key_size > THOOK_MAP_MAX_SIZE || seed == NULL) {
		return -THOOK_EINVAL;
	}
	need = THOOK_MAP_STORAGE(type, key_size, value_size, max_entries);
	if (size < need)
		return -THOOK_ENOSPC;
	THOOK_MEMSET(&t, 0, sizeof(t));
	t.mem = mem;
	t.type = type;
	t.key_size = key_size;
	t.value_size = value_size;
	t.max_entries = max_entries;
	if (type == THOOK_MAP_HASH) {
		t.entry_size = 8u + round8(key_size) + round8(value_size);
		t.nbuckets = (uint32_t)THOOK__POW2_32(max_entries);
		t.buckets = (uint32_t *)(void *)(t.mem + (size_t)t.entry_size *
								 max_entries);
		t.seed[0] = seed[0];
		t.seed[1] = seed[1];
		THOOK_MEMSET(t.buckets, 0, 4u * (size_t)t.nbuckets);
		for (uint32_t i = 0; i < max_entries; i++) {
			struct entry_hdr *h =
				(struct entry_hdr
					 *)(void *)(t.mem +
						    (size_t)t.entry_size * i);

			h->next = i + 1 < max_entries ? i + 2 : NIL;
			h->used = 0;
		}
		t.free_head = 1;
	} else {
		THOOK_MEMSET(mem, 0, (size_t)need);
	}
	*m = t;
	return 0;
}

static struct entry_hdr *
entry(const struct thook_map *m, uint32_t idx1)
{
	return (struct entry_hdr *)(void *)(m->mem + (size_t)m->entry_size *
							     (idx1 - 1u));
}

static uint8_t *
entry_key(struct entry_hdr *h)
{
	return (uint8_t *)(h + 1);
}

static uint8_t *
entry_value(const struct thook_map *m, struct entry_hdr *h)
{
	return entry_key(h) + round8(m->key_size);
}

static uint32_t *
bucket(const struct thook_map *m, const void *key)
{
	uint64_t hv = siphash13(m->seed, key, m->key_size);

	return &m->buckets[hv & (m->nbuckets - 1u)];
}

/* The entry holding key, and the link that points to it. */
static struct entry_hdr *
hash_find(const struct thook_map *m, const void *key, uint32_t **link)
{
	uint32_t *l = bucket(m, key);

	while (*l != NIL) {
		struct entry_hdr *h = entry(m, *l);

		if (THOOK_MEMCMP(entry_key(h), key, m->key_size) == 0) {
			if (link != NULL)
				*link = l;
			return h;
		}
		l = &h->next;
	}
	return NULL;
}

void *
thook_map_lookup(const struct thook_map *m, const void *key)
{
	struct entry_hdr *h;
	uint32_t idx;

	if (m == NULL || key == NULL)
		return NULL;
	if (m->type == THOOK_MAP_ARRAY) {
		THOOK_MEMCPY(&idx, key, 4);
		if (idx >= m->max_entries)
			return NULL;
		return m->mem + (size_t)round8(m->value_size) * idx;
	}
	h = hash_find(m, key, NULL);
	return h != NULL ? entry_value(m, h) : NULL;
}

int
thook_map_update(struct thook_map *m, const void *key, const void *value,
		 uint64_t flags)
{
	struct entry_hdr *h;
	uint32_t idx, *b;

	if (m == NULL || key == NULL || value == NULL ||
	    flags > THOOK_MAP_EXIST)
		return -THOOK_EINVAL;
	if (m->type == THOOK_MAP_ARRAY) {
		THOOK_MEMCPY(&idx, key, 4);
		if (idx >= m->max_entries)
			return -THOOK_EINVAL;
		if (flags == THOOK_MAP_NOEXIST)
			return -THOOK_EEXIST;
		THOOK_MEMCPY(m->mem + (size_t)round8(m->value_size) * idx,
			     value, m->value_size);
		return 0;
	}
	h = hash_find(m, key, NULL);
	if (h != NULL) {
		if (flags == THOOK_MAP_NOEXIST)
			return -THOOK_EEXIST;
		THOOK_MEMCPY(entry_value(m, h), value, m->value_size);
		return 0;
	}
	if (flags == THOOK_MAP_EXIST)
		return -THOOK_ENOENT;
	if (m->free_head == NIL)
		return -THOOK_ENOSPC;
	idx = m->free_head;
	h = entry(m, idx);
	m->free_head = h->next;
	THOOK_MEMCPY(entry_key(h), key, m->key_size);
	THOOK_MEMCPY(entry_value(m, h), value, m->value_size);
	b = bucket(m, key);
	h->next = *b;
	h->used = 1;
	*b = idx;
	m->count++;
	return 0;
}

int
thook_map_delete(struct thook_map *m, const void *key)
{
	struct entry_hdr *h;
	uint32_t *link = NULL, idx;

	if (m == NULL || key == NULL || m->type == THOOK_MAP_ARRAY)
		return -THOOK_EINVAL;
	h = hash_find(m, key, &link);
	if (h == NULL)
		return -THOOK_ENOENT;
	idx = *link;
	*link = h->next;
	h->used = 0;
	h->next = m->free_head;
	m->free_head = idx;
	m->count--;
	return 0;
}
