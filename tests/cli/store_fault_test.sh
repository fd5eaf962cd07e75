#!/usr/bin/env bash
# Fault matrix of a RocksDB state store: every file of a store deleted,
# truncated to half or garbled in turn, then every store command (query,
# events, call, deploy) run twice on a fresh damaged copy. Each run must end
# in a clear error naming the directory or in consistent state: never a
# silent loss (a value that is not the committed one, without a note saying
# what was left out). A read never changes a byte of the directory, and
# neither does a write whose open refused the store ("nothing was changed").
# Prints the matrix: one row per file and damage, one cell per command
# ("run 1 / run 2" when they differ).
#
# The fixture: counter.wasm deployed and incremented by the CLI (each run
# closes the store cleanly: its commit is flushed to an .sst file), then
# incremented once more by crash_writer, which exits without closing, so the
# last call lives in the write-ahead log only. Committed count: 2.
# usage: store_fault_test.sh DYTALLIX CONTRACTS_DIR CRASH_WRITER
set -uo pipefail
dytallix=$1 contracts=$2 crash_writer=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

# Every file's name and checksum: equal fingerprints, byte-identical dirs.
fingerprint() {
  if [ -d "$1" ]; then
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r md5sum)
  else
    echo "no directory"
  fi
}

# The counter's committed value through a read-only query, or "error".
count_of() {
  local out
  out=$("$dytallix" query "$counter" get --db "$1" 2>/dev/null) || { echo error; return; }
  echo $((16#$(echo "$out" | sed -n 's/^output: 0x\(..\).*/\1/p')))
}

pristine=$work/pristine
"$dytallix" deploy "$contracts/counter.wasm" --db "$pristine" >"$work/out" 2>/dev/null ||
  { echo "FAIL fixture: deploy"; exit 1; }
counter=$(sed -n 's/^contract: //p' "$work/out")
"$dytallix" call "$counter" increment --db "$pristine" >/dev/null ||
  { echo "FAIL fixture: call"; exit 1; }
"$crash_writer" "$pristine" "$counter" increment ||
  { echo "FAIL fixture: crash_writer"; exit 1; }
[ "$(count_of "$pristine")" = 2 ] || { echo "FAIL fixture: count is not 2"; exit 1; }
ls "$pristine"/*.sst >/dev/null 2>&1 || { echo "FAIL fixture: no .sst file"; exit 1; }
[ -n "$(find "$pristine" -name '*.log' -size +0)" ] ||
  { echo "FAIL fixture: no non-empty .log file"; exit 1; }
echo "fixture: $(cd "$pristine" && ls | grep -v '^LOG.old' | tr '\n' ' ')"

# damage KIND FILE
damage() {
  local size
  size=$(stat -c %s "$2")
  case $1 in
    delete) rm -f "$2" ;;
    truncate) truncate -s $((size / 2)) "$2" ;;
    garble)
      if [ "$size" = 0 ]; then
        printf 'garbage garbage garbage garbage' >"$2"
      else
        printf '\245%.0s' {1..16} |
          dd of="$2" bs=1 seek=$((size / 2)) conv=notrunc status=none
      fi
      ;;
  esac
}

# The short name of how a run ended: ok, ok+note (the open left something
# out and said so), or the error's gist.
outcome() {
  local status=$1 err=$2
  if [ "$status" = 0 ]; then
    grep -q 'note:' "$err" && echo "ok+note" || echo ok
    return
  fi
  local text
  text=$(cat "$err")
  case $text in
    *"no CURRENT"*) echo "DataLoss: no CURRENT" ;;
    *"write-ahead log"*"missing"*) echo "DataLoss: log missing" ;;
    *"MANIFEST does not list"*) echo "DataLoss: MANIFEST lost records" ;;
    *"No such file"*) echo "DataLoss: file missing" ;;
    *"size mismatch"* | *"Sst file size"*) echo "DataLoss: sst size" ;;
    *Corruption*) echo "DataLoss: corrupt" ;;
    *"IO error"*) echo "Internal: I/O error" ;;
    *) echo "error: $(head -c 60 "$err" | tr '\n' ' ')" ;;
  esac
}

# run_case FILE KIND COMMAND: a fresh damaged copy, COMMAND twice; checks
# and prints the cell.
run_case() {
  local file=$1 kind=$2 command=$3 db=$work/case
  rm -rf "$db"
  cp -a "$pristine" "$db"
  [ "$kind" = none ] || damage "$kind" "$db/$file"
  local start results="" successes=0 noted=0 before after status
  start=$(fingerprint "$db")
  for run in 1 2; do
    before=$(fingerprint "$db")
    case $command in
      query) "$dytallix" query "$counter" get --db "$db" >"$work/out" 2>"$work/err" ;;
      events) "$dytallix" events --db "$db" >"$work/out" 2>"$work/err" ;;
      call) "$dytallix" call "$counter" increment --db "$db" >"$work/out" 2>"$work/err" ;;
      deploy) "$dytallix" deploy "$contracts/counter.wasm" --from "$(printf '0%.0s' {1..63})1" \
        --db "$db" >"$work/out" 2>"$work/err" ;;
    esac
    status=$?
    after=$(fingerprint "$db")
    local got
    got=$(outcome "$status" "$work/err")
    results="$results|$got"
    [ "$got" = ok+note ] && noted=1
    if [ "$status" = 0 ]; then
      successes=$((successes + 1))
    elif grep -q 'nothing was changed' "$work/err" && [ "$before" != "$after" ]; then
      fail "$file $kind $command run $run: refused ($got) but changed the directory"
    elif ! grep -q "$db" "$work/err"; then
      fail "$file $kind $command run $run: the error does not name the directory: $(cat "$work/err")"
    fi
    case $command in
      query | events)
        [ "$before" = "$after" ] || fail "$file $kind $command run $run: a read changed the directory"
        if [ "$status" = 0 ]; then
          local value
          if [ "$command" = query ]; then
            value=$((16#$(sed -n 's/^output: 0x\(..\).*/\1/p' "$work/out")))
          else
            value=$(grep -c '^event incremented' "$work/out")
          fi
          # Each increment emits one event: both count the committed calls.
          if [ "$value" != 2 ] && ! [ "$value" = 1 ] && [ "$noted" = 1 ]; then
            fail "$file $kind $command run $run: read $value, not 2"
          elif [ "$value" != 2 ] && [ "$noted" = 0 ]; then
            fail "$file $kind $command run $run: SILENT LOSS: read $value, not 2"
          fi
        fi
        ;;
      call | deploy)
        # A write whose open succeeded and whose request then read damage
        # (a garbled .sst block): the open's own recovery may have written
        # (a flush of the log), but the damage must still show.
        if [ "$status" != 0 ] && ! grep -q 'nothing was changed' "$work/err"; then
          local now
          now=$(count_of "$db")
          [ "$now" = error ] || [ "$now" = 2 ] ||
            fail "$file $kind $command run $run: after a failed write the count reads $now"
        fi
        if [ "$status" = 0 ]; then
          local want=2 now
          [ "$noted" = 1 ] && want=1
          [ "$command" = call ] && want=$((want + successes))
          now=$(count_of "$db")
          [ "$now" = "$want" ] ||
            fail "$file $kind $command run $run: count after it is $now, want $want"
        fi
        ;;
    esac
  done
  [ "$kind" = none ] && [ "$command" != call ] && [ "$command" != deploy ] &&
    [ "$start" != "$(fingerprint "$db")" ] && fail "reads of the sound store changed it"
  local first second
  first=$(echo "$results" | cut -d'|' -f2)
  second=$(echo "$results" | cut -d'|' -f3)
  if [ "$first" = "$second" ]; then cell=$first; else cell="$first / $second"; fi
  if [ "$command" != call ] && [ "$command" != deploy ] && [ "$first" != "$second" ]; then
    fail "$file $kind $command: two reads ended differently ($cell)"
  fi
}

# Only deploy creates a store, and only where nothing is.
missing=$work/typo/db
for command in "query $counter get" "events" "call $counter increment"; do
  # shellcheck disable=SC2086
  "$dytallix" $command --db "$missing" >/dev/null 2>"$work/err" &&
    fail "$command on a missing store succeeded"
  grep -q "no such directory.*deploy' creates a store" "$work/err" ||
    fail "$command on a missing store: $(cat "$work/err")"
  [ -e "$work/typo" ] && fail "$command on a missing store created it"
done
mkdir "$work/foreign" && echo mine >"$work/foreign/notes.txt"
"$dytallix" deploy "$contracts/counter.wasm" --db "$work/foreign" >/dev/null 2>"$work/err" &&
  fail "deploy into a directory of other files succeeded"
[ "$(ls "$work/foreign")" = notes.txt ] || fail "deploy wrote into a directory of other files"
"$dytallix" deploy "$contracts/counter.wasm" --db "$work/fresh" >/dev/null 2>"$work/err" ||
  fail "deploy into a new directory: $(cat "$work/err")"
grep -q "created a new state database" "$work/err" || fail "deploy did not say it created a store"
echo "ok   only deploy creates a store, only where nothing is"

files=$(cd "$pristine" && ls | grep -v '^LOG.old')
printf '\n| file | damage | query | events | call | deploy |\n|---|---|---|---|---|---|\n' >"$work/matrix"
for file in none $files; do
  for kind in delete truncate garble; do
    if [ "$file" = none ]; then
      [ "$kind" = delete ] || continue
      kind=none
    fi
    row="| ${file/none/(sound store)} | $kind |"
    for command in query events call deploy; do
      run_case "$file" "$kind" "$command"
      row="$row $cell |"
    done
    echo "$row" >>"$work/matrix"
  done
done
cat "$work/matrix"
echo
echo "$failures failure(s)"
[ "$failures" = 0 ]
