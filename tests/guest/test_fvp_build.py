#!/usr/bin/env python3
"""The conformance suite builds for FVP Base RevC (issue #3: "the suite
builds for FVP Base RevC so a user with FVP can run the same binary").
It cannot run here; check that the FVP image is laid out for FVP: every
loadable segment in FVP DRAM (0x80000000-0xffffffff, the Base Platform
memory map's first DRAM region), the entry inside it, and the board name
compiled in.  Prints PASS/FAIL lines and 'N passed, N failed'."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

FVP_DRAM = (0x80000000, 0x100000000)


def main():
    out = os.path.join(t.BUILD, "guest-fvp")
    r = subprocess.run(["make", "-s", "-C", os.path.join(t.TOP, "tests", "guest"),
                        "PLATFORM=fvp", f"O={out}"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if not t.check("fvp.build", r.returncode == 0, r.stdout.decode()[-500:]):
        return t.finish()
    elf = os.path.join(out, "guest-tests.elf")
    hdr = subprocess.run(["aarch64-linux-gnu-readelf", "-h", "-l", "-W", elf],
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    entry = int(next(l for l in hdr.splitlines() if "Entry point" in l).split()[-1], 16)
    t.check("fvp.entry_in_dram", FVP_DRAM[0] <= entry < FVP_DRAM[1], f"entry {entry:#x}")
    loads = [l.split() for l in hdr.splitlines() if l.strip().startswith("LOAD")]
    bad = [(int(f[3], 16), int(f[5], 16)) for f in loads
           if not (FVP_DRAM[0] <= int(f[3], 16) and int(f[3], 16) + int(f[5], 16) <= FVP_DRAM[1])]
    t.check("fvp.segments_in_dram", loads and not bad, f"segments outside FVP DRAM: {bad}")
    with open(elf, "rb") as f:
        image = f.read()
    t.check("fvp.board_name", b"fvp-base-revc" in image and b"qemu-virt" not in image,
            "the image does not carry the FVP board configuration")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
