/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a hook program written in C needs: fixed-width types, SEC(), the
 * map definition of a `maps` section, the standard helpers (numbered as
 * libhook numbers them) and the hook contexts.  Compile with
 * `clang -target bpf -O2 -c prog.c -o prog.o`.
 */
#ifndef HOOK_BPF_H
#define HOOK_BPF_H

typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;
typedef __INT64_TYPE__ s64;

#ifdef __bpf__
#define SEC(name) __attribute__((section(name), used))
#else
/* Compiled natively (the benchmark's baseline): plain functions. */
#define SEC(name) __attribute__((used))
#endif
#define NOINLINE __attribute__((noinline))

/* A map: type 1 array, 2 hash (THOOK_MAP_ARRAY, THOOK_MAP_HASH). */
struct map_def {
	u32 type, key_size, value_size, max_entries, flags;
};
#define MAP_ARRAY 1
#define MAP_HASH  2

/*
 * Or maps defined the libbpf way, in a `.maps` section described by the
 * object's BTF (compile with -g):
 *
 *   struct {
 *           __uint(type, MAP_HASH);
 *           __uint(max_entries, 256);
 *           __type(key, u32);
 *           __type(value, struct flow);
 *   } flows SEC(".maps");
 */
#define __uint(name, val) int(*name)[val]
#define __type(name, val) __typeof__(val) *name

#ifdef __bpf__
static void *(*map_lookup)(void *map, const void *key) = (void *)1;
static long (*map_update)(void *map, const void *key, const void *value,
			  u64 flags) = (void *)2;
#else
/* Native builds link these from the embedder. */
void *map_lookup(void *map, const void *key);
long map_update(void *map, const void *key, const void *value, u64 flags);
#endif

struct ctx_syscall_enter {
	u64 nr;
	u64 args[6];
	u64 pid;
};

struct ctx_ipc {
	u64 sender, receiver, label, len;
	u64 words[4];
};

#endif
