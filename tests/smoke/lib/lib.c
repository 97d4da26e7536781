// SPDX-License-Identifier: GPL-2.0
/*
 * Smoke-kernel runtime: console output, the result line, start of day and
 * trap dispatch.
 *
 * Every trap lands in trap_dispatch() with the frame Xen bounced to us.  A
 * test's trap_hook sees it first; otherwise a fault at a rip listed in the
 * exception table resumes at its fixup; anything else is an unexpected
 * trap and ends the test with ERROR.
 */
#include "smoke.h"

struct start_info *start_info;
struct shared_info *shared;
unsigned long *p2m;
struct trap_record last_trap;
int (*trap_hook)(struct trap_frame *f);
unsigned long events_seen;

static _Alignas(PAGE_SIZE) char shared_page[PAGE_SIZE];

void *memset(void *p, int c, unsigned long n)
{
	unsigned char *d = p;

	while (n--)
		*d++ = c;
	return p;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

int memcmp(const void *a, const void *b, unsigned long n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

static void console_write(const char *s, unsigned long len)
{
	HYPERVISOR_console_io(CONSOLEIO_write, len, s);
}

int snprintf(char *buf, unsigned long size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void cprintf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, n);
}

static __noreturn void shutdown(unsigned int reason)
{
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &reason);
}

void test_result(enum result r, const char *fmt, ...)
{
	static const char * const names[] = {
		"SUCCESS", "FAILURE", "ERROR", "SKIP"
	};
	char buf[256];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "Test result: %s ", names[r]);
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	console_write(buf, n);
	shutdown(SHUTDOWN_poweroff);
}

static unsigned long search_extable(unsigned long rip)
{
	const struct extable_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == rip)
			return e->fixup;
	return 0;
}

static void record_trap(struct trap_frame *f)
{
	last_trap.count++;
	last_trap.vector = f->vector;
	last_trap.error_code = f->error_code;
	last_trap.rip = f->rip;
	last_trap.cs = f->cs;
	last_trap.rflags = f->rflags;
	last_trap.rsp = f->rsp;
	last_trap.cr2 = f->vector == 14 ? shared->vcpu_info[0].cr2 : 0;
}

void trap_dispatch(struct trap_frame *f)
{
	unsigned long fixup;

	if (f->vector == VEC_EVENT) {
		WRITE_ONCE(events_seen, events_seen + 1);
		if (trap_hook && trap_hook(f))
			return;
		WRITE_ONCE(shared->vcpu_info[0].evtchn_upcall_pending, 0);
		return;
	}
	record_trap(f);
	if (trap_hook && trap_hook(f))
		return;
	fixup = search_extable(f->rip);
	if (fixup) {
		f->rip = fixup;
		return;
	}
	test_result(ERROR, "unexpected trap %lu ec %lx at %lx cr2 %lx",
		    f->vector, f->error_code, f->rip, last_trap.cr2);
}

/* frame: rcx, r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss */
void failsafe_dispatch(const unsigned long *frame)
{
	test_result(ERROR, "failsafe callback (rip %lx cs %lx)", frame[6],
		    frame[7]);
}

int evtchn_test_and_clear(unsigned int port)
{
	unsigned long *word = &shared->evtchn_pending[port / 64];
	unsigned char was;

	asm volatile("lock btrq %2, %0"
		     : "+m" (*word), "=@ccc" (was)
		     : "r" ((unsigned long)port % 64)
		     : "memory");
	return was;
}

void evtchn_unmask(unsigned int port)
{
	u32 p = port;

	HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &p);
}

/* pvclock: system_time + scaled TSC delta, read under an even version. */
u64 system_time_ns(void)
{
	struct vcpu_time_info *t = &shared->vcpu_info[0].time;
	u64 delta, st;
	u32 v, mul;
	s8 shift;

	do {
		v = READ_ONCE(t->version);
		barrier();
		st = t->system_time;
		delta = rdtsc() - t->tsc_timestamp;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		barrier();
	} while ((v & 1) || v != READ_ONCE(t->version));
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return st + (u64)(((__uint128_t)delta * mul) >> 32);
}

/* Our handler for exception vector @v; int3 and into allowed from ring 3. */
static void fill_trap(struct trap_info *t, int v)
{
	t->vector = v;
	t->flags = (v == 3 || v == 4) ? 3 : 0;
	t->cs = FLAT_KERNEL_CS;
	t->address = trap_stubs[v];
}

static int install_traps(void)
{
	static struct trap_info table[33];
	struct callback_register cb = { .type = CALLBACKTYPE_event };
	int v;
	long rc;

	for (v = 0; v < 32; v++)
		fill_trap(&table[v], v);
	rc = HYPERVISOR_set_trap_table(table);
	if (rc)
		return rc;
	cb.address = (unsigned long)event_entry;
	rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
	if (rc)
		return rc;
	cb.type = CALLBACKTYPE_failsafe;
	cb.address = (unsigned long)failsafe_entry;
	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

void vcpu_context_init(struct vcpu_guest_context *c, unsigned int id,
		       void (*entry)(void), void *stack_top)
{
	int v;

	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel;
	c->user_regs.rip = (unsigned long)entry;
	/* as a call leaves it: 8 below a 16-byte boundary */
	c->user_regs.rsp = ((unsigned long)stack_top & ~15UL) - 8;
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->user_regs.rflags = 0x202;	/* IF and the fixed bit 1 */
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = c->user_regs.rsp;
	for (v = 0; v < 32; v++)
		fill_trap(&c->trap_ctxt[v], v);
	c->ctrlreg[3] = l4_mfn() << PAGE_SHIFT;
	c->event_callback_eip = (unsigned long)event_entry;
	c->failsafe_callback_eip = (unsigned long)failsafe_entry;
	WRITE_ONCE(shared->vcpu_info[id].evtchn_upcall_mask, 1);
}

void smoke_start(struct start_info *si)
{
	long rc;

	start_info = si;
	p2m = (unsigned long *)si->mfn_list;
	rc = HYPERVISOR_update_va_mapping((unsigned long)shared_page,
					  si->shared_info | _PAGE_PRESENT |
					  _PAGE_RW | _PAGE_ACCESSED |
					  _PAGE_DIRTY | _PAGE_NX, UVMF_INVLPG);
	if (rc)
		test_result(ERROR, "cannot map shared_info: %ld", rc);
	shared = (struct shared_info *)shared_page;
	rc = install_traps();
	if (rc)
		test_result(ERROR, "cannot install traps: %ld", rc);
	test_main();
	test_result(ERROR, "test_main returned");
}
