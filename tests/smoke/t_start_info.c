// SPDX-License-Identifier: GPL-2.0
/*
 * The start-of-day state matches the x86_64 PV boot ABI: start_info
 * magic, the bootstrap page tables at pt_base, a p2m that agrees with the
 * M2P, and the bootstrap stack above the page tables.
 */
#include "smoke.h"

void test_main(void)
{
	struct start_info *si = start_info;
	unsigned long pt_end = si->pt_base + si->nr_pt_frames * PAGE_SIZE;
	unsigned long pfn, mapped = 0;

	cprintf("start_info %p nr_pages %lu flags %x pt_base %lx nr_pt %lu mfn_list %lx mod %lx/%lu\n",
	       si, si->nr_pages, si->flags, si->pt_base, si->nr_pt_frames,
	       si->mfn_list, si->mod_start, si->mod_len);
	cprintf("shared_info %lx store %lx/%u console %lx/%u\n",
		si->shared_info, si->store_mfn, si->store_evtchn,
		si->console.domu.mfn, si->console.domu.evtchn);
	cprintf("entry rsp %lx rflags %lx cs %lx ss %lx upcall_mask %u l4 mfn %lx\n",
	       boot_rsp, boot_rflags, boot_cs, boot_ss,
	       shared->vcpu_info[0].evtchn_upcall_mask, l4_mfn());
	if (memcmp(si->magic, "xen-3.0-x86_64", 14))
		test_result(FAILURE, "bad magic %s", si->magic);
	if ((si->pt_base & (PAGE_SIZE - 1)) || si->pt_base < VIRT_BASE)
		test_result(FAILURE, "bad pt_base %lx", si->pt_base);
	if ((boot_cs & 3) != 3 || (boot_ss & 3) != 3)
		test_result(FAILURE, "not entered in ring 3: cs %lx", boot_cs);
	if (boot_rsp <= pt_end || boot_rsp > pt_end + 64 * PAGE_SIZE)
		test_result(FAILURE, "boot stack %lx not above page tables %lx",
			    boot_rsp, pt_end);
	if ((unsigned long)si < VIRT_BASE || (unsigned long)si >= si->pt_base)
		test_result(FAILURE, "start_info %p not below page tables", si);
	for (pfn = 0; pfn < si->nr_pages; pfn++) {
		if (mfn_to_pfn(p2m[pfn]) != pfn)
			test_result(FAILURE, "p2m/M2P disagree at pfn %lx", pfn);
		if (pte_lookup(VIRT_BASE + pfn * PAGE_SIZE, 1) &&
		    (*pte_lookup(VIRT_BASE + pfn * PAGE_SIZE, 1) &
		     _PAGE_PRESENT))
			mapped++;
	}
	if (pte_maddr(si->pt_base, 1) == 0)
		test_result(FAILURE, "page tables not mapped");
	if (*pte_lookup(si->pt_base, 1) & _PAGE_RW)
		test_result(FAILURE, "L4 mapped writable");
	test_result(SUCCESS, "%lu pages, %lu mapped at boot", si->nr_pages,
		    mapped);
}
