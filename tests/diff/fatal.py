#!/usr/bin/env python3
"""fatal.py - GPC configurations that fault every access, Root included.

With such a configuration (an inconsistent GPCCR_EL3, GPTBR_EL3 above PPS,
a level 0 table with nothing behind it, the image's own GPT entries
invalid or denying Root) the PE faults on its next instruction fetch and
then on every fetch of the EL3 exception vector, for ever, so the guest
cannot report anything.  For each case this script:

  1. starts QEMU with the diff image in fatal mode (one case: layout N)
     and a gdbstub on a Unix socket;
  2. reads the guest's "FATAL-EXPECT ..." line: the reference walker's
     prediction for a Root fetch of the vector (VBAR_EL3 + 0x200);
  3. if the walker predicts a pass, expects "FATAL-RESULT pass" and a
     clean exit; otherwise waits until the PE is stuck, connects to the
     gdbstub (which stops the VM) and reads ESR_EL3, ELR_EL3, FAR_EL3 and
     MFAR_EL3 from the "cp_regs" registers QEMU describes in its XML;
  4. checks: a GPC exception (EC 0x1E) with the predicted GPCSC, InD = 1,
     xFSC 0b101000, ELR = FAR = vector, MFAR_EL3 = vector page with
     NSE = 1, NS = 0 (Root); or, for a GPF at EL3 (R_BLYPM), an
     Instruction Abort from the current EL (EC 0x21) with FSC 0b101000.

Prints "PASS fatal.l0gptszN: C cases" or "FAIL fatal.l0gptszN: ..." per
size (one line per failing case above it) and exits 0 iff all passed.
"""
import argparse
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

MAGIC = 0x3146464944545047
PARAM_BASE = 0x40180000
DF_FATAL = 1 << 6
DF_AVOID_PPS_LE_L0 = 1 << 2


class GdbError(Exception):
    pass


class Gdb:
    """The few GDB remote protocol packets we need."""

    def __init__(self, path, timeout=5.0):
        deadline = time.time() + timeout
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.s.connect(path)
                break
            except OSError:
                self.s.close()
                if time.time() > deadline:
                    raise GdbError("cannot connect to gdbstub at " + path)
                time.sleep(0.05)
        self.s.settimeout(timeout)
        self.buf = b""

    def _recv_packet(self):
        while True:
            m = re.search(rb"\$([^#]*)#([0-9a-fA-F]{2})", self.buf)
            if m:
                self.buf = self.buf[m.end():]
                self.s.sendall(b"+")
                return m.group(1).decode("latin-1")
            data = self.s.recv(65536)
            if not data:
                raise GdbError("gdbstub closed the connection")
            self.buf += data

    def cmd(self, payload):
        raw = payload.encode("latin-1")
        csum = sum(raw) & 0xff
        self.s.sendall(b"$" + raw + b"#%02x" % csum)
        return self._recv_packet()

    def xfer(self, annex):
        out, off = "", 0
        while True:
            r = self.cmd("qXfer:features:read:%s:%x,%x" % (annex, off, 0x3f00))
            if not r or r[0] not in "ml":
                raise GdbError("qXfer %s: %r" % (annex, r[:40]))
            out += r[1:]
            off += len(r) - 1
            if r[0] == "l":
                return out

    def register_numbers(self):
        regs = {}
        top = self.xfer("target.xml")
        docs = [top] + [self.xfer(h) for h in
                        re.findall(r'xi:include href="([^"]+)"', top)]
        for doc in docs:
            for m in re.finditer(r"<reg ([^>]*)/>", doc):
                attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
                if "regnum" in attrs:
                    regs[attrs["name"]] = int(attrs["regnum"])
        return regs

    def read_reg(self, num):
        r = self.cmd("p%x" % num)
        if not r or r.startswith("E"):
            raise GdbError("p%x: %r" % (num, r))
        return int.from_bytes(bytes.fromhex(r), "little")


def check(exp, regs):
    """Compare the stuck PE's registers with the walker's prediction."""
    esr, elr, far, mfar = (regs[n] for n in
                           ("ESR_EL3", "ELR_EL3", "FAR_EL3", "MFAR_EL3"))
    vec = int(exp["vector"], 16)
    ec = (esr >> 26) & 0x3f
    got = "ESR_EL3=0x%x ELR_EL3=0x%x FAR_EL3=0x%x MFAR_EL3=0x%x" % (
        esr, elr, far, mfar)
    problems = []
    if exp["class"] == "gpc":
        if ec != 0x1e:
            problems.append("EC 0x%02x, expected 0x1e (GPC exception)" % ec)
        else:
            gpcsc = (esr >> 14) & 0x3f
            if gpcsc != int(exp["gpcsc"], 16):
                problems.append("GPCSC 0x%02x, expected %s" % (gpcsc,
                                                               exp["gpcsc"]))
            if not esr & (1 << 20):
                problems.append("ISS.InD 0 for an instruction fetch")
            if esr & 0x3f != 0x28:
                problems.append("xFSC 0x%02x, expected 0x28" % (esr & 0x3f))
            if mfar & 0x000ffffffffff000 != vec & 0x000ffffffffff000:
                problems.append("MFAR_EL3.FPA")
            if mfar >> 62 != 1:
                problems.append("MFAR_EL3.{NS,NSE} not Root")
            if mfar & 0x3ff0000000000fff:
                problems.append("MFAR_EL3 RES0 bits set")
    else:
        if ec != 0x21 or esr & 0x3f != 0x28:
            problems.append("EC 0x%02x FSC 0x%02x, expected an Instruction "
                            "Abort (0x21) with FSC GPF (0x28)" %
                            (ec, esr & 0x3f))
    if elr != vec:
        problems.append("ELR_EL3 0x%x, expected the vector 0x%x" % (elr, vec))
    if far != vec:
        problems.append("FAR_EL3 0x%x, expected 0x%x" % (far, vec))
    return problems, got


def run_case(args, size, layout, workdir):
    sock = os.path.join(workdir, "gdb.%d.%d" % (size, layout))
    params = [MAGIC, args.seed, 1, layout, DF_FATAL | args.flags,
              args.secure_ram, 0, 0]
    cmd = [args.qemu, "-M", args.machine % {"secure_ram": args.secure_ram},
           "-cpu", "max,x-l0gptsz=%d%s" % (size, args.cpu_extra),
           "-smp", "1", "-m", "1G", "-display", "none", "-monitor", "none",
           "-serial", "stdio", "-nic", "none",
           "-semihosting-config", "enable=on,target=native",
           "-chardev", "socket,id=gdb0,path=%s,server=on,wait=off" % sock,
           "-gdb", "chardev:gdb0"]
    for i, v in enumerate(params):
        cmd += ["-device", "loader,addr=0x%x,data=0x%x,data-len=8" %
                (PARAM_BASE + 8 * i, v)]
    cmd += ["-device", "loader,file=%s,cpu-num=0" % args.elf]
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = b""
    exp = None
    deadline = time.time() + args.timeout
    stuck_at = None
    try:
        while time.time() < deadline:
            r, _, _ = select.select([p.stdout], [], [], 0.05)
            if r:
                data = os.read(p.stdout.fileno(), 65536)
                if not data:
                    break
                out += data
            text = out.decode("latin-1")
            if exp is None:
                m = re.search(r"^FATAL-EXPECT ([^\n]*)\n", text, re.M)
                if m:
                    exp = dict(re.findall(r"(\w+)=(\S+)", m.group(1)))
                    stuck_at = time.time() + args.hang
                elif "FATAL-SKIP" in text:
                    return None, "skipped: " + text.strip().splitlines()[-1]
            if "FATAL-RESULT pass" in text:
                break
            if exp and exp["class"] != "pass" and time.time() > stuck_at:
                break
            if p.poll() is not None and not r:
                break
        text = out.decode("latin-1")
        if exp is None:
            return False, "no FATAL-EXPECT line (QEMU exit %s): %s" % (
                p.poll(), text.strip().splitlines()[-1:] or "")
        desc = "layout=%d %s expected %s%s" % (
            layout, exp["what"], exp["class"],
            "" if exp["class"] != "gpc" else "(gpcsc=%s)" % exp["gpcsc"])
        repro = ("seed=%s gpccr=%s gptbr=%s reason=%s" %
                 (exp["seed"], exp["gpccr"], exp["gptbr"], exp["reason"]))
        if exp["class"] == "pass":
            if "FATAL-RESULT pass" not in text:
                got = ""
                if p.poll() is None:
                    try:
                        g = Gdb(sock)
                        nums = g.register_numbers()
                        got = " ".join("%s=0x%x" % (n, g.read_reg(nums[n]))
                                       for n in ("ESR_EL3", "ELR_EL3",
                                                 "MFAR_EL3"))
                    except (GdbError, KeyError, OSError) as e:
                        got = "gdb: %s" % e
                return False, "%s: the PE is stuck: %s [%s]" % (desc, got,
                                                                repro)
            return True, desc
        if "FATAL-RESULT pass" in text:
            return False, "%s: got no fault at all [%s]" % (desc, repro)
        if p.poll() is not None:
            return False, "%s: QEMU exited %s [%s]" % (desc, p.poll(), repro)
        try:
            g = Gdb(sock)
            nums = g.register_numbers()
            regs = {n: g.read_reg(nums[n]) for n in
                    ("ESR_EL3", "ELR_EL3", "FAR_EL3", "MFAR_EL3")}
        except (GdbError, KeyError, OSError) as e:
            return False, "%s: reading registers: %s" % (desc, e)
        problems, got = check(exp, regs)
        if problems:
            return False, "%s: %s; %s [%s]" % (desc, "; ".join(problems),
                                               got, repro)
        return True, desc
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()
        try:
            os.unlink(sock)
        except OSError:
            pass


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--elf", default=os.path.join(root, "build", "diff",
                                                  "gpt-diff.elf"))
    ap.add_argument("--qemu", default=os.environ.get(
        "QEMU", os.path.join(root, "build", "qemu", "qemu-system-aarch64")))
    ap.add_argument("--machine",
                    default="virt,rme=on,secure-ram-size=%(secure_ram)d")
    ap.add_argument("--cpu-extra", default="")
    ap.add_argument("--secure-ram", type=lambda v: int(v, 0),
                    default=0x7f0000)
    ap.add_argument("--seed", type=lambda v: int(v, 0), default=1)
    ap.add_argument("--sizes", default="30 34 36 39")
    ap.add_argument("--cases", type=int, default=8, help="cases per size")
    ap.add_argument("--first-layout", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--hang", type=float, default=0.5,
                    help="seconds after FATAL-EXPECT before reading registers")
    ap.add_argument("--avoid-pps-le-l0", action="store_true")
    ap.add_argument("--list", action="store_true",
                    help="print every case, not only failing ones")
    args = ap.parse_args()
    args.flags = DF_AVOID_PPS_LE_L0 if args.avoid_pps_le_l0 else 0
    if args.cpu_extra and not args.cpu_extra.startswith(","):
        args.cpu_extra = "," + args.cpu_extra

    workdir = tempfile.mkdtemp(prefix="gpt-fatal.")
    sizes = [int(s) for s in args.sizes.split()]
    jobs = [(s, args.first_layout + i) for s in sizes
            for i in range(args.cases)]
    with ThreadPoolExecutor(max_workers=args.jobs) as ex:
        results = list(ex.map(lambda j: (j, run_case(args, j[0], j[1],
                                                     workdir)), jobs))
    shutil.rmtree(workdir, ignore_errors=True)
    npass = nfail = 0
    for size in sizes:
        mine = [r for (s, _), r in results if s == size]
        bad = [msg for ok, msg in mine if ok is False]
        done = [msg for ok, msg in mine if ok is not None]
        for ok, msg in mine:
            if ok is False or args.list:
                print("    fatal.l0gptsz%d: %s%s" % (size, "" if ok is False
                                                     else "ok: ", msg))
        if bad:
            nfail += 1
            print("FAIL fatal.l0gptsz%d: %d of %d cases" % (size, len(bad),
                                                           len(done)))
        else:
            npass += 1
            print("PASS fatal.l0gptsz%d: %d cases" % (size, len(done)))
    print("%d passed, %d failed" % (npass, nfail))
    return 0 if nfail == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
