#!/usr/bin/env python3
"""scripts/install-deps decides per package, from dpkg and apt's lists, what
to install and from where, and never changes more than it says.

Runs the real script against fake dpkg-query, apt-cache, apt-get and id on
PATH (and a private /etc/apt and os-release through the script's test
hooks), so each case is a fresh machine of its own: a bookworm that needs
meson and python3-pycotap from trixie, a trixie that needs nothing from
elsewhere, a simulation that would upgrade or remove something else (the
script must refuse and install nothing), and so on.  Nothing here touches
this machine's packages.  Policy under test: scripts/install-deps' header
and README "What scripts/install-deps changes on your system"."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

SCRIPT = os.path.join(t.TOP, "scripts", "install-deps")

# Every requirement of the script, by name; its REQS is the source of truth.
REQS = re.search(r'^REQS="(.*?)"', open(SCRIPT).read(), re.S | re.M).group(1).split()
NAMES = [r.split(">=")[0] for r in REQS]

FAKES = {
    "id": '#!/bin/sh\n[ "$1" = -u ] && echo 0 || /usr/bin/id "$@"\n',
    # dpkg-query -W -f='${Status} ${Version}\n' PKG
    "dpkg-query": r'''#!/bin/sh
pkg=$(eval echo \${$#})
v=$(awk -v p="$pkg" '$1 == p {print $2}' "$FAKE/installed")
[ -n "$v" ] || exit 1
echo "install ok installed $v"
''',
    # apt-cache madison PKG: own release always; trixie once its list exists
    # (or when the fake machine already carries trixie).
    "apt-cache": r'''#!/bin/sh
[ "$1" = madison ] || exit 0
awk -v p="$2" -v showfb="$(test -f "$FAKE/etc/sources.list.d/qemu-rme-trixie.list" -o -f "$FAKE/has-trixie" && echo 1)" '
  $1 == p && ($3 != "trixie" || showfb) {
    printf " %s | %s | http://deb.debian.org/debian %s/main amd64 Packages\n", $1, $2, $3 }' "$FAKE/available"
''',
    # apt-get update | -s install ... | install -y ...
    "apt-get": r'''#!/bin/sh
echo "apt-get $*" >> "$FAKE/calls"
case " $* " in
  *" update "*) exit 0 ;;
  *" -s "*)
    for a in "$@"; do
      case $a in -*|install) continue ;; esac
      p=${a%/*}; rel=own; [ "$p" != "$a" ] && rel=${a#*/}
      v=$(awk -v p="$p" -v r="$rel" '$1 == p && ($3 == r || r == "own") {print $2}' "$FAKE/available" | tail -1)
      old=$(awk -v p="$p" '$1 == p {print $2}' "$FAKE/installed")
      if [ -n "$old" ]; then echo "Inst $p [$old] ($v Debian:13/stable [all])"
      else echo "Inst $p ($v Debian:13/stable [all])"; fi
    done
    cat "$FAKE/extra-sim" 2>/dev/null
    exit 0 ;;
  *" install "*)
    for a in "$@"; do
      case $a in -*|install) continue ;; esac
      p=${a%/*}; rel=own; [ "$p" != "$a" ] && rel=${a#*/}
      [ $rel = own ] && rel=$(cat "$FAKE/codename")
      v=$(awk -v p="$p" -v r="$rel" '$1 == p && $3 == r {print $2}' "$FAKE/available" | tail -1)
      grep -v "^$p " "$FAKE/installed" > "$FAKE/installed.new"; mv "$FAKE/installed.new" "$FAKE/installed"
      echo "$p $v" >> "$FAKE/installed"
    done ;;
esac
''',
}


def machine(codename, installed, available, extra_sim="", has_trixie=False):
    d = tempfile.mkdtemp(prefix="install-deps-test.")
    os.makedirs(os.path.join(d, "bin"))
    os.makedirs(os.path.join(d, "etc", "sources.list.d"))
    os.makedirs(os.path.join(d, "etc", "preferences.d"))
    for name, text in FAKES.items():
        p = os.path.join(d, "bin", name)
        with open(p, "w") as f:
            f.write(text)
        os.chmod(p, 0o755)
    with open(os.path.join(d, "codename"), "w") as f:
        f.write(codename + "\n")
    with open(os.path.join(d, "os-release"), "w") as f:
        f.write(f"ID=debian\nVERSION_CODENAME={codename}\n")
    with open(os.path.join(d, "installed"), "w") as f:
        f.write("".join(f"{p} {v}\n" for p, v in installed.items()))
    with open(os.path.join(d, "available"), "w") as f:
        f.write("".join(f"{p} {v} {suite}\n" for p, v, suite in available))
    if extra_sim:
        with open(os.path.join(d, "extra-sim"), "w") as f:
            f.write(extra_sim)
    if has_trixie or codename == "trixie":   # apt knows trixie's packages
        open(os.path.join(d, "has-trixie"), "w").close()
    return d


def run(d, *args):
    env = dict(os.environ, FAKE=d, PATH=os.path.join(d, "bin") + ":" + os.environ["PATH"],
               QEMU_RME_APT_ETC=os.path.join(d, "etc"),
               QEMU_RME_OS_RELEASE=os.path.join(d, "os-release"))
    p = subprocess.run(["sh", SCRIPT] + list(args), env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    calls = open(os.path.join(d, "calls")).read() if os.path.exists(os.path.join(d, "calls")) else ""
    return p.returncode, p.stdout.decode(), calls


def installed(d):
    return dict(line.split() for line in open(os.path.join(d, "installed")) if line.strip())


def bookworm_available(trixie=True):
    av = [(n, "1.0-1", "bookworm") for n in NAMES if n not in ("meson", "python3-pycotap")]
    av.append(("meson", "1.0.1-5", "bookworm"))
    if trixie:
        av += [("meson", "1.7.0-1", "trixie"), ("python3-pycotap", "1.3.1-2", "trixie"),
               ("libc6", "2.41-12", "trixie")]
    return av


GOOD = {"meson": "1.7.0-1", "python3-pycotap": "1.3.1-2"}   # new enough


def all_but(*names):
    """Installed: every requirement at a good version except names."""
    return {n: GOOD.get(n, "1.0-1") for n in NAMES if n not in names}


def main():
    cases = []

    # 1. Everything there: nothing to do, not even apt-get update (no network).
    d = machine("bookworm", dict(all_but("meson", "python3-pycotap"), **{
        "meson": "1.7.0-1", "python3-pycotap": "1.3.1-2"}), bookworm_available())
    cases.append(d)
    rc, out, calls = run(d)
    t.check("present.exit0", rc == 0, f"exit {rc}: {out}")
    t.check_eq("present.no_apt_calls", calls, "")

    # 2. Fresh bookworm: meson too old, pycotap absent.  trixie's list is added
    #    with Pin-Priority 100 and exactly those two come from trixie.
    d = machine("bookworm", all_but("meson", "python3-pycotap", "ccache"), bookworm_available())
    cases.append(d)
    rc, out, calls = run(d)
    t.check("bookworm.exit0", rc == 0, f"exit {rc}: {out}")
    lst = os.path.join(d, "etc", "sources.list.d", "qemu-rme-trixie.list")
    pref = os.path.join(d, "etc", "preferences.d", "qemu-rme-trixie")
    t.check("bookworm.list_added", os.path.exists(lst) and
            open(lst).read().strip() == "deb http://deb.debian.org/debian trixie main",
            f"{lst}: {open(lst).read() if os.path.exists(lst) else 'missing'}")
    t.check("bookworm.pinned_low", os.path.exists(pref) and
            "Pin: release n=trixie" in open(pref).read() and
            "Pin-Priority: 100" in open(pref).read(), "trixie not pinned at 100")
    t.check("bookworm.simulated_first",
            re.search(r"apt-get -s install .*python3-pycotap/trixie", calls) is not None and
            calls.find("apt-get -s install") < calls.find("meson/trixie", calls.find("-y")),
            f"calls: {calls}")
    real = [c for c in calls.splitlines() if " -y " in c]
    t.check("bookworm.own_release_install", any(c.split()[-1] == "ccache" and "/trixie" not in c
                                                 for c in real), f"calls: {calls}")
    fb = [c for c in real if "/trixie" in c]
    t.check("bookworm.only_two_from_trixie", len(fb) == 1 and
            sorted(a for a in fb[0].split() if "/" in a) == ["meson/trixie", "python3-pycotap/trixie"],
            f"trixie installs: {fb}")
    inst = installed(d)
    t.check("bookworm.result", inst.get("meson") == "1.7.0-1" and
            inst.get("python3-pycotap") == "1.3.1-2", f"installed: meson {inst.get('meson')}, "
            f"pycotap {inst.get('python3-pycotap')}")

    # 3. The same, but trixie's meson would pull trixie's libc6 (an upgrade):
    #    refuse, and install nothing from trixie.
    d = machine("bookworm", dict(all_but("meson", "python3-pycotap"), libc6="2.36-9"),
                bookworm_available(),
                extra_sim="Inst libc6 [2.36-9] (2.41-12 Debian:13/stable [amd64])\n")
    cases.append(d)
    rc, out, calls = run(d)
    t.check("refuse_upgrade.exit1", rc == 1, f"exit {rc}: {out}")
    t.check("refuse_upgrade.says_why", "upgrade:libc6" in out and "refusing" in out, out)
    t.check("refuse_upgrade.nothing_from_trixie",
            not any(" -y " in c and "/trixie" in c for c in calls.splitlines()), calls)

    # 4. A removal in the simulation: refuse.
    d = machine("bookworm", all_but("meson", "python3-pycotap"), bookworm_available(),
                extra_sim="Remv python3-mesonpy [0.13-1]\n")
    cases.append(d)
    rc, out, calls = run(d)
    t.check("refuse_removal", rc == 1 and "remove:python3-mesonpy" in out and
            not any(" -y " in c and "/trixie" in c for c in calls.splitlines()), f"exit {rc}: {out}")

    # 5. A new dependency that only trixie has: refuse (it would come from trixie).
    d = machine("bookworm", all_but("meson", "python3-pycotap"),
                bookworm_available() + [("python3-newdep", "2.0-1", "trixie")],
                extra_sim="Inst python3-newdep (2.0-1 Debian:13/stable [all])\n")
    cases.append(d)
    rc, out, calls = run(d)
    t.check("refuse_other_from_trixie", rc == 1 and "from-trixie:python3-newdep" in out,
            f"exit {rc}: {out}")

    # 6. trixie's source already known (added by someone else): not added twice.
    d = machine("bookworm", all_but("python3-pycotap"), bookworm_available(), has_trixie=True)
    cases.append(d)
    with open(os.path.join(d, "installed"), "a") as f:
        f.write("meson 1.7.0-1\n")
    rc, out, calls = run(d)
    t.check("trixie_known.no_new_list", rc == 0 and not os.path.exists(
        os.path.join(d, "etc", "sources.list.d", "qemu-rme-trixie.list")), f"exit {rc}: {out}")

    # 7. Fresh trixie: everything from trixie itself, no extra source.
    av = [(n, "1.0-1", "trixie") for n in NAMES if n not in ("meson", "python3-pycotap")] + \
        [("meson", "1.7.0-1", "trixie"), ("python3-pycotap", "1.3.1-2", "trixie")]
    d = machine("trixie", all_but("meson", "python3-pycotap"), av)
    cases.append(d)
    rc, out, calls = run(d)
    t.check("trixie.exit0", rc == 0, f"exit {rc}: {out}")
    t.check("trixie.no_fallback_source", not os.path.exists(
        os.path.join(d, "etc", "sources.list.d", "qemu-rme-trixie.list")) and "/trixie" not in calls,
        f"calls: {calls}")
    t.check("trixie.installed", installed(d).get("meson") == "1.7.0-1", str(installed(d)))

    # 8. A release that lacks a package and has no fallback: a clear error.
    d = machine("trixie", all_but("meson"), [(n, GOOD.get(n, "1.0-1"), "trixie") for n in NAMES
                                             if n != "meson"] + [("meson", "1.4.0-1", "trixie")])   # meson 1.4 < 1.5: nowhere to get it
    cases.append(d)
    rc, out, calls = run(d)
    t.check("trixie.too_old_error", rc == 1 and "no suitable version of: meson" in out,
            f"exit {rc}: {out}")

    # 9. Unsupported release: refused with the supported list.
    d = machine("bullseye", {}, [])
    cases.append(d)
    rc, out, calls = run(d)
    t.check("unsupported_release", rc == 1 and "bookworm" in out and "trixie" in out and calls == "",
            f"exit {rc}: {out}")

    # 10. --check: lists what is missing, changes nothing.
    d = machine("bookworm", all_but("meson", "python3-pycotap"), bookworm_available())
    cases.append(d)
    rc, out, calls = run(d, "--check")
    t.check("check_only", rc == 1 and "python3-pycotap>=1.1.0" in out and "meson>=1.5.0" in out
            and calls == "", f"exit {rc}: {out} calls: {calls}")

    for d in cases:
        shutil.rmtree(d, ignore_errors=True)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
