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

// What Decode does with the code section's function bodies.
enum class Bodies {
  // Every instruction into Function::code.
  kDecoded,
  // Only each body's size and locals: the instructions stay in the binary
  // until DecodeBody reads them, so a module's loading can decode, validate
  // and compile one function at a time (vm/engine.h) instead of holding every
  // decoded instruction at once. Malformed instructions are then reported by
  // DecodeBody, after whatever the caller checked before.
  kDeferred,
};

absl::StatusOr<Module> Decode(std::span<const uint8_t> bytes,
                              Bodies bodies = Bodies::kDecoded);

// Makes `out` module.functions[defined_index] with its instructions, decoded
// from `bytes`, which Decode read with Bodies::kDeferred; `out`'s buffers are
// reused. Its errors are those Decode reports with Bodies::kDecoded.
absl::Status DecodeBody(std::span<const uint8_t> bytes, const Module& module,
                        uint32_t defined_index, Function& out);

}  // namespace dytallix::internal

#endif  // DYTALLIX_DECODER_DECODER_H_
