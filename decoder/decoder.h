// Decode: WebAssembly 2.0 binary -> Module.
//
// Strict: anything the spec calls malformed is an error, including overlong or
// out-of-range LEB128, sections out of order or of the wrong size, a function
// count that does not match the code count, invalid UTF-8 names, and a data
// count that does not match. SIMD (0xFD opcodes, v128) is recognised and
// rejected as unsupported.
//
// Errors are absl::InvalidArgumentError whose message starts with
// "malformed: " (or "unsupported: " for SIMD) and names the section, the byte
// offset and what was expected, e.g.
//   "malformed: section 'code' at offset 0x2a: expected 'end' at end of body"
//
// Thread-safe: no shared state.
#ifndef DYTALLIX_DECODER_DECODER_H_
#define DYTALLIX_DECODER_DECODER_H_

#include <cstdint>
#include <span>

#include "absl/status/statusor.h"
#include "decoder/module.h"

namespace dytallix::internal {

absl::StatusOr<Module> Decode(std::span<const uint8_t> bytes);

}  // namespace dytallix::internal

#endif  // DYTALLIX_DECODER_DECODER_H_
