#include "state/lt_hash.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstdlib>

#include "absl/status/status.h"
#include "state/layout.h"

namespace dytallix::internal {
namespace {

constexpr std::string_view kDomain = "dytallix-lthash-v1";

// OpenSSL reports failure here only on allocation failure or a broken build;
// neither leaves a digest we could honestly return.
void Check(int ok) {
  if (ok != 1) std::abort();
}

// Fetched once: an implicit fetch on every digest costs a lock and a lookup.
const EVP_MD* Shake128() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHAKE128", nullptr);
  Check(md != nullptr);
  return md;
}

}  // namespace

LtHash::Lanes LtHash::Expand(std::string_view key, std::string_view value) {
  std::array<uint8_t, kBytes> bytes;
  std::string key_len = layout::EncodeU32(static_cast<uint32_t>(key.size()));
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Check(ctx != nullptr);
  Check(EVP_DigestInit_ex(ctx, Shake128(), nullptr));
  Check(EVP_DigestUpdate(ctx, kDomain.data(), kDomain.size()));
  Check(EVP_DigestUpdate(ctx, key_len.data(), key_len.size()));
  Check(EVP_DigestUpdate(ctx, key.data(), key.size()));
  Check(EVP_DigestUpdate(ctx, value.data(), value.size()));
  Check(EVP_DigestFinalXOF(ctx, bytes.data(), bytes.size()));
  EVP_MD_CTX_free(ctx);
  Lanes lanes;
  for (size_t i = 0; i < kLanes; ++i) {
    lanes[i] = static_cast<uint16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
  }
  return lanes;
}

void LtHash::Add(std::string_view key, std::string_view value) {
  Lanes e = Expand(key, value);
  for (size_t i = 0; i < kLanes; ++i) lanes_[i] += e[i];
}

void LtHash::Remove(std::string_view key, std::string_view value) {
  Lanes e = Expand(key, value);
  for (size_t i = 0; i < kLanes; ++i) lanes_[i] -= e[i];
}

void LtHash::Add(const LtHash& other) {
  for (size_t i = 0; i < kLanes; ++i) lanes_[i] += other.lanes_[i];
}

std::string LtHash::Serialize() const {
  std::string out(kBytes, '\0');
  for (size_t i = 0; i < kLanes; ++i) {
    out[2 * i] = static_cast<char>(lanes_[i]);
    out[2 * i + 1] = static_cast<char>(lanes_[i] >> 8);
  }
  return out;
}

absl::StatusOr<LtHash> LtHash::Parse(std::string_view bytes) {
  if (bytes.size() != kBytes) {
    return absl::DataLossError("corrupt state digest accumulator: bad size");
  }
  LtHash h;
  for (size_t i = 0; i < kLanes; ++i) {
    h.lanes_[i] =
        static_cast<uint16_t>(static_cast<uint8_t>(bytes[2 * i]) |
                              (static_cast<uint8_t>(bytes[2 * i + 1]) << 8));
  }
  return h;
}

Hash256 LtHash::Digest() const { return Sha256(Serialize()); }

Hash256 Sha256(std::string_view bytes) {
  Hash256 out;
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         out.data());
  return out;
}

}  // namespace dytallix::internal
