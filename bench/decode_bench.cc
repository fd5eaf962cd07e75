// Decode and validate throughput (MB/s) on a large synthetic module whose
// functions mix what compilers emit: locals, integer arithmetic, loads and
// stores, nested blocks, loops, br_if, br_table and calls.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/profile.h"
#include "benchmark/benchmark.h"
#include "decoder/decoder.h"
#include "tests/util/wat.h"
#include "validator/validator.h"

namespace dytallix::internal {
namespace {

std::string FunctionText(int index) {
  std::string callee =
      index == 0 ? ""
                 : absl::StrCat("(call ", index - 1,
                                " (local.get 0) (local.get 2))\n drop\n");
  std::string body;
  for (int i = 0; i < 6; ++i) {
    absl::StrAppend(
        &body, R"(
    (local.set 2 (i32.add (local.get 2) (i32.mul (local.get 0) (i32.const )",
        i * 7 + 3, R"())))
    (i32.store offset=)",
        i * 4,
        R"( (local.get 1) (i32.xor (local.get 2) (i32.load (local.get 1))))
    (local.set 3 (i64.add (local.get 3) (i64.extend_i32_u (local.get 2))))
    (block (block (block
      (br_table 0 1 2 (i32.and (local.get 2) (i32.const 3))))
      (local.set 2 (i32.shl (local.get 2) (i32.const 1))))
      (br_if 0 (i32.eqz (local.get 2))))
)");
  }
  return absl::StrCat(
      "(func (param i32 i32) (result i32) (local i32 i64)\n", callee,
      "(loop $l\n", body,
      "(br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) "
      "(i32.const 10))))\n",
      "(i32.add (local.get 2) (i32.wrap_i64 (local.get 3))))\n");
}

const std::vector<uint8_t>& LargeModule() {
  static const std::vector<uint8_t> bytes = [] {
    std::string wat = "(module (memory 1)\n";
    for (int i = 0; i < 1500; ++i) absl::StrAppend(&wat, FunctionText(i));
    absl::StrAppend(&wat, "(export \"run\" (func 1499)))");
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
  state.counters["module_bytes"] = static_cast<double>(bytes.size());
}
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond);

void BM_DecodeValidate(benchmark::State& state) {
  const std::vector<uint8_t>& bytes = LargeModule();
  for (auto _ : state) {
    absl::StatusOr<Module> module = Decode(bytes);
    if (!module.ok()) {
      state.SkipWithError(std::string(module.status().message()).c_str());
      break;
    }
    absl::StatusOr<ModuleInfo> info = Validate(*module, Profile::Contract());
    if (!info.ok()) {
      state.SkipWithError(std::string(info.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(info);
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes.size()));
}
BENCHMARK(BM_DecodeValidate)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dytallix::internal

BENCHMARK_MAIN();
