#include "base/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

namespace dytallix::internal {
namespace {

// OpenSSL fails here only on allocation failure or a broken build; neither
// leaves a digest we could honestly return.
void Check(int ok) {
  if (ok != 1) std::abort();
}

// Fetched once: OpenSSL 3's one-shot SHA256() fetches the algorithm on every
// call, a lock and a lookup that cost as much as hashing a short input.
const EVP_MD* Sha256Md() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  Check(md != nullptr ? 1 : 0);
  return md;
}

struct FreeMdCtx {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// One context per thread, reset by each digest.
EVP_MD_CTX* ThreadMdCtx() {
  thread_local const std::unique_ptr<EVP_MD_CTX, FreeMdCtx> ctx(
      EVP_MD_CTX_new());
  Check(ctx != nullptr ? 1 : 0);
  return ctx.get();
}

}  // namespace

Digest256 Sha256(std::span<const uint8_t> bytes) {
  Digest256 digest;
  EVP_MD_CTX* ctx = ThreadMdCtx();
  Check(EVP_DigestInit_ex2(ctx, Sha256Md(), nullptr));
  Check(EVP_DigestUpdate(ctx, bytes.data(), bytes.size()));
  unsigned int size = 0;
  Check(EVP_DigestFinal_ex(ctx, digest.data(), &size));
  Check(size == digest.size() ? 1 : 0);
  return digest;
}

Digest256 Sha256(std::string_view bytes) {
  return Sha256(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

}  // namespace dytallix::internal
