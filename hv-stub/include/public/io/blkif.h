/* SPDX-License-Identifier: MIT */
/*
 * The block device ring (Xen 4.17 interface, io/blkif.h), x86_64 layout.
 *
 * Every request starts with its operation byte and carries the front
 * end's id at offset 8, whatever the operation; responses echo the id and
 * the operation.  Data lives in granted frames: a segment names a grant
 * and the first and last 512-byte sectors used within that frame.  An
 * indirect request names up to eight granted pages that each hold 512
 * segment descriptors.
 */
#ifndef __XEN_PUBLIC_IO_BLKIF_H__
#define __XEN_PUBLIC_IO_BLKIF_H__

#include <stdint.h>
#include "ring.h"

/* The header builds outside hv-stub too (tests/abi): no kernel macros. */
#define __blkif_attr(x)		__attribute__((x))
#define __blkif_packed		__blkif_attr(__packed__)

typedef uint16_t blkif_vdev_t;
typedef uint64_t blkif_sector_t;

#define BLKIF_OP_READ			0
#define BLKIF_OP_WRITE			1
#define BLKIF_OP_WRITE_BARRIER		2
#define BLKIF_OP_FLUSH_DISKCACHE	3
#define BLKIF_OP_RESERVED_1		4
#define BLKIF_OP_DISCARD		5
#define BLKIF_OP_INDIRECT		6

#define BLKIF_MAX_SEGMENTS_PER_REQUEST		11
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST	8
#define BLKIF_SEGS_PER_INDIRECT_FRAME		512

#define BLKIF_DISCARD_SECURE		(1 << 0)

#define BLKIF_RSP_EOPNOTSUPP		-2
#define BLKIF_RSP_ERROR			-1
#define BLKIF_RSP_OKAY			0

/* "info" bits of the back end */
#define VDISK_CDROM			0x1
#define VDISK_REMOVABLE			0x2
#define VDISK_READONLY			0x4

#define XEN_XVD_MAJOR			202

struct blkif_request_segment {
	uint32_t gref;
	uint8_t first_sect, last_sect;	/* inclusive, 0..7 */
};

struct blkif_request_rw {
	uint8_t nr_segments;
	blkif_vdev_t handle;
	uint32_t _pad1;
	uint64_t id;
	blkif_sector_t sector_number;
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
} __blkif_packed;

struct blkif_request_discard {
	uint8_t flag;			/* BLKIF_DISCARD_SECURE */
	blkif_vdev_t _pad1;
	uint32_t _pad2;
	uint64_t id;
	blkif_sector_t sector_number;
	uint64_t nr_sectors;
	uint8_t _pad3;
} __blkif_packed;

struct blkif_request_other {
	uint8_t _pad1;
	blkif_vdev_t _pad2;
	uint32_t _pad3;
	uint64_t id;
} __blkif_packed;

struct blkif_request_indirect {
	uint8_t indirect_op;
	uint16_t nr_segments;
	uint32_t _pad1;
	uint64_t id;
	blkif_sector_t sector_number;
	blkif_vdev_t handle;
	uint16_t _pad2;
	uint32_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
	uint32_t _pad3;
} __blkif_packed;

struct blkif_request {
	uint8_t operation;
	union {
		struct blkif_request_rw rw;
		struct blkif_request_discard discard;
		struct blkif_request_other other;
		struct blkif_request_indirect indirect;
	} u;
} __blkif_packed;

struct blkif_response {
	uint64_t id;
	uint8_t operation;
	int16_t status;
};

/* One ring slot holds either. */
union blkif_sring_entry {
	struct blkif_request req;
	struct blkif_response rsp;
};

#endif /* __XEN_PUBLIC_IO_BLKIF_H__ */
