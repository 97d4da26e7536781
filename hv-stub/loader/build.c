// SPDX-License-Identifier: GPL-2.0
/*
 * The domain builder for x86_64 PV kernels, laid out the way Xen's
 * builders do it.  From VIRT_BASE up, every page of the "bootstrap
 * region" is mapped and backed by the domain's pfns in order:
 *
 *   kernel image | initrd | p2m list | start_info | XenStore ring |
 *   console ring | page tables (L4, L3s, L2s, L1s) | boot stack | slack
 *
 * The region ends on a 4 MiB boundary with at least 512 KiB after the
 * stack.  Page-table pages are mapped read-only; the L4 is pinned, so the
 * whole initial tree goes through the same validation as any guest
 * update.  The domain is unprivileged: no SIF_INITDOMAIN.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/elfnote.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/gnttab.h>
#include <hv/guest.h>
#include <hv/lib.h>
#include <hv/loader.h>
#include <hv/mm.h>
#include <hv/time.h>
#include <hv/x86.h>
#include <hv/backend.h>
#include <public/arch-x86_64.h>

#define PTE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY)
#define PTE_DATA	PTE_TABLE
#define PTE_RO		(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)

struct layout {
	u64 v_start, v_end;
	u64 initrd, p2m, start_info, store, console, pt, stack;
	u64 nr_pt;
	u64 nr_l3, nr_l2, nr_l1;
};

struct builder {
	struct domain *d;
	struct elf_xen_info elf;
	struct layout l;
	u64 nr_frames;		/* entries of d->frames */
	char *err;
	size_t errlen;
};

#define build_error(b, ...) snprintf((b)->err, (b)->errlen, __VA_ARGS__)

static u64 va_to_pfn(const struct builder *b, u64 va)
{
	return (va - b->l.v_start) >> PAGE_SHIFT;
}

static void *va_to_hv(const struct builder *b, u64 va)
{
	u64 mfn = b->d->frames[va_to_pfn(b, va)];

	return (char *)mfn_to_virt(mfn) + (va & (PAGE_SIZE - 1));
}

/* Tables needed to map [s, e) with 2 MiB per L1, 1 GiB per L2, ... */
static u64 tables(u64 s, u64 e, unsigned int shift)
{
	return ((e - 1) >> shift) - (s >> shift) + 1;
}

static void layout_tables(struct layout *l, u64 pt_start)
{
	u64 end = pt_start, prev;

	do {
		prev = end;
		l->nr_l3 = tables(l->v_start, end, 39);
		l->nr_l2 = tables(l->v_start, end, 30);
		l->nr_l1 = tables(l->v_start, end, 21);
		l->nr_pt = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
		end = pt_start + (l->nr_pt + 1) * PAGE_SIZE + (512 << 10);
		end = (end + (4 << 20) - 1) & ~((4ull << 20) - 1);
	} while (end != prev);
	l->pt = pt_start;
	l->stack = pt_start + l->nr_pt * PAGE_SIZE;
	l->v_end = end;
}

static u64 page_up(u64 x)
{
	return (x + PAGE_SIZE - 1) & ~(u64)(PAGE_SIZE - 1);
}

static int plan(struct builder *b, u64 initrd_len, u64 nr_pages)
{
	struct layout *l = &b->l;
	u64 va;

	l->v_start = b->elf.virt_base;
	if (b->elf.virt_kstart < l->v_start ||
	    b->elf.virt_kend - b->elf.virt_kstart > (1ull << 30) ||
	    (l->v_start & (PAGE_SIZE - 1)))
		return -EINVAL;
	va = page_up(b->elf.virt_kend);
	l->initrd = va;
	va = page_up(va + initrd_len);
	l->p2m = va;
	va = page_up(va + nr_pages * 8);
	l->start_info = va;
	l->store = va + PAGE_SIZE;
	l->console = va + 2 * PAGE_SIZE;
	layout_tables(l, va + 3 * PAGE_SIZE);
	if (!guest_range_ok(l->v_start, l->v_end - l->v_start) ||
	    l->v_end < l->v_start)
		return -EINVAL;
	if ((l->v_end - l->v_start) >> PAGE_SHIFT > nr_pages)
		return -ENOMEM;
	return 0;
}

static int alloc_memory(struct builder *b, u64 nr_pages, u64 max_pages)
{
	struct domain *d = b->d;
	u64 pfn;

	d->frames = hv_alloc(nr_pages * sizeof(u64));
	if (!d->frames)
		return -ENOMEM;
	b->nr_frames = nr_pages;
	d->max_pages = max_pages;
	for (pfn = 0; pfn < nr_pages; pfn++) {
		u64 mfn = alloc_domain_frame(d->domid);

		if (mfn == INVALID_MFN)
			return -ENOMEM;
		d->frames[pfn] = mfn;
		m2p_set(mfn, pfn);
		d->nr_pages++;
	}
	d->shared_info_mfn = alloc_domain_frame(d->domid);
	if (d->shared_info_mfn == INVALID_MFN)
		return -ENOMEM;
	d->shared_info = mfn_to_virt(d->shared_info_mfn);
	return gnttab_init(d);
}

static int copy_segment(void *ctx, u64 va, const void *src, u64 len,
			u64 zero_len)
{
	struct builder *b = ctx;
	u64 end = va + len + zero_len;

	if (va < b->elf.virt_kstart || end > b->elf.virt_kend || end < va)
		return -EINVAL;
	for (; va < end; va = (va | (PAGE_SIZE - 1)) + 1) {
		u64 n = min(end, (va | (PAGE_SIZE - 1)) + 1) - va;
		u64 from_src = len ? min(n, len) : 0;

		memcpy(va_to_hv(b, va), src, from_src);
		memset((char *)va_to_hv(b, va) + from_src, 0, n - from_src);
		src = (const char *)src + from_src;
		len -= from_src;
	}
	return 0;
}

static void copy_to_region(struct builder *b, u64 va, const void *src,
			   u64 len)
{
	for (; len; ) {
		u64 n = min(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));

		memcpy(va_to_hv(b, va), src, n);
		src = (const char *)src + n;
		va += n;
		len -= n;
	}
}

/* Build the initial page tables over [v_start, v_end). */
static void build_page_tables(struct builder *b)
{
	struct layout *l = &b->l;
	u64 next = l->pt + PAGE_SIZE, va, *l4 = va_to_hv(b, l->pt);

	for (va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
		u64 *t = l4, e;
		unsigned int shift;

		for (shift = 39; shift > 12; shift -= 9) {
			u64 *slot = &t[(va >> shift) & 511];

			if (!(*slot & _PAGE_PRESENT)) {
				*slot = (b->d->frames[va_to_pfn(b, next)] <<
					 PAGE_SHIFT) | PTE_TABLE;
				next += PAGE_SIZE;
			}
			t = mfn_to_virt(pte_mfn(*slot));
		}
		e = b->d->frames[va_to_pfn(b, va)] << PAGE_SHIFT;
		if (va >= l->pt && va < l->pt + l->nr_pt * PAGE_SIZE)
			e |= PTE_RO;
		else
			e |= PTE_DATA;
		t[(va >> 12) & 511] = e;
	}
	BUG_ON(next != l->pt + l->nr_pt * PAGE_SIZE);
}

/* Xen's hypercall page: one 32-byte stub per hypercall number. */
static void write_hypercall_page(struct builder *b)
{
	u8 *p = va_to_hv(b, b->elf.hypercall_page);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / 32; i++, p += 32) {
		static const u8 stub[] = {
			0x51,			/* push %rcx */
			0x41, 0x53,		/* push %r11 */
			0xb8, 0, 0, 0, 0,	/* mov $i, %eax */
			0x0f, 0x05,		/* syscall */
			0x41, 0x5b,		/* pop %r11 */
			0x59,			/* pop %rcx */
			0xc3,			/* ret */
		};
		static const u8 iret[] = {
			0x51, 0x41, 0x53, 0x50,	/* push %rcx, %r11, %rax */
			0xb8, __HYPERVISOR_iret, 0, 0, 0,
			0x0f, 0x05,		/* syscall */
		};

		memset(p, 0xcc, 32);	/* int3 */
		if (i == __HYPERVISOR_iret) {
			memcpy(p, iret, sizeof(iret));
			continue;
		}
		memcpy(p, stub, sizeof(stub));
		*(u32 *)(p + 4) = i;
	}
}

static void write_start_info(struct builder *b, const char *cmdline,
			     const struct boot_module *initrd)
{
	struct start_info *si = va_to_hv(b, b->l.start_info);
	struct domain *d = b->d;
	u64 pfn;

	for (pfn = 0; pfn < d->nr_pages; pfn++)
		copy_to_region(b, b->l.p2m + pfn * 8, &d->frames[pfn], 8);
	strscpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
	si->nr_pages = d->nr_pages;
	si->shared_info = d->shared_info_mfn << PAGE_SHIFT;
	si->flags = 0;
	si->store_mfn = d->frames[va_to_pfn(b, b->l.store)];
	si->store_evtchn = d->store_port;
	si->console.domU.mfn = d->frames[va_to_pfn(b, b->l.console)];
	si->console.domU.evtchn = d->console_port;
	si->pt_base = b->l.pt;
	si->nr_pt_frames = b->l.nr_pt;
	si->mfn_list = b->l.p2m;
	if (initrd) {
		si->mod_start = b->l.initrd;
		si->mod_len = initrd->len;
	}
	strscpy((char *)si->cmd_line, cmdline, sizeof(si->cmd_line));
	d->store_mfn = si->store_mfn;
	d->console_mfn = si->console.domU.mfn;
}

static int setup_vcpus(struct builder *b, unsigned int nr_vcpus)
{
	struct domain *d = b->d;
	u64 l4 = d->frames[va_to_pfn(b, b->l.pt)];
	struct vcpu *v;
	unsigned int i;
	int rc;

	for (i = 0; i < nr_vcpus; i++)
		if (!vcpu_create(d, i))
			return -ENOMEM;
	rc = pgt_pin(d->domid, l4, 4);
	if (rc)
		return rc;
	rc = mm_get_page_and_type(l4, PGT_l4_page_table, d->domid);
	if (rc)
		return rc;
	v = d->vcpus[0];
	v->kernel_l4 = l4;
	v->kernel_mode = true;
	v->regs->rip = b->elf.virt_entry;
	v->regs->rsp = b->l.stack + PAGE_SIZE;
	v->regs->rsi = b->l.start_info;
	v->regs->cs = FLAT_KERNEL_CS64;
	v->regs->ss = FLAT_KERNEL_SS64;
	v->regs->rflags = X86_EFLAGS_IF | 2;
	sched_vcpu_up(v);
	vcpu_prepare_first_run(v);
	time_update_vcpu(v);
	return 0;
}

static int load_image(struct builder *b, const struct boot_module *kernel,
		      const struct boot_module *initrd, u64 nr_pages)
{
	const char *why = "";
	int rc;

	rc = elf_xen_parse(kernel->data, kernel->len, &b->elf, &why);
	if (rc) {
		build_error(b, "guest kernel %s rejected: %s", kernel->path,
			    why);
		return rc;
	}
	if (plan(b, initrd ? initrd->len : 0, nr_pages)) {
		build_error(b, "guest kernel layout does not fit (VIRT_BASE %#lx, kernel %#lx-%#lx, %lu pages)",
			    b->elf.virt_base, b->elf.virt_kstart,
			    b->elf.virt_kend, nr_pages);
		return -EINVAL;
	}
	if (b->elf.has_hypercall_page &&
	    (b->elf.hypercall_page < b->elf.virt_kstart ||
	     b->elf.hypercall_page + PAGE_SIZE > b->elf.virt_kend ||
	     (b->elf.hypercall_page & (PAGE_SIZE - 1)))) {
		build_error(b, "hypercall page %#lx outside the kernel",
			    b->elf.hypercall_page);
		return -EINVAL;
	}
	if (dom_build_frames(nr_pages) > free_frames) {
		build_error(b, "domain needs %lu MiB, %lu MiB free",
			    nr_pages >> 8, free_frames >> 8);
		return -ENOMEM;
	}
	return 0;
}

/* The frames, their p2m copy, shared_info, grant table, vCPUs. */
u64 dom_build_frames(u64 nr_pages)
{
	return nr_pages + nr_pages / 512 + 64;
}

/* The builder's copy of the p2m: the guest has its own once built. */
static void free_p2m_copy(struct builder *b)
{
	hv_free(b->d->frames, b->nr_frames * sizeof(u64));
	b->d->frames = NULL;
}

/* Undo a build that failed half way: the domain never ran. */
static int build_failed(struct builder *b, int rc)
{
	if (b->d) {
		free_p2m_copy(b);
		b->d->dying = true;
		domain_destroy(b->d);
	}
	return rc;
}

int dom_build(const struct dom_config *c, char *err, size_t errlen)
{
	static struct builder b;
	struct domain *d;
	int rc;

	memset(&b, 0, sizeof(b));
	b.err = err;
	b.errlen = errlen;
	rc = load_image(&b, c->kernel, c->initrd, c->nr_pages);
	if (rc)
		return rc;
	d = b.d = domain_create(c->domid, c->vcpus);
	if (!d) {
		build_error(&b, "out of memory for domain %u", c->domid);
		return -ENOMEM;
	}
	strscpy(d->name, c->name, sizeof(d->name));
	d->disks = c->disks;
	sched_set_credit(d, c->weight, c->cap);
	if (alloc_memory(&b, c->nr_pages, c->max_pages)) {
		build_error(&b, "out of memory building domain %u", c->domid);
		return build_failed(&b, -ENOMEM);
	}
	rc = elf_xen_load(c->kernel->data, c->kernel->len, &b.elf,
			  copy_segment, &b);
	if (rc) {
		build_error(&b, "guest kernel segments do not load (%d)", rc);
		return build_failed(&b, rc);
	}
	if (c->initrd)
		copy_to_region(&b, b.l.initrd, c->initrd->data, c->initrd->len);
	if (b.elf.has_hypercall_page)
		write_hypercall_page(&b);
	build_page_tables(&b);
	d->console_port = evtchn_alloc_unbound_for(d, DOMID_XEN);
	d->store_port = evtchn_alloc_unbound_for(d, DOMID_XEN);
	write_start_info(&b, c->cmdline, c->initrd);
	time_update_wallclock(d->shared_info);
	d->shared_info->arch.max_pfn = c->nr_pages;
	rc = setup_vcpus(&b, c->vcpus);
	if (rc) {
		build_error(&b, "initial page tables of domain %u refused (%d)",
			    c->domid, rc);
		return build_failed(&b, rc);
	}
	free_p2m_copy(&b);
	backends_domain_built(d);
	pr_info("domain %u (%s): %lu MiB (max %lu), %u vCPU(s), kernel %#lx-%#lx, entry %#lx, %s%s\n",
		c->domid, d->name, c->nr_pages >> 8, c->max_pages >> 8,
		c->vcpus, b.elf.virt_kstart, b.elf.virt_kend,
		b.elf.virt_entry, c->initrd ? "initrd, " : "", c->cmdline);
	return 0;
}
