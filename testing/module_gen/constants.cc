#include "testing/module_gen/constants.h"

#include <array>

namespace dytallix::testing {
namespace {

// Zero, one, all ones, the sign bit, the largest positive, a small number;
// the last choice is raw bits.
uint32_t Bits32(Choices& c) {
  constexpr std::array<uint32_t, 5> kEdges = {0, 1, 0xFFFFFFFF, 0x80000000,
                                              0x7FFFFFFF};
  const uint32_t pick = c.Below(kEdges.size() + 2);
  if (pick < kEdges.size()) return kEdges[pick];
  return pick == kEdges.size() ? c.Below(256) : c.U32();
}

uint64_t Bits64(Choices& c) {
  constexpr std::array<uint64_t, 6> kEdges = {
      0, 1, ~uint64_t{0}, uint64_t{1} << 63, ~(uint64_t{1} << 63), 0xFFFFFFFF};
  const uint32_t pick = c.Below(kEdges.size() + 2);
  if (pick < kEdges.size()) return kEdges[pick];
  return pick == kEdges.size() ? c.Below(256) : c.U64();
}

// +0, -0, 1, canonical and signalling NaN, +-inf, 2^31 and 2^63 (the edges
// of trapping truncation), raw bits.
uint32_t F32Bits(Choices& c) {
  constexpr std::array<uint32_t, 9> kEdges = {
      0,          0x80000000, 0x3F800000, 0x7FC00000, 0x7FA00000,
      0x7F800000, 0xFF800000, 0x4F000000, 0x5F000000};
  const uint32_t pick = c.Below(kEdges.size() + 1);
  return pick < kEdges.size() ? kEdges[pick] : c.U32();
}

uint64_t F64Bits(Choices& c) {
  constexpr std::array<uint64_t, 10> kEdges = {
      0,
      uint64_t{1} << 63,
      0x3FF0000000000000,
      0x7FF8000000000000,
      0x7FF4000000000000,
      0x7FF0000000000000,
      0xFFF0000000000000,
      0x41E0000000000000,
      0x43E0000000000000,
      0xC1E0000000200000};  // -2^31 - 1: just out of i32 range
  const uint32_t pick = c.Below(kEdges.size() + 1);
  return pick < kEdges.size() ? kEdges[pick] : c.U64();
}

}  // namespace

void WriteConstant(internal::ValType t, Choices& choices, WasmWriter& out) {
  switch (t) {
    case internal::ValType::kI32:
      out.Op(internal::Opcode::kI32Const);
      out.S64(static_cast<int32_t>(Bits32(choices)));
      return;
    case internal::ValType::kI64:
      out.Op(internal::Opcode::kI64Const);
      out.S64(static_cast<int64_t>(Bits64(choices)));
      return;
    case internal::ValType::kF32:
      out.Op(internal::Opcode::kF32Const);
      out.Fixed32(F32Bits(choices));
      return;
    case internal::ValType::kF64:
      out.Op(internal::Opcode::kF64Const);
      out.Fixed64(F64Bits(choices));
      return;
    default:
      out.Op(internal::Opcode::kRefNull);
      out.Type(t);
      return;
  }
}

internal::ValType PickValType(Choices& choices) {
  constexpr std::array<internal::ValType, 8> kTypes = {
      internal::ValType::kI32,       internal::ValType::kI64,
      internal::ValType::kF32,       internal::ValType::kF64,
      internal::ValType::kI32,       internal::ValType::kFuncRef,
      internal::ValType::kExternRef, internal::ValType::kI64};
  return kTypes[choices.Below(kTypes.size())];
}

internal::ValType PickNumType(Choices& choices) {
  constexpr std::array<internal::ValType, 4> kTypes = {
      internal::ValType::kI32, internal::ValType::kI64, internal::ValType::kF32,
      internal::ValType::kF64};
  return kTypes[choices.Below(kTypes.size())];
}

}  // namespace dytallix::testing
