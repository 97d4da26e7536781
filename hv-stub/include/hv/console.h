/* SPDX-License-Identifier: GPL-2.0 */
/* The hypervisor's serial console. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

void serial_init(void);
int serial_getc(void);

#endif
