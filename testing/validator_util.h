// Helpers for the validator tests: WAT text -> bytes -> Module -> Validate,
// and matchers for the two error families of validator.h.
#ifndef DYTALLIX_TESTING_VALIDATOR_UTIL_H_
#define DYTALLIX_TESTING_VALIDATOR_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "decoder/decoder.h"
#include "gmock/gmock.h"
#include "testing/status_matchers.h"
#include "testing/wat.h"
#include "validator/validator.h"

namespace dytallix::testing {

// Assembles `wat` without wat2wasm's own checks (the point is to see what our
// validator says), decodes it and validates it under `profile`.
inline absl::StatusOr<internal::ModuleInfo> ValidateWat(
    std::string_view wat,
    const internal::Profile& profile = internal::Profile::Spec()) {
  absl::StatusOr<std::vector<uint8_t>> bytes = WatToWasm(wat, "--no-check");
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<internal::Module> module = internal::Decode(*bytes);
  if (!module.ok()) return module.status();
  return internal::Validate(*module, profile);
}

// A spec validation error whose message contains `text`.
inline auto Invalid(const std::string& text) {
  return StatusIs(absl::StatusCode::kInvalidArgument,
                  ::testing::AllOf(::testing::StartsWith("invalid: "),
                                   ::testing::HasSubstr(text)));
}

// A Profile limit or policy error naming `field`.
inline auto LimitHit(const std::string& field) {
  return StatusIs(absl::StatusCode::kInvalidArgument,
                  ::testing::StartsWith("limit: " + field + ": "));
}

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_VALIDATOR_UTIL_H_
