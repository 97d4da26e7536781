/* SPDX-License-Identifier: MIT */
/*
 * Xen PV guest ABI, core part (Xen 4.17 interface, x86_64 guest view):
 * hypercall numbers, MMU operations, start_info, shared_info.
 */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

#include "arch-x86_64.h"

/* Hypercall numbers: the index into the hypercall page (32 bytes each). */
#define __HYPERVISOR_set_trap_table		0
#define __HYPERVISOR_mmu_update			1
#define __HYPERVISOR_set_gdt			2
#define __HYPERVISOR_stack_switch		3
#define __HYPERVISOR_set_callbacks		4
#define __HYPERVISOR_fpu_taskswitch		5
#define __HYPERVISOR_sched_op_compat		6
#define __HYPERVISOR_platform_op		7
#define __HYPERVISOR_set_debugreg		8
#define __HYPERVISOR_get_debugreg		9
#define __HYPERVISOR_update_descriptor		10
#define __HYPERVISOR_memory_op			12
#define __HYPERVISOR_multicall			13
#define __HYPERVISOR_update_va_mapping		14
#define __HYPERVISOR_set_timer_op		15
#define __HYPERVISOR_event_channel_op_compat	16
#define __HYPERVISOR_xen_version		17
#define __HYPERVISOR_console_io			18
#define __HYPERVISOR_physdev_op_compat		19
#define __HYPERVISOR_grant_table_op		20
#define __HYPERVISOR_vm_assist			21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret			23
#define __HYPERVISOR_vcpu_op			24
#define __HYPERVISOR_set_segment_base		25
#define __HYPERVISOR_mmuext_op			26
#define __HYPERVISOR_xsm_op			27
#define __HYPERVISOR_nmi_op			28
#define __HYPERVISOR_sched_op			29
#define __HYPERVISOR_callback_op		30
#define __HYPERVISOR_xenoprof_op		31
#define __HYPERVISOR_event_channel_op		32
#define __HYPERVISOR_physdev_op			33
#define __HYPERVISOR_hvm_op			34
#define __HYPERVISOR_sysctl			35
#define __HYPERVISOR_domctl			36
#define __HYPERVISOR_kexec_op			37
#define __HYPERVISOR_tmem_op			38
#define __HYPERVISOR_argo_op			39
#define __HYPERVISOR_xenpmu_op			40
#define __HYPERVISOR_dm_op			41
#define __HYPERVISOR_hypfs_op			42
#define __HYPERVISOR_arch_0			48
#define __HYPERVISOR_arch_1			49
#define __HYPERVISOR_arch_2			50
#define __HYPERVISOR_arch_3			51
#define __HYPERVISOR_arch_4			52
#define __HYPERVISOR_arch_5			53
#define __HYPERVISOR_arch_6			54
#define __HYPERVISOR_arch_7			55
#define __HYPERVISOR_mca			__HYPERVISOR_arch_0
#define __HYPERVISOR_paging_domctl_cont		__HYPERVISOR_arch_1

/* Virtual interrupts, bound with EVTCHNOP_bind_virq. */
#define VIRQ_TIMER		0	/* per vCPU */
#define VIRQ_DEBUG		1	/* per vCPU */
#define VIRQ_CONSOLE		2
#define VIRQ_DOM_EXC		3
#define VIRQ_TBUF		4
#define VIRQ_DEBUGGER		6
#define VIRQ_XENOPROF		7	/* per vCPU */
#define VIRQ_CON_RING		8
#define VIRQ_PCPU_STATE		9
#define VIRQ_MEM_EVENT		10
#define VIRQ_ARGO		11
#define VIRQ_ENOMEM		12
#define VIRQ_XENPMU		13	/* per vCPU */
#define VIRQ_ARCH_0		16
#define VIRQ_ARCH_1		17
#define VIRQ_ARCH_2		18
#define VIRQ_ARCH_3		19
#define VIRQ_ARCH_4		20
#define VIRQ_ARCH_5		21
#define VIRQ_ARCH_6		22
#define VIRQ_ARCH_7		23
#define VIRQ_MCA		VIRQ_ARCH_0
#define NR_VIRQS		24

/* mmu_update: the command sits in the low 2 bits of mmu_update.ptr. */
#define MMU_NORMAL_PT_UPDATE		0
#define MMU_MACHPHYS_UPDATE		1
#define MMU_PT_UPDATE_PRESERVE_AD	2
#define MMU_PT_UPDATE_NO_TRANSLATE	3

/* mmuext_op.cmd */
#define MMUEXT_PIN_L1_TABLE		0
#define MMUEXT_PIN_L2_TABLE		1
#define MMUEXT_PIN_L3_TABLE		2
#define MMUEXT_PIN_L4_TABLE		3
#define MMUEXT_UNPIN_TABLE		4
#define MMUEXT_NEW_BASEPTR		5
#define MMUEXT_TLB_FLUSH_LOCAL		6
#define MMUEXT_INVLPG_LOCAL		7
#define MMUEXT_TLB_FLUSH_MULTI		8
#define MMUEXT_INVLPG_MULTI		9
#define MMUEXT_TLB_FLUSH_ALL		10
#define MMUEXT_INVLPG_ALL		11
#define MMUEXT_FLUSH_CACHE		12
#define MMUEXT_SET_LDT			13
#define MMUEXT_NEW_USER_BASEPTR		15
#define MMUEXT_CLEAR_PAGE		16
#define MMUEXT_COPY_PAGE		17
#define MMUEXT_FLUSH_CACHE_GLOBAL	18
#define MMUEXT_MARK_SUPER		19
#define MMUEXT_UNMARK_SUPER		20

/* update_va_mapping flags; UVMF_MULTI is ORed with a vCPU bitmap pointer. */
#define UVMF_NONE		(0UL << 0)
#define UVMF_TLB_FLUSH		(1UL << 0)
#define UVMF_INVLPG		(2UL << 0)
#define UVMF_FLUSHTYPE_MASK	(3UL << 0)
#define UVMF_MULTI		(0UL << 2)
#define UVMF_LOCAL		(0UL << 2)
#define UVMF_ALL		(1UL << 2)

/* console_io commands */
#define CONSOLEIO_write		0
#define CONSOLEIO_read		1

/* vm_assist commands and types */
#define VMASST_CMD_enable			0
#define VMASST_CMD_disable			1
#define VMASST_TYPE_4gb_segments		0
#define VMASST_TYPE_4gb_segments_notify		1
#define VMASST_TYPE_writable_pagetables		2
#define VMASST_TYPE_pae_extended_cr3		3
#define VMASST_TYPE_architectural_iopl		4
#define VMASST_TYPE_runstate_update_flag	5
#define VMASST_TYPE_m2p_strict			32

/* Reserved domain ids. */
#define DOMID_FIRST_RESERVED	0x7FF0U
#define DOMID_SELF		0x7FF0U
#define DOMID_IO		0x7FF1U
#define DOMID_XEN		0x7FF2U
#define DOMID_COW		0x7FF3U
#define DOMID_INVALID		0x7FF4U
#define DOMID_IDLE		0x7FFFU

/* start_info.flags */
#define SIF_PRIVILEGED		(1 << 0)
#define SIF_INITDOMAIN		(1 << 1)
#define SIF_MULTIBOOT_MOD	(1 << 2)
#define SIF_MOD_START_PFN	(1 << 3)
#define SIF_VIRT_P2M_4TOOLS	(1 << 4)
#define SIF_PM_MASK		(0xFF << 8)

#define MAX_GUEST_CMDLINE	1024

/* vcpu_time_info.flags */
#define XEN_PVCLOCK_TSC_STABLE_BIT	(1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED	(1 << 1)

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

/* The toolstack's UUID of a domain (XENVER_guest_handle). */
typedef uint8_t xen_domain_handle_t[16];

struct mmu_update {
	uint64_t ptr;	/* machine address of the PTE, command in bits 0-1 */
	uint64_t val;
};

struct mmuext_op {
	unsigned int cmd;
	union {
		xen_pfn_t mfn;
		unsigned long linear_addr;
	} arg1;
	union {
		unsigned int nr_ents;
		uint64_t vcpumask;	/* gva */
		xen_pfn_t src_mfn;
	} arg2;
};

struct multicall_entry {
	xen_ulong_t op, result;
	xen_ulong_t args[6];
};

/*
 * Written by the hypervisor, read by the guest: an odd version means an
 * update is in progress.
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad1[2];
};

/*
 * upcall_pending is set by the hypervisor and cleared by the guest;
 * upcall_mask is owned by the guest and acts as its interrupt flag.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	xen_ulong_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};

struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	/* 2-level event channels: pending set by Xen, mask owned by guest */
	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
	/* wall clock at system time 0, versioned like vcpu_time_info */
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	struct arch_shared_info arch;
};

/* Handed to the guest in %rsi at its entry point. */
struct start_info {
	char magic[32];			/* "xen-3.0-x86_64" */
	unsigned long nr_pages;
	unsigned long shared_info;	/* machine address */
	uint32_t flags;			/* SIF_* */
	xen_pfn_t store_mfn;
	uint32_t store_evtchn;
	union {
		struct {
			xen_pfn_t mfn;
			uint32_t evtchn;
		} domU;
		struct {
			uint32_t info_off;
			uint32_t info_size;
		} dom0;
	} console;
	unsigned long pt_base;		/* virtual address of the L4 */
	unsigned long nr_pt_frames;
	unsigned long mfn_list;		/* virtual address of the p2m */
	unsigned long mod_start;
	unsigned long mod_len;
	int8_t cmd_line[MAX_GUEST_CMDLINE];
	unsigned long first_p2m_pfn;
	unsigned long nr_p2m_frames;
};

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_XEN_H__ */
