// SPDX-License-Identifier: GPL-2.0
/*
 * The two GS bases of a 64-bit PV vCPU: set_segment_base(SEGBASE_GS_KERNEL)
 * and (SEGBASE_GS_USER) set the bases %gs: uses in guest kernel and guest
 * user mode; each survives the other mode's run and the switches between
 * them (syscall bounce, iret), and an emulated RDMSR of MSR_KERNEL_GS_BASE
 * in kernel mode reads the user one, as on Xen.
 */
#include "smoke.h"

#define MSR_KERNEL_GS_BASE	0xc0000102
#define KERNEL_MAGIC		0x6b65726e656c3030UL
#define USER_MAGIC		0x7573657230303030UL

static _Alignas(PAGE_SIZE) char kstack[2 * PAGE_SIZE];
static _Alignas(PAGE_SIZE) char ustack[PAGE_SIZE];
static _Alignas(64) unsigned long kcell[8] = { KERNEL_MAGIC };
static _Alignas(64) unsigned long ucell[8] = { USER_MAGIC };

/* Ring-3 code: rdi = %gs:0, then a system call. */
asm(".pushsection .text\n"
	"gs_user:\n"
	"	movq %gs:0, %rdi\n"
	"	movl $18, %eax\n"
	"	syscall\n"
	"	ud2\n"
	".popsection");

static unsigned long gs_word(void)
{
	unsigned long v;

	asm volatile("movq %%gs:0, %0" : "=r"(v));
	return v;
}

static unsigned long rdmsr(unsigned int msr)
{
	unsigned int lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((unsigned long)hi << 32) | lo;
}

static int hook(struct trap_frame *f)
{
	if (f->vector != VEC_SYSCALL)
		test_result(FAILURE, "trap %lu from user mode at %lx",
			    f->vector, f->rip);
	if (f->rdi != USER_MAGIC)
		test_result(FAILURE, "user %%gs:0 = %lx, want %lx", f->rdi,
			    USER_MAGIC);
	if (gs_word() != KERNEL_MAGIC)
		test_result(FAILURE, "kernel %%gs:0 after user mode = %lx",
			    gs_word());
	if (rdmsr(MSR_KERNEL_GS_BASE) != (unsigned long)ucell)
		test_result(FAILURE, "rdmsr KERNEL_GS_BASE after user mode = %lx, want %p",
			    rdmsr(MSR_KERNEL_GS_BASE), ucell);
	test_result(SUCCESS, "kernel and user GS bases kept apart");
}

void test_main(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall,
		.flags = CALLBACKF_mask_events,
		.address = (unsigned long)syscall_entry,
	};
	u64 *ul4 = page_alloc();
	long rc;

	rc = HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL,
					 (unsigned long)kcell);
	if (rc)
		test_result(FAILURE, "set kernel gs base: %ld", rc);
	rc = HYPERVISOR_set_segment_base(SEGBASE_GS_USER,
					 (unsigned long)ucell);
	if (rc)
		test_result(FAILURE, "set user gs base: %ld", rc);
	if (gs_word() != KERNEL_MAGIC)
		test_result(FAILURE, "kernel %%gs:0 = %lx, want %lx",
			    gs_word(), KERNEL_MAGIC);
	if (rdmsr(MSR_KERNEL_GS_BASE) != (unsigned long)ucell)
		test_result(FAILURE, "rdmsr KERNEL_GS_BASE = %lx, want %p",
			    rdmsr(MSR_KERNEL_GS_BASE), ucell);

	ul4[511] = ((u64 *)start_info->pt_base)[511];
	if (page_set_ro(ul4, 1))
		test_result(ERROR, "cannot make the user L4 read-only");
	rc = mmuext1(MMUEXT_NEW_USER_BASEPTR, virt_to_mfn(ul4));
	if (rc)
		test_result(FAILURE, "new_user_baseptr: %ld", rc);
	rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
	if (rc)
		test_result(FAILURE, "register syscall callback: %ld", rc);
	rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
				     (unsigned long)kstack + sizeof(kstack));
	if (rc)
		test_result(FAILURE, "stack_switch: %ld", rc);
	trap_hook = hook;
	iret_to(LABEL(gs_user), FLAT_USER_CS, 0x202,
		(unsigned long)ustack + sizeof(ustack), FLAT_USER_SS);
}
