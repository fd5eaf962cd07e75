#!/usr/bin/env bash
# The main job: install, build (release) and run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SKIP_INSTALL:-0}" = 1 ] || scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
echo
echo "== dytallix inspect contracts/counter.wasm"
build/release/tools/dytallix inspect build/release/contracts/counter.wasm
