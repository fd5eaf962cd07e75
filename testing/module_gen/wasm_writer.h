// WasmWriter: appends the WebAssembly binary encodings (LEB128 numbers,
// names, opcodes, sections) to a byte buffer it owns. Not thread-safe.
#ifndef DYTALLIX_TESTING_MODULE_GEN_WASM_WRITER_H_
#define DYTALLIX_TESTING_MODULE_GEN_WASM_WRITER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "decoder/module.h"
#include "decoder/opcode.h"

namespace dytallix::testing {

class WasmWriter {
 public:
  void Byte(uint8_t b) { bytes_.push_back(b); }
  void U32(uint32_t v);  // unsigned LEB128
  void S64(int64_t v);   // signed LEB128 (also s32 and s33)
  void Fixed32(uint32_t v);
  void Fixed64(uint64_t v);
  void Name(std::string_view name);
  void Type(internal::ValType t) { Byte(static_cast<uint8_t>(t)); }
  void Types(const std::vector<internal::ValType>& types);  // vec(valtype)
  // The opcode's bytes (prefix and code), without immediates.
  void Op(internal::Opcode op);
  // `payload` preceded by its size: a function body or a section's contents.
  void Sized(const WasmWriter& payload);
  // `payload` as it is.
  void Append(const WasmWriter& payload);
  // Section `id` with `payload`, omitted if the payload is empty.
  void Section(uint8_t id, const WasmWriter& payload);

  bool empty() const { return bytes_.empty(); }
  std::vector<uint8_t> Take() { return std::move(bytes_); }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_MODULE_GEN_WASM_WRITER_H_
