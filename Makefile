# SPDX-License-Identifier: GPL-2.0
#
# xenpv top-level Makefile: one target per job, all outputs in build/.
# The work is done by scripts/ and by the sub-Makefiles; this file only
# wires them together. "make help" lists the targets.

SHELL := /bin/bash
BUILD := $(CURDIR)/build
CHECKPATCH := $(BUILD)/linux-6.1/scripts/checkpatch.pl
# Our C sources (checked by "make check"); the kernel tree is not ours.
C_SOURCES = $(shell find hv-stub arch-xenpv drivers tests -type f \
		\( -name '*.c' -o -name '*.h' \) 2>/dev/null | sort)
PATCHES = $(wildcard patches/*.patch)
HV_SOURCES = $(shell find hv-stub -name '*.c' | sort)

progress = @echo "==> $(1)"

.PHONY: help deps kernel-src xen-fixture xen-dom0 hv-stub smoke initramfs test fuzz soak check run \
	kernel-stock kernel-stock-dom0 kernel-native kernel kernel-xenpv bench bench-boot bench-batching bench-blk \
	bench-os bench-domains \
	clean distclean

help:
	@echo 'xenpv targets:'
	@echo '  make deps         install the Debian packages the project needs'
	@echo '  make kernel-src   unpack pristine Linux 6.1 into build/linux-6.1'
	@echo '  make xen-fixture  fetch real Xen 4.17 into build/xen/xen (test fixture)'
	@echo '  make xen-dom0     the dom0 of scripts/boot --hv xen-xl (Debian kernel + Xen userland)'
	@echo '                    into build/xen-dom0/'
	@echo '  make hv-stub      build build/hv-stub/hv-stub.elf'
	@echo '  make smoke        build the smoke test kernels into build/smoke/'
	@echo '  make initramfs    build build/initramfs.cpio.gz (busybox, tests/initramfs/init, stress)'
	@echo '  make kernel-stock build the stock Linux 6.1 Xen PV kernel (build/kernel-stock/vmlinux)'
	@echo '  make kernel-stock-dom0 the same with dom0 support, what real Xen boots'
	@echo '  make kernel-native build the same source natively (build/kernel-native/.../bzImage)'
	@echo '  make kernel       build our own port (patches/ + arch-xenpv/, CONFIG_XEN off)'
	@echo '                    into build/kernel-xenpv/vmlinux (same as make kernel-xenpv)'
	@echo '  make test         build what the tests need, run tests/run (log: build/test.log)'
	@echo '  make fuzz         seeded fuzz kernels on hv-stub with random seeds for FUZZ_MINUTES'
	@echo '                    (default 30) minutes: tests/fuzz/run, then as long the ring'
	@echo '                    fuzzers beside a well-behaved domain: tests/fuzz/rings'
	@echo '  make soak         create/run/destroy domains with disks for SOAK_MINUTES (default'
	@echo '                    120) minutes, frames and XenStore checked each cycle: tests/soak/run'
	@echo '  make bench        every benchmark in tests/bench (tables, never a verdict)'
	@echo '  make bench-boot   boot times: hv-stub vs Xen (tiny kernel); stock and xenpv Linux vs native'
	@echo '  make bench-batching  hypercalls and page-table ops per fork+exit/exec, xenpv.batch=1 vs 0'
	@echo '  make bench-blk    block I/O by fio: native virtio-blk, stock xen-blkfront and our blkfront on hv-stub'
	@echo '                    and on real Xen (dom0 back ends, --hv xen-xl)'
	@echo '  make bench-os     OS micro-benchmarks (osbench): native, stock and ours on hv-stub and on Xen'
	@echo '  make bench-domains  many domains: performance isolation and scalability to 128 domains'
	@echo '  make check        checkpatch over our C sources and patches, sparse over hv-stub'
	@echo '                    and the port and its drivers;'
	@echo '                    fails on any warning'
	@echo '  make run          build and boot our port on hv-stub to a shell (Ctrl-a x quits QEMU)'
	@echo '  make clean        remove build outputs (keeps build/linux-6.1 and build/xen)'
	@echo '  make distclean    remove all of build/'
	@echo 'Boot by hand: scripts/boot --help. Tests by tier: tests/run unit abi smoke e2e'

deps:
	@scripts/deps

kernel-src: deps
	$(call progress,kernel source)
	@scripts/kernel-src >/dev/null

xen-fixture: deps
	$(call progress,Xen fixture)
	@scripts/xen-fixture >/dev/null

# The dom0 of scripts/boot --hv xen-xl: Debian's kernel and Xen userland,
# downloaded and unpacked once (never installed).
xen-dom0: deps kernel-src xen-fixture
	$(call progress,dom0 image for --hv xen-xl)
	@scripts/xen-dom0 >/dev/null

hv-stub: deps
	$(call progress,hv-stub)
	@[ -f hv-stub/Makefile ] || { echo "hv-stub/Makefile missing: hv-stub is not written yet" >&2; exit 1; }
	@$(MAKE) --no-print-directory -C hv-stub O=$(BUILD)/hv-stub

smoke: deps
	$(call progress,smoke kernels)
	@$(MAKE) --no-print-directory -C tests/smoke O=$(BUILD)/smoke

kernel-stock: deps
	$(call progress,Linux 6.1 stock Xen PV kernel)
	@scripts/build-kernel stock

kernel-stock-dom0: deps
	$(call progress,Linux 6.1 stock Xen PV kernel with dom0 support (for real Xen))
	@scripts/build-kernel stock-dom0

kernel-native: deps
	$(call progress,Linux 6.1 native kernel)
	@scripts/build-kernel native

# Our port: patches/ and arch-xenpv/ installed into a copy of the tree.
kernel: kernel-xenpv

kernel-xenpv: deps
	$(call progress,Linux 6.1 with the xenpv port)
	@scripts/build-kernel xenpv

initramfs: deps
	$(call progress,initramfs)
	@scripts/mkinitramfs >/dev/null

# hv-stub is built only once it has a Makefile, so the foundation tests run
# before the hypervisor exists; the smoke and e2e tiers skip what is missing.
TEST_BUILDS := kernel-src xen-fixture xen-dom0 initramfs smoke kernel-stock kernel-xenpv \
	$(if $(wildcard hv-stub/Makefile),hv-stub)

test: deps
	@$(MAKE) --no-print-directory $(TEST_BUILDS)
	$(call progress,tests)
	@tests/run

FUZZ_MINUTES ?= 30
fuzz: hv-stub smoke
	$(call progress,fuzz: $(FUZZ_MINUTES) minutes)
	@tests/fuzz/run --minutes $(FUZZ_MINUTES)
	@tests/fuzz/rings --minutes $(FUZZ_MINUTES)

SOAK_MINUTES ?= 120
soak: hv-stub smoke kernel-xenpv initramfs
	$(call progress,soak: $(SOAK_MINUTES) minutes)
	@tests/soak/run --minutes $(SOAK_MINUTES)

# Patches are checked from a copy under build/: 6.1's checkpatch reports
# whitespace errors on the context lines of a tracked patches/*.patch file
# when run from the top of this repository, never on the same bytes elsewhere.
check: kernel-src kernel-xenpv
	$(call progress,checkpatch: $(words $(C_SOURCES)) files$(if $(PATCHES), and $(words $(PATCHES)) patches))
	@out=$$( { $(if $(C_SOURCES),$(CHECKPATCH) --no-tree --terse --no-summary -f $(C_SOURCES);) \
		   $(if $(PATCHES),mkdir -p $(BUILD)/check-patches && \
			cp $(PATCHES) $(BUILD)/check-patches/ && \
			cd $(BUILD)/check-patches && \
			$(CHECKPATCH) --no-tree --terse --no-summary $(notdir $(PATCHES)); cd $(CURDIR);) \
		   true; } 2>&1 ); \
	[ -z "$$out" ] || echo "$$out"; \
	errors=$$(grep -c ': ERROR:' <<<"$$out" || true); \
	warnings=$$(grep -cE ': (WARNING|CHECK):' <<<"$$out" || true); \
	echo "checkpatch: $$errors errors, $$warnings warnings"; \
	[ "$$errors" -eq 0 ] && [ "$$warnings" -eq 0 ]
	$(call progress,sparse: hv-stub)
	@out=$$(for f in $(HV_SOURCES); do \
		sparse -Ihv-stub/include -D__x86_64__ -m64 -ffreestanding $$f; \
	done 2>&1); \
	[ -z "$$out" ] || echo "$$out"; \
	n=$$(grep -c . <<<"$$out" || true); \
	echo "sparse: $$n warnings"; \
	[ "$$n" -eq 0 ]
	$(call progress,sparse: the xenpv port and its drivers)
	@out=$$(scripts/install-port 2>/dev/null | xargs -I{} \
		$(MAKE) --no-print-directory -s -C {} O=$(BUILD)/kernel-xenpv \
		C=2 arch/x86/xenpv/ drivers/xenpv/ 2>&1 | grep -v ': warning: objtool:' || true); \
	[ -z "$$out" ] || echo "$$out"; \
	n=$$(grep -c . <<<"$$out" || true); \
	echo "sparse: $$n warnings"; \
	[ "$$n" -eq 0 ]

# Boots Linux 6.1 with our own PV port on hv-stub to a busybox shell
# (scripts/boot --guest stock boots the kernel's own Xen PV port instead).
run: hv-stub kernel-xenpv initramfs
	$(call progress,booting Linux 6.1 (the xenpv port) on hv-stub; exit the shell to power off)
	@scripts/boot --hv hv-stub --guest xenpv

bench-boot: hv-stub smoke kernel-stock kernel-stock-dom0 kernel-native kernel-xenpv \
	initramfs xen-fixture
	$(call progress,benchmark: boot times)
	@tests/bench/boot-time
	@tests/bench/linux-boot

bench-batching: hv-stub kernel-xenpv initramfs
	$(call progress,benchmark: batching (xenpv.batch=1 and 0))
	@tests/bench/batching

bench-blk: hv-stub kernel-stock kernel-xenpv kernel-native xen-dom0
	$(call progress,benchmark: block I/O (fio; native, stock and xenpv blkfront on hv-stub and on real Xen))
	@tests/bench/blk

bench-os: hv-stub kernel-stock kernel-stock-dom0 kernel-native kernel-xenpv initramfs xen-fixture
	$(call progress,benchmark: OS micro-benchmarks (osbench; native, stock and xenpv on hv-stub and Xen))
	@tests/bench/os/run

bench-domains: hv-stub kernel-xenpv initramfs
	$(call progress,benchmark: many domains (isolation, scalability))
	@tests/bench/domains/run

bench: bench-boot bench-batching bench-blk bench-os bench-domains

clean:
	$(call progress,clean)
	@find $(BUILD) -mindepth 1 -maxdepth 1 ! -name 'linux-6.1' \
		! -name 'linux-6.1.version' ! -name xen ! -name xen-dom0 -exec rm -rf {} + 2>/dev/null || true

distclean:
	rm -rf $(BUILD)
