// VM micro-benchmarks, all with per-block gas metering (the production mode):
// compile throughput next to decode+validate alone (compile's share is the
// difference), instantiation of a cached CompiledModule into a fresh Store,
// the overhead of an empty call and of a host call, and dispatch cost of
// loops built around a single instruction (br_if: the bare loop, the
// baseline the others add to).
// Run a release build: vm_bench --benchmark_min_time=1
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "decoder/decoder.h"
#include "tests/util/wat.h"
#include "validator/validator.h"
#include "vm/engine.h"

namespace dytallix::internal {
namespace {

const CallOptions kMetered{.metering = true, .gas_limit = UINT64_MAX / 2};

// ns per unit of work when each benchmark iteration does `units` of it.
benchmark::Counter PerUnit(double units) {
  return benchmark::Counter(units,
                            benchmark::Counter::kIsIterationInvariantRate |
                                benchmark::Counter::kInvert);
}

// A function of straight-line arithmetic, memory traffic and branches, so
// that compile time is spread over many kinds of instruction.
std::string GeneratedFunction(int index) {
  std::string body;
  for (int i = 0; i < 8; ++i) {
    absl::StrAppend(&body, "(local.set 1 (i32.add (local.get 1) (i32.mul ",
                    "(local.get 0) (i32.const ", index + i, "))))\n",
                    "(i32.store offset=", i * 8,
                    " (local.get 0) (i32.load (local.get 1)))\n",
                    "(if (i32.eqz (local.get 1)) (then (local.set 2 (i64.add ",
                    "(local.get 2) (i64.extend_i32_u (local.get 0))))))\n");
  }
  return absl::StrCat(
      "(func (param i32) (result i32) (local i32 i64)\n", "(loop $l\n", body,
      "(br_if $l (local.tee 0 (i32.sub (local.get 0) ", "(i32.const 1)))))\n",
      "(i32.add (local.get 1) (i32.wrap_i64 (local.get 2))))\n");
}

const std::vector<uint8_t>& LargeModule() {
  static const std::vector<uint8_t> bytes = [] {
    std::string wat = "(module (memory 1)\n";
    for (int i = 0; i < 2000; ++i) absl::StrAppend(&wat, GeneratedFunction(i));
    absl::StrAppend(&wat, "(export \"run\" (func 0)))");
    return testing::Wasm(wat);
  }();
  return bytes;
}

void BM_Decode(benchmark::State& state) {
  const std::vector<uint8_t>& bytes = LargeModule();
  for (auto _ : state) {
    absl::StatusOr<Module> module = Decode(bytes);
    benchmark::DoNotOptimize(module);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes.size()));
}
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond);

void BM_DecodeValidate(benchmark::State& state) {
  const std::vector<uint8_t>& bytes = LargeModule();
  for (auto _ : state) {
    absl::StatusOr<Module> module = Decode(bytes);
    if (!module.ok()) {
      state.SkipWithError(std::string(module.status().message()).c_str());
      return;
    }
    absl::StatusOr<ModuleInfo> info = Validate(*module, Profile::Contract());
    if (!info.ok()) {
      state.SkipWithError(std::string(info.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(info);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes.size()));
  state.counters["module_bytes"] = static_cast<double>(bytes.size());
}
BENCHMARK(BM_DecodeValidate)->Unit(benchmark::kMillisecond);

// Decode + validate + compile.
void BM_Load(benchmark::State& state) {
  const std::vector<uint8_t>& bytes = LargeModule();
  for (auto _ : state) {
    auto module = Load(bytes, Profile::Contract());
    if (!module.ok()) {
      state.SkipWithError(std::string(module.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(module);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes.size()));
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);

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

// Defines every function import of `module` as ReturnZeros in `store`.
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

// Instantiates the cached `module` into a fresh Store per iteration.
void RunInstantiate(benchmark::State& state, std::span<const uint8_t> bytes) {
  auto module = Load(bytes, Profile::Contract());
  if (!module.ok()) {
    state.SkipWithError(std::string(module.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    Store store(Profile::Contract());
    Linker linker = StubImports(store, **module);
    auto inst = Instantiate(store, *module, linker);
    if (!inst.ok() || inst->trap) {
      state.SkipWithError("instantiation failed");
      return;
    }
    benchmark::DoNotOptimize(inst->instance);
  }
}

// Contract-shaped: host imports, a memory and a global, a few methods, and
// 64 KiB of initialized data.
void BM_InstantiateDataSegment(benchmark::State& state) {
  static const std::vector<uint8_t> bytes = testing::Wasm(absl::StrCat(
      R"((module
        (import "env" "input_len" (func $input_len (result i32)))
        (import "env" "return_data" (func $return (param i32 i32)))
        (memory (export "memory") 2)
        (global $top (mut i32) (i32.const 65536))
        (data (i32.const 0) ")",
      std::string(64 * 1024, 'd'), R"(")
        (func (export "a") (call $return (i32.const 0) (call $input_len)))
        (func (export "b") (global.set $top (call $input_len)))))"));
  RunInstantiate(state, bytes);
}
BENCHMARK(BM_InstantiateDataSegment)->Unit(benchmark::kMicrosecond);

std::vector<uint8_t> ReadContract(const char* name) {
  std::ifstream in(absl::StrCat(DYTALLIX_CONTRACTS_DIR, "/", name, ".wasm"),
                   std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void BM_InstantiateCounter(benchmark::State& state) {
  static const std::vector<uint8_t> bytes = ReadContract("counter");
  if (bytes.empty()) {
    state.SkipWithError("counter.wasm not built");
    return;
  }
  state.counters["module_bytes"] = static_cast<double>(bytes.size());
  RunInstantiate(state, bytes);
}
BENCHMARK(BM_InstantiateCounter)->Unit(benchmark::kMicrosecond);

// Loads and instantiates `wat` with every import stubbed; calls `name` with
// `args` in the loop; each call does `units` of work.
void RunCall(benchmark::State& state, std::string_view wat,
             std::string_view name, std::span<const Value> args, double units) {
  auto module = Load(testing::Wasm(wat), Profile::Contract());
  if (!module.ok()) {
    state.SkipWithError(std::string(module.status().message()).c_str());
    return;
  }
  Store store(Profile::Contract());
  Linker linker = StubImports(store, **module);
  auto inst = Instantiate(store, *module, linker);
  if (!inst.ok() || inst->trap) {
    state.SkipWithError("instantiation failed");
    return;
  }
  uint64_t gas = 0;
  for (auto _ : state) {
    auto r = Invoke(store, *inst->instance, name, args, kMetered);
    if (!r.ok() || r->trap) {
      state.SkipWithError("call failed");
      return;
    }
    gas = r->gas_used;
    benchmark::DoNotOptimize(r->results);
  }
  state.counters["gas"] = static_cast<double>(gas);
  if (units != 1) state.counters["ns_per_unit"] = PerUnit(units);
}

void BM_CallEmpty(benchmark::State& state) {
  RunCall(state, R"((module (func (export "nop"))))", "nop", {}, 1);
}
BENCHMARK(BM_CallEmpty);

constexpr uint32_t kHostCalls = 10'000;

// ns_per_unit: one wasm -> host -> wasm round trip (plus the loop around it).
void BM_HostCall(benchmark::State& state) {
  const Value args[] = {Value::I32(kHostCalls)};
  RunCall(state, R"((module
      (import "env" "f" (func $f (param i32)))
      (func (export "run") (param i32)
        (loop $l
          (call $f (local.get 0))
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))))",
          "run", args, kHostCalls);
}
BENCHMARK(BM_HostCall)->Unit(benchmark::kMicrosecond);

constexpr uint32_t kLoopIterations = 100'000;

// A loop of kLoopIterations around `body`; locals: 0 counter (i32), 1 i32,
// 2 i64, 3 f64. ns_per_unit: one loop iteration.
void RunLoop(benchmark::State& state, const char* body) {
  const Value args[] = {Value::I32(kLoopIterations)};
  RunCall(state,
          absl::StrCat("(module (memory 1)\n",
                       "(func (export \"loop\") (param i32) (result i32) ",
                       "(local i32 i64 f64)\n(loop $l\n", body,
                       "\n(br_if $l (local.tee 0 (i32.sub (local.get 0) ",
                       "(i32.const 1)))))\n(local.get 1)))"),
          "loop", args, kLoopIterations);
}

void BM_LoopBrIf(benchmark::State& state) { RunLoop(state, ""); }
void BM_LoopI32Add(benchmark::State& state) {
  RunLoop(state, "(local.set 1 (i32.add (local.get 1) (local.get 0)))");
}
void BM_LoopI64Mul(benchmark::State& state) {
  RunLoop(state, "(local.set 2 (i64.mul (local.get 2) (i64.const 3)))");
}
// Memory is zero, so this chases address 0 each time.
void BM_LoopI32Load(benchmark::State& state) {
  RunLoop(state, "(local.set 1 (i32.load (local.get 1)))");
}
void BM_LoopF64Add(benchmark::State& state) {
  RunLoop(state, "(local.set 3 (f64.add (local.get 3) (f64.const 1.5)))");
}
BENCHMARK(BM_LoopBrIf)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LoopI32Add)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LoopI64Mul)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LoopI32Load)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LoopF64Add)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dytallix::internal

BENCHMARK_MAIN();
