// SPDX-License-Identifier: GPL-2.0
/*
 * ABI items as hv-stub's include/public/ headers define them.
 */
#define NAME_OURS
#include "abi_print.h"

#include <public/xen.h>
#include <public/errno.h>
#include <public/sched.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/callback.h>
#include <public/features.h>
#include <public/version.h>
#include <public/elfnote.h>
#include <public/io/console.h>
#include <public/io/xs_wire.h>
#include <public/io/blkif.h>
#include <public/io/xenbus.h>

#include "abi_list.h"

int main(void)
{
	abi_items();
	return 0;
}
