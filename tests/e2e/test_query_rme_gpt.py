#!/usr/bin/env python3
"""query-rme-gpt and 'info rme gpt' on the demo's live GPT.

Boots the demo (TF-A 2.12.1 PLAT=qemu ENABLE_RME=1, TRP, the demo payload)
with -no-shutdown, waits for the payload's PSCI SYSTEM_OFF (the board stops
instead of exiting, so the GPT TF-A built is still in Root memory), then
asks QMP for the GPT as ranges and checks them against what TF-A said it
built and what the architecture says the GPT means:

- GPCCR_EL3/GPTBR_EL3 as TF-A's "GPT: Boot Configuration" log lines give
  them (PPS, PGS, L0GPTSZ, L0 base);
- the ranges cover the 56-bit PA space without gap or overlap, and
  everything from 2^PPS up is one above-PPS range (DDI0487 R_JFFHB);
- the RMM carve-out TF-A reports ("Reserved RMM memory [a, b]") is Realm
  (GPI 0b1011, D9.6.5), the GPT itself is in Root memory (GPI 0b1010),
  and the granule the demo delegated and then undelegated is Non-secure
  again (GPI 0b1001) - the payload read it back after undelegation;
- 'info rme gpt' prints the same ranges; bad arguments are refused with a
  message."""

import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402
import bootlog  # noqa: E402

FLASH = os.path.join(t.BUILD, "tfa", "trp", "flash.bin")
GPI_NS, GPI_ROOT, GPI_REALM = 0b1001, 0b1010, 0b1011


class Qmp:
    def __init__(self, args, serial_log):
        self.p = subprocess.Popen([t.QEMU] + args + ["-display", "none", "-monitor", "none",
                                                     "-serial", f"file:{serial_log}",
                                                     "-qmp", "stdio", "-no-shutdown"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.events = []
        self.read()                                     # greeting
        self.cmd("qmp_capabilities")

    def read(self, timeout=120):
        end = time.time() + timeout
        while time.time() < end:
            ln = self.p.stdout.readline()
            if not ln:
                raise EOFError("QEMU closed QMP")
            try:
                return json.loads(ln)
            except ValueError:
                continue
        raise TimeoutError("no QMP message")

    def cmd(self, name, **args):
        self.p.stdin.write((json.dumps({"execute": name, "arguments": args}) + "\n").encode())
        self.p.stdin.flush()
        while True:
            m = self.read()
            if "event" in m:
                self.events.append(m["event"])
                continue
            return m

    def wait_event(self, name, timeout=180):
        end = time.time() + timeout
        while name not in self.events and time.time() < end:
            m = self.read(end - time.time())
            if "event" in m:
                self.events.append(m["event"])
        return name in self.events

    def close(self):
        try:
            self.cmd("quit")
        except (EOFError, BrokenPipeError, TimeoutError):
            pass
        self.p.wait(timeout=30)


def main():
    if not os.path.exists(FLASH):
        t.check("gpt.flash", False, f"{FLASH} missing (make tfa)")
        return t.finish()
    serial = os.path.join(t.BUILD, "query-rme-gpt-demo.log")
    q = Qmp(bootlog.RME_MACHINE + ["-m", "1G", "-nic", "none", "-bios", FLASH], serial)
    try:
        # PSCI SYSTEM_OFF from the payload: with -no-shutdown QEMU stops.
        if not t.check("gpt.demo_powered_off", q.wait_event("SHUTDOWN"), f"events {q.events}"):
            return t.finish()
        log = open(serial, errors="replace").read().replace("\r", "")
        t.check("gpt.demo_passed", "[demo] RESULT: PASS" in log, log[-300:])
        r = q.cmd("query-rme-gpt")
        if not t.check("gpt.query", "return" in r, repr(r)[:300]):
            return t.finish()
        g = r["return"]
        ranges = g["ranges"]

        # TF-A's view of what it programmed (its GPT library logs it).
        m = {k: re.search(rf"{k}:\s+0x[0-9a-f]+/(\d+)", log) for k in ("PPS/T", "PGS/P", "L0GPTSZ/S")}
        base = re.search(r"L0 base:\s+(0x[0-9a-f]+)", log)
        t.check("gpt.tfa_logged_config", all(m.values()) and base, "no GPT: Boot Configuration lines")
        if all(m.values()) and base:
            t.check_eq("gpt.pps_bits", g["pps-bits"], int(m["PPS/T"].group(1)))
            t.check_eq("gpt.pgs_bits", g["pgs-bits"], int(m["PGS/P"].group(1)))
            t.check_eq("gpt.l0gptsz_bits", g["l0gptsz-bits"], int(m["L0GPTSZ/S"].group(1)))
            # GPTBR_EL3.BADDR is PA[51:12] of the level 0 table (D24.2.57).
            t.check_eq("gpt.l0_base", (g["gptbr-el3"] & ((1 << 40) - 1)) << 12, int(base.group(1), 16))
        t.check("gpt.enabled", g["gpc"] is True and g["config-errors"] == [], repr(g)[:200])

        # Coverage: contiguous, no overlap, the whole 56-bit PA space.
        pos, ok = 0, True
        for x in ranges:
            ok &= x["base"] == pos and x["size"] > 0
            pos = x["base"] + x["size"]
        t.check("gpt.ranges_cover_pa_space", ok and pos == 1 << 56 and g["start"] == 0 and
                g["end"] == 1 << 56 and not g["truncated"], f"ranges end at {pos:#x}")
        t.check("gpt.above_pps_one_range",
                ranges[-1]["kind"] == "above-pps" and ranges[-1]["base"] == 1 << g["pps-bits"],
                repr(ranges[-1]))
        # Neighbouring ranges differ (they are coalesced).
        key = [(x["kind"], x.get("gpi"), x["reason"], x["level"], x["desc-kind"]) for x in ranges]
        t.check("gpt.coalesced", all(a != b for a, b in zip(key, key[1:])), "equal neighbours")

        def covering(lo, hi):
            return [x for x in ranges if x["base"] < hi and x["base"] + x["size"] > lo]

        carve = re.search(r"Reserved RMM memory \[(0x[0-9a-f]+), (0x[0-9a-f]+)\]", log)
        if t.check("gpt.rmm_carveout_logged", carve is not None, "TF-A did not log the RMM carve-out"):
            lo, hi = int(carve.group(1), 16), int(carve.group(2), 16) + 1
            t.check("gpt.rmm_carveout_is_realm",
                    all(x.get("gpi") == GPI_REALM for x in covering(lo, hi)),
                    repr(covering(lo, hi))[:300])
        if base:
            l0 = int(base.group(1), 16)
            t.check("gpt.gpt_memory_is_root", all(x.get("gpi") == GPI_ROOT for x in covering(l0, l0 + 8)),
                    repr(covering(l0, l0 + 8)))
        res = bootlog.demo_results(log)
        victim = res.get("victim_pa")
        if t.check("gpt.victim_known", victim is not None, "demo log has no victim PA"):
            t.check("gpt.undelegated_granule_is_ns",
                    [x.get("gpi") for x in covering(victim, victim + 0x1000)] == [GPI_NS],
                    repr(covering(victim, victim + 0x1000)))

        # A window and max-ranges.
        r = q.cmd("query-rme-gpt", start=victim or 0x60000000, size=0x4000)
        w = r.get("return", {})
        t.check("gpt.window", w.get("start") == (victim or 0x60000000) and
                sum(x["size"] for x in w.get("ranges", [])) == 0x4000, repr(r)[:300])
        r = q.cmd("query-rme-gpt", **{"max-ranges": 2})
        w = r.get("return", {})
        t.check("gpt.max_ranges", w.get("truncated") is True and len(w.get("ranges", [])) == 2 and
                w.get("end") == ranges[1]["base"] + ranges[1]["size"], repr(w)[:300])

        # info rme gpt prints each range: "0x<first>-0x<last> <label>".
        r = q.cmd("human-monitor-command", **{"command-line": "info rme gpt"})
        text = r.get("return", "")
        missing = [x for x in ranges if f"0x{x['base']:014x}-0x{x['base'] + x['size'] - 1:014x} "
                   f"{x['label']}" not in text]
        t.check("gpt.hmp_matches_qmp", not missing and len(ranges) > 3, f"missing {missing[:2]}: {text[:300]}")

        # Bad arguments: refused with a message, QEMU carries on.
        for name, args, want in (("max_ranges_0", {"max-ranges": 0}, "max-ranges"),
                                 ("start_beyond_pa", {"start": 1 << 56}, "beyond"),
                                 ("size_zero", {"size": 0}, "size"),
                                 ("no_such_cpu", {"cpu-index": 99}, "no Arm CPU")):
            r = q.cmd("query-rme-gpt", **args)
            t.check(f"gpt.bad_args.{name}", want in r.get("error", {}).get("desc", ""), repr(r)[:200])
        r = q.cmd("human-monitor-command", **{"command-line": "info rme foo"})
        t.check("gpt.bad_args.hmp_subcommand", "unknown argument 'foo'" in r.get("return", ""), repr(r))
    finally:
        q.close()
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
