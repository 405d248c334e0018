"""Boot a user-given Linux kernel as the Normal-world host on -M virt,rme=on
behind TF-A 2.12.1 (scripts/build-tfa LINUX=1).  Used by scripts/run-linux
and tests/e2e/test_linux.py.  Python 3 stdlib; needs dtc and fdtput
(Debian package device-tree-compiler, installed by scripts/install-deps).

Memory layout (docs/linux.md):
  0x40000000  DTB: QEMU puts it at the start of RAM, TF-A's BL2 adds the
              PSCI node and the RMM reservation in place (at most 1 MiB)
  0x40100000  RMM, 24 MiB, Realm PAS (TF-A PLAT=qemu ENABLE_RME=1)
  0x48000000  initrd (QEMU generic loader), up to 384 MiB
  0x60000000  kernel Image (QEMU generic loader; TF-A PRELOADED_BL33_BASE),
              entered at NS-EL2 with x0 = 0x40000000
"""

import gzip
import os
import struct
import subprocess
import threading
import time

DTB_BASE = 0x40000000
KERNEL_BASE = 0x60000000
INITRD_BASE = 0x48000000
INITRD_MAX = KERNEL_BASE - INITRD_BASE
RAM_BASE = 0x40000000
DEFAULT_APPEND = "console=ttyAMA0 earlycon panic=-1"

SIZES = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


class BootError(Exception):
    """A bad input, said plainly."""


def parse_size(s):
    """QEMU -m style size ('2G', '2048M', '2048' = MiB) -> bytes."""
    s = s.strip().upper().rstrip("B")
    try:
        if s and s[-1] in SIZES:
            return int(s[:-1]) * SIZES[s[-1]]
        return int(s) << 20
    except ValueError:
        raise BootError(f"MEM={s!r} is not a size (e.g. 2G, 3072M)") from None


def kernel_image(path, workdir):
    """Check that path is an arm64 Linux Image (a gzip-compressed one is
    decompressed into workdir); return (image path, image_size)."""
    if not os.path.isfile(path):
        raise BootError(f"KERNEL={path}: no such file (give an arm64 Linux Image, "
                        "e.g. arch/arm64/boot/Image or Debian's /boot/vmlinuz-*-arm64)")
    with open(path, "rb") as f:
        head = f.read(64)
    if head[:2] == b"\x1f\x8b":
        os.makedirs(workdir, exist_ok=True)
        out = os.path.join(workdir, "Image")
        with gzip.open(path, "rb") as src, open(out + ".tmp", "wb") as dst:
            while True:
                chunk = src.read(1 << 20)
                if not chunk:
                    break
                dst.write(chunk)
        os.replace(out + ".tmp", out)
        path = out
        with open(path, "rb") as f:
            head = f.read(64)
    # Documentation/arch/arm64/booting.rst: the 64-byte Image header,
    # magic "ARM\x64" at offset 56, image_size at 16, flags at 24.
    if len(head) < 64 or head[56:60] != b"ARM\x64":
        raise BootError(f"KERNEL={path} is not an arm64 Linux Image "
                        "(no 'ARM\\x64' magic at offset 56): give arch/arm64/boot/Image, "
                        "not vmlinux or a zboot/EFI-compressed image")
    image_size, flags = struct.unpack_from("<QQ", head, 16)
    if flags & 1:
        raise BootError(f"KERNEL={path} is a big-endian kernel; the board runs little-endian")
    if image_size == 0:
        image_size = os.path.getsize(path)
    return path, image_size


def machine_args(machine, mem, smp, flash):
    return ["-M", machine, "-m", mem, "-smp", str(smp), "-nographic", "-nic", "none",
            "-no-reboot", "-bios", flash]


def prepare(qemu, flash, kernel, initrd="", append="", mem="2G", smp=2,
            machine="virt,rme=on", workdir="build/linux"):
    """Check the inputs, write workdir/virt.dtb (QEMU's own device tree for
    exactly this machine, plus /chosen bootargs and the initrd) and return
    the QEMU command line."""
    for what, f in (("QEMU", qemu), ("TF-A flash image", flash)):
        if not os.path.isfile(f):
            raise BootError(f"{what} {f} is missing: run 'make run KERNEL=...' "
                            "(or make qemu; scripts/build-tfa LINUX=1)")
    kernel, image_size = kernel_image(kernel, workdir)
    ram = parse_size(mem)
    if KERNEL_BASE + image_size > RAM_BASE + ram:
        raise BootError(f"MEM={mem} is too small: the kernel ({image_size >> 20} MiB "
                        f"with BSS) is loaded at {KERNEL_BASE:#x} by TF-A's layout")
    if initrd:
        if not os.path.isfile(initrd):
            raise BootError(f"INITRD={initrd}: no such file")
        isize = os.path.getsize(initrd)
        if isize > INITRD_MAX:
            raise BootError(f"INITRD={initrd} is {isize >> 20} MiB; at most "
                            f"{INITRD_MAX >> 20} MiB fit between {INITRD_BASE:#x} and the kernel")
    os.makedirs(workdir, exist_ok=True)
    base = machine_args(machine, mem, smp, flash)
    raw = os.path.join(workdir, "virt-qemu.dtb")
    dtb = os.path.join(workdir, "virt.dtb")
    # The device tree must come from the same machine options, -bios
    # included: with firmware QEMU leaves out e.g. the Non-secure PL061 (ACPI
    # GED instead), and a kernel probing a node without a device takes an
    # external abort.
    dump = [qemu] + machine_args(machine + ",dumpdtb=" + raw, mem, smp, flash)
    r = subprocess.run(dump, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if r.returncode != 0 or not os.path.isfile(raw):
        raise BootError("QEMU could not dump its device tree:\n" + r.stdout.decode(errors="replace"))
    # dtc repacks QEMU's 1 MiB-padded blob to its real size: TF-A's BL2
    # edits it in place within PLAT_QEMU_DT_MAX_SIZE (1 MiB).
    subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", "-o", dtb, raw], check=True)
    cmdline = (DEFAULT_APPEND + " " + append).strip()
    subprocess.run(["fdtput", "-t", "s", dtb, "/chosen", "bootargs", cmdline], check=True)
    cmd = [qemu] + base + ["-dtb", dtb,
                           "-device", f"loader,file={kernel},addr={KERNEL_BASE:#x},force-raw=on"]
    if initrd:
        end = INITRD_BASE + os.path.getsize(initrd)
        for prop, v in (("linux,initrd-start", INITRD_BASE), ("linux,initrd-end", end)):
            subprocess.run(["fdtput", "-t", "x", dtb, "/chosen", prop,
                            f"{v >> 32:#x}", f"{v & 0xffffffff:#x}"], check=True)
        cmd += ["-device", f"loader,file={os.path.abspath(initrd)},addr={INITRD_BASE:#x},force-raw=on"]
    return cmd


def run_captured(cmd, timeout, marks=()):
    """Run QEMU without a terminal; return (exit code or 'timeout', log,
    {mark: seconds after start when a line containing it first came out})."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    lines, seen = [], {}

    def reader():
        for raw in p.stdout:
            line = raw.decode(errors="replace").replace("\r", "")
            lines.append(line)
            for mk in marks:
                if mk not in seen and mk in line:
                    seen[mk] = time.monotonic() - t0

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    try:
        rc = p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = "timeout"
    th.join(5)
    return rc, "".join(lines), seen
