#include "base/sha256.h"

#include <openssl/sha.h>

namespace dytallix::internal {

Digest256 Sha256(std::span<const uint8_t> bytes) {
  Digest256 digest;
  SHA256(bytes.data(), bytes.size(), digest.data());
  return digest;
}

Digest256 Sha256(std::string_view bytes) {
  return Sha256(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

}  // namespace dytallix::internal
