#!/usr/bin/env bash
# Installs everything Dytallix needs to build, test, fuzz and benchmark, from
# Debian 12's packages. Safe to run again.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends \
  cmake ninja-build g++ clang-14 lld-14 libclang-rt-14-dev \
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev \
  librocksdb-dev libjemalloc-dev libssl-dev nlohmann-json3-dev wabt python3 \
  cargo rustc libstd-rust-dev-wasm32 golang-go pkg-config
