// SPDX-License-Identifier: GPL-2.0
/*
 * The console back end: each domain's console ring (start_info's
 * console.domU page, set up by the domain builder) drained to the serial
 * port when the guest notifies its port, and serial input, polled on the
 * timer tick, fed into the ring of the first domain.
 *
 * Ring indices are free-running; the guest writes out_prod and in_cons,
 * we write out_cons and in_prod.  Indices read from the ring are guest
 * input, so only their difference (bounded by the ring size) is used.
 */
#include <hv/backend.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <public/io/console.h>

static struct xencons_interface *ring_of(struct domain *d)
{
	return d->console_mfn ? mfn_to_virt(d->console_mfn) : NULL;
}

static void console_drain(struct domain *d)
{
	struct xencons_interface *r = ring_of(d);
	u32 cons, prod;
	char c;

	if (!r)
		return;
	cons = r->out_cons;
	prod = READ_ONCE(r->out_prod);
	if (prod - cons > sizeof(r->out))
		cons = prod - sizeof(r->out);	/* guest overran: skip */
	for (; cons != prod; cons++) {
		c = r->out[cons % sizeof(r->out)];
		console_write(&c, 1);
	}
	r->out_cons = cons;
	evtchn_set_pending(d, d->console_port);
}

/* Serial input goes to the first live domain's console ring. */
static void console_poll_input(void)
{
	struct domain *d = domain_by_id(1);
	struct xencons_interface *r;
	int c, n = 0;

	if (!d || d->dying)
		return;
	r = ring_of(d);
	while (r && r->in_prod - r->in_cons < sizeof(r->in)) {
		c = serial_getc();
		if (c < 0)
			break;
		r->in[r->in_prod % sizeof(r->in)] = c;
		r->in_prod++;
		n++;
	}
	if (n)
		evtchn_set_pending(d, d->console_port);
}

static bool console_notify(struct domain *d, unsigned int port)
{
	if (port != d->console_port)
		return false;
	console_drain(d);
	return true;
}

const struct backend console_backend = {
	.name = "console",
	.notify = console_notify,
	.poll = console_poll_input,
};
