// Reader: a bounds-checked cursor over part of a WebAssembly binary, with the
// binary format's strict rules for its primitive values: LEB128 integers of at
// most ceil(N/7) bytes whose unused bits are zero (unsigned) or copies of the
// sign bit (signed), UTF-8 names, value and reference type bytes.
//
// Every error is an absl::InvalidArgumentError reading
//   "malformed: section '<section>' at offset 0x<hex>: <what>"
// (or "unsupported: SIMD ..." for v128), where <section> is the name the
// reader was created with and the offset is absolute in the module.
//
// A Reader does not own the bytes; they must outlive it and every Reader made
// from it. Not thread-safe (it is a cursor); independent readers over the same
// bytes are fine.
#ifndef DYTALLIX_DECODER_READER_H_
#define DYTALLIX_DECODER_READER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/check.h"
#include "decoder/module.h"

namespace dytallix::internal {

class Reader {
 public:
  // Reads bytes[begin, end); errors name `section` and say "unexpected end of
  // <unit>" when the bytes run out.
  // REQUIRES: begin <= end <= bytes.size(); `section` and `unit` are string
  // literals (they are kept, not copied).
  Reader(std::span<const uint8_t> bytes, size_t begin, size_t end,
         const char* section, const char* unit = "section")
      : bytes_(bytes), pos_(begin), end_(end), section_(section), unit_(unit) {
    DYT_DCHECK(begin <= end && end <= bytes.size());
  }

  size_t Offset() const { return pos_; }  // absolute, in the module
  size_t Remaining() const { return end_ - pos_; }
  bool AtEnd() const { return pos_ == end_; }
  const char* SectionName() const { return section_; }

  // A u32 size, then the next `size` bytes as their own reader (errors say
  // "unexpected end of `unit`"); this reader moves past them.
  absl::StatusOr<Reader> ReadSized(const char* unit);
  // The same position and end, reporting errors as `section`.
  Reader Renamed(const char* section) const {
    return Reader(bytes_, pos_, end_, section, unit_);
  }

  absl::StatusOr<uint8_t> PeekByte() const {
    if (pos_ == end_) return UnexpectedEnd();
    return bytes_[pos_];
  }
  absl::StatusOr<uint8_t> ReadByte() {
    if (pos_ == end_) return UnexpectedEnd();
    return bytes_[pos_++];
  }
  absl::StatusOr<uint32_t> ReadU32() {
    if (pos_ < end_ && bytes_[pos_] < 0x80) return bytes_[pos_++];
    uint64_t value = 0;
    if (absl::Status s = ReadLeb(32, false, &value); !s.ok()) return s;
    return static_cast<uint32_t>(value);
  }
  absl::StatusOr<int32_t> ReadS32() {
    uint64_t value = 0;
    if (absl::Status s = ReadLeb(32, true, &value); !s.ok()) return s;
    return static_cast<int32_t>(value);
  }
  absl::StatusOr<int64_t> ReadS33() {
    uint64_t value = 0;
    if (absl::Status s = ReadLeb(33, true, &value); !s.ok()) return s;
    return static_cast<int64_t>(value);
  }
  absl::StatusOr<int64_t> ReadS64() {
    uint64_t value = 0;
    if (absl::Status s = ReadLeb(64, true, &value); !s.ok()) return s;
    return static_cast<int64_t>(value);
  }
  // Little-endian fixed-width values (float bit patterns).
  absl::StatusOr<uint64_t> ReadFixed(int num_bytes);

  // A vector's length; fails if it exceeds the bytes left, since every
  // element of every vector in the format takes at least one byte. This also
  // makes reserve(count) safe against hostile lengths.
  absl::StatusOr<uint32_t> ReadCount();
  // `size` raw bytes.
  absl::StatusOr<std::span<const uint8_t>> ReadBytes(uint32_t size);
  // A name: vec(byte) that must be valid UTF-8.
  absl::StatusOr<std::string> ReadName();
  // A value type byte; v128 is rejected as unsupported SIMD.
  absl::StatusOr<ValType> ReadValType();
  // funcref or externref.
  absl::StatusOr<ValType> ReadRefType();
  // A byte that must equal `expected`; `what` names it in the error.
  absl::Status ExpectByte(uint8_t expected, std::string_view what);

  // The malformed error at `at` (default: the current offset).
  absl::Status Error(size_t at, std::string_view what) const;
  absl::Status Error(std::string_view what) const { return Error(pos_, what); }
  // The unsupported-SIMD error at `at`.
  absl::Status SimdError(size_t at, std::string_view what) const;

 private:
  absl::Status UnexpectedEnd() const;
  // Reads a LEB128 integer of `bits` bits; signed values are sign-extended to
  // 64 bits.
  absl::Status ReadLeb(int bits, bool is_signed, uint64_t* value);

  std::span<const uint8_t> bytes_;
  size_t pos_;
  size_t end_;
  const char* section_;
  const char* unit_;
};

// Whether `bytes` is well-formed UTF-8: no overlong forms, no surrogates,
// nothing above U+10FFFF.
bool IsValidUtf8(std::span<const uint8_t> bytes);

}  // namespace dytallix::internal

#endif  // DYTALLIX_DECODER_READER_H_
