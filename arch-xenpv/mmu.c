// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv page tables: pv_ops.mmu and the move off the builder's tables.
 *
 * The hypervisor owns the real page-table rules; this file keeps Linux
 * within them:
 *
 *  - Entries hold machine frames.  Linux computes with pfns, so the
 *    __pte()/pte_val() family (make_* and *_val pv ops) translates the frame
 *    of every present entry through the p2m / M2P (p2m.c).  set_pte() and
 *    friends receive values already translated.
 *
 *  - A frame in use as a page table (any level) is never mapped writable.
 *    "pt_frames", a bitmap over all our pfns, records the frames we made
 *    read-only because they are page tables.  A bit is set exactly while
 *    every kernel mapping of the frame is read-only; then writes to the
 *    frame go through mmu_update (the hypervisor validates them), and
 *    make_pte() strips _PAGE_RW from any new mapping of it.  A frame whose
 *    bit is clear is ordinary memory and is written with plain stores:
 *    tables of a process not yet pinned, tables being filled before they are
 *    linked.  (Generic helpers such as ptep_get_and_clear() still store into
 *    live L1s directly; the hypervisor emulates those writes.)
 *
 *  - The kernel's tree (init_top_pgt) is pinned from the start, so every
 *    table added to it (alloc_pte/pmd/pud on init_mm) is made read-only
 *    before set_pmd/set_pud/set_p4d links it; the hypervisor validates the
 *    new table when the linking mmu_update arrives.  A process's tree is
 *    pinned when it is first used (exec's activate_mm, fork's dup_mmap,
 *    which runs after the child's tables were copied) and unpinned when it
 *    is torn down (exit_mmap), so teardown runs on writable memory.  PG_pinned
 *    on the pgd page says whether a process's tree is pinned.
 *
 *  - A 64-bit PV process has two L4s: the kernel one (Linux's pgd, both
 *    halves) and a user one with the user half only, which the hypervisor
 *    loads while the process runs in user mode.  pgd_alloc() gives each pgd
 *    its user L4 (kept in page->private of the pgd page), set_p4d() mirrors
 *    user-half entries into it, write_cr3() loads both.  init_mm has none.
 *
 * Updates are queued through multicall.c and so batch in lazy MMU mode;
 * everything that must stay ordered with queued updates goes through the
 * same queue.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/page-flags.h>
#include <linux/sched/mm.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <asm/fixmap.h>
#include <asm/paravirt.h>
#include <asm/pgalloc.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/tlbflush.h>
#include <asm/x86_init.h>
#include "xenpv.h"
#include "mmu.h"

#if CONFIG_PGTABLE_LEVELS != 4
#error "xenpv supports 4-level paging only"
#endif

/* L4 slots 0..255 are the user half, the rest belongs to the kernel/Xen. */
#define USER_L4_SLOTS	(PTRS_PER_PGD / 2)

/* pt_frames covers at most XENPV_MAX_PFNS; see mmu_init_ops. */
RESERVE_BRK(xenpv_pt_frames, XENPV_MAX_PFNS / 8);

/* Bit n: pfn n is a page table mapped read-only.  Set/cleared with it. */
static unsigned long *pt_frames __read_mostly;

/* Pseudo-physical value last written to %cr3 on this CPU. */
static DEFINE_PER_CPU(unsigned long, xenpv_cr3);

/* Set once xenpv_setup_kernel_pagetable() has left the builder's tables. */
static bool own_tables __read_mostly;

/* Our direct-map alias of the builder's range: L3 at PAGE_OFFSET, one L2. */
static pud_t dmap_l3[PTRS_PER_PUD] __page_aligned_bss;
static pmd_t dmap_l2[PTRS_PER_PMD] __page_aligned_bss;

static bool pfn_is_pt(unsigned long pfn)
{
	return pfn < xenpv_p2m_size && test_bit(pfn, pt_frames);
}

/* Is the table holding @entry live (read-only, updated by hypercall)? */
static bool entry_is_protected(const void *entry)
{
	return pfn_is_pt(PFN_DOWN(__pa(entry)));
}

/* ---- Entry translation (callee-save pv ops) ---- */

/*
 * pfn -> mfn in a present entry, none for RAM without a frame (ballooned
 * out); frames beyond our RAM are machine frames.
 */
static u64 entry_to_machine(u64 val)
{
	unsigned long pfn, mfn;

	if (!(val & _PAGE_PRESENT))
		return val;
	pfn = (val & PTE_PFN_MASK) >> PAGE_SHIFT;
	if (pfn >= xenpv_p2m_size)
		return pfn < xenpv_ram_pfns ? 0 : val;
	mfn = xenpv_p2m[pfn];
	if (mfn == XENPV_INVALID_MFN)
		return 0;
	return (val & ~PTE_PFN_MASK) | ((u64)mfn << PAGE_SHIFT);
}

u64 xenpv_entry_val(u64 val)
{
	unsigned long pfn;

	if (!(val & _PAGE_PRESENT))
		return val;
	pfn = xenpv_mfn_to_pfn((val & PTE_PFN_MASK) >> PAGE_SHIFT);
	if (pfn == ~0UL)	/* not ours: keep it */
		return val;
	return (val & ~PTE_PFN_MASK) | ((u64)pfn << PAGE_SHIFT);
}
PV_CALLEE_SAVE_REGS_THUNK(xenpv_entry_val);

u64 xenpv_make_table_entry(u64 val)
{
	return entry_to_machine(val);
}
PV_CALLEE_SAVE_REGS_THUNK(xenpv_make_table_entry);

pteval_t xenpv_make_pte(pteval_t val)
{
	if ((val & (_PAGE_PRESENT | _PAGE_RW)) == (_PAGE_PRESENT | _PAGE_RW) &&
	    pfn_is_pt((val & PTE_PFN_MASK) >> PAGE_SHIFT))
		val &= ~_PAGE_RW;
	return entry_to_machine(val);
}
PV_CALLEE_SAVE_REGS_THUNK(xenpv_make_pte);

/* ---- %cr2, %cr3, TLB ---- */

/* exc_page_fault() reads %cr2 before anything else: noinstr. */
noinstr unsigned long xenpv_read_cr2(void)
{
	return this_cpu_read(xenpv_vcpu)->arch.cr2;
}
__PV_CALLEE_SAVE_REGS_THUNK(xenpv_read_cr2, ".noinstr.text");

static noinstr void xenpv_write_cr2(unsigned long cr2)
{
	this_cpu_read(xenpv_vcpu)->arch.cr2 = cr2;
}

static unsigned long xenpv_read_cr3(void)
{
	return this_cpu_read(xenpv_cr3);
}

static void mmuext(unsigned int cmd, unsigned long arg)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg };

	xenpv_mc_mmuext(&op);
}

/* The user L4 belonging to kernel L4 @pgd, or NULL (init_mm). */
static pgd_t *user_pgd(pgd_t *pgd)
{
	if (__pa(pgd) == __pa_symbol(init_top_pgt))
		return NULL;
	return (pgd_t *)page_private(virt_to_page(pgd));
}

/*
 * Queued, so a context switch loads both L4s with its other state in one
 * multicall.  The hypervisor flushes the TLB on each base-pointer write.
 */
static void xenpv_write_cr3(unsigned long cr3)
{
	unsigned long pa = cr3 & CR3_ADDR_MASK;
	pgd_t *user = user_pgd(__va(pa));

	mmuext(MMUEXT_NEW_BASEPTR, xenpv_pfn_to_mfn(PFN_DOWN(pa)));
	mmuext(MMUEXT_NEW_USER_BASEPTR,
	       user ? xenpv_pfn_to_mfn(PFN_DOWN(__pa(user))) : 0);
	this_cpu_write(xenpv_cr3, cr3);
}

static void xenpv_flush_tlb(void)
{
	mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

static void xenpv_flush_tlb_one_user(unsigned long addr)
{
	mmuext(MMUEXT_INVLPG_LOCAL, addr & PAGE_MASK);
}

/* Up to this many pages are flushed one by one, more flush everything. */
#define FLUSH_PAGES_MAX	16

static void xenpv_flush_tlb_multi(const struct cpumask *cpus,
				  const struct flush_tlb_info *info)
{
	unsigned long mask[BITS_TO_LONGS(NR_CPUS)] = { };
	int cpu, this = smp_processor_id();
	struct mmuext_op op;
	bool others = false;
	unsigned long addr;

	if (cpumask_test_cpu(this, cpus)) {
		if (info->end == TLB_FLUSH_ALL ||
		    info->end - info->start > FLUSH_PAGES_MAX * PAGE_SIZE) {
			xenpv_flush_tlb();
		} else {
			for (addr = info->start; addr < info->end;
			     addr += PAGE_SIZE)
				xenpv_flush_tlb_one_user(addr);
		}
	}

	/* Other CPUs: full flush by the hypervisor (vcpu id == cpu number). */
	for_each_cpu_and(cpu, cpus, cpu_online_mask) {
		if (cpu != this) {
			__set_bit(cpu, mask);
			others = true;
		}
	}
	if (!others)
		return;
	/* The mask lives on our stack: issue now, after what is queued. */
	xenpv_mc_flush();
	op.cmd = MMUEXT_TLB_FLUSH_MULTI;
	op.arg2.vcpumask = mask;
	if (hv_mmuext_op(&op, 1, NULL, DOMID_SELF))
		WARN_ONCE(1, "xenpv: remote TLB flush failed\n");
}

/* ---- Protection of table frames ---- */

/* The 4K entry mapping kernel address @addr, or NULL if unmapped. */
static pte_t *kva_pte(unsigned long addr)
{
	unsigned int level;
	pte_t *ptep = lookup_address(addr, &level);

	if (!ptep || level != PG_LEVEL_4K ||
	    !(native_pte_val(*ptep) & _PAGE_PRESENT))
		return NULL;
	return ptep;
}

static void kva_set_rw(unsigned long addr, pte_t *ptep, bool rw, bool queue)
{
	u64 val = native_pte_val(*ptep);

	val = rw ? val | _PAGE_RW : val & ~(u64)_PAGE_RW;
	if (queue)
		xenpv_mc_queue(__HYPERVISOR_update_va_mapping, addr, val,
			       UVMF_INVLPG, 0, 0);
	else
		xenpv_mc_call(__HYPERVISOR_update_va_mapping, addr, val,
			      UVMF_INVLPG, 0, 0);
}

static void builder_set_rw(void *va, bool rw);

/*
 * Change all kernel mappings of the page at @va: the direct map and, for
 * low frames, the image mapping.  For frames the builder mapped, both
 * aliases share the builder's L1, so one update usually covers both.
 * Before xenpv_setup_kernel_pagetable() only the image mapping exists.
 */
static void page_set_rw(void *va, bool rw, bool queue)
{
	unsigned long addr = (unsigned long)va, pa = __pa(va), alias = 0;
	pte_t *ptep, *other = NULL;

	if (unlikely(!own_tables)) {
		builder_set_rw(va, rw);
		return;
	}
	if (addr >= __START_KERNEL_map)
		alias = (unsigned long)__va(pa);
	else if (pa < KERNEL_IMAGE_SIZE)
		alias = __START_KERNEL_map + pa;

	ptep = kva_pte(addr);
	if (alias)
		other = kva_pte(alias);
	if (ptep)
		kva_set_rw(addr, ptep, rw, queue);
	if (other && other != ptep)
		kva_set_rw(alias, other, rw, queue);
}

static void pt_protect(unsigned long pfn, bool queue)
{
	page_set_rw(__va(PFN_PHYS(pfn)), false, queue);
	set_bit(pfn, pt_frames);
}

static void pt_unprotect(unsigned long pfn, bool queue)
{
	clear_bit(pfn, pt_frames);
	page_set_rw(__va(PFN_PHYS(pfn)), true, queue);
}

void xenpv_set_page_readonly(void *va)
{
	page_set_rw(va, false, false);
}

void xenpv_set_page_writable(void *va)
{
	page_set_rw(va, true, false);
}

/* ---- Entry setters ---- */

static void set_entry(void *entry, u64 val)
{
	if (entry_is_protected(entry))
		xenpv_mc_mmu_update(xenpv_virt_to_machine(entry) |
				    MMU_NORMAL_PT_UPDATE, val);
	else
		WRITE_ONCE(*(u64 *)entry, val);
}

static void xenpv_set_pte(pte_t *ptep, pte_t pte)
{
	set_entry(ptep, native_pte_val(pte));
}

static void xenpv_set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	set_entry(pmdp, native_pmd_val(pmd));
}

static void xenpv_set_pud(pud_t *pudp, pud_t pud)
{
	set_entry(pudp, native_pud_val(pud));
}

/* An L4 entry; user-half entries also go into the user L4. */
static void xenpv_set_p4d(p4d_t *p4dp, p4d_t p4d)
{
	unsigned long slot = ((unsigned long)p4dp & ~PAGE_MASK) / sizeof(p4d);
	pgd_t *pgd = (pgd_t *)((unsigned long)p4dp & PAGE_MASK);
	pgd_t *user;

	set_entry(p4dp, native_p4d_val(p4d));
	if (slot >= USER_L4_SLOTS)
		return;
	user = user_pgd(pgd);
	if (user)
		set_entry(&user[slot], native_p4d_val(p4d));
}

static pte_t xenpv_ptep_modify_prot_start(struct vm_area_struct *vma,
					  unsigned long addr, pte_t *ptep)
{
	/* The commit below keeps the A/D bits the CPU sets meanwhile. */
	return READ_ONCE(*ptep);
}

static void xenpv_ptep_modify_prot_commit(struct vm_area_struct *vma,
					  unsigned long addr, pte_t *ptep,
					  pte_t pte)
{
	if (entry_is_protected(ptep))
		xenpv_mc_mmu_update(xenpv_virt_to_machine(ptep) |
				    MMU_PT_UPDATE_PRESERVE_AD,
				    native_pte_val(pte));
	else
		WRITE_ONCE(*ptep, pte);
}

/* ---- Table pages coming and going ---- */

static bool mm_is_pinned(struct mm_struct *mm)
{
	return mm == &init_mm || PagePinned(virt_to_page(mm->pgd));
}

/* A fresh table about to be linked into @mm: read-only if @mm is live. */
static void xenpv_alloc_table(struct mm_struct *mm, unsigned long pfn)
{
	if (mm_is_pinned(mm))
		pt_protect(pfn, false);
}

/*
 * A table unlinked from its tree (the clearing update is queued before
 * us).  Make it ordinary memory again before it is freed and reused.
 */
static void xenpv_release_table(unsigned long pfn)
{
	if (!pfn_is_pt(pfn))
		return;
	pt_unprotect(pfn, false);
	xenpv_mc_flush();
}

static int xenpv_pgd_alloc(struct mm_struct *mm)
{
	unsigned long user = get_zeroed_page(GFP_PGTABLE_USER);

	if (!user)
		return -ENOMEM;
	set_page_private(virt_to_page(mm->pgd), user);
	return 0;
}

static void unpin_mm(struct mm_struct *mm);

static void xenpv_pgd_free(struct mm_struct *mm, pgd_t *pgd)
{
	struct page *page = virt_to_page(pgd);
	unsigned long user = page_private(page);

	/* Normally exit_mmap() unpinned it already. */
	if (PagePinned(page))
		unpin_mm(mm);
	set_page_private(page, 0);
	if (user)
		free_page(user);
}

/* ---- Pinning a process's tree ---- */

typedef void (*table_fn)(unsigned long pfn, bool queue);

/* Call @fn on every table frame below the user half of @pgd. */
static void walk_user_tables(pgd_t *pgd, table_fn fn)
{
	unsigned int i, j, k;

	for (i = 0; i < USER_L4_SLOTS; i++) {
		p4d_t *p4d = (p4d_t *)&pgd[i];
		pud_t *pud;

		if (p4d_none(*p4d))
			continue;
		pud = p4d_pgtable(*p4d);
		for (j = 0; j < PTRS_PER_PUD; j++) {
			pmd_t *pmd;

			if (pud_none(pud[j]) || pud_large(pud[j]))
				continue;
			pmd = pud_pgtable(pud[j]);
			for (k = 0; k < PTRS_PER_PMD; k++) {
				if (pmd_none(pmd[k]) || pmd_large(pmd[k]))
					continue;
				fn(PFN_DOWN(__pa(pmd_page_vaddr(pmd[k]))),
				   true);
			}
			fn(PFN_DOWN(__pa(pmd)), true);
		}
		fn(PFN_DOWN(__pa(pud)), true);
	}
}

/*
 * Make every table of @mm read-only, then pin both L4s (the hypervisor
 * validates the tree).  No one else uses @mm yet.  Caller holds
 * page_table_lock, so no table is added meanwhile.
 */
static void pin_mm(struct mm_struct *mm)
{
	pgd_t *user = user_pgd(mm->pgd);
	struct mmuext_op op = { .cmd = MMUEXT_PIN_L4_TABLE };

	walk_user_tables(mm->pgd, pt_protect);
	pt_protect(PFN_DOWN(__pa(mm->pgd)), true);
	if (user)
		pt_protect(PFN_DOWN(__pa(user)), true);

	/* Queued after the read-only updates, so the tree is ready. */

	op.arg1.mfn = xenpv_pfn_to_mfn(PFN_DOWN(__pa(mm->pgd)));
	xenpv_mc_mmuext(&op);
	if (user) {
		op.arg1.mfn = xenpv_pfn_to_mfn(PFN_DOWN(__pa(user)));
		xenpv_mc_mmuext(&op);
	}
	xenpv_mc_flush();
	SetPagePinned(virt_to_page(mm->pgd));
}

static void unpin_mm(struct mm_struct *mm)
{
	pgd_t *user = user_pgd(mm->pgd);

	mmuext(MMUEXT_UNPIN_TABLE, xenpv_pfn_to_mfn(PFN_DOWN(__pa(mm->pgd))));
	if (user)
		mmuext(MMUEXT_UNPIN_TABLE,
		       xenpv_pfn_to_mfn(PFN_DOWN(__pa(user))));

	/* Queued after the unpins: no frame is a live table any more. */

	walk_user_tables(mm->pgd, pt_unprotect);
	pt_unprotect(PFN_DOWN(__pa(mm->pgd)), true);
	if (user)
		pt_unprotect(PFN_DOWN(__pa(user)), true);
	xenpv_mc_flush();
	ClearPagePinned(virt_to_page(mm->pgd));
}

static void pin_if_needed(struct mm_struct *mm)
{
	spin_lock(&mm->page_table_lock);
	if (!mm_is_pinned(mm))
		pin_mm(mm);
	spin_unlock(&mm->page_table_lock);
}

static void xenpv_activate_mm(struct mm_struct *prev, struct mm_struct *next)
{
	pin_if_needed(next);
}

static void xenpv_dup_mmap(struct mm_struct *oldmm, struct mm_struct *mm)
{
	pin_if_needed(mm);
}

/* Stop this CPU from using @mm's tables (lazy TLB, queued cr3). */
static void drop_mm_here(void *info)
{
	struct mm_struct *mm = info;

	if (this_cpu_read(cpu_tlbstate.loaded_mm) == mm)
		leave_mm(smp_processor_id());
	xenpv_mc_flush();
}

/*
 * A tree still loaded in some %cr3 cannot be unpinned: its frames keep
 * their page-table type.  Move every CPU still on @mm to init_mm.
 */
static void drop_mm_refs(struct mm_struct *mm)
{
	unsigned long cr3 = __pa(mm->pgd);
	int cpu, this = get_cpu();

	drop_mm_here(mm);
	for_each_online_cpu(cpu) {
		if (cpu != this && per_cpu(xenpv_cr3, cpu) == cr3)
			smp_call_function_single(cpu, drop_mm_here, mm, 1);
	}
	put_cpu();
}

static void xenpv_exit_mmap(struct mm_struct *mm)
{
	drop_mm_refs(mm);
	spin_lock(&mm->page_table_lock);
	if (PagePinned(virt_to_page(mm->pgd)))
		unpin_mm(mm);
	spin_unlock(&mm->page_table_lock);
}

/* ---- Lazy MMU mode, fixmap, pagetable_init ---- */

static void xenpv_leave_lazy_mmu(void)
{
	preempt_disable();
	xenpv_mc_flush();
	paravirt_leave_lazy_mmu();
	preempt_enable();
}

/* Stands in for the local and I/O APIC registers, which PV cannot map. */
static u8 dummy_mmio[PAGE_SIZE] __page_aligned_bss;

/*
 * @phys is pseudo-physical for RAM (make_pte translates it); beyond it
 * is a machine address and passes unchanged.
 */
static void xenpv_set_fixmap(unsigned int idx, phys_addr_t phys,
			     pgprot_t prot)
{
	switch (idx) {
	case FIX_APIC_BASE:
#ifdef CONFIG_X86_IO_APIC
	case FIX_IO_APIC_BASE_0 ... FIX_IO_APIC_BASE_END:
#endif
		phys = __pa_symbol(dummy_mmio);
		prot = PAGE_KERNEL;
		break;
	}
	set_pte_vaddr(__fix_to_virt(idx), pfn_pte(PFN_DOWN(phys), prot));
}

static void __init xenpv_pagetable_init(void)
{
	xenpv_p2m_extend();
	paging_init();
}

void __init xenpv_mmu_init_ops(void)
{
	size_t bytes = BITS_TO_LONGS(xenpv_ram_pfns) * sizeof(long);

	if (xenpv_ram_pfns > XENPV_MAX_PFNS)
		xenpv_die("xenpv: %lu pages, the page-table map covers %lu\n",
			  xenpv_ram_pfns, XENPV_MAX_PFNS);
	pt_frames = extend_brk(bytes, sizeof(long));

	pv_ops.mmu.flush_tlb_user = xenpv_flush_tlb;
	pv_ops.mmu.flush_tlb_kernel = xenpv_flush_tlb;
	pv_ops.mmu.flush_tlb_one_user = xenpv_flush_tlb_one_user;
	pv_ops.mmu.flush_tlb_multi = xenpv_flush_tlb_multi;
	pv_ops.mmu.exit_mmap = xenpv_exit_mmap;

	pv_ops.mmu.read_cr2 = PV_CALLEE_SAVE(xenpv_read_cr2);
	pv_ops.mmu.write_cr2 = xenpv_write_cr2;
	pv_ops.mmu.read_cr3 = xenpv_read_cr3;
	pv_ops.mmu.write_cr3 = xenpv_write_cr3;

	pv_ops.mmu.activate_mm = xenpv_activate_mm;
	pv_ops.mmu.dup_mmap = xenpv_dup_mmap;
	pv_ops.mmu.pgd_alloc = xenpv_pgd_alloc;
	pv_ops.mmu.pgd_free = xenpv_pgd_free;

	pv_ops.mmu.alloc_pte = xenpv_alloc_table;
	pv_ops.mmu.alloc_pmd = xenpv_alloc_table;
	pv_ops.mmu.alloc_pud = xenpv_alloc_table;
	pv_ops.mmu.release_pte = xenpv_release_table;
	pv_ops.mmu.release_pmd = xenpv_release_table;
	pv_ops.mmu.release_pud = xenpv_release_table;

	pv_ops.mmu.set_pte = xenpv_set_pte;
	pv_ops.mmu.set_pmd = xenpv_set_pmd;
	pv_ops.mmu.set_pud = xenpv_set_pud;
	pv_ops.mmu.set_p4d = xenpv_set_p4d;
	pv_ops.mmu.ptep_modify_prot_start = xenpv_ptep_modify_prot_start;
	pv_ops.mmu.ptep_modify_prot_commit = xenpv_ptep_modify_prot_commit;

	pv_ops.mmu.pte_val = PV_CALLEE_SAVE(xenpv_entry_val);
	pv_ops.mmu.make_pte = PV_CALLEE_SAVE(xenpv_make_pte);
	pv_ops.mmu.pmd_val = PV_CALLEE_SAVE(xenpv_entry_val);
	pv_ops.mmu.make_pmd = PV_CALLEE_SAVE(xenpv_make_table_entry);
	pv_ops.mmu.pud_val = PV_CALLEE_SAVE(xenpv_entry_val);
	pv_ops.mmu.make_pud = PV_CALLEE_SAVE(xenpv_make_table_entry);
	pv_ops.mmu.pgd_val = PV_CALLEE_SAVE(xenpv_entry_val);
	pv_ops.mmu.make_pgd = PV_CALLEE_SAVE(xenpv_make_table_entry);

	pv_ops.mmu.lazy_mode.enter = paravirt_enter_lazy_mmu;
	pv_ops.mmu.lazy_mode.leave = xenpv_leave_lazy_mmu;
	pv_ops.mmu.lazy_mode.flush = paravirt_flush_lazy_mmu;

	pv_ops.mmu.set_fixmap = xenpv_set_fixmap;

	x86_init.paging.pagetable_init = xenpv_pagetable_init;
}

/* ---- Leaving the builder's page tables ---- */

/* The builder's page-table frames: [bpt_first, bpt_first + bpt_count). */
static unsigned long bpt_first, bpt_count;

/* The builder table an entry points to, through the image mapping. */
static u64 *builder_table(u64 entry)
{
	unsigned long pfn;

	pfn = xenpv_mfn_to_pfn((entry & PTE_PFN_MASK) >> PAGE_SHIFT);
	if (!(entry & _PAGE_PRESENT) || pfn < bpt_first ||
	    pfn >= bpt_first + bpt_count)
		xenpv_die("xenpv: builder entry %#llx is not one of its tables\n",
			  entry);
	return (u64 *)(__START_KERNEL_map + PFN_PHYS(pfn));
}

/* The builder's one L2, which maps pfn n at __START_KERNEL_map + n * 4K. */
static u64 *builder_l2(void)
{
	u64 *bl4 = (u64 *)xenpv_start_info->pt_base, *bl3;

	bpt_first = PFN_DOWN(xenpv_start_info->pt_base - __START_KERNEL_map);
	bpt_count = xenpv_start_info->nr_pt_frames;
	bl3 = builder_table(bl4[pgd_index(__START_KERNEL_map)]);
	return builder_table(bl3[pud_index(__START_KERNEL_map)]);
}

/* Change an image page's protection through the builder's L1. */
static void builder_set_rw(void *va, bool rw)
{
	unsigned long addr = (unsigned long)va;
	u64 *l1, l1e;

	if (addr < __START_KERNEL_map)
		xenpv_die("xenpv: %#lx is not mapped yet\n", addr);
	l1 = builder_table(builder_l2()[pmd_index(addr)]);
	l1e = l1[pte_index(addr)];
	l1e = rw ? l1e | _PAGE_RW : l1e & ~(u64)_PAGE_RW;
	if (hv_update_va_mapping(addr, l1e, UVMF_INVLPG))
		xenpv_die("xenpv: cannot change the protection of pfn %#lx\n",
			  PFN_DOWN(__pa(va)));
}

/* How many pfns, from 0, the builder mapped at __START_KERNEL_map. */
static unsigned long __init builder_mapped_pfns(const u64 *bl2)
{
	unsigned long pfn;

	for (pfn = 0; pfn < min(xenpv_p2m_size, PTRS_PER_PMD * PTRS_PER_PTE);
	     pfn++) {
		u64 l2e = bl2[pfn / PTRS_PER_PTE], l1e;

		if (!(l2e & _PAGE_PRESENT))
			break;
		/* (shared_info is mapped over a .bss page: no mfn check) */
		l1e = builder_table(l2e)[pfn % PTRS_PER_PTE];
		if (!(l1e & _PAGE_PRESENT))
			break;
	}
	return pfn;
}

/* Make a page-table page of the image read-only, before the switch. */
static void __init builder_protect(void *va)
{
	builder_set_rw(va, false);
	set_bit(PFN_DOWN(__pa(va)), pt_frames);
}

/* Present entries of a static table: pseudo-physical -> machine. */
static void __init table_to_machine(u64 *table)
{
	unsigned int i;

	for (i = 0; i < PTRS_PER_PTE; i++) {
		if (!(table[i] & _PAGE_PRESENT))
			continue;
		table[i] = entry_to_machine(table[i]);
		if (!table[i])
			xenpv_die("xenpv: static table pfn %#lx: entry %u has no frame\n",
				  PFN_DOWN(__pa(table)), i);
	}
}

static u64 __init table_entry(void *table, u64 flags)
{
	return PFN_PHYS(xenpv_pfn_to_mfn(PFN_DOWN(__pa(table)))) | flags;
}

/*
 * Build init_top_pgt from the kernel's static tables and the builder's L1s,
 * switch to it, and drop the builder's tree.  The builder mapped pfn n at
 * __START_KERNEL_map + n * 4K through one L2 (L4[511] -> L3[510]); its
 * L1s are reused unchanged by our image mapping and by a direct-map alias
 * of the same range, so __va() works at once.
 */
void __init xenpv_setup_kernel_pagetable(void)
{
	u64 *bl2 = builder_l2();
	struct mmuext_op ops[4] = { };
	unsigned long mapped, pfn;
	unsigned int i, done = 0;

	mapped = builder_mapped_pfns(bl2);
	if (mapped < bpt_first + bpt_count)
		xenpv_die("xenpv: builder mapped %lu pages, its tables end at %lu\n",
			  mapped, bpt_first + bpt_count);
	for (pfn = bpt_first; pfn < bpt_first + bpt_count; pfn++)
		set_bit(pfn, pt_frames);

	/* Fill our tables while they are still ordinary writable memory. */
	memcpy(level2_kernel_pgt, bl2, PAGE_SIZE);
	memcpy(dmap_l2, bl2, PAGE_SIZE);
	table_to_machine((u64 *)level2_fixmap_pgt);
	table_to_machine((u64 *)level3_kernel_pgt);
	dmap_l3[0] = native_make_pud(table_entry(dmap_l2, _KERNPG_TABLE_NOENC));
	init_top_pgt[pgd_index(PAGE_OFFSET)] =
		native_make_pgd(table_entry(dmap_l3, _KERNPG_TABLE_NOENC));
	init_top_pgt[pgd_index(__START_KERNEL_map)] =
		native_make_pgd(table_entry(level3_kernel_pgt,
					    _PAGE_TABLE_NOENC));

	builder_protect(init_top_pgt);
	builder_protect(level3_kernel_pgt);
	builder_protect(level2_kernel_pgt);
	builder_protect(level2_fixmap_pgt);
	for (i = 0; i < FIXMAP_PMD_NUM; i++)
		builder_protect(level1_fixmap_pgt + i * PTRS_PER_PTE);
	builder_protect(dmap_l3);
	builder_protect(dmap_l2);

	ops[0].cmd = MMUEXT_PIN_L4_TABLE;
	ops[0].arg1.mfn = xenpv_pfn_to_mfn(PFN_DOWN(__pa_symbol(init_top_pgt)));
	ops[1].cmd = MMUEXT_NEW_BASEPTR;
	ops[1].arg1.mfn = ops[0].arg1.mfn;
	ops[2].cmd = MMUEXT_NEW_USER_BASEPTR;
	ops[2].arg1.mfn = 0;
	ops[3].cmd = MMUEXT_UNPIN_TABLE;
	ops[3].arg1.mfn = xenpv_pfn_to_mfn(bpt_first);
	if (hv_mmuext_op(ops, ARRAY_SIZE(ops), &done, DOMID_SELF) ||
	    done != ARRAY_SIZE(ops))
		xenpv_die("xenpv: moving to init_top_pgt failed at op %u\n",
			  done);

	this_cpu_write(xenpv_cr3, __pa_symbol(init_top_pgt));
	own_tables = true;
	max_pfn_mapped = mapped;
	xenpv_p2m_use_direct_map();
}
