#!/usr/bin/env python3
"""Every command block in README.md and docs/*.md runs as written.

A fenced block tagged ``sh`` is a command block: the test runs it with
/bin/sh -e from the repository root, with this run's environment (BUILD,
...), and it must exit 0 within its timeout.  HTML comments on the lines just
above a block (blank lines between are allowed) say more:

    <!-- doc-test: not run: <why> -->   the block shows a command that cannot
                                        run as shown (a placeholder path, a
                                        program we do not have); reported as
                                        SKIP with that reason
    <!-- doc-test: expect <regex> -->   the output must also match <regex>
    <!-- doc-test: timeout <seconds> --> default 300

Blocks tagged anything else (output samples, C, JSON) are not commands.  A
line ``make check`` is the command this test runs inside: it is not run again
(SKIP, said so); the rest of its block still runs.  Files a block leaves in
the repository root (e.g. a trace it writes) are removed afterwards."""

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

FENCE = re.compile(r"^```(\S*)\s*$")
MARK = re.compile(r"^<!--\s*doc-test:\s*(.*?)\s*-->\s*$")


def blocks(path):
    """[(first line number, language, [lines], {marker: value})]"""
    out = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        lang, start = m.group(1), i + 1
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        marks = {}
        k = i - 1
        while k >= 0 and (lines[k].strip() == "" or MARK.match(lines[k])):
            mm = MARK.match(lines[k])
            if mm:
                word, _, rest = mm.group(1).partition(" ")
                if word == "not" and rest.startswith("run:"):
                    marks["skip"] = rest[len("run:"):].strip()
                else:
                    marks[word] = rest.strip()
            k -= 1
        out.append((start, lang, lines[i + 1:j], marks))
        i = j + 1
    return out


def commands(lines):
    """Join continuation lines; keep comments (the shell ignores them)."""
    cmds, cur = [], ""
    for ln in lines:
        cur += ln[:-1] + " " if ln.endswith("\\") else ln
        if not ln.endswith("\\"):
            if cur.strip():
                cmds.append(cur)
            cur = ""
    return cmds


def strip_comment(cmd):
    return re.sub(r"\s+#.*$", "", cmd).strip()


def main():
    files = [os.path.join(t.TOP, "README.md")] + sorted(
        os.path.join(t.TOP, "docs", f) for f in os.listdir(os.path.join(t.TOP, "docs"))
        if f.endswith(".md"))
    total = 0
    for path in files:
        rel = os.path.relpath(path, t.TOP)
        for start, lang, lines, marks in blocks(path):
            if lang != "sh":
                continue
            total += 1
            name = f"doc.{rel}:{start}"
            if "skip" in marks:
                t.skip(name, f"not meant to run as shown: {marks['skip']}")
                continue
            cmds = commands(lines)
            run = []
            for c in cmds:
                if strip_comment(c) == "make check":
                    t.skip(f"{name}.make_check", "'make check' is the run this test is part of")
                else:
                    run.append(c)
            if not run:
                continue
            before = set(os.listdir(t.TOP))
            timeout = float(marks.get("timeout", 300))
            t0 = time.time()
            try:
                p = subprocess.run(["/bin/sh", "-e", "-c", "\n".join(run)], cwd=t.TOP,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, timeout=timeout)
                rc, out = p.returncode, p.stdout.decode(errors="replace").replace("\r", "")
            except subprocess.TimeoutExpired as e:
                rc, out = "timeout", (e.stdout or b"").decode(errors="replace")
            for f in set(os.listdir(t.TOP)) - before:
                fp = os.path.join(t.TOP, f)
                if os.path.isfile(fp):
                    os.unlink(fp)
            shown = " ; ".join(strip_comment(c) for c in run)
            if not t.check(f"{name}.runs", rc == 0,
                           f"'{shown}' exited {rc} after {time.time() - t0:.0f}s: "
                           f"{out.strip()[-600:]}"):
                continue
            if "expect" in marks:
                t.check(f"{name}.output", re.search(marks["expect"], out, re.M) is not None,
                        f"'{shown}': output does not match /{marks['expect']}/: "
                        f"{out.strip()[-400:]}")
    # The test guards something only if the docs have command blocks at all.
    t.check("doc.command_blocks_found", total >= 3, f"only {total} sh blocks found")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
