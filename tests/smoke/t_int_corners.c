// SPDX-License-Identifier: GPL-2.0
/*
 * Software interrupts from guest kernel and user mode, as Xen 4.17 gives
 * them to a 64-bit PV guest (do_general_protection, do_int3, do_debug):
 *
 *   int $n, trap-table DPL 3   delivered to its handler, rip after it
 *   int $n, DPL 1              delivered from kernel mode only
 *   int $n, DPL 0              #GP, error code (n << 3) | 2, at the int
 *   int3, int $3               #BP after the instruction (DPL not checked)
 *   into                       #UD at it (invalid in 64-bit mode)
 *   int1 (icebp)               #DB after it
 *
 * QEMU 7.2 TCG raises #UD for icebp (it is its debugger exit), under
 * either hypervisor: that exact #UD is accepted, and named.
 * QEMU 7.2 TCG reports a DPL-refused "int n" with error code (n << 4) | 2.
 * hv-stub reads the vector from the instruction and gives the guest the
 * right code; Xen takes the vector from the error code, so under QEMU it
 * sees vector 2n (mod 256).  Our trap table therefore gives vector 2n the
 * same DPL and handler as n, and on Xen a #GP carrying exactly the QEMU
 * code is accepted (and named in the result); hv-stub must be exact.
 */
#include "smoke.h"

#define V_DPL3	0x40	/* alias 0x80 */
#define V_DPL1	0x41	/* alias 0x82 */
#define V_DPL0	0x42	/* alias 0x84 */
#define NR	7

struct seen {
	unsigned long vector, ec, rip;
};

static _Alignas(PAGE_SIZE) char kstack[2 * PAGE_SIZE];
static _Alignas(PAGE_SIZE) char ustack[PAGE_SIZE];
static struct seen seen[NR];
static unsigned int nseen, qemu_codes, qemu_icebp;
/* the labels of the asm below are read with LABEL() */

asm(".text\n"
	"corners: int $0x40\n"
	"c1: int $0x41\n"
	"c2: int $0x42\n"
	"c3: int3\n"
	"c4: int $3\n"
	"c5: .byte 0xce\n"		/* into */
	"c6: .byte 0xf1\n"		/* int1 */
	"c7: ret\n"
	"user_corners: call corners\n"
	"	xorl %eax, %eax\n"
	"	syscall\n"
	"	ud2\n"
	"corners_end:\n");

static unsigned long gp_code(unsigned int n)
{
	return (unsigned long)n << 3 | 2;
}

static void expect(int user)
{
	/* vector 22: int 0x40's handler, 23: int 0x41's */
	const struct seen want[NR] = {
		{ 22, 0, LABEL(c1) },
		user ? (struct seen){ 13, gp_code(V_DPL1), LABEL(c1) } :
		       (struct seen){ 23, 0, LABEL(c2) },
		{ 13, gp_code(V_DPL0), LABEL(c2) },
		{ 3, 0, LABEL(c4) },
		{ 3, 0, LABEL(c5) },
		{ 6, 0, LABEL(c5) },
		{ 1, 0, LABEL(c7) },
	};
	const char *mode = user ? "user" : "kernel";
	unsigned int i;

	if (nseen != NR)
		test_result(FAILURE, "%s: %u traps, want %u", mode, nseen, NR);
	for (i = 0; i < NR; i++) {
		const struct seen *s = &seen[i], *w = &want[i];
		unsigned long qemu = w->vector == 13 ?
			((w->ec >> 3) << 4 | 2) : ~0UL;

		if (s->vector == 13 && s->ec == qemu && is_dom0() &&
		    w->vector == 13 && s->rip == w->rip) {
			qemu_codes++;
			continue;
		}
		/* QEMU 7.2 TCG: icebp is #UD at the instruction, not #DB */
		if (w->vector == 1 && s->vector == 6 && !s->ec &&
		    s->rip == LABEL(c6)) {
			qemu_icebp++;
			continue;
		}
		if (s->vector != w->vector || s->ec != w->ec || s->rip != w->rip)
			test_result(FAILURE,
				    "%s case %u: vector %lu ec %lx rip %lx; want %lu/%lx/%lx",
				    mode, i, s->vector, s->ec, s->rip, w->vector,
				    w->ec, w->rip);
	}
	nseen = 0;
}

static int on_trap(struct trap_frame *f)
{
	if (f->vector == VEC_SYSCALL && (f->cs & 3)) {
		expect(1);
		test_result(SUCCESS,
			    "int n/int3/into/int1 as on Xen from kernel and user mode%s%s",
			    qemu_codes ? "; QEMU 7.2 TCG int-n error codes seen" :
			    "", qemu_icebp ? "; QEMU TCG icebp gave #UD" : "");
	}
	if (f->rip < LABEL(corners) ||
	    f->rip > LABEL(corners_end) || nseen >= NR)
		return 0;
	seen[nseen++] = (struct seen){ f->vector, f->error_code, f->rip };
	if (f->vector == 13)
		f->rip += 2;	/* int $n */
	else if (f->vector == 6)
		f->rip += 1;	/* into (or icebp, see expect()) */
	return 1;
}

static void set_traps(void)
{
	static struct trap_info t[7];
	static const u8 vec[6] = { V_DPL3, 2 * V_DPL3, V_DPL1, 2 * V_DPL1,
				   V_DPL0, 2 * V_DPL0 };
	static const u8 dpl[6] = { 3, 3, 1, 1, 0, 0 };
	static const u8 stub[6] = { 22, 22, 23, 23, 24, 24 };
	unsigned int i;

	for (i = 0; i < 6; i++) {
		t[i].vector = vec[i];
		t[i].flags = dpl[i];
		t[i].cs = FLAT_KERNEL_CS;
		t[i].address = trap_stubs[stub[i]];
	}
	if (HYPERVISOR_set_trap_table(t))
		test_result(ERROR, "set_trap_table");
}

void test_main(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall,
		.flags = CALLBACKF_mask_events,
		.address = (unsigned long)syscall_entry,
	};
	u64 *ul4 = page_alloc();

	set_traps();
	trap_hook = on_trap;
	asm volatile("call corners" : : : "rax", "rcx", "rdx", "rsi", "rdi",
		     "r8", "r9", "r10", "r11", "memory");
	expect(0);
	ul4[511] = ((u64 *)start_info->pt_base)[511];
	if (page_set_ro(ul4, 1) ||
	    mmuext1(MMUEXT_NEW_USER_BASEPTR, virt_to_mfn(ul4)) ||
	    HYPERVISOR_callback_op(CALLBACKOP_register, &cb) ||
	    HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)kstack +
				    sizeof(kstack)))
		test_result(ERROR, "cannot set up user mode");
	iret_to(LABEL(user_corners), FLAT_USER_CS, 0x202,
		(unsigned long)ustack + sizeof(ustack), FLAT_USER_SS);
}
