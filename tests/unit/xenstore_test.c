// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of hv-stub's XenStore (xenstore/{arena,tree,watch,transaction,
 * ops}.c): wire requests in, replies and watch events out, for two guests
 * (domains 1 and 2) and the privileged client (0).
 *
 * The ring glue (xenstore/ring.c) is tested too, against a ring page in
 * host memory: mfn_to_virt() adds DIRECTMAP_VIRT_START to mfn << 12, and
 * that sum wraps around, so the page's "mfn" is its address minus
 * DIRECTMAP_VIRT_START, modulo 2^64.
 */
#include "env.h"
#include "../../hv-stub/xenstore/arena.c"
#include "../../hv-stub/xenstore/tree.c"
#include "../../hv-stub/xenstore/watch.c"
#include "../../hv-stub/xenstore/transaction.c"
#include "../../hv-stub/xenstore/ops.c"
#include "../../hv-stub/xenstore/ring.c"

#define SUITE	"xenstore"
#define CHECK(name, ok, ...)	unit_check(SUITE, name, ok, __VA_ARGS__)

static union {
	struct xsd_sockmsg hdr;
	u8 bytes[XS_MSG_MAX];
} rsp;
static const char *body = (const char *)(&rsp.hdr + 1);
static char ev_path[XS_MSG_MAX], ev_token[XS_MSG_MAX];

/* Send one request; the reply is in rsp. */
static void request(domid_t dom, u32 type, u32 tx, const void *payload,
		    size_t len)
{
	struct xsd_sockmsg req = {
		.type = type, .req_id = 0x1234, .tx_id = tx, .len = len,
	};
	size_t n = xs_handle(dom, &req, payload, &rsp);

	if (n != sizeof(rsp.hdr) + rsp.hdr.len || rsp.hdr.len > 4096 ||
	    rsp.hdr.req_id != 0x1234 || rsp.hdr.tx_id != tx ||
	    (rsp.hdr.type != type && rsp.hdr.type != XS_ERROR)) {
		printf("FAIL: " SUITE " reply: malformed reply to type %u: type %u len %u tx %u/%u\n",
		       type, rsp.hdr.type, rsp.hdr.len, rsp.hdr.tx_id, tx);
		unit_failed++;
	}
}

/* A request whose payload is one string (with its NUL). */
static void req1(domid_t dom, u32 type, u32 tx, const char *s)
{
	request(dom, type, tx, s, strlen(s) + 1);
}

static void req2(domid_t dom, u32 type, u32 tx, const char *a,
		 const char *b)
{
	char buf[8192];
	size_t la = strlen(a) + 1, lb = strlen(b) + 1;

	memcpy(buf, a, la);
	memcpy(buf + la, b, lb);
	request(dom, type, tx, buf, la + lb);
}

static void write_tx(domid_t dom, u32 tx, const char *path, const char *v)
{
	char buf[8192];
	size_t lp = strlen(path) + 1, lv = strlen(v);

	memcpy(buf, path, lp);
	memcpy(buf + lp, v, lv);
	request(dom, XS_WRITE, tx, buf, lp + lv);
}

static void xwrite(domid_t dom, const char *path, const char *v)
{
	write_tx(dom, 0, path, v);
}

/* XS_SET_PERMS of @path to @perms ("n1\0r2", NULs between entries) */
static void set_perms(domid_t dom, const char *path, const char *perms,
		      size_t len)
{
	char buf[256];
	size_t lp = strlen(path) + 1;

	memcpy(buf, path, lp);
	memcpy(buf + lp, perms, len);
	buf[lp + len] = '\0';
	request(dom, XS_SET_PERMS, 0, buf, lp + len + 1);
}

#define SET_PERMS(dom, path, perms) \
	set_perms(dom, path, perms, sizeof(perms) - 1)

static bool is_ok(void)
{
	return rsp.hdr.type != XS_ERROR && rsp.hdr.len == 3 &&
	       !memcmp(body, "OK", 3);
}

static bool is_err(const char *name)
{
	return rsp.hdr.type == XS_ERROR && rsp.hdr.len == strlen(name) + 1 &&
	       !memcmp(body, name, rsp.hdr.len);
}

static bool is_value(const char *v)
{
	return rsp.hdr.type != XS_ERROR && rsp.hdr.len == strlen(v) &&
	       !memcmp(body, v, rsp.hdr.len);
}

static bool is_bytes(const char *v, size_t len)
{
	return rsp.hdr.type != XS_ERROR && rsp.hdr.len == len &&
	       !memcmp(body, v, len);
}

/* What the reply says, for failure messages. */
static const char *said(void)
{
	static char buf[128];
	size_t i, n = rsp.hdr.len < 100 ? rsp.hdr.len : 100;

	for (i = 0; i < n; i++)
		buf[i] = body[i] ? body[i] : '|';
	buf[n] = '\0';
	return buf;
}

static bool read_is(domid_t dom, u32 tx, const char *path, const char *v)
{
	req1(dom, XS_READ, tx, path);
	return is_value(v);
}

static bool read_err(domid_t dom, u32 tx, const char *path,
		     const char *err)
{
	req1(dom, XS_READ, tx, path);
	return is_err(err);
}

/* Take the next watch event of @dom into ev_path/ev_token. */
static bool next_event(domid_t dom)
{
	static u8 buf[XS_MSG_MAX];
	struct xsd_sockmsg *h = (struct xsd_sockmsg *)buf;
	size_t n = xs_next_event(dom, buf, sizeof(buf));
	const char *p = (const char *)(h + 1);

	if (!n)
		return false;
	if (n != sizeof(*h) + h->len || h->type != XS_WATCH_EVENT ||
	    !h->len || p[h->len - 1]) {
		printf("FAIL: " SUITE " event: malformed event\n");
		unit_failed++;
		return false;
	}
	strcpy(ev_path, p);
	strcpy(ev_token, p + strlen(p) + 1);
	return true;
}

static bool event_is(domid_t dom, const char *path, const char *token)
{
	return next_event(dom) && !strcmp(ev_path, path) &&
	       !strcmp(ev_token, token);
}

static void drain(domid_t dom)
{
	while (next_event(dom))
		;
}

/* Is there an event for @token among @dom's pending ones?  Drains. */
static bool has_event_for(domid_t dom, const char *path, const char *token)
{
	bool found = false;

	while (next_event(dom))
		if (!strcmp(ev_token, token) && !strcmp(ev_path, path))
			found = true;
	return found;
}

static u32 tx_start(domid_t dom)
{
	req1(dom, XS_TRANSACTION_START, 0, "");
	if (rsp.hdr.type == XS_ERROR)
		return 0;
	return strtoul(body, NULL, 10);
}

static void test_setup(void)
{
	char name[16];
	static u8 arena[4u << 20] __aligned(16);
	int rc = xs_init(arena, sizeof(arena));

	CHECK("init", !rc, "xs_init() = %d", rc);
	rc = xs_domain_created(1, "guest1", 524288, 524288, 2) ?:
	     xs_domain_created(2, "guest2", 65536, 65536, 1);
	CHECK("domain created", !rc, "xs_domain_created() = %d", rc);
	CHECK("home keys", read_is(1, 0, "domid", "1") &&
	      read_is(1, 0, "/local/domain/1/name", "guest1") &&
	      read_is(1, 0, "memory/target", "524288") &&
	      read_is(1, 0, "cpu/1/availability", "online") &&
	      read_is(2, 0, "name", "guest2"), "got '%s'", said());
	rc = xs_write_str("/local/domain/1/device/vbd/51712/state", "1");
	CHECK("back-end helpers", !rc && read_is(1, 0, "device/vbd/51712/state",
						 "1") &&
	      xs_read_str("/local/domain/1/name", name, sizeof(name)) == 6 &&
	      !strcmp(name, "guest1") &&
	      xs_read_str("/local/domain/1/name", name, 6) == -XEN_E2BIG &&
	      xs_read_str("/local/domain/1/nope", name, 6) == -XEN_ENOENT,
	      "rc %d, got '%s'", rc, said());
	req1(1, XS_GET_PERMS, 0, "device/vbd/51712/state");
	CHECK("back-end nodes owned by guest", is_bytes("n1", 3),
	      "got '%s'", said());
	req1(1, XS_RM, 0, "device/vbd");
	rc = xs_domain_created(1, "again", 1, 1, 1);
	CHECK("domain created twice", rc == -XEN_EEXIST, "rc %d", rc);
	CHECK("error names back to errno",
	      xs_error_errno("ENOENT", 7) == -XEN_ENOENT &&
	      xs_error_errno("EAGAIN", 7) == -XEN_EAGAIN &&
	      xs_error_errno("ENOENT", 6) == -XEN_EIO &&
	      xs_error_errno("EFOO", 5) == -XEN_EIO, "lookup wrong");
}

static void test_basic(void)
{
	xwrite(1, "/local/domain/1/data/x", "hello");
	CHECK("write", is_ok(), "got '%s'", said());
	CHECK("read", read_is(1, 0, "/local/domain/1/data/x", "hello"),
	      "got '%s'", said());
	CHECK("relative path", read_is(1, 0, "data/x", "hello"),
	      "got '%s'", said());
	xwrite(1, "data/a/b/c", "v");
	CHECK("implicit parents", is_ok() && read_is(1, 0, "data/a/b", "") &&
	      read_is(1, 0, "data/a/b/c", "v"), "got '%s'", said());
	req1(1, XS_MKDIR, 0, "data/dir");
	CHECK("mkdir", is_ok(), "got '%s'", said());
	req1(1, XS_DIRECTORY, 0, "data/dir");
	CHECK("empty directory", is_bytes("", 0), "got '%s'", said());
	req1(1, XS_MKDIR, 0, "data/dir");
	CHECK("mkdir existing", is_ok(), "got '%s'", said());
	req1(1, XS_DIRECTORY, 0, "data");
	CHECK("directory", is_bytes("x\0a\0dir", 8), "got '%s'", said());
	req1(1, XS_RM, 0, "data/a");
	CHECK("rm subtree", is_ok() && read_err(1, 0, "data/a/b/c", "ENOENT") &&
	      read_err(1, 0, "data/a", "ENOENT"), "got '%s'", said());
	req1(1, XS_RM, 0, "data/gone");
	CHECK("rm missing leaf", is_ok(), "got '%s'", said());
	req1(1, XS_RM, 0, "data/gone/deeper");
	CHECK("rm missing parent", is_err("ENOENT"), "got '%s'", said());
	req1(0, XS_RM, 0, "/");
	CHECK("rm root", is_err("EINVAL"), "got '%s'", said());
	request(1, XS_WRITE, 0, "data/bin\0a\0b\xff", 13);
	CHECK("binary value", is_ok() && read_is(1, 0, "data/bin", "") == 0 &&
	      is_bytes("a\0b\xff", 4), "got '%s'", said());
	req1(1, XS_GET_DOMAIN_PATH, 0, "7");
	CHECK("get domain path", is_bytes("/local/domain/7", 16),
	      "got '%s'", said());
	req1(1, XS_GET_DOMAIN_PATH, 0, "7x");
	CHECK("get domain path bad", is_err("EINVAL"), "got '%s'", said());
}

static void test_perms(void)
{
	bool ok;

	ok = read_err(2, 0, "/local/domain/1/data/x", "EACCES");
	xwrite(2, "/local/domain/1/data/y", "evil");
	ok = ok && is_err("EACCES");
	CHECK("foreign home refused", ok, "got '%s'", said());
	xwrite(2, "/evil", "x");
	ok = is_err("EACCES");
	req1(2, XS_DIRECTORY, 0, "/");
	ok = ok && is_err("EACCES");
	req1(2, XS_MKDIR, 0, "/local/domain/3");
	CHECK("root refused", ok && is_err("EACCES"), "got '%s'", said());
	CHECK("hidden missing node", read_err(2, 0, "/local/domain/1/nope",
					      "EACCES"), "got '%s'", said());
	req1(1, XS_GET_PERMS, 0, "data/x");
	CHECK("get perms", is_bytes("n1\0", 3), "got '%s'", said());
	SET_PERMS(1, "data/x", "n1\0r2");
	ok = is_ok() && read_is(2, 0, "/local/domain/1/data/x", "hello");
	xwrite(2, "/local/domain/1/data/x", "no");
	ok = ok && is_err("EACCES");
	req1(2, XS_GET_PERMS, 0, "/local/domain/1/data/x");
	CHECK("set perms read acl", ok && is_bytes("n1\0r2\0", 6),
	      "got '%s'", said());
	SET_PERMS(1, "data/x", "b1\0b2");
	xwrite(2, "/local/domain/1/data/x", "both");
	CHECK("set perms write acl", is_ok() &&
	      read_is(1, 0, "data/x", "both"), "got '%s'", said());
	SET_PERMS(1, "data/x", "n2");
	CHECK("set perms owner change", is_err("EPERM"), "got '%s'", said());
	SET_PERMS(1, "data/x", "x1");
	ok = is_err("EINVAL");
	SET_PERMS(1, "data/x", "r");
	ok = ok && is_err("EINVAL");
	SET_PERMS(1, "data/x", "r1\0r2\0r3\0r4\0r5\0r6\0r7");
	CHECK("set perms bad", ok && is_err("ENOSPC"), "got '%s'", said());
	xwrite(2, "/local/domain/1/data/x/sub", "made by 2");
	req1(1, XS_GET_PERMS, 0, "data/x/sub");
	CHECK("creator owns new node", is_bytes("b2\0b2\0", 6),
	      "got '%s'", said());
	req1(1, XS_RM, 0, "data/x/sub");
}

static void test_watches(void)
{
	bool ok;

	drain(1);
	drain(2);
	req2(1, XS_WATCH, 0, "data/w", "tok");
	ok = is_ok() && event_is(1, "data/w", "tok") && !next_event(1);
	CHECK("watch fires at once", ok, "got '%s' '%s'", ev_path, ev_token);
	xwrite(1, "data/w", "1");
	CHECK("watch fires on change", event_is(1, "data/w", "tok"),
	      "got '%s' '%s'", ev_path, ev_token);
	xwrite(1, "data/w/child", "2");
	CHECK("watch fires on child", event_is(1, "data/w/child", "tok"),
	      "got '%s' '%s'", ev_path, ev_token);
	xwrite(1, "data/wx", "3");
	CHECK("watch ignores sibling", !next_event(1), "got '%s'", ev_path);
	req2(1, XS_WATCH, 0, "/local/domain/1/data/w", "abs");
	ok = event_is(1, "/local/domain/1/data/w", "abs");
	xwrite(1, "data/w", "4");
	ok = ok && has_event_for(1, "/local/domain/1/data/w", "abs");
	CHECK("absolute watch", ok, "got '%s' '%s'", ev_path, ev_token);
	req2(1, XS_WATCH, 0, "data/w", "tok");
	CHECK("duplicate watch", is_err("EEXIST"), "got '%s'", said());
	req2(2, XS_WATCH, 0, "/local/domain/1/data/w", "spy");
	ok = event_is(2, "/local/domain/1/data/w", "spy");
	xwrite(1, "data/w", "5");
	CHECK("watch needs read access", ok && !next_event(2),
	      "got '%s' '%s'", ev_path, ev_token);
	drain(1);
	req2(1, XS_WATCH, 0, "data/w/child/deep", "deep");
	ok = event_is(1, "data/w/child/deep", "deep");
	req1(1, XS_RM, 0, "data/w");
	ok = ok && has_event_for(1, "data/w/child/deep", "deep");
	CHECK("rm fires watches below", ok, "got '%s' '%s'", ev_path,
	      ev_token);
	req2(1, XS_UNWATCH, 0, "data/w", "tok");
	ok = is_ok();
	req2(1, XS_UNWATCH, 0, "/local/domain/1/data/w", "abs");
	xwrite(1, "data/w", "6");
	ok = ok && is_ok() && !has_event_for(1, "data/w", "tok");
	req2(1, XS_UNWATCH, 0, "data/w", "tok");
	CHECK("unwatch", ok && is_err("ENOENT"), "got '%s'", said());
	req2(1, XS_WATCH, 0, "@releaseDomain", "rel");
	ok = is_ok() && event_is(1, "@releaseDomain", "rel");
	req2(1, XS_WATCH, 0, "@bogus", "b");
	CHECK("special watch", ok && is_err("EINVAL"), "got '%s'", said());
	req1(1, XS_RESET_WATCHES, 0, "");
	ok = is_ok();
	req2(1, XS_UNWATCH, 0, "data/w/child/deep", "deep");
	CHECK("reset watches", ok && is_err("ENOENT"), "got '%s'", said());
}

static void test_transactions(void)
{
	u32 t = tx_start(1), t2;
	bool ok;

	write_tx(1, t, "data/t1", "a");
	ok = t && is_ok() && read_err(1, 0, "data/t1", "ENOENT") &&
	     read_is(1, t, "data/t1", "a");
	req1(1, XS_DIRECTORY, t, "data");
	ok = ok && listed(body, rsp.hdr.len, "t1");
	req2(1, XS_WATCH, 0, "data/t1", "tw");
	drain(1);
	req1(1, XS_TRANSACTION_END, t, "T");
	ok = ok && is_ok() && read_is(1, 0, "data/t1", "a") &&
	     has_event_for(1, "data/t1", "tw");
	CHECK("transaction commit", ok, "got '%s'", said());

	t = tx_start(1);
	ok = read_is(1, t, "data/t1", "a");
	xwrite(1, "data/t1", "b");
	write_tx(1, t, "data/t2", "x");
	req1(1, XS_TRANSACTION_END, t, "T");
	ok = ok && is_err("EAGAIN") && read_err(1, 0, "data/t2", "ENOENT");
	CHECK("transaction conflict", ok, "got '%s'", said());

	t = tx_start(1);
	req1(1, XS_READ, t, "data/t9");
	xwrite(1, "data/t9", "new");
	write_tx(1, t, "data/t3", "x");
	req1(1, XS_TRANSACTION_END, t, "T");
	CHECK("transaction conflict on creation", is_err("EAGAIN"),
	      "got '%s'", said());

	t = tx_start(1);
	write_tx(1, t, "data/t3", "x");
	req1(1, XS_TRANSACTION_END, t, "F");
	ok = is_ok() && read_err(1, 0, "data/t3", "ENOENT");
	req1(1, XS_TRANSACTION_END, t, "T");
	CHECK("transaction abort", ok && is_err("ENOENT"), "got '%s'", said());

	t = tx_start(1);
	req1(1, XS_RM, t, "data/t1");
	ok = is_ok() && read_err(1, t, "data/t1", "ENOENT");
	write_tx(1, t, "data/t1/z", "q");
	ok = ok && read_is(1, t, "data/t1", "") &&
	     read_is(1, 0, "data/t1", "b");
	req1(1, XS_DIRECTORY, t, "data/t1");
	ok = ok && is_bytes("z", 2);
	req1(1, XS_TRANSACTION_END, t, "T");
	ok = ok && is_ok() && read_is(1, 0, "data/t1/z", "q") &&
	     read_is(1, 0, "data/t1", "");
	CHECK("transaction rm and recreate", ok, "got '%s'", said());

	t = tx_start(1);
	req1(1, XS_MKDIR, t, "data/pt");
	request(1, XS_SET_PERMS, t, "data/pt\0n1\0r2", 14);
	req1(1, XS_GET_PERMS, t, "data/pt");
	ok = is_bytes("n1\0r2\0", 6) && read_err(2, 0, "/local/domain/1/data/pt",
						"EACCES");
	req1(1, XS_TRANSACTION_END, t, "T");
	ok = ok && is_ok() && read_is(2, 0, "/local/domain/1/data/pt", "");
	CHECK("transaction set perms", ok, "got '%s'", said());

	CHECK("unknown transaction", read_err(1, 4242, "data/t1", "ENOENT"),
	      "got '%s'", said());
	t = tx_start(1);
	req1(1, XS_TRANSACTION_START, t, "");
	ok = is_err("EBUSY");
	req1(2, XS_READ, t, "data");
	ok = ok && is_err("ENOENT");
	req1(1, XS_TRANSACTION_END, t, "X");
	ok = ok && is_err("EINVAL");
	req1(1, XS_TRANSACTION_END, t, "F");
	CHECK("transaction misuse", ok && is_ok(), "got '%s'", said());

	t = tx_start(1);
	t2 = tx_start(2);
	write_tx(1, t, "data/p", "1");
	write_tx(2, t2, "data/p", "2");
	req1(2, XS_TRANSACTION_END, t2, "T");
	req1(1, XS_TRANSACTION_END, t, "T");
	CHECK("transactions of two domains", is_ok() &&
	      read_is(1, 0, "data/p", "1") && read_is(2, 0, "data/p", "2"),
	      "got '%s'", said());
}

static void test_malformed(void)
{
	static char big[5000];
	struct xsd_sockmsg req = { .type = XS_READ, .len = 5000 };
	bool ok;

	xs_handle(1, &req, big, &rsp);
	CHECK("oversized request", is_err("E2BIG"), "got '%s'", said());
	request(1, XS_READ, 0, "data", 4);
	ok = is_err("EINVAL");
	request(1, XS_READ, 0, "data\0x", 6);
	ok = ok && is_err("EINVAL");
	request(1, XS_WRITE, 0, "data/nonul", 10);
	ok = ok && is_err("EINVAL");
	request(1, XS_WATCH, 0, "data\0tok", 8);
	ok = ok && is_err("EINVAL");
	request(1, XS_READ, 0, "", 0);
	CHECK("missing NUL", ok && is_err("EINVAL"), "got '%s'", said());
	ok = read_err(1, 0, "data/a b", "EINVAL") &&
	     read_err(1, 0, "/local//domain", "EINVAL") &&
	     read_err(1, 0, "data/", "EINVAL") &&
	     read_err(1, 0, "", "EINVAL");
	memset(big, 'a', 3100);
	big[0] = '/';
	big[3100] = '\0';
	CHECK("bad paths", ok && read_err(0, 0, big, "EINVAL"),
	      "got '%s'", said());
	request(1, 999, 0, NULL, 0);
	ok = is_err("ENOSYS");
	request(1, XS_WATCH_EVENT, 0, NULL, 0);
	ok = ok && is_err("ENOSYS");
	req1(1, XS_CONTROL, 0, "print");
	ok = ok && is_err("EACCES");
	req1(1, XS_INTRODUCE, 0, "1");
	CHECK("unsupported types", ok && is_err("EACCES"), "got '%s'", said());
}

static void test_quota(void)
{
	static char v[3000];
	char path[64], tok[16];
	int i, n = 0;
	u32 t[XS_QUOTA_TRANSACTIONS + 1];

	memset(v, 'v', sizeof(v) - 1);
	xwrite(2, "data/big", v);
	CHECK("quota value size", is_err("ENOSPC"), "got '%s'", said());
	for (i = 0; i < XS_QUOTA_WATCHES + 1; i++) {
		snprintf(tok, sizeof(tok), "t%d", i);
		req2(2, XS_WATCH, 0, "data", tok);
		drain(2);
	}
	CHECK("quota watches", is_err("E2BIG"), "got '%s'", said());
	for (i = 0; i <= XS_QUOTA_TRANSACTIONS; i++)
		t[i] = tx_start(2);
	CHECK("quota transactions", is_err("ENOSPC") && t[0] &&
	      t[XS_QUOTA_TRANSACTIONS - 1], "got '%s'", said());
	for (i = 0; i < XS_QUOTA_NODES + 10; i++) {
		snprintf(path, sizeof(path), "data/q%d", i);
		xwrite(2, path, "x");
		if (!is_ok())
			break;
		n++;
	}
	CHECK("quota nodes", is_err("ENOSPC") && n < XS_QUOTA_NODES &&
	      xs_nr_nodes[2] <= XS_QUOTA_NODES, "%d nodes, got '%s'", n,
	      said());
	CHECK("quota memory", xs_mem_used(2) <= XS_QUOTA_MEM,
	      "%zu bytes", xs_mem_used(2));
	req1(1, XS_READ, 0, "data/t1");
	CHECK("quota isolates", is_value(""), "got '%s'", said());
}

static void test_destroy(void)
{
	bool ok;

	req2(0, XS_WATCH, 0, "/local/domain/2", "dom2");
	drain(0);
	xwrite(2, "/local/domain/1/data/p", "left behind");	/* b2 acl */
	xs_domain_destroyed(2);
	ok = !xs_has_event(2) && read_err(0, 0, "/local/domain/2", "ENOENT") &&
	     xs_mem_used(2) == 0 && xs_nr_nodes[2] == 0;
	CHECK("destroy cleans up", ok, "%zu bytes, %u nodes left",
	      xs_mem_used(2), xs_nr_nodes[2]);
	CHECK("destroy fires watches", has_event_for(0, "/local/domain/2",
						     "dom2"), "no event");
	ok = xs_domain_created(2, "guest2b", 1024, 1024, 1) == 0 &&
	     read_is(2, 0, "name", "guest2b") &&
	     read_err(2, 0, "/local/domain/1/data/p", "EACCES");
	CHECK("domain id reuse", ok, "got '%s'", said());
}

static void test_big_directory(void)
{
	char path[256];
	int i;

	for (i = 0; i < 50; i++) {
		snprintf(path, sizeof(path), "/tool/big/%0100d", i);
		xwrite(0, path, "");
	}
	req1(0, XS_DIRECTORY, 0, "/tool/big");
	CHECK("directory too big", is_err("E2BIG"), "got '%s'", said());
}

static size_t fuzz_path(char *buf)
{
	static const char *const comps[] = {
		"data", "x", "y", "a", "device", "control", "w",
	};
	size_t len = 0;
	int i, n = 1 + rand() % 4;

	if (rand() % 3 == 0)
		len = sprintf(buf, "/local/domain/%d/", rand() % 3);
	for (i = 0; i < n; i++)
		len += sprintf(buf + len, "%s%s", i ? "/" : "",
			       comps[rand() % ARRAY_SIZE(comps)]);
	return len + 1;		/* with its NUL */
}

/* A plausible payload for @type, sometimes damaged. */
static size_t fuzz_payload(u32 type, char *buf, size_t max)
{
	static const char *const perms[] = { "n1", "r2", "b1", "w2", "n0" };
	size_t len;

	switch (type) {
	case XS_WRITE:
		len = fuzz_path(buf);
		len += sprintf(buf + len, "v%d", rand() % 10);
		break;
	case XS_WATCH:
	case XS_UNWATCH:
		len = fuzz_path(buf);
		len += sprintf(buf + len, "t%d", rand() % 3) + 1;
		break;
	case XS_SET_PERMS:
		len = fuzz_path(buf);
		len += sprintf(buf + len, "%s", perms[rand() % 5]) + 1;
		if (rand() % 2)
			len += sprintf(buf + len, "%s", perms[rand() % 5]) + 1;
		break;
	case XS_TRANSACTION_END:
		len = sprintf(buf, rand() % 2 ? "T" : "F") + 1;
		break;
	default:
		len = fuzz_path(buf);
		break;
	}
	if (rand() % 10 == 0)
		buf[rand() % len] = rand() % 2 ? '\0' : '/';
	if (rand() % 20 == 0)
		len = rand() % max;
	return len;
}

/* Do the per-owner node counts match the tree? */
static bool counts_match(void)
{
	unsigned int count[XS_MAX_DOMAINS] = { 0 };
	struct xs_node *n;
	domid_t o;

	for (n = xs_root; n; n = xs_tree_walk_next(n)) {
		o = n->perms[0].domid;
		count[o < XS_MAX_DOMAINS ? o : 0]++;
	}
	return !memcmp(count, xs_nr_nodes, sizeof(count));
}

/* Random requests: replies stay well-formed, nothing breaks (ASan). */
static void test_fuzz(void)
{
	char buf[512];
	u32 txs[4] = { 0 };
	int i, ok = 0, failed = unit_failed;

	srand(7);
	for (i = 0; i < 50000; i++) {
		domid_t dom = rand() % 50 ? 1 + rand() % 2 : 0;
		u32 type = rand() % (XS_TYPE_COUNT + 2);
		size_t len = fuzz_payload(type, buf, sizeof(buf));

		request(dom, type, rand() % 2 ? txs[rand() % 4] : 0, buf, len);
		if (type == XS_TRANSACTION_START && rsp.hdr.type != XS_ERROR)
			txs[rand() % 4] = strtoul(body, NULL, 10);
		ok += rsp.hdr.type != XS_ERROR;
		drain(dom);
	}
	CHECK("fuzz", unit_failed == failed && ok > 5000 && counts_match(),
	      "malformed replies seen, or only %d successes", ok);
	xs_domain_destroyed(1);
	xs_domain_destroyed(2);
	CHECK("fuzz cleanup", xs_mem_used(1) == 0 && xs_mem_used(2) == 0 &&
	      counts_match(),
	      "%zu/%zu bytes left", xs_mem_used(1), xs_mem_used(2));
}

static struct domain ring_dom;
static struct xenstore_domain_interface *intf;
static int notified;

struct domain *domain_by_id(domid_t domid)
{
	return domid == 1 ? &ring_dom : NULL;
}

void evtchn_set_pending(struct domain *d, unsigned int port)
{
	if (d == &ring_dom && port == d->store_port)
		notified++;
}

/* The guest's side: put @len bytes in the request ring. */
static bool guest_put(const void *p, size_t len)
{
	const char *s = p;
	size_t i;

	for (i = 0; i < len; i++) {
		if (intf->req_prod - intf->req_cons >= XENSTORE_RING_SIZE)
			return false;
		intf->req[MASK_XENSTORE_IDX(intf->req_prod)] = s[i];
		intf->req_prod++;
	}
	return true;
}

/* Send a request in @pieces parts, notifying after each. */
static bool guest_send(u32 type, u32 req_id, const void *payload, u32 len,
		       int pieces)
{
	struct xsd_sockmsg hdr = { .type = type, .req_id = req_id, .len = len };
	static char buf[XS_MSG_MAX];
	size_t total = sizeof(hdr) + len, off = 0, n;
	int k;

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), payload, len);
	for (k = 0; k < pieces; k++) {
		n = k == pieces - 1 ? total - off : total / pieces;
		if (!guest_put(buf + off, n))
			return false;
		off += n;
		xs_ring_service(&ring_dom);
	}
	return true;
}

/* Take one whole message from the response ring into rsp. */
static bool guest_recv(void)
{
	u32 avail = intf->rsp_prod - intf->rsp_cons, i;

	if (avail < sizeof(rsp.hdr))
		return false;
	for (i = 0; i < sizeof(rsp.hdr); i++)
		rsp.bytes[i] = intf->rsp[MASK_XENSTORE_IDX(intf->rsp_cons + i)];
	if (rsp.hdr.len > XENSTORE_PAYLOAD_MAX ||
	    avail < sizeof(rsp.hdr) + rsp.hdr.len)
		return false;
	for (; i < sizeof(rsp.hdr) + rsp.hdr.len; i++)
		rsp.bytes[i] = intf->rsp[MASK_XENSTORE_IDX(intf->rsp_cons + i)];
	intf->rsp_cons += i;
	return true;
}

static bool guest_read_port(u32 req_id)
{
	return guest_send(XS_READ, req_id, "store/port", 11, 1) &&
	       guest_recv() && rsp.hdr.req_id == req_id && is_value("3");
}

static void ring_setup(void *page)
{
	memset(&ring_dom, 0, sizeof(ring_dom));
	ring_dom.domid = 1;
	strcpy(ring_dom.name, "ringer");
	ring_dom.nr_pages = 1024;
	ring_dom.nr_vcpus = 1;
	ring_dom.store_mfn = ((u64)(uintptr_t)page - DIRECTMAP_VIRT_START) >>
			     PAGE_SHIFT;
	ring_dom.store_port = 3;
	ring_dom.console_port = 2;
	ring_dom.console_mfn = 77;
	intf = page;
	xs_ring_init(&ring_dom);
	/* free-running indices: start near the wrap */
	intf->req_cons = intf->req_prod = 0xfffffe00u;
	intf->rsp_cons = intf->rsp_prod = 0xffffff00u;
	conns[1].req_cons = intf->req_cons;
	conns[1].rsp_prod = intf->rsp_prod;
}

static void test_ring_flow(void)
{
	char path[64], w[80];
	int i, n, sent = 0, got = 0;
	bool ok = true;

	CHECK("ring init", mfn_to_virt(ring_dom.store_mfn) == intf &&
	      intf->server_features == 3 &&
	      intf->connection == XENSTORE_CONNECTED, "features %u",
	      intf->server_features);
	CHECK("ring read", guest_read_port(7) && notified,
	      "got '%s'", said());
	for (i = 0; i < 200; i++) {
		n = sprintf(path, "data/k%d", i) + 1;
		memcpy(w, path, n);
		memcpy(w + n, "value", 5);
		ok = ok && guest_send(XS_WRITE, i, w, n + 5, 1 + i % 5) &&
		     guest_recv() && rsp.hdr.req_id == (u32)i && is_ok();
	}
	CHECK("ring pieces and wrap", ok, "got '%s'", said());
	ok = guest_send(XS_WATCH, 9, "data/k1\0tok", 12, 1) &&
	     guest_recv() && is_ok() && guest_recv() &&
	     rsp.hdr.type == XS_WATCH_EVENT && !strcmp(body, "data/k1");
	CHECK("ring event after reply", ok, "got type %u", rsp.hdr.type);
	/* the guest stops reading: replies wait, requests stay queued */
	while (intf->req_prod - intf->req_cons < 900 && sent < 100) {
		memcpy(w, "data/k1\0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 40);
		guest_send(XS_WRITE, 1000 + sent++, w, 40, 1);
	}
	CHECK("ring backpressure", intf->rsp_prod - intf->rsp_cons <=
	      XENSTORE_RING_SIZE && intf->req_prod != intf->req_cons,
	      "rsp %u", intf->rsp_prod - intf->rsp_cons);
	for (i = 0; i < 1000 && intf->req_prod != intf->req_cons; i++) {
		while (guest_recv())
			got++;
		xs_ring_service(&ring_dom);
	}
	while (guest_recv())
		got++;
	CHECK("ring backlog drains", got == 2 * sent, "%d of %d messages",
	      got, 2 * sent);
}

static void test_ring_abuse(void)
{
	struct xsd_sockmsg big = { .type = XS_READ, .req_id = 55,
				   .len = 100000 };
	int before;
	bool ok;

	ok = guest_put(&big, sizeof(big)) && guest_put("junk", 4);
	xs_ring_service(&ring_dom);
	ok = ok && guest_recv() && rsp.hdr.req_id == 55 && is_err("E2BIG");
	CHECK("ring oversized request", ok && guest_read_port(56),
	      "got '%s'", said());
	intf->req_prod += 5000;
	before = notified;
	xs_ring_service(&ring_dom);
	xs_ring_service(&ring_dom);
	CHECK("ring bogus req_prod", intf->error == XENSTORE_ERROR_RINGIDX &&
	      notified > before, "error %u", intf->error);
	intf->connection = XENSTORE_RECONNECT;
	xs_ring_service(&ring_dom);
	ok = intf->connection == XENSTORE_CONNECTED && !intf->error;
	CHECK("ring reconnect", ok && guest_read_port(57), "got '%s'", said());
	intf->rsp_cons -= 3000;
	guest_send(XS_READ, 58, "store/port", 11, 1);
	CHECK("ring bogus rsp_cons", intf->error == XENSTORE_ERROR_RINGIDX,
	      "error %u", intf->error);
	xs_ring_release(&ring_dom);
	CHECK("ring release", xs_mem_used(1) == 0, "%zu bytes left",
	      xs_mem_used(1));
}

static void test_ring(void)
{
	void *page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

	if (!page) {
		printf("SKIP: " SUITE " ring: no memory\n");
		return;
	}
	ring_setup(page);
	test_ring_flow();
	test_ring_abuse();
	free(page);
}

int main(void)
{
	test_setup();
	test_basic();
	test_perms();
	test_watches();
	test_transactions();
	test_malformed();
	test_quota();
	test_destroy();
	test_big_directory();
	test_fuzz();
	test_ring();
	return unit_failed ? 1 : 0;
}
