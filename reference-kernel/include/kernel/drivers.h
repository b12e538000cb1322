/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupt controller, architected timer, PSCI and the MT7988 watchdog. */
#ifndef KERNEL_DRIVERS_H
#define KERNEL_DRIVERS_H

#include <stdbool.h>
#include <stdint.h>

#include <kernel/platform.h>

#define GIC_SPURIOUS 1023

/* GICv2 distributor and CPU interface offsets. */
#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_IIDR	0x008
#define GICD_IGROUPR	0x080
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_SGIR	0xf00
#define GICD_IROUTER	0x6000
#define GICD_PIDR2_V3	0xffe8
#define GICC_CTLR	0x00
#define GICC_PMR	0x04
#define GICC_IAR	0x0c
#define GICC_EOIR	0x10
#define GICC_IIDR	0xfc

/* GICv3 distributor control bits and redistributor layout. */
#define GICD_CTLR_RWP	   (1u << 31)
#define GICD_CTLR_ARE	   (1u << 4)
#define GICD_CTLR_G1A	   (1u << 1)
#define GICD_CTLR_G1	   (1u << 0)
#define GICR_CTLR	   0x0000
#define GICR_IIDR	   0x0004
#define GICR_TYPER	   0x0008
#define GICR_WAKER	   0x0014
#define GICR_TYPER_VLPIS   (1u << 1)
#define GICR_TYPER_LAST	   (1u << 4)
#define GICR_WAKER_PSLEEP  (1u << 1)
#define GICR_WAKER_CASLEEP (1u << 2)
#define GICR_SGI_OFFSET	   0x10000
#define GICR_IGROUPR0	   0x0080
#define GICR_ISENABLER0	   0x0100
#define GICR_IPRIORITYR	   0x0400
#define GIC_SPIN_LIMIT	   1000000

struct gic {
	int version;
	uintptr_t gicd;
	uintptr_t gicc;		/* v2 */
	uintptr_t gicr;		/* v3: first redistributor frame */
	uint64_t gicr_size;	/* v3: size of the redistributor region */
	uintptr_t rd[MAX_CPUS]; /* v3: each CPU's RD_base */
	uint32_t nlines;
	uint32_t iidr;
};

int gicv2_init_dist(struct gic *g);
int gicv2_init_cpu(struct gic *g, unsigned int cpu, uint32_t ppi);
uint32_t gicv2_ack(const struct gic *g);
void gicv2_eoi(const struct gic *g, uint32_t intid);

int gicv3_init_dist(struct gic *g);
/* Find and wake this CPU's redistributor (by affinity) and enable @p ppi. */
int gicv3_init_redist(struct gic *g, unsigned int cpu, uint64_t mpidr,
		      uint32_t ppi);
void gicv3_init_cpuif(void);
uint32_t gicv3_ack(void);
void gicv3_eoi(uint32_t intid);

int gic_init_boot(struct gic *g, const struct platform *p);
int gic_init_this_cpu(struct gic *g, unsigned int cpu, uint64_t mpidr,
		      uint32_t ppi);
uint32_t gic_ack(const struct gic *g);
void gic_eoi(const struct gic *g, uint32_t intid);
void gic_spi_setup(const struct gic *g, uint32_t intid);
void gic_spi_enable(const struct gic *g, uint32_t intid, bool on);
void gic_sgi_setup(const struct gic *g, unsigned int cpu, uint32_t sgi);
void gic_sgi_send(const struct gic *g, unsigned int cpu, uint64_t mpidr,
		  uint32_t sgi);

/* EL1 virtual timer. */
uint64_t timer_count(void);
uint64_t timer_freq(void);
void timer_arm(uint64_t ticks);
void timer_stop(void);
uint64_t timer_ns(uint64_t count, uint64_t freq);

/* PSCI. */
#define PSCI_VERSION	  0x84000000u
#define PSCI_CPU_ON_64	  0xc4000003u
#define PSCI_SYSTEM_OFF	  0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_ALREADY_ON	  (-4)

void psci_set_conduit(enum psci_conduit c);
int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
const char *psci_strerror(int64_t r);

/* MediaTek TOPRGU watchdog (MT7988). */
#define MTK_WDT_MODE	    0x00
#define MTK_WDT_LENGTH	    0x04
#define MTK_WDT_RST	    0x08
#define MTK_WDT_STA	    0x0c
#define MTK_WDT_SWRST	    0x14
#define MTK_WDT_MODE_KEY    0x22000000u
#define MTK_WDT_MODE_EN	    (1u << 0)
#define MTK_WDT_MODE_EXTEN  (1u << 2)
#define MTK_WDT_MODE_IRQ_EN (1u << 3)
#define MTK_WDT_MODE_DUAL   (1u << 6)
#define MTK_WDT_RST_KEY	    0x1971u
#define MTK_WDT_SWRST_KEY   0x1209u
#define MTK_WDT_STA_HW	    (1u << 31)
#define MTK_WDT_STA_SW	    (1u << 30)

/* Returns the previous mode register; the watchdog is off afterwards. */
uint32_t mtk_wdt_disable(uintptr_t base);
void mtk_wdt_pet(uintptr_t base);
uint32_t mtk_wdt_status(uintptr_t base);
/* Write the software reset key; on hardware this does not return. */
void mtk_wdt_reset(uintptr_t base);

#endif
