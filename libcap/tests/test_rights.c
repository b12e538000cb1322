/* SPDX-License-Identifier: BSD-2-Clause */
/* The rights algebra (src/rights.c). */
#include "fixtures.h"

static int obj_a;

static void
test_tcap_rights_limit__only_removes(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE,
		       TCAP_RIGHT_READ | TCAP_RIGHT_WRITE | TCAP_RIGHT_SEEK);
	/* A15: the same set is fine, a subset is fine. */
	assert_int_equal(tcap_rights_limit(&f->t, h, fx_rights(f, h)), 0);
	assert_int_equal(tcap_rights_limit(&f->t, h, TCAP_RIGHTS_PREAD), 0);
	assert_true(fx_rights(f, h) == TCAP_RIGHTS_PREAD);
	/* Adding one bit fails and changes nothing, even with removals. */
	assert_int_equal(tcap_rights_limit(&f->t, h, TCAP_RIGHT_WRITE),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(
		tcap_rights_limit(&f->t, h, TCAP_RIGHT_READ | TCAP_RIGHT_FSTAT),
		-TCAP_ENOTCAPABLE);
	assert_true(fx_rights(f, h) == TCAP_RIGHTS_PREAD);
	/* Lookups now see the smaller set. */
	assert_int_equal(tcap_lookup(&f->t, h, TCAP_RIGHT_WRITE, NULL),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_rights_limit(&f->t, h, 0), 0);
	assert_true(fx_rights(f, h) == 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_rights_limit__per_handle_not_per_object(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h, d;
	void *obj = NULL;

	(void)state;
	/* A17: rights live on the table entry, not on the object.  A
	 * duplicate starts with the source's rights; limiting either one
	 * leaves the other alone, and both still name the same object. */
	h = fx_install(f, &obj_a, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_duplicate(&f->t, h, TCAP_RIGHTS_SAME, &d), 0);
	assert_true(fx_rights(f, d) == fx_rights(f, h));
	assert_int_equal(tcap_rights_limit(&f->t, d, TCAP_RIGHT_READ), 0);
	assert_true(fx_rights(f, d) == TCAP_RIGHT_READ);
	assert_true(fx_rights(f, h) == tcap_type_rights(TCAP_OBJ_FILE));
	assert_int_equal(tcap_lookup(&f->t, h, TCAP_RIGHT_WRITE, &obj), 0);
	assert_ptr_equal(obj, &obj_a);
	assert_int_equal(tcap_lookup(&f->t, d, TCAP_RIGHT_WRITE, NULL),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_rights_limit(&f->t, h, TCAP_RIGHT_WRITE), 0);
	assert_true(fx_rights(f, d) == TCAP_RIGHT_READ);
	obj = NULL;
	assert_int_equal(tcap_lookup(&f->t, d, TCAP_RIGHT_READ, &obj), 0);
	assert_ptr_equal(obj, &obj_a);
	FX_TEARDOWN(f);
}

static void
test_tcap_rights_limit__errors(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_rights_limit(NULL, h, 0), -TCAP_EFAULT);
	assert_int_equal(tcap_rights_limit(&f->t, h + 4, 0), -TCAP_EBADF);
	/* A16: invalid bits are reported before the bad handle. */
	assert_int_equal(tcap_rights_limit(&f->t, h + 4, (uint64_t)1 << 62),
			 -TCAP_EINVAL);
	assert_int_equal(tcap_rights_limit(&f->t, h, TCAP_RIGHTS_SAME),
			 -TCAP_EINVAL);
	assert_true(fx_rights(f, h) == tcap_type_rights(TCAP_OBJ_FILE));
	FX_TEARDOWN(f);
}

static void
test_tcap_rights_limit__clears_subrights(void **state)
{
	FX_SETUP(f);
	const uint32_t cmds[2] = {1, 2};
	tcap_handle_t h;
	uint32_t mask = 99;
	struct tcap_table_stats st;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, cmds, 2), 0);
	assert_int_equal(tcap_fcntls_limit(&f->t, h, TCAP_FCNTL_GETFL), 0);
	/* A24: keeping the parent right keeps the sub-rights. */
	assert_int_equal(tcap_rights_limit(&f->t, h,
					   TCAP_RIGHT_IOCTL | TCAP_RIGHT_FCNTL |
						   TCAP_RIGHT_READ),
			 0);
	assert_int_equal(tcap_ioctls_get(&f->t, h, NULL, 0), 2);
	assert_int_equal(tcap_fcntls_get(&f->t, h, &mask), 0);
	assert_int_equal(mask, TCAP_FCNTL_GETFL);
	/* Dropping it clears them, and they cannot come back. */
	assert_int_equal(tcap_rights_limit(&f->t, h, TCAP_RIGHT_READ), 0);
	assert_int_equal(tcap_ioctls_get(&f->t, h, NULL, 0), 0);
	assert_int_equal(tcap_fcntls_get(&f->t, h, &mask), 0);
	assert_int_equal(mask, 0);
	assert_int_equal(tcap_ioctls_limit(&f->t, h, cmds, 1),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_fcntls_limit(&f->t, h, TCAP_FCNTL_GETFL),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_table_stats(&f->t, &st), 0);
	assert_int_equal(st.ioctl_free, FX_POOL);
	FX_TEARDOWN(f);
}

struct conv_case {
	struct tcap_caprights cr;
	uint64_t rights;
};

static const struct conv_case conv_cases[] = {
	{{0}, 0},
	{{.read = true}, TCAP_RIGHT_READ},
	{{.write = true}, TCAP_RIGHT_WRITE},
	{{.seek = true}, TCAP_RIGHT_SEEK},
	{{.mmap = true}, TCAP_RIGHTS_MMAP},
	{{.fstat = true}, TCAP_RIGHT_FSTAT},
	{{.ioctl = true}, TCAP_RIGHT_IOCTL},
	{{.connect = true}, TCAP_RIGHT_CONNECT},
	{{.accept = true}, TCAP_RIGHT_ACCEPT},
	{{.bind = true}, TCAP_RIGHT_BIND},
	{{true, true, true, true, true, true, true, true, true},
	 TCAP_RIGHT_READ | TCAP_RIGHT_WRITE | TCAP_RIGHT_SEEK |
		 TCAP_RIGHTS_MMAP | TCAP_RIGHT_FSTAT | TCAP_RIGHT_IOCTL |
		 TCAP_RIGHT_CONNECT | TCAP_RIGHT_ACCEPT | TCAP_RIGHT_BIND},
};

static void
test_tcap_rights_from_caprights__vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(conv_cases) / sizeof(conv_cases[0]); i++) {
		struct tcap_caprights back;

		assert_true(tcap_rights_from_caprights(&conv_cases[i].cr) ==
			    conv_cases[i].rights);
		assert_int_equal(
			tcap_rights_to_caprights(conv_cases[i].rights, &back),
			0);
		assert_memory_equal(&back, &conv_cases[i].cr, sizeof(back));
	}
	assert_true(tcap_rights_from_caprights(NULL) == 0);
}

static void
test_tcap_rights_to_caprights__partial_mmap(void **state)
{
	struct tcap_caprights cr;

	(void)state;
	assert_int_equal(tcap_rights_to_caprights(
				 TCAP_RIGHT_MMAP_X | TCAP_RIGHT_EVENT, &cr),
			 0);
	assert_true(cr.mmap);
	assert_false(cr.read);
	assert_int_equal(tcap_rights_to_caprights(0, NULL), -TCAP_EFAULT);
}

static void
test_tcap_caprights_limit__keeps_other_rights(void **state)
{
	FX_SETUP(f);
	struct tcap_caprights cr = {.read = true, .mmap = true};
	tcap_handle_t h;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_DMA,
		       TCAP_RIGHT_READ | TCAP_RIGHT_WRITE | TCAP_RIGHT_MMAP_R |
			       TCAP_RIGHT_TRANSFER);
	assert_int_equal(tcap_caprights_limit(&f->t, h, &cr), 0);
	/* WRITE goes, TRANSFER (not one of the nine) stays. */
	assert_true(fx_rights(f, h) == (TCAP_RIGHT_READ | TCAP_RIGHT_MMAP_R |
					TCAP_RIGHT_TRANSFER));
	cr.mmap = false;
	assert_int_equal(tcap_caprights_limit(&f->t, h, &cr), 0);
	assert_true(fx_rights(f, h) == (TCAP_RIGHT_READ | TCAP_RIGHT_TRANSFER));
	FX_TEARDOWN(f);
}

static void
test_tcap_caprights_limit__errors(void **state)
{
	FX_SETUP(f);
	struct tcap_caprights cr = {.read = true};
	tcap_handle_t h;

	(void)state;
	h = fx_install(f, NULL, TCAP_OBJ_FILE, TCAP_RIGHT_WRITE);
	assert_int_equal(tcap_caprights_limit(NULL, h, &cr), -TCAP_EFAULT);
	assert_int_equal(tcap_caprights_limit(&f->t, h, NULL), -TCAP_EFAULT);
	assert_int_equal(tcap_caprights_limit(&f->t, h + 4, &cr), -TCAP_EBADF);
	assert_int_equal(tcap_caprights_limit(&f->t, h, &cr),
			 -TCAP_ENOTCAPABLE);
	cr.read = false;
	cr.mmap = true;
	assert_int_equal(tcap_caprights_limit(&f->t, h, &cr),
			 -TCAP_ENOTCAPABLE);
	assert_true(fx_rights(f, h) == TCAP_RIGHT_WRITE);
	FX_TEARDOWN(f);
}

static void
test_tcap_type_rights__per_type(void **state)
{
	uint32_t type;

	(void)state;
	assert_true(tcap_type_rights(TCAP_OBJ_ANY) == 0);
	assert_true(tcap_type_rights(TCAP_OBJ_BUILTIN_COUNT) == 0);
	for (type = 1; type < TCAP_OBJ_BUILTIN_COUNT; type++) {
		uint64_t r = tcap_type_rights(type);

		assert_true((r & ~TCAP_RIGHTS_ALL) == 0);
		/* Every object can be transferred and duplicated. */
		assert_true((r & TCAP_RIGHT_TRANSFER) != 0);
		assert_true((r & TCAP_RIGHT_DUPLICATE) != 0);
	}
	assert_true((tcap_type_rights(TCAP_OBJ_DIR) & TCAP_RIGHT_LOOKUP) != 0);
	assert_true((tcap_type_rights(TCAP_OBJ_FILE) & TCAP_RIGHT_LOOKUP) == 0);
	assert_true((tcap_type_rights(TCAP_OBJ_MMIO) & TCAP_RIGHT_MMAP_X) == 0);
	assert_true((tcap_type_rights(TCAP_OBJ_SOCKET) & TCAP_RIGHT_BIND) != 0);
	assert_true((tcap_type_rights(TCAP_OBJ_PIPE) & TCAP_RIGHT_BIND) == 0);
	assert_true((tcap_type_rights(TCAP_OBJ_PROCESS) & TCAP_RIGHT_KILL) !=
		    0);
	assert_true((tcap_type_rights(TCAP_OBJ_IRQ) & TCAP_RIGHT_EVENT) != 0);
}

static void
test_tcap_rights_limit__process_rights(void **state)
{
	FX_SETUP(f);
	tcap_handle_t h;

	(void)state;
	/* A21: a process handle without KILL cannot signal the process. */
	h = fx_install(f, NULL, TCAP_OBJ_PROCESS, TCAP_RIGHTS_SAME);
	assert_int_equal(tcap_lookup_typed(&f->t, h, TCAP_OBJ_PROCESS,
					   TCAP_RIGHT_KILL, NULL),
			 0);
	assert_int_equal(tcap_rights_limit(&f->t, h, TCAP_RIGHT_WAIT), 0);
	assert_int_equal(tcap_lookup_typed(&f->t, h, TCAP_OBJ_PROCESS,
					   TCAP_RIGHT_KILL, NULL),
			 -TCAP_ENOTCAPABLE);
	assert_int_equal(tcap_lookup_typed(&f->t, h, TCAP_OBJ_PROCESS,
					   TCAP_RIGHT_WAIT, NULL),
			 0);
	FX_TEARDOWN(f);
}

static void
test_tcap_rights_to_prot__vectors(void **state)
{
	static const struct {
		uint64_t rights;
		uint32_t prot;
	} cases[] = {
		{0, 0},
		{TCAP_RIGHT_MMAP_R, 0}, /* A20: MMAP_R alone is not enough */
		{TCAP_RIGHTS_MMAP_R, TCAP_PROT_READ},
		{TCAP_RIGHTS_MMAP_W, TCAP_PROT_WRITE},
		{TCAP_RIGHTS_MMAP_X, TCAP_PROT_EXEC},
		{TCAP_RIGHTS_MMAP_R | TCAP_RIGHTS_MMAP_W,
		 TCAP_PROT_READ | TCAP_PROT_WRITE},
		{TCAP_RIGHTS_ALL,
		 TCAP_PROT_READ | TCAP_PROT_WRITE | TCAP_PROT_EXEC},
		{TCAP_RIGHTS_ALL & ~TCAP_RIGHT_SEEK, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(tcap_rights_to_prot(cases[i].rights),
				 cases[i].prot);
}

static void
test_tcap_prot_rights__vectors(void **state)
{
	uint32_t prot;

	(void)state;
	assert_true(tcap_prot_rights(0) == 0);
	assert_true(tcap_prot_rights(TCAP_PROT_READ) == TCAP_RIGHTS_MMAP_R);
	assert_true(tcap_prot_rights(TCAP_PROT_WRITE) == TCAP_RIGHTS_MMAP_W);
	assert_true(tcap_prot_rights(TCAP_PROT_EXEC) == TCAP_RIGHTS_MMAP_X);
	/* Round trip: the rights a protection needs allow exactly it. */
	for (prot = 0; prot < 8; prot++)
		assert_int_equal(tcap_rights_to_prot(tcap_prot_rights(prot)),
				 prot);
}

static void
test_tcap_open_rights__vectors(void **state)
{
	static const struct {
		uint32_t flags;
		uint64_t rights;
	} cases[] = {
		{0, TCAP_RIGHT_LOOKUP},
		{TCAP_OPEN_READ, TCAP_RIGHT_LOOKUP | TCAP_RIGHT_READ},
		{TCAP_OPEN_WRITE,
		 TCAP_RIGHT_LOOKUP | TCAP_RIGHT_WRITE | TCAP_RIGHT_SEEK},
		{TCAP_OPEN_WRITE | TCAP_OPEN_APPEND,
		 TCAP_RIGHT_LOOKUP | TCAP_RIGHT_WRITE},
		{TCAP_OPEN_APPEND, TCAP_RIGHT_LOOKUP},
		{TCAP_OPEN_CREATE, TCAP_RIGHT_LOOKUP | TCAP_RIGHT_CREATE},
		{TCAP_OPEN_TRUNC, TCAP_RIGHT_LOOKUP | TCAP_RIGHT_FTRUNCATE},
		{TCAP_OPEN_READ | TCAP_OPEN_WRITE | TCAP_OPEN_CREATE |
			 TCAP_OPEN_TRUNC,
		 TCAP_RIGHT_LOOKUP | TCAP_RIGHT_READ | TCAP_RIGHT_WRITE |
			 TCAP_RIGHT_SEEK | TCAP_RIGHT_CREATE |
			 TCAP_RIGHT_FTRUNCATE},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_true(tcap_open_rights(cases[i].flags) ==
			    cases[i].rights);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcap_rights_limit__only_removes),
		cmocka_unit_test(test_tcap_rights_limit__errors),
		cmocka_unit_test(
			test_tcap_rights_limit__per_handle_not_per_object),
		cmocka_unit_test(test_tcap_rights_limit__clears_subrights),
		cmocka_unit_test(test_tcap_rights_limit__process_rights),
		cmocka_unit_test(test_tcap_rights_from_caprights__vectors),
		cmocka_unit_test(test_tcap_rights_to_caprights__partial_mmap),
		cmocka_unit_test(test_tcap_caprights_limit__keeps_other_rights),
		cmocka_unit_test(test_tcap_caprights_limit__errors),
		cmocka_unit_test(test_tcap_type_rights__per_type),
		cmocka_unit_test(test_tcap_rights_to_prot__vectors),
		cmocka_unit_test(test_tcap_prot_rights__vectors),
		cmocka_unit_test(test_tcap_open_rights__vectors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
