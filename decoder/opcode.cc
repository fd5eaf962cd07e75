#include "decoder/opcode.h"

#include <array>

namespace dytallix::internal {
namespace {

constexpr uint16_t kNoOpcode = 0xFFFF;

// Inverts kOpcodeInfo once, at compile time, for one prefix.
template <size_t N>
constexpr std::array<uint16_t, N> BuildLookup(uint8_t prefix) {
  std::array<uint16_t, N> table{};
  table.fill(kNoOpcode);
  for (int i = 0; i < kOpcodeCount; ++i) {
    if (kOpcodeInfo[i].prefix == prefix) table[kOpcodeInfo[i].code] = i;
  }
  return table;
}

constexpr auto kSingleByte = BuildLookup<256>(0);
constexpr auto kMisc = BuildLookup<32>(kMiscPrefix);

std::optional<Opcode> FromIndex(uint16_t index) {
  if (index == kNoOpcode) return std::nullopt;
  return static_cast<Opcode>(index);
}

}  // namespace

std::optional<Opcode> SingleByteOpcode(uint8_t byte) {
  return FromIndex(kSingleByte[byte]);
}

std::optional<Opcode> MiscOpcode(uint32_t code) {
  if (code >= kMisc.size()) return std::nullopt;
  return FromIndex(kMisc[code]);
}

}  // namespace dytallix::internal
