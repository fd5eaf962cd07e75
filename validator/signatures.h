// Instruction signatures derived, at compile time, from the opcode table's
// params/results letters (decoder/opcodes.def), so the function checker types
// every table-described instruction from the one source of truth.
#ifndef DYTALLIX_VALIDATOR_SIGNATURES_H_
#define DYTALLIX_VALIDATOR_SIGNATURES_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "base/check.h"
#include "decoder/module.h"
#include "decoder/opcode.h"

namespace dytallix::internal {

struct TableSig {
  bool typed = false;       // false: the checker types the instruction itself
  bool uses_float = false;  // an operand or result is f32 or f64
  uint8_t num_params = 0;
  uint8_t num_results = 0;
  uint8_t align_log2 = 0;  // loads and stores: log2 of the access width
  // Its immediate names a memory, data or element segment to check.
  bool checks_immediate = false;
  std::array<ValType, 3> params{};
  ValType result{};
};

// log2 of the natural alignment (access width in bytes) of a load or store,
// read from its mnemonic: "i64.load32_u" accesses 32 bits, "f64.store" 64.
// REQUIRES: info.imm == ImmKind::kMemArg.
constexpr uint8_t NaturalAlignmentLog2(const OpcodeInfo& info) {
  DYT_DCHECK(info.imm == ImmKind::kMemArg);
  std::string_view text = info.text;
  size_t dot = text.find('.');
  std::string_view access = text.substr(dot + 1);  // "load32_u", "store"
  size_t digits = access.find_first_of("0123456789");
  std::string_view bits = digits == std::string_view::npos
                              ? text.substr(1, 2)  // "i64" -> "64"
                              : access.substr(digits, 2);
  switch (bits[0]) {
    case '8':
      return 0;
    case '1':
      return 1;  // 16
    case '3':
      return 2;  // 32
    default:
      return 3;  // 64
  }
}

constexpr TableSig MakeTableSig(const OpcodeInfo& info) {
  TableSig sig;
  if (info.params == nullptr) return sig;
  sig.typed = true;
  if (info.imm == ImmKind::kMemArg) sig.align_log2 = NaturalAlignmentLog2(info);
  sig.checks_immediate =
      info.imm == ImmKind::kMemArg || info.imm == ImmKind::kMemoryIndex ||
      info.imm == ImmKind::kMemoryCopy || info.imm == ImmKind::kMemoryInit ||
      info.imm == ImmKind::kData || info.imm == ImmKind::kElem;
  std::string_view params = info.params, results = info.results;
  for (char c : params) sig.params[sig.num_params++] = ValTypeOfLetter(c);
  for (char c : results) {
    sig.result = ValTypeOfLetter(c);
    ++sig.num_results;
  }
  sig.uses_float = params.find_first_of("fd") != std::string_view::npos ||
                   results.find_first_of("fd") != std::string_view::npos;
  return sig;
}

constexpr std::array<TableSig, kOpcodeCount> MakeTableSigs() {
  std::array<TableSig, kOpcodeCount> sigs{};
  for (int i = 0; i < kOpcodeCount; ++i) sigs[i] = MakeTableSig(kOpcodeInfo[i]);
  return sigs;
}

inline constexpr std::array<TableSig, kOpcodeCount> kTableSigs =
    MakeTableSigs();

}  // namespace dytallix::internal

#endif  // DYTALLIX_VALIDATOR_SIGNATURES_H_
