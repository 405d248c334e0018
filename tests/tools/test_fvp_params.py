#!/usr/bin/env python3
"""tools/fvp-params end to end (scripts/check suite "tools.fvp-params").

- docs/fvp-params.md holds exactly the tool's --table (one data file);
- an FVP Base RevC RME command line of the kind TF-A's and RF-A's public
  scripts use becomes `-M virt,rme=on,...`, every line classified, exit 1
  because some parameters have no equivalent; an all-mappable set exits 0;
- two clusters that want different values are a conflict (qemu-rme's PEs
  are identical);
- malformed input exits 2 naming the file and line;
- every option the map can produce is accepted by qemu-rme (each
  machine/cpu rule at a value it matches, dumpdtb), so the map cannot go
  stale against the options it names.

The tool is $BUILD/host/tools/fvp-params (make unit builds it), or
$FVP_PARAMS."""

import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

TOOL = os.environ.get("FVP_PARAMS", os.path.join(t.BUILD, "host", "tools", "fvp-params"))
MAP = os.path.join(t.TOP, "tools", "fvp-params", "fvp-params.map")
DOC = os.path.join(t.TOP, "docs", "fvp-params.md")


def run(*args):
    return t.run_tool([TOOL] + list(args))


def main():
    if not os.path.exists(TOOL):
        t.check("fvp-params.built", False, f"{TOOL} missing: run make unit")
        return t.finish()

    rc, table, _ = run("--table")
    doc = open(DOC).read()
    m = re.search(r"<!-- fvp-params --table -->\n(.*?)<!-- end -->", doc, re.S)
    t.check("fvp-params.doc_is_table", rc == 0 and m is not None and m.group(1) == table,
            "docs/fvp-params.md differs from `fvp-params --table`; paste the table in")

    rme = ["-C", "bp.has_rme=1", "-C", "cluster0.rme_support_level=2",
           "-C", "cluster1.rme_support_level=2", "-C", "cluster0.PA_SIZE=48",
           "-C", "cluster1.PA_SIZE=48",
           "-C", "pci.pci_smmuv3.mmu.SMMU_ROOT_IDR0=3",
           "-C", "pci.pci_smmuv3.mmu.SMMU_ROOT_IIDR=0x43B",
           "-C", "pci.pci_smmuv3.mmu.root_register_page_offset=0x20000",
           "-C", "pci.pci_smmuv3.mmu.SMMU_IDR0=0x4046123b",
           "-C", "bp.vis.disable_visualisation=1", "-C", "cluster0.NUM_CORES=4"]
    rc, out, err = run(*rme)
    lines = out.splitlines()
    t.check_eq("fvp-params.rme.exit", rc, 1)
    # FVP's published SMMU_ROOT_IDR0 = 3 has REALM_IMPL 0 (IHI0070 G.b
    # 6.3.110 bit 3): the SMMU without its Realm interface.
    t.check_eq("fvp-params.rme.options", lines[0] if lines else None,
               "-M virt,rme=on,smmu-realm=off")
    want = {"bp.has_rme=1": "mapped", "cluster0.rme_support_level=2": "mapped",
            "cluster0.PA_SIZE=48": "differs",
            "pci.pci_smmuv3.mmu.SMMU_ROOT_IDR0=3": "mapped",
            "pci.pci_smmuv3.mmu.SMMU_ROOT_IIDR=0x43B": "same",
            "pci.pci_smmuv3.mmu.root_register_page_offset=0x20000": "differs",
            "pci.pci_smmuv3.mmu.SMMU_IDR0=0x4046123b": "differs",
            "bp.vis.disable_visualisation=1": "ignored", "cluster0.NUM_CORES=4": "ignored"}
    got = dict(ln.split(": ", 2)[:2] for ln in lines[1:])
    t.check("fvp-params.rme.classified", all(got.get(k) == v for k, v in want.items())
            and len(lines) == 1 + len(rme) // 2, repr(got))

    # The same parameters in a configuration file, with the values FVP
    # writes (0x hex, true/false), all mappable: exit 0.
    with tempfile.TemporaryDirectory() as d:
        cfg = os.path.join(d, "fvp.cfg")
        with open(cfg, "w") as f:
            f.write("# FVP configuration\nbp.has_rme=true\ncluster0.rme_support_level=0x2\n"
                    "cluster0.l0_gptsz=36\ncluster1.l0_gptsz=36\n"
                    "bp.mpe.block_size_in_bytes=0x40\ncluster0.rme_mecid_width=8\n"
                    "cluster0.has_52bit_address_with_4k=0\n\n")
        rc, out, err = run("-f", cfg)
        t.check_eq("fvp-params.config.exit", rc, 0)
        t.check_eq("fvp-params.config.options", out.splitlines()[0] if out else None,
                   "-M virt,rme=on,mec-block-size=0x40,mec-mecid-width=8 "
                   "-cpu max,x-l0gptsz=36,lpa2=off")

        # a value outside its range, and two clusters that disagree
        rc, out, _ = run("bp.mpe.block_size_in_bytes=48", "cluster0.l0_gptsz=34",
                         "cluster1.l0_gptsz=39")
        t.check("fvp-params.unmapped_and_conflict", rc == 1
                and "bp.mpe.block_size_in_bytes=48: none:" in out
                and "cluster1.l0_gptsz=39: conflict:" in out, out)

        # bad input: exit 2, file and line named
        with open(cfg, "w") as f:
            f.write("bp.has_rme=1\nthis is not a parameter\n")
        rc, _, err = run("-f", cfg)
        t.check("fvp-params.bad_config", rc == 2 and f"{cfg}:2:" in err, err)
        bad_map = os.path.join(d, "bad.map")
        with open(bad_map, "w") as f:
            f.write("# ok\nbp.has_rme 1 machine rme=on note\nbp.x 1..z cpu a=b note\n")
        rc, _, err = run("--map", bad_map, "bp.has_rme=1")
        t.check("fvp-params.bad_map", rc == 2 and f"{bad_map}:3:" in err, err)
        rc, _, err = run("no-equals-sign")
        t.check("fvp-params.bad_argument", rc == 2 and "expected PARAMETER=VALUE" in err, err)
        rc, _, err = run()
        t.check("fvp-params.no_parameters", rc == 2, err)

    # Every machine/cpu option of the map, at a value its rule matches,
    # must be accepted by qemu-rme.
    if not os.path.exists(t.QEMU):
        t.skip("fvp-params.options_accepted", f"{t.QEMU} missing: QEMU not built")
        return t.finish()
    samples = []
    for ln in open(MAP):
        f = ln.split(None, 4)
        if not f or f[0].startswith("#") or f[2] not in ("machine", "cpu"):
            continue
        v = f[1].split("..")[0].split("/")[0]
        if v == "*":
            continue
        samples.append((f[0].replace("*", "0"), v))
    bad = []
    for p, v in samples:
        rc, out, _ = run(f"{p}={v}")
        opts = out.splitlines()[0].split() if out else []
        if rc != 0 or not opts:
            bad.append(f"{p}={v}: fvp-params exit {rc}")
            continue
        machine = opts[1]
        if "rme=on" not in machine.split(","):
            machine += ",rme=on" if "rme=off" not in machine.split(",") else ""
        args = ["-M", machine] + opts[2:]
        with tempfile.TemporaryDirectory() as d:
            dtb = os.path.join(d, "virt.dtb")
            args[1] += f",dumpdtb={dtb}"
            qrc, qout = t.run_qemu(args + ["-m", "1G", "-nographic", "-nic", "none",
                                           "-serial", "none"], timeout=60)
            if qrc != 0:
                bad.append(f"{p}={v} -> {' '.join(opts)}: QEMU exit {qrc}: {qout.strip()[-200:]}")
    t.check("fvp-params.options_accepted", samples and not bad,
            f"{len(samples)} options tried; " + "; ".join(bad[:3]))
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
