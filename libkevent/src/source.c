/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Event sources: the object a kernel embeds in each handle, process, port,
 * shared-memory region and IRQ line.  Each source keeps an intrusive list
 * of the knotes that watch it, from any number of queues (kqueue's
 * per-object klist).
 */
#include "kev_impl.h"

#define TKEV_POLLED                                         \
	((1u << TKEV_FILT_READ) | (1u << TKEV_FILT_WRITE) | \
	 (1u << TKEV_FILT_PORT) | (1u << TKEV_FILT_PROC))
#define TKEV_SOURCE_FILTERS                                               \
	(TKEV_POLLED | (1u << TKEV_FILT_SIGNAL) | (1u << TKEV_FILT_SHM) | \
	 (1u << TKEV_FILT_IRQ))

int
tkev_source_init(struct tkev_source *src, const struct tkev_source_ops *ops,
		 uint32_t filters, void *ctx)
{
	if (src == NULL)
		return -TKEV_EFAULT;
	if (filters == 0 || (filters & ~TKEV_SOURCE_FILTERS) != 0)
		return -TKEV_EINVAL;
	if (ops == NULL && (filters & TKEV_POLLED) != 0)
		return -TKEV_EFAULT;
	tkev_link_init(&src->knotes);
	src->ops = ops;
	src->filters = filters;
	src->state = 0;
	src->ctx = ctx;
	return 0;
}

size_t
tkev_notify(struct tkev_source *src, int16_t filter, uint32_t fflags,
	    int64_t data, uint64_t ext)
{
	struct tkev_queue *wl = NULL;
	struct tkev_link *n;
	size_t hits = 0;

	if (src == NULL)
		return 0;
	/* Activation never unlinks a knote, so plain iteration is safe. */
	for (n = src->knotes.next; n != &src->knotes; n = n->next) {
		struct tkev_knote *kn =
			TKEV_CONTAINER(n, struct tkev_knote, slink);

		if (kn->filter != filter)
			continue;
		if (tkev_filter_notify(kn, filter, fflags, data, ext)) {
			tkev_kn_activate(kn, &wl);
			hits++;
		}
	}
	tkev_wake_flush(&wl);
	return hits;
}

int
tkev_source_close(struct tkev_source *src, int mode)
{
	struct tkev_queue *wl = NULL;

	if (src == NULL)
		return -TKEV_EFAULT;
	if (mode != TKEV_CLOSE_EOF && mode != TKEV_CLOSE_DROP)
		return -TKEV_EINVAL;
	while (!tkev_link_empty(&src->knotes)) {
		struct tkev_knote *kn = TKEV_CONTAINER(
			src->knotes.next, struct tkev_knote, slink);

		if (mode == TKEV_CLOSE_DROP) {
			tkev_kn_free(kn); /* K13: no stale event survives */
			continue;
		}
		tkev_link_remove(&kn->slink);
		kn->src = NULL;
		kn->status |= KN_EOF;
		tkev_kn_activate(kn, &wl);
	}
	src->state |= TKEV_SRC_CLOSED;
	tkev_wake_flush(&wl);
	return 0;
}
