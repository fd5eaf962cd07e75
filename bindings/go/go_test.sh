#!/usr/bin/env bash
# The Go binding against this build: installs the build into a temporary
# prefix (as a node developer would), then builds and tests the package with
# cgo finding libdytallix through the installed pkg-config file.
# usage: go_test.sh BUILD_DIR GO CC MODE
#   MODE race:     gofmt, go vet, the example (built both through pkg-config
#                  and with hand-set CGO flags, then run), go test -race
#   MODE cgocheck: go test under GODEBUG=cgocheck=2
set -euo pipefail
build=$1 go=$2 c_compiler=$3 mode=$4
source_dir=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fixed prefix per mode: Go's build cache keeps the -L path pkg-config gave.
prefix=$build/bindings/go/$mode-prefix

rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
# The installed dytallix.pc names the configured prefix; this one is elsewhere.
sed -i "s|^prefix=.*|prefix=$prefix|" "$prefix/lib/pkgconfig/dytallix.pc"

# Go's build cache knows nothing of the C library behind pkg-config: a
# fingerprint of the installed library, headers and pkg-config file (its
# link flags are cached with the package) in the C flags and the link flags
# makes it recompile and relink whenever they change.
fingerprint=$(cat "$prefix"/lib/*.a "$prefix"/include/dytallix/*.h \
  "$prefix"/lib/pkgconfig/dytallix.pc | sha256sum | cut -c1-16)
export CGO_CFLAGS="-g -O2 -DDYTALLIX_FINGERPRINT=$fingerprint"

# No module proxy, no user settings; caches inside the build directory.
export GOENV=off GOPROXY=off GO111MODULE=on
export GOFLAGS="-buildvcs=false -ldflags=-X=main.dytallixFingerprint=$fingerprint"
export GOCACHE=$build/bindings/go/gocache GOPATH=$build/bindings/go/gopath
export CGO_ENABLED=1 CC=$c_compiler
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# absl's pkg-config files bracket -latomic with these, which Go 1.19's cgo
# flag check does not know.
export CGO_LDFLAGS_ALLOW='-Wl,--(push-state,--as-needed|pop-state)'
export DYTALLIX_CONTRACTS=$build/contracts
cd "$source_dir"

# go_test ARGS...: go test -v, printing the verdicts, not the "=== RUN" lines.
go_test() {
  local status=0
  "$go" test -count=1 -v "$@" ./... >"$work/test.log" 2>&1 || status=$?
  grep -v -E '^=== (RUN|PAUSE|CONT)' "$work/test.log"
  local passed
  passed=$(grep -c -E '^--- PASS' "$work/test.log" || true)
  echo "go test${*:+ $*}${GODEBUG:+ (GODEBUG=$GODEBUG)}: $passed passed, $(grep -c -E '^--- FAIL' "$work/test.log" || true) failed"
  return "$status"
}

case $mode in
  race)
    unformatted=$(gofmt -l .)
    [ -z "$unformatted" ] || { echo "FAIL: gofmt -l: $unformatted"; exit 1; }
    echo "ok   gofmt -l"
    "$go" vet ./...
    echo "ok   go vet ./..."
    "$go" build -o "$work/example" ./example
    # The documented alternative to pkg-config: the flags by hand.
    CGO_CFLAGS="$CGO_CFLAGS $(pkg-config --cflags dytallix)" \
      CGO_LDFLAGS=$(pkg-config --libs dytallix) \
      "$go" build -tags dytallix_manual -o "$work/example-manual" ./example
    for example in example example-manual; do
      out=$("$work/$example" -wasm "$build/contracts/token.wasm" -db "$work/db-$example")
      grep -q '^balance bob: 250$' <<<"$out" &&
        grep -q '^transfer 5000: reverted: insufficient balance' <<<"$out" ||
        { echo "FAIL: $example printed:"; echo "$out"; exit 1; }
    done
    echo "ok   example (pkg-config and dytallix_manual builds) deploys and transfers"
    go_test -race
    ;;
  cgocheck)
    GODEBUG=cgocheck=2 go_test
    ;;
  *)
    echo "unknown mode: $mode"
    exit 2
    ;;
esac
