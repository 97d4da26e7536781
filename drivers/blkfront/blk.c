// SPDX-License-Identifier: GPL-2.0
/*
 * blkfront's block layer side: one blk-mq hardware queue per ring, the
 * gendisk /dev/xvd<letters> (major 202, BLKFRONT_MINORS minors a disk),
 * and the queue limits that keep every request expressible in blkif:
 *
 *  - a segment never crosses a page and is 512-byte aligned, so each
 *    scatterlist entry is one blkif segment (first_sect..last_sect);
 *  - at most max_segs segments: 11, or what indirect descriptors allow;
 *  - sector numbers in 512-byte units whatever the logical block size.
 *
 * Cache: with feature-flush-cache the disk has a write cache flushed by
 * BLKIF_OP_FLUSH_DISKCACHE; FUA is left to the block layer, which turns
 * it into a flush after the write.  With only feature-barrier the flush
 * is a BLKIF_OP_WRITE_BARRIER.  Without either the disk has no cache.
 * A flush or discard the back end refuses (EOPNOTSUPP) turns the feature
 * off for good.
 */
#include <linux/hdreg.h>
#include <linux/module.h>
#include "blkfront.h"

static blk_status_t blkfront_queue_rq(struct blk_mq_hw_ctx *hctx,
				      const struct blk_mq_queue_data *bd)
{
	return blkfront_ring_queue(hctx->driver_data, bd->rq);
}

static void blkfront_complete(struct request *rq)
{
	struct blkfront_req *r = blk_mq_rq_to_pdu(rq);

	blk_mq_end_request(rq, r->status);
}

static int blkfront_init_hctx(struct blk_mq_hw_ctx *hctx, void *data,
			      unsigned int index)
{
	struct blkfront_info *info = data;

	hctx->driver_data = &info->rings[index];
	return 0;
}

static const struct blk_mq_ops blkfront_mq_ops = {
	.queue_rq	= blkfront_queue_rq,
	.complete	= blkfront_complete,
	.init_hctx	= blkfront_init_hctx,
};

static int blkfront_getgeo(struct block_device *bdev, struct hd_geometry *g)
{
	sector_t cylinders = get_capacity(bdev->bd_disk) / (255 * 63);

	g->heads = 255;
	g->sectors = 63;
	g->cylinders = cylinders > 0xffff ? 0xffff : cylinders;
	return 0;
}

static const struct block_device_operations blkfront_fops = {
	.owner		= THIS_MODULE,
	.getgeo		= blkfront_getgeo,
};

/* "a".."z", "aa".."zz", ... as the other disk drivers name disks. */
static void blkfront_disk_name(char *buf, size_t size, unsigned int index,
			       unsigned int part)
{
	char letters[8];
	unsigned int n = 0, i = index + 1;
	int len;

	while (i && n < sizeof(letters)) {
		i--;
		letters[n++] = 'a' + i % 26;
		i /= 26;
	}
	len = scnprintf(buf, size, "xvd");
	while (n)
		len += scnprintf(buf + len, size - len, "%c", letters[--n]);
	if (part)
		scnprintf(buf + len, size - len, "%u", part);
}

static void blkfront_set_cache(struct blkfront_info *info)
{
	blk_queue_write_cache(info->disk->queue,
			      info->flush || info->barrier, false);
}

static void blkfront_set_limits(struct blkfront_info *info)
{
	struct request_queue *q = info->disk->queue;

	blk_queue_logical_block_size(q, info->sector_size);
	blk_queue_physical_block_size(q, info->phys_sector_size);
	blk_queue_max_hw_sectors(q, info->max_segs * (PAGE_SIZE >> 9));
	blk_queue_max_segments(q, info->max_segs);
	blk_queue_max_segment_size(q, PAGE_SIZE);
	blk_queue_segment_boundary(q, PAGE_SIZE - 1);
	blk_queue_dma_alignment(q, 511);
	blkfront_set_cache(info);
	if (info->discard) {
		q->limits.discard_granularity = info->discard_granularity ?:
						info->phys_sector_size;
		q->limits.discard_alignment = info->discard_alignment;
		blk_queue_max_discard_sectors(q, UINT_MAX >> 9);
		if (info->discard_secure)
			blk_queue_max_secure_erase_sectors(q, UINT_MAX >> 9);
	}
}

static int blkfront_tag_set(struct blkfront_info *info)
{
	struct blk_mq_tag_set *set = &info->tag_set;

	memset(set, 0, sizeof(*set));
	set->ops = &blkfront_mq_ops;
	set->nr_hw_queues = info->nr_rings;
	set->queue_depth = info->ring_size;
	set->numa_node = NUMA_NO_NODE;
	set->flags = BLK_MQ_F_SHOULD_MERGE;
	set->cmd_size = sizeof(struct blkfront_req);
	set->driver_data = info;
	return blk_mq_alloc_tag_set(set);
}

int blkfront_disk_add(struct blkfront_info *info)
{
	struct gendisk *disk;
	int ret;

	ret = blkfront_tag_set(info);
	if (ret)
		return ret;
	disk = blk_mq_alloc_disk(&info->tag_set, info);
	if (IS_ERR(disk)) {
		blk_mq_free_tag_set(&info->tag_set);
		return PTR_ERR(disk);
	}
	info->disk = disk;
	disk->major = BLKFRONT_MAJOR;
	disk->first_minor = info->first_minor;
	disk->minors = info->minors;
	disk->fops = &blkfront_fops;
	disk->private_data = info;
	blkfront_disk_name(disk->disk_name, sizeof(disk->disk_name),
			   info->disk_index, info->part);
	if (info->vdisk_info & VDISK_REMOVABLE)
		disk->flags |= GENHD_FL_REMOVABLE;
	blkfront_set_limits(info);
	set_capacity(disk, info->sectors);
	set_disk_ro(disk, info->ro);

	ret = device_add_disk(&info->xd->dev, disk, NULL);
	if (ret) {
		put_disk(disk);
		info->disk = NULL;
		blk_mq_free_tag_set(&info->tag_set);
	}
	return ret;
}

void blkfront_disk_remove(struct blkfront_info *info)
{
	if (!info->disk)
		return;
	del_gendisk(info->disk);
	put_disk(info->disk);
	info->disk = NULL;
	blk_mq_free_tag_set(&info->tag_set);
}

void blkfront_disk_resize(struct blkfront_info *info)
{
	if (info->disk && set_capacity_and_notify(info->disk, info->sectors))
		dev_info(&info->xd->dev, "%s: now %llu sectors\n",
			 info->disk->disk_name, info->sectors);
}

void blkfront_restart_queues(struct blkfront_info *info)
{
	struct gendisk *disk = READ_ONCE(info->disk);

	if (disk)
		blk_mq_start_stopped_hw_queues(disk->queue, true);
}

void blkfront_flush_failed(struct blkfront_info *info)
{
	if (!info->flush && !info->barrier)
		return;
	dev_warn(&info->xd->dev, "back end refused a flush; cache off\n");
	info->flush = false;
	info->barrier = false;
	if (info->disk)
		blkfront_set_cache(info);
}

void blkfront_discard_failed(struct blkfront_info *info)
{
	if (!info->discard)
		return;
	dev_warn(&info->xd->dev, "back end refused a discard; discard off\n");
	info->discard = false;
	if (info->disk)
		blk_queue_max_discard_sectors(info->disk->queue, 0);
}

int __init blkfront_blk_init(void)
{
	int ret = register_blkdev(BLKFRONT_MAJOR, "xvd");

	if (ret)
		pr_err("blkfront: cannot register major %d: %d\n",
		       BLKFRONT_MAJOR, ret);
	return ret;
}
