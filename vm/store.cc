#include "vm/store.h"

#include <sys/mman.h>

#include <algorithm>

#include "base/check.h"
#include "vm/code.h"
#include "vm/memory_pool.h"

namespace dytallix::internal {

MemoryInstance* HostCall::memory() {
  if (caller_ == nullptr || caller_->memories.empty()) return nullptr;
  return caller_->memories[0];
}

bool HostCall::ConsumeGas(uint64_t amount) {
  if (amount > static_cast<uint64_t>(*gas_)) return false;
  *gas_ -= static_cast<int64_t>(amount);
  return true;
}

int32_t TableInstance::Grow(uint32_t delta, uint64_t init) {
  const uint32_t old_size = size();
  if (static_cast<uint64_t>(old_size) + delta > max_size) return -1;
  elements.resize(old_size + delta, init);
  type.limits.min = size();
  return static_cast<int32_t>(old_size);
}

MemoryInstance::MemoryInstance(const MemoryType& type, uint32_t max_pages)
    : type_(type), max_pages_(max_pages) {
  if (type.limits.min > max_pages) return;
  reserved_ = std::max<uint64_t>(max_pages, 1) * kPageSize;
  const uint64_t size = uint64_t{type.limits.min} * kPageSize;
  base_ = AcquireMemoryReservation(reserved_, size);
  if (base_ != nullptr) size_ = size;
}

MemoryInstance::~MemoryInstance() {
  if (base_ != nullptr) ReleaseMemoryReservation(base_, reserved_, size_);
}

int32_t MemoryInstance::Grow(uint32_t delta) {
  const uint32_t old_pages = pages();
  const uint64_t new_pages = static_cast<uint64_t>(old_pages) + delta;
  if (new_pages > max_pages_) return -1;
  const uint64_t new_size = new_pages * kPageSize;
  if (new_size > size_ &&
      mprotect(base_ + size_, new_size - size_, PROT_READ | PROT_WRITE) != 0) {
    return -1;
  }
  size_ = new_size;
  type_.limits.min = static_cast<uint32_t>(new_pages);
  return static_cast<int32_t>(old_pages);
}

Extern Instance::ExternOf(const Export& e) const {
  switch (e.kind) {
    case ExternKind::kFunction:
      return Extern::Of(functions[e.index]);
    case ExternKind::kTable:
      return Extern::Of(tables[e.index]);
    case ExternKind::kMemory:
      return Extern::Of(memories[e.index]);
    case ExternKind::kGlobal:
      return Extern::Of(globals[e.index]);
  }
  return Extern{};
}

std::optional<Extern> Instance::FindExport(std::string_view name) const {
  for (const Export& e : compiled->module.exports) {
    if (e.name == name) return ExternOf(e);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, Extern>> Instance::Exports() const {
  std::vector<std::pair<std::string, Extern>> out;
  for (const Export& e : compiled->module.exports) {
    out.emplace_back(e.name, ExternOf(e));
  }
  return out;
}

Store::Store(const Profile& profile)
    : profile_(profile), stack_(AcquireExecutionStack(profile)) {}

Store::~Store() { ReleaseExecutionStack(std::move(stack_), profile_); }

uint32_t Store::TypeId(const FuncType& type) {
  const uint32_t next_id = static_cast<uint32_t>(type_ids_.size());
  return type_ids_.try_emplace(&type, next_id).first->second;
}

FunctionInstance* Store::NewFunction(FunctionInstance f) {
  DYT_DCHECK(f.type != nullptr);
  DYT_DCHECK(type_ids_.contains(f.type) && type_ids_.at(f.type) == f.type_id);
  return &functions_.emplace_back(std::move(f));
}

FunctionInstance* Store::NewHostFunction(const FuncType& type,
                                         HostFunction host) {
  return NewHostFunctionOfLastingType(host_types_.emplace_back(type),
                                      std::move(host));
}

FunctionInstance* Store::NewHostFunctionOfLastingType(const FuncType& type,
                                                      HostFunction host) {
  return NewFunction(
      {.type = &type, .type_id = TypeId(type), .host = std::move(host)});
}

GlobalInstance* Store::NewGlobal(const GlobalType& type, Value value) {
  DYT_DCHECK(value.type() == type.type);
  return &globals_.emplace_back(GlobalInstance{type, value.slot()});
}

TableInstance* Store::NewTable(const TableType& type) {
  TableInstance& t = tables_.emplace_back();
  t.type = type;
  t.max_size = std::min(type.limits.max.value_or(UINT32_MAX),
                        profile_.max_table_elements);
  t.elements.assign(type.limits.min, 0);
  return &t;
}

MemoryInstance* Store::NewMemory(const MemoryType& type) {
  const uint32_t max_pages =
      std::min(type.limits.max.value_or(UINT32_MAX), profile_.max_memory_pages);
  MemoryInstance& m = memories_.emplace_back(type, max_pages);
  return m.ok() ? &m : nullptr;
}

Instance* Store::NewInstance() {
  return instances_.emplace_back(std::make_unique<Instance>()).get();
}

}  // namespace dytallix::internal
