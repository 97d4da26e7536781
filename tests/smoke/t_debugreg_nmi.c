// SPDX-License-Identifier: GPL-2.0
/*
 * The NMI callback (CALLBACKTYPE_nmi) registers and unregisters as on
 * Xen 4.17; unregistering any other callback is -EINVAL, and an unknown
 * callback type -ENOSYS.  Nothing here raises an NMI.
 */
#include "smoke.h"

#define CALLBACKOP_unregister	1
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi	4

struct callback_unregister {
	u16 type;
	u16 pad;
};

static void nmi_entry(void)
{
}

static long reg_cb(unsigned int type, unsigned long addr)
{
	struct callback_register cb = { .type = type, .address = addr };

	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

static long unreg_cb(unsigned int type)
{
	struct callback_unregister cb = { .type = type };

	return HYPERVISOR_callback_op(CALLBACKOP_unregister, &cb);
}

static void expect(const char *what, long rc, long want)
{
	if (rc != want)
		test_result(FAILURE, "%s = %ld, want %ld", what, rc, want);
}

void test_main(void)
{
	events_disable();
	expect("register nmi", reg_cb(CALLBACKTYPE_nmi,
				      (unsigned long)nmi_entry), 0);
	expect("register nmi non-canonical",
	       reg_cb(CALLBACKTYPE_nmi, 0x0000800000000000UL), -XEN_EINVAL);
	expect("unregister nmi", unreg_cb(CALLBACKTYPE_nmi), 0);
	expect("unregister nmi again", unreg_cb(CALLBACKTYPE_nmi), 0);
	expect("unregister event", unreg_cb(CALLBACKTYPE_event), -XEN_EINVAL);
	expect("unregister syscall", unreg_cb(CALLBACKTYPE_syscall),
	       -XEN_EINVAL);
	expect("register type 3",
	       reg_cb(CALLBACKTYPE_sysenter_deprecated,
		      (unsigned long)nmi_entry), -XEN_ENOSYS);
	expect("unregister type 6", unreg_cb(6), -XEN_ENOSYS);
	test_result(SUCCESS, "nmi callback registers; others refused as on Xen");
}
