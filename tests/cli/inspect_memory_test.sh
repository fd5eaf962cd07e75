#!/usr/bin/env bash
# `inspect --disassemble` (text and --json) on hostile 3 MiB modules that
# the contract profile rejects: peak RSS stays within 16 MiB + 40 bytes per
# module byte (it was ~340-520 bytes per byte when --json built a tree of
# every instruction), and the JSON parses and lists every function. The
# shapes: long bodies of `i32.const 1; drop`, long bodies of 1-byte `nop`s,
# and ~800k empty functions (the decoder's costliest bytes: a Function per
# 4 bytes of module).
# usage: inspect_memory_test.sh DYTALLIX PYTHON3 SANITIZED
# SANITIZED=1: a sanitizer build, whose RSS says nothing: only parses.
set -uo pipefail
dytallix=$1 python=$2 sanitized=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The modules, written by a process of their own: the one that measures
# must stay small (see below).
"$python" - "$work" <<'PY' || exit 1
import sys

work = sys.argv[1]
SIZE = 3 << 20

def leb(n):
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)

def section(id, payload):
    return bytes([id]) + leb(len(payload)) + payload

def module(body, n):
    entry = leb(len(body)) + body
    return (b"\0asm\1\0\0\0" + section(1, b"\x01\x60\x00\x00") +
            section(3, leb(n) + b"\x00" * n) +
            section(10, leb(n) + entry * n))

def long_bodies(unit):
    per = 64 * 1024
    return module(b"\x00" + unit * ((per - 8) // len(unit)) + b"\x0b",
                  SIZE // per)

open(f"{work}/const-drop.wasm", "wb").write(long_bodies(b"\x41\x01\x1a"))
open(f"{work}/nop.wasm", "wb").write(long_bodies(b"\x01"))
open(f"{work}/empty-functions.wasm", "wb").write(module(b"\x00\x0b", SIZE // 4))
PY

"$python" - "$dytallix" "$work" "$sanitized" <<'PY'
import os, subprocess, sys

dytallix, work, sanitized = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
# Parses without keeping the objects (a listing of millions of
# instructions would cost gigabytes as Python dicts); prints the number of
# functions and of instructions listed.
CHECK_JSON = """
import json, sys
counts = {"body_size": 0, "text": 0}
def forget(obj):
    for key in counts:
        counts[key] += key in obj
    return 0
json.load(open(sys.argv[1]), object_hook=forget)
print(counts["body_size"], counts["text"])
"""

failures = 0
# Each shape with the number of functions it defines.
for name, defined in (("const-drop", 48), ("nop", 48),
                      ("empty-functions", 786432)):
    path = f"{work}/{name}.wasm"
    size = os.path.getsize(path)
    bound_kb = 16 * 1024 + 40 * size // 1024
    for args in (["--json"], []):
        out = f"{work}/out"
        with open(out, "wb") as stdout:
            child = subprocess.Popen(
                [dytallix, "inspect", path, "--disassemble"] + args,
                stdout=stdout)
            # This child's own peak. ru_maxrss counts the pages it shared
            # with this process before exec too: this one stays small.
            _, wait_status, usage = os.wait4(child.pid, 0)
        status = os.waitstatus_to_exitcode(wait_status)
        peak_kb = usage.ru_maxrss
        problems = []
        if status != 1:
            problems.append(f"status {status} (want 1: rejected)")
        if not sanitized and peak_kb > bound_kb:
            problems.append(f"peak RSS {peak_kb} KB > {bound_kb} KB")
        listed = ""
        if args:
            parsed = subprocess.run([sys.executable, "-c", CHECK_JSON, out],
                                    capture_output=True, text=True)
            if parsed.returncode != 0:
                problems.append("the JSON does not parse: " + parsed.stderr)
            else:
                functions, instructions = map(int, parsed.stdout.split())
                listed = f", lists {functions} functions, {instructions} instructions"
                if functions != defined or instructions < functions:
                    problems.append(f"the JSON lists {functions} functions"
                                    f" (want {defined})")
        print(f"{'FAIL' if problems else 'ok  '} {name}{' --json' if args else ''}:"
              f" {size} bytes, peak RSS {peak_kb} KB (bound {bound_kb} KB"
              f"{', not checked: sanitizers' if sanitized else ''}){listed}"
              + "".join("; " + p for p in problems))
        failures += bool(problems)
print(f"{failures} failure(s)")
sys.exit(failures != 0)
PY
