/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block back end's own header, shared by its XenStore half (vbd.c),
 * its ring half (blkif.c) and the persistent grants of a ring (pgrant.c).
 *
 * A vbd has 1..VBD_MAX_QUEUES rings (multi-queue: queue-<n>/ keys), all
 * feeding the one disk.  Each ring is on its own: its pages, event
 * channel, indices, requests in flight, the request the disk refused
 * for now, and its persistent grants.  A ring holds what it pinned until
 * it is disconnected and its last request is answered; the vbd is
 * drained when every ring is.
 */
#ifndef HV_BACKENDS_VBD_H
#define HV_BACKENDS_VBD_H

#include <hv/blkdev.h>
#include <hv/types.h>
#include <public/grant_table.h>
#include <public/io/blkif.h>

#define VBD_MAX			BLKDEV_MAX	/* one per disk */
#define VBD_MAX_QUEUES		4	/* multi-queue-max-queues */
#define VBD_MAX_RING_ORDER	4
#define VBD_MAX_RING_PAGES	(1U << VBD_MAX_RING_ORDER)
#define VBD_MAX_INFLIGHT	64	/* requests taken off one ring at once */
#define VBD_MAX_PGRANTS		256	/* persistent grants kept per ring */
#define VBD_PATH_MAX		64

struct domain;
struct vbd;
struct vbd_ring;

/* One guest request taken off a ring and not answered yet. */
struct vbd_req {
	struct blkdev_req io;
	struct vbd_ring *ring;
	u64 id;			/* the front end's, echoed */
	u8 op;			/* BLKIF_OP_*, echoed */
	bool dev_writes;	/* grants pinned for the device to write */
	bool flush_after;	/* FLUSH_DISKCACHE with data: write, flush */
	u64 discard_left;	/* sectors still to discard after this chunk */
	/* grants pinned for this request alone (not persistent ones) */
	unsigned int nr_grants;
	grant_ref_t gref[BLKDEV_MAX_SEGS];
	struct vbd_req *next_free;
};

/* A grant a ring keeps pinned (writable) from first use to disconnect. */
struct vbd_pgrant {
	grant_ref_t gref;
	bool used;		/* slot of the hash table taken */
	u64 mfn;
};

/* One shared ring of a vbd and its event channel. */
struct vbd_ring {
	struct vbd *vbd;
	unsigned int index;		/* queue-<index> */
	bool connected;			/* requests are read */
	bool broken;			/* ring-level fault: nothing more read */
	unsigned int nr_ring_pages;	/* pinned; 0: nothing held */
	grant_ref_t ring_ref[VBD_MAX_RING_PAGES];
	u64 ring_mfn[VBD_MAX_RING_PAGES];
	unsigned int ring_size;		/* slots, a power of two */
	u32 req_cons, rsp_prod_pvt;	/* ours; the guest cannot move them */
	u32 port;

	struct vbd_req *reqs;		/* VBD_MAX_INFLIGHT, while pinned */
	struct vbd_req *free;
	struct vbd_req *retry;		/* parsed, refused -EBUSY by the disk */
	unsigned int inflight;		/* taken off the ring, not answered */

	/* feature-persistent: a hash table of pinned grants, or NULL */
	struct vbd_pgrant *pgrants;
	unsigned int nr_pgrants;
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

	/* negotiated from the front end's keys */
	bool connected;			/* every ring connected */
	bool persistent;		/* feature-persistent on both ends */
	bool vanished;			/* vbd_vanish: gone, answers nothing */
	unsigned int ring_order;
	unsigned int nr_rings;
	struct vbd_ring ring[VBD_MAX_QUEUES];
	/* counters, printed at teardown */
	u64 nr_reqs, nr_errors;
	u64 nr_queue_reqs[VBD_MAX_QUEUES];	/* requests by queue */
	u64 nr_pgrants_max;		/* most persistent grants of a ring */
};

/* blkif.c */
int blkif_connect(struct vbd_ring *r);
void blkif_disconnect(struct vbd_ring *r);
void blkif_kick(struct vbd_ring *r);
/* vbd.c: a disconnecting ring answered its last request, let go */
void vbd_drained(struct vbd *v);
/* vbd.c: the vbd_vanish fault: stop answering, show Closed at once */
void vbd_fault_vanish(struct vbd *v);

/* pgrant.c */
int pgrant_init(struct vbd_ring *r);
int pgrant_get(struct vbd_ring *r, grant_ref_t gref, u64 *mfn);
void pgrant_release_all(struct vbd_ring *r);

#endif
