/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of gnttab/ share: a domain's grant table as hv-stub keeps
 * it.
 *
 *   table.c   set-up, tear-down, the hypercall and the small commands
 *   active.c  active entries: pinning a grant (pure, unit tested)
 *   map.c     GNTTABOP_map_grant_ref / unmap_grant_ref and the maptrack
 *   copy.c    GNTTABOP_copy
 *
 * struct gnttab belongs to its domain while the domain lives.  When the
 * domain is destroyed with grants still pinned by others, the table lives
 * on as an orphan (no domain, its shared frames gone) until the last pin
 * is released; only the active entries are used then.
 */
#ifndef GNTTAB_INTERNAL_H
#define GNTTAB_INTERNAL_H

#include <hv/gnttab.h>
#include <hv/mm.h>

#define GNTTAB_MAX_FRAMES	32
#define GNTTAB_PER_FRAME	(PAGE_SIZE / sizeof(struct grant_entry_v1))
/* Xen refuses a pin when its counter reached 128 */
#define GNTTAB_PIN_MAX		0x80

#define MAPTRACK_MAX_PAGES	16
#define MAPTRACK_END		(~0U)

/* How gt_pin() pins: for device or CPU writes; for a copy (sub-page ok). */
#define GT_WRITE		0x1
#define GT_COPY			0x2

/*
 * The hypervisor's copy of a pinned entry.  The guest may rewrite its
 * entry at any time; while pinned, only what was read at the first pin
 * counts.  Pinned, it holds a general reference on the frame, and a
 * PGT_writable_page type reference while writers is non-zero.
 */
struct active_grant {
	u32 mfn;		/* the entry's frame at the first pin */
	domid_t grantee;	/* who pinned it */
	u16 readers;		/* read-only pins */
	u16 writers;		/* writable pins */
};

/* A mapping made with GNTTABOP_map_grant_ref; its index is the handle. */
struct maptrack {
	struct gnttab *gt;	/* the granting domain's table */
	grant_ref_t ref;	/* the entry; the next free handle if free */
	u16 flags;		/* GNTMAP_* still mapped; 0: free */
};

#define MAPTRACK_PER_PAGE	(PAGE_SIZE / sizeof(struct maptrack))

struct gnttab {
	domid_t domid;			/* the granting domain */
	bool orphan;			/* the domain is gone, pins remain */
	unsigned int nr_frames;
	u64 frame[GNTTAB_MAX_FRAMES];	/* shared entries, the domain's */
	struct active_grant *active[GNTTAB_MAX_FRAMES];
	unsigned long pins;		/* sum over the active entries */

	/* the mappings this domain holds, of others' grants or its own */
	struct maptrack *maptrack[MAPTRACK_MAX_PAGES];
	unsigned int maptrack_limit;	/* handles allocated so far */
	u32 maptrack_free;		/* free list, MAPTRACK_END */
};

static inline unsigned int gt_nr_entries(const struct gnttab *gt)
{
	return gt->nr_frames * GNTTAB_PER_FRAME;
}

/* active.c */
struct active_grant *gt_active(struct gnttab *gt, grant_ref_t ref);
int gt_pin(struct gnttab *gt, domid_t grantee, grant_ref_t ref,
	   unsigned int how, u64 *mfn);
void gt_unpin(struct gnttab *gt, grant_ref_t ref, bool write);

/* table.c: gt_unpin(), and free an orphan with its last pin */
void gt_release(struct gnttab *gt, grant_ref_t ref, bool write);

/* map.c */
struct vcpu;
long gnttab_map(struct vcpu *v, u64 uops, u32 count);
long gnttab_unmap(struct vcpu *v, u64 uops, u32 count);
void gnttab_release_maptrack(struct gnttab *gt);

/* copy.c */
long gnttab_copy(struct vcpu *v, u64 uops, u32 count);

#endif
