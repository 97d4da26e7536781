/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Grant tables inside hv-stub: the one door through which a back end (or
 * another domain, with GNTTABOP_map_grant_ref/copy) reaches a frame a
 * domain granted.
 *
 * gnttab_acquire() checks the granting domain's entry as Xen does
 * (GTF_permit_access, entry domid == the grantee, GTF_readonly against a
 * write) and pins it: GTF_reading (and GTF_writing for a write) stay set
 * in the guest's entry, and a general reference is held on the frame,
 * until the matching gnttab_release().  Pins nest: the flags clear with
 * the last release.  A back end releases every grant of a request before
 * it pushes the response, so a front end that ends foreign access after
 * the response sees the entry idle; only grants both ends agreed to keep
 * (blkif's feature-persistent) stay pinned, until the disconnect.
 *
 * hv-stub's built-in back ends are grantee domain 0.
 */
#ifndef HV_GNTTAB_H
#define HV_GNTTAB_H

#include <hv/types.h>
#include <public/grant_table.h>

struct domain;

/*
 * Pin @ref of @granter for @grantee, for device writes into the frame when
 * @write (a disk read) or reads only.  Returns 0 and the frame in @mfn, or
 * a GNTST_* code (< 0) and changes nothing: GNTST_bad_gntref for a ref
 * beyond the table, GNTST_general_error for an entry that does not grant
 * this access to @grantee, GNTST_bad_page for a frame @granter does not
 * own, GNTST_bad_domain once @granter is dying.  A write pin also holds a
 * PGT_writable_page type reference, so the frame cannot become a page
 * table under the device.
 */
int gnttab_acquire(struct domain *granter, domid_t grantee, grant_ref_t ref,
		   bool write, u64 *mfn);

/* Undo one gnttab_acquire(@granter, @ref, @write) that returned 0. */
void gnttab_release(struct domain *granter, grant_ref_t ref, bool write);

/* Domain set-up (the domain builder): the table with its first frame. */
int gnttab_init(struct domain *d);
/* Pins of @d's grants still held, by back ends or by other domains. */
unsigned int gnttab_pins(const struct domain *d);
/* Is @mfn one of the frames of @d's grant table (shared with the guest)? */
bool gnttab_owns_frame(const struct domain *d, u64 mfn);
/*
 * Domain destruction (core/domain.c), after its page tables are torn
 * down and before its frames are freed: the pins of its own mappings are
 * released.  Its grants pinned by others stay valid; their frames outlive
 * the domain (mm_orphan_frame) and are freed with the last release.  A
 * back end must not call gnttab_release() after this: it waits, through
 * gnttab_pins() or its own busy test, until it has released everything.
 */
void gnttab_destroy(struct domain *d);

#endif
