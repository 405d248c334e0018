#!/usr/bin/env python3
"""tools/cca-tracediff end to end (scripts/check suite "tools.cca-tracediff").

On hand-made traces: timing, call ids, nesting depth and the interleaving
of CPUs are ignored; a polling loop counts once however often it went
round; argument registers past --args, or past the last one the call
defines, are ignored, those before are not;
the GPT entry of a GPF is compared only when both traces have it; the
first divergence is reported with both files' line numbers; a truncated
line, malformed JSON, an event without a vCPU and an empty file are bad
input (exit 2, file and line named).  On real traces: the demo boot on
qemu-rme with TLB banks on and off, and on upstream QEMU, is the same
sequence of architectural events.  (Tarmac input, FVP's or format=tarmac,
is tests/tools/test_tarmac.py, suite "tools.tarmac".)

The tool is $BUILD/host/tools/cca-tracediff (make unit builds it), or
$CCA_TRACEDIFF."""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

TOOL = os.environ.get("CCA_TRACEDIFF", os.path.join(t.BUILD, "host", "tools", "cca-tracediff"))
PLUGIN = os.path.join(t.BUILD, "plugins", "libcca-trace.so")
FLASH = os.path.join(t.BUILD, "tfa", "trp", "flash.bin")
UPSTREAM = os.path.join(t.BUILD, "upstream", "qemu-system-aarch64")


def call(vcpu, ic, name, args, cid=1, world="NS"):
    return {"ev": "call", "vcpu": vcpu, "icount": ic, "depth": 0, "id": cid, "world": world,
            "el": 2, "insn": "smc", "pc": "0x60001000", "fid": "0xc4000151", "name": name,
            "iface": "RMI", "args": args, "yields": False, "note": None}


def ret(vcpu, ic, name, x0, cid=1, world="NS"):
    return {"ev": "ret", "vcpu": vcpu, "icount": ic, "depth": 0, "id": cid, "world": world,
            "el": 2, "pc": "0x60001004", "fid": "0xc4000151", "name": name, "iface": "RMI",
            "ret": [x0, "0x0", "0x0", "0x0", "0x77"], "status": "RMI_SUCCESS",
            "status_index": 0, "next": None, "resumed": False, "via": "eret", "insns": ic}


def world(vcpu, ic, d, fw, tw):
    return {"ev": "world", "vcpu": vcpu, "icount": ic, "depth": 0, "dir": d, "from_world": fw,
            "from_el": 2, "to_world": tw, "to_el": 3, "cause": "SMC64", "esr": None,
            "from_pc": "0x0", "to_pc": "0x0"}


def gpf(vcpu, ic, pa, gpi=None):
    e = {"ev": "gpf", "vcpu": vcpu, "icount": ic, "depth": 0, "world": "NS", "el": 2,
         "pc": "0x60001578", "far": pa, "access": "read", "to_world": "NS", "to_el": 2,
         "ec": 37, "fsc": 40, "gpcsc": None, "pa": pa, "pas": "NS", "gpt": None}
    if gpi is not None:
        e["gpt"] = {"result": "granule_protection_fault", "gpi": gpi, "level": 1}
    return e


META = {"ev": "meta", "plugin": "cca-trace"}


def write(d, name, events, raw=None):
    p = os.path.join(d, name)
    with open(p, "w") as f:
        for e in events:
            f.write(json.dumps(e, separators=(",", ":")) + "\n")
        if raw is not None:
            f.write(raw)
    return p


def diff(*args):
    return t.run_tool([TOOL] + list(args))


def main():
    if not os.path.exists(TOOL):
        t.check("tracediff.built", False, f"{TOOL} missing: run make unit")
        return t.finish()
    args = ["0x88000000", "0x0", "0x0", "0x1234"]
    base = [META, call(0, 10, "RMI_GRANULE_DELEGATE", args), world(0, 11, "entry", "NS", "Root"),
            call(1, 12, "RMI_VERSION", args, cid=5), ret(1, 13, "RMI_VERSION", "0x0", cid=5),
            world(0, 14, "exit", "Root", "NS"), ret(0, 15, "RMI_GRANULE_DELEGATE", "0x0"),
            gpf(0, 16, "0x88000000", gpi=11)]
    with tempfile.TemporaryDirectory() as d:
        a = write(d, "a.jsonl", base)
        # other timing, ids, depth; CPU 1's events interleaved elsewhere;
        # a register past --args (x4) differs; no GPT entry on this side
        b_ev = [META, call(1, 2, "RMI_VERSION", args, cid=9), ret(1, 3, "RMI_VERSION", "0x0", cid=9),
                call(0, 100, "RMI_GRANULE_DELEGATE", args[:3] + ["0x9999"], cid=42),
                world(0, 101, "entry", "NS", "Root"), world(0, 104, "exit", "Root", "NS"),
                ret(0, 105, "RMI_GRANULE_DELEGATE", "0x0", cid=42), gpf(0, 106, "0x88000000")]
        b = write(d, "b.jsonl", b_ev)
        rc, out, err = diff(a, b)
        t.check("tracediff.equal_ignores_timing_ids_interleaving", rc == 0 and "EQUAL" in out,
                f"exit {rc}: {out}{err}")

        # with --args 4, x4 is still not compared for RMI_GRANULE_DELEGATE:
        # it defines x1 only (DEN0137 B4.3.5), the rest is undefined
        rc, out, _ = diff("--args", "4", a, b)
        t.check("tracediff.undefined_args_ignored", rc == 0 and "EQUAL" in out, out)

        # but x4 of RMI_DATA_CREATE (x1 rd, x2 data, x3 ipa, x4 src, x5
        # flags, B4.3.1) counts with --args 4, and not with the default 3
        dc = ["0x88000000", "0x88001000", "0x0", "0x1234"]
        a2 = write(d, "a2.jsonl", [META, call(0, 10, "RMI_DATA_CREATE", dc)])
        b2 = write(d, "b2.jsonl", [META, call(0, 10, "RMI_DATA_CREATE", dc[:3] + ["0x9999"])])
        rc3, _, _ = diff(a2, b2)
        rc, out, _ = diff("--args", "4", a2, b2)
        t.check("tracediff.args_counted", rc3 == 0 and rc == 1 and "a2.jsonl:2:" in out and
                "b2.jsonl:2:" in out, out)

        # polling: the same call/ret pair 1 and 5 times
        poll = [call(0, 1, "PSCI_AFFINITY_INFO", args), ret(0, 2, "PSCI_AFFINITY_INFO", "0x1")]
        p1 = write(d, "p1.jsonl", [META] + poll + [gpf(0, 9, "0x1000")])
        p5 = write(d, "p5.jsonl", [META] + poll * 5 + [gpf(0, 9, "0x1000")])
        rc, out, _ = diff(p1, p5)
        t.check("tracediff.polling_counts_once", rc == 0 and "repeats dropped: 0 and 8" in out, out)

        # a GPF with another GPI, both traces knowing it
        c = write(d, "c.jsonl", base[:-1] + [gpf(0, 16, "0x88000000", gpi=9)])
        rc, out, _ = diff(a, c)
        t.check("tracediff.gpi_compared", rc == 1 and "- " in out and "gpi=11" in out
                and "gpi=9" in out and "c.jsonl:8:" in out, out)

        # a missing return: the other side ends first
        e = write(d, "e.jsonl", base[:6])
        rc, out, _ = diff(a, e)
        t.check("tracediff.shorter_trace", rc == 1 and "(no more events)" in out, out)

        # bad input
        tr = write(d, "tr.jsonl", base, raw='{"ev":"call","vcpu":0')
        rc, _, err = diff(a, tr)
        t.check("tracediff.truncated", rc == 2 and f"{tr}:9:" in err and "truncated" in err, err)
        mal = write(d, "mal.jsonl", base[:3], raw='{"ev":"ret",}\n')
        rc, _, err = diff(mal, a)
        t.check("tracediff.malformed", rc == 2 and f"{mal}:4:" in err, err)
        nov = write(d, "nov.jsonl", [META, {"ev": "world", "dir": "entry"}])
        rc, _, err = diff(a, nov)
        t.check("tracediff.no_vcpu", rc == 2 and f"{nov}:2:" in err, err)
        emp = write(d, "emp.jsonl", [])
        rc, _, err = diff(emp, a)
        t.check("tracediff.empty", rc == 2 and "empty" in err, err)
        rc, _, _ = diff(a)
        t.check_eq("tracediff.usage", rc, 2)

        # real traces: the demo boot, three ways
        missing = [p for p in (t.QEMU, PLUGIN, FLASH) if not os.path.exists(p)]
        if missing:
            t.skip("tracediff.demo", f"not built: {', '.join(missing)}")
            return t.finish()
        runs = [("banks", t.QEMU, ["-M", "virt,rme=on"]),
                ("nobanks", t.QEMU, ["-M", "virt,rme=on", "-cpu", "max,x-tlb-banks=off"])]
        if os.path.exists(UPSTREAM):
            runs.append(("upstream", UPSTREAM, ["-M", "virt,secure=on,virtualization=on,gic-version=3",
                                                "-cpu", "max,x-rme=on"]))
        outs = []
        for name, binary, machine in runs:
            o = os.path.join(d, name + ".jsonl")
            try:
                subprocess.run([binary] + machine + ["-m", "1G", "-nographic", "-nic", "none",
                                                     "-bios", FLASH, "-plugin",
                                                     f"{PLUGIN},format=json,outfile={o}"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=300)
            except subprocess.TimeoutExpired:
                t.check(f"tracediff.demo.{name}.boots", False,
                        f"{binary} did not power off within 300 s with {FLASH}")
                continue
            outs.append(o)
        for o in outs[1:]:
            rc, out, err = diff(outs[0], o)
            t.check(f"tracediff.demo.{os.path.basename(o)[:-6]}", rc == 0 and "EQUAL" in out,
                    f"exit {rc}: {out[-600:]}{err}")
        if len(runs) < 3:
            t.skip("tracediff.demo.upstream", f"{UPSTREAM} not built")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
