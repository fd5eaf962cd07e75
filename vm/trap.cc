#include "absl/strings/str_cat.h"
#include "vm/value.h"

namespace dytallix::internal {

std::string_view TrapKindName(TrapKind kind) {
  switch (kind) {
    case TrapKind::kUnreachable:
      return "unreachable";
    case TrapKind::kIntegerDivideByZero:
      return "integer divide by zero";
    case TrapKind::kIntegerOverflow:
      return "integer overflow";
    case TrapKind::kInvalidConversionToInteger:
      return "invalid conversion to integer";
    case TrapKind::kOutOfBoundsMemoryAccess:
      return "out of bounds memory access";
    case TrapKind::kOutOfBoundsTableAccess:
      return "out of bounds table access";
    case TrapKind::kUndefinedElement:
      return "undefined element";
    case TrapKind::kUninitializedElement:
      return "uninitialized element";
    case TrapKind::kIndirectCallTypeMismatch:
      return "indirect call type mismatch";
    case TrapKind::kCallStackExhausted:
      return "call stack exhausted";
    case TrapKind::kValueStackExhausted:
      return "value stack exhausted";
    case TrapKind::kOutOfGas:
      return "out of gas";
    case TrapKind::kHost:
      return "host trap";
  }
  return "unknown trap";
}

std::string TrapText(const Trap& trap) {
  const std::string_view kind = TrapKindName(trap.kind);
  return absl::StrCat(absl::string_view(kind.data(), kind.size()), " in ",
                      PlaceText({trap.function_index, trap.offset}));
}

}  // namespace dytallix::internal
