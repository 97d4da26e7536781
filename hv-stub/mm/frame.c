// SPDX-License-Identifier: GPL-2.0
/*
 * Machine frame allocator: a bitmap with one bit per frame below 4 GiB,
 * set when the frame is free.  Frames come from the multiboot memory map
 * minus what is already in use (the hv-stub image, the modules, the
 * first MiB).  free_frames is printed before a domain is built and after
 * it is destroyed, so a leak is visible.
 */
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/mm.h>

u64 max_mfn;
struct page_info *frame_table;
u64 free_frames;
u64 ram_frames;

static u64 free_map[MAX_RAM_FRAMES / 64];
static u64 alloc_hint;

static bool frame_is_free(u64 mfn)
{
	return free_map[mfn / 64] & (1ull << (mfn % 64));
}

static void set_free(u64 mfn, bool free)
{
	if (free == frame_is_free(mfn))
		return;
	if (free) {
		free_map[mfn / 64] |= 1ull << (mfn % 64);
		free_frames++;
	} else {
		free_map[mfn / 64] &= ~(1ull << (mfn % 64));
		free_frames--;
		if (frame_table)
			frame_table[mfn].owner = DOMID_XEN;
	}
}

/* Add the whole frames inside [start, end) to the free pool. */
void frames_add_range(u64 start, u64 end)
{
	u64 mfn = (start + PAGE_SIZE - 1) >> PAGE_SHIFT;
	u64 last = end >> PAGE_SHIFT;

	if (last > MAX_RAM_FRAMES)
		last = MAX_RAM_FRAMES;
	for (; mfn < last; mfn++) {
		if (!frame_is_free(mfn))
			ram_frames++;
		set_free(mfn, true);
	}
	if (last > max_mfn)
		max_mfn = last;
}

/* Take every frame touching [start, end) out of the free pool. */
void frames_reserve_range(u64 start, u64 end)
{
	u64 mfn;

	for (mfn = start >> PAGE_SHIFT;
	     mfn < ((end + PAGE_SIZE - 1) >> PAGE_SHIFT) &&
	     mfn < MAX_RAM_FRAMES; mfn++)
		set_free(mfn, false);
}

u64 alloc_frame(void)
{
	u64 i, n = (max_mfn + 63) / 64;

	for (i = 0; i < n; i++) {
		u64 w = (alloc_hint + i) % n;

		if (free_map[w]) {
			u64 mfn = w * 64 + __builtin_ctzll(free_map[w]);

			set_free(mfn, false);
			alloc_hint = w;
			return mfn;
		}
	}
	return INVALID_MFN;
}

/* nr physically contiguous frames, for the frame table and the M2P */
u64 alloc_frames(u64 nr)
{
	u64 start, run = 0, mfn;

	for (mfn = 0; mfn < max_mfn; mfn++) {
		run = frame_is_free(mfn) ? run + 1 : 0;
		if (run == nr) {
			start = mfn + 1 - nr;
			for (mfn = start; mfn < start + nr; mfn++)
				set_free(mfn, false);
			return start;
		}
	}
	return INVALID_MFN;
}

void free_frame(u64 mfn)
{
	BUG_ON(mfn >= max_mfn || frame_is_free(mfn));
	if (frame_table) {
		struct page_info *pg = mfn_to_page(mfn);

		BUG_ON(pg->count || (pg->type_info & PGT_count_mask));
		pg->owner = DOMID_INVALID;
		pg->type_info = 0;
		pg->flags = 0;
	}
	set_free(mfn, true);
}

/*
 * A frame for domain @d (its memory, or a page the hypervisor shares with
 * it such as shared_info), zeroed, owned by @d from now on.
 */
u64 alloc_domain_frame(domid_t d)
{
	u64 mfn = alloc_frame();

	if (mfn == INVALID_MFN)
		return mfn;
	clear_page(mfn_to_virt(mfn));
	mfn_to_page(mfn)->owner = d;
	return mfn;
}

/*
 * Every frame in use at this point belongs to the hypervisor; the rest
 * is free.  The table itself comes out of the free pool first.
 */
void frame_table_init(void)
{
	u64 bytes = max_mfn * sizeof(struct page_info);
	u64 nr = (bytes + PAGE_SIZE - 1) / PAGE_SIZE, mfn;
	u64 start = alloc_frames(nr);

	if (start == INVALID_MFN)
		panic("no room for the frame table (%lu frames)", nr);
	frame_table = mfn_to_virt(start);
	memset(frame_table, 0, nr * PAGE_SIZE);
	for (mfn = 0; mfn < max_mfn; mfn++)
		frame_table[mfn].owner = frame_is_free(mfn) ? DOMID_INVALID :
							       DOMID_XEN;
}

void *alloc_page_zeroed(void)
{
	u64 mfn = alloc_frame();
	void *p;

	if (mfn == INVALID_MFN)
		return NULL;
	p = mfn_to_virt(mfn);
	memset(p, 0, PAGE_SIZE);
	return p;
}

/* Page-granular allocations for hypervisor structures. */
void *hv_alloc(size_t bytes)
{
	u64 nr = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	u64 mfn = alloc_frames(nr);

	if (mfn == INVALID_MFN)
		return NULL;
	memset(mfn_to_virt(mfn), 0, nr * PAGE_SIZE);
	return mfn_to_virt(mfn);
}

void hv_free(void *p, size_t bytes)
{
	u64 nr = (bytes + PAGE_SIZE - 1) / PAGE_SIZE, i;

	for (i = 0; p && i < nr; i++)
		free_frame(virt_to_mfn(p) + i);
}
