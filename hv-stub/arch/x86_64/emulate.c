// SPDX-License-Identifier: GPL-2.0
/*
 * Emulation of what a PV guest kernel still executes in ring 3:
 *
 *  - CPUID behind Xen's forced-emulation prefix (ud2; .ascii "xen"),
 *    answered from a PV CPUID policy with Xen's leaves at 0x40000000;
 *  - "int n" that the IDT refused (DPL 0), delivered to the guest's
 *    handler if the guest's trap table allows it;
 *  - with a virtual IOPL (PHYSDEVOP_set_iopl, or the IRET frame under
 *    VMASST_TYPE_architectural_iopl), port I/O (no ports are given to
 *    guests: reads return all ones, writes are dropped) and CLI/STI (a
 *    no-op, as on Xen), from guest kernel or user mode as iopl_ok() says;
 *    without it they are #GP, as on Xen;
 *  - privileged instructions in guest kernel mode:
 *    RDMSR/WRMSR of the MSRs guests touch, MOV from CR0/2/3/4, MOV to CR0
 *    (TS only) and CR4 (the bits the CPUID policy lets a guest own), MOV
 *    from and to DR0..DR7 (set_debugreg's rules), CLTS, WBINVD, and
 *    RDTSC/RDTSCP while the guest has set CR4.TSD.
 *
 * The caller raises the #DB the CPU would have raised after an emulated
 * instruction (TF, and I/O breakpoints on IN/OUT).
 *
 * Instruction bytes are fetched from guest memory with copy_from_guest;
 * anything not understood is left to the caller, which bounces the
 * original fault to the guest.
 */
#include <hv/debugreg.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/traps.h>
#include <hv/time.h>
#include <hv/x86.h>
#include <public/cpuid.h>

#define MSR_IA32_TSC		0x010
#define MSR_IA32_APICBASE	0x01b
#define MSR_MTRRcap		0x0fe
#define MSR_IA32_MISC_ENABLE	0x1a0
#define MSR_IA32_PAT		0x277
#define MSR_MTRRdefType		0x2ff
#define EFER_LME		0x100
#define EFER_LMA		0x400
#define EFER_NXE		0x800

struct insn {
	u8 b[16];
	unsigned int len;	/* bytes fetched */
	unsigned int pos;	/* next byte to decode */
	bool opsize;		/* 0x66 prefix */
	u8 rex;
	u32 io_hits;		/* I/O breakpoints matched (DR6 B0..B3) */
	bool ud;		/* raise #UD at the instruction instead */
};

/* Up to 16 instruction bytes at the guest's RIP; returns how many. */
unsigned int guest_fetch(struct vcpu *v, u8 *b)
{
	unsigned int n;

	memset(b, 0, 16);
	/* the instruction may end just before an unmapped page */
	for (n = 16; n; n--)
		if (!copy_from_guest(b, v->regs->rip, n))
			break;
	return n;
}

static bool fetch(struct vcpu *v, struct insn *in)
{
	memset(in, 0, sizeof(*in));
	in->len = guest_fetch(v, in->b);
	while (in->pos < in->len && in->b[in->pos] == 0x66) {
		in->opsize = true;
		in->pos++;
	}
	if (in->pos < in->len && (in->b[in->pos] & 0xf0) == 0x40)
		in->rex = in->b[in->pos++];
	return in->len > 0;
}

/* General purpose register @n (x86 encoding order) in the guest frame. */
u64 *guest_gpr(struct cpu_user_regs *r, unsigned int n)
{
	switch (n & 15) {
	case 0: return &r->rax;
	case 1: return &r->rcx;
	case 2: return &r->rdx;
	case 3: return &r->rbx;
	case 4: return &r->rsp;
	case 5: return &r->rbp;
	case 6: return &r->rsi;
	case 7: return &r->rdi;
	case 8: return &r->r8;
	case 9: return &r->r9;
	case 10: return &r->r10;
	case 11: return &r->r11;
	case 12: return &r->r12;
	case 13: return &r->r13;
	case 14: return &r->r14;
	default: return &r->r15;
	}
}

static void pv_cpuid(struct vcpu *v, u32 leaf, u32 sub, u32 *a, u32 *b,
		     u32 *c, u32 *d)
{
	if (leaf >= XEN_CPUID_FIRST_LEAF && leaf < XEN_CPUID_FIRST_LEAF + 0x100) {
		*a = *b = *c = *d = 0;
		switch (leaf) {
		case XEN_CPUID_LEAF(0):
			*a = XEN_CPUID_LEAF(5);
			*b = 0x566e6558;	/* "XenV" */
			*c = 0x65584d4d;	/* "MMXe" */
			*d = 0x4d4d566e;	/* "nVMM" */
			break;
		case XEN_CPUID_LEAF(1):
			*a = (4 << 16) | 17;
			break;
		case XEN_CPUID_LEAF(2):
			*a = 1;			/* hypercall pages */
			*b = 0x40000000;	/* hypercall page MSR */
			break;
		case XEN_CPUID_LEAF(XEN_CPUID_LEAF_TIME):
			time_cpuid(sub, a, b, c, d);
			break;
		}
		return;
	}
	cpuid_count(leaf, sub, a, b, c, d);
	switch (leaf) {
	case 1:
		/* no VMX, SMX, PCID, x2APIC, TSC deadline, XSAVE, AVX,
		 * MONITOR; hypervisor present
		 */
		*c &= ~((1u << 3) | (1u << 5) | (1u << 6) | (1u << 17) |
			(1u << 21) | (1u << 24) | (1u << 26) | (1u << 27) |
			(1u << 28) | (1u << 12) | (1u << 29));
		*c |= 1u << 31;
		/*
		 * no VME, PSE, PGE, PSE36 (a PV guest cannot use large or
		 * global pages, as on Xen), APIC, MTRR, ACPI, DS, PBE, MCE/MCA
		 */
		*d &= ~((1u << 1) | (1u << 3) | (1u << 13) | (1u << 17) |
			(1u << 9) | (1u << 12) | (1u << 22) | (1u << 21) |
			(1u << 31) | (1u << 7) | (1u << 14));
		break;
	case 7:
		/* keep the plain user-level extensions only */
		*b &= (1u << 3) | (1u << 8) | (1u << 9) | (1u << 19) |
		      (1u << 23) | (1u << 29);
		*c = 0;
		*d = 0;
		break;
	case 0xd:
		*a = *b = *c = *d = 0;
		break;
	case 0x80000001:
		*c &= ~(1u << 2);	/* no SVM */
		*d &= ~(1u << 26);	/* no 1 GiB pages */
		break;
	}
}

bool emulate_forced_cpuid(struct vcpu *v)
{
	static const u8 sig[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
	struct cpu_user_regs *r = v->regs;
	u32 a, b, c, d;
	u8 buf[sizeof(sig)];

	if (copy_from_guest(buf, r->rip, sizeof(buf)) ||
	    memcmp(buf, sig, sizeof(sig)))
		return false;
	pv_cpuid(v, r->rax, r->rcx, &a, &b, &c, &d);
	r->rax = a;
	r->rbx = b;
	r->rcx = c;
	r->rdx = d;
	r->rip += sizeof(sig);
	return true;
}

/*
 * "int n" refused by the IDT (every gate but 3 and 4 has DPL 0) raises
 * #GP with error code (n << 3) | 2.  As on Xen it is delivered if the
 * guest's trap table allows it from the current mode (DPL >= 1 for guest
 * kernel mode, 3 for user mode), handler or not (none crashes the
 * domain, as on Xen); otherwise the #GP goes to the guest.  QEMU 7.2 TCG
 * reports (n << 4) | 2 for it, so the vector is read from the instruction
 * and the error code the guest gets is rebuilt from it.
 */
bool emulate_int(struct vcpu *v)
{
	struct cpu_user_regs *r = v->regs;
	u8 op[2];

	if (!(r->error_code & 2) || copy_from_guest(op, r->rip, 2) ||
	    op[0] != 0xcd)
		return false;
	if ((v->traps[op[1]].flags & 3) < (v->kernel_mode ? 1 : 3)) {
		r->error_code = (u32)op[1] << 3 | 2;
		return false;
	}
	r->rip += 2;
	inject_trap(v, op[1], false, 0);
	return true;
}

static bool read_msr(struct vcpu *v, u32 msr, u64 *val)
{
	switch (msr) {
	case MSR_EFER:
		*val = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;
		return true;
	case MSR_FS_BASE:
		*val = rdmsr(MSR_FS_BASE);
		return true;
	case MSR_GS_BASE:
		*val = rdmsr(MSR_GS_BASE);
		return true;
	case MSR_KERNEL_GS_BASE:	/* the other mode's GS base */
		*val = rdmsr(MSR_KERNEL_GS_BASE);
		return true;
	case MSR_IA32_TSC:
		*val = rdtsc();
		return true;
	case MSR_TSC_AUX:
		*val = v->tsc_aux;
		return true;
	case MSR_IA32_MISC_ENABLE:
		*val = rdmsr(MSR_IA32_MISC_ENABLE);
		return true;
	case MSR_IA32_PAT:
		*val = 0x0007010600070106ull;	/* what Xen gives PV guests */
		return true;
	case MSR_MTRRcap:
	case MSR_MTRRdefType:
		*val = 0;
		return true;
	default:
		return false;
	}
}

static bool write_msr(struct vcpu *v, u32 msr, u64 val)
{
	u64 cur;

	if ((u64)((s64)(val << 16) >> 16) != val &&
	    (msr == MSR_FS_BASE || msr == MSR_GS_BASE ||
	     msr == MSR_KERNEL_GS_BASE))
		return false;
	switch (msr) {
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_KERNEL_GS_BASE:	/* the other mode's GS base */
		wrmsr(msr, val);
		return true;
	case MSR_TSC_AUX:
		/* what RDTSCP/RDPID return; per vCPU, loaded on switch-in */
		v->tsc_aux = (u32)val;
		wrmsr(MSR_TSC_AUX, v->tsc_aux);
		return true;
	default:
		/* writing back what a read returned is harmless */
		return read_msr(v, msr, &cur) && cur == val;
	}
}

static bool emulate_msr(struct vcpu *v, bool write)
{
	struct cpu_user_regs *r = v->regs;
	u32 msr = r->rcx;
	u64 val;

	if (write)
		return write_msr(v, msr, (r->rdx << 32) | (u32)r->rax);
	if (!read_msr(v, msr, &val))
		return false;
	r->rax = (u32)val;
	r->rdx = val >> 32;
	return true;
}

static bool emulate_port_io(struct vcpu *v, struct insn *in, u8 op)
{
	struct cpu_user_regs *r = v->regs;
	unsigned int size = op & 1 ? (in->opsize ? 2 : 4) : 1;
	unsigned int port = (u16)r->rdx;

	if (op == 0xe4 || op == 0xe5 || op == 0xe6 || op == 0xe7) {
		if (in->pos >= in->len)
			return false;
		port = in->b[in->pos++];	/* imm8 port */
	}
	in->io_hits = debugreg_io_match(v, port, size);
	if (op == 0xe4 || op == 0xe5 || op == 0xec || op == 0xed) {
		if (size == 4)
			r->rax = 0xffffffff;
		else
			r->rax |= size == 2 ? 0xffff : 0xff;
	}
	return true;
}

/* CR0 as the guest reads it (MOV from CR0, SMSW): its own TS. */
u64 pv_read_cr0(const struct vcpu *v)
{
	return 0x80050033 | (v->fpu_ts ? X86_CR0_TS : 0);
}

/*
 * MOV from/to CRn and DRn name a register whatever ModRM.mod says (the
 * CPU ignores it); REX.B extends the GPR, REX.R the CR or DR number.
 */
static u64 *ctl_gpr(struct vcpu *v, u8 modrm, u8 rex)
{
	return guest_gpr(v->regs, (modrm & 7) | ((rex & 1) << 3));
}

static unsigned int ctl_reg(u8 modrm, u8 rex)
{
	return ((modrm >> 3) & 7) | ((rex & 4) << 1);
}

static bool emulate_cr_read(struct vcpu *v, u8 modrm, u8 rex)
{
	u64 *dst = ctl_gpr(v, modrm, rex);

	switch (ctl_reg(modrm, rex)) {
	case 0:
		*dst = pv_read_cr0(v);
		return true;
	case 2:
		*dst = v->vcpu_info->arch.cr2;
		return true;
	case 3:
		*dst = (v->kernel_mode ? v->kernel_l4 : v->user_l4) << 12;
		return true;
	case 4:
		*dst = v->cr4;
		return true;
	default:
		return false;
	}
}

/*
 * CR4 as Xen 4.17 keeps it for a PV guest: the guest owns TSD, DE,
 * FSGSBASE and OSXSAVE, each only if its CPUID shows the feature (a bit
 * the policy hides is dropped from the write without a fault); it sees,
 * but cannot change, hv-stub's own PAE, MCE, OSFXSR and OSXMMEXCPT.
 */
#define PV_CR4_GUEST_MASK	(X86_CR4_TSD | X86_CR4_DE | X86_CR4_FSGSBASE | \
				 X86_CR4_OSXSAVE)
#define PV_CR4_VISIBLE_MASK	(X86_CR4_PAE | X86_CR4_MCE | X86_CR4_OSFXSR | \
				 X86_CR4_OSXMMEXCPT)
/* the guest's bits that the real CR4 follows while the vCPU runs */
#define PV_CR4_REAL_MASK	(X86_CR4_TSD | X86_CR4_FSGSBASE)

u64 pv_fixup_guest_cr4(struct vcpu *v, u64 cr4)
{
	u32 a, b, c, d, b7, c7, d7;
	u64 allowed = 0;

	pv_cpuid(v, 1, 0, &a, &b, &c, &d);
	if (d & (1u << 4))			/* TSC */
		allowed |= X86_CR4_TSD;
	if (d & (1u << 2))			/* DE */
		allowed |= X86_CR4_DE;
	if (c & (1u << 26))			/* XSAVE */
		allowed |= X86_CR4_OSXSAVE;
	pv_cpuid(v, 7, 0, &a, &b7, &c7, &d7);
	if (b7 & (1u << 0))			/* FSGSBASE */
		allowed |= X86_CR4_FSGSBASE;
	return (cr4 & allowed & PV_CR4_GUEST_MASK) |
	       (read_cr4() & PV_CR4_VISIBLE_MASK);
}

/*
 * Make the real CR4 follow @v's TSD and FSGSBASE: called when @v is
 * switched in and when it writes CR4, so a guest that has not enabled
 * FSGSBASE gets #UD from RDFSBASE and friends.
 */
void pv_load_cr4(const struct vcpu *v)
{
	u64 cr4 = read_cr4();
	u64 want = (cr4 & ~PV_CR4_REAL_MASK) | (v->cr4 & PV_CR4_REAL_MASK);

	if (want != cr4)
		write_cr4(want);
}

/*
 * MOV to CR0 may change only TS (the FPU switch); MOV to CR4 keeps what
 * the guest may own, as above.
 */
static bool emulate_cr_write(struct vcpu *v, u8 modrm, u8 rex)
{
	u64 val = *ctl_gpr(v, modrm, rex);

	switch (ctl_reg(modrm, rex)) {
	case 0:
		return do_fpu_taskswitch(v, !!(val & X86_CR0_TS), 0, 0, 0,
					 0) == 0;
	case 4:
		v->cr4 = pv_fixup_guest_cr4(v, val);
		pv_load_cr4(v);
		return true;
	default:
		return false;
	}
}

/*
 * MOV from/to DRn, as Xen emulates it: a register that does not exist
 * (DR4/DR5 under CR4.DE, DR8 and up) is #UD, a value set_debugreg
 * refuses is the #GP(0) the guest already took.
 */
static bool emulate_dr(struct vcpu *v, struct insn *in, bool write)
{
	u8 modrm = in->b[in->pos++];
	u64 *gpr = ctl_gpr(v, modrm, in->rex);
	unsigned int reg = ctl_reg(modrm, in->rex);
	long rc;

	rc = write ? debugreg_write(v, reg, *gpr) : debugreg_read(v, reg, gpr);
	if (rc == -ENODEV)
		in->ud = true;
	return rc == 0 || rc == -ENODEV;
}

/*
 * With CR4.TSD the guest kernel's (ring 3) RDTSC (0f 31) and RDTSCP
 * (0f 01 f9) trap here; its user mode gets the #GP.
 */
static bool emulate_rdtsc(struct vcpu *v, struct insn *in, u8 op)
{
	struct cpu_user_regs *r = v->regs;
	bool tscp = op == 0x01;
	u64 tsc;

	if (!(v->cr4 & X86_CR4_TSD))
		return false;
	if (tscp && (in->pos >= in->len || in->b[in->pos++] != 0xf9))
		return false;
	tsc = rdtsc();
	r->rax = (u32)tsc;
	r->rdx = tsc >> 32;
	if (tscp)
		r->rcx = (u32)v->tsc_aux;
	return true;
}

/*
 * Xen's virtual IOPL test: guest kernel mode counts as CPL 1 (CPL 0 once
 * the guest asked for VMASST_TYPE_architectural_iopl), user mode as CPL 3.
 */
static bool iopl_ok(const struct vcpu *v)
{
	unsigned int cpl = 3;

	if (v->kernel_mode)
		cpl = v->d->vm_assist & (1ul << VMASST_TYPE_architectural_iopl) ?
		      0 : 1;
	return cpl <= v->iopl;
}

static bool is_port_io(u8 op)
{
	return (op & 0xfc) == 0xe4 || (op & 0xfc) == 0xec;
}

/* The 0f xx instructions: guest kernel mode only. */
static enum emul_kind emulate_0f(struct vcpu *v, struct insn *in)
{
	u8 op = in->b[in->pos++];

	switch (op) {
	case 0x30:
		return emulate_msr(v, true) ? EMUL_WRMSR : EMUL_NONE;
	case 0x32:
		return emulate_msr(v, false) ? EMUL_RDMSR : EMUL_NONE;
	case 0x20:
		if (in->pos < in->len &&
		    emulate_cr_read(v, in->b[in->pos++], in->rex))
			return EMUL_CR_READ;
		return EMUL_NONE;
	case 0x22:
		if (in->pos < in->len &&
		    emulate_cr_write(v, in->b[in->pos++], in->rex))
			return EMUL_CR_WRITE;
		return EMUL_NONE;
	case 0x21:
	case 0x23:
		if (in->pos < in->len && emulate_dr(v, in, op == 0x23))
			return op == 0x23 ? EMUL_DR_WRITE : EMUL_DR_READ;
		return EMUL_NONE;
	case 0x06:
		return do_fpu_taskswitch(v, 0, 0, 0, 0, 0) == 0 ? EMUL_CLTS :
								   EMUL_NONE;
	case 0x31:
	case 0x01:
		return emulate_rdtsc(v, in, op) ? EMUL_RDTSC : EMUL_NONE;
	case 0x08:
	case 0x09:
		return EMUL_WBINVD;	/* caches are coherent here */
	default:
		return EMUL_NONE;
	}
}

/*
 * A #GP(0) from the guest.  Port I/O needs a virtual IOPL (see
 * iopl_ok()), from kernel and user mode alike: no ports are given to
 * guests, so reads return all ones and writes are dropped.  CLI/STI with
 * the IOPL are skipped without touching the event mask, as Xen does; the
 * rest is for guest kernel mode only.  Returns what was emulated, and in
 * @io_hits the I/O breakpoints it matched.
 */
enum emul_kind emulate_privileged(struct vcpu *v, u32 *io_hits)
{
	enum emul_kind kind = EMUL_NONE;
	struct insn in;
	u8 op;

	if (!fetch(v, &in) || in.pos >= in.len)
		return EMUL_NONE;
	op = in.b[in.pos++];
	if (is_port_io(op)) {
		if (iopl_ok(v) && emulate_port_io(v, &in, op))
			kind = EMUL_IO;
	} else if (op == 0xfa || op == 0xfb) {
		if (iopl_ok(v))
			kind = EMUL_CLI_STI;
	} else if (op == 0x0f && v->kernel_mode && in.pos < in.len) {
		kind = emulate_0f(v, &in);
	}
	*io_hits = 0;
	if (kind == EMUL_NONE || in.pos > in.len)
		return EMUL_NONE;
	if (in.ud) {
		inject_trap(v, X86_EXC_UD, false, 0);
		return kind;
	}
	v->regs->rip += in.pos;
	*io_hits = in.io_hits;
	return kind;
}
