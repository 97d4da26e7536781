// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions, interrupts and SYSCALL, and how they reach a PV guest.
 *
 * A guest exception is "bounced": hv-stub writes Xen's x86_64 frame on
 * the guest kernel stack (from low to high: rcx, r11, [error code], rip,
 * cs, rflags, rsp, ss) and resumes the guest at the handler registered
 * with set_trap_table.  A frame from guest kernel mode carries CS with
 * RPL 0, one from user mode RPL 3, which is how HYPERVISOR_iret knows
 * where to return.  The saved event mask rides in byte 4 of the CS slot
 * and as the IF bit of the saved RFLAGS.
 *
 * If the frame cannot be written (bad guest stack) or there is no
 * handler, the domain is crashed: that is the PV "double fault".
 */
#include <hv/arch.h>
#include <hv/debugreg.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/lib.h>
#include <hv/pci.h>
#include <hv/profile.h>
#include <hv/time.h>
#include <hv/traps.h>
#include <hv/x86.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/stats.h>
#include <public/arch-x86_64.h>

/* RF too: a #DB handler returns with it to step past a breakpoint */
#define GUEST_RFLAGS_MASK (X86_EFLAGS_CF | 0x8d4 | X86_EFLAGS_DF | \
			   X86_EFLAGS_TF | X86_EFLAGS_AC | X86_EFLAGS_RF | \
			   0x200000)

bool guest_mode(const struct cpu_user_regs *regs)
{
	return (regs->cs & 3) == 3;
}

__hot void toggle_guest_mode(struct vcpu *v)
{
	swapgs();
	v->kernel_mode = !v->kernel_mode;
	write_cr3((v->kernel_mode ? v->kernel_l4 : v->user_l4) << 12);
}

/* The IOPL a bounce frame shows: the virtual one under architectural_iopl */
static u64 bounce_iopl(const struct vcpu *v)
{
	if (!(v->d->vm_assist & (1ul << VMASST_TYPE_architectural_iopl)))
		return 0;
	return (u64)v->iopl << 12;
}

/*
 * Push a bounce frame for the current guest state and point the guest at
 * @handler.  @extra words (an error code, or the failsafe callback's
 * data selectors) go between r11 and rip.  Returns false if the frame
 * could not be written.
 */
static __hot bool create_bounce_frame(struct vcpu *v, u64 handler, const u64 *extra,
				unsigned int nr_extra, bool mask_events)
{
	struct cpu_user_regs *regs = v->regs;
	struct vcpu_info *vi = v->vcpu_info;
	/* built from the top down: the return frame's five words are last */
	u64 frame[11], *top = &frame[6], sp, cs;
	unsigned int n = 7 + nr_extra, i;
	u8 saved_mask = vi->evtchn_upcall_mask;

	cs = v->kernel_mode ? (regs->cs & ~3ull) : (regs->cs | 3);
	if (!v->kernel_mode) {
		toggle_guest_mode(v);
		sp = v->kernel_sp;
	} else {
		sp = regs->rsp;
	}
	top[0] = regs->rip;
	top[1] = cs | ((u64)saved_mask << 32);
	top[2] = (regs->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) |
		 (saved_mask ? 0 : X86_EFLAGS_IF) | bounce_iopl(v);
	top[3] = regs->rsp;
	top[4] = regs->ss | 3;
	for (i = 0; i < nr_extra; i++)
		top[(int)i - (int)nr_extra] = extra[i];
	top[-(int)nr_extra - 2] = regs->rcx;
	top[-(int)nr_extra - 1] = regs->r11;
	sp = (sp & ~15ull) - n * 8;
	if (copy_to_guest(sp, &frame[11 - n], n * 8))
		return false;
	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	regs->rsp = sp;
	regs->rip = handler;
	regs->cs = FLAT_KERNEL_CS64;
	regs->ss = FLAT_KERNEL_SS64;
	regs->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_AC);
	regs->rflags |= X86_EFLAGS_IF;
	/* the guest's are in the frame: these let a SYSRET return here */
	regs->rcx = handler;
	regs->r11 = regs->rflags;
	return true;
}

__hot void inject_trap(struct vcpu *v, unsigned int vec, bool has_err, u32 err)
{
	const struct vcpu_trap *t = &v->traps[vec];
	u64 ec = err;

	if (!t->address) {
		domain_crash(v->d, "unhandled trap %u (error %#x) at rip %#lx",
			     vec, err, v->regs->rip);
		return;
	}
	v->d->stats.bounces++;
	if (!create_bounce_frame(v, t->address, &ec, has_err, TI_GET_IF(t)))
		domain_crash(v->d, "fault writing the frame of trap %u to the guest stack (rsp %#lx)",
			     vec, v->kernel_mode ? v->regs->rsp :
			     v->kernel_sp);
}

/* Deliver a pending event upcall, if events are unmasked. */
static __hot void deliver_events(struct vcpu *v)
{
	struct vcpu_info *vi = v->vcpu_info;

	if (!vi->evtchn_upcall_pending || vi->evtchn_upcall_mask ||
	    !v->event_callback)
		return;
	v->d->stats.upcalls++;
	if (!create_bounce_frame(v, v->event_callback, NULL, 0, true))
		domain_crash(v->d, "fault writing the event frame to the guest stack");
}

/*
 * May IRETQ load @sel into CS (@code) or SS?  The flat selectors always;
 * others only from the guest's GDT or LDT, present, DPL 3.
 */
static bool selector_ok(const struct vcpu *v, u16 sel, bool code)
{
	u64 desc;

	if ((sel & 3) != 3)
		return false;
	if (code && (sel == FLAT_RING3_CS64 || sel == FLAT_RING3_CS32))
		return true;
	if (!code && sel == FLAT_RING3_SS64)
		return true;
	if (!vcpu_desc(v, sel, &desc))
		return false;
	if (!(desc & (1ull << 47)) || ((desc >> 45) & 3) != 3)
		return false;
	/* type bit 3: code; for SS we need writable data (bit 1) */
	return code ? (desc >> 43) & 1 : !((desc >> 43) & 1) &&
					 ((desc >> 41) & 1);
}

/*
 * A return frame IRETQ would refuse gets what a native IRET would raise:
 * #GP with the bad selector (or 0 for a non-canonical RIP) as error code,
 * reported at the state it tried to return to, as Xen does.
 */
static __hot void check_return_frame(struct vcpu *v)
{
	struct cpu_user_regs *r = v->regs;

	/*
	 * The flat selectors always load; the last other pair found good
	 * (a kernel's own user CS and SS) needs no new look until a
	 * descriptor changes.
	 */
	if ((r->cs != FLAT_RING3_CS64 || r->ss != FLAT_RING3_SS64) &&
	    (r->cs != v->frame_ok_cs || r->ss != v->frame_ok_ss ||
	     v->frame_ok_gen != desc_generation)) {
		if (!selector_ok(v, r->cs, true)) {
			inject_trap(v, X86_EXC_GP, true, r->cs & ~3u);
			return;
		}
		if (!selector_ok(v, r->ss, false)) {
			inject_trap(v, X86_EXC_GP, true, r->ss & ~3u);
			return;
		}
		v->frame_ok_cs = r->cs;
		v->frame_ok_ss = r->ss;
		v->frame_ok_gen = desc_generation;
	}
	if (!guest_code_ok(r->rip))
		inject_trap(v, X86_EXC_GP, true, 0);
}

/*
 * A data segment selector of the vCPU could not be reloaded when it was
 * switched back in: hand the state to the failsafe callback as Xen does
 * (rcx, r11, ds, es, fs, gs as they were, then the return frame), or
 * crash the domain if there is none.
 */
static void failsafe_bounce(struct vcpu *v)
{
	u64 sels[4];
	unsigned int i;

	if (!v->failsafe_callback) {
		domain_crash(v->d, "segment reload failed and no failsafe callback");
		return;
	}
	for (i = 0; i < 4; i++)
		sels[i] = v->data_sel[i];
	if (!create_bounce_frame(v, v->failsafe_callback, sels, 4,
				 v->failsafe_masks_events))
		domain_crash(v->d, "fault writing the failsafe frame");
}

/* Last thing before IRET to the guest: events, then the frame's sanity. */
__hot void return_to_guest_prepare(void)
{
	struct vcpu *v = current;

	if (v->d->dying || v->state != VCPU_RUNNABLE || sched_need_resched())
		schedule();
	if (v->failsafe_pending) {
		v->failsafe_pending = false;
		failsafe_bounce(v);
	}
	if (v->async.pending)
		async_exc_deliver(v);
	deliver_events(v);
	check_return_frame(v);
	/* a crash on the way out: this vCPU never runs again */
	if (v->d->dying)
		schedule();
	v->regs->rflags = (v->regs->rflags & GUEST_RFLAGS_MASK) |
			  X86_EFLAGS_IF | 2;
}

/*
 * HYPERVISOR_iret: the guest pushed a struct iret_context and made the
 * hypercall with rsp pointing at it.
 */
__hot long do_iret(struct vcpu *v)
{
	struct cpu_user_regs *regs = v->regs;
	struct iret_context c;

	if (copy_from_guest(&c, regs->rsp, sizeof(c))) {
		domain_crash(v->d, "iret: frame at %#lx unreadable", regs->rsp);
		return 0;
	}
	if ((c.cs & 3) == 3) {
		if (!v->user_l4) {
			domain_crash(v->d, "iret to user mode with no user page table");
			return 0;
		}
		if (v->kernel_mode)
			toggle_guest_mode(v);
	}
	/* architectural_iopl: the frame's IOPL is the new virtual IOPL */
	if (v->d->vm_assist & (1ul << VMASST_TYPE_architectural_iopl))
		v->iopl = (c.rflags & X86_EFLAGS_IOPL) >> 12;
	regs->rip = c.rip;
	regs->cs = c.cs | 3;
	regs->rflags = c.rflags;
	regs->rsp = c.rsp;
	regs->ss = c.ss | 3;
	regs->rax = c.rax;
	if (c.flags & VGCF_in_syscall) {
		regs->rcx = c.rip;
		regs->r11 = c.rflags;
	} else {
		regs->rcx = c.rcx;
		regs->r11 = c.r11;
	}
	v->vcpu_info->evtchn_upcall_mask = !(c.rflags & X86_EFLAGS_IF);
	if (v->async.mask)
		async_exc_iret(v);
	return regs->rax;
}

static void __noreturn fatal_trap(struct cpu_user_regs *r)
{
	panic("hypervisor fault: vector %u error %#x rip %#lx rsp %#lx cr2 %#lx\n"
	      "rax %#lx rbx %#lx rcx %#lx rdx %#lx rsi %#lx rdi %#lx",
	      r->entry_vector, r->error_code, r->rip, r->rsp, read_cr2(),
	      r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi);
}

/*
 * Count an instruction emulated here: the census (stats.h) by @kind.
 * If it retired (nothing was raised at it, which would have cleared TF;
 * a lazy-FPU #NM restarts it) the guest gets the #DB the CPU would have
 * raised after it: single step under TF, and @io_hits, the I/O
 * breakpoints it matched, as on Xen.  Xen 4.17 raises no single step
 * after an emulated IN or OUT (its port I/O hooks end the emulation
 * early), only the I/O breakpoints: so does hv-stub, for the same guest
 * view.
 */
static bool emulated_hits(struct vcpu *v, enum emul_kind kind, u32 io_hits)
{
	bool step = v->regs->rflags & X86_EFLAGS_TF;

	stats_emulated(&v->d->stats, kind);
	if (kind != EMUL_FPU && kind != EMUL_INT)
		debugreg_emulated(v, step && kind != EMUL_IO, io_hits);
	return true;
}

static bool emulated(struct vcpu *v, enum emul_kind kind)
{
	return emulated_hits(v, kind, 0);
}

/*
 * #GP from the guest, in Xen's order (do_general_protection): an "int n"
 * the IDT refused; then, for error code 0 only, the UMIP instructions and
 * the privileged ones.  True if dealt with here.
 */
static bool guest_gp(struct vcpu *v)
{
	enum emul_kind kind;
	u32 io_hits = 0;

	if (emulate_int(v))
		return emulated(v, EMUL_INT);
	if (v->regs->error_code)
		return false;
	kind = emulate_umip(v);
	if (kind == EMUL_NONE)
		kind = emulate_privileged(v, &io_hits);
	return kind != EMUL_NONE && emulated_hits(v, kind, io_hits);
}

static void guest_fault(struct vcpu *v, struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;
	struct dom_stats *s = &v->d->stats;
	u64 cr2;

	stats_count(&s->faults, s->fault, vec, STATS_NR_VECTORS);
	switch (vec) {
	case X86_EXC_UD:
		if (emulate_forced_cpuid(v) && emulated(v, EMUL_CPUID))
			return;
		break;
	case X86_EXC_GP:
		if (guest_gp(v))
			return;
		s->gp_bounced++;
		break;
	case X86_EXC_PF:
		cr2 = read_cr2();
		if (ptwr_emulate(v, cr2, regs->error_code) &&
		    emulated(v, EMUL_PTWR))
			return;
		v->vcpu_info->arch.cr2 = cr2;
		/* the guest kernel runs in ring 3, but is "supervisor" */
		if (v->kernel_mode)
			regs->error_code &= ~4u;
		break;
	case X86_EXC_NM:
		if (!v->fpu_ts) {
			emulated(v, EMUL_FPU);
			write_cr0(read_cr0() & ~X86_CR0_TS);
			return;
		}
		v->fpu_ts = false;
		write_cr0(read_cr0() & ~X86_CR0_TS);
		break;
	case X86_EXC_DB:
		debugreg_guest_db(v);
		break;
	case X86_EXC_DF:
		/* delivering an exception failed: a hypervisor bug, as on Xen */
		fatal_trap(regs);
	case X86_EXC_MC:
		/* a host machine check while the guest ran: it loses */
		domain_crash(v->d, "machine check");
		return;
	}
	inject_trap(v, vec, vec == 8 || (vec >= 10 && vec <= 14) || vec == 17,
		    regs->error_code);
}

__hot void do_trap(struct cpu_user_regs *regs)
{
	unsigned int vec = regs->entry_vector;

	if (vec == LAPIC_TIMER_VECTOR) {
		lapic_eoi();
		profile_sample(regs);
		timer_interrupt();
	} else if (vec >= DEV_VECTOR_FIRST && vec <= DEV_VECTOR_LAST) {
		lapic_eoi();
		dev_interrupt(vec);
	} else if (vec == LAPIC_SPURIOUS_VECTOR || vec >= 32) {
		/* stray device interrupt: nothing is routed to us */
	} else if (vec == X86_EXC_NMI) {
		/*
		 * A host NMI, never the guest's doing: hv-stub has no NMI
		 * source and, like Xen for a domU, forwards none.
		 */
		pr_warn("NMI at %#lx ignored\n", regs->rip);
	} else if (guest_mode(regs)) {
		guest_fault(current, regs);
	} else if (vec == X86_EXC_DB) {
		debugreg_hv_db(regs);
	} else if (!fixup_exception(&regs->rip)) {
		fatal_trap(regs);
	}
	if (guest_mode(regs))
		return_to_guest_prepare();
}

/*
 * A hypercall made with TF set completes as one single step: as on Xen,
 * the guest gets its #DB (DR6.BS) at the instruction after the SYSCALL.
 * FMASK cleared TF on entry, so hv-stub itself never sees the trap.
 * HYPERVISOR_iret loads flags of its own and is stepped like IRET.
 */
static void hypercall_single_step(struct vcpu *v, u64 nr, u64 rflags)
{
	if (!(rflags & X86_EFLAGS_TF) || nr == __HYPERVISOR_iret ||
	    v->d->dying || !v->kernel_mode)
		return;
	v->dbg.dr6 |= DR6_BS;
	inject_trap(v, X86_EXC_DB, false, 0);
}

/*
 * May this return from a SYSCALL entry be a SYSRET, as on Xen?  SYSRET
 * loads the flat ring-3 CS and SS (STAR), RIP from %rcx and RFLAGS from
 * %r11 with RF clear, so only a frame that says the same, and without TF
 * (QEMU raises the step at once, not after the next instruction; Linux
 * leaves by IRET then too): the return of
 * a hypercall, of the iret hypercall to where a system call was made,
 * and of a bounce into a callback (create_bounce_frame() makes them so;
 * the guest finds its own in the bounce frame, as Xen's ABI has it).
 */
static bool sysret_ok(const struct cpu_user_regs *r)
{
	return r->cs == FLAT_RING3_CS64 && r->ss == FLAT_RING3_SS64 &&
	       r->rcx == r->rip && r->r11 == r->rflags &&
	       !(r->rflags & (X86_EFLAGS_RF | X86_EFLAGS_TF)) &&
	       guest_code_ok(r->rip);
}

/*
 * SYSCALL from ring 3: a hypercall when the vCPU is in guest kernel mode,
 * otherwise a system call of guest user space for the guest kernel.
 */
__hot bool do_syscall(struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	u64 nr = regs->rax, rflags = regs->rflags;

	if (v->kernel_mode) {
		do_hypercall(v, regs);
		hypercall_single_step(v, nr, rflags);
	} else if (!v->syscall_callback) {
		inject_trap(v, X86_EXC_UD, false, 0);
	} else {
		v->d->stats.syscalls++;
		if (!create_bounce_frame(v, v->syscall_callback, NULL, 0,
					 v->syscall_masks_events))
			domain_crash(v->d, "fault writing the syscall frame to the guest stack");
	}
	return_to_guest_prepare();
	return sysret_ok(regs);
}
