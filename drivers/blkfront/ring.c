// SPDX-License-Identifier: GPL-2.0
/*
 * blkfront's shared rings (io/blkif.h, io/ring.h): requests out,
 * responses in.
 *
 * A request takes one ring slot and one id; the id indexes the shadow
 * array that remembers the blk-mq request, the operation the response
 * must echo and every grant it holds.  Ids are 0 .. ring_size - 1, so at
 * most ring_size requests are in flight and a free slot always has a
 * free id.  Each data segment is one page (the queue limits guarantee a
 * segment never crosses a page), granted read-only for a write and
 * writable for a read; more than BLKIF_MAX_SEGMENTS_PER_REQUEST segments
 * go in indirect pages (BLKIF_OP_INDIRECT), granted read-only.  With
 * persistent grants the data goes through the ring's pool of granted
 * pages instead (persistent.c), and no grant is taken back per request.
 *
 * The back end is not trusted.  Each response is copied out of the ring
 * once, then checked: rsp_prod within a ring of requests, id in range
 * and in flight, the operation the one we sent.  Every grant of the
 * request is taken back before the request completes; one the back end
 * still holds means it broke the protocol, and its page is kept out of
 * reuse (gnt_end_put_page() with an extra reference).  Pool grants are
 * the exception: the back end may keep those.  Any violation
 * kills the device: in-flight and new requests fail with I/O errors, the
 * ring is no longer looked at, a message names the fault.
 *
 * Completions are collected under the ring lock and handed to blk-mq
 * after it is dropped, so nothing the block layer does on completion
 * can run into our lock.
 */
#include <linux/highmem.h>
#include <linux/slab.h>
#include "blkfront.h"

#define BLKFRONT_NO_ID	(~0U)

static struct blkfront_req *req_of(struct request *rq)
{
	return blk_mq_rq_to_pdu(rq);
}

/* ---- ids ---- */

static unsigned int id_get(struct blkfront_ring *ring)
{
	unsigned int id = ring->free_head;

	if (id != BLKFRONT_NO_ID)
		ring->free_head = ring->shadow[id].next_free;
	return id;
}

static void id_put(struct blkfront_ring *ring, unsigned int id)
{
	ring->shadow[id].rq = NULL;
	ring->shadow[id].next_free = ring->free_head;
	ring->free_head = id;
}

/* ---- grants of one request ---- */

/*
 * Take back every grant of @sh.  Returns false if the back end still
 * holds one; that page then keeps an extra reference until it lets go.
 */
static bool shadow_end_grants(struct blkfront_ring *ring,
			      struct blkfront_shadow *sh)
{
	bool clean = true;
	unsigned int i;

	for (i = 0; i < sh->nr_grants; i++) {
		if (!gnt_end(sh->grefs[i]))
			continue;
		clean = false;
		get_page(sh->pages[i]);
		gnt_end_put_page(sh->grefs[i], sh->pages[i]);
	}
	for (i = 0; i < sh->nr_ind; i++) {
		if (!gnt_end(sh->ind_grefs[i]))
			continue;
		clean = false;
		/* The page is ours: it leaves the shadow for good. */
		gnt_end_put_page(sh->ind_grefs[i], sh->ind_pages[i]);
		sh->ind_pages[i] = NULL;
	}
	sh->nr_grants = 0;
	sh->nr_ind = 0;
	return clean;
}

/* Whatever @sh holds goes back: its grants, or its pool pages. */
static bool shadow_release(struct blkfront_ring *ring,
			   struct blkfront_shadow *sh, bool copy_back)
{
	if (!ring->info->persistent)
		return shadow_end_grants(ring, sh);
	blkfront_pool_done(ring, sh, copy_back);
	return true;
}

static int grant_data(struct blkfront_ring *ring, struct blkfront_shadow *sh,
		      struct page *page, bool ro)
{
	int ref = gnt_grant_page(ring->info->xd->otherend_id, page, ro);

	if (ref < 0)
		return ref;
	sh->grefs[sh->nr_grants] = ref;
	sh->pages[sh->nr_grants++] = page;
	return ref;
}

/* ---- building requests ---- */

static int fill_segment(struct blkfront_ring *ring, struct blkfront_shadow *sh,
			struct scatterlist *sg, bool ro,
			struct blkif_request_segment *seg)
{
	int ref;

	if (WARN_ON_ONCE(sg->offset + sg->length > PAGE_SIZE ||
			 (sg->offset | sg->length) & 511 || !sg->length))
		return -EINVAL;
	ref = grant_data(ring, sh, sg_page(sg), ro);
	if (ref < 0)
		return ref;
	seg->gref = ref;
	seg->first_sect = sg->offset >> 9;
	seg->last_sect = (sg->offset + sg->length - 1) >> 9;
	return 0;
}

/* The segments of an indirect request, in its (granted) indirect pages. */
static int fill_indirect(struct blkfront_ring *ring,
			 struct blkfront_shadow *sh, unsigned int nseg,
			 bool ro, struct blkif_request *req)
{
	struct blkif_request_segment *segs = NULL;
	struct scatterlist *sg;
	unsigned int i, page;
	int ret = 0;

	for_each_sg(ring->sg, sg, nseg, i) {
		if (i % BLKFRONT_SEGS_PER_PAGE == 0) {
			if (segs)
				kunmap_local(segs);
			page = i / BLKFRONT_SEGS_PER_PAGE;
			segs = kmap_local_page(sh->ind_pages[page]);
		}
		ret = fill_segment(ring, sh, sg, ro,
				   &segs[i % BLKFRONT_SEGS_PER_PAGE]);
		if (ret)
			break;
	}
	if (segs)
		kunmap_local(segs);
	if (ret)
		return ret;
	for (page = 0; page < DIV_ROUND_UP(nseg, BLKFRONT_SEGS_PER_PAGE);
	     page++) {
		ret = gnt_grant_page(ring->info->xd->otherend_id,
				     sh->ind_pages[page], true);
		if (ret < 0)
			return ret;
		sh->ind_grefs[page] = ret;
		req->u.indirect.indirect_grefs[page] = ret;
		sh->nr_ind++;
	}
	return 0;
}

static int build_rw(struct blkfront_ring *ring, struct blkfront_shadow *sh,
		    struct request *rq, struct blkif_request *req, u8 op)
{
	struct blkfront_info *info = ring->info;
	bool ro = op == BLKIF_OP_WRITE;
	struct scatterlist *sg;
	unsigned int nseg, i;
	int ret = 0;

	if (info->persistent)
		return blkfront_pool_build(ring, sh, rq, req, op);
	sg_init_table(ring->sg, info->max_segs);
	nseg = blk_rq_map_sg(rq->q, rq, ring->sg);
	if (WARN_ON_ONCE(!nseg || nseg > info->max_segs))
		return -EINVAL;
	if (nseg > BLKIF_MAX_SEGMENTS_PER_REQUEST) {
		req->operation = BLKIF_OP_INDIRECT;
		req->u.indirect.indirect_op = op;
		req->u.indirect.nr_segments = nseg;
		req->u.indirect.sector_number = blk_rq_pos(rq);
		req->u.indirect.handle = info->vdevice;
		return fill_indirect(ring, sh, nseg, ro, req);
	}
	req->operation = op;
	req->u.rw.nr_segments = nseg;
	req->u.rw.sector_number = blk_rq_pos(rq);
	req->u.rw.handle = info->vdevice;
	for_each_sg(ring->sg, sg, nseg, i) {
		ret = fill_segment(ring, sh, sg, ro, &req->u.rw.seg[i]);
		if (ret)
			break;
	}
	return ret;
}

static void build_discard(struct blkfront_info *info, struct request *rq,
			  struct blkif_request *req)
{
	req->operation = BLKIF_OP_DISCARD;
	req->u.discard.flag = req_op(rq) == REQ_OP_SECURE_ERASE &&
			      info->discard_secure ? BLKIF_DISCARD_SECURE : 0;
	req->u.discard.sector_number = blk_rq_pos(rq);
	req->u.discard.nr_sectors = blk_rq_sectors(rq);
}

/* The blkif operation for @rq, or -1 if we cannot do it. */
static int blkif_op(struct blkfront_info *info, struct request *rq)
{
	switch (req_op(rq)) {
	case REQ_OP_READ:
		return BLKIF_OP_READ;
	case REQ_OP_WRITE:
		return BLKIF_OP_WRITE;
	case REQ_OP_FLUSH:
		if (info->flush)
			return BLKIF_OP_FLUSH_DISKCACHE;
		return info->barrier ? BLKIF_OP_WRITE_BARRIER : -1;
	case REQ_OP_DISCARD:
	case REQ_OP_SECURE_ERASE:
		return info->discard ? BLKIF_OP_DISCARD : -1;
	default:
		return -1;
	}
}

static int build_request(struct blkfront_ring *ring, unsigned int id,
			 struct request *rq, int op)
{
	struct blkfront_shadow *sh = &ring->shadow[id];
	struct blkif_request req = { .operation = op };
	int ret = 0;

	if (op == BLKIF_OP_DISCARD) {
		build_discard(ring->info, rq, &req);
		req.u.discard.id = id;
	} else if (op == BLKIF_OP_READ || op == BLKIF_OP_WRITE) {
		ret = build_rw(ring, sh, rq, &req, op);
		/* id sits at the same offset in every request layout */
		req.u.rw.id = id;
	} else {
		/* An empty flush or barrier. */
		req.u.rw.nr_segments = 0;
		req.u.rw.sector_number = blk_rq_pos(rq);
		req.u.rw.handle = ring->info->vdevice;
		req.u.rw.id = id;
	}
	if (ret) {
		shadow_release(ring, sh, false);
		return ret;
	}
	sh->rq = rq;
	sh->op = op;
	*RING_GET_REQUEST(&ring->front, ring->front.req_prod_pvt) = req;
	ring->front.req_prod_pvt++;
	return 0;
}

blk_status_t blkfront_ring_queue(struct blkfront_ring *ring,
				 struct request *rq)
{
	struct blkfront_info *info = ring->info;
	int op = blkif_op(info, rq);
	blk_status_t status = BLK_STS_OK;
	unsigned long flags;
	unsigned int id;
	bool notify;
	int ret;

	if (op < 0)
		return BLK_STS_NOTSUPP;
	spin_lock_irqsave(&ring->lock, flags);
	if (READ_ONCE(info->dead)) {
		status = BLK_STS_IOERR;
		goto out;
	}
	if (RING_FULL(&ring->front) || ring->free_head == BLKFRONT_NO_ID)
		goto busy;
	id = id_get(ring);
	ret = build_request(ring, id, rq, op);
	if (ret) {
		id_put(ring, id);
		/* The pool is short: a response will bring pages back. */
		if (ret == -EBUSY)
			goto busy;
		/* Out of grant refs: try again shortly. */
		status = ret == -ENOSPC ? BLK_STS_RESOURCE : BLK_STS_IOERR;
		goto out;
	}
	blk_mq_start_request(rq);
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&ring->front, notify);
	if (notify)
		xb_notify(ring->evtchn);
	goto out;
busy:
	/* Restarted by the interrupt that frees a slot or pool pages. */
	blk_mq_stop_hw_queue(rq->mq_hctx);
	status = BLK_STS_DEV_RESOURCE;
out:
	spin_unlock_irqrestore(&ring->lock, flags);
	return status;
}

/* ---- responses ---- */

static blk_status_t rsp_status(struct blkfront_info *info, u8 op, s16 st)
{
	if (st == BLKIF_RSP_OKAY)
		return BLK_STS_OK;
	if (st != BLKIF_RSP_EOPNOTSUPP)
		return BLK_STS_IOERR;
	if (op == BLKIF_OP_FLUSH_DISKCACHE || op == BLKIF_OP_WRITE_BARRIER) {
		blkfront_flush_failed(info);
		return BLK_STS_OK;	/* no cache to flush after all */
	}
	if (op == BLKIF_OP_DISCARD)
		blkfront_discard_failed(info);
	return BLK_STS_NOTSUPP;
}

/* Does the response @rsp fit request @sh? */
static bool rsp_matches(struct blkfront_shadow *sh, struct blkif_response *rsp)
{
	return rsp->operation == sh->op ||
	       (sh->op != BLKIF_OP_DISCARD && sh->op != BLKIF_OP_FLUSH_DISKCACHE &&
		sh->op != BLKIF_OP_WRITE_BARRIER &&
		rsp->operation == BLKIF_OP_INDIRECT);
}

/* One response; NULL and *@why on a protocol violation. */
static struct request *take_response(struct blkfront_ring *ring,
				     struct blkif_response *rsp,
				     const char **why)
{
	struct blkfront_shadow *sh;
	struct request *rq;
	u64 id = rsp->id;

	if (id >= ring->info->ring_size) {
		*why = "response with an id out of range";
		return NULL;
	}
	sh = &ring->shadow[id];
	if (!sh->rq) {
		*why = "response to no request in flight";
		return NULL;
	}
	if (!rsp_matches(sh, rsp)) {
		*why = "response with the wrong operation";
		return NULL;
	}
	rq = sh->rq;
	req_of(rq)->status = rsp_status(ring->info, sh->op, rsp->status);
	if (!shadow_release(ring, sh, sh->op == BLKIF_OP_READ &&
			    req_of(rq)->status == BLK_STS_OK)) {
		req_of(rq)->status = BLK_STS_IOERR;
		*why = "response while the back end still maps a grant";
	}
	id_put(ring, id);
	return rq;
}

/* Take the responses there are; the caller holds the ring lock. */
static struct request *harvest(struct blkfront_ring *ring, const char **why)
{
	struct request *done = NULL, *rq;
	struct blkif_response rsp;
	RING_IDX prod, i;
	int more;

	do {
		prod = READ_ONCE(ring->front.sring->rsp_prod);
		virt_rmb();	/* rsp_prod before the responses it covers */
		if (RING_RESPONSE_PROD_OVERFLOW(&ring->front, prod)) {
			*why = "rsp_prod beyond the requests made";
			WRITE_ONCE(ring->info->dead, true);
			return done;
		}
		for (i = ring->front.rsp_cons; i != prod; i++) {
			RING_COPY_RESPONSE(&ring->front, i, &rsp);
			rq = take_response(ring, &rsp, why);
			if (rq) {
				req_of(rq)->next_done = done;
				done = rq;
			}
			if (*why) {
				/* Before the lock drops: no id is reused. */
				WRITE_ONCE(ring->info->dead, true);
				ring->front.rsp_cons = i + 1;
				return done;
			}
		}
		ring->front.rsp_cons = i;
		RING_FINAL_CHECK_FOR_RESPONSES(&ring->front, more);
	} while (more);
	return done;
}

static void complete_list(struct request *done)
{
	struct request *next;

	for (; done; done = next) {
		next = req_of(done)->next_done;
		blk_mq_complete_request(done);
	}
}

static irqreturn_t blkfront_interrupt(int irq, void *dev_id)
{
	struct blkfront_ring *ring = dev_id;
	struct blkfront_info *info = ring->info;
	const char *why = NULL;
	struct request *done = NULL;
	unsigned long flags;

	spin_lock_irqsave(&ring->lock, flags);
	if (!READ_ONCE(info->dead))
		done = harvest(ring, &why);
	spin_unlock_irqrestore(&ring->lock, flags);
	complete_list(done);
	if (why)
		blkfront_kill(info, why);
	else
		blkfront_restart_queues(info);
	return IRQ_HANDLED;
}

/* Fail every request in flight on @ring (the device is dead). */
static void ring_fail_all(struct blkfront_ring *ring)
{
	struct request *done = NULL, *rq;
	unsigned long flags;
	unsigned int id;

	spin_lock_irqsave(&ring->lock, flags);
	for (id = 0; ring->shadow && id < ring->info->ring_size; id++) {
		rq = ring->shadow[id].rq;
		if (!rq)
			continue;
		shadow_release(ring, &ring->shadow[id], false);
		id_put(ring, id);
		req_of(rq)->status = BLK_STS_IOERR;
		req_of(rq)->next_done = done;
		done = rq;
	}
	spin_unlock_irqrestore(&ring->lock, flags);
	complete_list(done);
}

void blkfront_kill(struct blkfront_info *info, const char *why)
{
	unsigned int i;

	WRITE_ONCE(info->dead, true);
	if (why)
		dev_err(&info->xd->dev,
			"back end broke the protocol: %s; device disabled\n",
			why);
	for (i = 0; info->rings && i < info->nr_rings; i++)
		ring_fail_all(&info->rings[i]);
	/* Requests held back by a stopped queue now fail too. */
	blkfront_restart_queues(info);
}

/* ---- set-up and tear-down ---- */

static int shadow_alloc(struct blkfront_info *info, struct blkfront_ring *ring)
{
	unsigned int n = info->ring_size, i, j;
	struct blkfront_shadow *sh;

	ring->shadow = kcalloc(n, sizeof(*ring->shadow), GFP_KERNEL);
	ring->sg = kcalloc(info->max_segs, sizeof(*ring->sg), GFP_KERNEL);
	if (!ring->shadow || !ring->sg)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		sh = &ring->shadow[i];
		sh->grefs = kcalloc(info->max_segs, sizeof(*sh->grefs),
				    GFP_KERNEL);
		sh->pages = kcalloc(info->max_segs, sizeof(*sh->pages),
				    GFP_KERNEL);
		sh->ind_pages = kcalloc(info->nr_ind_pages + 1,
					sizeof(*sh->ind_pages), GFP_KERNEL);
		sh->pool = kcalloc(info->max_segs + info->nr_ind_pages,
				   sizeof(*sh->pool), GFP_KERNEL);
		if (!sh->grefs || !sh->pages || !sh->ind_pages || !sh->pool)
			return -ENOMEM;
		for (j = 0; j < info->nr_ind_pages; j++) {
			sh->ind_pages[j] = alloc_page(GFP_KERNEL);
			if (!sh->ind_pages[j])
				return -ENOMEM;
		}
		id_put(ring, i);
	}
	return 0;
}

static void shadow_free(struct blkfront_info *info, struct blkfront_ring *ring)
{
	struct blkfront_shadow *sh;
	unsigned int i, j;

	for (i = 0; ring->shadow && i < info->ring_size; i++) {
		sh = &ring->shadow[i];
		for (j = 0; sh->ind_pages && j < info->nr_ind_pages; j++)
			if (sh->ind_pages[j])
				__free_page(sh->ind_pages[j]);
		kfree(sh->ind_pages);
		kfree(sh->pool);
		kfree(sh->pages);
		kfree(sh->grefs);
	}
	kfree(ring->shadow);
	ring->shadow = NULL;
	kfree(ring->sg);
	ring->sg = NULL;
}

static int ring_setup(struct blkfront_info *info, struct blkfront_ring *ring)
{
	struct xb_device *xd = info->xd;
	int ret;

	ring->free_head = BLKFRONT_NO_ID;
	ret = shadow_alloc(info, ring);
	if (ret)
		return ret;
	ret = xb_setup_ring(xd, info->ring_order, &ring->sring, ring->refs);
	if (ret)
		return ret;
	XEN_FRONT_RING_INIT(&ring->front, (struct blkif_sring *)ring->sring,
			    PAGE_SIZE << info->ring_order);
	snprintf(ring->irq_name, sizeof(ring->irq_name), "blkif-%u-%u",
		 info->vdevice, ring->index);
	ret = xb_alloc_evtchn_irq(xd, blkfront_interrupt, ring->irq_name,
				  ring, &ring->evtchn);
	if (ret < 0)
		return ret;
	ring->irq = ret;
	return 0;
}

static void ring_free(struct blkfront_info *info, struct blkfront_ring *ring)
{
	if (ring->irq >= 0)
		xb_free_evtchn_irq(ring->irq, ring);
	ring->irq = -1;
	if (ring->sring)
		xb_teardown_ring(ring->sring, info->ring_order, ring->refs);
	ring->sring = NULL;
	blkfront_pool_free(ring);
	shadow_free(info, ring);
}

int blkfront_rings_setup(struct blkfront_info *info)
{
	unsigned int i;
	int ret;

	info->ring_size = __CONST_RING_SIZE(blkif, PAGE_SIZE << info->ring_order);
	info->rings = kcalloc(info->nr_rings, sizeof(*info->rings), GFP_KERNEL);
	if (!info->rings)
		return -ENOMEM;
	for (i = 0; i < info->nr_rings; i++) {
		info->rings[i].info = info;
		info->rings[i].index = i;
		info->rings[i].irq = -1;
		spin_lock_init(&info->rings[i].lock);
	}
	for (i = 0; i < info->nr_rings; i++) {
		ret = ring_setup(info, &info->rings[i]);
		if (ret) {
			blkfront_rings_free(info);
			return ret;
		}
	}
	return 0;
}

void blkfront_rings_free(struct blkfront_info *info)
{
	unsigned int i;

	for (i = 0; info->rings && i < info->nr_rings; i++)
		ring_free(info, &info->rings[i]);
	kfree(info->rings);
	info->rings = NULL;
}
