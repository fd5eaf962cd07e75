#include "host/module_cache.h"

#include <cstdint>
#include <span>
#include <string>
#include <utility>

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
    return absl::DataLossError("contract record names code that is missing");
  }
  code.size = bytes->size();
  code.bytes = *std::move(bytes);
  return code;
}

absl::StatusOr<std::shared_ptr<const CompiledModule>> ModuleCache::Compiled(
    ContractCode code) {
  if (code.compiled) return std::move(code.compiled);
  return Compile(code.bytes, code.hash);
}

}  // namespace dytallix::internal
