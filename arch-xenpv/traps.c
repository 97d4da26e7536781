// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv: the IDT becomes the hypervisor's trap table.
 *
 * Linux keeps building its IDT as usual; load_idt and write_idt_entry
 * translate each exception gate into a trap_info entry (vector, DPL,
 * "mask events" for interrupt gates, handler) and hand it to
 * set_trap_table.  The handler is our stub in entry.S in front of the
 * native entry point.  Vectors 32 and up are device and system vectors,
 * which do not exist here: events arrive through the event callback.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/smp.h>
#include <asm/desc.h>
#include <asm/idtentry.h>
#include <asm/paravirt.h>
#include <asm/traps.h>
#include <xen/interface/callback.h>
#include "xenpv.h"

#define XENPV_STUB(name) asmlinkage void xenpv_##name(void);		\
			 asmlinkage void xenpv_counted_##name(void)
XENPV_STUB(asm_exc_divide_error);
XENPV_STUB(asm_exc_int3);
XENPV_STUB(asm_exc_overflow);
XENPV_STUB(asm_exc_bounds);
XENPV_STUB(asm_exc_invalid_op);
XENPV_STUB(asm_exc_device_not_available);
XENPV_STUB(asm_exc_coproc_segment_overrun);
XENPV_STUB(asm_exc_invalid_tss);
XENPV_STUB(asm_exc_segment_not_present);
XENPV_STUB(asm_exc_stack_segment);
XENPV_STUB(asm_exc_general_protection);
XENPV_STUB(asm_exc_page_fault);
XENPV_STUB(asm_exc_spurious_interrupt_bug);
XENPV_STUB(asm_exc_coprocessor_error);
XENPV_STUB(asm_exc_alignment_check);
XENPV_STUB(asm_exc_simd_coprocessor_error);
XENPV_STUB(asm_exc_xen_unknown_trap);
XENPV_STUB(asm_exc_debug);
XENPV_STUB(asm_exc_nmi);
XENPV_STUB(asm_exc_double_fault);
XENPV_STUB(asm_exc_machine_check);

static const struct {
	void (*native)(void);
	void (*stub)(void);
	void (*counted)(void);		/* the stub's counting twin */
} xenpv_trap_stubs[] = {
#define T(name) { name, xenpv_##name, xenpv_counted_##name }
	T(asm_exc_divide_error),
	T(asm_exc_int3),
	T(asm_exc_overflow),
	T(asm_exc_bounds),
	T(asm_exc_invalid_op),
	T(asm_exc_device_not_available),
	T(asm_exc_coproc_segment_overrun),
	T(asm_exc_invalid_tss),
	T(asm_exc_segment_not_present),
	T(asm_exc_stack_segment),
	T(asm_exc_general_protection),
	T(asm_exc_page_fault),
	T(asm_exc_spurious_interrupt_bug),
	T(asm_exc_coprocessor_error),
	T(asm_exc_alignment_check),
	T(asm_exc_simd_coprocessor_error),
	T(asm_exc_debug),
	T(asm_exc_nmi),
	T(asm_exc_double_fault),
#undef T
};

/* The IDT the hypervisor's trap table currently mirrors. */
static const gate_desc *xenpv_live_idt;
static unsigned int xenpv_live_idt_entries;

/*
 * #DB from entry.S's xenpv_asm_exc_debug, on the kernel stack.  The
 * kernel's two handlers read and clear DR6 through the get/set_debugreg
 * pv ops, that is from the hypervisor, which saved the real DR6.
 */
__visible noinstr void xenpv_handle_debug(struct pt_regs *regs)
{
	if (user_mode(regs))
		noist_exc_debug(regs);
	else
		exc_debug(regs);
}

/*
 * #MC: a virtual machine check, which the hypervisor raises for a memory
 * error in our pages, on the kernel stack like #DB.  With CONFIG_X86_MCE
 * the kernel's handlers take it (they read the machine-check MSRs from
 * the hypervisor).  Without it nothing can find or isolate the broken
 * page: say so and panic, which the hypervisor sees as a crash.
 */
#ifdef CONFIG_X86_MCE
__visible noinstr void xenpv_handle_machine_check(struct pt_regs *regs)
{
	if (user_mode(regs))
		noist_exc_machine_check(regs);
	else
		exc_machine_check(regs);
}
#else
__visible noinstr void xenpv_handle_machine_check(struct pt_regs *regs)
{
	/* not in NMI context: printk would defer the report past the panic */
	instrumentation_begin();
	pr_emerg("xenpv: machine check at %pS, and no CONFIG_X86_MCE to handle it\n",
		 (void *)regs->ip);
	panic("xenpv: machine check");
	instrumentation_end();
}
#endif

/*
 * The trap-table entry for IDT gate @vector, or false when the vector
 * is not one the hypervisor can deliver (absent gate, device vector).
 * Exceptions whose native entry needs IST go to a stub of our own (#DB;
 * NMI, whose entry 2 is also the NMI callback of Xen's ABI; #DF, which
 * Xen never raises for a PV guest; #MC, also while its gate is still the
 * early handler, as it stays without CONFIG_X86_MCE).  Anything else goes
 * to exc_xen_unknown_trap.  Early handlers (init text) are only looked
 * for while booting.
 */
static bool __ref xenpv_gate_to_trap(unsigned int vector, const gate_desc *g,
			       struct trap_info *ti)
{
	unsigned long addr = gate_offset(g);
	unsigned int i;

	if (!g->bits.p || vector >= NUM_EXCEPTION_VECTORS)
		return false;

	ti->vector = vector;
	ti->flags = g->bits.dpl;
	if (g->bits.type == GATE_INTERRUPT)
		ti->flags |= 4;			/* mask events on entry */
	ti->cs = __KERNEL_CS;
	ti->address = (unsigned long)xenpv_entry(xenpv_asm_exc_xen_unknown_trap,
				xenpv_counted_asm_exc_xen_unknown_trap);

	if (system_state == SYSTEM_BOOTING &&
	    addr == (unsigned long)early_idt_handler_array[vector]) {
		ti->address = (unsigned long)xenpv_early_idt_stubs +
			      vector * XENPV_EARLY_STUB_SIZE;
		return true;
	}
	if (vector == X86_TRAP_MC) {
		ti->address = (unsigned long)xenpv_entry(
				xenpv_asm_exc_machine_check,
				xenpv_counted_asm_exc_machine_check);
		return true;
	}
	for (i = 0; i < ARRAY_SIZE(xenpv_trap_stubs); i++) {
		if (addr == (unsigned long)xenpv_trap_stubs[i].native) {
			ti->address = (unsigned long)xenpv_entry(
					xenpv_trap_stubs[i].stub,
					xenpv_trap_stubs[i].counted);
			break;
		}
	}
	return true;
}

/* The hypervisor keeps a trap table per vCPU; so do we while building it. */
static DEFINE_PER_CPU(struct trap_info [NUM_EXCEPTION_VECTORS + 1],
		      xenpv_trap_table);

static void xenpv_load_idt(const struct desc_ptr *desc)
{
	struct trap_info *table;
	const gate_desc *idt = (const gate_desc *)desc->address;
	unsigned int entries = (desc->size + 1) / sizeof(gate_desc);
	unsigned int v, n = 0;
	unsigned long flags;
	long rc;

	/* idt_invalidate() before kexec or reboot: keep the last table. */
	if (!desc->size)
		return;

	local_irq_save(flags);
	table = *this_cpu_ptr(&xenpv_trap_table);
	memset(table, 0, sizeof(xenpv_trap_table));
	for (v = 0; v < min_t(unsigned int, entries, NUM_EXCEPTION_VECTORS);
	     v++)
		if (xenpv_gate_to_trap(v, &idt[v], &table[n]))
			n++;
	table[n].address = 0;
	rc = hv_set_trap_table(table);
	if (rc)
		xenpv_die("xenpv: set_trap_table failed: %ld\n", rc);
	xenpv_live_idt = idt;
	xenpv_live_idt_entries = entries;
	local_irq_restore(flags);
}

static void xenpv_write_idt_entry(gate_desc *idt, int entry,
				  const gate_desc *g)
{
	struct trap_info ti[2] = { };
	long rc;

	native_write_idt_entry(idt, entry, g);
	if (idt != xenpv_live_idt || entry >= xenpv_live_idt_entries)
		return;
	if (!xenpv_gate_to_trap(entry, g, &ti[0]))
		return;
	rc = hv_set_trap_table(ti);
	if (rc)
		pr_err("xenpv: trap table entry %d: %ld\n", entry, rc);
}

/*
 * The gates trap_init() left alone (18 without CONFIG_X86_MCE, 20 and
 * up) are still the early handlers, and on the CPU that booted their
 * trap-table entries still lead to early stubs in init text: give each
 * CPU its table again before that text is freed.  The hypervisor keeps
 * an entry until it is set anew; load_idt sets all 32.
 */
static void xenpv_reload_idt(void *unused)
{
	load_current_idt();
}

static int __init xenpv_traps_late_init(void)
{
	on_each_cpu(xenpv_reload_idt, NULL, 1);
	return 0;
}
late_initcall(xenpv_traps_late_init);

/* An exception this port does not expect: report it where it happened. */
DEFINE_IDTENTRY_RAW(exc_xen_unknown_trap)
{
	instrumentation_begin();
	pr_emerg("xenpv: unexpected exception at %pS\n", (void *)regs->ip);
	die("xenpv: unexpected exception", regs, 0);
	instrumentation_end();
}

static void __init xenpv_register_callback(unsigned int type, void *func)
{
	struct callback_register cb = {
		.type = type,
		.address = (unsigned long)func,
		.flags = CALLBACKF_mask_events,
	};
	long rc = hv_callback_op(CALLBACKOP_register, &cb);

	if (rc)
		xenpv_die("xenpv: registering callback %u failed: %ld\n", type,
			  rc);
}

/*
 * Install the IDT pv_ops and the early trap table (head64's early
 * handlers for every exception), and tell the hypervisor where events,
 * system calls and failed returns enter.
 */
void __init xenpv_traps_init_early(void)
{
	pv_ops.cpu.load_idt = xenpv_load_idt;
	pv_ops.cpu.write_idt_entry = xenpv_write_idt_entry;
	idt_setup_early_handler();

	xenpv_register_callback(CALLBACKTYPE_event,
				xenpv_entry(xenpv_event_entry,
					    xenpv_counted_event_entry));
	xenpv_register_callback(CALLBACKTYPE_failsafe, xen_failsafe_callback);
	xenpv_register_callback(CALLBACKTYPE_syscall,
				xenpv_entry(xenpv_syscall_entry,
					    xenpv_counted_syscall_entry));
}
