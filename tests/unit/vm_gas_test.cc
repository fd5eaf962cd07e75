// Gas metering: one charge per basic block, summed from the static schedule,
// out of gas as a trap with gas used = limit, and metering off.
#include "gtest/gtest.h"
#include "testing/vm_gas_util.h"
#include "testing/vm_matchers.h"
#include "vm/compiled_code_key.h"
#include "vm/gas_schedule.h"

namespace dytallix::testing {
namespace {

using internal::CallResult;
using internal::GasSchedule;
using internal::Opcode;

constexpr uint32_t StaticCost(Opcode op) {
  return GasSchedule::Default().StaticCost(op);
}

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

constexpr std::string_view kDynamic = R"(
(module (memory 1) (table 1 funcref)
  (func (export "grow") (param i32) (drop (memory.grow (local.get 0))))
  (func (export "fill") (param i32)
    (memory.fill (i32.const 0) (i32.const 1) (local.get 0)))
  (func (export "table_grow") (param i32)
    (drop (table.grow 0 (ref.null func) (local.get 0))))
  (func (export "locals") (local i64 i64 i64 i64 i64))
  (func (export "no_locals")))
)";

uint64_t DynamicGasOf(std::string_view name, uint32_t n) {
  MeteredVm vm(kDynamic, GasMode::kPerBlock);
  const CallResult r = vm.Run(name, 1'000'000'000, {I32(n)});
  EXPECT_FALSE(r.trap.has_value());
  return r.gas_used;
}

TEST(VmGasTest, MemoryGrowCostsPerPageRequestedGrantedOrNot) {
  const auto& d = GasSchedule::Default().dynamic;
  EXPECT_EQ(DynamicGasOf("grow", 3) - DynamicGasOf("grow", 0),
            3 * d.memory_grow_page);
  // Past the maximum the request fails, and is charged all the same.
  EXPECT_EQ(DynamicGasOf("grow", 70'000) - DynamicGasOf("grow", 0),
            70'000 * d.memory_grow_page);
}

TEST(VmGasTest, BulkMemoryCostsPerByteRoundedUp) {
  const auto& d = GasSchedule::Default().dynamic;
  const uint64_t base = DynamicGasOf("fill", 0);
  EXPECT_EQ(DynamicGasOf("fill", 1) - base, 1u);
  EXPECT_EQ(DynamicGasOf("fill", 1000) - base, d.BulkBytes(1000));
  EXPECT_EQ(DynamicGasOf("fill", 65536) - base, 65536 / d.bulk_bytes_per_gas);
}

TEST(VmGasTest, TableGrowCostsPerElement) {
  EXPECT_EQ(DynamicGasOf("table_grow", 10) - DynamicGasOf("table_grow", 0),
            10 * GasSchedule::Default().dynamic.table_element);
}

TEST(VmGasTest, DeclaredLocalsCostAtEntry) {
  MeteredVm vm(kDynamic, GasMode::kPerBlock);
  EXPECT_EQ(
      vm.Run("locals", 1'000).gas_used - vm.Run("no_locals", 1'000).gas_used,
      5 * GasSchedule::Default().local);
}

TEST(VmGasTest, ScheduleHashIsStableAndCoversEveryField) {
  const GasSchedule d = GasSchedule::Default();
  EXPECT_EQ(d.Hash(), GasSchedule::Default().Hash());
  // Recorded: changing the default schedule must change this (and version).
  std::string hex;
  for (uint8_t b : d.Hash()) {
    hex += "0123456789abcdef"[b >> 4];
    hex += "0123456789abcdef"[b & 15];
  }
  EXPECT_EQ(hex,
            "e1232cf870f288788759e397c12ceb0490bf38336cb07acad33f735c1f645187");
  GasSchedule s = d;
  s.static_cost[static_cast<int>(internal::GasClass::kCall)] += 1;
  EXPECT_NE(s.Hash(), d.Hash());
  s = d;
  s.dynamic.bulk_bytes_per_gas = 8;
  EXPECT_NE(s.Hash(), d.Hash());
  s = d;
  s.host.nested_call += 1;
  EXPECT_NE(s.Hash(), d.Hash());
}

TEST(VmGasTest, CompiledCodeKeyTellsSchedulesAndProfilesApart) {
  const internal::Hash256 code = internal::CodeHash(Wasm(kGas));
  const GasSchedule d = GasSchedule::Default();
  GasSchedule cheaper = d;
  cheaper.static_cost[static_cast<int>(internal::GasClass::kAlu)] = 0;
  const auto key = internal::KeyFor(code, d, Profile::Contract());
  EXPECT_EQ(key, internal::KeyFor(code, d, Profile::Contract()));
  EXPECT_NE(key, internal::KeyFor(code, cheaper, Profile::Contract()));
  EXPECT_NE(key, internal::KeyFor(code, d, Profile::Spec()));
  EXPECT_NE(key.code, internal::CodeHash(Wasm("(module)")));
}

TEST(VmGasTest, CodeCompiledWithoutChargesRunsOnlyUnmetered) {
  internal::GasOptions none;
  none.metering = internal::GasMetering::kNone;
  auto module = internal::Load(Wasm(kGas), Profile::Spec(), none);
  ASSERT_TRUE(module.ok());
  internal::Store store(Profile::Spec());
  auto inst = internal::Instantiate(store, *module, {});
  ASSERT_TRUE(inst.ok() && !inst->trap);
  std::vector<Value> args = {I32(100)};
  EXPECT_THAT(internal::Invoke(store, *inst->instance, "count", args),
              Returns());
  EXPECT_FALSE(
      internal::Invoke(store, *inst->instance, "count", args, Metered(1000))
          .ok());
}

// Gas used under GasSchedule::Unit() metered per instruction: the number of
// instructions `name`(args) executes.
uint64_t InstructionsOf(std::string_view wat, std::string_view name,
                        std::vector<Value> args) {
  auto module =
      internal::Load(Wasm(wat), Profile::Contract(),
                     {.schedule = GasSchedule::Unit(),
                      .metering = internal::GasMetering::kPerInstruction});
  EXPECT_TRUE(module.ok());
  if (!module.ok()) return 0;
  internal::Store store(Profile::Contract());
  auto inst = internal::Instantiate(store, *module, {});
  EXPECT_TRUE(inst.ok() && !inst->trap);
  auto r =
      internal::Invoke(store, *inst->instance, name, args, Metered(UINT64_MAX));
  EXPECT_TRUE(r.ok() && !r->trap);
  return r.ok() ? r->gas_used : 0;
}

TEST(VmGasTest, UnitScheduleCountsExecutedInstructions) {
  // count(n): loop; n times local.get, i32.const, i32.sub, local.tee, br_if;
  // the loop's end and the function's end.
  EXPECT_EQ(InstructionsOf(kGas, "count", {I32(1)}), 3u + 5u);
  EXPECT_EQ(InstructionsOf(kGas, "count", {I32(1000)}), 3u + 5'000u);
  // Declared locals, pages, bytes and elements are free: only instructions.
  EXPECT_EQ(InstructionsOf(kDynamic, "locals", {}), 1u);
  // i32.const, i32.const, local.get, memory.fill, end.
  EXPECT_EQ(InstructionsOf(kDynamic, "fill", {I32(65536)}), 5u);
  EXPECT_EQ(InstructionsOf(kDynamic, "grow", {I32(3)}),
            InstructionsOf(kDynamic, "grow", {I32(0)}));
  EXPECT_EQ(InstructionsOf(kDynamic, "table_grow", {I32(10)}),
            InstructionsOf(kDynamic, "table_grow", {I32(0)}));
}

TEST(VmGasTest, UnitScheduleIsNeverTheDefault) {
  const GasSchedule unit = GasSchedule::Unit();
  EXPECT_NE(unit.version, GasSchedule::Default().version);
  EXPECT_NE(unit.Hash(), GasSchedule::Default().Hash());
  for (uint32_t cost : unit.static_cost) EXPECT_EQ(cost, 1u);
  EXPECT_EQ(unit.local + unit.value_moved, 0u);
  EXPECT_EQ(unit.dynamic.BulkBytes(1 << 20), 0u);
  EXPECT_EQ(unit.host.call + unit.host.instance, 0u);
}

}  // namespace
}  // namespace dytallix::testing
