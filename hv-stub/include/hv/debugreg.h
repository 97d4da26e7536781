/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Debug registers of a PV vCPU (set_debugreg, get_debugreg) and the
 * debug exception (#DB), as Xen 4.17 gives them to a 64-bit PV guest.
 */
#ifndef HV_DEBUGREG_H
#define HV_DEBUGREG_H

#include <hv/types.h>

/* DR6: what caused the last #DB */
#define DR6_B0_B3		0x0000000fu	/* breakpoint 0..3 matched */
#define DR6_BD			0x00002000u	/* general detect */
#define DR6_BS			0x00004000u	/* single step */
#define DR6_BT			0x00008000u	/* task switch */
#define DR6_STATUS		(DR6_B0_B3 | DR6_BD | DR6_BS | DR6_BT)
#define DR6_DEFAULT		0xffff0ff0u	/* the bits that read as one */

/* DR7: which breakpoints are armed, and how */
#define DR7_ENABLE_MASK		0x000000ffu	/* L0 G0 .. L3 G3 */
#define DR7_GD			0x00002000u	/* general detect: not for guests */
#define DR7_DEFAULT		0x00000400u	/* bit 10 reads as one */
#define DR7_RESERVED_ZERO	0x0000d800u	/* bits 11, 12, 14, 15 */
#define DR7_RW_SHIFT		16		/* R/W and LEN, 4 bits each */
#define DR7_RW_EXEC		0
#define DR7_RW_IO		2

/*
 * Per-vCPU state.  Only the bits that mean something are kept: the
 * architecturally fixed ones (DR6_DEFAULT, DR7_DEFAULT) are added when
 * read, so a zeroed vCPU starts with the reset values.
 */
struct vcpu_debugregs {
	u64 addr[4];		/* DR0..DR3, always guest addresses */
	u32 dr6;		/* DR6_STATUS bits */
	u32 dr7;		/* as loaded into the real DR7 */
	u32 dr7_io;		/* enable bits of I/O breakpoints (CR4.DE) */
};

struct vcpu;
struct cpu_user_regs;

/* Context switch: the real debug registers follow the running vCPU. */
void debugreg_switch_from(struct vcpu *v);
void debugreg_switch_to(struct vcpu *v);

/*
 * For the emulator (MOV from/to DRn): 0, -ENODEV (the caller raises
 * #UD) or another errno (#GP), with set_debugreg's checks.
 */
long debugreg_read(const struct vcpu *v, unsigned int reg, u64 *val);
long debugreg_write(struct vcpu *v, unsigned int reg, u64 val);
/* I/O breakpoints matched by a port access (DR6 B0..B3 bits). */
u32 debugreg_io_match(const struct vcpu *v, unsigned int port,
		      unsigned int len);
/* After an emulated instruction: #DB for TF and @hits, if any. */
void debugreg_emulated(struct vcpu *v, bool single_step, u32 hits);

/*
 * VCPUOP_initialise: a down vCPU's DR0..DR7 from its first context
 * (guest values), Xen's way: refused values are dropped, not errors.
 */
void debugreg_load_context(struct vcpu *v, const u64 dr_g[8]);

/* #DB from the guest: record DR6 for get_debugreg(6); the caller bounces. */
void debugreg_guest_db(struct vcpu *v);
/* #DB in hv-stub itself (a guest watchpoint touched by a copy): drop it. */
void debugreg_hv_db(struct cpu_user_regs *regs);

#endif
