#include "tests/spec/spec_session.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tests/spec/test_modules.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;
using ::dytallix::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Gt;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;

SpecValue I32(uint32_t value) { return {ValType::kI32, value, false}; }

Action Invoke(std::string field, std::vector<SpecValue> args = {},
              std::string module = "") {
  return {Action::Kind::kInvoke, std::move(module), std::move(field),
          std::move(args)};
}

Action Get(std::string field, std::string module = "") {
  return {Action::Kind::kGet, std::move(module), std::move(field), {}};
}

std::vector<Expectation> Returns(uint32_t value) {
  return {{Expectation::Kind::kExact, I32(value)}};
}

class SpecSessionTest : public ::testing::Test {
 protected:
  SpecSessionTest() {
    EXPECT_THAT(session_.Module(test_modules::kCalc, "$calc"), IsOk());
  }

  SpecSession session_;
};

TEST_F(SpecSessionTest, AssertReturnComparesResults) {
  EXPECT_THAT(
      session_.AssertReturn(Invoke("add", {I32(2), I32(3)}), Returns(5)),
      IsOk());
  EXPECT_THAT(
      session_.AssertReturn(Invoke("add", {I32(2), I32(3)}), Returns(6)),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("expected i32:6 (0x6), got i32:5 (0x5)")));
  EXPECT_THAT(session_.AssertReturn(Invoke("add", {I32(2), I32(3)}), {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("returned 1 values, expected 0")));
  EXPECT_THAT(session_.AssertReturn(Get("g"), Returns(42)), IsOk());
}

TEST_F(SpecSessionTest, AssertTrapNeedsTheSpecText) {
  EXPECT_THAT(session_.AssertTrap(Invoke("trap"), "unreachable"), IsOk());
  EXPECT_THAT(session_.AssertTrap(Invoke("trap"), "integer overflow"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("trapped with \"unreachable\"")));
  EXPECT_THAT(
      session_.AssertTrap(Invoke("add", {I32(1), I32(1)}), "unreachable"),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("did not trap")));
  EXPECT_THAT(session_.AssertReturn(Invoke("trap"), {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("trapped: unreachable")));
}

TEST_F(SpecSessionTest, AssertExhaustionRejectsOtherTraps) {
  EXPECT_THAT(session_.AssertExhaustion(Invoke("trap")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("expected stack exhaustion")));
}

TEST_F(SpecSessionTest, NamedAndRegisteredModulesStayReachable) {
  ASSERT_THAT(session_.Register("$calc", "calc"), IsOk());
  ASSERT_THAT(session_.Module(test_modules::kEmpty, ""), IsOk());
  // The current module is now the empty one; $calc is still there by name.
  EXPECT_THAT(session_.RunAction(Invoke("add", {I32(1), I32(1)})), Not(IsOk()));
  EXPECT_THAT(session_.AssertReturn(Invoke("add", {I32(1), I32(1)}, "$calc"),
                                    Returns(2)),
              IsOk());
  EXPECT_THAT(session_.Register("$nope", "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no module named $nope")));
}

TEST_F(SpecSessionTest, AFailedModuleLeavesNoCurrentModule) {
  EXPECT_THAT(session_.Module(test_modules::kInvalid, ""),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("rejected a valid module")));
  EXPECT_THAT(session_.RunAction(Get("g")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no current module")));
}

TEST_F(SpecSessionTest, AFailedModuleUnbindsItsName) {
  EXPECT_THAT(session_.Module(test_modules::kInvalid, "$calc"), Not(IsOk()));
  EXPECT_THAT(session_.RunAction(Get("g", "$calc")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no module named $calc")));
}

TEST_F(SpecSessionTest, ProvidesTheSpectestModule) {
  ASSERT_THAT(session_.Module(test_modules::kSpectestImports, ""), IsOk());
  EXPECT_THAT(session_.AssertReturn(Get("g"), Returns(666)), IsOk());
}

TEST_F(SpecSessionTest, AssertUnlinkableNeedsALinkError) {
  EXPECT_THAT(session_.AssertUnlinkable(test_modules::kUnknownImport), IsOk());
  EXPECT_THAT(session_.AssertUnlinkable(test_modules::kCalc),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("linked a module")));
  EXPECT_THAT(session_.AssertUnlinkable(test_modules::kInvalid),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("rejected a valid module")));
}

TEST_F(SpecSessionTest, AssertUninstantiableNeedsAnInstantiationTrap) {
  EXPECT_THAT(
      session_.AssertUninstantiable(test_modules::kStartTraps, "unreachable"),
      IsOk());
  EXPECT_THAT(session_.AssertUninstantiable(test_modules::kCalc, "unreachable"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("did not trap")));
}

TEST_F(SpecSessionTest, RecordsEveryCallUnmeteredByDefault) {
  EXPECT_THAT(session_.AssertReturn(Get("g"), Returns(42)), IsOk());
  EXPECT_THAT(session_.AssertTrap(Invoke("trap"), "unreachable"), IsOk());
  const std::vector<CallRecord> calls = session_.TakeCalls();
  ASSERT_EQ(calls.size(), 3);
  EXPECT_EQ(calls[0].what, "instantiate");
  EXPECT_EQ(calls[1].what, "get \"g\"");
  EXPECT_THAT(calls[1].results, ElementsAre(Value::I32(42)));
  EXPECT_EQ(calls[2].what, "invoke \"trap\"");
  EXPECT_EQ(calls[2].trap, TrapKind::kUnreachable);
  for (const CallRecord& call : calls) EXPECT_EQ(call.gas_used, std::nullopt);
  EXPECT_THAT(session_.TakeCalls(), IsEmpty());
}

SessionOptions MeteredWithLimit(uint64_t gas_limit) {
  return {.call = {.metering = true, .gas_limit = gas_limit}};
}

TEST(SpecSessionGasTest, MeteredCallsRecordTheirGas) {
  SpecSession session(MeteredWithLimit(1'000'000));
  ASSERT_THAT(session.Module(test_modules::kCalc, ""), IsOk());
  EXPECT_THAT(session.AssertReturn(Invoke("add", {I32(2), I32(3)}), Returns(5)),
              IsOk());
  const std::vector<CallRecord> calls = session.TakeCalls();
  ASSERT_EQ(calls.size(), 2);
  EXPECT_EQ(calls[0].gas_used, std::nullopt);  // the start function's rule
  EXPECT_THAT(calls[1].gas_used, Optional(Gt(0u)));
}

TEST(SpecSessionGasTest, CallsRunOutOfTheirLimit) {
  SpecSession session(MeteredWithLimit(1));
  ASSERT_THAT(session.Module(test_modules::kCalc, ""), IsOk());
  EXPECT_THAT(session.AssertReturn(Invoke("add", {I32(2), I32(3)}), Returns(5)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("trapped: out of gas")));
}

}  // namespace
}  // namespace dytallix::internal
