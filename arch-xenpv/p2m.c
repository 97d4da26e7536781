// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv pseudo-physical <-> machine frame numbers.
 *
 * A PV guest sees two kinds of frame numbers: the pfns Linux manages
 * (contiguous from 0, "pseudo-physical") and the mfns the hardware page
 * tables must contain.  Two tables translate between them:
 *
 *  - p2m, pfn -> mfn: a flat array.  At first it is the one the domain
 *    builder wrote for us (start_info->mfn_list, nr_pages entries), in the
 *    bootstrap region that start.c keeps memblock-reserved.  Its first
 *    address is an image address (__START_KERNEL_map + pfn * 4K); that
 *    mapping is cut down by cleanup_highmap(), so mmu.c moves us to the
 *    direct-map alias once the direct map exists.  The balloon
 *    (drivers/xenpv/balloon) invalidates and refills entries.
 *
 *  - Extra memory: a domU's XENMEM_memory_map may hold RAM beyond nr_pages,
 *    up to its static maximum.  Those pfns are RAM to Linux (setup.c puts
 *    them in the E820, memblock-reserved, so they get struct pages and
 *    direct-map tables) but have no frame: ballooned out from the start.
 *    Until pagetable_init they have no p2m entries either and translate
 *    as invalid; then xenpv_p2m_extend() moves to an array covering them.
 *    Pfns beyond xenpv_ram_pfns are machine frames (dom0's MMIO).
 *
 *  - M2P, mfn -> pfn: a read-only array the hypervisor maps at a fixed
 *    place in its own part of every address space (XENMEM_machphys_mapping,
 *    default MACH2PHYS_VIRT_START).  It is indexed by any machine frame of
 *    the host, so an entry may belong to another domain or be a hole: every
 *    answer is checked against our p2m, and reads are bounded by the highest
 *    machine frame and fault-tolerant.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/minmax.h>
#include <linux/uaccess.h>
#include <asm/e820/types.h>
#include <asm/page.h>
#include <asm/pgtable_types.h>
#include <asm/xen/interface.h>
#include "xenpv.h"
#include "mmu.h"

/* Set by xenpv_p2m_init(), moved to the direct map, then extended. */
unsigned long *xenpv_p2m __read_mostly;
unsigned long xenpv_p2m_size __read_mostly;
unsigned long xenpv_ram_pfns __ro_after_init;

/* The hypervisor's read-only M2P, and how many entries we may read. */
static const unsigned long *xenpv_m2p __read_mostly =
	(const unsigned long *)MACH2PHYS_VIRT_START;
static unsigned long xenpv_m2p_entries __read_mostly;

/*
 * shared_info is mapped over a .bss page (start.c); that page's p2m entry
 * names shared_info's frame, and the M2P answer is faked, so a pte_val /
 * make_pte round trip (set_memory_*() on the image) keeps the mapping.
 */
static unsigned long shared_mfn __ro_after_init = ~0UL;
static unsigned long shared_pfn __ro_after_init;

/*
 * The end of the RAM in our memory map (hv-stub and xl: one entry up to
 * the static maximum), or 0.  Dom0's pseudo-physical memory is nr_pages:
 * the host's map (XENMEM_machine_memory_map) is not ours to fill.
 */
static unsigned long __init memory_map_end(void)
{
	static struct e820_entry map[E820_MAX_ENTRIES_ZEROPAGE] __initdata;
	struct xen_memory_map mm = { .nr_entries = ARRAY_SIZE(map) };
	unsigned long end = 0;
	unsigned int i;

	set_xen_guest_handle(mm.buffer, map);
	if (xenpv_initial_domain || hv_memory_op(XENMEM_memory_map, &mm))
		return 0;
	for (i = 0; i < mm.nr_entries && i < ARRAY_SIZE(map); i++)
		if (map[i].type == E820_TYPE_RAM)
			end = max(end, (unsigned long)PFN_DOWN(map[i].addr +
							       map[i].size));
	return end;
}

void __init xenpv_p2m_init(void)
{
	struct xen_machphys_mapping map;
	unsigned long entries = MACH2PHYS_NR_ENTRIES, ram;
	long max_mfn;

	xenpv_p2m = (unsigned long *)xenpv_start_info->mfn_list;
	xenpv_p2m_size = xenpv_start_info->nr_pages;
	shared_pfn = PFN_DOWN(__pa(xenpv_shared_info));
	shared_mfn = PFN_DOWN(xenpv_start_info->shared_info);
	xenpv_p2m[shared_pfn] = shared_mfn;
	/* Extra memory costs struct pages: at most XENPV_EXTRA_RATIO times. */
	ram = min3(memory_map_end(), XENPV_MAX_PFNS,
		   xenpv_p2m_size * (XENPV_EXTRA_RATIO + 1));
	xenpv_ram_pfns = max(ram, xenpv_p2m_size);

	if (hv_memory_op(XENMEM_machphys_mapping, &map) == 0) {
		xenpv_m2p = (const unsigned long *)map.v_start;
		entries = min((unsigned long)(map.v_end - map.v_start) /
			      sizeof(unsigned long),
			      (unsigned long)map.max_mfn + 1);
	}
	max_mfn = hv_memory_op(XENMEM_maximum_ram_page, NULL);
	if (max_mfn > 0)
		entries = min(entries, (unsigned long)max_mfn + 1);
	xenpv_m2p_entries = entries;
}

void __init xenpv_p2m_use_direct_map(void)
{
	xenpv_p2m = __va(__pa(xenpv_p2m));
}

/*
 * After init_mem_mapping(): a memblock array for all of xenpv_ram_pfns,
 * the extra pfns invalid; the builder's array is freed.  The boot CPU is
 * alone.
 */
void __init xenpv_p2m_extend(void)
{
	size_t old = xenpv_p2m_size * sizeof(long);
	unsigned long *p2m;

	if (xenpv_ram_pfns == xenpv_p2m_size)
		return;
	p2m = memblock_alloc(xenpv_ram_pfns * sizeof(long), PAGE_SIZE);
	if (!p2m)
		xenpv_die("xenpv: no memory for a p2m of %lu pfns\n",
			  xenpv_ram_pfns);
	memcpy(p2m, xenpv_p2m, old);
	memset((void *)p2m + old, 0xff,
	       xenpv_ram_pfns * sizeof(long) - old);
	memblock_phys_free(__pa(xenpv_p2m), PAGE_ALIGN(old));
	xenpv_p2m = p2m;
	xenpv_p2m_size = xenpv_ram_pfns;
}

unsigned long xenpv_pfn_to_mfn(unsigned long pfn)
{
	if (pfn >= xenpv_p2m_size)
		return XENPV_INVALID_MFN;
	return xenpv_p2m[pfn];
}

unsigned long xenpv_mfn_to_pfn(unsigned long mfn)
{
	unsigned long pfn;

	if (mfn == shared_mfn)
		return shared_pfn;
	if (mfn >= xenpv_m2p_entries)
		return ~0UL;
	/* Holes of the M2P are not mapped: a fault means "not ours". */
	__get_kernel_nofault(&pfn, &xenpv_m2p[mfn], unsigned long, hole);
	if (pfn < xenpv_p2m_size && xenpv_p2m[pfn] == mfn)
		return pfn;
hole:
	return ~0UL;
}

/*
 * The image mapping (__START_KERNEL_map + pfn * 4K, phys_base 0) and the
 * direct map translate with __pa(); anything else (vmalloc, fixmap,
 * cpu_entry_area) is looked up in the kernel page tables, whose entries
 * already hold machine frames.
 */
u64 xenpv_virt_to_machine(const void *va)
{
	unsigned long addr = (unsigned long)va;
	unsigned long offset = addr & ~PAGE_MASK;
	unsigned int level;
	pte_t *ptep;

	if ((addr >= __START_KERNEL_map &&
	     addr < __START_KERNEL_map + KERNEL_IMAGE_SIZE) ||
	    (addr >= PAGE_OFFSET &&
	     addr < PAGE_OFFSET + PFN_PHYS(xenpv_p2m_size))) {
		unsigned long mfn = xenpv_pfn_to_mfn(PFN_DOWN(__pa(addr)));

		return ((u64)mfn << PAGE_SHIFT) | offset;
	}

	ptep = lookup_address(addr, &level);
	if (WARN_ON_ONCE(!ptep || level != PG_LEVEL_4K ||
			 !(native_pte_val(*ptep) & _PAGE_PRESENT)))
		return ~0ULL;
	return (native_pte_val(*ptep) & PTE_PFN_MASK) | offset;
}
