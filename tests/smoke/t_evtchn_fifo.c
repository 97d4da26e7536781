// SPDX-License-Identifier: GPL-2.0
/*
 * The FIFO event channel sub-ops.  Before EVTCHNOP_init_control a
 * domain is 2-level, and Xen 4.17 answers EVTCHNOP_expand_array with
 * -EOPNOTSUPP and EVTCHNOP_set_priority with -EINVAL (port out of range)
 * or -ENOSYS (2-level ports have no priority): hv-stub must answer the
 * same.  init_control itself differs by hypervisor: Xen 4.17 always has
 * the FIFO ABI (it has no option to turn it off), hv-stub has none and
 * refuses it with -ENOSYS, as a Xen built without it does, which makes
 * Linux fall back to 2-level.  So where init_control is -ENOSYS the test
 * checks every later call is too and the domain stays 2-level; where it
 * is not, it checks Xen's argument checks, then a valid control block,
 * after which set_priority works on a bound port (-EINVAL beyond the
 * lowest priority, -EACCES on a closed one).
 */
#include "smoke.h"

#define EVTCHNOP_init_control	11
#define EVTCHNOP_expand_array	12
#define EVTCHNOP_set_priority	13
#define XEN_EOPNOTSUPP		95
#define EVTCHN_FIFO_PRIORITY_MIN 15
#define CONTROL_BLOCK_SIZE	72	/* ready, _rsvd, 16 queue heads */
#define BAD_GFN			(1ul << 40)

struct init_control {
	u64 control_gfn;
	u32 offset;
	u32 vcpu;
	u8 link_bits;
	u8 pad[7];
};

struct set_priority {
	u32 port;
	u32 priority;
};

static long init_control(u64 gfn, u32 offset, u32 vcpu, u8 *link_bits)
{
	struct init_control ic = { gfn, offset, vcpu, 0xff };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic);

	if (link_bits)
		*link_bits = ic.link_bits;
	return rc;
}

static long expand(u64 gfn)
{
	return HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &gfn);
}

static long set_priority(u32 port, u32 priority)
{
	struct set_priority sp = { port, priority };

	return HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &sp);
}

#define EXPECT(call, want) do {						\
	long __rc = (call);						\
	if (__rc != (want))						\
		test_result(FAILURE, "%s: %ld, want %ld", #call, __rc,	\
			    (long)(want));				\
} while (0)

/* What a 2-level domain gets, on Xen 4.17 and on hv-stub alike. */
static void check_2level(void *page)
{
	EXPECT(HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, NULL),
	       -XEN_EFAULT);
	EXPECT(expand(virt_to_mfn(page)), -XEN_EOPNOTSUPP);
	EXPECT(HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, NULL),
	       -XEN_EFAULT);
	EXPECT(set_priority(1, 7), -XEN_ENOSYS);
	EXPECT(set_priority(4096, 7), -XEN_EINVAL);
	EXPECT(set_priority(0xffffffff, 7), -XEN_EINVAL);
}

static __noreturn void no_fifo(void *page)
{
	EXPECT(init_control(virt_to_mfn(page), 0, 0, NULL), -XEN_ENOSYS);
	EXPECT(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, NULL),
	       -XEN_ENOSYS);
	check_2level(page);
	test_result(SUCCESS, "no FIFO ABI: init_control -ENOSYS, 2-level answers as Xen's");
}

static __noreturn void fifo(void *page, void *array)
{
	struct evtchn_alloc_unbound au = { DOMID_SELF, DOMID_SELF, 0 };
	u64 gfn = virt_to_mfn(page);
	u32 port;
	u8 bits = 0;

	EXPECT(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
	port = au.port;

	EXPECT(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, NULL),
	       -XEN_EFAULT);
	EXPECT(init_control(gfn, PAGE_SIZE - CONTROL_BLOCK_SIZE + 8, 0, NULL),
	       -XEN_EINVAL);
	EXPECT(init_control(gfn, 4, 0, NULL), -XEN_EINVAL);
	EXPECT(init_control(BAD_GFN, 0, 0, NULL), -XEN_EINVAL);
	/* a page table is not a writable page */
	EXPECT(init_control(l4_mfn(), 0, 0, NULL), -XEN_EINVAL);
	/* nothing so far has left 2-level */
	check_2level(array);
	EXPECT(init_control(gfn, PAGE_SIZE - CONTROL_BLOCK_SIZE, 0, &bits), 0);
	if (bits != 17)
		test_result(FAILURE, "link_bits %u, want 17", bits);
	EXPECT(init_control(gfn, 0, 0, NULL), -XEN_EINVAL);
	EXPECT(expand(virt_to_mfn(array)), 0);
	EXPECT(set_priority(port, EVTCHN_FIFO_PRIORITY_MIN + 1), -XEN_EINVAL);
	EXPECT(set_priority(port, 7), 0);
	/* a closed port is in range but has no priority to set */
	EXPECT(HYPERVISOR_event_channel_op(EVTCHNOP_close, &port), 0);
	EXPECT(set_priority(port, 7), -XEN_EACCES);
	test_result(SUCCESS, "FIFO ABI: argument checks as Xen 4.17, link_bits %u",
		    bits);
}

void test_main(void)
{
	void *page = page_alloc(), *array = page_alloc();
	long rc;

	memset(page, 0, PAGE_SIZE);
	memset(array, 0, PAGE_SIZE);
	check_2level(array);
	/* an absent vCPU: -ENOENT from Xen, -ENOSYS without FIFO */
	rc = init_control(virt_to_mfn(page), 0, 1000, NULL);
	if (rc == -XEN_ENOSYS)
		no_fifo(page);
	if (rc != -XEN_ENOENT)
		test_result(FAILURE, "init_control(vcpu 1000): %ld", rc);
	fifo(page, array);
}
