// Helpers the benchmark programs share: reading the example contracts,
// loading and calling a module inside a benchmark's timing loop, and the
// single-instruction loop modules vm_bench and gas_calibration_bench time.
//
// Every function that takes a benchmark::State reports a failure by
// SkipWithError with the reason; the benchmark then records no result.
#ifndef DYTALLIX_BENCH_BENCH_UTIL_H_
#define DYTALLIX_BENCH_BENCH_UTIL_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "vm/engine.h"

namespace dytallix::internal::bench {

// Metering on, per block (the production mode), with a limit no benchmark
// reaches.
inline constexpr CallOptions kMetered{.metering = true,
                                      .gas_limit = UINT64_MAX / 2};

// The example contract `name` (contracts/NAME.c) as built into
// DYTALLIX_CONTRACTS_DIR; empty if it is not there.
std::vector<uint8_t> ReadContract(std::string_view name);

// Load(wasm) under the contract profile; on failure skips the benchmark and
// returns null.
std::shared_ptr<const CompiledModule> LoadOrSkip(benchmark::State& state,
                                                 std::span<const uint8_t> wasm,
                                                 const GasOptions& gas = {});

// Instantiates `module` in `store`, every function import a host function
// returning zeros of its result types; on failure skips the benchmark and
// returns null. The instance is owned by `store`.
Instance* InstantiateOrSkip(benchmark::State& state, Store& store,
                            std::shared_ptr<const CompiledModule> module);

// What RunCall calls in the timing loop.
struct CallSpec {
  std::string_view name;             // the exported function
  std::span<const Value> args = {};  // must match its parameters
  GasOptions gas = {};               // how the module is compiled
  CallOptions call = kMetered;       // must suit `gas` (no metered kNone code)
  double units = 1;                  // units of work per call: ns_per_unit
};

// Loads `wasm` under the contract profile and instantiates it in a fresh
// Store with every function import returning zeros, then calls `spec` once
// per benchmark iteration; a call that fails or traps skips the benchmark.
// Counters: `gas`, the last call's gas used; `ns_per_unit` if units != 1.
void RunCall(benchmark::State& state, std::span<const uint8_t> wasm,
             const CallSpec& spec);

// Iterations of every loop module's loop.
inline constexpr uint32_t kLoopIterations = 100'000;

// A module whose export `loop` (param i32 n) (result i32) runs `setup` once,
// then `body` n times; `prelude` adds module fields (types, globals, tables,
// functions) beside its one memory page. The loop's locals: 0 the counter
// (i32, n down to 1: never zero in the body), 1 i32, 2 i64, 3 f64, 4 f32,
// 5 funcref; the result is local 1. The loop itself is local.tee, i32.sub and
// br_if (an empty body times it).
std::string LoopModule(std::string_view body, std::string_view prelude = "",
                       std::string_view setup = "");

// RunCall on LoopModule's `loop` with kLoopIterations, metered per block;
// ns_per_unit is per loop iteration.
void RunLoop(benchmark::State& state, std::string_view body,
             std::string_view prelude = "", std::string_view setup = "");

}  // namespace dytallix::internal::bench

#endif  // DYTALLIX_BENCH_BENCH_UTIL_H_
