// SPDX-License-Identifier: GPL-2.0
/*
 * The MMU hypercalls: mmu_update, mmuext_op, update_va_mapping, and the
 * emulated write to a page table (VMASST_TYPE_writable_pagetables).
 *
 * Every change of a guest page-table entry goes through
 * pgt_update_entry() (mm/pgtype.c), which validates it.  The guest runs
 * on one physical CPU, so "flush all CPUs" is a local flush; after a
 * batch that changed entries the whole TLB is flushed, so a stale
 * translation never outlives a type change.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/traps.h>
#include <hv/x86.h>

static void flush_tlb_and_note(void)
{
	flush_tlb_local();
	pgt_tlb_flushed();
}

/* The vCPU's active L4, as the CPU sees it now. */
static u64 active_l4(const struct vcpu *v)
{
	return v->kernel_mode ? v->kernel_l4 : v->user_l4;
}

void vcpu_load_cr3(struct vcpu *v)
{
	if (v == current)
		write_cr3(active_l4(v) << PAGE_SHIFT);
}

/* Unprivileged domains may only update their own tables. */
static long check_foreigndom(struct vcpu *v, u64 foreigndom)
{
	if (foreigndom == DOMID_SELF || foreigndom == v->d->domid)
		return 0;
	return domain_by_id(foreigndom) ? -EPERM : -ESRCH;
}

static long mmu_update_one(struct vcpu *v, const void *arg)
{
	const struct mmu_update *req = arg;
	u64 mfn = req->ptr >> PAGE_SHIFT;

	switch (req->ptr & 7) {
	case MMU_NORMAL_PT_UPDATE:
	case MMU_PT_UPDATE_PRESERVE_AD:
		v->d->stats.mmu_update++;
		return pgt_update_entry(v->d->domid, req->ptr & ~7ull, req->val,
					(req->ptr & 7) ==
					MMU_PT_UPDATE_PRESERVE_AD);
	case MMU_MACHPHYS_UPDATE:
		if (!mfn_valid(mfn) || mfn_to_page(mfn)->owner != v->d->domid)
			return -EPERM;
		m2p_set(mfn, req->val);
		return 0;
	default:
		return -XEN_ENOSYS;
	}
}

/*
 * The batch protocol of mmu_update and mmuext_op: @count requests of
 * @size bytes at @list, done in order until one fails; the number done
 * is written to @pdone.
 */
static long do_batch(struct vcpu *v, u64 list, u64 count, u64 pdone,
		     u64 foreigndom, size_t size,
		     long (*one)(struct vcpu *v, const void *req))
{
	u8 req[sizeof(struct mmuext_op)] __aligned(8);
	long rc;
	u64 i;

	BUILD_BUG_ON(sizeof(struct mmu_update) > sizeof(req));
	rc = check_foreigndom(v, foreigndom);
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		if (copy_from_guest(req, list + i * size, size)) {
			rc = -EFAULT;
			break;
		}
		rc = one(v, req);
		if (rc)
			break;
	}
	if (pdone && copy_to_guest(pdone, &(u32){ i }, sizeof(u32)))
		return -EFAULT;
	return rc;
}

long do_mmu_update(struct vcpu *v, u64 ureqs, u64 count, u64 pdone,
		   u64 foreigndom, u64 a5)
{
	return do_batch(v, ureqs, count, pdone, foreigndom,
			sizeof(struct mmu_update), mmu_update_one);
}

/*
 * Machine address of the L1 entry that maps @va in the table rooted at
 * @l4, or 0 if an upper level is missing or a superpage.
 */
static u64 l1e_maddr(u64 l4, u64 va)
{
	u64 mfn = l4, *t;
	int shift;

	for (shift = 39; shift > 12; shift -= 9) {
		u64 e;

		t = mfn_to_virt(mfn);
		e = t[(va >> shift) & 511];
		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return 0;
		mfn = pte_mfn(e);
		if (!mfn_valid(mfn))
			return 0;
	}
	return (mfn << PAGE_SHIFT) + ((va >> 12) & 511) * 8;
}

u64 mm_l1e_maddr(const struct vcpu *v, u64 va)
{
	return l1e_maddr(active_l4(v), va);
}

/*
 * After an update of @va's entry: the flush the guest asked for, and at
 * least @va's own invalidation even when it asked for none, so that the
 * old translation cannot outlive a type change of its frame.  A request
 * for UVMF_INVLPG is that same invalidation, done once.
 */
static void flush_after(u64 flags, u64 va)
{
	if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_TLB_FLUSH)
		flush_tlb_and_note();
	else
		flush_tlb_one(va);
}

long do_update_va_mapping(struct vcpu *v, u64 va, u64 val, u64 flags,
			  u64 a4, u64 a5)
{
	u64 maddr;
	long rc;

	v->d->stats.update_va_mapping++;
	if (!guest_range_ok(va, 1))
		return -EINVAL;
	maddr = l1e_maddr(active_l4(v), va);
	if (!maddr)
		return -EINVAL;
	rc = pgt_update_entry(v->d->domid, maddr, val, false);
	if (!rc)
		flush_after(flags, va);
	return rc;
}

static long set_baseptr(struct vcpu *v, u64 gmfn, bool user)
{
	u64 *slot = user ? &v->user_l4 : &v->kernel_l4;
	long rc = 0;

	if (gmfn || !user)
		rc = mm_get_page_and_type(gmfn, PGT_l4_page_table, v->d->domid);
	if (rc)
		return rc;
	if (*slot)
		mm_put_page_and_type(*slot);
	*slot = gmfn;
	if (user != v->kernel_mode)
		vcpu_load_cr3(v);
	return 0;
}

/* MMUEXT_SET_LDT: find the frames behind the guest's LDT pages. */
static long set_ldt(struct vcpu *v, u64 base, u64 ents)
{
	u64 mfn[16], ma;
	unsigned int i, nr = (ents * 8 + PAGE_SIZE - 1) / PAGE_SIZE;

	if (ents > 8192 || (base & (PAGE_SIZE - 1)) ||
	    !guest_range_ok(base, ents * 8))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		ma = l1e_maddr(active_l4(v), base + i * PAGE_SIZE);
		if (!ma || !(*(u64 *)maddr_to_virt(ma) & _PAGE_PRESENT))
			return -EINVAL;
		mfn[i] = pte_mfn(*(u64 *)maddr_to_virt(ma));
	}
	return vcpu_set_ldt(v, base, mfn, ents);
}

static long mmuext_one(struct vcpu *v, const void *arg)
{
	const struct mmuext_op *op = arg;
	domid_t d = v->d->domid;

	stats_mmuext(&v->d->stats, op->cmd);
	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		return pgt_pin(d, op->arg1.mfn, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
	case MMUEXT_UNPIN_TABLE:
		return pgt_unpin(d, op->arg1.mfn);
	case MMUEXT_NEW_BASEPTR:
		return set_baseptr(v, op->arg1.mfn, false);
	case MMUEXT_NEW_USER_BASEPTR:
		return set_baseptr(v, op->arg1.mfn, true);
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_TLB_FLUSH_ALL:
		flush_tlb_and_note();
		return 0;
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_INVLPG_MULTI:
	case MMUEXT_INVLPG_ALL:
		if (guest_range_ok(op->arg1.linear_addr, 1))
			flush_tlb_one(op->arg1.linear_addr);
		return 0;
	case MMUEXT_SET_LDT:
		return set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
	default:
		return -XEN_ENOSYS;
	}
}

long do_mmuext_op(struct vcpu *v, u64 uops, u64 count, u64 pdone,
		  u64 foreigndom, u64 a5)
{
	return do_batch(v, uops, count, pdone, foreigndom,
			sizeof(struct mmuext_op), mmuext_one);
}

/*
 * Length of a ModRM memory operand (ModRM, SIB, displacement) at @p, or
 * 0 if it is a register operand.
 */
static unsigned int modrm_len(const u8 *p)
{
	unsigned int mod = p[0] >> 6, rm = p[0] & 7, len = 1;

	if (mod == 3)
		return 0;
	if (rm == 4)
		len++;
	if (mod == 1)
		len += 1;
	else if (mod == 2 || (mod == 0 && rm == 5) ||
		 (mod == 0 && rm == 4 && (p[1] & 7) == 5))
		len += 4;
	return len;
}

/*
 * The write instructions Linux uses on page-table entries, decoded far
 * enough to recompute the entry: MOV, XCHG, CMPXCHG, AND/OR with an
 * immediate or a register, and BTS/BTR/BTC with an immediate or a
 * register bit index, any operand size, with LOCK or the DS prefix that
 * replaces LOCK on UP kernels.
 */
enum store_op { OP_MOV, OP_XCHG, OP_CMPXCHG, OP_AND, OP_OR, OP_BTS,
		OP_BTR, OP_BTC };

struct store {
	enum store_op op;
	unsigned int len;	/* instruction length */
	unsigned int size;	/* operand bytes */
	u64 src;		/* immediate or register value */
	u64 *reg;		/* register operand, if any */
	unsigned int shift;	/* 8 for AH, CH, DH, BH */
};


static unsigned int skip_prefixes(const u8 *b, bool *opsize)
{
	unsigned int i = 0;

	for (; i < 4 && (b[i] == 0xf0 || b[i] == 0x3e || b[i] == 0x66); i++)
		if (b[i] == 0x66)
			*opsize = true;
	return i;
}

/* Opcode (after prefixes and REX) to operation; false if not one of ours. */
static bool decode_op(const u8 *p, unsigned int *op_len, struct store *st,
		      bool *has_imm8, bool *has_imm32)
{
	unsigned int reg = (p[p[0] == 0x0f ? 2 : 1] >> 3) & 7;

	*op_len = 1;
	*has_imm8 = *has_imm32 = false;
	switch (p[0]) {
	case 0x88:
	case 0x89:
		st->op = OP_MOV;
		return true;
	case 0x86:
	case 0x87:
		st->op = OP_XCHG;
		return true;
	case 0x08:
	case 0x09:
		st->op = OP_OR;
		return true;
	case 0x20:
	case 0x21:
		st->op = OP_AND;
		return true;
	case 0xc6:
	case 0xc7:
		st->op = OP_MOV;
		*has_imm8 = p[0] == 0xc6;
		*has_imm32 = p[0] == 0xc7;
		return reg == 0;
	case 0x80:
	case 0x81:
	case 0x83:
		if (reg != 1 && reg != 4)
			return false;
		st->op = reg == 1 ? OP_OR : OP_AND;
		*has_imm8 = p[0] != 0x81;
		*has_imm32 = p[0] == 0x81;
		return true;
	case 0x0f:
		*op_len = 2;
		if (p[1] == 0xb1) {
			st->op = OP_CMPXCHG;
			return true;
		}
		if (p[1] == 0xab || p[1] == 0xb3 || p[1] == 0xbb) {
			st->op = p[1] == 0xab ? OP_BTS : p[1] == 0xb3 ?
				 OP_BTR : OP_BTC;
			return true;
		}
		if (p[1] == 0xba && reg >= 5) {
			st->op = reg == 5 ? OP_BTS : reg == 6 ? OP_BTR : OP_BTC;
			*has_imm8 = true;
			return true;
		}
		return false;
	default:
		return false;
	}
}

static bool decode_store(struct vcpu *v, const u8 *b, struct store *st)
{
	bool opsize = false, imm8, imm32;
	unsigned int i = skip_prefixes(b, &opsize), op_len, n, reg;
	u8 rex = (b[i] & 0xf0) == 0x40 ? b[i++] : 0;
	const u8 *modrm;

	if (!decode_op(&b[i], &op_len, st, &imm8, &imm32))
		return false;
	modrm = &b[i + op_len];
	n = modrm_len(modrm);
	if (!n)
		return false;
	st->size = rex & 8 ? 8 : opsize ? 2 : 4;
	if (op_len == 1 && (b[i] == 0x80 || (!(b[i] & 1) && b[i] != 0x80)))
		st->size = 1;	/* 88 86 08 20 c6 80: the byte forms */
	reg = ((*modrm >> 3) & 7) | ((rex & 4) << 1);
	st->shift = 0;
	if (st->size == 1 && !rex && reg >= 4) {
		reg -= 4;	/* without REX, byte registers 4-7 are AH-BH */
		st->shift = 8;
	}
	st->reg = guest_gpr(v->regs, reg);
	st->src = *st->reg >> st->shift;
	st->len = i + op_len + n;
	if (imm8)
		st->src = (u64)(s64)(s8)modrm[n];
	if (imm32 && st->size == 2) {	/* 0x66: an imm16 */
		st->src = (u64)(s64)*(const s16 *)&modrm[n];
		st->len -= 2;
	} else if (imm32) {
		st->src = (u64)(s64)*(const s32 *)&modrm[n];
	}
	st->len += imm8 ? 1 : imm32 ? 4 : 0;
	return st->len <= 15;
}

static u64 size_mask(unsigned int size)
{
	return size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* EFLAGS bits besides those of <hv/x86.h> */
#define EFLAGS_PF	0x004ull
#define EFLAGS_AF	0x010ull
#define EFLAGS_SF	0x080ull
#define EFLAGS_OF	0x800ull
#define EFLAGS_ARITH	(X86_EFLAGS_CF | EFLAGS_PF | EFLAGS_AF | \
			 X86_EFLAGS_ZF | EFLAGS_SF | EFLAGS_OF)

/* ZF, SF and PF of a @size-byte result */
static u64 result_flags(u64 res, unsigned int size)
{
	u64 f = 0, p = res & 0xff;

	p ^= p >> 4;
	p ^= p >> 2;
	p ^= p >> 1;
	if (!(p & 1))
		f |= EFLAGS_PF;
	if (!(res & size_mask(size)))
		f |= X86_EFLAGS_ZF;
	if (res >> (size * 8 - 1) & 1)
		f |= EFLAGS_SF;
	return f;
}

/*
 * The new operand value and the guest's new flags in @flags, as the CPU
 * computes them; false for a CMPXCHG that does not store.
 */
static bool apply(struct vcpu *v, const struct store *st, u64 old, u64 *new,
		  u64 *flags)
{
	u64 mask = size_mask(st->size), bit, acc, res;
	unsigned int top = st->size * 8 - 1;

	switch (st->op) {
	case OP_MOV:
	case OP_XCHG:
		*new = st->src;
		return true;
	case OP_CMPXCHG:
		/* the flags of CMP accumulator, old */
		acc = v->regs->rax & mask;
		res = (acc - old) & mask;
		*flags = (*flags & ~EFLAGS_ARITH) | result_flags(res, st->size);
		if (acc < old)
			*flags |= X86_EFLAGS_CF;
		if (((acc ^ old) & (acc ^ res)) >> top & 1)
			*flags |= EFLAGS_OF;
		if ((acc ^ old ^ res) & 0x10)
			*flags |= EFLAGS_AF;
		*new = st->src;
		return acc == old;
	case OP_AND:
	case OP_OR:
		*new = st->op == OP_AND ? old & st->src : old | st->src;
		*flags = (*flags & ~EFLAGS_ARITH) |
			 result_flags(*new, st->size);
		return true;
	default:
		bit = 1ull << (st->src & top);
		*flags = (*flags & ~X86_EFLAGS_CF) |
			 (old & bit ? X86_EFLAGS_CF : 0);
		*new = st->op == OP_BTS ? old | bit :
		       st->op == OP_BTR ? old & ~bit : old ^ bit;
		return true;
	}
}

/* Write @val of @size bytes to a register as the CPU does. */
static void set_reg(const struct store *st, u64 *reg, u64 val)
{
	u64 mask = size_mask(st->size) << st->shift;

	if (st->size >= 4)
		*reg = val;	/* a 32-bit write clears the upper half */
	else
		*reg = (*reg & ~mask) | (val << st->shift);
}

/*
 * Carry out the decoded store at byte @off of the entry at @maddr: the
 * new entry goes through the same validation as an mmu_update.  The
 * guest's registers and flags change only if the store is done.
 */
static bool do_store(struct vcpu *v, const struct store *st, u64 maddr,
		     unsigned int off)
{
	u64 entry = *(u64 *)maddr_to_virt(maddr), mask = size_mask(st->size);
	u64 old = (entry >> (off * 8)) & mask, new, flags = v->regs->rflags;
	struct store acc = *st;

	if (off + st->size > 8)
		return false;
	if (!apply(v, st, old, &new, &flags)) {
		/* CMPXCHG that failed: the accumulator gets the entry */
		acc.shift = 0;
		set_reg(&acc, &v->regs->rax, old);
		v->regs->rflags = flags;
		return true;
	}
	new &= mask;
	entry = (entry & ~(mask << (off * 8))) | (new << (off * 8));
	if (pgt_update_entry(v->d->domid, maddr, entry, false))
		return false;
	v->regs->rflags = flags;
	if (st->op == OP_XCHG)
		set_reg(st, st->reg, old);
	return true;
}

/*
 * VMASST_TYPE_writable_pagetables: a guest-kernel store to a read-only
 * mapped, validated L1 table is carried out as a validated update.
 */
bool ptwr_emulate(struct vcpu *v, u64 addr, u32 error_code)
{
	u64 l1e_ma, l1e, target;
	struct store st;
	u8 b[16] = { 0 };
	struct page_info *pg;

	if (!(v->d->vm_assist & (1ul << VMASST_TYPE_writable_pagetables)) ||
	    !v->kernel_mode || (error_code & 3) != 3)
		return false;
	l1e_ma = l1e_maddr(active_l4(v), addr);
	if (!l1e_ma)
		return false;
	l1e = *(u64 *)maddr_to_virt(l1e_ma);
	target = pte_mfn(l1e);
	if (!mfn_valid(target))
		return false;
	pg = mfn_to_page(target);
	if (pg->owner != v->d->domid ||
	    (pg->type_info & PGT_type_mask) != PGT_l1_page_table)
		return false;
	guest_fetch(v, b);	/* a short fetch fails the decode below */
	if (!decode_store(v, b, &st) ||
	    !do_store(v, &st, (target << PAGE_SHIFT) |
		      (addr & (PAGE_SIZE - 8)), addr & 7))
		return false;
	v->regs->rip += st.len;
	return true;
}
