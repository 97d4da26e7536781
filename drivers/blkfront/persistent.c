// SPDX-License-Identifier: GPL-2.0
/*
 * blkfront's persistent grants (feature-persistent, io/blkif.h).
 *
 * When both ends wrote feature-persistent = 1, each ring owns a pool of
 * pool_size pages, each granted to the back end once, writable, and kept
 * granted until the ring is torn down.  A request takes as many pages as
 * its data needs (plus its indirect pages) off the pool's free list; the
 * data of a write is copied in before the request goes, that of a read
 * copied out when its response comes, and the pages go back to the list.
 * The back end may keep the pool's grants pinned between requests: a
 * pool grant showing GTF_reading/GTF_writing is the protocol, not a
 * fault, so nothing here looks at the flags.  At teardown each grant is
 * ended; one the back end has not let go of yet waits (gnt_end_put_page).
 *
 * The data is packed: segment i is page i of the request's pool pages,
 * full but for the last, so a request of n bytes needs DIV_ROUND_UP(n,
 * PAGE_SIZE) data pages, which the queue limits keep within max_segs.
 * The pool always holds the largest request, and a request the free list
 * cannot take now waits (-EBUSY) for a response to bring pages back.
 *
 * The free list is under the ring lock, as the shadow entries are.
 */
#include <linux/highmem.h>
#include <linux/slab.h>
#include "blkfront.h"

#define POOL_END	(~0U)
#define POOL_NO_REF	((grant_ref_t)~0U)

static void pool_put(struct blkfront_ring *ring, unsigned int i)
{
	ring->pool[i].next_free = ring->pool_free;
	ring->pool_free = i;
	ring->pool_nr_free++;
}

/* @n pages of the pool into @sh, or false (nothing taken). */
static bool pool_take(struct blkfront_ring *ring, struct blkfront_shadow *sh,
		      unsigned int n)
{
	unsigned int i;

	if (ring->pool_nr_free < n)
		return false;
	for (sh->nr_pool = 0; sh->nr_pool < n; sh->nr_pool++) {
		i = ring->pool_free;
		ring->pool_free = ring->pool[i].next_free;
		ring->pool_nr_free--;
		sh->pool[sh->nr_pool] = i;
	}
	return true;
}

static struct page *pool_page(struct blkfront_ring *ring,
			      struct blkfront_shadow *sh, unsigned int i)
{
	return ring->pool[sh->pool[i]].page;
}

/* Copy @rq's data between its bios and @sh's first @ndata pool pages. */
static void copy_data(struct blkfront_ring *ring, struct blkfront_shadow *sh,
		      struct request *rq, unsigned int ndata, bool to_pool)
{
	unsigned int off = 0, done, n;
	struct req_iterator iter;
	struct bio_vec bv;
	u8 *pool, *buf;

	/* bv itself must stay intact: the iterator advances by its length */
	rq_for_each_segment(bv, rq, iter) {
		for (done = 0; done < bv.bv_len; done += n, off += n) {
			if (WARN_ON_ONCE(off / PAGE_SIZE >= ndata))
				return;
			n = min_t(unsigned int, bv.bv_len - done,
				  PAGE_SIZE - off % PAGE_SIZE);
			pool = kmap_local_page(pool_page(ring, sh,
							 off / PAGE_SIZE));
			buf = kmap_local_page(bv.bv_page);
			if (to_pool)
				memcpy(pool + off % PAGE_SIZE,
				       buf + bv.bv_offset + done, n);
			else
				memcpy(buf + bv.bv_offset + done,
				       pool + off % PAGE_SIZE, n);
			kunmap_local(buf);
			kunmap_local(pool);
		}
	}
}

/* Segment @i of @bytes of packed data in pool page @i. */
static void fill_seg(struct blkfront_ring *ring, struct blkfront_shadow *sh,
		     unsigned int i, unsigned int bytes,
		     struct blkif_request_segment *seg)
{
	unsigned int len = min_t(unsigned int, bytes - i * PAGE_SIZE,
				 PAGE_SIZE);

	seg->gref = ring->pool[sh->pool[i]].gref;
	seg->first_sect = 0;
	seg->last_sect = (len - 1) >> 9;
}

/* The descriptors of an indirect request, in the pool pages after data. */
static void fill_indirect(struct blkfront_ring *ring,
			  struct blkfront_shadow *sh, unsigned int nseg,
			  unsigned int bytes, struct blkif_request *req)
{
	struct blkif_request_segment *segs = NULL;
	unsigned int i, page;

	for (i = 0; i < nseg; i++) {
		if (i % BLKFRONT_SEGS_PER_PAGE == 0) {
			if (segs)
				kunmap_local(segs);
			page = nseg + i / BLKFRONT_SEGS_PER_PAGE;
			segs = kmap_local_page(pool_page(ring, sh, page));
			req->u.indirect.indirect_grefs[page - nseg] =
				ring->pool[sh->pool[page]].gref;
		}
		fill_seg(ring, sh, i, bytes, &segs[i % BLKFRONT_SEGS_PER_PAGE]);
	}
	if (segs)
		kunmap_local(segs);
}

/*
 * A read or write of @rq through the pool.  -EBUSY: not enough free pages
 * now; -EINVAL: a request the limits should not have let through.
 */
int blkfront_pool_build(struct blkfront_ring *ring, struct blkfront_shadow *sh,
			struct request *rq, struct blkif_request *req, u8 op)
{
	struct blkfront_info *info = ring->info;
	unsigned int bytes = blk_rq_bytes(rq), nseg, nind = 0, i;

	nseg = DIV_ROUND_UP(bytes, PAGE_SIZE);
	if (WARN_ON_ONCE(!nseg || nseg > info->max_segs || bytes & 511))
		return -EINVAL;
	if (nseg > BLKIF_MAX_SEGMENTS_PER_REQUEST)
		nind = DIV_ROUND_UP(nseg, BLKFRONT_SEGS_PER_PAGE);
	if (!pool_take(ring, sh, nseg + nind))
		return -EBUSY;
	if (op == BLKIF_OP_WRITE)
		copy_data(ring, sh, rq, nseg, true);
	if (nind) {
		req->operation = BLKIF_OP_INDIRECT;
		req->u.indirect.indirect_op = op;
		req->u.indirect.nr_segments = nseg;
		req->u.indirect.sector_number = blk_rq_pos(rq);
		req->u.indirect.handle = info->vdevice;
		fill_indirect(ring, sh, nseg, bytes, req);
		return 0;
	}
	req->operation = op;
	req->u.rw.nr_segments = nseg;
	req->u.rw.sector_number = blk_rq_pos(rq);
	req->u.rw.handle = info->vdevice;
	for (i = 0; i < nseg; i++)
		fill_seg(ring, sh, i, bytes, &req->u.rw.seg[i]);
	return 0;
}

/* @sh is answered (or failed): a read's data out, the pages back. */
void blkfront_pool_done(struct blkfront_ring *ring, struct blkfront_shadow *sh,
			bool copy_back)
{
	if (copy_back)
		copy_data(ring, sh, sh->rq, DIV_ROUND_UP(blk_rq_bytes(sh->rq),
							 PAGE_SIZE), false);
	while (sh->nr_pool)
		pool_put(ring, sh->pool[--sh->nr_pool]);
}

static int pool_setup(struct blkfront_info *info, struct blkfront_ring *ring)
{
	domid_t be = info->xd->otherend_id;
	struct blkfront_pgnt *p;
	unsigned int i;
	int ref;

	ring->pool = kcalloc(info->pool_size, sizeof(*ring->pool), GFP_KERNEL);
	if (!ring->pool)
		return -ENOMEM;
	ring->pool_free = POOL_END;
	ring->pool_nr_free = 0;
	for (i = 0; i < info->pool_size; i++) {
		p = &ring->pool[i];
		p->gref = POOL_NO_REF;
		p->page = alloc_page(GFP_KERNEL);
		if (!p->page)
			return -ENOMEM;
		ref = gnt_grant_page(be, p->page, false);
		if (ref < 0)
			return ref;
		p->gref = ref;
		pool_put(ring, i);
	}
	return 0;
}

/* Every ring's pool, at connect; on failure none is left. */
int blkfront_pools_setup(struct blkfront_info *info)
{
	unsigned int i, j;
	int ret;

	for (i = 0; i < info->nr_rings; i++) {
		ret = pool_setup(info, &info->rings[i]);
		if (ret) {
			for (j = 0; j <= i; j++)
				blkfront_pool_free(&info->rings[j]);
			return ret;
		}
	}
	return 0;
}

/* No request of @ring in flight any more. */
void blkfront_pool_free(struct blkfront_ring *ring)
{
	struct blkfront_info *info = ring->info;
	struct blkfront_pgnt *p;
	unsigned int i;

	for (i = 0; ring->pool && i < info->pool_size; i++) {
		p = &ring->pool[i];
		if (!p->page)
			continue;
		if (p->gref != POOL_NO_REF)
			gnt_end_put_page(p->gref, p->page);
		else
			__free_page(p->page);
	}
	kfree(ring->pool);
	ring->pool = NULL;
	ring->pool_nr_free = 0;
}
