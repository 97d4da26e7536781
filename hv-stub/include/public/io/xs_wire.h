/* SPDX-License-Identifier: MIT */
/*
 * XenStore wire protocol (Xen 4.17 interface): message header, message
 * types and the shared ring page between a guest and the store.
 * Every message is a struct xsd_sockmsg followed by len payload bytes.
 */
#ifndef _XS_WIRE_H
#define _XS_WIRE_H

#include <stdint.h>

enum xsd_sockmsg_type {
	XS_CONTROL,
	XS_DIRECTORY,
	XS_READ,
	XS_GET_PERMS,
	XS_WATCH,
	XS_UNWATCH,
	XS_TRANSACTION_START,
	XS_TRANSACTION_END,
	XS_INTRODUCE,
	XS_RELEASE,
	XS_GET_DOMAIN_PATH,
	XS_WRITE,
	XS_MKDIR,
	XS_RM,
	XS_SET_PERMS,
	XS_WATCH_EVENT,
	XS_ERROR,
	XS_IS_DOMAIN_INTRODUCED,
	XS_RESUME,
	XS_SET_TARGET,
	/* 20 was XS_RESTRICT, now retired */
	XS_RESET_WATCHES = XS_SET_TARGET + 2,
	XS_DIRECTORY_PART,
	XS_TYPE_COUNT,
	XS_INVALID = 0xffff
};

#define XS_DEBUG		XS_CONTROL

#define XS_WRITE_NONE		"NONE"
#define XS_WRITE_CREATE		"CREATE"
#define XS_WRITE_CREATE_EXCL	"CREATE|EXCL"

struct xsd_sockmsg {
	uint32_t type;		/* XS_* */
	uint32_t req_id;	/* echoed in the reply */
	uint32_t tx_id;		/* 0 outside a transaction */
	uint32_t len;		/* payload bytes that follow */
};

/* Payload fields of an XS_WATCH_EVENT message. */
enum xs_watch_type {
	XS_WATCH_PATH = 0,
	XS_WATCH_TOKEN
};

#define XENSTORE_RING_SIZE	1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx)	((idx) & (XENSTORE_RING_SIZE - 1))

/* The guest produces req[] and consumes rsp[]; the store does the opposite. */
struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE];
	char rsp[XENSTORE_RING_SIZE];
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features;	/* XENSTORE_SERVER_FEATURE_*, store */
	uint32_t connection;		/* XENSTORE_CONNECTED/RECONNECT */
	uint32_t error;			/* XENSTORE_ERROR_*, store */
};

#define XENSTORE_PAYLOAD_MAX	4096
#define XENSTORE_ABS_PATH_MAX	3072
#define XENSTORE_REL_PATH_MAX	2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION	1
#define XENSTORE_SERVER_FEATURE_ERROR		2

#define XENSTORE_CONNECTED	0
#define XENSTORE_RECONNECT	1

#define XENSTORE_ERROR_NONE	0
#define XENSTORE_ERROR_COMM	1
#define XENSTORE_ERROR_RINGIDX	2
#define XENSTORE_ERROR_PROTO	3

#endif /* _XS_WIRE_H */
