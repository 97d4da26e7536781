// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual NMIs and machine checks (hv-stub/arch/x86_64/async_exc.c) with
 * Xen 4.17's rules: latched one per kind, masked from delivery to the
 * guest's iret, machine check before NMI, nested ones unwound in order,
 * an NMI without a handler dropped, a vMCE without one crashing the
 * domain.  inject_trap(), vcpu_wake() and domain_crash() are recorded.
 */
#include "env.h"
#include "../../hv-stub/arch/x86_64/async_exc.c"

#define SUITE	"async_exc"
#define CHECK(name, ok, ...)	unit_check(SUITE, name, ok, __VA_ARGS__)

#define HANDLER	0xffffffff81001000ull

static struct domain dom;
static struct vcpu vc;
static unsigned int bounced[8], nr_bounced, woken, crashes, strays;

/* Each bounce's vector; one with an error code or elsewhere is a stray. */
void inject_trap(struct vcpu *v, unsigned int vec, bool has_err, u32 err)
{
	if (v != &vc || has_err || err)
		strays++;
	if (nr_bounced < ARRAY_SIZE(bounced))
		bounced[nr_bounced] = vec;
	nr_bounced++;
}

void vcpu_wake(struct vcpu *v)
{
	woken += v == &vc;
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	unit_vlog(fmt, ap);
	va_end(ap);
	crashes++;
	d->dying = true;
}

/* A running vCPU 0 with the handlers asked for (trap 2, trap 18). */
static void reset(bool nmi_handler, bool mce_handler)
{
	memset(&dom, 0, sizeof(dom));
	memset(&vc, 0, sizeof(vc));
	vc.d = &dom;
	vc.state = VCPU_RUNNABLE;
	vc.traps[X86_EXC_NMI].address = nmi_handler ? HANDLER : 0;
	vc.traps[X86_EXC_MC].address = mce_handler ? HANDLER + 64 : 0;
	nr_bounced = woken = crashes = 0;
}

static const char *why;

static int raise(enum async_exc_kind kind)
{
	return async_exc_raise(&vc, kind, &why);
}

static void test_nmi(void)
{
	reset(true, false);
	raise(ASYNC_EXC_NMI);
	async_exc_deliver(&vc);
	CHECK("nmi_delivered", nr_bounced == 1 && bounced[0] == X86_EXC_NMI &&
	      woken == 1 && !crashes, "%u bounces (first %u), %u wakes",
	      nr_bounced, bounced[0], woken);
	async_exc_deliver(&vc);
	CHECK("nmi_once", nr_bounced == 1, "delivered %u times", nr_bounced);

	/* raised twice inside the handler: held, then one after the iret */
	raise(ASYNC_EXC_NMI);
	raise(ASYNC_EXC_NMI);
	async_exc_deliver(&vc);
	CHECK("nmi_masked_until_iret", nr_bounced == 1, "%u bounces",
	      nr_bounced);
	async_exc_iret(&vc);
	async_exc_deliver(&vc);
	CHECK("nmi_latched_one", nr_bounced == 2 && !vc.async.pending,
	      "%u bounces, pending %#x", nr_bounced, vc.async.pending);
	async_exc_iret(&vc);
	async_exc_iret(&vc);
	async_exc_deliver(&vc);
	CHECK("nmi_unmasked", nr_bounced == 2 && !vc.async.mask,
	      "%u bounces, mask %#x", nr_bounced, vc.async.mask);
}

static void test_nmi_no_handler(void)
{
	reset(false, false);
	CHECK("nmi_no_handler_raised", !raise(ASYNC_EXC_NMI),
	      "raise refused");
	async_exc_deliver(&vc);
	CHECK("nmi_no_handler_dropped", !nr_bounced && !crashes &&
	      !vc.async.pending && !vc.async.mask,
	      "%u bounces, %u crashes, pending %#x, mask %#x", nr_bounced,
	      crashes, vc.async.pending, vc.async.mask);
}

static void test_nmi_vcpu_down(void)
{
	reset(true, true);
	vc.state = VCPU_DOWN;
	CHECK("nmi_vcpu_down_held", !raise(ASYNC_EXC_NMI) &&
	      vc.async.pending == 1u << ASYNC_EXC_NMI, "pending %#x",
	      vc.async.pending);
}

static void test_vmce_refused(void)
{
	int rc;

	reset(true, false);
	rc = raise(ASYNC_EXC_MCE);
	CHECK("vmce_no_handler_crashes", rc == -ENOENT && crashes == 1 &&
	      !vc.async.pending, "rc %d, %u crashes", rc, crashes);

	reset(true, true);
	vc.state = VCPU_DOWN;
	rc = raise(ASYNC_EXC_MCE);
	CHECK("vmce_vcpu_down_crashes", rc == -ESRCH && crashes == 1,
	      "rc %d, %u crashes", rc, crashes);

	reset(true, true);
	rc = raise(ASYNC_EXC_MCE);
	rc = rc ? rc : raise(ASYNC_EXC_MCE);
	CHECK("vmce_twice_pending_crashes", rc == -EBUSY && crashes == 1,
	      "rc %d, %u crashes (%s)", rc, crashes, why);
	async_exc_deliver(&vc);
	CHECK("vmce_crashed_not_delivered", !nr_bounced, "%u bounces",
	      nr_bounced);
}

/* Both pending: #MC first, the NMI on top of it; irets unwind NMI first. */
static void test_nesting(void)
{
	reset(true, true);
	raise(ASYNC_EXC_NMI);
	raise(ASYNC_EXC_MCE);
	async_exc_deliver(&vc);
	CHECK("mce_then_nmi", nr_bounced == 2 && bounced[0] == X86_EXC_MC &&
	      bounced[1] == X86_EXC_NMI, "%u bounces: %u, %u", nr_bounced,
	      bounced[0], bounced[1]);
	async_exc_iret(&vc);
	CHECK("iret_unmasks_nmi_first", vc.async.mask == 1u << ASYNC_EXC_MCE,
	      "mask %#x", vc.async.mask);
	async_exc_iret(&vc);
	CHECK("iret_unmasks_mce", !vc.async.mask, "mask %#x", vc.async.mask);

	/* an NMI inside the #MC handler, a second vMCE held meanwhile */
	reset(true, true);
	raise(ASYNC_EXC_MCE);
	async_exc_deliver(&vc);
	raise(ASYNC_EXC_MCE);
	raise(ASYNC_EXC_NMI);
	async_exc_deliver(&vc);
	CHECK("nmi_inside_mce", nr_bounced == 2 && bounced[1] == X86_EXC_NMI &&
	      !crashes, "%u bounces, %u crashes", nr_bounced, crashes);
	async_exc_iret(&vc);
	async_exc_deliver(&vc);
	CHECK("mce_held_in_mce", nr_bounced == 2, "%u bounces", nr_bounced);
	async_exc_iret(&vc);
	async_exc_deliver(&vc);
	CHECK("mce_after_its_iret", nr_bounced == 3 &&
	      bounced[2] == X86_EXC_MC, "%u bounces", nr_bounced);
}

int main(void)
{
	test_nmi();
	test_nmi_no_handler();
	test_nmi_vcpu_down();
	test_vmce_refused();
	test_nesting();
	CHECK("bounces_plain", !strays, "%u with an error code or elsewhere",
	      strays);
	return unit_failed ? 1 : 0;
}
