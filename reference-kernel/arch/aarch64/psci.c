// SPDX-License-Identifier: BSD-2-Clause
/* PSCI calls through the conduit named by /psci/method. */
#include <kernel/drivers.h>

static enum psci_conduit conduit;

void
psci_set_conduit(enum psci_conduit c)
{
	conduit = c;
}

int64_t
psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (conduit == PSCI_HVC)
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
				   "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	else if (conduit == PSCI_SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
				   "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	else
		return -1;
	return (int64_t)x0;
}

const char *
psci_strerror(int64_t r)
{
	switch (r) {
	case 0:
		return "success";
	case -1:
		return "not supported";
	case -2:
		return "invalid parameters";
	case -3:
		return "denied";
	case -4:
		return "already on";
	case -5:
		return "on pending";
	case -6:
		return "internal failure";
	case -9:
		return "invalid address";
	default:
		return "unknown error";
	}
}
