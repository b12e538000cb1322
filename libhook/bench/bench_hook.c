/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interpreter speed against the same work in native C, in one run:
 *
 *   checksum   16-bit ones' complement sum over a 1500-byte packet
 *   classify   a small packet classifier (ethertype, protocol, port)
 *
 * Each program runs on the unchecked and the checked interpreter and,
 * where the build's architecture has one, on the JIT (compiled once into
 * memory mapped executable here); the native version is the same
 * algorithm compiled with the benchmark, called through a function pointer.
 * Prints the median (thread CPU time) of 15 rounds and the ratio to native.
 * --smoke runs one short round and checks that all versions agree.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <tessera/hook.h>

#define ROUNDS 15
#define PKT    1500

static struct thook_asm as;
static struct thook_insn insns[256];
static struct thook_op ops[256];
static uint64_t stack[THOOK_STACK_BYTES / 8];
static uint8_t pkt[PKT];

static const char checksum_src[] = "mov %r0, 0\n"
				   "mov %r3, %r1\n"
				   "add %r3, %r2\n"
				   "loop:\n"
				   "jge %r1, %r3, fold\n"
				   "ldxh %r4, [%r1+0]\n"
				   "add %r0, %r4\n"
				   "add %r1, 2\n"
				   "ja loop\n"
				   "fold:\n"
				   "mov %r4, %r0\n"
				   "rsh %r4, 16\n"
				   "and %r0, 0xffff\n"
				   "add %r0, %r4\n"
				   "mov %r4, %r0\n"
				   "rsh %r4, 16\n"
				   "jne %r4, 0, fold\n"
				   "xor %r0, 0xffff\n"
				   "exit\n";

static const char classify_src[] = "mov %r0, 0\n"
				   "ldxh %r3, [%r1+12]\n"
				   "jne %r3, 0x0008, out\n"
				   "ldxb %r3, [%r1+23]\n"
				   "jeq %r3, 6, tcp\n"
				   "jeq %r3, 17, udp\n"
				   "mov %r0, 1\n"
				   "exit\n"
				   "tcp:\n"
				   "ldxh %r4, [%r1+36]\n"
				   "be16 %r4\n"
				   "mov %r0, 2\n"
				   "jeq %r4, 22, ssh\n"
				   "jeq %r4, 443, web\n"
				   "exit\n"
				   "udp:\n"
				   "ldxh %r4, [%r1+36]\n"
				   "be16 %r4\n"
				   "mov %r0, 3\n"
				   "jne %r4, 53, out\n"
				   "mov %r0, 4\n"
				   "exit\n"
				   "ssh:\n"
				   "mov %r0, 5\n"
				   "exit\n"
				   "web:\n"
				   "mov %r0, 6\n"
				   "out:\n"
				   "exit\n";

/* Natives are real calls, as a kernel calls a hook, and as the engines
 * are: not inlined into the timing loop. */
__attribute__((noinline)) static uint64_t
native_checksum(const uint8_t *p, uint64_t len)
{
	uint64_t sum = 0;
	uint16_t w;

	for (uint64_t i = 0; i < len; i += 2) {
		memcpy(&w, p + i, 2);
		sum += w;
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum ^ 0xffff;
}

__attribute__((noinline)) static uint64_t
native_classify(const uint8_t *p, uint64_t len)
{
	uint16_t type, port;

	(void)len;
	memcpy(&type, p + 12, 2);
	if (type != 0x0008)
		return 0;
	memcpy(&port, p + 36, 2);
	port = (uint16_t)(port >> 8 | port << 8);
	if (p[23] == 6)
		return port == 22 ? 5 : port == 443 ? 6 : 2;
	if (p[23] == 17)
		return port == 53 ? 4 : 3;
	return 1;
}

static double
now_ns(void)
{
	struct timespec ts;

	/* The thread's CPU time: time spent descheduled on a shared machine
	 * is not the program's; every engine is timed the same way. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

enum engine { NATIVE, INTERP, CHECKED, JIT };

/* The compiled program of the current benchmark (JIT engine). */
static thook_jit_fn jit_fn;

static volatile uint64_t sink;

/* Median ns per call of one engine on one program. */
static double
measure(enum engine e, const struct thook_prog *prog,
	uint64_t (*native)(const uint8_t *, uint64_t), long iters, int rounds)
{
	struct thook_region region = {(uint64_t)(uintptr_t)pkt, PKT,
				      THOOK_REGION_READ};
	double t[ROUNDS];
	struct thook_exec x;
	uint64_t r0 = 0;
	/* called through a pointer the compiler cannot see through, once per
	 * run, as the engines are: never inlined into the timing loop */
	uint64_t (*volatile nat)(const uint8_t *, uint64_t) = native;

	memset(&x, 0, sizeof(x));
	x.args[0] = (uint64_t)(uintptr_t)pkt;
	x.args[1] = PKT;
	x.stack = stack;
	x.stack_size = sizeof(stack);
	x.regions = &region;
	x.nregions = 1;
	for (int r = 0; r < rounds; r++) {
		double t0 = now_ns();

		for (long i = 0; i < iters; i++) {
			if (e == NATIVE)
				r0 = nat(pkt, PKT);
			else if (e == INTERP)
				(void)thook_run(prog, &x, &r0);
			else if (e ==
				 JIT) /* the direct call for verified code */
				(void)jit_fn(&x, &r0);
			else
				(void)thook_run_checked(prog, &x, &r0);
			sink += r0;
		}
		t[r] = (now_ns() - t0) / (double)iters;
	}
	qsort(t, (size_t)rounds, sizeof(t[0]), cmp_double);
	return t[rounds / 2];
}

static int
load(const char *src, struct thook_prog *prog)
{
	struct thook_diag d;
	int n = thook_asm(&as, src, strlen(src), insns, 256, &d);

	if (n < 0 ||
	    thook_prog_load(prog, ops, 256, insns, (uint32_t)n, NULL, 0, &d)) {
		fprintf(stderr, "bench: line %u: %s\n", d.line, d.msg);
		return -1;
	}
	return 0;
}

/*
 * Compile prog for the build's architecture into fresh executable memory;
 * jit_fn is NULL when there is no JIT for it.  Returns the mapping.
 */
static void *
jit_map(const struct thook_prog *prog, size_t *len)
{
	struct thook_jit j;
	size_t size;
	void *m, *entry;

	jit_fn = NULL;
	if (THOOK_JIT_HOST == 0 ||
	    thook_jit_size(prog, THOOK_JIT_HOST, &size) != 0)
		return NULL;
	*len = (size + 4095) & ~(size_t)4095;
	m = mmap(NULL, *len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	if (thook_jit_compile(prog, THOOK_JIT_HOST, m, size, &j) != 0 ||
	    mprotect(m, *len, PROT_READ | PROT_EXEC) != 0) {
		munmap(m, *len);
		return NULL;
	}
	__builtin___clear_cache((char *)m, (char *)m + size);
	entry = (char *)m + j.entry;
	memcpy(&jit_fn, &entry, sizeof(jit_fn));
	return m;
}

static int
bench(const char *name, const char *src,
      uint64_t (*native)(const uint8_t *, uint64_t), long iters, int rounds)
{
	struct thook_exec x;
	struct thook_prog prog;
	uint64_t a, b = 0;
	double n, i, c, j = 0;
	size_t len = 0;
	void *m;

	if (load(src, &prog) != 0)
		return 1;
	memset(&x, 0, sizeof(x));
	x.args[0] = (uint64_t)(uintptr_t)pkt;
	x.args[1] = PKT;
	x.stack = stack;
	x.stack_size = sizeof(stack);
	if (thook_run(&prog, &x, &a) != 0 || a != native(pkt, PKT)) {
		fprintf(stderr, "bench: %s: interpreter and native differ\n",
			name);
		return 1;
	}
	m = jit_map(&prog, &len);
	if (jit_fn != NULL && (thook_jit_run(jit_fn, &x, &b) != 0 || b != a)) {
		fprintf(stderr, "bench: %s: JIT and interpreter differ\n",
			name);
		return 1;
	}
	n = measure(NATIVE, &prog, native, iters, rounds);
	i = measure(INTERP, &prog, native, iters, rounds);
	c = measure(CHECKED, &prog, native, iters, rounds);
	if (jit_fn != NULL)
		j = measure(JIT, &prog, native, iters, rounds);
	printf("%-9s native %8.1f ns  interpreter %8.1f ns (%5.2fx)  "
	       "checked %8.1f ns (%5.2fx)",
	       name, n, i, i / n, c, c / n);
	if (jit_fn != NULL)
		printf("  jit %8.1f ns (%5.2fx)", j, j / n);
	printf("\n");
	if (m != NULL)
		munmap(m, len);
	return 0;
}

int
main(int argc, char **argv)
{
	int smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
	int rounds = smoke ? 1 : ROUNDS;

	for (int k = 0; k < PKT; k++)
		pkt[k] = (uint8_t)(k * 7 + 3);
	pkt[12] = 0x08, pkt[13] = 0x00, pkt[23] = 6, pkt[36] = 0, pkt[37] = 22;
	printf("median of %d rounds, ns per program run\n", rounds);
	if (bench("checksum", checksum_src, native_checksum, smoke ? 10 : 20000,
		  rounds) != 0 ||
	    bench("classify", classify_src, native_classify,
		  smoke ? 10 : 2000000, rounds) != 0)
		return 1;
	return 0;
}
