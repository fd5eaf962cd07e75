#include "vm/code_builder.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "base/buffers.h"
#include "base/check.h"

namespace dytallix::internal {

CodeBuilder::CodeBuilder(CompiledFunction& out, uint32_t first_stack_slot,
                         GasMetering metering, Scratch& scratch)
    : out_(out),
      first_stack_slot_(first_stack_slot),
      metering_(metering),
      stack_(scratch.stack),
      away_(scratch.away),
      last_read_(scratch.last_read),
      reads_(scratch.reads),
      read_heights_(scratch.read_heights),
      gas_starts_(scratch.gas_starts),
      branches_(scratch.branches) {
  stack_.clear();
  away_.clear();
  last_read_.clear();
  reads_.clear();
  gas_starts_.clear();
  branches_.clear();
}

void CodeBuilder::Scratch::Trim(size_t max_bytes) {
  FreeIfLarger(stack, max_bytes);
  FreeIfLarger(away, max_bytes);
  FreeIfLarger(last_read, max_bytes);
  FreeIfLarger(reads, max_bytes);
  FreeIfLarger(read_heights, max_bytes);
  FreeIfLarger(gas_starts, max_bytes);
  FreeIfLarger(branches, max_bytes);
  FreeIfLarger(fold_table, max_bytes);
}

uint32_t CodeBuilder::Emit(VmOp op, std::initializer_list<Operand> operands) {
  const uint32_t pos = Pos();
  out_.offsets.emplace_back(pos, source_offset_);
  out_.code.push_back(static_cast<uint32_t>(op));
  out_.code.resize(pos + SizeOf(op));
  for (const Operand& operand : operands) {
    DYT_DCHECK(operand.word > 0 && operand.word < SizeOf(op));
    out_.code[pos + operand.word] = operand.value;
  }
  last_result_.reset();
  return pos;
}

uint32_t CodeBuilder::EmitBranch(VmOp op,
                                 std::initializer_list<Operand> operands) {
  const uint32_t pos = Emit(op, operands);
  if (metering_ == GasMetering::kPerBlock) branches_.push_back(pos);
  return pos;
}

void CodeBuilder::EmitCopy(uint32_t dst, uint32_t src) {
  if (dst != src) {
    Emit(VmOp::kCopy, {{op::Copy::kDst, dst}, {op::Copy::kSrc, src}});
  }
}

uint32_t CodeBuilder::EmitWithInputs(
    VmOp op, std::initializer_list<uint32_t> inputs,
    std::initializer_list<Operand> immediates) {
  DYT_DCHECK(inputs.size() <= Height());
  const uint32_t first = Height() - static_cast<uint32_t>(inputs.size());
  const uint32_t pos = Emit(op, immediates);
  uint32_t height = first;
  for (uint32_t word : inputs) {
    DYT_DCHECK(word > 0 && word < SizeOf(op));
    out_.code[pos + word] = stack_[height++];
  }
  return pos;
}

void CodeBuilder::Consume(VmOp op, std::initializer_list<uint32_t> inputs,
                          std::initializer_list<Operand> immediates) {
  EmitWithInputs(op, inputs, immediates);
  Truncate(Height() - static_cast<uint32_t>(inputs.size()));
}

void CodeBuilder::Produce(VmOp op, uint32_t dst,
                          std::initializer_list<uint32_t> inputs,
                          std::initializer_list<Operand> immediates) {
  DYT_DCHECK(dst > 0 && dst < SizeOf(op));
  const uint32_t first = Height() - static_cast<uint32_t>(inputs.size());
  const uint32_t pos = EmitWithInputs(op, inputs, immediates);
  const uint32_t result = Home(first);
  out_.code[pos + dst] = result;
  Producer producer{op, 0, 0};
  if (inputs.size() > 0) producer.lhs = stack_[first];
  if (inputs.size() > 1) producer.rhs = stack_[first + 1];
  Truncate(first);
  stack_.push_back(result);
  last_result_ = LastResult{pos + dst, pos, producer};
}

void CodeBuilder::StartBlock() {
  if (metering_ != GasMetering::kPerBlock) return;
  const uint32_t pos = Emit(VmOp::kGas, {});
  gas_starts_.push_back(pos);
  cost_word_ = pos + op::Gas::kCost;
}

void CodeBuilder::Charge(uint32_t cost) {
  if (metering_ != GasMetering::kPerBlock) {
    if (metering_ == GasMetering::kPerInstruction && cost > 0) {
      Emit(VmOp::kGas, {{op::Gas::kCost, cost}});
    }
    return;
  }
  // A block too costly for one 32-bit charge continues in a second one.
  if (out_.code[cost_word_] > UINT32_MAX - cost) StartBlock();
  out_.code[cost_word_] += cost;
}

uint32_t CodeBuilder::Pop() {
  const uint32_t slot = stack_.back();
  Truncate(Height() - 1);
  return slot;
}

void CodeBuilder::Push(uint32_t slot) {
  const uint32_t height = Height();
  if (slot != Home(height)) away_.push_back(height);
  if (slot < first_stack_slot_) {
    if (last_read_.size() <= slot) {
      last_read_.resize(slot + 1, Scratch::kNoRead);
    }
    reads_.push_back({height, last_read_[slot]});
    last_read_[slot] = static_cast<uint32_t>(reads_.size() - 1);
  }
  stack_.push_back(slot);
}

void CodeBuilder::PushHomes(uint32_t count) {
  for (uint32_t i = 0; i < count; ++i) stack_.push_back(Home(Height()));
}

void CodeBuilder::Truncate(uint32_t height) {
  DYT_DCHECK(height <= Height());
  stack_.resize(height);
  while (!away_.empty() && away_.back() >= height) away_.pop_back();
}

void CodeBuilder::Materialize(uint32_t height) {
  EmitCopy(Home(height), stack_[height]);
  stack_[height] = Home(height);
}

void CodeBuilder::MaterializeTop(uint32_t count) {
  DYT_DCHECK(count <= Height());
  const auto first =
      std::lower_bound(away_.begin(), away_.end(), Height() - count);
  for (auto it = first; it != away_.end(); ++it) Materialize(*it);
  away_.erase(first, away_.end());
}

bool CodeBuilder::MaterializeReadsOf(uint32_t slot) {
  DYT_DCHECK(slot < first_stack_slot_);
  if (slot >= last_read_.size()) return false;
  read_heights_.clear();
  for (uint32_t read = std::exchange(last_read_[slot], Scratch::kNoRead);
       read != Scratch::kNoRead; read = reads_[read].next) {
    read_heights_.push_back(reads_[read].height);
  }
  // Deepest first, as the copies were always emitted.
  std::sort(read_heights_.begin(), read_heights_.end());
  bool found = false;
  for (uint32_t h : read_heights_) {
    if (h < Height() && stack_[h] == slot) {
      Materialize(h);
      found = true;
    }
  }
  return found;
}

bool CodeBuilder::RetargetLastResult(uint32_t value, uint32_t local) {
  if (!last_result_ || value < first_stack_slot_ ||
      out_.code[last_result_->dst] != value) {
    return false;
  }
  out_.code[last_result_->dst] = local;
  last_result_.reset();
  return true;
}

std::optional<CodeBuilder::Producer> CodeBuilder::ProducerOf(
    uint32_t slot) const {
  if (!last_result_ || out_.code[last_result_->dst] != slot) {
    return std::nullopt;
  }
  return last_result_->producer;
}

void CodeBuilder::RemoveProducer() {
  DYT_DCHECK(last_result_.has_value());
  out_.code.resize(last_result_->pos);
  out_.offsets.pop_back();
  last_result_.reset();
}

}  // namespace dytallix::internal
