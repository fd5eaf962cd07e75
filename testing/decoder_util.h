// Helpers for the decoder tests: assemble module binaries byte by byte (for
// the malformed inputs wat2wasm cannot produce), and list decoded opcodes.
#ifndef DYTALLIX_TESTING_DECODER_UTIL_H_
#define DYTALLIX_TESTING_DECODER_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <vector>

#include "decoder/module.h"

namespace dytallix::testing {

using Bytes = std::vector<uint8_t>;

// The unsigned LEB128 encoding of `value`, shortest form.
inline Bytes Leb(uint32_t value) {
  Bytes out;
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
  return out;
}

inline Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts)
    out.insert(out.end(), part.begin(), part.end());
  return out;
}

// A section: id, size, contents.
inline Bytes Section(uint8_t id, const Bytes& contents) {
  return Concat({{id}, Leb(static_cast<uint32_t>(contents.size())), contents});
}

inline constexpr uint8_t kModuleHeader[] = {0x00, 0x61, 0x73, 0x6D,
                                            0x01, 0x00, 0x00, 0x00};

// The header followed by `sections`.
inline Bytes ModuleOf(std::initializer_list<Bytes> sections) {
  Bytes out(std::begin(kModuleHeader), std::end(kModuleHeader));
  // Appended byte by byte: gcc 12 misreports a bulk insert here
  // (-Warray-bounds, -Wstringop-overflow).
  for (const Bytes& s : sections) {
    std::copy(s.begin(), s.end(), std::back_inserter(out));
  }
  return out;
}

// Section ids.
inline constexpr uint8_t kCustomId = 0, kTypeId = 1, kImportId = 2,
                         kFunctionId = 3, kTableId = 4, kMemoryId = 5,
                         kGlobalId = 6, kExportId = 7, kStartId = 8,
                         kElementId = 9, kCodeId = 10, kDataId = 11,
                         kDataCountId = 12;

// A type section with the single type () -> ().
inline Bytes VoidTypeSection() {
  return Section(kTypeId, {0x01, 0x60, 0x00, 0x00});
}

// A module with one function of type () -> () per entry of `bodies`, each
// its local declarations and instructions. At most 127 bodies.
inline Bytes FunctionsModule(std::initializer_list<Bytes> bodies) {
  Bytes functions = {static_cast<uint8_t>(bodies.size())};
  Bytes code = {static_cast<uint8_t>(bodies.size())};
  for (const Bytes& body : bodies) {
    functions.push_back(0x00);
    code = Concat({code, Leb(static_cast<uint32_t>(body.size())), body});
  }
  return ModuleOf({VoidTypeSection(), Section(kFunctionId, functions),
                   Section(kCodeId, code)});
}

// A module with one function of type () -> () whose body (after the local
// declarations, by default none) is `code`, e.g. {0x0B} for an empty body.
inline Bytes OneFunctionModule(const Bytes& code,
                               const Bytes& locals = {0x00}) {
  return FunctionsModule({Concat({locals, code})});
}

// The opcodes of `code`, for matching with ElementsAre.
inline std::vector<internal::Opcode> Ops(
    const std::vector<internal::Instr>& code) {
  std::vector<internal::Opcode> ops;
  ops.reserve(code.size());
  for (const internal::Instr& instr : code) ops.push_back(instr.op);
  return ops;
}

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_DECODER_UTIL_H_
