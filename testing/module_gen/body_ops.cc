// The instruction families of BodyBuilder. The numeric ones come from the
// opcode table's type signatures, so a new numeric opcode is generated
// without a change here.
#include <array>
#include <string_view>

#include "testing/module_gen/body_builder.h"
#include "testing/module_gen/constants.h"

namespace dytallix::testing {
namespace {

std::vector<internal::ValType> FromLetters(const char* letters) {
  std::vector<internal::ValType> types;
  for (; *letters != '\0'; ++letters)
    types.push_back(internal::ValTypeOfLetter(*letters));
  return types;
}

int NumIndex(internal::ValType t) {
  switch (t) {
    case internal::ValType::kI32:
      return 0;
    case internal::ValType::kI64:
      return 1;
    case internal::ValType::kF32:
      return 2;
    default:
      return 3;
  }
}

// The table-typed instructions without immediates (arithmetic, comparisons,
// conversions, sign extension, saturating truncation), by result type, and
// the loads by result type and the stores.
struct OpLists {
  std::vector<internal::Opcode> numeric;
  std::array<std::vector<internal::Opcode>, 4> numeric_by_result;
  std::array<std::vector<internal::Opcode>, 4> loads_by_result;
  std::vector<internal::Opcode> loads;
  std::vector<internal::Opcode> stores;
};

OpLists BuildOpLists() {
  OpLists lists;
  for (int i = 0; i < internal::kOpcodeCount; ++i) {
    const internal::Opcode op = static_cast<internal::Opcode>(i);
    const internal::OpcodeInfo& info = internal::InfoOf(op);
    if (info.params == nullptr) continue;
    const std::string_view results = info.results;
    if (info.imm == internal::ImmKind::kNone && results.size() == 1) {
      lists.numeric.push_back(op);
      lists.numeric_by_result[NumIndex(internal::ValTypeOfLetter(results[0]))]
          .push_back(op);
    } else if (info.imm == internal::ImmKind::kMemArg && results.empty()) {
      lists.stores.push_back(op);
    } else if (info.imm == internal::ImmKind::kMemArg) {
      lists.loads.push_back(op);
      lists.loads_by_result[NumIndex(internal::ValTypeOfLetter(results[0]))]
          .push_back(op);
    }
  }
  return lists;
}

const OpLists& Ops() {
  static const OpLists* lists = new OpLists(BuildOpLists());
  return *lists;
}

internal::Opcode PickOp(const std::vector<internal::Opcode>& ops,
                        Choices& choices) {
  return ops[choices.Below(ops.size())];
}

// log2 of the bytes a load or store accesses: the digits after "load" or
// "store" in its name (i64.load32_s), else the width of its value type.
uint32_t NaturalAlignment(internal::Opcode op) {
  const std::string_view text = internal::InfoOf(op).text;
  const size_t dot = text.find('.');
  std::string_view bits = text.substr(0, dot).substr(1);  // "32" of "i32"
  const size_t digits = text.find_first_of("0123456789", dot);
  if (digits != std::string_view::npos) bits = text.substr(digits, 2);
  if (bits.starts_with("8")) return 0;
  if (bits.starts_with("16")) return 1;
  return bits.starts_with("32") ? 2 : 3;
}

// The index of a random item of `items` that `matches`, if any.
template <typename T, typename Matches>
std::optional<uint32_t> PickIndex(const std::vector<T>& items, Matches matches,
                                  Choices& choices) {
  std::vector<uint32_t> found;
  for (uint32_t i = 0; i < items.size(); ++i) {
    if (matches(items[i])) found.push_back(i);
  }
  if (found.empty()) return std::nullopt;
  return found[choices.Below(found.size())];
}

}  // namespace

bool BodyBuilder::GetVariable(internal::Opcode get,
                              std::optional<uint32_t> index,
                              internal::ValType t) {
  if (!index) return false;
  Op(get);
  out_.U32(*index);
  Push(t);
  return true;
}

void BodyBuilder::ProduceNumber(internal::ValType t, int depth) {
  const OpLists& ops = Ops();
  switch (choices_.Below(6)) {
    case 1:
      if (GetVariable(internal::Opcode::kLocalGet, PickLocal(t), t)) return;
      break;
    case 2:
      if (GetVariable(internal::Opcode::kGlobalGet, PickGlobal(t), t)) return;
      break;
    case 3:
      if (shape_.has_memory) return Load(t);
      break;
    case 4:
    case 5: {
      const internal::Opcode op =
          PickOp(ops.numeric_by_result[NumIndex(t)], choices_);
      Take(FromLetters(internal::InfoOf(op).params), depth + 1);
      Op(op);
      return Push(t);
    }
  }
  Constant(t);
}

void BodyBuilder::ProduceRef(internal::ValType t, int depth) {
  switch (choices_.Below(5)) {
    case 1:
      if (GetVariable(internal::Opcode::kLocalGet, PickLocal(t), t)) return;
      break;
    case 2:
      if (GetVariable(internal::Opcode::kGlobalGet, PickGlobal(t), t)) return;
      break;
    case 3:
      if (std::optional<uint32_t> table = PickTable(t)) {
        Produce(internal::ValType::kI32, depth + 1);
        Op(internal::Opcode::kTableGet);
        out_.U32(*table);
        Pop(1);
        return Push(t);
      }
      break;
    case 4:
      if (t == internal::ValType::kFuncRef) {
        Op(internal::Opcode::kRefFunc);
        out_.U32(choices_.Below(shape_.function_types.size()));
        return Push(t);
      }
      break;
  }
  Constant(t);
}

void BodyBuilder::Numeric() {
  const internal::Opcode op = PickOp(Ops().numeric, choices_);
  const internal::OpcodeInfo& info = internal::InfoOf(op);
  Take(FromLetters(info.params));
  Op(op);
  Push(FromLetters(info.results));
}

void BodyBuilder::Select() {
  // The untyped select takes numbers only; the typed one any type.
  const internal::ValType t = PickValType(choices_);
  const bool typed = internal::IsRefType(t) || choices_.Below(2) == 1;
  Take({t, t, internal::ValType::kI32});
  if (typed) {
    Op(internal::Opcode::kSelectT);
    out_.Types({t});
  } else {
    Op(internal::Opcode::kSelect);
  }
  Push(t);
}

void BodyBuilder::Drop() {
  if (Available() == 0) Produce(PickValType(choices_), 0);
  Op(internal::Opcode::kDrop);
  Pop(1);
}

void BodyBuilder::LocalOp() {
  if (locals_.empty()) return Numeric();
  const uint32_t index = choices_.Below(locals_.size());
  const internal::ValType t = locals_[index];
  const uint32_t kind = choices_.Below(3);
  if (kind != 0) Take({t});
  Op(kind == 0 ? internal::Opcode::kLocalGet
               : (kind == 1 ? internal::Opcode::kLocalSet
                            : internal::Opcode::kLocalTee));
  out_.U32(index);
  if (kind != 1) Push(t);
}

void BodyBuilder::GlobalOp() {
  if (shape_.globals.empty()) return Numeric();
  const uint32_t index = choices_.Below(shape_.globals.size());
  const internal::GlobalType& global = shape_.globals[index];
  const bool set = global.is_mutable && choices_.Below(2) == 1;
  if (set) Take({global.type});
  Op(set ? internal::Opcode::kGlobalSet : internal::Opcode::kGlobalGet);
  out_.U32(index);
  if (!set) Push(global.type);
}

void BodyBuilder::Address() {
  // Mostly in the first page, which usually exists: a function stops at its
  // first trap, so wild addresses are kept rare.
  switch (choices_.Below(16)) {
    case 1:
      return I32Const(choices_.Below(70'000));
    case 2:
      return I32Const(choices_.U32());
    case 3:
    case 4:
      return Produce(internal::ValType::kI32, 1);
    default:
      return I32Const(choices_.Below(256));
  }
}

void BodyBuilder::Length() {
  I32Const(choices_.Below(4) == 3 ? choices_.U32() : choices_.Below(64));
}

void BodyBuilder::MemArg(internal::Opcode op) {
  out_.U32(choices_.Below(NaturalAlignment(op) + 1));
  switch (choices_.Below(16)) {
    case 1:
      return out_.U32(choices_.Below(70'000));
    case 2:
      return out_.U32(choices_.U32());
    case 3:
    case 4:
    case 5:
    case 6:
      return out_.U32(choices_.Below(32));
    default:
      return out_.U32(0);
  }
}

void BodyBuilder::Load(internal::ValType t) {
  const internal::Opcode op =
      PickOp(Ops().loads_by_result[NumIndex(t)], choices_);
  Address();
  Op(op);
  MemArg(op);
  Pop(1);
  Push(t);
}

void BodyBuilder::MemoryAccess() {
  if (!shape_.has_memory) return Numeric();
  if (choices_.Below(2) == 0) return Load(PickNumType(choices_));
  const internal::Opcode op = PickOp(Ops().stores, choices_);
  Address();
  Produce(internal::ValTypeOfLetter(internal::InfoOf(op).params[1]), 1);
  Op(op);
  MemArg(op);
  Pop(2);
}

void BodyBuilder::MemoryBulk() {
  if (!shape_.has_memory) return Numeric();
  const uint32_t kind = choices_.Below(6);
  if (kind == 0) {
    Op(internal::Opcode::kMemorySize);
    out_.Byte(0);
    return Push(internal::ValType::kI32);
  }
  if (kind == 1) {
    I32Const(choices_.Below(4) == 3 ? choices_.U32() : choices_.Below(3));
    Op(internal::Opcode::kMemoryGrow);
    out_.Byte(0);
    return;  // the delta's i32 becomes the old size's
  }
  if ((kind == 4 || kind == 5) && shape_.data_segments == 0) return Numeric();
  if (kind == 5) {
    Op(internal::Opcode::kDataDrop);
    return out_.U32(choices_.Below(shape_.data_segments));
  }
  Address();
  if (kind == 2) {
    Produce(internal::ValType::kI32, 1);
  } else {
    Address();
  }
  Length();
  Pop(3);
  if (kind == 2) {
    Op(internal::Opcode::kMemoryFill);
    return out_.Byte(0);
  }
  if (kind == 3) {
    Op(internal::Opcode::kMemoryCopy);
    out_.Byte(0);
    return out_.Byte(0);
  }
  Op(internal::Opcode::kMemoryInit);
  out_.U32(choices_.Below(shape_.data_segments));
  out_.Byte(0);
}

void BodyBuilder::TableOp() {
  if (shape_.tables.empty()) return Numeric();
  const uint32_t table = choices_.Below(shape_.tables.size());
  const internal::ValType t = shape_.tables[table].elem_type;
  switch (choices_.Below(5)) {
    case 0:
      Address();
      Op(internal::Opcode::kTableGet);
      out_.U32(table);
      Pop(1);
      return Push(t);
    case 1:
      Address();
      Produce(t, 1);
      Op(internal::Opcode::kTableSet);
      out_.U32(table);
      return Pop(2);
    case 2:
      Op(internal::Opcode::kTableSize);
      out_.U32(table);
      return Push(internal::ValType::kI32);
    case 3:
      Produce(t, 1);
      I32Const(choices_.Below(4) == 3 ? choices_.U32() : choices_.Below(8));
      Op(internal::Opcode::kTableGrow);
      out_.U32(table);
      Pop(2);
      return Push(internal::ValType::kI32);
    default:
      return TableBulk(table);
  }
}

void BodyBuilder::TableBulk(uint32_t table) {
  const internal::ValType t = shape_.tables[table].elem_type;
  const uint32_t kind = choices_.Below(4);
  const std::optional<uint32_t> segment = PickElement(t);
  if (kind == 0) {
    Address();
    Produce(t, 1);
    Length();
    Op(internal::Opcode::kTableFill);
    out_.U32(table);
    return Pop(3);
  }
  if (kind == 3 || !segment) {
    if (shape_.element_types.empty()) return Numeric();
    Op(internal::Opcode::kElemDrop);
    return out_.U32(choices_.Below(shape_.element_types.size()));
  }
  Address();
  Address();
  Length();
  Pop(3);
  if (kind == 1) {
    Op(internal::Opcode::kTableInit);
    out_.U32(*segment);
    return out_.U32(table);
  }
  Op(internal::Opcode::kTableCopy);
  out_.U32(table);
  out_.U32(PickTable(t).value_or(table));
}

void BodyBuilder::RefOp() {
  const internal::ValType t = choices_.Below(2) == 0
                                  ? internal::ValType::kFuncRef
                                  : internal::ValType::kExternRef;
  switch (choices_.Below(3)) {
    case 0:
      Op(internal::Opcode::kRefNull);
      out_.Type(t);
      return Push(t);
    case 1:
      Take({t});
      Op(internal::Opcode::kRefIsNull);
      return Push(internal::ValType::kI32);
    default:
      return ProduceRef(internal::ValType::kFuncRef, 0);
  }
}

std::optional<uint32_t> BodyBuilder::PickLocal(internal::ValType t) {
  return PickIndex(
      locals_, [t](internal::ValType local) { return local == t; }, choices_);
}

std::optional<uint32_t> BodyBuilder::PickGlobal(internal::ValType t) {
  return PickIndex(
      shape_.globals,
      [t](const internal::GlobalType& g) { return g.type == t; }, choices_);
}

std::optional<uint32_t> BodyBuilder::PickTable(internal::ValType t) {
  return PickIndex(
      shape_.tables,
      [t](const internal::TableType& table) { return table.elem_type == t; },
      choices_);
}

std::optional<uint32_t> BodyBuilder::PickElement(internal::ValType t) {
  return PickIndex(
      shape_.element_types,
      [t](internal::ValType segment) { return segment == t; }, choices_);
}

}  // namespace dytallix::testing
