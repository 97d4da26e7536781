/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sampling profiler (core/profile.c), on with the option profile=HZ:
 * the LAPIC timer also fires HZ times a second, and each tick records
 * where the CPU was: guest kernel, guest user or hv-stub itself, with the
 * instruction pointer and the domain.  The control channel's "profile"
 * command prints the samples (scripts/hvprof turns them into functions).
 * Under QEMU's TCG an interrupt is taken only between translated blocks,
 * so a sample names the block the time was spent in, TLB refills
 * included.
 */
#ifndef HV_PROFILE_H
#define HV_PROFILE_H

#include <hv/types.h>

struct cpu_user_regs;

/* 0 when profiling is off: the timer need not fire before this much. */
extern u64 profile_period_ns;

void profile_init(unsigned int hz);
/* A timer tick interrupted @regs. */
void profile_sample(const struct cpu_user_regs *regs);

enum profile_where { PROFILE_HV, PROFILE_KERNEL, PROFILE_USER };

/* Every recorded (domain, where, rip) with its count, to @out. */
typedef void (*profile_line_fn)(const char *fmt, ...);
void profile_report(profile_line_fn out);
void profile_reset(void);

#endif
