/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time: system time is nanoseconds since boot, derived from the TSC,
 * calibrated against the PIT; the LAPIC timer wakes the scheduler.
 */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <hv/types.h>
#include <public/xen.h>

struct vcpu;

void time_init(void);
u64 now_ns(void);
void timer_program(u64 deadline_ns);
void time_update_vcpu(struct vcpu *v);
void time_update_wallclock(struct shared_info *s);
void time_cpuid(u32 sub, u32 *a, u32 *b, u32 *c, u32 *d);
extern u64 tsc_khz;

#define LAPIC_TIMER_VECTOR	0xf0
#define LAPIC_SPURIOUS_VECTOR	0xff

void lapic_eoi(void);

#endif
