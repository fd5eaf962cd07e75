// Compiler: one validated function -> internal code (vm/code.h).
//
// The lowering is register-style: the validator's stack heights give every
// operand a static frame slot, so each instruction names its operand and
// result slots. `local.get` is folded (the consumer reads the local's slot),
// constants live in slots filled at function entry, a result feeding
// `local.set` is written straight into the local, and an i32 comparison
// feeding `br_if`/`if` becomes one compare-and-branch. Each
// basic block starts with one Gas instruction carrying the block's static
// cost (vm/gas_schedule.h), the first one also the function's per-local
// cost; code that can never run is not compiled. In per-instruction mode
// (GasMetering::kPerInstruction) each instruction's cost is instead one Gas
// instruction emitted where that instruction's code starts, so it follows
// the same attribution below.
//
// Gas attribution, which a per-instruction reference meter must mirror: an
// instruction is charged in the block it executes in; a branch to a block's
// label skips that block's `end`, and `loop`, `if`, `else` and `br_if` are
// charged before the new block they open.
#ifndef DYTALLIX_VM_COMPILER_H_
#define DYTALLIX_VM_COMPILER_H_

#include <cstdint>

#include "base/profile.h"
#include "decoder/module.h"
#include "validator/validator.h"
#include "vm/code.h"
#include "vm/gas_schedule.h"

namespace dytallix::internal {

// `body` is Module::functions[defined_index] with its code.
// REQUIRES: `module` passed Validate under `profile`, which returned `info`
// for `body`. `gas` gives the static costs and whether to charge per block
// or per instruction (vm/gas_schedule.h).
CompiledFunction CompileFunction(const Module& module, uint32_t defined_index,
                                 const Function& body, const FunctionInfo& info,
                                 const Profile& profile, const GasOptions& gas);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_COMPILER_H_
