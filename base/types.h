// The fixed-size values every layer names: contract addresses and SHA-256
// digests (base/sha256.h makes them). Plain arrays, compared and ordered
// bytewise, and written in messages as 64 lowercase hex digits.
#ifndef DYTALLIX_BASE_TYPES_H_
#define DYTALLIX_BASE_TYPES_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"

namespace dytallix::internal {

using Address = std::array<uint8_t, 32>;  // DESIGN.md: addresses are 32 bytes
using Hash256 = std::array<uint8_t, 32>;  // a SHA-256 digest

// An address or digest as 64 lowercase hex digits.
inline std::string HexText(const std::array<uint8_t, 32>& bytes) {
  return absl::BytesToHexString(absl::string_view(
      reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_BASE_TYPES_H_
