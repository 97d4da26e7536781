/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenpv entry.  The Xen ELF notes tell the domain builder where the
 * kernel wants to be (virtual base, no physical offset) and where it
 * starts.  The builder enters startup_xenpv in ring 3 with %rsi pointing
 * at start_info, events masked, no trap table and the flat selectors.
 * We move to init_task's stack (the builder's stack page is not kept),
 * point the kernel GS base at the boot CPU's per-CPU data with a
 * hypercall (there is no wrmsr in ring 3; uncounted, as the counts are
 * per-CPU data) and go on in C.
 */
#include <linux/elfnote.h>
#include <linux/init.h>
#include <linux/linkage.h>
#include <asm/page_types.h>
#include <asm/percpu.h>
#include <asm/unwind_hints.h>
#include <xen/interface/elfnote.h>
#include <xen/interface/xen.h>	/* __HYPERVISOR_*, SEGBASE_* */

	__INIT
SYM_CODE_START(startup_xenpv)
	UNWIND_HINT_EMPTY
	cld
	movq	initial_stack(%rip), %rsp
	movq	%rsi, %r12
	movl	$__HYPERVISOR_set_segment_base, %eax
	movl	$SEGBASE_GS_KERNEL, %edi
	movq	$INIT_PER_CPU_VAR(fixed_percpu_data), %rsi
	syscall					/* the hypercall */
	UNWIND_HINT_EMPTY			/* objtool: it returns */
	movq	%r12, %rdi
	call	xenpv_start_kernel
SYM_CODE_END(startup_xenpv)

	ELFNOTE(Xen, XEN_ELFNOTE_GUEST_OS,	.asciz "linux")
	ELFNOTE(Xen, XEN_ELFNOTE_GUEST_VERSION,	.asciz "6.1")
	ELFNOTE(Xen, XEN_ELFNOTE_XEN_VERSION,	.asciz "xen-3.0")
	ELFNOTE(Xen, XEN_ELFNOTE_LOADER,	.asciz "generic")
	ELFNOTE(Xen, XEN_ELFNOTE_VIRT_BASE,	.quad __START_KERNEL_map)
	ELFNOTE(Xen, XEN_ELFNOTE_PADDR_OFFSET,	.quad 0)
	ELFNOTE(Xen, XEN_ELFNOTE_ENTRY,		.quad startup_xenpv)
