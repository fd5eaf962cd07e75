#!/usr/bin/env bash
# The CLI is two programs (tools/cli_main.h): `dytallix` runs inspect and run
# itself, with no RocksDB linked in, and starts dytallix-state, from its own
# directory, for the commands that use a state database.
# usage: split_test.sh DYTALLIX DYTALLIX_STATE WAT2WASM
set -uo pipefail
dytallix=$1 dytallix_state=$2 wat2wasm=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# RocksDB's code names itself throughout; the state program has it.
if grep -q -a -i rocksdb "$dytallix"; then
  fail "dytallix links RocksDB"
fi
if ! grep -q -a -i rocksdb "$dytallix_state"; then
  fail "this test's marker (the text 'rocksdb') is not in dytallix-state"
fi

echo '(module (func (export "f") (result i32) (i32.const 7)))' >"$work/m.wat"
"$wat2wasm" "$work/m.wat" -o "$work/m.wasm" || exit 1

# Beside its state program, dytallix hands a state command over with every
# argument: the state program's own usage error comes back.
out=$("$dytallix" events --no-such-option 2>&1)
status=$?
[ "$status" = 1 ] || fail "events via dytallix: status $status"
case $out in
*"dytallix events: unknown option --no-such-option"*) ;;
*) fail "events via dytallix: $out" ;;
esac

# Alone, dytallix still runs modules, and a state command fails clearly.
mkdir "$work/alone"
cp "$dytallix" "$work/alone/dytallix"
out=$("$work/alone/dytallix" run "$work/m.wasm" --invoke f 2>/dev/null)
[ "$out" = "i32:7" ] || fail "run alone: '$out'"
out=$("$work/alone/dytallix" deploy "$work/m.wasm" --db "$work/db" 2>&1)
status=$?
[ "$status" = 1 ] || fail "deploy alone: status $status"
case $out in
*"the 'deploy' command runs in $work/alone/dytallix-state, which could not be started: No such file or directory"*) ;;
*) fail "deploy alone: $out" ;;
esac
[ ! -e "$work/db" ] || fail "deploy alone created the store"

# The state program runs every command itself, run included.
out=$("$dytallix_state" run "$work/m.wasm" --invoke f 2>/dev/null)
[ "$out" = "i32:7" ] || fail "dytallix-state run: '$out'"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "split: all passed"
