#include "fuzz/dytallix_engine.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "decoder/decoder.h"
#include "validator/validator.h"

namespace dytallix::internal {
namespace {

[[noreturn]] void Misuse(std::string_view what, const absl::Status& status) {
  std::fprintf(stderr, "DytallixEngine %.*s: %s\n",
               static_cast<int>(what.size()), what.data(),
               status.ToString().c_str());
  std::abort();
}

}  // namespace

DytallixEngine::DytallixEngine(const Profile& profile,
                               const CallOptions& options)
    : profile_(profile), options_(options) {}

absl::Status DytallixEngine::Validate(std::span<const uint8_t> wasm) {
  absl::StatusOr<Module> module = Decode(wasm);
  if (!module.ok()) return module.status();
  return internal::Validate(*module, profile_).status();
}

absl::StatusOr<std::optional<TrapKind>> DytallixEngine::Instantiate(
    std::span<const uint8_t> wasm) {
  instance_ = nullptr;
  store_ = std::make_unique<Store>(profile_);
  absl::StatusOr<std::shared_ptr<const CompiledModule>> module =
      Load(wasm, profile_);
  if (!module.ok()) return module.status();
  module_ = *module;
  Linker linker;
  if (!DefineStubImports(ModuleOf(*module_), *store_, linker)) {
    return absl::ResourceExhaustedError("an imported memory is too large");
  }
  absl::StatusOr<InstantiateResult> inst =
      internal::Instantiate(*store_, module_, linker, options_);
  if (!inst.ok()) return inst.status();
  if (inst->trap) return inst->trap->kind;
  instance_ = inst->instance;
  return std::nullopt;
}

CallOutcome DytallixEngine::Call(std::string_view name,
                                 std::span<const Cell> args) {
  std::vector<Value> values;
  for (const auto& [type, slot] : args) {
    values.push_back(Value::FromSlot(type, slot));
  }
  absl::StatusOr<CallResult> result =
      Invoke(*store_, *instance_, name, values, options_);
  if (!result.ok()) Misuse("call", result.status());
  CallOutcome outcome;
  if (result->trap) outcome.trap = result->trap->kind;
  for (const Value& v : result->results) outcome.results.push_back(ToCell(v));
  return outcome;
}

std::span<const uint8_t> DytallixEngine::Memory(std::string_view name) {
  absl::StatusOr<MemoryInstance*> memory = ExportedMemory(*instance_, name);
  if (!memory.ok()) Misuse("memory", memory.status());
  return (*memory)->bytes();
}

Cell DytallixEngine::Global(std::string_view name) {
  absl::StatusOr<Value> value = ReadGlobal(*instance_, name);
  if (!value.ok()) Misuse("global", value.status());
  return ToCell(*value);
}

// A function reference as its place in the instance's function index space,
// so imported stubs, which have no index of their own, have one too.
Cell DytallixEngine::ToCell(const Value& v) const {
  if (v.type() != ValType::kFuncRef || v.is_null()) return {v.type(), v.slot()};
  const auto& functions = instance_->functions;
  const auto it = std::find(functions.begin(), functions.end(), v.func());
  return {v.type(), static_cast<uint64_t>(it - functions.begin()) + 1};
}

}  // namespace dytallix::internal
