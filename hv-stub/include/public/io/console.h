/* SPDX-License-Identifier: MIT */
/*
 * PV console ring (Xen 4.17 interface): one shared page, two byte rings.
 * The guest produces into out[] and consumes from in[]; the back-end does
 * the opposite.  Indices run freely and are masked on use.
 */
#ifndef __XEN_PUBLIC_IO_CONSOLE_H__
#define __XEN_PUBLIC_IO_CONSOLE_H__

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring)	((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];
	char out[2048];
	XENCONS_RING_IDX in_cons, in_prod;	/* back-end writes in_prod */
	XENCONS_RING_IDX out_cons, out_prod;	/* guest writes out_prod */
};

#endif /* __XEN_PUBLIC_IO_CONSOLE_H__ */
