/* SPDX-License-Identifier: MIT */
/*
 * physdev_op: the one sub-op hv-stub implements for unprivileged guests,
 * the virtual I/O privilege level.
 */
#ifndef __XEN_PUBLIC_PHYSDEV_H__
#define __XEN_PUBLIC_PHYSDEV_H__

#include <stdint.h>

#define PHYSDEVOP_set_iopl	6

struct physdev_set_iopl {
	uint32_t iopl;		/* 0..3 */
};

#endif /* __XEN_PUBLIC_PHYSDEV_H__ */
