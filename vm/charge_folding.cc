#include "vm/charge_folding.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace dytallix::internal {
namespace {

constexpr uint32_t kGasSize = SizeOf(VmOp::kGas);

// The word holding a branch's `rel`, or nothing for other instructions.
std::optional<uint32_t> RelWord(VmOp op) {
  switch (op) {
    case VmOp::kBr:
      return 1;
    case VmOp::kBrIf:
    case VmOp::kBrUnless:
      return 2;
    case VmOp::kBrIfI32Eq:
    case VmOp::kBrIfI32Ne:
    case VmOp::kBrIfI32LtS:
    case VmOp::kBrIfI32LtU:
    case VmOp::kBrIfI32GeS:
    case VmOp::kBrIfI32GeU:
      return 3;
    default:
      return std::nullopt;
  }
}

bool IsGasAt(const std::vector<uint32_t>& code, uint64_t pos) {
  return pos < code.size() && static_cast<VmOp>(code[pos]) == VmOp::kGas;
}

// The Gas instruction that charges a block entered at the Gas at `pos`:
// an empty block (Gas 0) that runs straight into the next block's Gas
// charges nothing, so entering it is entering the next one.
uint64_t ChargingGas(const std::vector<uint32_t>& code, uint64_t pos) {
  while (code[pos + 1] == 0 && IsGasAt(code, pos + kGasSize)) pos += kGasSize;
  return pos;
}

}  // namespace

void FoldCharges(CompiledFunction& function) {
  std::vector<uint32_t>& code = function.code;
  if (IsGasAt(code, 0)) {
    const uint64_t gas = ChargingGas(code, 0);
    function.entry_cost = code[gas + 1];
    function.entry_skip = static_cast<uint32_t>(gas + kGasSize);
  }
  for (uint32_t pos = 0; pos < code.size();
       pos += InstructionSize(&code[pos])) {
    const VmOp op = static_cast<VmOp>(code[pos]);
    const std::optional<uint32_t> rel = RelWord(op);
    if (!rel) continue;
    uint32_t* words = &code[pos + *rel];  // rel, cost[, fall_cost, fall_skip]
    const uint64_t target =
        pos + static_cast<int64_t>(static_cast<int32_t>(words[0]));
    if (IsGasAt(code, target)) {
      const uint64_t gas = ChargingGas(code, target);
      words[1] = code[gas + 1];
      words[0] += static_cast<uint32_t>(gas + kGasSize - target);
    }
    const uint32_t next = pos + SizeOf(op);
    if (op != VmOp::kBr && IsGasAt(code, next)) {
      const uint64_t gas = ChargingGas(code, next);
      words[2] = code[gas + 1];
      words[3] = static_cast<uint32_t>(gas + kGasSize - next);
    }
  }
}

}  // namespace dytallix::internal
