// The cost of gas metering: the same workloads compiled without charges
// (GasMetering::kNone) and metered per block (the production mode), and the
// per-instruction reference mode for comparison.
// Run a release build: metering_bench --benchmark_min_time=1
#include <string_view>

#include "bench/bench_util.h"
#include "benchmark/benchmark.h"
#include "testing/wat.h"
#include "vm/engine.h"

namespace dytallix::internal {
namespace {

constexpr std::string_view kWorkloads = R"(
(module (memory 1)
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "loop") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31))
                            (local.get 0)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
  (func (export "memory") (param i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 1 (i32.and (i32.mul (local.get 0) (i32.const 4)) (i32.const 0xfffc)))
      (i32.store (local.get 1) (i32.add (i32.load (local.get 1)) (local.get 0)))
      (local.set 2 (i32.xor (local.get 2) (i32.load (local.get 1))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 2)))
)";

enum Mode { kOff = 0, kPerBlock = 1, kPerInstruction = 2 };

void RunWorkload(benchmark::State& state, std::string_view name, uint32_t arg) {
  const Mode mode = static_cast<Mode>(state.range(0));
  GasOptions gas;
  gas.metering = mode == kOff              ? GasMetering::kNone
                 : mode == kPerInstruction ? GasMetering::kPerInstruction
                                           : GasMetering::kPerBlock;
  const Value args[] = {Value::I32(arg)};
  bench::RunCall(state, testing::Wasm(kWorkloads),
                 {.name = name,
                  .args = args,
                  .gas = gas,
                  .call = mode == kOff ? CallOptions{} : bench::kMetered});
  state.SetLabel(mode == kOff        ? "off"
                 : mode == kPerBlock ? "per-block"
                                     : "per-instruction");
}

void BM_Fib(benchmark::State& state) { RunWorkload(state, "fib", 25); }
void BM_Loop(benchmark::State& state) { RunWorkload(state, "loop", 1'000'000); }
void BM_MemoryLoop(benchmark::State& state) {
  RunWorkload(state, "memory", 1'000'000);
}

BENCHMARK(BM_Fib)
    ->Arg(kOff)
    ->Arg(kPerBlock)
    ->Arg(kPerInstruction)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Loop)
    ->Arg(kOff)
    ->Arg(kPerBlock)
    ->Arg(kPerInstruction)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MemoryLoop)
    ->Arg(kOff)
    ->Arg(kPerBlock)
    ->Arg(kPerInstruction)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dytallix::internal

BENCHMARK_MAIN();
