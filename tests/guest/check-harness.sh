#!/bin/bash
# check-harness.sh - prove the harness reports failures.
#
# Builds the suite with NEGATIVE=1 (tests/negative.c: tests that must
# fail in every way the harness knows: assertion, missing expected
# exception, unexpected exception at EL3/EL2/EL1, abort through a
# trapped SMC, a GPC exception with GPC left on), runs it with
# run-qemu.sh, and checks that:
#   - every negative_* test printed FAIL and after_negative_state_is_clean
#     printed PASS (the run went on, and state was reset between tests);
#   - skip_is_reported printed SKIP;
#   - the summary line counts the PASS, FAIL (and SKIP) lines exactly;
#   - the run's exit status is non-zero.
# That build holds only the harness self-tests and tests/negative.c.
#
# Usage: check-harness.sh   (QEMU=, TIMEOUT= as for run-qemu.sh; O= build dir)
set -u

here=$(cd "$(dirname "$0")" && pwd)
o=${O:-$here/out-negative}

make -s -C "$here" O="$o" NEGATIVE=1 || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$here/run-qemu.sh" "$o/guest-tests.elf" >"$log" 2>&1
rc=$?

fail() {
    echo "FAIL guest.harness_reports_failures: $*"
    echo "---- output ----"
    cat "$log"
    exit 1
}

[ "$rc" -ne 0 ] || fail "run exited 0 although tests failed"
[ "$rc" -ne 124 ] || fail "run timed out"

names=$(sed -n 's/^TEST(\(negative_[a-z0-9_]*\)).*/\1/p' "$here/tests/negative.c")
[ -n "$names" ] || fail "no negative tests found"
for n in $names; do
    grep -q "^FAIL $n: " "$log" || fail "$n did not FAIL"
done
grep -qx "PASS after_negative_state_is_clean" "$log" ||
    fail "after_negative_state_is_clean did not PASS"
grep -q "^SKIP skip_is_reported: " "$log" ||
    fail "skip_is_reported did not SKIP"

n_pass=$(grep -c '^PASS ' "$log")
n_fail=$(grep -c '^FAIL ' "$log")
n_skip=$(grep -c '^SKIP ' "$log")
want="$n_pass passed, $n_fail failed"
[ "$n_skip" -eq 0 ] || want="$want, $n_skip skipped"
grep -qx "$want" "$log" ||
    fail "summary does not match $n_pass PASS, $n_fail FAIL and $n_skip SKIP lines"

echo "PASS guest.harness_reports_failures ($(echo $names | wc -w) negative" \
     "tests failed as they must; their run summarised \"$want\")"
