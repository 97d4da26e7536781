// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-pci transport, legacy interface (virtio 1.x, 4.1.4.8).
 *
 * Why legacy: QEMU's virtio devices on -M pc (a conventional PCI bus)
 * are transitional, offering both interfaces.  The legacy one is a
 * single I/O BAR (BAR0) of fixed registers, so the whole transport is a
 * handful of port accesses, needs no mapping of the modern capability
 * BARs (which SeaBIOS may place above the 4 GiB the direct map covers),
 * and its 32 feature bits hold everything hv-stub negotiates.  The cost:
 * no VIRTIO_F_VERSION_1 features, and a queue size fixed by the device.
 *
 * Legacy header (BAR0): 0 device features, 4 driver features, 8 queue
 * PFN, 12 queue size, 14 queue select, 16 queue notify, 18 status, 19 ISR;
 * with MSI-X enabled 20 config vector and 22 queue vector follow, and the
 * device-specific configuration moves from 20 to 24.  So MSI-X is enabled
 * in the PCI capability before the configuration is read.
 *
 * Interrupts: MSI-X only (table entry 0 for queue 0, bound to its own
 * LAPIC vector); hv-stub has no IOAPIC driver, so a device without MSI-X
 * is driven by polling alone.  Configuration-change interrupts are off.
 */
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/virtio.h>
#include <hv/x86.h>

#define VIRTIO_PCI_HOST_FEATURES	0
#define VIRTIO_PCI_GUEST_FEATURES	4
#define VIRTIO_PCI_QUEUE_PFN		8
#define VIRTIO_PCI_QUEUE_NUM		12
#define VIRTIO_PCI_QUEUE_SEL		14
#define VIRTIO_PCI_QUEUE_NOTIFY		16
#define VIRTIO_PCI_STATUS		18
#define VIRTIO_MSI_CONFIG_VECTOR	20
#define VIRTIO_MSI_QUEUE_VECTOR		22
#define VIRTIO_PCI_CONFIG		20
#define VIRTIO_PCI_CONFIG_MSIX		24
#define VIRTIO_MSI_NO_VECTOR		0xffff

static void set_status(struct virtio_dev *vdev, u8 bits)
{
	u16 port = vdev->iobase + VIRTIO_PCI_STATUS;

	port_out8(port, port_in8(port) | bits);
}

void virtio_reset(struct virtio_dev *vdev)
{
	unsigned int tries = 1000000;

	port_out8(vdev->iobase + VIRTIO_PCI_STATUS, 0);
	/* a legacy reset is done when status reads back 0 */
	while (port_in8(vdev->iobase + VIRTIO_PCI_STATUS) && --tries)
		;
	if (!tries)
		pr_err("%s: the device does not reset\n", vdev->name);
}

void virtio_driver_ok(struct virtio_dev *vdev)
{
	set_status(vdev, VIRTIO_STATUS_DRIVER_OK);
}

void virtio_notify(struct virtio_dev *vdev, u16 index)
{
	ioport_write16(vdev->iobase + VIRTIO_PCI_QUEUE_NOTIFY, index);
}

int virtio_pci_probe(struct virtio_dev *vdev, struct pci_dev *pdev,
		     const char *name)
{
	struct pci_bar bar;

	memset(vdev, 0, sizeof(*vdev));
	vdev->pdev = pdev;
	vdev->name = name;
	if (pci_bar(pdev, 0, &bar) || !bar.io || bar.size < 24) {
		pr_warn("%s: pci %02x:%02x.%u has no legacy I/O BAR\n", name,
			pdev->bus, pdev->slot, pdev->func);
		return -ENODEV;
	}
	vdev->iobase = bar.base;
	pci_enable(pdev, PCI_COMMAND_IO | PCI_COMMAND_MASTER |
		   PCI_COMMAND_INTX_DISABLE);
	virtio_reset(vdev);
	set_status(vdev, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	vdev->msix = !pci_msix_enable(pdev);
	vdev->cfg = vdev->msix ? VIRTIO_PCI_CONFIG_MSIX : VIRTIO_PCI_CONFIG;
	if (vdev->msix)
		ioport_write16(vdev->iobase + VIRTIO_MSI_CONFIG_VECTOR,
			       VIRTIO_MSI_NO_VECTOR);
	return 0;
}

u32 virtio_negotiate(struct virtio_dev *vdev, u32 wanted)
{
	u32 host = ioport_read32(vdev->iobase + VIRTIO_PCI_HOST_FEATURES);

	vdev->features = host & wanted;
	port_out32(vdev->iobase + VIRTIO_PCI_GUEST_FEATURES, vdev->features);
	return vdev->features;
}

u8 virtio_cfg_read8(struct virtio_dev *vdev, unsigned int off)
{
	return port_in8(vdev->iobase + vdev->cfg + off);
}

u16 virtio_cfg_read16(struct virtio_dev *vdev, unsigned int off)
{
	return ioport_read16(vdev->iobase + vdev->cfg + off);
}

u32 virtio_cfg_read32(struct virtio_dev *vdev, unsigned int off)
{
	return ioport_read32(vdev->iobase + vdev->cfg + off);
}

/* Two halves: read until the high half is stable around the low one. */
u64 virtio_cfg_read64(struct virtio_dev *vdev, unsigned int off)
{
	u32 hi, lo;

	do {
		hi = virtio_cfg_read32(vdev, off + 4);
		lo = virtio_cfg_read32(vdev, off);
	} while (hi != virtio_cfg_read32(vdev, off + 4));
	return (u64)hi << 32 | lo;
}

int virtio_vq_setup(struct virtio_dev *vdev, struct virtqueue *vq,
		    u16 index, u16 nr_indirect, u16 len)
{
	u16 size;
	int rc;

	ioport_write16(vdev->iobase + VIRTIO_PCI_QUEUE_SEL, index);
	size = ioport_read16(vdev->iobase + VIRTIO_PCI_QUEUE_NUM);
	if (!size)
		return -ENOENT;
	if (ioport_read32(vdev->iobase + VIRTIO_PCI_QUEUE_PFN))
		return -EBUSY;
	if (!virtio_has(vdev, VIRTIO_RING_F_INDIRECT_DESC))
		nr_indirect = 0;
	rc = vring_init(vq, vdev, index, size, nr_indirect, len);
	if (rc)
		return rc;
	port_out32(vdev->iobase + VIRTIO_PCI_QUEUE_PFN, vq->ring_mfn);
	return 0;
}

int virtio_vq_irq(struct virtio_dev *vdev, struct virtqueue *vq,
		  void (*handler)(void *arg), void *arg)
{
	u16 entry = vq->index, back;
	int vector;

	if (!vdev->msix)
		return -ENODEV;
	vector = pci_msix_bind(vdev->pdev, entry, handler, arg);
	if (vector < 0)
		return vector;
	ioport_write16(vdev->iobase + VIRTIO_PCI_QUEUE_SEL, vq->index);
	ioport_write16(vdev->iobase + VIRTIO_MSI_QUEUE_VECTOR, entry);
	/* the device answers NO_VECTOR when it could not take the entry */
	back = ioport_read16(vdev->iobase + VIRTIO_MSI_QUEUE_VECTOR);
	return back == entry ? vector : -EBUSY;
}
