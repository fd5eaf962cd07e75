#include "host/executor.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "host/abi.h"

namespace dytallix::internal {
namespace {

// A report of `paid` gas spent before the method ran: loading first (up to
// `load_gas`), then instantiating.
GasReport PrepaidReport(uint64_t limit, uint64_t load_gas, uint64_t paid) {
  const uint64_t loading = std::min(load_gas, paid);
  return {.limit = limit, .loading = loading, .instantiate = paid - loading};
}

// The stack trace of `trap` in `contract`, whose module is `module`.
std::vector<TraceFrame> TraceOf(const Address& contract, const Module& module,
                                const Trap& trap) {
  std::vector<TraceFrame> trace;
  trace.reserve(trap.callers.size() + 1);
  const auto add = [&](uint32_t function, uint32_t offset) {
    // A name section may hold a megabyte-long name: keep a prefix.
    constexpr size_t kMaxName = 128;
    std::string name = module.FunctionName(function, kMaxName + 1);
    if (name.size() > kMaxName) name.replace(kMaxName, 1, "...");
    trace.push_back({.contract = contract,
                     .function_index = function,
                     .function = std::move(name),
                     .offset = offset});
  };
  add(trap.function_index, trap.offset);
  for (const CodePlace& caller : trap.callers) {
    add(caller.function_index, caller.offset);
  }
  return trace;
}

absl::Status NoMethod(std::string_view method) {
  return absl::NotFoundError(
      absl::StrCat("the contract has no method \"", std::string(method), "\""));
}

CallOutcome Stopped(TrapKind kind, std::string message, uint64_t gas_used = 0) {
  CallOutcome outcome;
  outcome.status = kind == TrapKind::kOutOfGas ? CallStatus::kOutOfGas
                                               : CallStatus::kTrapped;
  outcome.trap = kind;
  outcome.message = std::move(message);
  outcome.gas_used = gas_used;
  return outcome;
}

// What instantiating `module` costs: a fresh memory and its data segments.
uint64_t InstantiationGas(const Module& module, const HostGasCosts& costs) {
  uint64_t gas = costs.instance;
  for (const MemoryType& memory : module.memories) {
    gas += uint64_t{memory.limits.min} * costs.instance_page;
  }
  for (const DataSegment& segment : module.data) {
    gas += segment.bytes.size() * costs.byte_moved;
  }
  return gas;
}

}  // namespace

std::string_view CallStatusName(CallStatus status) {
  switch (status) {
    case CallStatus::kOk:
      return "ok";
    case CallStatus::kReverted:
      return "reverted";
    case CallStatus::kTrapped:
      return "trapped";
    case CallStatus::kOutOfGas:
      return "out of gas";
  }
  return "?";
}

Executor::Executor(CallState& state, ModuleCache& modules,
                   DebugLogSink debug_log)
    : state_(state),
      modules_(modules),
      debug_log_(std::move(debug_log)),
      store_(std::make_unique<Store>(modules.profile())) {
  linker_.SetResolver(&Executor::ResolveImport, this);
}

std::optional<Extern> Executor::ResolveImport(void* executor,
                                              std::string_view module,
                                              std::string_view name) {
  if (module != kAbiModule) return std::nullopt;
  const AbiFunction* abi = FindAbiFunction(name);
  if (abi == nullptr) return std::nullopt;
  auto& self = *static_cast<Executor*>(executor);
  FunctionInstance*& defined = self.host_functions_[abi - HostAbi().data()];
  if (defined == nullptr) {
    defined = self.store_->NewHostFunctionOfLastingType(abi->type,
                                                        {abi->fn, executor});
  }
  return Extern::Of(defined);
}

absl::StatusOr<Executor::Prepared> Executor::Prepare(
    const Invocation& invocation) {
  const uint32_t max_nested = modules_.profile().max_nested_calls;
  if (frames_.size() > max_nested) {
    return Prepared{
        .stopped = Stopped(
            TrapKind::kCallStackExhausted,
            absl::StrCat("nested contract call ", frames_.size(),
                         " deep; limit max_nested_calls = ", max_nested))};
  }
  DYT_ASSIGN_OR_RETURN(ModuleCache::ContractCode code,
                       modules_.FindContract(state_, invocation.contract));
  if (invocation.method == kInitExport && !invocation.deploying) {
    return NoMethod(invocation.method);
  }
  // Loading is paid before the code is touched: nothing is compiled for a
  // call that cannot pay for it, cached or not.
  const uint64_t load_gas = code.size * host_gas().code_byte;
  if (load_gas > invocation.gas_limit) {
    return Prepared{.load_gas = load_gas,
                    .stopped = Stopped(TrapKind::kOutOfGas,
                                       "out of gas loading the contract",
                                       invocation.gas_limit)};
  }
  DYT_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledModule> module,
                       modules_.Compiled(std::move(code)));
  const uint64_t instantiation_gas =
      load_gas + InstantiationGas(ModuleOf(*module), host_gas());
  if (instantiation_gas > invocation.gas_limit) {
    return Prepared{.load_gas = load_gas,
                    .stopped = Stopped(TrapKind::kOutOfGas,
                                       "out of gas instantiating the contract",
                                       invocation.gas_limit)};
  }
  DYT_ASSIGN_OR_RETURN(InstantiateResult instance,
                       Instantiate(*store_, std::move(module), linker_));
  // Contracts have no start function, so only an active segment out of
  // bounds traps here; deployment does not rule that out. The loading and
  // instantiating were done: they are paid.
  if (instance.trap) {
    return Prepared{
        .load_gas = load_gas,
        .stopped = Stopped(
            instance.trap->kind,
            absl::StrCat("instantiating the contract: ",
                         std::string(TrapKindName(instance.trap->kind))),
            instantiation_gas)};
  }
  std::optional<Extern> method =
      instance.instance->FindExport(invocation.method);
  if (!method || method->kind != ExternKind::kFunction ||
      !IsMethodType(*method->function->type)) {
    return NoMethod(invocation.method);
  }
  return Prepared{.method = method->function,
                  .load_gas = load_gas,
                  .instantiation_gas = instantiation_gas};
}

absl::StatusOr<CallOutcome> Executor::Run(const Invocation& invocation) {
  DYT_ASSIGN_OR_RETURN(Prepared prepared, Prepare(invocation));
  if (invocation.gas_profiler != nullptr) {
    // Whatever stopping cost (running out instantiating) is the instance's.
    invocation.gas_profiler->AddFrame(
        "(instantiate)", prepared.stopped ? prepared.stopped->gas_used
                                          : prepared.instantiation_gas);
  }
  if (prepared.stopped) {
    prepared.stopped->gas_report = PrepaidReport(
        invocation.gas_limit, prepared.load_gas, prepared.stopped->gas_used);
    return *std::move(prepared.stopped);
  }
  Frame frame{.caller = invocation.caller,
              .self = invocation.contract,
              .input = invocation.input,
              .read_only = invocation.read_only};
  CallState::Checkpoint checkpoint = state_.Begin();
  absl::StatusOr<CallOutcome> outcome = RunFrame(
      *prepared.method, invocation.gas_limit - prepared.instantiation_gas,
      frame, invocation.gas_profiler);
  if (outcome.ok()) {
    outcome->gas_used += prepared.instantiation_gas;
    const GasReport prepaid = PrepaidReport(
        invocation.gas_limit, prepared.load_gas, prepared.instantiation_gas);
    outcome->gas_report = frame.gas_report;
    outcome->gas_report.limit = prepaid.limit;
    outcome->gas_report.loading = prepaid.loading;
    outcome->gas_report.instantiate = prepaid.instantiate;
  }
  if (outcome.ok() && outcome->ok()) {
    DYT_RETURN_IF_ERROR(state_.Commit(checkpoint));
    return outcome;
  }
  DYT_RETURN_IF_ERROR(state_.Rollback(checkpoint));
  events_.resize(state_.EventCount());
  return outcome;
}

absl::StatusOr<CallOutcome> Executor::RunFrame(const FunctionInstance& method,
                                               uint64_t gas_limit, Frame& frame,
                                               GasProfiler* profiler) {
  frames_.push_back(&frame);
  absl::StatusOr<CallResult> result = Call(
      *store_, method, {},
      {.metering = true, .gas_limit = gas_limit, .gas_profiler = profiler});
  frames_.pop_back();
  DYT_RETURN_IF_ERROR(result.status());
  DYT_RETURN_IF_ERROR(frame.error);
  CallOutcome outcome = Finish(frame, *result);
  if (result->trap) {
    // Its frames are few (each one called deeper and paid for it) and names
    // are capped, and a nested call paid nested_call and its loading: a trace
    // per failed call is priced work.
    std::vector<TraceFrame> own =
        TraceOf(frame.self, ModuleOf(method.instance->module()), *result->trap);
    // A revert or running out of gas right after a failed nested call is
    // usually that failure passed on: the callee's frames come first.
    if (outcome.status == CallStatus::kReverted ||
        outcome.status == CallStatus::kOutOfGas) {
      outcome.trace = std::move(frame.callee_trace);
    }
    outcome.trace.insert(outcome.trace.end(),
                         std::make_move_iterator(own.begin()),
                         std::make_move_iterator(own.end()));
  }
  return outcome;
}

CallOutcome Executor::Finish(const Frame& frame,
                             const CallResult& result) const {
  if (!result.trap) {
    CallOutcome outcome;
    outcome.output = frame.output;
    outcome.gas_used = result.gas_used;
    return outcome;
  }
  const Trap& trap = *result.trap;
  if (trap.kind == TrapKind::kHost && frame.reverted) {
    CallOutcome outcome;
    outcome.status = CallStatus::kReverted;
    outcome.output = frame.output;
    outcome.gas_used = result.gas_used;
    return outcome;
  }
  std::string message =
      !frame.trap_reason.empty() ? frame.trap_reason : TrapText(trap);
  return Stopped(trap.kind, std::move(message), result.gas_used);
}

absl::Status Executor::EmitEvent(std::string_view topic,
                                 std::string_view data) {
  const Address& contract = CurrentFrame().self;
  const uint32_t index = state_.EventCount();
  DYT_RETURN_IF_ERROR(state_.EmitEvent(contract, topic, data));
  const CallContext& context = state_.Context();
  events_.push_back(Event{{context.block, context.tx_index, index},
                          contract,
                          context.block_timestamp,
                          std::string(topic),
                          std::string(data)});
  return absl::OkStatus();
}

void Executor::DebugLog(std::string_view message) {
  if (debug_log_) debug_log_(CurrentFrame().self, message);
}

}  // namespace dytallix::internal
