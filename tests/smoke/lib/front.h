/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for smoke kernels that play a device's front end by hand: a
 * XenStore client (xs.c), our grant table (gnttab.c), a blkif ring
 * (blkfront.c) and request cases against a block back end (blkreq.c).
 * They live in lib/front.a, so only the tests that call them link them.
 *
 * Nothing here trusts the other side: every wait has a deadline and every
 * index the back end writes is checked.  A broken environment (no XenStore
 * ring, no such device) ends the test with ERROR; a back end that breaks
 * the protocol ends it with FAILURE.
 */
#ifndef SMOKE_FRONT_H
#define SMOKE_FRONT_H

#include "smoke.h"
#include "blkif.h"

#define NS_PER_MS	1000000UL
#define NS_PER_SEC	1000000000UL

/* Sleep until @port is pending or @ns have passed; clear it. */
void port_poll(unsigned int port, u64 ns);

/*
 * XenStore, one request at a time; paths relative to our home or
 * absolute.  0 (xs_read: the value's length) or -XEN_E* from the store's
 * error reply, -XEN_ETIMEDOUT if it does not answer.
 */
int xs_init(unsigned long va);		/* map the ring at @va */
int xs_read(const char *path, char *buf, unsigned int size);
int xs_read_u64(const char *path, u64 *val);
int xs_write(const char *path, const char *value);
int xs_rm(const char *path);
int xs_printf(const char *path, const char *fmt, ...) __printf(2, 3);

/* Our grant table (v1), its first frame mapped at @va. */
int gnttab_init(unsigned long va);
unsigned int gnttab_entries(void);	/* ours, in the mapped frame */
unsigned int gnttab_size(void);		/* the whole table's, in entries */
void gnttab_grant(u32 ref, u16 domid, unsigned long mfn, u16 flags);
void gnttab_set(u32 ref, u16 flags, u16 domid, u32 frame);	/* raw */
u16 gnttab_flags(u32 ref);
int gnttab_end(u32 ref);	/* 0, or -XEN_EBUSY while in use */

/* XenBus states (io/xenbus.h), the values of a "state" key. */
#define XB_INITIALISING		1
#define XB_INITWAIT		2
#define XB_INITIALISED		3
#define XB_CONNECTED		4
#define XB_CLOSING		5
#define XB_CLOSED		6

/* One virtual block device, driven from its front end. */
struct blkfront {
	unsigned int devid;		/* virtual-device, 51712 = xvda */
	char fe[32];			/* device/vbd/<devid> */
	char be[64];			/* the back end's directory */
	struct blkif_sring *sring;
	unsigned int ring_size;		/* slots */
	unsigned int port;		/* our end of the event channel */
	u32 req_prod_pvt, rsp_cons;	/* ours */
	/* features, published in InitWait; absent keys read as 0 */
	u64 max_ring_order, max_indirect, discard, flush, barrier;
	u64 max_queues;			/* multi-queue-max-queues, else 1 */
	/* the disk, published in Connected */
	u64 sectors, info, sector_size;
};

/* Find the device, wait for InitWait, read the features. */
void blkfront_probe(struct blkfront *f, unsigned int devid);
/*
 * Grant the 2^@order pages at @ring to domain 0 as refs @ref.., publish
 * them, an event channel and state Initialised, wait for Connected and
 * read the disk's keys.
 */
void blkfront_connect(struct blkfront *f, void *ring, unsigned int order,
		      u32 ref);
int blkfront_be_state(struct blkfront *f);	/* -errno if unreadable */
/* The back end's state once it is in @mask (1 << state), or at @ns. */
int blkfront_await(struct blkfront *f, unsigned int mask, u64 ns);
/* Our own keys, under device/vbd/<devid>: 0 or -errno. */
int blkfront_set(struct blkfront *f, const char *key, const char *value);
int blkfront_rm(struct blkfront *f, const char *key);
void blkfront_push(struct blkfront *f, const union blkif_slot *req);
void blkfront_kick(struct blkfront *f);		/* publish and notify */
void blkfront_notify(struct blkfront *f);
/* Responses waiting once @n are there or at @deadline (system time). */
unsigned int blkfront_wait(struct blkfront *f, unsigned int n, u64 deadline);
void blkfront_take(struct blkfront *f, struct blkif_rsp *rsp);

/*
 * Request cases against the disk the runner gives a t_blkif_* test
 * (blkreq.c): DISK_SECTORS sectors, sector s holding disk_pattern(s)
 * (tests/smoke/run: make_disk).
 */
#define DISK_SECTORS	2048
#define RING_REF	8		/* the first ref after the reserved */
#define POISON		0xa5		/* fill of pages the device must not write */

struct req_case {
	const char *what;
	union blkif_slot req;
	u8 want_op;
	s16 want;			/* BLKIF_RSP_* */
	u32 ref[16];			/* idle when the response shows */
	unsigned int nr_refs;
	const u8 *untouched;		/* still all @fill at the response */
	u8 fill;
	struct {
		const u8 *buf;
		u64 sector;		/* whose pattern @buf must hold */
		unsigned int n;
	} chk[3];			/* what an OKAY read brought */
	unsigned int nr_chk;
	int seen;
};

extern struct blkfront blk;
extern unsigned int cases_run, cases_wrong;
extern char first_wrong[128];

void disk_pattern(u8 *buf, u64 sector);
int holds_pattern(const u8 *buf, u64 sector, unsigned int n);
int page_is(const u8 *p, u8 fill);
/*
 * SKIP on dom0; connect to @devid with a ring of 2^@order pages at most
 * at @ring; data pages for the requests are the @nr_data pages at @data.
 */
void blk_open(unsigned int devid, void *ring, unsigned int order,
	      void *data, unsigned int nr_data);
/* blk_open in two steps: up to InitWait, then the ring (refs RING_REF..) */
void blk_probe(unsigned int devid, void *data, unsigned int nr_data);
void blk_connect(void *ring, unsigned int order);
u8 *data_page(u8 fill);		/* a page of @data, until the batch ends */
u8 *pinned_l1(void);		/* a frame of ours pinned as an unused L1 */
u32 new_gref(void);
u32 unused_gref(void);		/* never granted */
u32 grant_page(const void *p, u16 domid, u16 flags);

struct req_case *req_new(const char *what, s16 want);
void req_watch(struct req_case *c, u32 ref);
void req_rw(struct req_case *c, u8 op, u64 sector);
void req_seg(struct req_case *c, u32 ref, u8 first, u8 last);
void req_untouched(struct req_case *c, const u8 *p, u8 fill);
void req_expect(struct req_case *c, const u8 *buf, u64 sector,
		unsigned int n);
/* Indirect: every indirect_grefs[] is @iref; descriptors in page @ip. */
void req_ind(struct req_case *c, u8 op, u64 sector, u16 nseg, u32 iref);
void req_ind_ref(struct req_case *c, u32 iref);
void req_ind_seg(struct req_case *c, u8 *ip, unsigned int i, u32 ref,
		 u8 first, u8 last);
/* A page of @n one-sector descriptors of the page @ref grants. */
u8 *req_ind_page(struct req_case *c, unsigned int n, u32 ref);

void run_batch(const char *name);
void good_read(const char *after, u64 sector);	/* 8 sectors, OKAY */

#endif /* SMOKE_FRONT_H */
