#!/usr/bin/env python3
"""-M virt,rme=on: every accepted and every rejected option combination.

Accepted combinations are checked through the monitor's "info rme" and the
generated device tree; rejected ones must exit non-zero with a clear
message (upstream QEMU silently drops x-rme without EL3; qemu-rme never
drops an option silently)."""

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

BASE = ["-nographic", "-nic", "none", "-serial", "none", "-S"]


def info_rme(args):
    rc, out = t.run_qemu(args + BASE + ["-monitor", "stdio"], timeout=30,
                         stdin=b"info rme\nquit\n")
    return rc, out


def cpus(out):
    """[(index, ID_AA64PFR0_EL1.RME, ID_AA64MMFR4_EL1.RMEGDI)] from info rme,
    checking that the words before them say the same."""
    words = {0: "absent", 1: "present", 2: "with GPC2", 3: "with GPC2, GPC3"}
    found = []
    for m in re.finditer(r"CPU (\d+): FEAT_RME ([^(]*?) \(ID_AA64PFR0_EL1\.RME=(\d+) "
                         r"ID_AA64MMFR4_EL1\.RMEGDI=(\d+)\)", out):
        rme, gdi = int(m.group(3)), int(m.group(4))
        want = words.get(rme, "?") + (", GDI" if rme and gdi else "")
        t.check(f"info_rme.words.cpu{m.group(1)}", m.group(2) == want,
                f"'{m.group(2)}' for RME={rme} RMEGDI={gdi}, want '{want}'")
        found.append((int(m.group(1)), rme, gdi))
    return found


def accepted(name, args, smp=1, gic=(3,), rme_machine="on", rme_field=3,
             secure_kib=16384, gdi_field=None):
    rc, out = info_rme(args)
    if not t.check(f"accept.{name}.exit", rc == 0, f"exit {rc}: {out.strip()[-300:]}"):
        return
    m = re.search(r"machine: rme=(\w+) secure=(\w+) virtualization=(\w+) gic-version=(\d+)", out)
    if not t.check(f"accept.{name}.machine", m is not None, "no machine line in info rme"):
        return
    t.check_eq(f"accept.{name}.rme", m.group(1), rme_machine)
    if rme_machine == "on":
        # rme=on implies secure=on, virtualization=on and a GICv3-compatible GIC.
        t.check_eq(f"accept.{name}.secure", m.group(2), "on")
        t.check_eq(f"accept.{name}.virtualization", m.group(3), "on")
        t.check(f"accept.{name}.gic", int(m.group(4)) in gic,
                f"gic-version {m.group(4)} not in {gic}")
        sm = re.search(r"secure RAM: 0x([0-9a-f]+)\.\.0x([0-9a-f]+) \((\d+) KiB\)", out)
        t.check(f"accept.{name}.secure_ram", sm is not None and
                int(sm.group(1), 16) == 0x0e000000 and int(sm.group(3)) == secure_kib,
                f"secure RAM line: {sm.group(0) if sm else None}, want 0xe000000 {secure_kib} KiB")
    c = cpus(out)
    # DDI0487 ID_AA64PFR0_EL1.RME: 0b0001 = FEAT_RME, 0b0010 = FEAT_RME_GPC2,
    # 0b0011 = FEAT_RME_GPC3; ID_AA64MMFR4_EL1.RMEGDI 0b0001 = FEAT_RME_GDI.
    # -cpu max with x-rme has all of them unless x-rme-gpc3/x-rme-gdi=off.
    if gdi_field is None:
        gdi_field = 1 if rme_field else 0
    t.check_eq(f"accept.{name}.cpu_count", len(c), smp)
    t.check(f"accept.{name}.cpu_rme_field", all(f == rme_field for _, f, _ in c),
            f"ID_AA64PFR0_EL1.RME per CPU: {c}, want {rme_field}")
    t.check(f"accept.{name}.cpu_rmegdi_field", all(g == gdi_field for _, _, g in c),
            f"ID_AA64MMFR4_EL1.RMEGDI per CPU: {c}, want {gdi_field}")
    if rme_field:
        # Out of reset the PE is at EL3 (Root) with GPCCR_EL3.GPC=0
        # (DDI0487 D9: GPCCR_EL3.GPC resets to 0).
        t.check(f"accept.{name}.reset_state",
                "EL3 in Root state" in out and "GPC=0" in out, "not at EL3/Root with GPC=0 at reset")


def rejected(name, args, message):
    rc, out = t.run_qemu(args + BASE, timeout=30)
    ok = isinstance(rc, int) and rc != 0 and message in out
    t.check(f"reject.{name}", ok, f"exit {rc}, wanted a non-zero exit and '{message}'; got: {out.strip()[-300:]}")


def dtb(args):
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "virt.dtb")
        rc, out = t.run_qemu(args + [f"-machine", f"dumpdtb={f}"] + BASE, timeout=30)
        if rc != 0 or not os.path.exists(f):
            return None
        p = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", f], stdout=subprocess.PIPE)
        return p.stdout.decode()


def monitor(args, cmds):
    rc, out = t.run_qemu(["-M", "virt,rme=on", "-m", "1G", "-display", "none", "-serial", "none",
                                                        "-S", "-monitor", "stdio"] + args,
                         timeout=30, stdin=("\n".join(cmds) + "\nquit\n").encode())
    return rc, out


def qmp(args, cmds):
    """Run QEMU with QMP on stdio; return (exit code, [responses to cmds])."""
    import json
    lines = [json.dumps({"execute": "qmp_capabilities"})]
    lines += [json.dumps(c) for c in cmds] + [json.dumps({"execute": "quit"})]
    rc, out = t.run_qemu(args + ["-display", "none", "-serial", "none", "-monitor", "none",
                                 "-S", "-qmp", "stdio"], timeout=30,
                         stdin=("\n".join(lines) + "\n").encode())
    resp = []
    for ln in out.splitlines():
        try:
            j = json.loads(ln)
        except ValueError:
            continue
        if "return" in j or "error" in j:
            resp.append(j)
    return rc, resp[1:1 + len(cmds)]     # skip qmp_capabilities' reply


def query_rme():
    """query-rme (QMP) returns what info rme (HMP) prints: the machine's
    options and, per CPU, ID_AA64PFR0_EL1.RME, EL, Security state and the
    GPC registers.  Out of reset an RME PE is at EL3 in Root state (DEN0129
    A2.1; DDI0487 D1: reset enters the highest EL) with GPCCR_EL3.GPC = 0."""
    hmp = {"execute": "human-monitor-command", "arguments": {"command-line": "info rme"}}
    rc, r = qmp(["-M", "virt,rme=on", "-m", "1G", "-smp", "2"], [{"execute": "query-rme"}, hmp])
    if not t.check("qmp.query_rme.exit", rc == 0 and len(r) == 2 and "return" in r[0],
                   f"exit {rc}, responses {r}"):
        return
    q, text = r[0]["return"], r[1].get("return", "")
    m = q.get("machine", {})
    t.check_eq("qmp.query_rme.machine",
               (m.get("rme"), m.get("secure"), m.get("virtualization"), m.get("gic-version"),
                m.get("secure-ram-base"), m.get("secure-ram-size")),
               (True, True, True, 3, 0x0e000000, 16 << 20))
    cpus = q.get("cpus", [])
    t.check_eq("qmp.query_rme.cpus", [(c["cpu-index"], c["rme"], c["el"], c["security-state"],
                                        c["gpccr-el3"]) for c in cpus],
               [(0, 3, 3, "Root", 0), (1, 3, 3, "Root", 0)])
    t.check_eq("qmp.query_rme.gpc3_gdi", [(c.get("rmegdi"), c.get("gpcbw-el3")) for c in cpus],
               [(1, 0), (1, 0)])
    # The HMP command prints the QMP data: the same values, one CPU a line.
    for c in cpus:
        line = (f"CPU {c['cpu-index']}: FEAT_RME with GPC2, GPC3, GDI "
                f"(ID_AA64PFR0_EL1.RME={c['rme']} ID_AA64MMFR4_EL1.RMEGDI={c['rmegdi']}), "
                f"EL{c['el']} in {c['security-state']} state, SCR_EL3=0x{c['scr-el3']:x}")
        t.check(f"qmp.info_rme_matches.cpu{c['cpu-index']}", line in text,
                f"'{line}' not in info rme: {text[:300]}")
    rc, r = qmp(["-M", "virt"], [{"execute": "query-rme"}])
    q = r[0].get("return", {}) if r else {}
    t.check("qmp.query_rme.rme_off", rc == 0 and q.get("machine", {}).get("rme") is False and
            [c["rme"] for c in q.get("cpus", [])] == [0], f"exit {rc}: {r}")


def rme_state(machine, extra=()):
    """query-rme on -M @machine -m 1G: (exit status, its machine object,
    its cpus list)."""
    rc, r = qmp(["-M", machine, "-m", "1G"] + list(extra), [{"execute": "query-rme"}])
    q = r[0].get("return", {}) if r and "return" in r[0] else {}
    return rc, q.get("machine", {}), q.get("cpus", [])


def mec_options():
    """mec=on|off and the engine's options (docs/mec.md).  FEAT_MEC is an
    extension of RME: "If FEAT_MEC is implemented, then FEAT_RME is
    implemented" (DDI0487 A2.3), so mec=on needs rme=on and a PE without
    RME does not report ID_AA64MMFR3_EL1.MEC (upstream -cpu max did).  The
    engine is Root-only (DEN0129), at 0x090d0000 in the Secure/Root
    address space."""
    def mec_state(machine, extra=()):
        rc, m, cpus = rme_state(machine, extra)
        return rc, m, [c.get("mec") for c in cpus]

    rc, m, mec = mec_state("virt,rme=on")
    t.check_eq("mec.default_on", (rc, m.get("mec"), mec), (0, True, [1]))
    e = m.get("mpe") or {}
    t.check_eq("mec.default_engine",
               (e.get("base"), e.get("enabled"), e.get("block-size"), e.get("strategy"),
                e.get("ignore-mecid"), e.get("conversions"), e.get("tagged-pages")),
               (0x090d0000, True, 4096, "scramble", False, 0, 0))
    rc, m, mec = mec_state("virt,rme=on,mec=off")
    t.check_eq("mec.off_no_feat_mec", (rc, m.get("mec"), "mpe" in m, mec), (0, False, False, [0]))
    # A2.3: no RME, no FEAT_MEC, whatever the CPU model advertised before.
    rc, m, mec = mec_state("virt")
    t.check_eq("mec.no_rme_no_feat_mec", (rc, m.get("mec"), mec), (0, False, [0]))
    rc, m, _ = mec_state("virt,rme=on,mec-block-size=64,mec-strategy=xor,mec-ignore-mecid=on,"
                         "mec-mecid-width=8")
    e = m.get("mpe") or {}
    t.check_eq("mec.options", (rc, e.get("block-size"), e.get("strategy"), e.get("ignore-mecid"),
                               e.get("mecid-width")), (0, 64, "xor", True, 8))
    rejected("mec_mecid_width_0", ["-M", "virt,rme=on,mec-mecid-width=0"],
             "mec-mecid-width must be 1..16")
    rejected("mec_mecid_width_17", ["-M", "virt,rme=on,mec-mecid-width=17"],
             "mec-mecid-width must be 1..16")
    rc, out = info_rme(["-M", "virt,rme=on", "-m", "1G"])
    t.check("mec.info_rme", rc == 0 and re.search(
        r"MEC: memory protection engine at 0x90d0000 \(Root only\), enabled, 4096-byte blocks, "
        r"16-bit MECIDs, strategy scramble", out) is not None, out[-400:])
    rc, out = info_rme(["-M", "virt,rme=on,mec=off", "-m", "1G"])
    t.check("mec.info_rme_off", rc == 0 and "MEC: off" in out, out[-400:])
    rejected("mec_without_rme", ["-M", "virt,mec=on"], "mec=on needs rme=on")
    rejected("mec_block_not_pow2", ["-M", "virt,rme=on,mec-block-size=100"],
             "mec-block-size must be a power of 2 from 16 to 4096")
    rejected("mec_block_too_big", ["-M", "virt,rme=on,mec-block-size=8K"],
             "mec-block-size must be a power of 2 from 16 to 4096")
    rejected("mec_block_too_small", ["-M", "virt,rme=on,mec-block-size=8"],
             "mec-block-size must be a power of 2 from 16 to 4096")
    rejected("mec_strategy", ["-M", "virt,rme=on,mec-strategy=rot13"],
             "mec-strategy must be 'scramble' or 'xor'")
    rejected("mec_not_bool", ["-M", "virt,rme=on,mec=maybe"], "mec")
    # x-sve-retain is on, off or auto (R_YRPDH's two choices, docs/parity.md)
    rejected("sve_retain_value", ["-M", "virt,rme=on", "-cpu", "max,x-sve-retain=maybe"],
             "x-sve-retain")
    rejected("mec_cpu_without_mec", ["-M", "virt,rme=on,mec=on", "-cpu", "max,x-mec=off"],
             "mec=on conflicts with -cpu ...,x-mec=off")
    # x-mec=off without mec=on given: the PE has no FEAT_MEC, so no engine
    rc, m, mec = mec_state("virt,rme=on", ["-cpu", "max,x-mec=off"])
    t.check_eq("mec.cpu_without_mec", (rc, m.get("mec"), "mpe" in m, mec), (0, False, False, [0]))
    rc, out = t.run_qemu(["-M", "virt,help"], timeout=30)
    for opt in ("mec=<bool>", "mec-block-size=<size>", "mec-strategy=<string>",
                "mec-ignore-mecid=<bool>", "mec-mecid-width=<uint8>"):
        t.check(f"help.{opt.split('=')[0]}", re.search(r"^\s+" + re.escape(opt) + r"\s+- ", out, re.M)
                is not None, f"-M virt,help does not document {opt}")


def smmu_options():
    """smmu=on|off and smmu-root=open|firmware (docs/smmu.md): with rme=on
    an SMMUv3 with RME sits in front of PCIe, with a Root control page
    (IHI0070 G.b 3.25, 6.3.110-119) whose IDs follow FVP's published
    configuration (SMMU_ROOT_IDR0=3, SMMU_ROOT_IIDR=0x43B).  SMMU_ROOT_CR0
    resets to 0 (6.3.112): smmu-root=firmware keeps that, the default
    ('open') starts with ACCESSEN set for firmware that never programs it.
    With its Realm programming interface (smmu-realm=on, the default),
    SMMU_ROOT_IDR0 adds REALM_IMPL (bit 3) and BA_REALM (bits [31:22]) = 8:
    Realm Page 0 at page 0 + 0x20000 + 8 * 0x10000 = 0x090f0000 (6.3.110)."""
    def smmu_state(machine):
        rc, m, _ = rme_state(machine)
        return rc, m.get("smmu")

    rc, s = smmu_state("virt,rme=on")
    t.check_eq("smmu.default_on", (rc, s and s.get("base"), s and s.get("smmu-base"),
                                   s and s.get("idr0"), s and s.get("iidr"),
                                   s and s.get("cr0ack"), s and s.get("gpf-far")),
               (0, 0x090e0000, 0x09050000, 3 | 1 << 3 | 8 << 22, 0x43b, 1, 0))
    rc, s = smmu_state("virt,rme=on,smmu-realm=off")
    t.check_eq("smmu.realm_off_idr0_is_fvp", (rc, s and s.get("idr0")), (0, 3))
    rejected("smmu_realm_without_smmu", ["-M", "virt,rme=on,smmu=off,smmu-realm=on"],
             "smmu-realm=on needs the SMMU with RME")
    rejected("smmu_realm_not_bool", ["-M", "virt,rme=on,smmu-realm=maybe"], "smmu-realm")
    rejected("smmu_ats_without_smmu", ["-M", "virt,rme=on,smmu=off,smmu-ats=on"],
             "smmu-ats=on needs the SMMU with RME")
    rc, s = smmu_state("virt,rme=on,smmu-root=firmware")
    t.check_eq("smmu.root_firmware_reset", (rc, s and s.get("cr0ack")), (0, 0))
    rc, s = smmu_state("virt,rme=on,smmu=off")
    t.check_eq("smmu.off", (rc, s), (0, None))
    rc, s = smmu_state("virt")
    t.check_eq("smmu.no_rme_no_root_page", (rc, s), (0, None))
    rejected("smmu_without_rme", ["-M", "virt,smmu=on"], "smmu=on needs rme=on")
    rejected("smmu_root_mode", ["-M", "virt,rme=on,smmu-root=closed"],
             "smmu-root must be 'open' or 'firmware'")
    rejected("smmu_not_bool", ["-M", "virt,rme=on,smmu=maybe"], "smmu")
    rc, out = info_rme(["-M", "virt,rme=on", "-m", "1G"])
    t.check("smmu.info_rme", rc == 0 and re.search(
        r"SMMU: SMMUv3 with RME at 0x9050000, Root control page at 0x90e0000 \(Root only\): "
        r"IDR0 0x200000b IIDR 0x43b, ACCESSEN 1 GPCEN 0", out) is not None and
        "Realm programming interface: REALM_IMPL, Realm pages at 0x90f0000 "
        "(Realm and Root only)" in out, out[-600:])
    rc, out = info_rme(["-M", "virt,rme=on,smmu=off", "-m", "1G"])
    t.check("smmu.info_rme_off", rc == 0 and "SMMU: no SMMU with RME" in out, out[-400:])
    # The Non-secure side is an ordinary SMMUv3 in the device tree (Linux
    # drives it); the Root control page is not described there.
    with tempfile.TemporaryDirectory() as d:
        dtb = os.path.join(d, "rme.dtb")
        rc, out = t.run_qemu(["-M", "virt,rme=on,dumpdtb=" + dtb, "-m", "1G"], timeout=30)
        blob = open(dtb, "rb").read() if os.path.exists(dtb) else b""
    t.check("smmu.device_tree", b"arm,smmu-v3\0" in blob and b"iommu-map\0" in blob
            and b"smmuv3@9050000\0" in blob and b"90e0000" not in blob,
            f"exit {rc}: {out[-200:]}")
    rc, out = t.run_qemu(["-M", "virt,help"], timeout=30)
    for opt in ("smmu=<bool>", "smmu-root=<string>"):
        t.check(f"help.{opt.split('=')[0]}", re.search(r"^\s+" + re.escape(opt) + r"\s+- ", out, re.M)
                is not None, f"-M virt,help does not document {opt}")


def network():
    """The default NIC works: its option ROM is found (Debian's ipxe-qemu,
    through the configured firmware path) and it is attached to user-mode
    networking.  Upstream's binary built from Debian's "+ds" source without
    a firmware path exits with 'failed to find romfile "efi-virtio.rom"'."""
    for name, args, model, rom in (
            ("default", [], "virtio-net-pci", "efi-virtio.rom"),
            ("nic_user_virtio", ["-nic", "user,model=virtio-net-pci"], "virtio-net-pci",
             "efi-virtio.rom"),
            ("nic_user_e1000", ["-nic", "user,model=e1000"], "e1000", "efi-e1000.rom")):
        rc, out = monitor(args, ["info network", "info ramblock"])
        if not t.check(f"net.{name}.starts", rc == 0, f"exit {rc}: {out.strip()[-300:]}"):
            continue
        # info network: the NIC ("type=nic,model=<model>") and, as its peer
        # (-nic) or on the same hub (the default -net nic -net user), the
        # user-mode backend ("type=user").
        t.check(f"net.{name}.nic_on_user",
                f"type=nic,model={model}," in out and ",type=user," in out,
                f"{model} NIC and a user backend not both in info network: {out[-400:]}")
        # The ROM is a RAM block named after the device: "<pci addr>/<model>.rom",
        # then PSize ("4 KiB"), Offset, Used.
        m = re.search(rf"/{re.escape(model)}\.rom\s+\d+ \w+\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)", out)
        # Debian's ipxe-qemu: /usr/share/qemu from trixie on, /usr/lib/ipxe/qemu in bookworm
        found = [os.path.join(d, rom) for d in ("/usr/share/qemu", "/usr/lib/ipxe/qemu")
                 if os.path.exists(os.path.join(d, rom))]
        want = os.path.getsize(found[0]) if found else None
        t.check(f"net.{name}.rom_loaded", m is not None and want is not None and int(m.group(1), 16) >= want,
                f"no {model}.rom RAM block of at least {want} bytes ({rom}) in info ramblock")
    rc, out = monitor(["-nic", "none"], ["info network"])
    t.check("net.none", rc == 0 and "type=nic" not in out, f"-nic none still has a NIC: {out[-300:]}")


def main():
    M1G = ["-m", "1G"]
    # ---- accepted ----------------------------------------------------------
    accepted("rme_on", ["-M", "virt,rme=on"] + M1G)
    accepted("rme_on_explicit_consistent",
             ["-M", "virt,rme=on,secure=on,virtualization=on,gic-version=3"] + M1G)
    accepted("rme_on_gic_max", ["-M", "virt,rme=on,gic-version=max"] + M1G, gic=(3, 4))
    accepted("rme_on_gic4", ["-M", "virt,rme=on,gic-version=4"] + M1G, gic=(4,))
    accepted("rme_on_cpu_max", ["-M", "virt,rme=on", "-cpu", "max"] + M1G)
    # A GPC2-only PE for firmware written for one (x-rme-gpc3, x-rme-gdi).
    accepted("rme_on_no_gpc3", ["-M", "virt,rme=on", "-cpu", "max,x-rme-gpc3=off"] + M1G,
             rme_field=2)
    accepted("rme_on_no_gdi", ["-M", "virt,rme=on", "-cpu", "max,x-rme-gdi=off"] + M1G,
             gdi_field=0)
    accepted("rme_on_gpc2_only",
             ["-M", "virt,rme=on", "-cpu", "max,x-rme-gdi=off,x-rme-gpc3=off"] + M1G,
             rme_field=2, gdi_field=0)
    accepted("rme_on_smp4", ["-M", "virt,rme=on", "-smp", "4"] + M1G, smp=4)
    accepted("rme_on_secure_ram_32m", ["-M", "virt,rme=on,secure-ram-size=32M"] + M1G,
             secure_kib=32768)
    accepted("hand_assembled",
             ["-M", "virt,secure=on,virtualization=on,gic-version=3", "-cpu", "max,x-rme=on"] + M1G,
             rme_machine="off")
    accepted("rme_off_cpu_max", ["-M", "virt,rme=off", "-cpu", "max"], rme_machine="off", rme_field=0)
    accepted("plain_virt", ["-M", "virt"], rme_machine="off", rme_field=0)

    # Too little RAM for TF-A's layout is said, not silently accepted.
    rc, out = t.run_qemu(["-M", "virt,rme=on", "-m", "512M"] + BASE + ["-monitor", "none"],
                         timeout=5)
    t.check("accept.small_ram_warns", "warning: rme=on with 512 MiB of RAM" in out,
            f"no RAM warning: {out.strip()[-200:]}")

    # DDI0487 B1.4.2 I_NWYBP: only power-of-two SVE vector lengths exist, so
    # ZCR_ELx.LEN never selects 384 bits ("target/arm: Let ZCR_ELx.LEN
    # select only power-of-two SVE vector lengths"); asking for it is
    # said, not silently ignored.  Power-of-two requests stay quiet.
    for opt, warns in (("sve384=on", True), ("sve-max-vq=3", True),
                       ("sve-max-vq=4", False), ("sve512=on", False)):
        rc, out = t.run_qemu(["-M", "virt,rme=on", "-cpu", f"max,{opt}"] + M1G + BASE
                             + ["-monitor", "none"], timeout=5)
        said = "sve384 is not an architected SVE vector length" in out
        t.check(f"accept.sve_vl_warning.{opt}", said == warns,
                f"warning {'missing' if warns else 'unexpected'}: {out.strip()[-200:]}")

    # ---- rejected ----------------------------------------------------------
    # FEAT_RME needs EL3 (the Root world, DDI0487 A2 / DEN0129 A1) and EL2
    # (the RMM runs at Realm EL2, DEN0137 A2).
    rejected("rme_secure_off", ["-M", "virt,rme=on,secure=off"], "rme=on conflicts with secure=off")
    rejected("rme_virt_off", ["-M", "virt,rme=on,virtualization=off"],
             "rme=on conflicts with virtualization=off")
    # A GICv2 has no notion of the Realm/Root security states (DEN0129 B: GICv3+).
    rejected("rme_gic2", ["-M", "virt,rme=on,gic-version=2"], "rme=on conflicts with gic-version=2")
    for cpu in ("cortex-a57", "cortex-a76", "neoverse-n1"):
        rejected(f"rme_cpu_{cpu}", ["-M", "virt,rme=on", "-cpu", cpu],
                 f"CPU type '{cpu}-arm-cpu' does not implement FEAT_RME")
    # Upstream drops x-rme silently without EL3; we refuse.
    rejected("xrme_no_el3", ["-M", "virt,secure=off", "-cpu", "max,x-rme=on"],
             "x-rme=on needs EL3")
    rejected("xrme_no_el3_default", ["-M", "virt", "-cpu", "max,x-rme=on"], "x-rme=on needs EL3")
    rejected("xrme_no_el2", ["-M", "virt,secure=on", "-cpu", "max,x-rme=on"], "x-rme=on needs EL2")
    rejected("secure_ram_too_big", ["-M", "virt,rme=on,secure-ram-size=48M"],
             "secure-ram-size must be a multiple of 64K between 1M and 32M")
    rejected("secure_ram_too_small", ["-M", "virt,rme=on,secure-ram-size=512K"],
             "secure-ram-size must be a multiple of 64K between 1M and 32M")
    rejected("secure_ram_unaligned", ["-M", "virt,rme=on,secure-ram-size=1100K"],
             "secure-ram-size must be a multiple of 64K")
    rejected("secure_ram_without_secure", ["-M", "virt,secure-ram-size=8M"],
             "secure-ram-size needs secure=on")
    rejected("rme_not_bool", ["-M", "virt,rme=maybe"], "rme")

    # ---- help --------------------------------------------------------------
    rc, out = t.run_qemu(["-M", "virt,help"], timeout=30)
    t.check("help.rme", re.search(r"^\s+rme=<bool>\s+- .*Realm Management Extension", out, re.M) is not None,
            "-M virt,help does not document rme")
    t.check("help.secure_ram_size", re.search(r"^\s+secure-ram-size=<size>\s+- ", out, re.M) is not None,
            "-M virt,help does not document secure-ram-size")

    network()
    query_rme()
    mec_options()
    smmu_options()

    # ---- device tree -------------------------------------------------------
    dts = dtb(["-M", "virt,rme=on", "-smp", "2"] + M1G)
    if not t.check("dtb.generated", dts is not None, "dumpdtb failed"):
        return t.finish()
    # Secure RAM: a memory node only the Secure world sees (ePAPR status /
    # secure-status), which TF-A's BL2 uses for BL31, BL32 and the GPT.
    m = re.search(r"secram@e000000 \{(.*?)\};", dts, re.S)
    t.check("dtb.secram.node", m is not None, "no /secram@e000000 node")
    if m:
        body = m.group(1)
        t.check("dtb.secram.reg", re.search(r"reg = <0x00 0xe000000 0x00 0x1000000>", body) is not None,
                f"reg: {body.strip()}")
        t.check("dtb.secram.status", 'status = "disabled"' in body and 'secure-status = "okay"' in body,
                "secram must be disabled for NS and okay for Secure")
    t.check("dtb.gicv3", 'compatible = "arm,gic-v3"' in dts, "no GICv3 node")
    t.check_eq("dtb.cpus", len(re.findall(r"cpu@\d+ \{", dts)), 2)
    dts32 = dtb(["-M", "virt,rme=on,secure-ram-size=32M"] + M1G) or ""
    t.check("dtb.secram.reg_32m", "reg = <0x00 0xe000000 0x00 0x2000000>" in dts32,
            "secure-ram-size=32M not reflected in the device tree")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
