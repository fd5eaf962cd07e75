#include "base/sha256.h"

#include <openssl/evp.h>

#include "base/openssl_util.h"

namespace dytallix::internal {
namespace {

// Fetched once: OpenSSL 3's one-shot SHA256() fetches it on every call.
const EVP_MD* Sha256Md() {
  static const EVP_MD* const md =
      CheckFetched(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  return md;
}

}  // namespace

Hash256 Sha256(std::span<const uint8_t> bytes) {
  Hash256 digest;
  // One context per thread, reset by each digest.
  EVP_MD_CTX* ctx =
      ThreadContext<EVP_MD_CTX, EVP_MD_CTX_new, EVP_MD_CTX_free>();
  CheckOpenSsl(EVP_DigestInit_ex2(ctx, Sha256Md(), nullptr));
  CheckOpenSsl(EVP_DigestUpdate(ctx, bytes.data(), bytes.size()));
  unsigned int size = 0;
  CheckOpenSsl(EVP_DigestFinal_ex(ctx, digest.data(), &size));
  CheckOpenSsl(size == digest.size());
  return digest;
}

Hash256 Sha256(std::string_view bytes) {
  return Sha256(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

}  // namespace dytallix::internal
