// SPDX-License-Identifier: GPL-2.0
/*
 * The console back end: each domain's console ring (start_info's
 * console.domU page, set up by the domain builder) drained to the serial
 * port when the guest notifies its port, and serial input, polled on the
 * timer tick, fed into the ring of the domain that has the input focus.
 *
 * With several domains every line of a domain's output starts with
 * "(dN) ", and a line one domain left unfinished is ended before another
 * source writes.  Ctrl-a three times in a row moves the input focus on,
 * as on Xen: hv-stub (whose input is the toolstack's command line, as on
 * the control channel), then each live domain in order.
 *
 * Ring indices are free-running; the guest writes out_prod and in_cons,
 * we write out_cons and in_prod.  Indices read from the ring are guest
 * input, so only their difference (bounded by the ring size) is used.
 */
#include <hv/backend.h>
#include <hv/console.h>
#include <hv/control.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/options.h>
#include <public/io/console.h>

#define CTRL_A		0x01
#define HV_FOCUS	0	/* input goes to hv-stub's command line */

static bool midline[DOMID_SLOTS];	/* its last line is unfinished */
static domid_t open_line;		/* whose line is unfinished, or 0 */
static bool several;			/* a domain other than 1 was built */
static domid_t focus = HV_FOCUS;
static bool focus_given;
static unsigned int ctrl_a;		/* Ctrl-a in a row */
static int held = -1;			/* input byte not delivered yet */
static char line[256];			/* hv-stub's command line */
static size_t line_len;

static struct xencons_interface *ring_of(struct domain *d)
{
	return d->console_mfn ? mfn_to_virt(d->console_mfn) : NULL;
}

static bool prefixes(void)
{
	return hv_opts.console_prefix == CONSOLE_PREFIX_ON ||
	       (hv_opts.console_prefix == CONSOLE_PREFIX_AUTO && several);
}

static void end_open_line(void)
{
	if (!open_line)
		return;
	console_write("\n", 1);
	midline[open_line] = false;
	open_line = 0;
}

void console_hv_line(void)
{
	end_open_line();
}

void console_guest_output(struct domain *d, const char *s, size_t len)
{
	domid_t id = d->domid;
	char prefix[12];

	control_console_output(d, s, len);
	if (open_line != id)
		end_open_line();
	while (len) {
		size_t n = 0;

		while (n < len && s[n] != '\n')
			n++;
		if (n < len)
			n++;		/* with its newline */
		if (!midline[id] && prefixes()) {
			snprintf(prefix, sizeof(prefix), "(d%u) ", id);
			console_write(prefix, strlen(prefix));
		}
		console_write(s, n);
		midline[id] = s[n - 1] != '\n';
		open_line = midline[id] ? id : 0;
		s += n;
		len -= n;
	}
}

static void console_drain(struct domain *d)
{
	struct xencons_interface *r = ring_of(d);
	char buf[64];
	u32 cons, prod;
	size_t n = 0;

	if (!r)
		return;
	cons = r->out_cons;
	prod = READ_ONCE(r->out_prod);
	if (prod - cons > sizeof(r->out))
		cons = prod - sizeof(r->out);	/* guest overran: skip */
	for (; cons != prod; cons++) {
		buf[n++] = r->out[cons % sizeof(r->out)];
		if (n == sizeof(buf)) {
			console_guest_output(d, buf, n);
			n = 0;
		}
	}
	if (n)
		console_guest_output(d, buf, n);
	r->out_cons = cons;
	evtchn_set_pending(d, d->console_port);
}

/* One byte into @d's input ring; false when the ring is full. */
bool console_input(struct domain *d, char c)
{
	struct xencons_interface *r = ring_of(d);

	if (!r || d->dying)
		return true;	/* nowhere to go: dropped */
	if (r->in_prod - r->in_cons >= sizeof(r->in))
		return false;
	r->in[r->in_prod % sizeof(r->in)] = c;
	r->in_prod++;
	evtchn_set_pending(d, d->console_port);
	return true;
}

static void announce_focus(void)
{
	if (focus == HV_FOCUS)
		pr_info("*** Serial input to hv-stub (type 'CTRL-a' three times to switch input; 'help' lists commands)\n");
	else
		pr_info("*** Serial input to DOM%u (type 'CTRL-a' three times to switch input)\n",
			focus);
}

/* The next live domain after @id (0: from the start), or HV_FOCUS. */
static domid_t next_domain(domid_t id)
{
	struct domain *d;
	unsigned int i;

	for (i = id + 1; i < DOMID_SLOTS; i++) {
		d = domain_by_id(i);
		if (d && !d->dying)
			return i;
	}
	return HV_FOCUS;
}

static void hv_line_input(char c)
{
	if (c == '\r' || c == '\n') {
		console_write("\n", 1);
		line[line_len] = '\0';
		control_exec(line, CONTROL_CONSOLE);
		line_len = 0;
	} else if (c == 0x7f || c == '\b') {
		if (line_len) {
			line_len--;
			console_write("\b \b", 3);
		}
	} else if (c >= ' ' && line_len + 1 < sizeof(line)) {
		line[line_len++] = c;
		console_write(&c, 1);
	}
}

static bool deliver(char c)
{
	struct domain *d;

	if (focus == HV_FOCUS) {
		hv_line_input(c);
		return true;
	}
	d = domain_by_id(focus);
	if (!d || d->dying) {
		focus = next_domain(focus);
		announce_focus();
		return true;	/* the byte was for a domain that is gone */
	}
	return console_input(d, c);
}

static void console_poll_input(void)
{
	int c, n;

	for (n = 0; n < 64; n++) {
		c = held >= 0 ? held : serial_getc();
		held = -1;
		if (c < 0)
			break;
		if (c == CTRL_A && ++ctrl_a == 3) {
			ctrl_a = 0;
			focus = next_domain(focus);
			announce_focus();
			continue;
		}
		if (c == CTRL_A)
			continue;
		for (; ctrl_a; ctrl_a--)
			deliver(CTRL_A);	/* not a switch after all */
		if (!deliver(c)) {
			held = c;
			break;
		}
	}
	control_poll();
}

static bool console_notify(struct domain *d, unsigned int port)
{
	if (port != d->console_port)
		return false;
	console_drain(d);
	return true;
}

static void console_domain_built(struct domain *d)
{
	if (d->domid != 1)
		several = true;
	midline[d->domid] = false;
	if (!focus_given) {
		focus = d->domid;
		focus_given = true;
	}
}

static void console_domain_destroyed(struct domain *d)
{
	if (open_line == d->domid)
		end_open_line();
	if (focus == d->domid) {
		focus = next_domain(d->domid) ?: next_domain(0);
		if (focus != HV_FOCUS)
			announce_focus();
	}
	control_domain_destroyed(d);
}

const struct backend console_backend = {
	.name = "console",
	.domain_built = console_domain_built,
	.notify = console_notify,
	.poll = console_poll_input,
	.domain_destroyed = console_domain_destroyed,
};
