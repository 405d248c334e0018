#!/usr/bin/env python3
"""End to end: unchanged TF-A 2.12.1 (PLAT=qemu ENABLE_RME=1, Debian source)
boots on -M virt,rme=on with an RMM at Realm EL2 and the qemu-rme demo
payload as BL33 at Non-secure EL2; every step of the demo is asserted.

  test_demo.py                 TF-A's test RMM (TRP), build/tfa/trp/flash.bin
  test_demo.py --rmm <image>   TF-A built around a user-supplied RMM
                               (e.g. TF-RMM for qemu_virt); skipped without one
  test_demo.py --tfa-src <dir> TF-A built from that source tree (scripts/build-tfa
                               TFA_SRC=), with its TRP or with --rmm
"""

import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402
import bootlog  # noqa: E402

PAYLOAD_ELF = os.path.join(t.BUILD, "payload", "payload.elf")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rmm", default=os.environ.get("RMM", ""))
    ap.add_argument("--tfa-src", default="")
    args = ap.parse_args()
    tag = ("e2e.trp" if not args.rmm else "e2e.rmm") + (".tfasrc" if args.tfa_src else "")

    if args.tfa_src:
        out = os.path.join(t.BUILD, "tfa", "user-tfa" + ("-rmm" if args.rmm else ""))
        cmd = [os.path.join(t.TOP, "scripts", "build-tfa"),
               f"BL33={os.path.join(t.BUILD, 'payload', 'payload.bin')}",
               f"TFA_SRC={args.tfa_src}", f"OUT={out}"]
        if args.rmm:
            cmd.append(f"RMM={args.rmm}")
        r = subprocess.run(cmd)
        if not t.check(f"{tag}.build_tfa", r.returncode == 0, "scripts/build-tfa TFA_SRC= failed"):
            return t.finish()
        flash = os.path.join(out, "flash.bin")
    elif args.rmm:
        if not os.path.isfile(args.rmm):
            t.check(f"{tag}.image", False, f"RMM image {args.rmm} not found")
            return t.finish()
        r = subprocess.run([os.path.join(t.TOP, "scripts", "build-tfa"),
                            f"BL33={os.path.join(t.BUILD, 'payload', 'payload.bin')}",
                            f"RMM={args.rmm}", f"OUT={os.path.join(t.BUILD, 'tfa', 'user-rmm')}"])
        if not t.check(f"{tag}.build_tfa", r.returncode == 0, "scripts/build-tfa failed"):
            return t.finish()
        flash = os.path.join(t.BUILD, "tfa", "user-rmm", "flash.bin")
    else:
        flash = os.path.join(t.BUILD, "tfa", "trp", "flash.bin")

    rc, log = t.run_qemu(bootlog.demo_args(flash), timeout=240)
    with open(os.path.join(t.BUILD, f"{tag}.log"), "w") as f:
        f.write(log)

    # PSCI SYSTEM_OFF from the payload powers the board off: QEMU exits 0.
    t.check_eq(f"{tag}.qemu_exit", rc, 0)
    # DEN0022 5.10: SYSTEM_OFF does not return.  TF-A PLAT=qemu drives the
    # power-off GPIO, then panics if still running; on qemu-rme the CPUs
    # are off by then ("hw/arm/virt: Stop the CPUs when the secure
    # power-off line is raised"), so nothing follows its message.
    tail = log.rstrip().splitlines()[-1:] or [""]
    t.check(f"{tag}.poweroff_is_last", tail[0].endswith("QEMU System Power off: with GPIO."),
            f"the log ends with {tail[0]!r}")

    # TF-A reports a failed RMM boot (RMM_BOOT_COMPLETE with an error) as
    # "RMM init failed: <code>"; say so plainly, with the known cause of -7.
    m = re.search(r"RMM init failed: (-?\d+)", log)
    why = ""
    if m:
        why = f"TF-A: 'RMM init failed: {m.group(1)}'"
        if m.group(1) == "-7":
            why += (" (E_RMM_BOOT_MANIFEST_DATA_ERROR: TF-RMM >= v0.6.0 checksums the console"
                    " name, which TF-A 2.12.1's qemu platform omits; see docs/rmm.md)")
    t.check(f"{tag}.rmm_boot", m is None, why)

    # TF-A milestones, in boot order.
    seen = bootlog.milestones(log)
    order = bootlog.milestone_order(seen)
    for key, _, words in bootlog.MILESTONES:
        if key in seen:
            t.check(f"{tag}.milestone.{key}", order[key], f"'{words}' came out of order")
        else:
            t.check(f"{tag}.milestone.{key}", False, f"never saw: {words}")

    res = bootlog.demo_results(log)
    victim = t.symbol(PAYLOAD_ELF, "victim_page")

    # TF-A's BL31 enters BL33 at EL2 when EL2 is implemented (SPSR 0x3c9).
    t.check_eq(f"{tag}.bl33_el", res.get("el"), 2)

    # DEN0137 (RMM 1.0) B4.3.x RMI_VERSION: status is RMI_SUCCESS iff the
    # requested version (1.0) lies in [lower, higher], else RMI_ERROR_INPUT.
    lo, hi = res.get("rmi_version_lower"), res.get("rmi_version_higher")
    st = res.get("rmi_version_status")
    if lo is None or st is None:
        t.check(f"{tag}.rmi_version", False, "no RMI_VERSION result in the log")
    else:
        t.check(f"{tag}.rmi_version.range", lo <= hi, f"lower {lo} > higher {hi}")
        want = 0 if lo <= (1, 0) <= hi else 1
        t.check_eq(f"{tag}.rmi_version.status", st, want, t.hexfmt)
        if not args.rmm:
            # TF-A 2.12 TRP implements RMI ABI 0.0 only (trp_private.h).
            t.check_eq(f"{tag}.rmi_version.trp_range", (lo, hi), ((0, 0), (0, 0)))

    # RMI_FEATURES(0) (DEN0137 B4.3.x: no failure conditions, so a real RMM
    # answers RMI_SUCCESS with RmiFeatureRegister0).  S2SZ [7:0] is the
    # largest IPA width the RMM supports for realms, so it lies within the
    # physical address sizes the PE can have: 32 to 52 bits (DDI0487
    # ID_AA64MMFR0_EL1.PARange encodings 0b0000..0b0110).  TF-A's
    # TRP implements VERSION and the granule calls only and returns SMCCC
    # NOT_SUPPORTED (-1, DEN0028) for the rest (trp_main.c).
    fst = res.get("rmi_features_status")
    if args.rmm:
        t.check_eq(f"{tag}.rmi_features.status", fst, 0, t.hexfmt)
        reg0 = res.get("rmi_features_reg0")
        t.check(f"{tag}.rmi_features.s2sz", reg0 is not None and 32 <= (reg0 & 0xff) <= 52,
                f"feature register 0 = {reg0!r}")
    else:
        t.check_eq(f"{tag}.rmi_features.trp_not_supported", fst, (1 << 64) - 1, t.hexfmt)

    t.check_eq(f"{tag}.victim_pa", res.get("victim_pa"), victim, t.hexfmt)
    # DEN0137 B4.3.x RMI_GRANULE_DELEGATE on an NS granule: RMI_SUCCESS.
    t.check_eq(f"{tag}.delegate.status", res.get("delegate_status"), 0, t.hexfmt)
    t.check_eq(f"{tag}.delegate.pa", res.get("delegate_pa"), victim, t.hexfmt)

    # DDI0487 D9 (GPC): a Non-secure access to a granule whose GPI is Realm
    # is a GPF.  SCR_EL3.GPF=0 (TF-A 2.12), so it is reported as a Data Abort
    # at the EL owning the translation regime (EL2): ESR_EL2.EC=0b100101
    # (Data Abort without change in EL), IL=1, ISV=0, WnR=0 (a load),
    # DFSC=0b101000 (GPF, not on a translation table walk) => 0x96000028.
    t.check_eq(f"{tag}.gpf.seen", res.get("gpf_seen"), True)
    t.check_eq(f"{tag}.gpf.esr_el2", res.get("esr_el2"), 0x96000028, t.hexfmt)
    # FAR_EL2 holds the faulting VA; the payload runs with the MMU off (VA=PA)
    # and loads the first doubleword of the page.
    t.check_eq(f"{tag}.gpf.far_el2", res.get("far_el2"), victim, t.hexfmt)

    t.check_eq(f"{tag}.undelegate.status", res.get("undelegate_status"), 0, t.hexfmt)
    t.check_eq(f"{tag}.reread.no_fault", res.get("reread_fault"), False)
    t.check_eq(f"{tag}.payload_verdict", res.get("result"), "PASS")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
