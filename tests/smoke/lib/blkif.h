/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block device ring as a front end sees it (Xen's io/ring.h and
 * io/blkif.h, x86_64 layout), written out for the smoke kernels so that
 * they test the ABI itself, not hv-stub's copy of it.
 *
 * A ring is one or more granted pages: a 64-byte header of four
 * free-running indices, then a power-of-two array of 112-byte slots.  The
 * front end writes requests into the slots and req_prod; the back end
 * writes responses over consumed slots and rsp_prod.
 */
#ifndef SMOKE_BLKIF_H
#define SMOKE_BLKIF_H

#include "xen.h"

#define BLKIF_OP_READ			0
#define BLKIF_OP_WRITE			1
#define BLKIF_OP_WRITE_BARRIER		2
#define BLKIF_OP_FLUSH_DISKCACHE	3
#define BLKIF_OP_RESERVED_1		4
#define BLKIF_OP_DISCARD		5
#define BLKIF_OP_INDIRECT		6

#define BLKIF_MAX_SEGS			11	/* direct request */
#define BLKIF_MAX_INDIRECT_PAGES	8
#define BLKIF_SEGS_PER_PAGE		512	/* indirect page */

#define BLKIF_RSP_EOPNOTSUPP		(-2)
#define BLKIF_RSP_ERROR			(-1)
#define BLKIF_RSP_OKAY			0

#define VDISK_READONLY			0x4	/* "info" bit */

#define SECTOR_SIZE			512
#define SECTORS_PER_PAGE		(PAGE_SIZE / SECTOR_SIZE)

/* A granted frame and the sectors of it used, inclusive, 0..7. */
struct blkif_seg {
	u32 gref;
	u8 first_sect;
	u8 last_sect;
	u16 pad;
};

/* READ, WRITE, WRITE_BARRIER, FLUSH_DISKCACHE and unknown operations. */
struct blkif_req_rw {
	u8 operation;
	u8 nr_segments;
	u16 handle;
	u32 pad;
	u64 id;
	u64 sector;
	struct blkif_seg seg[BLKIF_MAX_SEGS];
};

/* BLKIF_OP_INDIRECT: the segments are in granted pages. */
struct blkif_req_indirect {
	u8 operation;
	u8 indirect_op;
	u16 nr_segments;
	u32 pad;
	u64 id;
	u64 sector;
	u16 handle;
	u16 pad2;
	u32 indirect_grefs[BLKIF_MAX_INDIRECT_PAGES];
	u32 pad3;
};

struct blkif_req_discard {
	u8 operation;
	u8 flag;
	u16 handle;
	u32 pad;
	u64 id;
	u64 sector;
	u64 nr_sectors;
};

struct blkif_rsp {
	u64 id;
	u8 operation;
	u8 pad;
	s16 status;
	u32 pad2;
};

union blkif_slot {
	struct blkif_req_rw rw;
	struct blkif_req_indirect ind;
	struct blkif_req_discard discard;
	struct blkif_rsp rsp;
};

struct blkif_sring {
	u32 req_prod, req_event;	/* front end writes req_prod */
	u32 rsp_prod, rsp_event;	/* back end writes rsp_prod */
	u8 pad[48];
	union blkif_slot slot[];
};

_Static_assert(sizeof(struct blkif_seg) == 8, "blkif segment");
_Static_assert(sizeof(struct blkif_req_rw) == 112, "blkif request");
_Static_assert(__builtin_offsetof(struct blkif_req_rw, seg) == 24,
	       "blkif segments");
_Static_assert(__builtin_offsetof(struct blkif_req_indirect,
				  indirect_grefs) == 28, "indirect grefs");
_Static_assert(__builtin_offsetof(struct blkif_req_discard, nr_sectors) ==
	       24, "discard");
_Static_assert(sizeof(struct blkif_rsp) == 16 &&
	       __builtin_offsetof(struct blkif_rsp, status) == 10,
	       "blkif response");
_Static_assert(__builtin_offsetof(struct blkif_sring, slot) == 64,
	       "ring header");

#endif /* SMOKE_BLKIF_H */
