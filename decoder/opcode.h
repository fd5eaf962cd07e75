// Opcode: the dense enumeration of WebAssembly 2.0 instructions generated from
// opcodes.def, plus the per-opcode facts (bytes, name, immediates, signature,
// gas class) every later stage reads from the same table.
#ifndef DYTALLIX_DECODER_OPCODE_H_
#define DYTALLIX_DECODER_OPCODE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace dytallix::internal {

// What follows an opcode in the binary format.
enum class ImmKind : uint8_t {
  kNone,
  kBlockType,     // s33: 0x40 (empty), a value type, or a type index
  kLabel,         // u32 label depth
  kBrTable,       // vec(u32) label depths, then the default u32
  kFunc,          // u32 function index
  kCallIndirect,  // u32 type index, u32 table index
  kLocal,         // u32 local index
  kGlobal,        // u32 global index
  kTable,         // u32 table index
  kMemArg,        // u32 alignment exponent, u32 offset
  kMemoryIndex,   // one byte that must be 0x00
  kI32,           // s32
  kI64,           // s64
  kF32,           // 4 bytes little-endian
  kF64,           // 8 bytes little-endian
  kSelectTypes,   // vec(valtype)
  kRefType,       // one reference type byte
  kMemoryInit,    // u32 data index, then one byte 0x00
  kData,          // u32 data index
  kMemoryCopy,    // two bytes 0x00 0x00
  kTableInit,     // u32 element index, u32 table index
  kElem,          // u32 element index
  kTableCopy,     // u32 destination table, u32 source table
};

// The static gas classes; the gas schedule gives each a cost.
enum class GasClass : uint8_t {
  kNop,           // structure only: nop, block, loop, end
  kBase,          // constants, locals, drop, select, reinterpret, simple refs
  kAlu,           // integer add/sub/logic/shift/compare/extend
  kMul,           // integer multiply
  kDiv,           // integer divide and remainder
  kFloat,         // float arithmetic and compare
  kFloatDiv,      // float divide and square root
  kConvert,       // float <-> int conversions
  kLoad,          // memory loads
  kStore,         // memory stores
  kGlobal,        // global.get/set
  kTable,         // table.get/set
  kBranch,        // br, br_if, if, else, return
  kBrTable,       // br_table (plus a dynamic part per target)
  kCall,          // direct call
  kCallIndirect,  // call_indirect
  kMemoryGrow,    // memory.grow (plus a dynamic part per page)
  kTableGrow,     // table.grow (plus a dynamic part per element)
  kBulk,          // memory/table copy, fill, init (plus per byte/element)
  kUnreachable,   // unreachable
  kCount,
};

enum class Opcode : uint16_t {
#define DYT_OPCODE(name, prefix, code, text, imm, params, results, gas) k##name,
#include "decoder/opcodes.def"
  kCount,
};

inline constexpr int kOpcodeCount = static_cast<int>(Opcode::kCount);
inline constexpr uint8_t kMiscPrefix = 0xFC;
inline constexpr uint8_t kSimdPrefix = 0xFD;

struct OpcodeInfo {
  uint8_t prefix;         // 0 or kMiscPrefix
  uint32_t code;          // byte, or the u32 after the prefix
  std::string_view text;  // text-format mnemonic
  ImmKind imm;
  // Operand and result types as letters (i, l, f, d), or nullptr when the
  // validator types the instruction by hand.
  const char* params;
  const char* results;
  GasClass gas;
};

inline constexpr OpcodeInfo kOpcodeInfo[] = {
#define DYT_OPCODE(name, prefix, code, text, imm, params, results, gas) \
  {prefix, code, text, ImmKind::imm, params, results, GasClass::gas},
#include "decoder/opcodes.def"
};
static_assert(sizeof(kOpcodeInfo) / sizeof(kOpcodeInfo[0]) == kOpcodeCount);

inline constexpr const OpcodeInfo& InfoOf(Opcode op) {
  return kOpcodeInfo[static_cast<int>(op)];
}

namespace opcode_internal {

inline constexpr uint16_t kNoOpcode = 0xFFFF;

// Inverts kOpcodeInfo at compile time, for one prefix.
template <size_t N>
constexpr std::array<uint16_t, N> BuildLookup(uint8_t prefix) {
  std::array<uint16_t, N> table{};
  table.fill(kNoOpcode);
  for (int i = 0; i < kOpcodeCount; ++i) {
    if (kOpcodeInfo[i].prefix == prefix) table[kOpcodeInfo[i].code] = i;
  }
  return table;
}

inline constexpr auto kSingleByte = BuildLookup<256>(0);
inline constexpr auto kMisc = BuildLookup<32>(kMiscPrefix);

}  // namespace opcode_internal

// The opcode for a single byte, or nullopt if the byte is not an opcode
// (including the prefixes 0xFC and 0xFD). Inline: the decoder calls it once
// per instruction.
inline std::optional<Opcode> SingleByteOpcode(uint8_t byte) {
  const uint16_t index = opcode_internal::kSingleByte[byte];
  if (index == opcode_internal::kNoOpcode) return std::nullopt;
  return static_cast<Opcode>(index);
}

// The opcode for 0xFC followed by `code`, or nullopt.
inline std::optional<Opcode> MiscOpcode(uint32_t code) {
  if (code >= opcode_internal::kMisc.size()) return std::nullopt;
  const uint16_t index = opcode_internal::kMisc[code];
  if (index == opcode_internal::kNoOpcode) return std::nullopt;
  return static_cast<Opcode>(index);
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_DECODER_OPCODE_H_
