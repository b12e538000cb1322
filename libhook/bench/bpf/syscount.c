/* SPDX-License-Identifier: BSD-2-Clause */
/* Benchmark: count syscalls per number in a hash map. */
#include "hook_bpf.h"

struct map_def SEC("maps") syscounts = {MAP_HASH, 8, 8, 512, 0};

SEC("syscall_enter")
int
syscount(struct ctx_syscall_enter *ctx)
{
	u64 key = ctx->nr, one = 1;
	u64 *v = map_lookup(&syscounts, &key);

	if (v != 0)
		__sync_fetch_and_add(v, 1);
	else
		map_update(&syscounts, &key, &one, 0);
	return 0;
}

static char _license[] SEC("license") = "BSD-2-Clause";
