"""Read the console log of the Realm host (tests/e2e/realm-host) and the
Realm payload (tests/e2e/realm-payload), and predict what the Realms
should have measured with tools/realm-measure.

Shared by tests/e2e/test_realm.py (which asserts every step) and
scripts/run-realm (which tells a person what happened)."""

import os
import re
import subprocess

# What the host and the Realm agree on (tests/e2e/realm-payload/realm.h,
# realm.c and tests/e2e/realm-host/host.c).
REALM_S2SZ = 39
HOSTCALL_ECHO_BASE = 0x1000     # the Realm sends 0x1000 * cfg + i


def challenge(cfg):
    """The 64-byte challenge Realm @cfg gives RSI_ATTESTATION_TOKEN_INIT."""
    return bytes((cfg * 0x10 + i) & 0xff for i in range(64))


def extra_page(cfg):
    """The extra measured page the host adds for some configurations."""
    return bytes((i * 7 + cfg) & 0xff for i in range(4096))


REM0_VALUE = bytes(0xa0 + i for i in range(32))   # RSI_MEASUREMENT_EXTEND(1)


def parse(log):
    """The host's and the Realms' lines, per Realm.

    Returns {"rmi_version": (status, lower, higher) of RMI_VERSION(1.0),
             "rmi2_status": status of RMI_VERSION(2.0) if the host asked,
             "feat0": int or None, "result": "PASS"/"FAIL"/"UNSUPPORTED"/None,
             "failures": [lines with '!!'],
             "realms": [{"id", "lines", "measure", "rim", "rem0", "token",
                         "token_len", "config", "result", ...}]}"""
    log = log.replace("\r", "")
    out = {"rmi_version": None, "feat0": None, "result": None, "realms": [],
           "failures": [ln for ln in log.splitlines() if "!!" in ln]}
    m = re.search(r"\[host\] RMI_VERSION\(1\.0\): status (0x[0-9a-f]+), RMM implements RMI "
                  r"(\d+)\.(\d+) \.\. (\d+)\.(\d+)", log)
    if m:
        out["rmi_version"] = (int(m.group(1), 16), (int(m.group(2)), int(m.group(3))),
                              (int(m.group(4)), int(m.group(5))))
    # 1.0 refused by an RMM with 2.0 only: the host asks for 2.0 (B4.3.23)
    m = re.search(r"\[host\] RMI_VERSION\(2\.0\): status (0x[0-9a-f]+)", log)
    out["rmi2_status"] = int(m.group(1), 16) if m else None
    m = re.search(r"\[host\] RMI_FEATURES\(0\): (0x[0-9a-f]+)", log)
    if m:
        out["feat0"] = int(m.group(1), 16)
    m = re.search(r"\[host\] RESULT: (\w+)", log)
    if m:
        out["result"] = m.group(1)
    parts = re.split(r"\[host\] === Realm (\d+) ===\n", log)
    for i in range(1, len(parts), 2):
        body = parts[i + 1]
        r = {"id": int(parts[i]), "lines": body.splitlines(), "measure": [],
             "rim": None, "rem0": None, "token": bytearray(), "token_len": None,
             "config": None, "result": None}
        for ln in r["lines"]:
            mm = re.match(r"\[host\] measure: (.*)$", ln)
            if mm:
                r["measure"].append(mm.group(1))
        mm = re.search(r"\[realm\] RIM ([0-9a-f]+)", body)
        if mm:
            r["rim"] = mm.group(1)
        mm = re.search(r"\[realm\] REM0 \(RSI index 1\) ([0-9a-f]+)", body)
        if mm:
            r["rem0"] = mm.group(1)
        mm = re.search(r"\[realm\] RSI_REALM_CONFIG: ipa_width (0x[0-9a-f]+) hash_algo "
                       r"(0x[0-9a-f]+) rpv ([0-9a-f]+)", body)
        if mm:
            r["config"] = (int(mm.group(1), 16), int(mm.group(2), 16), mm.group(3))
        mm = re.search(r"\[realm\] RSI_ATTESTATION_TOKEN_CONTINUE: status (0x[0-9a-f]+), "
                       r"token (0x[0-9a-f]+) bytes", body)
        if mm:
            r["token_len"] = int(mm.group(2), 16)
        r["token_ok"] = True
        for mm in re.finditer(r"\[host\] token (0x[0-9a-f]+) ([0-9a-f]*)\n", body):
            if int(mm.group(1), 16) != len(r["token"]):
                r["token_ok"] = False
            r["token"] += bytes.fromhex(mm.group(2))
        mm = re.search(r"\[realm\] RESULT: (\w+)", body)
        if mm:
            r["result"] = mm.group(1)
        out["realms"].append(r)
    return out


def predict(realm, realm_bin, workdir, realm_measure):
    """Write realm-measure's script for @realm (from the host's "measure:"
    lines, plus the REM0 extension the Realm makes) and the files it names
    into @workdir; return (script path, {"RIM": hex, "REM0": hex, ...},
    path of the --json reference values)."""
    os.makedirs(workdir, exist_ok=True)
    with open(realm_bin, "rb") as f:
        img = f.read()
    with open(os.path.join(workdir, "realm.bin"), "wb") as f:
        f.write(img)
    with open(os.path.join(workdir, "extra.bin"), "wb") as f:
        f.write(extra_page(realm["id"]))
    script = os.path.join(workdir, "realm.txt")
    with open(script, "w") as f:
        f.write(f"# Realm {realm['id']} as tests/e2e/realm-host built it\n")
        for ln in realm["measure"]:
            f.write(ln + "\n")
        # RSI_MEASUREMENT_EXTEND index 1 is REM0 (DEN0137 B5.3.7)
        f.write(f"rem index=0 value={REM0_VALUE.hex()}\n")
    p = subprocess.run([realm_measure, script], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"realm-measure {script}: {p.stderr.strip()}")
    values = {}
    for ln in p.stdout.splitlines():
        k, _, v = ln.partition(": ")
        values[k] = v
    ref = os.path.join(workdir, "ref.json")
    with open(ref, "w") as f:
        subprocess.run([realm_measure, "--json", script], stdout=f, check=True)
    return script, values, ref
