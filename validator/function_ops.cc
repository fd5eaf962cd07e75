// Table-typed, parametric, variable, table and reference instructions of
// FunctionChecker.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "validator/errors.h"
#include "validator/function_checker.h"
#include "validator/limits.h"

namespace dytallix::internal {

absl::Status FunctionChecker::StepTyped(const TableSig& sig, const Instr& in) {
  if (sig.uses_float && !ctx_.profile.allow_floats) {
    return FloatInstrError(in.op, Here());
  }
  if (sig.checks_immediate) DYT_RETURN_IF_ERROR(CheckMemoryImmediate(sig, in));
  for (uint32_t i = sig.num_params; i-- > 0;) {
    DYT_RETURN_IF_ERROR(Pop(sig.params[i]));
  }
  if (sig.num_results != 0) Push(sig.result);
  return absl::OkStatus();
}

absl::Status FunctionChecker::CheckMemoryImmediate(const TableSig& sig,
                                                   const Instr& in) {
  ImmKind imm = InfoOf(in.op).imm;
  switch (imm) {
    case ImmKind::kMemArg:
    case ImmKind::kMemoryIndex:
    case ImmKind::kMemoryCopy:
    case ImmKind::kMemoryInit:
      if (!ctx_.has_memory) return Error("unknown memory 0");
      break;
    case ImmKind::kData:
      return CheckDataIndex(in.segment_index());
    case ImmKind::kElem:
      return CheckElemIndex(in.segment_index());
    default:
      return absl::OkStatus();
  }
  if (imm == ImmKind::kMemoryInit) return CheckDataIndex(in.segment_index());
  if (imm == ImmKind::kMemArg && in.align_log2() > sig.align_log2) {
    return Error(absl::StrCat("alignment must not be larger than natural: 2^",
                              in.align_log2(), " bytes for a ",
                              1u << sig.align_log2, "-byte access"));
  }
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepSelect() {
  ValType first, second;
  DYT_RETURN_IF_ERROR(Pop(ValType::kI32));
  DYT_RETURN_IF_ERROR(Pop(kUnknown, &first));
  DYT_RETURN_IF_ERROR(Pop(kUnknown, &second));
  if (IsRefType(first) || IsRefType(second)) {
    return Error("type mismatch: select without a type needs numeric operands");
  }
  if (!Matches(first, second)) {
    return Error(absl::StrCat("type mismatch: select of ", TypeName(second),
                              " and ", TypeName(first)));
  }
  Push(first == kUnknown ? second : first);
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepSelectT(const Instr& in) {
  if (in.select_type_count() != 1) {
    return Error("invalid result arity: select needs one type");
  }
  ValType type = in.value_type();
  DYT_RETURN_IF_ERROR(CheckValTypeAllowed(type, ctx_.profile, Here()));
  DYT_RETURN_IF_ERROR(Pop(ValType::kI32));
  DYT_RETURN_IF_ERROR(Pop(type));
  DYT_RETURN_IF_ERROR(Pop(type));
  Push(type);
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepLocal(const Instr& in) {
  const uint32_t index = in.local_index();
  if (index >= locals_.size()) {
    return Error(absl::StrCat("unknown local ", index));
  }
  ValType type = locals_[index];
  if (in.op != Opcode::kLocalGet) DYT_RETURN_IF_ERROR(Pop(type));
  if (in.op != Opcode::kLocalSet) Push(type);
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepGlobal(const Instr& in) {
  const uint32_t index = in.global_index();
  if (index >= ctx_.globals.size()) {
    return Error(absl::StrCat("unknown global ", index));
  }
  const GlobalType& global = ctx_.globals[index];
  if (in.op == Opcode::kGlobalGet) {
    Push(global.type);
    return absl::OkStatus();
  }
  if (!global.is_mutable) {
    return Error(absl::StrCat("global is immutable: global ", index));
  }
  return Pop(global.type);
}

// table.get, table.set, table.grow, table.size, table.fill.
absl::Status FunctionChecker::StepTable(const Instr& in) {
  const uint32_t table = in.table_index();
  DYT_RETURN_IF_ERROR(CheckTableIndex(table));
  ValType elem = ctx_.tables[table];
  switch (in.op) {
    case Opcode::kTableGet:
      DYT_RETURN_IF_ERROR(Pop(ValType::kI32));
      Push(elem);
      return absl::OkStatus();
    case Opcode::kTableSet:
      DYT_RETURN_IF_ERROR(Pop(elem));
      return Pop(ValType::kI32);
    case Opcode::kTableGrow:
      DYT_RETURN_IF_ERROR(Pop(ValType::kI32));
      DYT_RETURN_IF_ERROR(Pop(elem));
      Push(ValType::kI32);
      return absl::OkStatus();
    case Opcode::kTableSize:
      Push(ValType::kI32);
      return absl::OkStatus();
    case Opcode::kTableFill:
      DYT_RETURN_IF_ERROR(Pop(ValType::kI32));
      DYT_RETURN_IF_ERROR(Pop(elem));
      return Pop(ValType::kI32);
    default:
      return Error(absl::StrCat("unsupported instruction ", OpName(in.op)));
  }
}

// table.init and table.copy: the source's element type (the element
// segment's, or the source table's) must be the table's; operands are three
// i32.
absl::Status FunctionChecker::StepTableBulk(const Instr& in) {
  const uint32_t table = in.table_index();
  ValType source;
  if (in.op == Opcode::kTableInit) {
    DYT_RETURN_IF_ERROR(CheckTableIndex(table));
    const uint32_t segment = in.segment_index();
    DYT_RETURN_IF_ERROR(CheckElemIndex(segment));
    source = ctx_.module.elements[segment].type;
  } else {
    const uint32_t source_table = in.source_table_index();
    DYT_RETURN_IF_ERROR(CheckTableIndex(source_table));
    DYT_RETURN_IF_ERROR(CheckTableIndex(table));
    source = ctx_.tables[source_table];
  }
  if (source != ctx_.tables[table]) {
    return Error(absl::StrCat("type mismatch: ", OpName(in.op), " of ",
                              TypeName(source), " into a table of ",
                              TypeName(ctx_.tables[table])));
  }
  for (int i = 0; i < 3; ++i) DYT_RETURN_IF_ERROR(Pop(ValType::kI32));
  return absl::OkStatus();
}

absl::Status FunctionChecker::StepRef(const Instr& in) {
  if (in.op == Opcode::kRefNull) {
    Push(in.value_type());
    return absl::OkStatus();
  }
  if (in.op == Opcode::kRefIsNull) {
    ValType operand;
    DYT_RETURN_IF_ERROR(Pop(kUnknown, &operand));
    if (operand != kUnknown && !IsRefType(operand)) {
      return Error(
          absl::StrCat("type mismatch: ref.is_null of ", TypeName(operand)));
    }
    Push(ValType::kI32);
    return absl::OkStatus();
  }
  const uint32_t function = in.function_index();
  DYT_RETURN_IF_ERROR(CheckFunctionIndex(function));
  if (!ctx_.declared_funcs[function]) {
    return Error(absl::StrCat("undeclared function reference ", function));
  }
  Push(ValType::kFuncRef);
  return absl::OkStatus();
}

absl::Status FunctionChecker::CheckFunctionIndex(uint32_t index) {
  if (index < ctx_.func_types.size()) return absl::OkStatus();
  return Error(absl::StrCat("unknown function ", index));
}

absl::Status FunctionChecker::CheckTableIndex(uint32_t index) {
  if (index < ctx_.tables.size()) return absl::OkStatus();
  return Error(absl::StrCat("unknown table ", index));
}

absl::Status FunctionChecker::CheckElemIndex(uint32_t index) {
  if (index < ctx_.module.elements.size()) return absl::OkStatus();
  return Error(absl::StrCat("unknown elem segment ", index));
}

absl::Status FunctionChecker::CheckDataIndex(uint32_t index) {
  if (!ctx_.data_count) {
    return Error("data count section required by memory.init and data.drop");
  }
  if (index < *ctx_.data_count) return absl::OkStatus();
  return Error(absl::StrCat("unknown data segment ", index));
}

}  // namespace dytallix::internal
