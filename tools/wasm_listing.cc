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

// " (result i32)" for the value type `type`.
std::string ResultText(ValType type) {
  return absl::StrCat(" (result ", std::string(ValTypeName(type)), ")");
}

std::string BlockTypeText(const Instr& instr) {
  switch (instr.block_shape()) {
    case BlockShape::kEmpty:
      return "";
    case BlockShape::kOneValue:
      return ResultText(instr.block_value_type());
    case BlockShape::kTypeIndex:
      return absl::StrCat(" (type ", instr.block_type_index(), ")");
  }
  return "";
}

std::string MemArgText(const Instr& instr) {
  std::string text;
  if (const uint32_t offset = instr.memory_offset(); offset != 0) {
    absl::StrAppend(&text, " offset=", offset);
  }
  absl::StrAppend(&text, " align=", uint64_t{1} << instr.align_log2());
  return text;
}

std::string BrTableText(const Function& function, const Instr& instr) {
  std::string text;
  for (uint32_t i = 0; i < instr.br_table_count(); ++i) {
    absl::StrAppend(&text, " ",
                    function.br_table_targets[instr.br_table_first() + i]);
  }
  return text;
}

// What follows the mnemonic, with its leading space.
std::string ImmediateText(const Function& function, const Instr& instr) {
  switch (InfoOf(instr.op).imm) {
    case ImmKind::kBlockType:
      return BlockTypeText(instr);
    case ImmKind::kLabel:
      return absl::StrCat(" ", instr.label_depth());
    case ImmKind::kFunc:
      return absl::StrCat(" ", instr.function_index());
    case ImmKind::kLocal:
      return absl::StrCat(" ", instr.local_index());
    case ImmKind::kGlobal:
      return absl::StrCat(" ", instr.global_index());
    case ImmKind::kTable:
      return absl::StrCat(" ", instr.table_index());
    case ImmKind::kData:
    case ImmKind::kElem:
    case ImmKind::kMemoryInit:
      return absl::StrCat(" ", instr.segment_index());
    case ImmKind::kBrTable:
      return BrTableText(function, instr);
    case ImmKind::kCallIndirect:
      return instr.table_index() == 0
                 ? absl::StrCat(" (type ", instr.type_index(), ")")
                 : absl::StrCat(" ", instr.table_index(), " (type ",
                                instr.type_index(), ")");
    case ImmKind::kMemArg:
      return MemArgText(instr);
    case ImmKind::kI32:
      return absl::StrCat(" ", static_cast<int32_t>(instr.bits()));
    case ImmKind::kI64:
      return absl::StrCat(" ", static_cast<int64_t>(instr.bits()));
    case ImmKind::kF32:
      return absl::StrCat(
          " ", FloatText(Value::F32Bits(static_cast<uint32_t>(instr.bits()))));
    case ImmKind::kF64:
      return absl::StrCat(" ", FloatText(Value::F64Bits(instr.bits())));
    case ImmKind::kSelectTypes:
      return instr.select_type_count() == 0 ? ""
                                            : ResultText(instr.value_type());
    case ImmKind::kRefType:  // the heap type: "func" or "extern"
      return instr.value_type() == ValType::kFuncRef ? " func" : " extern";
    case ImmKind::kTableInit:  // text order: table, then element segment
      return absl::StrCat(" ", instr.table_index(), " ", instr.segment_index());
    case ImmKind::kTableCopy:  // destination, source
      return absl::StrCat(" ", instr.table_index(), " ",
                          instr.source_table_index());
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
