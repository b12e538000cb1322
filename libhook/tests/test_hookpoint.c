/* SPDX-License-Identifier: BSD-2-Clause */
/* Hook points: loading verified programs, attach order, contracts,
 * detach, and the standard helpers at run time. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "vfixture.h"

static struct thook_op ops[4][VCAP];
static uint64_t stack[THOOK_STACK_BYTES / 8];
static char traced[64];
static uint32_t traced_len;

static void
trace_cb(void *arg, const void *data, uint32_t len)
{
	*(int *)arg += 1;
	memcpy(traced, data, len < sizeof(traced) ? len : sizeof(traced));
	traced_len = len;
}

static int
load(struct thook_hook_prog *hp, int slot, uint32_t hook, const char *text,
     struct thook_diag *d)
{
	struct thook_vcfg cfg;
	struct thook_vwork w;
	int n = vf_asm(text);

	assert_true(n > 0);
	vf_cfg(&cfg, &w, hook);
	return thook_hook_load(hp, ops[slot], VCAP, vf_insns, (uint32_t)n, &cfg,
			       &w, d);
}

static void
exec_init(struct thook_exec *x)
{
	memset(x, 0, sizeof(*x));
	x->stack = stack;
	x->stack_size = sizeof(stack);
}

/* Count syscalls per number in map 0; deny execve (59) with EPERM. */
static const char counter[] = "ldxdw %r2, [%r1+0]\n"
			      "stxdw [%r10-8], %r2\n"
			      "mov %r6, %r2\n"
			      "mov %r2, %r10\n"
			      "add %r2, -8\n"
			      "lddw %r1, map 0\n"
			      "call 1\n"
			      "jeq %r0, 0, insert\n"
			      "mov %r1, 1\n"
			      "lock add [%r0+0], %r1\n"
			      "ja done\n"
			      "insert:\n"
			      "stdw [%r10-24], 1\n"
			      "stdw [%r10-16], 0\n"
			      "lddw %r1, map 0\n"
			      "mov %r2, %r10\n"
			      "add %r2, -8\n"
			      "mov %r3, %r10\n"
			      "add %r3, -24\n"
			      "mov %r4, 0\n"
			      "call 2\n"
			      "done:\n"
			      "mov %r0, 0\n"
			      "jne %r6, 59, out\n"
			      "mov %r0, 1\n"
			      "out:\n"
			      "exit\n";

static void
test_thook_hook_run__syscall_policy_and_counter(void **state)
{
	const struct thook_hook_prog *slots[2];
	struct thook_hook_prog hp;
	struct thook_ctx_syscall_enter ctx = {0};
	struct thook_env env = {0};
	struct thook_diag d;
	struct thook_hook h;
	struct thook_exec x;
	uint64_t res = 99, key = 3, *val;

	(void)state;
	vf_maps_init();
	assert_int_equal(load(&hp, 0, THOOK_HOOK_SYSCALL_ENTER, counter, &d),
			 0);
	assert_int_equal(
		thook_hook_init(&h, THOOK_HOOK_SYSCALL_ENTER, slots, 2), 0);
	exec_init(&x);
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &res), 0);
	assert_int_equal(res, 0); /* nothing attached */
	assert_int_equal(thook_hook_attach(&h, &hp), 0);
	ctx.nr = 3;
	for (int k = 0; k < 5; k++) {
		assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &res), 0);
		assert_int_equal(res, 0);
	}
	val = thook_map_lookup(&vf_hash, &key);
	assert_non_null(val);
	assert_int_equal(*val, 5);
	ctx.nr = 59;
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &res), 0);
	assert_int_equal(res, 1);
}

static void
test_thook_hook_run__order_and_combination(void **state)
{
	const struct thook_hook_prog *slots[3];
	struct thook_hook_prog a, b, c, other;
	struct thook_ctx_syscall_enter ctx = {0};
	struct thook_ctx_ipc msg = {0};
	struct thook_env env = {0};
	struct thook_diag d;
	struct thook_hook h;
	struct thook_exec x;
	uint64_t res;

	(void)state;
	vf_maps_init();
	assert_int_equal(
		load(&a, 0, THOOK_HOOK_SYSCALL_ENTER, "mov %r0, 0\nexit\n", &d),
		0);
	assert_int_equal(load(&b, 1, THOOK_HOOK_SYSCALL_ENTER,
			      "mov %r0, 13\nexit\n", &d),
			 0);
	assert_int_equal(
		load(&c, 2, THOOK_HOOK_SYSCALL_ENTER, "mov %r0, 1\nexit\n", &d),
		0);
	assert_int_equal(load(&other, 3, THOOK_HOOK_IPC_SEND,
			      "ldxdw %r2, [%r1+32]\nadd %r2, 1\n"
			      "stxdw [%r1+32], %r2\nmov %r0, 0\n"
			      "jne %r2, 5, +1\nmov %r0, 1\nexit\n",
			      &d),
			 0);
	assert_int_equal(
		thook_hook_init(&h, THOOK_HOOK_SYSCALL_ENTER, slots, 3), 0);
	assert_int_equal(thook_hook_attach(&h, &other), -THOOK_EPERM);
	assert_int_equal(thook_hook_attach(&h, &a), 0);
	assert_int_equal(thook_hook_attach(&h, &a), -THOOK_EEXIST);
	assert_int_equal(thook_hook_attach(&h, &b), 0);
	assert_int_equal(thook_hook_attach(&h, &c), 0);
	assert_int_equal(thook_hook_attach(&h, &other), -THOOK_EPERM);
	exec_init(&x);
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &res), 0);
	assert_int_equal(res, 13); /* the first denial wins */
	assert_int_equal(thook_hook_detach(&h, &b), 0);
	assert_int_equal(thook_hook_detach(&h, &b), -THOOK_ENOENT);
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &res), 0);
	assert_int_equal(res, 1);
	assert_int_equal(thook_hook_attach(&h, &b), 0);
	assert_int_equal(thook_hook_attach(&h, &(struct thook_hook_prog){0}),
			 -THOOK_EINVAL);
	assert_int_equal(thook_hook_detach(&h, &c), 0);
	assert_int_equal(thook_hook_attach(&h, &c), 0);
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &res), 0);
	assert_int_equal(res, 13); /* order now a, b, c */
	/* IPC send: a message is dropped if any program says so. */
	assert_int_equal(thook_hook_init(&h, THOOK_HOOK_IPC_SEND, slots, 1), 0);
	assert_int_equal(thook_hook_attach(&h, &other), 0);
	assert_int_equal(thook_hook_attach(&h, &a), -THOOK_EPERM);
	msg.words[0] = 3;
	assert_int_equal(thook_hook_run(&h, &msg, &env, &x, &res), 0);
	assert_int_equal(res, 0);
	assert_int_equal(msg.words[0], 4);
	assert_int_equal(thook_hook_run(&h, &msg, &env, &x, &res), 0);
	assert_int_equal(res, 1);
	assert_int_equal(thook_hook_attach(&h, &other), -THOOK_EEXIST);
	assert_int_equal(thook_hook_detach(&h, &other), 0);
	assert_int_equal(thook_hook_attach(&h, &other), 0);
	assert_int_equal(thook_hook_attach(&h, &(struct thook_hook_prog){0}),
			 -THOOK_EINVAL);
	/* Full. */
	assert_int_equal(
		thook_hook_init(&h, THOOK_HOOK_SYSCALL_ENTER, slots, 1), 0);
	assert_int_equal(thook_hook_attach(&h, &a), 0);
	assert_int_equal(thook_hook_attach(&h, &b), -THOOK_ENOSPC);
}

static void
test_thook_hook_run__helpers_read_env(void **state)
{
	const struct thook_hook_prog *slots[1];
	struct thook_hook_prog hp;
	struct thook_ctx_syscall_exit ctx = {0};
	struct thook_env env = {0};
	struct thook_diag d;
	struct thook_hook h;
	struct thook_exec x;
	uint32_t k0 = 0, k1 = 1, k2 = 2;
	uint64_t res;
	int calls = 0;

	(void)state;
	vf_maps_init();
	/* array[0] = ktime, array[1] = pid, array[2] = trace's result */
	assert_int_equal(
		load(&hp, 0, THOOK_HOOK_SYSCALL_EXIT,
		     "call 5\nmov %r6, %r0\ncall 14\nmov %r7, %r0\n"
		     "stdw [%r10-8], 0x216948\nmov %r1, %r10\nadd %r1, -8\n"
		     "mov %r2, 3\ncall 6\nmov %r8, %r0\n"
		     "stw [%r10-12], 0\nmov %r2, %r10\nadd %r2, -12\n"
		     "lddw %r1, map 1\ncall 1\njeq %r0, 0, +1\n"
		     "stxdw [%r0+0], %r6\n"
		     "stw [%r10-12], 1\nmov %r2, %r10\nadd %r2, -12\n"
		     "lddw %r1, map 1\ncall 1\njeq %r0, 0, +1\n"
		     "stxdw [%r0+0], %r7\n"
		     "stw [%r10-12], 2\nmov %r2, %r10\nadd %r2, -12\n"
		     "lddw %r1, map 1\ncall 1\njeq %r0, 0, +1\n"
		     "stxdw [%r0+0], %r8\n"
		     "stw [%r10-12], 2\nmov %r2, %r10\nadd %r2, -12\n"
		     "lddw %r1, map 0\ncall 3\n"
		     "mov %r0, 0\nexit\n",
		     &d),
		0);
	assert_int_equal(thook_hook_init(&h, THOOK_HOOK_SYSCALL_EXIT, slots, 1),
			 0);
	assert_int_equal(thook_hook_attach(&h, &hp), 0);
	env.now = 123456789;
	env.pid = 42;
	env.trace = trace_cb;
	env.trace_arg = &calls;
	exec_init(&x);
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &res), 0);
	assert_int_equal(res, 0);
	assert_int_equal(*(uint64_t *)thook_map_lookup(&vf_array, &k0),
			 123456789);
	assert_int_equal(*(uint64_t *)thook_map_lookup(&vf_array, &k1), 42);
	assert_int_equal(*(uint64_t *)thook_map_lookup(&vf_array, &k2), 3);
	assert_int_equal(calls, 1);
	assert_int_equal(traced_len, 3);
	assert_memory_equal(traced, "Hi!", 3);
	/* Without a trace callback the helper still returns the size. */
	env.trace = NULL;
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &res), 0);
	assert_int_equal(calls, 1);
}

static void
test_thook_hook_load__errors(void **state)
{
	struct thook_hook_prog hp;
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_diag d;
	struct thook_prog prog;
	int n;

	(void)state;
	vf_maps_init();
	n = vf_asm("mov %r0, 0\nexit\n");
	vf_cfg(&cfg, &w, THOOK_HOOK_SYSCALL_ENTER);
	assert_int_equal(thook_hook_load(NULL, ops[0], VCAP, vf_insns,
					 (uint32_t)n, &cfg, &w, &d),
			 -THOOK_EINVAL);
	assert_int_equal(thook_hook_load(&hp, NULL, VCAP, vf_insns, (uint32_t)n,
					 &cfg, &w, &d),
			 -THOOK_EINVAL);
	assert_int_equal(thook_hook_load(&hp, ops[0], 1, vf_insns, (uint32_t)n,
					 &cfg, &w, &d),
			 -THOOK_ENOSPC);
	assert_int_equal(load(&hp, 0, THOOK_HOOK_SYSCALL_ENTER, "exit\n", &d),
			 -THOOK_ENOEXEC);
	/* The plain loader refuses map references: no map table. */
	n = vf_asm("lddw %r1, map 0\nmov %r0, 0\nexit\n");
	assert_int_equal(thook_prog_load(&prog, ops[0], VCAP, vf_insns,
					 (uint32_t)n, NULL, 0, &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "lddw %r1, map 0: map reference"));
}

static void
test_thook_hook_run__errors(void **state)
{
	const struct thook_hook_prog *slots[1];
	struct thook_hook_prog hp;
	struct thook_ctx_interrupt ctx = {0};
	struct thook_env env = {0};
	struct thook_diag d;
	struct thook_hook h;
	struct thook_exec x;
	uint64_t res;

	(void)state;
	vf_maps_init();
	assert_int_equal(thook_hook_init(NULL, 0, slots, 1), -THOOK_EINVAL);
	assert_int_equal(thook_hook_init(&h, 0, NULL, 1), -THOOK_EINVAL);
	assert_int_equal(thook_hook_init(&h, 0, slots, 0), -THOOK_EINVAL);
	assert_int_equal(thook_hook_init(&h, THOOK_HOOK_COUNT, slots, 1),
			 -THOOK_EINVAL);
	assert_int_equal(load(&hp, 0, THOOK_HOOK_INTERRUPT,
			      "mov %r0, 0\nmov %r2, 0\nl:\nadd %r2, 1\n"
			      "jlt %r2, 100, l\nexit\n",
			      &d),
			 0);
	assert_int_equal(thook_hook_init(&h, THOOK_HOOK_INTERRUPT, slots, 1),
			 0);
	assert_int_equal(thook_hook_attach(NULL, &hp), -THOOK_EINVAL);
	assert_int_equal(thook_hook_attach(&h, NULL), -THOOK_EINVAL);
	assert_int_equal(thook_hook_detach(NULL, &hp), -THOOK_EINVAL);
	assert_int_equal(thook_hook_detach(&h, NULL), -THOOK_EINVAL);
	assert_int_equal(thook_hook_attach(&h, &hp), 0);
	exec_init(&x);
	assert_int_equal(thook_hook_run(NULL, &ctx, &env, &x, &res),
			 -THOOK_EINVAL);
	assert_int_equal(thook_hook_run(&h, NULL, &env, &x, &res),
			 -THOOK_EINVAL);
	assert_int_equal(thook_hook_run(&h, &ctx, NULL, &x, &res),
			 -THOOK_EINVAL);
	assert_int_equal(thook_hook_run(&h, &ctx, &env, NULL, &res),
			 -THOOK_EINVAL);
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, NULL),
			 -THOOK_EINVAL);
	x.budget = 10;
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &res),
			 -THOOK_ELIMIT);
	x.budget = 0;
	assert_int_equal(thook_hook_run(&h, &ctx, &env, &x, &res), 0);
}

static void
test_thook_hook_find__names(void **state)
{
	(void)state;
	for (uint32_t k = 0; k < THOOK_HOOK_COUNT; k++)
		assert_int_equal(thook_hook_find(thook_hook_name(k)), (int)k);
	assert_string_equal(thook_hook_name(THOOK_HOOK_IPC_RECV), "ipc_recv");
	assert_string_equal(thook_hook_name(99), "?");
	assert_int_equal(thook_hook_find("ipc"), -THOOK_ENOENT);
	assert_int_equal(thook_hook_find("ipc_send_x"), -THOOK_ENOENT);
	assert_int_equal(thook_hook_find(NULL), -THOOK_ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_thook_hook_run__syscall_policy_and_counter),
		cmocka_unit_test(test_thook_hook_run__order_and_combination),
		cmocka_unit_test(test_thook_hook_run__helpers_read_env),
		cmocka_unit_test(test_thook_hook_load__errors),
		cmocka_unit_test(test_thook_hook_run__errors),
		cmocka_unit_test(test_thook_hook_find__names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
