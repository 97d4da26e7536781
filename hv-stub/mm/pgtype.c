// SPDX-License-Identifier: GPL-2.0
/*
 * Page types and reference counts: what keeps a PV guest from mapping what
 * it must not, with Xen's x86_64 PV semantics.  Pure: no hardware, no libc;
 * tests/unit/pgtype_test.c builds this file unchanged on the host.
 *
 * Each frame has a general count (every mapping, pin or cr3 holds one) and
 * a type with a type count.  Invariants kept here:
 *
 *  - While its type count is non-zero a frame has exactly one type.  It
 *    changes type only when its type count is 0.
 *  - A frame of type L<n> with PGT_validated set has had every entry
 *    checked, and holds for each present entry: in an L1, one general
 *    reference on the mapped frame, plus a PGT_writable_page type reference
 *    if the entry is writable; in an L2..L4, one general and one L<n-1>
 *    type reference on the frame below.  Dropping its last type reference
 *    drops all of them again (devalidation).
 *  - Hence no frame of a page-table or descriptor type is writable by a
 *    guest, and a frame writable by a guest never becomes a page table.
 *  - A guest maps only frames it owns; hv-stub's frames (DOMID_XEN) only
 *    when marked PGF_shared_ro, and read-only.  L4 slots 256..271 belong to
 *    hv-stub: never validated, never updated, filled by
 *    mm_init_xen_l4_slots().
 *  - The contents of a validated table change only in pgt_update_entry()
 *    and, for grant PTEs, in pgt_map_grant()/pgt_unmap_grant().
 *  - A present L1 entry with _PAGE_GNTTAB is a grant mapping (of a frame
 *    another domain, or the table's owner itself, granted): it holds the
 *    references of a plain entry, on the granter's frame.  Guests never
 *    write such an entry; when one goes away other than through
 *    pgt_unmap_grant() the environment hears of it (mm_implicit_unmap).
 *  - A frame with PGF_orphan outlived its domain because someone still
 *    referenced it; it is freed (mm_free_orphan) with its last reference.
 *
 * Types only refer downwards (L4 -> L3 -> L2 -> L1 -> data), so validation
 * recurses at most 4 levels and type references cannot form a cycle.  For
 * the same reason Xen's "linear page tables" (an L<n> entry pointing at an
 * L<n> table, e.g. a self-referencing L4 slot) are refused: they fail as a
 * type conflict.  Superpages (_PAGE_PSE in L2/L3) are refused, as Xen does
 * for PV guests without superpage support.
 *
 * Errors are Xen's for the same misuse: a refused L1 entry gives -EBUSY
 * (-EPERM for a frame beyond RAM, -EINVAL for bad flags), a refused
 * L2..L4 entry or type conflict -EINVAL; errors of a nested validation
 * come back unchanged, so pinning an L4 whose L1 maps a foreign frame
 * fails with -EBUSY, as on Xen.
 *
 * Present entries are stored adjusted as Xen does for 64-bit PV guests,
 * whose kernel runs in ring 3: L2..L4 entries get _PAGE_USER; an L1 entry
 * without _PAGE_USER is a guest-kernel page and gets _PAGE_USER and
 * _PAGE_GUEST_KERNEL, and loses _PAGE_GLOBAL (kernel pages must not
 * survive the switch to the guest's user page tables).
 */
#include <hv/mm.h>
#include <public/errno.h>

/*
 * Bits a guest may set in a present entry.  Cache attributes (PWT, PCD,
 * PAT) are refused like Xen refuses them to a domain without I/O access.
 */
#define L1_GUEST_BITS	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL | \
			 _PAGE_AVAIL | (_PAGE_AVAIL_HIGH & ~_PAGE_GNTTAB) | \
			 _PAGE_NX | PTE_MFN_MASK)
#define LN_GUEST_BITS	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_AVAIL | \
			 _PAGE_AVAIL_HIGH | _PAGE_NX | PTE_MFN_MASK)

#define COUNT_MAX	0xffffffffU

static bool is_table_type(u32 type)
{
	return type >= PGT_l1_page_table && type <= PGT_l4_page_table;
}

static int type_level(u32 type)
{
	return is_table_type(type) ? (int)(type >> PGT_type_shift) : 0;
}

static bool is_xen_l4_slot(int level, unsigned int slot)
{
	return level == 4 && slot >= HV_FIRST_SLOT && slot <= HV_LAST_SLOT;
}

static bool is_guest_domid(domid_t d)
{
	return d < DOMID_FIRST_RESERVED;
}

static unsigned long long ull(u64 v)
{
	return v;
}

/* A general reference for @d; @shared_ok also admits PGF_shared_ro frames. */
static int get_ref(u64 mfn, domid_t d, bool shared_ok)
{
	struct page_info *pg;

	if (!mfn_valid(mfn) || !is_guest_domid(d))
		return -XEN_EINVAL;
	pg = mfn_to_page(mfn);
	if (pg->owner != d &&
	    !(shared_ok && (pg->flags & PGF_shared_ro) &&
	      pg->owner != DOMID_INVALID))
		return -XEN_EINVAL;
	if (pg->count == COUNT_MAX)
		return -XEN_EINVAL;
	pg->count++;
	return 0;
}

int mm_get_page(u64 mfn, domid_t d)
{
	return get_ref(mfn, d, false);
}

void mm_put_page(u64 mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn) || !mfn_to_page(mfn)->count) {
		mm_log("BUG: put_page of mfn %#llx without a reference\n",
		       ull(mfn));
		return;
	}
	pg = mfn_to_page(mfn);
	pg->count--;
	if (!pg->count && (pg->flags & PGF_orphan) &&
	    !(pg->type_info & PGT_count_mask))
		mm_free_orphan(mfn);
}

void mm_orphan_frame(u64 mfn)
{
	struct page_info *pg = mfn_to_page(mfn);

	pg->owner = DOMID_XEN;
	pg->flags = PGF_orphan;
}

static int validate_table(u64 mfn, int level, domid_t d);
static void devalidate_table(u64 mfn, int level, domid_t d);

/* The first type reference: the type may change, a table is validated. */
/*
 * TLB safety without a flush per update: a guest may still hold a stale
 * TLB entry for a writable mapping it removed.  Such a frame must not
 * become a page table or descriptor page, nor be freed, until the TLB has
 * been flushed once since the last writable type reference went away.
 */
static bool stale_writable;

void pgt_tlb_flushed(void)
{
	stale_writable = false;
}

void pgt_flush_stale_writable(void)
{
	if (stale_writable) {
		mm_flush_tlb();
		stale_writable = false;
	}
}

static int first_type_ref(u64 mfn, u32 type, domid_t d)
{
	struct page_info *pg = mfn_to_page(mfn);
	int rc;

	if (type != PGT_writable_page)
		pgt_flush_stale_writable();
	pg->type_info = type | 1;
	if (!is_table_type(type))
		return 0;
	rc = validate_table(mfn, type_level(type), d);
	if (rc) {
		pg->type_info = type;
		return rc;
	}
	pg->type_info |= PGT_validated;
	return 0;
}

int pgt_get_type(u64 mfn, u32 type, domid_t d)
{
	struct page_info *pg;
	u32 x;

	if (!mfn_valid(mfn) || !is_guest_domid(d) ||
	    (type & ~PGT_type_mask) || type == PGT_none)
		return -XEN_EINVAL;
	pg = mfn_to_page(mfn);
	if (pg->owner != d)
		return -XEN_EINVAL;
	x = pg->type_info;
	if (!(x & PGT_count_mask))
		return first_type_ref(mfn, type, d);
	if ((x & PGT_type_mask) != type) {
		mm_log("mfn %#llx: type %#x wanted, in use as %#x\n",
		       ull(mfn), type, x & PGT_type_mask);
		return -XEN_EINVAL;
	}
	/* a table is never reached again while being validated */
	if (is_table_type(type) && !(x & PGT_validated))
		return -XEN_EINVAL;
	if ((x & PGT_count_mask) == PGT_count_mask)
		return -XEN_EINVAL;
	pg->type_info = x + 1;
	return 0;
}

void pgt_put_type(u64 mfn)
{
	struct page_info *pg;
	u32 x;

	if (!mfn_valid(mfn) || !(mfn_to_page(mfn)->type_info & PGT_count_mask)) {
		mm_log("BUG: put_type of mfn %#llx without a reference\n",
		       ull(mfn));
		return;
	}
	pg = mfn_to_page(mfn);
	x = pg->type_info;
	if ((x & PGT_count_mask) == 1 && (x & PGT_validated)) {
		/* count 0 and not validated before the entries go */
		pg->type_info = x & PGT_type_mask;
		devalidate_table(mfn, type_level(x & PGT_type_mask), pg->owner);
		return;
	}
	if ((x & PGT_type_mask) == PGT_writable_page &&
	    (x & PGT_count_mask) == 1)
		stale_writable = true;
	pg->type_info = x - 1;
}

int mm_get_page_and_type(u64 mfn, u32 type, domid_t d)
{
	int rc = mm_get_page(mfn, d);

	if (rc)
		return rc;
	rc = pgt_get_type(mfn, type, d);
	if (rc)
		mm_put_page(mfn);
	return rc;
}

void mm_put_page_and_type(u64 mfn)
{
	pgt_put_type(mfn);
	mm_put_page(mfn);
}

/* References for a present L1 entry. */
static int get_l1e(u64 gpte, domid_t d)
{
	u64 mfn = pte_mfn(gpte);

	if (gpte & ~L1_GUEST_BITS)
		return -XEN_EINVAL;
	if (!mfn_valid(mfn))
		return -XEN_EPERM;
	if (!(gpte & _PAGE_RW))
		return get_ref(mfn, d, true) ? -XEN_EBUSY : 0;
	if (get_ref(mfn, d, false))
		return -XEN_EBUSY;
	if (pgt_get_type(mfn, PGT_writable_page, d)) {
		mm_put_page(mfn);
		return -XEN_EBUSY;
	}
	return 0;
}

/* References for a present L2..L4 entry: the frame below becomes a table. */
static int get_lne(int level, u64 gpte, domid_t d)
{
	if (gpte & ~LN_GUEST_BITS)
		return -XEN_EINVAL;
	return mm_get_page_and_type(pte_mfn(gpte),
				    PGT_lx_page_table(level - 1), d);
}

static u64 adjust_pte(int level, u64 pte)
{
	if (level > 1 || (pte & _PAGE_USER))
		return level > 1 ? pte | _PAGE_USER : pte;
	return (pte | _PAGE_USER | _PAGE_GUEST_KERNEL) & ~_PAGE_GLOBAL;
}

/*
 * Check @gpte as an entry of a level-@level table of @d and take the
 * references it needs.  *@spte gets the value to store.
 */
static int get_entry(int level, u64 gpte, domid_t d, u64 *spte)
{
	int rc;

	*spte = gpte;
	if (!(gpte & _PAGE_PRESENT))
		return 0;
	rc = level == 1 ? get_l1e(gpte, d) : get_lne(level, gpte, d);
	if (rc)
		return rc;
	*spte = adjust_pte(level, gpte);
	return 0;
}

/* Drop the references the stored entry @spte holds. */
static void drop_refs(int level, u64 spte)
{
	u64 mfn = pte_mfn(spte);

	if (!(spte & _PAGE_PRESENT))
		return;
	if (level > 1 || (spte & _PAGE_RW))
		pgt_put_type(mfn);
	mm_put_page(mfn);
}

static bool is_grant_pte(int level, u64 spte)
{
	return level == 1 && (spte & _PAGE_PRESENT) && (spte & _PAGE_GNTTAB);
}

/* The stored entry @spte of a table of @d goes away. */
static void put_entry(int level, u64 spte, domid_t d)
{
	if (is_grant_pte(level, spte))
		mm_implicit_unmap(d, spte);
	drop_refs(level, spte);
}

static int validate_table(u64 mfn, int level, domid_t d)
{
	u64 *table = mm_map_mfn(mfn);
	unsigned int i;
	u64 gpte;
	int rc;

	for (i = 0; i < PTES_PER_TABLE; i++) {
		if (is_xen_l4_slot(level, i))
			continue;
		gpte = table[i];
		rc = get_entry(level, gpte, d, &table[i]);
		if (rc)
			goto fail;
	}
	if (level == 4)
		mm_init_xen_l4_slots(table);
	return 0;

fail:
	mm_log("d%u: mfn %#llx as L%d: entry %u (%#llx) refused: %d\n",
	       d, ull(mfn), level, i, ull(gpte), rc);
	while (i-- > 0)
		if (!is_xen_l4_slot(level, i))
			put_entry(level, table[i], d);
	return rc;
}

static void devalidate_table(u64 mfn, int level, domid_t d)
{
	u64 *table = mm_map_mfn(mfn);
	unsigned int i;

	for (i = 0; i < PTES_PER_TABLE; i++)
		if (!is_xen_l4_slot(level, i))
			put_entry(level, table[i], d);
}

int pgt_pin(domid_t d, u64 gmfn, int level)
{
	struct page_info *pg;
	int rc;

	if (level < 1 || level > 4)
		return -XEN_EINVAL;
	rc = mm_get_page_and_type(gmfn, PGT_lx_page_table(level), d);
	if (rc)
		return rc;
	pg = mfn_to_page(gmfn);
	if (pg->type_info & PGT_pinned) {
		mm_log("d%u: mfn %#llx already pinned\n", d, ull(gmfn));
		mm_put_page_and_type(gmfn);
		return -XEN_EINVAL;
	}
	pg->type_info |= PGT_pinned;
	return 0;
}

int pgt_unpin(domid_t d, u64 gmfn)
{
	struct page_info *pg;

	if (!mfn_valid(gmfn) || mfn_to_page(gmfn)->owner != d)
		return -XEN_EINVAL;
	pg = mfn_to_page(gmfn);
	if (!(pg->type_info & PGT_pinned))
		return -XEN_EINVAL;
	pg->type_info &= ~PGT_pinned;
	mm_put_page_and_type(gmfn);
	return 0;
}

/* Replace entry @slot of validated level-@level table @mfn. */
static int update_table(domid_t d, u64 mfn, int level, unsigned int slot,
			u64 gpte, bool preserve_ad)
{
	u64 *table = mm_map_mfn(mfn);
	u64 old = table[slot];
	u64 spte;
	int rc;

	if (is_xen_l4_slot(level, slot)) {
		mm_log("d%u: update of hypervisor L4 slot %u\n", d, slot);
		return -XEN_EINVAL;
	}
	if (preserve_ad)
		gpte |= old & (_PAGE_ACCESSED | _PAGE_DIRTY);
	rc = get_entry(level, gpte, d, &spte);
	if (rc) {
		mm_log("d%u: L%d entry %#llx refused: %d\n",
		       d, level, ull(gpte), rc);
		return rc;
	}
	table[slot] = spte;
	put_entry(level, old, d);
	return 0;
}

/* Not a page table: a plain write, if the frame could be mapped writable. */
static int write_plain(domid_t d, u64 mfn, unsigned int slot, u64 val)
{
	u64 *page;

	if (pgt_get_type(mfn, PGT_writable_page, d))
		return -XEN_EINVAL;
	page = mm_map_mfn(mfn);
	page[slot] = val;
	pgt_put_type(mfn);
	return 0;
}

int pgt_update_entry(domid_t d, u64 ptr_maddr, u64 gpte, bool preserve_ad)
{
	u64 mfn = ptr_maddr >> PAGE_SHIFT;
	unsigned int slot = (ptr_maddr & (PAGE_SIZE - 1)) / sizeof(u64);
	u32 x;

	if ((ptr_maddr & (sizeof(u64) - 1)) || !mfn_valid(mfn) ||
	    mfn_to_page(mfn)->owner != d || !is_guest_domid(d))
		return -XEN_EINVAL;
	x = mfn_to_page(mfn)->type_info;
	if (is_table_type(x & PGT_type_mask) && (x & PGT_validated))
		return update_table(d, mfn, type_level(x & PGT_type_mask),
				    slot, gpte, preserve_ad);
	return write_plain(d, mfn, slot, gpte);
}

/* Entry @ptr_maddr of a validated, in-use L1 table of @d, or NULL. */
static u64 *grant_slot(domid_t d, u64 ptr_maddr)
{
	u64 mfn = ptr_maddr >> PAGE_SHIFT;
	u32 x;

	if ((ptr_maddr & (sizeof(u64) - 1)) || !mfn_valid(mfn) ||
	    !is_guest_domid(d) || mfn_to_page(mfn)->owner != d)
		return NULL;
	x = mfn_to_page(mfn)->type_info;
	if ((x & PGT_type_mask) != PGT_l1_page_table ||
	    !(x & PGT_validated) || !(x & PGT_count_mask))
		return NULL;
	return (u64 *)mm_map_mfn(mfn) + (ptr_maddr & (PAGE_SIZE - 1)) /
	       sizeof(u64);
}

#define GRANT_PTE_GUEST	(_PAGE_RW | _PAGE_USER | _PAGE_AVAIL)
#define GRANT_PTE_FIXED	(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY | \
			 _PAGE_NX | _PAGE_GNTTAB)

int pgt_map_grant(domid_t d, u64 ptr_maddr, u64 mfn, u64 flags,
		  domid_t granter)
{
	u64 *slot = grant_slot(d, ptr_maddr);
	u64 old;

	if (!slot || (flags & ~GRANT_PTE_GUEST))
		return -XEN_EINVAL;
	if (get_ref(mfn, granter, false))
		return -XEN_EBUSY;
	if ((flags & _PAGE_RW) &&
	    pgt_get_type(mfn, PGT_writable_page, granter)) {
		mm_put_page(mfn);
		return -XEN_EBUSY;
	}
	old = *slot;
	*slot = adjust_pte(1, (mfn << PAGE_SHIFT) | flags | GRANT_PTE_FIXED);
	put_entry(1, old, d);
	return 0;
}

int pgt_unmap_grant(domid_t d, u64 ptr_maddr, u64 mfn, bool rw)
{
	u64 *slot = grant_slot(d, ptr_maddr);
	u64 old;

	if (!slot)
		return -XEN_EINVAL;
	old = *slot;
	if (!is_grant_pte(1, old) || pte_mfn(old) != mfn ||
	    !(old & _PAGE_RW) != !rw) {
		mm_log("d%u: %#llx is no grant PTE of mfn %#llx%s\n", d,
		       ull(old), ull(mfn), rw ? " (writable)" : "");
		return -XEN_EINVAL;
	}
	*slot = 0;
	drop_refs(1, old);
	return 0;
}

u64 mm_relinquish(domid_t d)
{
	struct page_info *pg;
	u64 mfn, leaked = 0;

	for (mfn = 0; mfn < max_mfn; mfn++)
		if (mfn_to_page(mfn)->owner == d)
			pgt_unpin(d, mfn);	/* -EINVAL if not pinned */
	for (mfn = 0; mfn < max_mfn; mfn++) {
		pg = mfn_to_page(mfn);
		if (pg->owner != d)
			continue;
		if (pg->count || (pg->type_info & PGT_count_mask)) {
			mm_log("d%u: mfn %#llx leaked: count %u type %#x\n",
			       d, ull(mfn), pg->count, pg->type_info);
			leaked++;
			continue;
		}
		pg->type_info = PGT_none;
	}
	return leaked;
}
