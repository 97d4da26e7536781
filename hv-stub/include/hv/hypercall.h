/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercall handlers, named do_<name> after __HYPERVISOR_<name>.  Each
 * takes the calling vCPU and up to five guest-supplied arguments (rdi,
 * rsi, rdx, r10, r8) and returns what the guest gets in rax: a value, or
 * a negative Xen errno.
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/domain.h>

typedef long (*hypercall_fn)(struct vcpu *v, u64 a1, u64 a2, u64 a3,
			     u64 a4, u64 a5);

void do_hypercall(struct vcpu *v, struct cpu_user_regs *regs);

#define HC(name) long do_##name(struct vcpu *v, u64 a1, u64 a2, u64 a3, \
				u64 a4, u64 a5)
HC(set_trap_table);
HC(mmu_update);
HC(set_gdt);
HC(stack_switch);
HC(set_callbacks);
HC(fpu_taskswitch);
HC(update_descriptor);
HC(memory_op);
HC(multicall);
HC(update_va_mapping);
HC(set_timer_op);
HC(xen_version);
HC(console_io);
HC(grant_table_op);
HC(vm_assist);
HC(vcpu_op);
HC(set_segment_base);
HC(mmuext_op);
HC(sched_op);
HC(callback_op);
HC(event_channel_op);
HC(physdev_op);
HC(set_debugreg);
HC(get_debugreg);
#undef HC

/* mm/mmu.c */
bool ptwr_emulate(struct vcpu *v, u64 addr, u32 error_code);
void vcpu_load_cr3(struct vcpu *v);

#endif
