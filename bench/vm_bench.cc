// VM micro-benchmarks, all with per-block gas metering (the production mode):
// compile throughput next to decode+validate alone (compile's share is the
// difference), instantiation of a cached CompiledModule into a fresh Store,
// the overhead of an empty call and of a host call, and dispatch cost of
// loops built around a single instruction (br_if: the bare loop, the
// baseline the others add to).
// Run a release build: vm_bench --benchmark_min_time=1
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/bench_util.h"
#include "benchmark/benchmark.h"
#include "decoder/decoder.h"
#include "testing/wat.h"
#include "validator/validator.h"
#include "vm/engine.h"

namespace dytallix::internal {
namespace {

using bench::LoadOrSkip;
using bench::ReadContract;
using bench::RunLoop;

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

// Instantiates the cached `module` into a fresh Store per iteration.
void RunInstantiate(benchmark::State& state, std::span<const uint8_t> bytes) {
  std::shared_ptr<const CompiledModule> module = LoadOrSkip(state, bytes);
  if (!module) return;
  for (auto _ : state) {
    Store store(Profile::Contract());
    Instance* instance = bench::InstantiateOrSkip(state, store, module);
    if (!instance) return;
    benchmark::DoNotOptimize(instance);
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

void BM_CallEmpty(benchmark::State& state) {
  bench::RunCall(state, testing::Wasm(R"((module (func (export "nop"))))"),
                 {.name = "nop"});
}
BENCHMARK(BM_CallEmpty);

constexpr uint32_t kHostCalls = 10'000;

// ns_per_unit: one wasm -> host -> wasm round trip (plus the loop around it).
void BM_HostCall(benchmark::State& state) {
  const Value args[] = {Value::I32(kHostCalls)};
  bench::RunCall(state, testing::Wasm(R"((module
      (import "env" "f" (func $f (param i32)))
      (func (export "run") (param i32)
        (loop $l
          (call $f (local.get 0))
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))))"),
                 {.name = "run", .args = args, .units = kHostCalls});
}
BENCHMARK(BM_HostCall)->Unit(benchmark::kMicrosecond);

// Loops of kLoopIterations around one instruction (bench/bench_util.h);
// ns_per_unit: one loop iteration.
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
