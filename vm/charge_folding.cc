#include "vm/charge_folding.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/check.h"

namespace dytallix::internal {
namespace {

constexpr uint32_t kNoGas = UINT32_MAX;

// The words of a branch that folding rewrites (vm/vm_ops.def).
struct BranchWords {
  uint32_t rel;
  uint32_t cost;
  bool conditional;
  uint32_t fall_cost;  // conditional branches only
  uint32_t fall_skip;  // conditional branches only
};
template <typename W>
constexpr BranchWords Conditional() {
  return {W::kRel, W::kCost, true, W::kFallCost, W::kFallSkip};
}

// A branch's words, or nothing for other instructions.
std::optional<BranchWords> BranchWordsOf(VmOp opcode) {
  switch (opcode) {
    case VmOp::kBr:
      return BranchWords{op::Br::kRel, op::Br::kCost, false, 0, 0};
    case VmOp::kBrIf:
    case VmOp::kBrUnless:
      return Conditional<op::BrIf>();
    case VmOp::kBrIfI32Eq:
    case VmOp::kBrIfI32Ne:
    case VmOp::kBrIfI32LtS:
    case VmOp::kBrIfI32LtU:
    case VmOp::kBrIfI32GeS:
    case VmOp::kBrIfI32GeU:
      return Conditional<op::BrIfI32Eq>();
    default:
      return std::nullopt;
  }
}

}  // namespace

void FoldCharges(CompiledFunction& function,
                 std::span<const uint32_t> gas_starts,
                 std::span<const uint32_t> branches,
                 std::vector<uint32_t>& charging) {
  std::vector<uint32_t>& code = function.code;
  // Per-block code starts with its first block's Gas, which folding makes
  // the entry skip; a folded function's entry_skip is past it.
  DYT_DCHECK(function.metered && !code.empty() &&
             static_cast<VmOp>(code[0]) == VmOp::kGas);
  DYT_DCHECK(function.entry_skip == 0);
  // The lists name exactly the code's Gas instructions and branches.
  DYT_DCHECK([&] {
    std::vector<uint32_t> gas;
    std::vector<uint32_t> branch;
    for (uint32_t pos = 0; pos < code.size();
         pos += InstructionSize(&code[pos])) {
      const VmOp opcode = static_cast<VmOp>(code[pos]);
      if (opcode == VmOp::kGas) gas.push_back(pos);
      if (BranchWordsOf(opcode)) branch.push_back(pos);
    }
    return std::ranges::equal(gas, gas_starts) &&
           std::ranges::equal(branch, branches);
  }());
  // For every word position of `code`: kNoGas unless a Gas instruction
  // starts there; then the position of the Gas instruction that charges a
  // block entered there. An empty block (Gas 0) that runs straight into the
  // next block's Gas charges nothing, so entering it is entering the next
  // one. Resolved from the back, each run once: linear in the code's size
  // however long the runs of empty blocks (the chain of `end`s after deep
  // nesting), and each branch's lookup O(1).
  charging.assign(code.size(), kNoGas);
  for (auto it = gas_starts.rbegin(); it != gas_starts.rend(); ++it) {
    const uint32_t pos = *it;
    const uint32_t next = pos + op::Gas::kSize;
    const bool empty = code[pos + op::Gas::kCost] == 0 && next < code.size() &&
                       charging[next] != kNoGas;
    charging[pos] = empty ? charging[next] : pos;
  }
  auto charging_at = [&](uint64_t pos) {
    return pos < code.size() ? charging[pos] : kNoGas;
  };
  // The cost a Gas instruction at `gas` charges, and where its block's work
  // starts.
  auto cost_of = [&](uint32_t gas) { return code[gas + op::Gas::kCost]; };
  auto after = [](uint32_t gas) { return gas + op::Gas::kSize; };
  if (const uint32_t gas = charging_at(0); gas != kNoGas) {
    function.entry_cost = cost_of(gas);
    function.entry_skip = after(gas);
  }
  for (const uint32_t pos : branches) {
    const VmOp opcode = static_cast<VmOp>(code[pos]);
    const std::optional<BranchWords> words = BranchWordsOf(opcode);
    DYT_DCHECK(words.has_value());
    uint32_t* branch = &code[pos];
    DYT_DCHECK(branch[words->rel] != 0);  // linked: no branch targets itself
    const uint64_t target =
        pos + static_cast<int64_t>(static_cast<int32_t>(branch[words->rel]));
    if (const uint32_t gas = charging_at(target); gas != kNoGas) {
      branch[words->cost] = cost_of(gas);
      branch[words->rel] += static_cast<uint32_t>(after(gas) - target);
    }
    const uint32_t next = pos + SizeOf(opcode);
    if (const uint32_t gas = charging_at(next);
        words->conditional && gas != kNoGas) {
      branch[words->fall_cost] = cost_of(gas);
      branch[words->fall_skip] = after(gas) - next;
    }
  }
}

}  // namespace dytallix::internal
