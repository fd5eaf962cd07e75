#include "vm/gas_profiler.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "vm/code.h"
#include "vm/store.h"

namespace dytallix::internal {
namespace {

std::string FunctionName(const Instance& instance, uint32_t index) {
  return instance.module().module.FunctionName(index);
}

}  // namespace

void GasProfiler::Account(int64_t gas_left) {
  // Running out leaves the counter below zero; what was used is what was
  // left.
  gas_left = std::max<int64_t>(gas_left, 0);
  if (!stack_.empty() && gas_left < last_gas_left_) {
    const uint64_t used = static_cast<uint64_t>(last_gas_left_ - gas_left);
    self_gas_[stack_] += used;
    total_ += used;
  }
  last_gas_left_ = gas_left;
}

void GasProfiler::Enter(const Instance& instance, uint32_t index,
                        int64_t gas_left) {
  Account(gas_left);
  const Frame frame{&instance, index};
  if (!names_.contains(frame)) {
    // Spaces and semicolons separate fields of the folded format.
    names_[frame] = absl::StrReplaceAll(FunctionName(instance, index),
                                        {{" ", "_"}, {";", "_"}});
  }
  stack_.push_back(frame);
}

void GasProfiler::AddFrame(std::string_view name, uint64_t gas) {
  if (gas == 0) return;
  uint32_t n = 0;
  while (names_.contains({nullptr, n}) && names_.at({nullptr, n}) != name) {
    ++n;
  }
  const Frame frame{nullptr, n};
  names_[frame] = std::string(name);
  self_gas_[{frame}] += gas;
  total_ += gas;
}

void GasProfiler::Leave(int64_t gas_left) {
  Account(gas_left);
  stack_.pop_back();
}

void GasProfiler::LeaveTo(size_t depth, int64_t gas_left) {
  Account(gas_left);
  stack_.resize(std::min(depth, stack_.size()));
}

std::string GasProfiler::Folded() const {
  std::vector<std::string> lines;
  for (const auto& [stack, gas] : self_gas_) {
    std::string line;
    for (const Frame& frame : stack) {
      absl::StrAppend(&line, line.empty() ? "" : ";", names_.at(frame));
    }
    lines.push_back(absl::StrCat(line, " ", gas, "\n"));
  }
  std::sort(lines.begin(), lines.end());
  return absl::StrJoin(lines, "");
}

}  // namespace dytallix::internal
