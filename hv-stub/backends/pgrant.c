// SPDX-License-Identifier: GPL-2.0
/*
 * Persistent grants of a block ring (feature-persistent, io/blkif.h).
 *
 * When both ends wrote feature-persistent = 1 the front end grants a set
 * of pages once and copies its data through them; we keep each grant we
 * see pinned, writable, from its first request to the disconnect, so a
 * grant of the set costs one gnttab_acquire() per connection instead of
 * one per request.  A pinned grant shows GTF_reading | GTF_writing all
 * along: that is the protocol, and the front end expects it.
 *
 * At most VBD_MAX_PGRANTS grants a ring, first come, kept until the ring
 * goes (blkback evicts the least recently used; a front end whose set
 * outgrows ours just gets the rest of its grants pinned per request, as
 * without the feature).  A grant that cannot be pinned writable (e.g.
 * GTF_readonly for a write) is also left to the per-request path.
 *
 * The grants live in an open-addressed hash table of twice that many
 * slots, keyed by grant ref; nothing is ever removed from it before the
 * whole table goes, so linear probing needs no tombstones.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/gnttab.h>
#include "vbd.h"

#define PGRANT_BITS	9
#define PGRANT_SLOTS	(1U << PGRANT_BITS)	/* 2 * VBD_MAX_PGRANTS */
#define PGRANT_BYTES	(PGRANT_SLOTS * sizeof(struct vbd_pgrant))

static unsigned int pgrant_hash(grant_ref_t gref)
{
	return (gref * 2654435761U) >> (32 - PGRANT_BITS);
}

/* The slot holding @gref, or the free slot where it would go. */
static struct vbd_pgrant *pgrant_slot(struct vbd_ring *r, grant_ref_t gref)
{
	unsigned int i = pgrant_hash(gref);
	struct vbd_pgrant *p;

	for (;; i = (i + 1) % PGRANT_SLOTS) {
		p = &r->pgrants[i];
		if (!p->used || p->gref == gref)
			return p;
	}
}

int pgrant_init(struct vbd_ring *r)
{
	r->nr_pgrants = 0;
	r->pgrants = hv_alloc(PGRANT_BYTES);
	return r->pgrants ? 0 : -ENOMEM;
}

/*
 * The frame of @gref (guest input) from the ring's persistent grants,
 * pinned now if there is room.  -ENOSPC when the ring keeps as many as it
 * may, -EINVAL when the grant cannot be pinned writable: the caller pins
 * it for this request alone.
 */
int pgrant_get(struct vbd_ring *r, grant_ref_t gref, u64 *mfn)
{
	struct vbd_pgrant *p;

	if (!r->pgrants)
		return -ENOSPC;
	p = pgrant_slot(r, gref);
	if (p->used) {
		*mfn = p->mfn;
		return 0;
	}
	if (r->nr_pgrants >= VBD_MAX_PGRANTS)
		return -ENOSPC;
	if (gnttab_acquire(r->vbd->d, 0, gref, true, &p->mfn))
		return -EINVAL;
	p->gref = gref;
	p->used = true;
	*mfn = p->mfn;
	if (++r->nr_pgrants > r->vbd->nr_pgrants_max)
		r->vbd->nr_pgrants_max = r->nr_pgrants;
	return 0;
}

/* The ring is gone and nothing of it in flight: every pin back. */
void pgrant_release_all(struct vbd_ring *r)
{
	unsigned int i;

	for (i = 0; r->pgrants && i < PGRANT_SLOTS; i++)
		if (r->pgrants[i].used)
			gnttab_release(r->vbd->d, r->pgrants[i].gref, true);
	hv_free(r->pgrants, PGRANT_BYTES);
	r->pgrants = NULL;
	r->nr_pgrants = 0;
}
