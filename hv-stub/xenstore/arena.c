// SPDX-License-Identifier: GPL-2.0
/*
 * The XenStore's memory: one static arena cut into blocks, first fit,
 * free neighbours merged while searching.  Pure: no libc, no hv-stub
 * allocator (which hands out whole frames), so it builds unchanged in the
 * host unit test.
 *
 * Every block is charged to a domain: the owner of the node it belongs
 * to, or the domain whose watch or transaction it holds.  An unprivileged
 * request may only allocate while its domain stays under XS_QUOTA_MEM, so
 * that no guest can starve the store for the others: twice the sum of all
 * guests' quotas (a transaction's log and what its commit creates) stays
 * below the arena size.  The arena is given at start of day, sized to the
 * machine; xs_max_guests() is how many guests it holds on those terms.
 */
#include "xs_internal.h"

#define XS_ALIGN	16

/* Block header; the block's bytes (a multiple of XS_ALIGN) follow it. */
struct xs_blk {
	u32 size;		/* including this header */
	u16 charge;		/* domain charged for it */
	u16 used;
	u32 pad[2];
};

static u8 *arena;
static size_t arena_size;
static size_t mem_used[XS_MAX_DOMAINS];
static int alloc_err;

static struct xs_blk *blk_at(size_t off)
{
	return (struct xs_blk *)(arena + off);
}

static struct xs_blk *blk_of(void *p)
{
	return (struct xs_blk *)p - 1;
}

static unsigned int charge_slot(domid_t domid)
{
	return domid < XS_MAX_DOMAINS ? domid : XS_PRIV;
}

int xs_arena_init(void *mem, size_t size)
{
	struct xs_blk *b;

	BUILD_BUG_ON(sizeof(struct xs_blk) != XS_ALIGN);
	if ((uintptr_t)mem % XS_ALIGN || size < XS_ARENA_MIN ||
	    size > XS_ARENA_MAX)
		return -XEN_EINVAL;
	arena = mem;
	arena_size = size & ~(size_t)(XS_ALIGN - 1);
	xs_memset(mem_used, 0, sizeof(mem_used));
	b = blk_at(0);
	b->size = arena_size;
	b->used = 0;
	return 0;
}

unsigned int xs_max_guests(void)
{
	size_t n = arena_size * 15 / 16 / (2 * XS_QUOTA_MEM);

	return n < XS_MAX_DOMAINS - 1 ? n : XS_MAX_DOMAINS - 1;
}

/* Merge the free blocks following the free block at @off into it. */
static void merge_free(size_t off)
{
	struct xs_blk *b = blk_at(off), *n;

	while (off + b->size < arena_size) {
		n = blk_at(off + b->size);
		if (n->used)
			break;
		b->size += n->size;
	}
}

static void *take(size_t off, u32 need, unsigned int slot)
{
	struct xs_blk *b = blk_at(off), *rest;

	if (b->size - need >= 2 * XS_ALIGN) {
		rest = blk_at(off + need);
		rest->size = b->size - need;
		rest->used = 0;
		b->size = need;
	}
	b->used = 1;
	b->charge = slot;
	mem_used[slot] += b->size;
	xs_memset(b + 1, 0, b->size - sizeof(*b));
	return b + 1;
}

/* Zeroed memory charged to @charge, or NULL (xs_alloc_err() says why). */
void *xs_alloc(domid_t charge, size_t size, bool quota)
{
	unsigned int slot = charge_slot(charge);
	size_t off = 0;
	u32 need;

	if (size > arena_size / 2)
		goto nomem;
	need = (size + sizeof(struct xs_blk) + XS_ALIGN - 1) & ~(XS_ALIGN - 1);
	if (quota && slot != XS_PRIV && mem_used[slot] + need > XS_QUOTA_MEM) {
		alloc_err = -XEN_ENOSPC;
		return NULL;
	}
	while (off < arena_size) {
		struct xs_blk *b = blk_at(off);

		if (!b->used) {
			merge_free(off);
			if (b->size >= need)
				return take(off, need, slot);
		}
		off += b->size;
	}
nomem:
	alloc_err = -XEN_ENOMEM;
	return NULL;
}

void xs_free(void *p)
{
	struct xs_blk *b;

	if (!p)
		return;
	b = blk_of(p);
	mem_used[b->charge] -= b->size;
	b->used = 0;
}

void xs_recharge(void *p, domid_t to)
{
	struct xs_blk *b;

	if (!p)
		return;
	b = blk_of(p);
	mem_used[b->charge] -= b->size;
	b->charge = charge_slot(to);
	mem_used[b->charge] += b->size;
}

size_t xs_mem_used(domid_t domid)
{
	return mem_used[charge_slot(domid)];
}

/* Bytes in use, headers included, whoever is charged. */
size_t xs_mem_total(void)
{
	size_t sum = 0;
	unsigned int i;

	for (i = 0; i < XS_MAX_DOMAINS; i++)
		sum += mem_used[i];
	return sum;
}

int xs_alloc_err(void)
{
	return alloc_err;
}
