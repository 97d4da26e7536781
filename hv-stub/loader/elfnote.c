// SPDX-License-Identifier: GPL-2.0
/*
 * ELF64 PV kernel images: validation, Xen ELF notes and segment loading.
 *
 * The image is untrusted.  Every offset and size read from it is checked
 * against the buffer before use, with 64-bit arithmetic that cannot wrap,
 * and multi-byte fields are read byte by byte so alignment never matters.
 * A bad image yields an errno and a reason, never an out-of-bounds read.
 *
 * Note semantics follow Xen's libelf (Xen 4.17): notes live in PT_NOTE
 * segments under the name "Xen"; numeric notes are 1, 2, 4 or 8 bytes;
 * string notes may or may not carry their NUL; a later note overrides an
 * earlier one; segments are placed at p_paddr + VIRT_BASE - PADDR_OFFSET.
 */
#include <hv/types.h>
#include <hv/elfnote.h>
#include <public/elfnote.h>
#include <public/errno.h>

#define XEN_PAGE_SIZE	4096

struct elf_img {
	const u8 *base;
	u64 len;
	const char *why;
};

/* Feature names FEATURES may list, indexed by XENFEAT_* (as libelf). */
static const char *const elf_xen_feature_names[] = {
	[XENFEAT_writable_page_tables] = "writable_page_tables",
	[XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
	[XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
	[XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
	[XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
	[XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
	[XENFEAT_dom0] = "dom0",
};

static int elf_bad(struct elf_img *elf, int err, const char *why)
{
	elf->why = why;
	return err;
}

/* Is [off, off + size) inside the image? */
static bool elf_range_ok(const struct elf_img *elf, u64 off, u64 size)
{
	return off <= elf->len && size <= elf->len - off;
}

static void elf_copy(void *dst, const u8 *src, size_t n)
{
	u8 *d = dst;

	while (n--)
		*d++ = *src++;
}

static u64 elf_get_le(const u8 *p, unsigned int size)
{
	u64 v = 0;

	while (size--)
		v = (v << 8) | p[size];
	return v;
}

/* Compare a NUL-free byte run with a C string. */
static bool elf_str_eq(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!lit[i] || s[i] != lit[i])
			return false;
	return !lit[n];
}

static bool elf_str_prefix(const char *s, const char *lit)
{
	while (*lit)
		if (*s++ != *lit++)
			return false;
	return true;
}

static int elf_check_ehdr(struct elf_img *elf, struct elf64_ehdr *eh)
{
	if (elf->len < sizeof(*eh))
		return elf_bad(elf, -XEN_ENOEXEC, "image smaller than an ELF header");
	elf_copy(eh, elf->base, sizeof(*eh));
	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' ||
	    eh->e_ident[2] != 'L' || eh->e_ident[3] != 'F')
		return elf_bad(elf, -XEN_ENOEXEC, "no ELF magic");
	if (eh->e_ident[4] != ELFCLASS64)
		return elf_bad(elf, -XEN_ENOEXEC, "not an ELF64 image");
	if (eh->e_ident[5] != ELFDATA2LSB)
		return elf_bad(elf, -XEN_ENOEXEC, "not a little-endian image");
	if (eh->e_ident[6] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return elf_bad(elf, -XEN_ENOEXEC, "unknown ELF version");
	if (eh->e_type != ET_EXEC)
		return elf_bad(elf, -XEN_ENOEXEC, "not an executable (ET_EXEC)");
	if (eh->e_machine != EM_X86_64)
		return elf_bad(elf, -XEN_ENOEXEC, "not an x86_64 image");
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return elf_bad(elf, -XEN_EINVAL, "bad program header size");
	if (!eh->e_phnum)
		return elf_bad(elf, -XEN_EINVAL, "no program headers");
	if (!elf_range_ok(elf, eh->e_phoff,
			  (u64)eh->e_phnum * sizeof(struct elf64_phdr)))
		return elf_bad(elf, -XEN_EINVAL, "program headers outside the image");
	return 0;
}

static void elf_get_phdr(const struct elf_img *elf,
			 const struct elf64_ehdr *eh, unsigned int i,
			 struct elf64_phdr *ph)
{
	elf_copy(ph, elf->base + eh->e_phoff + (u64)i * sizeof(*ph),
		 sizeof(*ph));
}

static int elf_check_load(struct elf_img *elf, const struct elf64_phdr *ph)
{
	if (ph->p_filesz > ph->p_memsz)
		return elf_bad(elf, -XEN_EINVAL, "PT_LOAD filesz exceeds memsz");
	if (!elf_range_ok(elf, ph->p_offset, ph->p_filesz))
		return elf_bad(elf, -XEN_EINVAL, "PT_LOAD data outside the image");
	if (ph->p_paddr + ph->p_memsz < ph->p_paddr)
		return elf_bad(elf, -XEN_EINVAL, "PT_LOAD wraps the address space");
	return 0;
}

/* Validate every PT_LOAD and compute the [pstart, pend) extent. */
static int elf_scan_loads(struct elf_img *elf, const struct elf64_ehdr *eh,
			  struct elf_xen_info *info)
{
	struct elf64_phdr ph;
	unsigned int i;
	int err;

	info->pstart = ~0ULL;
	info->pend = 0;
	for (i = 0; i < eh->e_phnum; i++) {
		elf_get_phdr(elf, eh, i, &ph);
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		err = elf_check_load(elf, &ph);
		if (err)
			return err;
		info->pstart = min(info->pstart, ph.p_paddr);
		info->pend = max(info->pend, ph.p_paddr + ph.p_memsz);
	}
	if (info->pstart >= info->pend)
		return elf_bad(elf, -XEN_ENOEXEC, "no loadable segments");
	return 0;
}

static int elf_note_num(struct elf_img *elf, const u8 *desc, u32 size,
			u64 *val)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return elf_bad(elf, -XEN_EINVAL, "bad size for a numeric Xen note");
	*val = elf_get_le(desc, size);
	return 0;
}

/* Copy a string note, which may lack its NUL, into a NUL-terminated buffer. */
static int elf_note_str(struct elf_img *elf, const u8 *desc, u32 size,
			char *buf, size_t bufsz)
{
	size_t n = 0;

	while (n < size && desc[n])
		n++;
	if (n >= bufsz)
		return elf_bad(elf, -XEN_EINVAL, "Xen string note too long");
	elf_copy(buf, desc, n);
	buf[n] = '\0';
	return 0;
}

static void elf_feature_set(u32 *map, unsigned int nr)
{
	map[nr / 32] |= 1U << (nr % 32);
}

/* One '|'-separated FEATURES entry; a leading '!' marks it required. */
static int elf_parse_feature(struct elf_img *elf, struct elf_xen_info *info,
			     const char *s, size_t n)
{
	bool required = n && s[0] == '!';
	unsigned int i;

	if (required) {
		s++;
		n--;
	}
	for (i = 0; i < ARRAY_SIZE(elf_xen_feature_names); i++) {
		const char *name = elf_xen_feature_names[i];

		if (!name || !elf_str_eq(s, n, name))
			continue;
		elf_feature_set(info->f_supported, i);
		if (required)
			elf_feature_set(info->f_required, i);
		return 0;
	}
	if (required)
		return elf_bad(elf, -XEN_EINVAL, "unknown required feature");
	return 0;
}

static int elf_parse_features(struct elf_img *elf, struct elf_xen_info *info)
{
	const char *s = info->features;
	size_t n;
	int err;

	while (*s) {
		for (n = 0; s[n] && s[n] != '|'; n++)
			;
		err = elf_parse_feature(elf, info, s, n);
		if (err)
			return err;
		s += n;
		if (*s == '|')
			s++;
	}
	return 0;
}

static int elf_note_supported(struct elf_img *elf, struct elf_xen_info *info,
			      const u8 *desc, u32 size)
{
	unsigned int i;

	if (size % 4)
		return elf_bad(elf, -XEN_EINVAL, "bad SUPPORTED_FEATURES size");
	for (i = 0; i < XENFEAT_NR_SUBMAPS && i < size / 4; i++)
		info->f_supported[i] |= (u32)elf_get_le(desc + 4 * i, 4);
	return 0;
}

static int elf_note_string(struct elf_img *elf, struct elf_xen_info *info,
			   u32 type, const u8 *desc, u32 size)
{
	switch (type) {
	case XEN_ELFNOTE_GUEST_OS:
		return elf_note_str(elf, desc, size, info->guest_os,
				    sizeof(info->guest_os));
	case XEN_ELFNOTE_GUEST_VERSION:
		return elf_note_str(elf, desc, size, info->guest_version,
				    sizeof(info->guest_version));
	case XEN_ELFNOTE_XEN_VERSION:
		return elf_note_str(elf, desc, size, info->xen_version,
				    sizeof(info->xen_version));
	case XEN_ELFNOTE_LOADER:
		return elf_note_str(elf, desc, size, info->loader,
				    sizeof(info->loader));
	case XEN_ELFNOTE_PAE_MODE:
		return elf_note_str(elf, desc, size, info->pae_mode,
				    sizeof(info->pae_mode));
	case XEN_ELFNOTE_FEATURES:
		return elf_note_str(elf, desc, size, info->features,
				    sizeof(info->features));
	}
	return 0;
}

struct elf_xen_seen {
	bool any;
	bool entry, virt_base, paddr_offset;
};

static void elf_note_numeric(struct elf_xen_info *info,
			     struct elf_xen_seen *seen, u32 type, u64 val)
{
	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		info->virt_entry = val;
		seen->entry = true;
		break;
	case XEN_ELFNOTE_VIRT_BASE:
		info->virt_base = val;
		seen->virt_base = true;
		break;
	case XEN_ELFNOTE_PADDR_OFFSET:
		info->paddr_offset = val;
		seen->paddr_offset = true;
		break;
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		info->hypercall_page = val;
		info->has_hypercall_page = true;
		break;
	case XEN_ELFNOTE_INIT_P2M:
		info->init_p2m = val;
		info->has_init_p2m = true;
		break;
	case XEN_ELFNOTE_HV_START_LOW:
		info->hv_start_low = val;
		info->has_hv_start_low = true;
		break;
	case XEN_ELFNOTE_SUSPEND_CANCEL:
		info->suspend_cancel = val != 0;
		break;
	case XEN_ELFNOTE_MOD_START_PFN:
		info->mod_start_pfn = val != 0;
		break;
	}
}

/* Dispatch one note of the "Xen" namespace; unknown types are ignored. */
static int elf_xen_note(struct elf_img *elf, struct elf_xen_info *info,
			struct elf_xen_seen *seen, u32 type,
			const u8 *desc, u32 size)
{
	u64 val;
	int err;

	seen->any = true;
	switch (type) {
	case XEN_ELFNOTE_GUEST_OS:
	case XEN_ELFNOTE_GUEST_VERSION:
	case XEN_ELFNOTE_XEN_VERSION:
	case XEN_ELFNOTE_LOADER:
	case XEN_ELFNOTE_PAE_MODE:
	case XEN_ELFNOTE_FEATURES:
		return elf_note_string(elf, info, type, desc, size);
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		return elf_note_supported(elf, info, desc, size);
	case XEN_ELFNOTE_ENTRY:
	case XEN_ELFNOTE_VIRT_BASE:
	case XEN_ELFNOTE_PADDR_OFFSET:
	case XEN_ELFNOTE_HYPERCALL_PAGE:
	case XEN_ELFNOTE_INIT_P2M:
	case XEN_ELFNOTE_HV_START_LOW:
	case XEN_ELFNOTE_SUSPEND_CANCEL:
	case XEN_ELFNOTE_MOD_START_PFN:
		err = elf_note_num(elf, desc, size, &val);
		if (err)
			return err;
		elf_note_numeric(info, seen, type, val);
		return 0;
	}
	return 0;
}

static bool elf_is_xen_name(const u8 *name, u32 namesz)
{
	return namesz == 4 && name[0] == 'X' && name[1] == 'e' &&
	       name[2] == 'n' && name[3] == '\0';
}

/* Walk the notes of one PT_NOTE segment, [off, off + size) of the image. */
static int elf_scan_notes(struct elf_img *elf, u64 off, u64 size,
			  struct elf_xen_info *info, struct elf_xen_seen *seen)
{
	const u64 hdr = sizeof(struct elf64_nhdr);
	u64 pos = 0, name_sz, desc_sz;
	const u8 *p;
	int err;

	while (size - pos >= hdr) {
		p = elf->base + off + pos;
		name_sz = elf_get_le(p, 4);
		desc_sz = elf_get_le(p + 4, 4);
		if ((name_sz + 3) / 4 * 4 + desc_sz > size - pos - hdr)
			return elf_bad(elf, -XEN_EINVAL, "note runs past its segment");
		if (elf_is_xen_name(p + hdr, name_sz)) {
			err = elf_xen_note(elf, info, seen, elf_get_le(p + 8, 4),
					   p + hdr + 4, desc_sz);
			if (err)
				return err;
		}
		pos += hdr + (name_sz + 3) / 4 * 4 + (desc_sz + 3) / 4 * 4;
		if (pos > size)
			break;	/* the last descriptor's padding may be cut */
	}
	return 0;
}

static int elf_scan_note_segs(struct elf_img *elf, const struct elf64_ehdr *eh,
			      struct elf_xen_info *info,
			      struct elf_xen_seen *seen)
{
	struct elf64_phdr ph;
	unsigned int i;
	int err;

	for (i = 0; i < eh->e_phnum; i++) {
		elf_get_phdr(elf, eh, i, &ph);
		if (ph.p_type != PT_NOTE)
			continue;
		if (!elf_range_ok(elf, ph.p_offset, ph.p_filesz))
			return elf_bad(elf, -XEN_EINVAL, "PT_NOTE outside the image");
		if (ph.p_offset % 4)
			return elf_bad(elf, -XEN_EINVAL, "misaligned PT_NOTE segment");
		err = elf_scan_notes(elf, ph.p_offset, ph.p_filesz, info, seen);
		if (err)
			return err;
	}
	if (!seen->any)
		return elf_bad(elf, -XEN_ENOEXEC, "no Xen ELF notes");
	return 0;
}

/* The loader/OS/version policy of libelf's elf_xen_note_check(). */
static int elf_check_notes(struct elf_img *elf, const struct elf_xen_info *info)
{
	if (!elf_str_prefix(info->loader, "generic") &&
	    !elf_str_prefix(info->guest_os, "linux"))
		return elf_bad(elf, -XEN_EINVAL,
			       "neither LOADER \"generic\" nor GUEST_OS \"linux\"");
	if (!elf_str_prefix(info->xen_version, "xen-3.0"))
		return elf_bad(elf, -XEN_EINVAL, "XEN_VERSION is not \"xen-3.0\"");
	return 0;
}

static bool elf_in_kernel(const struct elf_xen_info *info, u64 va, u64 size)
{
	return va >= info->virt_kstart && va <= info->virt_kend &&
	       size <= info->virt_kend - va;
}

/* Apply libelf's defaults and check the addresses against each other. */
static int elf_calc_addrs(struct elf_img *elf, struct elf_xen_info *info,
			  const struct elf_xen_seen *seen, u64 e_entry)
{
	if (!seen->entry)
		info->virt_entry = e_entry;
	info->virt_offset = info->virt_base - info->paddr_offset;
	info->virt_kstart = info->pstart + info->virt_offset;
	info->virt_kend = info->pend + info->virt_offset;
	if (info->virt_kend <= info->virt_kstart)
		return elf_bad(elf, -XEN_EINVAL, "kernel wraps the address space");
	if (info->virt_base > info->virt_kstart)
		return elf_bad(elf, -XEN_EINVAL, "VIRT_BASE above the kernel");
	if (!elf_in_kernel(info, info->virt_entry, 1))
		return elf_bad(elf, -XEN_EINVAL, "entry point outside the kernel");
	if (info->has_hypercall_page &&
	    !elf_in_kernel(info, info->hypercall_page, XEN_PAGE_SIZE))
		return elf_bad(elf, -XEN_EINVAL, "HYPERCALL_PAGE outside the kernel");
	if (info->has_init_p2m &&
	    info->init_p2m >= info->virt_kstart &&
	    info->init_p2m < info->virt_kend)
		return elf_bad(elf, -XEN_EINVAL, "INIT_P2M inside the kernel");
	return 0;
}

int elf_xen_parse(const void *img, size_t len, struct elf_xen_info *info,
		  const char **why)
{
	struct elf_img elf = { .base = img, .len = len, .why = "" };
	struct elf_xen_seen seen = { 0 };
	struct elf64_ehdr eh;
	int err;

	*info = (struct elf_xen_info){ 0 };
	err = elf_check_ehdr(&elf, &eh);
	if (!err)
		err = elf_scan_loads(&elf, &eh, info);
	if (!err)
		err = elf_scan_note_segs(&elf, &eh, info, &seen);
	if (!err)
		err = elf_parse_features(&elf, info);
	if (!err)
		err = elf_check_notes(&elf, info);
	if (!err)
		err = elf_calc_addrs(&elf, info, &seen, eh.e_entry);
	*why = elf.why;
	return err;
}

int elf_xen_load(const void *img, size_t len, const struct elf_xen_info *info,
		 elf_xen_copy_fn copy, void *ctx)
{
	struct elf_img elf = { .base = img, .len = len };
	struct elf64_phdr ph;
	struct elf64_ehdr eh;
	unsigned int i;
	int err;

	err = elf_check_ehdr(&elf, &eh);
	for (i = 0; !err && i < eh.e_phnum; i++) {
		elf_get_phdr(&elf, &eh, i, &ph);
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		err = elf_check_load(&elf, &ph);
		if (!err)
			err = copy(ctx, ph.p_paddr + info->virt_offset,
				   elf.base + ph.p_offset, ph.p_filesz,
				   ph.p_memsz - ph.p_filesz);
	}
	return err;
}
