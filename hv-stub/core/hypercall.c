// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercall entry: a bounds-checked table, -XEN_ENOSYS for everything we do
 * not implement, per-domain counts, and multicall.  A multicall counts as
 * one hypercall (one transition); its entries are counted apart.
 *
 * Small hypercalls with no better home live here too: console_io,
 * xen_version and vm_assist.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/layout.h>
#include <hv/lib.h>
#include <hv/options.h>
#include <hv/traps.h>
#include <hv/errno.h>
#include <public/features.h>
#include <public/physdev.h>
#include <public/version.h>


static long do_iret_hc(struct vcpu *v, u64 a1, u64 a2, u64 a3, u64 a4,
		       u64 a5)
{
	return do_iret(v);
}

static const hypercall_fn hypercall_table[] = {
	[__HYPERVISOR_set_trap_table] = do_set_trap_table,
	[__HYPERVISOR_mmu_update] = do_mmu_update,
	[__HYPERVISOR_set_gdt] = do_set_gdt,
	[__HYPERVISOR_stack_switch] = do_stack_switch,
	[__HYPERVISOR_set_callbacks] = do_set_callbacks,
	[__HYPERVISOR_fpu_taskswitch] = do_fpu_taskswitch,
	[__HYPERVISOR_update_descriptor] = do_update_descriptor,
	[__HYPERVISOR_memory_op] = do_memory_op,
	[__HYPERVISOR_multicall] = do_multicall,
	[__HYPERVISOR_update_va_mapping] = do_update_va_mapping,
	[__HYPERVISOR_set_timer_op] = do_set_timer_op,
	[__HYPERVISOR_xen_version] = do_xen_version,
	[__HYPERVISOR_console_io] = do_console_io,
	[__HYPERVISOR_grant_table_op] = do_grant_table_op,
	[__HYPERVISOR_vm_assist] = do_vm_assist,
	[__HYPERVISOR_iret] = do_iret_hc,
	[__HYPERVISOR_vcpu_op] = do_vcpu_op,
	[__HYPERVISOR_set_segment_base] = do_set_segment_base,
	[__HYPERVISOR_mmuext_op] = do_mmuext_op,
	[__HYPERVISOR_sched_op] = do_sched_op,
	[__HYPERVISOR_callback_op] = do_callback_op,
	[__HYPERVISOR_event_channel_op] = do_event_channel_op,
	[__HYPERVISOR_physdev_op] = do_physdev_op,
	[__HYPERVISOR_set_debugreg] = do_set_debugreg,
	[__HYPERVISOR_get_debugreg] = do_get_debugreg,
};

static long call(struct vcpu *v, u64 nr, const u64 *a)
{
	long ret;

	if (nr >= ARRAY_SIZE(hypercall_table) || !hypercall_table[nr])
		return -XEN_ENOSYS;
	ret = hypercall_table[nr](v, a[0], a[1], a[2], a[3], a[4]);
	if (hv_opts.trace_hypercalls)
		pr_info("d%u hypercall %lu(%#lx, %#lx, %#lx) = %ld\n",
			v->d->domid, nr, a[0], a[1], a[2], ret);
	return ret;
}

__hot void do_hypercall(struct vcpu *v, struct cpu_user_regs *regs)
{
	u64 args[5];
	long ret;

	stats_hypercall(&v->d->stats, regs->rax);
	/* the way back of every system call and exception: straight there */
	if (regs->rax == __HYPERVISOR_iret && !hv_opts.trace_hypercalls) {
		do_iret(v);
		return;
	}
	args[0] = regs->rdi;
	args[1] = regs->rsi;
	args[2] = regs->rdx;
	args[3] = regs->r10;
	args[4] = regs->r8;
	ret = call(v, regs->rax, args);

	/* iret has set every register itself, rax included */
	if (regs->rax != __HYPERVISOR_iret || ret == -XEN_ENOSYS)
		regs->rax = ret;
}

long do_multicall(struct vcpu *v, u64 list, u64 nr, u64 a3, u64 a4, u64 a5)
{
	struct multicall_entry e;
	u64 i;

	for (i = 0; i < nr; i++) {
		u64 gva = list + i * sizeof(e);

		if (copy_from_guest(&e, gva, sizeof(e)))
			return -EFAULT;
		stats_mc_entry(&v->d->stats, e.op);
		if (e.op == __HYPERVISOR_multicall ||
		    e.op == __HYPERVISOR_iret)
			e.result = -EINVAL;
		else
			e.result = call(v, e.op, e.args);
		if (copy_to_guest(gva + offsetof(struct multicall_entry,
						 result),
				  &e.result, sizeof(e.result)))
			return -EFAULT;
		if (v->d->dying)
			break;
	}
	return 0;
}

long do_console_io(struct vcpu *v, u64 cmd, u64 count, u64 buf, u64 a4,
		   u64 a5)
{
	char kbuf[128];
	u64 done = 0;

	if (cmd == CONSOLEIO_read)
		return 0;	/* input goes through the console ring */
	if (cmd != CONSOLEIO_write)
		return -EINVAL;
	while (done < count) {
		size_t n = min(count - done, (u64)sizeof(kbuf));

		if (copy_from_guest(kbuf, buf + done, n))
			return -EFAULT;
		console_guest_output(v->d, kbuf, n);
		done += n;
	}
	return 0;
}

/*
 * XENVER_get_features: what Xen 4.17 reports to a PV domU, less
 * XENFEAT_memory_op_vnode_supported (hv-stub has no XENMEM_get_vnumainfo).
 * Xen knows one submap; any other index is -EINVAL.
 */
static long version_get_features(struct vcpu *v, u64 arg)
{
	struct xen_feature_info fi;

	if (copy_from_guest(&fi, arg, sizeof(fi)))
		return -EFAULT;
	if (fi.submap_idx != 0)
		return -EINVAL;
	fi.submap = (1u << XENFEAT_mmu_pt_update_preserve_ad) |
		    (1u << XENFEAT_highmem_assist) |
		    (1u << XENFEAT_gnttab_map_avail_bits);
	if (v->d->vm_assist & (1ul << VMASST_TYPE_pae_extended_cr3))
		fi.submap |= 1u << XENFEAT_pae_pgdir_above_4gb;
	return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

static long version_copy(u64 arg, const void *buf, size_t len)
{
	return copy_to_guest(arg, buf, len) ? -EFAULT : 0;
}

/*
 * Xen's default XSM policy lets every domain read the version strings,
 * the platform parameters, the features, the page size and its own
 * handle; the command line and the build id are for privileged domains
 * only (a domU gets XEN_DENY_STRING and -EPERM).  Every hv-stub domain is
 * unprivileged, and has no toolstack UUID: its handle is all zeroes.
 */
long do_xen_version(struct vcpu *v, u64 cmd, u64 arg, u64 a3, u64 a4,
		    u64 a5)
{
	static const char extra[XEN_EXTRAVERSION_LEN] = "-hv-stub";
	static const char caps[XEN_CAPABILITIES_INFO_LEN] = "xen-3.0-x86_64";
	static const char chgset[XEN_CHANGESET_INFO_LEN] = "unavailable";
	static const char denied[] = XEN_DENY_STRING;
	static const struct xen_compile_info info = {
		.compiler = "gcc",
		.compile_by = "hv-stub",
		.compile_domain = "xenpv",
	};
	static const xen_domain_handle_t handle;
	static const u64 virt_start = HV_VIRT_START;

	/* Xen takes the sub-op as an int: the upper half is ignored */
	switch ((u32)cmd) {
	case XENVER_version:
		return (4 << 16) | 17;
	case XENVER_extraversion:
		return version_copy(arg, extra, sizeof(extra));
	case XENVER_compile_info:
		return version_copy(arg, &info, sizeof(info));
	case XENVER_capabilities:
		return version_copy(arg, caps, sizeof(caps));
	case XENVER_changeset:
		return version_copy(arg, chgset, sizeof(chgset));
	case XENVER_platform_parameters:
		return version_copy(arg, &virt_start, sizeof(virt_start));
	case XENVER_get_features:
		return version_get_features(v, arg);
	case XENVER_pagesize:
		return arg ? -EINVAL : PAGE_SIZE;
	case XENVER_guest_handle:
		return version_copy(arg, handle, sizeof(handle));
	case XENVER_commandline:
		return version_copy(arg, denied, sizeof(denied));
	case XENVER_build_id:
		return -EPERM;
	default:
		return -XEN_ENOSYS;
	}
}

long do_vm_assist(struct vcpu *v, u64 cmd, u64 type, u64 a3, u64 a4,
		  u64 a5)
{
	const unsigned long allowed = (1ul << VMASST_TYPE_4gb_segments) |
				      (1ul << VMASST_TYPE_4gb_segments_notify) |
				      (1ul << VMASST_TYPE_writable_pagetables) |
				      (1ul << VMASST_TYPE_pae_extended_cr3) |
				      (1ul << VMASST_TYPE_architectural_iopl) |
				      (1ul << VMASST_TYPE_runstate_update_flag) |
				      (1ul << VMASST_TYPE_m2p_strict);

	if (type >= 64 || !(allowed & (1ul << type)))
		return -EINVAL;
	if (cmd == VMASST_CMD_enable)
		v->d->vm_assist |= 1ul << type;
	else if (cmd == VMASST_CMD_disable)
		v->d->vm_assist &= ~(1ul << type);
	else
		return -XEN_ENOSYS;
	return 0;
}

/*
 * Unprivileged guests own no physical devices; the virtual IOPL only lets
 * the guest kernel execute port I/O, which reads as all ones.
 */
long do_physdev_op(struct vcpu *v, u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct physdev_set_iopl iopl;

	if (cmd != PHYSDEVOP_set_iopl)
		return -XEN_ENOSYS;
	if (copy_from_guest(&iopl, arg, sizeof(iopl)))
		return -EFAULT;
	if (iopl.iopl > 3)
		return -EINVAL;
	v->iopl = iopl.iopl;
	return 0;
}
