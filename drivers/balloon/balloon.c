// SPDX-License-Identifier: GPL-2.0
/*
 * The xenpv balloon: grows and shrinks the domain's memory towards the
 * target the toolstack writes to memory/target (KiB) or an administrator
 * writes to /sys/devices/system/xen_memory/xen_memory0/target_kb.
 *
 * Down: pages come from the page allocator (never by force: no retries,
 * no reserves, no OOM killer), their direct-map entry is cleared and
 * their p2m entry invalidated, the TLBs are flushed, and only then are
 * the frames handed back with XENMEM_decrease_reservation, as the PV ABI
 * requires: we keep no mapping of a frame we give back.  Up: the
 * ballooned pfns are refilled with XENMEM_populate_physmap, which writes
 * the new MFNs into our list; p2m and direct map are set again and the
 * pages go back to the allocator.  Partial answers are fine either way.
 *
 * All of it runs on one delayed work item, at most BL_BATCH frames a
 * step; a step that gets nowhere is retried after 1, 2, 4 .. 32 s.  A
 * frame the hypervisor refuses is kept aside (mapped, ours) until the
 * balloon next grows, so it is not picked again and again.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <asm/tlbflush.h>
#include "../../../arch/x86/xenpv/xenpv.h"
#include "../xenbus/xenbus.h"
#include "balloon.h"
#include "policy.h"

#define BL_GFP	(GFP_HIGHUSER | __GFP_NOWARN | __GFP_NORETRY | __GFP_NOMEMALLOC)

struct bl_stats bl_stats;

/* bl_lock protects the lists, bl_frames and the writes to bl_stats. */
static DEFINE_MUTEX(bl_lock);
static LIST_HEAD(bl_pages);	/* ballooned out: p2m invalid, unmapped */
static LIST_HEAD(bl_refused);	/* the hypervisor would not take them */
static unsigned long bl_frames[BL_BATCH];
static unsigned int bl_delay_s;	/* current back-off */
static bool bl_moved;		/* pages moved since the target was set */

static void bl_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(bl_work, bl_work_fn);

static long bl_reservation(unsigned int cmd, unsigned int nr)
{
	struct xen_memory_reservation r = {
		.nr_extents = nr, .extent_order = 0, .domid = DOMID_SELF,
	};

	set_xen_guest_handle(r.extent_start, bl_frames);
	return hv_memory_op(cmd, &r);
}

/* Map @page's pfn to @mfn again (p2m and direct map). */
static void bl_map(struct page *page, unsigned long mfn)
{
	unsigned long pfn = page_to_pfn(page);

	xenpv_p2m[pfn] = mfn;
	if (hv_update_va_mapping((unsigned long)page_address(page),
				 native_pte_val(pfn_pte(pfn, PAGE_KERNEL)), 0))
		xenpv_die("balloon: cannot map pfn %lx at mfn %lx", pfn, mfn);
}

/* Take up to @nr pages from the allocator, unmapped, their frames listed. */
static unsigned int bl_take(struct list_head *taken, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct page *page = alloc_page(BL_GFP);
		unsigned long pfn;

		if (!page)
			break;
		pfn = page_to_pfn(page);
		bl_frames[i] = xenpv_pfn_to_mfn(pfn);
		if (hv_update_va_mapping((unsigned long)page_address(page),
					 0, 0))
			xenpv_die("balloon: cannot unmap pfn %lx", pfn);
		xenpv_p2m[pfn] = XENPV_INVALID_MFN;
		list_add_tail(&page->lru, taken);
	}
	return i;
}

static unsigned long bl_decrease(unsigned int nr)
{
	struct page *page, *next;
	unsigned int n, i = 0;
	long done;
	LIST_HEAD(taken);

	n = bl_take(&taken, nr);
	if (!n)
		return 0;
	flush_tlb_all();
	done = bl_reservation(XENMEM_decrease_reservation, n);
	done = clamp_t(long, done, 0, n);
	list_for_each_entry_safe(page, next, &taken, lru) {
		if (i < done) {
			list_move(&page->lru, &bl_pages);
			__SetPageOffline(page);
			adjust_managed_page_count(page, -1);
		} else {
			/* frames[done] was refused, the rest not tried */
			bl_map(page, bl_frames[i]);
			list_del(&page->lru);
			if (i == done)
				list_add(&page->lru, &bl_refused);
			else
				__free_page(page);
		}
		i++;
	}
	bl_stats.current_pages -= done;
	bl_stats.ballooned += done;
	return done;
}

static unsigned long bl_increase(unsigned int nr)
{
	struct page *page;
	unsigned int n = 0, i;
	long done;

	list_for_each_entry(page, &bl_pages, lru) {
		if (n == nr)
			break;
		bl_frames[n++] = page_to_pfn(page);
	}
	done = bl_reservation(XENMEM_populate_physmap, n);
	done = clamp_t(long, done, 0, n);
	/* the first @done pfns of the list got frames, in order */
	for (i = 0; i < done; i++) {
		page = list_first_entry(&bl_pages, struct page, lru);
		list_del(&page->lru);
		__ClearPageOffline(page);
		bl_map(page, bl_frames[i]);
		free_reserved_page(page);
	}
	bl_stats.current_pages += done;
	bl_stats.ballooned -= done;
	return done;
}

/* Growing again: the pages the hypervisor refused go back to the kernel. */
static void bl_release_refused(void)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &bl_refused, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

static void bl_work_fn(struct work_struct *work)
{
	unsigned long done = 0, delay = 0;
	long step;

	mutex_lock(&bl_lock);
	step = bl_step(bl_stats.current_pages, bl_stats.target_pages,
		       bl_stats.ballooned, si_mem_available());
	if (step > 0) {
		done = bl_decrease(step);
	} else if (step < 0) {
		bl_release_refused();
		done = bl_increase(-step);
	}
	bl_moved |= done != 0;
	if (bl_stats.current_pages == bl_stats.target_pages) {
		if (bl_moved)
			pr_info("xenpv-balloon: at target, %llu KiB\n",
				bl_pages_to_kb(bl_stats.current_pages));
		bl_moved = false;
		bl_delay_s = 0;
		mutex_unlock(&bl_lock);
		return;
	}
	bl_delay_s = bl_next_delay(bl_delay_s, done != 0);
	if (!done)
		delay = bl_delay_s * HZ;
	mutex_unlock(&bl_lock);
	queue_delayed_work(system_freezable_wq, &bl_work, delay);
}

/* The most pfns we can fill: all our RAM, the extra memory included. */
static unsigned long bl_max_pages;

void bl_set_target(unsigned long pages)
{
	if (pages > bl_max_pages)
		pr_info_once("xenpv-balloon: no memory beyond our %llu KiB of RAM\n",
			     bl_pages_to_kb(bl_max_pages));
	mutex_lock(&bl_lock);
	bl_stats.target_pages = min(pages, bl_max_pages);
	bl_delay_s = 1;
	mutex_unlock(&bl_lock);
	mod_delayed_work(system_freezable_wq, &bl_work, 0);
}

/* memory/target, in KiB, relative to our home. */
static void bl_target_changed(struct xb_watch *w, const char *path)
{
	unsigned long long kb;

	if (xb_scanf(XBT_NIL, "memory", "target", "%llu", &kb) == 1)
		bl_set_target(bl_kb_to_pages(kb));
}

static struct xb_watch bl_target_watch = {
	.path = "memory/target",
	.callback = bl_target_changed,
};

/*
 * The extra memory past nr_pages (arch p2m.c): RAM with struct pages,
 * memblock-reserved, no frames: ballooned out from the start.
 */
static void __init bl_add_extra(void)
{
	unsigned long pfn;

	for (pfn = bl_stats.current_pages; pfn < xenpv_ram_pfns; pfn++) {
		struct page *page = pfn_to_page(pfn);

		__SetPageOffline(page);
		list_add_tail(&page->lru, &bl_pages);
	}
	bl_stats.ballooned = xenpv_ram_pfns - bl_stats.current_pages;
}

static int __init bl_init(void)
{
	int ret;

	bl_stats.current_pages = xenpv_start_info->nr_pages;
	bl_stats.target_pages = bl_stats.current_pages;
	bl_max_pages = xenpv_ram_pfns;
	bl_add_extra();
	ret = bl_sysfs_init();
	if (ret)
		pr_warn("xenpv-balloon: no sysfs: %d\n", ret);
	if (xb_store_ready()) {
		ret = xb_watch_register(&bl_target_watch);
		if (ret)
			pr_warn("xenpv-balloon: no watch on memory/target: %d\n",
				ret);
	}
	pr_info("xenpv-balloon: %llu KiB, %llu KiB of RAM, static maximum %u KiB\n",
		bl_pages_to_kb(bl_stats.current_pages),
		bl_pages_to_kb(bl_max_pages),
		xb_store_ready() ? xb_read_uint("memory", "static-max", 0) : 0);
	return 0;
}
device_initcall(bl_init);
