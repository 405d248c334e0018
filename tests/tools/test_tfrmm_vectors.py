#!/usr/bin/env python3
"""tools/realm-measure and tools/cca-token against vectors captured from
real TF-RMM runs (scripts/check suite "tools.tfrmm-vectors"; where they
came from: tests/tools/data/tf-rmm-v*/README.md): v0.8.0 (RMI 1.0, the
token tagged 399) and v0.9.0 (RMI 2.0-bet0, the token a CMW collection
tagged 907).

For each of the two Realms the host built with each RMM:
- realm-measure, given the host's steps, predicts the RIM that the Realm
  read with RSI_MEASUREMENT_READ(0) (DEN0137 1.0 A7.1.1, B5.3.8) and the
  REM0 it read after RSI_MEASUREMENT_EXTEND(1) (B5.3.7);
- the REM extension as TF-RMM v0.8.0 computes it hashes the value's size
  bytes: the zero-padded reading of RemExtend (B3.42, --rem-pad) gives a
  different REM0, so that reading is not what this RMM does;
- cca-token verifies the token (Realm signature with its RAK, binding to
  the platform token, A7.2) and finds its claims equal to realm-measure's
  reference values and the Realm's challenge (exit 0);
- a reference value or challenge one bit off is a mismatch naming the
  claim (exit 1): the comparison can fail;
- in the 907 form, a record whose content format is not 263 (EAT CWT) is
  not a token (exit 2)."""

import base64
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

TOOLS = os.path.join(t.BUILD, "host", "tools")
MEASURE = os.path.join(TOOLS, "realm-measure")
TOKEN = os.path.join(TOOLS, "cca-token")
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
RUNS = ("tf-rmm-v0.8.0", "tf-rmm-v0.9.0")


def read_kv(path):
    with open(path) as f:
        return read_kv_text(f.read())


def flip_b64(s):
    """The base64 value @s with one bit of its first byte flipped."""
    b = bytearray(base64.b64decode(s))
    b[0] ^= 1
    return base64.b64encode(bytes(b)).decode()


def main():
    missing = [p for p in (MEASURE, TOKEN) if not os.path.exists(p)]
    if missing:
        t.check("tfrmm.built", False, f"missing: {missing}; run make unit")
        return t.finish()
    tmp = tempfile.mkdtemp(prefix="tfrmm-vectors.")
    for run in RUNS:
        for n in (1, 2):
            check_realm(tmp, run, n)
    check_cmw_content_format(tmp)
    return t.finish()


def check_realm(tmp, run, n):
    tag = f"tfrmm.{run}.realm{n}"
    d = os.path.join(DATA, run, f"realm{n}")
    script = os.path.join(d, "realm.txt")
    measured = read_kv(os.path.join(d, "measured.txt"))
    rc, out, err = t.run_tool([MEASURE, script])
    if not t.check(f"{tag}.measure.runs", rc == 0, err.strip()):
        return
    pred = read_kv_text(out)
    t.check_eq(f"{tag}.rim", pred.get("RIM"), measured["RIM"])
    t.check_eq(f"{tag}.rem0", pred.get("REM0"), measured["REM0"])
    rc, out, _ = t.run_tool([MEASURE, "--rem-pad", script])
    t.check(f"{tag}.rem0.not_padded", rc == 0 and read_kv_text(out).get("REM0") != measured["REM0"],
            "the zero-padded REM extension gave TF-RMM's value too")

    rc, out, err = t.run_tool([MEASURE, "--json", script])
    if not t.check(f"{tag}.json", rc == 0, err.strip()):
        return
    ref = json.loads(out)
    refp = os.path.join(tmp, f"ref-{run}-{n}.json")
    with open(refp, "w") as f:
        json.dump(ref, f)
    tok = os.path.join(d, "token.cbor")
    rc, out, err = t.run_tool([TOKEN, "--ref", refp, "--challenge", measured["challenge"], tok])
    t.check(f"{tag}.token.match", rc == 0 and "RESULT: MATCH" in out,
            f"exit {rc}: {out}{err}")
    t.check(f"{tag}.token.signature", "Realm token signature: verified" in out, out)
    t.check(f"{tag}.token.binding", "binding to the platform token: verified" in out, out)
    t.check(f"{tag}.token.rim_claim", "RIM (44238)" in out and measured["RIM"] in out, out)

    bad = dict(ref, **{"realm-initial-measurement": flip_b64(ref["realm-initial-measurement"])})
    badp = os.path.join(tmp, f"bad-{run}-{n}.json")
    with open(badp, "w") as f:
        json.dump(bad, f)
    rc, out, _ = t.run_tool([TOKEN, "--ref", badp, tok])
    t.check(f"{tag}.token.rim_mismatch", rc == 1 and "MISMATCH" in out and "44238" in out,
            f"exit {rc}: {out}")
    chal = bytearray(bytes.fromhex(measured["challenge"]))
    chal[63] ^= 0x80
    rc, out, _ = t.run_tool([TOKEN, "--challenge", chal.hex(), tok])
    t.check_eq(f"{tag}.token.challenge_mismatch", rc, 1)


def check_cmw_content_format(tmp):
    """TF-RMM v0.9.0's collection (tag 907, 0xd9 0x038b) holds each token
    as a CMW record [263, bytes]: with another content format the record
    is not an EAT CWT, so not a token (exit 2, naming the token)."""
    with open(os.path.join(DATA, "tf-rmm-v0.9.0", "realm1", "token.cbor"), "rb") as f:
        tok = f.read()
    t.check_eq("tfrmm.cmw.tag_907", tok[:3].hex(), "d9038b")
    rec = bytes.fromhex("19acd182190107")     # 44241: [263, ...
    i = tok.find(rec)
    if not t.check("tfrmm.cmw.realm_record", i > 0, "no Realm CMW record [263, ...]"):
        return
    bad = bytearray(tok)
    bad[i + len(rec) - 1] = 0x08              # content format 264
    path = os.path.join(tmp, "cmw-264.cbor")
    with open(path, "wb") as f:
        f.write(bad)
    rc, _, err = t.run_tool([TOKEN, path])
    t.check("tfrmm.cmw.other_format_rejected", rc == 2 and "Realm token" in err, f"exit {rc}: {err}")


def read_kv_text(text):
    """"KEY: VALUE" lines (realm-measure's output, measured.txt), without
    the comment lines."""
    out = {}
    for ln in text.splitlines():
        if ln.startswith("#") or ": " not in ln:
            continue
        k, _, v = ln.strip().partition(": ")
        out[k] = v
    return out


if __name__ == "__main__":
    sys.exit(main())
