// SPDX-License-Identifier: GPL-2.0
/*
 * SGDT, SIDT, SLDT, SMSW and STR under CR4.UMIP.
 *
 * A PV guest runs its kernel and its user space in ring 3, where these
 * five would show hv-stub's own descriptor tables and CR0.  Where the CPU
 * has UMIP (CPUID.7.0:ECX[2]) hv-stub turns it on, so they raise #GP(0),
 * and answers them here with what a PV guest reads on Xen 4.17.  Xen
 * never enables UMIP for itself (it offers UMIP to HVM guests only), so
 * on Xen the five run natively and the guest sees Xen's state:
 *
 *   SGDT  the vCPU's GDT window, GDT_VIRT_START + (vCPU << 17), with the
 *         limit of Xen's reserved entries (PV_GDT_LIMIT);
 *   SIDT  256 gates (limit 0xfff) at a fixed address in the hypervisor
 *         slots (PV_IDT_BASE) that says nothing of hv-stub's layout;
 *   SLDT  the LDT selector while the vCPU has an LDT (HV_LDT_SEL), else 0;
 *   STR   the TSS selector, HV_TSS_SEL (0xe040 as on Xen);
 *   SMSW  the guest's view of CR0 (MOV from CR0), with its virtual TS.
 *
 * Operands as the CPU has them in 64-bit mode: a register destination is
 * written at the operand size (16 bits with 0x66 keep the rest, 32 bits
 * zero-extend, REX.W 64); a memory one gets 2 bytes, or 10 for SGDT and
 * SIDT, stored with the guest's own page tables and rights.  A store that
 * cannot be done is the fault the CPU would raise there: #GP(0) (#SS(0)
 * off RSP/RBP) for a non-canonical address, else #PF with CR2.
 */
#include <hv/domain.h>
#include <hv/guest.h>
#include <hv/layout.h>
#include <hv/lib.h>
#include <hv/stats.h>
#include <hv/traps.h>
#include <hv/x86.h>

#define PV_GDT_LIMIT	0xefff			/* Xen: 14 + 1 GDT pages */
#define PV_IDT_BASE	0xffff82d040000000ull	/* hypervisor text, on Xen */
#define PV_IDT_LIMIT	0xfff

#define PF_PRESENT	1u
#define PF_WRITE	2u
#define PF_USER		4u

/* Set by arch_cpu_init() (setup.c) when CR4.UMIP is on. */
bool umip_active;

bool arch_umip_active(void)
{
	return umip_active;
}

struct umip_op {
	u8 b[16];
	unsigned int len, pos;
	bool opsize, addr32;
	u8 rex, modrm;
	int seg;		/* 4: fs, 5: gs, else none */
	bool stack;		/* addressed off RSP or RBP */
};

static void prefixes(struct umip_op *op)
{
	for (; op->pos < op->len; op->pos++) {
		u8 c = op->b[op->pos];

		if ((c & 0xf0) == 0x40) {
			op->rex = c;
			continue;
		}
		if (c == 0x66)
			op->opsize = true;
		else if (c == 0x67)
			op->addr32 = true;
		else if (c == 0x64 || c == 0x65)
			op->seg = c - 0x60;
		else if (c != 0x26 && c != 0x2e && c != 0x36 && c != 0x3e &&
			 c != 0xf2 && c != 0xf3)
			return;
		op->rex = 0;	/* a REX counts only right before the opcode */
	}
}

static bool take(struct umip_op *op, unsigned int n, s64 *val)
{
	if (op->pos + n > op->len)
		return false;
	if (n == 1)
		*val = (s8)op->b[op->pos];
	else
		*val = (s32)(op->b[op->pos] | op->b[op->pos + 1] << 8 |
			     op->b[op->pos + 2] << 16 |
			     (u32)op->b[op->pos + 3] << 24);
	op->pos += n;
	return true;
}

static u64 gpr(struct vcpu *v, unsigned int n)
{
	return *guest_gpr(v->regs, n);
}

/* The address of a ModRM memory operand; false if the bytes run out. */
static bool mem_operand(struct vcpu *v, struct umip_op *op, u64 *gva)
{
	unsigned int mod = op->modrm >> 6, rm = op->modrm & 7, base;
	bool rip_rel = false;
	s64 disp = 0;
	u64 ea = 0;
	u8 sib;

	if (rm == 4) {
		if (op->pos >= op->len)
			return false;
		sib = op->b[op->pos++];
		base = (sib & 7) | (op->rex & 1) << 3;
		if ((((sib >> 3) & 7) | (op->rex & 2) << 2) != 4)
			ea = gpr(v, ((sib >> 3) & 7) | (op->rex & 2) << 2) <<
			     ((sib >> 6) & 3);
		if ((sib & 7) == 5 && mod == 0) {
			if (!take(op, 4, &disp))
				return false;
		} else {
			ea += gpr(v, base);
			op->stack = (base & 7) == 4 || (base & 7) == 5;
		}
	} else if (rm == 5 && mod == 0) {
		rip_rel = true;
		if (!take(op, 4, &disp))
			return false;
	} else {
		ea = gpr(v, rm | (op->rex & 1) << 3);
		op->stack = rm == 5;
	}
	if ((mod == 1 && !take(op, 1, &disp)) ||
	    (mod == 2 && !take(op, 4, &disp)))
		return false;
	ea += disp;
	/* nothing follows the operand in these five */
	if (rip_rel)
		ea += v->regs->rip + op->pos;
	if (op->addr32)
		ea = (u32)ea;
	if (op->seg == 4)
		ea += rdmsr(MSR_FS_BASE);
	else if (op->seg == 5)
		ea += rdmsr(MSR_GS_BASE);
	else
		op->stack = op->stack && !rip_rel;
	*gva = ea;
	return true;
}

static bool canonical(u64 va)
{
	return (u64)((s64)(va << 16) >> 16) == va;
}

/*
 * Store @len bytes at @gva as the guest would; on failure inject the
 * fault the CPU raises there.  hv-stub's own slots are present but not
 * the guest's, as Xen's are.
 */
static bool guest_store(struct vcpu *v, struct umip_op *op, u64 gva,
			const void *src, unsigned int len)
{
	unsigned int first = min((u64)len, PAGE_SIZE - (gva & (PAGE_SIZE - 1)));
	u64 cr2;
	u8 probe;
	u32 ec = PF_WRITE;

	if (!canonical(gva) || !canonical(gva + len - 1)) {
		inject_trap(v, op->stack ? X86_EXC_SS : X86_EXC_GP, true, 0);
		return false;
	}
	if (!copy_to_guest(gva, src, len))
		return true;
	cr2 = copy_to_guest(gva, src, first) ? gva : gva + first;
	if (!guest_range_ok(cr2, 1) || !copy_from_guest(&probe, cr2, 1))
		ec |= PF_PRESENT;
	if (!v->kernel_mode)
		ec |= PF_USER;
	v->vcpu_info->arch.cr2 = cr2;
	inject_trap(v, X86_EXC_PF, true, ec);
	return false;
}

/* SLDT, STR, SMSW to a register: the operand-size rules of a MOV. */
static void reg_write(struct vcpu *v, struct umip_op *op, u64 val)
{
	u64 *r = guest_gpr(v->regs, (op->modrm & 7) | (op->rex & 1) << 3);

	if (op->rex & 8)
		*r = val;
	else if (op->opsize)
		*r = (*r & ~0xffffull) | (val & 0xffff);
	else
		*r = (u32)val;
}

static u64 value_of(struct vcpu *v, enum emul_kind kind)
{
	switch (kind) {
	case EMUL_SLDT:
		return v->ldt_ents ? HV_LDT_SEL : 0;
	case EMUL_STR:
		return HV_TSS_SEL;
	default:
		return pv_read_cr0(v);
	}
}

/* Which of the five is at ModRM @modrm after 0f @op, or EMUL_NONE. */
static enum emul_kind which(u8 op, u8 modrm)
{
	unsigned int reg = (modrm >> 3) & 7;
	bool mem = (modrm >> 6) != 3;

	if (op == 0x00)
		return reg == 0 ? EMUL_SLDT : reg == 1 ? EMUL_STR : EMUL_NONE;
	if (reg == 4)
		return EMUL_SMSW;
	if (mem && reg == 0)
		return EMUL_SGDT;
	if (mem && reg == 1)
		return EMUL_SIDT;
	return EMUL_NONE;
}

/*
 * A #GP(0) from the guest, kernel or user mode: one of the five?  Done
 * (or its fault injected) if so; returns which, or EMUL_NONE.
 */
enum emul_kind emulate_umip(struct vcpu *v)
{
	struct umip_op op = { .seg = -1 };
	enum emul_kind kind;
	u8 table[10];
	u64 gva, base;
	u16 limit;

	if (!umip_active)
		return EMUL_NONE;
	op.len = guest_fetch(v, op.b);
	prefixes(&op);
	if (op.pos + 3 > op.len || op.b[op.pos] != 0x0f ||
	    op.b[op.pos + 1] > 0x01)
		return EMUL_NONE;
	kind = which(op.b[op.pos + 1], op.b[op.pos + 2]);
	op.modrm = op.b[op.pos + 2];
	op.pos += 3;
	if (kind == EMUL_NONE)
		return EMUL_NONE;
	if ((op.modrm >> 6) == 3) {
		reg_write(v, &op, value_of(v, kind));
	} else if (!mem_operand(v, &op, &gva)) {
		return EMUL_NONE;
	} else if (kind == EMUL_SGDT || kind == EMUL_SIDT) {
		limit = kind == EMUL_SGDT ? PV_GDT_LIMIT : PV_IDT_LIMIT;
		base = kind == EMUL_SGDT ?
		       GDT_VIRT_START + ((u64)v->id << 17) : PV_IDT_BASE;
		memcpy(table, &limit, 2);
		memcpy(table + 2, &base, 8);
		if (!guest_store(v, &op, gva, table, sizeof(table)))
			return kind;
	} else {
		limit = value_of(v, kind);
		if (!guest_store(v, &op, gva, &limit, 2))
			return kind;
	}
	v->regs->rip += op.pos;
	return kind;
}
