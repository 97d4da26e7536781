/* SPDX-License-Identifier: GPL-2.0 */
/* The parts of the multiboot v1 information structure hv-stub reads. */
#ifndef HV_MULTIBOOT_H
#define HV_MULTIBOOT_H

#include <hv/types.h>

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002
#define MBI_MEMORY	(1u << 0)
#define MBI_CMDLINE	(1u << 2)
#define MBI_MODULES	(1u << 3)
#define MBI_MMAP	(1u << 6)

struct multiboot_info {
	u32 flags;
	u32 mem_lower;
	u32 mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count;
	u32 mods_addr;
	u32 syms[4];
	u32 mmap_length;
	u32 mmap_addr;
} __packed;

struct multiboot_module {
	u32 mod_start;
	u32 mod_end;
	u32 string;
	u32 reserved;
} __packed;

struct multiboot_mmap {
	u32 size;		/* of the rest of this entry */
	u64 addr;
	u64 len;
	u32 type;		/* 1: available RAM */
} __packed;

#endif
