/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Short errno names for hv-stub code.  Hypercalls return Xen's errno
 * values (public/errno.h), which equal Linux's on x86.  "Not implemented"
 * is spelt XEN_ENOSYS: Xen returns it for unknown sub-commands too.
 */
#ifndef HV_ERRNO_H
#define HV_ERRNO_H

#include <public/errno.h>

#define EPERM		XEN_EPERM
#define ENOENT		XEN_ENOENT
#define ESRCH		XEN_ESRCH
#define EIO		XEN_EIO
#define ENOEXEC		XEN_ENOEXEC
#define EAGAIN		XEN_EAGAIN
#define ENOMEM		XEN_ENOMEM
#define EACCES		XEN_EACCES
#define EFAULT		XEN_EFAULT
#define EBUSY		XEN_EBUSY
#define EEXIST		XEN_EEXIST
#define ENODEV		XEN_ENODEV
#define EINVAL		XEN_EINVAL
#define ENOSPC		XEN_ENOSPC
#define E2BIG		XEN_E2BIG
#define ERANGE		XEN_ERANGE
#define ETIMEDOUT	XEN_ETIMEDOUT
#define EOPNOTSUPP	XEN_EOPNOTSUPP

#endif
