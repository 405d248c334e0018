#!/usr/bin/env python3
"""Tarmac in and out: cca-trace format=tarmac and cca-tracediff's Tarmac
reader (scripts/check suite "tools.tarmac").

The hand-written traces below follow the published "TarmacTrace file
format" (Arm Fast Models Reference Guide 100964, Plug-ins for Fast Models >
TarmacTrace: Instruction trace "<time> <scale> <cpu> IT|IS (<inst_id>)
<addr> <opcode> <iset> <mode>_<security> : <disasm>", Register trace
"R <register> <value>", the Event trace's exception records as FVP writes
them "E <addr> <number> CoreEvent_<name>" followed by ESR/FAR/ELR/SPSR and
cpsr writes, Core memory access trace "M<R|W><size> <vaddr>:<paddr><psecurity>
<data>").  Realm and Root spellings (_rl/_rt, _RL/_RT) are cca-trace's
(docs/tracing.md).  They are written here, not taken from any tool.

Checked: instructions in every EL and Security state, SMC call and its
return through EL3, a GPC exception with its syndrome registers and
MFAR_EL3, PA space tagged addresses, truncated and malformed lines (exit
2 with file and line); then on the demo boot: the JSON trace and the
Tarmac trace (events=insn) give the same events; one changed SMC
argument is reported at exactly that call; a run with -smp 2 and another
-icount shift is equal.

The tool is $CCA_TRACEDIFF (or $BUILD/host/tools/cca-tracediff)."""

import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

TOOL = os.environ.get("CCA_TRACEDIFF", os.path.join(t.BUILD, "host", "tools", "cca-tracediff"))
PLUGIN = os.path.join(t.BUILD, "plugins", "libcca-trace.so")
FLASH = os.path.join(t.BUILD, "tfa", "trp", "flash.bin")

# An SMC from Non-secure EL2 (PSCI_VERSION) served at EL3, written as FVP
# would (EL3 "_s": a PE without RME), plus instructions in every state.
CALL = """\
0 clk cpu0 SIGNAL: SIGNAL=ResetHold STATE=N
1 clk cpu0 IT (1) 0000000060001000 d2800020 O EL2h_n : MOV      x0,#1
1 clk cpu0 R X0 0000000000000001
2 clk cpu0 IT (2) 0000000060001004 58000001 O EL2h_n : LDR      x1,{pc}
2 clk cpu0 MR8 0000000060001008:000060001008_NS 00000000_00000003
2 clk cpu0 R X1 (AARCH64) 00000000 00000003
3 clk cpu0 IT (3) 0000000060001008 320107e0 O EL2h_n : MOV      w0,#0x84000000
3 clk cpu0 R X0 0000000084000000
4 clk cpu0 IS (4) 000000006000100c 54000040 O EL2h_n : B.EQ     {pc}+8
5 clk cpu0 IT (5) 0000000060001010 d4000003 O EL2h_n : SMC      #0
5 clk cpu0 E 0000000060001014 00000017 CoreEvent_LOWER_AARCH64_SYNC
5 clk cpu0 R ESR_EL3 000000005E000000
5 clk cpu0 R ELR_EL3 0000000060001014
5 clk cpu0 R SPSR_EL3 00000000000003C9
5 clk cpu0 R cpsr 000003cd
6 clk cpu0 IT (6) 000000000e000400 d2800000 O EL3h_s : MOV      x0,#0
6 clk cpu0 R X0 0000000000010001
7 clk cpu0 IT (7) 000000000e000404 f9000020 O EL3h_s : STR      x0,[x1]
7 clk cpu0 MW8 000000000e100000:00000e100000_RT 00000000_00010001
8 clk cpu0 IT (8) 000000000e000408 d69f03e0 O EL3h_s : ERET
8 clk cpu0 R cpsr 000003c9
9 clk cpu0 IT (9) 0000000060001014 d503201f O EL2h_n : NOP
10 clk cpu1 IT (1) 0000000080000000 d503201f O EL1h_rl : NOP
10 clk cpu1 MR4 0000000080001000:000080001000_RL 00000000
11 clk cpu1 IT (2) 0000000080000004 d503201f O EL0t_realm : NOP
12 clk cpu1 IT (3) 0000000080000008 d503201f O EL1t_s : NOP
13 clk cpu1 IT (4) 000000008000000c d503201f O EL3h_rt : NOP
"""
CALL_EVENTS = [
    {"ev": "call", "vcpu": 0, "world": "NS", "el": 2, "insn": "smc", "fid": "0x84000000",
     "name": "PSCI_VERSION", "iface": "PSCI", "args": ["0x3"] + ["0x0"] * 5},
    {"ev": "world", "vcpu": 0, "dir": "entry", "from_world": "NS", "from_el": 2,
     "to_world": "Root", "to_el": 3, "cause": "SMC64"},
    {"ev": "world", "vcpu": 0, "dir": "exit", "from_world": "Root", "from_el": 3,
     "to_world": "NS", "to_el": 2, "cause": "ERET"},
    {"ev": "ret", "vcpu": 0, "world": "NS", "el": 2, "fid": "0x84000000", "name": "PSCI_VERSION",
     "iface": "PSCI", "ret": ["0x10001", "0x3"] + ["0x0"] * 6, "status": None, "via": "eret"},
]

# A GPC exception (ESR_EL3 EC 0x1E, xFSC 0x28 GPF, GPCSC 0 (level 0),
# WnR) from Non-secure EL2, as FVP reports an exception: E, then ESR_EL3,
# FAR_EL3, ELR_EL3, MFAR_EL3 (DDI0487 D24.2) and cpsr.
ESR_GPC = (0x1E << 26) | (1 << 25) | (1 << 6) | 0x28
GPF = f"""\
100 clk cpu0 IT (100) 0000000060002000 f9000001 O EL2h_n : STR      x1,[x0]
100 clk cpu0 E 0000000060002000 0000001e CoreEvent_LOWER_AARCH64_SYNC
100 clk cpu0 R ESR_EL3 {ESR_GPC:016X}
100 clk cpu0 R FAR_EL3 0000000088000000
100 clk cpu0 R ELR_EL3 0000000060002000
100 clk cpu0 R MFAR_EL3 8000000088000000
100 clk cpu0 R cpsr 000003cd
101 clk cpu0 IT (101) 000000000e000400 d503201f O EL3h_rt : NOP
"""
GPF_EVENTS = [
    {"ev": "gpf", "vcpu": 0, "world": "NS", "el": 2, "pc": "0x60002000", "far": "0x88000000",
     "access": "write", "to_world": "Root", "to_el": 3, "ec": 30, "fsc": 40, "gpcsc": 0,
     "pa": "0x88000000", "pas": "NS", "gpt": {"result": "fault", "gpi": 8, "level": 0}},
    {"ev": "world", "vcpu": 0, "dir": "entry", "from_world": "NS", "from_el": 2,
     "to_world": "Root", "to_el": 3, "cause": "GPC"},
]


def write(d, name, text):
    p = os.path.join(d, name)
    with open(p, "w") as f:
        f.write(text)
    return p


def jsonl(events):
    return "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in events)


def diff(*args):
    return t.run_tool([TOOL] + list(args), timeout=600)


def boot(out, opts, extra=()):
    """The demo boot with the plugin; False if it did not power off."""
    try:
        subprocess.run([t.QEMU, "-M", "virt,rme=on", "-m", "1G", "-nographic", "-nic", "none",
                        "-bios", FLASH] + list(extra) +
                       ["-plugin", f"{PLUGIN},{opts},outfile={out}"],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=600)
    except subprocess.TimeoutExpired:
        return False
    return True


def parser_tests(d):
    a = write(d, "call.jsonl", jsonl(CALL_EVENTS))
    b = write(d, "call.tarmac", CALL)
    rc, out, err = diff(a, b)
    t.check("tarmac.call_ret_world", rc == 0 and "CPU 0: equal, 4 events" in out, out + err)
    rc, out, err = diff(b, b)
    t.check("tarmac.both_tarmac", rc == 0 and "EQUAL" in out, out + err)

    # the argument register written before the SMC is the call's x1
    b2 = write(d, "call2.tarmac", CALL.replace("R X1 (AARCH64) 00000000 00000003",
                                               "R X1 (AARCH64) 00000000 00000004"))
    rc, out, err = diff(a, b2)
    t.check("tarmac.call_args_from_r_lines", rc == 1 and "after 0 equal events" in out and
            "call2.tarmac:11:" in out and "0x4" in out, out + err)
    # the result register written at EL3 is the return's x0
    b3 = write(d, "call3.tarmac", CALL.replace("R X0 0000000000010001", "R X0 0000000000010000"))
    rc, out, err = diff(a, b3)
    t.check("tarmac.ret_from_r_lines", rc == 1 and "after 3 equal events" in out and
            "call3.tarmac:22:" in out, out + err)

    g = write(d, "gpf.tarmac", GPF)
    gj = write(d, "gpf.jsonl", jsonl(GPF_EVENTS))
    rc, out, err = diff(gj, g)
    t.check("tarmac.gpf_syndrome", rc == 0 and "equal, 2 events" in out, out + err)
    # the PA comes from MFAR_EL3: another PA is another fault
    g2 = write(d, "gpf2.tarmac", GPF.replace("R MFAR_EL3 8000000088000000",
                                             "R MFAR_EL3 8000000088001000"))
    rc, out, err = diff(gj, g2)
    t.check("tarmac.gpf_pa_from_mfar", rc == 1 and "pa=0x88001000" in out, out + err)

    bad = [
        ("truncated", CALL.rstrip("\n"), 27, "truncated"),
        ("no_mode", CALL.replace("O EL2h_n : MOV      x0,#1", "O"), 2, "mode"),
        ("bad_mode", CALL.replace("O EL2h_n : NOP", "O EL2h_q : NOP"), 22, "mode"),
        ("bad_pas", CALL.replace("000060001008_NS", "000060001008_XX"), 5, "memory access"),
        ("bad_reg", CALL.replace("R X0 0000000000000001", "R X0 00000000000000G1"), 3, "hex"),
        ("bad_exc", CALL.replace("E 0000000060001014 00000017 CoreEvent_LOWER_AARCH64_SYNC",
                                 "E 0000000060001014"), 11, "exception line"),
        ("no_kind", CALL.replace("3 clk cpu0 R X0 0000000084000000", "3 clk cpu0"), 8, "no record"),
        ("bad_cpu", CALL.replace("10 clk cpu1 IT", "10 clk cpuX IT"), 23, "cpu"),
        ("no_insns", "1 clk cpu0 R X0 0000000000000001\n", 1, "instruction lines"),
    ]
    for name, text, line, word in bad:
        p = write(d, f"bad_{name}.tarmac", text)
        rc, out, err = diff(a, p)
        t.check(f"tarmac.bad.{name}", rc == 2 and f"{p}:{line}:" in err and word in err,
                f"exit {rc}: {err}{out}")


def demo_tests(d):
    missing = [p for p in (t.QEMU, PLUGIN, FLASH) if not os.path.exists(p)]
    if missing:
        t.skip("tarmac.demo", f"not built: {', '.join(missing)}")
        return
    j = os.path.join(d, "demo.jsonl")
    tm = os.path.join(d, "demo.tarmac")
    if not (boot(j, "format=json") and boot(tm, "format=tarmac,events=all:insn")):
        t.check("tarmac.demo.boots", False, "the demo did not power off within 600 s")
        return
    with open(tm) as f:
        head = [next(f) for _ in range(2000)]
    t.check("tarmac.demo.line_forms",
            any(re.match(r"^\d+ clk cpu0 IT \(\d+\) [0-9a-f]{16} [0-9a-f]{8} O EL3h_rt : ", ln)
                for ln in head), "".join(head[:5]))
    rc, out, err = diff(j, tm)
    t.check("tarmac.demo.round_trip", rc == 0 and "EQUAL" in out, f"exit {rc}: {out[-800:]}{err}")
    ncalls = int(re.search(r"(\d+) events: EQUAL", out).group(1)) if rc == 0 else 0
    t.check("tarmac.demo.has_events", ncalls >= 20, out[-300:])

    # One SMC argument changed: x1 of the third call.  cca-trace writes a
    # call's x0..x6 as a run of 7 R lines, a return's x0..x7 as 8.
    calls = [(n, json.loads(ln)) for n, ln in enumerate(open(j), 1)
             if ln.startswith('{"ev":"call"')]
    jline, target = calls[2]
    mut = os.path.join(d, "mut.tarmac")
    with open(tm) as src, open(mut, "w") as dst:
        run, k, edited = [], 0, 0
        for ln in src:
            if " R X" in ln:
                run.append(ln)
                continue
            if len(run) == 7:
                k += 1
                if k == 3:
                    head, val = run[1].rsplit(" ", 1)
                    run[1] = f"{head} {int(val, 16) ^ 1:016X}\n"
                    edited = int(val, 16) ^ 1
            dst.writelines(run)
            run = []
            dst.write(ln)
        dst.writelines(run)
    os.unlink(tm)
    rc, out, err = diff(j, mut)
    os.unlink(mut)
    t.check("tarmac.demo.changed_arg_found",
            rc == 1 and f"- {j}:{jline}: call" in out and target["name"] in out and
            f"args=[0x{edited:x}" in out and out.count("first divergence") == 1,
            f"exit {rc}: {out[-1200:]}{err}")

    # Other timing: two CPUs, another icount shift: the same events.
    j2 = os.path.join(d, "smp2.jsonl")
    tm2 = os.path.join(d, "smp2.tarmac")
    if not (boot(j2, "format=json", ["-smp", "2"]) and
            boot(tm2, "format=tarmac,events=all:insn", ["-smp", "2", "-icount", "shift=3"])):
        t.check("tarmac.demo.smp2_boots", False, "the demo did not power off within 600 s")
        return
    rc, out, err = diff(j2, tm2)
    os.unlink(tm2)
    t.check("tarmac.demo.smp2_icount_equal", rc == 0 and "EQUAL" in out,
            f"exit {rc}: {out[-800:]}{err}")


def main():
    if not os.path.exists(TOOL):
        t.check("tarmac.built", False, f"{TOOL} missing: run make unit")
        return t.finish()
    with tempfile.TemporaryDirectory() as d:
        parser_tests(d)
        demo_tests(d)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
