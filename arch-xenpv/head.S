/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenpv entry.  The Xen ELF notes tell the domain builder where the
 * kernel wants to be (virtual base, no physical offset) and where it
 * starts.  The builder enters startup_xenpv in ring 3 with %rsi pointing
 * at start_info and %rsp at the top of a boot stack inside the mapped
 * bootstrap region, both of which stay valid while we use them.
 */
#include <linux/elfnote.h>
#include <linux/init.h>
#include <linux/linkage.h>
#include <asm/page_types.h>
#include <asm/unwind_hints.h>
#include <xen/interface/elfnote.h>

	__INIT
SYM_CODE_START(startup_xenpv)
	UNWIND_HINT_EMPTY
	cld
	movq	%rsi, %rdi
	call	xenpv_start_kernel
	ud2
SYM_CODE_END(startup_xenpv)

	ELFNOTE(Xen, XEN_ELFNOTE_GUEST_OS,	.asciz "linux")
	ELFNOTE(Xen, XEN_ELFNOTE_GUEST_VERSION,	.asciz "6.1")
	ELFNOTE(Xen, XEN_ELFNOTE_XEN_VERSION,	.asciz "xen-3.0")
	ELFNOTE(Xen, XEN_ELFNOTE_LOADER,	.asciz "generic")
	ELFNOTE(Xen, XEN_ELFNOTE_VIRT_BASE,	.quad __START_KERNEL_map)
	ELFNOTE(Xen, XEN_ELFNOTE_PADDR_OFFSET,	.quad 0)
	ELFNOTE(Xen, XEN_ELFNOTE_ENTRY,		.quad startup_xenpv)
