// SPDX-License-Identifier: BSD-2-Clause
/*
 * MediaTek TOPRGU watchdog (MT7988).  Every write to MODE carries the key,
 * RST reloads the counter, SWRST resets the SoC at once.
 */
#include <kernel/drivers.h>
#include <kernel/mmio.h>

uint32_t
mtk_wdt_disable(uintptr_t base)
{
	uint32_t mode = mmio_read32(base + MTK_WDT_MODE);
	uint32_t v = mode & 0xffffu;

	v &= ~(MTK_WDT_MODE_EN | MTK_WDT_MODE_IRQ_EN | MTK_WDT_MODE_DUAL);
	mmio_write32(base + MTK_WDT_MODE, MTK_WDT_MODE_KEY | v);
	return mode;
}

void
mtk_wdt_pet(uintptr_t base)
{
	mmio_write32(base + MTK_WDT_RST, MTK_WDT_RST_KEY);
}

uint32_t
mtk_wdt_status(uintptr_t base)
{
	return mmio_read32(base + MTK_WDT_STA);
}

void
mtk_wdt_reset(uintptr_t base)
{
	uint32_t v = mmio_read32(base + MTK_WDT_MODE) & 0xffffu;

	/* A reset, not an interrupt: clear IRQ/dual mode, drive the pin. */
	v &= ~(MTK_WDT_MODE_IRQ_EN | MTK_WDT_MODE_DUAL);
	v |= MTK_WDT_MODE_EXTEN;
	mmio_write32(base + MTK_WDT_MODE, MTK_WDT_MODE_KEY | v);
	mtk_wdt_pet(base);
	mmio_write32(base + MTK_WDT_SWRST, MTK_WDT_SWRST_KEY);
}
