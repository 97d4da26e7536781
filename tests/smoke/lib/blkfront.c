// SPDX-License-Identifier: GPL-2.0
/*
 * A blkif front end for smoke kernels, enough to drive a block back end
 * by hand: the XenBus handshake (io/blkif.h, docs/misc/xenstore-paths)
 * and raw access to the shared ring.
 *
 *   probe    device/vbd/<devid>: backend, backend-id 0, state 1; the back
 *            end in InitWait; its features
 *   connect  grant the ring pages to domain 0, an unbound event channel
 *            for domain 0, then ring-ref (or ring-page-order and
 *            ring-ref<i>), event-channel, protocol and state Initialised;
 *            wait for Connected and read sectors, info, sector-size
 *
 * Requests are pushed and published separately, so a test can put any
 * bytes into a slot, and any value into req_prod.  Every response index
 * the back end writes is checked against what we asked for.
 */
#include "front.h"

#define HANDSHAKE_TIMEOUT_NS	(10 * NS_PER_SEC)

static int fe_read(struct blkfront *f, const char *key, char *buf,
		   unsigned int size)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/%s", f->fe, key);
	return xs_read(path, buf, size);
}

int blkfront_set(struct blkfront *f, const char *key, const char *value)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/%s", f->fe, key);
	return xs_write(path, value);
}

int blkfront_rm(struct blkfront *f, const char *key)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/%s", f->fe, key);
	return xs_rm(path);
}

static void fe_write(struct blkfront *f, const char *key, const char *value)
{
	int rc = blkfront_set(f, key, value);

	if (rc)
		test_result(FAILURE, "write %s/%s: error %d", f->fe, key, rc);
}

static void fe_write_u64(struct blkfront *f, const char *key, u64 val)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lu", val);
	fe_write(f, key, buf);
}

/* A back end key; @dflt if absent (-1: required). */
static u64 be_u64(struct blkfront *f, const char *key, long dflt)
{
	char path[96];
	u64 val;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", f->be, key);
	rc = xs_read_u64(path, &val);
	if (rc == -XEN_ENOENT && dflt >= 0)
		return dflt;
	if (rc)
		test_result(FAILURE, "back end key %s: error %d", path, rc);
	return val;
}

int blkfront_be_state(struct blkfront *f)
{
	char path[96];
	u64 val;
	int rc;

	snprintf(path, sizeof(path), "%s/state", f->be);
	rc = xs_read_u64(path, &val);
	return rc ?: (int)val;
}

int blkfront_await(struct blkfront *f, unsigned int mask, u64 ns)
{
	u64 deadline = system_time_ns() + ns;
	int state;

	for (;;) {
		state = blkfront_be_state(f);
		if ((state >= 0 && state < 32 && (mask & (1U << state))) ||
		    system_time_ns() > deadline)
			return state;
		port_poll(start_info->store_evtchn, 10 * NS_PER_MS);
	}
}

/* Wait until the back end shows @want; FAILURE if it goes elsewhere. */
static void wait_be_state(struct blkfront *f, int want)
{
	unsigned int fatal = 1U << XB_CLOSING | 1U << XB_CLOSED;
	int state = blkfront_await(f, 1U << want | fatal, HANDSHAKE_TIMEOUT_NS);

	if (state != want)
		test_result(FAILURE, "vbd %u: back end in state %d, want %d",
			    f->devid, state, want);
}

void blkfront_probe(struct blkfront *f, unsigned int devid)
{
	char buf[64];
	int rc;

	memset(f, 0, sizeof(*f));
	f->devid = devid;
	snprintf(f->fe, sizeof(f->fe), "device/vbd/%u", devid);
	rc = fe_read(f, "backend", f->be, sizeof(f->be));
	if (rc < 0)
		test_result(ERROR, "no %s/backend in XenStore (%d): was a disk given (--disk)?",
			    f->fe, rc);
	if (rc == 0 || rc >= (int)sizeof(f->be))
		test_result(FAILURE, "%s/backend: bad length %d", f->fe, rc);
	rc = fe_read(f, "backend-id", buf, sizeof(buf));
	if (rc != 1 || buf[0] != '0')
		test_result(FAILURE, "%s/backend-id: '%s' (%d), want 0", f->fe,
			    rc > 0 ? buf : "", rc);
	rc = fe_read(f, "state", buf, sizeof(buf));
	if (rc != 1 || buf[0] != '1')
		test_result(FAILURE, "%s/state: '%s' (%d), want 1", f->fe,
			    rc > 0 ? buf : "", rc);
	wait_be_state(f, XB_INITWAIT);
	f->max_ring_order = be_u64(f, "max-ring-page-order", 0);
	f->max_indirect = be_u64(f, "feature-max-indirect-segments", 0);
	f->discard = be_u64(f, "feature-discard", 0);
	f->flush = be_u64(f, "feature-flush-cache", 0);
	f->barrier = be_u64(f, "feature-barrier", 0);
	f->max_queues = be_u64(f, "multi-queue-max-queues", 1);
}

static void init_ring(struct blkfront *f, void *ring, unsigned int order)
{
	u64 n = ((PAGE_SIZE << order) - sizeof(struct blkif_sring)) /
		sizeof(union blkif_slot);

	memset(ring, 0, PAGE_SIZE << order);
	f->sring = ring;
	f->sring->req_event = 1;
	f->sring->rsp_event = 1;
	f->ring_size = 1;
	while (f->ring_size * 2 <= n)
		f->ring_size *= 2;
	f->req_prod_pvt = 0;
	f->rsp_cons = 0;
}

void blkfront_connect(struct blkfront *f, void *ring, unsigned int order,
		      u32 ref)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 0 };
	unsigned int i;
	char key[16];
	long rc;

	init_ring(f, ring, order);
	for (i = 0; i < (1U << order); i++)
		gnttab_grant(ref + i, 0, virt_to_mfn((u8 *)ring + i * PAGE_SIZE),
			     0);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
	if (rc)
		test_result(FAILURE, "alloc_unbound for domain 0: %ld", rc);
	f->port = au.port;
	if (order) {
		fe_write_u64(f, "ring-page-order", order);
		for (i = 0; i < (1U << order); i++) {
			snprintf(key, sizeof(key), "ring-ref%u", i);
			fe_write_u64(f, key, ref + i);
		}
	} else {
		fe_write_u64(f, "ring-ref", ref);
	}
	fe_write_u64(f, "event-channel", f->port);
	fe_write(f, "protocol", "x86_64-abi");
	fe_write_u64(f, "state", XB_INITIALISED);
	wait_be_state(f, XB_CONNECTED);
	f->sectors = be_u64(f, "sectors", -1);
	f->info = be_u64(f, "info", -1);
	f->sector_size = be_u64(f, "sector-size", -1);
	fe_write_u64(f, "state", XB_CONNECTED);
	cprintf("blkif: vbd %u connected: %lu sectors of %lu bytes, info %lx, %u slots, port %u; max indirect %lu, discard %lu, flush %lu, barrier %lu\n",
		f->devid, f->sectors, f->sector_size, f->info, f->ring_size,
		f->port, f->max_indirect, f->discard, f->flush, f->barrier);
}

void blkfront_push(struct blkfront *f, const union blkif_slot *req)
{
	if (f->req_prod_pvt - f->rsp_cons >= f->ring_size)
		test_result(ERROR, "test bug: ring full");
	memcpy(&f->sring->slot[f->req_prod_pvt & (f->ring_size - 1)], req,
	       sizeof(*req));
	f->req_prod_pvt++;
}

void blkfront_notify(struct blkfront *f)
{
	u32 port = f->port;

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &port);
}

void blkfront_kick(struct blkfront *f)
{
	barrier();
	WRITE_ONCE(f->sring->req_prod, f->req_prod_pvt);
	barrier();
	blkfront_notify(f);
}

/* Responses the back end produced that we did not take; checked. */
static unsigned int avail(struct blkfront *f)
{
	u32 prod = READ_ONCE(f->sring->rsp_prod);

	if (prod - f->rsp_cons > f->req_prod_pvt - f->rsp_cons)
		test_result(FAILURE, "rsp_prod %u runs ahead of our requests (%u, %u taken)",
			    prod, f->req_prod_pvt, f->rsp_cons);
	return prod - f->rsp_cons;
}

unsigned int blkfront_wait(struct blkfront *f, unsigned int n, u64 deadline)
{
	unsigned int got;

	for (;;) {
		WRITE_ONCE(f->sring->rsp_event, f->rsp_cons + 1);
		barrier();
		got = avail(f);
		if (got >= n || system_time_ns() > deadline)
			return got;
		port_poll(f->port, 10 * NS_PER_MS);
	}
}

void blkfront_take(struct blkfront *f, struct blkif_rsp *rsp)
{
	if (!avail(f))
		test_result(ERROR, "test bug: no response to take");
	barrier();
	memcpy(rsp, &f->sring->slot[f->rsp_cons & (f->ring_size - 1)].rsp,
	       sizeof(*rsp));
	barrier();
	f->rsp_cons++;
}
