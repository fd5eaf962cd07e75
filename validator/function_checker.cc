#include "validator/function_checker.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "validator/errors.h"
#include "validator/limits.h"

namespace dytallix::internal {

FunctionChecker::FunctionChecker(const ModuleContext& context)
    : ctx_(context) {}

absl::Status FunctionChecker::Check(uint32_t defined_index,
                                    const Function& body, FunctionInfo& info) {
  DYT_RETURN_IF_ERROR(Begin(defined_index, body, info));
  const std::vector<Instr>& code = function_->code;
  for (pc_ = 0; pc_ < code.size(); ++pc_) {
    offset_ = code[pc_].offset;
    if (ctrls_.empty()) return Error("instructions after the final end");
    DYT_RETURN_IF_ERROR(Step(code[pc_]));
  }
  if (!ctrls_.empty()) return Error("function body must end with end");
  info.max_stack_height = static_cast<uint32_t>(max_height_);
  return absl::OkStatus();
}

// Resets the reused stacks, expands the locals (after the limit check, so a
// huge declared count never allocates) and opens the function's frame, whose
// label is the function's results.
absl::Status FunctionChecker::Begin(uint32_t defined_index,
                                    const Function& body, FunctionInfo& info) {
  function_ = &body;
  func_index_ = ctx_.module.NumImportedFunctions() + defined_index;
  offset_ = function_->body_offset;
  const FuncType& type = ctx_.module.types[function_->type_index];
  DYT_RETURN_IF_ERROR(CheckLocalCount(
      type.params.size() + function_->num_locals, ctx_.profile, Here()));
  locals_.assign(type.params.begin(), type.params.end());
  for (const LocalDecl& decl : function_->locals) {
    locals_.insert(locals_.end(), decl.count, decl.type);
  }
  info.partner.assign(function_->code.size(), 0);
  partner_ = &info.partner;
  vals_.clear();
  ctrls_.clear();
  max_height_ = 0;
  pc_ = kNoStart;
  PushCtrl(Opcode::kBlock, {{}, TypesOf(type.results)});
  return absl::OkStatus();
}

absl::Status FunctionChecker::Error(absl::string_view what) const {
  return InvalidError(Place(Here()), what);
}

// The empty-frame and mismatch cases of Pop.
absl::Status FunctionChecker::PopSlow(ValType expected, ValType* actual) {
  const Frame& frame = ctrls_.back();
  if (vals_.size() == frame.height) {
    if (actual != nullptr) *actual = kUnknown;
    if (frame.unreachable) return absl::OkStatus();
    return Error(
        absl::StrCat("type mismatch: expected ",
                     expected == kUnknown ? "a value" : TypeName(expected),
                     ", found nothing"));
  }
  ValType top = vals_.back();
  vals_.pop_back();
  if (actual != nullptr) *actual = top;
  if (Matches(top, expected)) return absl::OkStatus();
  return Error(absl::StrCat("type mismatch: expected ", TypeName(expected),
                            ", found ", TypeName(top)));
}

absl::Status FunctionChecker::PopTypes(Types types) {
  for (uint32_t i = types.size; i-- > 0;) {
    DYT_RETURN_IF_ERROR(Pop(types.data[i]));
  }
  return absl::OkStatus();
}

void FunctionChecker::PushTypes(Types types) {
  for (uint32_t i = 0; i < types.size; ++i) Push(types.data[i]);
}

// Like PopTypes then PushTypes of what was popped, without moving anything:
// br_table checks the same operands against every target.
absl::Status FunctionChecker::CheckTopTypes(Types types) {
  const Frame& frame = ctrls_.back();
  size_t available = vals_.size() - frame.height;
  for (uint32_t i = 0; i < types.size; ++i) {
    uint32_t depth = types.size - 1 - i;  // 0 = top of the stack
    if (depth >= available) {
      if (frame.unreachable) continue;
      return Error(absl::StrCat("type mismatch: expected ",
                                TypeName(types.data[i]), ", found nothing"));
    }
    ValType actual = vals_[vals_.size() - 1 - depth];
    if (!Matches(actual, types.data[i])) {
      return Error(absl::StrCat("type mismatch: expected ",
                                TypeName(types.data[i]), ", found ",
                                TypeName(actual)));
    }
  }
  return absl::OkStatus();
}

void FunctionChecker::PushCtrl(Opcode op, BlockSig sig) {
  ctrls_.push_back(
      Frame{op, false, static_cast<uint32_t>(vals_.size()), pc_, sig});
  PushTypes(sig.params);
}

absl::Status FunctionChecker::PopCtrl(Frame& frame) {
  DYT_RETURN_IF_ERROR(PopTypes(ctrls_.back().sig.results));
  frame = ctrls_.back();
  if (vals_.size() != frame.height) {
    return Error(absl::StrCat("type mismatch: ", vals_.size() - frame.height,
                              " values left at the end of the block"));
  }
  ctrls_.pop_back();
  return absl::OkStatus();
}

void FunctionChecker::SetUnreachable() {
  Frame& frame = ctrls_.back();
  vals_.resize(frame.height);
  frame.unreachable = true;
}

FunctionChecker::Types FunctionChecker::LabelTypes(uint32_t depth) const {
  const Frame& frame = ctrls_[ctrls_.size() - 1 - depth];
  return frame.op == Opcode::kLoop ? frame.sig.params : frame.sig.results;
}

absl::Status FunctionChecker::CheckLabel(uint32_t depth) {
  if (depth < ctrls_.size()) return absl::OkStatus();
  return Error(absl::StrCat("unknown label ", depth));
}

absl::Status FunctionChecker::Step(const Instr& in) {
  const TableSig& sig = kTableSigs[static_cast<int>(in.op)];
  if (sig.typed) return StepTyped(sig, in);
  switch (in.op) {
    case Opcode::kUnreachable:
      SetUnreachable();
      return absl::OkStatus();
    case Opcode::kBlock:
    case Opcode::kLoop:
    case Opcode::kIf:
      return StepBlock(in);
    case Opcode::kElse:
      return StepElse();
    case Opcode::kEnd:
      return StepEnd();
    case Opcode::kBr:
      return StepBr(in);
    case Opcode::kBrIf:
      return StepBrIf(in);
    case Opcode::kBrTable:
      return StepBrTable(in);
    case Opcode::kReturn:
      return StepReturn();
    case Opcode::kCall: {
      const uint32_t function = in.function_index();
      DYT_RETURN_IF_ERROR(CheckFunctionIndex(function));
      return StepCall(*ctx_.func_types[function]);
    }
    case Opcode::kCallIndirect:
      return StepCallIndirect(in);
    case Opcode::kDrop:
      return Pop(kUnknown);
    case Opcode::kSelect:
      return StepSelect();
    case Opcode::kSelectT:
      return StepSelectT(in);
    case Opcode::kLocalGet:
    case Opcode::kLocalSet:
    case Opcode::kLocalTee:
      return StepLocal(in);
    case Opcode::kGlobalGet:
    case Opcode::kGlobalSet:
      return StepGlobal(in);
    case Opcode::kTableInit:
    case Opcode::kTableCopy:
      return StepTableBulk(in);
    case Opcode::kRefNull:
    case Opcode::kRefIsNull:
    case Opcode::kRefFunc:
      return StepRef(in);
    default:
      return StepTable(in);
  }
}

}  // namespace dytallix::internal
