// SPDX-License-Identifier: GPL-2.0
/*
 * memory_op: reservation queries and changes (for the balloon), the
 * domain's pseudo-physical memory map, and where the M2P table is.  A PV
 * guest names its frames by MFN here.
 *
 * Accounting: d->nr_pages counts the frames of the guest's memory (what
 * the builder gave plus what populate_physmap added, minus what
 * decrease_reservation took back); it never exceeds d->max_pages, the
 * static maximum.  Frames the domain owns but hv-stub itself reads and
 * writes (shared_info, grant-table frames, the console and store rings)
 * are never given back: hv-stub holds no reference on them, so a freed
 * one would still be written after it went to another domain.
 *
 * Reservation commands answer as Xen does: the number of extents done,
 * from start_extent (cmd >> MEMOP_EXTENT_SHIFT) on; a bad argument, a
 * foreign domain or an extent order above 0 do nothing (start_extent).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/gnttab.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <public/memory.h>

#define MEMOP_EXTENT_SHIFT	6
#define MEMOP_CMD_MASK		((1u << MEMOP_EXTENT_SHIFT) - 1)
#define E820_RAM		1

/* Xen's struct e820entry: packed, 20 bytes. */
struct e820_ram {
	u64 addr, size;
	u32 type;
} __packed;

static bool is_self(struct vcpu *v, domid_t domid)
{
	return domid == DOMID_SELF || domid == v->d->domid;
}

/* A frame of @d that hv-stub uses without holding a reference. */
static bool hv_uses_frame(struct domain *d, u64 mfn)
{
	return mfn == d->shared_info_mfn || mfn == d->store_mfn ||
	       mfn == d->console_mfn || gnttab_owns_frame(d, mfn);
}

/* Give back frames: each must be the guest's and otherwise unused. */
static u64 decrease(struct domain *d, struct xen_memory_reservation *r, u64 i)
{
	u64 gmfn;

	for (; i < r->nr_extents; i++) {
		struct page_info *pg;

		if (copy_from_guest(&gmfn, r->extent_start + i * 8, 8))
			return i;
		if (!mfn_valid(gmfn) || hv_uses_frame(d, gmfn))
			return i;
		pg = mfn_to_page(gmfn);
		if (pg->owner != d->domid || pg->count ||
		    (pg->type_info & PGT_count_mask) || !d->nr_pages)
			return i;
		m2p_set(gmfn, ~0ull);
		pgt_flush_stale_writable();
		free_frame(gmfn);
		d->nr_pages--;
	}
	return i;
}

/*
 * New zeroed frames, within max_pages.  populate_physmap reads the gpfn
 * of each extent (any value: it only goes into the M2P, which the guest
 * reads) and writes the MFN back in its place, as Xen does for PV.
 */
static u64 increase(struct domain *d, struct xen_memory_reservation *r,
		    u64 i, bool populate)
{
	u64 gpfn = ~0ull, mfn;

	for (; i < r->nr_extents; i++) {
		if (d->nr_pages >= d->max_pages)
			return i;
		if (populate &&
		    copy_from_guest(&gpfn, r->extent_start + i * 8, 8))
			return i;
		mfn = alloc_domain_frame(d->domid);
		if (mfn == INVALID_MFN)
			return i;
		if (r->extent_start &&
		    copy_to_guest(r->extent_start + i * 8, &mfn, 8)) {
			free_frame(mfn);
			return i;
		}
		m2p_set(mfn, gpfn);
		d->nr_pages++;
	}
	return i;
}

static long reservation(struct vcpu *v, unsigned int op, u64 start, u64 arg)
{
	struct xen_memory_reservation r;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return start;
	if (r.nr_extents > (~0u >> MEMOP_EXTENT_SHIFT) ||
	    start >= r.nr_extents || !is_self(v, r.domid) || r.extent_order)
		return start;
	if (op == XENMEM_decrease_reservation)
		return decrease(v->d, &r, start);
	return increase(v->d, &r, start, op == XENMEM_populate_physmap);
}

static long reservation_size(struct vcpu *v, unsigned int op, u64 arg)
{
	domid_t domid_g;

	if (copy_from_guest(&domid_g, arg, sizeof(domid_g)))
		return -EFAULT;
	if (!is_self(v, domid_g))
		return domain_by_id(domid_g) ? -EPERM : -ESRCH;
	return op == XENMEM_current_reservation ? v->d->nr_pages :
						  v->d->max_pages;
}

/*
 * The pseudo-physical map: one RAM entry up to the static maximum, what
 * xl sets for a PV guest (xc_domain_set_memmap_limit).  nr_entries is the
 * guest's buffer size on entry, the number written on return.
 */
static long memory_map(struct vcpu *v, u64 arg)
{
	struct e820_ram ram = {
		.size = v->d->max_pages << PAGE_SHIFT, .type = E820_RAM,
	};
	struct xen_memory_map map;

	if (copy_from_guest(&map, arg, sizeof(map)))
		return -EFAULT;
	map.nr_entries = map.nr_entries ? 1 : 0;
	if (map.nr_entries && copy_to_guest(map.buffer, &ram, sizeof(ram)))
		return -EFAULT;
	return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

static long machphys_mfn_list(u64 arg)
{
	struct xen_machphys_mfn_list l;
	u64 chunks = (m2p_frames() + 511) / 512, i, mfn;

	if (copy_from_guest(&l, arg, sizeof(l)))
		return -EFAULT;
	for (i = 0; i < chunks && i < l.max_extents; i++) {
		mfn = m2p_first_mfn() + i * 512;
		if (copy_to_guest(l.extent_start + i * 8, &mfn, 8))
			return -EFAULT;
	}
	l.nr_extents = i;
	return copy_to_guest(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

long do_memory_op(struct vcpu *v, u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	unsigned int op = cmd & MEMOP_CMD_MASK;
	struct xen_machphys_mapping map;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation(v, op, cmd >> MEMOP_EXTENT_SHIFT, arg);
	case XENMEM_maximum_ram_page:
		return max_mfn - 1;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
		return reservation_size(v, op, arg);
	case XENMEM_memory_map:
		return memory_map(v, arg);
	case XENMEM_machphys_mfn_list:
		return machphys_mfn_list(arg);
	case XENMEM_machphys_mapping:
		map.v_start = RO_MPT_VIRT_START;
		map.v_end = RO_MPT_VIRT_START + m2p_frames() * PAGE_SIZE;
		map.max_mfn = m2p_frames() * PAGE_SIZE / 8 - 1;
		return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
	default:
		return -XEN_ENOSYS;
	}
}
