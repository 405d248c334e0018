#!/usr/bin/env python3
"""QEMU trace events for granule protection checks (-trace 'rme_*', from
"target/arm: Add trace events for granule protection checks") on the demo:
the Normal-world read of the delegated granule must show the GPT
descriptors fetched, the fault and how it was reported.
Prints PASS/FAIL lines and 'N passed, N failed'."""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402
import bootlog  # noqa: E402


def main():
    flash = os.path.join(t.BUILD, "tfa", "trp", "flash.bin")
    rc, log = t.run_qemu(bootlog.demo_args(flash) + ["-trace", "rme_*"], timeout=240)
    t.check_eq("trace.qemu_exit", rc, 0)
    res = bootlog.demo_results(log)
    pa = res.get("victim_pa")
    if not t.check("trace.demo_ran", pa is not None, "the demo did not report its page"):
        return t.finish()

    faults = [m for m in re.finditer(
        r"rme_gpc_fault PA (0x[0-9a-f]+) in the (\S+) PAS, (\S+) requester: (.+?) at GPT level (\d)", log)]
    # Exactly one GPC fault in the whole boot: the demo's step 4.
    t.check_eq("trace.one_gpc_fault", len(faults), 1)
    if faults:
        f = faults[0]
        # DDI0487 D9 GPICheck(): a Non-secure access to a Realm granule fails.
        t.check_eq("trace.fault.pa", int(f.group(1), 16), pa, t.hexfmt)
        t.check_eq("trace.fault.pas", f.group(2), "NS")
        t.check_eq("trace.fault.requester", f.group(3), "NS")
        t.check_eq("trace.fault.kind", f.group(4), "granule protection fault")
        # TF-A maps NS DRAM with level 1 granules descriptors (4K PGS).
        t.check_eq("trace.fault.level", int(f.group(5)), 1)

    # The level 1 descriptor fetched for this PA: with PGS=4K, GPI index is
    # PA[15:12] (GPIIndex()), and the delegated granule's GPI is Realm 0b1011.
    fetches = re.findall(r"rme_gpt_fetch GPC of PA (0x[0-9a-f]+): GPT level 1 descriptor at "
                         r"(0x[0-9a-f]+) = (0x[0-9a-f]+)", log)
    mine = [(int(a, 16), int(d, 16)) for p, a, d in fetches if int(p, 16) == pa]
    if t.check("trace.l1_fetch_seen", bool(mine), "no level 1 GPT fetch traced for the page"):
        gpis = {(d >> (((pa >> 12) & 0xf) * 4)) & 0xf for _, d in mine}
        t.check("trace.l1_gpi_realm", 0b1011 in gpis, f"GPIs seen for the page: {sorted(gpis)}")

    # SCR_EL3.GPF=0 (TF-A 2.12): reported as a Data Abort at EL2, DFSC 0x28.
    m = re.search(r"rme_gpf_abort GPF from EL(\d) reported as an abort to EL(\d): VA (0x[0-9a-f]+) "
                  r"PA (0x[0-9a-f]+) FSC (0x[0-9a-f]+)", log)
    if t.check("trace.abort_seen", m is not None, "no rme_gpf_abort event"):
        t.check_eq("trace.abort.els", (int(m.group(1)), int(m.group(2))), (2, 2))
        t.check_eq("trace.abort.fsc", int(m.group(5), 16), 0x28, t.hexfmt)
        t.check_eq("trace.abort.pa", int(m.group(4), 16), pa, t.hexfmt)
    t.check_eq("trace.no_gpc_exception", len(re.findall(r"rme_gpc_exception", log)), 0)

    # The guest conformance suite takes GPC exceptions to EL3 (SCR_EL3.GPF=1):
    # each traced GPCSC must be an architected encoding (DDI0487 ESR_EL3 ISS
    # for EC 0x1E: 0b00000L address size, 0b00010L walk, 0b00110L GPF,
    # 0b01010L external abort on GPT fetch; L = GPT level 0 or 1), and the
    # MFAR_EL3 traced must have bits [11:0] clear (RES0).
    elf = os.path.join(t.BUILD, "guest", "guest-tests.elf")
    rc, glog = t.run_qemu(["-M", "virt,rme=on", "-cpu", "max", "-m", "1G", "-display", "none",
                           "-monitor", "none", "-serial", "stdio", "-nic", "none",
                           "-semihosting-config", "enable=on,target=native",
                           "-device", f"loader,file={elf},cpu-num=0",
                           "-trace", "rme_gpc_exception"], timeout=120)
    exc = re.findall(r"rme_gpc_exception GPC exception from EL(\d) to EL3: VA (0x[0-9a-f]+) "
                     r"MFAR_EL3 (0x[0-9a-f]+) GPCSC (0x[0-9a-f]+)", glog)
    # Every GPC exception the suite takes (the harness counts EC 0x1E at
    # EL3, DDI0487 D1.4.5.3 R_PYTGX) is traced once by rme_gpc_exception.
    # The number depends on the suite's tests and on the CPU's options
    # (L0GPTSZ, GPC3 and MEC can change which tests run), so it is the suite's own
    # count that is asserted, exactly, rather than a constant.  The harness
    # counts what it took at EL3 (tests/guest/exceptions.c exc_handle()),
    # independently of QEMU's trace; a suite that takes none is broken.
    m = re.search(r"^harness: (\d+) GPC exceptions taken to EL3$", glog, re.M)
    if t.check("trace.guest.harness_count", m is not None and int(m.group(1)) > 0,
               "the suite printed no GPC count, or 0"):
        t.check_eq("trace.guest.gpc_exceptions", len(exc), int(m.group(1)))
    bad = [e for e in exc if int(e[3], 16) not in (0x00, 0x04, 0x05, 0x0c, 0x0d, 0x14, 0x15)
           or int(e[2], 16) & 0xfff]
    t.check("trace.guest.gpcsc_and_mfar_valid", not bad, f"invalid events: {bad[:3]}")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
