/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Block devices of the machine (virtio-blk, hv-stub/dev/), as the block
 * back end sees them: a disk is a queue of requests whose data buffers are
 * machine addresses, so granted guest frames are DMA buffers directly.
 *
 * Requests complete asynchronously: the device interrupt (or a poll from
 * the idle loop) calls req->done() once per request, never from inside
 * blkdev_submit().  Completion runs with interrupts off, in interrupt
 * context or the idle vCPU, never in the middle of other hypervisor code.
 */
#ifndef HV_BLKDEV_H
#define HV_BLKDEV_H

#include <hv/types.h>

#define BLKDEV_MAX		8	/* disks hv-stub drives */
#define BLKDEV_MAX_SEGS		128	/* data segments per request */

enum blkdev_op { BLKDEV_READ, BLKDEV_WRITE, BLKDEV_FLUSH, BLKDEV_DISCARD };

struct blkdev_info {
	u64 sectors;		/* capacity, 512-byte sectors */
	u32 sector_size;	/* logical block size, bytes */
	u32 max_segs;		/* segments per request the device takes */
	u32 max_discard_sectors; /* 0: no discard */
	u32 discard_granularity; /* bytes */
	bool readonly;		/* VIRTIO_BLK_F_RO */
	bool write_cache;	/* VIRTIO_BLK_F_FLUSH: flushes mean something */
	char serial[21];	/* device serial, NUL-terminated, may be "" */
};

struct blkdev_seg {
	u64 maddr;		/* machine address, sector aligned */
	u32 len;		/* bytes, a multiple of 512, within one frame */
};

struct blkdev;

struct blkdev_req {
	enum blkdev_op op;
	u64 sector;		/* first 512-byte sector */
	u32 nr_sectors;		/* BLKDEV_DISCARD only */
	unsigned int nr_segs;	/* READ/WRITE: 1..max_segs; else 0 */
	struct blkdev_seg seg[BLKDEV_MAX_SEGS];
	/* status: 0, -EIO, or -EOPNOTSUPP */
	void (*done)(struct blkdev_req *req, int status);
	void *priv;		/* the submitter's */
	/* blkdev's own from here */
	u32 slot;
};

/* Scan PCI and bring up every virtio-blk disk; at boot. */
void blkdev_init(void);
unsigned int blkdev_count(void);
struct blkdev *blkdev_get(unsigned int index);	/* NULL past the end */
const struct blkdev_info *blkdev_info(const struct blkdev *dev);

/*
 * Queue @req (which stays the caller's memory until done() runs).
 * Returns 0, -EBUSY when the device queue is full (retry after some
 * completion), or -EINVAL for a request the device cannot take (beyond
 * the capacity, too many segments, bad alignment); done() is then not
 * called.
 */
int blkdev_submit(struct blkdev *dev, struct blkdev_req *req);

/* Requests queued and not completed yet, over all disks. */
unsigned int blkdev_inflight(void);

/* Run completions of every disk; the idle loop calls it. */
void blkdev_poll(void);

#endif
