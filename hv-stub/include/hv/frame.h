/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine frame allocator and hypervisor page mappings.
 *
 * Free frames are tracked in a bitmap; the frame table (struct
 * page_info, see hv/mm.h) records who owns each frame in use.
 */
#ifndef HV_FRAME_H
#define HV_FRAME_H

#include <hv/types.h>
#include <hv/layout.h>

#define INVALID_MFN	(~0ull)

#define l4_idx(va)	(((va) >> 39) & 511)
#define l3_idx(va)	(((va) >> 30) & 511)
#define l2_idx(va)	(((va) >> 21) & 511)
#define l1_idx(va)	(((va) >> 12) & 511)
#define MAX_RAM_FRAMES	(1ull << 22)	/* 16 GiB: what the boot map covers */

extern u64 free_frames;
extern u64 ram_frames;		/* usable RAM the boot loader reported */

static inline void *mfn_to_virt(u64 mfn)
{
	return (void *)(DIRECTMAP_VIRT_START + (mfn << PAGE_SHIFT));
}

static inline u64 virt_to_mfn(const void *va)
{
	return ((u64)va - DIRECTMAP_VIRT_START) >> PAGE_SHIFT;
}

static inline void *maddr_to_virt(u64 maddr)
{
	return (void *)(DIRECTMAP_VIRT_START + maddr);
}

void frames_add_range(u64 start, u64 end);
void frames_reserve_range(u64 start, u64 end);
u64 alloc_frame(void);
u64 alloc_frames(u64 nr);
void free_frame(u64 mfn);
void *alloc_page_zeroed(void);
void frame_table_init(void);
void *hv_alloc(size_t bytes);
void hv_free(void *p, size_t bytes);
u64 alloc_domain_frame(u16 domid);

/* hypervisor page tables (arch/x86_64/paging.c) */
extern u64 idle_l4_mfn;
void paging_init(void);
void m2p_init(void);
void m2p_set(u64 mfn, u64 pfn);
u64 m2p_frames(void);
u64 m2p_first_mfn(void);
void gdt_window_map(unsigned int page, u64 mfn, bool writable);

#endif
