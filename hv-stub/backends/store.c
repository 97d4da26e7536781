// SPDX-License-Identifier: GPL-2.0
/*
 * XenStore for the back ends: hv-stub's back ends are the store's domain 0
 * client, and speak to it in the same wire messages a guest puts on its
 * ring (xs_handle()), so they go through the same checks and fire the same
 * watches.  Their own watch events queue for domain 0 and are handed to
 * the back end that owns the token by be_store_events(), which the
 * backends_*() calls run after whatever may have changed the store.
 */
#include <hv/backend.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/xenstore.h>

static union {
	struct xsd_sockmsg hdr;
	u8 bytes[XS_MSG_MAX];
} req, rsp;

/* Append @s (with its NUL when @nul) to the request payload. */
static int put(const char *s, bool nul)
{
	size_t n = strlen(s) + nul;

	if (req.hdr.len + n > XENSTORE_PAYLOAD_MAX)
		return -XEN_E2BIG;
	memcpy(req.bytes + sizeof(req.hdr) + req.hdr.len, s, n);
	req.hdr.len += n;
	return 0;
}

/* Send the request built in req; 0 or the -errno of an XS_ERROR reply. */
static int call(void)
{
	const char *payload = (const char *)req.bytes + sizeof(req.hdr);
	const char *r = (const char *)rsp.bytes + sizeof(rsp.hdr);

	xs_handle(0, &req.hdr, payload, rsp.bytes);
	if (rsp.hdr.type != XS_ERROR)
		return 0;
	return xs_error_errno(r, rsp.hdr.len);
}

static void start(enum xsd_sockmsg_type type)
{
	memset(&req.hdr, 0, sizeof(req.hdr));
	req.hdr.type = type;
}

int be_printf(const char *path, const char *fmt, ...)
{
	char value[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	start(XS_WRITE);
	return put(path, true) ?: put(value, false) ?: call();
}

int be_read(const char *path, char *buf, size_t max)
{
	return xs_read_str(path, buf, max);
}

/* Decimal only; anything else in the node is -EINVAL. */
int be_read_u64(const char *path, u64 *val)
{
	char buf[24];
	int n = be_read(path, buf, sizeof(buf)), i;
	u64 v = 0;

	if (n < 0)
		return n;
	if (!n)
		return -XEN_EINVAL;
	for (i = 0; i < n; i++) {
		if (buf[i] < '0' || buf[i] > '9' || v > (~0ull - 9) / 10)
			return -XEN_EINVAL;
		v = v * 10 + buf[i] - '0';
	}
	*val = v;
	return 0;
}

int be_mkdir(const char *path, domid_t owner, domid_t reader)
{
	char perm[16];
	int rc;

	start(XS_MKDIR);
	rc = put(path, true) ?: call();
	if (rc)
		return rc;
	start(XS_SET_PERMS);
	snprintf(perm, sizeof(perm), "n%u", owner);
	rc = put(path, true) ?: put(perm, true);
	if (!rc && reader != DOMID_INVALID) {
		snprintf(perm, sizeof(perm), "r%u", reader);
		rc = put(perm, true);
	}
	return rc ?: call();
}

int be_rm(const char *path)
{
	start(XS_RM);
	return put(path, true) ?: call();
}

int be_watch(const char *path, const char *token)
{
	start(XS_WATCH);
	return put(path, true) ?: put(token, true) ?: call();
}

int be_unwatch(const char *path, const char *token)
{
	start(XS_UNWATCH);
	return put(path, true) ?: put(token, true) ?: call();
}

/* Deliver domain 0's queued watch events; a handler may queue more. */
void be_store_events(void)
{
	static u8 ev[XS_MSG_MAX];
	static bool running;
	const struct backend *be;
	const char *path, *token;
	struct xsd_sockmsg *hdr = (struct xsd_sockmsg *)ev;
	size_t n;

	if (running)
		return;
	running = true;
	while ((n = xs_next_event(0, ev, sizeof(ev) - 1))) {
		ev[n] = '\0';
		path = (const char *)ev + sizeof(*hdr);
		token = path + strnlen(path, hdr->len) + 1;
		if (token >= (const char *)ev + n)
			continue;
		be = backend_of_token(token);
		if (be && be->watch)
			be->watch(path, token);
	}
	running = false;
}
