#include "testing/module_gen/wasm_writer.h"

#include "base/coding.h"

namespace dytallix::testing {

void WasmWriter::U32(uint32_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v != 0) b |= 0x80;
    Byte(b);
  } while (v != 0);
}

void WasmWriter::S64(int64_t v) {
  while (true) {
    const uint8_t b = v & 0x7F;
    v >>= 7;  // arithmetic: C++20 defines it for negative values
    const bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40));
    Byte(done ? b : b | 0x80);
    if (done) return;
  }
}

void WasmWriter::Fixed32(uint32_t v) {
  internal::PutFixed<uint32_t>(&bytes_, v);
}

void WasmWriter::Fixed64(uint64_t v) {
  internal::PutFixed<uint64_t>(&bytes_, v);
}

void WasmWriter::Name(std::string_view name) {
  U32(static_cast<uint32_t>(name.size()));
  bytes_.insert(bytes_.end(), name.begin(), name.end());
}

void WasmWriter::Types(const std::vector<internal::ValType>& types) {
  U32(static_cast<uint32_t>(types.size()));
  for (internal::ValType t : types) Type(t);
}

void WasmWriter::Op(internal::Opcode op) {
  const internal::OpcodeInfo& info = internal::InfoOf(op);
  if (info.prefix != 0) {
    Byte(info.prefix);
    U32(info.code);
  } else {
    Byte(static_cast<uint8_t>(info.code));
  }
}

void WasmWriter::Sized(const WasmWriter& payload) {
  U32(static_cast<uint32_t>(payload.bytes_.size()));
  bytes_.insert(bytes_.end(), payload.bytes_.begin(), payload.bytes_.end());
}

void WasmWriter::Append(const WasmWriter& payload) {
  bytes_.insert(bytes_.end(), payload.bytes_.begin(), payload.bytes_.end());
}

void WasmWriter::Section(uint8_t id, const WasmWriter& payload) {
  if (payload.empty()) return;
  Byte(id);
  Sized(payload);
}

}  // namespace dytallix::testing
