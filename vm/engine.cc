#include "vm/engine.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "decoder/decoder.h"
#include "validator/validator.h"
#include "vm/code.h"
#include "vm/compiler.h"
#include "vm/interpreter.h"

namespace dytallix::internal {
namespace {

absl::Status CheckArgs(const FuncType& type, std::span<const Value> args) {
  if (args.size() != type.params.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected ", type.params.size(), " arguments, got ", args.size()));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != type.params[i]) {
      return absl::InvalidArgumentError(
          absl::StrCat("argument ", i, ": expected ",
                       std::string(ValTypeName(type.params[i])), ", got ",
                       std::string(ValTypeName(args[i].type()))));
    }
  }
  return absl::OkStatus();
}

// Runs `function` on the frame at `frame`, wasm or host.
std::optional<Trap> Run(Store& store, const FunctionInstance& function,
                        uint64_t* frame, int64_t* gas,
                        const CallOptions& options) {
  if (function.code != nullptr) {
    return Execute(
        store, function, frame, gas,
        {.dispatch = options.dispatch, .profiler = options.gas_profiler});
  }
  if (std::optional<TrapKind> kind =
          CallHost(store, function, nullptr, frame, gas)) {
    return Trap{*kind, function.index, 0};
  }
  return std::nullopt;
}

absl::StatusOr<Extern> FindExportOf(const Instance& instance,
                                    std::string_view name, ExternKind kind) {
  std::optional<Extern> e = instance.FindExport(name);
  if (!e || e->kind != kind) {
    return absl::NotFoundError(
        absl::StrCat("no ", std::string(ExternKindName(kind)),
                     " export named \"", std::string(name), "\""));
  }
  return *e;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CompiledModule>> Load(
    std::span<const uint8_t> bytes, const Profile& profile,
    const GasOptions& gas) {
  auto compiled = std::make_shared<CompiledModule>();
  DYT_ASSIGN_OR_RETURN(compiled->module, Decode(bytes, Bodies::kDeferred));
  Module& module = compiled->module;
  BodyValidator validator(module, profile);
  DYT_RETURN_IF_ERROR(validator.CheckModule());
  compiled->profile = profile;
  compiled->gas = gas;
  compiled->functions.reserve(module.functions.size());
  // Each body is decoded into these buffers, lent to its Function while it
  // is validated and compiled, so one allocation serves every body that fits.
  std::vector<Instr> code;
  std::vector<uint32_t> br_table_targets;
  FunctionInfo info;
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    Function& f = module.functions[i];
    f.code.swap(code);
    f.br_table_targets.swap(br_table_targets);
    absl::Status status = DecodeBody(bytes, module, f);
    if (status.ok()) status = validator.CheckBody(i, info);
    if (status.ok()) {
      compiled->functions.push_back(
          CompileFunction(module, i, info, profile, gas));
    }
    f.code.swap(code);
    f.br_table_targets.swap(br_table_targets);
    DYT_RETURN_IF_ERROR(status);
  }
  return compiled;
}

const Module& ModuleOf(const CompiledModule& module) { return module.module; }

uint64_t CompiledBytes(const CompiledModule& module) {
  uint64_t bytes = sizeof(CompiledModule) + module.module.size_bytes;
  for (const CompiledFunction& f : module.functions) {
    bytes += sizeof(f) + f.code.size() * sizeof(f.code[0]) +
             f.constants.size() * sizeof(f.constants[0]) +
             f.offsets.size() * sizeof(f.offsets[0]);
  }
  return bytes;
}

absl::StatusOr<CallResult> Call(Store& store, const FunctionInstance& function,
                                std::span<const Value> args,
                                const CallOptions& options) {
  DYT_RETURN_IF_ERROR(CheckArgs(*function.type, args));
  if (options.metering && function.code != nullptr && !function.code->metered) {
    return absl::FailedPreconditionError(
        "metered call of code compiled with GasMetering::kNone");
  }
  ExecutionStack& stack = store.stack();
  CallResult result;
  const uint64_t limit = options.metering
                             ? std::min<uint64_t>(options.gas_limit, INT64_MAX)
                             : INT64_MAX;
  const uint64_t slots_needed =
      std::max(function.type->params.size(), function.type->results.size());
  if (stack.reentry > store.profile().max_nested_calls) {
    result.trap = Trap{TrapKind::kCallStackExhausted, function.index, 0};
    return result;
  }
  if (stack.slots_used + slots_needed > store.profile().max_value_stack) {
    result.trap = Trap{TrapKind::kValueStackExhausted, function.index, 0};
    return result;
  }
  uint64_t* frame = stack.slots.get() + stack.slots_used;
  for (size_t i = 0; i < args.size(); ++i) frame[i] = args[i].slot();

  int64_t gas = static_cast<int64_t>(limit);
  ++stack.reentry;
  result.trap = Run(store, function, frame, &gas, options);
  --stack.reentry;

  if (options.metering) {
    result.gas_used =
        (result.trap && result.trap->kind == TrapKind::kOutOfGas)
            ? options.gas_limit
            : limit - static_cast<uint64_t>(std::max<int64_t>(gas, 0));
  }
  if (!result.trap) {
    for (size_t i = 0; i < function.type->results.size(); ++i) {
      result.results.push_back(
          Value::FromSlot(function.type->results[i], frame[i]));
    }
  }
  return result;
}

absl::StatusOr<CallResult> Invoke(Store& store, Instance& instance,
                                  std::string_view name,
                                  std::span<const Value> args,
                                  const CallOptions& options) {
  DYT_ASSIGN_OR_RETURN(Extern e,
                       FindExportOf(instance, name, ExternKind::kFunction));
  return Call(store, *e.function, args, options);
}

absl::StatusOr<Value> ReadGlobal(const Instance& instance,
                                 std::string_view name) {
  DYT_ASSIGN_OR_RETURN(Extern e,
                       FindExportOf(instance, name, ExternKind::kGlobal));
  return e.global->Get();
}

absl::StatusOr<MemoryInstance*> ExportedMemory(const Instance& instance,
                                               std::string_view name) {
  DYT_ASSIGN_OR_RETURN(Extern e,
                       FindExportOf(instance, name, ExternKind::kMemory));
  return e.memory;
}

}  // namespace dytallix::internal
