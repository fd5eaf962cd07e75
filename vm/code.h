// The compiled form of a module: internal code per function (see
// vm/vm_ops.h for the instruction set) and what instantiation needs.
//
// Frame layout of a compiled function: slots [0, num_params) are the
// parameters, then num_locals zero-initialised locals, then the function's
// constant slots (filled from `constants` at entry, read-only), then the
// operand stack (the validator's max_stack_height slots), then spill slots for
// the parameters of `if ... else` blocks. A call passes arguments in place: the
// callee's frame starts at the caller's first argument slot, and results come
// back in the callee's slots [0, num_results).
#ifndef DYTALLIX_VM_CODE_H_
#define DYTALLIX_VM_CODE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "base/profile.h"
#include "decoder/module.h"
#include "vm/gas_schedule.h"
#include "vm/vm_ops.h"

namespace dytallix::internal {

// The slot value of a constant instruction (i32/i64/f32/f64.const,
// ref.null), or nothing for any other instruction.
inline std::optional<uint64_t> ConstantSlot(const Instr& instr) {
  switch (instr.op) {
    case Opcode::kI32Const:
    case Opcode::kF32Const:
      return static_cast<uint32_t>(instr.bits());
    case Opcode::kI64Const:
    case Opcode::kF64Const:
      return instr.bits();
    case Opcode::kRefNull:
      return 0;
    default:
      return std::nullopt;
  }
}

struct CompiledFunction {
  uint32_t index = 0;  // in the module's function index space
  uint32_t num_params = 0;
  uint32_t num_locals = 0;  // declared locals, parameters excluded
  uint32_t num_results = 0;
  uint32_t frame_size = 0;          // slots, see the layout above
  std::vector<uint64_t> constants;  // the constant slots' values
  std::vector<uint32_t> code;
  // A call enters at code[entry_skip] after charging `entry_cost`: the
  // first block's charge, folded into the call (vm/charge_folding.h).
  uint32_t entry_cost = 0;
  uint32_t entry_skip = 0;
  // The schedule's run-time costs, where the interpreter finds them.
  DynamicGasCosts gas;
  bool metered = true;  // false: compiled with GasMetering::kNone
  // (code position, byte offset in the module) for each lowered instruction,
  // ordered by position: how a trap finds its WebAssembly offset.
  std::vector<std::pair<uint32_t, uint32_t>> offsets;

  // The module byte offset of the instruction at code position `pos`.
  uint32_t OffsetAt(uint32_t pos) const;
};

struct LazyCompilation;  // vm/engine.cc

struct CompiledModule {
  CompiledModule();
  ~CompiledModule();
  CompiledModule(const CompiledModule&) = delete;
  CompiledModule& operator=(const CompiledModule&) = delete;

  Module module;
  Profile profile;
  GasOptions gas;
  // One per defined function. Compiled on first call (vm/engine.h's
  // Compilation::kOnFirstCall), one stays empty until then.
  std::vector<CompiledFunction> functions;
  // What compiling on first call needs; null if everything was compiled at
  // load.
  std::unique_ptr<LazyCompilation> lazy;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_CODE_H_
