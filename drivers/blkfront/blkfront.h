/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the four files of the block front end share:
 *   xenbus.c      the XenBus side: probe, feature negotiation, connect, close
 *   ring.c        the shared rings: requests out, responses in (untrusted)
 *   persistent.c  feature-persistent: each ring's pool of granted pages
 *   blk.c         the block layer side: blk-mq queues and the gendisk
 *
 * One blkfront_info per virtual disk; one blkfront_ring per hardware
 * queue, each with its own shared ring, event channel, ids and (with
 * persistent grants) pool.
 */
#ifndef _XENPV_BLKFRONT_H
#define _XENPV_BLKFRONT_H

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <xen/interface/io/blkif.h>
#include "../xenbus/xenbus.h"

#define BLKFRONT_MAJOR		202	/* Xen's virtual disk major */
#define BLKFRONT_MINORS		16	/* per disk: the disk, 15 partitions */
#define BLKFRONT_MAX_ORDER	4	/* ring pages: at most 16 */
#define BLKFRONT_SEGS_PER_PAGE	(PAGE_SIZE / sizeof(struct blkif_request_segment))

/* One request in flight, indexed by the id the back end echoes. */
struct blkfront_shadow {
	struct request *rq;		/* NULL: the id is free */
	u8 op;				/* what the response must say */
	unsigned int nr_grants;		/* data grants in grefs/pages */
	grant_ref_t *grefs;
	struct page **pages;
	unsigned int nr_ind;		/* indirect pages granted */
	grant_ref_t ind_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
	struct page **ind_pages;	/* preallocated, nr_ind_pages */
	/* persistent grants: pool pages held, the data's then indirect */
	unsigned int nr_pool;
	unsigned int *pool;		/* max_segs + nr_ind_pages */
	unsigned int next_free;
};

/* A page of a ring's persistent pool: granted (writable) until teardown. */
struct blkfront_pgnt {
	struct page *page;
	grant_ref_t gref;
	unsigned int next_free;
};

struct blkfront_ring {
	struct blkfront_info *info;
	unsigned int index;
	/* Protects front, shadow, free_head, sg, the pool's free list. */
	spinlock_t lock;
	struct blkif_front_ring front;
	void *sring;
	grant_ref_t refs[1 << BLKFRONT_MAX_ORDER];
	evtchn_port_t evtchn;
	int irq;
	char irq_name[32];
	struct blkfront_shadow *shadow;	/* ring_size entries */
	unsigned int free_head;
	struct scatterlist *sg;		/* max_segs, for one request */
	struct blkfront_pgnt *pool;	/* pool_size pages, or NULL */
	unsigned int pool_free, pool_nr_free;
};

struct blkfront_info {
	struct xb_device *xd;
	struct mutex lock;		/* connect, close, remove */
	unsigned int vdevice;
	unsigned int disk_index;	/* xvda = 0 */
	unsigned int part;		/* a vdev naming one partition */
	unsigned int first_minor, minors;

	/* Negotiated when the back end reaches InitWait. */
	unsigned int ring_order, ring_size, nr_rings;
	unsigned int max_segs;		/* per request */
	bool indirect;
	unsigned int nr_ind_pages;	/* per request, when indirect */
	struct blkfront_ring *rings;

	/* Read when the back end reaches Connected. */
	u64 sectors;			/* 512-byte units */
	unsigned int sector_size, phys_sector_size;
	unsigned int vdisk_info;
	bool ro, flush, barrier, discard, discard_secure;
	unsigned int discard_granularity, discard_alignment;
	bool persistent;		/* both ends wrote feature-persistent */
	unsigned int pool_size;		/* pages per ring, when persistent */

	bool connected;			/* disk added */
	/* No more requests: protocol violation, or the back end left. */
	bool dead;
	struct blk_mq_tag_set tag_set;
	struct gendisk *disk;
};

/* Per request (blk-mq pdu). */
struct blkfront_req {
	blk_status_t status;
	struct request *next_done;	/* completion list of the irq */
};

/* ring.c */
int blkfront_rings_setup(struct blkfront_info *info);
void blkfront_rings_free(struct blkfront_info *info);
blk_status_t blkfront_ring_queue(struct blkfront_ring *ring,
				 struct request *rq);
/* Stop the device: fail every request in flight (and all new ones). */
void blkfront_kill(struct blkfront_info *info, const char *why);

/* persistent.c */
int blkfront_pools_setup(struct blkfront_info *info);
void blkfront_pool_free(struct blkfront_ring *ring);
int blkfront_pool_build(struct blkfront_ring *ring, struct blkfront_shadow *sh,
			struct request *rq, struct blkif_request *req, u8 op);
void blkfront_pool_done(struct blkfront_ring *ring, struct blkfront_shadow *sh,
			bool copy_back);

/* blk.c */
int __init blkfront_blk_init(void);
int blkfront_disk_add(struct blkfront_info *info);
void blkfront_disk_remove(struct blkfront_info *info);
void blkfront_disk_resize(struct blkfront_info *info);
void blkfront_restart_queues(struct blkfront_info *info);
void blkfront_flush_failed(struct blkfront_info *info);
void blkfront_discard_failed(struct blkfront_info *info);

#endif
