/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio core of hv-stub (hv-stub/dev/): the legacy virtio-pci
 * transport (virtio_pci.c) and split virtqueues (virtqueue.c), shared by
 * the device drivers (virtio_blk.c, later virtio-net).
 *
 * Ring layouts, feature bits and register offsets are the virtio 1.x
 * specification's "legacy interface" ones; legacy devices are always
 * little-endian on x86, so nothing here swaps bytes.  Ring memory is
 * hv-stub's own (direct-map pages); buffers are machine addresses.
 */
#ifndef HV_VIRTIO_H
#define HV_VIRTIO_H

#include <hv/layout.h>
#include <hv/pci.h>
#include <hv/types.h>

#define VIRTIO_PCI_VENDOR	0x1af4

/* device status */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER	0x02
#define VIRTIO_STATUS_DRIVER_OK	0x04
#define VIRTIO_STATUS_FAILED	0x80

/* transport and ring feature bits (the legacy interface has 32) */
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX	29

/* split ring, as laid out in guest (here: machine) memory */
#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2
#define VRING_DESC_F_INDIRECT	4
#define VRING_USED_F_NO_NOTIFY	1
#define VRING_LEGACY_ALIGN	4096

struct vring_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_avail {		/* written by hv-stub */
	u16 flags;
	u16 idx;
	u16 ring[];
};

struct vring_used_elem {
	u32 id;
	u32 len;
};

struct vring_used {		/* written by the device */
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];
};

/*
 * x86 keeps stores in order and loads in order, so only the compiler
 * must be stopped; a store followed by a load of another location (the
 * avail index, then the device's NO_NOTIFY flag) needs a real fence.
 */
static inline void virtio_wmb(void)
{
	asm volatile("" : : : "memory");
}

static inline void virtio_rmb(void)
{
	asm volatile("" : : : "memory");
}

static inline void virtio_mb(void)
{
	asm volatile("mfence" : : : "memory");
}

/* hv-stub memory (direct map) as a DMA address */
static inline u64 dma_maddr(const void *va)
{
	return (u64)va - DIRECTMAP_VIRT_START;
}

struct virtio_dev {
	struct pci_dev *pdev;
	const char *name;	/* for messages: "blk0" */
	u16 iobase;		/* legacy header, BAR0 */
	u16 cfg;		/* device-specific config: moves with MSI-X */
	u32 features;		/* negotiated */
	bool msix;
};

/* One buffer of a request: device-readable, or device-writable. */
struct virtq_buf {
	u64 maddr;
	u32 len;
	bool dev_writes;
};

struct vq_head {
	void *token;		/* the driver's, NULL while the head is free */
	u16 ndesc;		/* ring descriptors the chain holds */
};

struct virtqueue {
	struct virtio_dev *vdev;
	u16 index;
	u16 size;		/* power of two, from the device */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	u64 ring_mfn;
	unsigned int ring_frames;
	struct vq_head *heads;	/* by head descriptor */
	/* indirect tables, one per head 0..nr_indirect-1, when negotiated */
	struct vring_desc *indirect;
	u16 nr_indirect;
	u16 indirect_len;	/* descriptors per table */
	u16 free_head;
	u16 num_free;
	u16 avail_idx;		/* next avail->idx */
	u16 last_used;		/* used entries consumed */
	unsigned int in_flight;
	const char *broken;	/* why the device was caught misbehaving */
};

/* virtio_pci.c: the legacy transport through the I/O BAR */
int virtio_pci_probe(struct virtio_dev *vdev, struct pci_dev *pdev,
		     const char *name);
u32 virtio_negotiate(struct virtio_dev *vdev, u32 wanted);
static inline bool virtio_has(const struct virtio_dev *vdev, unsigned int bit)
{
	return vdev->features & (1u << bit);
}

u8 virtio_cfg_read8(struct virtio_dev *vdev, unsigned int off);
u16 virtio_cfg_read16(struct virtio_dev *vdev, unsigned int off);
u32 virtio_cfg_read32(struct virtio_dev *vdev, unsigned int off);
u64 virtio_cfg_read64(struct virtio_dev *vdev, unsigned int off);
/* Allocate queue @index's rings (with @nr_indirect tables of @len). */
int virtio_vq_setup(struct virtio_dev *vdev, struct virtqueue *vq,
		    u16 index, u16 nr_indirect, u16 len);
/* Route the queue's interrupts to @handler; returns the vector. */
int virtio_vq_irq(struct virtio_dev *vdev, struct virtqueue *vq,
		  void (*handler)(void *arg), void *arg);
void virtio_driver_ok(struct virtio_dev *vdev);
void virtio_reset(struct virtio_dev *vdev);
void virtio_notify(struct virtio_dev *vdev, u16 index);

/* virtqueue.c: split rings, transport independent */
unsigned int vring_bytes(u16 size);
int vring_init(struct virtqueue *vq, struct virtio_dev *vdev, u16 index,
	       u16 size, u16 nr_indirect, u16 indirect_len);
void vring_free(struct virtqueue *vq);
/* 0, -EBUSY (no room now), -EINVAL (never fits) or -EIO (broken) */
int virtqueue_add(struct virtqueue *vq, const struct virtq_buf *bufs,
		  unsigned int n, void *token);
void virtqueue_kick(struct virtqueue *vq);
/* The next completed token (and bytes written), or NULL. */
void *virtqueue_get(struct virtqueue *vq, u32 *len);
/* After a device reset: take back an outstanding token, NULL if none. */
void *virtqueue_detach(struct virtqueue *vq);
/* Largest chain virtqueue_add() takes. */
unsigned int virtqueue_max_bufs(const struct virtqueue *vq);

#endif
