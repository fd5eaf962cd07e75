#include "bench/bench_util.h"

#include <fstream>
#include <iterator>
#include <optional>

#include "testing/wat.h"

namespace dytallix::internal::bench {
namespace {

// A host function that accepts anything and returns zeros of its result
// types; `context` is its FunctionInstance's FuncType.
std::optional<TrapKind> ReturnZeros(void* context, HostCall&,
                                    std::span<const Value>,
                                    std::span<Value> results) {
  const FuncType& type = *static_cast<const FuncType*>(context);
  for (size_t i = 0; i < results.size(); ++i) {
    results[i] = Value::FromSlot(type.results[i], 0);
  }
  return std::nullopt;
}

// A Linker defining every function import of `module` as ReturnZeros.
Linker StubImports(Store& store, const CompiledModule& module) {
  Linker linker;
  const Module& decoded = ModuleOf(module);
  for (const Import& import : decoded.imports) {
    if (import.kind != ExternKind::kFunction) continue;
    const FuncType& type = decoded.types[import.type_index];
    linker.Define(import.module, import.name,
                  Extern::Of(store.NewHostFunction(
                      type, {ReturnZeros, const_cast<FuncType*>(&type)})));
  }
  return linker;
}

}  // namespace

std::vector<uint8_t> ReadContract(std::string_view name) {
  std::ifstream in(
      std::string(DYTALLIX_CONTRACTS_DIR "/").append(name).append(".wasm"),
      std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::shared_ptr<const CompiledModule> LoadOrSkip(benchmark::State& state,
                                                 std::span<const uint8_t> wasm,
                                                 const GasOptions& gas) {
  auto module = Load(wasm, Profile::Contract(), gas);
  if (!module.ok()) {
    state.SkipWithError(std::string(module.status().message()).c_str());
    return nullptr;
  }
  return *std::move(module);
}

Instance* InstantiateOrSkip(benchmark::State& state, Store& store,
                            std::shared_ptr<const CompiledModule> module) {
  const CompiledModule& compiled = *module;
  auto inst =
      Instantiate(store, std::move(module), StubImports(store, compiled));
  if (!inst.ok() || inst->trap) {
    state.SkipWithError("instantiation failed");
    return nullptr;
  }
  return inst->instance;
}

benchmark::Counter PerUnit(double units) {
  return benchmark::Counter(units,
                            benchmark::Counter::kIsIterationInvariantRate |
                                benchmark::Counter::kInvert);
}

void RunCall(benchmark::State& state, std::span<const uint8_t> wasm,
             const CallSpec& spec) {
  std::shared_ptr<const CompiledModule> module =
      LoadOrSkip(state, wasm, spec.gas);
  if (!module) return;
  Store store(Profile::Contract());
  Instance* instance = InstantiateOrSkip(state, store, module);
  if (!instance) return;
  uint64_t gas = 0;
  for (auto _ : state) {
    auto r = Invoke(store, *instance, spec.name, spec.args, spec.call);
    if (!r.ok() || r->trap) {
      state.SkipWithError("call failed");
      return;
    }
    gas = r->gas_used;
    benchmark::DoNotOptimize(r->results);
  }
  state.counters["gas"] = static_cast<double>(gas);
  if (spec.units != 1) state.counters["ns_per_unit"] = PerUnit(spec.units);
}

std::string LoopModule(std::string_view body, std::string_view prelude,
                       std::string_view setup) {
  std::string wat = "(module (memory 1)\n";
  wat.append(prelude)
      .append(
          "\n(func (export \"loop\") (param i32) (result i32) "
          "(local i32 i64 f64 f32 funcref)\n")
      .append(setup)
      .append("\n(loop $l\n")
      .append(body)
      .append(
          "\n(br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))\n"
          "(local.get 1)))");
  return wat;
}

void RunLoop(benchmark::State& state, std::string_view body,
             std::string_view prelude, std::string_view setup) {
  const Value args[] = {Value::I32(kLoopIterations)};
  RunCall(state, testing::Wasm(LoopModule(body, prelude, setup)),
          {.name = "loop", .args = args, .units = kLoopIterations});
}

}  // namespace dytallix::internal::bench
