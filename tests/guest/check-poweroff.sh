#!/bin/bash
# check-poweroff.sh - the Secure GPIO reset and power-off lines of
# -M virt,rme=on stop the CPU at once (the power-off line since "hw/arm/virt:
# Stop the CPUs when the secure power-off line is raised", on every
# secure=on virt machine; a reset request always did).
#
# Builds the suite with POWEROFF=1 (tests/poweroff.c: the harness
# self-tests, then tests that drive the lines TF-A PLAT=qemu uses for PSCI
# SYSTEM_RESET and SYSTEM_OFF and then print in a loop), runs it, and
# checks that:
#   - the reset line restarted the board with no output in between (the
#     next line is the harness's banner), and the restarted run passed;
#   - QEMU exited 0 (a guest power-off, not a timeout or a crash);
#   - the test announced the power-off;
#   - not one byte of output followed (DEN0022 5.10: SYSTEM_OFF does not
#     return): the test prints "still running" lines in a loop after the
#     power-off, and the harness would print a FAIL and a summary.
# Upstream QEMU serves the power-off later in its main loop; the CPU
# prints a few characters of those lines first.
#
# Usage: check-poweroff.sh   (QEMU=, TIMEOUT= as for run-qemu.sh; O= build dir)
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
o=${O:-$here/out-poweroff}
qemu=${QEMU:-$root/build/qemu/qemu-system-aarch64}
machine=${QEMU_MACHINE:-virt,rme=on}
timeout_s=${TIMEOUT:-60}

make -s -C "$here" O="$o" POWEROFF=1 || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
timeout --kill-after=10 "$timeout_s" "$qemu" \
    -M "$machine" -cpu max -smp 1 -m 1G \
    -display none -monitor none -serial stdio -nic none \
    -semihosting-config enable=on,target=native \
    -device loader,file="$o/guest-tests.elf",cpu-num=0 </dev/null >"$log" 2>&1
rc=$?

fail() {
    echo "FAIL guest.poweroff_line_stops_the_cpu: $*"
    echo "---- output (first 40 lines) ----"
    head -40 "$log"
    exit 1
}

[ "$rc" -ne 124 ] || fail "run timed out"
[ "$rc" -eq 0 ] || fail "QEMU exited $rc, not 0 (guest power-off)"
banner='^guest-tests on qemu-virt: entered at EL3$'
r=$(grep -n '^reset: driving Secure GPIO 1 low then high$' "$log" | cut -d: -f1)
[ -n "$r" ] || fail "the reset test did not reach the reset line"
[ "$(grep -c "$banner" "$log")" -eq 2 ] ||
    fail "the harness did not start exactly twice (once, then after the reset)"
sed -n "$((r + 1))p" "$log" | grep -q "$banner" ||
    fail "output between the reset line and the restart: $(sed -n "$((r + 1))p" "$log")"
grep -q '^PASS reset_line_restarts_the_board$' "$log" ||
    fail "the restarted board did not pass the reset test"
grep -q '^poweroff: driving Secure GPIO 0 low then high$' "$log" ||
    fail "the test did not reach the power-off"
# Every byte after that line is output of a CPU that should be off (even
# a part of a line: upstream's CPU gets a few characters out first).
after=$(sed -n '/^poweroff: driving Secure GPIO 0 low then high$/,$p' "$log" |
        tail -n +2 | wc -c)
[ "$after" -eq 0 ] ||
    fail "the CPU printed $after bytes after driving the power-off line"
echo "PASS guest.poweroff_line_stops_the_cpu"
