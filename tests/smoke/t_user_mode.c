// SPDX-License-Identifier: GPL-2.0
/*
 * Ring-3 user mode: with a user page table (MMUEXT_NEW_USER_BASEPTR) and
 * a kernel stack (stack_switch), HYPERVISOR_iret to the user cs runs user
 * code; a syscall from user mode is not a hypercall but is bounced to our
 * syscall callback on the kernel stack, with the user's registers.
 */
#include "smoke.h"

#define USER_MAGIC 0x5ca11UL

static _Alignas(PAGE_SIZE) char kstack[2 * PAGE_SIZE];
static _Alignas(PAGE_SIZE) char ustack[PAGE_SIZE];

static int hook(struct trap_frame *f)
{
	unsigned long fa = (unsigned long)f;

	if (f->vector != VEC_SYSCALL)
		test_result(FAILURE, "trap %lu from user mode at %lx",
			    f->vector, f->rip);
	if (fa < (unsigned long)kstack || fa >= (unsigned long)kstack +
	    sizeof(kstack))
		test_result(FAILURE, "callback not on the kernel stack: %lx",
			    fa);
	if (f->rdi != USER_MAGIC || f->rax != __HYPERVISOR_console_io)
		test_result(FAILURE, "user registers lost: rdi %lx rax %lx",
			    f->rdi, f->rax);
	if (f->rip != (unsigned long)user_syscall_ret ||
	    f->rcx != f->rip)
		test_result(FAILURE, "rip %lx rcx %lx, want %p", f->rip,
			    f->rcx, user_syscall_ret);
	if (f->rsp != (unsigned long)ustack + sizeof(ustack))
		test_result(FAILURE, "user rsp %lx", f->rsp);
	test_result(SUCCESS, "user syscall bounced: cs %lx ss %lx r11 %lx",
		    f->cs, f->ss, f->r11);
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
	iret_to((unsigned long)user_syscall, FLAT_USER_CS, 0x202,
		(unsigned long)ustack + sizeof(ustack), FLAT_USER_SS);
}
