/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for src/registry.c: init, registration, the root listing. */
#include "harness.h"

static void
test_tscheme_init__rejects_bad_config(void **state)
{
	static struct fx fx;
	static struct tscheme_ops ops;
	struct tscheme_config cfg;
	struct tscheme_ns ns;
	int i;

	(void)state;
	assert_int_equal(tscheme_init(NULL, NULL), -TSCHEME_EINVAL);
	fx_config(&fx, &cfg, 4, 4, 4);
	assert_int_equal(tscheme_init(&ns, NULL), -TSCHEME_EINVAL);
	for (i = 0; i < 19; i++) {
		fx_config(&fx, &cfg, 4, 4, 4);
		ops = fx_ops;
		switch (i) {
		case 0:
			cfg.schemes = NULL;
			break;
		case 1:
			cfg.index = NULL;
			break;
		case 2:
			cfg.handles = NULL;
			break;
		case 3:
			cfg.reqs = NULL;
			break;
		case 4:
			cfg.lanes = NULL;
			break;
		case 5:
			cfg.ops = NULL;
			break;
		case 6:
			ops.copy_to_client = NULL;
			cfg.ops = &ops;
			break;
		case 7:
			ops.copy_from_client = NULL;
			cfg.ops = &ops;
			break;
		case 8:
			ops.complete = NULL;
			cfg.ops = &ops;
			break;
		case 9:
			ops.event = NULL;
			cfg.ops = &ops;
			break;
		case 10:
			cfg.nschemes = 0;
			break;
		case 11:
			cfg.nschemes = 70000;
			break;
		case 12:
			cfg.nhandles = 0;
			break;
		case 13:
			cfg.nhandles = 70000;
			break;
		case 14:
			cfg.nreqs = 0;
			break;
		case 15:
			cfg.nreqs = 70000;
			break;
		case 16:
			cfg.index_len = 12;
			break;
		case 17:
			cfg.index_len = 4;
			break;
		default:
			cfg.index_len = 131072;
			break;
		}
		if (tscheme_init(&ns, &cfg) != -TSCHEME_EINVAL)
			fail_msg("config case %d accepted", i);
	}
	fx_config(&fx, &cfg, 4, 4, 4);
	assert_int_equal(tscheme_init(&ns, &cfg), 0);
}

static void
test_tscheme_init__index_len_macro(void **state)
{
	(void)state;
	assert_int_equal(TSCHEME_INDEX_LEN(1), 2);
	assert_int_equal(TSCHEME_INDEX_LEN(3), 8);
	assert_int_equal(TSCHEME_INDEX_LEN(1000), 2048);
	assert_int_equal(TSCHEME_INDEX_LEN(65535), 65536);
}

static void
test_tscheme_register__errors(void **state)
{
	struct fx *fx = fx_new_sized(2, 4, 4);
	struct tscheme_usage u;
	uint32_t s;

	(void)state;
	assert_int_equal(tscheme_register(NULL, "a", 1, 0, 1, 1, &s),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_register(&fx->ns, "a", 1, 0, 1, 1, NULL),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_register(&fx->ns, "a", 1, 0, 0, 1, &s),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_register(&fx->ns, "a", 1, 0, 70000, 1, &s),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_register(&fx->ns, "a", 1, 0, 2, 0, &s),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_register(&fx->ns, "a", 1, 0, 2, 3, &s),
			 -TSCHEME_EINVAL);
	assert_int_equal(tscheme_register(&fx->ns, "", 0, 0, 2, 1, &s),
			 -TSCHEME_EPATHEMPTY);
	assert_int_equal(tscheme_register(&fx->ns, "A", 1, 0, 2, 1, &s),
			 -TSCHEME_EBADNAME);
	assert_int_equal(tscheme_register(&fx->ns,
					  "abcdefghijabcdefghijabcdefghijab",
					  32, 0, 2, 1, &s),
			 -TSCHEME_ENAMETOOLONG);
	assert_int_equal(tscheme_register(&fx->ns, "gpio", 4, 0, 2, 1, &s), 0);
	assert_int_not_equal(s, 0);
	assert_int_equal(tscheme_register(&fx->ns, "gpio", 4, 9, 2, 1, &s),
			 -TSCHEME_EEXIST);
	assert_int_equal(tscheme_register(&fx->ns, "net", 3, 0, 2, 1, &s), 0);
	assert_int_equal(tscheme_register(&fx->ns, "usb", 3, 0, 2, 1, &s),
			 -TSCHEME_ENOSPC);
	assert_int_equal(tscheme_usage(&fx->ns, &u), 0);
	assert_int_equal(u.schemes, 2);
	assert_int_equal(tscheme_usage(NULL, &u), -TSCHEME_EINVAL);
	assert_int_equal(tscheme_usage(&fx->ns, NULL), -TSCHEME_EINVAL);
}

static void
test_tscheme_unregister__frees_name_and_token(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_resolved out;
	uint32_t s = fx_register(fx, "gpio", 1), s2;

	(void)state;
	assert_int_equal(tscheme_unregister(&fx->ns, s), 0);
	assert_int_equal(tscheme_unregister(&fx->ns, s), -TSCHEME_EBADF);
	assert_int_equal(tscheme_unregister(&fx->ns, 0), -TSCHEME_EBADF);
	assert_int_equal(tscheme_unregister(&fx->ns, 0xFFFFu), -TSCHEME_EBADF);
	assert_int_equal(tscheme_unregister(NULL, s), -TSCHEME_EBADF);
	assert_int_equal(tscheme_resolve(&fx->ns, "/scheme/gpio", 12, 0, &out),
			 -TSCHEME_ENODEV);
	s2 = fx_register(fx, "gpio", 2);
	assert_int_not_equal(s2, s);
	assert_int_equal(tscheme_unregister(&fx->ns, s), -TSCHEME_EBADF);
	assert_int_equal(tscheme_resolve(&fx->ns, "/scheme/gpio", 12, 0, &out),
			 0);
	assert_int_equal(out.scheme, s2);
}

/* Deleting from the middle of probe chains (backward shift) must keep
 * every other name reachable, whatever the order of removal. */
static void
test_tscheme_unregister__keeps_chains(void **state)
{
	struct fx *fx = fx_new_sized(8, 4, 4);
	struct tscheme_resolved out;
	uint32_t tok[8];
	char name[8], path[32];
	unsigned round, i, j;

	(void)state;
	for (round = 0; round < 8; round++) {
		for (i = 0; i < 8; i++) {
			snprintf(name, sizeof(name), "n%u", i + round * 8);
			tok[i] = fx_register(fx, name, 0);
		}
		for (i = 0; i < 8; i++) {
			unsigned victim = (i * 5 + round) % 8;

			assert_int_equal(
				tscheme_unregister(&fx->ns, tok[victim]), 0);
			tok[victim] = 0;
			for (j = 0; j < 8; j++) {
				int n = snprintf(path, sizeof(path),
						 "/scheme/n%u", j + round * 8);
				int rc = tscheme_resolve(&fx->ns, path,
							 (size_t)n, 0, &out);

				if (tok[j] == 0) {
					assert_int_equal(rc, -TSCHEME_ENODEV);
				} else {
					assert_int_equal(rc, 0);
					assert_int_equal(out.scheme, tok[j]);
				}
			}
		}
	}
}

static void
test_tscheme_server_exit__only_its_schemes(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_usage u;

	(void)state;
	fx_register(fx, "a", 1);
	fx_register(fx, "b", 2);
	fx_register(fx, "c", 1);
	assert_int_equal(tscheme_server_exit(&fx->ns, 1), 2);
	assert_int_equal(tscheme_server_exit(&fx->ns, 1), 0);
	assert_int_equal(tscheme_server_exit(NULL, 1), 0);
	assert_int_equal(tscheme_usage(&fx->ns, &u), 0);
	assert_int_equal(u.schemes, 1);
}

static uint32_t
open_root(struct fx *fx, uint32_t client)
{
	uint32_t tag = 99;
	int64_t res = -1;

	assert_int_equal(fx_open(fx, client, "/scheme", &tag, &res),
			 TSCHEME_DONE);
	assert_int_equal(tag, 0);
	assert_true(res > 0);
	return (uint32_t)res;
}

static void
test_tscheme_submit__root_lists_names(void **state)
{
	struct fx *fx = fx_new();
	uint32_t root, tag, s;
	int64_t res;

	(void)state;
	fx_register(fx, "gpio", 1);
	s = fx_register(fx, "net", 1);
	fx_register(fx, "usb", 1);
	assert_int_equal(tscheme_unregister(&fx->ns, s), 0);
	root = open_root(fx, 1);
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_READ, root, 0, 100, &tag, &res),
		TSCHEME_DONE);
	assert_int_equal(res, 9);
	assert_memory_equal(fx->mem[1], "gpio\nusb\n", 9);
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_READ, root, 0, 100, &tag, &res),
		TSCHEME_DONE);
	assert_int_equal(res, 0);
	/* Read in small pieces through a second root handle. */
	root = open_root(fx, 2);
	memset(fx->mem[2], 0, 16);
	for (s = 0; s < 3; s++) {
		assert_int_equal(fx_call(fx, 2, TSCHEME_OP_READ, root, s * 3u,
					 3, &tag, &res),
				 TSCHEME_DONE);
		assert_int_equal(res, 3);
	}
	assert_memory_equal(fx->mem[2], "gpio\nusb\n", 9);
	assert_int_equal(tscheme_close(&fx->ns, 1, root), -TSCHEME_EBADF);
	assert_int_equal(tscheme_close(&fx->ns, 2, root), 0);
	assert_int_equal(tscheme_client_exit(&fx->ns, 1), 1);
	fx_assert_empty(fx);
}

static void
test_tscheme_submit__root_stat_seek_dup(void **state)
{
	struct fx *fx = fx_new();
	struct tscheme_stat st;
	struct tscheme_call c;
	uint32_t root, dup, tag;
	int64_t res;

	(void)state;
	fx_register(fx, "gpio", 1);
	root = open_root(fx, 1);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_STAT, root, 64,
				 sizeof(st) - 1, &tag, &res),
			 -TSCHEME_EFAULT);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_STAT, root, 64, sizeof(st),
				 &tag, &res),
			 TSCHEME_DONE);
	assert_int_equal(res, 0);
	memcpy(&st, &fx->mem[1][64], sizeof(st));
	assert_int_equal(st.size, 5);
	assert_int_equal(st.mode, TSCHEME_MODE_DIR);
	memset(&c, 0, sizeof(c));
	c.client = 1;
	c.op = TSCHEME_OP_SEEK;
	c.handle = root;
	c.whence = TSCHEME_SEEK_END;
	c.offset = -2;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res), TSCHEME_DONE);
	assert_int_equal(res, 3);
	c.whence = TSCHEME_SEEK_CUR;
	c.offset = 1;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res), TSCHEME_DONE);
	assert_int_equal(res, 4);
	c.offset = -5;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_EINVAL);
	c.offset = INT64_MAX;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_EINVAL);
	c.whence = 7;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_EINVAL);
	c.whence = TSCHEME_SEEK_SET;
	c.offset = INT64_MIN;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res),
			 -TSCHEME_EINVAL);
	c.offset = 4;
	assert_int_equal(tscheme_submit(&fx->ns, &c, &tag, &res), TSCHEME_DONE);
	assert_int_equal(res, 4);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_DUP, root, 0, 0, &tag, &res),
			 TSCHEME_DONE);
	dup = (uint32_t)res;
	assert_int_not_equal(dup, root);
	/* The dup starts at the same position: one byte ("\n") left. */
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_READ, dup, 0, 8, &tag, &res),
			 TSCHEME_DONE);
	assert_int_equal(res, 1);
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_WRITE, root, 0, 8, &tag, &res),
		-TSCHEME_EBADF);
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_SUBSCRIBE, root, 0, 0, &tag, &res),
		-TSCHEME_EBADF);
	assert_int_equal(tscheme_client_exit(&fx->ns, 1), 2);
	fx_assert_empty(fx);
}

static void
test_tscheme_submit__root_copy_fault_and_no_slot(void **state)
{
	struct fx *fx = fx_new_sized(4, 1, 4);
	uint32_t root, tag;
	int64_t res;

	(void)state;
	fx_register(fx, "gpio", 1);
	root = open_root(fx, 1);
	assert_int_equal(fx_open(fx, 1, "/scheme", &tag, &res),
			 -TSCHEME_ENOSPC);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_DUP, root, 0, 0, &tag, &res),
			 -TSCHEME_ENOSPC);
	fx->fail_copy = 1;
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_READ, root, 0, 8, &tag, &res),
		-TSCHEME_EFAULT);
	assert_int_equal(fx_call(fx, 1, TSCHEME_OP_STAT, root, 0,
				 sizeof(struct tscheme_stat), &tag, &res),
			 -TSCHEME_EFAULT);
	fx->fail_copy = 0;
	/* The failed read left the position alone. */
	assert_int_equal(
		fx_call(fx, 1, TSCHEME_OP_READ, root, 0, 8, &tag, &res),
		TSCHEME_DONE);
	assert_int_equal(res, 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tscheme_init__rejects_bad_config),
		cmocka_unit_test(test_tscheme_init__index_len_macro),
		cmocka_unit_test(test_tscheme_register__errors),
		cmocka_unit_test(test_tscheme_unregister__frees_name_and_token),
		cmocka_unit_test(test_tscheme_unregister__keeps_chains),
		cmocka_unit_test(test_tscheme_server_exit__only_its_schemes),
		cmocka_unit_test(test_tscheme_submit__root_lists_names),
		cmocka_unit_test(test_tscheme_submit__root_stat_seek_dup),
		cmocka_unit_test(
			test_tscheme_submit__root_copy_fault_and_no_slot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
