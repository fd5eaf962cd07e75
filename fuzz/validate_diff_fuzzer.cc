// validate_diff_fuzzer: ours and wabt must agree on which byte strings are
// valid WebAssembly 2.0 modules. The input space is the decode fuzzer's
// (arbitrary bytes, seeded with the spec suite's binary modules); ours
// decodes and validates under Profile::Spec(), wabt reads and validates
// with the 2.0 features minus SIMD (fuzz/wabt_engine.h).
//
// Filtered, because ours rejects by design what wabt accepts: an
// "unsupported: ..." error (SIMD and other features outside the profile)
// and a "limit: ..." error (the profile's implementation limits). And the
// known deviations of wabt 1.0.32 from the spec, which kDeviations lists.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "absl/strings/match.h"
#include "base/profile.h"
#include "fuzz/dytallix_engine.h"
#include "fuzz/wabt_engine.h"

namespace {

// Where wabt 1.0.32 accepts what the spec rejects, by our error message.
constexpr const char* kDeviations[] = {
    // wabt reads data segment flags as the element segments' 3-bit field
    // (flags <= 7; bit 2, "elements as expressions", is ignored for data),
    // where the 2.0 binary format has only 0, 1 and 2.
    "expected data segment flags 0..2",
};

bool Filtered(const absl::Status& ours) {
  const absl::string_view message = ours.message();
  if (absl::StartsWith(message, "unsupported:") ||
      absl::StartsWith(message, "limit:")) {
    return true;
  }
  for (const char* deviation : kDeviations) {
    if (absl::StrContains(message, deviation)) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dytallix::internal;  // NOLINT(google-build-using-namespace)
  const std::span<const uint8_t> bytes(data, size);
  DytallixEngine ours(Profile::Spec(), {});
  WabtEngine wabt(Profile::Spec());
  const absl::Status our_verdict = ours.Validate(bytes);
  const absl::Status their_verdict = wabt.Validate(bytes);
  if (our_verdict.ok() == their_verdict.ok()) return 0;
  if (!our_verdict.ok() && Filtered(our_verdict)) return 0;
  std::fprintf(stderr, "validation differs: ours %s, wabt %s\n",
               our_verdict.ToString().c_str(),
               their_verdict.ToString().c_str());
  std::abort();
}
