#include "host/module_cache.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "dytallix/hex.h"
#include "host/abi.h"

namespace dytallix::internal {
absl::StatusOr<std::shared_ptr<const CompiledModule>> ModuleCache::Compile(
    std::string_view wasm, const Hash256& hash) {
  const CompiledCodeKey key = KeyOf(hash);
  if (std::shared_ptr<const CompiledModule> module = Find(key)) return module;
  DYT_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledModule> module,
                       LoadContract(wasm));
  return Insert(key, std::move(module));
}

absl::StatusOr<std::shared_ptr<const CompiledModule>> ModuleCache::LoadContract(
    std::string_view wasm) const {
  // Compiled outside the lock: two threads may race to compile the same
  // code, and both results are equal.
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(wasm.data()),
                                 wasm.size());
  DYT_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledModule> module,
                       Load(bytes, profile_, gas_));
  DYT_RETURN_IF_ERROR(CheckContractModule(ModuleOf(*module)));
  return module;
}

std::shared_ptr<const CompiledModule> ModuleCache::Find(
    const CompiledCodeKey& key) {
  MutexLock lock(&mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    ++metrics_.misses;
    return nullptr;
  }
  Entry& entry = it->second;
  ++entry.hits;
  if (entry.pinned) {
    ++metrics_.hits_pinned;
  } else {
    ++metrics_.hits_memory;
    lru_.splice(lru_.begin(), lru_, entry.lru);
  }
  return entry.module;
}

std::shared_ptr<const CompiledModule> ModuleCache::Insert(
    const CompiledCodeKey& key, std::shared_ptr<const CompiledModule> module) {
  MutexLock lock(&mu_);
  auto [it, inserted] = entries_.try_emplace(key);
  if (!inserted) return it->second.module;
  Entry& entry = it->second;
  entry.bytes = CompiledBytes(*module);
  entry.module = module;
  entry.lru = lru_.insert(lru_.begin(), key);
  ++metrics_.entries_memory;
  metrics_.bytes_memory += entry.bytes;
  EvictToBudget();
  return module;
}

void ModuleCache::EvictToBudget() {
  while (metrics_.bytes_memory > byte_budget_) {
    auto it = entries_.find(lru_.back());
    lru_.pop_back();
    --metrics_.entries_memory;
    metrics_.bytes_memory -= it->second.bytes;
    ++metrics_.evictions;
    entries_.erase(it);
  }
}

absl::Status ModuleCache::Pin(CallState& state, const Address& address) {
  DYT_ASSIGN_OR_RETURN(ContractCode code, FindContract(state, address));
  std::shared_ptr<const CompiledModule> module = std::move(code.compiled);
  if (module == nullptr) {
    DYT_ASSIGN_OR_RETURN(module, LoadContract(code.bytes));
  }
  MutexLock lock(&mu_);
  auto [it, inserted] = entries_.try_emplace(KeyOf(code.hash));
  Entry& entry = it->second;
  if (inserted) {  // not cached, or evicted since FindContract
    entry.module = std::move(module);
    entry.bytes = CompiledBytes(*entry.module);
  } else if (!entry.pinned) {
    lru_.erase(entry.lru);
    --metrics_.entries_memory;
    metrics_.bytes_memory -= entry.bytes;
  } else {
    return absl::OkStatus();
  }
  entry.pinned = true;
  ++metrics_.entries_pinned;
  metrics_.bytes_pinned += entry.bytes;
  return absl::OkStatus();
}

absl::Status ModuleCache::Unpin(CallState& state, const Address& address) {
  DYT_ASSIGN_OR_RETURN(std::optional<ContractRecord> record,
                       state.GetContract(address));
  if (!record.has_value()) {
    return absl::NotFoundError("no contract at this address");
  }
  MutexLock lock(&mu_);
  auto it = entries_.find(KeyOf(record->code_hash));
  if (it == entries_.end() || !it->second.pinned) return absl::OkStatus();
  Entry& entry = it->second;
  entry.pinned = false;
  --metrics_.entries_pinned;
  metrics_.bytes_pinned -= entry.bytes;
  entry.lru = lru_.insert(lru_.begin(), it->first);
  ++metrics_.entries_memory;
  metrics_.bytes_memory += entry.bytes;
  EvictToBudget();
  return absl::OkStatus();
}

CacheMetrics ModuleCache::Metrics() const {
  MutexLock lock(&mu_);
  CacheMetrics metrics = metrics_;
  metrics.byte_budget = byte_budget_;
  for (const auto& [key, entry] : entries_) {
    if (entry.pinned) metrics.pinned_hits.emplace_back(key.code, entry.hits);
  }
  return metrics;
}

absl::StatusOr<ModuleCache::ContractCode> ModuleCache::FindContract(
    CallState& state, const Address& address) {
  DYT_ASSIGN_OR_RETURN(std::optional<ContractRecord> record,
                       state.GetContract(address));
  if (!record.has_value()) {
    return absl::NotFoundError("no contract at this address");
  }
  ContractCode code{.hash = record->code_hash};
  if ((code.compiled = Find(KeyOf(code.hash)))) {
    code.size = ModuleOf(*code.compiled).size_bytes;
    return code;
  }
  DYT_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                       state.GetCode(code.hash));
  if (!bytes.has_value()) {
    return absl::DataLossError(
        absl::StrCat("the record of contract ", ToHex(address), " names code ",
                     ToHex(code.hash), ", which is missing"));
  }
  code.size = bytes->size();
  code.bytes = *std::move(bytes);
  return code;
}

absl::StatusOr<std::shared_ptr<const CompiledModule>> ModuleCache::Compiled(
    ContractCode code) {
  if (code.compiled) return std::move(code.compiled);
  absl::StatusOr<std::shared_ptr<const CompiledModule>> module =
      LoadContract(code.bytes);
  if (!module.ok()) {
    return WithContext(module.status(),
                       absl::StrCat("code ", ToHex(code.hash)));
  }
  return Insert(KeyOf(code.hash), *std::move(module));
}

}  // namespace dytallix::internal
