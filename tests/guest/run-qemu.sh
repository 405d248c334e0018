#!/bin/bash
# run-qemu.sh - run the guest suite on QEMU and judge the result.
#
# Usage: run-qemu.sh [ELF] [extra QEMU args...]
#
#   ELF          default: tests/guest/out/guest-tests.elf
#   QEMU         QEMU binary (default: build/qemu/qemu-system-aarch64 under
#                the repository root)
#   QEMU_MACHINE machine option (default: virt,rme=on)
#   QEMU_CPU     CPU option (default: max)
#   TIMEOUT      seconds before the run is killed and failed (default 120)
#   DMA_DEVICE   the PCIe DMA test device the SMMU tests drive (default
#                -device rme-dma-test,addr=0x2; empty: none)
#   SMP          number of PEs (default 1); with 2, CPU 1 also starts at the
#                image's entry and serves the tests of broadcast operations
#   GUEST_ARGS   NAME=VALUE words the guest reads with semihosting
#                SYS_GET_CMDLINE (platform_arg()): what the run expects of a
#                configurable CPU, e.g. sve-retain=on
#
# The image is loaded with QEMU's generic loader, which also sets CPU 0's
# PC to the ELF entry; the CPU starts at EL3 in AArch64 because EL3 is
# enabled (secure=on).  The guest ends the run through semihosting
# SYS_EXIT with its exit code.
#
# Exit status: 0 only if QEMU exited 0 and the output has the summary line
# "N passed, 0 failed" (possibly followed by ", N skipped"); 124 on
# timeout; otherwise QEMU's status or 1.
#
# Several GPCCR_EL3.L0GPTSZ values (RO, fixed by the CPU model):
#   for n in 30 34 36 39; do
#       QEMU_MACHINE=virt,rme=on QEMU_CPU=max,x-l0gptsz=$n run-qemu.sh
#   done
# (make -C tests/guest run-l0gptsz does exactly that.)
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

elf=${1:-$here/out/guest-tests.elf}
[ $# -gt 0 ] && shift

qemu=${QEMU:-$root/build/qemu/qemu-system-aarch64}
machine=${QEMU_MACHINE:-virt,rme=on}
cpu=${QEMU_CPU:-max}
timeout_s=${TIMEOUT:-120}
dma_device=${DMA_DEVICE--device rme-dma-test,addr=0x2}
smp=${SMP:-1}

if [ ! -x "$qemu" ]; then
    echo "run-qemu.sh: QEMU binary not found: $qemu (set QEMU=)" >&2
    exit 1
fi
if [ ! -f "$elf" ]; then
    echo "run-qemu.sh: test image not found: $elf (run make first)" >&2
    exit 1
fi

# SMP=2: CPU 1 starts at the image's entry too (the loader sets its PC);
# start.S parks it for the tests of broadcast operations (smp.c).
smp_args=()
if [ "$smp" != 1 ]; then
    entry=$(od -An -t x8 -j 24 -N 8 "$elf" | tr -d ' ')
    smp_args=(-device "loader,addr=0x$entry,cpu-num=1")
fi

semi_args=
for a in ${GUEST_ARGS:-}; do
    semi_args="$semi_args,arg=$a"
done

out=$(mktemp)
trap 'rm -f "$out"' EXIT

# -nic none: the suite needs no network.
# -serial stdio, no monitor: stdout carries only the guest's UART.
timeout --kill-after=10 "$timeout_s" "$qemu" \
    -M "$machine" -cpu "$cpu" -smp "$smp" -m 1G \
    -display none -monitor none -serial stdio -nic none \
    -semihosting-config "enable=on,target=native$semi_args" \
    -device loader,file="$elf",cpu-num=0 \
    "${smp_args[@]}" $dma_device "$@" </dev/null | tee "$out"
rc=${PIPESTATUS[0]}

if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "run-qemu.sh: TIMEOUT after ${timeout_s}s" >&2
    exit 124
fi
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
if [ -z "$summary" ]; then
    echo "run-qemu.sh: no summary line in the output (QEMU exit $rc)" >&2
    last=$(grep -E '^(PASS|FAIL|SKIP) ' "$out" | tail -n 1)
    if [ -n "$last" ]; then
        echo "run-qemu.sh: the run stopped in the test after: $last" >&2
    fi
    exit $(( rc ? rc : 1 ))
fi
if [ "$rc" -ne 0 ]; then
    exit "$rc"
fi
case $summary in
    *" 0 failed"*) exit 0 ;;
    *) exit 1 ;;
esac
