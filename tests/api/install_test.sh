#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds two programs
# outside the project against it: a C++ one with find_package(dytallix) and a
# C one with pkg-config, and runs both.
# usage: install_test.sh BUILD_DIR CONSUMER_DIR COUNTER_WASM CC CXX [FLAGS]
# CC, CXX and FLAGS (e.g. sanitizer flags) match the installed build's.
set -euo pipefail
build=$1 consumer=$2 wasm=$3 c_compiler=$4 cxx_compiler=$5 extra=${6:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/dytallix include/dytallix/runtime.h include/dytallix/dytallix.h \
  include/dytallix/plugin_abi.h \
  lib/libdytallix.a lib/cmake/dytallix/dytallixConfig.cmake \
  lib/pkgconfig/dytallix.pc; do
  [ -e "$prefix/$f" ] || { echo "FAIL: not installed: $f"; exit 1; }
done
"$prefix/bin/dytallix" deploy --help >/dev/null

cmake -S "$consumer" -B "$work/cmake-build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="$cxx_compiler" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
out=$("$work/cmake-build/consumer" "$wasm")
[ "$out" = "count 1" ] || { echo "FAIL: C++ consumer printed '$out'"; exit 1; }
echo "ok   find_package consumer: $out"

# pkg-config rewrites -I/-L of its own prefix; point it at the temp prefix.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cflags=$(pkg-config --define-variable=prefix="$prefix" --cflags dytallix)
libs=$(pkg-config --define-variable=prefix="$prefix" --libs dytallix)
# Compiled as C; linked by the C++ driver, which brings the C++ runtime (and
# the sanitizer runtimes' C++ parts in sanitized builds).
# shellcheck disable=SC2086
"$c_compiler" -std=c11 $extra $cflags -c "$consumer/consumer.c" -o "$work/consumer.o"
# shellcheck disable=SC2086
"$cxx_compiler" $extra "$work/consumer.o" -o "$work/c-consumer" $libs
out=$("$work/c-consumer" "$wasm")
[ "$out" = "deployed at block 0" ] || { echo "FAIL: C consumer printed '$out'"; exit 1; }
echo "ok   pkg-config consumer: $out"
