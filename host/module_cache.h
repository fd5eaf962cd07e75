// ModuleCache: compiled contract code, by code hash, for one Profile.
//
// Compiling is decode + validate (under the profile) + the contract checks of
// abi.h + the VM's compile. Entries are keyed by vm/code_key.h's CodeKey
// (code, gas schedule and profile hashes): a cache belongs to one Runtime,
// whose profile and schedule are fixed, but the key says what the compiled
// code depends on, so entries can never be mixed up.
//
// Thread-safe: the map is guarded by a mutex; CompiledModules are immutable.
#ifndef DYTALLIX_HOST_MODULE_CACHE_H_
#define DYTALLIX_HOST_MODULE_CACHE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "base/profile.h"
#include "state/call_state.h"
#include "state/types.h"
#include "vm/code_key.h"
#include "vm/engine.h"

namespace dytallix::internal {

class ModuleCache {
 public:
  explicit ModuleCache(const Profile& profile,
                       const GasSchedule& schedule = GasSchedule::Default())
      : profile_(profile),
        gas_{.schedule = schedule},
        schedule_hash_(schedule.Hash()),
        profile_hash_(ProfileHash(profile)) {}
  ModuleCache(const ModuleCache&) = delete;
  ModuleCache& operator=(const ModuleCache&) = delete;

  const Profile& profile() const { return profile_; }
  const GasSchedule& schedule() const { return gas_.schedule; }

  // Compiles `wasm` (whose SHA-256 is `hash`) or returns the cached result.
  // Errors: the VM's Load errors, or CheckContractModule's (kInvalidArgument).
  absl::StatusOr<std::shared_ptr<const CompiledModule>> Compile(
      std::string_view wasm, const Hash256& hash);

  // The code of a contract, found but maybe not compiled yet.
  struct ContractCode {
    Hash256 hash{};
    uint64_t size = 0;                                 // bytes of the module
    std::shared_ptr<const CompiledModule> compiled{};  // if cached
    std::string bytes{};                               // if not
  };

  // The code of the contract at `address` as `state` sees it, from the
  // cache or read from the state (so its size is known before any work is
  // done on it). kNotFound if there is no contract there; kDataLoss if its
  // code is missing.
  absl::StatusOr<ContractCode> FindContract(CallState& state,
                                            const Address& address);

  // `code` compiled: the cached module, or Compile(code.bytes).
  absl::StatusOr<std::shared_ptr<const CompiledModule>> Compiled(
      ContractCode code);

 private:
  CodeKey KeyOf(const Hash256& code_hash) const {
    return CodeKey{code_hash, schedule_hash_, profile_hash_};
  }
  // The cached module for `key`, or null.
  std::shared_ptr<const CompiledModule> Find(const CodeKey& key);

  const Profile profile_;
  const GasOptions gas_;
  const GasHash schedule_hash_;
  const GasHash profile_hash_;
  std::mutex mu_;
  std::map<CodeKey, std::shared_ptr<const CompiledModule>> modules_;  // mu_
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_MODULE_CACHE_H_
