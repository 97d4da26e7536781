// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration space and the device scan.
 *
 * Configuration mechanism #1: the dword address (enable bit, bus, slot,
 * function, register) goes to port 0xcf8, the data is read or written at
 * 0xcfc plus the byte offset within the dword.  hv-stub is uniprocessor
 * and never preempted in hypervisor mode, so the two-step access needs no
 * lock.
 *
 * pci_scan() walks bus 0 and every bus behind a PCI-to-PCI bridge once,
 * all eight functions of multi-function devices, and records what it
 * finds in pci_devs[] in scan order (bus, then slot, then function).
 * That order is what names disks: the first virtio-blk found is disk 0.
 * BAR addresses are left as the firmware assigned them.
 */
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/pci.h>
#include <hv/x86.h>

#define PCI_CONFIG_ADDRESS	0xcf8
#define PCI_CONFIG_DATA		0xcfc
#define PCI_MAX_BUS		256

/* written by pci_scan() at boot only */
static struct pci_dev pci_devs[PCI_MAX_DEVS];
static unsigned int nr_pci_devs;
static bool pci_scanned;
static u8 bus_seen[PCI_MAX_BUS / 8];

static void pci_select(u8 bus, u8 slot, u8 func, unsigned int reg)
{
	port_out32(PCI_CONFIG_ADDRESS, 0x80000000u | (u32)bus << 16 |
		   (u32)slot << 11 | (u32)func << 8 | (reg & 0xfc));
}

static u32 conf_read32(u8 bus, u8 slot, u8 func, unsigned int reg)
{
	pci_select(bus, slot, func, reg);
	return ioport_read32(PCI_CONFIG_DATA);
}

u8 pci_read8(const struct pci_dev *pdev, unsigned int reg)
{
	pci_select(pdev->bus, pdev->slot, pdev->func, reg);
	return port_in8(PCI_CONFIG_DATA + (reg & 3));
}

u16 pci_read16(const struct pci_dev *pdev, unsigned int reg)
{
	pci_select(pdev->bus, pdev->slot, pdev->func, reg);
	return ioport_read16(PCI_CONFIG_DATA + (reg & 2));
}

u32 pci_read32(const struct pci_dev *pdev, unsigned int reg)
{
	return conf_read32(pdev->bus, pdev->slot, pdev->func, reg);
}

void pci_write8(const struct pci_dev *pdev, unsigned int reg, u8 val)
{
	pci_select(pdev->bus, pdev->slot, pdev->func, reg);
	port_out8(PCI_CONFIG_DATA + (reg & 3), val);
}

void pci_write16(const struct pci_dev *pdev, unsigned int reg, u16 val)
{
	pci_select(pdev->bus, pdev->slot, pdev->func, reg);
	ioport_write16(PCI_CONFIG_DATA + (reg & 2), val);
}

void pci_write32(const struct pci_dev *pdev, unsigned int reg, u32 val)
{
	pci_select(pdev->bus, pdev->slot, pdev->func, reg);
	port_out32(PCI_CONFIG_DATA, val);
}

/*
 * Size a BAR the usual way: write all ones, read back which address bits
 * stick.  Decoding is off meanwhile so the probe address never decodes.
 */
static u32 bar_probe(const struct pci_dev *pdev, unsigned int reg)
{
	u32 old = pci_read32(pdev, reg), mask;

	pci_write32(pdev, reg, ~0u);
	mask = pci_read32(pdev, reg);
	pci_write32(pdev, reg, old);
	return mask;
}

int pci_bar(const struct pci_dev *pdev, unsigned int n, struct pci_bar *bar)
{
	unsigned int reg = PCI_BAR0 + 4 * n;
	u16 cmd = pci_read16(pdev, PCI_COMMAND);
	u32 lo = pci_read32(pdev, reg);
	u64 mask;

	if (pdev->hdr_type != 0 || n > 5)
		return -ENOENT;
	bar->io = lo & 1;
	bar->is64 = !bar->io && ((lo >> 1) & 3) == 2 && n < 5;
	pci_write16(pdev, PCI_COMMAND,
		    cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	mask = bar_probe(pdev, reg);
	bar->base = lo & (bar->io ? ~3u : ~15u);
	if (bar->is64) {
		bar->base |= (u64)pci_read32(pdev, reg + 4) << 32;
		mask |= (u64)bar_probe(pdev, reg + 4) << 32;
	} else {
		mask |= bar->io ? 0xffffffffffff0000ull : 0xffffffff00000000ull;
	}
	pci_write16(pdev, PCI_COMMAND, cmd);
	mask &= bar->io ? ~3ull : ~15ull;
	bar->size = mask ? ~mask + 1 : 0;
	return bar->size ? 0 : -ENOENT;
}

void pci_enable(const struct pci_dev *pdev, u16 bits)
{
	pci_write16(pdev, PCI_COMMAND, pci_read16(pdev, PCI_COMMAND) | bits);
}

unsigned int pci_find_cap(const struct pci_dev *pdev, u8 id)
{
	unsigned int pos, n;

	if (!(pci_read16(pdev, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = pci_read8(pdev, PCI_CAPABILITY_LIST) & ~3u;
	/* 48 capabilities fill the space: a longer list is a loop */
	for (n = 0; pos >= 0x40 && n < 48; n++) {
		if (pci_read8(pdev, pos) == id)
			return pos;
		pos = pci_read8(pdev, pos + 1) & ~3u;
	}
	return 0;
}

struct pci_dev *pci_find(u16 vendor, u16 device, struct pci_dev *from)
{
	unsigned int i = from ? from - pci_devs + 1 : 0;

	for (; i < nr_pci_devs; i++)
		if (pci_devs[i].vendor == vendor &&
		    pci_devs[i].device == device)
			return &pci_devs[i];
	return NULL;
}

static void scan_bus(u8 bus);

/* Record one function; returns its header type byte, or 0xff if absent. */
static u8 scan_func(u8 bus, u8 slot, u8 func)
{
	u32 id = conf_read32(bus, slot, func, PCI_VENDOR_ID);
	struct pci_dev *pdev;
	u8 hdr;

	if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
		return 0xff;
	hdr = conf_read32(bus, slot, func, PCI_HEADER_TYPE & ~3) >> 16;
	if (nr_pci_devs == PCI_MAX_DEVS) {
		pr_warn("pci: more than %u devices, %02x:%02x.%u ignored\n",
			PCI_MAX_DEVS, bus, slot, func);
		return hdr;
	}
	pdev = &pci_devs[nr_pci_devs++];
	*pdev = (struct pci_dev) {
		.bus = bus, .slot = slot, .func = func,
		.hdr_type = hdr & 0x7f,
		.vendor = id & 0xffff, .device = id >> 16,
	};
	pdev->class = pci_read32(pdev, PCI_CLASS_REVISION) >> 8;
	if (pdev->hdr_type == 0) {
		pdev->subsys_vendor = pci_read16(pdev, PCI_SUBSYSTEM_VENDOR_ID);
		pdev->subsys_id = pci_read16(pdev, PCI_SUBSYSTEM_ID);
	}
	pr_debug("pci: %02x:%02x.%u %04x:%04x class %06x\n", bus, slot, func,
		 pdev->vendor, pdev->device, pdev->class);
	if (pdev->hdr_type == 1)
		scan_bus(pci_read8(pdev, PCI_SECONDARY_BUS));
	return hdr;
}

static void scan_bus(u8 bus)
{
	unsigned int slot, func;

	if (bus_seen[bus / 8] & (1u << (bus % 8)))
		return;
	bus_seen[bus / 8] |= 1u << (bus % 8);
	for (slot = 0; slot < 32; slot++) {
		u8 hdr = scan_func(bus, slot, 0);

		if (hdr == 0xff || !(hdr & 0x80))
			continue;
		for (func = 1; func < 8; func++)
			scan_func(bus, slot, func);
	}
}

void pci_scan(void)
{
	if (pci_scanned)
		return;
	pci_scanned = true;
	scan_bus(0);
	pr_debug("pci: %u functions\n", nr_pci_devs);
}
