/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The toolstack's side in hv-stub (core/control.c): one command language,
 * xl-like, spoken on the control channel (COM2, scripts/hvctl) and typed
 * on the console when hv-stub has the input focus.  The protocol is in
 * the README ("The toolstack").
 */
#ifndef HV_CONTROL_H
#define HV_CONTROL_H

#include <hv/types.h>

struct domain;

enum control_sink { CONTROL_CHANNEL, CONTROL_CONSOLE };

void control_init(void);
/* timer tick: read the channel, finish commands that wait */
void control_poll(void);
/* run one command line; its output and verdict go to @sink */
void control_exec(const char *line, enum control_sink sink);
/* a domain's console output, for a channel attached with "console D" */
void control_console_output(struct domain *d, const char *s, size_t len);
/* the domain is gone (called while it is being destroyed) */
void control_domain_destroyed(struct domain *d);

/* console back end: one input byte for @d, false if its ring is full */
bool console_input(struct domain *d, char c);

#endif
