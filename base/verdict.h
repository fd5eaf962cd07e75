// What the analyzer says about a module: a score and findings. Made by
// analyzer/, stored with the contract record by state/ (layout.h encodes it),
// so it sits below both.
#ifndef DYTALLIX_BASE_VERDICT_H_
#define DYTALLIX_BASE_VERDICT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/place.h"

namespace dytallix::internal {

enum class Severity : uint8_t { kInfo = 0, kLow = 1, kMedium = 2, kHigh = 3 };
inline constexpr uint8_t kMaxSeverity = 3;

// One analyzer finding, as recorded with a deployment.
struct Finding {
  Severity severity = Severity::kInfo;
  std::string code;     // stable machine-readable id, e.g. "unbounded-loop"
  std::string message;  // human-readable
  std::optional<CodePlace> place;  // where in the code, if anywhere
  friend bool operator==(const Finding&, const Finding&) = default;
};

// The analyzer's verdict at deployment: an input to consensus, stored as-is.
struct Verdict {
  uint8_t score = 0;  // 0..100
  std::vector<Finding> findings;
  friend bool operator==(const Verdict&, const Verdict&) = default;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_BASE_VERDICT_H_
