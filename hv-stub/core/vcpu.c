// SPDX-License-Identifier: GPL-2.0
/*
 * Per-vCPU hypercalls: trap table, callbacks, kernel stack, FPU switch,
 * segment bases, vcpu_op (vcpu_info placement, runstate, timers, up and
 * down, and VCPUOP_initialise's first context) and set_timer_op.
 *
 * Every guest address that may later be loaded into RIP by IRETQ is
 * checked to be canonical and outside the hypervisor area first.
 */
#include <hv/debugreg.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/time.h>
#include <hv/traps.h>
#include <hv/x86.h>
#include <public/arch-x86_64.h>
#include <public/callback.h>
#include <public/vcpu.h>

#define ETIME	62

static bool canonical(u64 va)
{
	return (u64)((s64)(va << 16) >> 16) == va;
}

long do_set_trap_table(struct vcpu *v, u64 traps, u64 a2, u64 a3, u64 a4,
		       u64 a5)
{
	struct trap_info ti;
	unsigned int i;

	if (!traps) {
		memset(v->traps, 0, sizeof(v->traps));
		return 0;
	}
	for (i = 0; i < 256; i++) {
		if (copy_from_guest(&ti, traps + i * sizeof(ti), sizeof(ti)))
			return -EFAULT;
		if (!ti.address)
			break;
		if (!guest_code_ok(ti.address))
			return -EINVAL;
		v->traps[ti.vector].address = ti.address;
		v->traps[ti.vector].cs = ti.cs;
		v->traps[ti.vector].flags = ti.flags;
	}
	return 0;
}

static long set_callback(struct vcpu *v, unsigned int type, u64 addr,
			 bool mask)
{
	if (addr && !guest_code_ok(addr))
		return -EINVAL;
	switch (type) {
	case CALLBACKTYPE_event:
		v->event_callback = addr;
		return 0;
	case CALLBACKTYPE_failsafe:
		v->failsafe_callback = addr;
		v->failsafe_masks_events = mask;
		return 0;
	case CALLBACKTYPE_syscall:
		v->syscall_callback = addr;
		v->syscall_masks_events = mask;
		return 0;
	case CALLBACKTYPE_nmi:
		/*
		 * As on Xen, the NMI callback is the virtual IDT's entry 2,
		 * with events masked; "trigger D nmi" delivers to it
		 * (async_exc.c).
		 */
		v->traps[2].address = addr;
		v->traps[2].cs = addr ? FLAT_KERNEL_CS : 0;
		v->traps[2].flags = addr ? 4 : 0;	/* TI_SET_IF */
		return 0;
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
		return 0;	/* accepted, never raised: no compat */
	default:
		return -XEN_ENOSYS;
	}
}

/* Xen lets only the NMI callback go; the others are -EINVAL. */
static long unset_callback(struct vcpu *v, unsigned int type)
{
	switch (type) {
	case CALLBACKTYPE_nmi:
		return set_callback(v, type, 0, false);
	case CALLBACKTYPE_event:
	case CALLBACKTYPE_failsafe:
	case CALLBACKTYPE_syscall:
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
		return -EINVAL;
	default:
		return -XEN_ENOSYS;
	}
}

long do_callback_op(struct vcpu *v, u64 cmd, u64 arg, u64 a3, u64 a4,
		    u64 a5)
{
	struct callback_register reg;
	struct callback_unregister unreg;

	switch (cmd) {
	case CALLBACKOP_register:
		if (copy_from_guest(&reg, arg, sizeof(reg)))
			return -EFAULT;
		return set_callback(v, reg.type, reg.address,
				    reg.flags & CALLBACKF_mask_events);
	case CALLBACKOP_unregister:
		if (copy_from_guest(&unreg, arg, sizeof(unreg)))
			return -EFAULT;
		return unset_callback(v, unreg.type);
	default:
		return -XEN_ENOSYS;
	}
}

long do_set_callbacks(struct vcpu *v, u64 event, u64 failsafe, u64 syscall,
		      u64 a4, u64 a5)
{
	long rc = set_callback(v, CALLBACKTYPE_event, event, false);

	if (!rc)
		rc = set_callback(v, CALLBACKTYPE_failsafe, failsafe, false);
	if (!rc)
		rc = set_callback(v, CALLBACKTYPE_syscall, syscall, false);
	return rc;
}

long do_stack_switch(struct vcpu *v, u64 ss, u64 sp, u64 a3, u64 a4, u64 a5)
{
	v->kernel_ss = ss;
	v->kernel_sp = sp;
	return 0;
}

long do_fpu_taskswitch(struct vcpu *v, u64 set, u64 a2, u64 a3, u64 a4,
		       u64 a5)
{
	v->fpu_ts = set;
	if (set)
		write_cr0(read_cr0() | X86_CR0_TS);
	else
		write_cr0(read_cr0() & ~X86_CR0_TS);
	return 0;
}

/*
 * Load a user GS selector (from guest kernel mode, where the user GS
 * base is the swapped-out one) without touching the kernel GS base.  As
 * on Xen, a non-null selector gets RPL 3, and one that does not load
 * (beyond the GDT or LDT limit, not present, not data) leaves %gs null
 * and the hypercall still succeeds: the guest checks by reading %gs.
 */
static long load_user_gs_sel(struct vcpu *v, u16 sel)
{
	if (sel > 3)
		sel |= 3;
	asm volatile("swapgs\n"
		     "1: movw %w0, %%gs\n"
		     "2: swapgs\n"
		     ".pushsection .ex_table, \"a\"\n"
		     ".quad 1b, 3f\n"
		     ".popsection\n"
		     ".pushsection .text.fixup, \"ax\"\n"
		     "3: xorl %k0, %k0\n"
		     "   movl %k0, %%gs\n"
		     "   jmp 2b\n"
		     ".popsection\n"
		     : "+r"(sel));
	return 0;
}

long do_set_segment_base(struct vcpu *v, u64 which, u64 base, u64 a3,
			 u64 a4, u64 a5)
{
	if (which != SEGBASE_GS_USER_SEL && !canonical(base))
		return -EINVAL;
	switch (which) {
	case SEGBASE_FS:
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case SEGBASE_GS_USER:
		wrmsr(v->kernel_mode ? MSR_KERNEL_GS_BASE : MSR_GS_BASE, base);
		return 0;
	case SEGBASE_GS_KERNEL:
		wrmsr(v->kernel_mode ? MSR_GS_BASE : MSR_KERNEL_GS_BASE, base);
		return 0;
	case SEGBASE_GS_USER_SEL:
		return load_user_gs_sel(v, base);
	default:
		return -EINVAL;
	}
}

static long register_vcpu_info(struct vcpu *v, u64 arg)
{
	struct vcpu_register_vcpu_info info;
	struct vcpu_info *vi;

	if (copy_from_guest(&info, arg, sizeof(info)))
		return -EFAULT;
	if (v->vcpu_info_mfn)
		return -EINVAL;
	if (info.offset > PAGE_SIZE - sizeof(*vi) || (info.offset & 7))
		return -EINVAL;
	if (mm_get_page_and_type(info.mfn, PGT_writable_page, v->d->domid))
		return -EINVAL;
	vi = (void *)((char *)mfn_to_virt(info.mfn) + info.offset);
	memcpy(vi, v->vcpu_info, sizeof(*vi));
	/* make the guest rescan: it cannot know what was pending */
	vi->evtchn_upcall_pending = 1;
	vi->evtchn_pending_sel = ~0ul;
	v->vcpu_info = vi;
	v->vcpu_info_mfn = info.mfn;
	time_update_vcpu(v);
	return 0;
}

static long set_singleshot(struct vcpu *v, u64 arg)
{
	struct vcpu_set_singleshot_timer t;

	if (copy_from_guest(&t, arg, sizeof(t)))
		return -EFAULT;
	if ((t.flags & VCPU_SSHOTTMR_future) && t.timeout_abs_ns < now_ns())
		return -ETIME;
	v->timer_deadline = t.timeout_abs_ns ? t.timeout_abs_ns : 1;
	sched_timer_changed();
	return 0;
}

/*
 * A first context replaces the whole virtual IDT, entry i for vector i as
 * on Xen, empty entries included: one with DPL 3 and no address lets
 * INT n through to a trap without a handler, which crashes the domain.
 * Nothing changes unless every handler given is acceptable.
 */
static long load_traps(struct vcpu *v, const struct trap_info *t_g)
{
	unsigned int i;

	for (i = 0; i < 256; i++)
		if (t_g[i].address && !guest_code_ok(t_g[i].address))
			return -EINVAL;
	for (i = 0; i < 256; i++) {
		v->traps[i].address = t_g[i].address;
		v->traps[i].cs = t_g[i].cs;
		v->traps[i].flags = t_g[i].flags;
	}
	return 0;
}

/* VCPUOP_initialise: the state a secondary vCPU starts from. */
static long vcpu_load_context(struct vcpu *v,
			      const struct vcpu_guest_context *c)
{
	u64 l4 = xen_cr3_to_pfn(c->ctrlreg[3]);
	u64 ul4 = xen_cr3_to_pfn(c->ctrlreg[1]);
	struct cpu_user_regs *r = v->regs;
	long rc;

	if (!guest_code_ok(c->user_regs.rip) || !canonical(c->fs_base) ||
	    !canonical(c->gs_base_kernel) || !canonical(c->gs_base_user))
		return -EINVAL;
	rc = load_traps(v, c->trap_ctxt);
	rc = rc ? rc : set_callback(v, CALLBACKTYPE_event,
				    c->event_callback_eip, false);
	rc = rc ? rc : set_callback(v, CALLBACKTYPE_failsafe,
				    c->failsafe_callback_eip, false);
	rc = rc ? rc : set_callback(v, CALLBACKTYPE_syscall,
				    c->syscall_callback_eip,
				    c->flags & VGCF_syscall_disables_events);
	rc = rc ? rc : vcpu_set_gdt(v, c->gdt_frames, c->gdt_ents);
	rc = rc ? rc : mm_get_page_and_type(l4, PGT_l4_page_table,
					    v->d->domid);
	if (rc)
		return rc;
	if (ul4 && mm_get_page_and_type(ul4, PGT_l4_page_table, v->d->domid)) {
		mm_put_page_and_type(l4);
		return -EINVAL;
	}
	v->kernel_l4 = l4;
	v->user_l4 = ul4;
	v->kernel_mode = true;
	memcpy(r, &c->user_regs, offsetof(struct cpu_user_regs, es));
	r->cs = FLAT_KERNEL_CS64;
	r->ss = FLAT_KERNEL_SS64;
	r->rflags = X86_EFLAGS_IF | 2;
	v->kernel_ss = c->kernel_ss;
	v->kernel_sp = c->kernel_sp;
	v->fs_base = c->fs_base;
	v->gs_base_kernel = c->gs_base_kernel;
	v->gs_base_user = c->gs_base_user;
	/* as Xen: CR4 first (I/O breakpoints need its DE), 0 the default */
	v->cr4 = c->ctrlreg[4] ? pv_fixup_guest_cr4(v, c->ctrlreg[4]) :
				 PV_CR4_DEFAULT;
	debugreg_load_context(v, c->debugreg);
	vcpu_prepare_first_run(v);
	time_update_vcpu(v);
	return 0;
}

static long vcpu_initialise(struct vcpu *v, u64 arg)
{
	struct vcpu_guest_context *c;
	long rc = -EFAULT;

	if (v->state != VCPU_DOWN || v->kernel_l4)
		return -EEXIST;
	c = hv_alloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	if (copy_from_guest(c, arg, sizeof(*c)))
		goto out;
	rc = vcpu_load_context(v, c);
out:
	hv_free(c, sizeof(*c));
	return rc;
}

static long runstate_area(struct vcpu *v, u64 arg)
{
	struct vcpu_register_runstate_memory_area area;
	struct vcpu_runstate_info rs = { .state = RUNSTATE_running };

	if (copy_from_guest(&area, arg, sizeof(area)))
		return -EFAULT;
	if (area.addr.h && !guest_range_ok(area.addr.h, sizeof(rs)))
		return -EINVAL;
	v->runstate_gva = area.addr.h;
	rs.state_entry_time = now_ns();
	if (v->runstate_gva)
		copy_to_guest(v->runstate_gva, &rs, sizeof(rs));
	return 0;
}

/*
 * A second copy of vcpu_time_info in guest memory, for the guest's vDSO.
 * The time parameters never change after registration (the TSC is
 * invariant), so one copy now stays correct.
 */
static long time_memory_area(struct vcpu *v, u64 arg)
{
	struct vcpu_register_time_memory_area area;

	if (copy_from_guest(&area, arg, sizeof(area)))
		return -EFAULT;
	if (!area.addr.h)
		return 0;
	time_update_vcpu(v);
	return copy_to_guest(area.addr.h, &v->vcpu_info->time,
			     sizeof(v->vcpu_info->time)) ? -EFAULT : 0;
}

long do_vcpu_op(struct vcpu *v, u64 cmd, u64 id, u64 arg, u64 a4, u64 a5)
{
	struct vcpu *t;

	t = domain_vcpu(v->d, id);
	if (!t)
		return -ENOENT;
	switch (cmd) {
	case VCPUOP_is_up:
		return t->state != VCPU_DOWN;
	case VCPUOP_initialise:
		return vcpu_initialise(t, arg);
	case VCPUOP_up:
		if (!t->kernel_l4)
			return -EINVAL;
		if (t->state == VCPU_DOWN)
			sched_vcpu_up(t);
		return 0;
	case VCPUOP_down:
		t->state = VCPU_DOWN;
		if (t == v)
			schedule();
		return 0;
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(t, arg);
	case VCPUOP_register_runstate_memory_area:
		return runstate_area(t, arg);
	case VCPUOP_register_vcpu_time_memory_area:
		return t == v ? time_memory_area(t, arg) : -EINVAL;
	case VCPUOP_set_singleshot_timer:
		return t == v ? set_singleshot(t, arg) : -EINVAL;
	case VCPUOP_stop_singleshot_timer:
		t->timer_deadline = 0;
		return 0;
	case VCPUOP_stop_periodic_timer:
		return 0;	/* there is no periodic timer */
	case VCPUOP_get_physid:
		return -EINVAL;
	default:
		return -XEN_ENOSYS;
	}
}

long do_set_timer_op(struct vcpu *v, u64 timeout, u64 a2, u64 a3, u64 a4,
		     u64 a5)
{
	v->timer_deadline = timeout;
	sched_timer_changed();
	return 0;
}
