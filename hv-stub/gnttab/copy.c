// SPDX-License-Identifier: GPL-2.0
/*
 * GNTTABOP_copy: copy bytes between two frames, each named by a grant
 * (GNTCOPY_source_gref / GNTCOPY_dest_gref) or, for the caller's own
 * memory, by its frame number (a PV gmfn is an MFN).  Xen 4.17's checks
 * and status codes, in Xen's order:
 *
 *  1. both domains: a frame number needs DOMID_SELF exactly
 *     (GNTST_permission_denied, even for the caller's own domid), an
 *     unknown domain is GNTST_bad_domain;
 *  2. the source, then the destination: the grant is pinned for the copy
 *     (read for the source, write for the destination), a frame must be
 *     the caller's (GNTST_bad_page) and, as a destination, writable
 *     (GNTST_general_error when it is a page table, say);
 *  3. offset + len within the page on both sides, else GNTST_bad_copy_arg.
 *
 * Pins and references are held for the one copy only.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/lib.h>
#include "internal.h"

struct copy_buf {
	struct gnttab *gt;	/* set when a grant is pinned */
	grant_ref_t ref;
	u64 mfn;
	bool write;
};

static s16 copy_domain(struct vcpu *v, const struct gnttab_copy_ptr *p,
		       bool gref, struct domain **d)
{
	if (!gref && p->domid != DOMID_SELF)
		return GNTST_permission_denied;
	*d = p->domid == DOMID_SELF ? v->d : domain_by_id(p->domid);
	return *d ? GNTST_okay : GNTST_bad_domain;
}

static s16 claim(struct vcpu *v, struct domain *d,
		 const struct gnttab_copy_ptr *p, bool gref, bool write,
		 struct copy_buf *b)
{
	domid_t self = v->d->domid;
	s16 rc;

	b->gt = NULL;
	b->write = write;
	if (gref) {
		if (d->dying || !d->gnttab)
			return GNTST_bad_domain;
		rc = gt_pin(d->gnttab, self, p->u.ref,
			    GT_COPY | (write ? GT_WRITE : 0), &b->mfn);
		if (rc == GNTST_okay) {
			b->gt = d->gnttab;
			b->ref = p->u.ref;
		}
		return rc;
	}
	b->mfn = p->u.gmfn;
	if (mm_get_page(b->mfn, self))
		return GNTST_bad_page;
	if (write && pgt_get_type(b->mfn, PGT_writable_page, self)) {
		mm_put_page(b->mfn);
		return GNTST_general_error;
	}
	return GNTST_okay;
}

static void release(struct copy_buf *b)
{
	if (b->gt) {
		gt_release(b->gt, b->ref, b->write);
		return;
	}
	if (b->write)
		pgt_put_type(b->mfn);
	mm_put_page(b->mfn);
}

static s16 copy_one(struct vcpu *v, const struct gnttab_copy *op)
{
	bool src_gref = op->flags & GNTCOPY_source_gref;
	bool dst_gref = op->flags & GNTCOPY_dest_gref;
	struct copy_buf src, dst;
	struct domain *sd = NULL, *dd = NULL;
	s16 rc;

	rc = copy_domain(v, &op->source, src_gref, &sd);
	if (rc == GNTST_okay)
		rc = copy_domain(v, &op->dest, dst_gref, &dd);
	if (rc == GNTST_okay)
		rc = claim(v, sd, &op->source, src_gref, false, &src);
	if (rc != GNTST_okay)
		return rc;
	rc = claim(v, dd, &op->dest, dst_gref, true, &dst);
	if (rc != GNTST_okay)
		goto out;
	if (op->source.offset + op->len > PAGE_SIZE ||
	    op->dest.offset + op->len > PAGE_SIZE)
		rc = GNTST_bad_copy_arg;
	else
		memmove((u8 *)mfn_to_virt(dst.mfn) + op->dest.offset,
			(u8 *)mfn_to_virt(src.mfn) + op->source.offset,
			op->len);
	release(&dst);
out:
	release(&src);
	return rc;
}

long gnttab_copy(struct vcpu *v, u64 uops, u32 count)
{
	struct gnttab_copy op;
	u32 i;

	for (i = 0; i < count; i++) {
		u64 gva = uops + (u64)i * sizeof(op);

		if (copy_from_guest(&op, gva, sizeof(op)))
			return -EFAULT;
		op.status = copy_one(v, &op);
		if (copy_to_guest(gva + offsetof(struct gnttab_copy, status),
				  &op.status, sizeof(op.status)))
			return -EFAULT;
	}
	return 0;
}
