#!/usr/bin/env bash
# End-to-end tests of `dytallix run`: output format, exit status, several
# invocations on one instance, traps, load and usage errors.
# usage: run_test.sh DYTALLIX WAT2WASM
set -uo pipefail
dytallix=$1 wat2wasm=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

cat >"$work/m.wat" <<'WAT'
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "neg64") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
  (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5)))
  (func (export "negz") (result f32) (f32.const -0))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "two") (result i32 i64) (i32.const 1) (i64.const 2))
  (func (export "bump") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
  (func (export "boom") (unreachable))
  (func (export "spin") (loop (br 0)))
  (func (export "sum") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1)))
WAT
"$wat2wasm" "$work/m.wat" -o "$work/m.wasm" || exit 1
m=$work/m.wasm

# expect NAME STATUS STDOUT -- ARGS...: runs dytallix with ARGS and compares
# the exit status and stdout.
expect() {
  local name=$1 want_status=$2 want_out=$3
  shift 4
  local out status
  out=$("$dytallix" "$@" 2>"$work/stderr")
  status=$?
  if [ "$status" != "$want_status" ] || [ "$out" != "$want_out" ]; then
    echo "FAIL $name: status $status (want $want_status)"
    echo "  stdout: $(printf '%q' "$out")"
    echo "  want:   $(printf '%q' "$want_out")"
    echo "  stderr: $(cat "$work/stderr")"
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

# expect_stderr NAME PATTERN: the last run's stderr matches PATTERN.
expect_stderr() {
  if ! grep -qE "$2" "$work/stderr"; then
    echo "FAIL $1: stderr does not match '$2': $(cat "$work/stderr")"
    failures=$((failures + 1))
  fi
}

expect add 0 "i32:-3" -- run "$m" --invoke add 4 -7
expect unsigned-arg 0 "i32:0" -- run "$m" --invoke add 4294967295 1
expect i64 0 "i64:-42" -- run "$m" --invoke neg64 42
expect f64 0 "f64:0.75" -- run "$m" --invoke half 1.5
expect f64-raw-bits 0 "f64:0.75" -- run "$m" --invoke half 0x3ff8000000000000
expect negative-zero 0 "f32:-0" -- run "$m" --invoke negz
expect nan-bits 0 "f32:nan:0x7fc00000" -- run "$m" --invoke nan
expect multi-value 0 $'i32:1\ni64:2' -- run "$m" --invoke two
expect gas-printed 0 "i32:3" -- run "$m" --invoke add 1 2
expect_stderr gas-printed '^gas used: [0-9]+$'
expect trap 2 "" -- run "$m" --invoke boom
expect_stderr trap '^trap: unreachable in function 7 at offset 0xdd$'
expect groups-share-instance 0 $'invoke bump\ni32:1\ninvoke bump\ni32:2' -- \
  run "$m" --invoke bump --invoke bump
expect group-trap-goes-on 2 $'invoke boom\ntrap: unreachable in function 7 at offset 0xdd\ninvoke bump\ni32:1' -- \
  run "$m" --invoke boom --invoke bump
expect out-of-gas 2 "" -- run "$m" --gas 1000 --invoke spin
expect_stderr out-of-gas '^trap: out of gas in function 8 at offset 0xe1$'
expect_stderr out-of-gas '^gas used: 1000$'
expect no-gas-prints-no-gas 0 "i32:3" -- run "$m" --no-gas --invoke add 1 2
if grep -q 'gas used' "$work/stderr"; then
  echo "FAIL no-gas-prints-no-gas: $(cat "$work/stderr")"
  failures=$((failures + 1))
fi
# sum(n) executes loop once, 9 instructions per iteration (local.get,
# local.get, i32.add, local.set, local.get, i32.const, i32.sub, local.tee,
# br_if), then the loop's end, local.get and the function's end: 4 + 9n.
expect count-instructions 0 "i32:55" -- run "$m" --count-instructions --invoke sum 10
expect_stderr count-instructions '^instructions: 94$'
if grep -q 'gas used' "$work/stderr"; then
  echo "FAIL count-instructions prints gas used: $(cat "$work/stderr")"
  failures=$((failures + 1))
fi
expect count-instructions-large 0 "i32:500500" -- \
  run "$m" --count-instructions --invoke sum 1000
expect_stderr count-instructions-large '^instructions: 9004$'
expect count-instructions-groups 0 $'invoke sum\ni32:1\ninvoke add\ni32:3' -- \
  run "$m" --count-instructions --invoke sum 1 --invoke add 1 2
expect_stderr count-instructions-groups '^instructions: 13$'
# add: local.get, local.get, i32.add, end.
expect_stderr count-instructions-groups '^instructions: 4$'
# A trap counts the instruction that trapped.
expect count-instructions-trap 2 "" -- run "$m" --count-instructions --invoke boom
expect_stderr count-instructions-trap '^instructions: 1$'
expect count-instructions-not-with-gas 1 "" -- \
  run "$m" --count-instructions --gas 5 --invoke sum 1
expect_stderr count-instructions-not-with-gas '^dytallix run: --gas: cannot be combined with --count-instructions$'
# One number parser for every command: no sign, no spaces.
expect gas-leading-space-refused 1 "" -- run "$m" --gas " 5" --invoke add 1 2
expect_stderr gas-leading-space-refused "^dytallix run: --gas: needs a whole number, got ' 5'$"
expect gas-plus-sign-refused 1 "" -- run "$m" --gas +5 --invoke add 1 2
expect_stderr gas-plus-sign-refused "^see 'dytallix run --help'$"
expect wrong-arity 1 "" -- run "$m" --invoke add 1
expect_stderr wrong-arity 'takes 2 arguments'
expect bad-arg 1 "" -- run "$m" --invoke add 1 x
expect_stderr bad-arg "not a valid i32"
expect no-such-export 1 "" -- run "$m" --invoke nope
expect_stderr no-such-export "no exported function named 'nope'"
expect missing-file 1 "" -- run "$work/absent.wasm" --invoke add 1 2
expect_stderr missing-file "cannot open"
# A module read from a pipe (no size to read ahead) and one larger than a
# read chunk both arrive whole.
expect module-from-pipe 0 "i32:5" -- run <(cat "$m") --invoke add 2 3
{ cat "$m"; printf '\0\xc0\x9a\x0c\3pad'; head -c 199996 /dev/zero; } >"$work/big.wasm"
expect module-larger-than-a-chunk 0 "i32:5" -- run "$work/big.wasm" --invoke add 2 3
expect module-is-a-directory 1 "" -- run "$work" --invoke add 2 3
expect_stderr module-is-a-directory "cannot read .*: Is a directory"
printf '\0asm\2\0\0\0' >"$work/bad.wasm"
expect malformed 1 "" -- run "$work/bad.wasm" --invoke add 1 2
expect_stderr malformed "malformed"
expect no-invoke 1 "" -- run "$m"
expect_stderr no-invoke "nothing to --invoke"

cat >"$work/imp.wat" <<'WAT'
(module (import "env" "f" (func)))
WAT
"$wat2wasm" "$work/imp.wat" -o "$work/imp.wasm" || exit 1
expect needs-imports 1 "" -- run "$work/imp.wasm" --invoke f
expect_stderr needs-imports "imports env.f"

cat >"$work/big.wat" <<'WAT'
(module (memory 300))
WAT
"$wat2wasm" "$work/big.wat" -o "$work/big.wasm" || exit 1
expect contract-profile-memory-cap 1 "" -- run "$work/big.wasm" --invoke x
expect_stderr contract-profile-memory-cap "max_memory_pages"

cat >"$work/start.wat" <<'WAT'
(module
  (func $forever (loop $l (br $l))) (start $forever)
  (func (export "f") (result i32) i32.const 1))
WAT
"$wat2wasm" "$work/start.wat" -o "$work/start.wasm" || exit 1
expect looping-start-runs-out 2 "" -- run "$work/start.wasm" --gas 5000 --invoke f
expect_stderr looping-start-runs-out '^trap: out of gas in function 0 at offset 0x26 \(during instantiation\)$'
expect_stderr looping-start-runs-out '^gas used \(start function\): 5000$'

if [ "$failures" -ne 0 ]; then
  echo "$failures failures"
  exit 1
fi
