/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Grant-table helpers for the t_grant_* and t_neg_grant_* smoke kernels:
 * the v1 ABI beyond what xen.h has, our own domain id, our grant table
 * mapped, and small wrappers that grant, map, unmap and copy.
 *
 * A smoke kernel grants its own frames to itself, which works on hv-stub
 * (where it is a domU) and on real Xen (where it is dom0).  The entry's
 * domid must be our real domain id, and so must GNTTABOP_map_grant_ref's
 * dom (DOMID_SELF is a bad domain there); GNTTABOP_copy takes DOMID_SELF.
 * Refs 0..7 are the toolstack's: the tests use GREF_FIRST and up.
 */
#ifndef SMOKE_GRANT_H
#define SMOKE_GRANT_H

#include "smoke.h"

#define GNTTABOP_map_grant_ref		0
#define GNTTABOP_unmap_grant_ref	1
#define GNTTABOP_copy			5
#define GNTTABOP_set_version		8
#define GNTTABOP_get_status_frames	9
#define GNTTABOP_get_version		10

/* xen.h has these once the front-end helpers (lib/front.h) are in */
#ifndef GTF_permit_access
#define GTF_permit_access	1
#define GTF_readonly		(1 << 2)
#define GTF_reading		(1 << 3)
#define GTF_writing		(1 << 4)

struct grant_entry_v1 {
	u16 flags;
	u16 domid;
	u32 frame;
};
#endif
#define GTF_busy		(GTF_reading | GTF_writing)

#define GNTMAP_device_map	(1U << 0)
#define GNTMAP_host_map		(1U << 1)
#define GNTMAP_readonly		(1U << 2)
#define GNTMAP_contains_pte	(1U << 4)

#define GNTCOPY_source_gref	(1U << 0)
#define GNTCOPY_dest_gref	(1U << 1)

#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)
#define GNTST_bad_gntref	(-3)
#define GNTST_bad_handle	(-4)
#define GNTST_bad_dev_addr	(-6)
#define GNTST_permission_denied	(-8)
#define GNTST_bad_page		(-9)
#define GNTST_bad_copy_arg	(-10)

/* hv-stub marks grant PTEs like a debug Xen; Debian's release Xen not */
#define _PAGE_GNTTAB		(1UL << 62)

#define EVTCHNOP_status		5

#define GREF_FIRST		8

struct gnttab_map_grant_ref {
	u64 host_addr;
	u32 flags;
	u32 ref;
	u16 dom;
	s16 status;
	u32 handle;
	u64 dev_bus_addr;
};

struct gnttab_unmap_grant_ref {
	u64 host_addr;
	u64 dev_bus_addr;
	u32 handle;
	s16 status;
};

struct gnttab_copy_ptr {
	union {
		u32 ref;
		u64 gmfn;
	} u;
	u16 domid;
	u16 offset;
};

struct gnttab_copy {
	struct gnttab_copy_ptr source, dest;
	u16 len;
	u16 flags;
	s16 status;
};

struct gnttab_set_version {
	u32 version;
};

struct gnttab_get_version {
	u16 dom;
	u16 pad;
	u32 version;
};

struct gnttab_get_status_frames {
	u32 nr_frames;
	u16 dom;
	s16 status;
	u64 *frame_list;
};

struct evtchn_status {
	u16 dom;
	u32 port;
	u32 status;
	u32 vcpu;
	union {
		struct {
			u16 dom;
		} unbound;
		u32 pad[2];
	} u;
};

/*
 * Our domain id: an unbound port for DOMID_SELF records the id the
 * hypervisor resolved it to.
 */
static inline u16 my_domid(void)
{
	struct evtchn_alloc_unbound au = {
		.dom = DOMID_SELF, .remote_dom = DOMID_SELF,
	};
	struct evtchn_status st = { .dom = DOMID_SELF };

	if (HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au))
		test_result(ERROR, "alloc_unbound failed");
	st.port = au.port;
	if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &st))
		test_result(ERROR, "evtchn status failed");
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &au.port);
	return st.u.unbound.dom;
}

/* Our first grant-table frame, mapped writable at scratch_va(@n). */
static inline struct grant_entry_v1 *grant_table(int n)
{
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
	unsigned long mfn, va = scratch_va(n);

	st.frame_list = &mfn;
	if (HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1) ||
	    st.status)
		test_result(ERROR, "setup_table failed: status %d", st.status);
	if (map_page(va, mfn, _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
		     _PAGE_DIRTY))
		test_result(ERROR, "cannot map grant frame %lx", mfn);
	return (struct grant_entry_v1 *)va;
}

/* What a guest does to grant @mfn: the flags word last. */
static inline void grant(struct grant_entry_v1 *gt, u32 ref, u16 domid,
			 unsigned long mfn, u16 flags)
{
	gt[ref].domid = domid;
	gt[ref].frame = mfn;
	barrier();
	WRITE_ONCE(gt[ref].flags, flags);
}

static inline u16 grant_busy(struct grant_entry_v1 *gt, u32 ref)
{
	return READ_ONCE(gt[ref].flags) & GTF_busy;
}

/* One map; the op's status, with the handle in @handle. */
static inline s16 grant_map(u32 ref, u16 dom, unsigned long addr,
			    u32 flags, u32 *handle)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = addr, .flags = flags, .ref = ref, .dom = dom,
		.status = 99,
	};
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

	if (rc)
		test_result(FAILURE, "map_grant_ref returned %ld", rc);
	if (handle)
		*handle = op.handle;
	return op.status;
}

static inline s16 grant_unmap(unsigned long addr, u64 dev_bus_addr,
			      u32 handle)
{
	struct gnttab_unmap_grant_ref op = {
		.host_addr = addr, .dev_bus_addr = dev_bus_addr,
		.handle = handle, .status = 99,
	};
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);

	if (rc)
		test_result(FAILURE, "unmap_grant_ref returned %ld", rc);
	return op.status;
}

static inline s16 grant_copy(struct gnttab_copy *op)
{
	long rc;

	op->status = 99;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, op, 1);
	if (rc)
		test_result(FAILURE, "copy returned %ld", rc);
	return op->status;
}

#endif /* SMOKE_GRANT_H */
