/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private helpers shared by the librlimit sources.  Not installed.
 */
#ifndef TRLIMIT_RLIMIT_IMPL_H
#define TRLIMIT_RLIMIT_IMPL_H

#include <tessera/rlimit.h>

/* "rlim": marks an initialised group, so stale or foreign storage is
 * refused with EBADF instead of being walked. */
#define TRLIMIT_MAGIC	   0x726c696du

#define TRLIMIT_NS_PER_SEC 1000000000ull

static inline int
trlimit_check(const struct trlimit_group *g)
{
	if (g == NULL)
		return -TRLIMIT_EINVAL;
	if (g->magic != TRLIMIT_MAGIC)
		return -TRLIMIT_EBADF;
	return 0;
}

static inline uint64_t
trlimit_sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static inline uint64_t
trlimit_sat_mul(uint64_t a, uint64_t b)
{
	if (a != 0 && b > UINT64_MAX / a)
		return UINT64_MAX;
	return a * b;
}

/* Common checks of every privileged setter: a valid group that is not the
 * root (cgroup v2 has no limits on its root), and the policy's consent. */
int trlimit_priv_may_set(const struct trlimit_group *g, const void *who);

/* Appliers used by the single setters and by trlimit_set(); the values
 * are already validated. */
void trlimit_priv_apply_cpu_time(struct trlimit_group *g, uint64_t soft,
				 uint64_t hard);
void trlimit_priv_apply_cpu_max(struct trlimit_group *g, uint64_t quota,
				uint64_t period);
void trlimit_priv_apply_io(struct trlimit_group *g, enum trlimit_io_key key,
			   uint64_t rate, uint64_t burst);

#endif /* TRLIMIT_RLIMIT_IMPL_H */
