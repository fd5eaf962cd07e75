#!/usr/bin/env bash
# make_corpus.sh OUT_DIR TESTSUITE_DIR [FILE.wasm...]
# Seeds a fuzzing corpus with every binary module of the spec suite's core
# tests (converted with wast2json) plus any extra modules given.
set -euo pipefail
out=$1 suite=$2
shift 2
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -d "$suite/core" ]; then
  for wast in "$suite"/core/*.wast; do
    name=$(basename "$wast" .wast)
    wast2json "$wast" -o "$work/$name.json" >/dev/null 2>&1 || true
  done
  cp "$work"/*.wasm "$out"/ 2>/dev/null || true
else
  echo "make_corpus.sh: no spec suite at $suite: seeding from the given modules only" >&2
fi
for f in "$@"; do cp "$f" "$out"/; done
echo "corpus $out: $(ls "$out" | wc -l) files"
