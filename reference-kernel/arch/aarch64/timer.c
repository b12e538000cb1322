// SPDX-License-Identifier: BSD-2-Clause
/* Architected timer: the EL1 virtual timer (CNTVOFF is 0, set at EL2). */
#include <arch/sysreg.h>
#include <kernel/drivers.h>

uint64_t
timer_count(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

uint64_t
timer_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

void
timer_arm(uint64_t ticks)
{
	write_sysreg(cntv_tval_el0, ticks);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
}

void
timer_stop(void)
{
	write_sysreg(cntv_ctl_el0, 2);
	isb();
}

uint64_t
timer_ns(uint64_t count, uint64_t freq)
{
	if (freq == 0)
		return 0;
	return (count / freq) * 1000000000u +
	       (count % freq) * 1000000000u / freq;
}
