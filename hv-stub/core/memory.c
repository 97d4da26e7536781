// SPDX-License-Identifier: GPL-2.0
/*
 * memory_op: reservation queries and changes (for the balloon), and where
 * the M2P table is.  A PV guest names its frames by MFN here.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <public/memory.h>

static struct domain *target(struct vcpu *v, domid_t domid)
{
	return domid == DOMID_SELF || domid == v->d->domid ? v->d : NULL;
}

/* Give back frames: each must be the guest's and otherwise unused. */
static long decrease(struct vcpu *v, struct xen_memory_reservation *r)
{
	u64 i, gmfn;

	if (r->extent_order)
		return -EINVAL;
	for (i = 0; i < r->nr_extents; i++) {
		struct page_info *pg;

		if (copy_from_guest(&gmfn, r->extent_start + i * 8, 8))
			return i;
		if (!mfn_valid(gmfn))
			return i;
		pg = mfn_to_page(gmfn);
		if (pg->owner != v->d->domid || pg->count ||
		    (pg->type_info & PGT_count_mask))
			return i;
		m2p_set(gmfn, ~0ull);
		pgt_flush_stale_writable();
		free_frame(gmfn);
		v->d->nr_pages--;
	}
	return i;
}

static long increase(struct vcpu *v, struct xen_memory_reservation *r,
		     bool populate)
{
	u64 i, pfn, mfn;

	if (r->extent_order)
		return -EINVAL;
	for (i = 0; i < r->nr_extents; i++) {
		if (v->d->nr_pages >= v->d->max_pages)
			return i;
		if (populate &&
		    copy_from_guest(&pfn, r->extent_start + i * 8, 8))
			return i;
		mfn = alloc_domain_frame(v->d->domid);
		if (mfn == INVALID_MFN)
			return i;
		if (copy_to_guest(r->extent_start + i * 8, &mfn, 8)) {
			free_frame(mfn);
			return i;
		}
		if (populate)
			m2p_set(mfn, pfn);
		v->d->nr_pages++;
	}
	return i;
}

static long reservation(struct vcpu *v, u64 cmd, u64 arg)
{
	struct xen_memory_reservation r;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -EFAULT;
	if (!target(v, r.domid))
		return -EPERM;
	if (cmd == XENMEM_decrease_reservation)
		return decrease(v, &r);
	return increase(v, &r, cmd == XENMEM_populate_physmap);
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
	struct xen_machphys_mapping map;
	domid_t domid;

	switch (cmd) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation(v, cmd, arg);
	case XENMEM_maximum_ram_page:
		return max_mfn - 1;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
		if (copy_from_guest(&domid, arg, sizeof(domid)))
			return -EFAULT;
		if (!target(v, domid))
			return -EPERM;
		return cmd == XENMEM_current_reservation ? v->d->nr_pages :
							   v->d->max_pages;
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
