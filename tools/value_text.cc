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

// The length of the valid UTF-8 sequence at the start of `bytes` (not
// empty), or 0: no overlong forms, surrogates or code points past U+10FFFF.
size_t Utf8Length(std::string_view bytes) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(bytes[i]); };
  const uint8_t lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length;
  uint8_t low = 0x80, high = 0xbf;  // the range of the second byte
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (bytes.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
  }
  return length;
}

// C0 controls and DEL, or (two bytes of UTF-8) a C1 control.
bool IsControl(std::string_view sequence) {
  const auto lead = static_cast<uint8_t>(sequence[0]);
  if (sequence.size() == 1) return lead < 0x20 || lead == 0x7f;
  return sequence.size() == 2 && lead == 0xc2 &&
         static_cast<uint8_t>(sequence[1]) < 0xa0;
}

void AppendEscaped(std::string& out, std::string_view sequence) {
  for (char c : sequence) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        absl::StrAppendFormat(&out, "\\x%02x", static_cast<uint8_t>(c));
    }
  }
}

}  // namespace

std::string EscapeText(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    const size_t length = Utf8Length(bytes);
    const std::string_view sequence = bytes.substr(0, length ? length : 1);
    if (length == 0 || IsControl(sequence) || sequence == "\\") {
      AppendEscaped(out, sequence);
    } else {
      out += sequence;
    }
    bytes.remove_prefix(sequence.size());
  }
  return out;
}

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
