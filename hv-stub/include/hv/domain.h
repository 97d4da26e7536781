/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Domains and vCPUs.
 *
 * hv-stub runs on one physical CPU and multiplexes every vCPU of every
 * domain on it; it is never preempted (interrupts are off in the
 * hypervisor except while idle), so no locks are needed: each field
 * below is touched only by hypervisor code on that one CPU, unless it
 * says it lives in memory the guest can write.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <hv/async_exc.h>
#include <hv/debugreg.h>
#include <hv/layout.h>
#include <hv/sched.h>
#include <hv/stats.h>
#include <hv/types.h>
#include <public/xen.h>

/* live guest domains at most; their ids are 1 .. MAX_DOMAINS */
#define MAX_DOMAINS		128
#define DOMID_SLOTS		(MAX_DOMAINS + 1)
#define MAX_VCPUS		32
#define HV_STACK_PAGES		2
#define NR_EVTCHN_2L		4096
#define NR_EVTCHN_USED		1024	/* ports we hand out per domain */

enum vcpu_state { VCPU_DOWN, VCPU_RUNNABLE, VCPU_BLOCKED, VCPU_DEAD };

struct vcpu_trap {
	u64 address;		/* 0: no handler */
	u16 cs;
	u8 flags;		/* TI_* */
};

struct vcpu {
	struct domain *d;
	unsigned int id;
	enum vcpu_state state;

	/* hypervisor stack; the guest's registers sit at its top */
	u64 stack_top;
	u64 saved_rsp;		/* while switched out in context_switch() */
	struct cpu_user_regs *regs;

	/* guest paging: MFNs of the pinned kernel and user L4 tables */
	bool kernel_mode;
	u64 kernel_l4;
	u64 user_l4;

	u64 kernel_ss, kernel_sp;	/* stack_switch */
	unsigned int iopl;		/* virtual IOPL (physdev set_iopl) */
	u64 cr4;			/* the guest's view of CR4 */
	u64 fs_base, gs_base_kernel, gs_base_user;
	u32 tsc_aux;			/* MSR_TSC_AUX (RDTSCP, RDPID) */
	struct vcpu_debugregs dbg;	/* set_debugreg (debugreg.c) */
	u16 data_sel[4];		/* ds, es, fs, gs while switched out */
	bool failsafe_pending;		/* one of them failed to reload */
	u64 event_callback, failsafe_callback, syscall_callback;
	bool syscall_masks_events, failsafe_masks_events;
	struct vcpu_trap traps[256];
	struct vcpu_async_exc async;	/* virtual NMI and MCE (async_exc.c) */

	/* where vcpu_info lives: shared_info slot or a registered page */
	struct vcpu_info *vcpu_info;
	u64 vcpu_info_mfn;	/* 0: inside shared_info */

	/* virtual CR0.TS and the FPU image (fxsave layout) */
	bool fpu_ts;
	bool fpu_dirty;
	u8 fpu_area[512] __aligned(16);

	/* single-shot timer, in system time (ns); 0 when not armed */
	u64 timer_deadline;
	u64 poll_deadline;
	u64 poll_mask[4];	/* ports SCHEDOP_poll waits on */
	bool polling;

	/* GDT frames set with set_gdt (owned, type seg_desc) */
	u64 gdt_mfn[14];
	unsigned int gdt_ents;
	u64 ldt_base;
	unsigned int ldt_ents;
	u64 ldt_mfn[16];	/* frames of the LDT (type seg_desc) */
	/*
	 * The CS and SS of the last return frame found loadable, and the
	 * desc_generation they were checked at (traps.c): while no
	 * descriptor changed, the same pair needs no second look.
	 */
	u16 frame_ok_cs, frame_ok_ss;
	u64 frame_ok_gen;

	u64 virq_port[24];	/* bound ports of per-vCPU VIRQs */
	u64 runstate_gva;	/* guest copy of vcpu_runstate_info, or 0 */

	struct sched_vcpu sched;	/* the scheduler's (core/sched.c) */
};

enum evtchn_state {
	ECS_FREE, ECS_RESERVED, ECS_UNBOUND, ECS_INTERDOMAIN, ECS_VIRQ,
	ECS_IPI,
};

struct evtchn {
	u8 state;
	u8 virq;
	u16 notify_vcpu;
	domid_t remote_dom;	/* UNBOUND: may bind; INTERDOMAIN: peer */
	u16 remote_port;
};

struct domain {
	domid_t domid;
	bool alive;
	bool dying;
	bool paused;		/* by the toolstack: no vCPU runs */
	bool killed;		/* destroyed by the toolstack: no verdict */
	unsigned int shutdown_reason;
	char name[32];

	struct vcpu *vcpus[MAX_VCPUS];
	unsigned int nr_vcpus;

	/* memory: nr_pages frames listed in the p2m built for the guest */
	u64 nr_pages, max_pages;
	u64 *frames;		/* hypervisor copy: pfn -> mfn */
	u64 shared_info_mfn;
	struct shared_info *shared_info;
	unsigned long vm_assist;

	struct evtchn evtchn[NR_EVTCHN_USED];

	struct gnttab *gnttab;	/* grant table (gnttab/), NULL once gone */
	u32 disks;		/* bit N: the machine's disk N is ours */

	struct dom_stats stats;	/* the "stats" option's counters */

	/* console and XenStore rings (hv-stub is their back end) */
	u64 console_mfn, store_mfn;
	u16 console_port, store_port;

	struct sched_dom sched;		/* the scheduler's (core/sched.c) */
};

extern struct domain *domains[DOMID_SLOTS];

/* The first domain slot from @i on that holds a domain, or DOMID_SLOTS. */
static inline unsigned int domain_slot_from(unsigned int i)
{
	while (i < DOMID_SLOTS && !domains[i])
		i++;
	return i;
}

/* Every live domain, in domid order: for_each_domain(i, d) { ... } */
#define for_each_domain(i, d)						\
	for ((i) = domain_slot_from(1);					\
	     (i) < DOMID_SLOTS && ((d) = domains[(i)]);			\
	     (i) = domain_slot_from((i) + 1))
extern struct vcpu *current;

struct domain *domain_create(domid_t domid, unsigned int nr_vcpus);
domid_t domid_alloc(void);
unsigned int nr_domains(void);
void domain_crash(struct domain *d, const char *fmt, ...)
	__printf(2, 3);
void domain_shutdown(struct domain *d, unsigned int reason);
void domain_kill_by_toolstack(struct domain *d);
struct domain *domain_by_id(domid_t domid);
struct domain *domain_by_name(const char *name);

/* vCPU @id of @d, or NULL; @id is guest input. */
static inline struct vcpu *domain_vcpu(struct domain *d, u64 id)
{
	return id < d->nr_vcpus ? d->vcpus[id] : NULL;
}
struct vcpu *vcpu_create(struct domain *d, unsigned int id);

void vcpu_prepare_first_run(struct vcpu *v);
/*
 * May @va be loaded into RIP: canonical and outside the hypervisor area,
 * i.e. in the lower half or above the area.
 */
static inline bool guest_code_ok(u64 va)
{
	return va < (1ull << 47) || va >= HV_VIRT_END;
}

/* descriptor tables (arch/x86_64/desc.c) */
long vcpu_set_gdt(struct vcpu *v, const unsigned long *frames,
		  unsigned long ents);
void vcpu_release_gdt(struct vcpu *v);
long vcpu_set_ldt(struct vcpu *v, u64 base, const u64 *mfn,
		  unsigned int ents);
void vcpu_load_ldt(struct vcpu *v);
bool vcpu_desc(const struct vcpu *v, u16 sel, u64 *desc);
/*
 * Bumped whenever any descriptor a vCPU could load may have changed
 * (set_gdt, set_ldt, update_descriptor, a table released); starts at 1.
 */
extern u64 desc_generation;
void timer_interrupt(void);
void domain_destroy(struct domain *d);

/* event channels (evtchn/evtchn.c) */
void evtchn_send_virq(struct vcpu *v, unsigned int virq);
void evtchn_set_pending(struct domain *d, unsigned int port);
int evtchn_alloc_unbound_for(struct domain *d, domid_t remote);
bool evtchn_is_pending(struct domain *d, unsigned int port);
long evtchn_send(struct domain *d, u32 port);
int evtchn_bind_backend(struct domain *d, u64 port_g);
void evtchn_unbind_backend(struct domain *d, u32 port);
void evtchn_notify_frontend(struct domain *d, u32 port);

#endif
