/* SPDX-License-Identifier: BSD-2-Clause */
/* Count syscalls per number in a hash map; deny execve (59) with 1. */
#include "hook_bpf.h"

struct map_def SEC("maps") counts = {MAP_HASH, 8, 8, 64, 0};

static NOINLINE u64
policy(u64 nr)
{
	return nr == 59 ? 1 : 0;
}

SEC("syscall_enter")
int
count_syscalls(struct ctx_syscall_enter *ctx)
{
	u64 key = ctx->nr, one = 1;
	u64 *v = map_lookup(&counts, &key);

	if (v != 0)
		__sync_fetch_and_add(v, 1);
	else
		map_update(&counts, &key, &one, 0);
	return (int)policy(ctx->nr);
}

/* A second program in the same object: drop IPC messages with label 7. */
SEC("ipc_send")
int
drop_label(struct ctx_ipc *ctx)
{
	return ctx->label == 7 ? 1 : 0;
}

char _license[] SEC("license") = "BSD-2-Clause";
