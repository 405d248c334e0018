#!/bin/bash
# run-diff.sh - differential test of QEMU's granule protection check
# against the reference GPT walker, one QEMU per L0GPTSZ.
#
# Usage: run-diff.sh [options] [check|long]
#
#   check          >= 10,000 cases in total (default): 2,500 per L0GPTSZ,
#                  plus 13 fatal cases per L0GPTSZ (fatal.py)
#   long           4,000,000 cases in total: 1,000,000 per L0GPTSZ,
#                  each split into --chunks runs (disjoint layout ranges),
#                  plus 130 fatal cases per L0GPTSZ
#
# Options:
#   --elf FILE       test image (default: build it into build/diff with
#                    make -C tests/diff)
#   --qemu FILE      QEMU binary (default build/qemu/qemu-system-aarch64,
#                    or $QEMU)
#   --seed N         PRNG seed (default 1, or $DIFF_SEED)
#   --cases N        cases per L0GPTSZ (overrides check/long)
#   --fatal N        fatal cases per L0GPTSZ (0: none; see fatal.py)
#   --sizes "LIST"   L0GPTSZ values in bits (default "30 34 36 39")
#   --jobs N         QEMUs run at once (default: number of CPUs)
#   --chunks N       runs per L0GPTSZ (default 1 for check, 4 for long)
#   --timeout S      seconds per QEMU run (default 120 check, 1800 long)
#   --first-layout N start at layout N (layouts are independent)
#   --only-layout N  run layout N alone (with --verbose: a reproducer)
#   --verbose        print every layout and case before it runs
#   --avoid-pps-le-l0  do not generate PPS <= L0GPTSZ (for a QEMU without
#                    the fix for that abort); printed in the output
#   --unsafe-gptbr   also set GPTBR_EL3[51:40] (RES0); a QEMU that uses
#                    those bits faults every access and hangs the run
#   --no-mmu         no probes through stage 1 windows
#   --scr-ea         run lower ELs with SCR_EL3.EA = 1 and expect External
#                    aborts at EL3 (QEMU 10.2 takes them at EL1/EL2)
#   --machine M      -M value (default virt,rme=on,secure-ram-size=S); for
#                    a QEMU without rme=on: virt,secure=on,virtualization=on
#                    with --cpu-extra x-rme=on and --secure-ram-size 16M
#   --cpu-extra P    extra -cpu max properties (comma-separated)
#   --secure-ram-size S  Secure RAM size the guest assumes (default
#                    0x7f0000, also passed as secure-ram-size= by default)
#   --no-selfcheck   skip the run with injected wrong expectations (by
#                    default one 2,000-case run checks that they are caught)
#   --max-print N    mismatches printed in full per run (default 30)
#   --logdir DIR     keep every run's output there (default: a temp dir,
#                    removed unless a run fails)
#
# Output: one line per L0GPTSZ for the test runner,
#   PASS diff.l0gptsz<N>: <cases> cases
#   FAIL diff.l0gptsz<N>: <M> mismatches        (or why the run failed)
# followed for a FAIL by the mismatch classes summed over its runs and the
# first mismatches in full; then "PASS/FAIL diff.selfcheck", the
# "PASS/FAIL fatal.l0gptsz<N>" lines of fatal.py, and "N passed, N failed".
# Exit status 0 iff every line passed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

mode=check
elf=
qemu=${QEMU:-$root/build/qemu/qemu-system-aarch64}
seed=${DIFF_SEED:-1}
cases=
fatal=
sizes="30 34 36 39"
jobs=$(nproc 2>/dev/null || echo 2)
chunks=
timeout_s=
first_layout=0
flags=0
max_print=30
logdir=
keep_logs=0
selfcheck=
secure_ram=0x7f0000     # DIFF_SECURE_RAM_SIZE in diffmap.h
machine=
cpu_extra=

while [ $# -gt 0 ]; do
    case $1 in
        check|long) mode=$1 ;;
        --elf) elf=$2; shift ;;
        --qemu) qemu=$2; shift ;;
        --seed) seed=$2; shift ;;
        --cases) cases=$2; shift ;;
        --fatal) fatal=$2; shift ;;
        --sizes) sizes=$2; shift ;;
        --jobs) jobs=$2; shift ;;
        --chunks) chunks=$2; shift ;;
        --timeout) timeout_s=$2; shift ;;
        --first-layout) first_layout=$2; shift ;;
        --only-layout) first_layout=$2; flags=$((flags | 16)); shift ;;
        --verbose) flags=$((flags | 1)) ;;
        --unsafe-gptbr) flags=$((flags | 2)) ;;
        --avoid-pps-le-l0) flags=$((flags | 4)) ;;
        --no-mmu) flags=$((flags | 8)) ;;
        --scr-ea) flags=$((flags | 32)) ;;
        --max-print) max_print=$2; shift ;;
        --no-selfcheck) selfcheck=0 ;;
        --machine) machine=$2; shift ;;
        --cpu-extra) cpu_extra=,$2; shift ;;
        --secure-ram-size) secure_ram=$2; shift ;;
        --logdir) logdir=$2; keep_logs=1; shift ;;
        -h|--help) sed -n '2,/^set -u/p' "$0" | sed 's/^# \{0,1\}//;$d'; exit 0 ;;
        *) echo "run-diff.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

case $mode in
    check) : "${cases:=2500}" "${chunks:=1}" "${timeout_s:=120}" "${fatal:=13}" ;;
    long)  : "${cases:=1000000}" "${chunks:=4}" "${timeout_s:=1800}" "${fatal:=130}" ;;
esac
if [ $((flags & 16)) -ne 0 ]; then
    chunks=1
    fatal=0
    selfcheck=0
fi
: "${selfcheck:=1}"

case $secure_ram in
    *[Mm]) secure_ram=$(( ${secure_ram%[Mm]} * 1024 * 1024 )) ;;
    *[Kk]) secure_ram=$(( ${secure_ram%[Kk]} * 1024 )) ;;
esac
: "${machine:=virt,rme=on,secure-ram-size=$((secure_ram))}"

if [ ! -x "$qemu" ]; then
    echo "run-diff.sh: QEMU binary not found: $qemu (set QEMU= or --qemu)" >&2
    exit 1
fi
if [ -z "$elf" ]; then
    elf=$root/build/diff/gpt-diff.elf
    make -s -C "$here" O="$root/build/diff" >&2 || {
        echo "run-diff.sh: building the test image failed" >&2
        exit 1
    }
fi
if [ ! -f "$elf" ]; then
    echo "run-diff.sh: test image not found: $elf" >&2
    exit 1
fi
if [ -z "$logdir" ]; then
    logdir=$(mktemp -d "${TMPDIR:-/tmp}/gpt-diff.XXXXXX")
else
    mkdir -p "$logdir"
fi

# One QEMU: run_one <name> <l0gptsz> <chunk> <cases> <first_layout> <flags>
run_one() {
    local name=$1 sz=$2 chunk=$3 n=$4 first=$5 fl=$6
    local log=$logdir/$name.$chunk.log
    local params=(0x3146464944545047 "$seed" "$n" "$first" "$fl"
                  "$secure_ram" "$max_print" 0)
    local loaders=() i rc start end

    # progress lines: about 10 per run
    params[7]=$(( n >= 10000 ? n / 10 : 0 ))
    for i in "${!params[@]}"; do
        loaders+=(-device "loader,addr=$((0x40180000 + 8 * i)),data=${params[$i]},data-len=8")
    done
    {
        echo "# $name l0gptsz=$sz chunk=$chunk cases=$n first_layout=$first seed=$seed flags=$fl"
        start=$(date +%s.%N)
        timeout --kill-after=10 "$timeout_s" "$qemu" \
            -M "$machine" -cpu "max,x-l0gptsz=$sz$cpu_extra" -smp 1 -m 1G \
            -display none -monitor none -serial stdio -nic none \
            -semihosting-config enable=on,target=native \
            "${loaders[@]}" \
            -device "loader,file=$elf,cpu-num=0" </dev/null 2>&1
        rc=$?
        end=$(date +%s.%N)
        echo "# exit $rc, $(echo "$end - $start" | bc) s"
    } > "$log"
}

spawn() {
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n
    done
    run_one "$@" &
}

# Schedule every (size, chunk) run, at most $jobs at once.  The layout
# ranges of the chunks are disjoint (layouts are independent).
first_chunk_cases=$(( (cases + chunks - 1) / chunks ))
names=()
t0=$(date +%s)
for sz in $sizes; do
    names+=("l0gptsz$sz")
    left=$cases
    for ((c = 0; c < chunks; c++)); do
        n=$(( left < first_chunk_cases ? left : first_chunk_cases ))
        left=$(( left - n ))
        [ "$n" -gt 0 ] || continue
        spawn "l0gptsz$sz" "$sz" "$c" "$n" $(( first_layout + c * 100000000 )) "$flags"
    done
done
# Self-check: the same comparison with 1 in 97 expectations corrupted
# must report at least that many mismatches.
if [ "$selfcheck" -eq 1 ]; then
    set -- $sizes
    spawn selfcheck "$1" 0 2000 "$first_layout" $(( flags | 128 ))
fi
wait
t1=$(date +%s)

# Sum of the mismatch classes over a size's chunks, biggest first.
classes() {
    sed -n 's/^mismatch class [0-9]*: \(.*\): \([0-9]*\) cases, first case \([0-9]*\)$/\2\t\3\t\1/p' \
        "$@" | awk -F'\t' '{ n[$3] += $1; if (!($3 in f)) f[$3] = $2 }
            END { for (k in n) printf "%d\t%s (first case %s)\n", n[k], k, f[k] }' |
        sort -rn | sed 's/^\([0-9]*\)\t/    \1 x /'
}

passed=0
failed=0
total_cases=0
for name in "${names[@]}" ${selfcheck:+selfcheck}; do
    [ "$name" != selfcheck ] || [ "$selfcheck" -eq 1 ] || continue
    ok=1 ncases=0 nmis=0 ninj=0 why= secs=0
    logs=("$logdir/$name".*.log)
    for log in "${logs[@]}"; do
        [ -f "$log" ] || continue
        rc=$(sed -n 's/^# exit \([0-9]*\),.*/\1/p' "$log")
        s=$(sed -n 's/^# exit [0-9]*, \([0-9.]*\) s/\1/p' "$log")
        secs=$(echo "$secs + ${s:-0}" | bc)
        line=$(grep -E '^diff: [0-9]+ cases, [0-9]+ mismatches' "$log" | tail -n 1)
        inj=$(sed -n 's/^diff: self-check: \([0-9]*\) wrong.*/\1/p' "$log")
        ninj=$((ninj + ${inj:-0}))
        if [ -n "$line" ]; then
            c=$(echo "$line" | sed 's/^diff: \([0-9]*\) cases.*/\1/')
            m=$(echo "$line" | sed 's/.* \([0-9]*\) mismatches.*/\1/')
            ncases=$((ncases + c))
            nmis=$((nmis + m))
            if grep -q 'generator errors' "$log"; then
                ok=0; why="${why:+$why; }generator errors ($(basename "$log"))"
            fi
            if [ "$m" -eq 0 ] && [ "$rc" != 0 ]; then
                ok=0; why="${why:+$why; }QEMU exit $rc ($(basename "$log"))"
            fi
        else
            ok=0
            case $rc in
                124|137) r="timeout after ${timeout_s}s" ;;
                134) r="QEMU aborted (SIGABRT)" ;;
                *) r="QEMU exit $rc, no summary" ;;
            esac
            last=$(grep -E '^(progress|LAYOUT|CASE)' "$log" | tail -n 1)
            why="${why:+$why; }$r ($(basename "$log")${last:+, last: $last})"
        fi
    done
    if [ "$name" = selfcheck ]; then
        if [ "$ok" -eq 1 ] && [ "$ninj" -gt 0 ] && [ "$nmis" -ge "$ninj" ]; then
            passed=$((passed + 1))
            echo "PASS diff.selfcheck: $nmis mismatches reported for $ninj injected errors"
        else
            failed=$((failed + 1))
            keep_logs=1
            echo "FAIL diff.selfcheck: $nmis mismatches reported for $ninj injected errors${why:+ - $why}"
        fi
        continue
    fi
    [ "$nmis" -eq 0 ] || ok=0
    total_cases=$((total_cases + ncases))
    if [ "$ok" -eq 1 ]; then
        passed=$((passed + 1))
        echo "PASS diff.$name: $ncases cases"
    else
        failed=$((failed + 1))
        keep_logs=1
        echo "FAIL diff.$name: $nmis mismatches${why:+ - $why}"
        echo "    in $ncases cases; mismatch classes (requester ss>pas, expected, got):"
        classes "${logs[@]}"
        grep -h -A4 -m 2 '^MISMATCH' "${logs[0]}" | sed 's/^/    /'
    fi
done
echo "diff: $total_cases cases in $((t1 - t0)) s (seed $seed), logs in $logdir"

if [ "$fatal" -gt 0 ]; then
    fargs=(--elf "$elf" --qemu "$qemu" --seed "$seed" --sizes "$sizes"
           --cases "$fatal" --first-layout "$first_layout" --jobs "$jobs"
           --secure-ram "$secure_ram" --machine "${machine//%/%%}")
    [ -n "$cpu_extra" ] && fargs+=(--cpu-extra "$cpu_extra")
    [ $((flags & 4)) -ne 0 ] && fargs+=(--avoid-pps-le-l0)
    t0=$(date +%s)
    python3 "$here/fatal.py" "${fargs[@]}" > "$logdir/fatal.log" 2>&1
    t1=$(date +%s)
    grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$logdir/fatal.log"
    p=$(grep -c '^PASS ' "$logdir/fatal.log")
    f=$(grep -c '^FAIL ' "$logdir/fatal.log")
    if [ $((p + f)) -eq 0 ]; then
        echo "FAIL fatal: fatal.py did not run (see $logdir/fatal.log)"
        f=1
    fi
    [ "$f" -eq 0 ] || keep_logs=1
    passed=$((passed + p))
    failed=$((failed + f))
    echo "fatal: $fatal cases per L0GPTSZ in $((t1 - t0)) s"
fi
[ "$keep_logs" -eq 1 ] || rm -rf "$logdir"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
