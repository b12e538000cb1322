/* SPDX-License-Identifier: BSD-2-Clause */
/* Benchmark: 16-bit ones' complement sum. r1 = data, r2 = length. */
#include "hook_bpf.h"

SEC("checksum")
u64
checksum16(const u8 *p, u64 len)
{
	u64 sum = 0;

	for (u64 i = 0; i + 1 < len; i += 2)
		sum += (u64)p[i] | (u64)p[i + 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum ^ 0xffff;
}

static char _license[] SEC("license") = "BSD-2-Clause";
