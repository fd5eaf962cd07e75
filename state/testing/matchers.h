// IsOkAndHolds(m): an absl::StatusOr that is OK and whose value matches `m`
// (tests/util/status_matchers.h has the Status-only matchers).
#ifndef DYTALLIX_STATE_TESTING_MATCHERS_H_
#define DYTALLIX_STATE_TESTING_MATCHERS_H_

#include "gmock/gmock.h"

namespace dytallix::internal::testing {

MATCHER_P(IsOkAndHolds, value_matcher, "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "status: " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, *arg, result_listener);
}

}  // namespace dytallix::internal::testing

#endif  // DYTALLIX_STATE_TESTING_MATCHERS_H_
