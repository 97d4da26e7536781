// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of hv-stub/loader/elfnote.c: ELF64 images with Xen notes are
 * built in memory, good and corrupt, and the parser's verdicts checked.
 * Every image is handed over in a heap buffer of exactly its length, so a
 * sanitizer build catches any read past the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../hv-stub/loader/elfnote.c"

#define IMG_SIZE	0x2000
#define NOTE_OFF	0x100
#define LOAD_OFF	0x1000
#define LOAD_FILESZ	0x1000
#define LOAD_MEMSZ	0x3000
#define KERN_PADDR	0x1000000ULL
#define VIRT_BASE	0xffffffff80000000ULL
#define KERN_VADDR	(VIRT_BASE + KERN_PADDR)
#define KERN_ENTRY	(KERN_VADDR + 0x10)
#define HYPERCALL_VA	(KERN_VADDR + 0x1000)
#define INIT_P2M_VA	0x8000000000ULL
#define NO_NOTE		~0U

struct img {
	u8 buf[IMG_SIZE];
	size_t note_len;
	size_t len;
};

static int failures;

static void check(bool ok, const char *name, const char *why)
{
	if (ok) {
		printf("PASS: %s\n", name);
	} else {
		printf("FAIL: %s: %s\n", name, why);
		failures++;
	}
}

static void note_add(struct img *im, const char *name, u32 type,
		     const void *desc, u32 descsz)
{
	struct elf64_nhdr nh = {
		.n_namesz = strlen(name) + 1,
		.n_descsz = descsz,
		.n_type = type,
	};
	u8 *p = im->buf + NOTE_OFF + im->note_len;

	memcpy(p, &nh, sizeof(nh));
	memcpy(p + sizeof(nh), name, nh.n_namesz);
	p += sizeof(nh) + (nh.n_namesz + 3) / 4 * 4;
	memcpy(p, desc, descsz);
	im->note_len += sizeof(nh) + (nh.n_namesz + 3) / 4 * 4 +
			(descsz + 3) / 4 * 4;
}

static void note_u64(struct img *im, u32 type, u64 val, u32 skip)
{
	if (type != skip)
		note_add(im, "Xen", type, &val, sizeof(val));
}

static void note_u32(struct img *im, u32 type, u32 val, u32 skip)
{
	if (type != skip)
		note_add(im, "Xen", type, &val, sizeof(val));
}

static void note_str(struct img *im, u32 type, const char *s, u32 skip)
{
	if (type != skip)
		note_add(im, "Xen", type, s, strlen(s) + 1);
}

/* The notes Linux 6.1's xen-head.S emits, minus @skip. */
static void add_linux_notes(struct img *im, u32 skip)
{
	static const char features[] = "!writable_page_tables|pae_pgdir_above_4gb";
	u32 supported = 1U << XENFEAT_writable_page_tables |
			1U << XENFEAT_dom0 |
			1U << XENFEAT_linux_rsdp_unrestricted;

	note_add(im, "GNU", 3, "\1\2\3\4", 4);
	note_str(im, XEN_ELFNOTE_GUEST_OS, "linux", skip);
	note_str(im, XEN_ELFNOTE_GUEST_VERSION, "2.6", skip);
	note_str(im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0", skip);
	note_u64(im, XEN_ELFNOTE_VIRT_BASE, VIRT_BASE, skip);
	note_u64(im, XEN_ELFNOTE_INIT_P2M, INIT_P2M_VA, skip);
	note_u64(im, XEN_ELFNOTE_ENTRY, KERN_ENTRY, skip);
	note_u64(im, XEN_ELFNOTE_HYPERCALL_PAGE, HYPERCALL_VA, skip);
	if (skip != XEN_ELFNOTE_FEATURES)	/* .ascii: no NUL */
		note_add(im, "Xen", XEN_ELFNOTE_FEATURES, features,
			 sizeof(features) - 1);
	note_u32(im, XEN_ELFNOTE_SUPPORTED_FEATURES, supported, skip);
	note_str(im, XEN_ELFNOTE_PAE_MODE, "yes", skip);
	note_str(im, XEN_ELFNOTE_LOADER, "generic", skip);
	note_u32(im, XEN_ELFNOTE_SUSPEND_CANCEL, 1, skip);
	note_u32(im, XEN_ELFNOTE_MOD_START_PFN, 1, skip);
	note_u64(im, XEN_ELFNOTE_PADDR_OFFSET, 0, skip);
}

static void put_headers(struct img *im)
{
	struct elf64_ehdr eh = {
		.e_ident = { 0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB,
			     EV_CURRENT },
		.e_type = ET_EXEC,
		.e_machine = EM_X86_64,
		.e_version = EV_CURRENT,
		.e_entry = KERN_ENTRY,
		.e_phoff = sizeof(eh),
		.e_ehsize = sizeof(eh),
		.e_phentsize = sizeof(struct elf64_phdr),
		.e_phnum = 2,
	};
	struct elf64_phdr ph[2] = {
		{ .p_type = PT_LOAD, .p_offset = LOAD_OFF,
		  .p_vaddr = KERN_VADDR, .p_paddr = KERN_PADDR,
		  .p_filesz = LOAD_FILESZ, .p_memsz = LOAD_MEMSZ,
		  .p_align = 0x1000 },
		{ .p_type = PT_NOTE, .p_offset = NOTE_OFF,
		  .p_filesz = im->note_len, .p_align = 4 },
	};

	memcpy(im->buf, &eh, sizeof(eh));
	memcpy(im->buf + sizeof(eh), ph, sizeof(ph));
}

static void build(struct img *im, u32 skip)
{
	size_t i;

	memset(im, 0, sizeof(*im));
	add_linux_notes(im, skip);
	for (i = 0; i < LOAD_FILESZ; i++)
		im->buf[LOAD_OFF + i] = (u8)(i * 7);
	put_headers(im);
	im->len = LOAD_OFF + LOAD_FILESZ;
}

static struct elf64_ehdr *ehdr(struct img *im)
{
	return (struct elf64_ehdr *)im->buf;
}

static struct elf64_phdr *phdr(struct img *im, int i)
{
	return (struct elf64_phdr *)(im->buf + sizeof(struct elf64_ehdr)) + i;
}

/* Parse a copy of exactly @len bytes. */
static int parse_len(const struct img *im, size_t len,
		     struct elf_xen_info *info, const char **why)
{
	void *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, im->buf, len);
	ret = elf_xen_parse(copy, len, info, why);
	free(copy);
	return ret;
}

static int parse(const struct img *im, struct elf_xen_info *info,
		 const char **why)
{
	return parse_len(im, im->len, info, why);
}

/* Expect rejection with @err; the name of the check is @name. */
static void expect_err(const struct img *im, int err, const char *name)
{
	struct elf_xen_info info;
	const char *why = NULL;
	char msg[160];
	int ret = parse(im, &info, &why);

	snprintf(msg, sizeof(msg), "returned %d (want %d), reason \"%s\"",
		 ret, err, why ? why : "(null)");
	if (getenv("V"))
		fprintf(stderr, "%s: %s\n", name, why);
	check(ret == err && why && *why, name, msg);
}

static void test_good(void)
{
	struct elf_xen_info info;
	const char *why = NULL;
	struct img im;
	int ret;

	build(&im, NO_NOTE);
	ret = parse(&im, &info, &why);
	check(ret == 0, "elfnote good image parses", why);
	if (ret)
		return;
	check(info.virt_entry == KERN_ENTRY && info.virt_base == VIRT_BASE &&
	      info.paddr_offset == 0 && info.virt_offset == VIRT_BASE,
	      "elfnote ENTRY/VIRT_BASE/PADDR_OFFSET", "wrong values");
	check(info.has_hypercall_page && info.hypercall_page == HYPERCALL_VA &&
	      info.has_init_p2m && info.init_p2m == INIT_P2M_VA,
	      "elfnote HYPERCALL_PAGE/INIT_P2M", "wrong values");
	check(!strcmp(info.guest_os, "linux") &&
	      !strcmp(info.guest_version, "2.6") &&
	      !strcmp(info.xen_version, "xen-3.0") &&
	      !strcmp(info.loader, "generic") && !strcmp(info.pae_mode, "yes"),
	      "elfnote string notes", "wrong strings");
	check(!strcmp(info.features,
		      "!writable_page_tables|pae_pgdir_above_4gb") &&
	      info.f_required[0] == 1U << XENFEAT_writable_page_tables &&
	      info.f_supported[0] == (1U << XENFEAT_writable_page_tables |
				      1U << XENFEAT_pae_pgdir_above_4gb |
				      1U << XENFEAT_dom0 |
				      1U << XENFEAT_linux_rsdp_unrestricted),
	      "elfnote FEATURES and SUPPORTED_FEATURES", "wrong bitmaps");
	check(info.suspend_cancel && info.mod_start_pfn,
	      "elfnote SUSPEND_CANCEL/MOD_START_PFN", "flags not set");
	check(info.virt_kstart == KERN_VADDR &&
	      info.virt_kend == KERN_VADDR + LOAD_MEMSZ,
	      "elfnote PT_LOAD virtual extent", "wrong extent");
}

struct load_rec {
	int calls;
	u64 vaddr, len, zero_len;
	bool data_ok;
};

static int load_cb(void *ctx, u64 vaddr, const void *src, u64 len,
		   u64 zero_len)
{
	struct load_rec *r = ctx;
	const u8 *p = src;
	u64 i;

	r->calls++;
	r->vaddr = vaddr;
	r->len = len;
	r->zero_len = zero_len;
	r->data_ok = true;
	for (i = 0; i < len; i++)
		r->data_ok &= p[i] == (u8)(i * 7);
	return 0;
}

static void test_load(void)
{
	struct load_rec r = { 0 };
	struct elf_xen_info info;
	const char *why;
	struct img im;
	int ret;

	build(&im, NO_NOTE);
	ret = parse(&im, &info, &why);
	if (!ret)
		ret = elf_xen_load(im.buf, im.len, &info, load_cb, &r);
	check(!ret && r.calls == 1 && r.vaddr == KERN_VADDR &&
	      r.len == LOAD_FILESZ && r.zero_len == LOAD_MEMSZ - LOAD_FILESZ &&
	      r.data_ok, "elfnote load walks PT_LOAD", "wrong copy calls");
}

static void test_header(void)
{
	struct elf_xen_info info;
	const char *why = NULL;
	struct img im;
	int ret;

	build(&im, NO_NOTE);
	ret = parse_len(&im, 40, &info, &why);
	check(ret == -XEN_ENOEXEC && why, "elfnote truncated header", why);
	ehdr(&im)->e_ident[4] = 1;
	expect_err(&im, -XEN_ENOEXEC, "elfnote wrong class");
	build(&im, NO_NOTE);
	ehdr(&im)->e_machine = 3;
	expect_err(&im, -XEN_ENOEXEC, "elfnote wrong machine");
	build(&im, NO_NOTE);
	ehdr(&im)->e_ident[1] = 'X';
	expect_err(&im, -XEN_ENOEXEC, "elfnote bad magic");
}

static void test_phdrs(void)
{
	struct img im;

	build(&im, NO_NOTE);
	ehdr(&im)->e_phoff = im.len - 8;
	expect_err(&im, -XEN_EINVAL, "elfnote phdr out of bounds");
	build(&im, NO_NOTE);
	ehdr(&im)->e_phoff = ~0ULL - 8;
	expect_err(&im, -XEN_EINVAL, "elfnote phdr offset wraps");
	build(&im, NO_NOTE);
	ehdr(&im)->e_phnum = 0xffff;
	expect_err(&im, -XEN_EINVAL, "elfnote phnum too large");
	build(&im, NO_NOTE);
	phdr(&im, 0)->p_filesz = LOAD_MEMSZ + 1;
	expect_err(&im, -XEN_EINVAL, "elfnote PT_LOAD filesz > memsz");
	build(&im, NO_NOTE);
	phdr(&im, 0)->p_offset = ~0ULL - 0x10;
	expect_err(&im, -XEN_EINVAL, "elfnote PT_LOAD offset wraps");
	build(&im, NO_NOTE);
	phdr(&im, 1)->p_filesz = IMG_SIZE;
	expect_err(&im, -XEN_EINVAL, "elfnote PT_NOTE out of bounds");
}

/* Find the first Xen note of @type in a built image. */
static struct elf64_nhdr *find_note(struct img *im, u32 type)
{
	size_t pos = 0;

	while (pos < im->note_len) {
		struct elf64_nhdr *nh = (void *)(im->buf + NOTE_OFF + pos);

		if (nh->n_type == type && nh->n_namesz == 4)
			return nh;
		pos += sizeof(*nh) + (nh->n_namesz + 3) / 4 * 4 +
		       (nh->n_descsz + 3) / 4 * 4;
	}
	return NULL;
}

static void test_notes(void)
{
	struct img im;

	build(&im, NO_NOTE);
	find_note(&im, XEN_ELFNOTE_LOADER)->n_descsz = 0xffffffff;
	expect_err(&im, -XEN_EINVAL, "elfnote desc size overflow");
	build(&im, NO_NOTE);
	find_note(&im, XEN_ELFNOTE_LOADER)->n_namesz = 0xfffffffd;
	expect_err(&im, -XEN_EINVAL, "elfnote name size overflow");
	build(&im, NO_NOTE);
	phdr(&im, 1)->p_filesz -= 6;
	expect_err(&im, -XEN_EINVAL, "elfnote note past segment end");
	build(&im, NO_NOTE);
	find_note(&im, XEN_ELFNOTE_ENTRY)->n_descsz = 3;
	expect_err(&im, -XEN_EINVAL, "elfnote bad numeric note size");
	build(&im, NO_NOTE);
	phdr(&im, 1)->p_offset += 2;
	expect_err(&im, -XEN_EINVAL, "elfnote misaligned PT_NOTE");
}

static void test_semantics(void)
{
	struct elf_xen_info info;
	const char *why = NULL;
	struct img im;
	size_t i;
	u64 va;

	build(&im, NO_NOTE);
	for (i = NOTE_OFF; i < NOTE_OFF + im.note_len - 3; i++)
		if (!memcmp(im.buf + i, "Xen", 4))
			im.buf[i + 2] = 'x';
	expect_err(&im, -XEN_ENOEXEC, "elfnote no Xen notes");
	build(&im, XEN_ELFNOTE_ENTRY);
	check(!parse(&im, &info, &why) && info.virt_entry == KERN_ENTRY,
	      "elfnote missing ENTRY falls back to e_entry", why);
	ehdr(&im)->e_entry = KERN_VADDR + LOAD_MEMSZ;
	expect_err(&im, -XEN_EINVAL, "elfnote entry outside kernel");
	build(&im, XEN_ELFNOTE_XEN_VERSION);
	expect_err(&im, -XEN_EINVAL, "elfnote missing XEN_VERSION");
	build(&im, NO_NOTE);
	va = KERN_VADDR + LOAD_MEMSZ - 8;
	memcpy((u8 *)find_note(&im, XEN_ELFNOTE_HYPERCALL_PAGE) + 16, &va, 8);
	expect_err(&im, -XEN_EINVAL, "elfnote HYPERCALL_PAGE outside kernel");
	build(&im, NO_NOTE);
	memcpy((u8 *)find_note(&im, XEN_ELFNOTE_FEATURES) + 16, "!zz", 3);
	expect_err(&im, -XEN_EINVAL, "elfnote unknown required feature");
}

/* Every prefix of a good image must be rejected cleanly. */
static void test_truncations(void)
{
	struct elf_xen_info info;
	const char *why;
	struct img im;
	size_t len;
	int bad = 0;

	build(&im, NO_NOTE);
	for (len = 0; len < im.len; len++)
		if (parse_len(&im, len, &info, &why) == 0 || !why || !*why)
			bad++;
	check(!bad, "elfnote every truncation rejected", "a prefix parsed");
}

/* Random byte flips in the headers and notes: no crash, reason on error. */
static void test_mutations(void)
{
	struct elf_xen_info info;
	const char *why;
	unsigned int seed = 1, n, k;
	struct img im;
	int bad = 0;

	for (n = 0; n < 4000; n++) {
		build(&im, NO_NOTE);
		for (k = 0; k < 1 + n % 4; k++) {
			seed = seed * 1103515245 + 12345;
			im.buf[(seed >> 8) % (NOTE_OFF + im.note_len)] ^=
				1 << (seed >> 24) % 8;
		}
		if (parse(&im, &info, &why) && (!why || !*why))
			bad++;
	}
	check(!bad, "elfnote 4000 mutated images handled", "error without reason");
}

static void test_real_kernel(const char *path)
{
	struct elf_xen_info info;
	const char *why = "";
	char name[128];
	size_t len;
	FILE *f;
	void *buf;
	int ret;

	snprintf(name, sizeof(name), "elfnote parses %s", path);
	f = fopen(path, "rb");
	if (!f) {
		printf("SKIP: %s: not found (build the smoke kernels, run from the repo root)\n",
		       name);
		return;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len);
	if (fread(buf, 1, len, f) != len)
		len = 0;
	fclose(f);
	ret = elf_xen_parse(buf, len, &info, &why);
	free(buf);
	check(ret == 0, name, why);
}

int main(void)
{
	test_good();
	test_load();
	test_header();
	test_phdrs();
	test_notes();
	test_semantics();
	test_truncations();
	test_mutations();
	test_real_kernel("build/smoke/hello.elf");
	return failures ? 1 : 0;
}
