/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv-stub's virtual memory layout.
 *
 * The hypervisor owns L4 slots 256..271 (0xffff800000000000 up to
 * 0xffff880000000000) of every address space, as the Xen x86_64 PV ABI
 * reserves them; guests own every other slot.  Inside that range:
 *
 *   slot 256  read-only machine-to-phys table, visible to guests (user, RO)
 *   slot 260  GDT window: 16 pages, 0..13 the guest's frames, 14..15 ours
 *   slot 262  direct map of all RAM; the hv-stub image runs inside it
 *
 * This header is included from assembly too, so only plain numbers here.
 */
#ifndef HV_LAYOUT_H
#define HV_LAYOUT_H

#define HV_VIRT_START		0xffff800000000000
#define HV_VIRT_END		0xffff880000000000
#define HV_FIRST_SLOT		256
#define HV_LAST_SLOT		271

#define RO_MPT_VIRT_START	0xffff800000000000
#define RO_MPT_VIRT_END		0xffff804000000000
#define RO_MPT_SLOT		256

#define GDT_VIRT_START		0xffff820000000000
#define GDT_SLOT		260
#define LDT_VIRT_START		(GDT_VIRT_START + 0x10000)	/* 16 pages */

#define DIRECTMAP_VIRT_START	0xffff830000000000
#define DIRECTMAP_SLOT		262

/* hv-stub is loaded at 1 MiB and linked at that address in the direct map */
#define HV_LOAD_PHYS		0x100000
#define HV_BOOT_MAP_GIB		16

#define PAGE_SHIFT		12
#define PAGE_SIZE		4096

/* hypervisor GDT selectors, at entry 7168 and up as in the Xen ABI */
#define HV_CS64			0xe008
#define HV_DS			0xe010
#define FLAT_RING3_CS32		0xe023
#define FLAT_RING3_DS32		0xe02b
#define FLAT_RING3_CS64		0xe033
#define FLAT_RING3_SS64		0xe02b
#define HV_TSS_SEL		0xe040
#define HV_LDT_SEL		0xe050
#define HV_GDT_FIRST_ENTRY	7168
#define HV_GDT_ENTRIES		8192

#endif
