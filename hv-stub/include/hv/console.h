/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The serial ports (arch/x86_64/serial.c) and the console back end
 * (backends/console.c).
 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <hv/types.h>

struct domain;

/* COM1, the console; console_write() is in hv/lib.h */
void serial_init(void);
int serial_getc(void);

/* COM2, the control channel: false when the machine has none */
bool serial2_init(void);
void serial2_write(const char *s, size_t len);
int serial2_getc(void);

/*
 * A domain's console output (its ring or console_io), onto the serial
 * line with its "(dN) " prefix when prefixes are on.
 */
void console_guest_output(struct domain *d, const char *s, size_t len);
/* hv-stub begins a line of its own: end a domain's unfinished line */
void console_hv_line(void);

#endif
