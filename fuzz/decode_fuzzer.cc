// decode_fuzzer: any bytes must end in a decoded and validated module or in an
// error, under both profiles; never a crash, hang, leak or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/profile.h"
#include "decoder/decoder.h"
#include "validator/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dytallix::internal;  // NOLINT(google-build-using-namespace)
  absl::StatusOr<Module> module = Decode(std::span<const uint8_t>(data, size));
  if (!module.ok()) return 0;
  (void)Validate(*module, Profile::Spec());
  (void)Validate(*module, Profile::Contract());
  return 0;
}
