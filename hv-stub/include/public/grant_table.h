/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, version 1 (Xen 4.17 interface): the shared grant entries
 * and the __HYPERVISOR_grant_table_op commands.
 */
#ifndef __XEN_PUBLIC_GRANT_TABLE_H__
#define __XEN_PUBLIC_GRANT_TABLE_H__

#include "xen.h"

/* Entries reserved for the toolstack. */
#define GNTTAB_NR_RESERVED_ENTRIES	8
#define GNTTAB_RESERVED_CONSOLE		0
#define GNTTAB_RESERVED_XENSTORE	1

/* grant_entry_v1.flags: type in bits 0-1. */
#define GTF_invalid		(0U << 0)
#define GTF_permit_access	(1U << 0)
#define GTF_accept_transfer	(2U << 0)
#define GTF_transitive		(3U << 0)
#define GTF_type_mask		(3U << 0)

/* Flags of a permit_access entry: reading/writing are set by the hypervisor. */
#define _GTF_readonly		2
#define GTF_readonly		(1U << _GTF_readonly)
#define _GTF_reading		3
#define GTF_reading		(1U << _GTF_reading)
#define _GTF_writing		4
#define GTF_writing		(1U << _GTF_writing)
#define _GTF_PWT		5
#define GTF_PWT			(1U << _GTF_PWT)
#define _GTF_PCD		6
#define GTF_PCD			(1U << _GTF_PCD)
#define _GTF_PAT		7
#define GTF_PAT			(1U << _GTF_PAT)
#define _GTF_sub_page		8
#define GTF_sub_page		(1U << _GTF_sub_page)

/* Flags of an accept_transfer entry. */
#define _GTF_transfer_committed	2
#define GTF_transfer_committed	(1U << _GTF_transfer_committed)
#define _GTF_transfer_completed	3
#define GTF_transfer_completed	(1U << _GTF_transfer_completed)

#define GNTTABOP_map_grant_ref		0
#define GNTTABOP_unmap_grant_ref	1
#define GNTTABOP_setup_table		2
#define GNTTABOP_dump_table		3
#define GNTTABOP_transfer		4
#define GNTTABOP_copy			5
#define GNTTABOP_query_size		6
#define GNTTABOP_unmap_and_replace	7
#define GNTTABOP_set_version		8
#define GNTTABOP_get_status_frames	9
#define GNTTABOP_get_version		10
#define GNTTABOP_swap_grant_ref		11
#define GNTTABOP_cache_flush		12

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map	0
#define GNTMAP_device_map	(1 << _GNTMAP_device_map)
#define _GNTMAP_host_map	1
#define GNTMAP_host_map		(1 << _GNTMAP_host_map)
#define _GNTMAP_readonly	2
#define GNTMAP_readonly		(1 << _GNTMAP_readonly)
#define _GNTMAP_application_map	3
#define GNTMAP_application_map	(1 << _GNTMAP_application_map)
#define _GNTMAP_contains_pte	4
#define GNTMAP_contains_pte	(1 << _GNTMAP_contains_pte)
/* copied into the PTE's available bits (XENFEAT_gnttab_map_avail_bits) */
#define _GNTMAP_guest_avail0	16
#define GNTMAP_guest_avail_mask	((uint32_t)~0 << _GNTMAP_guest_avail0)

/* gnttab_copy.flags */
#define _GNTCOPY_source_gref	0
#define GNTCOPY_source_gref	(1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref	1
#define GNTCOPY_dest_gref	(1 << _GNTCOPY_dest_gref)

/* Per-operation status codes. */
#define GNTST_okay		(0)
#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)
#define GNTST_bad_gntref	(-3)
#define GNTST_bad_handle	(-4)
#define GNTST_bad_virt_addr	(-5)
#define GNTST_bad_dev_addr	(-6)
#define GNTST_no_device_space	(-7)
#define GNTST_permission_denied	(-8)
#define GNTST_bad_page		(-9)
#define GNTST_bad_copy_arg	(-10)
#define GNTST_address_too_big	(-11)
#define GNTST_eagain		(-12)
#define GNTST_no_space		(-13)

#ifndef __ASSEMBLY__

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;
typedef uint16_t grant_status_t;	/* v2 status frames */

/* Written by the granting guest, except GTF_reading/GTF_writing. */
struct grant_entry_v1 {
	uint16_t flags;
	domid_t domid;		/* the grantee */
	uint32_t frame;
};

struct gnttab_map_grant_ref {
	uint64_t host_addr;		/* in */
	uint32_t flags;			/* in: GNTMAP_* */
	grant_ref_t ref;		/* in */
	domid_t dom;			/* in */
	int16_t status;			/* out: GNTST_* */
	grant_handle_t handle;		/* out */
	uint64_t dev_bus_addr;		/* out */
};

struct gnttab_unmap_grant_ref {
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	grant_handle_t handle;
	int16_t status;			/* out */
};

struct gnttab_setup_table {
	domid_t dom;				/* in */
	uint32_t nr_frames;			/* in */
	int16_t status;				/* out */
	uint64_t frame_list;	/* gva of xen_pfn_t[], out: the frames */
};

struct gnttab_copy_ptr {
	union {
		grant_ref_t ref;
		xen_pfn_t gmfn;
	} u;
	domid_t domid;
	uint16_t offset;
};

struct gnttab_copy {
	struct gnttab_copy_ptr source, dest;
	uint16_t len;
	uint16_t flags;			/* GNTCOPY_* */
	int16_t status;			/* out */
};

struct gnttab_query_size {
	domid_t dom;			/* in */
	uint32_t nr_frames;		/* out */
	uint32_t max_nr_frames;		/* out */
	int16_t status;			/* out */
};

struct gnttab_set_version {
	uint32_t version;		/* in/out */
};

struct gnttab_get_status_frames {
	uint32_t nr_frames;		/* in */
	domid_t dom;			/* in */
	int16_t status;			/* out: GNTST_* */
	uint64_t frame_list;	/* gva of uint64_t[], out: the frames */
};

struct gnttab_get_version {
	domid_t dom;			/* in */
	uint16_t pad;
	uint32_t version;		/* out */
};

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_GRANT_TABLE_H__ */
