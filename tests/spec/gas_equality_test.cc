#include "tests/spec/gas_equality.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dytallix::internal {
namespace {

using ::testing::Eq;
using ::testing::Optional;

CallRecord Completed(uint64_t gas, std::vector<Value> results = {}) {
  return {
      .what = "invoke \"f\"", .results = std::move(results), .gas_used = gas};
}

CallRecord Trapped(TrapKind kind, uint64_t gas) {
  return {.what = "invoke \"f\"", .trap = kind, .gas_used = gas};
}

CallRecord Instantiated() { return {.what = "instantiate"}; }

std::optional<std::string> Compare(const std::vector<CallRecord>& per_block,
                                   const std::vector<CallRecord>& per_instr,
                                   GasTally& tally) {
  return CompareCalls(per_block, per_instr, tally);
}

TEST(GasEqualityTest, CountsCallsThatAgree) {
  GasTally tally;
  EXPECT_EQ(Compare({Instantiated(), Completed(7, {Value::I32(1)}),
                     Trapped(TrapKind::kUnreachable, 9), Completed(0)},
                    {Instantiated(), Completed(7, {Value::I32(1)}),
                     Trapped(TrapKind::kUnreachable, 9), Completed(0)},
                    tally),
            std::nullopt);
  EXPECT_EQ(tally.equal_gas, 2);
  EXPECT_EQ(tally.traps, 1);
  EXPECT_EQ(tally.unmetered, 1);
}

TEST(GasEqualityTest, DifferentGasNamesBothValues) {
  GasTally tally;
  EXPECT_THAT(
      Compare({Completed(1), Completed(12)}, {Completed(1), Completed(11)},
              tally),
      Optional(Eq("invoke \"f\": gas used 12 per block, 11 per instruction")));
  EXPECT_EQ(tally.equal_gas, 1);
}

// A trap mid-block is charged the whole block per block but only what ran
// per instruction: the trap kinds must agree, and gas per block is at least
// gas per instruction.
TEST(GasEqualityTest, TrapsNeedTheSameKindAndBoundedGas) {
  GasTally tally;
  EXPECT_EQ(Compare({Trapped(TrapKind::kIntegerDivideByZero, 30)},
                    {Trapped(TrapKind::kIntegerDivideByZero, 21)}, tally),
            std::nullopt);
  EXPECT_EQ(tally.traps, 1);
  EXPECT_THAT(Compare({Trapped(TrapKind::kIntegerDivideByZero, 21)},
                      {Trapped(TrapKind::kIntegerDivideByZero, 30)}, tally),
              Optional(Eq("invoke \"f\": trapped after using 21 gas per "
                          "block, less than 30 per instruction")));
  EXPECT_THAT(Compare({Trapped(TrapKind::kIntegerDivideByZero, 30)},
                      {Trapped(TrapKind::kIntegerOverflow, 30)}, tally),
              Optional(Eq("invoke \"f\": trapped \"integer divide by zero\" "
                          "per block, trapped \"integer overflow\" per "
                          "instruction")));
  EXPECT_THAT(
      Compare({Trapped(TrapKind::kUnreachable, 5)}, {Completed(5)}, tally),
      Optional(Eq("invoke \"f\": trapped \"unreachable\" per block, "
                  "returned [] per instruction")));
  EXPECT_EQ(tally.traps, 1);
}

TEST(GasEqualityTest, DifferentResultsFail) {
  GasTally tally;
  EXPECT_THAT(Compare({Completed(3, {Value::I64(1)})},
                      {Completed(3, {Value::I64(2)})}, tally),
              Optional(Eq("invoke \"f\": returned [i64:0000000000000001] per "
                          "block, returned [i64:0000000000000002] per "
                          "instruction")));
  EXPECT_EQ(tally.equal_gas, 0);
}

// Function references point into each session's own Store.
TEST(GasEqualityTest, FunctionReferencesCompareNullnessOnly) {
  int a = 0, b = 0;
  const Value ref_a = Value::FuncRef(reinterpret_cast<FunctionInstance*>(&a));
  const Value ref_b = Value::FuncRef(reinterpret_cast<FunctionInstance*>(&b));
  const Value null = Value::Null(ValType::kFuncRef);
  GasTally tally;
  EXPECT_EQ(Compare({Completed(2, {ref_a})}, {Completed(2, {ref_b})}, tally),
            std::nullopt);
  EXPECT_NE(Compare({Completed(2, {ref_a})}, {Completed(2, {null})}, tally),
            std::nullopt);
}

TEST(GasEqualityTest, DifferentCallsFail) {
  GasTally tally;
  EXPECT_THAT(Compare({Completed(1)}, {}, tally),
              Optional(Eq("made 1 calls per block, 0 per instruction")));
  EXPECT_THAT(Compare({Instantiated()}, {Completed(1)}, tally),
              Optional(Eq("calls differ: instantiate per block, invoke \"f\" "
                          "per instruction")));
  CallRecord unmetered = Completed(0);
  unmetered.gas_used.reset();
  EXPECT_THAT(Compare({Completed(0)}, {unmetered}, tally),
              Optional(Eq("invoke \"f\": metered in one mode only")));
}

}  // namespace
}  // namespace dytallix::internal
