// SPDX-License-Identifier: GPL-2.0
/*
 * The XenStore ring service as a back end: it gives every new domain its
 * home in the store and its ring (xenstore/ring.c), serves the ring when
 * the guest notifies it and on every timer tick (for kicks a guest left
 * out, and for watch events raised by other domains).
 */
#include <hv/backend.h>
#include <hv/domain.h>
#include <hv/xenstore.h>

static bool xenstore_notify(struct domain *d, unsigned int port)
{
	if (port != d->store_port)
		return false;
	xs_ring_service(d);
	return true;
}

const struct backend xenstore_backend = {
	.name = "xenstore",
	.domain_built = xs_ring_init,
	.notify = xenstore_notify,
	.poll = xs_ring_poll,
	.domain_destroyed = xs_ring_release,
};
