// SPDX-License-Identifier: BSD-2-Clause
/* GICv3 CPU interface through the ICC_* system registers. */
#include <arch/sysreg.h>
#include <kernel/drivers.h>

void
gicv3_init_cpuif(void)
{
	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1);
	isb();
	write_sysreg(ICC_PMR_EL1, 0xf0);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, 0);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
}

uint32_t
gicv3_ack(void)
{
	uint32_t id = (uint32_t)read_sysreg(ICC_IAR1_EL1);

	__asm__ volatile("dsb sy" ::: "memory");
	return id & 0xffffff;
}

void
gicv3_eoi(uint32_t intid)
{
	write_sysreg(ICC_EOIR1_EL1, intid);
	isb();
}
