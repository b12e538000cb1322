/* SPDX-License-Identifier: BSD-2-Clause */
/* thook_validate(): every malformed form is refused with its reason. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <tessera/hook.h>

#define I(c, dst, src, o, i)                                               \
	{                                                                  \
		(uint8_t)(c), (uint8_t)((src) << 4 | (dst)), (int16_t)(o), \
			(int32_t)(i)                                       \
	}
#define EXIT I(0x95, 0, 0, 0, 0)

struct bad {
	struct thook_insn prog[4];
	uint32_t n;
	uint32_t index;
	const char *why;
};

static const struct bad bad[] = {
	{{I(0xff, 0, 0, 0, 0), EXIT}, 2, 0, "unknown opcode"},
	{{I(0x07, 0, 1, 0, 1), EXIT}, 2, 0, "unused src field is not zero"},
	{{I(0x07, 0, 0, 1, 1), EXIT}, 2, 0, "unused offset is not zero"},
	{{I(0x0f, 0, 1, 0, 1), EXIT}, 2, 0, "unused immediate is not zero"},
	{{I(0x05, 1, 0, 0, 0), EXIT}, 2, 0, "unused dst field is not zero"},
	{{I(0x05, 0, 0, 0, 1), EXIT}, 2, 0, "unused immediate is not zero"},
	{{I(0x06, 0, 0, 1, 0), EXIT}, 2, 0, "unused offset is not zero"},
	{{I(0x0f, 11, 0, 0, 0), EXIT}, 2, 0, "register number above r10"},
	{{I(0x07, 10, 0, 0, 1), EXIT}, 2, 0, "frame pointer r10"},
	{{I(0x61, 10, 1, 0, 0), EXIT}, 2, 0, "frame pointer r10"},
	{{I(0x8c, 0, 1, 0, 0), EXIT}, 2, 0, "unknown opcode"},
	{{I(0x87, 0, 0, 0, 1), EXIT}, 2, 0, "unused immediate is not zero"},
	{{I(0xdf, 0, 0, 0, 16), EXIT}, 2, 0, "unknown opcode"},
	{{I(0xd4, 0, 0, 0, 8), EXIT}, 2, 0, "not 16, 32 or 64"},
	{{I(0xd4, 0, 1, 0, 16), EXIT}, 2, 0, "unused src field is not zero"},
	{{I(0xbf, 0, 1, 4, 0), EXIT}, 2, 0, "sign extension width"},
	{{I(0xbc, 0, 1, 32, 0), EXIT}, 2, 0, "sign extension width"},
	{{I(0xbf, 0, 1, 8, 1), EXIT}, 2, 0, "unused immediate is not zero"},
	{{I(0x37, 0, 0, 2, 1), EXIT}, 2, 0, "unused offset is not zero"},
	{{I(0x05, 0, 0, 5, 0), EXIT}, 2, 0, "jump target outside"},
	{{I(0x05, 0, 0, -2, 0), EXIT}, 2, 0, "jump target outside"},
	{{I(0x06, 0, 0, 0, 9), EXIT}, 2, 0, "jump target outside"},
	{{I(0x05, 0, 0, 1, 0), I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0), EXIT},
	 4,
	 0,
	 "middle of a 64-bit load"},
	{{I(0x85, 0, 1, 0, 7), EXIT}, 2, 0, "call target outside"},
	{{I(0x85, 0, 2, 0, 7), EXIT}, 2, 0, "unsupported call type"},
	{{I(0x85, 1, 0, 0, 7), EXIT}, 2, 0, "unused dst field is not zero"},
	{{I(0x8d, 2, 0, 0, 0), EXIT}, 2, 0, "unknown opcode"},
	{{I(0x86, 0, 0, 0, 0), EXIT}, 2, 0, "unknown opcode"},
	{{I(0x95, 0, 0, 0, 1)}, 1, 0, "unused immediate is not zero"},
	{{I(0xe5, 0, 0, 0, 0), EXIT}, 2, 0, "unknown opcode"},
	{{I(0x15, 0, 1, 0, 0), EXIT}, 2, 0, "unused src field is not zero"},
	{{I(0x1d, 0, 1, 0, 1), EXIT}, 2, 0, "unused immediate is not zero"},
	{{I(0x18, 0, 0, 0, 1)}, 1, 0, "incomplete 64-bit load"},
	{{I(0x18, 0, 0, 0, 1), I(0x18, 0, 0, 0, 0), EXIT}, 3, 0, "second slot"},
	{{I(0x18, 0, 2, 0, 1), I(0, 0, 0, 0, 0), EXIT}, 3, 0, "pseudo"},
	{{I(0x18, 0, 1, 0, 1), I(0, 0, 0, 0, 1), EXIT}, 3, 0, "upper half"},
	{{I(0x18, 0, 0, 1, 1), I(0, 0, 0, 0, 0), EXIT},
	 3,
	 0,
	 "unused offset is not zero"},
	{{I(0x20, 0, 0, 0, 1), EXIT}, 2, 0, "legacy packet"},
	{{I(0x61, 0, 1, 0, 1), EXIT}, 2, 0, "unused immediate is not zero"},
	{{I(0x99, 0, 1, 0, 0), EXIT}, 2, 0, "unknown opcode"},
	{{I(0xa1, 0, 1, 0, 0), EXIT}, 2, 0, "unknown opcode"},
	{{I(0x62, 0, 1, 0, 1), EXIT}, 2, 0, "unused src field is not zero"},
	{{I(0x63, 0, 1, 0, 1), EXIT}, 2, 0, "unused immediate is not zero"},
	{{I(0xdb, 0, 1, 0, 0x02), EXIT}, 2, 0, "unknown atomic operation"},
	{{I(0xdb, 0, 10, 0, 0x01), EXIT}, 2, 0, "frame pointer r10"},
	{{I(0xcb, 0, 1, 0, 0x00), EXIT}, 2, 0, "unknown opcode"},
	{{I(0x07, 0, 0, 0, 1)}, 1, 0, "falls off the end"},
	{{I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0)}, 2, 0, "falls off the end"},
	{{I(0x15, 0, 0, 0, 0)}, 1, 0, "jump target outside"},
	{{I(0x15, 0, 0, -1, 0)}, 1, 0, "falls off the end"},
	{{EXIT, I(0x07, 1, 0, 0, 1)}, 2, 1, "falls off the end"},
};

static void
test_thook_validate__refuses_malformed(void **state)
{
	struct thook_diag d;

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		memset(&d, 0, sizeof(d));
		assert_int_equal(thook_validate(bad[k].prog, bad[k].n, &d),
				 -THOOK_ENOEXEC);
		assert_int_equal(d.index, bad[k].index);
		if (strstr(d.msg, bad[k].why) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", k, d.msg,
				 bad[k].why);
	}
	/* Without a diag the verdict is the same. */
	assert_int_equal(thook_validate(bad[0].prog, bad[0].n, NULL),
			 -THOOK_ENOEXEC);
}

static void
test_thook_validate__accepts_every_form(void **state)
{
	static const struct thook_insn good[] = {
		I(0x07, 1, 0, 0, 1),	  I(0x0f, 1, 2, 0, 0),
		I(0x04, 1, 0, 0, 1),	  I(0x3f, 1, 2, 1, 0),
		I(0x9c, 1, 2, 1, 0),	  I(0xbf, 1, 2, 8, 0),
		I(0xbf, 1, 2, 16, 0),	  I(0xbf, 1, 2, 32, 0),
		I(0xbc, 1, 2, 8, 0),	  I(0xbc, 1, 2, 16, 0),
		I(0x87, 1, 0, 0, 0),	  I(0x84, 1, 0, 0, 0),
		I(0xd4, 1, 0, 0, 16),	  I(0xdc, 1, 0, 0, 32),
		I(0xd7, 1, 0, 0, 64),	  I(0x61, 1, 10, -4, 0),
		I(0x81, 1, 10, -4, 0),	  I(0x91, 1, 10, -4, 0),
		I(0x89, 1, 10, -4, 0),	  I(0x72, 10, 0, -1, 5),
		I(0x7b, 10, 1, -8, 0),	  I(0xdb, 10, 1, -8, 0x00),
		I(0xdb, 10, 1, -8, 0x41), I(0xc3, 10, 1, -8, 0xe1),
		I(0xc3, 10, 1, -8, 0xf1), I(0x18, 1, 0, 0, 1),
		I(0x00, 0, 0, 0, 2),	  I(0x15, 1, 0, 1, 0),
		I(0x2e, 1, 2, 0, 0),	  I(0x06, 0, 0, 0, 0),
		I(0x85, 0, 0, 0, 3),	  I(0x85, 0, 1, 0, 1),
		I(0x05, 0, 0, 1, 0),	  I(0x95, 0, 0, 0, 0),
		I(0x95, 0, 0, 0, 0),
	};
	struct thook_diag d;

	(void)state;
	assert_int_equal(
		thook_validate(good, sizeof(good) / sizeof(good[0]), &d), 0);
}

static void
test_thook_validate__bad_arguments(void **state)
{
	static const struct thook_insn one[] = {EXIT};

	(void)state;
	assert_int_equal(thook_validate(NULL, 1, NULL), -THOOK_EINVAL);
	assert_int_equal(thook_validate(one, 0, NULL), -THOOK_EINVAL);
	assert_int_equal(thook_validate(one, THOOK_MAX_INSNS + 1, NULL),
			 -THOOK_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook_validate__refuses_malformed),
		cmocka_unit_test(test_thook_validate__accepts_every_form),
		cmocka_unit_test(test_thook_validate__bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
