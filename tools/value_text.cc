#include "tools/value_text.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dytallix::internal {
namespace {

template <typename Float>
std::string FormatFloat(Float f, uint64_t bits) {
  if (std::isnan(f)) return absl::StrFormat("nan:0x%x", bits);
  if (std::isinf(f)) return f < 0 ? "-inf" : "inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), f);
  return std::string(buffer, end);
}

// The whole of `text` as a decimal integer of type T.
template <typename T>
bool ParseDecimal(std::string_view text, T* out) {
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

absl::Status BadValue(ValType type, std::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("'", std::string(text), "' is not a valid ",
                   std::string(ValTypeName(type)), " value"));
}

// Hex raw bits: "0x..." fitting in `bits` bits.
bool ParseHexBits(std::string_view text, int bits, uint64_t* out) {
  if (!text.starts_with("0x") && !text.starts_with("0X")) {
    return false;
  }
  text.remove_prefix(2);
  if (text.empty()) return false;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), *out, 16);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  return bits == 64 || *out >> bits == 0;
}

// Signed or unsigned decimal (or hex) that fits in `bits` bits.
bool ParseInteger(std::string_view text, int bits, uint64_t* out) {
  if (ParseHexBits(text, bits, out)) return true;
  int64_t s;
  uint64_t u;
  const int64_t min = bits == 64 ? std::numeric_limits<int64_t>::min()
                                 : -(int64_t{1} << (bits - 1));
  if (ParseDecimal(text, &s) && s < 0) {
    if (s < min) return false;
    *out = static_cast<uint64_t>(s) & (bits == 64 ? ~0ull : (1ull << bits) - 1);
    return true;
  }
  if (!ParseDecimal(text, &u)) return false;
  if (bits < 64 && u >> bits != 0) return false;
  *out = u;
  return true;
}

template <typename Float, typename Bits>
bool ParseFloat(std::string_view text, Bits* out) {
  constexpr int kBits = sizeof(Bits) * 8;
  uint64_t raw;
  if (text.starts_with("nan:")) {
    if (!ParseHexBits(text.substr(4), kBits, &raw)) return false;
    *out = static_cast<Bits>(raw);
    return std::isnan(std::bit_cast<Float>(*out));
  }
  if (ParseHexBits(text, kBits, &raw)) {
    *out = static_cast<Bits>(raw);
    return true;
  }
  const bool negative = text.starts_with("-");
  std::string_view magnitude = text.substr(negative ? 1 : 0);
  Float f;
  if (magnitude == "inf") {
    f = std::numeric_limits<Float>::infinity();
  } else if (magnitude == "nan") {
    f = std::numeric_limits<Float>::quiet_NaN();
  } else {
    auto [end, ec] = std::from_chars(magnitude.data(),
                                     magnitude.data() + magnitude.size(), f);
    if (ec != std::errc() || end != magnitude.data() + magnitude.size()) {
      return false;
    }
  }
  *out = std::bit_cast<Bits>(negative ? -f : f);
  return true;
}

}  // namespace

std::string FormatValue(const Value& value) {
  std::string text;
  switch (value.type()) {
    case ValType::kI32:
      text = absl::StrCat(static_cast<int32_t>(value.i32()));
      break;
    case ValType::kI64:
      text = absl::StrCat(static_cast<int64_t>(value.i64()));
      break;
    case ValType::kF32:
      text = FormatFloat(value.f32(), value.f32_bits());
      break;
    case ValType::kF64:
      text = FormatFloat(value.f64(), value.f64_bits());
      break;
    case ValType::kFuncRef:
      text = value.is_null() ? "null" : "function";
      break;
    case ValType::kExternRef:
      text = value.is_null() ? "null" : absl::StrCat(value.extern_value());
      break;
    case ValType::kV128:
      text = "?";
      break;
  }
  return absl::StrCat(std::string(ValTypeName(value.type())), ":", text);
}

absl::StatusOr<Value> ParseValue(ValType type, std::string_view text) {
  const std::string prefix = absl::StrCat(std::string(ValTypeName(type)), ":");
  std::string_view body = text;
  if (body.starts_with(prefix)) body.remove_prefix(prefix.size());
  uint64_t raw;
  switch (type) {
    case ValType::kI32:
      if (ParseInteger(body, 32, &raw)) return Value::I32(uint32_t(raw));
      break;
    case ValType::kI64:
      if (ParseInteger(body, 64, &raw)) return Value::I64(raw);
      break;
    case ValType::kF32: {
      uint32_t bits;
      if (ParseFloat<float>(body, &bits)) return Value::F32Bits(bits);
      break;
    }
    case ValType::kF64: {
      uint64_t bits;
      if (ParseFloat<double>(body, &bits)) return Value::F64Bits(bits);
      break;
    }
    case ValType::kFuncRef:
      if (body == "null") return Value::Null(type);
      break;
    case ValType::kExternRef:
      if (body == "null") return Value::Null(type);
      if (ParseDecimal(body, &raw) && raw != UINT64_MAX) {
        return Value::ExternRef(raw);
      }
      break;
    case ValType::kV128:
      break;
  }
  return BadValue(type, text);
}

}  // namespace dytallix::internal
