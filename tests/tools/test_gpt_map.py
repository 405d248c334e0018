#!/usr/bin/env python3
"""tools/gpt-map end to end (scripts/check suite "tools.gpt-map").

Builds GPTs in memory dumps as TF-A would lay them out, runs the tool on
them and on its own JSON, and checks what the architecture says each PA
is (DDI0487 D9.6: the GPI encodings of D9.6.5, R_KYZMZ an invalid entry is
a GPT walk fault, R_JFFHB everything from 2^PPS up is above PPS, R_DFCHJ
a fetch that aborts is an External abort on a GPT fetch, R_JWCSM an
invalid GPCCR_EL3), that the SVG is well-formed and accounts for every
byte of the window, and that bad input is refused with exit status 2 and
a message that names the culprit.

The tool is $BUILD/host/tools/gpt-map (make unit builds it), or $GPT_MAP.
GPT_MAP_REGEN=1 rewrites docs/examples/virt-gpt.json from the virt dump
instead of comparing against it."""

import json
import os
import random
import re
import struct
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

TOOL = os.environ.get("GPT_MAP", os.path.join(t.BUILD, "host", "tools", "gpt-map"))
EXAMPLE = os.path.join(t.TOP, "docs", "examples", "virt-gpt.json")
SVG_NS = "{http://www.w3.org/2000/svg}"

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30
PA_END = 1 << 56

# D9.6.5 GPI encodings (R_GYQGW)
GPI = {"NoAccess": 0x0, "Secure": 0x8, "NS": 0x9, "Root": 0xA, "Realm": 0xB, "Any": 0xF}


def block(gpi):
    """D9.6.1 level 0 Block descriptor: GPI in [7:4], type 0b0001."""
    return gpi << 4 | 0x1


def table(addr):
    """D9.6.2 level 0 Table descriptor: next-level address, type 0b0011."""
    return addr | 0x3


def contig(gpi, size):
    """D9.6.3 level 1 Contiguous descriptor: Contig [9:8] 2MB/32MB/512MB."""
    return {2 * MIB: 1, 32 * MIB: 2, 512 * MIB: 3}[size] << 8 | gpi << 4 | 0x1


def gpccr(pps, gpc=1, pgs=0, sh=3, irgn=1, orgn=1, l0gptsz=0):
    """D24.2.56 GPCCR_EL3."""
    return pps | irgn << 8 | orgn << 10 | sh << 12 | pgs << 14 | gpc << 16 | l0gptsz << 20


class Dump:
    """The Root PA space from base on, as the dump file holds it."""

    def __init__(self, base, size):
        self.base, self.mem = base, bytearray(size)

    def put(self, pa, value):
        struct.pack_into("<Q", self.mem, pa - self.base, value)

    def get(self, pa):
        return struct.unpack_from("<Q", self.mem, pa - self.base)[0]

    def set_granule(self, l1, l0_span_base, pa, gpi):
        """D9.6.4 Granules descriptor: GPI of 4 KiB granule pa in its L1 entry."""
        index = (pa - l0_span_base) >> 12
        addr, shift = l1 + index // 16 * 8, index % 16 * 4
        self.put(addr, self.get(addr) & ~(0xF << shift) | gpi << shift)

    def write(self, path):
        with open(path, "wb") as f:
            f.write(self.mem)


# --- the GPT of target-arm-rme/tests/test-gpt-map.c ----------------------------
# PPS 32 bits, 4 KiB granules, L0GPTSZ 30: L0 entry 0 a Block (Any), entry 1
# a Table of NS granules with one Realm granule, entry 2 a Block (Root),
# entry 3 invalid.
TFA_L0, TFA_L1 = 0x10000000, 0x10100000
TFA_REALM = GIB + 0x3000
TFA_ARGS = ["--dump-base", hex(TFA_L0), "--gpccr", hex(gpccr(pps=0)),
            "--gptbr", hex(TFA_L0 >> 12), "--pa-bits", "48", "--l0gptsz", "30", "--gpc2"]


def tfa_like_dump(with_l1=True):
    d = Dump(TFA_L0, 0x100000 + (GIB // 4096 // 16) * 8 if with_l1 else 0x1000)
    d.put(TFA_L0 + 0, block(GPI["Any"]))
    d.put(TFA_L0 + 8, table(TFA_L1))
    d.put(TFA_L0 + 16, block(GPI["Root"]))
    d.put(TFA_L0 + 24, 0)
    if with_l1:
        ns = sum(GPI["NS"] << (4 * i) for i in range(16))
        for i in range(GIB // 4096 // 16):
            d.put(TFA_L1 + 8 * i, ns)
        d.set_granule(TFA_L1, GIB, TFA_REALM, GPI["Realm"])
    return d


# (base, size, label, level, desc-kind)
TFA_EXPECTED = [
    (0, GIB, "Any", 0, "block"),
    (GIB, 0x3000, "NS", 1, "granules"),
    (TFA_REALM, 0x1000, "Realm", 1, "granules"),
    (TFA_REALM + 0x1000, 2 * GIB - TFA_REALM - 0x1000, "NS", 1, "granules"),
    (2 * GIB, GIB, "Root", 0, "block"),
    (3 * GIB, GIB, "walk-fault", 0, "invalid"),     # R_KYZMZ
    (4 * GIB, PA_END - 4 * GIB, "above-pps", 0, "none"),   # R_JFFHB
]

# --- a TF-A GPT on -M virt,rme=on ------------------------------------------
# Modelled on TF-A PLAT=qemu (plat/qemu/qemu/include/qemu_pas_def.h) and
# the registers our traces show (docs/tracing.md: GPCCR_EL3 0x13502,
# GPTBR_EL3 0xeefc): PPS 1 TiB, 4 KiB granules, L0GPTSZ 30 bits, the level 0
# table at 0x0eefc000 (1024 entries) and one level 1 table per GiB of the
# first 4 GiB at 0x0ef00000, filled with the largest Contiguous descriptor
# that fits each region and Granules descriptors elsewhere; the rest of
# the 1 TiB is level 0 Blocks of GPI Any.  One granule of NS DRAM has been
# delegated to the Realm PAS (0x60003000, the demo's).  The dump is the
# 16 MiB of Secure RAM at 0x0e000000 that holds the tables.
VIRT_BASE, VIRT_SIZE = 0x0E000000, 16 * MIB
VIRT_L0, VIRT_L1 = 0x0EEFC000, 0x0EF00000
VIRT_GPCCR, VIRT_GPTBR = 0x13502, 0xEEFC
assert VIRT_GPCCR == gpccr(pps=2)
VIRT_REGIONS = [
    (0x00000000, 0x0E001000, "Any"),        # flash, IO, shared Secure RAM
    (0x0E001000, 0x0E100000, "Root"),       # EL3 Secure RAM (BL1/BL2/BL31)
    (0x0E100000, 0x0EEFC000, "Secure"),     # Secure DRAM
    (0x0EEFC000, 0x0F000000, "Root"),       # the GPT itself
    (0x0F000000, 0x40000000, "Any"),        # IO
    (0x40000000, 0x40100000, "NS"),         # DRAM: device tree
    (0x40100000, 0x41900000, "Realm"),      # RMM, 24 MiB
    (0x41900000, 0x60003000, "NS"),         # DRAM
    (0x60003000, 0x60004000, "Realm"),      # the delegated granule
    (0x60004000, 0x100000000, "NS"),        # DRAM (NS_DRAM0_SIZE)
]
VIRT_ARGS = ["--dump-base", hex(VIRT_BASE), "--gpccr", hex(VIRT_GPCCR),
             "--gptbr", hex(VIRT_GPTBR), "--gpc2"]


def virt_dump():
    d = Dump(VIRT_BASE, VIRT_SIZE)
    for i in range(1024):                               # PPS 40, L0GPTSZ 30
        d.put(VIRT_L0 + 8 * i, block(GPI["Any"]) if i >= 4
              else table(VIRT_L1 + i * 0x20000))
    for base, end, label in VIRT_REGIONS:
        gpi, pa = GPI[label], base
        while pa < end:
            for size in (512 * MIB, 32 * MIB, 2 * MIB):
                if pa % size == 0 and pa + size <= end:
                    l1 = VIRT_L1 + (pa >> 30) * 0x20000 + ((pa % GIB) >> 16) * 8
                    for j in range(size >> 16):
                        d.put(l1 + 8 * j, contig(gpi, size))
                    pa += size
                    break
            else:
                d.set_granule(VIRT_L1 + (pa >> 30) * 0x20000, pa & ~(GIB - 1), pa, gpi)
                pa += 4 * KIB
    return d


# --- helpers --------------------------------------------------------------------

def run(args, stdin=None):
    """(exit status, stdout, stderr) of the tool."""
    return t.run_tool([TOOL] + args, stdin=stdin)


def ranges_of(obj):
    return [(r["base"], r["size"], r["label"], r.get("level"), r.get("desc-kind"))
            for r in obj["ranges"]]


def svg_pieces(svg_text):
    root = ET.fromstring(svg_text)
    rects = root.iter(SVG_NS + "rect")
    pieces, legend = [], []
    for r in rects:
        cls = r.get("class")
        if cls in ("range", "gap"):
            pieces.append(r)
        elif cls == "legend":
            legend.append(r)
    return root, pieces, legend


def check_svg_covers(name, svg_text, start, end, nranges, labels):
    """Well-formed; one rect per range; data-base/data-size tile [start, end)."""
    try:
        root, pieces, legend = svg_pieces(svg_text)
    except ET.ParseError as e:
        t.check(f"{name}.well_formed", False, str(e))
        return None
    t.check(f"{name}.well_formed", root.tag == SVG_NS + "svg", root.tag)
    ranges = [p for p in pieces if p.get("class") == "range"]
    t.check_eq(f"{name}.one_rect_per_range", len(ranges), nranges)
    t.check_eq(f"{name}.legend", sorted(r.get("data-label") for r in legend), sorted(labels))
    pos, ok, why = start, True, ""
    for p in pieces:
        base, size = int(p.get("data-base"), 16), int(p.get("data-size"), 16)
        if base != pos or size <= 0:
            ok, why = False, f"piece at {base:#x} size {size:#x}, expected base {pos:#x}"
            break
        pos = base + size
    t.check(f"{name}.tiles_window", ok and pos == end,
            why or f"pieces end at {pos:#x}, window ends at {end:#x}")
    titles = [p.find(SVG_NS + "title") for p in ranges]
    t.check(f"{name}.tooltips", all(x is not None and re.match(r"^0x[0-9a-f]+-0x[0-9a-f]+ ", x.text)
                                    for x in titles), "a range rect without a base-end <title>")
    desc = root.find(SVG_NS + "desc")
    t.check(f"{name}.scale_documented", desc is not None and "log2" in desc.text,
            "no <desc> describing the scale")
    return ranges


# --- the tests ------------------------------------------------------------------

def test_tfa_like(tmp):
    dump = os.path.join(tmp, "tfa.bin")
    tfa_like_dump().write(dump)
    rc, out, err = run(["--dump", dump] + TFA_ARGS + ["--json"])
    # R_KYZMZ: the invalid level 0 entry is a walk fault: exit status 1
    t.check_eq("dump.json.exit_status_1_for_fault", rc, 1)
    t.check("dump.json.fault_reported", "walk-fault" in err and "tfa.bin" in err, err.strip())
    try:
        obj = json.loads(out)
    except ValueError as e:
        t.check("dump.json.parses", False, str(e))
        return None
    t.check_eq("dump.json.ranges", ranges_of(obj), TFA_EXPECTED,
               fmt=lambda v: "\n" + "\n".join(f"  {x[0]:#x} {x[1]:#x} {x[2:]}" for x in v))
    # D9.6.5: the GPI encodings behind the labels
    t.check_eq("dump.json.gpis", [r.get("gpi") for r in obj["ranges"]],
               [0xF, 0x9, 0xB, 0x9, 0xA, None, None])
    t.check_eq("dump.json.window", (obj["start"], obj["end"], obj["truncated"]), (0, PA_END, False))
    t.check_eq("dump.json.registers",
               (obj["gpccr-el3"], obj["gptbr-el3"], obj["gpc"], obj["pps-bits"],
                obj["pgs-bits"], obj["l0gptsz-bits"], obj["config-errors"]),
               (gpccr(pps=0), TFA_L0 >> 12, True, 32, 12, 30, []))
    realm = obj["ranges"][2]
    # the Granules descriptor that holds the Realm granule's GPI, and its PA
    t.check_eq("dump.json.realm_descriptor", (realm["desc-addr"], realm["desc"] >> 12 & 0xF),
               (TFA_L1 + ((TFA_REALM - GIB) >> 12) // 16 * 8, GPI["Realm"]))
    t.check("dump.json.no_cpu_index", "cpu-index" not in obj, "a dump has no CPU")
    return obj, out


def test_svg_text(tmp, obj, json_text):
    dump = os.path.join(tmp, "tfa.bin")
    rc, svg, _ = run(["--dump", dump] + TFA_ARGS + ["--svg"])
    t.check_eq("svg.exit_status", rc, 1)
    ranges = check_svg_covers("svg", svg, 0, PA_END, len(TFA_EXPECTED),
                              {"Any", "NS", "Realm", "Root", "walk-fault", "above-pps"})
    if ranges:
        widths = {r.get("data-label"): float(r.get("width")) for r in ranges}
        t.check("svg.realm_granule_visible", widths.get("Realm", 0) >= 4,
                f"the 4 KiB Realm rect is {widths.get('Realm')} px wide")
        by_size = sorted((int(r.get("data-size"), 16), float(r.get("width"))) for r in ranges)
        t.check("svg.width_grows_with_size",
                all(a[1] <= b[1] for a, b in zip(by_size, by_size[1:])), str(by_size))
        realm = [r for r in ranges if r.get("data-label") == "Realm"][0]
        t.check_eq("svg.realm_data", (realm.get("data-base"), realm.get("data-gpi"),
                                      realm.get("data-level"), realm.get("data-desc-kind")),
                   (hex(TFA_REALM), "11", "1", "granules"))
    # -o x.svg picks SVG; the JSON the tool wrote gives the identical picture
    jpath, spath = os.path.join(tmp, "tfa.json"), os.path.join(tmp, "again.svg")
    with open(jpath, "w") as f:
        f.write(json_text)
    rc, _, _ = run([jpath, "-o", spath])
    again = open(spath).read() if os.path.exists(spath) else ""
    t.check("svg.round_trip_identical", rc == 1 and again == svg,
            f"exit {rc}; the SVG from --json output differs from the SVG from the dump")
    rc, json2, _ = run([jpath, "--json"])
    t.check("json.round_trip_identical", rc == 1 and json2 == json_text,
            "--json of the tool's own JSON is not the same JSON")

    rc, text, _ = run(["--dump", dump] + TFA_ARGS + ["--text"])
    t.check_eq("text.exit_status", rc, 1)
    t.check("text.realm_granule_row",
            re.search(r"^0x0000000040003000-0x0000000040003fff +4 KiB +Realm +L1 granules +"
                      r"desc 0x[0-9a-f]{16} @0x10100000$", text, re.M) is not None, text)
    t.check("text.walk_fault_row",
            re.search(r"^0x00000000c0000000-0x00000000ffffffff +1 GiB +walk-fault +L0 invalid .*"
                      r"\(l0_invalid\)$", text, re.M) is not None, text)
    t.check("text.totals", re.search(r"^  NS +1023\.99 MiB +in 2 ranges$", text, re.M) is not None
            and re.search(r"^  Realm +4 KiB +in 1 range$", text, re.M) is not None, text)


def test_inputs(tmp, json_text):
    """A QMP response, JSON Lines (last by default, --index, --list), strings for numbers."""
    obj = json.loads(json_text)
    _, want, _ = run([os.path.join(tmp, "tfa.json"), "--svg"])

    qmp = os.path.join(tmp, "qmp.json")
    with open(qmp, "w") as f:
        json.dump({"return": obj}, f)
    rc, svg, _ = run([qmp, "--svg"])
    t.check("input.qmp_response", rc == 1 and svg == want, f"exit {rc} or a different SVG")

    hexed = dict(obj, start="0x0", end=hex(obj["end"]), ranges=[
        dict(r, base=hex(r["base"]), size=str(r["size"]), desc=hex(r["desc"]),
             **{"desc-addr": hex(r["desc-addr"])}) for r in obj["ranges"]])
    small = {"start": 0, "end": 2 * GIB, "ranges": [
        {"base": 0, "size": GIB, "kind": "gpi", "label": "NS", "gpi": 9},
        {"base": GIB, "size": GIB, "kind": "gpc-off"}]}
    lines = os.path.join(tmp, "lines.jsonl")
    with open(lines, "w") as f:
        f.write(json.dumps({"QMP": {"version": {}}}) + "\n")
        f.write(json.dumps(hexed) + "\n" + json.dumps({"return": small}) + "\n")
    rc, svg, _ = run([lines, "--index", "0", "--svg"])
    t.check("input.strings_for_numbers", rc == 1 and svg == want, f"exit {rc} or a different SVG")
    rc, out, _ = run([lines, "--json"])
    t.check("input.jsonl_last_by_default", rc == 0 and ranges_of(json.loads(out)) ==
            [(0, GIB, "NS", None, None), (GIB, GIB, "gpc-off", None, None)], out)
    rc, out, _ = run([lines, "--index=-2", "--json"])
    t.check("input.jsonl_index", rc == 1 and len(json.loads(out)["ranges"]) == 7, out[:200])
    rc, out, _ = run(["--list", lines])
    t.check("input.list", rc == 0 and "2 GPT maps" in out
            and "0: start 0x0 end 0x100000000000000, 7 ranges" in out
            and "1: start 0x0 end 0x80000000, 2 ranges" in out, out)
    rc, out, _ = run(["-", "--text"], stdin=json_text.encode())
    t.check("input.stdin", rc == 1 and "Realm" in out, out[:200])


def test_external_abort(tmp):
    """R_DFCHJ: the level 1 table lies outside the dump: External abort on a GPT fetch."""
    dump = os.path.join(tmp, "l0only.bin")
    tfa_like_dump(with_l1=False).write(dump)
    rc, out, err = run(["--dump", dump] + TFA_ARGS + ["--json"])
    obj = json.loads(out) if out.startswith("{") else {"ranges": []}
    got = [r[:4] for r in ranges_of(obj)]
    t.check("dump.external_abort", got[1:2] == [(GIB, GIB, "external-abort", 1)], f"{got} {err}")
    t.check("dump.external_abort_exit_1", rc == 1 and "external-abort" in err, f"{rc} {err}")


def test_config_errors(tmp):
    """R_JWCSM: GPCCR_EL3.PGS 0b11 is reserved: one bad-config range, exit status 1."""
    dump = os.path.join(tmp, "tfa.bin")
    args = ["--dump", dump, "--dump-base", hex(TFA_L0), "--gpccr", hex(gpccr(pps=0, pgs=3)),
            "--gptbr", hex(TFA_L0 >> 12), "--json"]
    rc, out, err = run(args)
    obj = json.loads(out) if out.startswith("{") else {}
    t.check("dump.bad_config", rc == 1 and obj.get("config-errors") == ["pgs_reserved"]
            and ranges_of(obj) == [(0, PA_END, "bad-config", 0, "none")]
            and "config errors (pgs_reserved)" in err, f"{rc} {out} {err}")
    # GPC off: no check at all (R_BYRRZ), nothing wrong: exit status 0
    rc, out, _ = run(["--dump", dump, "--dump-base", hex(TFA_L0), "--gpccr",
                      hex(gpccr(pps=0, gpc=0)), "--gptbr", "0", "--text"])
    t.check("dump.gpc_off_exit_0", rc == 0 and re.search(r"64 PiB +gpc-off", out), f"{rc} {out}")
    # a window and a row limit
    rc, out, _ = run(["--dump", dump] + TFA_ARGS + ["--start", "0x40000000", "--end", "0x40010000",
                                                    "--json"])
    obj = json.loads(out) if out.startswith("{") else {"ranges": []}
    t.check("dump.window", rc == 0 and [r["label"] for r in obj["ranges"]] == ["NS", "Realm", "NS"]
            and obj["start"] == GIB and obj["end"] == GIB + 0x10000, out[:300])
    rc, out, _ = run(["--dump", dump] + TFA_ARGS + ["--max-ranges", "2", "--json"])
    obj = json.loads(out) if out.startswith("{") else {"ranges": []}
    t.check("dump.max_ranges", rc == 0 and obj.get("truncated") is True and len(obj["ranges"]) == 2,
            out[:300])
    rc, svg, _ = run(["--dump", dump] + TFA_ARGS + ["--max-ranges", "2", "--svg"])
    check_svg_covers("svg.truncated", svg, 0, PA_END, 2, {"Any", "NS", "unlisted"})


def test_virt_example(tmp):
    """The TF-A virt GPT of docs/examples/virt-gpt.json is what the tool makes of it."""
    dump = os.path.join(tmp, "virt.bin")
    virt_dump().write(dump)
    rc, out, err = run(["--dump", dump] + VIRT_ARGS + ["--json"])
    t.check_eq("virt.exit_status_0", rc, 0)
    if os.environ.get("GPT_MAP_REGEN"):
        with open(EXAMPLE, "w") as f:
            f.write(out)
        t.skip("virt.example_up_to_date", f"GPT_MAP_REGEN: rewrote {EXAMPLE}")
    else:
        have = open(EXAMPLE).read() if os.path.exists(EXAMPLE) else ""
        t.check("virt.example_up_to_date", have == out,
                f"{EXAMPLE} differs from the tool's --json of the virt dump "
                "(GPT_MAP_REGEN=1 tests/tools/test_gpt_map.py rewrites it)")
    obj = json.loads(out)
    got = {(r["base"], r["size"], r["label"]) for r in obj["ranges"]}
    rmm = sum(r["size"] for r in obj["ranges"] if r["label"] == "Realm"
              and 0x40100000 <= r["base"] < 0x41900000)
    t.check_eq("virt.rmm_realm_24MiB", rmm, 24 * MIB, fmt=hex)
    for want in [(0x60003000, 4 * KIB, "Realm"),            # the delegated granule
                 (0x0EEFC000, 0x104000, "Root"),            # the GPT
                 (0x0E001000, 0xFF000, "Root"),
                 (4 * GIB, (1 << 40) - 4 * GIB, "Any"),     # L0 Blocks up to PPS
                 ((1 << 40), PA_END - (1 << 40), "above-pps")]:   # R_JFFHB, PPS 1 TiB
        t.check(f"virt.range_{want[0]:#x}_{want[2]}", want in got,
                f"no range [{want[0]:#x}, +{want[1]:#x}) {want[2]}")
    kinds = {r.get("desc-kind") for r in obj["ranges"]}
    t.check("virt.descriptor_kinds", {"block", "contiguous", "granules"} <= kinds, str(kinds))
    rc, svg, _ = run([EXAMPLE, "--svg"])
    check_svg_covers("virt.svg", svg, 0, PA_END, len(obj["ranges"]),
                     {"Any", "Root", "Secure", "NS", "Realm", "above-pps"})


def test_errors(tmp):
    """Bad usage and malformed input: exit status 2 and a message naming the culprit."""
    jpath = os.path.join(tmp, "tfa.json")
    text = open(jpath).read()
    trunc = os.path.join(tmp, "trunc.json")
    with open(trunc, "w") as f:
        f.write(text[:len(text) // 2])
    obj = json.loads(text)
    overlap = os.path.join(tmp, "overlap.json")
    bad = dict(obj, ranges=[dict(r) for r in obj["ranges"]])
    bad["ranges"][2]["base"] -= 0x1000           # Realm now overlaps the NS before it
    with open(overlap, "w") as f:
        f.write(json.dumps(bad, indent=1))
    unsorted = os.path.join(tmp, "unsorted.json")
    with open(unsorted, "w") as f:
        json.dump(dict(obj, ranges=obj["ranges"][::-1]), f)
    zero = os.path.join(tmp, "zero.json")
    with open(zero, "w") as f:
        json.dump(dict(obj, ranges=[dict(obj["ranges"][0], size=0)] + obj["ranges"][1:]), f)
    dump = os.path.join(tmp, "tfa.bin")
    cases = [
        ("missing_file", [os.path.join(tmp, "nope.json")], r"nope\.json: No such file"),
        ("missing_dump", ["--dump", os.path.join(tmp, "nope.bin")] + TFA_ARGS, r"nope\.bin"),
        ("bad_number", ["--dump", dump, "--dump-base", "0x1000", "--gpccr", "0xZZ",
                        "--gptbr", "0"], r"--gpccr: '0xZZ' is not a number"),
        ("bad_number_overflow", ["--dump", dump, "--dump-base", "0x10000000000000000",
                                 "--gpccr", "0", "--gptbr", "0"], r"--dump-base: .* not a number"),
        ("unknown_option", ["--frobnicate", jpath], r"unknown option '--frobnicate'"),
        ("missing_value", [jpath, "--index"], r"option '--index' needs a value"),
        ("no_input", [], r"no input"),
        ("two_formats", [jpath, "--svg", "--text"], r"--svg and --text"),
        ("dump_needs_gptbr", ["--dump", dump, "--dump-base", "0", "--gpccr", "0"], r"--gptbr"),
        ("dump_option_without_dump", [jpath, "--gpccr", "0"], r"--gpccr is only for --dump"),
        ("bad_pa_bits", ["--dump", dump] + TFA_ARGS + ["--pa-bits", "47"], r"--pa-bits: 47 is not"),
        ("bad_window", ["--dump", dump] + TFA_ARGS + ["--start", "0x2000", "--end", "0x1000"],
         r"--start 0x2000 is not below --end"),
        ("index_out_of_range", [jpath, "--index", "5"], r"--index 5: .*tfa\.json has 1 GPT map"),
        ("truncated_json", [trunc], r"trunc\.json:\d+:\d+: (unterminated string|expected)"),
        ("overlapping_ranges", [overlap], r"overlap\.json:\d+:\d+: ranges\[2\] .* overlaps ranges\[1\]"),
        ("unsorted_ranges", [unsorted], r"unsorted\.json:1:\d+: ranges are not sorted"),
        ("zero_size", [zero], r"zero\.json:1:\d+: ranges\[0\]\.size: zero"),
        ("no_map", ["-"], r"<stdin>: no GPT map"),
        ("not_json", ["-"], r"<stdin>:1:1: expected a value, found 'h'"),
    ]
    stdin = {"no_map": b'{"return": {}}\n', "not_json": b"hello"}
    for name, args, pattern in cases:
        rc, out, err = run(args, stdin=stdin.get(name))
        lines = err.strip().splitlines()
        t.check(f"error.{name}", rc == 2 and len(lines) == 1 and re.search(pattern, lines[0]),
                f"exit {rc}, stderr {err.strip()!r}, expected one line matching /{pattern}/")


def test_garbage(tmp):
    """Mangled inputs never crash the tool (the fuzz target goes much further)."""
    text = open(os.path.join(tmp, "tfa.json")).read().encode()
    rng = random.Random(1234)
    bad = []
    for i in range(150):
        b = bytearray(text)
        for _ in range(rng.randint(1, 8)):
            op, pos = rng.randrange(4), rng.randrange(len(b))
            if op == 0:
                b[pos] = rng.randrange(256)
            elif op == 1:
                del b[pos:pos + rng.randint(1, 40)]
            elif op == 2:
                b[pos:pos] = rng.choice([b"{", b"[", b'"', b"\\u", b"-", b"99999999999999999999",
                                         b'"0x', b",", b"\x00", b"\xff"])
            else:
                b[pos:pos] = b[rng.randrange(len(b)):][:rng.randint(1, 60)]
        rc, _, err = run(["-", "--svg"], stdin=bytes(b))
        if rc not in (0, 1, 2) or (rc == 2 and len(err.strip().splitlines()) != 1):
            bad.append((i, rc, err[-200:]))
    t.check("garbage.no_crash", not bad, str(bad[:3]))


def main():
    if not os.access(TOOL, os.X_OK):
        t.check("gpt_map.built", False, f"{TOOL} is missing: build it with 'make unit'")
        return t.finish()
    with tempfile.TemporaryDirectory(prefix="gpt-map-") as tmp:
        res = test_tfa_like(tmp)
        if res:
            obj, json_text = res
            test_svg_text(tmp, obj, json_text)
            test_inputs(tmp, json_text)
            test_errors(tmp)
            test_garbage(tmp)
        test_external_abort(tmp)
        test_config_errors(tmp)
        test_virt_example(tmp)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
