// SPDX-License-Identifier: GPL-2.0
/*
 * Guest descriptor tables: set_gdt, MMUEXT_SET_LDT and update_descriptor.
 *
 * A guest GDT frame holds type PGT_seg_desc_page while in use, so it
 * cannot be mapped writable; every descriptor in it has been checked.
 * Code and data segments get DPL 3 (the guest kernel runs in ring 3, as
 * Xen raises them for 64-bit PV guests); present system descriptors are
 * refused but for type 0, which no load accepts, so a guest can never
 * install a gate or a TSS (Xen would take a call gate and emulate it).  GDT frames show up in pages 0..13 of the GDT window, LDT frames
 * in the 16 pages after it, behind the hypervisor's LDT descriptor.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>

u64 desc_generation = 1;

#define DESC_P		(1ull << 47)
#define DESC_S		(1ull << 44)	/* code or data, not system */
#define DESC_DPL3	(3ull << 45)

#define DESC_ACCESSED	(1ull << 40)
#define DESC_TYPE	(15ull << 40)

/*
 * Check, and adjust in place, one guest descriptor.  The accessed bit is
 * set now so that the CPU never writes to a descriptor table page (we
 * map them read-only).
 */
static bool desc_ok(u64 *desc)
{
	if (!(*desc & DESC_P))
		return true;
	/* system type 0 cannot be loaded: Xen accepts it as is */
	if (!(*desc & DESC_S))
		return !(*desc & DESC_TYPE);
	*desc |= DESC_DPL3 | DESC_ACCESSED;
	return true;
}

static bool frame_ok(u64 mfn)
{
	u64 *t = mfn_to_virt(mfn);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / 8; i++)
		if (!desc_ok(&t[i]))
			return false;
	return true;
}

/* Take seg_desc type references on nr frames and check their contents. */
static long get_desc_frames(struct vcpu *v, const u64 *mfn, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (mm_get_page_and_type(mfn[i], PGT_seg_desc_page,
					 v->d->domid))
			goto fail;
		if (!frame_ok(mfn[i])) {
			i++;
			goto fail;
		}
	}
	return 0;
fail:
	while (i--)
		mm_put_page_and_type(mfn[i]);
	return -EINVAL;
}

static void release_ldt(struct vcpu *v);

/* Drop the GDT and LDT frames (domain destruction). */
void vcpu_release_gdt(struct vcpu *v)
{
	unsigned int i;

	for (i = 0; i < (v->gdt_ents + 511) / 512; i++)
		mm_put_page_and_type(v->gdt_mfn[i]);
	v->gdt_ents = 0;
	desc_generation++;
	release_ldt(v);
}

long vcpu_set_gdt(struct vcpu *v, const unsigned long *frames,
		  unsigned long ents)
{
	unsigned int nr = (ents + 511) / 512, i;
	u64 mfn[14];

	if (ents > HV_GDT_FIRST_ENTRY)
		return -EINVAL;
	for (i = 0; i < nr; i++)
		mfn[i] = frames[i];
	if (get_desc_frames(v, mfn, nr))
		return -EINVAL;
	vcpu_release_gdt(v);
	memcpy(v->gdt_mfn, mfn, nr * sizeof(u64));
	v->gdt_ents = ents;
	desc_generation++;
	if (v == current)
		for (i = 0; i < 14; i++)
			gdt_window_map(i, i < nr ? mfn[i] : INVALID_MFN, false);
	return 0;
}

static void release_ldt(struct vcpu *v)
{
	unsigned int i;

	for (i = 0; i < (v->ldt_ents * 8 + PAGE_SIZE - 1) / PAGE_SIZE; i++)
		mm_put_page_and_type(v->ldt_mfn[i]);
	v->ldt_ents = 0;
	desc_generation++;
}

/*
 * Show @v's LDT in the LDT window and load it, or load none: called when
 * @v is switched in and when it sets a new LDT.
 */
void vcpu_load_ldt(struct vcpu *v)
{
	unsigned int i, nr = (v->ldt_ents * 8 + PAGE_SIZE - 1) / PAGE_SIZE;

	for (i = 0; i < 16; i++)
		gdt_window_map(16 + i, i < nr ? v->ldt_mfn[i] : INVALID_MFN,
			       false);
	arch_load_ldt(LDT_VIRT_START, v->ldt_ents);
}

long vcpu_set_ldt(struct vcpu *v, u64 base, const u64 *mfn,
		  unsigned int ents)
{
	unsigned int nr = (ents * 8 + PAGE_SIZE - 1) / PAGE_SIZE;

	if (get_desc_frames(v, mfn, nr))
		return -EINVAL;
	release_ldt(v);
	memcpy(v->ldt_mfn, mfn, nr * sizeof(u64));
	v->ldt_base = base;
	v->ldt_ents = ents;
	desc_generation++;
	if (v == current)
		vcpu_load_ldt(v);
	return 0;
}

/* A descriptor of @v's GDT or LDT, for checking a return selector. */
bool vcpu_desc(const struct vcpu *v, u16 sel, u64 *desc)
{
	unsigned int idx = sel >> 3;
	const u64 *mfn = sel & 4 ? v->ldt_mfn : v->gdt_mfn;

	if (idx >= (sel & 4 ? v->ldt_ents : v->gdt_ents))
		return false;
	*desc = ((u64 *)mfn_to_virt(mfn[idx / 512]))[idx % 512];
	return true;
}

long do_set_gdt(struct vcpu *v, u64 frame_list, u64 ents, u64 a3, u64 a4,
		u64 a5)
{
	unsigned long frames[14];
	unsigned int nr = (ents + 511) / 512;

	if (ents > HV_GDT_FIRST_ENTRY)
		return -EINVAL;
	if (copy_from_guest(frames, frame_list, nr * sizeof(frames[0])))
		return -EFAULT;
	return vcpu_set_gdt(v, frames, ents);
}

long do_update_descriptor(struct vcpu *v, u64 maddr, u64 desc, u64 a3,
			  u64 a4, u64 a5)
{
	u64 mfn = maddr >> PAGE_SHIFT;
	u64 *slot;

	if ((maddr & 7) || !mfn_valid(mfn) || !desc_ok(&desc))
		return -EINVAL;
	if (mm_get_page_and_type(mfn, PGT_seg_desc_page, v->d->domid))
		return -EINVAL;
	slot = (u64 *)mfn_to_virt(mfn) + (maddr & (PAGE_SIZE - 1)) / 8;
	*slot = desc;
	desc_generation++;
	mm_put_page_and_type(mfn);
	return 0;
}
