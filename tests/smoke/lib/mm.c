// SPDX-License-Identifier: GPL-2.0
/*
 * Page-table helpers for smoke kernels.
 *
 * Page tables hold machine frame numbers.  We find a table's virtual
 * address through the read-only M2P at MACH2PHYS_VIRT_START (mfn -> pfn)
 * and our own linear layout (pfn p is at VIRT_BASE + p * PAGE_SIZE), which
 * holds for the bootstrap page tables and for pages of our image.  New
 * tables come from a page pool in .bss; a pool page is remapped read-only
 * before it is handed to the hypervisor as a page table.
 */
#include "smoke.h"

#define POOL_PAGES 32
#define TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
		     _PAGE_DIRTY)

static _Alignas(PAGE_SIZE) char pool[POOL_PAGES][PAGE_SIZE];
static int pool_used;

unsigned long l4_mfn(void)
{
	return virt_to_mfn((void *)start_info->pt_base);
}

void *mfn_to_virt(unsigned long mfn)
{
	unsigned long pfn = mfn_to_pfn(mfn);

	if (pfn >= start_info->nr_pages || p2m[pfn] != mfn)
		return NULL;
	return (void *)(VIRT_BASE + (pfn << PAGE_SHIFT));
}

/* The entry for @va in its level-@level table, or NULL. */
u64 *pte_lookup(unsigned long va, int level)
{
	u64 *table = (u64 *)start_info->pt_base;
	int l;

	for (l = PT_LEVELS; l > level; l--) {
		u64 e = table[pt_index(va, l)];

		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return NULL;
		table = mfn_to_virt((e & PTE_MFN_MASK) >> PAGE_SHIFT);
		if (!table)
			return NULL;
	}
	return &table[pt_index(va, level)];
}

/* Machine address of the entry for @va at @level, or 0. */
u64 pte_maddr(unsigned long va, int level)
{
	u64 *e = pte_lookup(va, level);
	unsigned long page = (unsigned long)e & ~(PAGE_SIZE - 1);

	if (!e)
		return 0;
	return (virt_to_mfn((void *)page) << PAGE_SHIFT) +
	       ((unsigned long)e & (PAGE_SIZE - 1));
}

void *page_alloc(void)
{
	if (pool_used == POOL_PAGES)
		test_result(ERROR, "page pool exhausted");
	return pool[pool_used++];
}

int page_set_ro(void *page, int ro)
{
	u64 pte = (virt_to_mfn(page) << PAGE_SHIFT) | _PAGE_PRESENT |
		  _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX;

	if (!ro)
		pte |= _PAGE_RW;
	return HYPERVISOR_update_va_mapping((unsigned long)page, pte,
					    UVMF_INVLPG);
}

long mmu_update1(u64 ptr, u64 val)
{
	struct mmu_update req = { ptr | MMU_NORMAL_PT_UPDATE, val };
	int done = 0;

	return HYPERVISOR_mmu_update(&req, 1, &done, DOMID_SELF);
}

long mmuext1(unsigned int cmd, unsigned long arg1)
{
	struct mmuext_op op = { .cmd = cmd };
	int done = 0;

	op.arg1.mfn = arg1;
	return HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
}

/* Give @va a level-@level table if it has none; 0 or -errno. */
static int ensure_table(unsigned long va, int level)
{
	u64 *e = pte_lookup(va, level + 1);
	void *t;
	long rc;

	if (!e)
		return -XEN_ENOENT;
	if (*e & _PAGE_PRESENT)
		return 0;
	t = page_alloc();
	rc = page_set_ro(t, 1);
	if (rc)
		return rc;
	return mmu_update1(pte_maddr(va, level + 1),
			   (virt_to_mfn(t) << PAGE_SHIFT) | TABLE_FLAGS);
}

/* Map @mfn at @va with the L1 @flags, creating tables as needed. */
int map_page(unsigned long va, unsigned long mfn, u64 flags)
{
	int level;
	int rc;

	for (level = PT_LEVELS - 1; level >= 1; level--) {
		rc = ensure_table(va, level);
		if (rc)
			return rc;
	}
	return mmu_update1(pte_maddr(va, 1), (mfn << PAGE_SHIFT) | flags);
}

unsigned long scratch_va(int n)
{
	unsigned long va = VIRT_BASE + 0x10000000UL + n * PAGE_SIZE;
	int level;

	for (level = PT_LEVELS - 1; level >= 1; level--)
		if (ensure_table(va, level))
			test_result(ERROR, "no page table for %lx", va);
	return va;
}

static int mfn_owned(unsigned long mfn)
{
	unsigned long pfn;

	for (pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (p2m[pfn] == mfn)
			return 1;
	return 0;
}

static int in_list(unsigned long mfn, const unsigned long *list, int n)
{
	while (n--)
		if (list[n] == mfn)
			return 1;
	return 0;
}

/*
 * Frames we own that are not in the p2m: shared_info and the grant table
 * frames.  Returns how many were stored in @mfns.
 */
static int shared_frames(unsigned long *mfns, int max)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_setup_table st = { .dom = DOMID_SELF };

	mfns[0] = start_info->shared_info >> PAGE_SHIFT;
	if (HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1) ||
	    q.status || !q.nr_frames)
		return 1;
	st.nr_frames = q.nr_frames < max - 1 ? q.nr_frames : max - 1;
	st.frame_list = mfns + 1;
	if (HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1) ||
	    st.status)
		test_result(ERROR, "cannot list grant frames");
	return 1 + st.nr_frames;
}

/* A frame below all of ours that we do not own: someone else's. */
unsigned long foreign_mfn(void)
{
	unsigned long pfn, mfn = ~0UL, shared[65];
	int n = shared_frames(shared, ARRAY_SIZE(shared));

	for (pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (p2m[pfn] < mfn)
			mfn = p2m[pfn];
	do {
		if (!--mfn)
			test_result(ERROR, "no foreign frame below ours");
	} while (mfn_owned(mfn) || in_list(mfn, shared, n));
	return mfn;
}
