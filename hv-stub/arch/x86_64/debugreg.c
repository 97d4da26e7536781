// SPDX-License-Identifier: GPL-2.0
/*
 * Debug registers for PV guests: HYPERVISOR_set_debugreg and
 * HYPERVISOR_get_debugreg with Xen 4.17's rules, and #DB.
 *
 * - DR0..DR3 may only hold guest addresses (below the hypervisor area in
 *   the lower half, or above it): otherwise -EPERM.  A breakpoint is at
 *   most 8 bytes and naturally aligned, so it can never reach into the
 *   hypervisor range from an allowed address.
 * - DR6 and DR7: the upper 32 bits are -EINVAL; the other reserved bits
 *   are forced to their fixed values.  DR7.GD is -EPERM.  I/O breakpoints
 *   need the guest's CR4.DE (else -EPERM); the real DR7 never sees them.
 * - DR4 and DR5 are DR6 and DR7 while the guest's CR4.DE is clear, and
 *   -ENODEV while it is set; any other register number is -ENODEV.
 *
 * The real DR0..DR3 and DR7 hold the running vCPU's values whenever its
 * DR7 enables a breakpoint, hypervisor code included; they are loaded at
 * switch-in, and DR7 is cleared at switch-out, so no breakpoint of one
 * vCPU can fire while another runs.  The real DR6 is kept at its reset
 * value: each #DB folds the new status bits into the vCPU's virtual DR6,
 * where the guest reads them, and resets the real one.
 *
 * A #DB raised inside hv-stub comes from a guest watchpoint on memory
 * hv-stub touched on the guest's behalf (copy_from_guest and friends).
 * It is a trap, so dropping it and going on is safe; like Xen, the guest
 * is not told.
 */
#include <hv/debugreg.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/traps.h>
#include <hv/x86.h>
#include <public/arch-x86_64.h>

#define DEFINE_DR(n)							\
static inline u64 read_dr##n(void)					\
{									\
	u64 v;								\
	asm volatile("mov %%db" #n ", %0" : "=r"(v));			\
	return v;							\
}									\
static inline void write_dr##n(u64 v)					\
{									\
	asm volatile("mov %0, %%db" #n : : "r"(v));			\
}
DEFINE_DR(0)
DEFINE_DR(1)
DEFINE_DR(2)
DEFINE_DR(3)
DEFINE_DR(6)
DEFINE_DR(7)
#undef DEFINE_DR

static bool dr7_active(u32 dr7)
{
	return dr7 & DR7_ENABLE_MASK;
}

static void load_addr(unsigned int i, u64 va)
{
	switch (i) {
	case 0:
		write_dr0(va);
		break;
	case 1:
		write_dr1(va);
		break;
	case 2:
		write_dr2(va);
		break;
	case 3:
		write_dr3(va);
		break;
	}
}

static void load_all(const struct vcpu *v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		load_addr(i, v->dbg.addr[i]);
	write_dr7(v->dbg.dr7 | DR7_DEFAULT);
}

void debugreg_switch_from(struct vcpu *v)
{
	if (dr7_active(v->dbg.dr7))
		write_dr7(DR7_DEFAULT);
}

void debugreg_switch_to(struct vcpu *v)
{
	if (dr7_active(v->dbg.dr7))
		load_all(v);
}

/*
 * The enable bits of every breakpoint whose R/W field says I/O; -EPERM
 * without the guest's CR4.DE, as on Xen.
 */
static long dr7_io_enables(const struct vcpu *v, u32 dr7, u32 *io)
{
	unsigned int i;

	*io = 0;
	for (i = 0; i < 4; i++) {
		if (((dr7 >> (DR7_RW_SHIFT + 4 * i)) & 3) != DR7_RW_IO)
			continue;
		if (!(v->cr4 & X86_CR4_DE))
			return -EPERM;
		*io |= dr7 & (3u << (2 * i));
	}
	return 0;
}

static long set_dr7(struct vcpu *v, u64 val_g)
{
	u32 dr7, io = 0;
	long rc;

	if (val_g >> 32)
		return -EINVAL;
	dr7 = (val_g & ~DR7_RESERVED_ZERO) & ~DR7_DEFAULT;
	if (dr7 & DR7_GD)
		return -EPERM;
	if (dr7_active(dr7)) {
		rc = dr7_io_enables(v, dr7, &io);
		if (rc)
			return rc;
	}
	v->dbg.dr7_io = io;
	v->dbg.dr7 = dr7 & ~io;
	if (v == current) {
		if (dr7_active(v->dbg.dr7))
			load_all(v);
		else
			write_dr7(DR7_DEFAULT);
	}
	return 0;
}

long debugreg_write(struct vcpu *v, unsigned int reg, u64 val_g)
{
	bool de = v->cr4 & X86_CR4_DE;

	switch (reg) {
	case 0 ... 3:
		if (!guest_range_ok(val_g, 1))
			return -EPERM;
		v->dbg.addr[reg] = val_g;
		if (v == current)
			load_addr(reg, val_g);
		return 0;
	case 4:
	case 6:
		if (reg == 4 && de)
			return -ENODEV;
		if (val_g >> 32)
			return -EINVAL;
		v->dbg.dr6 = val_g & DR6_STATUS;
		return 0;
	case 5:
	case 7:
		if (reg == 5 && de)
			return -ENODEV;
		return set_dr7(v, val_g);
	default:
		return -ENODEV;
	}
}

/* Xen takes the register number as an int: the upper half is dropped. */
long do_set_debugreg(struct vcpu *v, u64 reg, u64 value, u64 a3, u64 a4,
		     u64 a5)
{
	return debugreg_write(v, (u32)reg, value);
}

/*
 * Read debug register @reg as the guest sees it: 0, or -ENODEV for a
 * register that does not exist (DR4/DR5 under CR4.DE, DR8 and up).
 */
long debugreg_read(const struct vcpu *v, unsigned int reg, u64 *val)
{
	bool de = v->cr4 & X86_CR4_DE;

	switch (reg) {
	case 0 ... 3:
		*val = v->dbg.addr[reg];
		return 0;
	case 4:
	case 6:
		if (reg == 4 && de)
			return -ENODEV;
		*val = v->dbg.dr6 | DR6_DEFAULT;
		return 0;
	case 5:
	case 7:
		if (reg == 5 && de)
			return -ENODEV;
		*val = v->dbg.dr7 | v->dbg.dr7_io | DR7_DEFAULT;
		return 0;
	default:
		return -ENODEV;
	}
}

long do_get_debugreg(struct vcpu *v, u64 reg, u64 a2, u64 a3, u64 a4,
		     u64 a5)
{
	u64 val;
	long rc = debugreg_read(v, (u32)reg, &val);

	return rc ? rc : (long)val;
}

/*
 * The I/O breakpoints an access of @len bytes at @port matches, as DR6's
 * B0..B3 bits: enabled ones only, and only while the guest's CR4.DE is
 * set.  An I/O breakpoint covers LEN bytes from its address (LEN 8 is
 * as the CPU defines it for memory).
 */
u32 debugreg_io_match(const struct vcpu *v, unsigned int port,
		      unsigned int len)
{
	static const unsigned int width[4] = { 1, 2, 8, 4 };
	u32 dr7 = v->dbg.dr7 | v->dbg.dr7_io, hits = 0;
	unsigned int i, field;
	u64 start;

	if (!v->dbg.dr7_io || !(v->cr4 & X86_CR4_DE))
		return 0;
	for (i = 0; i < 4; i++) {
		if (!(v->dbg.dr7_io & (3u << (2 * i))))
			continue;
		field = (dr7 >> (DR7_RW_SHIFT + 4 * i)) & 15;
		start = v->dbg.addr[i];
		if (start < port + len && start + width[field >> 2] > port)
			hits |= 1u << i;
	}
	return hits;
}

/*
 * An emulated instruction retired: raise the #DB the CPU would have
 * raised after it, for TF (DR6.BS) and the I/O breakpoints in @hits.
 */
void debugreg_emulated(struct vcpu *v, bool single_step, u32 hits)
{
	u32 status = hits | (single_step ? DR6_BS : 0);

	if (!status)
		return;
	v->dbg.dr6 |= status;
	inject_trap(v, X86_EXC_DB, false, 0);
}

/*
 * VCPUOP_initialise, as Xen's arch_set_info_guest(): the registers start
 * from their reset values, then DR0..DR3, DR6 and DR7 are set in that
 * order with set_debugreg's checks.  A value those checks refuse is
 * dropped, the register keeps its reset value and the context still
 * loads; DR4 and DR5 are ignored.  I/O breakpoints need CR4.DE as the
 * vCPU has it now.  @v is down, so the real registers are not touched.
 */
void debugreg_load_context(struct vcpu *v, const u64 dr_g[8])
{
	static const unsigned int order[] = { 0, 1, 2, 3, 6, 7 };
	unsigned int i;

	memset(&v->dbg, 0, sizeof(v->dbg));
	for (i = 0; i < ARRAY_SIZE(order); i++)
		debugreg_write(v, order[i], dr_g[order[i]]);
}

/* Take the real DR6 and leave it at its reset value for the next #DB. */
static u32 take_dr6(void)
{
	u32 dr6 = read_dr6();

	write_dr6(DR6_DEFAULT);
	return dr6;
}

void debugreg_guest_db(struct vcpu *v)
{
	/* status bits stay set until the guest clears them */
	v->dbg.dr6 |= take_dr6() & DR6_STATUS;
}

/*
 * An instruction breakpoint would fault again and again at the same
 * hypervisor rip; guests cannot aim one at hv-stub, but if one ever
 * fires, disarm everything until the next switch-in rather than loop.
 */
static void disarm_exec_hits(u32 dr6)
{
	u32 dr7 = read_dr7();
	unsigned int i;

	for (i = 0; i < 4; i++) {
		if (!(dr6 & (1u << i)) || !(dr7 & (3u << (2 * i))))
			continue;
		if (((dr7 >> (DR7_RW_SHIFT + 4 * i)) & 3) == DR7_RW_EXEC) {
			pr_err("instruction breakpoint %u in hv-stub: disarmed\n",
			       i);
			write_dr7(DR7_DEFAULT);
			return;
		}
	}
}

void debugreg_hv_db(struct cpu_user_regs *regs)
{
	u32 dr6 = take_dr6();

	/* entries clear TF (FMASK, interrupt gates): this is a bug */
	if (regs->rflags & X86_EFLAGS_TF) {
		pr_err("single step in hv-stub at %#lx\n", regs->rip);
		regs->rflags &= ~X86_EFLAGS_TF;
	}
	if (dr6 & DR6_B0_B3)
		disarm_exec_hits(dr6);
	pr_debug("#DB in hv-stub at %#lx (dr6 %#x): dropped\n", regs->rip,
		 dr6);
}
