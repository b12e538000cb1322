/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for the promise parser and pledge().  Properties:
 * never crashes; the canonical text form is idempotent (format, parse,
 * format gives the same text and set); a successful pledge() never grows
 * a pledged set; a failed one changes nothing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tessera/pledge.h>

static void
check_canonical(uint64_t set)
{
	char a[TPLEDGE_FORMAT_MAX], b[TPLEDGE_FORMAT_MAX];
	uint64_t back;
	int n, m;

	n = tpledge_promises_format(set, a, sizeof(a));
	if (n < 0)
		abort();
	if (tpledge_promises_parse(a, (size_t)n, &back, NULL) != 0 ||
	    back != set)
		abort();
	m = tpledge_promises_format(back, b, sizeof(b));
	if (m != n || memcmp(a, b, (size_t)n + 1) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct tpledge_state st, before;
	struct tpledge_span bad;
	uint64_t s1 = 0, s2 = 0;
	size_t cut = 0;
	int rc1, rc2;

	/* First text up to a '|', the second after it. */
	while (cut < size && data[cut] != '|')
		cut++;
	rc1 = tpledge_promises_parse(text, cut, &s1, &bad);
	if (rc1 == -TPLEDGE_EINVAL &&
	    ((size_t)bad.offset + bad.length > cut || bad.length == 0))
		abort();
	if (rc1 == 0)
		check_canonical(s1);
	if (cut >= size)
		return 0;
	rc2 = tpledge_promises_parse(text + cut + 1, size - cut - 1, &s2, NULL);
	if (rc2 == 0)
		check_canonical(s2);
	if (rc1 != 0 || rc2 != 0)
		return 0;
	tpledge_init(&st);
	if (tpledge_pledge(&st, NULL, s1, s2) != 0)
		abort();
	before = st;
	/* Second round: swap the sets; growth must fail or be masked. */
	if (tpledge_pledge(&st, NULL, s2, s1) == 0) {
		if ((tpledge_promises(&st) & ~tpledge_promises(&before)) != 0 ||
		    (tpledge_execpromises(&st) &
		     ~tpledge_execpromises(&before)) != 0)
			abort();
	} else if (memcmp(&st, &before, sizeof(st)) != 0) {
		abort();
	}
	return 0;
}
