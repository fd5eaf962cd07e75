#include "vm/interpreter.h"

#include <algorithm>
#include <cstring>

#include "absl/container/inlined_vector.h"
#include "base/check.h"
#include "vm/code.h"
#include "vm/engine.h"
#include "vm/handlers.h"

#ifndef DYTALLIX_THREADED_DISPATCH
#define DYTALLIX_THREADED_DISPATCH 0
#endif

// Token-threaded dispatch needs labels as values, a GNU extension; this file
// is the one place using it.
#if defined(__GNUC__)
#define DYT_HAVE_THREADED 1
#pragma GCC diagnostic ignored "-Wpedantic"
#else
#define DYT_HAVE_THREADED 0
#endif

namespace dytallix::internal {
namespace {

using handlers::Get;
using handlers::LoadMemory;

// Hides `index`'s value from the optimizer, so that a loop over it stays a
// loop: gcc and clang otherwise turn InitFrame's loops into memset and
// memcpy calls, which were 13% of fib's time.
template <typename T>
DYT_ALWAYS_INLINE void KeepLoop(T& index) {
  asm("" : "+r"(index));
}

// Frames are small: plain loops beat memset/memcpy calls here.
DYT_ALWAYS_INLINE void InitFrame(const CompiledFunction& code, uint64_t* fp) {
  uint64_t* locals = fp + code.num_params;
  for (uint32_t i = 0; i < code.num_locals; ++i) {
    locals[i] = 0;
    KeepLoop(i);
  }
  uint64_t* constants = locals + code.num_locals;
  const uint64_t* values = code.constants.data();
  const size_t count = code.constants.size();
  for (size_t i = 0; i < count; ++i) {
    constants[i] = values[i];
    KeepLoop(i);
  }
}

// Takes a dynamic charge from `gas`; false (nothing taken) if it exceeds
// what is left.
DYT_ALWAYS_INLINE bool ChargeDynamic(int64_t* gas, uint64_t amount) {
  if (amount > static_cast<uint64_t>(*gas)) return false;
  *gas -= static_cast<int64_t>(amount);
  return true;
}

// The count operand (bytes, pages or elements; op::X::kLength or kDelta) of
// a sized instruction.
DYT_ALWAYS_INLINE uint64_t SizeAt(const uint32_t* ip, const uint64_t* fp,
                                  uint32_t word) {
  return Get<uint32_t>(fp[ip[word]]);
}

Trap TrapAt(TrapKind kind, const FunctionInstance& func, const uint32_t* ip) {
  const CompiledFunction& code = *func.code;
  return Trap{kind, func.index,
              code.OffsetAt(static_cast<uint32_t>(ip - code.code.data()))};
}

// Where `frame`'s function made the call it waits on: the instruction
// before its return address.
CodePlace CallSiteOf(const CallFrame& frame) {
  const CompiledFunction& code = *frame.function->code;
  const auto pos = static_cast<uint32_t>(frame.return_ip - code.code.data());
  return {frame.function->index, code.OffsetAt(pos - 1)};
}

// The index of `function` in `instance`'s function index space, for naming a
// host function in a gas profile: its import, if `instance` imported it.
uint32_t IndexIn(const Instance& instance, const FunctionInstance* function) {
  const auto& functions = instance.functions;
  for (size_t i = 0; i < functions.size(); ++i) {
    if (functions[i] == function) return static_cast<uint32_t>(i);
  }
  return function->index;
}

// The run loop's variants (vm/run_loop.inc). Inlined into one caller, they
// would share a register allocation, and the gas counter would no longer
// live in a register.
#define DYT_NOINLINE [[gnu::noinline]]
#define DYT_PROFILE(...)
#define DYT_LOOP_NAME RunSwitch
#define DYT_LOOP_THREADED 0
#include "vm/run_loop.inc"
#undef DYT_LOOP_NAME
#undef DYT_LOOP_THREADED

#if DYT_HAVE_THREADED
#define DYT_LOOP_NAME RunThreaded
#define DYT_LOOP_THREADED 1
#include "vm/run_loop.inc"
#undef DYT_LOOP_NAME
#undef DYT_LOOP_THREADED
#endif
#undef DYT_PROFILE

#define DYT_PROFILE(...) __VA_ARGS__
#define DYT_LOOP_NAME RunProfiled
#define DYT_LOOP_THREADED DYT_HAVE_THREADED
#include "vm/run_loop.inc"
#undef DYT_LOOP_NAME
#undef DYT_LOOP_THREADED
#undef DYT_PROFILE
#undef DYT_NOINLINE

}  // namespace

std::optional<Trap> Execute(Store& store, const FunctionInstance& function,
                            uint64_t* frame, int64_t* gas,
                            const ExecuteOptions& options) {
  if (function.CodePending()) CompilePending(function);
  DYT_DCHECK(function.code != nullptr);
  DYT_DCHECK(frame >= store.stack().slots.get() + store.stack().slots_used);
  if (options.profiler != nullptr) {
    return RunProfiled(store, function, frame, gas, options.profiler);
  }
  Dispatch dispatch = options.dispatch;
  if (dispatch == Dispatch::kDefault) {
    dispatch =
        DYTALLIX_THREADED_DISPATCH ? Dispatch::kThreaded : Dispatch::kSwitch;
  }
#if DYT_HAVE_THREADED
  if (dispatch == Dispatch::kThreaded) {
    return RunThreaded(store, function, frame, gas, nullptr);
  }
#endif
  return RunSwitch(store, function, frame, gas, nullptr);
}

std::optional<TrapKind> CallHost(Store& store, const FunctionInstance& function,
                                 Instance* caller, uint64_t* frame,
                                 int64_t* gas) {
  const FuncType& type = *function.type;
  absl::InlinedVector<Value, 8> args;
  for (size_t i = 0; i < type.params.size(); ++i) {
    args.push_back(Value::FromSlot(type.params[i], frame[i]));
  }
  absl::InlinedVector<Value, 4> results;
  for (ValType t : type.results) results.push_back(Value::FromSlot(t, 0));
  HostCall call(store, caller, gas);
  if (std::optional<TrapKind> trap = function.host.fn(
          function.host.context, call, std::span<const Value>(args),
          std::span<Value>(results))) {
    return trap;
  }
  for (size_t i = 0; i < results.size(); ++i) frame[i] = results[i].slot();
  return std::nullopt;
}

}  // namespace dytallix::internal
