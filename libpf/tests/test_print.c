/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests for src/print.c: rules built without the parser, errors, and the
 * fixed point (printed rules parse back to themselves).
 */
#include "fixtures.h"

static void
test_tpf_rule_print__errors(void **state)
{
	struct tpf_rule r;
	char buf[32];

	(void)state;
	h_init();
	memset(&r, 0, sizeof(r));
	assert_int_equal(tpf_rule_print(NULL, &r, buf, sizeof(buf)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_rule_print(&h_rs, NULL, buf, sizeof(buf)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_rule_print(&h_rs, &r, NULL, sizeof(buf)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_rule_print(&h_rs, &r, buf, 0), -TPF_EINVAL);
	assert_int_equal(tpf_rule_print(&h_rs, &r, buf, 5), -TPF_ENOSPC);
	assert_string_equal(buf, "pass");
	assert_int_equal(tpf_rule_print(&h_rs, &r, buf, sizeof(buf)), 17);
	assert_string_equal(buf, "pass all no state");
}

static void
test_tpf_rule_print__hand_built(void **state)
{
	struct tpf_rule r;
	char buf[256];

	(void)state;
	h_init();
	memset(&r, 0, sizeof(r));
	r.action = TPF_BLOCK;
	r.ret = TPF_RET_ICMP;
	r.af = TPF_AF_INET;
	r.return_icmp = 200;
	r.proto = 253;
	r.src.type = TPF_ADDR_TABLE;
	r.src.table = 7; /* no such table: printed empty */
	r.dst.type = TPF_ADDR_DYNIF;
	r.dst.bits = 128;
	r.dst.dynmod = 9;
	memcpy(r.dst.ifname, "em0", 4);
	r.ifidx = 3; /* no such interface name: not printed */
	assert_true(tpf_rule_print(&h_rs, &r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "block return-icmp(200) inet proto 253 "
				 "from <> to (em0)");
	r.ret = TPF_RET_ICMP6;
	r.af = TPF_AF_INET6;
	r.return_icmp6 = 99;
	r.icmp_type = 100;
	r.icmp_code = 100;
	r.proto = 58;
	r.src.type = TPF_ADDR_ANY;
	r.dst.type = TPF_ADDR_ANY;
	assert_true(tpf_rule_print(&h_rs, &r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "block return-icmp6(99) inet6 proto "
				 "ipv6-icmp all icmp6-type 99 code 99");
	r.action = 7; /* unknown actions print as block drop variants */
	r.ret = 9;
	assert_true(tpf_rule_print(&h_rs, &r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "block drop inet6 proto ipv6-icmp all "
				 "icmp6-type 99 code 99");
}

static void
test_tpf_table_print__errors(void **state)
{
	char buf[64];

	(void)state;
	h_init();
	assert_int_equal(tpf_table_get(&h_rs, "t"), 0);
	assert_int_equal(tpf_table_print(NULL, 0, buf, sizeof(buf)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_table_print(&h_rs, 1, buf, sizeof(buf)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_table_print(&h_rs, 0, NULL, sizeof(buf)),
			 -TPF_EINVAL);
	assert_int_equal(tpf_table_print(&h_rs, 0, buf, 0), -TPF_EINVAL);
	assert_int_equal(tpf_table_print(&h_rs, 0, buf, 8), -TPF_ENOSPC);
	assert_int_equal(tpf_table_print(&h_rs, 0, buf, sizeof(buf)), 13);
	assert_string_equal(buf, "table <t> { }");
}

/* Every printed rule must parse back to the same text. */
static void
test_tpf_rule_print__fixed_point(void **state)
{
	static const char *const text =
		"set block-policy return\n"
		"block in quick on ! em0 inet proto tcp from 10.0.0.0/8 port "
		"1:1024 to ! <t> port 22 flags S/SA label \"l\" tag a\n"
		"block return-rst(ttl 3) out log (all) inet6 proto tcp to "
		"2001:db8::/32 port 1 >< 9\n"
		"block return-icmp(net-unr, admin-unr) proto udp\n"
		"pass in inet proto icmp icmp-type echoreq code 0 tos 0x10 "
		"keep state allow-opts ! tagged a\n"
		"pass out from (em0:network)/24 to no-route no state\n"
		"match in log (matches, user) all\n"
		"pass proto tcp from any to any port != 7 flags any modulate "
		"state\n";
	static char first[65536], second[65536];

	(void)state;
	assert_int_equal(h_parse(text, first, sizeof(first)), 0);
	/* Drop the echo line and parse the printed rules again. */
	assert_int_equal(
		h_parse(strchr(first, '\n') + 1, second, sizeof(second)), 0);
	assert_string_equal(strchr(first, '\n') + 1, second);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpf_rule_print__errors),
		cmocka_unit_test(test_tpf_rule_print__hand_built),
		cmocka_unit_test(test_tpf_table_print__errors),
		cmocka_unit_test(test_tpf_rule_print__fixed_point),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
