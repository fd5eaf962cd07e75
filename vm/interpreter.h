// The run loop: executes compiled code (vm/code.h) on a Store's execution
// stack. Wasm-to-wasm calls push explicit frames (ExecutionStack::frames),
// never native ones; call depth and value-stack use are checked against the
// Store's profile and trap when exceeded.
//
// Dispatch is a switch over VmOp, or token-threaded (computed goto) where the
// compiler has labels as values; both are built from the same source
// (vm/run_loop.inc) and either can be chosen per call. The build's default is
// threaded when DYTALLIX_THREADED_DISPATCH is 1. A third variant reports
// every function entry and exit to a GasProfiler.
#ifndef DYTALLIX_VM_INTERPRETER_H_
#define DYTALLIX_VM_INTERPRETER_H_

#include <cstdint>
#include <optional>

#include "vm/gas_profiler.h"
#include "vm/store.h"
#include "vm/value.h"

namespace dytallix::internal {

enum class Dispatch : uint8_t {
  kDefault,   // the build's choice
  kSwitch,    // a switch over VmOp
  kThreaded,  // computed goto; the switch where the compiler lacks it
};

struct ExecuteOptions {
  Dispatch dispatch = Dispatch::kDefault;
  // Non-null: the call is profiled into it (threaded dispatch where
  // available, whatever `dispatch` says). Not owned.
  GasProfiler* profiler = nullptr;
};

// Runs the wasm function `function` with its arguments in frame[0..params);
// on success its results are in frame[0..results). `*gas` is the gas left
// (charged per block; it ends negative when the call ran out).
// REQUIRES: `function` is not a host function (its code is set, or pending);
// `frame` points into store.stack().slots at or above
// store.stack().slots_used.
[[nodiscard]] std::optional<Trap> Execute(Store& store,
                                          const FunctionInstance& function,
                                          uint64_t* frame, int64_t* gas,
                                          const ExecuteOptions& options = {});

// Calls the host function `function` with its arguments in frame[0..params)
// and writes its results to frame[0..results). `caller` may be null.
[[nodiscard]] std::optional<TrapKind> CallHost(Store& store,
                                               const FunctionInstance& function,
                                               Instance* caller,
                                               uint64_t* frame, int64_t* gas);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_INTERPRETER_H_
