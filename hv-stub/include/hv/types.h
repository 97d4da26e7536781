/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basic types shared by the freestanding hv-stub build and the hosted unit
 * tests.  Only compiler-provided headers are used, so the same pure .c file
 * compiles unchanged in both environments.
 */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* The kernel's compiler_attributes.h spellings. */
#define __hv_attr(x) __attribute__((x))
#ifndef __packed
#define __packed __hv_attr(__packed__)
#endif
#ifndef __aligned
#define __aligned(x) __hv_attr(__aligned__(x))
#endif
#ifndef __noreturn
#define __noreturn __hv_attr(__noreturn__)
#endif
#ifndef __printf
#define __printf(a, b) __hv_attr(format(printf, a, b))
#endif
/* on the system-call and hypercall fast path: grouped in .text.hot */
#ifndef __hot
#define __hot __hv_attr(__hot__)
#endif
#ifndef __maybe_unused
#define __maybe_unused __hv_attr(__unused__)
#endif

/* one access, not torn or cached in a register (shared or MMIO memory) */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON: " #cond)

#define min(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); \
		     (void)(&_a == &_b); _a < _b ? _a : _b; })
#define max(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); \
		     (void)(&_a == &_b); _a > _b ? _a : _b; })

#endif /* HV_TYPES_H */
