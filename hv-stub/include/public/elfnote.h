/* SPDX-License-Identifier: MIT */
/*
 * ELF note types in the "Xen" namespace (Xen 4.17 interface): how a PV
 * kernel image tells the domain builder where and how to start it.
 */
#ifndef __XEN_PUBLIC_ELFNOTE_H__
#define __XEN_PUBLIC_ELFNOTE_H__

/* Owner name of every note below (namesz 4, with the NUL). */
#define XEN_ELFNOTE_NAME		"Xen"

#define XEN_ELFNOTE_INFO		0
#define XEN_ELFNOTE_ENTRY		1	/* virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE	2	/* virtual address */
#define XEN_ELFNOTE_VIRT_BASE		3
#define XEN_ELFNOTE_PADDR_OFFSET	4
#define XEN_ELFNOTE_XEN_VERSION		5	/* string */
#define XEN_ELFNOTE_GUEST_OS		6	/* string */
#define XEN_ELFNOTE_GUEST_VERSION	7	/* string */
#define XEN_ELFNOTE_LOADER		8	/* string, "generic" */
#define XEN_ELFNOTE_PAE_MODE		9	/* string */
#define XEN_ELFNOTE_FEATURES		10	/* string, '|'-separated */
#define XEN_ELFNOTE_BSD_SYMTAB		11	/* string, "yes" */
#define XEN_ELFNOTE_HV_START_LOW	12
#define XEN_ELFNOTE_L1_MFN_VALID	13
#define XEN_ELFNOTE_SUSPEND_CANCEL	14
#define XEN_ELFNOTE_INIT_P2M		15	/* virtual address of the p2m */
#define XEN_ELFNOTE_MOD_START_PFN	16
#define XEN_ELFNOTE_SUPPORTED_FEATURES	17	/* XENFEAT_* bitmap, u32 words */
#define XEN_ELFNOTE_PHYS32_ENTRY	18	/* PVH only */
#define XEN_ELFNOTE_MAX			XEN_ELFNOTE_PHYS32_ENTRY

#endif /* __XEN_PUBLIC_ELFNOTE_H__ */
