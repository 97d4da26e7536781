// SPDX-License-Identifier: GPL-2.0
/*
 * The XenStore ring: start_info's store_mfn page and store_evtchn port
 * (struct xenstore_domain_interface, io/xs_wire.h).
 *
 * We produce requests into req[] and consume replies and watch events
 * from rsp[]; the store owns req_cons and rsp_prod.  Indices run freely
 * and are masked on use; an index pair further apart than the ring size
 * is nonsense from the store and disables it for good (-EIO to every
 * caller), as does a message longer than XENSTORE_PAYLOAD_MAX.
 *
 * Notifications (frontends.md 2.1): after producing we notify only if the
 * store had consumed everything before our bytes (it may be idle; if it
 * is not, it re-checks the indices after its batch); after consuming,
 * only if the response ring had been full (the store may wait for room).
 *
 * Writers take xs_write_lock for a whole message, so messages never
 * interleave.  One thread, "xenstore", reads every message: a reply goes
 * to the request with its req_id (on xs_pending), a watch event to
 * xs_watch.c.  A caller waits at most XB_TIMEOUT for room in the ring
 * and for its reply; it then gives up with a log line and -ETIMEDOUT, and
 * a reply that comes later is dropped.
 */
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/pfn.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include "../../../arch/x86/xenpv/xenpv.h"
#include "../../../arch/x86/xenpv/events.h"
#include "xb_internal.h"

/* A request waiting for its reply, on xs_pending under xs_pending_lock. */
struct xs_request {
	struct list_head list;
	u32 req_id;
	struct xsd_sockmsg reply;
	char *body;
	struct completion done;
};

/* Set once at init; the store writes req_cons, rsp_prod, we the others. */
static struct xenstore_domain_interface *xs_intf;
static evtchn_port_t xs_port;
static DECLARE_WAIT_QUEUE_HEAD(xs_wq);	/* ring events, xs_broken */
static DEFINE_MUTEX(xs_write_lock);	/* req[] and req_prod */
static LIST_HEAD(xs_pending);
static DEFINE_SPINLOCK(xs_pending_lock);	/* xs_pending, xs_next_id */
static u32 xs_next_id;
static bool xs_broken;

static irqreturn_t xs_interrupt(int irq, void *dev_id)
{
	wake_up(&xs_wq);
	return IRQ_HANDLED;
}

static void xs_fail_pending(void)
{
	struct xs_request *r;
	unsigned long flags;

	spin_lock_irqsave(&xs_pending_lock, flags);
	list_for_each_entry(r, &xs_pending, list)
		complete(&r->done);	/* no body: -EIO */
	spin_unlock_irqrestore(&xs_pending_lock, flags);
}

static void xs_break(const char *why, u32 a, u32 b)
{
	if (!xs_broken)
		pr_err("xenbus: XenStore ring: %s (%u, %u); XenStore disabled\n",
		       why, a, b);
	WRITE_ONCE(xs_broken, true);
	xs_fail_pending();
	wake_up(&xs_wq);
}

/* Free bytes in req[]; -EIO if the store's req_cons is nonsense. */
static int xs_req_room(XENSTORE_RING_IDX *prod)
{
	XENSTORE_RING_IDX cons = READ_ONCE(xs_intf->req_cons);

	*prod = xs_intf->req_prod;
	if (*prod - cons > XENSTORE_RING_SIZE) {
		xs_break("bad request indices", cons, *prod);
		return -EIO;
	}
	return XENSTORE_RING_SIZE - (*prod - cons);
}

static bool xs_can_write(void)
{
	XENSTORE_RING_IDX prod;

	return READ_ONCE(xs_broken) || xs_req_room(&prod) != 0;
}

/* Copy @len bytes into req[]; the caller holds xs_write_lock. */
static int xs_put(const char *data, unsigned int len)
{
	XENSTORE_RING_IDX prod, start;
	unsigned int n;
	int room;

	while (len) {
		if (!wait_event_timeout(xs_wq, xs_can_write(), XB_TIMEOUT)) {
			pr_err("xenbus: XenStore consumed no request for %d s\n",
			       XB_TIMEOUT_S);
			return -ETIMEDOUT;
		}
		room = xs_req_room(&prod);
		if (room < 0 || READ_ONCE(xs_broken))
			return -EIO;
		start = prod;
		n = min_t(unsigned int, len, room);
		/* The store reads req_cons before reusing a slot: mb. */
		virt_mb();
		for (len -= n; n; n--)
			xs_intf->req[MASK_XENSTORE_IDX(prod++)] = *data++;
		virt_wmb();	/* the bytes before the index */
		WRITE_ONCE(xs_intf->req_prod, prod);
		virt_mb();	/* publish req_prod before reading req_cons */
		if (READ_ONCE(xs_intf->req_cons) == start)
			xenpv_notify_remote(xs_port);
	}
	return 0;
}

/* Bytes in rsp[]; -EIO if the store's rsp_prod is nonsense. */
static int xs_rsp_avail(void)
{
	XENSTORE_RING_IDX prod = READ_ONCE(xs_intf->rsp_prod);
	XENSTORE_RING_IDX cons = xs_intf->rsp_cons;

	if (prod - cons > XENSTORE_RING_SIZE) {
		xs_break("bad response indices", cons, prod);
		return -EIO;
	}
	return prod - cons;
}

static bool xs_can_read(void)
{
	return READ_ONCE(xs_broken) || xs_rsp_avail() != 0 ||
	       kthread_should_stop();
}

/* Read exactly @len bytes from rsp[] (reader thread only). */
static int xs_get(char *data, unsigned int len)
{
	XENSTORE_RING_IDX cons;
	unsigned int n;
	int avail;

	while (len) {
		wait_event_interruptible(xs_wq, xs_can_read());
		avail = xs_rsp_avail();
		if (avail < 0 || READ_ONCE(xs_broken) || kthread_should_stop())
			return -EIO;
		virt_rmb();	/* rsp_prod before the bytes it covers */
		cons = xs_intf->rsp_cons;
		n = min_t(unsigned int, len, avail);
		for (len -= n; n; n--)
			*data++ = xs_intf->rsp[MASK_XENSTORE_IDX(cons++)];
		virt_mb();	/* the bytes read before their slots go back */
		WRITE_ONCE(xs_intf->rsp_cons, cons);
		if (avail == XENSTORE_RING_SIZE)
			xenpv_notify_remote(xs_port);
	}
	return 0;
}

static void xs_deliver_reply(struct xsd_sockmsg *hdr, char *body)
{
	struct xs_request *r;
	unsigned long flags;

	spin_lock_irqsave(&xs_pending_lock, flags);
	list_for_each_entry(r, &xs_pending, list) {
		if (r->req_id == hdr->req_id && !r->body) {
			r->reply = *hdr;
			r->body = body;
			complete(&r->done);
			spin_unlock_irqrestore(&xs_pending_lock, flags);
			return;
		}
	}
	spin_unlock_irqrestore(&xs_pending_lock, flags);
	pr_warn_ratelimited("xenbus: XenStore reply to unknown request %u (type %u) dropped\n",
			    hdr->req_id, hdr->type);
	kfree(body);
}

/* Read one message and hand it on; -EIO ends the reader. */
static int xs_read_message(void)
{
	struct xsd_sockmsg hdr;
	char *body;

	if (xs_get((char *)&hdr, sizeof(hdr)))
		return -EIO;
	if (hdr.len > XENSTORE_PAYLOAD_MAX) {
		xs_break("message longer than the payload limit", hdr.len,
			 XENSTORE_PAYLOAD_MAX);
		return -EIO;
	}
	body = kmalloc(hdr.len + 1, GFP_KERNEL);
	if (!body) {
		xs_break("out of memory for a message", hdr.len, 0);
		return -EIO;
	}
	if (xs_get(body, hdr.len)) {
		kfree(body);
		return -EIO;
	}
	body[hdr.len] = '\0';
	if (hdr.type == XS_WATCH_EVENT)
		xs_watch_event(body, hdr.len);
	else
		xs_deliver_reply(&hdr, body);
	return 0;
}

static int xs_reader(void *unused)
{
	while (!kthread_should_stop() && !xs_read_message())
		;
	return 0;
}

/* Queue @r and write the message; the reply may arrive at once. */
static int xs_send(struct xs_request *r, struct xsd_sockmsg *hdr,
		   const struct kvec *vec, unsigned int nvec)
{
	unsigned long flags;
	unsigned int i;
	int ret;

	mutex_lock(&xs_write_lock);
	spin_lock_irqsave(&xs_pending_lock, flags);
	r->req_id = xs_next_id++;
	hdr->req_id = r->req_id;
	list_add_tail(&r->list, &xs_pending);
	spin_unlock_irqrestore(&xs_pending_lock, flags);

	ret = xs_put((const char *)hdr, sizeof(*hdr));
	for (i = 0; !ret && i < nvec; i++)
		ret = xs_put(vec[i].iov_base, vec[i].iov_len);
	mutex_unlock(&xs_write_lock);
	/* Half a message in the ring: the stream is lost. */
	if (ret == -ETIMEDOUT)
		xs_break("request stuck in the ring", hdr->type, hdr->len);
	return ret;
}

static void xs_forget(struct xs_request *r)
{
	unsigned long flags;

	spin_lock_irqsave(&xs_pending_lock, flags);
	list_del(&r->list);
	spin_unlock_irqrestore(&xs_pending_lock, flags);
}

/* The payload of a good reply, else an ERR_PTR; frees what it drops. */
static void *xs_reply(struct xs_request *r, u32 type, unsigned int *len)
{
	int err;

	if (!r->body)
		return ERR_PTR(-EIO);
	if (r->reply.type == XS_ERROR) {
		err = xs_errno(r->body);
		kfree(r->body);
		return ERR_PTR(err);
	}
	if (r->reply.type != type) {
		pr_warn("xenbus: XenStore answered type %u with type %u\n",
			type, r->reply.type);
		kfree(r->body);
		return ERR_PTR(-EIO);
	}
	if (len)
		*len = r->reply.len;
	return r->body;
}

void *xs_talk(u32 type, xb_tx_t t, const struct kvec *vec,
	      unsigned int nvec, unsigned int *len)
{
	struct xsd_sockmsg hdr = { .type = type, .tx_id = t };
	struct xs_request r = { .body = NULL };
	unsigned int i;
	int ret;

	for (i = 0; i < nvec; i++)
		hdr.len += vec[i].iov_len;
	if (hdr.len > XENSTORE_PAYLOAD_MAX)
		return ERR_PTR(-E2BIG);
	if (!xs_intf || READ_ONCE(xs_broken))
		return ERR_PTR(xs_intf ? -EIO : -ENODEV);
	init_completion(&r.done);

	ret = xs_send(&r, &hdr, vec, nvec);
	if (!ret && !wait_for_completion_timeout(&r.done, XB_TIMEOUT)) {
		pr_err("xenbus: no XenStore reply to request %u (type %u) in %d s\n",
		       r.req_id, type, XB_TIMEOUT_S);
		ret = -ETIMEDOUT;
	}
	xs_forget(&r);
	if (ret) {
		kfree(r.body);	/* a reply that raced with the timeout */
		return ERR_PTR(ret);
	}
	return xs_reply(&r, type, len);
}

int __init xs_ring_init(void)
{
	struct start_info *si = xenpv_start_info;
	unsigned long pfn = xenpv_mfn_to_pfn(si->store_mfn);
	struct task_struct *reader;
	int irq, ret;

	if (pfn == ~0UL) {
		pr_err("xenbus: store_mfn %#lx is not one of our frames\n",
		       (unsigned long)si->store_mfn);
		return -EINVAL;
	}
	xs_intf = __va(PFN_PHYS(pfn));
	xs_port = si->store_evtchn;
	/* Left-overs of an earlier life are not ours to read. */
	xs_intf->rsp_cons = READ_ONCE(xs_intf->rsp_prod);

	irq = xenpv_map_evtchn(xs_port);
	if (irq < 0)
		return irq;
	ret = request_irq(irq, xs_interrupt, 0, "xenstore", NULL);
	if (ret) {
		xenpv_unmap_irq(irq);
		return ret;
	}
	reader = kthread_run(xs_reader, NULL, "xenstore");
	if (IS_ERR(reader)) {
		free_irq(irq, NULL);
		xenpv_unmap_irq(irq);
		return PTR_ERR(reader);
	}
	return 0;
}
