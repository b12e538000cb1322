// SPDX-License-Identifier: BSD-2-Clause
/*
 * Banana Pi BPI-R4 (MediaTek MT7988A) board port.  The console is the
 * MediaTek 16550 at 0x11000000 (reg-shift 2, 32-bit) when the device tree
 * cannot be trusted; the TOPRGU watchdog is stopped at boot and is the
 * reset of last resort; MediaTek's BL31 has no PSCI SYSTEM_OFF (it panics),
 * so power-off is a halt.
 */
#include <kernel/drivers.h>
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/port.h>

static const char *const compatible[] = {"bananapi,bpi-r4", "mediatek,mt7988a",
					 NULL};

static void
bpi_r4_init(struct platform *p)
{
	uintptr_t wdt;
	uint32_t mode, sta;

	if (p->wdt_pa == 0) {
		kprintf("watchdog: none in the device tree\n");
		return;
	}
	wdt = (uintptr_t)phys_to_virt(p->wdt_pa);
	sta = mtk_wdt_status(wdt);
	mode = mtk_wdt_disable(wdt);
	kprintf("watchdog: MT7988 TOPRGU at 0x%lx was %s, now stopped; "
		"last reset: %s\n",
		(unsigned long)p->wdt_pa,
		(mode & MTK_WDT_MODE_EN) ? "running" : "off",
		(sta & MTK_WDT_STA_HW)	 ? "watchdog timeout"
		: (sta & MTK_WDT_STA_SW) ? "software"
					 : "power-on");
}

static void
bpi_r4_reset(const struct platform *p)
{
	if (p->wdt_pa != 0)
		mtk_wdt_reset((uintptr_t)phys_to_virt(p->wdt_pa));
}

const struct board_port port_bpi_r4 = {
	.name = "bpi-r4",
	.compatible = compatible,
	.midr_part = 0xd09, /* Cortex-A73 */
	.early_uart = {.kind = UART_16550,
		       .pa = 0x11000000,
		       .shift = 2,
		       .width = 4},
	.has_system_off = false,
	.init = bpi_r4_init,
	.reset = bpi_r4_reset,
};
