// SPDX-License-Identifier: GPL-2.0
/*
 * Active grant entries: pinning one grant of a domain, the core under
 * gnttab_acquire(), GNTTABOP_map_grant_ref and GNTTABOP_copy.  Pure: no
 * hardware; tests/unit/gnttab_test.c builds this file unchanged on the
 * host.
 *
 * The first pin checks the guest's entry as Xen's v1 code does: type
 * GTF_permit_access (and, except for a copy, no GTF_sub_page), domid the
 * grantee, no GTF_readonly for a write; anything else is
 * GNTST_general_error.  The frame must belong to the granting domain
 * (GNTST_bad_page).  A later pin only checks the grantee and GTF_readonly,
 * against the active entry, and refuses a 129th pin of its kind (read or
 * write; Xen counts host and device pins apart, 128 of each).  Pins nest; GTF_reading stays set in the
 * guest's entry while any pin is held, GTF_writing while a writable one
 * is, and both are cleared by the last unpin.
 *
 * The granter cannot run while hv-stub does this (one CPU, never
 * preempted), so the read, check and write of the entry's flags is atomic
 * as far as the guest can tell; Xen needs a bounded cmpxchg loop here.
 */
#include <hv/lib.h>
#include <hv/mm.h>
#include "internal.h"

struct active_grant *gt_active(struct gnttab *gt, grant_ref_t ref)
{
	return &gt->active[ref / GNTTAB_PER_FRAME][ref % GNTTAB_PER_FRAME];
}

static struct grant_entry_v1 *shared_entry(struct gnttab *gt,
					   grant_ref_t ref)
{
	struct grant_entry_v1 *e = mm_map_mfn(gt->frame[ref /
							 GNTTAB_PER_FRAME]);

	return &e[ref % GNTTAB_PER_FRAME];
}

static bool pinned(const struct active_grant *act)
{
	return act->readers || act->writers;
}

/* Check the guest's entry and set GTF_reading (and GTF_writing) in it. */
static int set_status(struct gnttab *gt, grant_ref_t ref,
		      const struct active_grant *act, domid_t grantee,
		      unsigned int how)
{
	struct grant_entry_v1 *e = shared_entry(gt, ref);
	u16 flags = READ_ONCE(e->flags);
	u16 type_mask = GTF_type_mask | (how & GT_COPY ? 0 : GTF_sub_page);

	if (!pinned(act) && ((flags & type_mask) != GTF_permit_access ||
			     READ_ONCE(e->domid) != grantee))
		return GNTST_general_error;
	if ((how & GT_WRITE) && (flags & GTF_readonly))
		return GNTST_general_error;
	flags |= GTF_reading | (how & GT_WRITE ? GTF_writing : 0);
	WRITE_ONCE(e->flags, flags);
	return GNTST_okay;
}

static void clear_flags(struct gnttab *gt, grant_ref_t ref, u16 mask)
{
	struct grant_entry_v1 *e;

	if (!mask || gt->orphan)	/* an orphan's entries are gone */
		return;
	e = shared_entry(gt, ref);
	WRITE_ONCE(e->flags, READ_ONCE(e->flags) & ~mask);
}

/* The first pin: the frame the entry names, a reference on it. */
static int take_frame(struct gnttab *gt, grant_ref_t ref,
		      struct active_grant *act, domid_t grantee)
{
	u32 mfn = READ_ONCE(shared_entry(gt, ref)->frame);

	if (mm_get_page(mfn, gt->domid))
		return GNTST_bad_page;
	act->mfn = mfn;
	act->grantee = grantee;
	return GNTST_okay;
}

/*
 * Pin @ref of @gt for @grantee, writable if @how has GT_WRITE.  Returns
 * GNTST_okay and the frame in @mfn, or a GNTST_* error and changes
 * nothing.
 */
int gt_pin(struct gnttab *gt, domid_t grantee, grant_ref_t ref,
	   unsigned int how, u64 *mfn)
{
	bool write = how & GT_WRITE, first;
	struct active_grant *act;
	int rc;

	if (gt->orphan || ref >= gt_nr_entries(gt))
		return GNTST_bad_gntref;
	act = gt_active(gt, ref);
	first = !pinned(act);
	if (!first && (act->grantee != grantee ||
		       (write ? act->writers : act->readers) >= GNTTAB_PIN_MAX))
		return GNTST_general_error;
	if (first || (write && !act->writers)) {
		rc = set_status(gt, ref, act, grantee, how);
		if (rc)
			return rc;
	}
	if (first) {
		rc = take_frame(gt, ref, act, grantee);
		if (rc)
			goto clear;
	}
	if (write && !act->writers &&
	    pgt_get_type(act->mfn, PGT_writable_page, gt->domid)) {
		if (first)
			mm_put_page(act->mfn);
		rc = GNTST_general_error;
		goto clear;
	}
	if (write)
		act->writers++;
	else
		act->readers++;
	gt->pins++;
	*mfn = act->mfn;
	return GNTST_okay;

clear:
	clear_flags(gt, ref, (write && !act->writers ? GTF_writing : 0) |
			     (first ? GTF_reading : 0));
	return rc;
}

/* Undo one gt_pin(@gt, @ref, write = @write) that succeeded. */
void gt_unpin(struct gnttab *gt, grant_ref_t ref, bool write)
{
	struct active_grant *act;
	u16 clear = 0;

	BUG_ON(ref >= gt_nr_entries(gt));
	act = gt_active(gt, ref);
	BUG_ON(write ? !act->writers : !act->readers);
	if (write) {
		if (!--act->writers) {
			pgt_put_type(act->mfn);
			clear |= GTF_writing;
		}
	} else {
		act->readers--;
	}
	gt->pins--;
	if (pinned(act)) {
		clear_flags(gt, ref, clear);
		return;
	}
	clear_flags(gt, ref, clear | GTF_reading);
	mm_put_page(act->mfn);
}
