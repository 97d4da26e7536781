/* SPDX-License-Identifier: MIT */
/*
 * Memory reservation and physmap operations (Xen 4.17 interface):
 * __HYPERVISOR_memory_op commands as used by an x86_64 PV guest.
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"

#define XENMEM_increase_reservation	0
#define XENMEM_decrease_reservation	1
#define XENMEM_maximum_ram_page		2
#define XENMEM_current_reservation	3
#define XENMEM_maximum_reservation	4
#define XENMEM_machphys_mfn_list	5
#define XENMEM_populate_physmap		6
#define XENMEM_add_to_physmap		7
#define XENMEM_memory_map		9
#define XENMEM_machine_memory_map	10
#define XENMEM_exchange			11
#define XENMEM_machphys_mapping		12
#define XENMEM_set_memory_map		13
#define XENMEM_maximum_gpfn		14
#define XENMEM_remove_from_physmap	15
#define XENMEM_add_to_physmap_batch	23
#define XENMEM_acquire_resource		28

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x)		(x)
#define XENMEMF_get_address_bits(x)	((x) & 0xffu)
#define XENMEMF_node(x)			(((x) + 1) << 8)
#define XENMEMF_get_node(x)		((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand	(1 << 16)
#define XENMEMF_exact_node_request	(1 << 17)

/* xen_add_to_physmap.space */
#define XENMAPSPACE_shared_info		0
#define XENMAPSPACE_grant_table		1
#define XENMAPSPACE_gmfn		2
#define XENMAPSPACE_gmfn_range		3
#define XENMAPSPACE_gmfn_foreign	4
#define XENMAPSPACE_dev_mmio		5

#ifndef __ASSEMBLY__

/* increase/decrease_reservation, populate_physmap */
struct xen_memory_reservation {
	uint64_t extent_start;	/* gva of xen_pfn_t[], in/out: frames */
	xen_ulong_t nr_extents;
	unsigned int extent_order;
	unsigned int mem_flags;				/* XENMEMF_* */
	domid_t domid;
};

struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	xen_ulong_t nr_exchanged;			/* out */
};

struct xen_machphys_mfn_list {
	unsigned int max_extents;			/* in */
	uint64_t extent_start;	/* gva of xen_pfn_t[], out */
	unsigned int nr_extents;			/* out */
};

struct xen_machphys_mapping {
	xen_ulong_t v_start, v_end;	/* where the M2P is mapped */
	xen_ulong_t max_mfn;
};

/* memory_map: the buffer receives e820 entries (u64 addr, u64 size, u32 type). */
struct xen_memory_map {
	unsigned int nr_entries;		/* in: capacity, out: used */
	uint64_t buffer;	/* gva */
};

struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;			/* gmfn_range only */
	unsigned int space;		/* XENMAPSPACE_* */
	xen_ulong_t idx;
	xen_pfn_t gpfn;
};

struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_MEMORY_H__ */
