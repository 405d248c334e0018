#!/usr/bin/env python3
"""Every patch in patches/series is in the form qemu-devel takes.

For each patch, in series order:
  - scripts/checkpatch.pl of the pinned QEMU passes (no ERROR, no WARNING);
  - a From: and a Signed-off-by: with a name and an e-mail address;
  - an imperative subject with a subsystem prefix ("target/arm: Fix ...",
    "hw/arm/virt: Add ...": docs/devel/submitting-a-patch.rst);
  - a body that says why (at least one line between subject and trailers)
    and names no file of this repository outside QEMU's tree and no issue.
Also: patches/series and the patches/ directory list the same files, and
series-upstream names only patches of series.

checkpatch.pl comes from the unpacked pinned source ($BUILD/qemu-pristine,
made by scripts/qemu-src) or $QEMU_SRC."""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

PATCHES = os.path.join(t.TOP, "patches")
# Our own paths that a QEMU commit message must not name: they do not exist
# in QEMU's tree (hw/ and target-arm-rme are laid into it, so they may).
FORK_ONLY = re.compile(r"\b(tests/(guest|diff|e2e|cli|plugins|unit|docs|scripts)/|docs/parity\.md|"
                       r"docs/tracing\.md|scripts/(check|bench|qemu-src|build-qemu)|"
                       r"plugins/cca-|issue #\d+)")


def series(name):
    with open(os.path.join(PATCHES, name)) as f:
        return [ln.split("#")[0].strip() for ln in f if ln.split("#")[0].strip()]


def main():
    src = os.environ.get("QEMU_SRC") or os.path.join(t.BUILD, "qemu-pristine")
    cp = os.path.join(src, "scripts", "checkpatch.pl")
    names = series("series")
    on_disk = sorted(f for f in os.listdir(PATCHES) if f.endswith(".patch"))
    t.check_eq("series.matches_directory", sorted(names), on_disk)
    t.check("series_upstream.subset", set(series("series-upstream")) <= set(names),
            f"series-upstream names {set(series('series-upstream')) - set(names)}")
    have_cp = os.path.exists(cp)
    if not have_cp:
        t.skip("checkpatch", f"{cp} not found (run scripts/qemu-src first)")
    for n in names:
        path = os.path.join(PATCHES, n)
        text = open(path, encoding="utf-8").read()
        head, _, _ = text.partition("\n---\n")
        name = f"patch.{n[:4]}"
        m = re.search(r"^Subject: \[PATCH\] ([\w./,+-]+(?:, [\w./+-]+)*): ([A-Z][^\n]*)$", head, re.M)
        t.check(f"{name}.subject", m is not None and not m.group(2).endswith("."),
                f"{n}: subject is not '[PATCH] subsystem: Imperative summary'")
        t.check(f"{name}.from", re.search(r"^From: [^<\n]+ <[^@\s]+@[^>\s]+>$", head, re.M) is not None,
                f"{n}: no 'From: Name <address>'")
        t.check(f"{name}.signed_off", re.search(r"^Signed-off-by: [^<\n]+ <[^@\s]+@[^>\s]+>$", head,
                                                re.M) is not None,
                f"{n}: no 'Signed-off-by: Name <address>'")
        body = head.split("\n\n", 1)[1] if "\n\n" in head else ""
        prose = [ln for ln in body.splitlines()
                 if ln.strip() and not re.match(r"^(Signed-off-by|Fixes|Cc|Reviewed-by):", ln)]
        t.check(f"{name}.body", len(prose) >= 1, f"{n}: no body saying why")
        bad = FORK_ONLY.findall(body)
        t.check(f"{name}.no_fork_refs", not bad, f"{n}: body names {bad}")
        if have_cp:
            p = subprocess.run(["perl", cp, "--no-tree", path], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, cwd=src, timeout=120)
            out = p.stdout.decode(errors="replace")
            clean = p.returncode == 0 and "has no obvious style problems" in out
            t.check(f"{name}.checkpatch", clean,
                    f"{n}: " + " | ".join(ln for ln in out.splitlines()
                                          if ln.startswith(("ERROR", "WARNING")))[:400])
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
