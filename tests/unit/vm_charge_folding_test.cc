// Charge folding (vm/charge_folding.h): branches and calls charge the block
// they enter in place of its Gas instruction. Running out on such an entry
// must trap exactly where that Gas instruction is: the first instruction of
// the block's source, in the function being entered.
#include <set>
#include <string_view>

#include "decoder/decoder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/vm_gas_util.h"
#include "testing/vm_matchers.h"

namespace dytallix::testing {
namespace {

using internal::CallResult;
using internal::Opcode;
using ::testing::Contains;
using ::testing::Not;

constexpr std::string_view kFolding = R"(
(module
  (func $seven (result i32) i32.const 7)
  (func (export "call") (result i32) call $seven)
  (func (export "count") (param i32) (result i32)
    (loop $l
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (i32.add (local.get 0) (i32.const 9)))
  (func (export "choose") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.const 1))
      (else (i32.const 2)))))
)";

// The byte offset of the first `op` in defined function `function`.
uint32_t OffsetOf(uint32_t function, Opcode op) {
  auto module = internal::Decode(Wasm(kFolding));
  EXPECT_TRUE(module.ok());
  for (const internal::Instr& instr : module->functions[function].code) {
    if (instr.op == op) return instr.offset;
  }
  ADD_FAILURE() << "no such instruction";
  return 0;
}

uint64_t GasOf(MeteredVm& vm, std::string_view name,
               std::vector<Value> args = {}) {
  const CallResult r = vm.Run(name, 1'000'000, std::move(args));
  EXPECT_FALSE(r.trap.has_value());
  return r.gas_used;
}

// Runs `name` one unit short of `needed` and expects out of gas at
// (function, offset), with all the gas used.
void ExpectOutOfGasAt(MeteredVm& vm, std::string_view name,
                      std::vector<Value> args, uint64_t limit,
                      uint32_t function, uint32_t offset) {
  const CallResult r = vm.Run(name, limit, std::move(args));
  ASSERT_TRUE(r.trap.has_value());
  EXPECT_EQ(r.trap->kind, TrapKind::kOutOfGas);
  EXPECT_EQ(r.trap->function_index, function);
  EXPECT_EQ(r.trap->offset, offset);
  EXPECT_EQ(r.gas_used, limit);
}

TEST(VmChargeFoldingTest, CallEntryRunsOutInTheCallee) {
  MeteredVm vm(kFolding, GasMode::kPerBlock);
  const uint64_t callee =
      GasOf(vm, "call") -
      internal::GasSchedule::Default().StaticCost(Opcode::kCall) -
      internal::GasSchedule::Default().StaticCost(Opcode::kEnd);
  ASSERT_GT(callee, 0u);
  // The caller's block is paid for; the callee's entry is not.
  ExpectOutOfGasAt(vm, "call", {}, GasOf(vm, "call") - callee, 0,
                   OffsetOf(0, Opcode::kI32Const));
  const CallResult paid = vm.Run("call", GasOf(vm, "call"));
  EXPECT_FALSE(paid.trap.has_value());
  EXPECT_EQ(paid.results, std::vector<Value>{I32(7)});
}

TEST(VmChargeFoldingTest, BackEdgeRunsOutAtTheLoop) {
  MeteredVm vm(kFolding, GasMode::kPerBlock);
  const uint64_t per_iteration =
      GasOf(vm, "count", {I32(3)}) - GasOf(vm, "count", {I32(2)});
  const uint64_t one_iteration = GasOf(vm, "count", {I32(1)});
  // Enough for the first iteration and what follows the loop, not for a
  // second pass through the loop's block, which the back edge charges.
  ExpectOutOfGasAt(vm, "count", {I32(5)}, one_iteration + per_iteration - 1, 2,
                   OffsetOf(2, Opcode::kLoop));
}

TEST(VmChargeFoldingTest, FallThroughRunsOutAfterTheBranch) {
  MeteredVm vm(kFolding, GasMode::kPerBlock);
  // The last block (after the loop) is charged by the br_if falling through;
  // its source starts at the br_if.
  ExpectOutOfGasAt(vm, "count", {I32(4)}, GasOf(vm, "count", {I32(4)}) - 1, 2,
                   OffsetOf(2, Opcode::kBrIf));
}

// The offsets of the out-of-gas traps of `choose(c)` over every limit short
// of what it needs.
std::set<uint32_t> OutOfGasOffsets(MeteredVm& vm, int32_t c) {
  std::set<uint32_t> offsets;
  const uint64_t needed = GasOf(vm, "choose", {I32(c)});
  for (uint64_t limit = 0; limit < needed; ++limit) {
    const CallResult r = vm.Run("choose", limit, {I32(c)});
    EXPECT_TRUE(r.trap.has_value() && r.trap->kind == TrapKind::kOutOfGas);
    EXPECT_EQ(r.gas_used, limit);
    if (r.trap) offsets.insert(r.trap->offset);
  }
  return offsets;
}

TEST(VmChargeFoldingTest, IfArmsRunOutAtTheirOwnBlocks) {
  MeteredVm vm(kFolding, GasMode::kPerBlock);
  // `if` branches to the else arm when the condition is zero and falls
  // through into the then arm otherwise; each arm's block is charged there.
  EXPECT_THAT(OutOfGasOffsets(vm, 0), Contains(OffsetOf(3, Opcode::kElse)));
  EXPECT_THAT(OutOfGasOffsets(vm, 0), Not(Contains(OffsetOf(3, Opcode::kIf))));
  EXPECT_THAT(OutOfGasOffsets(vm, 1), Contains(OffsetOf(3, Opcode::kIf)));
  EXPECT_THAT(OutOfGasOffsets(vm, 1),
              Not(Contains(OffsetOf(3, Opcode::kElse))));
}

TEST(VmChargeFoldingTest, FoldedAndUnfoldedModesUseTheSameGas) {
  MeteredVm block(kFolding, GasMode::kPerBlock);
  MeteredVm reference(kFolding, GasMode::kPerInstruction);
  EXPECT_EQ(GasOf(block, "call"), GasOf(reference, "call"));
  for (int32_t n : {1, 2, 17}) {
    EXPECT_EQ(GasOf(block, "count", {I32(n)}),
              GasOf(reference, "count", {I32(n)}));
  }
  for (int32_t c : {0, 1}) {
    EXPECT_EQ(GasOf(block, "choose", {I32(c)}),
              GasOf(reference, "choose", {I32(c)}));
  }
}

}  // namespace
}  // namespace dytallix::testing
