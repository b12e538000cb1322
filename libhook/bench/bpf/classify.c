/* SPDX-License-Identifier: BSD-2-Clause */
/* Benchmark: classify an Ethernet frame by ethertype, protocol and port.
 * r1 = frame, r2 = length. */
#include "hook_bpf.h"

static inline u16
be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

SEC("classify")
u64
classify_frame(const u8 *p, u64 len)
{
	u16 port;

	if (len < 38 || be16(p + 12) != 0x0800)
		return 0;
	port = be16(p + 36);
	switch (p[23]) {
	case 6:
		return port == 22 ? 5 : port == 443 ? 6 : 2;
	case 17:
		return port == 53 ? 4 : 3;
	default:
		return 1;
	}
}

static char _license[] SEC("license") = "BSD-2-Clause";
