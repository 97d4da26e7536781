// SPDX-License-Identifier: GPL-2.0
/*
 * What a front end does with its device besides its own protocol: move
 * through the XenBus states, report errors where the toolstack looks
 * for them, set up a shared ring and its event channel.
 *
 * States (io/xenbus.h): our state node is written in a transaction that
 * first reads it, so that a directory the toolstack removed is never
 * recreated by a late state write; a conflicting commit is retried.
 *
 * Errors go to error/<nodename>/error in our home as "<errno> <text>",
 * as the toolstack expects; a fatal one also moves us to Closing.
 *
 * Rings: pages from alloc_pages_exact() (each an order-0 page that can
 * be freed on its own), zeroed, each granted read-write to the other
 * end.  Tearing a ring down takes the grants back; a page the other end
 * still maps stays allocated (gnt_end_put_page()).  Event channels come
 * from EVTCHNOP_alloc_unbound for the other end and become an irq of the
 * port's events.c; we close them when done.
 */
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include "../../../arch/x86/xenpv/xenpv.h"
#include "../../../arch/x86/xenpv/events.h"
#include "xb_internal.h"

#define XB_TX_TRIES	10

static const char *const xb_state_names[] = {
	"Unknown", "Initialising", "InitWait", "Initialised", "Connected",
	"Closing", "Closed", "Reconfiguring", "Reconfigured",
};

static const char *xb_state_name(enum xenbus_state s)
{
	return s < ARRAY_SIZE(xb_state_names) ? xb_state_names[s] : "?";
}

/* One attempt; -EAGAIN when the commit conflicted. */
static int xb_write_state(struct xb_device *xd, enum xenbus_state state)
{
	unsigned int cur;
	xb_tx_t t;
	int ret;

	ret = xb_transaction_start(&t);
	if (ret)
		return ret;
	ret = xb_scanf(t, xd->nodename, "state", "%u", &cur);
	if (ret == 1)
		ret = xb_printf(t, xd->nodename, "state", "%d", state);
	else if (ret >= 0)
		ret = -EINVAL;
	if (ret) {
		xb_transaction_end(t, true);
		return ret;
	}
	return xb_transaction_end(t, false);
}

int xb_switch_state(struct xb_device *xd, enum xenbus_state state)
{
	unsigned int tries = 0;
	int ret;

	if (xd->state == state)
		return 0;
	do {
		ret = xb_write_state(xd, state);
	} while (ret == -EAGAIN && ++tries < XB_TX_TRIES);
	if (ret == -ENOENT) {
		/* The toolstack removed the device: nothing to tell. */
		dev_dbg(&xd->dev, "gone before %s\n", xb_state_name(state));
		return ret;
	}
	if (ret) {
		dev_warn(&xd->dev, "cannot switch to %s: %d\n",
			 xb_state_name(state), ret);
		return ret;
	}
	dev_dbg(&xd->dev, "%s -> %s\n", xb_state_name(xd->state),
		xb_state_name(state));
	xd->state = state;
	xb_state_changed();
	return 0;
}

enum xenbus_state xb_read_otherend_state(struct xb_device *xd)
{
	unsigned int state;

	if (!xd->otherend ||
	    xb_scanf(XBT_NIL, xd->otherend, "state", "%u", &state) != 1)
		return XenbusStateUnknown;
	return state;
}

static void xb_dev_verror(struct xb_device *xd, int err, const char *fmt,
			  va_list ap)
{
	char *msg = kvasprintf(GFP_KERNEL, fmt, ap);
	char *dir = kasprintf(GFP_KERNEL, "error/%s", xd->nodename);

	dev_err(&xd->dev, "%d %s\n", err, msg ?: fmt);
	if (msg && dir && xb_store_up &&
	    xb_printf(XBT_NIL, dir, "error", "%d %s", -err, msg))
		dev_err(&xd->dev, "cannot write %s/error\n", dir);
	kfree(dir);
	kfree(msg);
}

void xb_dev_error(struct xb_device *xd, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xb_dev_verror(xd, err, fmt, ap);
	va_end(ap);
}

void xb_dev_fatal(struct xb_device *xd, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xb_dev_verror(xd, err, fmt, ap);
	va_end(ap);
	xb_switch_state(xd, XenbusStateClosing);
}

int xb_setup_ring(struct xb_device *xd, unsigned int order, void **vaddr,
		  grant_ref_t *refs)
{
	unsigned int i, n = 1U << order;
	char *va = alloc_pages_exact(PAGE_SIZE << order,
				     GFP_KERNEL | __GFP_ZERO);
	int ref;

	if (!va)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		ref = gnt_grant_page(xd->otherend_id,
				     virt_to_page(va + i * PAGE_SIZE), false);
		if (ref < 0)
			goto fail;
		refs[i] = ref;
	}
	*vaddr = va;
	return 0;
fail:
	while (i--)
		gnt_end_put_page(refs[i], NULL);
	free_pages_exact(va, PAGE_SIZE << order);
	xb_dev_fatal(xd, ref, "granting the ring");
	return ref;
}

void xb_teardown_ring(void *vaddr, unsigned int order,
		      const grant_ref_t *refs)
{
	unsigned int i;

	for (i = 0; i < (1U << order); i++)
		gnt_end_put_page(refs[i], virt_to_page(vaddr + i * PAGE_SIZE));
}

int xb_alloc_evtchn_irq(struct xb_device *xd, irq_handler_t handler,
			const char *name, void *dev_id, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF,
					   .remote_dom = xd->otherend_id };
	int irq, ret;

	ret = hv_event_channel_op(EVTCHNOP_alloc_unbound, &op);
	if (ret) {
		xb_dev_fatal(xd, ret, "allocating an event channel");
		return ret;
	}
	irq = xenpv_map_evtchn(op.port);
	ret = irq < 0 ? irq : request_irq(irq, handler, 0, name, dev_id);
	if (ret) {
		if (irq >= 0)
			xenpv_unmap_irq(irq);
		xenpv_evtchn_close(op.port);
		xb_dev_fatal(xd, ret, "binding event channel %u", op.port);
		return ret;
	}
	*port = op.port;
	return irq;
}

void xb_free_evtchn_irq(int irq, void *dev_id)
{
	int port = xenpv_irq_to_port(irq);

	free_irq(irq, dev_id);
	xenpv_unmap_irq(irq);
	if (port >= 0)
		xenpv_evtchn_close(port);
}

void xb_notify(evtchn_port_t port)
{
	xenpv_notify_remote(port);
}
