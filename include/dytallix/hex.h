// Hex text of byte strings, as the CLI and the APIs print addresses, hashes
// and call data. Lowercase on output; either case on input.
#ifndef DYTALLIX_HEX_H_
#define DYTALLIX_HEX_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace dytallix {

std::string ToHex(std::string_view bytes);

template <size_t N>
std::string ToHex(const std::array<uint8_t, N>& bytes) {
  return ToHex(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), N));
}

// kInvalidArgument for an odd length or a non-hex digit.
absl::StatusOr<std::string> FromHex(std::string_view hex);

// Exactly 64 hex digits; kInvalidArgument otherwise.
absl::StatusOr<std::array<uint8_t, 32>> ParseAddress(std::string_view hex);

}  // namespace dytallix

#endif  // DYTALLIX_HEX_H_
