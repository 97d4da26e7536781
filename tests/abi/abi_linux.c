// SPDX-License-Identifier: GPL-2.0
/*
 * ABI items as Linux 6.1's include/xen/interface/ headers define them,
 * compiled in user space with a few kernel types supplied by abi_shim.h.
 * Error numbers come from the kernel's uapi asm-generic/errno.h.
 */
#include "abi_print.h"
#include "abi_shim.h"

#include <asm-generic/errno.h>
#include <xen/interface/xen.h>
#include <xen/interface/sched.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/memory.h>
#include <xen/interface/vcpu.h>
#include <xen/interface/callback.h>
#include <xen/interface/features.h>
#include <xen/interface/version.h>
#include <xen/interface/elfnote.h>
#include <xen/interface/io/console.h>
#include <xen/interface/io/xs_wire.h>
#include <xen/interface/io/blkif.h>
#include <xen/interface/io/xenbus.h>

#include "abi_list.h"

int main(void)
{
	abi_items();
	return 0;
}
