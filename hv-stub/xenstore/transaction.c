// SPDX-License-Identifier: GPL-2.0
/*
 * XenStore transactions, and the "view" through which every request sees
 * and changes the store.  Pure.
 *
 * Outside a transaction a view is the tree itself: changes apply at once
 * and fire watches.  Inside one, changes go to the transaction's log
 * (newest first) and reads see the tree with the log applied on top.  The
 * transaction also remembers every path it looked at, whether it existed
 * then, and for a missing path its nearest existing ancestor.  Commit
 * (XS_TRANSACTION_END "T") fails with EAGAIN if any of those nodes was
 * created, removed or changed since the transaction started (each node
 * carries the xs_gen of its last change; a parent's changes when a child
 * comes or goes), else it replays the log on the tree, oldest first, in
 * one go: the service is single-threaded, so nobody sees half of it.
 * Abort ("F") just drops the log.
 */
#include "xs_internal.h"

enum xs_op_type { XS_OP_CREATE, XS_OP_WRITE, XS_OP_TOUCH, XS_OP_RM,
		  XS_OP_PERMS };

struct xs_op {
	struct xs_op *next;
	u8 type;
	u16 nr_perms;
	u32 len;
	char *path;
	char *value;			/* XS_OP_WRITE */
	struct xs_perm *perms;		/* XS_OP_CREATE, XS_OP_PERMS */
};

struct xs_access {
	struct xs_access *next;
	bool existed;
	char *path;
};

struct xs_tx {
	struct xs_tx *next;
	u32 id;
	domid_t domid;
	u64 start_gen;
	unsigned int creates;		/* XS_OP_CREATE in the log */
	size_t log_bytes;
	struct xs_op *ops;		/* newest first */
	struct xs_access *accessed;
};

static struct xs_tx *txs;
static unsigned int nr_txs[XS_MAX_DOMAINS];
static u32 next_tx_id;
static char scratch[XS_PATH_MAX + 1];	/* child paths of view_children */

static int add_access(struct xs_tx *tx, const char *path, size_t len,
		      bool existed)
{
	struct xs_access *a;

	for (a = tx->accessed; a; a = a->next)
		if (xs_strnlen(a->path, len + 1) == len &&
		    !xs_memcmp(a->path, path, len))
			return 0;
	a = xs_alloc(tx->domid, sizeof(*a) + len + 1, true);
	if (!a)
		return xs_alloc_err();
	a->path = (char *)(a + 1);
	xs_memcpy(a->path, path, len);
	a->existed = existed;
	a->next = tx->accessed;
	tx->accessed = a;
	return 0;
}

/* Remember @path, and its nearest existing ancestor if it is missing. */
static int record(struct xs_tx *tx, const char *path)
{
	size_t len = xs_strlen(path);
	int rc;

	if (xs_tree_lookup(path))
		return add_access(tx, path, len, true);
	rc = add_access(tx, path, len, false);
	while (!rc && len > 1) {
		len = xs_parent_len_n(path, len);
		if (xs_tree_lookup_n(path, len))
			return add_access(tx, path, len, true);
	}
	return rc;
}

static void view_lookup(struct xs_tx *tx, const char *path,
			struct xs_view *v)
{
	bool have_value = false, have_perms = false;
	struct xs_op *op;
	struct xs_node *n;

	xs_memset(v, 0, sizeof(*v));
	for (op = tx ? tx->ops : NULL; op; op = op->next) {
		if (op->type == XS_OP_RM && xs_path_within(path, op->path))
			return;		/* removed, not created since */
		if (!xs_streq(op->path, path))
			continue;
		if (!have_value && (op->type == XS_OP_WRITE ||
				    op->type == XS_OP_CREATE)) {
			v->value = op->value;
			v->len = op->len;
			have_value = true;
		}
		if (!have_perms && (op->type == XS_OP_PERMS ||
				    op->type == XS_OP_CREATE)) {
			v->perms = op->perms;
			v->nr_perms = op->nr_perms;
			have_perms = true;
		}
		if (op->type == XS_OP_CREATE) {
			v->exists = true;
			return;
		}
	}
	n = xs_tree_lookup(path);
	if (!n)
		return;
	v->exists = true;
	if (!have_value) {
		v->value = n->value;
		v->len = n->len;
	}
	if (!have_perms) {
		v->perms = n->perms;
		v->nr_perms = n->nr_perms;
	}
}

int xs_view_get(struct xs_tx *tx, const char *path, struct xs_view *v)
{
	int rc = tx ? record(tx, path) : 0;

	if (!rc)
		view_lookup(tx, path, v);
	return rc;
}

static bool listed(const char *buf, size_t len, const char *name)
{
	size_t off = 0;

	for (; off < len; off += xs_strlen(buf + off) + 1)
		if (xs_streq(buf + off, name))
			return true;
	return false;
}

/* Append child @name of @path to @buf if the view has it; -E2BIG if full */
static int add_child(struct xs_tx *tx, const char *path, const char *name,
		     char *buf, size_t *off, size_t max)
{
	size_t plen = xs_strlen(path), nlen = xs_strlen(name);
	struct xs_view v;

	if (tx) {
		if (plen + 1 + nlen > XS_PATH_MAX)
			return 0;
		xs_memcpy(scratch, path, plen);
		if (plen > 1)
			scratch[plen++] = '/';
		xs_memcpy(scratch + plen, name, nlen + 1);
		view_lookup(tx, scratch, &v);
		if (!v.exists || listed(buf, *off, name))
			return 0;
	}
	if (*off + nlen + 1 > max)
		return -XEN_E2BIG;
	xs_memcpy(buf + *off, name, nlen + 1);
	*off += nlen + 1;
	return 0;
}

/* The names of @path's children, each NUL-terminated; bytes or -errno. */
int xs_view_children(struct xs_tx *tx, const char *path, char *buf,
		     size_t max)
{
	struct xs_node *n = xs_tree_lookup(path), *c;
	size_t off = 0, plen = xs_strlen(path);
	struct xs_op *op;
	int rc = tx ? record(tx, path) : 0;

	for (c = n ? n->child : NULL; !rc && c; c = c->next)
		rc = add_child(tx, path, c->name, buf, &off, max);
	for (op = tx ? tx->ops : NULL; !rc && op; op = op->next)
		if (op->type == XS_OP_CREATE &&
		    xs_parent_len(op->path) == plen &&
		    xs_path_within(op->path, path))
			rc = add_child(tx, path, op->path + plen + (plen > 1),
				       buf, &off, max);
	return rc ? rc : (int)off;
}

static int log_op(struct xs_tx *tx, u8 type, const char *path,
		  const char *value, u32 len, const struct xs_perm *perms,
		  unsigned int nr)
{
	size_t plen = xs_strlen(path) + 1, psize = nr * sizeof(*perms);
	size_t size = sizeof(struct xs_op) + psize + plen + len;
	struct xs_op *op;
	int rc = record(tx, path);

	if (rc)
		return rc;
	op = xs_alloc(tx->domid, size, true);
	if (!op)
		return xs_alloc_err();
	op->type = type;
	op->perms = (struct xs_perm *)(op + 1);
	op->nr_perms = nr;
	xs_memcpy(op->perms, perms, psize);
	op->path = (char *)op->perms + psize;
	xs_memcpy(op->path, path, plen);
	op->value = op->path + plen;
	op->len = len;
	xs_memcpy(op->value, value, len);
	op->next = tx->ops;
	tx->ops = op;
	tx->log_bytes += size;
	if (type == XS_OP_CREATE)
		tx->creates++;
	else if (type == XS_OP_WRITE)
		tx->log_bytes += len;	/* the node's copy of it, on commit */
	return 0;
}

int xs_do_create(struct xs_tx *tx, domid_t domid, const char *path,
		 const struct xs_perm *perms, unsigned int nr)
{
	if (tx)
		return log_op(tx, XS_OP_CREATE, path, NULL, 0, perms, nr);
	return xs_tree_create(path, perms, nr, !xs_priv(domid));
}

int xs_do_write(struct xs_tx *tx, domid_t domid, const char *path,
		const char *value, u32 len)
{
	struct xs_node *n;
	int rc;

	if (tx)
		return log_op(tx, XS_OP_WRITE, path, value, len, NULL, 0);
	n = xs_tree_lookup(path);
	if (!n)
		return -XEN_ENOENT;
	rc = xs_tree_set_value(n, value, len, !xs_priv(domid));
	if (!rc)
		xs_watch_fire(path, n, false);
	return rc;
}

/* A change without new contents (a node created by XS_MKDIR) */
int xs_do_touch(struct xs_tx *tx, const char *path)
{
	struct xs_node *n;

	if (tx)
		return log_op(tx, XS_OP_TOUCH, path, NULL, 0, NULL, 0);
	n = xs_tree_lookup(path);
	if (n)
		xs_watch_fire(path, n, false);
	return 0;
}

int xs_do_rm(struct xs_tx *tx, const char *path)
{
	struct xs_node *n;

	if (tx)
		return log_op(tx, XS_OP_RM, path, NULL, 0, NULL, 0);
	n = xs_tree_lookup(path);
	if (!n || n == xs_root)
		return -XEN_ENOENT;
	xs_watch_fire(path, n, true);
	xs_tree_remove(n);
	return 0;
}

int xs_do_set_perms(struct xs_tx *tx, domid_t domid, const char *path,
		    const struct xs_perm *perms, unsigned int nr)
{
	struct xs_node *n;
	int rc;

	if (tx)
		return log_op(tx, XS_OP_PERMS, path, NULL, 0, perms, nr);
	n = xs_tree_lookup(path);
	if (!n)
		return -XEN_ENOENT;
	rc = xs_tree_set_perms(n, perms, nr, !xs_priv(domid));
	if (!rc)
		xs_watch_fire(path, n, false);
	return rc;
}

unsigned int xs_tx_creates(struct xs_tx *tx)
{
	return tx ? tx->creates : 0;
}

struct xs_tx *xs_tx_find(domid_t domid, u32 id)
{
	struct xs_tx *tx;

	for (tx = txs; tx; tx = tx->next)
		if (tx->domid == domid && tx->id == id)
			return tx;
	return NULL;
}

int xs_tx_start(domid_t domid, u32 *id)
{
	struct xs_tx *tx;

	if (!xs_priv(domid) && nr_txs[domid] >= XS_QUOTA_TRANSACTIONS)
		return -XEN_ENOSPC;
	tx = xs_alloc(domid, sizeof(*tx), true);
	if (!tx)
		return xs_alloc_err();
	do {
		tx->id = ++next_tx_id;
	} while (!tx->id || xs_tx_find(domid, tx->id));
	tx->domid = domid;
	tx->start_gen = xs_gen;
	tx->next = txs;
	txs = tx;
	nr_txs[domid]++;
	*id = tx->id;
	return 0;
}

static int check(struct xs_tx *tx)
{
	struct xs_access *a;
	struct xs_node *n;

	for (a = tx->accessed; a; a = a->next) {
		n = xs_tree_lookup(a->path);
		if (!n != !a->existed || (n && n->gen > tx->start_gen))
			return -XEN_EAGAIN;
	}
	if (xs_priv(tx->domid))
		return 0;
	if (xs_nr_nodes[tx->domid] + tx->creates > XS_QUOTA_NODES ||
	    xs_mem_used(tx->domid) + tx->log_bytes > 2 * XS_QUOTA_MEM)
		return -XEN_ENOSPC;
	return 0;
}

/* Apply the log, oldest first.  check() made sure each step succeeds. */
static void replay(struct xs_tx *tx)
{
	struct xs_op *op, *prev = NULL, *next;

	for (op = tx->ops; op; op = next) {
		next = op->next;
		op->next = prev;
		prev = op;
	}
	tx->ops = prev;
	for (op = tx->ops; op; op = op->next) {
		switch (op->type) {
		case XS_OP_CREATE:
			if (!xs_tree_lookup(op->path))
				xs_tree_create(op->path, op->perms,
					       op->nr_perms, false);
			break;
		case XS_OP_WRITE:
			xs_do_write(NULL, XS_PRIV, op->path, op->value,
				    op->len);
			break;
		case XS_OP_TOUCH:
			xs_do_touch(NULL, op->path);
			break;
		case XS_OP_RM:
			xs_do_rm(NULL, op->path);
			break;
		case XS_OP_PERMS:
			xs_do_set_perms(NULL, XS_PRIV, op->path, op->perms,
					op->nr_perms);
			break;
		}
	}
}

static void free_tx(struct xs_tx *tx)
{
	struct xs_tx **pp = &txs;
	void *next;

	while (*pp != tx)
		pp = &(*pp)->next;
	*pp = tx->next;
	nr_txs[tx->domid]--;
	for (; tx->ops; tx->ops = next) {
		next = tx->ops->next;
		xs_free(tx->ops);
	}
	for (; tx->accessed; tx->accessed = next) {
		next = tx->accessed->next;
		xs_free(tx->accessed);
	}
	xs_free(tx);
}

/* End @tx: commit (0, -EAGAIN, -ENOSPC) or abort; @tx is gone after. */
int xs_tx_end(struct xs_tx *tx, bool commit)
{
	int rc = commit ? check(tx) : 0;

	if (commit && !rc)
		replay(tx);
	free_tx(tx);
	return rc;
}

void xs_tx_end_all(domid_t domid)
{
	struct xs_tx *tx = txs, *next;

	for (; tx; tx = next) {
		next = tx->next;
		if (tx->domid == domid)
			free_tx(tx);
	}
}

void xs_tx_init(void)
{
	txs = NULL;
	xs_memset(nr_txs, 0, sizeof(nr_txs));
}
