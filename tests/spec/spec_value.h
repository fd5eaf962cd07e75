// Values of the spec scripts (the JSON that wast2json writes) and the rules by
// which an actual result meets an expected one.
//
// wast2json writes every number as the decimal string of its unsigned bit
// pattern ("4294967295" is i32 -1, "2143289344" is the f32 quiet NaN), so
// values here are bit patterns: float comparisons are bit-exact, which keeps
// -0.0 apart from +0.0 and checks NaN payloads. References are null or a
// number: for externref the number is the host reference `ref.extern N`.
//
// Thread-safe: pure functions.
#ifndef DYTALLIX_TESTS_SPEC_SPEC_VALUE_H_
#define DYTALLIX_TESTS_SPEC_SPEC_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "decoder/module.h"

namespace dytallix::internal {

struct SpecValue {
  ValType type = ValType::kI32;
  uint64_t bits = 0;     // i32/f32 use the low 32 bits; a reference's number
  bool is_null = false;  // references only
  bool operator==(const SpecValue&) const = default;
};

// One expected result of assert_return (or of a bare action).
struct Expectation {
  enum class Kind {
    kExact,          // bit-exact `value`
    kCanonicalNan,   // "nan:canonical": a NaN whose payload is only the quiet
                     // bit
    kArithmeticNan,  // "nan:arithmetic": a NaN with the quiet bit set
  };
  Kind kind = Kind::kExact;
  SpecValue value;  // for the NaN kinds only value.type is meaningful
};

// "i32", "i64", "f32", "f64", "funcref", "externref". v128 is an error: the
// core suite never uses it and SIMD is unsupported.
absl::StatusOr<ValType> ParseSpecType(std::string_view type);

// `type` as above; `text` a decimal bit pattern, or "null" for references.
absl::StatusOr<SpecValue> ParseSpecValue(std::string_view type,
                                         std::string_view text);

// Like ParseSpecValue, plus "nan:canonical" and "nan:arithmetic" for floats.
absl::StatusOr<Expectation> ParseExpectation(std::string_view type,
                                             std::string_view text);

// Why `actual` does not meet `expected` (for a failure line), or nullopt if it
// does.
std::optional<std::string> Mismatch(const Expectation& expected,
                                    const SpecValue& actual);

// Readable form for failure lines, e.g. "i32:-1 (0xffffffff)",
// "f32:1 (0x3f800000)", "externref:null".
std::string ToString(const SpecValue& value);
std::string ToString(const Expectation& expectation);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TESTS_SPEC_SPEC_VALUE_H_
