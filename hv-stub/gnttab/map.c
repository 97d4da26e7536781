// SPDX-License-Identifier: GPL-2.0
/*
 * GNTTABOP_map_grant_ref and GNTTABOP_unmap_grant_ref for PV guests, with
 * Xen 4.17's checks and status codes, and the maptrack: the table of a
 * domain's mappings, whose indexes are the handles it gets back.
 *
 * A mapping is one pin of the grant per kind it asks for
 * (GNTMAP_device_map, GNTMAP_host_map), writable unless GNTMAP_readonly.
 * GNTMAP_host_map also writes a grant PTE into the mapper's L1 table: at
 * the entry that maps host_addr in its current page tables, or with
 * GNTMAP_contains_pte at the entry whose machine address host_addr is.
 * mm/pgtype.c stores it marked _PAGE_GNTTAB and holding the references a
 * plain entry would, so the mapper's page tables keep their invariants.
 * GNTMAP_device_map holds the pin only; dev_bus_addr is the frame's
 * machine address (no IOMMU here).
 *
 * Unmap undoes the kinds named by a non-zero host_addr (which must still
 * hold the grant PTE, else GNTST_general_error) and dev_bus_addr (which,
 * for a device mapping, must be the frame's address, else
 * GNTST_bad_dev_addr), as Xen 4.17 does; the handle is freed when nothing
 * is left.  The pins go only after the TLB flush that ends each batch of
 * up to 32 operations, so no stale translation outlives the pin that keeps
 * the frame.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/lib.h>
#include <hv/x86.h>
#include "internal.h"

/* The flags a maptrack entry keeps: what is mapped and how. */
#define MT_FLAGS	(GNTMAP_device_map | GNTMAP_host_map | \
			 GNTMAP_readonly | GNTMAP_contains_pte)
#define MT_MAPPED	(GNTMAP_device_map | GNTMAP_host_map)

#define UNMAP_BATCH	32

static struct maptrack *maptrack(struct gnttab *gt, u32 handle)
{
	return &gt->maptrack[handle / MAPTRACK_PER_PAGE]
			    [handle % MAPTRACK_PER_PAGE];
}

static int grow_maptrack(struct gnttab *gt)
{
	unsigned int page = gt->maptrack_limit / MAPTRACK_PER_PAGE, i;
	struct maptrack *mt;

	if (page == MAPTRACK_MAX_PAGES)
		return -ENOSPC;
	mt = alloc_page_zeroed();
	if (!mt)
		return -ENOMEM;
	for (i = 0; i < MAPTRACK_PER_PAGE; i++)
		mt[i].ref = gt->maptrack_limit + i + 1;
	mt[MAPTRACK_PER_PAGE - 1].ref = gt->maptrack_free;
	gt->maptrack[page] = mt;
	gt->maptrack_free = gt->maptrack_limit;
	gt->maptrack_limit += MAPTRACK_PER_PAGE;
	return 0;
}

static u32 get_handle(struct gnttab *gt)
{
	u32 handle;

	if (gt->maptrack_free == MAPTRACK_END && grow_maptrack(gt))
		return MAPTRACK_END;
	handle = gt->maptrack_free;
	gt->maptrack_free = maptrack(gt, handle)->ref;
	return handle;
}

static void put_handle(struct gnttab *gt, u32 handle)
{
	struct maptrack *mt = maptrack(gt, handle);

	mt->flags = 0;
	mt->gt = NULL;
	mt->ref = gt->maptrack_free;
	gt->maptrack_free = handle;
}

static bool canonical(u64 va)
{
	return ((s64)va << 16 >> 16) == (s64)va;
}

/* Machine address of the PTE @addr names, or 0. */
static u64 pte_maddr(struct vcpu *v, u64 addr, u32 flags)
{
	if (flags & GNTMAP_contains_pte)
		return addr;
	if (!canonical(addr) || !guest_range_ok(addr, 1))
		return 0;
	return mm_l1e_maddr(v, addr);
}

/* The PTE flags a grant mapping gets, as Xen's grant_to_pte_flags(). */
static u64 pte_flags(u32 flags)
{
	u64 pte = ((u64)(flags >> _GNTMAP_guest_avail0) << 9) & _PAGE_AVAIL;

	if (!(flags & GNTMAP_readonly))
		pte |= _PAGE_RW;
	if (flags & GNTMAP_application_map)
		pte |= _PAGE_USER;
	return pte;
}

static s16 host_map(struct vcpu *v, const struct gnttab_map_grant_ref *op,
		    u64 mfn, domid_t granter)
{
	u64 ptr = pte_maddr(v, op->host_addr, op->flags);

	if (!ptr || pgt_map_grant(v->d->domid, ptr, mfn,
				  pte_flags(op->flags), granter))
		return GNTST_general_error;
	/* the entry may have mapped something else before */
	if (op->flags & GNTMAP_contains_pte) {
		mm_flush_tlb();
		pgt_tlb_flushed();
	} else {
		flush_tlb_one(op->host_addr);
	}
	return GNTST_okay;
}

/* One pin per kind asked for, then the PTE; all or nothing. */
static s16 pin_and_map(struct vcpu *v, struct gnttab *rgt,
		       struct gnttab_map_grant_ref *op, u64 *mfn)
{
	bool write = !(op->flags & GNTMAP_readonly);
	unsigned int kinds = !!(op->flags & GNTMAP_device_map) +
			     !!(op->flags & GNTMAP_host_map), pins;
	s16 rc;

	for (pins = 0; pins < kinds; pins++) {
		rc = gt_pin(rgt, v->d->domid, op->ref, write ? GT_WRITE : 0,
			    mfn);
		if (rc != GNTST_okay)
			goto unpin;
	}
	if (op->flags & GNTMAP_host_map) {
		rc = host_map(v, op, *mfn, rgt->domid);
		if (rc != GNTST_okay)
			goto unpin;
	}
	return GNTST_okay;

unpin:
	while (pins--)
		gt_release(rgt, op->ref, write);
	return rc;
}

static s16 map_one(struct vcpu *v, struct gnttab_map_grant_ref *op)
{
	struct gnttab *lgt = v->d->gnttab;
	struct maptrack *mt;
	struct domain *rd;
	u32 handle;
	u64 mfn;
	s16 rc;

	if (!(op->flags & MT_MAPPED))
		return GNTST_bad_gntref;
	/* by domain id only: DOMID_SELF is a bad domain here, as on Xen */
	rd = domain_by_id(op->dom);
	if (!rd || rd->dying || !rd->gnttab)
		return GNTST_bad_domain;
	handle = get_handle(lgt);
	if (handle == MAPTRACK_END)
		return GNTST_no_device_space;
	rc = pin_and_map(v, rd->gnttab, op, &mfn);
	if (rc != GNTST_okay) {
		put_handle(lgt, handle);
		return rc;
	}
	mt = maptrack(lgt, handle);
	mt->gt = rd->gnttab;
	mt->ref = op->ref;
	mt->flags = op->flags & MT_FLAGS;
	op->handle = handle;
	op->dev_bus_addr = mfn << PAGE_SHIFT;
	return GNTST_okay;
}

long gnttab_map(struct vcpu *v, u64 uops, u32 count)
{
	struct gnttab_map_grant_ref op;
	u32 i;

	for (i = 0; i < count; i++) {
		u64 gva = uops + (u64)i * sizeof(op);

		if (copy_from_guest(&op, gva, sizeof(op)))
			return -EFAULT;
		op.status = map_one(v, &op);
		if (copy_to_guest(gva, &op, sizeof(op)))
			return -EFAULT;
	}
	return 0;
}

/* What an unmap undid, to be unpinned after the TLB flush. */
struct unmap_done {
	struct gnttab *gt;
	grant_ref_t ref;
	unsigned int pins;
	bool write;
};

static s16 unmap_one(struct vcpu *v, const struct gnttab_unmap_grant_ref *op,
		     struct unmap_done *done, bool *flush)
{
	struct gnttab *lgt = v->d->gnttab;
	struct maptrack *mt;
	u64 mfn, ptr;

	if (op->handle >= lgt->maptrack_limit)
		return GNTST_bad_handle;
	mt = maptrack(lgt, op->handle);
	if (!(mt->flags & MT_MAPPED))
		return GNTST_bad_handle;
	mfn = gt_active(mt->gt, mt->ref)->mfn;
	if (op->dev_bus_addr && (mt->flags & GNTMAP_device_map) &&
	    op->dev_bus_addr != mfn << PAGE_SHIFT)
		return GNTST_bad_dev_addr;
	done->gt = mt->gt;
	done->ref = mt->ref;
	done->write = !(mt->flags & GNTMAP_readonly);
	if (op->host_addr && (mt->flags & GNTMAP_host_map)) {
		ptr = pte_maddr(v, op->host_addr, mt->flags);
		if (!ptr || pgt_unmap_grant(v->d->domid, ptr, mfn, done->write))
			return GNTST_general_error;
		mt->flags &= ~GNTMAP_host_map;
		done->pins++;
		*flush = true;
	}
	if (op->dev_bus_addr && (mt->flags & GNTMAP_device_map)) {
		mt->flags &= ~GNTMAP_device_map;
		done->pins++;
	}
	if (!(mt->flags & MT_MAPPED))
		put_handle(lgt, op->handle);
	return GNTST_okay;
}

static void unmap_complete(struct unmap_done *done, unsigned int n,
			   bool flush)
{
	unsigned int i;

	if (flush) {
		mm_flush_tlb();
		pgt_tlb_flushed();
	}
	for (i = 0; i < n; i++)
		while (done[i].pins--)
			gt_release(done[i].gt, done[i].ref, done[i].write);
}

long gnttab_unmap(struct vcpu *v, u64 uops, u32 count)
{
	struct unmap_done done[UNMAP_BATCH];
	struct gnttab_unmap_grant_ref op;
	unsigned int n = 0;
	bool flush = false;
	long rc = 0;
	u32 i;

	for (i = 0; i < count; i++) {
		u64 gva = uops + (u64)i * sizeof(op);

		if (copy_from_guest(&op, gva, sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		done[n].pins = 0;
		op.status = unmap_one(v, &op, &done[n], &flush);
		if (done[n].pins)
			n++;
		if (copy_to_guest(gva + offsetof(struct gnttab_unmap_grant_ref,
						 status),
				  &op.status, sizeof(op.status))) {
			rc = -EFAULT;
			break;
		}
		if (n == UNMAP_BATCH) {
			unmap_complete(done, n, flush);
			n = 0;
			flush = false;
		}
	}
	unmap_complete(done, n, flush);
	return rc;
}

/*
 * Domain death: drop the pins of every mapping @gt's domain still holds.
 * Its page tables are gone already; the grant PTEs took their references
 * with them, as Xen's do for PV guests.
 */
void gnttab_release_maptrack(struct gnttab *gt)
{
	unsigned int i;
	u32 handle;

	for (handle = 0; handle < gt->maptrack_limit; handle++) {
		struct maptrack *mt = maptrack(gt, handle);
		bool write = !(mt->flags & GNTMAP_readonly);

		if (mt->flags & GNTMAP_host_map)
			gt_release(mt->gt, mt->ref, write);
		if (mt->flags & GNTMAP_device_map)
			gt_release(mt->gt, mt->ref, write);
		mt->flags = 0;
	}
	for (i = 0; i < gt->maptrack_limit / MAPTRACK_PER_PAGE; i++)
		free_frame(virt_to_mfn(gt->maptrack[i]));
	gt->maptrack_limit = 0;
	gt->maptrack_free = MAPTRACK_END;
}
