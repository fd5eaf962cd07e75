#include "tests/spec/spec_session.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/spec/test_modules.h"
#include "tests/util/status_matchers.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;
using ::dytallix::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

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

}  // namespace
}  // namespace dytallix::internal
