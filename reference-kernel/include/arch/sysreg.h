/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AArch64 system register constants and accessors shared by the assembly
 * entry code and the C kernel.  Only what the kernel uses.
 */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

/* Virtual layout: 39-bit address spaces, 4 KiB granule. */
#define VA_BITS 39
#ifndef KERNEL_HOST_LINEAR0
/* LINEAR_BASE + PA: linear map of the first LINEAR_LIMIT bytes (256 GiB). */
#define LINEAR_BASE  0xffffff8000000000
#define LINEAR_LIMIT 0x4000000000
#else
/* Host tests: host memory stands in for RAM, "physical" = virtual. */
#define LINEAR_BASE  0
#define LINEAR_LIMIT 0xffffffffffffffffUL
#endif
#define KIMAGE_VBASE   0xffffffffc0000000 /* the kernel image, last 1 GiB */
#define PAGE_SHIFT     12
#define PAGE_SIZE      (1 << PAGE_SHIFT)
#define BLOCK2M	       0x200000
#define BLOCK1G	       0x40000000

#define STACK_SHIFT    14 /* 16 KiB kernel stack per CPU */
#define MAX_CPUS       8

#define SCTLR_EL1_RES1 0x30d00800
#define SCTLR_M	       (1 << 0)
#define SCTLR_C	       (1 << 2)
#define SCTLR_SA       (1 << 3)
#define SCTLR_I	       (1 << 12)

#define HCR_EL2_RW     (1 << 31)
#define SPSR_EL1H      0x3c5 /* EL1h, DAIF masked */
#define CPACR_FPEN     (3 << 20)
#define CPTR_EL2_NO    0x33ff

/* MAIR: 0 device nGnRE, 1 normal write-back, 2 normal non-cacheable. */
#define MAIR_VALUE  0x44ff04
#define ATTR_DEVICE 0
#define ATTR_NORMAL 1

/* TCR: T0SZ = T1SZ = 25, 4 KiB granules, inner shareable write-back walks. */
#define TCR_BASE                                                     \
	((25 << 0) | (1 << 8) | (1 << 10) | (3 << 12) | (25 << 16) | \
	 (1 << 24) | (1 << 26) | (3 << 28) | (2 << 30))
#define TCR_EPD0 (1 << 7)

/* Translation table descriptor bits. */
#define PTE_VALID    (1 << 0)
#define PTE_TABLE    (3 << 0)
#define PTE_BLOCK    (1 << 0)
#define PTE_PAGE     (3 << 0)
#define PTE_ATTR(i)  ((i) << 2)
#define PTE_RDONLY   (1 << 7) /* AP[2]: read-only at EL1 */
#define PTE_SH_INNER (3 << 8)
#define PTE_AF	     (1 << 10)
#define PTE_PXN	     (1UL << 53)
#define PTE_UXN	     (1UL << 54)

/* GICv3 CPU interface registers by encoding (old assemblers lack names). */
#define ICC_SRE_EL2	S3_4_C12_C9_5
#define ICH_HCR_EL2	S3_4_C12_C11_0
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1	S3_0_C12_C11_5

#ifndef __ASSEMBLER__
#include <stdint.h>

#define STR_(x) #x
#define STR(x)	STR_(x)

#define read_sysreg(r)                                          \
	({                                                      \
		uint64_t v_;                                    \
		__asm__ volatile("mrs %0, " STR(r) : "=r"(v_)); \
		v_;                                             \
	})
#define write_sysreg(r, v) \
	__asm__ volatile("msr " STR(r) ", %0" ::"r"((uint64_t)(v)))

static inline void
isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void
dsb_sy(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

static inline void
irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void
irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

static inline void
wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

static inline void
wfe(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

static inline void
sev(void)
{
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
}

/*
 * Counter event stream: an event each time counter bit 15 flips (about
 * every 0.5 ms at 62.5 MHz, 2.5 ms at 13 MHz), so that a WFE wait with a
 * time limit wakes up even when nobody signals.
 */
static inline void
event_stream_on(void)
{
	uint64_t v = read_sysreg(cntkctl_el1);

	v = (v & ~(uint64_t)0xf0) | (15 << 4) | (1 << 2);
	write_sysreg(cntkctl_el1, v);
	isb();
}

static inline void
cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}
#endif

#endif
