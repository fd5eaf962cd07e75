// Charge folding: a per-block metering pass over one compiled function that
// takes the Gas instruction out of the dispatch path of most block entries.
//
// Per-block metering (vm/compiler.h) starts every basic block with a Gas
// instruction. Entering a block through a branch or a call would then cost
// one more dispatch than the work itself, which was most of metering's
// overhead on branchy and call-heavy code. This pass makes the instruction
// that enters a block charge it instead:
//   - a branch whose target starts with Gas charges that cost and jumps past
//     it (Br/BrIf/BrUnless/BrIfI32* `cost`);
//   - a conditional branch followed by Gas charges that cost when it falls
//     through, and continues past it (`fall_cost`, `fall_skip`);
//   - a call charges the callee's first Gas and enters past it
//     (CompiledFunction::entry_cost/entry_skip).
// Entering an empty block (Gas 0) that runs straight into another block's
// Gas is entering that block: the charge and the jump go to the last Gas of
// such a run.
// The Gas instructions stay where they were: fall-through from other
// instructions and the first entry of a call still run them, and a folded
// charge that runs out traps at the Gas instruction's position, so gas used,
// traps and trap locations are exactly those of the unfolded code.
//
// br_table entries are not folded: their targets keep their Gas dispatch.
#ifndef DYTALLIX_VM_CHARGE_FOLDING_H_
#define DYTALLIX_VM_CHARGE_FOLDING_H_

#include <cstdint>
#include <span>
#include <vector>

#include "vm/code.h"

namespace dytallix::internal {

// `gas_starts` and `branches` are the positions, ascending, of every Gas
// instruction and of every Br/BrIf/BrUnless/BrIfI32* in its code (the code
// builder records them as it emits): the pass touches only those, never
// walking the code.
// `charging` is a buffer it fills, one word per code position; the caller's
// to reuse. REQUIRES: `function` is complete (every branch linked) and was
// compiled with GasMetering::kPerBlock. Folding twice is not allowed.
void FoldCharges(CompiledFunction& function,
                 std::span<const uint32_t> gas_starts,
                 std::span<const uint32_t> branches,
                 std::vector<uint32_t>& charging);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_CHARGE_FOLDING_H_
