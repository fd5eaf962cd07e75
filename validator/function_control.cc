// Control instructions and calls of FunctionChecker.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "validator/errors.h"
#include "validator/function_checker.h"
#include "validator/limits.h"

namespace dytallix::internal {
namespace {

// Static storage for the one-result block types `(result t)`.
constexpr ValType kSingleTypes[] = {
    ValType::kI32,  ValType::kI64,     ValType::kF32,      ValType::kF64,
    ValType::kV128, ValType::kFuncRef, ValType::kExternRef};

const ValType* SingleType(ValType type) {
  for (const ValType& t : kSingleTypes) {
    if (t == type) return &t;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<FunctionChecker::BlockSig> FunctionChecker::BlockSigOf(
    const Instr& in) {
  const BlockShape shape = in.block_shape();
  if (shape == BlockShape::kEmpty) return BlockSig{};
  if (shape == BlockShape::kOneValue) {
    ValType type = in.block_value_type();
    DYT_RETURN_IF_ERROR(CheckValTypeAllowed(type, ctx_.profile, Here()));
    const ValType* single = SingleType(type);
    if (single == nullptr) return Error("invalid block type");
    return BlockSig{{}, {single, 1}};
  }
  const uint32_t index = in.block_type_index();
  if (index >= ctx_.module.types.size()) {
    return Error(absl::StrCat("unknown type ", index));
  }
  const FuncType& type = ctx_.module.types[index];
  DYT_RETURN_IF_ERROR(CheckBranchValues(type.params.size(), "block params",
                                        ctx_.profile, Here()));
  return BlockSig{TypesOf(type.params), TypesOf(type.results)};
}

absl::Status FunctionChecker::StepBlock(const Instr& in) {
  DYT_ASSIGN_OR_RETURN(BlockSig sig, BlockSigOf(in));
  if (in.op == Opcode::kIf) DYT_RETURN_IF_ERROR(Pop(ValType::kI32));
  DYT_RETURN_IF_ERROR(PopTypes(sig.params));
  PushCtrl(in.op, sig);
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepElse() {
  Frame frame;
  DYT_RETURN_IF_ERROR(PopCtrl(frame));
  if (frame.op != Opcode::kIf) return Error("else without a matching if");
  (*partner_)[frame.start] = pc_;
  PushCtrl(Opcode::kElse, frame.sig);
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepEnd() {
  Frame frame;
  DYT_RETURN_IF_ERROR(PopCtrl(frame));
  const BlockSig& sig = frame.sig;
  if (frame.op == Opcode::kIf &&
      !std::equal(sig.params.data, sig.params.data + sig.params.size,
                  sig.results.data, sig.results.data + sig.results.size)) {
    return Error(
        "type mismatch: an if without else must have results equal to its "
        "params");
  }
  if (frame.start != kNoStart) (*partner_)[frame.start] = pc_;
  PushTypes(sig.results);
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepBr(const Instr& in) {
  const uint32_t depth = in.label_depth();
  DYT_RETURN_IF_ERROR(CheckLabel(depth));
  DYT_RETURN_IF_ERROR(PopTypes(LabelTypes(depth)));
  SetUnreachable();
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepBrIf(const Instr& in) {
  const uint32_t depth = in.label_depth();
  DYT_RETURN_IF_ERROR(CheckLabel(depth));
  DYT_RETURN_IF_ERROR(Pop(ValType::kI32));
  Types label = LabelTypes(depth);
  DYT_RETURN_IF_ERROR(PopTypes(label));
  PushTypes(label);
  return absl::OkStatus();
}

// Every target, the default included, must take the same number of values,
// and the operands must match each target's label types.
absl::Status FunctionChecker::StepBrTable(const Instr& in) {
  const uint32_t first = in.br_table_first();
  const uint32_t count = in.br_table_count();
  DYT_RETURN_IF_ERROR(CheckBrTableTargets(count, ctx_.profile, Here()));
  if (count == 0 ||
      first + uint64_t{count} > function_->br_table_targets.size()) {
    return Error("br_table targets out of range of the decoded list");
  }
  DYT_RETURN_IF_ERROR(Pop(ValType::kI32));
  const uint32_t* targets = &function_->br_table_targets[first];
  uint32_t default_target = targets[count - 1];
  DYT_RETURN_IF_ERROR(CheckLabel(default_target));
  uint32_t arity = LabelTypes(default_target).size;
  for (uint32_t i = 0; i < count; ++i) {
    DYT_RETURN_IF_ERROR(CheckLabel(targets[i]));
    Types label = LabelTypes(targets[i]);
    if (label.size != arity) {
      return Error(absl::StrCat("type mismatch: br_table target ", targets[i],
                                " takes ", label.size,
                                " values, the default takes ", arity));
    }
    DYT_RETURN_IF_ERROR(CheckTopTypes(label));
  }
  SetUnreachable();
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepReturn() {
  DYT_RETURN_IF_ERROR(PopTypes(ctrls_.front().sig.results));
  SetUnreachable();
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepCall(const FuncType& type) {
  DYT_RETURN_IF_ERROR(PopTypes(TypesOf(type.params)));
  PushTypes(TypesOf(type.results));
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepCallIndirect(const Instr& in) {
  uint32_t table = in.table_index();
  DYT_RETURN_IF_ERROR(CheckTableIndex(table));
  if (ctx_.tables[table] != ValType::kFuncRef) {
    return Error(absl::StrCat("type mismatch: call_indirect through table ",
                              table, " of ", TypeName(ctx_.tables[table])));
  }
  const uint32_t type = in.type_index();
  if (type >= ctx_.module.types.size()) {
    return Error(absl::StrCat("unknown type ", type));
  }
  DYT_RETURN_IF_ERROR(Pop(ValType::kI32));
  return StepCall(ctx_.module.types[type]);
}

}  // namespace dytallix::internal
