// SPDX-License-Identifier: GPL-2.0
/*
 * HYPERVISOR_iret checks the return CS against the descriptor as it is
 * now, not as it was: an LDT code selector that loaded once is no good
 * after update_descriptor has made its entry a data segment, and the
 * guest gets #GP with the selector, as from a native IRET (hv-stub
 * remembers the last selectors it found good, so this is the case where
 * it must look again).
 */
#include "smoke.h"

#define CODE_DESC	0x00affb000000ffffull	/* 64-bit code, DPL 3 */
#define DATA_DESC	0x00cff3000000ffffull	/* flat data, DPL 3 */
#define LDT_CS		((1 << 3) | 4)		/* LDT entry 1 */

static u64 *ldt, ldt_maddr;
static unsigned long sp, loads;

static void back_on_flat(void);

/*
 * Runs with CS = the LDT code selector: count it, go back to flat (RPL 0
 * in a frame means guest kernel mode).
 */
static void on_ldt_cs(void)
{
	unsigned short cs;

	asm volatile("movw %%cs, %0" : "=r"(cs));
	if ((cs & ~3) != LDT_CS)
		test_result(FAILURE, "running with cs %#x, want %#x", cs,
			    LDT_CS | 3);
	loads++;
	iret_to((unsigned long)back_on_flat, FLAT_KERNEL_CS & ~3, 0x2, sp - 512,
		FLAT_KERNEL_SS);
}

static int on_trap(struct trap_frame *f)
{
	if (f->vector != 13 || loads != 2)
		return 0;
	if (f->error_code != LDT_CS)
		test_result(FAILURE, "#GP error code %lx, want %x",
			    f->error_code, LDT_CS);
	if (f->rip != (unsigned long)on_ldt_cs)
		test_result(FAILURE, "#GP at %lx, want %lx", f->rip,
			    (unsigned long)on_ldt_cs);
	test_result(SUCCESS, "LDT CS loads twice, then #GP(%lx) once it is data",
		    f->error_code);
	return 1;
}

static void back_on_flat(void)
{
	long rc = 0;

	if (loads == 2) {
		/* the descriptor the hypervisor last found good changes */
		rc = HYPERVISOR_update_descriptor(ldt_maddr + 8, DATA_DESC);
		if (rc)
			test_result(FAILURE, "update_descriptor(data): %ld", rc);
		trap_hook = on_trap;
	}
	iret_to((unsigned long)on_ldt_cs, LDT_CS, 0x2, sp - 512,
		FLAT_KERNEL_SS);
}

void test_main(void)
{
	long rc;

	events_disable();
	asm volatile("movq %%rsp, %0" : "=r"(sp));
	ldt = page_alloc();
	ldt_maddr = virt_to_mfn(ldt) << PAGE_SHIFT;
	memset(ldt, 0, PAGE_SIZE);
	if (page_set_ro(ldt, 1))
		test_result(ERROR, "cannot map the LDT page read-only");
	rc = HYPERVISOR_update_descriptor(ldt_maddr + 8, CODE_DESC);
	if (rc)
		test_result(FAILURE, "update_descriptor(code): %ld", rc);
	rc = set_ldt((unsigned long)ldt, 4);
	if (rc)
		test_result(FAILURE, "MMUEXT_SET_LDT: %ld", rc);
	back_on_flat();
}
