/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subset of the Xen x86_64 PV guest ABI that the smoke kernels use.
 *
 * Values and layouts are those of Xen's public headers (as mirrored in
 * Linux's include/xen/interface/).  Kept here, and not taken from hv-stub,
 * so that the smoke kernels test the real ABI rather than hv-stub's idea
 * of it.  Everything is for a 64-bit PV guest running in ring 3.
 */
#ifndef SMOKE_XEN_H
#define SMOKE_XEN_H

#ifndef __ASSEMBLY__
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long s64;
#endif

/* Hypercall numbers (rax); arguments in rdi, rsi, rdx, r10, r8. */
#define __HYPERVISOR_set_trap_table	0
#define __HYPERVISOR_mmu_update		1
#define __HYPERVISOR_set_gdt		2
#define __HYPERVISOR_stack_switch	3
#define __HYPERVISOR_set_callbacks	4
#define __HYPERVISOR_fpu_taskswitch	5
#define __HYPERVISOR_update_descriptor	10
#define __HYPERVISOR_memory_op		12
#define __HYPERVISOR_multicall		13
#define __HYPERVISOR_update_va_mapping	14
#define __HYPERVISOR_set_timer_op	15
#define __HYPERVISOR_xen_version	17
#define __HYPERVISOR_console_io		18
#define __HYPERVISOR_grant_table_op	20
#define __HYPERVISOR_vm_assist		21
#define __HYPERVISOR_iret		23
#define __HYPERVISOR_vcpu_op		24
#define __HYPERVISOR_set_segment_base	25
#define __HYPERVISOR_mmuext_op		26
#define __HYPERVISOR_sched_op		29
#define __HYPERVISOR_callback_op	30
#define __HYPERVISOR_event_channel_op	32
#define __HYPERVISOR_physdev_op		33
#define PHYSDEVOP_set_iopl		6

/* Bytes per hypercall-page entry. */
#define HYPERCALL_ENTRY_SIZE	32

/* Selectors of the flat ring-3 segments Xen provides. */
#define FLAT_KERNEL_CS		0xe033
#define FLAT_KERNEL_SS		0xe02b
#define FLAT_USER_CS		0xe033
#define FLAT_USER_SS		0xe02b

/* Hypervisor-reserved virtual range (L4 slots 256..271). */
#define HYPERVISOR_VIRT_START	0xffff800000000000UL
#define HYPERVISOR_VIRT_END	0xffff880000000000UL
#define MACH2PHYS_VIRT_START	0xffff800000000000UL

/* iret_context.flags: return as if from syscall (rcx/r11 clobbered). */
#define VGCF_in_syscall		(1 << 8)
/* vcpu_guest_context.flags: the vCPU starts in kernel mode */
#define VGCF_in_kernel		(1 << 2)

#define DOMID_SELF		0x7ff0

/* console_io */
#define CONSOLEIO_write		0

/* sched_op */
#define SCHEDOP_yield		0
#define SCHEDOP_block		1
#define SCHEDOP_shutdown	2
#define SCHEDOP_poll		3
#define SHUTDOWN_poweroff	0
#define SHUTDOWN_reboot		1
#define SHUTDOWN_crash		3

/* xen_version */
#define XENVER_version		0
#define XENVER_get_features	6
#define XENVER_pagesize		7
#define XENFEAT_writable_page_tables	0
#define XENFEAT_auto_translated_physmap	2

/* mmu_update */
#define MMU_NORMAL_PT_UPDATE	0
#define MMU_MACHPHYS_UPDATE	1

/* mmuext_op */
#define MMUEXT_PIN_L1_TABLE	0
#define MMUEXT_PIN_L2_TABLE	1
#define MMUEXT_PIN_L3_TABLE	2
#define MMUEXT_PIN_L4_TABLE	3
#define MMUEXT_UNPIN_TABLE	4
#define MMUEXT_NEW_BASEPTR	5
#define MMUEXT_TLB_FLUSH_LOCAL	6
#define MMUEXT_INVLPG_LOCAL	7
#define MMUEXT_SET_LDT		13
#define MMUEXT_NEW_USER_BASEPTR	15

/* update_va_mapping flags */
#define UVMF_NONE		0
#define UVMF_TLB_FLUSH		1
#define UVMF_INVLPG		2

/* vm_assist */
#define VMASST_CMD_enable	0
#define VMASST_CMD_disable	1
#define VMASST_TYPE_writable_pagetables	2

/* callback_op */
#define CALLBACKOP_register	0
#define CALLBACKTYPE_event	0
#define CALLBACKTYPE_failsafe	1
#define CALLBACKTYPE_syscall	2
#define CALLBACKF_mask_events	1

/* event_channel_op */
#define EVTCHNOP_bind_interdomain	0
#define EVTCHNOP_bind_virq	1
#define EVTCHNOP_close		3
#define EVTCHNOP_send		4
#define EVTCHNOP_alloc_unbound	6
#define EVTCHNOP_bind_ipi	7
#define EVTCHNOP_unmask		9
#define VIRQ_TIMER		0

/* vcpu_op */
#define VCPUOP_initialise		0
#define VCPUOP_up			1
#define VCPUOP_down			2
#define VCPUOP_is_up			3
#define VCPUOP_stop_periodic_timer	7
#define VCPUOP_set_singleshot_timer	8
#define VCPUOP_stop_singleshot_timer	9

/* memory_op */
#define XENMEM_maximum_ram_page		2
#define XENMEM_current_reservation	3
#define XENMEM_maximum_reservation	4

/* grant_table_op */
#define GNTTABOP_setup_table	2
#define GNTTABOP_query_size	6
#define GNTST_okay		0

/* grant_entry_v1.flags: type in bits 0-1, then the subflags. */
#define GTF_permit_access	1
#define GTF_accept_transfer	2
#define GTF_type_mask		3
#define GTF_readonly		(1 << 2)
#define GTF_reading		(1 << 3)	/* set by the hypervisor */
#define GTF_writing		(1 << 4)	/* set by the hypervisor */
#define GNTTAB_NR_RESERVED	8		/* refs the toolstack owns */

/* set_segment_base */
#define SEGBASE_FS		0
#define SEGBASE_GS_USER		1
#define SEGBASE_GS_KERNEL	2

/* start_info.flags */
#define SIF_PRIVILEGED		(1 << 0)
#define SIF_INITDOMAIN		(1 << 1)

/* Page-table entry bits. */
#define _PAGE_PRESENT		0x001UL
#define _PAGE_RW		0x002UL
#define _PAGE_USER		0x004UL
#define _PAGE_ACCESSED		0x020UL
#define _PAGE_DIRTY		0x040UL
#define _PAGE_PSE		0x080UL
#define _PAGE_NX		(1UL << 63)
#define PTE_MFN_MASK		0x000ffffffffff000UL

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)

/* Error numbers Xen returns (negated), as in Xen's public errno.h. */
#define XEN_EPERM		1
#define XEN_ENOENT		2
#define XEN_ESRCH		3
#define XEN_EIO			5
#define XEN_E2BIG		7
#define XEN_EAGAIN		11
#define XEN_EACCES		13
#define XEN_EFAULT		14
#define XEN_EBUSY		16
#define XEN_EEXIST		17
#define XEN_EINVAL		22
#define XEN_ENOSPC		28
#define XEN_ENOSYS		38
#define XEN_ETIMEDOUT		110

#ifndef __ASSEMBLY__

struct start_info {
	char magic[32];
	unsigned long nr_pages;
	unsigned long shared_info;	/* machine address */
	u32 flags;
	unsigned long store_mfn;
	u32 store_evtchn;
	union {
		struct {
			unsigned long mfn;
			u32 evtchn;
		} domu;
		struct {
			u32 info_off;
			u32 info_size;
		} dom0;
	} console;
	unsigned long pt_base;		/* virtual address of the L4 */
	unsigned long nr_pt_frames;
	unsigned long mfn_list;		/* virtual address of the p2m */
	unsigned long mod_start;
	unsigned long mod_len;
	s8 cmd_line[1024];
	unsigned long first_p2m_pfn;
	unsigned long nr_p2m_frames;
};

struct vcpu_time_info {
	u32 version;
	u32 pad0;
	u64 tsc_timestamp;
	u64 system_time;
	u32 tsc_to_system_mul;
	s8 tsc_shift;
	u8 flags;
	u8 pad[2];
};

struct vcpu_info {
	u8 evtchn_upcall_pending;
	u8 evtchn_upcall_mask;
	unsigned long evtchn_pending_sel;
	unsigned long cr2;
	unsigned long pad;
	struct vcpu_time_info time;
};

struct shared_info {
	struct vcpu_info vcpu_info[32];
	unsigned long evtchn_pending[64];
	unsigned long evtchn_mask[64];
	u32 wc_version;
	u32 wc_sec;
	u32 wc_nsec;
	u32 wc_sec_hi;
	unsigned long max_pfn;
	unsigned long pfn_to_mfn_frame_list_list;
	unsigned long nmi_reason;
	unsigned long p2m_cr3;
	unsigned long p2m_vaddr;
	unsigned long p2m_generation;
};

struct trap_info {
	u8 vector;
	u8 flags;	/* bits 0-1: DPL; bit 2: mask events */
	u16 cs;
	unsigned long address;
};

/* A vCPU's registers as the ABI saves them (vcpu_guest_context). */
struct cpu_user_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi;
	u32 error_code;
	u32 entry_vector;
	u64 rip;
	u16 cs, pad0[1];
	u8 saved_upcall_mask;
	u8 pad1[3];
	u64 rflags;
	u64 rsp;
	u16 ss, pad2[3];
	u16 es, pad3[3];
	u16 ds, pad4[3];
	u16 fs, pad5[3];
	u16 gs, pad6[3];
};

/* VCPUOP_initialise: the state a secondary vCPU starts from. */
struct vcpu_guest_context {
	struct { char x[512]; } fpu_ctxt;
	unsigned long flags;			/* VGCF_* */
	struct cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256];	/* entry n is vector n */
	unsigned long ldt_base, ldt_ents;
	unsigned long gdt_frames[16], gdt_ents;
	unsigned long kernel_ss, kernel_sp;
	unsigned long ctrlreg[8];		/* [3]: kernel L4, mfn << 12 */
	unsigned long debugreg[8];
	unsigned long event_callback_eip;
	unsigned long failsafe_callback_eip;
	unsigned long syscall_callback_eip;
	unsigned long vm_assist;
	u64 fs_base;
	u64 gs_base_kernel;
	u64 gs_base_user;
};

struct mmu_update {
	u64 ptr;
	u64 val;
};

struct mmuext_op {
	unsigned int cmd;
	union {
		unsigned long mfn;
		unsigned long linear_addr;
	} arg1;
	union {
		unsigned int nr_ents;
		void *vcpumask;
		unsigned long src_mfn;
	} arg2;
};

struct multicall_entry {
	unsigned long op;
	long result;
	unsigned long args[6];
};

struct callback_register {
	u16 type;
	u16 flags;
	unsigned long address;
};

struct evtchn_bind_virq {
	u32 virq;
	u32 vcpu;
	u32 port;
};

struct evtchn_alloc_unbound {
	u16 dom;
	u16 remote_dom;
	u32 port;
};

struct evtchn_bind_interdomain {
	u16 remote_dom;
	u32 remote_port;
	u32 local_port;
};

struct evtchn_bind_ipi {
	u32 vcpu;
	u32 port;
};

struct vcpu_set_singleshot_timer {
	u64 timeout_abs_ns;
	u32 flags;
};

struct gnttab_setup_table {
	u16 dom;
	u32 nr_frames;
	s16 status;
	unsigned long *frame_list;
};

/* One v1 grant entry; the granting domain writes all but reading/writing. */
struct grant_entry_v1 {
	u16 flags;
	u16 domid;	/* the grantee */
	u32 frame;	/* PV: the MFN */
};

/* SCHEDOP_poll: block until a port is pending or system time @timeout. */
struct sched_poll {
	u32 *ports;
	u32 nr_ports;
	u64 timeout;	/* absolute ns, 0 = none */
};

struct gnttab_query_size {
	u32 dom;
	u32 nr_frames;
	u32 max_nr_frames;
	s16 status;
};

#endif /* !__ASSEMBLY__ */
#endif /* SMOKE_XEN_H */
