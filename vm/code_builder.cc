#include "vm/code_builder.h"

#include <algorithm>
#include <vector>

#include "base/check.h"

namespace dytallix::internal {

uint32_t CodeBuilder::Emit(VmOp op, std::initializer_list<uint32_t> words) {
  const uint32_t pos = Pos();
  out_.offsets.emplace_back(pos, source_offset_);
  out_.code.push_back(static_cast<uint32_t>(op));
  out_.code.insert(out_.code.end(), words);
  last_result_.reset();
  return pos;
}

void CodeBuilder::EmitCopy(uint32_t dst, uint32_t src) {
  if (dst != src) Emit(VmOp::kCopy, {dst, src});
}

void CodeBuilder::Produce(VmOp op, std::initializer_list<uint32_t> immediates,
                          uint32_t arity, std::optional<uint32_t> trailing) {
  const uint32_t first = Height() - arity;
  const uint32_t dst = Home(first);
  const uint32_t pos = Emit(op, {dst});
  out_.code.insert(out_.code.end(), immediates);
  out_.code.insert(out_.code.end(), stack_.begin() + first, stack_.end());
  if (trailing) out_.code.push_back(*trailing);
  Truncate(first);
  stack_.push_back(dst);
  last_result_ = pos;
}

void CodeBuilder::Consume(VmOp op, std::initializer_list<uint32_t> immediates,
                          uint32_t arity, std::optional<uint32_t> trailing) {
  const uint32_t first = Height() - arity;
  Emit(op, immediates);
  out_.code.insert(out_.code.end(), stack_.begin() + first, stack_.end());
  if (trailing) out_.code.push_back(*trailing);
  Truncate(first);
}

void CodeBuilder::StartBlock() {
  if (metering_ != GasMetering::kPerBlock) return;
  Emit(VmOp::kGas, {0});
  cost_word_ = Pos() - 1;
}

void CodeBuilder::Charge(uint32_t cost) {
  if (metering_ != GasMetering::kPerBlock) {
    if (metering_ == GasMetering::kPerInstruction && cost > 0) {
      Emit(VmOp::kGas, {cost});
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
    if (reads_.size() <= slot) reads_.resize(slot + 1);
    reads_[slot].push_back(height);
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
  if (slot >= reads_.size()) return false;
  std::vector<uint32_t> heights = std::move(reads_[slot]);
  reads_[slot].clear();
  // Deepest first, as the copies were always emitted.
  std::sort(heights.begin(), heights.end());
  bool found = false;
  for (uint32_t h : heights) {
    if (h < Height() && stack_[h] == slot) {
      Materialize(h);
      found = true;
    }
  }
  return found;
}

bool CodeBuilder::RetargetLastResult(uint32_t value, uint32_t local) {
  if (!last_result_ || value < first_stack_slot_ ||
      out_.code[*last_result_ + 1] != value) {
    return false;
  }
  out_.code[*last_result_ + 1] = local;
  last_result_.reset();
  return true;
}

std::optional<CodeBuilder::Producer> CodeBuilder::ProducerOf(
    uint32_t slot) const {
  if (!last_result_ || out_.code[*last_result_ + 1] != slot) {
    return std::nullopt;
  }
  const uint32_t pos = *last_result_;
  const VmOp op = static_cast<VmOp>(out_.code[pos]);
  return Producer{op, SizeOf(op) > 2 ? out_.code[pos + 2] : 0,
                  SizeOf(op) > 3 ? out_.code[pos + 3] : 0};
}

void CodeBuilder::RemoveProducer() {
  DYT_DCHECK(last_result_.has_value());
  out_.code.resize(*last_result_);
  out_.offsets.pop_back();
  last_result_.reset();
}

}  // namespace dytallix::internal
