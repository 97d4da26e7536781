/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ARCH_X86_XENPV_CONSOLE_H
#define _ARCH_X86_XENPV_CONSOLE_H

#include <linux/init.h>

/*
 * Register the boot console "xenpvboot" (console_io writes).  Needs
 * printk and the per-CPU area of CPU 0, nothing else; unregistered by
 * printk when hvc0 registers.
 */
void __init xenpv_early_console_init(void);

#endif
