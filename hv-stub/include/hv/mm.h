/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frame table and page types: the memory-safety core of hv-stub.
 *
 * Every machine frame has a struct page_info with an owner, a count of
 * general references and a type with its own count, as in Xen.  A frame
 * holds at most one type at a time while its type count is non-zero; a
 * page-table type is only ever held by a frame whose every entry has been
 * validated (PGT_validated).  The rules are implemented in mm/pgtype.c, a
 * pure module also built by the host unit tests (tests/unit/pgtype_test.c).
 *
 * The environment (hv-stub core, or the unit test) provides frame_table,
 * max_mfn and the three hooks declared at the end of this file.
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <hv/layout.h>
#include <hv/types.h>
#include <public/xen.h>

#define PTES_PER_TABLE		512


/* x86_64 page-table entry bits */
#define _PAGE_PRESENT		0x001ull
#define _PAGE_RW		0x002ull
#define _PAGE_USER		0x004ull
#define _PAGE_PWT		0x008ull
#define _PAGE_PCD		0x010ull
#define _PAGE_ACCESSED		0x020ull
#define _PAGE_DIRTY		0x040ull
#define _PAGE_PSE		0x080ull	/* L2/L3: superpage */
#define _PAGE_PAT		0x080ull	/* L1: PAT index bit */
#define _PAGE_GLOBAL		0x100ull
#define _PAGE_AVAIL		0xe00ull
#define _PAGE_AVAIL_HIGH	(0x7ffull << 52)
/* software bits inside _PAGE_AVAIL_HIGH, where Xen places them */
#define _PAGE_GUEST_KERNEL	(1ull << 52)	/* we set it: guest-kernel page */
#define _PAGE_GNTTAB		(1ull << 62)	/* grant mapping, never in a gpte */
#define _PAGE_NX		(1ull << 63)
#define PTE_MFN_MASK		0x000ffffffffff000ull

#define pte_mfn(e)		(((e) & PTE_MFN_MASK) >> PAGE_SHIFT)
#define l4_idx(va)		(((va) >> 39) & 511)
#define l3_idx(va)		(((va) >> 30) & 511)
#define l2_idx(va)		(((va) >> 21) & 511)
#define l1_idx(va)		(((va) >> 12) & 511)

/*
 * page_info.type_info: type in bits 31..29, then the pinned and validated
 * flags, then the type count.
 */
#define PGT_type_shift		29
#define PGT_none		(0U << 29)
#define PGT_l1_page_table	(1U << 29)
#define PGT_l2_page_table	(2U << 29)
#define PGT_l3_page_table	(3U << 29)
#define PGT_l4_page_table	(4U << 29)
#define PGT_seg_desc_page	(5U << 29)
#define PGT_writable_page	(7U << 29)
#define PGT_type_mask		(7U << 29)
#define PGT_pinned		(1U << 28)	/* one type + general ref held by the pin */
#define PGT_validated		(1U << 27)	/* page table: every entry checked */
#define PGT_count_mask		((1U << 27) - 1)

/* PGT_lN_page_table for level N (1..4) */
#define PGT_lx_page_table(n)	((u32)(n) << PGT_type_shift)

/* page_info.flags */
#define PGF_shared_ro		0x0001	/* any domain may map it read-only */
#define PGF_orphan		0x0002	/* owner destroyed: freed with last ref */

/*
 * One per machine frame.  hv-stub runs one vCPU at a time on one CPU, so
 * the frame table needs no lock; callers of this API must not be
 * re-entered (no interrupt handler touches it).
 */
struct page_info {
	u32 count;		/* general references (mappings, pins, cr3) */
	u32 type_info;		/* PGT_* type, flags and type count */
	domid_t owner;		/* DOMID_INVALID: free; DOMID_XEN: hv-stub's */
	u16 flags;		/* PGF_*; set by the core when it shares a frame */
};

/* Provided by the environment: hv-stub's core or the unit test. */
extern struct page_info *frame_table;
extern u64 max_mfn;		/* frame_table has max_mfn entries */

static inline bool mfn_valid(u64 mfn)
{
	return mfn < max_mfn;
}

static inline struct page_info *mfn_to_page(u64 mfn)
{
	return &frame_table[mfn];
}

/* General references: the frame must be owned by @d. */
int mm_get_page(u64 mfn, domid_t d);
void mm_put_page(u64 mfn);

/*
 * Type references (no general reference is taken).  The first reference
 * of a page-table type validates the frame; the last drops what that
 * validation took.
 */
int pgt_get_type(u64 mfn, u32 type, domid_t d);
void pgt_put_type(u64 mfn);

/* Both at once, as cr3 loads and pins need (Xen's get_page_and_type). */
int mm_get_page_and_type(u64 mfn, u32 type, domid_t d);
void mm_put_page_and_type(u64 mfn);

/* MMUEXT_PIN_L<level>_TABLE and MMUEXT_UNPIN_TABLE */
int pgt_pin(domid_t d, u64 gmfn, int level);
int pgt_unpin(domid_t d, u64 gmfn);

/*
 * MMU_NORMAL_PT_UPDATE (MMU_PT_UPDATE_PRESERVE_AD when @preserve_ad):
 * @ptr_maddr is the machine address of the 8-byte entry, command bits
 * already cleared.
 */
int pgt_update_entry(domid_t d, u64 ptr_maddr, u64 gpte, bool preserve_ad);

/*
 * Domain death: unpin every frame @d owns, so that all references its page
 * tables held are dropped.  Returns the number of frames of @d that still
 * hold references (0 unless something leaked or grants of @d are still
 * pinned); clean frames get type PGT_none and may be freed by the caller.
 * Drop vCPU cr3 references first.
 */
u64 mm_relinquish(domid_t d);

/*
 * Grant mappings (gnttab/map.c).  pgt_map_grant() stores a grant PTE for
 * @mfn, a frame of @granter, in the entry at @ptr_maddr of a validated L1
 * table of @d; @flags may hold _PAGE_RW, _PAGE_USER and _PAGE_AVAIL.  The
 * entry gets _PAGE_GNTTAB and holds what a plain entry would (a general
 * reference, plus a writable type reference if _PAGE_RW), taken on the
 * granter's frame; the entry it replaces is dropped as by an update.
 * pgt_unmap_grant() clears the entry again if it is a grant PTE mapping
 * @mfn, writable iff @rw.  Both return 0 or -errno.
 *
 * Any other way a grant PTE goes away (overwritten by an update, its L1
 * devalidated) is an implicit unmap: its references are dropped and the
 * environment is told through mm_implicit_unmap(), which crashes a live
 * domain as Xen does.
 */
int pgt_map_grant(domid_t d, u64 ptr_maddr, u64 mfn, u64 flags,
		  domid_t granter);
int pgt_unmap_grant(domid_t d, u64 ptr_maddr, u64 mfn, bool rw);

/*
 * Domain destruction, after mm_relinquish(): @mfn of the dead domain is
 * still referenced (a grant pinned by another domain or a device).  It
 * becomes hv-stub's, mappable by nobody, and mm_free_orphan() frees it
 * when its last general reference goes.
 */
void mm_orphan_frame(u64 mfn);

/*
 * A writable mapping that went away may live on in the TLB: before a frame
 * takes a page-table or descriptor type (and before the core frees one)
 * the TLB is flushed through mm_flush_tlb() if that can be the case.
 * The core reports flushes it does anyway with pgt_tlb_flushed().
 */
void pgt_flush_stale_writable(void);
void pgt_tlb_flushed(void);

/* Hooks the environment implements. */
void *mm_map_mfn(u64 mfn);		/* the frame's 4 KiB, writable */
void mm_init_xen_l4_slots(u64 *l4);	/* fill slots 256..271 */
void mm_flush_tlb(void);			/* flush this CPU's TLB */
void mm_log(const char *fmt, ...) __printf(1, 2);
void mm_implicit_unmap(domid_t d, u64 spte);	/* grant PTE @spte of @d lost */
void mm_free_orphan(u64 mfn);		/* last reference gone: free it */

/*
 * Machine address of the L1 entry mapping @va in @v's current page tables,
 * or 0 if an upper level is missing (mm/mmu.c, hypervisor only).
 */
struct vcpu;
u64 mm_l1e_maddr(const struct vcpu *v, u64 va);

#endif /* HV_MM_H */
