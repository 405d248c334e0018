#!/usr/bin/env python3
"""The cca-trace TCG plugin (plugins/cca-trace/, docs/tracing.md).

Runs the qemu-rme demo (TF-A 2.12.1 + TRP, demo payload as BL33) and the
bare-metal guest suite under the plugin and asserts the trace: the exact
event sequence of the RMI_GRANULE_DELEGATE flow and the Normal-world GPF
that follows it with its GPT walk (qemu-rme plugin API extension,
"plugins: Add the security space of accesses and reads in any PAS";
cross-checked against QEMU's own -trace rme_gpt_fetch), the GPC
exceptions to EL3 in the guest suite and their GPT walks, the JSON
schema of every line (hand-written checker, docs/tracing.md), that the
text and JSON forms agree, the event filters, that bad options are
errors, and that a stock QEMU (the upstream baseline build) still runs
the plugin and says what it cannot provide.  Python 3 stdlib; prints PASS/FAIL lines and "N passed, N failed".
"""

import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402
import bootlog  # noqa: E402

PLUGIN = os.environ.get("CCA_TRACE", os.path.join(t.BUILD, "plugins", "libcca-trace.so"))
FLASH = os.path.join(t.BUILD, "tfa", "trp", "flash.bin")
PAYLOAD_ELF = os.path.join(t.BUILD, "payload", "payload.elf")
GUEST_ELF = os.path.join(t.BUILD, "guest", "guest-tests.elf")
DEMO = bootlog.demo_args(FLASH)
# The same machine on a stock QEMU (docs/tracing.md).
UPSTREAM = os.path.join(t.BUILD, "upstream", "qemu-system-aarch64")
DEMO_STOCK = bootlog.demo_args(FLASH, bootlog.HAND_MACHINE)

TMP = tempfile.mkdtemp(prefix="cca-trace-test.")

# SMCCC function IDs (DEN0137 RMI, TF-A 2.12 rmmd_svc.h RMM-EL3, DEN0022).
RMI_VERSION = 0xC4000150
RMI_GRANULE_DELEGATE = 0xC4000151
RMI_GRANULE_UNDELEGATE = 0xC4000152
RMM_RMI_REQ_COMPLETE = 0xC400018F
RMM_GTSI_DELEGATE = 0xC40001B0
RMM_GTSI_UNDELEGATE = 0xC40001B1
# TF-A 2.15 (make check TFA_SRC=<2.15 tree>): the TRP changes GPIs with
# FIRME_GM_GPI_SET, for delegation and undelegation alike.
FIRME_GM_GPI_SET = 0xC4000402


# Calls whose argument registers past the first few are not defined, so
# that two runs of the same image may differ there: RMM_BOOT_COMPLETE
# passes x1 (the boot status) only (TF-A's RMM-EL3 interface,
# docs/components/rmm-el3-comms-spec), and TRP leaves in x2 a value that
# depends on the host's timing (0x90 or 0xc0 in the demo).
DEFINED_ARGS = {"RMM_BOOT_COMPLETE": 1}


def defined_only(ev):
    """@ev with the undefined argument registers of its call dropped."""
    n = DEFINED_ARGS.get(ev.get("name"))
    if ev.get("ev") == "call" and n is not None:
        ev = dict(ev, args=ev["args"][:n])
    return ev


def plugin_arg(**opts):
    return ",".join([PLUGIN] + [f"{k}={v}" for k, v in opts.items()])


def run_demo(tag, extra=(), **opts):
    """Boot the demo under the plugin; return (rc, console, trace lines)."""
    out = os.path.join(TMP, f"{tag}.trace")
    rc, log = t.run_qemu(DEMO + list(extra) + ["-plugin", plugin_arg(outfile=out, **opts)],
                         timeout=240)
    lines = open(out).read().splitlines() if os.path.exists(out) else []
    return rc, log, lines


def parse_json(lines):
    evs = []
    for i, line in enumerate(lines):
        try:
            evs.append(json.loads(line))
        except ValueError as e:
            raise ValueError(f"line {i + 1} is not JSON ({e}): {line[:120]}")
    return evs


# ---- the JSON schema of docs/tracing.md, as a checker ---------------------

WORLDS = {"Secure", "NS", "Root", "Realm"}


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def is_hex(v):
    return isinstance(v, str) and re.fullmatch(r"0x[0-9a-f]+", v) is not None


def is_str(v):
    return isinstance(v, str) and v != ""


def is_bool(v):
    return isinstance(v, bool)


def is_world(v):
    return v in WORLDS


def is_el(v):
    return v in (0, 1, 2, 3)


def opt(check):
    return lambda v: v is None or check(v)


def one_of(*vals):
    return lambda v: v in vals


def hex_list(n):
    return lambda v: isinstance(v, list) and len(v) == n and all(is_hex(x) for x in v)


def str_list(v):
    return isinstance(v, list) and all(is_str(x) for x in v)


def int_dict(keys):
    return lambda v: isinstance(v, dict) and set(v) <= set(keys) and all(is_int(x) for x in v.values())


# gpf.gpt: the reference walker's GPT walk (target-arm-rme/gpt.h names).
GPT_RESULTS = {"ok", "granule_protection_fault", "gpt_walk_fault", "gpt_address_size_fault",
               "gpt_fetch_external_abort"}
GPT_SCHEMA = {"ss": is_world, "gpccr": is_hex, "gptbr": is_hex, "result": one_of(*GPT_RESULTS),
              "reason": is_str, "level": one_of(0, 1), "gpi": opt(lambda v: is_int(v) and v < 16),
              "gpi_name": opt(is_str), "desc_kind": one_of("none", "block", "table", "contiguous",
                                                           "granules", "invalid"),
              "desc": opt(is_hex), "desc_addr": opt(is_hex),
              # reads: L0 entry, then one L1 entry, or with FEAT_RME_GDI both
              # entries of the 16-byte L1 pair (DDI0487 R_PGHWX): 0..3.
              "reads": one_of(0, 1, 2, 3),
              "gpcsc": opt(lambda v: is_int(v) and v < 64), "gpcsc_name": opt(is_str)}


def is_gpt(v):
    return (isinstance(v, dict) and set(v) == set(GPT_SCHEMA)
            and all(check(v[k]) for k, check in GPT_SCHEMA.items())
            and (v["gpcsc"] is None) == (v["result"] == "ok")
            and (v["desc"] is None) == (v["reads"] == 0))


# gpf.mec: the MECID of a Realm PA space access (FEAT_MEC, DDI0487 D8.12.1)
MEC_REGS = {"MECID_P0_EL2", "MECID_P1_EL2", "MECID_A0_EL2", "MECID_A1_EL2",
            "VMECID_P_EL2", "VMECID_A_EL2", "MECID_RL_A_EL3"}


def is_mec(v):
    return (isinstance(v, dict) and set(v) == {"emec", "mecid", "reg", "alt"}
            and v["emec"] in (0, 1) and is_int(v["mecid"]) and v["mecid"] < 1 << 16
            and (v["reg"] is None or v["reg"] in MEC_REGS)
            and (v["alt"] is None or v["alt"] in MEC_REGS)
            # without EMEC the default MECID 0 and no register (R_CBJVF, R_CCSND)
            and (v["emec"] or (v["reg"] is None and v["mecid"] == 0)))


COMMON = {"vcpu": is_int, "icount": opt(is_int), "depth": is_int}
ISS_KEYS = ["isv", "sas", "sse", "srt", "sf", "ar", "vncr", "set", "fnv", "ea", "cm",
            "s1ptw", "wnr", "s2ptw", "ind", "gpcsc", "xfsc"]
SCHEMA = {
    "meta": {"plugin": one_of("cca-trace"), "schema": one_of(4), "api": is_int,
             "qemu_rme_ext": is_bool,
             "events": lambda v: isinstance(v, list) and set(v) <= {"call", "ret", "world", "gpf",
                                                                     "insn", "gpt", "mec"},
             "icount": is_bool, "rme": is_bool, "world_source": one_of("SCR_EL3", "inferred"),
             "missing_registers": str_list, "unavailable": str_list},
    "call": dict(COMMON, id=is_int, world=is_world, el=is_el, insn=one_of("smc", "hvc"),
                 pc=is_hex, fid=lambda v: is_hex(v) and len(v) == 10, name=opt(is_str),
                 iface=is_str, args=hex_list(6), yields=is_bool, note=opt(is_str)),
    "ret": dict(COMMON, id=is_int, world=is_world, el=is_el, pc=is_hex,
                fid=lambda v: is_hex(v) and len(v) == 10, name=opt(is_str), iface=is_str,
                ret=hex_list(8), status=opt(is_str), status_index=is_int, next=opt(is_str),
                resumed=is_bool, via=one_of("eret", "hostcall"), insns=opt(is_int)),
    "world": dict(COMMON, dir=one_of("entry", "exit"), from_world=is_world, from_el=is_el,
                  to_world=is_world, to_el=is_el, cause=is_str, esr=opt(is_hex),
                  from_pc=is_hex, to_pc=is_hex),
    "gpf": dict(COMMON, world=is_world, el=is_el, pc=is_hex, insn=opt(is_str),
                opcode=opt(lambda v: is_hex(v) and len(v) == 10), far=is_hex,
                access=one_of("read", "write", "fetch", "cmo"), ttw=is_bool,
                walk_level=opt(lambda v: v in (-1, 0, 1, 2, 3)), to_world=is_world,
                to_el=lambda v: v in (1, 2, 3), reg=one_of("ESR_EL1", "ESR_EL2", "ESR_EL3"),
                esr=is_hex, ec=one_of(0x1E, 0x20, 0x21, 0x24, 0x25), ec_name=is_str,
                fsc=is_int, fsc_name=is_str, iss=int_dict(ISS_KEYS), gpcsc=opt(is_int),
                gpcsc_name=opt(is_str), mfar=opt(is_hex), pa=opt(is_hex),
                pa_src=opt(one_of("MFAR_EL3", "flat")), pas=opt(is_world), vector=is_hex,
                mec=opt(is_mec), gpt=opt(is_gpt)),
    "insn": dict(COMMON, world=is_world, el=is_el, pc=is_hex, insn=opt(is_str),
                 opcode=lambda v: is_hex(v) and len(v) in (6, 10)),
    # events=mec: an access to the Realm PA space and its MECID (D8.12.1)
    "mec": dict(COMMON, world=is_world, el=is_el, pc=is_hex, va=is_hex, pa=is_hex,
                access=one_of("read", "write"), size=one_of(1, 2, 4, 8, 16, 32, 64),
                pas=one_of("Realm"), mecid=lambda v: is_int(v) and v < 1 << 16, mmio=is_bool),
    # events=gpt: QMP query-rme-gpt's object (RmeGpt) plus where it was taken.
    "gpt": dict(COMMON, cause=one_of("TLBI PAALL", "TLBI PAALLOS", "TLBI RPAOS", "TLBI RPALOS"),
                pc=is_hex, **{"cpu-index": is_int, "gpccr-el3": is_int, "gptbr-el3": is_int,
                              "gpcbw-el3": is_int, "gpc": is_bool, "pps-bits": is_int,
                              "pgs-bits": is_int, "l0gptsz-bits": is_int,
                              "config-errors": str_list, "start": is_int, "end": is_int,
                              "truncated": is_bool,
                              "ranges": lambda v: isinstance(v, list) and all(
                                  set(x) - {"gpi"} == {"base", "size", "kind", "label", "reason",
                                                       "level", "desc-kind", "desc", "desc-addr"}
                                  and ("gpi" in x) == (x["kind"] == "gpi") for x in v)}),
    "summary": {"counts": lambda v: isinstance(v, dict)
                and set(v) == {"call", "ret", "world", "gpf", "insn", "gpt", "mec"}
                and all(is_int(x) for x in v.values()),
                "gpf_by_world": lambda v: isinstance(v, list) and all(
                    set(x) == {"world", "pas", "count"} and is_world(x["world"])
                    and (x["pas"] is None or is_world(x["pas"])) and is_int(x["count"]) for x in v),
                "calls": lambda v: isinstance(v, list) and all(
                    set(x) == {"fid", "name", "iface", "calls", "returned", "insns_total",
                               "insns_mean"} for x in v),
                "pending": is_int, "lost": is_int},
}


def schema_errors(ev):
    kind = ev.get("ev")
    spec = SCHEMA.get(kind)
    if spec is None:
        return [f"unknown event kind {kind!r}"]
    errs = []
    keys = set(ev) - {"ev"}
    if keys != set(spec):
        errs.append(f"{kind}: keys {sorted(keys ^ set(spec))} differ from the schema")
    for k, check in spec.items():
        if k in ev and not check(ev[k]):
            errs.append(f"{kind}.{k} = {ev[k]!r} does not match the schema")
    return errs


# ---- helpers on event streams -------------------------------------------------

def h(v):
    return int(v, 16)


def brief(ev):
    """A compact, comparable form of an event."""
    k = ev["ev"]
    if k in ("call", "ret"):
        return (k, ev["depth"], ev["world"], ev["el"], ev["name"] or ev["fid"])
    if k == "world":
        return (k, ev["depth"], ev["dir"], ev["from_world"], ev["from_el"],
                ev["to_world"], ev["to_el"])
    if k == "gpf":
        return (k, ev["depth"], ev["world"], ev["el"], ev["far"])
    return (k,)


TEXT_EVENT = re.compile(r"^ {0,11}(\d+|-) cpu(\d+)( +)(CALL|RET|WORLD|GPF) +(.*)$")


def check_demo_json(victim):
    # QEMU's own GPC trace events ("target/arm: Add trace events for
    # granule protection checks") in the same run, to check
    # the plugin's GPT walk against the descriptors QEMU fetched.
    # (-D: the trace goes to a file, not into the console the demo checks.)
    qlog = os.path.join(TMP, "demo-json.qemu.log")
    rc, log, lines = run_demo("demo-json", extra=["-trace", "rme_gpt_fetch", "-trace",
                                                  "rme_gpc_fault", "-D", qlog], format="json")
    qtrace = open(qlog).read() if os.path.exists(qlog) else ""
    t.check_eq("cca_trace.demo.qemu_exit", rc, 0)
    res = bootlog.demo_results(log)
    # The plugin only observes: the demo's own checks still hold.
    t.check_eq("cca_trace.demo.payload_verdict", res.get("result"), "PASS")
    try:
        evs = parse_json(lines)
    except ValueError as e:
        t.check("cca_trace.json.parses", False, str(e))
        return None
    t.check("cca_trace.json.parses", len(evs) > 2, f"only {len(evs)} lines")
    errs = [e for ev in evs for e in schema_errors(ev)]
    t.check("cca_trace.json.schema", not errs, "; ".join(errs[:5]))
    t.check("cca_trace.json.meta_first", evs[0]["ev"] == "meta", f"first line is {evs[0]['ev']}")
    t.check("cca_trace.json.summary_last", evs[-1]["ev"] == "summary",
            f"last line is {evs[-1]['ev']}")
    meta = evs[0]
    # qemu-rme's plugin API extension ("plugins: Add the security space of
    # accesses and reads in any PAS") is found; the plugin API level is 6
    # ("plugins: Add a vCPU callback for translation blocks left part-way"
    # bumps it; the extension does not).  What even the extension cannot
    # give is listed.
    t.check("cca_trace.meta.rme_ext", meta["api"] == 6 and meta["qemu_rme_ext"] is True
            and not any(u.startswith("gpf.gpt") for u in meta["unavailable"])
            and any("MMU on" in u for u in meta["unavailable"]), repr(meta))
    t.check("cca_trace.meta.registers", meta["rme"] and meta["world_source"] == "SCR_EL3"
            and meta["missing_registers"] == [], repr(meta))
    body = [e for e in evs if e["ev"] in ("call", "ret", "world", "gpf")]

    # ---- the delegate flow, event by event -------------------------------
    # DEN0137 B4.3.x RMI_GRANULE_DELEGATE: the host (NS-EL2) calls the RMM
    # through the monitor; TF-A's RMMD (EL3) forwards it to the RMM at
    # Realm EL2, which asks EL3 (RMM-EL3 RMM_GTSI_DELEGATE) to move the
    # granule to the Realm PAS, completes the request with
    # RMM_RMI_REQ_COMPLETE and EL3 returns RMI_SUCCESS to NS-EL2.
    starts = [i for i, e in enumerate(body) if e["ev"] == "call"
              and h(e["fid"]) == RMI_GRANULE_DELEGATE]
    if not t.check("cca_trace.delegate.called_once", len(starts) == 1,
                   f"{len(starts)} RMI_GRANULE_DELEGATE calls"):
        return evs
    i = starts[0]
    # The RMM's request to EL3: RMM_GTSI_DELEGATE (TF-A 2.12-2.14), or
    # FIRME_GM_GPI_SET with a TF-A 2.15 tree (make check TFA_SRC=...).
    gtsi = next((e["name"] for e in body[i:i + 6] if e["ev"] == "call"
                 and e["name"] in ("RMM_GTSI_DELEGATE", "FIRME_GM_GPI_SET")), "RMM_GTSI_DELEGATE")
    want = [
        ("call", 0, "NS", 2, "RMI_GRANULE_DELEGATE"),
        ("world", 1, "entry", "NS", 2, "Root", 3),
        ("world", 1, "exit", "Root", 3, "Realm", 2),
        ("ret", 1, "Realm", 2, "RMM_RMI_REQ_COMPLETE"),   # resumed with the request
        ("call", 1, "Realm", 2, gtsi),
        ("world", 2, "entry", "Realm", 2, "Root", 3),
        ("world", 2, "exit", "Root", 3, "Realm", 2),
        ("ret", 1, "Realm", 2, gtsi),
        ("call", 1, "Realm", 2, "RMM_RMI_REQ_COMPLETE"),
        ("world", 2, "entry", "Realm", 2, "Root", 3),
        ("world", 2, "exit", "Root", 3, "NS", 2),
        ("ret", 0, "NS", 2, "RMI_GRANULE_DELEGATE"),
        ("gpf", 0, "NS", 2, hex(victim)),
    ]
    got = [brief(e) for e in body[i:i + len(want)]]
    t.check("cca_trace.delegate.sequence", got == want,
            "\n  got:  " + "\n        ".join(map(str, got)) +
            "\n  want: " + "\n        ".join(map(str, want)))
    if got != want:
        return evs
    (call, ent, fwd, resumed, gtsi, _, _, gtsi_ret, complete, _, back, ret, gpf) = \
        body[i:i + len(want)]
    t.check_eq("cca_trace.delegate.pa_arg", h(call["args"][0]), victim, t.hexfmt)
    firme = h(gtsi["fid"]) == FIRME_GM_GPI_SET
    t.check_eq("cca_trace.delegate.iface", (call["iface"], gtsi["iface"]),
               ("RMI", "FIRME" if firme else "RMM-EL3"))
    # Entry to EL3 by the SMC (ESR_EL3.EC 0x17, DDI0487 D24.2 ESR_EL3).
    t.check("cca_trace.delegate.smc_entry", ent["cause"] == "SMC64" and ent["esr"]
            and h(ent["esr"]) >> 26 == 0x17, repr(ent))
    t.check("cca_trace.delegate.forwarded", resumed["resumed"] is True
            and resumed["next"] == "RMI_GRANULE_DELEGATE"
            and h(resumed["ret"][0]) == RMI_GRANULE_DELEGATE
            and h(resumed["ret"][1]) == victim, repr(resumed))
    t.check_eq("cca_trace.gtsi_delegate.fid", h(gtsi["fid"]),
               FIRME_GM_GPI_SET if firme else RMM_GTSI_DELEGATE, t.hexfmt)
    t.check_eq("cca_trace.gtsi_delegate.pa_arg", h(gtsi["args"][0]), victim, t.hexfmt)
    # TF-A rmmd_svc.h: E_RMM_OK (0) on success (FIRME: 0, no status name).
    t.check("cca_trace.gtsi_delegate.success", gtsi_ret["id"] == gtsi["id"]
            and h(gtsi_ret["ret"][0]) == 0
            and gtsi_ret["status"] == (None if firme else "E_RMM_OK"),
            repr(gtsi_ret))
    t.check("cca_trace.req_complete.status", h(complete["fid"]) == RMM_RMI_REQ_COMPLETE
            and h(complete["args"][0]) == 0 and complete["note"] == "RMI_SUCCESS"
            and complete["yields"], repr(complete))
    # The return lands after the SMC, in the caller's world and EL.
    t.check_eq("cca_trace.delegate.return_pc", h(back["to_pc"]), h(call["pc"]) + 4, t.hexfmt)
    t.check("cca_trace.delegate.success", ret["id"] == call["id"] and h(ret["ret"][0]) == 0
            and ret["status"] == "RMI_SUCCESS" and ret["via"] == "eret"
            and not ret["resumed"], repr(ret))
    t.check("cca_trace.delegate.length", ret["insns"] == ret["icount"] - call["icount"]
            and ret["insns"] > gtsi_ret["insns"] > 0, f"{ret['insns']} vs {gtsi_ret['insns']}")
    t.check_eq("cca_trace.delegate.status_matches_console", h(ret["ret"][0]),
               res.get("delegate_status"), t.hexfmt)

    # ---- the GPF (phase 1: from registers) --------------------------------
    # DDI0487 D9: a Non-secure access to a granule whose GPI is Realm is a
    # GPF; with SCR_EL3.GPF=0 it is a Data Abort at EL2 without a change in
    # EL (EC 0x25), DFSC 0b101000 (GPF not on a table walk), WnR=0 for the
    # load: ESR_EL2 0x96000028, FAR_EL2 = the VA (MMU off: the PA).
    t.check_eq("cca_trace.gpf.esr", h(gpf["esr"]), 0x96000028, t.hexfmt)
    t.check_eq("cca_trace.gpf.reported", (gpf["reg"], gpf["to_world"], gpf["to_el"], gpf["ec"],
                                          gpf["ec_name"], gpf["fsc"]),
               ("ESR_EL2", "NS", 2, 0x25, "DABT_CUR", 0x28))
    t.check_eq("cca_trace.gpf.far", h(gpf["far"]), victim, t.hexfmt)
    t.check_eq("cca_trace.gpf.far_matches_console", h(gpf["far"]), res.get("far_el2"), t.hexfmt)
    t.check_eq("cca_trace.gpf.esr_matches_console", h(gpf["esr"]), res.get("esr_el2"), t.hexfmt)
    t.check("cca_trace.gpf.access", gpf["access"] == "read" and not gpf["ttw"]
            and gpf["iss"]["wnr"] == 0 and gpf["iss"]["isv"] == 0, repr(gpf))
    # Non-secure state can only access the Non-secure PAS (DEN0129 A2.1);
    # EL2's MMU is off, so PA = VA.
    t.check_eq("cca_trace.gpf.pa", (gpf["pa"], gpf["pa_src"], gpf["pas"]),
               (hex(victim), "flat", "NS"))
    t.check("cca_trace.gpf.insn", (gpf["insn"] or "").startswith("ldr ") and gpf["opcode"],
            repr((gpf["insn"], gpf["opcode"])))
    t.check_eq("cca_trace.gpf.no_mfar", gpf["mfar"], None)
    check_demo_gpt(gpf, victim, qtrace)
    t.check("cca_trace.gpf.vector", h(gpf["vector"]) & 0x7ff == 0x200,
            f"vector {gpf['vector']}: a synchronous exception from the current EL "
            "with SP_ELx is taken at VBAR_EL2 + 0x200")

    # ---- the rest of the run ------------------------------------------------
    gpfs = [e for e in body if e["ev"] == "gpf"]
    # After RMI_GRANULE_UNDELEGATE the granule is Non-secure again: no more GPFs.
    t.check_eq("cca_trace.gpf.exactly_one", len(gpfs), 1)
    calls = {e["id"]: e for e in body if e["ev"] == "call"}
    rets = [e for e in body if e["ev"] == "ret"]
    t.check("cca_trace.ret.pairs", all(r["id"] in calls and calls[r["id"]]["fid"] == r["fid"]
                                        and calls[r["id"]]["depth"] == r["depth"]
                                        for r in rets if not r["resumed"]), "a ret without its call")
    und = [r for r in rets if h(r["fid"]) == RMI_GRANULE_UNDELEGATE]
    if firme:       # the second FIRME_GM_GPI_SET gives the granule back
        gtsi_und = [r for r in rets if h(r["fid"]) == FIRME_GM_GPI_SET][1:]
        und_ok = len(gtsi_und) == 1 and h(gtsi_und[0]["ret"][0]) == 0
    else:
        gtsi_und = [r for r in rets if h(r["fid"]) == RMM_GTSI_UNDELEGATE]
        und_ok = len(gtsi_und) == 1 and gtsi_und[0]["status"] == "E_RMM_OK"
    t.check("cca_trace.undelegate.success", len(und) == 1 and und[0]["status"] == "RMI_SUCCESS"
            and und_ok, repr((und, gtsi_und)))
    ver = [r for r in rets if h(r["fid"]) == RMI_VERSION]
    if t.check("cca_trace.rmi_version.returned", len(ver) == 1, f"{len(ver)} returns"):
        # The status and the implemented range the payload printed.
        lo, hi = res.get("rmi_version_lower"), res.get("rmi_version_higher")
        x = [h(v) for v in ver[0]["ret"]]
        t.check_eq("cca_trace.rmi_version.matches_console",
                   (x[0], (x[1] >> 16, x[1] & 0xffff), (x[2] >> 16, x[2] & 0xffff)),
                   (res.get("rmi_version_status"), lo, hi))
    ic = [e["icount"] for e in body]
    t.check("cca_trace.icount.monotonic", ic == sorted(ic), "icount goes backwards")

    # ---- the summary agrees with the stream --------------------------------
    summ = evs[-1]
    counts = {k: sum(1 for e in body if e["ev"] == k)
              for k in ("call", "ret", "world", "gpf", "insn", "gpt", "mec")}
    t.check_eq("cca_trace.summary.counts", summ["counts"], counts)
    t.check_eq("cca_trace.summary.gpf_by_world", summ["gpf_by_world"],
               [{"world": "NS", "pas": "NS", "count": 1}])
    by = {c["name"]: c for c in summ["calls"]}
    d = by.get("RMI_GRANULE_DELEGATE", {})
    t.check("cca_trace.summary.calls", d.get("calls") == 1 and d.get("returned") == 1
            and d.get("insns_total") == ret["insns"] and d.get("insns_mean") == ret["insns"],
            repr(d))
    # PSCI SYSTEM_OFF never returns (DEN0022 5.10): still pending at exit.
    t.check("cca_trace.summary.system_off_pending",
            by.get("PSCI_SYSTEM_OFF", {}).get("returned") == 0 and summ["pending"] >= 1,
            repr(by.get("PSCI_SYSTEM_OFF")))
    return evs


def check_demo_gpt(gpf, victim, log):
    """The GPT walk of the demo's GPF (reference walker, Root PA space reads)."""
    g = gpf["gpt"]
    if not t.check("cca_trace.gpf.gpt_present", g is not None, "gpt is null"):
        return
    # DDI0487 D9: GPTWalk() for a Non-secure requester (the faulting world)
    # reads the level 0 Table descriptor, then the level 1 Granules
    # descriptor (TF-A maps NS DRAM with 4KB granules); its GPI for the
    # granule, index PA[15:12] with PGS 4KB (GPIIndex()), is Realm 0b1011,
    # which does not permit the Non-secure PAS (GPICheck()): a GPF at level 1,
    # GPCSC EncodeGPCSC(GPCF_Fail, 1) = 0b001101.  The demo's CPU (max under
    # rme=on) has FEAT_RME_GDI, so the level 1 walk fetches both entries of
    # the naturally aligned 16-byte pair (R_PGHWX, I_VRKNJ): three reads.
    t.check_eq("cca_trace.gpt.walk", (g["ss"], g["reads"], g["level"], g["desc_kind"]),
               ("NS", 3, 1, "granules"))
    t.check_eq("cca_trace.gpt.gpi_realm", (g["gpi"], g["gpi_name"]), (0b1011, "Realm"))
    t.check_eq("cca_trace.gpt.result", (g["result"], g["gpcsc"], g["gpcsc_name"]),
               ("granule_protection_fault", 0b001101, "GPF at level 1"))
    gpi = h(g["desc"]) >> (4 * ((victim >> 12) & 0xf)) & 0xf
    t.check_eq("cca_trace.gpt.desc_gpi", gpi, 0b1011)
    # GPCCR_EL3.GPC=1 (D24.2.56), PGS=4KB.
    t.check("cca_trace.gpt.gpccr", h(g["gpccr"]) >> 16 & 1 == 1 and h(g["gpccr"]) >> 14 & 3 == 0,
            g["gpccr"])
    # QEMU's GPC fetched the same descriptor from the same address for the
    # faulting access.  GPTLevel1Index() is PA[s-1:p+4] (R_RSHYW), so with
    # PGS 4KB bit 3 of the entry's address is PA[16]; with FEAT_RME_GDI the
    # walk also fetches the other entry of the 16-byte pair (R_PGHWX), so
    # take the level 1 fetch of the last walk whose address has that bit.
    fetch = re.compile(r"rme_gpt_fetch GPC of PA (0x[0-9a-f]+): GPT level (\d) descriptor at "
                       r"(0x[0-9a-f]+) = (0x[0-9a-f]+)")
    walk = []
    for line in log.splitlines():
        m = fetch.search(line)
        if m and int(m.group(1), 16) == victim:
            if m.group(2) == "0":
                walk = []
            else:
                walk.append((int(m.group(3), 16), int(m.group(4), 16)))
        elif "rme_gpc_fault" in line and hex(victim) in line:
            break
    indexed = [f for f in walk if (f[0] >> 3 & 1) == (victim >> 16 & 1)]
    last = indexed[-1] if indexed else None
    t.check_eq("cca_trace.gpt.matches_qemu_trace", (h(g["desc_addr"]), h(g["desc"])), last,
               lambda v: repr(tuple(hex(x) for x in v)) if v else repr(v))
    t.check("cca_trace.gpt.qemu_fetched_pair",
            last is not None and sorted(a for a, _ in walk) == sorted([last[0], last[0] ^ 8]),
            repr([hex(a) for a, _ in walk]))


PROBE = os.path.join(os.path.dirname(PLUGIN), "librme-api-probe.so")


def check_api_probe():
    """The plugin API extension itself ("plugins: Add the security space of
    accesses and reads in any PAS"), through a test plugin
    (tests/plugins/rme-api-probe.c) on every load/store of the demo."""
    out = os.path.join(TMP, "probe.json")
    rc, log = t.run_qemu(DEMO + ["-plugin", f"{PROBE},outfile={out}"], timeout=240)
    try:
        res = json.load(open(out))
    except (OSError, ValueError) as e:
        t.check("cca_trace.api.probe_runs", False, f"rc {rc}: {e}: {log[-300:]}")
        return
    t.check("cca_trace.api.probe_runs", rc == 0 and res["extension"] == 2, repr(res)[:300])
    acc = {(a["world"], a["pas"]): a["count"] for a in res["accesses"]}
    # qemu_plugin_hwaddr_pas(): the PA space from the access's transaction
    # attributes.  DDI0487 D9 (and DEN0129 A2.1): Non-secure state can
    # access only the Non-secure PAS; Realm state the Realm and Non-secure
    # PAS; Root state (EL3) all four.  The demo has all three worlds access
    # their own PAS, and no access has an unknown PAS.
    t.check("cca_trace.api.hwaddr_pas_own_space",
            all(acc.get((w, w), 0) > 0 for w in ("NS", "Realm", "Root"))
            and res["unknown_pas"] == 0, repr(acc))
    t.check("cca_trace.api.hwaddr_pas_permitted",
            all(p == "NS" for w, p in acc if w == "NS")
            and all(p in ("Realm", "NS") for w, p in acc if w == "Realm"), repr(acc))
    # qemu_plugin_read_memory_hwaddr_pas(): reading a Root PAS load's PA in
    # the Root PAS gives the value the load got.
    rb = res["readback"]["Root"]
    t.check("cca_trace.api.read_root_pas", rb["same"] > 0 and rb["differ"] == 0
            and rb["failed"] == 0, repr(rb))
    # qemu_plugin_hwaddr_mecid(): only the Realm PA space has MECIDs
    # (DDI0487 D8.12, the other PA spaces use their default context), so
    # -1 elsewhere.  The demo's TRP and TF-A 2.12 program no MECID: every
    # Realm access uses the default MECID 0 (SCTLR2_EL2.EMEC = 0, R_CBJVF).
    realm = sum(c for (w, p), c in acc.items() if p == "Realm")
    t.check_eq("cca_trace.api.hwaddr_mecid",
               (res["mecids"], res["mecid_elsewhere"]), ({"0": realm}, 0))


def check_stock_qemu():
    """On a stock QEMU (without "plugins: Add the security space of accesses
    and reads in any PAS") the plugin runs and says once what it
    cannot provide; the GPF has no GPT walk."""
    if not os.path.exists(UPSTREAM):
        t.check("cca_trace.stock.qemu", False, f"{UPSTREAM} missing (scripts/build-qemu upstream)")
        return
    out = os.path.join(TMP, "stock.trace")
    try:
        p = subprocess.run([UPSTREAM] + DEMO_STOCK + ["-plugin", plugin_arg(
            outfile=out, format="json", events="gpf:mec")], stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, timeout=240)
        rc = p.returncode
        log = p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired:
        rc, log = "timeout", ""
    try:
        evs = parse_json(open(out).read().splitlines())
    except (OSError, ValueError) as e:
        t.check("cca_trace.stock.runs", False, f"rc {rc}: {e}")
        return
    t.check("cca_trace.stock.runs", rc == 0 and evs and evs[0]["ev"] == "meta", f"rc {rc}")
    errs = [e for ev in evs for e in schema_errors(ev)]
    t.check("cca_trace.stock.schema", not errs, "; ".join(errs[:5]))
    meta = evs[0]
    t.check("cca_trace.stock.meta", meta["api"] >= 5 and meta["qemu_rme_ext"] is False
            and any(u.startswith("gpf.gpt") for u in meta["unavailable"]), repr(meta))
    gpfs = [e for e in evs if e["ev"] == "gpf"]
    # events=mec needs qemu_plugin_hwaddr_mecid() ("plugins: Add the MECID
    # of an access"): said on stderr and in the meta line, no mec event
    t.check("cca_trace.stock.mec_unavailable", "events=mec needs the qemu-rme plugin API" in log
            and any(u.startswith("mec events") for u in meta["unavailable"])
            and not [e for e in evs if e["ev"] == "mec"], log[-300:])
    t.check("cca_trace.stock.gpf_without_gpt", len(gpfs) == 1 and gpfs[0]["gpt"] is None
            and h(gpfs[0]["esr"]) == 0x96000028 and gpfs[0]["pas"] == "NS", repr(gpfs))


def check_gpt_snapshots(victim):
    """events=gpt: the GPT as ranges at every TLBI PAALL*/RPA* (the
    instructions after which the PE uses a changed GPT entry, DDI0487 D9:
    TLBI RPAOS/RPALOS invalidate GPT information cached for a PA range),
    in QMP query-rme-gpt's shape.  On the demo: GPT entries describe a GPI
    (D9.6.5) per granule; the granule the payload delegates is Realm
    (0b1011) after the RMM's GTSI_DELEGATE and Non-secure (0b1001) again
    after GTSI_UNDELEGATE."""
    rc, log, lines = run_demo("demo-gpt", events="gpt:call", format="json")
    t.check_eq("cca_trace.gpt.qemu_exit", rc, 0)
    try:
        evs = parse_json(lines)
    except ValueError as e:
        t.check("cca_trace.gpt.parses", False, str(e))
        return
    errs = [e for ev in evs for e in schema_errors(ev)]
    t.check("cca_trace.gpt.schema", not errs, "; ".join(errs[:5]))
    snaps = [e for e in evs if e["ev"] == "gpt"]
    summary = [e for e in evs if e["ev"] == "summary"]
    t.check("cca_trace.gpt.counted", summary and summary[-1]["counts"]["gpt"] == len(snaps) > 0,
            f"{len(snaps)} gpt events, summary {summary[-1]['counts'] if summary else None}")

    def gpi_at(snap, pa):
        r = [x for x in snap["ranges"] if x["base"] <= pa < x["base"] + x["size"]]
        return r[0].get("gpi") if len(r) == 1 else None

    cover = all(sum(x["size"] for x in sn["ranges"]) == sn["end"] - sn["start"] == 1 << 56 and
                all(a["base"] + a["size"] == b["base"] for a, b in zip(sn["ranges"], sn["ranges"][1:]))
                for sn in snaps)
    t.check("cca_trace.gpt.ranges_cover_pa_space", cover and snaps, "gaps or overlaps")
    # Order of events: ...GRANULE_DELEGATE call ... snapshots ... UNDELEGATE call ... snapshots.
    seq = [(e["ev"], e.get("name")) for e in evs if e["ev"] in ("gpt", "call")]
    try:
        d = next(i for i, e in enumerate(evs) if e["ev"] == "call" and e["name"] == "RMI_GRANULE_DELEGATE")
        u = next(i for i, e in enumerate(evs) if e["ev"] == "call" and e["name"] == "RMI_GRANULE_UNDELEGATE")
    except StopIteration:
        t.check("cca_trace.gpt.calls_seen", False, f"{seq[:20]}")
        return
    before = [e for e in evs[:d] if e["ev"] == "gpt" and e["gpc"]]
    during = [e for e in evs[d:u] if e["ev"] == "gpt"]
    after = [e for e in evs[u:] if e["ev"] == "gpt"]
    t.check("cca_trace.gpt.before_delegate_ns", before and gpi_at(before[-1], victim) == 0b1001,
            f"{len(before)} snapshots with GPC on before the delegation")
    t.check("cca_trace.gpt.delegated_is_realm", during and gpi_at(during[-1], victim) == 0b1011,
            f"GPI at the victim after the delegation: {[gpi_at(e, victim) for e in during]}")
    t.check("cca_trace.gpt.undelegated_is_ns", after and gpi_at(after[-1], victim) == 0b1001,
            f"GPI at the victim after the undelegation: {[gpi_at(e, victim) for e in after]}")
    t.check("cca_trace.gpt.tlbi_kinds", {e["cause"] for e in during + after} <= {"TLBI RPAOS", "TLBI RPALOS"}
            and during, f"{[e['cause'] for e in during + after]}")


def check_demo_text(evs):
    rc, _, lines = run_demo("demo-text")
    t.check_eq("cca_trace.text.qemu_exit", rc, 0)
    bad = [ln for ln in lines if not ln.startswith("#") and not TEXT_EVENT.match(ln)]
    t.check("cca_trace.text.lines", lines and not bad, f"unparsable: {bad[:3]}")
    kinds = []
    for ln in lines:
        m = TEXT_EVENT.match(ln)
        if m:
            # "cpu%-2u " then two spaces per depth level
            pad = max(0, 2 - len(m.group(2))) + 1
            kinds.append((m.group(4).lower(), (len(m.group(3)) - pad) // 2))
    jkinds = [(e["ev"], e["depth"]) for e in evs if e["ev"] in ("call", "ret", "world", "gpf")]
    t.check("cca_trace.text.same_events_as_json", kinds == jkinds,
            f"{len(kinds)} text events vs {len(jkinds)} JSON events")
    t.check("cca_trace.text.meta_and_summary", lines[0].startswith("# cca-trace: plugin API")
            and any(ln.startswith("# summary: ") for ln in lines[-12:]), lines[0])
    flow = [ln for ln in lines if "RMI_GRANULE_DELEGATE 0xc4000151" in ln or "GPF " in ln]
    t.check("cca_trace.text.delegate_and_gpf", any(" CALL " in ln and " NS-EL2 " in ln
                                                    for ln in flow)
            and any("-> RMI_SUCCESS" in ln for ln in flow)
            and any("GPF" in ln and "ESR_EL2=0x96000028" in ln for ln in flow), "\n".join(flow))
    # Registers under the names the specifications give them: DEN0137 1.0
    # B4.3.5 RMI_GRANULE_DELEGATE(addr), B4.3.23 RMI_VERSION(req) ->
    # (lower, higher); TF-A rmmd_svc.h RMM_GTSI_DELEGATE(base_pa).
    victim = t.symbol(PAYLOAD_ELF, "victim_page")
    # (A TF-A 2.15 TRP asks EL3 with FIRME_GM_GPI_SET instead, unnamed.)
    gtsi_ok = (not any("RMM_GTSI_DELEGATE" in ln for ln in lines)
               or any(f"RMM_GTSI_DELEGATE 0xc40001b0 (base_pa={victim:#x} x2=" in ln for ln in lines))
    t.check("cca_trace.text.arg_names",
            any(f"RMI_GRANULE_DELEGATE 0xc4000151 (addr={victim:#x} x2=" in ln for ln in lines)
            and gtsi_ok
            and any("RMI_VERSION 0xc4000150 (req=0x10000 x2=" in ln for ln in lines),
            "\n".join(ln for ln in lines if "DELEGATE" in ln or "RMI_VERSION" in ln))
    t.check("cca_trace.text.result_names",
            any(re.search(r"RMI_VERSION 0xc4000150 -> \S+ \(x0=0x\w+ lower=0x\w+ higher=0x\w+ x3=", ln)
                for ln in lines), "no RMI_VERSION return with named results")
    t.check("cca_trace.text.gpt", any("GPF" in ln and "| GPT (NS requester) level 1 granules" in ln
                                      and "GPI Realm (0xb): granule_protection_fault" in ln
                                      and "GPCSC 0x0d" in ln for ln in flow), "\n".join(flow))


def check_filters(evs):
    full = [brief(e) for e in evs if e["ev"] in ("call", "ret", "world", "gpf")]
    for mode, kinds in (("gpf", {"gpf"}), ("call", {"call", "ret"}), ("world", {"world"}),
                        ("gpf:call", {"gpf", "call", "ret"})):
        rc, _, lines = run_demo(f"filter-{mode.replace(':', '-')}", format="json", events=mode)
        got = [e for e in parse_json(lines) if e["ev"] in ("call", "ret", "world", "gpf")]
        want = [b for b in full if b[0] in kinds]
        # Depths need the call events; compare them only when calls are on.
        strip = (lambda b: b) if "call" in kinds else (lambda b: (b[0],) + b[2:])
        t.check(f"cca_trace.events={mode}", rc == 0 and
                [strip(brief(e)) for e in got] == [strip(b) for b in want],
                f"rc {rc}, {len(got)} events, expected {len(want)}")
    rc, _, lines = run_demo("icount-off", format="json", icount="off")
    evs2 = parse_json(lines)
    ok = rc == 0 and all(e["icount"] is None for e in evs2 if "icount" in e and e["ev"] != "meta") \
        and all(e["insns"] is None for e in evs2 if e["ev"] == "ret")
    t.check("cca_trace.icount_off", ok and [brief(e) for e in evs2 if "depth" in e] == full,
            f"rc {rc}")


def check_insn(evs):
    """events=insn: one line per executed instruction, and the exact count
    that the per-block count reaches with plugin API 6 ("plugins: Add a
    vCPU callback for translation blocks left part-way").
    The trace has about 10.6 M lines: read as a stream, instruction lines
    parsed in full only around events and every 499th (schema sample)."""
    out = os.path.join(TMP, "insn.trace")
    rc, _ = t.run_qemu(DEMO + ["-plugin", plugin_arg(outfile=out, format="json",
                                                     events="all:insn")], timeout=600)
    t.check_eq("cca_trace.insn.qemu_exit", rc, 0)
    head = '{"ev":"insn","vcpu":0,"icount":'
    n = 0
    last_ic = 0
    gaps = []
    errs = []
    others = []             # non-insn events: [event, insn before it, insn after it]
    waiting = []            # events whose next instruction is still to come
    prev_line = None
    meta = summ = None
    try:
        with open(out) as f:
            for line in f:
                if line.startswith(head):
                    n += 1
                    ic = int(line[len(head):line.index(",", len(head))])
                    # One line per executed instruction, counted from 1
                    # with no gap or repeat: QEMU calls an instruction's
                    # execution callback once per execution, also when it
                    # leaves a block early or executes a device access again
                    # (cpu_io_recompile() re-runs it with memory callbacks only).
                    if ic != last_ic + 1 and len(gaps) < 3:
                        gaps.append((last_ic, ic))
                    last_ic = ic
                    prev_line = line
                    if waiting:
                        nxt = json.loads(line)
                        for o in waiting:
                            o[2] = nxt
                        waiting = []
                    if n % 499 == 1:
                        errs += schema_errors(json.loads(line))
                    continue
                ev = json.loads(line)
                errs += schema_errors(ev)
                if ev["ev"] == "meta":
                    meta = ev
                elif ev["ev"] == "summary":
                    summ = ev
                else:
                    prev = json.loads(prev_line) if prev_line else None
                    if prev:
                        errs += schema_errors(prev)
                    others.append([ev, prev, None])
                    waiting.append(others[-1])
    except (OSError, ValueError) as e:
        t.check("cca_trace.insn.parses", False, str(e))
        return
    t.check("cca_trace.insn.schema", not errs, "; ".join(errs[:5]))
    t.check("cca_trace.insn.count_consecutive", n > 0 and not gaps,
            f"{n} lines, gaps {gaps}")
    t.check_eq("cca_trace.insn.summary_count", summ and summ["counts"]["insn"], n)
    t.check_eq("cca_trace.insn.meta_events", meta and meta["events"],
               ["call", "ret", "world", "gpf", "insn"])
    # The other events are those of events=all, icount included: the
    # per-block count with the rewind callback ("plugins: Add a vCPU
    # callback for translation blocks left part-way") is exact.
    # Without it, every device access in the middle of a block (UART
    # output: about 12,700 in the demo) left the count too high by the
    # instructions after it in its block.
    strip = [defined_only(e) for e, _, _ in others]
    want = [defined_only(e) for e in evs[1:-1]]
    t.check("cca_trace.insn.events_equal_all", strip == want,
            next((f"{a} != {b}" for a, b in zip(strip, want) if a != b),
                 f"{len(strip)} vs {len(want)} events")[:300])
    # Each event sits right after the instruction it belongs to.
    bad = []
    for e, prev, _ in others:
        if prev is None:
            bad.append(f"{e['ev']} before any instruction")
            continue
        if e["ev"] == "call":
            # The SMC/HVC itself (DDI0487 C6.2: SMC, HVC), same world and EL.
            ok = (prev["pc"], prev["world"], prev["el"], prev["icount"]) == \
                 (e["pc"], e["world"], e["el"], e["icount"]) and \
                 (prev["insn"] or "").split()[0] == e["insn"]
        elif e["ev"] == "gpf":
            # The instruction that took the granule protection fault.
            ok = (prev["pc"], prev["insn"], prev["world"], prev["el"], prev["icount"]) == \
                 (e["pc"], e["insn"], e["world"], e["el"], e["icount"])
        elif e["ev"] == "world" and e["dir"] == "entry":
            # Taken from the instruction just traced, at its world and EL.
            ok = (prev["world"], prev["el"]) == (e["from_world"], e["from_el"])
        elif e["ev"] == "world":
            # A world exit is the ERET just traced, at EL3.
            ok = (prev["insn"] or "").startswith("eret") and prev["el"] == 3
        elif e["ev"] == "ret" and e["via"] == "eret":
            # A return is the ERET just traced (DDI0487 C6.2 ERET: the
            # exception return to the instruction after the SMC/HVC).
            ok = (prev["insn"] or "").startswith("eret") and prev["icount"] == e["icount"]
        else:
            # A call QEMU served itself (via hostcall) returns without an
            # instruction of the guest's.
            ok = e["ev"] == "ret" and e["via"] == "hostcall"
        if not ok:
            bad.append(f"{e['ev']} #{e['icount']} after {prev['pc']} {prev['insn']}")
    t.check("cca_trace.insn.events_follow_their_instruction", not bad, "; ".join(bad[:3]))
    # And the instruction after a world switch runs where the switch went:
    # at the vector in EL3 (Root with FEAT_RME, DEN0129 A2.1), or at the
    # ERET's target world and EL.
    bad = []
    for e, _, nxt in others:
        if e["ev"] != "world" or nxt is None:
            continue
        if (nxt["world"], nxt["el"], nxt["icount"]) != (e["to_world"], e["to_el"],
                                                          e["icount"] + 1) or \
                (e["dir"] == "entry" and nxt["pc"] != e["to_pc"]):
            bad.append(f"world {e['dir']} to {e['to_world']}-EL{e['to_el']} {e['to_pc']}, "
                       f"next insn {nxt['world']}-EL{nxt['el']} {nxt['pc']} #{nxt['icount']}")
    t.check("cca_trace.insn.world_after_switch",
            not bad and sum(1 for e, _, x in others if e["ev"] == "world" and x) >= 20,
            "; ".join(bad[:3]))
    os.unlink(out)


def check_default_output():
    # Without outfile= the trace goes to QEMU's log (qemu_plugin_outs): -d plugin.
    log = os.path.join(TMP, "qemu.log")
    rc, _ = t.run_qemu(DEMO + ["-plugin", plugin_arg(events="gpf"), "-d", "plugin", "-D", log],
                       timeout=240)
    text = open(log).read() if os.path.exists(log) else ""
    t.check("cca_trace.outfile_default_is_qemu_log", rc == 0 and "# cca-trace: plugin API" in text
            and re.search(r"GPF +NS-EL2 .*ESR_EL2=0x96000028", text) is not None,
            f"rc {rc}, log: {text[:200]!r}")


def check_bad_options():
    for name, opt_s, why in (
            ("unknown_event", "events=bogus", "unknown event kind 'bogus'"),
            ("empty_events", "events=", "no event kind"),
            ("comma_list", "events=gpf,call", "events=gpf:call"),
            ("format", "format=xml", "format is text, json or tarmac"),
            ("unknown_option", "colour=red", "unknown option"),
            ("icount", "icount=maybe", "icount is on or off"),
            ("mec_pa_order", "mec-pa=0x2000-0x1000", "mec-pa is FIRST-LAST"),
            ("mec_pa_junk", "mec-pa=0x1000-0x2000x", "mec-pa is FIRST-LAST"),
            ("mec_pa_one", "mec-pa=0x1000", "mec-pa is FIRST-LAST"),
            ("mec_pa_sign", "mec-pa=-1-2", "mec-pa is FIRST-LAST"),
            ("outfile", "outfile=/nonexistent/dir/trace", "cannot open outfile")):
        rc, log = t.run_qemu(DEMO + ["-plugin", f"{PLUGIN},{opt_s}"], timeout=60)
        t.check(f"cca_trace.bad_option.{name}", rc not in (0, "timeout") and why in log
                and "Could not load plugin" in log, f"rc {rc}: {log.strip()[:300]}")


def check_guest_suite():
    # The bare-metal suite takes GPC exceptions to EL3 (SCR_EL3.GPF=1):
    # ESR_EL3.EC 0x1E with MFAR_EL3 = the faulting PA and its PA space
    # (DDI0487 D9 "Reporting of GPFs", D24.2 ESR_EL3/MFAR_EL3).
    out = os.path.join(TMP, "guest.trace")
    env = dict(os.environ, QEMU=t.QEMU, QEMU_MACHINE="virt,rme=on", QEMU_CPU="max")
    # events=mec on the pages of mec.c's MECID tests only (mec-pa)
    lo, hi = mec_test_pages()
    p = subprocess.run([os.path.join(t.TOP, "tests", "guest", "run-qemu.sh"), GUEST_ELF,
                        "-plugin", plugin_arg(outfile=out, format="json", events="all:mec",
                                              **{"mec-pa": f"{lo:#x}-{hi:#x}"})],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=300)
    log = p.stdout.decode(errors="replace")
    t.check("cca_trace.guest.suite_passes", p.returncode == 0
            and re.search(r"^\d+ passed, 0 failed", log, re.M) is not None,
            f"exit {p.returncode}: {log[-300:]}")
    try:
        evs = parse_json(open(out).read().splitlines())
    except (OSError, ValueError) as e:
        t.check("cca_trace.guest.json", False, str(e))
        return
    errs = [e for ev in evs for e in schema_errors(ev)]
    t.check("cca_trace.guest.schema", not errs, "; ".join(errs[:5]))
    gpc = [e for e in evs if e["ev"] == "gpf" and e["ec"] == 0x1E]
    if not t.check("cca_trace.guest.gpc_exceptions", len(gpc) > 0, "no EC 0x1E GPF event"):
        return
    # One gpf event per GPC exception the suite takes: its harness counts
    # EC 0x1E taken to EL3 (tests/guest/exceptions.c) and prints the count.
    m = re.search(r"^harness: (\d+) GPC exceptions taken to EL3$", log, re.M)
    if t.check("cca_trace.guest.harness_gpc_count", m is not None, "the suite printed no GPC count"):
        t.check_eq("cca_trace.guest.gpc_exceptions_all_traced", len(gpc), int(m.group(1)))
    bad = []
    pas_of = {0: "Secure", 1: "NS", 2: "Root", 3: "Realm"}   # MFAR_EL3.{NSE,NS}
    for e in gpc:
        mfar = h(e["mfar"]) if e["mfar"] else None
        ok = (e["reg"] == "ESR_EL3" and e["to_world"] == "Root" and e["to_el"] == 3
              and h(e["esr"]) >> 26 == 0x1E and mfar is not None
              and h(e["pa"]) == mfar & 0x00FFFFFFFFFFF000 and e["pa_src"] == "MFAR_EL3"
              and e["pas"] == pas_of[(mfar >> 62 & 1) << 1 | (mfar >> 63)]
              and e["gpcsc"] == (h(e["esr"]) >> 14) & 0x3F and e["gpcsc_name"]
              # ISS.InD: an instruction fetch has no instruction to show
              and (e["access"] == "fetch") == (e["iss"]["ind"] == 1)
              and (e["access"] == "fetch" or e["insn"]))
        if not ok:
            bad.append(e)
    t.check("cca_trace.guest.gpc_decoded", not bad, repr(bad[:2]))
    # The reference walker's GPT walk for MFAR_EL3's PA and PA space, from
    # the faulting world, must find the fault QEMU reported: same class and
    # level, i.e. the same GPCSC (DDI0487 D9 GPCFault()/EncodeGPCSC(),
    # ESR_EL3.ISS.GPCSC: 0b00000L address size, 0b00010L walk, 0b00110L GPF,
    # 0b01010L External abort on a GPT fetch, L the GPT level).
    gpcsc_class = {0b00000: "gpt_address_size_fault", 0b00010: "gpt_walk_fault",
                   0b00110: "granule_protection_fault", 0b01010: "gpt_fetch_external_abort"}
    bad = [e for e in gpc if not e["gpt"] or e["gpt"]["ss"] != e["world"]
           or e["gpt"]["gpcsc"] != e["gpcsc"]
           or e["gpt"]["result"] != gpcsc_class.get(e["gpcsc"] >> 1)
           or e["gpt"]["level"] != e["gpcsc"] & 1]
    t.check("cca_trace.guest.gpt_agrees_with_gpcsc", not bad,
            f"{len(bad)} of {len(gpc)}: " + repr(bad[:2]))
    classes = {e["gpt"]["result"] for e in gpc if e["gpt"]}
    t.check("cca_trace.guest.gpt_classes", classes >= {"granule_protection_fault",
                                                       "gpt_walk_fault"}, repr(classes))
    # FEAT_MEC (D8.12.1): an access to the Realm PA space has a MECID, the
    # others the default (no "mec").  Only mec_realm_el2_mmu_off_gpf_has_
    # mecid_p0 sets SCTLR2_EL2.EMEC: Realm EL2 with its MMU off uses
    # MECID_P0_EL2 = 0x77 (R_FCSBF); every other Realm one has MECID 0
    # without EMEC (R_CBJVF, R_HDGTR, R_CCSND).
    realm = [e for e in gpc if e["pas"] == "Realm"]
    p0 = {"emec": 1, "mecid": 0x77, "reg": "MECID_P0_EL2", "alt": None}
    dflt = {"emec": 0, "mecid": 0, "reg": None, "alt": None}
    t.check("cca_trace.guest.mec_realm_pas", realm and all(e["mec"] in (p0, dflt) for e in realm),
            f"{len(realm)} Realm PA space GPFs: " + repr([e["mec"] for e in realm][:3]))
    t.check_eq("cca_trace.guest.mec_p0", [(e["world"], e["el"], e["mec"]) for e in realm
                                           if e["mec"] == p0], [("Realm", 2, p0)])
    t.check("cca_trace.guest.mec_other_pas", all(e["mec"] is None for e in gpc
                                                 if e["pas"] != "Realm"),
            repr([e["mec"] for e in gpc if e["pas"] != "Realm" and e["mec"]][:3]))
    # Each lower-EL GPC exception is also a world entry to Root EL3 caused by it.
    entries = [e for e in evs if e["ev"] == "world" and e["cause"] == "GPC"]
    lower = [e for e in gpc if e["el"] < 3]
    t.check_eq("cca_trace.guest.gpc_world_entries", len(entries), len(lower))
    t.check("cca_trace.guest.gpc_from_worlds", {e["world"] for e in lower} >= {"NS", "Realm",
                                                                               "Secure"},
            f"worlds {sorted({e['world'] for e in lower})}")
    check_guest_mec(evs, lo, hi)


def scratch_page(i):
    """tests/guest/tests/common.h scratch_page() on the QEMU board (board.h)."""
    with open(os.path.join(t.TOP, "tests", "guest", "board.h")) as f:
        base = int(re.search(r"#define BOARD_SCRATCH_BASE\s+(0x[0-9a-fA-F]+)", f.read()).group(1),
                   16)
    return base + i * 0x10000


def mec_test_pages():
    """The data pages of mec.c's Realm tests: scratch pages 320..326."""
    return scratch_page(320), scratch_page(326) + 0xfff


def check_guest_mec(evs, lo, hi):
    """events=mec: the MECID of each access to the Realm PA space, as the
    TLB entry of the access holds it, so also what a descriptor's AMEC bit
    selected (DDI0487 D8.12.1), which no register shows.  mec.c's Realm
    tests make known accesses to known pages (tests/guest/tests/mec.c):
      - Realm EL2, stage 1 with SCTLR2_EL2.EMEC = 1: a write through a
        Page descriptor with AMEC = 0 uses MECID_P0_EL2 = 0x21 (R_THGCP),
        through one with AMEC = 1 (TCR2_EL2.AMEC0 = 1) MECID_A0_EL2 = 0x22;
      - Realm EL1 through stage 2: AMEC = 0 gives VMECID_P_EL2 = 0x31, AMEC
        = 1 VMECID_A_EL2 = 0x32 (R_XMTZH);
      - two Realms: 0x41 writes the shared page, 0x42 then 0x41 read it;
      - EL3 reads and writes them under MECID_RL_A_EL3 (R_FMLTL), which
        the test sets to the context it expects."""
    mec = [e for e in evs if e["ev"] == "mec"]
    if not t.check("cca_trace.guest.mec_events", mec, "no mec event"):
        return
    t.check("cca_trace.guest.mec_in_range", all(lo <= h(e["pa"]) <= hi for e in mec),
            repr([e["pa"] for e in mec if not lo <= h(e["pa"]) <= hi][:3]))
    # A Realm PA space access is made by Realm state or by EL3 (R_PKTDS).
    t.check("cca_trace.guest.mec_requesters",
            all((e["world"], e["el"]) in (("Realm", 1), ("Realm", 2), ("Root", 3)) for e in mec),
            repr({(e["world"], e["el"]) for e in mec}))
    page = {scratch_page(i): i for i in range(320, 327)}

    def realm_side(i):
        return [(e["el"], e["access"], e["mecid"]) for e in mec
                if e["world"] == "Realm" and page.get(h(e["pa"]) & ~0xfff) == i]
    expect = {320: [(2, "write", 0x21)], 321: [(2, "write", 0x22)],
              322: [(1, "write", 0x31)], 323: [(1, "write", 0x32)],
              324: [(1, "write", 0x41), (1, "read", 0x42), (1, "read", 0x41)],
              325: [], 326: []}
    t.check_eq("cca_trace.guest.mec_realm_accesses", {i: realm_side(i) for i in expect}, expect)

    def el3_side(i):
        return {(e["access"], e["mecid"]) for e in mec
                if e["world"] == "Root" and page.get(h(e["pa"]) & ~0xfff) == i}
    # realm_view() clears both pages under the Realm's MECID, then
    # expect_written_under() reads each under both (mec.c)
    el3 = {320: {("write", 0x21), ("read", 0x21), ("read", 0x22)},
           321: {("write", 0x21), ("read", 0x21), ("read", 0x22)},
           322: {("write", 0x31), ("read", 0x31), ("read", 0x32)},
           323: {("write", 0x31), ("read", 0x31), ("read", 0x32)},
           324: {("write", 0x41), ("write", 0x42)}, 325: {("write", 0x41)},
           326: {("write", 0x42)}}
    t.check_eq("cca_trace.guest.mec_el3_accesses", {i: el3_side(i) for i in el3}, el3)
    summ = [e for e in evs if e["ev"] == "summary"]
    t.check("cca_trace.guest.mec_counted", summ and summ[-1]["counts"]["mec"] == len(mec),
            f"{len(mec)} mec events, summary {summ[-1]['counts'] if summ else None}")


def check_mec_demo():
    """events=mec in text on the demo, nothing else: one line per access
    to the Realm PA space (TRP at Realm EL2, and EL3 where it maps Realm
    memory), each with the MECID in use (DDI0487 D8.12.1: without
    SCTLR2_EL2.EMEC the default MECID 0, R_CBJVF; TF-A 2.12 and its TRP
    program no MECID)."""
    rc, log, lines = run_demo("demo-mec", events="mec")
    t.check_eq("cca_trace.mec_demo.qemu_exit", rc, 0)
    line = re.compile(r"^ {0,11}(\d+|-) cpu\d+ +MEC +(Realm-EL[12]|Root-EL3) +pc=0x[0-9a-f]+ "
                      r"(read|write) (1|2|4|8|16|32|64) va=0x[0-9a-f]+ pa=0x[0-9a-f]+ "
                      r"pas=Realm MECID (0x[0-9a-f]+)( mmio)?$")
    evl = [ln for ln in lines if not ln.startswith("#")]
    bad = [ln for ln in evl if not line.match(ln)]
    t.check("cca_trace.mec_demo.lines", evl and not bad, f"{len(evl)} lines, bad: {bad[:2]}")
    m = [line.match(ln) for ln in evl if line.match(ln)]
    t.check("cca_trace.mec_demo.realm_el2", any(x.group(2) == "Realm-EL2" for x in m),
            repr({x.group(2) for x in m}))
    t.check("cca_trace.mec_demo.default_mecid", all(x.group(5) == "0x0" for x in m),
            repr({x.group(5) for x in m}))
    summ = [ln for ln in lines if ln.startswith("# summary:")]
    t.check("cca_trace.mec_demo.counted", summ and f", {len(m)} mec;" in summ[-1],
            repr(summ[-1:]))
    meta = [ln for ln in lines if ln.startswith("# cca-trace: plugin API")]
    t.check("cca_trace.mec_demo.meta", meta and "events: mec;" in meta[0], repr(meta[:1]))


def main():
    for f, what in ((PLUGIN, "make plugins"), (FLASH, "make tfa"), (t.QEMU, "make qemu")):
        if not os.path.exists(f):
            t.check("cca_trace.prerequisites", False, f"{f} missing ({what})")
            return t.finish()
    victim = t.symbol(PAYLOAD_ELF, "victim_page")
    evs = check_demo_json(victim)
    if evs:
        check_demo_text(evs)
        check_filters(evs)
        check_insn(evs)
    check_gpt_snapshots(victim)
    check_mec_demo()
    check_default_output()
    check_bad_options()
    check_stock_qemu()
    check_api_probe()
    if os.path.exists(GUEST_ELF):
        check_guest_suite()
    else:
        t.check("cca_trace.guest", False, f"{GUEST_ELF} missing (make guest)")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
