// SPDX-License-Identifier: GPL-2.0
/*
 * The XenStore ring of each domain (start_info's store_mfn and
 * store_evtchn; docs/misc/xenstore-ring.txt): requests in from req[],
 * replies and watch events out to rsp[], served by the pure store.
 *
 * The guest writes req_prod and rsp_cons; we write req_cons and rsp_prod
 * and keep our own copies of them, so that only the guest's two indices
 * are untrusted: their distance to ours must stay within the ring size,
 * or the connection is marked broken (error = XENSTORE_ERROR_RINGIDX) until
 * the guest asks for a reconnection, which we offer.  A request may arrive
 * in pieces and wrap: it is gathered in the domain's input buffer.  One
 * reply (or watch event) at a time waits in its output buffer until the
 * rsp ring has room; no new request is read before it is gone, so a guest
 * that does not read its replies only stops itself.  A request longer than
 * XENSTORE_PAYLOAD_MAX gets an E2BIG reply and what is in the ring is
 * dropped, to find a message boundary again.
 *
 * hv-stub runs guests on one CPU and not while it is in here, so a
 * compiler barrier orders our ring accesses against the guest's.
 */
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/xenstore.h>

#define HDR_SIZE	sizeof(struct xsd_sockmsg)

struct xs_conn {
	bool ready;		/* xs_ring_init() done, not yet released */
	bool broken;		/* bad indices: ignore until reconnection */
	bool notify;		/* indices moved: tell the guest */
	u32 req_cons;		/* our req_cons and rsp_prod */
	u32 rsp_prod;
	u32 in_len;		/* bytes of the request gathered */
	u32 out_len, out_off;	/* message in out, bytes of it sent */
	union {
		struct xsd_sockmsg hdr;
		u8 bytes[XS_MSG_MAX];
	} in;
	u8 out[XS_MSG_MAX];
};

BUILD_BUG_ON(DOMID_SLOTS > XS_MAX_DOMAINS);

static struct xs_conn conns[DOMID_SLOTS];

static struct xenstore_domain_interface *ring_of(struct domain *d)
{
	return d->store_mfn ? mfn_to_virt(d->store_mfn) : NULL;
}

static inline void compiler_barrier(void)
{
	asm volatile("" : : : "memory");
}

static void set_broken(struct domain *d, struct xs_conn *c, u32 error)
{
	pr_warn("domain %u: XenStore ring indices corrupt, connection stopped\n",
		d->domid);
	c->broken = true;
	WRITE_ONCE(ring_of(d)->error, error);
	c->notify = true;
}

/* Send what fits of the pending message (or the next event); progress? */
static bool flush(struct domain *d, struct xs_conn *c,
		  struct xenstore_domain_interface *intf)
{
	u32 used, n, i;

	if (!c->out_len && xs_has_event(d->domid)) {
		c->out_len = xs_next_event(d->domid, c->out, sizeof(c->out));
		c->out_off = 0;
	}
	if (!c->out_len)
		return false;
	used = c->rsp_prod - READ_ONCE(intf->rsp_cons);
	if (used > XENSTORE_RING_SIZE) {
		set_broken(d, c, XENSTORE_ERROR_RINGIDX);
		return false;
	}
	n = min(XENSTORE_RING_SIZE - used, c->out_len - c->out_off);
	if (!n)
		return false;
	compiler_barrier();	/* read rsp_cons before writing the data */
	for (i = 0; i < n; i++)
		intf->rsp[MASK_XENSTORE_IDX(c->rsp_prod + i)] =
			c->out[c->out_off + i];
	compiler_barrier();	/* data before the producer index */
	c->rsp_prod += n;
	WRITE_ONCE(intf->rsp_prod, c->rsp_prod);
	c->out_off += n;
	if (c->out_off == c->out_len)
		c->out_len = 0;
	c->notify = true;
	return true;
}

static void handle(struct domain *d, struct xs_conn *c)
{
	c->out_len = xs_handle(d->domid, &c->in.hdr,
			       (const char *)(&c->in.hdr + 1), c->out);
	c->out_off = 0;
	c->in_len = 0;
}

/* Gather request bytes; handle a complete request.  Progress? */
static bool gather(struct domain *d, struct xs_conn *c,
		   struct xenstore_domain_interface *intf)
{
	u32 prod = READ_ONCE(intf->req_prod), avail = prod - c->req_cons;
	u32 want, n, i;

	if (avail > XENSTORE_RING_SIZE) {
		set_broken(d, c, XENSTORE_ERROR_RINGIDX);
		return false;
	}
	want = c->in_len < HDR_SIZE ? HDR_SIZE - c->in_len :
				      HDR_SIZE + c->in.hdr.len - c->in_len;
	n = min(avail, want);
	if (!n)
		return false;
	compiler_barrier();	/* req_prod before the data */
	for (i = 0; i < n; i++)
		c->in.bytes[c->in_len + i] =
			intf->req[MASK_XENSTORE_IDX(c->req_cons + i)];
	c->in_len += n;
	c->req_cons += n;
	if (c->in_len == HDR_SIZE && c->in.hdr.len > XENSTORE_PAYLOAD_MAX) {
		pr_warn("domain %u: XenStore request of %u bytes dropped\n",
			d->domid, c->in.hdr.len);
		handle(d, c);			/* E2BIG */
		c->req_cons = prod;		/* resynchronise */
	} else if (c->in_len == HDR_SIZE + c->in.hdr.len) {
		handle(d, c);
	}
	compiler_barrier();	/* data copied before the consumer index */
	WRITE_ONCE(intf->req_cons, c->req_cons);
	c->notify = true;
	return true;
}

/* The guest asked for a reconnection: start again from empty rings. */
static void reconnect(struct domain *d, struct xs_conn *c,
		      struct xenstore_domain_interface *intf)
{
	xs_domain_reset(d->domid);
	c->broken = false;
	c->in_len = 0;
	c->out_len = 0;
	c->req_cons = READ_ONCE(intf->req_prod);
	c->rsp_prod = READ_ONCE(intf->rsp_cons);
	WRITE_ONCE(intf->req_cons, c->req_cons);
	WRITE_ONCE(intf->rsp_prod, c->rsp_prod);
	WRITE_ONCE(intf->error, XENSTORE_ERROR_NONE);
	compiler_barrier();
	WRITE_ONCE(intf->connection, XENSTORE_CONNECTED);
	c->notify = true;
}

/* Move requests in and replies and events out until nothing moves. */
static void serve(struct domain *d, bool read_requests)
{
	struct xenstore_domain_interface *intf = ring_of(d);
	struct xs_conn *c = &conns[d->domid];
	bool progress;

	if (!intf || !c->ready || d->dying)
		return;
	if (READ_ONCE(intf->connection) == XENSTORE_RECONNECT)
		reconnect(d, c, intf);
	do {
		progress = false;
		while (!c->broken && flush(d, c, intf))
			progress = true;
		if (read_requests && !c->broken && !c->out_len)
			progress |= gather(d, c, intf);
	} while (progress);
	if (c->notify) {
		c->notify = false;
		evtchn_set_pending(d, d->store_port);
	}
}

/* Deliver the events a request may have queued for other domains. */
static void flush_others(struct domain *self)
{
	struct domain *d;
	unsigned int i;

	for (i = 1; i < DOMID_SLOTS; i++) {
		d = domain_by_id(i);
		if (d && d != self && xs_has_event(i))
			serve(d, false);
	}
}

void xs_ring_service(struct domain *d)
{
	serve(d, true);
	flush_others(d);
}

/* Serve every ring: for notifications a guest left out. */
void xs_ring_poll(void)
{
	struct domain *d;
	unsigned int i;

	for (i = 1; i < DOMID_SLOTS; i++) {
		d = domain_by_id(i);
		if (d)
			serve(d, true);
	}
	flush_others(NULL);
}

static void write_key(domid_t domid, const char *key, u64 v)
{
	char path[64], num[24];

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, key);
	snprintf(num, sizeof(num), "%lu", (unsigned long)v);
	if (xs_write_str(path, num))
		pr_err("domain %u: XenStore: cannot write %s\n", domid, path);
}

/* A domain was built: its home in the store, its ring ready. */
void xs_ring_init(struct domain *d)
{
	struct xenstore_domain_interface *intf = ring_of(d);
	struct xs_conn *c = &conns[d->domid];
	int rc;

	rc = xs_domain_created(d->domid, d->name, d->nr_pages * 4,
			       d->max_pages * 4, d->nr_vcpus);
	if (rc)
		pr_err("domain %u: XenStore: home not created (%d)\n",
		       d->domid, rc);
	write_key(d->domid, "store/ring-ref", d->store_mfn);
	write_key(d->domid, "store/port", d->store_port);
	write_key(d->domid, "console/ring-ref", d->console_mfn);
	write_key(d->domid, "console/port", d->console_port);
	memset(c, 0, sizeof(*c));
	if (!intf)
		return;
	memset(intf, 0, sizeof(*intf));		/* the guest has not run yet */
	intf->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
				XENSTORE_SERVER_FEATURE_ERROR;
	intf->connection = XENSTORE_CONNECTED;
	intf->error = XENSTORE_ERROR_NONE;
	c->ready = true;
}

void xs_ring_release(struct domain *d)
{
	memset(&conns[d->domid], 0, sizeof(conns[d->domid]));
	xs_domain_destroyed(d->domid);
}
