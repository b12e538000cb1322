/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Maps defined in a `.maps` section (BTF): count syscalls and the sum of
 * their first argument per number, and all calls in an array slot.
 */
#include "hook_bpf.h"

struct flow {
	u64 calls;
	u64 bytes;
};

struct {
	__uint(type, MAP_HASH);
	__uint(max_entries, 64);
	__type(key, u32);
	__type(value, struct flow);
} flows SEC(".maps");

struct {
	__uint(type, MAP_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 8);
	__uint(max_entries, 1);
} total SEC(".maps");

SEC("syscall_enter")
int
count_flows(struct ctx_syscall_enter *ctx)
{
	u32 key = (u32)ctx->nr, zero = 0;
	struct flow *f = map_lookup(&flows, &key);
	u64 *t = map_lookup(&total, &zero);

	if (f != 0) {
		f->calls++;
		f->bytes += ctx->args[0];
	} else {
		struct flow nf = {1, ctx->args[0]};

		map_update(&flows, &key, &nf, 0);
	}
	if (t != 0)
		*t += 1;
	return 0;
}

char _license[] SEC("license") = "BSD-2-Clause";
