// SPDX-License-Identifier: GPL-2.0
/*
 * XenStore requests as the front ends use them: read, write, directory,
 * remove, transactions (docs/misc/xenstore.txt).  Each call is one
 * request and its reply on the ring (xs_ring.c); paths are "dir/node"
 * strings, relative ones resolved by the store under our home.
 *
 * The store reports errors as XS_ERROR with the errno's name; xs_errno()
 * turns the name back into -errno.  A name we do not know is -EINVAL;
 * "ENOSYS" (a request the store does not implement) is -EOPNOTSUPP.
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "xb_internal.h"

static const struct {
	const char *name;
	int err;
} xs_err_names[] = {
	{ "EINVAL", EINVAL }, { "EACCES", EACCES }, { "EEXIST", EEXIST },
	{ "EISDIR", EISDIR }, { "ENOENT", ENOENT }, { "ENOMEM", ENOMEM },
	{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "ENOTEMPTY", ENOTEMPTY },
	{ "ENOSYS", EOPNOTSUPP }, { "EROFS", EROFS }, { "EBUSY", EBUSY },
	{ "EAGAIN", EAGAIN }, { "EISCONN", EISCONN }, { "E2BIG", E2BIG },
	{ "EPERM", EPERM },
};

int xs_errno(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xs_err_names); i++)
		if (!strcmp(name, xs_err_names[i].name))
			return -xs_err_names[i].err;
	pr_warn_ratelimited("xenbus: unknown XenStore error '%.16s'\n", name);
	return -EINVAL;
}

/* "dir/node", "dir" when @node is empty; NULL when out of memory. */
char *xs_join(const char *dir, const char *node)
{
	if (!node[0])
		return kstrdup(dir, GFP_KERNEL);
	return kasprintf(GFP_KERNEL, "%s/%s", dir, node);
}

/* A request whose payload is the NUL-terminated @path, then @val. */
static void *xs_path_op(u32 type, xb_tx_t t, const char *dir,
			const char *node, const char *val, unsigned int *len)
{
	struct kvec vec[2];
	char *path = xs_join(dir, node);
	void *reply;

	if (!path)
		return ERR_PTR(-ENOMEM);
	vec[0].iov_base = path;
	vec[0].iov_len = strlen(path) + 1;
	if (val) {
		vec[1].iov_base = (void *)val;
		vec[1].iov_len = strlen(val);
	}
	reply = xs_talk(type, t, vec, val ? 2 : 1, len);
	kfree(path);
	return reply;
}

bool xb_store_ready(void)
{
	return xb_store_up;
}

char *xb_read(xb_tx_t t, const char *dir, const char *node,
	      unsigned int *len)
{
	return xs_path_op(XS_READ, t, dir, node, NULL, len);
}

int xb_write(xb_tx_t t, const char *dir, const char *node, const char *val)
{
	void *reply = xs_path_op(XS_WRITE, t, dir, node, val, NULL);

	if (IS_ERR(reply))
		return PTR_ERR(reply);
	kfree(reply);
	return 0;
}

int xb_printf(xb_tx_t t, const char *dir, const char *node,
	      const char *fmt, ...)
{
	va_list ap;
	char *val;
	int ret;

	va_start(ap, fmt);
	val = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	if (!val)
		return -ENOMEM;
	ret = xb_write(t, dir, node, val);
	kfree(val);
	return ret;
}

int xb_scanf(xb_tx_t t, const char *dir, const char *node,
	     const char *fmt, ...)
{
	char *val = xb_read(t, dir, node, NULL);
	va_list ap;
	int ret;

	if (IS_ERR(val))
		return PTR_ERR(val);
	va_start(ap, fmt);
	ret = vsscanf(val, fmt, ap);
	va_end(ap);
	kfree(val);
	return ret > 0 ? ret : -ERANGE;
}

unsigned int xb_read_uint(const char *dir, const char *node,
			  unsigned int def)
{
	unsigned int v;

	return xb_scanf(XBT_NIL, dir, node, "%u", &v) == 1 ? v : def;
}

bool xb_exists(xb_tx_t t, const char *dir, const char *node)
{
	void *reply = xs_path_op(XS_DIRECTORY, t, dir, node, NULL, NULL);

	if (IS_ERR(reply))
		return false;
	kfree(reply);
	return true;
}

/* Turn "a\0b\0c\0" (@len bytes) into an array of pointers, in place. */
static char **xs_split(char *body, unsigned int len, unsigned int *num)
{
	unsigned int n = 0, i;
	char **v, *p, *copy;

	for (i = 0; i < len; i++)
		n += !body[i];
	/* One allocation: the pointers, then the strings. */
	v = kmalloc(n * sizeof(*v) + len, GFP_KERNEL);
	if (!v)
		return ERR_PTR(-ENOMEM);
	copy = (char *)(v + n);
	memcpy(copy, body, len);
	for (p = copy, i = 0; i < n; i++, p += strlen(p) + 1)
		v[i] = p;
	*num = n;
	return v;
}

char **xb_directory(xb_tx_t t, const char *dir, const char *node,
		    unsigned int *num)
{
	unsigned int len;
	char *body = xs_path_op(XS_DIRECTORY, t, dir, node, NULL, &len);
	char **v;

	if (IS_ERR(body))
		return (char **)body;
	v = xs_split(body, len, num);
	kfree(body);
	return v;
}

int xb_rm(xb_tx_t t, const char *dir, const char *node)
{
	void *reply = xs_path_op(XS_RM, t, dir, node, NULL, NULL);

	if (IS_ERR(reply))
		return PTR_ERR(reply);
	kfree(reply);
	return 0;
}

int xb_transaction_start(xb_tx_t *t)
{
	struct kvec vec = { .iov_base = "", .iov_len = 1 };
	char *id = xs_talk(XS_TRANSACTION_START, XBT_NIL, &vec, 1, NULL);
	int ret;

	if (IS_ERR(id))
		return PTR_ERR(id);
	ret = kstrtou32(id, 10, t);
	kfree(id);
	if (!ret && *t == XBT_NIL)
		ret = -EPROTO;
	return ret;
}

int xb_transaction_end(xb_tx_t t, bool abort)
{
	struct kvec vec = { .iov_base = abort ? "F" : "T", .iov_len = 2 };
	void *reply = xs_talk(XS_TRANSACTION_END, t, &vec, 1, NULL);

	if (IS_ERR(reply))
		return PTR_ERR(reply);
	kfree(reply);
	return 0;
}
