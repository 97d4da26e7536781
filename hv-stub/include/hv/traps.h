/* SPDX-License-Identifier: GPL-2.0 */
/* Guest-visible traps: bouncing exceptions and events into a PV guest. */
#ifndef HV_TRAPS_H
#define HV_TRAPS_H

#include <hv/domain.h>
#include <hv/stats.h>

#define X86_EXC_DE	0
#define X86_EXC_DB	1
#define X86_EXC_NMI	2
#define X86_EXC_BP	3
#define X86_EXC_OF	4
#define X86_EXC_BR	5
#define X86_EXC_UD	6
#define X86_EXC_NM	7
#define X86_EXC_DF	8
#define X86_EXC_TS	10
#define X86_EXC_NP	11
#define X86_EXC_SS	12
#define X86_EXC_GP	13
#define X86_EXC_PF	14
#define X86_EXC_MF	16
#define X86_EXC_AC	17
#define X86_EXC_MC	18
#define X86_EXC_XM	19

#define VEC_SYSCALL	256

/* Deliver exception @vec to the guest's handler (or crash the domain). */
void inject_trap(struct vcpu *v, unsigned int vec, bool has_err, u32 err);
void toggle_guest_mode(struct vcpu *v);
void return_to_guest_prepare(void);
long do_iret(struct vcpu *v);

/* CR4 as a PV guest sees it: PAE, OSFXSR, OSXMMEXCPT */
#define PV_CR4_DEFAULT	0x620

/* emulate.c: privileged instructions a PV kernel may still execute */
bool emulate_forced_cpuid(struct vcpu *v);
enum emul_kind emulate_privileged(struct vcpu *v, u32 *io_hits);
bool emulate_int(struct vcpu *v);
u64 pv_read_cr0(const struct vcpu *v);
/* emulate_umip.c: SGDT, SIDT, SLDT, SMSW, STR under CR4.UMIP */
extern bool umip_active;
enum emul_kind emulate_umip(struct vcpu *v);
void pv_load_cr4(const struct vcpu *v);
/* @cr4 as the guest may have it (CPUID policy, Xen's guest-owned bits) */
u64 pv_fixup_guest_cr4(struct vcpu *v, u64 cr4);
unsigned int guest_fetch(struct vcpu *v, u8 *b);
u64 *guest_gpr(struct cpu_user_regs *r, unsigned int n);

#endif
