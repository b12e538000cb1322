/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The README's GPIO example, compiled and run: a gpio scheme is served and
 * `cat /scheme/gpio/17` is done through the library API.  Keep the code
 * between the README markers identical to README.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* README example begins */
#include <tessera/scheme.h>

/* --- the embedding kernel: user memory and wake-ups --------------------- */
static uint8_t user_mem[2][64];	       /* client address spaces */
static struct tscheme_completion last; /* what woke the client */

static int
copy_to(void *ctx, uint32_t client, uint64_t uaddr, const void *src, size_t len)
{
	(void)ctx;
	if (client >= 2 || uaddr > 64 || len > 64 - uaddr)
		return -1; /* EFAULT */
	memcpy(&user_mem[client][uaddr], src, len);
	return 0;
}

static int
copy_from(void *ctx, uint32_t client, void *dst, uint64_t uaddr, size_t len)
{
	(void)ctx;
	if (client >= 2 || uaddr > 64 || len > 64 - uaddr)
		return -1;
	memcpy(dst, &user_mem[client][uaddr], len);
	return 0;
}

static void
complete(void *ctx, const struct tscheme_completion *c)
{
	(void)ctx;
	last = *c; /* a kernel would wake the thread waiting on c->cookie */
}

static void
event(void *ctx, uint32_t client, uint32_t handle, uint32_t events)
{
	(void)ctx, (void)client, (void)handle, (void)events; /* -> kevent */
}

static const struct tscheme_ops ops = {copy_to, copy_from, complete, event};

/* --- the gpio driver: a user-space server ------------------------------- */
static uint8_t pin_level[32] = {[17] = 1};
static struct {
	uint8_t pin, used, eof;
} files[8]; /* the driver's own handle ids index this table */

static void
gpio_serve(struct tscheme_ns *ns, uint32_t gpio)
{
	struct tscheme_request rq;
	unsigned pin = 0, i, n;

	while (tscheme_next(ns, gpio, &rq) == 0) {
		switch (rq.op) {
		case TSCHEME_OP_OPEN: /* rq.path is the remainder: "17" */
			for (i = 0; i < rq.path_len && pin < 32; i++)
				pin = pin * 10 + (unsigned)(rq.path[i] - '0');
			for (i = 0; i < 8 && files[i].used; i++)
				;
			if (rq.path_len == 0 || pin >= 32 || i == 8) {
				tscheme_answer(ns, gpio, rq.tag,
					       -TSCHEME_ENOENT);
				break;
			}
			files[i].pin = (uint8_t)pin;
			files[i].used = 1;
			files[i].eof = 0;
			tscheme_answer(ns, gpio, rq.tag, i); /* our id */
			break;
		case TSCHEME_OP_READ: { /* "1\n" once, then end of file */
			char text[2] = {pin_level[files[rq.id].pin] ? '1' : '0',
					'\n'};

			n = files[rq.id].eof ? 0
			    : rq.len < 2     ? (unsigned)rq.len
					     : 2;
			tscheme_put(ns, gpio, rq.tag, 0, text, n);
			files[rq.id].eof = 1;
			tscheme_answer(ns, gpio, rq.tag, n);
			break;
		}
		case TSCHEME_OP_CLOSE: /* one-way: no answer */
			files[rq.id].used = 0;
			break;
		default: /* Write, Stat ...; a Cancel notice: release its tag */
			tscheme_answer(ns, gpio, rq.tag, -TSCHEME_EBADF);
		}
	}
}

/* --- `cat /scheme/gpio/17` as client 1 ---------------------------------- */
static int
cat_gpio17(struct tscheme_ns *ns, uint32_t gpio, char *out, size_t cap)
{
	struct tscheme_call call = {.client = 1,
				    .op = TSCHEME_OP_OPEN,
				    .path = "/scheme/gpio/17",
				    .path_len = 15};
	uint32_t tag, handle;
	int64_t res;
	size_t got = 0;

	if (tscheme_submit(ns, &call, &tag, &res) != 0)
		return -1;
	gpio_serve(ns, gpio); /* the kernel would block the client here */
	if (last.result < 0)
		return (int)last.result;
	handle = (uint32_t)last.result;
	call = (struct tscheme_call){.client = 1,
				     .op = TSCHEME_OP_READ,
				     .handle = handle,
				     .buf = 0,
				     .len = 16};
	for (;;) {
		if (tscheme_submit(ns, &call, &tag, &res) != 0)
			return -1;
		gpio_serve(ns, gpio);
		if (last.result <= 0 || got + (size_t)last.result > cap)
			break;
		memcpy(out + got, user_mem[1], (size_t)last.result);
		got += (size_t)last.result;
	}
	tscheme_close(ns, 1, handle);
	gpio_serve(ns, gpio); /* the driver sees Close */
	return (int)got;
}

static int
gpio_example(char *out, size_t cap)
{
	static struct tscheme_scheme schemes[4];
	static uint16_t index[TSCHEME_INDEX_LEN(4)];
	static struct tscheme_handle handles[16];
	static struct tscheme_req reqs[16];
	static struct tscheme_lane lanes[16];
	static struct tscheme_ns ns;
	const struct tscheme_config cfg = {schemes,
					   index,
					   handles,
					   reqs,
					   lanes,
					   4,
					   TSCHEME_INDEX_LEN(4),
					   16,
					   16,
					   0x9e3779b9u /* secret */,
					   &ops,
					   NULL};
	uint32_t gpio;

	if (tscheme_init(&ns, &cfg) != 0 ||
	    tscheme_register(&ns, "gpio", 4, /*server*/ 7, 8, 2, &gpio) != 0)
		return -1;
	return cat_gpio17(&ns, gpio, out, cap); /* "1\n" */
}
/* README example ends */

static void
test_tscheme_submit__readme_gpio_example(void **state)
{
	char out[16];

	(void)state;
	memset(out, 0, sizeof(out));
	assert_int_equal(gpio_example(out, sizeof(out)), 2);
	assert_memory_equal(out, "1\n", 2);
	assert_int_equal(files[0].used, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tscheme_submit__readme_gpio_example),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
