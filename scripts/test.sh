#!/usr/bin/env bash
# The whole test suite: release build + all tests, the asan-ubsan build + all
# tests, the tsan build of the concurrency and block tests, then every fuzzer for a
# bounded time (FUZZ_SECONDS, default 60).
# Ends with one line: "total: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
[ "${SKIP_INSTALL:-0}" = 1 ] || scripts/install-deps.sh || exit 1
fuzz_seconds=${FUZZ_SECONDS:-60}
passed=0
failed=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# run_ctest PRESET: configure, build and test one preset, adding its counts.
run_ctest() {
  local preset=$1
  echo "=== $preset: configure and build"
  if ! { cmake --preset "$preset" >/dev/null && cmake --build --preset "$preset"; }; then
    echo "=== $preset: BUILD FAILED"
    failed=$((failed + 1))
    return
  fi
  echo "=== $preset: tests"
  ctest --preset "$preset" -j2 2>&1 | tee "$logs/$preset.log"
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$logs/$preset.log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "=== $preset: no ctest summary"
    failed=$((failed + 1))
    return
  fi
  local bad total
  bad=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$line")
  passed=$((passed + total - bad))
  failed=$((failed + bad))
}

# run_fuzzers: build the fuzz preset and run each fuzzer for fuzz_seconds.
run_fuzzers() {
  echo "=== fuzz: configure and build"
  if ! { cmake --preset fuzz >/dev/null && cmake --build --preset fuzz &&
         cmake --build --preset fuzz --target fuzz_corpus; }; then
    echo "=== fuzz: BUILD FAILED"
    failed=$((failed + 1))
    return
  fi
  local dir=build/fuzz/fuzz
  for fuzzer in "$dir"/*_fuzzer; do
    local name corpus seeds
    name=$(basename "$fuzzer")
    corpus="$dir/corpus/$name"
    mkdir -p "$corpus"
    # The spec suite's modules, plus the committed minimized corpus if any.
    seeds=("$dir/seeds")
    [ -d "fuzz/corpus/$name" ] && seeds+=("fuzz/corpus/$name")
    echo "=== fuzz: $name for ${fuzz_seconds}s"
    if "$fuzzer" "$corpus" "${seeds[@]}" -max_total_time="$fuzz_seconds" \
        -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$dir/$name-" 2>"$logs/$name.log"; then
      grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec' "$logs/$name.log" || true
      echo "$name: passed"
      passed=$((passed + 1))
    else
      tail -n 60 "$logs/$name.log"
      echo "$name: FAILED (artifacts in $dir)"
      failed=$((failed + 1))
    fi
  done
}

run_ctest release
run_ctest asan-ubsan
run_ctest tsan
run_fuzzers
echo
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
