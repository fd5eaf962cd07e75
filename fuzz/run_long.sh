#!/usr/bin/env bash
# run_long.sh [CPU_HOURS]: a deep fuzzing campaign of CPU_HOURS (default 4,
# fractions allowed) CPU-hours in total, split evenly across every *_fuzzer,
# each run by JOBS (default 1) workers in libFuzzer's fork mode, which keeps
# going after a crash. A fuzzer's wall time is its share divided by JOBS.
#
# Seeds: the committed corpus fuzz/corpus/<fuzzer> (when there is one) and
# the build's seed corpus (the spec suite's modules). Each fuzzer keeps its
# corpus across campaigns in $CORPUS_ROOT/<fuzzer> (default
# ~/.cache/dytallix-fuzz), so coverage accumulates; every crash, leak or
# timeout input is kept in $CORPUS_ROOT/artifacts.
#
# Builds the fuzz preset first; BUILD_DIR=dir SKIP_BUILD=1 runs the fuzzers
# of an existing build instead. Ends with a table per fuzzer: CPU-seconds
# used, runs, exec/s, new corpus entries and findings (artifacts written).
# Exits 1 if any fuzzer found something.
set -euo pipefail
cd "$(dirname "$0")/.."
hours=${1:-4}
jobs=${JOBS:-1}
root=${CORPUS_ROOT:-$HOME/.cache/dytallix-fuzz}
build=${BUILD_DIR:-build/fuzz}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
  cmake --build --preset fuzz --target fuzz_corpus
fi
fuzzers=("$build"/fuzz/*_fuzzer)
mkdir -p "$root/artifacts"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# Whole seconds of wall time per fuzzer, at least 1.
total=$(awk -v h="$hours" 'BEGIN { printf "%d", h * 3600 }')
wall=$(( total / (${#fuzzers[@]} * jobs) ))
[ "$wall" -ge 1 ] || wall=1
echo "=== $hours CPU-hours: ${#fuzzers[@]} fuzzers x $jobs job(s) x ${wall}s"

rows=()
found=0
for fuzzer in "${fuzzers[@]}"; do
  name=$(basename "$fuzzer")
  corpus="$root/$name"
  mkdir -p "$corpus"
  seeds=("$build/fuzz/seeds")
  [ -d "fuzz/corpus/$name" ] && seeds+=("fuzz/corpus/$name")
  before=$(find "$corpus" -type f | wc -l)
  stamp="$logs/$name.stamp"
  touch "$stamp"
  echo "=== $(date -u +%FT%TZ) $name for ${wall}s (corpus $corpus)"
  /usr/bin/time -f '%U %S' -o "$logs/$name.time" \
    "$fuzzer" "$corpus" "${seeds[@]}" -max_total_time="$wall" \
    -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="$root/artifacts/$name-" >"$logs/$name.log" 2>&1 || true
  # The fork-mode driver's last status line:
  # "#RUNS: cov: C ft: F corp: N exec/s E oom/timeout/crash: ... time: T".
  last=$(grep -E '^#[0-9]+: cov:' "$logs/$name.log" | tail -n 1 || true)
  runs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
  speed=$(sed -E 's/.* exec\/s ([0-9]+).*/\1/' <<<"$last")
  cpu=$(awk '{ printf "%d", $1 + $2 }' "$logs/$name.time")
  after=$(find "$corpus" -type f | wc -l)
  findings=$(find "$root/artifacts" -name "$name-*" -newer "$stamp" -type f |
             wc -l)
  found=$((found + findings))
  rows+=("$(printf '%-24s %10s %12s %8s %11s %9s' "$name" "$cpu" \
    "${runs:-?}" "${speed:-?}" "$((after - before))" "$findings")")
done

echo
printf '%-24s %10s %12s %8s %11s %9s\n' fuzzer cpu-s runs exec/s new-corpus \
  findings
printf '%s\n' "${rows[@]}"
echo "campaign over: $found finding(s) in $root/artifacts"
[ "$found" -eq 0 ]
