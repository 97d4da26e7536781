// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of hv-stub/mm/pgtype.c on a fake machine of 64 frames:
 *
 *   0..7    DOMID_XEN          8..9    DOMID_XEN, PGF_shared_ro
 *   10..35  domain A (1)       36..55  domain B (2)
 *   56..63  free (DOMID_INVALID)
 *
 * Each case builds small page-table trees in A's frames and checks the
 * return codes and every frame's counts afterwards.  Grant PTEs map B's
 * frames into A's tables.
 */
#include "env.h"
#include "../../hv-stub/mm/pgtype.c"

#define NR_FRAMES	64
#define DOM_A		1
#define DOM_B		2
#define XEN_FRAME	2
#define SHARED_FRAME	8
#define B_FRAME		40
#define FREE_FRAME	60
#define BEYOND_RAM	100

#define TBL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define RO	(_PAGE_PRESENT | _PAGE_ACCESSED)
#define RW	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)

/* what mm_init_xen_l4_slots() writes: frames beyond RAM, no references */
#define XEN_SLOT_VAL(i)	((((u64)NR_FRAMES + 1000 + (i)) << PAGE_SHIFT) | \
			 _PAGE_PRESENT | _PAGE_RW)

static u64 mem[NR_FRAMES][PTES_PER_TABLE] __aligned(PAGE_SIZE);
static struct page_info frames[NR_FRAMES];
struct page_info *frame_table = frames;
u64 max_mfn = NR_FRAMES;
static int bugs_logged;

void *mm_map_mfn(u64 mfn)
{
	if (mfn >= NR_FRAMES) {
		printf("FAIL: pgtype map: %s(%llu) beyond RAM\n", __func__,
		       (unsigned long long)mfn);
		exit(1);
	}
	return mem[mfn];
}

void mm_init_xen_l4_slots(u64 *l4)
{
	unsigned int i;

	for (i = HV_FIRST_SLOT; i <= HV_LAST_SLOT; i++)
		l4[i] = XEN_SLOT_VAL(i);
}

static int tlb_flushes;

void mm_flush_tlb(void)
{
	tlb_flushes++;
}

void mm_log(const char *fmt, ...)
{
	va_list ap;

	if (!strncmp(fmt, "BUG", 3))
		bugs_logged++;
	va_start(ap, fmt);
	unit_vlog(fmt, ap);
	va_end(ap);
}

/* the environment's view of grant PTEs that went away, and of orphans */
static int implicit_unmaps;
static domid_t implicit_dom;
static u64 implicit_pte;
static int orphans_freed;

void mm_implicit_unmap(domid_t d, u64 spte)
{
	implicit_unmaps++;
	implicit_dom = d;
	implicit_pte = spte;
}

void mm_free_orphan(u64 mfn)
{
	orphans_freed++;
	frames[mfn].owner = DOMID_INVALID;
	frames[mfn].flags = 0;
}

static void reset(void)
{
	u64 mfn;

	memset(mem, 0, sizeof(mem));
	memset(frames, 0, sizeof(frames));
	implicit_unmaps = 0;
	implicit_dom = DOMID_INVALID;
	orphans_freed = 0;
	for (mfn = 0; mfn < NR_FRAMES; mfn++) {
		if (mfn < 10)
			frames[mfn].owner = DOMID_XEN;
		else if (mfn < 36)
			frames[mfn].owner = DOM_A;
		else if (mfn < 56)
			frames[mfn].owner = DOM_B;
		else
			frames[mfn].owner = DOMID_INVALID;
	}
	frames[8].flags = PGF_shared_ro;
	frames[9].flags = PGF_shared_ro;
}

static u64 pte(u64 mfn, u64 flags)
{
	return (mfn << PAGE_SHIFT) | flags;
}

static u64 maddr(u64 mfn, unsigned int slot)
{
	return (mfn << PAGE_SHIFT) + slot * sizeof(u64);
}

static u32 tcount(u64 mfn)
{
	return frames[mfn].type_info & PGT_count_mask;
}

static u32 ttype(u64 mfn)
{
	return frames[mfn].type_info & PGT_type_mask;
}

/* every frame has no reference at all: its mfn, or -1 */
static int first_busy_frame(void)
{
	int mfn;

	for (mfn = 0; mfn < NR_FRAMES; mfn++)
		if (frames[mfn].count || tcount(mfn) ||
		    (frames[mfn].type_info & (PGT_pinned | PGT_validated)))
			return mfn;
	return -1;
}

static bool check(const char *name, bool ok, const char *why)
{
	return unit_check("pgtype", name, ok, "%s", why);
}

static void check_rc(const char *name, int rc, int want)
{
	unit_check("pgtype", name, rc == want, "returned %d, want %d",
		   rc, want);
}

static void check_rc_clean(const char *name, int rc, int want)
{
	int busy = first_busy_frame();

	unit_check("pgtype", name, rc == want && busy < 0,
		   "returned %d (want %d); mfn %d count %u type %#x",
		   rc, want, busy, busy < 0 ? 0 : frames[busy].count,
		   busy < 0 ? 0 : frames[busy].type_info);
}

/*
 * A's tree: L4 10 -> L3 11 -> L2 12 -> L1 13, mapping 14 and 15 writable,
 * 16 read-only, and read-only its own frame, the L2 and the L4 (as Linux
 * maps its page tables).  L4 slot 260 holds
 * guest garbage that must be ignored and overwritten.
 */
static void build_tree(void)
{
	mem[10][0] = pte(11, TBL);
	mem[10][260] = pte(B_FRAME, TBL | _PAGE_PSE);
	mem[11][0] = pte(12, TBL);
	mem[12][0] = pte(13, TBL);
	mem[13][0] = pte(14, RW);
	mem[13][1] = pte(15, RW | _PAGE_USER);
	mem[13][2] = pte(16, RO);
	mem[13][3] = pte(13, RO);
	mem[13][4] = pte(12, RO);
	mem[13][7] = pte(10, RO);
}

static void test_valid_tree(void)
{
	unsigned int i;
	bool slots = true;
	int rc;

	reset();
	build_tree();
	rc = pgt_pin(DOM_A, 10, 4);
	check_rc("pin_valid_l4_tree", rc, 0);
	check("tree_types",
	      ttype(10) == PGT_l4_page_table && ttype(11) == PGT_l3_page_table &&
	      ttype(12) == PGT_l2_page_table && ttype(13) == PGT_l1_page_table &&
	      ttype(14) == PGT_writable_page && ttype(15) == PGT_writable_page &&
	      (frames[10].type_info & (PGT_pinned | PGT_validated)) ==
	      (PGT_pinned | PGT_validated) &&
	      (frames[13].type_info & PGT_validated),
	      "wrong type, pinned or validated flags");
	check("tree_counts",
	      frames[10].count == 2 && tcount(10) == 1 &&
	      frames[11].count == 1 && tcount(11) == 1 &&
	      frames[12].count == 2 && tcount(12) == 1 &&
	      frames[13].count == 2 && tcount(13) == 1 &&
	      frames[14].count == 1 && tcount(14) == 1 &&
	      frames[16].count == 1 && tcount(16) == 0,
	      "general or type counts differ from one per entry");
	for (i = HV_FIRST_SLOT; i <= HV_LAST_SLOT; i++)
		slots &= mem[10][i] == XEN_SLOT_VAL(i);
	check("l4_xen_slots_filled", slots && frames[B_FRAME].count == 0,
	      "slots 256..271 not filled, or guest garbage took a reference");
	check("ptes_adjusted",
	      mem[10][0] == pte(11, TBL) &&
	      (mem[13][0] & (_PAGE_USER | _PAGE_GUEST_KERNEL)) ==
	      (_PAGE_USER | _PAGE_GUEST_KERNEL) &&
	      !(mem[13][1] & _PAGE_GUEST_KERNEL),
	      "kernel L1 entry not made user + guest-kernel");
	check_rc("double_pin_refused", pgt_pin(DOM_A, 10, 4), -XEN_EINVAL);
	check("double_pin_counts", frames[10].count == 2 && tcount(10) == 1,
	      "refused pin changed the counts");
	check_rc("unpin_foreign_refused", pgt_unpin(DOM_B, 10), -XEN_EINVAL);
	rc = pgt_unpin(DOM_A, 10);
	check_rc_clean("unpin_all_counts_zero", rc, 0);
	check_rc("unpin_twice_refused", pgt_unpin(DOM_A, 10), -XEN_EINVAL);
}

static void test_l1_refusals(void)
{
	reset();
	mem[13][0] = pte(13, RW);
	check_rc_clean("self_writable_l1", pgt_pin(DOM_A, 13, 1), -XEN_EBUSY);

	reset();
	mem[13][0] = pte(14, RW);
	mem[13][1] = pte(B_FRAME, RO);
	check_rc_clean("foreign_frame_l1", pgt_pin(DOM_A, 13, 1), -XEN_EBUSY);

	reset();
	mem[13][5] = pte(XEN_FRAME, RO);
	check_rc_clean("xen_frame_l1", pgt_pin(DOM_A, 13, 1), -XEN_EBUSY);

	reset();
	mem[13][5] = pte(FREE_FRAME, RO);
	check_rc_clean("free_frame_l1", pgt_pin(DOM_A, 13, 1), -XEN_EBUSY);

	reset();
	mem[13][0] = pte(BEYOND_RAM, RO);
	check_rc_clean("beyond_ram_l1", pgt_pin(DOM_A, 13, 1), -XEN_EPERM);

	reset();
	mem[13][0] = pte(14, RW | _PAGE_PCD);
	check_rc_clean("cache_attr_l1", pgt_pin(DOM_A, 13, 1), -XEN_EINVAL);

	reset();
	mem[13][0] = pte(14, RO | _PAGE_GNTTAB);
	check_rc_clean("gnttab_bit_l1", pgt_pin(DOM_A, 13, 1), -XEN_EINVAL);

	reset();
	mem[13][0] = pte(14, RW & ~_PAGE_PRESENT) | _PAGE_PCD;
	mem[13][1] = pte(BEYOND_RAM, 0);
	check_rc("not_present_ignored", pgt_pin(DOM_A, 13, 1), 0);
}

static void test_shared_ro(void)
{
	int rc;

	reset();
	mem[13][0] = pte(SHARED_FRAME, RO);
	rc = pgt_pin(DOM_A, 13, 1);
	check("shared_ro_readonly_ok", rc == 0 && frames[8].count == 1,
	      "read-only map of a shared frame refused or not counted");
	pgt_unpin(DOM_A, 13);
	check_rc_clean("shared_ro_unpin", 0, 0);

	reset();
	mem[13][0] = pte(SHARED_FRAME, RW);
	check_rc_clean("shared_ro_writable", pgt_pin(DOM_A, 13, 1),
		       -XEN_EBUSY);
	check_rc("shared_ro_not_pinnable", pgt_pin(DOM_A, SHARED_FRAME, 1),
		 -XEN_EINVAL);
}

static void test_type_conflicts(void)
{
	int rc;

	reset();
	check_rc("pin_l1", pgt_pin(DOM_A, 13, 1), 0);
	mem[17][0] = pte(13, RW);
	check_rc("writable_map_of_pinned_l1", pgt_pin(DOM_A, 17, 1),
		 -XEN_EBUSY);
	mem[17][0] = 0;
	pgt_pin(DOM_A, 17, 1);
	rc = pgt_update_entry(DOM_A, maddr(17, 0), pte(13, RW), false);
	check("update_writable_map_of_l1",
	      rc == -XEN_EBUSY && mem[17][0] == 0 && tcount(13) == 1,
	      "writable mapping of a page table accepted");
	pgt_unpin(DOM_A, 17);
	pgt_unpin(DOM_A, 13);

	reset();
	mem[17][0] = pte(14, RW);
	pgt_pin(DOM_A, 17, 1);
	check_rc("writable_mapped_not_pinnable", pgt_pin(DOM_A, 14, 1),
		 -XEN_EINVAL);
	mem[12][0] = pte(14, TBL);
	check_rc("writable_mapped_not_l1", pgt_pin(DOM_A, 12, 2), -XEN_EINVAL);
	pgt_update_entry(DOM_A, maddr(17, 0), 0, false);
	check_rc("unmapped_then_pinnable", pgt_pin(DOM_A, 14, 1), 0);
	pgt_unpin(DOM_A, 14);
	pgt_unpin(DOM_A, 17);
	check_rc_clean("type_conflicts_clean", 0, 0);

	reset();
	mem[10][5] = pte(10, TBL);
	check_rc_clean("linear_l4_refused", pgt_pin(DOM_A, 10, 4), -XEN_EINVAL);

	reset();
	mem[12][0] = pte(12, TBL);
	check_rc_clean("linear_l2_refused", pgt_pin(DOM_A, 12, 2), -XEN_EINVAL);
}

static void test_upper_refusals(void)
{
	reset();
	mem[12][0] = pte(13, TBL | _PAGE_PSE);
	check_rc_clean("pse_l2_refused", pgt_pin(DOM_A, 12, 2), -XEN_EINVAL);

	reset();
	mem[11][0] = pte(12, TBL | _PAGE_PSE);
	check_rc_clean("pse_l3_refused", pgt_pin(DOM_A, 11, 3), -XEN_EINVAL);

	reset();
	mem[12][0] = pte(B_FRAME, TBL);
	check_rc_clean("foreign_frame_l2", pgt_pin(DOM_A, 12, 2), -XEN_EINVAL);

	reset();
	mem[11][0] = pte(XEN_FRAME, TBL);
	check_rc_clean("xen_frame_l3", pgt_pin(DOM_A, 11, 3), -XEN_EINVAL);

	reset();
	mem[12][7] = pte(BEYOND_RAM, TBL);
	check_rc_clean("beyond_ram_l2", pgt_pin(DOM_A, 12, 2), -XEN_EINVAL);

	reset();
	check_rc("pin_beyond_ram", pgt_pin(DOM_A, BEYOND_RAM, 1), -XEN_EINVAL);
	check_rc("pin_foreign", pgt_pin(DOM_A, B_FRAME, 1), -XEN_EINVAL);
	check_rc("pin_xen_frame", pgt_pin(DOM_A, XEN_FRAME, 1), -XEN_EINVAL);
	check_rc("pin_bad_level", pgt_pin(DOM_A, 13, 5), -XEN_EINVAL);
	check_rc("get_page_foreign", mm_get_page(B_FRAME, DOM_A), -XEN_EINVAL);
}

/* A failure deep in the tree unwinds every reference taken before it. */
static void test_unwind(void)
{
	unsigned int i;

	reset();
	build_tree();
	for (i = 20; i < 30; i++)
		mem[13][i] = pte(i, RW);
	mem[13][30] = pte(B_FRAME, RO);
	/* a complete subtree validated before the failing one */
	mem[11][0] = pte(18, TBL);
	mem[11][1] = pte(12, TBL);
	mem[18][0] = pte(19, TBL);
	mem[19][0] = pte(20, RW);
	check_rc_clean("deep_failure_unwinds", pgt_pin(DOM_A, 10, 4),
		       -XEN_EBUSY);
}

static void test_update_l1(void)
{
	int rc;

	reset();
	mem[17][0] = pte(14, RW | _PAGE_USER);
	pgt_pin(DOM_A, 17, 1);
	rc = pgt_update_entry(DOM_A, maddr(17, 0), pte(15, RW | _PAGE_USER),
			      false);
	check("update_l1_transfers_refs",
	      rc == 0 && mem[17][0] == pte(15, RW | _PAGE_USER) &&
	      frames[14].count == 0 && tcount(14) == 0 &&
	      frames[15].count == 1 && tcount(15) == 1,
	      "references not moved from old to new frame");
	rc = pgt_update_entry(DOM_A, maddr(17, 0), pte(B_FRAME, RO), false);
	check("update_refused_keeps_old",
	      rc == -XEN_EBUSY && mem[17][0] == pte(15, RW | _PAGE_USER) &&
	      frames[15].count == 1 && frames[B_FRAME].count == 0,
	      "refused update changed the entry or the counts");
	mem[17][1] = 0;
	pgt_update_entry(DOM_A, maddr(17, 1),
			 pte(16, RO | _PAGE_USER | _PAGE_DIRTY), false);
	rc = pgt_update_entry(DOM_A, maddr(17, 1), pte(16, RO | _PAGE_USER),
			      true);
	check("update_preserve_ad",
	      rc == 0 && (mem[17][1] & _PAGE_DIRTY) && frames[16].count == 1,
	      "accessed/dirty bits lost");
	check_rc("update_foreign_table",
		 pgt_update_entry(DOM_B, maddr(17, 0), 0, false), -XEN_EINVAL);
	check_rc("update_misaligned",
		 pgt_update_entry(DOM_A, maddr(17, 0) + 4, 0, false),
		 -XEN_EINVAL);
	pgt_update_entry(DOM_A, maddr(17, 0), 0, false);
	pgt_update_entry(DOM_A, maddr(17, 1), 0, false);
	check("update_to_not_present",
	      frames[15].count == 0 && tcount(15) == 0 && frames[16].count == 0,
	      "clearing an entry kept its references");
	pgt_unpin(DOM_A, 17);
	check_rc_clean("update_l1_clean", 0, 0);
}

/*
 * A frame whose writable mapping was just removed may still be writable
 * through the TLB: it becomes a page table only after a flush.
 */
static void test_stale_tlb_flush(void)
{
	int flushes;

	reset();
	pgt_tlb_flushed();
	mem[17][0] = pte(14, RW | _PAGE_USER);
	pgt_pin(DOM_A, 17, 1);
	flushes = tlb_flushes;
	pgt_pin(DOM_A, 18, 1);
	check("no_flush_without_stale_mapping", tlb_flushes == flushes,
	      "pinning flushed the TLB with no writable mapping removed");
	pgt_update_entry(DOM_A, maddr(17, 0), 0, false);
	check("no_flush_on_unmap", tlb_flushes == flushes,
	      "removing a mapping flushed at once (batches would pay per entry)");
	pgt_pin(DOM_A, 14, 1);
	check("flush_before_promoting_unmapped_frame",
	      tlb_flushes == flushes + 1,
	      "a frame unmapped writable became a page table without a flush");
	pgt_pin(DOM_A, 19, 1);
	check("one_flush_covers_all", tlb_flushes == flushes + 1,
	      "flushed again though nothing was unmapped since");
	pgt_unpin(DOM_A, 14);
	pgt_unpin(DOM_A, 17);
	pgt_unpin(DOM_A, 18);
	pgt_unpin(DOM_A, 19);
	check_rc_clean("stale_tlb_clean", 0, 0);
}

static void test_update_upper(void)
{
	int rc;

	reset();
	build_tree();
	pgt_pin(DOM_A, 10, 4);
	rc = pgt_update_entry(DOM_A, maddr(10, 260), 0, false);
	check("update_l4_xen_slot",
	      rc == -XEN_EINVAL && mem[10][260] == XEN_SLOT_VAL(260),
	      "hypervisor L4 slot writable by the guest");
	mem[18][0] = pte(19, RW);
	rc = pgt_update_entry(DOM_A, maddr(12, 0), pte(18, TBL), false);
	check("update_l2_transfers_refs",
	      rc == 0 && ttype(18) == PGT_l1_page_table && tcount(18) == 1 &&
	      tcount(13) == 0 && !(frames[13].type_info & PGT_validated) &&
	      frames[14].count == 0 && tcount(14) == 0 && tcount(19) == 1 &&
	      frames[12].count == 1,
	      "old L1 not devalidated or new L1 not validated");
	rc = pgt_update_entry(DOM_A, maddr(12, 1), pte(18, TBL), false);
	check("l1_shared_by_two_entries", rc == 0 && tcount(18) == 2,
	      "second reference to a validated L1 not counted");
	rc = pgt_update_entry(DOM_A, maddr(12, 2), pte(12, TBL), false);
	check_rc("update_linear_l2_refused", rc, -XEN_EINVAL);
	rc = pgt_update_entry(DOM_A, maddr(12, 2), pte(13, TBL | _PAGE_PSE),
			      false);
	check_rc("update_pse_refused", rc, -XEN_EINVAL);
	pgt_unpin(DOM_A, 10);
	check_rc_clean("update_upper_clean", 0, 0);
}

static void test_update_plain(void)
{
	int rc;

	reset();
	rc = pgt_update_entry(DOM_A, maddr(20, 3), 0x1234, false);
	check("update_plain_page",
	      rc == 0 && mem[20][3] == 0x1234 && tcount(20) == 0,
	      "write to a data page failed or kept a type reference");
	pgt_get_type(20, PGT_seg_desc_page, DOM_A);
	check_rc("update_seg_desc_refused",
		 pgt_update_entry(DOM_A, maddr(20, 3), 0, false), -XEN_EINVAL);
	mem[17][0] = pte(20, RW);
	check_rc("writable_map_of_seg_desc", pgt_pin(DOM_A, 17, 1), -XEN_EBUSY);
	pgt_put_type(20);
	check_rc_clean("seg_desc_put", 0, 0);
	check_rc("update_xen_frame_refused",
		 pgt_update_entry(DOM_A, maddr(XEN_FRAME, 0), 0, false),
		 -XEN_EINVAL);
}

static void test_relinquish(void)
{
	u64 leaked;
	int busy;

	reset();
	build_tree();
	mem[13][6] = pte(SHARED_FRAME, RO);
	mem[21][0] = pte(22, RW);
	mem[36][0] = pte(37, RW);	/* B's own tree stays */
	pgt_pin(DOM_A, 10, 4);
	pgt_pin(DOM_A, 13, 1);
	pgt_pin(DOM_A, 21, 1);
	pgt_pin(DOM_B, 36, 1);
	leaked = mm_relinquish(DOM_A);
	pgt_unpin(DOM_B, 36);
	busy = first_busy_frame();
	check("relinquish_pinned_tree",
	      leaked == 0 && busy < 0 && ttype(10) == PGT_none &&
	      ttype(14) == PGT_none,
	      "frames still referenced after domain death");

	reset();
	build_tree();
	pgt_pin(DOM_A, 10, 4);
	mm_get_page(16, DOM_A);
	leaked = mm_relinquish(DOM_A);
	check("relinquish_reports_leak",
	      leaked == 1 && frames[16].count == 1 && tcount(10) == 0,
	      "stray reference not reported");
}

#define GRANT_RW	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
			 _PAGE_DIRTY | _PAGE_NX | _PAGE_GNTTAB | _PAGE_USER | \
			 _PAGE_GUEST_KERNEL)

/* A grant PTE in A's L1 17 for B's frame, as gnttab/map.c writes one. */
static void test_grant_pte(void)
{
	int rc;

	reset();
	pgt_pin(DOM_A, 17, 1);
	rc = pgt_map_grant(DOM_A, maddr(17, 0), B_FRAME, _PAGE_RW, DOM_B);
	check("grant_pte_written",
	      rc == 0 && mem[17][0] == pte(B_FRAME, GRANT_RW) &&
	      frames[B_FRAME].count == 1 && tcount(B_FRAME) == 1 &&
	      ttype(B_FRAME) == PGT_writable_page,
	      "entry or the granter frame's references wrong");
	check_rc("grant_pte_frame_not_granters",
		 pgt_map_grant(DOM_A, maddr(17, 1), 14, 0, DOM_B), -XEN_EBUSY);
	check_rc("grant_pte_unvalidated_l1",
		 pgt_map_grant(DOM_A, maddr(18, 0), B_FRAME, 0, DOM_B),
		 -XEN_EINVAL);
	check_rc("grant_pte_others_l1",
		 pgt_map_grant(DOM_B, maddr(17, 1), B_FRAME, 0, DOM_B),
		 -XEN_EINVAL);
	check_rc("grant_pte_misaligned",
		 pgt_map_grant(DOM_A, maddr(17, 1) + 2, B_FRAME, 0, DOM_B),
		 -XEN_EINVAL);
	check_rc("grant_pte_bad_flags",
		 pgt_map_grant(DOM_A, maddr(17, 1), B_FRAME, _PAGE_PCD, DOM_B),
		 -XEN_EINVAL);
	check_rc("grant_pte_forged_by_update",
		 pgt_update_entry(DOM_A, maddr(17, 1), mem[17][0], false),
		 -XEN_EINVAL);
	check_rc("grant_unmap_wrong_rw",
		 pgt_unmap_grant(DOM_A, maddr(17, 0), B_FRAME, false),
		 -XEN_EINVAL);
	check_rc("grant_unmap_wrong_mfn",
		 pgt_unmap_grant(DOM_A, maddr(17, 0), B_FRAME + 1, true),
		 -XEN_EINVAL);
	pgt_update_entry(DOM_A, maddr(17, 2), pte(14, RW), false);
	check_rc("grant_unmap_plain_entry",
		 pgt_unmap_grant(DOM_A, maddr(17, 2), 14, true), -XEN_EINVAL);
	pgt_update_entry(DOM_A, maddr(17, 2), 0, false);
	rc = pgt_unmap_grant(DOM_A, maddr(17, 0), B_FRAME, true);
	check("grant_unmap_explicit",
	      rc == 0 && mem[17][0] == 0 && frames[B_FRAME].count == 0 &&
	      tcount(B_FRAME) == 0 && implicit_unmaps == 0,
	      "explicit unmap kept references or counted as implicit");
	pgt_unpin(DOM_A, 17);
	check_rc_clean("grant_pte_clean", 0, 0);

	/* a writable grant of a page table is refused, a read-only one not */
	pgt_pin(DOM_A, 17, 1);
	pgt_pin(DOM_B, 37, 1);
	check_rc("grant_pte_writable_of_l1",
		 pgt_map_grant(DOM_A, maddr(17, 0), 37, _PAGE_RW, DOM_B),
		 -XEN_EBUSY);
	check_rc("grant_pte_readonly_of_l1",
		 pgt_map_grant(DOM_A, maddr(17, 0), 37, 0, DOM_B), 0);
	pgt_unmap_grant(DOM_A, maddr(17, 0), 37, false);
	pgt_unpin(DOM_B, 37);
	pgt_unpin(DOM_A, 17);
	check_rc_clean("grant_pte_l1_clean", 0, 0);
}

/* A grant PTE lost by an update or with its table: the hook hears. */
static void test_implicit_unmap(void)
{
	int rc;

	reset();
	pgt_pin(DOM_A, 17, 1);
	pgt_map_grant(DOM_A, maddr(17, 0), B_FRAME, _PAGE_RW, DOM_B);
	rc = pgt_update_entry(DOM_A, maddr(17, 0), pte(14, RW), false);
	check("implicit_unmap_by_update",
	      rc == 0 && implicit_unmaps == 1 && implicit_dom == DOM_A &&
	      implicit_pte == pte(B_FRAME, GRANT_RW) &&
	      frames[B_FRAME].count == 0 && tcount(B_FRAME) == 0,
	      "overwritten grant PTE not reported or references kept");
	pgt_map_grant(DOM_A, maddr(17, 1), B_FRAME, 0, DOM_B);
	rc = pgt_map_grant(DOM_A, maddr(17, 1), B_FRAME, _PAGE_RW, DOM_B);
	check("implicit_unmap_by_grant",
	      rc == 0 && implicit_unmaps == 2 && frames[B_FRAME].count == 1,
	      "grant PTE replaced by another not reported");
	pgt_unpin(DOM_A, 17);
	check("implicit_unmap_by_devalidation", implicit_unmaps == 3,
	      "grant PTE of a devalidated L1 not reported");
	check_rc_clean("implicit_unmap_clean", 0, 0);
}

/* A frame that outlived its domain goes with its last reference. */
static void test_orphan(void)
{
	reset();
	pgt_pin(DOM_A, 17, 1);
	pgt_map_grant(DOM_A, maddr(17, 0), B_FRAME, _PAGE_RW, DOM_B);
	mm_orphan_frame(B_FRAME);
	check("orphan_owned_by_nobody",
	      frames[B_FRAME].owner == DOMID_XEN && orphans_freed == 0 &&
	      mm_get_page(B_FRAME, DOM_B) == -XEN_EINVAL,
	      "orphan still mappable by its dead owner");
	pgt_unmap_grant(DOM_A, maddr(17, 0), B_FRAME, true);
	check("orphan_freed_with_last_ref",
	      orphans_freed == 1 && frames[B_FRAME].owner == DOMID_INVALID,
	      "orphan not freed when its last reference went");
	pgt_unpin(DOM_A, 17);
	check_rc_clean("orphan_clean", 0, 0);
	mm_get_page(14, DOM_A);
	mm_put_page(14);
	check("no_orphan_free_for_live_frames", orphans_freed == 1,
	      "a live frame was handed to mm_free_orphan");
}

int main(void)
{
	test_valid_tree();
	test_stale_tlb_flush();
	test_l1_refusals();
	test_shared_ro();
	test_type_conflicts();
	test_upper_refusals();
	test_unwind();
	test_update_l1();
	test_update_upper();
	test_update_plain();
	test_relinquish();
	test_grant_pte();
	test_implicit_unmap();
	test_orphan();
	check("no_bug_logged", bugs_logged == 0,
	      "a reference was dropped that was never taken");
	return 0;
}
