/* SPDX-License-Identifier: GPL-2.0 */
/* Architecture hooks the core calls. */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/types.h>
#include <hv/layout.h>
#include <public/xen.h>

extern u64 hv_stack_top;	/* top of the running vCPU's stack */

void start_hv(u32 magic, u32 mbi_phys);	/* from head.S */
void arch_cpu_init(void);
void arch_set_stack(u64 top);
void arch_load_ldt(u64 base, unsigned int ents);
void arch_save_data_sels(u16 *sel);
bool arch_load_data_sels(const u16 *sel);
void restore_all(void);
void syscall_entry(void);
extern char trap_stubs[];	/* 256 entry stubs of 16 bytes (entry.S) */
extern char db_entry[];		/* #DB, on its own stack (entry.S) */
extern char nmi_entry[];	/* NMI, likewise */
extern char mc_entry[];		/* #MC, likewise */
void vcpu_first_entry(void);
void context_switch_stacks(u64 *save_rsp, u64 new_rsp);

/* traps.c */
void do_trap(struct cpu_user_regs *regs);
/* True: leave by SYSRET (the frame's %rcx and %r11 are RIP and RFLAGS) */
bool do_syscall(struct cpu_user_regs *regs);
bool guest_mode(const struct cpu_user_regs *regs);

#endif
