#include "testing/module_gen/body_builder.h"

#include <algorithm>

#include "testing/module_gen/constants.h"

namespace dytallix::testing {
namespace {

constexpr int kMaxDepth = 3;          // of an operand expression
constexpr size_t kMaxFrames = 6;      // nested blocks, the function included
constexpr uint32_t kMaxBudget = 160;  // instructions per function, about

}  // namespace

void GenerateBody(const ModuleShape& shape, const internal::FuncType& type,
                  bool terminating, Choices& choices, WasmWriter& out) {
  BodyBuilder(shape, type, terminating, choices, out).Build();
}

BodyBuilder::BodyBuilder(const ModuleShape& shape,
                         const internal::FuncType& type, bool terminating,
                         Choices& choices, WasmWriter& out)
    : shape_(shape),
      type_(type),
      terminating_(terminating),
      choices_(choices),
      out_(out),
      budget_(static_cast<int>(8 + choices.Below(kMaxBudget))),
      locals_(type.params) {}

void BodyBuilder::Build() {
  const uint32_t decls = choices_.Below(4);
  out_.U32(decls);
  for (uint32_t i = 0; i < decls; ++i) {
    const uint32_t count = 1 + choices_.Below(3);
    const internal::ValType t = PickValType(choices_);
    out_.U32(count);
    out_.Type(t);
    locals_.insert(locals_.end(), count, t);
  }
  frames_.push_back({internal::Opcode::kBlock, {}, type_.results, 0});
  Sequence();
  Finish(type_.results);
  Op(internal::Opcode::kEnd);
}

void BodyBuilder::Op(internal::Opcode op) {
  out_.Op(op);
  --budget_;
}

void BodyBuilder::Push(const std::vector<internal::ValType>& types) {
  stack_.insert(stack_.end(), types.begin(), types.end());
}

bool BodyBuilder::TopIs(const std::vector<internal::ValType>& wanted,
                        size_t n) const {
  return std::equal(wanted.begin(), wanted.begin() + n, stack_.end() - n);
}

void BodyBuilder::Take(const std::vector<internal::ValType>& wanted,
                       int depth) {
  // Nested expressions never reuse: the values below them belong to an
  // enclosing Take.
  size_t reuse = depth == 0 ? std::min(Available(), wanted.size()) : 0;
  while (reuse > 0 && !TopIs(wanted, reuse)) --reuse;
  for (size_t i = reuse; i < wanted.size(); ++i) Produce(wanted[i], depth);
  Pop(wanted.size());
}

void BodyBuilder::Produce(internal::ValType t, int depth) {
  if (budget_ <= 0 || depth >= kMaxDepth) return Constant(t);
  if (internal::IsRefType(t)) return ProduceRef(t, depth);
  ProduceNumber(t, depth);
}

void BodyBuilder::I32Const(uint32_t v) {
  Op(internal::Opcode::kI32Const);
  out_.S64(static_cast<int32_t>(v));
  Push(internal::ValType::kI32);
}

void BodyBuilder::Constant(internal::ValType t) {
  WriteConstant(t, choices_, out_);
  --budget_;
  Push(t);
}

void BodyBuilder::SetUnreachable() {
  stack_.resize(frames_.back().height);
  frames_.back().unreachable = true;
}

void BodyBuilder::Finish(const std::vector<internal::ValType>& results) {
  while (Available() > results.size() || !TopIs(results, Available())) {
    Op(internal::Opcode::kDrop);
    Pop(1);
  }
  for (size_t i = Available(); i < results.size(); ++i) Produce(results[i], 0);
}

const std::vector<internal::ValType>& BodyBuilder::LabelTypes(
    uint32_t depth) const {
  const Frame& frame = frames_[frames_.size() - 1 - depth];
  return frame.kind == internal::Opcode::kLoop ? frame.params : frame.results;
}

void BodyBuilder::Sequence() {
  while (budget_ > 0 && choices_.Below(16) != 0) {
    Instruction();
    // Sometimes keep going after a branch: unreachable code must validate
    // (and compile) too.
    if (frames_.back().unreachable && choices_.Below(3) != 1) return;
  }
}

void BodyBuilder::Instruction() {
  switch (choices_.Below(22)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return Numeric();
    case 4:
      return Produce(PickNumType(choices_), 0);
    case 5:
      return LocalOp();
    case 6:
      return GlobalOp();
    case 7:
    case 8:
      return MemoryAccess();
    case 9:
      return MemoryBulk();
    case 10:
      return TableOp();
    case 11:
      return RefOp();
    case 12:
      return Structured(internal::Opcode::kBlock);
    case 13:
      return Structured(terminating_ ? internal::Opcode::kBlock
                                     : internal::Opcode::kLoop);
    case 14:
      return Structured(internal::Opcode::kIf);
    case 15:
    case 16:
      return Branch();
    case 17:
      return Call();
    case 18:
      return CallIndirect();
    case 19:
      return Select();
    case 20:
      return Drop();
    default:
      return ReturnOrUnreachable();
  }
}

void BodyBuilder::Structured(internal::Opcode kind) {
  if (frames_.size() >= kMaxFrames) return Numeric();
  // Block type: empty, one value type, or a type index (multi-value).
  Frame frame{kind, {}, {}, 0};
  int64_t encoded = 0x40 - 0x80;  // the s33 of the byte 0x40
  const uint32_t form = choices_.Below(3);
  if (form == 1) {
    frame.results = {PickValType(choices_)};
    encoded = static_cast<int64_t>(frame.results[0]) - 0x80;
  } else if (form == 2) {
    const uint32_t index = choices_.Below(shape_.types.size());
    frame.params = shape_.types[index].params;
    frame.results = shape_.types[index].results;
    encoded = index;
  }
  std::vector<internal::ValType> operands = frame.params;
  if (kind == internal::Opcode::kIf)
    operands.push_back(internal::ValType::kI32);
  Take(operands);
  Op(kind);
  out_.S64(encoded);
  frame.height = stack_.size();
  frames_.push_back(frame);
  Push(frame.params);
  Sequence();
  if (kind == internal::Opcode::kIf &&
      (frame.params != frame.results || choices_.Below(2) == 1)) {
    Finish(frame.results);
    Op(internal::Opcode::kElse);
    stack_.resize(frame.height);
    frames_.back().unreachable = false;
    Push(frame.params);
    Sequence();
  }
  Finish(frame.results);
  Op(internal::Opcode::kEnd);
  frames_.pop_back();
  stack_.resize(frame.height);
  Push(frame.results);
}

void BodyBuilder::Branch() {
  const uint32_t depth = choices_.Below(frames_.size());
  std::vector<internal::ValType> operands = LabelTypes(depth);
  switch (choices_.Below(3)) {
    case 0: {
      operands.push_back(internal::ValType::kI32);
      Take(operands);
      Op(internal::Opcode::kBrIf);
      out_.U32(depth);
      return Push(LabelTypes(depth));
    }
    case 1:
      Take(operands);
      Op(internal::Opcode::kBr);
      out_.U32(depth);
      return SetUnreachable();
    default: {
      // Every target of a br_table carries the same types.
      std::vector<uint32_t> targets(choices_.Below(5));
      for (uint32_t& target : targets) {
        target = choices_.Below(frames_.size());
        if (LabelTypes(target) != operands) target = depth;
      }
      operands.push_back(internal::ValType::kI32);
      Take(operands);
      Op(internal::Opcode::kBrTable);
      out_.U32(static_cast<uint32_t>(targets.size()));
      for (uint32_t target : targets) out_.U32(target);
      out_.U32(depth);
      return SetUnreachable();
    }
  }
}

void BodyBuilder::ReturnOrUnreachable() {
  if (choices_.Below(4) == 1) {
    Op(internal::Opcode::kUnreachable);
  } else {
    Take(type_.results);
    Op(internal::Opcode::kReturn);
  }
  SetUnreachable();
}

void BodyBuilder::Call() {
  if (terminating_) return Numeric();
  const uint32_t f = choices_.Below(shape_.function_types.size());
  const internal::FuncType& callee = shape_.types[shape_.function_types[f]];
  Take(callee.params);
  Op(internal::Opcode::kCall);
  out_.U32(f);
  Push(callee.results);
}

void BodyBuilder::CallIndirect() {
  const std::optional<uint32_t> table = PickTable(internal::ValType::kFuncRef);
  if (terminating_ || !table) return Numeric();
  const uint32_t index = choices_.Below(shape_.types.size());
  const internal::FuncType& callee = shape_.types[index];
  std::vector<internal::ValType> operands = callee.params;
  operands.push_back(internal::ValType::kI32);
  Take(operands);
  Op(internal::Opcode::kCallIndirect);
  out_.U32(index);
  out_.U32(*table);
  Push(callee.results);
}

}  // namespace dytallix::testing
