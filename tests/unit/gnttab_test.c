// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of hv-stub/gnttab/active.c (with mm/pgtype.c under it) on a
 * fake machine of 32 frames:
 *
 *   0..9    DOMID_XEN       10..25  domain A (1), the granter
 *   26..31  domain B (2)
 *
 * A's grant table is one frame, 10.  Each case writes entries into it as
 * a guest would, pins and unpins them for a grantee, and checks the
 * status codes, the flags the guest sees and the frames' counts.
 */
#include "env.h"
#include "../../hv-stub/mm/pgtype.c"
#include "../../hv-stub/gnttab/active.c"

#define NR_FRAMES	32
#define DOM_A		1
#define DOM_B		2
#define DOM_C		3
#define GT_FRAME	10
#define DATA		14	/* A's frame it grants */
#define DATA2		15
#define A_L1		12	/* A's frame used as a page table */
#define B_FRAME		27

static u64 mem[NR_FRAMES][PTES_PER_TABLE] __aligned(PAGE_SIZE);
static struct page_info frames[NR_FRAMES];
struct page_info *frame_table = frames;
u64 max_mfn = NR_FRAMES;
static struct active_grant active[GNTTAB_PER_FRAME];
static struct gnttab gt;
static struct grant_entry_v1 *entries = (void *)mem[GT_FRAME];
static int orphans_freed;

void *mm_map_mfn(u64 mfn)
{
	if (mfn >= NR_FRAMES) {
		printf("FAIL: gnttab map: %s(%llu) beyond RAM\n", __func__,
		       (unsigned long long)mfn);
		exit(1);
	}
	return mem[mfn];
}

void mm_init_xen_l4_slots(u64 *l4)
{
	memset(&l4[HV_FIRST_SLOT], 0,
	       (HV_LAST_SLOT - HV_FIRST_SLOT + 1) * sizeof(*l4));
}

void mm_flush_tlb(void)
{
}

void mm_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	unit_vlog(fmt, ap);
	va_end(ap);
}

void mm_implicit_unmap(domid_t d, u64 spte)
{
	printf("FAIL: gnttab implicit_unmap: d%u %#llx\n", d,
	       (unsigned long long)spte);
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
	memset(active, 0, sizeof(active));
	memset(&gt, 0, sizeof(gt));
	for (mfn = 0; mfn < NR_FRAMES; mfn++)
		frames[mfn].owner = mfn < 10 ? DOMID_XEN :
				    mfn < 26 ? DOM_A : DOM_B;
	gt.domid = DOM_A;
	gt.nr_frames = 1;
	gt.frame[0] = GT_FRAME;
	gt.active[0] = active;
	orphans_freed = 0;
}

/* What a guest does to grant @frame to @domid. */
static void grant(grant_ref_t ref, domid_t domid, u32 frame, u16 flags)
{
	entries[ref].domid = domid;
	entries[ref].frame = frame;
	entries[ref].flags = flags;
}

static u16 busy(grant_ref_t ref)
{
	return entries[ref].flags & (GTF_reading | GTF_writing);
}

static u32 tcount(u64 mfn)
{
	return frames[mfn].type_info & PGT_count_mask;
}

static bool check(const char *name, bool ok, const char *why)
{
	return unit_check("gnttab", name, ok, "%s", why);
}

static void check_rc(const char *name, int rc, int want)
{
	unit_check("gnttab", name, rc == want, "returned %d, want %d",
		   rc, want);
}

/* Nothing pinned, no flag left set, no reference on any frame. */
static void check_idle(const char *name)
{
	unsigned int ref, mfn;
	bool ok = !gt.pins;

	for (ref = 0; ref < GNTTAB_PER_FRAME; ref++)
		ok &= !busy(ref) && !active[ref].readers &&
		      !active[ref].writers;
	for (mfn = 0; mfn < NR_FRAMES; mfn++)
		ok &= !frames[mfn].count && !tcount(mfn);
	check(name, ok, "a pin, a GTF flag or a reference is left");
}

static void test_refusals(void)
{
	u64 mfn = 0;

	reset();
	grant(8, DOM_B, DATA, GTF_permit_access);
	check_rc("bad_ref", gt_pin(&gt, DOM_B, GNTTAB_PER_FRAME, 0, &mfn),
		 GNTST_bad_gntref);
	check_rc("bad_ref_huge", gt_pin(&gt, DOM_B, ~0U, 0, &mfn),
		 GNTST_bad_gntref);
	check_rc("wrong_grantee", gt_pin(&gt, DOM_C, 8, 0, &mfn),
		 GNTST_general_error);
	grant(9, DOM_B, DATA, GTF_invalid);
	check_rc("invalid_entry", gt_pin(&gt, DOM_B, 9, 0, &mfn),
		 GNTST_general_error);
	grant(9, DOM_B, DATA, GTF_accept_transfer);
	check_rc("transfer_entry", gt_pin(&gt, DOM_B, 9, 0, &mfn),
		 GNTST_general_error);
	grant(9, DOM_B, DATA, GTF_permit_access | GTF_readonly);
	check_rc("readonly_write", gt_pin(&gt, DOM_B, 9, GT_WRITE, &mfn),
		 GNTST_general_error);
	check("refusals_change_nothing",
	      entries[9].flags == (GTF_permit_access | GTF_readonly) &&
	      mfn == 0, "a refused pin set flags or returned a frame");
	grant(9, DOM_B, B_FRAME, GTF_permit_access);
	check_rc("frame_not_granters", gt_pin(&gt, DOM_B, 9, 0, &mfn),
		 GNTST_bad_page);
	grant(9, DOM_B, 1000, GTF_permit_access);
	check_rc("frame_beyond_ram", gt_pin(&gt, DOM_B, 9, GT_WRITE, &mfn),
		 GNTST_bad_page);
	check_idle("refusals_idle");
}

static void test_sub_page(void)
{
	u64 mfn;

	reset();
	grant(8, DOM_B, DATA, GTF_permit_access | GTF_sub_page);
	check_rc("sub_page_map", gt_pin(&gt, DOM_B, 8, 0, &mfn),
		 GNTST_general_error);
	check_rc("sub_page_copy", gt_pin(&gt, DOM_B, 8, GT_COPY, &mfn), 0);
	gt_unpin(&gt, 8, false);
	check_idle("sub_page_idle");
}

static void test_read_write(void)
{
	u64 mfn = 0;
	int rc;

	reset();
	grant(8, DOM_B, DATA, GTF_permit_access);
	rc = gt_pin(&gt, DOM_B, 8, 0, &mfn);
	check("read_pin",
	      rc == 0 && mfn == DATA && busy(8) == GTF_reading &&
	      frames[DATA].count == 1 && tcount(DATA) == 0 && gt.pins == 1,
	      "wrong frame, flags or references");
	rc = gt_pin(&gt, DOM_B, 8, GT_WRITE, &mfn);
	check("write_pin_nests",
	      rc == 0 && busy(8) == (GTF_reading | GTF_writing) &&
	      frames[DATA].count == 1 && tcount(DATA) == 1 &&
	      frames[DATA].type_info >> PGT_type_shift ==
	      PGT_writable_page >> PGT_type_shift,
	      "GTF_writing or the writable type reference missing");
	gt_pin(&gt, DOM_B, 8, GT_WRITE, &mfn);
	check("second_write_pin", tcount(DATA) == 1 && gt.pins == 3,
	      "a type reference per write pin");
	check_rc("other_grantee_while_pinned",
		 gt_pin(&gt, DOM_C, 8, 0, &mfn), GNTST_general_error);
	gt_unpin(&gt, 8, true);
	check("write_unpin_nested", busy(8) == (GTF_reading | GTF_writing),
	      "GTF_writing cleared while a write pin remains");
	gt_unpin(&gt, 8, true);
	check("last_write_unpin",
	      busy(8) == GTF_reading && tcount(DATA) == 0 &&
	      frames[DATA].count == 1,
	      "GTF_writing or the type reference left after the last writer");
	gt_unpin(&gt, 8, false);
	check("entry_flags_kept", entries[8].flags == GTF_permit_access,
	      "unpin touched the guest's own flags");
	check_idle("read_write_idle");
}

/* While pinned, the frame read at the first pin is what counts. */
static void test_entry_rewritten(void)
{
	u64 mfn;

	reset();
	grant(8, DOM_B, DATA, GTF_permit_access);
	gt_pin(&gt, DOM_B, 8, 0, &mfn);
	entries[8].frame = DATA2;
	entries[8].domid = DOM_C;
	gt_pin(&gt, DOM_B, 8, 0, &mfn);
	check("pinned_frame_stays", mfn == DATA && frames[DATA2].count == 0,
	      "a rewritten entry changed a pinned grant");
	entries[8].flags |= GTF_readonly;
	check_rc("readonly_set_while_read_pinned",
		 gt_pin(&gt, DOM_B, 8, GT_WRITE, &mfn), GNTST_general_error);
	check("refused_write_keeps_reading", busy(8) == GTF_reading,
	      "refused write pin cleared GTF_reading");
	gt_unpin(&gt, 8, false);
	gt_unpin(&gt, 8, false);
	check_idle("rewritten_idle");
}

/* A frame in use as a page table cannot be pinned for writing. */
static void test_page_table_frame(void)
{
	u64 mfn;

	reset();
	pgt_pin(DOM_A, A_L1, 1);
	grant(8, DOM_B, A_L1, GTF_permit_access);
	check_rc("write_pin_of_l1", gt_pin(&gt, DOM_B, 8, GT_WRITE, &mfn),
		 GNTST_general_error);
	check("write_pin_of_l1_clears", busy(8) == 0 &&
	      frames[A_L1].count == 1, "flags or a reference left behind");
	check_rc("read_pin_of_l1", gt_pin(&gt, DOM_B, 8, 0, &mfn), 0);
	gt_unpin(&gt, 8, false);
	pgt_unpin(DOM_A, A_L1);
	check_idle("page_table_idle");

	reset();
	grant(8, DOM_B, A_L1, GTF_permit_access);
	gt_pin(&gt, DOM_B, 8, GT_WRITE, &mfn);
	check_rc("pinned_writable_not_a_table", pgt_pin(DOM_A, A_L1, 1),
		 -XEN_EINVAL);
	gt_unpin(&gt, 8, true);
	check_idle("writable_pin_idle");
}

static void test_pin_limit(void)
{
	unsigned int i;
	u64 mfn;

	reset();
	grant(8, DOM_B, DATA, GTF_permit_access);
	for (i = 0; i < GNTTAB_PIN_MAX; i++)
		gt_pin(&gt, DOM_B, 8, 0, &mfn);
	check_rc("pin_limit", gt_pin(&gt, DOM_B, 8, 0, &mfn),
		 GNTST_general_error);
	check_rc("pin_limit_per_kind", gt_pin(&gt, DOM_B, 8, GT_WRITE, &mfn),
		 0);
	gt_unpin(&gt, 8, true);
	for (i = 0; i < GNTTAB_PIN_MAX; i++)
		gt_unpin(&gt, 8, false);
	check_idle("pin_limit_idle");
}

/* The granter died: its entries are gone, the frame goes with the pin. */
static void test_orphan(void)
{
	u64 mfn;

	reset();
	grant(8, DOM_B, DATA, GTF_permit_access);
	gt_pin(&gt, DOM_B, 8, GT_WRITE, &mfn);
	gt.orphan = true;
	mm_orphan_frame(DATA);
	entries[8].flags = 0x5a5a;	/* the frame is someone else's now */
	gt_unpin(&gt, 8, true);
	check("orphan_frame_freed",
	      orphans_freed == 1 && entries[8].flags == 0x5a5a &&
	      gt.pins == 0,
	      "orphan's frame not freed, or its old entries written");
	check_rc("orphan_not_pinnable", gt_pin(&gt, DOM_B, 8, 0, &mfn),
		 GNTST_bad_gntref);
}

int main(void)
{
	test_refusals();
	test_sub_page();
	test_read_write();
	test_entry_rewritten();
	test_page_table_frame();
	test_pin_limit();
	test_orphan();
	return 0;
}
