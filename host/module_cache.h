// ModuleCache: compiled contract code, by code hash, for one Profile.
//
// Compiling is decode + validate (under the profile) + the contract checks of
// abi.h + the VM's compile. Entries are keyed by vm/compiled_code_key.h's
// CompiledCodeKey (code, gas schedule and profile hashes): a cache belongs to
// one ContractHost, whose profile and schedule are fixed, but the key says what
// the compiled code depends on, so entries can never be mixed up.
//
// Bounded: unpinned entries live in an LRU list under a byte budget (by
// vm/engine.h's CompiledBytes); inserting past the budget evicts the least
// recently used. Pinned entries are never evicted and do not count against
// the budget. Whether an entry is cached never changes gas or results: every
// call pays the same loading charge (runtime.h).
//
// Thread-safe: the entries are guarded by a mutex; CompiledModules are
// immutable.
#ifndef DYTALLIX_HOST_MODULE_CACHE_H_
#define DYTALLIX_HOST_MODULE_CACHE_H_

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "base/mutex.h"
#include "base/profile.h"
#include "base/types.h"
#include "state/call_state.h"
#include "vm/compiled_code_key.h"
#include "vm/engine.h"

namespace dytallix::internal {

inline constexpr uint64_t kDefaultCacheBytes = uint64_t{256} << 20;

struct CacheMetrics {
  uint64_t hits_pinned = 0;  // lookups answered by a pinned entry
  uint64_t hits_memory = 0;  // by an unpinned (LRU) entry
  uint64_t misses = 0;       // lookups that had to compile
  uint64_t evictions = 0;
  uint64_t entries_pinned = 0;
  uint64_t entries_memory = 0;
  uint64_t bytes_pinned = 0;
  uint64_t bytes_memory = 0;  // at most byte_budget after every insert
  uint64_t byte_budget = 0;
  // Each pinned code's hash and the hits it answered, by hash.
  std::vector<std::pair<Hash256, uint64_t>> pinned_hits;
};

class ModuleCache {
 public:
  explicit ModuleCache(const Profile& profile,
                       const GasSchedule& schedule = GasSchedule::Default(),
                       uint64_t byte_budget = kDefaultCacheBytes)
      : profile_(profile),
        gas_{.schedule = schedule},
        schedule_hash_(schedule.Hash()),
        profile_hash_(ProfileHash(profile)),
        byte_budget_(byte_budget) {}
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

  // Pins the code of the contract at `address` (compiling it if it is not
  // cached): it stays cached until Unpin. Pinning is per code, so contracts
  // that share code share the pin. Errors: FindContract's and Compile's.
  absl::Status Pin(CallState& state, const Address& address);
  // Unpins that code: it becomes the most recently used unpinned entry (and
  // may be evicted at once if the budget is full). Unpinning code that is
  // not pinned does nothing. Errors: FindContract's.
  absl::Status Unpin(CallState& state, const Address& address);

  CacheMetrics Metrics() const;

 private:
  struct Entry {
    std::shared_ptr<const CompiledModule> module;
    uint64_t bytes = 0;
    uint64_t hits = 0;
    bool pinned = false;
    std::list<CompiledCodeKey>::iterator lru;  // valid while !pinned
  };

  CompiledCodeKey KeyOf(const Hash256& code_hash) const {
    return CompiledCodeKey{code_hash, schedule_hash_, profile_hash_};
  }
  // Load + CheckContractModule, not cached.
  absl::StatusOr<std::shared_ptr<const CompiledModule>> LoadContract(
      std::string_view wasm) const;
  // The cached module for `key` (counting a hit or a miss), or null.
  std::shared_ptr<const CompiledModule> Find(const CompiledCodeKey& key);
  // Caches `module` under `key` (unless another thread did first: then that
  // one is returned) as the most recently used entry, then evicts down to
  // the budget.
  std::shared_ptr<const CompiledModule> Insert(
      const CompiledCodeKey& key, std::shared_ptr<const CompiledModule> module);
  void EvictToBudget() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Profile profile_;
  const GasOptions gas_;
  const Hash256 schedule_hash_;
  const Hash256 profile_hash_;
  const uint64_t byte_budget_;
  mutable Mutex mu_;
  std::map<CompiledCodeKey, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::list<CompiledCodeKey> lru_
      ABSL_GUARDED_BY(mu_);                    // unpinned, newest first
  CacheMetrics metrics_ ABSL_GUARDED_BY(mu_);  // counters and sizes
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_MODULE_CACHE_H_
