// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/devices/system/xen_memory/xen_memory0, laid out as the stock
 * kernel's: target_kb and target (bytes) read and set the target;
 * info/current_kb, info/low_kb and info/high_kb give the reservation and
 * the ballooned-out memory (all of it "low": x86_64 has no highmem).
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "balloon.h"
#include "policy.h"

static struct bus_type bl_subsys = {
	.name = "xen_memory",
	.dev_name = "xen_memory",
};

static ssize_t target_kb_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  bl_pages_to_kb(READ_ONCE(bl_stats.target_pages)));
}

static ssize_t target_kb_store(struct device *dev,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	unsigned long long kb;
	int ret = kstrtoull(buf, 0, &kb);

	if (ret)
		return ret;
	bl_set_target(bl_kb_to_pages(kb));
	return count;
}
static DEVICE_ATTR_RW(target_kb);

static ssize_t target_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  bl_pages_to_kb(READ_ONCE(bl_stats.target_pages)) *
			  1024);
}

static ssize_t target_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	unsigned long long bytes;
	char *end;

	bytes = memparse(buf, &end);
	if (end == buf)
		return -EINVAL;
	bl_set_target(bl_kb_to_pages(bytes / 1024));
	return count;
}
static DEVICE_ATTR_RW(target);

static struct attribute *bl_attrs[] = {
	&dev_attr_target_kb.attr,
	&dev_attr_target.attr,
	NULL,
};

static const struct attribute_group bl_group = {
	.attrs = bl_attrs,
};

#define BL_INFO_KB(name, expr)						\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%llu\n", bl_pages_to_kb(expr));		\
}									\
static DEVICE_ATTR_RO(name)

BL_INFO_KB(current_kb, READ_ONCE(bl_stats.current_pages));
BL_INFO_KB(low_kb, READ_ONCE(bl_stats.ballooned));
BL_INFO_KB(high_kb, 0);

static struct attribute *bl_info_attrs[] = {
	&dev_attr_current_kb.attr,
	&dev_attr_low_kb.attr,
	&dev_attr_high_kb.attr,
	NULL,
};

static const struct attribute_group bl_info_group = {
	.name = "info",
	.attrs = bl_info_attrs,
};

static const struct attribute_group *bl_groups[] = {
	&bl_group,
	&bl_info_group,
	NULL,
};

static void bl_dev_release(struct device *dev)
{
}

static struct device bl_dev = {
	.id = 0,
	.bus = &bl_subsys,
	.groups = bl_groups,
	.release = bl_dev_release,
};

int bl_sysfs_init(void)
{
	int ret = subsys_system_register(&bl_subsys, NULL);

	if (ret)
		return ret;
	ret = device_register(&bl_dev);
	if (ret) {
		put_device(&bl_dev);
		bus_unregister(&bl_subsys);
	}
	return ret;
}
