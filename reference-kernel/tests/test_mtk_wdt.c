// SPDX-License-Identifier: BSD-2-Clause
/* MT7988 TOPRGU watchdog against a register model. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>

#include <kernel/drivers.h>

#include "regmodel.h"

static void
test_mtk_wdt_disable__clears_enable_with_key(void **state)
{
	uint32_t last = 0;
	uint32_t was;

	(void)state;
	rm_reset();
	rm_set(MTK_WDT_MODE, MTK_WDT_MODE_EN | MTK_WDT_MODE_IRQ_EN |
				     MTK_WDT_MODE_DUAL | MTK_WDT_MODE_EXTEN);
	was = mtk_wdt_disable(RM_BASE);
	assert_true(was & MTK_WDT_MODE_EN);
	assert_int_equal(rm_writes_to(MTK_WDT_MODE, &last), 1);
	assert_int_equal(last, MTK_WDT_MODE_KEY | MTK_WDT_MODE_EXTEN);
	assert_int_equal(rm_writes_to(MTK_WDT_SWRST, NULL), 0);
}

static void
test_mtk_wdt_pet__reload_key(void **state)
{
	uint32_t last = 0;

	(void)state;
	rm_reset();
	mtk_wdt_pet(RM_BASE);
	assert_int_equal(rm_writes_to(MTK_WDT_RST, &last), 1);
	assert_int_equal(last, MTK_WDT_RST_KEY);
}

static void
test_mtk_wdt_reset__swrst_after_mode(void **state)
{
	uint32_t last = 0;

	(void)state;
	rm_reset();
	rm_set(MTK_WDT_MODE, MTK_WDT_MODE_IRQ_EN | MTK_WDT_MODE_DUAL);
	mtk_wdt_reset(RM_BASE);
	assert_int_equal(rm_writes_to(MTK_WDT_MODE, &last), 1);
	assert_int_equal(last, MTK_WDT_MODE_KEY | MTK_WDT_MODE_EXTEN);
	assert_int_equal(rm_writes_to(MTK_WDT_SWRST, &last), 1);
	assert_int_equal(last, MTK_WDT_SWRST_KEY);
	/* The reset key is the last write. */
	assert_int_equal(rm.log[rm.nlog - 1].off, MTK_WDT_SWRST);
}

static void
test_mtk_wdt_status__reason_bits(void **state)
{
	(void)state;
	rm_reset();
	rm_set(MTK_WDT_STA, MTK_WDT_STA_HW);
	assert_int_equal(mtk_wdt_status(RM_BASE), MTK_WDT_STA_HW);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mtk_wdt_disable__clears_enable_with_key),
		cmocka_unit_test(test_mtk_wdt_pet__reload_key),
		cmocka_unit_test(test_mtk_wdt_reset__swrst_after_mode),
		cmocka_unit_test(test_mtk_wdt_status__reason_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
