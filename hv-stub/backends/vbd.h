/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block back end's own header, shared by its XenStore half (vbd.c)
 * and its ring half (blkif.c).
 */
#ifndef HV_BACKENDS_VBD_H
#define HV_BACKENDS_VBD_H

#include <hv/blkdev.h>
#include <hv/types.h>
#include <public/grant_table.h>
#include <public/io/blkif.h>

#define VBD_MAX			(MAX_DOMAINS * 4)
#define VBD_MAX_RING_ORDER	4
#define VBD_MAX_RING_PAGES	(1U << VBD_MAX_RING_ORDER)
#define VBD_MAX_INFLIGHT	64	/* requests taken off one ring at once */
#define VBD_PATH_MAX		64

struct domain;
struct vbd;

/* One guest request taken off the ring and not answered yet. */
struct vbd_req {
	struct blkdev_req io;
	struct vbd *vbd;
	u64 id;			/* the front end's, echoed */
	u8 op;			/* BLKIF_OP_*, echoed */
	bool dev_writes;	/* grants pinned for the device to write */
	bool flush_after;	/* FLUSH_DISKCACHE with data: write, flush */
	u64 discard_left;	/* sectors still to discard after this chunk */
	unsigned int nr_grants;
	grant_ref_t gref[BLKDEV_MAX_SEGS];
	struct vbd_req *next_free;
};

/* One virtual block device: a disk of the machine given to a domain. */
struct vbd {
	struct domain *d;		/* NULL: slot free */
	unsigned int devid;		/* virtual-device, e.g. 51712 = xvda */
	struct blkdev *dev;
	const struct blkdev_info *info;
	bool readonly;
	unsigned int max_segs;		/* per indirect request */
	char fe[VBD_PATH_MAX], be[VBD_PATH_MAX];
	int state;			/* our XenbusState */
	int state_after_drain;		/* 0, or Closing/Closed to show */

	/* the ring, while connected */
	bool connected;
	bool broken;			/* ring-level fault: nothing more read */
	unsigned int nr_ring_pages;
	grant_ref_t ring_ref[VBD_MAX_RING_PAGES];
	u64 ring_mfn[VBD_MAX_RING_PAGES];
	unsigned int ring_size;		/* slots, a power of two */
	u32 req_cons, rsp_prod_pvt;	/* ours; the guest cannot move them */
	u32 port;

	struct vbd_req *reqs;		/* VBD_MAX_INFLIGHT of them */
	struct vbd_req *free;
	struct vbd_req *retry;		/* parsed, refused -EBUSY by the disk */
	unsigned int inflight;		/* taken off the ring, not answered */
	u64 nr_reqs, nr_errors;		/* counters, printed at teardown */
};

/* blkif.c */
int blkif_connect(struct vbd *v);
void blkif_disconnect(struct vbd *v);
void blkif_kick(struct vbd *v);
/* vbd.c: the last request of a disconnecting ring was answered */
void vbd_drained(struct vbd *v);

#endif
