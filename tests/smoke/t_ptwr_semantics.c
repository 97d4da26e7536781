// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated stores to an L1 table (VMASST_TYPE_writable_pagetables) do
 * what the CPU does with the same instruction; t_fuzz_emul found each of
 * these wrong in hv-stub:
 *
 *   - a 32-bit XCHG or a failed 32-bit CMPXCHG writes the register as the
 *     CPU does, clearing its upper half;
 *   - MOV of an imm16 (0x66 0xc7) is 2 bytes shorter than one of an imm32:
 *     execution goes on at the next instruction;
 *   - without REX, byte register 5 is CH, not BPL;
 *   - AND sets SF, ZF and PF of its result and clears CF and OF;
 *   - a store that is refused (it would map a foreign frame) faults and
 *     leaves the flags alone.
 */
#include "smoke.h"

static _Alignas(PAGE_SIZE) u64 l1[512];
static _Alignas(PAGE_SIZE) char target[PAGE_SIZE];

#define ARITH	0x8c5UL		/* CF PF ZF SF OF */

void test_main(void)
{
	u64 pte = (virt_to_mfn(target) << PAGE_SHIFT) | _PAGE_PRESENT |
		  _PAGE_ACCESSED;
	u64 bad = (foreign_mfn() << PAGE_SHIFT) | _PAGE_PRESENT;
	u64 rax, rcx, fl, want, copy;
	u32 low;

	if (pte >> 32)
		test_result(ERROR, "our frames lie above 16 TiB");
	if (page_set_ro(l1, 1) ||
	    mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(l1)))
		test_result(ERROR, "cannot pin the L1");
	if (HYPERVISOR_vm_assist(VMASST_CMD_enable,
				 VMASST_TYPE_writable_pagetables))
		test_result(ERROR, "vm_assist writable_pagetables");

	/* 32-bit XCHG: the register gets the old dword, zero-extended */
	rax = 0xdead0000ul << 32 | pte;
	asm volatile("xchgl %k0, (%1)" : "+a" (rax) : "r" (&l1[0]) : "memory");
	if (l1[0] != pte && (l1[0] & ~(u64)(_PAGE_USER | 1ul << 52)) != pte)
		test_result(FAILURE, "xchg stored %lx, want %lx", l1[0], pte);
	if (rax != 0)
		test_result(FAILURE, "32-bit xchg left rax %lx, want 0", rax);

	/* failed 32-bit CMPXCHG: eax gets the dword, the upper half clears */
	low = l1[0];
	rax = 0xffffffff00000000ul | (u32)(low + 1);
	asm volatile("lock cmpxchgl %k2, (%1)"
		     : "+a" (rax) : "r" (&l1[0]), "r" (0ul) : "memory", "cc");
	if (rax != low)
		test_result(FAILURE, "failed cmpxchg left rax %lx, want %x",
			    rax, low);

	/* MOV imm16 into the top word (NX): the next instruction runs whole */
	if (mmu_update1((virt_to_mfn(l1) << PAGE_SHIFT) + 8, pte) ||
	    mmu_update1((virt_to_mfn(l1) << PAGE_SHIFT) + 16, pte))
		test_result(ERROR, "cannot fill entries 1 and 2");
	rcx = 0;
	asm volatile("movw $0x8000, 6(%1)\n\tmovl $0x600d, %k0"
		     : "+r" (rcx) : "r" (&l1[1]) : "memory");
	if (rcx != 0x600d)
		test_result(FAILURE, "after movw imm16: %lx, want 0x600d", rcx);
	if (l1[1] >> 48 != 0x8000)
		test_result(FAILURE, "movw imm16 stored %lx", l1[1]);

	/* CH, not BPL: P|RW|A into the low byte */
	rcx = 0x2300;
	asm volatile("movb %%ch, (%1)" : : "c" (rcx), "r" (&l1[2]) :
		     "memory");
	if ((l1[2] & 0xff & ~_PAGE_USER) != 0x23)
		test_result(FAILURE, "movb ch stored %lx, want 0x23", l1[2]);

	/* AND: flags of the result, as on a plain copy */
	copy = l1[0];
	asm volatile("stc\n\tandq %2, (%1)\n\tpushfq\n\tpopq %0"
		     : "=r" (fl) : "r" (&l1[0]), "r" (~(u64)_PAGE_ACCESSED)
		     : "memory", "cc");
	asm volatile("stc\n\tandq %2, (%1)\n\tpushfq\n\tpopq %0"
		     : "=r" (want) : "r" (&copy), "r" (~(u64)_PAGE_ACCESSED)
		     : "memory", "cc");
	if ((fl ^ want) & ARITH)
		test_result(FAILURE, "and: flags %lx, the CPU's %lx", fl, want);

	/* a refused OR faults and keeps the flags (CF set here) */
	asm volatile("stc\n"
		     "1:\torq %2, (%1)\n"
		     "2:\tpushfq\n\tpopq %0\n"
		     "\t.pushsection __ex_table, \"a\"\n"
		     "\t.balign 8\n\t.quad 1b, 2b\n\t.popsection"
		     : "=r" (fl) : "r" (&l1[3]), "r" (bad) : "memory", "cc");
	if (!last_trap.count || last_trap.vector != 14)
		test_result(FAILURE, "a store mapping a foreign frame did not fault");
	if (!(fl & 1) || l1[3])
		test_result(FAILURE, "refused or: flags %lx, entry %lx", fl,
			    l1[3]);

	/* clean up: the L1 is ours again */
	for (low = 0; low < 4; low++)
		mmu_update1(((virt_to_mfn(l1) << PAGE_SHIFT) + low * 8), 0);
	if (mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(l1)) || page_set_ro(l1, 0))
		test_result(FAILURE, "the L1 does not come back writable");
	test_result(SUCCESS, "xchg, cmpxchg, movw imm16, movb ch, and, refused or");
}
