// SPDX-License-Identifier: GPL-2.0
/*
 * XenStore requests: parse and check one wire message of a domain, run it
 * on the store and build the reply, as xenstored does for an unprivileged
 * domain (docs/misc/xenstore.txt).  Pure.
 *
 * Everything in a request is guest input: lengths are checked against the
 * payload, strings must be NUL-terminated where the protocol has them,
 * paths are made absolute (relative ones are below /local/domain/<domid>)
 * and validated before use.  Every error becomes an XS_ERROR reply naming
 * the errno ("ENOENT\0"); no request can make the store loop or fail.
 *
 * Access: the owner of a node (perms[0]) may do anything with it, others
 * get their ACL entry or perms[0]'s default.  Creating a node takes write
 * access to its nearest existing ancestor; the new node inherits that
 * ancestor's permissions, owned by its creator.  A missing node reads as
 * ENOENT, or EACCES if its nearest existing ancestor is unreadable.
 */
#include "xs_internal.h"

struct xs_req {
	domid_t domid;
	const struct xsd_sockmsg *hdr;
	const char *payload;
	u32 len;
	struct xs_tx *tx;
	char *out;			/* XENSTORE_PAYLOAD_MAX bytes */
	u32 out_len;
};

struct xs_handler {
	int (*fn)(struct xs_req *r);
	bool tx;			/* runs in hdr->tx_id's transaction */
};

static char path_buf[XS_PATH_MAX + 1];	/* the request's absolute path */

static const struct {
	int err;
	const char *name;
} err_names[] = {
	{ XEN_EINVAL, "EINVAL" }, { XEN_EACCES, "EACCES" },
	{ XEN_EEXIST, "EEXIST" }, { XEN_ENOENT, "ENOENT" },
	{ XEN_ENOMEM, "ENOMEM" }, { XEN_ENOSPC, "ENOSPC" },
	{ XEN_EIO, "EIO" }, { XEN_ENOSYS, "ENOSYS" },
	{ XEN_EBUSY, "EBUSY" }, { XEN_EAGAIN, "EAGAIN" },
	{ XEN_EISCONN, "EISCONN" }, { XEN_E2BIG, "E2BIG" },
	{ XEN_EPERM, "EPERM" },
};

/* The -errno an XS_ERROR payload of @len bytes names; -EIO if none. */
int xs_error_errno(const char *payload, size_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(err_names); i++)
		if (len == xs_strlen(err_names[i].name) + 1 &&
		    !xs_memcmp(payload, err_names[i].name, len))
			return -err_names[i].err;
	return -XEN_EIO;
}

static int reply_str(struct xs_req *r, const char *s)
{
	size_t n = xs_strlen(s) + 1;

	xs_memcpy(r->out, s, n);
	r->out_len = n;
	return 0;
}

static int ack(struct xs_req *r)
{
	return reply_str(r, "OK");
}

/* The payload is exactly one NUL-terminated string. */
static int one_arg(struct xs_req *r, const char **arg)
{
	if (!r->len || xs_strnlen(r->payload, r->len) != r->len - 1)
		return -XEN_EINVAL;
	*arg = r->payload;
	return 0;
}

/* Split the payload into NUL-terminated strings; keeps @max, counts all. */
static int split_args(struct xs_req *r, const char **argv, unsigned int max)
{
	unsigned int n = 0;
	u32 off = 0;
	size_t l;

	while (off < r->len) {
		l = xs_strnlen(r->payload + off, r->len - off);
		if (off + l == r->len)
			return -XEN_EINVAL;	/* unterminated */
		if (n < max)
			argv[n] = r->payload + off;
		n++;
		off += l + 1;
	}
	return n;
}

static size_t home_path(char *buf, domid_t domid)
{
	xs_memcpy(buf, "/local/domain/", 14);
	return 14 + xs_utoa(buf + 14, domid);
}

/* Put @in, made absolute, in path_buf; -EINVAL if it is no valid path. */
static int canonical(domid_t domid, const char *in)
{
	size_t n = 0, len = xs_strnlen(in, XS_PATH_MAX + 1);

	if (in[0] != '/') {
		if (!len || len > XENSTORE_REL_PATH_MAX)
			return -XEN_EINVAL;
		n = home_path(path_buf, domid);
		path_buf[n++] = '/';
	}
	if (n + len > XS_PATH_MAX)
		return -XEN_EINVAL;
	xs_memcpy(path_buf + n, in, len + 1);
	return xs_valid_path(path_buf) ? 0 : -XEN_EINVAL;
}

static unsigned int perm_of(struct xs_req *r, const struct xs_view *v)
{
	return xs_perm_for(r->domid, v->perms, v->nr_perms);
}

/*
 * path_buf is missing: find its nearest existing ancestor (length in
 * *anc, view in *av) and say ENOENT, or EACCES if that one is unreadable.
 */
static int missing(struct xs_req *r, size_t *anc, struct xs_view *av)
{
	size_t len = xs_strlen(path_buf);
	struct xs_view v;
	int rc;
	char c;

	do {
		len = xs_parent_len_n(path_buf, len);
		c = path_buf[len];
		path_buf[len] = '\0';
		rc = xs_view_get(r->tx, path_buf, &v);
		path_buf[len] = c;
	} while (!rc && !v.exists);
	if (rc)
		return rc;
	if (anc)
		*anc = len;
	if (av)
		*av = v;
	return perm_of(r, &v) & XS_PERM_READ ? -XEN_ENOENT : -XEN_EACCES;
}

/* The view of path_buf, if it exists and the domain has @want on it. */
static int get_node(struct xs_req *r, unsigned int want, struct xs_view *v)
{
	int rc = xs_view_get(r->tx, path_buf, v);

	if (rc)
		return rc;
	if (!v->exists)
		return missing(r, NULL, NULL);
	return (perm_of(r, v) & want) == want ? 0 : -XEN_EACCES;
}

/* Create path_buf and its missing ancestors. */
static int create_path(struct xs_req *r)
{
	struct xs_perm perms[XS_PERMS_MAX];
	size_t anc, end = xs_strlen(path_buf), i;
	unsigned int nr, k = 0;
	struct xs_view av;
	int rc = missing(r, &anc, &av);

	if (rc != -XEN_ENOENT && rc != -XEN_EACCES)
		return rc;
	if (!(perm_of(r, &av) & XS_PERM_WRITE))
		return -XEN_EACCES;
	for (i = anc + 1; i <= end; i++)
		k += i == end || path_buf[i] == '/';
	if (!xs_priv(r->domid) &&
	    xs_nr_nodes[r->domid] + xs_tx_creates(r->tx) + k > XS_QUOTA_NODES)
		return -XEN_ENOSPC;
	nr = av.nr_perms < XS_PERMS_MAX ? av.nr_perms : XS_PERMS_MAX;
	xs_memcpy(perms, av.perms, nr * sizeof(perms[0]));
	if (!xs_priv(r->domid))
		perms[0].domid = r->domid;
	for (rc = 0, i = anc + 1; !rc && i <= end; i++) {
		if (i < end && path_buf[i] != '/')
			continue;
		path_buf[i] = '\0';
		rc = xs_do_create(r->tx, r->domid, path_buf, perms, nr);
		path_buf[i] = i < end ? '/' : '\0';
	}
	return rc;
}

/* path_buf is to be written: 1 if created now, 0 if it was there. */
static int prepare_write(struct xs_req *r)
{
	struct xs_view v;
	int rc = xs_view_get(r->tx, path_buf, &v);

	if (rc)
		return rc;
	if (!v.exists)
		return create_path(r) ?: 1;
	return perm_of(r, &v) & XS_PERM_WRITE ? 0 : -XEN_EACCES;
}

static int op_read(struct xs_req *r)
{
	const char *arg;
	struct xs_view v;
	int rc = one_arg(r, &arg);

	rc = rc ?: canonical(r->domid, arg);
	rc = rc ?: get_node(r, XS_PERM_READ, &v);
	if (rc)
		return rc;
	if (v.len > XENSTORE_PAYLOAD_MAX)
		return -XEN_E2BIG;
	xs_memcpy(r->out, v.value, v.len);
	r->out_len = v.len;
	return 0;
}

static int op_write(struct xs_req *r)
{
	size_t plen = xs_strnlen(r->payload, r->len);
	u32 vlen;
	int rc;

	if (plen == r->len)
		return -XEN_EINVAL;
	vlen = r->len - plen - 1;
	if (!xs_priv(r->domid) && vlen > XS_QUOTA_VALUE)
		return -XEN_ENOSPC;
	rc = canonical(r->domid, r->payload);
	if (!rc)
		rc = prepare_write(r);
	if (rc >= 0)
		rc = xs_do_write(r->tx, r->domid, path_buf,
				 r->payload + plen + 1, vlen);
	return rc ?: ack(r);
}

static int op_mkdir(struct xs_req *r)
{
	const char *arg;
	int rc = one_arg(r, &arg);

	rc = rc ?: canonical(r->domid, arg);
	rc = rc ?: prepare_write(r);
	if (rc > 0)
		rc = xs_do_touch(r->tx, path_buf);
	return rc ?: ack(r);
}

static int op_rm(struct xs_req *r)
{
	const char *arg;
	struct xs_view v;
	size_t anc;
	int rc = one_arg(r, &arg);

	rc = rc ?: canonical(r->domid, arg);
	if (!rc && !xs_strcmp(path_buf, "/"))
		rc = -XEN_EINVAL;
	rc = rc ?: xs_view_get(r->tx, path_buf, &v);
	if (rc)
		return rc;
	if (!v.exists) {
		/* gone already: fine if the parent is there */
		rc = missing(r, &anc, NULL);
		return rc == -XEN_ENOENT && anc == xs_parent_len(path_buf) ?
		       ack(r) : rc;
	}
	if (!(perm_of(r, &v) & XS_PERM_WRITE))
		return -XEN_EACCES;
	return xs_do_rm(r->tx, path_buf) ?: ack(r);
}

static int op_directory(struct xs_req *r)
{
	const char *arg;
	struct xs_view v;
	int rc = one_arg(r, &arg);

	rc = rc ?: canonical(r->domid, arg);
	rc = rc ?: get_node(r, XS_PERM_READ, &v);
	rc = rc ?: xs_view_children(r->tx, path_buf, r->out,
				    XENSTORE_PAYLOAD_MAX);
	if (rc < 0)
		return rc;
	r->out_len = rc;
	return 0;
}

static const char perm_chars[] = "nrwb";	/* indexed by XS_PERM_* */

static int op_get_perms(struct xs_req *r)
{
	const char *arg;
	struct xs_view v;
	unsigned int i;
	char *p;
	int rc = one_arg(r, &arg);

	rc = rc ?: canonical(r->domid, arg);
	rc = rc ?: get_node(r, XS_PERM_READ, &v);
	if (rc)
		return rc;
	for (p = r->out, i = 0; i < v.nr_perms; i++) {
		*p++ = perm_chars[v.perms[i].access & 3];
		p += xs_utoa(p, v.perms[i].domid);
		*p++ = '\0';
	}
	r->out_len = p - r->out;
	return 0;
}

static int parse_domid(const char *s, domid_t *domid)
{
	u32 id = 0;

	if (!*s)
		return -XEN_EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -XEN_EINVAL;
		id = id * 10 + *s - '0';
		if (id > 0xffff)
			return -XEN_EINVAL;
	}
	*domid = id;
	return 0;
}

/* "r5" -> { 5, XS_PERM_READ } */
static int parse_perm(const char *s, struct xs_perm *p)
{
	size_t i;

	for (i = 0; i < 4 && perm_chars[i] != s[0]; i++)
		;
	if (i == 4)
		return -XEN_EINVAL;
	p->access = i;
	return parse_domid(s + 1, &p->domid);
}

static int op_set_perms(struct xs_req *r)
{
	const char *argv[1 + XS_PERMS_MAX];
	struct xs_perm perms[XS_PERMS_MAX];
	struct xs_view v;
	int i, n = split_args(r, argv, ARRAY_SIZE(argv)), rc = 0;

	if (n < 2)
		return n < 0 ? n : -XEN_EINVAL;
	if (n > (int)ARRAY_SIZE(argv))
		return -XEN_ENOSPC;
	for (i = 1; !rc && i < n; i++)
		rc = parse_perm(argv[i], &perms[i - 1]);
	rc = rc ?: canonical(r->domid, argv[0]);
	rc = rc ?: get_node(r, XS_PERM_WRITE, &v);
	if (rc)
		return rc;
	if (!xs_priv(r->domid) && perms[0].domid != v.perms[0].domid)
		return -XEN_EPERM;
	return xs_do_set_perms(r->tx, r->domid, path_buf, perms, n - 1) ?:
	       ack(r);
}

/* The watch path of XS_WATCH/XS_UNWATCH, in path_buf; 1 if relative. */
static int watch_path(struct xs_req *r, const char **argv)
{
	int rc, n = split_args(r, argv, 2);

	if (n != 2)
		return n < 0 ? n : -XEN_EINVAL;
	if (argv[0][0] == '@') {
		if (xs_strcmp(argv[0], "@introduceDomain") &&
		    xs_strcmp(argv[0], "@releaseDomain"))
			return -XEN_EINVAL;
		xs_memcpy(path_buf, argv[0], xs_strlen(argv[0]) + 1);
		return 0;
	}
	rc = canonical(r->domid, argv[0]);
	return rc ?: argv[0][0] != '/';
}

static int op_watch(struct xs_req *r)
{
	const char *argv[2];
	int rc = watch_path(r, argv);

	if (rc < 0)
		return rc;
	return xs_watch_add(r->domid, path_buf, rc, argv[1]) ?: ack(r);
}

static int op_unwatch(struct xs_req *r)
{
	const char *argv[2];
	int rc = watch_path(r, argv);

	if (rc < 0)
		return rc;
	return xs_watch_del(r->domid, path_buf, argv[1]) ?: ack(r);
}

static int op_tx_start(struct xs_req *r)
{
	u32 id;
	int rc;

	if (r->tx)
		return -XEN_EBUSY;
	rc = xs_tx_start(r->domid, &id);
	if (rc)
		return rc;
	r->out_len = xs_utoa(r->out, id);
	r->out[r->out_len++] = '\0';
	return 0;
}

static int op_tx_end(struct xs_req *r)
{
	const char *arg;
	int rc = one_arg(r, &arg);

	if (rc)
		return rc;
	if (!r->tx)
		return -XEN_ENOENT;
	if (xs_strcmp(arg, "T") && xs_strcmp(arg, "F"))
		return -XEN_EINVAL;
	return xs_tx_end(r->tx, arg[0] == 'T') ?: ack(r);
}

static int op_domain_path(struct xs_req *r)
{
	const char *arg;
	domid_t domid;
	int rc = one_arg(r, &arg);

	rc = rc ?: parse_domid(arg, &domid);
	if (rc)
		return rc;
	r->out_len = home_path(r->out, domid);
	r->out[r->out_len++] = '\0';
	return 0;
}

void xs_domain_reset(domid_t domid)
{
	if (domid >= XS_MAX_DOMAINS)
		return;
	xs_watch_del_all(domid);
	xs_tx_end_all(domid);
	xs_event_drop_all(domid);
}

static int op_reset_watches(struct xs_req *r)
{
	xs_domain_reset(r->domid);
	return ack(r);
}

/* privileged-only requests: an unprivileged domain is refused */
static int op_refuse(struct xs_req *r __maybe_unused)
{
	return -XEN_EACCES;
}

static const struct xs_handler handlers[XS_TYPE_COUNT] = {
	[XS_CONTROL] = { op_refuse },
	[XS_DIRECTORY] = { op_directory, true },
	[XS_READ] = { op_read, true },
	[XS_GET_PERMS] = { op_get_perms, true },
	[XS_WATCH] = { op_watch },
	[XS_UNWATCH] = { op_unwatch },
	[XS_TRANSACTION_START] = { op_tx_start, true },
	[XS_TRANSACTION_END] = { op_tx_end, true },
	[XS_INTRODUCE] = { op_refuse },
	[XS_RELEASE] = { op_refuse },
	[XS_GET_DOMAIN_PATH] = { op_domain_path },
	[XS_WRITE] = { op_write, true },
	[XS_MKDIR] = { op_mkdir, true },
	[XS_RM] = { op_rm, true },
	[XS_SET_PERMS] = { op_set_perms, true },
	[XS_IS_DOMAIN_INTRODUCED] = { op_refuse },
	[XS_RESUME] = { op_refuse },
	[XS_SET_TARGET] = { op_refuse },
	[XS_RESET_WATCHES] = { op_reset_watches },
};

static size_t error_reply(struct xsd_sockmsg *rh, int err)
{
	const char *name = "EINVAL";
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(err_names); i++)
		if (err_names[i].err == -err)
			name = err_names[i].name;
	n = xs_strlen(name) + 1;
	rh->type = XS_ERROR;
	rh->len = n;
	xs_memcpy(rh + 1, name, n);
	return sizeof(*rh) + n;
}

size_t xs_handle(domid_t domid, const struct xsd_sockmsg *req,
		 const char *payload, void *reply)
{
	struct xsd_sockmsg *rh = reply;
	struct xs_req r = {
		.domid = domid, .hdr = req, .payload = payload,
		.len = req->len, .out = (char *)(rh + 1),
	};
	const struct xs_handler *h = NULL;
	int rc = 0;

	*rh = *req;
	rh->len = 0;
	if (domid >= XS_MAX_DOMAINS)
		rc = -XEN_EACCES;
	else if (req->len > XENSTORE_PAYLOAD_MAX)
		rc = -XEN_E2BIG;
	else if (req->type < XS_TYPE_COUNT && handlers[req->type].fn)
		h = &handlers[req->type];
	else
		rc = -XEN_ENOSYS;
	if (h && h->tx && req->tx_id) {
		r.tx = xs_tx_find(domid, req->tx_id);
		if (!r.tx)
			rc = -XEN_ENOENT;
	}
	if (!rc)
		rc = h->fn(&r);
	if (rc < 0)
		return error_reply(rh, rc);
	rh->len = r.out_len;
	return sizeof(*rh) + r.out_len;
}

/* Write @value at path_buf as the privileged client. */
static int priv_write(const char *value)
{
	struct xs_req r = { .domid = XS_PRIV };
	int rc = prepare_write(&r);

	if (rc < 0)
		return rc;
	return xs_do_write(NULL, XS_PRIV, path_buf, value, xs_strlen(value));
}

int xs_write_str(const char *path, const char *value)
{
	return canonical(XS_PRIV, path) ?: priv_write(value);
}

int xs_read_str(const char *path, char *buf, size_t max)
{
	struct xs_node *n;
	int rc = canonical(XS_PRIV, path);

	if (rc)
		return rc;
	n = xs_tree_lookup(path_buf);
	if (!n)
		return -XEN_ENOENT;
	if (n->len >= max)
		return -XEN_E2BIG;
	xs_memcpy(buf, n->value, n->len);
	buf[n->len] = '\0';
	return n->len;
}

/* Write @value at /local/domain/<domid>/@key. */
static int home_write(domid_t domid, const char *key, const char *value)
{
	size_t n = home_path(path_buf, domid);

	path_buf[n++] = '/';
	xs_memcpy(path_buf + n, key, xs_strlen(key) + 1);
	return priv_write(value);
}

static int home_write_u32(domid_t domid, const char *key, u32 v)
{
	char num[11];

	num[xs_utoa(num, v)] = '\0';
	return home_write(domid, key, num);
}

static unsigned int nr_homes;	/* guests with a home in the store */

/*
 * The keys xl writes for a PV domU (those a Linux guest looks at), all
 * owned by the domain itself.
 */
int xs_domain_created(domid_t domid, const char *name, u64 mem_kib,
		      u64 max_kib, unsigned int nr_vcpus)
{
	static const char *const dirs[] = { "control", "device", "data" };
	struct xs_perm home = { domid, XS_PERM_NONE };
	char key[24] = "cpu/";
	unsigned int i;
	int rc;

	if (!domid || domid >= XS_MAX_DOMAINS)
		return -XEN_EINVAL;
	path_buf[home_path(path_buf, domid)] = '\0';
	if (xs_tree_lookup(path_buf))
		return -XEN_EEXIST;
	if (nr_homes >= xs_max_guests())
		return -XEN_ENOSPC;
	rc = xs_tree_create(path_buf, &home, 1, false);
	if (!rc)
		nr_homes++;
	rc = rc ?: home_write_u32(domid, "domid", domid);
	rc = rc ?: home_write(domid, "name", name ? name : "");
	if (mem_kib > 0xffffffff)
		mem_kib = 0xffffffff;
	if (max_kib > 0xffffffff)
		max_kib = 0xffffffff;
	rc = rc ?: home_write_u32(domid, "memory/target", mem_kib);
	rc = rc ?: home_write_u32(domid, "memory/static-max", max_kib);
	rc = rc ?: home_write(domid, "control/shutdown", "");
	for (i = 0; !rc && i < ARRAY_SIZE(dirs); i++)
		rc = home_write(domid, dirs[i], "");
	for (i = 0; !rc && i < nr_vcpus && i < 1000; i++) {
		xs_memcpy(key + 4 + xs_utoa(key + 4, i), "/availability", 14);
		rc = home_write(domid, key, "online");
	}
	return rc;
}

void xs_domain_destroyed(domid_t domid)
{
	struct xs_node *n;

	if (!domid || domid >= XS_MAX_DOMAINS)
		return;
	xs_domain_reset(domid);
	path_buf[home_path(path_buf, domid)] = '\0';
	n = xs_tree_lookup(path_buf);
	if (n) {
		xs_do_rm(NULL, path_buf);
		nr_homes--;
	}
	xs_tree_forget_domain(domid);
}

int xs_init(void *mem, size_t size)
{
	int rc = xs_arena_init(mem, size);

	if (rc)
		return rc;
	nr_homes = 0;
	xs_watch_init();
	xs_tx_init();
	return xs_tree_init();
}
