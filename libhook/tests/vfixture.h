/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared set-up of the verifier and hook tests: maps, storage, loading. */
#ifndef VFIXTURE_H
#define VFIXTURE_H

#include <string.h>

#include <tessera/hook.h>

#define VCAP  512
#define NPEND 160
#define NSEEN 64

static struct thook_asm vf_as;
static struct thook_insn vf_insns[VCAP];
static struct thook_vstate vf_pending[NPEND];
static struct thook_vstate vf_seen[NSEEN];
static uint32_t vf_heads[VCAP];
static uint64_t vf_hash_mem[1024], vf_array_mem[64];
static struct thook_map vf_hash, vf_array;
static const struct thook_map *vf_maps[2] = {&vf_hash, &vf_array};
static const uint64_t vf_seed[2] = {0x0123456789abcdefull,
				    0xfedcba9876543210ull};

/* map 0: hash, 8-byte keys, 16-byte values; map 1: array of 8-byte values */
static void
vf_maps_init(void)
{
	if (thook_map_init(&vf_hash, THOOK_MAP_HASH, 8, 16, 16, vf_hash_mem,
			   sizeof(vf_hash_mem), vf_seed) != 0 ||
	    thook_map_init(&vf_array, THOOK_MAP_ARRAY, 4, 8, 4, vf_array_mem,
			   sizeof(vf_array_mem), NULL) != 0)
		abort();
}

static void
vf_cfg(struct thook_vcfg *cfg, struct thook_vwork *w, uint32_t hook)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->hook = hook;
	cfg->maps = vf_maps;
	cfg->nmaps = 2;
	cfg->helpers = thook_std_helpers;
	cfg->nhelpers = THOOK_STD_HELPERS;
	memset(w, 0, sizeof(*w));
	w->pending = vf_pending;
	w->npending = NPEND;
	w->seen = vf_seen;
	w->nseen = NSEEN;
	w->heads = vf_heads;
	w->nheads = VCAP;
}

/* Assemble 'text' into vf_insns; the number of slots. */
static int
vf_asm(const char *text)
{
	struct thook_diag d;

	return thook_asm(&vf_as, text, strlen(text), vf_insns, VCAP, &d);
}

#endif
