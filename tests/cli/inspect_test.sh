#!/usr/bin/env bash
# End-to-end tests of `dytallix inspect` (text, --json, --disassemble, exit
# status on malformed and invalid modules) and of deploy's analyzer options,
# whose threshold is checked against the score inspect reports.
# usage: inspect_test.sh DYTALLIX WAT2WASM PYTHON3 CONTRACTS_DIR PLUGIN_DIR
# (PLUGIN_DIR: the sample analyzer plugins, libanalyzer_plugin_NAME.so)
set -uo pipefail
dytallix=$1 wat2wasm=$2 python=$3 contracts=$4 plugins=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# One finding of each of two kinds: an unbounded loop (high, 25) in
# function 1 and a float instruction (low, 3) in function 2: score 72.
cat >"$work/m.wat" <<'WAT'
(module
  (import "env" "storage_get" (func $get (param i32 i32) (result i32)))
  (memory 1)
  (func (export "spin") (loop (br 0)))
  (func (export "half") (param f64) (result f64)
    (block (result f64) (f64.mul (local.get 0) (f64.const 0.5))))
  (func (export "pick") (export "choose") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.const -7))
      (else (i32.load offset=8 (i32.const 0))))))
WAT
"$wat2wasm" "$work/m.wat" -o "$work/m.wasm" || exit 1
m=$work/m.wasm
# Decodes, but function 0 returns nothing where it promises an i32.
printf '(module (func (result i32) nop))' >"$work/invalid.wat"
"$wat2wasm" --no-check "$work/invalid.wat" -o "$work/invalid.wasm" || exit 1
printf 'not wasm' >"$work/bad.wasm"

# shellcheck source=check.sh
. "$(dirname "$0")/check.sh"

# check_json NAME PYTHON-EXPRESSION: the expression, over the JSON object
# `j` printed by the last run, is true.
check_json() {
  if "$python" -c 'import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$work/out" "$2"; then
    echo "ok   $1"
  else
    echo "FAIL $1: not true: $2"
    sed 's/^/  /' "$work/out"
    failures=$((failures + 1))
  fi
}

# Text.
run 0 inspect "$m"
check text-size out "^$m: $(wc -c <"$m") bytes$"
check text-summary out '^types 4, imports 1, functions 3 \(\+1 imported\), .*exports 4,'
check text-import out '^  function env.storage_get \(i32, i32\) -> \(i32\)$'
check text-export out '^  function half 2 \(f64\) -> \(f64\)$'
check text-valid out '^validation under the contract profile: ok$'
check text-function out '^  function 3 pick, choose \(i32\) -> \(i32\): 8 instructions, 0 locals, [0-9]+ bytes at 0x[0-9a-f]+, max stack 1$'
check text-score out '^analyzer: score 72, 2 finding\(s\)$'
check text-loop-finding out '^  high unbounded-loop \[function 1 at offset 0x[0-9a-f]+\]: '
check text-float-finding out '^  low float \[function 2 at offset 0x[0-9a-f]+\]: '
if grep -qE '^    0x' "$work/out"; then
  echo "FAIL text-no-listing: instructions listed without --disassemble"
  failures=$((failures + 1))
fi

# --disassemble: the text spelling, nesting and the offsets findings use.
run 0 inspect "$m" --disassemble
loop_at=$(sed -n 's/^  high unbounded-loop \[function 1 at offset 0x\([0-9a-f]*\)\].*/\1/p' "$work/out")
check listing-loop-at-finding out "^    0x0*${loop_at}  loop$"
check listing-nested out '^    0x[0-9a-f]{6}    br 0$'
check listing-block-type out '^    0x[0-9a-f]{6}  block \(result f64\)$'
check listing-float out '^    0x[0-9a-f]{6}    f64.const 0.5$'
check listing-negative out '^    0x[0-9a-f]{6}    i32.const -7$'
check listing-memarg out '^    0x[0-9a-f]{6}    i32.load offset=8 align=4$'
check listing-else out '^    0x[0-9a-f]{6}  else$'

# --json: the same facts.
run 0 inspect "$m" --json
check_json json-file "j['file'] == '$m' and j['size'] == $(wc -c <"$m")"
check_json json-summary "j['summary']['functions'] == 3 and j['summary']['imported_functions'] == 1 and j['summary']['memories'] == 1"
check_json json-imports "j['imports'] == [{'kind': 'function', 'module': 'env', 'name': 'storage_get', 'type': '(i32, i32) -> (i32)'}]"
check_json json-exports "[e['name'] for e in j['exports']] == ['spin', 'half', 'pick', 'choose'] and j['exports'][1]['index'] == 2"
check_json json-valid "j['validation'] == {'profile': 'contract', 'ok': True}"
check_json json-functions "[f['index'] for f in j['functions']] == [1, 2, 3] and j['functions'][2]['exports'] == ['pick', 'choose'] and j['functions'][1]['max_stack'] == 2"
check_json json-no-code "all('code' not in f for f in j['functions'])"
check_json json-score "j['analyzer']['score'] == 72"
check_json json-findings "[(f['severity'], f['code'], f['function']) for f in j['analyzer']['findings']] == [('high', 'unbounded-loop', 1), ('low', 'float', 2)]"
check_json json-place "all(f['place'] == 'function %d at offset 0x%x' % (f['function'], f['offset']) for f in j['analyzer']['findings'])"

run 0 inspect "$m" --json --disassemble
check_json json-code "[c['text'] for c in j['functions'][0]['code']] == ['loop', 'br 0', 'end', 'end'] and [c['depth'] for c in j['functions'][0]['code']] == [0, 1, 0, 0]"
check_json json-finding-offsets "all(any(c['offset'] == f['offset'] for c in j['functions'][f['function'] - 1]['code']) for f in j['analyzer']['findings'])"
check_json json-float-at "[c['text'] for c in j['functions'][1]['code'] if c['offset'] == j['analyzer']['findings'][1]['offset']] == ['f64.const 0.5']"

run 0 inspect "$m" --profile spec --json
check_json json-spec-profile "j['validation']['profile'] == 'spec' and j['validation']['ok']"

# Malformed, invalid, unreadable: exit 1, with what was decoded.
run 1 inspect "$work/bad.wasm"
check malformed-text out '^decode: malformed: .*offset 0x0'
run 1 inspect "$work/bad.wasm" --json
check_json malformed-json "j['size'] == 8 and 'magic' in j['decode_error'] and 'summary' not in j"
run 1 inspect "$work/invalid.wasm" --disassemble
check invalid-text out '^validation under the contract profile: invalid: function 0 '
check invalid-still-lists out '^    0x[0-9a-f]{6}  nop$'
run 1 inspect "$work/invalid.wasm" --json
check_json invalid-json "not j['validation']['ok'] and 'type mismatch' in j['validation']['error'] and 'analyzer' not in j and 'max_stack' not in j['functions'][0]"
run 1 inspect "$work/missing.wasm"
check unreadable err '^dytallix inspect: cannot open .*missing.wasm'
run 1 inspect "$m" --profile nonsense
check bad-profile err "^dytallix inspect: --profile: needs contract or spec, got 'nonsense'$"
run 0 inspect --help
check help out '--disassemble'

# deploy --min-score against the score inspect reports for a contract.
run 0 inspect "$contracts/hostcalls.wasm" --json
score=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["analyzer"]["score"])' "$work/out")
run 1 deploy "$contracts/hostcalls.wasm" --db "$work/db" --min-score $((score + 1))
check min-score-rejects err "^dytallix deploy: the analyzer scored the module $score, below the threshold $((score + 1)): "
run 0 deploy "$contracts/hostcalls.wasm" --db "$work/db" --min-score "$score"
check min-score-accepts out '^status: ok$'
run 1 deploy "$contracts/hostcalls.wasm" --db "$work/db" --min-score 101
check min-score-range err "^dytallix deploy: --min-score: needs a whole number from 0 to 100, got '101'$"
run 1 deploy "$contracts/hostcalls.wasm" --db "$work/db" --analyzer-plugin "$work/none.so"
check missing-plugin err '^dytallix deploy: cannot load analyzer plugin: .*none.so'
# The plugin options: "low" scores 10, "fail" fails, "hang" sleeps 2 s.
run 1 deploy "$contracts/counter.wasm" --db "$work/db" --min-score 50 \
  --analyzer-plugin "$plugins/libanalyzer_plugin_low.so"
check plugin-scores err '^dytallix deploy: the analyzer scored the module 10, below the threshold 50: high model-risk'
run 1 deploy "$contracts/counter.wasm" --db "$work/db" \
  --analyzer-plugin "$plugins/libanalyzer_plugin_fail.so"
check plugin-fail-closed err '^dytallix deploy: .*fail-closed'
run 0 deploy "$contracts/counter.wasm" --db "$work/db" --analyzer-fail-open \
  --analyzer-plugin "$plugins/libanalyzer_plugin_fail.so"
check plugin-fail-open out '^status: ok$'
run 1 deploy "$contracts/counter.wasm" --db "$work/db" --analyzer-timeout 50 \
  --analyzer-plugin "$plugins/libanalyzer_plugin_hang.so"
check plugin-timeout err '^dytallix deploy: .*50 ms'
run 1 call "$(printf '0%.0s' {1..64})" get --db "$work/db" --min-score 5
check min-score-deploy-only err '^dytallix call: unknown option --min-score$'

echo "$failures failure(s)"
[ "$failures" = 0 ]
