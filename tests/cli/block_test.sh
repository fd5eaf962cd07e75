#!/usr/bin/env bash
# End-to-end tests of `dytallix block`: a block file of deploys and calls
# (the example token and counter) executed on one thread and on two into
# fresh stores gives the same outcomes and digest; --dry-run commits
# nothing; a rejected transaction is reported while the others run; a
# malformed file is refused with an error naming the transaction and field.
# usage: block_test.sh DYTALLIX CONTRACTS_DIR
set -uo pipefail
dytallix=$(realpath "$1") contracts=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

alice=$(printf 'a1%.0s' {1..32})
bob=$(printf 'b0%.0s' {1..32})
carol=$(printf 'c3%.0s' {1..32})
dave=$(printf 'd4%.0s' {1..32})
# address SENDER NONCE: SHA-256(sender || nonce as 8 bytes big-endian), the
# address of the contract SENDER deploys with NONCE (README, Blocks).
address() {
  # shellcheck disable=SC2059 # the bytes are the format, as \xHH escapes
  printf "$(printf '%s%016x' "$1" "$2" | sed 's/../\\x&/g')" | sha256sum | cut -c1-64
}

# run (check.sh) runs dytallix from $work/elsewhere, so that code paths must
# resolve against the block file's directory.
run_dir=$work/elsewhere
mkdir -p "$run_dir" "$work/blocks"

# same NAME FILE1 FILE2: the files are equal.
same() {
  if cmp -s "$2" "$3"; then
    echo "ok   $1"
  else
    echo "FAIL $1:"
    diff "$2" "$3" | sed 's/^/  /'
    failures=$((failures + 1))
  fi
}

# shellcheck source=check.sh
. "$(dirname "$0")/check.sh"

cp "$contracts/token.wasm" "$contracts/counter.wasm" "$work/blocks/"
token_a=$(address "$alice" 0)
token_b=$(address "$bob" 0)
counter=$(address "$carol" 0)
blocks=$work/blocks

# Three deploys, then calls on what they created: transfers on both tokens,
# counter increments, a transfer that reverts, a call to no contract, and a
# balance read.
cat >"$blocks/block.json" <<EOF
{"height": 5, "timestamp": 1700000000, "transactions": [
  {"type": "deploy", "sender": "$alice", "code": "token.wasm", "input": "$(le64 1000)"},
  {"type": "deploy", "sender": "$bob", "code": "token.wasm", "input": "$(le64 500)"},
  {"type": "deploy", "sender": "$carol", "code": "counter.wasm", "gas_limit": 2000000},
  {"type": "call", "sender": "$alice", "contract": "$token_a", "method": "transfer",
   "input": "$bob$(le64 250)"},
  {"type": "call", "sender": "$bob", "contract": "$token_b", "method": "transfer",
   "input": "$alice$(le64 100)"},
  {"type": "call", "sender": "$carol", "contract": "$counter", "method": "increment"},
  {"type": "call", "sender": "$bob", "contract": "$token_a", "method": "transfer",
   "input": "$alice$(le64 999)"},
  {"type": "call", "sender": "$dave", "contract": "$dave", "method": "transfer"},
  {"type": "call", "sender": "$carol", "contract": "$counter", "method": "increment"},
  {"type": "call", "sender": "$alice", "contract": "$token_b", "method": "balance",
   "input": "$alice"}
]}
EOF

# One thread and two, each into a fresh store: the same outcomes and digest;
# only the execution statistics may differ.
run 0 block "$blocks/block.json" --db "$work/db1" --parallel 1
grep -v '^stats: ' "$work/out" >"$work/sequential"
check created-store err '^dytallix block: created a new state database in '
check tx0-deploy out '^transaction 0: deploy$'
check tx0-address out "^contract: $token_a$"
check tx2-address out "^contract: $counter$"
check tx3-transfer out "^event transfer data 0x${alice}${bob}$(le64 250) \(block 5 tx 3 #0 contract $token_a\)$"
check tx5-increment out "^event incremented data 0x$(le64 1) \(block 5 tx 5 #0"
check tx6-reverted out '^output: 0x[0-9a-f]+ "insufficient balance"$'
check tx7-rejected out "^rejected: contract $dave: no contract at this address$"
check tx8-after-rejected out "^event incremented data 0x$(le64 2) \(block 5 tx 8 #0"
check tx9-balance out "^output: 0x$(le64 100)$"
check block-gas out '^block gas used: [1-9][0-9]*$'
check digest out '^state digest: [0-9a-f]{64}$'
check stats out '^stats: executions [0-9]+, re-executions [0-9]+, in order [0-9]+$'
check committed out '^committed: yes$'
[ "$(grep -c '^transaction ' "$work/out")" = 10 ] && echo "ok   every-transaction-printed" ||
  { echo "FAIL every-transaction-printed: $(cat "$work/out")"; failures=$((failures + 1)); }
sed -n '/^transaction 7:/,/^transaction 8:/p' "$work/out" >"$work/tx7"
check tx7-is-the-rejected-one tx7 '^rejected: contract [0-9a-f]{64}: no contract'
check tx7-rejected-gas tx7 '^gas used: 0$'
digest=$(sed -n 's/^state digest: //p' "$work/out")

run 0 block "$blocks/block.json" --db "$work/db2" --parallel 2
grep -v '^stats: ' "$work/out" | sed 's/ in .*db2$/ in DB/' >"$work/parallel"
sed 's/ in .*db1$/ in DB/' "$work/sequential" >"$work/sequential.cmp"
same parallel-2-same-output "$work/sequential.cmp" "$work/parallel"
run 0 block "$blocks/block.json" --parallel 2 --json
sed 's/"stats":{[^}]*}//' "$work/out" >"$work/parallel.json"
run 0 block "$blocks/block.json" --json
sed 's/"stats":{[^}]*}//' "$work/out" >"$work/sequential.json"
same parallel-2-same-json "$work/sequential.json" "$work/parallel.json"
check json-digest out "\"state_digest\":\"$digest\""
check json-rejected out "\"error\":\"contract $dave: no contract at this address\","'"gas_used":0,"index":7,"method":"transfer","status":"rejected","tx_index":7,"type":"call"'
check json-deploy out "\"contract\":\"$token_a\",.*\"index\":0,.*\"type\":\"deploy\""
check json-committed out '"committed":true'
[ ! -e "$work/elsewhere/dytallix-data" ] && echo "ok   no-db-means-in-memory" ||
  { echo "FAIL no-db-means-in-memory: created dytallix-data"; failures=$((failures + 1)); }

# The block committed: its state and events persist.
run 0 query "$token_a" balance --db "$work/db1" --input "$bob"
check committed-balance out "^output: 0x$(le64 250)$"
run 0 events --db "$work/db1" --from-block 5 --to-block 5 --topic transfer
[ "$(wc -l <"$work/out")" = 2 ] && echo "ok   committed-events" ||
  { echo "FAIL committed-events: $(cat "$work/out")"; failures=$((failures + 1)); }

# --dry-run: the same outcome and digest a commit would give, and nothing
# written; then the same block committed.
cat >"$blocks/next.json" <<EOF
{"height": 6, "transactions": [
  {"type": "call", "sender": "$alice", "contract": "$token_a", "method": "transfer",
   "input": "$bob$(le64 50)", "gas_limit": 1000000}
]}
EOF
run 0 block "$blocks/next.json" --db "$work/db1" --dry-run
check dry-run-not-committed out '^committed: no \(--dry-run\)$'
check dry-run-event out "^event transfer data 0x${alice}${bob}$(le64 50) \(block 6 tx 0 #0"
dry_digest=$(sed -n 's/^state digest: //p' "$work/out")
run 0 query "$token_a" balance --db "$work/db1" --input "$bob"
check dry-run-left-balance out "^output: 0x$(le64 250)$"
run 0 events --db "$work/db1" --from-block 6
[ ! -s "$work/out" ] && echo "ok   dry-run-left-no-events" ||
  { echo "FAIL dry-run-left-no-events: $(cat "$work/out")"; failures=$((failures + 1)); }
run 1 block "$blocks/next.json" --db "$work/no-store" --dry-run
check dry-run-needs-store err '^dytallix block: .*no such directory'
[ ! -e "$work/no-store" ] && echo "ok   dry-run-creates-no-store" ||
  { echo "FAIL dry-run-creates-no-store"; failures=$((failures + 1)); }
run 0 block "$blocks/next.json" --db "$work/db1"
check commit-after-dry-run out "^state digest: $dry_digest$"
run 0 query "$token_a" balance --db "$work/db1" --input "$bob"
check committed-after-dry-run out "^output: 0x$(le64 300)$"

# Malformed files: one line naming the transaction and field, exit 1,
# nothing on stdout.
# malformed NAME JSON PATTERN
malformed() {
  printf '%s' "$2" >"$blocks/bad.json"
  run 1 block "$blocks/bad.json" &&
    check "$1" err "^dytallix block: .*/bad.json: $3" &&
    { [ ! -s "$work/out" ] || { echo "FAIL $1: stdout: $(cat "$work/out")"; failures=$((failures + 1)); }; }
}
call='"type": "call", "sender": "'$bob'", "contract": "'$bob'", "method": "m"'
malformed bad-syntax '{"height": 1, "transactions": [' 'parse error at line 1, column 32: '
malformed not-an-object '[1]' 'needs one JSON object'
malformed missing-height '{"transactions": []}' 'height: missing$'
malformed negative-height '{"height": -1, "transactions": []}' 'height: needs a whole number .*got -1$'
malformed bad-gas "{\"height\": 1, \"transactions\": [{$call}, {$call, \"gas_limit\": \"lots\"}]}" \
  'transaction 1: gas_limit: needs a whole number .*got "lots"$'
malformed unknown-field "{\"height\": 1, \"transactions\": [{$call, \"gas\": 5}]}" \
  'transaction 0: gas: unknown field \(a call takes type, sender, contract, method, input, gas_limit\)$'
malformed repeated-field "{\"height\": 1, \"transactions\": [{$call, \"method\": \"n\"}]}" \
  'transaction 0: method: given twice$'
malformed bad-type '{"height": 1, "transactions": [{"type": "mint"}]}' \
  'transaction 0: type: needs "deploy" or "call", got "mint"$'
malformed bad-sender '{"height": 1, "transactions": [{"type": "call", "sender": "00"}]}' \
  "transaction 0: sender: an address is 64 hex digits, got '00'$"
malformed bad-input "{\"height\": 1, \"transactions\": [{$call, \"input\": \"xyz\"}]}" \
  'transaction 0: input: '
malformed missing-code "{\"height\": 1, \"transactions\": [{$call}, {\"type\": \"deploy\", \"sender\": \"$bob\", \"code\": \"none.wasm\"}]}" \
  'transaction 1: code: cannot open .*none.wasm'
malformed not-a-transaction '{"height": 1, "transactions": [[]]}' \
  'transaction 0: needs an object, got an array$'
run 1 block "$work/missing.json"
check missing-file err '^dytallix block: cannot open .*missing.json'
run 1 block "$blocks/block.json" --parallel 0
check parallel-zero err "^dytallix block: --parallel: needs a whole number from 1 to 256, got '0'$"
# A method name from the file prints escaped: it cannot reach the terminal raw.
printf '{"height": 1, "transactions": [{"type": "call", "sender": "%s", "contract": "%s", "method": "m\\u001b[2J"}]}' \
  "$bob" "$bob" >"$blocks/escape.json"
run 0 block "$blocks/escape.json"
check method-escaped out '^transaction 0: call m\\x1b\[2J$'
! grep -q "$(printf '\033')" "$work/out" && echo "ok   no-raw-escape" ||
  { echo "FAIL no-raw-escape: $(cat "$work/out")"; failures=$((failures + 1)); }

run 0 block --help
check help out '^usage: dytallix block FILE.json'
check help-format out '"type": "deploy"'

echo "$failures failure(s)"
[ "$failures" = 0 ]
