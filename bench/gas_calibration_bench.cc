// Gas calibration: the time the interpreter spends per instruction of each
// static gas class (vm/gas_schedule.h), relative to i32.add, beside the
// default schedule's price, so prices can be checked against measured cost.
// Each case is a loop (bench_util.h's LoopModule, metered per block as in
// production) whose body repeats one small pattern kCopies times; the empty
// loop's time is subtracted and the rest divided by the pattern's
// instructions of the case's class. Operand local.get/const and a result's
// local.set are compiled into the instruction that uses them and are not
// counted (their time, if any, is the instruction's); the drop and copy
// cases time locals and constants alone. `unreachable` ends the call, so it
// has no case. After the benchmarks a table of the ratios prints on stdout,
// from the median CPU time of the repetitions.
//
// Then the loading price: each hostile module of
// testing/module_gen/hostile_modules.h at its largest contract-profile size
// is loaded as a deploy loads it (decode, validate, compile, the contract
// checks, the static analyzer); a second table compares that time with what
// the gas it pays is worth at i32.add's measured ns per gas (a call pays
// code_byte per byte, a deploy code_byte + byte_stored): a ratio below 1
// means the price does not cover the work.
// Run a release build, on a quiet machine if possible:
//   gas_calibration_bench --benchmark_repetitions=3
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/static_analysis.h"
#include "bench/bench_util.h"
#include "benchmark/benchmark.h"
#include "host/abi.h"
#include "testing/module_gen/hostile_modules.h"
#include "vm/engine.h"
#include "vm/gas_schedule.h"

namespace dytallix::internal {
namespace {

constexpr int kCopies = 16;  // pattern copies per loop iteration

struct Case {
  std::string_view name;
  GasClass gas_class;
  std::string_view pattern;
  // Units in one copy of the pattern: instructions of gas_class, or for a
  // bulk case the bulk bytes over the default bulk_bytes_per_gas.
  int units;
  std::string_view prelude = "";
  std::string_view setup = "";
  bool bulk_bytes = false;  // priced per byte: the dynamic part
};

constexpr std::string_view kLoopCase = "loop";  // the empty loop
constexpr std::string_view kReferenceCase = "i32.add";

constexpr std::string_view kCallee =
    "(type $t (func (param i32) (result i32)))\n"
    "(table 1 funcref) (elem (i32.const 0) $f)\n"
    "(func $f (type $t) (local.get 0))";
constexpr int kBulkUnitsPerKiB =
    1024 / GasSchedule::Default().dynamic.bulk_bytes_per_gas;
// Normal f64 values that stay normal over 1.6 million divisions.
constexpr std::string_view kF64Setup = "(local.set 3 (f64.const 1e6))";

// Locals (LoopModule): 0 counter (never 0), 1 i32 (stays 0 unless written),
// 2 i64, 3 f64, 4 f32, 5 funcref. Memory is zero.
const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {kLoopCase, GasClass::kNop, "", 0},
      {"nop", GasClass::kNop, "(nop)", 1},
      {"drop(local.get), drop(const)", GasClass::kBase,
       "(drop (local.get 0)) (drop (i32.const 7))", 4},
      {"local.set(local.get)", GasClass::kBase, "(local.set 1 (local.get 0))",
       2},
      {"select", GasClass::kBase,
       "(local.set 1 (select (local.get 1) (local.get 0) (local.get 0)))", 1},
      {kReferenceCase, GasClass::kAlu,
       "(local.set 1 (i32.add (local.get 1) (local.get 0)))", 1},
      {"i64.shl", GasClass::kAlu,
       "(local.set 2 (i64.shl (local.get 2) (i64.const 1)))", 1},
      {"i64.mul", GasClass::kMul,
       "(local.set 2 (i64.mul (local.get 2) (i64.const 3)))", 1},
      {"i32.div_s", GasClass::kDiv,
       "(local.set 1 (i32.div_s (local.get 0) (i32.const 7)))", 1},
      {"i64.rem_u", GasClass::kDiv,
       "(local.set 2 (i64.rem_u (i64.const -1) (i64.extend_i32_u "
       "(local.get 0))))",
       1},
      {"f64.add", GasClass::kFloat,
       "(local.set 3 (f64.add (local.get 3) (f64.const 1.5)))", 1},
      {"f64.mul", GasClass::kFloat,
       "(local.set 3 (f64.mul (local.get 3) (f64.const 1.0000001)))", 1, "",
       kF64Setup},
      {"f64.div", GasClass::kFloatDiv,
       "(local.set 3 (f64.div (local.get 3) (f64.const 1.0000001)))", 1, "",
       kF64Setup},
      {"f64.sqrt", GasClass::kFloatDiv,
       "(local.set 3 (f64.sqrt (local.get 3)))", 1, "", kF64Setup},
      {"f64.convert_i32_s", GasClass::kConvert,
       "(local.set 3 (f64.convert_i32_s (local.get 0)))", 1},
      {"i32.trunc_f64_s", GasClass::kConvert,
       "(local.set 1 (i32.trunc_f64_s (local.get 3)))", 1, "", kF64Setup},
      {"i32.load", GasClass::kLoad, "(local.set 1 (i32.load (local.get 1)))",
       1},
      {"i64.load8_s", GasClass::kLoad,
       "(local.set 2 (i64.load8_s offset=3 (local.get 1)))", 1},
      {"i32.store", GasClass::kStore, "(i32.store (local.get 1) (local.get 0))",
       1},
      {"global.set+get", GasClass::kGlobal,
       "(global.set $g (local.get 0)) (local.set 1 (global.get $g))", 2,
       "(global $g (mut i32) (i32.const 0))"},
      {"table.get+set", GasClass::kTable,
       "(local.set 5 (table.get 0 (local.get 1))) "
       "(table.set 0 (local.get 1) (local.get 5))",
       2, "(table 1 funcref)"},
      // A branch to the next instruction: the block's end is skipped.
      {"br", GasClass::kBranch, "(block (br 0))", 1},
      {"br_if", GasClass::kBranch, "(block (br_if 0 (local.get 0)))", 1},
      {"br_table", GasClass::kBrTable,
       "(block (block (br_table 0 1 (local.get 1))))", 1},
      // The callee's local.get and end (its return) count as the call's.
      {"call", GasClass::kCall, "(local.set 1 (call $f (local.get 0)))", 1,
       kCallee},
      {"call_indirect", GasClass::kCallIndirect,
       "(local.set 1 (call_indirect (type $t) (local.get 0) (i32.const 0)))", 1,
       kCallee},
      // Growing by 0: the static part only.
      {"memory.grow", GasClass::kMemoryGrow,
       "(local.set 1 (memory.grow (i32.const 0)))", 1},
      {"table.grow", GasClass::kTableGrow,
       "(local.set 1 (table.grow 0 (ref.null func) (i32.const 0)))", 1,
       "(table 1 funcref)"},
      {"memory.fill 0 bytes", GasClass::kBulk,
       "(memory.fill (i32.const 0) (i32.const 0) (i32.const 0))", 1},
      {"memory.copy 0 bytes", GasClass::kBulk,
       "(memory.copy (i32.const 0) (i32.const 0) (i32.const 0))", 1},
      // 1 KiB, per bulk_bytes_per_gas bytes (the static part is included).
      {"memory.fill 1 KiB", GasClass::kBulk,
       "(memory.fill (i32.const 0) (i32.const 0) (i32.const 1024))",
       kBulkUnitsPerKiB, "", "", true},
      {"memory.copy 1 KiB", GasClass::kBulk,
       "(memory.copy (i32.const 1024) (i32.const 0) (i32.const 1024))",
       kBulkUnitsPerKiB, "", "", true},
  };
  return cases;
}

// For the table only: the class as decoder/opcode.h spells it.
std::string_view ClassName(GasClass c) {
  static constexpr std::string_view kNames[] = {
      "kNop",          "kBase",       "kAlu",       "kMul",     "kDiv",
      "kFloat",        "kFloatDiv",   "kConvert",   "kLoad",    "kStore",
      "kGlobal",       "kTable",      "kBranch",    "kBrTable", "kCall",
      "kCallIndirect", "kMemoryGrow", "kTableGrow", "kBulk",    "kUnreachable"};
  static_assert(std::size(kNames) == kGasClassCount);
  return kNames[static_cast<int>(c)];
}

std::string Body(std::string_view pattern) {
  std::string body;
  for (int i = 0; i < kCopies; ++i) body.append(pattern).append("\n");
  return body;
}

std::string BenchmarkName(const Case& c) {
  return std::string("BM_GasClass/").append(c.name);
}

// Collects each benchmark's CPU time per call (every repetition) while the
// console reporter prints as usual.
class CollectingReporter : public benchmark::ConsoleReporter {
 public:
  CollectingReporter()
      : ConsoleReporter(isatty(fileno(stdout)) ? OO_ColorTabular : OO_Tabular) {
  }

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.error_occurred) continue;
      ns_per_call_[run.run_name.function_name].push_back(
          run.GetAdjustedCPUTime() * 1e9 /
          benchmark::GetTimeUnitMultiplier(run.time_unit));
    }
    ConsoleReporter::ReportRuns(runs);
  }

  // The median CPU time per call of benchmark `name`, if it ran.
  std::optional<double> MedianNs(const std::string& name) const {
    auto it = ns_per_call_.find(name);
    if (it == ns_per_call_.end()) return std::nullopt;
    std::vector<double> v = it->second;
    std::sort(v.begin(), v.end());
    const size_t mid = v.size() / 2;
    return v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

 private:
  std::map<std::string, std::vector<double>> ns_per_call_;
};

// ns per unit of `c` beyond the loop's own time, if `c` ran.
std::optional<double> NsPerUnit(const CollectingReporter& reporter,
                                const Case& c, double loop_ns) {
  const std::optional<double> ns = reporter.MedianNs(BenchmarkName(c));
  if (!ns || c.units == 0) return std::nullopt;
  return (*ns - loop_ns) /
         (static_cast<double>(bench::kLoopIterations) * kCopies * c.units);
}

// Whether `price` is more than 3x from the measured `ratio`, either way; a
// ratio under 0.1 counts as free.
bool OffBy3x(uint32_t price, double ratio) {
  if (ratio < 0.1) return price > 0;
  return price > 3 * ratio || 3 * price < ratio;
}

// The empty loop's ns per call and i32.add's ns per instruction: what
// every case is measured against.
struct Baselines {
  double loop_ns;
  double reference_ns;
};

std::optional<Baselines> FindBaselines(const CollectingReporter& reporter) {
  const std::optional<double> loop =
      reporter.MedianNs(BenchmarkName(Cases()[0]));
  if (!loop) return std::nullopt;
  for (const Case& c : Cases()) {
    if (c.name != kReferenceCase) continue;
    const std::optional<double> ns = NsPerUnit(reporter, c, *loop);
    if (ns && *ns > 0) return Baselines{*loop, *ns};
  }
  return std::nullopt;
}

void PrintTable(const CollectingReporter& reporter) {
  const std::optional<Baselines> base = FindBaselines(reporter);
  if (!base) {
    std::printf("\nno ratios: the loop and i32.add cases must both run\n");
    return;
  }
  std::printf(
      "\nPer instruction (median CPU time, loop overhead %.2f ns per "
      "iteration subtracted)\n\n"
      "| case | class | ns | ratio to i32.add | default price | |\n"
      "|---|---|---:|---:|---:|---|\n",
      base->loop_ns / bench::kLoopIterations);
  const GasSchedule prices = GasSchedule::Default();
  for (const Case& c : Cases()) {
    const std::optional<double> ns = NsPerUnit(reporter, c, base->loop_ns);
    if (!ns) continue;
    const uint32_t price =
        c.bulk_bytes ? 1 : prices.static_cost[static_cast<int>(c.gas_class)];
    const double ratio = *ns / base->reference_ns;
    std::printf("| %s%s | %s | %.2f | %.2f | %u | %s |\n",
                std::string(c.name).c_str(),
                c.bulk_bytes ? " (per bulk_bytes_per_gas bytes)" : "",
                std::string(ClassName(c.gas_class)).c_str(), *ns, ratio, price,
                OffBy3x(price, ratio) ? "**over 3x off**" : "");
  }
}

std::string LoadBenchmarkName(const testing::HostileShape& shape) {
  return "load/" + std::string(shape.name);
}

// Everything a deploy does with the code before storing it.
void LoadAsDeployed(benchmark::State& state, const std::vector<uint8_t>& code) {
  const Profile profile = Profile::Contract();
  for (auto _ : state) {
    auto module = Load(code, profile);
    if (!module.ok() || !CheckContractModule(ModuleOf(**module)).ok()) {
      state.SkipWithError("the hostile module does not load");
      return;
    }
    benchmark::DoNotOptimize(StaticFindings(ModuleOf(**module), profile));
  }
}

void PrintLoadTable(const CollectingReporter& reporter) {
  const std::optional<Baselines> base = FindBaselines(reporter);
  if (!base) return;
  const HostGasCosts costs = GasSchedule::Default().host;
  std::printf(
      "\nLoading, per hostile module (i32.add: %.2f ns per gas)\n\n"
      "| shape | bytes | ms | ns per byte | call pays (gas) | covers | deploy "
      "pays (gas) | covers |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
      base->reference_ns);
  for (const testing::HostileShape& shape : testing::HostileShapes()) {
    const std::optional<double> ns =
        reporter.MedianNs(LoadBenchmarkName(shape));
    if (!ns) continue;
    const double bytes = static_cast<double>(shape.make(shape.max_n).size());
    const double call_gas = bytes * costs.code_byte;
    const double deploy_gas = bytes * (costs.code_byte + costs.byte_stored);
    std::printf("| %s | %.0f | %.2f | %.1f | %.0f | %.2f | %.0f | %.2f |\n",
                std::string(shape.name).c_str(), bytes, *ns / 1e6, *ns / bytes,
                call_gas, call_gas * base->reference_ns / *ns, deploy_gas,
                deploy_gas * base->reference_ns / *ns);
  }
}

void RegisterCases() {
  for (const Case& c : Cases()) {
    benchmark::RegisterBenchmark(BenchmarkName(c).c_str(),
                                 [&c](benchmark::State& state) {
                                   bench::RunLoop(state, Body(c.pattern),
                                                  c.prelude, c.setup);
                                 })
        ->Unit(benchmark::kMicrosecond);
  }
  for (const testing::HostileShape& shape : testing::HostileShapes()) {
    benchmark::RegisterBenchmark(
        LoadBenchmarkName(shape).c_str(),
        [&shape, code = shape.make(shape.max_n)](benchmark::State& state) {
          LoadAsDeployed(state, code);
        })
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace
}  // namespace dytallix::internal

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  dytallix::internal::RegisterCases();
  dytallix::internal::CollectingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  dytallix::internal::PrintTable(reporter);
  dytallix::internal::PrintLoadTable(reporter);
  return 0;
}
