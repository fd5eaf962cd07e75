// Gas metering: one charge per basic block, summed from the static schedule,
// out of gas as a trap with gas used = limit, and metering off.
#include "gtest/gtest.h"
#include "tests/unit/vm_matchers.h"
#include "vm/gas_schedule.h"

namespace dytallix::testing {
namespace {

using internal::Opcode;
using internal::StaticCost;

constexpr std::string_view kGas = R"(
(module
  (func (export "one") (result i32) i32.const 1)
  (func (export "count") (param i32)
    (loop $l
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "forever") (loop $l (br $l))))
)";

CallOptions Metered(uint64_t limit) {
  return CallOptions{.metering = true, .gas_limit = limit};
}

uint64_t GasOf(WatVm& vm, std::string_view name, std::vector<Value> args) {
  auto r = vm.Call(name, std::move(args), Metered(1'000'000));
  EXPECT_TRUE(r.ok() && !r->trap);
  return r.ok() ? r->gas_used : 0;
}

TEST(VmGasTest, StraightLineCodeCostsItsInstructions) {
  WatVm vm(kGas);
  EXPECT_EQ(GasOf(vm, "one", {}),
            StaticCost(Opcode::kI32Const) + StaticCost(Opcode::kEnd));
}

TEST(VmGasTest, EachLoopIterationCostsTheInstructionsItRuns) {
  WatVm vm(kGas);
  const uint64_t per_iteration =
      StaticCost(Opcode::kLocalGet) + StaticCost(Opcode::kI32Const) +
      StaticCost(Opcode::kI32Sub) + StaticCost(Opcode::kLocalTee) +
      StaticCost(Opcode::kBrIf);
  EXPECT_EQ(GasOf(vm, "count", {I32(11)}) - GasOf(vm, "count", {I32(10)}),
            per_iteration);
  EXPECT_EQ(GasOf(vm, "count", {I32(1000)}) - GasOf(vm, "count", {I32(1)}),
            999 * per_iteration);
}

TEST(VmGasTest, ExactLimitSucceedsOneLessRunsOut) {
  WatVm vm(kGas);
  const uint64_t needed = GasOf(vm, "count", {I32(50)});
  EXPECT_THAT(vm.Call("count", {I32(50)}, Metered(needed)), Returns());
  auto short_by_one = vm.Call("count", {I32(50)}, Metered(needed - 1));
  EXPECT_THAT(short_by_one, Traps(TrapKind::kOutOfGas));
  EXPECT_EQ(short_by_one->gas_used, needed - 1);
}

TEST(VmGasTest, InfiniteLoopRunsOutOfGas) {
  WatVm vm(kGas, Profile::Contract());
  auto r = vm.Call("forever", {}, Metered(100'000));
  EXPECT_THAT(r, Traps(TrapKind::kOutOfGas));
  EXPECT_EQ(r->gas_used, 100'000u);
  // Deterministic: the same call reports the same outcome.
  auto again = vm.Call("forever", {}, Metered(100'000));
  EXPECT_EQ(again->trap, r->trap);
}

TEST(VmGasTest, UnmeteredCallsReportNoGas) {
  WatVm vm(kGas);
  auto r = vm.Call("count", {I32(1000)});
  EXPECT_THAT(r, Returns());
  EXPECT_EQ(r->gas_used, 0u);
}

}  // namespace
}  // namespace dytallix::testing
