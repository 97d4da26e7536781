// SPDX-License-Identifier: GPL-2.0
/*
 * Event channels, 2-level ABI.
 *
 * The pending and mask bitmaps live in shared_info: the hypervisor sets
 * pending bits, the guest clears them and owns the mask.  A port that
 * becomes pending and is unmasked sets its word's bit in the notified
 * vCPU's evtchn_pending_sel and evtchn_upcall_pending, and wakes the
 * vCPU.  Ports whose remote end is DOMID_XEN (the rings the builder sets
 * up) or domain 0 (rings a front end sets up with hv-stub's back ends,
 * which act as domain 0) belong to hv-stub's back ends, which are told
 * through backend_notify().
 *
 * There is no FIFO ABI: EVTCHNOP_init_control is -ENOSYS, as from a Xen
 * built without it, and Linux falls back to 2-level on any error.  The
 * other two FIFO sub-ops answer as Xen 4.17 answers a 2-level domain.
 */
#include <hv/backend.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <public/event_channel.h>

#define BITS_PER_WORD	64

static bool test_and_set(u64 *words, unsigned int bit)
{
	bool old = words[bit / BITS_PER_WORD] & (1ull << (bit % BITS_PER_WORD));

	words[bit / BITS_PER_WORD] |= 1ull << (bit % BITS_PER_WORD);
	return old;
}

static bool test(const u64 *words, unsigned int bit)
{
	return words[bit / BITS_PER_WORD] & (1ull << (bit % BITS_PER_WORD));
}

static u64 *pending_words(struct domain *d)
{
	return (u64 *)d->shared_info->evtchn_pending;
}

static u64 *mask_words(struct domain *d)
{
	return (u64 *)d->shared_info->evtchn_mask;
}

bool evtchn_is_pending(struct domain *d, unsigned int port)
{
	return port < NR_EVTCHN_USED && test(pending_words(d), port);
}

/* Raise the upcall on the port's vCPU if the port is unmasked. */
static void notify_vcpu(struct domain *d, unsigned int port)
{
	struct vcpu *v = d->vcpus[d->evtchn[port].notify_vcpu];
	struct vcpu_info *vi;

	if (!v)
		return;
	vi = v->vcpu_info;
	if (!test(mask_words(d), port) &&
	    !test_and_set((u64 *)&vi->evtchn_pending_sel,
			  port / BITS_PER_WORD))
		vi->evtchn_upcall_pending = 1;
	if (vi->evtchn_upcall_pending || v->polling)
		vcpu_wake(v);
}

void evtchn_set_pending(struct domain *d, unsigned int port)
{
	if (d->dying || port >= NR_EVTCHN_USED)
		return;
	if (test_and_set(pending_words(d), port))
		return;
	notify_vcpu(d, port);
}

void evtchn_send_virq(struct vcpu *v, unsigned int virq)
{
	if (virq < ARRAY_SIZE(v->virq_port) && v->virq_port[virq])
		evtchn_set_pending(v->d, v->virq_port[virq]);
}

static int alloc_port(struct domain *d)
{
	unsigned int p;

	for (p = 1; p < NR_EVTCHN_USED; p++) {
		if (d->evtchn[p].state == ECS_FREE) {
			memset(&d->evtchn[p], 0, sizeof(d->evtchn[p]));
			return p;
		}
	}
	return -ENOSPC;
}

int evtchn_alloc_unbound_for(struct domain *d, domid_t remote)
{
	int p = alloc_port(d);

	if (p < 0)
		return p;
	d->evtchn[p].state = remote == DOMID_XEN ? ECS_INTERDOMAIN :
						   ECS_UNBOUND;
	d->evtchn[p].remote_dom = remote;
	return p;
}

static struct evtchn *port_of(struct domain *d, u32 port)
{
	if (port >= NR_EVTCHN_USED || d->evtchn[port].state == ECS_FREE)
		return NULL;
	return &d->evtchn[port];
}

static domid_t resolve(struct vcpu *v, domid_t dom)
{
	return dom == DOMID_SELF ? v->d->domid : dom;
}

static long op_alloc_unbound(struct vcpu *v, void *arg)
{
	struct evtchn_alloc_unbound *a = arg;
	int p;

	if (resolve(v, a->dom) != v->d->domid)
		return -EPERM;
	if (resolve(v, a->remote_dom) != 0 &&
	    !domain_by_id(resolve(v, a->remote_dom)))
		return -ESRCH;
	p = alloc_port(v->d);
	if (p < 0)
		return p;
	v->d->evtchn[p].state = ECS_UNBOUND;
	v->d->evtchn[p].remote_dom = resolve(v, a->remote_dom);
	a->port = p;
	return 0;
}

static long op_bind_interdomain(struct vcpu *v, void *arg)
{
	struct evtchn_bind_interdomain *b = arg;
	struct domain *rd = domain_by_id(resolve(v, b->remote_dom));
	struct evtchn *rc;
	int p;

	if (!rd)
		return -ESRCH;
	rc = port_of(rd, b->remote_port);
	if (!rc || rc->state != ECS_UNBOUND || rc->remote_dom != v->d->domid)
		return -EINVAL;
	p = alloc_port(v->d);
	if (p < 0)
		return p;
	v->d->evtchn[p].state = ECS_INTERDOMAIN;
	v->d->evtchn[p].remote_dom = rd->domid;
	v->d->evtchn[p].remote_port = b->remote_port;
	rc->state = ECS_INTERDOMAIN;
	rc->remote_dom = v->d->domid;
	rc->remote_port = p;
	b->local_port = p;
	evtchn_set_pending(v->d, p);
	return 0;
}

static long op_bind_virq(struct vcpu *v, void *arg)
{
	struct evtchn_bind_virq *b = arg;
	struct vcpu *t;
	int p;

	if (b->virq >= ARRAY_SIZE(v->virq_port))
		return -EINVAL;
	t = domain_vcpu(v->d, b->vcpu);
	if (!t)
		return -ENOENT;
	if (t->virq_port[b->virq])
		return -EEXIST;
	p = alloc_port(v->d);
	if (p < 0)
		return p;
	v->d->evtchn[p].state = ECS_VIRQ;
	v->d->evtchn[p].virq = b->virq;
	v->d->evtchn[p].notify_vcpu = b->vcpu;
	t->virq_port[b->virq] = p;
	b->port = p;
	return 0;
}

static long op_bind_ipi(struct vcpu *v, void *arg)
{
	struct evtchn_bind_ipi *b = arg;
	int p;

	if (!domain_vcpu(v->d, b->vcpu))
		return -ENOENT;
	p = alloc_port(v->d);
	if (p < 0)
		return p;
	v->d->evtchn[p].state = ECS_IPI;
	v->d->evtchn[p].notify_vcpu = b->vcpu;
	b->port = p;
	return 0;
}

static long op_close(struct vcpu *v, u32 port)
{
	struct evtchn *c = port_of(v->d, port);
	struct domain *rd;

	if (!c)
		return -EINVAL;
	if (c->state == ECS_VIRQ)
		v->d->vcpus[c->notify_vcpu]->virq_port[c->virq] = 0;
	if (c->state == ECS_INTERDOMAIN && c->remote_dom != DOMID_XEN) {
		rd = domain_by_id(c->remote_dom);
		if (rd && rd->evtchn[c->remote_port].state == ECS_INTERDOMAIN) {
			rd->evtchn[c->remote_port].state = ECS_UNBOUND;
			rd->evtchn[c->remote_port].remote_dom = v->d->domid;
		}
	}
	if (c->state == ECS_INTERDOMAIN && c->remote_dom == DOMID_XEN)
		return -EINVAL;	/* hv-stub's own rings stay bound */
	c->state = ECS_FREE;
	return 0;
}

static bool to_backend(const struct evtchn *c)
{
	return c->state == ECS_INTERDOMAIN &&
	       (c->remote_dom == DOMID_XEN || c->remote_dom == 0);
}

/*
 * A back end connects to the front end's unbound @port_g (guest input:
 * it came through XenStore).  0 or -EINVAL.
 */
int evtchn_bind_backend(struct domain *d, u64 port_g)
{
	struct evtchn *c = port_g < NR_EVTCHN_USED ? port_of(d, port_g) : NULL;

	if (!c || c->state != ECS_UNBOUND || c->remote_dom != 0)
		return -EINVAL;
	c->state = ECS_INTERDOMAIN;
	c->remote_port = 0;
	return 0;
}

/* The back end let go of @port: unbound again, as when a peer closes. */
void evtchn_unbind_backend(struct domain *d, u32 port)
{
	struct evtchn *c = port_of(d, port);

	if (c && c->state == ECS_INTERDOMAIN && c->remote_dom == 0)
		c->state = ECS_UNBOUND;
}

/* Notify the front end, if @port is still the one bound to us. */
void evtchn_notify_frontend(struct domain *d, u32 port)
{
	struct evtchn *c = port_of(d, port);

	if (c && c->state == ECS_INTERDOMAIN && c->remote_dom == 0)
		evtchn_set_pending(d, port);
}

long evtchn_send(struct domain *d, u32 port)
{
	struct evtchn *c = port_of(d, port);
	struct domain *rd;

	if (!c)
		return -EINVAL;
	switch (c->state) {
	case ECS_IPI:
		evtchn_set_pending(d, port);
		return 0;
	case ECS_INTERDOMAIN:
		if (to_backend(c)) {
			backend_notify(d, port);
			return 0;
		}
		rd = domain_by_id(c->remote_dom);
		if (rd)
			evtchn_set_pending(rd, c->remote_port);
		return 0;
	case ECS_UNBOUND:
		return 0;
	default:
		return -EINVAL;
	}
}

static long op_status(struct vcpu *v, void *arg)
{
	struct evtchn_status *st = arg;
	static const u32 map[] = {
		[ECS_FREE] = EVTCHNSTAT_closed,
		[ECS_RESERVED] = EVTCHNSTAT_closed,
		[ECS_UNBOUND] = EVTCHNSTAT_unbound,
		[ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
		[ECS_VIRQ] = EVTCHNSTAT_virq,
		[ECS_IPI] = EVTCHNSTAT_ipi,
	};
	struct evtchn *c;

	if (resolve(v, st->dom) != v->d->domid)
		return -EPERM;
	if (st->port >= NR_EVTCHN_USED)
		return -EINVAL;
	c = &v->d->evtchn[st->port];
	memset(&st->u, 0, sizeof(st->u));
	st->status = map[c->state];
	st->vcpu = c->notify_vcpu;
	if (c->state == ECS_UNBOUND)
		st->u.unbound.dom = c->remote_dom;
	else if (c->state == ECS_INTERDOMAIN) {
		st->u.interdomain.dom = c->remote_dom;
		st->u.interdomain.port = c->remote_port;
	} else if (c->state == ECS_VIRQ)
		st->u.virq = c->virq;
	return 0;
}

static long op_unmask(struct vcpu *v, u32 port)
{
	struct domain *d = v->d;

	if (port >= NR_EVTCHN_USED)
		return -EINVAL;
	mask_words(d)[port / BITS_PER_WORD] &= ~(1ull << (port % BITS_PER_WORD));
	if (test(pending_words(d), port))
		notify_vcpu(d, port);
	return 0;
}

static long op_bind_vcpu(struct vcpu *v, void *arg)
{
	struct evtchn_bind_vcpu *b = arg;
	struct evtchn *c = port_of(v->d, b->port);

	if (!c)
		return -EINVAL;
	if (!domain_vcpu(v->d, b->vcpu))
		return -ENOENT;
	if (c->state == ECS_IPI || (c->state == ECS_VIRQ && c->virq == VIRQ_TIMER))
		return -EINVAL;
	c->notify_vcpu = b->vcpu;
	return 0;
}

/* Xen 4.17 before init_control: the domain has no event array. */
static long op_expand_array(struct vcpu *v, u64 garg)
{
	struct evtchn_expand_array ea;

	if (copy_from_guest(&ea, garg, sizeof(ea)))
		return -EFAULT;
	return -EOPNOTSUPP;
}

/* A valid port of a 2-level domain has no priority to set. */
static long op_set_priority(struct vcpu *v, u64 garg)
{
	struct evtchn_set_priority sp;

	if (copy_from_guest(&sp, garg, sizeof(sp)))
		return -EFAULT;
	return sp.port < NR_EVTCHN_USED ? -XEN_ENOSYS : -EINVAL;
}

/* Ops that read an argument struct, work on it, and write it back. */
static const struct {
	long (*fn)(struct vcpu *v, void *arg);
	size_t size;
} rw_ops[] = {
	[EVTCHNOP_alloc_unbound] = { op_alloc_unbound,
				     sizeof(struct evtchn_alloc_unbound) },
	[EVTCHNOP_bind_interdomain] = { op_bind_interdomain,
					sizeof(struct evtchn_bind_interdomain) },
	[EVTCHNOP_bind_virq] = { op_bind_virq, sizeof(struct evtchn_bind_virq) },
	[EVTCHNOP_bind_ipi] = { op_bind_ipi, sizeof(struct evtchn_bind_ipi) },
	[EVTCHNOP_status] = { op_status, sizeof(struct evtchn_status) },
	[EVTCHNOP_bind_vcpu] = { op_bind_vcpu, sizeof(struct evtchn_bind_vcpu) },
};

static long rw_op(struct vcpu *v, u64 cmd, u64 garg)
{
	u8 buf[32] __aligned(8);
	long rc;

	BUILD_BUG_ON(sizeof(struct evtchn_status) > sizeof(buf));
	if (copy_from_guest(buf, garg, rw_ops[cmd].size))
		return -EFAULT;
	rc = rw_ops[cmd].fn(v, buf);
	if (!rc && copy_to_guest(garg, buf, rw_ops[cmd].size))
		return -EFAULT;
	return rc;
}

long do_event_channel_op(struct vcpu *v, u64 cmd, u64 arg, u64 a3, u64 a4,
			 u64 a5)
{
	u32 port;

	if (cmd < ARRAY_SIZE(rw_ops) && rw_ops[cmd].fn)
		return rw_op(v, cmd, arg);
	switch (cmd) {
	case EVTCHNOP_close:
	case EVTCHNOP_send:
	case EVTCHNOP_unmask:
		if (copy_from_guest(&port, arg, sizeof(port)))
			return -EFAULT;
		return cmd == EVTCHNOP_close ? op_close(v, port) :
		       cmd == EVTCHNOP_send ? evtchn_send(v->d, port) :
		       op_unmask(v, port);
	case EVTCHNOP_expand_array:
		return op_expand_array(v, arg);
	case EVTCHNOP_set_priority:
		return op_set_priority(v, arg);
	default:
		return -XEN_ENOSYS;
	}
}
