#include "tests/spec/spec_value.h"

#include <bit>
#include <charconv>
#include <cstdint>
#include <string>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dytallix::internal {
namespace {

// The bit fields of an IEEE 754 binary32 or binary64, in its bit pattern.
struct FloatLayout {
  uint64_t exponent_mask;
  uint64_t mantissa_mask;
  uint64_t quiet_bit;  // the mantissa's top bit
};

constexpr FloatLayout kF32Layout = {0x7f80'0000, 0x007f'ffff, 0x0040'0000};
constexpr FloatLayout kF64Layout = {
    0x7ff0'0000'0000'0000, 0x000f'ffff'ffff'ffff, 0x0008'0000'0000'0000};

// absl::StrCat takes no std::string_view in this Abseil build.
std::string TypeName(ValType type) { return std::string(ValTypeName(type)); }

// Digits only: no sign, no spaces, no overflow.
bool ParseDecimal(std::string_view text, uint64_t& value) {
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  return !text.empty() && error == std::errc() && stop == end;
}

bool IsFloat(ValType type) {
  return type == ValType::kF32 || type == ValType::kF64;
}

const FloatLayout& LayoutOf(ValType type) {
  return type == ValType::kF32 ? kF32Layout : kF64Layout;
}

bool IsNan(const FloatLayout& layout, uint64_t bits) {
  return (bits & layout.exponent_mask) == layout.exponent_mask &&
         (bits & layout.mantissa_mask) != 0;
}

bool MeetsNanClass(Expectation::Kind kind, ValType type, uint64_t bits) {
  const FloatLayout& layout = LayoutOf(type);
  if (!IsNan(layout, bits)) return false;
  const uint64_t payload = bits & layout.mantissa_mask;
  return kind == Expectation::Kind::kCanonicalNan
             ? payload == layout.quiet_bit
             : (payload & layout.quiet_bit) != 0;
}

uint64_t WidthMask(ValType type) {
  return type == ValType::kI32 || type == ValType::kF32 ? 0xffff'ffffu
                                                        : ~uint64_t{0};
}

absl::StatusOr<SpecValue> ParseNumber(ValType type, std::string_view text) {
  uint64_t bits = 0;
  if (!ParseDecimal(text, bits) || (bits & ~WidthMask(type)) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bad ", TypeName(type), " bit pattern '", std::string(text), "'"));
  }
  return SpecValue{type, bits, false};
}

absl::StatusOr<SpecValue> ParseReference(ValType type, std::string_view text) {
  if (text == "null") return SpecValue{type, 0, true};
  uint64_t number = 0;
  if (!ParseDecimal(text, number)) {
    return absl::InvalidArgumentError(absl::StrCat("bad ", TypeName(type), " '",
                                                   std::string(text),
                                                   "': want null or a number"));
  }
  return SpecValue{type, number, false};
}

std::string FloatToString(ValType type, uint64_t bits) {
  const double value =
      type == ValType::kF32
          ? double{std::bit_cast<float>(static_cast<uint32_t>(bits))}
          : std::bit_cast<double>(bits);
  return absl::StrFormat("%s:%.17g (0x%x)", TypeName(type), value, bits);
}

}  // namespace

absl::StatusOr<ValType> ParseSpecType(std::string_view type) {
  for (ValType t : {ValType::kI32, ValType::kI64, ValType::kF32, ValType::kF64,
                    ValType::kFuncRef, ValType::kExternRef}) {
    if (ValTypeName(t) == type) return t;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unsupported value type '", std::string(type), "'"));
}

absl::StatusOr<SpecValue> ParseSpecValue(std::string_view type,
                                         std::string_view text) {
  absl::StatusOr<ValType> t = ParseSpecType(type);
  if (!t.ok()) return t.status();
  return IsRefType(*t) ? ParseReference(*t, text) : ParseNumber(*t, text);
}

absl::StatusOr<Expectation> ParseExpectation(std::string_view type,
                                             std::string_view text) {
  if (text == "nan:canonical" || text == "nan:arithmetic") {
    absl::StatusOr<ValType> t = ParseSpecType(type);
    if (!t.ok()) return t.status();
    if (!IsFloat(*t)) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(text), " expected of non-float type ",
                       std::string(type)));
    }
    return Expectation{text == "nan:canonical"
                           ? Expectation::Kind::kCanonicalNan
                           : Expectation::Kind::kArithmeticNan,
                       SpecValue{*t, 0, false}};
  }
  absl::StatusOr<SpecValue> value = ParseSpecValue(type, text);
  if (!value.ok()) return value.status();
  return Expectation{Expectation::Kind::kExact, *value};
}

std::optional<std::string> Mismatch(const Expectation& expected,
                                    const SpecValue& actual) {
  const bool meets =
      actual.type == expected.value.type &&
      (expected.kind == Expectation::Kind::kExact
           ? actual == expected.value
           : MeetsNanClass(expected.kind, actual.type, actual.bits));
  if (meets) return std::nullopt;
  return absl::StrCat("expected ", ToString(expected), ", got ",
                      ToString(actual));
}

std::string ToString(const SpecValue& value) {
  const std::string name = TypeName(value.type);
  if (IsRefType(value.type)) {
    return value.is_null ? absl::StrCat(name, ":null")
                         : absl::StrCat(name, ":", value.bits);
  }
  if (IsFloat(value.type)) return FloatToString(value.type, value.bits);
  const int64_t signed_value =
      value.type == ValType::kI32
          ? int64_t{static_cast<int32_t>(static_cast<uint32_t>(value.bits))}
          : static_cast<int64_t>(value.bits);
  return absl::StrFormat("%s:%d (0x%x)", name, signed_value, value.bits);
}

std::string ToString(const Expectation& expectation) {
  switch (expectation.kind) {
    case Expectation::Kind::kExact:
      return ToString(expectation.value);
    case Expectation::Kind::kCanonicalNan:
      return absl::StrCat(TypeName(expectation.value.type), ":nan:canonical");
    case Expectation::Kind::kArithmeticNan:
      return absl::StrCat(TypeName(expectation.value.type), ":nan:arithmetic");
  }
  return "?";
}

}  // namespace dytallix::internal
