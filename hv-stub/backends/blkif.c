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
#include "vbd.h"

#define SLOT_SIZE	sizeof(union blkif_sring_entry)
#define SECTORS_PER_PAGE	(PAGE_SIZE / 512)

static inline void compiler_barrier(void)
{
	asm volatile("" : : : "memory");
}

static struct xen_sring_hdr *sring(struct vbd *v)
{
	return mfn_to_virt(v->ring_mfn[0]);
}

/* Copy between @buf and the ring's bytes at @off, across its pages. */
static void ring_copy(struct vbd *v, u64 off, void *buf, size_t len,
		      bool to_ring)
{
	u8 *b = buf;

	while (len) {
		size_t in_page = PAGE_SIZE - off % PAGE_SIZE;
		size_t n = len < in_page ? len : in_page;
		u8 *p = (u8 *)mfn_to_virt(v->ring_mfn[off / PAGE_SIZE]) +
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

static u64 slot_off(struct vbd *v, u32 idx)
{
	return XEN_SRING_HDR_SIZE + (u64)(idx & (v->ring_size - 1)) * SLOT_SIZE;
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
		gnttab_release(q->vbd->d, q->gref[--q->nr_grants],
			       q->dev_writes);
}

static void put_req(struct vbd *v, struct vbd_req *q)
{
	q->next_free = v->free;
	v->free = q;
	v->inflight--;
}

/* Push one response; notify the front end if it asked for it. */
static void respond(struct vbd *v, u64 id, u8 op, s16 status)
{
	struct blkif_response rsp = { .id = id, .operation = op,
				      .status = status };
	struct xen_sring_hdr *s = sring(v);
	u32 old = s->rsp_prod, new;

	if (status != BLKIF_RSP_OKAY)
		v->nr_errors++;
	ring_copy(v, slot_off(v, v->rsp_prod_pvt), &rsp, sizeof(rsp), true);
	new = ++v->rsp_prod_pvt;
	compiler_barrier();
	s->rsp_prod = new;
	compiler_barrier();
	if ((u32)(new - READ_ONCE(s->rsp_event)) < (u32)(new - old))
		evtchn_notify_frontend(v->d, v->port);
}

/* The request is over: grants back, answer (unless the guest died). */
static void finish(struct vbd_req *q, s16 status)
{
	struct vbd *v = q->vbd;

	release_grants(q);
	if (!v->d->dying && v->nr_ring_pages)
		respond(v, q->id, q->op, status);
	put_req(v, q);
	if (!v->connected && !v->inflight)
		vbd_drained(v);
}

static s16 rsp_status(int status)
{
	return !status ? BLKIF_RSP_OKAY : status == -EOPNOTSUPP ?
		BLKIF_RSP_EOPNOTSUPP : BLKIF_RSP_ERROR;
}

static int submit(struct vbd *v, struct vbd_req *q);

/* Disk completion: a flush after data, the next discard chunk, or done. */
static void io_done(struct blkdev_req *io, int status)
{
	struct vbd_req *q = io->priv;
	struct vbd *v = q->vbd;

	if (!status && q->flush_after) {
		q->flush_after = false;
		release_grants(q);
		io->op = BLKDEV_FLUSH;
		io->nr_segs = 0;
		status = submit(v, q);
	} else if (!status && q->discard_left) {
		io->sector += io->nr_sectors;
		io->nr_sectors = q->discard_left < v->info->max_discard_sectors ?
				 q->discard_left : v->info->max_discard_sectors;
		q->discard_left -= io->nr_sectors;
		status = submit(v, q);
	} else {
		finish(q, rsp_status(status));
		status = 0;
	}
	if (status && status != -EBUSY)
		finish(q, BLKIF_RSP_ERROR);
	if (v->connected)
		blkif_kick(v);
}

/* Hand @q to the disk; -EBUSY leaves it waiting in v->retry. */
static int submit(struct vbd *v, struct vbd_req *q)
{
	int rc = blkdev_submit(v->dev, &q->io);

	if (rc == -EBUSY)
		v->retry = q;
	return rc;
}

/* Pin one data segment (guest input) into the next slot of @q. */
static int add_seg(struct vbd *v, struct vbd_req *q,
		   const struct blkif_request_segment *seg_g)
{
	struct blkif_request_segment seg = *seg_g;
	struct blkdev_seg *s = &q->io.seg[q->io.nr_segs];
	u64 mfn;

	if (q->io.nr_segs >= BLKDEV_MAX_SEGS ||
	    seg.first_sect > seg.last_sect ||
	    seg.last_sect >= SECTORS_PER_PAGE)
		return -EINVAL;
	if (gnttab_acquire(v->d, 0, seg.gref, q->dev_writes, &mfn))
		return -EINVAL;
	q->gref[q->nr_grants++] = seg.gref;
	s->maddr = (mfn << PAGE_SHIFT) + seg.first_sect * 512;
	s->len = (seg.last_sect - seg.first_sect + 1) * 512;
	q->io.nr_segs++;
	return 0;
}

/* The segments of an indirect request, read from its granted pages. */
static int add_indirect_segs(struct vbd *v, struct vbd_req *q,
			     const struct blkif_request_indirect *r)
{
	unsigned int n = r->nr_segments, pages, i, j;
	const struct blkif_request_segment *segs;
	int rc = 0;
	u64 mfn;

	if (!n || n > v->max_segs)
		return -EINVAL;
	pages = (n + BLKIF_SEGS_PER_INDIRECT_FRAME - 1) /
		BLKIF_SEGS_PER_INDIRECT_FRAME;
	for (i = 0; i < pages && !rc; i++) {
		if (gnttab_acquire(v->d, 0, r->indirect_grefs[i], false, &mfn))
			return -EINVAL;
		segs = mfn_to_virt(mfn);
		for (j = 0; j < BLKIF_SEGS_PER_INDIRECT_FRAME && !rc &&
		     i * BLKIF_SEGS_PER_INDIRECT_FRAME + j < n; j++)
			rc = add_seg(v, q, &segs[j]);
		gnttab_release(v->d, r->indirect_grefs[i], false);
	}
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

static int parse_rw(struct vbd *v, struct vbd_req *q,
		    const struct blkif_request *r)
{
	unsigned int i, n = r->u.rw.nr_segments;
	int rc = 0;

	q->dev_writes = r->operation == BLKIF_OP_READ;
	q->io.op = q->dev_writes ? BLKDEV_READ : BLKDEV_WRITE;
	if (r->operation == BLKIF_OP_FLUSH_DISKCACHE) {
		if (!n) {
			q->io.op = BLKDEV_FLUSH;
			return 0;
		}
		q->flush_after = v->info->write_cache;
	}
	if (!n || n > BLKIF_MAX_SEGMENTS_PER_REQUEST)
		return -EINVAL;
	for (i = 0; i < n && !rc; i++) {
		struct blkif_request_segment seg;

		memcpy(&seg, (const u8 *)r + offsetof(struct blkif_request,
						      u.rw.seg[i]), sizeof(seg));
		rc = add_seg(v, q, &seg);
	}
	return rc ?: setup_rw(v, q, q->dev_writes ? BLKIF_OP_READ :
			      BLKIF_OP_WRITE, r->u.rw.sector_number);
}

static int parse_indirect(struct vbd *v, struct vbd_req *q,
			  const struct blkif_request *r)
{
	u8 op = r->u.indirect.indirect_op;

	if (op != BLKIF_OP_READ && op != BLKIF_OP_WRITE)
		return -EINVAL;
	q->dev_writes = op == BLKIF_OP_READ;
	q->io.op = q->dev_writes ? BLKDEV_READ : BLKDEV_WRITE;
	return add_indirect_segs(v, q, &r->u.indirect) ?:
	       setup_rw(v, q, op, r->u.indirect.sector_number);
}

static int parse_discard(struct vbd *v, struct vbd_req *q,
			 const struct blkif_request *r)
{
	u64 sector = r->u.discard.sector_number, n = r->u.discard.nr_sectors;
	u64 max = v->info->max_discard_sectors;

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
static int parse(struct vbd *v, struct vbd_req *q,
		 const struct blkif_request *r)
{
	switch (r->operation) {
	case BLKIF_OP_READ:
	case BLKIF_OP_WRITE:
		return parse_rw(v, q, r);
	case BLKIF_OP_FLUSH_DISKCACHE:
		if (!v->info->write_cache && !r->u.rw.nr_segments)
			return 1;	/* nothing cached: done at once */
		return parse_rw(v, q, r);
	case BLKIF_OP_INDIRECT:
		return parse_indirect(v, q, r);
	case BLKIF_OP_DISCARD:
		return parse_discard(v, q, r);
	default:
		return -EOPNOTSUPP;	/* barriers too: not offered */
	}
}

static void start_req(struct vbd *v, const struct blkif_request *r)
{
	struct vbd_req *q = v->free;
	int rc;

	v->free = q->next_free;
	v->inflight++;
	v->nr_reqs++;
	memset(&q->io, 0, offsetof(struct blkdev_req, seg));
	q->io.done = io_done;
	q->io.priv = q;
	q->id = r->u.other.id;
	/* an indirect request is answered with the operation it carries */
	q->op = r->operation == BLKIF_OP_INDIRECT ?
		r->u.indirect.indirect_op : r->operation;
	q->flush_after = false;
	q->discard_left = 0;
	q->nr_grants = 0;
	rc = parse(v, q, r);
	if (rc > 0) {
		finish(q, BLKIF_RSP_OKAY);
		return;
	}
	if (!rc)
		rc = submit(v, q);
	if (rc && rc != -EBUSY)
		finish(q, rsp_status(rc == -EOPNOTSUPP ? rc : -EIO));
}

/*
 * Take requests off the ring while there are free slots and the disk
 * takes them.  Called on the front end's event and after completions.
 */
void blkif_kick(struct vbd *v)
{
	struct xen_sring_hdr *s;
	struct blkif_request r;
	u32 prod;

	if (v->retry && v->connected) {
		struct vbd_req *q = v->retry;

		v->retry = NULL;
		if (submit(v, q) == -EBUSY)
			return;
	}
	while (v->connected && !v->broken && !v->retry && v->free &&
	       v->req_cons - v->rsp_prod_pvt < v->ring_size) {
		s = sring(v);
		prod = READ_ONCE(s->req_prod);
		compiler_barrier();
		/* requests past the responses we still owe: more than fit */
		if (prod - v->rsp_prod_pvt > v->ring_size) {
			pr_warn("domain %u vbd %u: ring producer index jumped (%u, %u answered): ring stopped\n",
				v->d->domid, v->devid, prod, v->rsp_prod_pvt);
			v->broken = true;
			return;
		}
		if (prod == v->req_cons) {
			s->req_event = v->req_cons + 1;
			compiler_barrier();
			if (READ_ONCE(s->req_prod) == prod)
				return;
			continue;
		}
		ring_copy(v, slot_off(v, v->req_cons), &r, sizeof(r), false);
		v->req_cons++;
		start_req(v, &r);
	}
}

/* Pin the ring's pages and bind its event channel (keys already read). */
int blkif_connect(struct vbd *v)
{
	unsigned int i;

	for (i = 0; i < v->nr_ring_pages; i++) {
		if (gnttab_acquire(v->d, 0, v->ring_ref[i], true,
				   &v->ring_mfn[i]))
			goto unpin;
	}
	if (evtchn_bind_backend(v->d, v->port))
		goto unpin;
	v->ring_size = ring_slots(v->nr_ring_pages);
	/* start after the last answer: requests already queued are served */
	v->rsp_prod_pvt = READ_ONCE(sring(v)->rsp_prod);
	v->req_cons = v->rsp_prod_pvt;
	v->free = NULL;
	for (i = 0; i < VBD_MAX_INFLIGHT; i++) {
		v->reqs[i].vbd = v;
		v->reqs[i].next_free = v->free;
		v->free = &v->reqs[i];
	}
	v->inflight = 0;
	v->retry = NULL;
	v->broken = false;
	v->connected = true;
	return 0;
unpin:
	while (i--)
		gnttab_release(v->d, v->ring_ref[i], true);
	return -EINVAL;
}

/* Stop reading the ring; the ring itself goes once nothing is in flight. */
void blkif_disconnect(struct vbd *v)
{
	unsigned int i;

	v->connected = false;
	if (v->retry) {
		struct vbd_req *q = v->retry;

		v->retry = NULL;
		release_grants(q);
		put_req(v, q);
	}
	if (v->inflight)
		return;
	for (i = 0; i < v->nr_ring_pages; i++)
		gnttab_release(v->d, v->ring_ref[i], true);
	v->nr_ring_pages = 0;
	evtchn_unbind_backend(v->d, v->port);
}
