// SPDX-License-Identifier: GPL-2.0
/*
 * The xen bus (/sys/bus/xen) of the front ends, and XenBus's start of day.
 *
 * Devices come from the store: one per device/<type>/<id> directory
 * whose state reads Initialising (1) when we first see it; a device in
 * another state is left alone (it belongs to an earlier life or to the
 * toolstack's tear-down).  A driver serves one type.  Binding reads the
 * other end's details (backend-id, backend, whose directory must exist),
 * runs the driver's probe, then watches <backend>/state: each change,
 * and the first event the store fires at once, reaches the driver's
 * otherend_changed() on the xenwatch thread.
 *
 * A watch on "device" follows hotplug: a new directory is probed, a
 * device whose directory went away is unregistered (surprise removal:
 * the driver's remove() runs, we write Closed if we still can).
 * xb_scan_lock serializes the scans, so no node gets two devices.
 *
 * At late_initcall the boot waits, at most XB_BOOT_WAIT_S seconds, for
 * every bound device to reach Connected (or give up, Closing/Closed),
 * so that root=/dev/xvda finds its disk; what is still not connected
 * then is named in the log and the boot goes on.
 *
 * On Xen's initial domain there is no store ring: the bus exists, empty,
 * and nothing else happens.
 */
#include <linux/err.h>
#include <linux/init.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>
#include "../../../arch/x86/xenpv/xenpv.h"
#include "xb_internal.h"

#define XB_BOOT_WAIT_S	30

bool xb_store_up __ro_after_init;
static DEFINE_MUTEX(xb_scan_lock);
static DECLARE_WAIT_QUEUE_HEAD(xb_state_wq);

void xb_state_changed(void)
{
	wake_up_all(&xb_state_wq);
}

/* ---- sysfs ---- */

static ssize_t nodename_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_xb_device(dev)->nodename);
}
static DEVICE_ATTR_RO(nodename);

static ssize_t devtype_show(struct device *dev,
			    struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_xb_device(dev)->type);
}
static DEVICE_ATTR_RO(devtype);

static ssize_t modalias_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "xen:%s\n", to_xb_device(dev)->type);
}
static DEVICE_ATTR_RO(modalias);

static ssize_t state_show(struct device *dev,
			  struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", to_xb_device(dev)->state);
}
static DEVICE_ATTR_RO(state);

static struct attribute *xb_dev_attrs[] = {
	&dev_attr_nodename.attr,
	&dev_attr_devtype.attr,
	&dev_attr_modalias.attr,
	&dev_attr_state.attr,
	NULL,
};
ATTRIBUTE_GROUPS(xb_dev);

/* ---- binding ---- */

#define to_xb_driver(d)	container_of(d, struct xb_driver, driver)

static int xb_match(struct device *dev, struct device_driver *drv)
{
	return !strcmp(to_xb_device(dev)->type, to_xb_driver(drv)->type);
}

static int xb_read_otherend(struct xb_device *xd)
{
	int id;

	if (xb_scanf(XBT_NIL, xd->nodename, "backend-id", "%i", &id) != 1 ||
	    id < 0 || id >= DOMID_FIRST_RESERVED) {
		xb_dev_fatal(xd, -ENOENT, "reading backend-id");
		return -ENOENT;
	}
	xd->otherend_id = id;
	xd->otherend = xb_read(XBT_NIL, xd->nodename, "backend", NULL);
	if (IS_ERR(xd->otherend)) {
		int err = PTR_ERR(xd->otherend);

		xd->otherend = NULL;
		xb_dev_fatal(xd, err, "reading backend");
		return err;
	}
	if (!xd->otherend[0] || !xb_exists(XBT_NIL, xd->otherend, "")) {
		xb_dev_fatal(xd, -ENODEV, "no back end at '%s'", xd->otherend);
		return -ENODEV;
	}
	return 0;
}

static void xb_otherend_event(struct xb_watch *w, const char *path)
{
	struct xb_device *xd = container_of(w, struct xb_device,
					    otherend_watch);
	struct xb_driver *drv = to_xb_driver(xd->dev.driver);

	/* The watch also fires for children of state: not ours. */
	if (strcmp(path, w->path))
		return;
	/* The boot wait lets the driver finish what a state change began. */
	WRITE_ONCE(xd->busy, true);
	drv->otherend_changed(xd, xb_read_otherend_state(xd));
	WRITE_ONCE(xd->busy, false);
	xb_state_changed();
}

static void xb_forget_otherend(struct xb_device *xd)
{
	kfree(xd->otherend_watch.path);
	xd->otherend_watch.path = NULL;
	kfree(xd->otherend);
	xd->otherend = NULL;
}

static int xb_probe(struct device *dev)
{
	struct xb_device *xd = to_xb_device(dev);
	struct xb_driver *drv = to_xb_driver(dev->driver);
	int ret;

	ret = xb_read_otherend(xd);
	if (ret)
		goto fail;
	ret = -ENOMEM;
	xd->otherend_watch.path = kasprintf(GFP_KERNEL, "%s/state",
					    xd->otherend);
	if (!xd->otherend_watch.path)
		goto fail;
	xd->otherend_watch.callback = xb_otherend_event;
	ret = drv->probe(xd);
	if (ret)
		goto fail;
	ret = xb_watch_register(&xd->otherend_watch);
	if (ret) {
		drv->remove(xd);
		xb_dev_fatal(xd, ret, "watching %s", xd->otherend_watch.path);
		goto fail;
	}
	return 0;
fail:
	xb_forget_otherend(xd);
	return ret;
}

static void xb_remove(struct device *dev)
{
	struct xb_device *xd = to_xb_device(dev);
	struct xb_driver *drv = to_xb_driver(dev->driver);

	xb_watch_unregister(&xd->otherend_watch);
	drv->remove(xd);
	xb_switch_state(xd, XenbusStateClosed);
	xb_forget_otherend(xd);
	xb_state_changed();
}

static struct bus_type xb_bus_type = {
	.name		= "xen",
	.match		= xb_match,
	.probe		= xb_probe,
	.remove		= xb_remove,
	.dev_groups	= xb_dev_groups,
};

int xb_register_driver(struct xb_driver *drv)
{
	drv->driver.bus = &xb_bus_type;
	if (!drv->driver.name)
		drv->driver.name = drv->type;
	return driver_register(&drv->driver);
}

/* ---- devices from the store ---- */

static void xb_release(struct device *dev)
{
	struct xb_device *xd = to_xb_device(dev);

	kfree(xd->nodename);
	kfree(xd->type);
	kfree(xd);
}

static int xb_same_node(struct device *dev, const void *nodename)
{
	return !strcmp(to_xb_device(dev)->nodename, nodename);
}

static struct xb_device *xb_find(const char *nodename)
{
	struct device *dev = bus_find_device(&xb_bus_type, NULL, nodename,
					     xb_same_node);

	return dev ? to_xb_device(dev) : NULL;
}

static int xb_add(const char *type, const char *id, char *nodename)
{
	struct xb_device *xd = kzalloc(sizeof(*xd), GFP_KERNEL);
	int ret;

	if (!xd) {
		kfree(nodename);
		return -ENOMEM;
	}
	xd->nodename = nodename;
	xd->type = kstrdup(type, GFP_KERNEL);
	xd->state = XenbusStateInitialising;
	xd->dev.bus = &xb_bus_type;
	xd->dev.release = xb_release;
	device_initialize(&xd->dev);
	ret = dev_set_name(&xd->dev, "%s-%s", type, id);
	if (!ret && !xd->type)
		ret = -ENOMEM;
	if (!ret)
		ret = device_add(&xd->dev);
	if (ret) {
		pr_warn("xenbus: cannot add %s: %d\n", nodename, ret);
		put_device(&xd->dev);
	}
	return ret;
}

/* Only a node the store says is absent is gone (not one it cannot read). */
static bool xb_gone(const char *nodename)
{
	char *val = xb_read(XBT_NIL, nodename, "", NULL);

	if (IS_ERR(val))
		return PTR_ERR(val) == -ENOENT;
	kfree(val);
	return false;
}

/* Bring device/<type>/<id> in line with the store; xb_scan_lock held. */
static void xb_check_node(const char *type, const char *id)
{
	char *nodename = kasprintf(GFP_KERNEL, "device/%s/%s", type, id);
	struct xb_device *xd;
	unsigned int state;

	if (!nodename)
		return;
	xd = xb_find(nodename);
	if (xd) {
		if (xb_gone(nodename))
			device_unregister(&xd->dev);
	} else if (xb_scanf(XBT_NIL, nodename, "state", "%u", &state) == 1 &&
		   state == XenbusStateInitialising) {
		xb_add(type, id, nodename);
		nodename = NULL;
	}
	if (xd)
		put_device(&xd->dev);
	kfree(nodename);
}

static void xb_scan_type(const char *type)
{
	unsigned int n, i;
	char **ids = xb_directory(XBT_NIL, "device", type, &n);

	if (IS_ERR(ids))
		return;
	for (i = 0; i < n; i++)
		xb_check_node(type, ids[i]);
	kfree(ids);
}

/* Unregister a device whose directory is gone. */
static int xb_check_gone(struct device *dev, void *unused)
{
	struct xb_device *xd = to_xb_device(dev);

	if (xb_gone(xd->nodename))
		device_unregister(dev);
	return 0;
}

static void xb_scan_all(void)
{
	unsigned int n, i;
	char **types = xb_directory(XBT_NIL, "device", "", &n);

	if (!IS_ERR(types)) {
		for (i = 0; i < n; i++)
			xb_scan_type(types[i]);
		kfree(types);
	}
	bus_for_each_dev(&xb_bus_type, NULL, NULL, xb_check_gone);
}

/* Split "device/<type>/<id>[/...]" in place; false if it is not one. */
static bool xb_parse_node(char *path, char **type, char **id)
{
	char *top = strsep(&path, "/");

	if (strcmp(top, "device") || !path)
		return false;
	*type = strsep(&path, "/");
	*id = path ? strsep(&path, "/") : NULL;
	return **type && *id && **id;
}

/* A node below "device" changed: check it, or everything. */
static void xb_hotplug_event(struct xb_watch *w, const char *path)
{
	char *copy = kstrdup(path, GFP_KERNEL), *type, *id;

	mutex_lock(&xb_scan_lock);
	if (copy && xb_parse_node(copy, &type, &id))
		xb_check_node(type, id);
	else
		xb_scan_all();
	mutex_unlock(&xb_scan_lock);
	kfree(copy);
}

static struct xb_watch xb_hotplug_watch = {
	.path = "device",
	.callback = xb_hotplug_event,
};

/* ---- start of day ---- */

static int __init xb_bus_init(void)
{
	return bus_register(&xb_bus_type);
}
postcore_initcall(xb_bus_init);

/* One line that proves the store answers: who we are. */
static void __init xb_say_hello(void)
{
	char *name = xb_read(XBT_NIL, "name", "", NULL);
	unsigned int domid;

	if (xb_scanf(XBT_NIL, "domid", "", "%u", &domid) != 1)
		domid = DOMID_SELF;
	pr_info("xenbus: XenStore up: domain %u, name '%s'\n", domid,
		IS_ERR(name) ? "?" : name);
	if (!IS_ERR(name))
		kfree(name);
}

static int __init xb_init(void)
{
	int ret;

	xb_sys_hypervisor_init();
	if (xenpv_initial_domain || !xenpv_start_info->store_evtchn ||
	    !xenpv_start_info->store_mfn) {
		pr_info("xenbus: no XenStore (%s): no XenBus devices\n",
			xenpv_initial_domain ? "initial domain" : "no ring");
		return 0;
	}
	ret = gnt_init();
	ret = ret ?: xs_ring_init();
	ret = ret ?: xs_watch_init();
	if (ret) {
		pr_err("xenbus: cannot start: %d\n", ret);
		return 0;
	}
	xb_store_up = true;
	mutex_lock(&xb_scan_lock);
	xb_scan_all();
	mutex_unlock(&xb_scan_lock);
	xb_watch_register(&xb_hotplug_watch);
	xb_say_hello();
	return 0;
}
subsys_initcall(xb_init);

/* Returns 1 (stop the walk) for a bound device that is still connecting. */
static int xb_dev_connecting(struct device *dev, void *report)
{
	struct xb_device *xd = to_xb_device(dev);

	if (!dev->driver ||
	    (xd->state >= XenbusStateConnected && !READ_ONCE(xd->busy)))
		return 0;
	if (report)
		pr_warn("xenbus: %s not connected after %d s (state %d, back end %d); boot goes on\n",
			xd->nodename, XB_BOOT_WAIT_S, xd->state,
			xb_read_otherend_state(xd));
	return !report;
}

static bool xb_all_connected(void)
{
	return !bus_for_each_dev(&xb_bus_type, NULL, NULL, xb_dev_connecting);
}

static int __init xb_boot_wait(void)
{
	if (!xb_store_up)
		return 0;
	if (!wait_event_timeout(xb_state_wq, xb_all_connected(),
				XB_BOOT_WAIT_S * HZ))
		bus_for_each_dev(&xb_bus_type, NULL, (void *)1,
				 xb_dev_connecting);
	return 0;
}
late_initcall(xb_boot_wait);
