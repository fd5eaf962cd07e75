# shellcheck shell=bash
# shellcheck disable=SC2154 # dytallix and work: set by the sourcing test
# Sourced by the CLI tests, which set $dytallix (the binary), $work (their
# scratch directory) and failures=0 first. Each helper that finds a failure
# counts it in $failures.

# run STATUS ARGS...: runs $dytallix with ARGS from $run_dir (default: the
# current directory); saves stdout and stderr in $work/out and $work/err.
# Returns 1, after saying so, if the exit status is not STATUS.
run() {
  local want=$1 status
  shift
  (cd "${run_dir:-$PWD}" && "$dytallix" "$@") >"$work/out" 2>"$work/err"
  status=$?
  if [ "$status" != "$want" ]; then
    echo "FAIL $*: status $status (want $want)"
    echo "  stdout: $(cat "$work/out")"
    echo "  stderr: $(cat "$work/err")"
    failures=$((failures + 1))
    return 1
  fi
}

# check NAME FILE PATTERN: $work/FILE (out or err) has a line matching the
# extended regex PATTERN.
check() {
  if grep -qE -- "$3" "$work/$2"; then
    echo "ok   $1"
  else
    echo "FAIL $1: $2 does not match '$3':"
    sed 's/^/  /' "$work/$2"
    failures=$((failures + 1))
  fi
}

# le64 N: N as a u64, little-endian, in hex.
le64() { printf '%016x' "$1" | sed -E 's/(..)/\1 /g' | awk '{for (i = NF; i > 0; i--) printf "%s", $i}'; }
