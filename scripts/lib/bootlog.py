"""Parse the console log of TF-A (PLAT=qemu ENABLE_RME=1) + the qemu-rme demo
payload into milestones and demo results.  Used by scripts/run-demo (to tell
a person what happened) and by tests/e2e (to assert it).  Python 3 stdlib."""

import re

# The demo's QEMU command line, less the binary.  scripts/run-demo, the
# end-to-end, trace and plugin tests and scripts/bench all boot it so.
# -nic none: the demo needs no network (the default NIC works too).
RME_MACHINE = ["-M", "virt,rme=on"]
# What upstream QEMU needs for the same machine (it has no rme=on).
HAND_MACHINE = ["-M", "virt,secure=on,virtualization=on,gic-version=3", "-cpu", "max,x-rme=on"]
DEMO_OPTS = ["-m", "1G", "-nographic", "-nic", "none"]


def demo_args(flash, machine=RME_MACHINE):
    """QEMU arguments that boot the flash image @flash (TF-A + RMM + BL33)."""
    return list(machine) + DEMO_OPTS + ["-bios", flash]

# (key, regex on a console line, words for a person)
MILESTONES = [
    ("bl1", r"NOTICE:\s+BL1: Booting BL2",
     "BL1 (boot ROM, EL3) verified and started BL2"),
    ("gpt_config", r"INFO:\s+GPT: Boot Configuration",
     "TF-A at EL3 built the Granule Protection Table (BL2; BL31 from TF-A 2.13)"),
    ("gpc_enable", r"INFO:\s+Enabling Granule Protection Checks",
     "TF-A turned on granule protection checks (GPCCR_EL3.GPC=1)"),
    ("bl31", r"NOTICE:\s+BL2: Booting BL31",
     "BL2 handed over to BL31, the EL3 monitor"),
    ("rmm_init_start", r"INFO:\s+RMM init start",
     "BL31 entered the RMM at Realm EL2 for its boot"),
    # TF-A's TRP: "NOTICE:  TRP: v2.12.1(debug)"; TF-RMM: "Booting RMM v.0.5.0(debug) ..."
    ("rmm_banner", r"NOTICE:\s+TRP: |^Booting RMM v\.",
     "the RMM ran in the Realm world and reported the RMM-EL3 interface version"),
    ("rmm_init_end", r"INFO:\s+RMM init end",
     "the RMM finished booting and returned to the monitor"),
    ("bl31_exit", r"INFO:\s+BL31: Preparing for EL3 exit to normal world",
     "BL31 left EL3 for the Normal world"),
    ("bl33", r"\[demo\] qemu-rme demo payload|\[host\] qemu-rme Realm host",
     "the demo payload or Realm host (BL33) started at Non-secure EL2"),
]

HEX = r"(0x[0-9a-fA-F]+)"


def milestones(log):
    """Return {key: line index} for each milestone seen (first occurrence)."""
    seen = {}
    lines = log.splitlines()
    for key, rx, _ in MILESTONES:
        r = re.compile(rx, re.M)
        for i, line in enumerate(lines):
            if r.search(line):
                seen[key] = i
                break
    return seen


# Milestones whose place differs between TF-A versions: TF-A 2.12 builds the
# GPT in BL2, TF-A 2.13 and later in BL31 (after "BL2: Booting BL31").  They
# keep their order between themselves and come after BL1 and before the RMM
# boots.
FLOATING = ("gpt_config", "gpc_enable")


def milestone_order(seen):
    """{key: True if in boot order} for the milestones in @seen
    (milestones()): each fixed milestone after the fixed ones before it,
    the FLOATING ones in their order, after BL1 and before the RMM init."""
    ok, last = {}, -1
    for key, _, _ in MILESTONES:
        if key in FLOATING or key not in seen:
            continue
        ok[key] = seen[key] > last
        last = max(last, seen[key])
    prev = seen.get("bl1", -1)
    for key in FLOATING:
        if key in seen:
            ok[key] = prev < seen[key] < seen.get("rmm_init_start", 1 << 30)
            prev = max(prev, seen[key])
    return ok


def demo_results(log):
    """Extract the demo payload's reported values."""
    res = {}
    m = re.search(r"\[demo\] qemu-rme demo payload: .* Non-secure EL(\d)", log)
    if m:
        res["el"] = int(m.group(1))
    m = re.search(r"\[demo\]\s+status " + HEX + r" \(([^)]*)\), RMM implements RMI (\d+)\.(\d+) \.\. (\d+)\.(\d+)", log)
    if m:
        res["rmi_version_status"] = int(m.group(1), 16)
        res["rmi_version_lower"] = (int(m.group(3)), int(m.group(4)))
        res["rmi_version_higher"] = (int(m.group(5)), int(m.group(6)))
    m = re.search(r"\[demo\]\s+RMI_FEATURES\(0\): status " + HEX, log)
    if m:
        res["rmi_features_status"] = int(m.group(1), 16)
        m = re.search(r"RMI_FEATURES\(0\): status \S+ \(RMI_SUCCESS\), feature register 0 " + HEX, log)
        if m:
            res["rmi_features_reg0"] = int(m.group(1), 16)
    m = re.search(r"\[demo\] 2\. Page at PA " + HEX, log)
    if m:
        res["victim_pa"] = int(m.group(1), 16)
    m = re.search(r"\[demo\] 3\. RMI_GRANULE(?:_RANGE)?_DELEGATE\(" + HEX + r"\): status " + HEX, log)
    if m:
        res["delegate_pa"] = int(m.group(1), 16)
        res["delegate_status"] = int(m.group(2), 16)
    m = re.search(r"\[demo\] 4\. Normal-world read of the delegated page: (granule protection fault|NO FAULT)", log)
    if m:
        res["gpf_seen"] = m.group(1) != "NO FAULT"
    m = re.search(r"\[demo\]\s+ESR_EL2 " + HEX, log)
    if m:
        res["esr_el2"] = int(m.group(1), 16)
    m = re.search(r"\[demo\]\s+FAR_EL2 " + HEX, log)
    if m:
        res["far_el2"] = int(m.group(1), 16)
    m = re.search(r"\[demo\] 5\. RMI_GRANULE(?:_RANGE)?_UNDELEGATE\(" + HEX + r"\): status " + HEX, log)
    if m:
        res["undelegate_status"] = int(m.group(2), 16)
    m = re.search(r"\[demo\] 6\. Normal-world read after undelegation: (no fault|FAULT)", log)
    if m:
        res["reread_fault"] = m.group(1) == "FAULT"
    m = re.search(r"\[demo\] RESULT: (PASS|FAIL)", log)
    if m:
        res["result"] = m.group(1)
    return res


def describe(log):
    """Lines of plain words describing the run, for people."""
    out = []
    seen = milestones(log)
    for key, _, words in MILESTONES:
        mark = "ok " if key in seen else "-- "
        out.append(mark + words + ("" if key in seen else "  (not seen)"))
    return out
