#!/usr/bin/env bash
# bench.sh [RUNS]: launch-to-first-frame and idle memory of gateway-doctor
# against the minimal Fyne window, both built the same way (go build, cgo),
# alternated RUNS times under one Xvfb inside an isolated network namespace.
# Prints the median of each and the ratios (goal: ≤1.3× and ≤1.2×).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
runs=${1:-7}
if [[ ${BENCH_INNER:-} != 1 ]]; then
  (cd "$root" && go build -o build/gateway-doctor ./cmd/gateway-doctor && go build -o build/minimal ./ui/internal/minimal)
  export BENCH_INNER=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "${ISOLATED:-$root/../shared/tools/isolated}" "$0" "$runs"
fi
# idleSeconds: how long a window sits before its memory is read; Go's
# scavenger returns freed start-up memory within a few seconds.
idleSeconds=5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LANG=en_US.UTF-8 FYNE_SCALE=1 NO_AT_BRIDGE=1
measure() { # measure NAME CMD...: prints "ms kb"
  local name=$1; shift
  export HOME=$(mktemp -d -p "$tmp")
  GD_BENCH_T0=$(date +%s%N) "$@" 2>"$tmp/err" &
  local pid=$!
  for _ in $(seq 200); do grep -q first_frame_ms "$tmp/err" && break; sleep 0.05; done
  sleep $idleSeconds
  local kb ms
  kb=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
  ms=$(sed -n 's/^first_frame_ms=//p' "$tmp/err")
  kill $pid; wait $pid 2>/dev/null || true
  echo "$ms $kb" >>"$tmp/$name"
}
for i in $(seq "$runs"); do
  measure minimal "$root/build/minimal"
  measure app "$root/build/gateway-doctor" --profile "$root/ui/internal/shotlab/lab.toml"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for n in minimal app; do
  ms=$(cut -d' ' -f1 "$tmp/$n" | median); kb=$(cut -d' ' -f2 "$tmp/$n" | median)
  echo "$n: first frame ${ms} ms, idle RSS ${kb} KiB (median of $runs; runs: $(tr '\n' ';' <"$tmp/$n"))"
  eval "${n}_ms=$ms ${n}_kb=$kb"
done
awk -v a="$app_ms" -v m="$minimal_ms" -v ak="$app_kb" -v mk="$minimal_kb" \
  'BEGIN {printf "ratio: first frame %.2fx (goal <= 1.3), idle RSS %.2fx (goal <= 1.2)\n", a/m, ak/mk}'
