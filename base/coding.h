// Fixed-width integer encodings: the one place that says how Dytallix turns
// an integer into bytes and back.
//
// Little-endian (PutFixed/DecodeFixed) is the encoding of every integer we
// write: state values, the gas schedule and profile hashes, the contracts'
// integer arguments, WebAssembly's float bit patterns. Big-endian
// (PutBigEndian/DecodeBigEndian) exists for one reason: integers inside a
// key that must sort numerically, because key-value stores order keys
// bytewise (state/layout.h's block and event positions).
//
// Put* appends exactly sizeof(Int) bytes to `dst` and never touches what is
// already there. Decode* reads exactly that many bytes and does no bounds
// checking: callers check the length first (REQUIRES below). Variable-length
// integers (LEB128) are not here: WebAssembly's are read by decoder/reader.h
// with the binary format's strictness rules and written by
// testing/module_gen/wasm_writer.h.
//
// All functions are pure and thread-safe.
#ifndef DYTALLIX_BASE_CODING_H_
#define DYTALLIX_BASE_CODING_H_

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace dytallix::internal {

// What Put* appends to and what Decode* reads from.
template <typename T>
concept ByteBuffer =
    std::same_as<T, std::string> || std::same_as<T, std::vector<uint8_t>>;
template <typename T>
concept ByteType = std::same_as<T, char> || std::same_as<T, uint8_t>;
// The integers encoded: the width is the type's, and callers always name it
// (PutFixed<uint32_t>; the value's parameter is std::type_identity_t so Int
// is never deduced), so a width never follows an argument's type by accident:
// a size_t would otherwise be written as 8 bytes.
template <typename T>
concept FixedInt = std::unsigned_integral<T> && !std::same_as<T, bool>;

// Appends `value`, little-endian. REQUIRES: dst != nullptr.
template <FixedInt Int, ByteBuffer Buffer>
void PutFixed(Buffer* dst, std::type_identity_t<Int> value) {
  using Out = typename Buffer::value_type;
  for (size_t i = 0; i < sizeof(Int); ++i) {
    dst->push_back(static_cast<Out>(value >> (8 * i)));
  }
}

// Writes `value`, little-endian, at `p`. REQUIRES: p points at sizeof(Int)
// writable bytes.
template <FixedInt Int, ByteType Out>
void EncodeFixed(Out* p, std::type_identity_t<Int> value) {
  for (size_t i = 0; i < sizeof(Int); ++i) {
    p[i] = static_cast<Out>(value >> (8 * i));
  }
}

// Appends `value`, big-endian: for integers in keys that must sort
// numerically. REQUIRES: dst != nullptr.
template <FixedInt Int, ByteBuffer Buffer>
void PutBigEndian(Buffer* dst, std::type_identity_t<Int> value) {
  using Out = typename Buffer::value_type;
  for (size_t i = sizeof(Int); i > 0; --i) {
    dst->push_back(static_cast<Out>(value >> (8 * (i - 1))));
  }
}

// The little-endian Int at `p`. REQUIRES: p points at sizeof(Int) readable
// bytes.
template <FixedInt Int, ByteType In>
Int DecodeFixed(const In* p) {
  Int value = 0;
  for (size_t i = 0; i < sizeof(Int); ++i) {
    // Through uint8_t: a char may be signed.
    value |= static_cast<Int>(static_cast<Int>(static_cast<uint8_t>(p[i]))
                              << (8 * i));
  }
  return value;
}

// The big-endian Int at `p`. REQUIRES: p points at sizeof(Int) readable bytes.
template <FixedInt Int, ByteType In>
Int DecodeBigEndian(const In* p) {
  Int value = 0;
  for (size_t i = 0; i < sizeof(Int); ++i) {
    value = static_cast<Int>((value << 8) | static_cast<uint8_t>(p[i]));
  }
  return value;
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_BASE_CODING_H_
