#include "vm/engine.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/mutex.h"
#include "base/status_macros.h"
#include "decoder/decoder.h"
#include "validator/validator.h"
#include "vm/code.h"
#include "vm/compiler.h"
#include "vm/interpreter.h"

namespace dytallix::internal {

// Compilation::kOnFirstCall's state: what compiling a body later needs.
struct LazyCompilation {
  LazyCompilation(std::vector<uint8_t> bytes,
                  std::unique_ptr<BodyValidator> checked)
      : wasm(std::move(bytes)), validator(std::move(checked)) {}

  const std::vector<uint8_t> wasm;  // the bodies are decoded from it again
  // Guards the module's CompiledFunctions, empty (no code) until compiled.
  Mutex mu;
  // Past CheckModule(); its body checks yield each body's FunctionInfo.
  const std::unique_ptr<BodyValidator> validator ABSL_PT_GUARDED_BY(mu);
};

CompiledModule::CompiledModule() = default;
CompiledModule::~CompiledModule() = default;

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

// Load, with the binary to keep (Compilation::kOnFirstCall) taken from
// `owned` if it holds `bytes`.
absl::StatusOr<std::shared_ptr<const CompiledModule>> LoadFrom(
    std::span<const uint8_t> bytes, std::vector<uint8_t>* owned,
    const Profile& profile, const GasOptions& gas, Compilation compilation) {
  auto compiled = std::make_shared<CompiledModule>();
  DYT_ASSIGN_OR_RETURN(compiled->module, Decode(bytes, Bodies::kDeferred));
  compiled->profile = profile;
  compiled->gas = gas;
  const Module& module = compiled->module;
  auto validator = std::make_unique<BodyValidator>(module, compiled->profile);
  DYT_RETURN_IF_ERROR(validator->CheckModule());
  compiled->functions.resize(module.functions.size());
  // Every body is decoded into `body`'s buffers, so one allocation serves all
  // the bodies that fit.
  Function body;
  FunctionInfo info;
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    DYT_RETURN_IF_ERROR(DecodeBody(bytes, module, i, body));
    DYT_RETURN_IF_ERROR(validator->CheckBody(i, body, info));
    if (compilation == Compilation::kEager) {
      compiled->functions[i] =
          CompileFunction(module, i, body, info, compiled->profile, gas);
    }
  }
  if (compilation == Compilation::kOnFirstCall) {
    std::vector<uint8_t> wasm =
        owned != nullptr ? std::move(*owned)
                         : std::vector<uint8_t>(bytes.begin(), bytes.end());
    compiled->lazy = std::make_unique<LazyCompilation>(std::move(wasm),
                                                       std::move(validator));
  }
  return compiled;
}

// The compiled code, constants and offset tables of `module`'s functions as
// allocated (the code is reserved ahead of its size), and the function
// table of the decoded module.
uint64_t CodeBytes(const CompiledModule& module) {
  uint64_t bytes = module.functions.capacity() * sizeof(CompiledFunction);
  for (const CompiledFunction& f : module.functions) {
    bytes += f.code.capacity() * sizeof(f.code[0]) +
             f.constants.capacity() * sizeof(f.constants[0]) +
             f.offsets.capacity() * sizeof(f.offsets[0]);
  }
  bytes += module.module.functions.capacity() * sizeof(Function);
  for (const Function& f : module.module.functions) {
    bytes += f.locals.capacity() * sizeof(f.locals[0]);
  }
  return bytes;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CompiledModule>> Load(
    std::span<const uint8_t> bytes, const Profile& profile,
    const GasOptions& gas, Compilation compilation) {
  return LoadFrom(bytes, nullptr, profile, gas, compilation);
}

absl::StatusOr<std::shared_ptr<const CompiledModule>> Load(
    std::vector<uint8_t>&& bytes, const Profile& profile, const GasOptions& gas,
    Compilation compilation) {
  return LoadFrom(bytes, &bytes, profile, gas, compilation);
}

void CompilePending(const FunctionInstance& function) {
  DYT_DCHECK(function.CodePending());
  const CompiledModule& compiled = function.instance->module();
  LazyCompilation& lazy = *compiled.lazy;
  const uint32_t i = function.index - compiled.module.NumImportedFunctions();
  // The one writer of this function's code, under `mu`, before any instance
  // reads it: each reads it only after its own CompilePending. The module
  // was made non-const (Load).
  CompiledFunction& code = const_cast<CompiledFunction&>(compiled.functions[i]);
  {
    MutexLock lock(&lazy.mu);
    if (code.code.empty()) {  // compiled code is never empty
      Function body;
      FunctionInfo info;
      // The body passed both at load.
      if (!DecodeBody(lazy.wasm, compiled.module, i, body).ok() ||
          !lazy.validator->CheckBody(i, body, info).ok()) {
        std::fprintf(stderr, "function %u failed to decode or validate again\n",
                     function.index);
        std::abort();
      }
      code = CompileFunction(compiled.module, i, body, info, compiled.profile,
                             compiled.gas);
      DYT_DCHECK(!code.code.empty());
    }
  }
  function.code = &code;
}

const Module& ModuleOf(const CompiledModule& module) { return module.module; }

uint64_t CompiledBytes(const CompiledModule& module) {
  const uint64_t bytes = sizeof(CompiledModule) + module.module.size_bytes;
  if (module.lazy == nullptr) return bytes + CodeBytes(module);
  // Compiled on first call: the code may be growing, and the binary is kept.
  MutexLock lock(&module.lazy->mu);
  return bytes + module.lazy->wasm.size() + CodeBytes(module);
}

absl::StatusOr<CallResult> Call(Store& store, const FunctionInstance& function,
                                std::span<const Value> args,
                                const CallOptions& options) {
  DYT_RETURN_IF_ERROR(CheckArgs(*function.type, args));
  if (function.CodePending()) CompilePending(function);
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
