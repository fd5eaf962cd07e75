#!/usr/bin/env bash
# End-to-end tests of the contract commands: deploy, call, query and events
# against a RocksDB state directory, one CLI process per request, so every
# check after the first also checks that state persists across processes.
# usage: contract_test.sh DYTALLIX CONTRACTS_DIR
set -uo pipefail
dytallix=$1 contracts=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/db
failures=0

alice=$(printf 'a1%.0s' {1..32})
bob=$(printf 'b0%.0s' {1..32})

# shellcheck source=check.sh
. "$(dirname "$0")/check.sh"

# Counter: deploy, increment twice in separate processes, query.
run 0 deploy "$contracts/counter.wasm" --db "$db" --from "$alice"
check deploy-status out '^status: ok$'
check deploy-address out '^contract: [0-9a-f]{64}$'
counter=$(sed -n 's/^contract: //p' "$work/out")

run 0 call "$counter" increment --db "$db" --block 1 --timestamp 1700000000
check increment-output out "^output: 0x$(le64 1)$"
check increment-gas out '^gas used: [1-9][0-9]*$'
check increment-gas-report out '^gas report: limit 10000000, remaining [0-9]+; loading [1-9][0-9]*, instantiate [1-9][0-9]*, wasm [1-9][0-9]*, storage [1-9][0-9]*, events [1-9][0-9]*, calls 0, other host [0-9]+$'
check increment-event out "^event incremented data 0x$(le64 1) \(block 1 tx 0 #0 contract $counter\)$"
run 0 call "$counter" increment --db "$db" --block 1 --input "$(le64 5)"
check second-call-next-tx out "^event incremented data 0x$(le64 6) \(block 1 tx 1 #0"
run 0 query "$counter" get --db "$db"
check persisted-count out "^output: 0x$(le64 6)$"
run 0 query "$counter" get --db "$db" --json
check json-output out "\"output\":\"$(le64 6)\""
check json-status out '"status":"ok"'
check json-gas-report out '"gas_report":\{"host_calls":0,'

# Query never commits: increment through query traps (writes are refused).
run 2 query "$counter" increment --db "$db"
check query-write-traps out '^status: trapped$'
check query-write-error err '^dytallix query: trapped: '
run 0 query "$counter" get --db "$db"
check query-left-no-trace out "^output: 0x$(le64 6)$"

# Revert: a negative step; the count stays.
run 2 call "$counter" increment --db "$db" --input ffffffffffffffff
check revert-status out '^status: reverted$'
check revert-message out '^output: 0x[0-9a-f]+ "negative step"$'
check revert-error err '^dytallix call: reverted: negative step$'
check revert-trace out "^  at function [0-9]+ at offset 0x[0-9a-f]+ increment in contract $counter$"
run 0 query "$counter" get --db "$db"
check revert-rolled-back out "^output: 0x$(le64 6)$"

# Out of gas.
run 2 call "$counter" increment --db "$db" --gas 10
check out-of-gas out '^status: out of gas$'
check out-of-gas-used out '^gas used: 10$'

# Token: init mints 1000 to alice; alice transfers 250 to bob.
run 0 deploy "$contracts/token.wasm" --db "$db" --from "$alice" --input "$(le64 1000)"
check token-mint-event out "^event mint data 0x${alice}$(le64 1000) "
token=$(sed -n 's/^contract: //p' "$work/out")
run 0 call "$token" transfer --db "$db" --from "$alice" --block 2 --input "$bob$(le64 250)"
check transfer-event out "^event transfer data 0x${alice}${bob}$(le64 250) \(block 2 tx 0 #0"
run 0 query "$token" balance --db "$db" --input "$bob"
check bob-balance out "^output: 0x$(le64 250)$"
# A gas profile: folded stacks whose gas adds up to the gas used.
run 0 query "$token" balance --db "$db" --input "$bob" --gas-profile "$work/profile"
check profile-stacks profile '^balance;env\.storage_get [0-9]+$'
used=$(sed -n 's/^gas used: //p' "$work/out")
total=$(awk '{ sum += $NF } END { print sum }' "$work/profile")
[ -n "$used" ] && [ "$used" = "$total" ] && echo "ok   profile-total" ||
  { echo "FAIL profile-total: gas used $used, profile $total"; failures=$((failures + 1)); }
run 1 call "$token" balance --db "$db" --gas-profile "$work/no/such/dir/p"
check profile-unwritable err '^dytallix call: cannot write .*/no/such/dir/p'
run 0 query "$token" balance --db "$db" --input "$bob"
check bob-balance out "^output: 0x$(le64 250)$"
run 0 query "$token" balance --db "$db" --input "$alice"
check alice-balance out "^output: 0x$(le64 750)$"
run 2 call "$token" transfer --db "$db" --from "$bob" --input "$alice$(le64 999)"
check insufficient err '^dytallix call: reverted: insufficient balance$'
run 2 call "$token" mint --db "$db" --from "$bob" --input "$bob$(le64 1)"
check not-owner err '^dytallix call: reverted: not the owner$'

# Events: all, by contract, by topic, by block range, limited, JSON.
run 0 events --db "$db"
[ "$(wc -l <"$work/out")" = 4 ] && echo "ok   events-all" ||
  { echo "FAIL events-all: $(cat "$work/out")"; failures=$((failures + 1)); }
run 0 events --db "$db" --contract "$token"
check events-by-contract out '^event mint '
[ "$(grep -c incremented "$work/out")" = 0 ] && echo "ok   events-contract-filter" ||
  { echo "FAIL events-contract-filter"; failures=$((failures + 1)); }
run 0 events --db "$db" --topic transfer
check events-by-topic out "^event transfer data 0x${alice}${bob}"
run 0 events --db "$db" --from-block 1 --to-block 1 --limit 1
[ "$(wc -l <"$work/out")" = 1 ] && echo "ok   events-range-limit" ||
  { echo "FAIL events-range-limit: $(cat "$work/out")"; failures=$((failures + 1)); }
check events-range out '^event incremented .*block 1 tx 0 #0'
run 0 events --db "$db" --topic transfer --json
check events-json out "^\[\{.*\"topic\":\"transfer\""
# A listing cut by --limit says so and how to go on; --after goes on.
run 0 events --db "$db" --limit 2
[ "$(wc -l <"$work/out")" = 2 ] && echo "ok   events-truncated-to-limit" ||
  { echo "FAIL events-truncated-to-limit: $(cat "$work/out")"; failures=$((failures + 1)); }
check events-truncation-notice err '^dytallix events: the first 2 events; more follow: --after [0-9]+:[0-9]+:[0-9]+$'
cursor=$(sed -n 's/.*--after //p' "$work/err")
second=$(tail -n 1 "$work/out")
run 0 events --db "$db" --after "$cursor"
[ "$(wc -l <"$work/out")" = 2 ] && ! grep -qF "$second" "$work/out" &&
  [ ! -s "$work/err" ] && echo "ok   events-after-cursor" ||
  { echo "FAIL events-after-cursor: $(cat "$work/out" "$work/err")"; failures=$((failures + 1)); }
run 0 events --db "$db" --limit 4
[ ! -s "$work/err" ] && echo "ok   events-exact-limit-no-notice" ||
  { echo "FAIL events-exact-limit-no-notice: $(cat "$work/err")"; failures=$((failures + 1)); }
run 1 events --db "$db" --after 1:2
check events-bad-cursor err "^dytallix events: --after: needs BLOCK:TX:EVENT"

# Errors: usage (1), load (1), unknown contract or method (1).
run 1 call "$counter" --db "$db"
check missing-method err '^dytallix call: missing METHOD$'
check usage-error-one-line err "^see 'dytallix call --help'$"
[ "$(wc -l <"$work/err")" = 2 ] && echo "ok   usage-error-not-whole-help" ||
  { echo "FAIL usage-error-not-whole-help: $(cat "$work/err")"; failures=$((failures + 1)); }
run 1 call "$counter" get extra --db "$db"
check extra-argument err "^dytallix call: unexpected argument 'extra'$"
run 1 call 1234 get --db "$db"
check bad-address err '^dytallix call: an address is 64 hex digits'
run 1 call "$counter" get --db "$db" --input xyz
check bad-hex err '^dytallix call: --input: '
run 1 call "$counter" get --db "$db" --gas lots
check bad-gas err "^dytallix call: --gas: needs a positive whole number, got 'lots'$"
# One number parser: what run refuses, deploy and call refuse too.
run 1 deploy "$contracts/counter.wasm" --db "$db" --gas " 5"
check gas-leading-space-refused err "^dytallix deploy: --gas: needs a positive whole number, got ' 5'$"
run 1 call "$counter" get --db "$db" --gas +5
check gas-plus-sign-refused err "^dytallix call: --gas: needs a positive whole number, got '\+5'$"
run 1 call "$counter" get --db "$db" --gas=0
check gas-equals-form-checked err "^dytallix call: --gas: needs a positive whole number, got '0'$"
# Conflicting and repeated options are errors, not last-wins.
run 1 call "$counter" increment --db "$db" --input "$(le64 1)" --input-text x
check input-and-input-text-conflict err '^dytallix call: --input-text: cannot be combined with --input$'
run 1 call "$counter" increment --db "$db" --gas 5 --gas 6
check option-given-twice err '^dytallix call: --gas: given twice$'
run 1 deploy "$contracts/counter.wasm" --db "$db" --gas-profile "$work/p"
check deploy-has-no-gas-profile err '^dytallix deploy: unknown option --gas-profile$'
run 1 deploy "$work/missing.wasm" --db "$db"
check missing-file err '^dytallix deploy: .*missing.wasm'
printf 'not wasm' >"$work/bad.wasm"
run 1 deploy "$work/bad.wasm" --db "$db"
check bad-module err '^dytallix deploy: '
run 1 call "$bob" get --db "$db"
check no-contract err '^dytallix call: '
run 1 call "$counter" nope --db "$db"
check no-method err '^dytallix call: '
run 1 events --db "$db" --bogus 1
check unknown-option err '^dytallix events: unknown option --bogus$'
# A deploy that runs out of gas created nothing: no contract line.
run 2 deploy "$contracts/counter.wasm" --db "$db" --gas 10
check failed-deploy-status out '^status: out of gas$'
! grep -q '^contract' "$work/out" && echo "ok   failed-deploy-prints-no-contract" ||
  { echo "FAIL failed-deploy-prints-no-contract: $(cat "$work/out")"; failures=$((failures + 1)); }
run 2 deploy "$contracts/counter.wasm" --db "$db" --gas 10 --json
! grep -q '"contract"' "$work/out" && echo "ok   failed-deploy-json-no-contract" ||
  { echo "FAIL failed-deploy-json-no-contract: $(cat "$work/out")"; failures=$((failures + 1)); }
run 0 deploy --help
check help out '^usage: dytallix deploy FILE.wasm'

# The token in Rust (contracts/rust/token), when the build has it: the same
# outcomes end to end, in a database of its own.
if [ -f "$contracts/rust_token.wasm" ]; then
  rdb=$work/rust-db
  run 0 deploy "$contracts/rust_token.wasm" --db "$rdb" --from "$alice" --input "$(le64 1000)"
  check rust-token-mint-event out "^event mint data 0x${alice}$(le64 1000) "
  rtoken=$(sed -n 's/^contract: //p' "$work/out")
  run 0 call "$rtoken" transfer --db "$rdb" --from "$alice" --block 2 --input "$bob$(le64 250)"
  check rust-transfer-event out "^event transfer data 0x${alice}${bob}$(le64 250) \(block 2 tx 0 #0"
  run 0 query "$rtoken" balance --db "$rdb" --input "$bob" --gas-profile "$work/rust-profile"
  check rust-bob-balance out "^output: 0x$(le64 250)$"
  used=$(sed -n 's/^gas used: //p' "$work/out")
  total=$(awk '{ sum += $NF } END { print sum }' "$work/rust-profile")
  [ -n "$used" ] && [ "$used" = "$total" ] && echo "ok   rust-profile-total" ||
    { echo "FAIL rust-profile-total: gas used $used, profile $total"; failures=$((failures + 1)); }
  run 0 query "$rtoken" balance --db "$rdb" --input "$alice"
  check rust-alice-balance out "^output: 0x$(le64 750)$"
  run 2 call "$rtoken" transfer --db "$rdb" --from "$bob" --input "$alice$(le64 999)"
  check rust-insufficient err '^dytallix call: reverted: insufficient balance$'
  run 2 call "$rtoken" mint --db "$rdb" --from "$bob" --input "$bob$(le64 1)"
  check rust-not-owner err '^dytallix call: reverted: not the owner$'
  run 2 call "$rtoken" transfer --db "$rdb" --from "$alice" --input 00
  check rust-bad-input err '^dytallix call: reverted: bad input$'
  run 0 events --db "$rdb" --contract "$rtoken"
  [ "$(wc -l <"$work/out")" = 2 ] && echo "ok   rust-events" ||
    { echo "FAIL rust-events: $(cat "$work/out")"; failures=$((failures + 1)); }
else
  echo "skip rust-token: $contracts/rust_token.wasm was not built (no cargo)"
fi

echo "$failures failure(s)"
[ "$failures" = 0 ]
