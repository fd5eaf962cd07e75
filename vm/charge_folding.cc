#include "vm/charge_folding.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace dytallix::internal {
namespace {

constexpr uint32_t kGasSize = SizeOf(VmOp::kGas);
constexpr uint32_t kNoGas = UINT32_MAX;

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

// For every word position of `code`: kNoGas unless a Gas instruction starts
// there; then the position of the Gas instruction that charges a block
// entered there. An empty block (Gas 0) that runs straight into the next
// block's Gas charges nothing, so entering it is entering the next one.
// Resolved from the back, each run once: linear in the code's size however
// long the runs of empty blocks (the chain of `end`s after deep nesting).
std::vector<uint32_t> ChargingGasTable(const std::vector<uint32_t>& code) {
  std::vector<uint32_t> starts;
  for (uint32_t pos = 0; pos < code.size();
       pos += InstructionSize(&code[pos])) {
    if (static_cast<VmOp>(code[pos]) == VmOp::kGas) starts.push_back(pos);
  }
  std::vector<uint32_t> charging(code.size(), kNoGas);
  for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
    const uint32_t pos = *it;
    const uint32_t next = pos + kGasSize;
    const bool empty =
        code[pos + 1] == 0 && next < code.size() && charging[next] != kNoGas;
    charging[pos] = empty ? charging[next] : pos;
  }
  return charging;
}

}  // namespace

void FoldCharges(CompiledFunction& function) {
  std::vector<uint32_t>& code = function.code;
  const std::vector<uint32_t> charging = ChargingGasTable(code);
  auto charging_at = [&](uint64_t pos) {
    return pos < code.size() ? charging[pos] : kNoGas;
  };
  if (const uint32_t gas = charging_at(0); gas != kNoGas) {
    function.entry_cost = code[gas + 1];
    function.entry_skip = gas + kGasSize;
  }
  for (uint32_t pos = 0; pos < code.size();
       pos += InstructionSize(&code[pos])) {
    const VmOp op = static_cast<VmOp>(code[pos]);
    const std::optional<uint32_t> rel = RelWord(op);
    if (!rel) continue;
    uint32_t* words = &code[pos + *rel];  // rel, cost[, fall_cost, fall_skip]
    const uint64_t target =
        pos + static_cast<int64_t>(static_cast<int32_t>(words[0]));
    if (const uint32_t gas = charging_at(target); gas != kNoGas) {
      words[1] = code[gas + 1];
      words[0] += static_cast<uint32_t>(gas + kGasSize - target);
    }
    const uint32_t next = pos + SizeOf(op);
    if (const uint32_t gas = charging_at(next);
        op != VmOp::kBr && gas != kNoGas) {
      words[2] = code[gas + 1];
      words[3] = gas + kGasSize - next;
    }
  }
}

}  // namespace dytallix::internal
