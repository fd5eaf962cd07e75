// GasSchedule: what every metered action costs. A value, versioned and hashed:
// compiled code bakes the static costs in, so it is keyed by the schedule's
// hash (vm/code_key.h), and consensus requires every node to run the same
// schedule.
//
// Static costs are per GasClass (decoder/opcode.h) and charged per basic block
// (vm/compiler.h says which block each instruction is charged to); the
// compiler adds, at function entry, `local` per declared local (parameters
// excluded: the caller already wrote them) and, on br_table, `value_moved`
// per value the branch carries. Dynamic costs are charged at run time by the
// instruction that incurs them, before it does any work, from its requested
// size: a charge that fails traps OutOfGas and the work is not done.
//
// How the defaults were chosen (relative to i32.add = 1): the interpreter
// spends roughly the same time on every simple register-to-register
// instruction (dispatch dominates), so constants, locals and integer ALU ops
// cost 1. Multiplies (2) and divides (4, with their trap checks) are slower
// in hardware; float ops cost 2 for NaN canonicalization under the contract
// profile, float divide/sqrt 6, conversions (with range checks) 3. Loads and
// stores (bounds check + access) cost 2. Branches cost 2: a taken branch
// breaks the dispatch predictor. br_table costs 4 plus 1 per carried value.
// A call pushes a frame, zeroes locals and checks two limits: 10; an
// indirect call adds a table bound, null and signature check: 14.
// memory.grow costs 100 plus 64 per page requested (a page is 64 KiB the
// host must zero and later keep); table.grow 20 plus 1 per element. Bulk
// memory ops cost 5 plus 1 per 16 bytes (memset/memmove move ~16 bytes in the
// time of one interpreted add); bulk table ops 5 plus 1 per element. Host
// calls cost what host/host_gas.h documented before this schedule absorbed
// it. The per-class numbers are estimates from the interpreter's structure,
// not per-class measurements. A whole-workload check (bench/metering_bench,
// gcc -O2, unmetered CPU time / gas): a tight ALU loop 0.42 ns per gas, fib
// (call-heavy) 0.56, a load/store loop 0.34 - within 1.7x of each other, so
// no class is grossly mispriced for these mixes. Bump `version` whenever any
// number changes.
//
// Thread-safety: a GasSchedule is an immutable value once built.
#ifndef DYTALLIX_VM_GAS_SCHEDULE_H_
#define DYTALLIX_VM_GAS_SCHEDULE_H_

#include <array>
#include <cstdint>

#include "decoder/opcode.h"

namespace dytallix::internal {

using GasHash = std::array<uint8_t, 32>;  // a SHA-256 digest

inline constexpr int kGasClassCount = static_cast<int>(GasClass::kCount);

// The costs of host functions (DESIGN.md, Gas: "per host call plus per byte it
// moves, per byte stored and per byte of event") and of instantiating a
// contract for each call.
struct HostGasCosts {
  uint64_t call = 50;          // every host call, before it does anything
  uint64_t byte_moved = 1;     // each byte copied between memory and host
  uint64_t byte_stored = 20;   // each key + value byte of storage_set
  uint64_t byte_of_event = 8;  // each topic + data byte of emit_event
  uint64_t byte_hashed = 2;    // each input byte of sha256 (on top of moving)
  uint64_t nested_call = 700;  // call_contract, on top of `call`
  // Every contract call (top-level or nested) runs in a fresh instance:
  // charged before it runs, per call, per initial memory page and per byte
  // of data segments copied in.
  uint64_t instance = 200;
  uint64_t instance_page = 64;
};

// Run-time costs, read by the interpreter.
struct DynamicGasCosts {
  uint32_t memory_grow_page = 64;    // per page requested, granted or not
  uint32_t bulk_bytes_per_gas = 16;  // memory.copy/fill/init: ceil(n / this)
  uint32_t table_element = 1;        // table.copy/fill/init/grow, per element

  // The dynamic charge of a bulk memory op over `bytes` bytes.
  constexpr uint64_t BulkBytes(uint64_t bytes) const {
    return (bytes + bulk_bytes_per_gas - 1) / bulk_bytes_per_gas;
  }
};

struct GasSchedule {
  uint32_t version = 0;
  std::array<uint32_t, kGasClassCount> static_cost{};
  uint32_t local = 0;        // per declared local, at function entry
  uint32_t value_moved = 0;  // br_table: per value the branch carries
  DynamicGasCosts dynamic;
  HostGasCosts host;

  static constexpr GasSchedule Default();

  constexpr uint32_t StaticCost(Opcode op) const {
    return static_cost[static_cast<int>(InfoOf(op).gas)];
  }

  // SHA-256 over the little-endian serialization of every field, in
  // declaration order (u32 fields as 4 bytes, u64 as 8, the class count
  // before the class costs). Stable across builds and hosts.
  GasHash Hash() const;
};

constexpr GasSchedule GasSchedule::Default() {
  GasSchedule s;
  s.version = 1;
  auto set = [&s](GasClass c, uint32_t cost) {
    s.static_cost[static_cast<int>(c)] = cost;
  };
  set(GasClass::kNop, 0);
  set(GasClass::kBase, 1);
  set(GasClass::kAlu, 1);
  set(GasClass::kMul, 2);
  set(GasClass::kDiv, 4);
  set(GasClass::kFloat, 2);
  set(GasClass::kFloatDiv, 6);
  set(GasClass::kConvert, 3);
  set(GasClass::kLoad, 2);
  set(GasClass::kStore, 2);
  set(GasClass::kGlobal, 1);
  set(GasClass::kTable, 3);
  set(GasClass::kBranch, 2);
  set(GasClass::kBrTable, 4);
  set(GasClass::kCall, 10);
  set(GasClass::kCallIndirect, 14);
  set(GasClass::kMemoryGrow, 100);
  set(GasClass::kTableGrow, 20);
  set(GasClass::kBulk, 5);
  set(GasClass::kUnreachable, 1);
  s.local = 1;
  s.value_moved = 1;
  return s;
}

enum class GasMetering : uint8_t {
  // One charge per basic block: the production mode.
  kPerBlock,
  // Reference mode, for tests and the differential fuzzer: a charge before
  // every instruction instead of one per basic block, with the same costs
  // and block attribution. Every run that completes uses exactly the gas of
  // kPerBlock; a run that runs out of gas here runs out there too (kPerBlock
  // charges a block before running it, so it may run out where this mode
  // first reaches a different trap, and out-of-gas trap offsets differ).
  kPerInstruction,
  // No static charges compiled in at all (dynamic ones still run, against
  // an unlimited budget): for unmetered engines and the metering benchmark.
  // A metered Call of such code is an error.
  kNone,
};

// How Load compiles metering in.
struct GasOptions {
  GasSchedule schedule = GasSchedule::Default();
  GasMetering metering = GasMetering::kPerBlock;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_GAS_SCHEDULE_H_
