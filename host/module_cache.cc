#include "host/module_cache.h"

#include <cstdint>
#include <span>
#include <string>

#include "base/status_macros.h"
#include "host/abi.h"

namespace dytallix::internal {

absl::StatusOr<std::shared_ptr<const CompiledModule>> ModuleCache::Compile(
    std::string_view wasm, const Hash256& hash) {
  const CodeKey key = KeyOf(hash);
  if (std::shared_ptr<const CompiledModule> module = Find(key)) return module;
  // Compile outside the lock: two threads may race to compile the same code,
  // and both results are equal.
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(wasm.data()),
                                 wasm.size());
  DYT_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledModule> module,
                       Load(bytes, profile_, gas_));
  DYT_RETURN_IF_ERROR(CheckContractModule(ModuleOf(*module)));
  std::lock_guard<std::mutex> lock(mu_);
  return modules_.try_emplace(key, std::move(module)).first->second;
}

std::shared_ptr<const CompiledModule> ModuleCache::Find(const CodeKey& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = modules_.find(key);
  return it == modules_.end() ? nullptr : it->second;
}

absl::StatusOr<std::shared_ptr<const CompiledModule>> ModuleCache::ForContract(
    CallState& state, const Address& address) {
  DYT_ASSIGN_OR_RETURN(std::optional<ContractRecord> record,
                       state.GetContract(address));
  if (!record.has_value()) {
    return absl::NotFoundError("no contract at this address");
  }
  if (std::shared_ptr<const CompiledModule> module =
          Find(KeyOf(record->code_hash))) {
    return module;
  }
  DYT_ASSIGN_OR_RETURN(std::optional<std::string> code,
                       state.GetCode(record->code_hash));
  if (!code.has_value()) {
    return absl::DataLossError("contract record names code that is missing");
  }
  return Compile(*code, record->code_hash);
}

}  // namespace dytallix::internal
