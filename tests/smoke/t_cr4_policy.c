// SPDX-License-Identifier: GPL-2.0
/*
 * CR4 of a PV guest follows its CPUID policy, as Xen 4.17 keeps it: the
 * guest owns TSD, DE, FSGSBASE and OSXSAVE, each only if CPUID (read
 * through the forced-emulation prefix) shows the feature; a write of
 * any other bit, or of a hidden one, is dropped without a fault; the
 * guest sees PAE and OSFXSR set and nothing else of the host's CR4 but
 * MCE and OSXMMEXCPT.  RDFSBASE is #UD until the guest has set
 * CR4.FSGSBASE (which it can only where CPUID shows FSGSBASE), then reads
 * the base set_segment_base gave; with TSD set the kernel's RDTSC still
 * works (emulated).
 */
#include "smoke.h"

#define CR4_TSD		(1ul << 2)
#define CR4_DE		(1ul << 3)
#define CR4_PAE		(1ul << 5)
#define CR4_MCE		(1ul << 6)
#define CR4_PGE		(1ul << 7)
#define CR4_OSFXSR	(1ul << 9)
#define CR4_OSXMMEXCPT	(1ul << 10)
#define CR4_VMXE	(1ul << 13)
#define CR4_FSGSBASE	(1ul << 16)
#define CR4_PCIDE	(1ul << 17)
#define CR4_OSXSAVE	(1ul << 18)
#define CR4_SMEP	(1ul << 20)
#define GUEST_BITS	(CR4_TSD | CR4_DE | CR4_FSGSBASE | CR4_OSXSAVE)
#define VISIBLE_BITS	(CR4_PAE | CR4_MCE | CR4_OSFXSR | CR4_OSXMMEXCPT)

/* written by the trap hook, behind the compiler's back: READ_ONCE */
static unsigned long ud_count, ud_insn, ud_resume;

static int on_trap(struct trap_frame *f)
{
	if (f->vector != 6 || f->rip != ud_insn)
		return 0;
	WRITE_ONCE(ud_count, ud_count + 1);
	f->rip = ud_resume;
	return 1;
}

/* RDFSBASE, or ~0 if it raised #UD. */
static unsigned long try_rdfsbase(void)
{
	unsigned long v = ~0ul;

	asm volatile("leaq 1f(%%rip), %%rax\n\t"
		     "movq %%rax, %1\n\t"
		     "leaq 2f(%%rip), %%rax\n\t"
		     "movq %%rax, %2\n"
		     "1: rdfsbase %0\n"
		     "2:"
		     : "+r"(v), "=m"(ud_insn), "=m"(ud_resume) : : "rax",
		       "memory");
	return v;
}

static void check_fsgsbase(unsigned long cr4, int shown)
{
	static unsigned long cell;
	unsigned long before = READ_ONCE(ud_count), v;

	if (HYPERVISOR_set_segment_base(SEGBASE_FS, (unsigned long)&cell))
		test_result(ERROR, "set_segment_base(FS) failed");
	if (try_rdfsbase() != ~0ul || READ_ONCE(ud_count) != before + 1)
		test_result(FAILURE, "RDFSBASE ran with CR4.FSGSBASE clear");
	write_cr4(cr4 | CR4_FSGSBASE);
	if (!!(read_cr4() & CR4_FSGSBASE) != shown)
		test_result(FAILURE, "CR4.FSGSBASE %s though CPUID %s it",
			    shown ? "not set" : "set", shown ? "shows" : "hides");
	v = try_rdfsbase();
	if (shown && (READ_ONCE(ud_count) != before + 1 || v != (unsigned long)&cell))
		test_result(FAILURE, "RDFSBASE with CR4.FSGSBASE: %lx", v);
	if (!shown && READ_ONCE(ud_count) != before + 2)
		test_result(FAILURE, "RDFSBASE ran, FSGSBASE hidden");
	write_cr4(cr4);
	before = READ_ONCE(ud_count);
	if (try_rdfsbase() != ~0ul || READ_ONCE(ud_count) != before + 1)
		test_result(FAILURE, "RDFSBASE ran after clearing CR4.FSGSBASE");
	HYPERVISOR_set_segment_base(SEGBASE_FS, 0);
}

static void check_tsd(unsigned long cr4)
{
	unsigned long t0, t1;

	write_cr4(cr4 | CR4_TSD);
	if (!(read_cr4() & CR4_TSD))
		test_result(FAILURE, "CR4.TSD does not stick");
	t0 = rdtsc();
	t1 = rdtsc();
	if (t1 <= t0)
		test_result(FAILURE, "kernel RDTSC with TSD: %lx then %lx", t0,
			    t1);
	write_cr4(cr4);
}

void test_main(void)
{
	unsigned long cr4 = read_cr4(), allowed = 0, got, junk;
	u32 a, b, c, d;

	xen_cpuid(1, 0, &a, &b, &c, &d);
	if (d & (1u << 4))
		allowed |= CR4_TSD;
	if (d & (1u << 2))
		allowed |= CR4_DE;
	if (c & (1u << 26))
		allowed |= CR4_OSXSAVE;
	xen_cpuid(7, 0, &a, &b, &c, &d);
	if (b & 1)
		allowed |= CR4_FSGSBASE;
	if ((cr4 & ~(GUEST_BITS | VISIBLE_BITS)) ||
	    (cr4 & (CR4_PAE | CR4_OSFXSR)) != (CR4_PAE | CR4_OSFXSR))
		test_result(FAILURE, "CR4 reads 0x%lx", cr4);
	if (cr4 & ~allowed & GUEST_BITS)
		test_result(FAILURE, "CR4 0x%lx has bits CPUID hides", cr4);
	/* every bit at once: only what the policy allows sticks */
	junk = CR4_PGE | CR4_VMXE | CR4_PCIDE | CR4_SMEP;
	write_cr4(cr4 | GUEST_BITS | junk);
	got = read_cr4();
	if (got != ((cr4 & ~GUEST_BITS) | allowed))
		test_result(FAILURE, "CR4 0x%lx after writing 0x%lx, want 0x%lx",
			    got, cr4 | GUEST_BITS | junk,
			    (cr4 & ~GUEST_BITS) | allowed);
	write_cr4(cr4 & ~VISIBLE_BITS);
	if (read_cr4() != cr4)
		test_result(FAILURE, "visible bits changed: 0x%lx", read_cr4());
	trap_hook = on_trap;
	check_fsgsbase(cr4, !!(allowed & CR4_FSGSBASE));
	if (allowed & CR4_TSD)
		check_tsd(cr4);
	if (read_cr4() != cr4)
		test_result(FAILURE, "CR4 0x%lx at the end, was 0x%lx", read_cr4(),
			    cr4);
	test_result(SUCCESS, "CR4 0x%lx, guest may own 0x%lx, FSGSBASE %s", cr4,
		    allowed, allowed & CR4_FSGSBASE ? "shown" : "hidden");
}
