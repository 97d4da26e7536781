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
 *                                ring, publish the disk, go Connected
 *   front Closing/Closed/gone    stop reading the ring; Closing or Closed
 *                                once the requests in flight are answered
 *   front Initialising again     (it reconnects) back to InitWait
 *
 * Everything read from the front end's directory is guest input.  A key
 * that is missing or malformed leaves the device unconnected, in Closing,
 * with a message; nothing else is affected.
 */
#include <hv/backend.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/lib.h>
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
	       be_key(v, "feature-persistent", "%lu", 0) ?:
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

/* The front end's ring keys (guest input) into @v. */
static int read_ring_keys(struct vbd *v)
{
	char path[VBD_PATH_MAX + 40], proto[16];
	u64 order = 0, ref, port;
	unsigned int i;
	int rc;

	snprintf(path, sizeof(path), "%s/protocol", v->fe);
	rc = be_read(path, proto, sizeof(proto));
	if (rc >= 0 && strcmp(proto, "x86_64-abi")) {
		pr_warn("domain %u vbd %u: protocol '%s' not supported\n",
			v->d->domid, v->devid, proto);
		return -EINVAL;
	}
	rc = fe_read_u64(v, "ring-page-order", &order);
	if (rc == -XEN_ENOENT)
		order = 0;
	else if (rc || order > VBD_MAX_RING_ORDER)
		return -EINVAL;
	v->nr_ring_pages = 1U << order;
	for (i = 0; i < v->nr_ring_pages; i++) {
		char key[16];

		snprintf(key, sizeof(key), "ring-ref%u", i);
		rc = fe_read_u64(v, rc == -XEN_ENOENT || !order ? "ring-ref" :
				 key, &ref);
		if (rc || ref > 0xffffffffull)
			return -EINVAL;
		v->ring_ref[i] = ref;
	}
	rc = fe_read_u64(v, "event-channel", &port);
	if (rc || port > 0xffffffffull)
		return -EINVAL;
	v->port = port;
	return fe_read_u64(v, "multi-queue-num-queues", &port) == -XEN_ENOENT ||
	       port == 1 ? 0 : -EINVAL;
}

static void connect(struct vbd *v)
{
	int rc = read_ring_keys(v);

	if (!rc)
		rc = blkif_connect(v);
	if (rc) {
		v->nr_ring_pages = 0;
		pr_warn("domain %u vbd %u: bad or missing ring keys: not connected\n",
			v->d->domid, v->devid);
		set_state(v, XenbusStateClosing);
		return;
	}
	publish_disk(v);
	set_state(v, XenbusStateConnected);
	pr_info("domain %u vbd %u: connected, %u ring page(s), %u slots\n",
		v->d->domid, v->devid, v->nr_ring_pages, v->ring_size);
	blkif_kick(v);
}

/* Stop; @to is the state to show once every request is answered. */
static void disconnect(struct vbd *v, enum xenbus_state to)
{
	v->state_after_drain = to;
	if (v->connected || v->nr_ring_pages)
		blkif_disconnect(v);
	if (!v->inflight)
		vbd_drained(v);
}

void vbd_drained(struct vbd *v)
{
	if (v->nr_ring_pages)
		blkif_disconnect(v);
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
		if (v->state == XenbusStateClosed && !v->inflight)
			set_state(v, XenbusStateInitWait);
		break;
	case XenbusStateInitialised:
	case XenbusStateConnected:
		if (!v->connected && !v->inflight &&
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
	if (*p || i >= VBD_MAX || !vbds[i].d || vbds[i].d->dying)
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

static int vbd_create(struct domain *d, unsigned int index)
{
	struct vbd *v = vbd_alloc();
	char token[16], path[VBD_PATH_MAX + 8];
	int rc;

	if (!v)
		return -ENOSPC;
	memset(v, 0, sizeof(*v));
	v->dev = blkdev_get(index);
	v->info = blkdev_info(v->dev);
	v->readonly = v->info->readonly;
	v->max_segs = v->info->max_segs < BLKDEV_MAX_SEGS ?
		      v->info->max_segs : BLKDEV_MAX_SEGS;
	v->devid = (XEN_XVD_MAJOR << 8) | (index << 4);
	snprintf(v->fe, sizeof(v->fe), "/local/domain/%u/device/vbd/%u",
		 d->domid, v->devid);
	snprintf(v->be, sizeof(v->be), "/local/domain/0/backend/vbd/%u/%u",
		 d->domid, v->devid);
	v->reqs = hv_alloc(VBD_MAX_INFLIGHT * sizeof(*v->reqs));
	if (!v->reqs)
		return -ENOMEM;
	v->d = d;
	v->state = XenbusStateInitialising;
	rc = create_dirs(v, index) ?: set_state(v, XenbusStateInitWait);
	snprintf(token, sizeof(token), VBD_TOKEN_FMT, (unsigned int)(v - vbds));
	snprintf(path, sizeof(path), "%s/state", v->fe);
	return rc ?: be_watch(path, token);
}

/* Every disk of the machine goes to the first domain, in PCI order. */
static void vbd_domain_built(struct domain *d)
{
	unsigned int i;
	int rc;

	if (d->domid != 1)
		return;
	for (i = 0; i < blkdev_count() && i < 16; i++) {
		rc = vbd_create(d, i);
		if (rc)
			pr_err("domain %u: disk %u not attached (%d)\n",
			       d->domid, i, rc);
		else
			pr_info("domain %u: disk %u is xvd%c (%s)\n", d->domid,
				i, 'a' + i, blkdev_info(blkdev_get(i))->readonly ?
				"read-only" : "read-write");
	}
}

static void vbd_domain_dying(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < VBD_MAX; i++) {
		struct vbd *v = &vbds[i];

		if (v->d != d || (!v->connected && !v->nr_ring_pages))
			continue;
		if (v->inflight)
			pr_info("domain %u vbd %u: %u request(s) in flight at its death: their frames stay pinned until the disk is done\n",
				d->domid, v->devid, v->inflight);
		disconnect(v, 0);
	}
}

static bool vbd_busy(const struct domain *d)
{
	unsigned int i;

	for (i = 0; i < VBD_MAX; i++)
		if (vbds[i].d == d && (vbds[i].inflight ||
				       vbds[i].nr_ring_pages))
			return true;
	return false;
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
		hv_free(v->reqs, VBD_MAX_INFLIGHT * sizeof(*v->reqs));
		v->d = NULL;
	}
	snprintf(path, sizeof(path), "/local/domain/0/backend/vbd/%u",
		 d->domid);
	be_rm(path);
}

/* The front end notified its ring's event channel. */
static bool vbd_notify(struct domain *d, unsigned int port)
{
	unsigned int i;

	for (i = 0; i < VBD_MAX; i++) {
		if (vbds[i].d == d && vbds[i].connected &&
		    vbds[i].port == port) {
			blkif_kick(&vbds[i]);
			return true;
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
