// SPDX-License-Identifier: GPL-2.0
/*
 * hv-stub's own page tables.
 *
 * The idle L4 holds only hypervisor slots; mm_init_xen_l4_slots() copies
 * those slots into every guest L4 as it is validated, so the hypervisor,
 * the read-only M2P and the GDT window are mapped in every address space
 * and hv-stub never switches CR3 on entry.  The tables below slot level
 * are shared by all domains and never change after boot, except the GDT
 * window's L1, which context_switch() points at the next vCPU's frames.
 */
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/x86.h>

extern u64 boot_pml4[];

u64 idle_l4_mfn;
struct tlb_counts arch_tlb_counts;
static u64 *idle_l4;
static u64 *m2p;		/* writable view of the M2P, in the direct map */
static u64 m2p_entries;
static u64 *gdt_l1;

static u64 *new_table(u64 *parent, unsigned int idx, u64 flags)
{
	u64 *t;

	if (parent[idx] & _PAGE_PRESENT)
		return mfn_to_virt(pte_mfn(parent[idx]));
	t = alloc_page_zeroed();
	if (!t)
		panic("out of memory for hypervisor page tables");
	parent[idx] = (virt_to_mfn(t) << 12) | flags;
	return t;
}

/* The L1 table that maps @va in the hypervisor area, created on demand. */
static u64 *hv_l1_of(u64 va, bool user)
{
	u64 tflags = _PAGE_PRESENT | _PAGE_RW | (user ? _PAGE_USER : 0);
	u64 *l3 = new_table(idle_l4, l4_idx(va), tflags);
	u64 *l2 = new_table(l3, l3_idx(va), tflags);

	return new_table(l2, l2_idx(va), tflags);
}

void paging_init(void)
{
	idle_l4 = alloc_page_zeroed();
	if (!idle_l4)
		panic("out of memory for the idle page table");
	idle_l4_mfn = virt_to_mfn(idle_l4);
	idle_l4[DIRECTMAP_SLOT] = boot_pml4[DIRECTMAP_SLOT];
	write_cr3(idle_l4_mfn << 12);
}

/*
 * The machine-to-phys table: 8 bytes per machine frame, read-only and
 * user-visible at RO_MPT_VIRT_START.  Entries of frames no domain owns
 * read as INVALID_MFN (all ones), as on Xen.
 */
void m2p_init(void)
{
	u64 nr = (max_mfn * 8 + PAGE_SIZE - 1) / PAGE_SIZE, i;
	u64 start = alloc_frames(nr);

	if (start == INVALID_MFN)
		panic("no room for the M2P table");
	m2p = mfn_to_virt(start);
	m2p_entries = nr * PAGE_SIZE / 8;
	memset(m2p, 0xff, nr * PAGE_SIZE);
	for (i = 0; i < nr; i++) {
		u64 va = RO_MPT_VIRT_START + i * PAGE_SIZE;

		hv_l1_of(va, true)[l1_idx(va)] = ((start + i) << 12) |
			_PAGE_PRESENT | _PAGE_USER | _PAGE_NX;
	}
}

u64 m2p_frames(void)
{
	return m2p_entries * 8 / PAGE_SIZE;
}

u64 m2p_first_mfn(void)
{
	return virt_to_mfn(m2p);
}

void m2p_set(u64 mfn, u64 pfn)
{
	BUG_ON(mfn >= m2p_entries);
	m2p[mfn] = pfn;
}

/*
 * The 64 KiB GDT window: pages 0..13 show the current vCPU's GDT frames
 * (or nothing), 14 and 15 the hypervisor's own descriptors.
 */
void gdt_window_map(unsigned int page, u64 mfn, bool writable)
{
	u64 va = GDT_VIRT_START + (u64)page * PAGE_SIZE;

	if (!gdt_l1)
		gdt_l1 = hv_l1_of(GDT_VIRT_START, false);
	gdt_l1[page] = mfn == INVALID_MFN ? 0 :
		(mfn << 12) | _PAGE_PRESENT | _PAGE_NX |
		(writable ? _PAGE_RW | _PAGE_DIRTY : 0) | _PAGE_ACCESSED;
	flush_tlb_one(va);
}

/* Fill the hypervisor slots of a guest L4 (called while validating it). */
void mm_init_xen_l4_slots(u64 *l4)
{
	unsigned int i;

	for (i = HV_FIRST_SLOT; i <= HV_LAST_SLOT; i++)
		l4[i] = idle_l4[i];
}
