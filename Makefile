# qemu-rme: thin wrapper, QEMU habit.
#   make          install missing Debian packages, build QEMU (aarch64-softmmu),
#                 the demo payload, TF-A (+TRP) and the guest tests
#   make run      ... and boot the demo on -M virt,rme=on, explained
#   make run RMM=<img> [TFA_SRC=<TF-A tree>]
#                 boot that RMM with the Realm host: two Realms built, run,
#                 measured and attested, explained (docs/realms.md)
#   make run KERNEL=<Image> [INITRD=<cpio>] [APPEND="..."]
#                 boot that Linux kernel as the Normal-world host instead
#                 (docs/linux.md; serial console here, Ctrl-A x quits)
#   make check    ... and run every test
#   make bench    build upstream QEMU from the same source and compare
#   make diff-long  4,000,000-case differential test of the GPC (~3 min)
# Variables: BUILD=<dir> (default ./build), QEMU_SRC=<pristine QEMU tree>,
#            RMM=<RMM image> (TF-A is also built around it; make run runs
#            Realms with it, make check adds e2e.rmm and e2e.realm),
#            TFA_SRC=<TF-A source tree> (built instead of the Debian TF-A)

BUILD ?= $(CURDIR)/build
export BUILD
ifneq ($(RMM),)
RMM := $(abspath $(RMM))
export RMM
endif
ifneq ($(TFA_SRC),)
TFA_SRC := $(abspath $(TFA_SRC))
ifeq ($(wildcard $(TFA_SRC)/plat/qemu),)
$(error TFA_SRC=$(TFA_SRC): not a TF-A source tree (no plat/qemu))
endif
export TFA_SRC
endif
# make run KERNEL=<Image> [INITRD=<file>] [APPEND="..."]: scripts/run-linux.
ifneq ($(KERNEL),)
KERNEL := $(abspath $(KERNEL))
ifeq ($(wildcard $(KERNEL)),)
$(error KERNEL=$(KERNEL): no such file (give an arm64 Linux Image))
endif
export KERNEL
endif
ifneq ($(INITRD),)
INITRD := $(abspath $(INITRD))
ifeq ($(wildcard $(INITRD)),)
$(error INITRD=$(INITRD): no such file)
endif
export INITRD
endif
export APPEND

.PHONY: all deps qemu payload realm-host tfa tfa-rmm tfa-realm tfa-linux guest unit diff diff-long plugins upstream run check checkpatch bench clean help

all: qemu tfa realm-host guest unit diff plugins $(if $(RMM),tfa-rmm tfa-realm)

deps:
	@scripts/install-deps

qemu: deps
	scripts/build-qemu rme

payload: deps
	$(MAKE) -s -C tests/e2e/payload O=$(BUILD)/payload

# The Realm host (NS-EL2 BL33) with the Realm payload inside (docs/realms.md).
realm-host: deps
	$(MAKE) -s -C tests/e2e/realm-host O=$(BUILD)/realm-host

tfa: payload
	scripts/build-tfa BL33=$(BUILD)/payload/payload.bin OUT=$(BUILD)/tfa/trp

tfa-rmm: payload
	scripts/build-tfa BL33=$(BUILD)/payload/payload.bin RMM=$(RMM) OUT=$(BUILD)/tfa/user-rmm

tfa-realm: realm-host
	scripts/build-tfa BL33=$(BUILD)/realm-host/realm-host.bin RMM=$(RMM) OUT=$(BUILD)/tfa/realm

# TF-A for a Linux BL33 (scripts/build-tfa LINUX=1; docs/linux.md).
tfa-linux: deps
	scripts/build-tfa LINUX=1 $(if $(RMM),RMM=$(RMM) OUT=$(BUILD)/tfa/linux-rmm,OUT=$(BUILD)/tfa/linux)

guest: deps
	$(MAKE) -s -C tests/guest O=$(BUILD)/guest

# Our host build (meson.build) in $(BUILD)/host: the reference GPT walker
# and the CCA decoders as libraries, and their unit tests (TAP; make check
# runs them with meson test --suite unit), and the host tools
# ($(BUILD)/host/tools/gpt-map).  Needs no QEMU tree.
unit: deps
	[ -f $(BUILD)/host/build.ninja ] || meson setup $(BUILD)/host
	ninja -C $(BUILD)/host unit-tests host-tools

# Our TCG plugins, the same meson build given the prepared QEMU tree's
# plugin header; $(BUILD)/plugins/libcca-trace.so.
plugins: qemu unit
	meson configure $(BUILD)/host -Dqemu_include=$(BUILD)/qemu-src/include
	ninja -C $(BUILD)/host
	ln -sfn host/plugins $(BUILD)/plugins

# Differential GPC test image (QEMU vs the reference walker).
diff: deps
	$(MAKE) -s -C tests/diff O=$(BUILD)/diff

# The long differential run: 4,000,000 cases (make check runs 10,000).
diff-long: qemu diff
	tests/diff/run-diff.sh --elf $(BUILD)/diff/gpt-diff.elf long

ifneq ($(KERNEL),)
run: qemu tfa-linux
	FLASH=$(BUILD)/tfa/$(if $(RMM),linux-rmm,linux)/flash.bin scripts/run-linux
else ifneq ($(RMM),)
run: qemu unit tfa-realm
	scripts/run-realm
else
run: qemu tfa
	scripts/run-demo
endif

# Upstream QEMU from the same pinned source without our changes: the
# baseline for make bench, and the stock QEMU the plugin tests run on.
upstream: deps
	scripts/build-qemu upstream

check: all upstream
	scripts/check

# The patch series against the pinned QEMU's scripts/checkpatch.pl (and the
# qemu-devel form: From/Signed-off-by, subjects); make check runs it too.
checkpatch:
	scripts/qemu-src rme
	tests/patches/check_series.py

bench: all
	scripts/bench

clean:
	rm -rf $(BUILD)

help:
	@sed -n '2,13p' Makefile
