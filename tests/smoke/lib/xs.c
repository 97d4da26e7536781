// SPDX-License-Identifier: GPL-2.0
/*
 * A small XenStore client for smoke kernels (xs_wire.h): READ, WRITE and
 * RM on the domain's XenStore ring, one request in flight, no transactions
 * and no watches, so every message that comes back is the reply to our
 * request.  The store's error replies ("ENOENT", ...) become -XEN_E*.
 *
 * The ring is two 1 KiB byte queues with free-running indices; we write
 * req and req_prod and consume rsp by moving rsp_cons.  Replies are
 * waited for with a deadline (SCHEDOP_poll on the store's event channel).
 */
#include "front.h"

#define XS_READ		2
#define XS_WRITE	11
#define XS_RM		13
#define XS_ERROR	16
#define XS_RING_SIZE	1024
#define XS_PAYLOAD_MAX	4096
#define XS_TIMEOUT_NS	(2 * NS_PER_SEC)

struct xs_msg {
	u32 type, req_id, tx_id, len;
};

struct xs_ring {
	char req[XS_RING_SIZE];
	char rsp[XS_RING_SIZE];
	u32 req_cons, req_prod, rsp_cons, rsp_prod;
};

static struct xs_ring *ring;
static u32 next_req_id = 0x5e00;

static const struct {
	const char *name;
	int err;
} xs_errors[] = {
	{ "ENOENT", XEN_ENOENT }, { "EACCES", XEN_EACCES },
	{ "EINVAL", XEN_EINVAL }, { "EEXIST", XEN_EEXIST },
	{ "E2BIG", XEN_E2BIG }, { "EAGAIN", XEN_EAGAIN },
	{ "ENOSPC", XEN_ENOSPC }, { "EBUSY", XEN_EBUSY },
};

void port_poll(unsigned int port, u64 ns)
{
	u32 p = port;
	struct sched_poll sp = {
		.ports = &p, .nr_ports = 1, .timeout = system_time_ns() + ns,
	};

	HYPERVISOR_sched_op(SCHEDOP_poll, &sp);
	evtchn_test_and_clear(port);
}

static void notify(void)
{
	u32 port = start_info->store_evtchn;

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &port);
}

int xs_init(unsigned long va)
{
	if (is_dom0() || !start_info->store_mfn)
		return -XEN_ENOENT;
	if (map_page(va, start_info->store_mfn, _PAGE_PRESENT | _PAGE_RW |
		     _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX))
		return -XEN_EFAULT;
	ring = (struct xs_ring *)va;
	return 0;
}

/* Wait until @cond(@n) holds or the deadline passes; 0 or -ETIMEDOUT. */
static int wait_ring(int (*cond)(u32), u32 n)
{
	u64 deadline = system_time_ns() + XS_TIMEOUT_NS;

	while (!cond(n)) {
		if (system_time_ns() > deadline)
			return -XEN_ETIMEDOUT;
		port_poll(start_info->store_evtchn, NS_PER_MS);
	}
	return 0;
}

static int req_space(u32 n)
{
	return XS_RING_SIZE - (READ_ONCE(ring->req_prod) -
			       READ_ONCE(ring->req_cons)) >= n;
}

static int rsp_avail(u32 n)
{
	return READ_ONCE(ring->rsp_prod) - ring->rsp_cons >= n;
}

static int put(const void *data, u32 len)
{
	const char *p = data;
	u32 i, chunk;

	while (len) {
		chunk = len < XS_RING_SIZE / 2 ? len : XS_RING_SIZE / 2;
		if (wait_ring(req_space, chunk))
			return -XEN_ETIMEDOUT;
		for (i = 0; i < chunk; i++)
			ring->req[(ring->req_prod + i) % XS_RING_SIZE] = p[i];
		barrier();
		ring->req_prod += chunk;
		notify();
		p += chunk;
		len -= chunk;
	}
	return 0;
}

/* Consume @len reply bytes; keep the first @size of them in @buf. */
static int get(void *buf, u32 size, u32 len)
{
	char *p = buf;
	u32 i, chunk, done = 0;

	while (done < len) {
		chunk = len - done < XS_RING_SIZE / 2 ? len - done :
			XS_RING_SIZE / 2;
		if (wait_ring(rsp_avail, chunk))
			return -XEN_ETIMEDOUT;
		barrier();
		for (i = 0; i < chunk; i++, done++)
			if (done < size)
				p[done] = ring->rsp[(ring->rsp_cons + i) %
						    XS_RING_SIZE];
		barrier();
		ring->rsp_cons += chunk;
		notify();
	}
	return 0;
}

static unsigned int str_len(const char *s)
{
	unsigned int n = 0;

	while (s[n])
		n++;
	return n;
}

static int error_code(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xs_errors); i++)
		if (!memcmp(name, xs_errors[i].name,
			    str_len(xs_errors[i].name) + 1))
			return -xs_errors[i].err;
	return -XEN_EIO;
}

/*
 * One request: @a with its NUL, then @b without; the reply's payload into
 * @buf (NUL-terminated, truncated to @size).  Payload length or -errno.
 */
static int request(u32 type, const char *a, const char *b, char *buf,
		   unsigned int size)
{
	struct xs_msg m = { type, next_req_id++, 0, str_len(a) + 1 };
	char err[16] = "";
	u32 blen = b ? str_len(b) : 0;
	int rc;

	if (!ring)
		return -XEN_ENOENT;
	m.len += blen;
	rc = put(&m, sizeof(m)) ?: put(a, str_len(a) + 1) ?: put(b, blen);
	if (rc)
		return rc;
	rc = get(&m, sizeof(m), sizeof(m));
	if (rc)
		return rc;
	if (m.len > XS_PAYLOAD_MAX)
		return -XEN_E2BIG;
	if (m.type == XS_ERROR) {
		rc = get(err, sizeof(err) - 1, m.len);
		return rc ?: error_code(err);
	}
	rc = get(buf, size ? size - 1 : 0, m.len);
	if (rc)
		return rc;
	if (size)
		buf[m.len < size ? m.len : size - 1] = 0;
	return m.type == type ? (int)m.len : -XEN_EIO;
}

int xs_read(const char *path, char *buf, unsigned int size)
{
	return request(XS_READ, path, NULL, buf, size);
}

int xs_read_u64(const char *path, u64 *val)
{
	char buf[24];
	u64 v = 0;
	int i, n = xs_read(path, buf, sizeof(buf));

	if (n < 0)
		return n;
	if (!n || n >= (int)sizeof(buf))
		return -XEN_EINVAL;
	for (i = 0; i < n; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -XEN_EINVAL;
		v = v * 10 + buf[i] - '0';
	}
	*val = v;
	return 0;
}

int xs_write(const char *path, const char *value)
{
	int rc = request(XS_WRITE, path, value, NULL, 0);

	return rc < 0 ? rc : 0;
}

int xs_rm(const char *path)
{
	int rc = request(XS_RM, path, NULL, NULL, 0);

	return rc < 0 ? rc : 0;
}

int xs_printf(const char *path, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return xs_write(path, buf);
}
