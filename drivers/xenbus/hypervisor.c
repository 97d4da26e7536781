// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/hypervisor for a Xen guest, laid out as the kernel's own Xen
 * support lays it out, so that tools which ask "am I on Xen, which
 * version?" (virt-what, systemd-detect-virt, installers) get the answer
 * they would get from a stock Xen guest:
 *
 *   type                       "xen"
 *   guest_type                 "PV"
 *   uuid                       XENVER_guest_handle, else <vm>/uuid in the store
 *   version/{major,minor,extra}
 *   compilation/{compiler,compiled_by,compile_date}
 *   properties/{capabilities,changeset,virtual_start,pagesize,features,buildid}
 *
 * Every read asks the hypervisor again (XENVER_*); a query it refuses
 * reads as that error.  String fields of the ABI need not be
 * NUL-terminated, so they are printed with their size as the limit.
 */
#include <linux/err.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <xen/interface/xen.h>
#include <xen/interface/version.h>
#include "../../../arch/x86/xenpv/xenpv.h"
#include "xb_internal.h"

#define HYP_ATTR(_name)	static struct kobj_attribute _name##_attr = __ATTR_RO(_name)

static ssize_t type_show(struct kobject *k, struct kobj_attribute *a,
			 char *buf)
{
	return sysfs_emit(buf, "xen\n");
}
HYP_ATTR(type);

static ssize_t guest_type_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "PV\n");
}
HYP_ATTR(guest_type);

static ssize_t uuid_from_store(char *buf)
{
	char *vm, *uuid;
	ssize_t ret;

	if (!xb_store_up)
		return -ENODEV;
	vm = xb_read(XBT_NIL, "vm", "", NULL);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	uuid = xb_read(XBT_NIL, vm, "uuid", NULL);
	kfree(vm);
	if (IS_ERR(uuid))
		return PTR_ERR(uuid);
	ret = sysfs_emit(buf, "%s\n", uuid);
	kfree(uuid);
	return ret;
}

static ssize_t uuid_show(struct kobject *k, struct kobj_attribute *a,
			 char *buf)
{
	xen_domain_handle_t handle;

	if (hv_xen_version(XENVER_guest_handle, handle))
		return uuid_from_store(buf);
	return sysfs_emit(buf, "%pU\n", handle);
}
HYP_ATTR(uuid);

static struct attribute *hyp_root_attrs[] = {
	&type_attr.attr, &guest_type_attr.attr, &uuid_attr.attr, NULL,
};

static const struct attribute_group hyp_root_group = {
	.attrs = hyp_root_attrs,
};

/* ---- version ---- */

static ssize_t major_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	long v = hv_xen_version(XENVER_version, NULL);

	return v < 0 ? v : sysfs_emit(buf, "%ld\n", v >> 16);
}
HYP_ATTR(major);

static ssize_t minor_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	long v = hv_xen_version(XENVER_version, NULL);

	return v < 0 ? v : sysfs_emit(buf, "%ld\n", v & 0xffff);
}
HYP_ATTR(minor);

static ssize_t extra_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	struct xen_extraversion x;
	long ret = hv_xen_version(XENVER_extraversion, &x);

	return ret ?: sysfs_emit(buf, "%.*s\n", (int)sizeof(x.extraversion),
				 x.extraversion);
}
HYP_ATTR(extra);

static struct attribute *hyp_version_attrs[] = {
	&major_attr.attr, &minor_attr.attr, &extra_attr.attr, NULL,
};

static const struct attribute_group hyp_version_group = {
	.name = "version",
	.attrs = hyp_version_attrs,
};

/* ---- compilation ---- */

/* Print field @field (@len bytes) of XENVER_compile_info. */
static ssize_t compile_info_show(char *buf, size_t offset, size_t len)
{
	struct xen_compile_info *info = kmalloc(sizeof(*info), GFP_KERNEL);
	long ret;

	if (!info)
		return -ENOMEM;
	ret = hv_xen_version(XENVER_compile_info, info);
	if (!ret)
		ret = sysfs_emit(buf, "%.*s\n", (int)len, (char *)info + offset);
	kfree(info);
	return ret;
}

#define COMPILE_ATTR(_name, _field)					\
static ssize_t _name##_show(struct kobject *k, struct kobj_attribute *a,\
			    char *buf)					\
{									\
	return compile_info_show(buf,					\
		offsetof(struct xen_compile_info, _field),		\
		sizeof_field(struct xen_compile_info, _field));		\
}									\
HYP_ATTR(_name)

COMPILE_ATTR(compiler, compiler);
COMPILE_ATTR(compiled_by, compile_by);
COMPILE_ATTR(compile_date, compile_date);

static struct attribute *hyp_compile_attrs[] = {
	&compiler_attr.attr, &compiled_by_attr.attr, &compile_date_attr.attr,
	NULL,
};

static const struct attribute_group hyp_compile_group = {
	.name = "compilation",
	.attrs = hyp_compile_attrs,
};

/* ---- properties ---- */

static ssize_t capabilities_show(struct kobject *k, struct kobj_attribute *a,
				 char *buf)
{
	struct xen_capabilities_info *c = kmalloc(sizeof(*c), GFP_KERNEL);
	long ret;

	if (!c)
		return -ENOMEM;
	ret = hv_xen_version(XENVER_capabilities, c);
	if (!ret)
		ret = sysfs_emit(buf, "%.*s\n", (int)sizeof(c->info), c->info);
	kfree(c);
	return ret;
}
HYP_ATTR(capabilities);

static ssize_t changeset_show(struct kobject *k, struct kobj_attribute *a,
			      char *buf)
{
	struct xen_changeset_info c;
	long ret = hv_xen_version(XENVER_changeset, &c);

	return ret ?: sysfs_emit(buf, "%.*s\n", (int)sizeof(c.info), c.info);
}
HYP_ATTR(changeset);

static ssize_t virtual_start_show(struct kobject *k, struct kobj_attribute *a,
				  char *buf)
{
	struct xen_platform_parameters p;
	long ret = hv_xen_version(XENVER_platform_parameters, &p);

	return ret ?: sysfs_emit(buf, "%lx\n", (unsigned long)p.virt_start);
}
HYP_ATTR(virtual_start);

static ssize_t pagesize_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	long ret = hv_xen_version(XENVER_pagesize, NULL);

	return ret <= 0 ? (ret ?: -EIO) : sysfs_emit(buf, "%lx\n", ret);
}
HYP_ATTR(pagesize);

/* The feature submaps as one hex number, the highest submap first. */
static ssize_t features_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	struct xen_feature_info f;
	ssize_t len = 0;
	int i;
	long ret;

	for (i = XENFEAT_NR_SUBMAPS - 1; i >= 0; i--) {
		f.submap_idx = i;
		ret = hv_xen_version(XENVER_get_features, &f);
		if (ret)
			return ret;
		len += sysfs_emit_at(buf, len, "%08x", f.submap);
	}
	return len + sysfs_emit_at(buf, len, "\n");
}
HYP_ATTR(features);

static ssize_t buildid_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	struct xen_build_id *id;
	long size = hv_xen_version(XENVER_build_id, NULL);
	long ret;

	if (size == -EPERM)
		return sysfs_emit(buf, "<denied>\n");
	if (size <= 0)
		return size ?: -ENODATA;
	if (size > PAGE_SIZE)
		return -ENOSPC;
	id = kmalloc(sizeof(*id) + size, GFP_KERNEL);
	if (!id)
		return -ENOMEM;
	id->len = size;
	ret = hv_xen_version(XENVER_build_id, id);
	if (ret > 0)
		memcpy(buf, id->buf, min(ret, size));	/* binary, as on Xen */
	kfree(id);
	return ret > 0 ? min(ret, size) : ret;
}
HYP_ATTR(buildid);

static struct attribute *hyp_properties_attrs[] = {
	&capabilities_attr.attr, &changeset_attr.attr,
	&virtual_start_attr.attr, &pagesize_attr.attr, &features_attr.attr,
	&buildid_attr.attr, NULL,
};

static const struct attribute_group hyp_properties_group = {
	.name = "properties",
	.attrs = hyp_properties_attrs,
};

static const struct attribute_group *hyp_groups[] = {
	&hyp_root_group, &hyp_version_group, &hyp_compile_group,
	&hyp_properties_group, NULL,
};

int __init xb_sys_hypervisor_init(void)
{
	int ret;

	if (!hypervisor_kobj)
		return -ENODEV;
	ret = sysfs_create_groups(hypervisor_kobj, hyp_groups);
	if (ret)
		pr_warn("xenbus: no /sys/hypervisor: %d\n", ret);
	return ret;
}
