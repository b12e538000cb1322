/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hook points: their contexts and contracts, the standard helpers, and
 * loading, attaching and running verified programs.
 */
#include "verify_impl.h"

#define HOOK_MAGIC 0x686f6f6bu

const struct thook__hook_info thook__hooks[THOOK_HOOK_COUNT] = {
	[THOOK_HOOK_SYSCALL_ENTER] = {"syscall_enter", 64, 0, 0, 0, 4095},
	[THOOK_HOOK_SYSCALL_EXIT] = {"syscall_exit", 64, 0, 0, 0, 0},
	[THOOK_HOOK_IPC_SEND] = {"ipc_send", 64, 32, 64, 0, 1},
	[THOOK_HOOK_IPC_RECV] = {"ipc_recv", 64, 0, 0, 0, 0},
	[THOOK_HOOK_TASK_SWITCH] = {"task_switch", 32, 0, 0, 0, 0},
	[THOOK_HOOK_INTERRUPT] = {"interrupt", 32, 0, 0, 0, 0},
};

const char *
thook_hook_name(uint32_t hook)
{
	return hook < THOOK_HOOK_COUNT ? thook__hooks[hook].name : "?";
}

int
thook_hook_find(const char *name)
{
	if (name == NULL)
		return -THOOK_ENOENT;
	for (uint32_t k = 0; k < THOOK_HOOK_COUNT; k++) {
		const char *a = thook__hooks[k].name, *b = name;

		while (*a != '\0' && *a == *b)
			a++, b++;
		if (*a == *b)
			return (int)k;
	}
	return -THOOK_ENOENT;
}

/* The standard helpers.  r1 of the map helpers is the map itself: the
 * loader turns map references into struct thook_map addresses. */
static uint64_t
h_lookup(void *env, uint64_t map, uint64_t key, uint64_t a3, uint64_t a4,
	 uint64_t a5)
{
	(void)env, (void)a3, (void)a4, (void)a5;
	return (uint64_t)(uintptr_t)thook_map_lookup(
		(const struct thook_map *)(uintptr_t)map,
		(const void *)(uintptr_t)key);
}

static uint64_t
h_update(void *env, uint64_t map, uint64_t key, uint64_t value, uint64_t flags,
	 uint64_t a5)
{
	(void)env, (void)a5;
	return (uint64_t)(int64_t)thook_map_update(
		(struct thook_map *)(uintptr_t)map,
		(const void *)(uintptr_t)key, (const void *)(uintptr_t)value,
		flags);
}

static uint64_t
h_delete(void *env, uint64_t map, uint64_t key, uint64_t a3, uint64_t a4,
	 uint64_t a5)
{
	(void)env, (void)a3, (void)a4, (void)a5;
	return (uint64_t)(int64_t)thook_map_delete(
		(struct thook_map *)(uintptr_t)map,
		(const void *)(uintptr_t)key);
}

static uint64_t
h_ktime(void *env, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
	uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return ((const struct thook_env *)env)->now;
}

static uint64_t
h_pid(void *env, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
      uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return ((const struct thook_env *)env)->pid;
}

static uint64_t
h_trace(void *env, uint64_t data, uint64_t len, uint64_t a3, uint64_t a4,
	uint64_t a5)
{
	const struct thook_env *e = env;

	(void)a3, (void)a4, (void)a5;
	if (e->trace != NULL)
		e->trace(e->trace_arg, (const void *)(uintptr_t)data,
			 (uint32_t)len);
	return len;
}

#define ALL_HOOKS ((1u << THOOK_HOOK_COUNT) - 1u)
#define TASK_HOOKS   \
	(ALL_HOOKS & \
	 ~((1u << THOOK_HOOK_INTERRUPT) | (1u << THOOK_HOOK_TASK_SWITCH)))

const struct thook_helper_proto thook_std_helpers[THOOK_STD_HELPERS] = {
	{THOOK_FN_MAP_LOOKUP,
	 ALL_HOOKS,
	 h_lookup,
	 "map_lookup_elem",
	 THOOK_RET_MAP_VALUE_OR_NULL,
	 {THOOK_ARG_MAP, THOOK_ARG_MAP_KEY}},
	{THOOK_FN_MAP_UPDATE,
	 ALL_HOOKS,
	 h_update,
	 "map_update_elem",
	 THOOK_RET_SCALAR,
	 {THOOK_ARG_MAP, THOOK_ARG_MAP_KEY, THOOK_ARG_MAP_VALUE,
	  THOOK_ARG_SCALAR}},
	{THOOK_FN_MAP_DELETE,
	 ALL_HOOKS,
	 h_delete,
	 "map_delete_elem",
	 THOOK_RET_SCALAR,
	 {THOOK_ARG_MAP, THOOK_ARG_MAP_KEY}},
	{THOOK_FN_KTIME,
	 ALL_HOOKS,
	 h_ktime,
	 "ktime_get_ns",
	 THOOK_RET_SCALAR,
	 {0}},
	{THOOK_FN_TRACE,
	 TASK_HOOKS,
	 h_trace,
	 "trace",
	 THOOK_RET_SCALAR,
	 {THOOK_ARG_MEM, THOOK_ARG_SIZE}},
	{THOOK_FN_CURRENT_PID,
	 TASK_HOOKS,
	 h_pid,
	 "get_current_pid",
	 THOOK_RET_SCALAR,
	 {0}},
};

static const struct thook_helper_proto *
find_proto(const struct thook_vcfg *cfg, uint64_t id)
{
	for (uint32_t k = 0; k < cfg->nhelpers; k++)
		if (cfg->helpers[k].id == id && cfg->helpers[k].fn != NULL)
			return &cfg->helpers[k];
	return NULL;
}

int
thook_hook_load(struct thook_hook_prog *hp, struct thook_op *ops, uint32_t cap,
		const struct thook_insn *insns, uint32_t n,
		const struct thook_vcfg *cfg, struct thook_vwork *work,
		struct thook_diag *diag)
{
	const char *why;
	uint32_t i;
	int err, len;

	if (hp == NULL || ops == NULL)
		return -THOOK_EINVAL;
	if ((err = thook_verify(insns, n, cfg, work, diag)) != 0)
		return err;
	if (cap < THOOK_PROG_OPS(n))
		return -THOOK_ENOSPC;
	for (i = 0; i < n; i += (uint32_t)len) {
		len = thook__decode(insns, n, i, true, &ops[i], &why);
		THOOK_ASSERT(len > 0);
		if (len == 2) {
			THOOK_MEMSET(&ops[i + 1], 0, sizeof(ops[i + 1]));
			ops[i + 1].kind = K_EXIT;
			if (ops[i].src == 1) /* proven in range */
				ops[i].imm = (uint64_t)(uintptr_t)
						     cfg->maps[ops[i].imm];
		}
		if (ops[i].kind == K_CALL)
			ops[i].fn = find_proto(cfg, ops[i].imm)->fn;
	}
	thook__prog_finish(ops, n);
	hp->prog.ops = ops;
	hp->prog.n = n;
	hp->hook = cfg->hook;
	hp->magic = HOOK_MAGIC;
	return 0;
}

int
thook_hook_init(struct thook_hook *h, uint32_t point,
		const struct thook_hook_prog **slots, uint32_t cap)
{
	if (h == NULL || slots == NULL || cap == 0 || point >= THOOK_HOOK_COUNT)
		return -THOOK_EINVAL;
	h->progs = slots;
	h->cap = cap;
	h->n = 0;
	h->point = point;
	return 0;
}

int
thook_hook_attach(struct thook_hook *h, const struct thook_hook_prog *hp)
{
	if (h == NULL || hp == NULL || hp->magic != HOOK_MAGIC)
		return -THOOK_EINVAL;
	if (hp->hook != h->point)
		return -THOOK_EPERM;
	for (uint32_t k = 0; k < h->n; k++)
		if (h->progs[k] == hp)
			return -THOOK_EEXIST;
	if (h->n == h->cap)
		return -THOOK_ENOSPC;
	h->progs[h->n++] = hp;
	return 0;
}

int
thook_hook_detach(struct thook_hook *h, const struct thook_hook_prog *hp)
{
	uint32_t k;

	if (h == NULL || hp == NULL)
		return -THOOK_EINVAL;
	for (k = 0; k < h->n && h->progs[k] != hp; k++)
		;
	if (k == h->n)
		return -THOOK_ENOENT;
	for (; k + 1 < h->n; k++)
		h->progs[k] = h->progs[k + 1];
	h->n--;
	return 0;
}

int
thook_hook_run(const struct thook_hook *h, void *ctx, struct thook_env *env,
	       struct thook_exec *x, uint64_t *result)
{
	uint64_t res = 0, r0;
	int err;

	if (h == NULL || ctx == NULL || env == NULL || x == NULL ||
	    result == NULL)
		return -THOOK_EINVAL;
	for (uint32_t k = 0; k < h->n; k++) {
		THOOK_MEMSET(x->args, 0, sizeof(x->args));
		x->args[0] = (uint64_t)(uintptr_t)ctx;
		x->helper_env = env;
		if ((err = thook_run(&h->progs[k]->prog, x, &r0)) != 0)
			return err;
		if (h->point == THOOK_HOOK_SYSCALL_ENTER && res == 0)
			res = r0;
		else if (h->point == THOOK_HOOK_IPC_SEND)
			res |= r0;
	}
	*result = res;
	return 0;
}
