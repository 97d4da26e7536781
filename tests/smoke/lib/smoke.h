/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Smoke-kernel library: hypercalls, console output, the result line,
 * trap handling with an exception table, and page-table helpers.
 *
 * A smoke kernel defines test_main(); the library maps shared_info,
 * installs a trap handler for every exception vector and the event and
 * failsafe callbacks, then calls it.  test_main() ends the domain with
 * test_result(), which prints the single result line and powers off.
 */
#ifndef SMOKE_H
#define SMOKE_H

#include <stdarg.h>
#include "xen.h"

#define NULL ((void *)0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __noreturn _Noreturn
/* Our stand-in for the kernel's compiler_attributes.h definition. */
#define __smoke_attr(x) __attribute__((x))
#define __printf(a, b) __smoke_attr(format(printf, a, b))
#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

static inline void barrier(void)
{
	asm volatile("" ::: "memory");
}

#define VIRT_BASE 0xffffffff80000000UL

enum result { SUCCESS, FAILURE, ERROR, SKIP };

/* Pseudo vectors for the callbacks, next to the 32 exception vectors. */
#define VEC_EVENT	256
#define VEC_SYSCALL	257

/* What the entry stubs save; the tail is Xen's bounce frame. */
struct trap_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error_code;
	u64 rip, cs, rflags, rsp, ss;
};

struct trap_record {
	unsigned long count;
	unsigned long vector;
	unsigned long error_code;
	unsigned long rip;
	unsigned long cs;
	unsigned long rflags;
	unsigned long rsp;
	unsigned long cr2;
};

/* Set by the library before test_main() runs. */
extern struct start_info *start_info;
extern struct shared_info *shared;
extern unsigned long *p2m;
extern struct trap_record last_trap;
extern unsigned long boot_rsp, boot_rflags, boot_cs, boot_ss;
extern char hypercall_page[];

/*
 * A test may handle traps itself: return 1 if handled (the frame may be
 * changed), 0 to fall back to the exception table.
 */
extern int (*trap_hook)(struct trap_frame *f);


void test_main(void);
__noreturn void test_result(enum result r, const char *fmt, ...)
	__printf(2, 3);
void cprintf(const char *fmt, ...) __printf(1, 2);
int snprintf(char *buf, unsigned long size, const char *fmt, ...)
	__printf(3, 4);
int vsnprintf(char *buf, unsigned long size, const char *fmt, va_list ap);
void *memset(void *p, int c, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);

/* Exception-table probes: 0, or -XEN_EFAULT with the fault in last_trap. */
int probe_read(const void *addr, unsigned long *val);
int probe_write(void *addr, unsigned long val);
int probe_inb(unsigned int port, unsigned long *val);
__noreturn void iret_to(unsigned long rip, unsigned long cs,
			unsigned long rflags, unsigned long rsp,
			unsigned long ss);

/* The address of an asm label defined in this file. */
#define LABEL(name) ({							\
	unsigned long addr_;						\
	asm("leaq " #name "(%%rip), %0" : "=r" (addr_));		\
	addr_;								\
})

/* Ring-3 code for t_user_mode: syscall with rax 18, rdi 0x5ca11. */
void user_syscall(void);
extern char user_syscall_ret[];

struct extable_entry {
	unsigned long insn;
	unsigned long fixup;
};

extern const struct extable_entry __start___ex_table[], __stop___ex_table[];

/* Entry stubs (entry.S), used to build trap tables. */
extern const unsigned long trap_stubs[32];
void event_entry(void);
void syscall_entry(void);
void failsafe_entry(void);

static inline long hypercall5(unsigned long nr, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4, unsigned long a5)
{
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	long ret;

	asm volatile("syscall"
		     : "=a" (ret), "+D" (a1), "+S" (a2), "+d" (a3),
		       "+r" (r10), "+r" (r8)
		     : "0" (nr)
		     : "rcx", "r11", "r9", "memory");
	return ret;
}

#define hypercall(nr, a1, a2, a3) \
	hypercall5(nr, (unsigned long)(a1), (unsigned long)(a2), \
		   (unsigned long)(a3), 0, 0)

static inline long HYPERVISOR_console_io(int cmd, int len, const char *s)
{
	return hypercall(__HYPERVISOR_console_io, cmd, len, s);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_sched_op, cmd, arg, 0);
}

static inline long HYPERVISOR_mmu_update(struct mmu_update *req, int count,
					 int *done, unsigned int domid)
{
	return hypercall5(__HYPERVISOR_mmu_update, (unsigned long)req, count,
			  (unsigned long)done, domid, 0);
}

static inline long HYPERVISOR_mmuext_op(struct mmuext_op *op, int count,
					int *done, unsigned int domid)
{
	return hypercall5(__HYPERVISOR_mmuext_op, (unsigned long)op, count,
			  (unsigned long)done, domid, 0);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va, u64 pte,
						unsigned long flags)
{
	return hypercall(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_xen_version, cmd, arg, 0);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_event_channel_op, cmd, arg, 0);
}

static inline long HYPERVISOR_vcpu_op(int cmd, int vcpu, void *arg)
{
	return hypercall(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long HYPERVISOR_memory_op(int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_memory_op, cmd, arg, 0);
}

static inline long HYPERVISOR_callback_op(int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_callback_op, cmd, arg, 0);
}

static inline long HYPERVISOR_vm_assist(int cmd, int type)
{
	return hypercall(__HYPERVISOR_vm_assist, cmd, type, 0);
}

static inline long HYPERVISOR_multicall(struct multicall_entry *calls, int n)
{
	return hypercall(__HYPERVISOR_multicall, calls, n, 0);
}

static inline long HYPERVISOR_set_trap_table(const struct trap_info *t)
{
	return hypercall(__HYPERVISOR_set_trap_table, t, 0, 0);
}

static inline long HYPERVISOR_set_segment_base(int which, unsigned long base)
{
	return hypercall(__HYPERVISOR_set_segment_base, which, base, 0);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
	return hypercall(__HYPERVISOR_fpu_taskswitch, set, 0, 0);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
	return hypercall(__HYPERVISOR_stack_switch, ss, sp, 0);
}

static inline long HYPERVISOR_grant_table_op(int cmd, void *arg, int count)
{
	return hypercall(__HYPERVISOR_grant_table_op, cmd, arg, count);
}

static inline long HYPERVISOR_set_timer_op(u64 timeout)
{
	return hypercall(__HYPERVISOR_set_timer_op, timeout, 0, 0);
}

static inline long HYPERVISOR_update_descriptor(u64 maddr, u64 desc)
{
	return hypercall(__HYPERVISOR_update_descriptor, maddr, desc, 0);
}

/* MMUEXT_SET_LDT: @ents descriptors at @va (0, 0: no LDT). */
static inline long set_ldt(unsigned long va, unsigned int ents)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };
	int done = 0;

	op.arg1.linear_addr = va;
	op.arg2.nr_ents = ents;
	return HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
}

/* PHYSDEVOP_set_iopl: the virtual IOPL. */
static inline long set_iopl(unsigned int iopl)
{
	u32 arg = iopl;

	return hypercall(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &arg, 0);
}

/* CR4 as the guest kernel sees it (MOV to and from CR4 are emulated). */
#define X86_CR4_DE	0x8UL

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(unsigned long v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/* Page tables (mm.c). */
#define PT_LEVELS 4

static inline unsigned int pt_index(unsigned long va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

static inline unsigned long virt_to_pfn(const void *va)
{
	return ((unsigned long)va - VIRT_BASE) >> PAGE_SHIFT;
}

static inline unsigned long virt_to_mfn(const void *va)
{
	return p2m[virt_to_pfn(va)];
}

static inline unsigned long mfn_to_pfn(unsigned long mfn)
{
	return ((unsigned long *)MACH2PHYS_VIRT_START)[mfn];
}

unsigned long l4_mfn(void);
void *mfn_to_virt(unsigned long mfn);
u64 *pte_lookup(unsigned long va, int level);
u64 pte_maddr(unsigned long va, int level);
void *page_alloc(void);
int page_set_ro(void *page, int ro);
int map_page(unsigned long va, unsigned long mfn, u64 flags);
long mmu_update1(u64 ptr, u64 val);
long mmuext1(unsigned int cmd, unsigned long arg1);
unsigned long foreign_mfn(void);

/* A fresh virtual address, nowhere mapped, with an L1 table behind it. */
unsigned long scratch_va(int n);

/*
 * The first context of secondary vCPU @id for VCPUOP_initialise (lib.c):
 * kernel mode on our page tables, at @entry (which must not return) on
 * the stack ending at @stack_top, with our trap handlers and callbacks.
 * Its events stay masked: our event handler serves vcpu_info[0] only.
 */
void vcpu_context_init(struct vcpu_guest_context *c, unsigned int id,
		       void (*entry)(void), void *stack_top);

/* Current system time in ns from vcpu_info's pvclock (lib.c). */
u64 system_time_ns(void);

/* CPUID through the hypervisor: the forced-emulation prefix ud2; "xen". */
static inline void xen_cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c,
			     u32 *d)
{
	asm volatile("ud2; .ascii \"xen\"; cpuid"
		     : "=a" (*a), "=b" (*b), "=c" (*c), "=d" (*d)
		     : "0" (leaf), "2" (sub));
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a" (lo), "=d" (hi));
	return ((u64)hi << 32) | lo;
}

/* Event delivery (lib.c). */
extern unsigned long events_seen;
int evtchn_test_and_clear(unsigned int port);
void evtchn_unmask(unsigned int port);
static inline void events_enable(void)
{
	WRITE_ONCE(shared->vcpu_info[0].evtchn_upcall_mask, 0);
	barrier();
}

static inline void events_disable(void)
{
	WRITE_ONCE(shared->vcpu_info[0].evtchn_upcall_mask, 1);
	barrier();
}

static inline int is_dom0(void)
{
	return !!(start_info->flags & SIF_INITDOMAIN);
}

#endif /* SMOKE_H */
