// GoogleMock matchers and assertions for absl::Status and absl::StatusOr,
// which Abseil 20220623 does not ship: IsOk(), StatusIs(code),
// StatusIs(code, msg_matcher), IsOkAndHolds(value_matcher), EXPECT_OK,
// ASSERT_OK and ASSERT_OK_AND_ASSIGN.
#ifndef DYTALLIX_TESTING_STATUS_MATCHERS_H_
#define DYTALLIX_TESTING_STATUS_MATCHERS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/status_macros.h"
#include "gmock/gmock.h"

namespace dytallix::testing {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& status = GetStatus(arg);
  if (!status.ok()) *result_listener << "status: " << status;
  return status.ok();
}

MATCHER_P(StatusIs, code, "has status code " + ::testing::PrintToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status: " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + ::testing::PrintToString(code) +
               " and a matching message") {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status: " << status;
  return status.code() == code &&
         ::testing::Matches(message_matcher)(std::string(status.message()));
}

// A StatusOr that is OK and whose value matches `value_matcher`.
MATCHER_P(IsOkAndHolds, value_matcher, "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "status: " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

}  // namespace dytallix::testing

// `expr` (an absl::Status or absl::StatusOr) is OK; the status is printed if
// not.
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::dytallix::testing::IsOk())
#define ASSERT_OK(expr) ASSERT_THAT((expr), ::dytallix::testing::IsOk())

// `lhs = value of expr` if `expr` (an absl::StatusOr) is OK; otherwise a
// fatal failure that prints the status. `lhs` may declare a variable:
// ASSERT_OK_AND_ASSIGN(auto module, Decode(wasm));
#define ASSERT_OK_AND_ASSIGN(lhs, expr)                                        \
  ASSERT_OK_AND_ASSIGN_IMPL_(DYT_STATUS_CONCAT_(dyt_statusor_, __LINE__), lhs, \
                             expr)

#define ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                               \
  ASSERT_OK(statusor.status());                         \
  lhs = std::move(statusor).value()

#endif  // DYTALLIX_TESTING_STATUS_MATCHERS_H_
