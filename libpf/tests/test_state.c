#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <tessera/pf.h>
static void
test_x__y(void **s)
{
	(void)s;
	assert_true(1);
}
int
main(void)
{
	const struct CMUnitTest t[] = {cmocka_unit_test(test_x__y)};
	return cmocka_run_group_tests(t, NULL, NULL);
}
