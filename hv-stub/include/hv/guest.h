/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Access to guest virtual memory from hypervisor context.  Addresses come
 * from the guest: the range is refused if it touches the hypervisor's
 * slots, and a fault on the access itself is caught by the exception
 * table and returned as -EFAULT.
 */
#ifndef HV_GUEST_H
#define HV_GUEST_H

#include <hv/types.h>

/* exception table entry: a fault at insn resumes at fixup */
struct ex_entry {
	u64 insn, fixup;
};

extern const struct ex_entry __start_ex_table[], __stop_ex_table[];

int copy_from_guest(void *dst, u64 gva, size_t len);
int copy_to_guest(u64 gva, const void *src, size_t len);
bool guest_range_ok(u64 gva, size_t len);
bool fixup_exception(u64 *rip);

#endif
