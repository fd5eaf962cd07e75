# Sourced by the CLI tests. check NAME FILE PATTERN: $work/FILE (out or err)
# has a line matching the extended regex PATTERN; counts a failure in
# $failures otherwise.
check() {
  if grep -qE -- "$3" "$work/$2"; then
    echo "ok   $1"
  else
    echo "FAIL $1: $2 does not match '$3':"
    sed 's/^/  /' "$work/$2"
    failures=$((failures + 1))
  fi
}
