// FunctionChecker: the operand-stack and control-stack algorithm of the spec's
// validation appendix, applied to one function body at a time, producing the
// FunctionInfo the compiler needs.
//
// One checker validates every body of a module: its stacks are reused, so a
// body costs no allocation beyond its FunctionInfo once the stacks have grown.
// Not thread-safe; use one checker per thread.
#ifndef DYTALLIX_VALIDATOR_FUNCTION_CHECKER_H_
#define DYTALLIX_VALIDATOR_FUNCTION_CHECKER_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "decoder/module.h"
#include "validator/context.h"
#include "validator/errors.h"
#include "validator/signatures.h"
#include "validator/validator.h"

namespace dytallix::internal {

class FunctionChecker {
 public:
  // `context` must outlive the checker.
  explicit FunctionChecker(const ModuleContext& context);

  // Validates `body`, Module::functions[defined_index] with its code, and
  // fills `info`. Errors name the function by its index in the function index
  // space (imports first) and the byte offset of the offending instruction.
  // REQUIRES: CheckModuleStructure(module) succeeded.
  absl::Status Check(uint32_t defined_index, const Function& body,
                     FunctionInfo& info);

 private:
  // A sequence of value types owned by the module or by static storage.
  struct Types {
    const ValType* data = nullptr;
    uint32_t size = 0;
  };
  static Types TypesOf(const std::vector<ValType>& types) {
    return {types.data(), static_cast<uint32_t>(types.size())};
  }
  struct BlockSig {
    Types params;
    Types results;
  };
  struct Frame {
    Opcode op;
    bool unreachable;
    uint32_t height;  // operand stack height at entry (params excluded)
    uint32_t start;   // code index of the block/loop/if/else instruction
    BlockSig sig;
  };
  static constexpr uint32_t kNoStart = UINT32_MAX;  // the function's frame
  // The type of an operand the polymorphic stack makes up after an
  // unconditional branch: it matches every type.
  static constexpr ValType kUnknown = static_cast<ValType>(0);
  static bool Matches(ValType actual, ValType expected) {
    return actual == expected || actual == kUnknown || expected == kUnknown;
  }

  // Operand stack (function_checker.cc).
  void Push(ValType type) {
    vals_.push_back(type);
    if (vals_.size() > max_height_) max_height_ = vals_.size();
  }
  // Pops one operand that must match `expected` (kUnknown: any), storing
  // its type in `actual` if given. Inline for the common, matching case.
  absl::Status Pop(ValType expected, ValType* actual = nullptr) {
    if (vals_.size() > ctrls_.back().height &&
        Matches(vals_.back(), expected)) {
      if (actual != nullptr) *actual = vals_.back();
      vals_.pop_back();
      return absl::OkStatus();
    }
    return PopSlow(expected, actual);
  }
  absl::Status PopSlow(ValType expected, ValType* actual);
  absl::Status PopTypes(Types types);
  void PushTypes(Types types);
  absl::Status CheckTopTypes(Types types);
  void PushCtrl(Opcode op, BlockSig sig);
  absl::Status PopCtrl(Frame& frame);
  void SetUnreachable();
  Types LabelTypes(uint32_t depth) const;
  absl::Status CheckLabel(uint32_t depth);
  absl::Status Begin(uint32_t defined_index, const Function& body,
                     FunctionInfo& info);
  absl::Status Error(absl::string_view what) const;
  Where Here() const { return {"function", func_index_, offset_}; }
  absl::Status Step(const Instr& in);

  // Instructions (function_control.cc).
  absl::StatusOr<BlockSig> BlockSigOf(const Instr& in);
  absl::Status StepBlock(const Instr& in);
  absl::Status StepElse();
  absl::Status StepEnd();
  absl::Status StepBr(const Instr& in);
  absl::Status StepBrIf(const Instr& in);
  absl::Status StepBrTable(const Instr& in);
  absl::Status StepReturn();
  absl::Status StepCall(const FuncType& type);
  absl::Status StepCallIndirect(const Instr& in);

  // Instructions (function_ops.cc).
  absl::Status StepTyped(const TableSig& sig, const Instr& in);
  absl::Status CheckMemoryImmediate(const TableSig& sig, const Instr& in);
  absl::Status StepSelect();
  absl::Status StepSelectT(const Instr& in);
  absl::Status StepLocal(const Instr& in);
  absl::Status StepGlobal(const Instr& in);
  absl::Status StepTable(const Instr& in);
  absl::Status StepTableBulk(const Instr& in);
  absl::Status StepRef(const Instr& in);
  absl::Status CheckFunctionIndex(uint32_t index);
  absl::Status CheckTableIndex(uint32_t index);
  absl::Status CheckElemIndex(uint32_t index);
  absl::Status CheckDataIndex(uint32_t index);

  const ModuleContext& ctx_;
  std::vector<ValType> locals_;  // params, then locals
  std::vector<ValType> vals_;
  std::vector<Frame> ctrls_;
  // The body being checked.
  const Function* function_ = nullptr;
  uint32_t func_index_ = 0;
  uint32_t pc_ = 0;      // code index of the current instruction
  uint32_t offset_ = 0;  // its byte offset, for errors
  size_t max_height_ = 0;
  std::vector<uint32_t>* partner_ = nullptr;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_VALIDATOR_FUNCTION_CHECKER_H_
