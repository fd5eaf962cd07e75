// The execution harness shared by exec_fuzzer and diff_fuzzer: instantiate a
// compiled module in a fresh Store, call every exported function with
// arguments taken from the fuzzer's bytes, and record everything observable
// (results, traps, gas, exported memory and globals) in a form two runs can be
// compared by, even across Stores (function references become indices).
#ifndef DYTALLIX_FUZZ_EXEC_HARNESS_H_
#define DYTALLIX_FUZZ_EXEC_HARNESS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "decoder/module.h"
#include "testing/module_gen/choices.h"
#include "vm/engine.h"

namespace dytallix::internal {

// A value with function references replaced by their function index + 1
// (0 for null), so runs in different Stores compare equal.
using Cell = std::pair<ValType, uint64_t>;

struct CallRecord {
  std::string name;
  std::vector<Cell> results;
  std::optional<Trap> trap;
  uint64_t gas_used = 0;
  bool operator==(const CallRecord&) const = default;
};

struct RunRecord {
  std::optional<Trap> instantiate_trap;
  std::vector<CallRecord> calls;
  uint64_t memory_hash = 0;   // of the exported "memory", after every call
  std::vector<Cell> globals;  // exported globals, after every call
};

// The gas limit of every fuzzed call: small, so loops end quickly.
inline constexpr uint64_t kFuzzGasLimit = 100'000;

// Instantiates `module` in a fresh Store under Profile::Contract(), its
// imports bound to stubs (functions return zeros), its start function
// metered with kFuzzGasLimit (whatever `options` say), and calls at most
// `max_calls` of its function exports, in export order, with `options`.
// Arguments come from `arg_bytes`. Returns nullopt if the imports cannot be
// stubbed (a memory too large for the profile, a name imported twice as
// different kinds). Aborts on a Status error from the engine, which
// means a harness or engine bug.
std::optional<RunRecord> RunExports(
    const std::shared_ptr<const CompiledModule>& module,
    std::span<const uint8_t> arg_bytes, const CallOptions& options,
    size_t max_calls = SIZE_MAX);

// A call argument of type `t` taken from `choices`: boundary values or raw
// bits for numbers (NaNs included), null or Value::ExternRef(0..3) for
// externref, null for funcref.
Value Argument(ValType t, testing::Choices& choices);

// FNV-1a over a memory's page count and bytes.
uint64_t HashMemory(std::span<const uint8_t> bytes);

// Binds every import of `module` in `linker` to a fresh stub of `store` of
// exactly its type: functions that return zeros (null references), globals
// holding zero, new tables and memories. False if a memory is too large for
// the store's profile. The stub functions point into `module`, which must
// outlive `store`.
bool DefineStubImports(const Module& module, Store& store, Linker& linker);

// What differs between `a` and `b` ("" if nothing): instantiation, then each
// of the first min(a, b) calls (gas only if `compare_gas`), then memory and
// globals if `compare_state`.
std::string Differences(const RunRecord& a, const RunRecord& b,
                        bool compare_gas, bool compare_state);

}  // namespace dytallix::internal

#endif  // DYTALLIX_FUZZ_EXEC_HARNESS_H_
