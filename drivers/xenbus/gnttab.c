// SPDX-License-Identifier: GPL-2.0
/*
 * The grant table, version 1: our side of the frames in which we tell
 * the hypervisor which other domain may access which of our frames.
 *
 * GNTTABOP_query_size says how many table frames the hypervisor allows,
 * GNTTABOP_setup_table hands out their machine frames; we map them once,
 * for good, into a vmalloc area.  The size is fixed at boot (GNT_FRAMES
 * at most): 512 entries per frame, the first GNTTAB_NR_RESERVED_ENTRIES
 * belong to the toolstack.
 *
 * An entry is granted by writing domid and frame, then (after a write
 * barrier) flags = GTF_permit_access [| GTF_readonly].  The hypervisor
 * sets GTF_reading / GTF_writing while the grantee has the frame mapped
 * or copies from it; access may only be taken back (cmpxchg of the flags
 * to 0) while neither is set.  A frame whose grant cannot be taken back
 * is still reachable by the other end: it must not be freed.  Such
 * grants and their pages wait on a list that a delayed work retries once
 * a second; a grant that never comes back leaks its page, with a message.
 */
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <asm/pgtable.h>
#include "../../../arch/x86/xenpv/xenpv.h"
#include "xb_internal.h"

#define GNT_FRAMES		16
#define GNT_PER_FRAME		(PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GNT_END			((grant_ref_t)~0U)
/* Report a busy grant after this many retries (seconds). */
#define GNT_PATIENCE		60

/* The shared entries: we write them, the hypervisor sets reading/writing. */
static struct grant_entry_v1 *gnt_shared;
static unsigned int gnt_nr_refs;

/* The free refs as a list threaded through gnt_next[], under gnt_lock. */
static grant_ref_t *gnt_next;
static grant_ref_t gnt_free_head = GNT_END;
static unsigned int gnt_nr_free;
static DEFINE_SPINLOCK(gnt_lock);

/* Grants the other end did not let go of yet, under gnt_busy_lock. */
struct gnt_busy {
	struct list_head list;
	grant_ref_t ref;
	struct page *page;
	unsigned int tries;
};

static LIST_HEAD(gnt_busy_list);
static DEFINE_SPINLOCK(gnt_busy_lock);
static void gnt_busy_retry(struct work_struct *work);
static DECLARE_DELAYED_WORK(gnt_busy_work, gnt_busy_retry);

static int gnt_get_ref(void)
{
	unsigned long flags;
	grant_ref_t ref;

	spin_lock_irqsave(&gnt_lock, flags);
	ref = gnt_free_head;
	if (ref != GNT_END) {
		gnt_free_head = gnt_next[ref];
		gnt_nr_free--;
	}
	spin_unlock_irqrestore(&gnt_lock, flags);
	return ref == GNT_END ? -ENOSPC : ref;
}

static void gnt_put_ref(grant_ref_t ref)
{
	unsigned long flags;

	spin_lock_irqsave(&gnt_lock, flags);
	gnt_next[ref] = gnt_free_head;
	gnt_free_head = ref;
	gnt_nr_free++;
	spin_unlock_irqrestore(&gnt_lock, flags);
}

int gnt_grant_page(domid_t domid, struct page *page, bool ro)
{
	unsigned long mfn = xenpv_pfn_to_mfn(page_to_pfn(page));
	struct grant_entry_v1 *e;
	int ref;

	if (!gnt_shared)
		return -ENODEV;
	if (mfn == XENPV_INVALID_MFN || mfn > U32_MAX)
		return -EINVAL;
	ref = gnt_get_ref();
	if (ref < 0)
		return ref;
	e = &gnt_shared[ref];
	WRITE_ONCE(e->domid, domid);
	WRITE_ONCE(e->frame, mfn);
	/* The hypervisor may use the entry as soon as flags say so. */
	wmb();
	WRITE_ONCE(e->flags, GTF_permit_access | (ro ? GTF_readonly : 0));
	return ref;
}

/* Clear the entry unless the grantee is using it; the ref stays ours. */
static int gnt_revoke(grant_ref_t ref)
{
	u16 *flags = &gnt_shared[ref].flags;
	u16 old;

	do {
		old = READ_ONCE(*flags);
		if (old & (GTF_reading | GTF_writing))
			return -EBUSY;
	} while (cmpxchg(flags, old, 0) != old);
	return 0;
}

int gnt_end(grant_ref_t ref)
{
	int ret;

	if (WARN_ON_ONCE(ref < GNTTAB_NR_RESERVED_ENTRIES ||
			 ref >= gnt_nr_refs))
		return -EINVAL;
	ret = gnt_revoke(ref);
	if (!ret)
		gnt_put_ref(ref);
	return ret;
}

/* No memory to remember a busy grant: it and its page are lost. */
static void gnt_leak(grant_ref_t ref)
{
	pr_err("gnttab: grant %u still in use by domain %u; leaking its page\n",
	       ref, gnt_shared[ref].domid);
}

void gnt_end_put_page(grant_ref_t ref, struct page *page)
{
	struct gnt_busy *b;
	unsigned long flags;

	if (gnt_end(ref) != -EBUSY) {
		if (page)
			put_page(page);
		return;
	}
	b = kzalloc(sizeof(*b), GFP_ATOMIC);
	if (!b) {
		gnt_leak(ref);
		return;
	}
	b->ref = ref;
	b->page = page;
	spin_lock_irqsave(&gnt_busy_lock, flags);
	list_add_tail(&b->list, &gnt_busy_list);
	spin_unlock_irqrestore(&gnt_busy_lock, flags);
	schedule_delayed_work(&gnt_busy_work, HZ);
}

/* Returns true when @b's grant came back and @b is freed. */
static bool gnt_busy_try(struct gnt_busy *b)
{
	if (gnt_end(b->ref)) {
		if (++b->tries == GNT_PATIENCE)
			pr_warn("gnttab: domain %u still holds grant %u after %u s; its page stays allocated\n",
				gnt_shared[b->ref].domid, b->ref, b->tries);
		return false;
	}
	list_del(&b->list);
	if (b->page)
		put_page(b->page);
	kfree(b);
	return true;
}

static void gnt_busy_retry(struct work_struct *work)
{
	struct gnt_busy *b, *n;
	unsigned long flags;
	LIST_HEAD(todo);
	bool more;

	spin_lock_irqsave(&gnt_busy_lock, flags);
	list_splice_init(&gnt_busy_list, &todo);
	spin_unlock_irqrestore(&gnt_busy_lock, flags);

	list_for_each_entry_safe(b, n, &todo, list)
		gnt_busy_try(b);

	spin_lock_irqsave(&gnt_busy_lock, flags);
	list_splice(&todo, &gnt_busy_list);
	more = !list_empty(&gnt_busy_list);
	spin_unlock_irqrestore(&gnt_busy_lock, flags);
	if (more)
		schedule_delayed_work(&gnt_busy_work, HZ);
}

/* apply_to_page_range() callback: map the next table frame. */
static int gnt_map_one(pte_t *ptep, unsigned long addr, void *data)
{
	xen_pfn_t **mfn = data;
	u64 maddr = (u64)*(*mfn)++ << PAGE_SHIFT;

	/* A machine frame not in our p2m: no pfn translation. */
	set_pte_at(&init_mm, addr, ptep,
		   native_make_pte(maddr | pgprot_val(PAGE_KERNEL)));
	return 0;
}

static int __init gnt_map_frames(xen_pfn_t *mfns, unsigned int nr)
{
	struct vm_struct *area = get_vm_area(nr * PAGE_SIZE, VM_IOREMAP);
	xen_pfn_t *cursor = mfns;
	int ret;

	if (!area)
		return -ENOMEM;
	ret = apply_to_page_range(&init_mm, (unsigned long)area->addr,
				  nr * PAGE_SIZE, gnt_map_one, &cursor);
	if (ret) {
		free_vm_area(area);
		return ret;
	}
	gnt_shared = area->addr;
	return 0;
}

static int __init gnt_setup_table(unsigned int nr)
{
	struct gnttab_setup_table setup = { .dom = DOMID_SELF,
					    .nr_frames = nr };
	xen_pfn_t *mfns = kcalloc(nr, sizeof(*mfns), GFP_KERNEL);
	int ret;

	if (!mfns)
		return -ENOMEM;
	set_xen_guest_handle(setup.frame_list, mfns);
	ret = hv_grant_table_op(GNTTABOP_setup_table, &setup, 1);
	if (!ret && setup.status != GNTST_okay)
		ret = -EIO;
	if (!ret)
		ret = gnt_map_frames(mfns, nr);
	if (ret)
		pr_err("gnttab: setup_table of %u frames failed: %d (status %d)\n",
		       nr, ret, setup.status);
	kfree(mfns);
	return ret;
}

int __init gnt_init(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	unsigned int nr, ref;
	int ret;

	ret = hv_grant_table_op(GNTTABOP_query_size, &q, 1);
	if (ret || q.status != GNTST_okay || !q.max_nr_frames) {
		pr_err("gnttab: query_size failed: %d (status %d)\n",
		       ret, q.status);
		return ret ?: -EIO;
	}
	nr = min_t(unsigned int, q.max_nr_frames, GNT_FRAMES);
	gnt_nr_refs = nr * GNT_PER_FRAME;
	gnt_next = kcalloc(gnt_nr_refs, sizeof(*gnt_next), GFP_KERNEL);
	if (!gnt_next)
		return -ENOMEM;
	ret = gnt_setup_table(nr);
	if (ret) {
		kfree(gnt_next);
		return ret;
	}
	for (ref = gnt_nr_refs - 1; ref >= GNTTAB_NR_RESERVED_ENTRIES; ref--)
		gnt_put_ref(ref);
	pr_info("gnttab: %u frames, %u grant refs (v1)\n", nr, gnt_nr_free);
	return 0;
}
