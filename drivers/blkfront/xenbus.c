// SPDX-License-Identifier: GPL-2.0
/*
 * blkfront's XenBus side: the vbd handshake (io/blkif.h).
 *
 *   probe            read virtual-device: which /dev/xvd* this is
 *   back InitWait    read what the back end offers (max-ring-page-order,
 *                    multi-queue-max-queues, feature-max-indirect-segments),
 *                    set up the rings, publish ring-ref / ring-ref<i>,
 *                    ring-page-order, event-channel (flat, or under
 *                    queue-<n>/ with multi-queue-num-queues), protocol,
 *                    feature-persistent (1 unless persistent_pages=0) in
 *                    one transaction; Initialised
 *   back Connected   read sectors (512-byte units), info, sector-size,
 *                    physical-sector-size, the flush/barrier/discard/
 *                    persistent features and mode; with persistent grants
 *                    on both ends, each ring's pool; Connected, then add
 *                    the disk.  Connected again later: the capacity changed
 *   back Closing, Closed, or gone (Unknown once we have started)
 *                    fail all I/O, mark the disk dead, Closed
 *
 * All of this runs on the xenwatch thread, one event at a time; the
 * mutex orders it against remove().
 *
 * Limits a back end may not raise: blkfront.max_ring_order,
 * blkfront.max_queues, blkfront.max_indirect_segs on the command line;
 * blkfront.persistent_pages is the pool of each ring (0: no persistent
 * grants), raised if need be to hold the largest request.
 */
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <xen/interface/io/protocols.h>
#include "blkfront.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "blkfront."

static unsigned int max_ring_order = 1;
module_param(max_ring_order, uint, 0444);
MODULE_PARM_DESC(max_ring_order, "log2 of the most ring pages per queue");
static unsigned int max_queues = 4;
module_param(max_queues, uint, 0444);
MODULE_PARM_DESC(max_queues, "the most hardware queues per disk");
static unsigned int max_indirect_segs = 64;
module_param(max_indirect_segs, uint, 0444);
MODULE_PARM_DESC(max_indirect_segs, "the most segments per request");
static unsigned int persistent_pages = 256;
module_param(persistent_pages, uint, 0444);
MODULE_PARM_DESC(persistent_pages,
		 "pages granted for good per queue with persistent grants (0: off)");

#define BLKFRONT_TX_TRIES	10
#define VDEV_EXT		(1U << 28)	/* extended vdev numbering */

/* vdev -> disk index and partition, as Xen's toolstack numbers them. */
static int blkfront_decode_vdev(struct blkfront_info *info)
{
	unsigned int v = info->vdevice;

	if (v & VDEV_EXT) {
		info->disk_index = (v & ((1U << 20) - 1)) >> 8;
		info->part = v & 0xff;
	} else if (v >> 8 == BLKFRONT_MAJOR) {
		info->disk_index = (v & 0xff) >> 4;
		info->part = v & 0xf;
	} else {
		return -EINVAL;	/* emulated IDE/SCSI numbers: not ours */
	}
	if (info->part >= BLKFRONT_MINORS)
		return -EINVAL;
	info->first_minor = info->disk_index * BLKFRONT_MINORS + info->part;
	info->minors = info->part ? 1 : BLKFRONT_MINORS;
	return 0;
}

static int blkfront_probe(struct xb_device *xd)
{
	struct blkfront_info *info;
	unsigned int vdev;
	int ret;

	if (xb_scanf(XBT_NIL, xd->nodename, "virtual-device", "%u", &vdev) != 1 &&
	    xb_scanf(XBT_NIL, xd->nodename, "virtual-device-ext", "%u",
		     &vdev) != 1) {
		xb_dev_fatal(xd, -ENOENT, "reading virtual-device");
		return -ENOENT;
	}
	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	info->xd = xd;
	info->vdevice = vdev;
	mutex_init(&info->lock);
	ret = blkfront_decode_vdev(info);
	if (ret) {
		xb_dev_fatal(xd, ret, "unsupported virtual-device %u", vdev);
		kfree(info);
		return ret;
	}
	dev_set_drvdata(&xd->dev, info);
	return 0;
}

/* What the back end offers, within our own limits. */
static void blkfront_negotiate(struct blkfront_info *info)
{
	const char *be = info->xd->otherend;
	unsigned int v;

	v = xb_read_uint(be, "max-ring-page-order", 0);
	info->ring_order = min3(v, max_ring_order, BLKFRONT_MAX_ORDER);
	v = xb_read_uint(be, "multi-queue-max-queues", 1);
	info->nr_rings = clamp(min3(v, max_queues, num_online_cpus()), 1U,
			       (unsigned int)nr_cpu_ids);
	v = xb_read_uint(be, "feature-max-indirect-segments", 0);
	v = min3(v, max_indirect_segs, BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST *
		 (unsigned int)BLKFRONT_SEGS_PER_PAGE);
	info->indirect = v > BLKIF_MAX_SEGMENTS_PER_REQUEST;
	info->max_segs = info->indirect ? v : BLKIF_MAX_SEGMENTS_PER_REQUEST;
	info->nr_ind_pages = info->indirect ?
			     DIV_ROUND_UP(v, BLKFRONT_SEGS_PER_PAGE) : 0;
}

static int blkfront_write_ring(struct blkfront_info *info, xb_tx_t t,
			       const char *dir, struct blkfront_ring *ring)
{
	char node[16];
	unsigned int i;
	int ret = 0;

	if (!info->ring_order)
		ret = xb_printf(t, dir, "ring-ref", "%u", ring->refs[0]);
	for (i = 0; !ret && info->ring_order && i < (1U << info->ring_order);
	     i++) {
		snprintf(node, sizeof(node), "ring-ref%u", i);
		ret = xb_printf(t, dir, node, "%u", ring->refs[i]);
	}
	return ret ?: xb_printf(t, dir, "event-channel", "%u", ring->evtchn);
}

static int blkfront_write_queues(struct blkfront_info *info, xb_tx_t t)
{
	const char *fe = info->xd->nodename;
	unsigned int i;
	char *dir;
	int ret;

	if (info->nr_rings == 1)
		return blkfront_write_ring(info, t, fe, &info->rings[0]);
	ret = xb_printf(t, fe, "multi-queue-num-queues", "%u", info->nr_rings);
	for (i = 0; !ret && i < info->nr_rings; i++) {
		dir = kasprintf(GFP_KERNEL, "%s/queue-%u", fe, i);
		if (!dir)
			return -ENOMEM;
		ret = blkfront_write_ring(info, t, dir, &info->rings[i]);
		kfree(dir);
	}
	return ret;
}

static int blkfront_write_keys(struct blkfront_info *info, xb_tx_t t)
{
	const char *fe = info->xd->nodename;
	int ret = 0;

	if (info->ring_order)
		ret = xb_printf(t, fe, "ring-page-order", "%u",
				info->ring_order);
	ret = ret ?: blkfront_write_queues(info, t);
	ret = ret ?: xb_write(t, fe, "protocol", XEN_IO_PROTO_ABI_NATIVE);
	return ret ?: xb_write(t, fe, "feature-persistent",
			       persistent_pages ? "1" : "0");
}

static int blkfront_publish(struct blkfront_info *info)
{
	unsigned int tries = 0;
	xb_tx_t t;
	int ret;

	do {
		ret = xb_transaction_start(&t);
		if (ret)
			return ret;
		ret = blkfront_write_keys(info, t);
		if (ret) {
			xb_transaction_end(t, true);
			return ret;
		}
		ret = xb_transaction_end(t, false);
	} while (ret == -EAGAIN && ++tries < BLKFRONT_TX_TRIES);
	return ret;
}

/* The back end waits for our rings. */
static void blkfront_talk(struct blkfront_info *info)
{
	struct xb_device *xd = info->xd;
	int ret;

	blkfront_negotiate(info);
	ret = blkfront_rings_setup(info);
	if (ret) {
		xb_dev_fatal(xd, ret, "setting up the rings");
		return;
	}
	ret = blkfront_publish(info);
	if (ret) {
		blkfront_rings_free(info);
		xb_dev_fatal(xd, ret, "publishing the rings");
		return;
	}
	dev_info(&xd->dev, "%u queue(s), %u-page rings, %u segments%s\n",
		 info->nr_rings, 1U << info->ring_order, info->max_segs,
		 info->indirect ? " (indirect)" : "");
	xb_switch_state(xd, XenbusStateInitialised);
}

static bool blkfront_feature(const char *be, const char *node)
{
	return xb_read_uint(be, node, 0) == 1;
}

static int blkfront_read_geometry(struct blkfront_info *info)
{
	const char *be = info->xd->otherend;
	unsigned int ss;

	if (xb_scanf(XBT_NIL, be, "sectors", "%llu", &info->sectors) != 1 ||
	    xb_scanf(XBT_NIL, be, "info", "%u", &info->vdisk_info) != 1 ||
	    xb_scanf(XBT_NIL, be, "sector-size", "%u", &ss) != 1)
		return -ENOENT;
	if (!is_power_of_2(ss) || ss < 512 || ss > PAGE_SIZE)
		return -EINVAL;
	info->sector_size = ss;
	ss = xb_read_uint(be, "physical-sector-size", ss);
	info->phys_sector_size = is_power_of_2(ss) && ss >= info->sector_size ?
				 ss : info->sector_size;
	return 0;
}

static void blkfront_read_features(struct blkfront_info *info)
{
	const char *be = info->xd->otherend;
	char *mode;

	info->flush = blkfront_feature(be, "feature-flush-cache");
	info->barrier = blkfront_feature(be, "feature-barrier");
	info->discard = blkfront_feature(be, "feature-discard");
	info->discard_secure = blkfront_feature(be, "discard-secure");
	info->discard_granularity = xb_read_uint(be, "discard-granularity", 0);
	info->discard_alignment = xb_read_uint(be, "discard-alignment", 0);
	info->persistent = persistent_pages &&
			   blkfront_feature(be, "feature-persistent");
	info->pool_size = max(persistent_pages,
			      info->max_segs + info->nr_ind_pages);
	mode = xb_read(XBT_NIL, be, "mode", NULL);
	info->ro = info->vdisk_info & VDISK_READONLY ||
		   (!IS_ERR(mode) && mode[0] == 'r');
	if (!IS_ERR(mode))
		kfree(mode);
}

/* The back end has published the disk. */
static void blkfront_connect(struct blkfront_info *info)
{
	struct xb_device *xd = info->xd;
	int ret;

	if (info->connected) {
		if (xb_scanf(XBT_NIL, xd->otherend, "sectors", "%llu",
			     &info->sectors) != 1)
			return;
		blkfront_disk_resize(info);
		return;
	}
	ret = blkfront_read_geometry(info);
	if (ret) {
		xb_dev_fatal(xd, ret, "reading sectors, info, sector-size of %s",
			     xd->otherend);
		return;
	}
	blkfront_read_features(info);
	ret = info->persistent ? blkfront_pools_setup(info) : 0;
	if (ret) {
		info->persistent = false;
		xb_dev_fatal(xd, ret, "granting the persistent pages");
		return;
	}
	/* The back end may want us Connected before it serves the scan. */
	xb_switch_state(xd, XenbusStateConnected);
	ret = blkfront_disk_add(info);
	if (ret) {
		xb_dev_fatal(xd, ret, "adding the disk");
		return;
	}
	info->connected = true;
	dev_info(&xd->dev, "%s: %llu sectors of 512 bytes, %u-byte blocks%s%s%s\n",
		 info->disk->disk_name, info->sectors, info->sector_size,
		 info->ro ? ", read-only" : "",
		 info->flush ? ", flush" : info->barrier ? ", barrier" : "",
		 info->discard ? ", discard" : "");
	if (info->persistent)
		dev_info(&xd->dev, "%s: persistent grants: enabled, %u pages a queue\n",
			 info->disk->disk_name, info->pool_size);
	else
		dev_info(&xd->dev, "%s: persistent grants: disabled\n",
			 info->disk->disk_name);
}

static void blkfront_closing(struct blkfront_info *info)
{
	struct xb_device *xd = info->xd;

	if (xd->state == XenbusStateClosed)
		return;
	dev_info(&xd->dev, "back end is gone or closing: I/O fails from now on\n");
	blkfront_kill(info, NULL);
	if (info->disk)
		blk_mark_disk_dead(info->disk);
	xb_switch_state(xd, XenbusStateClosed);
}

static void blkfront_changed(struct xb_device *xd, enum xenbus_state be)
{
	struct blkfront_info *info = dev_get_drvdata(&xd->dev);

	mutex_lock(&info->lock);
	switch (be) {
	case XenbusStateInitWait:
	case XenbusStateConnected:
		if (xd->state == XenbusStateInitialising)
			blkfront_talk(info);
		if (be == XenbusStateConnected &&
		    (xd->state == XenbusStateInitialised ||
		     xd->state == XenbusStateConnected))
			blkfront_connect(info);
		break;
	case XenbusStateUnknown:
		if (xd->state == XenbusStateInitialising)
			break;	/* not started: the back end may come */
		fallthrough;
	case XenbusStateClosing:
	case XenbusStateClosed:
		blkfront_closing(info);
		break;
	default:
		break;
	}
	mutex_unlock(&info->lock);
}

static void blkfront_remove(struct xb_device *xd)
{
	struct blkfront_info *info = dev_get_drvdata(&xd->dev);

	mutex_lock(&info->lock);
	blkfront_kill(info, NULL);
	blkfront_disk_remove(info);
	blkfront_rings_free(info);
	mutex_unlock(&info->lock);
	dev_set_drvdata(&xd->dev, NULL);
	kfree(info);
}

static struct xb_driver blkfront_driver = {
	.type			= "vbd",
	.driver.name		= "vbd",
	.probe			= blkfront_probe,
	.remove			= blkfront_remove,
	.otherend_changed	= blkfront_changed,
};

static int __init blkfront_init(void)
{
	int ret = blkfront_blk_init();

	return ret ?: xb_register_driver(&blkfront_driver);
}
device_initcall(blkfront_init);
