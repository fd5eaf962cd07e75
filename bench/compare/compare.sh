#!/usr/bin/env bash
# The engine comparison in one command (see README.md beside this file):
# installs what is missing, builds the workloads and the dytallix CLI in a
# release build (C, so the native baselines, with clang-14 like the
# WebAssembly; the VM's C++ with g++, like CI's release build: about 10%
# faster than clang++-14 here), then runs compare.mjs with the given options.
#   bench/compare/compare.sh [--quick] [--build-dir DIR] [compare.mjs options]
# SKIP_INSTALL=1 skips the install step, SKIP_BUILD=1 the build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

build_dir=$repo/build/bench
args=("$@")
for ((i = 0; i < ${#args[@]}; ++i)); do
  if [[ ${args[i]} == --build-dir ]] && ((i + 1 < ${#args[@]})); then
    build_dir=${args[i + 1]}
  fi
done

install_missing() {
  local tool
  for tool in cmake ninja clang-14 wasm-interp; do
    if ! command -v "$tool" >/dev/null; then
      "$repo/scripts/install-deps.sh"
      break
    fi
  done
  local packages=()
  command -v node >/dev/null || packages+=(nodejs)
  command -v gnuplot >/dev/null || packages+=(gnuplot-nox)
  if ((${#packages[@]} > 0)); then
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${packages[@]}"
  fi
}

build() {
  if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    cmake -S "$repo" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=g++ \
      -DDYTALLIX_BUILD_TESTS=OFF >&2
  fi
  cmake --build "$build_dir" --target bench_workloads >&2
  # The VM may be mid-change: without a CLI the engine is reported unavailable.
  if ! cmake --build "$build_dir" --target dytallix >&2; then
    echo "compare.sh: the dytallix CLI did not build; continuing without it" >&2
  fi
}

[[ ${SKIP_INSTALL:-0} == 1 ]] || install_missing
[[ ${SKIP_BUILD:-0} == 1 ]] || build
exec node "$here/compare.mjs" --build-dir "$build_dir" "$@"
