// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual IOPL, as Xen 4.17 keeps it for a 64-bit PV guest: CLI and
 * an OUT to port 0x80 from guest kernel and user mode, for vIOPL 0, 1
 * and 3, set two ways.
 *
 *  - PHYSDEVOP_set_iopl: guest kernel mode counts as CPL 1, user mode as
 *    CPL 3, so the kernel may from vIOPL 1 on, user space only at 3; the
 *    IOPL bits of an IRET frame are ignored and bounce frames show 0.
 *  - VMASST_TYPE_architectural_iopl: the kernel is CPL 0 (never faults),
 *    the IOPL of each HYPERVISOR_iret frame becomes the vIOPL, and bounce
 *    frames show it in RFLAGS.
 *
 * Otherwise the instruction is #GP(0).  CLI that is allowed does nothing:
 * Xen skips it without touching the event mask.
 */
#include "smoke.h"

#define VMASST_arch_iopl	4

static _Alignas(PAGE_SIZE) char kstack[2 * PAGE_SIZE];
static _Alignas(PAGE_SIZE) char ustack[PAGE_SIZE];
static const unsigned int levels[] = { 0, 1, 3, 0 };
static unsigned int step;	/* 0..3 set_iopl, 4..7 architectural */
static unsigned int user_faults;
/* the labels of the asm below are read with LABEL() */

/* Ring 3: cli; outb; syscall back to the kernel. */
asm(".text\n"
	"user_io:\n"
	"user_cli: cli\n"
	"user_out: outb %al, $0x80\n"
	"	xorl %eax, %eax\n"
	"	syscall\n"
	"	ud2\n");

static int kernel_faults(void)
{
	unsigned long before = last_trap.count;
	int n = 0;
	u8 mask = shared->vcpu_info[0].evtchn_upcall_mask;

	asm volatile("1: cli\n2:\n"
		     ".pushsection __ex_table, \"a\"\n.quad 1b, 2b\n.popsection"
		     : : : "memory");
	if (last_trap.count != before)
		n++;
	if (shared->vcpu_info[0].evtchn_upcall_mask != mask)
		test_result(FAILURE, "step %u: cli changed the event mask",
			    step);
	before = last_trap.count;
	asm volatile("1: outb %%al, $0x80\n2:\n"
		     ".pushsection __ex_table, \"a\"\n.quad 1b, 2b\n.popsection"
		     : : "a"(0) : "memory");
	if (last_trap.count != before)
		n++;
	if (n && (last_trap.vector != 13 || last_trap.error_code))
		test_result(FAILURE, "step %u: kernel fault %lu ec %lx", step,
			    last_trap.vector, last_trap.error_code);
	return n;
}

static void run_step(void);

static void check_user(const struct trap_frame *f)
{
	int arch = step >= 4;
	unsigned int iopl = levels[step % 4];
	unsigned int want = iopl == 3 ? 0 : 2;
	unsigned long shown = (f->rflags >> 12) & 3;

	if (user_faults != want)
		test_result(FAILURE, "%s vIOPL %u: %u user faults, want %u",
			    arch ? "architectural" : "set_iopl", iopl,
			    user_faults, want);
	if (shown != (arch ? iopl : 0))
		test_result(FAILURE, "%s vIOPL %u: bounce frame IOPL %lu",
			    arch ? "architectural" : "set_iopl", iopl, shown);
	step++;
	run_step();
}

static int on_trap(struct trap_frame *f)
{
	if (f->vector == VEC_SYSCALL && (f->cs & 3)) {
		check_user(f);
		return 1;
	}
	if (!(f->cs & 3))
		return 0;	/* kernel: the exception table */
	if (f->vector != 13 || f->error_code ||
	    (f->rip != LABEL(user_cli) &&
	     f->rip != LABEL(user_out)))
		test_result(FAILURE, "step %u: user trap %lu ec %lx at %lx",
			    step, f->vector, f->error_code, f->rip);
	user_faults++;
	f->rip += f->rip == LABEL(user_cli) ? 1 : 2;
	return 1;
}

static void run_step(void)
{
	int arch = step >= 4;
	unsigned int iopl = levels[step % 4], want;
	int faults;

	if (step == 8)
		test_result(SUCCESS, "set_iopl and architectural_iopl as on Xen");
	if (step == 4 && HYPERVISOR_vm_assist(VMASST_CMD_enable,
					      VMASST_arch_iopl))
		test_result(FAILURE, "VMASST_TYPE_architectural_iopl refused");
	if (!arch && set_iopl(iopl))
		test_result(FAILURE, "set_iopl %u refused", iopl);
	/* architectural: the kernel is CPL 0 whatever the vIOPL */
	faults = kernel_faults();
	want = arch || iopl >= 1 ? 0 : 2;
	if (faults != (int)want)
		test_result(FAILURE, "%s vIOPL %u: %d kernel faults, want %u",
			    arch ? "architectural" : "set_iopl", iopl, faults,
			    want);
	user_faults = 0;
	iret_to(LABEL(user_io), FLAT_USER_CS,
		0x202 | (unsigned long)iopl << 12,
		(unsigned long)ustack + sizeof(ustack), FLAT_USER_SS);
}

void test_main(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall,
		.flags = CALLBACKF_mask_events,
		.address = (unsigned long)syscall_entry,
	};
	u64 *ul4 = page_alloc();

	ul4[511] = ((u64 *)start_info->pt_base)[511];
	if (page_set_ro(ul4, 1) ||
	    mmuext1(MMUEXT_NEW_USER_BASEPTR, virt_to_mfn(ul4)) ||
	    HYPERVISOR_callback_op(CALLBACKOP_register, &cb) ||
	    HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)kstack +
				    sizeof(kstack)))
		test_result(ERROR, "cannot set up user mode");
	trap_hook = on_trap;
	run_step();
}
