// DiscardingKvStore: reads another KvStore and drops every write. Lets a
// StateStore run a request to the end, commit included, without leaving a
// trace: what gas estimation needs.
//
// Thread-safe as the base store is. The base must outlive this object.
#ifndef DYTALLIX_STATE_DISCARDING_KV_STORE_H_
#define DYTALLIX_STATE_DISCARDING_KV_STORE_H_

#include "state/kv_store.h"

namespace dytallix::internal {

class DiscardingKvStore final : public KvStoreWrapper {
 public:
  explicit DiscardingKvStore(KvStore& base) : KvStoreWrapper(base) {}

  absl::Status WriteBatches(std::span<const WriteBatch* const>,
                            const WriteOptions&) override {
    return absl::OkStatus();
  }
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_DISCARDING_KV_STORE_H_
