#include "state/lt_hash.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

#include "absl/status/status.h"
#include "base/coding.h"
#include "base/sha256.h"

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

struct FreeMdCtx {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, FreeMdCtx>;

}  // namespace

LtHash::Lanes LtHash::Expand(std::string_view key, std::string_view value) {
  std::array<uint8_t, kBytes> bytes;
  std::string key_len;
  PutFixed<uint32_t>(&key_len, static_cast<uint32_t>(key.size()));
  const MdCtx ctx(EVP_MD_CTX_new());
  Check(ctx != nullptr);
  Check(EVP_DigestInit_ex(ctx.get(), Shake128(), nullptr));
  Check(EVP_DigestUpdate(ctx.get(), kDomain.data(), kDomain.size()));
  Check(EVP_DigestUpdate(ctx.get(), key_len.data(), key_len.size()));
  Check(EVP_DigestUpdate(ctx.get(), key.data(), key.size()));
  Check(EVP_DigestUpdate(ctx.get(), value.data(), value.size()));
  Check(EVP_DigestFinalXOF(ctx.get(), bytes.data(), bytes.size()));
  Lanes lanes;
  for (size_t i = 0; i < kLanes; ++i) {
    lanes[i] = DecodeFixed<uint16_t>(bytes.data() + 2 * i);
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
  std::string out;
  out.reserve(kBytes);
  for (uint16_t lane : lanes_) PutFixed<uint16_t>(&out, lane);
  return out;
}

absl::StatusOr<LtHash> LtHash::Parse(std::string_view bytes) {
  if (bytes.size() != kBytes) {
    return absl::DataLossError("corrupt state digest accumulator: bad size");
  }
  LtHash h;
  for (size_t i = 0; i < kLanes; ++i) {
    h.lanes_[i] = DecodeFixed<uint16_t>(bytes.data() + 2 * i);
  }
  return h;
}

Hash256 LtHash::Digest() const { return Sha256(Serialize()); }

}  // namespace dytallix::internal
