// The engine interface: the one way tests, the spec harness, benchmarks,
// fuzzers and the host runtime drive the VM.
//
//   // Decode, validate and compile once; share the result freely.
//   auto module = Load(bytes, Profile::Spec());
//   // A Store owns runtime objects; a Linker maps import names to them.
//   Store store(Profile::Spec());
//   Linker linker;
//   linker.Define("env", "f",
//                 Extern::Of(store.NewHostFunction(type, {fn, context})));
//   // Link, allocate, apply segments, run the start function.
//   auto inst = Instantiate(store, *module, linker);
//   // Spec `register`: later modules may import this instance's exports.
//   linker.DefineInstance("M", *inst->instance);
//   std::vector<Value> args = {Value::I32(7)};
//   auto r = Invoke(store, *inst->instance, "run", args);
//   if (r->trap) { ... TrapKindName(r->trap->kind) ... } else { r->results }
//
// Two error channels:
//   absl::Status  Load: the decoder's "malformed: ..."/"unsupported: ..." or
//                 the validator's "invalid: ..."/"limit: ..." message, as is.
//                 Instantiate: "unlinkable: ..." (unknown import, wrong kind
//                 or incompatible type). Invoke/ReadGlobal/...: misuse by the
//                 caller (no such export, wrong argument types).
//   Trap          a value: execution stopped (CallResult::trap, or
//                 InstantiateResult::trap for a segment or start-function
//                 trap, after which the instance is not returned but the
//                 effects of earlier segments on imported tables and memories
//                 remain, as WebAssembly 2.0 says).
// After a trap the Store and every instance in it remain usable.
//
// Thread-safety: CompiledModule is immutable and shareable across threads and
// Stores. A Store and its instances are used by one thread at a time.
#ifndef DYTALLIX_VM_ENGINE_H_
#define DYTALLIX_VM_ENGINE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/profile.h"
#include "decoder/module.h"
#include "vm/gas_schedule.h"
#include "vm/interpreter.h"
#include "vm/store.h"
#include "vm/value.h"

namespace dytallix::internal {

// A decoded, validated and compiled module. Immutable.
struct CompiledModule;

// Decodes `bytes`, validates them under `profile` and compiles every function.
// The profile's structural limits and canonicalize_nans are fixed into the
// result; run-time limits (memory pages, table elements, call depth, value
// stack) are those of the Store the module is instantiated in. `gas` fixes the
// gas schedule and the metering mode (per block, or the per-instruction
// reference mode tests and the differential fuzzer compare it with) into the
// compiled code; a cache of the result must be keyed by
// vm/compiled_code_key.h's CompiledCodeKey.
//
// One function at a time is decoded, validated and compiled, and its decoded
// instructions dropped then: a load holds one body's instructions, not the
// module's, and the result keeps none (ModuleOf(result) has
// bodies_deferred; decoder/decoder.h's DecodeBody reads one again). Errors
// are the first of: the module's sections (bodies framed, not decoded), its
// module-level validation, then per function in index order its decoding and
// its validation.
//
// With Compilation::kOnFirstCall, every body is decoded and validated as
// above, but each is compiled only when first called, decoded and validated
// again then (CompilePending): a process that loads a module to call a few of
// its functions, as `dytallix run` does, skips compiling the rest. Results,
// gas and traps are the same either way; the module keeps a copy of `bytes`,
// or `bytes` themselves when handed over.
enum class Compilation { kEager, kOnFirstCall };
absl::StatusOr<std::shared_ptr<const CompiledModule>> Load(
    std::span<const uint8_t> bytes, const Profile& profile,
    const GasOptions& gas = {}, Compilation compilation = Compilation::kEager);
absl::StatusOr<std::shared_ptr<const CompiledModule>> Load(
    std::vector<uint8_t>&& bytes, const Profile& profile,
    const GasOptions& gas = {}, Compilation compilation = Compilation::kEager);

// Compiles `function`'s code if it is still to be (Compilation::kOnFirstCall;
// the first instance to call it does) and sets its `code`. Every path into a
// function calls it first when function.CodePending(). Thread-safe.
void CompilePending(const FunctionInstance& function);

// The decoded module behind a CompiledModule (imports, exports, types...).
const Module& ModuleOf(const CompiledModule& module);

// About how many bytes of memory `module` holds: its binary's size (what the
// rest of the decoded module keeps is of that order) plus its function
// tables and its compiled code, constants and offset tables as allocated.
// What a cache of compiled modules budgets.
uint64_t CompiledBytes(const CompiledModule& module);

// Import resolution: (module name, item name) -> Extern. Later definitions of
// the same name replace earlier ones.
class Linker {
 public:
  // Resolves a name nothing was defined for: what it is bound to, or nullopt.
  // It may create the object on first use (an embedder defining only what a
  // module imports); it must then return the same one for the same name.
  using Resolver = std::optional<Extern> (*)(void* context,
                                             std::string_view module,
                                             std::string_view name);

  void Define(std::string_view module, std::string_view name, Extern value);
  // Defines every export of `instance` under `module` (spec `register`).
  void DefineInstance(std::string_view module, const Instance& instance);
  // Names not defined go to `resolver` with `context`, which must outlive
  // the Linker's use of it.
  void SetResolver(Resolver resolver, void* context) {
    resolver_ = resolver;
    resolver_context_ = context;
  }
  std::optional<Extern> Find(std::string_view module,
                             std::string_view name) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern, std::less<>> items_;
  Resolver resolver_ = nullptr;
  void* resolver_context_ = nullptr;
};

struct CallOptions {
  bool metering = false;            // charge gas per basic block
  uint64_t gas_limit = UINT64_MAX;  // used only when metering
  // Which run loop (vm/interpreter.h); results, traps and gas never depend
  // on it.
  Dispatch dispatch = Dispatch::kDefault;
  // Non-null: per-function gas of this call goes there (vm/gas_profiler.h).
  // Not owned; must outlive the call.
  GasProfiler* gas_profiler = nullptr;
};

struct InstantiateResult {
  Instance* instance = nullptr;  // owned by the Store; null iff trap is set
  std::optional<Trap> trap;
  uint64_t start_gas_used = 0;  // the start function's, when metered
};

// Links `module`'s imports through `linker` (kind and type must match; table
// and memory limits match by subtyping: min >= wanted min, and a max at most
// the wanted max, present if one is wanted), then allocates memories, tables
// and globals, applies element and data segments in order and runs the start
// function with the `start` options: unmetered by default; metered, it
// runs out of gas like any call (a trap: no instance).
absl::StatusOr<InstantiateResult> Instantiate(
    Store& store, std::shared_ptr<const CompiledModule> module,
    const Linker& linker, const CallOptions& start = {});

struct CallResult {
  std::vector<Value> results;  // empty if trapped
  std::optional<Trap> trap;
  uint64_t gas_used = 0;  // 0 when not metering; gas_limit on kOutOfGas
};

// Calls `function` with `args` (must match its parameter types exactly).
// Errors: wrong argument count or types. May be called from inside a host
// function (re-entry), bounded by the profile's max_nested_calls and sharing
// the Store's call-depth and value-stack limits; a re-entrant call's gas is
// its own (the caller charges what it wants).
absl::StatusOr<CallResult> Call(Store& store, const FunctionInstance& function,
                                std::span<const Value> args,
                                const CallOptions& options = {});

// Call() on the function export `name` of `instance`.
absl::StatusOr<CallResult> Invoke(Store& store, Instance& instance,
                                  std::string_view name,
                                  std::span<const Value> args,
                                  const CallOptions& options = {});

// The value of the global export `name`.
absl::StatusOr<Value> ReadGlobal(const Instance& instance,
                                 std::string_view name);

// The memory export `name`; its `bytes` may be read and written directly
// (not while the instance runs, except from host functions).
absl::StatusOr<MemoryInstance*> ExportedMemory(const Instance& instance,
                                               std::string_view name);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_ENGINE_H_
