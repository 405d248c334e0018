#!/usr/bin/env python3
"""End to end: a user-given Linux kernel boots as the Normal-world host on
-M virt,rme=on behind unchanged TF-A 2.12.1 (PLAT=qemu ENABLE_RME=1, Debian
source, built by 'scripts/build-tfa LINUX=1') with an RMM at Realm EL2.

  KERNEL=<Image> [INITRD=<cpio>] [RMM=<rmm image>] tests/e2e/test_linux.py
  tests/e2e/test_linux.py --kernel <Image> [--initrd <cpio>] [--rmm <img>] [--smp N]

Skipped, and said so, without a kernel: none is shipped (docs/linux.md says
how to get one from Debian).  Without an initrd the boot must reach the
root-mount stage (and panic for lack of a root: panic=-1 + -no-reboot end
the run); with one, the kernel must start its init.  Prints the boot times."""

import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402
import bootlog  # noqa: E402
import linuxboot  # noqa: E402

TAG = "e2e.linux"

# Kernel lines whose arrival time is reported.
BANNER = "Linux version "
EL2 = "CPU: All CPU(s) started at EL2"
NO_ROOT = "VFS: Unable to mount root fs"
RUN_INIT = " as init process"
EXIT_EL3 = "BL31: Preparing for EL3 exit to normal world"

# TF-A 2.12 on an unhandled exception or assertion: "Unhandled Exception in
# EL3.", "Unhandled Exception from lower EL.", "PANIC at PC : ..." (and
# report_*), "ASSERT: <file>:<line>", "BACKTRACE: ..."; any ERROR line.
TFA_BAD = re.compile(r"Unhandled Exception|PANIC at PC|^ASSERT: |BACKTRACE|^ERROR:", re.M)
# PSCI SYSTEM_RESET / SYSTEM_OFF: TF-A's qemu_pm.c prints this ERROR line,
# toggles the secure GPIO and then calls panic(); QEMU acts on the GPIO from
# its main loop, so TF-A's panic output sometimes makes it out first (seen
# once in ~25 runs).  Only the log before the request is checked.
TFA_OFF = re.compile(r"^ERROR:\s+QEMU System (Reset|Power off): with GPIO", re.M)
KERNEL_BAD = re.compile(r"Internal error: |Unable to handle kernel|SError Interrupt"
                        r"|Bad mode in|WARNING: CPU: ", re.M)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default=os.environ.get("KERNEL", ""))
    ap.add_argument("--initrd", default=os.environ.get("INITRD", ""))
    ap.add_argument("--rmm", default=os.environ.get("RMM", ""))
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args()

    if not args.kernel:
        t.skip(TAG, "no kernel given (KERNEL=<arm64 Linux Image> tests/e2e/test_linux.py; "
                    "docs/linux.md: how to get one from Debian)")
        return t.finish()

    out = os.path.join(t.BUILD, "tfa", "linux-rmm" if args.rmm else "linux")
    cmd = [os.path.join(t.TOP, "scripts", "build-tfa"), "LINUX=1", f"OUT={out}"]
    if args.rmm:
        cmd.append(f"RMM={args.rmm}")
    r = subprocess.run(cmd)
    if not t.check(f"{TAG}.build_tfa", r.returncode == 0, "scripts/build-tfa LINUX=1 failed"):
        return t.finish()

    try:
        qemu_cmd = linuxboot.prepare(t.QEMU, os.path.join(out, "flash.bin"), args.kernel,
                                     initrd=args.initrd, smp=args.smp,
                                     workdir=os.path.join(t.BUILD, "e2e-linux"))
    except linuxboot.BootError as e:
        t.check(f"{TAG}.inputs", False, str(e))
        return t.finish()
    print("    " + " ".join(qemu_cmd), flush=True)
    rc, log, when = linuxboot.run_captured(qemu_cmd, args.timeout,
                                           marks=(EXIT_EL3, BANNER, EL2, NO_ROOT, RUN_INIT))
    logfile = os.path.join(t.BUILD, f"{TAG}.log")
    with open(logfile, "w") as f:
        f.write(log)

    # panic=-1 makes the kernel reset through PSCI when it panics (no root),
    # an init may power off: with -no-reboot QEMU exits 0 either way.
    why = f"QEMU exited with {rc} (log: {logfile})"
    if rc == "timeout":
        why = f"no end within {args.timeout:.0f} s (log: {logfile})"
        if EXIT_EL3 in when and BANNER not in when:
            why += ("; nothing from the kernel after TF-A's exit to BL33: a register access"
                    " TF-A did not enable traps to EL3 (docs/linux.md)")
    t.check(f"{TAG}.qemu_exit", rc == 0, why)

    # TF-A milestones up to the exit to the Normal world, in boot order.
    seen = bootlog.milestones(log)
    order = bootlog.milestone_order(seen)
    for key, _, words in bootlog.MILESTONES:
        if key == "bl33":       # the demo payload's banner
            continue
        ok = key in seen and order[key]
        t.check(f"{TAG}.milestone.{key}", ok,
                f"never saw: {words}" if key not in seen else f"'{words}' came out of order")

    t.check(f"{TAG}.banner", BANNER in log, "no 'Linux version' banner from the kernel")
    # PSCI (Arm DEN0022) PSCI_VERSION: TF-A 2.12 implements v1.1; BL2 added
    # the psci node to QEMU's device tree.
    t.check(f"{TAG}.psci", "psci: PSCIv1.1 detected in firmware" in log,
            "no 'psci: PSCIv1.1 detected in firmware.'")
    # BL31 enters BL33 at EL2 (SPSR 0x3c9); every CPU (the secondaries via
    # PSCI CPU_ON, DEN0022) must come up at EL2, as the arm64 boot
    # protocol asks for a KVM host (Linux Documentation/arch/arm64/booting.rst:
    # "enter the kernel in EL2", in Non-secure state).
    t.check(f"{TAG}.el2", EL2 in log, f"no '{EL2}'")
    m = re.search(r"smp: Brought up \d+ nodes?, (\d+) CPUs?", log)
    t.check_eq(f"{TAG}.smp", int(m.group(1)) if m else None, args.smp)
    # TF-A reserves the RMM's 24 MiB (delegated to the Realm PAS, DEN0129
    # A2: Normal-world accesses to it fault) in the device tree; the
    # kernel must leave it alone.  Kernels before ~6.6 do not log no-map
    # reservations.
    if "OF: reserved mem:" in log:
        t.check(f"{TAG}.rmm_reserved",
                re.search(r"OF: reserved mem: 0x0*40100000\.\.0x0*418fffff .*nomap.*rmm", log)
                is not None, "the kernel did not report TF-A's rmm reservation 0x40100000..0x418fffff")
    else:
        t.skip(f"{TAG}.rmm_reserved", "no 'OF: reserved mem:' lines (kernels before ~6.6 do not log no-map reservations)")

    off = TFA_OFF.search(log)
    bad = TFA_BAD.search(log, 0, off.start() if off else len(log))
    t.check(f"{TAG}.tfa_clean", bad is None,
            f"TF-A reported: {bad.group(0)!r}" if bad else "")
    bad = KERNEL_BAD.search(log)
    t.check(f"{TAG}.kernel_clean", bad is None,
            f"kernel reported: {log[bad.start():log.find(chr(10), bad.start())]!r}" if bad else "")

    if args.initrd:
        stage = RUN_INIT
        t.check(f"{TAG}.init", re.search(r"Run \S+ as init process", log) is not None,
                "the kernel never started init from the initrd")
    else:
        stage = NO_ROOT
        t.check(f"{TAG}.rootfs_stage", NO_ROOT in log,
                f"never reached '{NO_ROOT}' (the end of a boot without a root)")

    parts = [f"{k} {when[v]:.1f} s" for k, v in (("TF-A exit to Linux", EXIT_EL3),
                                                 ("banner", BANNER), ("all CPUs at EL2", EL2),
                                                 ("rootfs stage", stage)) if v in when]
    m = re.search(r"\[\s*(\d+\.\d+)\] .*" + re.escape(stage), log)
    print("    boot time (wall clock from QEMU start): " + ", ".join(parts)
          + (f"; kernel clock at rootfs stage {float(m.group(1)):.1f} s" if m else ""), flush=True)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
