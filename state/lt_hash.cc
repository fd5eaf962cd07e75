#include "state/lt_hash.h"

#include <openssl/evp.h>

#include <bit>
#include <cstring>

#include "absl/status/status.h"
#include "base/coding.h"
#include "base/openssl_util.h"
#include "base/sha256.h"

namespace dytallix::internal {
namespace {

constexpr std::string_view kDomain = "dytallix-lthash-v2";

const EVP_CIPHER* ChaCha20() {
  static const EVP_CIPHER* const cipher =
      CheckFetched(EVP_CIPHER_fetch(nullptr, "ChaCha20", nullptr));
  return cipher;
}

// Lanes to and from kBytes bytes, each lane u16 little-endian: a copy on a
// little-endian machine (the byte-at-a-time loop was 4% of a transfer).
void LanesToBytes(const std::array<uint16_t, LtHash::kLanes>& lanes,
                  uint8_t* out) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(out, lanes.data(), LtHash::kBytes);
  } else {
    for (size_t i = 0; i < LtHash::kLanes; ++i) {
      EncodeFixed<uint16_t>(out + 2 * i, lanes[i]);
    }
  }
}

void LanesFromBytes(const uint8_t* bytes,
                    std::array<uint16_t, LtHash::kLanes>& lanes) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(lanes.data(), bytes, LtHash::kBytes);
  } else {
    for (size_t i = 0; i < LtHash::kLanes; ++i) {
      lanes[i] = DecodeFixed<uint16_t>(bytes + 2 * i);
    }
  }
}

}  // namespace

// The record's seed is SHA-256 of the domain, the key's length, the key and
// the value; its expansion the first kBytes bytes of the ChaCha20 keystream
// under that seed (nonce and counter 0), read as little-endian lanes.
LtHash::Lanes LtHash::Expand(std::string_view key, std::string_view value) {
  std::string record;
  record.reserve(kDomain.size() + 4 + key.size() + value.size());
  record.append(kDomain);
  PutFixed<uint32_t>(&record, static_cast<uint32_t>(key.size()));
  record.append(key);
  record.append(value);
  const Hash256 seed = Sha256(record);
  static constexpr std::array<uint8_t, kBytes> kZeros{};
  static constexpr std::array<uint8_t, 16> kIv{};
  std::array<uint8_t, kBytes> bytes;
  // One context per thread, re-keyed for each record. Once it holds ChaCha20,
  // only the key and IV are set: naming the cipher again set the context up
  // anew, a sixth of each expansion.
  EVP_CIPHER_CTX* ctx =
      ThreadContext<EVP_CIPHER_CTX, EVP_CIPHER_CTX_new, EVP_CIPHER_CTX_free>();
  const EVP_CIPHER* cipher =
      EVP_CIPHER_CTX_get0_cipher(ctx) == ChaCha20() ? nullptr : ChaCha20();
  CheckOpenSsl(
      EVP_EncryptInit_ex2(ctx, cipher, seed.data(), kIv.data(), nullptr));
  int written = 0;
  CheckOpenSsl(EVP_EncryptUpdate(ctx, bytes.data(), &written, kZeros.data(),
                                 static_cast<int>(kZeros.size())));
  CheckOpenSsl(written == static_cast<int>(kBytes));
  Lanes lanes;
  LanesFromBytes(bytes.data(), lanes);
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
  LanesToBytes(lanes_, reinterpret_cast<uint8_t*>(out.data()));
  return out;
}

absl::StatusOr<LtHash> LtHash::Parse(std::string_view bytes) {
  if (bytes.size() != kBytes) {
    return absl::DataLossError("corrupt state digest accumulator: bad size");
  }
  LtHash h;
  LanesFromBytes(reinterpret_cast<const uint8_t*>(bytes.data()), h.lanes_);
  return h;
}

Hash256 LtHash::Digest() const { return Sha256(Serialize()); }

}  // namespace dytallix::internal
