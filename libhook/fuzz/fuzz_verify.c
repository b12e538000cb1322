/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Verifier fuzz target.  Input: one byte choosing the hook point (bit 7
 * set: build the program from pieces hook programs are made of, choices
 * taken from the rest of the input, so that many programs pass), then a
 * program (8-byte slots).  Property: a program the verifier accepts never
 * faults when run with every memory access checked against its hook's
 * context (writable bytes writable, the rest read-only), the map storage
 * and the stack, and it always ends.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <tessera/hook.h>

#define CAP 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct thook_insn insns[CAP];
static struct thook_op ops[CAP];
static struct thook_vstate pending[64];
static struct thook_vstate seen[64];
static uint32_t heads[CAP];
static uint64_t stack[THOOK_STACK_BYTES / 8];
static uint64_t ctx[8];
static uint64_t hash_mem[512], array_mem[64];
static struct thook_map hash, array;
static const struct thook_map *maps[2] = {&hash, &array};
static const uint64_t seed[2] = {5, 7};

/* Writable bytes of each hook's context, as the documentation says. */
static const struct {
	uint32_t size, wr_lo, wr_hi;
} layout[THOOK_HOOK_COUNT] = {
	{64, 0, 0}, {64, 0, 0}, {64, 32, 64},
	{64, 0, 0}, {32, 0, 0}, {32, 0, 0},
};

/* Touch every traced byte so that ASan checks the helper's reads. */
static void
trace(void *arg, const void *p, uint32_t len)
{
	uint8_t sum = 0;

	for (uint32_t k = 0; k < len; k++)
		sum = (uint8_t)(sum ^ ((const uint8_t *)p)[k]);
	*(uint8_t *)arg = sum;
}

static struct thook_asm as;
static char text[16384];

struct bytes {
	const uint8_t *p;
	size_t n;
};

static unsigned
pick(struct bytes *b, unsigned n)
{
	unsigned v = 0;

	if (b->n > 0) {
		v = *b->p++;
		b->n--;
	}
	return v % n;
}

/* Assemble a program from input-chosen pieces; its slot count or 0. */
static uint32_t
structured(struct bytes *b)
{
	static const char *const alu[] = {
		"add", "sub", "mul", "div",  "or",    "and",   "lsh",
		"rsh", "mod", "xor", "arsh", "add32", "and32", "neg"};
	static const char *const jmp[] = {"jeq",  "jgt",   "jge",   "jset",
					  "jne",  "jsgt",  "jlt",   "jle",
					  "jslt", "jeq32", "jsgt32"};
	static const char *const sz[] = {"b", "h", "w", "dw"};
	size_t len = 0;
	unsigned pieces = 1 + pick(b, 24);
	int n;

#define EMIT(...) \
	len += (size_t)snprintf(text + len, sizeof(text) - len, __VA_ARGS__)
	EMIT("mov %%r0, 0\nmov %%r6, 0\nmov %%r7, 1\nmov %%r8, 2\n");
	for (unsigned k = 1; k <= 8; k++)
		EMIT("stdw [%%r10-%u], %u\n", 8 * k, pick(b, 4));
	for (unsigned k = 0; k < pieces && len < sizeof(text) - 512; k++) {
		unsigned d = 6 + pick(b, 3), s2 = 6 + pick(b, 3);

		switch (pick(b, 9)) {
		case 0:
			EMIT("ldx%s %%r%u, [%%r1+%u]\n", sz[pick(b, 4)], d,
			     pick(b, 72));
			break;
		case 1:
			EMIT("st%s [%%r10-%u], %u\n", sz[pick(b, 4)],
			     1 + pick(b, 80), pick(b, 100));
			break;
		case 2:
			EMIT("ldx%s %%r%u, [%%r10-%u]\n", sz[pick(b, 4)], d,
			     1 + pick(b, 80));
			break;
		case 3:
			if (pick(b, 2))
				EMIT("%s %%r%u, %u\n", alu[pick(b, 13)], d,
				     pick(b, 70));
			else
				EMIT("%s %%r%u, %%r%u\n", alu[pick(b, 13)], d,
				     s2);
			break;
		case 4:
			EMIT("%s %%r%u, %u, +1\nmov %%r%u, %u\n",
			     jmp[pick(b, 11)], d, pick(b, 50), s2, pick(b, 9));
			break;
		case 5:
			EMIT("stdw [%%r10-8], %u\nmov %%r2, %%r10\n"
			     "add %%r2, -8\nlddw %%r1, map %u\ncall 1\n"
			     "mov %%r1, %%r0\njeq %%r0, 0, +1\n"
			     "ldx%s %%r%u, [%%r0+%u]\nldxdw %%r1, [%%r10-16]\n",
			     pick(b, 4), pick(b, 2), sz[pick(b, 4)], d,
			     pick(b, 18));
			break;
		case 6:
			EMIT("mov %%r9, 0\nadd %%r9, 1\njlt %%r9, %u, -2\n",
			     1 + pick(b, 30));
			break;
		case 7:
			EMIT("and %%r%u, %u\nmov %%r2, %%r%u\nadd %%r2, %%r1\n"
			     "ldx%s %%r%u, [%%r2+%u]\n",
			     d, 63u >> pick(b, 4), d, sz[pick(b, 4)], s2,
			     pick(b, 8));
			break;
		default:
			EMIT("and %%r%u, %u\nmov %%r2, %%r10\nadd %%r2, -64\n"
			     "add %%r2, %%r%u\nst%s [%%r2+0], 1\n",
			     d, 127u >> pick(b, 4), d, sz[pick(b, 4)]);
			break;
		}
	}
	EMIT("%s\nexit\n", pick(b, 2) ? "and %r0, 1" : "mov %r0, %r6");
#undef EMIT
	n = thook_asm(&as, text, len, insns, CAP, NULL);
	return n > 0 ? (uint32_t)n : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct thook_hook_prog hp;
	struct thook_region regions[4];
	uint8_t traced = 0;
	struct thook_env env = {77, 42, trace, &traced};
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_exec x;
	uint32_t hook, n;
	uint64_t r0;
	int err;

	if (size < 2)
		return 0;
	hook = (data[0] & 0x7f) % THOOK_HOOK_COUNT;
	n = (uint32_t)((size - 1) / 8);
	if (data[0] & 0x80) {
		struct bytes b = {data + 1, size - 1};

		n = structured(&b);
	} else if (n > CAP) {
		return 0;
	}
	for (uint32_t i = 0; i < n && !(data[0] & 0x80); i++) {
		const uint8_t *p = data + 1 + 8 * i;

		insns[i].code = p[0];
		insns[i].regs = p[1];
		insns[i].off = (int16_t)(uint16_t)(p[2] | p[3] << 8);
		insns[i].imm =
			(int32_t)((uint32_t)p[4] | (uint32_t)p[5] << 8 |
				  (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24);
	}
	if (thook_map_init(&hash, THOOK_MAP_HASH, 8, 16, 8, hash_mem,
			   sizeof(hash_mem), seed) != 0 ||
	    thook_map_init(&array, THOOK_MAP_ARRAY, 4, 8, 4, array_mem,
			   sizeof(array_mem), NULL) != 0)
		__builtin_trap();
	memset(&cfg, 0, sizeof(cfg));
	cfg.hook = hook;
	cfg.maps = maps;
	cfg.nmaps = 2;
	cfg.helpers = thook_std_helpers;
	cfg.nhelpers = THOOK_STD_HELPERS;
	cfg.max_work = 200000;
	memset(&w, 0, sizeof(w));
	w.pending = pending;
	w.npending = 64;
	w.seen = seen;
	w.nseen = 64;
	w.heads = heads;
	w.nheads = CAP;
	if (thook_hook_load(&hp, ops, CAP, insns, n, &cfg, &w, NULL) != 0)
		return 0;
	for (unsigned k = 0; k < 8; k++)
		ctx[k] = (uint64_t)k * 0x0101010101010101ull;
	regions[0] = (struct thook_region){
		(uint64_t)(uintptr_t)ctx, layout[hook].size, THOOK_REGION_READ};
	regions[1] = (struct thook_region){
		(uint64_t)(uintptr_t)ctx + layout[hook].wr_lo,
		layout[hook].wr_hi - layout[hook].wr_lo,
		THOOK_REGION_READ | THOOK_REGION_WRITE};
	regions[2] = (struct thook_region){
		(uint64_t)(uintptr_t)hash_mem, sizeof(hash_mem),
		THOOK_REGION_READ | THOOK_REGION_WRITE};
	regions[3] = (struct thook_region){
		(uint64_t)(uintptr_t)array_mem, sizeof(array_mem),
		THOOK_REGION_READ | THOOK_REGION_WRITE};
	memset(&x, 0, sizeof(x));
	x.args[0] = (uint64_t)(uintptr_t)ctx;
	x.stack = stack;
	x.stack_size = sizeof(stack);
	x.regions = regions;
	x.nregions = 4;
	x.helper_env = &env;
	x.budget = 10000000;
	err = thook_run_checked(&hp.prog, &x, &r0);
	if (err != 0)
		__builtin_trap(); /* the verifier accepted a faulting program */
	if (hook == THOOK_HOOK_SYSCALL_ENTER ? r0 > 4095
	    : hook == THOOK_HOOK_IPC_SEND    ? r0 > 1
					     : r0 != 0)
		__builtin_trap(); /* outside the hook's return contract */
	return 0;
}
