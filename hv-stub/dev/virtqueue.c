// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues (virtio 1.x, 2.7, in the legacy layout: descriptor
 * table, avail ring, then the used ring on the next 4 KiB boundary).
 *
 * hv-stub writes the descriptors and the avail ring, the device writes
 * the used ring; nothing the device writes is trusted.  Every used entry
 * must name a head that is in flight, and the used index may not run
 * ahead of what was made available: otherwise the queue is marked broken
 * and yields nothing more, and the driver resets the device and takes
 * its requests back with virtqueue_detach().
 *
 * Free descriptors are kept as a list through their next fields, which
 * is also how a chain is linked: taking n descriptors off the list is
 * the chain, in order.  With VIRTIO_RING_F_INDIRECT_DESC, a request of
 * several buffers takes one ring descriptor pointing at the indirect
 * table owned by that head; then only heads that own a table are on the
 * free list.
 *
 * Callers run with interrupts off (hypercalls, the device interrupt, the
 * idle loop), so nothing here needs a lock.
 */
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/virtio.h>

#define VQ_ALIGN(x)	(((x) + VRING_LEGACY_ALIGN - 1) & \
			 ~(VRING_LEGACY_ALIGN - 1))

static unsigned int used_offset(u16 size)
{
	return VQ_ALIGN(sizeof(struct vring_desc) * size +
			sizeof(u16) * (3 + size));
}

unsigned int vring_bytes(u16 size)
{
	return used_offset(size) + VQ_ALIGN(sizeof(u16) * 3 +
					   sizeof(struct vring_used_elem) * size);
}

static void free_list_init(struct virtqueue *vq)
{
	u16 n = vq->nr_indirect ? vq->nr_indirect : vq->size, i;

	for (i = 0; i < n; i++)
		vq->desc[i].next = i + 1 < n ? i + 1 : 0;
	vq->free_head = 0;
	vq->num_free = n;
}

static int vring_alloc(struct virtqueue *vq, u16 size, u16 nr_indirect,
		       u16 indirect_len)
{
	u64 i;

	vq->ring_frames = vring_bytes(size) / PAGE_SIZE;
	vq->ring_mfn = alloc_frames(vq->ring_frames);
	if (vq->ring_mfn == INVALID_MFN)
		return -ENOMEM;
	memset(mfn_to_virt(vq->ring_mfn), 0, vq->ring_frames * PAGE_SIZE);
	vq->heads = hv_alloc(size * sizeof(*vq->heads));
	if (!vq->heads)
		goto free_ring;
	if (!nr_indirect)
		return 0;
	vq->indirect = hv_alloc(nr_indirect * indirect_len *
				sizeof(struct vring_desc));
	if (vq->indirect)
		return 0;
	hv_free(vq->heads, size * sizeof(*vq->heads));
free_ring:
	for (i = 0; i < vq->ring_frames; i++)
		free_frame(vq->ring_mfn + i);
	return -ENOMEM;
}

int vring_init(struct virtqueue *vq, struct virtio_dev *vdev, u16 index,
	       u16 size, u16 nr_indirect, u16 indirect_len)
{
	u8 *ring;
	int rc;

	if (!size || (size & (size - 1)) || size > 32768)
		return -EINVAL;
	if (!indirect_len)
		nr_indirect = 0;
	nr_indirect = min(nr_indirect, size);
	memset(vq, 0, sizeof(*vq));
	rc = vring_alloc(vq, size, nr_indirect, indirect_len);
	if (rc)
		return rc;
	ring = mfn_to_virt(vq->ring_mfn);
	vq->vdev = vdev;
	vq->index = index;
	vq->size = size;
	vq->desc = (struct vring_desc *)ring;
	vq->avail = (struct vring_avail *)(ring + sizeof(*vq->desc) * size);
	vq->used = (struct vring_used *)(ring + used_offset(size));
	vq->nr_indirect = nr_indirect;
	vq->indirect_len = nr_indirect ? indirect_len : 0;
	free_list_init(vq);
	return 0;
}

/* Give the memory back; the device must have been reset. */
void vring_free(struct virtqueue *vq)
{
	u64 i;

	for (i = 0; i < vq->ring_frames; i++)
		free_frame(vq->ring_mfn + i);
	hv_free(vq->heads, vq->size * sizeof(*vq->heads));
	hv_free(vq->indirect, vq->nr_indirect * vq->indirect_len *
		sizeof(struct vring_desc));
	memset(vq, 0, sizeof(*vq));
}

unsigned int virtqueue_max_bufs(const struct virtqueue *vq)
{
	return vq->nr_indirect ? vq->indirect_len : vq->size;
}

static void set_desc(struct vring_desc *d, const struct virtq_buf *b,
		     bool more)
{
	d->addr = b->maddr;
	d->len = b->len;
	d->flags = (b->dev_writes ? VRING_DESC_F_WRITE : 0) |
		   (more ? VRING_DESC_F_NEXT : 0);
}

/* One ring descriptor pointing at the head's own indirect table. */
static void add_indirect(struct virtqueue *vq, u16 head,
			 const struct virtq_buf *bufs, unsigned int n)
{
	struct vring_desc *t = vq->indirect + head * vq->indirect_len;
	struct vring_desc *d = &vq->desc[head];
	unsigned int i;

	for (i = 0; i < n; i++) {
		set_desc(&t[i], &bufs[i], i + 1 < n);
		t[i].next = i + 1;
	}
	d->addr = dma_maddr(t);
	d->len = n * sizeof(*t);
	d->flags = VRING_DESC_F_INDIRECT;
	vq->free_head = d->next;
}

static void add_direct(struct virtqueue *vq, const struct virtq_buf *bufs,
		       unsigned int n)
{
	u16 i = vq->free_head;
	unsigned int k;

	for (k = 0; k < n; k++) {
		set_desc(&vq->desc[i], &bufs[k], k + 1 < n);
		i = vq->desc[i].next;
	}
	vq->free_head = i;
}

int virtqueue_add(struct virtqueue *vq, const struct virtq_buf *bufs,
		  unsigned int n, void *token)
{
	bool indirect = vq->nr_indirect && n > 1;
	unsigned int need = indirect ? 1 : n;
	u16 head = vq->free_head;

	if (vq->broken)
		return -EIO;
	if (!n || n > virtqueue_max_bufs(vq))
		return -EINVAL;
	if (vq->num_free < need)
		return -EBUSY;
	if (indirect)
		add_indirect(vq, head, bufs, n);
	else
		add_direct(vq, bufs, n);
	vq->num_free -= need;
	vq->heads[head].token = token;
	vq->heads[head].ndesc = need;
	vq->in_flight++;
	vq->avail->ring[vq->avail_idx & (vq->size - 1)] = head;
	virtio_wmb();		/* the entry before the index that shows it */
	WRITE_ONCE(vq->avail->idx, ++vq->avail_idx);
	return 0;
}

void virtqueue_kick(struct virtqueue *vq)
{
	virtio_mb();		/* avail->idx visible before we read flags */
	if (!(READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY))
		virtio_notify(vq->vdev, vq->index);
}

static void free_chain(struct virtqueue *vq, u16 head)
{
	u16 i = head, n = vq->heads[head].ndesc;

	while (--n)
		i = vq->desc[i].next;
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += vq->heads[head].ndesc;
	vq->heads[head].token = NULL;
	vq->in_flight--;
}

static void vq_broken(struct virtqueue *vq, const char *why, u32 val)
{
	vq->broken = why;
	pr_err("%s: queue %u: %s (%u; used %u, in flight %u): device broken\n",
	       vq->vdev->name, vq->index, why, val, vq->last_used,
	       vq->in_flight);
}

void *virtqueue_get(struct virtqueue *vq, u32 *len)
{
	u16 used_idx, pos;
	void *token;
	u32 id;

	if (vq->broken)
		return NULL;
	used_idx = READ_ONCE(vq->used->idx);
	if (used_idx == vq->last_used)
		return NULL;
	if ((u16)(used_idx - vq->last_used) > vq->in_flight) {
		vq_broken(vq, "used index jumped", used_idx);
		return NULL;
	}
	virtio_rmb();		/* the index before the entries it covers */
	pos = vq->last_used & (vq->size - 1);
	id = READ_ONCE(vq->used->ring[pos].id);
	if (id >= vq->size || !vq->heads[id].token) {
		vq_broken(vq, "completion of a buffer not in flight", id);
		return NULL;
	}
	*len = READ_ONCE(vq->used->ring[pos].len);
	vq->last_used++;
	token = vq->heads[id].token;
	free_chain(vq, id);
	return token;
}

void *virtqueue_detach(struct virtqueue *vq)
{
	void *token;
	u16 i;

	for (i = 0; i < vq->size && vq->in_flight; i++) {
		token = vq->heads[i].token;
		if (token) {
			free_chain(vq, i);
			return token;
		}
	}
	return NULL;
}
