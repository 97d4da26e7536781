/* SPDX-License-Identifier: MIT */
/*
 * XenBus device states (Xen 4.17 interface, io/xenbus.h): the value of a
 * front or back end's "state" node in XenStore.
 */
#ifndef __XEN_PUBLIC_IO_XENBUS_H__
#define __XEN_PUBLIC_IO_XENBUS_H__

enum xenbus_state {
	XenbusStateUnknown = 0,
	XenbusStateInitialising = 1,
	XenbusStateInitWait = 2,	/* back end: features published */
	XenbusStateInitialised = 3,	/* front end: rings published */
	XenbusStateConnected = 4,
	XenbusStateClosing = 5,
	XenbusStateClosed = 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured = 8,
};

#endif /* __XEN_PUBLIC_IO_XENBUS_H__ */
