// SPDX-License-Identifier: GPL-2.0
/*
 * The XenStore node tree: lookup, creation, values, permissions and
 * removal, with the quota bookkeeping of each node's owner.  Pure.
 *
 * Paths reaching this file are absolute and valid (xs_valid_path()).  Trees
 * can be as deep as a path is long, so nothing here recurses: subtrees are
 * walked through the parent links.  Watches fire in the callers
 * (transaction.c), which know which change a request made.
 */
#include "xs_internal.h"

struct xs_node *xs_root;
u64 xs_gen;			/* bumped by every change of the tree */
unsigned int xs_nr_nodes[XS_MAX_DOMAINS];	/* nodes per owner */

static unsigned int owner_slot(const struct xs_node *n)
{
	domid_t o = n->perms[0].domid;

	return o < XS_MAX_DOMAINS ? o : XS_PRIV;
}

static bool path_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
	       c == '@';
}

/* Absolute, no empty component, no trailing '/', xenstored's characters. */
bool xs_valid_path(const char *path)
{
	size_t i, len = xs_strnlen(path, XS_PATH_MAX + 1);

	if (len > XS_PATH_MAX || path[0] != '/')
		return false;
	if (len == 1)
		return true;
	if (path[len - 1] == '/')
		return false;
	for (i = 1; i < len; i++) {
		if (!path_char_ok(path[i]) ||
		    (path[i] == '/' && path[i - 1] == '/'))
			return false;
	}
	return true;
}

/* Is @path @top or below it? */
bool xs_path_within(const char *path, const char *top)
{
	size_t n = xs_strlen(top);
	size_t i;

	if (n == 1)
		return true;
	for (i = 0; i < n; i++)
		if (path[i] != top[i])
			return false;
	return path[n] == '\0' || path[n] == '/';
}

/* Length of the parent's path: "/a/b" -> 2, "/a" -> 1 ("/"). */
size_t xs_parent_len(const char *path)
{
	return xs_parent_len_n(path, xs_strlen(path));
}

/* The same for the first @i bytes of @path. */
size_t xs_parent_len_n(const char *path, size_t i)
{
	while (i > 0 && path[i - 1] != '/')
		i--;
	return i > 1 ? i - 1 : 1;
}

unsigned int xs_perm_for(domid_t domid, const struct xs_perm *perms,
			 unsigned int nr)
{
	unsigned int i;

	if (xs_priv(domid) || perms[0].domid == domid)
		return XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;
	for (i = 1; i < nr; i++)
		if (perms[i].domid == domid)
			return perms[i].access;
	return perms[0].access;
}

static struct xs_node *find_child(struct xs_node *n, const char *name,
				  size_t len)
{
	struct xs_node *c;
	size_t i;

	for (c = n->child; c; c = c->next) {
		for (i = 0; i < len && c->name[i] == name[i]; i++)
			;
		if (i == len && !c->name[len])
			return c;
	}
	return NULL;
}

struct xs_node *xs_tree_lookup_n(const char *path, size_t len)
{
	struct xs_node *n = xs_root;
	size_t i = 1, j;

	while (n && i < len) {
		for (j = i; j < len && path[j] != '/'; j++)
			;
		n = find_child(n, path + i, j - i);
		i = j + 1;
	}
	return n;
}

struct xs_node *xs_tree_lookup(const char *path)
{
	return xs_tree_lookup_n(path, xs_strlen(path));
}

static struct xs_perm *perms_dup(const struct xs_perm *perms,
				 unsigned int nr, bool quota)
{
	struct xs_perm *p = xs_alloc(perms[0].domid, nr * sizeof(*p), quota);

	if (p)
		xs_memcpy(p, perms, nr * sizeof(*p));
	return p;
}

static void link_child(struct xs_node *parent, struct xs_node *n)
{
	struct xs_node **pp = &parent->child;

	while (*pp)
		pp = &(*pp)->next;
	*pp = n;
	n->parent = parent;
	parent->gen = n->gen = ++xs_gen;
}

/*
 * Create @path (its parent must exist, itself must not) with an empty
 * value; @quota: charge against the owner's memory quota.
 */
int xs_tree_create(const char *path, const struct xs_perm *perms,
		   unsigned int nr, bool quota)
{
	size_t plen = xs_parent_len(path), nlen;
	struct xs_node *parent = xs_tree_lookup_n(path, plen), *n;
	const char *name = path + plen + (plen > 1);

	if (!parent)
		return -XEN_ENOENT;
	nlen = xs_strlen(name);
	n = xs_alloc(perms[0].domid, sizeof(*n) + nlen + 1, quota);
	if (!n)
		return xs_alloc_err();
	n->perms = perms_dup(perms, nr, quota);
	if (!n->perms) {
		xs_free(n);
		return xs_alloc_err();
	}
	n->nr_perms = nr;
	n->name = (char *)(n + 1);
	xs_memcpy(n->name, name, nlen);
	xs_nr_nodes[owner_slot(n)]++;
	link_child(parent, n);
	return 0;
}

int xs_tree_set_value(struct xs_node *n, const char *value, u32 len,
		      bool quota)
{
	char *v = NULL;

	if (len) {
		v = xs_alloc(n->perms[0].domid, len, quota);
		if (!v)
			return xs_alloc_err();
		xs_memcpy(v, value, len);
	}
	xs_free(n->value);
	n->value = v;
	n->len = len;
	n->gen = ++xs_gen;
	return 0;
}

/* Move @n's charges (node count, memory) to @to; perms untouched. */
static void charge_node(struct xs_node *n, domid_t to)
{
	xs_nr_nodes[owner_slot(n)]--;
	xs_recharge(n, to);
	xs_recharge(n->value, to);
	xs_nr_nodes[to < XS_MAX_DOMAINS ? to : XS_PRIV]++;
}

int xs_tree_set_perms(struct xs_node *n, const struct xs_perm *perms,
		      unsigned int nr, bool quota)
{
	struct xs_perm *p = perms_dup(perms, nr, quota);

	if (!p)
		return xs_alloc_err();
	charge_node(n, perms[0].domid);
	xs_free(n->perms);
	n->perms = p;
	n->nr_perms = nr;
	n->gen = ++xs_gen;
	return 0;
}

static void free_node(struct xs_node *n)
{
	xs_nr_nodes[owner_slot(n)]--;
	xs_free(n->value);
	xs_free(n->perms);
	xs_free(n);
}

/* Unlink @n from its parent and free it with all its descendants. */
void xs_tree_remove(struct xs_node *n)
{
	struct xs_node **pp = &n->parent->child, *cur = n, *p;

	while (*pp != n)
		pp = &(*pp)->next;
	*pp = n->next;
	n->parent->gen = ++xs_gen;
	for (;;) {
		while (cur->child)
			cur = cur->child;
		if (cur == n)
			break;
		p = cur->parent;
		p->child = cur->next;
		free_node(cur);
		cur = p;
	}
	free_node(n);
}

/* Drop @perms entries naming @domid (never the owner's). */
static void drop_acl(struct xs_node *n, domid_t domid)
{
	unsigned int i, j = 1;

	for (i = 1; i < n->nr_perms; i++)
		if (n->perms[i].domid != domid)
			n->perms[j++] = n->perms[i];
	n->nr_perms = j;
}

/* The node after @n in a depth-first walk of the whole tree, or NULL. */
struct xs_node *xs_tree_walk_next(struct xs_node *n)
{
	if (n->child)
		return n->child;
	while (n && !n->next)
		n = n->parent;
	return n ? n->next : NULL;
}

/*
 * A domain is gone: what it still owns goes to the privileged client and
 * its ACL entries are dropped, so that a later domain reusing the id
 * inherits nothing (as xenstored does since XSA-322).
 */
void xs_tree_forget_domain(domid_t domid)
{
	struct xs_node *n;

	for (n = xs_root; n; n = xs_tree_walk_next(n)) {
		if (n->perms[0].domid == domid) {
			charge_node(n, XS_PRIV);
			xs_recharge(n->perms, XS_PRIV);
			n->perms[0].domid = XS_PRIV;
		}
		drop_acl(n, domid);
	}
}

int xs_tree_init(void)
{
	static const struct xs_perm none = { XS_PRIV, XS_PERM_NONE };
	struct xs_node *n;

	xs_memset(xs_nr_nodes, 0, sizeof(xs_nr_nodes));
	n = xs_alloc(XS_PRIV, sizeof(*n) + 1, false);
	if (!n)
		return -XEN_ENOMEM;
	n->perms = perms_dup(&none, 1, false);
	if (!n->perms)
		return -XEN_ENOMEM;
	n->nr_perms = 1;
	n->name = (char *)(n + 1);
	xs_nr_nodes[XS_PRIV]++;
	xs_root = n;
	if (xs_tree_create("/local", &none, 1, false) ||
	    xs_tree_create("/local/domain", &none, 1, false) ||
	    xs_tree_create("/tool", &none, 1, false))
		return -XEN_ENOMEM;
	return 0;
}

unsigned int xs_node_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < XS_MAX_DOMAINS; i++)
		n += xs_nr_nodes[i];
	return n;
}
