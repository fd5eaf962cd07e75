// MemKvStore: a KvStore held in memory, for tests and for embedding without
// persistence. Nothing survives the object.
//
// Thread-safe (a reader-writer lock). A snapshot copies the whole map, so it
// costs O(size of the store): meant for tests and small stores.
#ifndef DYTALLIX_STATE_MEM_KV_STORE_H_
#define DYTALLIX_STATE_MEM_KV_STORE_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/btree_map.h"
#include "base/mutex.h"
#include "state/kv_store.h"

namespace dytallix::internal {

class MemKvStore final : public KvStore {
 public:
  using Map = absl::btree_map<std::string, std::string, std::less<>>;

  MemKvStore() = default;
  MemKvStore(const MemKvStore&) = delete;
  MemKvStore& operator=(const MemKvStore&) = delete;

  absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const override;
  absl::Status Scan(std::string_view begin, std::string_view end,
                    ScanVisitor visit) const override;
  absl::Status WriteBatches(std::span<const WriteBatch* const> batches,
                            const WriteOptions& options) override;
  absl::StatusOr<std::unique_ptr<KvReader>> NewSnapshot() const override;

 private:
  mutable SharedMutex mu_;
  Map map_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_MEM_KV_STORE_H_
