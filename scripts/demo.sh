#!/usr/bin/env bash
# The main job: install, build (release), then run a token contract through
# the dytallix CLI against a fresh RocksDB store in build/demo-data: deploy,
# mint, transfer, balances and events, one CLI process per step, so the state
# each step sees was persisted by the ones before it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SKIP_INSTALL:-0}" = 1 ] || scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release

cli=build/release/tools/dytallix
db=build/demo-data
alice=$(printf 'a1%.0s' {1..32})
bob=$(printf 'b0%.0s' {1..32})
# u64 little-endian, as hex: the token's amount encoding.
le64() { printf '%016x' "$1" | sed -E 's/(..)/\1 /g' | awk '{for (i = NF; i > 0; i--) printf "%s", $i}'; }

# step TITLE ARGS...: shows and runs one CLI process on the demo store.
step() {
  echo
  echo "== $1"
  shift
  echo "\$ dytallix $*"
  "$cli" "$@" --db "$db"
}

rm -rf "$db"
echo
echo "alice = $alice"
echo "bob   = $bob"
deployed=$(step "alice deploys the token with a supply of 1000 (block 1)" \
  deploy build/release/contracts/token.wasm --from "$alice" \
  --input "$(le64 1000)" --block 1 --timestamp 1700000000)
echo "$deployed"
token=$(echo "$deployed" | sed -n 's/^contract: //p')
step "alice mints 500 to bob (block 2)" \
  call "$token" mint --from "$alice" --input "$bob$(le64 500)" --block 2 \
  --timestamp 1700000012
step "alice transfers 200 to bob (block 2)" \
  call "$token" transfer --from "$alice" --input "$bob$(le64 200)" --block 2 \
  --timestamp 1700000012
step "bob tries to transfer 5000: reverted, nothing changes (exit 2)" \
  call "$token" transfer --from "$bob" --input "$alice$(le64 5000)" \
  --block 3 || true
step "alice's balance: 800 (u64 little-endian: 2003000000000000)" query "$token" balance --input "$alice"
step "bob's balance: 700 (bc02000000000000)" query "$token" balance --input "$bob"
step "the token's events" events --contract "$token"
step "transfers only, as JSON" events --topic transfer --json
echo
echo "== the state persisted: one more CLI process reopens the store (supply 1500)"
echo "\$ dytallix query $token total_supply --json"
"$cli" query "$token" total_supply --db "$db" --json
