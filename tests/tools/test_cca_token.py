#!/usr/bin/env python3
"""tools/cca-token end to end (scripts/check suite "tools.cca-token").

Tokens are made by make-cca-token (a test helper built with the tools) in
the shape of DEN0137 1.0 A7.2.1: tag 399 over the platform (44234) and
Realm (44241) tokens, each a COSE_Sign1_Tagged (ES384); the Realm public
key claim (44237) a COSE_Key (A7.2.3.1.7); the platform challenge the
SHA-256 of that claim (A7.2.3.2.2).  Checked: a token whose claims match
the reference values tools/realm-measure computed passes (exit 0); each
claim that differs is named (exit 1); a broken Realm or platform signature
or binding is exit 1; a token without a mandatory claim, a truncated or
garbage token is exit 2; and 3,000 mutations of a valid token never crash
the tool (the sanitizer fuzz target, fuzz-cca-token, goes further).

The tools are in $BUILD/host/tools (make unit builds them)."""

import json
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402

TOOLS = os.path.join(t.BUILD, "host", "tools")
TOKEN = os.path.join(TOOLS, "cca-token")
MAKE = os.path.join(TOOLS, "make-cca-token")
MEASURE = os.path.join(TOOLS, "realm-measure")


def run(*args):
    return t.run_tool(list(args))


def main():
    missing = [p for p in (TOKEN, MAKE, MEASURE) if not os.path.exists(p)]
    if missing:
        t.check("cca-token.built", False, f"missing: {missing}; run make unit")
        return t.finish()
    with tempfile.TemporaryDirectory() as d:
        def p(name):
            return os.path.join(d, name)
        with open(p("img.bin"), "wb") as f:
            f.write(bytes(range(256)) * 20)
        refs = {}
        for alg in ("sha256", "sha512"):
            with open(p(f"{alg}.txt"), "w") as f:
                f.write(f"realm hash={alg} s2sz=40 rpv=0x{'5a' * 64}\n"
                        "ripas base=0x80000000 top=0x80200000 level=2\n"
                        "data ipa=0x80000000 file=img.bin\nrec pc=0x80000000\n"
                        "rem index=3 value=cafe\n")
            rc, out, err = run(MEASURE, "--json", p(f"{alg}.txt"))
            with open(p(f"{alg}.json"), "w") as f:
                f.write(out)
            refs[alg] = {k: bytes.fromhex(v) for k, v in
                         ((k, __import__("base64").b64decode(v).hex())
                          for k, v in json.loads(out).items()
                          if k not in ("scheme", "hash-alg-id"))}
        chal = "00112233445566778899"

        def make(name, alg="sha256", *extra, **claims):
            r = refs[alg]
            args = [MAKE, p(name), p(name + ".pem"), "--hash", alg.replace("sha", "sha-"),
                    "--rim", claims.get("rim", r["realm-initial-measurement"].hex()),
                    "--rpv", r["realm-personalization-value"].hex(), "--challenge", chal]
            for i in range(4):
                args += [f"--rem{i}", claims.get(f"rem{i}", r[f"rem{i}"].hex())]
            rc, _, err = run(*(args + list(extra)))
            assert rc == 0, err
            return p(name)

        for alg in ("sha256", "sha512"):
            tok = make(f"good-{alg}.cbor", alg)
            rc, out, err = run(TOKEN, "--ref", p(f"{alg}.json"), "--challenge", chal,
                               "--cpak", tok + ".pem", tok)
            t.check(f"cca-token.{alg}.match", rc == 0 and "RESULT: MATCH" in out
                    and "Realm token signature: verified" in out
                    and "binding to the platform token: verified" in out
                    and "platform token signature: verified" in out, f"exit {rc}: {out}{err}")
        good = p("good-sha256.cbor")

        rc, out, _ = run(TOKEN, good)
        t.check("cca-token.no_cpak_said", rc == 0 and "not checked (no --cpak)" in out, out)

        bad_rim = make("rim.cbor", "sha256", rim="ff" * 32)
        rc, out, _ = run(TOKEN, "--ref", p("sha256.json"), bad_rim)
        t.check("cca-token.rim_mismatch_named", rc == 1
                and "MISMATCH realm-initial-measurement (44238)" in out
                and "rem3" not in out, out)
        bad_rem = make("rem.cbor", "sha256", rem3="00" * 32)
        rc, out, _ = run(TOKEN, "--ref", p("sha256.json"), bad_rem)
        t.check("cca-token.rem_mismatch_named", rc == 1 and "MISMATCH rem3 (44239[3])" in out, out)
        rc, out, _ = run(TOKEN, "--ref", p("sha512.json"), good)
        t.check("cca-token.hash_alg_mismatch", rc == 1 and "MISMATCH hash-alg-id" in out, out)
        rc, out, _ = run(TOKEN, "--challenge", "00112233", good)
        t.check("cca-token.challenge_mismatch", rc == 1 and "MISMATCH challenge (10)" in out, out)

        for flag, what in (("--bad-realm-sig", "Realm token: the signature does not verify"),
                           ("--bad-binding", "binding:"),
                           ("--bad-platform-sig", "platform token: the signature does not verify")):
            tok = make(flag[2:] + ".cbor", "sha256", flag)
            rc, out, _ = run(TOKEN, "--cpak", tok + ".pem", tok)
            t.check(f"cca-token.{flag[2:]}", rc == 1 and what in out and "RESULT: MISMATCH" in out, out)

        norim = make("norim.cbor", "sha256", "--no-rim")
        rc, _, err = run(TOKEN, norim)
        t.check("cca-token.missing_claim", rc == 2 and "Realm initial measurement claim (44238) missing"
                in err, err)
        data = open(good, "rb").read()
        for name, blob in (("truncated", data[:len(data) // 2]), ("empty", b""),
                           ("garbage", bytes(range(200))), ("trailing", data + b"\0")):
            with open(p(name), "wb") as f:
                f.write(blob)
            rc, _, err = run(TOKEN, p(name))
            t.check(f"cca-token.{name}", rc == 2 and err.startswith("cca-token: "), f"exit {rc}: {err}")

        rnd = random.Random(399)
        crashes = []
        for i in range(3000):
            b = bytearray(data)
            for _ in range(rnd.randint(1, 8)):
                k = rnd.randrange(4)
                at = rnd.randrange(len(b))
                if k == 0:
                    b[at] ^= 1 << rnd.randrange(8)
                elif k == 1:
                    b[at] = rnd.choice((0, 0xff, 0x18, 0x19, 0x1a, 0x1b, 0x5b, 0x9f, 0xbf))
                elif k == 2:
                    del b[at:at + rnd.randint(1, 16)]
                else:
                    b[at:at] = b[rnd.randrange(len(b)):][:rnd.randint(1, 16)]
            with open(p("m"), "wb") as f:
                f.write(b)
            rc, _, _ = run(TOKEN, p("m"))
            if rc not in (0, 1, 2):
                crashes.append((i, rc))
        t.check("cca-token.mutations_no_crash", not crashes, f"{crashes[:5]}")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
