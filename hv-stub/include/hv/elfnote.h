/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF64 PV kernel images: validation, Xen ELF notes, segment loading.
 * Pure code (loader/elfnote.c): no hardware, no allocation, no libc.
 */
#ifndef HV_ELFNOTE_H
#define HV_ELFNOTE_H

#include <hv/types.h>
#include <public/features.h>

/* The parts of the ELF64 format the loader reads. */
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define EM_X86_64	62
#define PT_LOAD		1
#define PT_NOTE		4

struct elf64_ehdr {
	u8 e_ident[16];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
};

struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
};

/* Note header; name and descriptor follow, each padded to 4 bytes. */
struct elf64_nhdr {
	u32 n_namesz;
	u32 n_descsz;
	u32 n_type;
};

#define ELF_XEN_STR_MAX		64
#define ELF_XEN_FEATURES_MAX	256

/*
 * What the domain builder needs from a PV kernel.  Addresses follow Xen's
 * libelf: segments land at p_paddr + virt_offset, where virt_offset is
 * VIRT_BASE - PADDR_OFFSET, and [virt_kstart, virt_kend) is the kernel's
 * virtual extent.  Defaults: VIRT_BASE 0, PADDR_OFFSET 0, ENTRY e_entry.
 * String notes are copied and always NUL-terminated ("" when absent).
 */
struct elf_xen_info {
	u64 pstart, pend;		/* PT_LOAD p_paddr extent */
	u64 virt_base;
	u64 paddr_offset;
	u64 virt_offset;
	u64 virt_kstart, virt_kend;
	u64 virt_entry;
	u64 hypercall_page;		/* if has_hypercall_page */
	u64 init_p2m;			/* if has_init_p2m */
	u64 hv_start_low;		/* if has_hv_start_low */
	bool has_hypercall_page;
	bool has_init_p2m;
	bool has_hv_start_low;
	bool suspend_cancel;
	bool mod_start_pfn;
	u32 f_supported[XENFEAT_NR_SUBMAPS];	/* FEATURES + SUPPORTED_FEATURES */
	u32 f_required[XENFEAT_NR_SUBMAPS];	/* '!' entries of FEATURES */
	char guest_os[ELF_XEN_STR_MAX];
	char guest_version[ELF_XEN_STR_MAX];
	char xen_version[ELF_XEN_STR_MAX];
	char loader[ELF_XEN_STR_MAX];
	char pae_mode[ELF_XEN_STR_MAX];
	char features[ELF_XEN_FEATURES_MAX];
};

/*
 * Validate the image and fill @info.  Returns 0, -XEN_ENOEXEC (not an
 * x86_64 executable with Xen notes) or -XEN_EINVAL (malformed); on error
 * *why names the problem.  Never reads outside [img, img + len).
 */
int elf_xen_parse(const void *img, size_t len, struct elf_xen_info *info,
		  const char **why);

/*
 * Called once per PT_LOAD segment: place @len bytes from @src at guest
 * virtual address @vaddr, then @zero_len zero bytes.  Nonzero stops loading.
 */
typedef int (*elf_xen_copy_fn)(void *ctx, u64 vaddr, const void *src,
			       u64 len, u64 zero_len);

/* Load the PT_LOAD segments of an image elf_xen_parse() accepted. */
int elf_xen_load(const void *img, size_t len, const struct elf_xen_info *info,
		 elf_xen_copy_fn copy, void *ctx);

#endif /* HV_ELFNOTE_H */
