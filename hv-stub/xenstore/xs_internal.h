/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pure XenStore files share: the arena allocator, the node tree,
 * watches, transactions and a few string helpers (the store uses no libc,
 * so that it builds unchanged in hv-stub and on the host).
 */
#ifndef XS_INTERNAL_H
#define XS_INTERNAL_H

#include <hv/types.h>
#include <hv/xenstore.h>
#include <public/errno.h>

#define XS_PRIV		0	/* domain id of the privileged client */
#define XS_PATH_MAX	XENSTORE_ABS_PATH_MAX

/* access bits of a permission entry and of perm_for()'s result */
#define XS_PERM_NONE	0
#define XS_PERM_READ	1
#define XS_PERM_WRITE	2
#define XS_PERM_OWNER	4

struct xs_perm {
	domid_t domid;
	u8 access;
};

/* one entry of the owner's, then up to XS_QUOTA_PERMS ACL entries */
#define XS_PERMS_MAX	(1 + XS_QUOTA_PERMS)

/*
 * A node of the store.  perms[0] names the owner and gives everybody
 * else's default access; the owner is charged for the node's memory and
 * counted against its node quota.  gen is the value of xs_gen when the
 * node was created or its value, permissions or child list last changed.
 */
struct xs_node {
	struct xs_node *parent, *child, *next;
	char *name;
	char *value;
	u32 len;
	u16 nr_perms;
	struct xs_perm *perms;
	u64 gen;
};

/* arena.c */
int xs_arena_init(void *mem, size_t size);
void *xs_alloc(domid_t charge, size_t size, bool quota);
void xs_free(void *p);
void xs_recharge(void *p, domid_t to);
size_t xs_mem_used(domid_t domid);
int xs_alloc_err(void);

static inline bool xs_priv(domid_t domid)
{
	return domid == XS_PRIV;
}

static inline size_t xs_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static inline size_t xs_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static inline int xs_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static inline bool xs_streq(const char *a, const char *b)
{
	return !xs_strcmp(a, b);
}

static inline int xs_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

static inline void xs_memcpy(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	while (n--)
		*d++ = *s++;
}

static inline void xs_memmove(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	if (d <= s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
}

static inline void xs_memset(void *dst, int c, size_t n)
{
	char *d = dst;

	while (n--)
		*d++ = c;
}

/* Decimal of @v at @buf (no NUL); returns the number of digits. */
static inline size_t xs_utoa(char *buf, u32 v)
{
	char tmp[10];
	size_t n = 0, i;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

/* tree.c */
extern struct xs_node *xs_root;
extern u64 xs_gen;
extern unsigned int xs_nr_nodes[XS_MAX_DOMAINS];

bool xs_valid_path(const char *path);
bool xs_path_within(const char *path, const char *top);
size_t xs_parent_len(const char *path);
size_t xs_parent_len_n(const char *path, size_t len);
unsigned int xs_perm_for(domid_t domid, const struct xs_perm *perms,
			 unsigned int nr);
struct xs_node *xs_tree_lookup(const char *path);
struct xs_node *xs_tree_walk_next(struct xs_node *n);
struct xs_node *xs_tree_lookup_n(const char *path, size_t len);
int xs_tree_create(const char *path, const struct xs_perm *perms,
		   unsigned int nr, bool quota);
int xs_tree_set_value(struct xs_node *n, const char *value, u32 len,
		      bool quota);
int xs_tree_set_perms(struct xs_node *n, const struct xs_perm *perms,
		      unsigned int nr, bool quota);
void xs_tree_remove(struct xs_node *n);
void xs_tree_forget_domain(domid_t domid);
int xs_tree_init(void);

/* watch.c */
int xs_watch_add(domid_t domid, const char *path, bool relative,
		 const char *token);
int xs_watch_del(domid_t domid, const char *path, const char *token);
void xs_watch_del_all(domid_t domid);
void xs_watch_fire(const char *path, const struct xs_node *n, bool recurse);
void xs_event_drop_all(domid_t domid);
void xs_watch_init(void);

/* transaction.c: the "view" a request sees, inside a transaction or not */
struct xs_tx;

struct xs_view {
	bool exists;
	const char *value;
	u32 len;
	const struct xs_perm *perms;
	unsigned int nr_perms;
};

struct xs_tx *xs_tx_find(domid_t domid, u32 id);
int xs_tx_start(domid_t domid, u32 *id);
int xs_tx_end(struct xs_tx *tx, bool commit);
void xs_tx_end_all(domid_t domid);
void xs_tx_init(void);
unsigned int xs_tx_creates(struct xs_tx *tx);

int xs_view_get(struct xs_tx *tx, const char *path, struct xs_view *v);
int xs_view_children(struct xs_tx *tx, const char *path, char *buf,
		     size_t max);
int xs_do_create(struct xs_tx *tx, domid_t domid, const char *path,
		 const struct xs_perm *perms, unsigned int nr);
int xs_do_write(struct xs_tx *tx, domid_t domid, const char *path,
		const char *value, u32 len);
int xs_do_touch(struct xs_tx *tx, const char *path);
int xs_do_rm(struct xs_tx *tx, const char *path);
int xs_do_set_perms(struct xs_tx *tx, domid_t domid, const char *path,
		    const struct xs_perm *perms, unsigned int nr);

#endif /* XS_INTERNAL_H */
