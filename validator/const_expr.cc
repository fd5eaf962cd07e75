#include "validator/const_expr.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "validator/errors.h"
#include "validator/limits.h"
#include "validator/signatures.h"

namespace dytallix::internal {
namespace {

absl::StatusOr<ValType> GlobalGetType(const Module& module, const Instr& in,
                                      const Where& where) {
  const uint32_t index = in.global_index();
  if (index >= module.NumImportedGlobals()) {
    return InvalidError(Place(where),
                        absl::StrCat("unknown global ", index,
                                     " (constant expressions may "
                                     "only read imported globals)"));
  }
  const GlobalType& global = module.GlobalTypeOf(index);
  if (global.is_mutable) {
    return InvalidError(Place(where),
                        absl::StrCat("constant expression required: "
                                     "global ",
                                     index, " is mutable"));
  }
  return global.type;
}

// The type of the value one constant instruction pushes.
absl::StatusOr<ValType> ConstInstrType(const Module& module,
                                       const Profile& profile, const Instr& in,
                                       const Where& where) {
  switch (in.op) {
    case Opcode::kI32Const:
    case Opcode::kI64Const:
    case Opcode::kF32Const:
    case Opcode::kF64Const: {
      const TableSig& sig = kTableSigs[static_cast<int>(in.op)];
      if (sig.uses_float && !profile.allow_floats) {
        return FloatInstrError(in.op, where);
      }
      return sig.result;
    }
    case Opcode::kRefNull:
      return in.value_type();
    case Opcode::kRefFunc:
      if (const uint32_t index = in.function_index();
          index >= module.NumFunctions()) {
        return InvalidError(Place(where),
                            absl::StrCat("unknown function ", index));
      }
      return ValType::kFuncRef;
    case Opcode::kGlobalGet:
      return GlobalGetType(module, in, where);
    default:
      return InvalidError(Place(where),
                          absl::StrCat("constant expression required, "
                                       "found ",
                                       OpName(in.op)));
  }
}

}  // namespace

absl::Status CheckConstExpr(const Module& module, const Profile& profile,
                            const ConstExpr& expr, ValType expected,
                            const Where& where) {
  uint32_t count = 0;
  ValType found = expected;
  for (const Instr& in : expr.instrs) {
    DYT_ASSIGN_OR_RETURN(found, ConstInstrType(module, profile, in, where));
    ++count;
  }
  if (count != 1) {
    return InvalidError(
        Place(where),
        absl::StrCat("type mismatch: constant expression must produce "
                     "one value, found ",
                     count));
  }
  if (found != expected) {
    return InvalidError(
        Place(where),
        absl::StrCat("type mismatch: expected ", TypeName(expected), ", found ",
                     TypeName(found)));
  }
  return absl::OkStatus();
}

}  // namespace dytallix::internal
