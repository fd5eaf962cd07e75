// WasmEngine: one interface over a WebAssembly engine, so a reference engine
// (wabt's interpreter, fuzz/wabt_engine.h) can run beside ours
// (fuzz/dytallix_engine.h) and a differential fuzzer can compare them call by
// call (fuzz/engine_run.h). Modelled on fizzy's test/utils/wasm_engine.hpp.
//
// Values cross the interface as Cells (fuzz/exec_harness.h): numbers as their
// bits; a funcref as its index in the instance's function index space + 1
// (0 for null); an externref as Value::ExternRef's slot (host value + 1, 0
// for null). Traps are our TrapKind, whatever engine raised them.
//
// Thread-safety: none; one engine object per thread.
#ifndef DYTALLIX_FUZZ_WASM_ENGINE_H_
#define DYTALLIX_FUZZ_WASM_ENGINE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fuzz/exec_harness.h"
#include "vm/value.h"

namespace dytallix::internal {

// What one call did: its results, or the trap that ended it.
struct CallOutcome {
  std::vector<Cell> results;  // empty if trapped
  std::optional<TrapKind> trap;
};

class WasmEngine {
 public:
  virtual ~WasmEngine() = default;

  // Decodes and validates `wasm`; the error says why it is rejected.
  virtual absl::Status Validate(std::span<const uint8_t> wasm) = 0;

  // Loads `wasm` and instantiates it, replacing any earlier instance. Every
  // import is bound to a fresh stub of exactly its type: functions return
  // zeros (null references), globals hold zero, tables and memories are new.
  // An error means the module could not be loaded or linked; a trap of a
  // segment or the start function is the value.
  virtual absl::StatusOr<std::optional<TrapKind>> Instantiate(
      std::span<const uint8_t> wasm) = 0;

  // Calls the function export `name` with `args` (its parameter types).
  // REQUIRES: the last Instantiate succeeded without a trap.
  virtual CallOutcome Call(std::string_view name,
                           std::span<const Cell> args) = 0;

  // The bytes of the memory export `name`, valid until the next call.
  virtual std::span<const uint8_t> Memory(std::string_view name) = 0;

  // The value of the global export `name`.
  virtual Cell Global(std::string_view name) = 0;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_FUZZ_WASM_ENGINE_H_
