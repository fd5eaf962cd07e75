// Helpers for the tree's callers of OpenSSL (base/sha256.cc,
// state/lt_hash.cc): the abort on failure, algorithms fetched once, and a
// context object per thread. Their callers link OpenSSL::Crypto; this header
// itself needs none of it.
#ifndef DYTALLIX_BASE_OPENSSL_UTIL_H_
#define DYTALLIX_BASE_OPENSSL_UTIL_H_

#include <cstdlib>
#include <memory>

namespace dytallix::internal {

// Aborts unless `result` is 1, what OpenSSL's EVP calls return on success (a
// condition passed as a bool is 1 when true). They fail only on allocation
// failure or a broken build; neither leaves a digest a caller could honestly
// return.
inline void CheckOpenSsl(int result) {
  if (result != 1) std::abort();
}

// `algorithm` (an EVP_MD_fetch or EVP_CIPHER_fetch result), checked. For a
// function-local static, so the algorithm is fetched once: an implicit fetch
// on every use costs a lock and a lookup, as much as hashing a short input.
template <typename Algorithm>
Algorithm* CheckFetched(Algorithm* algorithm) {
  CheckOpenSsl(algorithm != nullptr);
  return algorithm;
}

// One `Context` per thread, made by `New` on first use and freed by `Free`
// when the thread exits; never null. Every caller naming the same three
// arguments on a thread gets the same object, so each must (re)initialize
// it before use and finish with it before calling out.
template <typename Context, Context* (*New)(), void (*Free)(Context*)>
Context* ThreadContext() {
  struct Deleter {
    void operator()(Context* context) const { Free(context); }
  };
  thread_local const std::unique_ptr<Context, Deleter> context(New());
  CheckOpenSsl(context != nullptr);
  return context.get();
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_BASE_OPENSSL_UTIL_H_
