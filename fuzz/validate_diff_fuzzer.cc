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

// Where wabt 1.0.32 accepts what the spec rejects: our error message
// contains `text` (and `also`, when set).
struct Deviation {
  const char* text;
  const char* also = nullptr;
};
constexpr Deviation kDeviations[] = {
    // The custom sections' contents are no error for the spec, but wabt
    // parses some ("target_features", "linking", ...), so WabtEngine reads
    // modules without them (or, framing broken, ignores errors in them):
    // wabt never sees a missing or malformed section name.
    {"section 'custom'"},
    // wabt reads data segment flags as the element segments' 3-bit field
    // (flags <= 7; bit 2, "elements as expressions", is ignored for data),
    // where the 2.0 binary format has only 0, 1 and 2.
    {"expected data segment flags 0..2"},
    // wabt checks only that a body's last byte is an `end`, and its type
    // checker lets unreachable code close one block too few or too many:
    // it accepts `unreachable block end` missing the function's own `end`,
    // and `br 0 end end` with a byte after it.
    {"unexpected end of function body"},
    {"expected 'end' at end of body"},
    // wabt accepts a typed select with no type (0x1c 0x00) in unreachable
    // code; the spec's select.wast: "invalid result arity".
    {"select needs one type"},
    // wabt compares the data count with the data section's only when there
    // is a data section; the spec: an absent data section has 0 segments.
    {"data count and data section have inconsistent lengths: no data"},
    // wabt's ReadInitExpr stops at an `end` or at the end of the section, so
    // a constant expression cut off by its section's end is accepted.
    {"unexpected end of section", "section 'global'"},
    {"unexpected end of section", "section 'element'"},
    {"unexpected end of section", "section 'data'"},
};

// A type byte wabt 1.0.32 takes where the spec has none: it reads a value
// or reference type as a signed LEB128 (as it must for a block type), so
// 0xff 0xff 0x7f is i32 to it, where the spec has exactly one byte (ours
// reports the first, high bit set); and it reads 0x6b, the function
// references proposal's (ref ht), even with that proposal off.
bool WabtMisreadsType(absl::string_view message) {
  for (absl::string_view what :
       {"expected a value type, got 0x", "expected a reference type, got 0x"}) {
    const size_t at = message.find(what);
    if (at == absl::string_view::npos) continue;
    const absl::string_view byte = message.substr(at + what.size(), 2);
    return byte.size() == 2 &&
           (absl::StrContains("89abcdef", byte.substr(0, 1)) || byte == "6b");
  }
  return false;
}

bool Filtered(const absl::Status& ours) {
  const absl::string_view message = ours.message();
  if (absl::StartsWith(message, "unsupported:") ||
      absl::StartsWith(message, "limit:") || WabtMisreadsType(message)) {
    return true;
  }
  for (const Deviation& d : kDeviations) {
    if (absl::StrContains(message, d.text) &&
        (d.also == nullptr || absl::StrContains(message, d.also))) {
      return true;
    }
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
