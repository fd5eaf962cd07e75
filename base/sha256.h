// SHA-256, the one hash Dytallix commits to: code hashes, the gas schedule
// and profile hashes, the state digest, contract addresses and the
// contracts' sha256 host function all go through here, so they cannot drift
// apart. The implementation is OpenSSL's; nothing else in the tree calls it
// for SHA-256.
//
// Pure and thread-safe.
#ifndef DYTALLIX_BASE_SHA256_H_
#define DYTALLIX_BASE_SHA256_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "base/types.h"

namespace dytallix::internal {

Hash256 Sha256(std::span<const uint8_t> bytes);
Hash256 Sha256(std::string_view bytes);

}  // namespace dytallix::internal

#endif  // DYTALLIX_BASE_SHA256_H_
