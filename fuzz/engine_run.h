// Running one module on any WasmEngine the way the fuzzers do, and comparing
// two engines' runs.
#ifndef DYTALLIX_FUZZ_ENGINE_RUN_H_
#define DYTALLIX_FUZZ_ENGINE_RUN_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "decoder/module.h"
#include "fuzz/wasm_engine.h"

namespace dytallix::internal {

// One call and the exported state right after it.
struct CallObservation {
  std::string name;
  CallOutcome outcome;
  std::vector<uint64_t> memories;  // HashMemory of each memory export
  std::vector<Cell> globals;       // each global export
};

struct EngineRun {
  std::optional<TrapKind> start_trap;  // of segments or the start function
  std::vector<CallObservation> calls;
};

// Instantiates `wasm` (which decodes to `module`) on `engine` and calls its
// function exports in export order, at most `max_calls` of them, with
// arguments from `arg_bytes` (exec_harness.h's Argument), observing the
// exported memories and globals after each call. Stops after a call that
// ran out of gas or exhausted a stack: what follows would not compare. An
// error: the engine could not instantiate the module.
absl::StatusOr<EngineRun> RunOn(WasmEngine& engine,
                                std::span<const uint8_t> wasm,
                                const Module& module,
                                std::span<const uint8_t> arg_bytes,
                                size_t max_calls = SIZE_MAX);

// Compares two engines' runs of one module, call by call, for as long as
// they are comparable:
//   - a float result or global that is NaN in both runs is equal, whatever
//     its bits (the spec lets arithmetic NaN payloads and signs differ);
//     every other value, every trap kind and every memory byte must match;
//   - out of gas (only a metered engine has gas) ends the comparison
//     before that call; so does a trap that exhausted the call or value
//     stack in either run: the engines' stacks differ in size, so one may
//     go deeper or further than the other from there.
// Returns the number of calls compared and what differed first ("" if
// nothing). Trap places are not compared: engines count offsets differently.
struct Comparison {
  size_t calls = 0;
  std::string difference;
};
Comparison CompareRuns(const EngineRun& a, const EngineRun& b);

}  // namespace dytallix::internal

#endif  // DYTALLIX_FUZZ_ENGINE_RUN_H_
