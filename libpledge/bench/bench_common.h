/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared code of the libpledge benchmarks (host programs): a clock, a
 * median and a small deterministic random generator.
 */
#ifndef TPLEDGE_BENCH_COMMON_H
#define TPLEDGE_BENCH_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

static inline uint64_t
bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static inline double
bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof(v[0]), bench_cmp_double);
	return (n & 1) ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static inline uint32_t
bench_rand(uint64_t *s)
{
	/* xorshift64*: deterministic, good enough for workloads. */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)((*s * UINT64_C(2685821657736338717)) >> 32);
}

#endif /* TPLEDGE_BENCH_COMMON_H */
