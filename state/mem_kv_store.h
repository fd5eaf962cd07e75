// MemKvStore: a KvStore held in memory, for tests and for embedding without
// persistence. Nothing survives the object.
//
// Thread-safe (a reader-writer lock). A snapshot copies the whole map, so it
// costs O(size of the store): meant for tests and small stores.
#ifndef DYTALLIX_STATE_MEM_KV_STORE_H_
#define DYTALLIX_STATE_MEM_KV_STORE_H_

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>

#include "state/kv_store.h"

namespace dytallix::internal {

class MemKvStore final : public KvStore {
 public:
  using Map = std::map<std::string, std::string, std::less<>>;

  MemKvStore() = default;
  MemKvStore(const MemKvStore&) = delete;
  MemKvStore& operator=(const MemKvStore&) = delete;

  absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const override;
  absl::Status Scan(std::string_view begin, std::string_view end,
                    ScanVisitor visit) const override;
  absl::Status Write(const WriteBatch& batch,
                     const WriteOptions& options) override;
  absl::StatusOr<std::unique_ptr<KvReader>> NewSnapshot() const override;

 private:
  // A std mutex, not absl::Mutex: the TSan build checks this class, and
  // Debian's absl is not TSan-instrumented (its locking looks like races).
  mutable std::shared_mutex mu_;
  Map map_;  // guarded by mu_
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_MEM_KV_STORE_H_
