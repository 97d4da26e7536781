// SPDX-License-Identifier: GPL-2.0
/*
 * The toolstack's shutdown request: control/shutdown in our home.
 *
 * "poweroff" and "halt" power the guest off, "reboot" reboots it, both
 * the orderly way (user space's poweroff/reboot, as a power button
 * would), as the stock kernel does.  The request is read and
 * acknowledged (written back as "") in one transaction, so one request
 * is acted on once.  We announce what we understand with
 * control/feature-poweroff and control/feature-reboot, as Linux does.
 */
#include <linux/err.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "xb_internal.h"

#define CTL_TX_TRIES	8

/* The request, or NULL if there is none; the node is cleared. */
static char *ctl_take_request(void)
{
	unsigned int tries = 0;
	char *req;
	xb_tx_t t;
	int ret;

	do {
		if (xb_transaction_start(&t))
			return NULL;
		req = xb_read(t, "control", "shutdown", NULL);
		if (IS_ERR(req) || !*req) {
			xb_transaction_end(t, true);
			if (!IS_ERR(req))
				kfree(req);
			return NULL;
		}
		ret = xb_write(t, "control", "shutdown", "");
		if (ret) {
			xb_transaction_end(t, true);
			kfree(req);
			break;
		}
		ret = xb_transaction_end(t, false);
		if (!ret)
			return req;
		kfree(req);
	} while (ret == -EAGAIN && ++tries < CTL_TX_TRIES);
	pr_warn("xenbus: cannot acknowledge control/shutdown: %d\n", ret);
	return NULL;
}

static void ctl_shutdown_changed(struct xb_watch *w, const char *path)
{
	char *req = ctl_take_request();

	if (!req)
		return;
	if (!strcmp(req, "poweroff") || !strcmp(req, "halt")) {
		pr_info("xenbus: shutdown request '%s': powering off\n", req);
		orderly_poweroff(false);
	} else if (!strcmp(req, "reboot")) {
		pr_info("xenbus: shutdown request 'reboot': rebooting\n");
		orderly_reboot();
	} else {
		pr_warn("xenbus: shutdown request '%s' not supported\n", req);
	}
	kfree(req);
}

static struct xb_watch ctl_shutdown_watch = {
	.path = "control/shutdown",
	.callback = ctl_shutdown_changed,
};

static int __init ctl_init(void)
{
	int ret;

	if (!xb_store_ready())
		return 0;
	xb_write(XBT_NIL, "control", "feature-poweroff", "1");
	xb_write(XBT_NIL, "control", "feature-reboot", "1");
	ret = xb_watch_register(&ctl_shutdown_watch);
	if (ret)
		pr_warn("xenbus: no watch on control/shutdown: %d\n", ret);
	return 0;
}
device_initcall(ctl_init);
