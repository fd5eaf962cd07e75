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
# shellcheck source=check.sh
. "$(dirname "$0")/check.sh"

# RocksDB's code names itself throughout; the state program has it.
if grep -q -a -i rocksdb "$dytallix"; then
  echo "FAIL dytallix links RocksDB"
  failures=$((failures + 1))
fi
if ! grep -q -a -i rocksdb "$dytallix_state"; then
  echo "FAIL this test's marker (the text 'rocksdb') is not in dytallix-state"
  failures=$((failures + 1))
fi

echo '(module (func (export "f") (result i32) (i32.const 7)))' >"$work/m.wat"
"$wat2wasm" "$work/m.wat" -o "$work/m.wasm" || exit 1

# Beside its state program, dytallix hands a state command over with every
# argument: the state program's own usage error comes back.
run 1 events --no-such-option &&
  check events-handed-over err "dytallix events: unknown option --no-such-option"

# Alone, dytallix still runs modules, and a state command fails clearly.
mkdir "$work/alone"
cp "$dytallix" "$work/alone/dytallix"
dytallix=$work/alone/dytallix
run 0 run "$work/m.wasm" --invoke f && check alone-runs out "^i32:7$"
run 1 deploy "$work/m.wasm" --db "$work/db" &&
  check alone-deploy-fails err "the 'deploy' command runs in $work/alone/dytallix-state, which could not be started: No such file or directory"
if [ -e "$work/db" ]; then
  echo "FAIL deploy alone created the store"
  failures=$((failures + 1))
fi

# The state program runs every command itself, run included.
dytallix=$dytallix_state
run 0 run "$work/m.wasm" --invoke f && check state-program-runs out "^i32:7$"

echo "$failures failure(s)"
[ "$failures" = 0 ]
