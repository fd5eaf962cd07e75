#!/usr/bin/env bash
# Strings from a module (export, import names, revert data, event
# topics) or the command line (paths, arguments) print escaped in text
# output: one line each, no raw control bytes, so a module cannot forge
# `inspect` lines and an argument cannot send terminal escape sequences.
# usage: untrusted_text_test.sh DYTALLIX WAT2WASM
set -uo pipefail
dytallix=$1 wat2wasm=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
esc=$(printf '\033')

# shellcheck source=check.sh
. "$(dirname "$0")/check.sh"

# no_raw NAME: neither stdout nor stderr holds an ESC or a carriage return.
no_raw() {
  if grep -q "[$esc$(printf '\r')]" "$work/out" "$work/err"; then
    echo "FAIL $1: raw control bytes in the output:"
    cat -v "$work/out" "$work/err" | sed 's/^/  /'
    failures=$((failures + 1))
  else
    echo "ok   $1"
  fi
}

# count NAME FILE PATTERN N: exactly N lines of $work/FILE match PATTERN.
count() {
  local n
  n=$(grep -cE -- "$3" "$work/$2")
  if [ "$n" = "$4" ]; then
    echo "ok   $1"
  else
    echo "FAIL $1: $n lines match '$3' (want $4):"
    sed 's/^/  /' "$work/$2"
    failures=$((failures + 1))
  fi
}

# Invalid (its function returns nothing where it promises an i32), with an
# export named to look like the verdict and an import with an ESC sequence.
cat >"$work/forge.wat" <<'WAT'
(module
  (import "\1b[2J" "f\0d" (func))
  (func (export "x\0avalidation under the contract profile: ok") (result i32)
    nop))
WAT
"$wat2wasm" --no-check "$work/forge.wat" -o "$work/forge.wasm" || exit 1

run 1 inspect "$work/forge.wasm"
count export-name-cannot-forge-validation-line out '^validation under' 1
check export-name-cannot-forge-validation-line-says-invalid out \
  '^validation under the contract profile: invalid: '
check export-name-printed-escaped out \
  '^  function x\\nvalidation under the contract profile: ok 1 \(\) -> \(i32\)$'
check function-export-name-printed-escaped out \
  '^  function 1 x\\nvalidation under the contract profile: ok \(\) -> \(i32\): '
check import-name-esc-printed-escaped out '^  function \\x1b\[2J\.f\\r \(\) -> \(\)$'
no_raw inspect-module-names-no-raw-controls
# JSON keeps the names exactly (JSON escapes them itself).
run 1 inspect "$work/forge.wasm" --json
check json-keeps-export-name out '"name":"x\\nvalidation under the contract profile: ok"'
check json-escapes-import-esc out '"module":"\\u001b\[2J"'

# Paths and arguments echoed in errors.
run 1 inspect "$work/no${esc}]0;title$(printf '\a')
.wasm"
check unreadable-path-printed-escaped err \
  '^dytallix inspect: cannot open .*/no\\x1b\]0;title\\x07\\n\.wasm: '
no_raw unreadable-path-no-raw-controls
run 1 "frob${esc}[31m"
check unknown-command-printed-escaped err "^dytallix: unknown command 'frob\\\\x1b\[31m'"
no_raw unknown-command-no-raw-controls

cat >"$work/ok.wat" <<'WAT'
(module (func (export "f") (result i32) i32.const 1))
WAT
"$wat2wasm" "$work/ok.wat" -o "$work/ok.wasm" || exit 1
run 1 run "$work/ok.wasm" --invoke "g${esc}[2J"
check run-missing-export-printed-escaped err \
  "^dytallix run: no exported function named 'g\\\\x1b\[2J'$"
run 1 run "$work/ok.wasm" --invoke f --bogus"${esc}"
check run-unknown-option-printed-escaped err '^dytallix run: unknown option --bogus\\x1b$'
no_raw run-errors-no-raw-controls

run 1 call "ab${esc}cd" get --db "$work/db"
check call-bad-address-printed-escaped err '^dytallix call: .*\\x1b'
no_raw call-bad-address-no-raw-controls
run 1 call "$(printf '0%.0s' {1..64})" get --db "$work/db" "--x${esc}" 1
check call-unknown-option-printed-escaped err '^dytallix call: unknown option --x\\x1b$'
no_raw call-unknown-option-no-raw-controls

# A contract whose revert data and event topic carry an ESC sequence and
# a newline that would start a forged "status: ok" line.
cat >"$work/hostile.wat" <<'WAT'
(module
  (import "env" "revert" (func $revert (param i32 i32)))
  (import "env" "emit_event" (func $emit (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\1b[31mred\0astatus: ok\ff")
  (func (export "init"))
  (func (export "fail") (call $revert (i32.const 0) (i32.const 20)))
  (func (export "emit")
    (call $emit (i32.const 0) (i32.const 20) (i32.const 0) (i32.const 0))))
WAT
"$wat2wasm" "$work/hostile.wat" -o "$work/hostile.wasm" || exit 1
run 0 deploy "$work/hostile.wasm" --db "$work/db"
hostile=$(sed -n 's/^contract: //p' "$work/out")
run 2 call "$hostile" fail --db "$work/db"
count revert-message-cannot-forge-status out '^status: ' 1
check revert-error-printed-escaped err '^dytallix call: reverted: \\x1b\[31mred\\nstatus: ok\\xff$'
no_raw revert-message-no-raw-controls
run 2 call "$hostile" fail --db "$work/db" --json
check revert-json-printed out '"status":"reverted"'
run 0 call "$hostile" emit --db "$work/db"
check event-topic-printed-escaped out '^event \\x1b\[31mred\\nstatus: ok\\xff data '
no_raw event-topic-no-raw-controls
run 0 events --db "$work/db" --json
check events-json-non-utf8-topic-does-not-abort out '"topic":"\\u001b\[31mred\\nstatus: ok'
run 0 deploy "$work/hostile.wasm" --db "$work/fresh${esc}[0m"
check new-store-path-printed-escaped err \
  '^dytallix deploy: created a new state database in .*/fresh\\x1b\[0m$'
no_raw new-store-path-no-raw-controls

echo "$failures failure(s)"
[ "$failures" = 0 ]
