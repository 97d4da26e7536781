// SPDX-License-Identifier: GPL-2.0
/*
 * Time keeping.
 *
 * System time is nanoseconds since hv-stub started, computed from the TSC
 * with the same multiplier and shift that guests get in vcpu_time_info,
 * so guest and hypervisor agree exactly.  The TSC and the LAPIC timer are
 * calibrated once against PIT channel 2.  The LAPIC timer runs one-shot,
 * armed for the earliest pending deadline.
 */
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/profile.h>
#include <hv/time.h>
#include <hv/x86.h>
#include <public/cpuid.h>

#define LAPIC_BASE	0xfee00000ull
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_TMICT	0x380
#define LAPIC_TMCCT	0x390
#define LAPIC_TDCR	0x3e0
#define PIT_HZ		1193182
#define CALIBRATE_MS	10

u64 tsc_khz;
static u64 tsc_at_boot;
static u32 tsc_mul;
static s8 tsc_shift;
static u64 lapic_khz;
static u64 boot_wallclock;	/* seconds since the epoch at time 0 */

/* LAPIC registers are MMIO: every access must reach the device. */
static u32 lapic_read(u32 off)
{
	return READ_ONCE(*(u32 *)maddr_to_virt(LAPIC_BASE + off));
}

static void lapic_write(u32 off, u32 val)
{
	WRITE_ONCE(*(u32 *)maddr_to_virt(LAPIC_BASE + off), val);
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/* Busy-wait CALIBRATE_MS on PIT channel 2; return TSC and LAPIC deltas. */
static void pit_calibrate(u64 *tsc_delta, u64 *lapic_delta)
{
	u32 count = PIT_HZ * CALIBRATE_MS / 1000;
	u64 t0;
	u32 l0;

	port_out8(0x61, (port_in8(0x61) & ~0x02) | 0x01);
	port_out8(0x43, 0xb0);		/* channel 2, mode 0, binary */
	port_out8(0x42, count & 0xff);
	port_out8(0x42, count >> 8);
	lapic_write(LAPIC_TDCR, 0x3);	/* divide by 16 */
	lapic_write(LAPIC_LVT_TIMER, 1 << 16);	/* masked */
	lapic_write(LAPIC_TMICT, 0xffffffff);
	l0 = lapic_read(LAPIC_TMCCT);
	t0 = rdtsc();
	while (!(port_in8(0x61) & 0x20))
		;
	*tsc_delta = rdtsc() - t0;
	*lapic_delta = l0 - lapic_read(LAPIC_TMCCT);
}

/* ns = ((tsc << shift) * mul) >> 32, or >> -shift when shift < 0 */
static void set_scale(u64 khz)
{
	u64 num = 1000000, den = khz;
	int shift = 0;

	while (num >= den) {
		den <<= 1;
		shift++;
	}
	while (num < den / 2 && shift > -31) {
		num <<= 1;
		shift--;
	}
	tsc_mul = (u32)((num << 32) / den);
	tsc_shift = shift;
}

static u64 scale_delta(u64 delta)
{
	if (tsc_shift >= 0)
		delta <<= tsc_shift;
	else
		delta >>= -tsc_shift;
	return (u64)(((__uint128_t)delta * tsc_mul) >> 32);
}

u64 now_ns(void)
{
	return scale_delta(rdtsc() - tsc_at_boot);
}

static unsigned int cmos_bcd(u8 reg)
{
	u8 v;

	port_out8(0x70, reg);
	v = port_in8(0x71);
	return (v & 0xf) + (v >> 4) * 10;
}

/* Seconds since 1970 from the RTC (BCD, 24 hour, as QEMU sets it). */
static u64 read_rtc(void)
{
	static const u16 mdays[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243,
				     273, 304, 334 };
	unsigned int y = 2000 + cmos_bcd(9), mon = cmos_bcd(8);
	u64 days;

	if (mon < 1 || mon > 12)
		return 0;
	days = (y - 1970) * 365 + (y - 1969) / 4 + mdays[mon - 1] +
	       cmos_bcd(7) - 1;
	if (mon > 2 && y % 4 == 0)
		days++;
	return days * 86400 + cmos_bcd(4) * 3600 + cmos_bcd(2) * 60 +
	       cmos_bcd(0);
}

void time_init(void)
{
	u64 dt, dl;

	port_out8(0x21, 0xff);		/* mask the legacy PICs */
	port_out8(0xa1, 0xff);
	lapic_write(LAPIC_SVR, 0x100 | LAPIC_SPURIOUS_VECTOR);
	pit_calibrate(&dt, &dl);
	tsc_khz = dt / CALIBRATE_MS;
	lapic_khz = dl / CALIBRATE_MS;
	if (!tsc_khz || !lapic_khz)
		panic("cannot calibrate the TSC (%lu) or LAPIC timer (%lu)",
		      dt, dl);
	set_scale(tsc_khz);
	tsc_at_boot = rdtsc();
	boot_wallclock = read_rtc();
	lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_VECTOR);	/* one-shot */
	pr_info("time: TSC %lu kHz, LAPIC timer %lu kHz\n", tsc_khz,
		lapic_khz);
}

/* Arm the one-shot timer for @deadline (system time, ns). */
void timer_program(u64 deadline)
{
	u64 now = now_ns(), ticks;

	/* the profiler's tick; timer_interrupt() sees it is early */
	if (profile_period_ns && deadline > now + profile_period_ns)
		deadline = now + profile_period_ns;
	ticks = deadline > now ? (deadline - now) * lapic_khz / 1000000 : 1;
	if (!ticks)
		ticks = 1;
	if (ticks > 0xffffffff)
		ticks = 0xffffffff;
	lapic_write(LAPIC_TMICT, (u32)ticks);
}

/* Publish system time to a vCPU (the guest reads it lock-free). */
void time_update_vcpu(struct vcpu *v)
{
	struct vcpu_time_info *t = &v->vcpu_info->time;
	u64 tsc = rdtsc();

	t->version++;
	asm volatile("" : : : "memory");
	t->tsc_timestamp = tsc;
	t->system_time = scale_delta(tsc - tsc_at_boot);
	t->tsc_to_system_mul = tsc_mul;
	t->tsc_shift = tsc_shift;
	t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
	asm volatile("" : : : "memory");
	t->version++;
}

void time_update_wallclock(struct shared_info *s)
{
	s->wc_version++;
	asm volatile("" : : : "memory");
	s->wc_sec = (u32)boot_wallclock;
	s->wc_sec_hi = (u32)(boot_wallclock >> 32);
	s->wc_nsec = 0;
	asm volatile("" : : : "memory");
	s->wc_version++;
}

/*
 * Xen's time leaf.  hv-stub never emulates, offsets or rescales the TSC:
 * a guest's rdtsc reads the machine's TSC.  As on Xen, the guest TSC
 * frequency (sub-leaf 0 ECX) and the scale and offset (sub-leaf 1) are
 * those of an emulated TSC, so they read 0; the machine's frequency is in
 * sub-leaf 2.  The host TSC is called reliable only where the CPU says it
 * is invariant.
 */
void time_cpuid(u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	u32 max, x, y, z, w;

	*a = *b = *c = *d = 0;
	if (sub == 2) {
		*a = (u32)tsc_khz;
		return;
	}
	if (sub != 0)
		return;
	cpuid_count(0x80000000, 0, &max, &y, &z, &w);
	if (max >= 0x80000001) {
		cpuid_count(0x80000001, 0, &x, &y, &z, &w);
		if (w & (1u << 27))
			*a |= XEN_CPUID_RDTSCP_INSTR_AVAIL;
	}
	if (max >= 0x80000007) {
		cpuid_count(0x80000007, 0, &x, &y, &z, &w);
		if (w & (1u << 8))
			*a |= XEN_CPUID_HOST_TSC_RELIABLE;
	}
	*b = XEN_CPUID_TSC_MODE_NEVER_EMULATE;
}
