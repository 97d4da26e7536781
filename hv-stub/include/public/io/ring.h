/* SPDX-License-Identifier: MIT */
/*
 * Shared I/O rings (Xen 4.17 interface, io/ring.h): one or more granted
 * pages holding a header of four free-running indices and then an array
 * of slots, each big enough for a request or a response.
 *
 * The front end writes req_prod and rsp_event, the back end rsp_prod and
 * req_event.  A side asks to be notified when the other's producer passes
 * its *_event index.  The number of slots is the largest power of two that
 * fits in the ring's pages after the header.
 */
#ifndef __XEN_PUBLIC_IO_RING_H__
#define __XEN_PUBLIC_IO_RING_H__

#include <stdint.h>

typedef uint32_t RING_IDX;

struct xen_sring_hdr {
	RING_IDX req_prod, req_event;	/* front end writes req_prod */
	RING_IDX rsp_prod, rsp_event;	/* back end writes rsp_prod */
	uint8_t pad[48];
};

#define XEN_SRING_HDR_SIZE	64

#endif /* __XEN_PUBLIC_IO_RING_H__ */
