"""Tiny test helpers for qemu-rme's host-side test scripts (stdlib only).

Each check prints one line: "PASS <name>", "FAIL <name>: <why>" or
"SKIP <name>: <why>"; finish() prints "N passed, N failed[, N skipped]" and
returns the exit status."""

import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))
QEMU = os.environ.get("QEMU", os.path.join(BUILD, "qemu", "qemu-system-aarch64"))
sys.path.insert(0, os.path.join(TOP, "scripts", "lib"))

_counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}


def report(kind, name, why=""):
    _counts[kind] += 1
    print(f"{kind} {name}" + (f": {why}" if why else ""), flush=True)


def check(name, ok, why=""):
    report("PASS" if ok else "FAIL", name, "" if ok else why)
    return ok


def check_eq(name, got, want, fmt=repr):
    return check(name, got == want, f"got {fmt(got)}, expected {fmt(want)}")


def skip(name, why):
    report("SKIP", name, why)


def finish():
    line = f"{_counts['PASS']} passed, {_counts['FAIL']} failed"
    if _counts["SKIP"]:
        line += f", {_counts['SKIP']} skipped"
    print(line, flush=True)
    return 1 if _counts["FAIL"] else 0


def run_tool(argv, stdin=None, timeout=120):
    """Run a host tool: (exit status, stdout, stderr), decoded."""
    p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def run_qemu(args, timeout=60, stdin=None):
    """Run QEMU; return (exit code or 'timeout', combined output)."""
    try:
        p = subprocess.run([QEMU] + args, input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace").replace("\r", "")
    except subprocess.TimeoutExpired as e:
        return "timeout", (e.stdout or b"").decode(errors="replace").replace("\r", "")


def symbol(elf, name):
    """Address of symbol name in an aarch64 ELF (aarch64-linux-gnu-nm)."""
    out = subprocess.run(["aarch64-linux-gnu-nm", elf], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    raise KeyError(name)


def hexfmt(v):
    return hex(v) if isinstance(v, int) else repr(v)
