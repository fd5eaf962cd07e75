// Executor: runs the contract calls of one top-level call or query — the
// top-level one and every call_contract nested in it — on one VM Store over
// one CallState.
//
// Each contract call gets a fresh instance of the contract's module (fresh
// memory and globals: nothing survives between calls except storage; its
// cost, the schedule's code_byte per byte of its code and instance*, comes
// out of the call's gas first), runs one
// method under its own gas limit, and sits in its own CallState
// checkpoint: committed into the parent when the call ends ok, rolled back
// otherwise (revert, trap, out of gas). The host functions (host_functions.cc)
// reach the running call through CurrentFrame() and the shared state through
// State() and EmitEvent().
//
// Not thread-safe; one Executor per top-level call. It owns its Store, so the
// instances of a top-level call are freed with it. The CallState and
// ModuleCache must outlive it.
#ifndef DYTALLIX_HOST_EXECUTOR_H_
#define DYTALLIX_HOST_EXECUTOR_H_

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/check.h"
#include "host/abi.h"
#include "host/call_outcome.h"
#include "host/module_cache.h"
#include "state/call_state.h"
#include "state/types.h"
#include "vm/engine.h"
#include "vm/gas_profiler.h"
#include "vm/store.h"

namespace dytallix::internal {

// Where debug_log messages go (never consensus); may be empty.
using DebugLogSink =
    std::function<void(const Address& contract, std::string_view message)>;

struct Invocation {
  Address caller{};
  Address contract{};
  std::string_view method{};
  std::string_view input{};
  uint64_t gas_limit = 0;
  bool read_only = false;               // a query: state writes trap
  bool deploying = false;               // only a deployment may run "init"
  GasProfiler* gas_profiler = nullptr;  // see CallRequest::gas_profiler
};

// One running contract call, as the host functions see it.
struct Frame {
  Address caller{};
  Address self{};
  std::string_view input{};  // owned by whoever started the call
  bool read_only = false;
  std::string output{};       // return_data, or the revert message
  std::string last_result{};  // output of the last call_contract it made
  // The stack trace of the last call_contract it made, if that one failed.
  std::vector<TraceFrame> callee_trace{};
  // Set by a host function that stops the call.
  bool reverted = false;
  std::string trap_reason{};
  absl::Status error{};  // a backend failure: aborts the whole top-level call
  // What its host functions charged, by kind (HostEnv::Charge).
  GasReport gas_report{};
};

class Executor {
 public:
  Executor(CallState& state, ModuleCache& modules, DebugLogSink debug_log);
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Runs `invocation`. Errors (nothing of the call remains in the state):
  //   kNotFound  no contract at the address, or no method of that name (a
  //              function export of type () -> (); "init" only when
  //              deploying)
  //   other      backend failures, which abort the whole top-level call.
  // A call nested deeper than Profile::max_nested_calls is an outcome:
  // kTrapped with kCallStackExhausted.
  absl::StatusOr<CallOutcome> Run(const Invocation& invocation);

  // For host functions. REQUIRES: a call is running.
  Frame& CurrentFrame() {
    DYT_DCHECK(!frames_.empty());
    return *frames_.back();
  }
  // The host-call prices of the runtime's gas schedule: the only source of
  // what host functions, loading and instantiating charge.
  const HostGasCosts& host_gas() const { return modules_.schedule().host; }
  CallState& State() { return state_; }
  // Emits an event of the running contract and records it for the outcome.
  absl::Status EmitEvent(std::string_view topic, std::string_view data);
  void DebugLog(std::string_view message);

  // The events of the calls that ended ok so far, in order. Moves them out.
  std::vector<Event> TakeEvents() { return std::move(events_); }

 private:
  // A fresh instance of the contract and its method; or how the call
  // stopped before running (nested too deep, instantiation trapped).
  struct Prepared {
    const FunctionInstance* method = nullptr;
    uint64_t load_gas = 0;  // what loading the code costs
    // Loading and instantiating, charged before the method runs.
    uint64_t instantiation_gas = 0;
    std::optional<CallOutcome> stopped{};
  };
  absl::StatusOr<Prepared> Prepare(const Invocation& invocation);
  // Runs `method` with `frame` as the current frame.
  absl::StatusOr<CallOutcome> RunFrame(const FunctionInstance& method,
                                       uint64_t gas_limit, Frame& frame,
                                       GasProfiler* profiler);
  CallOutcome Finish(const Frame& frame, const CallResult& result) const;
  // The linker's resolver: an ABI function, defined in the Store on first
  // import (a contract imports few of them).
  static std::optional<Extern> ResolveImport(void* executor,
                                             std::string_view module,
                                             std::string_view name);

  CallState& state_;
  ModuleCache& modules_;
  DebugLogSink debug_log_;
  std::unique_ptr<Store> store_;
  Linker linker_;
  // The ABI functions defined in store_ so far, by HostAbi() index.
  std::array<FunctionInstance*, kAbiFunctionCount> host_functions_{};
  std::vector<Frame*> frames_;  // the running calls, innermost last
  std::vector<Event> events_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_EXECUTOR_H_
