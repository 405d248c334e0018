#!/usr/bin/env python3
"""Run one suite of a meson build with `meson test` and report each TAP
result of its tests in scripts/check's vocabulary:

    PASS <test>.<n> <description>
    FAIL <test>.<n> <description>        (then the test's "# ..." lines)
    SKIP <test>.<n> <description>: <reason>

then "N passed, N failed[, N skipped]".  meson is the runner: this reads
the TAP each test printed from meson's JSON log (meson-logs/<logbase>.json).
A test that meson counts as failed without a "not ok" of its own (a crash,
a "Bail out!", a plan mismatch, a timeout) gets one "FAIL <test>: ..." line,
and so does a meson test run that failed before any test ran (a build
error).  The exit status is non-zero if meson test's was or a FAIL was
printed.

    tests/lib/meson-tap.py <build dir> <suite> [extra meson test options]
"""

import json
import os
import re
import subprocess
import sys

TEST_RE = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$")
# "# SKIP reason" (or "# TODO"), the first '#' that is not escaped.
DIRECTIVE_RE = re.compile(r"^(.*?)(?<!\\)#\s*(SKIP|TODO)\S*\s*(.*)$", re.I)
GOOD = {"OK", "SKIP", "EXPECTEDFAIL"}


def unescape(s):
    return re.sub(r"\\([\\#])", r"\1", s).strip()


def report(kind, name, counts, extra=()):
    counts[kind] += 1
    print(f"{kind} {name}", flush=True)
    for line in extra:
        print(f"    {line}")


def convert(entry, counts):
    """Print one line per TAP result of one test; return its FAIL count."""
    name = entry["name"].split(" / ")[-1]
    pending = []            # "# ..." lines since the last result
    failed = 0
    for line in (entry.get("stdout") or "").splitlines():
        m = TEST_RE.match(line)
        if m:
            ok, num, desc = m.group(1) == "ok", m.group(2) or "?", m.group(3)
            d = DIRECTIVE_RE.match(desc)
            directive = reason = None
            if d:
                desc, directive, reason = d.group(1), d.group(2).upper(), d.group(3)
            point = f"{name}.{num} {unescape(desc)}"
            if directive == "SKIP" and ok:
                report("SKIP", f"{point}: {reason.strip() or 'skipped'}", counts)
            elif directive == "TODO":
                report("PASS", f"{point} (TODO, {'passed' if ok else 'failed'})", counts)
            elif ok:
                report("PASS", point, counts)
            else:
                report("FAIL", point, counts, pending)
                failed += 1
            pending = []
        elif line.startswith("#"):
            pending.append(line)
        elif line.startswith("Bail out!"):
            report("FAIL", f"{name}: {line}", counts, pending)
            failed += 1
            pending = []
    if entry.get("result") not in GOOD and failed == 0:
        rc = entry.get("returncode")
        how = f"killed by signal {-rc}" if isinstance(rc, int) and rc < 0 else f"exit status {rc}"
        why = f"meson result {entry.get('result')}, {how}"
        tail = pending[-12:] + [l for l in (entry.get("stderr") or "").splitlines() if l.strip()][-12:]
        report("FAIL", f"{name}: {why}", counts, tail)
        failed += 1
    return failed


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    builddir, suite, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    logbase = f"testlog-{suite}"
    log = os.path.join(builddir, "meson-logs", logbase + ".json")
    if os.path.exists(log):
        os.unlink(log)
    cmd = ["meson", "test", "-C", builddir, "--suite", suite,
           "--logbase", logbase] + extra
    print("    $ " + " ".join(cmd), flush=True)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL)
    except OSError as e:
        print(f"FAIL {suite}: cannot run meson: {e}")
        print("0 passed, 1 failed")
        return 1
    # meson's own report, indented (scripts/check counts only our lines):
    # all of it if it failed, else its line per test.
    for line in p.stdout.decode(errors="replace").splitlines():
        if line.strip() and (p.returncode != 0 or re.match(r"\s*\d+/\d+ ", line)):
            print("    " + line)
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    entries = []
    if os.path.exists(log):
        with open(log, encoding="utf-8") as f:
            entries = [json.loads(line) for line in f if line.strip()]
    entries.sort(key=lambda e: e["name"])   # meson logs in completion order
    for entry in entries:
        convert(entry, counts)
    if not entries:
        report("FAIL", f"{suite}: meson test ran no test (exit status {p.returncode})", counts)
    elif p.returncode != 0 and counts["FAIL"] == 0:
        report("FAIL", f"{suite}: meson test exited {p.returncode}", counts)
    line = f"{counts['PASS']} passed, {counts['FAIL']} failed"
    if counts["SKIP"]:
        line += f", {counts['SKIP']} skipped"
    print(line)
    return 1 if p.returncode != 0 or counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
