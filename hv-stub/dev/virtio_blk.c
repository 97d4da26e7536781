// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk disks (virtio 1.x, 5.2) behind the block device API of
 * <hv/blkdev.h>.
 *
 * One request queue per disk.  A request takes a slot, which holds what
 * the device reads and writes besides the data (the request header, the
 * discard range or the ID string, the status byte), and becomes one
 * descriptor chain: header, the caller's segments as they are (machine
 * addresses, no copies), status.  With indirect descriptors every request
 * is one ring descriptor, so a slot count equal to the indirect tables
 * bounds the queue; -EBUSY when slots or descriptors run out.
 *
 * Completions run from the disk's MSI-X vector and from blkdev_poll(),
 * never from blkdev_submit(), and not re-entered from a done() callback
 * (which may submit again: the slot is free by then).
 *
 * A device caught misbehaving (see virtqueue.c) is reset, so it touches
 * no buffer again, and marked broken: whatever was in flight and every
 * later request completes with -EIO, the later ones through a self-IPI
 * on the disk's vector so that done() still never runs inside submit.
 */
#include <hv/blkdev.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/pci.h>
#include <hv/time.h>
#include <hv/virtio.h>

#define VIRTIO_PCI_DEVICE_BLK	0x1001	/* transitional virtio-blk */
#define VIRTIO_PCI_DEVICE_BLK_MODERN 0x1042

#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9
#define VIRTIO_BLK_F_DISCARD	13

#define VBLK_FEATURES	(1u << VIRTIO_BLK_F_SIZE_MAX | \
			 1u << VIRTIO_BLK_F_SEG_MAX | \
			 1u << VIRTIO_BLK_F_RO | \
			 1u << VIRTIO_BLK_F_BLK_SIZE | \
			 1u << VIRTIO_BLK_F_FLUSH | \
			 1u << VIRTIO_BLK_F_DISCARD | \
			 1u << VIRTIO_RING_F_INDIRECT_DESC)

/* struct virtio_blk_config offsets */
#define VBLK_CFG_CAPACITY	0
#define VBLK_CFG_SIZE_MAX	8
#define VBLK_CFG_SEG_MAX	12
#define VBLK_CFG_BLK_SIZE	20
#define VBLK_CFG_MAX_DISCARD	36
#define VBLK_CFG_DISCARD_ALIGN	44

#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_T_GET_ID	8
#define VIRTIO_BLK_T_DISCARD	11
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_UNSUPP	2
#define VIRTIO_BLK_ID_BYTES	20

#define VBLK_SLOTS		64
#define VBLK_NO_STATUS		0xff	/* what the device must overwrite */
#define VBLK_MAX_BUFS		(BLKDEV_MAX_SEGS + 2)

struct virtio_blk_outhdr {
	u32 type;
	u32 ioprio;
	u64 sector;
};

struct virtio_blk_discard {
	u64 sector;
	u32 num_sectors;
	u32 flags;
};

enum slot_state { SLOT_FREE, SLOT_QUEUED, SLOT_FAILED };

/* A request in flight; hv-stub memory the device reaches by DMA. */
struct vblk_slot {
	struct virtio_blk_outhdr hdr;	/* hv-stub writes, device reads */
	union {
		struct virtio_blk_discard range; /* device reads */
		char id[VIRTIO_BLK_ID_BYTES];	/* device writes */
	};
	u8 status;			/* device writes */
	enum slot_state state;
	struct blkdev_req *req;	/* NULL: hv-stub's own (GET_ID) */
	int next_free;
};

struct blkdev {
	struct virtio_dev vdev;
	struct virtqueue vq;
	struct blkdev_info info;
	char name[8];
	u32 size_max;		/* bytes per segment, 0: no limit */
	struct vblk_slot *slots;
	int free_slot;		/* head of the free slots, -1: none */
	unsigned int inflight;
	int vector;		/* MSI-X vector, < 0: polled only */
	bool broken;
	bool completing;	/* in vblk_complete(): do not re-enter */
	struct virtq_buf bufs[VBLK_MAX_BUFS];	/* scratch of submit */
};

/* set up by blkdev_init() at boot; then changed by requests only */
static struct blkdev disks[BLKDEV_MAX];
static unsigned int nr_disks;

static const u32 vblk_type[] = {
	[BLKDEV_READ] = VIRTIO_BLK_T_IN,
	[BLKDEV_WRITE] = VIRTIO_BLK_T_OUT,
	[BLKDEV_FLUSH] = VIRTIO_BLK_T_FLUSH,
	[BLKDEV_DISCARD] = VIRTIO_BLK_T_DISCARD,
};

static struct vblk_slot *slot_get(struct blkdev *dev)
{
	struct vblk_slot *s;

	if (dev->free_slot < 0)
		return NULL;
	s = &dev->slots[dev->free_slot];
	dev->free_slot = s->next_free;
	s->status = VBLK_NO_STATUS;
	return s;
}

static void slot_put(struct blkdev *dev, struct vblk_slot *s)
{
	s->state = SLOT_FREE;
	s->req = NULL;
	s->next_free = dev->free_slot;
	dev->free_slot = s - dev->slots;
}

static int vblk_errno(const struct vblk_slot *s)
{
	u8 status = READ_ONCE(s->status);

	if (status == VIRTIO_BLK_S_OK)
		return 0;
	return status == VIRTIO_BLK_S_UNSUPP ? -EOPNOTSUPP : -EIO;
}

static void vblk_finish(struct blkdev *dev, struct vblk_slot *s, int status)
{
	struct blkdev_req *req = s->req;

	slot_put(dev, s);
	dev->inflight--;
	if (req)
		req->done(req, status);
}

/* Stop the device for good; what it held will fail with -EIO. */
static void vblk_break(struct blkdev *dev, const char *why)
{
	struct vblk_slot *s;

	if (dev->broken)
		return;
	dev->broken = true;
	pr_err("%s: %s: disk marked broken, its requests fail with -EIO\n",
	       dev->name, why);
	virtio_reset(&dev->vdev);
	while ((s = virtqueue_detach(&dev->vq)))
		s->state = SLOT_FAILED;
}

static void vblk_fail_all(struct blkdev *dev)
{
	unsigned int i;

	for (i = 0; i < VBLK_SLOTS; i++)
		if (dev->slots[i].state == SLOT_FAILED)
			vblk_finish(dev, &dev->slots[i], -EIO);
}

static void vblk_complete(struct blkdev *dev)
{
	struct vblk_slot *s;
	u32 len;

	if (dev->completing)
		return;
	dev->completing = true;
	while ((s = virtqueue_get(&dev->vq, &len)))
		vblk_finish(dev, s, vblk_errno(s));
	if (dev->vq.broken)
		vblk_break(dev, dev->vq.broken);
	if (dev->broken)
		vblk_fail_all(dev);
	dev->completing = false;
}

static void vblk_irq(void *arg)
{
	vblk_complete(arg);
}

/* --- submission ----------------------------------------------------------- */

static int check_range(const struct blkdev_info *info, u64 sector, u64 n)
{
	u64 mask = info->sector_size / 512 - 1;

	if (!n || sector >= info->sectors || n > info->sectors - sector)
		return -EINVAL;
	return (sector | n) & mask ? -EINVAL : 0;
}

static int check_rw(const struct blkdev *dev, const struct blkdev_req *req)
{
	u64 bytes = 0;
	unsigned int i;

	if (req->nr_segs < 1 || req->nr_segs > dev->info.max_segs)
		return -EINVAL;
	for (i = 0; i < req->nr_segs; i++) {
		const struct blkdev_seg *seg = &req->seg[i];

		if (!seg->len || seg->len % 512 || seg->maddr % 512 ||
		    (seg->maddr & (PAGE_SIZE - 1)) + seg->len > PAGE_SIZE ||
		    (dev->size_max && seg->len > dev->size_max))
			return -EINVAL;
		bytes += seg->len;
	}
	return check_range(&dev->info, req->sector, bytes / 512);
}

static int vblk_check(const struct blkdev *dev, const struct blkdev_req *req)
{
	const struct blkdev_info *info = &dev->info;

	switch (req->op) {
	case BLKDEV_READ:
		return check_rw(dev, req);
	case BLKDEV_WRITE:
		return info->readonly ? -EINVAL : check_rw(dev, req);
	case BLKDEV_FLUSH:
		return req->nr_segs ? -EINVAL : 0;
	case BLKDEV_DISCARD:
		if (info->readonly || req->nr_segs ||
		    req->nr_sectors > info->max_discard_sectors)
			return -EINVAL;
		return check_range(info, req->sector, req->nr_sectors);
	}
	return -EINVAL;
}

static struct virtq_buf vbuf(u64 maddr, u32 len, bool dev_writes)
{
	return (struct virtq_buf){ maddr, len, dev_writes };
}

/* The chain of @req in dev->bufs: header, data, discard range, status. */
static unsigned int vblk_fill(struct blkdev *dev, struct vblk_slot *s,
			      const struct blkdev_req *req)
{
	struct virtq_buf *b = dev->bufs;
	bool rw = req->op == BLKDEV_READ || req->op == BLKDEV_WRITE;
	unsigned int n = 0, i;

	s->hdr = (struct virtio_blk_outhdr){
		.type = vblk_type[req->op],
		.sector = rw ? req->sector : 0,
	};
	b[n++] = vbuf(dma_maddr(&s->hdr), sizeof(s->hdr), false);
	for (i = 0; i < req->nr_segs; i++)
		b[n++] = vbuf(req->seg[i].maddr, req->seg[i].len,
			      req->op == BLKDEV_READ);
	if (req->op == BLKDEV_DISCARD) {
		s->range = (struct virtio_blk_discard){
			.sector = req->sector,
			.num_sectors = req->nr_sectors,
		};
		b[n++] = vbuf(dma_maddr(&s->range), sizeof(s->range), false);
	}
	b[n++] = vbuf(dma_maddr(&s->status), 1, true);
	return n;
}

/* A request for a broken disk: fails from the disk's interrupt. */
static int vblk_fail_later(struct blkdev *dev, struct vblk_slot *s)
{
	s->state = SLOT_FAILED;
	dev->inflight++;
	if (dev->vector >= 0)
		dev_self_interrupt(dev->vector);
	return 0;
}

int blkdev_submit(struct blkdev *dev, struct blkdev_req *req)
{
	struct vblk_slot *s;
	int rc = vblk_check(dev, req);

	if (rc)
		return rc;
	s = slot_get(dev);
	if (!s)
		return -EBUSY;
	s->req = req;
	req->slot = s - dev->slots;
	if (dev->broken)
		return vblk_fail_later(dev, s);
	rc = virtqueue_add(&dev->vq, dev->bufs, vblk_fill(dev, s, req), s);
	if (rc == -EIO)
		return vblk_fail_later(dev, s);
	if (rc) {
		slot_put(dev, s);
		return rc;
	}
	s->state = SLOT_QUEUED;
	dev->inflight++;
	virtqueue_kick(&dev->vq);
	return 0;
}

unsigned int blkdev_inflight(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr_disks; i++)
		n += disks[i].inflight;
	return n;
}

void blkdev_poll(void)
{
	unsigned int i;

	for (i = 0; i < nr_disks; i++)
		vblk_complete(&disks[i]);
}

unsigned int blkdev_count(void)
{
	return nr_disks;
}

struct blkdev *blkdev_get(unsigned int index)
{
	return index < nr_disks ? &disks[index] : NULL;
}

const struct blkdev_info *blkdev_info(const struct blkdev *dev)
{
	return &dev->info;
}

/* --- bring-up --------------------------------------------------------------- */

static void vblk_read_config(struct blkdev *dev)
{
	struct virtio_dev *vdev = &dev->vdev;
	struct blkdev_info *info = &dev->info;
	u32 bs = 512;

	info->sectors = virtio_cfg_read64(vdev, VBLK_CFG_CAPACITY);
	if (virtio_has(vdev, VIRTIO_BLK_F_BLK_SIZE))
		bs = virtio_cfg_read32(vdev, VBLK_CFG_BLK_SIZE);
	if (bs < 512 || bs > PAGE_SIZE || (bs & (bs - 1))) {
		pr_warn("%s: block size %u ignored, using 512\n", dev->name, bs);
		bs = 512;
	}
	info->sector_size = bs;
	info->readonly = virtio_has(vdev, VIRTIO_BLK_F_RO);
	info->write_cache = virtio_has(vdev, VIRTIO_BLK_F_FLUSH);
	if (virtio_has(vdev, VIRTIO_BLK_F_SIZE_MAX))
		dev->size_max = virtio_cfg_read32(vdev, VBLK_CFG_SIZE_MAX);
	/* QEMU offers discard on read-only drives too: not for us */
	if (virtio_has(vdev, VIRTIO_BLK_F_DISCARD) && !info->readonly) {
		info->max_discard_sectors =
			virtio_cfg_read32(vdev, VBLK_CFG_MAX_DISCARD);
		info->discard_granularity = 512 *
			virtio_cfg_read32(vdev, VBLK_CFG_DISCARD_ALIGN);
		if (!info->discard_granularity)
			info->discard_granularity = bs;
	}
}

static u32 vblk_max_segs(struct blkdev *dev)
{
	u32 bufs = virtqueue_max_bufs(&dev->vq);
	u32 n = min(bufs > 2 ? bufs - 2 : 0, (u32)BLKDEV_MAX_SEGS);

	if (virtio_has(&dev->vdev, VIRTIO_BLK_F_SEG_MAX))
		n = min(n, virtio_cfg_read32(&dev->vdev, VBLK_CFG_SEG_MAX));
	if (dev->size_max && dev->size_max < 512)
		n = 0;		/* not even one sector per segment */
	return n;
}

/* The serial number, polled at boot: the device answers at once. */
static void vblk_get_id(struct blkdev *dev)
{
	struct vblk_slot *s = slot_get(dev);
	struct virtq_buf *b = dev->bufs;
	u64 deadline = now_ns() + 1000000000ull;
	unsigned int i;
	u32 len;

	s->hdr = (struct virtio_blk_outhdr){ .type = VIRTIO_BLK_T_GET_ID };
	memset(s->id, 0, sizeof(s->id));
	b[0] = vbuf(dma_maddr(&s->hdr), sizeof(s->hdr), false);
	b[1] = vbuf(dma_maddr(s->id), sizeof(s->id), true);
	b[2] = vbuf(dma_maddr(&s->status), 1, true);
	s->state = SLOT_QUEUED;
	dev->inflight++;
	if (virtqueue_add(&dev->vq, b, 3, s)) {
		vblk_finish(dev, s, -EIO);
		return;
	}
	virtqueue_kick(&dev->vq);
	while (!virtqueue_get(&dev->vq, &len) && !dev->vq.broken) {
		if (now_ns() > deadline) {
			vblk_break(dev, "no answer to GET_ID");
			return;
		}
	}
	if (dev->vq.broken) {
		vblk_break(dev, dev->vq.broken);
		return;
	}
	for (i = 0; !vblk_errno(s) && i < sizeof(s->id) && s->id[i]; i++)
		dev->info.serial[i] = s->id[i] >= ' ' && s->id[i] < 127 ?
				      s->id[i] : '?';
	vblk_finish(dev, s, 0);
}

static void vblk_print(const struct blkdev *dev)
{
	const struct blkdev_info *info = &dev->info;
	const struct pci_dev *pdev = dev->vdev.pdev;
	char irq[24] = "polled";

	if (dev->vector >= 0)
		snprintf(irq, sizeof(irq), "msi-x vector %#x", dev->vector);
	pr_info("%s: pci %02x:%02x.%u virtio-blk, %lu MiB, %s, %s, %s, %u segs, %s%s%s%s\n",
		dev->name, pdev->bus, pdev->slot, pdev->func,
		info->sectors >> 11, info->readonly ? "ro" : "rw",
		info->write_cache ? "write cache" : "no write cache",
		info->max_discard_sectors ? "discard" : "no discard",
		info->max_segs, irq, dev->broken ? ", BROKEN" : "",
		info->serial[0] ? ", serial " : "", info->serial);
}

static void vblk_slots_init(struct blkdev *dev)
{
	int i;

	dev->free_slot = -1;
	for (i = VBLK_SLOTS - 1; i >= 0; i--)
		slot_put(dev, &dev->slots[i]);
}

static int vblk_setup(struct blkdev *dev)
{
	int rc;

	vblk_slots_init(dev);
	virtio_negotiate(&dev->vdev, VBLK_FEATURES);
	vblk_read_config(dev);
	rc = virtio_vq_setup(&dev->vdev, &dev->vq, 0, VBLK_SLOTS,
			     VBLK_MAX_BUFS);
	if (rc)
		return rc;
	dev->info.max_segs = vblk_max_segs(dev);
	if (!dev->info.max_segs)
		return -EINVAL;
	dev->vector = virtio_vq_irq(&dev->vdev, &dev->vq, vblk_irq, dev);
	if (dev->vector < 0)
		pr_warn("%s: no MSI-X (%d): completions by polling only\n",
			dev->name, dev->vector);
	virtio_driver_ok(&dev->vdev);
	vblk_get_id(dev);
	return 0;
}

static int vblk_probe(struct blkdev *dev, struct pci_dev *pdev,
		      unsigned int index)
{
	int rc;

	snprintf(dev->name, sizeof(dev->name), "blk%u", index);
	dev->vector = -1;
	rc = virtio_pci_probe(&dev->vdev, pdev, dev->name);
	if (rc)
		return rc;
	dev->slots = hv_alloc(VBLK_SLOTS * sizeof(*dev->slots));
	rc = dev->slots ? vblk_setup(dev) : -ENOMEM;
	if (!rc) {
		vblk_print(dev);
		return 0;
	}
	virtio_reset(&dev->vdev);	/* it forgets the rings: free them */
	vring_free(&dev->vq);
	hv_free(dev->slots, VBLK_SLOTS * sizeof(*dev->slots));
	pr_err("%s: pci %02x:%02x.%u: cannot set up the disk (%d)\n",
	       dev->name, pdev->bus, pdev->slot, pdev->func, rc);
	return rc;
}

void blkdev_init(void)
{
	struct pci_dev *pdev = NULL;

	pci_scan();
	while ((pdev = pci_find(VIRTIO_PCI_VENDOR, VIRTIO_PCI_DEVICE_BLK,
				pdev))) {
		if (nr_disks == BLKDEV_MAX) {
			pr_warn("blk: more than %u disks, the rest ignored\n",
				BLKDEV_MAX);
			break;
		}
		if (!vblk_probe(&disks[nr_disks], pdev, nr_disks))
			nr_disks++;
		else
			memset(&disks[nr_disks], 0, sizeof(disks[0]));
	}
	pdev = NULL;
	while ((pdev = pci_find(VIRTIO_PCI_VENDOR,
				VIRTIO_PCI_DEVICE_BLK_MODERN, pdev)))
		pr_warn("blk: pci %02x:%02x.%u is a modern-only virtio-blk, not supported (hv-stub drives the legacy interface)\n",
			pdev->bus, pdev->slot, pdev->func);
}
