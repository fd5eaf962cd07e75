#!/usr/bin/env bash
# End-to-end test of `dytallix stats`: one code deployed twice (two
# contracts, one code record), calls and a block that emit events, then the
# counts, the last block's digest and the compiled-code cache in text and
# --json (the same numbers); stats never changes a byte of the store, and a
# missing or empty --db is an error that creates nothing.
# usage: stats_test.sh DYTALLIX CONTRACTS_DIR PYTHON3
set -uo pipefail
# shellcheck disable=SC2034 # dytallix: used by run (check.sh)
dytallix=$1 contracts=$2 python=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/db
failures=0

alice=$(printf 'a1%.0s' {1..32})

# shellcheck source=check.sh
. "$(dirname "$0")/check.sh"

# holds NAME WHY COMMAND...: says ok if COMMAND succeeds, else counts a
# failure, saying WHY.
holds() {
  local name=$1 why=$2
  shift 2
  if "$@"; then
    echo "ok   $name"
  else
    echo "FAIL $name: $why"
    failures=$((failures + 1))
  fi
}

# snapshot FILE: every path under $db, and every file's SHA-256, in FILE.
snapshot() {
  (cd "$db" && find . | sort && find . -type f -print0 | sort -z |
    xargs -0 sha256sum) >"$1"
}

# The same code twice: two contracts, one code record, one nonce record.
run 0 deploy "$contracts/counter.wasm" --db "$db" --from "$alice"
first=$(sed -n 's/^contract: //p' "$work/out")
run 0 deploy "$contracts/counter.wasm" --db "$db" --from "$alice"
second=$(sed -n 's/^contract: //p' "$work/out")
holds two-contracts "'$first' '$second'" test "${#first}:${#second}" = 64:64
holds two-addresses "the same address twice" test "$first" != "$second"
# Three calls and a block with one more: four events, block 4's digest.
run 0 call "$first" increment --db "$db" --block 1
run 0 call "$first" increment --db "$db" --block 1
run 0 call "$second" increment --db "$db" --block 2
cat >"$work/block.json" <<EOF
{"height": 4, "transactions": [
  {"type": "call", "sender": "$alice", "contract": "$second", "method": "increment"}
]}
EOF
run 0 block "$work/block.json" --db "$db"
digest=$(sed -n 's/^state digest: //p' "$work/out")

snapshot "$work/before"
run 0 stats --db "$db"
cp "$work/out" "$work/text"
check store out "^store: $db$"
check format-version out '^format version: 3$'
check state-digest out "^state digest: $digest$"
check last-block out "^last block: 4, digest $digest$"
check contracts out '^  contracts: records 2, bytes [1-9][0-9]*$'
check one-code out '^  code: records 1, bytes [1-9][0-9]*$'
check nonces out '^  nonces: records 1, bytes [1-9][0-9]*$'
check events out '^  events: records 4, bytes [1-9][0-9]*$'
check storage out '^  storage: records 2, bytes [1-9][0-9]*$'
check block-digests out '^  block_digests: records 1, bytes 41$'
check code-line out '^code [0-9a-f]{64}: wasm bytes [1-9][0-9]*, contracts 2, compiled bytes [1-9][0-9]*$'
check budget out '^compiled code: [1-9][0-9]* bytes, cache budget 268435456 bytes \(fits\)$'
check cache out '^cache: misses 1, hits pinned 0, hits memory 0, evictions 0$'
check cache-entries out '^cache entries: 1 unpinned \([1-9][0-9]* bytes\), 0 pinned \(0 bytes\)$'

# --json: the same numbers.
run 0 stats --db "$db" --json
if "$python" - "$work/out" "$work/text" <<'EOF'; then
import json, re, sys
stats = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
def field(pattern):
    return re.search(pattern, text, re.M).group(1)
records = stats["records"]
code = stats["codes"][0]
want = {
    "contracts": (records["contracts"]["records"], 2),
    "code": (records["code"]["records"], 1),
    "events": (records["events"]["records"], 4),
    "total": (records["total"]["records"], int(field(r"^records: total (\d+),"))),
    "total bytes": (records["total"]["bytes"], int(field(r"^records: total \d+, bytes (\d+)$"))),
    "state digest": (stats["state_digest"], field(r"^state digest: (\w+)$")),
    "last block": (stats["last_block"]["height"], 4),
    "last block digest": (stats["last_block"]["digest"], stats["state_digest"]),
    "codes": (len(stats["codes"]), 1),
    "code contracts": (code["contracts"], 2),
    "compiled": (code["compiled_bytes"], int(field(r"compiled bytes (\d+)$"))),
    "compiled total": (stats["compiled_bytes"], code["compiled_bytes"]),
    "misses": (stats["cache"]["misses"], 1),
    "entries": (stats["cache"]["entries_memory"], 1),
    "cached bytes": (stats["cache"]["bytes_memory"], code["compiled_bytes"]),
    "budget": (stats["cache"]["byte_budget"], 268435456),
}
bad = {k: v for k, v in want.items() if v[0] != v[1]}
if bad:
    print(bad)
sys.exit(1 if bad else 0)
EOF
  echo "ok   json-same-numbers"
else
  echo "FAIL json-same-numbers: $(cat "$work/out")"
  failures=$((failures + 1))
fi

# A budget smaller than the code: it is evicted, and stats says so.
run 0 stats --db "$db" --cache-bytes 1
check small-budget out '^compiled code: [1-9][0-9]* bytes, cache budget 1 bytes \(exceeds it\)$'
check evicted out '^cache: misses 1, hits pinned 0, hits memory 0, evictions 1$'
check nothing-cached out '^cache entries: 0 unpinned \(0 bytes\), 0 pinned \(0 bytes\)$'

# None of this changed the store.
snapshot "$work/after"
holds store-unchanged "$(diff "$work/before" "$work/after")" \
  cmp -s "$work/before" "$work/after"

# No store: an error, and nothing created; an empty directory stays empty.
run 1 stats --db "$work/missing/db"
check missing-error err "^dytallix stats: state database $work/missing/db: no such directory"
holds missing-not-created "$work/missing exists" test ! -e "$work/missing"
mkdir "$work/empty"
run 1 stats --db "$work/empty"
check empty-error err "^dytallix stats: state database $work/empty: the directory is empty"
holds empty-left-empty "$(ls -A "$work/empty")" test -z "$(ls -A "$work/empty")"

# Usage errors: one line naming the option, then where help is.
run 1 stats --db "$db" --cache-bytes ' 5'
check usage-error err "^dytallix stats: --cache-bytes: needs a whole number, got ' 5'$"
check usage-help err "^see 'dytallix stats --help'$"
run 1 stats extra --db "$db"
check extra-argument err "^dytallix stats: unexpected argument 'extra'$"
run 0 stats --help
check help out '^usage: dytallix stats \[OPTIONS\]$'

echo "$failures failure(s)"
[ "$failures" = 0 ]
