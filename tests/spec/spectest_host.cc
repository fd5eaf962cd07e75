#include "tests/spec/spectest_host.h"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace dytallix::internal {
namespace {

// The scripts call print* only for their side effect on a console; nothing
// checks it, so printing would only bury the failure lines.
std::optional<TrapKind> Ignore(void* /*context*/, HostCall& /*call*/,
                               std::span<const Value> /*args*/,
                               std::span<Value> /*results*/) {
  return std::nullopt;
}

void DefinePrint(Store& store, Linker& linker, std::string_view name,
                 std::vector<ValType> params) {
  const FuncType type{std::move(params), {}};
  linker.Define("spectest", name,
                Extern::Of(store.NewHostFunction(type, {Ignore, nullptr})));
}

void DefineGlobal(Store& store, Linker& linker, std::string_view name,
                  Value value) {
  const GlobalType type{value.type(), /*is_mutable=*/false};
  linker.Define("spectest", name, Extern::Of(store.NewGlobal(type, value)));
}

}  // namespace

void DefineSpectest(Store& store, Linker& linker) {
  constexpr ValType kI32 = ValType::kI32, kI64 = ValType::kI64,
                    kF32 = ValType::kF32, kF64 = ValType::kF64;
  DefinePrint(store, linker, "print", {});
  DefinePrint(store, linker, "print_i32", {kI32});
  DefinePrint(store, linker, "print_i64", {kI64});
  DefinePrint(store, linker, "print_f32", {kF32});
  DefinePrint(store, linker, "print_f64", {kF64});
  DefinePrint(store, linker, "print_i32_f32", {kI32, kF32});
  DefinePrint(store, linker, "print_f64_f64", {kF64, kF64});
  DefineGlobal(store, linker, "global_i32", Value::I32(666));
  DefineGlobal(store, linker, "global_i64", Value::I64(666));
  DefineGlobal(store, linker, "global_f32", Value::F32(666.6f));
  DefineGlobal(store, linker, "global_f64", Value::F64(666.6));
  linker.Define(
      "spectest", "table",
      Extern::Of(store.NewTable(TableType{ValType::kFuncRef, Limits{10, 20}})));
  linker.Define("spectest", "memory",
                Extern::Of(store.NewMemory(MemoryType{Limits{1, 2}})));
}

}  // namespace dytallix::internal
