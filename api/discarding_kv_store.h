// DiscardingKvStore: reads another KvStore and drops every write. Lets a
// StateStore run a request to the end, commit included, without leaving a
// trace: what gas estimation needs.
//
// Thread-safe as the base store is. The base must outlive this object.
#ifndef DYTALLIX_API_DISCARDING_KV_STORE_H_
#define DYTALLIX_API_DISCARDING_KV_STORE_H_

#include "state/kv_store.h"

namespace dytallix::internal {

class DiscardingKvStore final : public KvStore {
 public:
  explicit DiscardingKvStore(const KvStore& base) : base_(base) {}

  absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const override {
    return base_.Get(key);
  }
  absl::Status Scan(std::string_view begin, std::string_view end,
                    ScanVisitor visit) const override {
    return base_.Scan(begin, end, visit);
  }
  absl::Status Write(const WriteBatch&, const WriteOptions&) override {
    return absl::OkStatus();
  }
  absl::StatusOr<std::unique_ptr<KvReader>> NewSnapshot() const override {
    return base_.NewSnapshot();
  }

 private:
  const KvStore& base_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_API_DISCARDING_KV_STORE_H_
