#!/usr/bin/env python3
"""End to end: a Realm's whole life on -M virt,rme=on with a user-given RMM.

TF-A (the Debian 2.12.1 tree, or TFA_SRC=<tree>) is built around the RMM
image and the Realm host (tests/e2e/realm-host) as BL33.  The host builds
two Realms from the Realm payload (tests/e2e/realm-payload), runs them to
PSCI SYSTEM_OFF and destroys them.  Every step is asserted, and the RIM is
predicted with tools/realm-measure before it is compared with what the
Realm read (RSI_MEASUREMENT_READ) and with the attestation token's claim,
which tools/cca-token verifies (signature, binding, reference values).

  test_realm.py --rmm <rmm.img>      (make check RMM=<img> [TFA_SRC=<tree>])

TF-RMM v0.6.0-v0.8.0 implement RMI 1.0 and need TF-A >= 2.13 (docs/rmm.md);
TF-RMM v0.9.0 implements RMI 2.0 (2.0-bet0) and needs TF-A >= 2.15.  The
host speaks both, choosing by RMI_VERSION."""

import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import testlib as t  # noqa: E402
import bootlog  # noqa: E402
import realmlog  # noqa: E402

TOOLS = os.path.join(t.BUILD, "host", "tools")

# The two configurations of tests/e2e/realm-host/host.c: (hash_algo as
# RSI_REALM_CONFIG reports it (RsiHashAlgorithm, B5.4.2: 0 SHA-256,
# 1 SHA-512), hash size in bytes, first byte of the RPV, SVE VL, extra
# measured page, PMU counters asked for if the RMM has a PMU)
CONFIGS = {1: (0, 32, 0x00, 0, False, 0), 2: (1, 64, 0x5a, 1, True, 2)}


def expected_steps(n, rmi2, feat0):
    """What the host must measure for Realm @n, in realm-measure's script
    syntax, written here from the configuration rather than read from the
    host: the prediction does not take the host's word for it."""
    algo, _, rpv0, sve_vl, extra, ctrs = CONFIGS[n]
    pmu = ctrs if ctrs and (feat0 >> 26) & 1 else 0    # RmiFeatureRegister0.PMU_EN
    flags = ",".join(f for f, on in (("sve", sve_vl), ("pmu", pmu)) if on)
    realm = (f"realm hash={'sha512' if algo else 'sha256'} s2sz={realmlog.REALM_S2SZ}"
             + (f" flags={flags}" if flags else "") + f" sve_vl={sve_vl} num_bps=2 num_wps=2"
             + (f" pmu_num_ctrs={pmu}" if pmu else "") + (f" rpv={rpv0:#x}" if rpv0 else ""))
    steps = [realm]
    if not rmi2:    # B4.3.18.4; TF-RMM v0.9.0's 2.0 does not measure RIPAS
        steps.append("ripas base=0x40000000 top=0x40030000 level=3")
    steps.append("data ipa=0x40000000 file=realm.bin")
    if extra:
        steps.append("data ipa=0x40020000 file=extra.bin")
    steps.append(f"rec pc=0x40000000 x0={n} x1={pmu}")
    return steps, pmu


def has(lines, text):
    return any(text in ln for ln in lines)


def check_realm(tag, r, realm_bin, rmi2, feat0):
    n = r["id"]
    tag = f"{tag}.realm{n}"
    lines = r["lines"]
    algo, hsize, rpv0 = CONFIGS[n][:3]

    # The A7.1.1 measured steps the host took are the configuration's (a
    # RIPAS entry is measured under RMI 1.0, B4.3.18.4, not by TF-RMM
    # v0.9.0's RMI 2.0); realm-measure predicts from these.
    steps, pmu = expected_steps(n, rmi2, feat0 or 0)
    t.check_eq(f"{tag}.measure.steps", r["measure"], steps)
    if pmu:
        # B4.4.12 pmu_num_ctrs: the Realm sees that many counters.
        t.check(f"{tag}.pmu_counters", has(lines, f"[realm] PMCR_EL0.N: {pmu:#x} event counters"),
                "PMCR_EL0.N in the Realm is not pmu_num_ctrs")
    # DEN0137 B4.3.9 RMI_REALM_CREATE .. B4.3.8 RMI_REALM_ACTIVATE: every
    # RMI status was RMI_SUCCESS (the host prints "!!" for any other, and
    # those lines are failures of their own), and each step was reached.
    for step, text in [("realm_create", "[host] RMI_REALM_CREATE: RD at"),
                       ("init_ripas", "RMI_RTT_INIT_RIPAS: IPA"),
                       ("data_create", "[host] RMI_RTT_DATA_MAP_INIT:" if rmi2
                        else "[host] RMI_DATA_CREATE:"),
                       ("rec_create", "[host] RMI_REC_CREATE: REC at"),
                       ("activate", "[host] RMI_REALM_ACTIVATE: the Realm is ready"),
                       ("entered", f"[realm] Hello from Realm EL1, configuration {n:#x}."),
                       ("system_off", "[host] REC exit PSCI SYSTEM_OFF"),
                       ("destroyed", "[host] Destroyed: REC,")]:
        t.check(f"{tag}.step.{step}", has(lines, text), f"never saw {text!r}")

    # B5.3.10 RSI_VERSION(1.0): RSI_SUCCESS from an RMM implementing RSI 1.0.
    t.check(f"{tag}.rsi_version", has(lines, "[realm] RSI_VERSION(1.0): status 0x0,"),
            "RSI_VERSION(1.0) did not succeed")
    # B5.3.9 RSI_REALM_CONFIG: ipa_width is the Realm's S2SZ, hash_algo
    # and RPV are what RMI_REALM_CREATE was given (B4.4.12).
    want_rpv = bytes([rpv0]) + bytes(63)
    t.check_eq(f"{tag}.realm_config", r["config"], (realmlog.REALM_S2SZ, algo, want_rpv.hex()))

    # A7.1.1: the RIM the RMM computed while the host built the Realm is
    # the one predicted from the host's steps.
    try:
        _, pred, ref = realmlog.predict(r, realm_bin, os.path.join(t.BUILD, "e2e.realm", f"realm{n}"),
                                        os.path.join(TOOLS, "realm-measure"))
    except (OSError, RuntimeError, subprocess.CalledProcessError) as e:
        t.check(f"{tag}.predict", False, str(e))
        return None
    t.check_eq(f"{tag}.rim.size", len(r["rim"] or "") // 2, hsize)
    t.check_eq(f"{tag}.rim.predicted", r["rim"], pred.get("RIM"))
    # B5.3.7 RSI_MEASUREMENT_EXTEND(1, 32 bytes) then B5.3.8 READ(1): REM0.
    t.check_eq(f"{tag}.rem0.predicted", r["rem0"], pred.get("REM0"))

    # B5.3.5/B5.3.6: RIPAS RAM after RMI_RTT_INIT_RIPAS; RSI_IPA_STATE_SET
    # to EMPTY exits to the host (RIPAS_CHANGE), which accepts it with
    # RMI_RTT_SET_RIPAS; afterwards the page reads EMPTY.
    t.check(f"{tag}.ripas.ram", has(lines, "[realm] RSI_IPA_STATE_GET: my first image page is RAM, "
                                           "my spare scratch page is RAM"),
            "RIPAS was not RAM after RMI_RTT_INIT_RIPAS")
    t.check(f"{tag}.ripas.change_exit", has(lines, "[host] REC exit RIPAS_CHANGE 0x40017000..0x40018000 "
                                                   "to EMPTY"), "no RIPAS_CHANGE exit for the spare page")
    t.check(f"{tag}.ripas.empty", has(lines, "response ACCEPT, RIPAS now EMPTY"),
            "the spare page did not become EMPTY")
    # B5.3.4 RSI_HOST_CALL: the host's answer in gprs[0..3] reaches the Realm.
    b = realmlog.HOSTCALL_ECHO_BASE * n
    echo = " ".join(hex(b + i + 1) for i in range(4)) + f" {hex(b + 4)}"
    t.check(f"{tag}.host_call", has(lines, f"[realm] RSI_HOST_CALL(echo): status 0x0, gprs[0..4] {echo}"),
            "the host call did not round-trip")

    # B5.3.2/B5.3.1 attestation: the whole token reached the host.
    tok = bytes(r["token"])
    t.check(f"{tag}.token.complete", r["token_ok"] and r["token_len"] == len(tok) and len(tok) > 0,
            f"announced {r['token_len']} bytes, received {len(tok)}")
    t.check_eq(f"{tag}.realm_result", r["result"], "PASS")
    return tok, ref, pred


def check_token(tag, n, tok, ref):
    """A7.2: tools/cca-token verifies the Realm token's signature with its
    RAK, the binding to the platform token, and the claims against the
    reference values realm-measure wrote (RIM, REMs, RPV, hash algorithm)
    and the challenge the Realm gave."""
    tag = f"{tag}.realm{n}.token"
    path = os.path.join(t.BUILD, "e2e.realm", f"realm{n}", "token.cbor")
    with open(path, "wb") as f:
        f.write(tok)
    chal = realmlog.challenge(n).hex()
    rc, out, err = t.run_tool([os.path.join(TOOLS, "cca-token"), "--ref", ref, "--challenge", chal,
                               path])
    t.check(f"{tag}.verified", rc == 0 and "Realm token signature: verified" in out
            and "binding to the platform token: verified" in out, f"cca-token exit {rc}:\n{out}{err}")
    # The comparison can fail: another Realm's challenge is a mismatch.
    rc, _, _ = t.run_tool([os.path.join(TOOLS, "cca-token"), "--ref", ref, "--challenge",
                           realmlog.challenge(n + 7).hex(), path])
    t.check_eq(f"{tag}.wrong_challenge_rejected", rc, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rmm", default=os.environ.get("RMM", ""))
    args = ap.parse_args()
    tag = "e2e.realm"
    if not args.rmm:
        t.skip(tag, "no RMM image given (make check RMM=<TF-RMM v0.6.0-v0.9.0 image> "
               "TFA_SRC=<TF-A >= 2.13, >= 2.15 for v0.9.0>; docs/realms.md)")
        return t.finish()
    if not os.path.isfile(args.rmm):
        t.check(f"{tag}.image", False, f"RMM image {args.rmm} not found")
        return t.finish()

    host_dir = os.path.join(t.BUILD, "realm-host")
    r = subprocess.run(["make", "-s", "-C", os.path.join(t.TOP, "tests", "e2e", "realm-host"),
                        f"O={host_dir}"])
    if not t.check(f"{tag}.build_host", r.returncode == 0, "building tests/e2e/realm-host failed"):
        return t.finish()
    out = os.path.join(t.BUILD, "tfa", "realm")
    r = subprocess.run([os.path.join(t.TOP, "scripts", "build-tfa"),
                        f"BL33={os.path.join(host_dir, 'realm-host.bin')}", f"RMM={args.rmm}",
                        f"OUT={out}"])
    if not t.check(f"{tag}.build_tfa", r.returncode == 0, "scripts/build-tfa failed"):
        return t.finish()

    # Both Realms take seconds; a boot that hangs (an RMM stuck at R-EL2,
    # e.g. for a TF-A option it needs, docs/rmm.md) is cut off.
    rc, log = t.run_qemu(bootlog.demo_args(os.path.join(out, "flash.bin")), timeout=180)
    os.makedirs(os.path.join(t.BUILD, "e2e.realm"), exist_ok=True)
    with open(os.path.join(t.BUILD, "e2e.realm", "console.log"), "w") as f:
        f.write(log)
    t.check_eq(f"{tag}.qemu_exit", rc, 0)
    res = realmlog.parse(log)

    # TF-A reports a failed RMM boot (RMM_BOOT_COMPLETE with an error).
    m = re.search(r"RMM init failed: (-?\d+)", log)
    t.check(f"{tag}.rmm_boot", m is None,
            f"TF-A: 'RMM init failed: {m.group(1)}' (docs/rmm.md: which TF-A each TF-RMM needs)"
            if m else "")
    seen = bootlog.milestones(log)
    for key in ("rmm_init_end", "bl33"):
        words = [w for k, _, w in bootlog.MILESTONES if k == key][0]
        t.check(f"{tag}.milestone.{key}", key in seen,
                f"never saw: {words} (console: build/e2e.realm/console.log)")
    # B4.3.23 RMI_VERSION: RMI_SUCCESS when the RMM implements 1.0.
    v = res["rmi_version"]
    if v is None:
        t.check(f"{tag}.rmi_version", False, "the Realm host never called RMI_VERSION")
        return t.finish()
    # 1.0, or else 2.0 if that is what the RMM implements (then the host
    # asks for it: RMI_SUCCESS).
    rmi2 = v[0] != 0 and v[2][0] == 2
    if not t.check(f"{tag}.rmi_version", v[0] == 0 or (rmi2 and res["rmi2_status"] == 0),
                   f"RMI_VERSION(1.0) gave status {v[0]:#x}, the RMM implements RMI "
                   f"{v[1][0]}.{v[1][1]}..{v[2][0]}.{v[2][1]}, RMI_VERSION(2.0) gave "
                   f"{res['rmi2_status']}: the Realm host speaks RMI 1.0 and 2.0 (as TF-RMM "
                   "v0.6.0-v0.8.0 and v0.9.0 implement them)"):
        return t.finish()
    if rmi2:
        t.check(f"{tag}.rmm_activate", "[host] RMI_RMM_CONFIG_GET/SET, RMI_RMM_ACTIVATE: the RMM "
                "is active." in log, "RMI_RMM_ACTIVATE did not succeed")
    for i, ln in enumerate(res["failures"]):
        t.check(f"{tag}.unexpected.{i}", False, ln.strip())
    t.check_eq(f"{tag}.realms", [r["id"] for r in res["realms"]], [1, 2])

    realm_bin = os.path.join(host_dir, "realm", "realm.bin")
    preds = {}
    for r in res["realms"]:
        got = check_realm(tag, r, realm_bin, rmi2, res["feat0"])
        if got:
            tok, ref, pred = got
            preds[r["id"]] = pred.get("RIM")
            if tok:
                check_token(tag, r["id"], tok, ref)
    # Different images, hash algorithms and SVE give different RIMs.
    t.check(f"{tag}.rims_differ", len(set(preds.values())) == len(preds) == 2, f"{preds}")
    t.check_eq(f"{tag}.host_result", res["result"], "PASS")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
