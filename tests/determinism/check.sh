#!/usr/bin/env bash
# Determinism across builds: runs programs.wat's exports through
# `dytallix run` (contract profile, metered) at several gas limits and prints
# each case's stdout, stderr (gas used, trap) and exit status in one canonical
# text; compares it with expected.txt, recorded from the gcc release build.
# Every build in CI (gcc release, clang asan) must print exactly the same.
# usage: check.sh DYTALLIX WAT2WASM [--print]   (--print: output only)
set -uo pipefail
dytallix=$1 wat2wasm=$2 mode=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$wat2wasm" "$here/programs.wat" -o "$work/p.wasm" || exit 1

# run GAS EXPORT ARGS...
run() {
  local gas=$1
  shift
  local status
  "$dytallix" run "$work/p.wasm" --gas "$gas" --invoke "$@" \
    >"$work/out" 2>"$work/err"
  status=$?
  echo "== gas=$gas $*"
  cat "$work/out" "$work/err"
  echo "status $status"
}

{
  for gas in 100000000 20 5; do
    run "$gas" alu 123456789 -987654321
    run "$gas" alu64 0x7fffffffffffffff 3
  done
  run 1000 div 7 -2
  run 1000 div -2147483648 -1
  run 1000 div 1 0
  run 1000 floats 2.5 -1e300
  run 1000 floats -0 0.25
  run 1000 nan32
  run 1000 nan_payload nan:0x7fa00001
  run 1000 nan64 inf
  run 1000 minmax -0 0
  run 1000 minmax nan:0x7fc00000 1
  run 1000 trunc 2147483647.9
  run 1000 trunc 2147483648
  run 1000 trunc_sat -5.5
  run 1000 trunc_sat 1e30
  for gas in 100000 2000 300 2; do
    run "$gas" mem 200
  done
  run 1000 oob 65533
  run 100000 oob 200000
  for gas in 100000 200 30; do
    run "$gas" bulk
  done
  for gas in 10000000 100000 1000 50; do
    run "$gas" fib 15
  done
  run 1000 indirect 0 9
  run 1000 indirect 1 10
  run 1000 indirect 3 1
  run 1000 indirect 9 1
  run 100000000 deep 0
  run 1000 deep 0
  for gas in 1000000 10000 1002 1001 999 10; do
    run "$gas" count 100
  done
  for gas in 1 1000 123457; do
    run "$gas" spin
  done
  run 1000 boom
} >"$work/actual"

if [ "$mode" = "--print" ]; then
  cat "$work/actual"
  exit 0
fi
if ! diff -u "$here/expected.txt" "$work/actual"; then
  echo "FAIL: output differs from tests/determinism/expected.txt"
  exit 1
fi
echo "ok: $(grep -c '^==' "$work/actual") cases match expected.txt"
