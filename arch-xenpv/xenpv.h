/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the xenpv port share.  Each section names the file
 * that implements it.
 */
#ifndef _ARCH_X86_XENPV_XENPV_H
#define _ARCH_X86_XENPV_XENPV_H

#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include <asm/page.h>
#include <xen/interface/xen.h>
#include "hypercall.h"
#include "counts.h"

/* start.c: what the domain builder handed over. */
extern struct start_info *xenpv_start_info;
/* shared_info, mapped over a page of our own .bss at entry. */
extern struct shared_info *xenpv_shared_info;
/* The vcpu_info each CPU reads its event mask, pending flag and time from. */
DECLARE_PER_CPU(struct vcpu_info *, xenpv_vcpu);
/* True on real Xen's dom0 (SIF_INITDOMAIN): no console or store ring. */
extern bool xenpv_initial_domain;

/* Hypervisor console (console_io); usable from the first instruction. */
void xenpv_console_io_write(const char *s, unsigned int len);
/* Report a fatal error on the hypervisor console and crash the domain. */
__printf(1, 2) void xenpv_die(const char *fmt, ...);

/* p2m.c: pseudo-physical <-> machine frame numbers. */
#define XENPV_INVALID_MFN	(~0UL)
extern unsigned long *xenpv_p2m;	/* [pfn] = mfn, xenpv_p2m_size entries */
extern unsigned long xenpv_p2m_size;
/* RAM pfns: nr_pages and the extra memory, ballooned out at boot. */
extern unsigned long xenpv_ram_pfns;
#define XENPV_MAX_PFNS		(16UL << (30 - PAGE_SHIFT))	/* 16 GiB */
#define XENPV_EXTRA_RATIO	10	/* extra memory: at most 10 x nr_pages */
void __init xenpv_p2m_init(void);
/* Cover xenpv_ram_pfns (pagetable_init, after init_mem_mapping). */
void __init xenpv_p2m_extend(void);
unsigned long xenpv_pfn_to_mfn(unsigned long pfn);
/* Returns XENPV_INVALID_MFN's twin, ~0UL, for a frame that is not ours. */
unsigned long xenpv_mfn_to_pfn(unsigned long mfn);
/* Machine address of a kernel virtual address (image or direct map). */
u64 xenpv_virt_to_machine(const void *va);

/* mmu.c: page tables. */
/* Install pv_ops.mmu and x86_init.paging/hyper hooks (before any PT op). */
void __init xenpv_mmu_init_ops(void);
/* Move from the builder's page tables to init_top_pgt (start.c calls it). */
void __init xenpv_setup_kernel_pagetable(void);
/* Change the protection of one page's kernel mappings (GDT, LDT, tables). */
void xenpv_set_page_readonly(void *va);
void xenpv_set_page_writable(void *va);

/* multicall.c: batching of hypercalls in lazy MMU and lazy CPU mode. */
extern bool xenpv_batch;		/* boot option xenpv.batch=0|1 */
/* Queue a hypercall while this CPU is in a lazy mode, or make it now. */
void xenpv_mc_call(unsigned int op, unsigned long a0, unsigned long a1,
		   unsigned long a2, unsigned long a3, unsigned long a4);
/* The same for one page-table entry / one extended MMU op (coalesced). */
void xenpv_mc_mmu_update(u64 ptr, u64 val);
void xenpv_mc_mmuext(const struct mmuext_op *op);
/* Issue everything queued on this CPU. */
void xenpv_mc_flush(void);
/* The tail of a context switch: queue after the lazy mode, then issue. */
void xenpv_mc_hold(void);
bool xenpv_mc_held(void);
void xenpv_mc_tail(unsigned int op, unsigned long a0, unsigned long a1);
void xenpv_mc_release(void);

/* irq.c: the interrupt flag is vcpu_info's event mask. */
void __init xenpv_irq_init_ops(void);
/* Where each CPU's vcpu_info lives from smp_prepare_boot_cpu on. */
DECLARE_PER_CPU_ALIGNED(struct vcpu_info, xenpv_vcpu_info);
/* Move each CPU's vcpu_info into per-CPU memory (smp_prepare_boot_cpu). */
void __init xenpv_place_vcpu_info(void);
/* irqflags.S: the ops once it has (callee-save: only %rax changes). */
unsigned long xenpv_save_fl_direct(void);
void xenpv_irq_disable_direct(void);
void xenpv_irq_enable_direct(void);
/* Force delivery of pending events (they arrive on the hypercall's return). */
void xenpv_force_evtchn_callback(void);

/* cpu.c: CPU-state pv_ops. */
void __init xenpv_cpu_init_ops(void);

/* traps.c, entry.S: trap table, callbacks, early exception stubs. */
void __init xenpv_traps_init_early(void);
#define XENPV_EARLY_STUB_SIZE	8	/* bytes per stub in xenpv_early_idt_stubs */
extern const char xenpv_early_idt_stubs[];
asmlinkage void xenpv_iret(void);
asmlinkage void xenpv_counted_iret(void);
asmlinkage void xenpv_event_entry(void);
asmlinkage void xenpv_syscall_entry(void);
/* Their counting twins, for xenpv.counts=1. */
asmlinkage void xenpv_counted_event_entry(void);
asmlinkage void xenpv_counted_syscall_entry(void);
/* #DB and #MC, called by entry.S with the pt_regs it built. */
__visible void xenpv_handle_debug(struct pt_regs *regs);
__visible void xenpv_handle_machine_check(struct pt_regs *regs);
/* In entry_64.S. */
asmlinkage void xen_failsafe_callback(void);
extern char early_xen_iret_patch[];

/* setup.c: memory map, arch_setup, machine_ops, SMP config. */
void __init xenpv_setup_init_ops(void);

/* events.c: 2-level event channels as Linux IRQs. */
void __init xenpv_events_init(void);		/* x86_init.irqs.intr_init */
int xenpv_bind_virq(unsigned int virq, unsigned int cpu,
		    irq_handler_t handler, unsigned long irqflags,
		    const char *name, void *dev_id);
void xenpv_notify_remote(evtchn_port_t port);
/* Called by entry_64.S's exc_xen_hypervisor_callback; the name is fixed. */
__visible noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs);

/* time.c: pvclock clocksource, one-shot timer on VIRQ_TIMER. */
void __init xenpv_time_init_ops(void);
/* Bind @cpu's VIRQ_TIMER (may sleep); start the clock event on this CPU. */
int xenpv_ce_bind(unsigned int cpu);
void xenpv_ce_start(void);

/* smp.c: secondary vCPUs, IPIs (smp_ops, get_smp_config). */
void __init xenpv_smp_init(void);

/* console.c: hvc console on the console ring (console_io on dom0). */

#endif
