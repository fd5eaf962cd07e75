// The fixed-size values every layer names: contract addresses and SHA-256
// digests (base/sha256.h makes them). Plain arrays, compared and ordered
// bytewise.
#ifndef DYTALLIX_BASE_TYPES_H_
#define DYTALLIX_BASE_TYPES_H_

#include <array>
#include <cstdint>

namespace dytallix::internal {

using Address = std::array<uint8_t, 32>;  // DESIGN.md: addresses are 32 bytes
using Hash256 = std::array<uint8_t, 32>;  // a SHA-256 digest

}  // namespace dytallix::internal

#endif  // DYTALLIX_BASE_TYPES_H_
