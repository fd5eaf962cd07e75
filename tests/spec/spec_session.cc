#include "tests/spec/spec_session.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/profile.h"
#include "base/status_macros.h"
#include "tests/spec/spectest_host.h"

namespace dytallix::internal {
namespace {

// A script's funcref arguments are only ever null: a number would have to
// name a function, which the script format cannot do.
absl::StatusOr<Value> ToVmValue(const SpecValue& value) {
  switch (value.type) {
    case ValType::kI32:
      return Value::I32(static_cast<uint32_t>(value.bits));
    case ValType::kI64:
      return Value::I64(value.bits);
    case ValType::kF32:
      return Value::F32Bits(static_cast<uint32_t>(value.bits));
    case ValType::kF64:
      return Value::F64Bits(value.bits);
    case ValType::kExternRef:
      return value.is_null ? Value::Null(ValType::kExternRef)
                           : Value::ExternRef(value.bits);
    case ValType::kFuncRef:
      if (value.is_null) return Value::Null(ValType::kFuncRef);
      break;
    case ValType::kV128:
      break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("cannot pass ", ToString(value), " to the VM"));
}

// A non-null funcref keeps its cell as the number: it only has to differ from
// null, since no script expects a particular function.
SpecValue FromVmValue(const Value& value) {
  if (!IsRefType(value.type())) {
    const bool narrow =
        value.type() == ValType::kI32 || value.type() == ValType::kF32;
    return {value.type(), narrow ? value.i32() : value.i64(), false};
  }
  if (value.is_null()) return {value.type(), 0, true};
  return {
      value.type(),
      value.type() == ValType::kExternRef ? value.extern_value() : value.slot(),
      false};
}

std::string TrapName(TrapKind trap) { return std::string(TrapKindName(trap)); }

std::optional<TrapKind> KindOf(const std::optional<Trap>& trap) {
  if (!trap.has_value()) return std::nullopt;
  return trap->kind;
}

absl::Status Unexpected(TrapKind trap) {
  return absl::FailedPreconditionError(
      absl::StrCat("trapped: ", TrapName(trap)));
}

// The spec's trap texts begin with our trap kind's text; some add detail.
absl::Status ExpectTrapText(const std::optional<TrapKind>& trap,
                            std::string_view text) {
  if (!trap.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("did not trap; expected \"", std::string(text), "\""));
  }
  if (!absl::StartsWith(std::string(text), TrapName(*trap))) {
    return absl::FailedPreconditionError(
        absl::StrCat("trapped with \"", TrapName(*trap), "\"; expected \"",
                     std::string(text), "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<CallRecord> GetGlobal(const Instance& instance,
                                     const std::string& name) {
  DYT_ASSIGN_OR_RETURN(Value value, ReadGlobal(instance, name));
  return CallRecord{.what = absl::StrCat("get \"", name, "\""),
                    .results = {value}};
}

absl::Status CheckResults(const std::vector<Value>& results,
                          const std::vector<Expectation>& expected) {
  if (results.size() != expected.size()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "returned ", results.size(), " values, expected ", expected.size()));
  }
  for (size_t i = 0; i < results.size(); ++i) {
    if (auto why = Mismatch(expected[i], FromVmValue(results[i]))) {
      return absl::FailedPreconditionError(
          absl::StrCat("result ", i, ": ", *why));
    }
  }
  return absl::OkStatus();
}

}  // namespace

SpecSession::SpecSession(const SessionOptions& options)
    : options_(options), store_(Profile::Spec()) {
  DefineSpectest(store_, linker_);
}

std::vector<CallRecord> SpecSession::TakeCalls() {
  return std::exchange(calls_, {});
}

absl::StatusOr<std::shared_ptr<const CompiledModule>> SpecSession::LoadValid(
    std::span<const uint8_t> bytes) const {
  absl::StatusOr<std::shared_ptr<const CompiledModule>> module =
      Load(bytes, Profile::Spec(), options_.gas, options_.compilation);
  if (!module.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("rejected a valid module: ", module.status().message()));
  }
  return module;
}

// The start function runs unmetered (vm/engine.h), so an instantiation has no
// gas to compare; its outcome is still recorded.
absl::StatusOr<InstantiateResult> SpecSession::LoadAndInstantiate(
    std::span<const uint8_t> bytes) {
  DYT_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledModule> module,
                       LoadValid(bytes));
  const bool metered_start =
      options_.call.metering && ModuleOf(*module).start.has_value();
  DYT_ASSIGN_OR_RETURN(
      InstantiateResult result,
      Instantiate(store_, std::move(module), linker_, options_.call));
  CallRecord call{.what = "instantiate", .trap = KindOf(result.trap)};
  if (metered_start) call.gas_used = result.start_gas_used;
  calls_.push_back(call);
  return result;
}

absl::Status SpecSession::Module(std::span<const uint8_t> bytes,
                                 const std::string& name) {
  current_ = nullptr;
  named_.erase(name);
  DYT_ASSIGN_OR_RETURN(const InstantiateResult result,
                       LoadAndInstantiate(bytes));
  if (result.trap.has_value()) return Unexpected(result.trap->kind);
  current_ = result.instance;
  if (!name.empty()) named_[name] = current_;
  return absl::OkStatus();
}

absl::Status SpecSession::Register(const std::string& name,
                                   const std::string& as) {
  DYT_ASSIGN_OR_RETURN(Instance * instance, FindInstance(name));
  linker_.DefineInstance(as, *instance);
  return absl::OkStatus();
}

absl::StatusOr<Instance*> SpecSession::FindInstance(
    const std::string& name) const {
  if (name.empty()) {
    if (current_ != nullptr) return current_;
    return absl::FailedPreconditionError("no current module");
  }
  const auto it = named_.find(name);
  if (it != named_.end()) return it->second;
  return absl::FailedPreconditionError(absl::StrCat("no module named ", name));
}

absl::StatusOr<CallRecord> SpecSession::CallFunction(Instance& instance,
                                                     const Action& action) {
  std::vector<Value> args;
  for (const SpecValue& arg : action.args) {
    DYT_ASSIGN_OR_RETURN(Value value, ToVmValue(arg));
    args.push_back(value);
  }
  DYT_ASSIGN_OR_RETURN(CallResult result, Invoke(store_, instance, action.field,
                                                 args, options_.call));
  CallRecord call{.what = absl::StrCat("invoke \"", action.field, "\""),
                  .results = std::move(result.results),
                  .trap = KindOf(result.trap)};
  if (options_.call.metering) call.gas_used = result.gas_used;
  return call;
}

absl::StatusOr<CallRecord> SpecSession::Perform(const Action& action) {
  DYT_ASSIGN_OR_RETURN(Instance * instance, FindInstance(action.module));
  DYT_ASSIGN_OR_RETURN(CallRecord call, action.kind == Action::Kind::kGet
                                            ? GetGlobal(*instance, action.field)
                                            : CallFunction(*instance, action));
  calls_.push_back(call);
  return call;
}

absl::Status SpecSession::RunAction(const Action& action) {
  DYT_ASSIGN_OR_RETURN(const CallRecord call, Perform(action));
  return call.trap.has_value() ? Unexpected(*call.trap) : absl::OkStatus();
}

absl::Status SpecSession::AssertReturn(
    const Action& action, const std::vector<Expectation>& expected) {
  DYT_ASSIGN_OR_RETURN(const CallRecord call, Perform(action));
  if (call.trap.has_value()) return Unexpected(*call.trap);
  return CheckResults(call.results, expected);
}

absl::Status SpecSession::AssertTrap(const Action& action,
                                     std::string_view text) {
  DYT_ASSIGN_OR_RETURN(const CallRecord call, Perform(action));
  return ExpectTrapText(call.trap, text);
}

absl::Status SpecSession::AssertExhaustion(const Action& action) {
  DYT_ASSIGN_OR_RETURN(const CallRecord call, Perform(action));
  if (call.trap == TrapKind::kCallStackExhausted ||
      call.trap == TrapKind::kValueStackExhausted) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      call.trap.has_value()
          ? absl::StrCat("trapped with \"", TrapName(*call.trap),
                         "\"; expected stack exhaustion")
          : "returned; expected stack exhaustion");
}

absl::Status SpecSession::AssertUnlinkable(std::span<const uint8_t> bytes) {
  DYT_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledModule> module,
                       LoadValid(bytes));
  const absl::StatusOr<InstantiateResult> result =
      Instantiate(store_, std::move(module), linker_);
  if (!result.ok()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      result->trap.has_value()
          ? absl::StrCat("linked, then trapped: ", TrapName(result->trap->kind))
          : "linked a module whose imports must not resolve");
}

absl::Status SpecSession::AssertUninstantiable(std::span<const uint8_t> bytes,
                                               std::string_view text) {
  DYT_ASSIGN_OR_RETURN(const InstantiateResult result,
                       LoadAndInstantiate(bytes));
  return ExpectTrapText(KindOf(result.trap), text);
}

}  // namespace dytallix::internal
