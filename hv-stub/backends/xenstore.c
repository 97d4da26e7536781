// SPDX-License-Identifier: GPL-2.0
/*
 * The XenStore ring service as a back end: it gives every new domain its
 * home in the store and its ring (xenstore/ring.c), serves the ring when
 * the guest notifies it and on every timer tick (for kicks a guest left
 * out, and for watch events raised by other domains).
 *
 * The store's size is logged before a domain gets its home and after the
 * domain is gone ("XenStore before domain N: X nodes, B bytes", "XenStore
 * after domain N: ..."), as free frames are, so that a leak shows.
 */
#include <hv/backend.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/xenstore.h>

/*
 * Start of day: the store's memory, a 256th of what is free, within the
 * arena's bounds: 2 MiB (19 guests) up to XS_ARENA_MAX, where it takes
 * MAX_DOMAINS guests (from about 3.3 GiB of memory).
 */
void xs_service_init(void)
{
	u64 size = free_frames * PAGE_SIZE / 256;
	void *mem;

	if (size < XS_ARENA_MIN)
		size = XS_ARENA_MIN;
	if (size > XS_ARENA_MAX)
		size = XS_ARENA_MAX;
	size &= ~(u64)(PAGE_SIZE - 1);
	mem = hv_alloc(size);
	if (!mem || xs_init(mem, size))
		panic("XenStore: no memory");
	pr_info("XenStore: %lu KiB, room for %u domains\n", size >> 10,
		xs_max_guests());
}

static void xenstore_size(const char *when, struct domain *d)
{
	pr_info("XenStore %s domain %u: %u nodes, %lu bytes\n", when,
		d->domid, xs_node_count(), (unsigned long)xs_mem_total());
}

static void xenstore_domain_built(struct domain *d)
{
	xenstore_size("before", d);
	xs_ring_init(d);
}

static void xenstore_domain_destroyed(struct domain *d)
{
	xs_ring_release(d);
	xenstore_size("after", d);
}

static bool xenstore_notify(struct domain *d, unsigned int port)
{
	if (port != d->store_port)
		return false;
	xs_ring_service(d);
	return true;
}

const struct backend xenstore_backend = {
	.name = "xenstore",
	.domain_built = xenstore_domain_built,
	.notify = xenstore_notify,
	.poll = xs_ring_poll,
	.domain_destroyed = xenstore_domain_destroyed,
};
