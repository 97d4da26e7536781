// SPDX-License-Identifier: GPL-2.0
/*
 * The block back end's XenStore half: it gives a domain the machine's
 * disks as virtual block devices and drives the XenBus handshake from
 * the back end's side (io/blkif.h, docs/misc/xenstore-paths).
 *
 * hv-stub acts as the toolstack and as domain 0's blkback at once.  When
 * a domain is built, each disk becomes xvda, xvdb, ...: the front end's
 * directory device/vbd/<devid> (owned by the guest) and the back end's
 * backend/vbd/<domid>/<devid> under domain 0 (readable by the guest), the
 * features, and state InitWait.  A watch on the front end's state then
 * moves the device along:
 *
 *   front Initialised/Connected  read and check the ring keys, pin the
 *                                rings, publish the disk, go Connected
 *   front Closing/Closed/gone    stop reading the rings; Closing or Closed
 *                                once the requests in flight on every
 *                                ring are answered
 *   front Initialising again     (it reconnects) back to InitWait
 *
 * Multi-queue as blkback does it: we offer multi-queue-max-queues; a
 * front end that writes multi-queue-num-queues N > 1 gives each ring's
 * ring-ref / ring-ref<i> and event-channel under queue-<n>/ (n < N), one
 * ring-page-order for all; without the key, or with N = 1, the keys are
 * flat.  The rings share the disk.  feature-persistent is offered only
 * with the vbd_persistent option, and used when the front end wrote 1.
 *
 * Everything read from the front end's directory is guest input.  A key
 * that is missing or malformed (N = 0 or above our maximum, a queue's key
 * missing) leaves the device unconnected, in Closing, with a message
 * naming the key; no ring of it stays pinned, nothing else is affected.
 */
#include <hv/backend.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/options.h>
#include <public/io/xenbus.h>
#include "vbd.h"

static struct vbd vbds[VBD_MAX];

#define VBD_TOKEN_FMT	"vbd:%u"

static int set_state(struct vbd *v, enum xenbus_state state)
{
	char path[VBD_PATH_MAX + 8];

	if (v->state == (int)state)
		return 0;
	v->state = state;
	snprintf(path, sizeof(path), "%s/state", v->be);
	return be_printf(path, "%u", state);
}

static int be_key(struct vbd *v, const char *key, const char *fmt, u64 val)
{
	char path[VBD_PATH_MAX + 40];

	snprintf(path, sizeof(path), "%s/%s", v->be, key);
	return be_printf(path, fmt, val);
}

static int fe_read_u64(struct vbd *v, const char *key, u64 *val)
{
	char path[VBD_PATH_MAX + 40];

	snprintf(path, sizeof(path), "%s/%s", v->fe, key);
	return be_read_u64(path, val);
}

/* A front end key the guest may write: owned by the guest. */
static int fe_key(struct vbd *v, const char *key, const char *value)
{
	char path[VBD_PATH_MAX + 40];

	snprintf(path, sizeof(path), "%s/%s", v->fe, key);
	return be_printf(path, "%s", value) ?:
	       be_mkdir(path, v->d->domid, DOMID_INVALID);
}

/* The features a front end reads before it sets up its ring. */
static int publish_features(struct vbd *v)
{
	const struct blkdev_info *in = v->info;

	return be_key(v, "feature-max-indirect-segments", "%lu",
		      v->max_segs) ?:
	       be_key(v, "max-ring-page-order", "%lu", VBD_MAX_RING_ORDER) ?:
	       be_key(v, "feature-flush-cache", "%lu", in->write_cache) ?:
	       be_key(v, "feature-barrier", "%lu", 0) ?:
	       be_key(v, "feature-persistent", "%lu",
		      hv_opts.vbd_persistent) ?:
	       be_key(v, "multi-queue-max-queues", "%lu", VBD_MAX_QUEUES) ?:
	       be_key(v, "feature-discard", "%lu", !!in->max_discard_sectors) ?:
	       (in->max_discard_sectors ?
		be_key(v, "discard-granularity", "%lu",
		       in->discard_granularity ?: in->sector_size) ?:
		be_key(v, "discard-alignment", "%lu", 0) ?:
		be_key(v, "discard-secure", "%lu", 0) : 0);
}

/* The disk itself, published when the ring is up. */
static int publish_disk(struct vbd *v)
{
	return be_key(v, "sectors", "%lu", v->info->sectors) ?:
	       be_key(v, "info", "%lu", v->readonly ? VDISK_READONLY : 0) ?:
	       be_key(v, "sector-size", "%lu", v->info->sector_size) ?:
	       be_key(v, "physical-sector-size", "%lu", v->info->sector_size);
}

/* A 32-bit front end key (guest input); its name into @bad if wrong. */
static int fe_read_u32(struct vbd *v, const char *key, u32 *val, char *bad,
		       size_t len)
{
	u64 x;

	if (fe_read_u64(v, key, &x) || x > 0xffffffffull) {
		snprintf(bad, len, "%s", key);
		return -EINVAL;
	}
	*val = x;
	return 0;
}

/*
 * One ring's keys under @q ("" or "queue-<n>/"): ring-ref, or ring-ref<i>
 * with a ring-page-order, and event-channel.
 */
static int read_ring(struct vbd *v, struct vbd_ring *r, const char *q,
		     char *bad, size_t len)
{
	unsigned int i;
	char key[32];

	for (i = 0; i < 1U << v->ring_order; i++) {
		if (v->ring_order)
			snprintf(key, sizeof(key), "%sring-ref%u", q, i);
		else
			snprintf(key, sizeof(key), "%sring-ref", q);
		if (fe_read_u32(v, key, &r->ring_ref[i], bad, len))
			return -EINVAL;
	}
	snprintf(key, sizeof(key), "%sevent-channel", q);
	if (fe_read_u32(v, key, &r->port, bad, len))
		return -EINVAL;
	r->nr_ring_pages = 1U << v->ring_order;
	return 0;
}

/* multi-queue-num-queues: 1 when absent, else 1..VBD_MAX_QUEUES. */
static int read_nr_queues(struct vbd *v)
{
	u64 n;
	int rc = fe_read_u64(v, "multi-queue-num-queues", &n);

	if (rc == -XEN_ENOENT)
		return 1;
	if (rc || !n || n > VBD_MAX_QUEUES)
		return -EINVAL;
	return n;
}

/* The front end's keys (guest input) into @v and its rings. */
static int read_ring_keys(struct vbd *v, char *bad, size_t len)
{
	char path[VBD_PATH_MAX + 40], proto[16];
	unsigned int i;
	u64 order = 0, persistent = 0;
	int rc, n;

	snprintf(path, sizeof(path), "%s/protocol", v->fe);
	rc = be_read(path, proto, sizeof(proto));
	if (rc >= 0 && strcmp(proto, "x86_64-abi")) {
		snprintf(bad, len, "protocol '%s' not supported", proto);
		return -EINVAL;
	}
	rc = fe_read_u64(v, "ring-page-order", &order);
	if ((rc && rc != -XEN_ENOENT) || order > VBD_MAX_RING_ORDER) {
		snprintf(bad, len, "ring-page-order");
		return -EINVAL;
	}
	v->ring_order = order;
	n = read_nr_queues(v);
	if (n < 0) {
		snprintf(bad, len, "multi-queue-num-queues");
		return -EINVAL;
	}
	v->nr_rings = n;
	if (fe_read_u64(v, "feature-persistent", &persistent))
		persistent = 0;
	v->persistent = hv_opts.vbd_persistent && persistent == 1;
	if (n == 1)
		return read_ring(v, &v->ring[0], "", bad, len);
	for (i = 0, rc = 0; i < v->nr_rings && !rc; i++) {
		char q[16];

		snprintf(q, sizeof(q), "queue-%u/", i);
		rc = read_ring(v, &v->ring[i], q, bad, len);
	}
	return rc;
}

/* Pin every ring, or none. */
static int connect_rings(struct vbd *v, char *bad, size_t len)
{
	unsigned int i;

	for (i = 0; i < v->nr_rings; i++) {
		v->ring[i].vbd = v;
		v->ring[i].index = i;
		if (blkif_connect(&v->ring[i]))
			goto undo;
	}
	v->connected = true;
	return 0;
undo:
	snprintf(bad, len, "ring %u: a ring-ref or event-channel refused", i);
	while (i--)
		blkif_disconnect(&v->ring[i]);
	return -EINVAL;
}

static void connect(struct vbd *v)
{
	char bad[64] = "";
	unsigned int i;
	int rc = read_ring_keys(v, bad, sizeof(bad));

	if (!rc)
		rc = connect_rings(v, bad, sizeof(bad));
	if (rc) {
		for (i = 0; i < VBD_MAX_QUEUES; i++)
			v->ring[i].nr_ring_pages = 0;
		v->nr_rings = 0;
		pr_warn("domain %u vbd %u: bad or missing ring keys%s%s%s: not connected\n",
			v->d->domid, v->devid, *bad ? " (" : "", bad,
			*bad ? ")" : "");
		set_state(v, XenbusStateClosing);
		return;
	}
	publish_disk(v);
	set_state(v, XenbusStateConnected);
	pr_info("domain %u vbd %u: connected, %u queue(s), %u ring page(s), %u slots%s\n",
		v->d->domid, v->devid, v->nr_rings, 1U << v->ring_order,
		v->ring[0].ring_size,
		v->persistent ? ", persistent grants" : "");
	for (i = 0; i < v->nr_rings; i++)
		blkif_kick(&v->ring[i]);
}

/* Nothing of any ring held: no request in flight, no page pinned. */
static bool vbd_idle(const struct vbd *v)
{
	unsigned int i;

	for (i = 0; i < VBD_MAX_QUEUES; i++)
		if (v->ring[i].inflight || v->ring[i].nr_ring_pages)
			return false;
	return true;
}

/* Stop; @to is the state to show once every request is answered. */
static void disconnect(struct vbd *v, enum xenbus_state to)
{
	unsigned int i;

	v->state_after_drain = to;
	v->connected = false;
	for (i = 0; i < v->nr_rings; i++)
		blkif_disconnect(&v->ring[i]);
	vbd_drained(v);
}

/*
 * The vbd_vanish fault (hv-stub's option): the back end goes away as a
 * crashed driver domain would.  Requests in flight still finish on the
 * disk and give their grants back, but nothing is answered any more, and
 * the state says Closed at once.  The front end must fail its I/O.
 */
void vbd_fault_vanish(struct vbd *v)
{
	pr_info("domain %u vbd %u: vbd_vanish: the back end vanishes after %lu requests\n",
		v->d->domid, v->devid, v->nr_reqs);
	v->vanished = true;
	disconnect(v, 0);
	set_state(v, XenbusStateClosed);
}

void vbd_drained(struct vbd *v)
{
	if (!vbd_idle(v))
		return;
	if (!v->d->dying && v->state_after_drain)
		set_state(v, v->state_after_drain);
	v->state_after_drain = 0;
}

static void frontend_changed(struct vbd *v)
{
	char path[VBD_PATH_MAX + 8];
	u64 fs;

	snprintf(path, sizeof(path), "%s/state", v->fe);
	if (be_read_u64(path, &fs))
		fs = XenbusStateUnknown;	/* gone: as good as closed */
	switch (fs) {
	case XenbusStateInitialising:
		if (v->state == XenbusStateClosed && vbd_idle(v))
			set_state(v, XenbusStateInitWait);
		break;
	case XenbusStateInitialised:
	case XenbusStateConnected:
		if (!v->connected && vbd_idle(v) &&
		    v->state == XenbusStateInitWait)
			connect(v);
		break;
	case XenbusStateClosing:
		disconnect(v, XenbusStateClosing);
		break;
	default:
		disconnect(v, XenbusStateClosed);
		break;
	}
}

static void vbd_watch(const char *path, const char *token)
{
	unsigned int i = 0;
	const char *p = token + 4;

	while (*p >= '0' && *p <= '9')
		i = i * 10 + *p++ - '0';
	if (*p || i >= VBD_MAX || !vbds[i].d || vbds[i].d->dying ||
	    vbds[i].vanished)
		return;
	frontend_changed(&vbds[i]);
}

static struct vbd *vbd_alloc(void)
{
	unsigned int i;

	for (i = 0; i < VBD_MAX; i++)
		if (!vbds[i].d)
			return &vbds[i];
	return NULL;
}

static int be_str(struct vbd *v, const char *key, const char *value)
{
	char path[VBD_PATH_MAX + 40];

	snprintf(path, sizeof(path), "%s/%s", v->be, key);
	return be_printf(path, "%s", value);
}

/* Both directories, as a toolstack writes them, and the features. */
static int create_dirs(struct vbd *v, unsigned int index)
{
	domid_t id = v->d->domid;
	char name[8], devid[8];

	snprintf(name, sizeof(name), "xvd%c", 'a' + index);
	snprintf(devid, sizeof(devid), "%u", v->devid);
	return be_mkdir(v->be, 0, id) ?:
	       be_key(v, "frontend-id", "%lu", id) ?:
	       be_key(v, "online", "%lu", 1) ?:
	       be_key(v, "removable", "%lu", 0) ?:
	       be_str(v, "frontend", v->fe) ?:
	       be_str(v, "mode", v->readonly ? "r" : "w") ?:
	       be_str(v, "type", "phy") ?:
	       be_str(v, "dev", name) ?:
	       publish_features(v) ?:
	       be_key(v, "state", "%lu", XenbusStateInitialising) ?:
	       be_mkdir(v->fe, id, 0) ?:
	       fe_key(v, "backend", v->be) ?:
	       fe_key(v, "backend-id", "0") ?:
	       fe_key(v, "virtual-device", devid) ?:
	       fe_key(v, "device-type", "disk") ?:
	       fe_key(v, "state", "1");
}

/* Disk @disk of the machine as the domain's @index-th vbd (xvda + index). */
static int vbd_create(struct domain *d, unsigned int disk, unsigned int index)
{
	struct vbd *v = vbd_alloc();
	char token[16], path[VBD_PATH_MAX + 8];
	int rc;

	if (!v)
		return -ENOSPC;
	memset(v, 0, sizeof(*v));
	v->dev = blkdev_get(disk);
	v->info = blkdev_info(v->dev);
	v->readonly = v->info->readonly;
	v->max_segs = v->info->max_segs < BLKDEV_MAX_SEGS ?
		      v->info->max_segs : BLKDEV_MAX_SEGS;
	v->devid = (XEN_XVD_MAJOR << 8) | (index << 4);
	snprintf(v->fe, sizeof(v->fe), "/local/domain/%u/device/vbd/%u",
		 d->domid, v->devid);
	snprintf(v->be, sizeof(v->be), "/local/domain/0/backend/vbd/%u/%u",
		 d->domid, v->devid);
	v->d = d;
	v->state = XenbusStateInitialising;
	rc = create_dirs(v, index) ?: set_state(v, XenbusStateInitWait);
	snprintf(token, sizeof(token), VBD_TOKEN_FMT, (unsigned int)(v - vbds));
	snprintf(path, sizeof(path), "%s/state", v->fe);
	return rc ?: be_watch(path, token);
}

/* The disks the domain was given (d->disks), xvda first, in PCI order. */
static void vbd_domain_built(struct domain *d)
{
	unsigned int i, n = 0;
	int rc;

	for (i = 0; i < blkdev_count(); i++) {
		if (!(d->disks & (1u << i)))
			continue;
		rc = vbd_create(d, i, n);
		if (rc)
			pr_err("domain %u: disk %u not attached (%d)\n",
			       d->domid, i, rc);
		else
			pr_info("domain %u: disk %u is xvd%c (%s)\n", d->domid,
				i, 'a' + n, blkdev_info(blkdev_get(i))->readonly ?
				"read-only" : "read-write");
		n++;
	}
}

static unsigned int vbd_inflight(const struct vbd *v)
{
	unsigned int i, n = 0;

	for (i = 0; i < VBD_MAX_QUEUES; i++)
		n += v->ring[i].inflight;
	return n;
}

static void vbd_domain_dying(struct domain *d)
{
	unsigned int i, n;

	for (i = 0; i < VBD_MAX; i++) {
		struct vbd *v = &vbds[i];

		if (v->d != d || !v->connected)
			continue;
		n = vbd_inflight(v);
		if (n)
			pr_info("domain %u vbd %u: %u request(s) in flight at its death: their frames stay pinned until the disk is done\n",
				d->domid, v->devid, n);
		disconnect(v, 0);
	}
}

static bool vbd_busy(const struct domain *d)
{
	unsigned int i;

	for (i = 0; i < VBD_MAX; i++)
		if (vbds[i].d == d && !vbd_idle(&vbds[i]))
			return true;
	return false;
}

/* How the requests spread over the queues, if there were several. */
static void print_queue_reqs(const struct vbd *v)
{
	char buf[VBD_MAX_QUEUES * 22] = "";
	unsigned int i, last = 0, n = 0;

	for (i = 1; i < VBD_MAX_QUEUES; i++)
		if (v->nr_queue_reqs[i])
			last = i;
	if (!last)
		return;
	for (i = 0; i <= last; i++)
		n += snprintf(buf + n, sizeof(buf) - n, " %lu",
			      v->nr_queue_reqs[i]);
	pr_info("domain %u vbd %u: requests by queue:%s\n", v->d->domid,
		v->devid, buf);
}

static void vbd_domain_destroyed(struct domain *d)
{
	char path[VBD_PATH_MAX];
	unsigned int i;

	for (i = 0; i < VBD_MAX; i++) {
		struct vbd *v = &vbds[i];
		char token[16];

		if (v->d != d)
			continue;
		snprintf(token, sizeof(token), VBD_TOKEN_FMT, i);
		snprintf(path, sizeof(path), "%s/state", v->fe);
		be_unwatch(path, token);
		pr_info("domain %u vbd %u: %lu requests, %lu errors\n",
			d->domid, v->devid, v->nr_reqs, v->nr_errors);
		print_queue_reqs(v);
		if (v->nr_pgrants_max)
			pr_info("domain %u vbd %u: at most %lu persistent grants on a ring\n",
				d->domid, v->devid, v->nr_pgrants_max);
		v->d = NULL;
	}
	snprintf(path, sizeof(path), "/local/domain/0/backend/vbd/%u",
		 d->domid);
	be_rm(path);
}

/* The front end notified its ring's event channel. */
static bool vbd_notify(struct domain *d, unsigned int port)
{
	unsigned int i, j;

	for (i = 0; i < VBD_MAX; i++) {
		struct vbd *v = &vbds[i];

		for (j = 0; v->d == d && j < v->nr_rings; j++) {
			if (v->ring[j].connected && v->ring[j].port == port) {
				blkif_kick(&v->ring[j]);
				return true;
			}
		}
	}
	return false;
}

const struct backend vbd_backend = {
	.name = "vbd",
	.domain_built = vbd_domain_built,
	.notify = vbd_notify,
	.watch = vbd_watch,
	.domain_dying = vbd_domain_dying,
	.busy = vbd_busy,
	.domain_destroyed = vbd_domain_destroyed,
};
