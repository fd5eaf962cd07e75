#include "decoder/reader.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/check.h"
#include "base/coding.h"
#include "base/place.h"

namespace dytallix::internal {

absl::StatusOr<Reader> Reader::ReadSized(const char* unit) {
  const size_t start = pos_;
  absl::StatusOr<uint32_t> size = ReadU32();
  if (!size.ok()) return size.status();
  if (*size > Remaining()) {
    return Error(start, absl::StrFormat("size %u exceeds the %u bytes left",
                                        *size, Remaining()));
  }
  Reader sub(bytes_, pos_, pos_ + *size, section_, unit);
  pos_ += *size;
  return sub;
}

absl::Status Reader::ReadLeb(int bits, bool is_signed, uint64_t* value) {
  const size_t start = pos_;
  const int max_bytes = (bits + 6) / 7;
  uint64_t result = 0;
  int shift = 0;
  for (int i = 0;; ++i, shift += 7) {
    if (pos_ == end_) return UnexpectedEnd();
    const uint8_t byte = bytes_[pos_++];
    if (i == max_bytes - 1) {
      if (byte & 0x80) return Error(start, "integer representation too long");
      // The bits of the last byte beyond the integer's width must be zero, or
      // for signed integers copies of its sign bit.
      const int used = bits - shift;
      const uint8_t unused_mask = static_cast<uint8_t>((0x7F >> used) << used);
      const bool negative = is_signed && ((byte >> (used - 1)) & 1);
      if ((byte & unused_mask) != (negative ? unused_mask : 0)) {
        return Error(start, "integer too large");
      }
    }
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) break;
  }
  const int width = shift + 7;
  if (is_signed && width < 64 && ((result >> (width - 1)) & 1)) {
    result |= ~uint64_t{0} << width;
  }
  *value = result;
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> Reader::ReadFixed(int num_bytes) {
  DYT_DCHECK(num_bytes == 4 || num_bytes == 8);  // f32 and f64 bit patterns
  if (Remaining() < static_cast<size_t>(num_bytes)) return UnexpectedEnd();
  const uint8_t* p = bytes_.data() + pos_;
  const uint64_t value =
      num_bytes == 4 ? DecodeFixed<uint32_t>(p) : DecodeFixed<uint64_t>(p);
  pos_ += num_bytes;
  return value;
}

absl::StatusOr<uint32_t> Reader::ReadCount() {
  const size_t start = pos_;
  absl::StatusOr<uint32_t> count = ReadU32();
  if (count.ok() && *count > Remaining()) {
    return Error(start,
                 absl::StrFormat("vector length %u exceeds the %u bytes left",
                                 *count, Remaining()));
  }
  return count;
}

absl::StatusOr<std::span<const uint8_t>> Reader::ReadBytes(uint32_t size) {
  if (size > Remaining()) return UnexpectedEnd();
  std::span<const uint8_t> out = bytes_.subspan(pos_, size);
  pos_ += size;
  return out;
}

absl::StatusOr<std::string> Reader::ReadName() {
  const size_t start = pos_;
  absl::StatusOr<uint32_t> size = ReadU32();
  if (!size.ok()) return size.status();
  absl::StatusOr<std::span<const uint8_t>> name = ReadBytes(*size);
  if (!name.ok()) return name.status();
  if (!IsValidUtf8(*name)) return Error(start, "malformed UTF-8 encoding");
  return std::string(name->begin(), name->end());
}

absl::StatusOr<ValType> Reader::ReadValType() {
  const size_t start = pos_;
  absl::StatusOr<uint8_t> byte = ReadByte();
  if (!byte.ok()) return byte.status();
  switch (static_cast<ValType>(*byte)) {
    case ValType::kI32:
    case ValType::kI64:
    case ValType::kF32:
    case ValType::kF64:
    case ValType::kFuncRef:
    case ValType::kExternRef:
      return static_cast<ValType>(*byte);
    case ValType::kV128:
      return SimdError(start, "value type v128");
  }
  return Error(start,
               absl::StrFormat("expected a value type, got 0x%02x", *byte));
}

absl::StatusOr<ValType> Reader::ReadRefType() {
  const size_t start = pos_;
  absl::StatusOr<uint8_t> byte = ReadByte();
  if (!byte.ok()) return byte.status();
  const ValType type = static_cast<ValType>(*byte);
  if (!IsRefType(type)) {
    return Error(
        start, absl::StrFormat("expected a reference type, got 0x%02x", *byte));
  }
  return type;
}

absl::Status Reader::ExpectByte(uint8_t expected, std::string_view what) {
  const size_t start = pos_;
  absl::StatusOr<uint8_t> byte = ReadByte();
  if (!byte.ok()) return byte.status();
  if (*byte != expected) {
    return Error(start, absl::StrFormat("expected %s 0x%02x, got 0x%02x", what,
                                        expected, *byte));
  }
  return absl::OkStatus();
}

absl::Status Reader::Error(size_t at, std::string_view what) const {
  return absl::InvalidArgumentError(absl::StrFormat(
      "malformed: section '%s' %s: %s", section_, AtOffset(at), what));
}

absl::Status Reader::SimdError(size_t at, std::string_view what) const {
  return absl::InvalidArgumentError(
      absl::StrFormat("unsupported: SIMD (%s) in section '%s' %s", what,
                      section_, AtOffset(at)));
}

absl::Status Reader::UnexpectedEnd() const {
  return Error(absl::StrCat("unexpected end of ", unit_));
}

bool IsValidUtf8(std::span<const uint8_t> bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const uint8_t lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    int length;
    uint32_t code_point;
    uint32_t min_code_point;
    if ((lead & 0xE0) == 0xC0) {
      length = 2, code_point = lead & 0x1F, min_code_point = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code_point = lead & 0x0F, min_code_point = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code_point = lead & 0x07, min_code_point = 0x10000;
    } else {
      return false;
    }
    if (bytes.size() - i < static_cast<size_t>(length)) return false;
    for (int k = 1; k < length; ++k) {
      const uint8_t next = bytes[i + k];
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (code_point < min_code_point || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

}  // namespace dytallix::internal
