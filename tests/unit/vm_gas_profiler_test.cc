// The gas-profiling run loop (vm/gas_profiler.h) and the choice of dispatch:
// neither changes what a call does or the gas it uses, and the profile puts
// every unit of gas under the stack of functions that spent it.
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/vm_matchers.h"
#include "vm/gas_profiler.h"

namespace dytallix::testing {
namespace {

using internal::CallOptions;
using internal::CallResult;
using internal::Dispatch;
using internal::GasProfiler;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

// $spin has a name in the name section; the export "work" names function 2;
// function 3 has no name at all.
constexpr std::string_view kProgram = R"(
(module
  (import "env" "charge" (func $charge (param i32)))
  (func $spin (param i32)
    (loop $l
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "work") (param i32)
    (call $spin (local.get 0))
    (call $charge (i32.const 40))
    (call 3 (local.get 0)))
  (func (param i32) (call $spin (i32.const 2)))
  (func (export "oops") (call $spin (i32.const 5)) unreachable))
)";

// A host function that charges its argument as gas.
std::optional<TrapKind> Charge(void*, internal::HostCall& call,
                               std::span<const Value> args, std::span<Value>) {
  if (!call.ConsumeGas(args[0].i32())) return TrapKind::kOutOfGas;
  return std::nullopt;
}

class ProfiledVm {
 public:
  ProfiledVm() : store_(internal::Profile::Contract()) {
    // --debug-names keeps $spin's name in a name section.
    auto module = internal::Load(Wasm(kProgram, "--debug-names"),
                                 internal::Profile::Contract());
    EXPECT_TRUE(module.ok()) << module.status();
    internal::Linker linker;
    internal::FuncType type;
    type.params = {internal::ValType::kI32};
    linker.Define(
        "env", "charge",
        internal::Extern::Of(store_.NewHostFunction(type, {Charge, nullptr})));
    auto inst = internal::Instantiate(store_, *module, linker);
    EXPECT_TRUE(inst.ok() && !inst->trap);
    instance_ = inst->instance;
  }

  CallResult Run(std::string_view name, std::vector<Value> args,
                 CallOptions options, uint64_t gas_limit = 1'000'000) {
    options.metering = true;
    options.gas_limit = gas_limit;
    auto r = internal::Invoke(store_, *instance_, name, args, options);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : CallResult{};
  }

 private:
  internal::Store store_;
  internal::Instance* instance_ = nullptr;
};

// The folded profile as (stack, gas) pairs.
std::vector<std::pair<std::string, uint64_t>> Lines(const std::string& folded) {
  std::vector<std::pair<std::string, uint64_t>> lines;
  for (absl::string_view line :
       absl::StrSplit(folded, '\n', absl::SkipEmpty())) {
    std::vector<std::string> fields = absl::StrSplit(line, ' ');
    uint64_t gas = 0;
    EXPECT_EQ(fields.size(), 2u) << line;
    EXPECT_TRUE(absl::SimpleAtoi(fields.back(), &gas)) << line;
    lines.emplace_back(fields.front(), gas);
  }
  return lines;
}

TEST(VmGasProfilerTest, EveryUnitOfGasIsUnderTheStackThatSpentIt) {
  ProfiledVm vm;
  GasProfiler profiler;
  const CallResult r = vm.Run("work", {I32(10)}, {.gas_profiler = &profiler});
  ASSERT_FALSE(r.trap.has_value());
  EXPECT_EQ(profiler.total(), r.gas_used);
  const auto lines = Lines(profiler.Folded());
  ASSERT_EQ(lines.size(), 5u) << profiler.Folded();
  EXPECT_EQ(lines[0].first, "work");
  EXPECT_EQ(lines[1].first, "work;env.charge");
  EXPECT_EQ(lines[1].second, 40u);  // what the host function charged
  EXPECT_EQ(lines[2].first, "work;func[3]");
  EXPECT_EQ(lines[3].first, "work;func[3];spin");
  EXPECT_EQ(lines[4].first, "work;spin");
  // spin(10) loops five times as often as spin(2).
  GasProfiler small;
  vm.Run("work", {I32(2)}, {.gas_profiler = &small});
  const auto small_lines = Lines(small.Folded());
  ASSERT_EQ(small_lines.size(), 5u);
  EXPECT_EQ(small_lines[3].second, small_lines[4].second);
  EXPECT_GT(lines[4].second, small_lines[4].second);
}

TEST(VmGasProfilerTest, ATrapUnwindsTheProfile) {
  ProfiledVm vm;
  GasProfiler profiler;
  const CallResult r = vm.Run("oops", {}, {.gas_profiler = &profiler});
  ASSERT_TRUE(r.trap.has_value());
  EXPECT_EQ(profiler.depth(), 0u);
  EXPECT_EQ(profiler.total(), r.gas_used);
  EXPECT_THAT(profiler.Folded(), HasSubstr("oops;spin "));
  // Out of gas: the profile holds exactly the limit.
  GasProfiler short_of_gas;
  CallOptions options{.gas_profiler = &short_of_gas};
  const CallResult limited = vm.Run("work", {I32(1000)}, options, 777);
  ASSERT_TRUE(limited.trap.has_value());
  EXPECT_EQ(limited.trap->kind, TrapKind::kOutOfGas);
  EXPECT_EQ(short_of_gas.depth(), 0u);
  EXPECT_EQ(short_of_gas.total(), 777u);
}

// Found by diff_fuzzer: a dynamic charge too large for the gas left traps
// without touching the counter, and the profile missed what was left.
TEST(VmGasProfilerTest, AFailedDynamicChargeStillAccountsForAllTheGas) {
  auto module = internal::Load(Wasm(R"((module (memory 1)
    (func (export "fill") (memory.fill (i32.const 0) (i32.const 0) (i32.const 65536)))))"),
                               internal::Profile::Contract());
  ASSERT_TRUE(module.ok()) << module.status();
  internal::Store store(internal::Profile::Contract());
  auto inst = internal::Instantiate(store, *module, {});
  ASSERT_TRUE(inst.ok() && inst->instance != nullptr);
  GasProfiler profiler;
  auto r = internal::Invoke(
      store, *inst->instance, "fill", {},
      {.metering = true, .gas_limit = 100, .gas_profiler = &profiler});
  ASSERT_TRUE(r.ok() && r->trap.has_value());
  EXPECT_EQ(r->trap->kind, TrapKind::kOutOfGas);
  EXPECT_EQ(profiler.total(), 100u);
  EXPECT_EQ(profiler.Folded(), "fill 100\n");
}

TEST(VmGasProfilerTest, DispatchAndProfilingChangeNothing) {
  ProfiledVm vm;
  for (std::string_view name : {"work", "oops"}) {
    const CallResult threaded = vm.Run(
        name, name == "work" ? std::vector{I32(7)} : std::vector<Value>{},
        {.dispatch = Dispatch::kThreaded});
    for (Dispatch d : {Dispatch::kSwitch, Dispatch::kDefault}) {
      const CallResult other = vm.Run(
          name, name == "work" ? std::vector{I32(7)} : std::vector<Value>{},
          {.dispatch = d});
      EXPECT_EQ(other.trap, threaded.trap) << name;
      EXPECT_EQ(other.gas_used, threaded.gas_used) << name;
    }
    GasProfiler profiler;
    const CallResult profiled = vm.Run(
        name, name == "work" ? std::vector{I32(7)} : std::vector<Value>{},
        {.gas_profiler = &profiler});
    EXPECT_EQ(profiled.trap, threaded.trap) << name;
    EXPECT_EQ(profiled.gas_used, threaded.gas_used) << name;
  }
}

}  // namespace
}  // namespace dytallix::testing
