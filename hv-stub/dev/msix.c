// SPDX-License-Identifier: GPL-2.0
/*
 * MSI-X: device interrupts as memory writes to the boot CPU's LAPIC.
 *
 * hv-stub has no IOAPIC driver; every device interrupt it takes is an
 * MSI-X message.  Each bound table entry gets a vector of its own from
 * DEV_VECTOR_FIRST up (fixed delivery, edge triggered, physical
 * destination: the LAPIC ID of the CPU hv-stub runs on), so do_trap()
 * can dispatch by vector without asking devices.  Vectors are handed
 * out at boot and never freed.  dev_self_interrupt() raises one of them
 * on this CPU with a self-IPI, for work that must run in interrupt
 * context but is found elsewhere.
 *
 * The MSI-X table lives in a memory BAR; hv-stub reaches it through the
 * direct map, so it must sit below 4 GiB.
 */
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/pci.h>

#define MSIX_FLAGS		2	/* message control, from the capability */
#define MSIX_FLAGS_QSIZE	0x07ff
#define MSIX_FLAGS_MASKALL	0x4000
#define MSIX_FLAGS_ENABLE	0x8000
#define MSIX_TABLE		4	/* BIR in bits 2:0, offset above */
#define MSIX_ENTRY_SIZE		16
#define MSIX_ENTRY_ADDR_LO	0
#define MSIX_ENTRY_ADDR_HI	4
#define MSIX_ENTRY_DATA		8
#define MSIX_ENTRY_CTRL		12
#define MSIX_ENTRY_MASKED	1

#define LAPIC_BASE		0xfee00000ull
#define LAPIC_ID		0x020
#define LAPIC_ICR_LO		0x300
#define LAPIC_ICR_SELF		(1u << 18)	/* destination shorthand */

struct dev_irq {
	void (*handler)(void *arg);
	void *arg;
};

/* filled at boot by pci_msix_bind(), read by dev_interrupt() */
static struct dev_irq dev_irqs[DEV_NR_VECTORS];
static unsigned int nr_dev_irqs;

static void msix_write(struct pci_dev *pdev, unsigned int entry,
		       unsigned int reg, u32 val)
{
	u32 *p = (u32 *)(pdev->msix_table + entry * MSIX_ENTRY_SIZE + reg);

	WRITE_ONCE(*p, val);
}

static u32 boot_apic_id(void)
{
	return READ_ONCE(*(u32 *)maddr_to_virt(LAPIC_BASE + LAPIC_ID)) >> 24;
}

/* Where the table is: a memory BAR the direct map covers. */
static int msix_table_maddr(struct pci_dev *pdev, unsigned int cap,
			    unsigned int entries, u64 *maddr)
{
	u32 tbl = pci_read32(pdev, cap + MSIX_TABLE);
	struct pci_bar bar;
	u64 off = tbl & ~7u;

	if (pci_bar(pdev, tbl & 7, &bar) || bar.io)
		return -ENODEV;
	if (off + entries * MSIX_ENTRY_SIZE > bar.size ||
	    bar.base + bar.size > (u64)HV_BOOT_MAP_GIB << 30)
		return -ERANGE;
	*maddr = bar.base + off;
	return 0;
}

int pci_msix_enable(struct pci_dev *pdev)
{
	unsigned int cap = pci_find_cap(pdev, PCI_CAP_ID_MSIX), i;
	u16 flags;
	u64 maddr;
	int rc;

	if (!cap)
		return -ENODEV;
	flags = pci_read16(pdev, cap + MSIX_FLAGS);
	pdev->msix_entries = (flags & MSIX_FLAGS_QSIZE) + 1;
	rc = msix_table_maddr(pdev, cap, pdev->msix_entries, &maddr);
	if (rc)
		return rc;
	pdev->msix_table = maddr_to_virt(maddr);
	pdev->msix_cap = cap;
	pci_enable(pdev, PCI_COMMAND_MEMORY | PCI_COMMAND_INTX_DISABLE);
	pci_write16(pdev, cap + MSIX_FLAGS,
		    flags | MSIX_FLAGS_ENABLE | MSIX_FLAGS_MASKALL);
	for (i = 0; i < pdev->msix_entries; i++)
		msix_write(pdev, i, MSIX_ENTRY_CTRL, MSIX_ENTRY_MASKED);
	pci_write16(pdev, cap + MSIX_FLAGS, flags | MSIX_FLAGS_ENABLE);
	return 0;
}

int pci_msix_bind(struct pci_dev *pdev, unsigned int entry,
		  void (*handler)(void *arg), void *arg)
{
	unsigned int vector = DEV_VECTOR_FIRST + nr_dev_irqs;

	if (!pdev->msix_cap || entry >= pdev->msix_entries)
		return -EINVAL;
	if (nr_dev_irqs == DEV_NR_VECTORS)
		return -ENOSPC;
	dev_irqs[nr_dev_irqs++] = (struct dev_irq){ handler, arg };
	msix_write(pdev, entry, MSIX_ENTRY_ADDR_LO,
		   LAPIC_BASE | boot_apic_id() << 12);
	msix_write(pdev, entry, MSIX_ENTRY_ADDR_HI, 0);
	msix_write(pdev, entry, MSIX_ENTRY_DATA, vector);
	msix_write(pdev, entry, MSIX_ENTRY_CTRL, 0);
	return vector;
}

/* From do_trap(), interrupts off, the LAPIC already EOI'd. */
void dev_interrupt(unsigned int vector)
{
	unsigned int i = vector - DEV_VECTOR_FIRST;

	if (vector < DEV_VECTOR_FIRST || i >= nr_dev_irqs)
		return;		/* stray: nothing bound to it */
	dev_irqs[i].handler(dev_irqs[i].arg);
}

void dev_self_interrupt(unsigned int vector)
{
	WRITE_ONCE(*(u32 *)maddr_to_virt(LAPIC_BASE + LAPIC_ICR_LO),
		   LAPIC_ICR_SELF | vector);
}
