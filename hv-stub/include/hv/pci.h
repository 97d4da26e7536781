/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI devices of the machine (hv-stub/dev/pci.c, dev/msix.c): the
 * configuration space through mechanism #1, the devices found by one scan
 * at boot, their BARs and capabilities, and MSI-X interrupts delivered to
 * the boot CPU's LAPIC on vectors DEV_VECTOR_FIRST and up.
 *
 * The firmware (SeaBIOS) has assigned every BAR; hv-stub keeps those
 * addresses and reaches memory BARs below 4 GiB through the direct map.
 */
#ifndef HV_PCI_H
#define HV_PCI_H

#include <hv/types.h>

#define PCI_MAX_DEVS		64

/* configuration space registers (type 0 and 1 headers) */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_CLASS_REVISION	0x08
#define PCI_HEADER_TYPE		0x0e
#define PCI_BAR0		0x10
#define PCI_SECONDARY_BUS	0x19	/* type 1 (bridge) */
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_CAPABILITY_LIST	0x34

#define PCI_COMMAND_IO		0x1
#define PCI_COMMAND_MEMORY	0x2
#define PCI_COMMAND_MASTER	0x4
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS_CAP_LIST	0x10

#define PCI_CAP_ID_MSIX		0x11

/* device interrupts: one LAPIC vector per bound MSI-X entry */
#define DEV_VECTOR_FIRST	0x40
#define DEV_NR_VECTORS		16
#define DEV_VECTOR_LAST		(DEV_VECTOR_FIRST + DEV_NR_VECTORS - 1)

struct pci_dev {
	u8 bus, slot, func;
	u8 hdr_type;		/* without the multi-function bit */
	u16 vendor, device;
	u16 subsys_vendor, subsys_id;
	u32 class;		/* class << 16 | subclass << 8 | prog-if */
	/* MSI-X, once pci_msix_enable() succeeded */
	u8 msix_cap;
	u16 msix_entries;
	u8 *msix_table;		/* direct-map address of the table */
};

struct pci_bar {
	u64 base;		/* bus (= machine) address or port */
	u64 size;
	bool io;
	bool is64;
};

void pci_scan(void);
/* The next device after @from (NULL: the first) matching vendor/device. */
struct pci_dev *pci_find(u16 vendor, u16 device, struct pci_dev *from);

u8 pci_read8(const struct pci_dev *pdev, unsigned int reg);
u16 pci_read16(const struct pci_dev *pdev, unsigned int reg);
u32 pci_read32(const struct pci_dev *pdev, unsigned int reg);
void pci_write8(const struct pci_dev *pdev, unsigned int reg, u8 val);
void pci_write16(const struct pci_dev *pdev, unsigned int reg, u16 val);
void pci_write32(const struct pci_dev *pdev, unsigned int reg, u32 val);

/* Decode BAR @n; -ENOENT if it is not implemented. */
int pci_bar(const struct pci_dev *pdev, unsigned int n, struct pci_bar *bar);
/* Turn on the COMMAND register bits @bits (I/O, memory, bus master). */
void pci_enable(const struct pci_dev *pdev, u16 bits);
/* Config-space offset of capability @id, 0 if absent. */
unsigned int pci_find_cap(const struct pci_dev *pdev, u8 id);

/*
 * MSI-X: enable the capability with every entry masked, then bind entries
 * one by one; pci_msix_bind() returns the LAPIC vector or -errno.  The
 * handler runs from do_trap() with interrupts off, after the EOI.
 */
int pci_msix_enable(struct pci_dev *pdev);
int pci_msix_bind(struct pci_dev *pdev, unsigned int entry,
		  void (*handler)(void *arg), void *arg);
void dev_interrupt(unsigned int vector);
/* Make @vector pending on this CPU (taken when interrupts are on). */
void dev_self_interrupt(unsigned int vector);

/* Port I/O widths <hv/x86.h> does not have; devices use them. */
static inline u16 ioport_read16(u16 port)
{
	u16 v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 ioport_read32(u16 port)
{
	u32 v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void ioport_write16(u16 port, u16 v)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

#endif
