// SPDX-License-Identifier: GPL-2.0
/*
 * The block back end's ring: requests off a front end's blkif ring, onto
 * the machine's disk, responses back (io/blkif.h).
 *
 * Every byte of the ring is guest input.  A request is copied out of its
 * slot before it is looked at; only our own req_cons and rsp_prod_pvt
 * index the ring.  No request is taken while its response could not fit
 * (req_cons - rsp_prod_pvt reaching the ring size), and a req_prod more
 * than one ring ahead of the responses means the ring is corrupt: it is
 * marked broken and read no more.  A
 * request that is wrong on its own (an unknown operation, a bad grant, a
 * sector past the end, a write to a read-only disk, a malformed indirect
 * page) is answered BLKIF_RSP_ERROR (or EOPNOTSUPP) and the ring goes on.
 *
 * No copies: each segment's granted frame is pinned with gnttab_acquire()
 * and handed to the disk as a DMA buffer; indirect segment pages are read
 * once while the request is parsed.  Every grant of a request is released
 * before its response is pushed, and a write is answered only when the
 * device completed it (a flush only when the device's flush completed).
 * With feature-persistent a ring keeps the grants it sees pinned instead,
 * up to VBD_MAX_PGRANTS (pgrant.c); the rest go as above.
 *
 * A vbd's rings (multi-queue) share its disk: a ring whose request the
 * disk refused (-EBUSY) waits in its retry slot, and every completion
 * kicks all rings of the disk, the others first, so none is starved.
 *
 * The ring may span several granted pages that need not be contiguous in
 * machine memory, so slots are copied piecewise across page boundaries.
 * At most VBD_MAX_INFLIGHT requests are off the ring at once; the rest
 * wait in the ring, which bounds what a guest can make hv-stub hold.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/gnttab.h>
#include <hv/lib.h>
#include <hv/options.h>
#include <hv/time.h>
#include "vbd.h"

#define SLOT_SIZE	sizeof(union blkif_sring_entry)
#define SECTORS_PER_PAGE	(PAGE_SIZE / 512)

static inline void compiler_barrier(void)
{
	asm volatile("" : : : "memory");
}

static struct xen_sring_hdr *sring(struct vbd_ring *r)
{
	return mfn_to_virt(r->ring_mfn[0]);
}

/* Copy between @buf and the ring's bytes at @off, across its pages. */
static void ring_copy(struct vbd_ring *r, u64 off, void *buf, size_t len,
		      bool to_ring)
{
	u8 *b = buf;

	while (len) {
		size_t in_page = PAGE_SIZE - off % PAGE_SIZE;
		size_t n = len < in_page ? len : in_page;
		u8 *p = (u8 *)mfn_to_virt(r->ring_mfn[off / PAGE_SIZE]) +
			off % PAGE_SIZE;

		if (to_ring)
			memcpy(p, b, n);
		else
			memcpy(b, p, n);
		off += n;
		b += n;
		len -= n;
	}
}

static u64 slot_off(struct vbd_ring *r, u32 idx)
{
	return XEN_SRING_HDR_SIZE + (u64)(idx & (r->ring_size - 1)) * SLOT_SIZE;
}

/* Slots in @pages ring pages: the largest power of two that fits. */
static unsigned int ring_slots(unsigned int pages)
{
	u64 n = (pages * PAGE_SIZE - XEN_SRING_HDR_SIZE) / SLOT_SIZE;
	unsigned int size = 1;

	while (size * 2 <= n)
		size *= 2;
	return size;
}

static void release_grants(struct vbd_req *q)
{
	while (q->nr_grants)
		gnttab_release(q->ring->vbd->d, q->gref[--q->nr_grants],
			       q->dev_writes);
}

static void put_req(struct vbd_ring *r, struct vbd_req *q)
{
	q->next_free = r->free;
	r->free = q;
	r->inflight--;
}

/* Push one response; notify the front end if it asked for it. */
static void respond(struct vbd_ring *r, u64 id, u8 op, s16 status)
{
	struct blkif_response rsp = { .id = id, .operation = op,
				      .status = status };
	struct xen_sring_hdr *s = sring(r);
	u32 old = s->rsp_prod, new;

	if (status != BLKIF_RSP_OKAY)
		r->vbd->nr_errors++;
	ring_copy(r, slot_off(r, r->rsp_prod_pvt), &rsp, sizeof(rsp), true);
	new = ++r->rsp_prod_pvt;
	compiler_barrier();
	s->rsp_prod = new;
	compiler_barrier();
	if ((u32)(new - READ_ONCE(s->rsp_event)) < (u32)(new - old))
		evtchn_notify_frontend(r->vbd->d, r->port);
}

/* The request is over: grants back, answer (unless the guest died). */
static void finish(struct vbd_req *q, s16 status)
{
	struct vbd_ring *r = q->ring;

	release_grants(q);
	if (!r->vbd->d->dying && !r->vbd->vanished && r->nr_ring_pages)
		respond(r, q->id, q->op, status);
	put_req(r, q);
	if (!r->connected && !r->inflight) {
		blkif_disconnect(r);
		vbd_drained(r->vbd);
	}
}

static s16 rsp_status(int status)
{
	return !status ? BLKIF_RSP_OKAY : status == -EOPNOTSUPP ?
		BLKIF_RSP_EOPNOTSUPP : BLKIF_RSP_ERROR;
}

/* Hand @q to the disk; -EBUSY leaves it waiting in r->retry. */
static int submit(struct vbd_ring *r, struct vbd_req *q)
{
	int rc = blkdev_submit(r->vbd->dev, &q->io);

	if (rc == -EBUSY)
		r->retry = q;
	return rc;
}

/* After a completion of @done's: every ring of the disk, others first. */
static void kick_all(struct vbd_ring *done)
{
	struct vbd *v = done->vbd;
	unsigned int i;

	for (i = 1; i <= v->nr_rings; i++) {
		struct vbd_ring *r = &v->ring[(done->index + i) % v->nr_rings];

		if (r->connected)
			blkif_kick(r);
	}
}

/*
 * Disk completion: a flush after data, the next discard chunk, or done.
 * It runs in interrupt or idle context, for the ring's domain: its time
 * is charged to that domain, not to whichever vCPU is current.
 */
static void io_done(struct blkdev_req *io, int status)
{
	struct vbd_req *q = io->priv;
	struct vbd_ring *r = q->ring;
	const struct blkdev_info *info = r->vbd->info;
	struct domain *d = r->vbd->d;
	u64 start = now_ns();

	if (!status && q->flush_after) {
		q->flush_after = false;
		release_grants(q);
		io->op = BLKDEV_FLUSH;
		io->nr_segs = 0;
		status = submit(r, q);
	} else if (!status && q->discard_left) {
		io->sector += io->nr_sectors;
		io->nr_sectors = q->discard_left < info->max_discard_sectors ?
				 q->discard_left : info->max_discard_sectors;
		q->discard_left -= io->nr_sectors;
		status = submit(r, q);
	} else {
		finish(q, rsp_status(status));
		status = 0;
	}
	if (status && status != -EBUSY)
		finish(q, BLKIF_RSP_ERROR);
	kick_all(r);
	sched_charge(d, now_ns() - start);
}

/*
 * The frame of @gref (guest input) for @q: a persistent grant of the
 * ring, or one pinned for this request alone.
 */
static int pin(struct vbd_ring *r, struct vbd_req *q, grant_ref_t gref,
	       bool dev_writes, u64 *mfn)
{
	if (!pgrant_get(r, gref, mfn))
		return 0;
	if (gnttab_acquire(r->vbd->d, 0, gref, dev_writes, mfn))
		return -EINVAL;
	q->gref[q->nr_grants++] = gref;
	return 0;
}

/* Pin one data segment (guest input) into the next slot of @q. */
static int add_seg(struct vbd_ring *r, struct vbd_req *q,
		   const struct blkif_request_segment *seg_g)
{
	struct blkif_request_segment seg = *seg_g;
	struct blkdev_seg *s = &q->io.seg[q->io.nr_segs];
	u64 mfn;

	if (q->io.nr_segs >= BLKDEV_MAX_SEGS ||
	    seg.first_sect > seg.last_sect ||
	    seg.last_sect >= SECTORS_PER_PAGE)
		return -EINVAL;
	if (pin(r, q, seg.gref, q->dev_writes, &mfn))
		return -EINVAL;
	s->maddr = (mfn << PAGE_SHIFT) + seg.first_sect * 512;
	s->len = (seg.last_sect - seg.first_sect + 1) * 512;
	q->io.nr_segs++;
	return 0;
}

/* The segments in the indirect page @iref: kept, or pinned for a read. */
static int add_indirect_page(struct vbd_ring *r, struct vbd_req *q,
			     grant_ref_t iref, unsigned int n)
{
	const struct blkif_request_segment *segs;
	bool kept;
	unsigned int j;
	int rc = 0;
	u64 mfn;

	kept = !pgrant_get(r, iref, &mfn);
	if (!kept && gnttab_acquire(r->vbd->d, 0, iref, false, &mfn))
		return -EINVAL;
	segs = mfn_to_virt(mfn);
	for (j = 0; j < n && !rc; j++)
		rc = add_seg(r, q, &segs[j]);
	if (!kept)
		gnttab_release(r->vbd->d, iref, false);
	return rc;
}

/* The segments of an indirect request, read from its granted pages. */
static int add_indirect_segs(struct vbd_ring *r, struct vbd_req *q,
			     const struct blkif_request_indirect *req)
{
	unsigned int n = req->nr_segments, per = BLKIF_SEGS_PER_INDIRECT_FRAME;
	unsigned int pages, i;
	int rc = 0;

	if (!n || n > r->vbd->max_segs)
		return -EINVAL;
	pages = (n + per - 1) / per;
	for (i = 0; i < pages && !rc; i++)
		rc = add_indirect_page(r, q, req->indirect_grefs[i],
				       n - i * per < per ? n - i * per : per);
	return rc;
}

/* Check a read or write against the disk; fill in its sector. */
static int setup_rw(struct vbd *v, struct vbd_req *q, u8 op, u64 sector)
{
	u64 sectors = 0;
	unsigned int i;

	if (op == BLKIF_OP_WRITE && v->readonly)
		return -EINVAL;
	for (i = 0; i < q->io.nr_segs; i++)
		sectors += q->io.seg[i].len / 512;
	if (sector > v->info->sectors || sectors > v->info->sectors - sector)
		return -EINVAL;
	q->io.sector = sector;
	return 0;
}

static int parse_rw(struct vbd_ring *r, struct vbd_req *q,
		    const struct blkif_request *req)
{
	unsigned int i, n = req->u.rw.nr_segments;
	int rc = 0;

	q->dev_writes = req->operation == BLKIF_OP_READ;
	q->io.op = q->dev_writes ? BLKDEV_READ : BLKDEV_WRITE;
	if (req->operation == BLKIF_OP_FLUSH_DISKCACHE) {
		if (!n) {
			q->io.op = BLKDEV_FLUSH;
			return 0;
		}
		q->flush_after = r->vbd->info->write_cache;
	}
	if (!n || n > BLKIF_MAX_SEGMENTS_PER_REQUEST)
		return -EINVAL;
	for (i = 0; i < n && !rc; i++) {
		struct blkif_request_segment seg;

		memcpy(&seg, (const u8 *)req + offsetof(struct blkif_request,
							u.rw.seg[i]), sizeof(seg));
		rc = add_seg(r, q, &seg);
	}
	return rc ?: setup_rw(r->vbd, q, q->dev_writes ? BLKIF_OP_READ :
			      BLKIF_OP_WRITE, req->u.rw.sector_number);
}

static int parse_indirect(struct vbd_ring *r, struct vbd_req *q,
			  const struct blkif_request *req)
{
	u8 op = req->u.indirect.indirect_op;

	if (op != BLKIF_OP_READ && op != BLKIF_OP_WRITE)
		return -EINVAL;
	q->dev_writes = op == BLKIF_OP_READ;
	q->io.op = q->dev_writes ? BLKDEV_READ : BLKDEV_WRITE;
	return add_indirect_segs(r, q, &req->u.indirect) ?:
	       setup_rw(r->vbd, q, op, req->u.indirect.sector_number);
}

static int parse_discard(struct vbd *v, struct vbd_req *q,
			 const struct blkif_request *req)
{
	u64 sector = req->u.discard.sector_number;
	u64 n = req->u.discard.nr_sectors, max = v->info->max_discard_sectors;

	if (!max)
		return -EOPNOTSUPP;
	if (v->readonly || !n || sector > v->info->sectors ||
	    n > v->info->sectors - sector)
		return -EINVAL;
	q->io.op = BLKDEV_DISCARD;
	q->io.sector = sector;
	q->io.nr_sectors = n < max ? n : max;
	q->discard_left = n - q->io.nr_sectors;
	return 0;
}

/* Parse a request copied off the ring into @q; 0 when it may go. */
static int parse(struct vbd_ring *r, struct vbd_req *q,
		 const struct blkif_request *req)
{
	switch (req->operation) {
	case BLKIF_OP_READ:
	case BLKIF_OP_WRITE:
		return parse_rw(r, q, req);
	case BLKIF_OP_FLUSH_DISKCACHE:
		if (!r->vbd->info->write_cache && !req->u.rw.nr_segments)
			return 1;	/* nothing cached: done at once */
		return parse_rw(r, q, req);
	case BLKIF_OP_INDIRECT:
		return parse_indirect(r, q, req);
	case BLKIF_OP_DISCARD:
		return parse_discard(r->vbd, q, req);
	default:
		return -EOPNOTSUPP;	/* barriers too: not offered */
	}
}

static void start_req(struct vbd_ring *r, const struct blkif_request *req)
{
	struct vbd_req *q = r->free;
	int rc;

	r->free = q->next_free;
	r->inflight++;
	r->vbd->nr_reqs++;
	r->vbd->nr_queue_reqs[r->index]++;
	memset(&q->io, 0, offsetof(struct blkdev_req, seg));
	q->io.done = io_done;
	q->io.priv = q;
	q->id = req->u.other.id;
	/* an indirect request is answered with the operation it carries */
	q->op = req->operation == BLKIF_OP_INDIRECT ?
		req->u.indirect.indirect_op : req->operation;
	q->flush_after = false;
	q->discard_left = 0;
	q->nr_grants = 0;
	rc = parse(r, q, req);
	if (rc > 0) {
		finish(q, BLKIF_RSP_OKAY);
		return;
	}
	if (!rc)
		rc = submit(r, q);
	if (rc && rc != -EBUSY)
		finish(q, rsp_status(rc == -EOPNOTSUPP ? rc : -EIO));
}

/*
 * Take requests off the ring while there are free slots and the disk
 * takes them.  Called on the front end's event and after completions.
 */
void blkif_kick(struct vbd_ring *r)
{
	struct xen_sring_hdr *s;
	struct blkif_request req;
	u32 prod;

	if (r->retry && r->connected) {
		struct vbd_req *q = r->retry;

		r->retry = NULL;
		if (submit(r, q) == -EBUSY)
			return;
	}
	while (r->connected && !r->broken && !r->retry && r->free &&
	       r->req_cons - r->rsp_prod_pvt < r->ring_size) {
		s = sring(r);
		prod = READ_ONCE(s->req_prod);
		compiler_barrier();
		/* requests past the responses we still owe: more than fit */
		if (prod - r->rsp_prod_pvt > r->ring_size) {
			pr_warn("domain %u vbd %u ring %u: ring producer index jumped (%u, %u answered): ring stopped\n",
				r->vbd->d->domid, r->vbd->devid, r->index,
				prod, r->rsp_prod_pvt);
			r->broken = true;
			return;
		}
		if (prod == r->req_cons) {
			s->req_event = r->req_cons + 1;
			compiler_barrier();
			if (READ_ONCE(s->req_prod) == prod)
				return;
			continue;
		}
		if (hv_opts.vbd_vanish && r->vbd->nr_reqs >= hv_opts.vbd_vanish) {
			vbd_fault_vanish(r->vbd);
			return;
		}
		ring_copy(r, slot_off(r, r->req_cons), &req, sizeof(req), false);
		r->req_cons++;
		start_req(r, &req);
	}
}

/* Requests, and persistent grants if negotiated, for a new ring. */
static int alloc_ring(struct vbd_ring *r)
{
	unsigned int i;

	r->reqs = hv_alloc(VBD_MAX_INFLIGHT * sizeof(*r->reqs));
	if (!r->reqs)
		return -ENOMEM;
	if (r->vbd->persistent && pgrant_init(r)) {
		hv_free(r->reqs, VBD_MAX_INFLIGHT * sizeof(*r->reqs));
		r->reqs = NULL;
		return -ENOMEM;
	}
	r->free = NULL;
	for (i = 0; i < VBD_MAX_INFLIGHT; i++) {
		r->reqs[i].ring = r;
		r->reqs[i].next_free = r->free;
		r->free = &r->reqs[i];
	}
	return 0;
}

static void free_ring(struct vbd_ring *r)
{
	pgrant_release_all(r);
	hv_free(r->reqs, VBD_MAX_INFLIGHT * sizeof(*r->reqs));
	r->reqs = NULL;
	r->free = NULL;
}

/*
 * Pin the ring's r->nr_ring_pages pages (r->ring_ref[], from the keys)
 * and bind its event channel.  On failure nothing is held and
 * r->nr_ring_pages is 0.
 */
int blkif_connect(struct vbd_ring *r)
{
	struct domain *d = r->vbd->d;
	unsigned int i;

	for (i = 0; i < r->nr_ring_pages; i++) {
		if (gnttab_acquire(d, 0, r->ring_ref[i], true, &r->ring_mfn[i]))
			goto unpin;
	}
	if (evtchn_bind_backend(d, r->port))
		goto unpin;
	if (alloc_ring(r)) {
		evtchn_unbind_backend(d, r->port);
		goto unpin;
	}
	r->ring_size = ring_slots(r->nr_ring_pages);
	/* start after the last answer: requests already queued are served */
	r->rsp_prod_pvt = READ_ONCE(sring(r)->rsp_prod);
	r->req_cons = r->rsp_prod_pvt;
	r->inflight = 0;
	r->retry = NULL;
	r->broken = false;
	r->connected = true;
	return 0;
unpin:
	while (i--)
		gnttab_release(d, r->ring_ref[i], true);
	r->nr_ring_pages = 0;
	return -EINVAL;
}

/* Stop reading the ring; the ring itself goes once nothing is in flight. */
void blkif_disconnect(struct vbd_ring *r)
{
	struct domain *d = r->vbd->d;
	unsigned int i;

	r->connected = false;
	if (r->retry) {
		struct vbd_req *q = r->retry;

		r->retry = NULL;
		release_grants(q);
		put_req(r, q);
	}
	if (r->inflight || !r->nr_ring_pages)
		return;
	free_ring(r);
	for (i = 0; i < r->nr_ring_pages; i++)
		gnttab_release(d, r->ring_ref[i], true);
	r->nr_ring_pages = 0;
	evtchn_unbind_backend(d, r->port);
}
