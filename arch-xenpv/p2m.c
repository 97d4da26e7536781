// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv pseudo-physical <-> machine frame numbers.
 *
 * A PV guest sees two kinds of frame numbers: the pfns Linux manages
 * (contiguous from 0, "pseudo-physical") and the mfns the hardware page
 * tables must contain.  Two tables translate between them:
 *
 *  - p2m, pfn -> mfn: the flat array the domain builder wrote for us
 *    (start_info->mfn_list, nr_pages entries).  This port never changes
 *    the set of frames it owns (no ballooning yet), so the builder's array
 *    is used, unchanged, for the whole run.  It lives in the builder's
 *    bootstrap region, which setup.c keeps memblock-reserved.  Its first
 *    address is an image address (__START_KERNEL_map + pfn * 4K); that
 *    mapping is cut down by cleanup_highmap(), so mmu.c moves us to the
 *    direct-map alias once the direct map exists.
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
#include <linux/minmax.h>
#include <linux/uaccess.h>
#include <asm/page.h>
#include <asm/pgtable_types.h>
#include <asm/xen/interface.h>
#include "xenpv.h"
#include "mmu.h"

/* Written once by xenpv_p2m_init(), moved once to the direct map. */
unsigned long *xenpv_p2m __read_mostly;
unsigned long xenpv_p2m_size __read_mostly;

/* The hypervisor's read-only M2P, and how many entries we may read. */
static const unsigned long *xenpv_m2p __read_mostly =
	(const unsigned long *)MACH2PHYS_VIRT_START;
static unsigned long xenpv_m2p_entries __read_mostly;

void __init xenpv_p2m_init(void)
{
	struct xen_machphys_mapping map;
	unsigned long entries = MACH2PHYS_NR_ENTRIES;
	long max_mfn;

	xenpv_p2m = (unsigned long *)xenpv_start_info->mfn_list;
	xenpv_p2m_size = xenpv_start_info->nr_pages;

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

unsigned long xenpv_pfn_to_mfn(unsigned long pfn)
{
	if (pfn >= xenpv_p2m_size)
		return XENPV_INVALID_MFN;
	return xenpv_p2m[pfn];
}

unsigned long xenpv_mfn_to_pfn(unsigned long mfn)
{
	unsigned long pfn;

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
