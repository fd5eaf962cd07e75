#!/usr/bin/env bash
# run_long.sh [HOURS]: a deep fuzzing campaign. Builds the fuzz preset and the
# seed corpus, then runs every *_fuzzer in turn, SLICE_SECONDS at a time
# (default 1800), until HOURS (default 4) have passed. Each fuzzer keeps its
# corpus across runs and campaigns in $CORPUS_ROOT/<fuzzer> (default
# ~/.cache/dytallix-fuzz), so coverage accumulates. JOBS (default 1) parallel
# workers per fuzzer, in libFuzzer's fork mode, which keeps going after a
# crash; every crash, leak or timeout input is kept in $CORPUS_ROOT/artifacts.
# Exits 1 if any artifact was written during this campaign.
set -euo pipefail
cd "$(dirname "$0")/.."
hours=${1:-4}
slice=${SLICE_SECONDS:-1800}
jobs=${JOBS:-1}
root=${CORPUS_ROOT:-$HOME/.cache/dytallix-fuzz}
build=build/fuzz

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
cmake --build --preset fuzz --target fuzz_corpus
mkdir -p "$root/artifacts"
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT

end=$(($(date +%s) + hours * 3600))
while [ "$(date +%s)" -lt "$end" ]; do
  for fuzzer in "$build"/fuzz/*_fuzzer; do
    name=$(basename "$fuzzer")
    left=$((end - $(date +%s)))
    [ "$left" -gt 0 ] || break
    seconds=$((left < slice ? left : slice))
    mkdir -p "$root/$name"
    echo "=== $(date -u +%FT%TZ) $name for ${seconds}s (corpus $root/$name)"
    "$fuzzer" "$root/$name" "$build/fuzz/seeds" -max_total_time="$seconds" \
      -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
      -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$root/artifacts/$name-" 2>&1 | tail -n 8 || true
  done
done

found=$(find "$root/artifacts" -type f -newer "$stamp" | wc -l)
echo "campaign over: $found new artifact(s) in $root/artifacts"
[ "$found" -eq 0 ]
