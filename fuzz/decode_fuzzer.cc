// decode_fuzzer: any bytes must end in a decoded and validated module or in an
// error, under both profiles; never a crash, hang, leak or sanitizer report.
// Decoding with deferred bodies, then each body, must agree with decoding
// everything at once: the same instructions, and an error exactly when
// that failed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "base/profile.h"
#include "decoder/decoder.h"
#include "validator/validator.h"

namespace {

using namespace dytallix::internal;  // NOLINT(google-build-using-namespace)

void Require(bool condition) {
  if (!condition) std::abort();
}

// Decodes `bytes` with deferred bodies, then every body; checks the result
// against `eager`, Decode's result with every body at once.
void CheckDeferred(std::span<const uint8_t> bytes,
                   const absl::StatusOr<Module>& eager) {
  absl::StatusOr<Module> deferred = Decode(bytes, Bodies::kDeferred);
  if (!deferred.ok()) {
    // Decoding everything checks at least as much.
    Require(!eager.ok());
    return;
  }
  Function f;
  for (uint32_t i = 0; i < deferred->functions.size(); ++i) {
    const absl::Status status = DecodeBody(bytes, *deferred, i, f);
    if (!status.ok()) {
      // The sections and the bodies before were fine, so this is the first
      // error decoding everything meets.
      Require(!eager.ok() && eager.status() == status);
      return;
    }
    if (!eager.ok()) continue;  // a later body must fail
    const Function& want = eager->functions[i];
    Require(f.code.size() == want.code.size() &&
            f.br_table_targets == want.br_table_targets);
    for (size_t k = 0; k < f.code.size(); ++k) {
      Require(f.code[k].op == want.code[k].op &&
              f.code[k].offset == want.code[k].offset);
    }
  }
  // Every body decoded: so did everything.
  Require(eager.ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  const absl::StatusOr<Module> module = Decode(bytes);
  CheckDeferred(bytes, module);
  if (!module.ok()) return 0;
  (void)Validate(*module, Profile::Spec());
  (void)Validate(*module, Profile::Contract());
  return 0;
}
