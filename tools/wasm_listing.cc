#include "tools/wasm_listing.h"

#include "absl/strings/str_cat.h"
#include "tools/value_text.h"
#include "vm/value.h"

namespace dytallix::internal {
namespace {

// A float immediate as `run` prints values, without the "TYPE:" prefix.
std::string FloatText(const Value& value) {
  std::string text = FormatValue(value);
  return text.substr(text.find(':') + 1);
}

// " (result i32)" for the value type `type` (a ValType byte).
std::string ResultText(uint64_t type) {
  return absl::StrCat(
      " (result ", std::string(ValTypeName(static_cast<ValType>(type))), ")");
}

std::string BlockTypeText(const Instr& instr) {
  if (instr.a == 1) return ResultText(instr.b);
  if (instr.a == 2) return absl::StrCat(" (type ", instr.b, ")");
  return "";
}

std::string MemArgText(const Instr& instr) {
  std::string text;
  if (instr.b != 0) absl::StrAppend(&text, " offset=", instr.b);
  absl::StrAppend(&text, " align=", uint64_t{1} << instr.a);
  return text;
}

std::string BrTableText(const Function& function, const Instr& instr) {
  std::string text;
  for (uint64_t i = 0; i < instr.b; ++i) {
    absl::StrAppend(&text, " ", function.br_table_targets[instr.a + i]);
  }
  return text;
}

// What follows the mnemonic, with its leading space.
std::string ImmediateText(const Function& function, const Instr& instr) {
  switch (InfoOf(instr.op).imm) {
    case ImmKind::kBlockType:
      return BlockTypeText(instr);
    case ImmKind::kLabel:
    case ImmKind::kFunc:
    case ImmKind::kLocal:
    case ImmKind::kGlobal:
    case ImmKind::kTable:
    case ImmKind::kData:
    case ImmKind::kElem:
    case ImmKind::kMemoryInit:
      return absl::StrCat(" ", instr.a);
    case ImmKind::kBrTable:
      return BrTableText(function, instr);
    case ImmKind::kCallIndirect:
      return instr.b == 0 ? absl::StrCat(" (type ", instr.a, ")")
                          : absl::StrCat(" ", instr.b, " (type ", instr.a, ")");
    case ImmKind::kMemArg:
      return MemArgText(instr);
    case ImmKind::kI32:
      return absl::StrCat(" ", static_cast<int32_t>(instr.b));
    case ImmKind::kI64:
      return absl::StrCat(" ", static_cast<int64_t>(instr.b));
    case ImmKind::kF32:
      return absl::StrCat(
          " ", FloatText(Value::F32Bits(static_cast<uint32_t>(instr.b))));
    case ImmKind::kF64:
      return absl::StrCat(" ", FloatText(Value::F64Bits(instr.b)));
    case ImmKind::kSelectTypes:
      return instr.a == 0 ? "" : ResultText(instr.b);
    case ImmKind::kRefType:  // the heap type: "func" or "extern"
      return static_cast<ValType>(instr.b) == ValType::kFuncRef ? " func"
                                                                : " extern";
    case ImmKind::kTableInit:  // text order: table, then element segment
      return absl::StrCat(" ", instr.b, " ", instr.a);
    case ImmKind::kTableCopy:  // destination, source
      return absl::StrCat(" ", instr.a, " ", instr.b);
    case ImmKind::kNone:
    case ImmKind::kMemoryIndex:
    case ImmKind::kMemoryCopy:
      return "";
  }
  return "";
}

bool OpensBlock(Opcode op) {
  return op == Opcode::kBlock || op == Opcode::kLoop || op == Opcode::kIf;
}

}  // namespace

std::string InstrText(const Function& function, const Instr& instr) {
  return absl::StrCat(std::string(InfoOf(instr.op).text),
                      ImmediateText(function, instr));
}

void ForEachListingLine(const Function& function,
                        absl::FunctionRef<void(const ListingLine&)> line) {
  ListingLine current;
  for (const Instr& instr : function.code) {
    const bool closes = instr.op == Opcode::kEnd || instr.op == Opcode::kElse;
    if (closes && current.depth > 0) --current.depth;
    current.offset = instr.offset;
    current.text = InstrText(function, instr);
    line(current);
    if (OpensBlock(instr.op) || instr.op == Opcode::kElse) ++current.depth;
  }
}

std::vector<ListingLine> Listing(const Function& function) {
  std::vector<ListingLine> lines;
  lines.reserve(function.code.size());
  ForEachListingLine(function,
                     [&](const ListingLine& line) { lines.push_back(line); });
  return lines;
}

}  // namespace dytallix::internal
