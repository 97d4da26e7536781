// SPDX-License-Identifier: GPL-2.0
/*
 * Xen's time leaf (0x40000003) agrees with the pvclock: sub-leaf 0 gives
 * a known tsc_mode, and a TSC that is not emulated has no guest scale
 * (sub-leaf 1 reads 0, as on Xen) and runs at the machine's frequency
 * (sub-leaf 2), which is the frequency the pvclock scales.  Where the TSC
 * is never emulated, it is not marked emulated, and rdtsc measured
 * against system time over 20 ms runs at that frequency.
 */
#include "smoke.h"

/* The TSC frequency in kHz that vCPU 0's pvclock scales by. */
static u64 pvclock_khz(void)
{
	struct vcpu_time_info *t = &shared->vcpu_info[0].time;
	u64 khz = (1000000ull << 32) / READ_ONCE(t->tsc_to_system_mul);
	s8 shift = READ_ONCE(t->tsc_shift);

	return shift < 0 ? khz << -shift : khz >> shift;
}

/* |a - b| within a hundredth of b */
static int near(u64 a, u64 b)
{
	return (a > b ? a - b : b - a) * 100 <= b;
}

void test_main(void)
{
	u32 max, a0, mode, c0, d0, a1, b1, c1, d1, host, x, y, z;
	u64 khz = pvclock_khz(), t0, ns0, t1, ns1, measured;

	xen_cpuid(0x40000000, 0, &max, &x, &y, &z);
	if (max < 0x40000003)
		test_result(SKIP, "no time leaf (max leaf %x)", max);
	xen_cpuid(0x40000003, 0, &a0, &mode, &c0, &d0);
	xen_cpuid(0x40000003, 1, &a1, &b1, &c1, &d1);
	xen_cpuid(0x40000003, 2, &host, &x, &y, &z);
	cprintf("time leaf: flags %x tsc_mode %u guest %u kHz incarnation %u; "
		"offset %x:%x mul %x shift %d; host %u kHz; pvclock %lu kHz\n",
		a0, mode, c0, d0, b1, a1, c1, (int)d1, host,
		(unsigned long)khz);
	if (last_trap.count)
		test_result(FAILURE, "forced cpuid trapped (vector %lu)",
			    last_trap.vector);
	if (mode > 3)
		test_result(FAILURE, "tsc_mode %u is none of Xen's", mode);
	if (!(a0 & 1) && (a1 || b1 || c1 || d1))
		test_result(FAILURE, "TSC not emulated, but sub-leaf 1 gives a scale");
	if (!(a0 & 1) && host && !near(host, khz))
		test_result(FAILURE, "host TSC %u kHz, pvclock scales %lu kHz",
			    host, (unsigned long)khz);
	if (mode != 2)
		test_result(SUCCESS, "tsc_mode %u, flags %x, host %u kHz", mode,
			    a0, host);

	if (a0 & 1)
		test_result(FAILURE, "tsc_mode never-emulate, flags say emulated");
	if (!host)
		test_result(FAILURE, "tsc_mode never-emulate, no host frequency");
	t0 = rdtsc();
	ns0 = system_time_ns();
	do {
		t1 = rdtsc();
		ns1 = system_time_ns();
	} while (ns1 - ns0 < 20000000);
	if (last_trap.count)
		test_result(FAILURE, "rdtsc trapped (vector %lu)",
			    last_trap.vector);
	measured = (t1 - t0) * 1000000 / (ns1 - ns0);
	if (!near(measured, host))
		test_result(FAILURE, "rdtsc ran at %lu kHz over %lu ns, host %u kHz",
			    (unsigned long)measured,
			    (unsigned long)(ns1 - ns0), host);
	test_result(SUCCESS, "never emulated: rdtsc at %lu kHz, host %u kHz",
		    (unsigned long)measured, host);
}
